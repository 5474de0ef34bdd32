"""Geometry steps of the build, on arrays of shapely geometries in EPSG:4326 (degrees).

The layers are polygonal *coverages* (units tile the country without overlaps), so every step
works on the whole coverage at once: shared borders stay identical, which is what keeps the
simplified map free of slivers and gaps.
"""

from __future__ import annotations

import numpy as np
import shapely

# Gaps narrower than this (degrees, ~50 m) between neighbouring source polygons are digitising
# errors and are merged into a neighbour; lakes and enclaves are kilometres wide and stay holes.
GAP_WIDTH_DEG = 5e-4
# Coordinates of the web layers are rounded to this grid (degrees, ~10 m).
WEB_GRID_DEG = 1e-4


def polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """Only the (multi)polygon part of a geometry (make_valid may add stray lines or points)."""
    if geom is None or geom.is_empty:
        return shapely.MultiPolygon()
    if isinstance(geom, shapely.Polygon | shapely.MultiPolygon):
        return geom
    parts = [
        g for g in shapely.get_parts(geom) if isinstance(g, shapely.Polygon | shapely.MultiPolygon)
    ]
    return shapely.union_all(parts) if parts else shapely.MultiPolygon()


def make_valid(geoms: np.ndarray) -> np.ndarray:
    """Valid, polygonal versions of ``geoms`` (structure-preserving make_valid)."""
    fixed = shapely.make_valid(
        np.asarray(geoms, dtype=object), method="structure", keep_collapsed=False
    )
    return np.array([polygonal(g) for g in fixed], dtype=object)


def clean_coverage(geoms: np.ndarray) -> np.ndarray:
    """A valid coverage: overlaps removed, narrow gaps closed, shared edges made identical."""
    cleaned = shapely.coverage_clean(make_valid(geoms), gap_width=GAP_WIDTH_DEG)
    return make_valid(cleaned)


def simplify_coverage(geoms: np.ndarray, tolerance_deg: float) -> np.ndarray:
    """Topology-preserving simplification of a coverage, then coordinates rounded to the grid."""
    simple = shapely.coverage_simplify(np.asarray(geoms, dtype=object), tolerance_deg)
    rounded = shapely.set_precision(simple, WEB_GRID_DEG, mode="valid_output")
    return make_valid(rounded)


def dissolve(geoms: np.ndarray, groups: list[str]) -> dict[str, shapely.Geometry]:
    """Union of ``geoms`` per group label; exact for a clean coverage (no new vertices)."""
    out: dict[str, shapely.Geometry] = {}
    labels = np.asarray(groups, dtype=object)
    for label in dict.fromkeys(groups):
        members = np.asarray(geoms, dtype=object)[labels == label]
        try:
            merged = shapely.coverage_union_all(members)
        except shapely.errors.GEOSException:  # not perfectly noded: fall back to overlay union
            merged = shapely.union_all(members)
        out[label] = polygonal(shapely.make_valid(merged))
    return out


def orient_for_plotly(geoms: np.ndarray) -> np.ndarray:
    """Exterior rings clockwise, holes counter-clockwise, as Plotly's geo subplot needs."""
    return shapely.orient_polygons(np.asarray(geoms, dtype=object), exterior_cw=True)


def all_exteriors_clockwise(geoms: np.ndarray) -> bool:
    """True when every polygon's exterior ring winds clockwise."""
    for geom in geoms:
        for poly in shapely.get_parts(geom):
            if shapely.is_ccw(poly.exterior):
                return False
    return True
