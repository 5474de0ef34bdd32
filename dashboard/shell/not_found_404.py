"""The "page not found" page Dash pages shows for an unknown path (module name ``not_found_404``).

The server answers such paths with status 404 (``dashboard.limits``); this page tells the reader
in their language (``?lang=``) and links back to the map.
"""

from __future__ import annotations

import dash
from dash import html

from dashboard.i18n import normalise_language, t


def layout(**query: object) -> html.Div:
    """The message and a link home, in the URL's language."""
    value = query.get("lang")
    lang = normalise_language(value[0] if isinstance(value, list) and value else value)
    home = f"{dash.get_relative_path('/')}?lang={lang}"
    return html.Div(
        [
            html.H1(t("errors.not_found.title", lang), className="h3"),
            html.P(t("errors.not_found.text", lang)),
            html.A(t("errors.not_found.home", lang), href=home, className="btn btn-primary"),
        ],
        className="container py-4",
    )


dash.register_page(
    __name__, layout=layout, path="/not-found-404", title="Page not found · CAM Atlas", order=1000
)
