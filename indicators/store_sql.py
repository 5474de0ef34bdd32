"""Imported datasets in PostgreSQL (SQLAlchemy 2 + psycopg 3), shared by every app machine.

Selected with ``CAM_ATLAS_DATABASE_URL`` (``postgresql+psycopg://user:pw@host/db``; a plain
``postgresql://`` URL is taken to mean psycopg 3); see ``indicators.storage.open_store``. Same
interface and behaviour as the file store (``indicators.store.DatasetStore``):

- ``datasets``: one row per name. ``versions``: one row per stored version with its manifest
  (who published it and when, the file's name and sha256) and the imported file byte for byte.
  ``observations`` and ``sources``: the version's rows, in file order.
- Atomic versioning: a version and all its rows are written in one transaction, so a reader sees
  it entirely or not at all. The next number is taken under a row lock on the dataset
  (``SELECT ... FOR UPDATE``), so concurrent publishes from any number of processes or machines
  queue and each gets its own number; ``UNIQUE (dataset_id, number)`` backs this up.
- Nothing is overwritten or deleted: the code only inserts, and on PostgreSQL a trigger refuses
  ``UPDATE`` and ``DELETE`` on versions, observations and sources.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    Select,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from geodata.errors import UserFacingError
from indicators.dataset import Dataset
from indicators.importers import FileProblems, ImportResult, file_sha256
from indicators.model import OBSERVATION_COLUMNS, STRING_COLUMNS, Status, coerce_observations
from indicators.sources import SOURCE_COLUMNS, Source
from indicators.sources import sources as registry_sources
from indicators.store import (
    DatasetNotFoundError,
    ImportsFiles,
    Manifest,
    check_name,
    describe,
)

metadata = MetaData()

datasets = Table(
    "cam_datasets",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("created", DateTime(timezone=True), nullable=False),
)

versions = Table(
    "cam_versions",
    metadata,
    Column("id", BigInteger, primary_key=True),
    Column("dataset_id", ForeignKey("cam_datasets.id"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("created", DateTime(timezone=True), nullable=False),
    Column("publisher", Text, nullable=False, default=""),
    Column("source_file", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("rows", Integer, nullable=False),
    Column("format", Text, nullable=False),
    Column("synthetic", Boolean, nullable=False),
    Column("title", Text, nullable=False),
    Column("skipped_missing", Integer, nullable=False, default=0),
    Column("original", LargeBinary, nullable=False),
    UniqueConstraint("dataset_id", "number", name="cam_versions_number"),
)

_NUMERIC = {"level": Integer, "year": Integer, "value": Float, "ci_low": Float, "ci_high": Float}
observations = Table(
    "cam_observations",
    metadata,
    Column("version_id", ForeignKey("cam_versions.id"), primary_key=True),
    Column("row", Integer, primary_key=True),
    *(Column(c, _NUMERIC.get(c, Text), nullable=c in _NUMERIC) for c in OBSERVATION_COLUMNS),
)

sources = Table(
    "cam_sources",
    metadata,
    Column("version_id", ForeignKey("cam_versions.id"), primary_key=True),
    Column("row", Integer, primary_key=True),
    *(Column(c, Text, nullable=False) for c in SOURCE_COLUMNS),
)

_APPEND_ONLY_SQL = """
CREATE OR REPLACE FUNCTION cam_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'CAM Atlas: stored dataset versions are never changed or deleted (%)',
    TG_TABLE_NAME;
END $$;
"""
_SCHEMA_LOCK = 0x43414D31  # pg_advisory_xact_lock key: one schema creation at a time
_BATCH = 5000  # observation rows per INSERT statement
_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def engine_for(url: str) -> Engine:
    """One pooled engine per URL and process, with the schema created on first use."""
    with _engines_lock:
        engine = _engines.get(url)
        if engine is None:
            engine = create_engine(normalise_url(url), pool_pre_ping=True)
            create_schema(engine)
            _engines[url] = engine
        return engine


def normalise_url(url: str) -> str:
    """``postgresql://`` and ``postgres://`` URLs use psycopg 3 (the one driver installed)."""
    parsed = make_url(url.replace("postgres://", "postgresql://", 1))
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def create_schema(engine: Engine) -> None:
    """Create the tables (and, on PostgreSQL, the append-only triggers) if absent.

    Several app processes may start together: an advisory lock makes them take turns.
    """
    with engine.begin() as conn:
        postgres = conn.dialect.name == "postgresql"
        if postgres:
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEMA_LOCK})
        metadata.create_all(conn, checkfirst=True)
        if postgres:
            conn.execute(text(_APPEND_ONLY_SQL))
            for table in (versions, observations, sources):
                trigger = f"{table.name}_append_only"
                exists = conn.execute(
                    text("SELECT 1 FROM pg_trigger WHERE tgname = :name"), {"name": trigger}
                ).first()
                if not exists:
                    conn.execute(
                        text(
                            f"CREATE TRIGGER {trigger} BEFORE UPDATE OR DELETE ON {table.name} "
                            "FOR EACH ROW EXECUTE FUNCTION cam_append_only()"
                        )
                    )


class SqlDatasetStore(ImportsFiles):
    """Imported datasets in the database at ``url`` (see the module docstring)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = engine_for(url)

    @property
    def location(self) -> str:
        """The database URL without its password (shown to the operator)."""
        return make_url(normalise_url(self.url)).render_as_string(hide_password=True)

    # --- reading -------------------------------------------------------------------------

    def names(self) -> list[str]:
        """Names of the stored datasets that have at least one version, sorted."""
        query = (
            select(datasets.c.name)
            .where(select(versions.c.id).where(versions.c.dataset_id == datasets.c.id).exists())
            .order_by(datasets.c.name)
        )
        with self.engine.connect() as conn:
            return list(conn.execute(query).scalars())

    def versions(self, name: str) -> list[Manifest]:
        """The manifests of every version of ``name``, oldest first."""
        query = self._manifest_query(check_name(name)).order_by(versions.c.number)
        with self.engine.connect() as conn:
            return [_manifest(row) for row in conn.execute(query).mappings()]

    def manifest(self, name: str, version: int | None = None) -> Manifest:
        """The manifest of ``version`` (the latest when None)."""
        return _manifest(self._version_row(name, version))

    def observations(self, name: str, version: int | None = None) -> pd.DataFrame:
        """The stored observations (``OBSERVATION_COLUMNS``) of a version, in file order."""
        version_id = self._version_row(name, version)["id"]
        columns = [observations.c[c] for c in OBSERVATION_COLUMNS]
        query = (
            select(*columns)
            .where(observations.c.version_id == version_id)
            .order_by(observations.c.row)
        )
        with self.engine.connect() as conn:
            frame = pd.DataFrame(conn.execute(query).all(), columns=list(OBSERVATION_COLUMNS))
        return coerce_observations(frame)

    def sources(self, name: str, version: int | None = None) -> pd.DataFrame:
        """The dataset's own source records (``SOURCE_COLUMNS``) of a version."""
        version_id = self._version_row(name, version)["id"]
        query = (
            select(*(sources.c[c] for c in SOURCE_COLUMNS))
            .where(sources.c.version_id == version_id)
            .order_by(sources.c.row)
        )
        with self.engine.connect() as conn:
            return pd.DataFrame(conn.execute(query).all(), columns=list(SOURCE_COLUMNS))

    def original(self, name: str, version: int | None = None) -> tuple[str, bytes]:
        """The imported file of a version: (file name, bytes as uploaded)."""
        row = self._version_row(name, version)
        with self.engine.connect() as conn:
            data = conn.execute(
                select(versions.c.original).where(versions.c.id == row["id"])
            ).scalar_one()
        return row["source_file"], bytes(data)

    def load(self, name: str, version: int | None = None) -> Dataset:
        """The stored version as a ``Dataset`` (latest when None); as ``DatasetStore.load``."""
        manifest = self.manifest(name, version)
        own = {
            r["source_id"]: Source(
                id=r["source_id"],
                publisher=r["publisher"],
                title=r["title"],
                date=r["date"],
                url=r["url"],
                licence=r["licence"],
                tier=r["tier"],
            )
            for r in self.sources(name, manifest.version).to_dict("records")
        }
        return Dataset(
            name=name,
            title=manifest.title,
            observations=self.observations(name, manifest.version),
            synthetic=manifest.synthetic,
            version=f"{manifest.version}-{manifest.sha256[:8]}",
            description=describe(manifest),
            sources=dict(registry_sources()) | own,
        )

    # --- writing -------------------------------------------------------------------------

    def save(
        self,
        name: str,
        result: ImportResult,
        original: Path,
        title: str | None = None,
        publisher: str = "",
    ) -> Manifest:
        """Store a clean ``ImportResult`` as the next version of ``name`` in one transaction."""
        check_name(name)
        if result.problems:
            raise FileProblems(result.problems)
        payload = original.read_bytes()
        frame = result.observations[list(OBSERVATION_COLUMNS)].reset_index(drop=True)
        if result.synthetic:
            frame = frame.assign(status=Status.SYNTHETIC.value)
        obs_rows = _observation_records(frame)
        src_rows = (
            result.sources.reindex(columns=list(SOURCE_COLUMNS)).fillna("").astype(str)
        ).to_dict("records")
        try:
            with self.engine.begin() as conn:
                dataset_id = _locked_dataset_id(conn, name)
                number = conn.execute(
                    select(func.coalesce(func.max(versions.c.number), 0) + 1).where(
                        versions.c.dataset_id == dataset_id
                    )
                ).scalar_one()
                values: dict[str, Any] = {
                    "dataset_id": dataset_id,
                    "number": number,
                    "created": dt.datetime.now(dt.UTC).replace(microsecond=0),
                    "publisher": publisher,
                    "source_file": original.name,
                    "sha256": file_sha256(original),
                    "rows": len(frame),
                    "format": result.format,
                    "synthetic": result.synthetic,
                    "title": title or f"{name} (imported from {original.name})",
                    "skipped_missing": result.skipped_missing,
                    "original": payload,
                }
                version_id = conn.execute(
                    insert(versions).values(**values).returning(versions.c.id)
                ).scalar_one()
                for start in range(0, len(obs_rows), _BATCH):
                    batch = obs_rows[start : start + _BATCH]
                    conn.execute(
                        insert(observations),
                        [{"version_id": version_id, **r} for r in batch],
                    )
                if src_rows:
                    conn.execute(
                        insert(sources),
                        [{"version_id": version_id, "row": i, **r} for i, r in enumerate(src_rows)],
                    )
        except SQLAlchemyError as exc:
            raise UserFacingError(
                f"could not store dataset {name!r} in {self.location}: {type(exc).__name__}"
            ) from exc
        return self.manifest(name, number)

    # --- internals -----------------------------------------------------------------------

    # A bare Select: its type parameters differ in SQLAlchemy 2.0 and 2.1.
    @staticmethod
    def _manifest_query(name: str) -> Select:
        """Versions of ``name`` with the manifest columns (not the file bytes)."""
        return (
            select(
                versions.c.id,
                datasets.c.name,
                versions.c.number,
                versions.c.created,
                versions.c.publisher,
                versions.c.source_file,
                versions.c.sha256,
                versions.c.rows,
                versions.c.format,
                versions.c.synthetic,
                versions.c.title,
                versions.c.skipped_missing,
            )
            .join(datasets, datasets.c.id == versions.c.dataset_id)
            .where(datasets.c.name == name)
        )

    def _version_row(self, name: str, version: int | None) -> dict[str, Any]:
        """The manifest row of a version (latest when None); ``DatasetNotFoundError``."""
        query = self._manifest_query(check_name(name))
        if version is None:
            query = query.order_by(versions.c.number.desc()).limit(1)
        else:
            query = query.where(versions.c.number == version)
        with self.engine.connect() as conn:
            row = conn.execute(query).mappings().first()
        if row is not None:
            return dict(row)
        known = [m.version for m in self.versions(name)]
        if not known:
            raise DatasetNotFoundError(
                f"no stored dataset named {name!r} (stored datasets: "
                f"{', '.join(self.names()) or 'none yet'}); "
                "import one with: cam-atlas import FILE --dataset NAME"
            )
        raise DatasetNotFoundError(
            f"dataset {name!r} has no version {version} (versions: {', '.join(map(str, known))})"
        )


def _locked_dataset_id(conn: Any, name: str) -> int:
    """The id of dataset ``name`` (created if new), row-locked until the transaction ends."""
    statement = insert(datasets).values(name=name, created=dt.datetime.now(dt.UTC))
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        statement = (
            pg_insert(datasets)
            .values(name=name, created=dt.datetime.now(dt.UTC))
            .on_conflict_do_nothing(index_elements=["name"])
        )
        conn.execute(statement)
    elif conn.execute(select(datasets.c.id).where(datasets.c.name == name)).first() is None:
        conn.execute(statement)
    return int(
        conn.execute(
            select(datasets.c.id).where(datasets.c.name == name).with_for_update()
        ).scalar_one()
    )


def _observation_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows for ``observations``: text as str, missing numbers as NULL, ``row`` = file order."""
    out = frame.astype(object).where(frame.notna(), None)
    for column in STRING_COLUMNS:
        out[column] = out[column].map(lambda v: "" if v is None else str(v))
    records = out.to_dict("records")
    for i, record in enumerate(records):
        record["row"] = i
        for column in ("level", "year"):
            if record[column] is not None:
                record[column] = int(record[column])
        for column in ("value", "ci_low", "ci_high"):
            if record[column] is not None:
                record[column] = float(record[column])
    return records


def _manifest(row: Any) -> Manifest:
    """A ``Manifest`` from a manifest-query row."""
    created = row["created"]
    if created.tzinfo is None:
        created = created.replace(tzinfo=dt.UTC)
    return Manifest(
        name=row["name"],
        version=row["number"],
        created=created.astimezone(dt.UTC).isoformat(timespec="seconds"),
        source_file=row["source_file"],
        sha256=row["sha256"],
        rows=row["rows"],
        format=row["format"],
        synthetic=row["synthetic"],
        title=row["title"],
        skipped_missing=row["skipped_missing"],
        publisher=row["publisher"],
    )
