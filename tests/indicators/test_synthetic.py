"""The synthetic demo: deterministic, district level, flagged synthetic everywhere, opt-in."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
os.environ.setdefault("CAM_ATLAS_DATA_MIRROR", str(REPO.parent / "shared" / "geodata-sources"))
os.environ.setdefault("CAM_ATLAS_DATA_DIR", str(REPO / ".data"))

import pandas as pd  # noqa: E402

from indicators import synthetic  # noqa: E402
from indicators.dataset import available_datasets, load_dataset  # noqa: E402
from indicators.model import validate_observations  # noqa: E402


def test_flagged_synthetic_everywhere():
    data = load_dataset("demo-synthetic")
    obs = data.observations
    assert data.synthetic and data.title.startswith("SYNTHETIC DEMO")
    assert "SYNTHETIC" in data.description
    assert (obs["status"] == "synthetic").all()
    assert obs["notes"].str.startswith("SYNTHETIC").all()
    assert set(obs["source_id"]) == {synthetic.SOURCE_ID}
    assert "SYNTHETIC" in data.sources[synthetic.SOURCE_ID].title


def test_never_the_default():
    assert available_datasets()[0] == "default"
    default = load_dataset()
    assert not default.synthetic and "synthetic" not in set(default.observations["status"])


def test_deterministic():
    first = synthetic.demo_dataset().observations
    synthetic.demo_dataset.cache_clear()
    again = synthetic.demo_dataset().observations
    pd.testing.assert_frame_equal(first, again)


def test_covers_every_district_with_some_gaps():
    from geodata.layers import units

    obs = load_dataset("demo-synthetic").observations
    for country, count in (("KAZ", 224), ("KGZ", 55)):
        districts = obs[(obs["country"] == country) & (obs["level"] == 2)]
        assert set(districts["area_code"]) == set(units(country, 2)["code"])
        expected = count * len(synthetic.YEARS) * len(synthetic.SPECS)
        assert 0.9 * expected < len(districts) < expected


def test_valid_and_region_values_are_district_means():
    obs = load_dataset("demo-synthetic").observations
    assert validate_observations(obs, source_ids={synthetic.SOURCE_ID}) == []
    year, ind = 2021, "extreme_poverty_pct"
    rows = obs[(obs["year"] == year) & (obs["indicator"] == ind) & (obs["country"] == "KGZ")]
    from geodata.layers import units

    parent = dict(zip(units("KGZ", 2)["code"], units("KGZ", 2)["parent_code"], strict=True))
    districts = rows[rows["level"] == 2].assign(parent=lambda d: d["area_code"].map(parent))
    means = districts.groupby("parent")["value"].mean()
    regions = rows[rows["level"] == 1].set_index("area_code")["value"]
    pd.testing.assert_series_equal(
        regions.sort_index(), means.sort_index(), check_names=False, atol=0.051
    )
