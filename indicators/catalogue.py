"""The indicator catalogue: what each indicator id means, in which unit, and which way is better.

The catalogue is the committed file ``indicators/data/indicators.json``. Every observation's
``indicator`` must be one of its ids. ``comparable_group`` says which indicators may share an axis:
two series are comparable only when their groups and units are equal (MICS survey prevalence,
``mics_prevalence``, never shares an axis with ministry register counts, ``admin_register``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geodata.errors import UserFacingError

CATALOGUE_PATH = Path(__file__).parent / "data" / "indicators.json"
LANGUAGES: tuple[str, ...] = ("en", "ru", "kk", "ky")
DOMAINS: tuple[str, ...] = (
    "left_behind_children",
    "migration",
    "education",
    "health",
    "registration",
    "protection",
    "poverty",
    "population",
)


class UnknownIndicatorError(UserFacingError):
    """An indicator id that is not in the catalogue."""


@dataclass(frozen=True)
class Indicator:
    """One catalogue entry.

    ``direction``: +1 higher is better, -1 higher is worse, 0 context only (no ranking).
    ``target``: a policy target in ``unit`` (e.g. 100 for birth registration, SDG 16.9) or None;
    ``target_source`` names the policy. ``decimals``: digits to show.
    """

    id: str
    labels: dict[str, str]
    definition: dict[str, str]
    unit: str
    direction: int
    domain: str
    target: float | None
    target_source: str | None
    decimals: int
    comparable_group: str

    def label(self, lang: str = "en") -> str:
        """The label in ``lang`` (``en ru kk ky``), falling back to English."""
        return self.labels.get(lang) or self.labels["en"]


def _parse(entry: dict) -> Indicator:
    """One JSON object -> Indicator (missing optional keys become None)."""
    return Indicator(
        id=entry["id"],
        labels=dict(entry["labels"]),
        definition=dict(entry["definition"]),
        unit=entry["unit"],
        direction=int(entry["direction"]),
        domain=entry["domain"],
        target=entry.get("target"),
        target_source=entry.get("target_source"),
        decimals=int(entry["decimals"]),
        comparable_group=entry["comparable_group"],
    )


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Indicator]:
    """All indicators by id, in the order of the catalogue file."""
    raw = json.loads(CATALOGUE_PATH.read_text(encoding="utf-8"))
    return {entry["id"]: _parse(entry) for entry in raw["indicators"]}


def get(indicator_id: str) -> Indicator:
    """The catalogue entry for ``indicator_id``; raises UnknownIndicatorError naming close ids."""
    entries = catalogue()
    if indicator_id in entries:
        return entries[indicator_id]
    close = [i for i in entries if indicator_id and indicator_id.split("_")[0] in i][:8]
    hint = f" Similar ids: {', '.join(close)}." if close else ""
    raise UnknownIndicatorError(f"Unknown indicator {indicator_id!r}.{hint}")


def comparable(a: str, b: str) -> bool:
    """True when indicators ``a`` and ``b`` may be drawn on one axis (same group and unit)."""
    ia, ib = get(a), get(b)
    return ia.comparable_group == ib.comparable_group and ia.unit == ib.unit


def by_domain(domain: str) -> list[Indicator]:
    """Indicators of one domain (see ``DOMAINS``), in catalogue order."""
    return [i for i in catalogue().values() if i.domain == domain]
