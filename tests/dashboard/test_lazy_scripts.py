"""Scripts on every page (``dashboard.lazy_scripts``): AG Grid's bundle is served, not linked;
DataTable is neither; responses prefer a strong zstd level."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard.lazy_scripts import META_NAME, STUB_ASSET

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard"


@pytest.fixture(scope="module")
def client(data_env):
    from dashboard.app import server

    return server.test_client()


def test_the_grid_bundle_is_served_but_linked_only_by_the_stub(client):
    index = client.get("/").get_data(as_text=True)
    sources = re.findall(r'<script src="([^"]+)"', index)
    assert not [s for s in sources if "/dash_ag_grid/" in s or "dash_table/" in s]
    assert any(STUB_ASSET in s for s in sources)
    bundle = re.search(rf'<meta name="{META_NAME}" content="([^"]+)"', index)
    assert bundle and re.search(r"/dash_ag_grid/dash_ag_grid\.v[\w]+\.min\.js$", bundle[1])
    response = client.get(bundle[1])
    assert response.status_code == 200 and b"AgGrid" in response.data
    assert "max-age=31536000" in response.headers["Cache-Control"]  # fingerprinted: cached


def test_the_grid_chunks_are_still_served(client):
    assert client.get("/_dash-component-suites/dash_ag_grid/async-community.js").status_code == 200


def test_no_module_uses_the_dropped_data_table():
    users = [
        p
        for p in DASHBOARD.rglob("*.py")
        if re.search(r"\bdash_table\b|\bDataTable\b", p.read_text(encoding="utf-8"))
        and p.name != "lazy_scripts.py"
    ]
    assert users == [], "DataTable's scripts are dropped (dashboard/lazy_scripts.py)"


def test_zstd_is_compressed_at_level_9(client):
    from dashboard.app import server

    assert server.config["COMPRESS_ZSTD_LEVEL"] == 9
    response = client.get(
        "/assets/vendor/bootstrap.min.css", headers={"Accept-Encoding": "zstd, gzip"}
    )
    assert response.headers["Content-Encoding"] == "zstd"
    assert len(response.data) < 30_000  # level 3 gave 34 KB, gzip 6 31 KB


def test_the_babel_polyfill_is_neither_linked_nor_served_and_regenerator_is(client):
    index = client.get("/").get_data(as_text=True)
    sources = re.findall(r'<script src="([^"]+)"', index)
    assert not [s for s in sources if "polyfill" in s]
    runtime = [s for s in sources if "vendor/regenerator-runtime.js" in s]
    assert len(runtime) == 1
    served = client.get(runtime[0]).get_data(as_text=True)
    assert "regeneratorRuntime = runtime" in served  # defines the global the bundles call
    assert client.get("/_dash-component-suites/dash/deps/polyfill@7.12.1.min.js").status_code == 404


def test_the_vendored_regenerator_runtime_is_the_npm_file_with_its_licence():
    import hashlib

    vendor = DASHBOARD.parent / "assets" / "vendor"
    recorded, name = (vendor / "regenerator-runtime.sha256").read_text().split()
    assert name == "regenerator-runtime.js"
    assert hashlib.sha256((vendor / name).read_bytes()).hexdigest() == recorded
    assert "MIT License" in (vendor / "regenerator-runtime.LICENSE").read_text()
    assert "regenerator-runtime@0.14.1" in (vendor / "README.md").read_text()
