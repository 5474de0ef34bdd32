"""End-to-end: the map shows another dataset (an imported table or the SYNTHETIC demo) on request,
never by default, and the synthetic one only under a visible banner."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect
from test_map_browser import POLYGON, control, open_map, part

from dashboard.map.figures import NODATA_FILL

pytestmark = pytest.mark.browser
BANNER = "#map-synthetic-banner"
# How many polygons the map draws, and how many of them in a colour (not the "no data" grey).
COUNTS_JS = f"""() => {{
  const fills = [...document.querySelectorAll({json.dumps(POLYGON)})]
    .map(e => (e.getAttribute('fill') || '').replace(/ /g, ''));
  const nodata = {json.dumps(NODATA_FILL.replace(" ", ""))};
  return {{drawn: fills.length, coloured: fills.filter(f => f && f !== nodata).length}};
}}"""


def test_default_map_shows_cited_figures_without_a_banner(page, live_server):
    open_map(page, live_server)
    expect(control(page, "dataset")).to_have_value("default")
    expect(page.locator(BANNER)).to_have_count(0)


def test_synthetic_demo_districts_are_drawn_under_a_banner(page, live_server):
    open_map(page, live_server, "?country=KGZ&level=2&dataset=demo-synthetic")
    banner = page.locator(BANNER)
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("SYNTHETIC")
    page.wait_for_function(  # about 5% gaps
        f"() => {{ const n = ({COUNTS_JS})(); return n.drawn >= 55 && n.coloured > 40; }}"
    )
    expect(page).to_have_url(re.compile(r"[?&]dataset=demo-synthetic(&|$)"))
    # An image exported from the chart is marked too: the watermark is inside the figure.
    expect(page.locator(".cam-map .annotation-text").first).to_contain_text("SYNTHETIC")


def test_choosing_the_cited_dataset_again_removes_the_banner(page, live_server):
    open_map(page, live_server, "?country=KGZ&level=1&dataset=demo-synthetic")
    control(page, "dataset").select_option("default")
    expect(page.locator(BANNER)).to_have_count(0)
    expect(page.locator(".cam-map .annotation-text")).to_have_count(0)
    page.wait_for_function(
        "() => new URLSearchParams(location.search).get('dataset') === 'default'"
    )


def test_unknown_dataset_in_a_link_falls_back_with_a_note(page, live_server):
    open_map(page, live_server, "?dataset=no-such-table")
    expect(control(page, "dataset")).to_have_value("default")
    expect(page.locator(".alert").first).to_contain_text("no-such-table")
    expect(part(page, "title")).to_contain_text("Children with at least one parent abroad")


def test_a_program_officers_imported_table_is_mapped_with_its_source(page, imported_server):
    open_map(page, imported_server, "?country=KGZ&level=2")
    expect(control(page, "dataset")).to_contain_text("officer-survey")
    control(page, "dataset").select_option("officer-survey")
    page.wait_for_function(
        "() => new URLSearchParams(location.search).get('dataset') == 'officer-survey'"
    )
    expect(control(page, "indicator")).to_have_value("preschool_coverage_pct")
    # Ak-Suu, Alai, Chon-Alai; the other 52 districts say "no data"
    page.wait_for_function(f"() => ({COUNTS_JS})().coloured === 3")
    # The table is sent only once it is opened (issue #13).
    part(page, "table_toggle").click()
    expect(part(page, "table")).to_contain_text("District education office")
    expect(part(page, "table")).to_contain_text("Alai")
    expect(page.locator(BANNER)).to_have_count(0)  # real, user-imported: not synthetic
