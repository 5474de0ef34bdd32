"""Callback errors become a friendly message; the rest of the page keeps working.

``show_friendly_error`` is the app-wide ``on_error`` handler: Dash calls it instead of failing the
request, every output of the failed callback stays unchanged, and the message appears in the
status area of the All-in-One component that owns the callback's outputs (any pattern-matching
id with ``component`` and ``aio_id`` keys gets ``{"subcomponent": "status"}``), or in the
app-wide ``app-status`` area otherwise.

A ``UserFacingError`` shows its own message (it names what was wrong); anything else is logged
with its traceback on the server and shown as a generic apology, never as a traceback.
Callbacks that can fail should take the page language as a ``State`` of an id whose
``subcomponent`` (or id) is ``lang`` so the apology is in the right language.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

import dash_bootstrap_components as dbc
from dash import ctx, html, set_props

from dashboard.i18n import normalise_language, t
from geodata.errors import UserFacingError

log = logging.getLogger("dashboard.callbacks")
APP_STATUS_ID = "app-status"


def _callback_ids() -> list[object]:
    """IDs of the running callback's outputs, inputs and states (flattened)."""
    found: list[object] = []
    for group in (ctx.outputs_list, ctx.inputs_list, ctx.states_list):
        stack = list(group) if isinstance(group, list) else [group]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict) and "id" in item:
                found.append(item)
    return found


def _language(items: list) -> str:
    """The page language from a ``lang`` input or state of the callback (English otherwise)."""
    for item in items:
        cid = item["id"]
        name = cid.get("subcomponent") if isinstance(cid, dict) else cid
        if name in ("lang", "lang-store") and item.get("value"):
            return normalise_language(item["value"])
    return "en"


def _status_target(items: list) -> str | dict:
    """The status area next to the failed callback's outputs."""
    for item in items:
        cid = item["id"]
        if isinstance(cid, dict) and "component" in cid and "aio_id" in cid:
            return {
                "component": cid["component"],
                "subcomponent": "status",
                "aio_id": cid["aio_id"],
            }
    return APP_STATUS_ID


def friendly_alert(message: str, lang: str, is_user_error: bool) -> dbc.Alert:
    """The alert shown for a failed update (plain text only)."""
    return dbc.Alert(
        [html.Strong(t("common.error.title", lang) + ". "), html.Span(message)],
        color="warning" if is_user_error else "danger",
        dismissable=True,
        class_name="mb-2",
    )


def show_friendly_error(err: Exception) -> None:
    """Dash ``on_error`` handler (see module docstring). Returns None: outputs stay unchanged."""
    items = _callback_ids()
    lang = _language(items)
    user_error = isinstance(err, UserFacingError)
    if user_error:
        message = str(err)
        log.info("callback refused input: %s", err)
    else:
        message = t("common.error.generic", lang)
        log.exception("callback failed", exc_info=err)
    set_props(_status_target(items), {"children": friendly_alert(message, lang, user_error)})


def safe_layout(layout: Callable[..., object]) -> Callable[..., object]:
    """Decorate a page's ``layout(**query)`` so a failure renders a friendly alert instead of
    breaking navigation (the shell and other pages keep working)."""

    @functools.wraps(layout)
    def wrapper(**query: object) -> object:
        try:
            return layout(**query)
        except Exception as err:
            return layout_error_alert(err, normalise_language(query.get("lang")))

    return wrapper


def layout_error_alert(err: Exception, lang: str) -> dbc.Alert:
    """The friendly alert for an error raised while building a layout (logged unless it is a
    ``UserFacingError``, whose own message is shown)."""
    user_error = isinstance(err, UserFacingError)
    if user_error:
        message = str(err)
    else:
        message = t("common.error.generic", lang)
        log.exception("page layout failed", exc_info=err)
    return friendly_alert(message, lang, user_error)
