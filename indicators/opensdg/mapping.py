"""The reviewed, declarative mapping from platform indicators to catalogue ids.

``indicators/data/opensdg_mapping.csv``, one row per catalogue indicator read from a platform
file: ``platform``, ``sdg_id`` (the file id, ``4-2-2-1a``), ``series`` / ``unit_measure``
(the exact ``SERIES`` / ``UNIT_MEASURE`` cell the rows must have; empty = any),
``filters`` (``column=value`` pairs separated by ``;`` that define the indicator's total,
e.g. ``Возраст=до 5 лет``; every other disaggregation column of a total row is blank),
``indicator`` (catalogue id) and ``comment`` (why, for reviewers).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from indicators.opensdg.platforms import DATA_DIR, OpenSdgError, platforms

MAPPING_PATH = DATA_DIR / "opensdg_mapping.csv"
COLUMNS = ("platform", "sdg_id", "series", "unit_measure", "filters", "indicator", "comment")


@dataclass(frozen=True)
class MappingRow:
    """One mapping row (module docstring); ``line`` is its line in the mapping file."""

    platform: str
    sdg_id: str
    series: str
    unit_measure: str
    filters: tuple[tuple[str, str], ...]
    indicator: str
    comment: str
    line: int

    def selects(self, row: dict[str, str]) -> bool:
        """True when a data row has this mapping's SERIES and UNIT_MEASURE."""
        return (not self.series or row.get("SERIES", "") == self.series) and (
            not self.unit_measure or row.get("UNIT_MEASURE", "") in (self.unit_measure, "")
        )


def parse_filters(text: str) -> tuple[tuple[str, str], ...]:
    """``"Возраст=до 5 лет; Пол=…"`` -> ``(("Возраст", "до 5 лет"), ("Пол", "…"))``."""
    pairs = []
    for part in text.split(";"):
        if part.strip():
            column, _, value = part.partition("=")
            pairs.append((column.strip(), value.strip()))
    return tuple(pairs)


def read_mapping(path: Path = MAPPING_PATH) -> list[MappingRow]:
    """Every mapping row of ``path``."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise OpenSdgError(f"{path}: the header must be {','.join(COLUMNS)}")
        return [
            MappingRow(
                platform=r["platform"],
                sdg_id=r["sdg_id"],
                series=r["series"],
                unit_measure=r["unit_measure"],
                filters=parse_filters(r["filters"]),
                indicator=r["indicator"],
                comment=r["comment"],
                line=number,
            )
            for number, r in enumerate(reader, start=2)
        ]


@lru_cache(maxsize=1)
def mapping() -> tuple[MappingRow, ...]:
    """The committed mapping."""
    return tuple(read_mapping())


def mapping_problems(rows: list[MappingRow] | tuple[MappingRow, ...]) -> list[str]:
    """What is wrong with a mapping: unknown platform or catalogue id, a file missing from a
    platform's pinned build, the same selection mapped twice, an empty comment."""
    from indicators.catalogue import catalogue
    from indicators.opensdg.platforms import build_files

    problems = []
    seen: dict[tuple, int] = {}
    for row in rows:
        where = f"{MAPPING_PATH.name} line {row.line}"
        if row.platform not in platforms():
            problems.append(f"{where}: unknown platform {row.platform!r}")
            continue
        platform = platforms()[row.platform]
        if row.sdg_id not in build_files(platform, platform.pinned_build, "data"):
            problems.append(f"{where}: {row.sdg_id} is not in the pinned build of {row.platform}")
        if row.indicator not in catalogue():
            problems.append(f"{where}: {row.indicator!r} is not in the catalogue")
        key = (row.platform, row.sdg_id, row.series, row.unit_measure, row.filters)
        if key in seen:
            problems.append(f"{where}: the same selection as line {seen[key]}")
        seen[key] = row.line
        if not row.comment.strip():
            problems.append(f"{where}: no comment (say where the figures come from)")
    return problems
