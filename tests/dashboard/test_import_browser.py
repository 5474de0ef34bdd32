"""The Import page on a server without CAM_ATLAS_SECRET_KEY: reachable from the navbar, says
that publishing is disabled and how to enable it, and still checks a file (problems and fixes in
Kazakh too)."""

from __future__ import annotations

import pytest
from import_files import row_errors_csv, valid_csv, write
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def part(name: str) -> str:
    return f'[id*=\'"subcomponent":"{name}"\'][id*=\'"component":"ImportPage"\']'


def test_without_a_secret_publishing_is_disabled_and_checking_works(page, live_server, tmp_path):
    page.goto(live_server + "/?lang=en")
    page.get_by_role("link", name="Import", exact=True).click()
    expect(page.locator("h1")).to_have_text("Import a table")
    expect(page.locator(part("account"))).to_contain_text("Publishing is disabled on this server")
    expect(page.locator(part("account"))).to_contain_text("CAM_ATLAS_SECRET_KEY")
    expect(page.locator(part("account"))).to_contain_text("cam-atlas users add")
    page.locator(".cam-import-zone input[type=file]").set_input_files(
        str(write(tmp_path, "officer.csv", valid_csv()))
    )
    expect(page.locator(part("valid"))).to_contain_text("officer.csv is valid")
    expect(page.locator(part("publish"))).to_be_disabled()
    expect(page.locator(part("publish-hint"))).to_contain_text("Publishing is disabled")


def test_problems_are_explained_in_kazakh_page_language(page, live_server, tmp_path):
    page.goto(live_server + "/import?lang=kk")
    expect(page.locator("h1")).to_have_text("Кестені импорттау")
    page.locator(".cam-import-zone input[type=file]").set_input_files(
        str(write(tmp_path, "bad.csv", row_errors_csv()))
    )
    expect(page.locator(".cam-import-problems thead")).to_contain_text("Қалай түзетуге болады")
    expect(page.locator(".cam-import-problems tbody tr")).to_have_count(2)
    first, second = (page.locator(".cam-import-problems tbody tr").nth(i) for i in (0, 1))
    expect(first).to_contain_text("Белгісіз өңір «Atlantis» (Қырғызстан)")
    expect(second).to_contain_text("140 пайызы 0–100 аралығынан тыс")
    # The command line's English text stays at hand (for a question to support).
    expect(second.locator("td").nth(2)).to_have_attribute(
        "title", "percentage 140 is outside 0-100"
    )
