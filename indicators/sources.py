"""Sources: who published each figure, where, under which terms, and how much to trust it.

The committed file ``indicators/data/sources.csv`` has one row per distinct (source, URL) of the
shared research files (written by ``python -m indicators.transcribe``). ``tier`` is one of
``TIERS``, from most to least authoritative; observation ``status`` values carry the same names.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geodata.errors import UserFacingError

SOURCES_PATH = Path(__file__).parent / "data" / "sources.csv"
SOURCE_COLUMNS: tuple[str, ...] = (
    "source_id",
    "publisher",
    "title",
    "date",
    "url",
    "licence",
    "tier",
)
TIERS: tuple[str, ...] = ("official_table", "official_derived", "press_reported", "secondary")


class UnknownSourceError(UserFacingError):
    """A source id that is not in ``sources.csv``."""


@dataclass(frozen=True)
class Source:
    """One cited source. ``date``: publication date as printed (ISO when known, may be empty)."""

    id: str
    publisher: str
    title: str
    date: str
    url: str
    licence: str
    tier: str

    def citation(self) -> str:
        """A one-line citation: publisher, title, date and URL."""
        parts = [self.publisher, self.title, self.date, self.url]
        return ". ".join(p for p in parts if p)


def read_sources(path: Path) -> dict[str, Source]:
    """Sources from a CSV with ``SOURCE_COLUMNS`` (UTF-8), keyed by source_id."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return {
        r["source_id"]: Source(
            id=r["source_id"],
            publisher=r["publisher"],
            title=r["title"],
            date=r["date"],
            url=r["url"],
            licence=r["licence"],
            tier=r["tier"],
        )
        for r in rows
    }


@lru_cache(maxsize=1)
def sources() -> dict[str, Source]:
    """All sources of the default dataset, keyed by source_id."""
    if not SOURCES_PATH.exists():
        return {}
    return read_sources(SOURCES_PATH)


def get(source_id: str) -> Source:
    """One source by id; raises UnknownSourceError."""
    try:
        return sources()[source_id]
    except KeyError:
        msg = f"Unknown source id {source_id!r} (not in {SOURCES_PATH.name})."
        raise UnknownSourceError(msg) from None


def tier_rank(tier: str) -> int:
    """0 for the most authoritative tier; larger is weaker; unknown tiers rank last."""
    return TIERS.index(tier) if tier in TIERS else len(TIERS)
