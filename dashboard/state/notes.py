"""The text of a URL note: which value of the link was not used and what is shown instead."""

from __future__ import annotations

from dashboard.i18n import t
from dashboard.state.model import Note


def note_text(note: Note, lang: str, used: str | None = None) -> str:
    """E.g. "The link has an invalid year (“abc”); showing the latest year with data instead."

    ``used`` overrides ``note.used`` (a label instead of an id); an empty value reads as
    "nothing (removed)" (a dropped area code, say).
    """
    shown = note.used if used is None else used
    return t(
        "common.url.bad_value",
        lang,
        name=note.key,
        value=note.given,
        used=shown or t("common.url.nothing", lang),
    )
