"""``cam-atlas users add|remove|list``: the people who may publish (``dashboard.users``).

The password is asked twice at a terminal, or read from the first line of standard input
(``printf '%s\\n' "$PW" | cam-atlas users add aigul``); it never appears on the command line.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from dashboard import users


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("users", help="manage who may publish datasets (sign-in accounts)")
    parser.add_argument(
        "--file",
        type=Path,
        default=None,
        help=f"users file (default: ${users.USERS_FILE_ENV} or <data dir>/users.txt)",
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="add a user (password from a prompt or stdin)")
    add.add_argument("name")
    add.add_argument("--replace", action="store_true", help="change an existing user's password")
    remove = actions.add_parser("remove", help="remove a user (their sessions stop working)")
    remove.add_argument("name")
    actions.add_parser("list", help="list the user names")
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    path = args.file or users.users_file()
    if args.action == "add":
        users.check_user_name(args.name)
        written = users.add_user(args.name, _read_password(), path, replace=args.replace)
        print(f"user {args.name!r} {'updated' if args.replace else 'added'} in {written}")
        if users.load_users() != users.parse_users(written.read_text("utf-8"), str(written)):
            print(
                f"note: the app reads users from ${users.USERS_ENV} or "
                f"${users.USERS_FILE_ENV}, not from {written}",
                file=sys.stderr,
            )
        return 0
    if args.action == "remove":
        print(f"user {args.name!r} removed from {users.remove_user(args.name, path)}")
        return 0
    names = sorted(users.parse_users(path.read_text("utf-8"), str(path))) if path.is_file() else []
    print("\n".join(names) if names else f"no users in {path}")
    return 0


def _read_password() -> str:
    """Twice at a terminal (must match), else the first line of standard input."""
    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if getpass.getpass("Password again: ") != first:
            raise users.UserConfigError("the two passwords differ; nothing was changed")
        return users.check_password(first)
    return users.check_password(sys.stdin.readline().rstrip("\r\n"))
