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
    PathHop,
    annotate,
    brokerage_table,
    centrality_table,
    collaboration_path,
    communities,
    rank_coauthors,
)
from .build import affiliation_graph, coauthor_graph, owner_ties
from .config import NAME_MIN_SCORE, NETWORKS, RunConfig
from .engines import forget, resolve_engine
from .errors import CollabGraphError
from .export import PICTURE_LABELS, export_graph
from .export.canonical import graph_note
from .export.graphml import write_graphml
from .export.manifest import build_manifest, write_manifest
from .export.tables import write_table_csv
from .identity import write_decisions
from .info import group_counts, max_authors_graph_note
from .load import load_records
from .metrics import sampling_note
from .normalise import Corpus, normalise, read_aliases
from .output_set import OutputSet, final_path
from .render import (
    community_names,
    network_payload,
    render_network_html,
    render_report_html,
    report_payload,
    write_html,
)

__all__ = [
    "RUN_FILES",
    "STAGES",
    "Analysis",
    "ExportResult",
    "PathResult",
    "RunResult",
    "StageHook",
    "analyse",
    "analyse_corpus",
    "analyse_graphs",
    "build_graphs",
    "export_network",
    "find_path",
    "load_corpus",
    "load_inputs",
    "name_report",
    "normalise_inputs",
    "read_corpus",
    "resolve_identities",
    "run",
    "run_counts",
    "summary_line",
    "window_note",
]

#: The files :func:`run` writes into ``--out``, one all-or-nothing set (:mod:`graph.output_set`).
RUN_FILES = (
    "coauthors.html",
    "affiliations.html",
    "coauthors.graphml",
    "affiliations.graphml",
    "coauthors.csv",
    "identity.csv",
    "index.html",
    "manifest.json",
)

#: The stages :func:`run` times, in order.
STAGES = ("load", "normalise", "build", "analyse", "render", "export")

#: ``hook(event, stage, info)``: ``event`` is ``"start"`` or ``"end"``; at the end ``info``
#: holds ``seconds`` and the stage's counts (records, papers, nodes, edges, files ...).
StageHook = Callable[[str, str, dict], None]


def load_inputs(config: RunConfig) -> list:
    """Read every input of ``config`` (one :class:`~graph.load.LoadResult` per file; a corpus
    store gives one per file it was made from, :func:`graph.store.store_results`)."""
    from .store import store_results

    return store_results(
        config,
        lambda path: load_records(
            path,
            config.fmt,
            strict=config.strict,
            capture_date=config.capture_date,
            owner=config.owner,
            max_input_size=config.max_input_size,
        ),
    )


def _aliases(config: RunConfig) -> dict[str, str] | None:
    if not config.aliases:
        return None
    return read_aliases(config.aliases, max_input_size=config.max_input_size)


def normalise_inputs(results: list, config: RunConfig) -> Corpus:
    """Normalise reader results into one corpus, with the owner and alias options of
    ``config`` (names are resolved afterwards: :func:`resolve_identities`)."""
    return normalise(
        results, owner=config.owner, add_owner=config.add_owner, aliases=_aliases(config)
    )


def resolve_identities(corpus: Corpus, config: RunConfig) -> Corpus:
    """``--resolve-names``: merge name variants and/or split homonyms
    (:func:`graph.identity.resolve_names`).  Names in the alias file are the user's decision
    and never split; ``--not-same`` pairs are never merged.  The decisions table goes into
    ``corpus.meta["identity_decisions"]`` (``run`` writes it to ``identity.csv``)."""
    from .identity import read_not_same, resolve_names
    from .text import name_key

    not_same = read_not_same(config.not_same) if config.not_same else ()
    fixed = {name_key(n) for pair in (_aliases(config) or {}).items() for n in pair}
    corpus, decisions = resolve_names(
        corpus,
        config.resolve_names,
        not_same=not_same,
        fixed=fixed,
        seed=config.seed,
        max_authors=config.max_authors,
    )
    corpus.meta["identity_decisions"] = decisions
    return corpus


def read_corpus(config: RunConfig) -> Corpus:
    """Read every input of ``config`` and normalise them into one corpus, names not yet
    resolved (read straight from a corpus store or the ``--cache`` when they hold it,
    :mod:`graph.store`: a store holds this corpus, so any ``--resolve-names`` applies to it)."""
    from .store import save_cache

    corpus = _stored(config)
    if corpus is None:
        corpus = normalise_inputs(load_inputs(config), config)
        save_cache(config, corpus)
    return corpus


def _stored(config: RunConfig) -> Corpus | None:
    """The corpus without parsing: a slice of a network folder, a store given alone, or a
    ``--cache`` entry (:func:`graph.store.stored_corpus`); None when the inputs must be read."""
    if config.slice is not None:
        from .slices import slice_corpus

        return slice_corpus(config.resolved_inputs()[0], config.slice.as_dict())
    from .store import stored_corpus

    return stored_corpus(config)


def load_corpus(config: RunConfig) -> Corpus:
    """:func:`read_corpus`, then names resolved (``config.resolve_names``; a slice of a
    network folder was built from resolved names already)."""
    corpus = read_corpus(config)
    return corpus if config.slice is not None else resolve_identities(corpus, config)


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

    def affiliation_table(self, config: RunConfig) -> pd.DataFrame:
        """Metrics of the affiliation graph: the ones computed by the analysis, or (for an
        ``Analysis`` made without them) computed now on ``config``'s engine."""
        if self.affiliation_metrics is not None:
            return self.affiliation_metrics
        return centrality_table(
            self.affiliations,
            engine=config.engine,
            seed=config.seed,
            budget=config.exact_budget,
            exact=config.exact,
        )


def coauthors_of(corpus: Corpus, config: RunConfig) -> nx.Graph:
    """The co-authorship graph of ``corpus`` under ``config``'s view and filters."""
    return coauthor_graph(
        corpus,
        include_owner=config.include_owner,
        min_weight=config.min_weight,
        min_papers=config.min_papers,
        year_from=config.year_from,
        year_to=config.year_to,
        max_authors=config.max_authors,
    )


def build_graphs(
    corpus: Corpus, config: RunConfig, *, affiliations: bool = True
) -> tuple[nx.Graph, nx.Graph]:
    """The co-authorship and affiliation graphs of ``corpus`` under ``config``'s filters
    (``affiliations=False``: an empty affiliation graph, for questions that never read it)."""
    G = coauthors_of(corpus, config)
    A = (
        affiliation_graph(
            corpus,
            include_owner=config.include_owner,
            year_from=config.year_from,
            year_to=config.year_to,
        )
        if affiliations
        else nx.Graph(kind="affiliation")
    )
    if corpus.meta.get("slice"):  # a slice of a network (graph.slices)
        from .slices import slice_graphs

        return slice_graphs(corpus, G, A)
    return G, A


def analyse_graphs(corpus: Corpus, G: nx.Graph, A: nx.Graph, config: RunConfig) -> Analysis:
    """Metrics (on ``config.engine``), communities and the co-author ranking of built graphs."""
    # Exact betweenness and closeness while their estimated cost fits the budget, per graph.
    path = dict(budget=config.exact_budget, exact=config.exact)
    metrics = centrality_table(G, engine=config.engine, seed=config.seed, **path)
    a_metrics = centrality_table(A, engine=config.engine, seed=config.seed, **path)
    part = communities(
        G,
        method=config.community_method,
        seed=config.seed,
        resolution=config.resolution,
        engine=config.engine,
    )
    owner = next((o for o in corpus.owner_ids if o in G), None)
    # The alter view leaves the owner out of G, yet the ranking is still of their co-authors.
    ranked_owner = owner or next(iter(corpus.owner_ids), None)
    ties = None
    if ranked_owner is not None and owner is None:
        ties = owner_ties(corpus, ranked_owner, year_from=config.year_from, year_to=config.year_to)
    # Burt's measures only mean something around an owner (the ego / alter networks).
    table = metrics.join(brokerage_table(G, owner=owner)) if ranked_owner else metrics
    ranking = rank_coauthors(
        G,
        table,
        part.membership,
        owner=ranked_owner,
        by=config.rank_by,
        ties=ties,
    )
    engine = resolve_engine(config.engine, G.number_of_nodes())
    choices = dict(metrics.attrs.get("analysis", {"engine": engine}))
    choices["communities"] = {
        "method": part.method,
        "seed": part.seed,
        "engine": engine,
        "count": part.count,
    }
    # The affiliation graph's metrics may be sampled too (its page says so as well).
    choices["affiliations"] = dict(a_metrics.attrs.get("analysis", {}))
    return Analysis(corpus, G, A, metrics, part, ranking, owner, choices, a_metrics)


def analyse_corpus(corpus: Corpus, config: RunConfig, *, affiliations: bool = True) -> Analysis:
    """Build both graphs and compute metrics, communities and the co-author ranking
    (``affiliations=False``: the affiliation graph left empty, its metrics not computed)."""
    G, A = build_graphs(corpus, config, affiliations=affiliations)
    return analyse_graphs(corpus, G, A, config)


def analyse(config: RunConfig, *, affiliations: bool = True) -> Analysis:
    """Load, normalise and analyse the inputs of ``config`` (no files written)."""
    return analyse_corpus(load_corpus(config), config, affiliations=affiliations)


def rank_view(config: RunConfig):
    """What ``rank`` prints (:class:`graph.store.RankView`): read from the analysis cache of
    the store that is the only input when it holds this question (same store content, code
    and options), else analysed and, for a store, kept there for the next time."""
    from .normalise import iter_owner_names
    from .store import (
        RANK_GRAPH_KEYS,
        RankView,
        analysis_key,
        analysis_store,
        load_rank_view,
        save_rank_view,
    )

    folder = analysis_store(config)
    key = analysis_key(folder, config, "rank") if folder is not None else None
    if key is not None and (hit := load_rank_view(folder, key)) is not None:
        return hit
    # The ranking reads the co-author graph only: the affiliation graph and its metrics
    # (sampled betweenness and closeness on as many links again) are not built.
    analysis = analyse(config, affiliations=False)
    graph = analysis.coauthors.graph
    view = RankView(
        analysis.ranking,
        {k: graph[k] for k in RANK_GRAPH_KEYS if k in graph},
        sampling_note(analysis.choices) or "",
        list(iter_owner_names(analysis.corpus)),
        list(analysis.corpus.meta.get("warnings", [])),
        tuple(analysis.corpus.problems),
    )
    if key is not None:
        save_rank_view(folder, key, view)
    return view


@dataclass
class PathResult:
    """A collaboration path between two authors in the graph view of a config."""

    hops: list[PathHop]
    view: str
    lower_bound: bool

    @property
    def distance(self) -> int:
        """Collaboration distance: the number of hops."""
        return len(self.hops)


def find_path(config: RunConfig, a: str, b: str) -> PathResult:
    """Shortest collaboration path between the authors named ``a`` and ``b`` (names or ids),
    each hop with the titles and years of its joint papers."""
    corpus = load_corpus(config)
    G = coauthors_of(corpus, config)
    hops = collaboration_path(G, a, b, papers=corpus.papers)
    return PathResult(hops, str(G.graph.get("view", "ego")), bool(G.graph.get("lower_bound")))


@dataclass
class RunResult:
    """What :func:`run` did: the analysis, files written and time per stage (seconds)."""

    analysis: Analysis
    files: list[Path] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def window_note(corpus: Corpus, G: nx.Graph) -> str | None:
    """Say so when ``--from-year``/``--to-year`` leave no paper of the inputs in the graph
    (an empty network is the right answer to that question, but never a silent one).

    >>> import pandas as pd, networkx as nx
    >>> c = Corpus(pd.DataFrame({"year": [2019, 2021]}), pd.DataFrame(), pd.DataFrame())
    >>> window_note(c, nx.Graph(papers=0, year_from=3000))
    'the year window 3000– holds none of the 2 papers (dated 2019–2021)'
    """
    lo, hi = G.graph.get("year_from"), G.graph.get("year_to")
    if (lo is None and hi is None) or G.graph.get("papers", 1) or corpus.papers.empty:
        return None
    years = pd.to_numeric(corpus.papers["year"], errors="coerce").dropna()
    inside = years[(years >= (lo if lo is not None else -(10**9))) & (years <= (hi or 10**9))]
    if len(inside):  # papers in the window, left out for another reason (--max-authors)
        return None
    dated = f" (dated {int(years.min())}–{int(years.max())})" if len(years) else ""
    window = f"{'' if lo is None else lo}–{'' if hi is None else hi}"
    n = len(corpus.papers)
    return f"the year window {window} holds none of the {n} paper{'' if n == 1 else 's'}{dated}"


def summary_line(analysis: Analysis) -> str:
    """One-line summary of a run (papers, authors, edges, lower bounds, skipped records)."""
    c, G = analysis.corpus, analysis.coauthors
    claimed = sum(s.get("claimed_papers", 0) or 0 for s in c.meta.get("sources", []))
    papers = f"{len(c.papers)} papers"
    if claimed and claimed > len(c.papers):
        papers += f" (the inputs claim {claimed}; only {len(c.papers)} are listed)"
    parts = [
        papers,
        f"{G.number_of_nodes()} authors",
        f"{G.number_of_edges()} co-author links",
        f"{analysis.partition.count} communities",
    ]
    if c.incomplete_papers:
        parts.append(
            f"{c.incomplete_papers} papers with cut author lists (counts are lower bounds)"
        )
    if note := max_authors_graph_note(c, G):
        parts.append(note)
    if note := window_note(c, G):
        parts.append(note)
    groups = group_counts(c.papers)
    if groups["distinct"]:
        parts.append(
            f"{groups['distinct']} group author{'' if groups['distinct'] == 1 else 's'} kept off "
            "the co-author graph"
        )
    for found in c.meta.get("owners_detected", []):
        parts.append(
            f"owner {found['name']} detected (on {found['papers']} of {found['of']} "
            f"papers of {Path(found['source']).name}; --owner/--no-owner override)"
        )
    ident = c.meta.get("identity") or {}
    if ident.get("mode", "off") != "off":
        parts.append(
            f"names resolved ({ident['mode']}): {ident['merged']} variants merged, "
            f"{ident['split_keys']} names split into {ident['split_keys'] + ident['persons_added']}"
            " persons (identity.csv)"
        )
    skipped = f"{len(c.problems)} records skipped"
    if shares := c.meta.get("mostly_skipped"):
        skipped += (
            " ("
            + ", ".join(f"{100 * m['share']:.0f}% of {Path(m['path']).name}" for m in shares)
            + ")"
        )
    parts.append(skipped)
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
    ``affiliations.html``, ``affiliations.graphml``, the report page ``index.html`` and
    ``manifest.json`` (inputs, parameters, counts and every other file, see
    :func:`graph.export.build_manifest`; ``counts.analysis`` says what was exact or sampled).
    ``progress`` receives one message per file written; ``on_stage`` is told when each of
    :data:`STAGES` starts and ends (with its counts); ``RunResult.timings`` holds the seconds
    per stage.

    The files are one all-or-nothing set (:class:`graph.output_set.OutputSet`): written into a
    staging folder beside ``config.out_dir``, swapped in once all are complete, so a reader
    of ``--out`` sees the previous set or this one, never a mix.  Inputs that give no paper
    are an error before ``--out`` is touched (or created).
    """
    say = progress or (lambda _msg: None)
    timings: dict[str, float] = {}
    _check_out(config.out_dir)
    from .store import manifest_inputs, save_cache

    with _stage("load", timings, on_stage) as n:
        # A store, a cache entry or a slice is the corpus itself: nothing left to normalise.
        corpus = _stored(config)
        results = load_inputs(config) if corpus is None else []
        n["records"] = sum(len(r.records) for r in results) if results else len(corpus.papers)
    with _stage("normalise", timings, on_stage) as n:
        if corpus is None:
            corpus = normalise_inputs(results, config)
            save_cache(config, corpus)
        del results
        if config.slice is None:  # a slice's network was built from resolved names already
            corpus = resolve_identities(corpus, config)
        n.update(papers=len(corpus.papers), authorships=len(corpus.authorships))
    _check_read(corpus, config)
    with _stage("build", timings, on_stage) as n:
        G, A = build_graphs(corpus, config)
        n.update(authors=G.number_of_nodes(), links=G.number_of_edges())
    with _stage("analyse", timings, on_stage) as n:
        analysis = analyse_graphs(corpus, G, A, config)
        n["communities"] = analysis.partition.count
        # Pages and files do not need the engines' converted copies (~1 GB at 10^6 papers).
        forget(G)
        forget(A)
    result = RunResult(analysis, timings=timings)
    staged = OutputSet(config.out_dir, ours=RUN_FILES)
    with staged as out:
        _write_run(result, config, out, on_stage, manifest_inputs)
    # Where the files are now that the set is swapped in.
    result.files = [final_path(f, out, staged.out) for f in result.files]
    for f in result.files:
        say(f"wrote {f}")
    return result


def _check_out(out_dir: Path) -> None:
    """Refuse, before anything is read, an ``--out`` that is a file or lies under one
    (nothing is created here: the folder is made when the files are written)."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise CollabGraphError(
            f"cannot write into {str(out)!r}: it is a file, not a folder. "
            "Hint: choose a folder with --out"
        )
    above = out.parent
    while not above.exists() and above != above.parent:
        above = above.parent
    if above.exists() and not above.is_dir():
        raise CollabGraphError(
            f"cannot create output folder {str(out)!r}: {str(above)!r} is a file. "
            "Hint: choose another folder with --out"
        )


def _check_read(corpus: Corpus, config: RunConfig) -> None:
    """A run that read no paper is an error: writing an empty set over the previous outputs
    would throw them away for nothing."""
    if len(corpus.papers) or corpus.meta.get("slice"):
        return
    skipped = len(corpus.problems)
    raise CollabGraphError(
        f"no paper read from {', '.join(str(p) for p in config.resolved_inputs())}"
        f" ({skipped} record{'' if skipped == 1 else 's'} skipped); nothing written"
        + (
            f", the previous outputs in {str(config.out_dir)!r} are intact"
            if Path(config.out_dir).exists()
            else ""
        )
        + ". Hint: check the input format (--format) and the warnings above"
    )


def _write_run(
    result: RunResult,
    config: RunConfig,
    out: Path,
    on_stage: StageHook | None,
    manifest_inputs: Callable,
) -> None:
    """The render and export stages of :func:`run`: every file into the folder ``out``."""
    analysis, corpus, timings = result.analysis, result.analysis.corpus, result.timings
    with _stage("render", timings, on_stage) as n:
        G = analysis.annotated()
        membership = analysis.partition.membership
        names = community_names(
            G, analysis.metrics, membership, size_by=config.size_by, owner=analysis.owner
        )
        co_payload = network_payload(
            G,
            analysis.metrics,
            membership,
            corpus,
            size_by=config.size_by,
            max_nodes=config.max_nodes,
            seed=config.seed,
            owner=analysis.owner,
            title="Co-authorship network",
            community_labels=names,
        )
        # A community keeps the co-author page's colour on the affiliation and report pages.
        colours = {c["id"]: c["color"] for c in co_payload["communities"]}
        page = render_network_html(co_payload)
        del co_payload
        result.files.append(write_html(out / "coauthors.html", page))
        A = analysis.affiliations
        a_metrics = analysis.affiliation_table(config)
        # Authors keep their co-authorship community colour on the affiliation page.
        a_page = render_network_html(
            network_payload(
                A,
                a_metrics,
                membership,
                corpus,
                size_by="papers",
                max_nodes=config.max_nodes,
                seed=config.seed,
                owner=analysis.owner,
                title="Affiliation network",
                coauthors=G,
                community_labels=names,
                colours=colours,
            )
        )
        result.files.append(write_html(out / "affiliations.html", a_page))
        n["pages"] = 2

    with _stage("export", timings, on_stage) as n:
        written = [
            out / "coauthors.graphml",
            out / "affiliations.graphml",
            out / "coauthors.csv",
            out / "identity.csv",
            out / "index.html",
        ]
        # The report page links every file by name, so it can be made first; making it (and
        # writing coauthors.graphml) before the affiliation graph is annotated lets the
        # annotated co-author graph go first: at 10^6 papers each holds ~1 GB of node data.
        report = report_payload(
            corpus,
            G,
            analysis.ranking,
            membership,
            analysis.metrics,
            owner=analysis.owner,
            community_labels=names,
            modularity=analysis.partition.modularity,
            method=analysis.partition.method,
            size_by=config.size_by,
            top_n=config.top_n,
            files=[*result.files, *written[:4], out / "manifest.json"],
            colours=colours,
        )
        write_graphml(G, written[0])
        del G
        # The affiliation GraphML carries the page's metrics and the authors' communities.
        write_graphml(annotate(analysis.affiliations, a_metrics, membership), written[1])
        write_table_csv(analysis.ranking, written[2], raw=config.raw_csv)
        write_decisions(_decisions(corpus), written[3], raw=config.raw_csv)
        write_html(written[4], render_report_html(report))
        result.files.extend(written)
        # The manifest hashes every other file, so it comes after them all.
        result.files.append(
            write_manifest(
                build_manifest(
                    parameters=config.as_dict(),
                    inputs=manifest_inputs(config),
                    files=result.files,
                    out_dir=out,
                    counts=run_counts(analysis),
                ),
                out / "manifest.json",
            )
        )
        n["files"] = len(result.files)


def _decisions(corpus: Corpus) -> pd.DataFrame:
    """The ``--resolve-names`` decisions of ``corpus`` (an empty table when none ran)."""
    from .identity import DECISION_COLUMNS

    found = corpus.meta.get("identity_decisions")
    return found if found is not None else pd.DataFrame(columns=list(DECISION_COLUMNS))


def run_counts(analysis: Analysis) -> dict:
    """Counts for the run manifest: papers, authors, links, communities, skipped records, and
    under ``analysis`` how they were computed (:attr:`Analysis.choices`: engine, exact or
    sampled betweenness and closeness with the estimated exact cost, the budget, pivots and
    seed; the same for the affiliation graph under ``affiliations``)."""
    c = analysis.corpus
    return {
        "papers": len(c.papers),
        "papers_with_cut_author_lists": c.incomplete_papers,
        "records_read": int(c.meta.get("records_read", len(c.papers))),
        "duplicates_merged": int(c.meta.get("duplicates_merged", 0)),
        "skipped": len(c.problems),
        "authors": analysis.coauthors.number_of_nodes(),
        "coauthor_links": analysis.coauthors.number_of_edges(),
        "communities": analysis.partition.count,
        "affiliation_nodes": analysis.affiliations.number_of_nodes(),
        "affiliation_links": analysis.affiliations.number_of_edges(),
        "analysis": analysis.choices,
        "identity": dict(c.meta.get("identity", {})),
    }


@dataclass
class ExportResult:
    """What :func:`export_network` wrote, from which graph, and what the reader should know."""

    analysis: Analysis
    graph: nx.Graph
    files: list[Path]
    notes: list[str]


def export_network(
    config: RunConfig,
    *,
    to: str,
    path: str | Path,
    graph: str = NETWORKS[0],
    size_by: str | None = None,
    labels: int = PICTURE_LABELS,
) -> ExportResult:
    """Load, analyse and write one graph (one of :data:`~graph.config.NETWORKS`:
    ``coauthors`` or ``affiliations``) in format ``to``.

    The graph carries communities and metrics on its nodes; ``size_by`` defaults to the HTML
    page's choice (``config.size_by`` for co-authors, ``papers`` for affiliations).
    """

    analysis = analyse_corpus(load_corpus(config), config)
    if graph == "coauthors":
        G, size = analysis.annotated(), size_by or config.size_by
        table = analysis.metrics
    elif graph == "affiliations":
        # Authors keep their co-authorship community colour, as on the affiliation page.
        table = analysis.affiliation_table(config)
        G = annotate(analysis.affiliations, table, analysis.partition.membership)
        size = size_by or "papers"
    else:
        raise CollabGraphError(f"unknown graph {graph!r}; choose {' or '.join(NETWORKS)}")
    G.graph.update(seed=config.seed, community_method=config.community_method, size_by=size)
    files = export_graph(
        G,
        path,
        to=to,
        corpus=analysis.corpus,
        size_by=size,
        seed=config.seed,
        labels=labels,
        raw_csv=config.raw_csv,
    )
    notes = [
        n
        for n in (
            graph_note(G),
            max_authors_graph_note(analysis.corpus, G),
            sampling_note(table.attrs.get("analysis")),
        )
        if n
    ]
    return ExportResult(analysis, G, files, notes)


def name_report(
    config: RunConfig, *, min_score: float = NAME_MIN_SCORE
) -> tuple[Corpus, pd.DataFrame]:
    """Load and normalise the inputs, then list likely duplicate authors (``names`` command)."""
    from .names import name_candidates

    corpus = load_corpus(config)
    return corpus, name_candidates(corpus, min_score=min_score, max_authors=config.max_authors)
