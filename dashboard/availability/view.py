"""The Data availability page: its URL state and the indicator x area x year matrix it shows.

No Dash imports. Query keys (the shared filter plus this page's own):

- ``country`` (``KGZ``, ``KAZ``; ``both`` shows Kyrgyzstan with a note: each country has its
  own areas), ``level`` (1 regions, 2 districts), ``region`` (admin-1 ISO code limiting the
  areas), ``areas`` (comma-separated codes of a program officer's selection; a region stands
  for itself and its districts), ``lang``;
- ``indicator``: empty = the summary (per indicator and year, how many areas have a value);
  a catalogue id = that indicator's areas x years, each cell showing the status tier;
- ``dataset``: ``default``, an imported dataset or ``demo-synthetic`` (SYNTHETIC); the legacy
  ``demo=1`` reads as ``dataset=demo-synthetic``.

The matrix comes from ``indicators.availability.matrix``: for each year with a value, every
unit of that year's boundary layout gets a cell, so a missing value shows as "no data"; an
area that is not in a year's layout (Kazakhstan's 2018 and 2022 reforms) shows as "not in
the layout that year", which is different from no data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache

import pandas as pd

from dashboard.common.areas import area_name, areas_of_country
from dashboard.i18n import DEFAULT_LANGUAGE
from dashboard.state.model import (
    DEFAULT_DATASET,
    SYNTHETIC_DATASET,
    FieldParser,
    Note,
    choice,
    dataset_name,
    indicator_id,
    language,
    legacy_demo,
    parse_fields,
    region_code,
    region_fits,
    with_used,
)

COUNTRIES: tuple[str, ...] = ("KGZ", "KAZ")
QUERY_KEYS: tuple[str, ...] = (
    "country",
    "level",
    "region",
    "areas",
    "indicator",
    "demo",
    "dataset",
    "lang",
)
#: Status tiers from the most to the least authoritative (indicators.model order).
STATUS_ORDER: tuple[str, ...] = (
    "official_table",
    "official_derived",
    "press_reported",
    "secondary",
    "derived",
    "user_import",
    "synthetic",
)
NO_DATA = "nodata"
NOT_IN_LAYOUT = "absent"
#: Coverage bands of the summary: share of areas with a value.
BANDS: tuple[str, ...] = ("all", "most", "some", NO_DATA)


@dataclass(frozen=True)
class AvailabilityState:
    """What the availability page shows (hashable: views are cached by it)."""

    country: str = "KGZ"
    level: int = 1
    region: str | None = None
    areas: tuple[str, ...] = ()
    indicator: str | None = None
    dataset: str = DEFAULT_DATASET
    lang: str = DEFAULT_LANGUAGE
    both_requested: bool = False

    @property
    def synthetic(self) -> bool:
        """True for the built-in SYNTHETIC demo dataset."""
        return self.dataset == SYNTHETIC_DATASET

    def to_query(self) -> dict[str, str]:
        """The query parameters of this state (empty values for unset keys)."""
        return {
            "country": "both" if self.both_requested else self.country,
            "level": str(self.level),
            "region": self.region or "",
            "areas": ",".join(self.areas),
            "indicator": self.indicator or "",
            "dataset": self.dataset,
            "lang": self.lang,
        }


def _country(text: str) -> dict[str, object]:
    """``KGZ``/``KAZ``; ``both`` shows Kyrgyzstan, remembered for the note and the URL."""
    if text.lower() == "both":
        return {"country": "KGZ", "both_requested": True}
    return {"country": choice(text.upper(), COUNTRIES)}


_PARSERS: dict[str, FieldParser] = {
    "country": _country,
    "level": lambda s: {"level": choice(s, (1, 2), int)},
    "region": lambda s: {"region": region_code(s)},
    "indicator": lambda s: {"indicator": indicator_id(s)},
    "demo": legacy_demo,
    "dataset": lambda s: {"dataset": dataset_name(s)},
    "lang": lambda s: {"lang": language(s)},
}


def parse_query(query: Mapping[str, object]) -> tuple[AvailabilityState, list[Note]]:
    """The state for URL query parameters and a :class:`Note` for each malformed value."""
    changes, notes = parse_fields(query, _PARSERS)
    state = AvailabilityState(**changes)
    if not region_fits(state.region, (state.country,)):
        notes.append(Note("region", str(state.region), ""))
        state = replace(state, region=None)
    areas = areas_of_country(query.get("areas"), state.country, notes)
    state = replace(state, areas=areas)
    return state, with_used(notes, state.to_query())


def load(state: AvailabilityState):
    """The dataset chosen: the cited default, an imported one or the SYNTHETIC demo."""
    from indicators.dataset import load_dataset

    return load_dataset(state.dataset)


@lru_cache(maxsize=16)
def _layout_units(country: str, level: int) -> pd.DataFrame:
    """Every unit of every layout of ``country`` and ``level`` (``code, parent_code, vintage,
    name_*``), newest layout first."""
    from geodata.layers import all_units
    from geodata.vintages import vintages

    table = all_units()
    table = table[table["country"].eq(country) & table["level"].eq(level)]
    order = {v: i for i, v in enumerate(vintages(country, level))}
    return table.sort_values("vintage", key=lambda s: s.map(order), kind="mergesort")


def area_names(country: str, level: int, lang: str) -> dict[str, str]:
    """Name in ``lang`` (Russian, then English as fallback) of every code, newest layout first."""
    names: dict[str, str] = {}
    for row in _layout_units(country, level).to_dict("records"):
        if row["code"] in names:
            continue
        names[row["code"]] = area_name(row, lang)
    return names


def in_filter(state: AvailabilityState, table: pd.DataFrame) -> pd.Series:
    """Mask of matrix rows whose area is inside the region filter (the region and its
    districts, in the row's layout) and the area selection (``area_query.with_districts``)."""
    from dashboard.common.areas import with_districts

    units = _layout_units(state.country, state.level)
    pairs = zip(units["code"], units["vintage"], strict=True)
    parent = dict(zip(pairs, units["parent_code"], strict=True))
    keys = zip(table["code"], table["vintage"], strict=True)
    parents = pd.Series([parent.get(k, "") for k in keys], index=table.index)
    mask = pd.Series(True, index=table.index)
    if state.region:
        mask &= table["code"].eq(state.region) | parents.eq(state.region)
    if state.areas:
        mask &= table["code"].isin(with_districts(state.areas))
    return mask


@lru_cache(maxsize=32)
def _matrix(name: str, version: str, country: str, level: int) -> pd.DataFrame:
    """``indicators.availability.matrix`` for one dataset version (cached)."""
    from indicators.availability import matrix

    return matrix(load(AvailabilityState(dataset=name)), country, level)


def matrix_for(state: AvailabilityState) -> pd.DataFrame:
    """The matrix (``indicator, code, year, vintage, has_value, status, value, qualifier``)
    of the state's country and level, limited to its region and area filters; the whole matrix
    is cached per dataset version in the shared view cache (``dashboard.shared_cache``)."""
    from dashboard.shared_cache import view_cache

    dataset = load(state)
    table = view_cache().get_or_compute(
        "availability-matrix",
        dataset,
        [state.country, state.level],
        lambda: _matrix(dataset.name, dataset.version, state.country, state.level),
    )
    if state.region or state.areas:
        table = table[in_filter(state, table)]
    return table


def band(with_value: int, total: int) -> str:
    """Coverage band of a summary cell: ``all``, ``most`` (half or more), ``some``, ``nodata``."""
    if total <= 0 or with_value <= 0:
        return NO_DATA
    if with_value >= total:
        return "all"
    return "most" if 2 * with_value >= total else "some"


def summary(table: pd.DataFrame) -> pd.DataFrame:
    """Per indicator and year: areas with a value, areas in the layout, band and best status."""
    if table.empty:
        return pd.DataFrame(columns=["indicator", "year", "with_value", "total", "band", "best"])
    rank = {s: i for i, s in enumerate(STATUS_ORDER)}
    grouped = table.groupby(["indicator", "year"], sort=True)
    out = grouped.agg(with_value=("has_value", "sum"), total=("has_value", "size")).reset_index()
    best = grouped["status"].agg(
        lambda s: min((x for x in s if x), key=lambda x: rank.get(x, 99), default="")
    )
    out["best"] = best.to_numpy()
    out["with_value"] = out["with_value"].astype(int)
    out["band"] = [band(n, t) for n, t in zip(out["with_value"], out["total"], strict=True)]
    return out


def cell_sources(dataset, table: pd.DataFrame) -> pd.Series:
    """Source ids (``;``-joined) behind each cell with a value, by the index of ``table``; a
    derived value cites the sources of its inputs (``derived_from``)."""
    keys = ["indicator", "area_code", "year", "vintage", "status"]
    obs = dataset.observations
    rows = obs[obs["year"].notna()].drop_duplicates(keys)
    rows = rows.assign(year=rows["year"].astype(int))[[*keys, "source_id", "derived_from"]]
    cells = table[table["has_value"]].rename(columns={"code": "area_code"})
    cells = cells.assign(year=cells["year"].astype(int), _idx=cells.index)
    merged = cells[[*keys, "_idx"]].merge(rows, on=keys, how="left")
    source_of = dict(zip(obs["obs_id"], obs["source_id"], strict=True))
    out = {}
    for idx, source, inputs in zip(
        merged["_idx"], merged["source_id"], merged["derived_from"], strict=True
    ):
        found = [source] if isinstance(source, str) and source else []
        found += [source_of.get(o, "") for o in str(inputs or "").split(";") if o]
        out[idx] = ";".join(dict.fromkeys(s for s in found if s))
    return pd.Series(out, dtype=object).reindex(table.index).fillna("")


def download_table(state: AvailabilityState, lang: str = "en") -> pd.DataFrame:
    """The matrix shown (one indicator or all) with area names, units and source titles, and
    the dataset's name and SYNTHETIC flag in every row (a SYNTHETIC column first for the demo).
    Missing values stay empty."""
    from indicators.catalogue import catalogue

    dataset = load(state)
    table = matrix_for(state)
    if state.indicator:
        table = table[table["indicator"].eq(state.indicator)]
    entries = catalogue()
    names = area_names(state.country, state.level, lang)
    sources = cell_sources(dataset, table)
    out = pd.DataFrame(
        {
            "indicator": table["indicator"],
            "indicator_label": [
                entries[i].label(lang) if i in entries else i for i in table["indicator"]
            ],
            "country": state.country,
            "level": state.level,
            "code": table["code"],
            "area_name": table["code"].map(names).fillna(""),
            "year": table["year"],
            "vintage": table["vintage"],
            "has_value": table["has_value"],
            "value": table["value"],
            "unit": [entries[i].unit if i in entries else "" for i in table["indicator"]],
            "qualifier": table["qualifier"],
            "status": table["status"],
            "source_id": sources,
            "source_title": [
                "; ".join(getattr(dataset.sources.get(s), "title", s) for s in ids.split(";") if s)
                for ids in sources
            ],
        }
    )
    out["dataset"] = dataset.name
    out["synthetic"] = bool(dataset.synthetic)
    if dataset.synthetic:
        out.insert(0, "SYNTHETIC", "SYNTHETIC DEMO DATA - NOT REAL FIGURES")
    return out.reset_index(drop=True)


def download_name(state: AvailabilityState) -> str:
    """E.g. ``cam-atlas-availability-KGZ-1.csv`` (``SYNTHETIC-`` first for synthetic data)."""
    what = f"-{state.indicator}" if state.indicator else ""
    prefix = "SYNTHETIC-" if load(state).synthetic else ""
    return f"{prefix}cam-atlas-availability-{state.country}-{state.level}{what}.csv"
