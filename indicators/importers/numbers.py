"""Numbers as people type them in Kazakhstan and Kyrgyzstan: "1 234,5", "1,234.5", "н/д".

``parse_number`` turns one cell into a float, or ``None`` when the cell says "no data"
(a missing value stays missing: it is never 0). Conventions handled:

- decimal comma ("12,5") and decimal point ("12.5");
- thousands separated by a space, a no-break space (U+00A0), a narrow no-break space (U+202F)
  or a thin space (U+2009): "1 234 567,5"; or by commas/dots in the other convention:
  "1,234,567.5", "1.234.567,5";
- a minus sign written "-" or "−" (U+2212); a trailing "%" (the unit is checked elsewhere);
- missing-value markers: "", "-", "–", "—", "н/д", "нет данных", "n/a", "...", "…", "x", "#N/A".

A single separator followed by exactly three digits ("1,234") is ambiguous: it is 1.234 in the
Russian convention and 1234 in the English one. It is read with the file's decimal mark (see
``guess_decimal_mark``) and is an error when the file gives no evidence either way, because a
silent wrong guess would change a figure a thousandfold.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from indicators.importers.problems import ProblemKind, ProblemParam

# Lower-cased, whitespace-stripped cell texts that mean "no figure here".
MISSING_TOKENS: frozenset[str] = frozenset(
    {
        "",
        "-",
        "–",
        "—",
        "--",
        "н/д",
        "н.д.",
        "нд",
        "нет данных",
        "n/a",
        "na",
        "n.a.",
        "nan",
        "none",
        "null",
        "...",
        "..",
        "…",
        "x",
        "х",  # Cyrillic "ха", used like "x" (not applicable) in CIS statistical tables
        "#n/a",
    }
)

_SPACES = "\u0020\u00a0\u202f\u2009\u2007"
_SPACE_GROUPED = re.compile(rf"^\d{{1,3}}(?:[{_SPACES}]\d{{3}})+(?:[.,]\d+)?$")
_PLAIN = re.compile(r"^\d+(?:[.,]\d+)?$")
_GROUPED_COMMA = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")  # 1,234,567.5
_GROUPED_DOT = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")  # 1.234.567,5
_SCIENTIFIC = re.compile(r"^\d+(?:\.\d+)?[eE][+-]?\d+$")
_AMBIGUOUS = re.compile(r"^[1-9]\d{0,2}[.,]\d{3}$")  # "1,234" or "1.234"
_MINUS = ("-", "\u2212", "\u2013")  # hyphen-minus, minus sign, en dash (Excel autocorrect)


class NumberError(ValueError):
    """A cell that should hold a number but does not; the message says what was found, ``kind``
    and ``params`` say it for a ``Problem`` (``indicators.importers.problems``)."""

    def __init__(
        self, message: str, kind: ProblemKind, params: dict[str, ProblemParam] | None = None
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.params = params or {}


def is_missing(cell: object) -> bool:
    """True when the cell means "no figure" (empty, NaN, or one of ``MISSING_TOKENS``)."""
    if cell is None:
        return True
    if isinstance(cell, float) and math.isnan(cell):
        return True
    return isinstance(cell, str) and _clean(cell).lower() in MISSING_TOKENS


def parse_number(cell: object, decimal_mark: str | None = None) -> float | None:
    """Read one cell as a float; ``None`` when it is a missing-value marker.

    ``decimal_mark`` is the file's convention ("," or "."), or ``None`` when unknown (then an
    ambiguous "1,234" raises ``NumberError``). Numbers already typed by a spreadsheet (int,
    float) are returned as floats unchanged. Raises ``NumberError`` for anything else ("abc").
    """
    if is_missing(cell):
        return None
    if isinstance(cell, bool):
        raise NumberError(
            f"{cell!r} is a true/false value, not a number",
            ProblemKind.VALUE_TRUE_FALSE,
            {"text": str(cell)},
        )
    if isinstance(cell, int | float):
        if math.isinf(cell):
            raise NumberError("infinite value", ProblemKind.VALUE_INFINITE)
        return float(cell)
    text = _clean(str(cell))
    sign, body = _split_sign(text)
    if body.endswith("%"):
        body = body[:-1].rstrip(_SPACES)
    value = _parse_unsigned(body, decimal_mark, original=text)
    return -value if sign else value


def guess_decimal_mark(cells: Iterable[object]) -> str | None:
    """The decimal mark a column of cells uses: ",", "." or None when there is no evidence.

    Evidence is a cell that can only be read one way: "12,5" or "1 234,56" (comma), "12.5" or
    "1,234.5" (point). Cells such as "1,234" prove nothing. When both kinds appear the majority
    wins; ``parse_number`` then rejects the cells that contradict it.
    """
    votes = {",": 0, ".": 0}
    for cell in cells:
        if not isinstance(cell, str) or is_missing(cell):
            continue
        mark = _unambiguous_mark(_split_sign(_clean(cell))[1].rstrip("%").rstrip(_SPACES))
        if mark:
            votes[mark] += 1
    if votes[","] == votes["."]:
        return None
    return "," if votes[","] > votes["."] else "."


def _clean(text: str) -> str:
    """Strip surrounding whitespace of every kind and a leading apostrophe (Excel text marker)."""
    text = text.strip(_SPACES + "\t\r\n")
    if text.startswith("'"):
        text = text[1:].strip(_SPACES)
    return text


def _split_sign(text: str) -> tuple[bool, str]:
    """Split a leading minus (or plus) sign from the digits."""
    if text[:1] in _MINUS:
        return True, text[1:].lstrip(_SPACES)
    if text[:1] == "+":
        return False, text[1:].lstrip(_SPACES)
    return False, text


def _unambiguous_mark(body: str) -> str | None:
    """The decimal mark ``body`` proves, if any."""
    if _SPACE_GROUPED.match(body) or _PLAIN.match(body):
        if _AMBIGUOUS.match(body):
            return None
        for mark in ",.":
            if mark in body:
                return mark
        return None
    # Reached only with two separators ("1,234.5", "1,234,567"): the grouping one is known.
    if _GROUPED_COMMA.match(body):
        return "."
    if _GROUPED_DOT.match(body):
        return ","
    return None


def _parse_unsigned(body: str, decimal_mark: str | None, original: str) -> float:
    """Parse digits with at most one decimal mark and optional thousands separators."""
    if _SPACE_GROUPED.match(body):
        body = re.sub(f"[{_SPACES}]", "", body)
    if _AMBIGUOUS.match(body):
        if decimal_mark is None:
            thousands, decimal = body.replace(body[-4], ""), body.replace(body[-4], ".")
            raise NumberError(
                f"{original!r} is ambiguous ({thousands} or {decimal}?): write thousands with a "
                "space or no separator (1 234 or 1234)",
                ProblemKind.VALUE_AMBIGUOUS,
                {"text": original, "thousands": int(thousands), "decimal": float(decimal)},
            )
        return float(body.replace(body[-4], "." if body[-4] == decimal_mark else ""))
    if _PLAIN.match(body):
        if decimal_mark is not None and decimal_mark not in body and ("," in body or "." in body):
            # A lone separator that is not the file's decimal mark and not followed by exactly
            # three digits cannot be a thousands separator either.
            mark = "," if "," in body else "."
            raise NumberError(
                f"{original!r} uses {'a comma' if mark == ',' else 'a point'} as decimal mark "
                f"but this file uses {'a comma' if decimal_mark == ',' else 'a point'}",
                ProblemKind.VALUE_DECIMAL_MARK,
                {"text": original, "mark": mark, "file_mark": decimal_mark},
            )
        return float(body.replace(",", "."))
    if _GROUPED_COMMA.match(body):
        return float(body.replace(",", ""))
    if _GROUPED_DOT.match(body):
        return float(body.replace(".", "").replace(",", "."))
    if _SCIENTIFIC.match(body):
        return float(body)
    raise NumberError(
        f"{original!r} is not a number", ProblemKind.VALUE_NOT_NUMBER, {"text": original}
    )
