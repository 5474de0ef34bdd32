"""Request limits and guards: hostile or malformed requests are refused before Dash parses them.

- Every request body is capped at ``max_request_bytes`` (Flask ``MAX_CONTENT_LENGTH``; 413).
  gunicorn caps the request line and headers (``dashboard.gunicorn_conf``).
- A callback body (``POST /_dash-update-component``) must be a JSON object naming a registered
  callback, with as many inputs and states as that callback declares, each an
  ``{"id", "property"}`` object (or a list of them for a pattern-matching ``ALL``), and at most
  ``max_callback_items`` such entries in all (outputs, inputs, states, changed ids). Dash's own
  handling is quadratic in the number of entries, so a bounded count keeps every request cheap.
  Each input and state value must have the JSON type its property carries
  (``dashboard.value_kinds``, derived from the app's callbacks and layouts): a dropdown's
  ``value`` sent as an object, ``n_clicks`` as a string, ``search`` as a list never reach a
  callback. Anything else answers 400 with one log line, never a traceback.
- ``/_dash-component-suites/`` paths that Dash did not register answer 404 (Dash raises 500).
- GET of a path that is no registered page answers the app's index with status 404 (the Dash
  pages router then draws the translated "not found" page, ``shell/not_found_404.py``).

Settings (environment, read at start-up): ``CAM_ATLAS_MAX_REQUEST_BYTES`` (default 1 MiB) and
``CAM_ATLAS_MAX_CALLBACK_ITEMS`` (default 500). docs/DEPLOY.md lists them.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import flask
from dash import Dash
from dash._pages import _path_to_page
from werkzeug.exceptions import HTTPException

from dashboard.value_kinds import Kind, callback_kinds, check_entry_values
from geodata.settings import positive_int_env

log = logging.getLogger("dashboard.limits")

DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024
DEFAULT_MAX_CALLBACK_ITEMS = 500
DISPATCH_ROUTE = "_dash-update-component"
SUITES_ROUTE = "_dash-component-suites/<string:package_name>/<path:fingerprinted_path>"
INDEX_ROUTES = ("", "<path:path>")


@dataclass(frozen=True)
class RequestLimits:
    """Bounds on one request: body bytes and callback entries (outputs + inputs + states)."""

    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES
    max_callback_items: int = DEFAULT_MAX_CALLBACK_ITEMS

    @classmethod
    def from_env(cls) -> RequestLimits:
        """Limits from ``CAM_ATLAS_MAX_REQUEST_BYTES`` and ``CAM_ATLAS_MAX_CALLBACK_ITEMS``."""
        return cls(
            positive_int_env("CAM_ATLAS_MAX_REQUEST_BYTES", DEFAULT_MAX_REQUEST_BYTES),
            positive_int_env("CAM_ATLAS_MAX_CALLBACK_ITEMS", DEFAULT_MAX_CALLBACK_ITEMS),
        )


class BadCallback(ValueError):
    """A callback body that is not what the registered callback expects (answered with 400)."""


def _is_dependency(item: object) -> bool:
    """True for ``{"id": str | dict, "property": str, ...}``, one Dash input/state/output."""
    return (
        isinstance(item, dict)
        and isinstance(item.get("id"), (str, dict))
        and isinstance(item.get("property"), str)
    )


def _count_entries(key: str, value: object, budget: int) -> int:
    """The number of dependencies in ``value`` (one item or a list of items and lists)."""
    groups = value if isinstance(value, list) else [value]
    count = 0
    for group in groups:
        members = group if isinstance(group, list) else [group]
        for member in members:
            if not _is_dependency(member):
                raise BadCallback(f"{key}: an entry is not an id/property object")
        count += len(members)
        if count > budget:
            raise BadCallback(f"more than {budget} entries")
    return count


KindTable = Mapping[str, Mapping[str, list[Kind]]]


def check_callback_body(
    body: object,
    callback_map: Mapping[str, Any],
    max_items: int,
    kinds: KindTable | None = None,
) -> None:
    """Raise :class:`BadCallback` unless ``body`` is a well-formed request for a registered
    callback with at most ``max_items`` entries whose values fit ``kinds`` (by output id, as
    ``value_kinds.callback_kinds`` gives them). Linear in the body size."""
    if not isinstance(body, dict):
        raise BadCallback("body is not a JSON object")
    output = body.get("output")
    if not isinstance(output, str) or output not in callback_map:
        raise BadCallback("unknown callback output")
    spec = callback_map[output]
    budget = max_items
    for key in ("inputs", "state"):
        items = body.get(key, [])
        if not isinstance(items, list):
            raise BadCallback(f"{key} is not a list")
        if len(items) != len(spec.get(key, [])):
            raise BadCallback(f"{key}: expected {len(spec.get(key, []))} entries")
        budget -= _count_entries(key, items, budget)
        wrong = check_entry_values(key, items, list((kinds or {}).get(output, {}).get(key, [])))
        if wrong:
            raise BadCallback(wrong)
    if "outputs" in body:
        budget -= _count_entries("outputs", body["outputs"], budget)
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        raise BadCallback("changedPropIds is not a list of strings")
    if len(changed) > budget:
        raise BadCallback(f"more than {max_items} entries")


def _refuse(status: int, reason: str) -> flask.Response:
    """A short plain-text refusal, logged as one line (no traceback)."""
    log.warning("refused %s %s: %s", flask.request.method, flask.request.path[:200], reason[:200])
    return flask.Response(f"{reason}\n", status=status, mimetype="text/plain")


def _wrap_view(server: flask.Flask, endpoint: str, wrapper: Callable[..., Any]) -> None:
    """Replace the view of ``endpoint`` with ``wrapper(original, *args, **kwargs)``."""
    original = server.view_functions[endpoint]
    server.view_functions[endpoint] = functools.wraps(original)(
        functools.partial(wrapper, original)
    )


class ValueKinds:
    """The app's callback value kinds, computed once (they need the registered callbacks,
    which Dash completes on its first request; ``run_first_request_setup`` computes them)."""

    EXTENSION = "cam_atlas_value_kinds"

    def __init__(self, app: Dash) -> None:
        self._app = app
        self._lock = threading.Lock()
        self._table: KindTable | None = None

    def table(self) -> KindTable:
        with self._lock:
            if self._table is None:
                self._table = callback_kinds(self._app)
            return self._table


def _guard_dispatch(app: Dash, limits: RequestLimits) -> Callable[..., Any]:
    kinds = ValueKinds(app)
    app.server.extensions[ValueKinds.EXTENSION] = kinds

    def guarded(view: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        # Every entry carries one "property" key: counting them in the raw bytes (C speed)
        # refuses a stuffed body before it costs a JSON parse; the exact check follows.
        raw = flask.request.get_data(cache=True)
        if raw.count(b'"property"') > 2 * limits.max_callback_items:
            return _refuse(
                400, f"bad callback request: more than {limits.max_callback_items} entries"
            )
        body = flask.request.get_json(silent=True)
        try:
            check_callback_body(body, app.callback_map, limits.max_callback_items, kinds.table())
        except BadCallback as err:
            return _refuse(400, f"bad callback request: {err}")
        try:
            return view(*args, **kwargs)
        except HTTPException:
            raise
        except (KeyError, IndexError, TypeError, ValueError, AttributeError) as err:
            # Dash's own parsing of an input it does not expect (the callback's own errors
            # are handled by ``on_error`` inside ``view``), e.g. a wrong wildcard id shape.
            # The log line keeps the message, so a bug of ours would still show.
            log.warning("callback request failed in Dash: %s: %s", type(err).__name__, err)
            return _refuse(400, "bad callback request")

    return guarded


def _guard_suites(view: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    from dash.exceptions import DependencyException

    try:
        return view(*args, **kwargs)
    except (DependencyException, KeyError, OSError):
        return _refuse(404, "not found")


def is_known_page(app: Dash, path: str) -> bool:
    """True when ``path`` (a request path) is a registered Dash page."""
    page, _ = _path_to_page(app.strip_relative_path(path) or "")
    return bool(page) and not page.get("module", "").endswith("not_found_404")


def _guard_index(app: Dash) -> Callable[..., Any]:
    def guarded(view: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        response = flask.make_response(view(*args, **kwargs))
        if response.status_code == 200 and not is_known_page(app, flask.request.path):
            response.status_code = 404
        return response

    return guarded


def install_request_limits(app: Dash, limits: RequestLimits | None = None) -> RequestLimits:
    """Install the body cap, the callback guard, the suites 404 and the page 404 on ``app``."""
    limits = limits or RequestLimits.from_env()
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = limits.max_request_bytes
    prefix = app.config.routes_pathname_prefix
    _wrap_view(server, prefix + DISPATCH_ROUTE, _guard_dispatch(app, limits))
    _wrap_view(server, prefix + SUITES_ROUTE, _guard_suites)
    for route in INDEX_ROUTES:
        _wrap_view(server, prefix + route, _guard_index(app))

    @server.errorhandler(413)
    def _too_large(_err: HTTPException) -> flask.Response:
        return _refuse(413, f"request body larger than {limits.max_request_bytes} bytes")

    return limits


def run_first_request_setup(app: Dash) -> None:
    """Run Dash's once-per-process setup now (with ``--preload``: in the master, before fork).

    Dash finishes setting up on the first request (callback map, pages router, the list of
    servable component-suite paths) behind a flag that is set before the work is done. With
    gthread workers two first requests run at once, and the second one found the suite paths not
    yet registered (a script answered 404 and the page failed). An index request made here, in
    one thread, does the setup before any worker serves anyone.
    """
    response = app.server.test_client().get(app.config.requests_pathname_prefix)
    if response.status_code != 200:
        raise RuntimeError(f"the app's first request failed with status {response.status_code}")
    kinds = app.server.extensions.get(ValueKinds.EXTENSION)
    if kinds is not None:
        kinds.table()  # the callbacks' value kinds, once, before the workers fork
