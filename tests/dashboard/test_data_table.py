"""What the Data page shows: the filtered export table, "no data" rows, options, escaping."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.common.areas import all_units
from dashboard.data_page import table as data_table
from dashboard.data_page.state import DataState
from indicators.export import EXPORT_COLUMNS


@pytest.fixture(autouse=True)
def _boundaries(data_env):
    """Region and district lookups read the boundary build (made once per session)."""


@pytest.fixture(scope="module")
def dataset():
    from indicators.dataset import load_dataset

    return load_dataset()


def kgz_regions(**changes) -> DataState:
    return DataState(country="KGZ", level=1, **changes)


def test_one_indicator_for_all_kyrgyz_regions(dataset):
    state = kgz_regions(indicator="extreme_poverty_pct")
    table = data_table.filtered_table(dataset, state)
    assert list(table.columns) == list(EXPORT_COLUMNS)
    assert set(table["indicator"]) == {"extreme_poverty_pct"}
    assert len(set(table["area_code"])) == 9  # all 9 units published (NSC via Kaktus.media)
    assert table["source_url"].str.startswith("http").all()


def test_region_filter_keeps_the_region_or_its_districts(dataset):
    regions = data_table.filtered_table(dataset, kgz_regions(region="KG-O"))
    assert set(regions["area_code"]) == {"KG-O"}
    districts = data_table.filtered_table(
        dataset, DataState(country="KGZ", level=2, region="KG-O", indicator="population_total")
    )
    parents = all_units().set_index("code")["parent_code"]
    assert len(districts) > 0
    assert {parents[c] for c in districts["area_code"]} == {"KG-O"}


def test_areas_filter_a_region_stands_for_its_districts(dataset):
    state = DataState(country="KGZ", level=2, areas=("KG-B",), indicator="population_total")
    table = data_table.filtered_table(dataset, state)
    parents = all_units().set_index("code")["parent_code"]
    assert len(table) > 0 and {parents[c] for c in table["area_code"]} == {"KG-B"}


def test_year_range_is_inclusive(dataset):
    state = DataState(country="KAZ", level=1, indicator="population_total")
    years = set(
        data_table.filtered_table(dataset, state.with_(year_from=2010, year_to=2012))["year"]
    )
    assert years == {2010, 2011, 2012}
    later = data_table.filtered_table(dataset, state.with_(year_from=2022, year_to=None))
    assert later["year"].min() == 2022


def test_national_level_ignores_area_filters(dataset):
    state = DataState(country="KGZ", level=0, region="KG-O", areas=("KG-B",))
    table = data_table.filtered_table(dataset, state)
    assert len(table) > 0 and set(table["area_code"]) == {"KGZ"}


def test_unknown_indicator_is_a_translated_user_error(dataset):
    with pytest.raises(data_table.DataSelectionError, match="«nope»"):
        data_table.filtered_table(dataset, kgz_regions(indicator="nope", lang="ru"))


def test_areas_without_a_figure_are_listed_as_no_data_never_zero(dataset):
    # MICS 2018 left-behind shares were found for 3 of 9 Kyrgyz regions only.
    state = kgz_regions(indicator="left_behind_any_parent_pct", year_from=2018, year_to=2018)
    table = data_table.filtered_table(dataset, state)
    missing = data_table.missing_areas(table, state, [2018])
    assert set(table["area_code"]) == {"KG-O", "KG-J", "KG-B"}
    assert len(missing) == 6
    rows = data_table.grid_rows(table, state, missing)
    empty = [r for r in rows if r["value"] is None]
    assert len(empty) == 6
    assert {r["value_text"] for r in empty} == {"No data"}
    assert all(r["value"] != 0 for r in rows)


def test_grid_rows_are_in_the_ui_language_with_formatted_values(dataset):
    state = DataState(country="KAZ", level=1, indicator="population_total", lang="ru")
    table = data_table.filtered_table(dataset, state.with_(year_from=2023, year_to=2023))
    rows = data_table.grid_rows(table, state)
    first = next(r for r in rows if r["area_code"] == "KZ-75")  # Almaty city
    assert first["area"] == "город Алматы"
    assert first["unit"] == "человек"
    assert "\u00a0" in first["value_text"]  # thousands separated by a no-break space
    assert first["source"].startswith("Bureau of National Statistics")
    assert first["source_url"].startswith("https://stat.gov.kz/")


def test_derived_figures_say_so_instead_of_an_empty_source(dataset):
    state = DataState(country="KAZ", level=1, indicator="child_share_0_15_pct")
    rows = data_table.grid_rows(data_table.filtered_table(dataset, state), state)
    derived = [r for r in rows if r["status"] == "derived by CAM Atlas"]
    assert derived and all("Computed by CAM Atlas" in r["source"] for r in derived)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://stat.gov.kg/ru/", "https://stat.gov.kg/ru/"),
        (" http://x.kg/a(b) ", "http://x.kg/a(b)"),
        ("javascript:alert(1)", ""),
        ("data:text/html,<b>", ""),
        ("", ""),
    ],
)
def test_only_web_addresses_become_links(url, expected):
    assert data_table.web_url(url) == expected


def test_synthetic_demo_is_offered_only_when_asked(dataset):
    state = kgz_regions()
    names = [name for name, _ in data_table.dataset_choices(state, show_synthetic=False)]
    assert "demo-synthetic" not in names and names[0] == "default"
    names = [name for name, _ in data_table.dataset_choices(state, show_synthetic=True)]
    assert "demo-synthetic" in names


def test_choices_follow_country_and_level(dataset):
    found = data_table.choices(dataset, DataState(country="KGZ", level=2))
    assert {i for i, _ in found.indicators} >= {"population_total"}
    assert "extreme_poverty_pct" not in {i for i, _ in found.indicators}  # regions only
    assert len(found.regions) == 9
    values = [o["value"] for o in found.areas]
    assert "KG-O" in values and "KG06207000000" in values  # regions and districts
    level1 = data_table.choices(dataset, kgz_regions(region="KG-O"))
    assert [o["value"] for o in level1.areas] == ["KG-O"]


def test_missing_areas_need_one_indicator(dataset):
    state = kgz_regions()
    table = data_table.filtered_table(dataset, state)
    assert data_table.missing_areas(table, state, [2018]).empty
    assert isinstance(data_table.missing_areas(table, state, []), pd.DataFrame)


def test_grid_rows_are_ordered_by_area_name_in_the_ui_language(dataset):
    state = kgz_regions(indicator="extreme_poverty_pct", lang="ru")
    areas = [
        r["area"] for r in data_table.grid_rows(data_table.filtered_table(dataset, state), state)
    ]
    assert areas == sorted(areas, key=str.casefold)
    assert areas[0] == "Баткенская область"
