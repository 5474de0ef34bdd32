"""Indicators computed in code from the published figures, each row listing its inputs.

Every derived row has status ``derived``, an empty ``source_id``, ``derived_from`` = the
``obs_id`` values of its inputs (``;``-separated, found in ``observations.csv`` or in
``observations_other_breakdowns.csv``) and notes giving the formula. Nothing is filled in:
a value is derived only where every input exists for the same area (and layout vintage).

1. ``population_children_0_15``: boys 0-15 + girls 0-15 (KAZ 2020, data.egov.kz).
2. ``child_share_0_15_pct``: children 0-15 / total population of the same area and date x 100.
3. KGZ 2022 census totals for an oblast (and the country) from the census polygons, only where
   the polygons' census units make up exactly that oblast: Chui (merged with Bishkek) and
   Osh oblast (merged with Osh city) cannot be derived and get no value.
4. Rates (``RATES``): a count / the population of the same area and layout in the same year,
   else the nearest year within ``max_year_gap`` (the year used is stated in the notes).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from indicators import model

DERIVED_LOCATOR = "computed by indicators/derived.py"
CENSUS_SOURCE_PREFIX = "kgz_census2022_population_by_district-"


@dataclass(frozen=True)
class RateSpec:
    """``result`` = ``numerator`` / ``denominator`` x ``per`` (same area and layout)."""

    result: str
    numerator: str
    denominator: str
    per: int
    max_year_gap: int
    label: str


RATES: tuple[RateSpec, ...] = (
    RateSpec(
        "measles_cases_per_10000",
        "measles_cases",
        "population_total",
        10_000,
        1,
        "measles cases per 10,000 population",
    ),
    RateSpec(
        "emigration_rate_per_1000",
        "international_emigrants",
        "population_total",
        1_000,
        1,
        "emigrants per 1,000 population",
    ),
    RateSpec(
        "immigration_rate_per_1000",
        "international_immigrants",
        "population_total",
        1_000,
        1,
        "immigrants per 1,000 population",
    ),
    RateSpec(
        "children_of_migrants_registered_per_1000_children",
        "children_of_migrants_registered",
        "population_children",
        1_000,
        0,
        "identified children of migrants per 1,000 children aged 0-17",
    ),
)


def combined_qualifier(numerator: str, *others: str) -> str:
    """Qualifier of a value computed from inputs: exact only when every input is exact.

    A lower-bound numerator over exact other inputs stays a lower bound; any other rounded,
    approximate or lower-bound input makes the result approximate.
    """
    exact = model.Qualifier.EXACT.value
    if numerator == exact and all(q == exact for q in others):
        return exact
    if numerator == model.Qualifier.LOWER_BOUND.value and all(q == exact for q in others):
        return numerator
    return model.Qualifier.APPROXIMATE.value


def _n(x: float) -> str:
    """A number for notes: thousands separated, decimals only when present (85,278; 2.2)."""
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.6g}"


def _dated(row: pd.Series) -> str:
    """The period of a row as text: one ISO day or ``start..end``."""
    start, end = row["period_start"], row["period_end"]
    return start if start == end else f"{start}..{end}"


def _derived_row(
    base: dict, indicator: str, value: float, inputs: list[str], notes: str, qualifier: str
) -> dict:
    """A derived observation from ``base`` (country, level, area, vintage, period, year)."""
    from indicators.catalogue import get

    return {
        **base,
        "obs_id": model.make_obs_id(
            "derived", indicator, base["area_code"], base["period_start"], base["period_end"],
            *sorted(inputs),
        ),
        "indicator": indicator,
        "value": value,
        "qualifier": qualifier,
        "unit": get(indicator).unit,
        "ci_low": None,
        "ci_high": None,
        "status": model.Status.DERIVED.value,
        "source_id": "",
        "source_locator": DERIVED_LOCATOR,
        "derived_from": ";".join(inputs),
        "notes": notes,
    }  # fmt: skip


def _place(row: pd.Series) -> dict:
    """The area and period fields a derived row copies from its main input."""
    keys = ("country", "level", "area_code", "area_name", "vintage", "period_start",
            "period_end", "year")  # fmt: skip
    return {k: row[k] for k in keys}


def _best(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows ordered best first: better status, then later period end, then obs_id."""
    ranked = rows.assign(_rank=rows["status"].map(model.status_rank))
    ranked = ranked.sort_values(["_rank", "period_end", "obs_id"], ascending=[True, False, True])
    return ranked.drop(columns="_rank")


# ------------------------------------------------------------------------- children 0-15
def children_0_15(obs: pd.DataFrame) -> pd.DataFrame:
    """Children 0-15 = boys 0-15 + girls 0-15 of the same area, date and source."""
    boys = obs[obs["indicator"] == "population_male_0_15"]
    girls = obs[obs["indicator"] == "population_female_0_15"]
    keys = ["country", "level", "area_code", "vintage", "period_start", "period_end", "source_id"]
    pairs = boys.merge(girls, on=keys, suffixes=("", "_f"))
    rows = []
    for _, r in pairs.iterrows():
        notes = (
            f"boys 0-15 ({_n(r['value'])}) + girls 0-15 ({_n(r['value_f'])}), "
            f"source {r['source_id']}"
        )
        qualifier = combined_qualifier(r["qualifier"], r["qualifier_f"])
        rows.append(
            _derived_row(
                _place(r),
                "population_children_0_15",
                r["value"] + r["value_f"],
                [r["obs_id"], r["obs_id_f"]],
                notes,
                qualifier,
            )
        )
    return pd.DataFrame(rows)


def child_share_0_15(obs: pd.DataFrame, children: pd.DataFrame) -> pd.DataFrame:
    """Children 0-15 as % of the total population of the same area on the same date."""
    if children.empty:
        return children
    population = obs[obs["indicator"] == "population_total"]
    keys = ["country", "level", "area_code", "vintage", "period_start", "period_end"]
    rows = []
    for _, child in children.iterrows():
        match = population
        for k in keys:
            match = match[match[k] == child[k]]
        if match.empty:
            continue
        pop = _best(match).iloc[0]
        inputs = [*child["derived_from"].split(";"), pop["obs_id"]]
        notes = (
            f"(boys 0-15 + girls 0-15) / total population x 100 = {_n(child['value'])} / "
            f"{_n(pop['value'])} x 100; population from {pop['source_id']} ({pop['status']}); "
            "age band 0-15 (below working age), not 0-17"
        )
        share = child["value"] / pop["value"] * 100
        qualifier = combined_qualifier(child["qualifier"], pop["qualifier"])
        rows.append(
            _derived_row(_place(child), "child_share_0_15_pct", share, inputs, notes, qualifier)
        )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------- KGZ census totals
def _census_polygons(obs: pd.DataFrame, other: pd.DataFrame) -> pd.DataFrame:
    """KGZ 2022 census population polygons: single units and merged ("A+B") codes."""
    both = pd.concat([obs, other], ignore_index=True)
    mask = (both["indicator"] == "population_total") & both["source_id"].str.startswith(
        CENSUS_SOURCE_PREFIX
    )
    polygons = both[mask].copy()
    polygons["units"] = polygons["area_code"].str.split("+")
    return polygons


def _english_name(code: str) -> str:
    """The English name of a unit (a derived total has no published name), "" if unknown."""
    from geodata.errors import UserFacingError
    from geodata.gazetteer import names

    try:
        return names(code)["en"]
    except UserFacingError:
        return ""


def census_units_expected(units: pd.DataFrame) -> pd.DataFrame:
    """KGZ admin-2 units that the census counts on their own (``code, parent_code``).

    A unit whose pcode lies inside a district's range (Kok-Zhangak KG03220400010 inside
    Suzak KG03220000000) is a town of that district: the census counts it within the district.
    """
    kg = units[units["country"] == "KGZ"]
    districts = {c[:7] for c in kg["code"] if c.endswith("000000")}
    inside = kg["code"].map(lambda c: not c.endswith("000000") and c[:7] in districts)
    return kg[~inside][["code", "parent_code"]]


def census_totals(obs: pd.DataFrame, other: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """Oblast and national 2022 census totals where the polygons compose them exactly."""
    polygons = _census_polygons(obs, other)
    expected = census_units_expected(units)
    if polygons.empty or expected.empty:
        return pd.DataFrame()
    parent = dict(zip(expected["code"], expected["parent_code"], strict=True))
    groups = {p: set(expected[expected["parent_code"] == p]["code"]) for p in set(parent.values())}
    groups["KGZ"] = set(expected["code"])
    first = polygons.iloc[0]
    rows = []
    for area, wanted in sorted(groups.items()):
        inside = polygons[polygons["units"].map(lambda us, w=wanted: set(us) <= w)]
        covered = set().union(*inside["units"]) if len(inside) else set()
        if covered != wanted or len(covered) != sum(map(len, inside["units"])):
            continue  # some unit of this area sits in a polygon shared with another area
        base = {**_place(first), "level": 0 if area == "KGZ" else 1, "area_code": area,
                "area_name": _english_name(area)}  # fmt: skip
        notes = (
            f"sum of the 2022 census population of {len(inside)} census polygons that make up "
            f"exactly this area ({len(covered)} census units); inputs are official_derived"
        )
        qualifier = combined_qualifier(*inside["qualifier"])
        rows.append(
            _derived_row(
                base,
                "population_total",
                float(inside["value"].sum()),
                sorted(inside["obs_id"]),
                notes,
                qualifier,
            )
        )
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------------------- rates
def _denominator(pool: pd.DataFrame, row: pd.Series, max_gap: int) -> pd.Series | None:
    """The denominator for ``row``: same area/level/vintage, nearest year within max_gap."""
    same = pool[
        (pool["country"] == row["country"])
        & (pool["level"] == row["level"])
        & (pool["area_code"] == row["area_code"])
        & (pool["vintage"] == row["vintage"])
        & pool["year"].notna()
    ]
    if same.empty or pd.isna(row["year"]):
        return None
    same = same.assign(_gap=(same["year"].astype(int) - int(row["year"])).abs())
    same = same[same["_gap"] <= max_gap]
    if same.empty:
        return None
    nearest = same[same["_gap"] == same["_gap"].min()]
    return _best(nearest.drop(columns="_gap")).iloc[0]


def rates(obs: pd.DataFrame, spec: RateSpec) -> pd.DataFrame:
    """``spec.result`` for every numerator row that has a denominator (see ``RateSpec``)."""
    numerators = obs[(obs["indicator"] == spec.numerator) & obs["year"].notna()]
    pool = obs[obs["indicator"] == spec.denominator]
    rows = []
    for _, num in numerators.iterrows():
        den = _denominator(pool, num, spec.max_year_gap)
        if den is None or not den["value"]:
            continue
        when = (
            "the same year"
            if int(den["year"]) == int(num["year"])
            else "the nearest year with a population for this area"
        )
        notes = (
            f"{spec.label}: {_n(num['value'])} / {_n(den['value'])} x {spec.per:,}; count for "
            f"{num['period_start']}..{num['period_end']} from {num['source_id']} "
            f"({num['status']}, {num['qualifier']}); denominator dated {_dated(den)}, {when}, from "
            f"{den['source_id'] or 'a derived total'} ({den['status']}, {den['qualifier']})"
        )
        value = num["value"] / den["value"] * spec.per
        inputs = [num["obs_id"], den["obs_id"]]
        qualifier = combined_qualifier(num["qualifier"], den["qualifier"])
        rows.append(_derived_row(_place(num), spec.result, value, inputs, notes, qualifier))
    return pd.DataFrame(rows)


def derive(
    observations: pd.DataFrame, other: pd.DataFrame, units: pd.DataFrame | None = None
) -> pd.DataFrame:
    """All derived rows for the published ``observations`` (model columns and dtypes).

    ``other`` is the other-breakdowns table (census polygons); ``units`` the geodata unit
    table (``code, parent_code, country``; loaded from ``geodata.layers.units`` when None).
    """
    if units is None:
        from geodata.layers import units as load_units

        units = load_units("KGZ", 2)
    children = children_0_15(observations)
    parts = [children, child_share_0_15(observations, children)]
    parts.append(census_totals(observations, other, units))
    pool = model.coerce_observations(pd.concat([observations, *parts], ignore_index=True))
    parts += [rates(pool, spec) for spec in RATES]
    parts = [p for p in parts if not p.empty]
    if not parts:
        return model.empty_observations()
    return model.coerce_observations(pd.concat(parts, ignore_index=True))
