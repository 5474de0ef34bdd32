"""The files behind the download buttons: CSV, XLSX, GeoJSON and ZIP of a selection (no Dash).

A selection is the shared filter as URL query values (``dashboard.data_page.state``: ``dataset,
country, level, region, areas, indicator, year, lang``), parsed again on the server so a
tampered browser store cannot ask for anything else. The bytes come from
``indicators.export`` (provenance columns, README sheet, citation, formula-cell
neutralisation); this module only cuts the table to the filter, names the file and adds the
filter to the README. A SYNTHETIC dataset says so in the file name and in the README.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from dashboard.data_page import table as data_table
from dashboard.data_page.state import DataState, parse_query
from dashboard.i18n import t

FORMATS: tuple[str, ...] = ("csv", "xlsx", "geojson", "zip")
MIMETYPES: dict[str, str] = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "geojson": "application/geo+json",
    "zip": "application/zip",
}
_LEVEL_NAMES = {0: "national", 1: "regions", 2: "districts"}


class DownloadError(data_table.DataSelectionError):
    """A download that cannot be made for this selection (message in the UI language)."""


@dataclass(frozen=True)
class DownloadFile:
    """One file to send: its name, bytes and MIME type."""

    filename: str
    content: bytes
    mimetype: str


@dataclass(frozen=True)
class Availability:
    """Which formats a selection allows, and why not (texts in the UI language)."""

    rows: int
    enabled: dict[str, bool]
    notes: list[str]
    synthetic: bool


def state_of(selection: Mapping[str, object] | None) -> DataState:
    """The validated state of a selection dict (malformed values fall back to defaults)."""
    state, _ = parse_query(dict(selection or {}))
    return state


def geojson_possible(state: DataState) -> bool:
    """GeoJSON holds one indicator at one level with boundaries (regions or districts)."""
    return bool(state.indicator) and state.level in (1, 2)


def availability(selection: Mapping[str, object] | None) -> Availability:
    """How many figures the selection has and which buttons make sense for it."""
    state = state_of(selection)
    dataset = data_table.load(state)
    rows = len(data_table.filtered_table(dataset, state))
    lang = state.lang
    enabled = {fmt: rows > 0 for fmt in FORMATS}
    enabled["geojson"] = rows > 0 and geojson_possible(state)
    notes = [t("data.downloads.rows", lang, count=rows)]
    if rows == 0:
        notes.append(t("data.downloads.empty", lang))
    elif not geojson_possible(state):
        notes.append(t("data.downloads.geojson_needs", lang))
    else:
        notes.append(t("data.downloads.geojson_latest", lang))
    if dataset.synthetic:
        notes.append(t("data.downloads.synthetic", lang))
    return Availability(rows, enabled, notes, bool(dataset.synthetic))


def filename(state: DataState, dataset, fmt: str) -> str:
    """E.g. ``cam-atlas_default_KGZ_regions_extreme_poverty_pct_2021.xlsx``; SYNTHETIC data
    starts with ``SYNTHETIC_``; a region or areas filter adds ``_KG-O`` / ``_3-areas``."""
    parts = [
        "cam-atlas",
        dataset.name,
        state.country,
        _LEVEL_NAMES[state.level],
        state.indicator or "all-indicators",
        state.year_text.replace("-", "to") if state.year_text else "all-years",
    ]
    if state.region:
        parts.append(state.region)
    if state.areas and state.level > 0:
        parts.append(f"{len(state.areas)}-areas")
    name = "_".join(parts) + f".{fmt}"
    return ("SYNTHETIC_" + name) if dataset.synthetic else name


def readme_extra(state: DataState) -> dict[str, str]:
    """Filter lines for the README (on top of ``Selection.describe``)."""
    extra = {"Years": state.year_text or "all years with figures"}
    if state.region:
        extra["Region filter"] = f"{state.region} (the region and its districts)"
    if state.areas and state.level > 0:
        extra["Areas filter"] = (
            ", ".join(state.areas) + " (a region stands for itself and its districts)"
        )
    return extra


def make(selection: Mapping[str, object] | None, fmt: str) -> DownloadFile:
    """The file of ``selection`` in ``fmt`` (one of ``FORMATS``).

    Raises DownloadError (translated) for an empty selection, an unknown format or a GeoJSON
    the selection cannot give; ``indicators.export.ExportError`` passes through.
    """
    from indicators import export

    state = state_of(selection)
    lang = state.lang
    if fmt not in FORMATS:
        raise DownloadError(f"unknown format {fmt!r}")
    dataset = data_table.load(state)
    table = data_table.filtered_table(dataset, state)
    if table.empty:
        raise DownloadError(t("data.downloads.empty", lang))
    selected = data_table.selection(state)
    extra = readme_extra(state)
    if fmt == "csv":
        content = export.to_csv(table)
    elif fmt == "xlsx":
        content = export.to_xlsx(table, dataset, selected, extra=extra)
    elif fmt == "zip":
        content = export.to_zip(table, dataset, selected, extra=extra)
    else:
        if not geojson_possible(state):
            raise DownloadError(t("data.downloads.geojson_needs", lang))
        content = _geojson_in_scope(export.to_geojson(table), state)
    return DownloadFile(filename(state, dataset, fmt), content, MIMETYPES[fmt])


def _geojson_in_scope(content: bytes, state: DataState) -> bytes:
    """Only the features inside the region/areas filter (the export writes whole layers)."""
    if not state.region and not state.areas:
        return content
    collection = json.loads(content)
    codes = pd.Series([f["id"] for f in collection["features"]], dtype=object)
    vintages = [f["properties"].get("vintage") or "" for f in collection["features"]]
    frame = pd.DataFrame({"area_code": codes, "vintage": vintages})
    keep = data_table.in_scope(frame, state).tolist()
    collection["features"] = [f for f, k in zip(collection["features"], keep, strict=True) if k]
    return json.dumps(collection, ensure_ascii=False, allow_nan=False).encode("utf-8")
