"""A bounded load ladder: the map-update callback and ``GET /`` at 8, 32 and 128 connections.

Each step runs ``seconds`` (capped at 120) or ``max_requests``, whichever comes first, with one
``http.client`` connection per thread (``dashboard.bench.load``'s client and tally). An error is
a failed connection, a timeout (30 s), a status other than 200 or, for the callback, a reply
without the figure. The client shares the machine's cores with the server: throughput is a floor.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

from dashboard.bench.dashcall import Client
from dashboard.bench.load import Tally, percentiles

LADDER_CONNECTIONS: tuple[int, ...] = (8, 32, 128)
MAX_STEP_SECONDS = 120.0
INDEX_PATH = ""  # the app's root, relative to the client's prefix
UPDATE_PATH = "_dash-update-component"


def _always(_: bytes) -> bool:
    return True


def _step(
    base_url: str,
    requests: Sequence[tuple[str, str, bytes | None]],
    check: Callable[[bytes], bool],
    seconds: float,
    connections: int,
    max_requests: int,
) -> dict[str, Any]:
    """One step: ``connections`` threads sending ``requests`` round-robin until the deadline."""
    tally = Tally()
    start = time.perf_counter()
    deadline = start + seconds

    def worker(offset: int) -> None:
        client = Client(base_url, timeout_s=30.0)
        k = offset
        try:
            while time.perf_counter() < deadline and tally.claim(max_requests):
                method, path, payload = requests[k % len(requests)]
                k += 1
                try:
                    reply = client.request(method, path, payload, compressed=True)
                except Exception as exc:  # any failure is an error to count, not a crash
                    with tally.lock:
                        tally.errors.append(f"{type(exc).__name__}: {exc}")
                    continue
                ok = reply.status == 200 and check(reply.body)
                with tally.lock:
                    if ok:
                        tally.latencies.append(reply.ms)
                    else:
                        tally.errors.append(f"HTTP {reply.status}: {reply.body[:120]!r}")
        finally:
            client.close()

    threads = [
        threading.Thread(target=worker, args=(i * 7,), daemon=True) for i in range(connections)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    return {
        "connections": connections,
        "seconds": round(elapsed, 2),
        "requests": len(tally.latencies) + len(tally.errors),
        "errors": len(tally.errors),
        "error_examples": sorted(set(tally.errors))[:3],
        "throughput_rps": round(len(tally.latencies) / elapsed, 1) if elapsed else 0.0,
        **percentiles(tally.latencies),
    }


def run_ladder(
    base_url: str,
    map_bodies: Sequence[dict],
    map_check: Callable[[bytes], bool],
    seconds: float,
    connections: Sequence[int] = LADDER_CONNECTIONS,
    max_requests: int = 50_000,
    seed: int = 5,
) -> dict[str, list[dict[str, Any]]]:
    """``{"map_update": [step, ...], "index": [step, ...]}``, one step per connection count."""
    seconds = min(max(float(seconds), 0.0), MAX_STEP_SECONDS)
    encoded = [json.dumps(b).encode("utf-8") for b in map_bodies]
    random.Random(seed).shuffle(encoded)
    Client(base_url).close()  # refuses anything but 127.0.0.1 before starting threads
    targets: dict[str, tuple[list[tuple[str, str, bytes | None]], Callable[[bytes], bool]]] = {
        "map_update": ([("POST", UPDATE_PATH, body) for body in encoded], map_check),
        "index": ([("GET", INDEX_PATH, None)], _always),
    }
    return {
        name: [_step(base_url, reqs, check, seconds, n, max_requests) for n in connections]
        for name, (reqs, check) in targets.items()
    }
