"""The Gap scores page's indicator panel: per indicator a checkbox, a weight slider (0-5), a
direction choice and an optional target.

IDs are pattern-matching dicts ``{"type": "scores-ind", "part": <part>, "ind": <catalogue id>}``
with ``part`` in :data:`PARTS`, so one callback reads every indicator with ``ALL`` and the
panel can be rebuilt when country or level change the indicators on offer. They carry no
``aio_id`` on purpose: the app's error handler then puts messages in the page's status area.
All texts are plain text from ``dashboard/i18n/scores.json``.
"""

from __future__ import annotations

from collections.abc import Mapping

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.common.aria import aria
from dashboard.common.format import unit_label
from dashboard.i18n import t
from dashboard.scores.state import MAX_WEIGHT, ScoresState
from dashboard.scores.view import IndicatorChoice

PARTS: tuple[str, ...] = ("use", "weight", "dir", "target")
#: The card's line saying why the indicator is not in the score (written by the render
#: callback; ``frame.card_notes``).
WHY = "why"
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


def indicator_row(
    choice: IndicatorChoice, state: ScoresState, selected: bool, lang: str, why: str = ""
):
    """One indicator's controls, initialised from ``state`` (catalogue defaults otherwise);
    ``why``: the reason it is not in the score (empty when it is)."""
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
            html.P(
                why,
                id=part_id(WHY, ind),
                className="small mb-1 cam-weight-why",
                hidden=not why,
                style={"color": "#8a3b00", "fontWeight": 500},
            ),
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
                **aria(labelledby=label_id),
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


def context_list(context: Mapping[str, str], lang: str) -> list:
    """The indicators with data here that cannot be scored (no direction), folded away:
    ``context`` maps id -> label."""
    if not context:
        return []
    return [
        html.Details(
            [
                html.Summary(
                    t("scores.controls.context", lang, count=len(context)), className="small"
                ),
                html.Ul(
                    [html.Li(name) for name in context.values()], className="small cam-note mb-0"
                ),
            ],
            className="cam-weights-context mt-2",
        )
    ]


def weights_panel(
    choices: list[IndicatorChoice],
    selected: tuple[str, ...],
    state: ScoresState,
    lang: str,
    why: Mapping[str, str] | None = None,
    context: Mapping[str, str] | None = None,
) -> list:
    """Rows for every offered indicator (those in the score first, then chosen ones left out,
    then the rest, each in catalogue order), each with ``why[id]`` when it is not in the score,
    then the ``context`` indicators."""
    why = why or {}
    if not choices:
        return [
            html.P(t("scores.controls.no_indicators", lang), className="small cam-note"),
            *context_list(context or {}, lang),
        ]
    # in the score first, then chosen but left out (with the reason), then the others
    ordered = sorted(choices, key=lambda c: (c.id not in selected, bool(why.get(c.id))))
    rows = [indicator_row(c, state, c.id in selected, lang, why.get(c.id, "")) for c in ordered]
    return rows + context_list(context or {}, lang)
