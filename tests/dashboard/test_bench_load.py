"""The load harness counts every request, success or failure, and stays within its bounds."""

from __future__ import annotations

import threading

import pytest
from stub_http import StubHandler, serving

from dashboard.bench.load import has_map_data, percentiles, run_load


class _Handler(StubHandler):
    """Answers every third POST with HTTP 500, the others with a figure-like body."""

    count = 0
    lock = threading.Lock()

    def do_POST(self):
        self.read_body()
        with _Handler.lock:
            _Handler.count += 1
            failing = _Handler.count % 3 == 0
        body = b"oops" if failing else b'{"response":{"figure-data":{"data":{}}}}'
        self.send(500 if failing else 200, body)


@pytest.fixture
def stub_server():
    with serving(_Handler) as url:
        yield url


def test_every_request_is_counted_and_errors_are_reported(stub_server):
    _Handler.count = 0
    found = run_load(stub_server, [{"a": 1}, {"a": 2}], has_map_data, 5, 3, max_requests=30)
    assert found["requests"] == 30 == _Handler.count
    assert found["errors"] == 10
    assert any("HTTP 500" in e for e in found["error_examples"])
    assert found["throughput_rps"] > 0
    assert found["p50_ms"] <= found["p95_ms"] <= found["p99_ms"] <= found["max_ms"]


def test_zero_seconds_sends_nothing(stub_server):
    found = run_load(stub_server, [{"a": 1}], has_map_data, 0, 2)
    assert found["requests"] == 0
    assert found["p99_ms"] is None


def test_refuses_anything_but_loopback():
    with pytest.raises(ValueError, match=r"127\.0\.0\.1"):
        run_load("http://localhost:1", [{"a": 1}], has_map_data, 1)


def test_percentiles_of_known_values():
    found = percentiles([float(v) for v in range(1, 101)])
    assert found["p50_ms"] == 50.5
    assert found["max_ms"] == 100.0
