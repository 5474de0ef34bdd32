"""The Data page's bar chart: latest figure per area, "no data" without a bar, escaping."""

from __future__ import annotations

import pandas as pd

from dashboard.data_page import chart as data_chart
from dashboard.data_page.state import DataState

STATE = DataState(country="KGZ", level=1, indicator="extreme_poverty_pct")


def rows(*records: tuple) -> pd.DataFrame:
    """Export-table rows: (area_code, year, value, status, qualifier, publisher)."""
    columns = ["area_code", "year", "value", "status", "qualifier", "source_publisher"]
    table = pd.DataFrame(records, columns=columns)
    table["period_end"] = table["year"].astype(str) + "-12-31"
    table["source_title"] = table["source_id"] = ""
    return table


def test_latest_year_then_best_status_per_area():
    table = rows(
        ("KG-O", 2019, 5.0, "official_table", "exact", "NSC"),
        ("KG-O", 2021, 2.1, "secondary", "exact", "Wiki"),
        ("KG-O", 2021, 2.0, "official_table", "exact", "NSC"),
        ("KG-B", 2020, 9.0, "press_reported", "rounded", "Kaktus"),
    )
    latest = data_chart.latest_per_area(table).set_index("area_code")
    assert latest.loc["KG-O", "value"] == 2.0 and latest.loc["KG-O", "year"] == 2021
    assert latest.loc["KG-B", "value"] == 9.0


def test_bars_highest_on_top_and_missing_areas_without_a_bar():
    table = rows(
        ("KG-O", 2021, 2.1, "press_reported", "exact", "NSC"),
        ("KG-B", 2021, 10.1, "press_reported", "lower_bound", "NSC"),
    )
    names = {"KG-O": "Osh Region", "KG-B": "Batken Region", "KG-C": "Chui Region"}
    figure = data_chart.bar_figure(table, STATE, names, ["KG-C"])
    bars, nodata = figure.data
    assert list(bars.x) == [2.1, 10.1] and list(bars.y) == ["Osh Region", "Batken Region"]
    assert bars.text[1] == "≥ 10.1 (2021)"
    assert nodata.type == "scatter" and nodata.mode == "text"
    assert list(nodata.y) == ["Chui Region"] and "No data" in nodata.text[0]
    assert list(figure.layout.yaxis.categoryarray)[-1] == "Batken Region"  # top of the chart


def test_needs_one_indicator_and_few_areas():
    table = rows(("KG-O", 2021, 2.1, "press_reported", "exact", "NSC"))
    without = data_chart.bar_figure(table, STATE.with_(indicator=None), {}, [])
    assert "Choose one indicator" in without.layout.annotations[0].text
    many = [f"KG{i:011d}" for i in range(data_chart.MAX_BARS)]
    crowded = data_chart.bar_figure(table, STATE, {}, many)
    assert "More than 60 areas" in crowded.layout.annotations[0].text
    assert not crowded.data


def test_equal_names_stay_separate_bars_and_text_is_escaped():
    table = rows(
        ("KZ353200", 2021, 1.0, "synthetic", "exact", "<b>x</b>"),
        ("KZ633200", 2021, 2.0, "synthetic", "exact", "y"),
    )
    names = {"KZ353200": "Абайский район", "KZ633200": "Абайский район"}
    state = STATE.with_(country="KAZ", level=2)
    figure = data_chart.bar_figure(table, state, names, [])
    assert sorted(figure.data[0].y) == ["Абайский район (KZ353200)", "Абайский район (KZ633200)"]
    assert "&lt;b&gt;x&lt;/b&gt;" in [c[1] for c in figure.data[0].customdata]
