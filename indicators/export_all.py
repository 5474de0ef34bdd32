"""Every observation of a dataset with its provenance, one row per value (``export --all``).

Columns: the observation model's (``indicators.model.OBSERVATION_COLUMNS``), ``breakdown``
(empty for totals), ``implausible`` (``yes`` when the range rule flagged the value), then the
source's ``publisher``, ``source_title``, ``source_date``, ``source_url``, ``licence`` and
``tier``. Text cells that a spreadsheet would run as a formula are neutralised.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from indicators import model
from indicators.export import neutralise_frame
from indicators.plausibility import implausible_mask

if TYPE_CHECKING:
    from indicators.dataset import DatasetLike

SOURCE_FIELDS = (
    ("publisher", "publisher"),
    ("source_title", "title"),
    ("source_date", "date"),
    ("source_url", "url"),
    ("licence", "licence"),
    ("tier", "tier"),
)
COLUMNS = (*model.OBSERVATION_COLUMNS, "breakdown", "implausible", *(c for c, _ in SOURCE_FIELDS))


def all_observations(dataset: DatasetLike) -> pd.DataFrame:
    """The dataset's observations and breakdowns with provenance columns (``COLUMNS``)."""
    obs = dataset.observations.assign(breakdown="")
    parts = dataset.breakdowns
    frames = [obs] + ([parts] if len(parts) else [])
    table = pd.concat(frames, ignore_index=True)
    table["breakdown"] = table["breakdown"].fillna("").astype(str)
    table["implausible"] = implausible_mask(table).map({True: "yes", False: ""})
    sources = dataset.sources
    for column, attribute in SOURCE_FIELDS:
        table[column] = [
            getattr(sources[s], attribute) if s in sources else "" for s in table["source_id"]
        ]
    order = ["country", "indicator", "level", "area_code", "year", "breakdown", "obs_id"]
    return table[list(COLUMNS)].sort_values(order, kind="mergesort").reset_index(drop=True)


def write_csv(table: pd.DataFrame, path: Path | str | None = None) -> bytes:
    """UTF-8 CSV (with BOM, for spreadsheets), formula-like cells neutralised; the bytes, also
    written to ``path`` when given (the CLI's file and the dashboard's download are the same)."""
    content = neutralise_frame(table).to_csv(index=False).encode("utf-8-sig")
    if path is not None:
        Path(path).write_bytes(content)
    return content
