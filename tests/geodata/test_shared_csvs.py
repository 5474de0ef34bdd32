"""Every region name in ../shared/indicator-sources/*.csv resolves or is a documented exception."""

from __future__ import annotations

import pandas as pd
import pytest

from geodata.resolve import ResolveError, exceptions, resolve

pytestmark = pytest.mark.usefixtures("built")

# Files whose rows are districts (their bare names must be read at level 2).
DISTRICT_FILES = {"kgz_census2022_population_by_district.csv"}


def _rows(folder):
    for path in sorted(folder.glob("*.csv")):
        table = pd.read_csv(path, usecols=["country_iso3", "region_name", "year"])
        for row in table.drop_duplicates().itertuples(index=False):
            yield path.name, row.country_iso3, row.region_name, row.year


def test_every_region_name_resolves_or_is_a_documented_exception(indicator_sources):
    documented = set(zip(exceptions()["source_file"], exceptions()["name"], strict=True))
    failures, checked = [], 0
    for file, country, name, year in _rows(indicator_sources):
        if (file, name) in documented:
            continue
        level = 2 if file in DISTRICT_FILES else None
        year = None if pd.isna(year) else int(year)
        try:
            match = resolve(name, country=country, level=level, year=year)
        except ResolveError as exc:
            failures.append(f"{file}: {name!r} ({year}): {exc}")
            continue
        checked += 1
        assert match.country == country
    assert failures == []
    assert checked > 600


def test_exceptions_are_documented_and_real(indicator_sources):
    table = exceptions()
    assert list(table.columns) == ["source_file", "name", "reason"]
    assert (table["reason"].str.len() > 20).all()
    present = {(f, n) for f, _, n, _ in _rows(indicator_sources)}
    missing = [(f, n) for f, n in zip(table["source_file"], table["name"], strict=True)
               if (f, n) not in present]  # fmt: skip
    assert missing == []


def test_bns_south_kazakhstan_rows_map_to_the_layout_of_their_year(indicator_sources):
    table = pd.read_csv(indicator_sources / "kaz_bns_population_by_region_2000_2023.csv")
    for year in sorted(set(table["year"])):
        codes = {
            resolve(n, country="KAZ", year=int(year)).code
            for n in table.loc[table["year"] == year, "region_name"].unique()
        }
        if year <= 2016:
            assert "KZ-51" in codes and "KZ-79" not in codes and "KZ-61" not in codes
        else:
            assert {"KZ-61", "KZ-79"} <= codes and "KZ-51" not in codes
