"""Read one build of an Open SDG platform into CAM Atlas observations with full provenance.

For every mapped file ``<lang>/data/<id>.csv`` (``Year``, optional ``SERIES`` and
``UNIT_MEASURE``, disaggregation columns, the territory column, ``GeoCode``, ``Value``) and its
``<lang>/meta/<id>.json``:

- a row whose disaggregation cells are blank (apart from the mapping's fixed filters) is the
  indicator's *total* for its territory and year: an observation;
- any other row of the mapped SERIES/UNIT is a *breakdown* (sex, urban/rural, age, quintile …):
  kept in ``breakdowns`` with a ``breakdown`` column (``Пол=Мужчины; Тип местности=Городская``),
  never summed into a total;
- a blank territory is the national total (level 0); a printed name or the platform GeoCode
  resolves through ``geodata.resolve`` for the layout (vintage) of the row's year;
- ``Сноски на уровне наблюдения`` (a footnote) and empty ``Unnamed: n`` columns are not
  disaggregations: footnotes go to ``notes``;
- a blank value is missing and has no row; provenance: ``source_id`` ``opensdg-<platform>-<id>``
  (publisher, the pinned URL of the build's file, tier ``official_table``), ``source_locator``
  ``<platform> build <commit> (<date>) ru/data/<id>.csv row <n>`` (CSV line, header = 1),
  ``notes`` with the SDG number and title, the data source and the metadata update date;
- values outside the unit's range are flagged (``indicators.plausibility``).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from indicators import model
from indicators.importers.context import ImportContext, default_context
from indicators.importers.result import observation_id, observations_frame, sources_frame
from indicators.model import Qualifier, Status
from indicators.opensdg.mapping import MappingRow, mapping
from indicators.opensdg.platforms import RAW_URL, Platform, ensure_file, get_platform
from indicators.plausibility import flag_implausible

FOOTNOTE_COLUMN = "Сноски на уровне наблюдения"
NON_DISAGGREGATION = {"Year", "Value", "GeoCode", "SERIES", "UNIT_MEASURE", FOOTNOTE_COLUMN}
BREAKDOWN_COLUMNS = (*model.OBSERVATION_COLUMNS, "breakdown")


@dataclass
class BuildRead:
    """What one build gave: totals (``observations``), ``breakdowns`` (same columns plus
    ``breakdown``), ``sources`` (``SOURCE_COLUMNS``), and the territory names that did not
    resolve (``unresolved``: printed name -> reason) with the number of rows they cost."""

    platform: str
    build: str
    observations: pd.DataFrame
    breakdowns: pd.DataFrame
    sources: pd.DataFrame
    unresolved: dict[str, str] = field(default_factory=dict)
    skipped_rows: int = 0
    problems: list[str] = field(default_factory=list)


def read_text(platform: Platform, build: str, path: str) -> str:
    """A verified platform file as text (UTF-8, a BOM dropped)."""
    return ensure_file(platform, build, path).read_bytes().decode("utf-8-sig")


def read_meta(platform: Platform, build: str, sdg_id: str) -> dict[str, Any]:
    """The metadata JSON of one indicator of a build."""
    data: dict[str, Any] = json.loads(
        read_text(platform, build, f"{platform.language}/meta/{sdg_id}.json")
    )
    return data


def data_source(meta: dict[str, Any]) -> str:
    """The data source the metadata names (``data_sources`` or ``source_data_1``), one line."""
    text = str(meta.get("data_sources") or meta.get("source_data_1") or "").strip()
    return " ".join(text.split())


def read_build(
    platform_id: str,
    build: str | None = None,
    rows: tuple[MappingRow, ...] | None = None,
    context: ImportContext | None = None,
) -> BuildRead:
    """Observations of every mapped file of one build (module docstring)."""
    platform = get_platform(platform_id)
    build = platform.check_build(build or platform.pinned_build)
    context = context or default_context()
    selected = [r for r in (rows if rows is not None else mapping()) if r.platform == platform.id]
    totals: list[dict] = []
    parts: list[dict] = []
    sources: list[dict] = []
    result = BuildRead(platform.id, build, pd.DataFrame(), pd.DataFrame(), pd.DataFrame())
    for sdg_id in dict.fromkeys(r.sdg_id for r in selected):
        file_rows = tuple(r for r in selected if r.sdg_id == sdg_id)
        meta = read_meta(platform, build, sdg_id)
        sources.append(_source(platform, build, sdg_id, meta))
        path = f"{platform.language}/data/{sdg_id}.csv"
        text = read_text(platform, build, path)
        found_totals, found_parts = _read_file(platform, build, path, text, file_rows, meta)
        for record in (*found_totals, *found_parts):
            if not _place(record, platform, context, result):
                continue
            record["obs_id"] = observation_id(record, ("breakdown",))
            (parts if record.get("breakdown") else totals).append(record)
    result.observations = flag_implausible(observations_frame(totals))
    frame = observations_frame(parts)
    frame["breakdown"] = [r["breakdown"] for r in parts]
    result.breakdowns = flag_implausible(frame)
    result.sources = sources_frame(sources)
    _check_unique(result)
    return result


def _read_file(
    platform: Platform,
    build: str,
    path: str,
    text: str,
    rows: tuple[MappingRow, ...],
    meta: dict[str, Any],
) -> tuple[list[dict], list[dict]]:
    """(total records, breakdown records) of one data file, before territories are resolved."""
    reader = csv.DictReader(io.StringIO(text))
    columns = [c for c in reader.fieldnames or [] if c]
    breakdown_columns = [
        c
        for c in columns
        if c not in NON_DISAGGREGATION
        and c != platform.territory_column
        and not c.startswith("Unnamed")
    ]
    totals: list[dict] = []
    parts: list[dict] = []
    for line, row in enumerate(reader, start=2):
        value = (row.get("Value") or "").strip()
        if not value:
            continue  # not published: no row
        cells = {c: (row.get(c) or "").strip() for c in columns}
        chosen = _total_of(rows, cells, breakdown_columns)
        breakdown = ""
        if chosen is None:
            chosen = _breakdown_of(rows, cells)
            if chosen is None:
                continue  # a series this project does not map
            fixed = dict(chosen.filters)
            breakdown = "; ".join(
                f"{c}={cells[c]}"
                for c in breakdown_columns
                if cells[c] and fixed.get(c) != cells[c]
            )
        totals_or_parts = parts if breakdown else totals
        totals_or_parts.append(
            _record(platform, build, path, line, cells, value, chosen, meta, breakdown)
        )
    return totals, parts


def _total_of(
    rows: tuple[MappingRow, ...], cells: dict[str, str], breakdown_columns: list[str]
) -> MappingRow | None:
    """The mapping row whose total this data row is, if any."""
    for row in rows:
        fixed = dict(row.filters)
        if row.selects(cells) and all(
            cells.get(c, "") == fixed.get(c, "") for c in breakdown_columns
        ):
            return row
    return None


def _breakdown_of(rows: tuple[MappingRow, ...], cells: dict[str, str]) -> MappingRow | None:
    """The mapping row a breakdown belongs to: the one with the most filters the row satisfies,
    else the first that selects its SERIES/UNIT."""
    candidates = [r for r in rows if r.selects(cells)]
    satisfied = [r for r in candidates if all(cells.get(c) == v for c, v in r.filters)]
    if satisfied:
        return max(satisfied, key=lambda r: len(r.filters))
    return candidates[0] if candidates else None


def _record(
    platform: Platform,
    build: str,
    path: str,
    line: int,
    cells: dict[str, str],
    value: str,
    row: MappingRow,
    meta: dict[str, Any],
    breakdown: str,
) -> dict:
    """One observation record (area still unresolved: ``_territory`` holds the printed name)."""
    year = int(float(cells["Year"]))
    number = meta.get("indicator_number") or row.sdg_id.replace("-", ".")
    title = " ".join(str(meta.get("graph_title") or meta.get("indicator_name") or "").split())
    notes = [f"SDG {number} «{title}»"]
    source = data_source(meta)
    if source:
        notes.append(f"data source: {source}")
    updated = meta.get("national_metadata_updated_date")
    if updated:
        notes.append(f"metadata updated {updated}")
    if cells.get(FOOTNOTE_COLUMN):
        notes.append(f"footnote: {cells[FOOTNOTE_COLUMN]}")
    geocode = cells.get("GeoCode", "")
    locator = (
        f"{platform.id} build {build[:7]} ({platform.build_date(build)}) {path} row {line}"
        + (f", GeoCode {geocode}" if geocode else "")
    )
    return {
        "_territory": cells.get(platform.territory_column, ""),
        "_coverage": str(meta.get("national_geographical_coverage") or platform.country),
        "_geocode": geocode,
        "country": platform.country,
        "indicator": row.indicator,
        "period_start": f"{year:04d}-01-01",
        "period_end": f"{year:04d}-12-31",
        "year": year,
        "value": float(value),
        "qualifier": Qualifier.EXACT.value,
        "ci_low": None,
        "ci_high": None,
        "status": Status.OFFICIAL_TABLE.value,
        "source_id": f"opensdg-{platform.id}-{row.sdg_id}",
        "source_locator": locator,
        "derived_from": "",
        "notes": "; ".join(notes),
        "breakdown": breakdown,
    }


def _place(record: dict, platform: Platform, context: ImportContext, result: BuildRead) -> bool:
    """Resolve the record's territory (blank = national); False (counted) when it fails."""
    from indicators.catalogue import catalogue

    printed = record.pop("_territory")
    coverage = record.pop("_coverage")
    geocode = record.pop("_geocode")
    if geocode in platform.rebased_geocodes:
        record["notes"] += f"; {platform.rebased_geocodes[geocode]['reason']}"
    try:
        area = resolve_territory(platform, printed, record["year"], geocode, context)
    except Exception as exc:  # ResolveError: recorded, the row is left out
        if not hasattr(exc, "candidates"):
            raise
        result.unresolved[printed] = str(exc)
        result.skipped_rows += 1
        return False
    record.update(
        level=int(area.level),
        area_code=area.code,
        area_name=printed or coverage,
        vintage=area.vintage,
        unit=catalogue()[record["indicator"]].unit,
    )
    return True


def resolve_territory(
    platform: Platform, printed: str, year: int, geocode: str, context: ImportContext
) -> Any:
    """The unit a platform territory cell means (blank = the country) in the layout of
    ``year``, or of the later layout a re-based GeoCode refers to (``rebased_geocodes``).
    Raises ``geodata.resolve.ResolveError``."""
    rebased = platform.rebased_geocodes.get(geocode)
    if rebased is not None:
        year = max(year, int(str(rebased["layout_year"])))
    return context.resolve(printed or platform.country, platform.country, year)


def _source(platform: Platform, build: str, sdg_id: str, meta: dict[str, Any]) -> dict:
    """The source row of one platform indicator at one build."""
    number = meta.get("indicator_number") or sdg_id.replace("-", ".")
    name = " ".join(str(meta.get("indicator_name") or "").split())
    path = f"{platform.language}/data/{sdg_id}.csv"
    return {
        "source_id": f"opensdg-{platform.id}-{sdg_id}",
        "publisher": platform.publisher,
        "title": f"SDG {number}: {name} ({platform.platform}, {platform.site}, "
        f"build {build[:7]} of {platform.build_date(build)})",
        "date": platform.build_date(build),
        "url": RAW_URL.format(repository=platform.repository, commit=build, path=path),
        "licence": platform.licence,
        "tier": "official_table",
    }


def _check_unique(result: BuildRead) -> None:
    """A key printed twice (two values for one indicator, area, year and breakdown) keeps both
    rows: the later one gets an id from its file row and a note, and is reported."""
    for name in ("observations", "breakdowns"):
        frame: pd.DataFrame = getattr(result, name).copy()
        repeated = frame["obs_id"].duplicated()
        for index in frame.index[repeated]:
            locator = frame.at[index, "source_locator"]
            frame.at[index, "obs_id"] = model.make_obs_id(frame.at[index, "obs_id"], locator)
            frame.at[index, "notes"] += "; the platform prints another value for this key"
            result.problems.append(
                f"{locator}: a second value for the same key ({frame.at[index, 'indicator']}, "
                f"{frame.at[index, 'area_code']}, {frame.at[index, 'year']}) is kept "
                "beside the first"
            )
        setattr(result, name, frame)
