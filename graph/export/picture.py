"""PNG and SVG pictures (matplotlib, the optional extra ``plot``) for slides and papers."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import networkx as nx
import numpy as np

from ..errors import CollabGraphError
from ..style import INSTITUTION_COLOUR, OWNER_COLOUR, community_colour, edge_width
from . import PICTURE_LABELS
from ._visual import _num, _positions, _styles
from .canonical import _safe_ids, graph_note, graphml_safe, writing

__all__ = ["draw_network", "export"]

_TITLES = {"coauthor": "Co-authorship network", "affiliation": "Affiliation network"}
_MARKER = 0.55  # marker diameter in points per unit of the HTML page's node size


def _matplotlib():
    try:
        import matplotlib
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError as exc:
        raise CollabGraphError(
            "PNG and SVG pictures need matplotlib, which is not installed. "
            "Hint: pip install 'collabgraph[plot]'"
        ) from exc
    return matplotlib, Figure, FigureCanvasAgg


def _legend_entries(H: nx.Graph, styles: dict, limit: int = 10) -> list[tuple[str, str]]:
    members: dict[int, list] = {}
    for n, d in H.nodes(data=True):
        if d.get("kind") != "institution" and not d.get("is_owner"):
            members.setdefault(int(_num(d.get("community", -1))), []).append(n)
    entries = []
    for cid in sorted(c for c in members if c >= 0)[:limit]:
        top = max(members[cid], key=lambda n: (styles[n][1], n))
        entries.append(
            (
                community_colour(cid),
                f"community {cid}: {H.nodes[top]['label']} and {len(members[cid]) - 1} more",
            )
        )
    rest = sum(1 for c in members if c >= 0) - limit
    if rest > 0:
        entries.append((community_colour(-1), f"… {rest} more communities"))
    if any(d.get("is_owner") for _, d in H.nodes(data=True)):
        entries.append((OWNER_COLOUR, "profile owner"))
    if any(d.get("kind") == "institution" for _, d in H.nodes(data=True)):
        entries.append((INSTITUTION_COLOUR, "institution"))
    return entries


def draw_network(
    G: nx.Graph,
    path: str | os.PathLike[str],
    *,
    size_by: str = "pagerank",
    seed: int = 42,
    labels: int = PICTURE_LABELS,
    title: str | None = None,
    positions: dict | None = None,
    fmt: str | None = None,
) -> Path:
    """A static picture (PNG or SVG, from the suffix or ``fmt``) of ``G`` for slides and papers.

    Same seeded layout, colours and sizes as the HTML page; names on the ``labels`` largest
    nodes (and the owner); a legend of the communities (named by their largest member).  Drawn
    with matplotlib's Agg canvas, no display needed; SVG output is byte-identical run to run
    (fixed ``svg.hashsalt``, no date).  Needs the optional extra ``plot``.
    """
    mpl, Figure, FigureCanvasAgg = _matplotlib()
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D
    from matplotlib.patheffects import withStroke

    fmt = (fmt or Path(path).suffix.lstrip(".")).lower()
    if fmt not in ("png", "svg"):
        raise CollabGraphError(f"cannot draw {str(path)!r}: pictures are png or svg")
    ids = _safe_ids(G)
    pos0 = _positions(G, seed, positions)
    H = graphml_safe(G)
    pos = {ids[n]: (float(x), -float(y)) for n, (x, y) in pos0.items() if n in ids}
    pos = {n: pos.get(n, (0.0, 0.0)) for n in H.nodes}
    styles = _styles(H, size_by)

    with mpl.rc_context(
        {"svg.hashsalt": "collabgraph", "svg.fonttype": "path", "font.family": "DejaVu Sans"}
    ):
        fig = Figure(figsize=(12, 8), dpi=150)
        FigureCanvasAgg(fig)
        ax = fig.add_axes((0.01, 0.01, 0.72, 0.9))
        ax.set_axis_off()
        ax.set_aspect("equal")
        fig.suptitle(
            title or _TITLES.get(H.graph.get("kind"), "Network"), fontsize=14, parse_math=False
        )
        note = graph_note(H)
        summary = f"{H.number_of_nodes()} nodes, {H.number_of_edges()} edges"
        fig.text(
            0.5,
            0.925,
            summary + (f"; {note}" if note else ""),
            ha="center",
            fontsize=9,
            color="#555555",
            parse_math=False,
        )
        if H.number_of_edges():
            segs = [(pos[u], pos[v]) for u, v in H.edges]
            widths = [0.6 * edge_width(d.get("weight", 1)) for _, _, d in H.edges(data=True)]
            ax.add_collection(
                LineCollection(segs, linewidths=widths, colors="#9aa0a6", alpha=0.55, zorder=1)
            )
        order = sorted(H.nodes, key=lambda n: (styles[n][1], n))
        if order:
            xy = np.array([pos[n] for n in order])
            ax.scatter(
                xy[:, 0],
                xy[:, 1],
                s=[(_MARKER * styles[n][1]) ** 2 for n in order],
                c=[styles[n][0] for n in order],
                edgecolors="white",
                linewidths=0.4,
                zorder=2,
            )
            pad = max(np.ptp(xy[:, 0]), np.ptp(xy[:, 1]), 1.0) * 0.06
            ax.set_xlim(xy[:, 0].min() - pad, xy[:, 0].max() + pad)
            ax.set_ylim(xy[:, 1].min() - pad, xy[:, 1].max() + pad)
            ranked = sorted(H.nodes, key=lambda n: (-styles[n][1], n))[: max(labels, 0)]
            ranked += [n for n, d in H.nodes(data=True) if d.get("is_owner") and n not in ranked]
            for n in sorted(ranked):
                # Just above the marker (its radius in points, plus a little air).
                ax.annotate(
                    H.nodes[n]["label"],
                    pos[n],
                    xytext=(0, _MARKER * styles[n][1] / 2 + 1),
                    textcoords="offset points",
                    fontsize=7,
                    ha="center",
                    va="bottom",
                    zorder=3,
                    parse_math=False,
                    path_effects=[withStroke(linewidth=2, foreground="white")],
                )
        else:
            ax.text(
                0.5,
                0.5,
                "empty graph: nothing to draw",
                ha="center",
                va="center",
                transform=ax.transAxes,
                color="#555555",
            )
        entries = _legend_entries(H, styles)
        if entries:
            handles = [
                Line2D([], [], marker="o", linestyle="", markersize=7, color=c) for c, _ in entries
            ]
            leg = fig.legend(
                handles,
                [t for _, t in entries],
                loc="center left",
                bbox_to_anchor=(0.74, 0.5),
                fontsize=8,
                frameon=False,
            )
            for t in leg.get_texts():
                t.set_parse_math(False)
        meta = {"Date": None} if fmt == "svg" else {}
        with writing(path) as tmp, warnings.catch_warnings():
            # Names in scripts DejaVu lacks are drawn as boxes; that is not worth a warning.
            warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from")
            fig.savefig(tmp, format=fmt, metadata=meta)
    return Path(path)


def export(
    G: nx.Graph,
    path: str | os.PathLike[str],
    *,
    to: str,
    size_by: str = "pagerank",
    seed: int = 42,
    labels: int = PICTURE_LABELS,
    **_options,
) -> list[Path]:
    """The ``png`` and ``svg`` exporters: :func:`draw_network`."""
    return [draw_network(G, path, size_by=size_by, seed=seed, labels=labels, fmt=to)]
