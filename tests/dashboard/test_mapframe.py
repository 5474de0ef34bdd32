"""One map view computed from plain tables: no data stays missing, texts are escaped and
translated, the vintage note counts years used."""

from __future__ import annotations

import pandas as pd

from dashboard.map.frame import IndicatorInfo, build_frame, vintage_note
from dashboard.map.state import MapState

UNITS = pd.DataFrame(
    {
        "code": ["KG-B", "KG-O", "KG-J", "KG-N"],
        "parent_code": ["KGZ"] * 4,
        "name_en": ["Batken Region", "Osh Region", "Jalal-Abad Region", "Naryn Region"],
        "name_ru": ["Баткенская область", "Ошская область", "Джалал-Абадская область", ""],
        "name_kk": ["", "", "", ""],
        "name_ky": ["Баткен облусу", "", "", ""],
    }
)
INDICATOR = IndicatorInfo("poverty", "Extreme poverty, %", "percent", -1, 1)


def values(rows: list[tuple]) -> pd.DataFrame:
    columns = ["code", "value", "year_used", "status", "source_id", "qualifier"]
    return pd.DataFrame(rows, columns=columns)


def frame(state: MapState, rows: list[tuple], year: int | None = 2021, sources=None):
    return build_frame(state, year, INDICATOR, UNITS, values(rows), [], sources or {})


def test_areas_without_a_value_are_no_data_never_zero():
    shown = frame(MapState(), [("KG-B", 7.5, 2021, "official_table", "nsc", "exact")])
    assert shown.codes == ["KG-B"] and shown.z == [7.5]
    assert shown.nodata_codes == ["KG-O", "KG-J", "KG-N"]
    assert "No data for 3 regions." in shown.note


def test_hover_texts_are_escaped_and_name_source_and_quality():
    sources = {"x": type("S", (), {"publisher": "<b>NSC</b> & co"})()}
    shown = frame(
        MapState(), [("KG-O", 8.25, 2021, "press_reported", "x", "rounded")], sources=sources
    )
    name, value, unit, year, source, quality = shown.customdata[0]
    assert (name, value, unit, year) == ("Osh Region", "8.2", "%", "2021")
    assert source == "&lt;b&gt;NSC&lt;/b&gt; &amp; co"
    assert quality == "official figure as reported in the press · rounded"
    assert shown.rows[0].source == "<b>NSC</b> & co"  # the table shows text (React escapes it)


def test_names_follow_the_language_with_fallback():
    rows = [("KG-B", 7.5, 2021, "official_table", "", "exact"), ("KG-O", 8.0, 2021, "", "", "")]
    ky = frame(MapState(lang="ky"), rows)
    assert [r.area for r in ky.rows] == ["Баткен облусу", "Ошская область"]
    assert ky.nodata_customdata[-1][0] == "Naryn Region"  # no ru, ky or kk name: English


def test_vintage_note_says_which_years_are_shown():
    state = MapState(tol=2)
    note = vintage_note([2021] * 7 + [2019] * 2, 1, state, 2021)
    assert note.startswith("Values shown: 2021 for 7 regions, 2019 for 2 regions.")
    assert "up to 2 years before 2021" in note and note.endswith("No data for 1 region.")
    ru = vintage_note([2021, 2021], 5, state.with_(lang="ru", level=2), 2021)
    assert ru == "Показаны значения: за 2021 год для 2 районов. Нет данных для 5 районов."
    assert vintage_note([], 4, state, 2021) == "No values for this indicator, year and area."


def test_classes_fixed_across_years_come_from_all_values():
    rows = [("KG-B", 10.0, 2021, "", "", ""), ("KG-O", 12.0, 2021, "", "", "")]
    this_year = frame(MapState(), rows)
    fixed = build_frame(
        MapState(breaks="fixed"), 2021, INDICATOR, UNITS, values(rows), [2.0, 30.0, 10.0], {}
    )
    assert this_year.edges[0] >= 10 and this_year.edges[-1] <= 12
    assert fixed.edges[0] <= 2 and fixed.edges[-1] >= 30
    assert fixed.colours and len(fixed.colours) == len(fixed.edges) - 1


def test_summary_describes_the_range_for_screen_readers():
    rows = [("KG-B", 7.5, 2021, "", "", ""), ("KG-O", 9.5, 2021, "", "", "")]
    shown = build_frame(
        MapState(), 2021, INDICATOR, UNITS, values(rows), [], {}, area_label="Kyrgyzstan, regions"
    )
    assert shown.summary == (
        "Choropleth map of Extreme poverty, % (%), 2021, Kyrgyzstan, regions. "
        "2 of 4 areas have a value, from 7.5 (Batken Region) to 9.5 (Osh Region)."
    )
    assert shown.title == "Extreme poverty, %, 2021"


def test_an_imported_source_is_named_by_its_title_when_it_has_no_publisher() -> None:
    from types import SimpleNamespace

    from dashboard.map.frame import _source_name

    sources = {
        "user-1": SimpleNamespace(publisher="", title="District education office"),
        "bns": SimpleNamespace(publisher="BNS", title="Population by region"),
    }
    assert _source_name("user-1", sources) == "District education office"
    assert _source_name("bns", sources) == "BNS"
    assert _source_name("gone", sources) == "gone"
