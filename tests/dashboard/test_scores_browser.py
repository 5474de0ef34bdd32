"""End-to-end: the Gap scores page under gunicorn in headless Chromium (tests/conftest.py).

Every test also checks, through the ``page`` fixture, that the console stayed free of errors
(CSP violations included) and that no request left 127.0.0.1.
"""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import parse_qs, urlparse

import pytest
from conftest import graphs_resized_js
from playwright.sync_api import expect

from dashboard.components.map_card import dom_id
from dashboard.scores.callbacks import control, pid
from dashboard.scores.weights import part_id
from indicators.gapscore.spec import METHOD_VERSION

pytestmark = pytest.mark.browser
POLYGON = ".cam-map path.choroplethlocation"
ROWS = ".cam-scores-grid .ag-center-cols-container .ag-row"


def by_id(page, component_id: dict):
    return page.locator(f"[id='{dom_id(component_id)}']")


def open_scores(page, live_server: str, query: str = "") -> None:
    """Open the page and wait until map and table are drawn (one callback answers both, and
    everything else on the page)."""
    page.goto(f"{live_server}/scores{query}")
    expect(page.locator(POLYGON).first).to_be_attached()
    expect(page.locator(ROWS).first).to_be_attached()


def ranked_areas(page) -> list[str]:
    """Area names in table order (the grid's row order, as displayed)."""
    rows = page.locator(ROWS)
    rows.first.wait_for()
    return page.eval_on_selector_all(
        ROWS,
        "rows => rows.sort((a, b) => a.getAttribute('row-index') - b.getAttribute('row-index'))"
        ".map(r => r.querySelector('[col-id=area]').innerText)",
    )


def set_weight_to_max(page, indicator: str) -> None:
    """Move an indicator's weight slider to 5 with the keyboard (End), like a keyboard user."""
    handle = by_id(page, part_id("weight", indicator)).locator("[role=slider]").first
    handle.focus()
    handle.press("End")
    # The weight reaches the URL after the score callback has answered; wait for it.
    page.wait_for_function(
        "k => new URLSearchParams(location.search).get(k) === '5'",
        arg=f"w_{indicator}",
        timeout=15_000,
    )


# Extreme poverty and preschool attendance 1-6 (NSC SDG platform, 2022): Bishkek and Osh city
# publish no preschool total, so they have too little data.
SMALL = "?ind=extreme_poverty_pct,preschool_attendance_1_6_pct&year=2022"


def test_default_view_ranks_real_regions_with_insufficient_data_last(page, live_server, artifacts):
    open_scores(page, live_server, SMALL)
    expect(by_id(page, pid("title"))).to_contain_text("Kyrgyzstan, regions, 2022")
    expect(page.locator(ROWS)).to_have_count(9)
    areas = ranked_areas(page)
    assert set(areas[-2:]) == {"Bishkek", "Osh"}  # no preschool total
    expect(page.locator(POLYGON)).to_have_count(9)
    page.wait_for_function(
        f"() => [...document.querySelectorAll('{POLYGON}')]"
        ".filter(e => getComputedStyle(e).fill.includes('cam-nodata-hatch')).length === 2"
    )
    expect(page.locator(".cam-map .legend")).to_contain_text("insufficient data")
    expect(by_id(page, pid("notes"))).to_contain_text("2 of 9 regions have too little data")
    expect(by_id(page, pid("method"))).to_contain_text(f"Method {METHOD_VERSION}")
    expect(by_id(page, pid("sources"))).to_contain_text("Kyrgyz Republic")
    page.screenshot(path=artifacts / "scores-desktop.png", full_page=True)
    # hover once the map is fitted to its box (a redraw after the move would drop the hover)
    page.wait_for_function(graphs_resized_js(pid("graph")))
    scored = page.locator(".cam-map .choroplethlayer .trace").first.locator("path").first
    box = scored.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    hover = page.locator(".cam-map .hoverlayer")
    for text in ("Score:", "Rank:", "rank interval 5–95 %"):
        expect(hover).to_contain_text(text)


def test_adjusting_a_weight_changes_the_ranking_and_the_url(page, live_server):
    open_scores(page, live_server, SMALL)
    before = ranked_areas(page)
    set_weight_to_max(page, "preschool_attendance_1_6_pct")
    top = page.locator(f"{ROWS}[row-index='0'] [col-id=area]")
    expect(top).to_have_text("Jalal-Abad Region")  # the grid has drawn the new order
    after = ranked_areas(page)
    assert after != before
    query = parse_qs(urlparse(page.url).query)
    assert query["w_preschool_attendance_1_6_pct"] == ["5"]


def test_a_shared_url_restores_the_same_view(page, live_server):
    query = (
        "?ind=extreme_poverty_pct,measles_cases_per_10000&w_extreme_poverty_pct=4"
        "&norm=rank&agg=geometric&minshare=0.5&tol=2&year=2023"
    )
    open_scores(page, live_server, query)
    expect(page.locator(ROWS)).to_have_count(9)
    areas, title = ranked_areas(page), by_id(page, pid("title")).inner_text()
    expect(by_id(page, control("tol"))).to_have_value("2")
    expect(page.get_by_label("percentile rank")).to_be_checked()
    # what a user would copy; the page rewrote it from its controls (adding the view, ...)
    expect(page).to_have_url(re.compile(r"[?&]view=map(&|$)"))
    shared = page.url
    assert "w_extreme_poverty_pct=4" in shared and "norm=rank" in shared
    page.goto("about:blank")
    page.goto(shared)
    expect(page.locator(ROWS)).to_have_count(9)
    assert ranked_areas(page) == areas
    expect(by_id(page, pid("title"))).to_have_text(title)
    expect(by_id(page, control("year"))).to_have_value("2023")


def test_districts_say_no_real_data_and_the_demo_is_flagged(page, live_server, artifacts):
    page.goto(f"{live_server}/scores?level=2")
    # every district drawn hatched: nothing to score
    expect(page.locator(POLYGON)).to_have_count(55)
    expect(by_id(page, pid("notes"))).to_contain_text("No district indicators are published")
    expect(page.locator(".cam-synthetic-banner")).to_have_count(0)
    by_id(page, control("dataset")).select_option("demo-synthetic")
    expect(page.locator(".cam-synthetic-banner")).to_contain_text("SYNTHETIC")
    expect(page.locator(ROWS).first).to_be_attached()
    expect(page).to_have_url(re.compile(r"[?&]dataset=demo-synthetic(&|$)"))
    page.screenshot(path=artifacts / "scores-districts-demo.png", full_page=True)
    with page.expect_download() as info:
        by_id(page, pid("download-button")).click()
    download = info.value
    assert download.suggested_filename.startswith("SYNTHETIC-cam-atlas-gap-scores-KGZ-2-")
    text = download.path().read_text(encoding="utf-8-sig")
    assert text.startswith("# CAM Atlas gap scores") and "SYNTHETIC" in text.splitlines()[3]
    body = "".join(line for line in text.splitlines(keepends=True) if not line.startswith("#"))
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == 55
    assert all(r["SYNTHETIC"] == "SYNTHETIC DEMO DATA - NOT REAL FIGURES" for r in rows)
    assert {r["method_version"] for r in rows} == {METHOD_VERSION}


def test_phone_layout(make_page, live_server, artifacts):
    phone = make_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    open_scores(phone, live_server)
    phone.screenshot(path=artifacts / "scores-phone.png", full_page=True)
    by_id(phone, pid("figure-region")).screenshot(path=artifacts / "scores-phone-map.png")
    phone.wait_for_function("() => document.documentElement.scrollWidth <= 392")


def test_language_switch_keeps_the_settings_and_formats_numbers(page, live_server, artifacts):
    open_scores(page, live_server, "?w_extreme_poverty_pct=2")
    page.locator("#lang-select").select_option("ru")
    page.wait_for_function("() => document.documentElement.lang === 'ru'")
    page.wait_for_function(
        "() => document.querySelector('h1').innerText.startsWith('Индексы разрыва')"
    )
    scores = page.locator(f"{ROWS} [col-id=score]")
    expect(scores.filter(has_text=",").first).to_be_attached()
    expect(scores.filter(has_text=".")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"[?&]w_extreme_poverty_pct=2(&|$)"))
    expect(page).to_have_url(re.compile(r"[?&]lang=ru(&|$)"))
    page.screenshot(path=artifacts / "scores-ru.png", full_page=True)


def test_switching_country_rebuilds_the_indicator_panel(page, live_server, artifacts):
    open_scores(page, live_server)
    page.get_by_label("Kazakhstan").check()
    page.wait_for_function(
        "() => document.querySelector('h2').innerText.includes('Kazakhstan, regions')"
    )
    panel = by_id(page, pid("panel"))
    expect(panel).to_contain_text("Preschool coverage")
    expect(panel).not_to_contain_text("Extreme poverty")
    # the URL follows the answers: wait until it has the country and the year shown
    page.wait_for_function(
        "() => { const q = new URLSearchParams(location.search); return q.get('country') === 'KAZ'"
        " && document.querySelector('h2').innerText.includes('regions, ' + q.get('year')); }"
    )
    query = parse_qs(urlparse(page.url).query)
    # the default year decides the layout: 20 regions from 2018 (2024 layout), 16 before
    expect(page.locator(POLYGON)).to_have_count(20 if int(query["year"][0]) >= 2018 else 16)
    assert query["country"] == ["KAZ"] and query["ind"][0]
    page.screenshot(path=artifacts / "scores-kaz.png", full_page=True)
