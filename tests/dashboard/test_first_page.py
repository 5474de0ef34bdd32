"""The app layout carries the visited page (``dashboard.shell.first_page``): the layout request's
same-origin ``Referer`` names it, the page is resolved as Dash Pages' router resolves it, and the
location's props match the URL so that the router does not run again on load."""

from __future__ import annotations

import json

import pytest
from plotly.utils import PlotlyJSONEncoder

LAYOUT = "/_dash-layout"
HOST = "http://localhost"


@pytest.fixture(scope="module")
def client(data_env):
    from dashboard.app import app

    return app.server.test_client()


def find(node: object, cid: str) -> dict:
    """The component with id ``cid`` in a layout's JSON."""
    if isinstance(node, dict):
        if node.get("props", {}).get("id") == cid:
            return node
        for value in node.values():
            try:
                return find(value, cid)
            except LookupError:
                pass
    elif isinstance(node, list):
        for value in node:
            try:
                return find(value, cid)
            except LookupError:
                pass
    raise LookupError(cid)


def layout_for(client, referer: str | None) -> tuple[dict, dict]:
    headers = {"Referer": referer} if referer else {}
    response = client.get(LAYOUT, headers=headers)
    assert response.status_code == 200
    return json.loads(response.data), dict(response.headers)


def test_the_map_page_is_inside_the_layout_with_a_settled_location(client):
    layout, _ = layout_for(client, f"{HOST}/?country=KAZ&lang=ru")
    location = find(layout, "_pages_location")["props"]
    assert location["pathname"] == "/" and location["search"] == "?country=KAZ&lang=ru"
    assert location["href"] == f"{HOST}/?country=KAZ&lang=ru" and location["hash"] == ""
    content = json.dumps(find(layout, "_pages_content"), ensure_ascii=False)
    assert '"subcomponent": "figure-data"' in content  # the map card and its first view
    assert "Казахстан" in content  # in the URL's language, for the URL's country
    assert find(layout, "_pages_store")["props"]["data"] == {"title": "CAM Atlas"}
    # The language switch's location too: a late mount-time setProps would push this URL back
    # over a query the page rewrote meanwhile.
    assert find(layout, "lang-location")["props"] | {"id": "_pages_location"} == location


def test_each_page_comes_with_its_own_layout_and_title(client):
    from dashboard.scores import page as scores

    layout, _ = layout_for(client, f"{HOST}/scores?lang=ru")
    assert find(layout, "_pages_store")["props"]["data"]["title"].startswith("Gap scores")
    with client.application.test_request_context("/scores?lang=ru"):
        expected = json.dumps(scores.layout(lang="ru"), cls=PlotlyJSONEncoder)
    assert find(layout, "_pages_content")["props"]["children"] == json.loads(expected)


def test_an_unknown_path_gets_the_not_found_page(client):
    layout, _ = layout_for(client, f"{HOST}/no/such/page?lang=ru")
    content = json.dumps(find(layout, "_pages_content"), ensure_ascii=False)
    assert "btn btn-primary" in content and "?lang=ru" in content
    assert find(layout, "_pages_store")["props"]["data"]["title"].startswith("Page not found")


@pytest.mark.parametrize("referer", [None, "http://elsewhere.example/?country=KAZ", "ftp://x/"])
def test_without_a_same_origin_referer_the_router_fills_the_page_as_before(client, referer):
    layout, _ = layout_for(client, referer)
    assert find(layout, "_pages_content")["props"].get("children") is None
    assert find(layout, "_pages_location")["props"].get("pathname") is None


def test_the_layout_is_never_stored_by_a_browser_or_proxy(client):
    _, headers = layout_for(client, f"{HOST}/")
    assert headers["Cache-Control"] == "no-store"
    assert "Referer" in headers["Vary"]
