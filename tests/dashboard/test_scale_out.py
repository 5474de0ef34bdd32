"""Stateless app processes: two gunicorn instances sharing one PostgreSQL and one Redis serve
the same datasets; a version published anywhere is on every instance's map at once (no stale
cached view survives it). The publish goes through the store here; through the browser's Import
page once that page exists."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import _serve

from dashboard.bench import dashcall, payload
from dashboard.map_state import MapState
from indicators.store_sql import SqlDatasetStore

pytestmark = pytest.mark.services
HEADER = "country,region,indicator,year,value,source,source_url"
CITE = "NSC via Kaktus.media,https://m.kaktus.media/doc/9627_kyrgyzstanda_407_mindey_adam_oto_jakyr_jashayt.html"


def table(tmp_path: Path, value: str, name: str) -> Path:
    path = tmp_path / name
    path.write_text(
        f"{HEADER}\nKGZ,Баткен облусу,extreme_poverty_pct,2021,{value},{CITE}\n", encoding="utf-8"
    )
    return path


@pytest.fixture
def two_servers(data_env, database_url, redis_url) -> Iterator[list[str]]:
    env = {**data_env, "CAM_ATLAS_DATABASE_URL": database_url, "CAM_ATLAS_REDIS_URL": redis_url}
    servers = [_serve(env, workers=1), _serve(env, workers=1)]
    try:
        yield [next(server) for server in servers]
    finally:
        for server in servers:
            server.close()  # runs _serve's finally: SIGTERM to gunicorn, wait


def batken_value(base_url: str) -> str:
    """The hover data the map callback of the server at ``base_url`` draws for Batken region
    (its formatted value first)."""
    client = dashcall.Client(base_url)
    try:
        dep = dashcall.find_dependency(client.dependencies(), "graph", "figure", "MapCard")
        state = MapState(
            country="KGZ", level=1, indicator="extreme_poverty_pct", year=2021, dataset="officer"
        )
        values = {**state.to_query(), "level": 1, "lang": "en", "view": None}
        reply = client.call(dashcall.callback_body(dep, values, "dataset"))
        assert reply.status == 200, reply.body[:300]
        graph = next(
            cid
            for cid, prop in payload._outputs(dep)
            if dashcall.short_name(cid) == "graph" and prop == "figure"
        )
        trace = dashcall.output_value(reply.json(), graph, "figure")["data"][0]
        shown = dict(zip(trace["locations"], trace["customdata"], strict=True))
        return str(shown.get("KG-B"))
    finally:
        client.close()


def test_a_version_published_once_is_on_every_instances_map(
    two_servers, database_url, redis_url, tmp_path
):
    import redis

    first, second = two_servers
    store = SqlDatasetStore(database_url)
    store.import_file("officer", table(tmp_path, "10.1", "v1.csv"), publisher="aigul")
    assert "10.1" in batken_value(second)
    assert "10.1" in batken_value(first)

    store.import_file("officer", table(tmp_path, "12.5", "v2.csv"), publisher="bakyt")
    assert "12.5" in batken_value(first) and "10.1" not in batken_value(first)
    assert "12.5" in batken_value(second) and "10.1" not in batken_value(second)
    assert [m.publisher for m in store.versions("officer")] == ["aigul", "bakyt"]
    # One shared view per version, computed by whichever instance was asked first.
    keys = redis.Redis.from_url(redis_url).keys("cam-atlas:view:map-view:*:officer:*")
    assert sorted(k.decode().split(":")[5][:2] for k in keys) == ["1-", "2-"]
