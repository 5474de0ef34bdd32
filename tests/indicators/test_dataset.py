"""The default dataset: every row in the catalogue, cited, coded in the right layout, valid."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
os.environ.setdefault("CAM_ATLAS_DATA_MIRROR", str(REPO.parent / "shared" / "geodata-sources"))
os.environ.setdefault("CAM_ATLAS_DATA_DIR", str(REPO / ".data"))

from geodata.errors import UserFacingError  # noqa: E402
from indicators import dataset as ds  # noqa: E402
from indicators.catalogue import catalogue  # noqa: E402
from indicators.model import OBSERVATION_COLUMNS, validate_observations  # noqa: E402
from indicators.sources import TIERS, sources  # noqa: E402


@pytest.fixture(scope="module")
def default() -> ds.Dataset:
    return ds.load_dataset("default")


def test_default_is_real_and_cached(default):
    assert default.name == "default" and not default.synthetic
    assert "synthetic" not in set(default.observations["status"])
    assert ds.load_dataset() is default
    assert list(default.observations.columns) == list(OBSERVATION_COLUMNS)


def test_every_row_passes_the_schema_check(default):
    # The dataset's sources: the committed registry plus the SDG platforms' (indicators.opensdg).
    assert set(sources()) <= set(default.sources)
    assert validate_observations(default.observations, source_ids=set(default.sources)) == []


def test_indicators_and_sources_resolve(default):
    obs = default.observations
    assert set(obs["indicator"]) <= set(catalogue())
    published = obs[obs["status"] != "derived"]
    cited = default.sources
    assert set(published["source_id"]) <= set(cited)
    assert {s.tier for s in cited.values()} <= set(TIERS)
    assert (published["status"] == published["source_id"].map(lambda s: cited[s].tier)).all()


def test_codes_exist_in_the_layout_of_their_vintage(default):
    from geodata.layers import units

    obs = default.observations
    for (country, level, vintage), rows in obs[obs["level"] > 0].groupby(
        ["country", "level", "vintage"]
    ):
        known = set(units(country, int(level), vintage)["code"])
        assert set(rows["area_code"]) <= known, (country, level, vintage)
    national = obs[obs["level"] == 0]
    assert set(national["area_code"]) == {"KAZ", "KGZ"}


def test_regions_without_a_value_have_no_row(default):
    obs = default.observations
    assert obs["value"].notna().all()
    left_behind = obs[(obs["indicator"] == "left_behind_any_parent_pct") & (obs["level"] == 1)]
    assert sorted(left_behind["area_code"]) == ["KG-B", "KG-J", "KG-O"]


def test_validation_reports_file_row_and_column():
    bad = ds.load_dataset().observations.head(3).copy()
    bad.loc[1, "indicator"] = "no_such_indicator"
    bad.loc[2, "value"] = float("nan")
    problems = [str(p) for p in validate_observations(bad, file="mine.csv")]
    assert "mine.csv:3: indicator: 'no_such_indicator' is not in the catalogue" in problems
    assert any(p.startswith("mine.csv:4: value:") for p in problems)


def test_unknown_dataset_lists_the_available_ones():
    with pytest.raises(UserFacingError, match="default, demo-synthetic"):
        ds.load_dataset("no-such-dataset")


def test_committed_files_are_utf8_and_sorted():
    text = ds.OBSERVATIONS_PATH.read_text(encoding="utf-8")
    assert "Қазақстан" in text and "\r" not in text
    obs = ds.read_observations(ds.OBSERVATIONS_PATH)
    keys = obs[["country", "level", "area_code", "indicator"]].astype(str).agg("|".join, axis=1)
    assert list(keys) == sorted(keys)


def test_a_store_that_cannot_be_listed_is_logged_and_reported(monkeypatch, caplog):
    """A broken store neither hides the built-in datasets nor vanishes silently."""
    from indicators import dataset, store

    def broken(self):
        raise PermissionError("datasets/ is not readable")

    monkeypatch.setattr(store.DatasetStore, "names", broken)
    names, problem = dataset.stored_names()
    assert names == [] and problem == "PermissionError: datasets/ is not readable"
    assert "cannot list the dataset store" in caplog.text
    assert dataset.available_datasets()[:2] == ["default", "demo-synthetic"]
