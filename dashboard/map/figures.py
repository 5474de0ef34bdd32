"""Plotly figures for the map: a geo-subplot choropleth whose geometry is a URL.

Two ``go.Choropleth`` traces share the layer URL (``featureidkey="id"`` = area code):

0. areas with a value, coloured by class: ``z`` is each value's position on an equal-height
   class legend (``colour_classes.class_position``), the colour bar is labelled with the class
   edges in the UI language and titled with the unit (hover shows the value itself);
1. areas without a value: a flat light grey that is not in any palette, drawn hatched by
   ``assets/cam-atlas.css`` (which finds these paths by that exact fill colour) with a legend
   entry "No data".

:func:`trace_updates` gives the properties that change with indicator, year, palette or language;
callbacks send them as a ``dash.Patch`` (:func:`map_figure`) so coordinates are never resent.
Geometry changes (country, level, layout vintage) rebuild the figure with :func:`choropleth_figure`.
"""

from __future__ import annotations

import plotly.graph_objects as go
from dash import Patch

from dashboard.i18n.numbers import plotly_separators
from dashboard.map.frame import MapFrame

# Must match assets/cam-atlas.css (the hatch is applied to paths with exactly this fill).
NODATA_FILL = "rgb(236, 236, 237)"
NODATA_LINE = "rgb(110, 110, 110)"
AREA_LINE = "rgb(255, 255, 255)"


def trace_updates(frame: MapFrame) -> tuple[dict, dict]:
    """Properties of trace 0 (values) and trace 1 (no data) that depend on the data shown."""
    values = {
        "locations": frame.codes,
        "z": frame.class_positions,
        "customdata": frame.customdata,
        "hovertemplate": frame.hovertemplate,
        "colorscale": frame.colourscale,
        "zmin": 0,
        "zmax": frame.n_classes or 1,
        "colorbar": {
            # Along the bar: long units ("cases per 10,000 population") fit and never touch
            # the top tick label.
            "title": {"text": frame.unit_label, "side": "right"},
            "tickvals": list(range(frame.n_classes + 1)),
            "ticktext": frame.tick_text,
            "len": 0.75,
            "thickness": 14,
            "outlinewidth": 0,
        },
        "showscale": bool(frame.z),
    }
    nodata = {
        "locations": frame.nodata_codes,
        "z": [0] * len(frame.nodata_codes),
        "customdata": frame.nodata_customdata,
        "hovertemplate": frame.nodata_hovertemplate,
        "name": frame.nodata_label,
        "showlegend": bool(frame.nodata_codes),
    }
    return values, nodata


def layout_updates(lang: str, view_key: str) -> dict:
    """Layout properties that follow the language and keep the user's zoom (``uirevision``)."""
    return {"separators": plotly_separators(lang), "uirevision": view_key}


def synthetic_annotations(synthetic: bool, text: str) -> list[dict]:
    """A watermark line inside the figure, so exported PNG/SVG images of synthetic data say so."""
    if not synthetic:
        return []
    return [
        {
            "text": f"<b>{text}</b>",
            "xref": "paper",
            "yref": "paper",
            "x": 0.5,
            "y": 1.0,
            "showarrow": False,
            "font": {"color": "rgb(176, 42, 55)", "size": 14},
            "bgcolor": "rgba(255, 255, 255, 0.85)",
        }
    ]


def choropleth_figure(geojson_url: str, frame: MapFrame, lang: str, view_key: str) -> go.Figure:
    """The full map figure (sent only when the geometry URL or the view changes)."""
    values, nodata = trace_updates(frame)
    fig = go.Figure(
        [
            go.Choropleth(
                geojson=geojson_url,
                featureidkey="id",
                marker={"line": {"color": AREA_LINE, "width": 0.6}},
                showlegend=False,
                **values,
            ),
            go.Choropleth(
                geojson=geojson_url,
                featureidkey="id",
                colorscale=[[0, NODATA_FILL], [1, NODATA_FILL]],
                zmin=0,
                zmax=1,
                showscale=False,
                marker={"line": {"color": NODATA_LINE, "width": 0.6}},
                **nodata,
            ),
        ]
    )
    fig.update_geos(
        fitbounds="locations",
        visible=False,
        # Equal-area, so region sizes compare honestly. No explicit rotation: with fitbounds,
        # plotly.js fills it in, and a preset rotation silently disables the fit.
        projection={"type": "conic equal area", "parallels": [40, 52]},
        bgcolor="rgba(0,0,0,0)",
    )
    fig.update_layout(
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        autosize=True,  # the height comes from the graph's CSS (.cam-graph), phones get less
        paper_bgcolor="rgba(0,0,0,0)",
        legend={"x": 0.01, "y": 0.02, "bgcolor": "rgba(255,255,255,0.85)"},
        hoverlabel={"bgcolor": "white", "font": {"color": "#212529"}},
        dragmode="pan",
        **layout_updates(lang, view_key),
    )
    return fig


def empty_figure() -> go.Figure:
    """A blank figure for the graph before the first callback (no geo subplot, no fetch)."""
    fig = go.Figure()
    fig.update_layout(
        xaxis={"visible": False},
        yaxis={"visible": False},
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
    )
    return fig


def map_figure(
    geojson_url: str, frame: MapFrame, lang: str, view_key: str, geometry_loaded: bool
) -> go.Figure | Patch:
    """The map for ``frame``: a Patch of :func:`trace_updates` and :func:`layout_updates` when
    the browser already holds this geometry (``geometry_loaded``), else the whole figure."""
    if not geometry_loaded:
        return choropleth_figure(geojson_url, frame, lang, view_key)
    figure = Patch()
    values, nodata = trace_updates(frame)
    for name, value in values.items():
        figure["data"][0][name] = value
    for name, value in nodata.items():
        figure["data"][1][name] = value
    for name, value in layout_updates(lang, view_key).items():
        figure["layout"][name] = value
    return figure
