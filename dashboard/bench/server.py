"""Start a WSGI app under gunicorn on a free 127.0.0.1 port for the benchmark, and stop it.

The command is ``dashboard.launch``'s (the same as ``cam-atlas serve`` and the tests' servers),
with a 120 s worker timeout for the slow baseline and warnings only. Access logging is off and
gunicorn's own output goes to this process's stderr, so ``cam-atlas bench --json`` keeps stdout
for the one JSON object.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from dashboard.launch import LaunchError, serving

BenchServerError = LaunchError  # the name the bench used before the launcher was shared


@contextmanager
def gunicorn(
    target: str, workers: int = 2, timeout_s: float = 180.0, env: dict[str, str] | None = None
) -> Iterator[str]:
    """Serve ``target`` with ``workers`` processes (``env`` added to this process's
    environment); yields the base URL (no trailing slash)."""
    with serving(
        target,
        workers,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=sys.stderr,
        start_timeout_s=timeout_s,
        log_level="warning",
        timeout=120,
    ) as url:
        yield url
