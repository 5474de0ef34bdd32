"""One area's score taken apart: inputs, years, gaps, normalised values, weights, contributions.

``explain_area`` is what ``cam-atlas score --explain CODE`` prints: for every indicator in the
score, the raw value (indicator unit) and the year it comes from, its gap (Step A), normalised
gap (Step B, 0-1 on the comparison set), group (need or services), renormalised weight (Step C)
and contribution (which sum to the area's score). Indicators left out of the score are listed
with their reason instead.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from indicators.gapscore.errors import GapScoreInputError
from indicators.gapscore.gaps import gap_matrix
from indicators.gapscore.normalise import normalise
from indicators.gapscore.score import compute_scores, prepare
from indicators.gapscore.spec import ScoreSpec

EXPLAIN_COLUMNS: tuple[str, ...] = (
    "indicator",
    "group",
    "value",
    "year",
    "gap",
    "normalised",
    "weight",
    "contribution",
    "note",
)


def explain_area(
    values: pd.DataFrame, spec: ScoreSpec, code: str, years: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Rows ``EXPLAIN_COLUMNS`` for area ``code`` (one per spec indicator, in spec order).

    ``weight`` is the weight share the indicator has in this area's score (renormalised over
    the indicators it has; 0 when missing); ``contribution`` is the table's
    ``contribution_<id>``. ``attrs``: ``score``, ``rank``, ``status`` of the area.
    """
    if code not in values.index:
        raise GapScoreInputError(
            f"--explain {code!r}: no such area in the comparison set "
            f"(e.g. {', '.join(map(str, values.index[:5]))})"
        )
    prep = prepare(values, spec)
    table = compute_scores(values, spec, years)
    r = int(np.flatnonzero(prep.codes == code)[0])
    active = [ind.id for ind in prep.active]
    gaps = gap_matrix(prep.raw, prep.active)[r] if active else np.array([])
    norm = normalise(prep.raw, prep.active, spec.normalisation)[0][r] if active else gaps
    has = ~np.isnan(prep.raw[r]) if active else np.array([], dtype=bool)
    w = prep.weights * has if active else prep.weights
    if prep.groups:
        # two levels: equal shares for the groups the area has, then weights within each
        sums = [float(w[cols].sum()) for cols in prep.groups]
        n_groups = sum(t > 0 for t in sums)
        share = np.zeros_like(w)
        for cols, t in zip(prep.groups, sums, strict=True):
            if t > 0:
                share[cols] = w[cols] / t / n_groups
    else:
        share = w / w.sum() if active and w.sum() > 0 else np.zeros_like(w)
    left_out = {e.indicator: e.detail for e in prep.exclusions}
    rows = []
    for ind in spec.indicators:
        raw = pd.to_numeric(values.at[code, ind.id], errors="coerce")
        year = np.nan if years is None else years.at[code, ind.id]
        row: dict[str, object] = {
            "indicator": ind.id,
            "group": ind.group or "",
            "value": raw,
            "year": year,
            "gap": np.nan,
            "normalised": np.nan,
            "weight": 0.0,
            "contribution": table.at[code, f"contribution_{ind.id}"],
            "note": left_out.get(ind.id, ""),
        }
        if ind.id in active:
            k = active.index(ind.id)
            row["gap"], row["normalised"] = gaps[k], norm[k]
            row["weight"] = float(share[k])
            if not has[k]:
                row["note"] = "no value for this area in the window"
        rows.append(row)
    out = pd.DataFrame(rows, columns=list(EXPLAIN_COLUMNS))
    out.attrs.update(
        score=float(table.at[code, "score"]),
        rank=float(table.at[code, "rank"]),
        status=str(table.at[code, "status"]),
    )
    return out
