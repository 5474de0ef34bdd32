"""End-to-end: the Data page's "every observation" link downloads the whole dataset."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dashboard.components.downloads import dom_id
from dashboard.components.everything import EverythingDownload
from dashboard.data_page.callbacks import DOWNLOADS_ID, pid

pytestmark = pytest.mark.browser


def open_everything(page, base: str, query: str):
    """Open the Data page; the link once the grid (and so the downloads card) is there."""
    page.goto(f"{base}/data{query}")
    expect(page.locator(f"[id='{dom_id(pid('grid'))}'] .ag-root")).to_be_visible()
    return page.locator(f"[id='{dom_id(EverythingDownload.ids.link(DOWNLOADS_ID))}']")


def fetch(page, link) -> tuple[str, list[dict]]:
    """Click the link; the suggested file name and the CSV rows received."""
    with page.expect_download() as info:
        link.click()
    made = info.value
    content = Path(made.path()).read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")
    return made.suggested_filename, list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_every_observation_of_the_dataset_with_provenance(page, live_server):
    from indicators.dataset import load_dataset
    from indicators.export_all import COLUMNS, all_observations

    link = open_everything(page, live_server, "?country=KGZ&level=1&indicator=births_registered")
    expect(link).to_have_text("Every observation of this dataset (CSV)")
    name, rows = fetch(page, link)
    assert name == "cam-atlas_default_all-observations.csv"
    assert list(rows[0]) == list(COLUMNS)
    assert len(rows) == len(all_observations(load_dataset()))  # not cut to the filter
    assert {r["country"] for r in rows} == {"KAZ", "KGZ"}
    cited = [r for r in rows if r["source_id"]]
    assert cited and all(r["publisher"] and r["licence"] and r["tier"] for r in cited)


def test_the_synthetic_demo_is_marked(page, live_server):
    link = open_everything(page, live_server, "?dataset=demo-synthetic&country=KGZ&level=2")
    expect(link).to_contain_text("SYNTHETIC")
    name, rows = fetch(page, link)
    assert name.startswith("SYNTHETIC_") and rows
    assert {r["status"] for r in rows} == {"synthetic"}
