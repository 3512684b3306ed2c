"""Seeded node positions for the pages and the pictures (same input, same picture).

Used by :mod:`graph.render` (the HTML pages) and :mod:`graph.export` (PNG/SVG, GEXF
positions), which therefore never import each other.

>>> import networkx as nx
>>> pos = layout(nx.path_graph(3), seed=1)
>>> sorted(pos) == [0, 1, 2] and pos == layout(nx.path_graph(3), seed=1)
True
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import scipy.sparse as sp
from scipy.sparse import csgraph

__all__ = ["SPRING_LIMIT", "layout", "layout_edges"]


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
    nodes = sorted(G.nodes, key=str)
    index = {v: i for i, v in enumerate(nodes)}
    pairs = np.fromiter((index[x] for e in G.edges() for x in e), dtype=np.int64)
    weights = (
        [w for _, _, w in G.edges(data="weight", default=1)] if len(nodes) <= SPRING_LIMIT else None
    )
    return layout_edges(nodes, pairs[0::2], pairs[1::2], weights, seed=seed, scale=scale)


def layout_edges(
    nodes: list, rows: np.ndarray, cols: np.ndarray, weights, *, seed: int, scale: float
) -> dict:
    """:func:`layout` of the graph on ``nodes`` (sorted by ``str``) whose edges join
    ``nodes[rows[k]]`` and ``nodes[cols[k]]`` with weight ``weights[k]`` (any order and
    orientation; weights are read only by the spring layout, up to :data:`SPRING_LIMIT`
    nodes).  The page lays out its shown subgraph from its edge list this way, without
    building a subgraph copy first."""
    if not nodes:
        return {}
    if len(nodes) > SPRING_LIMIT:
        return _pivot_mds_layout(nodes, rows, cols, seed=seed, scale=scale)
    H = nx.Graph()
    H.add_nodes_from(nodes)
    H.add_edges_from(
        sorted(
            (
                (nodes[i], nodes[j], {"weight": w})
                for i, j, w in zip(rows.tolist(), cols.tolist(), weights, strict=True)
            ),
            key=lambda e: (str(e[0]), str(e[1])),
        )
    )
    n = H.number_of_nodes()
    pos = nx.spring_layout(
        H, seed=seed, weight="weight", k=2.0 / max(n, 1) ** 0.5, iterations=100 if n < 2000 else 50
    )
    return {
        node: (round(float(x) * scale, 2), round(float(y) * scale, 2))
        for node, (x, y) in pos.items()
    }


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


def _pivot_mds_layout(
    nodes: list, rows: np.ndarray, cols: np.ndarray, *, seed: int, scale: float
) -> dict:
    n = len(nodes)
    # Only the edge set matters (the matrix is symmetrised below), not order or orientation.
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
    # packed in shelves as wide as the largest component or the side of a square holding all
    # of them (total area ~ 4n), whichever is wider: many small components (an OpenAlex slice)
    # would otherwise stack into one tall column.
    comps = sorted(range(ncomp), key=lambda c: (-sizes[c], int(order[starts[c]])))
    width = max(2.0 * np.sqrt(sizes.max()), 1.2 * 2.0 * np.sqrt(n), 1.0)
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
