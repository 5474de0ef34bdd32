"""The tidy observation model: one row per published (or derived) value, with its provenance.

Columns (``OBSERVATION_COLUMNS``):

- ``obs_id``: stable hash of the key fields (country, level, area_code, indicator, period, status,
  source).
- ``country``: ISO 3166-1 alpha-3, ``KAZ`` or ``KGZ``.
- ``level``: 0 national, 1 region (oblast / city of republican significance), 2 district (rayon /
  city).
- ``area_code``: ``KAZ``/``KGZ`` at level 0, ISO 3166-2 at level 1, pcode at level 2 (see geodata).
- ``area_name``: the area's name exactly as the source printed it.
- ``vintage``: the boundary layout the value refers to (``geodata.vintages``).
- ``indicator``: an id from the catalogue (``indicators/data/indicators.json``).
- ``period_start``, ``period_end``: ISO dates; a census day or "1 January" is a one-day period.
- ``year``: the reference year used on the time axis.
- ``value``: float, as published (never imputed).
- ``qualifier``: how exact the published figure is (``Qualifier``).
- ``unit``: e.g. ``persons``, ``percent``, ``per 1,000 children``.
- ``ci_low``, ``ci_high``: confidence interval where published (survey estimates), else empty.
- ``status``: where the value comes from (``Status``).
- ``source_id``: key into ``sources``; ``source_locator``: table / page / article the figure sits
  in.
- ``derived_from``: for derived values, the ``obs_id`` values of the inputs, separated by ``;``.
- ``notes``: verbatim wording, caveats, composition of aggregated areas.
"""

from __future__ import annotations

import hashlib
import math
from datetime import date
from enum import StrEnum

import pandas as pd


class Status(StrEnum):
    """Where a value comes from, from most to least authoritative."""

    OFFICIAL_TABLE = "official_table"
    OFFICIAL_DERIVED = "official_derived"
    PRESS_REPORTED = "press_reported"
    SECONDARY = "secondary"
    DERIVED = "derived"
    USER_IMPORT = "user_import"
    SYNTHETIC = "synthetic"


class Qualifier(StrEnum):
    """How exact a published figure is."""

    EXACT = "exact"
    ROUNDED = "rounded"
    LOWER_BOUND = "lower_bound"
    APPROXIMATE = "approximate"


OBSERVATION_COLUMNS: tuple[str, ...] = (
    "obs_id",
    "country",
    "level",
    "area_code",
    "area_name",
    "vintage",
    "indicator",
    "period_start",
    "period_end",
    "year",
    "value",
    "qualifier",
    "unit",
    "ci_low",
    "ci_high",
    "status",
    "source_id",
    "source_locator",
    "derived_from",
    "notes",
)

COUNTRIES: tuple[str, ...] = ("KAZ", "KGZ")
LEVELS: tuple[int, ...] = (0, 1, 2)

STATUS_ORDER: tuple[str, ...] = tuple(s.value for s in Status)
"""Statuses from most to least authoritative (used to pick one value per area and year)."""

STRING_COLUMNS: tuple[str, ...] = tuple(
    c for c in OBSERVATION_COLUMNS if c not in ("level", "year", "value", "ci_low", "ci_high")
)
YEAR_UNKNOWN = "YEAR UNKNOWN"


def status_rank(status: str) -> int:
    """0 for ``official_table`` … 6 for ``synthetic``; unknown statuses rank last."""
    return STATUS_ORDER.index(status) if status in STATUS_ORDER else len(STATUS_ORDER)


def empty_observations() -> pd.DataFrame:
    """An empty observations frame with the model's columns and dtypes."""
    return coerce_observations(pd.DataFrame(columns=list(OBSERVATION_COLUMNS)))


def coerce_observations(df: pd.DataFrame) -> pd.DataFrame:
    """The model's dtypes: strings ("" when missing), level/year nullable Int64, floats for values.

    Extra columns are kept after the model's columns (e.g. ``breakdown`` in the exclusion file).
    """
    out = df.copy()
    for col in OBSERVATION_COLUMNS:
        if col not in out.columns:
            out[col] = pd.NA
    for col in STRING_COLUMNS:
        out[col] = out[col].astype("object").where(out[col].notna(), "").astype(str)
    for col in ("level", "year"):
        out[col] = pd.to_numeric(out[col].replace("", pd.NA), errors="coerce").astype("Int64")
    for col in ("value", "ci_low", "ci_high"):
        out[col] = pd.to_numeric(out[col].replace("", pd.NA), errors="coerce").astype("float64")
    extra = [c for c in out.columns if c not in OBSERVATION_COLUMNS]
    return out[list(OBSERVATION_COLUMNS) + extra].reset_index(drop=True)


def make_obs_id(*key: object) -> str:
    """A stable id from key fields: ``"o"`` + the first 12 hex digits of their SHA-1."""
    text = "\x1f".join("" if k is None else str(k) for k in key)
    return "o" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _row_problems(row: dict, indicators: dict, source_ids: set[str] | None) -> list[tuple]:
    """(column, message) pairs for one observation row (see ``validate_observations``)."""
    from geodata.codes import code_level

    out = []
    if row["country"] not in COUNTRIES:
        out.append(("country", f"{row['country']!r} is not KAZ or KGZ"))
    if pd.isna(row["level"]) or int(row["level"]) not in LEVELS:
        out.append(("level", f"{row['level']!r} is not 0, 1 or 2"))
    elif code_level(row["area_code"]) != int(row["level"]):
        out.append(("area_code", f"{row['area_code']!r} is not a level-{row['level']} code"))
    entry = indicators.get(row["indicator"])
    if entry is None:
        out.append(("indicator", f"{row['indicator']!r} is not in the catalogue"))
    elif row["unit"] != entry.unit:
        out.append(("unit", f"{row['unit']!r} differs from the catalogue unit {entry.unit!r}"))
    if row["status"] not in STATUS_ORDER:
        out.append(("status", f"{row['status']!r} is not one of {', '.join(STATUS_ORDER)}"))
    if row["qualifier"] not in {q.value for q in Qualifier}:
        out.append(("qualifier", f"{row['qualifier']!r} is not a known qualifier"))
    if pd.isna(row["value"]) or not math.isfinite(row["value"]):
        out.append(("value", "missing or not a finite number (a missing value has no row)"))
    out += _period_problems(row)
    low, high, value = row["ci_low"], row["ci_high"], row["value"]
    if not pd.isna(value) and (
        (not pd.isna(low) and low > value) or (not pd.isna(high) and high < value)
    ):
        out.append(("ci_low", f"interval {low}..{high} does not contain the value {value}"))
    if row["status"] == Status.DERIVED and not row["derived_from"]:
        out.append(("derived_from", "a derived value must list the obs_id of its inputs"))
    cited = row["status"] == Status.DERIVED or source_ids is None
    if not cited and row["source_id"] not in (source_ids or set()):
        out.append(("source_id", f"{row['source_id']!r} is not in the sources"))
    return out


def _period_problems(row: dict) -> list[tuple]:
    """Checks of period_start/period_end/year: ISO dates, ordered, containing the year."""
    start, end, year = row["period_start"], row["period_end"], row["year"]
    if pd.isna(year):
        ok = YEAR_UNKNOWN in row["notes"]
        return [] if ok else [("year", f"empty year without a '{YEAR_UNKNOWN}' note")]
    try:
        first, last = date.fromisoformat(start), date.fromisoformat(end)
    except ValueError:
        return [("period_start", f"period {start!r}..{end!r} is not two ISO dates")]
    if first > last:
        return [("period_end", f"period ends ({end}) before it starts ({start})")]
    if not first.year <= int(year) <= last.year:
        return [("year", f"year {year} lies outside the period {start}..{end}")]
    return []


def validate_observations(
    df: pd.DataFrame, file: str = "observations", source_ids: set[str] | None = None
) -> list:
    """Schema problems of a tidy observations table, one ``Problem`` per row and column.

    Rows are numbered as CSV lines (the header is line 1). Checks: the model's columns exist;
    obs_id unique; country, level and area code agree; indicator in the catalogue with its
    unit; status and qualifier known; value finite; period ISO, ordered and containing the
    year (an empty year needs a ``YEAR UNKNOWN`` note); CI brackets the value; derived rows
    list inputs; ``source_ids`` (when given) cite every non-derived row.
    """
    from indicators.catalogue import catalogue
    from indicators.importers.problems import Problem, ProblemKind

    def schema(row: int, column: str, message: str) -> Problem:
        return Problem(file, row, column, message, ProblemKind.SCHEMA, {"detail": message})

    missing = [c for c in OBSERVATION_COLUMNS if c not in df.columns]
    if missing:
        return [schema(1, "", f"missing columns: {', '.join(missing)}")]
    table = coerce_observations(df)
    problems = [
        schema(int(i) + 2, "obs_id", f"duplicate obs_id {oid!r}")
        for i, oid in table["obs_id"][table["obs_id"].duplicated()].items()
    ]
    indicators = catalogue()
    for i, row in enumerate(table.to_dict("records")):
        problems += [
            schema(i + 2, col, msg) for col, msg in _row_problems(row, indicators, source_ids)
        ]
    return sorted(problems)
