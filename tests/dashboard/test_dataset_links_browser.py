"""End-to-end: a synthetic and an imported dataset travel with every link, Data -> Map ->
Scores -> Map -> Data, always written as ``dataset=<name>`` (never the old ``demo=1``)."""

from __future__ import annotations

import re

import pytest
from conftest import graphs_resized_js
from playwright.sync_api import expect
from test_map_browser import MAP_DONE_JS

from dashboard.components.map_card import MapCard, dom_id
from dashboard.data_page.callbacks import control as data_control
from dashboard.data_page.callbacks import pid as data_pid
from dashboard.scores.callbacks import control as scores_control
from dashboard.scores.callbacks import pid as scores_pid
from dashboard.shell.layout import nav_link_id

pytestmark = pytest.mark.browser


def by_id(page, component_id: dict):
    return page.locator(f"[id='{dom_id(component_id)}']")


def nav(page, module: str):
    return by_id(page, nav_link_id(module))


# Leave a page only once its charts are drawn: Plotly errors on a chart removed half-drawn.
def expect_data_chart_drawn(page) -> None:
    # bars, or the message saying why there are none (e.g. several indicators)
    drawn = by_id(page, data_pid("chart")).locator(".bars .point, .annotation-text")
    expect(drawn.first).to_be_attached()
    page.wait_for_function(graphs_resized_js(data_pid("chart")))


def expect_scores_map_drawn(page) -> None:
    expect(page.locator(".cam-map path.choroplethlocation").first).to_be_attached()
    page.wait_for_function(graphs_resized_js(scores_pid("graph")))


def expect_dataset_in_url(page, name: str) -> None:
    expect(page).to_have_url(re.compile(rf"[?&]dataset={re.escape(name)}(&|$)"))
    assert "demo=" not in page.url


@pytest.mark.parametrize(
    ("name", "indicator"),
    [("demo-synthetic", "extreme_poverty_pct"), ("officer-survey", "preschool_coverage_pct")],
)
def test_dataset_follows_links_from_data_to_map_to_scores_and_back(
    page, imported_server, name, indicator
):
    page.goto(f"{imported_server}/data?dataset={name}&country=KGZ&level=2&indicator={indicator}")
    expect(by_id(page, data_control("dataset"))).to_have_value(name)
    expect_data_chart_drawn(page)

    page.get_by_role("link", name="Show this selection on the map").click()
    expect(page).to_have_url(re.compile(r"/\?"))
    expect_dataset_in_url(page, name)
    expect(by_id(page, MapCard.ids.control("main", "dataset"))).to_have_value(name)
    expect(by_id(page, MapCard.ids.control("main", "indicator"))).to_have_value(indicator)

    scores_link = nav(page, "dashboard.scores.page")
    expect(scores_link).to_have_attribute("href", re.compile(rf"dataset={name}"))
    page.wait_for_function(MAP_DONE_JS)
    scores_link.click()
    expect(page).to_have_url(re.compile(r"/scores\?"))
    expect_dataset_in_url(page, name)
    expect(by_id(page, scores_control("dataset"))).to_have_value(name)

    map_link = page.get_by_role("link", name="Open the map with these filters")
    expect(map_link).to_have_attribute("href", re.compile(rf"dataset={name}"))
    expect_scores_map_drawn(page)
    map_link.click()
    expect(by_id(page, MapCard.ids.control("main", "dataset"))).to_have_value(name)
    expect_dataset_in_url(page, name)

    data_link = nav(page, "dashboard.data_page.page")
    expect(data_link).to_have_attribute("href", re.compile(rf"dataset={name}"))
    page.wait_for_function(MAP_DONE_JS)
    data_link.click()
    expect(page).to_have_url(re.compile(r"/data\?"))
    expect(by_id(page, data_control("dataset"))).to_have_value(name)
    expect_dataset_in_url(page, name)
    expect_data_chart_drawn(page)
