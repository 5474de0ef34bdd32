"""What was left out of a gap score, and why (docs/METHOD.md §0).

A score never drops an indicator silently: every candidate that does not enter it becomes an
``Exclusion`` that the CLI prints, the CSV header notes carry and the dashboard shows. Reasons
(``reason`` is a stable code, ``detail`` plain English for the CLI and the CSV):

- ``outside_window``: no value in [Y - k, Y]; ``latest_year`` is its latest year in the
  comparison set (None when it has none there at all);
- ``too_few_areas``: values for k of n areas, fewer than the minimum coverage share;
- ``no_direction``: a context indicator (neither higher nor lower is better);
- ``count``: a raw count (it mostly measures how populous an area is), left out of the default
  choice; a user may still choose it explicitly.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

OUTSIDE_WINDOW = "outside_window"
TOO_FEW_AREAS = "too_few_areas"
NO_DIRECTION = "no_direction"
COUNT = "count"
REASONS: tuple[str, ...] = (OUTSIDE_WINDOW, TOO_FEW_AREAS, NO_DIRECTION, COUNT)


@dataclass(frozen=True)
class Exclusion:
    """One indicator left out of a score. ``areas_with_data`` / ``areas_total``: k and n of the
    coverage rule (None when not applicable); ``latest_year``: for ``outside_window``."""

    indicator: str
    reason: str
    detail: str
    areas_with_data: int | None = None
    areas_total: int | None = None
    latest_year: int | None = None

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form (CLI ``--format json``)."""
        return asdict(self)


def too_few_areas(indicator: str, k: int, n: int, min_coverage: float) -> Exclusion:
    """``too few areas (k of n)``, with the share needed."""
    return Exclusion(
        indicator,
        TOO_FEW_AREAS,
        f"too few areas ({k} of {n}; at least {min_coverage:.0%} of the comparison set needed)",
        areas_with_data=k,
        areas_total=n,
    )


def outside_window(
    indicator: str, first: int, last: int, latest_year: int | None, n: int
) -> Exclusion:
    """No value in the window ``first``-``last``; ``latest_year`` is the latest there is."""
    if latest_year is None:
        where = "no value for these areas in any year"
    elif latest_year > last:
        where = f"latest year {latest_year}, after the window"
    else:
        where = f"latest year {latest_year}"
    return Exclusion(
        indicator,
        OUTSIDE_WINDOW,
        f"outside the year window {first}-{last} ({where})",
        areas_with_data=0,
        areas_total=n,
        latest_year=latest_year,
    )


def no_direction(indicator: str) -> Exclusion:
    """A context indicator: it describes, it cannot rank."""
    return Exclusion(
        indicator, NO_DIRECTION, "no direction (context: neither higher nor lower is better)"
    )


def count(indicator: str) -> Exclusion:
    """A raw count, not chosen by default."""
    return Exclusion(
        indicator,
        COUNT,
        "a raw count (favours populous areas); left out by default, choose it explicitly "
        "to include it",
    )


def note_lines(exclusions: list[Exclusion]) -> list[str]:
    """One plain line per exclusion, e.g. ``left out: lbc_pct: too few areas (3 of 9; ...)``."""
    return [f"left out: {e.indicator}: {e.detail}" for e in exclusions]
