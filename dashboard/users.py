"""The people allowed to publish: names with hashed passwords, configured by the operator.

Where (first found wins):

- ``CAM_ATLAS_USERS``: entries ``name:hash`` separated by ``;`` or line breaks (for container
  platforms where a file is awkward);
- else the file ``CAM_ATLAS_USERS_FILE`` (default ``<CAM_ATLAS_DATA_DIR>/users.txt``): one
  ``name:hash`` per line, ``#`` comments. Give every app machine the same file (or the same
  variable). ``cam-atlas users add NAME`` writes it (mode 0600, replaced atomically).

Hashes are werkzeug's (``scrypt`` by default); passwords are never stored or logged. Names:
1-64 letters, digits, ``.``, ``_``, ``-`` or ``@``, starting with a letter or digit.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

from geodata.errors import UserFacingError

USERS_ENV = "CAM_ATLAS_USERS"
USERS_FILE_ENV = "CAM_ATLAS_USERS_FILE"
USER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024  # hashing a huge "password" would be a cheap way to burn CPU
# Checked when the name is unknown, so that a wrong name takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not a password of anyone")


class UserConfigError(UserFacingError):
    """A users file or variable that cannot be used, or a bad name or password."""


def users_file() -> Path:
    """``CAM_ATLAS_USERS_FILE``, else ``<data dir>/users.txt``."""
    configured = os.environ.get(USERS_FILE_ENV, "").strip()
    if configured:
        return Path(configured)
    from geodata.settings import data_dir

    return data_dir() / "users.txt"


def check_user_name(name: str) -> str:
    """``name`` if allowed, else ``UserConfigError``."""
    if not isinstance(name, str) or not USER_NAME.fullmatch(name):
        raise UserConfigError(
            f"user name {name!r} is not allowed: use 1-64 letters, digits, '.', '_', '-' or '@'"
        )
    return name


def parse_users(text: str, origin: str) -> dict[str, str]:
    """``{name: hash}`` from ``name:hash`` entries (lines or ``;``); ``origin`` names the place
    in error messages."""
    users: dict[str, str] = {}
    for number, entry in enumerate(re.split(r"[;\n]", text), start=1):
        entry = entry.strip()
        if not entry or entry.startswith("#"):
            continue
        name, sep, hashed = entry.partition(":")
        if not sep or not USER_NAME.fullmatch(name) or "$" not in hashed:
            raise UserConfigError(
                f"{origin}, entry {number}: expected NAME:HASH as written by "
                "'cam-atlas users add NAME'"
            )
        users[name] = hashed
    return users


def load_users() -> dict[str, str]:
    """The configured users (``CAM_ATLAS_USERS`` or the users file); {} when none."""
    inline = os.environ.get(USERS_ENV, "")
    if inline.strip():
        return parse_users(inline, USERS_ENV)
    path = users_file()
    if not path.is_file():
        return {}
    return parse_users(path.read_text(encoding="utf-8"), str(path))


def verify(name: str, password: str, users: dict[str, str] | None = None) -> bool:
    """True when ``password`` is ``name``'s; the same work is done for an unknown name."""
    users = load_users() if users is None else users
    if not isinstance(password, str) or len(password) > MAX_PASSWORD_LENGTH:
        return False
    hashed = users.get(name) if isinstance(name, str) else None
    ok = check_password_hash(hashed or _DUMMY_HASH, password)
    return ok and hashed is not None


def check_password(password: str) -> str:
    """``password`` if acceptable for a new user, else ``UserConfigError``."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserConfigError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise UserConfigError(f"the password must have at most {MAX_PASSWORD_LENGTH} characters")
    return password


def add_user(name: str, password: str, path: Path | None = None, replace: bool = False) -> Path:
    """Add (or with ``replace`` change) ``name`` in the users file; returns the file's path.

    The file is rewritten atomically with mode 0600; other lines (comments) are kept.
    """
    check_user_name(name)
    check_password(password)
    path = path or users_file()
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    existing = parse_users("\n".join(lines), str(path))
    if name in existing and not replace:
        raise UserConfigError(f"user {name!r} already exists in {path} (use --replace)")
    entry = f"{name}:{generate_password_hash(password)}"
    kept = [line for line in lines if line.strip().partition(":")[0] != name]
    _write_private(path, "\n".join([*kept, entry]) + "\n")
    return path


def remove_user(name: str, path: Path | None = None) -> Path:
    """Remove ``name`` from the users file (signed-in sessions of that user stop working)."""
    path = path or users_file()
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    if name not in parse_users("\n".join(lines), str(path)):
        raise UserConfigError(f"no user {name!r} in {path}")
    kept = [line for line in lines if line.strip().partition(":")[0] != name]
    _write_private(path, "\n".join(kept) + "\n")
    return path


def _write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` readable by the owner only, replacing it in one rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".users-", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
