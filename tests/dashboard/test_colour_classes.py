"""Class breaks and palettes: edges cover the data, darker always means more need."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st
from plotly.colors import hex_to_rgb, unlabel_rgb

from dashboard.common.colours import (
    MAX_CLASSES,
    PALETTES,
    class_breaks,
    class_colours,
    class_position,
    stepped_colourscale,
)


def _luminance(colour: str) -> float:
    rgb = hex_to_rgb(colour) if colour.startswith("#") else unlabel_rgb(colour)
    r, g, b = (c / 255 for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@given(st.lists(st.floats(-1e7, 1e7, allow_nan=False), min_size=1, max_size=60))
def test_breaks_cover_all_values_and_increase(values):
    edges = class_breaks(values)
    assert edges[0] <= min(values) and edges[-1] >= max(values)
    assert all(a < b for a, b in itertools.pairwise(edges))
    assert 2 <= len(edges) <= MAX_CLASSES + 1


def test_a_subnormal_maximum_is_still_covered():
    # 5e-324 / 10 underflows to 0, so rounding the top edge up once gave 0.0 (found by hypothesis).
    edges = class_breaks([5e-324, -200.0])
    assert edges[0] <= -200.0 and edges[-1] >= 5e-324


def test_breaks_are_rounded_and_ignore_missing_values():
    assert class_breaks([14.0, 18.0, 18.0, float("nan"), None]) == [14.0, 16.0, 18.0]
    assert class_breaks([]) == []
    assert class_breaks([5.0]) == pytest.approx([4.75, 5.25])


def test_quantile_breaks_for_skewed_counts():
    counts = [1_000, 1_200, 1_500, 2_000, 2_500, 3_000, 4_000, 6_000, 9_000, 1_200_000]
    edges = class_breaks(counts)
    assert len(edges) == MAX_CLASSES + 1
    assert edges[2] < 10_000  # one huge city does not swallow all classes


@pytest.mark.parametrize("palette", list(PALETTES))
def test_darker_means_more_need(palette):
    worse_when_high = class_colours(palette, -1, 5)
    better_when_high = class_colours(palette, +1, 5)
    assert _luminance(worse_when_high[-1]) < _luminance(worse_when_high[0])
    assert _luminance(better_when_high[0]) < _luminance(better_when_high[-1])
    assert class_colours(palette, 0, 5) == worse_when_high


def test_stepped_scale_has_one_flat_colour_per_class():
    scale = stepped_colourscale([0, 10, 40], ["#000000", "#ffffff"])
    assert scale == [[0.0, "#000000"], [0.25, "#000000"], [0.25, "#ffffff"], [1.0, "#ffffff"]]
    with pytest.raises(ValueError):
        stepped_colourscale([0, 1], ["#000000", "#ffffff"])


def test_class_positions_give_equal_height_classes():
    edges = [0.0, 10.0, 1000.0]
    assert [class_position(v, edges) for v in (-5, 0, 5, 10, 505, 1000, 2000)] == [
        0.0,
        0.0,
        0.5,
        1.0,
        1.5,
        2.0,
        2.0,
    ]


@given(st.lists(st.floats(0, 1e6, allow_nan=False), min_size=2, max_size=40))
def test_class_positions_keep_the_order_of_values(values):
    edges = class_breaks(values)
    positions = [class_position(v, edges) for v in sorted(values)]
    assert positions == sorted(positions)
    assert all(0 <= p <= len(edges) - 1 for p in positions)
