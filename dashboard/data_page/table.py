"""What the Data & downloads page shows: the filtered export table and the grid rows (no Dash).

The table is ``indicators.export.export_table`` (observations with their provenance columns,
``EXPORT_COLUMNS``) for the dataset, country, level and indicator of a
:class:`~dashboard.data_page.state.DataState`, then limited to its years, region and areas. The grid
and every download start from this one table, so what is downloaded is what is shown.

Codes: countries ISO3 ``KAZ``/``KGZ``; levels 0 national, 1 regions (ISO 3166-2), 2 districts
(pcodes); a region filter keeps the region (level 1) or the districts whose parent it is in
their own boundary layout (level 2). ``areas`` follows ``dashboard.common.areas``: a region
stands for itself and its districts.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from dashboard.common.areas import all_units, area_name
from dashboard.common.datasets import user_datasets
from dashboard.common.format import unit_label
from dashboard.data_page.state import SYNTHETIC_DATASET, DataState
from dashboard.i18n import t
from dashboard.i18n.numbers import format_number
from geodata.errors import UserFacingError

GRID_FIELDS: tuple[str, ...] = (
    "area",
    "area_code",
    "indicator",
    "year",
    "period",
    "value",
    "unit",
    "qualifier",
    "status",
    "source",
    "notes",
)


class DataSelectionError(UserFacingError):
    """A selection the page cannot show (message already in the UI language)."""


@dataclass(frozen=True)
class Choices:
    """Options of the page's selects for one state: ``(value, label)`` pairs in the UI language."""

    datasets: list[tuple[str, str]]
    indicators: list[tuple[str, str]]
    years: list[int]
    regions: list[tuple[str, str]]
    areas: list[dict]


def load(state: DataState):
    """The state's dataset (``indicators.dataset.load_dataset``); a translated error if unknown."""
    from indicators.dataset import UnknownDatasetError, load_dataset

    try:
        return load_dataset(state.dataset)
    except UnknownDatasetError:
        raise DataSelectionError(
            t("data.error.unknown_dataset", state.lang, name=state.dataset)
        ) from None


def dataset_choices(state: DataState, show_synthetic: bool) -> list[tuple[str, str]]:
    """The cited default, imported datasets, and the SYNTHETIC demo only when asked for (or
    already chosen)."""
    lang = state.lang
    out = [("default", t("data.dataset.default", lang))]
    out += [(name, t("data.dataset.user", lang, name=name)) for name in user_datasets()]
    if show_synthetic or state.synthetic:
        out.append((SYNTHETIC_DATASET, t("data.dataset.synthetic", lang)))
    return out


def _scope(observations: pd.DataFrame, state: DataState) -> pd.DataFrame:
    """Rows of the state's countries and level that have a value and a year."""
    obs = observations
    mask = (
        obs["country"].isin(state.countries())
        & obs["level"].eq(state.level)
        & obs["value"].notna()
        & obs["year"].notna()
    )
    return obs[mask]


def indicator_choices(dataset, state: DataState) -> list[tuple[str, str]]:
    """``(id, label)`` of catalogue indicators with values in scope, in catalogue order."""
    from indicators.catalogue import catalogue

    present = set(_scope(dataset.observations, state)["indicator"])
    return [(i, entry.label(state.lang)) for i, entry in catalogue().items() if i in present]


def year_choices(dataset, state: DataState) -> list[int]:
    """Years with values in scope (for the state's indicator when one is chosen), ascending."""
    rows = _scope(dataset.observations, state)
    if state.indicator:
        rows = rows[rows["indicator"].eq(state.indicator)]
    return sorted(int(y) for y in rows["year"].unique())


@lru_cache(maxsize=1)
def region_choices(state: DataState) -> list[tuple[str, str]]:
    """``(code, name)`` of the admin-1 units of the state's countries (current layout), by name."""
    from geodata.layers import units

    rows = []
    for country in state.countries():
        for unit in units(country, 1).to_dict("records"):
            rows.append((str(unit["code"]), area_name(unit, state.lang)))
    return sorted(rows, key=lambda r: r[1])


def area_choices(state: DataState) -> list[dict]:
    """Options for the areas picker (``label, value, search``): regions at level 1; regions
    (standing for their districts) and districts at level 2; within the region filter when
    set. Codes of ``state.areas`` from other layouts are kept so a shared link still shows."""
    from dashboard.common.areas import missing_options, options

    if state.level == 0:
        return []
    found = options(state.countries(), {}, state.lang)
    if state.level == 1:
        found = [o for o in found if not _is_district(o["value"])]
    if state.region:
        found = [o for o in found if _in_region(o["value"], state.region)]
    return found + missing_options(state.areas, found, state.lang)


def _is_district(code: str) -> bool:
    """True for an admin-2 code (``KZ`` + 6 digits, ``KG`` + 11 digits)."""
    return "-" not in code


def _in_region(code: str, region: str) -> bool:
    """True when ``code`` is ``region`` or one of its districts in any layout."""
    if code == region:
        return True
    table = all_units()
    parents = table.loc[table["code"].eq(code), "parent_code"]
    return bool(parents.eq(region).any())


def choices(dataset, state: DataState, show_synthetic: bool = False) -> Choices:
    """All select options for ``state``."""
    return Choices(
        datasets=dataset_choices(state, show_synthetic),
        indicators=indicator_choices(dataset, state),
        years=year_choices(dataset, state),
        regions=region_choices(state),
        areas=area_choices(state),
    )


@lru_cache(maxsize=16)
def _export(name: str, version: str, indicator: str | None, level: int, country: str | None):
    """``export_table`` cached per dataset version and selection (treat as read-only)."""
    from indicators.dataset import load_dataset
    from indicators.export import Selection, export_table

    selection = Selection(indicator=indicator, level=level, country=country)
    return export_table(load_dataset(name), selection)


def selection(state: DataState):
    """The ``indicators.export.Selection`` the state's table is cut from."""
    from indicators.export import Selection

    country = None if state.country == "both" else state.country
    return Selection(indicator=state.indicator, level=state.level, country=country)


def filtered_table(dataset, state: DataState) -> pd.DataFrame:
    """The export table of ``state`` (``EXPORT_COLUMNS``): its years, region and areas only.

    Raises DataSelectionError for an indicator that is not in the catalogue.
    """
    from indicators.catalogue import catalogue

    if state.indicator and state.indicator not in catalogue():
        raise DataSelectionError(
            t("data.error.unknown_indicator", state.lang, value=state.indicator)
        )
    sel = selection(state)
    table = _export(dataset.name, str(dataset.version), sel.indicator, sel.level, sel.country)
    years = pd.to_numeric(table["year"], errors="coerce")
    keep = years.notna()
    if state.year_from is not None:
        keep &= years >= state.year_from
    if state.year_to is not None:
        keep &= years <= state.year_to
    table = table[keep]
    if state.level > 0:
        table = table[in_scope(table, state)]
    return table.reset_index(drop=True)


def in_scope(table: pd.DataFrame, state: DataState) -> pd.Series:
    """Boolean mask: rows whose ``(area_code, vintage)`` lies within the region and areas."""
    mask = pd.Series(True, index=table.index)
    if state.region:
        mask &= _region_mask(table, state.region)
    if state.areas:
        mask &= table["area_code"].isin(area_scope(state.areas))
    return mask


def _region_mask(table: pd.DataFrame, region: str) -> pd.Series:
    """Rows of the region itself or of its districts (parent taken in the row's own layout)."""
    units = all_units()
    children = units[units["parent_code"].eq(region)]
    pairs = set(zip(children["code"], children["vintage"], strict=True))
    codes = set(children["code"])
    keys = zip(table["area_code"], table["vintage"], strict=True)
    return pd.Series(
        [
            code == region or (code, vintage) in pairs or (not vintage and code in codes)
            for code, vintage in keys
        ],
        index=table.index,
        dtype=bool,
    )


def area_scope(areas: tuple[str, ...]) -> set[str]:
    """The codes a program officer's ``areas`` stand for (``area_query.with_districts``)."""
    from dashboard.common.areas import with_districts

    return set(with_districts(areas))


def expected_units(state: DataState, year: int | None) -> pd.DataFrame:
    """Units (``code, parent_code, name_*``) the table covers for one indicator: the layout
    of ``year`` (current when None), within the region and areas; empty at level 0."""
    from geodata.layers import units
    from geodata.vintages import vintage_for_year

    if state.level == 0:
        return pd.DataFrame(columns=["code", "vintage"])
    frames = [
        units(c, state.level, vintage_for_year(c, state.level, year)) for c in state.countries()
    ]
    table = pd.concat(frames, ignore_index=True).rename(columns={"code": "area_code"})
    table = table[in_scope(table, state)]
    return table.rename(columns={"area_code": "code"}).reset_index(drop=True)


def missing_areas(table: pd.DataFrame, state: DataState, years: list[int]) -> pd.DataFrame:
    """Units in scope without any row in ``table`` (one indicator chosen, else empty): the
    areas the page lists as "no data". Uses the layout of the last year shown."""
    if not state.indicator or state.level == 0:
        return pd.DataFrame(columns=["code"])
    shown = [y for y in years if state.includes_year(y)]
    units = expected_units(state, shown[-1] if shown else None)
    return units[~units["code"].isin(set(table["area_code"]))].reset_index(drop=True)


@lru_cache(maxsize=4)
def area_names(lang: str) -> dict[str, str]:
    """Area name in ``lang`` by code (newest layout that has the code; fallbacks ru, en)."""
    units = all_units().drop_duplicates("code")
    return {str(r["code"]): area_name(r, lang) for r in units.to_dict("records")}


def web_url(url: object) -> str:
    """``url`` when it is an http(s) address, else ``""`` (never a ``javascript:`` link)."""
    text = "" if url is None else str(url).strip()
    return text if text.lower().startswith(("https://", "http://")) else ""


def _source_text(row: dict, lang: str) -> str:
    """The source as plain text: publisher and title (the source id when both are empty);
    values computed in code say so (their inputs are in ``notes`` and ``derived_from``)."""
    parts = [p for p in (row.get("source_publisher"), row.get("source_title")) if p]
    text = ": ".join(dict.fromkeys(str(p) for p in parts)) or str(row.get("source_id") or "")
    if not text and row.get("status") == "derived":
        return t("data.table.derived_source", lang)
    return text


def _period(row: dict) -> str:
    start, end = str(row.get("period_start") or ""), str(row.get("period_end") or "")
    return start if start == end else f"{start} – {end}".strip(" –")


def grid_rows(
    table: pd.DataFrame, state: DataState, missing: pd.DataFrame | None = None
) -> list[dict]:
    """Rows for the AG Grid (``GRID_FIELDS`` plus ``decimals``, ``value_text`` and
    ``source_url``), in the UI language; all text is plain (the grid renders it as text).
    ``value`` is a float, or None for an area in ``missing`` (shown "no data")."""
    from indicators.catalogue import catalogue

    lang = state.lang
    names = area_names(lang)
    entries = catalogue()
    nodata = t("common.nodata", lang)
    rows = []
    for row in table.to_dict("records"):
        entry = entries.get(row["indicator"])
        decimals = entry.decimals if entry else 2
        value = row["value"]
        value = None if value is None or pd.isna(value) else float(value)
        rows.append(
            {
                "area": _area_label(row, names, lang),
                "area_code": row["area_code"],
                "indicator": entry.label(lang) if entry else row["indicator"],
                "year": None if pd.isna(row["year"]) else int(row["year"]),
                "period": _period(row),
                "value": value,
                "value_text": nodata if value is None else format_number(value, lang, decimals),
                "decimals": decimals,
                "unit": unit_label(str(row["unit"]), lang),
                "qualifier": _qualifier(str(row["qualifier"]), lang),
                "status": _translated("common.status", row["status"], lang),
                "source": _source_text(row, lang),
                "source_url": web_url(row.get("source_url")),
                "notes": str(row.get("notes") or ""),
            }
        )
    # By indicator, then area name in the UI language, then year; "no data" areas last.
    rows.sort(key=lambda r: (r["indicator"], r["area"].casefold(), r["year"] or 0))
    return rows + _missing_rows(missing, state, names, entries)


def _missing_rows(missing, state: DataState, names: dict[str, str], entries) -> list[dict]:
    """Grid rows saying "no data" for areas without any figure (one indicator chosen)."""
    if missing is None or missing.empty or not state.indicator:
        return []
    lang = state.lang
    entry = entries.get(state.indicator)
    nodata = t("common.nodata", lang)
    return [
        {
            "area": names.get(code) or code,
            "area_code": code,
            "indicator": entry.label(lang) if entry else state.indicator,
            "year": None,
            "period": "",
            "value": None,
            "value_text": nodata,
            "decimals": 0,
            "unit": unit_label(entry.unit, lang) if entry else "",
            "qualifier": "",
            "status": nodata,
            "source": "",
            "source_url": "",
            "notes": t("data.table.nodata_note", lang),
        }
        for code in missing["code"]
    ]


def _area_label(row: dict, names: dict[str, str], lang: str) -> str:
    """The area's name in ``lang``; national rows use the country name."""
    code = str(row["area_code"])
    if code in ("KAZ", "KGZ"):
        return t(f"common.country.{code}", lang)
    return names.get(code) or str(row.get("area_name_en") or row.get("area_name_published") or code)


def _qualifier(qualifier: str, lang: str) -> str:
    """How exact the figure is, in ``lang`` (``exact`` spelled out, unlike on the map)."""
    if qualifier == "exact":
        return t("data.qualifier.exact", lang)
    return _translated("common.qualifier", qualifier, lang)


def _translated(prefix: str, value: object, lang: str) -> str:
    """``t(prefix.value)`` when the catalogue has it, else the value itself."""
    from dashboard.i18n import catalogue as i18n_catalogue

    namespace, _, key = prefix.partition(".")
    text = str(value or "")
    return t(f"{prefix}.{text}", lang) if f"{key}.{text}" in i18n_catalogue(namespace) else text


def warm() -> None:
    """Fill the caches the first page view needs (dataset, units, names, the default table).

    Called when the page module is imported: under gunicorn ``--preload`` that is once, in
    the master, before the workers fork, so no worker pays for it on its first request.
    """
    from indicators.dataset import load_dataset

    state = DataState()
    filtered_table(load_dataset(), state)
    for lang in ("en", "ru"):
        area_names(lang)
