"""The one URL state (dashboard.state.model) and the one link builder (dashboard.state.links):
shared keys parse the same way on every page and every link carries the dataset as
``dataset=<name>``."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import dash
import pytest

from dashboard.state import links
from dashboard.state.model import Note, dataset_name, parse


@pytest.fixture(autouse=True)
def _app(data_env):
    """``dash.get_relative_path`` needs an app; the page modules need the boundary build."""
    from dashboard.app import app

    assert isinstance(app, dash.Dash)


def _query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}


def test_shared_keys_parse_with_notes_saying_what_was_used():
    state, notes = parse({"country": "KAZ", "level": "9", "dataset": "../x", "lang": "ru"})
    assert (state.country, state.level, state.dataset, state.lang) == ("KAZ", 1, "default", "ru")
    assert notes == [Note("level", "9", "1"), Note("dataset", "../x", "default")]


@pytest.mark.parametrize("text", ["default\n", "survey\n", "Survey 2", "../etc", "-x", ""])
def test_dataset_names_need_a_full_match(text):
    with pytest.raises(ValueError):
        dataset_name(text)


def test_demo_flag_of_old_links_reads_as_the_synthetic_dataset():
    assert parse({"demo": "1"})[0].dataset == "demo-synthetic"
    assert parse({"demo": "1", "dataset": "survey"})[0].dataset == "survey"


def test_links_carry_every_shared_key_and_the_dataset_once():
    query = {"country": "KGZ", "level": "2", "dataset": "survey", "lang": "ky", "tol": "3"}
    url = links.href("/scores", query, {"ind": "a,b"})
    assert _query(url) == {
        "country": "KGZ",
        "level": "2",
        "dataset": "survey",
        "lang": "ky",
        "ind": "a,b",
    }
    assert "demo=" not in url and "a,b" in url


def test_data_page_map_link_keeps_synthetic_and_imported_datasets():
    from dashboard.data_page.callbacks import map_href
    from dashboard.data_page.state import parse_query

    for name in ("demo-synthetic", "survey"):
        state, _ = parse_query({"dataset": name, "indicator": "extreme_poverty_pct"})
        url = map_href(state)
        assert url is not None and _query(url)["dataset"] == name and "demo=" not in url


def test_scores_and_availability_links_keep_the_dataset():
    from dashboard.availability.callbacks import scores_href
    from dashboard.availability.view import parse_query as availability_query
    from dashboard.scores.parts import page_links
    from dashboard.scores.state import parse_query as scores_query

    state, _ = scores_query({"dataset": "survey", "level": "2"})
    hrefs = [a.href for a in page_links(state)]
    assert [_query(h)["dataset"] for h in hrefs] == ["survey", "survey"]
    state, _ = availability_query({"demo": "1"})
    assert _query(scores_href(state))["dataset"] == "demo-synthetic"


def test_navbar_links_carry_the_dataset():
    from dashboard.shell.callbacks import shared_query

    assert shared_query("?dataset=survey&country=KAZ&tol=3", "en") == (
        "?lang=en&country=KAZ&dataset=survey"
    )
