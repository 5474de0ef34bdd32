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
