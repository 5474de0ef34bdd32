"""End-to-end (issue #10): labels, small-area markers, the bar chart beside the map, the level
switch keeping or explaining the indicator, URL notes, and the phone layout.

Desktop 1440×900 and phone 390×844 in headless Chromium against gunicorn (tests/conftest.py);
every page is also checked for console errors and external requests at teardown.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect
from test_map_browser import open_map

from dashboard.components.map_card import MapCard, dom_id
from dashboard.map.figures import (
    BAR_EXTRA_PX,
    BAR_MIN_PX,
    BAR_ROW_PX,
    LABEL_DARK,
    LABEL_LIGHT,
    NODATA_FILL,
)
from dashboard.scores.callbacks import control as scores_control

pytestmark = pytest.mark.browser
POLYGON = ".cam-map path.choroplethlocation"
LABELS = ".cam-map .geo .trace.scattergeo text"
MARKERS = ".cam-map .geo .trace.scattergeo path.point"
BAR_LABELS = ".cam-bars .yaxislayer-above text"
LEFT_BEHIND = "?country=KGZ&level=1&indicator=left_behind_any_parent_pct&year=2018"
DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}


# The bar chart's rows as plotly holds them.
BARS_JS = """() => {
  const gd = document.querySelector('.cam-bars .js-plotly-plot');
  return {x: gd.data[0].x, y: gd.data[0].y, nodata: gd.data[1].y,
          categories: gd.layout.yaxis.categoryarray, height: gd.layout.height};
}"""
# Each area's fill (trace 0), each marker's fill by code and each label's text and colour.
MAP_COLOURS_JS = """() => {
  const gd = document.querySelector('.cam-map .js-plotly-plot');
  const values = gd.data[0], markers = gd.data[2], labels = gd.data[3];
  const fills = {};
  values.locations.forEach((code, i) => {
    const k = Math.floor(values.z[i]);
    const scale = values.colorscale;
    fills[code] = scale[Math.min(2 * k + 1, scale.length - 1)][1];
  });
  return {
    fills: fills,
    markers: markers.locations.map((code, i) => [code, markers.marker.color[i]]),
    labels: labels.text.map((text, i) => [text, labels.textfont.color[i]]),
  };
}"""


def part(page, name: str, *args: str):
    """A part of the map card (``control`` takes the control's name)."""
    return page.locator(f"[id='{dom_id(getattr(MapCard.ids, name)('main', *args))}']")


def boxes_overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


# The map's visible labels do not overlap (cam-atlas.js hides overlapping ones after a redraw).
LABELS_APART_JS = f"""() => {{
  const boxes = [...document.querySelectorAll({json.dumps(LABELS)})]
    .filter(e => e.style.display !== 'none').map(e => e.getBoundingClientRect());
  const overlap = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width
    && a.y < b.y + b.height && b.y < a.y + a.height;
  return boxes.every((a, i) => boxes.slice(i + 1).every(b => !overlap(a, b)));
}}"""
BAR_VALUES = ".cam-bars .trace.bars .point text"  # the bar chart's value labels


def visible_label_boxes(page) -> list[dict]:
    return page.eval_on_selector_all(
        LABELS,
        "els => els.filter(e => e.style.display !== 'none')"
        ".map(e => { const r = e.getBoundingClientRect();"
        " return {x: r.x, y: r.y, width: r.width, height: r.height, text: e.textContent}; })",
    )


def test_labels_show_names_and_values_without_overlap(make_page, live_server, artifacts):
    page = make_page(viewport=DESKTOP)
    open_map(page, live_server, "?country=KAZ&level=1&indicator=population_total&year=2023")
    expect(page.locator(LABELS).first).to_be_attached()
    # Each label is "name / value"; overlapping ones are hidden (largest areas keep theirs).
    expect(page.locator(LABELS).filter(has_text="Karaganda")).to_be_visible()
    page.wait_for_function(LABELS_APART_JS)
    boxes = visible_label_boxes(page)
    assert len(boxes) >= 8
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not boxes_overlap(a, b), (a["text"], b["text"])
    page.screenshot(path=str(artifacts / "map-labels-desktop.png"))
    # Labels can be switched off, and the choice is kept in the URL.
    part(page, "control", "labels").get_by_label("Hide").check()
    expect(page.locator(LABELS).first).to_be_hidden()
    expect(page).to_have_url(re.compile(r"[?&]labels=off"))


def test_city_marker_opens_its_region_panel(make_page, live_server, artifacts):
    page = make_page(viewport=DESKTOP)
    open_map(page, live_server, "?country=KGZ&level=1&indicator=population_total")
    # Bishkek and Osh city are specks at this scale: they get markers in the legend too.
    expect(page.locator(MARKERS)).to_have_count(2)
    expect(page.locator(".cam-map .legend").get_by_text("Small areas (cities)")).to_be_visible()
    # Click the marker drawn at Bishkek's centroid: its Region panel opens.
    page.locator(MARKERS).first.click(force=True)
    expect(page.locator(".cam-region-head h3")).to_contain_text("Bishkek")
    page.screenshot(path=str(artifacts / "map-city-marker-panel.png"))


def test_bar_chart_follows_the_map(make_page, live_server):
    page = make_page(viewport=DESKTOP)
    open_map(
        page, live_server, "?country=KGZ&level=1&indicator=left_behind_any_parent_pct&year=2018"
    )
    bars = page.locator(BAR_LABELS)
    expect(bars).to_have_count(9)  # every region: values sorted, then the hatched "no data" rows
    labels = bars.all_text_contents()
    hatched = page.locator(".cam-bars .trace.bars").nth(1).locator("path")
    expect(hatched).to_have_count(6)  # 6 regions without a 2018 value
    assert labels[-1] != "" and labels[:3] != labels[-3:]
    # Another indicator: the chart shows the same areas and values as the map.
    texts = "els => els.map(e => e.textContent)"
    before = page.eval_on_selector_all(BAR_VALUES, texts)
    part(page, "control", "indicator").select_option("population_total")
    page.wait_for_function(  # the chart shows the new values ...
        f"old => {{ const now = [...document.querySelectorAll('{BAR_VALUES}')]"
        ".map(e => e.textContent);"
        " return now.length > 0 && JSON.stringify(now) !== JSON.stringify(old); }",
        arg=before,
    )
    nodata = page.locator(f'{POLYGON}[fill="{NODATA_FILL}"]')
    page.wait_for_function(  # ... and the map's "no data" areas are the chart's hatched bars
        f"""() => {{ const traces = document.querySelectorAll('.cam-bars .trace.bars');
          const hatched = traces.length > 1 ? traces[1].querySelectorAll('path').length : 0;
          return document.querySelectorAll('{POLYGON}[fill="{NODATA_FILL}"]').length === hatched;
        }}"""
    )
    n_nodata = nodata.count()
    expect(page.locator(".cam-bars .trace.bars").nth(1).locator("path")).to_have_count(n_nodata)
    values = page.eval_on_selector_all(BAR_VALUES, texts)
    assert len(values) == 9 - n_nodata
    numbers = [float(v.replace(",", "")) for v in values]
    assert numbers == sorted(numbers, reverse=True)
    # Built in the browser (cam.drawMap): largest on top, no-data rows last, one row each.
    bars = page.evaluate(BARS_JS)
    assert bars["x"] == sorted(bars["x"], reverse=True)
    assert bars["categories"] == (bars["y"] + bars["nodata"])[::-1]
    assert bars["height"] == max(BAR_MIN_PX, BAR_EXTRA_PX + BAR_ROW_PX * len(bars["categories"]))


def test_markers_and_labels_take_their_colours_from_the_areas(make_page, live_server):
    page = make_page(viewport=DESKTOP)
    open_map(page, live_server, "?country=KAZ&level=1&indicator=population_total&year=2023")
    drawn = page.evaluate(MAP_COLOURS_JS)
    fills = drawn["fills"]
    assert drawn["markers"], "no small-area marker"
    for code, colour in drawn["markers"]:
        assert colour == fills.get(code, NODATA_FILL), code
    light = [text for text, colour in drawn["labels"] if colour == LABEL_LIGHT]
    dark = [text for text, colour in drawn["labels"] if colour == LABEL_DARK]
    assert light and dark, drawn["labels"]  # white on the darkest classes, dark elsewhere
    assert all("<br><b>" in text for text in light)  # name and value


def test_level_switch_explains_and_restores_the_indicator(make_page, live_server, artifacts):
    page = make_page(viewport=DESKTOP)
    open_map(
        page, live_server, "?country=KGZ&level=1&indicator=left_behind_any_parent_pct&year=2018"
    )
    indicator, year = part(page, "control", "indicator"), part(page, "control", "year")
    part(page, "control", "level").get_by_label("Districts").check()
    note = part(page, "switch_note")
    expect(note).to_contain_text("Children with at least one parent abroad")
    expect(indicator).not_to_have_value("left_behind_any_parent_pct")
    page.screenshot(path=str(artifacts / "map-level-switch-note.png"))
    part(page, "control", "level").get_by_label("Regions").check()
    expect(indicator).to_have_value("left_behind_any_parent_pct")
    expect(year).to_have_value("2018")
    expect(note).to_be_hidden()


def test_level_switch_keeps_an_indicator_that_exists_there(make_page, live_server):
    page = make_page(viewport=DESKTOP)
    open_map(page, live_server, "?country=KGZ&level=1&indicator=population_total&year=2022")
    indicator = part(page, "control", "indicator")
    part(page, "control", "level").get_by_label("Districts").check()
    # the options become the districts' (without this regions-only indicator) ...
    expect(indicator.locator("option[value='left_behind_any_parent_pct']")).to_have_count(0)
    # ... and the chosen indicator and year stay
    expect(indicator).to_have_value("population_total")
    expect(part(page, "control", "year")).to_have_value("2022")
    expect(part(page, "switch_note")).to_be_hidden()


def test_invalid_map_link_values_are_named_and_controls_valid(make_page, live_server):
    page = make_page(viewport=DESKTOP)
    open_map(page, live_server, "?indicator=nonsense&year=abc")
    notes = page.locator(".cam-url-note")
    expect(notes.filter(has_text="“nonsense”")).to_be_visible()
    expect(notes.filter(has_text="“abc”")).to_contain_text("latest year")
    expect(part(page, "control", "indicator")).not_to_have_value("nonsense")
    expect(part(page, "control", "year")).not_to_have_value("")
    expect(page.locator(POLYGON).first).to_be_attached()


def test_invalid_scores_link_values_are_named_and_controls_valid(make_page, live_server):
    page = make_page(viewport=DESKTOP)
    page.goto(f"{live_server}/scores?year=abc&ind=foo,bar")
    notes = page.locator(".cam-url-note")
    expect(notes.filter(has_text="“abc”")).to_be_visible()
    expect(notes.filter(has_text="“foo,bar”")).to_contain_text("pre-selected")
    year = page.locator(f"[id='{dom_id(scores_control('year'))}']")
    expect(year).not_to_have_value("")


def test_phone_settings_fold_above_the_map_and_nothing_overlaps(make_page, live_server, artifacts):
    page = make_page(viewport=PHONE, is_mobile=True, has_touch=True)
    open_map(page, live_server, "?lang=ru&country=KGZ&level=1&indicator=extreme_poverty_pct")
    toggle = part(page, "controls_toggle")
    expect(toggle).to_be_visible()
    expect(part(page, "controls_panel")).to_be_hidden()
    # The settings button comes before the map.
    assert toggle.bounding_box()["y"] < page.locator(".cam-map").bounding_box()["y"]
    colourbar = page.locator(".cam-map .colorbar").first
    expect(colourbar).to_be_visible()
    caption = part(page, "note")
    expect(caption).to_be_visible()
    assert not boxes_overlap(colourbar.bounding_box(), caption.bounding_box())
    title = page.locator(".cam-map .colorbar .cbtitle").first
    box = title.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    page.screenshot(path=str(artifacts / "map-phone-ru.png"), full_page=True)
    toggle.click()
    expect(part(page, "controls_panel")).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")


def test_keyboard_change_of_indicator_drops_the_old_hover_box(make_page, live_server):
    page = make_page(viewport=DESKTOP)
    open_map(page, live_server, LEFT_BEHIND)
    box = page.locator(".cam-map .choroplethlayer .trace").first.locator("path").first
    area = box.bounding_box()
    page.mouse.move(area["x"] + area["width"] / 2, area["y"] + area["height"] / 2)
    hover = page.locator(".cam-map .hoverlayer .hovertext")
    expect(hover).to_have_count(1)
    # The pointer stays where it is; the indicator changes from the keyboard.
    part(page, "control", "indicator").focus()
    page.keyboard.press("ArrowDown")
    expect(part(page, "control", "indicator")).not_to_have_value("left_behind_any_parent_pct")
    expect(hover).to_have_count(0)


def test_phone_hover_boxes_stay_on_the_screen(make_page, live_server):
    page = make_page(viewport=PHONE, is_mobile=True)
    open_map(page, live_server, "?lang=ru&country=KGZ&level=1&indicator=extreme_poverty_pct")
    areas = page.locator(".cam-map .choroplethlayer .trace").first.locator("path")
    hovers = page.locator(".cam-map .hoverlayer .hovertext")
    hover = hovers.first
    for i in range(areas.count()):
        # Off the map first: the box measured below is this area's, not the one before (Plotly
        # draws a hover at most every 50 ms, so it can come after the move).
        page.mouse.move(0, 0)
        expect(hovers).to_have_count(0)
        box = areas.nth(i).bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        expect(hover).to_be_visible()
        shown = hover.bounding_box()
        assert shown["x"] >= 0 and shown["x"] + shown["width"] <= PHONE["width"], i
