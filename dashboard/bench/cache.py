"""The map-update callback with a warm shared view cache against the uncached path, same run.

Two gunicorn instances of the app (``workers`` each) answer the same callback bodies (indicator
and year changes, each answered with a Patch): one with the view cache as configured
(``CAM_ATLAS_REDIS_URL`` set: Redis, else in-process), warmed by sending every body to every
worker first; one with ``CAM_ATLAS_VIEW_CACHE=off`` (every view computed). Each is loaded at 8
and 32 connections (``dashboard.bench.load.run_step``: requests/s and latency percentiles).
The client shares the machine with the servers, so throughputs are floors.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from dashboard.bench.dashcall import Client
from dashboard.bench.load import UPDATE_PATH, has_map_data, run_step
from dashboard.bench.server import gunicorn

CACHE_CONNECTIONS: tuple[int, ...] = (8, 32)
APP_TARGET = "dashboard.app:server"


def _warm(base_url: str, encoded: Sequence[bytes], workers: int) -> None:
    """Send every body ``2 * workers`` times (round robin reaches each worker's own cache)."""
    client = Client(base_url, timeout_s=60.0)
    try:
        for _ in range(2 * workers):
            for body in encoded:
                client.request("POST", UPDATE_PATH, body, compressed=True)
    finally:
        client.close()


def compare_cache(
    bodies: Sequence[dict],
    seconds: float,
    workers: int = 2,
    connections: Sequence[int] = CACHE_CONNECTIONS,
    max_requests: int = 50_000,
) -> dict[str, Any]:
    """``{"cache", "cached": [step...], "uncached": [step...], "speedup": {n: ratio}}``."""
    from dashboard.shared_cache import cache_config

    encoded = [json.dumps(b).encode("utf-8") for b in bodies]
    requests = [("POST", UPDATE_PATH, body) for body in encoded]
    result: dict[str, Any] = {"cache": cache_config()["CACHE_TYPE"], "workers": workers}
    with gunicorn(APP_TARGET, workers, env={"CAM_ATLAS_VIEW_CACHE": "off"}) as url:
        _warm(url, encoded[:4], 1)  # process start-up work only; views stay uncached
        result["uncached"] = [
            run_step(url, requests, has_map_data, seconds, n, max_requests) for n in connections
        ]
    with gunicorn(APP_TARGET, workers) as url:
        _warm(url, encoded, workers)
        result["cached"] = [
            run_step(url, requests, has_map_data, seconds, n, max_requests) for n in connections
        ]
    result["speedup"] = {
        str(c["connections"]): round(c["throughput_rps"] / u["throughput_rps"], 2)
        if u["throughput_rps"]
        else None
        for c, u in zip(result["cached"], result["uncached"], strict=True)
    }
    return result
