"""Boundary geometry for the browser, served once from ``/geo/<name>.<digest>.geojson``.

A layer name lists one or more parts ``<country>-<level>-<vintage>`` joined by ``_`` (e.g.
``KGZ-1-2018`` or ``KAZ-2-2024_KGZ-2-2018`` for both countries). Only the names the map can ask
for are served (:func:`known_layer_names`: one country, or KAZ then KGZ at the same level, each in
one of its layouts), so the merged-layer cache holds them all and a made-up name is a cheap 404.
The digest is a hash of the bytes, so the URL changes whenever the geometry does and the
response can be cached forever (``Cache-Control: immutable``). Figures reference the URL
(``go.Choropleth(geojson=url)``) and never carry coordinates in callback payloads.

Features come from ``geodata.layers.web_layer_path``: EPSG:4326, ``feature.id`` = area code,
clockwise rings as Plotly's geo subplot needs.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flask import Flask, Response, abort, redirect, request
from werkzeug.wrappers import Response as BaseResponse

from geodata.errors import UserFacingError

ROUTE_PREFIX = "geo/"
CACHE_FOREVER = "public, max-age=31536000, immutable"
MIMETYPE = "application/geo+json"
_PART = re.compile(r"^(KAZ|KGZ)-([12])-([a-z0-9]{1,12})$")
_FILENAME = re.compile(r"^([A-Za-z0-9_-]{1,80})\.([0-9a-f]{16})\.geojson$")


@dataclass(frozen=True)
class LayerPart:
    """One country's boundary layer: ISO3 country, admin level (1 or 2), layout vintage."""

    country: str
    level: int
    vintage: str

    @property
    def name(self) -> str:
        """``<country>-<level>-<vintage>``, e.g. ``KGZ-1-2018``."""
        return f"{self.country}-{self.level}-{self.vintage}"


def layer_name(parts: tuple[LayerPart, ...]) -> str:
    """The URL name of a (possibly multi-country) layer."""
    return "_".join(part.name for part in parts)


@lru_cache(maxsize=1)
def known_layer_names() -> frozenset[str]:
    """Every layer name the app draws: one country's layer, or KAZ and KGZ at one level."""
    from geodata.vintages import VINTAGES

    singles = {
        level: [
            LayerPart(c, lvl, v) for (c, lvl), vs in VINTAGES.items() if lvl == level for v in vs
        ]
        for level in (1, 2)
    }
    names = {p.name for parts in singles.values() for p in parts}
    for parts in singles.values():
        kaz = [p for p in parts if p.country == "KAZ"]
        kgz = [p for p in parts if p.country == "KGZ"]
        names.update(layer_name((a, b)) for a in kaz for b in kgz)
    return frozenset(names)


def parse_layer_name(name: str) -> tuple[LayerPart, ...]:
    """The parts of a known layer name; ``ValueError`` for anything else."""
    if name not in known_layer_names():
        raise ValueError(f"not a layer name: {name!r}")
    parts = []
    for text in name.split("_"):
        match = _PART.match(text)
        if not match:
            raise ValueError(f"not a layer name: {name!r}")
        parts.append(LayerPart(match[1], int(match[2]), match[3]))
    return tuple(parts)


def _source_files(parts: tuple[LayerPart, ...]) -> tuple[tuple[str, int], ...]:
    """``(path, mtime_ns)`` of each part's web layer, so caches notice rebuilt files."""
    from geodata.layers import web_layer_path

    paths = [Path(web_layer_path(p.country, p.level, p.vintage)) for p in parts]
    return tuple((str(path), path.stat().st_mtime_ns) for path in paths)


@lru_cache(maxsize=32)
def _merged_bytes(files: tuple[tuple[str, int], ...]) -> tuple[bytes, str]:
    """The GeoJSON bytes of the given files (merged into one collection) and their digest."""
    if len(files) == 1:
        body = Path(files[0][0]).read_bytes()
    else:
        features = []
        for path, _ in files:
            features.extend(json.loads(Path(path).read_text(encoding="utf-8"))["features"])
        collection = {"type": "FeatureCollection", "features": features}
        body = json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return body, hashlib.sha256(body).hexdigest()[:16]


def layer_content(parts: tuple[LayerPart, ...]) -> tuple[bytes, str]:
    """The layer's GeoJSON bytes and digest (cached until a source file changes)."""
    return _merged_bytes(_source_files(parts))


def layer_url(parts: tuple[LayerPart, ...], prefix: str = "/") -> str:
    """The cacheable URL of a layer; ``prefix`` is the app's ``requests_pathname_prefix``."""
    _, digest = layer_content(parts)
    return f"{prefix}{ROUTE_PREFIX}{layer_name(parts)}.{digest}.geojson"


def register_geo_route(server: Flask, prefix: str = "/") -> None:
    """Serve layers at ``<prefix>geo/<name>.<digest>.geojson`` with an ETag and immutable caching.

    A request with an outdated digest (geometry rebuilt since the page loaded) is redirected to
    the current URL rather than failing.
    """

    @server.route(f"{prefix}{ROUTE_PREFIX}<filename>")
    def geo_layer(filename: str) -> BaseResponse:
        match = _FILENAME.match(filename)
        if not match:
            abort(404)
        try:
            parts = parse_layer_name(match[1])
            body, digest = layer_content(parts)
        except (ValueError, OSError, LookupError, UserFacingError):
            abort(404)
        if digest != match[2]:
            response = redirect(layer_url(parts, prefix), code=302)
            response.headers["Cache-Control"] = "no-store"
            return response
        response = Response(body, mimetype=MIMETYPE)
        response.headers["Cache-Control"] = CACHE_FOREVER
        response.set_etag(digest)
        return response.make_conditional(request)
