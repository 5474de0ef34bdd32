"""The Gap scores page's need-versus-services view and what the page says about indicators
left out, as pure functions of a ``ScoreView`` (real cited data, Kyrgyzstan and Kazakhstan
regions): the plane's points are the score table's own values, the reference lines are the
national values, single-indicator scores are never "clear", and the CSV downloads carry what
was left out and why."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from score_views import view

from dashboard.scores import frame as scoreframe
from dashboard.scores import plane as planeview
from dashboard.scores.state import parse_query
from indicators.gapscore.plane import HIGH_NEED_LOW_COVERAGE, MEDIAN, NATIONAL, quadrant

POVERTY = "extreme_poverty_pct"
MEASLES = "measles_cases_per_10000"  # health: the services group


# Units come from the boundary build (prepared once per session).
pytestmark = pytest.mark.usefixtures("data_env")


def test_plane_points_are_the_score_tables_values():
    v = view(ind=f"{POVERTY},{MEASLES}", year=2023, view="plane")
    table = v.table.set_index("code")
    points = v.plane.set_index("code")
    scored = table.index[table["need_score"].notna() & table["services_score"].notna()]
    assert sorted(points.index) == sorted(scored)  # one point per area with both scores
    assert len(points) >= 5
    assert points["need"].to_dict() == table.loc[points.index, "need_score"].to_dict()
    coverage = 1 - table.loc[points.index, "services_score"]
    assert points["coverage"].to_dict() == pytest.approx(coverage.to_dict(), abs=1e-12)
    # ... and the figure draws exactly these points, named, with the area code in customdata
    fig = planeview.figure(v, "en")
    drawn = {
        c[0]: (x, y)
        for c, x, y in zip(fig.data[0].customdata, fig.data[0].x, fig.data[0].y, strict=True)
    }
    assert drawn == {c: (r["need"], r["coverage"]) for c, r in points.iterrows()}
    assert set(fig.data[0].text) == set(points["name"])  # 7 points: every one labelled
    assert {t.type for t in fig.data} == {"scatter"}  # the app's plotly.js has no others


def test_reference_lines_are_the_national_values_and_the_corner_is_shaded():
    v = view(ind=f"{POVERTY},{MEASLES}", year=2023, view="plane")
    attrs = v.plane.attrs
    assert attrs["reference_kind"] == NATIONAL  # Kyrgyzstan publishes both national values
    fig = planeview.figure(v, "en")
    corner, vertical, horizontal = fig.layout.shapes
    assert vertical.x0 == vertical.x1 == attrs["reference_need"]
    assert horizontal.y0 == horizontal.y1 == attrs["reference_coverage"]
    assert (corner.x0, corner.y1) == (attrs["reference_need"], attrs["reference_coverage"])
    assert corner.x1 > 1 and corner.y0 < 0  # right of and below both lines
    for row in v.plane.itertuples():
        expected = quadrant(
            row.need, row.coverage, attrs["reference_need"], attrs["reference_coverage"]
        )
        assert row.quadrant == expected
    note = planeview.reference_note(v, "en")
    assert note.startswith("Dashed lines: national value (need ")


def test_without_a_services_indicator_the_plane_says_what_it_needs():
    v = view(ind=POVERTY, year=2021, view="plane")
    assert v.plane is None and v.plane_problem == "scores.plane.problem.groups"


def test_a_single_indicator_score_is_a_ranking_of_it_never_clear():
    v = view(ind=POVERTY, year=2021)
    rows = scoreframe.grid_rows(v, "en")
    assert rows and all(r["uncertain_text"] == "① single indicator" for r in rows)
    assert not any("clear" in r["uncertain_text"] for r in rows)
    texts = [text for _, text in scoreframe.notes(v, "en")]
    assert any("rest on a single indicator (Extreme poverty rate" in t for t in texts)
    assert not any("are clear" in t for t in texts)
    ru = scoreframe.grid_rows(view(ind=POVERTY, year=2021, lang="ru"), "ru")
    assert ru[0]["uncertain_text"] == "① один показатель"


def test_when_no_indicator_covers_enough_areas_nothing_is_ranked():
    # Kazakhstan 2023: preschool coverage is known for 3 of 20 regions (press reports)
    v = view(country="KAZ", ind="preschool_coverage_pct", year=2023)
    assert v.table is None and v.problem == "scores.problem.none_covers"
    (left,) = v.exclusions
    assert (left.areas_with_data, left.areas_total) == (3, 20)
    card = scoreframe.card_notes(v, "en")["preschool_coverage_pct"]
    assert card == "Not in the score — too few areas: 3 of 20, 67% needed."
    # a lower coverage share is the user's explicit choice: then the three are ranked
    notes = scoreframe.csv_notes(v)  # the download of an empty ranking still says why
    assert any(
        line.startswith("left out: preschool_coverage_pct: too few areas (3 of 20")
        for line in notes
    )
    assert notes[-1] == "nothing scored: none covers"
    low = view(country="KAZ", ind="preschool_coverage_pct", year=2023, mincov=0.1)
    assert low.problem is None and int(low.table["status"].eq("scored").sum()) == 3


def test_the_coverage_share_is_shown_in_areas():
    assert scoreframe.coverage_value(view(), "en") == "now 67%: 6 of 9 areas"
    assert scoreframe.coverage_value(view(mincov=0.5), "ru") == "сейчас 50%: 5 из 9 территорий"


def test_the_score_csv_starts_with_what_was_left_out_and_why():
    v = view(ind=f"{POVERTY},{MEASLES},ece_attendance_36_59m_pct", year=2023)
    text = scoreframe.download_csv(v).decode("utf-8-sig")
    notes = [line for line in text.splitlines() if line.startswith("#")]
    assert notes[0].startswith("# CAM Atlas gap scores, method 2.0")
    assert (
        "# left out: ece_attendance_36_59m_pct: outside the year window 2020-2023 "
        "(latest year 2014)" in notes
    )
    assert any(line.startswith("# left out: measles_cases: a raw count") for line in notes)
    table = pd.read_csv(io.StringIO(text), comment="#")
    assert len(table) == 9 and set(table["method_version"].astype(str)) == {"2.0"}


def test_the_plane_csv_carries_points_scores_and_sources():
    v = view(ind=f"{POVERTY},{MEASLES}", year=2023, view="plane")
    text = planeview.download_csv(v).decode("utf-8-sig")
    assert "# reference lines (national): need " in text
    assert f"# indicator {POVERTY} (Extreme poverty rate, % of population): group need" in text
    table = pd.read_csv(io.StringIO(text), comment="#")
    points = v.plane.set_index("code")
    assert sorted(table["code"]) == sorted(points.index)
    row = table.set_index("code").loc["KG-B"]
    assert row["need"] == pytest.approx(points.loc["KG-B", "need"])
    assert "Kyrgyz Republic" in row[f"sources_{POVERTY}"]
    assert "Ministry of Health" in row[f"sources_{MEASLES}"]  # a derived rate cites its inputs


def test_highlight_outlines_one_area_on_the_map_and_rings_its_point():
    values, nodata = planeview.map_lines(["KG-B", "KG-O"], ["KG-GB"], "KG-O")
    assert values["width"] == [0.6, planeview.HIGHLIGHT_WIDTH]
    assert nodata == {"color": "rgb(110, 110, 110)", "width": 0.6}
    assert planeview.map_lines(["KG-B"], [], None)[0] == {
        "color": "rgb(255, 255, 255)",
        "width": 0.6,
    }
    v = view(ind=f"{POVERTY},{MEASLES}", year=2023, view="plane")
    ring = planeview.highlight_ring(v, "KG-B")
    point = v.plane.set_index("code").loc["KG-B"]
    assert ring == {"x": [point["need"]], "y": [point["coverage"]]}
    assert planeview.highlight_ring(v, "KZ-10") == {"x": [], "y": []}  # no point: no ring
    assert planeview.highlight_ring(v, None) == {"x": [], "y": []}


def test_labels_do_not_print_over_each_other():
    xs, ys = [0.70, 0.72, 0.74, 0.2], [0.80, 0.79, 0.78, 0.2]
    texts = ["Jalal-Abad Region", "Issyk-Kul Region", "Naryn Region", "Talas Region"]
    positions = planeview.label_positions(xs, ys, texts)
    boxes = [
        planeview._box(x, y, s, p) for x, y, s, p in zip(xs, ys, texts, positions, strict=True)
    ]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a[1] <= b[0] or b[1] <= a[0] or a[3] <= b[2] or b[3] <= a[2]


def test_median_reference_without_national_values():
    table = pd.DataFrame(
        {"code": ["A", "B", "C"], "need_score": [0.0, 0.5, 1.0], "services_score": [1, 0.5, 0]}
    )
    from indicators.gapscore.plane import need_coverage_plane

    points = need_coverage_plane(table)
    assert points.attrs["reference_kind"] == MEDIAN
    assert points.set_index("code").loc["C", "quadrant"] != HIGH_NEED_LOW_COVERAGE  # coverage 1


def test_url_state_of_the_view_round_trips():
    state, notes = parse_query({"view": "plane", "hl": "KG-N", "mincov": "0.5"})
    assert notes == [] and (state.view, state.highlight, state.mincov) == ("plane", "KG-N", 0.5)
    query = state.to_query({})
    assert (query["view"], query["hl"], query["mincov"]) == ("plane", "KG-N", "0.5")
    assert parse_query(query)[0] == state
    default, _ = parse_query({})
    assert default.to_query({})["mincov"] == ""  # 2/3 is never written as 0.666667
    _, notes = parse_query({"view": "3d", "hl": "<script>", "mincov": "1.5"})
    assert {n.key for n in notes} == {"view", "hl", "mincov"}
    other, _ = parse_query({"country": "KAZ", "hl": "KG-N"})
    assert other.highlight is None  # another country's area is never highlighted
