"""What a gap score is computed from: indicator choices, weights and method options (immutable).

Every number the method uses is held here so a score can be reproduced from its spec alone and
the spec can be written next to the score in downloads. ``METHOD_VERSION`` names the rules in
``docs/METHOD.md``; change it whenever a rule changes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import TypedDict

from indicators.gapscore.errors import GapScoreSpecError

METHOD_VERSION = "2.0"

NORMALISATIONS: tuple[str, ...] = ("minmax", "goalposts", "rank")
AGGREGATIONS: tuple[str, ...] = ("arithmetic", "geometric", "power")

#: Shift added before geometric / power means so a zero gap does not force the mean to zero.
DEFAULT_EPSILON = 0.01
DEFAULT_MIN_WEIGHT_SHARE = 0.75
DEFAULT_TOLERANCE_YEARS = 3
#: Share of the comparison set an indicator needs values for before it enters a score.
DEFAULT_MIN_COVERAGE = 2 / 3

#: The two groups of the need-versus-services view (two-level aggregation).
NEED = "need"
SERVICES = "services"
GROUPS: tuple[str, ...] = (NEED, SERVICES)


def _finite(x: float | None) -> bool:
    return x is not None and isinstance(x, int | float) and math.isfinite(x)


@dataclass(frozen=True)
class IndicatorSpec:
    """One indicator in a gap score.

    ``id``: catalogue id. ``weight``: relative importance, finite and >= 0 (only ratios matter).
    ``direction``: +1 higher is better (coverage), -1 higher is worse (burden); never 0.
    ``target``: optional policy target in the indicator's own unit; values on the good side of
    it count as no gap. ``goalposts``: optional ``(best, worst)`` in the indicator's unit for the
    goalposts normaliser; when omitted and direction is +1 with a target, ``(target, 0)``.
    ``group``: ``"need"`` or ``"services"`` (``GROUPS``) for two-level aggregation, or None.
    """

    id: str
    weight: float = 1.0
    direction: int = 1
    target: float | None = None
    goalposts: tuple[float, float] | None = None
    group: str | None = None

    def __post_init__(self) -> None:
        if self.group is not None and self.group not in GROUPS:
            raise GapScoreSpecError(
                f"indicator {self.id!r}: group {self.group!r} must be one of {', '.join(GROUPS)}"
            )
        if not self.id:
            raise GapScoreSpecError("an indicator in the gap score has an empty id")
        if not _finite(self.weight) or self.weight < 0:
            raise GapScoreSpecError(
                f"indicator {self.id!r}: weight {self.weight!r} is impossible; "
                "use a finite number >= 0"
            )
        if self.direction not in (1, -1):
            raise GapScoreSpecError(
                f"indicator {self.id!r}: direction {self.direction!r} must be +1 (higher is "
                "better) or -1 (higher is worse); context indicators (0) cannot enter a score"
            )
        if self.target is not None and not _finite(self.target):
            raise GapScoreSpecError(f"indicator {self.id!r}: target {self.target!r} is not finite")
        if self.goalposts is not None:
            best, worst = self.goalposts
            if not (_finite(best) and _finite(worst)) or best == worst:
                raise GapScoreSpecError(
                    f"indicator {self.id!r}: goalposts {self.goalposts!r} need two different "
                    "finite values (best, worst)"
                )
            if (best > worst) != (self.direction == 1):
                raise GapScoreSpecError(
                    f"indicator {self.id!r}: goalposts (best={best}, worst={worst}) contradict "
                    f"direction {self.direction:+d}; best must be "
                    f"{'above' if self.direction == 1 else 'below'} worst"
                )

    def resolved_goalposts(self) -> tuple[float, float] | None:
        """``(best, worst)`` raw values for the goalposts normaliser, or None when unknown."""
        if self.goalposts is not None:
            return self.goalposts
        if self.direction == 1 and self.target is not None and self.target > 0:
            return (self.target, 0.0)
        return None


class ScoreOptions(TypedDict, total=False):
    """The method fields of ``ScoreSpec`` a caller may set (``build_spec(**options)``)."""

    normalisation: str
    aggregation: str
    power: float
    epsilon: float
    min_weight_share: float
    tolerance_years: int
    comparison_set: str
    min_coverage: float
    by_domain: bool | None


@dataclass(frozen=True)
class ScoreSpec:
    """The whole recipe of a gap score (see docs/METHOD.md, version ``METHOD_VERSION``).

    ``normalisation``: one of ``NORMALISATIONS``. ``aggregation``: one of ``AGGREGATIONS``;
    ``power`` is the exponent p of the generalised mean (1 arithmetic, 0 geometric, -1 harmonic)
    and is only read when aggregation is ``"power"``. ``epsilon``: shift for geometric / power
    means, in normalised units. ``min_weight_share``: share of total weight (0-1) that must have
    data for a region to get a score. ``tolerance_years``: a value up to k years older than the
    target year may be used. ``comparison_set``: plain-words description of the regions that
    min-max and rank normalisation compare against (e.g. "KGZ level 2, 2022").
    ``min_coverage``: share (0-1) of the comparison set an indicator needs values for to enter
    the score (at least one value in any case); 0 keeps every indicator with any value.
    ``by_domain``: aggregate within the need and services groups first, then across them
    (group weight = mean weight of its indicators, equal by default); None (default) does so
    when every indicator has a group and both groups enter the score.
    """

    indicators: tuple[IndicatorSpec, ...]
    normalisation: str = "minmax"
    aggregation: str = "arithmetic"
    power: float = 1.0
    epsilon: float = DEFAULT_EPSILON
    min_weight_share: float = DEFAULT_MIN_WEIGHT_SHARE
    tolerance_years: int = DEFAULT_TOLERANCE_YEARS
    comparison_set: str = "all regions in the input matrix"
    min_coverage: float = DEFAULT_MIN_COVERAGE
    by_domain: bool | None = None
    method_version: str = field(default=METHOD_VERSION)

    def __post_init__(self) -> None:
        object.__setattr__(self, "indicators", tuple(self.indicators))
        ids = [ind.id for ind in self.indicators]
        if not ids:
            raise GapScoreSpecError("a gap score needs at least one indicator")
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise GapScoreSpecError(
                f"indicator(s) listed twice in the gap score: {', '.join(dupes)}"
            )
        if sum(ind.weight for ind in self.indicators) <= 0:
            raise GapScoreSpecError("all weights are zero; at least one weight must be positive")
        if self.normalisation not in NORMALISATIONS:
            raise GapScoreSpecError(
                f"unknown normalisation {self.normalisation!r}; choose one of "
                f"{', '.join(NORMALISATIONS)}"
            )
        if self.aggregation not in AGGREGATIONS:
            raise GapScoreSpecError(
                f"unknown aggregation {self.aggregation!r}; choose one of {', '.join(AGGREGATIONS)}"
            )
        if not _finite(self.power) or not -10 <= self.power <= 10:
            raise GapScoreSpecError(f"power {self.power!r} must be a number between -10 and 10")
        if not _finite(self.epsilon) or self.epsilon <= 0:
            raise GapScoreSpecError(f"epsilon {self.epsilon!r} must be a positive number")
        if not _finite(self.min_weight_share) or not 0 <= self.min_weight_share <= 1:
            raise GapScoreSpecError(
                f"minimum weight share {self.min_weight_share!r} must lie between 0 and 1"
            )
        if not _finite(self.min_coverage) or not 0 <= self.min_coverage <= 1:
            raise GapScoreSpecError(
                f"minimum coverage {self.min_coverage!r} must lie between 0 and 1"
            )
        if int(self.tolerance_years) != self.tolerance_years or self.tolerance_years < 0:
            raise GapScoreSpecError(
                f"year tolerance {self.tolerance_years!r} must be a whole number of years >= 0"
            )

    @property
    def ids(self) -> tuple[str, ...]:
        """Indicator ids in spec order."""
        return tuple(ind.id for ind in self.indicators)

    @property
    def effective_power(self) -> float:
        """Exponent p of the generalised mean actually used (1 arithmetic, 0 geometric)."""
        return {"arithmetic": 1.0, "geometric": 0.0}.get(self.aggregation, float(self.power))

    def with_indicators(self, indicators: tuple[IndicatorSpec, ...]) -> ScoreSpec:
        """A copy with another indicator list (everything else unchanged)."""
        return replace(self, indicators=tuple(indicators))

    def describe(self) -> dict[str, object]:
        """The spec as plain JSON-ready values, for download metadata and the CLI."""
        return {
            "method_version": self.method_version,
            "normalisation": self.normalisation,
            "aggregation": self.aggregation,
            "power": self.effective_power,
            "epsilon": self.epsilon,
            "min_weight_share": self.min_weight_share,
            "tolerance_years": self.tolerance_years,
            "comparison_set": self.comparison_set,
            "min_coverage": self.min_coverage,
            "by_domain": self.by_domain,
            "indicators": [
                {
                    "id": ind.id,
                    "weight": ind.weight,
                    "direction": ind.direction,
                    "target": ind.target,
                    "goalposts": list(ind.resolved_goalposts() or []) or None,
                    "group": ind.group,
                }
                for ind in self.indicators
            ],
        }
