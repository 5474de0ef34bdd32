"""``cam-atlas serve``: the gunicorn command, loopback by default, settings from the environment."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from dashboard import cli, serve_cli


def run(argv, capsys):
    code = cli.main(argv)
    return code, capsys.readouterr()


def test_defaults_bind_loopback_with_two_preloaded_workers(capsys):
    code, out = run(["serve", "--dry-run"], capsys)
    assert code == 0
    command = out.out.split()
    assert command[1:3] == ["-m", "gunicorn"]
    assert command[command.index("--bind") + 1] == "127.0.0.1:8050"
    assert command[command.index("--workers") + 1] == "2"
    assert "--preload" in command and "--no-control-socket" in command
    assert command[-1] == "dashboard.app:server"


def test_environment_sets_defaults_and_flags_win(monkeypatch, capsys):
    monkeypatch.setenv("CAM_ATLAS_PORT", "9001")
    monkeypatch.setenv("CAM_ATLAS_WORKERS", "3")
    command = serve_cli.gunicorn_command("127.0.0.1", 9001, 3)
    _, out = run(["serve", "--dry-run"], capsys)
    assert out.out.split() == command
    _, out = run(["serve", "--dry-run", "--port", "8100", "--host", "::1"], capsys)
    assert "::1:8100" in out.out


@pytest.mark.parametrize("args", [["--port", "0"], ["--port", "70000"], ["--workers", "0"]])
def test_invalid_settings_are_refused_without_traceback(args, capsys):
    code, out = run(["serve", "--dry-run", *args], capsys)
    assert code == 2 and "error" in out.err and "Traceback" not in out.err


def test_serve_runs_the_app_under_gunicorn(data_env):
    """The real entry point: ``cam-atlas serve`` answers on loopback, then stops on SIGTERM."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = [
        sys.executable,
        "-m",
        "dashboard.cli",
        "serve",
        "--port",
        str(port),
        "--workers",
        "1",
    ]
    proc = subprocess.Popen(command, env=data_env, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, "cam-atlas serve exited"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    assert response.status == 200
                    assert response.headers["X-Frame-Options"] == "DENY"
                    break
            except OSError:
                assert time.monotonic() < deadline, "no answer from cam-atlas serve"
                time.sleep(0.2)
    finally:
        proc.send_signal(signal.SIGTERM)  # exec'd: this pid is the gunicorn master
        proc.wait(timeout=15)
