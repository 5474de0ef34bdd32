"""Re-take the README screenshots: the app under gunicorn on loopback, Debian Chromium headless.

Usage (from the repository root, data prepared or a mirror configured)::

    .venv/bin/python docs/screenshots/capture.py

Writes the PNG files beside this script. Nothing here is a test; it only shows what users see.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# (file name, path and query, viewport, full page?)
VIEWS = [
    (
        "map-desktop.png",
        "/?country=KGZ&level=1&indicator=left_behind_any_parent_pct&year=2018",
        DESKTOP,
        False,
    ),
    (
        "map-region-panel.png",
        "/?country=KAZ&level=1&indicator=population_total&year=2023&area=KZ-19",
        DESKTOP,
        True,
    ),
    (
        "map-phone-ru.png",
        "/?lang=ru&country=KGZ&level=1&indicator=extreme_poverty_pct&year=2021",
        PHONE,
        False,
    ),
    ("scores-desktop.png", "/scores", DESKTOP, True),
    ("availability-desktop.png", "/availability", DESKTOP, False),
    ("data-desktop.png", "/data?indicator=extreme_poverty_pct&country=KGZ&level=1", DESKTOP, False),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-w",
            "2",
            "--preload",
            "--no-control-socket",
            "-b",
            f"127.0.0.1:{port}",
            "dashboard.app:server",
        ],
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            for name, path, viewport, full in VIEWS:
                page = browser.new_page(viewport=viewport)
                page.goto(base + path)
                page.wait_for_selector("path.choroplethlocation, .ag-root", timeout=30_000)
                page.wait_for_timeout(2500)  # let late callbacks (panel, grid) finish drawing
                page.screenshot(path=str(HERE / name), full_page=full)
                page.close()
                print("wrote", HERE / name)
            browser.close()
    finally:
        server.terminate()
        server.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
