"""The map page's state and its URL query string (``?country=KGZ&level=1&indicator=...``).

Every control of the map lives in the query so a view can be shared and reloaded. Keys:
``country`` (``KAZ``, ``KGZ`` or ``both``), ``level`` (1 regions, 2 districts), ``indicator``
(catalogue id), ``year`` (empty = latest with data), ``tol`` (years of tolerance, 0-5), ``lang``,
``region`` (an admin-1 ISO 3166-2 code that limits the map; empty or ``all``: no limit),
``palette`` (``viridis cividis ylorrd``), ``breaks`` (``year``: classes from the shown
year, ``fixed``: from all years) and ``dataset`` (``default``, the cited figures; an imported
dataset's name; or ``demo-synthetic``, shown only with a SYNTHETIC banner).

Parsing never fails: a malformed value falls back to its default and is reported, so the page can
say so. The indicator id is only checked for shape here; whether it exists is the map callback's
business (it then shows a friendly error).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace

from dashboard.common.colours import DEFAULT_PALETTE, PALETTES
from dashboard.i18n import DEFAULT_LANGUAGE, LANGUAGES

COUNTRIES: tuple[str, ...] = ("KGZ", "KAZ", "both")
LEVELS: tuple[int, ...] = (1, 2)
TOLERANCES: tuple[int, ...] = (0, 1, 2, 3, 5)
BREAKS: tuple[str, ...] = ("year", "fixed")
DEFAULT_INDICATOR = "left_behind_any_parent_pct"
ALL_REGIONS = "all"  # the region select's value for "no region filter"
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
)
DEFAULT_DATASET = "default"
_DATASET_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_ISO_PREFIX = {"KAZ": "KZ-", "KGZ": "KG-"}
_INDICATOR_ID = re.compile(r"^[A-Za-z0-9_]{1,80}$")
_REGION_CODE = re.compile(r"^K[GZ]-[A-Z0-9]{1,3}$")


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

    def countries(self) -> tuple[str, ...]:
        """The ISO3 codes shown: one country, or both."""
        return ("KAZ", "KGZ") if self.country == "both" else (self.country,)

    def to_query(self) -> dict[str, str]:
        """The query parameters for this state (empty values for ``year``/``region`` when unset)."""
        values = asdict(self)
        return {key: "" if values[key] is None else str(values[key]) for key in QUERY_KEYS}

    def with_(self, **changes: object) -> MapState:
        """A copy with some fields changed."""
        return replace(self, **changes)


def _first(value: object) -> str:
    """A query value as text (Dash gives a list for repeated keys: take the first)."""
    if isinstance(value, list | tuple):
        value = value[0] if value else ""
    return "" if value is None else str(value).strip()


def _choice(text: str, allowed: tuple, cast=str) -> object:
    """``cast(text)`` when it is one of ``allowed``; raises ValueError otherwise."""
    value = cast(text)
    if value not in allowed:
        raise ValueError(text)
    return value


def _year(text: str) -> int | None:
    """A plausible reference year or None for empty text; ValueError otherwise."""
    if not text:
        return None
    year = int(text)
    if not 1990 <= year <= 2100:
        raise ValueError(text)
    return year


def _region(text: str) -> str | None:
    """An ISO 3166-2 code of Kazakhstan or Kyrgyzstan, or None for empty text or ``all``."""
    if not text or text.lower() == ALL_REGIONS:
        return None
    if not _REGION_CODE.match(text.upper()):
        raise ValueError(text)
    return text.upper()


def _dataset(text: str) -> str:
    """A dataset name of the store's safe shape (existence is checked by the map callback)."""
    if not _DATASET_NAME.match(text):
        raise ValueError(text)
    return text


def _indicator(text: str) -> str:
    """An indicator id of the right shape (existence is checked later)."""
    if not _INDICATOR_ID.match(text):
        raise ValueError(text)
    return text


_PARSERS = {
    "country": lambda s: _choice(s if s == "both" else s.upper(), COUNTRIES),
    "level": lambda s: _choice(s, LEVELS, int),
    "indicator": _indicator,
    "year": _year,
    "tol": lambda s: _choice(s, TOLERANCES, int),
    "lang": lambda s: _choice(s.lower(), LANGUAGES),
    "region": _region,
    "palette": lambda s: _choice(s.lower(), tuple(PALETTES)),
    "breaks": lambda s: _choice(s.lower(), BREAKS),
    "dataset": lambda s: _dataset(s.lower()),
}


def parse_query(query: Mapping[str, object]) -> tuple[MapState, list[tuple[str, str]]]:
    """The state described by URL query parameters, plus ``(key, bad value)`` for each value
    that was malformed and replaced by its default. Unknown keys are ignored."""
    state = MapState()
    problems: list[tuple[str, str]] = []
    for key in QUERY_KEYS:
        text = _first(query.get(key))
        if not text:
            continue
        try:
            state = replace(state, **{key: _PARSERS[key](text)})
        except (ValueError, TypeError):
            problems.append((key, text[:80]))
    prefixes = tuple(_ISO_PREFIX[c] for c in state.countries())
    if state.region and not state.region.startswith(prefixes):
        problems.append(("region", state.region))
        state = replace(state, region=None)
    return state, problems
