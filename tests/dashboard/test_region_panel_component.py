"""The Region panel's layout and callback logic without a browser (text only, links, state)."""

from __future__ import annotations

import json

import pytest
from dash import Dash, html, no_update

from dashboard.map import data
from dashboard.map.state import parse_query
from dashboard.region_panel import callbacks as cb
from dashboard.region_panel.component import (
    RegionPanel,
    data_page_path,
    districts_table,
    profile_body,
    profile_head,
    values_table,
)
from dashboard.region_panel.profile import build_profile


@pytest.fixture(autouse=True, scope="module")
def _app(data_env):
    """Boundary layers prepared, and a Dash app so that graphs can find the assets URL."""
    return Dash(__name__)


def _walk(component):
    """Every component and string in a Dash component tree."""
    yield component
    children = getattr(component, "children", None)
    if children is None:
        return
    for child in children if isinstance(children, list | tuple) else [children]:
        yield from _walk(child)


def _texts(component) -> list[str]:
    return [c for c in _walk(component) if isinstance(c, str)]


def _profile(code="KZ-19", indicator="population_total", year=2023, lang="en"):
    info = data.indicator_info(indicator, lang)
    return build_profile(data.dataset(), code, info, year, 0, lang)


def test_panel_restores_area_and_filter_from_the_url():
    query = {"country": "KAZ", "area": "KZ-19", "areas": "KZ-19,KZ-75,KZ-51"}
    state, _ = parse_query(query)
    panel = cb.region_panel("main", state, query)
    by_id = {json.dumps(c.id, sort_keys=True): c for c in _walk(panel) if hasattr(c, "id")}
    picker = by_id[json.dumps(RegionPanel.ids.picker("main"), sort_keys=True)]
    filt = by_id[json.dumps(RegionPanel.ids.filter("main"), sort_keys=True)]
    assert picker.value == "KZ-19"
    assert filt.value == ["KZ-19", "KZ-75", "KZ-51"]
    assert "KZ-51" in {o["value"] for o in filt.options}  # an older layout's code stays shown


def test_panel_reports_areas_it_cannot_show():
    query = {"country": "KGZ", "area": "KZ-19", "areas": "KG-C,<b>x</b>"}
    state, _ = parse_query(query)
    panel = cb.region_panel("main", state, query)
    alerts = [c for c in _walk(panel) if c.__class__.__name__ == "Alert"]
    texts = " ".join(" ".join(_texts(a)) for a in alerts)
    assert "KZ-19" in texts and "<B>X</B>" in texts  # shown as text, not as markup


def test_names_and_sources_are_rendered_as_text_never_markup():
    profile = _profile()
    tree = html.Div([profile_head("main", profile, "en"), profile_body("main", profile, "en")])
    for component in _walk(tree):
        assert not getattr(component, "dangerously_allow_html", False)
        assert component.__class__.__name__ not in {"Markdown", "Iframe", "Script"}
    links = [c for c in _walk(tree) if isinstance(c, html.A)]
    assert links and all(a.href.startswith("https://") for a in links)
    assert all(a.rel == "noopener noreferrer" for a in links)


def test_values_table_lists_every_charted_value_with_its_source():
    profile = _profile()
    table = values_table(profile, "en")
    rows = [c for c in _walk(table) if isinstance(c, html.Tr)]
    values = [r for r in rows if any(isinstance(c, html.Td) for c in _walk(r))]
    assert len(values) == len(profile.points)
    assert all(any(isinstance(c, html.A) for c in _walk(row)) for row in values)
    groups = [r.children.children for r in rows if isinstance(r.children, html.Th)]
    assert groups == ["Almaty Region", "Kazakhstan"]  # one row group per series


def test_districts_without_a_value_say_no_data_and_select_on_click():
    profile = _profile("KG-Y", "population_total", 2023)
    parts = districts_table("main", profile, "en")
    texts = [" ".join(_texts(row)) for row in _walk(html.Div(parts)) if isinstance(row, html.Tr)]
    assert sum("no data" in row for row in texts) == 4
    assert not any(" 0 " in f" {row} " for row in texts)
    buttons = [c for c in _walk(html.Div(parts)) if isinstance(c, html.Button)]
    assert {b.id["code"] for b in buttons} == {d.code for d in profile.districts}


def test_a_district_offers_the_way_up_to_its_region():
    profile = _profile("KG02205000000", "population_total", None)
    buttons = [c for c in _walk(profile_head("main", profile, "en")) if isinstance(c, html.Button)]
    assert [b.id["code"] for b in buttons] == ["KG-Y"]


def test_chart_has_a_text_description():
    body = profile_body("main", _profile(), "en")
    described = [c for c in _walk(body) if getattr(c, "role", None) == "figure"]
    assert len(described) == 1
    label = getattr(described[0], "aria-label")
    assert "Almaty Region" in label and "Kazakhstan" in label and "2000–2025" in label


@pytest.mark.parametrize(
    ("trigger", "value", "click", "expected"),
    [
        (None, None, {"points": [{"location": "KG-Y"}]}, "KG-Y"),
        (None, None, {"points": [{"location": "nonsense"}]}, None),
        (None, None, None, None),
        ({"subcomponent": "goto", "code": "KG02205000000"}, 1, None, "KG02205000000"),
        ({"subcomponent": "goto", "code": "KG02205000000"}, None, None, None),  # just appeared
    ],
)
def test_selected_code_from_map_clicks_and_panel_buttons(trigger, value, click, expected):
    assert cb.selected_code(trigger, value, click) == expected


def test_filter_keeps_regions_with_their_districts_bright():
    data_ = cb.highlight_data(["KG-Y"], "KG-Y")
    assert "KG-Y" in data_["keep"] and "KG02205000000" in data_["keep"]
    assert data_["selected"] == "KG-Y"
    assert cb.highlight_data([], None)["keep"] is None  # no filter: nothing is faded


def test_filter_note_and_options_follow_the_map():
    refreshed = cb.refresh_options("KGZ", "2022", "KZ-19", ["KG-C", "KZ-75"], "en")
    options = refreshed["picker_options"]
    # Kazakhstan is no longer shown
    assert refreshed["area"] is None and refreshed["areas"] == ["KG-C"]
    assert options == refreshed["filter_options"]
    assert {o["value"] for o in options} >= {"KG-C", "KG-Y"}
    unchanged = cb.refresh_options("KGZ", "2022", "KG-Y", ["KG-C"], "en")
    assert unchanged["area"] is no_update and unchanged["areas"] is no_update
    changed = cb.filter_changed(["KG-C", "KG-Y"], None, "population_total", "2022", "KGZ", 1, "en")
    highlight, note, href, hidden = (changed[k] for k in ("highlight", "note", "href", "hidden"))
    assert note == "2 areas selected: other areas are faded on the map."
    if data_page_path() is None:  # the Data page is registered only when its module is loaded
        assert hidden
    else:
        assert not hidden and "areas=KG-C,KG-Y" in href and "year=2022" in href
    assert set(highlight["keep"]) >= {"KG-C", "KG-Y"}


def _by_id(panel) -> dict:
    return {json.dumps(c.id, sort_keys=True): c for c in _walk(panel) if hasattr(c, "id")}


def _part(panel, make_id):
    return _by_id(panel)[json.dumps(make_id("main"), sort_keys=True)]


def test_the_panel_comes_with_what_its_callbacks_would_answer_for_the_url():
    from dash._utils import to_json

    query = {"country": "KAZ", "area": "KZ-19", "areas": "KZ-19,KZ-75"}
    state, _ = parse_query(query)
    controls = {"country": "KAZ", "level": 1, "indicator": "population_total", "year": 2023}
    controls |= {"tol": 0, "dataset": data.DATASET}
    panel = cb.region_panel("main", state, query, controls)
    expected = cb.panel_outputs("main", "KZ-19", "population_total", 2023, 0, data.DATASET, "en")
    assert to_json(_part(panel, RegionPanel.ids.head).children) == to_json(expected["head"])
    assert to_json(_part(panel, RegionPanel.ids.body).children) == to_json(expected["body"])
    assert _part(panel, RegionPanel.ids.actions).hidden is False
    assert _part(panel, RegionPanel.ids.data_link).href == expected["data_href"]
    filtered = cb.filter_changed(
        ["KZ-19", "KZ-75"], "KZ-19", "population_total", 2023, "KAZ", 1, "en"
    )
    assert _part(panel, RegionPanel.ids.highlight).data == filtered["highlight"]
    assert filtered["highlight"]["selected"] == "KZ-19"
    assert _part(panel, RegionPanel.ids.filter_note).children == filtered["note"]
    assert _part(panel, RegionPanel.ids.filter_link).hidden is filtered["hidden"]


def test_an_area_that_cannot_be_shown_puts_the_error_in_the_panel_not_the_page():
    query = {"country": "KAZ", "area": "KZ-19"}
    state, _ = parse_query(query)
    controls = {"country": "KAZ", "level": 1, "indicator": "no_such_indicator", "year": 2023}
    panel = cb.region_panel("main", state, query, controls)
    status = _part(panel, RegionPanel.ids.status).children
    assert status is not None and status.__class__.__name__ == "Alert"
    assert _part(panel, RegionPanel.ids.actions).hidden is True


def test_neither_panel_callback_runs_on_page_load():
    from dashboard.app import app

    # What the browser is told (Dash moves callbacks from its global list on the first request).
    specs = app.server.test_client().get("/_dash-dependencies").get_json()
    for part in ('"subcomponent":"head"', '"subcomponent":"filter-note"'):
        (spec,) = [s for s in specs if part in s["output"]]
        assert spec["prevent_initial_call"] is True, part
