"""``<link rel="preload">`` hints in the index HTML: what the first drawn map waits for is
requested with the HTML instead of after it (docs/PERFORMANCE.md, "First map").

- The plotly.js bundle, on every page: the largest script, needed by every chart. Dash links
  scripts at the end of the body, and Chromium opens at most six HTTP/1.1 connections per host,
  so it was requested behind the style sheets and a dozen small scripts.
- What a page says it will request for its query (``dash.register_page(..., preload=f)`` with
  ``f(query) -> [url, ...]``): the map page names the boundary GeoJSON of its first map,
  Plotly's base topojson and the lazy chunks of ``dcc.Graph`` and ``dcc.Dropdown``. Plotly
  requests the data with ``XMLHttpRequest`` only after the scripts ran, the layout arrived and
  the map callback answered; preloaded ``as="fetch"`` with ``crossorigin`` (an anonymous CORS
  request with same-origin credentials, as Plotly's), the browser downloads them meanwhile and
  hands the same response to Plotly (no second download:
  ``tests/dashboard/test_preload_browser.py``). A ``.js`` URL is preloaded ``as="script"``
  without ``crossorigin``, as webpack adds its chunk scripts; dash-renderer runs a page's
  first callbacks only once the lazy components on it are loaded.

- The app layout and the callback list (``_dash-layout``, ``_dash-dependencies``), on every
  page: dash-renderer fetches them only once every script has run (about 0.7 s into a first
  visit on the bench machine), yet the layout, which carries the visited page
  (``dashboard.shell.first_page``), takes the server 50-150 ms to build. Preloaded as
  anonymous CORS fetches, they are built while the scripts load, and the renderer's
  same-origin ``fetch`` takes the preloaded responses (one request each:
  ``tests/dashboard/test_preload_browser.py``).

A page whose preload function fails gets no hints (logged), never a failed page.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping
from html import escape

from dash._pages import _path_to_page

log = logging.getLogger(__name__)
PRELOADED_SCRIPTS = ("plotly-atlas",)  # names of script files worth fetching first
RENDERER_REQUESTS = ("_dash-layout", "_dash-dependencies")
PagePreload = Callable[[Mapping[str, str]], Iterable[str]]


def script_urls(scripts_html: str, names: Iterable[str] = PRELOADED_SCRIPTS) -> list[str]:
    """The ``src`` of each script in Dash's ``{%scripts%}`` HTML whose URL contains a name."""
    sources = re.findall(r'<script[^>]*\ssrc="([^"]+)"', scripts_html)
    return [src for src in sources if any(name in src for name in names)]


def page_requests(path_id: str, query: Mapping[str, str]) -> list[str]:
    """URLs the page registered for ``path_id`` (the path without the prefix) will request
    first, from its ``preload`` function; [] when it has none or it fails."""
    page, _ = _path_to_page(path_id.strip("/"))
    preload = page.get("preload") if page else None
    if preload is None:
        return []
    try:
        return list(preload(query))
    except Exception as exc:  # a hint only: the page itself reports what is wrong
        log.info("no preload for %s: %s: %s", path_id[:100], type(exc).__name__, exc)
        return []


def link(url: str) -> str:
    """One ``<link rel="preload">``: a script for a ``.js`` URL, else data for ``fetch``/XHR."""
    if url.split("?", 1)[0].endswith(".js"):
        return f'<link rel="preload" href="{escape(url)}" as="script">'
    return f'<link rel="preload" href="{escape(url)}" as="fetch" crossorigin="anonymous">'


def links(urls: Iterable[str]) -> str:
    """The preload elements for ``urls``, in order (each URL once)."""
    return "".join(link(url) for url in dict.fromkeys(urls))


def app_requests(prefix: str) -> list[str]:
    """What dash-renderer fetches first on every page: the app layout and the callbacks."""
    return [f"{prefix}{name}" for name in RENDERER_REQUESTS]


def with_preloads(
    html: str, scripts_html: str, path_id: str, query: Mapping[str, str], prefix: str = "/"
) -> str:
    """``html`` (the index page) with the preload links first in its ``<head>``; ``prefix``:
    Dash's ``requests_pathname_prefix``."""
    hints = links(
        [*script_urls(scripts_html), *app_requests(prefix), *page_requests(path_id, query)]
    )
    return html.replace("<head>", "<head>" + hints, 1) if hints else html
