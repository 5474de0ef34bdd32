"""The map page's figures as compact data: what ``render_map`` sends, and ``cam.drawMap``
(``assets/cam-atlas.js``) turns into the map's four traces (``dashboard.map.figures``) and the
bar chart beside it, in the browser.

Plotly wants per-area arrays (codes, hover rows, label texts and colours, marker colours and
hover texts, bars). Most of their bytes repeat what does not change with the indicator (codes,
names, label anchors) or follow from something shorter (a colour from the class, a label from
name and value, a hover text from its template). The map card's ``figure-data`` store holds:

- ``figure``, ``bars``: :func:`~dashboard.map.figures.base_figure` and
  :func:`~dashboard.map.figures.bar_base` (constant styling), ``template``: plotly's layout
  template for both, once; ``style``: the colours and sizes the browser needs;
- ``areas`` (:func:`area_table`): fixed for a view: every area's code and (escaped) name in the
  layer's order, the label anchors in priority order, the areas that get a marker;
- ``data`` (:func:`area_data`): what the indicator, year, palette or language change (below);
- ``view``: ``{"url", "key", "areas"}``, the geometry URL, the view key and a digest of
  ``areas``. ``cam.drawMap`` copies it to the card's ``view`` store, which ``render_map`` reads:
  while it matches, the reply is a ``dash.Patch`` of ``data`` alone (a few KB for ~280 areas).

``data`` per area, in ``areas`` order: ``classes`` is the colour class (index into ``colours``)
or ``-1 - m`` for an area without a value whose hover says ``nodata[m]`` ("no data for this
year" or "... for any year"). Per area with a value, in the same order: ``values`` (the
formatted value, hover row item 1), ``x`` (the value for the bars; whole, or 6 significant
digits) and hover row items 2.. from ``columns`` (each a list of the distinct texts: unit,
year, source, quality) picked by ``picks`` (None: the column has one text). ``traces`` are
:func:`~dashboard.map.figures.trace_settings`, ``layout`` the layout properties that follow
the language, the view key and the SYNTHETIC watermark.
"""

from __future__ import annotations

import hashlib
import json

from dash import Patch

from dashboard.map.figures import (
    AREA_LINE,
    BAR_EXTRA_PX,
    BAR_MIN_PX,
    BAR_ROW_PX,
    LABEL_DARK,
    LABEL_LIGHT,
    LABEL_LUMINANCE,
    MARKER_LINE,
    NODATA_FILL,
    NODATA_LINE,
    bar_base,
    base_figure,
    layout_updates,
    small_areas,
    trace_settings,
)
from dashboard.map.frame import MapFrame
from dashboard.map.overlay import MapOverlay

SIGNIFICANT_DIGITS = 6  # bar lengths: far below a pixel, and short on the wire
LABEL_LIMIT = 22  # label names longer than this are cut with "…" (full names in the hover)
STYLE = {
    "nodata_fill": NODATA_FILL,
    "nodata_line": NODATA_LINE,
    "marker_line": MARKER_LINE,
    "area_line": AREA_LINE,
    "label_dark": LABEL_DARK,
    "label_light": LABEL_LIGHT,
    "label_luminance": LABEL_LUMINANCE,
    "label_limit": LABEL_LIMIT,
    "bar_row_px": BAR_ROW_PX,
    "bar_min_px": BAR_MIN_PX,
    "bar_extra_px": BAR_EXTRA_PX,
}


def area_table(frame: MapFrame, overlay: MapOverlay) -> dict:
    """What stays the same for a view: codes and names, label anchors, marker areas."""
    names = dict(zip(frame.codes, (row[0] for row in frame.customdata), strict=True))
    names.update(zip(frame.nodata_codes, (row[0] for row in frame.nodata_customdata), strict=True))
    index = {code: i for i, code in enumerate(frame.areas)}
    points = [p for p in overlay.labels if p.code in index]
    return {
        "codes": frame.areas,
        "names": [names[code] for code in frame.areas],
        "labels": {
            "at": [index[p.code] for p in points],
            "lon": [p.lon for p in points],
            "lat": [p.lat for p in points],
        },
        "small": [index[code] for code in small_areas(frame, overlay)],
    }


def table_digest(url: str, view_key: str, table: dict) -> str:
    """A short digest of what the browser must hold before ``data`` alone can be sent."""
    text = json.dumps([url, view_key, table], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def area_data(
    frame: MapFrame, overlay: MapOverlay, lang: str, view_key: str, annotations: list[dict]
) -> dict:
    """What changes with the indicator, year, palette or language (see the module docstring).
    The layout's ``geo`` (the extent) is left out: it belongs to the view, in ``figure``."""
    layout = layout_updates(lang, view_key, overlay)
    classes = dict(zip(frame.codes, frame.classes, strict=True))
    messages: list[str] = []
    for row in frame.nodata_customdata:
        if row[1] not in messages:
            messages.append(row[1])
    nodata = {
        code: row[1] for code, row in zip(frame.nodata_codes, frame.nodata_customdata, strict=True)
    }
    columns, picks = _columns([row[2:] for row in frame.customdata])
    return {
        "classes": [
            classes[code] if code in classes else -1 - messages.index(nodata[code])
            for code in frame.areas
        ],
        "values": [row[1] for row in frame.customdata],
        "x": [_short_number(v) for v in frame.z],
        "columns": columns,
        "picks": picks,
        "nodata": messages,
        "colours": frame.colours,
        "traces": trace_settings(frame, overlay),
        "layout": {
            **{k: v for k, v in layout.items() if k != "geo"},
            "annotations": annotations,
        },
    }


def _columns(rows: list[list[str]]) -> tuple[list[list[str]], list[list[int] | None]]:
    """Each column of ``rows`` as its distinct texts (first seen first) and, when there are
    several, the index of each row's text."""
    width = len(rows[0]) if rows else 0
    columns: list[list[str]] = []
    picks: list[list[int] | None] = []
    for c in range(width):
        texts = list(dict.fromkeys(row[c] for row in rows))
        columns.append(texts)
        picks.append([texts.index(row[c]) for row in rows] if len(texts) > 1 else None)
    return columns, picks


def _short_number(value: float) -> float | int:
    """``value`` for a bar: whole numbers as they are, others to :data:`SIGNIFICANT_DIGITS`
    significant digits."""
    if value.is_integer() and abs(value) < 2**53:
        return int(value)
    return float(f"{value:.{SIGNIFICANT_DIGITS}g}")


def figure_data(
    url: str,
    frame: MapFrame,
    lang: str,
    view_key: str,
    overlay: MapOverlay,
    annotations: list[dict],
    known: dict | None = None,
) -> dict | Patch:
    """The content of the ``figure-data`` store for this map, or a ``Patch`` of its ``data``
    when ``known`` (the browser's ``view`` store) shows it already holds this view."""
    table = area_table(frame, overlay)
    view = {"url": url, "key": view_key, "areas": table_digest(url, view_key, table)}
    data = area_data(frame, overlay, lang, view_key, annotations)
    if known == view:
        patch = Patch()
        patch["data"] = data
        return patch
    figure = base_figure(url, lang, view_key, overlay).to_plotly_json()
    bars = bar_base().to_plotly_json()
    template = figure["layout"].pop("template", None)
    bars["layout"].pop("template", None)  # the same default template: sent once
    return {
        "figure": figure,
        "bars": bars,
        "template": template,
        "style": STYLE,
        "areas": table,
        "data": data,
        "view": view,
    }
