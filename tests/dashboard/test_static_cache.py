"""Fingerprinted responses are compressed once per process (``dashboard.static_cache``): the
same bytes for every request of a URL, nothing stored for dynamic responses, a bounded store."""

from __future__ import annotations

import re

import pytest

from dashboard.static_cache import CompressedBodies


@pytest.fixture(scope="module")
def app(data_env):
    from dashboard.app import app

    return app


def store(app) -> CompressedBodies:
    compress = next(
        f.__self__
        for f in app.server.after_request_funcs[None]
        if getattr(f, "__name__", "") == "after_request" and hasattr(f, "__self__")
    )
    assert isinstance(compress.cache, CompressedBodies)
    return compress.cache


def test_a_fingerprinted_file_is_compressed_once_and_served_whole(app):
    client = app.server.test_client()
    index = client.get("/").get_data(as_text=True)
    bundle = next(s for s in re.findall(r'src="([^"]+)"', index) if "plotly-atlas" in s)
    first = client.get(bundle, headers={"Accept-Encoding": "gzip"})
    assert first.headers["Content-Encoding"] == "gzip"
    assert f"gzip;{bundle}" in store(app)._bodies
    again = client.get(bundle, headers={"Accept-Encoding": "gzip"})
    assert again.data == first.data
    assert int(again.headers["Content-Length"]) == len(again.data)
    plain = client.get(bundle, headers={"Accept-Encoding": "identity"})
    import gzip

    assert gzip.decompress(again.data) == plain.data  # the whole file, not a stream fragment


def test_dash_component_suites_and_layers_are_kept_too_but_no_dynamic_response(app):
    client = app.server.test_client()
    index = client.get("/").get_data(as_text=True)
    suite = next(s for s in re.findall(r'src="([^"]+)"', index) if "dash_renderer" in s)
    client.get(suite, headers={"Accept-Encoding": "gzip"})
    client.get("/_dash-layout", headers={"Accept-Encoding": "gzip", "Referer": "http://localhost/"})
    keys = list(store(app)._bodies)
    assert f"gzip;{suite}" in keys
    assert not [k for k in keys if "_dash-layout" in k or k.endswith(";")]


def test_the_store_is_bounded_in_bytes_and_drops_the_least_recently_used():
    bodies = CompressedBodies(max_bytes=100)
    bodies.set("gzip;/a", b"a" * 20)
    bodies.set("gzip;/b", b"b" * 20)
    assert bodies.get("gzip;/a") == b"a" * 20  # /a used last: /b goes first
    for name in "cdef":
        bodies.set(f"gzip;/{name}", name.encode() * 20)
    assert bodies.get("gzip;/b") is None and bodies.get("gzip;/a") is not None
    assert sum(len(v) for v in bodies._bodies.values()) <= 100
    bodies.set("gzip;/big", b"x" * 26)  # more than a quarter of the store: never kept
    assert bodies.get("gzip;/big") is None
    bodies.set("gzip;", b"dynamic")  # no URL: a response that is not long-lived
    assert bodies.get("gzip;") is None
