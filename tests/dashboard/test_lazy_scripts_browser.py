"""End-to-end: AG Grid's bundle loads only when a page draws a grid, and the grid works."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_map_page_loads_no_grid_and_a_grid_page_loads_it_once(page, live_server):
    grid_scripts: list[str] = []
    page.on("request", lambda r: grid_scripts.append(r.url) if "/dash_ag_grid/" in r.url else None)
    page.goto(f"{live_server}/?country=KGZ&level=1")
    expect(page.locator("path.choroplethlocation").first).to_be_attached(timeout=30_000)
    expect(page.locator(".ag-root")).to_have_count(0)
    assert grid_scripts == []
    # client-side navigation (Dash Pages): the grid's bundle and chunk load on first render
    page.locator("#navbar a[href^='/availability']").click()
    expect(
        page.locator(".cam-availability-grid .ag-center-cols-container .ag-row").first
    ).to_be_visible()
    expect(page.locator(".cam-availability-grid")).to_contain_text("Extreme poverty rate")
    bundles = [u for u in grid_scripts if "/dash_ag_grid/dash_ag_grid." in u]
    assert len(bundles) == 1 and any("async-community" in u for u in grid_scripts)
