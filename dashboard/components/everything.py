"""``EverythingDownload``: one link that downloads every observation of a dataset (CSV).

The file is ``indicators.export_all.all_observations`` written by ``export_all.write_csv``, the
same code as ``cam-atlas export --all --format csv``: observations and breakdowns, one row per
value, with the ``implausible`` flag and the source's publisher, title, date, URL, licence and
tier. It ignores the page's filters (that is what the other download buttons are for).

It is served by a plain route, ``<prefix>downloads/all/<dataset>.csv`` (:func:`register_route`),
not through a callback: the default dataset is ~20 MB of CSV (~0.5 MB gzipped) that a callback
would have to base64 into JSON. The bytes are cached per dataset version, so a repeated request
costs a lookup (``ETag`` = the version). A SYNTHETIC dataset's file name starts with
``SYNTHETIC_`` and every row has status ``synthetic``.

The link follows the dataset of a ``DownloadsAIO`` with the same ``aio_id`` (its ``selection``
store), so it sits in that component's card and needs no page callback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import dash
import dash_bootstrap_components as dbc
import flask
from dash import MATCH, Input, Output, State, callback, html
from flask import Response, abort, request
from flask.typing import ResponseReturnValue

from dashboard.components.downloads import DownloadsAIO
from dashboard.i18n import t

ROUTE = "downloads/all/"
_FILENAME = re.compile(r"([a-z0-9][a-z0-9_-]{0,63})\.csv")
"""``<dataset>.csv``: a dataset name (``indicators.store`` names, full match)."""


@dataclass(frozen=True)
class EverythingFile:
    """The CSV of a whole dataset: the name to save it as, its bytes and the dataset version."""

    filename: str
    content: bytes
    version: str
    rows: int


@lru_cache(maxsize=4)
def _everything(name: str, version: str) -> EverythingFile:
    """The file of one dataset version (cached: building it takes ~2 s for the default)."""
    from indicators.dataset import load_dataset
    from indicators.export_all import all_observations, write_csv

    dataset = load_dataset(name)
    table = all_observations(dataset)
    filename = f"cam-atlas_{name}_all-observations.csv"
    if dataset.synthetic:
        filename = "SYNTHETIC_" + filename
    return EverythingFile(filename, write_csv(table), version, len(table))


def everything_file(name: str) -> EverythingFile:
    """Every observation of dataset ``name`` with provenance columns, as CSV bytes.

    Raises ``indicators.dataset.UnknownDatasetError`` for a name that is no dataset."""
    from indicators.dataset import load_dataset

    return _everything(name, load_dataset(name).version)


def url(name: str, prefix: str = "/") -> str:
    """The link of dataset ``name``'s file; ``prefix`` is the app's ``requests_pathname_prefix``."""
    return f"{prefix}{ROUTE}{name}.csv"


def register_route(server: flask.Flask, prefix: str = "/") -> None:
    """Serve :func:`everything_file` at ``<prefix>downloads/all/<dataset>.csv`` (404 for an
    unknown or malformed name), as an attachment with the dataset version as ETag."""
    from indicators.dataset import UnknownDatasetError

    @server.route(f"{prefix}{ROUTE}<filename>")
    def everything_csv(filename: str) -> ResponseReturnValue:
        match = _FILENAME.fullmatch(filename)
        if not match:
            abort(404)
        try:
            made = everything_file(match[1])
        except UnknownDatasetError:
            abort(404)
        response = Response(made.content, mimetype="text/csv")
        response.headers["Content-Disposition"] = f'attachment; filename="{made.filename}"'
        response.headers["Cache-Control"] = "no-cache"  # revalidate: a new version may appear
        response.set_etag(made.version)
        return response.make_conditional(request)


class EverythingDownload(html.Div):
    """The "every observation (CSV)" link and a line saying what it holds."""

    class ids:
        """Pattern-matching ids (``aio_id`` = the ``DownloadsAIO`` whose dataset it follows)."""

        link = staticmethod(lambda aio_id: _id("link", aio_id))
        lang = staticmethod(lambda aio_id: _id("lang", aio_id))

    def __init__(self, aio_id: str, dataset: str, lang: str) -> None:
        """``dataset``: the name shown first (the ``DownloadsAIO`` selection then drives it)."""
        super().__init__(
            [
                dbc.Button(
                    t("downloads.everything.button", lang),
                    id=self.ids.link(aio_id),
                    href=url(dataset, dash.get_app().config.requests_pathname_prefix),
                    external_link=True,  # a file, not a page of the app
                    download="",
                    color="primary",
                    outline=True,
                    size="sm",
                    className="me-2 mb-2",
                ),
                html.P(t("downloads.everything.help", lang), className="small text-muted mb-0"),
                dash.dcc.Store(id=self.ids.lang(aio_id), data=lang),
            ],
            className="cam-everything mt-2 pt-2 border-top",
        )


def _id(subcomponent: str, aio_id: object) -> dict:
    return {"component": "EverythingDownload", "subcomponent": subcomponent, "aio_id": aio_id}


@callback(
    output={
        "href": Output(EverythingDownload.ids.link(MATCH), "href"),
        "text": Output(EverythingDownload.ids.link(MATCH), "children"),
    },
    inputs={"selection": Input(DownloadsAIO.ids.selection(MATCH), "data")},
    state={"lang": State(EverythingDownload.ids.lang(MATCH), "data")},
)
def follow_dataset(selection: dict | None, lang: str) -> dict[str, str]:
    """Point the link at the selected dataset (the filters do not apply to it)."""
    from indicators.dataset import UnknownDatasetError, load_dataset

    name = str((selection or {}).get("dataset") or "default")
    try:
        synthetic = bool(load_dataset(name).synthetic)  # cached
    except UnknownDatasetError:
        name, synthetic = "default", False
    key = "button_synthetic" if synthetic else "button"
    prefix = dash.get_app().config.requests_pathname_prefix
    return {"href": url(name, prefix), "text": t(f"downloads.everything.{key}", lang)}
