"""Size and memory bounds on an uploaded table, checked before any parser sees the file.

:func:`check_upload` looks only at sizes, zip directory entries and a streamed count of rows and
cells, so a hostile file is refused in bounded time and memory (a 1.5 MB xlsx "zip bomb" used to
take 3.8 GB; a 200 MB CSV 8.4 GB). The same function serves ``cam-atlas validate``/``import`` (via
:func:`indicators.importers.read_file`) and a browser upload (``check_upload(data, name)`` on the
bytes). :func:`file_warnings` lists what is imported but deserves a word (cached values of links
to other workbooks).

Limits (:class:`ImportLimits`; environment overrides in brackets):

- file size: 20 MB [``CAM_ATLAS_MAX_UPLOAD_BYTES``];
- CSV: at most 200,000 lines, the first (header) line at most 65,536 bytes;
- XLSX: at most 2,000 zip members, 200 MB uncompressed in all, a compression ratio of at most
  100 for any member larger than 1 MB, and at most 200,000 rows and 2,000,000 cells in all
  sheets [``CAM_ATLAS_MAX_IMPORT_CELLS``].
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from geodata.settings import positive_int_env
from indicators.importers.problems import FileProblems, Problem, ProblemKind, ProblemParam

MB = 1_000_000
_CHUNK = 1 << 20
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s>/]")
_EXTERNAL_TARGET = re.compile(rb'Target="([^"]{1,300})"')


@dataclass(frozen=True)
class ImportLimits:
    """Bounds on one imported file (see the module docstring for the defaults)."""

    max_bytes: int = 20 * MB
    max_csv_lines: int = 200_000
    max_first_line_bytes: int = 65_536
    max_zip_members: int = 2_000
    max_uncompressed_bytes: int = 200 * MB
    max_member_ratio: int = 100
    ratio_checked_above: int = 1 * MB
    max_rows: int = 200_000
    max_cells: int = 2_000_000

    @classmethod
    def from_env(cls) -> ImportLimits:
        """Defaults with ``CAM_ATLAS_MAX_UPLOAD_BYTES`` / ``CAM_ATLAS_MAX_IMPORT_CELLS`` applied."""
        return cls(
            max_bytes=positive_int_env("CAM_ATLAS_MAX_UPLOAD_BYTES", cls.max_bytes),
            max_cells=positive_int_env("CAM_ATLAS_MAX_IMPORT_CELLS", cls.max_cells),
        )


Source = Path | str | bytes


def _size(source: Source) -> int:
    if isinstance(source, bytes):
        return len(source)
    return Path(source).stat().st_size


def _open(source: Source) -> BinaryIO:
    return io.BytesIO(source) if isinstance(source, bytes) else open(source, "rb")


def check_upload(source: Source, name: str, limits: ImportLimits | None = None) -> list[Problem]:
    """Problems that make ``source`` (a path or the uploaded bytes) too big to read; ``name`` is
    the file name shown in messages. An empty list means the file may be parsed."""
    limits = limits or ImportLimits.from_env()
    try:
        size = _size(source)
    except OSError:
        return []  # missing or unreadable: the reader reports it with its own message
    if size > limits.max_bytes:
        return [
            _problem(
                name,
                f"the file is {size / MB:.1f} MB; at most {limits.max_bytes / MB:.0f} MB can be "
                "imported (split it into smaller files)",
                ProblemKind.TOO_BIG,
                size_mb=round(size / MB, 1),
                max_mb=round(limits.max_bytes / MB),
            )
        ]
    try:
        with _open(source) as handle:
            head = handle.read(4)
            handle.seek(0)
            if head == b"PK\x03\x04":
                return _check_zip(handle, name, limits)
            return _check_text(handle, name, limits)
    except OSError:
        return []


def require_upload_ok(source: Source, name: str, limits: ImportLimits | None = None) -> None:
    """Raise ``FileProblems`` (a ``UserFacingError``) when :func:`check_upload` finds any."""
    problems = check_upload(source, name, limits)
    if problems:
        raise FileProblems(problems)


def _problem(name: str, message: str, kind: ProblemKind, **params: ProblemParam) -> Problem:
    """A problem of the whole file."""
    return Problem(name, 0, "", message, kind, params)


def _check_text(handle: BinaryIO, name: str, limits: ImportLimits) -> list[Problem]:
    head = handle.read(limits.max_first_line_bytes + 1)
    if len(head) > limits.max_first_line_bytes and b"\n" not in head:
        return [
            _problem(
                name,
                f"the first line is longer than {limits.max_first_line_bytes:,} bytes; "
                "a table's header row is much shorter (is this a table?)",
                ProblemKind.FIRST_LINE_TOO_LONG,
                max_bytes=limits.max_first_line_bytes,
            )
        ]
    lines = head.count(b"\n")
    while chunk := handle.read(_CHUNK):
        lines += chunk.count(b"\n")
        if lines > limits.max_csv_lines:
            return [
                _problem(
                    name,
                    f"more than {limits.max_csv_lines:,} lines; split the file into smaller ones",
                    ProblemKind.TOO_MANY_LINES,
                    max_lines=limits.max_csv_lines,
                )
            ]
    return []


def _check_zip(handle: BinaryIO, name: str, limits: ImportLimits) -> list[Problem]:
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, ValueError):
        return []  # the reader reports a damaged workbook
    with archive:
        members = archive.infolist()
        if len(members) > limits.max_zip_members:
            message = f"the workbook has {len(members)} parts; this is not a table"
            return [_problem(name, message, ProblemKind.ZIP_TOO_MANY_PARTS, parts=len(members))]
        total = sum(m.file_size for m in members)
        if total > limits.max_uncompressed_bytes:
            return [
                _problem(
                    name,
                    f"the workbook unpacks to {total / MB:.0f} MB; at most "
                    f"{limits.max_uncompressed_bytes / MB:.0f} MB can be read",
                    ProblemKind.ZIP_UNPACKED_TOO_BIG,
                    size_mb=round(total / MB),
                    max_mb=round(limits.max_uncompressed_bytes / MB),
                )
            ]
        for member in members:
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > limits.ratio_checked_above and ratio > limits.max_member_ratio:
                return [
                    _problem(
                        name,
                        f"part {member.filename} unpacks {ratio:.0f} times larger than it is "
                        "stored (a zip bomb?); the workbook was not read",
                        ProblemKind.ZIP_BOMB,
                        part=member.filename,
                        ratio=round(ratio),
                    )
                ]
        return _check_sheet_sizes(archive, name, limits)


def _check_sheet_sizes(archive: zipfile.ZipFile, name: str, limits: ImportLimits) -> list[Problem]:
    """Count ``<row>`` and ``<c>`` elements of every worksheet by streaming its XML."""
    rows = cells = 0
    for member in archive.namelist():
        if not (member.startswith("xl/worksheets/") and member.endswith(".xml")):
            continue
        tail = b""
        with archive.open(member) as stream:
            while chunk := stream.read(_CHUNK):
                data = tail + chunk
                cut = data.rfind(b"<")  # a tag split across chunks waits for the next one
                cut = len(data) if cut < 0 else cut
                rows += len(_ROW_TAG.findall(data, 0, cut))
                cells += len(_CELL_TAG.findall(data, 0, cut))
                tail = data[cut:]
                if rows > limits.max_rows or cells > limits.max_cells:
                    return [
                        _problem(
                            name,
                            f"the workbook has more than {limits.max_rows:,} rows or "
                            f"{limits.max_cells:,} cells; split it into smaller files",
                            ProblemKind.TOO_MANY_CELLS,
                            max_rows=limits.max_rows,
                            max_cells=limits.max_cells,
                        )
                    ]
            rows += len(_ROW_TAG.findall(tail))
            cells += len(_CELL_TAG.findall(tail))
    return []


def file_warnings(source: Source, name: str) -> list[Problem]:
    """Things imported as they are but worth telling the user: formulas that read another
    workbook (their values are the ones cached when this file was last saved)."""
    try:
        with _open(source) as handle:
            if handle.read(4) != b"PK\x03\x04":
                return []
            handle.seek(0)
            with zipfile.ZipFile(handle) as archive:
                links = [
                    n
                    for n in archive.namelist()
                    if n.startswith("xl/externalLinks/_rels/") and n.endswith(".rels")
                ]
                targets = []
                for link in links[:20]:
                    with archive.open(link) as stream:
                        found = _EXTERNAL_TARGET.search(stream.read(64_000))
                    if found:
                        targets.append(found.group(1).decode("utf-8", "replace"))
    except (OSError, zipfile.BadZipFile, ValueError):
        return []
    if not links:
        return []
    shown = ", ".join(targets) or f"{len(links)} workbook(s)"
    return [
        _problem(
            name,
            f"formulas refer to another workbook ({shown}); their values are the ones saved "
            "in this file, not recomputed — check them or paste them as values",
            ProblemKind.EXTERNAL_LINKS,
            targets=tuple(targets),
        )
    ]
