"""Where things go on the map: the view's extent, label anchors and which areas are too small.

Computed once per boundary layer from the browser's simplified GeoJSON
(``geodata.layers.web_layer_path``, EPSG:4326, ``feature.id`` = area code), without Dash.
Extents are in degrees; "small" is judged against the shown extent in an equirectangular
approximation (longitudes scaled by cos(latitude)), which is close enough for deciding which
areas would be specks on a map of Central Asia.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from shapely.geometry import shape

from dashboard.georoute import LayerPart

# An area narrower than this share of the map's width is a speck: it gets a marker too.
SMALL_SHARE = 0.035
# Margin around the shown territory, as a share of its extent on each side.
MARGIN_SHARE = 0.03


@dataclass(frozen=True)
class Anchor:
    """One area's label point (inside the polygon), extent and size (square degrees)."""

    code: str
    lon: float
    lat: float
    bounds: tuple[float, float, float, float]  # min lon, min lat, max lon, max lat
    area: float


@lru_cache(maxsize=32)
def anchors(part: LayerPart) -> dict[str, Anchor]:
    """Label anchors of every feature of one layer, by area code."""
    from geodata.layers import web_layer_path

    collection = json.loads(web_layer_path(part.country, part.level, part.vintage).read_text())
    found: dict[str, Anchor] = {}
    for feature in collection["features"]:
        geom = shape(feature["geometry"])
        if geom.is_empty:
            continue
        if not geom.is_valid:
            geom = geom.buffer(0)
        point = geom.representative_point()
        found[str(feature["id"])] = Anchor(
            str(feature["id"]), point.x, point.y, tuple(geom.bounds), geom.area
        )
    return found


def extent(shown: Iterable[Anchor]) -> tuple[list[float], list[float]] | None:
    """``(lon range, lat range)`` around the shown areas with a small margin; None if empty."""
    boxes = [a.bounds for a in shown]
    if not boxes:
        return None
    west, south = min(b[0] for b in boxes), min(b[1] for b in boxes)
    east, north = max(b[2] for b in boxes), max(b[3] for b in boxes)
    pad_x, pad_y = (east - west) * MARGIN_SHARE, (north - south) * MARGIN_SHARE
    return [west - pad_x, east + pad_x], [south - pad_y, north + pad_y]


def small_codes(shown: list[Anchor]) -> list[str]:
    """Codes of the areas that would be specks at the view's extent (largest first)."""
    span = extent(shown)
    if span is None:
        return []
    (west, east), (south, north) = span
    scale = math.cos(math.radians((south + north) / 2))
    width = max((east - west) * scale, north - south) or 1.0
    small = []
    for a in shown:
        size = max((a.bounds[2] - a.bounds[0]) * scale, a.bounds[3] - a.bounds[1])
        if size < SMALL_SHARE * width:
            small.append(a)
    return [a.code for a in sorted(small, key=lambda a: -a.area)]
