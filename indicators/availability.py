"""Which indicator has a value for which area in which year, and how complete each year is.

The area universe comes from ``geodata.layers.units`` for the boundary layout of each year
(``geodata.vintages.vintage_for_year``), so areas without a value appear as missing rather
than disappearing. Values published on another layout than the year's (e.g. a 2021 value
on the 2018 layout when the universe is 2024) do not count for that year's layout.
"""

from __future__ import annotations

import pandas as pd

from geodata.vintages import vintage_for_year
from indicators import model
from indicators.dataset import Dataset

MATRIX_COLUMNS: tuple[str, ...] = (
    "indicator",
    "code",
    "year",
    "vintage",
    "has_value",
    "status",
    "value",
    "qualifier",
)
COVERAGE_COLUMNS: tuple[str, ...] = (
    "indicator",
    "year",
    "areas_with_value",
    "areas_total",
    "share",
)


def _universe(country: str, level: int, year: int) -> tuple[str, list[str]]:
    """(layout vintage, sorted area codes) of a country and level for ``year``."""
    from geodata.layers import units

    vintage = vintage_for_year(country, level, year)
    if level == 0:
        return vintage, [country]
    return vintage, sorted(units(country, level, vintage)["code"])


def _best_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per (indicator, area, year): the best status, then the latest period end."""
    ranked = rows.assign(_rank=rows["status"].map(model.status_rank))
    ranked = ranked.sort_values(
        ["indicator", "area_code", "year", "_rank", "period_end", "obs_id"],
        ascending=[True, True, True, True, False, True],
        kind="mergesort",
    )
    return ranked.drop_duplicates(["indicator", "area_code", "year"]).drop(columns="_rank")


def matrix(
    dataset: Dataset, country: str, level: int, indicators: list[str] | None = None
) -> pd.DataFrame:
    """Tidy indicator x area x year table (``MATRIX_COLUMNS``).

    Years are those with at least one value of the indicator at this country and level; for
    each such year every area of that year's layout gets a row, ``has_value`` False (and
    empty status) when it has no value. Sorted by indicator, year, code.
    """
    obs = dataset.observations
    rows = obs[(obs["country"] == country) & (obs["level"] == int(level)) & obs["year"].notna()]
    if indicators is not None:
        rows = rows[rows["indicator"].isin(list(indicators))]
    best = _best_rows(rows).set_index(["indicator", "area_code", "year", "vintage"])
    parts = []
    for (indicator, year), _ in rows.groupby(["indicator", "year"]):
        vintage, codes = _universe(country, level, int(year))
        grid = pd.DataFrame(
            {"indicator": indicator, "code": codes, "year": int(year), "vintage": vintage}
        )
        parts.append(grid)
    if not parts:
        return pd.DataFrame(columns=list(MATRIX_COLUMNS))
    grid = pd.concat(parts, ignore_index=True)
    keys = pd.MultiIndex.from_frame(grid[["indicator", "code", "year", "vintage"]])
    found = best.reindex(keys)
    grid["has_value"] = found["value"].notna().to_numpy()
    grid["status"] = found["status"].fillna("").to_numpy()
    grid["value"] = found["value"].to_numpy()
    grid["qualifier"] = found["qualifier"].fillna("").to_numpy()
    grid = grid.sort_values(["indicator", "year", "code"], kind="mergesort")
    return grid[list(MATRIX_COLUMNS)].reset_index(drop=True)


def coverage(table: pd.DataFrame) -> pd.DataFrame:
    """Per indicator and year: areas with a value, areas in the layout, and their share (0-1)."""
    if table.empty:
        return pd.DataFrame(columns=list(COVERAGE_COLUMNS))
    grouped = table.groupby(["indicator", "year"], sort=True)["has_value"]
    out = grouped.agg(areas_with_value="sum", areas_total="size").reset_index()
    out["areas_with_value"] = out["areas_with_value"].astype(int)
    out["share"] = out["areas_with_value"] / out["areas_total"]
    return out[list(COVERAGE_COLUMNS)]


def complete_years(table: pd.DataFrame, indicator: str) -> list[int]:
    """Years in which every area of the layout has a value of ``indicator`` (gap-score rule)."""
    cov = coverage(table)
    full = cov[(cov["indicator"] == indicator) & (cov["share"] == 1.0)]
    return sorted(int(y) for y in full["year"])
