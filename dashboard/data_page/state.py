"""The Data & downloads page's filter and its URL query string (no Dash imports).

Keys (the shared filter every page honours, plus this page's own):

- ``country``: ``KGZ``, ``KAZ`` or ``both`` (ISO 3166-1 alpha-3);
- ``level``: 1 regions, 2 districts, or 0 national figures (this page only; the map ignores it);
- ``region``: an admin-1 ISO 3166-2 code (``KG-O``, ``KZ-19``) limiting the rows, empty or
  ``all`` = all;
- ``areas``: comma-separated area codes chosen by a program officer (a region stands for itself
  and its districts, see ``dashboard.common.areas``);
- ``indicator``: a catalogue id, empty or ``all`` = every indicator;
- ``year``: ``2023`` (one year), ``2015-2023`` (a range, inclusive) or empty (all years);
- ``dataset``: ``default`` (the cited dataset), ``demo-synthetic`` (SYNTHETIC, invented
  values) or the name of an imported dataset; ``demo=1`` (the Gap scores page's key) means
  ``demo-synthetic``;
- ``lang``: ``en ru kk ky``.

Parsing (:mod:`dashboard.state.model`) never fails: a malformed value keeps its default and
comes back as a Note so the page can say so. Whether an indicator or a
dataset exists is checked by the page, not here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from dashboard.i18n import DEFAULT_LANGUAGE
from dashboard.state.model import (
    ALL,
    DEFAULT_DATASET,
    MAX_YEAR,
    MIN_YEAR,
    SYNTHETIC_DATASET,
    FieldParser,
    Note,
    choice,
    countries_of,
    dataset_name,
    indicator_id,
    language,
    legacy_demo,
    parse_fields,
    region_code,
    region_fits,
    with_used,
)

COUNTRIES: tuple[str, ...] = ("KGZ", "KAZ", "both")
LEVELS: tuple[int, ...] = (1, 2, 0)
QUERY_KEYS: tuple[str, ...] = (
    "dataset",
    "country",
    "level",
    "region",
    "areas",
    "indicator",
    "year",
    "lang",
)
_YEAR = re.compile(r"^(\d{4})?\s*(?:([-–])\s*(\d{4})?)?$")


@dataclass(frozen=True)
class DataState:
    """What the Data page shows. ``indicator`` None = all; ``year_from``/``year_to`` None = open."""

    dataset: str = DEFAULT_DATASET
    country: str = "KGZ"
    level: int = 1
    region: str | None = None
    areas: tuple[str, ...] = ()
    indicator: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    lang: str = DEFAULT_LANGUAGE

    def countries(self) -> tuple[str, ...]:
        """The ISO3 codes shown: one country, or both."""
        return countries_of(self.country)

    @property
    def synthetic(self) -> bool:
        """True for the built-in SYNTHETIC demo dataset (user datasets say so themselves)."""
        return self.dataset == SYNTHETIC_DATASET

    @property
    def year_text(self) -> str:
        """The ``year`` query value: ``""``, ``"2023"``, ``"2015-2023"``, ``"2015-"`` or
        ``"-2020"``."""
        low, high = self.year_from, self.year_to
        if low is not None and low == high:
            return str(low)
        if low is None and high is None:
            return ""
        return f"{'' if low is None else low}-{'' if high is None else high}"

    def to_query(self) -> dict[str, str]:
        """The query parameters of this state (empty text for unset values)."""
        return {
            "dataset": self.dataset,
            "country": self.country,
            "level": str(self.level),
            "region": self.region or "",
            "areas": ",".join(self.areas),
            "indicator": self.indicator or "",
            "year": self.year_text,
            "lang": self.lang,
        }

    def with_(self, **changes: Any) -> DataState:
        """A copy with some fields changed."""
        return replace(self, **changes)

    def includes_year(self, year: int) -> bool:
        """True when ``year`` lies in the chosen range (both ends inclusive)."""
        return (self.year_from is None or year >= self.year_from) and (
            self.year_to is None or year <= self.year_to
        )


def parse_years(text: str) -> tuple[int | None, int | None]:
    """The ``year`` value as ``(from, to)``, both inclusive, None = open.

    ``"2023"`` -> (2023, 2023); ``"2015-2023"`` and ``"2023-2015"`` -> (2015, 2023);
    ``"2015-"`` -> (2015, None); ``"-2020"`` -> (None, 2020); ``""`` -> (None, None).
    Raises ValueError for anything else or a year outside 1990-2100.
    """
    match = _YEAR.match(text or "")
    if not match or (text and not (match.group(1) or match.group(3))):
        raise ValueError(text)
    low = int(match.group(1)) if match.group(1) else None
    high = low  # one year, unless a range (whose second year may be absent: open end)
    if match.group(2):
        high = int(match.group(3)) if match.group(3) else None
    years = [y for y in (low, high) if y is not None]
    if any(not MIN_YEAR <= y <= MAX_YEAR for y in years):
        raise ValueError(text)
    if low is not None and high is not None and low > high:
        low, high = high, low
    return low, high


def _years(text: str) -> dict[str, object]:
    low, high = parse_years(text)
    return {"year_from": low, "year_to": high}


_PARSERS: dict[str, FieldParser] = {
    "demo": legacy_demo,
    "dataset": lambda s: {"dataset": dataset_name(s)},
    "country": lambda s: {"country": choice(s if s == "both" else s.upper(), COUNTRIES)},
    "level": lambda s: {"level": choice(s, LEVELS, int)},
    "region": lambda s: {"region": region_code(s)},
    "indicator": lambda s: {"indicator": None if s.lower() == ALL else indicator_id(s)},
    "year": _years,
    "lang": lambda s: {"lang": language(s)},
}


def parse_query(query: Mapping[str, object]) -> tuple[DataState, list[Note]]:
    """The state described by URL query parameters, plus a :class:`Note` for each value that
    was malformed or does not fit the country and was dropped. Unknown keys are ignored."""
    changes, notes = parse_fields(query, _PARSERS)
    state = DataState(**changes)
    if not region_fits(state.region, state.countries()):
        notes.append(Note("region", str(state.region), ""))
        state = replace(state, region=None)
    areas, rejected = parse_areas(query.get("areas"), state.countries())
    notes += [Note("areas", code, "") for code in rejected]
    state = replace(state, areas=tuple(areas))
    return state, with_used(notes, state.to_query())


def parse_areas(value: object, countries: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """The ``areas`` value as known codes of ``countries`` (``dashboard.common.areas``)."""
    from dashboard.common.areas import parse_areas as shared_parse_areas

    return shared_parse_areas(value, countries)
