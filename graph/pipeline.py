"""The only module that knows the stage order: load -> normalise -> build -> analyse ->
render/export.  Each step is a plain function; :func:`run` chains them for the CLI.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pandas as pd

from .analyse import (
    CommunityResult,
    annotate,
    centrality_table,
    communities,
    rank_coauthors,
)
from .build import affiliation_graph, coauthor_graph
from .config import RunConfig
from .export import write_graphml, write_table_csv
from .io_atomic import ensure_dir
from .load import load_records
from .normalise import Corpus, normalise, read_aliases
from .render import network_payload, render_network_html, write_html

__all__ = [
    "STAGES",
    "Analysis",
    "RunResult",
    "StageHook",
    "analyse_corpus",
    "analyse_graphs",
    "build_graphs",
    "load_corpus",
    "load_inputs",
    "normalise_inputs",
    "run",
    "summary_line",
]

#: The stages :func:`run` times, in order.
STAGES = ("load", "normalise", "build", "analyse", "render", "export")

#: ``hook(event, stage, info)``: ``event`` is ``"start"`` or ``"end"``; at the end ``info``
#: holds ``seconds`` and the stage's counts (records, papers, nodes, edges, files ...).
StageHook = Callable[[str, str, dict], None]


def load_inputs(config: RunConfig) -> list:
    """Read every input of ``config`` (one :class:`~graph.load.LoadResult` per file)."""
    return [
        load_records(path, config.fmt, strict=config.strict, capture_date=config.capture_date)
        for path in config.resolved_inputs()
    ]


def normalise_inputs(results: list, config: RunConfig) -> Corpus:
    """Normalise reader results into one corpus, with the owner and alias options of
    ``config``."""
    aliases = read_aliases(config.aliases) if config.aliases else None
    return normalise(results, owner=config.owner,
                     add_owner=config.extra.get("add_owner", True), aliases=aliases)


def load_corpus(config: RunConfig) -> Corpus:
    """Read every input of ``config`` and normalise them into one corpus."""
    return normalise_inputs(load_inputs(config), config)


@dataclass
class Analysis:
    """Everything computed from one corpus under one config."""

    corpus: Corpus
    coauthors: nx.Graph
    affiliations: nx.Graph
    metrics: pd.DataFrame
    partition: CommunityResult
    ranking: pd.DataFrame
    owner: str | None
    #: What ran how (plain JSON-ready dict for the run manifest): engine, whether betweenness
    #: and closeness were exact or sampled (pivots, seed), the community method.
    choices: dict = field(default_factory=dict)
    #: Metrics of the affiliation graph (computed once, used by the affiliation page).
    affiliation_metrics: pd.DataFrame | None = None

    def annotated(self) -> nx.Graph:
        """The co-authorship graph with communities and metrics on its nodes."""
        return annotate(self.coauthors, self.metrics, self.partition.membership)


def build_graphs(corpus: Corpus, config: RunConfig) -> tuple[nx.Graph, nx.Graph]:
    """The co-authorship and affiliation graphs of ``corpus`` under ``config``'s filters."""
    G = coauthor_graph(
        corpus, include_owner=config.include_owner, min_weight=config.min_weight,
        min_papers=config.min_papers, year_from=config.year_from, year_to=config.year_to,
    )  # fmt: skip
    A = affiliation_graph(corpus, include_owner=config.include_owner,
                          year_from=config.year_from, year_to=config.year_to)
    return G, A


def analyse_graphs(corpus: Corpus, G: nx.Graph, A: nx.Graph, config: RunConfig) -> Analysis:
    """Metrics (on ``config.engine``), communities and the co-author ranking of built graphs."""
    metrics = centrality_table(G, engine=config.engine, seed=config.seed)
    a_metrics = centrality_table(A, engine=config.engine, seed=config.seed)
    part = communities(G, method=config.community_method, seed=config.seed,
                       resolution=config.resolution, engine=config.engine)
    owner = next((o for o in corpus.owner_ids if o in G), None)
    ranking = rank_coauthors(G, metrics, part.membership, owner=owner,
                             by=config.extra.get("rank_by", "papers"))
    choices = dict(metrics.attrs.get("analysis", {"engine": config.engine}))
    choices["communities"] = {"method": part.method, "seed": part.seed,
                              "engine": config.engine, "count": part.count}
    return Analysis(corpus, G, A, metrics, part, ranking, owner, choices, a_metrics)


def analyse_corpus(corpus: Corpus, config: RunConfig) -> Analysis:
    """Build both graphs and compute metrics, communities and the co-author ranking."""
    G, A = build_graphs(corpus, config)
    return analyse_graphs(corpus, G, A, config)


@dataclass
class RunResult:
    """What :func:`run` did: the analysis, files written and time per stage (seconds)."""

    analysis: Analysis
    files: list[Path] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def summary_line(analysis: Analysis) -> str:
    """One-line summary of a run (papers, authors, edges, lower bounds, skipped records)."""
    c, G = analysis.corpus, analysis.coauthors
    claimed = sum(s.get("claimed_papers", 0) or 0 for s in c.meta.get("sources", []))
    papers = f"{len(c.papers)} papers"
    if claimed and claimed > len(c.papers):
        papers += f" (the inputs claim {claimed}; only {len(c.papers)} are listed)"
    parts = [papers, f"{G.number_of_nodes()} authors", f"{G.number_of_edges()} co-author links",
             f"{analysis.partition.count} communities"]
    if c.incomplete_papers:
        parts.append(f"{c.incomplete_papers} papers with cut author lists (counts are lower "
                     "bounds)")
    parts.append(f"{len(c.problems)} records skipped")
    return ", ".join(parts)


@contextmanager
def _stage(name: str, timings: dict[str, float], hook: StageHook | None) -> Iterator[dict]:
    if hook:
        hook("start", name, {})
    counts: dict = {}
    t = time.perf_counter()
    yield counts
    timings[name] = time.perf_counter() - t
    if hook:
        hook("end", name, {**counts, "seconds": timings[name]})


def run(
    config: RunConfig,
    *,
    progress: Callable[[str], None] | None = None,
    on_stage: StageHook | None = None,
) -> RunResult:
    """Run the whole pipeline and write the outputs into ``config.out_dir``.

    Writes ``coauthors.html``, ``coauthors.graphml``, ``coauthors.csv`` (co-authors ranked),
    ``affiliations.html`` and ``affiliations.graphml``.  ``progress`` receives one message per
    file written; ``on_stage`` is told when each of :data:`STAGES` starts and ends (with its
    counts); ``RunResult.timings`` holds the seconds per stage.
    """
    say = progress or (lambda _msg: None)
    timings: dict[str, float] = {}
    out = ensure_dir(config.out_dir)
    with _stage("load", timings, on_stage) as n:
        results = load_inputs(config)
        n["records"] = sum(len(r.records) for r in results)
    with _stage("normalise", timings, on_stage) as n:
        corpus = normalise_inputs(results, config)
        del results
        n.update(papers=len(corpus.papers), authorships=len(corpus.authorships))
    with _stage("build", timings, on_stage) as n:
        G, A = build_graphs(corpus, config)
        n.update(authors=G.number_of_nodes(), links=G.number_of_edges())
    with _stage("analyse", timings, on_stage) as n:
        analysis = analyse_graphs(corpus, G, A, config)
        n["communities"] = analysis.partition.count
    result = RunResult(analysis, timings=timings)

    with _stage("render", timings, on_stage) as n:
        G = analysis.annotated()
        page = render_network_html(network_payload(
            G, analysis.metrics, analysis.partition.membership, corpus, size_by=config.size_by,
            max_nodes=config.max_nodes, seed=config.seed, owner=analysis.owner,
            title="Co-authorship network",
        ))  # fmt: skip
        result.files.append(write_html(out / "coauthors.html", page))
        A = analysis.affiliations
        a_metrics = analysis.affiliation_metrics
        if a_metrics is None:
            a_metrics = centrality_table(A, engine=config.engine, seed=config.seed)
        a_page = render_network_html(network_payload(
            A, a_metrics, {}, corpus, size_by="papers", max_nodes=config.max_nodes,
            seed=config.seed, owner=analysis.owner, title="Affiliation network",
        ))  # fmt: skip
        result.files.append(write_html(out / "affiliations.html", a_page))
        n["pages"] = 2

    with _stage("export", timings, on_stage) as n:
        result.files.append(write_graphml(G, out / "coauthors.graphml"))
        result.files.append(write_graphml(A, out / "affiliations.graphml"))
        result.files.append(write_table_csv(analysis.ranking, out / "coauthors.csv"))
        n["files"] = 3
    for f in result.files:
        say(f"wrote {f}")
    return result
