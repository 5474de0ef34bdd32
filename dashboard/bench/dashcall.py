"""Call a Dash callback over HTTP the way the browser does (``POST /_dash-update-component``).

The request body is built from the app's own ``GET /_dash-dependencies`` entry, so the bench
follows the map page's callback signature instead of hard-coding it. Pattern-matching ids
(``{"aio_id": ["MATCH"], ...}``) are filled with a concrete ``aio_id``; every input or state is
looked up by its short name (the id's ``subcomponent`` without ``control-``, or the plain string
id), e.g. ``indicator``, ``year``, ``view``.

Responses are read with :mod:`http.client`, which never decompresses, so the body length is what
travelled on the wire (gzip-compressed when the request said ``Accept-Encoding: gzip``).
"""

from __future__ import annotations

import gzip
import http.client
import json
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from geodata.errors import UserFacingError

UPDATE_PATH = "_dash-update-component"
DEPENDENCIES_PATH = "_dash-dependencies"
WILDCARDS = (["MATCH"], ["ALL"], ["ALLSMALLER"])


class CallbackNotFoundError(UserFacingError):
    """No callback in ``/_dash-dependencies`` writes the requested output."""


@dataclass(frozen=True)
class Reply:
    """One HTTP exchange: status, body as received, decoded body, wall-clock milliseconds."""

    status: int
    wire: bytes
    body: bytes
    encoding: str
    ms: float

    def json(self) -> Any:
        """The decoded body as JSON."""
        return json.loads(self.body)


def split_output(output: str) -> list[tuple[str, str]]:
    """``(id, property)`` of each output in a dependency's ``output`` string.

    Several outputs are written ``..id1.prop1...id2.prop2..``; one output is ``id.prop``.
    """
    text = output[2:-2] if output.startswith("..") and output.endswith("..") else output
    parts = text.split("...") if text != output else [text]
    pairs = [part.rsplit(".", 1) for part in parts]
    return [(ident, prop) for ident, prop in pairs]


def concrete_id(raw_id: str, aio_id: str) -> str | dict:
    """A dependency id with its wildcards replaced by ``aio_id`` (plain ids unchanged)."""
    if not raw_id.startswith("{"):
        return raw_id
    parsed = json.loads(raw_id)
    return {k: (aio_id if v in WILDCARDS else v) for k, v in parsed.items()}


def short_name(component_id: str | dict) -> str:
    """``indicator`` for ``{"subcomponent": "control-indicator", ...}``; plain ids unchanged."""
    if isinstance(component_id, dict):
        name = str(component_id.get("subcomponent", component_id.get("type", "")))
        return name.removeprefix("control-")
    return component_id


def find_dependency(
    dependencies: list[dict], output_name: str, prop: str, component: str | None = None
) -> dict:
    """The dependency whose outputs include ``<output_name>.<prop>`` (by :func:`short_name`),
    limited to pattern ids of ``component`` (e.g. ``MapCard``) when given."""
    for dep in dependencies:
        for raw_id, raw_prop in split_output(dep["output"]):
            cid = concrete_id(raw_id, "x")
            owner = cid.get("component") if isinstance(cid, dict) else None
            if component is not None and owner != component:
                continue
            if raw_prop == prop and short_name(cid) == output_name:
                return dep
    where = f" of {component}" if component else ""
    raise CallbackNotFoundError(
        f"no callback writes {output_name}.{prop}{where} in /{DEPENDENCIES_PATH}"
    )


def _items(specs: list[dict], values: dict[str, Any], aio_id: str, kind: str) -> list[dict]:
    """Inputs or states with their values; a missing value is a programming error, reported."""
    items = []
    for spec in specs:
        cid = concrete_id(spec["id"], aio_id)
        name = short_name(cid)
        if name not in values:
            raise CallbackNotFoundError(f"the callback's {kind} {name!r} has no value in the bench")
        items.append({"id": cid, "property": spec["property"], "value": values[name]})
    return items


def prop_key(component_id: str | dict) -> str:
    """The id as Dash writes it in ``changedPropIds`` and responses (sorted compact JSON)."""
    if isinstance(component_id, dict):
        return json.dumps(component_id, sort_keys=True, separators=(",", ":"))
    return component_id


def callback_body(dep: dict, values: dict[str, Any], changed: str, aio_id: str = "main") -> dict:
    """The ``/_dash-update-component`` JSON body for ``dep`` with ``values`` by short name;
    ``changed`` names the input that triggered the call (as the browser reports it)."""
    outputs = [
        {"id": concrete_id(raw_id, aio_id), "property": prop}
        for raw_id, prop in split_output(dep["output"])
    ]
    inputs = _items(dep["inputs"], values, aio_id, "input")
    state = _items(dep.get("state", []), values, aio_id, "state")
    trigger = [i for i in inputs if short_name(i["id"]) == changed]
    return {
        "output": dep["output"],
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": inputs,
        "state": state,
        "changedPropIds": [f"{prop_key(i['id'])}.{i['property']}" for i in trigger],
    }


class Client:
    """A keep-alive HTTP/1.1 client for one server on 127.0.0.1 (reconnects when closed)."""

    def __init__(self, base_url: str, timeout_s: float = 120.0) -> None:
        parsed = urlparse(base_url)
        if parsed.hostname != "127.0.0.1":
            raise ValueError(f"the bench only talks to 127.0.0.1, not {parsed.hostname!r}")
        self.prefix = (parsed.path or "").rstrip("/") + "/"
        self.conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=timeout_s)

    def request(
        self, method: str, path: str, payload: bytes | None = None, compressed: bool = False
    ) -> Reply:
        """Send one request; ``compressed`` asks for gzip. Times until the body is read."""
        headers = {"Accept-Encoding": "gzip" if compressed else "identity"}
        if payload is not None:
            headers["Content-Type"] = "application/json"
        start = time.perf_counter()
        reused = self.conn.sock is not None
        try:
            self.conn.request(method, self.prefix + path, body=payload, headers=headers)
            response = self.conn.getresponse()
            wire = response.read()
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            self.conn.close()
            if not reused:
                raise
            # The server closed an idle keep-alive connection (gthread keepalive): retry once
            # on a fresh connection, as browsers do.
            start = time.perf_counter()
            try:
                self.conn.request(method, self.prefix + path, body=payload, headers=headers)
                response = self.conn.getresponse()
                wire = response.read()
            except (http.client.HTTPException, OSError):
                self.conn.close()
                raise
        except (http.client.HTTPException, OSError):
            self.conn.close()  # a fresh connection next time
            raise
        ms = (time.perf_counter() - start) * 1000.0
        encoding = response.getheader("Content-Encoding", "") or ""
        body = gzip.decompress(wire) if encoding == "gzip" else wire
        return Reply(response.status, wire, body, encoding, ms)

    def dependencies(self) -> list[dict]:
        """The app's callback graph (``GET /_dash-dependencies``)."""
        return self.request("GET", DEPENDENCIES_PATH).json()

    def call(self, body: dict, compressed: bool = False) -> Reply:
        """POST one callback body."""
        return self.request("POST", UPDATE_PATH, json.dumps(body).encode("utf-8"), compressed)

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()


def output_value(reply_json: dict, component_id: str | dict, prop: str) -> Any:
    """The value a callback response gives ``component_id.prop`` (KeyError when absent)."""
    return reply_json["response"][prop_key(component_id)][prop]
