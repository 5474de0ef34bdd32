"""The Open SDG platforms read by CAM Atlas, their pinned builds, and how their files are fetched.

``indicators/data/opensdg_platforms.json`` describes each platform (publisher, repository, the
territory column, the build commits it knows and the pinned one); ``opensdg_sha256sums.txt``
is the pinned registry: the sha256 of every file of every known build, as
``<sha256>  ./<platform>/<commit>/<lang>/<data|meta>/<id>.<csv|json>``.

A file is taken from the cache (``data_dir()/opensdg/raw/<platform>/<commit>/<path>``), else
copied from the mirror named by ``CAM_ATLAS_INDICATOR_MIRROR`` (same layout as the registry
paths; CI and offline machines point it at ``../shared/indicator-sources/open-sdg``), else
downloaded from ``https://raw.githubusercontent.com/<repository>/<commit>/<path>``; every copy is
sha256-verified and moved into place atomically by ``geodata.acquire.fetch_verified``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geodata import settings
from geodata.acquire import fetch_verified
from geodata.errors import UserFacingError
from geodata.sources import RawFile

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
PLATFORMS_PATH = DATA_DIR / "opensdg_platforms.json"
REGISTRY_PATH = DATA_DIR / "opensdg_sha256sums.txt"
MIRROR_ENV = "CAM_ATLAS_INDICATOR_MIRROR"
RAW_URL = "https://raw.githubusercontent.com/{repository}/{commit}/{path}"


class OpenSdgError(UserFacingError):
    """An unknown platform or build, or a file missing from the pinned registry."""


@dataclass(frozen=True)
class Platform:
    """One national SDG platform: ``id`` (``kgz-nsc``), ISO3 ``country``, who publishes it,
    its ``repository`` (owner/name of the build branch), the Russian-language territory column
    name, the ``builds`` it knows (commit -> build date) and the ``pinned_build``.
    ``rebased_geocodes``: platform GeoCodes whose rows of earlier years are series re-based on
    a later layout (``layout_year``), with the ``reason`` (resolved in that layout)."""

    id: str
    country: str
    publisher: str
    platform: str
    site: str
    repository: str
    licence: str
    language: str
    territory_column: str
    pinned_build: str
    builds: dict[str, str]
    rebased_geocodes: dict[str, dict[str, object]]

    def build_date(self, commit: str) -> str:
        """The build date (ISO) of a known build commit."""
        return self.builds[commit]

    def check_build(self, commit: str) -> str:
        """The full commit of a known build (a unique prefix of 7+ characters is accepted)."""
        hits = [c for c in self.builds if len(commit) >= 7 and c.startswith(commit.lower())]
        if len(hits) != 1:
            known = ", ".join(f"{c} ({d})" for c, d in self.builds.items())
            raise OpenSdgError(
                f"build {commit!r} of {self.id} is not in the pinned registry "
                f"({REGISTRY_PATH.name}); known builds: {known}. Add the build's files and "
                "their sha256 there (and to opensdg_platforms.json) before reading it."
            )
        return hits[0]


@lru_cache(maxsize=1)
def platforms() -> dict[str, Platform]:
    """All configured platforms by id."""
    raw = json.loads(PLATFORMS_PATH.read_text(encoding="utf-8"))["platforms"]
    return {key: Platform(id=key, **value) for key, value in raw.items()}


def get_platform(platform_id: str) -> Platform:
    """One platform by id; OpenSdgError names the known ones."""
    try:
        return platforms()[platform_id]
    except KeyError:
        known = ", ".join(platforms())
        raise OpenSdgError(f"unknown platform {platform_id!r}; known: {known}") from None


@lru_cache(maxsize=1)
def registry() -> dict[str, str]:
    """Pinned sha256 by registry path (``kgz-nsc/<commit>/ru/data/4-2-1.csv``)."""
    out: dict[str, str] = {}
    for line in REGISTRY_PATH.read_text(encoding="utf-8").splitlines():
        if line.strip():
            digest, path = line.split(maxsplit=1)
            out[path.strip().removeprefix("./")] = digest
    return out


def build_files(platform: Platform, commit: str, kind: str) -> list[str]:
    """Indicator ids (``4-2-2-1a``) with a pinned ``kind`` file (``data`` or ``meta``)."""
    prefix = f"{platform.id}/{commit}/{platform.language}/{kind}/"
    return sorted(
        Path(p).stem for p in registry() if p.startswith(prefix) and "/" not in p[len(prefix) :]
    )


def mirror_dir() -> Path | None:
    """The configured mirror of the platform files (``CAM_ATLAS_INDICATOR_MIRROR``), or None."""
    value = os.environ.get(MIRROR_ENV)
    return Path(value).expanduser().resolve() if value else None


def raw_root() -> Path:
    """Where verified platform files are cached (outside git)."""
    return settings.data_dir() / "opensdg" / "raw"


def ensure_file(platform: Platform, commit: str, path: str) -> Path:
    """The cached, verified local copy of ``path`` (``ru/data/4-2-1.csv``) of a build."""
    key = f"{platform.id}/{commit}/{path}"
    digest = registry().get(key)
    if digest is None:
        raise OpenSdgError(f"{key} is not in the pinned registry {REGISTRY_PATH.name}")
    url = RAW_URL.format(repository=platform.repository, commit=commit, path=path)
    raw = RawFile(name=Path(path).name, url=url, sha256=digest, dataset=platform.id)
    mirror = mirror_dir()
    if mirror is not None and not mirror.is_dir():
        raise OpenSdgError(
            f"{MIRROR_ENV} points to {mirror}, which is not a directory. Point it at a copy of "
            "shared/indicator-sources/open-sdg, or unset it to download from GitHub."
        )
    return fetch_verified(raw, raw_root() / key, mirror / key if mirror else None)
