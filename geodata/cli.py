"""Command-line subcommands of this package (registered by ``dashboard.cli``).

* ``cam-atlas boundaries prepare``: download/copy the raw files and build the layers.
* ``cam-atlas boundaries check``: unit counts, validity and sizes; exit 1 on any problem.
* ``cam-atlas resolve NAME [--country KAZ|KGZ] [--level 1|2] [--year YYYY] [--parent P]``.
"""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    """Add this package's subcommands to the ``cam-atlas`` parser."""
    boundaries = sub.add_parser("boundaries", help="prepare and check the boundary layers")
    bsub = boundaries.add_subparsers(dest="boundaries_command", required=True, metavar="ACTION")
    prepare = bsub.add_parser("prepare", help="download/copy the raw files and build the layers")
    prepare.set_defaults(handler=_prepare)
    check = bsub.add_parser("check", help="check every layer; exit 1 on any problem")
    check.set_defaults(handler=_check)

    resolve = sub.add_parser("resolve", help="resolve an area name to its code")
    resolve.add_argument("name", help="a published area name or code, e.g. 'Жамбылская область'")
    resolve.add_argument("--country", choices=["KAZ", "KGZ"], type=str.upper)
    resolve.add_argument("--level", type=int, choices=[0, 1, 2])
    resolve.add_argument("--year", type=int, help="year of the statistic (picks the layout)")
    resolve.add_argument("--parent", help="admin-1 parent (name or code) for district names")
    resolve.set_defaults(handler=_resolve)


def _prepare(args: argparse.Namespace) -> int:
    from geodata import build, layers

    root = layers.prepare()
    print(f"boundary build: {root}")
    for old in build.prune_stale_builds(root):
        print(f"  removed stale build {old.name}")
    for stem, info in layers.manifest()["layers"].items():
        print(f"  {stem:<18} {info['units']:>4} units  web {info['web_bytes'] / 1024:7.1f} KB")
    return 0


def _check(args: argparse.Namespace) -> int:
    from geodata import check

    reports = check.check_all()
    for r in reports:
        status = "ok" if r.ok else "PROBLEM"
        valid = "valid" if r.valid else "INVALID"
        size = f"web {r.web_bytes / 1024:7.1f} KB"
        print(f"{r.stem:<18} {r.units:>4} units  {valid:<7}  {size}  {status}")
        for problem in r.problems:
            print(f"    - {problem}")
    bad = [r for r in reports if not r.ok]
    print(f"{len(reports) - len(bad)} of {len(reports)} layers ok")
    return 1 if bad else 0


def _resolve(args: argparse.Namespace) -> int:
    from geodata.resolve import AmbiguousAreaError, ResolveError, resolve

    try:
        match = resolve(args.name, country=args.country, level=args.level, year=args.year,
                        parent=args.parent)  # fmt: skip
    except ResolveError as exc:
        kind = "ambiguous" if isinstance(exc, AmbiguousAreaError) else "not found"
        print(f"{kind}: {args.name!r}")
        label = "candidates" if isinstance(exc, AmbiguousAreaError) else "closest"
        for cand in exc.candidates:
            print(f"  {label}: {cand.describe()}")
        if not exc.candidates:
            print("  no similar name")
        return 1
    print(f"code     {match.code}")
    print(f"name     {match.name_en}")
    print(f"level    {match.level}")
    print(f"vintage  {match.vintage}")
    print(f"country  {match.country}")
    if match.parent_code and match.level == 2:
        print(f"parent   {match.parent_code}")
    return 0
