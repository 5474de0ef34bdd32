"""A CSV download of a page: its button, its ``dcc.Download`` and the callback sending the file.

The page keeps its own pattern-matching ids (``pid(name)`` for the ``dcc.Download``,
``pid(f"{name}-button")`` for the button), so the app's error handler shows a failure in the
page's status area, in the page language (``pid("lang")``). The file is made from the page's
URL query as stored in ``pid("query")``, i.e. from exactly what the page shows.
"""

from __future__ import annotations

from collections.abc import Callable

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc

#: ``name -> id`` of a part of a page (each page's ``pid``).
PartId = Callable[[str], dict]
#: ``(query, lang) -> (bytes, file name)``: the CSV file of the page's stored query.
CsvFile = Callable[[dict, str], tuple[bytes, str]]


def download_button(pid: PartId, name: str, label: str, class_name: str | None = "me-3") -> list:
    """The download button and its (invisible) ``dcc.Download``, to place in the page."""
    return [
        dbc.Button(
            label,
            id=pid(f"{name}-button"),
            color="primary",
            outline=True,
            size="sm",
            class_name=class_name,
        ),
        dcc.Download(id=pid(name)),
    ]


def register_csv_download(pid: PartId, name: str, csv_file: CsvFile) -> None:
    """The callback of :func:`download_button`: a click sends ``csv_file(query, lang)``."""

    @callback(
        output={"file": Output(pid(name), "data")},
        inputs={"n_clicks": Input(pid(f"{name}-button"), "n_clicks")},
        state={"query": State(pid("query"), "data"), "lang": State(pid("lang"), "data")},
        prevent_initial_call=True,
    )
    def send_csv(n_clicks: int | None, query: dict | None, lang: str) -> dict[str, object]:
        if not n_clicks or not query:
            return {"file": dash.no_update}
        data, filename = csv_file(query, lang)
        return {"file": dcc.send_bytes(data, filename, type="text/csv")}
