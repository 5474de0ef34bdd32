"""The availability matrix covers every area of each year's layout; coverage counts them."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
os.environ.setdefault("CAM_ATLAS_DATA_MIRROR", str(REPO.parent / "shared" / "geodata-sources"))
os.environ.setdefault("CAM_ATLAS_DATA_DIR", str(REPO / ".data"))

from indicators import availability as av  # noqa: E402
from indicators.dataset import load_dataset  # noqa: E402


def test_missing_areas_show_as_missing():
    table = av.matrix(load_dataset(), "KGZ", 1, ["left_behind_any_parent_pct"])
    year = table[table["year"] == 2018]
    assert len(year) == 9
    assert sorted(year[year["has_value"]]["code"]) == ["KG-B", "KG-J", "KG-O"]
    assert (year[~year["has_value"]]["status"] == "").all()
    assert tuple(table.columns) == av.MATRIX_COLUMNS


def test_coverage_and_complete_years():
    table = av.matrix(load_dataset(), "KGZ", 1)
    cov = av.coverage(table).set_index(["indicator", "year"])
    assert cov.loc[("extreme_poverty_pct", 2021), "share"] == 1.0
    assert cov.loc[("left_behind_any_parent_pct", 2018), "areas_with_value"] == 3
    # The NSC SDG platform adds every region for 2010-2022 (2010-2012 lack Osh city).
    assert {2013, 2021, 2022} <= set(av.complete_years(table, "extreme_poverty_pct"))
    assert av.complete_years(table, "left_behind_any_parent_pct") == []


def test_universe_follows_the_layout_of_the_year():
    table = av.matrix(load_dataset(), "KAZ", 1, ["population_total"])
    sizes = table.groupby("year")["code"].nunique()
    assert sizes[2010] == 16 and sizes[2020] == 17 and sizes[2023] == 20
    assert table["has_value"].all()  # BNS covers every region of every year


def test_district_matrix_of_the_synthetic_demo():
    table = av.matrix(load_dataset("demo-synthetic"), "KGZ", 2, ["extreme_poverty_pct"])
    assert table.groupby("year")["code"].nunique().eq(55).all()
    assert 0.85 < table["has_value"].mean() < 1.0
