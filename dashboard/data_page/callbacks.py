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
#: Controls whose change refreshes the other controls' options (``refresh_choices``) ...
CHOICE_CONTROLS: tuple[str, ...] = ("dataset", "country", "level", "region", "indicator")
#: ... and the ones whose values it keeps while they are still valid.
KEPT_CONTROLS: tuple[str, ...] = ("year_from", "year_to", "areas")


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
    output={
        "datasets": Output(control("dataset"), "options"),
        "indicator_options": Output(control("indicator"), "options"),
        "indicator": Output(control("indicator"), "value"),
        "year_from_options": Output(control("year_from"), "options"),
        "year_from": Output(control("year_from"), "value"),
        "year_to_options": Output(control("year_to"), "options"),
        "year_to": Output(control("year_to"), "value"),
        "region_options": Output(control("region"), "options"),
        "region": Output(control("region"), "value"),
        "region_disabled": Output(control("region"), "disabled"),
        "area_options": Output(control("areas"), "options"),
        "areas": Output(control("areas"), "value"),
        "areas_disabled": Output(control("areas"), "disabled"),
    },
    inputs={
        "changed": {name: Input(control(name), "value") for name in CHOICE_CONTROLS},
        "show_synthetic": Input(control("show_synthetic"), "value"),
    },
    state={
        "kept": {name: State(control(name), "value") for name in KEPT_CONTROLS},
        "lang": State(pid("lang"), "data"),
    },
    prevent_initial_call=True,
)
def refresh_choices(
    changed: dict[str, object], show_synthetic: bool | None, kept: dict[str, object], lang: str
) -> dict[str, object]:
    """Options that depend on the other controls; values are kept while still valid."""
    state = state_from_controls(changed | kept, lang)
    loaded = data_table.load(state)
    found = data_table.choices(loaded, state, show_synthetic=bool(show_synthetic))
    if state.indicator not in {i for i, _ in found.indicators}:
        state = state.with_(indicator=None)
        found = data_table.choices(loaded, state, show_synthetic=bool(show_synthetic))
    years = {str(y) for y in found.years}
    codes = {o["value"] for o in found.areas}
    regions = {code for code, _ in found.regions}
    national = state.level == 0
    low, high = kept["year_from"], kept["year_to"]
    return {
        "datasets": option_list(found.datasets),
        "indicator_options": option_list(
            found.indicators, (ALL, t("data.controls.indicator_all", state.lang))
        ),
        "indicator": state.indicator or ALL,
        "year_from_options": year_options(found.years, state.lang, "earliest"),
        "year_from": low if low in years else ALL,
        "year_to_options": year_options(found.years, state.lang, "latest"),
        "year_to": high if high in years else ALL,
        "region_options": option_list(
            found.regions, (ALL, t("data.controls.region_all", state.lang))
        ),
        "region": state.region if state.region in regions and not national else ALL,
        "region_disabled": national,
        "area_options": found.areas,
        "areas": [] if national else [c for c in state.areas if c in codes],
        "areas_disabled": national,
    }


@callback(
    output={
        "rows": Output(pid("grid"), "rowData"),
        "grid_style": Output(pid("grid"), "style"),
        "chart": Output(pid("chart"), "figure"),
        "summary": Output(pid("summary"), "children"),
        "banner": Output(pid("banner"), "children"),
        "links": Output(pid("links"), "children"),
        "selection": Output(DownloadsAIO.ids.selection(DOWNLOADS_ID), "data"),
        "status": Output(pid("status"), "children"),
    },
    inputs={"filters": {name: Input(control(name), "value") for name in FILTER_CONTROLS}},
    state={"lang": State(pid("lang"), "data")},
)
def render_table(filters: dict[str, object], lang: str) -> dict[str, object]:
    """The grid and everything that follows the filter."""
    state = state_from_controls(filters, lang)
    loaded = data_table.load(state)
    table = data_table.filtered_table(loaded, state)
    years = data_table.year_choices(loaded, state)
    missing = data_table.missing_areas(table, state, years)
    rows = data_table.grid_rows(table, state, missing)
    names = data_table.area_names(state.lang)
    chart = data_chart.bar_figure(table, state, names, list(missing.get("code", [])))
    return {
        "rows": rows,
        "grid_style": grid_style(len(rows)),
        "chart": chart,
        "summary": summary(table, missing, state),
        "banner": synthetic_banner(state.lang) if loaded.synthetic else None,
        "links": page_links(state),
        "selection": state.to_query(),
        "status": None,
    }


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
