"""Analysis engines: NetworkX stays the graph model, heavy algorithms may run elsewhere.

``engine="networkx"`` runs every metric with NetworkX (the reference).  ``engine="igraph"``
converts the graph once (node order: sorted by ``str``, the order of every metric table; one
pass over the edges into arrays, :func:`indexed`, then igraph, :func:`to_igraph`, both cached
per graph until nodes or edges are added or removed) and runs PageRank, betweenness,
closeness, clustering, k-cores and community detection in igraph's C code; the results are
the same numbers (PageRank to 1e-6, betweenness and closeness exactly, communities by the
same method up to seed-dependent differences).

Large graphs: exact betweenness and closeness cost O(n·m).  Whether a graph gets them exact
is decided by :func:`graph.metrics.exact_plan` (an estimated cost against a time budget);
sampled, they are estimated from ``pivots`` seeded source nodes (Brandes–Pich sampling for
betweenness, as ``networkx.betweenness_centrality(k=..., seed=...)`` does, with the same
pivots on both engines; Eppstein–Wang sampling for closeness inside each component larger
than :data:`COMPONENT_LIMIT` nodes, exact in the smaller ones).  Each returns what it did as
a plain dict, ready for the run manifest.

The per-node metrics themselves are declared in :mod:`graph.metrics` (which calls the path
measures and the eigenvector solver here) and assembled by :func:`graph.analyse.
centrality_table`; this module never imports either.

Examples
--------
>>> G = nx.path_graph(4)
>>> nx.set_edge_attributes(G, 1, "weight"); nx.set_edge_attributes(G, 1.0, "distance")
>>> values, info = betweenness(G, "networkx", seed=42, pivots=100, exact=True)
>>> values.round(3).tolist(), info["method"]
([0.0, 0.667, 0.667, 0.0], 'exact')
"""

from __future__ import annotations

import contextlib
import random
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import scipy.sparse as sp
from scipy.sparse import csgraph
from scipy.sparse.linalg import eigsh

from ._nxraw import change_token
from .config import ENGINES
from .errors import CollabGraphError

__all__ = [
    "COMPONENT_LIMIT",
    "ENGINES",
    "PIVOTS",
    "PIVOT_BUDGET",
    "IndexedGraph",
    "aligned",
    "betweenness",
    "check_engine",
    "closeness",
    "community_sets",
    "component_eigenvectors",
    "forget",
    "igraph_of",
    "indexed",
    "modularity",
    "one_openmp_thread",
    "pivot_count",
    "resolve_engine",
    "to_igraph",
]

#: Sampled closeness is still exact inside components of at most this many nodes (cheap:
#: at most this many times the links of the graph).
COMPONENT_LIMIT = 1000
#: Seeded source nodes of the sampled estimates.
PIVOTS = 100
#: Edge relaxations the sampled measures may spend: pivots = min(PIVOTS, budget / links),
#: at least 16 (about 5 s per measure with igraph at 400k links on the benchmark machine).
PIVOT_BUDGET = 2e7

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
    ``index`` maps node -> row; ``position`` is each row's node's position in ``list(G)``.
    """

    nodes: list
    src: np.ndarray
    dst: np.ndarray
    weight: np.ndarray
    distance: np.ndarray
    index: dict = field(default_factory=dict, repr=False, compare=False)
    position: np.ndarray | None = field(default=None, repr=False, compare=False)

    @property
    def n(self) -> int:
        return len(self.nodes)

    def matrix(self, values: np.ndarray) -> sp.csr_array:
        """Symmetric sparse matrix with ``values`` on both (u, v) and (v, u); a self-loop's
        value appears once on the diagonal, as in ``networkx.to_scipy_sparse_array``."""
        off = self.src != self.dst
        rows = np.concatenate([self.src, self.dst[off]])
        cols = np.concatenate([self.dst, self.src[off]])
        return sp.csr_array(
            (np.concatenate([values, values[off]]), (rows, cols)), shape=(self.n, self.n)
        )


#: One record per edge, filled in one pass over ``G.edges(data=True)``.
_EDGE_RECORD = np.dtype(
    [("src", np.int64), ("dst", np.int64), ("weight", float), ("distance", float)]
)


_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _version(G: nx.Graph) -> object:
    """What a cached conversion of ``G`` is checked against (:func:`graph._nxraw.change_token`)."""
    return change_token(G, _TOKEN)


_TOKEN = "collabgraph.engines"


def indexed(G: nx.Graph) -> IndexedGraph:
    """The :class:`IndexedGraph` of ``G`` (cached per graph object until nodes or edges are
    added or removed; stages never mutate graphs)."""
    key = _version(G)
    hit = _CACHE.get(G)
    if hit is not None and hit[0] == key:
        return hit[1]
    listed = list(G)
    # Sorting positions rather than nodes gives both the node order and each node's position
    # in list(G) (stable, so str-equal nodes keep their list(G) order, as sorted(G) does).
    position = sorted(range(len(listed)), key=lambda i: str(listed[i]))
    nodes = [listed[i] for i in position]
    index = {n: i for i, n in enumerate(nodes)}
    # One pass over the edges into one record array: no per-edge numpy scalar stores, and no
    # Python list of all edges (4M edges at 10^6 papers).
    records = np.fromiter(
        (
            (
                index[u],
                index[v],
                (w := d.get("weight", 1)),
                d.get("distance", 1.0 / w if w else 1.0),
            )
            for u, v, d in G.edges(data=True)
        ),
        dtype=_EDGE_RECORD,
    )
    src, dst = records["src"].copy(), records["dst"].copy()
    weight, distance = records["weight"].copy(), records["distance"].copy()
    del records
    ix = IndexedGraph(
        nodes, src, dst, weight, distance, index, np.asarray(position, dtype=np.int64)
    )
    _CACHE[G] = (key, ix)
    return ix


def to_igraph(G: nx.Graph):
    """igraph copy of ``G`` (vertex i = i-th node sorted by ``str``; edge attributes
    ``weight`` and ``distance``).  Needs the optional ``igraph`` package."""
    check_engine("igraph")
    import igraph as ig

    ix = indexed(G)
    h = ig.Graph(n=ix.n, directed=False)
    # Tuples in bounded chunks: igraph reads a list of tuples faster than a list of lists or
    # an array, and chunks keep the temporary Python objects small at millions of edges.
    for a in range(0, len(ix.src), _IGRAPH_CHUNK):
        h.add_edges(
            list(
                zip(
                    ix.src[a : a + _IGRAPH_CHUNK].tolist(),
                    ix.dst[a : a + _IGRAPH_CHUNK].tolist(),
                    strict=True,
                )
            )
        )
    h.es["weight"] = ix.weight.tolist()
    h.es["distance"] = ix.distance.tolist()
    return h


#: Edges handed to igraph per call by :func:`to_igraph`.
_IGRAPH_CHUNK = 1 << 20


def igraph_of(G: nx.Graph):
    """:func:`to_igraph` of ``G``, cached like :func:`indexed`."""
    hit = _IG_CACHE.get(G)
    key = _version(G)
    if hit is not None and hit[0] == key:
        return hit[1]
    h = to_igraph(G)
    _IG_CACHE[G] = (key, h)
    return h


_IG_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@contextlib.contextmanager
def one_openmp_thread() -> Iterator[None]:
    """Run the block with OpenMP limited to one thread (``threadpoolctl``).

    igraph's PageRank (PRPACK) sums in OpenMP threads, so its last digits changed from call
    to call (and the pages and files with them); on one thread it gives the same bytes every
    time, and on the benchmark machine it was faster (0.09 s against 0.4-0.7 s at 9,000
    nodes).  Without ``threadpoolctl`` (it comes with the ``igraph`` extra) the block runs as
    it is.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - installed with the igraph extra
        yield
        return
    with threadpool_limits(limits=1, user_api="openmp"):
        yield


def forget(G: nx.Graph) -> None:
    """Drop the cached conversions of ``G`` (its :class:`IndexedGraph` and igraph copy).

    They live as long as ``G`` does; at 10^6 papers the two graphs' conversions hold ~1 GB, so
    :func:`graph.pipeline.run` lets them go once the analysis is done (pages and files do not
    need them).  A later metric call simply converts again.

    >>> G = nx.path_graph(3)
    >>> ix = indexed(G)
    >>> forget(G); indexed(G) is ix
    False
    """
    _CACHE.pop(G, None)
    _IG_CACHE.pop(G, None)


def pivot_count(links: int) -> int:
    """Pivots of the sampled measures for a graph with ``links`` edges.

    >>> pivot_count(10_000), pivot_count(400_000), pivot_count(10**7)
    (100, 50, 16)
    """
    return int(max(16, min(PIVOTS, PIVOT_BUDGET // max(links, 1))))


def _pivots(G: nx.Graph, k: int, seed: int) -> list:
    """The source nodes NetworkX samples for ``betweenness_centrality(k=k, seed=seed)``."""
    return random.Random(seed).sample(list(G.nodes()), k)


def aligned(values: dict, nodes: list) -> np.ndarray:
    """``values`` (node -> number) as a float array in ``nodes`` order, NaN where missing."""
    return np.fromiter((values.get(v, np.nan) for v in nodes), dtype=float, count=len(nodes))


def betweenness(
    G: nx.Graph, engine: str, *, seed: int, pivots: int, exact: bool
) -> tuple[np.ndarray, dict]:
    """Normalised betweenness on ``distance`` (in :func:`indexed` node order) and what was
    done (``{"method": "exact"}`` or ``{"method": "sampled", "pivots", "seed"}``), on
    ``engine`` (``networkx`` or ``igraph``: the same numbers).

    ``exact=False`` estimates it from ``pivots`` seeded pivots (Brandes–Pich, with the pivots
    ``networkx.betweenness_centrality(k=pivots, seed=seed)`` draws, so both engines give
    NetworkX's estimate); with ``pivots`` >= the node count that is the exact value anyway.
    """
    n = G.number_of_nodes()
    ix = indexed(G)
    sampled = not exact and 1 < pivots < n
    info = {"method": "sampled" if sampled else "exact"}
    if not sampled:
        if engine == "networkx":
            return aligned(
                nx.betweenness_centrality(G, weight="distance", normalized=True), ix.nodes
            ), info
        raw = np.asarray(igraph_of(G).betweenness(directed=False, weights="distance"))
        scale = 2.0 / ((n - 1) * (n - 2)) if n > 2 else 0.0
        return raw * scale, info
    info.update(pivots=int(pivots), seed=int(seed))
    chosen = _pivots(G, pivots, seed)
    if engine == "networkx":
        sub = nx.betweenness_centrality_subset(
            G, chosen, list(G), weight="distance", normalized=False
        )
        raw = np.array([sub[v] for v in ix.nodes])
    else:
        raw = np.asarray(
            igraph_of(G).betweenness(
                directed=False, weights="distance", sources=[ix.index[p] for p in chosen]
            )
        )
    # raw counts each (pivot, target) pair once.  Brandes-Pich estimate of the normalised
    # value (the unbiased scaling NetworkX >= 3.5 uses): a pivot is never an inner node of
    # its own paths, so it is averaged over k-1 sources, every other node over k.
    chosen_set = set(chosen)
    is_pivot = np.fromiter((v in chosen_set for v in ix.nodes), dtype=bool, count=n)
    per_source = np.where(is_pivot, pivots - 1, pivots)
    return 2.0 * raw / (per_source * (n - 2)), info


def _closeness_exact_igraph(G: nx.Graph) -> np.ndarray:
    ix = indexed(G)
    h = igraph_of(G)
    n = ix.n
    # igraph: (r-1)/sum over the r nodes reachable; NetworkX (wf_improved) also scales by
    # (r-1)/(n-1).
    comp = np.asarray(h.connected_components().membership, dtype=np.int64)
    r = np.bincount(comp)[comp]
    c = np.nan_to_num(np.asarray(h.closeness(weights="distance", normalized=True), float))
    return c * (r - 1) / (n - 1) if n > 1 else np.zeros(n)


def _closeness_sampled(
    G: nx.Graph, *, seed: int, component_limit: int, pivots: int
) -> tuple[np.ndarray, bool]:
    """Closeness as NetworkX defines it (distance ``distance``, Wasserman–Faust scaling),
    exact in components of at most ``component_limit`` nodes, estimated from ``pivots`` seeded
    sources (Eppstein–Wang: mean distance to the pivots) in larger components; in
    :func:`indexed` node order.  Also returns whether any value was estimated (no component
    was both larger than the limit and than ``pivots``: every value is exact)."""
    ix = indexed(G)
    n = ix.n
    out = np.zeros(n)
    estimated = False
    if n < 2 or len(ix.src) == 0:
        return out, estimated
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
        if r <= component_limit:
            sums = csgraph.dijkstra(block, directed=False).sum(axis=1)
        else:
            chosen = sorted(rng.sample(range(r), min(pivots, r)))
            estimated = estimated or len(chosen) < r
            total = np.zeros(r)
            for i in range(0, len(chosen), 32):  # bounded memory: 32 rows of r at a time
                total += csgraph.dijkstra(block, directed=False, indices=chosen[i : i + 32]).sum(
                    axis=0
                )
            # Eppstein–Wang: r/k times the distances to k uniform pivots estimates the sum of
            # distances to all r nodes of the component.
            sums = total * r / len(chosen)
        with np.errstate(divide="ignore"):
            close = np.where(sums > 0, (r - 1) / sums, 0.0) * (r - 1) / (n - 1)
        out[order[a:b]] = close
    return out, estimated


def closeness(
    G: nx.Graph,
    engine: str,
    *,
    seed: int,
    pivots: int,
    exact: bool,
    component_limit: int = COMPONENT_LIMIT,
) -> tuple[np.ndarray, dict]:
    """Closeness on ``distance`` as NetworkX defines it (Wasserman–Faust scaling on a
    disconnected graph), in :func:`indexed` node order, and what was done: exact, or with
    ``exact=False`` :func:`_closeness_sampled` (exact inside components of at most
    ``component_limit`` nodes, Eppstein–Wang from ``pivots`` seeded sources in larger ones;
    ``{"method": "sampled", "pivots", "seed"}``)."""
    if not exact:
        values, estimated = _closeness_sampled(
            G, seed=seed, component_limit=component_limit, pivots=pivots
        )
        if estimated:
            return values, {"method": "sampled", "pivots": int(pivots), "seed": int(seed)}
        return values, {"method": "exact"}
    info = {"method": "exact"}
    if engine == "igraph":
        return _closeness_exact_igraph(G), info
    return aligned(nx.closeness_centrality(G, distance="distance"), indexed(G).nodes), info


# Components up to this size are solved densely (exact, and ARPACK needs n > k + 1 anyway).
_DENSE_EIGEN = 64


def component_eigenvectors(A: sp.csr_array, rank: np.ndarray | None = None) -> np.ndarray:
    """:func:`graph.analyse.eigenvector_centrality` of the symmetric non-negative matrix ``A``
    (row i = node i), as an array.

    Each component gets its own leading eigenvector, scaled by the share of nodes in the
    component.  ``rank`` (default: row number) orders the nodes inside each component before
    solving it: pass each row's position in ``list(G)`` to get the same floating-point results
    as :func:`graph.analyse.eigenvector_centrality` on ``G`` from a matrix in another node
    order.

    The matrix is permuted once so that components are contiguous blocks (not sliced per
    component out of the whole matrix: thousands of small components cost O(n) each that
    way); components of one or two nodes, which need no solver, are set in one step.

    >>> component_eigenvectors(sp.csr_array(np.ones((2, 2)))).round(4).tolist()
    [0.7071, 0.7071]
    """
    n = A.shape[0]
    if n == 0:
        return np.zeros(0)
    ncomp, labels = csgraph.connected_components(A, directed=False)
    sizes = np.bincount(labels, minlength=ncomp)
    size_of = sizes[labels]
    out = np.zeros(n)
    tiny = size_of <= 2
    out[tiny] = (1.0 / np.sqrt(size_of[tiny])) * np.sqrt(size_of[tiny] / n)
    big = np.flatnonzero(sizes > 2)
    if not len(big):
        return out
    # Rows of the components to solve, grouped by component, each in ``rank`` order.
    keep = np.flatnonzero(~tiny)
    key = np.arange(n) if rank is None else np.asarray(rank)
    order = keep[np.lexsort((key[keep], labels[keep]))]
    P = A[order][:, order].tocsr()
    P.sort_indices()
    starts = np.concatenate([[0], np.cumsum(sizes[big])])
    for a, b in zip(starts[:-1].tolist(), starts[1:].tolist(), strict=True):
        k = b - a
        sub = P[a:b, a:b]
        if k <= _DENSE_EIGEN:
            vec = np.linalg.eigh(sub.toarray())[1][:, -1]
        else:
            # A fixed start vector: ARPACK's default is random, which moves the last
            # digits between runs.  All-ones is never orthogonal to the Perron vector.
            vec = eigsh(sp.csr_array(sub), k=1, which="LA", v0=np.ones(k))[1][:, 0]
        vec = np.abs(vec) / np.linalg.norm(vec)  # Perron vector: one sign, unit norm
        out[order[a:b]] = vec * np.sqrt(k / n)
    return out


def community_sets(G: nx.Graph, *, method: str, seed: int, resolution: float) -> list[set]:
    """Communities of ``G`` found by igraph (``louvain``: multilevel, ``leiden``: leidenalg,
    ``label_propagation``, ``greedy_modularity``: fast greedy), seeded."""
    h = igraph_of(G)
    nodes = indexed(G).nodes
    import igraph as ig

    if method == "leiden":
        import leidenalg

        part = leidenalg.find_partition(
            h,
            leidenalg.RBConfigurationVertexPartition,
            weights="weight",
            seed=seed,
            resolution_parameter=resolution,
        )
        membership = part.membership
    else:
        # igraph draws from Python's random module by default: give it a seeded generator
        # for this call only, then put the previous one back.
        ig.set_random_number_generator(random.Random(seed))
        try:
            if method == "louvain":
                membership = h.community_multilevel(
                    weights="weight", resolution=resolution
                ).membership
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
    if engine == "networkx":
        if G.number_of_edges() == 0:
            return 0.0
        return float(nx.community.modularity(G, parts, weight="weight"))
    ix = indexed(G)
    if len(ix.src) == 0:
        return 0.0
    membership = [0] * ix.n
    for c, p in enumerate(parts):
        for node in p:
            membership[ix.index[node]] = c
    return float(igraph_of(G).modularity(membership, weights="weight"))
