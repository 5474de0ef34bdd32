"""The download files of a selection: rows, provenance columns, README, GeoJSON scope, names,
SYNTHETIC marking and formula-cell neutralisation (content opened and checked)."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import openpyxl
import pytest

from dashboard.data_page import files as download_files
from indicators.export import EXPORT_COLUMNS

FORMULA_CSV = """country,region,indicator,year,value,source,notes
KGZ,Osh Region,extreme_poverty_pct,2021,2.5,"=HYPERLINK(""http://example.org"")","=1+2"
KGZ,Batken Region,extreme_poverty_pct,2021,10.1,+cmd,-negative note
KGZ,Chui Region,extreme_poverty_pct,2021,4.0,@SUM(A1),plain
"""


@pytest.fixture(autouse=True)
def _boundaries(data_env):
    """Names and GeoJSON geometry come from the boundary build (made once per session)."""


@pytest.fixture
def formula_store(tmp_path, monkeypatch):
    """A user dataset ``formula-test`` whose text cells start with = + - @ (a private store)."""
    from indicators import store

    root = tmp_path / "datasets"
    monkeypatch.setattr(store, "default_root", lambda: root)
    source = tmp_path / "formulas.csv"
    source.write_text(FORMULA_CSV, encoding="utf-8")
    store.DatasetStore(root).import_file("formula-test", source)
    return "formula-test"


def read_csv(content: bytes) -> list[dict]:
    assert content.startswith(b"\xef\xbb\xbf"), "CSV must carry a UTF-8 byte-order mark"
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


POVERTY = {"country": "KGZ", "level": "1", "indicator": "extreme_poverty_pct", "lang": "en"}


def poverty_rows(region: str | None = None) -> int:
    """Rows of the selection in the default dataset (the NSC 2021 table and the NSC SDG
    platform's 2010-2022 series)."""
    from indicators.dataset import load_dataset

    obs = load_dataset().observations
    mask = (obs["indicator"] == "extreme_poverty_pct") & (obs["country"] == "KGZ")
    mask &= obs["level"] == 1
    if region:
        mask &= obs["area_code"] == region
    return int(mask.sum())


def test_csv_has_every_row_with_provenance_columns():
    made = download_files.make(POVERTY, "csv")
    rows = read_csv(made.content)
    assert len(rows) == poverty_rows() > 9
    assert list(rows[0]) == list(EXPORT_COLUMNS)
    assert all(r["source_url"].startswith("https://") and r["source_publisher"] for r in rows)
    assert {r["status"] for r in rows} == {"press_reported", "official_table"}
    assert made.filename == "cam-atlas_default_KGZ_regions_extreme_poverty_pct_all-years.csv"
    assert made.mimetype == "text/csv"


def test_xlsx_has_data_and_readme_with_sources_and_filter():
    selection = {**POVERTY, "region": "KG-O"}
    made = download_files.make(selection, "xlsx")
    book = openpyxl.load_workbook(io.BytesIO(made.content))
    assert book.sheetnames == ["data", "README"]
    data = list(book["data"].values)
    assert list(data[0]) == list(EXPORT_COLUMNS)
    assert len(data) == 1 + poverty_rows("KG-O")
    assert {row[EXPORT_COLUMNS.index("area_code")] for row in data[1:]} == {"KG-O"}
    readme = "\n".join(str(r[0]) for r in book["README"].values if r[0])
    assert "Sources (cite these when you use the figures)" in readme
    assert "Licence / terms:" in readme
    assert "Region filter: KG-O" in readme
    assert "geokz" not in readme and "Kyrgyzstan boundaries" in readme
    assert made.filename.endswith("_KG-O.xlsx")


def test_zip_holds_data_readme_and_citation():
    made = download_files.make(POVERTY, "zip")
    with zipfile.ZipFile(io.BytesIO(made.content)) as archive:
        assert sorted(archive.namelist()) == ["CITATION.cff", "README.md", "data.csv"]
        assert len(read_csv(archive.read("data.csv"))) == poverty_rows()
        assert "cff-version: 1.2.0" in archive.read("CITATION.cff").decode()
        assert "## Indicator definitions" in archive.read("README.md").decode()


def test_geojson_is_limited_to_the_areas_filter_and_keeps_no_data_null():
    selection = {
        "country": "KGZ",
        "level": "1",
        "indicator": "left_behind_any_parent_pct",
        "year": "2018",
        "areas": "KG-O,KG-C",
    }
    made = download_files.make(selection, "geojson")
    features = json.loads(made.content)["features"]
    by_code = {f["id"]: f["properties"] for f in features}
    assert set(by_code) == {"KG-O", "KG-C"}
    assert by_code["KG-O"]["value"] == 18  # MICS 2018 via 24.kg
    assert by_code["KG-C"]["value"] is None  # not published: null, never 0
    assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in features)


def test_geojson_needs_one_indicator_at_a_boundary_level():
    with pytest.raises(download_files.DownloadError, match="one indicator"):
        download_files.make({"country": "KGZ", "level": "1"}, "geojson")
    with pytest.raises(download_files.DownloadError):
        download_files.make({**POVERTY, "level": "0"}, "geojson")


def test_an_empty_selection_is_refused_in_the_ui_language():
    selection = {**POVERTY, "year": "1995", "lang": "ru"}
    with pytest.raises(download_files.DownloadError, match="Скачивать нечего"):
        download_files.make(selection, "csv")
    found = download_files.availability(selection)
    assert found.rows == 0 and not any(found.enabled.values())


def test_availability_explains_why_geojson_is_off():
    found = download_files.availability({"country": "KGZ", "level": "1"})
    assert found.rows > 0
    assert found.enabled == {"csv": True, "xlsx": True, "geojson": False, "zip": True}
    assert any("GeoJSON needs one indicator" in n for n in found.notes)


def test_synthetic_files_say_so_in_name_and_readme():
    selection = {
        "dataset": "demo-synthetic",
        "country": "KGZ",
        "level": "2",
        "indicator": "extreme_poverty_pct",
        "year": "2023",
    }
    made = download_files.make(selection, "xlsx")
    assert made.filename.startswith("SYNTHETIC_")
    book = openpyxl.load_workbook(io.BytesIO(made.content))
    readme = [str(r[0]) for r in book["README"].values if r[0]]
    assert "SYNTHETIC DATA" in readme[1]
    rows = read_csv(download_files.make(selection, "csv").content)
    assert {r["status"] for r in rows} == {"synthetic"}
    assert download_files.availability(selection).synthetic


def test_formula_cells_are_neutralised_in_every_format(formula_store):
    selection = {"dataset": formula_store, "country": "KGZ", "level": "1"}
    rows = {r["area_code"]: r for r in read_csv(download_files.make(selection, "csv").content)}
    assert rows["KG-O"]["notes"] == "'=1+2"
    assert rows["KG-O"]["source_title"] == '\'=HYPERLINK("http://example.org")'
    assert rows["KG-B"]["source_title"] == "'+cmd"
    assert rows["KG-B"]["notes"] == "'-negative note"
    assert rows["KG-C"]["source_title"] == "'@SUM(A1)"
    assert rows["KG-C"]["value"] == "4"  # numbers stay numbers

    book = openpyxl.load_workbook(io.BytesIO(download_files.make(selection, "xlsx").content))
    sheet = book["data"]
    header = [c.value for c in sheet[1]]
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row]
    assert all(c.data_type != "f" for c in cells), "no cell may be a formula"
    notes = {
        row[header.index("area_code")].value: row[header.index("notes")]
        for row in sheet.iter_rows(min_row=2)
    }
    assert notes["KG-O"].value == "'=1+2" and notes["KG-O"].data_type == "s"

    features = json.loads(
        download_files.make({**selection, "indicator": "extreme_poverty_pct"}, "geojson").content
    )["features"]
    props = {f["id"]: f["properties"] for f in features}
    assert props["KG-O"]["notes"] == "'=1+2"
