"""The comparison baseline: the common tutorial map callback, as a tiny separate Dash app.

Each indicator or year change returns a whole ``px.choropleth(df, geojson=<GeoJSON dict>,
locations="code", featureidkey="properties.code", color="value")`` figure, so the full-resolution
analysis layer (``geodata.layers.load_layer``, EPSG:4326, every vertex, all its properties) is
re-sent with every response. Values come from the same cited dataset and query as the real map
(``indicators.query.map_values``), for the layout vintage of the year shown.

Served by gunicorn exactly like the real app (``dashboard.bench.baseline:create_server()``) with
the same JSON serialisation and ``compress=True``, so only the callback design differs. The
callback inputs are ``country`` (KAZ|KGZ|both), ``level`` (1|2), ``indicator`` and ``year``.
"""

from __future__ import annotations

import json
from functools import lru_cache

import flask
import pandas as pd
import plotly.express as px
from dash import Dash, Input, Output, dcc, html


@lru_cache(maxsize=16)
def full_geojson(country: str, level: int, year: int) -> dict:
    """The analysis layer(s) shown for ``year`` as one GeoJSON dict (EPSG:4326, full precision)."""
    from geodata.layers import load_layer
    from geodata.vintages import vintage_for_year

    frames = [load_layer(c, level, vintage_for_year(c, level, year)) for c in _countries(country)]
    layer = pd.concat(frames, ignore_index=True)
    return json.loads(layer.to_json())


def _countries(country: str) -> tuple[str, ...]:
    """ISO3 codes for ``KAZ``, ``KGZ`` or ``both``."""
    return ("KAZ", "KGZ") if country == "both" else (country,)


def values(country: str, level: int, indicator: str, year: int) -> pd.DataFrame:
    """``code, value, name`` of the areas with a value (the tutorial draws only those)."""
    from geodata.layers import units
    from indicators.dataset import load_dataset
    from indicators.query import map_values

    dataset = load_dataset("default")
    frames = [map_values(dataset, indicator, year, c, level) for c in _countries(country)]
    table = pd.concat(frames, ignore_index=True)[["code", "value"]]
    names = pd.concat([units(c, level) for c in _countries(country)])[["code", "name_en"]]
    return table.merge(names, on="code", how="left").rename(columns={"name_en": "name"})


def baseline_figure(country: str, level: int, indicator: str, year: int):
    """The tutorial-style figure: px.choropleth with the whole GeoJSON embedded."""
    fig = px.choropleth(
        values(country, level, indicator, year),
        geojson=full_geojson(country, level, year),
        locations="code",
        featureidkey="properties.code",
        color="value",
        hover_name="name",
    )
    fig.update_geos(fitbounds="locations", visible=False)
    fig.update_layout(margin={"l": 0, "r": 0, "t": 0, "b": 0})
    return fig


def create_app() -> Dash:
    """The baseline Dash app: four stores (the view) and one graph updated by one callback."""
    server = flask.Flask(__name__)
    # Dash documents a server instance but types it as bool | Callable[[], Any].
    app = Dash(__name__, server=server, compress=True, update_title="")  # type: ignore[arg-type]
    app.layout = html.Div(
        [
            dcc.Store(id="country", data="KGZ"),
            dcc.Store(id="level", data=1),
            dcc.Store(id="indicator", data=None),
            dcc.Store(id="year", data=None),
            dcc.Graph(id="map"),
        ]
    )

    @app.callback(
        Output("map", "figure"),
        Input("indicator", "data"),
        Input("year", "data"),
        Input("country", "data"),
        Input("level", "data"),
        prevent_initial_call=True,
    )
    def update_map(indicator, year, country, level):
        """Rebuild the whole figure, geometry included, on every change (the baseline)."""
        return baseline_figure(str(country), int(level), str(indicator), int(year))

    return app


def create_server() -> flask.Flask:
    """WSGI factory for gunicorn: ``dashboard.bench.baseline:create_server()``."""
    return create_app().server
