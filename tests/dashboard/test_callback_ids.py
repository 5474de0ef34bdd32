"""Every id a callback reads or writes exists in a page layout, the shell, or a component a
callback renders (``suppress_callback_exceptions`` is on, so a typo would otherwise give a
callback that silently never fires)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import dash
import pytest
from dash.development.base_component import Component

from dashboard.bench.dashcall import split_output

WILDCARDS = ('["ALL"]', '["MATCH"]', '["ALLSMALLER"]')
# Page URLs whose layouts together show every component (a picked area shows the Region
# panel's profile; an indicator shows the availability detail).
PAGES = {
    "/": [{}, {"areas": "KG-O", "indicator": "extreme_poverty_pct"}],
    "/scores": [{}, {"level": "2", "dataset": "demo-synthetic"}],
    "/availability": [{}, {"indicator": "extreme_poverty_pct"}],
    "/data": [{}, {"indicator": "extreme_poverty_pct"}],
    "/about": [{}],
    "/import": [{}],
}


@pytest.fixture(scope="module")
def app(data_env):
    from dashboard.app import app

    return app


def _walk(node: object) -> Iterator[Component]:
    if isinstance(node, Component):
        yield node
        for name in node._prop_names:  # children and any other component-valued prop
            yield from _walk(getattr(node, name, None))
    elif isinstance(node, list | tuple):
        for item in node:
            yield from _walk(item)


def _layout_ids(app) -> tuple[set[str], list[dict]]:
    roots: list[object] = [app.layout() if callable(app.layout) else app.layout]
    registry = {p["path"]: p for p in dash.page_registry.values()}
    for path, queries in PAGES.items():
        roots += [registry[path]["layout"](**query) for query in queries]
    roots.append(_region_profile())
    roots.append(_import_preview())
    plain: set[str] = set()
    patterns: list[dict] = []
    for component in (c for root in roots for c in _walk(root)):
        cid = getattr(component, "id", None)
        if isinstance(cid, str):
            plain.add(cid)
        elif isinstance(cid, dict):
            patterns.append(cid)
    return plain, patterns


def _region_profile() -> object:
    """The Region panel's body for a district (its parent and district buttons come from a
    callback, not from the page layout)."""
    from dashboard.map import data
    from dashboard.region_panel.component import profile_body
    from dashboard.region_panel.profile import build_profile

    info = data.indicator_info("extreme_poverty_pct", "en")
    profile = build_profile(data.dataset(), "KG-O", info, None, 0, "en")
    assert profile is not None
    return profile_body("main", profile, "en")


def _import_preview() -> object:
    """The Import page's preview of a valid upload (rendered by its check callback)."""
    from import_files import data_url, valid_csv

    from dashboard.import_page import upload
    from dashboard.import_page.callbacks import preview_card

    return preview_card(upload.check(data_url(valid_csv()), "officer.csv"), "en")


def _dependency_ids(app) -> Iterator[tuple[str, str]]:
    client = app.server.test_client()
    for dep in client.get("/_dash-dependencies").get_json():
        for raw_id, prop in split_output(dep["output"]):
            yield raw_id, f"output {prop}"
        for item in dep["inputs"] + dep["state"]:
            yield item["id"], f"input/state {item['property']}"


def _matches(pattern: dict, found: dict) -> bool:
    if set(pattern) != set(found):
        return False
    for key, value in pattern.items():
        if json.dumps(value) in WILDCARDS:
            continue
        if found[key] != value:
            return False
    return True


def test_every_callback_id_exists_in_a_layout(app):
    plain, patterns = _layout_ids(app)
    missing = set()
    for raw_id, what in _dependency_ids(app):
        if not raw_id.startswith("{"):
            if raw_id not in plain:
                missing.add((raw_id, what))
            continue
        wanted = json.loads(raw_id)
        if not any(_matches(wanted, found) for found in patterns):
            missing.add((raw_id, what))
    assert not missing, sorted(missing)
