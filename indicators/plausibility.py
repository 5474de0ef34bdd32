"""The range rule: a published value outside its indicator's valid range stays, flagged.

A value that cannot be true for its unit (a percentage of 861.0, a negative count) is a
publishing error. It is never corrected or dropped: its ``notes`` get the marker
``IMPLAUSIBLE`` with the reason, exports and the About page list it (``flagged_rows``), and maps,
series and gap scores skip it (``implausible_mask``).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from indicators.dataset import DatasetLike

IMPLAUSIBLE = "published value implausible"
GROUP_RANGES: dict[str, tuple[float, float]] = {
    # Administrative coverage divides a register count by a population estimate: a region's
    # published coverage of 100.5% or 102.8% (Kyrgyz DTP3/MCV2 2021-2022) is a known artefact of
    # the denominator, not a misprint; above 150% it cannot be one.
    "immunisation_coverage": (0.0, 150.0),
}


def valid_range(unit: str, group: str = "") -> tuple[float, float] | None:
    """``(low, high)`` of a unit: 0-100 for percentages, 0-1000 for rates per 1,000, at least 0
    for counts of persons; None when the unit sets no bound (balances, indexes).
    A catalogue ``comparable_group`` in ``GROUP_RANGES`` has its own range."""
    if group in GROUP_RANGES:
        return GROUP_RANGES[group]
    text = unit.strip().lower()
    if text in ("percent", "%"):
        return (0.0, 100.0)
    if text.startswith("per 1,000") or text.startswith("per 1000"):
        return (0.0, 1000.0)
    if text.startswith("per 10,000"):
        return (0.0, 10000.0)
    if text in ("persons", "children", "people"):
        return (0.0, math.inf)
    return None


def implausibility(value: float, unit: str, group: str = "") -> str:
    """The reason a value is implausible for its unit (and group), or "" when it is in range."""
    bounds = valid_range(unit, group)
    if bounds is None or pd.isna(value):
        return ""
    low, high = bounds
    if low <= value <= high:
        return ""
    shown = f"{low:g}-{high:g}" if math.isfinite(high) else f">= {low:g}"
    return f"{IMPLAUSIBLE}: {value:g} is outside the valid range {shown} {unit}"


def flag_implausible(observations: pd.DataFrame) -> pd.DataFrame:
    """A copy whose out-of-range rows carry the ``IMPLAUSIBLE`` marker in ``notes`` (once)."""
    from indicators.catalogue import catalogue

    out = observations.copy()
    # balances (net migration) may be negative: ``indicators.validate.may_be_negative``
    if out.empty:
        return out
    from indicators.validate import may_be_negative

    entries = catalogue()
    groups = [entries[i].comparable_group if i in entries else "" for i in out["indicator"]]
    reasons = [
        "" if may_be_negative(i) else implausibility(v, u, g)
        for v, u, g, i in zip(
            out["value"], out["unit"].astype(str), groups, out["indicator"], strict=True
        )
    ]
    for index, reason in zip(out.index, reasons, strict=True):
        note = str(out.at[index, "notes"])
        if reason and IMPLAUSIBLE not in note:
            out.at[index, "notes"] = f"{note}; {reason}" if note else reason
    return out


def implausible_mask(observations: pd.DataFrame) -> pd.Series:
    """True for rows flagged ``IMPLAUSIBLE`` (False for all when there is no ``notes``)."""
    if "notes" not in observations.columns:
        return pd.Series(False, index=observations.index)
    return observations["notes"].astype(str).str.contains(IMPLAUSIBLE, regex=False)


def flagged_rows(dataset: DatasetLike, breakdowns: bool = False) -> pd.DataFrame:
    """The flagged observations of a dataset (for the About page's data limits and exports).

    With ``breakdowns`` the flagged disaggregated values (``Dataset.breakdowns``) follow, and
    a ``breakdown`` column (empty for totals) says which cut each row is."""
    obs = dataset.observations
    frames = [obs[implausible_mask(obs)]]
    parts = dataset.breakdowns if breakdowns else None
    if parts is not None and len(parts):
        frames = [frames[0].assign(breakdown=""), parts[implausible_mask(parts)]]
    elif breakdowns:
        frames = [frames[0].assign(breakdown="")]
    return pd.concat(frames, ignore_index=True)
