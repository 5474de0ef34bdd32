"""Gap scores for one country, level and year from a tidy observations table.

This is the glue the CLI, the dashboard and downloads share: it picks the indicators (with
direction and target from the catalogue), builds the value matrix over the full region
universe (regions without data still appear, as "insufficient data"), and returns the score
table with region names. Pure pandas: the caller loads the dataset and the units table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

import pandas as pd

from indicators.gapscore.errors import GapScoreSpecError
from indicators.gapscore.inputs import build_matrix
from indicators.gapscore.robustness import RobustnessSpec
from indicators.gapscore.spec import IndicatorSpec, ScoreSpec
from indicators.gapscore.table import score_table


class CatalogueEntry(Protocol):
    """What the gap score reads from an ``indicators.catalogue.Indicator``."""

    id: str
    direction: int
    target: float | None


def _check_ids(ids: Sequence[str], entries: Mapping[str, CatalogueEntry]) -> None:
    """Every id must be in the catalogue and have a direction (not context-only)."""
    unknown = [i for i in ids if i not in entries]
    if unknown:
        raise GapScoreSpecError(
            f"unknown indicator(s) {', '.join(unknown)}; see the catalogue "
            "(indicators/data/indicators.json) for valid ids"
        )
    context = [i for i in ids if entries[i].direction == 0]
    if context:
        raise GapScoreSpecError(
            f"indicator(s) {', '.join(context)} are context only (direction 0: neither higher "
            "nor lower is better) and cannot enter a gap score"
        )


def is_rate(entry: CatalogueEntry) -> bool:
    """True for shares and rates (``percent``, ``… per 10,000 …``), False for raw counts.

    Raw counts (children, cases) mostly measure how populous an area is, so they are never
    chosen by default; a user may still pick them explicitly.
    """
    unit = getattr(entry, "unit", None)
    if unit is None:  # entries without a unit (hand-made specs) are taken as rates
        return True
    unit = unit.lower()
    return unit.startswith("percent") or " per " in f" {unit} "


def default_indicators(values: pd.DataFrame, entries: Mapping[str, CatalogueEntry]) -> list[str]:
    """Catalogue ids with a non-zero direction, a rate or share unit (not a raw count) and at
    least one value in ``values``."""
    return [
        i
        for i, e in entries.items()
        if e.direction != 0 and is_rate(e) and i in values.columns and values[i].notna().any()
    ]


def build_spec(
    ids: Sequence[str],
    entries: Mapping[str, CatalogueEntry],
    weights: Mapping[str, float] | None = None,
    **options: object,
) -> ScoreSpec:
    """ScoreSpec for ``ids`` with catalogue direction and target; unlisted weights are 1.

    ``options`` are passed to ``ScoreSpec`` (normalisation, aggregation, power, ...).
    """
    weights = dict(weights or {})
    stray = [k for k in weights if k not in ids]
    if stray:
        raise GapScoreSpecError(
            f"weight given for {', '.join(stray)}, which is not among the scored indicators "
            f"({', '.join(ids)})"
        )
    _check_ids(ids, entries)
    inds = tuple(
        IndicatorSpec(
            i,
            weight=float(weights.get(i, 1.0)),
            direction=int(entries[i].direction),
            target=None if (target := entries[i].target) is None else float(target),
        )
        for i in ids
    )
    return ScoreSpec(inds, **options)  # type: ignore[arg-type]


def score_regions(
    observations: pd.DataFrame,
    units: pd.DataFrame,
    entries: Mapping[str, CatalogueEntry],
    year: int,
    indicators: Sequence[str] | None = None,
    weights: Mapping[str, float] | None = None,
    robustness: RobustnessSpec | None = None,
    name_column: str = "name_en",
    **options: object,
) -> pd.DataFrame:
    """Score table (columns ``code, name`` + ``table.score_table`` columns) for one layout.

    ``observations``: tidy rows already restricted to the country, level and layout vintage.
    ``units``: the region universe (``code`` and ``name_column``); it is the comparison set.
    ``indicators``: ids to score, or None for ``default_indicators``. ``options``: ScoreSpec
    fields (``tolerance_years`` picks the year window). Raises GapScoreSpecError for unknown or
    context-only indicators, stray or impossible weights, and when nothing can be scored.
    """
    tolerance = int(options.get("tolerance_years", ScoreSpec.tolerance_years))  # type: ignore[call-overload]
    codes = units["code"].astype(str).tolist()
    if indicators is not None:
        _check_ids(list(indicators), entries)
    candidates = list(indicators) if indicators is not None else list(entries)
    values, years = build_matrix(observations, year, tolerance, candidates, area_codes=codes)
    ids = list(indicators) if indicators is not None else default_indicators(values, entries)
    if not ids or values[ids].isna().all().all():
        which = "of " + ", ".join(ids) if ids else "with a direction"
        raise GapScoreSpecError(
            f"no indicator {which} has data for these regions in {year - tolerance}-{year}; "
            "widen --tolerance or choose another year or indicators"
        )
    spec = build_spec(ids, entries, weights, **options)
    table = score_table(values[ids], spec, years[ids], robustness)
    names = units.set_index(units["code"].astype(str))[name_column]
    table.insert(0, "name", names.reindex(table.index).to_numpy())
    out = table.reset_index()
    out.attrs = table.attrs
    return out
