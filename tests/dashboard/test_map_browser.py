"""End-to-end: the map page under gunicorn in headless Chromium (see tests/conftest.py).

Every test also checks, through the ``page`` fixture, that the browser console stayed free of
errors (including CSP violations) and that no request left 127.0.0.1.
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import graphs_resized_js
from playwright.sync_api import expect

from dashboard.components.map_card import MapCard, dom_id
from dashboard.i18n.numbers import NBSP

pytestmark = pytest.mark.browser
POLYGON = ".cam-map path.choroplethlocation"
# After its first figure the map is drawn once more, by the Region panel's highlight step
# (camRegion.fadeMap gives the choropleth traces `unselected`), and fitted to its box by
# dcc.Graph; then, until the user acts, it stays as it is.
MAP_DONE_JS = f"""() => {{
  const gd = document.querySelector('.cam-map .js-plotly-plot');
  return Boolean(gd && gd.data && gd.data.length && gd.data[0].unselected)
    && ({graphs_resized_js(MapCard.ids.graph("main"))})();
}}"""


def control(page, name: str):
    """The map card's control ``name`` (a select or a radio group)."""
    return page.locator(f"[id='{dom_id(MapCard.ids.control('main', name))}']")


def part(page, name: str):
    """Another part of the map card (``title``, ``note``, ``status``, ``table`` ...)."""
    return page.locator(f"[id='{dom_id(getattr(MapCard.ids, name)('main'))}']")


def open_map(page, live_server: str, query: str = "") -> None:
    """Open the map page and wait until the map for the URL is drawn and will not be redrawn
    (the callback that draws it also sets the title, note and summary)."""
    page.goto(f"{live_server}/{query}")
    expect(page.locator(POLYGON).first).to_be_attached()
    page.wait_for_function(MAP_DONE_JS)


# The polygons' fill colours, and the values Plotly drew them for (d3 keeps each path's datum).
_ALL_POLYGONS = f"[...document.querySelectorAll({json.dumps(POLYGON)})]"
FILLS_JS = f"() => {_ALL_POLYGONS}.map(e => e.getAttribute('fill'))"
DRAWN_JS = f"() => {_ALL_POLYGONS}.map(e => e.__data__.z)"


def fills(page) -> list[str]:
    return page.evaluate(FILLS_JS)


def _wait_for_polygons(page, js: str, values: list, equal: bool) -> None:
    """Wait until ``js`` (a list per polygon) gives ``values`` (``equal``) or anything else."""
    page.wait_for_function(
        f"([old, equal]) => {{ const now = ({js})();"
        " return now.length > 0 && (JSON.stringify(now) === JSON.stringify(old)) === equal; }",
        arg=[values, equal],
    )


def wait_for_fills(page, colours: list[str]) -> None:
    """Wait until the map is drawn in ``colours``."""
    _wait_for_polygons(page, FILLS_JS, colours, equal=True)


def wait_for_new_fills(page, before: list[str]) -> None:
    """Wait until the map is drawn in other colours than ``before``."""
    _wait_for_polygons(page, FILLS_JS, before, equal=False)


def wait_for_redraw(page, before: list) -> None:
    """Wait until Plotly has drawn the polygons for other values than ``before`` (from
    :data:`DRAWN_JS`): the new figure is on screen, not only in the graph's props."""
    _wait_for_polygons(page, DRAWN_JS, before, equal=False)


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
    expect(page).to_have_title("CAM Atlas")
    button = ".cam-map .modebar-btn[data-title='{}']"
    expect(page.locator(button.format("Download plot as a PNG"))).to_have_count(1)
    expect(page.locator(button.format("Share chart..."))).to_have_count(0)
    page.screenshot(path=artifacts / f"map-{'-'.join(countries)}-{level}.png", full_page=True)


def test_default_view_shows_real_mics_values_and_no_data_hatched(page, live_server):
    open_map(page, live_server)
    expect(part(page, "title")).to_contain_text("2018")
    expect(part(page, "note")).to_contain_text("2018 for 3 regions")
    expect(part(page, "note")).to_contain_text("No data for 6 regions")
    page.wait_for_function(
        f"() => {_ALL_POLYGONS}"
        ".filter(e => getComputedStyle(e).fill.includes('cam-nodata-hatch')).length === 6"
    )
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
    expect(part(page, "title")).to_have_text("Measles cases reported, 2024")
    wait_for_new_fills(page, before)
    after_year = fills(page)
    control(page, "indicator").select_option("extreme_poverty_pct")
    # no value in 2024: the year moves to the latest one (a second update); wait for that one
    expect(part(page, "title")).to_have_text("Extreme poverty rate, % of population, 2022")
    wait_for_new_fills(page, after_year)
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
    first, drawn = page.evaluate(scale), page.evaluate(DRAWN_JS)
    control(page, "year").select_option("2024")
    wait_for_redraw(page, drawn)
    assert page.evaluate(scale) == first


def test_settings_round_trip_through_the_url(page, live_server, make_page):
    open_map(page, live_server)
    control(page, "indicator").select_option("extreme_poverty_pct")
    title = "Extreme poverty rate, % of population, 2018"
    expect(part(page, "title")).to_have_text(title)
    control(page, "palette").select_option("cividis")
    page.get_by_label("Fixed across all years (to compare years)").check()
    settings = {"indicator": "extreme_poverty_pct", "palette": "cividis", "breaks": "fixed"}
    for key, value in settings.items():
        expect(page).to_have_url(re.compile(rf"[?&]{key}={value}(&|$)"))

    other = make_page()
    open_map(other, live_server, page.url.removeprefix(live_server + "/"))
    expect(control(other, "indicator")).to_have_value("extreme_poverty_pct")
    expect(control(other, "palette")).to_have_value("cividis")
    expect(part(other, "title")).to_have_text(title)
    # the link's first figure is final; the first page gets there once its updates are drawn
    wait_for_fills(page, fills(other))


def test_language_switch_translates_labels_and_number_format(page, live_server, artifacts):
    open_map(page, live_server, "?indicator=extreme_poverty_pct&year=2021")
    part(page, "table_toggle").click()
    expect(part(page, "table")).to_contain_text("7.5")
    page.locator("#lang-select").select_option("ru")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.locator("h1")).to_have_text("Карта детей, затронутых миграцией")
    expect(page.locator("#navbar .nav-link").first).to_have_text("Карта")
    expect(page).to_have_url(re.compile(r"[?&]lang=ru(&|$)"))
    expect(page).to_have_url(re.compile(r"[?&]indicator=extreme_poverty_pct(&|$)"))
    # the page is rebuilt in Russian: open the new card's table once its map is drawn
    expect(part(page, "title")).to_have_text("Уровень крайней бедности, % населения, 2021")
    expect(page.locator(POLYGON).first).to_be_attached()
    expect(part(page, "table_toggle")).to_have_text("Показать карту в виде таблицы")
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
    page.wait_for_function(  # an area with a value
        "() => document.querySelector('.cam-map .js-plotly-plot').data[0].locations.length > 0"
    )
    box = (
        page.locator(".cam-map .choroplethlayer .trace").first.locator("path").first.bounding_box()
    )
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    label = page.locator(".cam-map .hoverlayer")
    for text in ("%", "Year: 2018", "Source:", "Quality:"):
        expect(label).to_contain_text(text)


def test_zoom_survives_a_year_change(page, live_server):
    open_map(page, live_server, "?indicator=measles_cases&year=2023")
    scale = (
        "document.querySelector('.cam-map .js-plotly-plot')"
        "._fullLayout.geo._subplot.projection.scale()"
    )
    before = page.evaluate(f"() => {scale}")
    page.locator(".cam-map .modebar-btn[data-val='in']").click()
    page.wait_for_function(f"() => {scale} > {before}")
    zoomed, drawn = page.evaluate(f"() => {scale}"), page.evaluate(DRAWN_JS)
    control(page, "year").select_option("2024")
    wait_for_redraw(page, drawn)
    assert page.evaluate(f"() => {scale}") == pytest.approx(zoomed)


def test_invalid_indicator_in_url_shows_friendly_error_and_page_keeps_working(page, live_server):
    page.goto(f"{live_server}/?indicator=no_such_indicator")
    note = page.locator(".cam-url-note")
    expect(note).to_contain_text("no_such_indicator")
    expect(note).not_to_contain_text("Traceback")
    expect(control(page, "indicator")).not_to_have_value("no_such_indicator")
    status = part(page, "status")
    control(page, "indicator").select_option("extreme_poverty_pct")
    expect(part(page, "title")).to_contain_text("Extreme poverty rate")
    expect(page.locator(POLYGON)).to_have_count(n_units("KGZ", 1))
    expect(status).to_be_empty()


def test_malformed_url_values_fall_back_with_a_note(page, live_server):
    open_map(page, live_server, "?level=9&palette=<b>x</b>")
    notes = page.locator(".alert")
    expect(notes.filter(has_text="level").filter(has_text="9")).not_to_have_count(0)
    expect(notes.filter(has_text="<b>x</b>")).not_to_have_count(0)  # shown as text, not markup
    expect(page.locator(".alert b")).to_have_count(0)
    expect(control(page, "palette")).to_have_value("viridis")


def test_phone_width_has_no_horizontal_scroll(make_page, live_server, artifacts):
    page = make_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    open_map(page, live_server)
    page.wait_for_function("() => document.documentElement.scrollWidth <= 390")
    page.screenshot(path=artifacts / "map-phone.png", full_page=True)
    nav = page.locator("#navbar .nav-link").first
    expect(nav).to_be_hidden()  # collapsed behind the toggler
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
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.cam-controls input[type=radio]'))"
        ".every(r => r.tabIndex >= 0)"
    )


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
    expect(region).to_have_attribute("aria-label", re.compile(r"^Choropleth map of.*2018"))
    described = region.get_attribute("aria-describedby")
    expect(page.locator(f"[id='{described}']")).to_contain_text("3 of 9 areas have a value")
    rows = part(page, "table").locator("tbody tr")
    expect(rows).to_have_count(0)  # not sent until opened
    part(page, "table_toggle").click()
    expect(rows).to_have_count(3)
    assert json.loads(described)["subcomponent"] == "summary"


def test_region_filter_draws_only_that_regions_districts(page, live_server):
    from geodata.layers import units

    open_map(page, live_server, "?level=2&indicator=population_total&year=2022")
    control(page, "region").select_option("KG-O")
    districts = units("KGZ", 2)
    expected = int((districts["parent_code"] == "KG-O").sum())
    expect(page.locator(POLYGON)).to_have_count(expected)
    expect(page).to_have_url(re.compile(r"[?&]region=KG-O(&|$)"))
    assert len(geometry_requests(page)) == 1  # same layer: only the drawn areas changed


def test_kyrgyz_interface_names_regions_in_kyrgyz(page, live_server, artifacts):
    open_map(page, live_server, "?lang=ky&indicator=extreme_poverty_pct&year=2021")
    expect(page.locator("html")).to_have_attribute("lang", "ky")
    part(page, "table_toggle").click()
    expect(part(page, "table")).to_contain_text("Ош облусу")
    expect(part(page, "table")).to_contain_text("Чүй облусу")
    expect(page.locator("#lang-select")).to_have_value("ky")
    page.screenshot(path=artifacts / "map-ky.png", full_page=True)
