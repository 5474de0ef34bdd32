"""AG Grid columns and rows for the Data availability page (no Dash imports).

Two views of ``dashboard.availability.view.matrix_for``:

- **summary**: one row per indicator, one column per year; a cell reads ``7 / 9`` (areas with
  a value / areas in that year's layout) and carries a coverage band (``all most some
  nodata``);
- **detail** (one indicator): one row per area, one column per year; a cell names the status
  tier of the value (``official table``, ``derived``, ...), ``no data``, or ``not in layout``.

Every cell has a text (never colour alone), a CSS class suffix (``<field>_cls``, used by the
``CamCell`` renderer in ``assets/scores-grid.js``) and a tooltip (``<field>_tip``) with the
value, its unit and its source. All texts are plain text.
"""

from __future__ import annotations

import pandas as pd

from dashboard.availability.view import (
    BANDS,
    NO_DATA,
    NOT_IN_LAYOUT,
    STATUS_ORDER,
    AvailabilityState,
    area_names,
    cell_sources,
    load,
    matrix_for,
    summary,
)
from dashboard.common.format import unit_label
from dashboard.i18n import t
from dashboard.i18n.numbers import format_number

CELL_RENDERER = "CamCell"


def _year_field(year: int) -> str:
    return f"y{int(year)}"


def _year_columns(years: list[int], lang: str) -> list[dict]:
    """One narrow column per year (given newest first, so the latest years are in view at
    1440 px); the cell renderer shows ``<field>`` styled by its class."""
    return [
        {
            "field": _year_field(y),
            "headerName": str(y),
            "cellRenderer": CELL_RENDERER,
            "tooltipField": f"{_year_field(y)}_tip",
            "sortable": False,
            "width": 92,
            "minWidth": 84,
            "cellClass": "cam-avail-cell",
        }
        for y in years
    ]


def _lead_column(field: str, header: str) -> dict:
    """The pinned first column (indicator or area name), wrapping long labels."""
    return {
        "field": field,
        "headerName": header,
        "pinned": "left",
        "minWidth": 150,
        "width": 210,
        "wrapText": True,
        "autoHeight": True,
        "tooltipField": f"{field}_tip",
        "cellClass": "cam-avail-lead",
    }


def labelled(label: str, unit: str) -> str:
    """``label (unit)`` unless the label already names its unit (``..., %``, ``... cases``,
    ``... per 1,000 population``)."""
    text, unit_text = label.lower(), unit.lower()
    rate = unit_text[unit_text.find("per ") :] if "per " in unit_text else None
    if unit_text in text or (rate and rate in text):
        return label
    return f"{label} ({unit})"


def indicator_options(state: AvailabilityState, lang: str) -> list[tuple[str, str]]:
    """``(id, label)`` of indicators with any value at this country and level (catalogue order)."""
    from indicators.catalogue import catalogue

    table = matrix_for(state)
    present = set(table.loc[table["has_value"], "indicator"])
    return [(i, e.label(lang)) for i, e in catalogue().items() if i in present]


def summary_grid(state: AvailabilityState, lang: str) -> tuple[list[dict], list[dict]]:
    """``(columnDefs, rowData)`` of the summary: indicators x years."""
    from indicators.catalogue import catalogue

    entries = catalogue()
    counts = summary(matrix_for(state))
    counts = counts[
        counts["indicator"].isin(set(counts.loc[counts["with_value"] > 0, "indicator"]))
    ]
    years = sorted(int(y) for y in counts["year"].unique())
    rows = []
    for ind in [i for i in entries if i in set(counts["indicator"])]:
        entry = entries[ind]
        label = labelled(entry.label(lang), unit_label(entry.unit, lang))
        row: dict[str, object] = {"id": ind, "indicator": label, "indicator_tip": label}
        mine = counts[counts["indicator"].eq(ind)].set_index("year")
        for year in years:
            field = _year_field(year)
            if year not in mine.index or int(mine.loc[year, "with_value"]) == 0:
                row[field] = t("availability.band.nodata", lang)
                row[f"{field}_cls"] = NO_DATA
                row[f"{field}_tip"] = t("availability.tip.none", lang, year=year)
                continue
            cell = mine.loc[year]
            n, total = int(cell["with_value"]), int(cell["total"])
            row[field] = t("availability.cell.count", lang, count=n, total=total)
            row[f"{field}_cls"] = cell["band"]
            tier = t(f"common.status.{cell['best']}", lang) if cell["best"] else ""
            row[f"{field}_tip"] = t(
                "availability.tip.count", lang, year=year, count=n, total=total, tier=tier
            )
        rows.append(row)
    columns = [_lead_column("indicator", t("availability.column.indicator", lang))]
    columns[0]["cellClass"] += " cam-avail-link"  # a click opens the indicator's detail
    return columns + _year_columns(years[::-1], lang), rows


def _value_tip(row: pd.Series, source: str, decimals: int, unit: str, lang: str) -> str:
    """Tooltip of a cell with a value: value and unit, year, tier and source title."""
    return t(
        "availability.tip.value",
        lang,
        value=format_number(float(row["value"]), lang, decimals),
        unit=unit,
        year=int(row["year"]),
        tier=t(f"common.status.{row['status']}", lang),
        source=source,
    )


def detail_grid(state: AvailabilityState, lang: str) -> tuple[list[dict], list[dict]]:
    """``(columnDefs, rowData)`` for ``state.indicator``: areas x years with status tiers."""
    from indicators.catalogue import catalogue

    entry = catalogue()[str(state.indicator)]
    dataset = load(state)
    table = matrix_for(state)
    table = table[table["indicator"].eq(state.indicator)]
    years = sorted(int(y) for y in table["year"].unique())
    names = area_names(state.country, state.level, lang)
    sources = cell_sources(dataset, table)
    unit = unit_label(entry.unit, lang)
    codes = sorted(set(table["code"]), key=lambda c: (names.get(c, c), c))
    cells = {(r["code"], int(r["year"])): (i, r) for i, r in table.iterrows()}
    rows = []
    for code in codes:
        name = names.get(code, code)
        row: dict[str, object] = {"id": code, "area": name, "area_tip": f"{name} ({code})"}
        for year in years:
            field = _year_field(year)
            found = cells.get((code, year))
            if found is None:
                row[field] = t("availability.cell.absent", lang)
                row[f"{field}_cls"] = NOT_IN_LAYOUT
                row[f"{field}_tip"] = t("availability.tip.absent", lang, year=year)
            elif not found[1]["has_value"]:
                row[field] = t("availability.band.nodata", lang)
                row[f"{field}_cls"] = NO_DATA
                row[f"{field}_tip"] = f"{year}: {t('common.nodata', lang)}"
            else:
                idx, cell = found
                titles = [
                    getattr(dataset.sources.get(s), "title", s)
                    for s in str(sources.get(idx, "")).split(";")
                    if s
                ]
                row[field] = t(f"availability.status.{cell['status']}", lang)
                row[f"{field}_cls"] = str(cell["status"])
                row[f"{field}_tip"] = _value_tip(
                    cell, "; ".join(titles) or "—", entry.decimals, unit, lang
                )
        rows.append(row)
    columns = [_lead_column("area", t("availability.column.area", lang))]
    return columns + _year_columns(years[::-1], lang), rows


def legend(detail: bool, lang: str, present: set[str] | None = None) -> list[tuple[str, str]]:
    """``(css class suffix, label)`` of the legend for the summary or the detail view; with
    ``present`` only the classes that occur (no data is always listed)."""
    if not detail:
        items = [(b, t(f"availability.band.{b}", lang)) for b in BANDS]
    else:
        items = [(s, t(f"availability.status.{s}", lang)) for s in STATUS_ORDER]
        items += [
            (NO_DATA, t("availability.band.nodata", lang)),
            (NOT_IN_LAYOUT, t("availability.cell.absent", lang)),
        ]
    if present is None:
        return items
    return [(cls, text) for cls, text in items if cls in present or cls == NO_DATA]


def classes(rows: list[dict]) -> set[str]:
    """Cell classes used in ``rows`` (for the legend)."""
    return {str(v) for row in rows for k, v in row.items() if k.endswith("_cls")}
