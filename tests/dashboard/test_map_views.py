"""Pure logic of issue #10: keeping indicator and year across places, the map's extent and small
areas, the colour rule in words, diverging balances, hover for never-measured areas, URL notes
and Russian spellings."""

from __future__ import annotations

import pandas as pd

from dashboard.common.areas import area_name, russian_spelling
from dashboard.common.colours import diverging_colours, with_zero_edge
from dashboard.map.frame import IndicatorInfo, build_frame
from dashboard.map.geometry import Anchor, extent, small_codes
from dashboard.map.state import MapState
from dashboard.map.switch import carry_over
from dashboard.state.model import Note
from dashboard.state.notes import note_text

YEARS = {"a": [2018, 2021], "b": [2020, 2022]}


def years_of(indicator: str) -> list[int]:
    return YEARS.get(indicator, [])


def test_a_place_without_the_indicator_explains_and_switching_back_restores_it():
    first = carry_over(None, "a", "2018", ["b"], years_of)
    assert (first.indicator, first.year) == ("b", 2022)
    assert first.missing == [("indicator", "a")]
    # Back where "a" exists: the selects still show what the map put there, so the wish holds.
    back = carry_over(first.memory, "b", "2022", ["a", "b"], years_of)
    assert (back.indicator, back.year, back.missing) == ("a", 2018, [])


def test_a_missing_year_is_explained_and_a_user_change_becomes_the_new_wish():
    moved = carry_over(None, "a", "2018", ["a"], lambda i: [2021])
    assert (moved.indicator, moved.year, moved.missing) == ("a", 2021, [("year", "2018")])
    # The user then picks another indicator: that is what later switches keep.
    changed = carry_over(moved.memory, "b", "2020", ["a", "b"], years_of)
    assert (changed.indicator, changed.year, changed.missing) == ("b", 2020, [])


def test_extent_has_a_small_margin_and_specks_are_small_areas():
    big = Anchor("R", 75.0, 41.0, (70.0, 39.0, 80.0, 43.0), 30.0)
    city = Anchor("C", 74.6, 42.9, (74.5, 42.8, 74.7, 42.95), 0.02)
    (west, east), (south, north) = extent([big, city])
    assert 69.5 < west < 70.0 and 80.0 < east < 80.5 and south < 39.0 and north > 43.0
    assert small_codes([big, city]) == ["C"]
    assert extent([]) is None


def frame(values: list[float], direction: int = -1, balance: bool = False, ever=None):
    units = pd.DataFrame(
        {
            "code": ["A", "B", "C", "D"],
            "parent_code": ["X"] * 4,
            "name_en": ["Alpha", "Beta", "Gamma", "Delta"],
            "name_ru": ["Альфа", "Бета", "Гамма", "Дельта"],
        }
    )
    rows = pd.DataFrame(
        {
            "code": ["A", "B", "C"][: len(values)],
            "value": values,
            "year_used": [2020] * len(values),
            "status": ["official_table"] * len(values),
            "source_id": [""] * len(values),
            "qualifier": ["exact"] * len(values),
        }
    )
    info = IndicatorInfo("x", "X", "percent", direction, 1)
    return build_frame(
        MapState(), 2020, info, units, rows, values, {}, ever_codes=ever, balance=balance
    )


def test_legend_says_which_way_is_worse():
    assert "lower coverage" in frame([10, 20, 30], direction=1).legend_text
    assert "worse" in frame([10, 20, 30], direction=-1).legend_text
    assert "neither good nor bad" in frame([10, 20, 30], direction=0).legend_text


def test_balances_get_two_hues_split_at_zero():
    assert with_zero_edge([-10.0, 5.0, 20.0]) == [-10.0, 0.0, 5.0, 20.0]
    colours = diverging_colours([-10.0, -5.0, 0.0, 5.0, 20.0])
    assert len(colours) == 4 and len(set(colours)) == 4
    shown = frame([-8.0, 4.0, 15.0], balance=True)
    assert shown.diverging and 0.0 in shown.edges
    assert "leaving" in shown.legend_text


def test_hover_tells_never_measured_from_missing_this_year():
    shown = frame([1.0, 2.0, 3.0], ever={"A", "B", "C"})
    assert shown.nodata_customdata[0][1] == "No data for any year"
    shown = frame([1.0, 2.0, 3.0], ever={"A", "B", "C", "D"})
    assert shown.nodata_customdata[0][1] == "No data for this year"


def test_url_note_names_the_value_and_what_is_used():
    text = note_text(Note("year", "abc", "2023"), "en")
    assert "“abc”" in text and "2023" in text and "year" in text
    assert "ничего" in note_text(Note("areas", "XX", ""), "ru")


def test_russian_interface_has_no_kazakh_only_letters():
    assert russian_spelling("область Ұлытау") == "область Улытау"
    assert russian_spelling("Қарағанды") == "Караганды"
    row = {"code": "KZ-62", "name_ru": "область Ұлытау", "name_kk": "Ұлытау облысы"}
    assert area_name(row, "ru") == "область Улытау"
    assert area_name(row, "kk") == "Ұлытау облысы"


def test_footer_attribution_translation_matches_the_registered_text():
    from dashboard.i18n import t
    from geodata.attribution import BOUNDARY_ATTRIBUTION

    assert t("common.footer.attribution", "en") == BOUNDARY_ATTRIBUTION
    assert t("common.footer.attribution", "ru").startswith("Границы:")
