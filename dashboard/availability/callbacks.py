"""Callbacks of the Data availability page (``dashboard.availability.page``). Thin: controls ->
``AvailabilityState`` -> ``dashboard.availability.grid`` (rows and columns, no Dash) -> grid.

- :func:`refresh_options`: country, level or the demo switch changed -> indicator and region
  options;
- :func:`render`: any setting changed -> title, notes, legend, grid, banner, URL query;
- :func:`drill_in`: a click on an indicator's name in the summary opens its detail;
- :func:`matrix_csv`: the matrix shown as CSV (``indicators.export.to_csv``), SYNTHETIC flagged
  (sent by ``components.csv_download``);
- ``camScores.replaceQuery`` (``assets/scores-grid.js``) writes the query without a reload.

IDs are ``{"component": "AvailabilityPage", "subcomponent": <name>, "aio_id": "availability"}``
so failures show in this page's status area (``dashboard.errors``).
"""

from __future__ import annotations

from dataclasses import replace

import dash
import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, html

from dashboard.availability import grid
from dashboard.availability.view import (
    AvailabilityState,
    download_name,
    download_table,
    load,
    matrix_for,
    parse_query,
)
from dashboard.common.controls import ALL_REGIONS, banner, region_options, still_offered
from dashboard.components.csv_download import register_csv_download
from dashboard.i18n import t
from dashboard.state.links import href, shared
from indicators.catalogue import catalogue

PAGE = "AvailabilityPage"
AIO_ID = "availability"
CONTROLS: tuple[str, ...] = ("country", "level", "region", "indicator", "dataset")
SUMMARY = "all"  # indicator select value of the summary view


def pid(name: str) -> dict:
    """ID of a part of the page."""
    return {"component": PAGE, "subcomponent": name, "aio_id": AIO_ID}


def control(name: str) -> dict:
    """ID of a setting (:data:`CONTROLS`)."""
    return pid(f"control-{name}")


def indicator_options(state: AvailabilityState, lang: str) -> list[dict]:
    """ "All indicators (summary)" then every indicator with a value here."""
    return [{"label": t("availability.controls.indicator_all", lang), "value": SUMMARY}] + [
        {"label": label, "value": ind} for ind, label in grid.indicator_options(state, lang)
    ]


def state_from_controls(values: dict, carry: dict, lang: str) -> AvailabilityState:
    """The state for the control values, validated like a URL (``carry``: both, areas)."""
    query = {k: "" if v is None else str(v) for k, v in values.items()}
    if query.get("region") == ALL_REGIONS:
        query["region"] = ""
    if query.get("indicator") == SUMMARY:
        query["indicator"] = ""
    query["lang"] = lang
    query["areas"] = ",".join(carry.get("areas") or ())
    if carry.get("both") and query.get("country") == "KGZ":
        query["country"] = "both"
    state, _ = parse_query(query)
    return state


def _place(state: AvailabilityState, lang: str) -> str:
    return (
        f"{t(f'common.country.{state.country}', lang)}, "
        + t(f"common.level.{state.level}", lang).lower()
    )


def title(state: AvailabilityState, lang: str) -> str:
    """The heading above the grid."""
    if not state.indicator:
        return t("availability.title.summary", lang, place=_place(state, lang))
    from indicators.catalogue import catalogue

    entry = catalogue().get(state.indicator)
    label = entry.label(lang) if entry else state.indicator
    return t("availability.title.detail", lang, place=_place(state, lang), indicator=label)


def notes(state: AvailabilityState, n_areas: int, lang: str) -> list:
    """Plain-text notes: one country at a time, the filter, Kazakhstan's layout changes."""
    texts = []
    if state.both_requested:
        country = t(f"common.country.{state.country}", lang)
        texts.append(t("availability.note.one_country", lang, country=country))
    if state.region or state.areas:
        texts.append(t("availability.note.filtered", lang, count=n_areas))
    if state.country == "KAZ":
        texts.append(t("availability.note.layouts", lang))
    return [dbc.Alert(text, color="light", class_name="mb-2 py-2 small") for text in texts]


def legend(detail: bool, lang: str, present: set[str]) -> html.Div:
    """Swatches with their texts for the classes in the grid (cells also carry the text)."""
    key = "detail" if detail else "summary"
    return html.Div(
        [
            html.Span(t(f"availability.legend.title.{key}", lang), className="small fw-semibold"),
            html.Ul(
                [
                    html.Li([html.Span(className=f"cam-cell cam-cell--{cls}"), html.Span(text)])
                    for cls, text in grid.legend(detail, lang, present)
                ],
                className="cam-legend",
            ),
        ]
    )


def scores_href(state: AvailabilityState) -> str:
    """The Gap scores page with the same shared filter and dataset."""
    return href("/scores", shared(state.to_query()))


@callback(
    output={
        "indicator_options": Output(control("indicator"), "options"),
        "indicator": Output(control("indicator"), "value"),
        "region_options": Output(control("region"), "options"),
        "region": Output(control("region"), "value"),
    },
    inputs={
        "country": Input(control("country"), "value"),
        "level": Input(control("level"), "value"),
        "dataset": Input(control("dataset"), "value"),
    },
    state={
        "indicator": State(control("indicator"), "value"),
        "region": State(control("region"), "value"),
        "lang": State(pid("lang"), "data"),
    },
    prevent_initial_call=True,
)
def refresh_options(
    country: str,
    level: str,
    dataset: str | None,
    indicator: str | None,
    region: str | None,
    lang: str,
) -> dict[str, object]:
    """Indicators and regions on offer; the current choices are kept when still offered."""
    state, _ = parse_query({"country": country, "level": str(level), "dataset": dataset or ""})
    options = indicator_options(state, lang)
    regions = region_options(state.country, lang)
    return {
        "indicator_options": options,
        "indicator": still_offered(indicator, options, SUMMARY),
        "region_options": regions,
        "region": still_offered(region, regions, ALL_REGIONS),
    }


@callback(
    output={
        "title": Output(pid("title"), "children"),
        "notes": Output(pid("notes"), "children"),
        "legend": Output(pid("legend"), "children"),
        "columns": Output(pid("grid"), "columnDefs"),
        "rows": Output(pid("grid"), "rowData"),
        "hint_hidden": Output(pid("hint"), "hidden"),
        "banner": Output(pid("banner"), "children"),
        "scores_href": Output(pid("scores-link"), "href"),
        "query": Output(pid("query"), "data"),
        "status": Output(pid("status"), "children"),
    },
    inputs={"values": {name: Input(control(name), "value") for name in CONTROLS}},
    state={"carry": State(pid("carry"), "data"), "lang": State(pid("lang"), "data")},
)
def render(values: dict[str, object], carry: dict | None, lang: str) -> dict[str, object]:
    """The summary or one indicator's detail for the current settings."""
    state = state_from_controls(values, carry if isinstance(carry, dict) else {}, lang)
    unknown = []
    if state.indicator and state.indicator not in catalogue():
        # Well-formed but no indicator of ours (a hand-made request): the summary, with a note.
        text = t("availability.note.unknown_indicator", lang, value=state.indicator)
        unknown = [dbc.Alert(text, color="light", class_name="mb-2 py-2 small")]
        state = replace(state, indicator=None)
    detail = bool(state.indicator)
    columns, rows = (grid.detail_grid if detail else grid.summary_grid)(state, lang)
    n_areas = matrix_for(state)["code"].nunique()
    body = rows or []
    empty = [] if body else [html.P(t("availability.empty", lang))]
    return {
        "title": title(state, lang),
        "notes": unknown + notes(state, n_areas, lang) + empty,
        "legend": legend(detail, lang, grid.classes(body)),
        "columns": columns,
        "rows": body,
        "hint_hidden": detail,
        "banner": banner(load(state).synthetic, lang),
        "scores_href": scores_href(state),
        "query": state.to_query(),
        "status": None,
    }


@callback(
    output={"indicator": Output(control("indicator"), "value", allow_duplicate=True)},
    inputs={"cell": Input(pid("grid"), "cellClicked")},
    state={
        "rows": State(pid("grid"), "rowData"),
        "indicator": State(control("indicator"), "value"),
    },
    prevent_initial_call=True,
)
def drill_in(cell: dict | None, rows: object, indicator: str | None) -> dict[str, object]:
    """A click on an indicator's name in the summary shows that indicator's detail."""
    return {"indicator": clicked_indicator(cell, rows, indicator)}


def clicked_indicator(cell: dict | None, rows: object, indicator: str | None) -> object:
    """The indicator id of the summary row whose name ``cell`` is (``no_update`` otherwise:
    a detail already shown, another column, or a malformed click)."""
    if indicator not in (None, "", SUMMARY) or not cell or cell.get("colId") != "indicator":
        return dash.no_update
    index = cell.get("rowIndex")
    if not isinstance(index, int) or not isinstance(rows, list) or not 0 <= index < len(rows):
        return dash.no_update
    row = rows[index]
    return row.get("id", dash.no_update) if isinstance(row, dict) else dash.no_update


def matrix_csv(query: dict, lang: str) -> tuple[bytes, str]:
    """The matrix shown (summary: every indicator; detail: one) as CSV, and its file name."""
    from indicators.export import to_csv

    state, _ = parse_query(query)
    return to_csv(download_table(state, lang)), download_name(state)


register_csv_download(pid, "download", matrix_csv)


clientside_callback(
    ClientsideFunction(namespace="camScores", function_name="replaceQuery"),
    Output(pid("url-sink"), "data"),
    Input(pid("query"), "data"),
    prevent_initial_call=True,
)
