"""Plain records every reader produces, before normalisation.

A reader turns one file into a :class:`LoadResult`: the paper records it could read, the
problems it skipped (lenient mode) and metadata about the source (format, owner, header
statistics).  Records keep the raw text as written; :mod:`graph.normalise` cleans it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field

from ..errors import Problem

__all__ = ["AuthorRef", "LoadResult", "PaperRecord", "skip_reasons", "why_empty"]


@dataclass(frozen=True, slots=True)
class AuthorRef:
    """One author of one paper, as written in the source.

    ``ext_id`` holds external identifiers when the source has them, prefixed by their scheme
    and separated by ``;`` (``"openalex:A5023888391;orcid:0000-0002-1825-0097"``; schemes
    ``openalex``, ``orcid``, ``scopus``); authors sharing one are one person.
    ``affiliations`` are institutions of this author on this paper when the source says so;
    ``affiliation_ids`` are their ids where known (ROR, else OpenAlex), aligned with them
    (``""`` when unknown), or empty.  When the source gives postal addresses (WoS ``C1``,
    Scopus ``Authors with affiliations``, PubMed ``AD``), ``affiliations`` holds the
    organisation, ``affiliation_countries`` its country and ``affiliation_addresses`` the full
    address as written, both aligned with ``affiliations`` (``""`` when unknown) or empty.
    """

    name: str
    ext_id: str = ""
    affiliations: tuple[str, ...] = ()
    affiliation_ids: tuple[str, ...] = ()
    affiliation_countries: tuple[str, ...] = ()
    affiliation_addresses: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PaperRecord:
    """One paper as read from a source (raw strings, parsed dates).

    ``date_precision`` is ``"day"``, ``"month"``, ``"year"`` or ``""`` (no date);
    ``year_inferred`` is True when the year was not written (profile pages omit the capture
    year).  ``owners`` names profile owners who are authors although not listed.
    ``groups`` are collective authors (WoS ``CA``, a consortium or study group in an author
    list): named on the paper, never persons in the co-author graph.  ``url`` is the paper's
    landing page where the source gives one.  ``ext_id`` holds the paper's own ids, scheme
    prefixed and ``;``-separated (``pmid:123;wos:000123;openalex:W1;scopus:2-s2.0-1``).
    ``affiliation_countries``/``affiliation_addresses`` are aligned with the paper-level
    ``affiliations`` like :class:`AuthorRef`'s.
    """

    title: str
    authors: tuple[AuthorRef, ...]
    source: str
    line: int
    authors_complete: bool = True
    date: dt.date | None = None
    year: int | None = None
    date_precision: str = ""
    year_inferred: bool = False
    category: str = ""
    has_code: bool = False
    code_url: str = ""
    abstract: str = ""
    affiliations: tuple[str, ...] = ()
    doi: str = ""
    venue: str = ""
    owners: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    url: str = ""
    ext_id: str = ""
    affiliation_countries: tuple[str, ...] = ()
    affiliation_addresses: tuple[str, ...] = ()


def _slot_setting_init(cls: type) -> None:
    """Give the frozen, slotted dataclass ``cls`` an ``__init__`` that fills its slots through
    their descriptors.

    The generated frozen ``__init__`` calls ``object.__setattr__`` once per field, which
    makes a 17-field record about twice as slow to build as a plain one (10^6 records per
    10^6-paper page).  Same parameters, defaults and values; instances stay immutable.
    """
    names = [f.name for f in dataclasses.fields(cls)]
    namespace: dict = {f"_set_{n}": getattr(cls, n).__set__ for n in names}
    params = []
    for f in dataclasses.fields(cls):
        if f.default is dataclasses.MISSING:
            params.append(f.name)
        else:
            namespace[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
    body = "".join(f"\n    _set_{n}(self, {n})" for n in names)
    # The source is built from field names only (the way dataclasses builds its own).
    exec(f"def __init__(self, {', '.join(params)}):{body}", namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__annotations__ = dict(cls.__init__.__annotations__)
    init.__module__ = cls.__module__
    cls.__init__ = init


_slot_setting_init(PaperRecord)


@dataclass
class LoadResult:
    """What one reader returns for one file.

    ``problems`` holds one :class:`~graph.errors.Problem` per record left out (lenient mode),
    so their number is the number of records skipped.  A fault that did not cost a record
    (a date left out, a stray line, a record read without its end tag) is a warning in
    ``meta["warnings"]`` instead; ``--strict`` raises the first of either.

    ``meta`` keys every reader sets (the readers of profile pages, RIS, CSV and OpenAlex
    do; see ``graph.load._common.count_meta``):

    ========== ===================================================================
    entries    records the file held, read or not (entries, rows, works, records;
               a record found without its start, such as a RIS record whose ``TY``
               line was lost, counts too)
    records    records read (``len(records)``)
    skipped    records left out (``len(problems)``); ``entries == records + skipped``
    warnings   one line per fault read past (``file:line: expected …, found … (what
               was done)``)
    ========== ===================================================================

    plus ``format`` and ``path`` (set by :func:`graph.load.load_records`) and the reader's
    own keys.  The share of records skipped is ``skipped / entries``;
    :meth:`skip_reasons` and :meth:`why_empty` say why.

    Examples
    --------
    >>> from graph.errors import InputError
    >>> bad = [Problem(InputError("t.csv", n, "a title in this row"), "row") for n in (2, 3)]
    >>> res = LoadResult([], bad, {"entries": 2, "records": 0, "skipped": 2, "path": "t.csv"})
    >>> res.skip_reasons()
    [('a title in this row', 2)]
    >>> print(res.why_empty().replace("; ", ";\\n"))
    t.csv: none of its 2 records could be read;
    most often (2 of 2) expected a title in this row, first at t.csv:2
    """

    records: list[PaperRecord]
    problems: list[Problem] = field(default_factory=list)
    meta: dict = field(default_factory=dict)

    def skip_reasons(self) -> list[tuple[str, int]]:
        """What the skipped records lacked (the problems' ``expected``), most common first
        (ties: first seen first)."""
        return skip_reasons(self.problems)

    def why_empty(self) -> str | None:
        """For a file that held records but gave none: one line saying so, with the most
        common reason and where it first occurred; None otherwise."""
        return why_empty(self.problems, self.meta.get("entries", 0), len(self.records), self.meta)


#: Quoted specifics (entry keys, values) in a problem's ``expected``: folded to ``'…'`` so one
#: reason ("a title field in entry '…'") counts once whatever entry it was.
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


def _reason(problem: Problem) -> str:
    return _QUOTED.sub("'…'", problem.error.expected)


def skip_reasons(problems: list[Problem]) -> list[tuple[str, int]]:
    """``[(expected, count)]`` over ``problems``, most common first, ties in order seen.

    Reasons that differ only in quoted specifics (entry keys, values) count as one, shown with
    ``'…'`` in their place; a reason that is always the same text is shown as it is.

    >>> from graph.errors import InputError
    >>> skip_reasons([Problem(InputError("a.bib", n, f"a title in entry '{k}'")) for n, k in
    ...               ((1, "x"), (5, "y"))])
    [("a title in entry '…'", 2)]
    >>> skip_reasons([Problem(InputError("a.csv", 2, "authors separated by ';'"))])
    [("authors separated by ';'", 1)]
    """
    counts: dict[str, int] = {}
    shown: dict[str, str] = {}
    for p in problems:
        r = _reason(p)
        counts[r] = counts.get(r, 0) + 1
        if shown.setdefault(r, p.error.expected) != p.error.expected:
            shown[r] = r
    return sorted(((shown[r], n) for r, n in counts.items()), key=lambda kv: -kv[1])


def why_empty(problems: list[Problem], entries: int, records: int, meta: dict) -> str | None:
    """See :meth:`LoadResult.why_empty`."""
    if records or not entries or not problems:
        return None
    reason, count = skip_reasons(problems)[0]
    first = next(p.error for p in problems if reason in (p.error.expected, _reason(p)))
    path = meta.get("path") or first.path
    return (
        f"{path}: none of its {entries} records could be read; most often ({count} of "
        f"{len(problems)}) expected {reason}, first at {first.location}"
    )
