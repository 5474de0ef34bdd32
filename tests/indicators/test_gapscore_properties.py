"""Property-based invariants of the gap score (NOTES §2.7, docs/METHOD.md)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.gapscore import IndicatorSpec, ScoreSpec, compute_scores
from indicators.gapscore.robustness import RobustnessSpec, rank_uncertainty

METHODS = st.tuples(
    st.sampled_from(["minmax", "goalposts", "rank"]),
    st.sampled_from([("arithmetic", 1.0), ("geometric", 0.0), ("power", -1.0), ("power", 2.0)]),
)
VALUE = st.one_of(st.none(), st.floats(0, 100, allow_nan=False), st.sampled_from([0.0, 50.0]))


@st.composite
def problems(draw: st.DrawFn) -> tuple[pd.DataFrame, ScoreSpec]:
    """A small region x indicator matrix with missing values and a random valid spec."""
    n_regions = draw(st.integers(2, 7))
    n_ind = draw(st.integers(1, 4))
    cells = draw(st.lists(VALUE, min_size=n_regions * n_ind, max_size=n_regions * n_ind))
    raw = np.array([np.nan if v is None else v for v in cells]).reshape(n_regions, n_ind)
    ids = [f"i{k}" for k in range(n_ind)]
    inds = []
    for i in ids:
        direction = draw(st.sampled_from([1, -1]))
        target = draw(st.one_of(st.none(), st.sampled_from([20.0, 80.0])))
        weight = draw(st.sampled_from([0.5, 1.0, 2.0, 3.0]))
        inds.append(IndicatorSpec(i, weight=weight, direction=direction, target=target))
    norm, (agg, p) = draw(METHODS)
    spec = ScoreSpec(
        tuple(inds),
        normalisation=norm,
        aggregation=agg,
        power=p,
        min_weight_share=draw(st.sampled_from([0.0, 0.5, 0.75, 1.0])),
    )
    values = pd.DataFrame(raw, index=[f"R{r}" for r in range(n_regions)], columns=ids)
    return values, spec


def scores(values: pd.DataFrame, spec: ScoreSpec) -> pd.Series:
    return compute_scores(values, spec)["score"].reindex(values.index)


@given(problems())
def test_scores_lie_in_unit_interval_and_missing_only_below_threshold(prob) -> None:
    values, spec = prob
    out = compute_scores(values, spec)
    s = out["score"].dropna()
    assert ((s >= 0) & (s <= 1)).all()
    scored = out["weight_share"] >= spec.min_weight_share - 1e-9
    scored &= out["weight_share"] > 0
    assert (out["score"].notna() == scored).all()


@given(problems(), st.data())
def test_score_is_monotone_in_each_input_in_its_direction(prob, data) -> None:
    values, spec = prob
    present = np.argwhere(values.notna().to_numpy())
    if len(present) == 0:
        return
    r, k = present[data.draw(st.integers(0, len(present) - 1))]
    bumped = values.copy()
    bumped.iat[r, k] += data.draw(st.floats(0.1, 50))
    before, after = scores(values, spec).iloc[r], scores(bumped, spec).iloc[r]
    if np.isnan(before):
        assert np.isnan(after)
    elif spec.indicators[k].direction == 1:  # better value -> no more underserved
        assert after <= before + 1e-12
    else:
        assert after >= before - 1e-12


@given(problems())
def test_adding_an_all_missing_indicator_changes_nothing(prob) -> None:
    values, spec = prob
    extra = values.assign(ghost=np.nan)
    spec2 = spec.with_indicators((*spec.indicators, IndicatorSpec("ghost", weight=5.0)))
    a, b = compute_scores(values, spec), compute_scores(extra, spec2)
    pd.testing.assert_series_equal(a["score"], b["score"])
    pd.testing.assert_series_equal(a["rank"], b["rank"])
    pd.testing.assert_series_equal(a["weight_share"], b["weight_share"])


@given(problems(), st.randoms(use_true_random=False))
def test_permuting_regions_permutes_scores_and_ranks(prob, rnd) -> None:
    values, spec = prob
    order = list(values.index)
    rnd.shuffle(order)
    a = compute_scores(values, spec)
    b = compute_scores(values.loc[order], spec).reindex(a.index)
    pd.testing.assert_series_equal(a["score"], b["score"], check_exact=False, rtol=1e-12)
    pd.testing.assert_series_equal(a["rank"], b["rank"])


@given(problems())
def test_arithmetic_mean_is_at_least_geometric(prob) -> None:
    values, spec = prob
    arith = scores(values, ScoreSpec(spec.indicators, spec.normalisation, "arithmetic"))
    geo = scores(values, ScoreSpec(spec.indicators, spec.normalisation, "geometric"))
    ok = arith.notna()
    assert (arith[ok] >= geo[ok] - 1e-12).all()


@given(problems())
def test_contributions_sum_to_score(prob) -> None:
    values, spec = prob
    out = compute_scores(values, spec)
    contrib = out.filter(like="contribution_").sum(axis=1, min_count=1)
    ok = out["score"].notna()
    np.testing.assert_allclose(contrib[ok], out.loc[ok, "score"], atol=1e-12)


@given(problems())
def test_identical_regions_get_identical_scores(prob) -> None:
    values, spec = prob
    twin = pd.concat([values, values.iloc[[0]].rename(index=lambda _: "twin")])
    out = compute_scores(twin, spec)
    assert out.loc["twin", "rank"] == out.loc[values.index[0], "rank"] or (
        np.isnan(out.loc["twin", "rank"]) and np.isnan(out.loc[values.index[0], "rank"])
    )


@settings(max_examples=25, deadline=None)
@given(problems(), st.randoms(use_true_random=False))
def test_rank_intervals_are_ordered_and_permute_with_regions(prob, rnd) -> None:
    values, spec = prob
    rspec = RobustnessSpec(draws=200, seed=3)
    a = rank_uncertainty(values, spec, rspec)
    order = list(values.index)
    rnd.shuffle(order)
    b = rank_uncertainty(values.loc[order], spec, rspec).reindex(a.index)
    pd.testing.assert_frame_equal(a, b)
    ok = a["rank_median"].notna()
    assert (a.loc[ok, "rank_p05"] <= a.loc[ok, "rank_median"]).all()
    assert (a.loc[ok, "rank_median"] <= a.loc[ok, "rank_p95"]).all()
