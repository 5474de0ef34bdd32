"""Step A: turn raw indicator values into gaps oriented so that higher = more underserved.

Rules (docs/METHOD.md §A), for a raw value x in the indicator's own unit:

- no target, direction +1 (higher is better): g = -x
- no target, direction -1 (higher is worse):  g = x
- target T, direction +1: g = max(0, T - x) / |T|   (shortfall as a share of the target)
- target T, direction -1: g = max(0, x - T) / |T|   (excess as a share of the target)
  (when T = 0 the division is skipped: g = max(0, T - x) resp. max(0, x - T)).

Missing values (NaN) stay NaN. The gaps are unitless only when a target is set; the normalisers
of Step B make every gap comparable.
"""

from __future__ import annotations

import numpy as np

from indicators.gapscore.spec import IndicatorSpec


def gap(x: np.ndarray, ind: IndicatorSpec) -> np.ndarray:
    """Gap of raw values ``x`` (any shape, NaN = missing) for one indicator; higher = worse."""
    x = np.asarray(x, dtype=float)
    if ind.target is None:
        return -ind.direction * x
    shortfall = ind.direction * (ind.target - x)
    with np.errstate(invalid="ignore"):
        g = np.where(np.isnan(shortfall), np.nan, np.maximum(shortfall, 0.0))
    return g / abs(ind.target) if ind.target != 0 else g


def gap_matrix(values: np.ndarray, indicators: tuple[IndicatorSpec, ...]) -> np.ndarray:
    """Gaps of a region x indicator matrix (columns in ``indicators`` order)."""
    values = np.asarray(values, dtype=float)
    out = np.empty_like(values)
    for k, ind in enumerate(indicators):
        out[:, k] = gap(values[:, k], ind)
    return out
