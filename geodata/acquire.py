"""Get the pinned raw boundary files into the cache (``data_dir()/raw``), checked by sha256.

A file is taken, in order, from the cache, from the mirror directory named by
``CAM_ATLAS_DATA_MIRROR`` (searched recursively by file name), or downloaded from its pinned
upstream URL. Every copy is verified before it is moved into place atomically, so an
interrupted download never leaves a half-written file behind.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from geodata import settings
from geodata.errors import UserFacingError
from geodata.sources import RAW_FILES, RawFile

DOWNLOAD_TIMEOUT_S = 60


class AcquireError(UserFacingError):
    """A raw boundary file is missing, corrupt or cannot be fetched."""


def raw_dir() -> Path:
    """Where verified raw files are cached (outside git)."""
    return settings.data_dir() / "raw"


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _find_in_mirror(mirror: Path, name: str) -> Path | None:
    """The first file called ``name`` under ``mirror`` (sorted, so the choice is stable)."""
    if not mirror.is_dir():
        raise AcquireError(
            f"CAM_ATLAS_DATA_MIRROR points to {mirror}, which is not a directory. "
            "Point it at a copy of shared/geodata-sources, or unset it to download from the "
            "internet."
        )
    hits = sorted(p for p in mirror.rglob(name) if p.is_file())
    return hits[0] if hits else None


def _install(src: Path, raw: RawFile, target: Path, origin: str) -> None:
    """Copy ``src`` next to ``target``, verify its sha256, then rename it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{raw.name}.", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        shutil.copyfile(src, tmp)
        _verify(tmp, raw, origin)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def _verify(path: Path, raw: RawFile, origin: str) -> None:
    actual = sha256_of(path)
    if actual != raw.sha256:
        raise AcquireError(
            f"checksum mismatch for {raw.name} from {origin}: expected sha256 {raw.sha256}, "
            f"got {actual}. The file is corrupt or not the pinned version; replace it with the "
            f"file from {raw.url} (or delete it to download it again)."
        )


def _download(raw: RawFile, target: Path) -> None:
    """Download ``raw.url`` to a temporary file, verify it, rename it to ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{raw.name}.", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            request = urllib.request.Request(raw.url, headers={"User-Agent": "cam-atlas"})
            with urllib.request.urlopen(request, timeout=DOWNLOAD_TIMEOUT_S) as response:
                shutil.copyfileobj(response, out)
        _verify(tmp, raw, raw.url)
        os.replace(tmp, target)
    except (urllib.error.URLError, OSError) as exc:
        raise AcquireError(
            f"cannot download {raw.name} from {raw.url} ({exc}). Connect to the internet, or set "
            "CAM_ATLAS_DATA_MIRROR to a directory holding the raw files "
            "(e.g. ../shared/geodata-sources)."
        ) from None
    finally:
        tmp.unlink(missing_ok=True)


def ensure_raw_file(raw: RawFile) -> Path:
    """The cached, verified path of one raw file, fetching it when missing."""
    target = raw_dir() / raw.name
    if target.is_file():
        # A cached file is re-verified only by size+mtime stamp to keep repeated calls cheap.
        stamp = target.with_name(f".{raw.name}.ok")
        mark = f"{target.stat().st_size}:{target.stat().st_mtime_ns}"
        if stamp.is_file() and stamp.read_text() == mark:
            return target
        _verify(target, raw, str(target))
        stamp.write_text(mark)
        return target
    mirror = settings.mirror_dir()
    if mirror is not None:
        src = _find_in_mirror(mirror, raw.name)
        if src is None:
            raise AcquireError(
                f"{raw.name} is missing from the mirror {mirror} (CAM_ATLAS_DATA_MIRROR). "
                f"Copy it there from {raw.url}, or unset CAM_ATLAS_DATA_MIRROR to download it."
            )
        _install(src, raw, target, f"mirror file {src}")
    else:
        _download(raw, target)
    return target


def fetch_verified(raw: RawFile, target: Path, mirror_file: Path | None = None) -> Path:
    """``target`` holding the verified bytes of ``raw``: kept when already present and correct,
    else copied from ``mirror_file`` (when given) or downloaded from ``raw.url``.

    The same atomic copy-verify-rename as the boundary files, for other pinned raw files (the
    Open SDG platform files of ``indicators.opensdg``); ``raw.name`` must be a bare file name.
    """
    if target.is_file():
        _verify(target, raw, str(target))
        return target
    if mirror_file is not None:
        if not mirror_file.is_file():
            raise AcquireError(
                f"{mirror_file} is missing from the mirror. Copy it there from {raw.url}, or "
                "unset the mirror setting to download it."
            )
        _install(mirror_file, raw, target, f"mirror file {mirror_file}")
    else:
        _download(raw, target)
    return target


def ensure_raw_files() -> dict[str, Path]:
    """Every pinned raw file present in the cache and sha256-checked: ``{file name: path}``."""
    return {name: ensure_raw_file(raw) for name, raw in RAW_FILES.items()}
