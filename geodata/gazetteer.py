"""The gazetteer: every unit's names in four languages plus the aliases real tables use.

Index entries come from three places, with a *tier* saying how much a name can be trusted
when two units compete for it:

* tier 0: canonical names (``naming``) and curated aliases (``data/aliases.csv``, each with a
  comment saying why it exists);
* tier 1: the names in the source attributes (geokz, COD, WOF), kept so that a table copied
  from those sources resolves, but outranked by tier 0 (geokz calls Almaty Region "Almaty"
  in English and "Алматы" in Kazakh, which the bare city name must win).

The index maps a normalised core (``geodata.normalise``) to its entries; it is built once
per process from the small ``units.csv`` of the build (no geometry is loaded).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from geodata import layers, naming, vintages
from geodata.errors import UserFacingError
from geodata.normalise import normalise

LANGS = naming.LANGS


@dataclass(frozen=True)
class Entry:
    """One name of one unit in one layout vintage."""

    code: str
    country: str
    level: int
    vintage: str
    kind: str  # what the unit is: country, region, city, district, city_district
    parent_code: str
    marker: str | None  # what the name's own marker words say (None: a bare name)
    tier: int
    name: str


@lru_cache(maxsize=1)
def aliases() -> pd.DataFrame:
    """The curated alias table (``country, level, code, vintages, alias, comment``)."""
    with (naming.DATA / "aliases.csv").open(encoding="utf-8", newline="") as fh:
        return pd.DataFrame(list(csv.DictReader(fh)))


def _unit_entries(row: dict) -> list[Entry]:
    names = [(row[f"name_{lang}"], 0) for lang in LANGS]
    names += [(n, 1) for n in str(row["src_names"]).split("|") if n]
    out = []
    for name, tier in names:
        key = normalise(name)
        if key.core:
            out.append(
                Entry(row["code"], row["country"], int(row["level"]), row["vintage"], row["kind"],
                      row["parent_code"], key.kind, tier, name)
            )  # fmt: skip
    return out


@lru_cache(maxsize=1)
def index() -> dict[str, tuple[Entry, ...]]:
    """Normalised core -> every entry with that core (all countries, levels, vintages)."""
    table = layers.all_units()
    by_core: dict[str, list[Entry]] = defaultdict(list)
    rows = table.to_dict("records")
    unit_of = {(r["code"], r["vintage"]): r for r in rows}
    for row in rows:
        for entry in _unit_entries(row):
            by_core[normalise(entry.name).core].append(entry)
    for alias in aliases().to_dict("records"):
        key = normalise(alias["alias"])
        for vintage in vintages.vintages(alias["country"], int(alias["level"])):
            if alias["vintages"] != "*" and vintage not in alias["vintages"].split("|"):
                continue
            unit = unit_of.get((alias["code"], vintage))
            if unit is None:
                continue
            by_core[key.core].append(
                Entry(unit["code"], unit["country"], int(unit["level"]), vintage, unit["kind"],
                      unit["parent_code"], key.kind, 0, alias["alias"])
            )  # fmt: skip
    return {core: tuple(dict.fromkeys(entries)) for core, entries in by_core.items()}


@lru_cache(maxsize=4096)
def unit_row(code: str, vintage: str | None = None) -> dict | None:
    """The units.csv row of a code (in ``vintage``, else the newest vintage that has it)."""
    table = layers.all_units()
    rows = table[table["code"].eq(code)]
    if rows.empty:
        return None
    if vintage is not None:
        exact = rows[rows["vintage"].eq(vintage)]
        return exact.iloc[0].to_dict() if len(exact) else None
    country = rows.iloc[0]["country"]
    order = {v: i for i, v in enumerate(vintages.vintages(country, int(rows.iloc[0]["level"])))}
    return rows.sort_values("vintage", key=lambda s: s.map(order)).iloc[0].to_dict()


def names(code: str, vintage: str | None = None) -> dict[str, str]:
    """Canonical names of a unit: ``{"en", "ru", "kk", "ky"}`` (current vintage by default)."""
    row = unit_row(code, vintage)
    if row is None:
        raise UserFacingError(f"unknown area code {code!r}")
    return {lang: row[f"name_{lang}"] for lang in LANGS}
