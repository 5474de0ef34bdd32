"""Errors of the gap score that are meant for the user (printed by the CLI without a traceback)."""

from __future__ import annotations

from geodata.errors import UserFacingError


class GapScoreError(UserFacingError):
    """Base class of gap-score errors the user can fix."""


class GapScoreSpecError(GapScoreError, ValueError):
    """An impossible choice: unknown indicator or method, negative weight, bad threshold, ..."""


class GapScoreInputError(GapScoreError, ValueError):
    """The observations table cannot be turned into a region x indicator matrix."""
