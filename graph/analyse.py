"""Analyse stage: graphs -> tables.  Nothing here mutates its input graph.

Shortest-path measures (betweenness, closeness, paths) use the edge attribute ``distance``
(1/joint papers), because NetworkX reads ``weight`` as a length there; strength, PageRank and
eigenvector centrality use ``weight``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from itertools import pairwise

import networkx as nx
import pandas as pd

from . import engines
from .errors import CollabGraphError, LookupFailure
from .text import name_key

__all__ = [
    "CommunityResult",
    "PathHop",
    "annotate",
    "centrality_table",
    "collaboration_path",
    "communities",
    "find_node",
    "rank_coauthors",
]

METRIC_COLUMNS = (
    "degree", "strength", "betweenness", "closeness", "eigenvector", "pagerank", "clustering",
    "core",
)  # fmt: skip


def centrality_table(
    G: nx.Graph,
    *,
    engine: str = "networkx",
    seed: int = 42,
    exact_limit: int = engines.EXACT_LIMIT,
) -> pd.DataFrame:
    """Per-node metrics, indexed by node id, rows sorted by id.

    ``engine`` (``networkx`` or ``igraph``) runs the algorithms (:mod:`graph.engines`; the
    values agree).  Above ``exact_limit`` nodes betweenness and closeness are estimated from
    seeded pivots; ``table.attrs["analysis"]`` says which engine ran and what was sampled.

    Columns: ``degree`` (co-authors), ``strength`` (sum of joint papers), ``betweenness``
    (normalised, on ``distance``), ``closeness`` (on ``distance``, per component as NetworkX
    does), ``eigenvector`` (weighted, 0 when it does not converge), ``pagerank`` (weighted),
    ``clustering`` (unweighted), ``core`` (k-core number).

    >>> G = nx.path_graph(3)
    >>> nx.set_edge_attributes(G, 1, "weight"); nx.set_edge_attributes(G, 1.0, "distance")
    >>> centrality_table(G)[["degree", "betweenness"]].values.tolist()
    [[1.0, 0.0], [2.0, 1.0], [1.0, 0.0]]
    """
    if engine != "networkx" or G.number_of_nodes() > exact_limit:
        df, info = engines.centrality_frame(G, engine=engine, seed=seed,
                                            exact_limit=exact_limit)
        df = df[list(METRIC_COLUMNS)]
        df.attrs["analysis"] = info
        return df
    nodes = sorted(G.nodes, key=str)
    if not nodes:
        return pd.DataFrame(columns=list(METRIC_COLUMNS))
    H = G  # read-only use below
    data = {
        "degree": dict(H.degree()),
        "strength": dict(H.degree(weight="weight")),
        "betweenness": nx.betweenness_centrality(H, weight="distance", normalized=True),
        "closeness": nx.closeness_centrality(H, distance="distance"),
        "pagerank": nx.pagerank(H, weight="weight", tol=engines.PAGERANK_TOL, max_iter=1000)
        if H.number_of_edges() else
        {n: 1.0 / len(nodes) for n in nodes},
        "clustering": nx.clustering(H),
        "core": nx.core_number(nx.Graph(H.edges)) if H.number_of_edges() else {},
    }
    try:
        data["eigenvector"] = (
            nx.eigenvector_centrality_numpy(H, weight="weight") if H.number_of_edges() > 0 else {}
        )
    except (nx.NetworkXException, nx.AmbiguousSolution, ValueError, TypeError):
        data["eigenvector"] = {}
    df = pd.DataFrame({k: pd.Series(v, dtype=float) for k, v in data.items()}, index=nodes)
    df = df.reindex(nodes).fillna(0.0)
    df["eigenvector"] = df["eigenvector"].abs()
    df["core"] = df["core"].astype(int)
    df["degree"] = df["degree"].astype(float)
    df = df[list(METRIC_COLUMNS)]
    exact = {"method": "exact", "nodes": len(nodes), "limit": exact_limit}
    df.attrs["analysis"] = {"engine": engine, "betweenness": exact, "closeness": dict(exact)}
    return df


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
    engines.check_engine(engine)
    if engine != "networkx":
        parts = engines.community_sets(G, method=method, seed=seed, resolution=resolution)
    elif method == "louvain":
        parts = nx.community.louvain_communities(G, weight="weight", seed=seed,
                                                 resolution=resolution)
    elif method == "label_propagation":
        parts = list(nx.community.asyn_lpa_communities(G, weight="weight", seed=seed))
    elif method == "greedy_modularity":
        parts = nx.community.greedy_modularity_communities(G, weight="weight",
                                                           resolution=resolution)
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
        h, leidenalg.RBConfigurationVertexPartition, weights="weight", seed=seed,
        resolution_parameter=resolution,
    )  # fmt: skip
    return [{nodes[i] for i in comm} for comm in part]


def find_node(G: nx.Graph, name: str) -> str:
    """Node id for a name or id given by a user (exact key match, then unique substring).

    Raises :class:`LookupFailure` with close-name suggestions when nothing or several match.
    """
    if name in G:
        return name
    key = name_key(name)
    by_key = {name_key(str(d.get("label", n))): n for n, d in G.nodes(data=True)}
    if key in by_key:
        return by_key[key]
    hits = sorted(k for k in by_key if key and key in k)
    if len(hits) == 1:
        return by_key[hits[0]]
    labels = {k: str(G.nodes[n].get("label", n)) for k, n in by_key.items()}
    if len(hits) > 1:
        raise LookupFailure(f"{name!r} matches several authors",
                            tuple(labels[h] for h in hits[:8]))
    close = difflib.get_close_matches(key, list(by_key), n=5, cutoff=0.6)
    raise LookupFailure(f"no author named {name!r} in the graph", tuple(labels[c] for c in close))


@dataclass(frozen=True)
class PathHop:
    """One step of a collaboration path: two authors and the papers they share."""

    source: str
    target: str
    source_label: str
    target_label: str
    papers: tuple[str, ...]


def collaboration_path(G: nx.Graph, a: str, b: str) -> list[PathHop]:
    """Shortest collaboration path between two authors (fewest hops; among those, the one
    with most joint papers, i.e. least total ``distance``).

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
    try:
        nx.shortest_path_length(G, s, t)
    except nx.NetworkXNoPath:
        label = G.nodes[t].get("label", t)
        raise LookupFailure(
            f"no collaboration path between {G.nodes[s].get('label', s)!r} and {label!r}: "
            "they are in different components"
        ) from None
    # Among the shortest paths by hops, prefer the strongest ties (stable tie-break by ids).
    best = min(
        nx.all_shortest_paths(G, s, t),
        key=lambda p: (sum(G.edges[u, v].get("distance", 1.0) for u, v in pairwise(p)),
                       [str(x) for x in p]),
    )
    return [
        PathHop(u, v, str(G.nodes[u].get("label", u)), str(G.nodes[v].get("label", v)),
                tuple(p for p in str(G.edges[u, v].get("papers", "")).split(";") if p))
        for u, v in pairwise(best)
    ]


def rank_coauthors(
    G: nx.Graph,
    metrics: pd.DataFrame | None = None,
    membership: dict | None = None,
    *,
    owner: str | None = None,
    by: str = "papers",
) -> pd.DataFrame:
    """Rank the owner's co-authors (or, with no owner, every author).

    Columns: ``rank, author_id, name, joint_papers, first_joint_year, last_joint_year, papers,
    community`` plus every metric column, ``lower_bound`` (the joint-paper count comes from
    cut author lists).  Sorted by ``by`` (descending), then joint papers, then name and id.
    """
    metrics = centrality_table(G) if metrics is None else metrics
    membership = membership or {}
    lower = bool(G.graph.get("lower_bound", False))
    rows = []
    if owner is not None and owner in G:
        for n in G.neighbors(owner):
            e = G.edges[owner, n]
            rows.append((n, int(e.get("weight", 1)), e.get("first_year"), e.get("last_year")))
    else:
        for n, d in G.nodes(data=True):
            if not d.get("is_owner"):
                rows.append((n, int(d.get("papers", 0)), d.get("first_year"),
                             d.get("last_year")))
    df = pd.DataFrame(rows, columns=["author_id", "joint_papers", "first_joint_year",
                                     "last_joint_year"])
    df["first_joint_year"] = df["first_joint_year"].astype("Int64")
    df["last_joint_year"] = df["last_joint_year"].astype("Int64")
    df.insert(1, "name", [str(G.nodes[n].get("label", n)) for n in df["author_id"]])
    df["papers"] = [int(G.nodes[n].get("papers", 0)) for n in df["author_id"]]
    df["community"] = [int(membership.get(n, -1)) for n in df["author_id"]]
    df = df.join(metrics, on="author_id")
    df["lower_bound"] = lower
    key = "joint_papers" if by == "papers" else by
    if key not in df.columns:
        raise CollabGraphError(
            f"cannot rank by {by!r}; choose papers, {', '.join(METRIC_COLUMNS)}"
        )
    df = df.sort_values([key, "joint_papers", "name", "author_id"],
                        ascending=[False, False, True, True], ignore_index=True)
    df.insert(0, "rank", range(1, len(df) + 1))
    return df


def annotate(G: nx.Graph, metrics: pd.DataFrame, membership: dict) -> nx.Graph:
    """A copy of ``G`` whose nodes also carry ``community`` and every metric column."""
    H = G.copy()
    for n, d in H.nodes(data=True):
        d["community"] = int(membership.get(n, -1))
        if n in metrics.index:
            for k, v in metrics.loc[n].items():
                d[k] = int(v) if k == "core" else float(v)
    return H
