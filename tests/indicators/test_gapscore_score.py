"""compute_scores / score_table on small hand-made matrices: scores, ranks, the share rule."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from indicators.gapscore import (
    METHOD_VERSION,
    IndicatorSpec,
    ScoreSpec,
    compute_scores,
    score_table,
)
from indicators.gapscore.errors import GapScoreInputError
from indicators.gapscore.score import INSUFFICIENT, SCORED, competition_rank

NAN = math.nan

VALUES = pd.DataFrame(
    {"enrol": [95, 80, 60, NAN], "lbc": [10, 30, 20, 15], "empty": [NAN] * 4},
    index=["A", "B", "C", "D"],
)
YEARS = pd.DataFrame(
    {"enrol": [2022, 2021, 2022, NAN], "lbc": [2020, 2020, 2019, 2022], "empty": [NAN] * 4},
    index=VALUES.index,
)
SPEC = ScoreSpec(
    (
        IndicatorSpec("enrol", weight=2, direction=1, target=100.0),
        IndicatorSpec("lbc", weight=1, direction=-1),
        IndicatorSpec("empty"),
    )
)


def test_scores_ranks_and_contributions_by_hand() -> None:
    out = compute_scores(VALUES, SPEC, YEARS)
    # enrol gaps 0.05, 0.2, 0.4 -> minmax 0, 3/7, 1; lbc 10, 30, 20 -> 0, 1, 0.5; weights 2:1
    assert list(out.index) == ["C", "B", "A", "D"]
    np.testing.assert_allclose(out["score"].iloc[:3], [2.5 / 3, (6 / 7 + 1) / 3, 0.0])
    assert list(out["rank"].iloc[:3]) == [1.0, 2.0, 3.0]
    np.testing.assert_allclose(
        out.loc["C", ["contribution_enrol", "contribution_lbc"]], [2 / 3, 1 / 6]
    )
    assert out.loc["C", "indicators_used"] == "enrol;lbc"
    assert out.loc["C", "years_used"] == "enrol=2022;lbc=2019"
    assert out.loc["C", "weight_share"] == pytest.approx(1.0)
    assert out.attrs["indicators_without_data"] == ["empty"]
    assert out.attrs["method"]["method_version"] == METHOD_VERSION


def test_region_below_share_threshold_is_insufficient_and_last_never_zero() -> None:
    out = compute_scores(VALUES, SPEC, YEARS)
    d = out.loc["D"]
    assert np.isnan(d["score"]) and np.isnan(d["rank"])
    assert d["status"] == INSUFFICIENT
    assert d["weight_share"] == pytest.approx(1 / 3)
    assert np.isnan(d["contribution_lbc"])
    assert out.index[-1] == "D"
    assert (out["status"].iloc[:3] == SCORED).all()


def test_share_exactly_at_threshold_is_scored() -> None:
    vals = pd.DataFrame({k: [1.0, 2.0] for k in "abcd"}, index=["X", "Y"])
    vals.loc["X", "d"] = NAN
    spec = ScoreSpec(
        tuple(IndicatorSpec(k) for k in "abcd"), min_weight_share=0.75, min_coverage=0.5
    )
    out = compute_scores(vals, spec)
    assert out.loc["X", "weight_share"] == pytest.approx(0.75)
    assert out.loc["X", "status"] == SCORED


def test_lower_threshold_lets_sparse_region_in() -> None:
    spec = ScoreSpec(SPEC.indicators, min_weight_share=0.3)
    out = compute_scores(VALUES, spec)
    assert out.loc["D", "status"] == SCORED
    assert out.loc["D", "indicators_used"] == "lbc"


def test_ties_share_the_best_rank() -> None:
    vals = pd.DataFrame({"a": [5.0, 1.0, 1.0, 9.0]}, index=list("PQRS"))
    out = compute_scores(vals, ScoreSpec((IndicatorSpec("a"),)))
    assert out["rank"].to_dict() == {"Q": 1.0, "R": 1.0, "P": 3.0, "S": 4.0}


def test_competition_rank_matches_a_naive_count_row_by_row() -> None:
    rng = np.random.default_rng(0)
    s = rng.integers(0, 4, (20, 9)) / 3.0
    s[rng.random(s.shape) < 0.2] = NAN
    ranks = competition_rank(s)
    for d in range(s.shape[0]):
        for r in range(s.shape[1]):
            if np.isnan(s[d, r]):
                assert np.isnan(ranks[d, r])
            else:
                assert ranks[d, r] == 1 + np.sum(s[d] > s[d, r])


def test_missing_column_is_a_clear_error() -> None:
    with pytest.raises(GapScoreInputError, match="enrol"):
        compute_scores(VALUES.drop(columns="enrol"), SPEC)


def test_score_table_joins_uncertainty_columns() -> None:
    table = score_table(VALUES, SPEC, YEARS)
    for c in ("rank_p05", "rank_median", "rank_p95", "uncertain", "priority_class"):
        assert c in table.columns
    scored = table[table["status"] == SCORED]
    assert (scored["rank_p05"] <= scored["rank_median"]).all()
    assert (scored["rank_median"] <= scored["rank_p95"]).all()
    assert not table.loc["D", "uncertain"]
    assert np.isnan(table.loc["D", "rank_median"])
    assert table.attrs["robustness"]["draws"] == 1000
