"""Build the region x indicator matrix a gap score needs from tidy observations.

Year tolerance (docs/METHOD.md §D): for target year Y and tolerance k, each (area, indicator)
takes its LATEST non-missing value with year in [Y - k, Y]; never a later year, and never a
value interpolated or carried from outside the window. The year actually used is returned in a
second matrix of the same shape. When several observations share that latest year, the most
authoritative is used: status in ``indicators.model.Status`` order, then an exact qualifier
before rounded / lower-bound / approximate, then the smallest ``source_id`` (deterministic).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from indicators.gapscore.errors import GapScoreInputError
from indicators.model import Qualifier, Status
from indicators.plausibility import implausible_mask

REQUIRED = ("area_code", "indicator", "year", "value")
_STATUS_ORDER = {s.value: k for k, s in enumerate(Status)}
_QUALIFIER_ORDER = {q.value: k for k, q in enumerate(Qualifier)}


def _check_columns(obs: pd.DataFrame) -> None:
    missing = [c for c in REQUIRED if c not in obs.columns]
    if missing:
        raise GapScoreInputError(
            f"observations table lacks column(s) {', '.join(missing)}; "
            f"a gap score needs {', '.join(REQUIRED)}"
        )


def latest_within(obs: pd.DataFrame, year: int, tolerance: int) -> pd.DataFrame:
    """One row per (area_code, indicator): the chosen observation with year in [year-k, year]."""
    _check_columns(obs)
    df = obs.copy()
    df["year"] = pd.to_numeric(df["year"], errors="coerce")
    df["value"] = pd.to_numeric(df["value"], errors="coerce")
    df = df[df["value"].notna() & np.isfinite(df["value"]) & ~implausible_mask(df)]
    df = df[df["year"].between(year - tolerance, year)]
    status = df["status"] if "status" in df else pd.Series("", index=df.index)
    qualifier = df["qualifier"] if "qualifier" in df else pd.Series("", index=df.index)
    source = df["source_id"] if "source_id" in df else pd.Series("", index=df.index)
    df = df.assign(
        _status=status.map(_STATUS_ORDER).fillna(len(_STATUS_ORDER)),
        _qual=qualifier.map(_QUALIFIER_ORDER).fillna(len(_QUALIFIER_ORDER)),
        _source=source.fillna("").astype(str),
    )
    df = df.sort_values(
        ["area_code", "indicator", "year", "_status", "_qual", "_source"],
        ascending=[True, True, False, True, True, True],
        kind="stable",
    )
    chosen = df.drop_duplicates(["area_code", "indicator"], keep="first")
    return chosen.drop(columns=["_status", "_qual", "_source"])


def build_matrix(
    obs: pd.DataFrame,
    year: int,
    tolerance: int,
    indicators: Iterable[str],
    area_codes: Iterable[str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Values and years-used matrices (index ``code`` = areas, columns = indicators).

    ``area_codes`` fixes the rows (the comparison set; areas without data get NaN rows);
    when None, every area in ``obs`` (any year or indicator) is a row. Observations of other
    areas are ignored.
    Years are integers stored as floats (NaN where no value was found).
    """
    if tolerance < 0:
        raise GapScoreInputError(f"year tolerance {tolerance} must be >= 0")
    ids = list(dict.fromkeys(indicators))
    chosen = latest_within(
        obs[obs["indicator"].isin(ids)] if "indicator" in obs else obs, year, tolerance
    )
    if area_codes is None:
        area_codes = sorted(obs["area_code"].dropna().astype(str).unique())
    codes = list(dict.fromkeys(area_codes))
    index = pd.Index(codes, name="code")
    values = chosen.pivot(index="area_code", columns="indicator", values="value")
    years = chosen.pivot(index="area_code", columns="indicator", values="year")
    values = values.reindex(index=index, columns=ids).astype(float)
    years = years.reindex(index=index, columns=ids).astype(float)
    values.columns.name = years.columns.name = None
    return values, years
