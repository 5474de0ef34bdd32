"""How every page writes a value: numbers in the UI language, no false precision, the
qualifier's sign, the unit and the value's quality."""

from __future__ import annotations

from dashboard.common.format import quality_text, unit_label, value_text
from dashboard.i18n.numbers import NBSP


def test_numbers_follow_the_language():
    assert value_text(12345.67, "exact", 1, "ru") == f"12{NBSP}345,7"
    assert value_text(12345.67, "exact", 1, "en") == "12,345.7"
    assert value_text(18.0, "rounded", 1, "en") == "18"  # no precision the source lacks
    assert value_text(18.0, "exact", 1, "en") == "18.0"
    assert value_text(1200, "lower_bound", 0, "en") == "≥ 1,200"
    assert value_text(3.0, "approximate", 1, "ru") == "≈ 3"


def test_units_are_translated_and_unknown_units_kept():
    assert unit_label("percent", "ru") == "%"
    assert unit_label("widgets", "ru") == "widgets"  # an imported dataset's own unit


def test_quality_names_the_status_and_a_qualifier_other_than_exact():
    assert quality_text("official_table", "rounded", "en") == "official statistics table · rounded"
    assert quality_text("official_table", "exact", "en") == "official statistics table"
    assert quality_text("", "exact", "en") == ""
