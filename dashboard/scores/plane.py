"""The need-versus-services view of the Gap scores page: figure, texts and download (no Dash
callbacks; pure functions of a ``ScoreView``).

The points are ``ScoreView.plane`` (``indicators.gapscore.plane.need_coverage_plane``): x =
the score table's ``need_score``, y = 1 - its ``services_score``, so the plane and the table
never disagree (docs/METHOD.md §C). Reference lines are at the national values placed on the
same scale (or the median area when the country has none); the corner "high need, low
coverage" (right of and below them) is shaded. Only Plotly ``scatter`` traces are used (the
app's plotly.js bundle has scatter, bar and choropleth only); lines and the shaded corner are
layout shapes. Trace 1 is the highlighted area (a ring), updated with a ``Patch`` on hover or
click (``highlight_patch``). Hover texts are HTML-escaped (Plotly interprets tags).
"""

from __future__ import annotations

import html
from collections.abc import Iterable

import pandas as pd
import plotly.graph_objects as go

from dashboard.i18n import t
from dashboard.i18n.numbers import format_number, plotly_separators
from dashboard.scores.frame import csv_notes, label, place, window
from dashboard.scores.view import ScoreView
from indicators.gapscore.plane import HIGH_NEED_LOW_COVERAGE
from indicators.gapscore.spec import METHOD_VERSION

#: Up to this many points every point carries its name; beyond, only the corner's do.
LABEL_ALL_UP_TO = 25
LOW, HIGH = -0.05, 1.05  # axis range: points at 0 and 1 stay fully visible
CORNER_FILL = "rgba(178, 24, 43, 0.10)"
CORNER_TEXT = "rgb(150, 20, 36)"
POINT = "rgb(33, 102, 172)"
POINT_CORNER = "rgb(178, 24, 43)"
REFERENCE_LINE = "rgb(90, 90, 90)"


def _number(value: float, lang: str) -> str:
    return format_number(float(value), lang, 2)


def title(view: ScoreView, lang: str) -> str:
    """E.g. "Need versus service coverage: Kyrgyzstan, regions, 2023"."""
    return t("scores.plane.title", lang, place=place(view, lang), year=view.year or "")


def quadrant_text(quadrant: str, lang: str) -> str:
    """A quadrant name of ``indicators.gapscore.plane`` in ``lang``."""
    return t(f"scores.plane.quadrant.{quadrant}", lang)


def _ranks(view: ScoreView) -> dict[str, str]:
    table = view.table
    if table is None:
        return {}
    return {
        str(code): ("—" if pd.isna(rank) else str(int(rank)))
        for code, rank in zip(table["code"], table["rank"], strict=True)
    }


def _shown_points(view: ScoreView) -> pd.DataFrame:
    """The plane's points inside the page's region / area filter (ranks compare them all)."""
    points = view.plane
    if points is None:
        return pd.DataFrame(columns=["code", "name", "need", "coverage", "quadrant"])
    return points[points["code"].isin(view.shown)].reset_index(drop=True)


def labelled(points: pd.DataFrame) -> list[str]:
    """The text written next to each point: every name for a few points, else only the names
    in the "high need, low coverage" corner (hover names the rest)."""
    if len(points) <= LABEL_ALL_UP_TO:
        return [str(n) for n in points["name"]]
    return [
        str(n) if q == HIGH_NEED_LOW_COVERAGE else ""
        for n, q in zip(points["name"], points["quadrant"], strict=True)
    ]


#: Approximate size of a label in axis units on a ~440-px plot (7 px per character, 16 px
#: line): enough to keep neighbouring labels from printing over each other.
CHAR_WIDTH, LINE_HEIGHT, GAP = 0.016, 0.045, 0.025
POSITIONS: tuple[str, ...] = (
    "top center",
    "bottom center",
    "middle right",
    "middle left",
    "top right",
    "top left",
    "bottom right",
    "bottom left",
)


def _box(x: float, y: float, text: str, position: str) -> tuple[float, float, float, float]:
    """(left, right, bottom, top) of a label at ``position`` of the point (x, y)."""
    width = CHAR_WIDTH * len(text)
    vertical, horizontal = position.split()
    if horizontal == "center":
        left = x - width / 2
    elif horizontal == "right":
        left = x + (GAP if vertical == "middle" else 0.0)
    else:
        left = x - width - (GAP if vertical == "middle" else 0.0)
    if vertical == "top":
        bottom = y + GAP
    elif vertical == "bottom":
        bottom = y - GAP - LINE_HEIGHT
    else:
        bottom = y - LINE_HEIGHT / 2
    return left, left + width, bottom, bottom + LINE_HEIGHT


def _fits(box: tuple[float, float, float, float], taken: list) -> bool:
    left, right, bottom, top = box
    inside = left >= LOW and right <= HIGH and bottom >= LOW and top <= HIGH + 0.04
    return inside and all(
        right <= a or left >= b or top <= c or bottom >= d for a, b, c, d in taken
    )


def label_positions(xs: list[float], ys: list[float], texts: list[str]) -> list[str]:
    """A ``textposition`` per point chosen greedily so that labels neither overlap each other
    nor the points (the first of ``POSITIONS`` that fits; "top center" when none does, which
    only happens for points closer than a label's height)."""
    taken: list[tuple[float, float, float, float]] = [
        (x - 0.012, x + 0.012, y - 0.02, y + 0.02) for x, y in zip(xs, ys, strict=True)
    ]
    out = []
    for x, y, text in zip(xs, ys, texts, strict=True):
        if not text:
            out.append("top center")
            continue
        for position in POSITIONS:
            box = _box(x, y, text, position)
            if _fits(box, taken):
                taken.append(box)
                out.append(position)
                break
        else:
            out.append("top center")
    return out


def hovertemplate(lang: str) -> str:
    """Hover of a point: name, need, coverage, quadrant, rank (customdata 1-5)."""
    return (
        "<b>%{customdata[1]}</b><br>"
        f"{t('scores.plane.hover.need', lang)}: %{{customdata[2]}}<br>"
        f"{t('scores.plane.hover.coverage', lang)}: %{{customdata[3]}}<br>"
        "%{customdata[4]}<br>"
        f"{t('scores.table.rank', lang)}: %{{customdata[5]}}<extra></extra>"
    )


def figure(view: ScoreView, lang: str, highlight: str | None = None) -> go.Figure:
    """The plane: one labelled point per shown area, dashed reference lines, the shaded
    "high need, low coverage" corner, and the ``highlight`` ring (trace 1)."""
    points = _shown_points(view)
    ranks = _ranks(view)
    ref_need = float(view.plane.attrs["reference_need"]) if view.plane is not None else 0.5
    ref_cov = float(view.plane.attrs["reference_coverage"]) if view.plane is not None else 0.5
    corner = points["quadrant"].eq(HIGH_NEED_LOW_COVERAGE)
    texts = labelled(points)
    customdata = [
        [
            code,
            html.escape(str(name)),
            _number(need, lang),
            _number(cov, lang),
            html.escape(quadrant_text(q, lang)),
            ranks.get(code, "—"),
        ]
        for code, name, need, cov, q in zip(
            points["code"],
            points["name"],
            points["need"],
            points["coverage"],
            points["quadrant"],
            strict=True,
        )
    ]
    fig = go.Figure(
        [
            go.Scatter(
                x=list(points["need"]),
                y=list(points["coverage"]),
                mode="markers+text",
                text=[html.escape(s) for s in texts],
                textposition=label_positions(list(points["need"]), list(points["coverage"]), texts),
                textfont={"size": 12, "color": "#212529"},
                cliponaxis=False,
                marker={
                    "size": 12,
                    "color": [POINT_CORNER if c else POINT for c in corner],
                    "symbol": ["diamond" if c else "circle" for c in corner],
                    "line": {"color": "white", "width": 1},
                },
                customdata=customdata,
                hovertemplate=hovertemplate(lang),
                showlegend=False,
                name="areas",
            ),
            go.Scatter(
                **_ring(points, highlight),
                mode="markers",
                marker={
                    "size": 26,
                    "symbol": "circle-open",
                    "color": "#111111",
                    "line": {"width": 3, "color": "#111111"},
                },
                hoverinfo="skip",
                showlegend=False,
                name="highlight",
            ),
        ]
    )
    axis = {
        "range": [LOW, HIGH],
        "zeroline": False,
        "gridcolor": "rgba(0,0,0,0.06)",
        "tickvals": [0, 0.25, 0.5, 0.75, 1],
        "fixedrange": True,
    }
    fig.update_layout(
        xaxis={**axis, "title": {"text": t("scores.plane.x", lang)}},
        yaxis={**axis, "title": {"text": t("scores.plane.y", lang)}},
        shapes=_shapes(ref_need, ref_cov),
        annotations=[
            {
                "text": f"<b>{html.escape(t('scores.plane.quadrant', lang))}</b>",
                "x": HIGH,
                "y": LOW,
                "xref": "x",
                "yref": "y",
                "xanchor": "right",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"color": CORNER_TEXT, "size": 12},
                "bgcolor": "rgba(255,255,255,0.7)",
            }
        ],
        margin={"l": 60, "r": 16, "t": 24, "b": 56},
        autosize=True,
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="white",
        hoverlabel={"bgcolor": "white", "font": {"color": "#212529"}},
        dragmode=False,
        separators=plotly_separators(lang),
    )
    return fig


def _shapes(ref_need: float, ref_cov: float) -> list[dict]:
    """The shaded corner right of / below the reference lines, and the dashed lines."""
    line = {"color": REFERENCE_LINE, "width": 1.5, "dash": "dash"}
    return [
        {
            "type": "rect",
            "x0": ref_need,
            "x1": HIGH,
            "y0": LOW,
            "y1": ref_cov,
            "xref": "x",
            "yref": "y",
            "fillcolor": CORNER_FILL,
            "line": {"width": 0},
            "layer": "below",
        },
        {"type": "line", "x0": ref_need, "x1": ref_need, "y0": LOW, "y1": HIGH, "line": line},
        {"type": "line", "x0": LOW, "x1": HIGH, "y0": ref_cov, "y1": ref_cov, "line": line},
    ]


def _ring(points: pd.DataFrame, code: str | None) -> dict[str, list]:
    """x and y of the highlight ring (empty when ``code`` is not plotted)."""
    row = points[points["code"].eq(code)] if code else points.iloc[0:0]
    return {"x": list(row["need"]), "y": list(row["coverage"])}


def highlight_ring(view: ScoreView, code: str | None) -> dict[str, list]:
    """Trace 1 of :func:`figure` for the area ``code`` (what a hover Patch sets)."""
    return _ring(_shown_points(view), code)


def reference_note(view: ScoreView, lang: str) -> str:
    """What the dashed lines are, e.g. "Dashed lines: national value (need 0.49, ...)"."""
    if view.plane is None:
        return ""
    attrs = view.plane.attrs
    return t(
        "scores.plane.reference_note",
        lang,
        kind=t(f"scores.plane.reference.{attrs['reference_kind']}", lang),
        need=_number(attrs["reference_need"], lang),
        coverage=_number(attrs["reference_coverage"], lang),
    )


def summary(view: ScoreView, lang: str) -> str:
    """A sentence for screen readers: how many points and which lie in the shaded corner."""
    points = _shown_points(view)
    in_corner = points["quadrant"].eq(HIGH_NEED_LOW_COVERAGE)
    corner = [str(n) for n in points.loc[in_corner, "name"]]
    return t(
        "scores.plane.summary",
        lang,
        count=len(points),
        title=title(view, lang),
        quadrant=t("scores.plane.quadrant", lang),
        names=", ".join(corner) or t("scores.plane.none", lang),
    )


def _group_of(view: ScoreView) -> dict[str, str]:
    groups = {}
    indicators = view.spec.get("indicators")  # a list of dicts; absent without a score
    for ind in indicators if isinstance(indicators, list) else []:
        if isinstance(ind, dict):
            groups[str(ind.get("id"))] = str(ind.get("group") or "")
    return groups


def download_table(view: ScoreView) -> pd.DataFrame:
    """One row per plotted area: ``code, name, need, coverage, quadrant, need_score,
    services_score, score, rank, certainty, years_used`` and, per indicator in the score, its
    group and the sources of the area's value (``sources_<id>``: title and tier, ``;``)."""
    points = _shown_points(view)
    columns = ["code", "name", "need", "coverage", "quadrant"]
    if view.table is None or points.empty:
        return pd.DataFrame(columns=columns)
    table = view.table.set_index("code")
    out = points[columns].copy()
    for column in ("need_score", "services_score", "score", "rank", "certainty", "years_used"):
        out[column] = table[column].reindex(out["code"]).to_numpy()
    sources = area_sources(view, list(out["code"]))
    left = {e.indicator for e in view.exclusions}
    for ind in [i for i in view.selected if i not in left]:
        out[f"sources_{ind}"] = [sources.get((code, ind), "") for code in out["code"]]
    out["reference_need"] = view.plane.attrs["reference_need"] if view.plane is not None else None
    out["reference_coverage"] = (
        view.plane.attrs["reference_coverage"] if view.plane is not None else None
    )
    out["reference_kind"] = view.plane.attrs["reference_kind"] if view.plane is not None else ""
    out["dataset"] = view.dataset_name
    out["synthetic"] = view.synthetic
    out["method_version"] = METHOD_VERSION
    out["year"] = view.year
    if view.synthetic:
        out.insert(0, "SYNTHETIC", "SYNTHETIC DEMO DATA - NOT REAL FIGURES")
    return out


def area_sources(view: ScoreView, codes: Iterable[str]) -> dict[tuple[str, str], str]:
    """``(code, indicator) -> "source title (tier); ..."`` for each value the score used,
    following ``derived_from`` to the published inputs of derived values."""
    from dashboard.scores.view import dataset_for, source_ids
    from indicators.query import map_values

    if view.year is None:  # nothing was scored
        return {}
    dataset = dataset_for(view.state)
    state = view.state
    by_id = dataset.observations.drop_duplicates("obs_id").set_index("obs_id")
    out: dict[tuple[str, str], str] = {}
    wanted = list(codes)
    for ind in view.selected:
        found = map_values(dataset, ind, view.year, state.country, state.level, state.tol, wanted)
        for code, obs_id in zip(found["code"], found["obs_id"], strict=True):
            cited = []
            for sid in sorted(source_ids(by_id, [str(obs_id)])):
                source = dataset.sources.get(sid)
                text = f"{source.title} ({source.tier})" if source is not None else sid
                if text not in cited:
                    cited.append(text)
            out[(str(code), ind)] = "; ".join(cited)
    return out


def csv_header(view: ScoreView) -> list[str]:
    """The plane CSV's ``#`` lines: what the axes are, the reference lines, then the score's
    own header notes (method, dataset, everything left out and why)."""
    lines = [
        f"CAM Atlas need versus service coverage, {view.state.country} level "
        f"{view.state.level}, year {view.year} (values from {window(view)})",
        "need = need_score (0-1, 1 = most need); coverage = 1 - services_score "
        "(0-1, 1 = best reached); docs/METHOD.md section C",
    ]
    if view.plane is not None:
        attrs = view.plane.attrs
        lines.append(
            f"reference lines ({attrs['reference_kind']}): need {attrs['reference_need']:.4g}, "
            f"coverage {attrs['reference_coverage']:.4g}"
        )
    groups = _group_of(view)
    left = {e.indicator for e in view.exclusions}
    for ind in view.selected:
        if groups.get(ind) and ind not in left:
            lines.append(f"indicator {ind} ({label(view, ind, 'en')}): group {groups[ind]}")
    return lines + csv_notes(view)


def download_csv(view: ScoreView) -> bytes:
    """The plane's data and sources: UTF-8 with BOM, ``#`` header notes, then
    :func:`download_table` (formula-like cells neutralised by ``indicators.export``)."""
    from indicators.export import to_csv

    body = to_csv(download_table(view)).decode("utf-8-sig")
    notes = "".join(f"# {line}\r\n" for line in csv_header(view))
    return (notes + body).encode("utf-8-sig")


def download_name(view: ScoreView) -> str:
    """E.g. ``cam-atlas-need-vs-services-KGZ-1-2023.csv`` (``SYNTHETIC-`` first for the demo)."""
    state = view.state
    prefix = "SYNTHETIC-" if view.synthetic else ""
    return f"{prefix}cam-atlas-need-vs-services-{state.country}-{state.level}-{view.year}.csv"


HIGHLIGHT_LINE = "rgb(17, 17, 17)"
HIGHLIGHT_WIDTH = 3.0


def map_lines(codes: list[str], nodata_codes: list[str], code: str | None) -> tuple[dict, dict]:
    """``marker.line`` of the map's two traces (``dashboard.map.figures``: scored areas, areas
    without a score) with the area ``code`` outlined thick and dark; the default outlines when
    ``code`` is None or not drawn."""
    from dashboard.map.figures import AREA_LINE, NODATA_LINE

    def lines(drawn: list[str], colour: str) -> dict:
        if not code or code not in drawn:
            return {"color": colour, "width": 0.6}
        return {
            "color": [HIGHLIGHT_LINE if c == code else colour for c in drawn],
            "width": [HIGHLIGHT_WIDTH if c == code else 0.6 for c in drawn],
        }

    return lines(codes, AREA_LINE), lines(nodata_codes, NODATA_LINE)
