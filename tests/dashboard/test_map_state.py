"""The map page's URL state: parsing never fails, malformed values are reported, round trips."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dashboard.common.colours import PALETTES
from dashboard.i18n import LANGUAGES
from dashboard.map.state import (
    BREAKS,
    COUNTRIES,
    LEVELS,
    QUERY_KEYS,
    TOLERANCES,
    MapState,
    parse_query,
)


def test_empty_query_gives_the_default_view():
    state, problems = parse_query({})
    assert state == MapState()
    assert (state.country, state.level, state.indicator) == ("KGZ", 1, "left_behind_any_parent_pct")
    assert problems == []


def test_values_are_normalised():
    state, problems = parse_query(
        {"country": "kaz", "level": "2", "lang": "RU", "region": "kz-75", "palette": "YLORRD"}
    )
    assert (state.country, state.level, state.lang, state.region) == ("KAZ", 2, "ru", "KZ-75")
    assert state.palette == "ylorrd" and problems == []


def test_malformed_values_fall_back_and_are_reported():
    state, problems = parse_query(
        {"level": "9", "year": "20x1", "tol": "4", "indicator": "<script>", "lang": "de"}
    )
    assert state == MapState()
    assert {note.key for note in problems} == {"level", "year", "tol", "indicator", "lang"}


def test_region_must_belong_to_the_chosen_country():
    state, problems = parse_query({"country": "KGZ", "region": "KZ-75"})
    assert state.region is None and problems == [("region", "KZ-75", "")]
    both, _ = parse_query({"country": "both", "region": "KZ-75"})
    assert both.region == "KZ-75"
    assert parse_query({"region": "all"})[0].region is None


def test_repeated_keys_take_the_first_value():
    state, _ = parse_query({"level": ["2", "1"]})
    assert state.level == 2


states = st.builds(
    MapState,
    country=st.sampled_from(COUNTRIES),
    level=st.sampled_from(LEVELS),
    indicator=st.from_regex(r"[a-z][a-z0-9_]{0,40}", fullmatch=True),
    year=st.none() | st.integers(1990, 2100),
    tol=st.sampled_from(TOLERANCES),
    lang=st.sampled_from(LANGUAGES),
    region=st.none(),
    palette=st.sampled_from(tuple(PALETTES)),
    breaks=st.sampled_from(BREAKS),
)


@given(states)
def test_query_round_trip(state):
    query = state.to_query()
    assert set(query) == set(QUERY_KEYS)
    assert parse_query(query) == (state, [])


@given(st.dictionaries(st.sampled_from(QUERY_KEYS), st.text(max_size=30)))
def test_any_query_parses_into_a_valid_state(query):
    state, problems = parse_query(query)
    assert state.country in COUNTRIES and state.level in LEVELS and state.lang in LANGUAGES
    assert all(note.key in QUERY_KEYS for note in problems)


def test_dataset_key_accepts_store_names_and_rejects_others() -> None:
    state, problems = parse_query({"dataset": "district-survey_2024"})
    assert state.dataset == "district-survey_2024" and not problems
    state, problems = parse_query({"dataset": "../etc/passwd"})
    assert state.dataset == "default" and problems == [("dataset", "../etc/passwd", "default")]
    assert MapState().to_query()["dataset"] == "default"


def test_dataset_names_must_match_in_full() -> None:
    """A trailing newline never turns into a valid name (re.fullmatch, not ``$``)."""
    state, problems = parse_query({"dataset": "default\n"})
    assert state.dataset == "default" and [n.key for n in problems] == ["dataset"]
    state, problems = parse_query({"dataset": "survey\n"})
    assert state.dataset == "default" and problems[0].given == "survey"


def test_legacy_demo_flag_reads_as_the_synthetic_dataset() -> None:
    state, problems = parse_query({"demo": "1"})
    assert state.dataset == "demo-synthetic" and not problems
    assert parse_query({"demo": "1", "dataset": "default"})[0].dataset == "default"
