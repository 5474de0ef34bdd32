"""Pieces of the Gap scores page's layout and callbacks: option lists, links keeping the shared
filter, the method line and the ranked table's AG Grid columns and options. Texts come from
``dashboard/i18n`` in the page language and are plain text.
"""

from __future__ import annotations

import dash
from dash import html

from dashboard.common.grid import grid_locale
from dashboard.i18n import t
from dashboard.scores import frame as scoreframe
from dashboard.scores.state import ScoresState
from dashboard.scores.view import candidate_years, indicator_choices
from dashboard.state.links import href, shared


def year_options(state: ScoresState, lang: str) -> list[dict]:
    """Years with data for any offered indicator, newest first."""
    choices = indicator_choices(state)
    years = candidate_years(choices, [c.id for c in choices])
    if not years:
        return [{"label": t("scores.controls.year_none", lang), "value": ""}]
    return [{"label": str(y), "value": str(y)} for y in reversed(years)]


def tolerance_options(lang: str, most: int) -> list[dict]:
    """0 .. ``most`` years of tolerance."""
    return [
        {
            "label": t("scores.controls.tolerance_0", lang)
            if n == 0
            else t("scores.controls.tolerance_n", lang, count=n),
            "value": str(n),
        }
        for n in range(most + 1)
    ]


def _shared(state: ScoresState) -> dict[str, object]:
    """The shared keys of ``state`` (``dashboard.state.model.SHARED_KEYS``)."""
    return shared(state.to_query({}))


def reset_href(state: ScoresState) -> str:
    """This page with the shared filter only (every score setting back to its default)."""
    return href("/scores", _shared(state))


def page_links(state: ScoresState) -> list:
    """Links to the map and the availability page keeping the shared filter and dataset."""
    lang = state.lang
    return [
        html.A(t("scores.links.map", lang), href=href("/", _shared(state)), className="me-3"),
        html.A(t("scores.links.availability", lang), href=href("/availability", _shared(state))),
    ]


def method_children(view, lang: str) -> list:
    """The method line and a link to the About page's method section (or the document)."""
    about = [p for p in dash.page_registry.values() if p.get("path") == "/about"]
    more: html.A | html.Span
    if about:
        href = dash.get_relative_path("/about") + f"?lang={lang}#method"
        more = html.A(t("scores.method.link", lang), href=href)
    else:
        more = html.Span(t("scores.method.doc", lang))
    return [scoreframe.method_text(view, lang), " ", more]


def grid_columns(lang: str) -> list[dict]:
    """Columns of the ranked table; formatted texts come from the row (``*_text`` fields)."""

    def text(field: str, head: str, **extra) -> dict:
        return {
            "field": field,
            "headerName": t(f"scores.table.{head}", lang),
            "cellRenderer": "CamText",
            "cellRendererParams": {"textField": f"{field}_text"},
            **extra,
        }

    return [
        text("rank", "rank", minWidth=70, maxWidth=90),
        {"field": "area", "headerName": t("scores.table.area", lang), "minWidth": 150},
        text("score", "score", minWidth=110, maxWidth=140),
        {
            "field": "rank_p05",
            "headerName": t("scores.table.interval_head", lang),
            "cellRenderer": "CamRankInterval",
            "minWidth": 160,
        },
        {
            "field": "uncertain_text",
            "headerName": t("scores.table.uncertain", lang),
            "minWidth": 140,
        },
        {
            "field": "drivers",
            "headerName": t("scores.table.drivers", lang),
            "minWidth": 240,
            "flex": 2,
            "tooltipField": "drivers",
        },
        {
            "field": "used_text",
            "headerName": t("scores.table.used", lang),
            "tooltipField": "used_detail",
            "minWidth": 130,
        },
        text("weight_share", "share", minWidth=120),
        {"field": "years_text", "headerName": t("scores.table.years", lang), "minWidth": 120},
    ]


#: Up to this many rows the table grows with its content; longer tables scroll inside.
AUTO_HEIGHT_ROWS = 12


def grid_options(n_rows: int, lang: str = "en") -> dict:
    """Grid options: whole table for a few rows, a scrolling body for many (55 districts);
    AG Grid's own texts ("No Rows To Show") in ``lang``."""
    return {
        "localeText": grid_locale(lang),
        "domLayout": "autoHeight" if n_rows <= AUTO_HEIGHT_ROWS else "normal",
        "tooltipShowDelay": 300,
        "enableCellTextSelection": True,
        "ensureDomOrder": True,
    }


def grid_style(n_rows: int) -> dict:
    """The grid's CSS size matching :func:`grid_options`."""
    if n_rows <= AUTO_HEIGHT_ROWS:
        return {"width": "100%"}
    return {"width": "100%", "height": "min(75vh, 720px)"}
