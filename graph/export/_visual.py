"""What GEXF and the pictures draw: colours and sizes as the HTML page, the page's layout."""

from __future__ import annotations

import networkx as nx

from ..style import INSTITUTION_COLOUR, OWNER_COLOUR, community_colour, scale_sizes


def _num(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def _styles(G: nx.Graph, size_by: str) -> dict:
    """Node -> (colour, size) as the HTML page draws it (community colours, owner, institution)."""
    nodes = list(G.nodes)
    raw = [_num(G.nodes[n].get(size_by, G.nodes[n].get("papers", 0))) for n in nodes]
    sizes = scale_sizes(raw, lo=8, hi=40)
    out = {}
    for n, s in zip(nodes, sizes, strict=True):
        d = G.nodes[n]
        is_owner = bool(d.get("is_owner", False))
        if d.get("kind") == "institution":
            colour = INSTITUTION_COLOUR
        elif is_owner:
            colour = OWNER_COLOUR
        else:
            colour = community_colour(int(_num(d.get("community", -1))))
        out[n] = (colour, round(s * (1.3 if is_owner else 1.0), 3))
    return out


def _rgb(colour: str) -> dict:
    h = colour.lstrip("#")
    return {"r": int(h[0:2], 16), "g": int(h[2:4], 16), "b": int(h[4:6], 16), "a": 1.0}


def _positions(G: nx.Graph, seed: int, positions: dict | None) -> dict:
    if positions is None:
        from ..layout import layout  # the HTML page's seeded layout

        positions = layout(G, seed=seed)
    return positions
