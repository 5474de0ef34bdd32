"""Public loaders of the boundary layers (built on first use, then cached on disk and in memory).

Countries are ISO alpha-3 (``KAZ``, ``KGZ``), levels 1 (regions) and 2 (districts), vintages
as in ``geodata.vintages`` (None = the current layout). Everything is EPSG:4326.
"""

from __future__ import annotations

import json
import threading
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geodata import acquire, build, vintages
from geodata.errors import UserFacingError

_lock = threading.Lock()


class LayerError(UserFacingError):
    """A layer that does not exist was asked for."""


def prepare() -> Path:
    """Acquire the raw files and build every layer unless the matching build exists.

    Returns the build directory. Cheap when nothing changed (one directory check).
    """
    target = build.build_dir()
    if (target / "manifest.json").is_file():
        return target
    with _lock:
        if not (target / "manifest.json").is_file():
            raw = acquire.ensure_raw_files()
            build.write_build(raw, target)
    return target


@lru_cache(maxsize=1)
def _build_root() -> Path:
    return prepare()


def manifest() -> dict:
    """The build manifest: ``{"key", "recipe", "layers": {stem: {"units", "web_bytes"}}}``."""
    return json.loads((_build_root() / "manifest.json").read_text(encoding="utf-8"))


def layer_id(country: str, level: int, vintage: str | None = None) -> build.LayerId:
    """Validate a layer request and fill in the current vintage."""
    country = str(country).upper()
    try:
        level = int(level)
        available = vintages.vintages(country, level)
    except (ValueError, UserFacingError):
        raise LayerError(
            f"no boundary layer for country={country!r} level={level!r}: "
            "use country KAZ or KGZ and level 1 or 2"
        ) from None
    vintage = vintages.current_vintage(country) if vintage is None else str(vintage)
    lid = build.LayerId(country, level, vintage)
    if level == 0 or lid not in build.LAYERS:
        built = [v for v in available if build.LayerId(country, level, v) in build.LAYERS]
        raise LayerError(
            f"no {country} admin-{level} layer for vintage {vintage!r}; "
            f"available: {', '.join(built) or 'none (use level 1 or 2)'}"
        )
    return lid


@lru_cache(maxsize=16)
def _load(lid: build.LayerId) -> gpd.GeoDataFrame:
    return gpd.read_parquet(_build_root() / "layers" / f"{lid.stem}.parquet")


def load_layer(country: str, level: int, vintage: str | None = None) -> gpd.GeoDataFrame:
    """Analysis-grade polygons (EPSG:4326): columns ``code, parent_code, country, level,
    vintage, name_en, name_ru, name_kk, name_ky, geometry``. A copy: callers may modify it."""
    return _load(layer_id(country, level, vintage)).copy()


@lru_cache(maxsize=1)
def all_units() -> pd.DataFrame:
    """Every unit of every layout (levels 0-2) without geometry, incl. ``kind``,
    ``name_fallback`` and ``src_names`` (the source attribute names, ``|``-separated)."""
    return pd.read_csv(
        _build_root() / "units.csv", dtype=str, keep_default_na=False, encoding="utf-8"
    ).astype({"level": int})


def units(
    country: str | None = None, level: int | None = None, vintage: str | None = None
) -> pd.DataFrame:
    """Units without geometry (same columns as ``load_layer`` minus geometry, plus ``kind``:
    region, city, district, city_district, country), filtered by country and level (levels
    1 and 2 when None; ``level=0`` gives KAZ/KGZ); the current layout of each country when
    vintage is None."""
    table = all_units()
    if country is not None:
        table = table[table["country"].eq(str(country).upper())]
    # Level 0 (the two countries) only when asked for: it has no layer of its own.
    table = table[table["level"].eq(int(level))] if level is not None else table[table["level"] > 0]
    if vintage is None:
        current = table["country"].map(vintages.CURRENT)
        table = table[table["vintage"].eq(current)]
    else:
        table = table[table["vintage"].eq(str(vintage))]
    cols = [c for c in build.LAYER_COLUMNS if c != "geometry"] + ["kind"]
    return table[cols].reset_index(drop=True)


def web_layer_path(country: str, level: int, vintage: str | None = None) -> Path:
    """Path of the simplified GeoJSON FeatureCollection for the browser (``feature.id ==
    code``; properties ``code, parent_code, name_en, name_ru, name_kk, name_ky``; clockwise
    rings; coordinates rounded to 1e-4 deg). Its build key is part of its directory, so the
    dashboard can serve it under an immutable URL."""
    return _build_root() / "web" / f"{layer_id(country, level, vintage).stem}.geojson"
