"""Every run parameter and its default, in one frozen keyword-only dataclass.

The CLI maps options onto :class:`RunConfig`; library users build one directly.

Examples
--------
>>> cfg = RunConfig(seed=7)
>>> cfg.seed, cfg.include_owner, cfg.community_method
(7, True, 'louvain')
>>> cfg.replace(top_n=5).top_n
5
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

__all__ = [
    "COMMUNITY_METHODS",
    "DEFAULT_INPUT",
    "DEFAULT_OUT",
    "ENGINES",
    "EXACT_BUDGET",
    "NAME_MIN_SCORE",
    "NETWORKS",
    "RESOLVE_MODES",
    "RunConfig",
    "SliceSpec",
    "default_input",
]

#: The embedded default profile (a copy of the seed page, see data/README.md).
DEFAULT_INPUT = Path(__file__).resolve().parent.parent / "data" / "shouhong_ding_profile.txt"
DEFAULT_OUT = Path("output")

ENGINES = ("auto", "networkx", "igraph")
#: ``build``'s ``--resolve-names``: no names resolved, so the pandas and the Spark build (which
#: cannot run :mod:`graph.identity`) give the same network from the same inputs.
BUILD_RESOLVE_NAMES = "off"
#: ``--resolve-names``: see :mod:`graph.identity` (kept in step with ``identity.MODES``).
RESOLVE_MODES = ("off", "merge", "split", "both")
COMMUNITY_METHODS = ("louvain", "label_propagation", "greedy_modularity", "leiden")
#: Seconds the exact path measures (betweenness, closeness) may take on one graph, estimated
#: from its size (:func:`graph.metrics.exact_plan`); beyond it they are sampled.
EXACT_BUDGET = 10.0
#: The networks one run builds (``export --graph``): the first is the default.
NETWORKS = ("coauthors", "affiliations")
#: Similarity (0-100) two names need to be listed by ``names`` as a likely typo pair.
NAME_MIN_SCORE = 85.0


def default_input() -> Path:
    """Path of the embedded default profile, whether run from a checkout or an install."""
    if DEFAULT_INPUT.is_file():
        return DEFAULT_INPUT
    return Path(str(resources.files("graph") / "data" / "shouhong_ding_profile.txt"))


@dataclass(frozen=True, kw_only=True)
class SliceSpec:
    """A slice of a network folder (``collabgraph build``): one of ``ego`` (with ``hops``),
    ``component_of``, ``top`` (by ``top_by``: papers or strength) or ``institution``.

    >>> SliceSpec(ego="Ada Lovelace", hops=2).as_dict()
    {'ego': 'Ada Lovelace', 'hops': 2, 'top_by': 'papers'}
    """

    ego: str | None = None
    hops: int = 1
    component_of: str | None = None
    top: int | None = None
    top_by: str = "papers"
    institution: str | None = None

    def as_dict(self) -> dict:
        """The given keys (``hops`` only with ``ego``), as :mod:`graph.slices` reads them."""
        out = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        if self.ego is None:
            del out["hops"]
        return {k: v for k, v in out.items() if v is not None}


@dataclass(frozen=True, kw_only=True)
class RunConfig:
    """Parameters of one pipeline run (all keyword-only, immutable).

    Attributes
    ----------
    inputs : input files; empty means the embedded default profile.
    fmt : input format name, or ``None`` to pick by extension / content.
    owner : profile owner's name override (``None``: from the page header).
    add_owner : add each input's owner (named on a profile page or detected) to its papers;
        ``False`` leaves owners out entirely (``--no-owner``).
    include_owner : ``True`` draws the ego network (owner included), ``False`` the alter network.
    capture_date : date the profile page was captured (year-less dates take its year).
    aliases : CSV ``variant,canonical`` merging name variants the key cannot merge.
    strict : stop at the first bad record instead of skipping it with a warning.
    out_dir : folder for generated files.
    seed : seed of every randomised step (communities, layouts, sampling).
    community_method : one of :data:`COMMUNITY_METHODS`.
    size_by : node metric that sets node size and ranking default.
    top_n : rows of the co-author ranking shown in summaries.
    rank_by : key of the co-author ranking (:func:`graph.metrics.rank_keys`).
    min_weight, min_papers : drop edges with fewer joint papers / authors with fewer papers.
    year_from, year_to : keep papers within this inclusive year range.
    max_nodes : the HTML page shows at most this many nodes (top by ``size_by``).
    max_authors : papers with more authors are left out of the co-author graph (``None``:
        keep all); a consortium paper with thousands of authors would swamp it.
    engine : one of :data:`ENGINES`: where metrics and communities are computed
        (:mod:`graph.engines`; NetworkX stays the graph model either way).
    exact_budget : seconds betweenness and closeness may take, estimated, on one graph
        before they are sampled instead (:func:`graph.metrics.exact_plan`).
    exact : compute betweenness and closeness exactly whatever they cost.
    max_input_size : largest input file read, in bytes (default 2 GiB); a larger file is an
        error before it is read, so memory stays bounded whatever the input.
    resolve_names : one of :data:`RESOLVE_MODES`: merge name variants and/or split homonyms
        after normalising (:mod:`graph.identity`; README "One person, one node").
    not_same : CSV ``name,other`` of pairs that are different people (never merged).
    cache : folder keeping the normalised inputs as corpus stores keyed by the inputs'
        SHA-256 and reading options (:mod:`graph.store`); ``None``: no cache.
    slice : the slice of a network folder to bring back to one machine (``--ego``,
        ``--component-of``, ``--top``, ``--institution``; :mod:`graph.slices`).
    raw_csv : write CSV text cells as read (``--raw-csv``); by default a cell starting with
        ``= + - @``, a tab or a carriage return gets a ``'`` (:mod:`graph.csv_safe`).
    """

    inputs: tuple[Path, ...] = ()
    fmt: str | None = None
    owner: str | None = None
    add_owner: bool = True
    include_owner: bool = True
    capture_date: date | None = None
    aliases: Path | None = None
    strict: bool = False
    out_dir: Path = DEFAULT_OUT
    seed: int = 42
    community_method: str = "louvain"
    resolution: float = 1.0
    size_by: str = "pagerank"
    top_n: int = 20
    rank_by: str = "papers"
    min_weight: int = 1
    min_papers: int = 1
    year_from: int | None = None
    year_to: int | None = None
    max_nodes: int = 1500
    max_authors: int | None = 100
    quiet: bool = False
    engine: str = "auto"
    exact_budget: float = EXACT_BUDGET
    exact: bool = False
    max_input_size: int = 2 * 1024**3
    resolve_names: str = "merge"
    not_same: Path | None = None
    cache: Path | None = None
    slice: SliceSpec | None = None
    raw_csv: bool = False

    def replace(self, **changes) -> RunConfig:
        """Return a copy with ``changes`` applied."""
        return dataclasses.replace(self, **changes)

    def resolved_inputs(self) -> tuple[Path, ...]:
        """The inputs to read: the given ones, or the embedded default."""
        return self.inputs or (default_input(),)

    def as_dict(self) -> dict:
        """Plain JSON-ready dict of every parameter (for the run manifest)."""
        out = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, Path):
                value = str(value)
            elif isinstance(value, tuple):
                value = [str(v) for v in value]
            elif isinstance(value, date):
                value = value.isoformat()
            elif isinstance(value, SliceSpec):
                value = value.as_dict()
            out[f.name] = value
        return out
