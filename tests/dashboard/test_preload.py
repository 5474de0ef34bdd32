"""Preload hints in the index HTML (``dashboard.preload``): what the map page's first map needs,
plotly.js on every page, and never a failed page when a hint cannot be computed."""

from __future__ import annotations

import re

import dash
import pytest

from dashboard import preload


@pytest.fixture(scope="module")
def client(data_env):
    from dashboard.app import app

    return app.server.test_client()


def hints(html: str) -> list[str]:
    head = html.split("<head>", 1)[1]
    return re.findall(r'<link rel="preload" href="([^"]+)"', head.split("<meta", 1)[0])


def test_the_map_page_preloads_the_geometry_of_its_first_map(client):
    default = hints(client.get("/").get_data(as_text=True))
    assert any("plotly-atlas.min.js" in url for url in default)
    assert "/geo/KGZ-1-2018." in " ".join(default)  # the default view: Kyrgyz regions
    assert "/assets/topojson/world_110m.json" in default
    assert "/_dash-component-suites/dash/dcc/async-graph.js" in default
    districts = hints(client.get("/?country=both&level=2").get_data(as_text=True))
    assert "/geo/KAZ-2-2024_KGZ-2-2018." in " ".join(districts)


def test_other_pages_preload_plotly_and_the_renderer_requests_only(client):
    urls = hints(client.get("/about").get_data(as_text=True))
    assert len(urls) == 3 and "plotly-atlas" in urls[0]
    assert urls[1:] == ["/_dash-layout", "/_dash-dependencies"]


def test_the_renderer_requests_are_preloaded_as_same_origin_fetches(client):
    html = client.get("/scores").get_data(as_text=True)
    for path in ("/_dash-layout", "/_dash-dependencies"):
        assert f'<link rel="preload" href="{path}" as="fetch" crossorigin="anonymous">' in html


def test_a_failing_preload_costs_the_hint_not_the_page(client, monkeypatch):
    page = next(p for p in dash.page_registry.values() if p["path"] == "/")

    def broken(query):
        raise ValueError("no such layer")

    monkeypatch.setitem(page, "preload", broken)
    response = client.get("/?country=KAZ")
    assert response.status_code == 200
    assert not any("/geo/" in url for url in hints(response.get_data(as_text=True)))


def test_links_are_escaped_and_typed():
    html = preload.links(["/a.js?m=1", '/geo/x".geojson', "/a.js?m=1"])
    assert html.count('as="script"') == 1  # each URL once
    assert 'href="/geo/x&quot;.geojson" as="fetch" crossorigin="anonymous"' in html
