"""Re-take the README screenshots: the app under gunicorn on loopback, Debian Chromium headless.

Usage (from the repository root, data prepared or a mirror configured)::

    .venv/bin/python docs/screenshots/capture.py

Writes the PNG files beside this script. Nothing here is a test; it only shows what users see.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from dashboard.bench.browser import CHROMIUM, CHROMIUM_FLAGS
from dashboard.bench.server import gunicorn

HERE = Path(__file__).resolve().parent
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
    ("scores-plane.png", "/scores?view=plane", DESKTOP, False),
    ("availability-desktop.png", "/availability", DESKTOP, False),
    ("data-desktop.png", "/data?indicator=extreme_poverty_pct&country=KGZ&level=1", DESKTOP, False),
    ("import-desktop.png", "/import", DESKTOP, False),
]
# What each view shows once drawn (a map or a grid; the Import page's file drop zone).
READY = "path.choroplethlocation, .ag-root, input[type=file]"


def main() -> int:
    with gunicorn("dashboard.app:server") as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for name, path, viewport, full in VIEWS:
            page = browser.new_page(viewport=viewport)
            page.goto(base + path)
            page.wait_for_selector(READY, state="attached", timeout=30_000)
            page.wait_for_timeout(2500)  # let late callbacks (panel, grid) finish drawing
            page.screenshot(path=str(HERE / name), full_page=full)
            page.close()
            print("wrote", HERE / name)
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
