"""What the Gap scores page computes for a ``ScoresState``: choices, year, scores, sources.

No Dash imports: callbacks parse controls into a :class:`~dashboard.scores.state.ScoresState`,
call :func:`score_view` and render the result with :mod:`dashboard.scores.frame`.

The score itself is ``indicators.gapscore.regions.score_regions`` (method in docs/METHOD.md)
over the comparison set of one country and level: every unit of the boundary layout of the
chosen year (``geodata.layers.units``), never both countries pooled. Observations count only
when they are on that layout (a row without a vintage is placed in it when the level has a
single layout), as in ``cam-atlas score``. The region and area filters only limit the rows
shown; ranks always compare the whole country.

Expected dead ends (no indicator chosen, all weights zero, no data in the year window) are
returned as a ``problem`` key for a translated message, not raised.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypedDict

import pandas as pd

from dashboard.common.areas import area_name
from dashboard.scores.state import ScoresState, parse_query
from indicators.gapscore import exclusions as excl
from indicators.gapscore.exclusions import Exclusion

DEFAULT_DATASET = "default"
DEMO_DATASET = "demo-synthetic"
# Units that are rates or shares: comparable between areas of different size (METHOD.md 0).
_RATE_UNITS = ("percent",)


@dataclass(frozen=True)
class Entry:
    """An indicator as the score sees it: catalogue entry with the user's direction and target
    (satisfies ``indicators.gapscore.regions.CatalogueEntry``)."""

    id: str
    direction: int
    target: float | None
    domain: str = ""  # catalogue domain: need or services group of the two-level score


@dataclass(frozen=True)
class IndicatorChoice:
    """One scorable indicator of a country and level (direction != 0, some data there).

    ``direction`` and ``target`` are the catalogue's (target in ``unit``). ``coverage`` maps
    year -> (areas with a value, areas in that year's layout). ``is_rate``: a percent or
    per-population unit (counts favour populous areas, so they are not selected by default).
    """

    id: str
    labels: Mapping[str, str]
    unit: str
    direction: int
    target: float | None
    decimals: int
    coverage: tuple[tuple[int, int, int], ...]
    is_rate: bool

    def label(self, lang: str) -> str:
        """The catalogue label in ``lang`` (Russian, then English, as fallback)."""
        return self.labels.get(lang) or self.labels.get("ru") or self.labels["en"]


@dataclass
class ScoreView:
    """Everything the page shows for one state (see :func:`score_view`).

    ``table``: ``score_regions`` output for the whole comparison set (``code, name, score,
    rank, rank_p05, rank_median, rank_p95, priority_class, uncertain, status,
    n_indicators_used, indicators_used, weight_share, years_used, contribution_<id>``), names
    in the page language; None when nothing could be scored. ``shown``: the codes in the
    region / area filter. ``problem``: an i18n key (``scores.problem.*``) when no table.
    """

    state: ScoresState
    dataset_name: str
    dataset_title: str
    synthetic: bool
    choices: list[IndicatorChoice]
    selected: tuple[str, ...]
    years: list[int]
    year: int | None
    units: pd.DataFrame
    table: pd.DataFrame | None = None
    shown: tuple[str, ...] = ()
    problem: str | None = None
    unknown_indicators: tuple[str, ...] = ()
    without_data: tuple[str, ...] = ()
    normalisation_used: Mapping[str, str] = field(default_factory=dict)
    spec: Mapping[str, object] = field(default_factory=dict)
    sources: list[tuple[str, tuple[int, ...], tuple[tuple[str, str], ...]]] = field(
        default_factory=list
    )
    level_has_real_data: bool = True
    exclusions: tuple[Exclusion, ...] = ()
    context: tuple[str, ...] = ()
    plane: pd.DataFrame | None = None
    plane_problem: str | None = None

    @property
    def choice_by_id(self) -> dict[str, IndicatorChoice]:
        """The indicator choices keyed by id."""
        return {c.id: c for c in self.choices}

    def left_out(self) -> dict[str, Exclusion]:
        """Why each indicator on offer is not in the score, by id: the score's own exclusions
        (too few areas, outside the year window) for chosen ones, ``count`` for a raw count
        left unticked, ``no_direction`` for the context indicators (``context``)."""
        out = {e.indicator: e for e in self.exclusions}
        for choice in self.choices:
            if choice.id not in self.selected and not choice.is_rate:
                out.setdefault(choice.id, excl.count(choice.id))
        for ind in self.context:
            out.setdefault(ind, excl.no_direction(ind))
        return out


def load(name: str):
    """The dataset ``name`` (``indicators.dataset.load_dataset``; cached there)."""
    from indicators.dataset import load_dataset

    return load_dataset(name)


def dataset_for(state: ScoresState):
    """The dataset chosen: the cited default, an imported one or the SYNTHETIC demo."""
    return load(state.dataset)


def is_rate(unit: str) -> bool:
    """True for percentages and per-population rates (``per 10,000 ...``)."""
    return unit in _RATE_UNITS or unit.startswith("per ") or " per " in unit


def layout_observations(observations: pd.DataFrame, country: str, level: int, year: int):
    """Rows of ``country`` and ``level`` on the boundary layout of ``year``; a row without a
    vintage counts there only when the level has a single layout (METHOD.md section 0)."""
    from geodata import vintages

    vintage = vintages.vintage_for_year(country, level, year)
    layout = observations["vintage"].fillna("").astype(str)
    if len(vintages.vintages(country, level)) == 1:
        layout = layout.replace("", vintage)
    mask = observations["country"].eq(country) & observations["level"].eq(level)
    return observations[mask & layout.eq(vintage)]


@lru_cache(maxsize=64)
def _units(country: str, level: int, vintage: str) -> pd.DataFrame:
    from geodata.layers import units

    return units(country, level, vintage)


def layout_units(country: str, level: int, year: int | None) -> pd.DataFrame:
    """The comparison set: every unit of the layout of ``year`` (``code, parent_code, name_*``)."""
    from geodata.vintages import vintage_for_year

    return _units(country, level, vintage_for_year(country, level, year))


@lru_cache(maxsize=32)
def _choices(name: str, version: str, country: str, level: int) -> tuple[IndicatorChoice, ...]:
    """Scorable indicators with data at ``country``/``level`` (cached per dataset version)."""
    from geodata.vintages import vintage_for_year
    from indicators.catalogue import catalogue

    obs = load(name).observations
    rows = obs[obs["country"].eq(country) & obs["level"].eq(level) & obs["value"].notna()]
    rows = rows[rows["year"].notna()]
    found: list[IndicatorChoice] = []
    for ind, entry in catalogue().items():
        if entry.direction == 0:
            continue
        mine = rows[rows["indicator"].eq(ind)]
        coverage = []
        for year, group in mine.groupby("year"):
            year = int(year)
            vintage = vintage_for_year(country, level, year)
            on_layout = layout_observations(group, country, level, year)
            total = len(_units(country, level, vintage))
            coverage.append((year, int(on_layout["area_code"].nunique()), total))
        coverage = [c for c in coverage if c[1]]
        if not coverage:
            continue
        found.append(
            IndicatorChoice(
                id=ind,
                labels=dict(entry.labels),
                unit=entry.unit,
                direction=entry.direction,
                target=entry.target,
                decimals=entry.decimals,
                coverage=tuple(sorted(coverage)),
                is_rate=is_rate(entry.unit),
            )
        )
    return tuple(found)


@lru_cache(maxsize=32)
def _context(name: str, version: str, country: str, level: int) -> tuple[str, ...]:
    """Context indicators (no direction) with a value at ``country``/``level``."""
    from indicators.catalogue import catalogue

    obs = load(name).observations
    rows = obs[obs["country"].eq(country) & obs["level"].eq(level) & obs["value"].notna()]
    present = set(rows["indicator"])
    return tuple(i for i, e in catalogue().items() if e.direction == 0 and i in present)


def context_indicators(state: ScoresState) -> tuple[str, ...]:
    """Indicators with data here that describe rather than rank (direction 0)."""
    dataset = dataset_for(state)
    return _context(dataset.name, dataset.version, state.country, state.level)


def indicator_choices(state: ScoresState) -> list[IndicatorChoice]:
    """Indicators the page offers for the state's dataset, country and level."""
    dataset = dataset_for(state)
    return list(_choices(dataset.name, dataset.version, state.country, state.level))


def default_selection(choices: Iterable[IndicatorChoice]) -> tuple[str, ...]:
    """Pre-selected indicators, as ``cam-atlas score`` chooses them (METHOD.md §0): every rate
    or share with a direction (counts favour populous areas); all when none is a rate. The
    coverage rule then decides which of them enter the score in the chosen year, and the page
    says why each other one is left out."""
    choices = list(choices)
    rates = tuple(c.id for c in choices if c.is_rate)
    return rates or tuple(c.id for c in choices)


def selection(state: ScoresState, choices: list[IndicatorChoice]) -> tuple[tuple, tuple]:
    """``(selected ids, unknown ids)``: the state's choice limited to offered indicators."""
    offered = {c.id for c in choices}
    if state.indicators is None:
        return default_selection(choices), ()
    chosen = tuple(i for i in state.indicators if i in offered)
    unknown = tuple(i for i in state.indicators if i not in offered)
    return chosen, unknown


def entries(state: ScoresState, choices: list[IndicatorChoice]) -> dict[str, Entry]:
    """Score entries with the user's direction and target overrides applied."""
    from indicators.catalogue import catalogue

    known = catalogue()
    return {
        c.id: Entry(
            c.id,
            state.direction(c.id, c.direction),
            state.target(c.id, c.target),
            known[c.id].domain if c.id in known else "",
        )
        for c in choices
    }


def candidate_years(choices: list[IndicatorChoice], ids: Iterable[str]) -> list[int]:
    """Years with a value of any of ``ids`` (the year select offers these), ascending."""
    wanted = set(ids)
    return sorted({y for c in choices if c.id in wanted for y, _, _ in c.coverage})


class _SpecOptions(TypedDict):
    """The ScoreSpec fields the page sets (``score_regions(**options)``)."""

    normalisation: str
    aggregation: str
    power: float
    min_weight_share: float
    min_coverage: float
    tolerance_years: int
    comparison_set: str


def _options(state: ScoresState, n_units: int, year: int) -> _SpecOptions:
    """ScoreSpec options (method, share threshold, tolerance, comparison set) of ``state``."""
    return {
        "normalisation": state.norm,
        "aggregation": state.agg,
        "power": state.power,
        "min_weight_share": state.minshare,
        "min_coverage": state.mincov,
        "tolerance_years": state.tol,
        "comparison_set": f"{state.country} level {state.level} ({n_units} units), "
        f"years {year - state.tol}-{year}",
    }


@lru_cache(maxsize=256)
def suggest_year(state: ScoresState, version: str) -> int | None:
    """The year where the most chosen indicators pass the coverage rule for the comparison set
    (``indicators.gapscore.regions.suggest_year``, METHOD.md §0: the latest such year on
    ties), each year on its own boundary layout. Without any such year, the latest year with
    a value (its cards then say why nothing enters). None when no chosen indicator has any
    year. ``version``: the dataset version (cache key)."""
    from geodata.vintages import vintage_for_year
    from indicators.gapscore.regions import coverage_by_year

    choices = indicator_choices(state)
    ids, _ = selection(state, choices)
    years = candidate_years(choices, ids)
    if not years:
        return None
    dataset = dataset_for(state)
    counts: dict[int, int] = {}
    for vintage in sorted({vintage_for_year(state.country, state.level, y) for y in years}):
        on_layout = [y for y in years if vintage_for_year(state.country, state.level, y) == vintage]
        obs = layout_observations(dataset.observations, state.country, state.level, on_layout[-1])
        codes = list(layout_units(state.country, state.level, on_layout[-1])["code"])
        found = coverage_by_year(obs, list(ids), codes, state.tol, state.mincov)
        counts.update({y: found.get(y, 0) for y in on_layout})
    best = max(counts.values(), default=0)
    if best == 0:
        return years[-1]
    return max(y for y, c in counts.items() if c == best)


def source_ids(by_id: pd.DataFrame, obs_ids: Iterable[str]) -> set[str]:
    """Sources behind observations, following ``derived_from`` (``;``-separated obs ids) to
    the published inputs of derived values. ``by_id``: observations indexed by a unique
    ``obs_id`` (``observations.drop_duplicates("obs_id").set_index("obs_id")``)."""
    found: set[str] = set()
    todo, seen = list(obs_ids), set()
    while todo:
        oid = todo.pop()
        if oid in seen or oid not in by_id.index:
            continue
        seen.add(oid)
        row = by_id.loc[oid]
        if row["source_id"]:
            found.add(str(row["source_id"]))
        todo.extend(s for s in str(row.get("derived_from") or "").split(";") if s)
    return found


def indicator_sources(
    dataset, state: ScoresState, ids: Iterable[str], year: int, codes: list[str]
) -> list[tuple[str, tuple[int, ...], tuple[tuple[str, str], ...]]]:
    """Per indicator: ``(id, years used, ((source title, tier), ...))`` over the areas
    ``codes``; sources of derived values are those of their inputs."""
    from indicators.query import map_values

    by_id = dataset.observations.drop_duplicates("obs_id").set_index("obs_id")
    out = []
    for ind in ids:
        found = map_values(dataset, ind, year, state.country, state.level, state.tol, codes)
        if found.empty:
            continue
        years = tuple(sorted({int(y) for y in found["year_used"].dropna()}))
        cited = []
        for sid in sorted(source_ids(by_id, found["obs_id"])):
            source = dataset.sources.get(sid)
            entry = (source.title, source.tier) if source is not None else (sid, "")
            if entry not in cited:
                cited.append(entry)
        out.append((ind, years, tuple(cited)))
    return out


def shown_codes(state: ScoresState, units: pd.DataFrame) -> tuple[str, ...]:
    """Codes inside the region filter and the program officer's area selection (a region
    stands for itself and its districts, ``dashboard.common.areas.with_districts``)."""
    from dashboard.common.areas import with_districts

    rows = units
    if state.region:
        rows = rows[rows["code"].eq(state.region) | rows["parent_code"].eq(state.region)]
    if state.areas:
        rows = rows[rows["code"].isin(with_districts(state.areas))]
    return tuple(str(c) for c in rows["code"])


def real_level_data(state: ScoresState) -> bool:
    """Whether the real default dataset has any scorable indicator at this country and level."""
    dataset = load(DEFAULT_DATASET)
    return bool(_choices(dataset.name, dataset.version, state.country, state.level))


def _compute(state: ScoresState, view: ScoreView, dataset) -> None:
    """Fill ``view.table`` and its metadata (or ``view.problem``) for ``view.year``."""
    from indicators.gapscore.inputs import build_matrix
    from indicators.gapscore.regions import region_inputs, score_regions, window_exclusions

    if not view.selected:
        view.problem = "scores.problem.no_indicator"
        return
    if all(state.weight(i) == 0 for i in view.selected):
        view.problem = "scores.problem.zero_weights"
        return
    if view.year is None:
        view.problem = "scores.problem.no_year"
        return
    year = view.year
    obs = layout_observations(dataset.observations, state.country, state.level, year)
    units = view.units.copy()
    units["name"] = [area_name(row, state.lang) for row in units.to_dict("records")]
    codes = list(units["code"])
    values, _ = build_matrix(obs, year, state.tol, list(view.selected), area_codes=codes)
    if values.isna().all().all():
        view.problem = "scores.problem.no_data_in_window"
        view.exclusions = tuple(window_exclusions(obs, list(view.selected), codes, year, state.tol))
        return
    score_entries = entries(state, view.choices)
    weights = {i: state.weight(i) for i in view.selected}
    options = _options(state, len(units), year)
    table = score_regions(
        obs,
        units,
        score_entries,
        year,
        indicators=list(view.selected),
        weights=weights,
        name_column="name",
        **options,
    )
    view.exclusions = tuple(table.attrs.get("exclusions") or ())
    if {e.indicator for e in view.exclusions} >= set(view.selected):
        view.problem = "scores.problem.none_covers"  # the coverage rule left nothing
        return
    view.table = table
    left = {e.indicator for e in view.exclusions}
    view.without_data = tuple(
        i for i in table.attrs.get("indicators_without_data") or () if i not in left
    )
    view.normalisation_used = dict(table.attrs.get("normalisation_by_indicator") or {})
    view.spec = dict(table.attrs.get("method") or {})
    used = [i for i in view.selected if i not in view.without_data and i not in left]
    view.sources = indicator_sources(dataset, state, used, year, codes)
    inputs = region_inputs(obs, units, score_entries, year, list(view.selected), weights, **options)
    national = national_observations(dataset.observations, state.country)
    view.plane, view.plane_problem = plane_points(table, inputs, national, year, state.tol)


def national_observations(observations: pd.DataFrame, country: str) -> pd.DataFrame:
    """The country's own (level 0) rows: the plane's reference lines."""
    level = pd.to_numeric(observations["level"], errors="coerce")
    return observations[observations["country"].eq(country) & level.eq(0)]


def plane_points(
    table: pd.DataFrame, inputs, national: pd.DataFrame, year: int, tolerance: int
) -> tuple[pd.DataFrame | None, str | None]:
    """The need-versus-coverage points (``indicators.gapscore.plane.need_coverage_plane``)
    with reference lines at the national values where both groups have one (else the median
    area), or ``(None, i18n key)`` when the score lacks need or services indicators."""
    from indicators.gapscore.plane import national_reference, need_coverage_plane
    from indicators.gapscore.regions import national_values

    if table["need_score"].isna().all() or table["services_score"].isna().all():
        return None, "scores.plane.problem.groups"
    ids = list(inputs.spec.ids)
    reference = None
    national_row = national_values(national, ids, year, tolerance)
    if national_row.notna().any():
        reference = national_reference(inputs.values, inputs.spec, national_row)
    points = need_coverage_plane(table, reference)
    if points.empty:
        return None, "scores.plane.problem.no_points"
    return points, None


@lru_cache(maxsize=64)
def _cached_view(state: ScoresState, version: str) -> ScoreView:
    dataset = dataset_for(state)
    choices = indicator_choices(state)
    selected, unknown = selection(state, choices)
    years = candidate_years(choices, [c.id for c in choices])
    year = state.year if state.year is not None else suggest_year(state, version)
    units = layout_units(state.country, state.level, year)
    view = ScoreView(
        state=state,
        dataset_name=dataset.name,
        dataset_title=dataset.title,
        synthetic=bool(dataset.synthetic),
        choices=choices,
        selected=selected,
        years=years,
        year=year,
        units=units,
        unknown_indicators=unknown,
        shown=shown_codes(state, units),
        level_has_real_data=real_level_data(state),
        context=context_indicators(state),
    )
    _compute(state, view, dataset)
    return view


def score_view(state: ScoresState) -> ScoreView:
    """The page's view for ``state`` (cached per state and dataset version in the shared view
    cache, ``dashboard.shared_cache``, and per process: treat as read-only).

    Raises ``GapScoreSpecError`` (a UserFacingError) only for specs the controls cannot
    produce; the expected dead ends are reported in ``problem``.
    """
    from dashboard.shared_cache import view_cache

    dataset = dataset_for(state)
    return view_cache().get_or_compute(
        "score-view", dataset, [state], lambda: _cached_view(state, dataset.version)
    )


def warm() -> None:
    """Compute the default views once (dataset, units, choices, suggested year, scores) so
    that the first visitor does not wait; under ``gunicorn --preload`` this runs in the master
    and every worker inherits the caches. Failures are logged, never raised: the page then
    computes on first use and reports problems there."""
    import logging

    try:
        for query in ({}, {"level": "2"}, {"country": "KAZ"}):
            score_view(parse_query(query)[0])
    except Exception:  # a missing boundary build must not stop the app from starting
        logging.getLogger(__name__).warning("gap score warm-up failed", exc_info=True)
