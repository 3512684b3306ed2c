"""Render stage: graph + analysis tables -> one self-contained, offline HTML page.

PyVis holds the network model (node and edge lists and vis-network options, filled in bulk:
pyvis's own ``add_edge`` is O(E) per call); the page comes from our Jinja template with
autoescape on.  Input data enters the page only as JSON (``tojson`` escapes ``<``, ``>``, ``&``
and quotes) and the page's script writes it with ``textContent``, so a name such as
``<img src=x onerror=alert(1)>`` is shown as text.  vis-network's script and style are inlined
from the pyvis package and a Content-Security-Policy forbids every network request.
"""

from __future__ import annotations

import functools
import html
import json
import os
from importlib import resources
from pathlib import Path

import jinja2
import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp
from pyvis.network import Network
from scipy.sparse import csgraph

from .io_atomic import write_text_atomic
from .normalise import Corpus
from .style import INSTITUTION_COLOUR, OWNER_COLOUR, community_colour, edge_width, scale_sizes

__all__ = ["layout", "network_payload", "notebook_html", "render_network_html", "write_html"]

_TOOLTIP_METRICS = ("degree", "strength", "pagerank", "betweenness")


@functools.lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    base = resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2"
    js = (base / "vis-network.min.js").read_text(encoding="utf-8")
    css = (base / "vis-network.css").read_text(encoding="utf-8")
    if "</script" in js.lower() or "</style" in css.lower():  # pragma: no cover - vendor check
        raise RuntimeError("vis-network assets cannot be inlined safely")
    return js, css


@functools.lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("graph", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"], default_for_string=True,
                                            default=True),
        keep_trailing_newline=True,
    )


#: Above this many nodes :func:`layout` switches from spring to pivot-MDS placement.
SPRING_LIMIT = 499


def layout(G: nx.Graph, *, seed: int = 42, scale: float = 1000.0) -> dict:
    """Seeded positions ``{node: (x, y)}`` (same input, same picture).

    Nodes are laid out in sorted order so the result does not depend on insertion order.
    Up to :data:`SPRING_LIMIT` nodes: NetworkX's force-directed spring layout.  From 500
    nodes on NetworkX switches to an energy minimisation that took 12 s at 500 nodes, 25 s at
    871 and minutes at 20k on the benchmark machine, so larger graphs are placed by pivot MDS
    (Brandes & Pich 2006: hop distances from 50 seeded pivots, classical MDS of that n x 50
    matrix; O(50·m)), components packed side by side, largest first.
    """
    if G.number_of_nodes() == 0:
        return {}
    if G.number_of_nodes() > SPRING_LIMIT:
        return _pivot_mds_layout(G, seed=seed, scale=scale)
    H = nx.Graph()
    H.add_nodes_from(sorted(G.nodes, key=str))
    H.add_edges_from(sorted(((u, v, {"weight": d.get("weight", 1)})
                             for u, v, d in G.edges(data=True)), key=lambda e: (str(e[0]),
                                                                                  str(e[1]))))
    n = H.number_of_nodes()
    pos = nx.spring_layout(H, seed=seed, weight="weight", k=2.0 / max(n, 1) ** 0.5,
                           iterations=100 if n < 2000 else 50)
    return {node: (round(float(x) * scale, 2), round(float(y) * scale, 2))
            for node, (x, y) in pos.items()}


def _pivot_mds(block, rng: np.random.Generator, pivots: int = 50) -> np.ndarray:
    """2-D classical MDS of hop distances to ``pivots`` seeded pivots (one component)."""
    r = block.shape[0]
    chosen = np.sort(rng.choice(r, size=min(pivots, r), replace=False))
    D = csgraph.shortest_path(block, unweighted=True, directed=False, indices=chosen).T
    D2 = D**2
    C = -0.5 * (D2 - D2.mean(axis=0) - D2.mean(axis=1, keepdims=True) + D2.mean())
    # Top right-singular vectors from the small k x k matrix C'C (an n x k SVD is slower).
    _, V = np.linalg.eigh(C.T @ C)
    xy = C @ V[:, ::-1][:, :2]
    if xy.shape[1] < 2:
        xy = np.column_stack([xy, np.zeros(r)])
    xy = xy - xy.mean(axis=0)
    xy *= np.sign(xy[np.abs(xy).argmax(axis=0), [0, 1]] + 1e-300)  # fixed orientation
    extent = np.abs(xy).max()
    return xy / extent if extent > 0 else xy


def _pivot_mds_layout(G: nx.Graph, *, seed: int, scale: float) -> dict:
    nodes = sorted(G.nodes, key=str)
    index = {v: i for i, v in enumerate(nodes)}
    n = len(nodes)
    pairs = np.fromiter((index[x] for e in G.edges() for x in e), dtype=np.int64,
                        count=2 * G.number_of_edges())
    rows, cols = pairs[0::2], pairs[1::2]
    A = sp.csr_array((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    ncomp, label = csgraph.connected_components(A, directed=False)
    sizes = np.bincount(label, minlength=ncomp)
    order = np.argsort(label, kind="stable")
    P = A[order][:, order].tocsr()
    P = P + P.T
    starts = np.concatenate([[0], np.cumsum(sizes)])
    rng = np.random.default_rng(seed)
    xy = np.zeros((n, 2))
    # Components largest first (ties: first node id), each in a square of side ~ sqrt(size),
    # packed in shelves as wide as the largest component.
    comps = sorted(range(ncomp), key=lambda c: (-sizes[c], int(order[starts[c]])))
    width = max(2.0 * np.sqrt(sizes.max()), 1.0)
    x0 = y0 = shelf = 0.0
    for c in comps:
        a, b = int(starts[c]), int(starts[c + 1])
        r = b - a
        side = 2.0 * np.sqrt(r)
        if r == 1:
            local = np.zeros((1, 2))
        elif r <= 3:
            t = 2 * np.pi * np.arange(r) / r
            local = np.column_stack([np.cos(t), np.sin(t)])
        else:
            local = _pivot_mds(P[a:b, a:b], rng)
        if x0 + side > width and x0 > 0:
            x0, y0, shelf = 0.0, y0 + shelf, 0.0
        xy[order[a:b]] = local * side / 2 * 0.9 + [x0 + side / 2, y0 + side / 2]
        x0 += side
        shelf = max(shelf, side)
    xy -= xy.mean(axis=0)
    extent = np.abs(xy).max()
    if extent > 0:
        xy /= extent
    xy = np.round(xy * scale, 2)
    return {v: (float(x), float(y)) for v, (x, y) in zip(nodes, xy.tolist(), strict=True)}


def _select_nodes(G: nx.Graph, metrics: pd.DataFrame, size_by: str, max_nodes: int) -> list:
    nodes = sorted(G.nodes, key=str)
    if len(nodes) <= max_nodes:
        return nodes
    score = metrics[size_by] if size_by in metrics else pd.Series(
        {n: G.nodes[n].get(size_by, 0) for n in nodes})
    owners = [n for n in nodes if G.nodes[n].get("is_owner")]
    ranked = sorted(nodes, key=lambda n: (-float(score.get(n, 0.0)), str(n)))
    keep = list(dict.fromkeys(owners + ranked))[:max_nodes]
    return sorted(keep, key=str)


def network_payload(
    G: nx.Graph,
    metrics: pd.DataFrame,
    membership: dict,
    corpus: Corpus | None = None,
    *,
    size_by: str = "pagerank",
    max_nodes: int = 1500,
    seed: int = 42,
    title: str = "Co-authorship network",
    owner: str | None = None,
) -> dict:
    """The page's data, as plain JSON-ready Python (golden-testable, sorted).

    Returns ``{"nodes", "edges", "papers", "communities", "options", "meta"}``; ``meta.notes``
    says when counts are lower bounds and when nodes were left out (``max_nodes``).
    """
    shown = _select_nodes(G, metrics, size_by, max_nodes)
    # A subgraph view filters every neighbour lookup; iterate the graph itself when nothing
    # is left out, and a plain copy otherwise.
    H = G if len(shown) == G.number_of_nodes() else G.subgraph(shown).copy()
    pos = layout(H, seed=seed)
    if size_by in metrics.columns:
        raw_sizes = [float(metrics.at[n, size_by]) if n in metrics.index else 0.0 for n in shown]
    else:
        raw_sizes = [float(G.nodes[n].get(size_by, G.nodes[n].get("papers", 0))) for n in shown]
    sizes = dict(zip(shown, scale_sizes(raw_sizes, lo=8, hi=40), strict=True))

    # Community legend: named by its most central member (by size metric), ids by size.
    comm_nodes: dict[int, list] = {}
    for n in shown:
        comm_nodes.setdefault(int(membership.get(n, -1)), []).append(n)
    communities = []
    for cid in sorted(comm_nodes):
        members = comm_nodes[cid]
        top = max(members, key=lambda n: (sizes[n], str(n)))
        communities.append({"id": cid, "name": str(G.nodes[top].get("label", top)),
                            "size": len(members), "color": community_colour(cid)})

    owner_edges = G[owner] if owner is not None and owner in G else {}
    nodes = []
    for n in shown:
        d = G.nodes[n]
        kind = d.get("kind", "author")
        cid = int(membership.get(n, -1))
        is_owner = bool(d.get("is_owner", False))
        colour = (INSTITUTION_COLOUR if kind == "institution"
                  else OWNER_COLOUR if is_owner else community_colour(cid))
        x, y = pos.get(n, (0.0, 0.0))
        nodes.append({
            "id": str(n),
            "label": str(d.get("label", n)),
            "kind": kind,
            "is_owner": is_owner,
            "community": cid,
            "color": colour,
            "shape": "square" if kind == "institution" else ("star" if is_owner else "dot"),
            "size": sizes[n] * (1.3 if is_owner else 1.0),
            "x": x, "y": y,
            "papers": int(d.get("papers", 0)),
            "paper_ids": [p for p in str(d.get("paper_ids", "")).split(";") if p],
            "first_year": int(d["first_year"]) if "first_year" in d else None,
            "last_year": int(d["last_year"]) if "last_year" in d else None,
            "joint_papers": int(owner_edges[n]["weight"]) if n in owner_edges else None,
            "metrics": {k: round(float(metrics.at[n, k]), 6) for k in _TOOLTIP_METRICS
                        if k in metrics.columns and n in metrics.index},
        })  # fmt: skip
    edges = []
    for u, v, d in sorted(H.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        u, v = sorted((str(u), str(v)))
        edges.append({
            "from": u, "to": v, "weight": int(d.get("weight", 1)),
            "width": edge_width(d.get("weight", 1)),
            "first_year": int(d["first_year"]) if "first_year" in d else None,
            "last_year": int(d["last_year"]) if "last_year" in d else None,
            "papers": [p for p in str(d.get("papers", "")).split(";") if p],
        })  # fmt: skip
    edges.sort(key=lambda e: (e["from"], e["to"]))

    papers: dict[str, dict] = {}
    if corpus is not None:
        wanted = {p for n in nodes for p in n["paper_ids"]}
        wanted |= {p for e in edges for p in e["papers"]}
        for n in nodes:  # institutions list their papers through their edges
            if n["kind"] == "institution" and not n["paper_ids"]:
                n["paper_ids"] = sorted({p for e in edges if n["id"] in (e["from"], e["to"])
                                         for p in e["papers"]})
                wanted.update(n["paper_ids"])
        p = corpus.papers[corpus.papers["paper_id"].isin(wanted)]
        a = corpus.authorships[corpus.authorships["paper_id"].isin(wanted)]
        listed = a[a["listed"]].sort_values(["paper_id", "position"])
        names = listed.groupby("paper_id")["name"].agg(list).to_dict()
        for row in p.itertuples(index=False):
            papers[row.paper_id] = {
                "title": row.title,
                "year": None if pd.isna(row.year) else int(row.year),
                "date": row.date,
                "code_url": row.code_url,
                "authors": names.get(row.paper_id, []),
                "complete": bool(row.authors_complete),
            }
    notes = []
    if G.graph.get("lower_bound"):
        notes.append(
            f"{G.graph.get('incomplete_papers', 0)} of {G.graph.get('papers', 0)} papers list "
            "only their first authors (\"et al.\"): joint-paper counts are lower bounds."
        )
    if len(shown) < G.number_of_nodes():
        notes.append(
            f"Showing {len(shown)} of {G.number_of_nodes()} nodes (the top by {size_by}); "
            f"{G.number_of_nodes() - len(shown)} left out. Change the limit with --max-nodes."
        )
    net = Network(directed=False)
    # Bulk assignment: pyvis's add_node/add_edge are O(n) per call.
    net.nodes, net.edges = nodes, edges
    net.options = {
        "physics": {
            "enabled": len(nodes) <= 600,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 80,
                                 "avoidOverlap": 0.4},
            "stabilization": {"enabled": True, "iterations": 300, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": len(edges) > 5000},
        "layout": {"randomSeed": seed, "improvedLayout": False},
        "nodes": {"borderWidth": 1, "font": {"face": "system-ui"}},
        "edges": {"smooth": False},
    }
    return {
        "nodes": net.nodes,
        "edges": net.edges,
        "papers": dict(sorted(papers.items())),
        "communities": communities,
        "options": net.options,
        "meta": {
            "title": title,
            "total_nodes": G.number_of_nodes(),
            "total_edges": G.number_of_edges(),
            "shown_nodes": len(nodes),
            "shown_edges": len(edges),
            "size_by": size_by,
            "lower_bound": bool(G.graph.get("lower_bound", False)),
            "notes": notes,
        },
    }


def render_network_html(payload: dict, *, title: str | None = None) -> str:
    """The complete HTML page for a payload from :func:`network_payload`."""
    js, css = _vis_assets()
    tpl = _env().get_template("network.html.j2")
    return tpl.render(payload=payload, title=title or payload["meta"]["title"], vis_js=js,
                      vis_css=css)


def write_html(path: str | os.PathLike[str], page: str) -> Path:
    """Write a page atomically; return its path."""
    return write_text_atomic(path, page)


def notebook_html(page: str, *, height: int = 650):
    """Display a page inline in Jupyter (an iframe with ``srcdoc``: no file, no server).

    Returns an ``IPython.display.HTML`` object when IPython is installed, else the iframe
    markup as a string.
    """
    frame = (f'<iframe srcdoc="{html.escape(page, quote=True)}" style="width:100%;'
             f'height:{int(height)}px;border:1px solid #ddd" sandbox="allow-scripts"></iframe>')
    try:
        from IPython.display import HTML
    except ImportError:
        return frame
    return HTML(frame)


def payload_json(payload: dict) -> str:
    """Sorted JSON of a payload (for golden tests and diffs)."""
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, indent=1)
