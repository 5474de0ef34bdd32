"""Importers: real-world CSV/XLSX quirks and the BNS dynamic-table xlsx exactly as published.

Figures in the fixtures are real published ones (extreme poverty 2021 by NSC via Kaktus.media,
MICS 2018 via 24.kg, BNS population), so a fixture never shows an invented number.
"""

from __future__ import annotations

import math
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicators.importers import UnreadableFileError, detect_format, read_file
from indicators.importers.numbers import NumberError, guess_decimal_mark, parse_number
from indicators.importers.readers import read_table, sniff_delimiter

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared" / "indicator-sources"
BNS_XLSX = SHARED / "native-formats" / "bns_6584_population_by_region.xlsx"
BNS_CSV = SHARED / "kaz_bns_population_by_region_2000_2023.csv"

POVERTY = "extreme_poverty_pct"
# NSC extreme poverty 2021 (Kaktus.media): Batken 10.1 %, Bishkek 9.5 %.
ROWS = [
    ("KGZ", "Баткенская область", POVERTY, "2021", "10,1"),
    ("KGZ", "Бишкек", POVERTY, "2021", "9,5"),
]


@pytest.fixture(autouse=True, scope="module")
def _geodata(data_env):
    """Resolution needs the prepared boundary build (shared session fixture)."""


def write_csv(path: Path, rows, delimiter=";", encoding="utf-8", bom=False, header=None) -> Path:
    """Write a template CSV with the given encoding, delimiter and optional BOM."""
    header = header or ["country", "region", "indicator", "year", "value"]
    lines = [delimiter.join(header)] + [delimiter.join(r) for r in rows]
    data = ("\r\n".join(lines) + "\r\n").encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


# --- numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 234,5", 1234.5),
        ("1\u00a0234,5", 1234.5),
        ("1\u202f234\u202f567", 1234567.0),
        ("1,234.5", 1234.5),
        ("1.234.567,5", 1234567.5),
        ("12,5", 12.5),
        ("12.5", 12.5),
        ("0,125", 0.125),
        ("-5", -5.0),
        ("−3,2", -3.2),
        ("12,5 %", 12.5),
        (" 42 ", 42.0),
        (1234, 1234.0),
        (10.1, 10.1),
    ],
)
def test_parse_number_reads_local_conventions(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    "text", ["", "-", "–", "н/д", "Н/Д", "...", "…", "x", "n/a", None, math.nan]
)
def test_missing_markers_are_none_never_zero(text):
    assert parse_number(text) is None


@pytest.mark.parametrize("text", ["abc", "12 5", "1.2.3", "12,5,6", "1e", "--5"])
def test_parse_number_rejects_garbage_with_the_cell_in_the_message(text):
    with pytest.raises(NumberError, match="not a number"):
        parse_number(text)


def test_ambiguous_thousands_needs_the_files_decimal_mark():
    with pytest.raises(NumberError, match="ambiguous"):
        parse_number("1,234")
    assert parse_number("1,234", decimal_mark=",") == 1.234
    assert parse_number("1,234", decimal_mark=".") == 1234.0
    assert guess_decimal_mark(["1,234", "12,5"]) == ","
    assert guess_decimal_mark(["1,234", "1,234,567"]) == "."
    assert guess_decimal_mark(["1,234", "-", 5]) is None


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=99))
def test_russian_formatted_numbers_round_trip(whole, cents):
    """A number written "1 234 567,89" (no-break spaces, decimal comma) reads back exactly."""
    grouped = f"{whole:,}".replace(",", "\u00a0")
    assert parse_number(f"{grouped},{cents:02d}") == float(f"{whole}.{cents:02d}")


# --- readers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "bom"), [("utf-8", False), ("utf-8", True), ("cp1251", False)]
)
@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_encodings_and_delimiters_give_the_same_observations(tmp_path, encoding, bom, delimiter):
    rows = ROWS if delimiter != "," else [(*r[:4], r[4].replace(",", ".")) for r in ROWS]
    path = write_csv(tmp_path / "t.csv", rows, delimiter, encoding, bom)
    result = read_file(path)
    assert result.problems == []
    obs = result.observations
    assert list(obs["area_code"]) == ["KG-B", "KG-GB"]
    assert list(obs["value"]) == [10.1, 9.5]
    assert list(obs["area_name"]) == ["Баткенская область", "Бишкек"]
    assert set(obs["status"]) == {"user_import"}
    assert set(obs["unit"]) == {"percent"}
    assert list(obs["period_start"]) == ["2021-01-01"] * 2
    assert list(obs["source_locator"]) == ["t.csv, row 2", "t.csv, row 3"]


def test_utf16_tab_text_as_excel_saves_it(tmp_path):
    path = tmp_path / "unicode.txt"
    text = (
        "country\tregion\tindicator\tyear\tvalue\r\n"
        "KGZ\tБаткен облусу\textreme_poverty_pct\t2021\t10,1\r\n"
    )
    path.write_bytes(text.encode("utf-16"))
    result = read_file(path)
    assert result.problems == []
    assert list(result.observations["value"]) == [10.1]


def test_thousands_separators_and_missing_markers(tmp_path):
    rows = [
        ("KAZ", "Абай", "population_total", "2023", "610\u00a0205"),  # BNS 1 Jan 2023
        ("KAZ", "г. Алматы", "population_total", "2023", "2 161 797"),
        ("KAZ", "Жетісу", "population_total", "2020", "-"),
        ("KAZ", "Ұлытау", "population_total", "2020", "н/д"),
        ("KAZ", "г. Шымкент", "population_total", "2016", "..."),
        ("KAZ", "Абай", "population_total", "2021", "…"),
    ]
    result = read_file(write_csv(tmp_path / "p.csv", rows))
    assert result.problems == []
    assert list(result.observations["value"]) == [610205.0, 2161797.0]
    assert result.skipped_missing == 4


def test_regions_in_four_languages_and_codes(tmp_path):
    rows = [
        ("KGZ", name, "left_behind_any_parent_pct", "2018", "18")  # MICS 2018, Osh region
        for name in ("Osh Region", "Ошская область", "Ош облусу", "Ош облысы", "KG-O")
    ]
    result = read_file(write_csv(tmp_path / "langs.csv", rows))
    assert result.problems == []
    assert set(result.observations["area_code"]) == {"KG-O"}
    assert set(result.observations["level"]) == {1}


def test_country_may_be_a_name_or_left_empty(tmp_path):
    rows = [
        ("Кыргызстан", "Баткенская область", POVERTY, "2021", "10,1"),
        ("", "Бишкек", POVERTY, "2021", "9,5"),
    ]
    result = read_file(write_csv(tmp_path / "c.csv", rows))
    assert result.problems == []
    assert list(result.observations["country"]) == ["KGZ", "KGZ"]


def test_xlsx_template_with_title_rows_and_typed_cells(tmp_path):
    path = tmp_path / "officer.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Extreme poverty 2021, NSC via Kaktus.media"])  # a title row above the header
    sheet.append([])
    sheet.append(["Country", "Region", "Indicator", "Year", "Value", "Source"])
    sheet.append(["KGZ", "Баткен облусу", POVERTY, 2021, 10.1, "NSC via Kaktus.media"])
    sheet.append(["KGZ", "Бишкек шаары", POVERTY, "2021", "9,5", "NSC via Kaktus.media"])
    workbook.save(path)
    result = read_file(path)
    assert result.problems == []
    assert list(result.observations["value"]) == [10.1, 9.5]
    assert result.rows == [4, 5]
    assert result.sources["title"].tolist() == ["NSC via Kaktus.media"]
    assert result.observations["source_id"].nunique() == 1


def test_row_numbers_are_editor_lines_despite_blank_lines_and_quoted_newlines(tmp_path):
    path = tmp_path / "lines.csv"
    path.write_text(
        "country,region,indicator,year,value,notes\n"
        "\n"
        'KGZ,Баткенская область,extreme_poverty_pct,2021,10.1,"two\nline note"\n'
        "KGZ,Бишкек,extreme_poverty_pct,2021,9.5,\n",
        encoding="utf-8",
    )
    result = read_file(path)
    assert result.problems == []
    assert result.rows == [3, 5]


def test_sniff_delimiter_ignores_commas_inside_names():
    assert sniff_delimiter("country;region;indicator;year;value") == ";"
    assert sniff_delimiter("country\tregion\tindicator") == "\t"
    assert sniff_delimiter("country,region,indicator,year") == ","


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "XLS files are not supported"),
        (b"\x00\x01\x02\x03binary\x00", "binary file"),
    ],
)
def test_unreadable_files_raise_user_facing_errors(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(UnreadableFileError, match=message):
        read_file(path)


def test_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(UnreadableFileError, match=r"not an \.xlsx workbook"):
        read_file(path)


def test_truncated_xlsx(tmp_path):
    path = tmp_path / "cut.xlsx"
    path.write_bytes(BNS_XLSX.read_bytes()[:5000])
    with pytest.raises(UnreadableFileError, match=r"cut\.xlsx"):
        read_file(path)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(UnreadableFileError, match="file not found"):
        read_file(tmp_path / "nope.csv")
    with pytest.raises(UnreadableFileError, match="directory"):
        read_file(tmp_path)


def test_read_table_keeps_raw_cells(tmp_path):
    table = read_table(write_csv(tmp_path / "r.csv", ROWS))
    assert table.header == ["country", "region", "indicator", "year", "value"]
    assert table.delimiter == ";" and table.encoding == "utf-8"
    assert table.rows[0] == (2, dict(zip(table.header, ROWS[0], strict=True)))


# --- BNS dynamic table ------------------------------------------------------------------


@pytest.fixture(scope="module")
def bns():
    """The BNS fixture read once (format detected automatically)."""
    if not BNS_XLSX.is_file():
        pytest.skip("../shared/indicator-sources/native-formats is not available")
    return read_file(BNS_XLSX)


def test_bns_is_detected_automatically(bns):
    assert detect_format(BNS_XLSX) == "bns"
    assert bns.format == "bns"
    assert bns.problems == []


def test_bns_reproduces_every_figure_of_the_shared_csv(bns):
    """Each of the 1,263 published figures appears once with exactly the published value."""
    expected = pd.read_csv(BNS_CSV)
    got = bns.observations.assign(region_name=bns.observations["area_name"].str.strip())
    merged = expected.merge(
        got, on=["region_name", "indicator", "year"], how="outer", indicator=True
    )
    assert len(expected) == len(got) == 1263
    assert (merged["_merge"] == "both").all()
    assert (merged["value_x"].astype(float) == merged["value_y"]).all()


def test_bns_regions_resolve_with_the_layout_of_their_year(bns):
    obs = bns.observations.set_index(["indicator", "area_name", "year"])
    total = obs.loc["population_total"]

    def code(name: str, year: int) -> tuple[str, str]:
        row = total.loc[(name, year)]
        return row["area_code"], row["vintage"]

    # "Туркестанская 1": footnote 1 says 2000-2016 figures are South Kazakhstan.
    assert code("Туркестанская 1", 2016) == ("KZ-51", "pre2018")
    assert code("Туркестанская 1", 2017) == ("KZ-61", "2018")
    assert code("г. Шымкент", 2017) == ("KZ-79", "2018")
    assert code("Абай", 2022) == ("KZ-10", "2024")
    assert code("Алматинская", 2021) == ("KZ-19", "2018")
    assert code("Алматинская", 2022) == ("KZ-19", "2024")
    assert code("Республика Казахстан", 2000)[0] == "KAZ"
    assert total.loc[("Республика Казахстан", 2000), "level"] == 0


def test_bns_provenance(bns):
    obs = bns.observations
    assert set(obs["status"]) == {"official_table"}
    assert set(obs["source_id"]) == {"bns-6584"}
    assert set(obs["unit"]) == {"persons"}
    first = obs[(obs["indicator"] == "population_male") & (obs["year"] == 2000)].iloc[0]
    assert first["source_locator"].endswith("sheet 'Мужчины', cell B8")
    assert first["period_start"] == first["period_end"] == "2000-01-01"
    south = obs[obs["area_code"] == "KZ-51"].iloc[0]
    assert "Южно-Казахстанской" in south["notes"]
    assert bns.sources["url"].tolist() == ["https://stat.gov.kz/api/iblock/element/6584/file/ru/"]


def test_bns_bad_cell_is_reported_with_sheet_and_cell(tmp_path):
    workbook = openpyxl.load_workbook(BNS_XLSX)
    workbook["Мужчины"]["C10"] = "abc"
    workbook["Женщины"]["A12"] = "Атлантида"  # was Алматинская: figures for all 24 years
    path = tmp_path / "bns_edited.xlsx"
    workbook.save(path)
    result = read_file(path)
    messages = [str(p) for p in result.problems]
    assert any(":10: Мужчины!C10: not a number" in m for m in messages)
    assert sum("Атлантида" in m for m in messages) == 24  # one per year with a figure
    assert len(result.observations) == 1263 - 1 - 24


def test_forced_formats(tmp_path):
    path = write_csv(tmp_path / "t.csv", ROWS)
    assert read_file(path, format="template").format == "template"
    with pytest.raises(UnreadableFileError, match=r"t\.csv: not a readable \.xlsx"):
        read_file(path, format="bns")
    with pytest.raises(UnreadableFileError, match="unknown format"):
        read_file(path, format="pdf")


# --- the downloadable template and its documentation ------------------------------------

TEMPLATES = REPO / "assets" / "templates"


def test_committed_csv_template_is_current():
    from indicators.importers.template_files import template_csv

    assert (TEMPLATES / "cam_atlas_template.csv").read_bytes() == template_csv()


def test_committed_xlsx_template_has_the_template_columns_and_the_example():
    from indicators.importers.template import TEMPLATE_COLUMNS
    from indicators.importers.template_files import EXAMPLE

    workbook = openpyxl.load_workbook(TEMPLATES / "cam_atlas_template.xlsx")
    assert workbook.sheetnames == ["data", "columns", "indicators"]
    header, example = list(workbook["data"].iter_rows(values_only=True))
    assert list(header) == list(TEMPLATE_COLUMNS)
    assert str(example[TEMPLATE_COLUMNS.index("notes")]) == EXAMPLE["notes"]


@pytest.mark.parametrize("name", ["cam_atlas_template.csv", "cam_atlas_template.xlsx"])
def test_the_template_example_row_is_refused_until_unmarked(name, tmp_path):
    result = read_file(TEMPLATES / name)
    assert [(p.row, p.column) for p in result.problems] == [(2, "notes")]
    edited = tmp_path / "edited.csv"
    text = (TEMPLATES / "cam_atlas_template.csv").read_text(encoding="utf-8-sig")
    edited.write_text(text.replace("EXAMPLE ROW - delete it before importing. ", ""), "utf-8")
    clean = read_file(edited)
    assert clean.problems == []
    assert list(clean.observations["value"]) == [610205.0]  # BNS, Abai, 1 January 2023
    assert list(clean.observations["area_code"]) == ["KZ-10"]


def test_every_indicator_id_in_the_import_guide_exists():
    import re

    from indicators.catalogue import catalogue

    guide = (REPO / "docs" / "IMPORT.md").read_text(encoding="utf-8")
    guide = guide.split("## Indicator ids", 1)[1]
    listed = re.findall(r"^\| `([a-z0-9_]+)` \|", guide, flags=re.MULTILINE)
    assert len(listed) >= 10
    assert set(listed) <= set(catalogue())


def test_xlsx_formula_without_a_saved_result_is_reported_not_skipped(tmp_path):
    path = tmp_path / "generated.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["country", "region", "indicator", "year", "value"])
    sheet.append(["KGZ", "Баткен облусу", POVERTY, 2021, "=20.2/2"])  # never computed by Excel
    workbook.save(path)
    result = read_file(path)
    assert [(p.row, p.column) for p in result.problems] == [(2, "value")]
    assert "has no saved result" in result.problems[0].message
    assert result.skipped_missing == 0


def test_excel_percent_cells_and_sep_hint(tmp_path):
    path = tmp_path / "percent.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["country", "region", "indicator", "year", "value"])
    sheet.append(["KGZ", "Баткен облусу", POVERTY, 2021, 0.101])
    sheet["E2"].number_format = "0.0%"  # typed as "10,1%" in Excel
    workbook.save(path)
    assert list(read_file(path).observations["value"]) == [10.1]
    hinted = tmp_path / "hinted.csv"
    hinted.write_text(
        "sep=;\ncountry;region;indicator;year;value\nKGZ;Бишкек;extreme_poverty_pct;2021;9,5\n",
        encoding="utf-8",
    )
    result = read_file(hinted)
    assert result.problems == [] and result.rows == [3]
