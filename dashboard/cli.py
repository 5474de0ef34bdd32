"""The ``cam-atlas`` command line: one entry point, subcommands contributed by each package.

Each package owns its commands in its own ``cli.py`` with a ``register(subparsers)`` function,
so ``geodata`` and ``indicators`` stay free of Dash imports.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def build_parser() -> argparse.ArgumentParser:
    from dashboard import serve_cli, users_cli
    from dashboard.bench import cli as bench_cli
    from geodata import cli as geodata_cli
    from indicators import cli as indicators_cli

    parser = argparse.ArgumentParser(
        prog="cam-atlas",
        description="CAM Atlas: children affected by migration in Kyrgyzstan and Kazakhstan.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in (serve_cli, geodata_cli, indicators_cli, bench_cli, users_cli):
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # last line of defence: a clear message, never a traceback
        from geodata.errors import UserFacingError

        if isinstance(exc, UserFacingError):
            print(f"cam-atlas: error: {exc}", file=sys.stderr)
            return 2
        raise


if __name__ == "__main__":
    sys.exit(main())
