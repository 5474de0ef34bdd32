"""Validate a file before it is imported: every problem, each with the row a person can find.

``validate_file(path)`` reads the file with ``indicators.importers`` (which reports unreadable
cells, unknown regions and indicators, wrong columns, an empty file) and adds the checks that
look at values and at the file as a whole:

- year plausible: 1990 … next year;
- a percentage (unit ``percent``) within 0-100, including its confidence bounds;
- no negative count (units such as ``persons``, ``children``, ``cases``), except indicators
  whose id says they are a balance or a change (``net``, ``balance``, ``change``, ``growth``);
- ``ci_low <= value <= ci_high`` where given;
- no two rows with the same key (country, area, boundary vintage, indicator, period) and
  different values (identical repeats are harmless and kept once);
- status ``synthetic`` on all rows or on none (a synthetic dataset is marked as such
  everywhere; mixing invented and real figures in one file is refused).

Status policy (also in docs/IMPORT.md): ``user_import`` is the default; a row may claim
``official_table``, ``official_derived``, ``press_reported``, ``secondary`` or ``derived``
only with a ``source`` (and ``official_table`` also with its ``source_url``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Protocol

import pandas as pd

from indicators.importers import ImportContext, ImportResult, Problem, ProblemKind, read_file
from indicators.importers.problems import ProblemParam
from indicators.importers.template import normalise_unit
from indicators.model import Status

__all__ = ["Problem", "check_observations", "validate_file"]

FIRST_YEAR = 1990
COUNT_UNITS = frozenset(
    {"persons", "person", "people", "children", "cases", "births", "count", "number", "households"}
)
SIGNED_HINTS = ("net", "balance", "change", "growth", "increase", "difference")
DUPLICATE_KEY = ("country", "area_code", "vintage", "indicator", "period_start", "period_end")


class _RowValues(Protocol):
    """What the one-row checks read from an observation (``itertuples`` of a model frame;
    NaN for an unpublished number)."""

    year: int
    value: float
    ci_low: float
    ci_high: float
    unit: str
    indicator: str


def validate_file(
    path: Path | str, format: str = "auto", context: ImportContext | None = None
) -> ImportResult:
    """Read ``path`` and return the result with every problem found (mapping and value checks).

    Raises ``UnreadableFileError`` only when the file cannot be opened at all.
    """
    result = read_file(path, format=format, context=context)
    result.problems = sorted(set(result.problems) | set(check_observations(result)))
    result.observations, result.rows = _drop_identical_repeats(result)
    return result


def check_observations(result: ImportResult, today: dt.date | None = None) -> list[Problem]:
    """Value and whole-file checks (see the module docstring) on mapped observations."""
    obs = result.observations
    if obs.empty:
        return []
    rows = result.rows if len(result.rows) == len(obs) else [0] * len(obs)
    last_year = (today or dt.date.today()).year + 1
    problems: list[Problem] = []
    for position, record in enumerate(obs.itertuples(index=False)):
        problems.extend(_row_checks(result.file, rows[position], record, last_year))
    problems.extend(_duplicate_checks(result.file, obs, rows))
    problems.extend(_synthetic_checks(result.file, obs, rows))
    return problems


def is_percent(unit: str) -> bool:
    """True for a percentage unit (``percent``, ``%``)."""
    return normalise_unit(unit) == "percent"


def is_count(unit: str) -> bool:
    """True for a unit that counts people or events (``persons``, ``children`` …)."""
    return normalise_unit(unit) in COUNT_UNITS


def may_be_negative(indicator: str) -> bool:
    """True for indicators that are balances or changes (net migration may be negative)."""
    return any(hint in indicator.lower().split("_") for hint in SIGNED_HINTS)


def fmt(number: float) -> str:
    """A number for a message: integers in full (2161797), others to 10 significant digits."""
    return str(int(number)) if float(number).is_integer() else f"{number:.10g}"


def _row_checks(file: str, row: int, record: _RowValues, last_year: int) -> list[Problem]:
    """Checks that need only one observation."""
    problems = []

    def bad(column: str, message: str, kind: ProblemKind, **params: ProblemParam) -> None:
        problems.append(Problem(file, row, column, message, kind, params))

    if not FIRST_YEAR <= record.year <= last_year:
        bad(
            "year",
            f"year {record.year} is implausible (expected {FIRST_YEAR}-{last_year})",
            ProblemKind.YEAR_IMPLAUSIBLE,
            year=int(record.year),
            first_year=FIRST_YEAR,
            last_year=last_year,
        )
    value, low, high = record.value, record.ci_low, record.ci_high
    if is_percent(record.unit):
        for column, number in (("value", value), ("ci_low", low), ("ci_high", high)):
            if pd.notna(number) and not 0 <= number <= 100:
                message = f"percentage {fmt(number)} is outside 0-100"
                bad(column, message, ProblemKind.OUT_OF_RANGE, value=float(number), low=0, high=100)
    elif is_count(record.unit) and not may_be_negative(record.indicator) and value < 0:
        bad(
            "value",
            f"negative count {fmt(value)} ({record.unit}) for {record.indicator}",
            ProblemKind.NEGATIVE_COUNT,
            value=float(value),
            catalogue_unit=str(record.unit),
            indicator=str(record.indicator),
        )
    if pd.notna(low) and low > value:
        message = f"ci_low {fmt(low)} is above the value {fmt(value)}"
        bad(
            "ci_low", message, ProblemKind.CI_LOW_ABOVE_VALUE, ci_low=float(low), value=float(value)
        )
    if pd.notna(high) and high < value:
        message = f"ci_high {fmt(high)} is below the value {fmt(value)}"
        params = {"ci_high": float(high), "value": float(value)}
        bad("ci_high", message, ProblemKind.CI_HIGH_BELOW_VALUE, **params)
    return problems


def _duplicate_checks(file: str, obs: pd.DataFrame, rows: list[int]) -> list[Problem]:
    """Rows sharing a key with a different value; each points at the first row of its key."""
    problems = []
    first_seen: dict[tuple, tuple[int, float]] = {}
    for position, key in enumerate(obs[list(DUPLICATE_KEY)].itertuples(index=False, name=None)):
        value = float(obs["value"].iat[position])
        if key in first_seen:
            first_row, first_value = first_seen[key]
            if first_value != value:
                problems.append(
                    Problem(
                        file,
                        rows[position],
                        "value",
                        f"duplicate of row {first_row} ({key[1]}, {key[3]}, {key[4][:4]}) with a "
                        f"different value: {fmt(value)} here, {fmt(first_value)} there",
                        ProblemKind.DUPLICATE_ROW,
                        {
                            "first_row": first_row,
                            "area": str(key[1]),
                            "indicator": str(key[3]),
                            "year": str(key[4][:4]),
                            "value": value,
                            "first_value": first_value,
                        },
                    )
                )
        else:
            first_seen[key] = (rows[position], value)
    return problems


def _synthetic_checks(file: str, obs: pd.DataFrame, rows: list[int]) -> list[Problem]:
    """Synthetic rows must not be mixed with real ones."""
    synthetic = obs["status"] == Status.SYNTHETIC.value
    if not synthetic.any() or synthetic.all():
        return []
    return [
        Problem(
            file,
            rows[position],
            "status",
            "status 'synthetic' mixed with real figures; put synthetic rows in their own file",
            ProblemKind.SYNTHETIC_MIXED,
        )
        for position in synthetic.to_numpy().nonzero()[0]
    ]


def _drop_identical_repeats(result: ImportResult) -> tuple[pd.DataFrame, list[int]]:
    """Observations without exact repeats of a key and value (kept once, first row)."""
    obs = result.observations
    if obs.empty:
        return obs, result.rows
    keep = ~obs.duplicated(subset=[*DUPLICATE_KEY, "value"], keep="first")
    rows = [r for r, k in zip(result.rows, keep, strict=True) if k]
    return obs[keep].reset_index(drop=True), rows
