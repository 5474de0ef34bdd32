"""The views' cache: keyed by dataset version, shared through Redis by separate processes, a
publish (a new version in PostgreSQL) shows up at once, a Redis outage only costs speed."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from dataclasses import dataclass, replace
from pathlib import Path

import flask
import pytest

from dashboard import shared_cache
from dashboard.shared_cache import ViewCache, cache_config, cached_view, view_key
from indicators.dataset import Dataset
from indicators.model import empty_observations

REPO = Path(__file__).resolve().parents[2]
HEADER = "country,region,indicator,year,value,source,source_url"
CITE = "NSC via Kaktus.media,https://m.kaktus.media/doc/9627_kyrgyzstanda_407_mindey_adam_oto_jakyr_jashayt.html"
ONE = [f"KGZ,Баткен облусу,extreme_poverty_pct,2021,10.1,{CITE}"]
TWO = [*ONE, f"KGZ,Бишкек шаары,extreme_poverty_pct,2021,9.5,{CITE}"]


@dataclass(frozen=True)
class State:
    indicator: str
    year: int


def dataset(version: str) -> Dataset:
    return Dataset("officer", "t", empty_observations(), synthetic=False, version=version)


@pytest.fixture
def in_process(monkeypatch) -> ViewCache:
    cache = ViewCache(flask.Flask("t"), cache_config({}))
    monkeypatch.setattr(shared_cache, "_active", cache)
    return cache


def test_in_process_by_default_and_redis_when_configured():
    assert cache_config({})["CACHE_TYPE"] == "SimpleCache"
    redis = cache_config({"CAM_ATLAS_REDIS_URL": "redis://127.0.0.1:1/0"})
    assert (redis["CACHE_TYPE"], redis["CACHE_REDIS_URL"]) == (
        "RedisCache",
        "redis://127.0.0.1:1/0",
    )


def test_a_view_is_computed_once_per_dataset_version_and_arguments(in_process):
    calls = []

    @cached_view("frame")
    def frame(data: Dataset, state: State, language: str = "en") -> dict | None:
        calls.append((data.version, state, language))
        return None if state.year == 1999 else {"year": state.year}

    v1, v2 = dataset("1-aaaa"), dataset("2-bbbb")
    assert frame(v1, State("x", 2021)) == {"year": 2021}
    assert frame(v1, State("x", 2021)) == {"year": 2021}
    assert len(calls) == 1
    frame(v1, State("x", 2022))
    frame(v1, State("x", 2021), language="ru")
    frame(v2, State("x", 2021))  # a new version: computed again
    assert len(calls) == 4
    assert frame(v1, State("x", 1999)) is None
    assert frame(v1, State("x", 1999)) is None  # a cached None is a hit
    assert len(calls) == 5


def test_keys_name_the_dataset_version():
    key = view_key("frame", dataset("3-cafe"), [State("x", 2021)])
    assert key.startswith(f"view:frame:{shared_cache.code_version()}:officer:3-cafe:")
    assert key != view_key("frame", dataset("4-beef"), [State("x", 2021)])
    assert key == view_key("frame", replace(dataset("3-cafe")), [State("x", 2021)])


def test_an_unreachable_redis_costs_speed_not_answers():
    """Port of a server that is not running: every call computes, none fails."""
    from services import free_port

    cache = ViewCache(
        flask.Flask("t"),
        cache_config({"CAM_ATLAS_REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"}),
    )
    assert cache.get_or_compute("frame", dataset("1-a"), [], lambda: 41) == 41
    assert cache.get_or_compute("frame", dataset("1-a"), [], lambda: 42) == 42


VIEW_IN_ANOTHER_PROCESS = textwrap.dedent(
    """
    import flask
    from dashboard.shared_cache import ViewCache
    from indicators.dataset import load_dataset
    data = load_dataset("officer")
    cache = ViewCache(flask.Flask("other"))
    print(cache.get_or_compute("rows", data, ["en"], lambda: len(data.observations)))
    """
)


@pytest.mark.services
def test_a_view_computed_by_one_process_is_served_to_another_until_a_publish(
    database_url, redis_url, data_env, tmp_path, monkeypatch
):
    from indicators.dataset import load_dataset
    from indicators.store_sql import SqlDatasetStore

    store = SqlDatasetStore(database_url)
    store.import_file("officer", csv(tmp_path, ONE, "one.csv"), publisher="aigul")
    env = data_env | {
        "PYTHONPATH": str(REPO),
        "CAM_ATLAS_DATABASE_URL": database_url,
        "CAM_ATLAS_REDIS_URL": redis_url,
    }
    other = subprocess.run(
        [sys.executable, "-c", VIEW_IN_ANOTHER_PROCESS], env=env, cwd=REPO, capture_output=True,
        text=True, timeout=120, check=True,
    )  # fmt: skip
    assert other.stdout.strip() == "1"

    monkeypatch.setenv("CAM_ATLAS_DATABASE_URL", database_url)
    here = ViewCache(flask.Flask("here"), cache_config({"CAM_ATLAS_REDIS_URL": redis_url}))
    assert here.kind == "RedisCache"

    def must_not_run() -> int:
        raise AssertionError("computed although another process cached it")

    assert here.get_or_compute("rows", load_dataset("officer"), ["en"], must_not_run) == 1

    store.import_file("officer", csv(tmp_path, TWO, "two.csv"), publisher="bakyt")  # a publish
    latest = load_dataset("officer")
    assert latest.version.startswith("2-")
    assert here.get_or_compute("rows", latest, ["en"], lambda: len(latest.observations)) == 2
    again = subprocess.run(
        [sys.executable, "-c", VIEW_IN_ANOTHER_PROCESS], env=env, cwd=REPO, capture_output=True,
        text=True, timeout=120, check=True,
    )  # fmt: skip
    assert again.stdout.strip() == "2"


def csv(tmp_path: Path, lines: list[str], name: str) -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def test_score_and_availability_views_are_in_the_shared_cache_under_the_dataset_version():
    from dashboard.availability.view import matrix_for
    from dashboard.availability.view import parse_query as availability_query
    from dashboard.scores.view import dataset_for, parse_query, score_view
    from dashboard.shared_cache import view_cache, view_key

    state = parse_query({})[0]
    first = score_view(state)
    assert score_view(state) is not None and first.state == state
    dataset = dataset_for(state)
    backend = view_cache().backend
    assert backend.get(view_key("score-view", dataset, [state])) is not None
    shown = availability_query({})[0]
    matrix_for(shown)
    assert backend.get(view_key("availability-matrix", dataset, [shown.country, shown.level]))
