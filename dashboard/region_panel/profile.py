"""What the Region panel shows for one area, computed without Dash: names, the trend of one
indicator for the area, its parent region and the country, every value's source, and the
districts' values.

Codes: ISO3 countries ``KAZ``/``KGZ`` (level 0), ISO 3166-2 regions (level 1), pcodes/KATO
districts (level 2); see ``docs/ARCHITECTURE.md``. Only one indicator id is ever charted, so
all series share a unit and a definition (``indicators.catalogue.comparable``). Missing values
stay missing: an area without a value has no point, and its district row says "no data".
Values joined across a boundary change that altered the area's territory are split into
separate line segments (``SeriesPoint.segment``, see ``dashboard.common.territory``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import pandas as pd

from dashboard.common import areas as area_query
from dashboard.common.areas import area_name
from dashboard.common.format import quality_text, unit_label, value_text
from dashboard.common.territory import territory_changed
from dashboard.i18n import t
from dashboard.map.frame import IndicatorInfo

ROLES: tuple[str, ...] = ("area", "parent", "national")
_SAFE_SCHEMES = ("https://", "http://")


@dataclass(frozen=True)
class SourceRef:
    """Who published a value. ``url`` is empty unless it is an http(s) address."""

    publisher: str
    title: str
    url: str = ""


@dataclass(frozen=True)
class SeriesPoint:
    """One charted value; texts are formatted for the panel's language (plain text)."""

    role: str  # one of ROLES
    code: str
    area: str
    year: int
    value: float
    value_text: str
    quality: str
    status: str  # indicators.model status, e.g. official_table, derived
    sources: tuple[SourceRef, ...]
    notes: str
    vintage: str
    segment: int = 0  # a new segment starts where the area's territory changed


@dataclass(frozen=True)
class BoundaryBreak:
    """The territory of ``code`` changed between ``before`` and ``year`` (boundary reform)."""

    code: str
    area: str
    before: int
    year: int


@dataclass(frozen=True)
class DistrictRow:
    """One district of a region with the indicator's value (``value_text`` empty = no data)."""

    code: str
    name: str
    value_text: str
    year: str
    quality: str
    status: str
    sources: tuple[SourceRef, ...]


@dataclass
class Profile:
    """Everything the panel shows for one area (see the module docstring)."""

    code: str
    country: str
    level: int
    kind: str
    names: dict[str, str]
    name: str
    parent_code: str
    parent_name: str
    region_code: str  # the admin-1 code that contains the area (itself for a region)
    indicator: IndicatorInfo
    unit: str
    year: int | None
    points: list[SeriesPoint] = field(default_factory=list)
    breaks: list[BoundaryBreak] = field(default_factory=list)
    current: SeriesPoint | None = None  # the area's value for the map year (with tolerance)
    national: SeriesPoint | None = None  # the country's value for the map year
    districts: list[DistrictRow] = field(default_factory=list)
    district_year: int | None = None

    def series_names(self) -> dict[str, str]:
        """Display name of each role that has at least one point, in ROLES order."""
        found = {p.role: p.area for p in self.points}
        return {role: found[role] for role in ROLES if role in found}


def _safe_url(url: str) -> str:
    """``url`` when it is an http(s) address (never ``javascript:`` or ``data:``), else ``""``."""
    text = (url or "").strip()
    return text if text.lower().startswith(_SAFE_SCHEMES) else ""


def _source_ref(dataset, source_id: str) -> SourceRef | None:
    """The dataset's source ``source_id`` as a SourceRef (None when unknown or empty)."""
    source = dataset.sources.get(source_id) if source_id else None
    if source is None:
        return None
    return SourceRef(source.publisher or source.id, source.title, _safe_url(source.url))


_LINEAGE: dict[tuple[str, str], dict[str, tuple[str, str]]] = {}


def _lineage(dataset) -> dict[str, tuple[str, str]]:
    """``obs_id -> (source_id, derived_from)`` of a dataset (cached per name and version)."""
    key = (dataset.name, dataset.version)
    if key not in _LINEAGE:
        if len(_LINEAGE) >= 4:
            _LINEAGE.clear()
        obs = dataset.observations
        pairs = zip(obs["source_id"], obs["derived_from"], strict=True)
        _LINEAGE[key] = dict(zip(obs["obs_id"], pairs, strict=True))
    return _LINEAGE[key]


def sources_of(dataset, row: dict) -> tuple[SourceRef, ...]:
    """The sources of one observation: its own, or for a value derived in code the distinct
    sources of its inputs (``derived_from`` obs ids, ``;``-separated, followed through derived
    inputs up to a few steps)."""
    own = _source_ref(dataset, str(row.get("source_id") or ""))
    if own is not None:
        return (own,)
    lineage = _lineage(dataset)
    # query.series/map_values rows carry obs_id but not derived_from: look it up.
    derived_from = row.get("derived_from") or lineage.get(str(row.get("obs_id")), ("", ""))[1]
    pending = [i for i in str(derived_from or "").split(";") if i]
    seen: set[str] = set()
    refs: list[SourceRef] = []
    while pending and len(seen) < 200:  # derivations are shallow; the cap guards cycles
        obs_id = pending.pop(0)
        if obs_id in seen or obs_id not in lineage:
            continue
        seen.add(obs_id)
        source_id, derived_from = lineage[obs_id]
        ref = _source_ref(dataset, source_id)
        if ref is not None:
            refs.append(ref)
        else:
            pending.extend(i for i in str(derived_from or "").split(";") if i)
    return tuple(dict.fromkeys(refs))


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _point(dataset, row: dict, role: str, name: str, info: IndicatorInfo, lang: str):
    """A SeriesPoint from a ``query.series``/``map_values`` row (None without a value)."""
    value = row.get("value")
    year = row.get("year", row.get("year_used"))
    if value is None or year is None or _is_missing(value):
        return None
    qualifier = str(row.get("qualifier") or "exact")
    return SeriesPoint(
        role=role,
        code=str(row.get("code")),
        area=name,
        year=int(year),
        value=float(value),
        value_text=value_text(float(value), qualifier, info.decimals, lang),
        quality=quality_text(str(row.get("status") or ""), qualifier, lang),
        status=str(row.get("status") or ""),
        sources=sources_of(dataset, row),
        notes=str(row.get("notes") or ""),
        vintage=str(row.get("vintage") or ""),
    )


def _with_segments(points: list[SeriesPoint], country: str, level: int):
    """Points of one area with ``segment`` numbers, and the boundary breaks found."""
    out: list[SeriesPoint] = []
    breaks: list[BoundaryBreak] = []
    segment, previous = 0, None
    for point in sorted(points, key=lambda p: p.year):
        if (
            previous is not None
            and point.vintage
            and previous.vintage
            and territory_changed(point.code, country, level, previous.vintage, point.vintage)
        ):
            segment += 1
            breaks.append(BoundaryBreak(point.code, point.area, previous.year, point.year))
        out.append(replace(point, segment=segment))
        previous = point
    return out, breaks


def _chain(code: str, row: dict, lang: str) -> list[tuple[str, str, str, int]]:
    """``(role, code, name, level)`` of the area, its parent region (for a district) and the
    country."""
    country = str(row["country"])
    chain = [("area", code, area_name(row, lang), int(row["level"]))]
    if int(row["level"]) == 2:
        parent = area_query.unit(str(row["parent_code"]))
        if parent is not None:
            chain.append(("parent", str(parent["code"]), area_name(parent, lang), 1))
    chain.append(("national", country, t(f"common.country.{country}", lang), 0))
    return chain


def build_profile(
    dataset,
    code: str,
    info: IndicatorInfo,
    year: int | None,
    tolerance: int,
    lang: str,
) -> Profile | None:
    """The panel's content for area ``code`` and indicator ``info`` (None for an unknown code).

    ``year`` is the map's year (None = the latest with a value for this area); ``tolerance``
    the map's year tolerance, used for the headline values and the districts' values.
    """
    from indicators import query

    row = area_query.unit(code)
    if row is None:
        return None
    country, level = str(row["country"]), int(row["level"])
    parent = area_query.unit(str(row["parent_code"])) if level == 2 else None
    profile = Profile(
        code=code,
        country=country,
        level=level,
        kind=str(row.get("kind") or ""),
        names={lang_: str(row.get(f"name_{lang_}") or "") for lang_ in ("en", "ru", "kk", "ky")},
        name=area_name(row, lang),
        parent_code=str(parent["code"]) if parent else country,
        parent_name=area_name(parent, lang) if parent else t(f"common.country.{country}", lang),
        region_code=str(parent["code"]) if parent else code,
        indicator=info,
        unit=unit_label(info.unit, lang),
        year=year,
    )
    chain = _chain(code, row, lang)
    found = query.series(dataset, info.id, [c for _, c, _, _ in chain])
    by_code = {c: g for c, g in found.groupby("code")} if len(found) else {}
    for role, member, name, member_level in chain:
        rows = by_code.get(member, pd.DataFrame()).to_dict("records")
        points = [p for r in rows if (p := _point(dataset, r, role, name, info, lang))]
        points, breaks = _with_segments(points, country, member_level)
        profile.points.extend(points)
        profile.breaks.extend(breaks)
    area_years = [p.year for p in profile.points if p.role == "area"]
    if profile.year is None and area_years:
        profile.year = max(area_years)
    if profile.year is not None:
        profile.current = _value_at(dataset, code, level, country, info, profile, tolerance, lang)
        profile.national = _value_at(dataset, country, 0, country, info, profile, tolerance, lang)
    if level == 1:
        profile.districts, profile.district_year = district_rows(
            dataset, code, country, info, profile.year, lang
        )
    return profile


def _value_at(dataset, code, level, country, info, profile, tolerance, lang):
    """The value the map shows for ``code`` in the profile's year (None = no data)."""
    from indicators import query

    found = query.map_values(
        dataset, info.id, int(profile.year), country, level, tolerance, areas=[code]
    )
    if found.empty:
        return None
    row = found.iloc[0].to_dict()
    name = profile.name if code == profile.code else t(f"common.country.{country}", lang)
    return _point(dataset, row, "area" if level else "national", name, info, lang)


def district_rows(
    dataset, region: str, country: str, info: IndicatorInfo, year: int | None, lang: str
) -> tuple[list[DistrictRow], int | None]:
    """Every district of ``region`` with its value in the latest year up to ``year`` in which
    any of them has one (all "no data" when none has), and that year."""
    from geodata.vintages import vintage_for_year
    from indicators import query

    candidates = [y for y in query.years(dataset, info.id, country, 2) if year is None or y <= year]
    for candidate in sorted(candidates, reverse=True):
        units = _districts(region, country, vintage_for_year(country, 2, candidate))
        codes = [u["code"] for u in units]
        found = query.map_values(dataset, info.id, candidate, country, 2, 0, areas=codes)
        if len(found):
            return _rows(dataset, units, found, info, lang), candidate
    units = _districts(region, country, vintage_for_year(country, 2, year))
    return _rows(dataset, units, pd.DataFrame(columns=["code"]), info, lang), None


def _districts(region: str, country: str, vintage: str) -> list[dict]:
    """Unit rows of the districts of ``region`` in one layout."""
    from geodata.layers import units

    table = units(country, 2, vintage)
    return table[table["parent_code"].eq(region)].to_dict("records")


def _rows(dataset, units: list[dict], values: pd.DataFrame, info, lang) -> list[DistrictRow]:
    """District rows sorted by name; a district without a value gets empty value texts."""
    by_code = {str(r["code"]): r for r in values.to_dict("records")}
    out = []
    for unit in sorted(units, key=lambda u: area_name(u, lang)):
        name = area_name(unit, lang)
        found = by_code.get(str(unit["code"]))
        point = _point(dataset, found, "area", name, info, lang) if found else None
        if point is None:
            out.append(DistrictRow(str(unit["code"]), name, "", "", "", "", ()))
        else:
            out.append(
                DistrictRow(
                    point.code,
                    name,
                    point.value_text,
                    str(point.year),
                    point.quality,
                    point.status,
                    point.sources,
                )
            )
    return out
