"""The ``collabgraph fetch`` commands and the OpenAlex options of ``collabgraph run``.

``fetch openalex`` maps its options onto :class:`~graph.fetch.client.ClientSettings` and a
works filter, makes the library calls of :mod:`graph.fetch.openalex` and prints one summary
line.  :func:`run_source_options` gives ``run`` the ``--orcid``/``--author`` options and
:func:`fetch_for_run` fetches before the pipeline runs.  requests is imported only when a
command actually fetches.
"""

from __future__ import annotations

import functools
import shlex
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import click

from .client import DEFAULT_API_URL, ClientSettings
from .openalex import AuthorInfo

__all__ = ["fetch_cmd", "fetch_for_run", "run_source_options"]


def _settings(
    api_url: str,
    mailto: str | None,
    api_key: str | None,
    *,
    timeout: float = 30.0,
    retries: int = 5,
    backoff: float = 1.0,
    max_wait: float = 120.0,
    cache_dir: Path | None = None,
    no_cache: bool = False,
    cache_expiry: float = 1.0,
) -> ClientSettings:
    return ClientSettings(
        api_url=api_url,
        mailto=mailto or None,
        api_key=api_key or None,
        timeout=timeout,
        retries=retries,
        backoff=backoff,
        max_wait=max_wait,
        use_cache=not no_cache,
        cache_dir=cache_dir,
        cache_expiry=timedelta(days=cache_expiry),
    )


def _api_options(func: Callable) -> Callable:
    """Where the API is and who is asking: shared by ``fetch openalex`` and ``run``."""

    @click.option(
        "--api-url",
        default=DEFAULT_API_URL,
        show_default=True,
        metavar="URL",
        help="Base URL of the OpenAlex API (a mirror, or a local server in tests).",
    )
    @click.option(
        "--mailto",
        envvar="OPENALEX_MAILTO",
        show_envvar=True,
        metavar="EMAIL",
        help="Your e-mail address, sent to OpenAlex as it asks (its polite pool).",
    )
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def _candidates_table(authors, count: int, name: str) -> str:
    rows = [("id", "name", "works", "ORCID", "last known institution")]
    for a in authors:
        works = "-" if a.works_count is None else str(a.works_count)
        rows.append((a.id, a.display_name, works, a.orcid or "-", a.institution or "-"))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    lines = [
        f"{count} OpenAlex author{'s' if count != 1 else ''} match {name!r}"
        + (f" (the {len(authors)} most relevant shown)" if count > len(authors) else "")
        + ":"
    ]
    for r in rows:
        cells = [r[0].ljust(widths[0]), r[1].ljust(widths[1]), r[2].rjust(widths[2])]
        cells += [r[3].ljust(widths[3]), r[4]]
        lines.append("  " + "  ".join(cells).rstrip())
    return "\n".join(lines)


@click.group("fetch")
def fetch_cmd() -> None:
    """Fetch a publication list from a bibliographic API into a file `run` reads.

    \b
    Example:
      collabgraph fetch openalex --orcid 0000-0002-1825-0097 -o works.jsonl
      collabgraph run works.jsonl
    """


@fetch_cmd.command("openalex")
@click.option("--orcid", metavar="ORCID", help="The author's ORCID iD (bare or as a URL).")
@click.option(
    "--author",
    "author_id",
    metavar="ID",
    help="An OpenAlex author id (A5023888391) or its URL.",
)
@click.option(
    "--name",
    metavar="NAME",
    help="List the OpenAlex authors matching NAME (institution, works, ORCID) to pick one "
    "with --author; nothing is fetched.",
)
@click.option(
    "--institution",
    metavar="ID",
    help="Works with an author at this institution: a ROR id or an OpenAlex id (I…).",
)
@click.option(
    "--filter",
    "raw_filter",
    metavar="FILTER",
    help="A raw OpenAlex works filter, e.g. 'type:article,language:en' (combined with AND).",
)
@click.option("--from-year", "year_from", type=int, help="First publication year.")
@click.option("--to-year", "year_to", type=int, help="Last publication year.")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The JSON Lines file to write (a state file is kept beside it).",
)
@click.option(
    "--resume",
    is_flag=True,
    help="Continue an interrupted fetch into --output (works already there are skipped).",
)
@_api_options
@click.option(
    "--api-key",
    envvar="OPENALEX_API_KEY",
    show_envvar=True,
    metavar="KEY",
    help="OpenAlex API key (free at openalex.org/settings/api); better set in the "
    "environment than typed on the command line.",
)
@click.option(
    "--per-page",
    type=click.IntRange(1, 200),
    default=200,
    show_default=True,
    help="Works per request.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=30.0,
    show_default=True,
    help="Seconds to wait for each answer.",
)
@click.option(
    "--retries",
    type=click.IntRange(min=0),
    default=5,
    show_default=True,
    help="Retries after a rate limit (429), a server error (5xx) or a failed connection.",
)
@click.option(
    "--backoff",
    type=click.FloatRange(min=0),
    default=1.0,
    show_default=True,
    help="Seconds before the first retry, doubling each time (unless the server says how "
    "long in Retry-After).",
)
@click.option(
    "--max-wait",
    type=click.FloatRange(min=0),
    default=120.0,
    show_default=True,
    help="The longest Retry-After to wait for; a longer one stops the fetch at once.",
)
@click.option(
    "--cache-dir",
    type=click.Path(path_type=Path, file_okay=False),
    envvar="COLLABGRAPH_CACHE_DIR",
    show_envvar=True,
    help="Folder of the response cache (default: the user cache folder, "
    "e.g. ~/.cache/collabgraph).",
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the response cache.")
@click.option(
    "--cache-expiry",
    type=click.FloatRange(min=0),
    default=1.0,
    show_default=True,
    metavar="DAYS",
    help="How long a cached response is used.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar; print only errors.")
def openalex_cmd(
    orcid,
    author_id,
    name,
    institution,
    raw_filter,
    year_from,
    year_to,
    output,
    resume,
    api_url,
    mailto,
    api_key,
    per_page,
    timeout,
    retries,
    backoff,
    max_wait,
    cache_dir,
    no_cache,
    cache_expiry,
    quiet,
) -> None:
    """Fetch works from OpenAlex into JSON Lines (`collabgraph run FILE` reads them).

    Choose the works by --orcid, --author or --institution, and narrow them with --filter
    and --from-year/--to-year.  --name only lists matching authors, so that you pick the
    right person by id: names are shared, and OpenAlex sometimes splits one person into
    several profiles, so collabgraph never picks one for you, not even a single match.

    Pages of 200 works are appended to the file as they arrive; after an interruption,
    --resume continues where it stopped.  Answers are cached (--cache-expiry days), so
    fetching the same thing again sends no request.  OpenAlex asks for an API key
    (OPENALEX_API_KEY) and an e-mail address (--mailto or OPENALEX_MAILTO).

    \b
    Example:
      collabgraph fetch openalex --name "Shouhong Ding"
      collabgraph fetch openalex --author A5023888391 -o works.jsonl
      collabgraph fetch openalex --orcid https://orcid.org/0000-0002-1825-0097 \\
          --from-year 2018 -o works.jsonl
      collabgraph fetch openalex --institution 03v4gjf40 --filter type:book -o tu.jsonl
    """
    from .client import ApiClient
    from .openalex import (
        describe_result,
        fetch_works,
        resolve_author,
        search_authors,
        works_filter,
    )

    if orcid and author_id:
        raise click.BadParameter("give --orcid or --author, not both", param_hint="--author")
    if name and (orcid or author_id or institution or raw_filter or resume):
        raise click.BadParameter(
            "--name only lists authors; use it alone, then fetch with --author ID",
            param_hint="--name",
        )
    if year_from is not None and year_to is not None and year_from > year_to:
        raise click.BadParameter(
            f"{year_from} is after --to-year {year_to}", param_hint="--from-year"
        )
    if not name and not (orcid or author_id or institution or raw_filter):
        raise click.UsageError(
            "say what to fetch: --orcid, --author, --institution or --filter "
            "(or --name to look an author up)"
        )
    if not name and output is None:
        raise click.UsageError("missing -o/--output FILE (the JSON Lines file to write)")
    settings = _settings(
        api_url,
        mailto,
        api_key,
        timeout=timeout,
        retries=retries,
        backoff=backoff,
        max_wait=max_wait,
        cache_dir=cache_dir,
        no_cache=no_cache,
        cache_expiry=cache_expiry,
    )
    say = (lambda text: None) if quiet else (lambda text: click.echo(text, err=True))
    with ApiClient(settings) as client:
        if name:
            authors, count = search_authors(client, name)
            if not authors:
                raise click.ClickException(
                    f"no OpenAlex author matches {name!r}. Hint: try another spelling, or "
                    "the ORCID iD (--orcid)"
                )
            click.echo(_candidates_table(authors, count, name))
            click.echo(
                "Pick one by id (collabgraph never guesses who you mean), e.g.:\n"
                f"  collabgraph fetch openalex --author {authors[0].id} -o works.jsonl"
            )
            if output is not None:
                raise click.ClickException(
                    f"nothing was written to {output}: --name only lists candidates; "
                    "rerun with --author ID"
                )
            return
        label = None
        who = None
        if orcid or author_id:
            who = resolve_author(client, orcid=orcid, author=author_id)
            works = f", {who.works_count} works in OpenAlex" if who.works_count is not None else ""
            say(f"author: {who.describe()}{works}")
            label = who.describe()
        filt = works_filter(
            author=who.id if author_id and who else None,
            orcid=orcid,
            institution=institution,
            raw=raw_filter,
            year_from=year_from,
            year_to=year_to,
        )
        result = fetch_works(
            client,
            filt,
            output,
            resume=resume,
            per_page=per_page,
            progress=False if quiet else None,
            note=say,
            label=label,
        )
    if not quiet:
        click.echo(describe_result(result))
        owner = f" --owner {shlex.quote(who.display_name)}" if who else ""
        click.echo(f"next: collabgraph run {shlex.quote(str(output))}{owner}")


def run_source_options(func: Callable) -> Callable:
    """``--orcid``, ``--author``, ``--api-url`` and ``--mailto`` for ``run``; the command
    receives them as one ``openalex`` dict, or ``None`` when neither id is given."""

    @click.option(
        "--orcid",
        metavar="ORCID",
        help="Fetch this author's works from OpenAlex first (into the --out folder) and use "
        "them as an input, with the author as owner.",
    )
    @click.option(
        "--author",
        "author_id",
        metavar="ID",
        help="Like --orcid, with an OpenAlex author id (find it with "
        "`collabgraph fetch openalex --name`).",
    )
    @_api_options
    @functools.wraps(func)
    def wrapper(*args, orcid, author_id, api_url, mailto, **kwargs):
        if orcid and author_id:
            raise click.BadParameter("give --orcid or --author, not both", param_hint="--author")
        openalex = None
        if orcid or author_id:
            openalex = dict(orcid=orcid, author=author_id, api_url=api_url, mailto=mailto)
        return func(*args, openalex=openalex, **kwargs)

    return wrapper


def fetch_for_run(openalex: dict, out_dir: Path, *, quiet: bool = False) -> tuple[Path, AuthorInfo]:
    """Fetch the works of ``openalex["orcid"]`` or ``openalex["author"]`` into
    ``out_dir/openalex_<id>.jsonl`` (continuing an interrupted fetch of the same author);
    returns ``(path, AuthorInfo)``.  The API key, cache folder and mail address come from the
    environment (``OPENALEX_API_KEY``, ``COLLABGRAPH_CACHE_DIR``, ``OPENALEX_MAILTO``)."""
    import os

    from .client import ApiClient
    from .openalex import describe_result, fetch_works, resolve_author, works_filter

    settings = _settings(
        openalex["api_url"],
        openalex.get("mailto"),
        os.environ.get("OPENALEX_API_KEY"),
    )
    say = (lambda text: None) if quiet else (lambda text: click.echo(text, err=True))
    with ApiClient(settings) as client:
        who = resolve_author(client, orcid=openalex.get("orcid"), author=openalex.get("author"))
        say(f"fetching the works of {who.describe()} from OpenAlex")
        filt = works_filter(
            orcid=openalex.get("orcid"), author=None if openalex.get("orcid") else who.id
        )
        path = Path(out_dir) / f"openalex_{who.id}.jsonl"
        result = fetch_works(
            client,
            filt,
            path,
            resume="auto",
            progress=False if quiet else None,
            note=say,
            label=who.describe(),
            resume_hint="run the same command again to continue",
        )
    say(describe_result(result))
    return path, who
