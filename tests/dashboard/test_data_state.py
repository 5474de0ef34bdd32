"""The Data page's URL state: parsing never fails, bad values are reported, round trips hold."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.data_page.state import DataState, parse_query, parse_years


@pytest.fixture(autouse=True)
def _boundaries(data_env):
    """``areas`` are checked against the boundary layers (built once per session)."""


def test_defaults_without_query():
    state, problems = parse_query({})
    assert state == DataState()
    assert (state.dataset, state.country, state.level, state.indicator) == (
        "default",
        "KGZ",
        1,
        None,
    )
    assert problems == []


def test_link_from_the_map_is_honoured():
    query = {
        "indicator": "extreme_poverty_pct",
        "country": "KGZ",
        "level": "1",
        "region": "kg-o",
        "year": "2021",
        "lang": "ru",
        "palette": "viridis",  # a map key: ignored, not an error
    }
    state, problems = parse_query(query)
    assert problems == []
    assert state.indicator == "extreme_poverty_pct"
    assert state.region == "KG-O"
    assert (state.year_from, state.year_to) == (2021, 2021)
    assert state.lang == "ru"


def test_map_sentinels_mean_no_filter():
    state, problems = parse_query({"region": "all", "indicator": "all"})
    assert (state.region, state.indicator, problems) == (None, None, [])


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("country", "FRA"),
        ("level", "3"),
        ("region", "Osh"),
        ("indicator", "drop table;"),
        ("year", "20x3"),
        ("year", "1800"),
        ("lang", "de"),
        ("dataset", "../etc"),
    ],
)
def test_a_bad_value_falls_back_to_its_default_and_is_reported(key, value):
    state, problems = parse_query({key: value})
    assert [note[:2] for note in problems] == [(key, value)]
    assert getattr(DataState(), key if key != "year" else "year_from") == getattr(
        state, key if key != "year" else "year_from"
    )


def test_region_of_the_other_country_is_dropped():
    state, problems = parse_query({"country": "KAZ", "region": "KG-O"})
    assert state.region is None
    assert problems == [("region", "KG-O", "")]


def test_areas_keep_known_codes_of_the_country_and_report_the_rest():
    state, problems = parse_query({"country": "KGZ", "areas": "KG-O,KG06207000000,KZ-19,XX"})
    assert state.areas == ("KG-O", "KG06207000000")
    assert sorted(n.given for n in problems if n.key == "areas") == ["KZ-19", "XX"]


def test_demo_key_of_the_scores_page_selects_the_synthetic_dataset():
    state, _ = parse_query({"demo": "1"})
    assert state.synthetic and state.dataset == "demo-synthetic"
    state, _ = parse_query({"demo": "1", "dataset": "default"})
    assert not state.synthetic


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", (None, None)),
        ("2023", (2023, 2023)),
        ("2015-2023", (2015, 2023)),
        ("2023-2015", (2015, 2023)),
        ("2015-", (2015, None)),
        ("-2020", (None, 2020)),
        ("2015 – 2020", (2015, 2020)),
    ],
)
def test_year_ranges(text, expected):
    assert parse_years(text) == expected


@pytest.mark.parametrize("text", ["-", "abc", "1800", "20155", "2015--2020"])
def test_bad_year_ranges(text):
    with pytest.raises(ValueError):
        parse_years(text)


years = st.one_of(st.none(), st.integers(1990, 2100))


@given(
    country=st.sampled_from(["KGZ", "KAZ", "both"]),
    level=st.sampled_from([0, 1, 2]),
    low=years,
    high=years,
    indicator=st.one_of(st.none(), st.from_regex(r"[a-z][a-z0-9_]{0,20}", fullmatch=True)),
    lang=st.sampled_from(["en", "ru", "kk", "ky"]),
)
def test_query_round_trip(country, level, low, high, indicator, lang):
    if low is not None and high is not None and low > high:
        low, high = high, low
    if indicator == "all":
        indicator = None
    state = DataState(
        country=country, level=level, indicator=indicator, year_from=low, year_to=high, lang=lang
    )
    parsed, problems = parse_query(state.to_query())
    assert problems == []
    assert parsed == state
