"""Helpers for the hostile-input tests: a gunicorn server with a captured log, worker memory, an
attack running in threads while a probe checks that the site keeps answering."""

from __future__ import annotations

import http.client
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PROBE_TIMEOUT_S = 1.0  # the functional bound: the site answers a probe within this while attacked


@dataclass
class Server:
    """A running gunicorn (the repository's ``gunicorn.conf.py``) and its log file."""

    url: str
    port: int
    proc: subprocess.Popen
    log: Path

    def worker_pids(self) -> list[int]:
        """PIDs of the master's worker processes."""
        children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text()
        return [int(p) for p in children.split()]

    def peak_rss_mb(self) -> float:
        """The largest peak resident memory (VmHWM) among the workers, in MB."""
        peaks = []
        for pid in self.worker_pids():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
        return max(peaks)

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@contextmanager
def gunicorn_server(env: dict[str, str], log: Path, workers: int = 2) -> Iterator[Server]:
    """The app under gunicorn on a free loopback port with the repository's settings
    (``dashboard.launch``), its output in ``log``."""
    from dashboard.launch import start, stop

    with log.open("wb") as sink:
        started = start(
            env=env,
            workers=workers,
            stdout=sink,
            stderr=sink,
            start_timeout_s=120,
            graceful_timeout=2,
        )
    try:
        yield Server(started.url, started.port, started.proc, log)
    finally:
        stop(started.proc)


def request(
    server: Server,
    method: str,
    path: str,
    body: bytes | None = None,
    timeout: float = 30.0,
    headers: dict[str, str] | None = None,
) -> int | str:
    """The status of one request, or the name of the connection error (a refused upload may
    be cut off by the server before the client has sent it all)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        response.read()
        return response.status
    except (ConnectionError, OSError) as err:
        return type(err).__name__
    finally:
        conn.close()


def probe(server: Server) -> float:
    """Seconds taken by ``GET /``; raises when it takes longer than PROBE_TIMEOUT_S."""
    start = time.monotonic()
    with urllib.request.urlopen(server.url + "/", timeout=PROBE_TIMEOUT_S) as response:
        response.read()
        assert response.status == 200
    return time.monotonic() - start


@dataclass
class Attack:
    """Results of an attack run in threads (``results``) and of the probes during it."""

    results: list[object] = field(default_factory=list)
    probes: list[float] = field(default_factory=list)


def under_attack(
    server: Server, attack: Callable[[], object], clients: int, probes: int = 3
) -> Attack:
    """Run ``attack`` in ``clients`` threads and probe the site while any of them runs (at least
    ``probes`` times; each probe must answer within PROBE_TIMEOUT_S). Bounded: at most 120 s."""
    outcome = Attack()
    lock = threading.Lock()

    def run() -> None:
        result = attack()
        with lock:
            outcome.results.append(result)

    threads = [threading.Thread(target=run, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 120
    while len(outcome.probes) < probes or any(t.is_alive() for t in threads):
        assert time.monotonic() < deadline, "the attack did not finish within 120 s"
        outcome.probes.append(probe(server))
    return outcome
