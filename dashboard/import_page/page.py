"""The Import page (``/import``): a program officer's table checked, previewed and published.

Anyone may drop or choose a CSV/XLSX (the template or a BNS table as published) and see every
problem with its row, column and a fix (``dashboard.import_page.view``), or a valid table on the
map and in a table. The upload stays in that person's browser (``dcc.Upload``), so no one else
can see it and nothing is stored. Publishing needs a signed-in publisher (``dashboard.auth``);
without ``CAM_ATLAS_SECRET_KEY`` the page says that publishing is disabled and how to enable it.
A file over the size limit is refused in the browser before it is sent (``assets/cam-import.js``)
and, should it be sent anyway, by the server (``dashboard.import_page.limits``).
"""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import auth
from dashboard.components.map_card import dom_id
from dashboard.errors import safe_layout
from dashboard.i18n import normalise_language, t
from dashboard.import_page.callbacks import CHECKED_ID, RESULT_ID, TOO_BIG_ID, pid
from dashboard.import_page.upload import SUFFIXES, max_upload_bytes

NAME_PATTERN = "[a-z0-9][a-z0-9_\\-]{0,63}"


@safe_layout
def layout(**query: object) -> html.Div:
    """The page in the URL's language (other query keys are ignored)."""
    value = query.get("lang")
    lang = normalise_language(value[0] if isinstance(value, list) and value else value)
    return html.Div(
        [
            dcc.Store(id=pid("lang"), data=lang),
            html.H1(t("import.heading", lang), className="h3 mb-2"),
            html.P(t("import.intro", lang), className="cam-lead mb-2"),
            html.P(_templates(lang), className="small mb-3"),
            account_panel(lang),
            html.Div(id=pid("status"), role="status", **_attrs({"aria-live": "polite"})),
            upload_area(lang),
            html.Div(
                id=TOO_BIG_ID,
                role="alert",
                className="alert alert-danger cam-import-too-big",
                **_attrs({"aria-live": "assertive"}),
            ),
            dcc.Store(id=CHECKED_ID),
            dcc.Loading(html.Div(id=RESULT_ID), type="circle", delay_show=300),
            publish_panel(lang),
        ],
        lang=lang,
        className="cam-import",
    )


def _attrs(values: dict[str, str]) -> dict[str, Any]:
    """``data-*``/``aria-*`` attributes for an html component (Dash types them loosely)."""
    return dict(values)


def _templates(lang: str) -> list:
    """ "Templates: CSV · XLSX · column guide" with the three links."""
    links = {
        "csv": html.A(
            "CSV", href=dash.get_asset_url("templates/cam_atlas_template.csv"), download=""
        ),
        "xlsx": html.A(
            "XLSX", href=dash.get_asset_url("templates/cam_atlas_template.xlsx"), download=""
        ),
        "guide": html.A(
            t("import.templates.guide", lang),
            href=dash.get_relative_path("/about") + f"?lang={lang}#import",
        ),
    }
    text = t(
        "import.templates", lang, csv="\x00csv\x00", xlsx="\x00xlsx\x00", guide="\x00guide\x00"
    )
    parts: list = []
    for i, piece in enumerate(text.split("\x00")):
        parts.append(links[piece] if i % 2 else piece)
    return parts


def account_panel(lang: str) -> dbc.Alert:
    """Who may publish here: disabled (and how to enable), signed in as NAME, or a sign-in link."""
    status = auth.publishing_status()
    if not status.enabled:
        key = "import.auth.disabled" if not auth.secret_key() else "import.auth.no_users"
        return dbc.Alert(t(key, lang), color="secondary", id=pid("account"), class_name="mb-3")
    who = auth.current_publisher()
    here = dash.get_relative_path("/import") + f"?lang={lang}"
    if who:
        sign_out = html.Form(
            [
                dcc.Input(type="hidden", name="csrf_token", value=_csrf_token()),
                html.Button(
                    t("import.auth.sign_out", lang),
                    type="submit",
                    className="btn btn-sm btn-outline-secondary ms-2",
                ),
            ],
            method="post",
            action=dash.get_relative_path("/auth/sign-out"),
            className="d-inline",
        )
        body = [html.Span(t("import.auth.signed_in", lang, name=who)), sign_out]
        return dbc.Alert(body, color="success", id=pid("account"), class_name="mb-3 py-2")
    sign_in = html.A(
        t("import.auth.sign_in", lang),
        href=dash.get_relative_path("/auth/sign-in") + "?next=" + _quote(here),
        className="btn btn-sm btn-primary ms-2",
        id=pid("sign-in"),
    )
    body = [html.Span(t("import.auth.signed_out", lang)), sign_in]
    return dbc.Alert(body, color="light", id=pid("account"), class_name="mb-3 py-2 border")


def _csrf_token() -> str:
    from flask_wtf.csrf import generate_csrf

    return str(generate_csrf())


def _quote(path: str) -> str:
    from urllib.parse import quote

    return quote(path, safe="/")


def upload_area(lang: str) -> html.Div:
    """The drop zone; the browser refuses files over the limit before reading them (the
    ``data-*`` attributes feed ``assets/cam-import.js``)."""
    limit = max_upload_bytes()
    mb = f"{limit / 1_000_000:g}"
    upload = dcc.Upload(
        html.Div(
            [
                html.Span(t("import.upload.prompt", lang) + " "),
                html.Span(t("import.upload.choose", lang), className="cam-import-choose"),
                html.Div(
                    f"CSV · XLSX · {t('import.upload.limit', lang, mb=mb)}",
                    className="small text-muted mt-1",
                ),
            ]
        ),
        id=pid("upload"),
        accept=",".join(SUFFIXES),
        max_size=limit,
        multiple=False,
        className="cam-import-drop",
        className_active="cam-import-drop-active",
    )
    return html.Div(
        upload,
        className="cam-import-zone mb-3",
        **_attrs(
            {
                "data-max-bytes": str(limit),
                "data-too-big": t(
                    "import.upload.too_big", lang, name="{name}", size="{size}", mb=mb
                ),
            }
        ),
    )


def publish_panel(lang: str) -> dbc.Card:
    """Dataset name, optional title, the Publish button and its outcome."""
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2(t("import.publish.heading", lang), className="h5"),
                dbc.Row(
                    [
                        dbc.Col(
                            [
                                dbc.Label(
                                    t("import.publish.name", lang), html_for=dom_id(pid("name"))
                                ),
                                dbc.Input(
                                    id=pid("name"),
                                    pattern=NAME_PATTERN,
                                    maxLength=64,
                                    placeholder="batken-register",
                                    autoComplete="off",
                                ),
                                dbc.FormText(t("import.publish.name_help", lang)),
                            ],
                            md=5,
                        ),
                        dbc.Col(
                            [
                                dbc.Label(
                                    t("import.publish.title", lang), html_for=dom_id(pid("title"))
                                ),
                                dbc.Input(id=pid("title"), maxLength=200),
                            ],
                            md=5,
                        ),
                        dbc.Col(
                            dbc.Button(
                                t("import.publish.button", lang),
                                id=pid("publish"),
                                color="primary",
                                disabled=True,
                                class_name="w-100",
                            ),
                            md=2,
                            class_name="d-flex align-items-center",
                        ),
                    ],
                    className="g-2",
                ),
                html.Div(id=pid("publish-hint"), className="small text-muted mt-2"),
                html.Div(id=pid("published"), className="mt-2", role="status"),
            ]
        ),
        class_name="mb-3",
        id=pid("publish-card"),
    )


dash.register_page(
    __name__,
    layout=layout,
    path="/import",
    name="Import",
    title="Import a table · CAM Atlas",
    order=60,
    nav_key="import.nav",
    description="Check a CSV or Excel table in the browser, preview it and publish it.",
)
