"""Callbacks of the page shell: language from the URL, navbar and footer texts, switching language.

The language lives in the URL (``?lang=ru``). :func:`shell_texts` reads it from Dash's page
location and fills the shell's texts, the language select and ``lang-store`` (which other pages'
callbacks may read as ``State``). Choosing another language (clientside ``cam.switchLanguage``)
pushes the same URL with another ``lang`` (other parameters kept): Dash Pages then renders the
page again in that language, without a full reload.
"""

from __future__ import annotations

import dash
from dash import ALL, ClientsideFunction, Input, Output, State, callback, clientside_callback, html

from dashboard.i18n import normalise_language, t
from dashboard.shell.first_page import LOCATION_ID
from dashboard.shell.layout import LANG_LOCATION_ID, LANG_SELECT_ID, LANG_STORE_ID, nav_pages
from dashboard.state.links import query_string, shared

PAGE_LOCATION = LOCATION_ID  # dcc.Location inside Dash Pages' container


def language_from_search(search: str | None) -> str:
    """The ``lang`` query parameter of a URL query string, normalised (English by default)."""
    from urllib.parse import parse_qs

    values = parse_qs((search or "").lstrip("?")).get("lang", [""])
    return normalise_language(values[0])


# Query keys the navbar links carry (docs/ARCHITECTURE.md, shared filter): a program officer's
# filter, the dataset and the language travel from page to page. Year and indicator are carried
# by the pages' own links only, where the target page reads them the same way.
NAV_QUERY_KEYS: tuple[str, ...] = ("lang", "country", "level", "region", "areas", "dataset")


def shared_query(search: str | None, lang: str) -> str:
    """The query string (``?lang=ru&country=KGZ…``) that the navbar links carry: the shared
    filter keys of the current URL, with the language normalised."""
    from urllib.parse import parse_qs

    current = {k: (v or [""])[0].strip() for k, v in parse_qs((search or "").lstrip("?")).items()}
    return query_string({"lang": lang, **shared(current, NAV_QUERY_KEYS[1:])})


def sources_link(lang: str) -> list:
    """The footer's sources line: a link to the page listing sources when one is registered
    (``register_page(..., sources_anchor="sources")``), otherwise a note."""
    for page in dash.page_registry.values():
        if page.get("sources_anchor"):
            href = f"{page['relative_path']}?lang={lang}#{page['sources_anchor']}"
            return [html.A(t("common.footer.sources", lang), href=href)]
    return [t("common.footer.sources_note", lang)]


@callback(
    output={
        "nav_texts": Output({"type": "nav-link", "page": ALL}, "children"),
        "nav_hrefs": Output({"type": "nav-link", "page": ALL}, "href"),
        "lang_select": Output(LANG_SELECT_ID, "value"),
        "lang_store": Output(LANG_STORE_ID, "data"),
        "lang_label": Output("lang-label", "children"),
        "skip": Output("skip-link", "children"),
        "attribution": Output("footer-attribution", "children"),
        "disclaimer": Output("footer-disclaimer", "children"),
        "sources": Output("footer-sources", "children"),
    },
    inputs={"search": Input(PAGE_LOCATION, "search")},
)
def shell_texts(search: str | None) -> dict[str, object]:
    """All shell texts in the URL's language; nav links keep the language and shared filter."""
    lang = language_from_search(search)
    pages = nav_pages()
    query = shared_query(search, lang)
    return {
        "nav_texts": [t(p["nav_key"], lang) for p in pages],
        "nav_hrefs": [f"{p['relative_path']}{query}" for p in pages],
        "lang_select": lang,
        "lang_store": lang,
        "lang_label": t("common.language.label", lang),
        "skip": t("common.nav.skip", lang),
        "attribution": t("common.footer.attribution", lang),
        "disclaimer": t("common.footer.disclaimer", lang),
        "sources": sources_link(lang),
    }


# Through a second Location (``callback-nav``) rather than Dash's page location itself: the
# history change still re-renders the page, but the router is not chained to this callback
# (such a chain made the renderer call Dash's page-title callback without data).
clientside_callback(
    ClientsideFunction(namespace="cam", function_name="switchLanguage"),
    Output(LANG_LOCATION_ID, "search"),
    Input(LANG_SELECT_ID, "value"),
    prevent_initial_call=True,
)

clientside_callback(
    ClientsideFunction(namespace="cam", function_name="setDocumentLanguage"),
    Output("html-lang-sink", "data"),
    Input(LANG_STORE_ID, "data"),
)

clientside_callback(
    ClientsideFunction(namespace="cam", function_name="toggleNavbar"),
    Output("navbar-collapse", "is_open"),
    Input("navbar-toggler", "n_clicks"),
    State("navbar-collapse", "is_open"),
    prevent_initial_call=True,
)
