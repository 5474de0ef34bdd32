"""End-to-end: the Data & downloads page under gunicorn in headless Chromium.

The ``page`` fixture (tests/conftest.py) also fails a test on any console error (CSP included)
or any request leaving 127.0.0.1.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from dashboard.components.downloads import dom_id
from dashboard.data_page.callbacks import control, pid

pytestmark = pytest.mark.browser
GRID_ROWS = ".ag-center-cols-container .ag-row"


def part(page, component_id: dict):
    return page.locator(f"[id='{dom_id(component_id)}']")


def open_data(page, live_server: str, query: str = "") -> None:
    """Open the Data page and wait until the grid is filled (it starts empty; one callback fills
    it with everything else that follows the filter)."""
    page.goto(f"{live_server}/data{query}")
    expect(page.locator(GRID_ROWS).first).to_be_attached()


def expect_in_url(page, key: str, value: str) -> None:
    expect(page).to_have_url(re.compile(rf"[?&]{key}={re.escape(value)}(&|$)"))


def grid_texts(page, column: str) -> list[str]:
    cells = page.locator(f"{GRID_ROWS} [col-id='{column}']")
    return [cells.nth(i).inner_text() for i in range(cells.count())]


def test_link_from_the_map_opens_the_same_selection(page, live_server, artifacts):
    open_data(
        page, live_server, "?country=KGZ&level=2&region=KG-O&indicator=population_total&lang=ru"
    )
    expect(part(page, control("region"))).to_have_value("KG-O")
    expect(part(page, control("indicator"))).to_have_value("population_total")
    areas = (
        grid_texts(page, "area")
        or page.locator(".ag-pinned-left-cols-container .ag-row").all_inner_texts()
    )
    values = grid_texts(page, "value")
    assert "Нет данных" in values  # Kara-Suu: the census polygon merges Osh city, left out
    assert not any(v.strip() == "0" for v in values)
    expect(page.locator("h1")).to_have_text("Данные и загрузки")
    expect(part(page, pid("summary"))).to_contain_text("нет данных")
    assert areas
    page.screenshot(path=artifacts / "data-osh-districts-ru.png", full_page=True)


def test_changing_the_filter_updates_table_and_url_and_survives_reload(page, live_server):
    open_data(page, live_server, "?country=KGZ&level=1")
    # births registered Jan-Jul 2020: one value per region (a short table: every row is drawn)
    part(page, control("indicator")).select_option("births_registered")
    # the grid draws only the rows in view (9 of them before too): wait for the new table
    expect(part(page, pid("summary"))).to_have_text("9 figures from 1 source.")
    expect(page.locator(GRID_ROWS)).to_have_count(9)
    expect_in_url(page, "indicator", "births_registered")
    part(page, control("year_from")).select_option("2020")
    expect_in_url(page, "year", "2020-")
    page.reload()
    expect(part(page, control("indicator"))).to_have_value("births_registered")
    expect(part(page, control("year_from"))).to_have_value("2020")
    expect(page.locator(GRID_ROWS)).to_have_count(9)


def test_every_figure_links_to_its_source(page, live_server):
    open_data(page, live_server, "?country=KGZ&level=1&indicator=births_registered")
    links = page.locator(f"{GRID_ROWS} [col-id='source'] a")
    expect(links).to_have_count(9)
    expect(links.first).to_have_attribute("href", re.compile(r"^https://"))
    expect(links.first).to_have_attribute("target", "_blank")
    values = grid_texts(page, "value")
    assert all(v and v[0].isdigit() for v in values)


def test_synthetic_demo_only_after_the_switch_then_a_banner(page, live_server, artifacts):
    open_data(page, live_server, "?country=KGZ&level=2")
    dataset = part(page, control("dataset"))
    expect(dataset.locator("option[value='demo-synthetic']")).to_have_count(0)
    expect(part(page, pid("banner"))).to_have_text("")
    page.locator(f"[id='{dom_id(control('show_synthetic'))}']").check()
    dataset.select_option("demo-synthetic")  # waits until the switch has added the option
    expect(part(page, pid("banner"))).to_contain_text("SYNTHETIC")
    note = {"component": "DownloadsAIO", "subcomponent": "note", "aio_id": "data-page"}
    expect(part(page, note)).to_contain_text("SYNTHETIC")
    expect_in_url(page, "dataset", "demo-synthetic")
    page.screenshot(path=artifacts / "data-synthetic-banner.png")


def test_a_shared_synthetic_link_shows_the_banner_at_once(page, live_server):
    open_data(page, live_server, "?dataset=demo-synthetic&country=KGZ&level=2")
    expect(part(page, pid("banner"))).to_contain_text("SYNTHETIC")
    expect(part(page, control("show_synthetic"))).to_be_checked()


def test_language_switch_keeps_the_filter(page, live_server):
    open_data(page, live_server, "?country=KGZ&level=1&indicator=births_registered&lang=en")
    page.locator("#lang-select").select_option("ru")
    expect(page.locator("h1")).to_have_text("Данные и загрузки")
    for key, value in (("lang", "ru"), ("indicator", "births_registered"), ("level", "1")):
        expect_in_url(page, key, value)
    expect(page.locator(GRID_ROWS)).to_have_count(9)


def test_map_link_carries_the_filter(page, live_server):
    open_data(page, live_server, "?country=KGZ&level=1&indicator=extreme_poverty_pct&region=KG-O")
    link = part(page, pid("links")).locator("a").first
    expect(link).to_have_attribute("href", re.compile(r"^/\?"))
    href = link.get_attribute("href")
    query = {k: v[0] for k, v in parse_qs(urlparse(href).query).items()}
    assert urlparse(href).path == "/"
    assert query == {
        "country": "KGZ",
        "level": "1",
        "indicator": "extreme_poverty_pct",
        "region": "KG-O",
        "lang": "en",
    }


def test_bad_link_values_are_explained_not_fatal(page, live_server):
    open_data(page, live_server, "?country=XX&indicator=nope_nope&level=1")
    # Each note names the key, the value given and what is shown instead.
    notes = page.locator(".cam-url-note")
    expect(notes.filter(has_text="country").filter(has_text="“XX”")).to_contain_text("showing")
    expect(notes.filter(has_text="nope_nope")).to_be_visible()
    expect(page.locator(GRID_ROWS)).not_to_have_count(0)


def test_phone_layout_has_no_horizontal_page_scroll(make_page, live_server, artifacts):
    phone = make_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    open_data(phone, live_server, "?country=KGZ&level=1&indicator=extreme_poverty_pct")
    phone.wait_for_function("() => document.documentElement.scrollWidth <= 390")
    phone.screenshot(path=artifacts / "data-phone.png", full_page=True)


def test_picking_areas_filters_table_chart_url_and_downloads(page, live_server):
    open_data(page, live_server, "?country=KGZ&level=2&indicator=population_total")
    part(page, control("areas")).click()
    page.keyboard.type("Alai")
    page.get_by_role("option", name="Alai, Osh Region", exact=True).click()
    page.keyboard.press("Escape")
    expect(page.locator(".ag-pinned-left-cols-container .ag-row")).to_have_count(2)  # 2009, 2022
    expect_in_url(page, "areas", "KG06207000000")
    expect(page.locator(f"[id='{dom_id(pid('chart'))}'] .bars .point")).to_have_count(1)
    with page.expect_download() as info:
        part(
            page,
            {
                "component": "DownloadsAIO",
                "subcomponent": "button",
                "format": "csv",
                "aio_id": "data-page",
            },
        ).click()
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    codes = {line.split(",")[2] for line in text.splitlines()[1:]}
    assert codes == {"KG06207000000"}
