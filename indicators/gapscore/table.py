"""The published gap-score table: deterministic scores joined with Monte Carlo rank intervals."""

from __future__ import annotations

import pandas as pd

from indicators.gapscore.exclusions import note_lines
from indicators.gapscore.robustness import SINGLE, RobustnessSpec, rank_uncertainty
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


def header_notes(table: pd.DataFrame, dataset: str, synthetic: bool = False) -> list[str]:
    """Plain lines for the head of a score CSV (``# `` added by the writer): method version,
    comparison set, dataset, method options, one ``left out: <id>: <reason>`` line per
    ``attrs["exclusions"]`` entry, and a warning when areas rest on a single indicator."""
    method = table.attrs.get("method", {})
    two_levels = ", within need and services first" if table.attrs.get("by_domain") else ""
    lines = [
        f"CAM Atlas gap scores, method {method.get('method_version', '')} (docs/METHOD.md)",
        f"comparison set: {method.get('comparison_set', '')}",
        f"dataset: {dataset}" + (" (SYNTHETIC: not real figures)" if synthetic else ""),
        f"normalisation {method.get('normalisation')}, aggregation "
        f"{method.get('aggregation')}{two_levels}; minimum coverage "
        f"{float(method.get('min_coverage', 0)):.0%} of areas, minimum weight share "
        f"{float(method.get('min_weight_share', 0)):.0%}",
    ]
    lines += note_lines(list(table.attrs.get("exclusions") or []))
    if "certainty" in table.columns and table["certainty"].eq(SINGLE).any():
        n = int(table["certainty"].eq(SINGLE).sum())
        lines.append(
            f"{n} area(s) rest on a single indicator: their rank is a ranking of that "
            "indicator, not a composite"
        )
    return lines
