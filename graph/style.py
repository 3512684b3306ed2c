"""Pure visual mapping: metric -> node size, community -> colour, joint papers -> edge width.

>>> community_colour(0), community_colour(-1)
('#4e79a7', '#9aa0a6')
>>> scale_sizes([0.0, 0.5, 1.0], lo=10, hi=30)
[10.0, 20.0, 30.0]
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence

__all__ = [
    "INSTITUTION_COLOUR",
    "OWNER_COLOUR",
    "PALETTE",
    "community_colour",
    "edge_width",
    "scale_sizes",
]

# Tableau 10 then 10 more distinct colours; beyond 20 communities colours repeat.
PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
    "#1f77b4",
    "#aec7e8",
    "#ff7f0e",
    "#98df8a",
    "#d62728",
    "#c5b0d5",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
)
OTHER_COLOUR = "#9aa0a6"
OWNER_COLOUR = "#222222"
INSTITUTION_COLOUR = "#6b6ecf"


def community_colour(community: int) -> str:
    """Colour of a community id (0 = largest); ``-1`` (none) is grey."""
    if community < 0:
        return OTHER_COLOUR
    return PALETTE[community % len(PALETTE)]


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
