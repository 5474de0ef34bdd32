"""The one way CAM Atlas starts gunicorn: ``cam-atlas serve``, ``cam-atlas bench`` and the tests.

Every command reads ``--config python:dashboard.gunicorn_conf`` (gthread workers, request
limits, timeouts; the same file ``gunicorn.conf.py`` at the repository root imports), and adds
``--preload`` (boundary layers built once before workers fork) and ``--no-control-socket``.
Callers choose only what differs between them: the address, the number of workers, the WSGI
target (the bench also serves a baseline app), logging and shutdown patience.

- :func:`gunicorn_command`: the command line (``cam-atlas serve`` execs it).
- :func:`start`: run it as a child on a free loopback port and wait until ``/`` answers;
  :func:`stop`: SIGTERM to the master (it stops its workers), kill after 15 s.
- :func:`serving`: both around a ``with`` block, yielding the base URL.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from geodata.errors import UserFacingError

WSGI_APP = "dashboard.app:server"
GUNICORN_CONFIG = "python:dashboard.gunicorn_conf"
LOOPBACK = "127.0.0.1"
REPO = Path(__file__).resolve().parents[1]


class LaunchError(UserFacingError):
    """gunicorn did not start (the message names the app and why)."""


def gunicorn_command(
    host: str,
    port: int,
    workers: int,
    target: str = WSGI_APP,
    *,
    access_log: bool = False,
    log_level: str | None = None,
    timeout: int | None = None,
    graceful_timeout: int | None = None,
) -> list[str]:
    """The gunicorn command serving WSGI ``target`` (``module:app`` or ``module:factory()``) on
    ``host:port`` with ``workers`` processes. ``access_log`` logs requests to stdout;
    ``log_level``, ``timeout`` (s before a silent worker is restarted) and ``graceful_timeout``
    (s a stopping worker may finish requests) override ``dashboard.gunicorn_conf``."""
    command = [sys.executable, "-m", "gunicorn", "--bind", f"{host}:{port}"]
    command += ["--workers", str(workers), "--config", GUNICORN_CONFIG]
    command += ["--preload", "--no-control-socket"]
    if access_log:
        command += ["--access-logfile", "-"]
    if log_level is not None:
        command += ["--log-level", log_level]
    if timeout is not None:
        command += ["--timeout", str(timeout)]
    if graceful_timeout is not None:
        command += ["--graceful-timeout", str(graceful_timeout)]
    return [*command, target]


def free_port() -> int:
    """An unused TCP port on 127.0.0.1 (the OS picks it)."""
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, proc: subprocess.Popen, target: str, timeout_s: float) -> None:
    """Poll ``url`` until it answers; LaunchError if gunicorn exits or stays silent."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise LaunchError(f"gunicorn serving {target} exited with status {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.2)
    raise LaunchError(f"gunicorn serving {target} did not answer within {timeout_s:.0f} s")


def stop(proc: subprocess.Popen) -> None:
    """SIGTERM to the gunicorn master (it stops its workers); kill after 15 s."""
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


@dataclass(frozen=True)
class Started:
    """A gunicorn started by :func:`start`: its master process, port and base URL."""

    proc: subprocess.Popen
    port: int
    url: str


def start(
    target: str = WSGI_APP,
    workers: int = 2,
    env: Mapping[str, str] | None = None,
    *,
    stdout: IO[bytes] | int | None = None,
    stderr: IO[bytes] | int | None = None,
    start_timeout_s: float = 180.0,
    log_level: str | None = None,
    timeout: int | None = None,
    graceful_timeout: int | None = None,
) -> Started:
    """Start ``target`` on a free 127.0.0.1 port from the repository root (``env``: the child's
    environment, default ours) and wait until ``/`` answers; the caller must :func:`stop` it
    (stopped here already when it does not come up)."""
    port = free_port()
    command = gunicorn_command(
        LOOPBACK,
        port,
        workers,
        target,
        log_level=log_level,
        timeout=timeout,
        graceful_timeout=graceful_timeout,
    )
    proc = subprocess.Popen(
        command, cwd=REPO, env=None if env is None else dict(env), stdout=stdout, stderr=stderr
    )
    url = f"http://{LOOPBACK}:{port}"
    try:
        wait_until_up(url + "/", proc, target, start_timeout_s)
    except BaseException:
        stop(proc)
        raise
    return Started(proc, port, url)


@contextmanager
def serving(
    target: str = WSGI_APP,
    workers: int = 2,
    env: Mapping[str, str] | None = None,
    **options: Any,
) -> Iterator[str]:
    """:func:`start` (same arguments), yield the base URL without a trailing slash, stop."""
    started = start(target, workers, env, **options)
    try:
        yield started.url
    finally:
        stop(started.proc)
