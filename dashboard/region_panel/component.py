"""``RegionPanel``: the All-in-One Region panel and the program officers' area filter.

The panel belongs to the ``MapCard`` with the same ``aio_id``: its callbacks
(``dashboard.region_panel.callbacks``) pair the two with ``MATCH``. It holds:

- an area picker (searchable; a click on the map selects too): the selected area's name in the
  UI language (other languages in small text), its value for the map's year with the source,
  a trend chart of the map's indicator for the area, its parent region and the country, a
  table listing every charted value with its source and quality, and for a region its
  districts with their values ("no data" where missing);
- the area filter: a searchable multi-select of regions and districts that fades the other
  areas on the map and travels to other pages as the ``areas`` query key.

IDs are pattern-matching dicts ``{"component": "RegionPanel", "subcomponent": ..., "aio_id":
...}`` (:class:`RegionPanel.ids`). Everything shown is plain text (names, sources and notes are
never rendered as HTML). The render helpers below are pure functions of a
``dashboard.region_panel.profile.Profile``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.common import areas as area_query
from dashboard.common.aria import aria
from dashboard.components.graph import atlas_graph
from dashboard.i18n import LANGUAGES, t
from dashboard.map.state import MapState
from dashboard.region_panel.profile import DistrictRow, Profile, SeriesPoint, SourceRef
from dashboard.region_panel.trend import is_rate, trend_figure

DATA_PAGE_MODULES = ("dashboard.data_page.page",)
CHART_NO_ZOOM = ("zoom2d", "pan2d", "zoomIn2d", "zoomOut2d", "autoScale2d", "resetScale2d")


def _id(subcomponent: str, aio_id: object, **extra: object) -> dict:
    return {"component": "RegionPanel", "subcomponent": subcomponent, "aio_id": aio_id, **extra}


class PanelView(TypedDict, total=False):
    """The panel's first view by output name: ``render_panel``'s (head, body, actions_hidden,
    data_href, data_hidden, status) and ``filter_changed``'s (highlight, note, href, hidden)."""

    highlight: dict | None
    head: Any
    body: Any
    actions_hidden: bool
    data_href: str
    data_hidden: bool
    status: Any
    note: Any
    href: str
    hidden: bool


class RegionPanel(html.Section):
    """The Region panel and area filter for the map card ``aio_id`` (see module docstring)."""

    class ids:
        """Pattern-matching IDs of the panel's parts (``aio_id`` may be ``MATCH``)."""

        picker = staticmethod(lambda aio_id: _id("picker", aio_id))
        filter = staticmethod(lambda aio_id: _id("filter", aio_id))
        filter_note = staticmethod(lambda aio_id: _id("filter-note", aio_id))
        filter_link = staticmethod(lambda aio_id: _id("filter-link", aio_id))
        head = staticmethod(lambda aio_id: _id("head", aio_id))
        body = staticmethod(lambda aio_id: _id("body", aio_id))
        status = staticmethod(lambda aio_id: _id("status", aio_id))
        show_on_map = staticmethod(lambda aio_id: _id("show-on-map", aio_id))
        data_link = staticmethod(lambda aio_id: _id("data-link", aio_id))
        actions = staticmethod(lambda aio_id: _id("actions", aio_id))
        highlight = staticmethod(lambda aio_id: _id("highlight", aio_id))
        url_sink = staticmethod(lambda aio_id: _id("url-sink", aio_id))
        heading = staticmethod(lambda aio_id: _id("heading", aio_id))

        @staticmethod
        def goto(aio_id: object, code: object) -> dict:
            """A button in the panel that selects area ``code`` (a district, the parent)."""
            return _id("goto", aio_id, code=code)

    def __init__(
        self,
        aio_id: str,
        state: MapState,
        query: Mapping[str, object],
        options: list[dict],
        first: PanelView | None = None,
    ) -> None:
        """``state``: the map state from the URL; ``query``: the raw query (``area``,
        ``areas``); ``options``: picker options for the map's countries and year; ``first``:
        the panel's first view by output name (``callbacks.first_panel``), else empty."""
        lang = state.lang
        first = first or {}
        area, areas, bad_area, bad_areas = first_selection(state, query)
        wanted = [code for code in (area, *areas) if code is not None]
        options = options + area_query.missing_options(wanted, options, lang)
        notes = [
            dbc.Alert(
                t("region.error.bad_area", lang, value=value),
                color="info",
                dismissable=True,
                class_name="mb-2",
            )
            for value in [*bad_area, *bad_areas]
        ]
        heading_id = f"region-panel-heading-{aio_id}"
        super().__init__(
            className="cam-region-panel card mt-4",
            **aria(labelledby=heading_id),
            children=[
                dcc.Store(id=self.ids.highlight(aio_id), data=first.get("highlight")),
                dcc.Store(id=self.ids.url_sink(aio_id), data=None),
                html.Div(
                    [
                        html.H2(t("region.heading", lang), id=heading_id, className="h4 mb-3"),
                        *notes,
                        html.Div(
                            first.get("status"),
                            id=self.ids.status(aio_id),
                            role="status",
                            **aria(live="polite"),
                        ),
                        _pickers(aio_id, lang, options, area, areas, first),
                        html.Div(
                            first.get("head", empty_body(lang)),
                            id=self.ids.head(aio_id),
                            className="cam-region-head",
                            **aria(live="polite"),
                        ),
                        _actions(aio_id, lang, first),
                        html.Div(
                            first.get("body"), id=self.ids.body(aio_id), className="cam-region-body"
                        ),
                    ],
                    className="card-body",
                ),
            ],
        )


def first_selection(
    state: MapState, query: Mapping[str, object]
) -> tuple[str | None, list[str], list[str], list[str]]:
    """The picker's and the filter's first values from the URL's ``area`` and ``areas`` (codes
    of the map's countries), and the values that were not such codes."""
    area, bad_area = area_query.parse_area(query.get("area"), state.countries())
    areas, bad_areas = area_query.parse_areas(query.get("areas"), state.countries())
    return area, list(areas), list(bad_area), list(bad_areas)


def dropdown_labels(lang: str) -> dcc.Dropdown.Labels:
    """The Dash dropdown's own texts in ``lang``."""

    def text(name: str) -> str:
        return t(f"region.dropdown.{name}", lang)

    return {
        "select_all": text("select_all"),
        "deselect_all": text("deselect_all"),
        "selected_count": text("selected_count"),
        "search": text("search"),
        "clear_search": text("clear_search"),
        "clear_selection": text("clear_selection"),
        "no_options_found": text("no_options_found"),
    }


def _labelled(label_id: str, label: str, help_text: str, control, extra=None):
    """A form group: label, control, help text; the group is named by its label."""
    return html.Div(
        [
            html.Div(label, id=label_id, className="form-label fw-semibold mb-1"),
            html.Div(control, role="group", **aria(labelledby=label_id)),
            html.Div(help_text, className="form-text"),
            *([extra] if extra is not None else []),
        ],
        className="mb-3",
    )


def _pickers(aio_id: str, lang: str, options: list[dict], area, areas, first: PanelView) -> dbc.Row:
    """The area picker and the program officers' area filter, side by side (the filter's
    note and link as in ``first``)."""
    picker = dcc.Dropdown(
        id=RegionPanel.ids.picker(aio_id),
        options=options,
        value=area,
        placeholder=t("region.picker.placeholder", lang),
        searchable=True,
        clearable=True,
        labels=dropdown_labels(lang),
        maxHeight=320,
        className="cam-area-picker",
    )
    filt = dcc.Dropdown(
        id=RegionPanel.ids.filter(aio_id),
        options=options,
        value=areas,
        multi=True,
        placeholder=t("region.filter.placeholder", lang),
        searchable=True,
        clearable=True,
        labels=dropdown_labels(lang),
        maxHeight=320,
        className="cam-area-filter",
    )
    filter_extra = html.Div(
        [
            html.Span(first.get("note"), id=RegionPanel.ids.filter_note(aio_id), className="me-2"),
            html.A(
                t("region.filter.open_data", lang),
                id=RegionPanel.ids.filter_link(aio_id),
                href=str(first.get("href") or "#"),
                hidden=bool(first.get("hidden", True)),
            ),
        ],
        className="small mt-1",
        role="status",
    )
    return dbc.Row(
        [
            dbc.Col(
                _labelled(
                    f"region-picker-label-{aio_id}",
                    t("region.picker.label", lang),
                    t("region.picker.help", lang),
                    picker,
                ),
                md=6,
            ),
            dbc.Col(
                _labelled(
                    f"region-filter-label-{aio_id}",
                    t("region.filter.label", lang),
                    t("region.filter.help", lang),
                    filt,
                    filter_extra,
                ),
                md=6,
            ),
        ],
        className="g-3",
    )


def _actions(aio_id: str, lang: str, first: PanelView) -> html.Div:
    """Buttons for the selected area (hidden until an area is selected; as in ``first``)."""
    return html.Div(
        [
            dbc.Button(
                t("region.action.map", lang),
                id=RegionPanel.ids.show_on_map(aio_id),
                color="primary",
                size="sm",
                class_name="me-2 mb-2",
            ),
            html.A(
                t("region.action.data", lang),
                id=RegionPanel.ids.data_link(aio_id),
                href=str(first.get("data_href") or "#"),
                className="btn btn-outline-primary btn-sm mb-2",
                hidden=bool(first.get("data_hidden", True)),
            ),
        ],
        id=RegionPanel.ids.actions(aio_id),
        hidden=bool(first.get("actions_hidden", True)),
        className="mb-2",
    )


def empty_body(lang: str) -> html.P:
    """The hint shown before an area is selected."""
    return html.P(t("region.empty", lang), className="text-muted mb-0")


def data_page_path() -> str | None:
    """The relative path of the registered Data page, or None while there is none."""
    for page in dash.page_registry.values():
        if page.get("module") in DATA_PAGE_MODULES:
            return page["relative_path"]
    return None


# ---------------------------------------------------------------- rendering a profile


def _source_links(sources: tuple[SourceRef, ...], lang: str, quality: str = "") -> list:
    """Each source as a link to its address (plain text when it has none)."""
    if not sources:
        return [t("region.table.no_source", lang)]
    parts: list = []
    for i, source in enumerate(sources):
        if i:
            parts.append("; ")
        if source.url:
            parts.append(
                html.A(
                    source.publisher,
                    href=source.url,
                    title=source.title,
                    target="_blank",
                    rel="noopener noreferrer",
                )
            )
        else:
            parts.append(html.Span(source.publisher, title=source.title))
    return parts


def _source_cell(point: SeriesPoint | DistrictRow, lang: str) -> list:
    """Sources of a value; a value derived in CAM Atlas names the sources of its inputs."""
    links = _source_links(point.sources, lang)
    if point.status == "derived" and point.sources:
        return [t("region.table.derived", lang) + ": ", *links]
    return links


def _other_names(profile: Profile, lang: str) -> html.P | None:
    """The area's names in the other languages (distinct ones only), in small text."""
    shown = {profile.name}
    parts = []
    for other in LANGUAGES:
        name = profile.names.get(other, "")
        if other != lang and name and name not in shown:
            shown.add(name)
            parts.append(html.Span([html.Abbr(other.upper(), lang=other), " ", name], lang=other))
    if not parts:
        return None
    joined: list = [t("region.other_names", lang) + ": "]
    for i, part in enumerate(parts):
        joined.extend([" · "] if i else [])
        joined.append(part)
    return html.P(joined, className="small text-muted mb-2")


def _kind_text(profile: Profile, lang: str) -> str:
    """E.g. "District, Almaty Region" or "Region, Kazakhstan"."""
    kind = t(f"region.kind.{profile.kind}", lang) if profile.kind else ""
    return t("region.kind.in", lang, kind=kind, parent=profile.parent_name) if kind else ""


def _headline(profile: Profile, lang: str) -> html.Div:
    """The area's value for the map's year (with source) and the national value."""
    label = t("region.current", lang, indicator=profile.indicator.label, year=profile.year)
    current = profile.current
    value: html.Span | html.Strong
    if current is None:
        value = html.Span(t("region.current.none", lang), className="cam-nodata")
        source: list = []
    else:
        year_note = f" ({current.year})" if current.year != profile.year else ""
        value = html.Strong(f"{current.value_text} {profile.unit}{year_note}")
        source = [
            html.Span(" · "),
            html.Span(t("region.current.source", lang) + " "),
            *_source_cell(current, lang),
        ]
    national = profile.national
    country = t(f"common.country.{profile.country}", lang)
    if national is None:
        national_text = t("region.current.national_none", lang, country=country, year=profile.year)
    else:
        national_text = t(
            "region.current.national",
            lang,
            country=country,
            value=national.value_text,
            unit=profile.unit,
            year=national.year,
        )
    return html.Div(
        [
            html.P([html.Span(label + " "), value, *source], className="mb-1"),
            html.P(national_text, className="small mb-2"),
        ],
        className="cam-region-headline",
    )


def _chart_label(profile: Profile, lang: str) -> str:
    """The chart's accessible description."""
    years = [p.year for p in profile.points]
    return t(
        "region.chart.label",
        lang,
        indicator=profile.indicator.label,
        unit=profile.unit,
        series=", ".join(profile.series_names().values()),
        first=min(years),
        last=max(years),
    )


def _chart(aio_id: str, profile: Profile, lang: str) -> list:
    """Heading, the trend chart (with aria label), notes on breaks and scales."""
    heading = html.H4(
        t("region.chart.heading", lang, indicator=profile.indicator.label), className="h6 mb-1"
    )
    if not profile.points:
        return [heading, html.P(t("region.chart.none", lang, area=profile.name), className="mb-2")]
    graph = atlas_graph(
        _id("chart", aio_id), lang, trend_figure(profile, lang), f"cam-atlas-{profile.code}"
    )
    # The chart neither zooms nor pans: keep only the image download in its modebar.
    graph.config = {
        **graph.config,
        "modeBarButtonsToRemove": [*graph.config["modeBarButtonsToRemove"], *CHART_NO_ZOOM],
    }
    notes = [
        t("region.chart.break_note", lang, area=b.area, before=b.before, year=b.year)
        for b in profile.breaks
    ]
    if not is_rate(profile.indicator.unit) and len(profile.series_names()) > 1:
        notes.append(t("region.chart.counts_note", lang))
    return [
        heading,
        html.Div(
            graph,
            role="figure",
            className="cam-trend",
            **aria(label=_chart_label(profile, lang)),
        ),
        *[html.P(n, className="cam-note small mb-1") for n in notes],
    ]


def values_table(profile: Profile, lang: str) -> html.Div:
    """Every charted value, one row group per series (area, parent, country), newest first:
    year, value, source (linked) with its quality under it."""
    heads = ["year", "value", "source_quality"]
    head_row = html.Tr(
        [
            html.Th(
                t(f"region.table.{h}", lang, unit=profile.unit),
                scope="col",
                className="text-end" if h == "value" else None,
            )
            for h in heads
        ]
    )
    groups = []
    for role, name in profile.series_names().items():
        points = sorted((p for p in profile.points if p.role == role), key=lambda p: -p.year)
        rows = [
            html.Tr(html.Th(name, colSpan=len(heads), scope="colgroup", className="table-light"))
        ]
        rows += [
            html.Tr(
                [
                    html.Th(str(p.year), scope="row", className="fw-normal"),
                    html.Td(p.value_text, className="text-end text-nowrap"),
                    html.Td(
                        [
                            *_source_cell(p, lang),
                            html.Br(),
                            html.Span(p.quality, className="small text-muted"),
                        ]
                    ),
                ]
            )
            for p in points
        ]
        groups.append(html.Tbody(rows))
    return html.Div(
        html.Table(
            [html.Caption(t("region.table.caption", lang)), html.Thead(head_row), *groups],
            className="table table-sm caption-top mb-0",
        ),
        className="table-responsive cam-region-values",
        tabIndex="0",
    )


def districts_table(aio_id: str, profile: Profile, lang: str) -> list:
    """The region's districts with their values ("no data" where missing); names select."""
    heading = html.H4(t("region.districts.heading", lang), className="h6 mb-1")
    if not profile.districts:
        return [heading, html.P(t("region.districts.none", lang), className="small")]
    if profile.district_year is None:
        caption = t("region.districts.caption_none", lang, region=profile.name)
    else:
        caption = t(
            "region.districts.caption",
            lang,
            region=profile.name,
            indicator=profile.indicator.label,
            year=profile.district_year,
        )
    with_values = profile.district_year is not None
    rows = []
    for d in profile.districts:
        name = html.Button(
            d.name,
            id=RegionPanel.ids.goto(aio_id, d.code),
            className="btn btn-link btn-sm p-0 text-start cam-goto",
            title=t("region.districts.select", lang, name=d.name),
            type="button",
        )
        if d.value_text:
            cells = [
                html.Td(d.value_text, className="text-end text-nowrap"),
                html.Td(_source_cell(d, lang), className="small"),
            ]
        else:
            nodata = html.Td(t("region.districts.nodata", lang), className="text-end cam-nodata")
            cells = [nodata, html.Td("")] if with_values else [nodata]
        rows.append(html.Tr([html.Th(name, scope="row"), *cells]))
    heads = [html.Th(t("region.districts.name", lang), scope="col")]
    heads.append(html.Th(profile.unit, scope="col", className="text-end"))
    if with_values:
        heads.append(html.Th(t("region.table.source", lang), scope="col"))
    return [
        heading,
        html.Div(
            html.Table(
                [html.Caption(caption), html.Thead(html.Tr(heads)), html.Tbody(rows)],
                className="table table-sm caption-top mb-0",
            ),
            className="table-responsive cam-region-districts",
            tabIndex="0",
        ),
    ]


def profile_head(aio_id: str, profile: Profile, lang: str) -> html.Div:
    """Name, kind, other-language names, the way up to the parent region, the headline."""
    title_row = [
        html.H3(profile.name, className="h5 mb-0 me-2"),
        html.Span(_kind_text(profile, lang), className="text-muted small"),
    ]
    parent_button = []
    if profile.level == 2:
        parent_button = [
            html.Button(
                t("region.action.parent", lang, parent=profile.parent_name),
                id=RegionPanel.ids.goto(aio_id, profile.parent_code),
                className="btn btn-link btn-sm p-0 mb-2",
                type="button",
            )
        ]
    other = _other_names(profile, lang)
    return html.Div(
        [
            html.Div(title_row, className="d-flex flex-wrap align-items-baseline mb-1"),
            *([other] if other is not None else []),
            *parent_button,
            _headline(profile, lang),
        ]
    )


def profile_body(aio_id: str, profile: Profile, lang: str) -> dbc.Row:
    """The chart with its values table and, for a region, the districts."""
    left = [*_chart(aio_id, profile, lang)]
    if profile.points:
        left.append(values_table(profile, lang))
    columns = [dbc.Col(left, lg=7 if profile.level == 1 else 12)]
    if profile.level == 1:
        columns.append(dbc.Col(districts_table(aio_id, profile, lang), lg=5))
    return dbc.Row(columns, className="g-4")
