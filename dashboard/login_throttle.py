"""Sign-in throttling: failed sign-ins are counted per client address and per user name, and
past a limit the sign-in answers 429 with ``Retry-After`` without checking the password (each
check costs a deliberately slow password hash).

- A fixed window per key: the first failure opens a window of ``window_s`` seconds; once a key
  has ``max_user_failures`` (name) or ``max_client_failures`` (address) failures in its window,
  every sign-in for that name or from that address is refused until the window closes, even
  with the right password. A successful sign-in clears its name's count (not the address's).
- In the process by default (each gunicorn worker counts on its own, so a client gets at most
  workers x limit attempts per window); with ``CAM_ATLAS_REDIS_URL`` the counts live in Redis
  and every worker and machine shares them. A Redis that fails falls back to the in-process
  count with one warning in the log.
- Settings (environment, read at start-up): ``CAM_ATLAS_LOGIN_MAX_FAILURES`` (per name,
  default 5), ``CAM_ATLAS_LOGIN_MAX_CLIENT_FAILURES`` (per address, default 20),
  ``CAM_ATLAS_LOGIN_WINDOW_SECONDS`` (default 900) and ``CAM_ATLAS_PROXY_COUNT`` (how many
  proxies in front append to ``X-Forwarded-For``; 0, the default, uses the peer address).
  docs/DEPLOY.md lists them.
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import flask

log = logging.getLogger(__name__)
Clock = Callable[[], float]
MAX_MEMORY_KEYS = 10_000  # in-process counts kept at most (expired ones are dropped first)
REDIS_PREFIX = "cam-atlas:login:"


def _env_int(name: str, default: int, minimum: int = 1) -> int:
    try:
        value = int(os.environ.get(name, ""))
    except ValueError:
        return default
    return value if value >= minimum else default


@dataclass(frozen=True)
class ThrottlePolicy:
    """How many failed sign-ins a name and an address may have per window."""

    max_user_failures: int = 5
    max_client_failures: int = 20
    window_s: int = 900

    @classmethod
    def from_env(cls) -> ThrottlePolicy:
        return cls(
            _env_int("CAM_ATLAS_LOGIN_MAX_FAILURES", cls.max_user_failures),
            _env_int("CAM_ATLAS_LOGIN_MAX_CLIENT_FAILURES", cls.max_client_failures),
            _env_int("CAM_ATLAS_LOGIN_WINDOW_SECONDS", cls.window_s),
        )


class FailureCounts(Protocol):
    """Failure counts per key, each in its own fixed window."""

    def get(self, key: str) -> tuple[int, float]:
        """(failures in the key's open window, seconds until it closes); (0, 0) when none."""

    def add(self, key: str, window_s: int) -> None:
        """Count one failure (opening a window of ``window_s`` when none is open)."""

    def clear(self, key: str) -> None:
        """Forget the key's failures."""


class MemoryCounts:
    """Counts in this process, bounded to ``MAX_MEMORY_KEYS`` keys; ``clock`` for tests."""

    def __init__(self, clock: Clock = time.monotonic, max_keys: int = MAX_MEMORY_KEYS) -> None:
        self._clock = clock
        self._max_keys = max_keys
        self._lock = threading.Lock()
        self._counts: dict[str, tuple[int, float]] = {}  # key -> (failures, window end)

    def get(self, key: str) -> tuple[int, float]:
        now = self._clock()
        with self._lock:
            count, end = self._counts.get(key, (0, now))
            return (count, end - now) if end > now else (0, 0.0)

    def add(self, key: str, window_s: int) -> None:
        now = self._clock()
        with self._lock:
            count, end = self._counts.get(key, (0, now))
            if end <= now:
                count, end = 0, now + window_s
            self._counts[key] = (count + 1, end)
            if len(self._counts) > self._max_keys:
                self._prune(now)

    def clear(self, key: str) -> None:
        with self._lock:
            self._counts.pop(key, None)

    def _prune(self, now: float) -> None:
        """Drop closed windows, then (still too many) the half closest to closing."""
        self._counts = {k: v for k, v in self._counts.items() if v[1] > now}
        if len(self._counts) > self._max_keys:
            keep = sorted(self._counts.items(), key=lambda kv: kv[1][1])[len(self._counts) // 2 :]
            self._counts = dict(keep)


class RedisCounts:
    """Counts in Redis (shared by every worker and machine); Redis expires the windows."""

    def __init__(self, url: str, fallback: MemoryCounts | None = None) -> None:
        import redis

        self._redis = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self._fallback = fallback or MemoryCounts()
        self._warned = False

    @staticmethod
    def _key(key: str) -> str:
        return REDIS_PREFIX + hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]

    def get(self, key: str) -> tuple[int, float]:
        try:
            pipe = self._redis.pipeline(transaction=False)
            pipe.get(self._key(key))
            pipe.pttl(self._key(key))
            raw, ttl_ms = pipe.execute()
        except Exception as exc:
            self._warn(exc)
            return self._fallback.get(key)
        if raw is None or ttl_ms is None or ttl_ms <= 0:
            return (0, 0.0)
        return int(raw), ttl_ms / 1000

    def add(self, key: str, window_s: int) -> None:
        name = self._key(key)
        try:
            pipe = self._redis.pipeline(transaction=True)
            pipe.set(name, 0, ex=window_s, nx=True)  # opens the window (with its expiry) once
            pipe.incr(name)
            pipe.ttl(name)
            _, _, ttl = pipe.execute()
            if ttl == -1:  # the window expired between SET and INCR: INCR made a key for ever
                self._redis.expire(name, window_s)
        except Exception as exc:
            self._warn(exc)
            self._fallback.add(key, window_s)

    def clear(self, key: str) -> None:
        try:
            self._redis.delete(self._key(key))
        except Exception as exc:
            self._warn(exc)
        self._fallback.clear(key)

    def _warn(self, exc: Exception) -> None:
        if not self._warned:
            log.warning("login throttle: Redis unavailable, counting in process: %s", exc)
            self._warned = True


class LoginThrottle:
    """Decides whether a sign-in may be checked, and records its outcome."""

    def __init__(self, policy: ThrottlePolicy, counts: FailureCounts) -> None:
        self.policy = policy
        self.counts = counts

    @classmethod
    def from_env(cls) -> LoginThrottle:
        """In-process counts, or Redis ones when ``CAM_ATLAS_REDIS_URL`` is set."""
        url = os.environ.get("CAM_ATLAS_REDIS_URL", "").strip()
        counts: FailureCounts = RedisCounts(url) if url else MemoryCounts()
        return cls(ThrottlePolicy.from_env(), counts)

    @staticmethod
    def _keys(client: str, name: str) -> tuple[str, str]:
        return f"client:{client}", f"user:{name.strip().lower()[:200]}"

    def retry_after(self, client: str, name: str) -> int:
        """Seconds to wait before ``name`` may sign in from ``client`` (0: go ahead)."""
        client_key, user_key = self._keys(client, name)
        wait = 0.0
        for key, limit in (
            (client_key, self.policy.max_client_failures),
            (user_key, self.policy.max_user_failures),
        ):
            count, left = self.counts.get(key)
            if count >= limit:
                wait = max(wait, left)
        return math.ceil(wait)

    def failed(self, client: str, name: str) -> None:
        for key in self._keys(client, name):
            self.counts.add(key, self.policy.window_s)

    def succeeded(self, client: str, name: str) -> None:
        self.counts.clear(self._keys(client, name)[1])


def client_address() -> str:
    """The request's client address: the peer, or with ``CAM_ATLAS_PROXY_COUNT=n`` the n-th
    address from the right of ``X-Forwarded-For`` (the client as the outermost of the n trusted
    proxies saw it; what the client itself wrote there is further left and ignored)."""
    proxies = _env_int("CAM_ATLAS_PROXY_COUNT", 0, minimum=0)
    peer = flask.request.remote_addr or "unknown"
    if proxies == 0:
        return peer
    forwarded = [a.strip() for a in flask.request.headers.get("X-Forwarded-For", "").split(",")]
    forwarded = [a for a in forwarded if a]
    return forwarded[-proxies][:64] if len(forwarded) >= proxies else peer
