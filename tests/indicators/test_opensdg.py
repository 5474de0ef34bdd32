"""The Open SDG reader on the mirrored platform files, the mapping, the range rule, the change
report between the two Kyrgyz builds, atomic refresh and ``export --all``."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pandas as pd
import pytest

from geodata import settings
from indicators.importers.context import default_context
from indicators.opensdg import versions
from indicators.opensdg.mapping import mapping, mapping_problems
from indicators.opensdg.platforms import build_files, get_platform, platforms, registry
from indicators.opensdg.reader import read_build, read_text, resolve_territory
from indicators.plausibility import IMPLAUSIBLE, flag_implausible, implausible_mask

KGZ_OLD = "6bc26b5818ccb8d41e02d7bbdd23b00d8700495c"
KGZ_NEW = "12fc9a14b0c80a2676cc8391ec46c8b3d00aa2ed"
KAZ = "01fb7fee2a58097add2862703905338f06d45b5f"

pytestmark = pytest.mark.skipif(
    not os.environ.get("CAM_ATLAS_INDICATOR_MIRROR"), reason="needs the Open SDG mirror"
)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty data dir that shares the prepared boundary build (read only)."""
    shared = settings.data_dir()
    for name in ("raw", "build"):
        if (shared / name).exists():
            (tmp_path / name).symlink_to(shared / name)
    monkeypatch.setenv("CAM_ATLAS_DATA_DIR", str(tmp_path))
    return tmp_path


@pytest.fixture(scope="module")
def kgz() -> object:
    return read_build("kgz-nsc", KGZ_NEW)


@pytest.fixture(scope="module")
def kaz() -> object:
    return read_build("kaz-bns", KAZ)


def _csv_line(platform: str, build: str, sdg_id: str, line: int) -> list[str]:
    """The cells of one line (1 = header) of a mirrored data file."""
    text = read_text(get_platform(platform), build, f"ru/data/{sdg_id}.csv")
    return list(csv.reader(io.StringIO(text)))[line - 1]


def _one(frame: pd.DataFrame, **where: object) -> pd.Series:
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        mask &= frame[column] == value
    rows = frame[mask]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_values_equal_the_csv_text(kgz, kaz) -> None:
    """Totals carry the exact published number and point at the file row they came from."""
    cases = [
        (kgz, "kgz-nsc", KGZ_NEW, "4-2-2-1a", "preschool_attendance_1_6_pct", "KG-B", 2022),
        (kgz, "kgz-nsc", KGZ_NEW, "16-9-1", "birth_registration_u5_pct", "KG-GO", 2018),
        (kgz, "kgz-nsc", KGZ_NEW, "3-2-2", "neonatal_mortality_per_1000", "KGZ", 2007),
        (kaz, "kaz-bns", KAZ, "1-2-1", "poverty_below_subsistence_minimum_pct", "KZ-62", 2023),
        (kaz, "kaz-bns", KAZ, "3-2-1", "under5_mortality_per_1000", "KZ-75", 2019),
    ]
    for read, platform, build, sdg_id, indicator, area, year in cases:
        row = _one(read.observations, indicator=indicator, area_code=area, year=year)
        line = int(row["source_locator"].split(" row ")[1].split(",")[0])
        assert f"{platform} build {build[:7]}" in row["source_locator"]
        assert f"ru/data/{sdg_id}.csv" in row["source_locator"]
        assert row["value"] == float(_csv_line(platform, build, sdg_id, line)[-1])
        assert row["status"] == "official_table"
        assert row["source_id"] == f"opensdg-{platform}-{sdg_id}"


def test_provenance_and_layout_vintage(kgz, kaz) -> None:
    row = _one(kgz.observations, indicator="dtp3_coverage_pct", area_code="KG-N", year=2010)
    assert row["vintage"] == "2018" and row["level"] == 1
    assert "Министерство здравоохранения КР" in row["notes"]
    assert "metadata updated 2020-07-06" in row["notes"]
    sources = kgz.sources.set_index("source_id")
    assert KGZ_NEW in sources.loc["opensdg-kgz-nsc-3-b-1", "url"]
    assert sources.loc["opensdg-kgz-nsc-3-b-1", "publisher"].startswith("National Statistical")
    national = _one(kgz.observations, indicator="dtp3_coverage_pct", area_code="KGZ", year=2010)
    assert national["level"] == 0
    old = _one(
        kaz.observations,
        indicator="poverty_below_subsistence_minimum_pct",
        area_code="KZ-51",
        year=2012,
    )
    assert old["vintage"] == "pre2018" and old["area_name"] == "Южно-Казахстанская"


def test_breakdowns_are_kept_never_summed(kgz) -> None:
    parts = kgz.breakdowns
    urban = _one(parts, indicator="preschool_attendance_1_6_pct", area_code="KG-GB", year=2022)
    assert urban["breakdown"] == "Тип местности=Городская"
    assert not (
        (kgz.observations["indicator"] == "preschool_attendance_1_6_pct")
        & (kgz.observations["area_code"] == "KG-GB")
    ).any()
    # 7-17 not in school: published by sex only, so no total is made up.
    assert not (kgz.observations["indicator"] == "children_7_17_not_in_school").any()
    assert (parts["indicator"] == "children_7_17_not_in_school").sum() > 0


def test_every_territory_name_resolves() -> None:
    """Every territory cell of every pinned data file of both platforms resolves (re-based
    GeoCodes by their documented rule)."""
    context = default_context()
    failures = []
    for platform in platforms().values():
        for build in platform.builds:
            for sdg_id in build_files(platform, build, "data"):
                text = read_text(platform, build, f"ru/data/{sdg_id}.csv")
                for row in csv.DictReader(io.StringIO(text)):
                    name = (row.get(platform.territory_column) or "").strip()
                    if not name or not row.get("Year"):
                        continue
                    try:
                        resolve_territory(
                            platform,
                            name,
                            int(float(row["Year"])),
                            row.get("GeoCode", ""),
                            context,
                        )
                    except Exception as exc:
                        failures.append(f"{platform.id} {sdg_id} {name!r}: {exc}")
    assert failures == []


def test_mapping_is_valid_against_the_catalogue() -> None:
    assert mapping_problems(mapping()) == []
    assert {r.platform for r in mapping()} == set(platforms())
    assert all(len(digest) == 64 for digest in registry().values())


def test_range_rule_flags_and_excludes(kaz) -> None:
    national = kaz.observations[
        (kaz.observations["indicator"] == "ecdi_on_track_pct")
        & (kaz.observations["area_code"] == "KAZ")
    ]
    assert sorted(national["value"]) == [855.0, 861.0]
    assert implausible_mask(national).all()
    assert not implausible_mask(
        kaz.observations[kaz.observations["indicator"] == "under5_mortality_per_1000"]
    ).any()
    frame = pd.DataFrame(
        {"indicator": ["net_migration"], "value": [-50.0], "unit": ["persons"], "notes": [""]}
    )
    assert flag_implausible(frame)["notes"].iloc[0] == ""


def test_flagged_values_never_reach_maps_or_scores(kaz) -> None:
    from indicators.dataset import Dataset
    from indicators.gapscore.inputs import latest_within
    from indicators.query import national_value, series

    data = Dataset("t", "t", kaz.observations, False, "v")
    assert series(data, "ecdi_on_track_pct", ["KAZ"]).empty
    assert national_value(data, "ecdi_on_track_pct", 2010, "KAZ") is None
    assert national_value(data, "under5_mortality_per_1000", 2010, "KAZ") is not None
    chosen = latest_within(kaz.observations[kaz.observations["area_code"] == "KAZ"], 2015, 5)
    assert IMPLAUSIBLE not in " ".join(chosen["notes"])


def test_change_report_between_the_kyrgyz_builds(data_dir: Path) -> None:
    versions.store_version(read_build("kgz-nsc", KGZ_OLD))
    lines: list[str] = []
    report, number = versions.update("kgz-nsc", KGZ_NEW[:7], echo=lines.append)
    assert number == 2 and versions.current_version("kgz-nsc") == 2
    assert report.counts() == {"added": 332, "revised": 351, "withdrawn": 0}
    added_years = {key[2] for key in report.added.index}
    assert 2022 in added_years
    assert report.added.loc[("dtp3_coverage_pct", "KG-B", 2022, ""), "value"] == 95.532964
    revised = report.revised.loc[("health_workers_per_10000", "KGZ", 2010, "")]
    assert (revised["old"], revised["new"]) == (2.2, 22.425798)
    assert "  revised   health_workers_per_10000 KGZ 2010: 2.2 -> 22.4258" in lines
    assert versions.load_version("kgz-nsc", 1).manifest["build"] == KGZ_OLD


def test_failed_refresh_leaves_the_current_version(data_dir: Path) -> None:
    versions.store_version(read_build("kgz-nsc", KGZ_OLD))
    before = (data_dir / "opensdg/versions/kgz-nsc/CURRENT").read_text()

    def crash(_: Path) -> None:
        raise OSError("disk full")

    with pytest.raises(OSError):
        versions.store_version(read_build("kgz-nsc", KGZ_NEW), before_commit=crash)
    assert (data_dir / "opensdg/versions/kgz-nsc/CURRENT").read_text() == before
    assert versions.stored_versions("kgz-nsc") == [1]
    assert not [
        p
        for p in (data_dir / "opensdg/versions/kgz-nsc").iterdir()
        if p.name.startswith(".incoming")
    ]
    assert versions.ensure_current("kgz-nsc").manifest["build"] == KGZ_OLD


def test_export_all_writes_every_value(data_dir: Path) -> None:
    from dashboard.cli import main
    from indicators import dataset

    dataset._default_dataset.cache_clear()
    try:
        out = data_dir / "all.csv"
        assert main(["export", "--all", "--format", "csv", "-o", str(out)]) == 0
        table = pd.read_csv(out, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        default = dataset.load_dataset()
    finally:
        dataset._default_dataset.cache_clear()
    assert len(table) == len(default.observations) + len(default.breakdowns)
    assert len(table) >= 5000
    for column in ("publisher", "tier", "source_locator", "breakdown", "implausible"):
        assert column in table.columns
    flagged = table[table["implausible"] == "yes"]
    assert set(flagged[flagged["indicator"] == "ecdi_on_track_pct"]["value"]) >= {"861.0"}
    sdg = table[table["source_id"].str.startswith("opensdg-")]
    assert (sdg["publisher"] != "").all() and (sdg["tier"] == "official_table").all()
