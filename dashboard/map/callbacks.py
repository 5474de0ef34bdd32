"""Callbacks of the map card (``dashboard.components.map_card.MapCard``), for every card (MATCH).

- :func:`refresh_choices`: country or level changed -> indicator, year and region options
  (keeping the user's indicator and year where the new place has them, ``map.switch``).
- :func:`render_map`: any setting changed -> the map's compact data (``dashboard.map.compact``)
  in the card's ``figure-data`` store, and the title and notes. While the browser holds the
  view (its ``view`` store matches) the data is a ``dash.Patch`` of the values alone (a few KB
  for ~280 districts); otherwise the whole store, whose ``geojson`` is a cacheable URL (no
  coordinates either way). Not called on load: the page's layout carries the first view's
  outputs (:func:`first_view`, the same :func:`map_outputs`), which saves a round trip before
  the first map.
- ``cam.drawMap`` (clientside, ``assets/cam-atlas.js``): the store -> the map figure, the bar
  chart and the ``view`` store, all built in the browser.
- ``cam.writeQuery`` (clientside): writes the settings to the URL with
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
    CONTROLS,
    MapCard,
    control_values,
    indicator_options,
    region_options,
    synthetic_banner,
    values_table,
    year_options,
)
from dashboard.georoute import layer_url
from dashboard.i18n import t
from dashboard.map import data
from dashboard.map.compact import figure_data
from dashboard.map.figures import synthetic_annotations
from dashboard.map.state import ALL_REGIONS, MapState, parse_query
from dashboard.map.switch import carry_over
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
    return {
        "indicator": labelled,
        "year": years,
        "year_value": shown_year(state.year, years),
        "region": data.regions(state),
        "dataset": _dataset_choices(state),
    }


def shown_year(year: int | None, years: list[int]) -> int | None:
    """The year the year select shows: ``year`` when it has data, else the latest (None: none)."""
    return year if year in years else (years[-1] if years else None)


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
    output={
        "indicator_options": Output(ids.control(MATCH, "indicator"), "options"),
        "indicator": Output(ids.control(MATCH, "indicator"), "value"),
        "year_options": Output(ids.control(MATCH, "year"), "options"),
        "year": Output(ids.control(MATCH, "year"), "value"),
        "region_options": Output(ids.control(MATCH, "region"), "options"),
        "region": Output(ids.control(MATCH, "region"), "value"),
        "memory": Output(ids.memory(MATCH), "data"),
        "switch_note": Output(ids.switch_note(MATCH), "children"),
    },
    inputs={
        "country": Input(ids.control(MATCH, "country"), "value"),
        "level": Input(ids.control(MATCH, "level"), "value"),
        "indicator": Input(ids.control(MATCH, "indicator"), "value"),
        "dataset": Input(ids.control(MATCH, "dataset"), "value"),
    },
    state={
        "year": State(ids.control(MATCH, "year"), "value"),
        "region": State(ids.control(MATCH, "region"), "value"),
        "lang": State(ids.lang(MATCH), "data"),
        "memory": State(ids.memory(MATCH), "data"),
    },
    prevent_initial_call=True,
)
def refresh_choices(
    country: str,
    level: str,
    indicator: str,
    dataset: str,
    year: str | None,
    region: str | None,
    lang: str,
    memory: dict | None,
) -> dict:
    """Options that depend on country, level, indicator and dataset. A new place keeps the
    user's indicator and year where it has them, else says what changed (``map.switch``)."""
    controls = {"country": country, "level": level, "indicator": indicator, "year": year}
    state = state_from_controls({**controls, "dataset": dataset}, lang)
    trigger = (ctx.triggered_id or {}).get("subcomponent", "")
    missing: list[tuple[str, str]] = []
    if trigger != "control-indicator":
        available = data.indicator_ids(state.countries(), state.level, state.dataset)
        carried = carry_over(
            memory,
            state.indicator,
            year,
            available,
            lambda i: data.years(i, state.countries(), state.level, state.dataset),
        )
        state = state.with_(indicator=carried.indicator, year=carried.year)
        missing, memory = carried.missing, carried.memory
    else:
        # The user picked an indicator: it is the new wish (with the year when it has it).
        years = data.years(state.indicator, state.countries(), state.level, state.dataset)
        kept = shown_year(state.year, years)
        state = state.with_(year=kept)
        shown = {"indicator": state.indicator, "year": kept}
        memory = {"wish": shown, "shown": shown}
    found = choices(state)
    region_codes = {code for code, _ in found["region"]}
    year_value = None if found["year_value"] is None else str(found["year_value"])
    return {
        "indicator_options": indicator_options(found),
        "indicator": state.indicator,
        "year_options": year_options(found),
        "year": year_value,
        "region_options": region_options(found, state.lang),
        "region": region if region in region_codes else ALL_REGIONS,
        "memory": memory,
        "switch_note": switch_note(missing, state, year_value),
    }


def switch_note(missing: list[tuple[str, str]], state: MapState, year: str | None) -> str:
    """Why the indicator or year changed with the place ("" when nothing was lost)."""
    place = (
        f"{t(f'common.country.{state.country}', state.lang)}, "
        + t(f"common.level.{state.level}", state.lang).lower()
    )
    texts = []
    for key, given in missing:
        if key == "indicator":
            known = given in _catalogue()
            label = data.indicator_info(given, state.lang).label if known else given
            shown = data.indicator_info(state.indicator, state.lang).label
            texts.append(
                t("map.switch.indicator", state.lang, place=place, wanted=label, shown=shown)
            )
        else:
            texts.append(t("map.switch.year", state.lang, place=place, wanted=given, shown=year))
    return " ".join(texts)


def _catalogue() -> dict:
    from indicators.catalogue import catalogue

    return catalogue()


CONTROL_INPUTS = {name: Input(ids.control(MATCH, name), "value") for name in CONTROLS}


@callback(
    output={
        "figure_data": Output(ids.figure_data(MATCH), "data"),
        "title": Output(ids.title(MATCH), "children"),
        "note": Output(ids.note(MATCH), "children"),
        "summary": Output(ids.summary(MATCH), "children"),
        "label": Output(ids.figure_region(MATCH), "aria-label"),
        "status": Output(ids.status(MATCH), "children"),
        "banner": Output(ids.banner(MATCH), "children"),
    },
    inputs={"controls": CONTROL_INPUTS},
    state={"lang": State(ids.lang(MATCH), "data"), "view": State(ids.view(MATCH), "data")},
    # The page's layout already carries the first view's outputs (``first_view``): no round
    # trip before the first map.
    prevent_initial_call=True,
)
def render_map(controls: dict, lang: str, view: dict | None) -> dict:
    """The map's data for the card's settings (a Patch of the values when the browser holds the
    view) and its texts. The text-alternative table is rendered by :func:`render_table` only
    while it is open."""
    return map_outputs(state_from_controls(controls, lang), view)


def first_year(state: MapState) -> int | None:
    """The year a new card's year select starts at (``choices``' ``year_value``) without the
    rest of :func:`choices` (the index page's preload list needs only this)."""
    years = data.years(state.indicator, state.countries(), state.level, state.dataset)
    return shown_year(state.year, years)


def first_state(state: MapState, year: int | None) -> MapState:
    """The state a new card's controls (``control_values``, the year select at ``year``)
    stand for: what :func:`render_map` would be called with."""
    return state_from_controls(control_values(state, {"year_value": year}), state.lang)


def first_view(state: MapState, found: dict) -> dict:
    """:func:`render_map`'s outputs for a new card's controls, built into the page's layout so
    the browser draws the first map without calling back."""
    return map_outputs(first_state(state, found["year_value"]), None)


def map_outputs(state: MapState, view: dict | None) -> dict:
    """The card's map outputs for ``state``: the compact data (a Patch when ``view``, the
    browser's current view, matches) and the texts."""
    shown = data.map_view(state)
    frame = shown.frame
    # Images exported from the chart carry the SYNTHETIC mark too (not only the page banner).
    annotations = synthetic_annotations(
        state.dataset == DEMO_SYNTHETIC, t("data.synthetic.title", state.lang)
    )
    return {
        "figure_data": figure_data(
            layer_url(shown.parts, prefix=_prefix()),
            frame,
            state.lang,
            f"{shown.view_key}|{state.region or ''}",
            shown.overlay,
            annotations,
            known=view,
        ),
        "title": frame.title,
        "note": frame.note,
        "summary": frame.summary,
        "label": frame.summary.split(". ")[0],
        "status": None,
        "banner": synthetic_banner(state),
    }


@callback(
    output={"table": Output(ids.table(MATCH), "children")},
    inputs={"controls": CONTROL_INPUTS, "clicks": Input(ids.table_toggle(MATCH), "n_clicks")},
    state={"lang": State(ids.lang(MATCH), "data")},
    prevent_initial_call=True,  # the table starts closed: no request on the first visit
)
def render_table(controls: dict, clicks: int | None, lang: str) -> dict:
    """The map as a table, sent only while its <details> is open (an odd number of clicks on
    its summary): a closed table costs no bytes on each map update."""
    if not clicks or clicks % 2 == 0:
        return {"table": None}
    state = state_from_controls(controls, lang)
    frame = data.map_view(state).frame
    if not frame.rows:
        return {"table": t("map.vintage.empty", state.lang)}
    return {"table": values_table(frame.rows, state.lang)}


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
    Input(ids.control(MATCH, "labels"), "value"),
)

# The map, its bar chart and the view store from the compact data (dashboard.map.compact).
clientside_callback(
    ClientsideFunction(namespace="cam", function_name="drawMap"),
    Output(ids.graph(MATCH), "figure"),
    Output(ids.bars(MATCH), "figure"),
    Output(ids.view(MATCH), "data"),
    Input(ids.figure_data(MATCH), "data"),
    State(ids.graph(MATCH), "figure"),
    # Runs on load too: the layout carries the first view's data (``drawMap`` skips an empty store).
)

# A new figure: drop the old hover box (a keyboard change leaves the pointer resting on the map)
# and hide labels that overlap an earlier one.
clientside_callback(
    ClientsideFunction(namespace="cam", function_name="afterMapUpdate"),
    Output(ids.hover_reset(MATCH), "data"),
    Input(ids.graph(MATCH), "figure"),
    State(ids.graph(MATCH), "id"),
)

# Phones: the settings fold behind a button above the map.
clientside_callback(
    ClientsideFunction(namespace="cam", function_name="toggleControls"),
    Output(ids.controls_panel(MATCH), "className"),
    Output(ids.controls_toggle(MATCH), "aria-expanded"),
    Input(ids.controls_toggle(MATCH), "n_clicks"),
    State(ids.controls_panel(MATCH), "className"),
)
