"""Stored versions of each platform's observations, the change report, and atomic refresh.

Layout under ``data_dir()/opensdg/versions/<platform>/``: one directory per version
(``0001``, ``0002`` …) holding ``observations.csv`` (totals and breakdowns; a ``breakdown``
column, empty for totals), ``sources.csv`` and ``manifest.json`` (build commit and date,
``inputs_key``, counts, creation time, the change report); ``CURRENT`` names the version the
default dataset uses. A version is written into a temporary directory and renamed into place,
then ``CURRENT`` is replaced atomically: a failure midway leaves the current version untouched,
and earlier versions stay readable (``load_version``).

The default dataset's Open SDG part (``default_part``) is each platform's current version; on
first use (no version yet) the pinned build is read and stored as version 1. A version whose
``inputs_key`` (build, pinned file hashes, mapping, platforms, catalogue, aliases) no longer
matches the committed inputs is rebuilt from the same build and stored as a new version.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from geodata import settings
from indicators import model
from indicators.opensdg.mapping import MAPPING_PATH
from indicators.opensdg.platforms import (
    DATA_DIR,
    PLATFORMS_PATH,
    OpenSdgError,
    get_platform,
    platforms,
    registry,
)
from indicators.opensdg.reader import BuildRead, read_build

READER_VERSION = "1"  # bump when the reader's output changes for the same inputs
KEY_COLUMNS = ("indicator", "area_code", "year", "breakdown")


@dataclass(frozen=True)
class PlatformData:
    """One stored version: totals, breakdowns (with ``breakdown``), sources and manifest."""

    platform: str
    version: int
    observations: pd.DataFrame
    breakdowns: pd.DataFrame
    sources: pd.DataFrame
    manifest: dict


def versions_root(platform_id: str) -> Path:
    """The version directory of one platform."""
    return settings.data_dir() / "opensdg" / "versions" / platform_id


def inputs_key(platform_id: str, build: str) -> str:
    """A hash of everything a stored version of ``build`` is computed from."""
    digest = hashlib.sha256(f"{READER_VERSION}\x1f{platform_id}\x1f{build}".encode())
    prefix = f"{platform_id}/{build}/"
    for name, sha in sorted(registry().items()):
        if name.startswith(prefix):
            digest.update(f"{name}\x1f{sha}\n".encode())
    for path in (
        MAPPING_PATH,
        PLATFORMS_PATH,
        DATA_DIR / "indicators.json",
        Path(__file__).resolve().parents[2] / "geodata" / "data" / "aliases.csv",
    ):
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()[:16]


def current_version(platform_id: str) -> int | None:
    """The number of the current version, or None when nothing is stored."""
    pointer = versions_root(platform_id) / "CURRENT"
    return int(pointer.read_text().strip()) if pointer.is_file() else None


def stored_versions(platform_id: str) -> list[int]:
    """Every complete stored version, oldest first."""
    root = versions_root(platform_id)
    if not root.is_dir():
        return []
    return sorted(
        int(p.name) for p in root.iterdir() if p.name.isdigit() and (p / "manifest.json").exists()
    )


def load_version(platform_id: str, version: int) -> PlatformData:
    """One stored version (OpenSdgError when it does not exist)."""
    folder = versions_root(platform_id) / f"{version:04d}"
    if not (folder / "manifest.json").is_file():
        raise OpenSdgError(f"{platform_id} has no stored version {version} (in {folder.parent})")
    table = pd.read_csv(
        folder / "observations.csv", dtype=str, keep_default_na=False, encoding="utf-8"
    )
    table = model.coerce_observations(table)
    is_part = table["breakdown"] != ""
    sources = pd.read_csv(folder / "sources.csv", dtype=str, keep_default_na=False)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return PlatformData(
        platform_id,
        version,
        table[~is_part].drop(columns=["breakdown"]).reset_index(drop=True),
        table[is_part].reset_index(drop=True),
        sources,
        manifest,
    )


def store_version(
    read: BuildRead, report: str = "", before_commit: Callable[[Path], None] | None = None
) -> int:
    """Store a read build as the next version and make it current (atomically; module
    docstring). ``before_commit`` (tests) runs on the finished temporary directory."""
    root = versions_root(read.platform)
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".incoming-", dir=root))
    try:
        totals = read.observations.assign(breakdown="")
        table = pd.concat([totals, read.breakdowns], ignore_index=True)
        table.to_csv(tmp / "observations.csv", index=False, encoding="utf-8")
        read.sources.to_csv(tmp / "sources.csv", index=False, encoding="utf-8")
        manifest = {
            "platform": read.platform,
            "build": read.build,
            "build_date": get_platform(read.platform).build_date(read.build),
            "inputs_key": inputs_key(read.platform, read.build),
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "observations": len(read.observations),
            "breakdowns": len(read.breakdowns),
            "unresolved": read.unresolved,
            "problems": read.problems,
            "change_report": report,
        }
        (tmp / "manifest.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        if before_commit is not None:
            before_commit(tmp)
        number = max(stored_versions(read.platform), default=0) + 1
        while True:
            try:
                os.rename(tmp, root / f"{number:04d}")
                break
            except OSError:  # another process took that number
                number += 1
        _point_current(root, number)
        return number
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _point_current(root: Path, number: int) -> None:
    """Replace ``CURRENT`` atomically."""
    fd, name = tempfile.mkstemp(prefix=".CURRENT.", dir=root)
    with os.fdopen(fd, "w") as fh:
        fh.write(f"{number}\n")
    os.replace(name, root / "CURRENT")


def ensure_current(platform_id: str) -> PlatformData:
    """The current version, first reading and storing the pinned build (or rebuilding the
    current build when its inputs changed)."""
    platform = get_platform(platform_id)
    number = current_version(platform_id)
    if number is not None:
        data = load_version(platform_id, number)
        build = data.manifest["build"]
        if data.manifest.get("inputs_key") == inputs_key(platform_id, build):
            return data
    else:
        build = platform.pinned_build
    store_version(read_build(platform_id, build), report="first use: no earlier version")
    return load_version(platform_id, current_version(platform_id) or 0)


def _keyed(data: pd.DataFrame) -> pd.DataFrame:
    """Rows indexed by (indicator, area_code, year, breakdown); repeated keys keep the first."""
    frame = data.copy()
    if "breakdown" not in frame:
        frame["breakdown"] = ""
    frame = frame.drop_duplicates(list(KEY_COLUMNS))
    return frame.set_index(list(KEY_COLUMNS))


@dataclass(frozen=True)
class ChangeReport:
    """Values added, revised (old -> new) and withdrawn between two versions of a platform."""

    added: pd.DataFrame
    revised: pd.DataFrame
    withdrawn: pd.DataFrame

    def counts(self) -> dict[str, int]:
        """``{"added": n, "revised": n, "withdrawn": n}``."""
        return {
            "added": len(self.added),
            "revised": len(self.revised),
            "withdrawn": len(self.withdrawn),
        }

    def lines(self) -> list[str]:
        """The report as text lines, per indicator and area."""
        rows = []
        for kind, frame in (
            ("added", self.added),
            ("revised", self.revised),
            ("withdrawn", self.withdrawn),
        ):
            for key, row in frame.iterrows():
                indicator, area, year, breakdown = key
                what = f"{indicator} {area} {year}" + (f" [{breakdown}]" if breakdown else "")
                if kind == "revised":
                    rows.append(f"  revised   {what}: {row['old']:g} -> {row['new']:g}")
                else:
                    rows.append(f"  {kind:<9} {what}: {row['value']:g}")
        counts = self.counts()
        head = (
            f"{counts['added']} added, {counts['revised']} revised, {counts['withdrawn']} withdrawn"
        )
        return [head, *sorted(rows, key=lambda line: line.split(":", 1)[0][12:])]


def change_report(old: pd.DataFrame, new: pd.DataFrame) -> ChangeReport:
    """Compare two tables of totals and breakdowns by (indicator, area, year, breakdown)."""
    before, after = _keyed(old), _keyed(new)
    added_keys = after.index.difference(before.index)
    gone_keys = before.index.difference(after.index)
    both = after.index.intersection(before.index)
    old_values = before.loc[both, "value"]
    new_values = after.loc[both, "value"]
    changed = ~((old_values - new_values).abs() <= 1e-9 * new_values.abs().clip(lower=1))
    revised = pd.DataFrame({"old": old_values[changed], "new": new_values[changed]})
    return ChangeReport(
        added=after.loc[added_keys, ["value"]].sort_index(),
        revised=revised.sort_index(),
        withdrawn=before.loc[gone_keys, ["value"]].sort_index(),
    )


def _all_rows(data: PlatformData | BuildRead) -> pd.DataFrame:
    totals = data.observations.assign(breakdown="")
    return pd.concat([totals, data.breakdowns], ignore_index=True)


def update(
    platform_id: str, build: str, echo: Callable[[str], None] = print
) -> tuple[ChangeReport, int]:
    """Read ``build``, print the change report against the current version, then store the
    build as the new current version. Returns (report, new version number)."""
    platform = get_platform(platform_id)
    build = platform.check_build(build)
    current = ensure_current(platform_id)
    read = read_build(platform_id, build)
    report = change_report(_all_rows(current), _all_rows(read))
    echo(
        f"{platform_id}: build {current.manifest['build'][:7]} "
        f"({current.manifest['build_date']}, version {current.version}) -> build {build[:7]} "
        f"({platform.build_date(build)})"
    )
    text = report.lines()
    for line in text:
        echo(line)
    number = store_version(read, report="\n".join(text))
    echo(
        f"stored {platform_id} version {number} (build {build[:7]}); version {current.version} "
        "stays readable"
    )
    return report, number


def default_part() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, str]:
    """(totals, breakdowns, sources, version tag) of every platform's current version."""
    parts = [ensure_current(p) for p in platforms()]
    tag = ";".join(f"{p.platform}:{p.version}:{p.manifest['inputs_key']}" for p in parts)
    return (
        pd.concat([p.observations for p in parts], ignore_index=True),
        pd.concat([p.breakdowns for p in parts], ignore_index=True),
        pd.concat([p.sources for p in parts], ignore_index=True),
        tag,
    )
