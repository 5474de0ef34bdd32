"""``cam-atlas serve``: run the dashboard under gunicorn (placeholder until the app lands)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="serve the dashboard through gunicorn")
    p.add_argument("--port", type=int, default=8050)
    p.add_argument("--workers", type=int, default=2)
    p.set_defaults(handler=lambda args: 0)
