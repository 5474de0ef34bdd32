"""The datasets a page can show, their labels, the one SYNTHETIC banner and the store's health.

Names: ``default`` (the cited figures), imported datasets from the store
(``indicators.store``), ``demo-synthetic`` (SYNTHETIC, invented values). Every page offers the
same list; a store that cannot be listed is logged by ``indicators.dataset.stored_names`` and
its message is shown by :func:`store_alert` instead of the imported datasets silently vanishing.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html
from dash.development.base_component import Component

from dashboard.i18n import t


def user_datasets() -> list[str]:
    """Names of imported datasets in the store (none when it cannot be listed)."""
    from indicators.dataset import DEFAULT, DEMO_SYNTHETIC, stored_names

    return [n for n in stored_names()[0] if n not in (DEFAULT, DEMO_SYNTHETIC)]


def store_problem() -> str | None:
    """Why the dataset store cannot be listed, or None when it can."""
    from indicators.dataset import stored_names

    return stored_names()[1]


def dataset_names() -> list[str]:
    """Every dataset a page can show: default, imported ones, then the synthetic demo."""
    from indicators.dataset import DEFAULT, DEMO_SYNTHETIC

    return [DEFAULT, *user_datasets(), DEMO_SYNTHETIC]


def dataset_label(name: str, lang: str) -> str:
    """The select label of a dataset: cited figures, an imported table, or the SYNTHETIC demo."""
    from indicators.dataset import DEFAULT, DEMO_SYNTHETIC

    if name == DEFAULT:
        return t("data.dataset.default", lang)
    if name == DEMO_SYNTHETIC:
        return t("data.dataset.synthetic", lang)
    return t("data.dataset.user", lang, name=name)


def dataset_options(current: str, lang: str) -> list[dict[str, str]]:
    """Select options for every dataset (``current`` kept even if it has since gone)."""
    names = dataset_names()
    names = names if current in names else [*names, current]
    return [{"label": dataset_label(n, lang), "value": n} for n in names]


def synthetic_banner(lang: str, element_id: str | None = None) -> html.Div:
    """The one SYNTHETIC warning (translated) shown while the demo dataset is on."""
    text: list[Component | str] = [
        html.Strong(t("data.synthetic.title", lang) + ": "),
        t("data.synthetic.banner", lang),
    ]
    style = "alert alert-danger cam-synthetic-banner mb-3"
    if element_id:
        return html.Div(text, id=element_id, className=style, role="alert")
    return html.Div(text, className=style, role="alert")


def store_alert(lang: str) -> dbc.Alert | None:
    """A warning when the dataset store cannot be listed (imported datasets then missing)."""
    problem = store_problem()
    if problem is None:
        return None
    return dbc.Alert(
        t("data.error.store_unreadable", lang, problem=problem[:200]),
        color="warning",
        class_name="mb-2 cam-store-problem",
    )
