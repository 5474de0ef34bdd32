"""End-to-end: a first visit of the map page draws the map before anything else waits for it.

- the visited page comes inside the app layout (``shell/first_page.py``): Dash Pages' router is
  not called on load, yet navigating in the app still renders each page;
- the app layout and callback list are preloaded and requested once;
- the bar chart and the Region panel (``components/deferred.py``) are drawn after the first map
  polygon, without any interaction.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
POLYGON = "path.choroplethlocation"
# When the first map polygon, the first bar and the area picker enter the DOM (ms).
ORDER = """
window.__camSeen = {};
new MutationObserver(() => {
  const seen = window.__camSeen;
  for (const [name, selector] of [['map', '.cam-map path.choroplethlocation'],
                                  ['bars', '.cam-bars .js-plotly-plot'],
                                  ['picker', '.cam-area-picker']]) {
    if (!(name in seen) && document.querySelector(selector)) seen[name] = performance.now();
  }
}).observe(document, {childList: true, subtree: true});
"""


def test_the_first_visit_needs_no_router_call_and_navigation_still_works(page, live_server):
    bodies: list[str] = []
    page.on(
        "request",
        lambda r: bodies.append(r.post_data or "") if "_dash-update-component" in r.url else None,
    )
    page.goto(f"{live_server}/?country=KAZ&lang=ru")
    expect(page.locator(POLYGON).first).to_be_attached(timeout=30_000)
    expect(page.locator(".cam-area-picker")).to_be_visible()
    expect(page.locator("#lang-label")).to_have_text("Язык")  # the shell's callback answered
    assert not [b for b in bodies if "_pages_content" in json.loads(b)["output"]]
    first = [u for u in page.requests if u.endswith(("/_dash-layout", "/_dash-dependencies"))]
    assert sorted(first) == [f"{live_server}/_dash-dependencies", f"{live_server}/_dash-layout"]
    # In-app navigation goes through the router as before, and back again.
    page.get_by_role("link", name="О методе и источниках").click()
    expect(page).to_have_title("About, method and sources · CAM Atlas")
    expect(page.locator("#main h1").first).to_be_visible()
    page.go_back()
    expect(page.locator(POLYGON).first).to_be_attached(timeout=30_000)
    expect(page).to_have_url(re.compile(r"/\?country=KAZ&lang=ru(&|$)"))


def test_the_bars_and_the_region_panel_are_drawn_after_the_first_map(page, live_server):
    page.add_init_script(ORDER)
    page.goto(f"{live_server}/")
    expect(page.locator(".cam-bars .js-plotly-plot rect").first).to_be_attached(timeout=30_000)
    expect(page.locator(".cam-area-picker")).to_be_visible()
    seen = page.evaluate("window.__camSeen")
    assert seen["map"] <= seen["bars"] and seen["map"] <= seen["picker"], seen
