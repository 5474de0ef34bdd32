"""Importers: a program officer's CSV/XLSX (the CAM Atlas template) or a publisher's own format.

``read_file(path, format="auto")`` reads a file into an ``ImportResult`` (observations with the
columns of ``indicators.model``, their sources, and every problem found while mapping rows).
Formats: ``template`` (docs/IMPORT.md; CSV or XLSX) and ``bns`` (the Kazakhstan statistics
bureau's dynamic-table xlsx as published). ``auto`` recognises a BNS workbook by its layout.
Value checks over the whole file (ranges, duplicates) are in ``indicators.validate``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from indicators.importers.context import ImportContext, default_context
from indicators.importers.problems import (
    FileProblems,
    Problem,
    ProblemKind,
    UnreadableFileError,
)
from indicators.importers.result import ImportResult

FORMATS: tuple[str, ...] = ("auto", "template", "bns")

__all__ = [
    "FORMATS",
    "FileProblems",
    "ImportContext",
    "ImportResult",
    "Problem",
    "ProblemKind",
    "UnreadableFileError",
    "detect_format",
    "read_file",
]


def detect_format(path: Path) -> str:
    """``"bns"`` for a BNS dynamic-table workbook, else ``"template"``."""
    from indicators.importers.bns import is_bns_table

    return "bns" if is_bns_table(Path(path)) else "template"


def read_file(
    path: Path | str, format: str = "auto", context: ImportContext | None = None
) -> ImportResult:
    """Read ``path`` in ``format`` into observations; problems are collected, not raised.

    Raises ``UnreadableFileError`` (a ``UserFacingError``) only when the file cannot be opened
    or decoded at all, or ``format`` is unknown, and ``FileProblems`` when it exceeds the size
    bounds of ``indicators.importers.limits`` (checked before parsing).
    """
    from indicators.importers.bns import read_bns
    from indicators.importers.limits import require_upload_ok
    from indicators.importers.readers import read_table
    from indicators.importers.template import map_table

    path = Path(path)
    if format not in FORMATS:
        raise UnreadableFileError(
            f"unknown format {format!r}; use one of {', '.join(FORMATS)}",
            ProblemKind.UNKNOWN_FORMAT,
            {"format": format, "formats": FORMATS},
        )
    require_upload_ok(path, str(path))  # size and zip-bomb bounds before any parser runs
    sha256 = file_sha256(path)
    context = context or default_context()
    if format == "auto":
        format = detect_format(path)
    if format == "bns":
        return read_bns(path, context, sha256)
    return map_table(read_table(path), context, sha256)


def file_sha256(path: Path) -> str:
    """Hex sha256 of a file's bytes (``UnreadableFileError`` when it cannot be read)."""
    from indicators.importers.readers import read_file_bytes

    return hashlib.sha256(read_file_bytes(path)).hexdigest()
