"""A bounded load ladder: the map-update callback and ``GET /`` at 8, 32 and 128 connections.

Each step runs ``seconds`` (capped at 120) or ``max_requests``, whichever comes first, with one
``http.client`` connection per thread (``dashboard.bench.load.run_step``). An error is
a failed connection, a timeout (30 s), a status other than 200 or, for the callback, a reply
without the figure. The client shares the machine's cores with the server: throughput is a floor.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Sequence
from typing import Any

from dashboard.bench.dashcall import Client
from dashboard.bench.load import UPDATE_PATH, Request, run_step

LADDER_CONNECTIONS: tuple[int, ...] = (8, 32, 128)
MAX_STEP_SECONDS = 120.0
INDEX_PATH = ""  # the app's root, relative to the client's prefix


def _always(_: bytes) -> bool:
    return True


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
    targets: dict[str, tuple[list[Request], Callable[[bytes], bool]]] = {
        "map_update": ([("POST", UPDATE_PATH, body) for body in encoded], map_check),
        "index": ([("GET", INDEX_PATH, None)], _always),
    }
    return {
        name: [run_step(base_url, reqs, check, seconds, n, max_requests) for n in connections]
        for name, (reqs, check) in targets.items()
    }
