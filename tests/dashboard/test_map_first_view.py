"""The map page's layout carries its first view (``map.callbacks.first_view``), so the browser
draws the first map without calling ``render_map``; a failure there shows the friendly error in
the card and leaves the page working."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from dashboard.components.map_card import CONTROLS, MapCard
from geodata.errors import UserFacingError


@pytest.fixture(scope="module")
def app(data_env):
    from dashboard.app import app

    return app


def components(node: object) -> Iterator[object]:
    """Every component under ``node`` (depth first)."""
    yield node
    children = getattr(node, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None and hasattr(child, "to_plotly_json"):
            yield from components(child)


def by_id(root: object, cid: dict) -> object:
    return next(c for c in components(root) if getattr(c, "id", None) == cid)


def layout(app, **query: str) -> object:
    from dashboard.map import page

    with app.server.test_request_context("/"):
        return page.layout(**query)


def test_the_layout_holds_what_render_map_would_answer_for_its_controls(app):
    from dashboard.map.callbacks import map_outputs, state_from_controls

    root = layout(app, country="both", level="2", year="abc")
    values = {n: by_id(root, MapCard.ids.control("main", n)).value for n in CONTROLS}
    with app.server.test_request_context("/"):
        expected = map_outputs(state_from_controls(values, "en"), None)
    assert by_id(root, MapCard.ids.figure_data("main")).data == expected["figure_data"]
    assert expected["figure_data"]["figure"] and expected["figure_data"]["data"]
    assert by_id(root, MapCard.ids.title("main")).children == expected["title"]
    assert by_id(root, MapCard.ids.note("main")).children == expected["note"]
    assert by_id(root, MapCard.ids.summary("main")).children == expected["summary"]
    region = by_id(root, MapCard.ids.figure_region("main")).to_plotly_json()["props"]
    assert region["aria-label"] == expected["label"]
    assert by_id(root, MapCard.ids.status("main")).children is None


@pytest.mark.parametrize(
    ("error", "shown"),
    [
        (UserFacingError("The boundary layer is missing."), "The boundary layer is missing."),
        (RuntimeError("internal detail"), None),
    ],
)
def test_a_failing_first_view_shows_the_friendly_error_in_the_card(app, monkeypatch, error, shown):
    from dashboard.i18n import t
    from dashboard.map import data

    def broken(state):
        raise error

    monkeypatch.setattr(data, "map_view", broken)
    root = layout(app)
    alert = str(by_id(root, MapCard.ids.status("main")).to_plotly_json())
    assert (shown or t("common.error.generic", "en")) in alert
    assert "internal detail" not in alert
    assert by_id(root, MapCard.ids.figure_data("main")).data is None
    assert by_id(root, MapCard.ids.control("main", "indicator")).value  # the controls still work
