"""The ``collabgraph`` command: a thin click layer over :mod:`graph.pipeline`.

Each command maps its options onto a :class:`~graph.config.RunConfig`, makes one library call
and prints the result.  Errors the user can fix are reported in one line (exit code 1); bad
options exit with code 2, as click does.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .cli_options import (
    DEFAULT_CONFIG,
    analysis_options,
    graph_options,
    input_options,
    max_authors_option,
    raw_csv_option,
    report_problems,
    report_warnings,
)
from .cli_slice import slice_options
from .config import NAME_MIN_SCORE, NETWORKS, RunConfig
from .errors import CollabGraphError
from .export import EXPORTERS, PICTURE_LABELS, suffix_formats
from .fetch.cli import fetch_cmd, fetch_for_run, run_source_options
from .metrics import rank_keys, rank_table_columns, sampling_note, size_choices

__all__ = ["analysis_options", "cli", "graph_options", "input_options", "main"]


class _Group(click.Group):
    """Turns :class:`CollabGraphError` into a one-line ``Error: …`` and exit code 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except CollabGraphError as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:  # a system error no stage turned into a message: still one line
            where = f"{exc.filename}: " if exc.filename else ""
            raise click.ClickException(f"{where}{exc.strerror or exc}") from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="collabgraph")
def cli() -> None:
    """collabgraph: who works with whom, from a publication list.

    Reads publication lists (a researcher profile page saved as text by default), builds the
    co-authorship and affiliation networks, ranks co-authors and writes interactive HTML
    networks (offline) and GraphML for Gephi, Cytoscape and igraph.

    \b
    Example:
      collabgraph run                       # the embedded default profile -> output/
      collabgraph run my_profile.txt --out results/
    """


@cli.command()
@input_options
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=DEFAULT_CONFIG.out_dir,
    show_default=True,
    help="Folder for the generated files.",
)
@graph_options
@analysis_options
@click.option(
    "--size-by",
    type=click.Choice(size_choices()),
    default=DEFAULT_CONFIG.size_by,
    show_default=True,
    help="Node metric that sets node size in the pages.",
)
@click.option(
    "--max-nodes",
    type=click.IntRange(min=1),
    default=DEFAULT_CONFIG.max_nodes,
    show_default=True,
    help="The pages show at most this many nodes (top by --size-by).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@raw_csv_option
@run_source_options
@slice_options
def run(config, out_dir, size_by, max_nodes, quiet, openalex) -> None:
    """Run the whole pipeline and write the outputs.

    With no INPUT, reads the embedded default profile (data/shouhong_ding_profile.txt).
    Writes coauthors.html, affiliations.html (interactive, offline), coauthors.graphml,
    affiliations.graphml and coauthors.csv (co-authors ranked by joint papers) into --out.
    On a run longer than a couple of seconds, progress per stage goes to stderr.

    \b
    Example:
      collabgraph run --out output/
      collabgraph run profile_a.txt profile_b.txt --alter --min-weight 2
      collabgraph run big_corpus.txt --no-owner --engine igraph
      collabgraph run --orcid 0000-0002-1825-0097      # fetched from OpenAlex first
    """
    from .pipeline import run as run_pipeline
    from .pipeline import summary_line

    if openalex:  # fetch stage: the author's works become an input, the author the owner
        fetched, who = fetch_for_run(openalex, out_dir, quiet=quiet)
        owner = config["owner"] or (None if not config["add_owner"] else who.display_name)
        config = {**config, "inputs": (*config["inputs"], fetched), "owner": owner}

    cfg = RunConfig(**config, out_dir=out_dir, size_by=size_by, max_nodes=max_nodes, quiet=quiet)
    with StageProgress(disable=quiet) as bar:
        result = run_pipeline(cfg, progress=None if quiet else click.echo, on_stage=bar)
    report_problems(list(result.analysis.corpus.problems), quiet)
    report_warnings(result.analysis.corpus, quiet)
    if not quiet:
        click.echo(summary_line(result.analysis))
        sampled = sampling_note(result.analysis.choices)
        if sampled:
            click.echo(f"note: {sampled}")
        click.echo(
            "time per stage: " + ", ".join(f"{k} {v:.2f} s" for k, v in result.timings.items())
        )


class StageProgress:
    """Progress of the pipeline stages on stderr (a ``tqdm`` bar over the six stages).

    tqdm, not rich: one small pure-Python dependency, writes to stderr, and its ``delay``
    keeps runs shorter than ``delay`` seconds silent (the default profile runs in under a
    second).  The bar names the running stage; the counts of each finished stage (records,
    papers, authors, links ...) are its postfix.  Use it as the ``on_stage`` hook of
    :func:`graph.pipeline.run`.
    """

    def __init__(self, *, disable: bool = False, delay: float = 2.0) -> None:
        from tqdm import tqdm

        from .pipeline import STAGES

        self._bar = tqdm(
            total=len(STAGES),
            desc="collabgraph",
            unit="stage",
            delay=delay,
            disable=disable,
            file=sys.stderr,
            dynamic_ncols=True,
            leave=True,
            bar_format="{desc} {n_fmt}/{total_fmt} [{elapsed}]{postfix}",
        )
        self._counts: dict = {}

    def __call__(self, event: str, stage: str, info: dict) -> None:
        if event == "start":
            self._bar.set_description_str(stage, refresh=False)
            self._bar.update(0)  # shows the bar only once ``delay`` has passed
            return
        for key, value in info.items():
            if key != "seconds":
                self._counts[key] = f"{value:,}" if isinstance(value, int) else value
        self._bar.set_postfix(self._counts, refresh=False)
        self._bar.update(1)

    def __enter__(self) -> StageProgress:
        return self

    def __exit__(self, *exc) -> None:
        self._bar.close()


@cli.command("export")
@input_options
@click.option(
    "--to",
    "to",
    type=click.Choice(list(EXPORTERS)),
    default=None,
    help=f"Output format (default: from the -o suffix: {', '.join(suffix_formats())}).",
)
@click.option(
    "-o",
    "--output",
    "path",
    type=click.Path(path_type=Path),
    required=True,
    help="File to write; for csv and json a folder that gets nodes, edges and papers tables.",
)
@click.option(
    "--graph",
    "which",
    type=click.Choice(NETWORKS),
    default=NETWORKS[0],
    show_default=True,
    help="Which network to export.",
)
@graph_options
@analysis_options
@click.option(
    "--size-by",
    type=click.Choice(size_choices()),
    default=None,
    help="Node metric that sets node size (default: as the HTML page, pagerank for "
    "co-authors, papers for affiliations).",
)
@click.option(
    "--labels",
    type=click.IntRange(min=0),
    default=PICTURE_LABELS,
    show_default=True,
    help="png/svg: name this many of the largest nodes.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@raw_csv_option
def export_cmd(config, to, path, which, size_by, labels, quiet) -> None:
    """Export one network as GraphML, GEXF, CSV/JSON tables or a PNG/SVG picture.

    GraphML (typed attributes) opens in Gephi, Cytoscape, igraph and R; GEXF opens in Gephi
    coloured by community, sized by --size-by, laid out as the HTML page and with years for
    Gephi's timeline; csv/json write nodes, edges and papers tables into the folder -o; png/svg
    draw the network (needs the optional extra: pip install 'collabgraph[plot]').

    \b
    Example:
      collabgraph export --to gexf -o coauthors.gexf
      collabgraph export profile.txt --graph affiliations -o affiliations.graphml
      collabgraph export --to csv -o tables/ --alter
    """
    if to is None:
        to = suffix_formats().get(path.suffix.lower())
        if to is None:
            raise click.BadParameter(
                f"cannot tell the format from {str(path)!r}; add --to", param_hint="--to"
            )
    from .pipeline import export_network

    cfg = RunConfig(**config, quiet=quiet, **({"size_by": size_by} if size_by else {}))
    result = export_network(cfg, to=to, path=path, graph=which, size_by=size_by, labels=labels)
    report_problems(list(result.analysis.corpus.problems), quiet)
    report_warnings(result.analysis.corpus, quiet)
    if quiet:
        return
    for f in result.files:
        click.echo(f"wrote {f}")
    G = result.graph
    click.echo(f"{which}: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges")
    for note in result.notes:
        click.echo(f"note: {note}")


# --- rank and path (issue 4) -------------------------------------------------------------
_RANK_FORMATS = ("table", "csv", "json")
# Leading columns of the terminal table: (column, header, format, always shown); the metric
# columns follow (graph.metrics.rank_table_columns).  CSV and JSON carry every column.
_RANK_LEAD = (
    ("rank", "rank", "{:d}", True),
    ("name", "name", "{}", True),
    ("joint_papers", "joint", "{:d}", True),
    ("first_joint_year", "first", "{}", True),
    ("last_joint_year", "last", "{}", True),
    ("community", "comm", "{:d}", True),
)


def _lower_bound_note(analysis) -> str:
    cut = int(analysis.coauthors.graph.get("incomplete_papers", 0))
    used = int(analysis.coauthors.graph.get("papers", 0))
    return (
        f'note: {cut} of {used} papers have cut author lists ("et al."): joint-paper '
        "counts are lower bounds"
    )


def _rank_table_text(df, by: str) -> str:
    """Fixed-decimal text table: names left-aligned, numbers right-aligned."""
    import pandas as pd

    key = rank_keys()[by]
    shown = [
        c
        for c in (*_RANK_LEAD, *rank_table_columns())
        if c[0] in df.columns and (c[3] or c[0] == key)
    ]
    columns = []
    for col, head, spec, _always in shown:
        cells = ["-" if pd.isna(v) else spec.format(v) for v in df[col]]
        width = max(len(head), *(len(c) for c in cells))
        pad = str.ljust if col == "name" else str.rjust
        columns.append([pad(head, width)] + [pad(c, width) for c in cells])
    return "\n".join("  ".join(row).rstrip() for row in zip(*columns, strict=True))


@cli.command()
@input_options
@click.option(
    "--by",
    type=click.Choice(sorted(rank_keys())),
    default=DEFAULT_CONFIG.rank_by,
    show_default=True,
    help="Sort key: joint papers, the most recent joint year, or a metric "
    "(constraint sorts ascending: brokers first).",
)
@click.option(
    "--top",
    type=click.IntRange(min=0),
    default=DEFAULT_CONFIG.top_n,
    show_default=True,
    help="Show the first N co-authors (0: all).",
)
@click.option(
    "--to",
    "--output-format",
    "out_format",
    type=click.Choice(_RANK_FORMATS),
    default="table",
    show_default=True,
    help="Output: a terminal table, CSV or JSON (every column). --format is the input format.",
)
@graph_options
@analysis_options
@raw_csv_option
def rank(config, by, top, out_format) -> None:
    """Rank the owner's co-authors by joint papers or a network metric.

    Each row: joint papers, first and last joint year, community and the metrics (degree,
    strength, PageRank, betweenness and closeness on 1/joint papers, eigenvector, clustering,
    k-core; Burt's constraint and effective size, computed on the alter network).  When
    author lists were cut ("et al.") the counts are lower bounds and a note says so.

    \b
    Example:
      collabgraph rank --top 10
      collabgraph rank --by constraint --alter --to csv > brokers.csv
    """
    from .pipeline import rank_view

    # from a store alone: its analysis cache answers a question asked before
    analysis = rank_view(RunConfig(**config, top_n=top, rank_by=by))
    report_problems(list(analysis.corpus.problems))
    report_warnings(analysis.corpus)
    df = analysis.ranking if top == 0 else analysis.ranking.head(top)
    lower = bool(analysis.coauthors.graph.get("lower_bound"))
    sampled = analysis.sampled
    names = analysis.owner_names
    if out_format == "csv":
        from .csv_safe import safe_frame

        table = df if config.get("raw_csv") else safe_frame(df)
        click.echo(table.to_csv(index=False, lineterminator="\n"), nl=False)
        if lower:
            click.echo(_lower_bound_note(analysis), err=True)
        if sampled:
            click.echo(f"note: {sampled}", err=True)
        return
    if out_format == "json":
        import json

        payload = {
            "owner": names[0] if names else None,
            "view": analysis.coauthors.graph.get("view"),
            "by": by,
            "coauthors_total": len(analysis.ranking),
            "lower_bound": lower,
            "note": _lower_bound_note(analysis).removeprefix("note: ") if lower else "",
            "sampled_note": sampled or "",
            "coauthors": json.loads(df.to_json(orient="records")),
        }
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    whose = f"Co-authors of {names[0]}" if names else "Authors"
    view = analysis.coauthors.graph.get("view", "ego")
    click.echo(
        f"{whose}, ranked by {by} ({view} network; {len(df)} of {len(analysis.ranking)} shown):"
    )
    if df.empty:
        window = (config.get("year_from"), config.get("year_to"))
        hint = "" if window == (None, None) else " (check --from-year/--to-year)"
        click.echo(f"(none){hint}")
    else:
        click.echo(_rank_table_text(df, by))
    if lower:
        click.echo(_lower_bound_note(analysis))
    if sampled:
        click.echo(f"note: {sampled}")


@cli.command()
@input_options
@click.argument("source", metavar="A")
@click.argument("target", metavar="B")
@graph_options
def path(config, source, target) -> None:
    """Shortest collaboration path from author A to author B.

    Fewest co-authorship hops (the collaboration distance); among equally short paths the one
    with most joint papers.  Each hop lists the papers that make it.  Names are matched
    ignoring case, accents, hyphens and word order; an unknown name gets suggestions.

    \b
    Example:
      collabgraph path "Qianyu Zhou" "Yuxi Mi"
      collabgraph path my_profile.txt "Ada Lovelace" "Alan Turing" --alter
    """
    from .pipeline import find_path

    result = find_path(RunConfig(**config), source, target)
    if not result.hops:
        click.echo(f"{source} and {target} are the same author: distance 0")
        return
    chain = " -> ".join([result.hops[0].source_label] + [h.target_label for h in result.hops])
    click.echo(f"{chain}")
    click.echo(f"collaboration distance {result.distance} ({result.view} network)")
    for i, h in enumerate(result.hops, 1):
        n = len(h.papers)
        click.echo(
            f"{i}. {h.source_label} - {h.target_label}: {n} joint paper{'' if n == 1 else 's'}"
        )
        for _pid, title, year in h.details:
            click.echo(f"     {year if year is not None else '----'}  {title}")
    if result.lower_bound:
        click.echo('note: some author lists were cut ("et al."): a shorter path may exist')


@cli.command()
@input_options
@max_authors_option
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def info(config, as_json) -> None:
    """Describe the inputs without building anything.

    Prints the owner, papers read vs the count the page claims, distinct authors (listed
    co-authors plus the owner), papers with cut author lists, affiliation tags and their
    counts, the year range, dates whose year was inferred, skipped entries and per-file
    details (header statistics, capture year and how it was found).  Also: duplicates merged
    per rule, Newman's author counts by surname + initials, papers --max-authors leaves out
    of the co-author graph and group authors kept off it.  Skipped entries are also listed
    as warnings on stderr.

    \b
    Example:
      collabgraph info
      collabgraph info my_profile.txt --capture-date 2026-06-01 --json
    """
    import json

    from .info import corpus_info, format_info
    from .pipeline import load_corpus

    cfg = RunConfig(**config)
    corpus = load_corpus(cfg)
    report_problems(list(corpus.problems))
    report_warnings(corpus)
    report = corpus_info(corpus, max_authors=cfg.max_authors)
    click.echo(json.dumps(report, indent=2, ensure_ascii=False) if as_json else format_info(report))


@cli.command()
@input_options
@click.option(
    "--min-score",
    type=click.FloatRange(0, 100),
    default=NAME_MIN_SCORE,
    show_default=True,
    help="Similarity (0-100) two names need to be listed as a typo pair.",
)
@click.option(
    "--all",
    "show_all",
    is_flag=True,
    help="Also list pairs without shared evidence (not written to --write-aliases).",
)
@click.option(
    "--write-aliases",
    "aliases_out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write the suggested pairs as an alias CSV (variant,canonical) "
    "to review and pass to --aliases.",
)
@max_authors_option
@raw_csv_option
def names(config, min_score, show_all, aliases_out) -> None:
    """List authors that are probably one person under two spellings.

    Finds pairs the name key did not merge: initials vs full given names ("P. K. Agarwal" /
    "Pankaj K. Agarwal"), given and family names swapped, and typos, with a similarity score
    and the evidence: shared co-authors, overlapping years, and papers listing both (evidence
    against).  Only pairs with shared co-authors and no paper listing both are suggested;
    nothing is merged until you pass the reviewed alias file with --aliases.

    \b
    Example:
      collabgraph names scholar.bib openalex.json --write-aliases aliases.csv
      collabgraph run scholar.bib openalex.json --aliases aliases.csv
    """
    from .names import write_aliases
    from .pipeline import name_report

    cfg = RunConfig(**config)
    corpus, cands = name_report(cfg, min_score=min_score)
    report_problems(list(corpus.problems))
    report_warnings(corpus)
    shown = cands if show_all else cands[cands["suggested"].to_numpy(dtype=bool)]
    for r in shown.itertuples(index=False):
        mark = "suggested" if r.suggested else "no evidence" if not r.co_listed else "on one paper"
        shared = f" ({r.shared_names})" if r.shared_names else ""
        click.echo(
            f"{r.score:5.1f}  {r.kind:<10}  {r.variant} -> {r.canonical}  [{mark}: "
            f"{r.shared_coauthors} shared co-authors{shared}, {r.overlap_years} "
            f"overlapping years, {r.co_listed} papers listing both]"
        )
    n_sugg = int(cands["suggested"].sum())
    click.echo(
        f"{len(cands)} candidate pairs, {n_sugg} suggested (shared co-authors, never on one paper)"
    )
    _echo_identity(corpus, cfg.resolve_names)
    if aliases_out is not None:
        click.echo(f"wrote {write_aliases(cands, aliases_out, raw=cfg.raw_csv)}")


cli.add_command(fetch_cmd)


def _echo_identity(corpus, mode: str) -> None:
    """The ``--resolve-names`` decisions a run with these options makes (identity.csv)."""
    decisions = corpus.meta.get("identity_decisions")
    if mode == "off" or decisions is None:
        click.echo("--resolve-names off: no name merged or split automatically")
        return
    click.echo(f"--resolve-names {mode}: {len(decisions)} decisions (as in a run's identity.csv)")
    for r in decisions.itertuples(index=False):
        evidence = f"{r.n_coauthors} {'shared ' if r.kind == 'merge' else ''}co-authors"
        if r.coauthors:
            evidence += f" ({r.coauthors})"
        for label, value in (
            ("years", r.years),
            ("institutions", r.institutions),
            ("venues", r.venues),
            ("ids", r.external_ids),
        ):
            if value:
                evidence += f", {label} {value}"
        if r.kind == "merge":
            via = f" via {r.matched_name}" if r.matched_name != r.new_name else ""
            click.echo(
                f"merge  {r.name} -> {r.new_name}{via}  [{r.rule}; score {r.score:g}; {evidence}]"
            )
        else:
            click.echo(
                f"split  {r.name} -> {r.new_name} ({r.new_id}): {r.papers} papers  "
                f"[{r.rule}; closest {r.score:g}; {evidence}]"
            )


from .cli_large import register as _register_large  # noqa: E402

_register_large(cli)  # ingest, build (issue 18)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``collabgraph`` script."""
    cli.main(args=argv, prog_name="collabgraph")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
