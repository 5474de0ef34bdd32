"""``cam-atlas score``: gap scores with rank intervals for one country, level and year.

Registered by ``indicators.cli`` through ``register(sub)``. Prints one row per region (CSV or
JSON) with at least ``code, name, score, rank, rank_p05, rank_p95, rank_median, uncertain,
indicators_used, weight_share, years_used``; regions without enough data come last with an
empty score and status "insufficient data". Every indicator left out of the score is named
with its reason on standard error and in the CSV's ``#`` header notes (JSON: ``exclusions``).
``-o FILE`` writes to a file; ``--explain CODE`` prints one area's inputs, years, normalised
values, weights and contributions instead. The method is docs/METHOD.md.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from geodata.errors import UserFacingError
from indicators.gapscore.errors import GapScoreSpecError
from indicators.gapscore.exclusions import Exclusion, note_lines
from indicators.gapscore.robustness import RobustnessSpec
from indicators.gapscore.spec import (
    AGGREGATIONS,
    DEFAULT_MIN_COVERAGE,
    DEFAULT_MIN_WEIGHT_SHARE,
    DEFAULT_TOLERANCE_YEARS,
    METHOD_VERSION,
    NORMALISATIONS,
    ScoreOptions,
)
from indicators.gapscore.table import OUTPUT_COLUMNS
from indicators.gapscore.table import header_notes as table_notes

if TYPE_CHECKING:
    from indicators.gapscore.regions import RegionInputs


def parse_weights(text: str | None) -> dict[str, float]:
    """``"a=2,b=1.5"`` -> ``{"a": 2.0, "b": 1.5}``; raises GapScoreSpecError on bad input."""
    weights: dict[str, float] = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        key, sep, val = part.partition("=")
        key = key.strip()
        try:
            w = float(val)
        except ValueError:
            w = math.nan
        if not sep or not key or not math.isfinite(w) or w < 0:
            raise GapScoreSpecError(
                f"--weights: {part.strip()!r} is not ID=WEIGHT with a finite weight >= 0 "
                "(example: --weights preschool_coverage_pct=2,extreme_poverty_pct=1)"
            )
        if key in weights:
            raise GapScoreSpecError(f"--weights: {key!r} is given twice")
        weights[key] = w
    return weights


def parse_method(text: str) -> ScoreOptions:
    """``NORM[,AGG[:P]]`` (``rank,geometric``, ``minmax,power:0.5``) -> ScoreSpec options."""
    norm, _, agg = (s.strip() for s in text.partition(","))
    agg, _, p = agg.partition(":")
    agg = agg or "arithmetic"
    if norm not in NORMALISATIONS or agg not in AGGREGATIONS or (p and agg != "power"):
        raise GapScoreSpecError(
            f"--method {text!r}: use NORMALISATION[,AGGREGATION[:P]] with normalisation in "
            f"{'/'.join(NORMALISATIONS)} and aggregation in {'/'.join(AGGREGATIONS)}; P only "
            "with power (e.g. minmax,power:0.5)"
        )
    options: ScoreOptions = {"normalisation": norm, "aggregation": agg}
    if agg == "power":
        try:
            options["power"] = float(p) if p else 0.5
        except ValueError:
            raise GapScoreSpecError(f"--method {text!r}: power {p!r} is not a number") from None
    return options


def _ids(text: str | None) -> list[str] | None:
    if text is None:
        return None
    ids = [s.strip() for s in text.split(",") if s.strip()]
    if not ids:
        raise GapScoreSpecError("--indicators is empty; give comma-separated catalogue ids")
    return ids


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``cam-atlas score`` to the command line."""
    p = sub.add_parser(
        "score",
        help="gap scores with rank intervals per region (method: docs/METHOD.md)",
        description="Rank the regions of one country by how underserved they are, with the "
        "5-95% rank interval of a Monte Carlo over weights and methods "
        f"(method {METHOD_VERSION}).",
    )
    p.add_argument("--country", required=True, type=str.upper, choices=["KGZ", "KAZ"])
    p.add_argument("--level", required=True, type=int, choices=[1, 2])
    p.add_argument("--year", required=True, type=int, help="target year Y")
    p.add_argument(
        "--tolerance",
        type=int,
        default=DEFAULT_TOLERANCE_YEARS,
        help="use the latest value from Y-K..Y (default %(default)s)",
    )
    p.add_argument(
        "--indicators",
        help="comma-separated ids (default: every indicator with a direction and a rate or "
        "share unit that has values in the year window; raw counts only when listed here; "
        "each must cover --min-coverage of the areas)",
    )
    p.add_argument("--weights", help="ID=W,... relative weights (others 1)")
    p.add_argument(
        "--method", default="minmax,arithmetic", help="NORM[,AGG[:P]] (default %(default)s)"
    )
    p.add_argument(
        "--min-share",
        type=float,
        default=DEFAULT_MIN_WEIGHT_SHARE,
        help="minimum share of weight with data (default %(default)s)",
    )
    p.add_argument(
        "--min-coverage",
        type=float,
        default=DEFAULT_MIN_COVERAGE,
        help="an indicator enters only with values for at least this share of the areas "
        "(default 2/3)",
    )
    p.add_argument(
        "--by-domain",
        choices=["auto", "yes", "no"],
        default="auto",
        help="aggregate within need and services first, then across (auto: when both have "
        "indicators; default %(default)s)",
    )
    p.add_argument(
        "--explain",
        metavar="CODE",
        help="print one area's inputs, years used, normalised values and contributions",
    )
    p.add_argument("--draws", type=int, default=1000, help="Monte Carlo draws (default 1000)")
    p.add_argument("--seed", type=int, default=RobustnessSpec.seed)
    p.add_argument("--dataset", default="default", help="dataset name (default %(default)s)")
    p.add_argument("--lang", default="en", choices=["en", "ru", "kk", "ky"], help="region names")
    p.add_argument("--format", default="csv", choices=["csv", "json"])
    p.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write here instead of standard output"
    )
    p.set_defaults(handler=run)


def _load(args: argparse.Namespace) -> tuple[pd.DataFrame, pd.DataFrame, dict, object]:
    """Observations of the layout, its units, the catalogue and the dataset (for its flags)."""
    from geodata import layers, vintages
    from indicators.catalogue import catalogue

    try:
        from indicators.dataset import load_dataset
    except ImportError:
        raise UserFacingError(
            "the dataset module (indicators.dataset) is not installed yet; cannot score"
        ) from None
    dataset = load_dataset(args.dataset)
    vintage = vintages.vintage_for_year(args.country, args.level, args.year)
    units = layers.units(args.country, args.level, vintage)
    obs = dataset.observations
    layout = obs["vintage"].fillna("").astype(str)
    # a row without a vintage can only be placed when the level has a single layout
    if len(vintages.vintages(args.country, args.level)) == 1:
        layout = layout.replace("", vintage)
    obs = obs[
        obs["country"].eq(args.country)
        & pd.to_numeric(obs["level"], errors="coerce").eq(args.level)
        & layout.eq(vintage)
    ]
    return obs, units, catalogue(), dataset


def _format(table: pd.DataFrame, args: argparse.Namespace, dataset: object) -> str:
    """CSV (one row per region, method version and dataset in every row) or JSON (+ metadata)."""
    synthetic = bool(getattr(dataset, "synthetic", False))
    cols = list(OUTPUT_COLUMNS) + [c for c in table.columns if c.startswith("contribution_")]
    out = table[cols].assign(
        dataset=getattr(dataset, "name", args.dataset),
        synthetic=synthetic,
        method_version=METHOD_VERSION,
    )
    if args.format == "csv":
        notes = "".join(f"# {line}\n" for line in header_notes(table, args, dataset))
        return notes + out.to_csv(index=False, float_format="%.6g", lineterminator="\n")
    rows = json.loads(out.to_json(orient="records", double_precision=6))
    for row in rows:
        row["indicators_used"] = [i for i in (row["indicators_used"] or "").split(";") if i]
        pairs = [kv.split("=") for kv in (row["years_used"] or "").split(";") if kv]
        row["years_used"] = {k: (int(v) if v.isdigit() else None) for k, v in pairs}
    meta = {
        "country": args.country,
        "level": args.level,
        "year": args.year,
        "dataset": getattr(dataset, "name", args.dataset),
        "dataset_version": getattr(dataset, "version", None),
        "synthetic": synthetic,
        **table.attrs,
        "exclusions": [e.as_dict() for e in _exclusions(table)],
        "rows": rows,
    }
    return json.dumps(meta, ensure_ascii=False, indent=1) + "\n"


def _exclusions(table: pd.DataFrame) -> list[Exclusion]:
    return list(table.attrs.get("exclusions") or [])


def header_notes(table: pd.DataFrame, args: argparse.Namespace, dataset: object) -> list[str]:
    """The CSV's ``#`` lines (``table.header_notes`` for this dataset)."""
    return table_notes(
        table,
        str(getattr(dataset, "name", args.dataset)),
        bool(getattr(dataset, "synthetic", False)),
    )


def _explain(args: argparse.Namespace, inputs: RegionInputs, units: pd.DataFrame) -> str:
    """The ``--explain`` text: a short header and one line per indicator."""
    from indicators.gapscore.explain import explain_area

    rows = explain_area(inputs.values, inputs.spec, args.explain, inputs.years)
    names = units.set_index(units["code"].astype(str))[f"name_{args.lang}"]
    head = (
        f"{args.explain} {names.get(args.explain, '')}: score {rows.attrs['score']:.4g}, "
        f"rank {rows.attrs['rank']:.0f}, {rows.attrs['status']} "
        f"(method {METHOD_VERSION}, {args.country} level {args.level}, "
        f"years {args.year - args.tolerance}-{args.year})\n"
    )
    shown = rows.assign(
        year=rows["year"].map(lambda y: "-" if pd.isna(y) else str(int(y))),
        group=rows["group"].replace("", "-"),
    )
    return head + shown.to_string(index=False, float_format=lambda v: f"{v:.4g}") + "\n"


def run(args: argparse.Namespace) -> int:
    """Handler of ``cam-atlas score``; returns the exit code (user errors raise)."""
    from indicators.gapscore.regions import region_inputs, score_regions

    obs, units, entries, dataset = _load(args)
    rspec = RobustnessSpec(draws=args.draws, seed=args.seed)
    options: ScoreOptions = {
        "tolerance_years": args.tolerance,
        "min_weight_share": args.min_share,
        "min_coverage": args.min_coverage,
        "by_domain": {"auto": None, "yes": True, "no": False}[args.by_domain],
        "comparison_set": f"{args.country} level {args.level} ({len(units)} units), year "
        f"{args.year - args.tolerance}-{args.year}",
        **parse_method(args.method),
    }
    ids, weights = _ids(args.indicators), parse_weights(args.weights)
    if getattr(dataset, "synthetic", False):
        print(f"cam-atlas: note: dataset {args.dataset!r} is SYNTHETIC", file=sys.stderr)
    if args.explain:
        inputs = region_inputs(obs, units, entries, args.year, ids, weights, **options)
        _write(args, _explain(args, inputs, units))
        return 0
    table = score_regions(
        obs,
        units,
        entries,
        args.year,
        indicators=ids,
        weights=weights,
        robustness=rspec,
        name_column=f"name_{args.lang}",
        **options,
    )
    for line in note_lines(_exclusions(table)):
        print(f"cam-atlas: note: {line}", file=sys.stderr)
    used = table.attrs.get("normalisation_by_indicator", {})
    if table.attrs["method"]["normalisation"] == "goalposts":
        fallback = [i for i, m in used.items() if m != "goalposts"]
        if fallback:
            print(
                f"cam-atlas: note: no goalposts for {', '.join(fallback)}; min-max used",
                file=sys.stderr,
            )
    _write(args, _format(table, args, dataset))
    return 0


def _write(args: argparse.Namespace, text: str) -> None:
    """To ``-o FILE`` when given, else standard output."""
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
