"""The map page's state and its URL query string (``?country=KGZ&level=1&indicator=...``).

Every control of the map lives in the query so a view can be shared and reloaded. Keys:
``country`` (``KAZ``, ``KGZ`` or ``both``), ``level`` (1 regions, 2 districts), ``indicator``
(catalogue id), ``year`` (empty = latest with data), ``tol`` (years of tolerance, 0-5), ``lang``,
``region`` (an admin-1 ISO 3166-2 code that limits the map; empty or ``all``: no limit),
``palette`` (``viridis cividis ylorrd``), ``breaks`` (``year``: classes from the shown
year, ``fixed``: from all years), ``labels`` (``on``/``off``: area names and values on the
map) and ``dataset`` (``default``, the cited figures; an imported
dataset's name; or ``demo-synthetic``, shown only with a SYNTHETIC banner).

Parsing (:mod:`dashboard.state.model`) never fails: a malformed value falls back to its default
and comes back as a Note, so the page can say so. ``demo=1`` (old links) reads as
``dataset=demo-synthetic``. The indicator id is only checked for shape here; whether it exists
is the map callback's business (it then shows a friendly error).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from typing import Any

from dashboard.common.colours import DEFAULT_PALETTE, PALETTES
from dashboard.i18n import DEFAULT_LANGUAGE
from dashboard.state.model import (
    ALL,
    DEFAULT_DATASET,
    FieldParser,
    Note,
    choice,
    countries_of,
    dataset_name,
    indicator_id,
    language,
    legacy_demo,
    parse_fields,
    reference_year,
    region_code,
    region_fits,
    with_used,
)

COUNTRIES: tuple[str, ...] = ("KGZ", "KAZ", "both")
LEVELS: tuple[int, ...] = (1, 2)
TOLERANCES: tuple[int, ...] = (0, 1, 2, 3, 5)
BREAKS: tuple[str, ...] = ("year", "fixed")
DEFAULT_INDICATOR = "left_behind_any_parent_pct"
ALL_REGIONS = ALL  # the region select's value for "no region filter"
QUERY_KEYS: tuple[str, ...] = (
    "country",
    "level",
    "indicator",
    "year",
    "tol",
    "lang",
    "region",
    "palette",
    "breaks",
    "dataset",
    "labels",
)
LABELS: tuple[str, ...] = ("on", "off")


@dataclass(frozen=True)
class MapState:
    """What the map shows. ``year`` None means the latest year with data."""

    country: str = "KGZ"
    level: int = 1
    indicator: str = DEFAULT_INDICATOR
    year: int | None = None
    tol: int = 0
    lang: str = DEFAULT_LANGUAGE
    region: str | None = None
    palette: str = DEFAULT_PALETTE
    breaks: str = "year"
    dataset: str = DEFAULT_DATASET
    labels: str = "on"

    def countries(self) -> tuple[str, ...]:
        """The ISO3 codes shown: one country, or both."""
        return countries_of(self.country)

    def to_query(self) -> dict[str, str]:
        """The query parameters for this state (empty values for ``year``/``region`` when unset)."""
        values = asdict(self)
        return {key: "" if values[key] is None else str(values[key]) for key in QUERY_KEYS}

    def with_(self, **changes: Any) -> MapState:
        """A copy with some fields changed."""
        return replace(self, **changes)


def _year(text: str) -> int | None:
    """A plausible reference year; ValueError otherwise."""
    return reference_year(text)


_PARSERS: dict[str, FieldParser] = {
    "country": lambda s: {"country": choice(s if s == "both" else s.upper(), COUNTRIES)},
    "level": lambda s: {"level": choice(s, LEVELS, int)},
    "indicator": lambda s: {"indicator": indicator_id(s)},
    "year": lambda s: {"year": _year(s)},
    "tol": lambda s: {"tol": choice(s, TOLERANCES, int)},
    "lang": lambda s: {"lang": language(s)},
    "region": lambda s: {"region": region_code(s)},
    "palette": lambda s: {"palette": choice(s.lower(), tuple(PALETTES))},
    "breaks": lambda s: {"breaks": choice(s.lower(), BREAKS)},
    "demo": legacy_demo,
    "dataset": lambda s: {"dataset": dataset_name(s)},
    "labels": lambda s: {"labels": choice(s.lower(), LABELS)},
}


def parse_query(query: Mapping[str, object]) -> tuple[MapState, list[Note]]:
    """The state described by URL query parameters, plus a :class:`Note` for each value that
    was malformed and replaced by its default. Unknown keys are ignored."""
    changes, notes = parse_fields(query, _PARSERS)
    state = MapState(**changes)
    if not region_fits(state.region, state.countries()):
        notes.append(Note("region", str(state.region), ""))
        state = replace(state, region=None)
    return state, with_used(notes, state.to_query())
