"""The Gap scores page (``/scores``): choose indicators, directions, targets, weights and the
method; see the ranked areas on a map and in a table with rank intervals and drivers.

Dash Pages calls :func:`layout` with the URL query (``dashboard.scores.state``), so a shared
link restores the same ranking. The controls are built here from that state; the callbacks in
``dashboard.scores.callbacks`` compute and draw (``dashboard.scores.view`` and
``dashboard.scores.frame`` do the work, without Dash).
"""

from __future__ import annotations

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.common import controls
from dashboard.common.aria import aria
from dashboard.common.datasets import dataset_names, dataset_options, store_alert
from dashboard.components.csv_download import download_button
from dashboard.components.graph import atlas_graph
from dashboard.components.map_card import dom_id
from dashboard.errors import safe_layout
from dashboard.i18n import t
from dashboard.map.figures import empty_figure
from dashboard.scores import frame as scoreframe
from dashboard.scores import parts
from dashboard.scores.callbacks import control, pid
from dashboard.scores.state import COUNTRIES, LEVELS, MAX_TOLERANCE, ScoresState, parse_query
from dashboard.scores.view import indicator_choices, score_view, selection, warm
from dashboard.scores.weights import weights_panel
from dashboard.state.model import DEFAULT_DATASET, Note
from dashboard.state.notes import note_text
from dashboard.value_kinds import OBJECT, declare_data
from indicators.gapscore.spec import AGGREGATIONS, DEFAULT_MIN_COVERAGE, NORMALISATIONS

warm()  # at import: before gunicorn forks its workers (--preload), see scoreview.warm


def _note_text(note: Note, lang: str, year: int | None) -> str:
    """The URL note naming the value and what is used instead (``common.url.bad_value``)."""
    if note.key == "year" and not note.used and year:
        return note_text(note, lang, f"{year} ({t('common.url.suggested_year', lang)})")
    return note_text(note, lang)


@safe_layout
def layout(**query: object) -> html.Div:
    """The page for the URL's query parameters (see ``dashboard.scores.state``)."""
    state, problems = parse_query(query)
    if state.dataset not in dataset_names():  # e.g. an imported dataset since removed
        problems.append(Note("dataset", state.dataset, DEFAULT_DATASET))
        state = state.with_(dataset=DEFAULT_DATASET)
    lang = state.lang
    choices = indicator_choices(state)
    selected, unknown = selection(state, choices)
    if unknown:  # well-formed ids that are not offered here ("ind=foo,bar")
        used = ",".join(selected)
        if not selected:  # nothing left: the pre-selected indicators, as without ``ind``
            state = state.with_(indicators=None)
            selected, _ = selection(state, choices)
            used = t("common.url.default_selection", lang)
        problems.append(Note("ind", ",".join(unknown), used))
    view = score_view(state)
    notes = [_note_text(n, lang, view.year) for n in problems]
    return html.Div(
        [
            dcc.Store(id=pid("lang"), data=lang),
            dcc.Store(id=pid("hl"), data=state.highlight),
            dcc.Store(id=pid("carry"), data={"both": state.both_requested, "areas": state.areas}),
            dcc.Store(id=pid("view"), data=None),
            dcc.Store(id=pid("query"), data=None),
            dcc.Store(id=pid("url-sink")),
            html.H1(t("scores.heading", lang), className="h3 mb-2"),
            html.P(t("scores.intro", lang), className="mb-3 cam-lead"),
            html.Div(controls.banner(state.synthetic, lang), id=pid("banner")),
            store_alert(lang),
            *[
                dbc.Alert(n, color="info", dismissable=True, class_name="mb-2 cam-url-note")
                for n in notes
            ],
            html.Div(id=pid("status"), role="status", **aria(live="polite")),
            dbc.Row(
                [
                    dbc.Col(_controls(state, view, choices, selected), lg=4, md=5),
                    dbc.Col(_views(state), lg=8, md=7),
                ],
                className="g-3",
            ),
            html.Div(_table(lang), className="mt-2"),
        ],
        lang=lang,
        className="cam-scores",
    )


def _labelled(text: str, component) -> html.Label:
    """A control inside its label (screen readers announce the label)."""
    return html.Label(
        [html.Span(text, className="form-label d-block mb-1"), component], className="d-block mb-3"
    )


def _radios(name: str, legend: str, options: list[dict], value: object) -> html.Fieldset:
    return html.Fieldset(
        [
            html.Legend(legend, className="form-label fs-6 mb-1"),
            dbc.RadioItems(
                id=control(name), options=options, value=value, name=f"scores-{name}", inline=True
            ),
        ],
        className="mb-3",
    )


def _place_controls(state: ScoresState, year: int | None) -> list:
    """Country, level, region, year and tolerance."""
    lang = state.lang
    countries = [{"label": t(f"common.country.{c}", lang), "value": c} for c in COUNTRIES]
    levels = [{"label": t(f"common.level.{v}", lang), "value": v} for v in LEVELS]
    return [
        _radios("country", t("scores.controls.country", lang), countries, state.country),
        _radios("level", t("scores.controls.level", lang), levels, state.level),
        _labelled(
            t("scores.controls.region", lang),
            dbc.Select(
                id=control("region"),
                options=controls.region_options(state.country, lang),
                value=state.region or controls.ALL_REGIONS,
            ),
        ),
        dbc.Row(
            [
                dbc.Col(
                    _labelled(
                        t("scores.controls.year", lang),
                        dbc.Select(
                            id=control("year"),
                            options=parts.year_options(state, lang),
                            value="" if year is None else str(year),
                        ),
                    ),
                    xs=5,
                ),
                dbc.Col(
                    _labelled(
                        t("scores.controls.tolerance", lang),
                        dbc.Select(
                            id=control("tol"),
                            options=parts.tolerance_options(lang, MAX_TOLERANCE),
                            value=str(state.tol),
                        ),
                    ),
                    xs=7,
                ),
            ],
            className="g-2",
        ),
        _labelled(
            t("data.controls.dataset", lang),
            dbc.Select(
                id=control("dataset"),
                options=dataset_options(state.dataset, lang),
                value=state.dataset,
            ),
        ),
    ]


def _method_controls(state: ScoresState) -> html.Details:
    """Normalisation, aggregation, power exponent and minimum weight share (folded away)."""
    lang = state.lang
    norms = [{"label": t(f"scores.method.norm.{n}", lang), "value": n} for n in NORMALISATIONS]
    aggs = [{"label": t(f"scores.method.agg.{a}", lang), "value": a} for a in AGGREGATIONS]
    return html.Details(
        [
            html.Summary(t("scores.controls.method", lang), className="fw-semibold mb-2"),
            html.Fieldset(
                [
                    html.Legend(t("scores.controls.norm", lang), className="form-label fs-6"),
                    dbc.RadioItems(id=control("norm"), options=norms, value=state.norm),
                ],
                className="mb-2",
            ),
            html.Fieldset(
                [
                    html.Legend(t("scores.controls.agg", lang), className="form-label fs-6"),
                    dbc.RadioItems(id=control("agg"), options=aggs, value=state.agg),
                ],
                className="mb-2",
            ),
            html.Div(
                [
                    html.Span(t("scores.controls.power", lang), id="scores-power-label"),
                    dcc.Slider(
                        id=control("power"),
                        min=-2,
                        max=2,
                        step=0.25,
                        value=state.power,
                        marks={i: str(i) for i in range(-2, 3)},
                        updatemode="mouseup",
                    ),
                ],
                role="group",
                id=pid("power-group"),
                hidden=state.agg != "power",
                className="mb-2 small",
                **aria(labelledby="scores-power-label"),
            ),
            html.Div(
                [
                    html.Span(t("scores.controls.minshare", lang), id="scores-minshare-label"),
                    dcc.Slider(
                        id=control("minshare"),
                        min=0,
                        max=1,
                        step=0.05,
                        value=state.minshare,
                        marks={0: "0%", 0.5: "50%", 0.75: "75%", 1: "100%"},
                        updatemode="mouseup",
                    ),
                ],
                role="group",
                className="small",
                **aria(labelledby="scores-minshare-label"),
            ),
        ],
        className="cam-method mb-3",
        open=state.norm != "minmax" or state.agg != "arithmetic" or state.minshare != 0.75,
    )


def _coverage_control(state: ScoresState) -> html.Div:
    """The coverage rule's share (METHOD.md §0), shown with what it means in areas."""
    lang = state.lang
    marks = {0: "0%", 1 / 3: "33%", 0.5: "50%", DEFAULT_MIN_COVERAGE: "67%", 1: "100%"}
    return html.Div(
        [
            html.Span(t("scores.controls.mincov", lang), id="scores-mincov-label"),
            dcc.Slider(
                id=control("mincov"),
                min=0,
                max=1,
                step=None,
                value=state.mincov,
                marks=marks,
                updatemode="mouseup",
            ),
            html.Span(id=pid("mincov-value"), className="cam-note"),
        ],
        role="group",
        className="small mb-2 cam-mincov",
        **aria(labelledby="scores-mincov-label"),
    )


def _controls(state: ScoresState, view, choices, selected: tuple) -> html.Section:
    """The whole settings column."""
    lang = state.lang
    why = scoreframe.card_notes(view, lang)
    context = scoreframe.context_labels(view, lang)
    return html.Section(
        [
            *_place_controls(state, view.year),
            html.Fieldset(
                [
                    html.Legend(t("scores.controls.indicators", lang), className="form-label fs-6"),
                    html.P(t("scores.controls.indicators_help", lang), className="small cam-note"),
                    _coverage_control(state),
                    html.Div(
                        weights_panel(choices, selected, state, lang, why, context),
                        id=pid("panel"),
                        className="cam-weights",
                    ),
                ],
                className="mb-3",
            ),
            _method_controls(state),
            html.A(
                t("scores.controls.reset", lang),
                href=parts.reset_href(state),
                className="small",
                id=pid("reset"),
            ),
        ],
        className="cam-controls cam-scores-controls",
        **aria(label=t("scores.controls.label", lang)),
    )


def _views(state: ScoresState) -> list:
    """Tabs (map / need versus services), title, notes, then the plane (when chosen) beside
    the map: hovering or clicking a point highlights its area on the map."""
    lang = state.lang
    plane = state.view == "plane"
    return [
        dbc.Tabs(
            [
                dbc.Tab(label=t("scores.view.map", lang), tab_id="map"),
                dbc.Tab(label=t("scores.view.plane", lang), tab_id="plane"),
            ],
            id=pid("tabs"),
            active_tab=state.view,
            class_name="mb-2",
        ),
        html.H2(id=pid("title"), className="h5 mb-2"),
        html.Div(id=pid("notes")),
        html.P(
            t("scores.plane.intro", lang),
            id=pid("plane-intro"),
            className="small cam-note mb-1 " + _shown(plane),
        ),
        dbc.Row(
            [
                dbc.Col(_plane(lang), id=pid("plane-col"), xl=7, class_name=_shown(plane)),
                dbc.Col(_map(lang), id=pid("map-col"), xl=5 if plane else 12),
            ],
            className="g-2",
        ),
    ]


def _shown(visible: bool) -> str:
    return "" if visible else "d-none"


def _plane(lang: str) -> list:
    """The need-versus-services plane with its explanation, reference note and download."""
    graph = atlas_graph(pid("plane"), lang, empty_figure(), "cam-atlas-need-vs-services")
    graph.clear_on_unhover = True
    graph.style = {"height": "100%"}
    return [
        html.Div(id=pid("plane-problem")),
        html.Div(
            graph,
            id=pid("plane-region"),
            role="group",
            className="cam-plane",
            style={"height": "480px"},
            **aria(label=t("scores.plane.label", lang), describedby=dom_id(pid("plane-summary"))),
        ),
        html.P(id=pid("plane-summary"), className="visually-hidden"),
        html.P(id=pid("plane-reference"), className="small cam-note mb-1"),
        html.Div(
            download_button(pid, "plane-download", t("scores.plane.download", lang), None),
            className="my-2",
        ),
    ]


def _map_graph(lang: str):
    """The scores map; its hover rings the area's point on the plane until the pointer leaves."""
    graph = atlas_graph(pid("graph"), lang, empty_figure(), "cam-atlas-gap-scores")
    graph.clear_on_unhover = True
    return graph


def _map(lang: str) -> list:
    """The map of the scores (with a text summary for screen readers)."""
    return [
        html.Div(
            dcc.Loading(
                _map_graph(lang),
                delay_show=400,
                # The graph fills .cam-map (360 px on phones): without this it kept Plotly's
                # 450 px and its colour bar overlapped the text below.
                parent_className="h-100",
            ),
            id=pid("figure-region"),
            role="group",
            className="cam-map",
            **aria(label=t("scores.map.label", lang), describedby=dom_id(pid("summary"))),
        ),
        html.P(id=pid("summary"), className="visually-hidden"),
    ]


def _table(lang: str) -> list:
    """The ranked table (full width), download, links, method line and sources."""
    return [
        html.P(t("scores.table.caption", lang), className="small cam-note mb-1"),
        dag.AgGrid(
            id=pid("grid"),
            columnDefs=parts.grid_columns(lang),
            rowData=[],
            defaultColDef={
                "resizable": True,
                "sortable": True,
                "suppressMovable": True,
                "wrapText": True,
                "autoHeight": True,
                "wrapHeaderText": True,
                "autoHeaderHeight": True,
            },
            dashGridOptions=parts.grid_options(0, lang),
            columnSize="responsiveSizeToFit",
            className="ag-theme-quartz cam-scores-grid",
            style=parts.grid_style(0),
        ),
        html.Div(
            [
                *download_button(pid, "download", t("scores.download", lang)),
                html.Span(id=pid("links"), className="small"),
            ],
            className="d-flex flex-wrap align-items-center gap-2 my-3",
        ),
        html.P(id=pid("method"), className="small cam-note mb-1"),
        html.Section(
            [
                html.H3(t("scores.sources.heading", lang), className="h6 mt-3"),
                html.P(t("scores.sources.intro", lang), className="small mb-1"),
                html.Ul(id=pid("sources"), className="small cam-sources"),
            ],
            className="cam-scores-sources",
        ),
    ]


# The view and the query start empty and are read by the callbacks: objects only.
declare_data(pid("view"), OBJECT)
declare_data(pid("query"), OBJECT)

dash.register_page(
    __name__,
    layout=layout,
    path="/scores",
    name="Gap scores",
    title="Gap scores · CAM Atlas",
    order=20,
    nav_key="scores.nav",
    description="Rank regions or districts by how underserved they look, with rank intervals.",
)
