"""``cam-atlas bench --json`` on a tiny run: one JSON object with the promised keys and sane
types (never the figures themselves: speed is measured, not asserted)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from dashboard.bench.report import format_table
from dashboard.bench.run import BenchOptions, empty_result

REQUIRED = (
    "map_update_bytes",
    "map_update_server_ms",
    "baseline_update_bytes",
    "baseline_update_server_ms",
    "first_load_bytes",
    "first_map_ms",
    "score_mc_ms",
)


@pytest.fixture(scope="module")
def tiny_run(data_env):
    command = [sys.executable, "-m", "dashboard.cli", "bench", "--json", "--quick"]
    command += ["--skip-browser", "--load-seconds", "1", "--repeats", "1"]
    done = subprocess.run(command, env=data_env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def test_stdout_is_exactly_one_json_object_with_the_keys(tiny_run):
    result = json.loads(tiny_run.stdout)  # fails on any extra line
    assert set(REQUIRED) <= set(result)
    assert result["problems"] == []
    for key in ("map_update_bytes", "baseline_update_bytes", "map_update_gzip_bytes"):
        assert isinstance(result[key], int) and result[key] > 0
    for key in ("map_update_server_ms", "baseline_update_server_ms", "score_mc_ms"):
        assert isinstance(result[key], float) and result[key] > 0
    assert result["first_load_bytes"] is None  # --skip-browser: not measured, never guessed
    assert result["machine"]["cores"] >= 1 and result["machine"]["packages"]["dash"]
    assert "[bench]" in tiny_run.stderr


def test_scenarios_compare_a_patch_with_the_whole_figure(tiny_run):
    result = json.loads(tiny_run.stdout)
    head = result["scenarios"][0]
    assert head["key"] == result["headline_scenario"]
    assert head["map_update_is_patch"] is True
    assert head["geometry_url"].startswith("/geo/") and head["geometry_features"] > 0
    assert head["bytes_ratio"] == round(head["baseline_update_bytes"] / head["map_update_bytes"], 1)
    assert sum(head["map_update_parts_bytes"].values()) < head["map_update_bytes"]


def test_load_reports_counts_and_percentiles(tiny_run):
    load = json.loads(tiny_run.stdout)["load"]
    assert load["errors"] == 0 and load["requests"] > 0
    assert load["workers"] == 2 and load["connections"] == 8
    assert load["p50_ms"] <= load["p99_ms"]


def test_table_names_every_measure_and_problem():
    result = empty_result(BenchOptions.quick())
    result["problems"].append("browser: no chromium")
    text = format_table(result)
    assert "CAM Atlas bench" in text and "problem: browser: no chromium" in text


def test_bad_options_exit_2_without_running():
    done = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "bench", "--load-seconds", "-1"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "--load-seconds" in done.stderr and not done.stdout
