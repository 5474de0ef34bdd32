"""The one way to make a ``dcc.Graph`` in CAM Atlas: offline topojson, language locale, modebar.

Every graph must be created with :func:`atlas_graph` (or get :func:`graph_config`): plotly.js
otherwise fetches its base-map topology from ``cdn.plot.ly`` even for GeoJSON choropleths, and
number formats would not follow the UI language.
"""

from __future__ import annotations

from dash import dcc, get_asset_url

from dashboard.i18n.plotly_locales import graph_locale_config


def graph_config(lang: str, filename: str = "cam-atlas") -> dcc.Graph.Config:
    """``dcc.Graph(config=...)`` for ``lang``: local topojson, Plotly locale, a lean modebar."""
    return {
        "topojsonURL": get_asset_url("topojson/"),
        **graph_locale_config(lang),
        "displaylogo": False,
        "scrollZoom": False,
        # sendChartToCloud would upload the chart to Plotly Cloud: never offered here.
        "modeBarButtonsToRemove": ["select2d", "lasso2d", "sendChartToCloud"],
        "showSendToCloud": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        "responsive": True,
    }


def atlas_graph(graph_id: str | dict, lang: str, figure: object, filename: str = "cam-atlas"):
    """A ``dcc.Graph`` configured for CAM Atlas (see module docstring)."""
    return dcc.Graph(
        id=graph_id,
        figure=figure,
        config=graph_config(lang, filename),
        className="cam-graph",
    )
