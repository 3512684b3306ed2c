"""Visual mapping: sizes, colours (distinct, colour-blind-aware, year scale), widths."""

from __future__ import annotations

import itertools
import math
from itertools import pairwise

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from bench.picture import delta_e76 as bench_delta_e76
from graph.style import (
    INSTITUTION_COLOUR,
    OTHER_COLOUR,
    OWNER_COLOUR,
    PALETTE,
    YEAR_STOPS,
    community_colour,
    community_colours,
    delta_e76,
    edge_width,
    lab,
    scale_sizes,
    year_colour,
)

# Machado, Oliveira & Fernandes (2009), "A physiologically-based model for simulation of
# color vision deficiency", severity 1.0, applied to linear sRGB.
MACHADO = {
    "protanopia": np.array(
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ]
    ),
    "deuteranopia": np.array(
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ]
    ),
}


def _simulate(colour: str, kind: str) -> str:
    rgb = np.array([int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    out = np.clip(MACHADO[kind] @ linear, 0, 1)
    srgb = np.where(out <= 0.0031308, 12.92 * out, 1.055 * out ** (1 / 2.4) - 0.055)
    return "#" + "".join(f"{round(v * 255):02x}" for v in srgb)


def test_lab_matches_published_values():
    # CIE L*a*b* (D65) of the sRGB primaries and white, as tabulated (e.g. Lindbloom's
    # calculator): red 53.24/80.09/67.20, green 87.73/-86.18/83.18, blue 32.30/79.19/-107.86.
    for colour, want in [
        ("#ff0000", (53.24, 80.09, 67.20)),
        ("#00ff00", (87.73, -86.18, 83.18)),
        ("#0000ff", (32.30, 79.19, -107.86)),
        ("#ffffff", (100.0, 0.0, 0.0)),
        ("#000000", (0.0, 0.0, 0.0)),
    ]:
        assert all(abs(a - b) < 0.01 for a, b in zip(lab(colour), want, strict=True)), colour


def test_the_twelve_community_colours_are_far_apart():
    assert len(PALETTE) == 12 and len(set(PALETTE)) == 12
    pairs = list(itertools.combinations(PALETTE, 2))
    # At least 20 apart (the bar); the bench's own Lab code agrees with ours.
    assert min(delta_e76(a, b) for a, b in pairs) >= 30
    assert all(abs(delta_e76(a, b) - bench_delta_e76(a, b)) < 1e-6 for a, b in pairs)
    # And far from the grey of "other communities", the owner and the institutions.
    for c in PALETTE:
        assert min(delta_e76(c, o) for o in (OTHER_COLOUR, OWNER_COLOUR, INSTITUTION_COLOUR)) >= 20


def test_the_first_seven_colours_survive_colour_blindness():
    for kind in MACHADO:
        seen = [_simulate(c, kind) for c in PALETTE[:7]]
        assert min(delta_e76(a, b) for a, b in itertools.combinations(seen, 2)) >= 25, kind


def test_community_colours_by_shown_size_rest_grey():
    assert community_colour(0) == PALETTE[0] and community_colour(11) == PALETTE[11]
    assert community_colour(12) == community_colour(-1) == OTHER_COLOUR
    sizes = {c: 100 - c for c in range(15)} | {-1: 500}
    got = community_colours(sizes)
    assert [got[c] for c in range(12)] == list(PALETTE)
    assert got[12] == got[14] == got[-1] == OTHER_COLOUR
    # Ties: the lower id first.
    assert community_colours({4: 2, 3: 2}) == {3: PALETTE[0], 4: PALETTE[1]}


def test_year_colour_scale():
    assert year_colour(1990, 1990, 2020) == YEAR_STOPS[0]
    assert year_colour(2020, 1990, 2020) == YEAR_STOPS[-1]
    assert year_colour(2030, 1990, 2020) == YEAR_STOPS[-1]  # clamped
    # Halfway between the first two stops: each channel the mean of theirs.
    mid = year_colour(1990 + 30 / 16, 1990, 2020)
    a, b = YEAR_STOPS[0], YEAR_STOPS[1]
    want = [(int(a[i : i + 2], 16) + int(b[i : i + 2], 16)) / 2 for i in (1, 3, 5)]
    assert all(
        abs(int(mid[i : i + 2], 16) - w) <= 0.5 for i, w in zip((1, 3, 5), want, strict=True)
    )
    assert year_colour(None, 1990, 2020) == year_colour(float("nan"), 1, 2) == OTHER_COLOUR
    # Lightness grows with the year (viridis), so the order reads in grey too.
    ls = [lab(year_colour(y, 0, 10))[0] for y in range(11)]
    assert ls == sorted(ls)


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
