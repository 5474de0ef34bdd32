"""Gap scores page URL state: every control round-trips through the query string; bad values
keep their defaults and are reported; shared filters follow the common conventions."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.scores.state import ScoresState, parse_query

IDS = ("extreme_poverty_pct", "measles_cases_per_10000", "left_behind_any_parent_pct")
CATALOGUE = {
    "extreme_poverty_pct": (-1, None),
    "measles_cases_per_10000": (-1, None),
    "left_behind_any_parent_pct": (-1, None),
}


@pytest.fixture(autouse=True)
def _boundaries(data_env):
    """``areas`` are validated against the boundary units (built once per session)."""


def test_defaults_follow_the_method():
    state, problems = parse_query({})
    assert problems == []
    assert (state.country, state.level, state.tol, state.norm, state.agg) == (
        "KGZ",
        1,
        3,
        "minmax",
        "arithmetic",
    )
    assert state.indicators is None and state.minshare == 0.75 and state.dataset == "default"


def test_indicator_keys_are_read():
    query = {
        "ind": ",".join(IDS),
        "w_extreme_poverty_pct": "2.5",
        "dir_measles_cases_per_10000": "1",
        "tgt_left_behind_any_parent_pct": "10",
        "norm": "rank",
        "agg": "power",
        "p": "-1",
        "minshare": "0.5",
        "demo": "1",
    }
    state, problems = parse_query(query)
    assert problems == []
    assert state.indicators == IDS
    assert state.weight("extreme_poverty_pct") == 2.5
    assert state.weight("measles_cases_per_10000") == 1.0
    assert state.direction("measles_cases_per_10000", -1) == 1
    assert state.target("left_behind_any_parent_pct", None) == 10.0
    assert (state.norm, state.agg, state.power, state.minshare, state.synthetic) == (
        "rank",
        "power",
        -1.0,
        0.5,
        True,
    )


def test_a_target_can_be_dropped_explicitly():
    state, _ = parse_query(
        {"ind": "birth_registration_u5_pct", "tgt_birth_registration_u5_pct": "none"}
    )
    assert state.target("birth_registration_u5_pct", 100.0) is None
    assert (
        state.to_query({"birth_registration_u5_pct": (1, 100.0)})["tgt_birth_registration_u5_pct"]
        == "none"
    )


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("w_extreme_poverty_pct", "abc"),
        ("w_extreme_poverty_pct", "9"),
        ("w_extreme_poverty_pct", "nan"),
        ("dir_extreme_poverty_pct", "0"),
        ("tgt_extreme_poverty_pct", "inf"),
        ("norm", "zscore"),
        ("agg", "median"),
        ("tol", "9"),
        ("tol", "-1"),
        ("year", "20x3"),
        ("minshare", "1.5"),
        ("p", "99"),
        ("level", "3"),
        ("country", "UZB"),
        ("ind", "bad id!"),
        ("region", "KZ-19"),
    ],
)
def test_malformed_values_keep_defaults_and_are_reported(key, value):
    state, problems = parse_query({key: value})
    assert (key, value) in [note[:2] for note in problems]
    default = ScoresState()
    assert state.weights == default.weights and state.norm == default.norm
    assert state.tol == default.tol and state.region is None


def test_both_countries_are_scored_one_at_a_time_and_the_link_keeps_both():
    state, problems = parse_query({"country": "both"})
    assert problems == [] and state.country == "KGZ" and state.both_requested
    assert state.to_query({})["country"] == "both"


def test_areas_use_the_shared_parser_and_keep_only_this_country(data_env):
    state, problems = parse_query({"areas": "KG-O,KZ-19,KG-XX,KG-B"})
    assert state.areas == ("KG-O", "KG-B")
    assert ("areas", "KG-XX") in [note[:2] for note in problems]


weights = st.sampled_from([0.0, 0.5, 1.0, 2.0, 5.0])


@settings(max_examples=60, deadline=None)
@given(
    chosen=st.lists(st.sampled_from(IDS), min_size=1, max_size=3, unique=True),
    w=st.lists(weights, min_size=3, max_size=3),
    flip=st.lists(st.booleans(), min_size=3, max_size=3),
    target=st.one_of(st.none(), st.floats(0, 100, allow_nan=False).map(lambda x: round(x, 2))),
    norm=st.sampled_from(["minmax", "goalposts", "rank"]),
    agg=st.sampled_from(["arithmetic", "geometric", "power"]),
    tol=st.integers(0, 5),
    year=st.one_of(st.none(), st.integers(2000, 2030)),
    minshare=st.sampled_from([0.0, 0.5, 0.75, 1.0]),
    lang=st.sampled_from(["en", "ru", "kk", "ky"]),
    level=st.sampled_from([1, 2]),
)
def test_every_control_round_trips_through_the_url(
    chosen, w, flip, target, norm, agg, tol, year, minshare, lang, level
):
    ids = tuple(chosen)
    state = ScoresState(
        level=level,
        year=year,
        tol=tol,
        lang=lang,
        indicators=ids,
        weights=tuple(sorted((i, x) for i, x in zip(IDS, w, strict=True) if x != 1.0 and i in ids)),
        directions=tuple(sorted((i, 1) for i, f in zip(IDS, flip, strict=True) if f and i in ids)),
        targets=((ids[0], target),) if target is not None else (),
        norm=norm,
        agg=agg,
        power=-0.5 if agg == "power" else 0.5,
        minshare=minshare,
    )
    query = {k: v for k, v in state.to_query(CATALOGUE).items() if v != ""}
    restored, problems = parse_query(query)
    assert problems == []
    assert restored == state
