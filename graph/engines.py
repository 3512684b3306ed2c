"""Analysis engines: NetworkX stays the graph model, heavy algorithms may run elsewhere.

``engine="networkx"`` runs every metric with NetworkX (the reference).  ``engine="igraph"``
converts the graph once (node order: sorted by ``str``, the order of every metric table) and
runs PageRank, betweenness, closeness, clustering, k-cores and community detection in
igraph's C code; the results are the same numbers (PageRank to 1e-6, betweenness and
closeness exactly, communities by the same method up to seed-dependent differences).

Large graphs: exact betweenness and closeness cost O(n·m).  Above ``exact_limit`` nodes they
are estimated from ``pivots`` seeded source nodes (Brandes–Pich sampling for betweenness, as
``networkx.betweenness_centrality(k=..., seed=...)`` does, with the same pivots on both
engines; Eppstein–Wang sampling for closeness inside each component larger than the limit,
exact in the smaller ones).  Which one ran is returned as a plain dict (:func:`choices`),
ready for the run manifest.

Examples
--------
>>> G = nx.path_graph(4)
>>> nx.set_edge_attributes(G, 1, "weight"); nx.set_edge_attributes(G, 1.0, "distance")
>>> df, info = centrality_frame(G, engine="networkx")
>>> df["betweenness"].round(3).tolist(), info["betweenness"]["method"]
([0.0, 0.667, 0.667, 0.0], 'exact')
"""

from __future__ import annotations

import random
import weakref
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse import csgraph

from .config import ENGINES
from .errors import CollabGraphError

__all__ = [
    "ENGINES",
    "EXACT_LIMIT",
    "PAGERANK_TOL",
    "PIVOTS",
    "PIVOT_BUDGET",
    "IndexedGraph",
    "centrality_frame",
    "check_engine",
    "community_sets",
    "indexed",
    "modularity",
    "pivot_count",
    "resolve_engine",
    "to_igraph",
]

#: Above this many nodes betweenness and closeness are sampled (exact below).  Exact
#: NetworkX betweenness took 7-15 s at 900 nodes / 3300 links on the benchmark machine.
EXACT_LIMIT = 1000
#: Seeded source nodes of the sampled estimates.
PIVOTS = 100
#: Edge relaxations the sampled measures may spend: pivots = min(PIVOTS, budget / links),
#: at least 16 (about 5 s per measure with igraph at 400k links on the benchmark machine).
PIVOT_BUDGET = 2e7

#: NetworkX's power-iteration tolerance: its default (1e-6 per node, summed) leaves errors
#: of ~1e-5 against the exact solution igraph's PRPACK gives; 1e-10 costs a few iterations.
PAGERANK_TOL = 1e-10


#: ``--engine auto`` hands graphs with more nodes than this to igraph when it is installed:
#: exact NetworkX betweenness and closeness already take seconds at a few hundred nodes,
#: while small graphs (a single profile) stay on NetworkX, the reference implementation.
AUTO_LIMIT = 300


def resolve_engine(engine: str, n_nodes: int) -> str:
    """The engine that runs for a graph of ``n_nodes``: ``auto`` becomes ``igraph`` above
    :data:`AUTO_LIMIT` nodes when igraph is importable, else ``networkx``.

    >>> resolve_engine("auto", 90)
    'networkx'
    >>> resolve_engine("networkx", 10**6)
    'networkx'
    """
    if engine != "auto":
        return check_engine(engine)
    if n_nodes > AUTO_LIMIT:
        try:
            import igraph  # noqa: F401
        except ImportError:
            return "networkx"
        return "igraph"
    return "networkx"


def check_engine(engine: str) -> str:
    """Return ``engine`` if it is known and installed, else raise a one-line error.

    >>> check_engine("networkx")
    'networkx'
    """
    if engine not in ENGINES:
        raise CollabGraphError(f"unknown engine {engine!r}; choose {' or '.join(ENGINES)}")
    if engine == "igraph":
        try:
            import igraph  # noqa: F401
        except ImportError as exc:
            raise CollabGraphError(
                "the igraph engine needs the optional package igraph. "
                "Hint: pip install 'collabgraph[igraph]' or use --engine networkx"
            ) from exc
    return engine


@dataclass(frozen=True)
class IndexedGraph:
    """Integer view of an undirected graph: nodes sorted by ``str``, edge arrays, CSR matrices.

    ``weight`` is joint papers (default 1), ``distance`` the path length (default 1/weight).
    """

    nodes: list
    src: np.ndarray
    dst: np.ndarray
    weight: np.ndarray
    distance: np.ndarray

    @property
    def n(self) -> int:
        return len(self.nodes)

    def matrix(self, values: np.ndarray) -> sp.csr_array:
        """Symmetric sparse matrix with ``values`` on both (u, v) and (v, u)."""
        rows = np.concatenate([self.src, self.dst])
        cols = np.concatenate([self.dst, self.src])
        return sp.csr_array((np.concatenate([values, values]), (rows, cols)),
                            shape=(self.n, self.n))


_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def indexed(G: nx.Graph) -> IndexedGraph:
    """The :class:`IndexedGraph` of ``G`` (cached per graph object while its size is unchanged;
    stages never mutate graphs, so a graph's edges do not change under the cache)."""
    key = (G.number_of_nodes(), G.number_of_edges())
    hit = _CACHE.get(G)
    if hit is not None and hit[0] == key:
        return hit[1]
    nodes = sorted(G.nodes, key=str)
    index = {n: i for i, n in enumerate(nodes)}
    m = G.number_of_edges()
    src = np.empty(m, dtype=np.int64)
    dst = np.empty(m, dtype=np.int64)
    weight = np.empty(m, dtype=float)
    distance = np.empty(m, dtype=float)
    for i, (u, v, d) in enumerate(G.edges(data=True)):
        src[i], dst[i] = index[u], index[v]
        w = d.get("weight", 1)
        weight[i] = w
        distance[i] = d.get("distance", 1.0 / w if w else 1.0)
    ix = IndexedGraph(nodes, src, dst, weight, distance)
    _CACHE[G] = (key, ix)
    return ix


def to_igraph(G: nx.Graph):
    """igraph copy of ``G`` (vertex i = i-th node sorted by ``str``; edge attributes
    ``weight`` and ``distance``).  Needs the optional ``igraph`` package."""
    check_engine("igraph")
    import igraph as ig

    ix = indexed(G)
    h = ig.Graph(n=ix.n, edges=np.column_stack([ix.src, ix.dst]).tolist(), directed=False)
    h.es["weight"] = ix.weight.tolist()
    h.es["distance"] = ix.distance.tolist()
    return h


def _igraph(G: nx.Graph):
    hit = _IG_CACHE.get(G)
    key = (G.number_of_nodes(), G.number_of_edges())
    if hit is not None and hit[0] == key:
        return hit[1]
    h = to_igraph(G)
    _IG_CACHE[G] = (key, h)
    return h


_IG_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def pivot_count(links: int) -> int:
    """Pivots of the sampled measures for a graph with ``links`` edges.

    >>> pivot_count(10_000), pivot_count(400_000), pivot_count(10**7)
    (100, 50, 16)
    """
    return int(max(16, min(PIVOTS, PIVOT_BUDGET // max(links, 1))))


def _pivots(G: nx.Graph, k: int, seed: int) -> list:
    """The source nodes NetworkX samples for ``betweenness_centrality(k=k, seed=seed)``."""
    return random.Random(seed).sample(list(G.nodes()), k)


def _betweenness(G: nx.Graph, engine: str, *, seed: int, exact_limit: int, pivots: int):
    n = G.number_of_nodes()
    sampled = n > exact_limit and 1 < pivots < n
    info = {"method": "sampled" if sampled else "exact", "nodes": n, "limit": exact_limit}
    if not sampled:
        if engine == "networkx":
            return nx.betweenness_centrality(G, weight="distance", normalized=True), info
        ix = indexed(G)
        raw = np.asarray(_igraph(G).betweenness(directed=False, weights="distance"))
        scale = 2.0 / ((n - 1) * (n - 2)) if n > 2 else 0.0
        return dict(zip(ix.nodes, (raw * scale).tolist(), strict=True)), info
    info.update(pivots=int(pivots), seed=int(seed))
    chosen = _pivots(G, pivots, seed)
    ix = indexed(G)
    if engine == "networkx":
        sub = nx.betweenness_centrality_subset(G, chosen, list(G), weight="distance",
                                               normalized=False)
        raw = np.array([sub[v] for v in ix.nodes])
    else:
        index = {node: i for i, node in enumerate(ix.nodes)}
        raw = np.asarray(_igraph(G).betweenness(directed=False, weights="distance",
                                                sources=[index[p] for p in chosen]))
    # raw counts each (pivot, target) pair once.  Brandes-Pich estimate of the normalised
    # value (the unbiased scaling NetworkX >= 3.5 uses): a pivot is never an inner node of
    # its own paths, so it is averaged over k-1 sources, every other node over k.
    chosen_set = set(chosen)
    is_pivot = np.fromiter((v in chosen_set for v in ix.nodes), dtype=bool, count=n)
    per_source = np.where(is_pivot, pivots - 1, pivots)
    values = 2.0 * raw / (per_source * (n - 2))
    return dict(zip(ix.nodes, values.tolist(), strict=True)), info


def _closeness_exact_igraph(G: nx.Graph) -> dict:
    ix = indexed(G)
    h = _igraph(G)
    n = ix.n
    # igraph: (r-1)/sum over the r nodes reachable; NetworkX (wf_improved) also scales by
    # (r-1)/(n-1).
    comp = np.asarray(h.connected_components().membership, dtype=np.int64)
    r = np.bincount(comp)[comp]
    c = np.nan_to_num(np.asarray(h.closeness(weights="distance", normalized=True), float))
    c = c * (r - 1) / (n - 1) if n > 1 else np.zeros(n)
    return dict(zip(ix.nodes, c.tolist(), strict=True))


def _closeness_sampled(G: nx.Graph, *, seed: int, exact_limit: int, pivots: int) -> dict:
    """Closeness as NetworkX defines it (distance ``distance``, Wasserman–Faust scaling),
    exact in components of at most ``exact_limit`` nodes, estimated from ``pivots`` seeded
    sources (Eppstein–Wang: mean distance to the pivots) in larger components."""
    ix = indexed(G)
    n = ix.n
    out = np.zeros(n)
    if n < 2 or len(ix.src) == 0:
        return dict(zip(ix.nodes, out.tolist(), strict=True))
    D = ix.matrix(ix.distance)
    ncomp, label = csgraph.connected_components(D, directed=False)
    order = np.argsort(label, kind="stable")
    sizes = np.bincount(label, minlength=ncomp)
    starts = np.concatenate([[0], np.cumsum(sizes)])
    P = D[order][:, order].tocsr()  # components are now contiguous blocks
    rng = random.Random(seed)
    for c in np.flatnonzero(sizes > 1):
        a, b = int(starts[c]), int(starts[c + 1])
        block = P[a:b, a:b]
        r = b - a
        if r <= exact_limit:
            sums = csgraph.dijkstra(block, directed=False).sum(axis=1)
        else:
            chosen = sorted(rng.sample(range(r), min(pivots, r)))
            total = np.zeros(r)
            for i in range(0, len(chosen), 32):  # bounded memory: 32 rows of r at a time
                total += csgraph.dijkstra(block, directed=False,
                                          indices=chosen[i:i + 32]).sum(axis=0)
            # Eppstein–Wang: r/k times the distances to k uniform pivots estimates the sum of
            # distances to all r nodes of the component.
            sums = total * r / len(chosen)
        with np.errstate(divide="ignore"):
            close = np.where(sums > 0, (r - 1) / sums, 0.0) * (r - 1) / (n - 1)
        out[order[a:b]] = close
    return dict(zip(ix.nodes, out.tolist(), strict=True))


def centrality_frame(
    G: nx.Graph,
    *,
    engine: str = "networkx",
    seed: int = 42,
    exact_limit: int = EXACT_LIMIT,
    pivots: int | None = None,
) -> tuple[pd.DataFrame, dict]:
    """Every metric of :func:`graph.analyse.centrality_table` on ``engine``, and the choices.

    Returns ``(table, info)``: the table is indexed by node (sorted by ``str``); ``info`` is a
    plain dict ``{"engine", "betweenness": {...}, "closeness": {...}}`` saying whether each
    path measure was exact or sampled (``pivots``, ``seed``).  ``pivots=None`` takes
    :func:`pivot_count` of the graph.
    """
    check_engine(engine)
    nodes = sorted(G.nodes, key=str)
    n, m = len(nodes), G.number_of_edges()
    if n == 0:
        empty = {"method": "exact", "nodes": 0, "limit": exact_limit}
        return (pd.DataFrame(columns=["degree", "strength", "betweenness", "closeness",
                                      "pagerank", "clustering", "core", "eigenvector"]),
                {"engine": engine, "betweenness": empty, "closeness": dict(empty)})
    if pivots is None:
        pivots = pivot_count(m)
    bet, bet_info = _betweenness(G, engine, seed=seed, exact_limit=exact_limit, pivots=pivots)
    close_info = dict(bet_info, method="exact" if n <= exact_limit else "sampled")
    if n > exact_limit:
        close_info.update(pivots=int(pivots), seed=int(seed))
        closeness = _closeness_sampled(G, seed=seed, exact_limit=exact_limit, pivots=pivots)
    elif engine == "igraph":
        closeness = _closeness_exact_igraph(G)
    else:
        closeness = nx.closeness_centrality(G, distance="distance")
    if engine == "igraph" and n:
        h = _igraph(G)
        ix = indexed(G)
        pagerank = (dict(zip(ix.nodes, h.pagerank(weights="weight", damping=0.85), strict=True))
                    if m else {v: 1.0 / n for v in nodes})
        clustering = dict(zip(ix.nodes, h.transitivity_local_undirected(mode="zero"),
                              strict=True))
        core = dict(zip(ix.nodes, h.coreness(), strict=True))
    else:
        pagerank = (nx.pagerank(G, weight="weight", tol=PAGERANK_TOL, max_iter=1000) if m
                    else {v: 1.0 / n for v in nodes})
        clustering = nx.clustering(G)
        simple = nx.Graph(G.edges)  # unweighted; the k-core rejects self-loops
        simple.remove_edges_from(nx.selfloop_edges(simple))
        core = nx.core_number(simple)
    data = {
        "degree": dict(G.degree()),
        "strength": dict(G.degree(weight="weight")),
        "betweenness": bet,
        "closeness": closeness,
        "pagerank": pagerank,
        "clustering": clustering,
        "core": core,
    }
    try:
        from .analyse import eigenvector_centrality  # analyse imports this module

        data["eigenvector"] = eigenvector_centrality(G, weight="weight")
    except (ArithmeticError, ValueError, RuntimeError):
        data["eigenvector"] = {}
    df = pd.DataFrame({k: pd.Series(v, dtype=float) for k, v in data.items()}, index=nodes)
    df = df.reindex(nodes).fillna(0.0)
    df["eigenvector"] = df["eigenvector"].abs()
    df["core"] = df["core"].astype(int)
    info = {"engine": engine, "betweenness": bet_info, "closeness": close_info}
    return df, info


def community_sets(G: nx.Graph, *, method: str, seed: int, resolution: float) -> list[set]:
    """Communities of ``G`` found by igraph (``louvain``: multilevel, ``leiden``: leidenalg,
    ``label_propagation``, ``greedy_modularity``: fast greedy), seeded."""
    h = _igraph(G)
    nodes = indexed(G).nodes
    import igraph as ig

    if method == "leiden":
        import leidenalg

        part = leidenalg.find_partition(
            h, leidenalg.RBConfigurationVertexPartition, weights="weight", seed=seed,
            resolution_parameter=resolution,
        )  # fmt: skip
        membership = part.membership
    else:
        # igraph draws from Python's random module by default: give it a seeded generator
        # for this call only, then put the previous one back.
        ig.set_random_number_generator(random.Random(seed))
        try:
            if method == "louvain":
                membership = h.community_multilevel(weights="weight",
                                                    resolution=resolution).membership
            elif method == "label_propagation":
                membership = h.community_label_propagation(weights="weight").membership
            elif method == "greedy_modularity":
                membership = h.community_fastgreedy(weights="weight").as_clustering().membership
            else:
                raise CollabGraphError(
                    f"unknown community method {method!r}; choose louvain, label_propagation, "
                    "greedy_modularity or leiden"
                )
        finally:
            ig.set_random_number_generator(random)
    groups: dict[int, set] = {}
    for node, c in zip(nodes, membership, strict=True):
        groups.setdefault(c, set()).add(node)
    return list(groups.values())


def modularity(G: nx.Graph, parts: list[set], *, engine: str = "networkx") -> float:
    """Weighted modularity of a partition (``networkx.community.modularity``'s definition)."""
    if G.number_of_edges() == 0:
        return 0.0
    if engine == "networkx":
        return float(nx.community.modularity(G, parts, weight="weight"))
    index = {node: i for i, node in enumerate(indexed(G).nodes)}
    membership = [0] * G.number_of_nodes()
    for c, p in enumerate(parts):
        for node in p:
            membership[index[node]] = c
    return float(_igraph(G).modularity(membership, weights="weight"))
