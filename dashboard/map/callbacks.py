"""Callbacks of the map card (``dashboard.components.map_card.MapCard``), for every card (MATCH).

- :func:`refresh_choices`: country or level changed -> indicator, year and region options.
- :func:`render_map`: any setting changed -> the figure. When the geometry URL is unchanged it
  returns a ``dash.Patch`` touching only values, colours, hover texts and legend (a few KB);
  otherwise the full figure whose ``geojson`` is a cacheable URL (no coordinates either way).
- ``cam.writeQuery`` (clientside, ``assets/cam-atlas.js``): writes the settings to the URL with
  ``history.replaceState`` so the page is not re-rendered but a reload restores the view.

Errors raised here reach the app's ``on_error`` handler (``dashboard.errors``), which shows a
friendly message in the card's status area and leaves everything else working.
"""

from __future__ import annotations

from dash import (
    MATCH,
    ClientsideFunction,
    Input,
    Output,
    State,
    callback,
    clientside_callback,
    ctx,
)

from dashboard.components.map_card import (
    MapCard,
    indicator_options,
    region_options,
    synthetic_banner,
    values_table,
    year_options,
)
from dashboard.georoute import layer_url
from dashboard.i18n import t
from dashboard.map import data
from dashboard.map.figures import map_figure, synthetic_annotations
from dashboard.map.state import ALL_REGIONS, MapState, parse_query
from indicators.dataset import DEMO_SYNTHETIC

ids = MapCard.ids


def choices(state: MapState) -> dict:
    """Options for the indicator, year and region selects in ``state``'s language.

    ``year_value`` is the year to select: the state's year when available, else the latest.
    """
    from indicators.catalogue import catalogue

    entries = catalogue()
    indicators = data.indicator_ids(state.countries(), state.level, state.dataset)
    labelled = [(i, data.indicator_info(i, state.lang).label) for i in indicators if i in entries]
    if state.indicator not in indicators:
        # Keep the select truthful: the current indicator stays listed even without data here
        # (or unknown: the map then says so).
        known = state.indicator in entries
        label = data.indicator_info(state.indicator, state.lang).label if known else state.indicator
        labelled.insert(0, (state.indicator, label))
    years = data.years(state.indicator, state.countries(), state.level, state.dataset)
    year_value = state.year if state.year in years else (years[-1] if years else None)
    return {
        "indicator": labelled,
        "year": years,
        "year_value": year_value,
        "region": data.regions(state),
        "dataset": _dataset_choices(state),
    }


def _dataset_choices(state: MapState) -> list[str]:
    """Datasets offered: the cited default and imported tables; the SYNTHETIC demo too (its
    label says so, and a banner shows while it is on the map)."""
    names = data.dataset_names()
    return names if state.dataset in names else [*names, state.dataset]


def with_available_indicator(state: MapState) -> MapState:
    """``state`` with the first indicator that has data at its country and level when its own
    indicator has none there (used when the indicator was not chosen explicitly)."""
    available = data.indicator_ids(state.countries(), state.level, state.dataset)
    if available and state.indicator not in available:
        return state.with_(indicator=available[0])
    return state


def state_from_controls(values: dict, lang: str) -> MapState:
    """The ``MapState`` for the control values of a card (parsed like a URL, so validated)."""
    query = {**{k: "" if v is None else str(v) for k, v in values.items()}, "lang": lang}
    state, _ = parse_query(query)
    if values.get("indicator") and state.indicator != values["indicator"]:
        # Keep an invalid id so that the map reports it instead of silently showing another one.
        state = state.with_(indicator=str(values["indicator"])[:80])
    return state


@callback(
    Output(ids.control(MATCH, "indicator"), "options"),
    Output(ids.control(MATCH, "indicator"), "value"),
    Output(ids.control(MATCH, "year"), "options"),
    Output(ids.control(MATCH, "year"), "value"),
    Output(ids.control(MATCH, "region"), "options"),
    Output(ids.control(MATCH, "region"), "value"),
    Input(ids.control(MATCH, "country"), "value"),
    Input(ids.control(MATCH, "level"), "value"),
    Input(ids.control(MATCH, "indicator"), "value"),
    Input(ids.control(MATCH, "dataset"), "value"),
    State(ids.control(MATCH, "year"), "value"),
    State(ids.control(MATCH, "region"), "value"),
    State(ids.lang(MATCH), "data"),
    prevent_initial_call=True,
)
def refresh_choices(country, level, indicator, dataset, year, region, lang):
    """Options that depend on country, level, indicator and dataset; keeps valid values."""
    controls = {"country": country, "level": level, "indicator": indicator, "year": year}
    state = state_from_controls({**controls, "dataset": dataset}, lang)
    trigger = (ctx.triggered_id or {}).get("subcomponent", "")
    if trigger != "control-indicator":
        # The new country or level may have no data for this indicator: switch to one that has.
        state = with_available_indicator(state)
    found = choices(state)
    region_codes = {code for code, _ in found["region"]}
    region_value = region if region in region_codes else ALL_REGIONS
    year_value = None if found["year_value"] is None else str(found["year_value"])
    return (
        indicator_options(found),
        state.indicator,
        year_options(found),
        year_value,
        region_options(found, state.lang),
        region_value,
    )


@callback(
    Output(ids.graph(MATCH), "figure"),
    Output(ids.view(MATCH), "data"),
    Output(ids.title(MATCH), "children"),
    Output(ids.note(MATCH), "children"),
    Output(ids.summary(MATCH), "children"),
    Output(ids.figure_region(MATCH), "aria-label"),
    Output(ids.table(MATCH), "children"),
    Output(ids.status(MATCH), "children"),
    Output(ids.banner(MATCH), "children"),
    Input(ids.control(MATCH, "country"), "value"),
    Input(ids.control(MATCH, "level"), "value"),
    Input(ids.control(MATCH, "region"), "value"),
    Input(ids.control(MATCH, "indicator"), "value"),
    Input(ids.control(MATCH, "year"), "value"),
    Input(ids.control(MATCH, "tol"), "value"),
    Input(ids.control(MATCH, "palette"), "value"),
    Input(ids.control(MATCH, "breaks"), "value"),
    Input(ids.control(MATCH, "dataset"), "value"),
    State(ids.lang(MATCH), "data"),
    State(ids.view(MATCH), "data"),
)
def render_map(country, level, region, indicator, year, tol, palette, breaks, dataset, lang, view):
    """Draw the map for the card's settings (Patch when only data or colours changed)."""
    controls = {
        "country": country,
        "level": level,
        "region": region,
        "indicator": indicator,
        "year": year,
        "tol": tol,
        "palette": palette,
        "breaks": breaks,
        "dataset": dataset,
    }
    state = state_from_controls(controls, lang)
    shown = data.map_view(state)
    frame = shown.frame
    url = layer_url(shown.parts, prefix=_prefix())
    view_key = f"{shown.view_key}|{state.region or ''}"
    loaded = bool(view and view.get("url") == url)
    figure = map_figure(url, frame, state.lang, view_key, geometry_loaded=loaded)
    # Images exported from the chart carry the SYNTHETIC mark too (not only the page banner).
    figure["layout"]["annotations"] = synthetic_annotations(
        state.dataset == DEMO_SYNTHETIC, t("data.synthetic.title", state.lang)
    )
    label = frame.summary.split(". ")[0]
    return (
        figure,
        {"url": url},
        frame.title,
        frame.note,
        frame.summary,
        label,
        values_table(frame.rows, state.lang) if frame.rows else t("map.vintage.empty", state.lang),
        None,
        synthetic_banner(state),
    )


def _prefix() -> str:
    """The app's URL prefix (``requests_pathname_prefix``), for geometry URLs."""
    from dash import get_app

    return get_app().config.requests_pathname_prefix


# Write every setting to the URL (no reload, no page re-render): see assets/cam-atlas.js.
clientside_callback(
    ClientsideFunction(namespace="cam", function_name="writeQuery"),
    Output(ids.url_sink(MATCH), "data"),
    Input(ids.control(MATCH, "country"), "value"),
    Input(ids.control(MATCH, "level"), "value"),
    Input(ids.control(MATCH, "indicator"), "value"),
    Input(ids.control(MATCH, "year"), "value"),
    Input(ids.control(MATCH, "tol"), "value"),
    Input(ids.lang(MATCH), "data"),
    Input(ids.control(MATCH, "region"), "value"),
    Input(ids.control(MATCH, "palette"), "value"),
    Input(ids.control(MATCH, "breaks"), "value"),
    Input(ids.control(MATCH, "dataset"), "value"),
)
