"""Resolve a published area name (or code) to a unit code, aware of country, level and year.

Rules, in order:

1. Codes resolve to themselves (``KZ-10``, ``KZ101000``, ``KG-GB``, ``KG11000000000``,
   ``KAZ``); geokz/COD admin-1 pcodes (``KZ10``, ``KG02000000000``) and 9-digit KATO codes
   are translated to our codes.
2. The name is normalised (``geodata.normalise``): marker words such as "область", "г.",
   "облусу", "district" become a *kind* and the rest a folded core.
3. Candidates are the gazetteer entries with that core, in the layout of ``year``
   (``vintages.vintage_for_year``; the current layout when no year is given, or the newest
   layout that has the name), then the neighbouring layout in reform years
   (``vintages.fallback_vintages``). ``country``, ``level`` and ``parent`` filter them.
4. A marked query only matches units of that kind ("Osh region" never matches the city).
   When ``level`` is not given the lowest level wins ("Zhambyl" is the region, not one of
   the three Zhambyl districts). Then a name whose marker equals the query's (or two bare
   names) beats a bare name matched to a marked query, and canonical names and curated
   aliases (tier 0) beat source spellings (tier 1): bare "Almaty" is the city, because
   geokz's English "Almaty" for the region is only a source spelling.
5. More than one unit left: ``AmbiguousAreaError`` listing them with their parents.
6. A trailing parenthesis that is not a marker is taken as the parent ("Tüp District
   (Issyk-Kul Region)").
7. Nothing found: ``UnknownAreaError`` with the five closest names (difflib on cores).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from geodata import codes, gazetteer, naming, vintages
from geodata.errors import UserFacingError
from geodata.gazetteer import Entry
from geodata.normalise import normalise

_COMPATIBLE = {
    "region": {"region"},
    "city": {"city"},
    "district": {"district", "city_district"},
    "country": {"country"},
}
_PAREN = re.compile(r"^(?P<name>.*\S)\s*\((?P<inner>[^()]*)\)\s*$")


@dataclass(frozen=True)
class AreaMatch:
    """A resolved unit: its code, country (KAZ/KGZ), level, layout vintage, English name."""

    code: str
    country: str
    level: int
    vintage: str
    name_en: str
    parent_code: str = field(default="", compare=False)

    def describe(self) -> str:
        """One line for people: name, code, level, vintage and parent."""
        parent = f", in {self.parent_code}" if self.parent_code and self.level == 2 else ""
        return f"{self.name_en} ({self.code}, level {self.level}, layout {self.vintage}{parent})"


class ResolveError(UserFacingError):
    """A name could not be resolved to exactly one unit; ``candidates`` lists the options."""

    def __init__(self, message: str, candidates: list[AreaMatch] | None = None) -> None:
        super().__init__(message)
        self.candidates = list(candidates or [])


class UnknownAreaError(ResolveError):
    """No unit has this name (``candidates``: the closest names)."""


class AmbiguousAreaError(ResolveError):
    """Several units have this name (``candidates``: all of them)."""


def _match(entry_or_row: Entry | dict) -> AreaMatch:
    if isinstance(entry_or_row, Entry):
        found = gazetteer.unit_row(entry_or_row.code, entry_or_row.vintage)
        if found is None:  # the index is built from the same units table
            raise LookupError(f"{entry_or_row.code} ({entry_or_row.vintage}) is not a unit")
        row = found
    else:
        row = entry_or_row
    return AreaMatch(row["code"], row["country"], int(row["level"]), row["vintage"],
                     row["name_en"], row["parent_code"])  # fmt: skip


def _country_arg(country: str | None) -> str | None:
    if country is None:
        return None
    value = str(country).strip().upper()
    value = {"KZ": "KAZ", "KG": "KGZ"}.get(value, value)
    if value not in codes.COUNTRIES:
        raise UserFacingError(f"unknown country {country!r}: use KAZ or KGZ")
    return value


def _vintage_order(country: str, level: int, year: int | None) -> list[str]:
    """Layouts to try, in order, for a unit of ``country``/``level`` and a ``year``."""
    if year is None:
        return list(vintages.vintages(country, level))
    primary = vintages.vintage_for_year(country, level, year)
    return [primary, *vintages.fallback_vintages(country, level, year)]


def _code_lookup(text: str, country: str | None, year: int | None) -> AreaMatch | None:
    """Resolve a code (ours, a source pcode or a KATO code) or return None."""
    code = text.strip().upper().replace(" ", "")
    if re.fullmatch(r"KZ\d\d", code):
        code = f"KZ-{code[2:]}"
    elif re.fullmatch(r"KG0[2-8]000000000", code):
        code = codes.KG_ADM1_ISO[code]
    elif re.fullmatch(r"\d{9}", code) and country in (None, "KAZ"):
        code = codes.kz_adm1_code(code) if code[2:] == "0000000" else codes.kz_adm2_code(code)
    level = codes.code_level(code)
    if level is None:
        return None
    unit_country = codes.country_of(code)
    if country is not None and unit_country != country:
        return None
    for vintage in _vintage_order(unit_country, level, year):
        row = gazetteer.unit_row(code, vintage)
        if row is not None:
            return _match(row)
    return None


def _score(entry: Entry, kind: str | None) -> tuple[int, int] | None:
    """(marker mismatch, tier) of an entry for a query kind; None when incompatible."""
    if kind is None:
        return (0 if entry.marker is None else 1, entry.tier)
    if entry.marker == kind:
        return (0, entry.tier)
    if entry.marker is None and entry.kind in _COMPATIBLE[kind]:
        return (1, entry.tier)
    return None


def _candidates(
    core: str, kind: str | None, country: str | None, level: int | None,
    year: int | None, parent: str | None,
) -> list[tuple[tuple[int, int, int], Entry]]:  # fmt: skip
    """Compatible entries for a core with their sort key (level, marker, tier), taken from
    the first layout (per the year rules) that has any."""
    entries = [
        e for e in gazetteer.index().get(core, ())
        if (country is None or e.country == country)
        and (level is None or e.level == level)
        and (parent is None or e.parent_code == parent)
    ]  # fmt: skip
    for rank in range(3):
        hits = []
        for e in entries:
            order = _vintage_order(e.country, e.level, year)
            if rank < len(order) and e.vintage == order[rank]:
                score = _score(e, kind)
                if score is not None:
                    hits.append(((e.level if level is None else 0, *score), e))
        if hits:
            return hits
    return []


def _pick(scored: list[tuple[tuple[int, int, int], Entry]]) -> list[Entry]:
    """The units with the best key: lowest level (when not given), then marker, then tier."""
    if not scored:
        return []
    top = min(key for key, _ in scored)
    units = {(e.code, e.vintage): e for key, e in scored if key == top}
    return list(units.values())


def _other_layouts(
    core: str, kind: str | None, country: str | None, level: int | None, parent: str | None
) -> list[AreaMatch]:
    """Units with this name in any layout (to explain a miss caused by the year)."""
    found = {
        _match(e)
        for e in gazetteer.index().get(core, ())
        if (country is None or e.country == country)
        and (level is None or e.level == level)
        and (parent is None or e.parent_code == parent)
        and _score(e, kind) is not None
    }
    return sorted(found, key=lambda m: (m.level, m.code, m.vintage))


def _closest(core: str, country: str | None, level: int | None) -> list[AreaMatch]:
    def wanted(e: Entry) -> bool:
        return (country is None or e.country == country) and (level is None or e.level == level)

    pool = {c: [e for e in es if wanted(e)] for c, es in gazetteer.index().items()}
    pool = {c: es for c, es in pool.items() if es}
    out: list[AreaMatch] = []
    for near in difflib.get_close_matches(core, list(pool), n=10, cutoff=0.6):
        match = _match(min(pool[near], key=lambda e: (e.tier, e.level)))
        if match not in out:
            out.append(match)
        if len(out) >= 5:
            break
    return out


def _parent_code(parent: str | None, country: str | None, year: int | None) -> str | None:
    if parent is None:
        return None
    match = resolve(parent, country=country, year=year)
    return match.code


@lru_cache(maxsize=65536)
def _resolve(
    name: str, country: str | None, level: int | None, year: int | None, parent: str | None
) -> AreaMatch:
    text = str(name).strip()
    if not text:
        raise UnknownAreaError("empty area name")
    found = _code_lookup(text, country, year)
    if found is not None and (level is None or found.level == level):
        return found
    key = normalise(text)
    parent_code = _parent_code(parent, country, year)
    scored = _candidates(key.core, key.kind, country, level, year, parent_code)
    if not scored:
        paren = _PAREN.match(text)
        if paren and parent is None and normalise(paren["inner"]).core:
            try:
                return _resolve(paren["name"], country, level, year, paren["inner"])
            except ResolveError:
                pass
    chosen = _pick(scored)
    scope = ", ".join(
        s for s in (country or "", f"level {level}" if level is not None else "",
                    f"year {year}" if year is not None else "",
                    f"parent {parent_code}" if parent_code else "") if s
    )  # fmt: skip
    scope = f" ({scope})" if scope else ""
    if not chosen:
        elsewhere = _other_layouts(key.core, key.kind, country, level, parent_code)
        if elsewhere and year is not None:
            raise UnknownAreaError(
                f"no area called {name!r}{scope} in the layout of that year; it is a unit of "
                + "; ".join(m.describe() for m in elsewhere)
                + ". Check the year, or whether the source uses another layout.",
                elsewhere,
            )
        near = _closest(key.core, country, level)
        hint = "; closest: " + "; ".join(m.describe() for m in near) if near else ""
        raise UnknownAreaError(f"no area called {name!r}{scope}{hint}", near)
    if len(chosen) > 1:
        options = sorted({_match(e) for e in chosen}, key=lambda m: (m.level, m.code))
        raise AmbiguousAreaError(
            f"{name!r}{scope} matches {len(options)} areas: "
            + "; ".join(m.describe() for m in options)
            + ". Give the parent region (parent=...) or the level.",
            options,
        )
    return _match(chosen[0])


def resolve(
    name: str,
    country: str | None = None,
    level: int | None = None,
    year: int | None = None,
    parent: str | None = None,
) -> AreaMatch:
    """The unit a published name or code refers to (see the module docstring for the rules).

    ``country``: KAZ/KGZ (or KZ/KG); ``level``: 0, 1 or 2; ``year``: the year of the
    statistic (picks the layout); ``parent``: name or code of the admin-1 parent.
    Raises ``UnknownAreaError`` / ``AmbiguousAreaError`` (both ``ResolveError``).
    """
    year = None if year is None or pd.isna(year) else int(year)
    level = None if level is None else int(level)
    return _resolve(str(name), _country_arg(country), level, year, parent)


@lru_cache(maxsize=1)
def exceptions() -> pd.DataFrame:
    """Documented names in the shared indicator CSVs that deliberately do not resolve to one
    unit (``source_file, name, reason``), from ``data/resolver_exceptions.csv``."""
    return pd.read_csv(naming.DATA / "resolver_exceptions.csv", dtype=str, keep_default_na=False)


__all__ = [
    "AmbiguousAreaError",
    "AreaMatch",
    "ResolveError",
    "UnknownAreaError",
    "exceptions",
    "resolve",
]
