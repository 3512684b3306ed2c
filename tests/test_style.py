"""Visual mapping: sizes, colours, widths."""

from __future__ import annotations

import math
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from graph.style import OTHER_COLOUR, PALETTE, community_colour, edge_width, scale_sizes


def test_community_colours_cycle_and_grey_for_none():
    assert community_colour(0) == "#4e79a7"
    assert community_colour(len(PALETTE)) == community_colour(0)
    assert community_colour(-1) == OTHER_COLOUR
    assert len(set(PALETTE)) == len(PALETTE) == 20


def test_edge_width_hand_checked():
    # 1 + log2(w): 1 paper -> 1 px, 2 -> 2, 8 -> 4; below 1 is clamped.
    assert [edge_width(w) for w in (0, 1, 2, 8)] == [1.0, 1.0, 2.0, 4.0]


def test_scale_sizes_edge_cases():
    assert scale_sizes([]) == []
    assert scale_sizes([3.0, 3.0], lo=10, hi=30) == [20.0, 20.0]
    assert scale_sizes([float("nan"), 1.0], lo=0, hi=10) == [0.0, 10.0]


@given(st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=1))
def test_scale_sizes_stays_in_range_and_keeps_order(values):
    out = scale_sizes(values, lo=8, hi=40)
    assert all(8 - 1e-9 <= v <= 40 + 1e-9 for v in out)
    for (a, b), (x, y) in zip(pairwise(values), pairwise(out), strict=True):
        if a < b:
            assert x <= y
    assert not any(math.isnan(v) for v in out)
