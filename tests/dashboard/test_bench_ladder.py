"""The load ladder runs every step for both targets, counts every request and its errors."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from dashboard.bench.ladder import run_ladder
from dashboard.bench.load import has_map_data


class _Handler(BaseHTTPRequestHandler):
    """``GET /`` answers a page; a POST answers a figure, except a body ``{"bad": ...}``."""

    protocol_version = "HTTP/1.1"
    seen: ClassVar[list[str]] = []
    lock = threading.Lock()

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        with _Handler.lock:
            _Handler.seen.append(f"GET {self.path}")
        self._send(200, b"<html></html>")

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with _Handler.lock:
            _Handler.seen.append(f"POST {self.path}")
        self._send(200, b"{}" if b"bad" in body else b'{"response":{"figure-data":{"data":{}}}}')

    def log_message(self, *args):
        pass


@pytest.fixture
def stub_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


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
