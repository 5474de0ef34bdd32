"""Hand-computed examples for each gap, normaliser and aggregator (docs/METHOD.md Steps A-D)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from indicators.gapscore.aggregate import contributions, generalised_mean, weight_share
from indicators.gapscore.errors import GapScoreSpecError
from indicators.gapscore.gaps import gap
from indicators.gapscore.normalise import goalposts, minmax, normalise, percentile_rank
from indicators.gapscore.spec import IndicatorSpec, ScoreSpec

NAN = math.nan
EPS = 0.01


def col(*xs: float) -> np.ndarray:
    return np.array(xs, dtype=float)[:, None]


# --- Step A: gaps -------------------------------------------------------------------------


def test_coverage_gap_is_shortfall_share_of_target_and_zero_beyond_it() -> None:
    ind = IndicatorSpec("enrol", direction=1, target=80.0)
    np.testing.assert_allclose(gap(col(60, 80, 95, NAN)[:, 0], ind), [0.25, 0, 0, NAN])


def test_burden_gap_with_target_is_excess_share() -> None:
    ind = IndicatorSpec("cases", direction=-1, target=5.0)
    np.testing.assert_allclose(gap(np.array([10.0, 5.0, 0.0]), ind), [1.0, 0.0, 0.0])


def test_zero_target_gives_excess_in_indicator_units() -> None:
    ind = IndicatorSpec("cases", direction=-1, target=0.0)
    np.testing.assert_allclose(gap(np.array([3.0, 0.0]), ind), [3.0, 0.0])


def test_gap_without_target_orients_by_direction_and_inverting_twice_is_identity() -> None:
    x = np.array([1.0, -2.0, NAN])
    better = IndicatorSpec("a", direction=1)
    worse = IndicatorSpec("a", direction=-1)
    np.testing.assert_allclose(gap(x, better), [-1.0, 2.0, NAN])
    np.testing.assert_allclose(gap(x, worse), x)
    np.testing.assert_allclose(gap(gap(x, better), better), x)


# --- Step B: normalisers ------------------------------------------------------------------


def test_minmax_by_hand() -> None:
    np.testing.assert_allclose(minmax(col(2, 4, 6, NAN)), col(0, 0.5, 1, NAN))


def test_minmax_constant_or_single_value_is_zero_not_missing() -> None:
    np.testing.assert_allclose(minmax(col(3, 3, NAN)), col(0, 0, NAN))
    np.testing.assert_allclose(minmax(col(NAN, 7)), col(NAN, 0))
    assert np.isnan(minmax(col(NAN, NAN))).all()


def test_goalposts_by_hand_clip_outside_posts() -> None:
    np.testing.assert_allclose(
        goalposts(np.array([50, 100, 120, 0, -10, NAN]), best=100, worst=0),
        [0.5, 0, 0, 1, 1, NAN],
    )
    # burden indicator: best is low
    np.testing.assert_allclose(goalposts(np.array([5, 15, 30]), best=5, worst=25), [0, 0.5, 1])


def test_percentile_rank_by_hand_with_ties() -> None:
    # average ranks 1, 2.5, 2.5, 4 -> (r - 1) / (4 - 1)
    np.testing.assert_allclose(percentile_rank(col(10, 20, 20, 40, NAN)), col(0, 0.5, 0.5, 1, NAN))
    np.testing.assert_allclose(percentile_rank(col(NAN, 5)), col(NAN, 0))


def test_goalposts_normalisation_uses_target_and_falls_back_to_minmax() -> None:
    inds = (IndicatorSpec("enrol", target=100.0), IndicatorSpec("lbc", direction=-1))
    raw = np.array([[90.0, 10.0], [40.0, 30.0], [100.0, 20.0]])
    n, used = normalise(raw, inds, "goalposts")
    assert used == ("goalposts", "minmax")
    np.testing.assert_allclose(n, [[0.1, 0.0], [0.6, 1.0], [0.0, 0.5]])


def test_minmax_normalisation_of_gaps_orients_coverage_indicators() -> None:
    inds = (IndicatorSpec("enrol", direction=1),)
    n, _ = normalise(col(90, 40, 65), inds, "minmax")
    np.testing.assert_allclose(n, col(0, 1, 0.5))


# --- Steps C and D: aggregation and missing data -----------------------------------------

N = np.array([[0.2, 0.8]])
W = np.array([1.0, 3.0])


def test_weighted_arithmetic_mean_by_hand() -> None:
    np.testing.assert_allclose(generalised_mean(N, W, 1.0, EPS), [0.65])


def test_weighted_geometric_mean_by_hand() -> None:
    expected = 0.21**0.25 * 0.81**0.75 - 0.01
    np.testing.assert_allclose(generalised_mean(N, W, 0.0, EPS), [expected])


def test_weighted_harmonic_and_power_means_by_hand() -> None:
    harmonic = 1 / (0.25 / 0.21 + 0.75 / 0.81) - 0.01
    np.testing.assert_allclose(generalised_mean(N, W, -1.0, EPS), [harmonic])
    quadratic = math.sqrt(0.25 * 0.21**2 + 0.75 * 0.81**2) - 0.01
    np.testing.assert_allclose(generalised_mean(N, W, 2.0, EPS), [quadratic])


def test_zero_gap_does_not_zero_the_geometric_mean() -> None:
    score = generalised_mean(np.array([[0.0, 1.0]]), np.array([1.0, 1.0]), 0.0, EPS)
    np.testing.assert_allclose(score, [math.sqrt(0.01 * 1.01) - 0.01])
    assert score[0] > 0


def test_missing_indicator_renormalises_weights_and_lowers_share() -> None:
    n = np.array([[0.2, NAN, 0.8]])
    w = np.array([1.0, 5.0, 3.0])
    np.testing.assert_allclose(generalised_mean(n, w, 1.0, EPS), [0.65])
    np.testing.assert_allclose(weight_share(n, w), [4 / 9])


def test_region_without_any_value_gets_nan_not_zero() -> None:
    n = np.array([[NAN, NAN], [0.5, 0.5]])
    out = generalised_mean(n, np.array([1.0, 1.0]), 1.0, EPS)
    assert np.isnan(out[0]) and out[1] == pytest.approx(0.5)


def test_weight_matrix_gives_one_row_per_draw() -> None:
    w = np.array([[1.0, 3.0], [1.0, 1.0]])
    np.testing.assert_allclose(generalised_mean(N, w, 1.0, EPS), [[0.65], [0.5]])


def test_arithmetic_contributions_are_weighted_normalised_values() -> None:
    c = contributions(N, W, np.array([0.65]), 1.0, EPS)
    np.testing.assert_allclose(c, [[0.05, 0.6]])


def test_geometric_contributions_split_the_score_on_its_log_scale() -> None:
    s = generalised_mean(N, W, 0.0, EPS)
    c = contributions(N, W, s, 0.0, EPS)
    a, b = 0.25 * math.log(0.21 / 0.01), 0.75 * math.log(0.81 / 0.01)
    np.testing.assert_allclose(c, [[s[0] * a / (a + b), s[0] * b / (a + b)]])
    assert c.sum() == pytest.approx(s[0])


# --- spec validation ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [
        {"weight": -1.0},
        {"weight": math.inf},
        {"direction": 0},
        {"target": math.nan},
        {"goalposts": (0.0, 100.0)},  # direction +1 needs best above worst
    ],
)
def test_impossible_indicator_specs_are_refused(kwargs: dict) -> None:
    with pytest.raises(GapScoreSpecError):
        IndicatorSpec("a", **kwargs)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"normalisation": "zscore"},
        {"aggregation": "median"},
        {"min_weight_share": 1.5},
        {"tolerance_years": -1},
        {"epsilon": 0.0},
    ],
)
def test_impossible_score_specs_are_refused(kwargs: dict) -> None:
    with pytest.raises(GapScoreSpecError):
        ScoreSpec((IndicatorSpec("a"),), **kwargs)


def test_duplicate_and_all_zero_weights_are_refused() -> None:
    with pytest.raises(GapScoreSpecError, match="twice"):
        ScoreSpec((IndicatorSpec("a"), IndicatorSpec("a")))
    with pytest.raises(GapScoreSpecError, match="zero"):
        ScoreSpec((IndicatorSpec("a", weight=0), IndicatorSpec("b", weight=0)))
