"""The Gap scores page's settings and their URL query string (no Dash imports).

Every control lives in the query so that a shared link restores the same ranking. Keys:

- shared filters (as on every page): ``country`` (``KGZ``, ``KAZ``; ``both`` is accepted and
  scored as Kyrgyzstan with a note, because gap scores never pool the two countries),
  ``level`` (1 regions, 2 districts), ``region`` (an admin-1 ISO 3166-2 code limiting the
  rows shown), ``areas`` (comma-separated area codes selected by a program officer), ``lang``;
- ``year`` (empty = the year that scores most areas), ``tol`` (0-5 years of tolerance);
- ``demo=1``: the SYNTHETIC demo dataset instead of the real cited one;
- ``ind``: comma-separated catalogue ids of the indicators in the score (empty = default,
  ``none`` = none chosen);
  per indicator ``w_<id>`` (weight 0-5, default 1), ``dir_<id>`` (+1 higher is better, -1 higher
  is worse; default from the catalogue), ``tgt_<id>`` (target in the indicator's unit, or
  ``none`` to drop the catalogue target);
- method: ``norm`` (``minmax goalposts rank``), ``agg`` (``arithmetic geometric power``), ``p``
  (exponent of the power mean, -10..10), ``minshare`` (minimum weight share 0-1).

Parsing never fails: a malformed value keeps its default and is reported as ``(key, value)``
so the page can say so. Only the shape of ids and codes is checked here; whether an indicator
exists and has data is the score view's business.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from dashboard.common.areas import country_of, parse_areas
from dashboard.i18n import DEFAULT_LANGUAGE, LANGUAGES
from indicators.gapscore.spec import (
    AGGREGATIONS,
    DEFAULT_MIN_WEIGHT_SHARE,
    DEFAULT_TOLERANCE_YEARS,
    NORMALISATIONS,
)

COUNTRIES: tuple[str, ...] = ("KGZ", "KAZ")
LEVELS: tuple[int, ...] = (1, 2)
MAX_TOLERANCE = 5
MAX_WEIGHT = 5.0
BASE_KEYS: tuple[str, ...] = (
    "country",
    "level",
    "region",
    "year",
    "tol",
    "lang",
    "demo",
    "ind",
    "norm",
    "agg",
    "p",
    "minshare",
)
_ID = re.compile(r"^[a-z0-9_]{1,80}$")
_REGION = re.compile(r"^K[GZ]-[A-Z0-9]{1,3}$")
_ISO_PREFIX = {"KAZ": "KZ", "KGZ": "KG"}


@dataclass(frozen=True)
class ScoresState:
    """What the Gap scores page shows; hashable so computed views can be cached by it.

    ``indicators`` None means the default selection. ``weights``, ``directions`` and
    ``targets`` hold only the user's overrides as sorted ``(id, value)`` pairs; a target of
    None drops the catalogue target. ``both_requested`` records that the URL asked for both
    countries (scored one at a time).
    """

    country: str = "KGZ"
    level: int = 1
    region: str | None = None
    areas: tuple[str, ...] = ()
    year: int | None = None
    tol: int = DEFAULT_TOLERANCE_YEARS
    lang: str = DEFAULT_LANGUAGE
    demo: bool = False
    indicators: tuple[str, ...] | None = None
    weights: tuple[tuple[str, float], ...] = ()
    directions: tuple[tuple[str, int], ...] = ()
    targets: tuple[tuple[str, float | None], ...] = ()
    norm: str = "minmax"
    agg: str = "arithmetic"
    power: float = 0.5
    minshare: float = DEFAULT_MIN_WEIGHT_SHARE
    both_requested: bool = False

    def weight(self, indicator: str) -> float:
        """The weight of ``indicator`` (1 unless overridden)."""
        return dict(self.weights).get(indicator, 1.0)

    def direction(self, indicator: str, default: int) -> int:
        """The direction of ``indicator``: the override, else ``default`` (the catalogue's)."""
        return dict(self.directions).get(indicator, default)

    def target(self, indicator: str, default: float | None) -> float | None:
        """The target of ``indicator``: the override (None = no target), else ``default``."""
        return dict(self.targets).get(indicator, default)

    def with_(self, **changes: object) -> ScoresState:
        """A copy with some fields changed."""
        return replace(self, **changes)

    def to_query(self, catalogue_defaults: Mapping[str, tuple[int, float | None]]) -> dict:
        """Query parameters for this state; per-indicator keys only where they differ from
        ``catalogue_defaults`` (``id -> (direction, target)``), so links stay short."""
        query: dict[str, str] = {
            "country": "both" if self.both_requested else self.country,
            "level": str(self.level),
            "region": self.region or "",
            "areas": ",".join(self.areas),
            "year": "" if self.year is None else str(self.year),
            "tol": str(self.tol),
            "lang": self.lang,
            "demo": "1" if self.demo else "",
            "ind": "none" if self.indicators == () else ",".join(self.indicators or ()),
            "norm": self.norm,
            "agg": self.agg,
            "p": _number_text(self.power) if self.agg == "power" else "",
            "minshare": _number_text(self.minshare),
        }
        for ind in self.indicators or ():
            direction, target = catalogue_defaults.get(ind, (0, None))
            if self.weight(ind) != 1.0:
                query[f"w_{ind}"] = _number_text(self.weight(ind))
            if self.direction(ind, direction) != direction:
                query[f"dir_{ind}"] = str(self.direction(ind, direction))
            chosen = self.target(ind, target)
            if chosen != target:
                query[f"tgt_{ind}"] = "none" if chosen is None else _number_text(chosen)
        return query


def _number_text(value: float) -> str:
    """``2.0`` -> ``"2"``, ``0.75`` -> ``"0.75"`` (no float noise in URLs)."""
    return f"{value:.6g}"


def _first(value: object) -> str:
    """A query value as text (Dash gives a list for a repeated key: take the first)."""
    if isinstance(value, list | tuple):
        value = value[0] if value else ""
    return "" if value is None else str(value).strip()


def _number(text: str, low: float, high: float) -> float:
    """A finite number in ``[low, high]``; ValueError otherwise."""
    value = float(text)
    if not math.isfinite(value) or not low <= value <= high:
        raise ValueError(text)
    return value


def _choice(text: str, allowed: tuple) -> str:
    if text not in allowed:
        raise ValueError(text)
    return text


def _ids(text: str) -> tuple[str, ...]:
    """Comma-separated indicator ids (deduplicated, order kept; ``none`` = explicitly none);
    ValueError for a bad id."""
    if text.lower() == "none":
        return ()
    ids = [s.strip() for s in text.split(",") if s.strip()]
    if not ids or not all(_ID.match(i) for i in ids):
        raise ValueError(text)
    return tuple(dict.fromkeys(ids))


def _year(text: str) -> int:
    year = int(text)
    if not 1990 <= year <= 2100:
        raise ValueError(text)
    return year


def _tolerance(text: str) -> int:
    """Whole years 0..MAX_TOLERANCE; ValueError otherwise."""
    if not text.isdigit() or int(text) > MAX_TOLERANCE:
        raise ValueError(text)
    return int(text)


def _region(text: str) -> str:
    if not _REGION.match(text.upper()):
        raise ValueError(text)
    return text.upper()


_PARSERS = {
    "level": lambda s: {"level": int(_choice(s, ("1", "2")))},
    "region": lambda s: {"region": _region(s)},
    "year": lambda s: {"year": _year(s)},
    "tol": lambda s: {"tol": _tolerance(s)},
    "lang": lambda s: {"lang": _choice(s.lower(), LANGUAGES)},
    "demo": lambda s: {"demo": s.lower() in ("1", "true", "yes", "on")},
    "ind": lambda s: {"indicators": _ids(s)},
    "norm": lambda s: {"norm": _choice(s.lower(), NORMALISATIONS)},
    "agg": lambda s: {"agg": _choice(s.lower(), AGGREGATIONS)},
    "p": lambda s: {"power": _number(s, -10, 10)},
    "minshare": lambda s: {"minshare": _number(s, 0, 1)},
}


def _country(text: str) -> dict:
    """``KGZ``/``KAZ``; ``both`` becomes Kyrgyzstan, remembered for the note and the URL."""
    if text.lower() == "both":
        return {"country": "KGZ", "both_requested": True}
    return {"country": _choice(text.upper(), COUNTRIES)}


def _indicator_keys(query: Mapping[str, object], problems: list) -> dict:
    """Weights, directions and targets from ``w_<id>``, ``dir_<id>``, ``tgt_<id>`` keys."""
    weights, directions, targets = {}, {}, {}
    for key in sorted(str(k) for k in query):
        prefix, _, ind = key.partition("_")
        if prefix not in ("w", "dir", "tgt") or not _ID.match(ind):
            continue
        text = _first(query[key])
        try:
            if prefix == "w":
                weights[ind] = _number(text, 0, MAX_WEIGHT)
            elif prefix == "dir":
                directions[ind] = int(_choice(text.lstrip("+"), ("1", "-1")))
            else:
                targets[ind] = None if text.lower() == "none" else _number(text, -1e12, 1e12)
        except (ValueError, TypeError):
            problems.append((key, text[:80]))
    return {
        "weights": tuple(sorted(weights.items())),
        "directions": tuple(sorted(directions.items())),
        "targets": tuple(sorted(targets.items())),
    }


def parse_query(query: Mapping[str, object]) -> tuple[ScoresState, list[tuple[str, str]]]:
    """The state for URL query parameters and ``(key, bad value)`` for each malformed one."""
    changes: dict[str, object] = {}
    problems: list[tuple[str, str]] = []
    for key in BASE_KEYS:
        text = _first(query.get(key))
        if not text:
            continue
        try:
            changes.update(_country(text) if key == "country" else _PARSERS[key](text))
        except (ValueError, TypeError):
            problems.append((key, text[:80]))
    changes.update(_indicator_keys(query, problems))
    state = ScoresState(**changes)
    if state.region and not state.region.startswith(_ISO_PREFIX[state.country]):
        problems.append(("region", state.region))
        state = state.with_(region=None)
    return state.with_(
        areas=areas_of_country(query.get("areas"), state.country, problems)
    ), problems


def areas_of_country(value: object, country: str, problems: list) -> tuple[str, ...]:
    """The ``areas`` selection (``dashboard.common.areas``) limited to ``country``: unknown codes
    are reported in ``problems``; the other country's codes are dropped silently (the same
    link serves pages that show both countries)."""
    codes, rejected = parse_areas(value)
    if rejected:
        problems.append(("areas", ",".join(rejected)[:80]))
    return tuple(c for c in codes if country_of(c) == country)
