"""Exports: provenance columns, README/citations, GeoJSON join, and formula neutralisation.

The fixture dataset holds real figures: BNS population on 1 January 2023 (read from the BNS
fixture) and net international migration of Kazakhstan in 2022 (-6,946, BNS via Liter.kz),
plus one user row whose text cells are hostile (spreadsheet formulas).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from indicators import model
from indicators.dataset import Dataset
from indicators.export import (
    EXPORT_COLUMNS,
    FORMULA_TRIGGERS,
    ExportError,
    Selection,
    export_table,
    neutralise_cell,
    to_csv,
    to_geojson,
    to_xlsx,
    to_zip,
    write,
)
from indicators.sources import Source

BNS_XLSX = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "indicator-sources"
    / "native-formats"
    / "bns_6584_population_by_region.xlsx"
)
HOSTILE = {
    "area_name": '=HYPERLINK("http://evil.example","Алматы")',
    "notes": "@SUM(1+1)*cmd|' /C calc'!A0",
    "source_locator": "+1+1",
    "derived_from": "\t=1",
}
LITER = Source(
    id="liter-2023",
    publisher="BNS, as reported by Liter.kz (Feb 2023)",
    title="Сколько казахстанцев уехали из страны в 2022 году",
    date="2023-02",
    url="https://liter.kz/skolko-kazakhstantsev-uekhali-iz-strany-v-2022-godu-1676002468/amp",
    licence="Official figures quoted in a news article; cite BNS and the article.",
    tier="press_reported",
)
EVIL = Source("=evil", "-publisher", "@title", "", "https://example.org", "+licence", "secondary")


@pytest.fixture(scope="module")
def dataset(data_env) -> Dataset:
    """BNS 2023 population (levels 0-1) + a negative real figure + one hostile user row."""
    from indicators.importers import read_file
    from indicators.importers.bns import SOURCE as BNS_SOURCE

    if not BNS_XLSX.is_file():
        pytest.skip("../shared/indicator-sources/native-formats is not available")
    bns = read_file(BNS_XLSX)
    obs = bns.observations
    obs = obs[(obs["year"] == 2023) & (obs["indicator"] == "population_total")]
    net = dict(obs.iloc[0])  # the national row as a template for a level-0 observation
    net.update(
        indicator="net_migration",
        year=2022,
        value=-6946.0,
        period_start="2022-01-01",
        period_end="2022-12-31",
        status="press_reported",
        source_id=LITER.id,
        area_name="Казахстан",
        notes="",
        obs_id="o-net-2022",
    )
    almaty = dict(obs[obs["area_code"] == "KZ-75"].iloc[0])
    almaty.update(HOSTILE, status="user_import", source_id=EVIL.id, obs_id="o-hostile")
    frame = model.coerce_observations(pd.concat([obs, pd.DataFrame([net, almaty])]))
    bns_source = Source(**{("id" if k == "source_id" else k): v for k, v in BNS_SOURCE.items()})
    return Dataset(
        name="fixture",
        title="Export fixture",
        observations=frame,
        synthetic=False,
        version="1",
        sources={bns_source.id: bns_source, LITER.id: LITER, EVIL.id: EVIL},
    )


@pytest.fixture(scope="module")
def regions(dataset) -> pd.DataFrame:
    return export_table(dataset, Selection("population_total", 2023, 1, "KAZ"))


@pytest.mark.parametrize(
    "text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "＝1", "=cmd|' /C calc'!A0"]
)
def test_formula_text_is_neutralised(text):
    assert neutralise_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Абай", "", "a=b", 5.0, -6946.0, -1, None])
def test_other_values_are_unchanged(value):
    assert neutralise_cell(value) == value


def test_export_table_carries_provenance(regions):
    assert list(regions.columns) == list(EXPORT_COLUMNS)
    abai = regions[regions["area_code"] == "KZ-10"].iloc[0]
    assert abai["value"] == 610205.0
    assert abai["area_name_en"] == "Abai Region" and abai["area_name_ru"] == "область Абай"
    assert abai["area_name_published"] == "Абай"
    assert abai["indicator_label_en"] == "Population, total" and abai["unit"] == "persons"
    assert abai["source_url"] == "https://stat.gov.kz/api/iblock/element/6584/file/ru/"
    assert abai["source_publisher"].startswith("Bureau of National Statistics")
    assert "cite" in abai["source_licence"]
    assert pd.isna(abai["ci_low"]) and pd.isna(abai["ci_high"])
    almaty = regions[regions["area_code"] == "KZ-75"]
    assert list(almaty["status"]) == ["official_table", "user_import"]  # best first
    assert set(regions["year"]) == {2023} and set(regions["level"]) == {1}


def test_selection_filters_and_unknown_indicator(dataset):
    national = export_table(dataset, Selection("population_total", level=0))
    assert list(national["area_code"]) == ["KAZ"]
    assert export_table(dataset, Selection("population_total", country="KGZ")).empty
    with pytest.raises(ExportError, match="closest: population_total"):
        export_table(dataset, Selection("population_totl"))


def _no_formula_cells(cells) -> None:
    for cell in cells:
        if isinstance(cell, str) and cell.startswith(FORMULA_TRIGGERS):
            float(cell)  # only a number may start with '-' or '+'


def test_csv_has_bom_numbers_and_no_live_formulas(dataset, regions):
    data = to_csv(regions)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == list(EXPORT_COLUMNS)
    for row in rows:
        _no_formula_cells(row)
    hostile = next(r for r in rows if r[rows[0].index("obs_id")] == "o-hostile")
    assert hostile[rows[0].index("area_name_published")] == "'" + HOSTILE["area_name"]
    assert hostile[rows[0].index("source_title")] == "'@title"
    net = to_csv(export_table(dataset, Selection("net_migration")))
    back = pd.read_csv(io.BytesIO(net), encoding="utf-8-sig")
    assert back["value"].tolist() == [-6946.0]  # a real negative number stays a number
    assert back["ci_low"].isna().all()


def test_xlsx_has_data_and_readme_without_formulas(dataset, tmp_path):
    table = export_table(dataset, Selection(None, level=0))
    path = tmp_path / "out.xlsx"
    data = to_xlsx(table, dataset, Selection(None, level=0), path, {"Gap score method": "1.0"})
    assert path.read_bytes() == data
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["data", "README"]
    cells = [c for sheet in workbook for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    _no_formula_cells(c.value for c in cells)
    sheet = workbook["data"]
    header = [c.value for c in sheet[1]]
    values = {
        row[header.index("indicator")]: row[header.index("value")]
        for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert values == {"net_migration": -6946, "population_total": 19766807}
    readme = "\n".join(str(c.value) for c in workbook["README"]["A"] if c.value)
    assert "Gap score method: 1.0" in readme
    assert "https://stat.gov.kz/api/iblock/element/6584/file/ru/" in readme
    assert LITER.url in readme and LITER.licence in readme
    assert "Net international migration" in readme  # indicator definitions
    assert "geokz" in readme  # boundary attribution
    assert "never zero" in readme


def test_geojson_joins_values_to_every_unit_of_the_layout(regions):
    collection = json.loads(to_geojson(regions))
    features = collection["features"]
    assert len(features) == 20  # all Kazakh regions of the 2024 layout
    by_code = {f["id"]: f for f in features}
    almaty = by_code["KZ-75"]["properties"]
    assert almaty["value"] == 2161797.0 and almaty["status"] == "official_table"
    assert almaty["source_url"] == "https://stat.gov.kz/api/iblock/element/6584/file/ru/"
    assert by_code["KZ-10"]["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert all(f["properties"]["vintage"] == "2024" for f in features)


def test_geojson_units_without_value_stay_null_and_text_is_neutralised(dataset):
    only_hostile = export_table(dataset, Selection("population_total", 2023, 1))
    only_hostile = only_hostile[only_hostile["obs_id"] == "o-hostile"]
    features = json.loads(to_geojson(only_hostile))["features"]
    assert len(features) == 20
    empty = [f for f in features if f["properties"]["value"] is None]
    assert len(empty) == 19 and empty[0]["properties"]["area_name_en"]
    (hostile,) = [f["properties"] for f in features if f["properties"]["value"] is not None]
    assert hostile["notes"] == "'" + HOSTILE["notes"]
    assert hostile["derived_from"] == "'" + HOSTILE["derived_from"]
    _no_formula_cells(v for f in features for v in f["properties"].values())


def test_geojson_refuses_mixed_levels_and_national_only(dataset):
    mixed = export_table(dataset, Selection("population_total", 2023, 1))
    mixed.loc[0, ["level", "area_code"]] = [2, "KZ103200"]  # pretend one row is a district
    with pytest.raises(ExportError, match="one level"):
        to_geojson(mixed)
    with pytest.raises(ExportError, match="level 1 or 2"):
        to_geojson(export_table(dataset, Selection("population_total", 2023, 0)))


def test_zip_bundle(dataset, regions, tmp_path):
    path = tmp_path / "bundle.zip"
    data = to_zip(regions, dataset, Selection("population_total", 2023, 1), path)
    assert path.read_bytes() == data
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == ["CITATION.cff", "README.md", "data.csv"]
        readme = archive.read("README.md").decode("utf-8")
        citation = archive.read("CITATION.cff").decode("utf-8")
        assert archive.read("data.csv") == to_csv(regions)
    assert readme.startswith("# CAM Atlas") and "stat.gov.kz" in readme
    assert "cff-version: 1.2.0" in citation and "stat.gov.kz" in citation


def test_synthetic_datasets_say_so_in_the_readme(dataset, regions):
    synthetic = Dataset("demo", "Demo", dataset.observations, True, "1", sources=dataset.sources)
    workbook = openpyxl.load_workbook(io.BytesIO(to_xlsx(regions, synthetic, Selection())))
    assert "SYNTHETIC" in workbook["README"]["A2"].value


def test_unknown_format(dataset, regions, tmp_path):
    with pytest.raises(ExportError, match="unknown export format"):
        write(regions, dataset, Selection(), "pdf", tmp_path / "x.pdf")
