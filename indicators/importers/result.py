"""What an importer hands back: observations, their sources, and every problem found."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import pandas as pd

from indicators import model
from indicators.importers.problems import Problem
from indicators.model import OBSERVATION_COLUMNS
from indicators.sources import SOURCE_COLUMNS  # a dataset's own sources.csv has the same columns


@dataclass
class ImportResult:
    """Observations read from one file (``OBSERVATION_COLUMNS``), ready to store.

    ``rows[i]`` is the file row of ``observations.iloc[i]`` (for messages); ``skipped_missing``
    counts rows whose value was a missing marker ("н/д", "-", ...) and were left out;
    ``synthetic`` is True only when every row says status ``synthetic``.
    """

    file: str
    format: str
    observations: pd.DataFrame
    sources: pd.DataFrame
    rows: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped_missing: int = 0
    synthetic: bool = False

    @property
    def ok(self) -> bool:
        """True when no problem was found."""
        return not self.problems


def empty_observations() -> pd.DataFrame:
    """An observations frame with the model's columns and dtypes and no rows."""
    return model.empty_observations()


def observations_frame(records: list[dict]) -> pd.DataFrame:
    """Observation records as a frame with the model's columns and dtypes
    (``indicators.model.coerce_observations``: NaN for unpublished numbers, "" for empty text)."""
    frame = pd.DataFrame.from_records(records, columns=list(OBSERVATION_COLUMNS))
    return model.coerce_observations(frame)


def sources_frame(records: list[dict]) -> pd.DataFrame:
    """Source records as a frame with ``SOURCE_COLUMNS`` (text, "" when unknown)."""
    frame = pd.DataFrame.from_records(records, columns=list(SOURCE_COLUMNS))
    return frame.fillna("").astype(str).drop_duplicates("source_id").reset_index(drop=True)


OBSERVATION_KEY = (
    "country",
    "level",
    "area_code",
    "vintage",
    "indicator",
    "period_start",
    "period_end",
    "status",
    "source_id",
)


def observation_id(record: dict, extra_keys: tuple[str, ...] = ()) -> str:
    """Stable id of an observation from its key fields (``indicators.model.make_obs_id`` of
    country, level, area, vintage, indicator, period, status and source, then ``extra_keys``
    such as ``breakdown``)."""
    return model.make_obs_id(*(record.get(k, "") for k in (*OBSERVATION_KEY, *extra_keys)))


def short_hash(*parts: str, length: int = 10) -> str:
    """A short, stable hex digest of some text parts (for source ids)."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:length]
