"""Method 2.0: coverage rule, exclusions, leave-one-out draws, main rank in its interval,
single-indicator labels, need/services levels and the plane, the suggested year."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.gapscore import IndicatorSpec, ScoreSpec, compute_scores, score_table
from indicators.gapscore.exclusions import COUNT, NO_DIRECTION, OUTSIDE_WINDOW, TOO_FEW_AREAS
from indicators.gapscore.plane import (
    HIGH_NEED_LOW_COVERAGE,
    MEDIAN,
    NATIONAL,
    national_reference,
    need_coverage_plane,
)
from indicators.gapscore.regions import national_values, score_regions, suggest_year
from indicators.gapscore.robustness import (
    CLEAR,
    SINGLE,
    RobustnessSpec,
    draw_ranks,
    rank_uncertainty,
)
from indicators.gapscore.spec import DEFAULT_MIN_COVERAGE, NEED, SERVICES

NAN = math.nan
CODES = [f"A{k}" for k in range(9)]


def test_default_min_coverage_is_two_thirds() -> None:
    assert pytest.approx(2 / 3) == DEFAULT_MIN_COVERAGE
    assert ScoreSpec((IndicatorSpec("a"),)).min_coverage == DEFAULT_MIN_COVERAGE


def test_indicator_below_coverage_is_left_out_as_too_few_areas() -> None:
    rng = np.random.default_rng(1)
    values = pd.DataFrame(rng.uniform(0, 50, (9, 3)), index=CODES, columns=["a", "b", "c"])
    values.loc[CODES[5:], "b"] = NAN  # 5 of 9 < 2/3
    values.loc[CODES[6:], "c"] = NAN  # 6 of 9 = 2/3: enters
    spec = ScoreSpec(tuple(IndicatorSpec(i, direction=-1) for i in "abc"))
    out = compute_scores(values, spec)
    (excl,) = out.attrs["exclusions"]
    assert (excl.indicator, excl.reason) == ("b", TOO_FEW_AREAS)
    assert (excl.areas_with_data, excl.areas_total) == (5, 9)
    assert "too few areas (5 of 9" in excl.detail
    assert out.attrs["indicators_left_out"] == ["b"]
    assert out["contribution_b"].isna().all()
    assert not out["indicators_used"].str.contains("b").any()
    # leaving it out is the same as never having chosen it
    alone = compute_scores(values[["a", "c"]], spec.with_indicators(spec.indicators[::2]))
    pd.testing.assert_series_equal(out["score"], alone["score"].reindex(out.index))


def test_min_coverage_is_adjustable_and_zero_keeps_any_value() -> None:
    values = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [5.0, NAN, NAN]}, index=["X", "Y", "Z"])
    inds = (IndicatorSpec("a"), IndicatorSpec("b"))
    assert compute_scores(values, ScoreSpec(inds)).attrs["indicators_left_out"] == ["b"]
    loose = compute_scores(values, ScoreSpec(inds, min_coverage=0, min_weight_share=0))
    assert loose.attrs["indicators_left_out"] == []
    assert loose.loc["X", "n_indicators_used"] == 2


def test_a_single_area_indicator_no_longer_drags_its_area() -> None:
    """Issue 9: an indicator with a value in one area entered and decided that area's rank."""
    values = pd.DataFrame({"pov": [10.0, 20.0, 30.0, 40.0], "x": [NAN, NAN, NAN, 99.0]})
    values.index = ["P", "Q", "R", "S"]
    spec = ScoreSpec((IndicatorSpec("pov", direction=-1), IndicatorSpec("x", direction=-1)))
    out = compute_scores(values, spec)
    assert list(out.index) == ["S", "R", "Q", "P"]
    assert out.loc["S", "indicators_used"] == "pov"


# --- robustness -------------------------------------------------------------------------


def test_leave_one_out_draws_include_each_indicator_left_out() -> None:
    # A is worst on x only, B on y only, C in between on both: who is first depends on which
    # indicator is left out.
    values = pd.DataFrame(
        {"x": [10.0, 0.0, 6.0, 1.0], "y": [0.0, 10.0, 6.0, 1.0]}, index=["A", "B", "C", "D"]
    )
    spec = ScoreSpec((IndicatorSpec("x", direction=-1), IndicatorSpec("y", direction=-1)))
    fixed = RobustnessSpec(
        draws=300, weight_noise=0.0, normalisations=("minmax",), aggregations=("arithmetic",)
    )
    n = {"minmax": (values.to_numpy() / 10.0)}
    ranks = draw_ranks(n, np.ones(2), spec, fixed)
    rows = {tuple(r) for r in ranks}
    only_y = (4.0, 1.0, 2.0, 3.0)  # x left out
    only_x = (1.0, 4.0, 2.0, 3.0)  # y left out
    both = (2.0, 2.0, 1.0, 4.0)
    assert rows == {only_x, only_y, both}
    assert tuple(ranks[0]) == both  # draw 0 is the main configuration
    off = draw_ranks(n, np.ones(2), spec, replace(fixed, leave_one_out=False))
    assert {tuple(r) for r in off} == {both}
    unc = rank_uncertainty(values, spec, fixed)
    assert (unc.loc["A", "rank_p05"], unc.loc["A", "rank_p95"]) == (1, 4)
    assert unc.loc["A", "uncertain"]


def test_area_left_without_indicator_in_a_draw_is_unranked_there_not_failed() -> None:
    values = pd.DataFrame(
        {"x": [1.0, 2.0, 3.0, NAN], "y": [3.0, 1.0, NAN, 2.0]}, index=list("ABCD")
    )
    spec = ScoreSpec(
        (IndicatorSpec("x", direction=-1), IndicatorSpec("y", direction=-1)),
        min_weight_share=0.5,
    )
    table = score_table(values, spec, robustness=RobustnessSpec(draws=200))
    assert table["rank_p05"].notna().all() and table["rank_p95"].notna().all()
    assert (table["rank_p05"] <= table["rank"]).all() and (table["rank"] <= table["rank_p95"]).all()


def test_draws_normalise_on_the_whole_comparison_set_like_the_main_score() -> None:
    """Without noise, with one method and no leave-one-out, every draw is the main score."""
    rng = np.random.default_rng(3)
    for _ in range(20):
        raw = rng.uniform(0, 100, (10, 3))
        raw[rng.random(raw.shape) < 0.25] = NAN
        values = pd.DataFrame(raw, index=[f"R{k}" for k in range(10)], columns=list("abc"))
        spec = ScoreSpec(tuple(IndicatorSpec(i) for i in "abc"), min_coverage=0)
        rspec = RobustnessSpec(
            draws=20,
            weight_noise=0.0,
            normalisations=("minmax",),
            aggregations=("arithmetic",),
            leave_one_out=False,
        )
        table = score_table(values, spec, robustness=rspec)
        scored = table[table["status"].eq("scored")]
        for col in ("rank_p05", "rank_median", "rank_p95"):
            assert (scored[col] == scored["rank"]).all()


METHODS = st.sampled_from(
    [
        ("minmax", "arithmetic", 1.0),
        ("goalposts", "geometric", 0.0),
        ("rank", "power", -1.0),
        ("minmax", "power", 3.0),
    ]
)


@st.composite
def scored_problems(draw: st.DrawFn) -> tuple[pd.DataFrame, ScoreSpec]:
    n_regions = draw(st.integers(2, 8))
    n_ind = draw(st.integers(1, 4))
    cells = draw(
        st.lists(
            st.one_of(st.none(), st.floats(0, 100, allow_nan=False), st.just(50.0)),
            min_size=n_regions * n_ind,
            max_size=n_regions * n_ind,
        )
    )
    raw = np.array([NAN if v is None else v for v in cells]).reshape(n_regions, n_ind)
    ids = [f"i{k}" for k in range(n_ind)]
    inds = tuple(
        IndicatorSpec(
            i,
            weight=draw(st.sampled_from([0.5, 1.0, 3.0])),
            direction=draw(st.sampled_from([1, -1])),
            target=draw(st.one_of(st.none(), st.just(80.0))),
            group=draw(st.sampled_from([NEED, SERVICES, None])),
        )
        for i in ids
    )
    norm, agg, p = draw(METHODS)
    spec = ScoreSpec(
        inds,
        normalisation=norm,
        aggregation=agg,
        power=p,
        min_weight_share=draw(st.sampled_from([0.0, 0.5, 0.75])),
        min_coverage=draw(st.sampled_from([0.0, 0.5, 2 / 3])),
        by_domain=draw(st.sampled_from([None, True, False])),
    )
    return pd.DataFrame(raw, index=[f"R{r}" for r in range(n_regions)], columns=ids), spec


@settings(max_examples=60, deadline=None)
@given(scored_problems(), st.integers(0, 10_000))
def test_main_rank_lies_within_its_interval(prob, seed) -> None:
    values, spec = prob
    table = score_table(values, spec, robustness=RobustnessSpec(draws=40, seed=seed))
    scored = table[table["score"].notna()]
    assert (scored["rank_p05"] <= scored["rank"]).all()
    assert (scored["rank"] <= scored["rank_p95"]).all()
    assert (scored["rank_p05"] <= scored["rank_median"]).all()
    assert (scored["rank_median"] <= scored["rank_p95"]).all()
    # the interval holds the main rank because the main configuration is draw 0, not only
    # because the table widens it: without the table's ranks the same holds
    own = rank_uncertainty(values, spec, RobustnessSpec(draws=40, seed=seed)).loc[scored.index]
    assert (own["rank_p05"] <= scored["rank"]).all() and (scored["rank"] <= own["rank_p95"]).all()
    # and the contributions still add up, with one level or two
    contrib = scored.filter(like="contribution_").sum(axis=1, min_count=1)
    np.testing.assert_allclose(contrib.fillna(0), scored["score"], atol=1e-9)


def test_single_indicator_score_is_a_ranking_of_that_indicator_never_clear() -> None:
    values = pd.DataFrame({"pov": [5.0, 50.0, 20.0]}, index=["A", "B", "C"])
    table = score_table(values, ScoreSpec((IndicatorSpec("pov", direction=-1),)))
    assert (table["certainty"] == SINGLE).all()
    assert table["uncertain"].all()
    two = pd.DataFrame({"x": [0.0, 10.0, 5.0], "y": [0.0, 10.0, 5.0]}, index=["A", "B", "C"])
    spec = ScoreSpec((IndicatorSpec("x", direction=-1), IndicatorSpec("y", direction=-1)))
    clear = score_table(two, spec)
    assert (clear["certainty"] == CLEAR).all() and not clear["uncertain"].any()


# --- need versus services -----------------------------------------------------------------


def _grouped() -> tuple[pd.DataFrame, ScoreSpec]:
    values = pd.DataFrame(
        {
            "pov": [10.0, 40.0, 20.0, 30.0],  # need, burden
            "pre": [90.0, 30.0, 60.0, 80.0],  # services, coverage
            "reg": [100.0, 70.0, 90.0, 95.0],  # services, coverage
            "vac": [95.0, 60.0, 80.0, 90.0],  # services, coverage
        },
        index=["A", "B", "C", "D"],
    )
    inds = (
        IndicatorSpec("pov", direction=-1, group=NEED),
        IndicatorSpec("pre", direction=1, group=SERVICES),
        IndicatorSpec("reg", direction=1, group=SERVICES),
        IndicatorSpec("vac", direction=1, group=SERVICES),
    )
    return values, ScoreSpec(inds)


def test_two_levels_by_default_when_both_groups_are_present() -> None:
    values, spec = _grouped()
    out = compute_scores(values, spec)
    assert out.attrs["by_domain"]
    need = (values["pov"] - 10) / 30
    span = values.max() - values.min()
    services = sum((values[i].max() - values[i]) / span[i] for i in ("pre", "reg", "vac")) / 3
    expected = (need + services) / 2  # one poverty rate counts as much as three services
    np.testing.assert_allclose(out["score"], expected.reindex(out.index))
    np.testing.assert_allclose(out["need_score"], need.reindex(out.index))
    np.testing.assert_allclose(out["services_score"], services.reindex(out.index))
    flat = compute_scores(values, ScoreSpec(spec.indicators, by_domain=False))
    assert not flat.attrs["by_domain"]
    np.testing.assert_allclose(
        flat["score"], ((need + 3 * services) / 4).reindex(flat.index), atol=1e-12
    )


def test_group_weight_is_the_mean_weight_of_its_indicators() -> None:
    values, spec = _grouped()
    heavy = tuple(
        IndicatorSpec(
            i.id, weight=3.0 if i.id == "pov" else 1.0, direction=i.direction, group=i.group
        )
        for i in spec.indicators
    )
    out = compute_scores(values, ScoreSpec(heavy))
    expected = (3 * out["need_score"] + out["services_score"]) / 4
    np.testing.assert_allclose(out["score"], expected)
    contrib = out.filter(like="contribution_").sum(axis=1)
    np.testing.assert_allclose(contrib, out["score"])


def test_plane_points_equal_the_table_values() -> None:
    values, spec = _grouped()
    table = score_table(values, spec)
    plane = need_coverage_plane(table)
    by_code = table.set_index(table.index.astype(str))
    for row in plane.to_dict("records"):
        assert row["need"] == by_code.loc[row["code"], "need_score"]
        assert row["coverage"] == 1 - by_code.loc[row["code"], "services_score"]
    assert set(plane["code"]) == set(values.index)
    assert plane.attrs["reference_kind"] == MEDIAN
    b = plane.set_index("code").loc["B"]
    assert b["quadrant"] == HIGH_NEED_LOW_COVERAGE


def test_national_reference_is_placed_on_the_areas_scale() -> None:
    values, spec = _grouped()
    table = compute_scores(values, spec)
    # a national row equal to area C's values lands exactly on C's point
    need, coverage = national_reference(values, spec, values.loc["C"])
    assert need == pytest.approx(table.loc["C", "need_score"])
    assert coverage == pytest.approx(1 - table.loc["C", "services_score"])
    plane = need_coverage_plane(table, (need, coverage))
    assert plane.attrs["reference_kind"] == NATIONAL
    assert plane.attrs["reference_need"] == need


# --- regions: exclusions with reasons, suggested year, defaults on real-shaped data --------


@dataclass(frozen=True)
class Entry:
    id: str
    direction: int
    target: float | None = None
    unit: str = "percent"
    domain: str = "poverty"


def _obs(rows: list[tuple[str, str, int, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["area_code", "indicator", "year", "value"])


UNITS = pd.DataFrame({"code": CODES, "name_en": [f"Area {c}" for c in CODES]})


def _kyrgyz_like_2018() -> tuple[pd.DataFrame, dict[str, Entry]]:
    """Six rate indicators for 9 regions in 2018 (one value missing), a 3-of-9 left-behind
    share, a count, a context rate and an old survey: the shape issue 8's data will have."""
    entries = {
        "pov": Entry("pov", -1),
        "u5": Entry("u5", -1, domain="health"),
        "pre": Entry("pre", 1, domain="education"),
        "reg": Entry("reg", 1, 100.0, domain="registration"),
        "dtp": Entry("dtp", 1, 95.0, domain="health"),
        "sp": Entry("sp", 1, domain="protection"),
        "lbc": Entry("lbc", -1, domain="left_behind_children"),
        "lbc_n": Entry("lbc_n", -1, unit="children", domain="left_behind_children"),
        "emig": Entry("emig", 0, unit="per 1,000 population", domain="migration"),
        "ece": Entry("ece", 1, domain="education"),
    }
    rng = np.random.default_rng(9)
    rows = []
    for ind in ("pov", "u5", "pre", "reg", "dtp", "sp"):
        for code in CODES:
            if (ind, code) != ("sp", "A8"):
                rows.append((code, ind, 2018, float(rng.uniform(20, 90))))
    rows += [(c, "lbc", 2018, 15.0 + k) for k, c in enumerate(CODES[:3])]
    rows += [(c, "lbc_n", 2018, 1000.0) for c in CODES]
    rows += [(c, "emig", 2018, 3.0) for c in CODES]
    rows += [(c, "ece", 2012, 40.0) for c in CODES]
    rows += [(c, "pov", 2021, 30.0) for c in CODES]  # a later year with one indicator
    return _obs(rows), entries


def test_defaults_score_every_area_on_at_least_five_indicators() -> None:
    obs, entries = _kyrgyz_like_2018()
    table = score_regions(obs, UNITS, entries, 2018, robustness=RobustnessSpec(draws=50))
    assert table["status"].eq("scored").all()
    assert (table["n_indicators_used"] >= 5).all()
    reasons = {e.indicator: e.reason for e in table.attrs["exclusions"]}
    assert reasons == {
        "lbc": TOO_FEW_AREAS,
        "lbc_n": COUNT,
        "emig": NO_DIRECTION,
        "ece": OUTSIDE_WINDOW,
    }
    ece = next(e for e in table.attrs["exclusions"] if e.indicator == "ece")
    assert ece.latest_year == 2012 and "latest year 2012" in ece.detail
    assert table.attrs["by_domain"]  # poverty (need) and services both present


def test_suggested_year_is_where_most_indicators_cover_the_areas() -> None:
    obs, entries = _kyrgyz_like_2018()
    ids = [i for i, e in entries.items() if e.direction != 0]
    assert suggest_year(obs, ids, CODES, tolerance=0) == 2018
    # 2021 has only poverty; the window 2018-2021 reaches back to 2018 and is later
    assert suggest_year(obs, ids, CODES, tolerance=3) == 2021
    assert suggest_year(obs, ["lbc"], CODES, tolerance=0) is None


def test_weight_on_an_indicator_outside_the_window_is_an_error_naming_why() -> None:
    from indicators.gapscore.errors import GapScoreSpecError

    obs, entries = _kyrgyz_like_2018()
    with pytest.raises(GapScoreSpecError, match=r"ece: outside the year window.*2012"):
        score_regions(obs, UNITS, entries, 2018, weights={"ece": 2})


def test_national_values_follow_the_year_rule() -> None:
    national = _obs(
        [("KG", "pov", 2015, 30.0), ("KG", "pov", 2017, 25.0), ("KG", "pre", 2019, 40.0)]
    )
    got = national_values(national, ["pov", "pre", "reg"], 2018, 3)
    assert got["pov"] == 25.0  # latest in 2015-2018
    assert math.isnan(got["pre"]) and math.isnan(got["reg"])  # later than 2018; none
