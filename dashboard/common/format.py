"""How every page writes an indicator's value: the unit, the value with its qualifier, where the
value comes from, and the value hover shared by the map and the Region panel's trend chart.

Numbers themselves follow the UI language through ``dashboard.i18n.numbers.format_number``.
"""

from __future__ import annotations

from dashboard.i18n import catalogue as i18n_catalogue
from dashboard.i18n import t
from dashboard.i18n.numbers import format_number

QUALIFIER_PREFIX = {"lower_bound": "≥ ", "approximate": "≈ "}


def unit_label(unit: str, lang: str) -> str:
    """The catalogue unit in ``lang`` (the unit itself when it has no translation)."""
    return t(f"units.{unit}", lang) if unit in i18n_catalogue("units") else unit


def value_text(value: float, qualifier: str, decimals: int, lang: str) -> str:
    """The value formatted for ``lang``, with ≥ or ≈ for lower bounds and approximations.

    Rounded and approximate figures are not padded with zeros beyond what was published
    ("18 percent" stays 18, not 18.0): that would claim a precision the source does not have.
    """
    if qualifier in ("rounded", "approximate", "lower_bound"):
        while decimals > 0 and round(value, decimals - 1) == round(value, decimals):
            decimals -= 1
    return QUALIFIER_PREFIX.get(qualifier, "") + format_number(value, lang, decimals)


def quality_text(status: str, qualifier: str, lang: str) -> str:
    """Where the value comes from and how exact it is, e.g. ``official statistics table``."""
    parts = [t(f"common.status.{status}", lang)] if status else []
    if qualifier and qualifier != "exact":
        parts.append(t(f"common.qualifier.{qualifier}", lang))
    return " · ".join(p for p in parts if p)


def value_hovertemplate(lang: str) -> str:
    """Hover: name, value and unit, year used, source publisher, quality (from customdata)."""
    return (
        "<b>%{customdata[0]}</b><br>%{customdata[1]} %{customdata[2]}<br>"
        f"{t('map.hover.year', lang)}: %{{customdata[3]}}<br>"
        f"{t('map.hover.source', lang)}: %{{customdata[4]}}<br>"
        f"{t('map.hover.quality', lang)}: %{{customdata[5]}}<extra></extra>"
    )
