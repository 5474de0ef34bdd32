"""Gap scores per region: score, rank, contributions, indicators and years used.

``compute_scores(values, spec, years)`` applies Steps 0 and A-D of docs/METHOD.md to a region x
indicator matrix of raw values (rows = the comparison set, index = area codes, NaN = missing).
An indicator with values for fewer than ``spec.min_coverage`` of the rows does not enter the
score and is reported as an ``Exclusion`` ("too few areas (k of n)"). A region whose available
weight share is below ``spec.min_weight_share`` gets score and rank NaN and status
"insufficient data"; it is listed after all scored regions. Missing data is never treated as
zero.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators.gapscore.aggregate import (
    combined_contributions,
    combined_mean,
    group_scores,
    weight_share,
)
from indicators.gapscore.errors import GapScoreInputError
from indicators.gapscore.exclusions import Exclusion, too_few_areas
from indicators.gapscore.normalise import normalise
from indicators.gapscore.spec import GROUPS, NEED, SERVICES, IndicatorSpec, ScoreSpec

SCORED = "scored"
INSUFFICIENT = "insufficient data"
#: Tolerance for comparing a weight share with the threshold (3 of 4 equal weights = 0.75).
_SHARE_TOL = 1e-9
_TIE_DECIMALS = 12


@dataclass(frozen=True)
class Prepared:
    """The raw matrix restricted to indicators that cover enough of the comparison set.

    ``raw``: regions x active indicators (indicator units, NaN = missing). ``active``: their
    specs. ``dropped``: ids without any value (they cannot inform any region, so they are left
    out and reported instead of lowering every region's weight share). ``exclusions``: every
    spec indicator left out (no value: ``too_few_areas`` with k = 0; below the coverage share:
    k of n). ``eligible``: regions whose available weight share reaches the threshold.
    ``share``: that share (0-1). ``by_domain``: whether the two-level aggregation applies.
    """

    codes: pd.Index
    raw: np.ndarray
    active: tuple[IndicatorSpec, ...]
    dropped: tuple[str, ...]
    share: np.ndarray
    eligible: np.ndarray
    exclusions: tuple[Exclusion, ...] = ()
    by_domain: bool = False

    @property
    def weights(self) -> np.ndarray:
        """Nominal weights of the active indicators."""
        return np.array([ind.weight for ind in self.active], dtype=float)

    def columns_of(self, group: str) -> np.ndarray:
        """Positions of the active indicators of ``group`` (need or services)."""
        return np.array([k for k, i in enumerate(self.active) if i.group == group], dtype=int)

    @property
    def groups(self) -> list[np.ndarray] | None:
        """Column groups of the two-level mean, or None for the one-level mean."""
        return [self.columns_of(g) for g in GROUPS] if self.by_domain else None

    @property
    def n_used(self) -> np.ndarray:
        """Per region: active indicators with a value and a positive weight."""
        return (~np.isnan(self.raw) & (self.weights > 0)).sum(axis=1)


def use_domains(active: tuple[IndicatorSpec, ...], by_domain: bool | None) -> bool:
    """Two-level aggregation: forced by ``by_domain``, or (None) when every active indicator
    has a group and both groups have one with a positive weight."""
    both = all(any(i.group == g and i.weight > 0 for i in active) for g in GROUPS)
    if by_domain is None:
        return both and all(i.group in GROUPS for i in active)
    return bool(by_domain) and both


def prepare(values: pd.DataFrame, spec: ScoreSpec) -> Prepared:
    """Check the matrix against the spec, drop all-missing indicators, apply the share rule."""
    missing = [i for i in spec.ids if i not in values.columns]
    if missing:
        raise GapScoreInputError(
            f"the value matrix has no column for indicator(s) {', '.join(missing)}; "
            f"it has {', '.join(map(str, values.columns)) or 'no columns'}"
        )
    if values.index.has_duplicates:
        dupes = values.index[values.index.duplicated()].unique()
        raise GapScoreInputError(f"area code(s) listed twice: {', '.join(map(str, dupes[:5]))}")
    raw_all = values.loc[:, list(spec.ids)].apply(pd.to_numeric, errors="coerce")
    raw_all = raw_all.to_numpy(dtype=float, copy=True)
    raw_all[~np.isfinite(raw_all)] = np.nan
    n_areas = raw_all.shape[0]
    k_with = (~np.isnan(raw_all)).sum(axis=0)
    has_data = k_with > 0
    covers = has_data & (k_with >= spec.min_coverage * n_areas - _SHARE_TOL)
    active = tuple(ind for ind, ok in zip(spec.indicators, covers, strict=True) if ok)
    dropped = tuple(ind.id for ind, ok in zip(spec.indicators, has_data, strict=True) if not ok)
    exclusions = tuple(
        too_few_areas(ind.id, int(k), n_areas, spec.min_coverage)
        for ind, k, ok in zip(spec.indicators, k_with, covers, strict=True)
        if not ok
    )
    raw = raw_all[:, covers]
    w = np.array([ind.weight for ind in active], dtype=float)
    share = weight_share(raw, w) if active and w.sum() > 0 else np.zeros(len(values))
    eligible = (share > 0) & (share >= spec.min_weight_share - _SHARE_TOL)
    by_domain = use_domains(active, spec.by_domain)
    return Prepared(values.index, raw, active, dropped, share, eligible, exclusions, by_domain)


def competition_rank(scores: np.ndarray) -> np.ndarray:
    """Rank 1 = highest score (most underserved), ties share the best rank ("1224"); NaN stays NaN.

    ``scores``: shape (R,) or (D, R), ranked within each row. Scores equal to 12 decimals are
    ties: matrix products may round identical rows differently in the last bit.
    """
    s = np.atleast_2d(np.asarray(scores, dtype=float))
    n_rows, n_cols = s.shape
    key = np.where(np.isnan(s), np.inf, -np.round(s, _TIE_DECIMALS))
    order = np.argsort(key, axis=1)
    srt = np.take_along_axis(key, order, axis=1)
    # position of the first member of each run of equal keys = its competition rank - 1
    starts = np.ones((n_rows, n_cols), dtype=bool)
    starts[:, 1:] = srt[:, 1:] != srt[:, :-1]
    first = np.maximum.accumulate(np.where(starts, np.arange(n_cols), 0), axis=1)
    ranks = np.empty((n_rows, n_cols))
    np.put_along_axis(ranks, order, first + 1.0, axis=1)
    ranks[np.isnan(s)] = np.nan
    return ranks if np.ndim(scores) == 2 else ranks[0]


def _used_lists(
    prep: Prepared, years: pd.DataFrame | None
) -> tuple[list[str], list[int], list[str]]:
    """Per region: ';'-joined ids used, their count, and 'id=year' pairs (years when known)."""
    ids = [ind.id for ind in prep.active]
    w = prep.weights
    avail = ~np.isnan(prep.raw) & (w > 0)
    yrs = None
    if years is not None:
        yrs = years.reindex(index=prep.codes, columns=ids)
    used, counts, used_years = [], [], []
    for r in range(len(prep.codes)):
        cols = np.flatnonzero(avail[r])
        used.append(";".join(ids[k] for k in cols))
        counts.append(len(cols))
        if yrs is None:
            used_years.append("")
            continue
        pairs = []
        for k in cols:
            y = yrs.iat[r, k]
            pairs.append(f"{ids[k]}={int(y)}" if pd.notna(y) else f"{ids[k]}=?")
        used_years.append(";".join(pairs))
    return used, counts, used_years


def compute_scores(
    values: pd.DataFrame, spec: ScoreSpec, years: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Score every region of ``values`` (index = area codes, columns include ``spec.ids``).

    ``years`` (same shape, optional) holds the year of each value, reported in ``years_used``.
    Returns one row per region, index ``code``, sorted by rank (insufficient data last), with
    columns ``score`` (0-1, 1 = most underserved), ``rank`` (1 = most underserved, ties share
    the best rank), ``status``, ``n_indicators_used``, ``indicators_used`` (';'-joined ids),
    ``weight_share`` (0-1), ``years_used`` ('id=year;...'), ``need_score`` and
    ``services_score`` (0-1 gap score of each group's indicators alone, NaN when the group has
    none; 1 - ``services_score`` is the service-coverage score) and ``contribution_<id>`` per
    spec indicator (sums to the score; NaN where the value is missing or the indicator was left
    out). ``attrs`` carries the spec (``method``), the normaliser used per indicator, the ids
    without any value (``indicators_without_data``), all ids left out
    (``indicators_left_out``), their ``exclusions`` (``Exclusion`` list) and ``by_domain``.
    """
    prep = prepare(values, spec)
    score = np.full(len(prep.codes), np.nan)
    parts = {g: np.full(len(prep.codes), np.nan) for g in GROUPS}
    contrib = np.full((len(prep.codes), len(prep.active)), np.nan)
    used_norm: tuple[str, ...] = ()
    if prep.active and prep.eligible.any():
        n, used_norm = normalise(prep.raw, prep.active, spec.normalisation)
        p, w, eps = spec.effective_power, prep.weights, spec.epsilon
        score = np.where(prep.eligible, combined_mean(n, w, p, eps, prep.groups), np.nan)
        contrib = combined_contributions(n, w, score, p, eps, prep.groups)
        for g in GROUPS:
            cols = prep.columns_of(g)
            if cols.size and w[cols].sum() > 0:
                part = group_scores(n, w, p, eps, [cols])[0]
                parts[g] = np.where(prep.eligible, part, np.nan)
    used, counts, used_years = _used_lists(prep, years)
    out = pd.DataFrame(
        {
            "score": score,
            "rank": competition_rank(score),
            "status": np.where(prep.eligible, SCORED, INSUFFICIENT),
            "n_indicators_used": counts,
            "indicators_used": used,
            "weight_share": prep.share,
            "years_used": used_years,
            "need_score": parts[NEED],
            "services_score": parts[SERVICES],
        },
        index=pd.Index(prep.codes, name="code"),
    )
    active_ids = [ind.id for ind in prep.active]
    for i in spec.ids:
        col = contrib[:, active_ids.index(i)] if i in active_ids else np.nan
        out[f"contribution_{i}"] = col
    out = out.sort_values("rank", kind="stable", na_position="last")
    out.attrs.update(
        method=spec.describe(),
        normalisation_by_indicator=dict(zip(active_ids, used_norm, strict=False)),
        indicators_without_data=list(prep.dropped),
        indicators_left_out=[e.indicator for e in prep.exclusions],
        exclusions=list(prep.exclusions),
        by_domain=prep.by_domain,
    )
    return out
