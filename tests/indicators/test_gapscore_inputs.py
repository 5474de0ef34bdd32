"""Tidy observations -> value and years-used matrices with a year tolerance."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from indicators.gapscore.errors import GapScoreInputError
from indicators.gapscore.inputs import build_matrix

NAN = math.nan


def obs(*rows: tuple) -> pd.DataFrame:
    cols = ["area_code", "indicator", "year", "value", "status", "qualifier", "source_id"]
    return pd.DataFrame(
        [r + ("official_table", "exact", "s1")[len(r) - 4 :] for r in rows], columns=cols
    )


def test_latest_value_within_tolerance_and_its_year() -> None:
    table = obs(
        ("A", "enrol", 2018, 70.0),
        ("A", "enrol", 2020, 75.0),
        ("A", "enrol", 2023, 99.0),  # after the target year: never used
        ("B", "enrol", 2016, 50.0),  # older than Y - k
        ("B", "lbc", 2022, 12.0),
    )
    values, years = build_matrix(table, year=2022, tolerance=3, indicators=["enrol", "lbc"])
    assert values.loc["A", "enrol"] == 75.0 and years.loc["A", "enrol"] == 2020
    assert math.isnan(values.loc["B", "enrol"]) and math.isnan(years.loc["B", "enrol"])
    assert values.loc["B", "lbc"] == 12.0 and years.loc["B", "lbc"] == 2022


def test_zero_tolerance_takes_only_the_target_year() -> None:
    table = obs(("A", "enrol", 2021, 70.0), ("B", "enrol", 2022, 80.0))
    values, _ = build_matrix(table, year=2022, tolerance=0, indicators=["enrol"])
    assert math.isnan(values.loc["A", "enrol"]) and values.loc["B", "enrol"] == 80.0


def test_missing_value_in_latest_year_falls_back_to_an_earlier_real_value() -> None:
    table = obs(("A", "enrol", 2022, NAN), ("A", "enrol", 2021, 70.0))
    values, years = build_matrix(table, year=2022, tolerance=2, indicators=["enrol"])
    assert values.loc["A", "enrol"] == 70.0 and years.loc["A", "enrol"] == 2021


def test_same_year_prefers_official_then_exact() -> None:
    table = obs(
        ("A", "enrol", 2022, 60.0, "press_reported", "exact", "news"),
        ("A", "enrol", 2022, 61.0, "official_table", "rounded", "nsc"),
        ("A", "enrol", 2022, 62.0, "official_table", "exact", "nsc"),
    )
    values, _ = build_matrix(table, year=2022, tolerance=0, indicators=["enrol"])
    assert values.loc["A", "enrol"] == 62.0


def test_area_universe_fixes_rows_and_keeps_areas_without_data() -> None:
    table = obs(("A", "enrol", 2022, 60.0), ("Z", "enrol", 2022, 1.0))
    values, years = build_matrix(
        table, year=2022, tolerance=0, indicators=["enrol", "lbc"], area_codes=["A", "B"]
    )
    assert list(values.index) == ["A", "B"] and list(values.columns) == ["enrol", "lbc"]
    assert values.isna().to_numpy().sum() == 3
    assert years.shape == values.shape


def test_missing_columns_are_reported() -> None:
    with pytest.raises(GapScoreInputError, match="value"):
        build_matrix(pd.DataFrame({"area_code": [], "indicator": [], "year": []}), 2022, 0, ["a"])
