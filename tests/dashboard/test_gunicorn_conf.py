"""gunicorn settings: threads that outlast slow clients, loopback by default, env overrides."""

from __future__ import annotations

import importlib
from pathlib import Path

from dashboard import gunicorn_conf

REPO = Path(__file__).resolve().parents[2]


def test_defaults_are_threaded_loopback_and_bounded(monkeypatch):
    for name in ("CAM_ATLAS_BIND", "CAM_ATLAS_WORKERS", "CAM_ATLAS_THREADS", "CAM_ATLAS_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    conf = importlib.reload(gunicorn_conf)
    assert conf.worker_class == "gthread" and conf.threads >= 8
    assert conf.bind == ["127.0.0.1:8050"]
    assert conf.limit_request_line <= 8190 and conf.limit_request_fields <= 100
    assert conf.preload_app and conf.control_socket_disable


def test_environment_overrides(monkeypatch):
    monkeypatch.setenv("CAM_ATLAS_BIND", "0.0.0.0:9000")
    monkeypatch.setenv("CAM_ATLAS_THREADS", "4")
    monkeypatch.setenv("CAM_ATLAS_WORKERS", "not a number")
    conf = importlib.reload(gunicorn_conf)
    assert conf.bind == ["0.0.0.0:9000"] and conf.threads == 4 and conf.workers == 2
    monkeypatch.undo()
    importlib.reload(gunicorn_conf)


def test_procfile_and_checkout_use_these_settings_on_loopback():
    procfile = (REPO / "Procfile").read_text()
    assert "-c python:dashboard.gunicorn_conf" in procfile
    assert "0.0.0.0" not in procfile and "127.0.0.1" in procfile
    assert "dashboard.gunicorn_conf" in (REPO / "gunicorn.conf.py").read_text()
