"""The Data page's chart: one bar per area for the chosen indicator (no Dash).

Each area shows its latest figure within the selected years (then the most authoritative
status), labelled with its year; hover gives the source. Areas in the filter without any figure
are listed with the words "no data" and no bar, never a zero bar. The chart needs one indicator
and at most ``MAX_BARS`` areas (otherwise :func:`bar_figure` returns a figure that says why).
Values are in the indicator's catalogue unit; codes as in ``dashboard.data_page.table``.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from dashboard.common.format import QUALIFIER_PREFIX, unit_label
from dashboard.data_page.state import DataState
from dashboard.i18n import t
from dashboard.i18n.numbers import format_number, plotly_separators
from dashboard.map.figures import empty_figure
from indicators import model

MAX_BARS = 60
BAR_COLOUR = "#1f5f99"  # 6.6:1 on white
NODATA_COLOUR = "#595959"  # 7:1 on white
ROW_PX = 26


def latest_per_area(table: pd.DataFrame) -> pd.DataFrame:
    """One row per ``area_code``: the latest year, then the best status, then the latest end."""
    if table.empty:
        return table
    ranked = table.assign(_rank=table["status"].map(model.status_rank))
    ranked = ranked.sort_values(
        ["area_code", "year", "_rank", "period_end"],
        ascending=[True, False, True, False],
        kind="mergesort",
    )
    return ranked.drop_duplicates("area_code").drop(columns="_rank").reset_index(drop=True)


def message_figure(text: str) -> go.Figure:
    """An empty chart that says ``text`` (why nothing is drawn)."""
    figure = empty_figure()
    figure.update_layout(
        height=120,
        annotations=[
            {
                "text": html.escape(text),
                "showarrow": False,
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 0.5,
                "xanchor": "left",
                "font": {"color": NODATA_COLOUR, "size": 14},
            }
        ],
    )
    return figure


def bar_figure(
    table: pd.DataFrame, state: DataState, names: dict[str, str], missing: list[str]
) -> go.Figure:
    """Horizontal bars of the latest figure per area (highest first), then the areas in
    ``missing`` as "no data"; ``names`` maps codes to names in the UI language."""
    from indicators.catalogue import catalogue

    lang = state.lang
    if not state.indicator:
        return message_figure(t("data.chart.need_indicator", lang))
    latest = latest_per_area(table)
    if len(latest) + len(missing) > MAX_BARS:
        return message_figure(t("data.chart.too_many", lang, count=MAX_BARS))
    if latest.empty and not missing:
        return message_figure(t("data.table.empty", lang))
    entry = catalogue()[state.indicator]
    latest = latest.sort_values("value", ascending=True, kind="mergesort")
    labels = unique(
        [_label(code, names, lang) for code in latest["area_code"]], latest["area_code"]
    )
    texts = [
        f"{QUALIFIER_PREFIX.get(q, '')}{format_number(v, lang, entry.decimals)} ({int(y)})"
        for v, q, y in zip(latest["value"], latest["qualifier"], latest["year"], strict=True)
    ]
    sources = [html.escape(_source(row, lang)) for row in latest.to_dict("records")]
    nodata = unique([_label(code, names, lang) for code in missing], missing, taken=set(labels))
    figure = go.Figure()
    figure.add_trace(
        go.Bar(
            x=latest["value"].tolist(),
            y=labels,
            orientation="h",
            marker_color=BAR_COLOUR,
            text=texts,
            textposition="outside",
            cliponaxis=False,
            customdata=list(zip(texts, sources, strict=True)),
            hovertemplate="<b>%{y}</b><br>%{customdata[0]}<br>"
            + html.escape(t("data.table.source", lang))
            + ": %{customdata[1]}<extra></extra>",
            name=entry.label(lang),
        )
    )
    if nodata:
        figure.add_trace(
            go.Scatter(
                x=[0] * len(nodata),  # the label's position at the axis, not a value
                y=nodata,
                mode="text",
                text=["\u2002" + t("common.nodata", lang)] * len(nodata),
                textposition="middle right",
                textfont={"color": NODATA_COLOUR},
                hoverinfo="skip",
                showlegend=False,
            )
        )
    figure.update_layout(
        height=90 + ROW_PX * (len(labels) + len(nodata)),
        margin={"l": 8, "r": 90, "t": 10, "b": 40},
        showlegend=False,
        separators=plotly_separators(lang),
        xaxis={"title": {"text": html.escape(unit_label(entry.unit, lang))}, "rangemode": "tozero"},
        yaxis={"categoryorder": "array", "categoryarray": nodata + labels, "automargin": True},
        plot_bgcolor="#ffffff",
        paper_bgcolor="#ffffff",
        font={"size": 12},
    )
    return figure


def unique(labels: list[str], codes, taken: set[str] | None = None) -> list[str]:
    """``labels`` with the code added to a name that is not unique (three districts are
    called Abai district): Plotly would merge equal category names into one bar."""
    seen = set(taken or ())
    counts = pd.Series(labels, dtype=object).value_counts()
    out = []
    for label, code in zip(labels, codes, strict=True):
        clash = counts[label] > 1 or label in seen
        out.append(f"{label} ({code})" if clash else label)
    seen.update(out)
    return out


def _label(code: str, names: dict[str, str], lang: str) -> str:
    """The area's name (escaped for Plotly, which reads HTML in labels)."""
    if code in ("KAZ", "KGZ"):
        return html.escape(t(f"common.country.{code}", lang))
    return html.escape(names.get(code) or code)


def _source(row: dict, lang: str) -> str:
    """Publisher (or title) of the figure's source; figures computed in code say so."""
    text = row.get("source_publisher") or row.get("source_title") or row.get("source_id") or ""
    if not text and row.get("status") == "derived":
        return t("data.table.derived_source", lang)
    return str(text)
