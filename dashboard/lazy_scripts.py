"""Fewer scripts on every page: AG Grid's bundle only where a grid is drawn, no DataTable, no
Babel polyfill.

Dash links the main bundle of every imported component library on every page, and
``dash_ag_grid.min.js`` (361 KB gzipped: its wrapper imports all of ``ag-grid-community``
eagerly; only the grid fragment itself is an async chunk) is the largest after plotly.js, yet
the map page, which most visits open, has no grid. So this app marks that bundle ``dynamic``
(Dash still registers and serves it, but does not link it) and links instead
``assets/lazy-ag-grid.js``, a few hundred bytes that define ``window.dash_ag_grid.AgGrid`` as a
component which, when first rendered, adds the real bundle's ``<script>`` (its fingerprinted
URL is in ``<meta name="cam-lazy-dash_ag_grid">``, so no inline script is needed under the CSP)
and then renders the real grid with the same props. Dash resolves component types from
``window.<namespace>`` when it renders them, so nothing else changes; the real bundle's async
chunks find their URL from its ``<script>`` as before. Other Dash apps in the same process keep
the normal behaviour (the filter is this app's only, as in ``dashboard.plotly_bundle``).

``dash_table`` (Dash's DataTable, linked by every Dash app: 10 KB gzipped) is not used by the
atlas (its tables are AG Grid or plain HTML), so its scripts are neither linked nor served. A
page that wants a DataTable must remove that filter (``tests/dashboard/test_lazy_scripts.py``
fails when a module uses it).

Dash links ``@babel/polyfill`` 7.12 (core-js 2 and regenerator-runtime) before React on every
page, for browsers older than any plotly.js 3 supports. Evaluating it is the most expensive
script on the first visit after plotly.js (about 100 ms of main-thread time in headless
Chromium on the bench machine, docs/PERFORMANCE.md), and every browser the atlas supports
has what core-js 2 adds. Only the global ``regeneratorRuntime`` is still needed: Dash's and
the component libraries' lazy-loading helpers call it (``regeneratorRuntime.mark``), so
``assets/vendor/regenerator-runtime.js`` (npm ``regenerator-runtime@0.14.1``, unchanged) is
loaded instead.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from typing import Any

from dash import Dash
from dash.fingerprint import build_fingerprint

NAMESPACE = "dash_ag_grid"
BUNDLE = "dash_ag_grid.min.js"
META_NAME = f"cam-lazy-{NAMESPACE}"
STUB_ASSET = "lazy-ag-grid.js"


UNUSED_PREFIX = "dash_table/"
"""``relative_package_path`` prefix of DataTable's scripts (namespace ``dash``)."""
POLYFILL_PREFIX = "deps/polyfill@"
"""``relative_package_path`` of the Babel polyfill among the renderer's dependencies."""


def _without_polyfill(resource: dict[str, Any]) -> dict[str, Any]:
    """The renderer's dependency resource (one entry, a list of paths) minus the polyfill."""
    paths = resource.get("relative_package_path")
    if resource.get("namespace") != "dash" or not isinstance(paths, list):
        return resource
    kept = [p for p in paths if not str(p).startswith(POLYFILL_PREFIX)]
    urls = resource.get("external_url")
    if isinstance(urls, list):
        resource = {**resource, "external_url": [u for u in urls if "/@babel/polyfill@" not in u]}
    return {**resource, "relative_package_path": kept}


def _trimmed(get: Callable[..., list[dict[str, Any]]]) -> Callable[..., Any]:
    def scripts(*args: Any, **kwargs: Any) -> list[dict[str, Any]]:
        out = []
        for resource in get(*args, **kwargs):
            path = resource.get("relative_package_path")
            if resource.get("namespace") == "dash" and str(path).startswith(UNUSED_PREFIX):
                continue
            if resource.get("namespace") == NAMESPACE and path == BUNDLE:
                resource = {**resource, "dynamic": True}
            out.append(_without_polyfill(resource))
        return out

    return scripts


def bundle_url(app: Dash) -> str:
    """The fingerprinted URL Dash would have linked for the grid bundle (immutable caching)."""
    module = importlib.import_module(NAMESPACE)
    path = os.path.join(os.path.dirname(str(module.__file__)), BUNDLE)
    fingerprint = build_fingerprint(BUNDLE, module.__version__, int(os.stat(path).st_mtime))
    prefix = app.config.requests_pathname_prefix
    return f"{prefix}_dash-component-suites/{NAMESPACE}/{fingerprint}"


def trim_scripts(app: Dash) -> None:
    """Stop linking the grid bundle on every page of ``app`` (the stub asset loads it on use)
    and drop DataTable's scripts and the Babel polyfill."""
    resources = app.scripts._resources
    # Wraps this instance's method on purpose: Dash has no public hook to filter scripts.
    resources._filter_resources = _trimmed(resources._filter_resources)  # type: ignore[method-assign]
    app.config.meta_tags.append({"name": META_NAME, "content": bundle_url(app)})
