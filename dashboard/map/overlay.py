"""What the map draws on top of the areas: its extent, markers for small areas and labels.

Plain data (no Dash, no geometry): built by ``dashboard.map.data`` from
``dashboard.map.geometry`` and read by ``dashboard.map.figures``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class LabelPoint:
    """Where one area's label goes (degrees, EPSG:4326)."""

    code: str
    lon: float
    lat: float


@dataclass(frozen=True)
class MapOverlay:
    """``lon_range``/``lat_range``: the view (empty: let plotly fit); ``small``: codes drawn as
    markers too; ``labels``: label points in priority order; ``marker_label``: legend text."""

    lon_range: list[float] = field(default_factory=list)
    lat_range: list[float] = field(default_factory=list)
    small: tuple[str, ...] = ()
    labels: tuple[LabelPoint, ...] = ()
    show_labels: bool = True
    marker_label: str = ""
