"""Gap scores page logic on the real cited data (Kyrgyzstan regions) and the SYNTHETIC demo:
weights move the ranking, missing data never becomes a score, expected dead ends get a
message, every shown score cites its sources, and the demo is flagged everywhere."""

from __future__ import annotations

import math

import pytest
from score_views import view

from dashboard.scores import frame as scoreframe

POVERTY = "extreme_poverty_pct"
MEASLES = "measles_cases_per_10000"
PRESCHOOL = "preschool_attendance_1_6_pct"  # NSC SDG platform: no total for Bishkek, Osh city
SMALL = {"ind": f"{POVERTY},{PRESCHOOL}", "year": 2022}


# Units come from the boundary build (prepared once per session).
pytestmark = pytest.mark.usefixtures("data_env")


def order(v) -> list[str]:
    table = v.table
    return list(table.loc[table["status"].eq("scored"), "code"])


def test_default_view_chooses_every_rate_and_says_why_each_left_out_one_is_out():
    v = view()
    rates = {c.id for c in v.choices if c.is_rate}
    assert set(v.selected) == rates and {POVERTY, MEASLES} <= rates  # as `cam-atlas score`
    assert not v.synthetic and v.problem is None and len(v.table) == 9
    used = {i for row in v.table["indicators_used"] for i in str(row).split(";") if i}
    left_out = {e.indicator for e in v.exclusions}
    assert used | left_out == set(v.selected) and not used & left_out  # nothing silently dropped
    cards = scoreframe.card_notes(v, "en")
    assert all(cards[i].startswith("Not in the score") for i in left_out)
    assert not set(cards) & used


def test_the_suggested_year_is_where_most_indicators_cover_the_regions():
    from dashboard.scores.view import layout_observations, layout_units, load
    from indicators.gapscore.regions import coverage_by_year

    v = view()
    codes = list(layout_units("KGZ", 1, v.year)["code"])
    obs = layout_observations(load("default").observations, "KGZ", 1, v.year)
    counts = coverage_by_year(obs, list(v.selected), codes)
    assert counts[v.year] == max(counts.values())  # regions.suggest_year's rule
    assert v.year == max(y for y, c in counts.items() if c == counts[v.year])  # latest on ties


def test_kyrgyz_regions_2018_score_every_region_on_five_indicators_or_more_by_default():
    v = view(year=2018)  # with the national SDG platform's regional series (issue 8)
    assert v.problem is None and len(v.table) == 9
    assert v.table["status"].eq("scored").all() and v.table["n_indicators_used"].min() >= 5
    assert v.plane is not None and len(v.plane) == 9  # both need and services indicators


def test_a_small_real_example_with_insufficient_areas_last():
    v = view(**SMALL)
    assert v.selected == (POVERTY, PRESCHOOL)
    assert v.year == 2022
    assert not v.synthetic and v.problem is None
    table = v.table
    assert len(table) == 9  # every region of the layout is in the comparison set
    # Bishkek and Osh city have no preschool total: half the weight < 75 %, so no score, last.
    tail = table.tail(2)
    assert set(tail["code"]) == {"KG-GB", "KG-GO"}
    assert tail["score"].isna().all() and (tail["status"] == "insufficient data").all()
    assert table["score"].dropna().between(0, 1).all()


def test_raising_a_weight_changes_the_ranking():
    poverty_first = order(view(**SMALL, w_extreme_poverty_pct=5))
    preschool_first = order(view(**SMALL, w_preschool_attendance_1_6_pct=5))
    assert poverty_first != preschool_first
    # Bishkek has poverty only: 5/6 of the weight has data (>= 75 %), so it is now ranked.
    assert "KG-GB" in poverty_first and "KG-GB" not in preschool_first
    assert poverty_first[0] == "KG-B"  # Batken: the highest extreme poverty in 2022
    measles_first = order(view(ind=f"{POVERTY},{MEASLES}", year=2023, w_measles_cases_per_10000=5))
    assert measles_first[0] == "KG-GO"  # Osh city: the highest 2023 measles rate


def test_flipping_a_direction_reverses_a_single_indicator_ranking():
    worse = order(view(ind=POVERTY, year=2021))
    better = order(view(ind=POVERTY, year=2021, dir_extreme_poverty_pct=1))
    assert worse[0] == "KG-B" and better[0] == "KG-O"  # 10.1 % vs 2.1 %


def test_an_indicator_without_data_in_the_window_is_reported_and_changes_nothing():
    base = view(ind=f"{POVERTY},{MEASLES}", year=2023)
    more = view(ind=f"{POVERTY},{MEASLES},ece_attendance_36_59m_pct", year=2023)  # 2014 only
    (left,) = more.exclusions
    assert (left.indicator, left.reason, left.latest_year) == (
        "ece_attendance_36_59m_pct",
        "outside_window",
        2014,
    )
    assert list(more.table["score"].fillna(-1)) == list(base.table["score"].fillna(-1))
    texts = [text for _, text in scoreframe.notes(more, "en")]
    assert any("left out of the score" in text for text in texts)
    card = scoreframe.card_notes(more, "en")["ece_attendance_36_59m_pct"]
    assert card == (
        "Not in the score — outside the year window: no value in 2020–2023, latest year 2014."
    )
    ru = scoreframe.card_notes(more, "ru")["ece_attendance_36_59m_pct"]
    assert "последний год 2014" in ru


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ({"ind": "population_total"}, "scores.problem.no_indicator"),  # context: not offered
        ({"ind": POVERTY, "w_extreme_poverty_pct": 0}, "scores.problem.zero_weights"),
        ({"ind": POVERTY, "year": 2023, "tol": 0}, "scores.problem.no_data_in_window"),
    ],
)
def test_dead_ends_get_a_message_not_an_error(query, problem):
    v = view(**query)
    assert v.problem == problem and v.table is None
    assert scoreframe.grid_rows(v, "en") == []
    assert scoreframe.notes(v, "ru")  # translated text, no exception


def test_missing_scores_are_never_zero_in_table_map_or_download():
    v = view(**SMALL)
    rows = {r["code"]: r for r in scoreframe.grid_rows(v, "en")}
    assert rows["KG-GB"]["score"] is None and rows["KG-GB"]["rank"] is None
    assert rows["KG-GB"]["score_text"] == "insufficient data"
    assert "50%" in rows["KG-GB"]["drivers"] and "75%" in rows["KG-GB"]["drivers"]
    frame = scoreframe.map_frame(v, "en")
    assert set(frame.nodata_codes) == {"KG-GB", "KG-GO"}
    assert not set(frame.codes) & set(frame.nodata_codes)
    assert frame.nodata_label == "insufficient data"
    csv = scoreframe.download_table(v)
    assert csv.set_index("code").loc["KG-GB", "score"] != 0
    assert math.isnan(csv.set_index("code").loc["KG-GB", "score"])


def test_rows_explain_rank_interval_flag_and_drivers():
    rows = scoreframe.grid_rows(view(**SMALL), "en")
    top = rows[0]
    assert top["rank"] == 1 and top["rank_p05"] <= top["rank_p95"]
    assert top["uncertain_text"].startswith(("⚠", "✓"))  # icon + word, not colour alone
    assert "%" in top["drivers"] and top["used_text"] == "2 of 2"
    ru = scoreframe.grid_rows(view(**SMALL, lang="ru"), "ru")[0]
    assert "," in ru["score_text"]  # decimal comma in Russian


def test_every_indicator_in_the_score_cites_its_sources():
    v = view(**SMALL)
    lines = scoreframe.source_lines(v, "en")
    assert len(lines) == 2
    # both from the NSC SDG platform, naming the build
    assert all("Kyrgyz Republic" in line and "build 12fc9a1" in line for line in lines)
    v = view(ind=f"{POVERTY},{MEASLES}", year=2023)
    # the measles rate is derived: it cites the case counts and the population it divides by
    assert any("Ministry of Health" in line for line in scoreframe.source_lines(v, "en"))


def test_region_filter_limits_rows_but_ranks_compare_the_whole_country():
    whole = {r["code"]: r["rank"] for r in scoreframe.grid_rows(view(), "en")}
    part = scoreframe.grid_rows(view(areas="KG-O,KG-B"), "en")
    assert {r["code"] for r in part} == {"KG-O", "KG-B"}
    assert all(r["rank"] == whole[r["code"]] for r in part)
    assert any(
        "your filter shows 2" in text for _, text in scoreframe.notes(view(areas="KG-O,KG-B"), "en")
    )


def test_districts_without_real_data_say_so_and_offer_the_demo():
    v = view(level=2)
    assert v.table is None and not v.level_has_real_data
    texts = [text for _, text in scoreframe.notes(v, "en")]
    assert any("No district indicators are published" in text for text in texts)


def test_the_synthetic_demo_is_flagged_in_the_view_and_the_download():
    v = view(level=2, demo=1)
    assert v.synthetic and v.table is not None and len(v.table) == 55
    csv = scoreframe.download_table(v)
    assert (csv["SYNTHETIC"] == "SYNTHETIC DEMO DATA - NOT REAL FIGURES").all()
    assert csv["synthetic"].all() and (csv["dataset"] == "demo-synthetic").all()
    assert scoreframe.download_name(v).startswith("SYNTHETIC-")


def test_uncertain_flags_follow_the_engine():
    v = view(level=2, demo=1)
    rows = scoreframe.grid_rows(v, "en")
    flagged = {r["code"] for r in rows if r["uncertain"]}
    expected = set(v.table.loc[v.table["uncertain"].fillna(False).astype(bool), "code"])
    assert flagged == expected and flagged  # 55 districts: some ranks must be uncertain
    assert all(r["uncertain_text"].startswith("⚠") for r in rows if r["uncertain"])


def test_both_countries_are_never_pooled():
    v = view(country="both")
    assert v.state.country == "KGZ" and len(v.table) == 9
    texts = [text for _, text in scoreframe.notes(v, "en")]
    assert any("compare areas within one country" in text for text in texts)
