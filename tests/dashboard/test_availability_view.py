"""Data availability page logic: counts over each year's layout, "no data" and "not in layout"
cells, sources in tooltips, filters, and the CSV download (SYNTHETIC flagged)."""

from __future__ import annotations

import pytest

from dashboard.availability import grid
from dashboard.availability.view import band, download_name, download_table, parse_query


@pytest.fixture(autouse=True)
def _boundaries(data_env):
    """Area universes come from the boundary build (prepared once per session)."""


def state(**query):
    found, problems = parse_query({k: str(v) for k, v in query.items()})
    assert problems == []
    return found


def rows_by(rows, key):
    return {r[key]: r for r in rows}


@pytest.mark.parametrize(
    ("n", "total", "expected"),
    [(9, 9, "all"), (5, 9, "most"), (4, 8, "most"), (3, 9, "some"), (0, 9, "nodata")],
)
def test_coverage_bands(n, total, expected):
    assert band(n, total) == expected


def test_summary_counts_areas_with_a_value_per_indicator_and_year():
    columns, rows = grid.summary_grid(state(), "en")
    by_id = rows_by(rows, "id")
    assert by_id["extreme_poverty_pct"]["y2021"] == "9 / 9"
    assert by_id["extreme_poverty_pct"]["y2021_cls"] == "all"
    # MICS 2018 left-behind shares: 3 regions published, 6 missing
    assert by_id["left_behind_any_parent_pct"]["y2018"] == "3 / 9"
    assert by_id["left_behind_any_parent_pct"]["y2018_cls"] == "some"
    # a year without any value for this indicator is marked, not blank or zero
    assert by_id["left_behind_any_parent_pct"]["y2021"] == "no data"
    assert by_id["left_behind_any_parent_pct"]["y2021_cls"] == "nodata"
    assert columns[0]["pinned"] == "left" and all("cellRenderer" in c for c in columns[1:])


def test_detail_cells_name_the_tier_and_tooltips_cite_the_source():
    _, rows = grid.detail_grid(state(indicator="measles_cases_per_10000"), "en")
    by_code = rows_by(rows, "id")
    assert len(by_code) == 9
    assert by_code["KG-B"]["y2024_cls"] == "nodata"
    assert by_code["KG-B"]["y2024"] == "no data"
    osh = by_code["KG-O"]
    assert osh["y2023_cls"] == "derived"
    assert "4.5 cases per 10,000 population (2023)" in osh["y2023_tip"]
    assert "Ministry of Health" in osh["y2023_tip"]  # derived: cites its inputs' sources


def test_kazakhstan_layout_changes_show_as_not_in_layout():
    _, rows = grid.detail_grid(state(country="KAZ", indicator="population_total"), "en")
    by_code = rows_by(rows, "id")
    shymkent, south = by_code["KZ-79"], by_code["KZ-51"]  # split in 2018 (BNS from 2017)
    assert shymkent["y2016_cls"] == "absent" and shymkent["y2017_cls"] == "official_table"
    assert south["y2016_cls"] == "official_table" and south["y2017_cls"] == "absent"
    assert by_code["KZ-10"]["y2021_cls"] == "absent"  # Abai region exists from 2022
    assert shymkent["y2016"] == "not in layout"  # text, distinct from "no data"


def test_region_filter_limits_the_areas_counted():
    _, rows = grid.summary_grid(state(level=2, dataset="demo-synthetic", region="KG-O"), "en")
    counts = {r["y2023"] for r in rows}
    assert all(text.endswith("/ 7") for text in counts)  # Osh region has 7 districts


def test_download_has_sources_keeps_missing_empty_and_flags_the_demo():
    real = download_table(state(indicator="measles_cases_per_10000"))
    assert len(real) == 18 and not real["synthetic"].any()  # 9 regions x 2023-2024
    batken = real.set_index(["code", "year"]).loc[("KG-B", 2024)]
    assert not batken["has_value"] and batken["value"] != 0 and batken["source_id"] == ""
    cited = real["source_title"].str.contains("Ministry of Health")
    assert cited.sum() == real["has_value"].sum() == 10
    demo = download_table(state(level=2, dataset="demo-synthetic"))
    assert (demo["SYNTHETIC"] == "SYNTHETIC DEMO DATA - NOT REAL FIGURES").all()
    assert demo["synthetic"].all()
    assert download_name(state(level=2, dataset="demo-synthetic")).startswith("SYNTHETIC-")


def test_legends_cover_every_cell_class():
    _, rows = grid.detail_grid(
        state(country="KAZ", level=2, dataset="demo-synthetic", indicator="extreme_poverty_pct"),
        "en",
    )
    classes = {v for r in rows for k, v in r.items() if k.endswith("_cls")}
    assert classes <= {cls for cls, _ in grid.legend(True, "en")}
    assert {cls for cls, _ in grid.legend(True, "en", classes)} == classes
    assert {"synthetic", "nodata", "absent"} <= classes
