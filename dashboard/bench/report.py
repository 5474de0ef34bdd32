"""Machine facts and the readable table of ``cam-atlas bench`` (the JSON is the result dict)."""

from __future__ import annotations

import os
import platform
import sys
from importlib import metadata
from typing import Any

PACKAGES = ("dash", "plotly", "pandas", "numpy", "flask", "flask-compress", "gunicorn", "orjson")


def _version(package: str) -> str | None:
    """Installed version of ``package`` (None when absent)."""
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def load_average() -> list[float] | None:
    """1, 5 and 15 minute load averages (other work on the machine skews every timing)."""
    try:
        return [round(v, 2) for v in os.getloadavg()]
    except OSError:
        return None


def machine_facts() -> dict[str, Any]:
    """Cores, CPU, OS, Python and the versions of the packages that decide the figures."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            names = [ln.split(":", 1)[1].strip() for ln in info if ln.startswith("model name")]
        cpu = names[0] if names else cpu
    except OSError:
        pass
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "os": platform.platform(),
        "python": sys.version.split()[0],
        "packages": {p: _version(p) for p in PACKAGES},
        "load_average_at_start": load_average(),
    }


def _fmt(value: Any) -> str:
    """Numbers with thousands separators; other values as text."""
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return str(value)


def _rows(result: dict[str, Any]) -> list[tuple[str, str, str]]:
    """``(measure, real app, baseline)`` rows for each scenario."""
    rows = []
    for sc in result.get("scenarios", []):
        rows.append((f"[{sc['key']}] {' <-> '.join(sc['indicators'])}, {sc['year']}", "", ""))
        rows.append(
            ("  update bytes", _fmt(sc["map_update_bytes"]), _fmt(sc["baseline_update_bytes"]))
        )
        rows.append(
            (
                "  update bytes gzip",
                _fmt(sc["map_update_gzip_bytes"]),
                _fmt(sc["baseline_update_gzip_bytes"]),
            )
        )
        rows.append(
            (
                "  server ms (gzip)",
                _fmt(sc["map_update_server_ms"]),
                _fmt(sc["baseline_update_server_ms"]),
            )
        )
        rows.append(
            (
                "  ratios bytes / gzip / time",
                f"{_fmt(sc['bytes_ratio'])}x / {_fmt(sc['bytes_ratio_gzip'])}x",
                f"{_fmt(sc['server_time_ratio'])}x",
            )
        )
    return rows


def format_table(result: dict[str, Any]) -> str:
    """A plain-text summary of a bench result for a terminal."""
    lines = ["CAM Atlas bench", ""]
    lines.append(f"{'indicator change':<44}{'real app':>14}{'baseline':>14}")
    lines += [f"{a:<44}{b:>14}{c:>14}".rstrip() for a, b, c in _rows(result)]
    lines.append("")
    for key in ("first_load_bytes", "first_map_ms", "repeat_load_bytes", "score_mc_ms"):
        if result.get(key) is not None:
            lines.append(f"{key:<44}{_fmt(result[key]):>14}")
    load = result.get("load")
    if load:
        lines.append("")
        lines.append(
            f"load: {load['requests']:,} requests in {load['seconds']} s, "
            f"{load['errors']} errors, {load['throughput_rps']} req/s, "
            f"p50 {load['p50_ms']} ms, p95 {load['p95_ms']} ms, p99 {load['p99_ms']} ms "
            f"({load['connections']} connections, {load['workers']} gunicorn workers)"
        )
    ladder = result.get("load_ladder")
    if ladder:
        lines.append("")
        lines.append("load ladder (connections: requests, errors, req/s, p50/p95 ms)")
        for target in ("map_update", "index"):
            for step in ladder.get(target, []):
                lines.append(
                    f"  {target:<11}{step['connections']:>4}: {step['requests']:,} requests, "
                    f"{step['errors']} errors, {step['throughput_rps']} req/s, "
                    f"p50 {step['p50_ms']} / p95 {step['p95_ms']}"
                )
    cache = result.get("view_cache")
    if cache:
        lines.append("")
        lines.append(
            f"view cache ({cache['cache']}, {cache['workers']} workers): map update, "
            "connections: req/s, p99 ms, errors"
        )
        for side in ("cached", "uncached"):
            for step in cache.get(side, []):
                lines.append(
                    f"  {side:<9}{step['connections']:>4}: {step['throughput_rps']} req/s, "
                    f"p99 {step['p99_ms']}, {step['errors']} errors"
                )
        speedup = ", ".join(f"{n}: {r}x" for n, r in cache.get("speedup", {}).items())
        lines.append(f"  throughput warm/uncached by connections: {speedup}")
    facts = result.get("machine", {})
    packages = facts.get("packages", {})
    lines.append("")
    lines.append(
        f"machine: {facts.get('cores')} cores, {facts.get('cpu')}, Python {facts.get('python')}, "
        f"dash {packages.get('dash')}, plotly {packages.get('plotly')}; load average "
        f"{facts.get('load_average_at_start')} at start, {facts.get('load_average_at_end')} at end"
    )
    for problem in result.get("problems", []):
        lines.append(f"problem: {problem}")
    return "\n".join(lines)
