"""Validation: every hostile case is reported with the row a person sees, and all at once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from indicators.validate import validate_file

POVERTY = "extreme_poverty_pct"
HEADER = "country,region,indicator,year,value"


@pytest.fixture(autouse=True, scope="module")
def _geodata(data_env):
    """Resolution needs the prepared boundary build (shared session fixture)."""


def csv_file(tmp_path: Path, *lines: str, name: str = "officer.csv") -> Path:
    """A UTF-8 CSV made of the given lines."""
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def problems(path: Path) -> list[tuple[int, str, str]]:
    """(row, column, message) of every problem in a file."""
    return [(p.row, p.column, p.message) for p in validate_file(path).problems]


def only(path: Path) -> tuple[int, str, str]:
    """The single problem of a file."""
    found = problems(path)
    assert len(found) == 1, found
    return found[0]


def test_clean_file_has_no_problems(tmp_path):
    path = csv_file(tmp_path, HEADER, f"KGZ,Баткенская область,{POVERTY},2021,10.1")
    result = validate_file(path)
    assert result.problems == [] and len(result.observations) == 1


def test_unknown_region_names_the_closest_candidates(tmp_path):
    row, column, message = only(csv_file(tmp_path, HEADER, f"KGZ,Баткенсая,{POVERTY},2021,10.1"))
    assert (row, column) == (2, "region")
    assert "unknown region 'Баткенсая'" in message and "Batken Region (KG-B)" in message


def test_ambiguous_district_lists_candidates_and_the_bracket_form_resolves(tmp_path):
    # Three districts are called "Абайский район" (in Abai region, Karaganda, Shymkent).
    row, column, message = only(
        csv_file(tmp_path, HEADER, "KAZ,Абайский район,population_total,2023,1")
    )
    assert (row, column) == (2, "region") and message.startswith("ambiguous region")
    assert "KZ103200, in KZ-10" in message and "KZ353200, in KZ-35" in message
    path = csv_file(tmp_path, HEADER, "KAZ,Абайский район (Карагандинская область),x,2023,1")
    assert [c for _, c, _ in problems(path)] == ["indicator"]


def test_unknown_indicator_suggests_ids(tmp_path):
    row, column, message = only(
        csv_file(tmp_path, HEADER, "KGZ,Баткенская область,extreme_poverty,2021,10.1")
    )
    assert (row, column) == (2, "indicator")
    assert "extreme_poverty_pct" in message


def test_non_numeric_value(tmp_path):
    assert only(csv_file(tmp_path, HEADER, f"KGZ,Баткенская область,{POVERTY},2021,abc")) == (
        2,
        "value",
        "not a number: 'abc' is not a number",
    )


def test_percentage_outside_0_100(tmp_path):
    row, column, message = only(
        csv_file(tmp_path, HEADER, f"KGZ,Баткенская область,{POVERTY},2021,101")
    )
    assert (row, column) == (2, "value") and "outside 0-100" in message


def test_negative_count_but_net_migration_may_be_negative(tmp_path):
    path = csv_file(
        tmp_path,
        HEADER,
        "KAZ,Абай,population_total,2023,-610205",
        "KAZ,Абай,net_migration,2023,-1200",
    )
    row, column, message = only(path)
    assert (row, column) == (2, "value") and "negative count -610205" in message


def test_duplicate_keys_with_conflicting_values_point_at_both_rows(tmp_path):
    path = csv_file(
        tmp_path,
        HEADER,
        "KAZ,г. Алматы,population_total,2023,2161797",
        "KAZ,Алматы,population_total,2023,2161797",  # identical repeat: harmless
        "KAZ,KZ-75,population_total,2023,2161798",
    )
    row, column, message = only(path)
    assert (row, column) == (4, "value")
    assert message.startswith("duplicate of row 2") and "2161798 here, 2161797 there" in message
    first_two = csv_file(tmp_path, *path.read_text().splitlines()[:3], name="two.csv")
    assert len(validate_file(first_two).observations) == 1


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\n\n  \n"])
def test_empty_file(tmp_path, content):
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    assert only(path) == (0, "", "the file is empty")


def test_header_only(tmp_path):
    assert only(csv_file(tmp_path, HEADER)) == (1, "", "the file has no data rows")


def test_wrong_columns_missing_and_unknown(tmp_path):
    path = csv_file(tmp_path, "country,region,indicatr,year,valeu,comment", "x,y,z,1,2,3")
    found = problems(path)
    columns = {column: message for _, column, message in found}
    assert all(row == 1 for row, _, _ in found)
    assert "required column missing" in columns["indicator"]
    assert "required column missing" in columns["value"]
    assert "did you mean 'indicator'" in columns["indicatr"]
    assert "did you mean 'value'" in columns["valeu"]
    assert "unknown column" in columns["comment"]


def test_decimal_comma_in_a_comma_separated_file(tmp_path):
    row, _, message = only(csv_file(tmp_path, HEADER, f"KGZ,Бишкек,{POVERTY},2021,9,5"))
    assert row == 2 and "6 cells but the header has 5 columns" in message


def test_every_problem_is_reported_not_just_the_first(tmp_path):
    path = csv_file(
        tmp_path,
        HEADER + ",ci_low,ci_high,status,unit",
        f"KGZ,Нарнияская,{POVERTY},2021,10.1,,,,",  # 2 unknown region
        f"KGZ,Бишкек,{POVERTY},1889,9.5,,,,",  # 3 implausible year
        f"KGZ,Бишкек,{POVERTY},2020,9.5,9.6,9.9,,",  # 4 ci_low above value
        f"KGZ,Бишкек,{POVERTY},2019,9.5,,,official,",  # 5 unknown status
        f"KGZ,Бишкек,{POVERTY},2018,9.5,,,official_table,",  # 6 official without source
        f"KGZ,Бишкек,{POVERTY},2017,9.5,,,,persons",  # 7 unit mismatch
        f"KGZ,Бишкек,{POVERTY},20x1,9.5,,,,",  # 8 year not a year
        f"KGZ,Бишкек,{POVERTY},2016,9.5,,,synthetic,",  # 9 synthetic mixed with real rows
    )
    found = problems(path)
    assert [row for row, _, _ in found] == [2, 3, 4, 5, 6, 7, 8, 9]
    by_row = {row: (column, message) for row, column, message in found}
    assert by_row[3][0] == "year" and "implausible" in by_row[3][1]
    assert by_row[4] == ("ci_low", "ci_low 9.6 is above the value 9.5")
    assert by_row[5][0] == "status" and "allowed" in by_row[5][1]
    assert by_row[6][0] == "source"
    assert by_row[7][0] == "unit" and "'percent'" in by_row[7][1]
    assert by_row[8][0] == "year"
    assert by_row[9][0] == "status" and "synthetic" in by_row[9][1]


def test_next_year_is_plausible_but_not_the_one_after(tmp_path):
    year = dt.date.today().year
    path = csv_file(
        tmp_path,
        HEADER,
        f"KGZ,Бишкек,{POVERTY},{year + 1},9.5",
        f"KGZ,Бишкек,{POVERTY},{year + 2},9.5",
    )
    assert [row for row, _, _ in problems(path)] == [3]


def test_official_table_needs_source_and_url(tmp_path):
    header = HEADER + ",status,source,source_url"
    path = csv_file(
        tmp_path,
        header,
        f"KGZ,Бишкек,{POVERTY},2021,9.5,official_table,NSC,",
        f"KGZ,Бишкек,{POVERTY},2020,9.5,press_reported,NSC via Kaktus.media,",
        f"KGZ,Бишкек,{POVERTY},2019,9.5,official_table,NSC,https://stat.gov.kg/",
    )
    expected = (2, "source_url", "status 'official_table' needs the table's source_url")
    assert problems(path) == [expected]


def test_template_example_row_is_refused(tmp_path):
    path = csv_file(
        tmp_path, HEADER + ",notes", "KAZ,Абай,population_total,2023,610205,EXAMPLE row: delete"
    )
    assert only(path)[1] == "notes"


def test_all_synthetic_file_is_marked_synthetic(tmp_path):
    path = csv_file(
        tmp_path,
        HEADER + ",status",
        f"KGZ,Бишкек,{POVERTY},2021,9.5,synthetic",
        f"KGZ,Баткен,{POVERTY},2021,10.1,synthetic",
    )
    result = validate_file(path)
    assert result.problems == [] and result.synthetic


def test_percent_unit_spelled_with_a_sign_is_the_catalogue_unit(tmp_path):
    path = csv_file(tmp_path, HEADER + ",unit", f"KGZ,Бишкек,{POVERTY},2021,9.5,%")
    assert problems(path) == []


def test_problem_lines_read_like_compiler_messages(tmp_path):
    path = csv_file(tmp_path, HEADER, f"KGZ,Бишкек,{POVERTY},2021,abc")
    (problem,) = validate_file(path).problems
    assert str(problem) == f"{path}:2: value: not a number: 'abc' is not a number"
