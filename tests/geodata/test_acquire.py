"""Acquisition: the mirror, the cache, checksums and clear errors (no network needed)."""

from __future__ import annotations

import urllib.error
from pathlib import Path

import pytest

from geodata import acquire, sources
from geodata.sources import RAW_FILES

SMALL = RAW_FILES["kaz_admbnda_adm1_2024.prj"]
SHARED_GEOKZ = Path(__file__).resolve().parents[3] / "shared" / "geodata-sources" / "geokz"


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty data dir and an empty mirror."""
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    monkeypatch.setenv("CAM_ATLAS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CAM_ATLAS_DATA_MIRROR", str(mirror))
    return mirror


def test_registry_pins_commits_and_checksums():
    assert len(RAW_FILES) == 20 + 1 + 9
    for raw in RAW_FILES.values():
        assert raw.url.startswith("https://raw.githubusercontent.com/")
        assert len(raw.sha256) == 64
        assert raw.name in raw.url
    commits = (sources.GEOKZ_COMMIT, sources.PRISM_COMMIT, sources.WOF_KG_COMMIT)
    assert all(any(c in raw.url for c in commits) for raw in RAW_FILES.values())


def test_copies_from_mirror_searched_recursively(isolated: Path):
    nested = isolated / "deep" / "er"
    nested.mkdir(parents=True)
    source = SHARED_GEOKZ / SMALL.name
    (nested / SMALL.name).write_bytes(source.read_bytes())
    path = acquire.ensure_raw_file(SMALL)
    assert path == acquire.raw_dir() / SMALL.name
    assert acquire.sha256_of(path) == SMALL.sha256


def test_checksum_mismatch_in_mirror_is_a_clear_error(isolated: Path):
    (isolated / SMALL.name).write_text("not the pinned file")
    with pytest.raises(acquire.AcquireError) as err:
        acquire.ensure_raw_file(SMALL)
    message = str(err.value)
    assert "checksum mismatch" in message and SMALL.name in message and SMALL.url in message
    assert not (acquire.raw_dir() / SMALL.name).exists()  # nothing half-installed


def test_corrupt_cached_file_is_detected(isolated: Path):
    acquire.raw_dir().mkdir(parents=True)
    (acquire.raw_dir() / SMALL.name).write_text("tampered")
    with pytest.raises(acquire.AcquireError, match="checksum mismatch"):
        acquire.ensure_raw_file(SMALL)


def test_file_missing_from_mirror_says_what_to_do(isolated: Path):
    with pytest.raises(acquire.AcquireError) as err:
        acquire.ensure_raw_file(SMALL)
    assert "missing from the mirror" in str(err.value)
    assert "CAM_ATLAS_DATA_MIRROR" in str(err.value)


def test_mirror_that_is_not_a_directory(isolated: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CAM_ATLAS_DATA_MIRROR", str(isolated / "nowhere"))
    with pytest.raises(acquire.AcquireError, match="not a directory"):
        acquire.ensure_raw_file(SMALL)


def test_no_network_says_what_to_do(isolated: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("CAM_ATLAS_DATA_MIRROR")

    def offline(*args, **kwargs):
        raise urllib.error.URLError("Name or service not known")

    monkeypatch.setattr(acquire.urllib.request, "urlopen", offline)
    with pytest.raises(acquire.AcquireError) as err:
        acquire.ensure_raw_file(SMALL)
    message = str(err.value)
    assert "Connect to the internet" in message and "CAM_ATLAS_DATA_MIRROR" in message
    assert list(acquire.raw_dir().iterdir()) == []  # the temporary download is gone


def test_errors_are_user_facing():
    from geodata.errors import UserFacingError

    assert issubclass(acquire.AcquireError, UserFacingError)
