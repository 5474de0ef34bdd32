"""A cache for computed views (map frames, score views, availability), shared by every worker
and machine when Redis is configured.

- Default: flask-caching ``SimpleCache``, in the process (``make run`` needs no server).
- ``CAM_ATLAS_REDIS_URL`` set (``redis://host:6379/0``): flask-caching ``RedisCache``, one
  cache for every gunicorn worker on every machine. Values are pickled, so the Redis server must
  be one only the app can write to (private network or loopback, with a password).

Keys hold the view's kind, a hash of the code (``code_version``), the dataset's name and
``Dataset.version`` (which changes with every stored version) and a hash of the view's other
arguments. A publish therefore never needs an
explicit invalidation: the next request asks for the new version's key on every machine at once,
and views of old versions simply expire (``CAM_ATLAS_CACHE_TIMEOUT``, seconds, default 3600).
``CAM_ATLAS_VIEW_CACHE=off`` turns the cache off (flask-caching ``NullCache``; for
``cam-atlas bench``'s uncached side). A cache that fails (Redis down) is bypassed with one
warning in the log: views are computed as if uncached, never refused.

Use::

    @cached_view("map-frame")
    def map_frame(dataset: Dataset, state: MapState, language: str) -> MapFrame: ...

or ``view_cache().get_or_compute("map-frame", dataset, (state, language), compute)``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import flask
from flask_caching import Cache

from indicators.dataset import Dataset

REDIS_URL_ENV = "CAM_ATLAS_REDIS_URL"
TIMEOUT_ENV = "CAM_ATLAS_CACHE_TIMEOUT"
SWITCH_ENV = "CAM_ATLAS_VIEW_CACHE"  # "off": every view computed (``cam-atlas bench`` compares)
DEFAULT_TIMEOUT_S = 3600
IN_PROCESS_ENTRIES = 256  # SimpleCache threshold: bounded memory per process
KEY_PREFIX = "cam-atlas:"
log = logging.getLogger(__name__)
P = ParamSpec("P")
R = TypeVar("R")


def cache_config(environ: dict[str, str] | None = None) -> dict[str, Any]:
    """flask-caching settings from the environment (Redis when ``CAM_ATLAS_REDIS_URL`` is set)."""
    env = os.environ if environ is None else environ
    timeout = int(env.get(TIMEOUT_ENV, "") or DEFAULT_TIMEOUT_S)
    if env.get(SWITCH_ENV, "").strip().lower() in ("off", "0", "no"):
        return {"CACHE_TYPE": "NullCache", "CACHE_NO_NULL_WARNING": True}
    url = env.get(REDIS_URL_ENV, "").strip()
    if url:
        return {
            "CACHE_TYPE": "RedisCache",
            "CACHE_REDIS_URL": url,
            "CACHE_KEY_PREFIX": KEY_PREFIX,
            "CACHE_DEFAULT_TIMEOUT": timeout,
            "CACHE_OPTIONS": {"socket_timeout": 2, "socket_connect_timeout": 2},
        }
    return {
        "CACHE_TYPE": "SimpleCache",
        "CACHE_THRESHOLD": IN_PROCESS_ENTRIES,
        "CACHE_DEFAULT_TIMEOUT": timeout,
    }


def view_key(kind: str, dataset: Dataset, parts: Sequence[Any]) -> str:
    """``view:<kind>:<code>:<dataset>:<version>:<hash of parts>``; parts must be JSON-able or
    dataclasses (e.g. ``MapState``); equal parts give equal keys in every process running the
    same code (``code_version``), so a rolling deploy never serves a view built by other code."""
    text = json.dumps([_plain(p) for p in parts], sort_keys=True, ensure_ascii=False, default=str)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]
    return f"view:{kind}:{code_version()}:{dataset.name}:{dataset.version}:{digest}"


@functools.cache
def code_version() -> str:
    """A hash of the code and message catalogues views are built with (``.py`` and ``.json``
    files of the three packages), computed once per process."""
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parent.parent
    for package in ("geodata", "indicators", "dashboard"):
        for path in sorted((root / package).rglob("*")):
            if path.suffix in (".py", ".json") and path.is_file():
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _plain(value: Any) -> Any:
    """Dataclasses as dicts (stable across processes, unlike ``repr`` of some objects)."""
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    return value


class ViewCache:
    """A flask-caching backend for views, usable inside or outside a request."""

    def __init__(self, server: flask.Flask, config: dict[str, Any] | None = None) -> None:
        self.config = config or cache_config()
        self._flask_cache = Cache()
        self._flask_cache.init_app(server, config=self.config)
        self.backend = server.extensions["cache"][self._flask_cache]
        self._warned = False

    @property
    def kind(self) -> str:
        """``SimpleCache`` or ``RedisCache``."""
        return str(self.config["CACHE_TYPE"])

    def get_or_compute(
        self, kind: str, dataset: Dataset, parts: Sequence[Any], compute: Callable[[], R]
    ) -> R:
        """The cached view for (kind, dataset version, parts), computing and storing it once."""
        key = view_key(kind, dataset, parts)
        try:
            found = self.backend.get(key)
        except Exception as exc:  # Redis down or unreachable: serve uncached
            self._warn(exc)
            return compute()
        if isinstance(found, tuple) and len(found) == 1:
            return found[0]
        value = compute()
        try:
            self.backend.set(key, (value,))  # wrapped: a cached None is still a hit
        except Exception as exc:
            self._warn(exc)
        return value

    def _warn(self, exc: Exception) -> None:
        if not self._warned:
            log.warning("view cache unavailable, computing uncached: %s", type(exc).__name__)
            self._warned = True


_active: ViewCache | None = None
_lock = threading.Lock()


def init_cache(server: flask.Flask) -> ViewCache:
    """Configure the views' cache for the app's Flask server (call once in ``create_app``)."""
    global _active
    code_version()  # hashed now, at start-up (before gunicorn forks with --preload)
    with _lock:
        _active = ViewCache(server)
        return _active


def view_cache() -> ViewCache:
    """The configured cache; an in-process one when the app did not configure it (tests)."""
    global _active
    with _lock:
        if _active is None:
            _active = ViewCache(flask.Flask(__name__))
        return _active


def cached_view(kind: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Cache a view function whose first argument is the ``Dataset`` it is computed from; the
    other arguments (JSON-able values or dataclasses) complete the key."""

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(function)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            dataset = args[0]
            if not isinstance(dataset, Dataset):
                raise TypeError(f"{function.__name__}: the first argument must be a Dataset")
            parts = [*args[1:], sorted(kwargs.items())]
            return view_cache().get_or_compute(
                kind, dataset, parts, lambda: function(*args, **kwargs)
            )

        return wrapper

    return decorate
