"""End-to-end: an unknown path answers 404 with a translated page that links back to the map."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("lang", "title", "link"),
    [("en", "Page not found", "Go to the map"), ("ru", "Страница не найдена", "Перейти к карте")],
)
def test_unknown_path_shows_a_translated_not_found_page(page, live_server, lang, title, link):
    response = page.goto(f"{live_server}/no-such-page?lang={lang}")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text(title)
    home = page.get_by_role("link", name=link)
    expect(home).to_have_attribute("href", f"/?lang={lang}")
    # The document's own 404 status is the only console error the browser reports.
    assert all("404" in e for e in page.console_errors), page.console_errors
    page.console_errors.clear()
    home.click()
    # the map then writes its own state after lang (sooner now that it loads no grid bundle)
    expect(page).to_have_url(re.compile(rf"^{re.escape(live_server)}/\?lang={lang}(&|$)"))
    expect(page.locator("path.choroplethlocation").first).to_be_attached(timeout=30_000)
