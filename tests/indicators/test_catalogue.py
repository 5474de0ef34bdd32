"""The indicator catalogue: required ids, complete labels, and comparability groups."""

from __future__ import annotations

import pytest

from geodata.errors import UserFacingError
from indicators import catalogue as cat

REQUIRED = (
    "population_total",
    "population_children",
    "left_behind_any_parent_pct",
    "left_behind_both_parents_pct",
    "extreme_poverty_pct",
    "preschool_coverage_pct",
    "birth_registration_u5_pct",
    "measles_cases",
    "international_immigrants",
    "international_emigrants",
    "net_migration",
)


def test_required_indicators_are_present():
    assert set(REQUIRED) <= set(cat.catalogue())


@pytest.mark.parametrize("entry", list(cat.catalogue().values()), ids=lambda e: e.id)
def test_every_entry_is_complete(entry):
    assert all(entry.labels.get(lang, "").strip() for lang in cat.LANGUAGES)
    assert entry.definition["en"].strip() and entry.definition["ru"].strip()
    # Russian, Kazakh and Kyrgyz labels are translations, not the English text copied over.
    assert len({entry.labels["en"], entry.labels["ru"]}) == 2
    assert entry.direction in (-1, 0, 1)
    assert entry.domain in cat.DOMAINS
    assert entry.comparable_group and entry.unit and entry.decimals >= 0
    assert (entry.target is None) == (entry.target_source is None)


def test_survey_prevalence_never_shares_an_axis_with_register_counts():
    assert cat.get("left_behind_any_parent_pct").comparable_group == "mics_prevalence"
    assert cat.get("children_of_migrants_registered").comparable_group == "admin_register"
    assert not cat.comparable("left_behind_any_parent_pct", "children_of_migrants_registered")
    assert not cat.comparable("children_left_behind_number", "children_of_migrants_registered")
    assert cat.comparable("left_behind_any_parent_pct", "left_behind_both_parents_pct")


def test_age_bands_are_kept_apart():
    assert not cat.comparable("child_share_0_15_pct", "child_share_0_17_pct")
    assert not cat.comparable("preschool_coverage_pct", "preschool_coverage_3_5_pct")


def test_directions_follow_meaning():
    assert cat.get("extreme_poverty_pct").direction == -1
    assert cat.get("birth_registration_u5_pct").direction == 1
    assert cat.get("population_total").direction == 0


def test_unknown_indicator_is_a_user_facing_error_with_hints():
    with pytest.raises(UserFacingError, match="left_behind_any_parent_pct"):
        cat.get("left_behind_pct")


def test_label_falls_back_to_english():
    entry = cat.get("measles_cases")
    assert entry.label("ky") == entry.labels["ky"]
    assert entry.label("de") == entry.labels["en"]
