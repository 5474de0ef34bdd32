"""``dashboard.launch``: the one gunicorn command of ``cam-atlas serve``, the bench and tests."""

from __future__ import annotations

import subprocess
import sys
import urllib.request

import pytest

from dashboard import launch, serve_cli


def test_every_command_reads_the_repository_settings_and_preloads():
    command = launch.gunicorn_command("127.0.0.1", 8123, 3)
    assert command[:3] == [sys.executable, "-m", "gunicorn"]
    assert command[command.index("--config") + 1] == "python:dashboard.gunicorn_conf"
    assert command[command.index("--bind") + 1] == "127.0.0.1:8123"
    assert command[command.index("--workers") + 1] == "3"
    assert "--preload" in command and "--no-control-socket" in command
    assert command[-1] == "dashboard.app:server"


def test_serve_adds_only_the_access_log():
    plain = launch.gunicorn_command("::1", 8050, 2)
    served = serve_cli.gunicorn_command("::1", 8050, 2)
    assert served == [*plain[:-1], "--access-logfile", "-", plain[-1]]


def test_options_override_the_settings_file():
    command = launch.gunicorn_command(
        "127.0.0.1", 1, 1, "tools.app:make()", log_level="warning", timeout=120, graceful_timeout=2
    )
    for flag, value in (
        ("--log-level", "warning"),
        ("--timeout", "120"),
        ("--graceful-timeout", "2"),
    ):
        assert command[command.index(flag) + 1] == value
    assert command[-1] == "tools.app:make()"


def test_serving_answers_on_loopback_and_stops(data_env):
    with launch.serving(env=data_env, workers=1, graceful_timeout=2) as url:
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(url + "/", timeout=30) as response:
            assert response.status == 200
    with pytest.raises(OSError):
        urllib.request.urlopen(url + "/", timeout=5)


def test_a_target_that_cannot_start_is_a_clear_error(data_env):
    failing = launch.serving("no_such_module:app", 1, data_env, stderr=subprocess.DEVNULL)
    with pytest.raises(launch.LaunchError, match="no_such_module:app exited"), failing:
        pass
