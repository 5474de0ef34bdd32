"""The bench calls the real map callback exactly as the browser does (no timing here).

The request bodies are built from the app's ``/_dash-dependencies``; these tests run the app
in-process (Flask test client) and check that the bench's calls are accepted, that an indicator
change answers with a Patch once the view is known, and that the baseline app really re-sends
the full-resolution GeoJSON.
"""

from __future__ import annotations

import json

import pytest

from dashboard.bench import dashcall, payload
from geodata.errors import UserFacingError

MULTI = '..{"aio_id":["MATCH"],"component":"MapCard","subcomponent":"graph"}.figure...x.children..'


class TestClient:
    """``dashcall.Client``'s interface over a Flask test client (in-process, no sockets)."""

    __test__ = False

    def __init__(self, flask_app) -> None:
        self.http = flask_app.test_client()

    def dependencies(self) -> list[dict]:
        return self.http.get("/_dash-dependencies").get_json()

    def call(self, body: dict, compressed: bool = False) -> dashcall.Reply:
        response = self.http.post("/_dash-update-component", json=body)
        data = response.get_data()
        return dashcall.Reply(response.status_code, data, data, "", 0.0)


def test_split_output_reads_single_and_multiple_outputs():
    assert dashcall.split_output("url-sink.data") == [("url-sink", "data")]
    found = dashcall.split_output(MULTI)
    assert [prop for _, prop in found] == ["figure", "children"]
    assert dashcall.short_name(dashcall.concrete_id(found[0][0], "main")) == "graph"


def test_concrete_id_fills_wildcards_only():
    raw = '{"aio_id":["MATCH"],"component":"MapCard","subcomponent":"control-year"}'
    cid = dashcall.concrete_id(raw, "main")
    assert cid == {"aio_id": "main", "component": "MapCard", "subcomponent": "control-year"}
    assert dashcall.short_name(cid) == "year"
    assert dashcall.prop_key(cid) == (
        '{"aio_id":"main","component":"MapCard","subcomponent":"control-year"}'
    )


def test_missing_callback_or_value_is_a_clear_error():
    with pytest.raises(UserFacingError, match=r"graph\.figure"):
        dashcall.find_dependency([], "graph", "figure")
    dep = {"output": "map.figure", "inputs": [{"id": "year", "property": "data"}], "state": []}
    with pytest.raises(UserFacingError, match="'year'"):
        dashcall.callback_body(dep, {}, "year")


def test_dependency_is_found_by_owning_component():
    other = MULTI.replace("MapCard", "ScoresPage")
    deps = [{"output": other, "inputs": []}, {"output": MULTI, "inputs": []}]
    assert dashcall.find_dependency(deps, "graph", "figure", "MapCard")["output"] == MULTI
    assert dashcall.find_dependency(deps, "graph", "figure")["output"] == other
    with pytest.raises(UserFacingError, match="of Trends"):
        dashcall.find_dependency(deps, "graph", "figure", "Trends")


def test_client_talks_only_to_loopback():
    with pytest.raises(ValueError, match=r"127\.0\.0\.1"):
        dashcall.Client("http://example.org:80")


@pytest.fixture(scope="module")
def app_client(data_env):
    from dashboard.app import app

    return TestClient(app.server)


@pytest.fixture(scope="module")
def districts():
    scenario = payload.pick_scenario("t", "districts", "both", 2)
    assert scenario is not None, "the default dataset has two district indicators in one year"
    return scenario


def test_indicator_change_is_a_patch_once_the_geometry_is_loaded(app_client, districts):
    caller = payload.MapCaller(app_client, districts)
    first = caller.first_draw()
    store = caller.figure(first)
    assert not payload.is_patch(store)
    geojson = store["figure"]["data"][0]["geojson"]
    assert isinstance(geojson, str)  # a URL, never coordinates
    assert caller.view == store["view"] and caller.view["url"] == geojson

    change = caller.change(districts.indicators[1], compressed=False)
    patch = caller.figure(change)
    assert payload.is_patch(patch)
    assert b'"coordinates"' not in change.body and b'"geojson"' not in change.body
    sizes = payload.output_sizes(caller.dep, change.json())
    assert "figure-data.data" in sizes
    # The bar chart is drawn in the browser; the text alternative is sent only when opened.
    assert "bars.figure" not in sizes and "table.children" not in sizes
    assert all(isinstance(v, int) and v > 0 for v in sizes.values())
    assert len(change.body) < 15_000  # issue #13: ~280 districts under 15 KB uncompressed


def test_baseline_resends_the_full_resolution_layer(data_env, districts):
    from dashboard.bench.baseline import create_app
    from geodata.layers import load_layer

    client = TestClient(create_app().server)
    caller = payload.BaselineCaller(client, districts)
    reply = caller.change(districts.indicators[0], compressed=False)
    figure = dashcall.output_value(reply.json(), "map", "figure")
    geojson = figure["data"][0]["geojson"]
    expected = len(load_layer("KAZ", 2)) + len(load_layer("KGZ", 2))
    assert len(geojson["features"]) == expected
    assert {"code", "name_en"} <= set(geojson["features"][0]["properties"])
    shown = set(figure["data"][0]["locations"])
    assert shown and shown <= {f["properties"]["code"] for f in geojson["features"]}
    assert len(json.dumps(geojson)) > 1_000_000  # every vertex, not the web layer
