"""The metric registry: every per-node metric declared once.

A :class:`Metric` names a column of the metrics table and says everything the rest of the
package needs to know about it: its type, how NetworkX computes it, how igraph does (or
``None``: the NetworkX implementation serves both engines), whether it is always exact or,
being costly, exact only within a time budget (``cost``, see :func:`exact_plan`), whether
pages can size nodes by it and whether co-authors can be ranked by it, and how the ``rank``
command's table shows it.  :func:`graph.analyse.
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

from collections.abc import Callable, Mapping
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
    "ascending_keys",
    "column_names",
    "exact_plan",
    "get",
    "rank_keys",
    "rank_table_columns",
    "register",
    "sampling_note",
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

    ``engine`` is resolved (``networkx`` or ``igraph``).  ``exact`` maps a costly metric's
    name to whether it is computed exactly (:func:`exact_plan`; missing: exact); otherwise it
    is estimated from ``pivots`` seeded sources.  ``ix`` and ``igraph`` are the engines'
    cached conversions of ``G`` (made on first use).
    """

    G: nx.Graph
    engine: str = "networkx"
    seed: int = 42
    pivots: int = 100
    exact: Mapping[str, bool] = field(default_factory=dict)

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
    cost : ``None``: always exact.  Otherwise a path measure, O(n·m) exact: engine -> seconds
        per n·m of the exact computation (measured by ``bench/exact_cost.py``); it is exact
        when that estimate fits the time budget (:func:`exact_plan`), estimated from seeded
        pivots beyond it (the implementation reports which it did).
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
    cost: Mapping[str, float] | None = None
    sizes: bool = False
    ranks: bool = True
    ascending: bool = False
    scope: Literal["node", "ego"] = "node"
    header: str = ""
    spec: str = "{:.4f}"
    in_table: bool = False
    table_order: int | None = None
    doc: str = field(default="", compare=False)

    @property
    def sampling(self) -> bool:
        """True for a metric that may be estimated rather than computed exactly."""
        return self.cost is not None

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

    exact = x.exact.get("betweenness", True)
    return betweenness(x.G, "networkx", seed=x.seed, pivots=x.pivots, exact=exact)


def _betweenness_igraph(x: MetricInput) -> Values:
    from .engines import betweenness

    exact = x.exact.get("betweenness", True)
    return betweenness(x.G, "igraph", seed=x.seed, pivots=x.pivots, exact=exact)


def _closeness_networkx(x: MetricInput) -> Values:
    from .engines import closeness

    exact = x.exact.get("closeness", True)
    return closeness(x.G, "networkx", seed=x.seed, pivots=x.pivots, exact=exact)


def _closeness_igraph(x: MetricInput) -> Values:
    from .engines import closeness

    exact = x.exact.get("closeness", True)
    return closeness(x.G, "igraph", seed=x.seed, pivots=x.pivots, exact=exact)


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
        # CPU seconds per n·m of the exact computation: ``python -m bench.exact_cost`` (fit
        # through the origin on synthetic co-author graphs of 300-20,000 papers, on the shared
        # 2-core benchmark machine; bench/results/exact_cost.json).  The run decides from
        # these and the graph's size alone, so one input gives one output on any machine.
        cost={"networkx": 2.9e-6, "igraph": 1.4e-7},
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
        cost={"networkx": 1.1e-6, "igraph": 8.7e-8},  # as betweenness
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


def exact_plan(
    n: int, m: int, engine: str, *, budget: float, exact: bool = False
) -> dict[str, dict]:
    """For each costly (``cost``) ``node`` metric, in registry order: exact or sampled on a
    graph of ``n`` nodes and ``m`` links on ``engine``, and why.

    A metric's exact cost is estimated as ``cost[engine] · n · m`` seconds.  The budget is
    for the graph: metrics are taken in registry order (betweenness, then closeness) and each
    is exact while its estimate fits in what the ones before it left; the rest are sampled.
    ``exact=True`` makes every one exact.  Only ``n``, ``m``, the engine and the budget decide:
    the same input gives the same output on any machine.

    The 10^4-paper synthetic corpus (9,235 authors, 37,595 links) on igraph: betweenness
    would take about 49 s, closeness 30 s; one of 2,000 authors fits in 10 s.

    >>> plan = exact_plan(9235, 37595, "igraph", budget=10.0)
    >>> [(k, v["method"], v["estimate_s"]) for k, v in plan.items()]
    [('betweenness', 'sampled', 48.607), ('closeness', 'sampled', 30.206)]
    >>> [v["method"] for v in exact_plan(1915, 7370, "igraph", budget=10.0).values()]
    ['exact', 'exact']
    >>> exact_plan(1915, 7370, "networkx", budget=10.0)["betweenness"]["method"]
    'sampled'
    """
    left = budget
    plan = {}
    for metric in METRICS:
        if metric.scope != "node" or metric.cost is None:
            continue
        estimate = metric.cost[engine] * n * m
        fits = estimate <= left
        if fits and not exact:
            left -= estimate
        plan[metric.name] = {
            "method": "exact" if exact or fits else "sampled",
            "estimate_s": round(estimate, 3),
            "budget_s": float(budget),
            "forced": bool(exact),
        }
    return plan


def _seconds(s: float) -> str:
    return f"{s:.0f} s" if s >= 10 else f"{s:.1f} s"


def sampling_note(choices: Mapping | None) -> str | None:
    """What a reader must know when metrics were sampled (``None`` when none was), from the
    choices :func:`graph.analyse.centrality_table` records (``table.attrs["analysis"]``).

    >>> sampling_note({"engine": "igraph", "betweenness": {"method": "sampled", "pivots": 100,
    ...     "seed": 42, "estimate_s": 25.0, "budget_s": 10.0}})  # doctest: +NORMALIZE_WHITESPACE
    'betweenness is estimated from 100 sampled sources (seed 42): computed exactly it would
    take an estimated 25 s, over the 10 s budget (--exact-budget SECONDS raises it, --exact
    computes it exactly).'
    >>> sampling_note({"engine": "networkx", "betweenness": {"method": "exact"}}) is None
    True
    """
    sampled = {
        k: v
        for k, v in (choices or {}).items()
        if isinstance(v, dict) and v.get("method") == "sampled"
    }
    if not sampled:
        return None
    names = list(sampled)
    first = sampled[names[0]]
    what = " and ".join(names)
    one = len(names) == 1
    estimate = sum(float(v.get("estimate_s", 0.0)) for v in sampled.values())
    budget = float(first.get("budget_s", 0.0))
    return (
        f"{what} {'is' if one else 'are'} estimated from {first.get('pivots')} sampled sources "
        f"(seed {first.get('seed')}): computed exactly {'it' if one else 'they'} would take an "
        f"estimated {_seconds(estimate)}, over the {budget:g} s budget (--exact-budget SECONDS "
        f"raises it, --exact computes {'it' if one else 'them'} exactly)."
    )
