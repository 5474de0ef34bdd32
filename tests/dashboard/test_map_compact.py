"""The map's compact data (``dashboard.map.compact``): everything ``cam.drawMap`` needs to rebuild
the map's traces and the bar chart in the browser, each area's code, name and anchor sent once
per view, and a change of indicator a Patch of the values alone."""

from __future__ import annotations

import json

import pandas as pd

from dashboard.map.compact import LABEL_LIMIT, STYLE, area_data, figure_data
from dashboard.map.figures import BAR_ROW_PX, NODATA_FILL, bar_base
from dashboard.map.frame import IndicatorInfo, build_frame
from dashboard.map.overlay import LabelPoint, MapOverlay
from dashboard.map.state import MapState

UNITS = pd.DataFrame(
    {
        "code": ["A", "B", "C", "D", "E"],
        "parent_code": ["X"] * 5,
        "name_en": ["Alpha", "Beta <b>", "Gamma", "Delta", "Epsilon"],
        "name_ru": ["Альфа", "Бета", "Гамма", "Дельта", "Эпсилон"],
    }
)
OVERLAY = MapOverlay(
    lon_range=[70.0, 80.0],
    lat_range=[39.0, 44.0],
    small=("E", "C", "Z"),  # Z is not shown
    labels=(LabelPoint("C", 75.0, 41.0), LabelPoint("Z", 1.0, 1.0), LabelPoint("A", 72.5, 40.25)),
    marker_label="Small areas (cities)",
)
URL = "/geo/KGZ-2-2018.abc.geojson"


def frame(values: dict[str, float], ever: set[str] | None = None, lang: str = "en"):
    year = 2020
    rows = pd.DataFrame(
        {
            "code": list(values),
            "value": list(values.values()),
            "year_used": [year - (code == "C") for code in values],  # one older year
            "status": ["official_table"] * len(values),
            "source_id": [""] * len(values),
            "qualifier": ["exact"] * len(values),
        }
    )
    info = IndicatorInfo("x", "X", "persons", -1, 1)
    return build_frame(
        MapState(lang=lang), year, info, UNITS, rows, list(values.values()), {}, ever_codes=ever
    )


def rebuilt_rows(table: dict, data: dict) -> tuple[list, list, list]:
    """What ``mapAreas`` in assets/cam-atlas.js makes of the data: hover rows of the areas with
    a value and of those without, and the class of each area with a value."""
    valued, nodata, classes = [], [], []
    for i, k in enumerate(data["classes"]):
        name = table["names"][i]
        if k < 0:
            nodata.append([name, data["nodata"][-1 - k]])
            continue
        j = len(valued)
        row = [name, data["values"][j]]
        for texts, picks in zip(data["columns"], data["picks"], strict=True):
            row.append(texts[picks[j] if picks else 0])
        valued.append(row)
        classes.append(k)
    return valued, nodata, classes


def test_the_browser_can_rebuild_every_hover_row_and_class():
    shown = frame({"A": 1.0, "B": 30.0, "C": 2.5}, ever={"A", "B", "C", "E"})
    store = figure_data(URL, shown, "en", "K", OVERLAY, [])
    table, data = store["areas"], store["data"]
    assert table["codes"] == shown.areas == ["A", "B", "C", "D", "E"]
    assert table["names"][1] == "Beta &lt;b&gt;"  # escaped, as in every hover text
    valued, nodata, classes = rebuilt_rows(table, data)
    assert valued == shown.customdata and nodata == shown.nodata_customdata
    assert classes == shown.classes and data["colours"] == shown.colours
    # D was never measured, E only in another year: two texts, each sent once.
    assert data["nodata"] == ["No data for any year", "No data for this year"]
    assert data["columns"][1] == ["2020", "2019"] and data["picks"][1] == [0, 0, 1]
    assert data["picks"][0] is None  # one unit for every area: no per-area index


def test_labels_markers_and_bars_get_what_they_need():
    shown = frame({"A": 1234567.0, "C": 2.123456789})
    store = figure_data(URL, shown, "en", "K", OVERLAY, [])
    labels = store["areas"]["labels"]
    # Areas not shown are left out; the overlay's order (largest first) is kept.
    assert labels == {"at": [2, 0], "lon": [75.0, 72.5], "lat": [41.0, 40.25]}
    assert store["areas"]["small"] == [4, 2]
    assert store["data"]["traces"][2]["showlegend"] is True
    # Bar lengths: whole numbers exactly, others to 6 significant digits.
    assert store["data"]["x"] == [1234567, 2.12346]
    style = store["style"]
    assert style == STYLE and style["bar_row_px"] == BAR_ROW_PX
    assert style["label_limit"] == LABEL_LIMIT and style["nodata_fill"] == NODATA_FILL


def test_the_bar_chart_base_hatches_the_no_data_rows():
    fig = bar_base()
    assert fig.data[1].marker.pattern.shape == "/" and fig.data[1].marker.color == NODATA_FILL
    assert fig.layout.yaxis.categoryorder == "array"


def test_plotly_template_is_sent_once():
    store = figure_data(URL, frame({"A": 1.0}), "en", "K", OVERLAY, [])
    assert "template" not in store["figure"]["layout"] and "template" not in store["bars"]["layout"]
    assert store["template"]
    assert store["figure"]["data"][0]["geojson"] == URL  # a URL, never coordinates


def test_an_indicator_change_in_the_same_view_is_a_patch_of_the_values():
    first = figure_data(URL, frame({"A": 1.0, "B": 2.0}), "en", "K", OVERLAY, [])
    known = first["view"]
    other = frame({"C": 5.0, "D": 7.0, "E": 9.0})
    patch = figure_data(URL, other, "en", "K", OVERLAY, [], known=known).to_plotly_json()
    assert [op["location"] for op in patch["operations"]] == [["data"]]
    sent = patch["operations"][0]["params"]["value"]
    assert sent == area_data(other, OVERLAY, "en", "K", [])
    assert "geo" not in sent["layout"]  # the extent belongs to the view
    text = json.dumps(sent)
    assert "Alpha" not in text and "72.5" not in text  # names and anchors stay in the browser
    # Another view key, URL, or names (another language): everything again.
    russian = frame({"C": 5.0}, lang="ru")
    for url, shown, key in ((URL, other, "K2"), (URL + "?", other, "K"), (URL, russian, "K")):
        again = figure_data(url, shown, "en", key, OVERLAY, [], known=known)
        assert isinstance(again, dict) and "areas" in again, (url, key)
