"""The transcription recipe: periods, qualifiers, sources, and the committed files it writes."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared" / "indicator-sources"
os.environ.setdefault("CAM_ATLAS_DATA_MIRROR", str(REPO.parent / "shared" / "geodata-sources"))
os.environ.setdefault("CAM_ATLAS_DATA_DIR", str(REPO / ".data"))

from indicators import transcribe as tr  # noqa: E402
from indicators.dataset import read_observations  # noqa: E402

needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is not available")


@pytest.mark.parametrize(
    ("unit", "notes", "indicator", "year", "expected"),
    [
        ("live births (Jan-Jul 2020)", "", "births_registered_jan_jul", 2020,
         ("2020-01-01", "2020-07-31")),
        ("persons (as of 1 Jan 2024)", "", "children_0_17_number", 2024,
         ("2024-01-01", "2024-01-01")),
        ("persons (permanent population, census 25 Mar 2022)", "", "population_census", 2022,
         ("2022-03-25", "2022-03-25")),
        ("persons (1 Jan - 1 Mar 2023)", "", "kandas_status_granted_ytd", 2023,
         ("2023-01-01", "2023-03-01")),
        ("cases (since start of 2023, as of ~Sep 2023)", "", "measles_cases_reported_ytd", 2023,
         ("2023-01-01", "2023-09-30")),
        ("persons", "population at beginning of year (человек, на начало года)",
         "population_total", 2010, ("2010-01-01", "2010-01-01")),
        ("persons", "as of 1 Apr 2022; permit-based", "foreign_workers_with_local_permits", 2022,
         ("2022-04-01", "2022-04-01")),
        ("persons", "published as \"130 тыс.\"", "arrivals_total_jan_sep", 2023,
         ("2023-01-01", "2023-09-30")),
        ("percent of children aged 2-6", "mid-2023", "preschool_coverage_2_6_pct", 2023,
         ("2023-01-01", "2023-12-31")),
        ("persons", "(Astana Times 31 Oct 2023)", "population_census", 2021,
         ("2021-01-01", "2021-12-31")),
    ],
)  # fmt: skip
def test_periods_are_read_from_the_wording(unit, notes, indicator, year, expected):
    period = tr.parse_period(unit, notes, indicator, year)
    assert (period.start, period.end) == expected


def test_unknown_year_has_no_period():
    assert tr.parse_period("persons (as of 1 June; year not stated)", "", "x", None) is None


def test_approximate_period_end_is_noted():
    period = tr.parse_period("cases (since start of 2023, as of ~Sep 2023)", "", "m", 2023)
    assert "approximate" in period.note


@pytest.mark.parametrize(
    ("value", "notes", "expected"),
    [
        (23000, 'published as "почти 23 тыс. детей" (almost 23 thousand)', "approximate"),
        (9, '"About 9 percent of children do not live with any of their parents"', "approximate"),
        (88000, 'published as "More than 88,000" - lower bound', "lower_bound"),
        (88000, "> 88,000 children", "lower_bound"),
        (18, "rounded as published", "rounded"),
        (6162000, '"6 млн 162 тысячи детей"', "rounded"),
        (4, '"4 percent" (brief cites 4.3% / >99,000 from the SFR)', "exact"),
        (49131, "top-3 regions only; ~300k nationally per headline", "exact"),
        (24239, "Inform.kz rounds to 24.1 thousand", "exact"),
        (85904, '"выявлены 85 тыс. 904 ребенка"', "exact"),
    ],
)
def test_qualifier_comes_from_wording_next_to_the_figure(value, notes, expected):
    assert tr.detect_qualifier(value, "children", notes) == expected


def test_publication_date_is_the_last_date_in_the_citation():
    text = "UNICEF / NSC, MICS 2018 (Findings Report, May 2019) as reported by 24.kg, 18 May 2019"
    assert tr.publication_date(text) == "2019-05-18"
    assert tr.publication_date("BNS, as reported by Liter.kz (Feb 2023)") == "2023-02"
    assert tr.publication_date("Ministry of Labour, as reported by Caravan.kz") == ""


def test_census_units_are_read_from_polygon_notes():
    notes = (
        'ADM2 polygon "Ysyk-Ata" in admin1 "Chuy Region"; census units summed into this polygon: '
        "ысык-атинский район (per PLACE map; aliases list not seen); DERIVED by DemographicMap"
    )
    assert tr.census_units(notes) == ["ысык-атинский район"]
    merged = (
        'ADM2 polygon "Kara-Suu" in admin1 "Osh Region"; census units summed into this polygon: '
        "кара-сууский район; г.ош"
    )
    assert tr.census_units(merged) == ["кара-сууский район", "г.ош"]


# ------------------------------------------------------------------ against ../shared
@pytest.fixture(scope="module")
def shared() -> pd.DataFrame:
    return tr.read_shared(SHARED)


@pytest.fixture(scope="module")
def committed() -> pd.DataFrame:
    obs = read_observations(tr.DATA_DIR / "observations.csv")
    other = read_observations(tr.DATA_DIR / "observations_other_breakdowns.csv")
    return pd.concat([obs.assign(_file="obs"), other.assign(_file="other")], ignore_index=True)


@needs_shared
def test_committed_files_are_exactly_what_the_recipe_writes(tmp_path):
    tr.write_outputs(tr.transcribe(SHARED), tmp_path)
    assert tr.differences(tmp_path) == []


@needs_shared
def test_every_shared_row_is_carried_exactly_once(shared, committed):
    assert len(shared) == 2061
    pairs = zip(shared["file"], shared["row"], strict=True)
    expected = {f"indicator-sources/{f} row {r}" for f, r in pairs}
    assert committed["source_locator"].is_unique
    assert set(committed["source_locator"]) == expected


@needs_shared
def test_every_exclusion_has_a_reason(committed):
    other = read_observations(tr.DATA_DIR / "observations_other_breakdowns.csv")
    assert (other["breakdown"] != "").all() and (other["reason"].str.len() > 20).all()
    assert set(other["breakdown"]) == {"urban", "rural", "census_polygon", "excluded_area",
                                       "superseded", "post_reform_territory"}  # fmt: skip


@needs_shared
def test_no_value_is_changed_in_transcription(shared, committed):
    located = committed.set_index("source_locator")
    for row in shared.itertuples(index=False):
        carried = located.loc[f"indicator-sources/{row.file} row {row.row}"]
        assert carried["value"] == float(row.value), (row.file, row.row)
        assert carried["area_name"] == row.region_name


def _value(committed, indicator, code, year):
    rows = committed[
        (committed["indicator"] == indicator)
        & (committed["area_code"] == code)
        & (committed["year"] == year)
    ]
    return sorted(rows["value"])


@needs_shared
def test_spot_checks_against_the_published_figures(committed):
    assert _value(committed, "left_behind_any_parent_pct", "KGZ", 2018) == [12.0]
    assert _value(committed, "left_behind_any_parent_pct", "KG-O", 2018) == [18.0]
    assert _value(committed, "left_behind_any_parent_pct", "KG-J", 2018) == [18.0]
    assert _value(committed, "left_behind_any_parent_pct", "KG-B", 2018) == [14.0]
    assert _value(committed, "left_behind_any_parent_pct", "KGZ", 2014) == [11.2]
    # BNS 1 Jan 2023 (official) and the Liter.kz quote (press) are both kept.
    assert _value(committed, "population_total", "KAZ", 2023) == [19765004.0, 19766807.0]
    assert _value(committed, "extreme_poverty_pct", "KG-GB", 2021) == [9.5]
    assert _value(committed, "measles_cases", "KG-GO", 2023) == [302.0]


@needs_shared
def test_south_kazakhstan_footnote_and_layouts(committed):
    bns = committed[committed["area_name"] == "Туркестанская 1"]
    assert set(bns[bns["year"] <= 2016]["area_code"]) == {"KZ-51"}
    assert set(bns[bns["year"] <= 2016]["vintage"]) == {"pre2018"}
    assert set(bns[bns["year"] >= 2017]["area_code"]) == {"KZ-61"}


@needs_shared
def test_merged_census_polygons_are_not_areas(committed):
    """Only polygons that are exactly one census unit become level-2 observations; the merged
    ones are the ones geodata's resolver_exceptions lists for the census file."""
    from geodata.resolve import exceptions

    polygons = committed[committed["source_id"].str.startswith("kgz_census2022")]
    merged = polygons[polygons["_file"] == "other"]
    single = polygons[polygons["_file"] == "obs"]
    assert len(polygons) == 123 and len(single) == 28 * 3
    assert merged["area_code"].str.contains(r"\+").all()
    assert not single["area_code"].str.contains(r"\+").any()
    listed = exceptions()
    listed = set(
        listed[listed["source_file"] == "kgz_census2022_population_by_district.csv"]["name"]
    )
    assert set(merged["area_name"]) == listed
    alamudun = merged[(merged["area_name"] == "Alamudun")]["area_code"].iloc[0]
    assert set(alamudun.split("+")) == {"KG08203000000", "KG11000000000"}


@needs_shared
def test_enlarged_2025_cities_are_not_drawn_on_the_2018_polygons(committed):
    """NSC op825 figures for 2025-2026 Bishkek, Osh city, Chui and Osh region are on the
    post-reform territories: kept, but off the map; 2024 (old boundaries) stays on it."""
    op825 = committed[committed["source_id"].str.startswith("kgz_nsc_op825")]
    moved = op825[op825["_file"] == "other"]
    assert set(moved["breakdown"]) == {"post_reform_territory"}
    assert set(moved["area_name"]) == {"Bishkek (city)", "Osh city", "Chui", "Osh (oblast)"}
    assert set(moved["year"]) == {2025, 2026}
    mapped = op825[(op825["_file"] == "obs") & (op825["level"] == 1)]
    assert set(mapped[mapped["year"] == 2024]["area_code"]) == {"KG-GB", "KG-GO"}
    assert not (mapped["year"] >= 2025).any() or set(
        mapped[mapped["year"] >= 2025]["area_code"]
    ).isdisjoint({"KG-GB", "KG-GO", "KG-C", "KG-O"})


@needs_shared
def test_repeated_district_names_are_documented_non_areas(committed):
    bns = committed[committed["source_id"].str.startswith("kaz_bns6645")]
    esil = bns[bns["area_name"] == "Есіл Ауданы"]
    assert len(esil) == 3 and (esil["_file"] == "other").all()
    assert (esil["breakdown"] == "excluded_area").all()
    assert esil["reason"].str.contains("without a parent").all()


@needs_shared
def test_year_unknown_rows_stay_without_a_year(committed):
    unknown = committed[committed["year"].isna()]
    assert len(unknown) == 12  # 4 + 8 undated press figures (press_fragments_2024_search.csv)
    assert (unknown["period_start"] == "").all()
    assert unknown["notes"].str.contains("YEAR UNKNOWN").all()


def test_a_shared_file_with_wrong_columns_names_the_file(tmp_path):
    (tmp_path / "bad.csv").write_text("region,value\nX,1\n", encoding="utf-8")
    with pytest.raises(tr.TranscriptionError, match=r"bad\.csv"):
        tr.read_shared(tmp_path)


@needs_shared
def test_unknown_indicator_names_file_and_row(tmp_path, shared):
    row = shared.iloc[[0]].drop(columns=["file", "row"]).assign(indicator="made_up_indicator")
    row.to_csv(tmp_path / "kgz_births_by_oblast_jan_jul_2020.csv", index=False)
    with pytest.raises(tr.TranscriptionError, match=r"kgz_births.*row 1.*made_up_indicator"):
        tr.transcribe(tmp_path)
