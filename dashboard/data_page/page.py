"""The Data & downloads page (``/data``): filter, a sortable and filterable table, downloads.

Dash Pages calls :func:`layout` with the URL query (``dashboard.data_page.state``: ``dataset,
country, level, region, areas, indicator, year, lang``; ``demo=1`` also picks the SYNTHETIC
demo), so a link from the map (``/data?indicator=..&country=..&level=..&region=..``) opens the
same selection. The table lists every figure with its unit, precision, status and source; an
area without a figure is listed as "no data", never 0. The SYNTHETIC demo is offered only after
an explicit switch and is then announced by a banner and in every file name and README.
"""

from __future__ import annotations

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.common.aria import aria
from dashboard.common.datasets import store_alert
from dashboard.common.grid import grid_locale
from dashboard.components.downloads import DownloadsAIO
from dashboard.components.everything import EverythingDownload
from dashboard.components.graph import atlas_graph
from dashboard.data_page import callbacks as page
from dashboard.data_page import table as data_table
from dashboard.data_page.callbacks import control, pid
from dashboard.data_page.state import (
    ALL,
    COUNTRIES,
    DEFAULT_DATASET,
    LEVELS,
    DataState,
    parse_query,
)
from dashboard.errors import safe_layout
from dashboard.i18n import t
from dashboard.map.figures import empty_figure
from dashboard.state.notes import note_text

data_table.warm()  # in the gunicorn master (--preload): workers start with warm caches


@safe_layout
def layout(**query: object) -> html.Div:
    """The page for the URL's query parameters (see the module docstring)."""
    state, problems = parse_query(query)
    lang = state.lang
    notes = [note_text(n, lang) for n in problems]
    try:
        dataset = data_table.load(state)
    except data_table.DataSelectionError as err:
        notes.append(str(err))
        state = state.with_(dataset=DEFAULT_DATASET)
        dataset = data_table.load(state)
    found = data_table.choices(dataset, state, show_synthetic=state.synthetic)
    if state.indicator and state.indicator not in {i for i, _ in found.indicators}:
        notes.append(t("data.error.unknown_indicator", lang, value=state.indicator))
        state = state.with_(indicator=None)
        found = data_table.choices(dataset, state, show_synthetic=state.synthetic)
    return html.Div(
        [
            dcc.Store(id=pid("lang"), data=lang),
            dcc.Store(id=pid("url-sink")),
            html.H1(t("data.heading", lang), className="h3 mb-2"),
            store_alert(lang),
            html.P(t("data.intro", lang), className="mb-3 cam-lead"),
            html.Div(id=pid("banner")),
            *[
                dbc.Alert(n, color="info", dismissable=True, class_name="mb-2 cam-url-note")
                for n in notes
            ],
            html.Div(id=pid("status"), role="status", **aria(live="polite")),
            dbc.Row(
                [
                    dbc.Col(_controls(state, found), lg=3, md=4),
                    dbc.Col(_results(state), lg=9, md=8),
                ],
                className="g-3",
            ),
        ],
        lang=lang,
    )


def _label(text: str, component, help_text: str | None = None) -> html.Label:
    """A labelled control (the label wraps the control for screen readers)."""
    parts = [html.Span(text, className="form-label d-block mb-1"), component]
    if help_text:
        parts.append(html.Small(help_text, className="form-text d-block"))
    return html.Label(parts, className="d-block mb-3")


def _select(name: str, options: list[dict], value: object, disabled: bool = False):
    """A native select; None selects the ``ALL`` option."""
    return dbc.Select(
        id=control(name),
        options=options,
        value=ALL if value is None else str(value),
        disabled=disabled,
    )


def _radios(name: str, legend: str, options: list[dict], value: object) -> html.Fieldset:
    return html.Fieldset(
        [
            html.Legend(legend, className="form-label fs-6 mb-1"),
            dbc.RadioItems(id=control(name), options=options, value=value, name=f"data-{name}"),
        ],
        className="mb-3",
    )


def _controls(state: DataState, found: data_table.Choices) -> html.Section:
    """The filter: dataset, country, level, region, areas, indicator and years."""
    lang = state.lang
    countries = [{"label": t(f"common.country.{c}", lang), "value": c} for c in COUNTRIES]
    levels = [{"label": _level_label(v, lang), "value": v} for v in LEVELS]
    national = state.level == 0
    return html.Section(
        [
            _label(
                t("data.controls.dataset", lang),
                _select("dataset", page.option_list(found.datasets), state.dataset),
            ),
            dbc.Switch(
                id=control("show_synthetic"),
                label=t("data.controls.show_synthetic", lang),
                value=state.synthetic,
                class_name="small mb-3",
                label_class_name="fw-normal",
            ),
            _radios("country", t("data.controls.country", lang), countries, state.country),
            _radios("level", t("data.controls.level", lang), levels, state.level),
            _label(
                t("data.controls.region", lang),
                _select(
                    "region",
                    page.option_list(found.regions, (ALL, t("data.controls.region_all", lang))),
                    state.region,
                    disabled=national,
                ),
            ),
            _label(
                t("data.controls.areas", lang),
                dcc.Dropdown(
                    id=control("areas"),
                    options=found.areas,
                    value=list(state.areas),
                    multi=True,
                    placeholder=t("data.controls.areas_placeholder", lang),
                    disabled=national,
                ),
                t("data.controls.areas_help", lang),
            ),
            _label(
                t("data.controls.indicator", lang),
                _select(
                    "indicator",
                    page.option_list(
                        found.indicators, (ALL, t("data.controls.indicator_all", lang))
                    ),
                    state.indicator,
                ),
            ),
            dbc.Row(
                [
                    dbc.Col(_year_select("year_from", state.year_from, found, lang)),
                    dbc.Col(_year_select("year_to", state.year_to, found, lang)),
                ],
                className="g-2",
            ),
        ],
        className="cam-controls",
        **aria(label=t("data.controls.label", lang)),
    )


def _level_label(level: int, lang: str) -> str:
    return t("data.level.0", lang) if level == 0 else t(f"common.level.{level}", lang)


def _year_select(name: str, year: int | None, found: data_table.Choices, lang: str):
    end = "earliest" if name == "year_from" else "latest"
    value = str(year) if year in found.years else ALL
    return _label(
        t(f"data.controls.{name}", lang),
        _select(name, page.year_options(found.years, lang, end), value),
    )


def _results(state: DataState) -> list:
    """Summary, downloads, the table and the links to the map and the definitions."""
    lang = state.lang
    return [
        html.P(id=pid("summary"), className="fw-semibold mb-2", role="status"),
        dbc.Card(
            dbc.CardBody(
                [
                    DownloadsAIO(
                        page.DOWNLOADS_ID,
                        lang,
                        state.to_query(),
                        graph_id=pid("chart"),
                        image_name="cam-atlas-data-chart",
                    ),
                    EverythingDownload(page.DOWNLOADS_ID, state.dataset, lang),
                ]
            ),
            class_name="mb-3",
        ),
        html.P(t("data.table.help", lang), className="small text-muted mb-2"),
        html.Div(
            dag.AgGrid(
                id=pid("grid"),
                rowData=[],
                columnDefs=column_defs(lang),
                defaultColDef={
                    "cellDataType": "text",  # no guessing: periods are text, not date pickers
                    "sortable": True,
                    "filter": True,
                    "floatingFilter": True,
                    "resizable": True,
                    "minWidth": 90,
                },
                dashGridOptions={
                    "enableCellTextSelection": True,
                    "ensureDomOrder": True,
                    "tooltipShowDelay": 300,
                    "animateRows": False,
                    "localeText": grid_locale(lang),
                },
                columnSize="autoSize",
                style=page.grid_style(0),
                className="cam-data-grid",
            ),
            role="region",
            **aria(label=t("data.table.label", lang)),
        ),
        html.P(id=pid("links"), className="small mt-2"),
        html.Section(
            [
                html.H2(t("data.chart.heading", lang), className="h5 mt-3 mb-1"),
                html.P(t("data.chart.caption", lang), className="small text-muted mb-2"),
                html.Div(
                    dcc.Loading(
                        atlas_graph(pid("chart"), lang, empty_figure(), "cam-atlas-data-chart"),
                        delay_show=400,
                    ),
                    role="group",
                    **aria(label=t("data.chart.label", lang)),
                ),
            ],
            className="cam-data-chart",
        ),
    ]


def column_defs(lang: str) -> list[dict]:
    """Grid columns in ``lang``: text columns filter by text, value and year by number."""

    def head(field: str) -> str:
        return t(f"data.table.{field}", lang)

    # Narrow first: the source must be visible at 1440 px without scrolling sideways, so it
    # comes right after the figure and its year as a compact cell (full citation on hover);
    # long area and indicator names wrap instead of being cut.
    wrap = {"wrapText": True, "autoHeight": True, "cellClass": "cam-wrap"}
    return [
        {
            "field": "area",
            "headerName": head("area"),
            "pinned": "left",
            "minWidth": 140,
            "maxWidth": 210,
            **wrap,
        },
        {
            "field": "value",
            "headerName": head("value"),
            "cellDataType": "number",
            "filter": "agNumberColumnFilter",
            "type": "rightAligned",
            # Shows value_text, formatted on the server in the UI language ("no data" when
            # missing; CamText in assets/scores-grid.js, no code string: the CSP forbids eval);
            # the number itself is kept for sorting and filtering.
            "cellRenderer": "CamText",
        },
        {"field": "unit", "headerName": head("unit"), "maxWidth": 150, **wrap},
        {
            "field": "year",
            "headerName": head("year"),
            "cellDataType": "number",
            "filter": "agNumberColumnFilter",
            "maxWidth": 110,
        },
        {
            "field": "source",
            "headerName": head("source"),
            # Plain text linked to the source URL (assets/cam-data.js; React escapes the text).
            "cellRenderer": "CamSourceLink",
            "minWidth": 150,
            "maxWidth": 220,
            "tooltipField": "source",
        },
        {
            "field": "indicator",
            "headerName": head("indicator"),
            "minWidth": 200,
            "maxWidth": 300,
            "tooltipField": "indicator",
            **wrap,
        },
        {"field": "qualifier", "headerName": head("qualifier")},
        {"field": "status", "headerName": head("status"), "tooltipField": "status"},
        {
            "field": "notes",
            "headerName": head("notes"),
            "tooltipField": "notes",
            "minWidth": 200,
            "maxWidth": 320,
        },
        {"field": "period", "headerName": head("period")},
        {"field": "area_code", "headerName": head("area_code"), "minWidth": 110},
    ]


dash.register_page(
    __name__,
    layout=layout,
    path="/data",
    name="Data & downloads",
    title="Data & downloads · CAM Atlas",
    order=50,
    nav_key="data.nav",
    description="Table of every cited figure with filters, and CSV, Excel, GeoJSON and ZIP files.",
)
