"""An uploaded table, checked and stored: no Dash here (the callbacks call these functions).

The upload lives only in the uploader's browser (``dcc.Upload``'s ``contents``, a base64 data
URL): nothing is kept on the server between the check and the publish, so no one else can list
or see it, and any app instance behind a load balancer can serve either step. Publishing sends
the same bytes again and they are validated again before anything is stored.

Every bound comes from ``indicators.importers.limits`` (the CLI's limits): the encoded size is
checked before decoding, then ``check_upload`` (size, zip bomb, rows and cells) and
``indicators.validate.validate_file`` (the CLI's ``cam-atlas validate``) run on a temporary copy
that is deleted at once.
"""

from __future__ import annotations

import base64
import binascii
import re
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from indicators.importers import FileProblems, Problem, ProblemKind, UnreadableFileError
from indicators.importers.limits import ImportLimits, check_upload
from indicators.store import Manifest

SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx")
DATA_URL = re.compile(r"data:[^,]{0,200};base64,")
SAFE_NAME = re.compile(r"[^\w.\- ]+")
BODY_SLACK_BYTES = 64 * 1024  # the callback's JSON around the file (ids, name, other states)
# Reading a 20 MB table takes ~370 MB for a few tens of seconds: one big file at a time per
# process keeps a worker's memory bounded whatever many uploads arrive at once.
BIG_FILE_BYTES = 1_000_000
BIG_FILE_WAIT_S = 20.0
_big_file_slot = threading.BoundedSemaphore(1)


class UploadRefused(UnreadableFileError):
    """An upload that cannot be read at all (not base64, wrong file type)."""


@dataclass
class UploadCheck:
    """What the page shows about one upload: problems (row 1 = header, 0 = whole file) or the
    observations a publish would store."""

    file_name: str
    problems: list[Problem] = field(default_factory=list)
    observations: pd.DataFrame = field(default_factory=pd.DataFrame)
    synthetic: bool = False

    @property
    def ok(self) -> bool:
        """True when there is something to publish and nothing wrong."""
        return not self.problems and not self.observations.empty


def max_upload_bytes() -> int:
    """The largest file accepted (``CAM_ATLAS_MAX_UPLOAD_BYTES``, default 20 MB)."""
    return ImportLimits.from_env().max_bytes


def max_callback_body_bytes() -> int:
    """The largest callback body carrying an upload: base64 of the largest file plus slack."""
    encoded = 4 * ((max_upload_bytes() + 2) // 3)
    return encoded + BODY_SLACK_BYTES


def safe_file_name(name: str) -> str:
    """The uploaded file's base name without characters a path or a message should not hold."""
    base = Path(str(name or "upload").replace("\\", "/")).name
    cleaned = SAFE_NAME.sub("_", base).strip(" .") or "upload"
    return cleaned[:120]


def decode(contents: str, file_name: str) -> bytes:
    """The bytes of a ``data:...;base64,`` URL; the size limit is checked on the encoded text
    first, so an oversized upload is never decoded."""
    name = safe_file_name(file_name)
    if Path(name).suffix.lower() not in SUFFIXES:
        raise UploadRefused(
            f"{name}: only CSV or XLSX tables can be imported", ProblemKind.UPLOAD_NOT_TABLE
        )
    match = DATA_URL.match(contents or "")
    if not match:
        raise UploadRefused(
            f"{name}: the browser did not send the file's contents", ProblemKind.UPLOAD_NO_CONTENTS
        )
    encoded = contents[match.end() :]
    limit = max_upload_bytes()
    if len(encoded) * 3 // 4 > limit + 2:
        size = len(encoded) * 3 / 4 / 1_000_000
        raise FileProblems(
            [
                Problem(
                    name,
                    0,
                    "",
                    f"the file is {size:.1f} MB; at most {limit / 1_000_000:.0f} MB can be "
                    "imported (split it into smaller files)",
                    ProblemKind.TOO_BIG,
                    {"size_mb": round(size, 1), "max_mb": round(limit / 1_000_000)},
                )
            ]
        )
    try:
        return base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise UploadRefused(
            f"{name}: the upload is damaged ({exc})",
            ProblemKind.UPLOAD_DAMAGED,
            {"detail": str(exc)},
        ) from exc


class ServerBusy(UnreadableFileError):
    """Another big file is being read in this process; the user is asked to retry."""


@contextmanager
def temporary_copy(data: bytes, file_name: str) -> Iterator[Path]:
    """The upload as a file (readers need a path), removed when the block ends. A file over
    ``BIG_FILE_BYTES`` waits for this process's one big-file slot (``ServerBusy`` after
    ``BIG_FILE_WAIT_S``)."""
    big = len(data) > BIG_FILE_BYTES
    if big and not _big_file_slot.acquire(timeout=BIG_FILE_WAIT_S):
        raise ServerBusy(
            f"{safe_file_name(file_name)}: the server is reading another large file; "
            "try again in a minute",
            ProblemKind.SERVER_BUSY,
        )
    try:
        with tempfile.TemporaryDirectory(prefix="cam-upload-") as directory:
            path = Path(directory) / safe_file_name(file_name)
            path.write_bytes(data)
            yield path
    finally:
        if big:
            _big_file_slot.release()


def check(contents: str, file_name: str) -> UploadCheck:
    """Every problem of an upload, or its observations (the CLI's limits and validation)."""
    from indicators.validate import validate_file

    name = safe_file_name(file_name)
    try:
        data = decode(contents, name)
        problems = check_upload(data, name)
        if problems:
            return UploadCheck(name, problems)
        with temporary_copy(data, name) as path:
            result = validate_file(path)
    except FileProblems as err:
        return UploadCheck(name, _renamed(err.problems, name))
    except UnreadableFileError as err:
        return UploadCheck(name, [err.problem(name, _without_paths(str(err), name))])
    problems = _renamed(result.problems, name)
    if not problems and result.observations.empty:
        message = "the file has no figures to import"
        params = {"skipped": result.skipped_missing} if result.skipped_missing else {}
        problems = [Problem(name, 0, "", message, ProblemKind.NO_FIGURES, params)]
    return UploadCheck(name, problems, result.observations, result.synthetic)


def publish(contents: str, file_name: str, dataset: str, title: str, publisher: str) -> Manifest:
    """Validate the upload again and store it as the next version of ``dataset``.

    Raises ``FileProblems`` / ``UnreadableFileError`` (nothing stored) or ``DatasetNameError``.
    """
    from indicators.storage import open_store
    from indicators.store import check_name

    check_name(dataset)
    name = safe_file_name(file_name)
    data = decode(contents, name)
    with temporary_copy(data, name) as path:
        return open_store().import_file(
            dataset, path, title=title.strip() or None, publisher=publisher
        )


def _renamed(problems: list[Problem], name: str) -> list[Problem]:
    """Problems naming the uploaded file instead of the temporary copy."""
    return sorted(replace(p, file=name, message=_without_paths(p.message, name)) for p in problems)


def _without_paths(message: str, name: str) -> str:
    """A message with the temporary directory's path replaced by the uploaded file's name."""
    return re.sub(r"/[^\s:'\"]*cam-upload-[^\s:'\"/]*/[^\s:'\"]*", name, message)
