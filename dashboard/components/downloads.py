"""``DownloadsAIO``: CSV, XLSX, GeoJSON and ZIP buttons for a selection (reusable on any page).

A page puts the shared filter of what it shows (URL query values, ``dashboard.data_page.state``:
``dataset, country, level, region, areas, indicator, year, lang``) into the component's
``selection`` store; the buttons then download exactly that, with every figure's source
(``dashboard.data_page.files`` -> ``indicators.export``). Given a graph id, it also offers the
chart as PNG and SVG (plotly.js ``downloadImage`` in the browser; nothing is rendered on the
server).

IDs are pattern-matching dicts ``{"component": "DownloadsAIO", "subcomponent": ..., "aio_id":
...}`` (:class:`DownloadsAIO.ids`); the callbacks below serve every instance with ``MATCH``
and are registered when this module is imported. Errors go to the component's own status area
(``dashboard.errors``).
"""

from __future__ import annotations

import json

import dash_bootstrap_components as dbc
from dash import (
    ALL,
    MATCH,
    ClientsideFunction,
    Input,
    Output,
    State,
    callback,
    clientside_callback,
    ctx,
    dcc,
    html,
)
from dash.exceptions import PreventUpdate

from dashboard.common.aria import aria
from dashboard.data_page import files as download_files
from dashboard.i18n import t

COMPONENT = "DownloadsAIO"
IMAGE_FORMATS: tuple[str, ...] = ("png", "svg")


def _id(subcomponent: str, aio_id: object, **extra: object) -> dict:
    return {"component": COMPONENT, "subcomponent": subcomponent, "aio_id": aio_id, **extra}


def dom_id(component_id: dict | str) -> str:
    """The DOM ``id`` Dash gives a (dict) component id: sorted keys, compact JSON."""
    if isinstance(component_id, str):
        return component_id
    return json.dumps(component_id, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class DownloadsAIO(html.Section):
    """Download buttons for one selection; see the module docstring."""

    class ids:
        """Pattern-matching IDs of the component's parts (``aio_id`` may be ``MATCH``)."""

        @staticmethod
        def button(aio_id: object, fmt: object) -> dict:
            """The button of one file format (``download_files.FORMATS``; may be ``ALL``)."""
            return _id("button", aio_id, format=fmt)

        @staticmethod
        def image(aio_id: object, fmt: str) -> dict:
            """The chart-image button of ``png`` or ``svg``."""
            return _id(f"image-{fmt}", aio_id)

        selection = staticmethod(lambda aio_id: _id("selection", aio_id))
        download = staticmethod(lambda aio_id: _id("download", aio_id))
        note = staticmethod(lambda aio_id: _id("note", aio_id))
        status = staticmethod(lambda aio_id: _id("status", aio_id))
        lang = staticmethod(lambda aio_id: _id("lang", aio_id))
        graph = staticmethod(lambda aio_id: _id("graph", aio_id))

    def __init__(
        self,
        aio_id: str,
        lang: str,
        selection: dict | None = None,
        graph_id: dict | str | None = None,
        image_name: str = "cam-atlas-chart",
        heading: bool = True,
    ) -> None:
        """``selection``: the initial shared-filter query values (a page callback may update
        ``ids.selection(aio_id)``); ``graph_id``: a ``dcc.Graph`` whose image can be saved
        (file name ``image_name``.png/.svg); ``heading``: show the component's heading."""
        files = [
            dbc.Button(
                t(f"data.downloads.{fmt}", lang),
                id=self.ids.button(aio_id, fmt),
                color="primary",
                outline=fmt != "xlsx",
                size="sm",
                className="me-2 mb-2",
                n_clicks=0,
            )
            for fmt in download_files.FORMATS
        ]
        images = [
            dbc.Button(
                t(f"data.downloads.{fmt}", lang),
                id=self.ids.image(aio_id, fmt),
                color="secondary",
                outline=True,
                size="sm",
                className="me-2 mb-2",
                n_clicks=0,
            )
            for fmt in (IMAGE_FORMATS if graph_id is not None else ())
        ]
        title = t("data.downloads.heading", lang)
        super().__init__(
            className="cam-downloads",
            **aria(label=title),
            children=[
                html.H2(title, className="h6 mb-2") if heading else None,
                html.Div(id=self.ids.status(aio_id), role="status", **aria(live="polite")),
                html.Div(files + images, className="d-flex flex-wrap"),
                dcc.Loading(dcc.Download(id=self.ids.download(aio_id)), type="dot", delay_show=300),
                html.P(id=self.ids.note(aio_id), className="small mb-1"),
                html.P(t("data.downloads.help", lang), className="small text-muted mb-0"),
                dcc.Store(id=self.ids.selection(aio_id), data=selection),
                dcc.Store(id=self.ids.lang(aio_id), data=lang),
                dcc.Store(
                    id=self.ids.graph(aio_id),
                    data={"dom_id": dom_id(graph_id), "filename": image_name}
                    if graph_id is not None
                    else None,
                ),
            ],
        )


ids = DownloadsAIO.ids


@callback(
    output={
        "disabled": Output(ids.button(MATCH, ALL), "disabled"),
        "note": Output(ids.note(MATCH), "children"),
    },
    inputs={"selection": Input(ids.selection(MATCH), "data")},
    state={"lang": State(ids.lang(MATCH), "data")},
)
def show_availability(selection: dict | None, lang: str) -> dict[str, object]:
    """Enable the formats that make sense for the selection and say how much it holds."""
    if not selection:
        raise PreventUpdate
    found = download_files.availability({**selection, "lang": lang})
    disabled = [not found.enabled[fmt] for fmt in download_files.FORMATS]
    return {"disabled": disabled, "note": " ".join(found.notes)}


@callback(
    output={
        "download": Output(ids.download(MATCH), "data"),
        "status": Output(ids.status(MATCH), "children"),
    },
    inputs={"clicks": Input(ids.button(MATCH, ALL), "n_clicks")},
    state={
        "selection": State(ids.selection(MATCH), "data"),
        "lang": State(ids.lang(MATCH), "data"),
    },
    prevent_initial_call=True,
)
def send_file(clicks: list[int | None], selection: dict | None, lang: str) -> dict[str, object]:
    """Build the clicked format's file for the selection and send it."""
    trigger = ctx.triggered_id
    if not trigger or not any(clicks or []):
        raise PreventUpdate
    made = download_files.make({**(selection or {}), "lang": lang}, trigger["format"])
    return {
        "download": dcc.send_bytes(made.content, made.filename, type=made.mimetype),
        "status": None,
    }


# Chart images are made by plotly.js in the browser (assets/cam-data.js; works offline).
for _fmt, _function in (("png", "savePng"), ("svg", "saveSvg")):
    clientside_callback(
        ClientsideFunction(namespace="camData", function_name=_function),
        Output(ids.image(MATCH, _fmt), "title"),
        Input(ids.image(MATCH, _fmt), "n_clicks"),
        State(ids.graph(MATCH), "data"),
        prevent_initial_call=True,
    )
