"""Downloads with their provenance: CSV, XLSX (with a README sheet), GeoJSON and a ZIP bundle.

Pure functions shared by ``cam-atlas export`` and the dashboard's download buttons:

- ``export_table(dataset, selection)``: the observations of a selection joined with their
  source (publisher, title, URL, licence), indicator (label, definition, unit) and area names
  (English, Russian), in ``EXPORT_COLUMNS`` order. Missing numbers stay empty, never 0.
- ``to_csv`` / ``to_xlsx`` / ``to_geojson`` / ``to_zip``: bytes (also written to ``path`` when
  given). Every text cell that a spreadsheet would execute (starting with ``= + - @``, tab or
  carriage return, or their full-width forms) is prefixed with ``'`` by ``neutralise_cell``,
  in every format; numbers, negative ones included, stay numbers.

CSV is UTF-8 **with** a byte-order mark, comma-separated, decimal point: Excel (whose Russian
locale would otherwise read UTF-8 as Windows-1251 and garble Cyrillic) opens it correctly, and
pandas, R and the CAM Atlas importer read the mark transparently.
GeoJSON uses the analysis-grade boundaries (``geodata.layers.load_layer``, EPSG:4326) of the
layout each value refers to, one feature per area (the latest year, then the best status).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, cast

import pandas as pd

from geodata.errors import UserFacingError
from indicators import model

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from indicators.dataset import DatasetLike

EXPORT_COLUMNS: tuple[str, ...] = (
    "country",
    "level",
    "area_code",
    "area_name_en",
    "area_name_ru",
    "area_name_published",
    "vintage",
    "indicator",
    "indicator_label_en",
    "indicator_label_ru",
    "year",
    "period_start",
    "period_end",
    "value",
    "unit",
    "qualifier",
    "ci_low",
    "ci_high",
    "status",
    "source_id",
    "source_publisher",
    "source_title",
    "source_date",
    "source_url",
    "source_licence",
    "source_locator",
    "notes",
    "derived_from",
    "obs_id",
    "dataset",
    "dataset_version",
)
FORMATS: tuple[str, ...] = ("csv", "xlsx", "geojson", "zip")
# Leading characters that make Excel / LibreOffice / Google Sheets evaluate a cell (OWASP CSV
# injection), with the full-width forms some spreadsheets also accept.
FORMULA_TRIGGERS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
PROJECT = "CAM Atlas (Children Affected by Migration)"


class ExportError(UserFacingError):
    """A selection that cannot be exported in the requested format."""


@dataclass(frozen=True)
class Selection:
    """What to export: one indicator (or all when None), optionally one year/level/country."""

    indicator: str | None = None
    year: int | None = None
    level: int | None = None
    country: str | None = None

    def describe(self) -> str:
        """A one-line description, e.g. ``indicator=population_total, year=2023, level=1``."""
        parts = [f"{k}={v}" for k, v in vars(self).items() if v is not None]
        return ", ".join(parts) or "everything"


def neutralise_cell(value: object) -> object:
    """``value`` with a leading ``'`` when it is text a spreadsheet would run as a formula.

    Numbers (including negative ones) and other non-text values are returned unchanged.
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def neutralise_frame(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``table`` with ``neutralise_cell`` applied to every text cell and header."""
    out = table.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise_cell)
    out.columns = [neutralise_cell(str(c)) for c in out.columns]
    return out


def export_table(dataset: DatasetLike, selection: Selection) -> pd.DataFrame:
    """The selected observations of ``dataset`` with provenance columns (``EXPORT_COLUMNS``).

    Sorted by indicator, country, level, area code, year and status (best first). Raises
    ``ExportError`` for an indicator id that is not in the catalogue.
    """
    from indicators.catalogue import catalogue

    indicators = catalogue()
    if selection.indicator is not None and selection.indicator not in indicators:
        import difflib

        close = difflib.get_close_matches(selection.indicator, list(indicators), n=3)
        hint = f"; closest: {', '.join(close)}" if close else ""
        raise ExportError(f"unknown indicator {selection.indicator!r}{hint}")
    rows = _select(dataset.observations, selection)
    sources = dataset.sources
    out = pd.DataFrame(index=rows.index)
    for column in ("country", "level", "area_code"):
        out[column] = rows[column]
    names = [_area_names(c, v) for c, v in zip(rows["area_code"], rows["vintage"], strict=True)]
    out["area_name_en"] = [n.get("en", "") for n in names]
    out["area_name_ru"] = [n.get("ru", "") for n in names]
    out["area_name_published"] = rows["area_name"]
    for column in ("vintage", "indicator"):
        out[column] = rows[column]
    for lang in ("en", "ru"):
        out[f"indicator_label_{lang}"] = rows["indicator"].map(
            lambda i, lang=lang: indicators[i].label(lang) if i in indicators else ""
        )
    for column in ("year", "period_start", "period_end", "value", "unit", "qualifier"):
        out[column] = rows[column]
    for column in ("ci_low", "ci_high", "status", "source_id"):
        out[column] = rows[column]
    for field in ("publisher", "title", "date", "url", "licence"):
        out[f"source_{field}"] = rows["source_id"].map(
            lambda s, field=field: getattr(sources.get(s), field, "") if s in sources else ""
        )
    for column in ("source_locator", "notes", "derived_from", "obs_id"):
        out[column] = rows[column]
    out["dataset"] = dataset.name
    out["dataset_version"] = str(dataset.version)
    return out[list(EXPORT_COLUMNS)].reset_index(drop=True)


def to_csv(table: pd.DataFrame, path: Path | str | None = None) -> bytes:
    """CSV bytes (UTF-8 with BOM, comma, decimal point), formula cells neutralised."""
    # %.15g: 610205 rather than 610205.0, 10.1 rather than 10.099999999999999; exact for
    # every figure with up to 15 significant digits.
    text = neutralise_frame(table).to_csv(index=False, lineterminator="\r\n", float_format="%.15g")
    data = text.encode("utf-8-sig")
    return _written(data, path)


def to_xlsx(
    table: pd.DataFrame,
    dataset: DatasetLike,
    selection: Selection,
    path: Path | str | None = None,
    extra: Mapping[str, str] | None = None,
) -> bytes:
    """XLSX bytes: sheet ``data`` (the table) and sheet ``README`` (``readme_lines``).

    ``extra`` adds lines to the README, e.g. ``{"Gap score method": "1.0"}``.
    """
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = openpyxl.Workbook()
    data = cast("Worksheet", workbook.active)  # a new workbook's one sheet
    data.title = "data"
    safe = neutralise_frame(table)
    data.append(list(safe.columns))
    for row in safe.itertuples(index=False, name=None):
        data.append([_xlsx_value(v) for v in row])
    for cell in data[1]:
        cell.font = Font(bold=True)
    data.freeze_panes = "A2"
    for index, column in enumerate(safe.columns, start=1):
        data.column_dimensions[get_column_letter(index)].width = min(max(len(column), 10) + 2, 40)
    readme = workbook.create_sheet("README")
    for kind, text in readme_lines(table, dataset, selection, extra):
        readme.append([neutralise_cell("    " + text if kind == "detail" else text)])
        if kind in ("title", "heading"):
            size = 14 if kind == "title" else 12
            readme.cell(readme.max_row, 1).font = Font(bold=True, size=size)
    readme.column_dimensions["A"].width = 120
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _written(buffer.getvalue(), path)


def to_geojson(table: pd.DataFrame, path: Path | str | None = None) -> bytes:
    """GeoJSON FeatureCollection (EPSG:4326) of one level: every unit of each layout used.

    One feature per area: its latest row, then the best status (``model.status_rank``).
    Units without a value keep ``value: null``. Raises ``ExportError`` when the table mixes
    levels 1 and 2 or holds only national (level 0) rows.
    """
    from geodata.layers import load_layer

    rows = table[table["level"].astype(int) > 0]
    levels = sorted(set(rows["level"].astype(int)))
    if not levels:
        raise ExportError("GeoJSON needs regional or district rows (level 1 or 2), not national")
    if len(levels) > 1:
        raise ExportError("GeoJSON holds one level at a time: choose --level 1 or --level 2")
    best = _one_per_area(rows)
    features = []
    for (country, level), group in best.groupby(["country", "level"], sort=True):
        keep_empty = group["vintage"].nunique() == 1  # no-data units only when one layout
        for vintage, part in group.groupby("vintage", sort=True):
            layer = load_layer(country, int(level), vintage or None)
            joined = layer[["code", "name_en", "name_ru", "geometry"]].merge(
                part, left_on="code", right_on="area_code", how="left"
            )
            if not keep_empty:
                joined = joined[joined["area_code"].notna()]
            fixed = {"country": country, "level": int(level), "vintage": vintage}
            features.extend(_features(joined, list(table.columns), fixed))
    collection = {"type": "FeatureCollection", "features": features}
    data = json.dumps(collection, ensure_ascii=False, allow_nan=False).encode("utf-8")
    return _written(data, path)


def to_zip(
    table: pd.DataFrame,
    dataset: DatasetLike,
    selection: Selection,
    path: Path | str | None = None,
    extra: Mapping[str, str] | None = None,
) -> bytes:
    """ZIP bytes with ``data.csv``, ``README.md`` and ``CITATION.cff``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.csv", to_csv(table))
        archive.writestr("README.md", readme_markdown(table, dataset, selection, extra))
        archive.writestr("CITATION.cff", citation_cff(table, dataset))
    return _written(buffer.getvalue(), path)


def write(
    table: pd.DataFrame,
    dataset: DatasetLike,
    selection: Selection,
    format: str,
    path: Path | str,
    extra: Mapping[str, str] | None = None,
) -> bytes:
    """Write ``table`` in ``format`` (one of ``FORMATS``) to ``path``; returns the bytes."""
    if format == "csv":
        return to_csv(table, path)
    if format == "xlsx":
        return to_xlsx(table, dataset, selection, path, extra)
    if format == "geojson":
        return to_geojson(table, path)
    if format == "zip":
        return to_zip(table, dataset, selection, path, extra)
    raise ExportError(f"unknown export format {format!r}; use one of {', '.join(FORMATS)}")


def readme_lines(
    table: pd.DataFrame,
    dataset: DatasetLike,
    selection: Selection,
    extra: Mapping[str, str] | None = None,
) -> list[tuple[str, str]]:
    """The README as ``(kind, text)`` lines; kind is ``title``, ``heading``, ``text``, ``item``
    or ``detail`` (a sub-item of the item above).

    Sections: title and generation date, dataset and selection, sources used (with licences
    and citations), indicator definitions, boundary attribution, and how to read the columns.
    """
    from indicators.catalogue import catalogue

    generated = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines: list[tuple[str, str]] = [("title", f"{PROJECT}: data export")]
    if dataset.synthetic:
        lines.append(("heading", "SYNTHETIC DATA: these figures are invented, not real."))
    lines += [
        ("text", f"Generated: {generated}"),
        ("text", f"Dataset: {dataset.name} (version {dataset.version}): {dataset.title}"),
        ("text", f"Selection: {selection.describe()}; {len(table)} rows"),
    ]
    lines += [("text", f"{key}: {value}") for key, value in (extra or {}).items()]
    lines.append(("heading", "Sources (cite these when you use the figures)"))
    sources = dataset.sources
    for source_id in sorted(set(table["source_id"])):
        source = sources.get(source_id)
        if source is None:
            lines.append(("item", f"[{source_id}] (no source record)"))
            continue
        lines.append(("item", f"[{source_id}] {source.citation()}"))
        lines.append(("detail", f"Licence / terms: {source.licence or 'not stated'}"))
        lines.append(("detail", f"Tier: {source.tier}"))
    lines.append(("heading", "Indicator definitions"))
    indicators = catalogue()
    for indicator_id in sorted(set(table["indicator"])):
        indicator = indicators.get(indicator_id)
        if indicator is None:
            continue
        lines.append(("item", f"{indicator_id}: {indicator.label('en')} [{indicator.unit}]"))
        for lang in ("en", "ru"):
            if indicator.definition.get(lang):
                lines.append(("detail", f"{lang}: {indicator.definition[lang]}"))
    lines.append(("heading", "Boundaries"))
    lines += [("item", credit) for credit in boundary_credits(set(table["country"]))]
    lines.append(("heading", "How to read this table"))
    lines += [("item", text) for text in _COLUMN_NOTES]
    return lines


def readme_markdown(
    table: pd.DataFrame,
    dataset: DatasetLike,
    selection: Selection,
    extra: Mapping[str, str] | None = None,
) -> str:
    """``readme_lines`` as Markdown (for the ZIP bundle)."""
    prefix = {"title": "\n# ", "heading": "\n## ", "item": "- ", "detail": "  - ", "text": ""}
    out = []
    for kind, text in readme_lines(table, dataset, selection, extra):
        line = prefix[kind] + text + ("  " if kind == "text" else "")
        out.append(line + ("\n" if kind in ("title", "heading") else ""))
    return "\n".join(out).lstrip() + "\n"


def citation_cff(table: pd.DataFrame, dataset: DatasetLike) -> str:
    """A CITATION.cff (YAML) naming the CAM Atlas export and every source used."""
    sources = dataset.sources
    today = dt.date.today().isoformat()
    lines = [
        "cff-version: 1.2.0",
        'message: "Please cite the original sources listed under references."',
        f"title: {_yaml(f'{PROJECT}: export of dataset {dataset.name} ({dataset.version})')}",
        "type: dataset",
        "authors:",
        "  - name: CAM Atlas contributors",
        f"date-released: {today}",
        "references:",
    ]
    for source_id in sorted(set(table["source_id"])):
        source = sources.get(source_id)
        if source is None:
            continue
        lines += [
            "  - type: data",
            f"    title: {_yaml(source.title or source_id)}",
            "    authors:",
            f"      - name: {_yaml(source.publisher or 'unknown publisher')}",
        ]
        if source.url:
            lines.append(f"    url: {_yaml(source.url)}")
        if source.licence:
            lines.append(f"    notes: {_yaml('Licence / terms: ' + source.licence)}")
    return "\n".join(lines) + "\n"


def boundary_credits(countries: set[str]) -> list[str]:
    """Attribution lines of the boundary datasets behind the given countries."""
    from geodata.sources import DATASETS

    used = {"KAZ": ("geokz",), "KGZ": ("ocha-cod-kgz", "wof-kg")}
    ids = [d for c in sorted(countries) for d in used.get(c, ())]
    return [f"{DATASETS[i].credit}. {DATASETS[i].homepage}" for i in ids if i in DATASETS]


_COLUMN_NOTES = (
    "Empty value cells mean the figure was not published; they are never zero.",
    "status: official_table > official_derived > press_reported > secondary > derived > "
    "user_import > synthetic (from most to least authoritative).",
    "qualifier: exact, rounded (published rounded), lower_bound ('more than'), approximate.",
    "area_code: ISO 3166-2 for regions, pcodes for districts; vintage: the boundary layout the "
    "figure refers to (a code can cover different territory in another layout).",
    "area_name_published: the name exactly as the source printed it.",
    "Text cells starting with = + - @ are prefixed with ' so spreadsheets do not run them.",
)


def _select(observations: pd.DataFrame, selection: Selection) -> pd.DataFrame:
    """Rows matching the selection, sorted (indicator, country, level, area, year, status)."""
    mask = pd.Series(True, index=observations.index)
    if selection.indicator is not None:
        mask &= observations["indicator"] == selection.indicator
    if selection.year is not None:
        mask &= observations["year"] == int(selection.year)
    if selection.level is not None:
        mask &= observations["level"] == int(selection.level)
    if selection.country is not None:
        mask &= observations["country"] == selection.country.upper()
    rows = observations[mask]
    ranked = rows.assign(_rank=rows["status"].map(model.status_rank))
    ranked = ranked.sort_values(
        ["indicator", "country", "level", "area_code", "year", "_rank", "obs_id"],
        kind="mergesort",
    )
    return ranked.drop(columns="_rank")


@lru_cache(maxsize=4096)
def _area_names(code: str, vintage: str) -> dict[str, str]:
    """English/Russian names of a unit in its layout ({} when geodata does not know it)."""
    from geodata import gazetteer

    for wanted in (vintage or None, None):
        try:
            return gazetteer.names(code, wanted)
        except UserFacingError:
            continue
    return {}


def _one_per_area(rows: pd.DataFrame) -> pd.DataFrame:
    """The preferred row per area: latest year, then best status, then latest period end."""
    ranked = rows.assign(_rank=rows["status"].map(model.status_rank))
    ranked = ranked.sort_values(
        ["area_code", "year", "_rank", "period_end", "obs_id"],
        ascending=[True, False, True, False, True],
        kind="mergesort",
    )
    return ranked.drop_duplicates("area_code", keep="first").drop(columns="_rank")


def _features(joined: pd.DataFrame, columns: list[str], fixed: dict[str, object]) -> list[dict]:
    """GeoJSON features from a layer joined with export rows (properties neutralised).

    Units without a row get the layer's names, ``fixed`` (country, level, vintage) and nulls.
    """
    features = []
    for row in joined.itertuples(index=False):
        values = row._asdict()
        properties = {column: _json_value(values.get(column)) for column in columns}
        properties.update(fixed)
        properties["area_code"] = row.code
        properties["area_name_en"] = properties.get("area_name_en") or row.name_en
        properties["area_name_ru"] = properties.get("area_name_ru") or row.name_ru
        features.append(
            {
                "type": "Feature",
                "id": row.code,
                "properties": {k: neutralise_cell(v) for k, v in properties.items()},
                "geometry": row.geometry.__geo_interface__,
            }
        )
    return features


def _json_value(value: object) -> object:
    """A cell as a JSON value: NaN/NA → null, numpy scalars → Python numbers."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _xlsx_value(value: object) -> object:
    """A cell for openpyxl: NaN/NA → empty, numpy scalars → Python numbers."""
    return _json_value(value)


def _yaml(text: str) -> str:
    """A YAML double-quoted scalar."""
    return json.dumps(str(text), ensure_ascii=False)


def _written(data: bytes, path: Path | str | None) -> bytes:
    """Write ``data`` to ``path`` (when given, via a temporary file + rename); return it."""
    if path is not None:
        target = Path(path)
        temporary = target.with_name(f".{target.name}.partial")
        temporary.write_bytes(data)
        temporary.replace(target)
    return data
