"""Checks of the built layers, used by ``cam-atlas boundaries check`` and the tests.

Each layer is checked for its unit count, unique codes, valid geometries, being a clean
coverage (no overlaps, no slivers) in both grades, clockwise exteriors on the web grade,
admin-2 units inside their admin-1 parent, and the web file size budget.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import shapely

from geodata import build, geometry, layers

EXPECTED_UNITS = {
    "kaz_adm1_2024": 20,
    "kaz_adm2_2024": 224,
    "kaz_adm1_2018": 17,
    "kaz_adm2_2018": 216,
    "kaz_adm1_pre2018": 16,
    "kgz_adm1_2018": 9,
    "kgz_adm2_2018": 55,
}
WEB_BUDGET_BYTES = 600_000  # per layer; NOTES.md: ~0.5 MB for all ADM2 at 0.005 deg is fine
# Share of an admin-2 unit's area allowed outside its parent (rounding at coverage seams).
NESTING_TOLERANCE = 1e-6


@dataclass
class LayerReport:
    """The result of checking one layer."""

    stem: str
    units: int
    valid: bool
    web_bytes: int
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no problem was found."""
        return not self.problems


def _coverage_problems(gdf: gpd.GeoDataFrame, grade: str) -> list[str]:
    geoms = gdf.geometry.values
    problems = []
    bad = ~shapely.is_valid(geoms)
    if bad.any():
        problems.append(f"{grade}: invalid geometry for {', '.join(gdf['code'][bad])}")
    if shapely.is_empty(geoms).any():
        problems.append(f"{grade}: empty geometry")
    if not bad.any() and not shapely.coverage_is_valid(geoms):
        problems.append(f"{grade}: not a clean coverage (overlaps or unmatched shared edges)")
    return problems


def _nesting_problems(lid: build.LayerId, full: gpd.GeoDataFrame) -> list[str]:
    parents = layers.load_layer(lid.country, 1, lid.vintage).set_index("code").geometry
    problems = []
    for code, parent, geom in zip(full["code"], full["parent_code"], full.geometry, strict=True):
        if parent not in parents.index:
            problems.append(f"{code}: parent {parent} is not in the admin-1 layer")
            continue
        outside = shapely.difference(geom, parents[parent]).area
        if outside > NESTING_TOLERANCE * geom.area:
            problems.append(f"{code}: {outside / geom.area:.2%} of its area lies outside {parent}")
    return problems


def check_layer(lid: build.LayerId) -> LayerReport:
    """Check one layer (analysis and web grade)."""
    full = layers.load_layer(lid.country, lid.level, lid.vintage)
    path = layers.web_layer_path(lid.country, lid.level, lid.vintage)
    web = gpd.read_file(path)
    problems = _coverage_problems(full, "analysis") + _coverage_problems(web, "web")
    expected = EXPECTED_UNITS[lid.stem]
    if len(full) != expected or len(web) != expected:
        problems.append(f"expected {expected} units, found {len(full)} (web {len(web)})")
    if full["code"].duplicated().any():
        problems.append("duplicate codes")
    if set(full["code"]) != set(web["code"]):
        problems.append("web and analysis layers have different codes")
    if not geometry.all_exteriors_clockwise(web.geometry.values):
        problems.append("web: some exterior rings are not clockwise (Plotly would fill the globe)")
    size = path.stat().st_size
    if size > WEB_BUDGET_BYTES:
        problems.append(f"web file is {size:,} bytes, over the {WEB_BUDGET_BYTES:,} budget")
    if lid.level == 2:
        problems += _nesting_problems(lid, full)
    valid = bool(shapely.is_valid(full.geometry.values).all())
    return LayerReport(lid.stem, len(full), valid, size, problems)


def check_all() -> list[LayerReport]:
    """Check every layer of the build (preparing it first if needed)."""
    layers.prepare()
    return [check_layer(lid) for lid in build.LAYERS]
