"""End-to-end: what the Gap scores page says about indicators left out, and the
need-versus-services view linked to the map (gunicorn + headless Chromium, tests/conftest.py).

The ``page`` fixture also fails a test on any console error and on any request leaving
127.0.0.1. Waits use Playwright's retrying ``expect()`` and ``wait_for_function``, never sleeps.
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from conftest import graphs_resized_js
from playwright.sync_api import expect

from dashboard.components.map_card import dom_id
from dashboard.scores.callbacks import control, pid
from dashboard.scores.weights import WHY, part_id

pytestmark = pytest.mark.browser
POLYGON = ".cam-map path.choroplethlocation"
POINTS = ".cam-plane .scatterlayer .trace:first-child path.point"
RING = ".cam-plane .scatterlayer .trace:nth-child(2) path.point"
SMALL = "ind=extreme_poverty_pct,measles_cases_per_10000&year=2023"
# the map areas drawn with the highlight outline, by area code (Plotly keeps it in __data__)
OUTLINED_JS = """() => [...document.querySelectorAll('.cam-map path.choroplethlocation')]
  .filter(e => e.style.strokeWidth === '3px').map(e => e.__data__.loc)"""


def by_id(page, component_id: dict):
    return page.locator(f"[id='{dom_id(component_id)}']")


def outlined(page) -> list[str]:
    return page.evaluate(OUTLINED_JS)


def point_of(page, name: str) -> dict:
    """The centre of the plane's point for the area ``name`` (found by its hover data)."""
    index = page.evaluate(
        """name => {
          const gd = document.querySelector('.cam-plane .js-plotly-plot');
          return gd.data[0].customdata.findIndex(c => c[1] === name);
        }""",
        name,
    )
    assert index >= 0, name
    box = page.locator(POINTS).nth(index).bounding_box()
    return {"x": box["x"] + box["width"] / 2, "y": box["y"] + box["height"] / 2}


def test_a_card_left_out_of_the_score_says_why(page, live_server, artifacts):
    query = "?ind=extreme_poverty_pct,measles_cases_per_10000,ece_attendance_36_59m_pct&year=2023"
    page.goto(f"{live_server}/scores{query}")
    why = by_id(page, part_id(WHY, "ece_attendance_36_59m_pct"))
    expect(why).to_be_visible(timeout=30_000)
    expect(why).to_have_text(
        "Not in the score — outside the year window: no value in 2020–2023, latest year 2014."
    )
    expect(by_id(page, part_id(WHY, "extreme_poverty_pct"))).to_be_hidden()  # it is in
    expect(by_id(page, pid("notes"))).to_contain_text("1 chosen indicator is left out")
    expect(by_id(page, pid("mincov-value"))).to_have_text("now 67%: 6 of 9 areas")
    card = why.locator("xpath=..")
    card.scroll_into_view_if_needed()
    card.screenshot(path=artifacts / "scores-excluded-card.png")
    # Russian: the same reason, translated
    page.locator("#lang-select").select_option("ru")
    expect(by_id(page, part_id(WHY, "ece_attendance_36_59m_pct"))).to_contain_text(
        "последний год 2014", timeout=30_000
    )


def test_the_coverage_share_is_adjustable_and_in_the_url(page, live_server, artifacts):
    # Kazakhstan 2023: preschool coverage is known for 3 of 20 regions, so nothing is ranked
    page.goto(f"{live_server}/scores?country=KAZ&ind=preschool_coverage_pct&year=2023")
    why = by_id(page, part_id(WHY, "preschool_coverage_pct"))
    # the first Kazakh view is computed on demand (Monte Carlo over 20 regions): allow for it
    expect(why).to_have_text(
        "Not in the score — too few areas: 3 of 20, 67% needed.", timeout=30_000
    )
    expect(by_id(page, pid("notes"))).to_contain_text("No chosen indicator has values for enough")
    page.screenshot(path=artifacts / "scores-kaz-none-covers.png", full_page=True)
    handle = by_id(page, control("mincov")).locator("[role=slider]").first
    handle.focus()
    handle.press("Home")  # 0 %: any value is enough, the user's explicit choice
    expect(page).to_have_url(re.compile(r"[?&]mincov=0(&|$)"))
    expect(why).to_be_hidden()
    expect(by_id(page, pid("mincov-value"))).to_have_text("now 0%: 1 of 20 areas")
    expect(by_id(page, pid("notes"))).not_to_contain_text("No chosen indicator")
    first = page.locator(".cam-scores-grid .ag-row[row-index='0'] [col-id=rank]")
    expect(first).to_have_text("1")  # the three regions with a value are ranked now


def test_need_versus_services_hover_highlights_the_area_and_the_url_restores_it(
    page, live_server, artifacts
):
    page.goto(f"{live_server}/scores?{SMALL}")
    # The page has answered once (its query is in the URL) before the tab is clicked: on a
    # loaded CI machine a click during the first answer once left view=map in the URL.
    expect(page).to_have_url(re.compile(r"[?&]view=map(&|$)"))
    page.get_by_role("tab", name="Need versus services").click()
    expect(page.locator(POINTS)).to_have_count(9, timeout=30_000)  # every region is scored
    expect(page).to_have_url(re.compile(r"[?&]view=plane(&|$)"))
    expect(page.locator(".cam-plane")).to_contain_text("Batken Region")  # points are labelled
    expect(by_id(page, pid("plane-reference"))).to_contain_text("Dashed lines: national value")
    # hover once plane and map are fitted to their new boxes (a redraw would drop the hover)
    page.wait_for_function(graphs_resized_js(pid("plane"), pid("graph")))
    # hovering a point outlines its area on the map
    batken = point_of(page, "Batken Region")
    page.mouse.move(batken["x"], batken["y"])
    expect(page.locator(".cam-plane .hoverlayer")).to_contain_text("Batken Region")
    page.wait_for_function(f"() => ({OUTLINED_JS})().join() === 'KG-B'")
    page.screenshot(path=artifacts / "scores-plane-hover.png", full_page=True)
    # a click keeps it (ring on the plane, outline on the map) and puts it in the URL
    naryn = point_of(page, "Naryn Region")
    page.mouse.click(naryn["x"], naryn["y"])
    expect(page).to_have_url(re.compile(r"[?&]hl=KG-N(&|$)"))
    expect(page.locator(RING)).to_have_count(1)
    page.mouse.move(5, 5)  # leaving the plane: the clicked area stays outlined
    page.wait_for_function(f"() => ({OUTLINED_JS})().join() === 'KG-N'")
    shared = page.url
    page.goto("about:blank")
    page.goto(shared)
    expect(page.get_by_role("tab", name="Need versus services")).to_have_class(
        re.compile(r"\bactive\b")
    )
    expect(page.locator(POINTS)).to_have_count(9, timeout=30_000)
    expect(page.locator(RING)).to_have_count(1)
    page.wait_for_function(f"() => ({OUTLINED_JS})().join() === 'KG-N'")
    page.screenshot(path=artifacts / "scores-plane.png", full_page=True)
    # the plane's data and sources download
    with page.expect_download() as info:
        by_id(page, pid("plane-download-button")).click()
    download = info.value
    assert download.suggested_filename == "cam-atlas-need-vs-services-KGZ-1-2023.csv"
    text = download.path().read_text(encoding="utf-8-sig")
    assert "# reference lines (national)" in text
    rows = list(
        csv.DictReader(
            io.StringIO(
                "".join(line for line in text.splitlines(keepends=True) if not line.startswith("#"))
            )
        )
    )
    assert len(rows) == 9 and all(r["sources_extreme_poverty_pct"] for r in rows)


def test_the_score_csv_carries_the_header_notes(page, live_server):
    query = "ind=extreme_poverty_pct,measles_cases_per_10000,ece_attendance_36_59m_pct&year=2023"
    page.goto(f"{live_server}/scores?{query}")
    expect(page.locator(".cam-scores-grid .ag-row")).to_have_count(9, timeout=30_000)
    with page.expect_download() as info:
        by_id(page, pid("download-button")).click()
    text = info.value.path().read_text(encoding="utf-8-sig")
    assert text.startswith("# CAM Atlas gap scores, method 2.0")
    assert "# left out: ece_attendance_36_59m_pct: outside the year window 2020-2023" in text


# True once the plane's visible point names are drawn and no two of them overlap (3 px of the
# text boxes' blank ascent/descent allowed, as assets/cam-atlas.js declutterPlane does).
NAMES_APART_JS = """() => {
  const names = '.cam-plane .scatterlayer .trace:first-child .textpoint text';
  const boxes = [...document.querySelectorAll(names)]
    .filter((t) => t.style.display !== 'none').map((t) => t.getBoundingClientRect());
  if (boxes.length < 3) return false;
  return boxes.every((a, i) => boxes.every((b, j) => j <= i || a.right <= b.left
    || b.right <= a.left || a.bottom - 3 <= b.top || b.bottom - 3 <= a.top));
}"""


def test_plane_names_never_print_over_each_other_on_a_phone(make_page, live_server):
    page = make_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    page.goto(f"{live_server}/scores?view=plane")
    expect(page.locator(POINTS)).to_have_count(9)
    page.wait_for_function(NAMES_APART_JS)
    hidden = page.locator(".cam-plane .textpoint text[style*='display: none']")
    assert hidden.count() < 9  # names that fit stay


# The centre of the box around an area's outline on the scores map.
AREA_CENTRE_JS = """code => {
  const area = [...document.querySelectorAll('.cam-map path.choroplethlocation')]
    .find((e) => e.__data__ && e.__data__.loc === code);
  if (!area) return null;
  const r = area.getBoundingClientRect();
  return {x: r.left + r.width / 2, y: r.top + r.height / 2};
}"""


def test_hovering_an_area_on_the_map_rings_its_point_on_the_plane(page, live_server):
    page.goto(f"{live_server}/scores?{SMALL}&view=plane")
    expect(page.locator(POINTS)).to_have_count(9, timeout=30_000)
    page.wait_for_function(graphs_resized_js(pid("plane"), pid("graph")))
    expect(page.locator(RING)).to_have_count(0)
    centre = page.evaluate(AREA_CENTRE_JS, "KG-N")
    assert centre, "Naryn Region is not drawn"
    page.mouse.move(centre["x"], centre["y"])
    expect(page.locator(".cam-map .hoverlayer")).to_contain_text("Naryn Region")
    expect(page.locator(RING)).to_have_count(1)
    ring = page.locator(RING).bounding_box()
    naryn = point_of(page, "Naryn Region")
    assert abs(ring["x"] + ring["width"] / 2 - naryn["x"]) < 3
    assert abs(ring["y"] + ring["height"] / 2 - naryn["y"]) < 3
    page.mouse.move(5, 5)  # off the map: nothing was clicked, so the ring goes
    expect(page.locator(RING)).to_have_count(0)
