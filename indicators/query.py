"""Questions the dashboard asks of a dataset: values for a map, series for a chart, years.

Picking one value per area: the latest year within ``[year - tolerance, year]``; among several
rows of that year the better status wins (``official_table`` > ``official_derived`` >
``press_reported`` > ``secondary`` > ``derived`` > ``user_import`` > ``synthetic``), then the
later period end (the fuller year-to-date figure), then an exact figure over a rounded one,
then the obs_id (so the choice is deterministic). A map only shows values published on the
boundary layout (vintage) of the requested year: a 2021 value for "Almaty region" describes a
different territory than the 2024 unit with the same code, so it is not carried forward (the
national level is exempt: the country's territory does not change).
"""

from __future__ import annotations

import pandas as pd

from geodata.vintages import vintage_for_year
from indicators import model
from indicators.dataset import Dataset
from indicators.plausibility import implausible_mask
from indicators.sources import Source

MAP_COLUMNS: tuple[str, ...] = (
    "code",
    "value",
    "year_used",
    "period_start",
    "period_end",
    "qualifier",
    "unit",
    "status",
    "source_id",
    "source_title",
    "tier",
    "notes",
    "ci_low",
    "ci_high",
    "obs_id",
    "area_name",
    "vintage",
)
SERIES_COLUMNS: tuple[str, ...] = (
    "code",
    "year",
    "value",
    "period_start",
    "period_end",
    "qualifier",
    "unit",
    "status",
    "source_id",
    "notes",
    "obs_id",
    "vintage",
)
_QUALIFIER_ORDER = {q.value: i for i, q in enumerate(model.Qualifier)}


def _best_first(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows sorted so that the preferred row of each (area, year) comes first."""
    ranked = rows.assign(
        _status=rows["status"].map(model.status_rank),
        _qual=rows["qualifier"].map(lambda q: _QUALIFIER_ORDER.get(q, len(_QUALIFIER_ORDER))),
    )
    ranked = ranked.sort_values(
        ["area_code", "year", "_status", "period_end", "_qual", "obs_id"],
        ascending=[True, False, True, False, True, True],
        kind="mergesort",
    )
    return ranked.drop(columns=["_status", "_qual"])


def _select(
    dataset: Dataset, indicator: str, country: str | None = None, level: int | None = None
) -> pd.DataFrame:
    """Rows of one indicator (optionally one country and level) that have a year; values
    flagged implausible (``indicators.plausibility``) never reach a map or a series."""
    obs = dataset.observations
    mask = (obs["indicator"] == indicator) & obs["year"].notna() & ~implausible_mask(obs)
    if country is not None:
        mask &= obs["country"] == country
    if level is not None:
        mask &= obs["level"] == int(level)
    return obs[mask]


def _source_fields(dataset: Dataset, source_id: str, status: str) -> tuple[str, str]:
    """(title, tier) of a source; the tier falls back to the row status for unknown sources."""
    src: Source | None = dataset.sources.get(source_id)
    if src is None:
        return "", status
    return src.title, src.tier


def map_values(
    dataset: Dataset,
    indicator: str,
    year: int,
    country: str,
    level: int,
    tolerance: int = 0,
    areas: list[str] | None = None,
) -> pd.DataFrame:
    """One row per area with a value for the map (``MAP_COLUMNS``), sorted by code.

    ``year_used`` is the latest year in ``[year - tolerance, year]`` with a value for that area;
    only rows on the boundary layout of ``year`` (or with no vintage) count. ``areas`` limits
    the result to these codes. Areas without a value have no row.
    """
    rows = _select(dataset, indicator, country, level)
    rows = rows[(rows["year"] <= int(year)) & (rows["year"] >= int(year) - int(tolerance))]
    if int(level) > 0:  # the national territory does not change with the layout
        layout = vintage_for_year(country, level, year)
        rows = rows[(rows["vintage"] == layout) | (rows["vintage"] == "")]
    if areas is not None:
        rows = rows[rows["area_code"].isin(list(areas))]
    best = _best_first(rows).drop_duplicates("area_code", keep="first")
    titles_tiers = [
        _source_fields(dataset, s, st)
        for s, st in zip(best["source_id"], best["status"], strict=True)
    ]
    out = pd.DataFrame(
        {
            "code": best["area_code"].to_numpy(),
            "value": best["value"].to_numpy(),
            "year_used": best["year"].astype("Int64").to_numpy(),
            "period_start": best["period_start"].to_numpy(),
            "period_end": best["period_end"].to_numpy(),
            "qualifier": best["qualifier"].to_numpy(),
            "unit": best["unit"].to_numpy(),
            "status": best["status"].to_numpy(),
            "source_id": best["source_id"].to_numpy(),
            "source_title": [t for t, _ in titles_tiers],
            "tier": [tier for _, tier in titles_tiers],
            "notes": best["notes"].to_numpy(),
            "ci_low": best["ci_low"].to_numpy(),
            "ci_high": best["ci_high"].to_numpy(),
            "obs_id": best["obs_id"].to_numpy(),
            "area_name": best["area_name"].to_numpy(),
            "vintage": best["vintage"].to_numpy(),
        },
        columns=list(MAP_COLUMNS),
    )
    return out.sort_values("code", kind="mergesort").reset_index(drop=True)


def series(
    dataset: Dataset, indicator: str, codes: list[str], keep_all: bool = False
) -> pd.DataFrame:
    """Tidy rows for trend charts (``SERIES_COLUMNS``), sorted by code and year.

    One row per code and year (the preferred row, as for maps) unless ``keep_all``. Values
    without a known year are left out: they cannot be placed on a time axis. ``vintage`` tells
    where a region's territory changed (KZ-19 before and after 2022): break the line there.
    """
    rows = _select(dataset, indicator)
    rows = rows[rows["area_code"].isin(list(codes))]
    if not keep_all:
        rows = _best_first(rows).drop_duplicates(["area_code", "year"], keep="first")
    out = rows.rename(columns={"area_code": "code"})[list(SERIES_COLUMNS)]
    return out.sort_values(["code", "year", "period_end"], kind="mergesort").reset_index(drop=True)


def years(dataset: Dataset, indicator: str, country: str, level: int) -> list[int]:
    """Sorted distinct years with at least one value of ``indicator`` at this country and level."""
    rows = _select(dataset, indicator, country, level)
    return sorted(int(y) for y in rows["year"].dropna().unique())


def national_value(
    dataset: Dataset, indicator: str, year: int, country: str, tolerance: int = 0
) -> dict | None:
    """The level-0 (national) row for the reference line, as a dict of ``MAP_COLUMNS``, or None."""
    found = map_values(dataset, indicator, year, country, 0, tolerance=tolerance)
    return None if found.empty else found.iloc[0].to_dict()


def vintage_summary(df: pd.DataFrame, year: int | None = None) -> dict[int, int]:
    """How many areas show each year, newest first: e.g. ``{2021: 7, 2019: 2}``.

    ``df`` is a ``map_values`` result; ``year`` (the requested year) is accepted for symmetry
    with the map note and does not filter.
    """
    counts = df["year_used"].dropna().astype(int).value_counts()
    return {int(y): int(n) for y, n in sorted(counts.items(), reverse=True)}
