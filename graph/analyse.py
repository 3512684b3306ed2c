"""Analyse stage: graphs -> tables.  Nothing here mutates its input graph.

Shortest-path measures (betweenness, closeness, paths) use the edge attribute ``distance``
(1/joint papers), because NetworkX reads ``weight`` as a length there; strength, PageRank,
eigenvector centrality, Burt's constraint and effective size use ``weight``.

Burt's brokerage measures (:func:`brokerage_table`) are computed for each alter on the alter
network (the ego network without its owner) and for the owner on the ego network: the owner is
tied to every alter and to every alter's other contacts, so in the ego network the owner makes
every contact of every alter partly redundant by construction, which says nothing about the
alter.  Without the owner what remains is whether a collaborator bridges groups the owner works
with.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from itertools import pairwise

import networkx as nx
import numpy as np
import scipy.sparse as sps

from . import engines
from . import metrics as registry
from ._nxraw import with_node_dicts
from ._pandas import pd
from .config import EXACT_BUDGET
from .engines import component_eigenvectors
from .errors import CollabGraphError, LookupFailure
from .text import name_key

__all__ = [
    "CommunityResult",
    "ComponentSummary",
    "PathHop",
    "annotate",
    "brokerage_table",
    "centrality_table",
    "collaboration_path",
    "communities",
    "component_eigenvectors",
    "component_summary",
    "eigenvector_centrality",
    "find_node",
    "rank_coauthors",
]


def eigenvector_centrality(G: nx.Graph, *, weight: str | None = "weight") -> dict:
    """Weighted eigenvector centrality, defined for disconnected graphs too.

    On a connected graph this is NetworkX's ``eigenvector_centrality_numpy`` (the leading
    eigenvector, unit Euclidean norm, non-negative).  NetworkX refuses disconnected graphs (the
    leading eigenvector is not unique there); an alter network usually is one.  Following
    MATLAB's ``centrality(G, "eigenvector")`` convention, each component gets its own leading
    eigenvector, scaled by the share of nodes in the component (here in the Euclidean norm:
    a component of ``k`` of ``n`` nodes has norm ``sqrt(k/n)``, the whole vector norm 1), so
    an isolated node scores ``sqrt(1/n)``, like every node of a regular graph.

    >>> G = nx.Graph([(0, 1), (2, 3), (3, 4)])
    >>> [round(v, 4) for v in eigenvector_centrality(G).values()]
    [0.4472, 0.4472, 0.3873, 0.5477, 0.3873]
    """
    nodes = list(G)
    if not nodes:
        return {}
    if not G.is_directed() and weight in ("weight", None):
        # The engines' cached edge arrays: nx.to_scipy_sparse_array costs seconds at 10^5
        # nodes.  ``position`` keeps list(G) order inside components (same floating point).
        ix = engines.indexed(G)
        A = ix.matrix(ix.weight if weight else np.ones(len(ix.src)))
        in_order = np.empty(len(nodes))
        in_order[ix.position] = component_eigenvectors(A, ix.position)  # back to list(G)
        return dict(zip(nodes, in_order.tolist(), strict=True))
    A = nx.to_scipy_sparse_array(G, nodelist=nodes, weight=weight, dtype=float, format="csr")
    A = (A + A.T) / 2 if G.is_directed() else A
    return dict(zip(nodes, component_eigenvectors(A).tolist(), strict=True))


def centrality_table(
    G: nx.Graph,
    *,
    engine: str = "networkx",
    seed: int = 42,
    budget: float = EXACT_BUDGET,
    exact: bool = False,
    pivots: int | None = None,
) -> pd.DataFrame:
    """Per-node metrics (every ``node`` metric of :mod:`graph.metrics`, in registry order),
    indexed by node id, rows sorted by id.

    ``engine`` (``networkx`` or ``igraph``; ``auto``: :func:`graph.engines.resolve_engine`)
    runs the algorithms (the values agree).  Betweenness and closeness are exact while their
    estimated cost fits ``budget`` seconds (:func:`graph.metrics.exact_plan`; ``exact=True``:
    always), else estimated from ``pivots`` seeded pivots (default
    :func:`graph.engines.pivot_count`).  ``table.attrs["analysis"]`` says which engine ran and,
    per path measure, what was done and why (``method``, ``nodes``, ``links``,
    ``estimate_s``, ``budget_s``, ``forced``; ``pivots`` and ``seed`` when sampled).

    Columns: ``degree`` (co-authors), ``strength`` (sum of joint papers), ``betweenness``
    (normalised, on ``distance``), ``closeness`` (on ``distance``; on a disconnected graph
    NetworkX's Wasserman–Faust form, scaled by the share of nodes reachable), ``eigenvector``
    (weighted, see :func:`eigenvector_centrality`), ``pagerank`` (weighted, damping 0.85),
    ``clustering`` (unweighted), ``core`` (k-core number, unweighted).  An undefined value
    (NaN) reads 0.  ``G`` is not changed.

    >>> G = nx.path_graph(3)
    >>> nx.set_edge_attributes(G, 1, "weight"); nx.set_edge_attributes(G, 1.0, "distance")
    >>> centrality_table(G)[["degree", "betweenness"]].values.tolist()
    [[1.0, 0.0], [2.0, 1.0], [1.0, 0.0]]
    """
    n = G.number_of_nodes()
    engine = engines.resolve_engine(engine, n)
    columns = [m for m in registry.METRICS if m.scope == "node"]
    x = registry.MetricInput(G, engine=engine, seed=seed)
    links = len(x.ix.src) if n else 0
    plan = registry.exact_plan(n, links, engine, budget=budget, exact=exact)
    x.exact = {name: p["method"] == "exact" for name, p in plan.items()}
    x.pivots = engines.pivot_count(links) if pivots is None else pivots
    choices: dict = {"engine": engine}
    if n == 0:
        df = pd.DataFrame(columns=[m.name for m in columns])
        for name in plan:
            choices[name] = {**plan[name], "method": "exact", "nodes": 0, "links": 0}
        df.attrs["analysis"] = choices
        return df
    data = {}
    for m in columns:
        values = m.implementation(engine)(x)
        if isinstance(values, tuple):  # a path measure and what it did
            values, info = values
            choices[m.name] = {
                **plan.get(m.name, {}),
                "nodes": n,
                "links": links,
                **info,  # "method" (as done), and "pivots", "seed" when sampled
            }
        if isinstance(values, dict):
            values = engines.aligned(values, x.nodes)
        # NaN (an undefined value) reads 0.
        data[m.name] = np.nan_to_num(
            np.asarray(values, dtype=float), nan=0.0, posinf=np.inf, neginf=-np.inf
        )
    df = pd.DataFrame(data, index=pd.Index(x.nodes, dtype=object))
    for m in columns:
        if m.dtype is int:
            df[m.name] = df[m.name].astype(int)
    df.attrs["analysis"] = choices
    return df


def _burt(G: nx.Graph, rows: list, weight: str | None) -> pd.DataFrame:
    """Burt's constraint and effective size of ``rows``, as NetworkX defines them, in sparse
    matrix form (NetworkX recomputes normalised weights in nested loops: O(d³) per node).

    With ``W`` the symmetric tie strengths, ``P = W / strength`` (row-normalised, Burt's
    proportional tie strength) and ``M = W / rowmax(W)`` (each contact's tie relative to its
    strongest one): constraint(v) = sum over contacts u of (P[v,u] + (P @ P)[v,u])², and
    effective size(v) = degree(v) - sum over contacts u of (P @ M.T)[v,u].

    NetworkX 3.6's own sparse path for ``effective_size(G, weight=...)`` (``nodes=None``)
    divides by the column maximum instead (networkx PR #8906); we match its per-node path,
    which follows Burt and agrees with UCINET and igraph.
    """
    nodes = list(G)
    index = {n: i for i, n in enumerate(nodes)}
    W = nx.to_scipy_sparse_array(G, nodelist=nodes, weight=weight, dtype=float, format="csr")
    W.setdiag(0)
    W.eliminate_zeros()
    A = (W > 0).astype(float)
    strength = np.asarray(W.sum(axis=1)).ravel()
    top = np.asarray(W.max(axis=1).toarray()).ravel()
    with np.errstate(divide="ignore"):
        P = sps.diags_array(np.where(strength > 0, 1.0 / strength, 0.0)) @ W
        M = sps.diags_array(np.where(top > 0, 1.0 / top, 0.0)) @ W
    sel = np.array([index[n] for n in rows], dtype=int)
    Pr = P[sel]
    local = (Pr + Pr @ P).multiply(A[sel])
    constraint = np.asarray(local.multiply(local).sum(axis=1)).ravel()
    redundancy = np.asarray((Pr @ M.T).multiply(A[sel]).sum(axis=1)).ravel()
    degree = np.asarray(A[sel].sum(axis=1)).ravel()
    isolated = degree == 0
    return pd.DataFrame(
        {
            "constraint": np.where(isolated, np.nan, constraint),
            "effective_size": np.where(isolated, np.nan, degree - redundancy),
        },
        index=pd.Index(rows, dtype=object),
    )


def brokerage_table(
    G: nx.Graph, *, owner: str | None = None, weight: str | None = "weight"
) -> pd.DataFrame:
    """Burt's constraint and effective size per node (who brokers between groups).

    With ``owner`` (an ego network), the owner's values are computed on ``G`` and every
    alter's on ``G`` without the owner (see the module notes for why); without ``owner``
    everything is computed on ``G``.  Ties are weighted by ``weight`` (Burt's proportional
    tie strength; ``None``: unweighted, where effective size is Borgatti's n - 2t/n).  The
    values equal ``networkx.constraint`` and ``networkx.effective_size(G, nodes=...)``,
    computed with sparse matrices.  Isolated nodes have no contacts: both values are NaN.
    Rows sorted by id.

    >>> star = nx.star_graph(3)                   # 0 is the owner, 1..3 its co-authors
    >>> star.add_edge(1, 2)
    >>> brokerage_table(star, owner=0, weight=None).round(3).values.tolist()
    [[0.611, 2.333], [1.0, 1.0], [1.0, 1.0], [nan, nan]]
    """
    nodes = sorted(G.nodes, key=str)
    cols = list(registry.column_names("ego"))
    if not nodes:
        return pd.DataFrame(columns=cols)
    if owner is not None and owner in G:
        alters = G.subgraph([n for n in G if n != owner])
        df = pd.concat([_burt(G, [owner], weight), _burt(alters, list(alters), weight)])
    else:
        df = _burt(G, list(G), weight)
    # Float sums: an effective size of 7 would otherwise read 7.000000000000001.
    return df.reindex(nodes)[cols].round(12)


@dataclass(frozen=True)
class ComponentSummary:
    """Size of a graph and of its largest connected component."""

    nodes: int
    edges: int
    components: int
    isolates: int
    largest_nodes: int
    largest_edges: int

    @property
    def largest_share(self) -> float:
        """Share of nodes in the largest component."""
        return self.largest_nodes / self.nodes if self.nodes else 0.0


def component_summary(G: nx.Graph) -> ComponentSummary:
    """Nodes, edges, connected components, isolates and the largest component's size.

    >>> component_summary(nx.Graph([(0, 1), (1, 2), (3, 4)]))
    ComponentSummary(nodes=5, edges=3, components=2, isolates=0, largest_nodes=3, largest_edges=2)
    """
    comps = list(nx.connected_components(G))
    # Ties between equally large components: the one holding the smallest node id.
    big = max(comps, key=lambda c: (len(c), [-ord(ch) for ch in min(map(str, c))]), default=set())
    return ComponentSummary(
        G.number_of_nodes(),
        G.number_of_edges(),
        len(comps),
        nx.number_of_isolates(G),
        len(big),
        G.subgraph(big).number_of_edges(),
    )


@dataclass(frozen=True)
class CommunityResult:
    """A partition: ``membership`` maps node -> community id (0 = largest), ``modularity``."""

    membership: dict
    modularity: float
    method: str
    seed: int

    @property
    def count(self) -> int:
        return len(set(self.membership.values()))

    def sets(self) -> list[set]:
        out: dict[int, set] = {}
        for node, c in self.membership.items():
            out.setdefault(c, set()).add(node)
        return [out[c] for c in sorted(out)]


def communities(
    G: nx.Graph,
    *,
    method: str = "louvain",
    seed: int = 42,
    resolution: float = 1.0,
    engine: str = "networkx",
) -> CommunityResult:
    """Seeded community detection; ids numbered by size (0 = largest, ties by smallest node).

    ``method`` is ``louvain`` (default), ``label_propagation``, ``greedy_modularity`` or
    ``leiden`` (needs the optional ``igraph`` extra).  Isolated nodes form their own
    communities.  ``modularity`` is ``networkx.community.modularity`` of the partition.
    ``engine="igraph"`` runs the same method in igraph (:func:`graph.engines.community_sets`).

    >>> G = nx.barbell_graph(4, 0)
    >>> nx.set_edge_attributes(G, 1, "weight")
    >>> r = communities(G, seed=1)
    >>> r.count, round(r.modularity, 3)
    (2, 0.423)
    """
    if G.number_of_nodes() == 0:
        return CommunityResult({}, 0.0, method, seed)
    engine = engines.resolve_engine(engine, G.number_of_nodes())
    if engine != "networkx":
        parts = engines.community_sets(G, method=method, seed=seed, resolution=resolution)
    elif method == "louvain":
        parts = nx.community.louvain_communities(
            G, weight="weight", seed=seed, resolution=resolution
        )
    elif method == "label_propagation":
        parts = list(nx.community.asyn_lpa_communities(G, weight="weight", seed=seed))
    elif method == "greedy_modularity":
        parts = nx.community.greedy_modularity_communities(
            G, weight="weight", resolution=resolution
        )
    elif method == "leiden":
        parts = _leiden(G, seed=seed, resolution=resolution)
    else:
        raise CollabGraphError(
            f"unknown community method {method!r}; choose louvain, label_propagation, "
            "greedy_modularity or leiden"
        )
    parts = sorted((set(p) for p in parts), key=lambda s: (-len(s), min(map(str, s))))
    membership = {n: i for i, p in enumerate(parts) for n in p}
    q = engines.modularity(G, parts, engine=engine)
    return CommunityResult(membership, float(q), method, seed)


def _leiden(G: nx.Graph, *, seed: int, resolution: float) -> list[set]:
    try:
        import igraph as ig
        import leidenalg
    except ImportError as exc:
        raise CollabGraphError(
            "the leiden method needs the optional packages igraph and leidenalg. "
            "Hint: pip install 'collabgraph[igraph]' or use --communities louvain"
        ) from exc
    nodes = sorted(G.nodes, key=str)
    index = {n: i for i, n in enumerate(nodes)}
    h = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in G.edges])
    h.es["weight"] = [float(d.get("weight", 1)) for _, _, d in G.edges(data=True)]
    part = leidenalg.find_partition(
        h,
        leidenalg.RBConfigurationVertexPartition,
        weights="weight",
        seed=seed,
        resolution_parameter=resolution,
    )
    return [{nodes[i] for i in comm} for comm in part]


def _token_key(name: str) -> str:
    """Name key that ignores word order and commas ("Ding, Shouhong" ~ "Shouhong Ding")."""
    return "".join(sorted(name_key(t) for t in re.split(r"[\s,]+", name) if name_key(t)))


def find_node(G: nx.Graph, name: str) -> str:
    """Node id for a name or id given by a user.

    Tried in order: the node id; the name key of a label (case, accents, hyphens ignored);
    the same words in another order ("Ding, Shouhong"); a unique substring of a name key.
    Raises :class:`LookupFailure` with close-name suggestions when nothing or several match.

    >>> G = nx.Graph([("keyuezhang", "taipingyao")])
    >>> nx.set_node_attributes(G, {"keyuezhang": "Ke-Yue Zhang", "taipingyao": "Taiping Yao"},
    ...                        "label")
    >>> find_node(G, "ke-yue ZHANG"), find_node(G, "Yao, Taiping"), find_node(G, "taiping")
    ('keyuezhang', 'taipingyao', 'taipingyao')
    >>> try:
    ...     find_node(G, "Taiping Yoa")
    ... except LookupFailure as exc:
    ...     print(exc)
    no author named 'Taiping Yoa' in the graph. Did you mean: 'Taiping Yao'?
    """
    if name in G:
        return name
    key = name_key(name)
    nodes = sorted(G.nodes(data=True), key=lambda nd: str(nd[0]))
    by_key: dict[str, object] = {}
    by_tokens: dict[str, list] = {}
    for n, d in nodes:
        label = str(d.get("label", n))
        by_key.setdefault(name_key(label), n)
        by_tokens.setdefault(_token_key(label), []).append(n)
    if key in by_key:
        return by_key[key]
    same_words = by_tokens.get(_token_key(name), [])
    if len(same_words) == 1:
        return same_words[0]
    labels = {k: str(G.nodes[n].get("label", n)) for k, n in by_key.items()}
    hits = sorted(k for k in by_key if key and key in k)
    if len(hits) == 1:
        return by_key[hits[0]]
    if len(hits) > 1:
        raise LookupFailure(f"{name!r} matches several authors", tuple(labels[h] for h in hits[:8]))
    close = difflib.get_close_matches(key, list(by_key), n=5, cutoff=0.6)
    raise LookupFailure(f"no author named {name!r} in the graph", tuple(labels[c] for c in close))


@dataclass(frozen=True)
class PathHop:
    """One step of a collaboration path: two authors and the papers they share.

    ``papers`` are paper ids; ``details`` (when the papers table was given) are
    ``(paper_id, title, year or None)`` sorted by year then title.
    """

    source: str
    target: str
    source_label: str
    target_label: str
    papers: tuple[str, ...]
    details: tuple[tuple[str, str, int | None], ...] = ()


def _paper_details(ids: tuple[str, ...], papers: pd.DataFrame | None) -> tuple:
    if papers is None or not ids:
        return ()
    table = papers.set_index("paper_id")
    rows = []
    for pid in ids:
        if pid in table.index:
            year = table.at[pid, "year"]
            rows.append((pid, str(table.at[pid, "title"]), None if pd.isna(year) else int(year)))
        else:
            rows.append((pid, "", None))
    # Newest first reads like a CV; unknown years last.
    return tuple(sorted(rows, key=lambda r: (r[2] is None, -(r[2] or 0), r[1], r[0])))


def collaboration_path(
    G: nx.Graph, a: str, b: str, *, papers: pd.DataFrame | None = None
) -> list[PathHop]:
    """Shortest collaboration path between two authors: fewest hops (the collaboration
    distance, as in an Erdős number); among those, the one with the most joint papers per hop
    (least total ``distance``).

    ``a`` and ``b`` are names or ids (see :func:`find_node`).  With ``papers`` (the corpus's
    papers table) each hop also carries the titles and years of its joint papers.
    Raises :class:`LookupFailure` for unknown names or when no path exists.

    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", weight=2, distance=0.5, papers="p1;p2")
    >>> G.add_edge("b", "c", weight=1, distance=1.0, papers="p3")
    >>> [(h.source, h.target, h.papers) for h in collaboration_path(G, "a", "c")]
    [('a', 'b', ('p1', 'p2')), ('b', 'c', ('p3',))]
    """
    s, t = find_node(G, a), find_node(G, b)
    if s == t:
        return []
    # One Dijkstra run: every hop costs more than any path's summed distances, so fewer hops
    # always win and strong ties only break ties between equally short paths.
    hop = 1.0 + G.number_of_nodes() * max(
        (float(d.get("distance", 1.0)) for _, _, d in G.edges(data=True)), default=1.0
    )
    try:
        best = nx.dijkstra_path(G, s, t, weight=lambda u, v, d: hop + float(d.get("distance", 1.0)))
    except nx.NetworkXNoPath:
        raise LookupFailure(
            f"no collaboration path between {G.nodes[s].get('label', s)!r} and "
            f"{G.nodes[t].get('label', t)!r}: they are in different components"
        ) from None
    hops = []
    for u, v in pairwise(best):
        ids = tuple(p for p in str(G.edges[u, v].get("papers", "")).split(";") if p)
        hops.append(
            PathHop(
                u,
                v,
                str(G.nodes[u].get("label", u)),
                str(G.nodes[v].get("label", v)),
                ids,
                _paper_details(ids, papers),
            )
        )
    return hops


def rank_coauthors(
    G: nx.Graph,
    metrics: pd.DataFrame | None = None,
    membership: dict | None = None,
    *,
    owner: str | None = None,
    by: str = "papers",
    ties: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Rank the owner's co-authors (or, with no owner, every author).

    Parameters
    ----------
    G : the co-authorship graph (ego or alter view).
    metrics : per-node table such as :func:`centrality_table` (joined with
        :func:`brokerage_table`); computed when ``None``.
    membership : node -> community id (``-1`` where missing).
    owner : whose co-authors to rank.  In the ego view their edges give the joint papers.
    by : a key of :func:`graph.metrics.rank_keys`: ``papers`` (joint papers), ``recent``
        (last joint year) or a metric column.  Descending, except the metrics declared
        ascending (``constraint``: brokers first).
    ties : the owner's ties from :func:`graph.build.owner_ties`; needed in the alter view,
        where the owner is not in ``G``.  Only authors in ``G`` are ranked.

    Returns
    -------
    DataFrame with ``rank, author_id, name, joint_papers, first_joint_year, last_joint_year,
    papers, community``, every metric column, and ``lower_bound`` (the joint-paper count may
    be too low because author lists were cut).  Ties in ``by`` are broken by joint papers,
    then name, then id.
    """
    rank_keys = registry.rank_keys()
    if by not in rank_keys:
        raise CollabGraphError(f"cannot rank by {by!r}; choose one of {', '.join(rank_keys)}")
    metrics = centrality_table(G) if metrics is None else metrics
    membership = membership or {}
    lower = bool(G.graph.get("lower_bound", False))
    cols = ["author_id", "joint_papers", "first_joint_year", "last_joint_year"]
    if owner is not None and owner in G:
        rows = [
            (
                n,
                int(G.edges[owner, n].get("weight", 1)),
                G.edges[owner, n].get("first_year"),
                G.edges[owner, n].get("last_year"),
            )
            for n in G.neighbors(owner)
        ]
        df = pd.DataFrame(rows, columns=cols)
    elif owner is not None and ties is not None:
        t = ties[ties.index.isin(list(G.nodes)) & (ties.index != owner)]
        t = t[t["joint_papers"] >= int(G.graph.get("min_weight", 1))]
        df = t.reset_index()[cols]
    else:
        rows = [
            (n, int(d.get("papers", 0)), d.get("first_year"), d.get("last_year"))
            for n, d in G.nodes(data=True)
            if not d.get("is_owner")
        ]
        df = pd.DataFrame(rows, columns=cols)
    df["joint_papers"] = df["joint_papers"].astype(int)
    df["first_joint_year"] = df["first_joint_year"].astype("Int64")
    df["last_joint_year"] = df["last_joint_year"].astype("Int64")
    # The ids as a list and each node's data looked up once: iterating a pandas column (three
    # times) cost about a second at 10^5 authors.
    ids = df["author_id"].tolist()
    data = [G.nodes[n] for n in ids]
    df.insert(1, "name", [str(d.get("label", n)) for n, d in zip(ids, data, strict=True)])
    df["papers"] = [int(d.get("papers", 0)) for d in data]
    df["community"] = [int(membership.get(n, -1)) for n in ids]
    # reindex, not join: an empty metrics table has an int index that join refuses to match
    df = pd.concat([df.reset_index(drop=True), metrics.reindex(ids).reset_index(drop=True)], axis=1)
    df["lower_bound"] = lower
    key = rank_keys[by]
    if key not in df.columns:
        raise CollabGraphError(f"cannot rank by {by!r}: the metrics table has no {key!r} column")
    df = df.sort_values(
        [key, "joint_papers", "name", "author_id"],
        ascending=[key in registry.ascending_keys(), False, True, True],
        na_position="last",
        ignore_index=True,
    )
    df.insert(0, "rank", range(1, len(df) + 1))
    return df


def annotate(G: nx.Graph, metrics: pd.DataFrame, membership: dict) -> nx.Graph:
    """``G`` with ``community`` (``membership``, -1 where missing) and every metric column
    (as int where the registry declares an int metric, such as ``core``; the rest as float)
    added to each node's attributes.

    Returns a frozen graph (adding or removing nodes or edges raises) with its own graph and
    node attribute dicts; ``G`` is not changed.  The edges and their attribute dicts are
    ``G``'s own, shared rather than copied: copying them cost seconds and, at millions of
    edges, gigabytes.  Callers read edge attributes and must not assign to them (none does:
    the writers copy what they change).
    """
    cols = list(metrics.columns)
    ints = {m.name for m in registry.METRICS if m.dtype is int}
    # Whole columns as Python lists once (metrics.loc[n] per node deep-copies DataFrame.attrs
    # on every call: 36 s at 10^5 nodes).
    values = [
        [int(v) for v in metrics[c].to_numpy(dtype=float)]
        if c in ints
        else metrics[c].to_numpy(dtype=float).tolist()
        for c in metrics.columns
    ]
    rows = dict(
        zip(
            metrics.index,
            (dict(zip(cols, r, strict=True)) for r in zip(*values, strict=True)),
            strict=True,
        )
    )
    # New node attribute dicts, so G's nodes stay as they were.
    return with_node_dicts(
        G,
        {
            n: {**d, "community": int(membership.get(n, -1)), **rows.get(n, {})}
            for n, d in G.nodes(data=True)
        },
    )
