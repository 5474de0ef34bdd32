"""Read a user's CSV or XLSX into rows of cells, whatever encoding, delimiter or title rows it has.

- Encoding: a byte-order mark decides (UTF-8 → ``utf-8-sig``, UTF-16 → ``utf-16``, as Excel's
  "Unicode text" writes); otherwise strict UTF-8, else Windows-1251 (Russian-locale Excel).
  A file that is neither is refused rather than stored garbled (``encodings.check_cp1251``): UTF-8
  Cyrillic mixed with Windows-1251, or Latin-1 text ("café" would read "cafй").
- Delimiter: Excel's ``sep=;`` hint line when present, else ``csv.Sniffer`` on the first
  ``SNIFF_CHARS`` characters of the header line (the sniffer is quadratic in the line length),
  restricted to comma, semicolon and tab.
- XLSX: openpyxl, cached formula results (``data_only``); numbers stay numbers (a cell shown
  as a percentage, 0.101 as "10.1%", becomes 10.1), text is stripped.
- The header is the first row (within the first 20) that names at least two template columns;
  rows above it (titles, notes) are skipped. Column names are lower-cased, ``_``-joined and a few
  Russian names are accepted (``регион`` → ``region``).

Every row keeps the number a person sees: the spreadsheet row, or the text-editor line where the
CSV record starts (header = 1). Nothing is converted here: cells are ``str`` (CSV) or openpyxl
values (XLSX); ``numbers.parse_number`` and the row mappers decide what they mean.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from indicators.importers.encodings import check_cp1251
from indicators.importers.problems import Problem, ProblemKind, UnreadableFileError

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell, MergedCell
    from openpyxl.workbook.workbook import Workbook

DELIMITERS = ",;\t"
_SEP_HINT = re.compile(r"^\s*sep=([,;\t|])\s*$")  # Excel's delimiter hint line
HEADER_SEARCH_ROWS = 20
SNIFF_CHARS = 4096

# Template column names and the few alternative spellings accepted for them.
COLUMN_ALIASES: dict[str, str] = {
    "country_iso3": "country",
    "страна": "country",
    "region_name": "region",
    "area": "region",
    "area_code": "region",
    "регион": "region",
    "область": "region",
    "indicator_id": "indicator",
    "показатель": "indicator",
    "индикатор": "indicator",
    "год": "year",
    "значение": "value",
    "единица": "unit",
    "источник": "source",
    "примечание": "notes",
    "note": "notes",
}


@dataclass
class Table:
    """Rows of one sheet or CSV, aligned to its header.

    ``rows`` holds ``(row_number, cells)``; ``cells`` maps each header column to its raw value
    (``None`` when the row is short). ``problems`` lists rows that could not be aligned.
    """

    file: str
    header: list[str]
    header_row: int
    rows: list[tuple[int, dict[str, object]]]
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    problems: list[Problem] = field(default_factory=list)


def display_name(path: Path) -> str:
    """The file name used in messages (the path as the user gave it)."""
    return str(path)


def file_kind(path: Path) -> str:
    """``"xlsx"``, ``"xls"`` (old binary Excel), ``"ods"`` or ``"text"``, judged by content."""
    head = read_file_bytes(path)[:8]
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile as exc:
            raise UnreadableFileError(
                f"{path}: a damaged zip/xlsx file ({exc})",
                ProblemKind.ZIP_DAMAGED,
                {"detail": str(exc)},
            ) from None
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "content.xml" in names:
            return "ods"
        raise UnreadableFileError(
            f"{path}: a zip archive, not an .xlsx workbook or a CSV file",
            ProblemKind.ZIP_NOT_WORKBOOK,
        )
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    return "text"


def read_table(path: Path) -> Table:
    """Read a CSV/TSV or XLSX template file into a ``Table`` (see the module docstring).

    Raises ``UnreadableFileError`` for missing, binary, legacy ``.xls``/``.ods`` or corrupt files.
    An empty file gives a ``Table`` with no header and one problem.
    """
    kind = file_kind(path)
    if kind == "xlsx":
        return read_xlsx_table(path)
    if kind in ("xls", "ods"):
        raise UnreadableFileError(
            f"{path}: {kind.upper()} files are not supported; save it as .xlsx or CSV (UTF-8)",
            ProblemKind.OLD_FORMAT,
            {"format": kind.upper()},
        )
    return read_csv_table(path)


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Decode file bytes; returns ``(text, encoding)``. See the module docstring for the order."""
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        if b"\x00" in data[:4096]:
            raise UnreadableFileError(
                f"{path}: a binary file, not a CSV or XLSX table", ProblemKind.BINARY_FILE
            )
        candidates = ["utf-8", "cp1251"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "cp1251":
            check_cp1251(data, text, path)
        return text, encoding
    raise UnreadableFileError(
        f"{path}: cannot decode the text (tried {', '.join(candidates)}); save it as CSV UTF-8",
        ProblemKind.ENCODING_UNKNOWN,
        {"encodings": tuple(candidates)},
    )


def sniff_delimiter(line: str) -> str:
    """The delimiter of a header line: comma, semicolon or tab (comma when there is none)."""
    try:
        return csv.Sniffer().sniff(line[:SNIFF_CHARS], delimiters=DELIMITERS).delimiter
    except csv.Error:
        counts = {d: line[:SNIFF_CHARS].count(d) for d in DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def read_csv_table(path: Path) -> Table:
    """Read a delimited text file (see ``read_table``)."""
    text, encoding = decode(read_file_bytes(path), path)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    hint = _SEP_HINT.match(first_line)
    delimiter = hint.group(1) if hint else sniff_delimiter(first_line)
    records = list(_csv_records(text, delimiter, display_name(path)))
    if hint:
        records = records[1:]  # Excel's "sep=;" line is not the header
    table = _align(display_name(path), records)
    table.encoding, table.delimiter = encoding, delimiter
    return table


def read_xlsx_table(path: Path) -> Table:
    """Read the first sheet of an XLSX file that has a template header (see ``read_table``)."""
    sheets = read_xlsx_sheets(path)
    for name, rows in sheets.items():
        if _find_header(rows) is not None:
            table = _align(display_name(path), rows)
            table.sheet = name
            return table
    first = next(iter(sheets.items()), ("", []))
    table = _align(display_name(path), first[1])
    table.sheet = first[0]
    return table


class UncomputedFormula(str):
    """A formula cell whose result was never saved (a generated file not opened in Excel)."""


def read_xlsx_sheets(path: Path) -> dict[str, list[tuple[int, list[object]]]]:
    """Every sheet's non-empty rows as ``(row_number, values)``; merged ranges are filled.

    A merged range's value sits in its top-left cell; copying it into the whole range makes a
    merged header ("2000" over two columns) look the same as an unmerged one. A formula without
    a saved result comes back as ``UncomputedFormula`` (its text) rather than as an empty cell,
    so it is reported instead of being taken for a missing value.
    """
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(path, data_only=True)
        formulas = _uncomputed_formulas(path, workbook)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise UnreadableFileError(
            f"{path}: not a readable .xlsx workbook ({exc})",
            ProblemKind.XLSX_UNREADABLE,
            {"detail": str(exc)},
        ) from None
    sheets: dict[str, list[tuple[int, list[object]]]] = {}
    for sheet in workbook.worksheets:
        grid = [[_cell_value(c) for c in row] for row in sheet.iter_rows()]
        for (row, column), text in formulas.get(sheet.title, {}).items():
            if row <= len(grid) and column <= len(grid[row - 1]):
                grid[row - 1][column - 1] = UncomputedFormula(text)
        for merged in sheet.merged_cells.ranges:
            value = grid[merged.min_row - 1][merged.min_col - 1]
            for r in range(merged.min_row - 1, min(merged.max_row, len(grid))):
                for c in range(merged.min_col - 1, min(merged.max_col, len(grid[r]))):
                    grid[r][c] = value
        sheets[sheet.title] = [
            (number, [_xlsx_cell(v) for v in values])
            for number, values in enumerate(grid, start=1)
            if any(_xlsx_cell(v) not in (None, "") for v in values)
        ]
    workbook.close()
    return sheets


def _cell_value(cell: Cell | MergedCell) -> object:
    """A cell's value; a number shown as a percentage (0.101 shown "10.1%") in percent points.

    People type "10,1%" into Excel, which stores 0.101: the figure they mean is 10.1.
    """
    value = cell.value
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and "%" in str(cell.number_format or "")
    ):
        return round(value * 100, 10)
    return value


def _uncomputed_formulas(path: Path, computed: Workbook) -> dict[str, dict[tuple[int, int], str]]:
    """``{sheet: {(row, column): formula}}`` for formula cells without a cached result.

    Cheap when the workbook has no formula at all (no ``<f>`` element in any sheet).
    """
    import openpyxl

    with zipfile.ZipFile(path) as archive:
        has_formulas = any(
            b"<f>" in archive.read(n) or b"<f " in archive.read(n)
            for n in archive.namelist()
            if n.startswith("xl/worksheets/") and n.endswith(".xml")
        )
    if not has_formulas:
        return {}
    raw = openpyxl.load_workbook(path, data_only=False)
    found: dict[str, dict[tuple[int, int], str]] = {}
    for sheet in raw.worksheets:
        values = computed[sheet.title]
        for row in sheet.iter_rows():
            for cell in row:
                if cell.row is None or cell.column is None or cell.data_type != "f":
                    continue
                if values.cell(cell.row, cell.column).value is None:
                    found.setdefault(sheet.title, {})[(cell.row, cell.column)] = str(cell.value)
    raw.close()
    return found


def normalise_column(name: object) -> str:
    """A header cell as a column name: stripped, lower-case, spaces and hyphens as ``_``."""
    text = str(name or "").replace("\ufeff", "").strip().lower()
    text = "_".join(text.replace("-", " ").split())
    return COLUMN_ALIASES.get(text, text)


def read_file_bytes(path: Path) -> bytes:
    """The file's bytes, with a user-facing error when it cannot be read."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise UnreadableFileError(f"{path}: file not found", ProblemKind.FILE_NOT_FOUND) from None
    except IsADirectoryError:
        raise UnreadableFileError(
            f"{path}: is a directory, not a file", ProblemKind.IS_DIRECTORY
        ) from None
    except PermissionError:
        raise UnreadableFileError(
            f"{path}: permission denied", ProblemKind.PERMISSION_DENIED
        ) from None


def _csv_records(text: str, delimiter: str, file: str) -> Iterator[tuple[int, list[object]]]:
    """Non-empty CSV records with the editor line number where each record starts."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    previous_end = 0
    try:
        for record in reader:
            start = previous_end + 1
            previous_end = reader.line_num
            if any(cell.strip() for cell in record):
                yield start, [cell.strip() for cell in record]
    except csv.Error as exc:
        raise UnreadableFileError(
            f"{file}: CSV syntax error near line {reader.line_num}: {exc}",
            ProblemKind.CSV_SYNTAX,
            {"line": reader.line_num, "detail": str(exc)},
        ) from None


def _xlsx_cell(value: object) -> object:
    """Strip text cells; keep numbers, dates and empty cells as they are."""
    if isinstance(value, UncomputedFormula):
        return value
    return value.strip() if isinstance(value, str) else value


def _find_header(rows: list[tuple[int, list[object]]]) -> int | None:
    """Index in ``rows`` of the header: the first row naming two or more template columns."""
    from indicators.importers.template import TEMPLATE_COLUMNS

    for index, (_, values) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        names = {normalise_column(v) for v in values if isinstance(v, str)}
        if len(names & set(TEMPLATE_COLUMNS)) >= 2:
            return index
    return None


def _align(file: str, rows: list[tuple[int, list[object]]]) -> Table:
    """Split rows into header and data; map data cells to header names, noting ragged rows."""
    if not rows:
        empty = Problem(file, 0, "", "the file is empty", ProblemKind.FILE_EMPTY)
        return Table(file, [], 0, [], problems=[empty])
    index = _find_header(rows)
    index = 0 if index is None else index
    header_row, header_cells = rows[index]
    header = [normalise_column(v) for v in header_cells]
    while header and not header[-1]:
        header.pop()
    table = Table(file, header, header_row, [])
    for number, values in rows[index + 1 :]:
        extra = [v for v in values[len(header) :] if v not in (None, "")]
        if extra:
            table.problems.append(
                Problem(
                    file,
                    number,
                    "",
                    f"{len(header) + len(extra)} cells but the header has {len(header)} columns"
                    " (a decimal comma in a comma-separated file? quote the value or use ';')",
                    ProblemKind.ROW_TOO_MANY_CELLS,
                    {"cells": len(header) + len(extra), "columns": len(header)},
                )
            )
            continue
        cells = {name: (values[i] if i < len(values) else None) for i, name in enumerate(header)}
        table.rows.append((number, cells))
    return table
