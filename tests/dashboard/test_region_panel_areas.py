"""The shared ``area``/``areas`` query keys and the area pickers' options
(dashboard.common.areas)."""

from __future__ import annotations

import pytest

from dashboard.common import areas as area_query


@pytest.fixture(autouse=True, scope="module")
def _boundaries(data_env):
    """Boundary layers prepared (units.csv is read from the build)."""


def test_parse_area_accepts_known_codes_of_the_countries_shown():
    assert area_query.parse_area("kz-19") == ("KZ-19", [])
    assert area_query.parse_area(["KG02205000000", "KG-C"]) == ("KG02205000000", [])
    assert area_query.parse_area("") == (None, [])
    assert area_query.parse_area(None) == (None, [])


@pytest.mark.parametrize(
    "text",
    ["KZ-99", "<script>", "KZ-19; DROP", "KG99999999999", "x" * 500],
)
def test_parse_area_rejects_unknown_or_malformed_text(text):
    code, rejected = area_query.parse_area(text)
    assert code is None
    assert rejected and len(rejected[0]) <= 40


def test_parse_area_rejects_an_area_of_a_country_not_shown():
    assert area_query.parse_area("KZ-19", ("KGZ",)) == (None, ["KZ-19"])


def test_parse_areas_keeps_order_drops_repeats_and_reports_rejects():
    codes, rejected = area_query.parse_areas("KG-C,KG-Y~kg-c,,KZ-99", ("KGZ", "KAZ"))
    assert codes == ["KG-C", "KG-Y"]
    assert rejected == ["KZ-99"]


def test_parse_areas_is_capped():
    codes, _ = area_query.parse_areas(",".join(["KG-C"] * (area_query.MAX_AREAS + 50)))
    assert codes == ["KG-C"]


def test_old_layout_codes_stay_valid():
    """South Kazakhstan (KZ-51) exists only before 2018: a shared link may still name it."""
    assert area_query.parse_area("KZ-51") == ("KZ-51", [])
    assert area_query.unit("KZ-51")["vintage"] == "pre2018"


def test_with_districts_expands_regions_and_adds_parents_of_districts():
    expanded = area_query.with_districts(["KG-Y", "KG04220000000"])
    assert "KG-Y" in expanded and "KG02205000000" in expanded  # Ak-Suu is in Issyk-Kul
    assert "KG-N" in expanded  # At-Bashy's region
    assert "KG-C" not in expanded
    assert area_query.with_districts([]) == []


def test_options_list_each_region_followed_by_its_districts():
    options = area_query.options(("KGZ",), {}, "en")
    codes = [o["value"] for o in options]
    assert len(codes) == 9 + 55 == len(set(codes))
    issyk_kul = codes.index("KG-Y")
    following = [o for o in options[issyk_kul + 1 :] if "-" not in o["value"]][:7]
    assert all(o["label"].endswith(", Issyk-Kul Region") for o in following)


def test_option_search_text_holds_every_language_and_the_code():
    option = next(o for o in area_query.options(("KGZ",), {}, "ru") if o["value"] == "KG-Y")
    assert option["label"] == "Иссык-Кульская область"
    for text in ("Issyk-Kul Region", "Ысык-Көл облусу", "Ыстықкөл облысы", "KG-Y"):
        assert text in option["search"]


def test_options_follow_the_boundary_layout_asked_for():
    v2018 = {("KAZ", 1): "2018", ("KAZ", 2): "2018"}
    old = {o["value"] for o in area_query.options(("KAZ",), v2018, "en")}
    new = {o["value"] for o in area_query.options(("KAZ",), {}, "en")}
    assert "KZ-10" in new and "KZ-10" not in old  # Abai region exists from 2022
    assert len([c for c in old if c.startswith("KZ-")]) == 17
    assert len([c for c in new if c.startswith("KZ-")]) == 20


def test_missing_options_add_codes_from_other_layouts_only():
    present = area_query.options(("KAZ",), {}, "en")
    added = area_query.missing_options(["KZ-51", "KZ-19", "KZ-99"], present, "en")
    assert [o["value"] for o in added] == ["KZ-51"]


def test_query_string_keeps_commas_readable_and_skips_empty_values():
    text = area_query.query_string({"areas": "KG-C,KG-Y", "year": None, "lang": "ru", "x": ""})
    assert text == "?areas=KG-C,KG-Y&lang=ru"
    assert area_query.query_string({}) == ""
    assert area_query.areas_value(["KG-C", "KG-C", "", "KG-Y"]) == "KG-C,KG-Y"
