"""End-to-end: the Data availability page under gunicorn in headless Chromium.

The ``page`` fixture (tests/conftest.py) also fails a test on any console error (CSP
violations included) and on any request that leaves 127.0.0.1.
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from dashboard.availability.callbacks import control, pid
from dashboard.components.map_card import dom_id

pytestmark = pytest.mark.browser
CELLS = ".cam-availability-grid .ag-center-cols-container .ag-row"


def by_id(page, component_id: dict):
    return page.locator(f"[id='{dom_id(component_id)}']")


def open_availability(page, live_server: str, query: str = "") -> None:
    """Open the page; returns once the grid has rows (tests then wait for their outcome)."""
    page.goto(f"{live_server}/availability{query}")
    expect(page.locator(CELLS).first).to_be_visible(timeout=30_000)  # a cold first load


def test_summary_shows_counts_and_marks_missing_years(page, live_server, artifacts):
    open_availability(page, live_server)
    grid = by_id(page, pid("grid"))
    expect(grid).to_contain_text("9 / 9")
    expect(grid).to_contain_text("no data")
    expect(by_id(page, pid("legend"))).to_contain_text("Share of areas with a value")
    page.screenshot(path=artifacts / "availability-desktop.png", full_page=True)
    # a click on an indicator's name opens its detail: one row per region
    page.locator("[col-id=indicator]", has_text="Extreme poverty rate").first.click()
    expect(by_id(page, control("indicator"))).to_have_value("extreme_poverty_pct")
    expect(page.locator(CELLS)).to_have_count(9)


def test_drill_into_one_indicator_and_download_the_matrix(page, live_server, artifacts):
    open_availability(page, live_server)
    by_id(page, control("indicator")).select_option("measles_cases_per_10000")
    grid = by_id(page, pid("grid"))
    expect(grid.locator(".cam-cell--derived").first).to_be_visible()
    for text in ("Bishkek", "no data", "derived"):
        expect(grid).to_contain_text(text)
    expect(page).to_have_url(re.compile(r"[?&]indicator=measles_cases_per_10000(&|$)"))
    page.screenshot(path=artifacts / "availability-detail.png", full_page=True)
    with page.expect_download() as info:
        by_id(page, pid("download-button")).click()
    download = info.value
    assert download.suggested_filename == "cam-atlas-availability-KGZ-1-measles_cases_per_10000.csv"
    rows = list(csv.DictReader(io.StringIO(download.path().read_text(encoding="utf-8-sig"))))
    assert len(rows) == 18  # 9 regions x 2023-2024
    batken = next(r for r in rows if r["code"] == "KG-B" and r["year"] == "2024")
    assert batken["has_value"] == "False" and batken["value"] == ""


def test_a_shared_url_restores_the_detail_and_the_demo_banner(page, live_server):
    open_availability(
        page, live_server, "?level=2&demo=1&region=KG-O&indicator=extreme_poverty_pct"
    )
    expect(by_id(page, control("indicator"))).to_have_value("extreme_poverty_pct")
    expect(page.locator(".cam-synthetic-banner")).to_be_visible()
    expect(page.locator(CELLS)).to_have_count(7)  # the districts of Osh region
    expect(by_id(page, pid("grid"))).to_contain_text("SYNTHETIC")


def test_phone_layout(make_page, live_server, artifacts):
    phone = make_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    open_availability(phone, live_server)
    expect(by_id(phone, pid("legend"))).to_contain_text("Share of areas with a value")
    phone.screenshot(path=artifacts / "availability-phone.png", full_page=True)
    phone.wait_for_function("() => document.documentElement.scrollWidth <= 392")
