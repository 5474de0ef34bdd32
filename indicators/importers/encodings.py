"""Refuse text that only decodes as Windows-1251 by accident, instead of storing it garbled.

A file that is not valid UTF-8 is read as Windows-1251 (Russian-locale Excel). Two mistakes
decode without error but give garbage, so they are refused with the line to look at:

- UTF-8 Cyrillic mixed with Windows-1251 (one part pasted from elsewhere): the UTF-8 part reads
  as ``Р‘Р°С‚РєРµРЅ`` instead of ``Баткен``. Seen as two or more UTF-8 Cyrillic letters in a row
  (``D0``/``D1`` and a continuation byte, twice), which Windows-1251 text does not produce: it
  would read ``Р`` or ``С`` followed by a symbol, twice (``Р‘Р°``).
- Latin-1/Windows-1252 text ("café" saved by a Western-locale Excel): accented letters read as
  Cyrillic inside Latin words (``cafй``). Seen as a word mixing Latin and Cyrillic letters.
"""

from __future__ import annotations

import re
from pathlib import Path

from indicators.importers.problems import ProblemKind, UnreadableFileError

_UTF8_CYRILLIC = re.compile(rb"(?:[\xd0\xd1][\x80-\xbf]){2,}")
_MIXED_WORD = re.compile(r"[A-Za-z][А-яЁёЇїІіЎў]|[А-яЁёЇїІіЎў][A-Za-z]")
SAVE_AS_UTF8 = "save the file as CSV UTF-8 (Excel: Save As → CSV UTF-8) and try again"


def _line_of(data: bytes | str, offset: int) -> int:
    if isinstance(data, bytes):
        return data.count(b"\n", 0, offset) + 1
    return data.count("\n", 0, offset) + 1


def check_cp1251(data: bytes, text: str, path: Path | str) -> None:
    """Raise ``UnreadableFileError`` when ``text`` (``data`` read as Windows-1251) is garbled."""
    utf8 = _UTF8_CYRILLIC.search(data)
    if utf8:
        line = _line_of(data, utf8.start())
        raise UnreadableFileError(
            f"{path}: line {line} is UTF-8 but other lines are Windows-1251 (mixed encodings: "
            f"Cyrillic would be stored garbled); {SAVE_AS_UTF8}",
            ProblemKind.ENCODING_MIXED,
            {"line": line},
        )
    mixed = _MIXED_WORD.search(text)
    if mixed:
        words = re.finditer(r"[^\s,;\t\"']+", text[max(mixed.start() - 100, 0) :])
        offset = min(mixed.start(), 100)
        word = next((w.group() for w in words if w.start() <= offset < w.end()), "")
        line = _line_of(text, mixed.start())
        raise UnreadableFileError(
            f"{path}: line {line} reads as {word[:40]!r}: the file looks "
            f"like Latin-1/Windows-1252 text, not UTF-8 or Windows-1251; {SAVE_AS_UTF8}",
            ProblemKind.ENCODING_LATIN1,
            {"line": line, "word": word[:40]},
        )
