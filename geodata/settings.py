"""Where CAM Atlas keeps downloaded, built and imported data, read from the environment.

Settings (all optional):

- ``CAM_ATLAS_DATA_DIR``: the data directory; raw downloads go to ``raw/``, built layers to
  ``build/``, imported user datasets to ``datasets/``. Default: ``$XDG_DATA_HOME/cam-atlas``
  (``~/.local/share/cam-atlas``).
- ``CAM_ATLAS_DATA_MIRROR``: a directory to take raw boundary files from instead of the
  internet (searched recursively by file name). CI points it at ``../shared/geodata-sources``.
"""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    """The root data directory (created on demand by the code that writes into it)."""
    explicit = os.environ.get("CAM_ATLAS_DATA_DIR")
    if explicit:
        return Path(explicit).expanduser().resolve()
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "cam-atlas"


def mirror_dir() -> Path | None:
    """The configured raw-file mirror, or None when files must come from the internet."""
    value = os.environ.get("CAM_ATLAS_DATA_MIRROR")
    return Path(value).expanduser().resolve() if value else None


def positive_int_env(name: str, default: int) -> int:
    """A positive integer setting from the environment (``default`` when unset or invalid)."""
    try:
        value = int(os.environ.get(name, ""))
    except ValueError:
        return default
    return value if value > 0 else default
