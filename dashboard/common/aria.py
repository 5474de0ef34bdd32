"""``aria-*`` attributes for Dash HTML components: ``html.Div(..., **aria(live="polite"))``.

Dash takes ``aria-*`` props only through a component's untyped ``**kwargs`` (the names are not
Python identifiers). A literal ``**{"aria-live": "polite"}`` fails type checking: mypy checks a
``dict[str, str]``'s values against every named keyword parameter (``hidden``, ``n_clicks``...).
"""

from __future__ import annotations

from typing import Any


def aria(**attrs: str) -> dict[str, Any]:
    """``aria(live="polite", label="Map")`` -> ``{"aria-live": "polite", "aria-label": "Map"}``."""
    return {f"aria-{name}": value for name, value in attrs.items()}
