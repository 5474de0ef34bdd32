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

:func:`trace_updates` gives the properties that change with indicator, year, palette or language;
callbacks send them as a ``dash.Patch`` (:func:`map_figure`) so coordinates are never resent.
Geometry changes (country, level, layout vintage) rebuild the figure with :func:`choropleth_figure`.
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
LABEL_FONT = {"size": 11, "shadow": "auto"}


def trace_updates(frame: MapFrame, overlay: MapOverlay) -> list[dict]:
    """Properties of the four traces (values, no data, markers, labels) that depend on the
    data shown."""
    values = {
        "locations": frame.codes,
        "z": frame.class_positions,
        "customdata": frame.customdata,
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
        "locations": frame.nodata_codes,
        "z": [0] * len(frame.nodata_codes),
        "customdata": frame.nodata_customdata,
        "hovertemplate": frame.nodata_hovertemplate,
        "name": frame.nodata_label,
        "showlegend": bool(frame.nodata_codes),
    }
    return [values, nodata, _marker_updates(frame, overlay), _label_updates(frame, overlay)]


def _marker_updates(frame: MapFrame, overlay: MapOverlay) -> dict:
    """Trace 2: a circle on every small area, in its class colour (hatch grey: no data)."""
    colour = dict(zip(frame.codes, frame.value_colours, strict=True))
    hover = frame.hover_html()
    codes = [c for c in overlay.small if c in hover]
    return {
        "locations": codes,
        "marker": {
            "color": [colour.get(c, NODATA_FILL) for c in codes],
            "size": 14,
            "line": {
                "color": [NODATA_LINE if c not in colour else MARKER_LINE for c in codes],
                "width": 2,
            },
        },
        "hovertext": [hover[c] for c in codes],
        "name": overlay.marker_label,
        "showlegend": bool(codes),
    }


def _label_updates(frame: MapFrame, overlay: MapOverlay) -> dict:
    """Trace 3: "name / value" at each area's anchor, largest areas first (the browser hides
    the ones that would overlap an earlier label)."""
    values = {code: data[1] for code, data in zip(frame.codes, frame.customdata, strict=True)}
    names = dict(zip(frame.codes, (d[0] for d in frame.customdata), strict=True))
    names.update(zip(frame.nodata_codes, (d[0] for d in frame.nodata_customdata), strict=True))
    points = [p for p in overlay.labels if p.code in names]
    fills = dict(zip(frame.codes, frame.value_colours, strict=True))
    return {
        "lon": [p.lon for p in points],
        "lat": [p.lat for p in points],
        # White on dark classes, near-black elsewhere (plotly's "auto" shadow contrasts with it).
        "textfont": {
            **LABEL_FONT,
            "color": [_label_colour(fills.get(p.code)) for p in points],
        },
        "text": [
            f"{_short(names[p.code])}<br><b>{values[p.code]}</b>"
            if p.code in values
            else _short(names[p.code])
            for p in points
        ],
        "visible": overlay.show_labels,
    }


def _label_colour(fill: str | None) -> str:
    """Label text colour readable on ``fill`` (an ``rgb(r, g, b)`` class colour or None)."""
    if not fill or not fill.startswith("rgb("):
        return LABEL_DARK
    r, g, b = (int(float(v)) for v in fill[fill.index("(") + 1 : -1].split(","))
    luminance = (0.299 * r + 0.587 * g + 0.114 * b) / 255
    return "rgb(255, 255, 255)" if luminance < 0.45 else LABEL_DARK


def _short(name: str, limit: int = 22) -> str:
    """An area name short enough for a map label (full names are in the hover and table)."""
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


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


def choropleth_figure(
    geojson_url: str, frame: MapFrame, lang: str, view_key: str, overlay: MapOverlay
) -> go.Figure:
    """The full map figure (sent only when the geometry URL or the view changes)."""
    values, nodata, markers, labels = trace_updates(frame, overlay)
    shared = {"geojson": geojson_url, "featureidkey": "id"}
    fig = go.Figure(
        [
            go.Choropleth(
                **shared,
                marker={"line": {"color": AREA_LINE, "width": 0.6}},
                showlegend=False,
                **values,
            ),
            go.Choropleth(
                **shared,
                colorscale=[[0, NODATA_FILL], [1, NODATA_FILL]],
                zmin=0,
                zmax=1,
                showscale=False,
                marker={"line": {"color": NODATA_LINE, "width": 0.6}},
                **nodata,
            ),
            go.Scattergeo(
                **shared,
                locationmode="geojson-id",
                mode="markers",
                hovertemplate="%{hovertext}<extra></extra>",
                **markers,
            ),
            go.Scattergeo(
                mode="text",
                hoverinfo="skip",
                showlegend=False,
                **labels,
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


def bar_figure(frame: MapFrame, lang: str) -> go.Figure:
    """The map's values as a sorted horizontal bar chart: same classes and colours, largest
    value on top, areas without a value last as hatched "no data" rows (full width, no value).
    """
    order = sorted(range(len(frame.z)), key=lambda i: -frame.z[i])
    names = [frame.customdata[i][0] for i in order]
    nodata_names = [d[0] for d in frame.nodata_customdata]
    colours = frame.value_colours
    top = max([abs(v) for v in frame.z] or [1.0])
    rows = names + nodata_names
    fig = go.Figure(
        [
            go.Bar(
                orientation="h",
                y=names,
                x=[frame.z[i] for i in order],
                marker={"color": [colours[i] for i in order], "line": {"width": 0}},
                text=[frame.customdata[i][1] for i in order],
                textposition="outside",
                textangle=0,
                cliponaxis=False,
                customdata=[frame.customdata[i] for i in order],
                hovertemplate=frame.hovertemplate,
                showlegend=False,
            ),
            go.Bar(
                orientation="h",
                y=nodata_names,
                x=[top] * len(nodata_names),
                base=[min(0.0, min(frame.z or [0.0]))] * len(nodata_names),
                marker={
                    "color": NODATA_FILL,
                    "line": {"color": NODATA_LINE, "width": 0.5},
                    "pattern": {"shape": "/", "fgcolor": NODATA_LINE, "size": 6, "solidity": 0.2},
                },
                customdata=frame.nodata_customdata,
                hovertemplate=frame.nodata_hovertemplate,
                name=frame.nodata_label,
                showlegend=False,
            ),
        ]
    )
    fig.update_layout(
        height=max(160, 40 + BAR_ROW_PX * len(rows)),
        margin={"l": 4, "r": 8, "t": 4, "b": 24},
        barmode="overlay",
        bargap=0.25,
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        separators=plotly_separators(lang),
        yaxis={
            "categoryorder": "array",
            "categoryarray": rows[::-1],
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
            "tickfont": {"size": 10},
            "side": "top",
            "visible": bool(frame.z),
            # Room for the value printed after the longest bar.
            "range": [min(0.0, min(frame.z or [0.0])) * 1.3, top * 1.3],
        },
        hoverlabel={"bgcolor": "white", "font": {"color": "#212529"}},
        dragmode=False,
    )
    return fig
