"""The build cache: keyed by inputs, rebuilt only when they change."""

from __future__ import annotations

import dataclasses

from geodata import build, layers, sources


def test_prepare_reuses_an_existing_build(built):
    manifest = built / "manifest.json"
    before = manifest.stat().st_mtime_ns
    assert layers.prepare() == built
    assert manifest.stat().st_mtime_ns == before


def test_key_changes_when_a_raw_checksum_changes(monkeypatch):
    key = build.cache_key()
    assert build.cache_key() == key
    name = "kaz_admbnda_adm2_2024.shp"
    changed = dataclasses.replace(sources.RAW_FILES[name], sha256="0" * 64)
    monkeypatch.setitem(build.RAW_FILES, name, changed)
    assert build.cache_key() != key


def test_build_outputs_live_outside_git(built):
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    ignored = (repo / ".gitignore").read_text()
    assert not built.is_relative_to(repo) or "/.data/" in ignored
    assert {p.name for p in built.iterdir()} >= {"layers", "web", "units.csv", "manifest.json"}
