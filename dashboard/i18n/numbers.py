"""Number formatting that follows the UI language.

English writes ``12,345.6``; Russian, Kazakh and Kyrgyz write ``12 345,6`` (decimal comma, a
no-break space between thousands so a number never wraps). The same separators go to Plotly's
``layout.separators`` so that colour-bar ticks match the hover text and tables.
"""

from __future__ import annotations

import math

NBSP = "\u00a0"
_SEPARATORS: dict[str, tuple[str, str]] = {
    "en": (".", ","),
    "ru": (",", NBSP),
    "kk": (",", NBSP),
    "ky": (",", NBSP),
}


def separators(lang: str) -> tuple[str, str]:
    """``(decimal, thousands)`` separators for ``lang`` (English for unknown languages)."""
    return _SEPARATORS.get(lang, _SEPARATORS["en"])


def plotly_separators(lang: str) -> str:
    """Plotly's ``layout.separators`` string: the decimal then the thousands separator."""
    decimal, thousands = separators(lang)
    return decimal + thousands


def format_number(value: float | None, lang: str, decimals: int = 0) -> str:
    """``value`` rounded to ``decimals`` places with ``lang``'s separators; ``""`` when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    decimal, thousands = separators(lang)
    text = f"{float(value):,.{max(decimals, 0)}f}"
    return text.replace(",", "\x00").replace(".", decimal).replace("\x00", thousands)
