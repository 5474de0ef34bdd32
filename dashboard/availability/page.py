"""The Data availability page (``/availability``): indicator x area x year, so users see where
data is missing.

Dash Pages calls :func:`layout` with the URL query (``dashboard.availability.view``:
``country, level, region, areas, indicator, demo, lang``). Without an indicator the grid is the
summary (per indicator and year, areas with a value out of the year's layout); with one, every
area and year with the status tier of its value. The callbacks are in
``dashboard.availability.callbacks``.
"""

from __future__ import annotations

from dataclasses import replace

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.availability import callbacks as page
from dashboard.availability.callbacks import control, pid
from dashboard.availability.view import COUNTRIES, AvailabilityState, parse_query
from dashboard.common.aria import aria
from dashboard.common.controls import ALL_REGIONS, banner, region_options
from dashboard.common.datasets import dataset_names, dataset_options, store_alert
from dashboard.common.grid import grid_locale
from dashboard.components.csv_download import download_button
from dashboard.errors import safe_layout
from dashboard.i18n import t
from dashboard.state.model import DEFAULT_DATASET, Note
from dashboard.state.notes import note_text
from dashboard.value_kinds import OBJECT, declare_data


@safe_layout
def layout(**query: object) -> html.Div:
    """The page for the URL's query parameters (see ``dashboard.availability.view``)."""
    state, problems = parse_query(query)
    if state.dataset not in dataset_names():  # e.g. an imported dataset since removed
        problems.append(Note("dataset", state.dataset, DEFAULT_DATASET))
        state = replace(state, dataset=DEFAULT_DATASET)
    lang = state.lang
    notes = [note_text(n, lang) for n in problems]
    options = page.indicator_options(state, lang)
    if state.indicator and state.indicator not in {o["value"] for o in options}:
        notes.append(t("availability.note.unknown_indicator", lang, value=state.indicator))
        state = replace(state, indicator=None)
    return html.Div(
        [
            dcc.Store(id=pid("lang"), data=lang),
            dcc.Store(id=pid("carry"), data={"both": state.both_requested, "areas": state.areas}),
            dcc.Store(id=pid("query"), data=None),
            dcc.Store(id=pid("url-sink")),
            html.H1(t("availability.heading", lang), className="h3 mb-2"),
            html.P(t("availability.intro", lang), className="mb-3 cam-lead"),
            html.Div(banner(state.synthetic, lang), id=pid("banner")),
            store_alert(lang),
            *[dbc.Alert(n, color="info", dismissable=True, class_name="mb-2") for n in notes],
            html.Div(id=pid("status"), role="status", **aria(live="polite")),
            dbc.Row(
                [
                    dbc.Col(_controls(state, options), lg=3, md=4),
                    dbc.Col(_results(lang), lg=9, md=8),
                ],
                className="g-3",
            ),
        ],
        lang=lang,
        className="cam-availability",
    )


def _radios(name: str, legend: str, options: list[dict], value: object) -> html.Fieldset:
    return html.Fieldset(
        [
            html.Legend(legend, className="form-label fs-6 mb-1"),
            dbc.RadioItems(
                id=control(name),
                options=options,
                value=value,
                name=f"availability-{name}",
                inline=True,
            ),
        ],
        className="mb-3",
    )


def _select(name: str, label: str, options: list[dict], value: str) -> html.Label:
    return html.Label(
        [
            html.Span(label, className="form-label d-block mb-1"),
            dbc.Select(id=control(name), options=options, value=value),
        ],
        className="d-block mb-3",
    )


def _controls(state: AvailabilityState, options: list[dict]) -> html.Section:
    """Country, level, region, indicator and the dataset (SYNTHETIC demo included)."""
    lang = state.lang
    countries = [{"label": t(f"common.country.{c}", lang), "value": c} for c in COUNTRIES]
    levels = [{"label": t(f"common.level.{v}", lang), "value": v} for v in (1, 2)]
    return html.Section(
        [
            _radios("country", t("scores.controls.country", lang), countries, state.country),
            _radios("level", t("scores.controls.level", lang), levels, state.level),
            _select(
                "region",
                t("scores.controls.region", lang),
                region_options(state.country, lang),
                state.region or ALL_REGIONS,
            ),
            _select(
                "indicator",
                t("availability.controls.indicator", lang),
                options,
                state.indicator or page.SUMMARY,
            ),
            _select(
                "dataset",
                t("data.controls.dataset", lang),
                dataset_options(state.dataset, lang),
                state.dataset,
            ),
        ],
        className="cam-controls",
        **aria(label=t("availability.controls.label", lang)),
    )


def _results(lang: str) -> list:
    """Title, notes, legend, the matrix grid, the download and a link to the gap scores."""
    return [
        html.H2(id=pid("title"), className="h5 mb-2"),
        html.Div(id=pid("notes")),
        html.Div(id=pid("legend")),
        html.P(t("availability.drill_hint", lang), id=pid("hint"), className="small cam-note"),
        dag.AgGrid(
            id=pid("grid"),
            columnDefs=[],
            rowData=[],
            defaultColDef={"resizable": True, "sortable": False, "suppressMovable": True},
            dashGridOptions={
                "domLayout": "autoHeight",
                "tooltipShowDelay": 200,
                "enableCellTextSelection": True,
                "ensureDomOrder": True,
                "localeText": grid_locale(lang),
            },
            className="ag-theme-quartz cam-availability-grid",
            style={"width": "100%"},
        ),
        html.Div(
            [
                *download_button(pid, "download", t("availability.download", lang)),
                html.A(
                    t("availability.open_scores", lang),
                    id=pid("scores-link"),
                    href="#",
                    className="small",
                ),
            ],
            className="d-flex flex-wrap align-items-center gap-2 my-3",
        ),
    ]


# The query starts empty and is read by the download callback: an object only.
declare_data(pid("query"), OBJECT)

dash.register_page(
    __name__,
    layout=layout,
    path="/availability",
    name="Data availability",
    title="Data availability · CAM Atlas",
    order=30,
    nav_key="availability.nav",
    description="Which indicator has a value for which region or district in which year.",
)
