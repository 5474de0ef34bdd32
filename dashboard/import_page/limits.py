"""Let the Import page's callbacks carry a file up to the upload limit, and nothing else.

``dashboard.limits`` caps every request body at ``CAM_ATLAS_MAX_REQUEST_BYTES`` (1 MiB). A
``dcc.Upload`` sends the file base64-encoded inside a callback body, so the callbacks that carry
an upload (their inputs or states include the upload's ``contents``) may send up to
:func:`dashboard.import_page.upload.max_callback_body_bytes` (20 MB file: about 26.7 MB).

The callback is recognised before the body is read: dash-renderer writes ``{"output":"..."``
first, so the first few kilobytes name it (:func:`upload_output`). Any other body keeps the
1 MiB cap, and an upload body larger than the upload limit is refused with 413 before it is read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import Any

import flask
from dash import Dash

from dashboard.import_page.upload import max_callback_body_bytes
from dashboard.limits import DISPATCH_ROUTE

PEEK_BYTES = 8192
UPLOAD_FLAG = "cam_atlas.upload_callback"
_OUTPUT = re.compile(rb'^\s*\{\s*"output"\s*:\s*"((?:[^"\\]|\\.){1,4000})"')


def upload_outputs(callback_map: dict[str, Any], component: str = "ImportPage") -> set[str]:
    """Output keys of the callbacks whose inputs or states include ``component``'s upload
    ``contents``."""
    found = set()
    for output, spec in callback_map.items():
        for dep in [*spec.get("inputs", []), *spec.get("state", [])]:
            ident = dep.get("id")
            text = ident if isinstance(ident, str) else json.dumps(ident)
            if dep.get("property") == "contents" and component in text and "upload" in text:
                found.add(output)
    return found


def upload_output(head: bytes) -> str | None:
    """The ``output`` a callback body starts with (None when it does not start with one)."""
    match = _OUTPUT.match(head)
    if not match:
        return None
    try:
        return str(json.loads(b'"' + match.group(1) + b'"'))
    except ValueError:
        return None


class _Replayed:
    """A WSGI input stream that gives back the peeked ``head`` before the rest."""

    def __init__(self, head: bytes, rest: Any) -> None:
        self._head, self._rest = head, rest

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            data, self._head = self._head + self._rest.read(), b""
            return data
        if self._head:
            data, self._head = self._head[:size], self._head[size:]
            return data
        return bytes(self._rest.read(size))

    def readline(self, size: int | None = -1) -> bytes:
        if self._head:
            return self.read(size if size and size > 0 else len(self._head))
        return bytes(self._rest.readline(size))

    def __iter__(self) -> Iterable[bytes]:
        while chunk := self.read(65536):
            yield chunk


def _callbacks(app: Dash) -> dict[str, Any]:
    """Every registered callback: the app's and those still waiting in Dash's global list."""
    from dash._callback import GLOBAL_CALLBACK_MAP

    return {**GLOBAL_CALLBACK_MAP, **app.callback_map}


def allow_upload_bodies(app: Dash, outputs: Callable[[], set[str]] | None = None) -> None:
    """Raise the body cap to the upload limit for the Import page's upload callbacks only."""
    server = app.server
    path = app.config.routes_pathname_prefix + DISPATCH_ROUTE
    limit = max_callback_body_bytes()
    allowed: set[str] | None = None
    wsgi_app = server.wsgi_app

    def middleware(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        nonlocal allowed
        if environ.get("REQUEST_METHOD") == "POST" and environ.get("PATH_INFO") == path:
            try:
                length = int(environ.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if 0 < length <= limit:
                stream = environ["wsgi.input"]
                head = stream.read(min(PEEK_BYTES, length))
                environ["wsgi.input"] = _Replayed(head, stream)
                if not allowed:  # callbacks join app.callback_map on the first request
                    allowed = outputs() if outputs else upload_outputs(_callbacks(app))
                if upload_output(head) in allowed:
                    environ[UPLOAD_FLAG] = True
        return wsgi_app(environ, start_response)

    server.wsgi_app = middleware

    @server.before_request
    def _raise_cap() -> None:
        if flask.request.environ.get(UPLOAD_FLAG):
            flask.request.max_content_length = limit
