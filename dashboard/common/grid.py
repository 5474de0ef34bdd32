"""AG Grid texts a reader meets (empty grid, filters), in the UI language, for every grid."""

from __future__ import annotations

from dashboard.i18n import t


def grid_locale(lang: str) -> dict[str, str]:
    """``dashGridOptions["localeText"]`` for ``lang`` (AG Grid's own English otherwise)."""
    return {
        "noRowsToShow": t("data.table.empty", lang),
        "loadingOoo": t("common.grid.loading", lang),
        "filterOoo": t("data.grid.filter", lang),
        "contains": t("data.grid.contains", lang),
        "equals": t("data.grid.equals", lang),
        "lessThan": t("data.grid.less_than", lang),
        "greaterThan": t("data.grid.greater_than", lang),
    }
