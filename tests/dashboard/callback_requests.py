"""Callback requests built from the app itself, for tests that send every registered callback
inputs of the wrong JSON type.

:func:`layout_components` renders the shell and every page (default query) and indexes the
components that have an id; :func:`callback_bodies` builds, for each server-side callback, the
body dash-renderer would send on a page where the callback's components exist (values from the
layout); :func:`wrong_typed_bodies` then replaces one input or state value at a time with a value
of another JSON type than the property carries.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from dash import Dash
from dash.development.base_component import Component

from dashboard.value_kinds import layout_components


def _pattern(dep_id: str) -> dict[str, Any] | None:
    """The pattern of a stringified dict id (wildcards as ``["MATCH"]`` etc), None for a
    string id."""
    return json.loads(dep_id) if dep_id.startswith("{") else None


def _matches(pattern: dict[str, Any], cid: object) -> bool:
    if not isinstance(cid, dict) or set(cid) != set(pattern):
        return False
    return all(isinstance(v, list) or cid[k] == v for k, v in pattern.items())


def _match_key(pattern: dict[str, Any]) -> str | None:
    return next((k for k, v in pattern.items() if v == ["MATCH"]), None)


@dataclass
class Resolver:
    """Concrete ids and layout values for a callback's dependencies (one MATCH value)."""

    components: list[Component]
    match: object = None

    def entry(self, dep: dict[str, str]) -> dict[str, Any] | list[dict[str, Any]]:
        """The request entry for one dependency: one ``{id, property, value}`` or a list."""
        prop = dep["property"]
        pattern = _pattern(dep["id"])
        if pattern is None:
            found = [c for c in self.components if c.id == dep["id"]]
            value = getattr(found[0], prop, None) if found else None
            return {"id": dep["id"], "property": prop, "value": value}
        key = _match_key(pattern)
        hits = [c for c in self.components if _matches(pattern, c.id)]
        if key is not None:
            if self.match is None and hits:
                self.match = hits[0].id[key]
            hits = [c for c in hits if c.id[key] == self.match]
        if key is not None or not any(v in (["ALL"], ["ALLSMALLER"]) for v in pattern.values()):
            cid = hits[0].id if hits else pattern
            if not hits and key is not None:
                cid = {**pattern, key: self.match or "main"}
            value = getattr(hits[0], prop, None) if hits else None
            return {"id": cid, "property": prop, "value": value}
        return [{"id": c.id, "property": prop, "value": getattr(c, prop, None)} for c in hits]


def _outputs(spec: dict[str, Any], resolver: Resolver) -> Any:
    outputs = []
    for out in spec["output"] if isinstance(spec["output"], list) else [spec["output"]]:
        entry = resolver.entry({"id": out.component_id_str(), "property": out.component_property})
        if isinstance(entry, dict):
            entry.pop("value")
        else:
            entry = [{k: v for k, v in e.items() if k != "value"} for e in entry]
        outputs.append(entry)
    return outputs if isinstance(spec["output"], list) else outputs[0]


def _prop_id(entry: dict[str, Any]) -> str:
    cid = entry["id"]
    text = json.dumps(cid, sort_keys=True, separators=(",", ":")) if isinstance(cid, dict) else cid
    return f"{text}.{entry['property']}"


def callback_bodies(app: Dash) -> dict[str, dict[str, Any]]:
    """A plausible request body for each server-side callback, by its output id."""
    components = layout_components(app)
    bodies = {}
    for output, spec in app.callback_map.items():
        if "callback" not in spec:  # clientside: never sent to the server
            continue
        resolver = Resolver(components)
        # Inputs first: they choose the MATCH value the outputs and states then follow.
        inputs = [resolver.entry(d) for d in spec["inputs"]]
        state = [resolver.entry(d) for d in spec["state"]]
        first = next((e for e in inputs if isinstance(e, dict)), None)
        bodies[output] = {
            "output": output,
            "outputs": _outputs(spec, resolver),
            "inputs": inputs,
            "state": state,
            "changedPropIds": [_prop_id(first)] if first else [],
        }
    return bodies


def wrong_values(value: object) -> list[object]:
    """Values of other JSON types than ``value`` (what a hostile client may send)."""
    if isinstance(value, bool) or value is None:
        return [{"points": [{"wrong": 1}], "wrong": 1}, ["x", ["y"]], "x"]
    if isinstance(value, (int, float)):
        return [str(value), [value], {"wrong": value}]
    if isinstance(value, str):
        return [[value, value], {"wrong": value}, 7]
    if isinstance(value, list):
        return ["x", {"wrong": 1}, [{"wrong": 1}]]
    inner = {key: {"wrong": [None]} for key in value} if isinstance(value, dict) else {}
    return ["x", [1, 2], {**inner, "points": "x", "wrong": [None]}]


@dataclass(frozen=True)
class WrongRequest:
    """One request with one wrong-typed value: which callback, which entry, the body."""

    output: str
    where: str
    body: dict[str, Any]


def wrong_typed_bodies(app: Dash, per_entry: int = 3) -> Iterator[WrongRequest]:
    """For each callback, each input and state entry and up to ``per_entry`` wrong values."""
    for output, body in callback_bodies(app).items():
        for key in ("inputs", "state"):
            for index, entry in enumerate(body[key]):
                members = entry if isinstance(entry, list) else [entry]
                for member_index, member in enumerate(members):
                    for wrong in wrong_values(member["value"])[:per_entry]:
                        mutated = copy.deepcopy(body)
                        target = mutated[key][index]
                        target = target[member_index] if isinstance(target, list) else target
                        target["value"] = wrong
                        mutated["changedPropIds"] = [_prop_id(target)]
                        where = f"{key}[{index}] {_prop_id(target)} = {json.dumps(wrong)}"
                        yield WrongRequest(output, where, mutated)
