"""The map page (``/``): one ``MapCard`` whose settings come from the URL query.

Dash Pages calls :func:`layout` with the query parameters as keyword arguments, so a shared link
(``/?country=KAZ&level=2&indicator=...&year=2023&lang=ru``) restores the same view. Malformed
parameters fall back to defaults with an explanatory note.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard.common.datasets import store_alert
from dashboard.components.map_card import MapCard
from dashboard.errors import safe_layout
from dashboard.i18n import t
from dashboard.map import callbacks as map_callbacks  # registers the card's callbacks
from dashboard.map import data
from dashboard.map.state import DEFAULT_DATASET, parse_query
from dashboard.region_panel.callbacks import region_panel  # the Region panel and its callbacks
from dashboard.state.model import Note


@safe_layout
def layout(**query: object) -> html.Div:
    """The page for the URL's query parameters (``dashboard.map.state`` lists the keys)."""
    state, problems = parse_query(query)
    if state.dataset not in data.dataset_names():  # e.g. an imported dataset since removed
        problems.append(Note("dataset", state.dataset, DEFAULT_DATASET))
        state = state.with_(dataset=DEFAULT_DATASET)
    if not query.get("indicator"):
        state = map_callbacks.with_available_indicator(state)
    lang = state.lang
    notes = [
        dbc.Alert(
            t("map.error.bad_value", lang, name=note.key, value=note.given),
            color="info",
            dismissable=True,
            class_name="mb-2",
        )
        for note in problems
    ]
    return html.Div(
        [
            html.H1(t("map.heading", lang), className="h3 mb-3"),
            store_alert(lang),
            *notes,
            MapCard("main", state, map_callbacks.choices(state)),
            region_panel("main", state, query),
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
)
