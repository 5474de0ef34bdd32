"""The Kazakhstan statistics bureau's (BNS) dynamic-table xlsx, read exactly as BNS publishes it.

Layout of the population-by-region table (stat.gov.kz iblock element 6584), one sheet per sex
("Все население", "Мужчины", "Женщины"):

- optional title rows and a unit row ("человек, на начало года"), merged across the sheet;
- a header row of years (2000 … 2023) — the first row with five or more year cells;
- blocks of rows: Russian region name in column A, one figure per year; "-" where the region
  did not exist that year. The first block is the whole population of that sex; blocks headed
  by a section row ("Городское население", "Сельское население") are urban / rural and are not
  imported (the catalogue has no urban/rural indicators);
- footnote rows at the bottom ("1) Данные за 2000-2016гг. по Южно-Казахстанской области."),
  referenced by a marker after a region name ("Туркестанская 1").

Each figure becomes an observation of ``population_total`` / ``population_male`` /
``population_female`` (persons on 1 January: a one-day period), status ``official_table``,
source ``bns-6584``, with the sheet and cell as ``source_locator``. Region names are resolved
with the year of their column (``geodata.resolve``: BNS re-based 2017 on the 2018 layout);
a footnote that says a row's figures for some years refer to another region ("по
Южно-Казахстанской области") makes those years resolve to that region (South Kazakhstan,
``KZ-51``, before 2017).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from openpyxl.utils import get_column_letter

from indicators.importers.context import ImportContext
from indicators.importers.numbers import NumberError, parse_number
from indicators.importers.problems import Problem, ProblemKind, ProblemParam
from indicators.importers.readers import file_kind, read_xlsx_sheets
from indicators.importers.result import (
    ImportResult,
    observation_id,
    observations_frame,
    sources_frame,
)
from indicators.model import Qualifier, Status

SOURCE_ID = "bns-6584"
SOURCE = {
    "source_id": SOURCE_ID,
    "publisher": "Bureau of National Statistics, Agency for Strategic Planning and Reforms "
    "of the Republic of Kazakhstan",
    "title": "Численность населения Республики Казахстан по регионам (dynamic table 6584)",
    "date": "",
    "url": "https://stat.gov.kz/api/iblock/element/6584/file/ru/",
    "licence": "Official statistics; BNS asks users to cite the source (no open licence stated)",
    "tier": "official_table",
}
NATIONAL_PREFIX = "республика казахстан"
BASE_NOTE = "population at beginning of year (человек, на начало года)"
MIN_YEAR_COLUMNS = 5

# Sheet name (lower case) fragment -> indicator id.
SHEET_INDICATORS = (
    ("муж", "population_male"),
    ("жен", "population_female"),
    ("все", "population_total"),
    ("насел", "population_total"),
)
_MARKER = re.compile(r"^(?P<name>.*?\S)\s*(?P<marker>\d{1,2})\)?$")
_FOOTNOTE = re.compile(r"^\s*(?P<marker>\d{1,2})\)\s*(?P<text>.+)$")
_REFERS_TO = re.compile(
    r"(?P<first>(?:19|20)\d\d)\s*[-–]\s*(?P<last>(?:19|20)\d\d)\s*гг?\.?\s*по\s+"
    r"(?P<region>[А-ЯЁӘҒҚҢӨҰҮҺІа-яёәғқңөұүһі\- ]+?)\s+области",
)


@dataclass(frozen=True)
class Footnote:
    """A footnote: its text and, if it says so, the years whose figures belong to another area."""

    text: str
    first_year: int | None = None
    last_year: int | None = None
    refers_to: str | None = None

    def name_for(self, year: int) -> str | None:
        """The area name the figure of ``year`` really refers to, if the footnote says so."""
        low, high = self.first_year, self.last_year
        if self.refers_to and low is not None and high is not None and low <= year <= high:
            return self.refers_to
        return None


def is_bns_table(path: Path) -> bool:
    """True when ``path`` is an xlsx with a BNS-style years header and a national total row."""
    if file_kind(path) != "xlsx":
        return False
    for rows in read_xlsx_sheets(path).values():
        header = _year_header(rows)
        if header is not None and any(
            _first_text(values).lower().startswith(NATIONAL_PREFIX) for _, values in rows
        ):
            return True
    return False


def read_bns(path: Path, context: ImportContext, file_sha256: str = "") -> ImportResult:
    """Observations of every figure in a BNS population-by-region workbook (module docstring)."""
    file = str(path)
    result = ImportResult(file, "bns", observations_frame([]), sources_frame([SOURCE]))
    records: list[dict] = []
    rows_of_records: list[int] = []
    sheets = read_xlsx_sheets(path)
    # BNS prints the footnotes on some sheets only ("Все население" has none), but a marker means
    # the same on every sheet of the table: collect them workbook-wide, a sheet's own first.
    shared: dict[str, Footnote] = {}
    for rows in sheets.values():
        shared = parse_footnotes(rows) | shared
    for sheet, rows in sheets.items():
        indicator = _sheet_indicator(sheet)
        header = _year_header(rows)
        if indicator is None or header is None:
            continue
        header_index, years = header
        footnotes = shared | parse_footnotes(rows)
        for number, values in _first_block(rows[header_index + 1 :]):
            found = _row_records(
                file, sheet, number, values, years, indicator, footnotes, context, result
            )
            records.extend(found)
            rows_of_records.extend([number] * len(found))
    if not records and not result.problems:
        result.problems.append(
            Problem(
                file,
                0,
                "",
                "no BNS population sheet found (expected sheets 'Все население', "
                "'Мужчины', 'Женщины' with a row of years)",
                ProblemKind.BNS_NO_SHEET,
            )
        )
    result.observations = observations_frame(records)
    result.rows = rows_of_records
    return result


def parse_footnotes(rows: list[tuple[int, list[object]]]) -> dict[str, Footnote]:
    """Footnotes of a sheet by marker, e.g. ``{"1": Footnote("Данные за 2000-2016гг. …")}``."""
    notes: dict[str, Footnote] = {}
    for _, values in rows:
        match = _FOOTNOTE.match(_first_text(values))
        if not match or _numbers_in(values):
            continue
        text = match.group("text").strip()
        refers = _REFERS_TO.search(text)
        if refers:
            region = refers.group("region").strip()
            notes[match.group("marker")] = Footnote(
                text,
                int(refers.group("first")),
                int(refers.group("last")),
                _region_nominative(region),
            )
        else:
            notes[match.group("marker")] = Footnote(text)
    return notes


def _row_records(
    file: str,
    sheet: str,
    number: int,
    values: list[object],
    years: dict[int, int],
    indicator: str,
    footnotes: dict[str, Footnote],
    context: ImportContext,
    result: ImportResult,
) -> list[dict]:
    """One observation per year cell of a region row; problems go to ``result``."""
    printed = _first_text(values)
    name, marker = _split_marker(printed)
    footnote = footnotes.get(marker) if marker else None
    records = []
    for column, year in years.items():
        cell = values[column] if column < len(values) else None
        where = f"{sheet}!{get_column_letter(column + 1)}{number}"
        try:
            value = parse_number(cell, decimal_mark=",")
        except NumberError as exc:
            message = f"not a number: {exc}"
            result.problems.append(Problem(file, number, where, message, exc.kind, exc.params))
            continue
        if value is None:
            continue
        if value < 0:
            message, kind = f"negative population {value:g}", ProblemKind.NEGATIVE_POPULATION
            result.problems.append(Problem(file, number, where, message, kind, {"value": value}))
            continue
        lookup = (footnote.name_for(year) if footnote else None) or name
        try:
            area = context.resolve(lookup, "KAZ", year)
        except Exception as exc:
            if not hasattr(exc, "candidates"):
                raise
            shown = ", ".join(f"{c.name_en} ({c.code})" for c in exc.candidates[:4])
            message = f"unknown region {lookup!r} in {year}; closest: {shown}"
            params: dict[str, ProblemParam] = {
                "name": lookup,
                "year": year,
                "candidates": tuple(c.code for c in exc.candidates[:4]),
            }
            result.problems.append(
                Problem(file, number, where, message, ProblemKind.UNKNOWN_AREA, params)
            )
            continue
        notes = BASE_NOTE + (f"; footnote {marker} in source: {footnote.text}" if footnote else "")
        record = {
            "country": "KAZ",
            "level": int(area.level),
            "area_code": area.code,
            "area_name": printed,
            "vintage": area.vintage,
            "indicator": indicator,
            "period_start": f"{year:04d}-01-01",
            "period_end": f"{year:04d}-01-01",
            "year": year,
            "value": value,
            "qualifier": Qualifier.EXACT.value,
            "unit": context.unit(indicator) if indicator in context.catalogue else "persons",
            "ci_low": None,
            "ci_high": None,
            "status": Status.OFFICIAL_TABLE.value,
            "source_id": SOURCE_ID,
            "source_locator": f"{Path(file).name}, sheet '{sheet}', cell {where.split('!')[1]}",
            "derived_from": "",
            "notes": notes,
        }
        record["obs_id"] = observation_id(record)
        records.append(record)
    return records


def _sheet_indicator(sheet: str) -> str | None:
    """The indicator a sheet holds, from its name ("Мужчины" → ``population_male``)."""
    lowered = sheet.lower()
    for fragment, indicator in SHEET_INDICATORS:
        if fragment in lowered:
            return indicator
    return None


def _year_header(rows: list[tuple[int, list[object]]]) -> tuple[int, dict[int, int]] | None:
    """``(index in rows, {column index: year})`` of the first row with enough year cells."""
    for index, (_, values) in enumerate(rows):
        years = {}
        for column, cell in enumerate(values):
            year = _as_year(cell)
            if year is not None:
                years[column] = year
        if len(years) >= MIN_YEAR_COLUMNS:
            return index, years
    return None


def _first_block(rows: list[tuple[int, list[object]]]) -> list[tuple[int, list[object]]]:
    """Region rows up to the first section row (a label without figures) after the data starts.

    A section row before any region row (the sheet's own label, "Мужчины") is skipped.
    """
    block: list[tuple[int, list[object]]] = []
    for number, values in rows:
        label = _first_text(values)
        if not label:
            continue
        if not _numbers_in(values) and not _has_missing_markers(values):
            if block:
                break
            continue
        block.append((number, values))
    return block


def _as_year(cell: object) -> int | None:
    """A header cell as a year (1990-2100), else None."""
    if isinstance(cell, bool):
        return None
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, int):
        return cell if 1990 <= cell <= 2100 else None
    if isinstance(cell, str) and re.fullmatch(r"(19|20)\d\d(\s*г\.?)?", cell.strip()):
        return int(cell.strip()[:4])
    return None


def _first_text(values: list[object]) -> str:
    """The first cell as stripped text."""
    return str(values[0]).strip() if values and values[0] is not None else ""


def _numbers_in(values: list[object]) -> bool:
    """True when any cell after the first holds a number."""
    return any(isinstance(v, int | float) and not isinstance(v, bool) for v in values[1:])


def _has_missing_markers(values: list[object]) -> bool:
    """True when the row's figure cells are "-" markers (a region that did not exist yet)."""
    return any(isinstance(v, str) and v.strip() in ("-", "–", "—", "...", "…") for v in values[1:])


def _split_marker(printed: str) -> tuple[str, str | None]:
    """ "Туркестанская 1" → ("Туркестанская", "1"); names without a marker unchanged."""
    match = _MARKER.match(printed)
    if match and not printed[:1].isdigit():
        return match.group("name"), match.group("marker")
    return printed, None


def _region_nominative(genitive: str) -> str:
    """ "Южно-Казахстанской" (as in "по … области") → "Южно-Казахстанская" for the resolver."""
    for ending, replacement in (("ской", "ская"), ("цкой", "цкая"), ("ной", "ная")):
        if genitive.endswith(ending):
            return genitive[: -len(ending)] + replacement
    return genitive
