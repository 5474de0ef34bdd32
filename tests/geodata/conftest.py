"""Fixtures for the geodata tests: offline, against the shared mirror of the raw files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"

# The documented offline defaults (.ci/run sets the same); explicit settings win.
os.environ.setdefault("CAM_ATLAS_DATA_MIRROR", str(SHARED / "geodata-sources"))
os.environ.setdefault("CAM_ATLAS_DATA_DIR", str(REPO / ".data"))


@pytest.fixture(scope="session")
def built() -> Path:
    """The prepared build directory (built once, then cached on disk)."""
    from geodata import layers

    return layers.prepare()


@pytest.fixture(scope="session")
def indicator_sources() -> Path:
    """The shared indicator CSVs."""
    path = SHARED / "indicator-sources"
    if not path.is_dir():
        pytest.skip("../shared/indicator-sources is not available")
    return path
