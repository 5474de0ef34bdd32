"""Callbacks of the Data & downloads page (``dashboard.data_page.page``) and its component IDs.

- :func:`refresh_choices`: dataset, country, level, region or indicator changed -> the options
  (and still-valid values) of the dataset, indicator, year, region and areas controls.
- :func:`render_table`: any filter changed -> the grid rows, the chart, the summary, the
  SYNTHETIC banner, the downloads' selection and the link to the map.
- ``camData.writeQuery`` (clientside, ``assets/cam-data.js``): the filter goes to the URL with
  ``history.replaceState``, so a reload or a shared link restores it and the language switch
  keeps it.

IDs are pattern-matching dicts ``{"component": "DataPage", "subcomponent": ..., "aio_id":
"main"}`` so that ``dashboard.errors`` shows a failed update in the page's own status area,
in the page language (the ``lang`` store).
"""

from __future__ import annotations

import dash
from dash import (
    ClientsideFunction,
    Input,
    Output,
    State,
    callback,
    clientside_callback,
    html,
)

from dashboard.common.datasets import synthetic_banner
from dashboard.components.downloads import DownloadsAIO
from dashboard.data_page import chart as data_chart
from dashboard.data_page import table as data_table
from dashboard.data_page.state import ALL, DataState, parse_query
from dashboard.i18n import t
from dashboard.state.links import href

PAGE = "DataPage"
AIO_ID = "main"
DOWNLOADS_ID = "data-page"
FILTER_CONTROLS: tuple[str, ...] = (
    "dataset",
    "country",
    "level",
    "region",
    "areas",
    "indicator",
    "year_from",
    "year_to",
)


def pid(name: str) -> dict:
    """Pattern-matching id of one part of the page."""
    return {"component": PAGE, "subcomponent": name, "aio_id": AIO_ID}


def control(name: str) -> dict:
    """Id of one filter control (``FILTER_CONTROLS``) or the ``show_synthetic`` switch."""
    return pid(f"control-{name}")


def _value(value: object) -> str:
    """A select's value as query text (``ALL`` and None become empty)."""
    return "" if value is None or value == ALL else str(value)


def state_from_controls(values: dict, lang: str) -> DataState:
    """The validated state of the control values (parsed like a URL)."""
    areas = values.get("areas") or []
    low, high = _value(values.get("year_from")), _value(values.get("year_to"))
    year = "" if not (low or high) else f"{low or ''}-{high or ''}"
    query = {
        "dataset": values.get("dataset") or "",
        "country": values.get("country") or "",
        "level": "" if values.get("level") is None else str(values["level"]),
        "region": _value(values.get("region")),
        "areas": ",".join(areas if isinstance(areas, list) else [str(areas)]),
        "indicator": _value(values.get("indicator")),
        "year": year,
        "lang": lang,
    }
    state, _ = parse_query(query)
    return state


def option_list(pairs: list[tuple[str, str]], first: tuple[str, str] | None = None) -> list:
    """Select options from ``(value, label)`` pairs, optionally after a ``first`` one."""
    head = [{"label": first[1], "value": first[0]}] if first else []
    return head + [{"label": label, "value": value} for value, label in pairs]


def year_options(years: list[int], lang: str, end: str) -> list[dict]:
    """Options of the ``from`` (end ``earliest``) or ``to`` (``latest``) year select."""
    first = (ALL, t(f"data.year.{end}", lang))
    return option_list([(str(y), str(y)) for y in years], first)


@callback(
    Output(control("dataset"), "options"),
    Output(control("indicator"), "options"),
    Output(control("indicator"), "value"),
    Output(control("year_from"), "options"),
    Output(control("year_from"), "value"),
    Output(control("year_to"), "options"),
    Output(control("year_to"), "value"),
    Output(control("region"), "options"),
    Output(control("region"), "value"),
    Output(control("region"), "disabled"),
    Output(control("areas"), "options"),
    Output(control("areas"), "value"),
    Output(control("areas"), "disabled"),
    Input(control("dataset"), "value"),
    Input(control("show_synthetic"), "value"),
    Input(control("country"), "value"),
    Input(control("level"), "value"),
    Input(control("region"), "value"),
    Input(control("indicator"), "value"),
    State(control("year_from"), "value"),
    State(control("year_to"), "value"),
    State(control("areas"), "value"),
    State(pid("lang"), "data"),
    prevent_initial_call=True,
)
def refresh_choices(
    dataset, show_synthetic, country, level, region, indicator, low, high, areas, lang
):
    """Options that depend on the other controls; values are kept while still valid."""
    values = {"dataset": dataset, "country": country, "level": level, "region": region}
    values |= {"indicator": indicator, "areas": areas, "year_from": low, "year_to": high}
    state = state_from_controls(values, lang)
    loaded = data_table.load(state)
    found = data_table.choices(loaded, state, show_synthetic=bool(show_synthetic))
    if state.indicator not in {i for i, _ in found.indicators}:
        state = state.with_(indicator=None)
        found = data_table.choices(loaded, state, show_synthetic=bool(show_synthetic))
    years = {str(y) for y in found.years}
    codes = {o["value"] for o in found.areas}
    regions = {code for code, _ in found.regions}
    national = state.level == 0
    return (
        option_list(found.datasets),
        option_list(found.indicators, (ALL, t("data.controls.indicator_all", state.lang))),
        state.indicator or ALL,
        year_options(found.years, state.lang, "earliest"),
        low if low in years else ALL,
        year_options(found.years, state.lang, "latest"),
        high if high in years else ALL,
        option_list(found.regions, (ALL, t("data.controls.region_all", state.lang))),
        state.region if state.region in regions and not national else ALL,
        national,
        found.areas,
        [] if national else [c for c in state.areas if c in codes],
        national,
    )


@callback(
    Output(pid("grid"), "rowData"),
    Output(pid("grid"), "style"),
    Output(pid("chart"), "figure"),
    Output(pid("summary"), "children"),
    Output(pid("banner"), "children"),
    Output(pid("links"), "children"),
    Output(DownloadsAIO.ids.selection(DOWNLOADS_ID), "data"),
    Output(pid("status"), "children"),
    *(Input(control(name), "value") for name in FILTER_CONTROLS),
    State(pid("lang"), "data"),
)
def render_table(dataset, country, level, region, areas, indicator, low, high, lang):
    """The grid and everything that follows the filter."""
    values = (dataset, country, level, region, areas, indicator, low, high)
    state = state_from_controls(dict(zip(FILTER_CONTROLS, values, strict=True)), lang)
    loaded = data_table.load(state)
    table = data_table.filtered_table(loaded, state)
    years = data_table.year_choices(loaded, state)
    missing = data_table.missing_areas(table, state, years)
    rows = data_table.grid_rows(table, state, missing)
    names = data_table.area_names(state.lang)
    chart = data_chart.bar_figure(table, state, names, list(missing.get("code", [])))
    return (
        rows,
        grid_style(len(rows)),
        chart,
        summary(table, missing, state),
        synthetic_banner(state.lang) if loaded.synthetic else None,
        page_links(state),
        state.to_query(),
        None,
    )


def grid_style(rows: int) -> dict[str, str]:
    """The grid's size: tall enough for ``rows`` rows, at most 560 px (then it scrolls)."""
    return {"height": f"{min(560, 110 + 42 * max(rows, 3))}px", "width": "100%"}


def summary(table, missing, state: DataState) -> list:
    """E.g. "42 figures from 3 sources. 2 areas have no figure ..." (plain text)."""
    lang = state.lang
    if table.empty and (missing is None or missing.empty):
        return [t("data.table.empty", lang)]
    sources = table["source_id"].nunique()
    parts = [
        t("data.table.summary", lang, count=len(table)),
        t("data.table.sources", lang, count=sources),
    ]
    if missing is not None and not missing.empty:
        parts.append(t("data.table.missing", lang, count=len(missing)))
    return [" ".join(parts)]


def map_href(state: DataState) -> str | None:
    """The map page for this filter (level 1 or 2 and one indicator) and dataset, else None."""
    if state.level == 0 or not state.indicator:
        return None
    year = state.year_from if state.year_from == state.year_to else None
    return href("/", state.to_query(), {"year": year or ""})


def about_href(lang: str) -> str:
    """The About page's indicators section in ``lang``."""
    return dash.get_relative_path("/about") + f"?lang={lang}#indicators"


def page_links(state: DataState) -> list:
    """Links to the map (when the filter can be mapped) and to the indicator definitions."""
    links = []
    link = map_href(state)
    if link:
        links.append(html.A(t("data.links.map", state.lang), href=link, className="me-3"))
    links.append(html.A(t("data.links.about", state.lang), href=about_href(state.lang)))
    return links


# Keep the filter in the URL (history.replaceState: no reload, no re-render); see
# assets/cam-data.js.
clientside_callback(
    ClientsideFunction(namespace="camData", function_name="writeQuery"),
    Output(pid("url-sink"), "data"),
    *(Input(control(name), "value") for name in FILTER_CONTROLS),
    Input(pid("lang"), "data"),
)
