"""The map page (``/``): one ``MapCard`` whose settings come from the URL query.

Dash Pages calls :func:`layout` with the query parameters as keyword arguments, so a shared link
(``/?country=KAZ&level=2&indicator=...&year=2023&lang=ru``) restores the same view. Malformed
parameters fall back to defaults with an explanatory note. The card comes with its first view's
map data and texts (``map.callbacks.first_view``), so the browser draws the first map without a
callback round trip.
"""

from __future__ import annotations

from collections.abc import Mapping

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard.common.datasets import store_alert
from dashboard.components.deferred import Deferred
from dashboard.components.map_card import MapCard, control_values
from dashboard.errors import layout_error_alert, safe_layout
from dashboard.georoute import layer_url
from dashboard.i18n import t
from dashboard.map import callbacks as map_callbacks  # registers the card's callbacks
from dashboard.map import data
from dashboard.map.state import DEFAULT_DATASET, DEFAULT_INDICATOR, MapState, parse_query
from dashboard.region_panel.callbacks import region_panel  # the Region panel and its callbacks
from dashboard.state.model import Note
from dashboard.state.notes import note_text as notes_text
from indicators.catalogue import catalogue

BASE_TOPOJSON = "world_110m"  # what plotly.js loads for a world-scope geo subplot
LAZY_CHUNKS = ("async-graph", "async-dropdown")  # dcc's webpack chunks of the page's components


def note_text(note: Note, state: MapState) -> str:
    """ "The link has an invalid year (“abc”); showing 2023 instead." in the page's language."""
    lang = state.lang
    used = note.used
    if note.key == "indicator" and used in catalogue():
        used = data.indicator_info(used, lang).label
    elif note.key == "year" and not used:
        used = t("common.url.latest_year", lang)
    elif note.key == "region" and not used:
        used = t("map.controls.region_all", lang)
    return notes_text(note, lang, used)


def page_state(query: Mapping[str, object]) -> tuple[MapState, list[Note]]:
    """The state the page shows for the URL's query parameters, with a note per problem."""
    state, problems = parse_query(query)
    if state.dataset not in data.dataset_names():  # e.g. an imported dataset since removed
        problems.append(Note("dataset", state.dataset, DEFAULT_DATASET))
        state = state.with_(dataset=DEFAULT_DATASET)
    if state.indicator not in catalogue():
        # Well-formed but unknown ("nonsense"): say so and show an indicator that has data.
        given = state.indicator
        state = map_callbacks.with_available_indicator(state.with_(indicator=DEFAULT_INDICATOR))
        problems.append(Note("indicator", given, state.indicator))
    elif not query.get("indicator"):
        state = map_callbacks.with_available_indicator(state)
    return state, problems


def first_requests(query: Mapping[str, str]) -> list[str]:
    """What the browser requests to draw the page's first map (``dashboard.preload``): the
    lazy chunks of ``dcc.Graph`` and ``dcc.Dropdown``, the boundary GeoJSON of the layers the
    layout's first view draws (the same state: ``map.callbacks.first_state``) and the base
    topojson of the ``geo`` subplot (``components.graph``)."""
    state, _ = page_state(query)
    shown = map_callbacks.first_state(state, map_callbacks.first_year(state))
    prefix = dash.get_app().config.requests_pathname_prefix
    chunks = [f"{prefix}_dash-component-suites/dash/dcc/{name}.js" for name in LAZY_CHUNKS]
    geometry = layer_url(data.shown_parts(shown), prefix=prefix)
    return [*chunks, geometry, dash.get_asset_url(f"topojson/{BASE_TOPOJSON}.json")]


@safe_layout
def layout(**query: object) -> html.Div:
    """The page for the URL's query parameters (``dashboard.map.state`` lists the keys)."""
    state, problems = page_state(query)
    lang = state.lang
    notes = [
        dbc.Alert(
            note_text(note, state),
            color="info",
            dismissable=True,
            class_name="mb-2 cam-url-note",
        )
        for note in problems
    ]
    found = map_callbacks.choices(state)
    try:
        first = map_callbacks.first_view(state, found)
    except Exception as err:  # the card shows why, as render_map's errors do; the rest works
        first = {"status": layout_error_alert(err, lang)}
    return html.Div(
        [
            html.H1(t("map.heading", lang), className="h3 mb-3"),
            store_alert(lang),
            *notes,
            MapCard("main", state, found, first),
            # Below the map and drawn after it (components/deferred.py).
            Deferred(region_panel("main", state, query, control_values(state, found))),
        ],
        lang=lang,
    )


dash.register_page(
    __name__,
    layout=layout,
    path="/",
    name="Map",
    title="CAM Atlas",
    order=0,
    nav_key="common.nav.map",
    description="Choropleth map of children affected by migration in Kazakhstan and Kyrgyzstan.",
    preload=first_requests,
)
