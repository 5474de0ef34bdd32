"""Versioned, atomic storage of imported user datasets under ``<data dir>/datasets``.

Layout: ``datasets/<name>/v000001/`` holding ``observations.parquet`` (``OBSERVATION_COLUMNS``),
``sources.csv`` (``SOURCE_COLUMNS``), ``manifest.json`` and ``original/<file name>`` (the
imported file, byte for byte). Every import adds a version; none is ever overwritten or deleted.

Atomicity: a version is written completely into a private temporary directory
(``.tmp-<random>``) and then renamed into place with one ``os.rename``. A reader therefore sees
a version entirely or not at all; a failed or interrupted import leaves at most a temporary
directory that is never read (and is removed when the failure is a normal exception). Two
concurrent imports cannot take the same version number: renaming onto an existing, non-empty
version directory fails, and the loser retries with the next number. A file with problems is
refused before anything is written.

A killed import can leave a ``.tmp-*`` directory behind; the next import of that dataset removes
those untouched for ``STALE_TMP_SECONDS``. ``indicators.store_sql`` is the PostgreSQL backend with
the same interface (``indicators.storage.open_store`` picks one).

Names: lower-case letters, digits, ``-`` and ``_`` (1-64 characters, starting with a letter or
digit), matched in full (a trailing newline is refused); ``default`` and ``demo-synthetic`` are
the built-in datasets and cannot be used.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import re
import shutil
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from geodata.errors import UserFacingError
from indicators.dataset import Dataset
from indicators.importers import (
    FileProblems,
    ImportContext,
    ImportResult,
    Problem,
    ProblemKind,
    file_sha256,
)
from indicators.importers.result import SOURCE_COLUMNS
from indicators.model import OBSERVATION_COLUMNS, Status, coerce_observations
from indicators.sources import read_sources
from indicators.sources import sources as registry_sources

NAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")  # always used with fullmatch
RESERVED_NAMES = frozenset({"default", "demo-synthetic"})
_VERSION_DIR = re.compile(r"^v(\d{6})$")
_MAX_RACE_RETRIES = 50
STALE_TMP_SECONDS = 3600
"""A ``.tmp-*`` directory untouched this long belongs to a killed import (a live one writes a
20 MB file in seconds) and is removed by the next import of that dataset."""


class DatasetNameError(UserFacingError):
    """A dataset name that is not allowed (pattern or reserved)."""


class DatasetNotFoundError(UserFacingError):
    """A dataset name or version that is not in the store."""


@dataclass(frozen=True)
class Manifest:
    """What a stored version is: where it came from and what it holds.

    ``created`` is UTC ISO 8601; ``sha256`` is the imported file's; ``rows`` the number of
    observations stored; ``skipped_missing`` rows whose value was a missing marker.
    """

    name: str
    version: int
    created: str
    source_file: str
    sha256: str
    rows: int
    format: str
    synthetic: bool
    title: str
    skipped_missing: int = 0
    publisher: str = ""
    """Who published the version (a signed-in user's name); "" for ``cam-atlas import``."""

    @classmethod
    def read(cls, path: Path) -> Manifest:
        """Read ``manifest.json``."""
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


def check_name(name: str) -> str:
    """Return ``name`` if it is an allowed dataset name, else raise ``DatasetNameError``."""
    if name in RESERVED_NAMES:
        raise DatasetNameError(f"dataset name {name!r} is reserved for the built-in dataset")
    if not isinstance(name, str) or not NAME_PATTERN.fullmatch(name):
        raise DatasetNameError(
            f"dataset name {name!r} is not allowed: use 1-64 lower-case letters, digits, "
            "'-' or '_' (e.g. osh-survey-2024)"
        )
    return name


def default_root() -> Path:
    """``<CAM_ATLAS_DATA_DIR>/datasets`` (see ``geodata.settings``)."""
    from geodata.settings import data_dir

    return data_dir() / "datasets"


class ImportsFiles:
    """``import_file`` for every store: validate a file, then ``save`` it as the next version."""

    def save(
        self,
        name: str,
        result: ImportResult,
        original: Path,
        title: str | None = None,
        publisher: str = "",
    ) -> Manifest:
        raise NotImplementedError

    def import_file(
        self,
        name: str,
        path: Path | str,
        format: str = "auto",
        title: str | None = None,
        context: ImportContext | None = None,
        publisher: str = "",
    ) -> Manifest:
        """Validate ``path`` and store it as the next version of ``name``.

        Raises ``FileProblems`` (listing every problem) and writes nothing when the file is not
        clean; ``DatasetNameError`` for a bad name.
        """
        check_name(name)
        result = validated_result(path, format, context)
        return self.save(name, result, Path(path), title=title, publisher=publisher)


class DatasetStore(ImportsFiles):
    """Imported datasets under ``root`` (default ``default_root()``)."""

    def __init__(self, root: Path | str | None = None) -> None:
        self.root = Path(root) if root is not None else default_root()

    @property
    def location(self) -> str:
        """Where the datasets are kept (shown to the operator)."""
        return str(self.root)

    # --- reading -------------------------------------------------------------------------

    def names(self) -> list[str]:
        """Names of the stored datasets that have at least one version, sorted."""
        if not self.root.is_dir():
            return []
        return sorted(
            p.name
            for p in self.root.iterdir()
            if NAME_PATTERN.fullmatch(p.name) and self._numbers(p)
        )

    def versions(self, name: str) -> list[Manifest]:
        """The manifests of every version of ``name``, oldest first."""
        directory = self.root / check_name(name)
        return [
            Manifest.read(directory / f"v{n:06d}" / "manifest.json")
            for n in self._numbers(directory)
        ]

    def manifest(self, name: str, version: int | None = None) -> Manifest:
        """The manifest of ``version`` (the latest when None)."""
        return Manifest.read(self._version_dir(name, version) / "manifest.json")

    def observations(self, name: str, version: int | None = None) -> pd.DataFrame:
        """The stored observations (``OBSERVATION_COLUMNS``) of a version."""
        frame = pd.read_parquet(self._version_dir(name, version) / "observations.parquet")
        return coerce_observations(frame[list(OBSERVATION_COLUMNS)])

    def sources(self, name: str, version: int | None = None) -> pd.DataFrame:
        """The dataset's own source records (``SOURCE_COLUMNS``) of a version."""
        path = self._version_dir(name, version) / "sources.csv"
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        return frame[list(SOURCE_COLUMNS)]

    def load(self, name: str, version: int | None = None) -> Dataset:
        """The stored version as an ``indicators.dataset.Dataset`` (latest when None).

        ``sources`` holds the default registry's sources plus the dataset's own (user sources,
        the imported file); ``version`` is ``"<number>-<sha256 prefix>"`` so it changes
        whenever the data does.
        """
        manifest = self.manifest(name, version)
        directory = self._version_dir(name, manifest.version)
        return Dataset(
            name=name,
            title=manifest.title,
            observations=self.observations(name, manifest.version),
            synthetic=manifest.synthetic,
            version=f"{manifest.version}-{manifest.sha256[:8]}",
            description=describe(manifest),
            sources=dict(registry_sources()) | read_sources(directory / "sources.csv"),
        )

    # --- writing -------------------------------------------------------------------------

    def save(
        self,
        name: str,
        result: ImportResult,
        original: Path,
        title: str | None = None,
        publisher: str = "",
    ) -> Manifest:
        """Store a clean ``ImportResult`` as a new version of ``name``; returns its manifest."""
        check_name(name)
        if result.problems:
            raise FileProblems(result.problems)
        directory = self.root / name
        directory.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(directory)
        temporary = directory / f".tmp-{uuid.uuid4().hex}"
        try:
            temporary.mkdir()
            self._write_payload(temporary, result, original)
            return self._publish(directory, temporary, name, result, original, title, publisher)
        finally:
            if temporary.exists():
                shutil.rmtree(temporary, ignore_errors=True)

    # --- internals -----------------------------------------------------------------------

    def _write_payload(self, temporary: Path, result: ImportResult, original: Path) -> None:
        """Write observations, sources and the original file into the temporary directory."""
        observations = result.observations[list(OBSERVATION_COLUMNS)].reset_index(drop=True)
        if result.synthetic:
            observations = observations.assign(status=Status.SYNTHETIC.value)
        observations.to_parquet(temporary / "observations.parquet", index=False)
        result.sources.reindex(columns=list(SOURCE_COLUMNS)).fillna("").to_csv(
            temporary / "sources.csv", index=False, encoding="utf-8"
        )
        (temporary / "original").mkdir()
        shutil.copyfile(original, temporary / "original" / _safe_file_name(original.name))

    def _publish(
        self,
        directory: Path,
        temporary: Path,
        name: str,
        result: ImportResult,
        original: Path,
        title: str | None,
        publisher: str,
    ) -> Manifest:
        """Write the manifest for the next free version number and rename into place."""
        sha256 = file_sha256(original)
        for _ in range(_MAX_RACE_RETRIES):
            numbers = self._numbers(directory)
            version = (numbers[-1] if numbers else 0) + 1
            manifest = Manifest(
                name=name,
                version=version,
                created=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                source_file=original.name,
                sha256=sha256,
                rows=len(result.observations),
                format=result.format,
                synthetic=result.synthetic,
                title=title or f"{name} (imported from {original.name})",
                skipped_missing=result.skipped_missing,
                publisher=publisher,
            )
            _write_json(temporary / "manifest.json", asdict(manifest))
            _fsync_tree(temporary)
            try:
                os.rename(temporary, directory / f"v{version:06d}")
            except OSError as exc:
                if exc.errno in (errno.EEXIST, errno.ENOTEMPTY):
                    continue  # another import took this number first
                raise
            _fsync_dir(directory)
            return manifest
        raise UserFacingError(f"could not store dataset {name!r}: too many concurrent imports")

    def _version_dir(self, name: str, version: int | None) -> Path:
        """The directory of a stored version (latest when None)."""
        directory = self.root / check_name(name)
        numbers = self._numbers(directory)
        if not numbers:
            known = ", ".join(self.names()) or "none yet"
            raise DatasetNotFoundError(
                f"no stored dataset named {name!r} (stored datasets: {known}); "
                "import one with: cam-atlas import FILE --dataset NAME"
            )
        if version is None:
            version = numbers[-1]
        if version not in numbers:
            raise DatasetNotFoundError(
                f"dataset {name!r} has no version {version} (versions: "
                f"{', '.join(map(str, numbers))})"
            )
        return directory / f"v{version:06d}"

    @staticmethod
    def _numbers(directory: Path) -> list[int]:
        """Sorted version numbers present in a dataset directory."""
        if not directory.is_dir():
            return []
        found = (_VERSION_DIR.match(p.name) for p in directory.iterdir())
        return sorted(int(m.group(1)) for m in found if m)


def parse_dataset_ref(text: str) -> tuple[str, int | None]:
    """``"name"`` or ``"name@3"`` → ``(name, version)``; raises ``DatasetNameError``."""
    name, _, version = text.partition("@")
    if version and not version.isdigit():
        raise DatasetNameError(f"{text!r}: a version after '@' must be a number, e.g. {name}@2")
    return name, int(version) if version else None


def validated_result(
    path: Path | str, format: str = "auto", context: ImportContext | None = None
) -> ImportResult:
    """Validate a file for storing; raises ``FileProblems`` listing every problem (or "no figures
    to import" for a clean file without a value). Shared by every storage backend."""
    from indicators.validate import validate_file

    result = validate_file(path, format=format, context=context)
    if result.problems:
        raise FileProblems(result.problems)
    if result.observations.empty:
        raise FileProblems([_no_rows_problem(result)])
    return result


def describe(manifest: Manifest) -> str:
    """The description of a stored version shown with the dataset (where it came from)."""
    by = f" by {manifest.publisher}" if manifest.publisher else " by a user"
    return (
        f"Imported{by} from {manifest.source_file} on {manifest.created[:10]} "
        f"(version {manifest.version}, format {manifest.format}, {manifest.rows} rows)"
        + (". SYNTHETIC DATA: not real figures." if manifest.synthetic else ".")
    )


def remove_stale_temporaries(directory: Path, max_age: float = STALE_TMP_SECONDS) -> list[Path]:
    """Remove ``.tmp-*`` directories in ``directory`` not modified for ``max_age`` seconds.

    They are what a killed import leaves behind (a normal failure removes its own); a fresh one
    may belong to an import in progress in another process and is kept. Returns what was removed.
    """
    removed: list[Path] = []
    cutoff = time.time() - max_age
    for path in directory.glob(".tmp-*"):
        try:
            if path.is_dir() and not path.is_symlink() and path.stat().st_mtime < cutoff:
                shutil.rmtree(path)
                removed.append(path)
        except FileNotFoundError:
            continue  # another import removed it first
    return removed


def _no_rows_problem(result: ImportResult) -> Problem:
    """The problem reported when a clean file holds no figure at all."""
    skipped = f" ({result.skipped_missing} rows had no value)" if result.skipped_missing else ""
    params = {"skipped": result.skipped_missing} if result.skipped_missing else {}
    return Problem(
        result.file, 0, "", f"no figures to import{skipped}", ProblemKind.NO_FIGURES, params
    )


def _safe_file_name(name: str) -> str:
    """A file name without directory parts or control characters (for ``original/``)."""
    cleaned = re.sub(r"[^\w.\- ]", "_", Path(name).name).strip(". ")
    return cleaned or "imported-file"


def _write_json(path: Path, data: dict) -> None:
    """Write JSON (UTF-8, readable) and flush it to disk."""
    with path.open("w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=2)
        handle.write("\n")


def _fsync_tree(directory: Path) -> None:
    """fsync every file in ``directory`` (so a rename never publishes half-written files)."""
    for path in directory.rglob("*"):
        if path.is_file():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())
    _fsync_dir(directory)


def _fsync_dir(directory: Path) -> None:
    """fsync a directory entry (makes a rename durable); ignored where unsupported."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
