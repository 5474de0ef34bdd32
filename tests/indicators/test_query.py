"""Map values, series and years: one value per area, latest in tolerance, best status first."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[2]
os.environ.setdefault("CAM_ATLAS_DATA_MIRROR", str(REPO.parent / "shared" / "geodata-sources"))
os.environ.setdefault("CAM_ATLAS_DATA_DIR", str(REPO / ".data"))

from indicators import query  # noqa: E402
from indicators.dataset import Dataset, load_dataset  # noqa: E402
from indicators.model import coerce_observations, make_obs_id  # noqa: E402


def _obs(code, year, value, status="official_table", vintage="2018", end=None, **extra):
    end = end or f"{year}-12-31"
    row = {"country": "KGZ", "level": 1, "area_code": code, "area_name": code,
           "vintage": vintage, "indicator": "extreme_poverty_pct",
           "period_start": f"{year}-01-01", "period_end": end, "year": year, "value": value,
           "qualifier": "exact", "unit": "percent", "status": status, "source_id": "",
           "source_locator": "", "derived_from": "", "notes": ""}  # fmt: skip
    row.update(extra)
    row["obs_id"] = make_obs_id(code, year, value, status, end)
    return row


def _dataset(rows) -> Dataset:
    return Dataset("t", "test", coerce_observations(pd.DataFrame(rows)), False, "1")


def test_latest_year_within_tolerance_per_area():
    data = _dataset([_obs("KG-B", 2019, 5.0), _obs("KG-B", 2021, 6.0), _obs("KG-C", 2018, 4.0)])
    out = query.map_values(data, "extreme_poverty_pct", 2021, "KGZ", 1, tolerance=2)
    assert out[["code", "value", "year_used"]].values.tolist() == [["KG-B", 6.0, 2021]]
    out = query.map_values(data, "extreme_poverty_pct", 2021, "KGZ", 1, tolerance=3)
    assert dict(zip(out["code"], out["year_used"], strict=True)) == {"KG-B": 2021, "KG-C": 2018}
    assert query.vintage_summary(out, 2021) == {2021: 1, 2018: 1}
    assert query.map_values(data, "extreme_poverty_pct", 2020, "KGZ", 1).empty


def test_better_status_then_fuller_period_wins():
    data = _dataset([
        _obs("KG-B", 2021, 7.0, status="press_reported"),
        _obs("KG-B", 2021, 6.0, status="official_table"),
        _obs("KG-C", 2021, 1.0, status="press_reported", end="2021-03-31"),
        _obs("KG-C", 2021, 2.0, status="press_reported", end="2021-06-30"),
    ])  # fmt: skip
    out = query.map_values(data, "extreme_poverty_pct", 2021, "KGZ", 1)
    assert dict(zip(out["code"], out["value"], strict=True)) == {"KG-B": 6.0, "KG-C": 2.0}


def test_values_of_another_layout_are_not_carried_onto_the_map():
    rows = [_obs("KZ-19", 2021, 10.0, vintage="2018", country="KAZ"),
            _obs("KZ-19", 2023, 12.0, vintage="2024", country="KAZ")]  # fmt: skip
    data = _dataset(rows)
    out = query.map_values(data, "extreme_poverty_pct", 2022, "KAZ", 1, tolerance=1)
    assert out.empty  # 2021 Almaty region (with Jetisu) is not the 2022 unit of the same code
    out = query.map_values(data, "extreme_poverty_pct", 2023, "KAZ", 1, tolerance=5)
    assert out["value"].tolist() == [12.0]


def test_areas_filter_and_series():
    rows = [_obs("KG-B", 2019, 5.0), _obs("KG-B", 2021, 6.0), _obs("KG-C", 2021, 4.0)]
    data = _dataset([*rows, _obs("KG-B", 2021, 9.0, status="secondary")])
    out = query.map_values(data, "extreme_poverty_pct", 2021, "KGZ", 1, areas=["KG-C"])
    assert out["code"].tolist() == ["KG-C"]
    s = query.series(data, "extreme_poverty_pct", ["KG-B"])
    assert s[["year", "value"]].values.tolist() == [[2019, 5.0], [2021, 6.0]]
    assert len(query.series(data, "extreme_poverty_pct", ["KG-B"], keep_all=True)) == 3
    assert query.years(data, "extreme_poverty_pct", "KGZ", 1) == [2019, 2021]


def test_real_left_behind_map_and_national_line():
    data = load_dataset()
    out = query.map_values(data, "left_behind_any_parent_pct", 2018, "KGZ", 1)
    assert dict(zip(out["code"], out["value"], strict=True)) == {
        "KG-B": 14.0, "KG-J": 18.0, "KG-O": 18.0
    }  # fmt: skip
    assert set(out["tier"]) == {"press_reported"} and out["source_title"].str.contains("MICS").all()
    national = query.national_value(data, "left_behind_any_parent_pct", 2018, "KGZ")
    assert national["value"] == 12.0 and national["code"] == "KGZ"
    assert query.national_value(data, "left_behind_any_parent_pct", 2016, "KGZ") is None


def test_official_table_preferred_over_press_quote():
    data = load_dataset()
    national = query.national_value(data, "population_total", 2023, "KAZ")
    assert national["value"] == 19766807 and national["status"] == "official_table"


def test_map_columns_are_the_contract():
    out = query.map_values(load_dataset(), "extreme_poverty_pct", 2021, "KGZ", 1)
    assert tuple(out.columns) == query.MAP_COLUMNS and len(out) == 9
    assert out["year_used"].tolist() == [2021] * 9


@pytest.mark.parametrize("level", [0, 1, 2])
def test_unknown_indicator_gives_an_empty_map(level):
    assert query.map_values(load_dataset(), "nothing_here", 2020, "KGZ", level).empty


def test_national_values_carry_across_layouts():
    data = load_dataset()
    # KAZ 2021 emigrants were resolved on the 2018 layout; the country is the same in 2023.
    found = query.national_value(data, "international_emigrants", 2021, "KAZ")
    assert found["value"] == 32256
    found = query.map_values(data, "child_share_0_15_pct", 2022, "KAZ", 0, tolerance=2)
    assert found[["value", "year_used", "vintage"]].values.tolist() == [[29.4, 2021, "2018"]]
    s = query.series(data, "population_total", ["KZ-19"])
    assert set(s[s["year"] <= 2021]["vintage"]) <= {"2018", "pre2018"}
    assert set(s[s["year"] >= 2022]["vintage"]) == {"2024"}
