"""Gap scores for one country, level and year from a tidy observations table.

This is the glue the CLI, the dashboard and downloads share: it picks the indicators (with
direction and target from the catalogue), builds the value matrix over the full region
universe (regions without data still appear, as "insufficient data"), and returns the score
table with region names. Pure pandas: the caller loads the dataset and the units table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, Unpack

import pandas as pd

from indicators.gapscore import exclusions as excl
from indicators.gapscore.errors import GapScoreSpecError
from indicators.gapscore.exclusions import Exclusion
from indicators.gapscore.inputs import build_matrix, latest_within
from indicators.gapscore.robustness import RobustnessSpec
from indicators.gapscore.spec import (
    DEFAULT_MIN_COVERAGE,
    DEFAULT_TOLERANCE_YEARS,
    NEED,
    SERVICES,
    IndicatorSpec,
    ScoreOptions,
    ScoreSpec,
)
from indicators.gapscore.table import score_table

#: Catalogue ``domain`` -> group of the need-versus-services view (docs/METHOD.md §C).
#: Need: how many children are at risk; services: how well they are reached.
DOMAIN_GROUPS: dict[str, str] = {
    "left_behind_children": NEED,
    "poverty": NEED,
    "migration": NEED,
    "population": NEED,
    "education": SERVICES,
    "registration": SERVICES,
    "health": SERVICES,
    "protection": SERVICES,
}


class CatalogueEntry(Protocol):
    """What the gap score reads from an ``indicators.catalogue.Indicator`` (read-only, so
    frozen dataclasses satisfy it; ``unit`` and ``domain`` are read when present)."""

    @property
    def id(self) -> str: ...

    @property
    def direction(self) -> int: ...

    @property
    def target(self) -> float | None: ...


def _target(entry: CatalogueEntry) -> float | None:
    target = entry.target
    return None if target is None else float(target)


def group_of(entry: CatalogueEntry) -> str | None:
    """``need`` or ``services`` from the entry's catalogue ``domain`` (None when unmapped)."""
    return DOMAIN_GROUPS.get(str(getattr(entry, "domain", "") or ""))


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


def default_exclusions(
    values: pd.DataFrame, entries: Mapping[str, CatalogueEntry]
) -> list[Exclusion]:
    """Catalogue indicators with values in ``values`` that the default choice leaves out:
    context indicators (no direction) and raw counts."""
    out = []
    for i, e in entries.items():
        if i not in values.columns or not values[i].notna().any():
            continue
        if e.direction == 0:
            out.append(excl.no_direction(i))
        elif not is_rate(e):
            out.append(excl.count(i))
    return out


def window_exclusions(
    observations: pd.DataFrame,
    ids: Sequence[str],
    codes: Sequence[str],
    year: int,
    tolerance: int,
) -> list[Exclusion]:
    """``outside_window`` for each of ``ids`` without a value for ``codes`` in the window,
    with its latest year for these areas (None when there is none in any year)."""
    obs = observations[
        observations["indicator"].isin(list(ids))
        & observations["area_code"].astype(str).isin(list(codes))
        & pd.to_numeric(observations["value"], errors="coerce").notna()
    ]
    years = pd.to_numeric(obs["year"], errors="coerce")
    first = year - tolerance
    out = []
    for i in ids:
        ys = years[obs["indicator"].eq(i)].dropna()
        if ys.between(first, year).any():
            continue
        latest = int(ys.max()) if len(ys) else None
        out.append(excl.outside_window(i, first, year, latest, len(codes)))
    return out


def coverage_by_year(
    observations: pd.DataFrame,
    ids: Sequence[str],
    codes: Sequence[str],
    tolerance: int = DEFAULT_TOLERANCE_YEARS,
    min_coverage: float = DEFAULT_MIN_COVERAGE,
) -> dict[int, int]:
    """For every year with a value of ``ids``: how many of them would enter a score there
    (values for at least ``min_coverage`` of ``codes`` within the year window)."""
    obs = observations[
        observations["indicator"].isin(list(ids))
        & observations["area_code"].astype(str).isin(list(codes))
    ]
    obs = obs[pd.to_numeric(obs["value"], errors="coerce").notna()]
    years = sorted({int(y) for y in pd.to_numeric(obs["year"], errors="coerce").dropna()})
    n = len(set(codes))
    out = {}
    for y in years:
        values, _ = build_matrix(obs, y, tolerance, list(ids), area_codes=list(codes))
        k = values.notna().sum(axis=0).to_numpy()
        out[y] = int(((k > 0) & (k >= min_coverage * n - 1e-9)).sum())
    return out


def suggest_year(
    observations: pd.DataFrame,
    ids: Sequence[str],
    codes: Sequence[str],
    tolerance: int = DEFAULT_TOLERANCE_YEARS,
    min_coverage: float = DEFAULT_MIN_COVERAGE,
) -> int | None:
    """The year where the most of ``ids`` cover the comparison set ``codes`` (the coverage
    rule of docs/METHOD.md §0); the latest such year on ties; None when no indicator covers
    it in any year."""
    counts = coverage_by_year(observations, ids, codes, tolerance, min_coverage)
    best = max(counts.values(), default=0)
    if best == 0:
        return None
    return max(y for y, c in counts.items() if c == best)


def build_spec(
    ids: Sequence[str],
    entries: Mapping[str, CatalogueEntry],
    weights: Mapping[str, float] | None = None,
    **options: Unpack[ScoreOptions],
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
            target=_target(entries[i]),
            group=group_of(entries[i]),
        )
        for i in ids
    )
    return ScoreSpec(inds, **options)


@dataclass(frozen=True)
class RegionInputs:
    """What a score of one layout is computed from: the value and year matrices (comparison
    set x scored indicators), the spec, and the candidates the default choice left out."""

    values: pd.DataFrame
    years: pd.DataFrame
    spec: ScoreSpec
    left_out: tuple[Exclusion, ...]


def region_inputs(
    observations: pd.DataFrame,
    units: pd.DataFrame,
    entries: Mapping[str, CatalogueEntry],
    year: int,
    indicators: Sequence[str] | None = None,
    weights: Mapping[str, float] | None = None,
    **options: Unpack[ScoreOptions],
) -> RegionInputs:
    """Matrices and spec for ``score_regions`` (same arguments and errors)."""
    tolerance = int(options.get("tolerance_years", DEFAULT_TOLERANCE_YEARS))
    codes = units["code"].astype(str).tolist()
    if indicators is not None:
        _check_ids(list(indicators), entries)
    candidates = list(indicators) if indicators is not None else list(entries)
    values, years = build_matrix(observations, year, tolerance, candidates, area_codes=codes)
    ids = list(indicators) if indicators is not None else default_indicators(values, entries)
    left_out: list[Exclusion] = []
    if indicators is None:
        left_out = default_exclusions(values, entries)
        # rated indicators with a direction but no value in the window: say so, with the year
        rated = [i for i, e in entries.items() if e.direction != 0 and is_rate(e)]
        rated = [i for i in rated if i not in ids]
        window = window_exclusions(observations, rated, codes, year, tolerance)
        left_out += [e for e in window if e.latest_year is not None]
    if not ids or values[ids].isna().all().all():
        which = "of " + ", ".join(ids) if ids else "with a direction"
        raise GapScoreSpecError(
            f"no indicator {which} has data for these regions in {year - tolerance}-{year}; "
            "widen --tolerance or choose another year or indicators"
        )
    why = {e.indicator: e.detail for e in left_out}
    stray = [k for k in (weights or {}) if k not in ids and k in why]
    if stray:
        raise GapScoreSpecError(
            "weight given for an indicator the default choice leaves out: "
            + "; ".join(f"{k}: {why[k]}" for k in stray)
        )
    spec = build_spec(ids, entries, weights, **options)
    return RegionInputs(values[ids], years[ids], spec, tuple(left_out))


def score_regions(
    observations: pd.DataFrame,
    units: pd.DataFrame,
    entries: Mapping[str, CatalogueEntry],
    year: int,
    indicators: Sequence[str] | None = None,
    weights: Mapping[str, float] | None = None,
    robustness: RobustnessSpec | None = None,
    name_column: str = "name_en",
    **options: Unpack[ScoreOptions],
) -> pd.DataFrame:
    """Score table (columns ``code, name`` + ``table.score_table`` columns) for one layout.

    ``observations``: tidy rows already restricted to the country, level and layout vintage.
    ``units``: the region universe (``code`` and ``name_column``); it is the comparison set.
    ``indicators``: ids to score, or None for ``default_indicators``. ``options``: ScoreSpec
    fields (``tolerance_years`` picks the year window). Raises GapScoreSpecError for unknown or
    context-only indicators, stray or impossible weights, and when nothing can be scored.
    ``attrs["exclusions"]``: every indicator left out, with its reason (``Exclusion``): the
    score's own (too few areas; outside the year window, with the latest year) and, for the
    default choice, the candidates it skipped (no direction, raw counts, outside the window).
    """
    inputs = region_inputs(observations, units, entries, year, indicators, weights, **options)
    table = score_table(inputs.values, inputs.spec, inputs.years, robustness)
    names = units.set_index(units["code"].astype(str))[name_column]
    table.insert(0, "name", names.reindex(table.index).to_numpy())
    out = table.reset_index()
    out.attrs = table.attrs
    codes = units["code"].astype(str).tolist()
    tolerance = inputs.spec.tolerance_years
    found = _explain_no_data(
        table.attrs.get("exclusions", []), observations, codes, year, tolerance
    )
    out.attrs["exclusions"] = found + list(inputs.left_out)
    return out


def _explain_no_data(
    found: list[Exclusion],
    observations: pd.DataFrame,
    codes: Sequence[str],
    year: int,
    tolerance: int,
) -> list[Exclusion]:
    """Replace "too few areas (0 of n)" by "outside the year window" with the latest year."""
    empty = [e.indicator for e in found if e.areas_with_data == 0]
    window = {
        e.indicator: e for e in window_exclusions(observations, empty, codes, year, tolerance)
    }
    return [window.get(e.indicator, e) for e in found]


def national_values(
    national_observations: pd.DataFrame, ids: Sequence[str], year: int, tolerance: int
) -> pd.Series:
    """The country's own value of each of ``ids`` (index = id, indicator unit, NaN when none)
    by the same year rule as the areas: the latest in [year - tolerance, year], the most
    authoritative on ties. ``national_observations``: the country's level-0 rows. For
    ``plane.national_reference``."""
    obs = national_observations[national_observations["indicator"].isin(list(ids))]
    chosen = latest_within(obs, year, tolerance)
    values = chosen.drop_duplicates("indicator").set_index("indicator")["value"]
    return values.reindex(list(ids)).astype(float)
