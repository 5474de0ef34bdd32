"""The visited page inside the app layout, so that a first visit skips Dash Pages' router.

Dash Pages serves one app layout for every URL, with an empty page container. Once the scripts
run, the container's ``dcc.Location`` reports the URL and Dash's router callback answers with the
page's layout: a POST that the first map waits for (docs/PERFORMANCE.md). The browser's request
for the app layout (``/_dash-layout``) names the visited URL in its ``Referer`` (the atlas sends
``Referrer-Policy: same-origin``), so :func:`app_layout` puts that page's layout in the container
already, resolved as the router resolves it (same registry, path and query parameters, the
``not_found_404`` page for unknown paths) and with the location's ``pathname``, ``search``,
``href`` and ``hash`` set: ``dcc.Location`` sets only props it lacks on mount, so nothing changes
and the router first runs on the first navigation inside the app. The shell's own location
(the language switch's) gets the same props: set on mount instead, they reached the renderer
late on a busy first visit and pushed the visited URL back over the query a page had just
written (``history.replaceState``). Without a same-origin
``Referer`` (stripped by a proxy, a layout request outside a browser) the container stays empty
and the router fills it as before. The layout depends on the ``Referer``, so its response is
never stored (:func:`install_no_store`).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import dash
import flask
from dash import dcc, html
from dash._pages import _parse_query_string, _path_to_page  # the router's own resolution

from dashboard.shell.layout import shell

# Ids of Dash Pages' container (dash.dash._ID_*): the router's outputs and the title callback.
LOCATION_ID = "_pages_location"
CONTENT_ID = "_pages_content"
STORE_ID = "_pages_store"
DUMMY_ID = "_pages_dummy"
NOT_FOUND_MODULE = "not_found_404"


def visited_url() -> str | None:
    """The page URL behind this layout request: its same-origin ``Referer``, else None."""
    if not flask.has_request_context():
        return None
    referrer = flask.request.referrer
    if not referrer:
        return None
    parts = urlsplit(referrer)
    if parts.scheme not in ("http", "https") or parts.netloc != flask.request.host:
        return None
    return referrer


def resolve_page(pathname: str, search: str) -> tuple[Any, str]:
    """The layout (called with the query parameters, as the router does) and title of the
    registered page for ``pathname``; the ``not_found_404`` page for an unknown path."""
    app = dash.get_app()
    page, path_variables = _path_to_page(app.strip_relative_path(pathname))
    if not page:
        page = next(
            p for m, p in dash.page_registry.items() if m.split(".")[-1] == NOT_FOUND_MODULE
        )
    layout, title = page.get("layout", ""), page["title"]
    if callable(layout):
        layout = layout(**{**(path_variables or {}), **_parse_query_string(search)})
    if callable(title):
        title = title(**(path_variables or {}))
    return layout, str(title)


def location_props(url: str) -> dict[str, str]:
    """``dcc.Location`` props for the full URL ``url``: all four, so that on mount the location
    has nothing to set (a ``setProps`` arriving late would push this URL back over a query
    that a page rewrote in the meantime)."""
    parts = urlsplit(url)
    search = f"?{parts.query}" if parts.query else ""
    # A Referer never carries the fragment.
    return {"pathname": parts.path or "/", "search": search, "href": url, "hash": ""}


def page_container(url: str) -> html.Div:
    """A copy of Dash Pages' container (``dash.page_container``) holding the page at ``url``
    (a full URL)."""
    props = location_props(url)
    layout, title = resolve_page(props["pathname"], props["search"])
    return html.Div(
        [
            dcc.Location(id=LOCATION_ID, refresh="callback-nav", **props),
            html.Div(layout, id=CONTENT_ID, disable_n_clicks=True),
            dcc.Store(id=STORE_ID, data={"title": title}),
            html.Div(id=DUMMY_ID, disable_n_clicks=True),
        ]
    )


def install_no_store(server: flask.Flask, layout_path: str) -> None:
    """Mark the app layout's responses ``no-store`` and ``Vary: Referer`` (they differ by page)."""

    @server.after_request
    def _no_store(response: flask.Response) -> flask.Response:
        if flask.request.path == layout_path:
            response.headers["Cache-Control"] = "no-store"
            response.vary.add("Referer")
        return response


def app_layout() -> html.Div:
    """The app layout for this request: the shell around the visited page (see module doc)."""
    url = visited_url()
    if url is None:
        return shell()  # Dash Pages' own empty container: the router fills it
    return shell(page_container(url), location_props(url))
