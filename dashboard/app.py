"""The CAM Atlas Dash app. WSGI entry point: ``dashboard.app:server`` (gunicorn, Procfile).

:func:`create_app` builds the Flask server (compression, security headers, ``/geo`` route), the
Dash app with the pages of :data:`PAGE_MODULES` (one package per page, registered explicitly),
the shell layout and the callbacks. Static files come from the repository's ``assets/``
(``dashboard/_assets`` in an installed wheel); no request ever leaves the server. Boundary layers
are prepared on start-up (``geodata.layers.prepare``) so the first page view does not wait; run
gunicorn with ``--preload`` so that this happens once.
Computed views go through ``dashboard.shared_cache`` (Redis with ``CAM_ATLAS_REDIS_URL``); the
``auth/`` routes for publishers come from ``dashboard.auth``.
Debug mode is never enabled here: gunicorn serves the app as built.
"""

from __future__ import annotations

import importlib
import logging
from pathlib import Path

import flask
from dash import Dash

from dashboard.auth import init_auth
from dashboard.components.everything import register_route as register_everything_route
from dashboard.errors import show_friendly_error
from dashboard.georoute import MIMETYPE as GEOJSON_MIMETYPE
from dashboard.georoute import register_geo_route
from dashboard.i18n import normalise_language
from dashboard.import_page.limits import allow_upload_bodies
from dashboard.lazy_scripts import trim_scripts
from dashboard.limits import install_request_limits, run_first_request_setup
from dashboard.map import data
from dashboard.plotly_bundle import use_atlas_plotly
from dashboard.preload import with_preloads
from dashboard.security import install_security_headers
from dashboard.shared_cache import init_cache
from dashboard.static_cache import (
    configure_compression_cache,
    install_asset_caching,
    install_compressed_once,
)

PACKAGE_DIR = Path(__file__).resolve().parent
BOOTSTRAP_CSS = "vendor/bootstrap.min.css"
# Each module calls ``dash.register_page``; importing them here keeps registration in one place.
PAGE_MODULES = (
    "dashboard.map.page",
    "dashboard.scores.page",
    "dashboard.availability.page",
    "dashboard.data_page.page",
    "dashboard.import_page.page",
    "dashboard.about.page",
    "dashboard.shell.not_found_404",  # shown by Dash Pages for unknown paths (module name matters)
)
log = logging.getLogger(__name__)


def assets_dir() -> Path:
    """The repository's ``assets/`` in a checkout, ``dashboard/_assets`` in an installed wheel."""
    checkout = PACKAGE_DIR.parent / "assets"
    return checkout if checkout.is_dir() else PACKAGE_DIR / "_assets"


class AtlasDash(Dash):
    """Dash with ``<html lang>`` set from the ``lang`` query parameter of the page request."""

    def interpolate_index(self, *args: str, **kwargs: str) -> str:
        """The index HTML with the page language (one of en/ru/kk/ky) on the root element and
        preload hints for what the first drawn chart waits for (``dashboard.preload``)."""
        html = super().interpolate_index(*args, **kwargs)
        if not flask.has_request_context():
            return html
        lang = normalise_language(flask.request.args.get("lang"))
        html = html.replace("<html>", f'<html lang="{lang}">', 1)
        path_id = self.strip_relative_path(flask.request.path) or ""
        query = flask.request.args.to_dict()
        prefix = self.config.requests_pathname_prefix
        return with_preloads(html, kwargs.get("scripts", ""), path_id, query, prefix)


def create_server() -> flask.Flask:
    """The Flask server: gzip for HTML, JSON, CSS, JS and GeoJSON (via Dash ``compress``)."""
    server = flask.Flask("dashboard")
    server.config["COMPRESS_MIMETYPES"] = [
        "text/html",
        "text/css",
        "application/json",
        "application/javascript",
        "text/javascript",
        GEOJSON_MIMETYPE,
        "text/csv",  # the whole-dataset download (components/everything.py): ~20 MB -> ~0.5 MB
    ]
    # Browsers that accept zstd get it first (Flask-Compress's order); its default level 3 is
    # larger than gzip 6, level 9 is ~8 % smaller than gzip at about gzip's CPU cost
    # (plotly-atlas.min.js: 445 KB in ~60 ms; docs/PERFORMANCE.md).
    server.config["COMPRESS_ZSTD_LEVEL"] = 9
    configure_compression_cache(server)  # fingerprinted files: compressed once per process
    return server


def create_app(prepare: bool = True) -> Dash:
    """Build the app; ``prepare`` builds the boundary layers first (skip only in unit tests)."""
    if prepare:
        data.prepare_boundaries()
    server = create_server()
    app = AtlasDash(
        "dashboard",
        # Dash documents a server instance here but types it as bool | Callable[[], Any].
        server=server,  # type: ignore[arg-type]
        use_pages=True,
        pages_folder="",  # no folder scan: create_app imports PAGE_MODULES itself
        assets_folder=str(assets_dir()),
        # Bootstrap must load before our CSS; Dash loads assets sub-folders after top-level files,
        # so it is excluded from the automatic list and linked first as an external stylesheet.
        assets_ignore=r"^bootstrap\.min\.css$",
        compress=True,
        serve_locally=True,
        update_title="",  # falsy: the tab keeps its title while callbacks run (typed str)
        suppress_callback_exceptions=True,
        title="CAM Atlas",
        on_error=show_friendly_error,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    # With Dash's ``?m=<mtime>`` fingerprint, as its own asset links: cached for a year.
    mtime = (assets_dir() / BOOTSTRAP_CSS).stat().st_mtime
    app.config.external_stylesheets = [f"{app.get_asset_url(BOOTSTRAP_CSS)}?m={mtime}"]
    use_atlas_plotly(app)
    trim_scripts(app)  # AG Grid's bundle only where a grid is drawn; Dash's table: unused
    for module in PAGE_MODULES:
        importlib.import_module(module)
    from dashboard.shell import callbacks as _shell_callbacks  # noqa: F401  (registers callbacks)
    from dashboard.shell.first_page import app_layout, install_no_store

    app.layout = app_layout  # per request: the visited page already inside (shell/first_page.py)
    install_security_headers(server, app.csp_hashes)
    install_no_store(server, app.config.routes_pathname_prefix + "_dash-layout")
    init_cache(server)
    init_auth(server, app.config.routes_pathname_prefix)
    register_geo_route(server, app.config.requests_pathname_prefix)
    register_everything_route(server, app.config.requests_pathname_prefix)
    install_request_limits(app)
    allow_upload_bodies(app)  # the Import page's file callbacks only, up to the upload limit
    install_compressed_once(server)  # runs after the next line's handler (reverse order)
    install_asset_caching(server, app.config.requests_pathname_prefix + "assets/")
    run_first_request_setup(app)  # before gthread workers fork and race Dash's first-request setup
    return app


app = create_app()
server = app.server
