"""Works from the OpenAlex API into JSON Lines that :mod:`graph.load.openalex` reads.

Who to fetch is an OpenAlex filter built from an ORCID iD, an OpenAlex author id, an
institution (ROR or OpenAlex id), a raw filter and a year window (:func:`works_filter`).  A name
is never turned into an author by guessing: :func:`search_authors` lists the candidates and the
user picks one by id.

:func:`fetch_works` pages through ``/works`` with a cursor (``cursor=*``, ``per-page=200``),
asks only for the fields the reader uses (:data:`WORK_FIELDS`), and appends each page as it
arrives (flushed and synced) to ``works.jsonl.part``, then records the next cursor in a state
file beside it (``works.jsonl.state.json``); the last page in, the file is renamed
``works.jsonl``, so a file of that name is always a complete fetch.  An interrupted fetch
continues from the saved cursor with ``resume=True``; works already fetched are skipped by
id, so a page fetched twice (the process stopped between writing the page and the state)
never duplicates a work.

Examples
--------
>>> parse_orcid("https://orcid.org/0000-0002-1694-233x")
'0000-0002-1694-233X'
>>> parse_author_id("https://openalex.org/authors/a5023888391")
'A5023888391'
>>> works_filter(orcid="0000-0002-1825-0097", year_from=2020)
'authorships.author.orcid:0000-0002-1825-0097,from_publication_date:2020-01-01'
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..io_atomic import ensure_dir, write_text_atomic
from .client import ApiClient, ApiError, FetchError, NotFound

__all__ = [
    "WORK_FIELDS",
    "AuthorInfo",
    "FetchResult",
    "describe_result",
    "fetch_works",
    "parse_author_id",
    "parse_institution",
    "parse_orcid",
    "part_path",
    "resolve_author",
    "search_authors",
    "state_path",
    "works_filter",
]

#: The root-level work fields :mod:`graph.load.openalex` reads (OpenAlex's ``select`` takes
#: root fields only).  ``ids`` is left out: the reader uses ``ids.doi`` only when ``doi`` is
#: missing, and the API fills both from one value.  ``host_venue`` (2022 schema) no longer
#: exists in the API and asking for it is an error.  tests/test_fetch_openalex.py checks this
#: list against the reader's source.
WORK_FIELDS = (
    "id",
    "doi",
    "title",
    "display_name",
    "publication_year",
    "publication_date",
    "authorships",
    "primary_location",
    "abstract_inverted_index",
    "is_authors_truncated",
)

#: OpenAlex documents 1-200 results per page for cursor paging (its newer pages say 1-100): a
#: 400 about the page size makes :func:`fetch_works` fall back to this.
FALLBACK_PER_PAGE = 100

_ORCID_PREFIX = re.compile(r"^(?:https?://)?(?:www\.)?orcid\.org/|^orcid:", re.IGNORECASE)
_ORCID = re.compile(r"^(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dX])$")
_OPENALEX_PREFIX = re.compile(
    r"^(?:https?://)?(?:api\.)?openalex\.org/(?:(?:authors|institutions)/)?", re.IGNORECASE
)
_ROR_PREFIX = re.compile(r"^(?:https?://)?(?:www\.)?ror\.org/", re.IGNORECASE)
# ROR ids: a leading 0, six Crockford base-32 characters (no i, l, o, u), two check digits.
_ROR = re.compile(r"^0[0-9a-hjkmnp-tv-z]{6}\d{2}$")


def _orcid_check_digit(digits: str) -> str:
    """ISO 7064 MOD 11-2 check character of the first 15 digits of an ORCID iD."""
    total = 0
    for d in digits:
        total = (total + int(d)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def parse_orcid(text: str) -> str:
    """An ORCID iD in its canonical form ``0000-0002-1825-0097``.

    Accepts the bare iD, the URL (``https://orcid.org/…``, with or without ``https://``),
    ``orcid:…``, without hyphens, and a lower-case ``x`` checksum.  The checksum is verified.

    >>> parse_orcid("0000000218250097")
    '0000-0002-1825-0097'
    >>> try:
    ...     parse_orcid("0000-0002-1825-0098")
    ... except FetchError as exc:
    ...     print(str(exc).split(". Hint")[0])
    '0000-0002-1825-0098' is not a valid ORCID iD: its check digit should be 7
    """
    raw = text
    text = _ORCID_PREFIX.sub("", text.strip()).strip().strip("/").upper()
    m = _ORCID.match(text)
    if not m:
        raise FetchError(
            f"{raw!r} is not an ORCID iD (expected 0000-0000-0000-000X or "
            "https://orcid.org/0000-0000-0000-000X)"
        )
    digits = "".join(m.groups())
    check = _orcid_check_digit(digits[:15])
    if digits[15] != check:
        raise FetchError(
            f"{raw!r} is not a valid ORCID iD: its check digit should be {check}. "
            "Hint: copy the iD from the researcher's orcid.org page"
        )
    return "-".join(m.groups())


def parse_author_id(text: str) -> str:
    """An OpenAlex author id ``A…`` from the id or its URL.

    >>> parse_author_id("A5023888391"), parse_author_id("https://openalex.org/A5023888391")
    ('A5023888391', 'A5023888391')
    """
    ident = _OPENALEX_PREFIX.sub("", text.strip()).strip("/").upper()
    if not re.fullmatch(r"A\d+", ident):
        raise FetchError(
            f"{text!r} is not an OpenAlex author id (expected A followed by digits, e.g. "
            "A5023888391, or https://openalex.org/A5023888391). Hint: find it with --name"
        )
    return ident


def parse_institution(text: str) -> tuple[str, str]:
    """``("ror", id)`` or ``("openalex", I…)`` from a ROR id, an OpenAlex id or their URLs.

    >>> parse_institution("https://ror.org/03v4gjf40"), parse_institution("i4577782")
    (('ror', '03v4gjf40'), ('openalex', 'I4577782'))
    """
    value = text.strip()
    if _ROR_PREFIX.match(value) or _ROR.match(value.lower()):
        ror = _ROR_PREFIX.sub("", value).strip("/").lower()
        if _ROR.match(ror):
            return "ror", ror
    ident = _OPENALEX_PREFIX.sub("", value).strip("/").upper()
    if re.fullmatch(r"I\d+", ident):
        return "openalex", ident
    raise FetchError(
        f"{text!r} is not an institution id (expected a ROR id such as 03v4gjf40 or "
        "https://ror.org/03v4gjf40, or an OpenAlex id such as I4577782)"
    )


def works_filter(
    *,
    author: str | None = None,
    orcid: str | None = None,
    institution: str | None = None,
    raw: str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
) -> str:
    """The ``filter`` parameter of ``/works`` (conditions joined by commas: all must hold).

    ``author`` and ``orcid`` are parsed with :func:`parse_author_id` / :func:`parse_orcid`;
    ``raw`` is passed on as written.

    >>> works_filter(author="A1", institution="03v4gjf40", year_from=2019, year_to=2021)
    'authorships.author.id:A1,authorships.institutions.ror:03v4gjf40,from_publication_date:2019-01-01,to_publication_date:2021-12-31'
    """
    parts = []
    if author:
        parts.append(f"authorships.author.id:{parse_author_id(author)}")
    if orcid:
        parts.append(f"authorships.author.orcid:{parse_orcid(orcid)}")
    if institution:
        kind, ident = parse_institution(institution)
        key = "ror" if kind == "ror" else "id"
        parts.append(f"authorships.institutions.{key}:{ident}")
    if raw and raw.strip():
        parts.append(raw.strip().strip(","))
    if year_from is not None:
        parts.append(f"from_publication_date:{year_from:04d}-01-01")
    if year_to is not None:
        parts.append(f"to_publication_date:{year_to:04d}-12-31")
    if not parts:
        raise FetchError(
            "nothing to fetch: give --orcid, --author, --institution or --filter "
            "(or --name to look an author up)"
        )
    return ",".join(parts)


# --------------------------------------------------------------------------- authors


def _short(value: object, prefix: str) -> str:
    if not isinstance(value, str) or not value.strip():
        return ""
    value = value.strip()
    return value[len(prefix) :] if value.startswith(prefix) else value.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class AuthorInfo:
    """What a user needs to tell authors apart: id, name, ORCID, works and institution."""

    id: str
    display_name: str
    orcid: str = ""
    works_count: int | None = None
    institution: str = ""

    @classmethod
    def from_json(cls, data: object) -> AuthorInfo:
        """From an OpenAlex Author object (``last_known_institutions``, or the older
        ``last_known_institution``, else the latest ``affiliations`` entry)."""
        if not isinstance(data, dict) or not _short(data.get("id"), "https://openalex.org/"):
            raise FetchError(
                "the API answered with something that is not an OpenAlex author "
                f"(found {type(data).__name__} without an id)"
            )
        insts = data.get("last_known_institutions")
        inst = insts[0] if isinstance(insts, list) and insts else None
        inst = inst or data.get("last_known_institution")
        if not isinstance(inst, dict):
            affs = data.get("affiliations")
            first = affs[0] if isinstance(affs, list) and affs else {}
            inst = first.get("institution") if isinstance(first, dict) else None
        label = ""
        if isinstance(inst, dict) and isinstance(inst.get("display_name"), str):
            label = inst["display_name"].strip()
            if isinstance(inst.get("country_code"), str) and inst["country_code"]:
                label += f" ({inst['country_code']})"
        count = data.get("works_count")
        name = data.get("display_name")
        return cls(
            id=_short(data.get("id"), "https://openalex.org/"),
            display_name=" ".join(name.split()) if isinstance(name, str) else "",
            orcid=_short(data.get("orcid"), "https://orcid.org/"),
            works_count=count if isinstance(count, int) and not isinstance(count, bool) else None,
            institution=label,
        )

    def describe(self) -> str:
        """``Ada Lovelace (A1, ORCID 0000-…)``."""
        ids = [self.id] + ([f"ORCID {self.orcid}"] if self.orcid else [])
        return f"{self.display_name or '(no name)'} ({', '.join(ids)})"


def resolve_author(
    client: ApiClient, *, orcid: str | None = None, author: str | None = None
) -> AuthorInfo:
    """The OpenAlex author with this ORCID iD or author id (a single-entity request, free).

    Raises :class:`FetchError` (one line, with a hint) when OpenAlex does not know them.
    """
    if bool(orcid) == bool(author):
        raise FetchError("give exactly one of an ORCID iD and an OpenAlex author id")
    if orcid:
        ident = parse_orcid(orcid)
        path, what = f"/authors/orcid:{ident}", f"ORCID iD {ident}"
        hint = (
            f"check the iD at https://orcid.org/{ident}; the person may not be in OpenAlex "
            "under it: look them up with --name"
        )
    else:
        ident = parse_author_id(author or "")
        path, what = f"/authors/{ident}", f"author id {ident}"
        hint = "check the id, or look the author up with --name"
    try:
        answer = client.get_json(path)
    except NotFound:
        raise FetchError(f"OpenAlex has no author with {what}. Hint: {hint}") from None
    data = answer.data
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        # a list answer (a server that answers /authors/orcid:… as a filter)
        if not data["results"]:
            raise FetchError(f"OpenAlex has no author with {what}. Hint: {hint}")
        data = data["results"][0]
    return AuthorInfo.from_json(data)


def search_authors(
    client: ApiClient, name: str, *, limit: int = 25
) -> tuple[list[AuthorInfo], int]:
    """Authors whose name matches ``name``, in OpenAlex's order of relevance, and how many
    match in all: ``([AuthorInfo, ...], count)``.  Nothing is chosen here."""
    if not name.strip():
        raise FetchError("--name is empty: give the author's name, e.g. --name 'Ada Lovelace'")
    answer = client.get_json("/authors", {"search": name.strip(), "per-page": limit})
    meta, results = _page_parts(answer.data, answer.url)
    authors = [AuthorInfo.from_json(r) for r in results]
    count = meta.get("count")
    return authors, count if isinstance(count, int) else len(authors)


# --------------------------------------------------------------------------- works


@dataclass
class FetchResult:
    """What :func:`fetch_works` did."""

    path: Path
    expected: int | None  #: ``meta.count`` of the query (``None`` if never asked)
    works: int  #: works in the file now
    added: int  #: works written by this call
    duplicates: int  #: works skipped because the file already held their id
    pages: int  #: pages requested by this call
    from_cache: int  #: of which answered from the local cache
    resumed: bool
    complete: bool
    notes: list[str] = field(default_factory=list)


def state_path(out: str | os.PathLike[str]) -> Path:
    """The state file kept beside a JSONL output: ``works.jsonl`` -> ``works.jsonl.state.json``
    (the query, the next cursor, the expected count, whether the fetch finished)."""
    out = Path(out)
    return out.with_name(out.name + ".state.json")


def part_path(out: str | os.PathLike[str]) -> Path:
    """Where a fetch writes until it is complete: ``works.jsonl`` -> ``works.jsonl.part``."""
    out = Path(out)
    return out.with_name(out.name + ".part")


def _page_parts(data: object, url: str) -> tuple[dict, list]:
    """``(meta, results)`` of a list answer, or a FetchError naming what is wrong."""
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("results"), list)
        or not isinstance(data.get("meta", {}), dict)
    ):
        found = type(data).__name__ if not isinstance(data, dict) else f"keys {sorted(data)[:5]}"
        raise FetchError(
            f"the API answered {url} with JSON that is not a list page (expected 'meta' and "
            f"'results', found {found}). Hint: check --api-url"
        )
    return data.get("meta", {}), data["results"]


def _line(work: object) -> str:
    """One JSONL line: UTF-8 JSON, with the characters Python's ``str.splitlines`` treats as
    line breaks (U+2028, U+2029, U+0085, never escaped by ``json.dumps``) escaped, so every
    reader sees one work per line."""
    text = json.dumps(work, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\x85", "\\u0085")
        + "\n"
    )


def _work_id(work: object) -> str:
    return _short(work.get("id"), "https://openalex.org/") if isinstance(work, dict) else ""


def _existing_ids(out: Path) -> tuple[set[str], int]:
    """Ids of the works already in ``out`` and their number.  A last line cut short by an
    interruption (no newline at the end) is removed from the file first: its page is fetched
    again."""
    with open(out, "rb+") as fh:
        data = fh.read()
        end = data.rfind(b"\n") + 1
        if end < len(data):
            fh.truncate(end)
    ids, n = set(), 0
    for number, raw in enumerate(data[:end].split(b"\n"), start=1):
        if not raw.strip():
            continue
        try:
            work = json.loads(raw)
        except ValueError:
            raise FetchError(
                f"{out}:{number}: cannot resume: the line is not JSON (the file was changed "
                "since the fetch). Hint: fetch again without --resume"
            ) from None
        n += 1
        if wid := _work_id(work):
            ids.add(wid)
    return ids, n


def _read_state(path: Path) -> dict | None:
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        raise FetchError(
            f"{path}: the fetch state is unreadable. Hint: fetch again without --resume"
        ) from None
    return state if isinstance(state, dict) else None


def fetch_works(
    client: ApiClient,
    filter: str,
    out: str | os.PathLike[str],
    *,
    resume: bool | Literal["auto"] = False,
    per_page: int = 200,
    select: Iterable[str] | None = WORK_FIELDS,
    progress: bool | None = None,
    note: Callable[[str], None] | None = None,
    label: str | None = None,
    resume_hint: str = "rerun with --resume to continue",
) -> FetchResult:
    """Fetch every work matching ``filter`` into the JSONL file ``out``.

    Pages are appended to ``out.part`` (:func:`part_path`) as they arrive, the next cursor is
    saved in ``out.state.json`` (:func:`state_path`) after each page, and ``out.part`` becomes
    ``out`` only when the last page is in: a file named ``out`` is always complete, and a
    failed fetch leaves an earlier ``out`` as it was.

    Parameters
    ----------
    client : an open :class:`~graph.fetch.client.ApiClient`.
    filter : the ``/works`` filter (:func:`works_filter`).
    out : the JSON Lines file to write.
    resume : ``True`` continues the interrupted fetch of the same query (an error if there is
        none; nothing to do if it finished); ``"auto"`` continues one when there is one and
        starts afresh otherwise; ``False`` starts afresh.
    per_page : results per page (OpenAlex allows up to 200).
    select : the root fields to ask for (``None``: every field).
    progress : show a progress bar on stderr (``None``: only on a terminal).
    note : called with one-line notes (a fallback taken, a resumed fetch).
    label : who or what is fetched, for messages (default: the filter).
    resume_hint : how to continue, appended to an error that stops a fetch half-way.

    Raises
    ------
    FetchError : zero works, or any failure of the client (network, rate limit, ...).
    """
    out = Path(out)
    part, spath = part_path(out), state_path(out)
    select = list(select) if select else None
    query = {"api_url": client.settings.api_url, "filter": filter}
    notes: list[str] = []

    def tell(text: str) -> None:
        notes.append(text)
        if note is not None:
            note(text)

    state = _read_state(spath) if resume else None
    same = state is not None and state.get("query") == query
    if resume is True and same and state and state.get("complete") and out.is_file():
        n = sum(1 for line in out.open("rb") if line.strip())
        tell(f"{out} is already complete ({n} works); nothing fetched")
        return FetchResult(out, state.get("count"), n, 0, 0, 0, 0, True, True, notes=notes)
    resumed = same and state is not None and not state.get("complete") and part.is_file()
    if resume is True and not resumed:
        why = (
            f"no fetch state beside it ({spath.name})"
            if state is None
            else f"it was fetched with another query ({state.get('query', {}).get('filter')!r})"
            if not same
            else f"{part.name} is missing"
        )
        raise FetchError(f"cannot resume into {out}: {why}. Hint: fetch again without --resume")
    if resumed and state is not None:
        seen, n_lines = _existing_ids(part)
        cursor = state.get("next_cursor") or "*"
        per_page = int(state.get("per_page") or per_page)
        select = state.get("select", select)
        tell(f"resuming {out}: {n_lines} works already fetched")
    else:
        seen, n_lines, cursor = set(), 0, "*"

    pages = hits = added = dupes = 0
    expected: int | None = state.get("count") if resumed and state else None
    try:
        with contextlib.ExitStack() as stack:
            fh = bar = None
            while True:
                params = {
                    "filter": filter,
                    "select": ",".join(select) if select else None,
                    "per-page": per_page,
                    "cursor": cursor,
                }
                try:
                    answer = client.get_json("/works", params)
                except ApiError as exc:
                    # Only the first request may fall back: the page size or the field list
                    # is what a server that changed its limits refuses.
                    text = exc.server_message.lower()
                    first = exc.status == 400 and pages == 0
                    if first and per_page > FALLBACK_PER_PAGE and "per" in text:
                        tell(f"the API refused {per_page} works a page; using {FALLBACK_PER_PAGE}")
                        per_page = FALLBACK_PER_PAGE
                        continue
                    if first and select and "select" in text:
                        tell("the API refused the field list (select); fetching whole works")
                        select = None
                        continue
                    raise
                pages += 1
                hits += answer.from_cache
                meta, results = _page_parts(answer.data, answer.url)
                count = meta.get("count")
                if isinstance(count, int) and not isinstance(count, bool):
                    expected = count
                if pages == 1 and not resumed and not results:
                    raise FetchError(
                        f"OpenAlex lists no works for {label or repr(filter)}; nothing was "
                        "written. Hint: check the id and the year window"
                    )
                if bar is None and progress is not False:
                    from tqdm import tqdm

                    bar = stack.enter_context(
                        tqdm(
                            total=expected,
                            initial=n_lines,
                            unit=" works",
                            desc="OpenAlex",
                            disable=None if progress is None else False,
                            leave=False,
                        )
                    )
                if fh is None:
                    fh = stack.enter_context(_open_part(part, spath, resumed))
                lines = []
                for work in results:
                    wid = _work_id(work)
                    if wid and wid in seen:
                        dupes += 1
                        continue
                    if wid:
                        seen.add(wid)
                    lines.append(_line(work))
                fh.write("".join(lines))
                fh.flush()
                os.fsync(fh.fileno())
                added += len(lines)
                n_lines += len(lines)
                if bar is not None:
                    bar.update(len(lines))
                next_cursor = meta.get("next_cursor")
                if not results or not next_cursor:
                    break
                if next_cursor == cursor:
                    raise FetchError(f"the API returned the same cursor twice at {answer.url}")
                _save_state(spath, query, per_page, select, next_cursor, expected, n_lines)
                cursor = next_cursor
    except FetchError as exc:
        if n_lines:
            of = f" of {expected}" if expected is not None else ""
            raise FetchError(
                f"{exc}. {n_lines}{of} works are fetched ({part.name}): {resume_hint}"
            ) from None
        raise
    # the complete file takes the final name first: a crash here leaves a state that
    # resumes nothing rather than one that calls a partial file complete
    os.replace(part, out)
    _save_state(spath, query, per_page, select, None, expected, n_lines, complete=True)
    return FetchResult(
        out, expected, n_lines, added, dupes, pages, hits, resumed, True, notes=notes
    )


def _open_part(part: Path, spath: Path, resumed: bool):
    """The ``.part`` file, opened to append (resume) or emptied (a fresh fetch)."""
    if not resumed:
        ensure_dir(part.parent if str(part.parent) else ".")
        # an old state must never describe the new file, even for a moment
        spath.unlink(missing_ok=True)
    try:
        return open(part, "a" if resumed else "w", encoding="utf-8", newline="\n")
    except OSError as exc:
        raise FetchError(f"cannot write {part}: {exc.strerror or exc}") from None


def _save_state(spath, query, per_page, select, next_cursor, count, works, complete=False):
    state = {
        "query": query,
        "per_page": per_page,
        "select": select,
        "next_cursor": next_cursor,
        "count": count,
        "works": works,
        "complete": complete,
    }
    write_text_atomic(spath, json.dumps(state, indent=1, ensure_ascii=False) + "\n")


def describe_result(result: FetchResult) -> str:
    """The one-line summary the CLI prints."""
    of = f" of {result.expected}" if result.expected is not None else ""
    bits = [f"{result.pages} page{'s' if result.pages != 1 else ''}"]
    if result.from_cache:
        bits.append(f"{result.from_cache} from the cache")
    if result.duplicates:
        bits.append(f"{result.duplicates} duplicate{'s' if result.duplicates != 1 else ''} skipped")
    verb = "resumed" if result.resumed else "fetched"
    return f"{verb}: {result.works} works{of} in {result.path} ({', '.join(bits)})"
