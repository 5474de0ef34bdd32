"""Derived indicators: inputs listed, values reproducible by hand, nothing invented."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[2]
os.environ.setdefault("CAM_ATLAS_DATA_MIRROR", str(REPO.parent / "shared" / "geodata-sources"))
os.environ.setdefault("CAM_ATLAS_DATA_DIR", str(REPO / ".data"))

from indicators import derived  # noqa: E402
from indicators.dataset import (  # noqa: E402
    OTHER_BREAKDOWNS_PATH,
    load_dataset,
    read_observations,
)
from indicators.model import coerce_observations  # noqa: E402


@pytest.fixture(scope="module")
def obs() -> pd.DataFrame:
    return load_dataset().observations


@pytest.fixture(scope="module")
def by_id(obs) -> pd.DataFrame:
    other = read_observations(OTHER_BREAKDOWNS_PATH)
    return pd.concat([obs, other[obs.columns]], ignore_index=True).set_index("obs_id")


def _inputs(row, by_id) -> pd.DataFrame:
    return by_id.loc[row["derived_from"].split(";")]


def test_every_derived_row_lists_existing_inputs(obs, by_id):
    rows = obs[obs["status"] == "derived"]
    assert len(rows) > 0
    for _, row in rows.iterrows():
        inputs = row["derived_from"].split(";")
        assert len(inputs) >= 2 and set(inputs) <= set(by_id.index), row["obs_id"]
        assert row["source_id"] == "" and row["notes"]


def test_children_and_child_share_recompute(obs, by_id):
    derived_rows = obs[obs["status"] == "derived"]
    for _, row in derived_rows[derived_rows["indicator"] == "child_share_0_15_pct"].iterrows():
        parts = _inputs(row, by_id).set_index("indicator")["value"]
        expected = (
            (parts["population_male_0_15"] + parts["population_female_0_15"])
            / parts["population_total"]
            * 100
        )
        assert row["value"] == pytest.approx(expected)
        assert "0-15" in row["notes"]
    kaz = obs[(obs["indicator"] == "population_children_0_15") & (obs["area_code"] == "KAZ")]
    assert kaz[kaz["year"] == 2020]["value"].tolist() == [5636761.0]


def test_rates_recompute_with_a_matching_denominator(obs, by_id):
    per = {spec.result: spec for spec in derived.RATES}
    rates = obs[obs["indicator"].isin(per) & (obs["status"] == "derived")]
    assert set(rates["indicator"]) >= {"measles_cases_per_10000", "emigration_rate_per_1000"}
    for _, row in rates.iterrows():
        spec = per[row["indicator"]]
        parts = _inputs(row, by_id).set_index("indicator")
        num, den = parts.loc[spec.numerator], parts.loc[spec.denominator]
        assert row["value"] == pytest.approx(num["value"] / den["value"] * spec.per)
        assert den["area_code"] == row["area_code"] and den["vintage"] == row["vintage"]
        assert abs(int(den["year"]) - int(row["year"])) <= spec.max_year_gap


def test_measles_rate_only_where_a_population_exists(obs):
    rate = obs[(obs["indicator"] == "measles_cases_per_10000") & (obs["year"] == 2023)]
    # Every region with a 2022-2024 population: Bishkek and Osh city through NSC op825's
    # start-of-2024 figures on the old boundaries (their 2025-2026 figures are post-reform).
    assert set(rate[rate["level"] == 1]["area_code"]) == {
        "KG-B", "KG-C", "KG-J", "KG-N", "KG-O", "KG-T", "KG-Y", "KG-GB", "KG-GO"
    }  # fmt: skip
    osh = rate[rate["area_code"] == "KG-O"]["value"].iloc[0]
    assert osh == pytest.approx(654 / 1460425 * 10000)
    national_2024 = obs[(obs["indicator"] == "measles_cases_per_10000") & (obs["year"] == 2024)]
    # the 2024 national population now exists (NSC op825): each rate names its two inputs
    assert (national_2024["derived_from"].str.count(";") == 1).all()


def test_census_totals_only_where_the_polygons_compose_the_oblast(obs, by_id):
    totals = obs[(obs["indicator"] == "population_total") & (obs["status"] == "derived")]
    assert set(totals["area_code"]) == {"KG-B", "KG-J", "KG-N", "KG-T", "KG-Y", "KGZ"}
    # Chui is merged with Bishkek (Alamudun polygon), Osh oblast with Osh city (Kara-Suu).
    assert not set(totals["area_code"]) & {"KG-C", "KG-O", "KG-GB", "KG-GO"}
    for _, row in totals.iterrows():
        assert row["value"] == _inputs(row, by_id)["value"].sum()
    assert totals[totals["area_code"] == "KGZ"]["value"].iloc[0] == 6936156
    naryn = _inputs(totals[totals["area_code"] == "KG-N"].iloc[0], by_id)
    # Toguz-Toro is in Jalal-Abad oblast in the census, although its polygon lies in Naryn.
    assert "Toguz-Toro" not in set(naryn["area_name"])


def test_rounded_inputs_make_an_approximate_result():
    assert derived.combined_qualifier("exact", "exact") == "exact"
    assert derived.combined_qualifier("exact", "rounded") == "approximate"
    assert derived.combined_qualifier("lower_bound", "exact") == "lower_bound"
    assert derived.combined_qualifier("lower_bound", "rounded") == "approximate"


def _row(**fields) -> dict:
    base = {"country": "KGZ", "level": 1, "area_code": "KG-B", "area_name": "x",
            "vintage": "2018", "period_start": "2021-01-01", "period_end": "2021-12-31",
            "year": 2021, "qualifier": "exact", "status": "official_table", "source_id": "s",
            "derived_from": "", "notes": "", "unit": ""}  # fmt: skip
    return {**base, **fields}


def test_rate_per_1000_children_needs_a_matching_denominator():
    spec = next(s for s in derived.RATES if s.denominator == "population_children")
    rows = coerce_observations(pd.DataFrame([
        _row(obs_id="a", indicator=spec.numerator, value=500.0),
        _row(obs_id="b", indicator="population_children", value=200000.0),
        _row(obs_id="c", indicator=spec.numerator, value=700.0, year=2019,
             period_start="2019-01-01", period_end="2019-12-31"),
    ]))  # fmt: skip
    out = derived.rates(rows, spec)
    assert out["value"].tolist() == [pytest.approx(2.5)]
    assert out["derived_from"].tolist() == ["a;b"]
