"""Plotly figures for the map: a geo-subplot choropleth whose geometry is a URL.

Two ``go.Choropleth`` traces share the layer URL (``featureidkey="id"`` = area code):

0. areas with a value, coloured by class: ``z`` is each value's position on an equal-height
   class legend (``colour_classes.class_position``), the colour bar is labelled with the class
   edges in the UI language and titled with the unit (hover shows the value itself);
1. areas without a value: a flat light grey that is not in any palette, drawn hatched by
   ``assets/cam-atlas.css`` (which finds these paths by that exact fill colour) with a legend
   entry "No data";
2. ``scattergeo`` markers on areas too small to see or click (city regions such as Almaty or
   Bishkek), placed at the feature's centroid through the same GeoJSON (``locations`` = code,
   so a click reports the area code like a polygon click), filled with the area's class colour;
3. ``scattergeo`` labels (name and value) at a point inside each area, largest areas first;
   ``assets/cam-atlas.js`` hides labels that would overlap one drawn before them.

The view is fitted to the shown territory with explicit longitude/latitude ranges (plotly's
``fitbounds`` keeps the default range box's aspect and leaves the map at ~40 % of the card).

:func:`base_figure` is the constant styling, :func:`trace_settings` what changes with the data
but not per area. The per-area arrays are filled in one of two ways:

- the map page sends compact data (``dashboard.map.compact``) and ``cam.drawMap`` in
  ``assets/cam-atlas.js`` builds every trace above and the bar chart (:func:`bar_base`) in the
  browser;
- the Gap scores page (no markers, no labels) gets the traces from :func:`map_figure`: the full
  figure, or a ``dash.Patch`` of :func:`trace_updates` when its geometry is already loaded, so
  coordinates are never resent.
"""

from __future__ import annotations

import plotly.graph_objects as go
from dash import Patch

from dashboard.i18n.numbers import plotly_separators
from dashboard.map.frame import MapFrame
from dashboard.map.overlay import MapOverlay

# Must match assets/cam-atlas.css (the hatch is applied to paths with exactly this fill).
NODATA_FILL = "rgb(236, 236, 237)"
NODATA_LINE = "rgb(110, 110, 110)"
AREA_LINE = "rgb(255, 255, 255)"
MARKER_LINE = "rgb(33, 37, 41)"
LABEL_DARK = "rgb(33, 37, 41)"
LABEL_LIGHT = "rgb(255, 255, 255)"  # on dark classes (luminance below LABEL_LUMINANCE)
LABEL_LUMINANCE = 0.45
LABEL_FONT = {"size": 11, "shadow": "auto"}


def trace_settings(frame: MapFrame, overlay: MapOverlay) -> list[dict]:
    """Properties of the four traces (values, no data, markers, labels) that depend on the data
    shown but not on each area."""
    values = {
        "hovertemplate": frame.hovertemplate,
        "colorscale": frame.colourscale,
        "zmin": 0,
        "zmax": frame.n_classes or 1,
        "colorbar": {
            # Below the map, across its width: the unit and the colour rule in words on top.
            "title": {"text": f"{frame.unit_label}<br>{frame.legend_text}", "side": "top"},
            "orientation": "h",
            "x": 0.5,
            "xanchor": "center",
            "y": 0.0,
            "yanchor": "bottom",
            "tickvals": list(range(frame.n_classes + 1)),
            "ticktext": frame.tick_text,
            "len": 0.9,
            "thickness": 12,
            "tickfont": {"size": 10},
            "outlinewidth": 0,
            "ticks": "outside",
        },
        "showscale": bool(frame.z),
    }
    nodata = {
        "hovertemplate": frame.nodata_hovertemplate,
        "name": frame.nodata_label,
        "showlegend": bool(frame.nodata_codes),
    }
    markers = {"name": overlay.marker_label, "showlegend": bool(small_areas(frame, overlay))}
    return [values, nodata, markers, {"visible": overlay.show_labels}]


def small_areas(frame: MapFrame, overlay: MapOverlay) -> list[str]:
    """Codes of the shown areas that get a marker (in the overlay's order)."""
    shown = set(frame.areas) | set(frame.codes) | set(frame.nodata_codes)
    return [c for c in overlay.small if c in shown]


def value_arrays(frame: MapFrame) -> list[dict]:
    """Per-area arrays of traces 0 and 1 (locations, class position, hover data)."""
    return [
        {"locations": frame.codes, "z": frame.class_positions, "customdata": frame.customdata},
        {
            "locations": frame.nodata_codes,
            "z": [0] * len(frame.nodata_codes),
            "customdata": frame.nodata_customdata,
        },
    ]


def trace_updates(frame: MapFrame, overlay: MapOverlay | None = None) -> list[dict]:
    """What :func:`map_figure` sets on the four traces: :func:`trace_settings` and the values
    and no-data areas (markers and labels are drawn by the map page's browser code only)."""
    updates = trace_settings(frame, overlay or MapOverlay())
    for settings, arrays in zip(updates, value_arrays(frame), strict=False):
        settings.update(arrays)
    return updates


def layout_updates(lang: str, view_key: str, overlay: MapOverlay) -> dict:
    """Layout properties that follow the language, the shown territory (fitted with a small
    margin) and keep the user's zoom while the view is unchanged (``uirevision``)."""
    updates: dict = {"separators": plotly_separators(lang), "uirevision": view_key}
    if overlay.lon_range and overlay.lat_range:
        mid_lon = sum(overlay.lon_range) / 2
        mid_lat = sum(overlay.lat_range) / 2
        updates["geo"] = {
            "lonaxis": {"range": overlay.lon_range},
            "lataxis": {"range": overlay.lat_range},
            "center": {"lon": mid_lon, "lat": mid_lat},
            "projection": {
                "type": "conic equal area",
                "parallels": [40, 52],
                "rotation": {"lon": mid_lon},
                "scale": 1,
            },
        }
    return updates


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


def base_figure(geojson_url: str, lang: str, view_key: str, overlay: MapOverlay) -> go.Figure:
    """The map's four traces and layout without anything that depends on the data."""
    shared = {"geojson": geojson_url, "featureidkey": "id"}
    fig = go.Figure(
        [
            go.Choropleth(
                **shared,
                marker={"line": {"color": AREA_LINE, "width": 0.6}},
                showlegend=False,
            ),
            go.Choropleth(
                **shared,
                colorscale=[[0, NODATA_FILL], [1, NODATA_FILL]],
                zmin=0,
                zmax=1,
                showscale=False,
                marker={"line": {"color": NODATA_LINE, "width": 0.6}},
            ),
            go.Scattergeo(
                **shared,
                locationmode="geojson-id",
                mode="markers",
                hovertemplate="%{hovertext}<extra></extra>",
                marker={"size": 14, "line": {"width": 2}},
            ),
            go.Scattergeo(
                mode="text",
                hoverinfo="skip",
                showlegend=False,
                textfont=LABEL_FONT,
            ),
        ]
    )
    fig.update_geos(visible=False, bgcolor="rgba(0,0,0,0)", domain={"x": [0, 1], "y": [0.17, 1]})
    fig.update_layout(
        margin={"l": 4, "r": 4, "t": 4, "b": 4},
        autosize=True,  # the height comes from the graph's CSS (.cam-graph), phones get less
        paper_bgcolor="rgba(0,0,0,0)",
        legend={
            "x": 0.0,
            "y": 1.0,
            "yanchor": "top",
            "bgcolor": "rgba(255,255,255,0.85)",
            "orientation": "h",
        },
        hoverlabel={"bgcolor": "white", "font": {"color": "#212529"}},
        dragmode="pan",
        **layout_updates(lang, view_key, overlay),
    )
    return fig


def choropleth_figure(
    geojson_url: str, frame: MapFrame, lang: str, view_key: str, overlay: MapOverlay
) -> go.Figure:
    """The full map figure with its values (sent only when the geometry URL changes)."""
    fig = base_figure(geojson_url, lang, view_key, overlay)
    for index, updates in enumerate(trace_updates(frame, overlay)):
        fig.update_traces(updates, selector=index)
    return fig


def empty_figure() -> go.Figure:
    """A blank figure for the graph before the first callback (no geo subplot, no fetch).

    Without plotly.py's default template (7 KB of JSON per graph in the page's layout): the
    figure drawn next brings its own."""
    fig = go.Figure()
    fig.update_layout(
        template=None,
        xaxis={"visible": False},
        yaxis={"visible": False},
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
    )
    return fig


def map_figure(
    geojson_url: str,
    frame: MapFrame,
    lang: str,
    view_key: str,
    geometry_loaded: bool,
    overlay: MapOverlay | None = None,
    same_view: bool = False,
) -> go.Figure | Patch:
    """The map for ``frame``: a Patch of :func:`trace_updates` and :func:`layout_updates` when
    the browser already holds this geometry (``geometry_loaded``), else the whole figure. The
    extent is re-sent only for a new view (``same_view`` False: another region, say)."""
    overlay = overlay or MapOverlay()
    if not geometry_loaded:
        return choropleth_figure(geojson_url, frame, lang, view_key, overlay)
    figure = Patch()
    for index, updates in enumerate(trace_updates(frame, overlay)):
        for name, value in updates.items():
            figure["data"][index][name] = value
    for name, value in layout_updates(lang, view_key, overlay).items():
        if name != "geo" or not same_view:  # keep the user's zoom while the view is the same
            figure["layout"][name] = value
    return figure


BAR_ROW_PX = 22  # height of one bar row; the chart scrolls inside the card when taller
BAR_MIN_PX = 160  # the chart is never shorter
BAR_EXTRA_PX = 40  # axis and margins: height = max(BAR_MIN_PX, BAR_EXTRA_PX + BAR_ROW_PX * rows)


def bar_base() -> go.Figure:
    """The map's values as a sorted horizontal bar chart, without the values: ``cam.drawMap``
    (``assets/cam-atlas.js``) fills it in the browser from the map's compact data.

    Trace 0 holds the areas with a value, sorted largest first (on top), in their class colour,
    the formatted value printed after the bar and the map's hover; trace 1 the areas without a
    value, last, as full-width hatched "no data" rows (``x`` = the largest absolute value, from
    ``min(0, smallest value)``). The browser also sets the height (see ``BAR_EXTRA_PX``), the
    category order (``yaxis.categoryarray``: all rows, bottom first), the x range (the values
    and 5 % more) with a right margin as wide as the longest printed value, ``xaxis.visible``
    (only with values) and the language's ``separators``.
    """
    fig = go.Figure(
        [
            go.Bar(
                orientation="h",
                marker={"line": {"width": 0}},
                textposition="outside",
                textangle=0,
                cliponaxis=False,
                showlegend=False,
            ),
            go.Bar(
                orientation="h",
                marker={
                    "color": NODATA_FILL,
                    "line": {"color": NODATA_LINE, "width": 0.5},
                    "pattern": {"shape": "/", "fgcolor": NODATA_LINE, "size": 6, "solidity": 0.2},
                },
                showlegend=False,
            ),
        ]
    )
    fig.update_layout(
        margin={"l": 4, "r": 8, "t": 4, "b": 24},
        barmode="overlay",
        bargap=0.25,
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        yaxis={
            "categoryorder": "array",
            "automargin": True,
            "ticks": "",
            "tickfont": {"size": 11},
            "fixedrange": True,
        },
        xaxis={
            "showgrid": True,
            "gridcolor": "rgb(230, 230, 230)",
            "zeroline": True,
            "zerolinecolor": "rgb(150, 150, 150)",
            "fixedrange": True,
            # Every bar prints its value: tick labels would only crowd a narrow column.
            "showticklabels": False,
        },
        hoverlabel={"bgcolor": "white", "font": {"color": "#212529"}},
        dragmode=False,
    )
    return fig
