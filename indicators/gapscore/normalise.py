"""Step B: rescale gaps to [0, 1] per indicator, 0 = least underserved, 1 = most underserved.

All functions work column-wise on a region x indicator matrix with NaN for missing values and
never fill a missing value. The comparison set is the set of rows passed in: callers decide it
explicitly (e.g. all districts of one country in one year) and record it in the ScoreSpec.

- ``minmax``: n = (g - min) / (max - min) over the non-missing values of the column. When all
  values are equal (or only one exists) every region is at the best observed value: n = 0.
- ``goalposts``: n = clip((x - best) / (worst - best), 0, 1) on the RAW value x with fixed
  goalposts from policy (stable across years and comparison sets). An indicator without
  goalposts falls back to min-max, and the fallback is reported.
- ``rank``: percentile rank n = (r - 1) / (m - 1), r = average rank (1 = smallest gap) among
  the m non-missing values; ties share their mean rank; m = 1 gives 0.
"""

from __future__ import annotations

import numpy as np

from indicators.gapscore.gaps import gap_matrix
from indicators.gapscore.spec import IndicatorSpec


def _fit_rows(g: np.ndarray, fit: np.ndarray | None) -> np.ndarray:
    """Rows that define the scale (the comparison set); all rows when ``fit`` is None."""
    return np.ones(g.shape[0], dtype=bool) if fit is None else np.asarray(fit, dtype=bool)


def minmax(g: np.ndarray, fit: np.ndarray | None = None) -> np.ndarray:
    """Min-max of each column of ``g`` to [0, 1]; NaN stays NaN; constant columns give 0.

    ``fit`` (bool per row, default all): rows whose values set min and max; other rows (e.g. a
    national reference value) are placed on that scale and clipped to [0, 1].
    """
    g = np.asarray(g, dtype=float)
    rows = _fit_rows(g, fit)
    out = np.full_like(g, np.nan)
    for k in range(g.shape[1]):
        col = g[:, k]
        ok = ~np.isnan(col)
        ref = col[ok & rows]
        if not ref.size:
            continue
        lo, hi = ref.min(), ref.max()
        out[ok, k] = 0.0 if hi == lo else (col[ok] - lo) / (hi - lo)
    return np.clip(out, 0.0, 1.0)


def goalposts(x: np.ndarray, best: float, worst: float) -> np.ndarray:
    """Raw values ``x`` (indicator unit) to [0, 1] between goalposts: best -> 0, worst -> 1."""
    x = np.asarray(x, dtype=float)
    return np.clip((x - best) / (worst - best), 0.0, 1.0)


def percentile_rank(g: np.ndarray, fit: np.ndarray | None = None) -> np.ndarray:
    """Percentile rank of each column of ``g`` in [0, 1] with average ranks for ties.

    Rows outside ``fit`` (default: none) are placed among the fit rows' values:
    (number below + half the number equal) / m, so they never change the others' ranks.
    """
    g = np.asarray(g, dtype=float)
    rows = _fit_rows(g, fit)
    out = np.full_like(g, np.nan)
    for k in range(g.shape[1]):
        col = g[:, k]
        ref = np.sort(col[rows & ~np.isnan(col)])
        for r in np.flatnonzero(~rows & ~np.isnan(col)):
            if ref.size:
                below = np.searchsorted(ref, col[r], side="left")
                equal = np.searchsorted(ref, col[r], side="right") - below
                out[r, k] = (below + 0.5 * equal) / ref.size
        col = np.where(rows, col, np.nan)
        ok = np.flatnonzero(~np.isnan(col))
        m = ok.size
        if m == 0:
            continue
        if m == 1:
            out[ok, k] = 0.0
            continue
        vals = col[ok]
        order = np.argsort(vals, kind="stable")
        sorted_vals = vals[order]
        # average 1-based rank of each distinct value = mean of first and last position + 1
        first = np.searchsorted(sorted_vals, vals, side="left")
        last = np.searchsorted(sorted_vals, vals, side="right") - 1
        avg_rank = (first + last) / 2.0 + 1.0
        out[ok, k] = (avg_rank - 1.0) / (m - 1.0)
    return out


def normalise(
    values: np.ndarray,
    indicators: tuple[IndicatorSpec, ...],
    method: str,
    fit: np.ndarray | None = None,
) -> tuple[np.ndarray, tuple[str, ...]]:
    """Normalised gaps of a raw region x indicator matrix with one method.

    ``fit``: rows forming the comparison set (default all); see ``minmax``. Returns the [0, 1]
    matrix (NaN = missing) and, per indicator, the normaliser actually used (``goalposts``
    falls back to ``minmax`` for an indicator without goalposts).
    """
    values = np.asarray(values, dtype=float)
    g = gap_matrix(values, indicators)
    if method == "minmax":
        return minmax(g, fit), ("minmax",) * len(indicators)
    if method == "rank":
        return percentile_rank(g, fit), ("rank",) * len(indicators)
    if method != "goalposts":
        raise ValueError(f"unknown normalisation {method!r}")
    out = minmax(g, fit)
    used = []
    for k, ind in enumerate(indicators):
        posts = ind.resolved_goalposts()
        if posts is None:
            used.append("minmax")
            continue
        out[:, k] = goalposts(values[:, k], *posts)
        used.append("goalposts")
    return out, tuple(used)
