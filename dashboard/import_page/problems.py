"""The problems of an upload as the Import page lists them, in the page language (no Dash here).

A validator's ``Problem`` carries a ``kind`` and ``params`` (``indicators.importers.problems``);
its text here is ``import.problem.<kind>`` formatted with the params, followed by the optional
parts ``import.problem.<kind>.<param>`` whose param is given (e.g. the closest region names).
Numbers follow the language (``1 234,5``); area codes show with their names; the English
``message`` is the command line's. The fix is chosen by the kind, else by the column.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.i18n import catalogue, t
from dashboard.i18n.numbers import format_number
from geodata.errors import UserFacingError
from indicators.importers import FileProblems, Problem, ProblemKind, UnreadableFileError
from indicators.importers.problems import PARAMS, ProblemParam

MAX_PROBLEMS_SHOWN = 200
# Columns with their own fix text (``import.fix.<column>``); others get the generic one.
FIX_COLUMNS = frozenset(
    {
        "country",
        "region",
        "indicator",
        "year",
        "value",
        "unit",
        "status",
        "source",
        "source_url",
        "qualifier",
        "period_start",
        "period_end",
        "ci_low",
        "ci_high",
        "notes",
    }
)
_K = ProblemKind
# Kinds with their own fix text (``import.fix.<value>``) whatever the column.
FIX_BY_KIND: dict[ProblemKind, str] = {
    _K.TOO_BIG: "too_big",
    _K.TOO_MANY_LINES: "too_big",
    _K.TOO_MANY_CELLS: "too_big",
    _K.ZIP_TOO_MANY_PARTS: "zip_bomb",
    _K.ZIP_UNPACKED_TOO_BIG: "zip_bomb",
    _K.ZIP_BOMB: "zip_bomb",
    _K.SERVER_BUSY: "busy",
    _K.ENCODING_UNKNOWN: "encoding",
    _K.ENCODING_MIXED: "encoding",
    _K.ENCODING_LATIN1: "encoding",
    _K.OLD_FORMAT: "encoding",
    _K.HEADER_MISSING: "header",
    _K.HEADER_MISSING_COLUMN: "header",
    _K.HEADER_REPEATED_COLUMN: "header",
    _K.HEADER_UNKNOWN_COLUMN: "header",
    _K.NO_DATA_ROWS: "file",
    _K.ROW_TOO_MANY_CELLS: "row_cells",
    _K.DUPLICATE_ROW: "duplicate",
    _K.OUT_OF_RANGE: "range",
    _K.NEGATIVE_COUNT: "range",
    _K.NEGATIVE_POPULATION: "range",
}
# Whole numbers that name something (a year, a row) rather than count it: never grouped.
PLAIN_NUMBER_PARAMS = frozenset(
    {"year", "first_year", "last_year", "first_row", "line", "thousands"}  # "1234 or 1,234?"
)
AREA_PARAMS = frozenset({"area", "candidates"})  # area codes, shown with their names
# A catalogue unit, translated (a unit typed in the file stays as typed, to be found there).
UNIT_PARAMS = frozenset({"catalogue_unit"})


@dataclass(frozen=True)
class ProblemRow:
    """One line of the problems table (``row`` the "file" label for the file as a whole;
    ``message`` the command line's English text)."""

    row: str
    column: str
    problem: str
    fix: str
    message: str


def problem_rows(problems: list[Problem], lang: str) -> list[ProblemRow]:
    """The problems to list (at most ``MAX_PROBLEMS_SHOWN``), sorted by row, in ``lang``."""
    whole_file = t("import.problems.whole_file", lang)
    return [
        ProblemRow(
            row=str(p.row) if p.row else whole_file,
            column=p.column or "—",
            problem=problem_text(p, lang),
            fix=fix_text(p, lang),
            message=p.message,
        )
        for p in sorted(problems, key=lambda p: (p.row, p.column))[:MAX_PROBLEMS_SHOWN]
    ]


def problem_text(problem: Problem, lang: str) -> str:
    """What is wrong, in ``lang``: the kind's text and the optional parts whose param is given."""
    kind = problem.kind.value
    texts = {name: "" for name in PARAMS[problem.kind]}
    texts.update({name: param_text(name, v, lang) for name, v in problem.params.items()})
    parts = [t(f"import.problem.{kind}", lang, None, **texts)]
    entries = catalogue("import")
    for name, value in problem.params.items():
        optional = f"problem.{kind}.{name}"
        if optional in entries and value not in ("", (), 0):
            parts.append(t(f"import.{optional}", lang, None, **texts))
    return "".join(parts)


def fix_text(problem: Problem, lang: str) -> str:
    """How to fix ``problem``, in ``lang``: by its kind, else by its column."""
    if problem.kind in FIX_BY_KIND:
        return t(f"import.fix.{FIX_BY_KIND[problem.kind]}", lang)
    if problem.row == 0:
        return t("import.fix.file", lang)
    column = problem.column if problem.column in FIX_COLUMNS else "other"
    return t(f"import.fix.{column}", lang)


def refusal_reason(err: UserFacingError, file_name: str, lang: str) -> str:
    """Why a publish was refused, in ``lang`` when the error is a file's problem."""
    if isinstance(err, FileProblems) and err.problems:
        first = err.problems[0]
        where = t("import.problems.at_row", lang, row=first.row) if first.row else ""
        return where + problem_text(first, lang)
    if isinstance(err, UnreadableFileError):
        return problem_text(err.problem(file_name), lang)
    return str(err).splitlines()[0] if str(err) else type(err).__name__


def param_text(name: str, value: ProblemParam, lang: str) -> str:
    """One parameter as the page shows it (numbers for ``lang``, areas and units named)."""
    if isinstance(value, tuple):
        return ", ".join(param_text(name, item, lang) for item in value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        if name in PLAIN_NUMBER_PARAMS and float(value).is_integer():
            return str(int(value))
        return format_number(float(value), lang, _decimals(float(value)))
    if name in AREA_PARAMS:
        return _area_label(value, lang)
    if name == "country" and f"country.{value}" in catalogue("common"):
        return t(f"common.country.{value}", lang)
    if name in UNIT_PARAMS and value in catalogue("units"):
        return t(f"units.{value}", lang)
    if name == "indicator":
        return _indicator_label(value, lang)
    return value


def _decimals(value: float) -> int:
    """Decimals a number in a message needs (at most 6): 12.50 shows as 12.5, 3.0 as 3."""
    text = f"{value:.6f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def _area_label(code: str, lang: str) -> str:
    """ "Баткенская область (KG-B)"; a district adds its region; the code alone when unknown."""
    from dashboard.common.areas import area_name, unit

    row = unit(code)
    if row is None:
        return code
    name = area_name(row, lang)
    parent = unit(str(row.get("parent_code") or "")) if int(row.get("level", 0)) == 2 else None
    inside = f", {area_name(parent, lang)}" if parent else ""
    return f"{name}{inside} ({code})"


def _indicator_label(indicator: str, lang: str) -> str:
    """The indicator's label in ``lang`` with its id; the id alone when not in the catalogue."""
    from indicators.catalogue import catalogue as indicators

    entry = indicators().get(indicator)
    if entry is None:
        return indicator
    label = entry.labels.get(lang) or entry.labels.get("ru") or entry.labels.get("en")
    return f"{label} ({indicator})" if label else indicator
