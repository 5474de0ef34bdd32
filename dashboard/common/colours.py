"""Colour classes for choropleths: class breaks and colour-blind-safe stepped palettes.

Values are split into at most five classes. With enough distinct values the breaks are quantiles
(robust to skewed counts); otherwise equal intervals. Breaks are rounded to two significant digits
so legends read well. The same breaks can be computed from all years of an
indicator ("fixed" breaks) so that a colour means the same value in every year.

Palettes are viridis, cividis (both perceptually uniform and colour-blind safe) and ColorBrewer
YlOrRd. They are oriented so that the darker end always means more need: for an indicator where
higher is worse (direction -1) or neutral (0), high values are dark; where higher is better (+1),
low values are dark.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable

import numpy as np
from plotly.colors import sample_colorscale

PALETTES: dict[str, str] = {"viridis": "Viridis", "cividis": "Cividis", "ylorrd": "YlOrRd"}
DEFAULT_PALETTE = "viridis"
# Palettes whose dark end is at 0 (low values) in Plotly's definition.
_DARK_AT_LOW = {"viridis", "cividis"}
MAX_CLASSES = 5
_ROUNDING: dict[str, Callable[[float], int]] = {
    "down": math.floor,
    "up": math.ceil,
    "nearest": round,
}


def _round_to(value: float, step: float, how: str) -> float:
    """``value`` rounded down/up/nearest to a multiple of ``step`` (a power of ten)."""
    rounded = float(_ROUNDING[how](value / step) * step)
    # value / step underflows to 0 for a subnormal value: an outer edge must still cover it.
    if how == "up" and rounded < value:
        rounded += step
    elif how == "down" and rounded > value:
        rounded -= step
    return rounded


def _step(magnitude: float, digits: int = 2) -> float:
    """The power of ten that keeps ``digits`` significant digits of ``magnitude``."""
    step = 10.0 ** (math.floor(math.log10(abs(magnitude))) - digits + 1) if magnitude else 0.0
    # Subnormal magnitudes underflow to a zero step; any finite step keeps the edges ordered.
    return step if step > 0 else 1.0


def class_breaks(values: Iterable[float], k: int = MAX_CLASSES) -> list[float]:
    """Increasing class edges covering ``values`` (missing values ignored): ``len`` = classes + 1.

    Quantile breaks (each rounded to two significant digits) when there are at least ``2 * k``
    distinct values, so one huge city does not put every other area in the lowest class; equal
    intervals (rounded to two digits of the class width) otherwise. A single distinct value gives
    one class around it; no values gives ``[]``.
    """
    data = np.asarray([v for v in values if v is not None and np.isfinite(v)], dtype=float)
    if data.size == 0:
        return []
    low, high = float(data.min()), float(data.max())
    if low == high:
        pad = abs(low) * 0.05 or 0.5
        return [low - pad, high + pad]
    distinct = np.unique(data)
    classes = min(k, distinct.size)
    if distinct.size >= 2 * k:
        inner = [
            _round_to(v, _step(v), "nearest")
            for v in np.quantile(data, np.linspace(0, 1, classes + 1)[1:-1])
        ]
        edges = [_round_to(low, _step(low), "down"), *inner, _round_to(high, _step(high), "up")]
    else:
        step = _step((high - low) / classes)
        inner = [_round_to(v, step, "nearest") for v in np.linspace(low, high, classes + 1)[1:-1]]
        edges = [_round_to(low, step, "down"), *inner, _round_to(high, step, "up")]
    return sorted(set(edges))


def class_colours(palette: str, direction: int, n_classes: int) -> list[str]:
    """``n_classes`` colours from light to dark need order: index 0 is the lowest class.

    ``direction``: +1 higher is better, -1 higher is worse, 0 context (treated like -1).
    """
    name = palette if palette in PALETTES else DEFAULT_PALETTE
    if n_classes <= 0:
        return []
    points = [0.5] if n_classes == 1 else list(np.linspace(0.0, 1.0, n_classes))
    colours = sample_colorscale(PALETTES[name], points)
    dark_at_low = name in _DARK_AT_LOW
    # Want: dark = more need. Need grows with value unless higher is better.
    need_grows_with_value = direction <= 0
    if dark_at_low == need_grows_with_value:
        colours = colours[::-1]
    return colours


def stepped_colourscale(edges: list[float], colours: list[str]) -> list[list]:
    """A Plotly colourscale with one flat colour per class, for ``zmin=edges[0]``,
    ``zmax=edges[-1]``; positions are the class edges scaled to 0..1."""
    if len(edges) < 2 or len(colours) != len(edges) - 1:
        raise ValueError("need one colour per class (len(edges) - 1)")
    span = edges[-1] - edges[0]
    positions = [(e - edges[0]) / span for e in edges]
    scale: list[list] = []
    for i, colour in enumerate(colours):
        scale.append([positions[i], colour])
        scale.append([positions[i + 1], colour])
    scale[-1][0] = 1.0
    return scale


def class_position(value: float, edges: list[float]) -> float:
    """Where ``value`` lies on an equal-height class legend: ``i + f`` for class ``i`` (0-based)
    and fraction ``f`` within it, clipped to ``[0, len(edges) - 1]``.

    Colouring this position with an evenly stepped scale gives each class one colour while the
    colour bar shows every class at the same height, however unequal (quantile) the classes are.
    """
    if value <= edges[0]:
        return 0.0
    for i in range(len(edges) - 1):
        low, high = edges[i], edges[i + 1]
        if value <= high:
            return i + (value - low) / (high - low)
    return float(len(edges) - 1)


# Balances (net migration): ColorBrewer PuOr, colour-blind safe; orange below zero (more people
# leaving), purple above (more arriving), both darker away from zero.
DIVERGING = "PuOr"


def with_zero_edge(edges: list[float]) -> list[float]:
    """``edges`` with 0 added when they straddle zero, so no class mixes gains and losses."""
    if len(edges) >= 2 and edges[0] < 0 < edges[-1] and 0.0 not in edges:
        return sorted([*edges, 0.0])
    return edges


def diverging_colours(edges: list[float]) -> list[str]:
    """One colour per class for a balance: classes below zero in orange, above in purple, each
    darker the further it is from zero (a class touching zero is the lightest of its side)."""
    mids = [(low + high) / 2 for low, high in itertools.pairwise(edges)]
    negatives = [m for m in mids if m < 0]
    positives = [m for m in mids if m >= 0]
    points = []
    for m in mids:
        side = negatives if m < 0 else positives
        rank = sorted(side, key=abs).index(m) + 1  # 1 = nearest to zero
        strength = 0.2 + 0.75 * rank / len(side)
        points.append(0.5 - strength / 2 if m < 0 else 0.5 + strength / 2)
    return sample_colorscale(DIVERGING, points) if points else []
