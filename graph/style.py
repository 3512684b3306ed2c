"""Pure visual mapping: metric -> node size, community -> colour, year -> colour, joint papers
-> edge width.

>>> community_colour(0), community_colour(12), community_colour(-1)
('#0067a5', '#c4c4c4', '#c4c4c4')
>>> scale_sizes([0.0, 0.5, 1.0], lo=10, hi=30)
[10.0, 20.0, 30.0]
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence

__all__ = [
    "INSTITUTION_COLOUR",
    "OTHER_COLOUR",
    "OWNER_COLOUR",
    "PALETTE",
    "YEAR_STOPS",
    "community_colour",
    "community_colours",
    "delta_e76",
    "edge_width",
    "lab",
    "scale_sizes",
    "year_colour",
]

#: The colours of the 12 largest communities, in this order.  Picked from well-known
#: colour-blind-aware palettes (Okabe & Ito, Paul Tol, ColorBrewer, Kelly) by a greedy
#: search: the first seven stay at least 27 apart (CIE ΔE*ab 1976) also under simulated
#: deuteranopia and protanopia (Machado et al. 2009), so the largest communities stay apart
#: for colour-blind readers; all twelve are at least 32 apart for everyone else, and at
#: least 22 from the grey of "other communities" and the owner's black.  Twelve colours
#: cannot all stay apart for a dichromat: the last five are told apart by lightness only.
PALETTE = (
    "#0067a5",  # blue
    "#d95f02",  # orange
    "#f3c300",  # yellow
    "#33bbee",  # sky blue
    "#b3446c",  # rose
    "#ee8866",  # salmon
    "#882d17",  # dark brown
    "#44aa99",  # teal
    "#33a02c",  # green
    "#6a3d9a",  # purple
    "#ddcc77",  # sand
    "#9c755f",  # mocha
)
#: Every community past the 12 largest, and nodes without a community.
OTHER_COLOUR = "#c4c4c4"
OWNER_COLOUR = "#222222"
INSTITUTION_COLOUR = "#555555"
#: Viridis (matplotlib's perceptually uniform, colour-blind-safe map) at nine even stops:
#: oldest dark purple, newest yellow.
YEAR_STOPS = (
    "#440154",
    "#472d7b",
    "#3b528b",
    "#2c728e",
    "#21918c",
    "#28ae80",
    "#5ec962",
    "#addc30",
    "#fde725",
)


def community_colour(community: int) -> str:
    """Colour of a community id when ids are numbered by size (0 = largest): the 12 largest
    get :data:`PALETTE`, the rest and ``-1`` (none) :data:`OTHER_COLOUR`."""
    if 0 <= community < len(PALETTE):
        return PALETTE[community]
    return OTHER_COLOUR


def community_colours(sizes: Mapping[int, int]) -> dict[int, str]:
    """Colours for communities of the given sizes (shown members): the 12 largest (ties: the
    lower id) get :data:`PALETTE` in order of size, every other one :data:`OTHER_COLOUR`.

    When ids are numbered by size this is :func:`community_colour`.

    >>> community_colours({5: 3, 2: 10, 7: 3, -1: 50})
    {2: '#0067a5', 5: '#d95f02', 7: '#f3c300', -1: '#c4c4c4'}
    """
    ranked = sorted((c for c in sizes if c >= 0), key=lambda c: (-sizes[c], c))
    out = {c: PALETTE[i] if i < len(PALETTE) else OTHER_COLOUR for i, c in enumerate(ranked)}
    out.update({c: OTHER_COLOUR for c in sizes if c < 0})
    return out


def _hex(colour: str) -> tuple[int, int, int]:
    h = colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def year_colour(year: float | None, first: int, last: int) -> str:
    """Colour of ``year`` on the :data:`YEAR_STOPS` scale from ``first`` to ``last``
    (linear between stops); ``None`` -> :data:`OTHER_COLOUR`.

    >>> year_colour(2000, 2000, 2020), year_colour(2020, 2000, 2020), year_colour(None, 0, 1)
    ('#440154', '#fde725', '#c4c4c4')
    >>> year_colour(2010, 2000, 2020) == YEAR_STOPS[4]
    True
    """
    if year is None or (isinstance(year, float) and math.isnan(year)):
        return OTHER_COLOUR
    t = 0.5 if last <= first else min(max((float(year) - first) / (last - first), 0.0), 1.0)
    pos = t * (len(YEAR_STOPS) - 1)
    i = min(int(pos), len(YEAR_STOPS) - 2)
    f = pos - i
    a, b = _hex(YEAR_STOPS[i]), _hex(YEAR_STOPS[i + 1])
    return "#" + "".join(f"{round(x + (y - x) * f):02x}" for x, y in zip(a, b, strict=True))


def lab(colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65 white) of an sRGB hex colour (IEC 61966-2-1 transfer function).

    >>> [round(v, 2) for v in lab("#ff0000")]  # published: 53.24, 80.09, 67.20
    [53.24, 80.09, 67.2]
    """
    rgb = [c / 255 for c in _hex(colour)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    m = (
        (0.4124564, 0.3575761, 0.1804375),
        (0.2126729, 0.7151522, 0.0721750),
        (0.0193339, 0.1191920, 0.9503041),
    )
    white = (0.95047, 1.0, 1.08883)
    xyz = [sum(m[i][j] * lin[j] for j in range(3)) / white[i] for i in range(3)]
    eps = (6 / 29) ** 3
    f = [v ** (1 / 3) if v > eps else v / (3 * (6 / 29) ** 2) + 4 / 29 for v in xyz]
    return (116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2]))


def delta_e76(a: str, b: str) -> float:
    """CIE 1976 colour difference ΔE*ab: the distance of two colours in L*a*b*.

    >>> round(delta_e76("#000000", "#ffffff"), 3)
    100.0
    """
    return math.dist(lab(a), lab(b))


def scale_sizes(values: Sequence[float], *, lo: float = 8.0, hi: float = 40.0) -> list[float]:
    """Map values linearly onto [lo, hi] (all equal -> the middle)."""
    vals = [float(v) if v is not None and not math.isnan(float(v)) else 0.0 for v in values]
    if not vals:
        return []
    vmin, vmax = min(vals), max(vals)
    if vmax - vmin <= 1e-15:
        return [round((lo + hi) / 2, 3)] * len(vals)
    return [round(lo + (v - vmin) / (vmax - vmin) * (hi - lo), 3) for v in vals]


@functools.lru_cache(maxsize=4096)  # weights are few small integers; pages have ~10^5 edges
def edge_width(weight: float) -> float:
    """Edge width in pixels for ``weight`` joint papers (sub-linear so heavy ties stay legible).

    >>> edge_width(1), edge_width(4)
    (1.0, 3.0)
    """
    return round(1.0 + 2.0 * math.log2(max(float(weight), 1.0)) / 2.0, 3)
