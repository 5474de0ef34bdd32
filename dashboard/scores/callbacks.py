"""Callbacks of the Gap scores page (``dashboard.scores.page``). Thin: controls ->
``ScoresState`` -> ``dashboard.scores.view.score_view`` (cached) -> ``dashboard.scores.frame``.

- :func:`refresh_panel`: country, level or the demo switch changed -> the indicators on offer
  (panel rebuilt), year and region options.
- :func:`render`: any setting changed -> map (a ``Patch`` when the geometry is unchanged),
  ranked table, notes, method line, sources, links and the URL query.
- :func:`scores_csv`: the shown score table as CSV (``indicators.export.to_csv``: UTF-8 with
  BOM, formula cells neutralised), SYNTHETIC in the file name and every row for the demo;
  :func:`plane_csv` the plane's points; both sent by ``components.csv_download``.
- ``camScores.replaceQuery`` (``assets/scores-grid.js``): writes the query with
  ``history.replaceState`` (no reload), keeping other pages' keys.

IDs are ``{"component": "ScoresPage", "subcomponent": <name>, "aio_id": "scores"}`` so the app's
error handler (``dashboard.errors``) shows failures in this page's status area, in the page
language (``pid("lang")``).
"""

from __future__ import annotations

import json

import dash
import dash_bootstrap_components as dbc
from dash import (
    ALL,
    ClientsideFunction,
    Input,
    Output,
    State,
    callback,
    clientside_callback,
    html,
)

from dashboard.common.controls import ALL_REGIONS, banner, region_options, still_offered
from dashboard.components.csv_download import register_csv_download
from dashboard.georoute import LayerPart, layer_url
from dashboard.i18n import t
from dashboard.map.figures import map_figure
from dashboard.scores import frame as scoreframe
from dashboard.scores import plane as planeview
from dashboard.scores.parts import (
    grid_options,
    grid_style,
    method_children,
    page_links,
    reset_href,
    year_options,
)
from dashboard.scores.state import ScoresState, parse_query
from dashboard.scores.view import IndicatorChoice, indicator_choices, score_view, selection
from dashboard.scores.weights import WHY

PAGE = "ScoresPage"
AIO_ID = "scores"
PLACE_CONTROLS: tuple[str, ...] = ("country", "level", "region", "year", "tol", "dataset")
METHOD_CONTROLS: tuple[str, ...] = ("norm", "agg", "power", "minshare", "mincov")


def pid(name: str) -> dict:
    """ID of a part of the page."""
    return {"component": PAGE, "subcomponent": name, "aio_id": AIO_ID}


def control(name: str) -> dict:
    """ID of a setting (``PLACE_CONTROLS`` and ``METHOD_CONTROLS``)."""
    return pid(f"control-{name}")


def ind_id(part: str) -> dict:
    """Every indicator's control of one kind (``weights_panel.PARTS``)."""
    return {"type": "scores-ind", "part": part, "ind": ALL}


def _number(value: str | float | None) -> float | None:
    """A control's numeric value, or None when empty or not a number."""
    try:
        return None if value in (None, "") else float(value)
    except (TypeError, ValueError):
        return None


def panel_settings(
    state: ScoresState, choices: list[IndicatorChoice], panel: dict[str, list]
) -> ScoresState:
    """``state`` with the indicator panel's selection, weights, directions and targets.

    ``panel`` maps each part to ``[(id, value), ...]``. A panel that shows none of the offered
    indicators is stale (country or level just changed): the default selection is used.
    """
    offered = {c.id: c for c in choices}
    used = [(i, v) for i, v in panel.get("use", []) if i in offered]
    if not used:
        return state.with_(indicators=None)
    weights, directions, targets = [], [], []
    for ind, value in panel.get("weight", []):
        number = _number(value)
        if ind in offered and number is not None and number != 1.0:
            weights.append((ind, number))
    for ind, value in panel.get("dir", []):
        if ind in offered and str(value) in ("1", "-1") and int(value) != offered[ind].direction:
            directions.append((ind, int(value)))
    for ind, value in panel.get("target", []):
        number = _number(value)
        if ind in offered and number != offered[ind].target:
            targets.append((ind, number))
    return state.with_(
        indicators=tuple(i for i, v in used if v),
        weights=tuple(sorted(weights)),
        directions=tuple(sorted(directions)),
        targets=tuple(sorted(targets)),
    )


def state_from_controls(
    place: dict, method: dict, carry: dict, lang: str, extra: dict | None = None
) -> ScoresState:
    """The state for the page's control values, validated like a URL. ``carry`` holds what
    the page has no control for: ``both`` (the link asked for both countries) and ``areas``;
    ``extra``: the view tab (``view``) and the highlighted area (``hl``)."""
    values = {**place, **method, **(extra or {})}
    query = {k: "" if v is None else str(v) for k, v in values.items()}
    if query.get("region") == ALL_REGIONS:
        query["region"] = ""
    query["p"] = query.pop("power", "")
    query["lang"] = lang
    query["areas"] = ",".join(carry.get("areas") or ())
    if carry.get("both") and query.get("country") == "KGZ":
        query["country"] = "both"
    state, _ = parse_query(query)
    return state


def catalogue_defaults(choices: list[IndicatorChoice]) -> dict[str, tuple[int, float | None]]:
    """``id -> (direction, target)`` from the catalogue, for short URLs."""
    return {c.id: (c.direction, c.target) for c in choices}


@callback(
    output={
        "panel": Output(pid("panel"), "children"),
        "year_options": Output(control("year"), "options"),
        "year": Output(control("year"), "value"),
        "region_options": Output(control("region"), "options"),
        "region": Output(control("region"), "value"),
    },
    inputs={
        "country": Input(control("country"), "value"),
        "level": Input(control("level"), "value"),
        "dataset": Input(control("dataset"), "value"),
    },
    state={"region": State(control("region"), "value"), "lang": State(pid("lang"), "data")},
    prevent_initial_call=True,
)
def refresh_panel(
    country: str, level: str, dataset: str | None, region: str | None, lang: str
) -> dict[str, object]:
    """Indicators, years and regions on offer for a new country, level or dataset."""
    from dashboard.scores.weights import weights_panel

    state, _ = parse_query(
        {"country": country, "level": str(level), "dataset": dataset or "", "lang": lang}
    )
    choices = indicator_choices(state)
    selected, _ = selection(state, choices)
    view = score_view(state)
    year = view.year
    regions = region_options(state.country, state.lang)
    why = scoreframe.card_notes(view, state.lang)
    context = scoreframe.context_labels(view, state.lang)
    return {
        "panel": weights_panel(choices, selected, state, state.lang, why, context),
        "year_options": year_options(state, state.lang),
        "year": "" if year is None else str(year),
        "region_options": regions,
        "region": still_offered(region, regions, ALL_REGIONS),
    }


@callback(
    output={"hidden": Output(pid("power-group"), "hidden")},
    inputs={"agg": Input(control("agg"), "value")},
)
def show_power(agg: str | None) -> dict[str, bool]:
    """The exponent slider only matters for the power mean."""
    return {"hidden": agg != "power"}


def _panel(ids: dict[str, list], values: dict[str, list]) -> dict[str, list]:
    """``part -> [(indicator id, value), ...]`` from the ALL-pattern ids and values."""
    return {
        part: [(i["ind"], v) for i, v in zip(ids[part], values[part], strict=False)]
        for part in values
    }


def _figure(view, frame, lang: str, stored: dict | None):
    """The map: a Patch when the geometry URL is unchanged, else the full figure."""
    from geodata.vintages import vintage_for_year

    state = view.state
    part = LayerPart(
        state.country, state.level, vintage_for_year(state.country, state.level, view.year)
    )
    url = layer_url((part,), prefix=dash.get_app().config.requests_pathname_prefix)
    key = f"{part.name}|{state.region or ''}|{','.join(state.areas)}"
    loaded = bool(stored and stored.get("url") == url and stored.get("key") == key)
    return map_figure(url, frame, lang, key, geometry_loaded=loaded), {"url": url, "key": key}


PANEL_PARTS: tuple[str, ...] = ("use", "weight", "dir", "target")


@callback(
    output={
        "figure": Output(pid("graph"), "figure"),
        "view": Output(pid("view"), "data"),
        "title": Output(pid("title"), "children"),
        "notes": Output(pid("notes"), "children"),
        "summary": Output(pid("summary"), "children"),
        "rows": Output(pid("grid"), "rowData"),
        "grid_options": Output(pid("grid"), "dashGridOptions"),
        "grid_style": Output(pid("grid"), "style"),
        "method_text": Output(pid("method"), "children"),
        "sources": Output(pid("sources"), "children"),
        "links": Output(pid("links"), "children"),
        "banner": Output(pid("banner"), "children"),
        "query": Output(pid("query"), "data"),
        "reset": Output(pid("reset"), "href"),
        "status": Output(pid("status"), "children"),
        "why": Output(ind_id(WHY), "children"),
        "why_hidden": Output(ind_id(WHY), "hidden"),
        "mincov_value": Output(pid("mincov-value"), "children"),
        "plane": Output(pid("plane"), "figure"),
        "plane_problem": Output(pid("plane-problem"), "children"),
        "plane_summary": Output(pid("plane-summary"), "children"),
        "plane_reference": Output(pid("plane-reference"), "children"),
        "plane_col": Output(pid("plane-col"), "class_name"),
        "map_col": Output(pid("map-col"), "xl"),
        "plane_intro": Output(pid("plane-intro"), "className"),
        "plane_region": Output(pid("plane-region"), "style"),
    },
    inputs={
        "place": {name: Input(control(name), "value") for name in PLACE_CONTROLS},
        "method": {name: Input(control(name), "value") for name in METHOD_CONTROLS},
        "values": {part: Input(ind_id(part), "value") for part in PANEL_PARTS},
        "tab": Input(pid("tabs"), "active_tab"),
        "highlight": Input(pid("hl"), "data"),
    },
    state={
        "ids": {part: State(ind_id(part), "id") for part in PANEL_PARTS},
        "why_ids": State(ind_id(WHY), "id"),
        "carry": State(pid("carry"), "data"),
        "stored": State(pid("view"), "data"),
        "lang": State(pid("lang"), "data"),
    },
)
def render(
    place: dict[str, object],
    method: dict[str, object],
    values: dict[str, list],
    tab: str | None,
    highlight: str | None,
    ids: dict[str, list],
    why_ids: list[dict],
    carry: dict | None,
    stored: dict | None,
    lang: str,
) -> dict[str, object]:
    """Score and draw the page for the current settings."""
    extra = {"view": tab or "map", "hl": highlight or ""}
    state = state_from_controls(place, method, carry or {}, lang, extra)
    choices = indicator_choices(state)
    state = panel_settings(state, choices, _panel(ids, values))
    view = score_view(state)
    frame = scoreframe.map_frame(view, lang)
    figure, view_store = _figure(view, frame, lang, stored)
    _outline(figure, frame, state.highlight)
    why = scoreframe.card_notes(view, lang)
    plane_on = state.view == "plane"
    notes = [
        dbc.Alert(text, color=colour, class_name="mb-2 py-2 small")
        for colour, text in scoreframe.notes(view, lang)
    ]
    rows = scoreframe.grid_rows(view, lang)
    return {
        "figure": figure,
        "view": view_store,
        "title": scoreframe.title(view, lang),
        "notes": notes,
        "summary": frame.summary,
        "rows": rows,
        "grid_options": grid_options(len(rows), lang),
        "grid_style": grid_style(len(rows)),
        "method_text": method_children(view, lang),
        "sources": [html.Li(line) for line in scoreframe.source_lines(view, lang)],
        "links": page_links(state),
        "banner": banner(view.synthetic, lang),
        "query": state.to_query(catalogue_defaults(choices)),
        "reset": reset_href(state),
        "status": None,
        "why": [why.get(i["ind"], "") for i in why_ids],
        "why_hidden": [not why.get(i["ind"]) for i in why_ids],
        "mincov_value": scoreframe.coverage_value(view, lang),
        "plane": planeview.figure(view, lang, state.highlight) if plane_on else dash.no_update,
        "plane_problem": _plane_problem(view, lang) if plane_on else None,
        "plane_summary": planeview.summary(view, lang) if plane_on else "",
        "plane_reference": planeview.reference_note(view, lang) if plane_on else "",
        "plane_col": "" if plane_on else "d-none",
        "map_col": 5 if plane_on else 12,
        "plane_intro": "small cam-note mb-1" + ("" if plane_on else " d-none"),
        "plane_region": {"height": "480px", "display": "none" if view.plane is None else None},
    }


def _plane_problem(view, lang: str):
    """Why the plane is empty (translated), or None."""
    key = view.plane_problem or (view.problem if view.table is None else None)
    if not key:
        return None
    if key == view.problem:  # the score's own dead end is already in the notes above
        return None
    return dbc.Alert(t(key, lang), color="warning", class_name="py-2 small")


def _outline(figure, frame, code: str | None) -> None:
    """Outline ``code`` on the map (``plane.map_lines``) in a full figure or a Patch."""
    values, nodata = planeview.map_lines(frame.codes, frame.nodata_codes, code)
    if isinstance(figure, dash.Patch):
        figure["data"][0]["marker"]["line"] = values
        figure["data"][1]["marker"]["line"] = nodata
    else:
        figure.data[0].marker.line = values
        figure.data[1].marker.line = nodata


def _hovered_code(data: dict | None, key: str) -> str | None:
    """The area code of a hover/click event: plane points carry it in ``customdata[0]``, map
    areas in ``location``."""
    points = (data or {}).get("points") or []
    if not points:
        return None
    point = points[0]
    if key == "customdata":
        custom = point.get("customdata")
        return str(custom[0]) if isinstance(custom, list) and custom else None
    location = point.get("location")
    return str(location) if location else None


@callback(
    output={
        "map": Output(pid("graph"), "figure", allow_duplicate=True),
        "plane": Output(pid("plane"), "figure", allow_duplicate=True),
        "sticky": Output(pid("hl"), "data"),
    },
    inputs={
        "plane_hover": Input(pid("plane"), "hoverData"),
        "plane_click": Input(pid("plane"), "clickData"),
        "map_hover": Input(pid("graph"), "hoverData"),
        "map_click": Input(pid("graph"), "clickData"),
    },
    state={
        "sticky": State(pid("hl"), "data"),
        "query": State(pid("query"), "data"),
        "lang": State(pid("lang"), "data"),
    },
    prevent_initial_call=True,
)
def highlight(
    plane_hover: dict | None,
    plane_click: dict | None,
    map_hover: dict | None,
    map_click: dict | None,
    sticky: str | None,
    query: dict | None,
    lang: str,
) -> dict[str, object]:
    """Hovering a point outlines its area on the map, and hovering an area rings its point on
    the plane; a click (on a point or an area) keeps it outlined and ringed, and in the URL
    (``hl``: the new sticky area makes :func:`render` write the query). Both graphs clear
    their hover when the pointer leaves, so at most one hover counts."""
    if not query:
        return {k: dash.no_update for k in ("map", "plane", "sticky")}
    before = sticky
    # a hover and a click may arrive in one request: look at every changed property
    changed = {
        (prop.rsplit(".", 1)[-1], json.dumps(dict(who), sort_keys=True))
        for prop, who in dash.ctx.triggered_prop_ids.items()
    }
    if ("clickData", json.dumps(pid("plane"), sort_keys=True)) in changed:
        sticky = _hovered_code(plane_click, "customdata") or sticky
    elif ("clickData", json.dumps(pid("graph"), sort_keys=True)) in changed:
        clicked = _hovered_code(map_click, "location")
        sticky = None if clicked == sticky else clicked  # a second click lets go
    hovered = _hovered_code(plane_hover, "customdata") or _hovered_code(map_hover, "location")
    shown = hovered or sticky
    state, _ = parse_query({**query, "hl": sticky or ""})
    view = score_view(state)
    frame = scoreframe.map_frame(view, lang)
    map_patch = dash.Patch()
    _outline(map_patch, frame, shown)
    plane_patch = dash.Patch()
    ring = planeview.highlight_ring(view, shown)
    plane_patch["data"][1]["x"] = ring["x"]
    plane_patch["data"][1]["y"] = ring["y"]
    new = sticky if sticky != before else dash.no_update  # a hover alone: no re-render
    return {"map": map_patch, "plane": plane_patch, "sticky": new}


def plane_csv(query: dict, lang: str) -> tuple[bytes, str]:
    """The plane's points with their scores and sources (``plane.download_csv``)."""
    view = score_view(parse_query(query)[0])
    return planeview.download_csv(view), planeview.download_name(view)


def scores_csv(query: dict, lang: str) -> tuple[bytes, str]:
    """The shown score table (see the module docstring)."""
    view = score_view(parse_query(query)[0])
    return scoreframe.download_csv(view), scoreframe.download_name(view)


register_csv_download(pid, "plane-download", plane_csv)
register_csv_download(pid, "download", scores_csv)


# The settings go to the URL without a reload (assets/scores-grid.js).
clientside_callback(
    ClientsideFunction(namespace="camScores", function_name="replaceQuery"),
    Output(pid("url-sink"), "data"),
    Input(pid("query"), "data"),
    prevent_initial_call=True,
)

# Point names that would overlap on a narrow plane are hidden in the browser (assets/cam-atlas.js).
clientside_callback(
    ClientsideFunction(namespace="cam", function_name="afterPlaneUpdate"),
    Output(pid("url-sink"), "data", allow_duplicate=True),
    Input(pid("plane"), "figure"),
    State(pid("plane"), "id"),
    prevent_initial_call=True,
)
