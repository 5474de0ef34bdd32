"""Serve the atlas's own plotly.js bundle instead of Dash's full ``plotly.min.js``.

``assets/vendor/plotly-atlas.min.js`` holds plotly.js core plus the scatter, bar and choropleth
traces only (``tools/build_plotly_bundle.sh``; about a third of the full bundle). Dash loads it
as an asset script, so ``window.Plotly`` exists before any ``dcc.Graph`` renders, and dcc's
Graph uses ``window.Plotly`` when present (it fetches ``plotlyjs_url`` only otherwise). Dash adds
the full bundle to ``dcc._js_dist`` (namespace ``plotly``) when an app is created; it is removed
here, and the fallback URL points at our bundle too, so the full bundle is never requested.
"""

from __future__ import annotations

from dash import Dash, dcc

BUNDLE_ASSET = "vendor/plotly-atlas.min.js"
TRACE_TYPES = ("scatter", "bar", "choropleth")


def use_atlas_plotly(app: Dash) -> None:
    """Drop Dash's full plotly.js from ``app``'s scripts; our asset bundle provides Plotly."""
    resources = dcc._js_dist  # one list shared by every dcc component class
    resources[:] = [r for r in resources if r.get("namespace") != "plotly"]
    app._plotlyjs_url = app.get_asset_url(BUNDLE_ASSET)
