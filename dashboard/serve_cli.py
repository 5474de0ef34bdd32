"""``cam-atlas serve``: run the dashboard under gunicorn (``dashboard.app:server``).

Defaults: ``--host 127.0.0.1`` (loopback only; use 0.0.0.0 deliberately to expose it),
``--port`` from ``CAM_ATLAS_PORT`` or 8050, ``--workers`` from ``CAM_ATLAS_WORKERS`` or 2.
The command comes from ``dashboard.launch`` (the one gunicorn launcher, shared with the bench
and the tests): settings from ``dashboard.gunicorn_conf`` (gthread workers, request limits;
docs/DEPLOY.md), ``--preload``, no control socket; the flags here override bind and workers.
"""

from __future__ import annotations

import argparse
import os
import sys

from dashboard import launch

LOOPBACK = ("127.0.0.1", "::1", "localhost")
DEFAULT_PORT = 8050
DEFAULT_WORKERS = 2


def _env_int(name: str, default: int) -> int:
    """An integer setting from the environment (``default`` when unset or not a number)."""
    try:
        return int(os.environ.get(name, ""))
    except ValueError:
        return default


def gunicorn_command(host: str, port: int, workers: int) -> list[str]:
    """The command ``cam-atlas serve`` runs: ``dashboard.launch.gunicorn_command`` with the
    access log on stdout."""
    return launch.gunicorn_command(host, port, workers, access_log=True)


def serve(args: argparse.Namespace) -> int:
    """Replace this process with gunicorn (its exit status becomes ours)."""
    if not 0 < args.port < 65536:
        print(
            f"cam-atlas serve: error: port {args.port} is not between 1 and 65535", file=sys.stderr
        )
        return 2
    if args.workers < 1:
        print("cam-atlas serve: error: --workers must be at least 1", file=sys.stderr)
        return 2
    command = gunicorn_command(args.host, args.port, args.workers)
    if args.dry_run:
        print(" ".join(command))
        return 0
    if args.host not in LOOPBACK:
        print(
            f"cam-atlas serve: note: listening on {args.host}, reachable from other machines "
            "(request limits apply; see docs/DEPLOY.md)",
            file=sys.stderr,
        )
    print(f"CAM Atlas: http://{args.host}:{args.port}/", file=sys.stderr, flush=True)
    os.execv(sys.executable, command)
    return 0  # not reached


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``serve`` to the ``cam-atlas`` parser."""
    p = sub.add_parser(
        "serve",
        help="serve the dashboard through gunicorn",
        description="Serve the dashboard through gunicorn (dashboard.app:server).",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument(
        "--port",
        type=int,
        default=_env_int("CAM_ATLAS_PORT", DEFAULT_PORT),
        help="port (default $CAM_ATLAS_PORT or 8050)",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=_env_int("CAM_ATLAS_WORKERS", DEFAULT_WORKERS),
        help="gunicorn worker processes (default $CAM_ATLAS_WORKERS or 2)",
    )
    p.add_argument("--dry-run", action="store_true", help="print the gunicorn command and exit")
    p.set_defaults(handler=serve)
