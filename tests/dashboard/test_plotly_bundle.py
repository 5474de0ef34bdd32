"""The atlas's own plotly.js bundle: the committed file is the one the build script recorded,
matches the installed plotly's plotly.js version, and replaces Dash's full bundle on every page."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from plotly.offline import get_plotlyjs_version

from dashboard.plotly_bundle import BUNDLE_ASSET, TRACE_TYPES

REPO = Path(__file__).resolve().parents[2]
VENDOR = REPO / "assets" / "vendor"
BUNDLE = REPO / "assets" / BUNDLE_ASSET


def test_the_bundle_matches_its_recorded_checksum():
    recorded, name = (VENDOR / "plotly-atlas.sha256").read_text().split()
    assert name == BUNDLE.name
    assert hashlib.sha256(BUNDLE.read_bytes()).hexdigest() == recorded


def test_the_bundle_is_built_from_the_installed_plotly_version_with_its_licences():
    text = BUNDLE.read_text(encoding="utf-8")
    assert f'"{get_plotlyjs_version()}"' in text  # Plotly.version
    package = (REPO / "tools" / "plotly-bundle" / "package.json").read_text()
    assert f'"plotly.js": "{get_plotlyjs_version()}"' in package
    assert "MIT" in (VENDOR / "plotly.js.LICENSE").read_text()
    assert (VENDOR / "plotly-atlas.min.js.LEGAL.txt").is_file()


def test_the_bundle_registers_exactly_the_trace_types_the_atlas_draws():
    entry = (REPO / "tools" / "plotly-bundle" / "entry.js").read_text()
    assert tuple(re.findall(r"require\('plotly\.js/lib/(\w+)'\)", entry)) == ("core", *TRACE_TYPES)
    used = set()
    for path in (REPO / "dashboard").rglob("*.py"):
        if "bench" in path.parts:
            continue  # the tutorial baseline app uses Dash's own full bundle on purpose
        used |= {m.lower() for m in re.findall(r"\bgo\.(\w+)\(", path.read_text())}
    traces = used - {"figure", "layout"}
    assert traces <= set(TRACE_TYPES), f"add {traces - set(TRACE_TYPES)} to entry.js and rebuild"


@pytest.fixture(scope="module")
def client(data_env):
    from dashboard.app import server

    return server.test_client()


def test_pages_load_the_atlas_bundle_and_never_the_full_one(client):
    for path in ("/", "/data", "/no-such-page"):
        html = client.get(path).get_data(as_text=True)
        assert "plotly-atlas.min.js" in html, path
        assert "plotly.min.js" not in html.replace("plotly-atlas.min.js", ""), path
        assert "cdn.plot.ly" not in html


def test_the_full_bundle_is_not_even_served(client):
    from dashboard.bench.baseline import create_server

    create_server()  # another Dash app in the process adds the full bundle to dcc's list again
    html = client.get("/").get_data(as_text=True)
    assert "plotly.min.js" not in html.replace("plotly-atlas.min.js", "")
    for name in ("plotly.min.js", "plotly.v7_1_0m1.min.js"):
        response = client.get(f"/_dash-component-suites/plotly/package_data/{name}")
        assert response.status_code == 404, name


def test_the_bundle_is_cached_for_a_year_under_its_fingerprinted_url(client):
    html = client.get("/").get_data(as_text=True)
    url = re.search(r'src="(/assets/vendor/plotly-atlas\.min\.js\?m=[^"]+)"', html).group(1)
    assert client.get(url).headers["Cache-Control"] == "public, max-age=31536000, immutable"
    unversioned = client.get("/assets/vendor/plotly-atlas.min.js")
    assert "immutable" not in unversioned.headers["Cache-Control"]
