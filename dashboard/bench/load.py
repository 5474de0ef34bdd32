"""A bounded load test of the map callback against 127.0.0.1 (Python client, no wrk).

``connections`` threads each hold one HTTP/1.1 connection (``http.client``; gunicorn's sync
workers close it after each response and the client reconnects) and POST prepared callback
bodies round-robin from a shuffled list, until ``seconds`` have passed or ``max_requests`` were
sent, whichever comes first. An error is a failed connection, a status other than 200, or a
reply without the expected output (a callback that failed and was turned into a friendly
message by the app's ``on_error`` handler counts as an error too).

The client runs on the same 2-core machine as the server, so the throughput is a floor.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from dashboard.bench.dashcall import Client

MAX_SECONDS = 600.0
UPDATE_PATH = "_dash-update-component"


@dataclass
class Tally:
    """Latencies (ms) of successful requests and error descriptions, shared by the threads."""

    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    sent: int = 0

    def claim(self, limit: int) -> bool:
        """Reserve one request under the global ``limit``; False when it is reached."""
        with self.lock:
            if self.sent >= limit:
                return False
            self.sent += 1
            return True


#: One request of a step: ``(method, path relative to the client's prefix, body or None)``.
Request = tuple[str, str, bytes | None]


def _worker(
    client: Client,
    requests: Sequence[Request],
    check: Callable[[bytes], bool],
    deadline: float,
    limit: int,
    tally: Tally,
    offset: int,
) -> None:
    """Send ``requests`` round-robin from ``offset`` until the deadline or the request limit."""
    k = offset
    try:
        while time.perf_counter() < deadline and tally.claim(limit):
            method, path, payload = requests[k % len(requests)]
            k += 1
            try:
                reply = client.request(method, path, payload, compressed=True)
            except Exception as exc:  # any failure is an error to report, not a crash
                with tally.lock:
                    tally.errors.append(f"{type(exc).__name__}: {exc}")
                continue
            ok = reply.status == 200 and check(reply.body)
            with tally.lock:
                if ok:
                    tally.latencies.append(reply.ms)
                else:
                    tally.errors.append(f"HTTP {reply.status}: {reply.body[:200]!r}")
    finally:
        client.close()


def run_step(
    base_url: str,
    requests: Sequence[Request],
    check: Callable[[bytes], bool],
    seconds: float,
    connections: int,
    max_requests: int,
    timeout_s: float = 30.0,
    examples: int = 3,
) -> dict[str, Any]:
    """``connections`` threads, one connection each, sending ``requests`` round-robin until
    ``seconds`` have passed or ``max_requests`` were sent; a failed connection, a timeout
    (``timeout_s``), a status other than 200 or a reply ``check`` refuses is an error.
    Returns requests, errors (up to ``examples`` distinct ones), throughput and percentiles."""
    tally = Tally()
    start = time.perf_counter()
    deadline = start + seconds
    threads = [
        threading.Thread(
            target=_worker,
            args=(
                Client(base_url, timeout_s=timeout_s),
                requests,
                check,
                deadline,
                max_requests,
                tally,
                i * 7,
            ),
            daemon=True,
        )
        for i in range(connections)
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
        "error_examples": sorted(set(tally.errors))[:examples],
        "throughput_rps": round(len(tally.latencies) / elapsed, 1) if elapsed else 0.0,
        **percentiles(tally.latencies),
    }


def map_change_bodies(base_url: str, scenarios: Sequence[Any], per_scenario: int = 24) -> list:
    """Callback bodies for indicator/year changes in each scenario's view, each with the ``view``
    store a browser would hold after drawing that layout (so the app answers with a Patch)."""
    from dashboard.bench.payload import MapCaller
    from dashboard.map import data
    from dashboard.map.state import MapState

    client = Client(base_url)
    bodies = []
    try:
        for scenario in scenarios:
            caller = MapCaller(client, scenario)
            cov = data.coverage()
            countries = MapState(country=scenario.country).countries()
            rows = cov[cov["country"].isin(countries) & cov["level"].eq(scenario.level)]
            pairs = zip(rows["indicator"], rows["year"], strict=True)
            combos = sorted({(str(i), int(y)) for i, y in pairs})
            step = max(1, len(combos) // per_scenario)  # spread over indicators and years
            for indicator, year in combos[::step][:per_scenario]:
                caller.first_draw(indicator, year)
                bodies.append(caller.body(indicator, caller.view, year))
    finally:
        client.close()
    return bodies


def has_map_data(body: bytes) -> bool:
    """Whether a map callback reply carries the map's data (a failed callback does not)."""
    return b"figure-data" in body


def percentiles(latencies: Sequence[float]) -> dict[str, float | None]:
    """p50/p95/p99 and max in milliseconds (None without data)."""
    if not latencies:
        return {"p50_ms": None, "p95_ms": None, "p99_ms": None, "max_ms": None}
    values = np.asarray(latencies, dtype=float)
    p50, p95, p99 = np.percentile(values, [50, 95, 99])
    return {
        "p50_ms": round(float(p50), 1),
        "p95_ms": round(float(p95), 1),
        "p99_ms": round(float(p99), 1),
        "max_ms": round(float(values.max()), 1),
    }


def run_load(
    base_url: str,
    bodies: Sequence[dict],
    check: Callable[[bytes], bool],
    seconds: float,
    connections: int = 8,
    max_requests: int = 100_000,
    seed: int = 5,
) -> dict[str, Any]:
    """Run the load and summarise it: requests, errors, throughput (req/s), latency percentiles.

    ``bodies`` are callback request bodies (sent in a seeded shuffled order); ``check`` says
    whether a decoded reply body is a success. ``seconds`` is capped at 600.
    """
    if not bodies:
        raise ValueError("no request bodies to send")
    seconds = min(max(float(seconds), 0.0), MAX_SECONDS)
    encoded = [json.dumps(b).encode("utf-8") for b in bodies]
    random.Random(seed).shuffle(encoded)
    Client(base_url).close()  # refuses anything but 127.0.0.1 before starting threads
    requests = [("POST", UPDATE_PATH, body) for body in encoded]
    step = run_step(
        base_url, requests, check, seconds, connections, max_requests, timeout_s=120.0, examples=5
    )
    return {"client": "python http.client threads", **step, "distinct_bodies": len(encoded)}
