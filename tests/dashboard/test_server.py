"""The WSGI app without a browser: security headers, the geometry route, debug off, html lang."""

from __future__ import annotations

import gzip
import json
import re

import pytest

from dashboard.georoute import CACHE_FOREVER, LayerPart, layer_name, layer_url, parse_layer_name


@pytest.fixture(scope="module")
def client(data_env):
    from dashboard.app import server

    return server.test_client()


def test_security_headers_on_pages_and_data(client):
    for path in ("/", "/_dash-layout", "/assets/cam-atlas.css"):
        response = client.get(path)
        assert response.status_code == 200, path
        csp = dict(
            d.strip().split(" ", 1) for d in response.headers["Content-Security-Policy"].split(";")
        )
        assert csp["default-src"] == "'self'" and csp["frame-ancestors"] == "'none'"
        assert csp["connect-src"] == "'self'"
        scripts = csp["script-src"].split()
        assert scripts[0] == "'self'" and all(s.startswith("'sha256-") for s in scripts[1:])
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"


def test_csp_allows_exactly_the_inline_scripts_of_the_page(client):
    from dashboard.app import app

    html = client.get("/").get_data(as_text=True)
    inline = re.findall(r"<script>(.*?)</script>", html, flags=re.S)
    assert inline, "expected Dash's renderer bootstrap"
    hashes = set(app.csp_hashes())
    csp = client.get("/").headers["Content-Security-Policy"]
    assert all(h in csp for h in hashes)


def test_debug_tools_are_off(client):
    html = client.get("/").get_data(as_text=True)
    config = json.loads(re.search(r'id="_dash-config"[^>]*>(.*?)</script>', html).group(1))
    assert config["ui"] is False and config["props_check"] is False
    assert client.get("/_reload-hash").get_json()["reloadHash"] is None  # no hot reload


def test_html_lang_follows_the_query(client):
    assert '<html lang="ru">' in client.get("/?lang=ru").get_data(as_text=True)
    assert '<html lang="en">' in client.get('/?lang="><script>').get_data(as_text=True)


def test_no_external_urls_in_the_index(client):
    html = client.get("/").get_data(as_text=True)
    assert not re.search(r"""(src|href)=["']https?://""", html)


def test_geometry_is_immutable_cached_with_etag_and_gzip(client):
    parts = (LayerPart("KGZ", 1, "2018"),)
    url = layer_url(parts)
    response = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == CACHE_FOREVER
    assert response.headers["Content-Encoding"] == "gzip"
    collection = json.loads(gzip.decompress(response.get_data()))
    assert {f["id"] for f in collection["features"]} >= {"KG-B", "KG-GB", "KG-O"}
    etag = response.headers["ETag"]
    again = client.get(url, headers={"Accept-Encoding": "gzip", "If-None-Match": etag})
    assert again.status_code == 304


def test_both_countries_are_served_as_one_collection(client):
    parts = (LayerPart("KAZ", 1, "2024"), LayerPart("KGZ", 1, "2018"))
    collection = client.get(layer_url(parts)).get_json(force=True)
    ids = {f["id"] for f in collection["features"]}
    assert "KZ-75" in ids and "KG-C" in ids and len(ids) == 29


def test_outdated_digest_redirects_and_bad_names_are_404(client):
    stale = client.get("/geo/KGZ-1-2018.0000000000000000.geojson")
    assert stale.status_code == 302
    assert stale.headers["Location"].endswith(layer_url((LayerPart("KGZ", 1, "2018"),)))
    for path in (
        "/geo/KGZ-1-1999.0000000000000000.geojson",
        "/geo/USA-1-2018.0000000000000000.geojson",
        "/geo/KGZ-1-2018.geojson",
    ):
        assert client.get(path).status_code == 404, path
    # An encoded slash leaves the /geo route; Dash answers with its index page, never a file.
    escaped = client.get("/geo/..%2f..%2fetc%2fpasswd.0000000000000000.geojson")
    assert escaped.mimetype == "text/html"


def test_layer_names_round_trip():
    parts = (LayerPart("KAZ", 2, "2024"), LayerPart("KGZ", 2, "2018"))
    assert layer_name(parts) == "KAZ-2-2024_KGZ-2-2018"
    assert parse_layer_name(layer_name(parts)) == parts
    with pytest.raises(ValueError):
        parse_layer_name("KAZ-2-2024_x")
