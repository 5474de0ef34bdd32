"""The page shell around every page: skip link, navbar with pages and language, status, footer.

The navbar lists every registered page that declares ``nav_key`` (an i18n key for its label) in
``dash.register_page``, ordered by ``order``. Texts are filled by ``dashboard.shell.callbacks``
from the ``lang`` query parameter, so the shell itself is static (built once per process).
"""

from __future__ import annotations

from collections.abc import Mapping

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component

from dashboard.common.aria import aria
from dashboard.i18n import DEFAULT_LANGUAGE, LANGUAGE_NAMES, LANGUAGES, t

LANG_STORE_ID = "lang-store"
LANG_SELECT_ID = "lang-select"
LANG_LOCATION_ID = "lang-location"
APP_STATUS_ID = "app-status"


def nav_pages() -> list[dict]:
    """Registered pages shown in the navbar (those with a ``nav_key``), in ``order``."""
    pages = [p for p in dash.page_registry.values() if p.get("nav_key")]
    return sorted(pages, key=lambda p: (p.get("order") is None, p.get("order") or 0, p["name"]))


def nav_link_id(module: str) -> dict:
    """Pattern-matching id of a page's navbar link."""
    return {"type": "nav-link", "page": module}


def navbar() -> dbc.Navbar:
    """Brand, page links and the language switcher (texts set per language by a callback)."""
    lang = DEFAULT_LANGUAGE
    links = [
        dbc.NavItem(
            dbc.NavLink(
                t(page["nav_key"], lang),
                id=nav_link_id(page["module"]),
                href=page["relative_path"],
                active="exact",
            )
        )
        for page in nav_pages()
    ]
    language = html.Label(
        [
            html.Span(t("common.language.label", lang), id="lang-label", className="me-2"),
            dbc.Select(
                id=LANG_SELECT_ID,
                options=[{"label": LANGUAGE_NAMES[c], "value": c} for c in LANGUAGES],
                value=lang,
                size="sm",
                style={"width": "auto"},
            ),
        ],
        className="d-flex align-items-center text-white mb-0",
    )
    return dbc.Navbar(
        dbc.Container(
            [
                dbc.NavbarBrand("CAM Atlas", href=dash.get_relative_path("/"), id="brand"),
                dbc.NavbarToggler(id="navbar-toggler"),
                dbc.Collapse(
                    [dbc.Nav(links, navbar=True, className="me-auto"), language],
                    id="navbar-collapse",
                    navbar=True,
                ),
            ],
            fluid=True,
        ),
        color="primary",
        dark=True,
        expand="lg",
        id="navbar",
    )


def footer() -> html.Footer:
    """Boundary attribution, disclaimer and the data-sources note (texts set by callback)."""
    from geodata.attribution import BOUNDARY_ATTRIBUTION

    return html.Footer(
        dbc.Container(
            [
                html.P(BOUNDARY_ATTRIBUTION, id="footer-attribution", className="mb-1"),
                html.P(id="footer-disclaimer", className="mb-1"),
                html.P(id="footer-sources", className="mb-0"),
            ],
            fluid=True,
        ),
        className="cam-footer small py-3 mt-4",
    )


def shell(container: Component | None = None, url: Mapping[str, str] | None = None) -> html.Div:
    """The app layout: every page renders inside Dash Pages' container (``dash.page_container``
    unless ``container``, a copy with the same ids, is given: ``dashboard.shell.first_page``);
    ``url``: ``dcc.Location`` props of the visited URL for the language switch's location."""
    return html.Div(
        [
            html.A(
                t("common.nav.skip", DEFAULT_LANGUAGE),
                href="#main",
                id="skip-link",
                className="visually-hidden-focusable cam-skip",
            ),
            dcc.Store(id=LANG_STORE_ID, data=DEFAULT_LANGUAGE),
            dcc.Location(id=LANG_LOCATION_ID, refresh="callback-nav", **(url or {})),
            dcc.Store(id="html-lang-sink"),
            navbar(),
            html.Main(
                dbc.Container(
                    [
                        html.Div(id=APP_STATUS_ID, role="status", **aria(live="polite")),
                        dash.page_container if container is None else container,
                    ],
                    fluid=True,
                    className="pt-3",
                ),
                id="main",
                tabIndex="-1",
            ),
            footer(),
        ]
    )
