"""Run the whole benchmark and return one result dict (the JSON of ``cam-atlas bench --json``).

Order: the gap-score Monte Carlo timing first (quiet machine), then the real app and the
baseline under gunicorn for the payload comparison, then Chromium against the (warm) app, then
the bounded load test. Progress goes to stderr. Anything that could not be measured is listed
in ``problems`` with its key left ``None``; nothing is ever estimated.
"""

from __future__ import annotations

import statistics
import sys
import time
from dataclasses import dataclass
from typing import Any

from dashboard.bench import payload
from dashboard.bench.report import load_average, machine_facts
from dashboard.bench.server import gunicorn

APP_TARGET = "dashboard.app:server"
BASELINE_TARGET = "dashboard.bench.baseline:create_server()"
HEADLINE_KEYS = (
    "map_update_bytes",
    "map_update_gzip_bytes",
    "map_update_server_ms",
    "baseline_update_bytes",
    "baseline_update_gzip_bytes",
    "baseline_update_server_ms",
    "bytes_ratio",
    "bytes_ratio_gzip",
    "server_time_ratio",
)
BROWSER_KEYS = ("first_load_bytes", "first_map_ms", "repeat_load_bytes", "repeat_map_ms")
BROWSER_PAGES = {"default": "/", "districts-both": "/?country=both&level=2"}


@dataclass(frozen=True)
class BenchOptions:
    """What to run. ``repeats``: indicator changes per scenario and side; ``browser_runs``:
    cold visits per page; ``mc_runs``: calls of ``benchmark_mc``; ``load_seconds`` 0 = no load."""

    repeats: int = 15
    browser_runs: int = 3
    mc_runs: int = 5
    load_seconds: float = 10.0
    connections: int = 8
    workers: int = 2
    skip_browser: bool = False
    ladder_seconds: float = 5.0
    cache_seconds: float = 5.0

    @classmethod
    def quick(cls, **changes: Any) -> BenchOptions:
        """Fewer repeats (a rough run in well under a minute plus the load time)."""
        return cls(**{"repeats": 5, "browser_runs": 1, "mc_runs": 1, **changes})


def say(message: str) -> None:
    """Progress on stderr (stdout is reserved for the result)."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def score_mc_ms(runs: int) -> float:
    """Median of ``runs`` calls of ``indicators.gapscore.benchmark_mc`` (ms; each call is the
    best of 5 repetitions of 1,000 Monte Carlo draws over 280 areas x 8 indicators)."""
    from indicators.gapscore import benchmark_mc

    return round(statistics.median(benchmark_mc() for _ in range(max(1, runs))), 2)


def _payload(app_url: str, options: BenchOptions, result: dict[str, Any]) -> list:
    """Measure every scenario against the baseline app; fills ``scenarios`` and the headline."""
    scenarios = payload.default_scenarios()
    if not scenarios:
        result["problems"].append("no view of the default dataset has two indicators in a year")
        return []
    with gunicorn(BASELINE_TARGET, options.workers) as baseline_url:
        for scenario in scenarios:
            say(f"indicator change, {scenario.label}: {options.repeats} x 2 requests per app")
            result["scenarios"].append(
                payload.measure_scenario(app_url, baseline_url, scenario, options.repeats)
            )
    head = result["scenarios"][0]
    result["headline_scenario"] = head["key"]
    result.update({key: head[key] for key in HEADLINE_KEYS})
    return scenarios


def _browser(app_url: str, options: BenchOptions, result: dict[str, Any]) -> None:
    """First load and first drawn map in headless Chromium."""
    from dashboard.bench.browser import measure_first_load

    say(f"Chromium: {options.browser_runs} cold visit(s) per page")
    try:
        found = measure_first_load(app_url, BROWSER_PAGES, options.browser_runs)
    except Exception as exc:  # no chromium, or the page never drew a map: report, go on
        result["problems"].append(f"browser: {type(exc).__name__}: {exc}")
        return
    result.update({key: found[key] for key in BROWSER_KEYS})
    result["browser"] = found
    for name, page in found["pages"].items():
        for url in page["external_requests"]:
            result["problems"].append(f"browser: {name} page requested {url} (not 127.0.0.1)")
        for error in page["console_errors"]:
            result["problems"].append(f"browser: {name} page console error: {error[:300]}")


def _load(app_url: str, scenarios: list, options: BenchOptions, result: dict[str, Any]) -> None:
    """The bounded load test of the map callback."""
    from dashboard.bench.load import has_map_data, map_change_bodies, run_load

    bodies = map_change_bodies(app_url, scenarios)
    say(f"load: {options.load_seconds:g} s, {options.connections} connections")
    found = run_load(app_url, bodies, has_map_data, options.load_seconds, options.connections)
    result["load"] = {**found, "workers": options.workers}
    if found["errors"]:
        result["problems"].append(f"load: {found['errors']} errors")
    if options.ladder_seconds > 0:
        _ladder(app_url, bodies, options, result)
    result["map_bodies"] = bodies  # for the cache comparison, run after this server stops


def _cache(bodies: list, options: BenchOptions, result: dict[str, Any]) -> None:
    """The map update with a warm shared view cache against the uncached path."""
    from dashboard.bench.cache import CACHE_CONNECTIONS, compare_cache

    say(f"view cache: warm vs off, {options.cache_seconds:g} s at {CACHE_CONNECTIONS} connections")
    found = compare_cache(bodies, options.cache_seconds, options.workers)
    result["view_cache"] = found
    for side in ("cached", "uncached"):
        for step in found[side]:
            if step["errors"]:
                result["problems"].append(
                    f"view cache ({side}) at {step['connections']} connections: "
                    f"{step['errors']} errors"
                )


def _ladder(app_url: str, bodies: list, options: BenchOptions, result: dict[str, Any]) -> None:
    """The load ladder: map update and ``GET /`` at 8, 32 and 128 connections."""
    from dashboard.bench.ladder import LADDER_CONNECTIONS, run_ladder
    from dashboard.bench.load import has_map_data

    say(f"load ladder: {options.ladder_seconds:g} s per step, connections {LADDER_CONNECTIONS}")
    ladder = run_ladder(app_url, bodies, has_map_data, options.ladder_seconds)
    result["load_ladder"] = {**ladder, "workers": options.workers}
    for target, steps in ladder.items():
        for step in steps:
            if step["errors"]:
                result["problems"].append(
                    f"load ladder: {target} at {step['connections']} connections: "
                    f"{step['errors']} errors"
                )


def empty_result(options: BenchOptions) -> dict[str, Any]:
    """Every headline key present (None until measured), with the options and machine facts."""
    return {
        **dict.fromkeys(HEADLINE_KEYS),
        **dict.fromkeys(BROWSER_KEYS),
        "score_mc_ms": None,
        "options": options.__dict__.copy(),
        "machine": machine_facts(),
        "method": {
            "transport": "gunicorn --preload on 127.0.0.1, both apps; HTTP/1.1 via http.client",
            "baseline": "dashboard.bench.baseline: px.choropleth with the full-resolution "
            "analysis layer as a GeoJSON dict, whole figure per callback",
            "server_ms": "wall clock per request on loopback, median; *_identity without gzip",
        },
        "scenarios": [],
        "load": None,
        "load_ladder": None,
        "view_cache": None,
        "problems": [],
    }


def run_bench(options: BenchOptions) -> dict[str, Any]:
    """Run everything ``options`` asks for; see the module docstring."""
    started = time.perf_counter()
    result = empty_result(options)
    say(f"gap score Monte Carlo: {options.mc_runs} run(s)")
    result["score_mc_ms"] = score_mc_ms(options.mc_runs)
    say("starting the app under gunicorn")
    with gunicorn(APP_TARGET, options.workers) as app_url:
        scenarios = _payload(app_url, options, result)
        if not options.skip_browser:
            _browser(app_url, options, result)
        if options.load_seconds > 0 and scenarios:
            _load(app_url, scenarios, options, result)
    bodies = result.pop("map_bodies", None)
    if options.cache_seconds > 0 and bodies:
        _cache(bodies, options, result)
    result["bench_seconds"] = round(time.perf_counter() - started, 1)
    result["machine"]["load_average_at_end"] = load_average()
    return result
