"""The load ladder runs every step for both targets, counts every request and its errors."""

from __future__ import annotations

import threading
from typing import ClassVar

import pytest
from stub_http import StubHandler, serving

from dashboard.bench.ladder import run_ladder
from dashboard.bench.load import has_map_data


class _Handler(StubHandler):
    """``GET /`` answers a page; a POST answers a figure, except a body ``{"bad": ...}``."""

    seen: ClassVar[list[str]] = []
    lock = threading.Lock()

    def do_GET(self):
        with _Handler.lock:
            _Handler.seen.append(f"GET {self.path}")
        self.send(200, b"<html></html>")

    def do_POST(self):
        body = self.read_body()
        with _Handler.lock:
            _Handler.seen.append(f"POST {self.path}")
        self.send(200, b"{}" if b"bad" in body else b'{"response":{"figure-data":{"data":{}}}}')


@pytest.fixture
def stub_server():
    with serving(_Handler) as url:
        yield url


def test_each_step_is_bounded_and_counts_errors(stub_server):
    _Handler.seen = []
    bodies = [{"good": 1}, {"bad": 1}]
    found = run_ladder(stub_server, bodies, has_map_data, 5, connections=(2, 4), max_requests=20)
    assert [s["connections"] for s in found["map_update"]] == [2, 4]
    assert [s["connections"] for s in found["index"]] == [2, 4]
    for step in found["map_update"]:
        assert step["requests"] == 20 and step["errors"] == 10
    for step in found["index"]:
        assert step["requests"] == 20 and step["errors"] == 0
    assert _Handler.seen.count("GET /") == 40
    assert _Handler.seen.count("POST /_dash-update-component") == 40


def test_refuses_other_hosts():
    with pytest.raises(ValueError):
        run_ladder("http://example.org", [{}], has_map_data, 1, connections=(1,))
