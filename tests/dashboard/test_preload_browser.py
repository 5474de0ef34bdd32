"""End-to-end: the first map's geometry and lazy chunks are preloaded with the HTML, and the
browser hands the preloaded responses to Plotly and webpack (each file is downloaded once)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
POLYGON = "path.choroplethlocation"
DRAWN_GEOJSON = """() => {
  const gd = document.querySelector('.cam-map-card .js-plotly-plot');
  return [...new Set(gd.data.map((t) => t.geojson).filter((g) => typeof g === 'string'))];
}"""
GEOMETRY_LOADED = f"""() => {{
  const drawn = ({DRAWN_GEOJSON})();
  const done = performance.getEntriesByType('resource').map((e) => e.name);
  return drawn.length > 0 && drawn.every((u) => done.some((name) => name.endsWith(u)));
}}"""


@pytest.mark.parametrize("query", ["", "?country=both&level=2&lang=ru"])
def test_the_first_map_uses_the_preloaded_files_without_a_second_download(page, live_server, query):
    watched: list[str] = []
    page.on(
        "request",
        lambda r: watched.append(r.url) if "/geo/" in r.url or "/dcc/async-" in r.url else None,
    )
    page.goto(f"{live_server}/{query}")
    expect(page.locator(POLYGON).first).to_be_attached(timeout=30_000)
    # Every drawn geometry has finished downloading (a second, unreused download would have
    # been requested by then: Plotly asks for it before drawing).
    page.wait_for_function(GEOMETRY_LOADED)
    preloads = page.eval_on_selector_all(
        "link[rel=preload]", "links => links.map((l) => [l.href, l.as, l.crossOrigin])"
    )
    fetched = {href for href, kind, _ in preloads if kind == "fetch"}
    scripts = {href for href, kind, _ in preloads if kind == "script"}
    drawn = [
        live_server + url if url.startswith("/") else url for url in page.evaluate(DRAWN_GEOJSON)
    ]
    assert drawn and set(drawn) <= fetched  # the map draws the geometry the HTML preloaded
    assert any("plotly-atlas" in href for href in scripts)
    for url in drawn:
        assert watched.count(url) == 1, watched
    # Plotly's XMLHttpRequest is an anonymous CORS request: only such a preload is reused.
    assert all(cors == "anonymous" for href, kind, cors in preloads if kind == "fetch")
    chunks = [u for u in watched if "/dcc/async-graph" in u]
    assert len(chunks) == 1 and chunks[0] in scripts
