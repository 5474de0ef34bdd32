"""Datasets: the real cited default, the synthetic demo, and user imports, behind one loader.

``load_dataset("default")`` reads the committed ``indicators/data/observations.csv`` (written by
``python -m indicators.transcribe``), appends the current version of each national SDG platform
(``indicators.opensdg.versions.default_part``: built into the data dir on first use) and the
indicators derived in code (``indicators.derived``), and flags out-of-range values
(``indicators.plausibility``). ``load_dataset("demo-synthetic")`` returns deterministic synthetic
district data, always flagged ``synthetic``; it is never loaded unless asked for by name. Other
names are looked up in the user dataset store (``indicators.storage.open_store``: files, or
PostgreSQL when ``CAM_ATLAS_DATABASE_URL`` is set).
Loaded datasets are shared (cached): treat ``observations`` as read-only.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import pandas as pd

from geodata.errors import UserFacingError
from indicators import model
from indicators.sources import Source, sources

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).parent / "data"
OBSERVATIONS_PATH = DATA_DIR / "observations.csv"
OTHER_BREAKDOWNS_PATH = DATA_DIR / "observations_other_breakdowns.csv"
DEFAULT = "default"
DEMO_SYNTHETIC = "demo-synthetic"


class UnknownDatasetError(UserFacingError):
    """A dataset name that is neither built in nor in the user dataset store."""


@dataclass(frozen=True)
class Dataset:
    """A named set of tidy observations (``indicators.model.OBSERVATION_COLUMNS``).

    ``synthetic`` is True for made-up demo data (every row then has status ``synthetic``).
    ``version`` changes whenever the data changes (use it in cache keys). ``sources`` cites the
    ``source_id`` values of the observations.
    """

    name: str
    title: str
    observations: pd.DataFrame
    synthetic: bool
    version: str
    description: str = ""
    sources: dict[str, Source] = field(default_factory=dict)
    breakdowns: pd.DataFrame = field(default_factory=model.empty_observations)
    """Disaggregated values (sex, urban/rural, age …) with a ``breakdown`` column; never summed
    and never on maps (the default dataset's Open SDG breakdowns; empty elsewhere)."""


class DatasetLike(Protocol):
    """What exports, listings and command lines read from a dataset (read-only).

    :class:`Dataset` is one; so is any stand-in with these attributes (see ``Dataset`` for
    their meaning)."""

    @property
    def name(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def observations(self) -> pd.DataFrame: ...
    @property
    def synthetic(self) -> bool: ...
    @property
    def version(self) -> str: ...
    @property
    def sources(self) -> Mapping[str, Source]: ...
    @property
    def breakdowns(self) -> pd.DataFrame: ...


def read_observations(path: Path) -> pd.DataFrame:
    """A tidy observations CSV (UTF-8) with the model's dtypes; empty strings stay empty."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    return model.coerce_observations(raw)


def _files_version(*paths: Path) -> str:
    """A short content hash of the given files (missing files hash as empty)."""
    digest = hashlib.sha1()
    for path in paths:
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()[:12]


@lru_cache(maxsize=1)
def _default_dataset() -> Dataset:
    """The real, cited default dataset with derived indicators appended (cached)."""
    from indicators import derived  # late: derived imports this module's reader
    from indicators.opensdg.versions import default_part
    from indicators.plausibility import flag_implausible

    published = read_observations(OBSERVATIONS_PATH)
    other = (
        read_observations(OTHER_BREAKDOWNS_PATH)
        if OTHER_BREAKDOWNS_PATH.exists()
        else model.empty_observations()
    )
    computed = derived.derive(published, other)
    sdg_totals, sdg_breakdowns, sdg_sources, sdg_tag = default_part()
    observations = flag_implausible(
        model.coerce_observations(pd.concat([published, sdg_totals, computed], ignore_index=True))
    )
    version = _files_version(
        OBSERVATIONS_PATH,
        OTHER_BREAKDOWNS_PATH,
        DATA_DIR / "sources.csv",
        DATA_DIR / "indicators.json",
    )
    version = hashlib.sha1(f"{version}\x1f{sdg_tag}".encode()).hexdigest()[:12]
    cited = dict(sources())
    for row in sdg_sources.to_dict("records"):
        cited[row["source_id"]] = Source(
            id=row["source_id"],
            publisher=row["publisher"],
            title=row["title"],
            date=row["date"],
            url=row["url"],
            licence=row["licence"],
            tier=row["tier"],
        )
    return Dataset(
        name=DEFAULT,
        title="CAM Atlas default dataset: published figures with citations",
        observations=observations,
        synthetic=False,
        version=version,
        description=(
            "Every figure from the project's research files (official tables, official figures "
            "quoted by the press, secondary sources) and from the national SDG reporting "
            "platforms of Kyrgyzstan and Kazakhstan (pinned builds, see indicators.opensdg), "
            "each with its source, tier and qualifier, plus indicators derived in code from "
            "them (status 'derived'). Areas without a published value have no row; values "
            "outside their valid range are kept and flagged 'published value implausible'."
        ),
        sources=cited,
        breakdowns=model.coerce_observations(sdg_breakdowns),
    )


def stored_names() -> tuple[list[str], str | None]:
    """Names in the user dataset store and None, or ``([], message)`` when the store cannot be
    listed: the error is logged with its traceback and the message is for the UI to show (a
    broken store must neither hide the built-in datasets nor vanish silently)."""
    try:
        from indicators.storage import open_store
    except ImportError:
        return [], None
    try:
        return sorted(open_store().names()), None
    except Exception as exc:  # any store failure: reported, never raised into a page
        log.exception("cannot list the dataset store")
        return [], f"{type(exc).__name__}: {exc}"


def _store_names() -> list[str]:
    """Names in the user dataset store ([] when it cannot be listed: see :func:`stored_names`)."""
    return stored_names()[0]


def available_datasets() -> list[str]:
    """Built-in dataset names followed by the user store's names."""
    return [DEFAULT, DEMO_SYNTHETIC, *_store_names()]


@lru_cache(maxsize=8)
def _stored_dataset(location: str, name: str, version: int, sha256: str) -> Dataset:
    """One stored version, read once per process: a version is never changed once written,
    so (store location, name, version, sha256) identifies its content; a new import is a new
    key. The store is the configured one (``indicators.storage.open_store``)."""
    from indicators.storage import open_store

    stored = open_store().load(name, version)
    # The same dtypes as the default dataset, whatever the storage format kept.
    return replace(stored, observations=model.coerce_observations(stored.observations))


def load_dataset(name: str = DEFAULT) -> Dataset:
    """The dataset called ``name``: ``default``, ``demo-synthetic`` or a user dataset.

    Raises UnknownDatasetError listing the available names when ``name`` is unknown.
    """
    if name == DEFAULT:
        return _default_dataset()
    if name == DEMO_SYNTHETIC:
        from indicators import synthetic

        return synthetic.demo_dataset()
    if name in _store_names():
        from indicators.storage import open_store

        store = open_store()
        latest = store.manifest(name)
        return _stored_dataset(store.location, name, latest.version, latest.sha256)
    raise UnknownDatasetError(
        f"Unknown dataset {name!r}. Available datasets: {', '.join(available_datasets())}."
    )
