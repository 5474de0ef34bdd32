"""Start a WSGI app under gunicorn on a free 127.0.0.1 port for the benchmark, and stop it.

The command mirrors ``tests/conftest.py`` (``python -m gunicorn -w 2 --preload
--no-control-socket -b 127.0.0.1:<port>``), which is not importable from the package. Access
logging is off and gunicorn's own output goes to this process's stderr, so ``cam-atlas bench
--json`` keeps stdout for the one JSON object.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from geodata.errors import UserFacingError

REPO = Path(__file__).resolve().parents[2]
LOOPBACK = "127.0.0.1"


class BenchServerError(UserFacingError):
    """gunicorn did not start (the message says which app and why)."""


def free_port() -> int:
    """An unused TCP port on 127.0.0.1 (the OS picks it)."""
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def gunicorn_command(target: str, port: int, workers: int = 2) -> list[str]:
    """The gunicorn command serving WSGI ``target`` (``module:app`` or ``module:factory()``)."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "-w",
        str(workers),
        "--preload",
        "--no-control-socket",
        "--log-level",
        "warning",
        "--timeout",
        "120",
        "-b",
        f"{LOOPBACK}:{port}",
        target,
    ]


def _wait_until_up(url: str, proc: subprocess.Popen, target: str, timeout_s: float) -> None:
    """Poll ``url`` until it answers; raise BenchServerError if gunicorn dies or times out."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise BenchServerError(
                f"gunicorn serving {target} exited with status {proc.returncode}"
            )
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.2)
    raise BenchServerError(f"gunicorn serving {target} did not answer within {timeout_s:.0f} s")


def _stop(proc: subprocess.Popen) -> None:
    """SIGTERM to the gunicorn master (it stops its workers); kill after 15 s."""
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


@contextmanager
def gunicorn(
    target: str, workers: int = 2, timeout_s: float = 180.0, env: dict[str, str] | None = None
) -> Iterator[str]:
    """Serve ``target`` with ``workers`` processes (``env`` added to this process's
    environment); yields the base URL (no trailing slash)."""
    port = free_port()
    proc = subprocess.Popen(
        gunicorn_command(target, port, workers),
        cwd=REPO,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=sys.stderr,
    )
    url = f"http://{LOOPBACK}:{port}"
    try:
        _wait_until_up(url + "/", proc, target, timeout_s)
        yield url
    finally:
        _stop(proc)
