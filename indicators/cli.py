"""Command-line subcommands of this package (registered by ``dashboard.cli``).

* ``cam-atlas validate FILE [--format auto|template|bns]``: one line per problem
  (``FILE:ROW: column: message``) and a summary; exit 1 when there are problems, 0 when clean.
* ``cam-atlas import FILE --dataset NAME [--format …] [--title …]``: validate, then store a new
  version atomically; exit 1 with the problems and "nothing was stored" when the file is not clean.
* ``cam-atlas export --indicator ID [--year Y] [--level 0|1|2] [--country KAZ|KGZ]
  [--dataset NAME[@VERSION]] --format csv|xlsx|geojson|zip -o OUT``: the table with provenance.
* ``cam-atlas datasets [NAME]``: stored datasets, or the versions of one.
* ``cam-atlas score``: gap scores (``indicators.gapscore.cli``).

Any other error is a ``UserFacingError``: ``dashboard.cli`` prints it and exits 2.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from geodata.errors import UserFacingError

if TYPE_CHECKING:
    from indicators.dataset import Dataset, DatasetLike
    from indicators.importers import ImportResult

_T = TypeVar("_T")


def register(sub: argparse._SubParsersAction) -> None:
    """Add this package's subcommands to the ``cam-atlas`` parser."""
    from indicators.export import FORMATS as EXPORT_FORMATS
    from indicators.gapscore import cli as gapscore_cli  # `cam-atlas score`
    from indicators.importers import FORMATS as IMPORT_FORMATS
    from indicators.opensdg import cli as opensdg_cli  # `cam-atlas sources`

    validate = sub.add_parser("validate", help="check a CSV/XLSX file before importing it")
    validate.add_argument("file", type=Path, help="a CAM Atlas template CSV/XLSX or a BNS xlsx")
    validate.add_argument("--format", choices=IMPORT_FORMATS, default="auto")
    validate.set_defaults(handler=_validate)

    load = sub.add_parser("import", help="validate a file and store it as a dataset version")
    load.add_argument("file", type=Path, help="a CAM Atlas template CSV/XLSX or a BNS xlsx")
    load.add_argument("--dataset", required=True, help="dataset name: a-z 0-9 - _")
    load.add_argument("--format", choices=IMPORT_FORMATS, default="auto")
    load.add_argument("--title", help="a human-readable title for the dataset")
    load.set_defaults(handler=_import)

    export = sub.add_parser("export", help="write a table with its sources (csv/xlsx/geojson)")
    export.add_argument("--indicator", help="indicator id (see docs/IMPORT.md)")
    export.add_argument(
        "--all",
        action="store_true",
        help="every observation and breakdown of the dataset with its provenance (csv)",
    )
    export.add_argument("--year", type=int)
    export.add_argument("--level", type=int, choices=[0, 1, 2])
    export.add_argument("--country", type=str.upper, choices=["KAZ", "KGZ"])
    export.add_argument("--dataset", default="default", help="NAME or NAME@VERSION")
    export.add_argument("--format", choices=EXPORT_FORMATS, help="default: from OUT's suffix")
    export.add_argument("-o", "--output", type=Path, required=True, metavar="OUT")
    export.set_defaults(handler=_export)

    datasets = sub.add_parser("datasets", help="list stored datasets or one dataset's versions")
    datasets.add_argument("name", nargs="?")
    datasets.set_defaults(handler=_datasets)

    gapscore_cli.register(sub)
    opensdg_cli.register(sub)


def _validate(args: argparse.Namespace) -> int:
    """``cam-atlas validate``: print every problem; exit 1 when there is one."""
    from indicators.importers import FileProblems

    try:
        result = _checked(args.file, args.format)
    except FileProblems as exc:  # too large to read (indicators.importers.limits)
        for problem in exc.problems:
            print(problem)
        print(f"{args.file}: {_count(len(exc.problems), 'problem')}")
        return 1
    _print_warnings(args.file)
    for problem in result.problems:
        print(problem)
    if result.problems:
        print(f"{args.file}: {_count(len(result.problems), 'problem')} ({result.format} format)")
        return 1
    print(f"{args.file}: OK ({result.format} format, {_summary(result)})")
    return 0


def _import(args: argparse.Namespace) -> int:
    """``cam-atlas import``: store a clean file as the next version; exit 1 otherwise."""
    from indicators.importers import FileProblems
    from indicators.storage import open_store
    from indicators.store import DatasetStore, check_name

    check_name(args.dataset)
    store = open_store()
    try:
        manifest = _guarded(
            args.file,
            lambda: store.import_file(args.dataset, args.file, args.format, title=args.title),
        )
    except FileProblems as exc:
        for problem in exc.problems:
            print(problem)
        print(f"{args.file}: {_count(len(exc.problems), 'problem')}; nothing was stored")
        return 1
    _print_warnings(args.file)
    skipped = manifest.skipped_missing
    where = store.root / manifest.name if isinstance(store, DatasetStore) else store.location
    print(
        f"stored dataset {manifest.name!r} version {manifest.version}: "
        f"{_count(manifest.rows, 'observation')} from {manifest.source_file} "
        f"({manifest.format} format"
        + (f", {_count(skipped, 'row')} without a value skipped" if skipped else "")
        + f") in {where}"
    )
    return 0


def _export(args: argparse.Namespace) -> int:
    """``cam-atlas export``: write the selection with its provenance to OUT."""
    from indicators import export

    fmt = args.format or args.output.suffix.lower().lstrip(".")
    if args.all:
        return _export_all(args, fmt)
    if not args.indicator:
        raise UserFacingError("export needs --indicator ID, or --all for every observation")
    if fmt not in export.FORMATS:
        raise UserFacingError(
            f"cannot tell the format of {args.output}: add --format ({'|'.join(export.FORMATS)})"
        )
    dataset = load_any_dataset(args.dataset)
    selection = export.Selection(args.indicator, args.year, args.level, args.country)
    table = export.export_table(dataset, selection)
    if table.empty:
        raise UserFacingError(
            f"nothing to export from dataset {dataset.name!r} for {selection.describe()}"
            + _available_years(dataset, args.indicator)
        )
    if not args.output.parent.is_dir():
        raise UserFacingError(f"{args.output}: directory {args.output.parent} does not exist")
    export.write(table, dataset, selection, fmt, args.output)
    print(f"wrote {_count(len(table), 'row')} ({fmt}) to {args.output}")
    return 0


def _export_all(args: argparse.Namespace, fmt: str) -> int:
    """``cam-atlas export --all``: one CSV row per value of the dataset with its provenance."""
    from indicators.export_all import all_observations, write_csv

    if fmt != "csv":
        raise UserFacingError(f"export --all writes csv only (got {fmt!r})")
    if not args.output.parent.is_dir():
        raise UserFacingError(f"{args.output}: directory {args.output.parent} does not exist")
    dataset = load_any_dataset(args.dataset)
    table = all_observations(dataset)
    write_csv(table, args.output)
    print(f"wrote {_count(len(table), 'row')} (csv) to {args.output}")
    return 0


BUILT_IN = {"default": "", "demo-synthetic": ", synthetic"}


def _datasets(args: argparse.Namespace) -> int:
    """``cam-atlas datasets``: list stored datasets, or the versions of one."""
    from indicators.storage import open_store

    store = open_store()
    if args.name in BUILT_IN:
        print(f"{args.name}: built in{BUILT_IN[args.name]} (not versioned)")
        return 0
    if args.name:
        versions = store.versions(args.name)
        if not versions:
            raise UserFacingError(
                f"no dataset named {args.name!r} in {store.location}; "
                "run 'cam-atlas datasets' to list them"
            )
        for m in versions:
            flag = "  SYNTHETIC" if m.synthetic else ""
            print(
                f"{m.name}@{m.version}  {m.created}  {m.rows:>7} rows  {m.format:<8}  "
                f"{m.source_file}  sha256 {m.sha256[:12]}{flag}"
            )
        return 0
    names = store.names()
    print("built in: default, demo-synthetic (synthetic)")
    if not names:
        print(f"no imported datasets in {store.location}")
    for name in names:
        m = store.manifest(name)
        print(f"{name}  latest version {m.version}  {m.rows} rows  from {m.source_file}")
    return 0


def load_any_dataset(reference: str) -> Dataset:
    """A built-in dataset by name, or a stored one as ``NAME`` / ``NAME@VERSION``."""
    from indicators.dataset import DEFAULT, DEMO_SYNTHETIC, load_dataset
    from indicators.storage import open_store
    from indicators.store import parse_dataset_ref

    if reference in (DEFAULT, DEMO_SYNTHETIC):
        return load_dataset(reference)
    name, version = parse_dataset_ref(reference)
    return open_store().load(name, version)


def _checked(path: Path, format: str) -> ImportResult:
    """``validate_file`` with unexpected reader failures turned into a user-facing message."""
    from indicators.validate import validate_file

    return _guarded(path, lambda: validate_file(path, format=format))


def _guarded(path: Path, action: Callable[[], _T]) -> _T:
    """Run ``action``; a non-user-facing exception while reading ``path`` becomes one.

    A hostile file can trip a third-party reader (openpyxl, csv) in ways no one listed; the
    person at the keyboard gets the file name and the reader's message, never a traceback.
    """
    from indicators.importers import FileProblems

    try:
        return action()
    except (UserFacingError, FileProblems, KeyboardInterrupt):
        raise
    except Exception as exc:
        raise UserFacingError(
            f"{path}: the file could not be read ({type(exc).__name__}: {exc})"
        ) from None


def _print_warnings(path: Path) -> None:
    """Print what was read as it is but deserves a look (``limits.file_warnings``)."""
    from indicators.importers.limits import file_warnings

    for warning in file_warnings(path, str(path)):
        print(f"warning: {warning}")


def _available_years(dataset: DatasetLike, indicator: str) -> str:
    """ "; years with data: 2000-2023" for an indicator in a dataset (or "")."""
    obs = dataset.observations
    years = sorted(int(y) for y in obs.loc[obs["indicator"] == indicator, "year"].dropna().unique())
    if not years:
        return f"; the dataset has no {indicator} rows"
    return f"; years with {indicator}: {years[0]}-{years[-1]}"


def _summary(result: ImportResult) -> str:
    """ "1263 observations, 4 rows without a value skipped"."""
    text = _count(len(result.observations), "observation")
    if result.skipped_missing:
        text += f", {_count(result.skipped_missing, 'row')} without a value skipped"
    return text


def _count(n: int, noun: str) -> str:
    """ "1 problem", "3 problems"."""
    return f"{n} {noun}{'' if n == 1 else 's'}"
