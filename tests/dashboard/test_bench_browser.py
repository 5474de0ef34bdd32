"""The Chromium part of the bench returns byte counts and times for a drawn map."""

from __future__ import annotations

import pytest

from dashboard.bench.browser import measure_first_load


@pytest.mark.browser
def test_first_load_is_counted_until_the_map_is_drawn(live_server, browser):
    found = measure_first_load(live_server, {"default": "/"}, runs=1, browser=browser)
    page = found["pages"]["default"]
    assert found["first_load_bytes"] == page["first_load_bytes"] > 100_000
    assert found["first_map_ms"] > 0
    assert found["repeat_load_bytes"] < found["first_load_bytes"]  # cached geometry and bundles
    assert any(r["path"].startswith("/geo/") for r in page["largest_responses"])
    assert page["external_requests"] == []
    assert page["milestones_last_cold_ms"]["callbacks_before_map"] >= 1
    # The geometry is preloaded with the HTML: requested before the map callback answered, once.
    milestones = page["milestones_last_cold_ms"]
    assert milestones["geometry_start_ms"] < milestones["last_callback_before_map_ms"]
    assert page["geometry_requests"] == 1
    assert milestones["plotly_js_ms"] is not None
