"""End-to-end: the Region panel and the area filter on the map page (gunicorn + Chromium).

The ``page`` fixture (tests/conftest.py) also fails each test on a browser console error and on
any request that leaves 127.0.0.1.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect
from test_map_browser import MAP_DONE_JS

from dashboard.components.map_card import MapCard, dom_id
from dashboard.region_panel.component import RegionPanel

pytestmark = pytest.mark.browser
POLYGON = ".cam-map path.choroplethlocation"
HEAD = ".cam-region-head h3"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}

# A screen point inside the map polygon of ``code`` (plotly hit-tests clicks itself: a drag
# layer covers the paths, so test the path's own fill geometry).
POINT_IN_AREA_JS = """
(code) => {
  const gd = document.querySelector('.cam-map .js-plotly-plot');
  const groups = gd.querySelectorAll('g.trace.choropleth');
  for (let t = 0; t < gd.data.length; t++) {
    const i = (gd.data[t].locations || []).indexOf(code);
    if (i < 0) continue;
    const path = groups[t].querySelectorAll('path.choroplethlocation')[i];
    const box = path.getBoundingClientRect();
    for (let fy = 0.5; fy < 1; fy += 0.05) {
      for (const sy of [fy, 1 - fy]) {
        for (let fx = 0.1; fx < 0.95; fx += 0.05) {
          const x = box.left + fx * box.width, y = box.top + sy * box.height;
          const local = new DOMPoint(x, y).matrixTransform(path.getScreenCTM().inverse());
          if (path.isPointInFill(local)) return [x, y];
        }
      }
    }
  }
  return null;
}
"""
OPACITIES_JS = (
    "() => Array.from(document.querySelectorAll('.cam-map path.choroplethlocation'))"
    ".map(p => getComputedStyle(p).opacity)"
)


def panel_part(page, name: str):
    return page.locator(f"[id='{dom_id(getattr(RegionPanel.ids, name)('main'))}']")


def map_control(page, name: str):
    return page.locator(f"[id='{dom_id(MapCard.ids.control('main', name))}']")


def open_map(page, live_server: str, query: str = "") -> None:
    page.goto(f"{live_server}/{query}")
    expect(page.locator(POLYGON).first).to_be_attached(timeout=30_000)  # a cold first load


def click_area(page, code: str) -> None:
    """A real mouse click on the map polygon of ``code`` (the caller expects its outcome)."""
    page.locator(".cam-map").scroll_into_view_if_needed()
    # A click at a pixel has no element to wait for: the map must have stopped redrawing (a
    # redraw drops the hover that Plotly turns into the click), and the area must be drawn.
    page.wait_for_function(MAP_DONE_JS)
    point = page.wait_for_function(POINT_IN_AREA_JS, arg=code).json_value()
    page.mouse.click(*point)


def district_code(region: str, name_en: str) -> str:
    from geodata.layers import units

    table = units("KGZ", 2)
    found = table[table["parent_code"].eq(region) & table["name_en"].eq(name_en)]
    return str(found["code"].iloc[0])


def query_of(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def assert_query(page, key: str, value: str) -> None:
    """Wait (up to 10 s) until the URL's ``key`` is ``value`` (written by a clientside step
    after the server callbacks)."""
    page.wait_for_function(
        "([k, v]) => new URLSearchParams(location.search).get(k) === v",
        arg=[key, value],
        timeout=10_000,
    )


def choose(page, dropdown: str, text: str) -> None:
    """Pick the first option matching ``text`` in a panel dropdown with the keyboard only."""
    panel_part(page, dropdown).focus()
    page.keyboard.press("Enter")
    page.locator(".dash-dropdown-search").wait_for()
    page.keyboard.type(text)
    expect(page.locator(".dash-dropdown-option").first).to_contain_text(text)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")


def test_click_a_region_shows_trend_sources_and_districts(page, live_server, artifacts):
    open_map(page, live_server, "?country=KGZ&indicator=population_total&year=2023")
    click_area(page, "KG-Y")
    expect(page.locator(HEAD)).to_have_text("Issyk-Kul Region")  # waits for the panel callback
    assert_query(page, "area", "KG-Y")
    chart = page.locator(".cam-trend[role=figure]")
    expect(chart).to_have_attribute("aria-label", re.compile("Issyk-Kul Region, Kyrgyzstan"))
    # at least 2 lines (region and country), 5 values and a cited first value: nth is 0-based
    expect(page.locator(".cam-trend .scatterlayer .trace").nth(1)).to_be_attached()
    values = page.locator(".cam-region-values tbody tr:has(td)")
    expect(values.nth(4)).to_be_attached()
    expect(values.first.locator("a[href^='https://']").first).to_be_attached()
    districts = page.locator(".cam-region-districts tbody tr")
    expect(districts).to_have_count(7)
    expect(page.locator(".cam-region-districts .cam-nodata")).to_have_count(4)  # never a zero
    expect(page.locator(".cam-region-districts caption")).to_have_text(re.compile(r"2022\s*$"))
    page.locator(".cam-region-panel").screenshot(path=artifacts / "region-panel-desktop.png")


def test_keyboard_filter_fades_other_areas_and_travels_in_the_url(page, live_server, artifacts):
    open_map(page, live_server, "?country=KGZ&indicator=population_total&year=2023")
    choose(page, "filter", "Naryn Region")
    assert_query(page, "areas", "KG-N")
    faded = f"() => {{ const o = ({OPACITIES_JS})().sort(); return o.length === 9 && o.join() === "
    page.wait_for_function(faded + "'0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,1'; }")
    expect(panel_part(page, "filter_note")).to_contain_text("1 area selected")
    link = panel_part(page, "filter_link")
    if link.is_visible():  # once a Data page is registered, it receives the same selection
        assert "areas=KG-N" in link.get_attribute("href")
    choose(page, "picker", "At-Bashy")
    expect(page.locator(HEAD)).to_have_text("At-Bashy")  # waits for the panel callback
    page.screenshot(path=artifacts / "region-filter-desktop.png")


def test_shared_link_restores_area_filter_and_language(make_page, live_server, artifacts):
    page = make_page(**PHONE)
    query = "?country=KAZ&indicator=population_total&year=2023&area=KZ-19&areas=KZ-19,KZ-75&lang=ru"
    open_map(page, live_server, query)
    expect(page.locator(HEAD)).to_have_text("Алматинская область")  # waits for the panel callback
    expect(panel_part(page, "filter")).to_contain_text("Выбрано: 2")
    page.wait_for_function(  # Almaty region and city stay opaque
        f"() => ({OPACITIES_JS})().filter(o => o === '1').length === 2"
    )
    notes = page.locator(".cam-region-body .cam-note")
    reform = notes.filter(has_text="2021").filter(has_text="2022")  # the 2022 reform ...
    expect(reform.first).to_be_attached()  # ... is not a trend
    border = page.locator(".cam-trend text.annotation-text", has_text="Изменение границ")
    expect(border.first).to_be_attached()
    page.screenshot(path=artifacts / "region-panel-phone.png", full_page=True)


def test_show_on_map_and_district_navigation(page, live_server):
    open_map(page, live_server, "?country=KGZ&indicator=population_total&year=2022&area=KG-Y")
    panel_part(page, "show_on_map").click()
    expect(map_control(page, "region")).to_have_value("KG-Y")
    assert_query(page, "level", "2")
    expect(page.locator(POLYGON)).to_have_count(7)  # Issyk-Kul's districts
    page.locator(".cam-region-districts button", has_text="Ton").click()
    expect(page.locator(HEAD)).to_have_text("Ton")  # waits for the panel callback
    assert_query(page, "area", district_code("KG-Y", "Ton"))
    page.get_by_role("button", name="Go to Issyk-Kul Region").click()
    expect(page.locator(HEAD)).to_have_text("Issyk-Kul Region")  # waits for the panel callback


def test_data_page_opens_with_the_area_and_the_filter(page, live_server):
    open_map(page, live_server, "?country=KGZ&indicator=population_total&year=2023&area=KG-Y")
    link = panel_part(page, "data_link")
    expect(link).to_be_visible()  # the Data page is always registered
    expect(link).to_have_attribute("href", re.compile(r"areas=KG-Y"))
    link.click()
    page.wait_for_url("**/data?**")
    query = query_of(page)
    assert query["areas"] == ["KG-Y"] and query["indicator"] == ["population_total"]
    assert query["country"] == ["KGZ"] and query["lang"] == ["en"]
