"""What the Region panel shows for an area: trend vs parent and country, sources, breaks,
districts (dashboard.region_panel.profile, dashboard.common.territory,
dashboard.region_panel.trend)."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pytest

from dashboard.common.territory import territory_changed
from dashboard.map import data
from dashboard.map.frame import IndicatorInfo
from dashboard.region_panel.profile import (
    Profile,
    SeriesPoint,
    SourceRef,
    build_profile,
    sources_of,
)
from dashboard.region_panel.trend import is_rate, trend_figure


@pytest.fixture(autouse=True, scope="module")
def _boundaries(data_env):
    """Boundary layers prepared (units and polygons are read from the build)."""


def _profile(code: str, indicator: str, year: int | None, lang: str = "en") -> Profile:
    info = data.indicator_info(indicator, lang)
    profile = build_profile(data.dataset(), code, info, year, 0, lang)
    assert profile is not None
    return profile


def _roles(profile: Profile) -> dict[str, list[SeriesPoint]]:
    found: dict[str, list[SeriesPoint]] = {}
    for point in profile.points:
        found.setdefault(point.role, []).append(point)
    return found


@pytest.fixture(scope="module")
def almaty() -> Profile:
    """Almaty region (KZ-19): lost Zhetysu in the 2022 reform; BNS population 2000-2023."""
    return _profile("KZ-19", "population_total", 2023)


def test_region_trend_runs_next_to_the_national_value(almaty):
    roles = _roles(almaty)
    assert set(roles) == {"area", "national"}  # a region's parent is the country
    assert almaty.parent_name == "Kazakhstan"
    assert {p.code for p in roles["area"]} == {"KZ-19"}
    assert {p.code for p in roles["national"]} == {"KAZ"}
    # BNS 6584 (2000-2023) and BNS 6645 as republished (2025)
    assert [p.year for p in roles["area"]] == [*range(2000, 2024), 2025]


def test_every_value_carries_its_source_and_quality(almaty):
    for point in almaty.points:
        assert point.sources, point
        assert point.quality
    bns = almaty.current.sources[0]
    assert bns.publisher.startswith("Bureau of National Statistics")
    assert bns.url.startswith("https://")
    assert almaty.current.value == 1505968 and almaty.current.year == 2023
    assert almaty.national.value == 19766807


def test_a_territorial_change_breaks_the_line_not_the_trend(almaty):
    """2022: Almaty region lost its eastern districts to Zhetysu (2.08 M -> 1.48 M people)."""
    assert [(b.before, b.year) for b in almaty.breaks] == [(2021, 2022)]
    area = _roles(almaty)["area"]
    assert {p.segment for p in area if p.year <= 2021} == {0}
    assert {p.segment for p in area if p.year >= 2022} == {1}
    assert {p.segment for p in _roles(almaty)["national"]} == {0}  # the country never changes


def test_a_new_layout_without_territorial_change_does_not_break_the_line():
    north = _profile("KZ-59", "population_total", 2023)  # North Kazakhstan: same since 2000
    assert north.breaks == []


@pytest.mark.parametrize(
    ("code", "before", "after", "changed"),
    [
        ("KZ-19", "2018", "2024", True),  # Zhetysu split off
        ("KZ-63", "2018", "2024", True),  # Abai split off
        ("KZ-71", "2018", "2024", True),  # Astana grew
        ("KZ-59", "2018", "2024", False),
        ("KZ-19", "pre2018", "2018", False),
        ("KZ-61", "pre2018", "2018", True),  # Turkestan did not exist before 2018
    ],
)
def test_territory_changes_are_detected_from_polygon_areas(code, before, after, changed):
    assert territory_changed(code, "KAZ", 1, before, after) is changed


def test_district_trend_shows_its_region_and_the_country():
    profile = _profile("KG02205000000", "population_total", None, "ru")  # Ak-Suu district
    roles = _roles(profile)
    assert set(roles) == {"area", "parent", "national"}
    assert profile.parent_code == "KG-Y"
    assert roles["parent"][0].area == "Иссык-Кульская область"
    assert roles["national"][0].area == "Кыргызстан"
    assert profile.year == 2009  # the district's latest value when the map year is not given
    assert profile.districts == []  # only regions list districts


def test_values_derived_in_code_name_the_sources_of_their_inputs():
    profile = _profile("KZ-15", "child_share_0_15_pct", 2020)
    derived = [p for p in profile.points if p.status == "derived"]
    assert derived
    for point in derived:
        publishers = {s.publisher for s in point.sources}
        assert any("Statistics" in p or "data.egov.kz" in p for p in publishers), publishers


def test_districts_list_every_district_with_its_value_or_no_data():
    profile = _profile("KG-Y", "population_total", 2023)  # Issyk-Kul: 7 units, census 2022
    assert profile.district_year == 2022  # the latest year up to 2023 with district values
    assert len(profile.districts) == 7
    with_value = {d.name: d for d in profile.districts if d.value_text}
    without = [d for d in profile.districts if not d.value_text]
    assert "Jeti-Oguz" in with_value and with_value["Jeti-Oguz"].sources
    assert without and all(d.year == "" and not d.sources for d in without)


def test_districts_follow_the_layout_of_the_year():
    """In 2019 Almaty region still included the districts that formed Zhetysu in 2022."""
    old = _profile("KZ-19", "population_total", 2019)
    new = _profile("KZ-19", "population_total", 2023)
    assert len(old.districts) > len(new.districts)
    assert "Aksu" in {d.name for d in old.districts}
    assert "Aksu" not in {d.name for d in new.districts}


def test_missing_values_stay_missing():
    profile = _profile("KG-Y", "left_behind_any_parent_pct", 2018)  # MICS: no Issyk-Kul value
    assert profile.current is None
    assert all(p.role == "national" for p in profile.points)
    assert all(not math.isnan(p.value) for p in profile.points)


def test_unknown_area_gives_no_profile():
    info = data.indicator_info("population_total", "en")
    assert build_profile(data.dataset(), "KZ-99", info, 2023, 0, "en") is None


def test_only_http_source_addresses_become_links():
    fake = SimpleNamespace(
        name="fake",
        version="1",
        sources={
            "a": SimpleNamespace(id="a", publisher="P", title="T", url="javascript:alert(1)"),
            "b": SimpleNamespace(id="b", publisher="Q", title="U", url="https://example.org/x"),
        },
        observations=None,
    )
    assert sources_of(fake, {"source_id": "a"}) == (SourceRef("P", "T", ""),)
    assert sources_of(fake, {"source_id": "b"}) == (SourceRef("Q", "U", "https://example.org/x"),)


# ---------------------------------------------------------------- the chart


def test_counts_get_one_panel_per_series_rates_share_one_axis(almaty):
    assert not is_rate("persons") and not is_rate("children") and not is_rate("cases")
    assert is_rate("percent") and is_rate("emigrants per 1,000 population")
    counts = trend_figure(almaty, "en")
    assert "yaxis2" in counts.layout.to_plotly_json()  # the country's total has its own scale
    share = trend_figure(_profile("KZ-15", "child_share_0_15_pct", 2020), "en")
    assert "yaxis2" not in share.layout.to_plotly_json()
    assert {t.yaxis or "y" for t in share.data} == {"y"}


def test_chart_breaks_the_line_and_marks_the_boundary_change(almaty):
    fig = trend_figure(almaty, "en")
    area = [t for t in fig.data if t.legendgroup == "area"]
    assert len(area) == 2 and [t.showlegend for t in area] == [True, False]
    assert max(area[0].x) == 2021 and min(area[1].x) == 2022
    assert {s.x0 for s in fig.layout.shapes} == {2021.5}  # one dotted line per panel
    assert "Boundaries changed" in [a.text for a in fig.layout.annotations]


def _fake_profile(name: str) -> Profile:
    info = IndicatorInfo("x", "X", "percent", 1, 1)
    point = SeriesPoint(
        role="area",
        code="KG-Y",
        area=name,
        year=2020,
        value=1.5,
        value_text="1.5",
        quality="q",
        status="official_table",
        sources=(SourceRef("<i>pub</i>", "t"),),
        notes="",
        vintage="2018",
    )
    profile = Profile(
        code="KG-Y",
        country="KGZ",
        level=1,
        kind="region",
        names={},
        name=name,
        parent_code="KGZ",
        parent_name="Kyrgyzstan",
        region_code="KG-Y",
        indicator=info,
        unit="%",
        year=2020,
    )
    profile.points.append(point)
    return profile


def test_hover_texts_are_escaped():
    fig = trend_figure(_fake_profile("<b>Bold</b>"), "en")
    customdata = fig.data[0].customdata[0]
    assert customdata[0] == "&lt;b&gt;Bold&lt;/b&gt;"
    assert customdata[4] == "&lt;i&gt;pub&lt;/i&gt;"


def test_number_separators_follow_the_language(almaty):
    assert trend_figure(almaty, "ru").layout.separators == ",\u00a0"
    assert trend_figure(almaty, "en").layout.separators == ".,"
