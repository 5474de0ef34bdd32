"""The tidy observation model: one row per published (or derived) value, with its provenance.

Columns (``OBSERVATION_COLUMNS``):

- ``obs_id``: stable hash of the key fields (country, level, area_code, indicator, period, status, source).
- ``country``: ISO 3166-1 alpha-3, ``KAZ`` or ``KGZ``.
- ``level``: 0 national, 1 region (oblast / city of republican significance), 2 district (rayon / city).
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
- ``source_id``: key into ``sources``; ``source_locator``: table / page / article the figure sits in.
- ``derived_from``: for derived values, the ``obs_id`` values of the inputs, separated by ``;``.
- ``notes``: verbatim wording, caveats, composition of aggregated areas.
"""

from __future__ import annotations

from enum import StrEnum


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
