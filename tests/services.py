"""Real PostgreSQL and Redis for the tests: installed from Debian packages when missing, started
on loopback on free ports in a temporary directory, stopped (and the directory removed) afterwards.

Used by the session fixtures below (``postgres_server``, ``redis_server``; tests take
``database_url`` for a fresh empty database and ``redis_url`` for an emptied Redis) and usable by
hand or from CI::

    python tests/services.py up /tmp/cam-services     # prints CAM_ATLAS_DATABASE_URL=... lines
    python tests/services.py down /tmp/cam-services

Installing needs root (or sudo) and the Debian mirror; ``apt-get install -y postgresql
redis-server`` runs once per machine. PostgreSQL refuses to run as root, so as root the cluster
belongs to the ``postgres`` user the package creates. Nothing listens on anything but 127.0.0.1;
authentication is ``trust`` on loopback because the server lives only for the test run.
Set ``CAM_ATLAS_TEST_SERVICES=skip`` to skip these tests on a machine that cannot install them
(CI never sets it: there they run).
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DEBIAN_PACKAGES = ("postgresql", "redis-server")
START_TIMEOUT_S = 60
INITDB_FLAGS = ("--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync")


class ServiceError(RuntimeError):
    """A service could not be installed or started (the message says which and why)."""


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def postgres_bindir() -> Path | None:
    """The directory of Debian's ``initdb``/``pg_ctl`` (newest version), or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version_key)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


def _version_key(path: str) -> int:
    part = Path(path).parent.parent.name
    return int(part) if part.isdigit() else 0


def ensure_installed() -> None:
    """``apt-get install -y postgresql redis-server`` when either server is missing."""
    if postgres_bindir() and shutil.which("redis-server"):
        return
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for command in (
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", *DEBIAN_PACKAGES],
    ):
        done = subprocess.run(
            [*sudo, *command], env=env, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise ServiceError(
                f"could not install {' '.join(DEBIAN_PACKAGES)} ({' '.join(command)} exited "
                f"{done.returncode}): {done.stderr.strip()[-500:]}"
            )
    if not (postgres_bindir() and shutil.which("redis-server")):
        raise ServiceError("postgresql or redis-server still missing after apt-get install")


def _as_owner(command: list[str]) -> list[str]:
    """As root, run a PostgreSQL program as ``postgres`` (it refuses to run as root)."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _run(command: list[str], what: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise ServiceError(f"{what} failed ({done.returncode}): {done.stderr.strip()[-800:]}")


@dataclass
class Postgres:
    """A throw-away PostgreSQL cluster in ``directory`` on 127.0.0.1:``port``."""

    directory: Path
    port: int = 0
    user: str = "cam"

    @property
    def data(self) -> Path:
        return self.directory / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{database}"

    def start(self) -> Postgres:
        bindir = postgres_bindir()
        if bindir is None:
            raise ServiceError("PostgreSQL is not installed (initdb not found)")
        self.port = self.port or free_port()
        self.directory.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
            self.directory.chmod(0o700)
        _run(
            _as_owner(
                [str(bindir / "initdb"), "-D", str(self.data), "-U", self.user, *INITDB_FLAGS]
            ),
            "initdb",
        )
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.directory} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        _run(
            _as_owner(
                [
                    str(bindir / "pg_ctl"),
                    "-D",
                    str(self.data),
                    "-l",
                    str(self.directory / "log"),
                    "-o",
                    options,
                    "-w",
                    "-t",
                    str(START_TIMEOUT_S),
                    "start",
                ]
            ),
            f"pg_ctl start (log: {self.directory / 'log'})",
        )
        return self

    def create_database(self, name: str | None = None) -> str:
        """A new empty database; returns its SQLAlchemy URL."""
        import psycopg

        name = name or f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(
            host="127.0.0.1", port=self.port, user=self.user, dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')  # name is generated or the caller's own
        return self.url(name)

    def stop(self) -> None:
        bindir = postgres_bindir()
        if bindir is not None and (self.data / "postmaster.pid").exists():
            subprocess.run(
                _as_owner(
                    [str(bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"]
                ),
                capture_output=True,
                check=False,
            )
        shutil.rmtree(self.directory, ignore_errors=True)


@dataclass
class Redis:
    """A throw-away Redis (no persistence) on 127.0.0.1:``port``, files in ``directory``."""

    directory: Path
    port: int = 0

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> Redis:
        self.port = self.port or free_port()
        self.directory.mkdir(parents=True, exist_ok=True)
        _run(
            [
                "redis-server",
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--daemonize", "yes",
                "--pidfile", str(self.directory / "redis.pid"),
                "--logfile", str(self.directory / "redis.log"),
                "--dir", str(self.directory),
                "--save", "",
                "--appendonly", "no",
            ],
            "redis-server",
        )  # fmt: skip
        import redis

        client = redis.Redis(host="127.0.0.1", port=self.port)
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                client.ping()
                return self
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise ServiceError(f"redis-server did not answer on port {self.port}") from None
                time.sleep(0.05)

    def stop(self) -> None:
        pidfile = self.directory / "redis.pid"
        if pidfile.exists():
            import redis

            # Shutting down closes the connection: that error is the expected answer.
            with contextlib.suppress(redis.ConnectionError):
                redis.Redis(host="127.0.0.1", port=self.port).shutdown(nosave=True)
        shutil.rmtree(self.directory, ignore_errors=True)


def start_all(directory: Path) -> tuple[Postgres, Redis]:
    """Install if needed, then start Redis under ``directory`` and PostgreSQL in a new
    directory under the system's temporary directory (its user ``postgres`` must reach it)."""
    ensure_installed()
    postgres = Postgres(Path(tempfile.mkdtemp(prefix="cam-atlas-pg-"))).start()
    try:
        redis_server = Redis(directory / "redis").start()
    except Exception:
        postgres.stop()
        raise
    return postgres, redis_server


# --- pytest fixtures (imported by tests/conftest.py) ------------------------------------------

try:
    import pytest
except ImportError:  # the command line below does not need pytest
    pytest = None  # type: ignore[assignment]

if pytest is not None:

    def _skip_requested() -> bool:
        return os.environ.get("CAM_ATLAS_TEST_SERVICES", "") == "skip"

    @pytest.fixture(scope="session")
    def postgres_server() -> Iterator[Postgres]:
        """One PostgreSQL for the session (installed and started here, stopped at the end)."""
        if _skip_requested():
            pytest.skip("CAM_ATLAS_TEST_SERVICES=skip")
        ensure_installed()
        server = Postgres(Path(tempfile.mkdtemp(prefix="cam-atlas-pg-")))
        try:
            yield server.start()
        finally:
            server.stop()

    @pytest.fixture(scope="session")
    def redis_server() -> Iterator[Redis]:
        """One Redis for the session (installed and started here, stopped at the end)."""
        if _skip_requested():
            pytest.skip("CAM_ATLAS_TEST_SERVICES=skip")
        ensure_installed()
        server = Redis(Path(tempfile.mkdtemp(prefix="cam-atlas-redis-")))
        try:
            yield server.start()
        finally:
            server.stop()

    @pytest.fixture
    def database_url(postgres_server: Postgres) -> str:
        """The URL of a new, empty database on the session's PostgreSQL."""
        return postgres_server.create_database()

    @pytest.fixture
    def redis_url(redis_server: Redis) -> str:
        """The session's Redis, emptied for this test."""
        import redis

        redis.Redis.from_url(redis_server.url).flushall()
        return redis_server.url


def main(argv: list[str]) -> int:
    """``up DIR`` starts both servers and prints their URLs as shell assignments; ``down DIR``."""
    if len(argv) != 2 or argv[0] not in ("up", "down"):
        print("usage: python tests/services.py up|down DIR", file=sys.stderr)
        return 2
    directory = Path(argv[1])
    if argv[0] == "up":
        postgres, redis_server = start_all(directory)
        (directory / "servers").write_text(
            f"{postgres.directory}\n{postgres.port}\n{redis_server.port}\n", encoding="utf-8"
        )
        print(f"CAM_ATLAS_DATABASE_URL={postgres.create_database('cam_atlas')}")
        print(f"CAM_ATLAS_REDIS_URL={redis_server.url}")
        return 0
    postgres_dir, postgres_port, redis_port = (directory / "servers").read_text().split("\n")[:3]
    Redis(directory / "redis", int(redis_port)).stop()
    Postgres(Path(postgres_dir), int(postgres_port)).stop()
    shutil.rmtree(directory, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
