"""First page load in headless Debian Chromium: bytes on the wire and time to the first polygon.

Each run uses a fresh browser context (empty cache), navigates to a map page and waits for the
first ``path.choroplethlocation``. The milestones show the critical path (when the HTML, the
plotly.js bundle and the geometry arrived, when the geometry was first requested, the last
callback answered before the map); ``geometry_requests`` counts requests for ``/geo/`` files (1:
the index's preload of the geometry was reused, ``dashboard.preload``).

Bytes are Chrome's own count (CDP ``Network.loadingFinished``
``encodedDataLength``: compressed bodies plus response headers, as negotiated by Chromium, which
asks for gzip/brotli). Counting stops when the map is drawn and the network has gone quiet, so the
callbacks that fill the page are included. The time is ``performance.now()`` in the page (0 is
navigation start) at the first animation frame after a choropleth polygon enters the DOM.

A second navigation in the same context measures a repeat visit (geometry and bundles come from
the browser cache). Browser flags are those of ``tests/conftest.py``.
"""

from __future__ import annotations

import os
import shutil
import statistics
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
POLYGON = "path.choroplethlocation"
# Records when the first choropleth polygon is in the DOM, then at the next frame (drawn).
FIRST_MAP_SCRIPT = """
window.__camFirstMap = null;
new MutationObserver((records, observer) => {
  if (document.querySelector('POLYGON')) {
    observer.disconnect();
    requestAnimationFrame(() => { window.__camFirstMap = performance.now(); });
  }
}).observe(document, {childList: true, subtree: true});
""".replace("POLYGON", POLYGON)


# Where the cold load spends its time (ms from navigation start), for PERFORMANCE.md.
MILESTONES_SCRIPT = """() => {
  const nav = performance.getEntriesByType('navigation')[0] || {};
  const res = performance.getEntriesByType('resource');
  const end = (test) => {
    const hits = res.filter((r) => test(r.name));
    return hits.length ? Math.max(...hits.map((r) => r.responseEnd)) : null;
  };
  const start = (test) => {
    const hits = res.filter((r) => test(r.name));
    return hits.length ? Math.min(...hits.map((r) => r.startTime)) : null;
  };
  const firstMap = window.__camFirstMap;
  const calls = res.filter(
    (r) => r.name.includes('_dash-update-component') && r.responseEnd <= firstMap);
  return {
    html_ms: nav.responseEnd || null,
    dom_content_loaded_ms: nav.domContentLoadedEventEnd || null,
    plotly_js_ms: end((u) => u.includes('plotly')),
    geometry_start_ms: start((u) => u.includes('/geo/')),
    geometry_ms: end((u) => u.includes('/geo/')),
    callbacks_before_map: calls.length,
    last_callback_before_map_ms: calls.length ? Math.max(...calls.map((r) => r.responseEnd)) : null,
    first_map_ms: firstMap,
  };
}"""


@dataclass
class NetworkLog:
    """Responses seen through CDP: encoded bytes per request id, URL and type."""

    encoded: dict[str, int] = field(default_factory=dict)
    decoded: dict[str, int] = field(default_factory=dict)
    urls: dict[str, str] = field(default_factory=dict)
    cached: set[str] = field(default_factory=set)

    def attach(self, cdp) -> None:
        """Listen to the CDP Network domain of one page."""
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.dataReceived", self._data)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.requestServedFromCache", lambda e: self.cached.add(e["requestId"]))
        cdp.send("Network.enable")

    def _sent(self, event: dict) -> None:
        self.urls[event["requestId"]] = event["request"]["url"]

    def _data(self, event: dict) -> None:
        rid = event["requestId"]
        self.decoded[rid] = self.decoded.get(rid, 0) + int(event.get("dataLength", 0))

    def _finished(self, event: dict) -> None:
        self.encoded[event["requestId"]] = int(event.get("encodedDataLength", 0))

    def clear(self) -> None:
        """Forget everything (before a repeat visit)."""
        for part in (self.encoded, self.decoded, self.urls, self.cached):
            part.clear()

    def summary(self) -> dict[str, Any]:
        """Totals, the five largest responses and any request that left 127.0.0.1."""
        largest = sorted(self.encoded.items(), key=lambda kv: -kv[1])[:5]
        outside = [u for u in self.urls.values() if not _is_local(u)]
        geometry = [u for u in self.urls.values() if "/geo/" in u]
        return {
            "bytes": sum(self.encoded.values()),
            "decoded_bytes": sum(self.decoded.values()),
            "requests": len(self.urls),
            "from_cache": len(self.cached),
            "geometry_requests": len(geometry),  # 1: the preloaded file is not fetched again
            "largest": [
                {"path": urlparse(self.urls.get(rid, "")).path, "bytes": size}
                for rid, size in largest
            ],
            "external_requests": outside,
        }


def _is_local(url: str) -> bool:
    """Loopback, ``data:`` or ``blob:`` URLs (anything else would leave the machine)."""
    parsed = urlparse(url)
    return parsed.scheme in ("data", "blob") or parsed.hostname == "127.0.0.1"


def _visit(page, url: str, timeout_ms: float) -> float:
    """Navigate, wait for the drawn map and a quiet network; milliseconds to the first polygon."""
    page.goto(url, wait_until="commit", timeout=timeout_ms)
    page.wait_for_selector(POLYGON, state="attached", timeout=timeout_ms)
    page.wait_for_function("window.__camFirstMap !== null", timeout=timeout_ms)
    page.wait_for_load_state("networkidle", timeout=timeout_ms)
    return float(page.evaluate("window.__camFirstMap"))


def _rounded(values: dict[str, Any]) -> dict[str, Any]:
    """Milliseconds to one decimal (counts and missing values unchanged)."""
    return {k: round(v, 1) if isinstance(v, float) else v for k, v in values.items()}


def load_once(browser, url: str, timeout_ms: float = 60_000) -> dict[str, Any]:
    """One cold visit and one repeat visit of ``url`` in a fresh 1280x900 context."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.add_init_script(FIRST_MAP_SCRIPT)
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        log = NetworkLog()
        log.attach(context.new_cdp_session(page))
        cold_ms = _visit(page, url, timeout_ms)
        cold = {**log.summary(), "milestones": _rounded(page.evaluate(MILESTONES_SCRIPT))}
        log.clear()
        warm_ms = _visit(page, url, timeout_ms)
        warm = log.summary()
    finally:
        context.close()
    return {"cold_ms": cold_ms, "cold": cold, "warm_ms": warm_ms, "warm": warm, "errors": errors}


def measure_first_load(
    base_url: str, paths: dict[str, str], runs: int, browser: Any = None
) -> dict[str, Any]:
    """Median first-map time and the bytes of the cold load for each named page path.

    ``paths`` maps a name to a path with query (e.g. ``{"default": "/"}``); the first name is
    the headline (``first_load_bytes``, ``first_map_ms``). ``browser``: a Playwright browser to
    reuse (one Playwright per thread: a test session already runs one); None launches Chromium.
    """
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            launched = pw.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS
            )
            try:
                return measure_first_load(base_url, paths, runs, launched)
            finally:
                launched.close()
    pages: dict[str, Any] = {}
    for name, path in paths.items():
        visits = [load_once(browser, base_url + path, 60_000) for _ in range(runs)]
        pages[name] = _page_summary(path, visits)
    version = browser.version
    head = next(iter(pages.values()))
    return {
        "first_load_bytes": head["first_load_bytes"],
        "first_map_ms": head["first_map_ms"],
        "repeat_load_bytes": head["repeat_load_bytes"],
        "repeat_map_ms": head["repeat_map_ms"],
        "chromium": version,
        "pages": pages,
    }


def _page_summary(path: str, visits: list[dict[str, Any]]) -> dict[str, Any]:
    """Medians over visits of one page, with the breakdown of the last cold load."""
    last = visits[-1]
    return {
        "path": path,
        "runs": len(visits),
        "first_load_bytes": int(statistics.median(v["cold"]["bytes"] for v in visits)),
        "first_load_decoded_bytes": int(
            statistics.median(v["cold"]["decoded_bytes"] for v in visits)
        ),
        "first_load_requests": last["cold"]["requests"],
        "geometry_requests": max(v["cold"]["geometry_requests"] for v in visits),
        "first_map_ms": round(statistics.median(v["cold_ms"] for v in visits), 1),
        "first_map_ms_runs": [round(v["cold_ms"], 1) for v in visits],
        "repeat_load_bytes": int(statistics.median(v["warm"]["bytes"] for v in visits)),
        "repeat_map_ms": round(statistics.median(v["warm_ms"] for v in visits), 1),
        "milestones_last_cold_ms": last["cold"]["milestones"],
        "largest_responses": last["cold"]["largest"],
        "external_requests": sorted({u for v in visits for u in v["cold"]["external_requests"]}),
        "console_errors": sorted({e for v in visits for e in v["errors"]}),
    }
