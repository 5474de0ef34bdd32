"""The areas a user picked, in the URL and in pickers: ``area=<code>`` and ``areas=<code,code>``.

Shared-filter keys (every page honours them, links between pages keep them):

- ``area``: the one area whose details the Region panel shows (admin-1 ISO 3166-2 ``KZ-19``,
  ``KG-C`` or an admin-2 code ``KZ193200``, ``KG02205000000``);
- ``areas``: a program officer's selection of regions and/or districts, comma-separated. Pages
  limit (or fade) what they show to these areas; a region stands for itself and its districts.

Codes are those of ``docs/ARCHITECTURE.md`` (any boundary layout: a code from an older layout,
e.g. ``KZ-51`` South Kazakhstan, stays valid). Parsing never fails: unknown or malformed codes
are dropped and reported, like ``dashboard.map.state.parse_query``. Nothing here imports Dash.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

import pandas as pd

from dashboard.state.model import MAX_GIVEN, Note

MAX_AREAS = 400  # more than all units of both countries (308): a longer list is malformed
_CODE = re.compile(r"^(KZ-\d{2}|KG-[A-Z]{1,2}|KZ\d{6}|KG\d{11})$")
_COUNTRY_OF_PREFIX = (("KZ", "KAZ"), ("KG", "KGZ"))


@lru_cache(maxsize=1)
def all_units() -> pd.DataFrame:
    """Every admin-1/2 unit of every layout, newest layout first (``geodata.layers.all_units``,
    ``geodata.vintages.newest_first``)."""
    from geodata.layers import all_units as every_unit
    from geodata.vintages import newest_first

    table = every_unit()
    table = table[table["level"].isin([1, 2])]
    return table.sort_values("vintage", key=lambda s: s.map(newest_first), kind="mergesort")


@lru_cache(maxsize=1)
def _known() -> dict[str, dict]:
    """Unit row by code (the newest layout that has the code)."""
    return {r["code"]: r for r in all_units().drop_duplicates("code").to_dict("records")}


def unit(code: str) -> dict | None:
    """The units.csv row of ``code`` (``code, parent_code, country, level, vintage, kind,
    name_en, name_ru, name_kk, name_ky``; its newest layout), or None when unknown."""
    return _known().get(code)


def country_of(code: str) -> str:
    """``KAZ`` or ``KGZ`` from a code's prefix (empty text for anything else)."""
    return next((iso3 for prefix, iso3 in _COUNTRY_OF_PREFIX if code.startswith(prefix)), "")


def _texts(value: object) -> list[str]:
    """A query value as a list of non-empty code strings (Dash gives a list for repeated keys;
    ``~`` is accepted as a separator too, like OWID's entity lists)."""
    items = value if isinstance(value, list | tuple) else [value]
    out: list[str] = []
    for item in items:
        for part in re.split(r"[,~]", "" if item is None else str(item)):
            if part.strip():
                out.append(part.strip().upper())
    return out


def _check(code: str, countries: tuple[str, ...]) -> bool:
    """True for a known code of one of ``countries``."""
    return bool(_CODE.match(code)) and unit(code) is not None and country_of(code) in countries


def parse_area(
    value: object, countries: tuple[str, ...] = ("KAZ", "KGZ")
) -> tuple[str | None, list[str]]:
    """The ``area`` query value: ``(code or None, [rejected text])``."""
    texts = _texts(value)
    if not texts:
        return None, []
    code = texts[0]
    return (code, []) if _check(code, countries) else (None, [code[:40]])


def parse_areas(
    value: object, countries: tuple[str, ...] = ("KAZ", "KGZ")
) -> tuple[list[str], list[str]]:
    """The ``areas`` query value: ``(codes in the given order without repeats, [rejected])``."""
    codes: list[str] = []
    rejected: list[str] = []
    for text in _texts(value)[:MAX_AREAS]:
        if _check(text, countries):
            if text not in codes:
                codes.append(text)
        else:
            rejected.append(text[:40])
    return codes, rejected


def areas_value(codes: Iterable[str]) -> str:
    """The ``areas`` query value for ``codes`` (comma-separated; empty text for none)."""
    return ",".join(dict.fromkeys(c for c in codes if c))


def query_string(params: Mapping[str, object]) -> str:
    """``?key=value&...`` for the non-empty ``params`` (commas in ``areas`` kept readable)."""
    from urllib.parse import urlencode

    kept = {k: str(v) for k, v in params.items() if v not in (None, "")}
    return ("?" + urlencode(kept, safe=",")) if kept else ""


def with_districts(codes: Iterable[str]) -> list[str]:
    """``codes`` plus the districts of every region among them and the region of every district
    among them (all layouts): the set a page shows for a program officer's selection at either
    level. Sorted; unknown codes are kept as given."""
    table = all_units()
    wanted = set(codes)
    children = table.loc[table["parent_code"].isin(wanted), "code"]
    parents = table.loc[table["code"].isin(wanted) & table["level"].eq(2), "parent_code"]
    return sorted(wanted | set(children) | set(parents))


# The Russian interface writes names in Russian letters: the official Russian forms of a few
# Kazakh names keep Kazakh letters ("область Ұлытау"); usual Russian spellings first, then a
# letter-by-letter fallback for any other name. Downloads keep the gazetteer's official form.
RUSSIAN_SPELLINGS: dict[str, str] = {
    "область Ұлытау": "область Улытау",
    "область Жетісу": "область Жетысу",
    "Талдықорған": "Талдыкорган",
}
_KAZAKH_LETTERS = str.maketrans("ӘәҒғҚқҢңӨөҰұҮүҺһІі", "АаГгКкНнОоУуУуХхИи")


def russian_spelling(name: str) -> str:
    """``name`` without Kazakh-only letters, for the Russian interface."""
    return RUSSIAN_SPELLINGS.get(name) or name.translate(_KAZAKH_LETTERS)


def area_name(row: Mapping[str, object], lang: str) -> str:
    """A unit's name in ``lang`` (``en ru kk ky``), falling back to Russian, English, the code.
    Russian names are written in Russian letters (:func:`russian_spelling`)."""
    for candidate in (lang, "ru", "en"):
        name = row.get(f"name_{candidate}")
        if isinstance(name, str) and name:
            return russian_spelling(name) if lang == "ru" else name
    return str(row.get("code", ""))


def options(
    countries: tuple[str, ...], vintages: Mapping[tuple[str, int], str], lang: str
) -> list[dict]:
    """Options for area pickers: every region of ``countries`` (by name), each followed by its
    districts as "District, Region". ``vintages[(country, level)]`` is the boundary layout to
    list (that of the map's year). ``search`` holds the names in all four languages and the
    code, so a name can be found in any language."""
    table = all_units()
    out: list[dict] = []
    for country in countries:
        regions = _layer(table, country, 1, vintages.get((country, 1)))
        districts = _layer(table, country, 2, vintages.get((country, 2)))
        for region in sorted(regions, key=lambda r: area_name(r, lang)):
            region_name = area_name(region, lang)
            out.append(_option(region, region_name))
            kids = [d for d in districts if d["parent_code"] == region["code"]]
            for district in sorted(kids, key=lambda r: area_name(r, lang)):
                out.append(_option(district, f"{area_name(district, lang)}, {region_name}"))
    return out


def _layer(table: pd.DataFrame, country: str, level: int, vintage: str | None) -> list[dict]:
    """Unit rows of one layout (the newest one of that country and level when None)."""
    rows = table[table["country"].eq(country) & table["level"].eq(level)]
    vintage = vintage or (rows["vintage"].iloc[0] if len(rows) else None)
    return rows[rows["vintage"].eq(vintage)].to_dict("records")


def _option(row: Mapping[str, object], label: str) -> dict:
    """One picker option (label, value = code, search = names in every language + code)."""
    names = [str(row.get(f"name_{lang}") or "") for lang in ("en", "ru", "kk", "ky")]
    search = " ".join(dict.fromkeys([label, *names, str(row["code"])]))
    return {"label": label, "value": str(row["code"]), "search": search}


def missing_options(codes: Iterable[str], present: Iterable[dict], lang: str) -> list[dict]:
    """Options for ``codes`` that ``present`` lacks (e.g. a code of another layout in a shared
    link), so a picker can still show them."""
    have = {o["value"] for o in present}
    out = []
    for code in codes:
        row = unit(code)
        if code not in have and row is not None:
            parent = unit(str(row["parent_code"])) if row["level"] == 2 else None
            label = area_name(row, lang) + (f", {area_name(parent, lang)}" if parent else "")
            out.append(_option(row, label))
    return out


def areas_of_country(value: object, country: str, problems: list[Note]) -> tuple[str, ...]:
    """The ``areas`` selection limited to ``country``: unknown codes
    are reported in ``problems``; the other country's codes are dropped silently (the same
    link serves pages that show both countries)."""
    codes, rejected = parse_areas(value)
    if rejected:
        problems.append(Note("areas", ",".join(rejected)[:MAX_GIVEN], ""))
    return tuple(c for c in codes if country_of(c) == country)
