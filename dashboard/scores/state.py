"""The Gap scores page's settings and their URL query string (no Dash imports).

Every control lives in the query so that a shared link restores the same ranking. Keys:

- shared filters (as on every page): ``country`` (``KGZ``, ``KAZ``; ``both`` is accepted and
  scored as Kyrgyzstan with a note, because gap scores never pool the two countries),
  ``level`` (1 regions, 2 districts), ``region`` (an admin-1 ISO 3166-2 code limiting the
  rows shown), ``areas`` (comma-separated area codes selected by a program officer), ``lang``;
- ``year`` (empty = the year that scores most areas), ``tol`` (0-5 years of tolerance);
- ``dataset``: ``default``, an imported dataset or ``demo-synthetic`` (SYNTHETIC); the legacy
  ``demo=1`` reads as ``dataset=demo-synthetic``;
- ``ind``: comma-separated catalogue ids of the indicators in the score (empty = default,
  ``none`` = none chosen);
  per indicator ``w_<id>`` (weight 0-5, default 1), ``dir_<id>`` (+1 higher is better, -1 higher
  is worse; default from the catalogue), ``tgt_<id>`` (target in the indicator's unit, or
  ``none`` to drop the catalogue target);
- method: ``norm`` (``minmax goalposts rank``), ``agg`` (``arithmetic geometric power``), ``p``
  (exponent of the power mean, -10..10), ``minshare`` (minimum weight share 0-1), ``mincov``
  (minimum indicator coverage: the share of the areas an indicator needs values for, 0-1,
  default 2/3; docs/METHOD.md §0);
- the need-versus-services view: ``view`` (``map`` or ``plane``), ``hl`` (the area code
  highlighted on the plane and the map).

Parsing (:mod:`dashboard.state.model`) never fails: a malformed value keeps its default and
comes back as a Note so the page can say so. Only the shape of ids and codes is checked here;
whether an indicator exists and has data is the score view's business.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from dashboard.common.areas import areas_of_country, country_of, parse_area
from dashboard.i18n import DEFAULT_LANGUAGE
from dashboard.state.model import (
    DEFAULT_DATASET,
    INDICATOR_ID,
    MAX_GIVEN,
    SYNTHETIC_DATASET,
    FieldParser,
    Note,
    dataset_name,
    first,
    language,
    legacy_demo,
    parse_fields,
    reference_year,
    region_code,
    region_fits,
    with_used,
)
from indicators.gapscore.spec import (
    AGGREGATIONS,
    DEFAULT_MIN_COVERAGE,
    DEFAULT_MIN_WEIGHT_SHARE,
    DEFAULT_TOLERANCE_YEARS,
    NORMALISATIONS,
)

COUNTRIES: tuple[str, ...] = ("KGZ", "KAZ")
LEVELS: tuple[int, ...] = (1, 2)
MAX_TOLERANCE = 5
MAX_WEIGHT = 5.0
VIEWS: tuple[str, ...] = ("map", "plane")
BASE_KEYS: tuple[str, ...] = (
    "country",
    "level",
    "region",
    "year",
    "tol",
    "lang",
    "demo",
    "dataset",
    "ind",
    "norm",
    "agg",
    "p",
    "minshare",
    "mincov",
    "view",
    "hl",
)


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
    dataset: str = DEFAULT_DATASET
    indicators: tuple[str, ...] | None = None
    weights: tuple[tuple[str, float], ...] = ()
    directions: tuple[tuple[str, int], ...] = ()
    targets: tuple[tuple[str, float | None], ...] = ()
    norm: str = "minmax"
    agg: str = "arithmetic"
    power: float = 0.5
    minshare: float = DEFAULT_MIN_WEIGHT_SHARE
    mincov: float = DEFAULT_MIN_COVERAGE
    view: str = "map"
    highlight: str | None = None
    both_requested: bool = False

    @property
    def synthetic(self) -> bool:
        """True for the built-in SYNTHETIC demo dataset."""
        return self.dataset == SYNTHETIC_DATASET

    def weight(self, indicator: str) -> float:
        """The weight of ``indicator`` (1 unless overridden)."""
        return dict(self.weights).get(indicator, 1.0)

    def direction(self, indicator: str, default: int) -> int:
        """The direction of ``indicator``: the override, else ``default`` (the catalogue's)."""
        return dict(self.directions).get(indicator, default)

    def target(self, indicator: str, default: float | None) -> float | None:
        """The target of ``indicator``: the override (None = no target), else ``default``."""
        return dict(self.targets).get(indicator, default)

    def with_(self, **changes: Any) -> ScoresState:
        """A copy with some fields changed (``replace`` rejects unknown names at run time)."""
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
            "dataset": self.dataset,
            "ind": "none" if self.indicators == () else ",".join(self.indicators or ()),
            "norm": self.norm,
            "agg": self.agg,
            "p": _number_text(self.power) if self.agg == "power" else "",
            "minshare": _number_text(self.minshare),
            # the default (2/3) stays out of links: "0.666667" would exceed 6 of 9 areas
            "mincov": "" if self.mincov == DEFAULT_MIN_COVERAGE else _number_text(self.mincov),
            "view": self.view,
            "hl": self.highlight or "",
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
    if not ids or not all(INDICATOR_ID.fullmatch(i) for i in ids):
        raise ValueError(text)
    return tuple(dict.fromkeys(ids))


def _tolerance(text: str) -> int:
    """Whole years 0..MAX_TOLERANCE; ValueError otherwise."""
    if not text.isdigit() or int(text) > MAX_TOLERANCE:
        raise ValueError(text)
    return int(text)


def _highlight(text: str) -> dict[str, object]:
    """``hl``: one known area code (upper case); ValueError otherwise (empty = none)."""
    code, rejected = parse_area(text)
    if rejected:
        raise ValueError(text)
    return {"highlight": code}


_PARSERS: dict[str, FieldParser] = {
    "level": lambda s: {"level": int(_choice(s, ("1", "2")))},
    "region": lambda s: {"region": region_code(s)},
    "year": lambda s: {"year": reference_year(s)},
    "tol": lambda s: {"tol": _tolerance(s)},
    "lang": lambda s: {"lang": language(s)},
    "demo": legacy_demo,
    "dataset": lambda s: {"dataset": dataset_name(s)},
    "ind": lambda s: {"indicators": _ids(s)},
    "norm": lambda s: {"norm": _choice(s.lower(), NORMALISATIONS)},
    "agg": lambda s: {"agg": _choice(s.lower(), AGGREGATIONS)},
    "p": lambda s: {"power": _number(s, -10, 10)},
    "minshare": lambda s: {"minshare": _number(s, 0, 1)},
    "mincov": lambda s: {"mincov": _number(s, 0, 1)},
    "view": lambda s: {"view": _choice(s.lower(), VIEWS)},
    "hl": _highlight,
}


def _country(text: str) -> dict[str, object]:
    """``KGZ``/``KAZ``; ``both`` becomes Kyrgyzstan, remembered for the note and the URL."""
    if text.lower() == "both":
        return {"country": "KGZ", "both_requested": True}
    return {"country": _choice(text.upper(), COUNTRIES)}


def _indicator_keys(query: Mapping[str, object], problems: list[Note]) -> dict[str, object]:
    """Weights, directions and targets from ``w_<id>``, ``dir_<id>``, ``tgt_<id>`` keys."""
    weights, directions, targets = {}, {}, {}
    for key in sorted(str(k) for k in query):
        prefix, _, ind = key.partition("_")
        if prefix not in ("w", "dir", "tgt") or not INDICATOR_ID.fullmatch(ind):
            continue
        text = first(query[key])
        try:
            if prefix == "w":
                weights[ind] = _number(text, 0, MAX_WEIGHT)
            elif prefix == "dir":
                directions[ind] = int(_choice(text.lstrip("+"), ("1", "-1")))
            else:
                targets[ind] = None if text.lower() == "none" else _number(text, -1e12, 1e12)
        except (ValueError, TypeError):
            problems.append(Note(key, text[:MAX_GIVEN], ""))
    return {
        "weights": tuple(sorted(weights.items())),
        "directions": tuple(sorted(directions.items())),
        "targets": tuple(sorted(targets.items())),
    }


def parse_query(query: Mapping[str, object]) -> tuple[ScoresState, list[Note]]:
    """The state for URL query parameters and a :class:`Note` for each malformed value."""
    parsers: dict[str, FieldParser] = {"country": _country, **_PARSERS}
    changes, notes = parse_fields(query, {k: parsers[k] for k in BASE_KEYS})
    changes.update(_indicator_keys(query, notes))
    state = ScoresState(**changes)
    if not region_fits(state.region, (state.country,)):
        notes.append(Note("region", str(state.region), ""))
        state = state.with_(region=None)
    state = state.with_(areas=areas_of_country(query.get("areas"), state.country, notes))
    if state.highlight and country_of(state.highlight) != state.country:
        state = state.with_(highlight=None)
    return state, with_used(notes, state.to_query({}))
