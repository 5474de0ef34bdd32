"""The URL state every page shares, its field parsers and the one query parser (no Dash imports).

Shared keys (:data:`SHARED_KEYS`), honoured by every page and carried by every link between
pages (:mod:`dashboard.state.links`):

- ``lang``: ``en ru kk ky``;
- ``country``: ISO 3166-1 alpha-3 ``KGZ``, ``KAZ`` or ``both`` (a page scoring one country at a
  time reads ``both`` as Kyrgyzstan and says so);
- ``level``: 1 regions, 2 districts (0 national figures on the Data page only);
- ``region``: an admin-1 ISO 3166-2 code (``KG-O``, ``KZ-19``) limiting the areas; ``all`` = none;
- ``year``: a reference year (the Data page also reads a range ``2015-2023``);
- ``indicator``: a catalogue id (existence is checked by the page);
- ``areas``: comma-separated area codes (``dashboard.common.areas``);
- ``dataset``: ``default`` (the cited figures), an imported dataset's name or
  ``demo-synthetic`` (SYNTHETIC, invented values). The legacy ``demo=1`` reads as
  ``dataset=demo-synthetic``; links always write ``dataset=<name>``.

Each page declares its own keys as more parsers (``text -> field changes``) and calls
:func:`parse_fields` with the shared ones it accepts. Parsing never fails: a malformed value keeps
its default and comes back as a :class:`Note` (key, what was given, what was used) for the page
to show. Ids and codes are checked for shape only, always with a full match (a trailing newline
is rejected, never stripped into a valid name).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any, NamedTuple

from dashboard.i18n import DEFAULT_LANGUAGE, LANGUAGES

SHARED_KEYS: tuple[str, ...] = (
    "lang",
    "country",
    "level",
    "region",
    "year",
    "indicator",
    "areas",
    "dataset",
)
DEFAULT_DATASET = "default"
SYNTHETIC_DATASET = "demo-synthetic"
COUNTRIES: tuple[str, ...] = ("KGZ", "KAZ", "both")
ALL = "all"  # a select's value for "no filter" (region, indicator)
MIN_YEAR, MAX_YEAR = 1990, 2100
ISO_PREFIX: dict[str, str] = {"KAZ": "KZ-", "KGZ": "KG-"}
DATASET_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")  # the store's names (fullmatch only)
INDICATOR_ID = re.compile(r"[A-Za-z0-9_]{1,80}")
REGION_CODE = re.compile(r"K[GZ]-[A-Z0-9]{1,3}")
MAX_GIVEN = 80  # a note quotes at most this many characters of a malformed value

#: ``text -> field changes``; raises ValueError (or TypeError) for a malformed value.
FieldParser = Callable[[str], Mapping[str, object]]


class Note(NamedTuple):
    """A URL value that was not used: the key, the value given and the value used instead."""

    key: str
    given: str
    used: str


def first(value: object, strip: bool = True) -> str:
    """A query value as text (Dash gives a list for a repeated key: take the first)."""
    if isinstance(value, list | tuple):
        value = value[0] if value else ""
    text = "" if value is None else str(value)
    return text.strip() if strip else text


def choice(text: str, allowed: tuple, cast: Callable[[str], object] = str) -> object:
    """``cast(text)`` when it is one of ``allowed``; ValueError otherwise."""
    value = cast(text)
    if value not in allowed:
        raise ValueError(text)
    return value


def dataset_name(text: str) -> str:
    """A dataset name of the store's safe shape, lower-cased; ValueError otherwise (full match:
    ``"default\\n"`` is rejected). Whether it exists is the page's business."""
    name = text.strip(" ").lower()
    if not DATASET_NAME.fullmatch(name):
        raise ValueError(text)
    return name


def indicator_id(text: str) -> str:
    """A catalogue indicator id of the right shape; ValueError otherwise."""
    if not INDICATOR_ID.fullmatch(text):
        raise ValueError(text)
    return text


def region_code(text: str) -> str | None:
    """An admin-1 ISO 3166-2 code (upper case), None for ``all``; ValueError otherwise."""
    if text.lower() == ALL:
        return None
    if not REGION_CODE.fullmatch(text.upper()):
        raise ValueError(text)
    return text.upper()


def reference_year(text: str) -> int:
    """A plausible reference year (1990-2100); ValueError otherwise."""
    if not text.isdigit():
        raise ValueError(text)
    year = int(text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(text)
    return year


def language(text: str) -> str:
    """One of the UI languages; ValueError otherwise."""
    return str(choice(text.lower(), LANGUAGES))


def legacy_demo(text: str) -> dict[str, object]:
    """``demo=1`` (old links) means the SYNTHETIC demo dataset; other values mean nothing."""
    on = text.lower() in ("1", "true", "yes", "on")
    return {"dataset": SYNTHETIC_DATASET} if on else {}


def countries_of(country: str) -> tuple[str, ...]:
    """The ISO3 codes a ``country`` value shows: one country, or both."""
    return ("KAZ", "KGZ") if country == "both" else (country,)


def region_fits(region: str | None, countries: tuple[str, ...]) -> bool:
    """True when ``region`` is unset or an admin-1 code of one of ``countries``."""
    return region is None or region.startswith(tuple(ISO_PREFIX[c] for c in countries))


def parse_fields(
    query: Mapping[str, object], parsers: Mapping[str, FieldParser]
) -> tuple[dict[str, Any], list[Note]]:
    """Field changes for the keys of ``parsers`` (in their order; empty values skipped) and a
    note for each malformed value (``used`` filled in by :func:`with_used`).

    The changes are keyword arguments for a state class (``State(**changes)``): each value has
    its field's type because its parser returns that type, which no one static type states."""
    changes: dict[str, Any] = {}
    notes: list[Note] = []
    for key, parser in parsers.items():
        text = first(query.get(key), strip=key != "dataset")
        if not text.strip():
            continue
        try:
            changes.update(parser(text))
        except (ValueError, TypeError):
            notes.append(Note(key, text.strip()[:MAX_GIVEN], ""))
    return changes, notes


def with_used(notes: list[Note], query: Mapping[str, str]) -> list[Note]:
    """``notes`` with ``used`` set to the value the state now has for each key (``query`` is
    the state's ``to_query()``)."""
    return [note._replace(used=note.used or str(query.get(note.key, ""))) for note in notes]


@dataclass(frozen=True)
class SharedState:
    """The keys every page shares. ``year``/``indicator``/``region`` None = unset."""

    lang: str = DEFAULT_LANGUAGE
    country: str = "KGZ"
    level: int = 1
    region: str | None = None
    year: int | None = None
    indicator: str | None = None
    areas: tuple[str, ...] = ()
    dataset: str = DEFAULT_DATASET

    def countries(self) -> tuple[str, ...]:
        """The ISO3 codes shown: one country, or both."""
        return countries_of(self.country)

    @property
    def synthetic(self) -> bool:
        """True for the built-in SYNTHETIC demo dataset (imported datasets say so themselves)."""
        return self.dataset == SYNTHETIC_DATASET

    def to_query(self) -> dict[str, str]:
        """The query parameters of this state (empty text for unset values)."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values["areas"] = ",".join(self.areas)
        return {k: "" if values[k] is None else str(values[k]) for k in SHARED_KEYS}

    def with_(self, **changes: Any) -> SharedState:
        """A copy with some fields changed (``replace`` rejects unknown names at run time)."""
        return replace(self, **changes)


SHARED_PARSERS: dict[str, FieldParser] = {
    "lang": lambda s: {"lang": language(s)},
    "country": lambda s: {"country": choice(s if s == "both" else s.upper(), COUNTRIES)},
    "level": lambda s: {"level": choice(s, (0, 1, 2), int)},
    "region": lambda s: {"region": region_code(s)},
    "year": lambda s: {"year": reference_year(s)},
    "indicator": lambda s: {"indicator": None if s.lower() == ALL else indicator_id(s)},
    "demo": legacy_demo,
    "dataset": lambda s: {"dataset": dataset_name(s)},
}


def parse(query: Mapping[str, object]) -> tuple[SharedState, list[Note]]:
    """The shared state of a URL query and a note for each value not used."""
    from dashboard.common.areas import parse_areas

    changes, notes = parse_fields(query, SHARED_PARSERS)
    state = SharedState(**changes)
    if not region_fits(state.region, state.countries()):
        notes.append(Note("region", str(state.region), ""))
        state = state.with_(region=None)
    codes, rejected = parse_areas(query.get("areas"), state.countries())
    notes += [Note("areas", code, "") for code in rejected]
    state = state.with_(areas=tuple(codes))
    return state, with_used(notes, state.to_query())
