"""The published gap-score table: deterministic scores joined with Monte Carlo rank intervals."""

from __future__ import annotations

import pandas as pd

from indicators.gapscore.robustness import RobustnessSpec, rank_uncertainty
from indicators.gapscore.score import compute_scores
from indicators.gapscore.spec import ScoreSpec

LEAD_COLUMNS: tuple[str, ...] = (
    "score",
    "rank",
    "rank_p05",
    "rank_median",
    "rank_p95",
    "priority_class",
    "uncertain",
    "certainty",
    "status",
    "n_indicators_used",
    "indicators_used",
    "weight_share",
    "years_used",
    "need_score",
    "services_score",
)
# The columns a published score table starts with (CLI output, dashboard download).
OUTPUT_COLUMNS: tuple[str, ...] = ("code", "name", *LEAD_COLUMNS)


def score_table(
    values: pd.DataFrame,
    spec: ScoreSpec,
    years: pd.DataFrame | None = None,
    robustness: RobustnessSpec | None = None,
) -> pd.DataFrame:
    """``compute_scores`` plus ``rank_uncertainty`` (index ``code``, sorted by rank).

    Columns: ``LEAD_COLUMNS`` then ``contribution_<id>``; ``attrs`` as in ``compute_scores``
    plus ``robustness`` (the Monte Carlo settings).
    """
    robustness = robustness or RobustnessSpec()
    scores = compute_scores(values, spec, years)
    unc = rank_uncertainty(values, spec, robustness, scores["rank"]).reindex(scores.index)
    table = scores.join(unc)
    contrib = [c for c in table.columns if c.startswith("contribution_")]
    table = table[list(LEAD_COLUMNS) + contrib]
    table.attrs = dict(scores.attrs)
    table.attrs["robustness"] = {
        "draws": robustness.draws,
        "weight_noise": robustness.weight_noise,
        "normalisations": list(robustness.normalisations),
        "aggregations": list(robustness.aggregations),
        "seed": robustness.seed,
        "n_classes": robustness.n_classes,
        "percentiles": [robustness.low, robustness.high],
        "leave_one_out": robustness.leave_one_out,
        "main_configuration_is_draw_0": True,
    }
    return table
