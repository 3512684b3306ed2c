"""Commands for large corpora: ``ingest`` (a corpus store) and ``build`` (the co-authorship
network as Parquet tables, on pandas or Spark); ``run``'s slice options are in
:mod:`graph.cli_slice`.

Registered on the ``collabgraph`` group by :mod:`graph.cli` (one line: ``register(cli)``); the
options they share with the other commands come from there.
"""

from __future__ import annotations

from pathlib import Path

import click

__all__ = ["register"]


def register(group: click.Group) -> None:
    """Add ``ingest`` and ``build`` to ``group`` (called at the end of :mod:`graph.cli`, whose
    shared options they use: importing them at the top of this module would be circular)."""
    for command in _commands():
        group.add_command(command)


def _commands() -> list[click.Command]:
    from .cli_options import graph_options, input_options, report_problems, report_warnings
    from .config import RunConfig

    @click.command("ingest")
    @input_options
    @click.option(
        "-o",
        "--output",
        "out",
        type=click.Path(path_type=Path, file_okay=False),
        required=True,
        help="Folder for the store (created; an existing store there is replaced).",
    )
    @click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
    def ingest_cmd(config, out, quiet) -> None:
        """Read and normalise the inputs once; write them as a corpus store (Parquet).

        Every command then takes the folder as an input, alone or with other files, and skips
        reading and normalising: `collabgraph rank corpus/`.  The store records the inputs'
        SHA-256, the options used and the skipped records.

        \b
        Example:
          collabgraph ingest scholar.bib wos.txt -o corpus/
          collabgraph rank corpus/ --top 10
          collabgraph run corpus/ new_papers.ris --out results/
        """
        from .pipeline import read_corpus
        from .store import normalise_options, split_inputs, write_store

        cfg = RunConfig(**config)
        # the normalised corpus, before --resolve-names: every command resolves names itself
        corpus = read_corpus(cfg)
        report_problems(list(corpus.problems), quiet)
        report_warnings(corpus, quiet)
        stores, files = split_inputs(cfg.resolved_inputs())
        from .store import MANIFEST

        folder = write_store(
            corpus,
            out,
            inputs=[*files, *(s / MANIFEST for s in stores)],
            options=normalise_options(cfg),
        )
        if not quiet:
            click.echo(
                f"wrote {folder}: {len(corpus.papers)} papers, {len(corpus.authorships)} "
                f"authorships, {len(corpus.affiliations)} affiliation rows, "
                f"{len(corpus.problems)} records skipped"
            )

    @click.command("build")
    @input_options
    @click.option(
        "-o",
        "--output",
        "out",
        type=click.Path(path_type=Path, file_okay=False),
        required=True,
        help="Network folder: nodes.parquet, links.parquet, network.json and the corpus tables.",
    )
    @graph_options
    @click.option(
        "--spark",
        "spark",
        is_flag=False,
        flag_value="local[*]",
        default=None,
        metavar="[MASTER_URL]",
        help="Build on Apache Spark (pip install 'collabgraph[spark]'); without a URL local[*].",
    )
    @click.option(
        "--partitions",
        type=click.IntRange(min=1),
        default=None,
        help="Spark shuffle partitions (default: Spark's, 200; a few per core locally).",
    )
    @click.option(
        "--memory",
        default=None,
        metavar="SIZE",
        help="Spark driver memory, e.g. 4g (in local mode the executors run inside the driver).",
    )
    @click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
    def build_cmd(config, out, spark, partitions, memory, quiet) -> None:
        """Build the co-authorship network of a corpus as Parquet tables.

        SOURCE is a corpus store, input files, or (with --spark) OpenAlex works JSONL(.gz) files
        or snapshot folders (works/updated_date=.../part_*.gz), read by Spark directly.  Writes
        nodes.parquet (author id, label, papers, first/last year, institutions) and
        links.parquet (source < target, joint papers `weight`, `fractional`, first/last year),
        with the definitions of the graph `run` draws, and the corpus tables beside them, so
        `collabgraph run NETWORK_DIR --ego NAME` can bring a slice back to one machine.

        Names are not resolved by default here (--resolve-names off, unlike the other
        commands), so the pandas and the Spark build of one corpus give the same network.
        --resolve-names merge/split runs on one machine (it compares every pair of name
        variants in memory) and is refused with --spark.

        \b
        Example:
          collabgraph build corpus/ -o network/ --max-authors 50
          collabgraph build openalex/works/ -o network/ --spark spark://head:7077 --no-owner
          collabgraph run network/ --ego "Ada Lovelace" --hops 2 --out ada/
        """
        import time

        cfg = RunConfig(**config)
        t = time.perf_counter()
        if spark and cfg.resolve_names != "off":
            raise click.UsageError(_SPARK_NAMES.format(mode=cfg.resolve_names))
        if spark:
            from .spark_build import build_with_spark

            result = build_with_spark(cfg, out, master=spark, partitions=partitions, memory=memory)
        else:
            from .network_tables import network_tables, write_network
            from .pipeline import load_corpus
            from .store import manifest_inputs, normalise_options, write_store

            corpus = load_corpus(cfg)  # with --resolve-names: the network run would draw
            report_problems(list(corpus.problems), quiet)
            report_warnings(corpus, quiet)
            write_store(corpus, out, inputs=manifest_inputs(cfg), options=normalise_options(cfg))
            tables = network_tables(
                corpus,
                include_owner=cfg.include_owner,
                min_weight=cfg.min_weight,
                min_papers=cfg.min_papers,
                year_from=cfg.year_from,
                year_to=cfg.year_to,
                max_authors=cfg.max_authors,
            )
            write_network(tables, out, info={"engine": "pandas"})
            result = {"nodes": len(tables.nodes), "links": len(tables.links), "engine": "pandas"}
        if not quiet:
            click.echo(
                f"wrote {out}: {result['nodes']} authors, {result['links']} co-author links "
                f"({result['engine']}, {time.perf_counter() - t:.1f} s)"
            )

    # build resolves no names unless asked: the Spark build cannot, and both engines must
    # give the same network from the same inputs.
    from .config import BUILD_RESOLVE_NAMES

    for param in build_cmd.params:
        if param.name == "resolve_names":
            param.default = BUILD_RESOLVE_NAMES
    return [ingest_cmd, build_cmd]


_SPARK_NAMES = (
    "--resolve-names {mode} runs on one machine and cannot run on Spark: build without "
    "--spark, or use --resolve-names off (the default of build)"
)
