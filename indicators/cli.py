"""Command-line subcommands of this package (registered by ``dashboard.cli``)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    """Add this package's subcommands to the ``cam-atlas`` parser."""
