"""Everything one map view shows, computed from data without Dash: values, hover texts, classes,
the vintage note and the text alternative.

Inputs are plain tables so the logic is testable without the real dataset:

- ``units``: the areas of the layer drawn (``code, parent_code, name_en, name_ru, name_kk,
  name_ky``), one row per polygon in the GeoJSON.
- ``values``: ``indicators.query.map_values`` output (``code, value, year_used, status,
  source_id, qualifier``), at most one row per code; codes absent from ``units`` are ignored.
- ``break_values``: the values class breaks are computed from (this year's, or all years' for
  fixed breaks).

Missing values stay missing: an area without a row in ``values`` is drawn as "no data".
"""

from __future__ import annotations

import html
import math
import textwrap
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from dashboard.common.areas import area_name
from dashboard.common.colours import (
    class_breaks,
    class_colours,
    class_position,
    diverging_colours,
    stepped_colourscale,
    with_zero_edge,
)
from dashboard.common.format import quality_text, unit_label, value_hovertemplate, value_text
from dashboard.i18n import t
from dashboard.i18n.numbers import format_number
from dashboard.map.state import MapState


@dataclass(frozen=True)
class IndicatorInfo:
    """What the map needs to know about an indicator (from ``indicators.catalogue``)."""

    id: str
    label: str
    unit: str
    direction: int
    decimals: int


@dataclass(frozen=True)
class TableRow:
    """One row of the text alternative (all fields already formatted for the language)."""

    area: str
    value: str
    unit: str
    year: str
    source: str
    quality: str


@dataclass
class MapFrame:
    """One map view: the data trace, the no-data trace, legend classes and texts."""

    areas: list[str] = field(default_factory=list)  # every area drawn, in the layer's order
    codes: list[str] = field(default_factory=list)
    z: list[float] = field(default_factory=list)  # values in the indicator's unit
    customdata: list[list[str]] = field(default_factory=list)
    nodata_codes: list[str] = field(default_factory=list)
    nodata_customdata: list[list[str]] = field(default_factory=list)
    edges: list[float] = field(default_factory=list)
    colours: list[str] = field(default_factory=list)
    unit_label: str = ""
    hovertemplate: str = ""
    nodata_hovertemplate: str = ""
    nodata_label: str = ""
    tick_text: list[str] = field(default_factory=list)
    title: str = ""
    note: str = ""
    summary: str = ""
    rows: list[TableRow] = field(default_factory=list)
    legend_text: str = ""  # the colour rule in words, e.g. "Darker = lower coverage"
    diverging: bool = False  # a balance (net migration): two hues around zero

    @property
    def classes(self) -> list[int]:
        """The colour class (0-based index into ``colours``) of each value in ``z``."""
        if not self.n_classes:
            return []
        return [min(int(p), self.n_classes - 1) for p in self.class_positions]

    @property
    def n_classes(self) -> int:
        """Number of colour classes (0 when there is no value)."""
        return max(len(self.edges) - 1, 0)

    @property
    def class_positions(self) -> list[float]:
        """``z`` for Plotly: each value's position on the equal-height class legend."""
        return [class_position(v, self.edges) for v in self.z] if self.n_classes else []

    @property
    def colourscale(self) -> list[list]:
        """Stepped Plotly colourscale over ``0..n_classes`` (neutral when there are no values)."""
        if not self.n_classes:
            return [[0.0, "#ffffff"], [1.0, "#ffffff"]]
        return stepped_colourscale(list(range(self.n_classes + 1)), self.colours)


def legend_text(direction: int, balance: bool, lang: str) -> str:
    """The colour rule in words: darker is always worse for children (or, for context
    indicators, simply higher); balances read from one hue (negative) to the other."""
    if balance:
        return t("map.legend.rule.balance", lang)
    key = {1: "better", -1: "worse"}.get(direction, "context")
    return t(f"map.legend.rule.{key}", lang)


def vintage_note(
    years_used: Iterable[int], n_missing: int, state: MapState, year: int | None
) -> str:
    """E.g. "Values shown: 2021 for 7 regions, 2019 for 2 regions. The latest value up to
    2 years before 2021 is used where 2021 has none. No data for 3 regions." """
    lang, level = state.lang, state.level
    counts = Counter(years_used)
    if not counts:
        return t("map.vintage.empty", lang)
    parts = [
        t(f"map.vintage.part.{level}", lang, count=n, year=y)
        for y, n in sorted(counts.items(), reverse=True)
    ]
    text = t("map.vintage.shows", lang, parts=", ".join(parts))
    if state.tol and any(y != year for y in counts):
        text += " " + t("map.vintage.tolerance", lang, count=state.tol, year=year)
    if n_missing:
        text += " " + t(f"map.vintage.nodata.{level}", lang, count=n_missing)
    return text


def _source_name(source_id: str, sources: Mapping[str, object]) -> str:
    """The publisher of a source; its title when no publisher is given (an imported table's
    ``source`` column); its id when the source is unknown."""
    source = sources.get(source_id)
    return getattr(source, "publisher", "") or getattr(source, "title", "") or source_id or ""


def build_frame(
    state: MapState,
    year: int | None,
    indicator: IndicatorInfo,
    units: pd.DataFrame,
    values: pd.DataFrame,
    break_values: Iterable[float],
    sources: Mapping[str, object],
    area_label: str = "",
    ever_codes: set[str] | None = None,
    balance: bool = False,
) -> MapFrame:
    """The complete map view for ``state`` at ``year`` (None: no year has data), see the module
    docstring for the inputs.

    Hover and table texts are HTML-escaped for Plotly, which interprets tags in hover text, so
    names and sources (possibly user-supplied) always show as plain text. ``ever_codes``: areas
    with a value in some year (hover then says "no data for this year" rather than "for any
    year"); ``balance``: the indicator is a balance such as net migration (diverging colours).
    """
    lang = state.lang
    frame = MapFrame(
        unit_label=unit_label(indicator.unit, lang), nodata_label=t("map.legend.nodata", lang)
    )
    by_code = {str(r["code"]): r for r in values.to_dict("records")} if len(values) else {}
    for unit in units.to_dict("records"):
        code, name = str(unit["code"]), area_name(unit, lang)
        frame.areas.append(code)
        row = by_code.get(code)
        value = None if row is None else row.get("value")
        if row is None or value is None or (isinstance(value, float) and math.isnan(value)):
            frame.nodata_codes.append(code)
            ever = ever_codes is None or code in ever_codes
            nodata = t("map.hover.nodata" if ever else "map.hover.nodata_any", lang)
            frame.nodata_customdata.append([html.escape(name), html.escape(nodata)])
            continue
        qualifier = str(row.get("qualifier") or "exact")
        text = value_text(float(value), qualifier, indicator.decimals, lang)
        year_used = str(int(row["year_used"]))
        source = _source_name(str(row.get("source_id") or ""), sources)
        quality = quality_text(str(row.get("status") or ""), qualifier, lang)
        frame.codes.append(code)
        frame.z.append(float(value))
        hover = [html.escape(s) for s in (name, text, frame.unit_label, year_used, source)]
        # Long publisher names wrap so the hover box fits a phone screen (390 px).
        hover[4] = "<br>".join(html.escape(line) for line in textwrap.wrap(source, 34)) or ""
        frame.customdata.append([*hover, html.escape(quality)])
        frame.rows.append(TableRow(name, text, frame.unit_label, year_used, source, quality))
    frame.edges = class_breaks(break_values if state.breaks == "fixed" else frame.z)
    if frame.z and frame.edges:
        # Fixed breaks come from all years; widen them if this year's values fall outside.
        frame.edges[0] = min(frame.edges[0], min(frame.z))
        frame.edges[-1] = max(frame.edges[-1], max(frame.z))
    frame.diverging = balance
    if balance:
        frame.edges = with_zero_edge(frame.edges)
        frame.colours = diverging_colours(frame.edges)
    else:
        frame.colours = class_colours(state.palette, indicator.direction, len(frame.edges) - 1)
    frame.legend_text = legend_text(indicator.direction, balance, lang)
    frame.tick_text = [format_number(e, lang, _tick_decimals(frame.edges)) for e in frame.edges]
    frame.hovertemplate = value_hovertemplate(lang)
    frame.nodata_hovertemplate = "<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>"
    frame.title = f"{indicator.label}, {year}" if year else indicator.label
    frame.note = vintage_note(
        [int(r.year) for r in frame.rows], len(frame.nodata_codes), state, year
    )
    frame.summary = _summary(frame, indicator, year, area_label, lang)
    return frame


def _tick_decimals(edges: list[float]) -> int:
    """Decimals needed to print the class edges distinctly (0-3)."""
    for decimals in range(4):
        if all(abs(e - round(e, decimals)) < 1e-9 for e in edges):
            return decimals
    return 3


def _summary(
    frame: MapFrame, indicator: IndicatorInfo, year: int | None, area_label: str, lang: str
) -> str:
    """A one-sentence description of the map for screen readers."""
    label = t(
        "map.graph.label",
        lang,
        indicator=indicator.label,
        unit=frame.unit_label,
        year=year or "–",
        area=area_label,
    )
    if not frame.z:
        return f"{label}. {frame.note}"
    low = min(range(len(frame.z)), key=frame.z.__getitem__)
    high = max(range(len(frame.z)), key=frame.z.__getitem__)
    total = len(frame.z) + len(frame.nodata_codes)
    detail = t(
        "map.summary.range",
        lang,
        with_value=len(frame.z),
        total=total,
        low=frame.rows[low].value,
        low_area=frame.rows[low].area,
        high=frame.rows[high].value,
        high_area=frame.rows[high].area,
    )
    return f"{label}. {detail}"
