"""Shared fixtures: the app under gunicorn on loopback and a headless Debian Chromium (Playwright).

Browser tests (``@pytest.mark.browser``) use ``live_server`` (the base URL) and ``page`` (or
``make_page`` for more pages or other viewports). Pages record console errors, uncaught page
errors and every request; at teardown the test fails on any console error (CSP violations are
console errors too) and on any request to a host other than 127.0.0.1 (``data:`` and ``blob:``
URLs are allowed). Tests that provoke an error on purpose can clear ``page.console_errors``
after checking it. Tests wait for the outcome they check with Playwright's retrying ``expect()``
(or ``page.wait_for_function`` on the exact condition), never for a quiet network or a delay;
``PLOTTING`` and ``graphs_resized_js`` tell when Plotly charts are drawn.

Data: boundary files come from ``CAM_ATLAS_DATA_MIRROR`` (default ``../shared/geodata-sources``)
and are built into ``CAM_ATLAS_DATA_DIR`` (default ``.data/`` in the repository).
Screenshots go to ``test-artifacts/`` (git-ignored).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import urlparse

import pytest
from hypothesis import settings
from playwright.sync_api import expect
from services import database_url, postgres_server, redis_server, redis_url  # noqa: F401

from dashboard.bench.browser import CHROMIUM, CHROMIUM_FLAGS

# Property tests use fixed examples and no per-example deadline: a busy two-core CI machine
# must not fail a test because one example was slow (speed is `cam-atlas bench`'s business).
settings.register_profile("cam-atlas", deadline=None, derandomize=True, print_blob=True)
settings.load_profile("cam-atlas")

REPO = Path(__file__).resolve().parent.parent
# The Open SDG platform files come from the shared mirror in tests (offline; see
# indicators.opensdg.platforms). CI must export the same variable.
_OPEN_SDG_MIRROR = REPO.parent / "shared" / "indicator-sources" / "open-sdg"
if _OPEN_SDG_MIRROR.is_dir():
    os.environ.setdefault("CAM_ATLAS_INDICATOR_MIRROR", str(_OPEN_SDG_MIRROR))
ARTIFACTS = REPO / "test-artifacts"

LOCAL_HOSTS = {"127.0.0.1"}
# Browser tests wait for outcomes with expect(), which retries for 5 s by default: give it the
# 30 s of Playwright's other waits, since a callback on a busy two-core machine can take longer.
expect.set_options(timeout=30_000)
# dcc.Graph puts this class on its plot div from the moment it hands a new figure (or a resize)
# to Plotly until Plotly has drawn it; no match: no chart on the page is being drawn.
PLOTTING = ".dash-graph--pending"


def graphs_resized_js(*graph_ids: object) -> str:
    """A JS predicate for ``page.wait_for_function``: each ``dcc.Graph`` of ``graph_ids`` has
    been fitted to its box (dcc.Graph resizes a graph once after first drawing it, and when its
    box changes, and reports that as ``relayoutData``) and no chart is being drawn."""
    checks = " && ".join(
        f"Boolean((window.dash_component_api.getLayout({json.dumps(i)}) || {{props: {{}}}})"
        ".props.relayoutData)"
        for i in graph_ids
    )
    return f"() => {checks} && !document.querySelector({json.dumps(PLOTTING)})"


ALLOWED_SCHEMES = {"data", "blob"}


def _default_data_env() -> dict[str, str]:
    """Environment with the data settings filled in when the caller did not set them."""
    env = dict(os.environ)
    mirror = REPO.parent / "shared" / "geodata-sources"
    if "CAM_ATLAS_DATA_MIRROR" not in env and mirror.is_dir():
        env["CAM_ATLAS_DATA_MIRROR"] = str(mirror)
    env.setdefault("CAM_ATLAS_DATA_DIR", str(REPO / ".data"))
    return env


@pytest.fixture(scope="session")
def data_env() -> dict[str, str]:
    """The environment for the app, with boundary layers prepared (built once, then cached)."""
    env = _default_data_env()
    for key in ("CAM_ATLAS_DATA_MIRROR", "CAM_ATLAS_DATA_DIR"):
        if key in env:
            os.environ.setdefault(key, env[key])
    from geodata.layers import prepare

    prepare()
    return env


def _serve(env: dict[str, str], workers: int = 2):
    """Run the app under gunicorn on a free loopback port; yield its base URL, then stop it
    (``dashboard.launch.serving``; a generator so a test can hold several: ``next``/``close``)."""
    from dashboard.launch import serving

    # a browser may keep a connection open: do not wait for it at teardown
    with serving(env=env, workers=workers, start_timeout_s=120, graceful_timeout=2) as url:
        yield url


@pytest.fixture(scope="session")
def live_server(data_env: dict[str, str]):
    """Base URL (no trailing slash) of the app served by gunicorn, 2 workers, on 127.0.0.1."""
    yield from _serve(data_env)


# Tables a program officer might import, stored in the dataset store of ``imported_server``.
IMPORTED_TABLES: dict[str, str] = {
    # Text cells a spreadsheet would execute (= + - @): every download must neutralise them.
    "formula-test": """country,region,indicator,year,value,source,notes
KGZ,Osh Region,extreme_poverty_pct,2021,2.5,"=HYPERLINK(""http://example.org"")","=1+2"
KGZ,Batken Region,extreme_poverty_pct,2021,10.1,+cmd,-negative note
KGZ,Chui Region,extreme_poverty_pct,2021,4.0,@SUM(A1),plain
""",
    # District values in the officer's own spelling (Russian names), as a survey table might be.
    "officer-survey": """country,region,indicator,year,value,source
KGZ,Ак-Суйский район,preschool_coverage_pct,2024,31.5,District education office
KGZ,Alai,preschool_coverage_pct,2024,12.0,District education office
KGZ,Чон-Алайский район,preschool_coverage_pct,2024,9.8,District education office
""",
}


@pytest.fixture(scope="session")
def imported_server(data_env: dict[str, str], tmp_path_factory):
    """A second app server (1 worker) whose dataset store holds ``IMPORTED_TABLES``, imported
    with ``indicators.store`` as ``cam-atlas import`` does; the shared data dir stays clean."""
    from geodata.settings import data_dir
    from indicators.store import DatasetStore

    root = tmp_path_factory.mktemp("imported-data")
    for name in ("raw", "build"):  # reuse the prepared boundaries: no rebuild
        (root / name).symlink_to(data_dir() / name, target_is_directory=True)
    for name, text in IMPORTED_TABLES.items():
        source = root / f"{name}.csv"
        source.write_text(text, encoding="utf-8")
        DatasetStore(root / "datasets").import_file(name, source)
    yield from _serve({**data_env, "CAM_ATLAS_DATA_DIR": str(root)}, workers=1)


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (no downloaded browser needed)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


def _is_local(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme in ALLOWED_SCHEMES or parsed.hostname in LOCAL_HOSTS


def _instrument(pg) -> None:
    """Record console errors, page errors and requests."""
    pg.console_errors = []
    pg.requests = []
    pg.on(
        "console",
        lambda msg: pg.console_errors.append(msg.text) if msg.type == "error" else None,
    )
    pg.on("pageerror", lambda err: pg.console_errors.append(f"page error: {err}"))
    pg.on("request", lambda req: pg.requests.append(req.url))


def _check(pg) -> None:
    """Fail on requests that left 127.0.0.1 and on console errors."""
    outside = [u for u in pg.requests if not _is_local(u)]
    assert not outside, f"requests left 127.0.0.1: {outside}"
    assert not pg.console_errors, f"browser console errors: {pg.console_errors}"


@pytest.fixture
def make_page(browser):
    """Factory of checked pages: ``make_page(viewport={...}, is_mobile=True)`` (context options).

    Each page records console errors and requests. At teardown every page is checked: no
    console error, no request outside 127.0.0.1.
    """
    contexts, pages = [], []

    def factory(**context_options):
        options = {"viewport": {"width": 1280, "height": 900}, **context_options}
        context = browser.new_context(**options)
        pg = context.new_page()
        _instrument(pg)
        contexts.append(context)
        pages.append(pg)
        return pg

    yield factory
    for context in contexts:
        context.close()
    for pg in pages:
        _check(pg)


@pytest.fixture
def page(make_page):
    """A fresh checked page at 1280×900 (see ``make_page``)."""
    return make_page()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Folder for screenshots (created on demand)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
