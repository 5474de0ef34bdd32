"""``MapCard``: the All-in-One map component (controls, choropleth, vintage note, text alternative).

IDs are pattern-matching dicts ``{"component": "MapCard", "subcomponent": <name>, "aio_id": <id>}``
built by :class:`MapCard.ids`, so several cards can live on one page and the callbacks in
``dashboard.map.callbacks`` serve them all with ``MATCH``. All labels come from the i18n catalogue
in the card's language; initial control values come from a :class:`~dashboard.map.state.MapState`
(parsed from the URL).
"""

from __future__ import annotations

import json

import dash_bootstrap_components as dbc
from dash import MATCH, dcc, html

from dashboard.common.aria import aria
from dashboard.common.colours import PALETTES
from dashboard.common.datasets import dataset_label
from dashboard.common.datasets import synthetic_banner as common_synthetic_banner
from dashboard.components.deferred import Deferred
from dashboard.components.graph import atlas_graph
from dashboard.i18n import t
from dashboard.map.figures import empty_figure
from dashboard.map.frame import TableRow
from dashboard.map.state import (
    ALL_REGIONS,
    BREAKS,
    COUNTRIES,
    LABELS,
    LEVELS,
    TOLERANCES,
    MapState,
)
from dashboard.state.model import SYNTHETIC_DATASET
from dashboard.value_kinds import OBJECT, declare_data

CONTROLS: tuple[str, ...] = (
    "country",
    "level",
    "region",
    "indicator",
    "year",
    "tol",
    "palette",
    "breaks",
    "dataset",
    "labels",
)


def _id(subcomponent: str, aio_id: object) -> dict:
    return {"component": "MapCard", "subcomponent": subcomponent, "aio_id": aio_id}


class MapCard(html.Div):
    """A card with the map controls, the map and its notes; see the module docstring."""

    class ids:
        """Pattern-matching IDs of the card's parts (``aio_id`` may be ``MATCH``)."""

        @staticmethod
        def control(aio_id: object, name: str) -> dict:
            """One of :data:`CONTROLS`."""
            return _id(f"control-{name}", aio_id)

        graph = staticmethod(lambda aio_id: _id("graph", aio_id))
        # The map's compact data (``dashboard.map.compact``); ``cam.drawMap`` draws from it.
        figure_data = staticmethod(lambda aio_id: _id("figure-data", aio_id))
        bars = staticmethod(lambda aio_id: _id("bars", aio_id))
        table_toggle = staticmethod(lambda aio_id: _id("table-toggle", aio_id))
        controls_toggle = staticmethod(lambda aio_id: _id("controls-toggle", aio_id))
        controls_panel = staticmethod(lambda aio_id: _id("controls-panel", aio_id))
        hover_reset = staticmethod(lambda aio_id: _id("hover-reset", aio_id))
        memory = staticmethod(lambda aio_id: _id("memory", aio_id))
        switch_note = staticmethod(lambda aio_id: _id("switch-note", aio_id))
        figure_region = staticmethod(lambda aio_id: _id("figure-region", aio_id))
        title = staticmethod(lambda aio_id: _id("title", aio_id))
        note = staticmethod(lambda aio_id: _id("note", aio_id))
        summary = staticmethod(lambda aio_id: _id("summary", aio_id))
        table = staticmethod(lambda aio_id: _id("table", aio_id))
        status = staticmethod(lambda aio_id: _id("status", aio_id))
        banner = staticmethod(lambda aio_id: _id("banner", aio_id))
        lang = staticmethod(lambda aio_id: _id("lang", aio_id))
        view = staticmethod(lambda aio_id: _id("view", aio_id))
        url_sink = staticmethod(lambda aio_id: _id("url-sink", aio_id))

    def __init__(
        self, aio_id: str, state: MapState, choices: dict, first: dict | None = None
    ) -> None:
        """``choices``: options for ``indicator`` (id, label), ``year`` and ``region`` (code,
        name) lists as returned by ``dashboard.map.callbacks.choices``. ``first``: the first
        view's outputs, keyed like ``render_map``'s (``dashboard.map.callbacks.first_view``;
        ``status`` may hold an error alert instead), so no callback runs before the first map."""
        lang = state.lang
        controls = _controls(aio_id, state, choices)
        super().__init__(
            className="cam-map-card",
            children=[
                dcc.Store(id=self.ids.lang(aio_id), data=lang),
                dcc.Store(id=self.ids.view(aio_id), data=None),
                dcc.Store(id=self.ids.url_sink(aio_id), data=None),
                dcc.Store(id=self.ids.hover_reset(aio_id), data=None),
                dcc.Store(id=self.ids.memory(aio_id), data=None),
                dbc.Row(
                    [
                        # Controls come first, for keyboard users and on phones (folded there
                        # behind a "Map settings" button, so the map is one tap away).
                        dbc.Col(
                            [
                                html.Button(
                                    t("map.controls.toggle", lang),
                                    id=self.ids.controls_toggle(aio_id),
                                    type="button",
                                    className="btn btn-outline-primary btn-sm w-100 mb-2 "
                                    "d-md-none cam-controls-toggle",
                                    **aria(expanded="false"),
                                ),
                                html.Section(
                                    controls,
                                    id=self.ids.controls_panel(aio_id),
                                    className="cam-controls",
                                    **aria(label=t("map.controls.label", lang)),
                                ),
                            ],
                            xs=12,
                            md=4,
                            lg=3,
                        ),
                        dbc.Col(_figure_column(aio_id, lang, first or {}), xs=12, md=8, lg=9),
                    ],
                    className="g-3",
                ),
            ],
        )


# The view and the switch memory start empty and are read by the map callbacks: objects only.
declare_data(MapCard.ids.view(MATCH), OBJECT)
declare_data(MapCard.ids.memory(MATCH), OBJECT)


def _select(aio_id: str, name: str, label: str, options: list[dict], value: object):
    """A labelled native ``<select>`` (keyboard and screen-reader friendly)."""
    return html.Label(
        [
            html.Span(label, className="form-label d-block mb-1"),
            dbc.Select(
                id=MapCard.ids.control(aio_id, name),
                options=options,
                value=None if value is None else str(value),
            ),
        ],
        className="d-block mb-3",
    )


def _radios(aio_id: str, name: str, legend: str, options: list[dict], value: object):
    """A group of radio buttons in a fieldset with a legend."""
    return html.Fieldset(
        [
            html.Legend(legend, className="form-label fs-6 mb-1"),
            dbc.RadioItems(
                id=MapCard.ids.control(aio_id, name),
                options=options,
                value=value,
                name=f"{aio_id}-{name}",
            ),
        ],
        className="mb-3",
    )


def indicator_options(choices: dict) -> list[dict]:
    """Select options for indicators."""
    return [{"label": label, "value": ind} for ind, label in choices["indicator"]]


def year_options(choices: dict) -> list[dict]:
    """Select options for years."""
    return [{"label": str(y), "value": str(y)} for y in choices["year"]]


def region_options(choices: dict, lang: str) -> list[dict]:
    """Select options for the region filter, "All regions" first."""
    return [{"label": t("map.controls.region_all", lang), "value": ALL_REGIONS}] + [
        {"label": name, "value": code} for code, name in choices["region"]
    ]


def control_values(state: MapState, choices: dict) -> dict[str, object]:
    """The values the card's controls start with (what ``render_map`` would be called with)."""
    return {
        "country": state.country,
        "level": state.level,
        "region": state.region or ALL_REGIONS,
        "indicator": state.indicator,
        "year": choices["year_value"],
        "tol": state.tol,
        "palette": state.palette,
        "breaks": state.breaks,
        "dataset": state.dataset,
        "labels": state.labels,
    }


def _controls(aio_id: str, state: MapState, choices: dict) -> list:
    """The card's form controls, initialised from ``state``."""
    lang = state.lang
    value = control_values(state, choices)
    countries = [{"label": t(f"common.country.{c}", lang), "value": c} for c in COUNTRIES]
    levels = [{"label": t(f"common.level.{v}", lang), "value": v} for v in LEVELS]
    tolerances = [
        {
            "label": t("map.controls.tolerance_0", lang)
            if n == 0
            else t("map.controls.tolerance_n", lang, count=n),
            "value": str(n),
        }
        for n in TOLERANCES
    ]
    palettes = [{"label": t(f"map.palette.{p}", lang), "value": p} for p in PALETTES]
    breaks = [{"label": t(f"map.breaks.{b}", lang), "value": b} for b in BREAKS]
    labels = [{"label": t(f"map.labels.{v}", lang), "value": v} for v in LABELS]
    datasets = [{"label": dataset_label(n, lang), "value": n} for n in choices["dataset"]]
    return [
        _select(aio_id, "dataset", t("data.controls.dataset", lang), datasets, value["dataset"]),
        _radios(aio_id, "country", t("map.controls.country", lang), countries, value["country"]),
        _radios(aio_id, "level", t("map.controls.level", lang), levels, value["level"]),
        _select(
            aio_id,
            "region",
            t("map.controls.region", lang),
            region_options(choices, lang),
            value["region"],
        ),
        _select(
            aio_id,
            "indicator",
            t("map.controls.indicator", lang),
            indicator_options(choices),
            value["indicator"],
        ),
        _select(aio_id, "year", t("map.controls.year", lang), year_options(choices), value["year"]),
        _select(aio_id, "tol", t("map.controls.tolerance", lang), tolerances, value["tol"]),
        _select(aio_id, "palette", t("map.controls.palette", lang), palettes, value["palette"]),
        _radios(aio_id, "breaks", t("map.controls.breaks", lang), breaks, value["breaks"]),
        _radios(aio_id, "labels", t("map.controls.labels", lang), labels, value["labels"]),
    ]


def dom_id(component_id: dict) -> str:
    """The DOM ``id`` Dash gives a dict ID (sorted keys, compact JSON), for ARIA references."""
    return json.dumps(component_id, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _figure_column(aio_id: str, lang: str, first: dict) -> list:
    """Title, status area, the graph (with aria label and description), note and table;
    ``first`` fills them with the first view (``MapCard``)."""
    region_label = aria(label=first["label"]) if first.get("label") else {}
    return [
        html.Div(first.get("banner"), id=MapCard.ids.banner(aio_id)),
        html.H2(first.get("title"), id=MapCard.ids.title(aio_id), className="h5 mb-2"),
        html.Div(
            first.get("status"), id=MapCard.ids.status(aio_id), role="status", **aria(live="polite")
        ),
        html.P(
            id=MapCard.ids.switch_note(aio_id),
            className="cam-switch-note small mb-2",
            role="status",
            **aria(live="polite"),
        ),
        dbc.Row(
            [
                dbc.Col(
                    html.Div(
                        dcc.Loading(
                            [
                                atlas_graph(
                                    MapCard.ids.graph(aio_id), lang, empty_figure(), "cam-atlas-map"
                                ),
                                # Inside the Loading: its spinner shows while the server works.
                                dcc.Store(
                                    id=MapCard.ids.figure_data(aio_id),
                                    data=first.get("figure_data"),
                                ),
                            ],
                            delay_show=400,
                            # The first view is in the layout: nothing to wait for on start-up
                            # (by default the spinner hid the map until every first callback,
                            # the shell's texts included, had answered).
                            show_initially=False,
                            parent_className="h-100",
                        ),
                        id=MapCard.ids.figure_region(aio_id),
                        role="group",
                        className="cam-map",
                        **aria(describedby=dom_id(MapCard.ids.summary(aio_id))),
                        **region_label,
                    ),
                    xs=12,
                    xl=8,
                ),
                dbc.Col(
                    html.Section(
                        # Drawn after the map (components/deferred.py): the map comes first.
                        Deferred(
                            atlas_graph(
                                MapCard.ids.bars(aio_id), lang, empty_figure(), "cam-atlas-bars"
                            )
                        ),
                        className="cam-bars",
                        **aria(label=t("map.bars.label", lang)),
                    ),
                    xs=12,
                    xl=4,
                ),
            ],
            className="g-2",
        ),
        html.P(
            first.get("note"), id=MapCard.ids.note(aio_id), className="cam-note small mt-2 mb-1"
        ),
        html.P(first.get("summary"), id=MapCard.ids.summary(aio_id), className="visually-hidden"),
        html.Details(
            [
                html.Summary(t("map.table.toggle", lang), id=MapCard.ids.table_toggle(aio_id)),
                html.Div(id=MapCard.ids.table(aio_id), className="table-responsive mt-2"),
            ],
            className="cam-table-alt mt-2",
        ),
    ]


def synthetic_banner(state: MapState):
    """A visible warning above the map while the SYNTHETIC demo dataset is shown, else None."""
    if state.dataset != SYNTHETIC_DATASET:
        return None
    return common_synthetic_banner(state.lang, "map-synthetic-banner")


def values_table(rows: list[TableRow], lang: str):
    """The map's text alternative: one row per area with a value (all text, never HTML)."""
    heads = ["area", "value", "unit", "year", "source", "quality"]
    return html.Table(
        [
            html.Caption(t("map.table.caption", lang)),
            html.Thead(html.Tr([html.Th(t(f"map.table.{h}", lang), scope="col") for h in heads])),
            html.Tbody(
                [
                    html.Tr(
                        [
                            html.Th(r.area, scope="row"),
                            html.Td(r.value, className="text-end"),
                            html.Td(r.unit),
                            html.Td(r.year),
                            html.Td(r.source),
                            html.Td(r.quality),
                        ]
                    )
                    for r in rows
                ]
            ),
        ],
        className="table table-sm table-striped caption-top",
    )
