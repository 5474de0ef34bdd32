"""The PostgreSQL dataset store against a real server: same behaviour as the file store, shared
by processes, versions atomic and append-only, concurrent publishes from two processes distinct."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy
from test_store import GOOD, MORE, csv_file

from indicators.importers import FileProblems
from indicators.model import OBSERVATION_COLUMNS
from indicators.storage import DATABASE_URL_ENV, open_store
from indicators.store import DatasetNameError, DatasetNotFoundError, DatasetStore
from indicators.store_sql import SqlDatasetStore

pytestmark = pytest.mark.services
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True, scope="module")
def _geodata(data_env):
    """Resolution needs the prepared boundary build (shared session fixture)."""


@pytest.fixture
def store(database_url) -> SqlDatasetStore:
    return SqlDatasetStore(database_url)


def test_round_trip_matches_the_file_store(store, tmp_path):
    path = csv_file(tmp_path, MORE)
    manifest = store.import_file("osh-survey", path, title="Poverty 2021", publisher="aigul")
    files = DatasetStore(tmp_path / "files")
    expected = files.load("osh-survey") if files.import_file("osh-survey", path) else None

    assert manifest.version == 1 and manifest.rows == 2 and manifest.publisher == "aigul"
    assert manifest.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert store.names() == ["osh-survey"]
    loaded = store.load("osh-survey")
    assert loaded.version == f"1-{manifest.sha256[:8]}"
    assert "by aigul" in loaded.description
    pd.testing.assert_frame_equal(loaded.observations, expected.observations)
    assert list(loaded.observations.columns) == list(OBSERVATION_COLUMNS)
    assert loaded.sources.keys() == expected.sources.keys()
    pd.testing.assert_frame_equal(store.sources("osh-survey"), files.sources("osh-survey"))
    assert store.original("osh-survey") == ("officer.csv", path.read_bytes())


def test_every_version_is_kept_and_readable(store, tmp_path):
    store.import_file("poverty", csv_file(tmp_path, GOOD))
    store.import_file("poverty", csv_file(tmp_path, MORE, "more.csv"))
    assert [m.version for m in store.versions("poverty")] == [1, 2]
    assert len(store.load("poverty").observations) == 2
    assert len(store.load("poverty", 1).observations) == 1
    with pytest.raises(DatasetNotFoundError, match="versions: 1, 2"):
        store.load("poverty", 3)
    with pytest.raises(DatasetNotFoundError, match="no stored dataset named 'other'"):
        store.manifest("other")


def test_a_bad_file_or_name_stores_nothing(store, tmp_path):
    store.import_file("poverty", csv_file(tmp_path, GOOD))
    bad = csv_file(tmp_path, ["KGZ,Nowhere,extreme_poverty_pct,2021,abc,x,"], "bad.csv")
    with pytest.raises(FileProblems):
        store.import_file("poverty", bad)
    with pytest.raises(DatasetNameError):
        store.import_file("newl\n", csv_file(tmp_path, GOOD))
    assert [m.version for m in store.versions("poverty")] == [1]
    assert store.names() == ["poverty"]


def test_a_failure_inside_the_transaction_leaves_no_partial_version(store, tmp_path, monkeypatch):
    from indicators import store_sql

    store.import_file("poverty", csv_file(tmp_path, GOOD))

    def broken(frame):
        records = original(frame)
        records[-1]["value"] = "not a number"  # the database refuses the last row
        return records

    original = store_sql._observation_records
    monkeypatch.setattr(store_sql, "_observation_records", broken)
    with pytest.raises(Exception, match="could not store dataset 'poverty'"):
        store.import_file("poverty", csv_file(tmp_path, MORE, "more.csv"))
    assert [m.version for m in store.versions("poverty")] == [1]
    with store.engine.connect() as conn:
        counted = conn.execute(sqlalchemy.text("SELECT count(*) FROM cam_observations"))
        assert counted.scalar_one() == 1


def test_stored_rows_cannot_be_changed_or_deleted(store, tmp_path):
    store.import_file("poverty", csv_file(tmp_path, GOOD))
    for statement in (
        "UPDATE cam_observations SET value = 0",
        "DELETE FROM cam_versions",
        "UPDATE cam_versions SET sha256 = 'x'",
    ):
        with (
            pytest.raises(sqlalchemy.exc.DBAPIError, match="never changed or deleted"),
            store.engine.begin() as conn,
        ):
            conn.execute(sqlalchemy.text(statement))
    assert store.load("poverty").observations["value"].tolist() == [10.1]


def test_open_store_follows_the_environment(database_url, monkeypatch, tmp_path):
    monkeypatch.setenv(DATABASE_URL_ENV, database_url.replace("postgresql+psycopg", "postgresql"))
    chosen = open_store()
    assert isinstance(chosen, SqlDatasetStore)
    assert "@127.0.0.1" in chosen.location
    monkeypatch.delenv(DATABASE_URL_ENV)
    assert isinstance(open_store(), DatasetStore)


PUBLISHER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from indicators.store_sql import SqlDatasetStore
    url, go, who, *files = sys.argv[1:]
    store = SqlDatasetStore(url)
    while not Path(go).exists():
        time.sleep(0.01)
    for path in files:
        m = store.import_file("shared", path, publisher=who)
        print(m.version, m.sha256, flush=True)
    """
)


def test_concurrent_publishes_from_two_processes_land_as_distinct_versions(
    store, tmp_path, data_env
):
    """Two processes (two 'machines') publish four files each at the same moment."""
    go = tmp_path / "go"
    files = {
        who: [csv_file(tmp_path, GOOD if i % 2 else MORE, f"{who}{i}.csv") for i in range(4)]
        for who in ("first", "second")
    }
    processes = {
        who: subprocess.Popen(
            [sys.executable, "-c", PUBLISHER, store.url, str(go), who, *map(str, paths)],
            cwd=REPO,
            env=data_env | {"PYTHONPATH": str(REPO)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for who, paths in files.items()
    }
    go.touch()
    outputs = {}
    for who, process in processes.items():
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        outputs[who] = [line.split() for line in out.splitlines()]

    numbers = sorted(int(v) for lines in outputs.values() for v, _ in lines)
    assert numbers == list(range(1, 9))
    for who, lines in outputs.items():
        for version, sha in lines:
            manifest = store.manifest("shared", int(version))
            assert (manifest.publisher, manifest.sha256) == (who, sha)
            assert len(store.observations("shared", int(version))) == manifest.rows


def test_cli_and_the_dashboard_loader_use_the_database_when_configured(
    database_url, tmp_path, monkeypatch, capsys
):
    from dashboard.cli import main
    from indicators import store as store_module
    from indicators.dataset import available_datasets, load_dataset

    monkeypatch.setattr(store_module, "default_root", lambda: tmp_path / "datasets")
    monkeypatch.setenv(DATABASE_URL_ENV, database_url)
    assert main(["import", str(csv_file(tmp_path, MORE)), "--dataset", "from-cli"]) == 0
    out = capsys.readouterr().out
    assert "stored dataset 'from-cli' version 1" in out and "127.0.0.1" in out
    assert main(["datasets", "from-cli"]) == 0
    assert capsys.readouterr().out.startswith("from-cli@1 ")
    assert "from-cli" in available_datasets()
    assert len(load_dataset("from-cli").observations) == 2
    assert not (tmp_path / "datasets").exists()
