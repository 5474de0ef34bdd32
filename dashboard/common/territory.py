"""Did an area's territory change between two boundary layouts? (Trend charts break there.)

A code names a unit within its layout (``geodata.vintages``); the same code in two layouts may
cover different land: Almaty region ``KZ-19`` lost Zhetysu in 2022, Astana ``KZ-71`` grew in
2018. A line joining values across such a change would show a territorial change as a trend.
Comparing polygon areas (equal-area CRS EPSG:6933, km²) tells real changes from unchanged
units that merely appear in a newer layout (North Kazakhstan ``KZ-59``).
"""

from __future__ import annotations

from functools import lru_cache

from geodata.errors import UserFacingError

EQUAL_AREA_CRS = "EPSG:6933"  # WGS 84 / NSIDC EASE-Grid 2.0 Global (equal-area)
RELATIVE_TOLERANCE = 0.01  # areas within 1 % count as the same territory (simplification noise)


@lru_cache(maxsize=16)
def areas_km2(country: str, level: int, vintage: str) -> dict[str, float]:
    """Area in km² of every unit of one layout (analysis-grade polygons), by code."""
    from geodata.layers import load_layer

    layer = load_layer(country, level, vintage)
    return dict(zip(layer["code"], layer.geometry.to_crs(EQUAL_AREA_CRS).area / 1e6, strict=True))


def territory_changed(code: str, country: str, level: int, before: str, after: str) -> bool:
    """True when unit ``code`` covers different land in layout ``before`` than in ``after``
    (or exists in only one of them). Level 0 (a country) never changes; an unknown layout
    counts as a change, so a line is rather broken than wrongly joined."""
    if level == 0 or before == after:
        return False
    try:
        old = areas_km2(country, level, before).get(code)
        new = areas_km2(country, level, after).get(code)
    except UserFacingError:  # no such layout at this level (LayerError): break the line
        return True
    if old is None or new is None:
        return True
    return abs(old - new) > RELATIVE_TOLERANCE * max(old, new)
