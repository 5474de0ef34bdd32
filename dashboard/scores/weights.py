"""The Gap scores page's indicator panel: per indicator a checkbox, a weight slider (0-5), a
direction choice and an optional target.

IDs are pattern-matching dicts ``{"type": "scores-ind", "part": <part>, "ind": <catalogue id>}``
with ``part`` in :data:`PARTS`, so one callback reads every indicator with ``ALL`` and the
panel can be rebuilt when country or level change the indicators on offer. They carry no
``aio_id`` on purpose: the app's error handler then puts messages in the page's status area.
All texts are plain text from ``dashboard/i18n/scores.json``.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.i18n import t
from dashboard.map.frame import unit_label
from dashboard.scores.state import MAX_WEIGHT, ScoresState
from dashboard.scores.view import IndicatorChoice

PARTS: tuple[str, ...] = ("use", "weight", "dir", "target")
WEIGHT_STEP = 0.5


def part_id(part: str, indicator: object) -> dict:
    """ID of one control of one indicator (``indicator`` may be ``ALL``)."""
    return {"type": "scores-ind", "part": part, "ind": indicator}


def coverage_text(choice: IndicatorChoice, level: int, lang: str) -> str:
    """E.g. "Data: 2021 (9 of 9), 2023 (7 of 9)" (the latest four years with data)."""
    parts = [
        t("scores.controls.coverage_part", lang, year=year, count=n, total=total)
        for year, n, total in choice.coverage[-4:]
    ]
    return t("scores.controls.coverage", lang, parts=", ".join(parts))


def _number(value: float) -> str:
    return f"{value:g}"


def indicator_row(choice: IndicatorChoice, state: ScoresState, selected: bool, lang: str):
    """One indicator's controls, initialised from ``state`` (catalogue defaults otherwise)."""
    ind = choice.id
    label_id = f"scores-ind-label-{ind}"
    target = state.target(ind, choice.target)
    directions = [
        {"label": t(f"scores.controls.direction.{d}", lang), "value": str(d)} for d in (-1, 1)
    ]
    return html.Div(
        [
            dbc.Checkbox(
                id=part_id("use", ind),
                label=html.Span(choice.label(lang), id=label_id),
                value=selected,
                class_name="cam-weight-use fw-semibold",
            ),
            html.P(coverage_text(choice, state.level, lang), className="small cam-note mb-1"),
            html.Div(
                [
                    html.Span(t("scores.controls.weight", lang), className="small"),
                    dcc.Slider(
                        id=part_id("weight", ind),
                        min=0,
                        max=MAX_WEIGHT,
                        step=WEIGHT_STEP,
                        value=state.weight(ind),
                        marks={i: str(i) for i in range(int(MAX_WEIGHT) + 1)},
                        updatemode="mouseup",
                        className="cam-weight-slider",
                    ),
                ],
                role="group",
                className="cam-weight-line",
                **{"aria-labelledby": label_id},
            ),
            dbc.Row(
                [
                    dbc.Col(
                        html.Label(
                            [
                                html.Span(t("scores.controls.direction", lang), className="small"),
                                dbc.Select(
                                    id=part_id("dir", ind),
                                    options=directions,
                                    value=str(state.direction(ind, choice.direction)),
                                    size="sm",
                                ),
                            ],
                            className="d-block",
                        ),
                        xs=7,
                    ),
                    dbc.Col(
                        html.Label(
                            [
                                html.Span(
                                    t(
                                        "scores.controls.target",
                                        lang,
                                        unit=unit_label(choice.unit, lang),
                                    ),
                                    className="small",
                                ),
                                dbc.Input(
                                    id=part_id("target", ind),
                                    type="number",
                                    value=None if target is None else _number(target),
                                    placeholder=t("scores.controls.target_placeholder", lang),
                                    debounce=True,
                                    size="sm",
                                ),
                            ],
                            className="d-block",
                        ),
                        xs=5,
                    ),
                ],
                className="g-2",
            ),
        ],
        className="cam-weight-row" + ("" if selected else " cam-weight-row--off"),
    )


def weights_panel(
    choices: list[IndicatorChoice], selected: tuple[str, ...], state: ScoresState, lang: str
) -> list:
    """Rows for every offered indicator (selected ones first, then the catalogue order)."""
    if not choices:
        return [html.P(t("scores.controls.no_indicators", lang), className="small cam-note")]
    ordered = sorted(choices, key=lambda c: c.id not in selected)
    return [indicator_row(c, state, c.id in selected, lang) for c in ordered]
