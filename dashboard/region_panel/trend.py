"""The Region panel's trend chart: one indicator for an area, its parent region and the country.

All series are the same indicator id, so they share unit and definition. Rates and shares
(percent, "per 1,000", years) share one y axis. Counts (persons, children, cases) do not: a
region's count is a small fraction of the country's, and one axis would flatten the region's
line, so counts get one small panel per series with its own y axis and a shared year axis.
Where an area's territory changed (``Profile.breaks``) the line is broken and a dotted
vertical line is labelled, so a boundary reform is not read as a trend. Hover texts are
HTML-escaped (Plotly renders tags in hover text).
"""

from __future__ import annotations

import html

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.common.format import value_hovertemplate
from dashboard.i18n import t
from dashboard.i18n.numbers import plotly_separators
from dashboard.region_panel.profile import Profile, SeriesPoint

# Okabe-Ito colours (colour-blind safe), plus distinct markers and dashes: never colour alone.
ROLE_STYLE: dict[str, dict] = {
    "area": {"color": "#0072B2", "dash": "solid", "symbol": "circle"},
    "parent": {"color": "#D55E00", "dash": "dot", "symbol": "square"},
    "national": {"color": "#4D4D4D", "dash": "dash", "symbol": "diamond"},
}
RATE_UNITS = ("percent", "years")
ROW_HEIGHT = 150


def is_rate(unit: str) -> bool:
    """True for units whose values are comparable across areas of any size (percent, "per
    1,000 ...", "males per 100 females", years); False for counts (persons, children, cases)."""
    return unit in RATE_UNITS or "per " in unit


def source_text(point: SeriesPoint) -> str:
    """Publishers of a value's sources (``;``-joined), or the quality when none is recorded."""
    return "; ".join(s.publisher for s in point.sources) or point.quality


def _customdata(point: SeriesPoint, unit: str) -> list[str]:
    """Hover fields in the order of ``dashboard.common.format.value_hovertemplate`` (escaped)."""
    fields = (point.area, point.value_text, unit, str(point.year), source_text(point))
    return [html.escape(s) for s in (*fields, point.quality)]


def _segments(points: list[SeriesPoint]) -> list[list[SeriesPoint]]:
    """Points split where the territory changed (``segment``), each sorted by year."""
    by_segment: dict[int, list[SeriesPoint]] = {}
    for point in sorted(points, key=lambda p: p.year):
        by_segment.setdefault(point.segment, []).append(point)
    return [by_segment[k] for k in sorted(by_segment)]


def _traces(profile: Profile, role: str, lang: str) -> list[go.Scatter]:
    """Line-and-marker traces of one series (one per territory segment, one legend entry)."""
    style = ROLE_STYLE[role]
    points = [p for p in profile.points if p.role == role]
    traces = []
    for i, segment in enumerate(_segments(points)):
        traces.append(
            go.Scatter(
                x=[p.year for p in segment],
                y=[p.value for p in segment],
                customdata=[_customdata(p, profile.unit) for p in segment],
                hovertemplate=value_hovertemplate(lang),
                mode="lines+markers",
                name=segment[0].area,
                legendgroup=role,
                showlegend=i == 0,
                line={"color": style["color"], "dash": style["dash"], "width": 2.5},
                marker={"symbol": style["symbol"], "size": 8, "color": style["color"]},
            )
        )
    return traces


def _break_years(profile: Profile) -> list[int]:
    """Distinct years whose values describe a changed territory (first year after a break)."""
    return sorted({b.year for b in profile.breaks})


def trend_figure(profile: Profile, lang: str) -> go.Figure:
    """The trend chart for ``profile`` (see the module docstring)."""
    roles = list(profile.series_names())
    single_axis = is_rate(profile.indicator.unit) or len(roles) <= 1
    if single_axis:
        fig = go.Figure()
        for role in roles:
            for trace in _traces(profile, role, lang):
                fig.add_trace(trace)
        height = 340
    else:
        names = profile.series_names()
        fig = make_subplots(
            rows=len(roles),
            cols=1,
            shared_xaxes=True,
            vertical_spacing=0.12,
            subplot_titles=[names[r] for r in roles],
        )
        for row, role in enumerate(roles, start=1):
            for trace in _traces(profile, role, lang):
                fig.add_trace(trace, row=row, col=1)
        fig.update_annotations(x=0, xanchor="left", font={"size": 12})  # panel titles
        height = 70 + ROW_HEIGHT * len(roles)
    for year in _break_years(profile):
        fig.add_vline(x=year - 0.5, line={"dash": "dot", "color": "#6c757d", "width": 1.5})
        # Written along the dotted line, so it never covers a panel title.
        fig.add_annotation(
            x=year - 0.5,
            y=1.0,
            xref="x",
            yref="paper",
            xanchor="right",
            yanchor="top",
            textangle=-90,
            text=html.escape(t("region.chart.break", lang)),
            showarrow=False,
            font={"size": 11, "color": "#495057"},
        )
    _style(fig, profile, lang, height, single_axis)
    return fig


def _style(fig: go.Figure, profile: Profile, lang: str, height: int, single_axis: bool) -> None:
    """Axes, legend, margins and language-dependent number separators."""
    years = [p.year for p in profile.points]
    span = (max(years) - min(years)) if years else 0
    fig.update_xaxes(
        tickformat="d",
        dtick=1 if span <= 10 else None,
        range=[min(years) - 0.7, max(years) + 0.7] if years else None,
        showgrid=False,
    )
    fig.update_yaxes(separatethousands=True, gridcolor="#e9ecef", zeroline=False)
    if single_axis:
        fig.update_yaxes(title={"text": html.escape(profile.unit), "font": {"size": 12}})
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 34, "b": 10},
        separators=plotly_separators(lang),
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        legend={"orientation": "h", "x": 0, "y": -0.12, "yanchor": "top"},
        hoverlabel={"bgcolor": "white", "font": {"color": "#212529"}},
        hovermode="closest",
        dragmode=False,
        uirevision=f"{profile.code}|{profile.indicator.id}",
    )
