"""The option decorators and warning printers every command shares (``run``, ``export``,
``rank``, ``path``, ``info``, ``names`` in :mod:`graph.cli`; ``ingest`` and ``build`` in
:mod:`graph.cli_large`), in a module of their own so command modules import them without
importing each other.

Each decorator turns its options into :class:`~graph.config.RunConfig` fields and hands them
to the command in one ``config`` dict; every default is the library's
(tests/test_cli_defaults.py checks each).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from pathlib import Path

import click

from .config import COMMUNITY_METHODS, ENGINES, RESOLVE_MODES, RunConfig
from .load import READERS
from .load._text import format_size, parse_size

__all__ = [
    "DEFAULT_CONFIG",
    "MAX_WARNINGS",
    "analysis_options",
    "graph_options",
    "input_options",
    "max_authors_option",
    "raw_csv_option",
    "report_problems",
    "report_warnings",
]

MAX_WARNINGS = 20

#: Every option default is the library's: the defaults of RunConfig (and the few library
#: constants imported above); every choice list is a registry's.  tests/test_cli_defaults.py
#: checks each option against them.
DEFAULT_CONFIG = RunConfig()


def _with_config(kwargs: dict, **fields) -> dict:
    """``kwargs`` with ``fields`` added to its ``config`` dict.

    The shared option decorators turn their options into :class:`RunConfig` fields and hand
    them to the command this way; the command makes ``RunConfig(**config, ...)``.
    """
    return {**kwargs, "config": {**kwargs.get("config", {}), **fields}}


def _parse_date(ctx, param, value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD") from None


def _parse_size(ctx, param, value: str | int) -> int:
    if isinstance(value, int):
        return value
    try:
        return parse_size(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def input_options(func: Callable) -> Callable:
    """Options shared by every command that reads inputs (INPUT... and how to read them).

    The command receives them as RunConfig fields in its ``config`` dict (``inputs``, ``fmt``,
    ``owner``, ``add_owner``, ``capture_date``, ``aliases``, ``strict``).  A new input option
    is one ``click.option`` here, one parameter of ``wrapper`` and one field of the dict.
    """

    @click.argument("inputs", nargs=-1, type=click.Path(path_type=Path), metavar="[INPUT]...")
    @click.option(
        "--format",
        "fmt",
        type=click.Choice(sorted(READERS)),
        default=DEFAULT_CONFIG.fmt,
        help="Input format (default: from the file extension).",
    )
    @click.option(
        "--owner",
        default=DEFAULT_CONFIG.owner,
        metavar="NAME",
        help="Name of the profile owner (default: from the page header).",
    )
    @click.option(
        "--no-owner", is_flag=True, help="Do not add the profile owner to the papers at all."
    )
    @click.option(
        "--capture-date",
        default=DEFAULT_CONFIG.capture_date,
        callback=_parse_date,
        metavar="YYYY-MM-DD",
        help="Date the profile page was saved; year-less dates take its year "
        "(default: the latest year on the page + 1).",
    )
    @click.option(
        "--aliases",
        type=click.Path(path_type=Path, dir_okay=False),
        default=DEFAULT_CONFIG.aliases,
        help="CSV with columns variant,canonical merging name variants.",
    )
    @click.option(
        "--strict",
        is_flag=True,
        help="Stop at the first bad record (default: skip it with a warning).",
    )
    @click.option(
        "--max-input-size",
        callback=_parse_size,
        default=format_size(DEFAULT_CONFIG.max_input_size).replace(" ", ""),
        show_default=True,
        metavar="SIZE",
        help="Refuse input files larger than this (e.g. 500MB, 8GiB).",
    )
    @click.option(
        "--resolve-names",
        "resolve_names",
        type=click.Choice(RESOLVE_MODES),
        default=DEFAULT_CONFIG.resolve_names,
        show_default=True,
        help="One person, one node: merge name variants (P. K. Agarwal ~ Pankaj K. Agarwal), "
        "split homonyms (Wei Wang, Wei Wang (2)), or both; decisions in identity.csv.",
    )
    @click.option(
        "--not-same",
        "not_same",
        type=click.Path(path_type=Path, dir_okay=False),
        default=DEFAULT_CONFIG.not_same,
        help="CSV with columns name,other: pairs of names that are different people "
        "(never merged by --resolve-names).",
    )
    @click.option(
        "--cache",
        type=click.Path(path_type=Path, file_okay=False),
        default=None,
        help="Keep the normalised inputs as a corpus store in this folder, keyed by the "
        "inputs' SHA-256 and options: the next command on them skips parsing.",
    )
    @functools.wraps(func)
    def wrapper(
        *args,
        inputs,
        fmt,
        owner,
        no_owner,
        capture_date,
        aliases,
        strict,
        max_input_size,
        resolve_names,
        not_same,
        cache,
        **kwargs,
    ):
        fields = dict(
            inputs=tuple(inputs),
            fmt=fmt,
            owner=owner,
            add_owner=not no_owner,
            capture_date=capture_date,
            aliases=aliases,
            strict=strict,
            max_input_size=max_input_size,
            resolve_names=resolve_names,
            not_same=not_same,
            cache=cache,
        )
        return func(*args, **_with_config(kwargs, **fields))

    return wrapper


def graph_options(func: Callable) -> Callable:
    """Options choosing which co-authorship network is analysed, shared by ``run``, ``export``,
    ``rank`` and ``path``: the view (``--alter``), the link and author filters, the year window
    (checked to be in order before the command runs) and ``--max-authors``.

    The command receives them as RunConfig fields in its ``config`` dict.
    """

    @click.option(
        "--alter", is_flag=True, help="Leave the owner out of the graph (the alter network)."
    )
    @click.option(
        "--min-weight",
        type=click.IntRange(min=1),
        default=DEFAULT_CONFIG.min_weight,
        show_default=True,
        help="Drop links with fewer joint papers.",
    )
    @click.option(
        "--min-papers",
        type=click.IntRange(min=1),
        default=DEFAULT_CONFIG.min_papers,
        show_default=True,
        help="Drop authors with fewer papers.",
    )
    @click.option(
        "--from-year",
        "year_from",
        type=int,
        default=DEFAULT_CONFIG.year_from,
        help="First year to use.",
    )
    @click.option(
        "--to-year", "year_to", type=int, default=DEFAULT_CONFIG.year_to, help="Last year to use."
    )
    @click.option(
        "--max-authors",
        type=click.IntRange(min=0),
        default=DEFAULT_CONFIG.max_authors or 0,
        show_default=True,
        help="Leave papers with more authors out of the co-author graph (0: keep all).",
    )
    @functools.wraps(func)
    def wrapper(*args, alter, min_weight, min_papers, year_from, year_to, max_authors, **kwargs):
        if year_from is not None and year_to is not None and year_from > year_to:
            raise click.BadParameter(
                f"{year_from} is after --to-year {year_to}", param_hint="--from-year"
            )
        fields = dict(
            include_owner=not alter,
            min_weight=min_weight,
            min_papers=min_papers,
            year_from=year_from,
            year_to=year_to,
            max_authors=max_authors or None,
        )
        return func(*args, **_with_config(kwargs, **fields))

    return wrapper


def analysis_options(func: Callable) -> Callable:
    """``--seed``, ``--communities``, ``--engine``, ``--exact-budget`` and ``--exact``, shared
    by ``run``, ``export`` and ``rank``; the command receives them as RunConfig fields in its
    ``config`` dict (an unavailable engine is reported before anything is read)."""

    @click.option(
        "--seed",
        type=int,
        default=DEFAULT_CONFIG.seed,
        show_default=True,
        help="Seed of community detection and layout.",
    )
    @click.option(
        "--communities",
        "community_method",
        type=click.Choice(COMMUNITY_METHODS),
        default=DEFAULT_CONFIG.community_method,
        show_default=True,
        help="Community detection method.",
    )
    @click.option(
        "--engine",
        type=click.Choice(ENGINES),
        default=DEFAULT_CONFIG.engine,
        show_default=True,
        help="Where metrics and communities are computed (igraph: much faster on "
        "large graphs, needs the igraph extra; auto: igraph above 300 nodes "
        "when installed).",
    )
    @click.option(
        "--exact-budget",
        type=click.FloatRange(min=0),
        default=DEFAULT_CONFIG.exact_budget,
        show_default=True,
        metavar="SECONDS",
        help="Betweenness and closeness are exact when their estimated cost on a graph fits "
        "this many seconds, else estimated from sampled sources (the outputs say which).",
    )
    @click.option(
        "--exact",
        is_flag=True,
        help="Compute betweenness and closeness exactly whatever they cost.",
    )
    @functools.wraps(func)
    def wrapper(*args, seed, community_method, engine, exact_budget, exact, **kwargs):
        if engine != "networkx":
            from .engines import check_engine

            check_engine(engine)
        fields = dict(
            seed=seed,
            community_method=community_method,
            engine=engine,
            exact_budget=exact_budget,
            exact=exact,
        )
        return func(*args, **_with_config(kwargs, **fields))

    return wrapper


def report_problems(problems, quiet: bool = False) -> None:
    """Print skipped-record warnings to stderr (the first few, then a count)."""
    if quiet or not problems:
        return
    for p in problems[:MAX_WARNINGS]:
        click.echo(f"warning: {p}", err=True)
    if len(problems) > MAX_WARNINGS:
        click.echo(f"warning: … and {len(problems) - MAX_WARNINGS} more skipped", err=True)


def max_authors_option(func: Callable) -> Callable:
    """``--max-authors`` for commands without the other graph options (``info``, ``names``):
    the same meaning and default as on ``run``; the command receives it as the RunConfig field
    ``max_authors`` in its ``config`` dict."""

    @click.option(
        "--max-authors",
        type=click.IntRange(min=0),
        default=DEFAULT_CONFIG.max_authors or 0,
        show_default=True,
        help="Leave papers with more authors out of the co-author graph (0: keep all).",
    )
    @functools.wraps(func)
    def wrapper(*args, max_authors, **kwargs):
        return func(*args, **_with_config(kwargs, max_authors=max_authors or None))

    return wrapper


def raw_csv_option(func: Callable) -> Callable:
    """``--raw-csv`` for every command that writes CSV (``run``, ``export``, ``rank``,
    ``names``): text cells as read, without the ``'`` that keeps a spreadsheet from running
    ``=``/``+``/``-``/``@`` cells as formulas (:mod:`graph.csv_safe`); the command receives it
    as the RunConfig field ``raw_csv`` in its ``config`` dict (the run manifest records it)."""

    @click.option(
        "--raw-csv",
        "raw_csv",
        is_flag=True,
        default=DEFAULT_CONFIG.raw_csv,
        help="Write CSV text cells as read: no ' in front of cells starting with = + - @ "
        "(which a spreadsheet would run as formulas). For pipelines, not spreadsheets.",
    )
    @functools.wraps(func)
    def wrapper(*args, raw_csv, **kwargs):
        return func(*args, **_with_config(kwargs, raw_csv=raw_csv))

    return wrapper


def report_warnings(corpus, quiet: bool = False) -> None:
    """Print the readers' warnings (things read anyway, such as a reused BibTeX key, or a
    part of a record left out, such as an impossible date): the first few, then a count."""
    warnings = corpus.meta.get("warnings", [])
    if quiet or not warnings:
        return
    for w in warnings[:MAX_WARNINGS]:
        click.echo(f"warning: {w}", err=True)
    if len(warnings) > MAX_WARNINGS:
        click.echo(f"warning: … and {len(warnings) - MAX_WARNINGS} more warnings", err=True)
