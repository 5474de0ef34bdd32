"""The CAM Atlas import template (docs/IMPORT.md): one row per figure, mapped to observations.

Columns: ``country, region, indicator, year, value`` (required) and ``period_start,
period_end, unit, source, source_url, notes, ci_low, ci_high, status, qualifier`` (optional).

Each row becomes one observation (``indicators.model.OBSERVATION_COLUMNS``):

- ``region`` (a code or a name in English, Russian, Kazakh or Kyrgyz) is resolved with
  ``geodata.resolve.resolve(region, country, year=year)``; the level and boundary vintage come
  from the match. ``country`` may be ``KAZ``/``KGZ``, ``KZ``/``KG`` or the country's name.
- ``indicator`` must be a catalogue id; ``unit`` defaults to the catalogue unit.
- ``period_start`` defaults to 1 January of ``year``, ``period_end`` to 31 December.
- ``status`` defaults to ``user_import``; ``qualifier`` to ``exact``.
- ``source``/``source_url`` become a source record of the dataset (id ``user-<hash>``); rows
  without a source cite the imported file itself (id ``file-<sha256 prefix>``).
- ``source_locator`` records the file name and row: provenance down to the line.

A value written as a missing marker ("н/д", "-", "...") leaves the row out unchecked (counted
in ``ImportResult.skipped_missing``): a missing value stays missing, never 0. Value checks that
need the whole file (ranges, duplicates) are in ``indicators.validate``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Final, Literal, Protocol

from indicators.importers.context import ImportContext
from indicators.importers.numbers import NumberError, guess_decimal_mark, is_missing, parse_number
from indicators.importers.problems import Problem, ProblemKind, ProblemParam
from indicators.importers.readers import Table, UncomputedFormula
from indicators.importers.result import (
    ImportResult,
    observation_id,
    observations_frame,
    short_hash,
    sources_frame,
)
from indicators.model import Qualifier, Status

if TYPE_CHECKING:
    from geodata.resolve import AreaMatch


class _Bad(Protocol):
    """Records a problem of the current row: column, English message, kind and its params."""

    def __call__(
        self, column: str, message: str, kind: ProblemKind, **params: ProblemParam
    ) -> None: ...


REQUIRED_COLUMNS: tuple[str, ...] = ("country", "region", "indicator", "year", "value")
OPTIONAL_COLUMNS: tuple[str, ...] = (
    "period_start",
    "period_end",
    "unit",
    "source",
    "source_url",
    "notes",
    "ci_low",
    "ci_high",
    "status",
    "qualifier",
)
TEMPLATE_COLUMNS: tuple[str, ...] = REQUIRED_COLUMNS + OPTIONAL_COLUMNS

# Statuses that claim someone else published the figure: they need a ``source``.
CITED_STATUSES = frozenset(s.value for s in Status) - {Status.USER_IMPORT, Status.SYNTHETIC}
EXAMPLE_MARKERS = ("example", "пример")

COUNTRY_NAMES: dict[str, str] = {
    "kaz": "KAZ",
    "kz": "KAZ",
    "kazakhstan": "KAZ",
    "казахстан": "KAZ",
    "республика казахстан": "KAZ",
    "қазақстан": "KAZ",
    "kgz": "KGZ",
    "kg": "KGZ",
    "kyrgyzstan": "KGZ",
    "kyrgyz republic": "KGZ",
    "кыргызстан": "KGZ",
    "киргизия": "KGZ",
    "кыргызская республика": "KGZ",
    "қырғызстан": "KGZ",
}


def check_columns(table: Table) -> list[Problem]:
    """Problems with the header (none, required columns missing, unknown or repeated columns)
    and a header without data rows. An empty file is already reported by the reader."""
    file, row = table.file, table.header_row or 1
    if not table.header:
        expected = ", ".join(REQUIRED_COLUMNS)
        message = f"no header row: the first row must name the columns ({expected})"
        missing = Problem(
            file,
            table.header_row,
            "",
            message,
            ProblemKind.HEADER_MISSING,
            {"expected": REQUIRED_COLUMNS},
        )
        return [] if table.problems else [missing]
    problems: list[Problem] = []
    for column in REQUIRED_COLUMNS:
        if column not in table.header:
            problems.append(
                Problem(
                    file,
                    row,
                    column,
                    f"required column missing (header is: {', '.join(table.header)}; "
                    f"expected {', '.join(REQUIRED_COLUMNS)})",
                    ProblemKind.HEADER_MISSING_COLUMN,
                    {"header": tuple(table.header), "expected": REQUIRED_COLUMNS},
                )
            )
    seen: set[str] = set()
    for column in table.header:
        if column in seen and column:
            problems.append(
                Problem(
                    file, row, column, "column appears twice", ProblemKind.HEADER_REPEATED_COLUMN
                )
            )
        seen.add(column)
        if column not in TEMPLATE_COLUMNS and _column_has_data(table, column):
            close = difflib.get_close_matches(column, TEMPLATE_COLUMNS, n=1, cutoff=0.6)
            hint = f"did you mean {close[0]!r}? " if close else ""
            message = f"unknown column; {hint}allowed: {', '.join(TEMPLATE_COLUMNS)}"
            params: dict[str, ProblemParam] = {
                "suggestion": close[0] if close else "",
                "allowed": TEMPLATE_COLUMNS,
            }
            kind = ProblemKind.HEADER_UNKNOWN_COLUMN
            problems.append(Problem(file, row, column or "(no name)", message, kind, params))
    if not table.rows and not table.problems:
        problems.append(
            Problem(file, row, "", "the file has no data rows", ProblemKind.NO_DATA_ROWS)
        )
    return problems


def map_table(table: Table, context: ImportContext, file_sha256: str = "") -> ImportResult:
    """Map every template row to an observation; collect a problem for every bad cell."""
    result = ImportResult(table.file, "template", observations_frame([]), sources_frame([]))
    result.problems = list(table.problems) + check_columns(table)
    if not table.header or any(c not in table.header for c in REQUIRED_COLUMNS):
        return result
    file_source = _file_source(table.file, file_sha256)
    mapper = _RowMapper(table.file, context, _decimal_mark(table), file_source["source_id"])
    records: list[dict] = []
    sources = {file_source["source_id"]: file_source}
    for number, cells in table.rows:
        record = mapper.map_row(number, cells, result.problems, sources)
        if record is _SKIPPED:
            result.skipped_missing += 1
        elif record is not None:
            records.append(record)
            result.rows.append(number)
    result.observations = observations_frame(records)
    used = set(result.observations["source_id"])
    result.sources = sources_frame([s for s in sources.values() if s["source_id"] in used])
    result.synthetic = set(result.observations["status"]) == {Status.SYNTHETIC.value}
    return result


class _Skip(Enum):
    SKIPPED = "skipped"


_SKIPPED: Final = _Skip.SKIPPED  # sentinel: the row's value is a missing marker


class _RowMapper:
    """Turns one template row into an observation record, appending problems as found."""

    def __init__(
        self, file: str, context: ImportContext, decimal_mark: str | None, file_source: str
    ) -> None:
        self.file = file
        self.context = context
        self.decimal_mark = decimal_mark
        self.file_source = file_source
        self.name = Path(file).name

    def map_row(
        self, row: int, cells: dict[str, object], problems: list[Problem], sources: dict
    ) -> dict | Literal[_Skip.SKIPPED] | None:
        """The observation record for ``cells``, ``_SKIPPED``, or None when it has problems."""
        found: list[Problem] = []

        def bad(column: str, message: str, kind: ProblemKind, **params: ProblemParam) -> None:
            found.append(Problem(self.file, row, column, message, kind, params))

        if is_missing(cells.get("value")):
            # "н/д", "-": nothing to import, so nothing to check (a region that did not exist
            # that year, as in wide tables turned long, is not a problem here).
            return _SKIPPED
        text = {k: _text(v) for k, v in cells.items()}
        notes = text.get("notes", "")
        if notes.lower().startswith(EXAMPLE_MARKERS):
            message = "this is the template's example row; delete it before importing"
            bad("notes", message, ProblemKind.EXAMPLE_ROW)
        year = self._year(cells.get("year"), bad)
        value = self._number(cells.get("value"), "value", bad)
        ci_low = self._number(cells.get("ci_low"), "ci_low", bad)
        ci_high = self._number(cells.get("ci_high"), "ci_high", bad)
        indicator = self._indicator(text.get("indicator", ""), bad)
        country = self._country(text.get("country", ""), bad)
        area = self._area(text.get("region", ""), country, year, bad)
        status = self._status(text, bad)
        qualifier = self._qualifier(text.get("qualifier", ""), bad)
        unit = self._unit(text.get("unit", ""), indicator, bad)
        period_start = self._date(cells.get("period_start"), "period_start", year, bad, 1, 1)
        period_end = self._date(cells.get("period_end"), "period_end", year, bad, 12, 31)
        if period_start and period_end and period_start > period_end:
            bad(
                "period_end",
                f"period_end {period_end} is before period_start {period_start}",
                ProblemKind.PERIOD_REVERSED,
                start=period_start.isoformat(),
                end=period_end.isoformat(),
            )
        if found:
            problems.extend(found)
            return None
        # each helper that returned None reported a problem, so none is None here
        assert area is not None and period_start is not None and period_end is not None
        source_id = self._source(text, sources)
        record = {
            "country": area.country,
            "level": int(area.level),
            "area_code": area.code,
            "area_name": text.get("region", ""),
            "vintage": area.vintage,
            "indicator": indicator,
            "period_start": period_start.isoformat(),
            "period_end": period_end.isoformat(),
            "year": year,
            "value": value,
            "qualifier": qualifier,
            "unit": unit,
            "ci_low": ci_low,
            "ci_high": ci_high,
            "status": status,
            "source_id": source_id,
            "source_locator": f"{self.name}, row {row}",
            "derived_from": "",
            "notes": notes,
        }
        record["obs_id"] = observation_id(record)
        return record

    def _year(self, cell: object, bad: _Bad) -> int | None:
        """The reference year as an int (accepts 2023, "2023", "2023 г.")."""
        if is_missing(cell):
            bad("year", "year is empty", ProblemKind.YEAR_EMPTY)
            return None
        if isinstance(cell, float) and cell.is_integer():
            cell = int(cell)
        if isinstance(cell, int) and not isinstance(cell, bool):
            return cell
        match = re.fullmatch(r"(\d{4})(?:\.0)?\s*(?:г\.?|год)?", _text(cell))
        if not match:
            bad(
                "year",
                f"{_text(cell)!r} is not a year (write it as 4 digits, e.g. 2023)",
                ProblemKind.YEAR_NOT_YEAR,
                text=_text(cell),
            )
            return None
        return int(match.group(1))

    def _number(self, cell: object, column: str, bad: _Bad) -> float | None:
        """A number cell; None when empty or a missing marker."""
        if isinstance(cell, UncomputedFormula):
            message = f"formula {cell!s} has no saved result: open and save the file in Excel"
            bad(column, message, ProblemKind.FORMULA_NO_RESULT, formula=str(cell))
            return None
        try:
            return parse_number(cell, self.decimal_mark)
        except NumberError as exc:
            bad(column, f"not a number: {exc}", exc.kind, **exc.params)
            return None

    def _indicator(self, text: str, bad: _Bad) -> str | None:
        """A catalogue id (case-insensitive), or None with a problem naming the closest ids."""
        ident = text.strip().lower()
        if not ident:
            bad("indicator", "indicator is empty", ProblemKind.INDICATOR_EMPTY)
            return None
        if ident in self.context.catalogue:
            return ident
        close = self.context.closest_indicators(text)
        hint = f"; closest: {', '.join(close)}" if close else ""
        bad(
            "indicator",
            f"unknown indicator {text!r}{hint} (ids are listed in docs/IMPORT.md)",
            ProblemKind.UNKNOWN_INDICATOR,
            text=text,
            closest=tuple(close),
        )
        return None

    def _country(self, text: str, bad: _Bad) -> str | None:
        """``KAZ``/``KGZ`` or None (an empty cell lets the region decide)."""
        if not text:
            return None
        code = COUNTRY_NAMES.get(text.strip().lower())
        if code is None:
            bad(
                "country",
                f"unknown country {text!r}: use KAZ (Kazakhstan) or KGZ (Kyrgyzstan)",
                ProblemKind.UNKNOWN_COUNTRY,
                text=text,
            )
        return code

    def _area(
        self, name: str, country: str | None, year: int | None, bad: _Bad
    ) -> AreaMatch | None:
        """The ``AreaMatch`` for a region code or name, or None with the closest candidates."""
        if not name:
            bad("region", "region is empty", ProblemKind.REGION_EMPTY)
            return None
        try:
            return self.context.resolve(name, country, year)
        except Exception as exc:
            candidates = getattr(exc, "candidates", None)
            if candidates is None and not _is_user_facing(exc):
                raise
            message, kind, params = _area_problem(name, country, exc, candidates or [])
            bad("region", message, kind, **params)
            return None

    def _status(self, text: dict[str, str], bad: _Bad) -> str:
        """The row's status (default ``user_import``); cited statuses need a source."""
        status = text.get("status", "").strip().lower() or Status.USER_IMPORT.value
        allowed = [s.value for s in Status]
        if status not in allowed:
            bad(
                "status",
                f"unknown status {status!r}; allowed: {', '.join(allowed)}",
                ProblemKind.UNKNOWN_STATUS,
                status=status,
                allowed=tuple(allowed),
            )
        elif status in CITED_STATUSES and not text.get("source"):
            bad(
                "source",
                f"status {status!r} needs a source (who published the figure)",
                ProblemKind.STATUS_NEEDS_SOURCE,
                status=status,
            )
        elif status == Status.OFFICIAL_TABLE and not text.get("source_url"):
            bad(
                "source_url",
                "status 'official_table' needs the table's source_url",
                ProblemKind.STATUS_NEEDS_SOURCE_URL,
                status=status,
            )
        return status

    def _qualifier(self, text: str, bad: _Bad) -> str:
        """``exact`` unless the row says rounded / lower_bound / approximate."""
        qualifier = text.strip().lower() or Qualifier.EXACT.value
        allowed = [q.value for q in Qualifier]
        if qualifier not in allowed:
            bad(
                "qualifier",
                f"unknown qualifier {qualifier!r}; allowed: {', '.join(allowed)}",
                ProblemKind.UNKNOWN_QUALIFIER,
                qualifier=qualifier,
                allowed=tuple(allowed),
            )
        return qualifier

    def _unit(self, text: str, indicator: str | None, bad: _Bad) -> str:
        """The catalogue unit; a different unit written in the row is a problem."""
        if indicator is None:
            return text
        expected = self.context.unit(indicator)
        if text and expected and normalise_unit(text) != normalise_unit(expected):
            bad(
                "unit",
                f"unit {text!r} differs from the catalogue unit {expected!r} ({indicator})",
                ProblemKind.UNIT_MISMATCH,
                unit=text,
                catalogue_unit=expected,
                indicator=indicator,
            )
        return expected or text

    def _date(
        self, cell: object, column: str, year: int | None, bad: _Bad, month: int, day: int
    ) -> dt.date | None:
        """A period date: the cell's date, or ``year``-``month``-``day`` when empty."""
        if is_missing(cell):
            return dt.date(year, month, day) if year else None
        try:
            return parse_date(cell)
        except ValueError:
            bad(
                column,
                f"{_text(cell)!r} is not a date (use YYYY-MM-DD or DD.MM.YYYY)",
                ProblemKind.DATE_NOT_DATE,
                text=_text(cell),
            )
            return None

    def _source(self, text: dict[str, str], sources: dict) -> str:
        """The source id of a row, registering the row's source in ``sources``."""
        title, url = text.get("source", ""), text.get("source_url", "")
        if not title and not url:
            return self.file_source
        ident = "user-" + short_hash(title, url)
        sources.setdefault(
            ident,
            {
                "source_id": ident,
                "publisher": "",
                "title": title or url,
                "date": "",
                "url": url,
                "licence": "not stated (user import)",
                "tier": "user_import",
            },
        )
        return ident


def parse_date(cell: object) -> dt.date:
    """A date from a spreadsheet date, ``YYYY-MM-DD`` or ``DD.MM.YYYY``; ValueError otherwise."""
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    text = _text(cell)
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def normalise_unit(unit: str) -> str:
    """A unit for comparison: lower case, ``%`` = ``percent``, no spaces or punctuation."""
    text = unit.strip().lower().replace("%", "percent").replace("per cent", "percent")
    return re.sub(r"[\s.,]", "", text)


def _text(cell: object) -> str:
    """A cell as stripped text ("" for empty)."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _column_has_data(table: Table, column: str) -> bool:
    """True for a named column, or an unnamed one with data (an empty spare column is fine)."""
    return bool(column) or any(not is_missing(cells.get(column)) for _, cells in table.rows)


def _decimal_mark(table: Table) -> str | None:
    """The file's decimal mark from its number columns; a semicolon CSV defaults to comma."""
    cells = [cells.get(c) for _, cells in table.rows for c in ("value", "ci_low", "ci_high")]
    mark = guess_decimal_mark(cells)
    if mark is None and table.delimiter == ";":
        return ","  # Excel writes ';' exactly where the decimal mark is a comma
    return mark


def _file_source(file: str, sha256: str) -> dict[str, str]:
    """The source record citing the imported file itself (for rows without a source)."""
    name = Path(file).name
    return {
        "source_id": "file-" + (sha256[:12] or short_hash(name)),
        "publisher": "",
        "title": f"Imported file {name}",
        "date": "",
        "url": "",
        "licence": "not stated (user import)",
        "tier": "user_import",
    }


def _is_user_facing(exc: Exception) -> bool:
    from geodata.errors import UserFacingError

    return isinstance(exc, UserFacingError)


def _area_problem(
    name: str, country: str | None, exc: Exception, candidates: list
) -> tuple[str, ProblemKind, dict[str, ProblemParam]]:
    """'unknown region' with the closest candidates, or 'ambiguous' with how to choose: the
    message, its kind and parameters (``candidates``: the candidates' codes)."""
    where = f" in {country}" if country else ""
    shown = ", ".join(_candidate(c) for c in candidates[:4])
    params: dict[str, ProblemParam] = {
        "name": name,
        "country": country or "",
        "candidates": tuple(c.code for c in candidates[:4]),
    }
    if type(exc).__name__.startswith("Ambiguous"):
        message = (
            f"ambiguous region {name!r}{where}: {shown}; write the code, or the region in "
            f"brackets, e.g. '{name} (<region>)'"
        )
        return message, ProblemKind.AMBIGUOUS_AREA, params
    hint = f"; closest: {shown}" if shown else ""
    return f"unknown region {name!r}{where}{hint}", ProblemKind.UNKNOWN_AREA, params


def _candidate(match: AreaMatch) -> str:
    """ "Abay (KZ103200, in KZ-10)" for a district, "Batken Region (KG-B)" otherwise."""
    parent = getattr(match, "parent_code", "")
    inside = f", in {parent}" if parent and match.level == 2 else ""
    return f"{match.name_en} ({match.code}{inside})"
