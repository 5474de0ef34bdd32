"""The JSON type each callback input and state may carry, derived from the app itself.

dash-renderer sends a component property's value as it is in the browser; a hostile client can
send any JSON instead (an object for a dropdown's ``value``, a string for ``n_clicks``, a list
for ``search``), which would reach the callback and fail inside it. :func:`callback_kinds` looks
at every registered callback's inputs and states once, at start-up, and gives each position a
:class:`Kind`:

- the property's kind (``PROPERTY_KINDS``: ``n_clicks`` a count, ``search`` a string, ``data``
  any JSON, ...);
- for ``value``, refined by the component that carries it in the layouts (the shell and every
  page's default layout): a single-choice dropdown, radio or select sends one scalar, a
  multi-choice dropdown or checklist a list of scalars, a checkbox a boolean. Components added
  later by callbacks keep the property's kind (scalar or list of scalars);
- for a store's ``data``, the kind its module declares (:func:`declare_data`, for stores that
  start empty), else the JSON type of its data in the layout (a store keeps one shape: the page
  language is a string, a carried selection an object); an undeclared empty store may hold
  anything, and its callbacks check what they read;
- ``id`` (a pattern-matching ``State(..., "id")``) must be the entry's own id.

``check_entry_values`` then refuses a request whose value does not fit (``limits`` answers 400).
Values of the right JSON type but not allowed (an unknown indicator, a year out of range) are the
state parsers' business: they fall back with a note, as for a URL.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import Dash, dcc
from dash.development.base_component import Component

WILDCARDS = (["MATCH"], ["ALL"], ["ALLSMALLER"])


@dataclass(frozen=True)
class Kind:
    """A named test of one JSON value (None, the property unset, always fits)."""

    name: str
    fits: Callable[[Any], bool]

    def __or__(self, other: Kind) -> Kind:
        if self == other:
            return self
        return Kind(f"{self.name} or {other.name}", lambda v: self.fits(v) or other.fits(v))


def _scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float, bool))


ANY = Kind("any JSON", lambda v: True)
SCALAR = Kind("a string, number or boolean", lambda v: v is None or _scalar(v))
SCALARS = Kind(
    "a list of strings or numbers",
    lambda v: v is None or (isinstance(v, list) and all(_scalar(x) for x in v)),
)
NUMBER = Kind(
    "a number",
    lambda v: v is None or (isinstance(v, (int, float)) and not isinstance(v, bool)),
)
COUNT = Kind(
    "a click count",
    lambda v: v is None or (isinstance(v, int) and not isinstance(v, bool) and v >= 0),
)
TEXT = Kind("a string", lambda v: v is None or isinstance(v, str))
PATH = Kind("a path", lambda v: v is None or (isinstance(v, str) and v.startswith("/")))
LIST = Kind("a list", lambda v: v is None or isinstance(v, list))
TEXTS = Kind(
    "a string or a list of strings",
    lambda v: (
        v is None
        or isinstance(v, str)
        or (isinstance(v, list) and all(isinstance(x, str) for x in v))
    ),
)
FLAG = Kind("a boolean", lambda v: v is None or isinstance(v, bool))
OBJECT = Kind("an object", lambda v: v is None or isinstance(v, dict))
OBJECTS = Kind(
    "a list of objects",
    lambda v: v is None or (isinstance(v, list) and all(isinstance(x, dict) for x in v)),
)
OWN_ID = Kind("the component's own id", lambda v: True)  # compared with the entry's id

PROPERTY_KINDS: dict[str, Kind] = {
    "value": SCALAR | SCALARS,
    "n_clicks": COUNT,
    "pathname": PATH,
    "search": TEXT,
    "href": TEXT,
    "hash": TEXT,
    "active_tab": TEXT,
    "className": TEXT,
    "is_open": FLAG,
    "disabled": FLAG,
    "clickData": OBJECT,
    "hoverData": OBJECT,
    "selectedData": OBJECT,
    "relayoutData": OBJECT,
    "figure": OBJECT,
    "cellClicked": OBJECT,
    "rowData": OBJECTS,
    "contents": TEXTS,
    "filename": TEXTS,
    "id": OWN_ID,
    "data": ANY,
}


_DECLARED: list[tuple[object, Kind]] = []


def declare_data(store_id: object, kind: Kind) -> None:
    """Declare what the stores with ``store_id`` (an id, or a pattern with ``MATCH``) hold,
    for a store that starts empty (``data=None``) and is read by server callbacks."""
    _DECLARED.append((json.loads(json.dumps(store_id, default=_wildcard)), kind))


def _wildcard(value: object) -> object:
    """A Dash wildcard (``MATCH``) as it is in a callback's dependency: ``["MATCH"]``."""
    return json.loads(value.to_json()) if hasattr(value, "to_json") else str(value)


def data_kind(component: Component) -> Kind:
    """What a store sends as its ``data``: the declared kind, else the JSON type it starts
    with (any when it starts empty)."""
    for pattern, kind in _DECLARED:
        if _matches(pattern, getattr(component, "id", None)):
            return kind
    data = getattr(component, "data", None)
    if isinstance(data, str):
        return TEXT
    if isinstance(data, dict):
        return OBJECT
    if isinstance(data, (list, tuple)):
        return LIST
    return ANY


def value_kind(component: Component) -> Kind:
    """What ``component`` sends as its ``value``."""
    if isinstance(component, dcc.Dropdown):
        return SCALARS if getattr(component, "multi", False) else SCALAR
    if isinstance(component, (dcc.Checklist, dbc.Checklist)):
        return SCALARS
    if isinstance(component, (dbc.Checkbox, dbc.Switch)):
        return FLAG
    if isinstance(component, dcc.Slider):
        return NUMBER
    if isinstance(component, (dbc.RadioItems, dbc.Select, dbc.Input, dcc.RadioItems)):
        return SCALAR
    return PROPERTY_KINDS["value"]


def layout_components(app: Dash) -> list[Component]:
    """Components with an id in the shell and in each registered page's default layout."""
    # In a request of its own: the app layout depends on the request (shell/first_page.py),
    # and the kinds must not depend on which page the first callback request came from.
    with app.server.test_request_context(app.config.requests_pathname_prefix):
        roots: list[Any] = [app.layout() if callable(app.layout) else app.layout]
        for page in dash.page_registry.values():
            layout = page["layout"]
            roots.append(layout() if callable(layout) else layout)
    found = []
    for root in roots:
        if isinstance(root, Component):
            for component in [root, *root._traverse()]:
                if isinstance(component, Component) and getattr(component, "id", None):
                    found.append(component)
    return found


def _matches(pattern: object, cid: object) -> bool:
    """True when the layout id ``cid`` fits the dependency's id (string or wildcard dict)."""
    if not isinstance(pattern, dict):
        return pattern == cid
    if not isinstance(cid, dict) or set(cid) != set(pattern):
        return False
    return all(v in WILDCARDS or cid[k] == v for k, v in pattern.items())


def dependency_kind(dep: Mapping[str, str], components: Iterable[Component]) -> Kind:
    """The kind for one ``{"id", "property"}`` dependency of a registered callback."""
    prop = dep["property"]
    kind = PROPERTY_KINDS.get(prop, ANY)
    refine = {"value": value_kind, "data": data_kind}.get(prop)
    if refine is None:
        return kind
    raw = dep["id"]
    pattern = json.loads(raw) if raw.startswith("{") else raw
    found = [refine(c) for c in components if _matches(pattern, getattr(c, "id", None))]
    if not found:
        return kind
    combined = found[0]
    for other in found[1:]:
        combined = combined | other
    return combined


def callback_kinds(app: Dash) -> dict[str, dict[str, list[Kind]]]:
    """For each registered callback (by output id), the kinds of its inputs and states in
    order."""
    components = layout_components(app)
    return {
        output: {
            key: [dependency_kind(dep, components) for dep in spec.get(key, [])]
            for key in ("inputs", "state")
        }
        for output, spec in app.callback_map.items()
    }


def check_entry_values(key: str, entries: list[Any], kinds: list[Kind]) -> str | None:
    """Why one of ``entries`` (a body's ``inputs`` or ``state``) does not fit its kind, or
    None. Entries are ``{"id", "property", "value"}`` objects or lists of them."""
    for index, (entry, kind) in enumerate(zip(entries, kinds, strict=False)):
        for member in entry if isinstance(entry, list) else [entry]:
            value = member.get("value")
            if kind is OWN_ID:
                if value is not None and value != member.get("id"):
                    return f"{key}[{index}]: id is not the component's id"
            elif not kind.fits(value):
                return f"{key}[{index}] {member.get('property')}: expected {kind.name}"
    return None
