"""Callback requests whose values have the wrong JSON type (issue #13, item 9).

Every registered server-side callback is sent its own plausible request (built from the app's
layouts, ``callback_requests``) with one input or state value replaced by a value of another
JSON type. Each must answer 400 (refused at the boundary, ``dashboard.value_kinds``) or be
handled as invalid input (200), never write a traceback, and the site must keep answering.
"""

from __future__ import annotations

import json
import threading

import pytest
from callback_requests import callback_bodies, wrong_typed_bodies
from hostile import gunicorn_server, request, under_attack

from dashboard import value_kinds as vk

JSON = {"Content-Type": "application/json"}


@pytest.fixture(scope="module")
def app(data_env):
    from dashboard.app import app

    return app


def _entry(prop: str, value: object, cid: object = "x") -> dict[str, object]:
    return {"id": cid, "property": prop, "value": value}


@pytest.mark.parametrize(
    ("kind", "good", "bad"),
    [
        (vk.SCALAR, ["KGZ", 2, 1.5, True, None], [["KGZ"], {"a": 1}]),
        (vk.SCALARS, [["a", 1], [], None], ["a", [["a"]], [{"a": 1}]]),
        (vk.COUNT, [0, 3, None], ["1", -1, True, 1.5]),
        (vk.PATH, ["/", "/scores", None], ["x", ["/"], 1]),
        (vk.TEXTS, ["data:,", ["a", "b"], None], [1, [1], {"a": "b"}]),
        (vk.OBJECT, [{}, {"points": []}, None], ["x", [1]]),
    ],
)
def test_kinds_accept_their_json_type_only(kind, good, bad):
    for value in good:
        assert vk.check_entry_values("inputs", [_entry("p", value)], [kind]) is None, value
    for value in bad:
        assert vk.check_entry_values("inputs", [_entry("p", value)], [kind]), value


def test_an_id_state_must_be_the_entry_own_id():
    cid = {"type": "t", "ind": "a"}
    assert vk.check_entry_values("state", [[_entry("id", cid, cid)]], [vk.OWN_ID]) is None
    assert vk.check_entry_values("state", [[_entry("id", "x", cid)]], [vk.OWN_ID])


def test_kinds_come_from_the_components_in_the_layouts(app):
    kinds = app.server.extensions["cam_atlas_value_kinds"].table()
    spec = next(s for o, s in app.callback_map.items() if "nav-link" in o)
    assert spec["inputs"][0]["property"] == "search"
    by_output = {o: k for o, k in kinds.items() if "callback" in app.callback_map[o]}
    found = {
        (dep["id"], dep["property"]): kind
        for output, groups in by_output.items()
        for key in ("inputs", "state")
        for dep, kind in zip(app.callback_map[output][key], groups[key], strict=True)
    }
    region = next(k for (i, p), k in found.items() if "MapCard" in i and "control-region" in i)
    assert region is vk.SCALAR  # a single-choice select
    lang = next(k for (i, p), k in found.items() if "MapCard" in i and '"lang"' in i)
    assert lang is vk.TEXT  # a store that starts as a language code
    view = next(k for (i, p), k in found.items() if "MapCard" in i and '"view"' in i)
    assert view is vk.OBJECT  # declared by the map card (starts empty)
    assert found[("_pages_location", "pathname")] is vk.PATH


def test_plausible_requests_are_answered(app):
    """The requests the wrong values are put into are themselves accepted."""
    client = app.server.test_client()
    bodies = callback_bodies(app)
    assert len(bodies) > 20
    for output, body in bodies.items():
        status = client.post("/_dash-update-component", json=body).status_code
        assert status in (200, 204), output


def test_wrong_typed_values_are_refused_or_reported_never_a_traceback(app, data_env, tmp_path):
    wrong = list(wrong_typed_bodies(app, per_entry=1))
    outputs = {w.output for w in wrong}
    assert len(outputs) == len(callback_bodies(app))  # every server-side callback is tried
    queue = list(wrong)
    statuses: list[tuple[str, object]] = []
    lock = threading.Lock()

    def send_all(server) -> None:
        while True:
            with lock:
                if not queue:
                    return
                item = queue.pop()
            body = json.dumps(item.body).encode()
            status = request(server, "POST", "/_dash-update-component", body, headers=JSON)
            with lock:
                statuses.append((item.where, status))

    with gunicorn_server(data_env, tmp_path / "gunicorn.log") as server:
        under_attack(server, lambda: send_all(server), clients=2)
        log = server.log_text()
    unexpected = [(where, s) for where, s in statuses if s not in (200, 204, 400)]
    assert not unexpected
    assert len(statuses) == len(wrong)
    refused = sum(1 for _, s in statuses if s == 400)
    assert refused > len(wrong) // 2  # most wrong types stop at the boundary
    assert "Traceback" not in log
    assert "callback failed" not in log
    assert log.count("refused POST /_dash-update-component") == refused
