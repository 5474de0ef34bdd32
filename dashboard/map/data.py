"""The dashboard's access to boundaries and indicator data (cached per process).

Callbacks call these functions and :mod:`dashboard.map.frame`; nothing here imports Dash.
Codes: ISO3 countries ``KAZ``/``KGZ``, admin levels 1 (regions, ISO 3166-2) and 2 (districts,
pcodes); boundary layouts (vintages) follow the year shown (``geodata.vintages``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from dashboard.common.areas import area_name
from dashboard.common.datasets import dataset_names, user_datasets
from dashboard.georoute import LayerPart
from dashboard.i18n import t
from dashboard.map import geometry
from dashboard.map.frame import IndicatorInfo, MapFrame, build_frame
from dashboard.map.overlay import LabelPoint, MapOverlay
from dashboard.map.state import MapState
from geodata.errors import UserFacingError

log = logging.getLogger(__name__)
DATASET = "default"
__all__ = ["dataset_names", "user_datasets"]  # re-exported: the map reads them from here


class MapInputError(UserFacingError):
    """The map was asked for something that does not exist (message already translated)."""


def prepare_boundaries() -> None:
    """Build the boundary layers now (first start only) so that no request waits for it."""
    from geodata.layers import prepare

    prepare()


def dataset(name: str = DATASET):
    """The dataset called ``name``: the cited default, an imported one or the synthetic demo
    (``indicators.dataset.load_dataset``; an unknown name raises its UnknownDatasetError, a
    UserFacingError that the page shows as a friendly message)."""
    from indicators.dataset import load_dataset

    return load_dataset(name)


@lru_cache(maxsize=8)
def _coverage(name: str, version: str) -> pd.DataFrame:
    """Distinct ``(indicator, country, level, year)`` with at least one value (per version)."""
    obs = dataset(name).observations
    rows = obs[obs["value"].notna() & obs["year"].notna() & obs["level"].isin([1, 2])]
    cols = ["indicator", "country", "level", "year"]
    return rows[cols].drop_duplicates().astype({"year": int, "level": int}).reset_index(drop=True)


def coverage(name: str = DATASET) -> pd.DataFrame:
    """Which indicators of dataset ``name`` have values where and when (see ``_coverage``)."""
    return _coverage(name, dataset(name).version)


def indicator_ids(countries: tuple[str, ...], level: int, name: str = DATASET) -> list[str]:
    """Catalogue ids with values for any of ``countries`` at ``level``, in catalogue order."""
    from indicators.catalogue import catalogue

    cov = coverage(name)
    present = set(cov.loc[cov["country"].isin(countries) & cov["level"].eq(level), "indicator"])
    return [i for i in catalogue() if i in present]


def years(indicator: str, countries: tuple[str, ...], level: int, name: str = DATASET) -> list[int]:
    """Years with values of ``indicator`` for any of ``countries`` at ``level``, ascending."""
    cov = coverage(name)
    mask = cov["indicator"].eq(indicator) & cov["country"].isin(countries) & cov["level"].eq(level)
    return sorted(int(y) for y in cov.loc[mask, "year"].unique())


def indicator_info(indicator: str, lang: str) -> IndicatorInfo:
    """Label, unit, direction and decimals of a catalogue indicator; MapInputError if unknown."""
    from indicators.catalogue import catalogue

    entry = catalogue().get(indicator)
    if entry is None:
        raise MapInputError(t("map.error.unknown_indicator", lang, value=indicator))
    label = entry.labels.get(lang) or entry.labels.get("ru") or entry.labels["en"]
    return IndicatorInfo(entry.id, label, entry.unit, entry.direction, entry.decimals)


def layer_parts(state: MapState, year: int | None) -> tuple[LayerPart, ...]:
    """The boundary layers drawn: one per country, in the layout of ``year``."""
    from geodata.vintages import vintage_for_year

    return tuple(
        LayerPart(c, state.level, vintage_for_year(c, state.level, year)) for c in state.countries()
    )


@lru_cache(maxsize=32)
def shown_parts(state: MapState) -> tuple[LayerPart, ...]:
    """The boundary layers :func:`map_view` draws for ``state`` (those of its resolved year)."""
    return layer_parts(state, resolve_year(state))


def units(part: LayerPart) -> pd.DataFrame:
    """Areas of one layer (one row per polygon): ``code, parent_code, name_*``."""
    from geodata.layers import units as geodata_units

    return geodata_units(part.country, part.level, part.vintage)


def regions(state: MapState) -> list[tuple[str, str]]:
    """``(code, name)`` of the admin-1 regions of the selected countries, sorted by name."""
    rows = []
    for country in state.countries():
        for unit in units(LayerPart(country, 1, _current(country))).to_dict("records"):
            rows.append((str(unit["code"]), area_name(unit, state.lang)))
    return sorted(rows, key=lambda r: r[1])


def _current(country: str) -> str:
    from geodata.vintages import current_vintage

    return current_vintage(country)


def _in_region(table: pd.DataFrame, region: str | None) -> pd.DataFrame:
    """Rows for the region itself or its districts (all rows when no region is chosen)."""
    if not region:
        return table
    return table[table["code"].eq(region) | table["parent_code"].eq(region)]


@dataclass(frozen=True)
class MapView:
    """A computed map: the layers to draw, the year asked for, and the frame to draw."""

    parts: tuple[LayerPart, ...]
    year: int | None
    frame: MapFrame
    overlay: MapOverlay = field(default_factory=MapOverlay)

    @property
    def view_key(self) -> str:
        """Identifies the geometry and extent; the user's zoom is kept while it is unchanged."""
        return "_".join(p.name for p in self.parts)


def resolve_year(state: MapState) -> int | None:
    """The year to show: the requested one, else the latest with data (None when none)."""
    if state.year is not None:
        return state.year
    available = years(state.indicator, state.countries(), state.level, state.dataset)
    return available[-1] if available else None


def map_view(state: MapState) -> MapView:
    """Everything needed to draw ``state`` (raises MapInputError for an unknown indicator),
    cached by dataset version in the shared view cache (``dashboard.shared_cache``)."""
    from dashboard.shared_cache import view_cache

    shown = dataset(state.dataset)
    return view_cache().get_or_compute("map-view", shown, [state], lambda: _map_view(state, shown))


def _map_view(state: MapState, shown) -> MapView:
    """``map_view`` uncached."""
    from indicators.query import map_values

    info = indicator_info(state.indicator, state.lang)
    year = resolve_year(state)
    parts = shown_parts(state)
    all_units = _in_region(pd.concat([units(p) for p in parts], ignore_index=True), state.region)
    frames = []
    if year is not None:
        for part in parts:
            found = map_values(shown, state.indicator, year, part.country, state.level, state.tol)
            frames.append(found)
    values = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    if len(values):
        values = values[values["code"].isin(all_units["code"])]
    frame = build_frame(
        state,
        year,
        info,
        all_units,
        values,
        _break_values(state),
        shown.sources,
        area_label=_area_label(state),
        ever_codes=_ever_codes(state),
        balance=is_balance(state.indicator),
    )
    cities = all_units.loc[all_units["kind"].eq("city"), "code"] if "kind" in all_units else []
    overlay = _overlay(state, parts, list(all_units["code"]), set(cities))
    return MapView(parts, year, frame, overlay)


def is_balance(indicator: str) -> bool:
    """Balances (net migration) are read from zero both ways: a diverging palette."""
    return indicator.startswith("net_")


MAX_MARKERS = 30  # beyond this many, markers would hide the map they are meant to clarify


def _overlay(
    state: MapState, parts: tuple[LayerPart, ...], codes: list[str], cities: set[str]
) -> MapOverlay:
    """Extent, markers on small cities (specks at this extent) and label points of the shown
    areas."""
    found: dict[str, geometry.Anchor] = {}
    for part in parts:
        found.update(geometry.anchors(part))
    shown = [found[c] for c in codes if c in found]
    span = geometry.extent(shown)
    labels = tuple(
        LabelPoint(a.code, round(a.lon, 4), round(a.lat, 4))
        for a in sorted(shown, key=lambda a: -a.area)
    )
    return MapOverlay(
        lon_range=span[0] if span else [],
        lat_range=span[1] if span else [],
        small=tuple(c for c in geometry.small_codes(shown) if c in cities)[:MAX_MARKERS],
        labels=labels,
        show_labels=state.labels == "on",
        marker_label=t("map.legend.small", state.lang),
    )


def _all_years(state: MapState) -> pd.DataFrame:
    """Every value of the indicator for these countries and level, in any year."""
    obs = dataset(state.dataset).observations
    mask = (
        obs["indicator"].eq(state.indicator)
        & obs["country"].isin(state.countries())
        & obs["level"].eq(state.level)
        & obs["value"].notna()
    )
    return obs.loc[mask]


def _ever_codes(state: MapState) -> set[str]:
    """Areas with a value of the indicator in any year (at this level, these countries)."""
    return set(_all_years(state)["area_code"].astype(str))


def _break_values(state: MapState) -> list[float]:
    """All values of the indicator for these countries and level, every year (fixed breaks)."""
    return [float(v) for v in _all_years(state)["value"]]


def _area_label(state: MapState) -> str:
    """E.g. "Kyrgyzstan, regions" in the UI language."""
    country = t(f"common.country.{state.country}", state.lang)
    return f"{country}, {t(f'common.level.{state.level}', state.lang).lower()}"
