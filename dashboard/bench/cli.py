"""``cam-atlas bench``: measure payloads, server time, first load, Monte Carlo and load.

``--json`` prints exactly one JSON object on stdout (progress on stderr); otherwise a table.
Exit status 1 when something could not be measured or the load test saw errors (listed in
``problems``). Timings are measurements for docs/PERFORMANCE.md, never test assertions.
"""

from __future__ import annotations

import argparse
import json
import sys

from dashboard.bench.run import BenchOptions, run_bench


def _options(args: argparse.Namespace) -> BenchOptions:
    """BenchOptions from the command line (``--quick`` lowers the repeat counts)."""
    changes = {
        "load_seconds": args.load_seconds,
        "connections": args.connections,
        "workers": args.workers,
        "skip_browser": args.skip_browser,
        "ladder_seconds": args.ladder_seconds,
        "cache_seconds": args.cache_seconds,
    }
    if args.repeats is not None:
        changes["repeats"] = args.repeats
    return BenchOptions.quick(**changes) if args.quick else BenchOptions(**changes)


def bench(args: argparse.Namespace) -> int:
    """Run the benchmark and print the result."""
    from dashboard.bench.report import format_table

    if args.load_seconds < 0 or args.connections < 1 or args.workers < 1:
        print(
            "cam-atlas bench: error: --load-seconds must be >= 0, --connections and --workers >= 1",
            file=sys.stderr,
        )
        return 2
    result = run_bench(_options(args))
    print(json.dumps(result, ensure_ascii=False) if args.json else format_table(result))
    return 1 if result["problems"] else 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``bench`` to the ``cam-atlas`` parser."""
    p = sub.add_parser(
        "bench",
        help="measure payloads, server time, first load and a bounded load test",
        description="Benchmark the dashboard against the px.choropleth baseline "
        "(servers on 127.0.0.1 only). Method and latest figures: docs/PERFORMANCE.md.",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    p.add_argument("--quick", action="store_true", help="fewer repeats (rough figures)")
    p.add_argument(
        "--load-seconds",
        type=float,
        default=10.0,
        help="duration of the load test, capped at 600 (0 disables; default 10)",
    )
    p.add_argument("--connections", type=int, default=8, help="load-test connections (default 8)")
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    p.add_argument("--skip-browser", action="store_true", help="skip the Chromium measurements")
    p.add_argument(
        "--ladder-seconds",
        type=float,
        default=5.0,
        help="seconds per step of the load ladder (map update and GET / at 8, 32 and 128 "
        "connections; capped at 120; 0 disables; default 5)",
    )
    p.add_argument(
        "--cache-seconds",
        type=float,
        default=5.0,
        help="seconds per step of the view-cache comparison (map update, warm shared cache "
        "vs uncached, at 8 and 32 connections; needs the load test; 0 disables; default 5)",
    )
    p.add_argument(
        "--repeats", type=int, default=None, help="indicator changes per scenario and app"
    )
    p.set_defaults(handler=bench)
