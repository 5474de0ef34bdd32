"""Stateless app processes: two gunicorn instances sharing one PostgreSQL and one Redis serve
the same datasets; a version published anywhere is on every instance's map at once (no stale
cached view survives it). The publish goes through the store here; through the browser's Import
page once that page exists."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import PLOTTING, _serve

from dashboard.bench import dashcall, payload
from dashboard.map.state import MapState
from indicators.store_sql import SqlDatasetStore

pytestmark = pytest.mark.services
HEADER = "country,region,indicator,year,value,source,source_url"
CITE = "NSC via Kaktus.media,https://m.kaktus.media/doc/9627_kyrgyzstanda_407_mindey_adam_oto_jakyr_jashayt.html"


def table(tmp_path: Path, value: str, name: str) -> Path:
    path = tmp_path / name
    path.write_text(
        f"{HEADER}\nKGZ,Баткен облусу,extreme_poverty_pct,2021,{value},{CITE}\n", encoding="utf-8"
    )
    return path


@pytest.fixture
def two_servers(data_env, database_url, redis_url) -> Iterator[list[str]]:
    env = {**data_env, "CAM_ATLAS_DATABASE_URL": database_url, "CAM_ATLAS_REDIS_URL": redis_url}
    servers = [_serve(env, workers=1), _serve(env, workers=1)]
    try:
        yield [next(server) for server in servers]
    finally:
        for server in servers:
            server.close()  # runs _serve's finally: SIGTERM to gunicorn, wait


def batken_value(base_url: str) -> str:
    """The formatted value the map callback of the server at ``base_url`` sends for Batken
    region ("None" without one; ``dashboard.map.compact``)."""
    client = dashcall.Client(base_url)
    try:
        caller = payload.MapCaller(client, payload.Scenario("t", "", "KGZ", 1, 2021, ("", "")))
        state = MapState(
            country="KGZ", level=1, indicator="extreme_poverty_pct", year=2021, dataset="officer"
        )
        values = {**state.to_query(), "level": 1, "lang": "en", "view": None}
        reply = client.call(dashcall.callback_body(caller.dep, values, "dataset"))
        assert reply.status == 200, reply.body[:300]
        store = caller.figure(reply)
        codes, data = store["areas"]["codes"], store["data"]
        valued = [code for code, k in zip(codes, data["classes"], strict=True) if k >= 0]
        return str(dict(zip(valued, data["values"], strict=True)).get("KG-B"))
    finally:
        client.close()


def test_a_version_published_once_is_on_every_instances_map(
    two_servers, database_url, redis_url, tmp_path
):
    import redis

    first, second = two_servers
    store = SqlDatasetStore(database_url)
    store.import_file("officer", table(tmp_path, "10.1", "v1.csv"), publisher="aigul")
    assert "10.1" in batken_value(second)
    assert "10.1" in batken_value(first)

    store.import_file("officer", table(tmp_path, "12.5", "v2.csv"), publisher="bakyt")
    assert "12.5" in batken_value(first) and "10.1" not in batken_value(first)
    assert "12.5" in batken_value(second) and "10.1" not in batken_value(second)
    assert [m.publisher for m in store.versions("officer")] == ["aigul", "bakyt"]
    # One shared view per version, computed by whichever instance was asked first.
    keys = redis.Redis.from_url(redis_url).keys("cam-atlas:view:map-view:*:officer:*")
    assert sorted(k.decode().split(":")[5][:2] for k in keys) == ["1-", "2-"]


# --- the Import page through the browser, on two instances -----------------------------------

PASSWORD = "correct horse battery"
UPLOAD_LIMIT = 1_000_000  # small, so that the over-limit file is quick to make


@pytest.fixture
def two_publishing_servers(data_env, database_url, redis_url) -> Iterator[list[str]]:
    """Two instances with publishing enabled (a secret and one user, aigul) and a 1 MB limit."""
    from werkzeug.security import generate_password_hash

    env = {
        **data_env,
        "CAM_ATLAS_DATABASE_URL": database_url,
        "CAM_ATLAS_REDIS_URL": redis_url,
        "CAM_ATLAS_SECRET_KEY": "k" * 48,
        "CAM_ATLAS_USERS": f"aigul:{generate_password_hash(PASSWORD)}",
        "CAM_ATLAS_MAX_UPLOAD_BYTES": str(UPLOAD_LIMIT),
    }
    servers = [_serve(env, workers=1), _serve(env, workers=1)]
    try:
        yield [next(server) for server in servers]
    finally:
        for server in servers:
            server.close()


def upload(page, path: Path) -> None:
    page.locator(".cam-import-zone input[type=file]").set_input_files(str(path))


def open_import(page, base: str, lang: str, hint: str) -> None:
    """Open the Import page and wait for its first answer, the publish ``hint`` (an upload
    starts the same callback again)."""
    from playwright.sync_api import expect

    page.goto(f"{base}/import?lang={lang}")
    expect(page.locator(import_part("publish-hint"))).to_have_text(hint)


def import_part(name: str) -> str:
    return f'[id*=\'"subcomponent":"{name}"\'][id*=\'"component":"ImportPage"\']'


@pytest.mark.browser
def test_refused_files_say_why_in_the_browser_and_nothing_is_stored(
    two_publishing_servers, database_url, make_page, tmp_path, artifacts
):
    from import_files import big_csv, row_errors_csv, write, zip_bomb
    from playwright.sync_api import expect

    first, _ = two_publishing_servers
    page = make_page()
    open_import(page, first, "en", "Upload a valid table first.")
    expect(page.locator(import_part("account"))).to_contain_text("Not signed in")

    upload(page, write(tmp_path, "bad.csv", row_errors_csv()))
    problems = page.locator(".cam-import-problems tbody tr")
    expect(problems).to_have_count(2)
    expect(problems.nth(0)).to_contain_text("Atlantis")
    expect(problems.nth(0).locator("td").nth(0)).to_have_text("2")
    expect(problems.nth(0).locator("td").nth(1)).to_have_text("region")
    expect(problems.nth(1)).to_contain_text("Percentage 140 is outside 0–100")
    expect(page.locator(import_part("publish"))).to_be_disabled()
    page.screenshot(path=str(artifacts / "import-problems-desktop.png"), full_page=True)

    upload(page, write(tmp_path, "bomb.xlsx", zip_bomb()))
    expect(page.locator(".cam-import-problems")).to_contain_text("zip bomb")
    expect(page.locator(".cam-import-refused")).to_contain_text("bomb.xlsx: 1 problem")

    upload(page, write(tmp_path, "huge.csv", big_csv(UPLOAD_LIMIT + 200_000)))
    expect(page.locator("#import-too-big")).to_contain_text("huge.csv is 1.2 MB; at most 1 MB")
    expect(page.locator(".cam-import-problems")).to_have_count(0)

    page.goto(first + "/import?lang=ru")
    upload(page, write(tmp_path, "плохой.csv", row_errors_csv()))
    expect(page.locator(".cam-import-problems")).to_contain_text("Как исправить")
    expect(page.locator(".cam-import-problems")).to_contain_text("области или района")
    expect(page.locator(".cam-import-problems")).to_contain_text("Неизвестный регион «Atlantis»")
    assert SqlDatasetStore(database_url).names() == []


@pytest.mark.browser
def test_a_table_published_in_the_browser_on_one_instance_is_on_the_others_map(
    two_publishing_servers, database_url, make_page, tmp_path, artifacts
):
    from import_files import big_csv, valid_csv, write
    from playwright.sync_api import expect
    from test_map_browser import control, open_map

    first, second = two_publishing_servers
    page = make_page()
    open_import(page, first, "en", "Upload a valid table first.")
    upload(page, write(tmp_path, "officer.csv", valid_csv("10.1")))
    expect(page.locator(import_part("valid"))).to_contain_text("officer.csv is valid (rows: 2")
    expect(
        page.locator(import_part("preview-map")).locator("path.choroplethlocation")
    ).not_to_have_count(0)
    expect(page.locator(".cam-import-preview tbody tr")).to_have_count(2)
    expect(page.locator(import_part("publish"))).to_be_disabled()
    expect(page.locator(import_part("publish-hint"))).to_contain_text("Sign in to publish")

    page.get_by_role("link", name="Sign in to publish").click()
    page.get_by_label("Name").fill("aigul")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("Wrong name or password.")
    # The refused sign-in answers 401, which Chromium logs: expected here, nothing else is.
    page.console_errors[:] = [e for e in page.console_errors if "status of 401" not in e]
    page.get_by_label("Name").fill("aigul")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(import_part("account"))).to_contain_text("Signed in as aigul")
    assert SqlDatasetStore(database_url).names() == []  # signing in stored nothing

    upload(page, write(tmp_path, "officer.csv", valid_csv("10.1")))
    expect(page.locator(import_part("valid"))).to_be_visible()
    page.locator(import_part("name")).fill("officer")
    expect(page.locator(import_part("publish"))).to_be_enabled()
    # A refused file replaces the checked one: nothing stays publishable behind the message.
    upload(page, write(tmp_path, "huge.csv", big_csv(UPLOAD_LIMIT + 200_000)))
    expect(page.locator("#import-too-big")).to_contain_text("at most 1 MB")
    expect(page.locator(import_part("publish"))).to_be_disabled()
    upload(page, write(tmp_path, "officer.csv", valid_csv("10.1")))
    expect(page.locator(import_part("publish"))).to_be_enabled()
    expect(page.locator("#import-too-big")).to_be_empty()
    page.screenshot(path=str(artifacts / "import-preview-desktop.png"), full_page=True)
    page.locator(import_part("publish")).click()
    expect(page.locator(import_part("published"))).to_contain_text(
        "Published officer, version 1 (2 rows) by aigul"
    )
    assert [m.publisher for m in SqlDatasetStore(database_url).versions("officer")] == ["aigul"]
    assert "10.1" in batken_value(second)

    other = make_page()
    open_map(
        other,
        second,
        "?country=KGZ&level=1&indicator=extreme_poverty_pct&year=2021&dataset=officer",
    )
    expect(control(other, "dataset")).to_have_value("officer")

    phone = make_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    open_import(phone, second, "ru", "Сначала загрузите корректную таблицу.")
    upload(phone, write(tmp_path, "officer.csv", valid_csv("10.1")))
    expect(phone.locator(import_part("valid"))).to_be_visible()
    polygons = phone.locator(import_part("preview-map")).locator("path.choroplethlocation")
    expect(polygons).not_to_have_count(0)
    expect(phone.locator(PLOTTING)).to_have_count(0)
    phone.screenshot(path=str(artifacts / "import-preview-phone.png"), full_page=True)
