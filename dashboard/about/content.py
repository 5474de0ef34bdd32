"""What the About page lists, computed from the catalogue, the sources and the docs (no Dash).

- :func:`indicator_rows`: every catalogue indicator by domain, in the UI language, with the
  number of figures the default dataset holds for it.
- :func:`source_rows`: every source of the default dataset (publisher, title, date, URL,
  licence, tier) with its number of figures, most authoritative tier first.
- :func:`document`: ``docs/METHOD.md`` or ``docs/IMPORT.md`` as Markdown, with its links to
  ``/assets/`` made relative to the app's URL prefix (None in an installation without docs).
- :func:`notice_text`: the repository's ``NOTICE`` (boundary licences), or None.
- :func:`flagged_values`: the published values the range rule flags as implausible
  (``indicators.plausibility.flagged_rows``), kept as published, with their source and reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from dashboard.common.format import unit_label
from dashboard.i18n import t
from geodata.errors import UserFacingError

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"
DOCUMENTS: tuple[str, ...] = ("METHOD.md", "IMPORT.md")
SECTIONS: tuple[str, ...] = ("indicators", "method", "sources", "boundaries", "import", "limits")
"""The page's sections, in order; each is also its anchor (``/about#sources``)."""


@dataclass(frozen=True)
class IndicatorRow:
    """One catalogue entry as shown (texts in the UI language)."""

    id: str
    label: str
    definition: str
    unit: str
    direction: str
    target: str
    group: str
    figures: int


@dataclass(frozen=True)
class SourceRow:
    """One source of the default dataset as shown (``date`` empty when not stated)."""

    id: str
    publisher: str
    title: str
    date: str
    url: str
    licence: str
    tier: str
    figures: int


@dataclass(frozen=True)
class FlaggedValue:
    """One published value flagged implausible, as shown (texts in the UI language).

    ``value`` is the figure as published (never corrected); ``platform``, ``file`` and ``row``
    locate it in the source (``source_locator``: ``<platform> <file> row <n>``)."""

    indicator_id: str
    indicator: str
    area: str
    year: str
    breakdown: str
    value: str
    publisher: str
    platform: str
    file: str
    row: str
    reason: str


LOCATOR = re.compile(r"(?P<platform>.*?)\s*(?P<file>\S+) row (?P<row>\d+)")
"""``source_locator``: ``kaz-bns build 01fb7fe (2024-10-24) ru/data/4-2-1.csv row 2`` or
``indicator-sources/<file> row <n>`` (no platform)."""


@lru_cache(maxsize=2)
def _figure_counts(version: str) -> tuple[dict[str, int], dict[str, int], int]:
    """Figures per indicator and per source id in the default dataset, and the number of
    figures computed in code (status ``derived``), for one dataset version."""
    from indicators.dataset import load_dataset

    observations = load_dataset().observations
    observations = observations[observations["value"].notna()]
    by_indicator = observations["indicator"].value_counts().to_dict()
    by_source = observations.loc[observations["source_id"].ne(""), "source_id"]
    derived = int(observations["status"].eq("derived").sum())
    return by_indicator, by_source.value_counts().to_dict(), derived


def figure_counts() -> tuple[dict[str, int], dict[str, int], int]:
    """``_figure_counts`` for the current default dataset."""
    from indicators.dataset import load_dataset

    return _figure_counts(load_dataset().version)


def definition(entry, lang: str) -> str:
    """The indicator's definition in ``lang`` (Kazakh and Kyrgyz read the Russian one)."""
    for candidate in (lang, "ru", "en"):
        text = entry.definition.get(candidate)
        if text:
            return text
    return ""


def indicator_rows(lang: str) -> dict[str, list[IndicatorRow]]:
    """Catalogue rows by domain (``indicators.catalogue.DOMAINS`` order, catalogue order)."""
    from dashboard.i18n.numbers import format_number
    from indicators.catalogue import DOMAINS, catalogue

    by_indicator, _, _ = figure_counts()
    out: dict[str, list[IndicatorRow]] = {domain: [] for domain in DOMAINS}
    for entry in catalogue().values():
        unit = unit_label(entry.unit, lang)
        target = ""
        if entry.target is not None:
            gap = "" if entry.unit == "percent" else " "  # 95%, but 5 cases
            value = f"{format_number(entry.target, lang, entry.decimals)}{gap}{unit}"
            target = t("about.target", lang, target=value)
        row = IndicatorRow(
            id=entry.id,
            label=entry.label(lang),
            definition=definition(entry, lang),
            unit=unit,
            direction=t(f"about.direction.{entry.direction}", lang),
            target=target,
            group=entry.comparable_group,
            figures=int(by_indicator.get(entry.id, 0)),
        )
        out.setdefault(entry.domain, []).append(row)
    return {domain: rows for domain, rows in out.items() if rows}


def source_rows() -> list[SourceRow]:
    """Every source of the default dataset, by tier (``indicators.sources.TIERS``), then by
    number of figures (most first) and publisher."""
    from indicators.dataset import load_dataset
    from indicators.sources import tier_rank

    _, by_source, _ = figure_counts()
    rows = [
        SourceRow(
            s.id,
            s.publisher,
            s.title,
            s.date,
            s.url,
            s.licence,
            s.tier,
            int(by_source.get(s.id, 0)),
        )
        for s in load_dataset().sources.values()  # the registry + the SDG platforms' sources
    ]
    return sorted(rows, key=lambda r: (tier_rank(r.tier), -r.figures, r.publisher, r.id))


def derived_figures() -> int:
    """Figures computed by CAM Atlas from published ones (status ``derived``)."""
    return figure_counts()[2]


def document(name: str, assets_prefix: str = "/assets/") -> str | None:
    """The Markdown of ``docs/<name>`` (one of ``DOCUMENTS``), links to ``/assets/`` rewritten
    to ``assets_prefix`` and headings two levels down (the page has its h1 and h2); None when
    the file is not there (e.g. an installed wheel)."""
    if name not in DOCUMENTS:
        raise ValueError(f"not a CAM Atlas document: {name!r}")
    path = DOCS / name
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    return demote_headings(text.replace("](/assets/", f"]({assets_prefix}"), by=2)


def demote_headings(markdown: str, by: int) -> str:
    """``markdown`` with every ATX heading ``by`` levels lower (at most level 6), code blocks
    untouched: an embedded document's ``# Title`` must not compete with the page's own h1/h2."""
    out, fenced = [], False
    for line in markdown.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            if line[level : level + 1] in (" ", ""):
                line = "#" * min(level + by, 6) + line[level:]
        out.append(line)
    return "\n".join(out) + "\n"


def notice_text() -> str | None:
    """The ``NOTICE`` file (boundary licences and the changes made), or None."""
    path = REPO / "NOTICE"
    return path.read_text(encoding="utf-8") if path.is_file() else None


@lru_cache(maxsize=8)
def _flagged_values(version: str, lang: str) -> tuple[FlaggedValue, ...]:
    """``flagged_values`` for one version of the default dataset."""
    from dashboard.i18n.numbers import format_number
    from geodata.gazetteer import names
    from indicators.catalogue import catalogue
    from indicators.dataset import load_dataset
    from indicators.plausibility import flagged_rows, valid_range

    dataset = load_dataset()
    entries = catalogue()
    out = []
    for row in flagged_rows(dataset, breakdowns=True).to_dict("records"):
        entry = entries.get(row["indicator"])
        group = entry.comparable_group if entry else ""
        decimals = entry.decimals if entry else 1
        unit = unit_label(str(row["unit"]), lang)
        low, high = valid_range(str(row["unit"]), group) or (float("nan"), float("nan"))
        located = LOCATOR.fullmatch(str(row["source_locator"]).strip())
        source = dataset.sources.get(row["source_id"])
        try:
            area = names(row["area_code"], row["vintage"] or None).get(lang) or row["area_name"]
        except UserFacingError:  # a code outside the gazetteer: the name as the source printed it
            area = str(row["area_name"] or row["area_code"])
        out.append(
            FlaggedValue(
                indicator_id=row["indicator"],
                indicator=entry.label(lang) if entry else row["indicator"],
                area=str(area),
                year=str(row["year"]),
                breakdown=str(row.get("breakdown") or ""),
                value=format_number(row["value"], lang, decimals),
                publisher=source.publisher if source else "",
                platform=located["platform"] if located else "",
                file=located["file"] if located else str(row["source_locator"]),
                row=located["row"] if located else "",
                reason=t(
                    "about.flagged.reason",
                    lang,
                    low=format_number(low, lang),
                    high=format_number(high, lang),
                    unit=unit,
                ),
            )
        )
    return tuple(out)


def flagged_values(lang: str) -> tuple[FlaggedValue, ...]:
    """Every published value of the default dataset (totals, then breakdowns) outside its
    indicator's valid range, as published: kept in the data, skipped by maps and scores."""
    from indicators.dataset import load_dataset

    return _flagged_values(load_dataset().version, lang)
