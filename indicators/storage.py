"""One interface for the imported-dataset store, two backends, chosen by the environment.

- Default (no setting): ``indicators.store.DatasetStore``, versioned files under
  ``<CAM_ATLAS_DATA_DIR>/datasets``, for one machine (``make run`` needs no server).
- ``CAM_ATLAS_DATABASE_URL`` set (``postgresql+psycopg://user:password@host:5432/db``):
  ``indicators.store_sql.SqlDatasetStore``, shared by every app process on every machine.

Both keep every version (nothing stored is overwritten or deleted), store a version atomically,
give concurrent publishes distinct version numbers and record who published what and when
(``Manifest.publisher``, ``Manifest.created``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol

import pandas as pd

from indicators.dataset import Dataset
from indicators.importers import ImportContext, ImportResult
from indicators.store import DatasetStore, Manifest

DATABASE_URL_ENV = "CAM_ATLAS_DATABASE_URL"


class DatasetStorage(Protocol):
    """What every backend offers (see ``indicators.store.DatasetStore`` for the semantics)."""

    @property
    def location(self) -> str:
        """Where the datasets are kept, for messages (no password)."""
        ...

    def names(self) -> list[str]: ...

    def versions(self, name: str) -> list[Manifest]: ...

    def manifest(self, name: str, version: int | None = None) -> Manifest: ...

    def observations(self, name: str, version: int | None = None) -> pd.DataFrame: ...

    def sources(self, name: str, version: int | None = None) -> pd.DataFrame: ...

    def load(self, name: str, version: int | None = None) -> Dataset: ...

    def import_file(
        self,
        name: str,
        path: Path | str,
        format: str = "auto",
        title: str | None = None,
        context: ImportContext | None = None,
        publisher: str = "",
    ) -> Manifest: ...

    def save(
        self,
        name: str,
        result: ImportResult,
        original: Path,
        title: str | None = None,
        publisher: str = "",
    ) -> Manifest: ...


def database_url() -> str:
    """``CAM_ATLAS_DATABASE_URL`` stripped, or "" when the file store is used."""
    return os.environ.get(DATABASE_URL_ENV, "").strip()


def open_store() -> DatasetStorage:
    """The configured store: PostgreSQL when ``CAM_ATLAS_DATABASE_URL`` is set, else files."""
    url = database_url()
    if url:
        from indicators.store_sql import SqlDatasetStore

        return SqlDatasetStore(url)
    return DatasetStore()
