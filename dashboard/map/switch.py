"""Keeping the user's indicator and year across a change of country, level or dataset.

The map remembers what the user asked for (``wish``) and what it last put in the selects
(``shown``). When the place changes, the wish is kept if the new place has it; otherwise the
map shows the first available indicator or the latest year and says why, and a later switch back
restores the wish. A value in the selects that differs from ``shown`` was chosen by the user
since, so it becomes the new wish. No Dash here: ``refresh_choices`` calls :func:`carry_over`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Carried:
    """The indicator and year to show (``year`` None: the latest), why a wish could not be
    kept (``missing``: ``("indicator", id)`` and/or ``("year", year)``) and the memory to store."""

    indicator: str
    year: int | None
    missing: list[tuple[str, str]] = field(default_factory=list)
    memory: dict = field(default_factory=dict)


def _year(value: object) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None


def carry_over(
    memory: dict | None,
    indicator: str,
    year: object,
    available: Sequence[str],
    years_of: Callable[[str], Sequence[int]],
) -> Carried:
    """What to select after the place changed (see the module docstring).

    ``indicator``/``year``: the selects' values now; ``available``: indicators with data at the
    new place (in display order); ``years_of(indicator)``: its years there, ascending.
    """
    memory = memory or {}
    current: dict[str, Any] = {"indicator": indicator, "year": _year(year)}
    remembered = memory.get("wish") if memory.get("shown") == current else None
    wish: dict[str, Any] = remembered or current
    missing: list[tuple[str, str]] = []
    chosen = str(wish["indicator"])
    if chosen not in available and available:
        missing.append(("indicator", chosen))
        chosen = available[0]
    years = list(years_of(chosen))
    wanted_year = wish.get("year")
    chosen_year = wanted_year if wanted_year in years else (years[-1] if years else None)
    if wanted_year is not None and chosen_year != wanted_year and chosen == wish["indicator"]:
        missing.append(("year", str(wanted_year)))
    shown = {"indicator": chosen, "year": chosen_year}
    return Carried(chosen, chosen_year, missing, {"wish": wish, "shown": shown})
