"""Problems found in a user's file, each pointing at the row a person sees in Excel or an editor.

``Problem.row`` is 1-based and counts the header as row 1 (for CSV: the text-editor line where the
record starts; for XLSX: the spreadsheet row number). ``row`` 0 means "the file as a whole".

Every problem has a ``kind`` (:class:`ProblemKind`, a stable code) and the ``params`` needed to
phrase it in another language; ``message`` is the English text of the command line and logs.
Translations live in the dashboard (``import.problem.<kind>`` in ``dashboard/i18n/import.json``),
never here. :data:`PARAMS` lists the parameter names each kind may carry, so a typo fails at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from geodata.errors import UserFacingError

# A parameter: text, a number (formatted for the reader's language) or a list of texts.
ProblemParam = str | int | float | tuple[str, ...]


class ProblemKind(StrEnum):
    """What is wrong, as a stable code (the i18n key is ``import.problem.<value>``)."""

    # The file as a whole: size bounds (indicators.importers.limits), checked before parsing.
    TOO_BIG = "too_big"
    FIRST_LINE_TOO_LONG = "first_line_too_long"
    TOO_MANY_LINES = "too_many_lines"
    ZIP_TOO_MANY_PARTS = "zip_too_many_parts"
    ZIP_UNPACKED_TOO_BIG = "zip_unpacked_too_big"
    ZIP_BOMB = "zip_bomb"
    TOO_MANY_CELLS = "too_many_cells"
    EXTERNAL_LINKS = "external_links"  # a warning: imported, but worth a look
    # The file cannot be opened or decoded (UnreadableFileError).
    UNKNOWN_FORMAT = "unknown_format"
    FILE_NOT_FOUND = "file_not_found"
    IS_DIRECTORY = "is_directory"
    PERMISSION_DENIED = "permission_denied"
    ZIP_DAMAGED = "zip_damaged"
    ZIP_NOT_WORKBOOK = "zip_not_workbook"
    OLD_FORMAT = "old_format"
    BINARY_FILE = "binary_file"
    XLSX_UNREADABLE = "xlsx_unreadable"
    CSV_SYNTAX = "csv_syntax"
    ENCODING_UNKNOWN = "encoding_unknown"
    ENCODING_MIXED = "encoding_mixed"
    ENCODING_LATIN1 = "encoding_latin1"
    # The table's shape (readers, template header).
    FILE_EMPTY = "file_empty"
    ROW_TOO_MANY_CELLS = "row_too_many_cells"
    HEADER_MISSING = "header_missing"
    HEADER_MISSING_COLUMN = "header_missing_column"
    HEADER_REPEATED_COLUMN = "header_repeated_column"
    HEADER_UNKNOWN_COLUMN = "header_unknown_column"
    NO_DATA_ROWS = "no_data_rows"
    NO_FIGURES = "no_figures"
    BNS_NO_SHEET = "bns_no_sheet"
    # One cell of a row (template rows, BNS cells).
    EXAMPLE_ROW = "example_row"
    YEAR_EMPTY = "year_empty"
    YEAR_NOT_YEAR = "year_not_year"
    FORMULA_NO_RESULT = "formula_no_result"
    VALUE_NOT_NUMBER = "value_not_number"
    VALUE_TRUE_FALSE = "value_true_false"
    VALUE_INFINITE = "value_infinite"
    VALUE_AMBIGUOUS = "value_ambiguous"
    VALUE_DECIMAL_MARK = "value_decimal_mark"
    INDICATOR_EMPTY = "indicator_empty"
    UNKNOWN_INDICATOR = "unknown_indicator"
    UNKNOWN_COUNTRY = "unknown_country"
    REGION_EMPTY = "region_empty"
    UNKNOWN_AREA = "unknown_area"
    AMBIGUOUS_AREA = "ambiguous_area"
    UNKNOWN_STATUS = "unknown_status"
    STATUS_NEEDS_SOURCE = "status_needs_source"
    STATUS_NEEDS_SOURCE_URL = "status_needs_source_url"
    UNKNOWN_QUALIFIER = "unknown_qualifier"
    UNIT_MISMATCH = "unit_mismatch"
    DATE_NOT_DATE = "date_not_date"
    PERIOD_REVERSED = "period_reversed"
    # Values and the file as a whole (indicators.validate).
    YEAR_IMPLAUSIBLE = "year_implausible"
    OUT_OF_RANGE = "out_of_range"
    NEGATIVE_COUNT = "negative_count"
    NEGATIVE_POPULATION = "negative_population"
    CI_LOW_ABOVE_VALUE = "ci_low_above_value"
    CI_HIGH_BELOW_VALUE = "ci_high_below_value"
    DUPLICATE_ROW = "duplicate_row"
    SYNTHETIC_MIXED = "synthetic_mixed"
    # A stored observations table that breaks the schema (indicators.model; not user uploads).
    SCHEMA = "schema"
    # The browser upload (dashboard.import_page.upload).
    UPLOAD_NOT_TABLE = "upload_not_table"
    UPLOAD_NO_CONTENTS = "upload_no_contents"
    UPLOAD_DAMAGED = "upload_damaged"
    SERVER_BUSY = "server_busy"


_K = ProblemKind
# The parameter names each kind may carry (any may be left out when it does not apply).
PARAMS: dict[ProblemKind, frozenset[str]] = {
    kind: frozenset(names)
    for kind, names in {
        _K.TOO_BIG: ("size_mb", "max_mb"),
        _K.FIRST_LINE_TOO_LONG: ("max_bytes",),
        _K.TOO_MANY_LINES: ("max_lines",),
        _K.ZIP_TOO_MANY_PARTS: ("parts",),
        _K.ZIP_UNPACKED_TOO_BIG: ("size_mb", "max_mb"),
        _K.ZIP_BOMB: ("part", "ratio"),
        _K.TOO_MANY_CELLS: ("max_rows", "max_cells"),
        _K.EXTERNAL_LINKS: ("targets",),
        _K.UNKNOWN_FORMAT: ("format", "formats"),
        _K.FILE_NOT_FOUND: (),
        _K.IS_DIRECTORY: (),
        _K.PERMISSION_DENIED: (),
        _K.ZIP_DAMAGED: ("detail",),
        _K.ZIP_NOT_WORKBOOK: (),
        _K.OLD_FORMAT: ("format",),
        _K.BINARY_FILE: (),
        _K.XLSX_UNREADABLE: ("detail",),
        _K.CSV_SYNTAX: ("line", "detail"),
        _K.ENCODING_UNKNOWN: ("encodings",),
        _K.ENCODING_MIXED: ("line",),
        _K.ENCODING_LATIN1: ("line", "word"),
        _K.FILE_EMPTY: (),
        _K.ROW_TOO_MANY_CELLS: ("cells", "columns"),
        _K.HEADER_MISSING: ("expected",),
        _K.HEADER_MISSING_COLUMN: ("header", "expected"),
        _K.HEADER_REPEATED_COLUMN: (),
        _K.HEADER_UNKNOWN_COLUMN: ("suggestion", "allowed"),
        _K.NO_DATA_ROWS: (),
        _K.NO_FIGURES: ("skipped",),
        _K.BNS_NO_SHEET: (),
        _K.EXAMPLE_ROW: (),
        _K.YEAR_EMPTY: (),
        _K.YEAR_NOT_YEAR: ("text",),
        _K.FORMULA_NO_RESULT: ("formula",),
        _K.VALUE_NOT_NUMBER: ("text",),
        _K.VALUE_TRUE_FALSE: ("text",),
        _K.VALUE_INFINITE: (),
        _K.VALUE_AMBIGUOUS: ("text", "thousands", "decimal"),
        _K.VALUE_DECIMAL_MARK: ("text", "mark", "file_mark"),
        _K.INDICATOR_EMPTY: (),
        _K.UNKNOWN_INDICATOR: ("text", "closest"),
        _K.UNKNOWN_COUNTRY: ("text",),
        _K.REGION_EMPTY: (),
        _K.UNKNOWN_AREA: ("name", "country", "year", "candidates"),
        _K.AMBIGUOUS_AREA: ("name", "country", "candidates"),
        _K.UNKNOWN_STATUS: ("status", "allowed"),
        _K.STATUS_NEEDS_SOURCE: ("status",),
        _K.STATUS_NEEDS_SOURCE_URL: ("status",),
        _K.UNKNOWN_QUALIFIER: ("qualifier", "allowed"),
        _K.UNIT_MISMATCH: ("unit", "catalogue_unit", "indicator"),
        _K.DATE_NOT_DATE: ("text",),
        _K.PERIOD_REVERSED: ("start", "end"),
        _K.YEAR_IMPLAUSIBLE: ("year", "first_year", "last_year"),
        _K.OUT_OF_RANGE: ("value", "low", "high"),
        _K.NEGATIVE_COUNT: ("value", "catalogue_unit", "indicator"),
        _K.NEGATIVE_POPULATION: ("value",),
        _K.CI_LOW_ABOVE_VALUE: ("ci_low", "value"),
        _K.CI_HIGH_BELOW_VALUE: ("ci_high", "value"),
        _K.DUPLICATE_ROW: ("first_row", "area", "indicator", "year", "value", "first_value"),
        _K.SYNTHETIC_MIXED: (),
        _K.SCHEMA: ("detail",),
        _K.UPLOAD_NOT_TABLE: (),
        _K.UPLOAD_NO_CONTENTS: (),
        _K.UPLOAD_DAMAGED: ("detail",),
        _K.SERVER_BUSY: (),
    }.items()
}


def _checked_params(kind: ProblemKind, params: Mapping[str, ProblemParam] | None) -> dict:
    """``params`` as a dict, after checking that ``kind`` knows every name (a programming error
    otherwise: the translation would miss it)."""
    params = dict(params or {})
    unknown = set(params) - PARAMS[ProblemKind(kind)]
    if unknown:
        raise ValueError(f"problem kind {kind!s} has no parameter(s) {sorted(unknown)}")
    return params


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file: where (file, row, column), what (message, in English),
    and what kind, with the parameters to say it in another language (not compared or hashed:
    the message already says the same)."""

    file: str
    row: int
    column: str
    message: str
    kind: ProblemKind = field(compare=False)
    params: Mapping[str, ProblemParam] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", ProblemKind(self.kind))
        object.__setattr__(self, "params", _checked_params(self.kind, self.params))

    def __str__(self) -> str:
        """``FILE:ROW: column: message`` (the format of ``cam-atlas validate``)."""
        column = f"{self.column}: " if self.column else ""
        return f"{self.file}:{self.row}: {column}{self.message}"


class FileProblems(UserFacingError):
    """Raised when a file cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        lines = [str(p) for p in self.problems[:20]]
        if len(self.problems) > 20:
            lines.append(f"... and {len(self.problems) - 20} more problems")
        super().__init__("\n".join(lines))


class UnreadableFileError(UserFacingError):
    """The file cannot be opened or decoded at all (missing, binary, old .xls, corrupt zip).

    ``kind`` and ``params`` say what, as for a :class:`Problem` of the whole file."""

    def __init__(
        self,
        message: str,
        kind: ProblemKind,
        params: Mapping[str, ProblemParam] | None = None,
    ) -> None:
        super().__init__(message)
        self.kind = ProblemKind(kind)
        self.params = _checked_params(self.kind, params)

    def problem(self, file: str, message: str | None = None) -> Problem:
        """This error as a problem of the whole ``file`` (``message`` instead of the error's)."""
        return Problem(
            file, 0, "", str(self) if message is None else message, self.kind, self.params
        )
