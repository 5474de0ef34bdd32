"""Canonical names of every unit in English, Russian, Kazakh and Kyrgyz.

Admin-0/1 names (and the two Kyrgyz capitals at admin-2) are curated in
``data/admin_names.csv``. Admin-2 names come from the source attributes (geokz EN/KK/RU,
COD EN/RU/KY), corrected by ``data/name_fixes.csv``, and completed by a fixed pattern:
districts get the word for "district" in Russian, Kazakh and Kyrgyz; when a district and a
city in the same parent share a name, the English names become "X District" and "X (city)".
A language a source does not have falls back to the Russian name and is recorded in
``name_fallback`` (e.g. ``ky<-ru``).
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

import pandas as pd

DATA = Path(__file__).parent / "data"
LANGS = ("en", "ru", "kk", "ky")


def _read_csv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _applies(vintages: str, vintage: str) -> bool:
    return vintages == "*" or vintage in vintages.split("|")


@lru_cache(maxsize=1)
def admin_names() -> list[dict[str, str]]:
    """Rows of ``admin_names.csv`` (curated names of admin-0/1 units and KGZ capitals)."""
    return _read_csv("admin_names.csv")


@lru_cache(maxsize=1)
def name_fixes() -> list[dict[str, str]]:
    """Rows of ``name_fixes.csv`` (corrections to source names and kinds, with reasons)."""
    return _read_csv("name_fixes.csv")


def curated(code: str, vintage: str) -> dict[str, str] | None:
    """The curated row for a code in a vintage, or None."""
    for row in admin_names():
        if row["code"] == code and _applies(row["vintages"], vintage):
            return row
    return None


def apply_fixes(units: pd.DataFrame) -> pd.DataFrame:
    """``units`` with the corrections of ``name_fixes.csv`` applied (per code and vintage)."""
    units = units.copy()
    for fix in name_fixes():
        mask = units["code"].eq(fix["code"])
        if fix["vintages"] != "*":
            mask &= units["vintage"].isin(fix["vintages"].split("|"))
        units.loc[mask, fix["field"]] = fix["value"]
    return units


def _district_forms(ru: str, kk: str, ky: str) -> tuple[str, str, str]:
    """Russian/Kazakh/Kyrgyz district names: adjectival Russian names take "район" after."""
    ru_full = f"{ru} район" if ru.endswith(("ий", "ой")) else f"район {ru}"
    return ru_full, (f"{kk} ауданы" if kk else ""), (f"{ky} району" if ky else "")


def canonical_names(units: pd.DataFrame) -> pd.DataFrame:
    """Fill ``name_en/ru/kk/ky`` and ``name_fallback`` from the source names (``src_*``).

    Expects columns ``code, parent_code, level, vintage, kind, src_en, src_ru, src_kk,
    src_ky`` (missing source languages as empty strings).
    """
    units = units.copy()
    for lang in LANGS:
        units[f"name_{lang}"] = units[f"src_{lang}"].fillna("")
    units = apply_fixes(units)
    dup = units.duplicated(["vintage", "parent_code", "name_en"], keep=False) & units["level"].eq(2)
    rows = []
    for _, unit in units.iterrows():
        row = unit.to_dict()
        cur = curated(row["code"], row["vintage"])
        if cur is not None:
            row.update({f"name_{lang}": cur[f"name_{lang}"] for lang in LANGS})
            row["kind"] = cur["kind"]
        elif row["kind"] in ("district", "city_district"):
            row["name_ru"], row["name_kk"], row["name_ky"] = _district_forms(
                row["name_ru"], row["name_kk"], row["name_ky"]
            )
        fallback = []
        for lang in ("kk", "ky"):
            if not row[f"name_{lang}"]:
                row[f"name_{lang}"] = row["name_ru"]
                fallback.append(f"{lang}<-ru")
        row["name_fallback"] = " ".join(fallback)
        rows.append(row)
    out = pd.DataFrame(rows)
    out.loc[dup & out["kind"].eq("district"), "name_en"] += " District"
    out.loc[dup & out["kind"].eq("city"), "name_en"] += " (city)"
    return out
