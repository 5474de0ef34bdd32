"""End-to-end: the map page under gunicorn in headless Chromium (see tests/conftest.py).

Every test also checks, through the ``page`` fixture, that the browser console stayed free of
errors (including CSP violations) and that no request left 127.0.0.1.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from dashboard.components.map_card import MapCard, dom_id
from dashboard.i18n.numbers import NBSP

pytestmark = pytest.mark.browser
POLYGON = ".cam-map path.choroplethlocation"


def control(page, name: str):
    """The map card's control ``name`` (a select or a radio group)."""
    return page.locator(f"[id='{dom_id(MapCard.ids.control('main', name))}']")


def part(page, name: str):
    """Another part of the map card (``title``, ``note``, ``status``, ``table`` ...)."""
    return page.locator(f"[id='{dom_id(getattr(MapCard.ids, name)('main'))}']")


def open_map(page, live_server: str, query: str = "") -> None:
    """Open the map page and wait until the map is drawn and the app is idle."""
    page.goto(f"{live_server}/{query}")
    page.wait_for_selector(POLYGON)
    settle(page)


def settle(page) -> None:
    """Wait until no callback is pending (see the ``page`` fixture)."""
    page.settle()


def fills(page) -> list[str]:
    return page.eval_on_selector_all(POLYGON, "els => els.map(e => e.getAttribute('fill'))")


def geometry_requests(page) -> list[str]:
    return [u for u in page.requests if "/geo/" in u]


def n_units(country: str, level: int, year: int | None = None) -> int:
    """Polygons of a layer in the boundary layout of ``year`` (the current one when None)."""
    from geodata.layers import units
    from geodata.vintages import vintage_for_year

    return len(units(country, level, vintage_for_year(country, level, year)))


@pytest.mark.parametrize(
    ("query", "countries", "level"),
    [
        ("", ("KGZ",), 1),
        ("?level=2", ("KGZ",), 2),
        # 2018 is drawn on Kazakhstan's 2018 layout (17 regions, before the 2022 reform).
        ("?country=both&level=1", ("KAZ", "KGZ"), 1),
        ("?country=KAZ&level=2&indicator=population_total", ("KAZ",), 2),
    ],
)
def test_page_draws_one_polygon_per_unit(page, live_server, artifacts, query, countries, level):
    open_map(page, live_server, query)
    shown = control(page, "year").input_value()
    year = int(shown) if shown else None  # no data: the current layout is drawn
    expected = sum(n_units(c, level, year) for c in countries)
    expect(page.locator(POLYGON)).to_have_count(expected)
    assert page.title() == "CAM Atlas"
    buttons = page.eval_on_selector_all(
        ".cam-map .modebar-btn", "els => els.map(e => e.getAttribute('data-title'))"
    )
    assert "Download plot as a PNG" in buttons and "Share chart..." not in buttons
    page.screenshot(path=artifacts / f"map-{'-'.join(countries)}-{level}.png", full_page=True)


def test_default_view_shows_real_mics_values_and_no_data_hatched(page, live_server):
    open_map(page, live_server)
    expect(part(page, "title")).to_contain_text("2018")
    note = part(page, "note").inner_text()
    assert "2018 for 3 regions" in note and "No data for 6 regions" in note
    hatched = page.eval_on_selector_all(
        POLYGON,
        "els => els.filter(e => getComputedStyle(e).fill.includes('cam-nodata-hatch')).length",
    )
    assert hatched == 6
    # "No data" and the markers of the small areas (Bishkek, Osh city).
    expect(page.locator(".cam-map .legend")).to_contain_text("No data")
    expect(page.locator(".cam-map .legend")).to_contain_text("Small areas (cities)")


def test_the_first_map_is_drawn_without_calling_render_map(page, live_server):
    # The layout carries the first view's data (map.callbacks.first_view): no round trip for it.
    bodies: list[str] = []
    page.on(
        "request",
        lambda r: bodies.append(r.post_data or "") if "_dash-update-component" in r.url else None,
    )
    open_map(page, live_server, "?country=both&level=2")
    expect(part(page, "title")).not_to_be_empty()
    assert bodies, "the page layout is fetched through a callback"
    outputs = [json.dumps(json.loads(b)["outputs"]) for b in bodies]
    assert not [o for o in outputs if "figure-data" in o], outputs


def test_indicator_and_year_changes_patch_colours_without_refetching_geometry(page, live_server):
    open_map(page, live_server, "?country=KGZ&level=1&indicator=measles_cases&year=2023")
    before = fills(page)
    payloads: list[str] = []
    page.on(
        "response",
        lambda r: payloads.append(r.text()) if "_dash-update-component" in r.url else None,
    )
    control(page, "year").select_option("2024")
    settle(page)
    after_year = fills(page)
    control(page, "indicator").select_option("extreme_poverty_pct")
    settle(page)
    assert after_year != before
    assert fills(page) != after_year
    assert len(geometry_requests(page)) == 1, geometry_requests(page)
    # The map's compact data (the browser draws the figure and the bars from it).
    figure_updates = [p for p in payloads if "figure-data" in p]
    assert figure_updates, "no map update seen"
    for body in figure_updates:
        assert "__dash_patch_update" in body  # a Patch, not a new figure
        assert '"geojson"' not in body and "coordinates" not in body
        assert len(body) < 15_000


def test_fixed_breaks_keep_the_colour_scale_across_years(page, live_server):
    open_map(page, live_server, "?indicator=measles_cases&year=2023&breaks=fixed")
    scale = (
        "() => { const t = document.querySelector('.cam-map .js-plotly-plot').data[0];"
        " return t.colorbar.ticktext; }"
    )
    first = page.evaluate(scale)
    control(page, "year").select_option("2024")
    settle(page)
    assert page.evaluate(scale) == first


def test_settings_round_trip_through_the_url(page, live_server, make_page):
    open_map(page, live_server)
    control(page, "indicator").select_option("extreme_poverty_pct")
    settle(page)
    control(page, "palette").select_option("cividis")
    page.get_by_label("Fixed across all years (to compare years)").check()
    settle(page)
    query = parse_qs(urlparse(page.url).query)
    assert query["indicator"] == ["extreme_poverty_pct"]
    assert query["palette"] == ["cividis"] and query["breaks"] == ["fixed"]
    title, colours = part(page, "title").inner_text(), fills(page)

    other = make_page()
    open_map(other, live_server, page.url.removeprefix(live_server + "/"))
    expect(control(other, "indicator")).to_have_value("extreme_poverty_pct")
    expect(control(other, "palette")).to_have_value("cividis")
    expect(part(other, "title")).to_have_text(title)
    assert fills(other) == colours


def test_language_switch_translates_labels_and_number_format(page, live_server, artifacts):
    open_map(page, live_server, "?indicator=extreme_poverty_pct&year=2021")
    part(page, "table_toggle").click()
    expect(part(page, "table")).to_contain_text("7.5")
    page.locator("#lang-select").select_option("ru")
    page.wait_for_function("() => document.documentElement.lang === 'ru'")
    page.wait_for_selector(POLYGON)
    settle(page)
    expect(page.locator("h1")).to_have_text("Карта детей, затронутых миграцией")
    expect(page.locator("#navbar .nav-link").first).to_have_text("Карта")
    assert "lang=ru" in page.url and "indicator=extreme_poverty_pct" in page.url
    part(page, "table_toggle").click()
    expect(part(page, "table")).to_contain_text("7,5")
    expect(part(page, "table")).not_to_contain_text("7.5")
    page.screenshot(path=artifacts / "map-ru.png", full_page=True)


def test_thousands_use_a_space_in_russian(page, live_server):
    open_map(page, live_server, "?lang=ru&level=2&indicator=population_total&year=2022")
    part(page, "table_toggle").click()
    expect(part(page, "table")).to_contain_text(re.compile(rf"\d{NBSP}\d{{3}}"))


def test_hover_shows_value_unit_year_source_and_quality(page, live_server):
    open_map(page, live_server)
    codes = page.evaluate("() => document.querySelector('.cam-map .js-plotly-plot').data[0]")
    assert codes["locations"], "no area with a value"
    box = (
        page.locator(".cam-map .choroplethlayer .trace").first.locator("path").first.bounding_box()
    )
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.locator(".cam-map .hoverlayer .hovertext").wait_for()
    label = page.locator(".cam-map .hoverlayer").text_content()
    assert "%" in label and "Year: 2018" in label
    assert "Source:" in label and "Quality:" in label


def test_zoom_survives_a_year_change(page, live_server):
    open_map(page, live_server, "?indicator=measles_cases&year=2023")
    scale = (
        "document.querySelector('.cam-map .js-plotly-plot')"
        "._fullLayout.geo._subplot.projection.scale()"
    )
    before = page.evaluate(f"() => {scale}")
    page.locator(".cam-map .modebar-btn[data-val='in']").click()
    page.wait_for_function(f"() => {scale} > {before}")
    zoomed = page.evaluate(f"() => {scale}")
    control(page, "year").select_option("2024")
    settle(page)
    assert page.evaluate(f"() => {scale}") == pytest.approx(zoomed)


def test_invalid_indicator_in_url_shows_friendly_error_and_page_keeps_working(page, live_server):
    page.goto(f"{live_server}/?indicator=no_such_indicator")
    note = page.locator(".cam-url-note")
    expect(note).to_contain_text("no_such_indicator")
    expect(note).not_to_contain_text("Traceback")
    expect(control(page, "indicator")).not_to_have_value("no_such_indicator")
    status = part(page, "status")
    control(page, "indicator").select_option("extreme_poverty_pct")
    page.wait_for_selector(POLYGON)
    settle(page)
    expect(page.locator(POLYGON)).to_have_count(n_units("KGZ", 1))
    assert status.inner_text() == ""


def test_malformed_url_values_fall_back_with_a_note(page, live_server):
    open_map(page, live_server, "?level=9&palette=<b>x</b>")
    notes = page.locator(".alert").all_inner_texts()
    assert any("level" in n and "9" in n for n in notes)
    assert any("<b>x</b>" in n for n in notes)  # shown as text, not markup
    expect(page.locator(".alert b")).to_have_count(0)
    expect(control(page, "palette")).to_have_value("viridis")


def test_phone_width_has_no_horizontal_scroll(make_page, live_server, artifacts):
    page = make_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    open_map(page, live_server)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    page.screenshot(path=artifacts / "map-phone.png", full_page=True)
    nav = page.locator("#navbar .nav-link").first
    assert not nav.is_visible()  # collapsed behind the toggler
    page.locator("#navbar-toggler").click()
    nav.wait_for(state="visible")
    expect(page.locator("#lang-select")).to_be_visible()


def test_controls_are_reachable_by_keyboard(page, live_server):
    open_map(page, live_server)
    reached = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("() => document.activeElement.id"))
    assert "skip-link" in reached and "lang-select" in reached
    for name in ("region", "indicator", "year", "tol", "palette"):
        assert dom_id(MapCard.ids.control("main", name)) in reached, name
    radios = page.evaluate(
        "() => Array.from(document.querySelectorAll('.cam-controls input[type=radio]'))"
        ".every(r => r.tabIndex >= 0)"
    )
    assert radios


CONTRAST_JS = """
els => els.map(el => {
  const rgb = s => s.match(/[\\d.]+/g).map(Number);
  const lum = c => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  let node = el, bg = null;
  while (node && node.nodeType === 1) {
    const c = getComputedStyle(node).backgroundColor;
    if (c && !c.startsWith('rgba(0, 0, 0, 0)') && c !== 'transparent') { bg = c; break; }
    node = node.parentElement;
  }
  const fg = lum(rgb(getComputedStyle(el).color)), back = lum(rgb(bg || 'rgb(255,255,255)'));
  return [el.textContent.trim().slice(0, 30),
          (Math.max(fg, back) + 0.05) / (Math.min(fg, back) + 0.05)];
})
"""


def test_text_contrast_meets_wcag_aa(page, live_server):
    open_map(page, live_server)
    selectors = "#navbar .nav-link, .navbar-brand, label, legend, .cam-note, .cam-footer p, h1, h2"
    ratios = page.eval_on_selector_all(selectors, CONTRAST_JS)
    assert ratios
    low = [(text, round(r, 2)) for text, r in ratios if r < 4.5]
    assert not low, low


def test_graph_has_aria_label_and_text_alternative(page, live_server):
    open_map(page, live_server)
    region = part(page, "figure_region")
    label = region.get_attribute("aria-label")
    assert label and label.startswith("Choropleth map of") and "2018" in label
    described = region.get_attribute("aria-describedby")
    summary = page.locator(f"[id='{described}']").inner_text()
    assert "3 of 9 areas have a value" in summary
    rows = part(page, "table").locator("tbody tr")
    expect(rows).to_have_count(0)  # not sent until opened
    part(page, "table_toggle").click()
    expect(rows).to_have_count(3)
    assert json.loads(described)["subcomponent"] == "summary"


def test_region_filter_draws_only_that_regions_districts(page, live_server):
    from geodata.layers import units

    open_map(page, live_server, "?level=2&indicator=population_total&year=2022")
    control(page, "region").select_option("KG-O")
    settle(page)
    districts = units("KGZ", 2)
    expected = int((districts["parent_code"] == "KG-O").sum())
    expect(page.locator(POLYGON)).to_have_count(expected)
    assert "region=KG-O" in page.url
    assert len(geometry_requests(page)) == 1  # same layer: only the drawn areas changed


def test_kyrgyz_interface_names_regions_in_kyrgyz(page, live_server, artifacts):
    open_map(page, live_server, "?lang=ky&indicator=extreme_poverty_pct&year=2021")
    assert page.locator("html").get_attribute("lang") == "ky"
    part(page, "table_toggle").click()
    expect(part(page, "table")).to_contain_text("Ош облусу")
    expect(part(page, "table")).to_contain_text("Чүй облусу")
    expect(page.locator("#lang-select")).to_have_value("ky")
    page.screenshot(path=artifacts / "map-ky.png", full_page=True)
