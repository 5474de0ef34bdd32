"""Monte Carlo rank intervals: degenerate cases, a designed uncertain pair, reproducibility."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from indicators.gapscore import IndicatorSpec, ScoreSpec, compute_scores
from indicators.gapscore.errors import GapScoreSpecError
from indicators.gapscore.robustness import (
    RobustnessSpec,
    benchmark_mc,
    priority_class,
    rank_quantiles,
    rank_uncertainty,
)

BURDEN = (IndicatorSpec("x", direction=-1), IndicatorSpec("y", direction=-1))
# C is worst on both indicators; A and B trade places depending on the weights.
CONFLICT = pd.DataFrame({"x": [6.0, 0.0, 10.0], "y": [0.0, 6.0, 10.0]}, index=["A", "B", "C"])


def test_without_noise_and_with_one_method_the_interval_is_the_deterministic_rank() -> None:
    rng = np.random.default_rng(5)
    values = pd.DataFrame(rng.uniform(0, 100, (12, 3)), columns=["a", "b", "c"])
    values.index = [f"R{i}" for i in range(12)]
    spec = ScoreSpec(tuple(IndicatorSpec(c) for c in values.columns))
    rspec = RobustnessSpec(
        draws=50,
        weight_noise=0.0,
        normalisations=("minmax",),
        aggregations=("arithmetic",),
        leave_one_out=False,
    )
    unc = rank_uncertainty(values, spec, rspec)
    base = compute_scores(values, spec)["rank"].reindex(unc.index)
    for col in ("rank_p05", "rank_median", "rank_p95"):
        pd.testing.assert_series_equal(unc[col], base, check_names=False)
    assert not unc["uncertain"].any()


def test_regions_trading_places_are_flagged_uncertain_and_a_clear_leader_is_not() -> None:
    unc = rank_uncertainty(CONFLICT, ScoreSpec(BURDEN), RobustnessSpec(seed=11))
    assert unc.loc["C", ["rank_p05", "rank_p95"]].tolist() == [1.0, 1.0]
    assert not unc.loc["C", "uncertain"]
    for region in ("A", "B"):
        assert unc.loc[region, ["rank_p05", "rank_p95"]].tolist() == [2.0, 3.0]
        assert unc.loc[region, "uncertain"]


def test_same_seed_gives_the_same_result() -> None:
    spec = ScoreSpec(BURDEN)
    a = rank_uncertainty(CONFLICT, spec, RobustnessSpec(seed=1, draws=40))
    b = rank_uncertainty(CONFLICT, spec, RobustnessSpec(seed=1, draws=40))
    pd.testing.assert_frame_equal(a, b)


def test_insufficient_regions_take_no_part() -> None:
    values = CONFLICT.copy()
    values.loc["D"] = [np.nan, 3.0]
    unc = rank_uncertainty(values, ScoreSpec(BURDEN), RobustnessSpec(draws=100))
    assert np.isnan(unc.loc["D", "rank_median"]) and not unc.loc["D", "uncertain"]
    assert unc["rank_p95"].max() == 3.0  # only three regions are ranked


def test_priority_classes_are_equal_bands_of_rank() -> None:
    np.testing.assert_array_equal(
        priority_class(np.arange(1, 11), 10, 5), [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    )
    np.testing.assert_array_equal(priority_class(np.array([1, 2, 3]), 3, 5), [1, 2, 4])
    np.testing.assert_array_equal(priority_class(np.array([1.0]), 1, 5), [1])


@pytest.mark.parametrize("draws", [1, 2, 7, 1000])
def test_rank_quantiles_equal_numpy_inverted_cdf(draws: int) -> None:
    ranks = np.random.default_rng(draws).integers(1, 12, (draws, 11)).astype(float)
    for q in (0.0, 5.0, 50.0, 95.0, 100.0):
        expected = np.percentile(ranks, q, axis=0, method="inverted_cdf")
        np.testing.assert_array_equal(rank_quantiles(ranks, (q,))[0], expected)


def test_impossible_robustness_settings_are_refused() -> None:
    with pytest.raises(GapScoreSpecError):
        RobustnessSpec(draws=0)
    with pytest.raises(GapScoreSpecError):
        RobustnessSpec(normalisations=("zscore",))
    with pytest.raises(GapScoreSpecError):
        RobustnessSpec(weight_noise=1.5)


def test_benchmark_harness_runs_on_a_small_problem() -> None:
    assert benchmark_mc(n_regions=20, n_indicators=3, draws=50) > 0
