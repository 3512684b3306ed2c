"""Seeded node positions for the pages and the pictures (same input, same picture).

Used by :mod:`graph.render` (the HTML pages) and :mod:`graph.export` (PNG/SVG, GEXF
positions), which therefore never import each other.

The layout shows communities as regions (measured in ``bench/picture.py``: a plain
force-directed layout of a 1,500-author page mixes its communities, silhouette about -0.15;
this one separates them, about +0.8):

1. Every connected component is laid out on its own.
2. Inside a component holding several groups (communities), each group gets a disc of area
   proportional to its size, laid out inside by a force-directed layout of its own links; the
   discs are placed by a force-directed layout of the *group graph* (one node per group, linked
   by how many links join two groups, normalised by their sizes), pushed apart until no two
   overlap and pulled together so they pack; each disc is then turned (the best rotation or
   mirror image in closed form, 2-D Procrustes) so its members face the groups they link to.
3. Hubs (a profile's owner, linked to everyone) get a disc of their own, which the group graph
   puts in the middle of the groups they link to.
4. The largest component is drawn in the middle and made to fill most of the drawing; the
   others are packed tightly in rows below or beside it, largest first.

>>> import networkx as nx
>>> pos = layout(nx.path_graph(3), seed=1)
>>> sorted(pos) == [0, 1, 2] and pos == layout(nx.path_graph(3), seed=1)
True
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Iterator, Mapping, Sequence

import networkx as nx
import numpy as np
import scipy.sparse as sp
from scipy.sparse import csgraph
from scipy.spatial import cKDTree

__all__ = ["SPRING_LIMIT", "layout", "layout_edges"]


#: Groups (or components without groups) up to this size are laid out by NetworkX's
#: force-directed spring layout; larger ones by igraph's grid Fruchterman-Reingold when igraph
#: is installed, else by pivot MDS.  NetworkX switches to a slow energy method at 500 nodes
#: (12 s at 500 nodes, minutes at 20k on the benchmark machine).
SPRING_LIMIT = 499
#: The largest component fills at least this share of the drawing's bounding box when the
#: others allow it (the giant component is spread out, the small ones packed tightly).
GIANT_SHARE = 0.6
#: Small components are drawn this much denser than the largest one.
_SMALL_DENSITY = 0.75
#: Groups up to this size are laid out by NetworkX's spring layout (fast at this size).
_SMALL_GROUP = 60


def layout(
    G: nx.Graph,
    *,
    seed: int = 42,
    scale: float = 1000.0,
    groups: Mapping | None = None,
    hubs: Sequence = (),
    radii: Mapping | None = None,
) -> dict:
    """Seeded positions ``{node: (x, y)}`` (same input, same picture).

    Parameters
    ----------
    G : the graph.
    seed : seed of every randomised step.
    scale : the drawing spans ``[-scale, scale]`` along its longer side.
    groups : node -> community id (negative: none); default the nodes' ``community``
        attribute, when they have one.  Without groups each component is laid out whole.
    hubs : nodes placed at the centre of their neighbours instead of in a group; default the
        nodes whose ``is_owner`` attribute is true.
    radii : node -> drawn radius (output units): nodes that would overlap are moved apart.

    Nodes are laid out in sorted order, so the result does not depend on insertion order.

    Examples
    --------
    >>> G = nx.disjoint_union(nx.complete_graph(4), nx.complete_graph(4))
    >>> G.add_edge(0, 4)
    >>> pos = layout(G, groups={n: n // 4 for n in G}, seed=1)
    >>> left = {n for n in G if pos[n][0] < 0}
    >>> left in ({0, 1, 2, 3}, {4, 5, 6, 7})
    True
    """
    nodes = sorted(G.nodes, key=str)
    index = {v: i for i, v in enumerate(nodes)}
    pairs = np.fromiter((index[x] for e in G.edges() for x in e), dtype=np.int64)
    weights = [w for _, _, w in G.edges(data="weight", default=1)]
    if groups is None and any("community" in d for _, d in G.nodes(data=True)):
        groups = {n: d.get("community", -1) for n, d in G.nodes(data=True)}
    if not hubs:
        hubs = [n for n, d in G.nodes(data=True) if d.get("is_owner", False)]
    return layout_edges(
        nodes,
        pairs[0::2],
        pairs[1::2],
        weights,
        seed=seed,
        scale=scale,
        groups=None if groups is None else [groups.get(n, -1) for n in nodes],
        hubs=hubs,
        radii=None if radii is None else [radii[n] for n in nodes],
    )


def layout_edges(
    nodes: list,
    rows: np.ndarray,
    cols: np.ndarray,
    weights,
    *,
    seed: int,
    scale: float,
    groups: Sequence[int] | None = None,
    hubs: Sequence = (),
    radii: Sequence[float] | None = None,
) -> dict:
    """:func:`layout` of the graph on ``nodes`` (sorted by ``str``) whose edges join
    ``nodes[rows[k]]`` and ``nodes[cols[k]]`` with weight ``weights[k]`` (any order and
    orientation; ``None``: all 1).  ``groups[i]`` is the community of ``nodes[i]``.  The page
    lays out its shown subgraph from its edge list this way, without building a subgraph copy
    first.  With ``radii`` (each node's drawn radius, in output units) nodes that would
    overlap are moved apart at the end."""
    n = len(nodes)
    if not n:
        return {}
    rows = np.asarray(rows, dtype=np.int64)
    cols = np.asarray(cols, dtype=np.int64)
    w = np.ones(len(rows)) if weights is None else np.asarray(weights, dtype=float)
    keep = rows != cols  # self-loops carry no position information
    rows, cols, w = rows[keep], cols[keep], w[keep]
    A = sp.csr_array((np.r_[w, w], (np.r_[rows, cols], np.r_[cols, rows])), shape=(n, n))
    A.sum_duplicates()
    hub_set = set(hubs)
    is_hub = np.fromiter((v in hub_set for v in nodes), dtype=bool, count=n)
    grp = np.zeros(n, dtype=np.int64) if groups is None else np.asarray(groups, dtype=np.int64)
    # igraph only for groups above _SMALL_GROUP nodes (importing it alone takes ~0.5 s).
    big = int(np.unique(grp, return_counts=True)[1].max()) > _SMALL_GROUP
    with _igraph_seeded(seed) if big else contextlib.nullcontext():
        xy = _place(A, grp, is_hub, np.random.default_rng(seed), seed)
    xy -= (xy.max(axis=0) + xy.min(axis=0)) / 2
    extent = np.abs(xy).max()
    if extent > 0:
        xy /= extent
    xy *= scale
    if radii is not None and n > 1:
        xy = _ease_overlaps(xy, np.asarray(radii, dtype=float))
    xy = np.round(xy, 2) + 0.0  # + 0.0: no "-0.0" in the page
    return {v: (float(x), float(y)) for v, (x, y) in zip(nodes, xy.tolist(), strict=True)}


@contextlib.contextmanager
def _igraph_seeded(seed: int) -> Iterator[None]:
    """igraph's Fruchterman-Reingold draws from igraph's random number generator even from
    given starting points (Python's ``random`` module by default, shared with everything
    else): give it a generator of its own, seeded, for the layout, and put the default back."""
    try:
        import igraph as ig
    except ImportError:
        yield
        return
    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)


def _ease_overlaps(xy: np.ndarray, radii: np.ndarray, iters: int = 30) -> np.ndarray:
    """Push apart nodes whose discs (plus a small gap) overlap; each pair moves half the
    overlap each, a few sweeps (the layout already spaces most nodes well apart)."""
    xy = xy.copy()
    gap = 0.15 * float(np.median(radii))
    reach = 2 * float(radii.max()) + gap
    for _ in range(iters):
        pairs = cKDTree(xy).query_pairs(reach, output_type="ndarray")
        if not len(pairs):
            break
        i, j = pairs[:, 0], pairs[:, 1]
        d = xy[i] - xy[j]
        dist = np.sqrt((d**2).sum(axis=1))
        over = radii[i] + radii[j] + gap - dist
        hit = over > 1e-6
        if not hit.any():
            break
        i, j, d, dist, over = i[hit], j[hit], d[hit], dist[hit], over[hit]
        zero = dist < 1e-9
        d[zero] = np.column_stack([np.cos(i[zero] * 2.4), np.sin(i[zero] * 2.4)])
        dist[zero] = 1.0
        step = d / dist[:, None] * (over / 2)[:, None]
        push = np.zeros_like(xy)
        np.add.at(push, i, step)
        np.add.at(push, j, -step)
        xy += push
    return xy


# ---- one group: a force-directed layout normalised to the unit disc ---------------------------


def _unit_disc(xy: np.ndarray) -> np.ndarray:
    """Centre ``xy`` and scale it so its root-mean-square radius is that of a uniformly
    filled unit disc (1/√2); the few points beyond radius 1 are pulled onto the rim, so a
    far-flung leaf does not shrink the rest of the group."""
    xy = xy - xy.mean(axis=0)
    rms = np.sqrt((xy**2).sum(axis=1).mean())
    if rms <= 0:
        return xy
    xy *= (0.5**0.5) / rms
    r = np.sqrt((xy**2).sum(axis=1))
    far = r > 1
    xy[far] /= r[far, None]
    return xy


def _local(block: sp.csr_array, seed: int, rng: np.random.Generator) -> np.ndarray:
    """Positions of one group's nodes (its internal links in ``block``) in the unit disc.

    Fruchterman-Reingold from seeded random starting points: NetworkX's up to 60 nodes,
    igraph's (C) above when igraph is installed (else NetworkX's up to :data:`SPRING_LIMIT`);
    pivot MDS alone above 1,000 nodes (igraph) or :data:`SPRING_LIMIT` (NetworkX).  Groups
    above 60 nodes start from pivot MDS and take fewer iterations.  NetworkX's is far slower
    on big groups: a 20,000-node page has ~100 groups of ~300 nodes, 70 s with NetworkX's."""
    r = block.shape[0]
    if r == 1:
        return np.zeros((1, 2))
    if r <= 3:
        t = 2 * np.pi * np.arange(r) / r + np.pi / 2
        return np.column_stack([np.cos(t), np.sin(t)]) * 0.8
    coo = block.tocoo()
    upper = coo.row < coo.col
    edges = list(zip(coo.row[upper].tolist(), coo.col[upper].tolist(), strict=True))
    start = rng.uniform(-1.0, 1.0, size=(r, 2)) * np.sqrt(r)
    try:
        if r <= _SMALL_GROUP:
            raise ImportError  # NetworkX is quick enough here
        import igraph as ig
    except ImportError:  # igraph is the optional extra
        if r > SPRING_LIMIT:
            return _unit_disc(_pivot_mds_any(block, rng))
        H = nx.Graph()
        H.add_nodes_from(range(r))
        H.add_edges_from(edges)
        init = {i: tuple(p) for i, p in enumerate(start.tolist())}
        pos = nx.spring_layout(H, pos=init, seed=seed, weight=None, iterations=80)
        return _unit_disc(np.array([pos[i] for i in range(r)]))
    if r > 1000:
        # Each iteration costs r² pairs (0.15 s at 5,000 nodes even on igraph's grid):
        # a community this big is shown by pivot MDS alone.
        return _unit_disc(_pivot_mds_any(block, rng))
    g = ig.Graph(n=r, edges=edges)
    niter = 300
    if r > _SMALL_GROUP:
        # Big groups start from pivot MDS (cheap, already close) and need fewer iterations.
        start = _unit_disc(_pivot_mds_any(block, rng)) * np.sqrt(r) + start * 0.05
        niter = 150 if r <= 200 else 60
    xy = g.layout_fruchterman_reingold(seed=start.tolist(), niter=niter)
    return _unit_disc(np.array(xy.coords))


def _pivot_mds_any(block: sp.csr_array, rng: np.random.Generator) -> np.ndarray:
    """Pivot MDS of a possibly disconnected block: its components side by side on a line
    would waste the disc, so each is placed by :func:`_pivot_mds` and the pieces packed."""
    ncomp, label = csgraph.connected_components(block, directed=False)
    if ncomp == 1:
        return _pivot_mds(block, rng)
    parts = []
    for c in range(ncomp):
        idx = np.flatnonzero(label == c)
        sub = block[idx][:, idx]
        local = _pivot_mds(sub, rng) if len(idx) > 3 else _local(sub, 0, rng)
        parts.append((idx, local * np.sqrt(len(idx))))
    return _pack_rows(parts, block.shape[0])


def _pivot_mds(block, rng: np.random.Generator, pivots: int = 50) -> np.ndarray:
    """2-D classical MDS of hop distances to ``pivots`` seeded pivots (Brandes & Pich 2006;
    one connected component; O(pivots·m))."""
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


# ---- a component: groups as discs ------------------------------------------------------------


def _separate(
    c: np.ndarray, r: np.ndarray, weight: np.ndarray, pinned: int = -1, iters: int = 400
) -> np.ndarray:
    """Move discs (centres ``c``, radii ``r``) until none overlap, pulling them towards their
    common centre (or the ``pinned`` disc, which never moves) between pushes so they end
    packed; the last pushes have no pull."""
    c = c.copy()
    mover = np.ones(len(c))
    if pinned >= 0:
        mover[pinned] = 0.0
    gap = 0.2 * np.median(r)
    reach = 2 * r.max() + gap
    for it in range(iters):
        tree = cKDTree(c)
        pairs = tree.query_pairs(reach, output_type="ndarray")
        moved = False
        if len(pairs):
            i, j = pairs[:, 0], pairs[:, 1]
            d = c[i] - c[j]
            dist = np.sqrt((d**2).sum(axis=1))
            over = r[i] + r[j] + gap - dist
            hit = over > 1e-9
            if hit.any():
                moved = True
                i, j, d, dist, over = i[hit], j[hit], d[hit], dist[hit], over[hit]
                # Coincident centres: push along a fixed, index-dependent direction.
                zero = dist < 1e-12
                d[zero] = np.column_stack([np.cos(i[zero] + j[zero]), np.sin(i[zero] + j[zero])])
                dist[zero] = 1.0
                u = d / dist[:, None]
                # The smaller disc moves more (by area), so big groups stay where placed; a
                # pinned disc not at all.
                ai, aj = r[i] ** 2 * mover[j], r[j] ** 2 * mover[i]
                a = np.where(ai + aj > 0, ai / np.maximum(ai + aj, 1e-300), 0.5)
                push = np.zeros_like(c)
                np.add.at(push, i, u * (over * (1 - a))[:, None])
                np.add.at(push, j, -u * (over * a)[:, None])
                c += push
        if it < iters * 0.6:
            centre = c[pinned] if pinned >= 0 else (c * weight[:, None]).sum(axis=0) / weight.sum()
            c -= 0.05 * (c - centre) * mover[:, None]
        elif not moved:
            break
    return c


def _procrustes(local: np.ndarray, target: np.ndarray, w: np.ndarray) -> np.ndarray:
    """The 2 x 2 rotation, or rotation of the mirror image, ``M`` that brings ``local @ M.T``
    closest to ``target`` (weighted least squares; in 2-D the angle is closed-form)."""
    best, best_cost = np.eye(2), np.inf
    for mirror in (np.eye(2), np.diag([-1.0, 1.0])):
        m = local @ mirror.T
        s = (w * (m[:, 0] * target[:, 1] - m[:, 1] * target[:, 0])).sum()
        c = (w * (m[:, 0] * target[:, 0] + m[:, 1] * target[:, 1])).sum()
        t = np.arctan2(s, c)
        M = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]]) @ mirror
        cost = (w * ((local @ M.T - target) ** 2).sum(axis=1)).sum()
        if cost < best_cost:
            best, best_cost = M, cost
    return best


def _component(
    A: sp.csr_array, grp: np.ndarray, is_hub: np.ndarray, rng: np.random.Generator, seed: int
) -> np.ndarray:
    """Positions of one connected component (adjacency ``A``), in units where a group of
    ``k`` nodes fills a disc of radius √k."""
    n = A.shape[0]
    xy = np.zeros((n, 2))
    if is_hub.all():  # only hubs: a small ring
        return _local(A, seed, rng) * np.sqrt(n)
    hub_label = None
    if is_hub.any() and len(np.unique(grp[~is_hub])) > 1:
        # The hubs form a group of their own in the middle; the groups' discs pack around it.
        hub_label = grp.max() + 1
        grp = np.where(is_hub, hub_label, grp)
        is_hub = np.zeros(n, dtype=bool)
    body = np.flatnonzero(~is_hub)
    labels, inv = np.unique(grp[body], return_inverse=True)
    k = len(labels)
    B = A[body][:, body].tocsr()
    if k == 1 or len(body) <= 3:
        xy[body] = _local(B, seed, rng) * np.sqrt(len(body))
    else:
        # Groups in a stable order: largest first, ties by label.
        size = np.bincount(inv, minlength=k).astype(float)
        order = np.lexsort((labels, -size))
        rank = np.empty(k, dtype=np.int64)
        rank[order] = np.arange(k)
        g = rank[inv]  # group of each body node, 0 = largest
        size = size[order]
        radius = np.sqrt(size)
        members = [np.flatnonzero(g == i) for i in range(k)]
        local = [_local(B[m][:, m].tocsr(), seed, rng) * radius[i] for i, m in enumerate(members)]
        # The group graph: links between groups, as association strength (links / sizes).
        coo = B.tocoo()
        gi, gj = g[coo.row], g[coo.col]
        cross = gi < gj
        Q = sp.coo_array(
            (coo.data[cross], (gi[cross], gj[cross])), shape=(k, k)
        ).tocsr()  # sums duplicates
        Qc = Q.tocoo()
        H = nx.Graph()
        H.add_nodes_from(range(k))
        H.add_weighted_edges_from(
            zip(
                Qc.row.tolist(),
                Qc.col.tolist(),
                (Qc.data / np.sqrt(size[Qc.row] * size[Qc.col])).tolist(),
                strict=True,
            )
        )
        hub_group = -1 if hub_label is None else int(rank[np.searchsorted(labels, hub_label)])
        if k <= SPRING_LIMIT:
            fixed = {"pos": {hub_group: (0.0, 0.0)}, "fixed": [hub_group]} if hub_group >= 0 else {}
            qp = nx.spring_layout(H, seed=seed, weight="weight", iterations=200, **fixed)
            centres = np.array([qp[i] for i in range(k)])
        else:
            Qs = (Q + Q.T).tocsr()
            centres = _pivot_mds_any(Qs, rng)
        centres = centres - (centres[hub_group] if hub_group >= 0 else centres.mean(axis=0))
        spread = np.abs(centres).max()
        centres *= np.sqrt(size.sum()) / (spread if spread > 0 else 1.0)
        centres = _separate(centres, radius, size, pinned=hub_group)
        for i, m in enumerate(members):
            xy[body[m]] = centres[i] + local[i]
        # Turn each disc to face the groups it links to (largest first, two sweeps): each
        # member with outside links aims at the point of the rim towards those links.
        external = gi != gj
        er, ec, ew = coo.row[external], coo.col[external], coo.data[external]
        eg = g[er]
        for _ in range(2):
            for i in range(k):
                sel = eg == i
                if not sel.any():
                    continue
                m = members[i]
                at = np.searchsorted(m, er[sel])
                tgt = np.zeros((len(m), 2))
                wt = np.zeros(len(m))
                np.add.at(tgt, at, (xy[body[ec[sel]]] - centres[i]) * ew[sel, None])
                np.add.at(wt, at, ew[sel])
                linked = wt > 0
                aim = tgt[linked] / wt[linked, None]
                aim *= radius[i] / np.maximum(np.sqrt((aim**2).sum(axis=1, keepdims=True)), 1e-12)
                M = _procrustes(local[i][linked], aim, wt[linked])
                local[i] = local[i] @ M.T
                xy[body[m]] = centres[i] + local[i]
    hubs = np.flatnonzero(is_hub)
    if len(hubs):
        H_ = A[hubs][:, body].tocsr()
        deg = np.asarray(H_.sum(axis=1)).ravel()
        centre = xy[body].mean(axis=0)
        at = H_ @ xy[body]
        for t, h in enumerate(hubs):
            xy[h] = at[t] / deg[t] if deg[t] > 0 else centre
    return xy


# ---- the drawing: components packed around the largest ----------------------------------------


def _pack_rows(parts: list[tuple[np.ndarray, np.ndarray]], n: int, width: float | None = None):
    """Pack pieces ``(indices, positions)`` (positions centred, in node units) in rows, largest
    first, into an ``n x 2`` array; rows are ``width`` wide (default: about square)."""
    boxes = []
    for idx, p in parts:
        lo, hi = p.min(axis=0), p.max(axis=0)
        boxes.append((idx, p - lo, np.maximum(hi - lo, 0.0) + 1.0))  # + 1: a node's own room
    if width is None:
        width = max(
            float(np.sqrt(sum(b[0] * b[1] for _, _, b in boxes)) * 1.15),
            max(b[0] for *_, b in boxes),
        )
    xy = np.zeros((n, 2))
    x0 = y0 = shelf = 0.0
    for idx, p, (w, h) in boxes:
        if x0 + w > width + 1e-9 and x0 > 0:
            x0, y0, shelf = 0.0, y0 + shelf, 0.0
        xy[idx] = p + np.array([x0 + 0.5, y0 + 0.5])
        x0 += w
        shelf = max(shelf, h)
    return xy


def _place(
    A: sp.csr_array, grp: np.ndarray, is_hub: np.ndarray, rng: np.random.Generator, seed: int
) -> np.ndarray:
    """Every component laid out (:func:`_component`), the largest in the middle, the others
    packed in rows below it or in columns beside it.

    The small components are drawn denser than the largest, and the largest is spread (up to
    2x) until its bounding box fills :data:`GIANT_SHARE` of the drawing's; among the
    arrangements that reach it, the one closest to a 4:3 drawing wins.
    """
    n = A.shape[0]
    ncomp, label = csgraph.connected_components(A, directed=False)
    order = np.argsort(label, kind="stable")
    sizes = np.bincount(label, minlength=ncomp)
    starts = np.concatenate([[0], np.cumsum(sizes)])
    comp_members = [order[starts[c] : starts[c + 1]] for c in range(ncomp)]
    # Largest first; ties by first node (members are in index order).
    comps = sorted(range(ncomp), key=lambda c: (-sizes[c], int(comp_members[c][0])))
    pieces = []
    for c in comps:
        idx = comp_members[c]
        sub = A[idx][:, idx].tocsr()
        p = _component(sub, grp[idx], is_hub[idx], rng, seed)
        pieces.append((idx, p - (p.max(axis=0) + p.min(axis=0)) / 2))
    giant_idx, giant = pieces[0]
    xy = np.zeros((n, 2))
    xy[giant_idx] = giant
    if len(pieces) == 1:
        return xy
    rest = [(idx, p * _SMALL_DENSITY) for idx, p in pieces[1:]]
    ids = np.concatenate([i for i, _ in rest])
    gw, gh = giant.max(axis=0) - giant.min(axis=0) + 1.0

    rest_area = sum(float(np.prod(p.max(axis=0) - p.min(axis=0) + 1.0)) for _, p in rest)

    def arrange(spread: float, side: str) -> np.ndarray:
        out = xy.copy()
        out[giant_idx] = giant * spread
        W, H = gw * spread, gh * spread
        if side in ("below", "below-wide"):
            # Rows as wide as the giant, or (when it is small beside the rest) as wide as a
            # 4:3 drawing of everything needs.
            width = W if side == "below" else max(W, np.sqrt((rest_area + W * H) * 4 / 3))
            pw = _pack_rows(rest, n, width=width)[ids]
            pw[:, 0] += -(pw[:, 0].max() + pw[:, 0].min()) / 2
            pw[:, 1] += H / 2 + 1.0 - pw[:, 1].min()
        else:
            pw = _pack_columns(rest, n, height=H)[ids]
            pw[:, 0] += W / 2 + 1.0 - pw[:, 0].min()
            pw[:, 1] += -(pw[:, 1].max() + pw[:, 1].min()) / 2
        out[ids] = pw
        return out

    def area(p: np.ndarray) -> float:
        span = p.max(axis=0) - p.min(axis=0) + 1.0
        return float(span[0] * span[1])

    best = None
    for spread in (1.0, 1.25, 1.5, 1.75, 2.0):
        for side in ("below", "below-wide", "right"):
            out = arrange(spread, side)
            share = area(out[giant_idx]) / area(out)
            span = out.max(axis=0) - out.min(axis=0) + 1.0
            aspect = abs(np.log(span[0] / span[1] / (4 / 3)))
            ok = share >= GIANT_SHARE
            # Reaching the share: the least spread, then the closest to 4:3.  Not reaching it
            # (no dominant component): the best balance of share and shape.
            key = (not ok, spread, aspect) if ok else (True, aspect - share, spread)
            if best is None or key < best[0]:
                best = (key, out)
    return best[1]


def _pack_columns(parts, n: int, height: float):
    """:func:`_pack_rows` transposed: columns ``height`` tall."""
    flipped = [(idx, p[:, ::-1]) for idx, p in parts]
    return _pack_rows(flipped, n, width=height)[:, ::-1]
