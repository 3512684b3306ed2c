"""Which layout shows communities?  Candidates compared by measured result.

For the shown graph of each benchmark page (the synthetic 10^4-paper corpus with 1,500 of
~9k authors shown, Newman's netscience network, the real OpenAlex TU9 sample) every candidate
layout is run and measured with ``bench/picture.py``'s numbers: the mean silhouette of node
positions by community over the 12 largest communities shown, the largest component's share
of the drawing's bounding box, and the seconds it took.  Candidates:

* ``before``: the layout on main before issue 15 (pivot MDS above 499 nodes, components in
  shelves), kept here as the baseline;
* ``spring``: NetworkX's Fruchterman-Reingold on the whole shown graph;
* ``fa2``, ``fa2-linlog``: NetworkX's ForceAtlas2 (``forceatlas2_layout``, NetworkX >= 3.4),
  plain and in LinLog mode (Noack's energy, which separates clusters more);
* ``fa2-community``: ForceAtlas2 with links inside a community weighted 5x;
* ``igraph-seeded``: igraph's Fruchterman-Reingold started from a layout of the community
  super-graph (each node at its community's place, jittered);
* ``drl``: igraph's DrL (OpenOrd), built for large graphs;
* ``group-in-a-box``: a squarified treemap of the communities (Rodrigues et al. 2011), each
  community laid out in its box;
* ``ours``: ``graph.layout`` (communities as discs placed by their super-graph, turned to face
  their neighbours; the giant component spread, small ones packed).

Then ``ours`` alone on the 5,000- and 20,000-node pages (seconds; ForceAtlas2 and the spring
layout are O(n²) per iteration and are not run there).  It also prints the corpora's shape
(components, clustering, modularity, community sizes), real and synthetic side by side.

Run: ``.venv/bin/python -m bench.layouts`` (about 5 minutes, most of it ForceAtlas2).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import networkx as nx
import numpy as np

from .picture import giant_bbox_share, silhouette

ROOT = Path(__file__).resolve().parent.parent


def _payload(G: nx.Graph, pos: dict) -> dict:
    return {
        "nodes": [{"id": n, "x": float(pos[n][0]), "y": float(pos[n][1])} for n in G],
        "edges": [{"from": u, "to": v} for u, v in G.edges()],
    }


def _score(G: nx.Graph, membership: dict, pos: dict) -> tuple[float, float, float]:
    """Silhouette (12 largest communities), giant component's bounding-box share, and the
    mean link length in units of the typical node spacing (sqrt(drawing area / nodes)):
    short links mean linked authors and linked communities are drawn near each other."""
    sizes = Counter(membership[n] for n in G)
    top = {c for c, _ in sorted(sizes.items(), key=lambda t: (-t[1], t[0]))[:12]}
    ns = [n for n in G if membership[n] in top]
    sil = silhouette(np.array([pos[n] for n in ns]), np.array([membership[n] for n in ns]))
    xy = np.array([pos[n] for n in G], dtype=float)
    span = xy.max(axis=0) - xy.min(axis=0)
    spacing = np.sqrt(max(span[0] * span[1], 1e-12) / len(xy))
    lengths = [np.hypot(*(np.subtract(pos[u], pos[v]))) for u, v in G.edges()]
    return sil, giant_bbox_share(_payload(G, pos)), float(np.mean(lengths)) / spacing


# ---- candidates ----------------------------------------------------------------------------


def before(G, membership, seed):
    """The layout of main before issue 15 (``graph/layout.py`` at commit e293455)."""
    from scipy.sparse import csgraph, csr_array

    nodes = sorted(G, key=str)
    if len(nodes) <= 499:
        return nx.spring_layout(G, seed=seed, iterations=100)
    index = {v: i for i, v in enumerate(nodes)}
    r = [index[u] for u, v in G.edges()]
    c = [index[v] for u, v in G.edges()]
    n = len(nodes)
    A = csr_array((np.ones(len(r)), (r, c)), shape=(n, n))
    ncomp, label = csgraph.connected_components(A, directed=False)
    sizes = np.bincount(label, minlength=ncomp)
    order = np.argsort(label, kind="stable")
    P = A[order][:, order].tocsr()
    P = P + P.T
    starts = np.concatenate([[0], np.cumsum(sizes)])
    rng = np.random.default_rng(seed)
    xy = np.zeros((n, 2))
    comps = sorted(range(ncomp), key=lambda k: (-sizes[k], int(order[starts[k]])))
    width = max(2.0 * np.sqrt(sizes.max()), 1.2 * 2.0 * np.sqrt(n), 1.0)
    x0 = y0 = shelf = 0.0
    for k in comps:
        a, b = int(starts[k]), int(starts[k + 1])
        m = b - a
        side = 2.0 * np.sqrt(m)
        if m == 1:
            local = np.zeros((1, 2))
        elif m <= 3:
            t = 2 * np.pi * np.arange(m) / m
            local = np.column_stack([np.cos(t), np.sin(t)])
        else:
            block = P[a:b, a:b]
            chosen = np.sort(rng.choice(m, size=min(50, m), replace=False))
            D = csgraph.shortest_path(block, unweighted=True, directed=False, indices=chosen).T
            D2 = D**2
            C = -0.5 * (D2 - D2.mean(axis=0) - D2.mean(axis=1, keepdims=True) + D2.mean())
            _, V = np.linalg.eigh(C.T @ C)
            local = C @ V[:, ::-1][:, :2]
            local = local / max(np.abs(local).max(), 1e-12)
        if x0 + side > width and x0 > 0:
            x0, y0, shelf = 0.0, y0 + shelf, 0.0
        xy[order[a:b]] = local * side / 2 * 0.9 + [x0 + side / 2, y0 + side / 2]
        x0 += side
        shelf = max(shelf, side)
    return {v: tuple(p) for v, p in zip(nodes, xy.tolist(), strict=True)}


def spring(G, membership, seed):
    return nx.spring_layout(G, seed=seed, iterations=50, method="force")


def fa2(G, membership, seed, linlog=False):
    return nx.forceatlas2_layout(G, seed=seed, max_iter=100, linlog=linlog, weight="weight")


def fa2_linlog(G, membership, seed):
    return fa2(G, membership, seed, linlog=True)


def fa2_community(G, membership, seed):
    H = nx.Graph()
    H.add_nodes_from(G)
    for u, v, d in G.edges(data=True):
        w = d.get("weight", 1) * (5.0 if membership[u] == membership[v] else 1.0)
        H.add_edge(u, v, weight=w)
    return nx.forceatlas2_layout(H, seed=seed, max_iter=100, weight="weight")


def _igraph(G):
    import igraph as ig

    nodes = sorted(G, key=str)
    index = {v: i for i, v in enumerate(nodes)}
    return ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in G.edges()]), nodes


def igraph_seeded(G, membership, seed):
    g, nodes = _igraph(G)
    comms = sorted({membership[n] for n in G})
    Q = nx.Graph()
    Q.add_nodes_from(comms)
    for u, v in G.edges():
        a, b = membership[u], membership[v]
        if a != b:
            Q.add_edge(a, b, weight=Q.get_edge_data(a, b, {"weight": 0})["weight"] + 1)
    qp = nx.spring_layout(Q, seed=seed, weight="weight", iterations=200)
    rng = np.random.default_rng(seed)
    scale = np.sqrt(len(nodes))
    start = [list(np.array(qp[membership[n]]) * scale + rng.normal(0, 0.5, 2)) for n in nodes]
    xy = g.layout_fruchterman_reingold(seed=start, niter=500)
    return {v: tuple(p) for v, p in zip(nodes, xy.coords, strict=True)}


def drl(G, membership, seed):
    import random

    g, nodes = _igraph(G)
    random.seed(seed)
    xy = g.layout_drl()
    return {v: tuple(p) for v, p in zip(nodes, xy.coords, strict=True)}


def _worst(row: list[float], side: float) -> float:
    """The worst aspect ratio of a treemap row of ``row`` areas along a side of ``side``."""
    s = sum(row)
    return max(max(side * side * a / (s * s), s * s / (side * side * a)) for a in row)


def _squarify(sizes: list[float], x: float, y: float, w: float, h: float) -> list[tuple]:
    """Squarified treemap (Bruls, Huizing & van Wijk 2000) of ``sizes`` (descending) in the
    rectangle; returns (x, y, w, h) per size, in order."""
    out: list[tuple] = []
    sizes = list(sizes)
    total = sum(sizes)
    scale = w * h / total if total else 0.0
    areas = [s * scale for s in sizes]
    while areas:
        side = min(w, h)
        row = [areas[0]]

        i = 1
        while i < len(areas) and _worst([*row, areas[i]], side) <= _worst(row, side):
            row.append(areas[i])
            i += 1
        s = sum(row)
        if w >= h:  # a column on the left
            cw = s / h
            yy = y
            for a in row:
                out.append((x, yy, cw, a / cw))
                yy += a / cw
            x, w = x + cw, w - cw
        else:  # a row on top
            rh = s / w
            xx = x
            for a in row:
                out.append((xx, y, a / rh, rh))
                xx += a / rh
            y, h = y + rh, h - rh
        areas = areas[len(row) :]
    return out


def group_in_a_box(G, membership, seed):
    sizes = Counter(membership[n] for n in G)
    comms = sorted(sizes, key=lambda c: (-sizes[c], c))
    side = np.sqrt(len(G))
    boxes = _squarify([sizes[c] for c in comms], 0.0, 0.0, side * 4 / 3, side)
    pos = {}
    for c, (x, y, w, h) in zip(comms, boxes, strict=True):
        members = sorted((n for n in G if membership[n] == c), key=str)
        sub = G.subgraph(members)
        local = (
            {members[0]: (0.0, 0.0)}
            if len(members) == 1
            else nx.spring_layout(sub, seed=seed, iterations=50)
        )
        arr = np.array([local[n] for n in members], dtype=float)
        lo, hi = arr.min(axis=0), arr.max(axis=0)
        arr = (arr - lo) / np.where(hi - lo > 0, hi - lo, 1.0)
        for n, (u, v) in zip(members, arr.tolist(), strict=True):
            pos[n] = (x + w * (0.1 + 0.8 * u), y + h * (0.1 + 0.8 * v))
    return pos


def ours(G, membership, seed):
    from graph.layout import layout

    return layout(G, seed=seed, groups=membership)


CANDIDATES = {
    "before": before,
    "spring": spring,
    "fa2": fa2,
    "fa2-linlog": fa2_linlog,
    "fa2-community": fa2_community,
    "igraph-seeded": igraph_seeded,
    "drl": drl,
    "group-in-a-box": group_in_a_box,
    "ours": ours,
}


# ---- corpora ---------------------------------------------------------------------------------


def _shown(G: nx.Graph, metrics, membership: dict, max_nodes: int, owner=None):
    """The page's shown subgraph and its communities (the page's own selection rule)."""
    from graph.render import _scores, _select_nodes

    shown, _ = _select_nodes(G, _scores(G, metrics, "pagerank"), max_nodes, owner)
    H = nx.Graph()
    H.add_nodes_from(shown)
    H.add_edges_from((u, v, d) for u, v, d in G.subgraph(shown).edges(data=True))
    return H, {n: int(membership.get(n, -1)) for n in H}


def corpora(max_nodes: int = 1500, papers: int = 10_000):
    """(name, full graph, shown graph, shown communities, modularity) of each corpus."""
    import tempfile

    import pandas as pd

    from graph.analyse import communities
    from graph.config import RunConfig
    from graph.pipeline import analyse_corpus, load_corpus

    from .synth import synth_records, write_profile

    out = []
    with tempfile.TemporaryDirectory() as tmp:
        path = write_profile(synth_records(papers, seed=42), Path(tmp) / "synth.txt")
        cfg = RunConfig(inputs=(path,), fmt="profile", quiet=True, extra={"add_owner": False})
        a = analyse_corpus(load_corpus(cfg), cfg)
        H, m = _shown(a.annotated(), a.metrics, a.partition.membership, max_nodes)
        out.append((f"synth {papers:,} papers", a.coauthors, H, m, a.partition.modularity))
    if max_nodes <= 1500:
        G = nx.read_gml(ROOT / "tests" / "data" / "netscience" / "netscience.gml")
        nx.set_edge_attributes(G, 1, "weight")
        part = communities(G, seed=42)
        metrics = pd.DataFrame({"pagerank": pd.Series(nx.pagerank(G, weight="weight"))})
        H, m = _shown(G, metrics, part.membership, max_nodes)
        out.append(("netscience", G, H, m, part.modularity))
        oa = ROOT / "tests" / "data" / "openalex" / "works_tu9_2022.json"
        cfg = RunConfig(inputs=(oa,), quiet=True, include_owner=False)
        a = analyse_corpus(load_corpus(cfg), cfg)
        H, m = _shown(a.annotated(), a.metrics, a.partition.membership, max_nodes)
        out.append(("openalex TU9", a.coauthors, H, m, a.partition.modularity))
    return out


def shape(name: str, G: nx.Graph, modularity: float) -> str:
    comps = sorted((len(c) for c in nx.connected_components(G)), reverse=True)
    return (
        f"{name:22s} {G.number_of_nodes():7,d} authors {G.number_of_edges():8,d} links | "
        f"giant {comps[0] / G.number_of_nodes():4.0%}, {len(comps):4d} components | "
        f"clustering {nx.average_clustering(G):.2f}, transitivity {nx.transitivity(G):.2f} | "
        f"modularity {modularity:.2f}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", default=",".join(CANDIDATES), help="candidates to run")
    ap.add_argument("--no-large", action="store_true", help="skip the 5k and 20k timings")
    args = ap.parse_args(argv)
    names = args.only.split(",")
    print("corpus shape (whole co-author graph):")
    data = corpora()
    for name, G, _, _, q in data:
        print("  " + shape(name, G, q))
    print()
    print(
        f"{'corpus':22s} {'candidate':15s} {'silhouette':>10s} {'giant bbox':>10s} "
        f"{'link len':>8s} {'s':>7s}"
    )
    for name, _, H, m, _ in data:
        for cand in names:
            t = time.perf_counter()
            pos = CANDIDATES[cand](H, m, 42)
            secs = time.perf_counter() - t
            sil, share, length = _score(H, m, pos)
            print(
                f"{name:22s} {cand:15s} {sil:10.3f} {share:10.3f} {length:8.2f} {secs:7.2f}",
                flush=True,
            )
    if not args.no_large:
        for papers, shown in ((10_000, 5000), (25_000, 20_000)):
            ((name, _, H, m, _),) = corpora(shown, papers)
            t = time.perf_counter()
            pos = ours(H, m, 42)
            secs = time.perf_counter() - t
            sil, share, length = _score(H, m, pos)
            print(
                f"{name + f', {shown:,} shown':22s} {'ours':15s} {sil:10.3f} {share:10.3f} "
                f"{length:8.2f} {secs:7.2f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
