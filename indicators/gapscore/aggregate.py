"""Steps C and D: weighted aggregation of normalised gaps, over the indicators a region has.

For region r with normalised gaps n_i in [0, 1] (NaN = missing) and weights w_i >= 0:

- available weight share  s_r = sum_{i available} w_i / sum_i w_i
- renormalised weights    v_i = w_i / sum_{j available} w_j  (missing indicators get none)
- generalised mean        S_r = (sum_i v_i (n_i + eps)^p)^(1/p) - eps
  p = 1 arithmetic (computed without eps: S = sum v_i n_i), p = 0 geometric
  S = exp(sum v_i log(n_i + eps)) - eps, p = -1 harmonic. S lies in [0, 1] and never
  decreases with any n_i; a smaller p is less compensatory (S_p <= S_q for p <= q).
- contribution            c_i = S_r * v_i phi(n_i) / sum_j v_j phi(n_j), which sums to S_r,
  with phi the generator of the mean anchored at 0: phi(n) = n (p = 1),
  log((n + eps) / eps) (p = 0), ((n + eps)^p - eps^p) / p (otherwise). For p = 1, c_i = v_i n_i.

Weights may be a vector (one weighting) or a draws x indicators matrix (Monte Carlo); the
arithmetic is matrix products, never a Python loop over regions or draws.
"""

from __future__ import annotations

import numpy as np


def _mask(n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Availability as 0/1 floats and the matrix with missing values set to 0."""
    avail = ~np.isnan(n)
    return avail.astype(float), np.where(avail, n, 0.0)


def weight_share(n: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Share (0-1) of the total weight whose indicator has a value, per region (row)."""
    avail, _ = _mask(np.asarray(n, dtype=float))
    w = np.asarray(weights, dtype=float)
    return (avail @ w) / w.sum()


def _transform(n0: np.ndarray, p: float, eps: float) -> np.ndarray:
    """The per-value term of the generalised mean: n, log(n + eps) or (n + eps)^p."""
    if p == 1:
        return n0
    if p == 0:
        return np.log(n0 + eps)
    return (n0 + eps) ** p


def _invert(m: np.ndarray, p: float, eps: float) -> np.ndarray:
    """From the weighted mean of the transformed terms back to the [0, 1] score."""
    if p == 1:
        return m
    if p == 0:
        return np.exp(m) - eps
    return m ** (1.0 / p) - eps


def generalised_mean(n: np.ndarray, weights: np.ndarray, p: float, eps: float) -> np.ndarray:
    """Weighted generalised mean of each row of ``n`` over its available entries.

    ``n``: regions x indicators in [0, 1], NaN = missing. ``weights``: shape (K,) giving one
    score per region, or (D, K) giving a (D, R) array, one row per weighting (draw).
    Regions with no available weight get NaN.
    """
    n = np.asarray(n, dtype=float)
    avail, n0 = _mask(n)
    w = np.asarray(weights, dtype=float)
    wt = w.T  # (K,) or (K, D)
    terms = _transform(n0, p, eps) * avail
    with np.errstate(invalid="ignore", divide="ignore"):
        wsum = avail @ wt
        mean = (terms @ wt) / wsum
        score = np.clip(_invert(mean, p, eps), 0.0, 1.0)
    score = np.where(wsum > 0, score, np.nan)
    return score.T if w.ndim == 2 else score


def _generator(n0: np.ndarray, p: float, eps: float) -> np.ndarray:
    """phi(n): the mean's additive scale, anchored so that phi(0) = 0 and phi increases."""
    if p == 1:
        return n0
    if p == 0:
        return np.log((n0 + eps) / eps)
    return ((n0 + eps) ** p - eps**p) / p


def contributions(
    n: np.ndarray, weights: np.ndarray, score: np.ndarray, p: float, eps: float
) -> np.ndarray:
    """Part of each region's score due to each indicator (regions x indicators; NaN if missing).

    Rows sum to the score; a region with score NaN gets NaN everywhere.
    """
    n = np.asarray(n, dtype=float)
    avail, n0 = _mask(n)
    w = np.asarray(weights, dtype=float)
    terms = _generator(n0, p, eps) * avail * w
    total = terms.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(total > 0, terms / total, 0.0)
    out = share * np.asarray(score, dtype=float)[:, None]
    return np.where(avail > 0, out, np.nan)


def group_weights(weights: np.ndarray, groups: list[np.ndarray]) -> np.ndarray:
    """Weight of each group: the mean weight of its indicators with a positive weight (so
    equal groups by default, and raising one indicator's weight raises its group's too).

    ``weights``: (K,) or (D, K); returns (G,) or (G, D). A group without a positive weight
    gets 0 (a draw that left out its only indicator).
    """
    w = np.asarray(weights, dtype=float)
    out = []
    for cols in groups:
        wc = w[..., cols]
        count = (wc > 0).sum(axis=-1)
        out.append(np.where(count > 0, wc.sum(axis=-1) / np.maximum(count, 1), 0.0))
    return np.stack(out)


def mean_of_groups(
    parts: np.ndarray, p: float, eps: float, weights: np.ndarray | None = None
) -> np.ndarray:
    """Weighted generalised mean over axis 0 of group scores (NaN = group missing).

    ``parts``: (G, ...) scores in [0, 1]; ``weights``: (G,) or (G, ...) group weights
    (default equal). An area lacking a group is scored on the others (weights renormalised,
    as in Step D); lacking all, it gets NaN.
    """
    parts = np.asarray(parts, dtype=float)
    u = np.ones(parts.shape[0]) if weights is None else np.asarray(weights, dtype=float)
    u = u.reshape(u.shape + (1,) * (parts.ndim - u.ndim))
    avail = ~np.isnan(parts)
    with np.errstate(invalid="ignore", divide="ignore"):
        terms = _transform(np.where(avail, parts, 0.0), p, eps)
        wsum = (u * avail).sum(axis=0)
        mean = (u * np.where(avail, terms, 0.0)).sum(axis=0) / wsum
        score = np.clip(_invert(mean, p, eps), 0.0, 1.0)
    return np.where(wsum > 0, score, np.nan)


def group_scores(
    n: np.ndarray, weights: np.ndarray, p: float, eps: float, groups: list[np.ndarray]
) -> np.ndarray:
    """Score of each group of columns (``groups``: index arrays), shape (G, R) or (G, D, R)."""
    w = np.asarray(weights, dtype=float)
    return np.stack([generalised_mean(n[:, cols], w[..., cols], p, eps) for cols in groups])


def combined_mean(
    n: np.ndarray,
    weights: np.ndarray,
    p: float,
    eps: float,
    groups: list[np.ndarray] | None = None,
) -> np.ndarray:
    """``generalised_mean``, or with ``groups`` the two-level mean: within each group first,
    then across groups weighted by ``group_weights`` (docs/METHOD.md §C, need versus
    services)."""
    if not groups:
        return generalised_mean(n, weights, p, eps)
    parts = group_scores(n, weights, p, eps, groups)
    return mean_of_groups(parts, p, eps, group_weights(weights, groups))


def combined_contributions(
    n: np.ndarray,
    weights: np.ndarray,
    score: np.ndarray,
    p: float,
    eps: float,
    groups: list[np.ndarray] | None = None,
) -> np.ndarray:
    """``contributions`` for ``combined_mean``: the score is split across groups on the
    mean's additive scale, then each group's part across its indicators the same way."""
    if not groups:
        return contributions(n, weights, score, p, eps)
    w = np.asarray(weights, dtype=float)
    parts = group_scores(n, w, p, eps, groups).T  # (R, G)
    top = contributions(parts, group_weights(w, groups), score, p, eps)
    out = np.full(np.shape(n), np.nan)
    for g, cols in enumerate(groups):
        within = contributions(n[:, cols], w[cols], parts[:, g], p, eps)
        with np.errstate(invalid="ignore", divide="ignore"):
            scale = np.where(parts[:, g] > 0, top[:, g] / parts[:, g], 0.0)
        out[:, cols] = within * scale[:, None]
    return out
