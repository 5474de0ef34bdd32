"""Callbacks of the Region panel (``dashboard.region_panel.component.RegionPanel``).

Each panel is paired with the ``MapCard`` of the same ``aio_id`` (``MATCH``):

- :func:`select_area`: a click on the map, or on a district/parent button in the panel, selects
  that area in the picker.
- :func:`render_panel`: the picked area, or the map's indicator, year or tolerance changed ->
  the panel's head (names, headline value) and body (trend chart, values table, districts)
  and the action links.
- The panel's first view (what ``render_panel`` and ``filter_changed`` would answer for the
  page's URL) is built into the layout by :func:`first_panel`; neither runs on page load.
- :func:`refresh_options`: the map's country or year changed -> picker and filter options
  (the boundary layout follows the year); selections of other countries are dropped.
- :func:`filter_changed`: the program officer's area filter changed -> the set of codes to
  keep bright on the map (regions with their districts), a note and a Data page link.
- :func:`show_on_map`: filter the map to the area's region (its districts when the indicator
  has district values).
- Clientside (``assets/region-panel.js``): ``camRegion.fadeMap`` fades the areas outside the
  filter and outlines the selected area after every map update (a ``Patch`` of marker opacity
  and line widths, computed in the browser from the figure's locations); ``writeQuery`` keeps
  ``area`` and ``areas`` in the URL; ``scrollToMap`` brings the map into view.

Errors reach the app's ``on_error`` handler (``dashboard.errors``): the panel's status area shows
a friendly message in the page language (the map card's ``lang`` store is a State).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import cast

from dash import (
    ALL,
    MATCH,
    ClientsideFunction,
    Input,
    Output,
    State,
    callback,
    clientside_callback,
    ctx,
    no_update,
)

from dashboard.common import areas as area_query
from dashboard.components.map_card import MapCard
from dashboard.i18n import t
from dashboard.map import data
from dashboard.map.figures import AREA_LINE, NODATA_LINE
from dashboard.map.state import MapState, parse_query
from dashboard.region_panel.component import (
    PanelView,
    RegionPanel,
    data_page_path,
    empty_body,
    first_selection,
    profile_body,
    profile_head,
)
from dashboard.region_panel.profile import build_profile
from dashboard.state.links import query_string

ids = RegionPanel.ids
map_ids = MapCard.ids
FADED_OPACITY = 0.25
SELECTED_LINE = ("#111111", 2.5)
MAP_LINE_WIDTH = 0.6  # the map's own outline width (dashboard.map.figures.choropleth_figure)


def region_panel(
    aio_id: str,
    state: MapState,
    query: Mapping[str, object],
    controls: Mapping[str, object] | None = None,
) -> RegionPanel:
    """The panel for the map card ``aio_id``, initialised from the page's URL query (options
    in the boundary layout of the year the map shows). ``controls``: the values the map card's
    controls start with (``map_card.control_values``); the panel then comes with what
    :func:`render_panel` and :func:`filter_changed` would answer for them (:func:`first_panel`),
    so neither calls back on the first visit and the map is not held by the fading callback."""
    options = picker_options(state.country, data.resolve_year(state), state.lang)
    first = None
    if controls is not None:
        area, areas, _, _ = first_selection(state, query)
        first = first_panel(aio_id, area, areas, controls, state.lang)
    return RegionPanel(aio_id, state, query, list(options), first)


def first_panel(
    aio_id: str,
    area: str | None,
    areas: list[str],
    controls: Mapping[str, object],
    lang: str,
) -> PanelView:
    """The outputs of :func:`render_panel` and :func:`filter_changed` for the panel's first
    picker and filter values and the map card's first control values; a profile that cannot
    be built shows its error in the panel's status, as the callback's would."""
    from dashboard.errors import layout_error_alert

    given = controls.get("indicator")
    indicator = None if given is None else str(given)
    year = controls.get("year")
    try:
        panel = panel_outputs(
            aio_id,
            area,
            indicator,
            year,
            controls.get("tol"),
            None if controls.get("dataset") is None else str(controls.get("dataset")),
            lang,
        )
    except Exception as err:  # shown in the panel, as on_error shows a callback's error
        panel = {**_empty_panel(lang), "status": layout_error_alert(err, lang)}
    country = str(controls.get("country") or "")
    filtered = filter_changed(areas, area, indicator, year, country, controls.get("level"), lang)
    return cast(PanelView, {**panel, **filtered})


def _empty_panel(lang: str) -> dict[str, object]:
    """The panel's outputs while no area is picked."""
    return {
        "head": empty_body(lang),
        "body": None,
        "actions_hidden": True,
        "data_href": "#",
        "data_hidden": True,
        "status": None,
    }


def _countries(country: str | None) -> tuple[str, ...]:
    """The ISO3 codes of the map's country control value (``both`` = both)."""
    state, _ = parse_query({"country": country or ""})
    return state.countries()


def _year(value: object) -> int | None:
    """The map's year control value as an int (None when empty or malformed)."""
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


@lru_cache(maxsize=64)
def picker_options(country: str, year: int | None, lang: str) -> tuple[dict, ...]:
    """Options of both pickers: regions and districts of the layout of ``year`` (current
    layout when None) for the map's country control value."""
    from geodata.vintages import vintage_for_year

    countries = _countries(country)
    vintages = {(c, level): vintage_for_year(c, level, year) for c in countries for level in (1, 2)}
    return tuple(area_query.options(countries, vintages, lang))


def _options_with(codes: list[str], country: str, year: int | None, lang: str) -> list[dict]:
    """Picker options plus options for selected codes that the layout lacks."""
    options = list(picker_options(country, year, lang))
    return options + area_query.missing_options(codes, options, lang)


@callback(
    output={"area": Output(ids.picker(MATCH), "value")},
    inputs={
        "click_data": Input(map_ids.graph(MATCH), "clickData"),
        "goto_clicks": Input(ids.goto(MATCH, ALL), "n_clicks"),
    },
    prevent_initial_call=True,
)
def select_area(click_data: dict | None, goto_clicks: list[int | None]) -> dict[str, object]:
    """The area clicked on the map, or named by a district/parent button, becomes selected."""
    value = ctx.triggered[0].get("value") if ctx.triggered else None
    code = selected_code(ctx.triggered_id, value, click_data)
    return {"area": code if code else no_update}


def selected_code(trigger: object, value: object, click_data: dict | None) -> str | None:
    """The area code a click names: a panel button (``goto`` id with ``code``; ignored while
    its ``n_clicks`` is empty, as when the button first appears) or the map's ``clickData``
    (``points[0].location``). None when nothing valid was clicked."""
    if isinstance(trigger, dict) and trigger.get("subcomponent") == "goto":
        return area_query.parse_area(trigger.get("code"))[0] if value else None
    points = (click_data or {}).get("points") or []
    location = points[0].get("location") if points else None
    return area_query.parse_area(location)[0]


@callback(
    output={
        "head": Output(ids.head(MATCH), "children"),
        "body": Output(ids.body(MATCH), "children"),
        "actions_hidden": Output(ids.actions(MATCH), "hidden"),
        "data_href": Output(ids.data_link(MATCH), "href"),
        "data_hidden": Output(ids.data_link(MATCH), "hidden"),
        "status": Output(ids.status(MATCH), "children"),
    },
    inputs={
        "area": Input(ids.picker(MATCH), "value"),
        "indicator": Input(map_ids.control(MATCH, "indicator"), "value"),
        "year": Input(map_ids.control(MATCH, "year"), "value"),
        "tol": Input(map_ids.control(MATCH, "tol"), "value"),
        "dataset": Input(map_ids.control(MATCH, "dataset"), "value"),
    },
    state={"lang": State(map_ids.lang(MATCH), "data")},
    prevent_initial_call=True,  # the panel comes with its first view (first_panel)
)
def render_panel(
    area: str | None,
    indicator: str | None,
    year: object,
    tol: object,
    dataset: str | None,
    lang: str,
) -> dict[str, object]:
    """The panel body for the picked area and the map's indicator, year, tolerance and dataset."""
    aio_id = ctx.outputs_list[0]["id"]["aio_id"]  # a flat list, in the order of `output`
    return panel_outputs(aio_id, area, indicator, year, tol, dataset, lang)


def panel_outputs(
    aio_id: str,
    area: str | None,
    indicator: str | None,
    year: object,
    tol: object,
    dataset: str | None,
    lang: str,
) -> dict[str, object]:
    """:func:`render_panel`'s outputs for the panel ``aio_id`` (MapInputError: unknown area)."""
    code, _ = area_query.parse_area(area)
    if not code or not indicator:
        return _empty_panel(lang)
    info = data.indicator_info(str(indicator), lang)
    tolerance = _year(tol) or 0
    name = dataset or data.DATASET
    profile = build_profile(data.dataset(name), code, info, _year(year), tolerance, lang)
    if profile is None:
        raise data.MapInputError(t("region.error.unknown_area", lang, value=code))
    # Every year, like the panel's values table (the filter's link keeps the map's year).
    href = data_link(
        {
            "country": profile.country,
            "level": profile.level,
            "indicator": info.id,
            "areas": code,
            "lang": lang,
            "dataset": name,
        }
    )
    return {
        "head": profile_head(aio_id, profile, lang),
        "body": profile_body(aio_id, profile, lang),
        "actions_hidden": False,
        "data_href": href or "#",
        "data_hidden": href is None,
        "status": None,
    }


def data_link(params: Mapping[str, object]) -> str | None:
    """A link to the Data page with these query parameters (None while no Data page exists)."""
    path = data_page_path()
    return None if path is None else path + query_string(params)


@callback(
    output={
        "picker_options": Output(ids.picker(MATCH), "options"),
        "area": Output(ids.picker(MATCH), "value", allow_duplicate=True),
        "filter_options": Output(ids.filter(MATCH), "options"),
        "areas": Output(ids.filter(MATCH), "value"),
    },
    inputs={
        "country": Input(map_ids.control(MATCH, "country"), "value"),
        "year": Input(map_ids.control(MATCH, "year"), "value"),
    },
    state={
        "area": State(ids.picker(MATCH), "value"),
        "areas": State(ids.filter(MATCH), "value"),
        "lang": State(map_ids.lang(MATCH), "data"),
    },
    prevent_initial_call=True,
)
def refresh_options(
    country: str, year: object, area: str | None, areas: list[str] | None, lang: str
) -> dict[str, object]:
    """Options for the map's country and year; selections outside those countries dropped."""
    countries = _countries(country)
    code, _ = area_query.parse_area(area, countries)
    codes, _ = area_query.parse_areas(areas or [], countries)
    options = _options_with([*([code] if code else []), *codes], country, _year(year), lang)
    # Unchanged selections are not re-sent: that would render the panel a second time.
    same_area, same_areas = code == area, codes == list(areas or [])
    return {
        "picker_options": options,
        "area": no_update if same_area else code,
        "filter_options": options,
        "areas": no_update if same_areas else codes,
    }


@callback(
    output={
        "highlight": Output(ids.highlight(MATCH), "data"),
        "note": Output(ids.filter_note(MATCH), "children"),
        "href": Output(ids.filter_link(MATCH), "href"),
        "hidden": Output(ids.filter_link(MATCH), "hidden"),
    },
    inputs={
        "areas": Input(ids.filter(MATCH), "value"),
        "area": Input(ids.picker(MATCH), "value"),
        "indicator": Input(map_ids.control(MATCH, "indicator"), "value"),
        "year": Input(map_ids.control(MATCH, "year"), "value"),
    },
    state={
        "country": State(map_ids.control(MATCH, "country"), "value"),
        "level": State(map_ids.control(MATCH, "level"), "value"),
        "lang": State(map_ids.lang(MATCH), "data"),
    },
    prevent_initial_call=True,  # the panel comes with its first view (first_panel)
)
def filter_changed(
    areas: list[str] | None,
    area: str | None,
    indicator: str | None,
    year: object,
    country: str,
    level: object,
    lang: str,
) -> dict[str, object]:
    """What the map keeps bright, the filter's note and its Data page link."""
    codes, _ = area_query.parse_areas(areas or [])
    selected, _ = area_query.parse_area(area)
    highlight = highlight_data(codes, selected)
    if not codes:
        return {"highlight": highlight, "note": "", "href": "#", "hidden": True}
    note = t("region.filter.active", lang, count=len(codes))
    href = data_link(
        {
            "country": country,
            "level": level,
            "indicator": indicator,
            "year": year,
            "areas": area_query.areas_value(codes),
            "lang": lang,
        }
    )
    return {"highlight": highlight, "note": note, "href": href or "#", "hidden": href is None}


def highlight_data(codes: list[str], selected: str | None) -> dict:
    """Data for ``camRegion.fadeMap``: codes to keep bright (None = all), the area to outline,
    and the map's own outline per trace (0 = values, 1 = no data) to restore."""
    return {
        "keep": area_query.with_districts(codes) if codes else None,
        "selected": selected,
        "faded": FADED_OPACITY,
        "selected_line": list(SELECTED_LINE),
        "lines": [[AREA_LINE, MAP_LINE_WIDTH], [NODATA_LINE, MAP_LINE_WIDTH]],
    }


@callback(
    output={
        "region": Output(map_ids.control(MATCH, "region"), "value", allow_duplicate=True),
        "level": Output(map_ids.control(MATCH, "level"), "value", allow_duplicate=True),
    },
    inputs={"n_clicks": Input(ids.show_on_map(MATCH), "n_clicks")},
    state={
        "area": State(ids.picker(MATCH), "value"),
        "indicator": State(map_ids.control(MATCH, "indicator"), "value"),
        "level": State(map_ids.control(MATCH, "level"), "value"),
    },
    prevent_initial_call=True,
)
def show_on_map(
    n_clicks: int | None, area: str | None, indicator: str | None, level: object
) -> dict[str, object]:
    """Limit the map to the picked area's region; show its districts when the indicator has
    district values in that country (otherwise keep the level, so the indicator stays)."""
    code, _ = area_query.parse_area(area)
    row = area_query.unit(code) if (n_clicks and code) else None
    unchanged: dict[str, object] = {"region": no_update, "level": no_update}
    if row is None:
        return unchanged
    region = code if int(row["level"]) == 1 else str(row["parent_code"])
    country = str(row["country"])
    current = {c for c, _ in data.regions(MapState(country=country))}
    if region not in current:  # a region of an older layout: the map cannot filter to it
        return unchanged
    has_districts = str(indicator) in data.indicator_ids((country,), 2)
    return {"region": region, "level": 2 if has_districts else level}


clientside_callback(
    ClientsideFunction(namespace="camRegion", function_name="fadeMap"),
    Output(map_ids.graph(MATCH), "figure", allow_duplicate=True),
    Input(ids.highlight(MATCH), "data"),
    Input(map_ids.view(MATCH), "data"),
    State(map_ids.graph(MATCH), "figure"),
    prevent_initial_call=True,
)

clientside_callback(
    ClientsideFunction(namespace="camRegion", function_name="writeQuery"),
    Output(ids.url_sink(MATCH), "data"),
    Input(ids.picker(MATCH), "value"),
    Input(ids.filter(MATCH), "value"),
)

clientside_callback(
    ClientsideFunction(namespace="camRegion", function_name="scrollToMap"),
    Output(ids.url_sink(MATCH), "data", allow_duplicate=True),
    Input(ids.show_on_map(MATCH), "n_clicks"),
    prevent_initial_call=True,
)
