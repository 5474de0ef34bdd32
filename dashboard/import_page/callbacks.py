"""Callbacks of the Import page (``dashboard.import_page.page``) and its component ids.

- :func:`show_check`: a file dropped or chosen -> its problems, or the preview (map + table).
- :func:`redraw_preview`: another indicator/year chosen for the preview map.
- :func:`publish_state`: whether Publish may be pressed, and what is missing.
- :func:`publish`: the signed-in publisher stores the upload as a new dataset version.

The file's contents travel with every callback that needs them (the upload is kept only in the
browser); each callback validates them again, so no callback trusts what another one said.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html

from dashboard import auth
from dashboard.components.graph import atlas_graph
from dashboard.i18n import t
from dashboard.import_page import problems as problem_list
from dashboard.import_page import upload as uploads
from dashboard.import_page import view
from geodata.errors import UserFacingError

PAGE = "ImportPage"
AIO_ID = "main"
RESULT_ID = "import-result"  # string ids: assets/cam-import.js sets them with set_props
TOO_BIG_ID = "import-too-big"
CHECKED_ID = "import-checked"  # cleared by the script when it refuses a file


def pid(name: str) -> dict:
    """Pattern-matching id of one part of the page (errors show in its ``status``)."""
    return {"component": PAGE, "subcomponent": name, "aio_id": AIO_ID}


@callback(
    output={
        "result": Output(RESULT_ID, "children"),
        "checked": Output(CHECKED_ID, "data"),
        "too_big": Output(TOO_BIG_ID, "children", allow_duplicate=True),
    },
    inputs={"contents": Input(pid("upload"), "contents")},
    state={"file_name": State(pid("upload"), "filename"), "lang": State(pid("lang"), "data")},
    prevent_initial_call=True,
)
def show_check(contents: str | None, file_name: str | None, lang: str) -> dict:
    """The problems of the uploaded file, or its preview when it is valid."""
    if not contents:  # forgotten by the script after refusing a file: keep its message
        return {"result": None, "checked": None, "too_big": dash.no_update}
    checked = uploads.check(contents, file_name or "")
    if not checked.ok:
        return {
            "result": problems_card(checked, lang),
            "checked": {"ok": False, "file": checked.file_name},
            "too_big": None,
        }
    return {
        "result": preview_card(checked, lang),
        "checked": {"ok": True, "file": checked.file_name, "rows": len(checked.observations)},
        "too_big": None,
    }


@callback(
    output={"figure": Output(pid("preview-map"), "figure")},
    inputs={"choice": Input(pid("preview-choice"), "value")},
    state={
        "contents": State(pid("upload"), "contents"),
        "file_name": State(pid("upload"), "filename"),
        "lang": State(pid("lang"), "data"),
    },
    prevent_initial_call=True,
)
def redraw_preview(choice: str | None, contents: str | None, file_name: str | None, lang: str):
    """The preview map for another indicator/year of the same upload."""
    parsed = view.PreviewChoice.parse(choice or "")
    if parsed is None or not contents:
        return {"figure": dash.no_update}
    checked = uploads.check(contents, file_name or "")
    if not checked.ok:
        return {"figure": dash.no_update}
    prefix = dash.get_app().config.requests_pathname_prefix
    return {"figure": view.preview_map(checked.observations, parsed, lang, prefix)}


@callback(
    output={
        "disabled": Output(pid("publish"), "disabled"),
        "hint": Output(pid("publish-hint"), "children"),
    },
    inputs={"checked": Input(CHECKED_ID, "data"), "lang": Input(pid("lang"), "data")},
)
def publish_state(checked: dict | None, lang: str) -> dict:
    """Publish is enabled for a valid upload and a signed-in publisher; otherwise say why."""
    status = auth.publishing_status()
    if not status.enabled:
        return {"disabled": True, "hint": t("import.auth.disabled", lang)}
    if not (checked or {}).get("ok"):
        return {"disabled": True, "hint": t("import.publish.need_valid", lang)}
    if auth.current_publisher() is None:
        return {"disabled": True, "hint": t("import.publish.need_sign_in", lang)}
    return {"disabled": False, "hint": ""}


@callback(
    output={"published": Output(pid("published"), "children")},
    inputs={"clicks": Input(pid("publish"), "n_clicks")},
    state={
        "contents": State(pid("upload"), "contents"),
        "file_name": State(pid("upload"), "filename"),
        "name": State(pid("name"), "value"),
        "title": State(pid("title"), "value"),
        "lang": State(pid("lang"), "data"),
    },
    prevent_initial_call=True,
)
def publish(
    clicks: int | None,
    contents: str | None,
    file_name: str | None,
    name: str | None,
    title: str | None,
    lang: str,
) -> dict:
    """Store the upload as the next version of ``name`` (signed-in publisher, valid CSRF)."""
    if not clicks:
        return {"published": dash.no_update}
    try:
        publisher = auth.require_publisher()
        if not contents:
            return {"published": _refused(t("import.publish.need_valid", lang), lang)}
        manifest = uploads.publish(
            contents, file_name or "", (name or "").strip(), title or "", publisher
        )
    except UserFacingError as err:
        return {
            "published": _refused(problem_list.refusal_reason(err, file_name or "", lang), lang)
        }
    link = dash.get_relative_path("/") + f"?dataset={manifest.name}&lang={lang}"
    done = t(
        "import.publish.done",
        lang,
        name=manifest.name,
        version=manifest.version,
        rows=manifest.rows,
        publisher=publisher,
    )
    return {
        "published": dbc.Alert(
            [html.Span(done + " "), html.A(t("import.publish.open_map", lang), href=link)],
            color="success",
            class_name="mb-0",
        )
    }


# --- what the result area shows ---------------------------------------------------------------


def _refused(reason: str, lang: str) -> dbc.Alert:
    """Why nothing was published."""
    text = t("import.publish.refused", lang, reason=reason[:400])
    return dbc.Alert(text, color="danger", class_name="mb-0")


def problems_card(checked: uploads.UploadCheck, lang: str) -> dbc.Alert:
    """Every problem (up to ``problem_list.MAX_PROBLEMS_SHOWN``) with row, column, text and fix,
    in the page language."""
    rows = problem_list.problem_rows(checked.problems, lang)
    count = len(checked.problems)
    header = html.Thead(
        html.Tr(
            [
                html.Th(t(f"import.problems.{c}", lang), scope="col")
                for c in ("row", "column", "problem", "fix")
            ]
        )
    )
    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Td(r.row),
                    html.Td(html.Code(r.column)),
                    html.Td(r.problem, title=r.message),
                    html.Td(r.fix),
                ]
            )
            for r in rows
        ]
    )
    more = count - len(rows)
    return dbc.Alert(
        [
            html.H2(
                t("import.problems.heading", lang, count=count, name=checked.file_name),
                className="h6 mb-2",
            ),
            html.Div(
                html.Table([header, body], className="table table-sm mb-1 cam-import-problems"),
                className="table-responsive",
            ),
            html.P(t("import.problems.more", lang, count=more), className="small mb-1")
            if more > 0
            else None,
            html.P(t("import.problems.note", lang), className="small text-muted mb-0"),
        ],
        color="danger",
        class_name="mb-3 cam-import-refused",
        id=pid("problems"),
    )


def preview_card(checked: uploads.UploadCheck, lang: str) -> html.Div:
    """The valid table on the map (one choice at a time) and its first rows."""
    counts = view.summary(checked.observations)
    choices = view.preview_choices(checked.observations)
    prefix = dash.get_app().config.requests_pathname_prefix
    parts: list = [
        dbc.Alert(
            [
                html.Span(t("import.valid", lang, name=checked.file_name, **counts)),
                html.Strong(" " + t("import.synthetic", lang)) if checked.synthetic else None,
            ],
            color="success",
            class_name="mb-3 cam-import-valid",
            id=pid("valid"),
        ),
        html.H2(t("import.preview.heading", lang), className="h5"),
    ]
    if choices:
        first = choices[0]
        parts += [
            html.Label(
                [
                    html.Span(
                        t("import.preview.map_label", lang), className="form-label d-block mb-1"
                    ),
                    dcc.Dropdown(
                        id=pid("preview-choice"),
                        options=[
                            {"label": view.choice_label(c, lang), "value": c.value} for c in choices
                        ],
                        value=first.value,
                        clearable=False,
                    ),
                ],
                className="d-block mb-2 cam-import-choice",
            ),
            atlas_graph(
                pid("preview-map"),
                lang,
                view.preview_map(checked.observations, first, lang, prefix),
            ),
        ]
    else:
        parts.append(dbc.Alert(t("import.preview.none", lang), color="info"))
    rows = view.preview_rows(checked.observations, lang)
    parts += [
        html.H3(t("import.preview.rows", lang, count=len(rows)), className="h6 mt-3"),
        html.Div(
            html.Table(
                [
                    html.Thead(
                        html.Tr(
                            [
                                html.Th(t(f"import.col.{c}", lang), scope="col")
                                for c in view.PREVIEW_COLUMNS
                            ]
                        )
                    ),
                    html.Tbody(
                        [html.Tr([html.Td(r[c]) for c in view.PREVIEW_COLUMNS]) for r in rows]
                    ),
                ],
                className="table table-sm table-striped mb-0 cam-import-preview",
            ),
            className="table-responsive cam-import-preview-wrap mb-3",
        ),
    ]
    return html.Div(parts, id=pid("preview"))
