"""Dataset store: versioned, atomic, never loses what is stored, safe names, concurrent imports."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import pandas as pd
import pytest

from indicators import store as store_module
from indicators.importers import FileProblems
from indicators.model import OBSERVATION_COLUMNS
from indicators.store import (
    DatasetNameError,
    DatasetNotFoundError,
    DatasetStore,
    check_name,
    parse_dataset_ref,
)

HEADER = "country,region,indicator,year,value,source,source_url"
# NSC extreme poverty 2021 via Kaktus.media (real published figures).
CITE = "NSC via Kaktus.media,https://m.kaktus.media/doc/9627_kyrgyzstanda_407_mindey_adam_oto_jakyr_jashayt.html"
GOOD = [f"KGZ,Баткен облусу,extreme_poverty_pct,2021,10.1,{CITE}"]
MORE = [*GOOD, f"KGZ,Бишкек шаары,extreme_poverty_pct,2021,9.5,{CITE}"]


@pytest.fixture(autouse=True, scope="module")
def _geodata(data_env):
    """Resolution needs the prepared boundary build (shared session fixture)."""


@pytest.fixture
def store(tmp_path) -> DatasetStore:
    return DatasetStore(tmp_path / "datasets")


def csv_file(tmp_path: Path, lines: list[str], name: str = "officer.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def tree(root: Path) -> list[str]:
    """Every path under ``root`` (relative), to compare before/after."""
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")) if root.exists() else []


def test_import_stores_a_complete_version(store, tmp_path):
    path = csv_file(tmp_path, MORE)
    manifest = store.import_file("osh-survey", path, title="Poverty 2021")
    assert (manifest.name, manifest.version, manifest.rows) == ("osh-survey", 1, 2)
    assert manifest.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert manifest.source_file == "officer.csv" and manifest.format == "template"
    version_dir = store.root / "osh-survey" / "v000001"
    assert sorted(p.name for p in version_dir.iterdir()) == [
        "manifest.json",
        "observations.parquet",
        "original",
        "sources.csv",
    ]
    assert (version_dir / "original" / "officer.csv").read_bytes() == path.read_bytes()

    dataset = store.load("osh-survey")
    assert dataset.name == "osh-survey" and dataset.title == "Poverty 2021"
    assert not dataset.synthetic
    assert list(dataset.observations.columns) == list(OBSERVATION_COLUMNS)
    assert list(dataset.observations["value"]) == [10.1, 9.5]
    assert set(dataset.observations["status"]) == {"user_import"}
    (source_id,) = set(dataset.observations["source_id"])
    assert dataset.sources[source_id].title == "NSC via Kaktus.media"
    assert dataset.sources[source_id].url.startswith("https://m.kaktus.media/")


def test_a_second_import_adds_a_version_and_keeps_the_first(store, tmp_path):
    store.import_file("poverty", csv_file(tmp_path, GOOD))
    second = store.import_file("poverty", csv_file(tmp_path, MORE, "more.csv"))
    assert second.version == 2
    assert [m.version for m in store.versions("poverty")] == [1, 2]
    assert len(store.load("poverty").observations) == 2
    assert len(store.load("poverty", version=1).observations) == 1
    assert store.load("poverty", 1).version != store.load("poverty", 2).version


def test_a_failed_validation_writes_nothing(store, tmp_path):
    store.import_file("poverty", csv_file(tmp_path, GOOD))
    before = tree(store.root)
    bad = csv_file(tmp_path, [*GOOD, "KGZ,Нарния,extreme_poverty_pct,2021,abc,,"], "bad.csv")
    with pytest.raises(FileProblems) as caught:
        store.import_file("poverty", bad)
    assert {p.column for p in caught.value.problems} == {"region", "value"}
    assert tree(store.root) == before
    with pytest.raises(FileProblems):
        store.import_file("fresh", bad)
    assert store.names() == ["poverty"]


def test_a_crash_while_writing_leaves_no_partial_version(store, tmp_path, monkeypatch):
    store.import_file("poverty", csv_file(tmp_path, GOOD))
    before = tree(store.root)

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", disk_full)
    with pytest.raises(OSError, match="No space left"):
        store.import_file("poverty", csv_file(tmp_path, MORE, "more.csv"))
    assert tree(store.root) == before  # no v000002, no temporary directory
    monkeypatch.undo()
    assert len(store.load("poverty").observations) == 1


def test_a_file_with_only_missing_values_is_refused(store, tmp_path):
    path = csv_file(tmp_path, ["KGZ,Бишкек,extreme_poverty_pct,2021,н/д,,"])
    with pytest.raises(FileProblems, match="no figures to import"):
        store.import_file("empty", path)
    assert store.names() == []


def test_concurrent_imports_get_distinct_complete_versions(store, tmp_path):
    paths = [csv_file(tmp_path, GOOD if i % 2 else MORE, f"f{i}.csv") for i in range(6)]
    barrier = threading.Barrier(len(paths))
    results, errors = [], []

    def run(path):
        barrier.wait()
        try:
            results.append(store.import_file("shared", path))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(p,)) for p in paths]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(m.version for m in results) == [1, 2, 3, 4, 5, 6]
    for manifest in results:
        stored = store.load("shared", manifest.version)
        assert len(stored.observations) == manifest.rows
        assert store.manifest("shared", manifest.version).sha256 == manifest.sha256
    assert not [p for p in (store.root / "shared").iterdir() if p.name.startswith(".tmp")]


def test_a_lost_race_for_a_version_number_retries(store, tmp_path, monkeypatch):
    """Another import publishes v1 between our look-up and our rename: we become v2."""
    first = csv_file(tmp_path, GOOD, "first.csv")
    store.import_file("race", first)
    original = DatasetStore._numbers
    calls = {"n": 0}

    def stale_once(directory):
        calls["n"] += 1
        return [] if calls["n"] == 1 else original(directory)

    monkeypatch.setattr(DatasetStore, "_numbers", staticmethod(stale_once))
    manifest = store.save("race", _validated(tmp_path, MORE), first)
    assert manifest.version == 2
    assert len(store.load("race", 1).observations) == 1  # the winner's data is intact


def _validated(tmp_path, lines):
    from indicators.validate import validate_file

    return validate_file(csv_file(tmp_path, lines, "validated.csv"))


@pytest.mark.parametrize(
    "name", ["", "Upper", "../etc", "a/b", "a b", "-lead", "x" * 65, "имя", "a.b", "default"]
)
def test_unsafe_or_reserved_names_are_refused(store, tmp_path, name):
    with pytest.raises(DatasetNameError):
        check_name(name)
    with pytest.raises(DatasetNameError):
        store.import_file(name, csv_file(tmp_path, GOOD))
    assert tree(store.root) == []


@pytest.mark.parametrize("name", ["a", "osh_2024", "survey-1", "0abc"])
def test_safe_names(name):
    assert check_name(name) == name


def test_unknown_dataset_or_version(store, tmp_path):
    with pytest.raises(DatasetNotFoundError, match="no stored dataset named 'nope'"):
        store.load("nope")
    store.import_file("one", csv_file(tmp_path, GOOD))
    with pytest.raises(DatasetNotFoundError, match="has no version 7"):
        store.load("one", 7)


def test_parse_dataset_ref():
    assert parse_dataset_ref("osh") == ("osh", None)
    assert parse_dataset_ref("osh@3") == ("osh", 3)
    with pytest.raises(DatasetNameError):
        parse_dataset_ref("osh@latest")


def test_synthetic_file_gives_a_synthetic_dataset(store, tmp_path):
    path = tmp_path / "synthetic.csv"
    path.write_text(
        "country,region,indicator,year,value,status\n"
        "KGZ,Бишкек,extreme_poverty_pct,2021,9.5,synthetic\n",
        encoding="utf-8",
    )
    manifest = store.import_file("drill", path)
    dataset = store.load("drill")
    assert manifest.synthetic and dataset.synthetic
    assert set(dataset.observations["status"]) == {"synthetic"}
    assert "SYNTHETIC" in dataset.description


def test_load_dataset_finds_stored_datasets(tmp_path, monkeypatch):
    from indicators.dataset import load_dataset

    monkeypatch.setattr(store_module, "default_root", lambda: tmp_path / "datasets")
    DatasetStore().import_file("mine", csv_file(tmp_path, GOOD))
    assert len(load_dataset("mine").observations) == 1


def test_a_stored_version_is_read_once_and_a_new_import_is_seen(tmp_path, monkeypatch):
    from indicators.dataset import load_dataset

    monkeypatch.setattr(store_module, "default_root", lambda: tmp_path / "datasets")
    DatasetStore().import_file("again", csv_file(tmp_path, GOOD))
    first = load_dataset("again")
    assert load_dataset("again") is first  # callbacks call it several times per request
    DatasetStore().import_file("again", csv_file(tmp_path, GOOD))
    second = load_dataset("again")
    assert second is not first and second.version != first.version


def test_stale_temporary_directories_are_ignored(store, tmp_path):
    store.import_file("poverty", csv_file(tmp_path, GOOD))
    (store.root / "poverty" / ".tmp-crashed").mkdir()
    (store.root / "poverty" / ".tmp-crashed" / "observations.parquet").write_bytes(b"half")
    assert [m.version for m in store.versions("poverty")] == [1]
    assert store.import_file("poverty", csv_file(tmp_path, MORE, "m.csv")).version == 2


@pytest.mark.parametrize("name", ["newl\n", "osh\n", "a\nb", "\nosh", "osh\r\n"])
def test_a_name_with_a_line_break_is_refused(store, tmp_path, name):
    """Issue 13 item 6: ``$`` also matches before a trailing newline; names match in full."""
    with pytest.raises(DatasetNameError):
        store.import_file(name, csv_file(tmp_path, GOOD))
    assert tree(store.root) == []


def test_a_directory_with_a_line_break_is_not_listed(store, tmp_path):
    store.import_file("osh", csv_file(tmp_path, GOOD))
    (store.root / "osh\n").mkdir()
    (store.root / "osh" / "v000001").rename(store.root / "osh\n" / "v000001")
    store.import_file("osh", csv_file(tmp_path, GOOD))
    assert store.names() == ["osh"]


def test_a_killed_import_leaves_temporaries_the_next_import_removes(store, tmp_path):
    """Issue 13 item 8: a SIGKILLed import leaves ``.tmp-*``; an old one is removed, a fresh one
    (another import still writing) is kept."""
    import os
    import signal
    import subprocess
    import sys
    import time

    store.import_file("osh", csv_file(tmp_path, GOOD))
    directory = store.root / "osh"
    # A real killed writer: a process that creates its temporary directory and dies mid-write.
    script = (
        "import sys, uuid, pathlib, time;"
        "d = pathlib.Path(sys.argv[1]) / f'.tmp-{uuid.uuid4().hex}';"
        "d.mkdir(); (d / 'observations.parquet').write_bytes(b'half'); print(d, flush=True);"
        "time.sleep(60)"
    )
    writer = subprocess.Popen(
        [sys.executable, "-c", script, str(directory)], stdout=subprocess.PIPE, text=True
    )
    killed = Path(writer.stdout.readline().strip())
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    an_hour_ago = time.time() - store_module.STALE_TMP_SECONDS - 60
    os.utime(killed, (an_hour_ago, an_hour_ago))
    in_progress = directory / ".tmp-in-progress"
    in_progress.mkdir()

    manifest = store.import_file("osh", csv_file(tmp_path, MORE, "more.csv"))

    assert manifest.version == 2
    assert not killed.exists()
    assert in_progress.exists()
    assert [m.version for m in store.versions("osh")] == [1, 2]
