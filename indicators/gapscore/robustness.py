"""Step E: how much does a region's rank depend on the method's arbitrary choices?

Monte Carlo over D draws (default 1,000, seeded so results are reproducible). Draw 0 is the main
configuration itself (nominal weights, the spec's normalisation and aggregation, every
indicator). Each other draw

- multiplies every nominal weight by an independent U(1 - noise, 1 + noise) factor (noise 0.25),
- picks a normalisation uniformly from ``normalisations`` (minmax, goalposts, rank),
- picks an aggregation uniformly from ``aggregations`` (arithmetic, geometric),
- leaves out one indicator, or none, each with equal probability (``leave_one_out``; only
  when at least two indicators with a positive weight enter the score),

and ranks the regions (1 = most underserved). Normalisation in every draw is fitted on the
whole comparison set, exactly as for the main score; the one- or two-level aggregation is the
main score's. Only regions that reach the weight-share threshold with the nominal weights take
part (the set is fixed across draws); a region left with no indicator in a leave-one-out draw
is unranked in that draw. Per region we report the median rank and the 5th and 95th percentile
ranks (empirical quantiles, "inverted CDF", so always ranks that occurred), widened to include
the main rank, so the main rank always lies in its interval. Priority classes split the ranks
1..m of the m ranked regions into ``n_classes`` equal bands, class(r) = floor(n_classes *
(r - 1) / m) + 1 (1 = the most underserved fifth by default); a region is *uncertain* when its
interval touches more than one class, or when its score rests on a single indicator (then the
score is a ranking of that indicator: ``certainty`` says "single indicator", never "clear").

Vectorised: the normalised matrices are computed once per normaliser, and each
(normaliser, aggregation) pair is one matrix product over all of its draws (a left-out
indicator is a zero weight).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators.gapscore.aggregate import combined_mean
from indicators.gapscore.errors import GapScoreSpecError
from indicators.gapscore.normalise import normalise
from indicators.gapscore.score import competition_rank, prepare
from indicators.gapscore.spec import AGGREGATIONS, NORMALISATIONS, IndicatorSpec, ScoreSpec

UNCERTAINTY_COLUMNS: tuple[str, ...] = (
    "rank_median",
    "rank_p05",
    "rank_p95",
    "priority_class",
    "uncertain",
    "certainty",
)
CLEAR = "clear"
UNCERTAIN = "uncertain"
SINGLE = "single indicator"


@dataclass(frozen=True)
class RobustnessSpec:
    """Settings of the Monte Carlo: draws, weight noise (fraction), method menus, seed, classes.

    ``low``/``high``: percentiles (0-100) of the rank interval. ``aggregations`` may include
    "power", which uses the ScoreSpec's exponent. ``leave_one_out``: whether draws may leave
    out one indicator.
    """

    draws: int = 1000
    weight_noise: float = 0.25
    normalisations: tuple[str, ...] = NORMALISATIONS
    aggregations: tuple[str, ...] = ("arithmetic", "geometric")
    seed: int = 20240601
    n_classes: int = 5
    low: float = 5.0
    high: float = 95.0
    leave_one_out: bool = True

    def __post_init__(self) -> None:
        if int(self.draws) != self.draws or not 1 <= self.draws <= 100_000:
            raise GapScoreSpecError(f"draws {self.draws!r} must be a whole number 1-100000")
        if not 0 <= self.weight_noise < 1:
            raise GapScoreSpecError(f"weight noise {self.weight_noise!r} must lie in [0, 1)")
        bad = [m for m in self.normalisations if m not in NORMALISATIONS]
        bad += [a for a in self.aggregations if a not in AGGREGATIONS]
        if bad or not self.normalisations or not self.aggregations:
            raise GapScoreSpecError(f"unknown or empty method choice(s) for robustness: {bad}")
        if int(self.n_classes) != self.n_classes or self.n_classes < 1:
            raise GapScoreSpecError(f"number of classes {self.n_classes!r} must be >= 1")
        if not 0 <= self.low < self.high <= 100:
            raise GapScoreSpecError(
                f"percentiles {self.low}, {self.high} must satisfy 0<=low<high<=100"
            )


def priority_class(rank: np.ndarray, m: int, n_classes: int) -> np.ndarray:
    """Class 1..n_classes of ranks 1..m: floor(n_classes * (rank - 1) / m) + 1; NaN stays NaN.

    Rank 1 is always class 1 (most underserved band), even when m < n_classes.
    """
    rank = np.asarray(rank, dtype=float)
    return np.floor(n_classes * (rank - 1.0) / max(m, 1)) + 1.0


def _power_of(aggregation: str, spec: ScoreSpec) -> float:
    return {"arithmetic": 1.0, "geometric": 0.0}.get(aggregation, float(spec.power))


def draw_ranks(
    normalised: dict[str, np.ndarray],
    weights: np.ndarray,
    spec: ScoreSpec,
    rspec: RobustnessSpec,
    groups: list[np.ndarray] | None = None,
) -> np.ndarray:
    """Ranks (draws x regions) of the Monte Carlo, given each normaliser's [0, 1] matrix.

    ``normalised[m]``: regions x indicators for every m in ``rspec.normalisations`` and for
    ``spec.normalisation`` (the main configuration, row 0). ``weights``: nominal weights (K,).
    ``groups``: column groups of the two-level mean (None: one level). Every row is one draw's
    ranking of all regions; NaN where a region has no indicator left in that draw.
    """
    rng = np.random.default_rng(rspec.seed)
    d = int(rspec.draws)
    k = weights.size
    factors = rng.uniform(1 - rspec.weight_noise, 1 + rspec.weight_noise, (d, k))
    w = weights * factors
    norm_pick = rng.integers(0, len(rspec.normalisations), d)
    agg_pick = rng.integers(0, len(rspec.aggregations), d)
    droppable = np.flatnonzero(weights > 0)
    if rspec.leave_one_out and droppable.size >= 2:
        # option 0 = leave nothing out, option j = leave out the j-th droppable indicator
        drop = rng.integers(0, droppable.size + 1, d)
        rows = np.flatnonzero(drop > 0)
        w[rows, droppable[drop[rows] - 1]] = 0.0
    n_regions = next(iter(normalised.values())).shape[0]
    scores = np.empty((d, n_regions))
    for i, norm in enumerate(rspec.normalisations):
        for j, agg in enumerate(rspec.aggregations):
            sel = (norm_pick == i) & (agg_pick == j)
            sel[0] = False
            if sel.any():
                p = _power_of(agg, spec)
                scores[sel] = combined_mean(normalised[norm], w[sel], p, spec.epsilon, groups)
    main = combined_mean(
        normalised[spec.normalisation], weights[None, :], spec.effective_power, spec.epsilon, groups
    )
    scores[0] = main[0]
    return competition_rank(scores)


def rank_quantiles(ranks: np.ndarray, percents: tuple[float, ...]) -> np.ndarray:
    """Empirical quantiles (inverted CDF) of each column of integer ranks 1..R, shape (P, R).

    Equal to ``np.percentile(..., method="inverted_cdf")`` over each column's non-NaN draws
    (the smallest rank whose cumulative share of those draws reaches q) but computed from
    per-region rank counts, which is faster. A column without any rank gives NaN.
    """
    r = ranks.shape[1]
    valid = ~np.isnan(ranks)
    cols = np.broadcast_to(np.arange(r), ranks.shape)[valid]
    idx = ranks[valid].astype(np.int64) - 1 + r * cols
    counts = np.bincount(idx, minlength=r * r).reshape(r, r)
    cum = np.cumsum(counts, axis=1)
    n_valid = valid.sum(axis=0)
    out = np.empty((len(percents), r))
    for k, q in enumerate(percents):
        # smallest rank whose cumulative count reaches q% of the draws (at least one draw)
        need = np.maximum(np.ceil(q / 100.0 * n_valid - 1e-9), 1)
        out[k] = np.argmax(cum >= need[:, None], axis=1) + 1
    out[:, n_valid == 0] = np.nan
    return out


def summarise_ranks(
    ranks: np.ndarray,
    rspec: RobustnessSpec,
    main_rank: np.ndarray | None = None,
    n_used: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Median, low and high percentile ranks, class, uncertain flag and certainty per region.

    ``main_rank`` (default: draw 0) widens the interval so that it contains the main rank.
    ``n_used``: indicators each region's score rests on; one makes it a single-indicator rank.
    """
    q = rank_quantiles(ranks, (rspec.low, 50.0, rspec.high))
    main = ranks[0] if main_rank is None else np.asarray(main_rank, dtype=float)
    low, high = np.fmin(q[0], main), np.fmax(q[2], main)
    m = ranks.shape[1]
    lo_class = priority_class(low, m, rspec.n_classes)
    hi_class = priority_class(high, m, rspec.n_classes)
    single = np.zeros(m, dtype=bool) if n_used is None else np.asarray(n_used) <= 1
    uncertain = (lo_class != hi_class) | single
    certainty = np.where(single, SINGLE, np.where(uncertain, UNCERTAIN, CLEAR))
    return {
        "rank_median": q[1],
        "rank_p05": low,
        "rank_p95": high,
        "priority_class": priority_class(q[1], m, rspec.n_classes),
        "uncertain": uncertain,
        "certainty": certainty,
    }


def rank_uncertainty(
    values: pd.DataFrame,
    spec: ScoreSpec,
    rspec: RobustnessSpec | None = None,
    main_rank: pd.Series | None = None,
) -> pd.DataFrame:
    """Monte Carlo rank summary per region (index ``code``, columns ``UNCERTAINTY_COLUMNS``).

    ``main_rank`` (index ``code``; default: the main configuration's draw) is kept inside the
    interval. Regions below the weight-share threshold get NaN ranks, ``uncertain`` False and
    an empty ``certainty``.
    """
    rspec = rspec or RobustnessSpec()
    prep = prepare(values, spec)
    out = pd.DataFrame(index=pd.Index(prep.codes, name="code"))
    for col in UNCERTAINTY_COLUMNS:
        out[col] = {"uncertain": False, "certainty": ""}.get(col, np.nan)
    if not prep.active or not prep.eligible.any():
        return out
    methods = dict.fromkeys((spec.normalisation, *rspec.normalisations))
    # fitted on the whole comparison set, as the main score; then the ranked regions only
    normalised = {m: normalise(prep.raw, prep.active, m)[0][prep.eligible] for m in methods}
    ranks = draw_ranks(normalised, prep.weights, spec, rspec, prep.groups)
    main = None
    if main_rank is not None:
        main = main_rank.reindex(prep.codes).to_numpy(dtype=float)[prep.eligible]
    summary = summarise_ranks(ranks, rspec, main, prep.n_used[prep.eligible])
    for col, vals in summary.items():
        out.loc[prep.eligible, col] = vals
    out["uncertain"] = out["uncertain"].astype(bool)
    return out


def benchmark_mc(n_regions: int = 280, n_indicators: int = 8, draws: int = 1000) -> float:
    """Milliseconds (best of 5) for one full robustness run on a seeded random matrix.

    A timing harness for ``cam-atlas bench``, not data: uniform random values with 10% missing,
    alternating directions, equal weights, default ``RobustnessSpec`` with ``draws`` draws.
    """
    rng = np.random.default_rng(7)
    raw = rng.uniform(0, 100, (n_regions, n_indicators))
    raw[rng.random(raw.shape) < 0.10] = np.nan
    ids = [f"i{k}" for k in range(n_indicators)]
    values = pd.DataFrame(raw, index=[f"R{r:03d}" for r in range(n_regions)], columns=ids)
    inds = tuple(
        IndicatorSpec(i, direction=1 if k % 2 else -1, target=90.0 if k % 2 else None)
        for k, i in enumerate(ids)
    )
    spec, rspec = ScoreSpec(inds), RobustnessSpec(draws=draws)
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        rank_uncertainty(values, spec, rspec)
        best = min(best, time.perf_counter() - start)
    return best * 1000.0
