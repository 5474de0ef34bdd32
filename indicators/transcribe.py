"""The recipe that turns the shared research CSVs into the project's own cited data files.

    python -m indicators.transcribe --shared ../shared/indicator-sources [--out DIR] [--check]

reads every ``*.csv`` of the shared folder (columns ``SHARED_COLUMNS``) and writes, sorted and
deterministic, into ``indicators/data/``:

* ``observations.csv``: one tidy row per figure (``indicators.model.OBSERVATION_COLUMNS``),
  its area resolved to a code by ``geodata.resolve.resolve`` for the layout of its year;
* ``observations_other_breakdowns.csv``: the shared rows that are not areas of our layouts
  (urban/rural breakdowns, districts of Bishkek, census polygons that merge several units,
  superseded figures), same columns plus ``breakdown`` and ``reason``;
* ``sources.csv``: one row per distinct (source, URL), see ``indicators.sources``.

Every shared row lands in exactly one of the two observation files; ``source_locator`` names
the shared file and data row (1 = first row after the header) it was transcribed from.
The per-file tiers, licences, publishers and the indicator-name mapping live in
``indicators/data/transcription.json``. Needs the geodata build (``CAM_ATLAS_DATA_MIRROR``).
"""

from __future__ import annotations

import argparse
import calendar
import json
import re
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Protocol, SupportsFloat

import pandas as pd

from geodata.errors import UserFacingError
from indicators import catalogue, model
from indicators.sources import SOURCE_COLUMNS

DATA_DIR = Path(__file__).parent / "data"
RECIPE_PATH = DATA_DIR / "transcription.json"
SHARED_COLUMNS: tuple[str, ...] = (
    "country_iso3",
    "region_name",
    "indicator",
    "year",
    "value",
    "unit",
    "source",
    "source_url",
    "notes",
)
OTHER_COLUMNS: tuple[str, ...] = (*model.OBSERVATION_COLUMNS, "breakdown", "reason")
OUTPUT_FILES: tuple[str, ...] = (
    "observations.csv",
    "observations_other_breakdowns.csv",
    "sources.csv",
)
Resolver = Callable[..., Any]  # geodata.resolve.resolve or a test double (an AreaMatch)


class TranscriptionError(UserFacingError):
    """A shared row that cannot be transcribed; the message names file, row and problem."""


class SharedRow(Protocol):
    """One row of ``read_shared`` as ``itertuples`` gives it: the ``SHARED_COLUMNS`` (text,
    "" when empty), the shared ``file`` name and the 1-based data ``row``."""

    country_iso3: str
    region_name: str
    indicator: str
    year: str
    value: str
    unit: str
    source: str
    source_url: str
    notes: str
    file: str
    row: int


# --------------------------------------------------------------------------------- periods
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
_MON = rf"({_MONTHS})[a-z]*\.?"
_RE_SINCE = re.compile(rf"since (?:the )?start of (\d{{4}})\D*?~?\s*{_MON}\s+(\d{{4}})", re.I)
_RE_DAY_RANGE = re.compile(
    rf"\b(\d{{1,2}})\s+{_MON}\s*[-–]\s*(\d{{1,2}})\s+{_MON}\s+(\d{{4}})", re.I
)
_RE_MONTH_RANGE = re.compile(rf"\b{_MON}\s*[-–]\s*{_MON}\s+(\d{{4}})", re.I)
_RE_DAY = re.compile(rf"\b(\d{{1,2}})\s+{_MON}\s+(\d{{4}})", re.I)
_RE_AS_OF_DAY = re.compile(rf"\b(?:as of|at|census|on)\s+(\d{{1,2}})\s+{_MON}\s+(\d{{4}})", re.I)
_RE_AS_OF_MONTH = re.compile(rf"\bas of\s+~?{_MON}\s+(\d{{4}})", re.I)
_RE_START_OF_YEAR = re.compile(
    r"(?:beginning|start) of (?:the )?(?:year|\d{4})|на начало года", re.I
)
_RE_NAME_MONTHS = re.compile(rf"_({_MONTHS})_({_MONTHS})$")
_RE_NAME_PART = re.compile(r"_(q[1-4]|h[12])$")


@dataclass(frozen=True)
class Period:
    """A reference period as ISO dates (inclusive); ``note`` explains an approximate end."""

    start: str
    end: str
    note: str = ""


def _month(token: str) -> int:
    return _MONTHS.split("|").index(token[:3].lower()) + 1


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _day(day: str, month: str, year: str) -> date:
    return date(int(year), _month(month), int(day))


def _dated_period(text: str, in_unit: bool) -> Period | None:
    """A period stated in one text (the unit text accepts bare dates, notes need "as of")."""
    if m := _RE_SINCE.search(text):
        end = _month_end(int(m[3]), _month(m[2]))
        note = f"period end approximate (published as of ~{m[2]} {m[3]})"
        return Period(f"{m[1]}-01-01", end.isoformat(), note)
    if m := _RE_DAY_RANGE.search(text):
        return Period(_day(m[1], m[2], m[5]).isoformat(), _day(m[3], m[4], m[5]).isoformat())
    if m := _RE_MONTH_RANGE.search(text):
        year = int(m[3])
        start = date(year, _month(m[1]), 1)
        return Period(start.isoformat(), _month_end(year, _month(m[2])).isoformat())
    if m := (_RE_DAY if in_unit else _RE_AS_OF_DAY).search(text):
        day = _day(m[1], m[2], m[3]).isoformat()
        return Period(day, day)
    if m := _RE_AS_OF_MONTH.search(text):
        year, month = int(m[2]), _month(m[1])
        return Period(date(year, month, 1).isoformat(), _month_end(year, month).isoformat())
    return None


def parse_period(
    unit: str, notes: str, indicator: str, year: int | None, default_day: str = ""
) -> Period | None:
    """The reference period of a shared row, or None when the year is unknown.

    Looks, in order, at the unit text, the notes ("as of 1 Apr 2022", "beginning of year"),
    the shared indicator name (``..._jan_jul``), the file's reference day (``default_day``,
    e.g. a census day), and otherwise spans the calendar year: "Jan-Jul 2020" ->
    2020-01-01..2020-07-31, "as of 1 Jan 2024" -> one day, "census 25 Mar 2022" -> one day.
    """
    if year is None:
        return None
    for text, in_unit in ((unit, True), (notes, False)):
        if found := _dated_period(text, in_unit):
            return found
    if (
        _RE_START_OF_YEAR.search(notes)
        or _RE_START_OF_YEAR.search(unit)
        or indicator.endswith("_1_jan")
    ):
        return Period(f"{year}-01-01", f"{year}-01-01")
    if m := _RE_NAME_MONTHS.search(indicator):
        start = date(year, _month(m[1]), 1)
        return Period(start.isoformat(), _month_end(year, _month(m[2])).isoformat())
    if m := _RE_NAME_PART.search(indicator):  # _q1 = Jan-Mar, _h2 = Jul-Dec
        months = 3 if m[1][0] == "q" else 6
        first = (int(m[1][1]) - 1) * months + 1
        last = first + months - 1
        return Period(date(year, first, 1).isoformat(), _month_end(year, last).isoformat())
    if default_day:
        return Period(default_day, default_day)
    return Period(f"{year}-01-01", f"{year}-12-31")


# ------------------------------------------------------------------------------ qualifiers
_LOWER_MARKERS = re.compile(r"(more than|более|свыше|больше|over|>)\s*[\"“«]?\s*", re.I)
_APPROX_MARKERS = re.compile(
    r"(почти|almost|about|около|nearly|approximately|примерно|~)\s*[\"“«]?\s*", re.I
)
_NUMBER = re.compile(r"[-−]?\d[\d\s,.\u00a0]*")
_MAGNITUDE = re.compile(r"тыс|миң|млн|миллион|thousand|million", re.I)


def _value_digits(value: float) -> str:
    """Significant digits of a value: 23000.0 -> "23", 5.4 -> "54"."""
    text = str(int(value)) if float(value).is_integer() else repr(float(value))
    return re.sub(r"\D", "", text).rstrip("0").lstrip("0")


def _marks_value(markers: re.Pattern, text: str, value: float) -> bool:
    """True when a marker word directly precedes a rendering of ``value`` in ``text``."""
    wanted = _value_digits(value)
    for m in markers.finditer(text):
        number = _NUMBER.match(text, m.end())
        if number and re.sub(r"\D", "", number.group()).rstrip("0").lstrip("0") == wanted:
            return True
    return False


def detect_qualifier(value: float, unit: str, notes: str) -> str:
    """How exact a published figure is, from the wording around it (``model.Qualifier``).

    "more than 88,000" / ">" / "lower bound" -> lower_bound; "почти 23 тыс." / "almost" /
    "about" / "~" before the figure -> approximate; "rounded", or a figure printed with
    "тыс."/"млн"/"thousand" that is a multiple of 100 -> rounded; otherwise exact. A marker
    counts only when it stands right before the figure itself (not before another number).
    """
    text = f"{unit} | {notes}"
    if re.search(r"lower bound", text, re.I) or _marks_value(_LOWER_MARKERS, text, value):
        return model.Qualifier.LOWER_BOUND.value
    if _marks_value(_APPROX_MARKERS, text, value):
        return model.Qualifier.APPROXIMATE.value
    whole_hundreds = float(value).is_integer() and int(value) % 100 == 0 and value != 0
    if re.search(r"\brounded\b|округл", text, re.I) or (whole_hundreds and _MAGNITUDE.search(text)):
        return model.Qualifier.ROUNDED.value
    return model.Qualifier.EXACT.value


# --------------------------------------------------------------------------------- sources
_RE_PUB_DAY = re.compile(rf"\b(\d{{1,2}})\s+{_MON}\s+(\d{{4}})", re.I)
_RE_PUB_MONTH = re.compile(rf"\b{_MON}\s+(\d{{4}})\b", re.I)
_RE_PUB_YEAR = re.compile(r"(?:\(|,\s)((?:19|20)\d\d)(?:\)|\s+-|;)")


def publication_date(text: str) -> str:
    """The last date printed in a source description: ISO day, ``YYYY-MM`` or ``YYYY``."""
    if days := _RE_PUB_DAY.findall(text):
        d, m, y = days[-1]
        return _day(d, m, y).isoformat()
    if months := _RE_PUB_MONTH.findall(text):
        m, y = months[-1]
        return f"{y}-{_month(m):02d}"
    if years := _RE_PUB_YEAR.findall(text):
        return years[-1]
    return ""


def publisher_for(source: str, recipe: dict) -> str:
    """The publisher of a source text, by the longest matching prefix in the recipe."""
    matches = [p for p in recipe["publishers"] if source.startswith(p["starts_with"])]
    if not matches:
        return source.split(",")[0].strip()
    return max(matches, key=lambda p: len(p["starts_with"]))["publisher"]


def build_sources(shared: pd.DataFrame, recipe: dict) -> pd.DataFrame:
    """One row per distinct (source, URL), ids ``<file stem>-<n>`` in order of appearance."""
    overrides = {o["url"]: o["tier"] for o in recipe["source_tier_overrides"]}
    rows: list[dict] = []
    seen: set[tuple] = set()
    counters: dict[str, int] = {}
    for r in shared.itertuples(index=False):
        key = (r.source, r.source_url)
        if key in seen:
            continue
        seen.add(key)
        stem = r.file.removesuffix(".csv")
        counters[stem] = counters.get(stem, 0) + 1
        file_info = recipe["files"][r.file]
        rows.append(
            {
                "source_id": f"{stem}-{counters[stem]}",
                "publisher": publisher_for(r.source, recipe),
                "title": r.source,
                "date": publication_date(r.source),
                "url": r.source_url,
                "licence": file_info["licence"],
                "tier": overrides.get(r.source_url, file_info["tier"]),
            }
        )
    return pd.DataFrame(rows, columns=list(SOURCE_COLUMNS))


# ----------------------------------------------------------------------------------- areas
@dataclass(frozen=True)
class Area:
    """Where a shared row goes: a unit (code, level, vintage) or, with ``breakdown``, the
    other-breakdowns file (``code`` then joins the units a merged polygon covers with "+")."""

    code: str
    level: int | None
    vintage: str
    breakdown: str = ""
    reason: str = ""
    note: str = ""


_RE_POLYGON = re.compile(r'ADM2 polygon "(?P<poly>[^"]+)" in admin1 "(?P<adm1>[^"]+)"')


def census_units(notes: str) -> list[str]:
    """Census units a KGZ census polygon sums, from its notes ("... polygon: a; b")."""
    text = notes.split("summed into this polygon:", 1)[1]
    text = re.sub(r"\s*\([^)]*\)", "", text)
    units = []
    for item in (part.strip() for part in text.split(";")):
        if item.startswith("DERIVED"):
            break
        if item:
            units.append(item)
    return units


def _census_unit_code(name: str, oblast: str, resolver: Resolver) -> Any:
    """Resolve a census unit (level 2, 2022); on ambiguity retry within the census oblast."""
    from geodata.resolve import AmbiguousAreaError

    try:
        return resolver(name, "KGZ", level=2, year=2022)
    except AmbiguousAreaError:
        return resolver(name, "KGZ", level=2, year=2022, parent=oblast)


def census_polygon_area(notes: str, resolver: Resolver) -> Area:
    """A KGZ census polygon: a level-2 unit when it is exactly one census unit, else merged.

    The oblast of the census book ("census: Jalal-Abad Region" for Toguz-Toro) breaks ties.
    """
    found = _RE_POLYGON.search(notes)
    adm1 = found["adm1"] if found else ""
    oblast = adm1.split("census: ")[-1].rstrip(")") if "census:" in adm1 else adm1
    units = census_units(notes)
    matches = [_census_unit_code(u, oblast, resolver) for u in units]
    if len(matches) == 1:
        m = matches[0]
        return Area(m.code, m.level, m.vintage, note=f"census unit {units[0]} = {m.code}")
    parts = " + ".join(f"{u} ({m.code})" for u, m in zip(units, matches, strict=True))
    polygon = found["poly"] if found else "?"
    reason = (
        f"boundary polygon {polygon!r} merges {len(units)} census units: {parts}; it is not one "
        "of the 55 admin-2 units, so it is not mapped (oblast totals are derived where complete)"
    )
    return Area("+".join(m.code for m in matches), 2, matches[0].vintage, "census_polygon", reason)


def _exceptions() -> dict[tuple[str, str], str]:
    """(shared file, name) -> reason, from geodata's resolver_exceptions.csv."""
    from geodata.resolve import exceptions

    table = exceptions()
    return {(r.source_file, r.name): r.reason for r in table.itertuples(index=False)}


def decide_area(row: SharedRow, recipe: dict, resolver: Resolver, exceptions: dict) -> Area:
    """The unit (or exclusion) of one shared row (``row`` has the shared columns + file).

    ``area_rules`` of the recipe keep named areas of some years off the map (a territory that
    differs from every boundary layout, e.g. the enlarged 2025 Bishkek) with a reason."""
    name, year = row.region_name, (int(row.year) if row.year else None)
    for rule in recipe["row_exclusions"]:
        if rule["file"] == row.file and rule["indicator"] == row.indicator:
            return Area("", None, "", rule["breakdown"], rule["reason"])
    for rule in recipe.get("area_rules", []):
        if rule["file"] == row.file and name in rule["names"] and year in rule["years"]:
            return Area("", None, "", rule["breakdown"], rule["reason"])
    if name in recipe["breakdown_names"]:
        reason = exceptions.get((row.file, name), "urban/rural breakdown, not an area")
        return Area("", 0, "", recipe["breakdown_names"][name], reason)
    if row.file == recipe["census_polygon_file"]:
        return census_polygon_area(row.notes, resolver)
    if (row.file, name) in exceptions:
        return Area("", None, "", "excluded_area", exceptions[(row.file, name)])
    match = resolver(re.sub(r"\s*\(total\)$", "", name), row.country_iso3, year=year)
    return Area(match.code, match.level, match.vintage)


# --------------------------------------------------------------------------------- reading
def read_shared(shared_dir: Path) -> pd.DataFrame:
    """All shared CSVs as strings, with ``file`` and ``row`` (1-based data row) added."""
    frames = []
    for path in sorted(Path(shared_dir).glob("*.csv")):
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        if tuple(table.columns) != SHARED_COLUMNS:
            raise TranscriptionError(
                f"{path}: columns {list(table.columns)} differ from {list(SHARED_COLUMNS)}"
            )
        frames.append(table.assign(file=path.name, row=range(1, len(table) + 1)))
    if not frames:
        raise TranscriptionError(f"{shared_dir}: no *.csv files to transcribe")
    return pd.concat(frames, ignore_index=True)


def load_recipe(path: Path = RECIPE_PATH) -> dict:
    """The transcription recipe (``transcription.json``)."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


# -------------------------------------------------------------------------------- building
def _notes(row: SharedRow, unit: str, period: Period | None, area: Area) -> str:
    """Shared notes plus what the transcription adds (unit as published, period caveats)."""
    parts = [row.notes.strip()]
    if row.unit.strip() and row.unit.strip() != unit:
        parts.append(f"unit as published: {row.unit.strip()}")
    if period is not None and period.note:
        parts.append(period.note)
    if period is None and model.YEAR_UNKNOWN not in row.notes:
        parts.append(f"{model.YEAR_UNKNOWN}: the source states no year")
    parts.append(area.note)
    return "; ".join(p for p in parts if p)


def _observation(row: SharedRow, recipe: dict, area: Area, sources_by_key: dict) -> dict:
    """One output row (observation columns, plus breakdown/reason when excluded)."""
    indicator_id = recipe["indicators"].get(row.indicator)
    if indicator_id is None:
        raise TranscriptionError(
            f"{row.file} row {row.row}: shared indicator {row.indicator!r} has no catalogue id "
            f"in {RECIPE_PATH.name}"
        )
    unit = catalogue.get(indicator_id).unit
    year = int(row.year) if row.year else None
    default = recipe.get("file_reference_dates", {}).get(row.file, {}).get("date", "")
    period = parse_period(row.unit, row.notes, row.indicator, year, default)
    source_id, status = sources_by_key[(row.source, row.source_url)]
    value = float(row.value)
    key_area = area.code or row.region_name
    start, end = (period.start, period.end) if period else ("", "")
    return {
        "obs_id": model.make_obs_id(
            row.country_iso3, area.level, key_area, indicator_id, start, end, status, source_id
        ),
        "country": row.country_iso3,
        "level": area.level,
        "area_code": area.code,
        "area_name": row.region_name,
        "vintage": area.vintage,
        "indicator": indicator_id,
        "period_start": start,
        "period_end": end,
        "year": year,
        "value": value,
        "qualifier": detect_qualifier(value, row.unit, row.notes),
        "unit": unit,
        "ci_low": None,
        "ci_high": None,
        "status": status,
        "source_id": source_id,
        "source_locator": f"indicator-sources/{row.file} row {row.row}",
        "derived_from": "",
        "notes": _notes(row, unit, period, area),
        "breakdown": area.breakdown,
        "reason": area.reason,
    }


@dataclass(frozen=True)
class Transcription:
    """The three output tables of one run."""

    observations: pd.DataFrame
    other: pd.DataFrame
    sources: pd.DataFrame


def _check_period(row: SharedRow, out: dict) -> None:
    """A parsed period must touch the row's year (else the wording was misread)."""
    if out["year"] is None:
        return
    if not (out["period_start"][:4] <= str(out["year"]) <= out["period_end"][:4]):
        raise TranscriptionError(
            f"{row.file} row {row.row}: period {out['period_start']}..{out['period_end']} "
            f"does not include the year {out['year']}"
        )


def transcribe(
    shared_dir: Path, recipe: dict | None = None, resolver: Resolver | None = None
) -> Transcription:
    """Transcribe every shared row; raises TranscriptionError listing all unresolvable rows."""
    from geodata.resolve import ResolveError, resolve

    recipe = recipe or load_recipe()
    resolver = resolver or resolve
    shared = read_shared(shared_dir)
    unknown_files = sorted(set(shared["file"]) - set(recipe["files"]))
    if unknown_files:
        raise TranscriptionError(f"no tier/licence in {RECIPE_PATH.name} for {unknown_files}")
    sources = build_sources(shared, recipe)
    sources_by_key = {
        (s.title, s.url): (s.source_id, s.tier) for s in sources.itertuples(index=False)
    }
    exceptions = _exceptions()
    rows, problems = [], []
    for row in shared.itertuples(index=False):
        try:
            area = decide_area(row, recipe, resolver, exceptions)
            out = _observation(row, recipe, area, sources_by_key)
            _check_period(row, out)
            rows.append(out)
        except (ResolveError, TranscriptionError) as err:
            problems.append(f"{row.file} row {row.row} ({row.region_name!r}): {err}")
    if problems:
        raise TranscriptionError("cannot transcribe:\n  " + "\n  ".join(problems))
    table = pd.DataFrame(rows)
    # Two figures with one key (e.g. two undated press figures of one indicator): the later
    # ones get an id that also covers their shared row, so both stay.
    repeated = table["obs_id"].duplicated()
    table.loc[repeated, "obs_id"] = [
        model.make_obs_id(i, loc)
        for i, loc in zip(
            table.loc[repeated, "obs_id"], table.loc[repeated, "source_locator"], strict=True
        )
    ]
    excluded = table["breakdown"] != ""
    observations = model.coerce_observations(table[~excluded][list(model.OBSERVATION_COLUMNS)])
    other = model.coerce_observations(table[excluded][list(OTHER_COLUMNS)])
    return Transcription(_sorted(observations), _sorted(other), sources)


# --------------------------------------------------------------------------------- writing
_SORT_KEYS = ["country", "level", "area_code", "indicator", "year", "period_start", "period_end"]


def _sorted(df: pd.DataFrame) -> pd.DataFrame:
    """Rows in a stable, readable order (unknown years last within an area and indicator)."""
    keys = [*_SORT_KEYS, "status", "source_id", "area_name", "obs_id"]
    return df.sort_values(keys, kind="mergesort", na_position="last").reset_index(drop=True)


def _number(value: SupportsFloat | str | None) -> str:
    """A number as text without float noise: 85278.0 -> "85278", 25.6 -> "25.6"."""
    if value is None or pd.isna(value):
        return ""
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)


def to_csv_text(df: pd.DataFrame) -> str:
    """The CSV text written for a table (UTF-8, ``\\n`` line ends, numbers without noise)."""
    out = df.copy()
    for col in ("level", "year", "value", "ci_low", "ci_high"):
        if col in out.columns:
            out[col] = out[col].map(_number)
    return out.to_csv(index=False, lineterminator="\n")


def write_outputs(result: Transcription, out_dir: Path) -> list[Path]:
    """Write the three tables into ``out_dir``; returns the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = (result.observations, result.other, result.sources)
    paths = []
    for name, table in zip(OUTPUT_FILES, tables, strict=True):
        path = out_dir / name
        path.write_text(to_csv_text(table), encoding="utf-8")
        paths.append(path)
    return paths


def differences(out_dir: Path, reference_dir: Path = DATA_DIR) -> list[str]:
    """Output files whose content differs between two directories."""
    return [
        name
        for name in OUTPUT_FILES
        if not (reference_dir / name).exists()
        or (out_dir / name).read_bytes() != (reference_dir / name).read_bytes()
    ]


def main(argv: list[str] | None = None) -> int:
    """Command line: transcribe (or ``--check`` that the committed files are up to date)."""
    parser = argparse.ArgumentParser(prog="python -m indicators.transcribe", description=__doc__)
    parser.add_argument("--shared", type=Path, required=True, help="the indicator-sources folder")
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="output folder")
    parser.add_argument("--check", action="store_true", help="compare with --out, write nothing")
    args = parser.parse_args(argv)
    try:
        result = transcribe(args.shared)
    except UserFacingError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            write_outputs(result, Path(tmp))
            stale = differences(Path(tmp), args.out)
        for name in stale:
            print(f"out of date: {args.out / name}")
        return 1 if stale else 0
    for path in write_outputs(result, args.out):
        print(f"wrote {path}")
    print(
        f"{len(result.observations)} observations, {len(result.other)} other breakdowns, "
        f"{len(result.sources)} sources"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
