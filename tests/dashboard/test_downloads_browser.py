"""End-to-end downloads: click a button, wait for the file, open it and check its content.

Rows, provenance columns, the README sheet, GeoJSON scope, SYNTHETIC marking, disabled
buttons, and formula-cell neutralisation. The last needs a dataset whose text starts with
= + - @: it runs on a second gunicorn whose data directory shares the boundary build but has
its own dataset store, so the test dataset never appears in the shared one.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from dashboard.components.downloads import DownloadsAIO, dom_id
from dashboard.data_page.callbacks import DOWNLOADS_ID, control, pid
from indicators.export import EXPORT_COLUMNS

pytestmark = pytest.mark.browser
REPO = Path(__file__).resolve().parents[2]
GRID_ROWS = ".ag-center-cols-container .ag-row"


def button(page, fmt: str):
    return page.locator(f"[id='{dom_id(DownloadsAIO.ids.button(DOWNLOADS_ID, fmt))}']")


def open_data(page, base: str, query: str) -> None:
    """Open the Data page and wait until the grid is filled (the downloads follow the same
    selection, in the page from the start)."""
    page.goto(f"{base}/data{query}")
    expect(page.locator(GRID_ROWS).first).to_be_attached()


def download(page, fmt: str) -> tuple[str, bytes]:
    """Click the ``fmt`` button; the suggested file name and the bytes received."""
    expect(button(page, fmt)).to_be_enabled()
    with page.expect_download() as info:
        button(page, fmt).click()
    made = info.value
    return made.suggested_filename, Path(made.path()).read_bytes()


def read_csv(content: bytes) -> list[dict]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


# one value per region (a short table: the grid draws every row)
POVERTY = "?country=KGZ&level=1&indicator=births_registered"


def test_csv_download_matches_the_table_with_provenance(page, live_server):
    open_data(page, live_server, POVERTY)
    name, content = download(page, "csv")
    rows = read_csv(content)
    assert name == "cam-atlas_default_KGZ_regions_births_registered_all-years.csv"
    assert len(rows) == 9
    expect(page.locator(GRID_ROWS)).to_have_count(len(rows))
    assert list(rows[0]) == list(EXPORT_COLUMNS)
    for row in rows:
        assert row["value"] and row["source_url"].startswith("https://")
        assert row["source_publisher"] and row["source_licence"] and row["status"]


def test_xlsx_download_has_a_readme_sheet_with_sources_and_the_filter(page, live_server):
    open_data(page, live_server, POVERTY + "&region=KG-O&lang=ru")
    name, content = download(page, "xlsx")
    assert name.endswith("_KG-O.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["data", "README"]
    data = list(book["data"].values)
    assert len(data) == 2 and data[1][EXPORT_COLUMNS.index("area_code")] == "KG-O"
    readme = "\n".join(str(r[0]) for r in book["README"].values if r[0])
    for text in (
        "Sources (cite these",
        "Licence / terms:",
        "Indicator definitions",
        "Boundaries",
        "Region filter: KG-O",
    ):
        assert text in readme


def test_geojson_and_zip_downloads(page, live_server):
    open_data(
        page, live_server, "?country=KGZ&level=1&indicator=left_behind_any_parent_pct&year=2018"
    )
    name, content = download(page, "geojson")
    assert name.endswith(".geojson")
    features = json.loads(content)["features"]
    values = {f["id"]: f["properties"]["value"] for f in features}
    assert len(values) == 9
    assert values["KG-O"] == 18 and values["KG-C"] is None  # unpublished: null, not 0
    name, content = download(page, "zip")
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert sorted(archive.namelist()) == ["CITATION.cff", "README.md", "data.csv"]
        assert len(read_csv(archive.read("data.csv"))) == 3


def test_geojson_is_disabled_for_several_indicators_and_says_why(page, live_server):
    open_data(page, live_server, "?country=KGZ&level=1")
    expect(button(page, "geojson")).to_be_disabled()
    expect(button(page, "csv")).to_be_enabled()
    note = page.locator(f"[id='{dom_id(DownloadsAIO.ids.note(DOWNLOADS_ID))}']")
    expect(note).to_contain_text("GeoJSON needs one indicator")


def test_synthetic_download_is_marked(page, live_server):
    open_data(
        page,
        live_server,
        "?dataset=demo-synthetic&country=KGZ&level=2"
        "&indicator=extreme_poverty_pct&year=2023&region=KG-B",
    )
    name, content = download(page, "xlsx")
    assert name.startswith("SYNTHETIC_")
    book = openpyxl.load_workbook(io.BytesIO(content))
    readme = [str(r[0]) for r in book["README"].values if r[0]]
    assert readme[1].startswith("SYNTHETIC DATA")
    statuses = {row[EXPORT_COLUMNS.index("status")] for row in list(book["data"].values)[1:]}
    assert statuses == {"synthetic"}


@pytest.mark.parametrize(("fmt", "magic"), [("png", b"\x89PNG"), ("svg", b"<svg")])
def test_chart_image_downloads(page, live_server, fmt, magic):
    open_data(page, live_server, POVERTY)
    page.wait_for_selector(f"[id='{dom_id(pid('chart'))}'] .js-plotly-plot .bars")
    image = page.locator(f"[id='{dom_id(DownloadsAIO.ids.image(DOWNLOADS_ID, fmt))}']")
    with page.expect_download() as info:
        image.click()
    assert info.value.suggested_filename == f"cam-atlas-data-chart.{fmt}"
    content = Path(info.value.path()).read_bytes()
    assert content.startswith(magic)
    if fmt == "svg":
        assert "Batken Region" in content.decode("utf-8")


def test_formula_cells_are_neutralised_in_downloaded_files(page, imported_server):
    open_data(page, imported_server, "?dataset=formula-test&country=KGZ&level=1")
    options = page.locator(f"[id='{dom_id(control('dataset'))}'] option")
    expect(options.filter(has_text="formula-test")).not_to_have_count(0)
    _, content = download(page, "csv")
    rows = {r["area_code"]: r for r in read_csv(content)}
    assert rows["KG-O"]["notes"] == "'=1+2"
    assert rows["KG-O"]["source_title"] == '\'=HYPERLINK("http://example.org")'
    assert rows["KG-B"]["source_title"] == "'+cmd" and rows["KG-B"]["notes"] == "'-negative note"
    assert rows["KG-C"]["source_title"] == "'@SUM(A1)" and rows["KG-C"]["value"] == "4"
    _, content = download(page, "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(content))["data"]
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"], "a cell became a formula"
    assert "'=1+2" in {c.value for c in cells}
    # The grid shows the text literally (no markup, no formula). AG Grid renders only the columns
    # in view, so check the source column (always in view) rather than the far-right notes.
    shown = page.locator(".ag-center-cols-container")
    expect(shown).to_contain_text('=HYPERLINK("http://example.org")')
    expect(shown).to_contain_text("+cmd")


def test_downloads_need_no_other_host(page, live_server):
    """The ``page`` fixture fails on any request outside 127.0.0.1; a download adds none."""
    open_data(page, live_server, POVERTY)
    download(page, "csv")
    assert all("127.0.0.1" in u or u.startswith(("data:", "blob:")) for u in page.requests)
