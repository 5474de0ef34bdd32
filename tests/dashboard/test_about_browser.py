"""End-to-end: the About / method / sources page under gunicorn in headless Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from dashboard.about.content import SECTIONS

pytestmark = pytest.mark.browser


def open_about(page, live_server: str, query: str = "") -> None:
    """Open the page and wait until its Markdown (an async component) is rendered (the page
    is static: no callback changes it afterwards)."""
    page.goto(f"{live_server}/about{query}")
    expect(page.locator("#limits .cam-markdown li").first).to_be_visible(timeout=30_000)
    expect(page.locator("#import .cam-markdown a").first).to_be_visible()


def test_every_section_is_there_with_its_anchor(page, live_server, artifacts):
    open_about(page, live_server)
    for name in SECTIONS:
        expect(page.locator(f"section#{name} > h2")).to_have_count(1)
        expect(page.locator(f"nav a[href='#{name}']")).to_have_count(1)
    expect(page.locator("h1")).to_have_text(re.compile(r"^About CAM Atlas"))
    page.screenshot(path=artifacts / "about-en.png")


def test_indicator_catalogue_and_the_comparability_warning(page, live_server):
    from indicators.catalogue import catalogue

    open_about(page, live_server)
    rows = page.locator("#indicators tbody tr")
    expect(rows).to_have_count(len(catalogue()))
    warning = page.locator("#indicators .alert-warning")
    for text in ("not comparable", "mics_prevalence", "admin_register"):
        expect(warning).to_contain_text(text)


def test_method_version_comes_from_the_code(page, live_server):
    from indicators.gapscore import METHOD_VERSION

    open_about(page, live_server)
    expect(page.locator("#method-version")).to_have_text(f"Method version {METHOD_VERSION}")
    page.locator("#method details summary").click()
    expect(page.locator("#method details h3").first).to_have_text("Gap score method")
    expect(page.locator("h1")).to_have_count(1)  # the embedded documents start at h3


def test_every_source_is_listed_with_licence_tier_and_link(page, live_server):
    from indicators.dataset import load_dataset

    sources = load_dataset().sources  # the registry + the SDG platforms' sources
    open_about(page, live_server)
    rows = page.locator("#sources tbody tr")
    expect(rows).to_have_count(len(sources))
    first = rows.first.locator("td")
    expect(first.nth(3)).not_to_be_empty()  # licence / terms
    expect(first.nth(4)).to_have_text("official statistics table")
    links = page.locator("#sources tbody a")
    expect(links).to_have_count(sum(1 for s in sources.values() if s.url.startswith("http")))
    expect(links.first).to_have_attribute("rel", "noopener")


def test_boundaries_credit_licences_and_disclaimer(page, live_server):
    open_about(page, live_server)
    boundaries = page.locator("#boundaries")
    for text in ("CC BY 4.0", "CC BY-IGO 3.0", "CC0", "do not imply any opinion or endorsement"):
        expect(boundaries).to_contain_text(text)
    page.locator("#boundaries details summary").click()
    expect(page.locator("#boundaries pre")).to_contain_text("Creative Commons Attribution 4.0")


def test_import_section_links_the_templates_and_names_the_commands(page, live_server):
    open_about(page, live_server)
    section = page.locator("#import")
    for template in ("cam_atlas_template.csv", "cam_atlas_template.xlsx"):
        link = section.locator(f"a[href='/assets/templates/{template}']")
        expect(link.first).to_be_attached()
    expect(section).to_contain_text("cam-atlas validate")
    expect(section).to_contain_text("cam-atlas import")
    response = page.request.get(live_server + "/assets/templates/cam_atlas_template.csv")
    assert response.ok and b"country,region,indicator,year,value" in response.body()


def test_footer_sources_link_leads_here(page, live_server):
    page.goto(f"{live_server}/?lang=ru")
    page.locator("#footer-sources a").click()  # waits until the link is there
    expect(page).to_have_url(re.compile(r"/about\?lang=ru#sources$"))
    expect(page.locator("h1")).to_have_text("О CAM Atlas: показатели, метод и источники")
    expect(page.locator("#limits > h2")).to_have_text("Ограничения данных")


def test_phone_layout(make_page, live_server, artifacts):
    phone = make_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    open_about(phone, live_server, "?lang=ky")
    expect(phone.locator("h1")).to_have_text(re.compile(r"^CAM Atlas жөнүндө"))
    phone.wait_for_function("() => document.documentElement.scrollWidth <= 390")
    phone.screenshot(path=artifacts / "about-phone-ky.png")


def test_data_limits_list_the_implausible_published_values(page, live_server):
    open_about(page, live_server, "?lang=ru")
    block = page.locator("#flagged-values")
    expect(block.locator("h3")).to_have_text(
        "Опубликованные значения, отмеченные как неправдоподобные"
    )
    first = block.locator("tbody tr").first
    expect(first).to_contain_text("Казахстан")
    expect(first.locator("td").nth(3)).to_have_text("861,0")
    expect(first).to_contain_text("ru/data/4-2-1.csv")
    expect(first).to_contain_text("строка 2")
    expect(first).to_contain_text("вне допустимого диапазона 0–100 %")
