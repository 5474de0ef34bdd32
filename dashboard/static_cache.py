"""Long caching for fingerprinted files, and each of their compressed bodies made once.

Dash links every file of ``assets/`` as ``/assets/<file>?m=<modification time>``, so the URL
changes whenever the file does. Flask serves them with ``no-cache`` and an ETag, and with gzip
from Flask-Compress the revalidation misses, so a repeat visit downloaded the 485 KB plotly.js
bundle again. Fingerprinted asset URLs are cached for a year instead, as Dash does for
``/_dash-component-suites/``; an asset requested without ``m`` keeps Flask's revalidation.

Flask-Compress compresses every response anew: about 100 ms of server CPU per first visit
(41 ms for the plotly.js bundle at zstd level 9), which the first map waits for on a small
machine (docs/PERFORMANCE.md). A response that may be cached (not privately) for a day or more has a
fingerprinted URL (assets, Dash's component suites, ``/geo/`` layers), so its compressed body
is the same for every request of that URL: :class:`CompressedBodies` keeps it per URL and
encoding (Flask-Compress's ``COMPRESS_CACHE_BACKEND``), bounded in bytes.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from flask import Flask, Response, g, request

CACHE_FOREVER = "public, max-age=31536000, immutable"
LONG_LIVED_S = 86_400  # public max-age from which a URL is taken to be fingerprinted
CACHE_BYTES = 64 * 2**20  # compressed bodies kept per worker process
_KEY_ATTR = "cam_compressed_url"


def install_asset_caching(server: Flask, assets_prefix: str = "/assets/") -> None:
    """Mark successful responses for ``<assets_prefix>...?m=...`` as cacheable for a year."""

    @server.after_request
    def _cache_fingerprinted(response: Response) -> Response:
        if (
            response.status_code == 200
            and request.path.startswith(assets_prefix)
            and request.args.get("m")
        ):
            response.headers["Cache-Control"] = CACHE_FOREVER
        return response


class CompressedBodies:
    """Compressed bodies by Flask-Compress's key ``"<encoding>;<url>"``, least recently used
    dropped first; a key with an empty URL (a response that is not long-lived) is never kept."""

    def __init__(self, max_bytes: int = CACHE_BYTES) -> None:
        self.max_bytes = max_bytes
        self._bodies: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()  # gthread workers serve requests concurrently

    def get(self, key: str) -> bytes | None:
        """The stored body for ``key``, or None."""
        if key.endswith(";"):
            return None
        with self._lock:
            body = self._bodies.get(key)
            if body is not None:
                self._bodies.move_to_end(key)
            return body

    def set(self, key: str, value: bytes) -> None:
        """Keep ``value`` for ``key`` (Flask-Compress calls this on hits too)."""
        if key.endswith(";") or len(value) > self.max_bytes // 4:
            return
        with self._lock:
            old = self._bodies.pop(key, None)
            self._size += len(value) - (len(old) if old is not None else 0)
            self._bodies[key] = value
            while self._size > self.max_bytes:
                _, dropped = self._bodies.popitem(last=False)
                self._size -= len(dropped)


def compressed_body_key(_request: object) -> str:
    """Flask-Compress's cache key: the URL marked by :func:`install_compressed_once`, or ""."""
    return str(g.get(_KEY_ATTR, ""))


def configure_compression_cache(server: Flask) -> None:
    """Give Flask-Compress the bounded store; call before Dash (and Flask-Compress) start."""
    server.config["COMPRESS_CACHE_BACKEND"] = CompressedBodies
    server.config["COMPRESS_CACHE_KEY"] = compressed_body_key


def install_compressed_once(server: Flask) -> None:
    """Mark long-lived shared responses so Flask-Compress stores their compressed body.

    Register after Flask-Compress and before the handlers that set ``Cache-Control`` (Flask
    runs ``after_request`` handlers last-registered first). A file response is read into
    memory, as Flask-Compress streams (and never stores) file bodies otherwise.
    """

    @server.after_request
    def _mark_long_lived(response: Response) -> Response:
        control = response.cache_control
        long_lived = (control.max_age or 0) >= LONG_LIVED_S
        if response.status_code == 200 and long_lived and not (control.private or control.no_store):
            if response.is_streamed:
                response.direct_passthrough = False
                response.make_sequence()
            query = request.query_string.decode("latin-1")
            setattr(g, _KEY_ATTR, f"{request.path}?{query}" if query else request.path)
        return response
