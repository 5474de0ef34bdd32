"""What the Import page shows for a valid upload, as plain data (no Dash components); the
problems of an invalid one are listed by ``dashboard.import_page.problems``.

- :func:`preview_choices` / :func:`preview_map`: the upload on the map, one indicator, year,
  country and level at a time, drawn like the Map page (same frame and figure builders) from a
  dataset that exists only for this request (never stored, never cached).
- :func:`preview_rows`: the first rows of the table as they would be stored.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard.i18n import t
from dashboard.i18n.numbers import format_number

MAX_PREVIEW_ROWS = 200
PREVIEW_COLUMNS = ("area_name", "area_code", "indicator", "year", "value", "unit", "status")


@dataclass(frozen=True)
class PreviewChoice:
    """One map of the upload: an indicator in a year, country and level (1 or 2)."""

    indicator: str
    year: int
    country: str
    level: int

    @property
    def value(self) -> str:
        """The select value, ``indicator|year|country|level``."""
        return f"{self.indicator}|{self.year}|{self.country}|{self.level}"

    @classmethod
    def parse(cls, value: str) -> PreviewChoice | None:
        """The choice of a select value (None when malformed)."""
        parts = str(value or "").split("|")
        if len(parts) != 4 or not parts[1].isdigit() or parts[3] not in ("1", "2"):
            return None
        return cls(parts[0], int(parts[1]), parts[2], int(parts[3]))


def preview_choices(observations: pd.DataFrame) -> list[PreviewChoice]:
    """Every map the upload can draw (areas of level 1 or 2), most rows first."""
    if observations.empty:
        return []
    on_map = observations[observations["level"].isin([1, 2])]
    counts = on_map.groupby(["indicator", "year", "country", "level"]).size()
    ordered = counts.sort_values(ascending=False, kind="stable")
    return [PreviewChoice(str(i), int(y), str(c), int(lv)) for (i, y, c, lv) in ordered.index]


def choice_label(choice: PreviewChoice, lang: str) -> str:
    """``Indicator label, 2023 · KGZ · regions`` in ``lang``."""
    from dashboard.map.data import indicator_info

    try:
        label = indicator_info(choice.indicator, lang).label
    except Exception:  # an unknown id never reaches here (validated), but never fail a label
        label = choice.indicator
    level = t(f"import.preview.level{choice.level}", lang)
    return f"{label}, {choice.year} · {choice.country} · {level}"


def preview_map(
    observations: pd.DataFrame, choice: PreviewChoice, lang: str, prefix: str = "/"
) -> go.Figure:
    """The Map page's figure for ``choice`` drawn from the upload's observations."""
    from dashboard.georoute import layer_url
    from dashboard.map import data as map_data
    from dashboard.map.figures import choropleth_figure
    from dashboard.map.frame import build_frame
    from dashboard.map.overlay import MapOverlay
    from dashboard.map.state import MapState
    from indicators.dataset import Dataset
    from indicators.query import map_values
    from indicators.sources import sources

    preview = Dataset("preview", "preview", observations, False, "preview", sources=sources())
    state = MapState(
        country=choice.country,
        level=choice.level,
        indicator=choice.indicator,
        year=choice.year,
        lang=lang,
    )
    info = map_data.indicator_info(choice.indicator, lang)
    parts = map_data.layer_parts(state, choice.year)
    units = pd.concat([map_data.units(p) for p in parts], ignore_index=True)
    values = map_values(preview, choice.indicator, choice.year, choice.country, choice.level)
    values = values[values["code"].isin(units["code"])] if len(values) else values
    frame = build_frame(
        state, choice.year, info, units, values, values.get("value", []), preview.sources
    )
    view_key = f"preview-{choice.value}"
    return choropleth_figure(layer_url(parts, prefix), frame, lang, view_key, MapOverlay())


def preview_rows(observations: pd.DataFrame, lang: str) -> list[dict[str, str]]:
    """The first ``MAX_PREVIEW_ROWS`` observations, values formatted for ``lang``."""
    from dashboard.map.data import indicator_info

    labels: dict[str, str] = {}
    rows = []
    for record in observations.head(MAX_PREVIEW_ROWS).to_dict("records"):
        row = {c: "" if pd.isna(record.get(c)) else str(record.get(c)) for c in PREVIEW_COLUMNS}
        value = record.get("value")
        indicator = row["indicator"]
        if indicator not in labels:
            try:
                labels[indicator] = indicator_info(indicator, lang).label
            except Exception:  # validated ids are in the catalogue; never fail a preview
                labels[indicator] = indicator
        row["indicator"] = labels[indicator]
        row["value"] = "" if pd.isna(value) else format_number(float(value), lang, _decimals(value))
        rows.append(row)
    return rows


def summary(observations: pd.DataFrame) -> dict[str, int]:
    """Counts for the "valid" message: rows, indicators, areas, years."""
    return {
        "rows": len(observations),
        "indicators": int(observations["indicator"].nunique()),
        "areas": int(observations["area_code"].nunique()),
        "years": int(observations["year"].nunique()),
    }


def _decimals(value: float) -> int:
    """Decimals the value was given with (at most 4): 12.50 shows as 12.5, 3 as 3."""
    text = f"{float(value):.4f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0
