"""Controls shared by the pages with a region filter (Gap scores, Data availability): the
region select's options, keeping a choice after a change of place, and the SYNTHETIC banner.
Texts come from ``dashboard/i18n`` in the page language."""

from __future__ import annotations

from dash import html

from dashboard.common.areas import area_name
from dashboard.common.datasets import synthetic_banner
from dashboard.i18n import t
from dashboard.state.model import ALL

ALL_REGIONS = ALL  # region select value meaning no region filter


def banner(synthetic: bool, lang: str) -> html.Div | None:
    """The SYNTHETIC warning shown while synthetic data is on (None otherwise)."""
    return synthetic_banner(lang) if synthetic else None


def still_offered(value: object, options: list[dict], default: str) -> object:
    """``value`` while ``options`` still offer it, else ``default`` (after a change of place)."""
    return value if value in {o["value"] for o in options} else default


def region_options(country: str, lang: str) -> list[dict]:
    """ "All regions" then the admin-1 regions of ``country`` (current layout) by name."""
    from geodata.layers import units

    regions = sorted(
        ((str(r["code"]), area_name(r, lang)) for r in units(country, 1).to_dict("records")),
        key=lambda item: item[1],
    )
    return [{"label": t("scores.controls.region_all", lang), "value": ALL_REGIONS}] + [
        {"label": name, "value": code} for code, name in regions
    ]
