"""The metric registry: every per-node metric declared once.

A :class:`Metric` names a column of the metrics table and says everything the rest of the
package needs to know about it: its type, how NetworkX computes it, how igraph does (or
``None``: the NetworkX implementation serves both engines), whether it is exact or may be
sampled on large graphs, whether pages can size nodes by it and whether co-authors can be
ranked by it, and how the ``rank`` command's table shows it.  :func:`graph.analyse.
centrality_table` computes the ``node`` metrics in registry order, :func:`graph.analyse.
brokerage_table` the ``ego`` ones; the CLI's ``--by`` and ``--size-by`` choices, the rank
table and the export's node-table columns are all read from here.

Adding a metric is one :func:`register` call (or one entry in :data:`METRICS`) and its test.
The registry is read when the CLI starts, so this module imports nothing heavy: an
implementation imports what it needs when it runs.

>>> [m.name for m in METRICS if m.scope == "node"][:4]
['degree', 'strength', 'betweenness', 'closeness']
>>> size_choices()
('pagerank', 'degree', 'strength', 'betweenness', 'closeness', 'eigenvector', 'papers')
>>> rank_keys()["papers"], rank_keys()["constraint"]
('joint_papers', 'constraint')
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from .config import RunConfig

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from .engines import IndexedGraph

__all__ = [
    "METRICS",
    "PAGERANK_TOL",
    "SCOPES",
    "Metric",
    "MetricInput",
    "column_names",
    "get",
    "rank_keys",
    "rank_table_columns",
    "register",
    "size_choices",
]

#: NetworkX's power-iteration tolerance: its default (1e-6 per node, summed) leaves errors
#: of ~1e-5 against the exact solution igraph's PRPACK gives; 1e-10 costs a few iterations.
PAGERANK_TOL = 1e-10

#: ``node``: computed for every node of any graph by :func:`graph.analyse.centrality_table`
#: (and written to the node tables, GraphML and GEXF); ``ego``: Burt's measures, computed
#: around an owner by :func:`graph.analyse.brokerage_table` (ranking only).
SCOPES = ("node", "ego")

#: What an implementation returns: a ``node -> value`` mapping, or an array in
#: :attr:`MetricInput.nodes` order; a path measure may add the choice it made,
#: ``(values, {"method": "exact" | "sampled", ...})``.
Values = Any


@dataclass
class MetricInput:
    """What an implementation is given: the graph and how to compute on it.

    ``engine`` is resolved (``networkx`` or ``igraph``).  Path measures above
    ``exact_limit`` nodes are estimated from ``pivots`` seeded sources.  ``ix`` and
    ``igraph`` are the engines' cached conversions of ``G`` (made on first use).
    """

    G: nx.Graph
    engine: str = "networkx"
    seed: int = 42
    exact_limit: int = 1000
    pivots: int = 100

    @cached_property
    def ix(self) -> IndexedGraph:
        from .engines import indexed

        return indexed(self.G)

    @property
    def igraph(self):
        from .engines import igraph_of

        return igraph_of(self.G)

    @property
    def nodes(self) -> list:
        """Node order of array results: sorted by ``str``, the order of every metric table."""
        return self.ix.nodes


Implementation = Callable[[MetricInput], Values]


@dataclass(frozen=True)
class Metric:
    """One metric column.

    Attributes
    ----------
    name : the column name (also the ``--by`` / ``--size-by`` key and the GraphML attribute).
    dtype : ``float`` or ``int``, the column's type in every table and file.
    networkx : the reference implementation (``None`` for ``ego`` metrics, which
        :func:`graph.analyse.brokerage_table` computes together).
    igraph : the implementation on the igraph engine, or ``None``: the NetworkX one serves
        both (it reads the engines' arrays, or is cheap).
    sampling : ``False``: always exact.  ``True``: a path measure, O(n·m) exact, estimated from
        seeded pivots above the exact limit (the implementation reports which it did).
    sizes : the pages and pictures can size nodes by it (``--size-by``).
    ranks : co-authors can be ranked by it (``rank --by``).
    ascending : rank low values first (Burt's constraint: brokers first).
    scope : one of :data:`SCOPES`.
    header, spec : the ``rank`` terminal table's column header and ``str.format`` spec.
    in_table : shown in that table always (otherwise only when ranking by it).
    table_order : position among the metric columns of that table (lower first; ``None``:
        after the others, in registry order).
    """

    name: str
    dtype: type
    networkx: Implementation | None
    igraph: Implementation | None = None
    sampling: bool = False
    sizes: bool = False
    ranks: bool = True
    ascending: bool = False
    scope: Literal["node", "ego"] = "node"
    header: str = ""
    spec: str = "{:.4f}"
    in_table: bool = False
    table_order: int | None = None
    doc: str = field(default="", compare=False)

    def implementation(self, engine: str) -> Implementation | None:
        """The implementation that runs on ``engine`` (``networkx`` or ``igraph``)."""
        return self.igraph if engine == "igraph" and self.igraph is not None else self.networkx


# ---- implementations (each imports what it needs: the registry is read at CLI start-up) ----


def _degree(x: MetricInput) -> Values:
    import numpy as np

    ix = x.ix
    # A self-loop counts twice, as in NetworkX's degree.
    return (np.bincount(ix.src, minlength=ix.n) + np.bincount(ix.dst, minlength=ix.n)).astype(float)


def _strength(x: MetricInput) -> Values:
    """Sum of ``weight`` over each node's edges (a self-loop twice, as NetworkX counts it).
    Integer weights are summed from the edge arrays (exact in any order); other weights by
    NetworkX, whose summation order the table has always had."""
    import numpy as np

    ix = x.ix
    w = ix.weight
    if len(w) and not (
        np.all(np.isfinite(w)) and np.all(w == np.round(w)) and np.abs(w).sum() < 2.0**53
    ):
        return dict(x.G.degree(weight="weight"))
    return np.bincount(ix.src, weights=w, minlength=ix.n) + np.bincount(
        ix.dst, weights=w, minlength=ix.n
    )


def _betweenness_networkx(x: MetricInput) -> Values:
    from .engines import betweenness

    return betweenness(x.G, "networkx", seed=x.seed, exact_limit=x.exact_limit, pivots=x.pivots)


def _betweenness_igraph(x: MetricInput) -> Values:
    from .engines import betweenness

    return betweenness(x.G, "igraph", seed=x.seed, exact_limit=x.exact_limit, pivots=x.pivots)


def _closeness_networkx(x: MetricInput) -> Values:
    from .engines import closeness

    return closeness(x.G, "networkx", seed=x.seed, exact_limit=x.exact_limit, pivots=x.pivots)


def _closeness_igraph(x: MetricInput) -> Values:
    from .engines import closeness

    return closeness(x.G, "igraph", seed=x.seed, exact_limit=x.exact_limit, pivots=x.pivots)


def _eigenvector(x: MetricInput) -> Values:
    """Weighted, per component (see :func:`graph.analyse.eigenvector_centrality`)."""
    import numpy as np

    from .engines import component_eigenvectors

    ix = x.ix
    try:
        # In list(G) order inside each component: the same floating-point results as
        # analyse.eigenvector_centrality(G), without a second conversion of G.
        return np.abs(component_eigenvectors(ix.matrix(ix.weight), ix.position))
    except (ArithmeticError, ValueError, RuntimeError):
        return np.zeros(ix.n)


def _uniform(x: MetricInput):
    import numpy as np

    return np.full(x.ix.n, 1.0 / x.ix.n)


def _pagerank_networkx(x: MetricInput) -> Values:
    import networkx as nx

    if not len(x.ix.src):
        return _uniform(x)
    return nx.pagerank(x.G, weight="weight", tol=PAGERANK_TOL, max_iter=1000)


def _pagerank_igraph(x: MetricInput) -> Values:
    from .engines import one_openmp_thread

    if not len(x.ix.src):
        return _uniform(x)
    with one_openmp_thread():  # PRPACK's OpenMP sums: one thread, one result
        return x.igraph.pagerank(weights="weight", damping=0.85)


def _clustering_networkx(x: MetricInput) -> Values:
    import networkx as nx

    return nx.clustering(x.G)


def _clustering_igraph(x: MetricInput) -> Values:
    return x.igraph.transitivity_local_undirected(mode="zero")


def _core_networkx(x: MetricInput) -> Values:
    import networkx as nx

    simple = nx.Graph(x.G.edges)  # unweighted; the k-core rejects self-loops
    simple.remove_edges_from(nx.selfloop_edges(simple))
    return nx.core_number(simple)


def _core_igraph(x: MetricInput) -> Values:
    return x.igraph.coreness()


#: Every metric, in column order (the order of the metrics table, the node tables and the
#: GraphML keys).
METRICS: list[Metric] = [
    Metric(
        "degree",
        float,
        _degree,
        sizes=True,
        header="degree",
        spec="{:.0f}",
        table_order=1,
        doc="co-authors",
    ),
    Metric(
        "strength",
        float,
        _strength,
        sizes=True,
        header="strength",
        spec="{:.0f}",
        in_table=True,
        table_order=2,
        doc="sum of joint papers",
    ),
    Metric(
        "betweenness",
        float,
        _betweenness_networkx,
        _betweenness_igraph,
        sampling=True,
        sizes=True,
        header="betweenness",
        in_table=True,
        table_order=4,
        doc="normalised, on distance = 1/joint papers",
    ),
    Metric(
        "closeness",
        float,
        _closeness_networkx,
        _closeness_igraph,
        sampling=True,
        sizes=True,
        header="closeness",
        table_order=6,
        doc="on distance; Wasserman-Faust on a disconnected graph",
    ),
    Metric(
        "eigenvector",
        float,
        _eigenvector,
        sizes=True,
        header="eigenvector",
        table_order=5,
        doc="weighted, per component",
    ),
    Metric(
        "pagerank",
        float,
        _pagerank_networkx,
        _pagerank_igraph,
        sizes=True,
        header="pagerank",
        in_table=True,
        table_order=3,
        doc="weighted, damping 0.85",
    ),
    Metric(
        "clustering",
        float,
        _clustering_networkx,
        _clustering_igraph,
        header="clustering",
        spec="{:.3f}",
        table_order=7,
        doc="unweighted local clustering",
    ),
    Metric(
        "core",
        int,
        _core_networkx,
        _core_igraph,
        header="core",
        spec="{:d}",
        table_order=8,
        doc="k-core number, unweighted",
    ),
    Metric(
        "constraint",
        float,
        None,
        scope="ego",
        ascending=True,
        header="constraint",
        spec="{:.3f}",
        in_table=True,
        table_order=9,
        doc="Burt's constraint (low: broker)",
    ),
    Metric(
        "effective_size",
        float,
        None,
        scope="ego",
        header="eff.size",
        spec="{:.2f}",
        table_order=10,
        doc="Burt's effective size",
    ),
]


def register(metric: Metric) -> Metric:
    """Add ``metric`` to :data:`METRICS` (after the others) and return it.

    Everything reads the registry when it runs, except the CLI, whose ``--by`` and
    ``--size-by`` choices are made when :mod:`graph.cli` is imported: register first.
    """
    if metric.scope not in SCOPES:
        raise ValueError(f"unknown metric scope {metric.scope!r}; choose {' or '.join(SCOPES)}")
    if metric.dtype not in (int, float):
        raise ValueError(f"metric {metric.name!r}: dtype must be int or float")
    if any(m.name == metric.name for m in METRICS) or metric.name in _RANK_EXTRA:
        raise ValueError(f"a metric named {metric.name!r} exists already")
    if metric.scope == "node" and metric.networkx is None:
        raise ValueError(f"metric {metric.name!r} needs a NetworkX implementation")
    METRICS.append(metric)
    return metric


def get(name: str) -> Metric:
    """The metric called ``name``.

    >>> get("core").dtype
    <class 'int'>
    """
    for m in METRICS:
        if m.name == name:
            return m
    raise KeyError(name)


def column_names(scope: str = "node") -> tuple[str, ...]:
    """Names of the metrics of ``scope``, in column order.

    >>> column_names("ego")
    ('constraint', 'effective_size')
    """
    return tuple(m.name for m in METRICS if m.scope == scope)


#: Rank keys that are not metrics: ``--by`` key -> ranking column.
_RANK_EXTRA = {"papers": "joint_papers", "recent": "last_joint_year"}


def rank_keys() -> dict[str, str]:
    """``rank --by`` keys -> ranking column: joint papers, the last joint year, then every
    metric that ranks."""
    return {**_RANK_EXTRA, **{m.name: m.name for m in METRICS if m.ranks}}


def ascending_keys() -> frozenset[str]:
    """Rank keys sorted low-first (every other key ranks high-first).

    >>> sorted(ascending_keys())
    ['constraint']
    """
    return frozenset(m.name for m in METRICS if m.ranks and m.ascending)


def size_choices() -> tuple[str, ...]:
    """``--size-by`` choices: the default (:attr:`RunConfig.size_by`) first, the other metrics
    that size nodes in registry order, then ``papers`` (a node attribute of the built graph)."""
    default = RunConfig.__dataclass_fields__["size_by"].default
    rest = [m.name for m in METRICS if m.sizes and m.name != default]
    return (default, *rest, "papers")


def rank_table_columns() -> list[tuple[str, str, str, bool]]:
    """Metric columns of the ``rank`` terminal table: ``(column, header, spec, always
    shown)`` in table order."""
    order = sorted(
        enumerate(METRICS),
        key=lambda im: (im[1].table_order is None, im[1].table_order or 0, im[0]),
    )
    return [(m.name, m.header or m.name, m.spec, m.in_table) for _, m in order if m.ranks]
