"""Serve the atlas's own plotly.js bundle instead of Dash's full ``plotly.min.js``.

``assets/vendor/plotly-atlas.min.js`` holds plotly.js core plus the scatter, bar, choropleth and
scattergeo traces only (``tools/build_plotly_bundle.sh``; about a third of the full bundle).
Dash loads it as an asset script, so ``window.Plotly`` exists before any ``dcc.Graph`` renders,
and dcc's Graph uses ``window.Plotly`` when present (it fetches ``plotlyjs_url`` only
otherwise). Every ``Dash()`` adds the full bundle to dcc's resources (namespace ``plotly``);
this app's script list leaves it out, so it is neither linked nor served (404), and the
fallback URL points at our bundle too. Other Dash apps in the same process (the bench's
baseline) keep the full bundle.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dash import Dash

BUNDLE_ASSET = "vendor/plotly-atlas.min.js"
TRACE_TYPES = ("scatter", "bar", "choropleth", "scattergeo")
FULL_BUNDLE_NAMESPACE = "plotly"


def _without_full_plotly(get: Callable[..., list[dict[str, Any]]]) -> Callable[..., Any]:
    def scripts(*args: Any, **kwargs: Any) -> list[dict[str, Any]]:
        return [r for r in get(*args, **kwargs) if r.get("namespace") != FULL_BUNDLE_NAMESPACE]

    return scripts


def use_atlas_plotly(app: Dash) -> None:
    """Drop Dash's full plotly.js from ``app``'s scripts; our asset bundle provides Plotly."""
    resources = app.scripts._resources  # this app's script filter (dcc's list is shared)
    # Wraps this instance's method on purpose: Dash has no public hook to filter scripts.
    resources._filter_resources = _without_full_plotly(resources._filter_resources)  # type: ignore[method-assign]
    app._plotlyjs_url = app.get_asset_url(BUNDLE_ASSET)
