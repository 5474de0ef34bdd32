"""Need versus service coverage: the points of the plane a gap analysis ends with.

One point per scored area: x = need score (0-1, 1 = most need: the need group's indicators,
left-behind children, poverty, migration, child population), y = service-coverage score
(1 - the services group's gap score, 0-1, 1 = best reached: preschool, birth registration,
immunisation, social protection, schooling). Both are the score table's own ``need_score`` and
``services_score`` (docs/METHOD.md §C), so the plane and the table never disagree. Reference
lines: the national values placed on the same scale (``national_reference``), or, without
national values, the median area. The quadrant "high need, low coverage" is the one to look at
first. Pure pandas/numpy: the dashboard draws it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from indicators.gapscore.aggregate import group_scores
from indicators.gapscore.normalise import normalise
from indicators.gapscore.score import prepare
from indicators.gapscore.spec import NEED, SERVICES, ScoreSpec

HIGH_NEED_LOW_COVERAGE = "high need, low coverage"
HIGH_NEED_HIGH_COVERAGE = "high need, high coverage"
LOW_NEED_LOW_COVERAGE = "low need, low coverage"
LOW_NEED_HIGH_COVERAGE = "low need, high coverage"
NATIONAL = "national"
MEDIAN = "median of areas"


def national_reference(
    values: pd.DataFrame, spec: ScoreSpec, national: pd.Series
) -> tuple[float, float]:
    """(need, coverage) of the country's own values ``national`` (indicator id -> raw value),
    normalised on the comparison set ``values`` exactly as the areas are (min-max bounds,
    goalposts or percentile position of the areas; the national row never moves them).
    NaN for a group without a national value."""
    prep = prepare(values, spec)
    ids = [ind.id for ind in prep.active]
    row = pd.to_numeric(national.reindex(ids), errors="coerce").to_numpy(dtype=float)
    raw = np.vstack([prep.raw, row[None, :]])
    fit = np.r_[np.ones(len(prep.raw), dtype=bool), False]
    n, _ = normalise(raw, prep.active, spec.normalisation, fit)
    p, w, eps = spec.effective_power, prep.weights, spec.epsilon
    out = []
    for g in (NEED, SERVICES):
        cols = prep.columns_of(g)
        if not cols.size or w[cols].sum() <= 0:
            out.append(float("nan"))
            continue
        out.append(float(group_scores(n[-1:], w, p, eps, [cols])[0][0]))
    need, services = out
    return need, 1.0 - services


def quadrant(need: float, coverage: float, ref_need: float, ref_coverage: float) -> str:
    """Which side of both reference lines a point lies (on a line counts as "low")."""
    high_need = need > ref_need
    high_cov = coverage > ref_coverage
    if high_need:
        return HIGH_NEED_HIGH_COVERAGE if high_cov else HIGH_NEED_LOW_COVERAGE
    return LOW_NEED_HIGH_COVERAGE if high_cov else LOW_NEED_LOW_COVERAGE


def need_coverage_plane(
    table: pd.DataFrame, reference: tuple[float, float] | None = None
) -> pd.DataFrame:
    """Points of the plane from a score table (``score_table`` / ``score_regions`` output).

    Returns columns ``code``, ``name`` (when the table has it), ``need`` (= ``need_score``),
    ``coverage`` (= 1 - ``services_score``), ``quadrant``: one row per area with both scores.
    ``reference``: (need, coverage) of the reference lines, e.g. ``national_reference``; None
    uses the median area. ``attrs``: ``reference_need``, ``reference_coverage``,
    ``reference_kind`` (``national`` or ``median of areas``).
    """
    frame = table.reset_index() if "code" not in table.columns else table
    points = pd.DataFrame(
        {
            "code": frame["code"].astype(str),
            "name": frame["name"] if "name" in frame.columns else frame["code"].astype(str),
            "need": frame["need_score"].astype(float),
            "coverage": 1.0 - frame["services_score"].astype(float),
        }
    )
    points = points[points["need"].notna() & points["coverage"].notna()].reset_index(drop=True)
    kind = NATIONAL
    if reference is None or any(np.isnan(v) for v in reference):
        kind = MEDIAN
        reference = (float(points["need"].median()), float(points["coverage"].median()))
    ref_need, ref_cov = reference
    points["quadrant"] = [
        quadrant(a, b, ref_need, ref_cov)
        for a, b in zip(points["need"], points["coverage"], strict=True)
    ]
    points.attrs.update(reference_need=ref_need, reference_coverage=ref_cov, reference_kind=kind)
    return points
