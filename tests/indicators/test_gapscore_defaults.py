"""Default indicator choice for gap scores: rates and shares only, never raw counts."""

from dataclasses import dataclass

import pandas as pd

from indicators.gapscore.regions import default_indicators, is_rate


@dataclass(frozen=True)
class _Entry:
    id: str
    direction: int
    target: float | None
    unit: str


def test_raw_counts_are_not_chosen_by_default() -> None:
    entries = {
        "poverty": _Entry("poverty", -1, None, "percent of population"),
        "measles_rate": _Entry("measles_rate", -1, None, "cases per 10,000 population"),
        "measles": _Entry("measles", -1, None, "cases"),
        "children": _Entry("children", -1, None, "children"),
        "population": _Entry("population", 0, None, "persons"),
    }
    values = pd.DataFrame({k: [1.0, 2.0] for k in entries}, index=["A", "B"])
    assert default_indicators(values, entries) == ["poverty", "measles_rate"]


def test_is_rate_reads_the_unit() -> None:
    assert is_rate(_Entry("x", 1, None, "Percent"))
    assert is_rate(_Entry("x", 1, None, "emigrants per 1,000 population"))
    assert not is_rate(_Entry("x", 1, None, "persons"))
