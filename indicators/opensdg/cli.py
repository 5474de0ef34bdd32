"""``cam-atlas sources update PLATFORM --build COMMIT`` and ``cam-atlas sources list``."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``sources`` to the ``cam-atlas`` parser."""
    from indicators.opensdg.platforms import platforms

    parser = sub.add_parser("sources", help="national SDG platforms: versions and refresh")
    actions = parser.add_subparsers(dest="action", required=True)
    update = actions.add_parser(
        "update", help="read another build, print the change report, store it as current"
    )
    update.add_argument("platform", choices=sorted(platforms()))
    update.add_argument("--build", required=True, help="build commit (a pinned one; 7+ chars)")
    update.set_defaults(handler=_update)
    listing = actions.add_parser("list", help="stored versions of each platform")
    listing.set_defaults(handler=_list)


def _update(args: argparse.Namespace) -> int:
    from indicators.opensdg.versions import update

    update(args.platform, args.build)
    return 0


def _list(args: argparse.Namespace) -> int:
    from indicators.opensdg.platforms import platforms
    from indicators.opensdg.versions import current_version, load_version, stored_versions

    for platform in platforms():
        current = current_version(platform)
        for number in stored_versions(platform):
            manifest = load_version(platform, number).manifest
            mark = "*" if number == current else " "
            print(
                f"{mark} {platform} version {number}: build {manifest['build'][:7]} "
                f"({manifest['build_date']}), {manifest['observations']} totals, "
                f"{manifest['breakdowns']} breakdowns, stored {manifest['created']}"
            )
    return 0
