"""The Gap scores page's texts, table rows, map frame and download, from a ``ScoreView``.

No Dash imports. Every text is in the page language (``dashboard/i18n/scores.json``); numbers
use the language's separators. Hover texts are HTML-escaped because Plotly interprets tags in
them; table cells are plain text (AG Grid renders them as text). A missing score is shown as
"insufficient data", never as 0.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from typing import SupportsFloat

import pandas as pd

from dashboard.common.colours import class_colours
from dashboard.i18n import t
from dashboard.i18n.numbers import format_number
from dashboard.map.frame import MapFrame
from dashboard.scores.view import ScoreView
from indicators.gapscore import exclusions as excl
from indicators.gapscore.exclusions import Exclusion
from indicators.gapscore.robustness import SINGLE
from indicators.gapscore.spec import METHOD_VERSION
from indicators.gapscore.table import OUTPUT_COLUMNS, header_notes

SCORE_EDGES: list[float] = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
TOP_DRIVERS = 2
UNCERTAIN_MARK = "⚠"
CLEAR_MARK = "✓"
SINGLE_MARK = "①"


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _number(value: object) -> float | None:
    """A table cell as a float; None when missing (None, NaN or not a number)."""
    if not isinstance(value, SupportsFloat):
        return None
    number = float(value)
    return None if math.isnan(number) else number


def _pct(share: float, lang: str) -> str:
    """0.666 -> ``67%`` (no decimals: shares are coarse by nature)."""
    return f"{format_number(100 * share, lang, 0)}%"


def place(view: ScoreView, lang: str) -> str:
    """E.g. "Kyrgyzstan, regions"."""
    state = view.state
    return (
        f"{t(f'common.country.{state.country}', lang)}, "
        + t(f"common.level.{state.level}", lang).lower()
    )


def window(view: ScoreView) -> str:
    """The years values may come from, e.g. ``2020–2023`` (just ``2023`` without tolerance)."""
    year, tol = int(view.year or 0), view.state.tol
    return str(year) if tol == 0 else f"{year - tol}–{year}"


def title(view: ScoreView, lang: str) -> str:
    """The heading of the map and table, e.g. "Gap scores: Kyrgyzstan, regions, 2023"."""
    if view.year is None:
        return t("scores.title.no_year", lang, place=place(view, lang))
    return t("scores.title", lang, place=place(view, lang), year=view.year, window=window(view))


def label(view: ScoreView, indicator: str, lang: str) -> str:
    """The indicator's label in ``lang`` (its id when it is not offered)."""
    choice = view.choice_by_id.get(indicator)
    return choice.label(lang) if choice else indicator


def _years_by_indicator(text: str) -> dict[str, str]:
    """``"a=2021;b=2023"`` -> ``{"a": "2021", "b": "2023"}``."""
    pairs = (part.partition("=") for part in str(text or "").split(";") if part)
    return {key: value for key, _, value in pairs}


def drivers(view: ScoreView, row: Mapping[str, object], lang: str) -> str:
    """The largest contributions to a score with their share of it, e.g. "60% Poverty"."""
    score = _number(row.get("score"))
    if score is None:
        return ""
    if score <= 0:
        return t("scores.drivers.none", lang)
    parts = []
    for ind in view.selected:
        value = _number(row.get(f"contribution_{ind}"))
        if value is not None and value > 0:
            parts.append((value / score, ind))
    parts.sort(reverse=True)
    top = parts[:TOP_DRIVERS]
    return "; ".join(f"{_pct(share, lang)} {label(view, ind, lang)}" for share, ind in top)


def _insufficient_reason(view: ScoreView, row: Mapping[str, object], lang: str) -> str:
    """Why an area has no score, e.g. "Data for 50% of the weight; 75% needed"."""
    return t(
        "scores.insufficient.reason",
        lang,
        share=_pct(_number(row.get("weight_share")) or 0.0, lang),
        needed=_pct(view.state.minshare, lang),
    )


def _interval(row: Mapping[str, object]) -> str:
    """The 5-95% rank interval, e.g. ``1–6`` (a single rank when both ends agree)."""
    low, high = _number(row.get("rank_p05")), _number(row.get("rank_p95"))
    if low is None or high is None:
        return ""
    return f"{int(low)}" if int(low) == int(high) else f"{int(low)}–{int(high)}"


def uncertain_text(row: Mapping[str, object], lang: str) -> str:
    """An icon and a word (never colour alone): uncertain, clear, a ranking of one indicator
    (never "clear": no weight can move it), or empty without a score."""
    if _missing(row.get("score")):
        return ""
    if row.get("certainty") == SINGLE:  # the indicator is named in the drivers and a note
        return f"{SINGLE_MARK} {t('scores.uncertain.single', lang)}"
    if bool(row.get("uncertain")):
        return f"{UNCERTAIN_MARK} {t('scores.uncertain.yes', lang)}"
    return f"{CLEAR_MARK} {t('scores.uncertain.no', lang)}"


def _used(view: ScoreView, row: Mapping[str, object], lang: str) -> tuple[str, str]:
    """("2 of 3", "Extreme poverty rate, % (2021); ...") for the indicators-used column."""
    used = [i for i in str(row.get("indicators_used") or "").split(";") if i]
    left = {e.indicator for e in view.exclusions}
    total = len([i for i in view.selected if i not in view.without_data and i not in left])
    years = _years_by_indicator(str(row.get("years_used") or ""))
    detail = "; ".join(f"{label(view, i, lang)} ({years.get(i, '')})" for i in used)
    return t("scores.table.used_of", lang, used=len(used), total=total), detail


def grid_rows(view: ScoreView, lang: str) -> list[dict]:
    """AG Grid rows for the shown areas, ranked areas first (the engine's order).

    Numeric fields (``rank, score, weight_share, rank_p05, rank_p95, rank_median``) sort the
    columns; ``*_text`` fields are what the cells display, formatted for ``lang``.
    """
    if view.table is None:
        return []
    shown = set(view.shown)
    n_ranked = int(view.table["status"].eq("scored").sum())
    rows = []
    for row in view.table.to_dict("records"):
        if row["code"] not in shown:
            continue
        scored = not _missing(row.get("score"))
        used_text, used_detail = _used(view, row, lang)
        years = sorted(set(_years_by_indicator(str(row.get("years_used") or "")).values()))
        rows.append(
            {
                "code": row["code"],
                "area": str(row["name"]),
                "rank": int(row["rank"]) if scored else None,
                "rank_text": str(int(row["rank"])) if scored else "—",
                "score": round(float(row["score"]), 4) if scored else None,
                "score_text": format_number(float(row["score"]), lang, 2)
                if scored
                else t("scores.insufficient.short", lang),
                "rank_p05": int(row["rank_p05"]) if scored else None,
                "rank_p95": int(row["rank_p95"]) if scored else None,
                "rank_median": float(row["rank_median"]) if scored else None,
                "n_ranked": n_ranked,
                "interval_text": _interval(row) if scored else "—",
                "uncertain": bool(row.get("uncertain")) if scored else None,
                "uncertain_text": uncertain_text(row, lang) or "—",
                "drivers": drivers(view, row, lang)
                if scored
                else _insufficient_reason(view, row, lang),
                "used_text": used_text,
                "used_detail": used_detail,
                "weight_share": round(float(row.get("weight_share") or 0), 4),
                "weight_share_text": _pct(float(row.get("weight_share") or 0), lang),
                "years_text": ", ".join(years) or "—",
            }
        )
    return rows


def hovertemplate(lang: str) -> str:
    """Hover of a scored area: name, score, rank and interval, flag, drivers (customdata)."""
    return (
        "<b>%{customdata[0]}</b><br>"
        f"{t('scores.table.score', lang)}: %{{customdata[1]}}<br>"
        f"{t('scores.table.rank', lang)}: %{{customdata[2]}} "
        f"({t('scores.table.interval', lang)}: %{{customdata[3]}})<br>"
        "%{customdata[4]}<br>"
        f"{t('scores.table.drivers', lang)}: %{{customdata[5]}}<extra></extra>"
    )


def map_frame(view: ScoreView, lang: str, palette: str = "viridis") -> MapFrame:
    """Map of the shown areas: scores in 5 fixed classes of 0-1 (dark = most underserved);
    areas without enough data go to the hatched "insufficient data" trace."""
    frame = MapFrame(
        unit_label=t("scores.map.unit", lang),
        nodata_label=t("scores.insufficient.short", lang),
        edges=list(SCORE_EDGES),
        colours=class_colours(palette, -1, len(SCORE_EDGES) - 1),
        tick_text=[format_number(e, lang, 1) for e in SCORE_EDGES],
        hovertemplate=hovertemplate(lang),
        nodata_hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>",
        title=title(view, lang),
    )
    if view.table is None:
        # Nothing scored: every shown area is drawn hatched, with the reason in its hover.
        reason = html.escape(_problem_text(view, lang) if view.problem else "")
        names = dict(zip(view.units["code"], _names(view.units, lang), strict=True))
        for code in view.shown:
            frame.nodata_codes.append(code)
            frame.nodata_customdata.append([html.escape(names.get(code, code)), reason])
    for row in grid_rows(view, lang):
        name = html.escape(row["area"])
        if row["score"] is None:
            reason = f"{t('scores.insufficient.short', lang)}: {row['drivers']}"
            frame.nodata_codes.append(row["code"])
            frame.nodata_customdata.append([name, html.escape(reason)])
            continue
        frame.codes.append(row["code"])
        frame.z.append(float(row["score"]))
        texts = (
            row["score_text"],
            row["rank_text"],
            row["interval_text"],
            row["uncertain_text"],
            row["drivers"],
        )
        frame.customdata.append([name, *(html.escape(s) for s in texts)])
    scored = len(frame.codes)
    frame.summary = t(
        "scores.map.summary",
        lang,
        title=frame.title,
        scored=scored,
        total=scored + len(frame.nodata_codes),
    )
    return frame


def _names(units: pd.DataFrame, lang: str) -> list[str]:
    """Area names of ``units`` in ``lang`` (Russian, then English, as fallback)."""
    from dashboard.common.areas import area_name

    return [area_name(row, lang) for row in units.to_dict("records")]


def _level_word(view: ScoreView, lang: str, count: int) -> str:
    """ "regions"/"districts" agreeing with ``count`` (plural tables in scores.json)."""
    return t(f"scores.unit.{view.state.level}", lang, count=count)


def notes(view: ScoreView, lang: str) -> list[tuple[str, str]]:
    """``(bootstrap colour, text)`` notes explaining the view; plain text."""
    state = view.state
    out: list[tuple[str, str]] = []
    if state.both_requested:
        out.append(("info", t("scores.note.one_country", lang, country=_country(view, lang))))
    if view.unknown_indicators:
        names = ", ".join(view.unknown_indicators)
        out.append(("info", t("scores.note.unknown_indicators", lang, ids=names)))
    if not view.synthetic and not view.level_has_real_data:
        out.append(("warning", t(f"scores.note.no_real_data.{state.level}", lang)))
    if view.problem and view.choices:
        out.append(("warning", _problem_text(view, lang)))
        return out
    if view.problem:
        return out
    if view.without_data:
        names = "; ".join(label(view, i, lang) for i in view.without_data)
        out.append(("info", t("scores.note.without_data", lang, window=window(view), names=names)))
    chosen_out = [e for e in view.exclusions if e.indicator in view.selected]
    if chosen_out:
        names = "; ".join(
            f"{label(view, e.indicator, lang)} ({exclusion_reason(e, view, lang)})"
            for e in chosen_out
        )
        out.append(("info", t("scores.note.left_out", lang, count=len(chosen_out), names=names)))
    table = view.table
    if table is None:
        return out
    total = len(table)
    insufficient = int(table["status"].ne("scored").sum())
    if insufficient:
        out.append(
            (
                "info",
                t(
                    "scores.note.insufficient",
                    lang,
                    count=insufficient,
                    total=total,
                    units=_level_word(view, lang, total),
                    needed=_pct(state.minshare, lang),
                    window=window(view),
                ),
            )
        )
    scored = total - insufficient
    single = table["certainty"].eq(SINGLE)
    uncertain = int((table["uncertain"].fillna(False).astype(bool) & ~single).sum())
    if single.any():
        used = {str(i) for i in table.loc[single, "indicators_used"]}
        names = "; ".join(label(view, i, lang) for i in sorted(used) if i)
        out.append(
            (
                "warning",
                t("scores.note.single", lang, count=int(single.sum()), names=names),
            )
        )
    if scored and scored > int(single.sum()):
        key = "scores.note.uncertain" if uncertain else "scores.note.all_clear"
        out.append(("light", t(key, lang, count=uncertain, scored=scored - int(single.sum()))))
    if len(view.shown) != total:
        out.append(
            (
                "light",
                t(
                    "scores.note.filtered",
                    lang,
                    total=total,
                    units=_level_word(view, lang, total),
                    country=_country(view, lang),
                    shown=len(view.shown),
                ),
            )
        )
    fallback = [i for i, m in view.normalisation_used.items() if m != state.norm]
    if state.norm == "goalposts" and fallback:
        names = "; ".join(label(view, i, lang) for i in fallback)
        out.append(("light", t("scores.note.goalposts_fallback", lang, names=names)))
    return out


def _country(view: ScoreView, lang: str) -> str:
    return t(f"common.country.{view.state.country}", lang)


def _problem_text(view: ScoreView, lang: str) -> str:
    """The translated dead-end message for ``view.problem``."""
    return t(
        view.problem or "",
        lang,
        window=window(view) if view.year else "",
        place=place(view, lang),
    )


def method_text(view: ScoreView, lang: str) -> str:
    """One line naming the method version and the choices behind the scores and intervals."""
    state = view.state
    agg = t(f"scores.method.agg.{state.agg}", lang)
    if state.agg == "power":
        agg = f"{agg} (p = {format_number(state.power, lang, 2)})"
    line = t(
        "scores.method.line",
        lang,
        version=METHOD_VERSION,
        norm=t(f"scores.method.norm.{state.norm}", lang),
        agg=agg,
        share=_pct(state.minshare, lang),
        tol=state.tol,
    )
    return f"{line} {t('scores.method.coverage', lang, coverage=_pct(state.mincov, lang))}"


def source_lines(view: ScoreView, lang: str) -> list[str]:
    """One line per indicator used: label, years used, and each cited source with its tier."""
    lines = []
    for ind, years, cited in view.sources:
        refs = "; ".join(
            f"{title} ({t(f'common.status.{tier}', lang)})" if tier else title
            for title, tier in cited
        )
        year_text = ", ".join(str(y) for y in years)
        lines.append(f"{label(view, ind, lang)} ({year_text}): {refs}")
    return lines


def exclusion_reason(exclusion: Exclusion, view: ScoreView, lang: str) -> str:
    """Why an indicator is not in the score, in ``lang`` (the reasons of
    ``indicators.gapscore.exclusions``), e.g. "too few areas (3 of 9; 67% needed)"."""
    reason = exclusion.reason
    if reason == excl.TOO_FEW_AREAS:
        return t(
            "scores.excluded.too_few_areas",
            lang,
            count=exclusion.areas_with_data or 0,
            total=exclusion.areas_total or 0,
            needed=_pct(view.state.mincov, lang),
        )
    if reason == excl.OUTSIDE_WINDOW:
        if exclusion.latest_year is None:
            return t("scores.excluded.outside_window_never", lang, window=window(view))
        key = "after" if view.year and exclusion.latest_year > view.year else "latest"
        return t(
            f"scores.excluded.outside_window_{key}",
            lang,
            window=window(view),
            year=exclusion.latest_year,
        )
    if reason == excl.COUNT:
        return t("scores.excluded.count", lang)
    if reason == excl.NO_DIRECTION:
        return t("scores.excluded.no_direction", lang)
    return exclusion.detail


def coverage_value(view: ScoreView, lang: str) -> str:
    """The coverage rule in areas, e.g. "now 67%: 6 of 9 areas"."""
    total = len(view.units)
    needed = max(1, math.ceil(view.state.mincov * total - 1e-9)) if total else 0
    return t(
        "scores.controls.mincov_value",
        lang,
        share=_pct(view.state.mincov, lang),
        count=needed,
        total=total,
    )


def card_notes(view: ScoreView, lang: str) -> dict[str, str]:
    """Per indicator on offer: the text its card shows when it is not in the score."""
    out = {}
    for ind, exclusion in view.left_out().items():
        if ind in view.context:
            continue  # listed apart, under the cards
        key = "scores.excluded.card" if ind in view.selected else "scores.excluded.card_off"
        out[ind] = t(key, lang, reason=exclusion_reason(exclusion, view, lang))
    return out


def context_labels(view: ScoreView, lang: str) -> dict[str, str]:
    """``id -> label`` of the context indicators with data here (they cannot be scored)."""
    from indicators.catalogue import catalogue

    known = catalogue()
    out = {}
    for ind in view.context:
        labels = known[ind].labels if ind in known else {}
        out[ind] = labels.get(lang) or labels.get("ru") or labels.get("en") or ind
    return out


def csv_notes(view: ScoreView) -> list[str]:
    """The ``#`` lines at the head of the score CSV (``indicators.gapscore.table.header_notes``):
    method, comparison set, dataset, options and every indicator left out with its reason
    (the score's own, then counts not chosen and context indicators), in English like the
    CLI's."""
    state = view.state
    if view.table is None:  # nothing scored: the notes still say what was left out and why
        table = pd.DataFrame(columns=["certainty"])
        table.attrs = {
            "method": {
                "method_version": METHOD_VERSION,
                "comparison_set": f"{state.country} level {state.level} ({len(view.units)} "
                f"units), years {window(view)}",
                "normalisation": state.norm,
                "aggregation": state.agg,
                "min_coverage": state.mincov,
                "min_weight_share": state.minshare,
            }
        }
    else:
        table = view.table.copy()
        table.attrs = dict(view.table.attrs)
    own = list(view.exclusions)
    listed = {e.indicator for e in own}
    table.attrs["exclusions"] = own + [e for i, e in view.left_out().items() if i not in listed]
    lines = header_notes(table, view.dataset_name, view.synthetic)
    lines.insert(2, f"year {view.year}, values from {window(view)}")
    if view.problem:
        lines.append(f"nothing scored: {view.problem.rsplit('.', 1)[-1].replace('_', ' ')}")
    return lines


def download_csv(view: ScoreView) -> bytes:
    """The score CSV: UTF-8 with BOM, ``#`` header notes (read with ``pandas.read_csv(...,
    comment="#")``), then ``download_table`` (``indicators.export.to_csv``: formula-like
    cells neutralised)."""
    from indicators.export import to_csv

    body = to_csv(download_table(view)).decode("utf-8-sig")
    notes = "".join(f"# {line}\r\n" for line in csv_notes(view))
    return (notes + body).encode("utf-8-sig")


def download_table(view: ScoreView) -> pd.DataFrame:
    """The score table of the shown areas as ``cam-atlas score`` writes it, plus the dataset,
    its SYNTHETIC flag and the method version in every row (empty without a table)."""
    if view.table is None:
        return pd.DataFrame(columns=[*OUTPUT_COLUMNS, "dataset", "synthetic", "method_version"])
    table = view.table[view.table["code"].isin(view.shown)]
    contributions = [c for c in table.columns if c.startswith("contribution_")]
    out = table[list(OUTPUT_COLUMNS) + contributions].copy()
    out["dataset"] = view.dataset_name
    out["synthetic"] = view.synthetic
    out["method_version"] = METHOD_VERSION
    out["year"] = view.year
    out["tolerance_years"] = view.state.tol
    if view.synthetic:
        out.insert(0, "SYNTHETIC", "SYNTHETIC DEMO DATA - NOT REAL FIGURES")
    return out.reset_index(drop=True)


def download_name(view: ScoreView) -> str:
    """File name, e.g. ``cam-atlas-gap-scores-KGZ-1-2023.csv`` (``SYNTHETIC-`` first for the
    demo)."""
    state = view.state
    prefix = "SYNTHETIC-" if view.synthetic else ""
    return f"{prefix}cam-atlas-gap-scores-{state.country}-{state.level}-{view.year}.csv"
