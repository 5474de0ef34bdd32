"""Command-line subcommands of this package (registered by ``dashboard.cli``)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    """Add this package's subcommands to the ``cam-atlas`` parser."""
    from indicators.gapscore import cli as gapscore_cli  # `cam-atlas score`

    gapscore_cli.register(sub)
