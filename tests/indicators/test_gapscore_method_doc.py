"""docs/METHOD.md states rules; these tests hold the code to them (and the text to the code)."""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import pytest

from indicators.gapscore.regions import DOMAIN_GROUPS
from indicators.gapscore.robustness import RobustnessSpec
from indicators.gapscore.spec import (
    DEFAULT_EPSILON,
    DEFAULT_MIN_COVERAGE,
    DEFAULT_MIN_WEIGHT_SHARE,
    DEFAULT_TOLERANCE_YEARS,
    METHOD_VERSION,
    NEED,
    SERVICES,
)

TEXT = (Path(__file__).parents[2] / "docs" / "METHOD.md").read_text(encoding="utf-8")


def _one(pattern: str) -> str:
    found = re.findall(pattern, TEXT)
    assert found, f"METHOD.md no longer states {pattern!r}"
    return found[0]


def test_method_version_is_the_code_version_and_in_the_changelog() -> None:
    assert _one(r"\*\*Method version ([\d.]+)\*\*") == METHOD_VERSION
    assert f"* **{METHOD_VERSION}**:" in TEXT


def test_default_minimum_coverage() -> None:
    stated = Fraction(_one(r"\*\*Default c = (\d+/\d+)\*\*"))
    assert float(stated) == pytest.approx(DEFAULT_MIN_COVERAGE)
    assert f"| minimum indicator coverage c | {stated} of the comparison set |" in TEXT


def test_defaults_table_matches_the_code() -> None:
    assert float(_one(r"\| minimum weight share θ \| ([\d.]+) \|")) == DEFAULT_MIN_WEIGHT_SHARE
    assert int(_one(r"\| year tolerance k \| (\d+) \|")) == DEFAULT_TOLERANCE_YEARS
    assert float(_one(r"ε = ([\d.]+) so that")) == DEFAULT_EPSILON
    rspec = RobustnessSpec()
    assert int(_one(r"\*\*D = ([\d,]+) draws\*\*").replace(",", "")) == rspec.draws
    assert int(_one(r"default seed (\d+)")) == rspec.seed
    assert _one(r"U\((0\.\d+), 1\.\d+\)") == f"{1 - rspec.weight_noise:g}"
    assert rspec.leave_one_out and "**leaves out one indicator**" in TEXT


def test_need_and_services_domains_are_the_code_map() -> None:
    need = _one(r"(?s)\*\*need\*\* \(how many children are at risk: ([^)]*)\)")
    services = _one(r"(?s)\*\*services\*\* \(how well they are reached: (.*?)\)\.")
    stated_need = set(re.findall(r"`(\w+)`", need))
    stated_services = set(re.findall(r"`(\w+)`", services))
    assert stated_need == {d for d, g in DOMAIN_GROUPS.items() if g == NEED}
    assert stated_services == {d for d, g in DOMAIN_GROUPS.items() if g == SERVICES}
