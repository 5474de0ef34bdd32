"""Gap scores page: control values become a ``ScoresState`` exactly as a URL would."""

from __future__ import annotations

import pytest

from dashboard.scores.callbacks import panel_settings, state_from_controls
from dashboard.scores.state import ScoresState
from dashboard.scores.view import IndicatorChoice


def choice(ind: str, direction: int = -1, target: float | None = None) -> IndicatorChoice:
    return IndicatorChoice(ind, {"en": ind}, "percent", direction, target, 1, ((2021, 9, 9),), True)


CHOICES = [choice("poverty"), choice("vaccination", 1, 95.0)]


def panel(use, weight=(1, 1), direction=("-1", "1"), target=(None, 95)):
    ids = ("poverty", "vaccination")
    return {
        "use": list(zip(ids, use, strict=True)),
        "weight": list(zip(ids, weight, strict=True)),
        "dir": list(zip(ids, direction, strict=True)),
        "target": list(zip(ids, target, strict=True)),
    }


def test_defaults_are_not_stored_as_overrides():
    state = panel_settings(ScoresState(), CHOICES, panel([True, False]))
    assert state.indicators == ("poverty",)
    assert state.weights == () and state.directions == () and state.targets == ()


def test_changed_weight_direction_and_target_are_kept():
    changed = panel([True, True], weight=(2.5, 0), direction=("1", "1"), target=(10, None))
    state = panel_settings(ScoresState(), CHOICES, changed)
    assert dict(state.weights) == {"poverty": 2.5, "vaccination": 0.0}
    assert dict(state.directions) == {"poverty": 1}
    # a cleared target input drops the catalogue target (95 %) explicitly
    assert dict(state.targets) == {"poverty": 10.0, "vaccination": None}


def test_nothing_ticked_is_an_explicit_empty_choice():
    state = panel_settings(ScoresState(), CHOICES, panel([False, False]))
    assert state.indicators == ()
    assert state.to_query({})["ind"] == "none"


def test_a_stale_panel_falls_back_to_the_default_selection():
    stale = {"use": [("other_country_indicator", True)], "weight": [], "dir": [], "target": []}
    assert panel_settings(ScoresState(), CHOICES, stale).indicators is None


@pytest.mark.parametrize(("carry", "country"), [({"both": True}, "KGZ"), ({}, "KGZ")])
def test_controls_parse_like_a_url(carry, country):
    place = {
        "country": "KGZ",
        "level": 2,
        "region": "all",
        "year": "2023",
        "tol": "5",
        "dataset": "demo-synthetic",
    }
    method = {"norm": "rank", "agg": "power", "power": -1, "minshare": 0.5}
    state = state_from_controls(place, method, carry, "ru")
    assert (state.country, state.level, state.region, state.year, state.tol) == (
        country,
        2,
        None,
        2023,
        5,
    )
    assert state.synthetic and state.norm == "rank" and state.power == -1.0 and state.lang == "ru"
    assert state.both_requested == bool(carry.get("both"))
