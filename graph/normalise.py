"""Normalise stage: reader records -> the tidy ``Corpus`` tables.

What happens here, in order (one function per phase, chained by :func:`normalise`):

0. :func:`check_read`: an input file that held records but gave no paper is an error, before
   anything is written; files that lost most of their records are listed for a warning;
1. ``_collect``: every record with its owners (the profile's, else the detected owner;
   ``--owner`` replaces them, ``--no-owner`` removes them);
2. ``_Names``: names get an identity key (:func:`graph.text.name_key`), then the alias map, then
   shared external ids (ORCID, OpenAlex or Scopus id: :func:`identity_map`); spellings are
   cleaned by :func:`graph.text.clean_name`;
3. ``_group``: which records are one work: a shared DOI, a shared paper id, or the same title
   and year with agreeing author lists (never a placeholder title such as ``??``);
4. ``_merge_work``: one record per work: the best record's fields, empty ones filled from the
   others, owners and tags united, author lists merged without ever stating a co-authorship
   no record states;
5. ``_tables``: titles and abstracts made readable (``ID$^3$`` -> ``ID³``, NFC, white space
   collapsed; the raw title kept in ``title_raw``); the display name of an author is their most
   frequent spelling (ties: the accented spelling, then alphabetical); profile owners become
   authors of their papers (``listed=False``, no position); affiliation tags stay paper-level
   (``author_id=""``), per-author institutions keep the author, each with country and address.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import numpy as np

from ._gc import gc_paused
from ._pandas import pd
from .csv_safe import restore_cell
from .errors import InputError, Problem
from .load._text import DEFAULT_MAX_INPUT_SIZE, check_input_file, input_limit, read_text
from .load.records import AuthorRef, LoadResult, PaperRecord, skip_reasons
from .schema import AFFILIATION_COLUMNS, AUTHORSHIP_COLUMNS, PAPER_COLUMNS, validate
from .text import (
    clean_name,
    clean_text,
    dblp_number,
    latex_to_text,
    name_key,
    name_parts,
    title_key,
)

__all__ = [
    "PLACEHOLDER_TITLES",
    "Corpus",
    "authors_table",
    "check_read",
    "doi_key",
    "identity_map",
    "is_placeholder_title",
    "name_pairs",
    "normalise",
    "paper_ext_keys",
    "read_aliases",
    "skipped_warning",
]


@dataclass(frozen=True)
class Corpus:
    """The tidy tables of one run, plus what was learned about the sources.

    ``meta`` holds ``owners`` (author ids), ``sources`` (per-file metadata such as the claimed
    paper count), ``records_read``, ``duplicates_merged``, ``merged_by`` (merges per rule:
    ``doi``, ``ext_id``, ``title_year_authors``), ``merge_dropped_authors`` (authors of merged
    records left out because no record lists them with the others), ``owners_detected`` (owners
    found in files that name none: source, name, papers, of, share), ``merged_by_id`` (name
    keys merged through a shared external id), ``institution_ids`` (institution -> ROR/OpenAlex
    id), ``mostly_skipped`` (files that lost more than half their records, see
    :func:`check_read`) and ``warnings`` (readers' notes on things read anyway, such as a
    reused BibTeX key, and one line per mostly skipped file); ``problems`` are the skipped
    records.
    """

    papers: pd.DataFrame
    authorships: pd.DataFrame
    affiliations: pd.DataFrame
    meta: dict = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()

    @property
    def owner_ids(self) -> tuple[str, ...]:
        return tuple(self.meta.get("owners", ()))

    @property
    def incomplete_papers(self) -> int:
        """Papers whose author list was cut ("et al."): counts from them are lower bounds."""
        return int((~self.papers["authors_complete"].astype(bool)).sum())


def name_pairs(path: Path, text: str, header: tuple[str, str]) -> list[tuple[str, str]]:
    """The rows of a two-column CSV of names (``--aliases``: ``variant,canonical``;
    ``--not-same``: ``name,other``) as cleaned ``(first, second)`` pairs; blank rows skipped.

    Raises :class:`InputError` for a missing header or a row without two names (its line).

    >>> name_pairs(Path("a.csv"), "variant,canonical\\n'=Ann,Ann B\\n\\n", ("variant", "canonical"))
    [('=Ann', 'Ann B')]
    """
    rows = list(csv.reader(text.splitlines()))
    if not rows or [c.strip().lower() for c in rows[0][:2]] != list(header):
        raise InputError(
            path,
            1,
            f"a header line '{header[0]},{header[1]}'",
            found=",".join(rows[0]) if rows else "an empty file",
            hint="the first line names the two columns",
        )
    out = []
    for n, row in enumerate(rows[1:], start=2):
        if not row or not any(c.strip() for c in row):
            continue
        if len(row) < 2 or not row[0].strip() or not row[1].strip():
            raise InputError(
                path,
                n,
                f"two names: {header[0]},{header[1]}",
                found=",".join(row),
                hint="quote names that contain commas",
            )
        # a name written by collabgraph's CSV safety ('=...) is the name without the quote
        out.append((clean_text(restore_cell(row[0])), clean_text(restore_cell(row[1]))))
    return out


def read_aliases(
    path: str | os.PathLike[str], *, max_input_size: int | None = None
) -> dict[str, str]:
    """Read an alias CSV (header ``variant,canonical``) into ``{variant: canonical}`` names.

    The file goes through the inputs' guard (:func:`graph.load._text.check_input_file`): a
    FIFO, a device or a folder is refused by its type before it is opened, a file over
    ``max_input_size`` bytes (``--max-input-size``; None: 2 GiB) by its size.

    Raises :class:`InputError` naming the line of any malformed row.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(path, None, "an alias CSV file", hint="check the --aliases path")
    check_input_file(path, max_input_size or DEFAULT_MAX_INPUT_SIZE)
    with input_limit(max_input_size):
        text = read_text(path, what="a UTF-8 alias CSV file")
    return dict(name_pairs(path, text, ("variant", "canonical")))


def identity_map(
    authors: Iterable[tuple[str, str]],
) -> dict[str, str]:
    """Merge name keys that share an external id: ``{key: canonical key}`` for merged keys.

    ``authors`` are ``(name key, ext_id)`` pairs, one per authorship (``ext_id`` may hold
    several ``;``-separated ids).  Keys linked by a common id, directly or through a chain, form
    one author whose key is the most frequent of them (ties: alphabetical).  Keys without ids
    are left alone, so sources without ids still merge by name key.

    >>> identity_map([("pkagarwal", "orcid:1"), ("pankajkagarwal", "orcid:1"),
    ...               ("pankajkagarwal", ""), ("ada", "orcid:2")])
    {'pkagarwal': 'pankajkagarwal'}
    """
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        root = x
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    counts: dict[str, int] = {}
    for key, ext in authors:
        if not key:
            continue
        counts[key] = counts.get(key, 0) + 1
        for ident in (i.strip() for i in ext.split(";")):
            if ident:
                a, b = find("k:" + key), find("x:" + ident)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    groups: dict[str, list[str]] = {}
    for node in list(parent):
        if node.startswith("k:"):
            groups.setdefault(find(node), []).append(node[2:])
    out: dict[str, str] = {}
    for keys in groups.values():
        if len(keys) > 1:
            canon = min(keys, key=lambda k: (-counts[k], k))
            out.update({k: canon for k in keys if k != canon})
    return dict(sorted(out.items()))


def _paper_id(key: str, taken: dict[str, str] | None = None) -> str:
    """``P`` + the first 10 hex digits of the SHA-1 of the paper's dedupe key: short and stable
    across runs and inputs.

    Ten hex digits are 40 bits, so among 10^6 papers two keys share a prefix with probability
    ~0.4 (the birthday bound).  With ``taken`` (ids given so far -> their keys) a later key
    whose prefix is already another key's gets the shortest longer prefix that is free, so ids
    stay unique while every id without a collision keeps its 10-digit form.

    >>> taken = {}
    >>> _paper_id("t:a:2020", taken)
    'P4c40acb880'
    >>> taken["P4c40acb880"] = "t:b:2021"  # pretend another key had that id
    >>> _paper_id("t:a:2020", taken)
    'P4c40acb880b'
    """
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()
    pid = "P" + digest[:10]
    if taken is None:
        return pid
    n = 10
    while taken.get(pid, key) != key:
        n += 1
        pid = "P" + digest[:n] if n <= len(digest) else f"P{digest}-{n - len(digest)}"
    taken[pid] = key
    return pid


def _display_names(author_ids: Sequence[str], names: Sequence[str]) -> dict[str, str]:
    """Most frequent spelling per author id; ties prefer non-ASCII (accents), then A-Z.

    ``author_ids`` and ``names`` are aligned, one entry per authorship.  One pass over the
    distinct (id, spelling) pairs: faster than a pandas group-by on string columns.

    >>> _display_names(["a", "a", "a", "b"], ["Ada L", "Ada L", "Ada Lo", "Bo"])
    {'a': 'Ada L', 'b': 'Bo'}
    >>> _display_names(["d", "d"], ["Adrien Deliege", "Adrien Deliège"])["d"]
    'Adrien Deliège'
    """
    best: dict[str, tuple[int, bool, str]] = {}
    for (aid, name), n in Counter(zip(author_ids, names, strict=True)).items():
        rank = (-n, name.isascii(), name)  # smallest wins: most used, accented, then A-Z
        old = best.get(aid)
        if old is None or rank < old:
            best[aid] = rank
    return {aid: rank[2] for aid, rank in best.items()}


def _frame(columns: dict[str, list]) -> pd.DataFrame:
    """A table from column lists (as object arrays, so pandas infers ``str`` for text columns;
    a value that is not a list, such as an ``IntegerArray``, is used as it is).

    Column lists take less memory than row tuples at 10^6 rows and skip pandas' row
    transposition; an empty table is built as from rows, so its dtypes stay the same.
    """
    if not len(next(iter(columns.values()))):
        return pd.DataFrame([], columns=list(columns))
    return pd.DataFrame(
        {
            name: np.array(values, dtype=object) if isinstance(values, list) else values
            for name, values in columns.items()
        }
    )


# ---- phase 0: refuse an input that gave no paper -------------------------------------------


def check_read(results: Sequence[LoadResult]) -> list[dict]:
    """Refuse an input file that gave no paper; list the files most of whose records were
    skipped.

    A file (one with ``meta["path"]``) whose reader saw records but returned none is an
    :class:`InputError` naming the file and the most common reason its records were skipped:
    a run on it would silently be empty (a Web of Science BibTeX read by a reader that expects
    lower-case field names loses every entry).  :func:`normalise` calls it first, before
    anything is written, so a previous run's outputs stay.  Records seen are the reader's
    ``meta["entries"]`` (records read + skipped, :class:`~graph.load.records.LoadResult`),
    else records read + problems.

    Returns, per file with more than half of its records skipped, ``path``, ``skipped``,
    ``seen``, ``share`` (0-1), ``reason`` (the most common) and ``times`` (its count);
    :func:`skipped_warning` words it.

    >>> from graph.errors import InputError, Problem
    >>> bad = Problem(InputError("w.bib", 1, "a title field in entry 'ISI:1'"), "entry")
    >>> check_read([LoadResult([], [bad], {"path": "w.bib"})])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graph.errors.InputError: w.bib: expected at least one paper, found '0 papers from 1 record'...
    """
    mostly_skipped = []
    for res in results:
        path = res.meta.get("path")
        if not path:
            continue
        seen = int(res.meta.get("entries") or 0) or len(res.records) + len(res.problems)
        lost = seen - len(res.records)
        if not seen or lost * 2 <= seen:
            continue
        reasons = skip_reasons(res.problems)
        reason, times = reasons[0] if reasons else ("", 0)
        if not res.records:
            why = f'most often for "expected {reason}" ({times} times)' if reason else ""
            first = f" (first at {res.problems[0].error.location})" if res.problems else ""
            raise InputError(
                path,
                None,
                "at least one paper",
                found=f"0 papers from {seen} record{'' if seen == 1 else 's'}",
                hint=f"all {seen} were skipped, {why}{first}; check the file is in the format "
                "it was read as (--format)",
            )
        mostly_skipped.append(
            {
                "path": str(path),
                "skipped": lost,
                "seen": seen,
                "share": round(lost / seen, 4),
                "reason": reason,
                "times": times,
            }
        )
    return mostly_skipped


def skipped_warning(item: dict) -> str:
    """The warning for one file of :func:`check_read`'s list.

    >>> item = {"path": "a.bib", "skipped": 2, "seen": 3, "share": 0.6667,
    ...         "reason": "a title field", "times": 2}
    >>> print(skipped_warning(item))  # doctest: +NORMALIZE_WHITESPACE
    MOST RECORDS SKIPPED: 67% of a.bib (2 of 3 records), most often for "expected a title field"
    (2 times); the results leave them out
    """
    why = f', most often for "expected {item["reason"]}" ({item["times"]} times)'
    return (
        f"MOST RECORDS SKIPPED: {100 * item['share']:.0f}% of {item['path']} ({item['skipped']} "
        f"of {item['seen']} records){why if item['reason'] else ''}; the results leave them out"
    )


# ---- phase 1: the inputs' records with their owners ----------------------------------------


@dataclass
class _Inputs:
    """Every record in input order with the owners it gets, and what the sources said."""

    entries: list[tuple[PaperRecord, tuple[str, ...]]]
    problems: list[Problem]
    sources: list[dict]
    detected_owners: list[dict]
    institution_ids: dict[str, str]


def _collect(results: Sequence[LoadResult], *, owner: str | None, add_owner: bool) -> _Inputs:
    """Records of every input, each with its owners: the record's own (profile pages), else
    the owner its reader detected; ``owner`` (``--owner``) replaces them, ``add_owner=False``
    (``--no-owner``) removes them."""
    entries: list[tuple[PaperRecord, tuple[str, ...]]] = []
    problems: list[Problem] = []
    sources = []
    detected_owners = []
    institution_ids: dict[str, str] = {}
    add = entries.append
    for res in results:
        problems.extend(res.problems)
        sources.append(dict(res.meta))
        found = res.meta.get("owner_detected")
        # --owner names the owner: a detected one is neither used nor reported
        detected = found["name"] if isinstance(found, dict) and add_owner and not owner else ""
        if detected:
            detected_owners.append({"source": res.meta.get("path", ""), **found})
        for name, ident in (res.meta.get("institution_ids") or {}).items():
            institution_ids.setdefault(name, ident)
        fallback = (detected,) if detected else ()
        for rec in res.records:
            if not add_owner:
                add((rec, ()))
            elif owner:  # --owner names the owner of every input
                add((rec, (owner,)))
            else:
                add((rec, rec.owners or fallback))
    return _Inputs(entries, problems, sources, detected_owners, institution_ids)


# ---- phase 2: names -> author ids ---------------------------------------------------------


class _Names:
    """Author ids (name key, then the alias map, then shared external ids) and clean spellings,
    each computed once per distinct string."""

    def __init__(self, results: Sequence[LoadResult], aliases: dict[str, str] | None) -> None:
        self.alias_keys = {name_key(v): name_key(c) for v, c in (aliases or {}).items()}
        self.alias_names = {name_key(c): c for c in (aliases or {}).values()}
        self.merged_ids = identity_map(
            (self._alias_key(a.name), a.ext_id)
            for res in results
            for rec in res.records
            for a in rec.authors
            if a.ext_id
        )
        self.ids: dict[str, str] = {}  # name string -> author id
        self.names: dict[str, str] = {}  # name string -> clean_name(string)
        self.texts: dict[str, str] = {}  # tag, venue, country ... -> clean_text(string)
        self._parts: dict[str, tuple[list[str], str]] = {}

    def _alias_key(self, name: str) -> str:
        k = name_key(name)
        return self.alias_keys.get(k, k)

    def key(self, name: str) -> str:
        k = self.ids.get(name)
        if k is None:
            k = self._alias_key(name)
            k = self.ids[name] = self.merged_ids.get(k, k)
        return k

    def clean(self, name: str) -> str:
        c = self.names.get(name)
        if c is None:
            c = self.names[name] = clean_name(name)
        return c

    def text(self, value: str) -> str:
        c = self.texts.get(value)
        if c is None:
            c = self.texts[value] = clean_text(value)
        return c

    def parts(self, name: str) -> tuple[list[str], str]:
        p = self._parts.get(name)
        if p is None:
            p = self._parts[name] = name_parts(name)
        return p

    def tokens(self, name: str) -> tuple[tuple, ...]:
        """What makes two records' authors "one author" for the title rule: the author id,
        and surname + first initial (``Smith, J.`` ~ ``John Smith`` across databases)."""
        given, family = self.parts(name)
        if not family:
            return (("id", self.key(name)),)
        return (("id", self.key(name)), ("si", family, given[0][0] if given else ""))

    def same_person(self, a: str, b: str) -> bool:
        """Two spellings that can be one author of one paper: same surname and given names
        that agree where both are written (an initial matches a name), or the same words in
        another order (family and given names swapped)."""
        (ga, fa), (gb, fb) = self.parts(a), self.parts(b)
        if not fa or not fb:
            return False
        if dblp_number(a) != dblp_number(b) and dblp_number(a) and dblp_number(b):
            return False  # DBLP tells these two homonyms apart
        if fa == fb:
            return not ga or not gb or _given_names_agree(ga, gb)
        return sorted([*ga, fa]) == sorted([*gb, fb])


def _given_names_agree(a: list[str], b: list[str]) -> bool:
    """Given names agree where both are written; an initial matches a name's first letter,
    the first given names must agree and the shorter list may leave names out.

    >>> _given_names_agree(["p", "k"], ["pankaj", "k"]), _given_names_agree(["p"], ["pankaj", "k"])
    (True, True)
    >>> _given_names_agree(["k"], ["pankaj", "k"]), _given_names_agree(["jane"], ["john"])
    (False, False)
    """
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    j = 0
    for k, tok in enumerate(short):
        while j < len(long_):
            other = long_[j]
            j += 1
            if tok == other or (min(len(tok), len(other)) == 1 and tok[0] == other[0]):
                break
            if k == 0:
                return False
        else:
            return False
    return True


# ---- phase 3: which records are one work --------------------------------------------------

#: Titles that name no particular work (title keys): records with one of them never merge on
#: their title, whatever their year and authors.  A title key with fewer than 3 characters or
#: without a letter (``??``, ``-``, ``2003``) is a placeholder too.
PLACEHOLDER_TITLES = frozenset(
    title_key(t)
    for t in (
        "Untitled",
        "No title",
        "No title available",
        "Title",
        "Preface",
        "Foreword",
        "Editorial",
        "Guest editorial",
        "Editorial board",
        "Editorial note",
        "Editor's note",
        "From the editor",
        "Introduction",
        "Conclusion",
        "Conclusions",
        "Index",
        "Author index",
        "Subject index",
        "Erratum",
        "Errata",
        "Corrigendum",
        "Corrigenda",
        "Correction",
        "Retraction",
        "Addendum",
        "Reply",
        "Author's reply",
        "Response",
        "Comment",
        "Comments",
        "Commentary",
        "Discussion",
        "Letter",
        "Letters",
        "Letter to the editor",
        "Letters to the editor",
        "Book review",
        "Book reviews",
        "Review",
        "Obituary",
        "In memoriam",
        "In this issue",
        "Front matter",
        "Back matter",
        "Contents",
        "Table of contents",
        "Masthead",
        "Cover",
        "Issue information",
        "Acknowledgement",
        "Acknowledgements",
        "Acknowledgment",
        "Acknowledgments",
        "Reviewers",
        "Abstract",
        "Abstracts",
        "Announcement",
        "Announcements",
        "News",
        "Notes",
        "Summary",
        "Overview",
        "Keynote",
        "Welcome",
        "Message from the chairs",
        "Program committee",
        "Appendix",
        "References",
        "Bibliography",
    )
)


def is_placeholder_title(key: str) -> bool:
    """True for a title key that names no particular work (:data:`PLACEHOLDER_TITLES`).

    >>> [is_placeholder_title(title_key(t)) for t in ("??", "Preface", "Letter to the Editor.",
    ...                                               "Prefaces to Kant", "A")]
    [True, True, True, False, True]
    """
    # A title key holds letters and digits only: no letter is all digits (isnumeric).
    return len(key) < 3 or key in PLACEHOLDER_TITLES or key.isnumeric()


_DOI_PREFIX = re.compile(r"^(?:https?://)?(?:dx\.)?(?:doi\.org/)?(?:doi:\s*)?", re.IGNORECASE)
_DOI_SHAPE = re.compile(r"^10\.\d{3,9}/\S+$")


def doi_key(doi: str) -> str:
    """A DOI for comparison: resolver prefixes, ``doi:``, case and trailing punctuation
    removed; ``""`` for text that is not a DOI.

    >>> doi_key(" https://doi.org/10.1000/ABC.1. "), doi_key("doi:10.1000/abc.1;"), doi_key("n/a")
    ('10.1000/abc.1', '10.1000/abc.1', '')
    """
    key = _DOI_PREFIX.sub("", doi.strip()).rstrip(".,;: ").lower()
    if "%" in key:
        key = unquote(key)
    return key if _DOI_SHAPE.match(key) else ""


def paper_ext_keys(ext_id: str) -> list[str]:
    """The paper ids of ``PaperRecord.ext_id`` (``scheme:value``, ``;``-separated), lower case.

    >>> paper_ext_keys("PMID:123; wos:000111;;bad")
    ['pmid:123', 'wos:000111']
    """
    out = []
    for part in ext_id.split(";"):
        scheme, _, value = part.strip().lower().partition(":")
        if scheme and value.strip():
            out.append(f"{scheme}:{value.strip()}")
    return out


class _UnionFind:
    """Union-find over record indices; a set's root is its smallest index (its first record
    in input order), whatever order the unions came in."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while (up := parent.get(root, root)) != root:
            root = up
        while x != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        return True

    def sets(self) -> dict[int, list[int]]:
        """Every set of more than one index: root -> its indices, ascending."""
        out: dict[int, list[int]] = {}
        for x in list(self.parent):
            out.setdefault(self.find(x), []).append(x)
        return {r: sorted({r, *xs}) for r, xs in sorted(out.items())}


def _rank(rec: PaperRecord, index: int) -> tuple:
    """Sort key of records of one work, best first: the longest author list, complete before
    cut, with a DOI; then by place (file, line) and content, so the choice does not depend on
    the order the inputs were given in."""
    return (
        -len(rec.authors),
        not rec.authors_complete,
        not rec.doi,
        rec.source,
        rec.line,
        rec.title,
        tuple(a.name for a in rec.authors),
        index,
    )


# DOIs of preprint servers (arXiv, SSRN, bioRxiv/medRxiv, Research Square, Preprints.org): a
# preprint and its published version are one work for co-authorship, so a preprint DOI never
# sets two records apart.
_PREPRINT_DOI = re.compile(
    r"^10\.(?:48550/arxiv\.|2139/ssrn\.|1101/\d{4}\.\d|21203/rs\.|20944/preprints)"
)


@dataclass
class _Evidence:
    """What the title rule compares between two candidate works."""

    dois: set[str]  # DOIs of published versions (preprint DOIs left out)
    tokens: set[tuple]  # author ids and surname + first initial of every listed author
    empty_cut: bool  # no listed author, and the list is cut: a prefix of any list

    @classmethod
    def of(cls, records: Iterable[PaperRecord], names: _Names) -> _Evidence:
        ev = cls(set(), set(), False)
        cut_empty = False
        for rec in records:
            if (d := doi_key(rec.doi)) and not _PREPRINT_DOI.match(d):
                ev.dois.add(d)
            for a in rec.authors:
                ev.tokens.update(names.tokens(a.name))
            cut_empty = cut_empty or (not rec.authors and not rec.authors_complete)
        ev.empty_cut = cut_empty and not ev.tokens
        return ev

    def agrees(self, other: _Evidence) -> bool:
        """One work by title + year: no two different DOIs (two versions registered apart,
        such as a conference paper and its journal version; a preprint DOI does not count),
        and author lists that agree (an author in common, or one list is a cut list with
        nobody on it).  Paper ids of databases do not set records apart: OpenAlex, for one,
        has one work under several ids."""
        if self.dois and other.dois and self.dois.isdisjoint(other.dois):
            return False
        return self.empty_cut or other.empty_cut or not self.tokens.isdisjoint(other.tokens)

    def join(self, other: _Evidence) -> _Evidence:
        tokens = self.tokens | other.tokens
        return _Evidence(
            self.dois | other.dois, tokens, (self.empty_cut or other.empty_cut) and not tokens
        )


@dataclass
class _Works:
    """Which records are one work: ``works`` maps the first record (input order) of every work
    of several records to all its records (ascending); ``title_keys`` holds every record's
    title key; ``merged_by`` counts merges by rule (each merge joins two works into one)."""

    works: dict[int, list[int]]
    title_keys: list[str]
    merged_by: dict[str, int]

    def work_of(self) -> dict[int, int]:
        """Record index -> the first record of its work, for records of multi-record works."""
        return {i: first for first, members in self.works.items() for i in members}


def _group(entries: Sequence[tuple[PaperRecord, tuple[str, ...]]], names: _Names) -> _Works:
    """Decide which records are one work (README "One paper, one author, across files").

    Rules, in this order: a shared DOI (:func:`doi_key`), a shared paper id
    (:func:`paper_ext_keys`), then the same title key and year when the author lists agree
    (:meth:`_Evidence.agrees`) and the title is no placeholder (:func:`is_placeholder_title`).
    Works of one title and year are compared best record first (:func:`_rank`), so the
    outcome does not depend on the order of the inputs.
    """
    uf = _UnionFind()
    merged_by = {"doi": 0, "ext_id": 0, "title_year_authors": 0}
    title_keys: list[str] = []
    by_doi: dict[str, int] = {}
    by_title: dict[tuple[str, int | None], int] = {}
    shared_titles: dict[tuple[str, int | None], list[int]] = {}
    with_ids = []
    for i, (rec, _) in enumerate(entries):
        tk = title_key(latex_to_text(rec.title))
        title_keys.append(tk)
        if rec.doi and (d := doi_key(rec.doi)):
            j = by_doi.setdefault(d, i)
            if j != i and uf.union(j, i):
                merged_by["doi"] += 1
        if rec.ext_id:
            with_ids.append(i)
        if not is_placeholder_title(tk):
            b = (tk, rec.year)
            j = by_title.setdefault(b, i)
            if j != i:
                shared_titles.setdefault(b, [j]).append(i)
    by_ext: dict[str, int] = {}
    for i in with_ids:  # after every DOI: the counts per rule do not depend on record order
        for x in paper_ext_keys(entries[i][0].ext_id):
            j = by_ext.setdefault(x, i)
            if j != i and uf.union(j, i):
                merged_by["ext_id"] += 1
    if shared_titles:
        merged_by["title_year_authors"] = _merge_titles(entries, shared_titles, uf, names)
    return _Works(uf.sets(), title_keys, merged_by)


def _merge_titles(
    entries: Sequence[tuple[PaperRecord, tuple[str, ...]]],
    shared: dict[tuple[str, int | None], list[int]],
    uf: _UnionFind,
    names: _Names,
) -> int:
    """Join works that share a title key and year where their evidence agrees; the number of
    joins.  Within one title, works go best first, each into the first earlier group it agrees
    with (greedy, so a chain A ~ B ~ C never joins A and C that disagree)."""
    members = uf.sets()
    evidence: dict[int, _Evidence] = {}

    def records(root: int) -> list[int]:
        return members.get(root) or [root]

    def evidence_of(root: int) -> _Evidence:
        ev = evidence.get(root)
        if ev is None:
            ev = evidence[root] = _Evidence.of((entries[i][0] for i in records(root)), names)
        return ev

    def rank(root: int) -> tuple:
        return min(_rank(entries[i][0], i) for i in records(root))

    joins = 0
    for b in sorted(shared, key=lambda b: (b[0], b[1] is None, b[1] or 0)):
        roots = sorted({uf.find(i) for i in shared[b]}, key=rank)
        heads: list[int] = []
        # Heads by author token, and heads with an empty cut list (they agree with anyone):
        # a unit is compared with the heads it could agree with, not with every head, so a
        # title shared by thousands of different works stays linear.
        by_token: dict[tuple, list[int]] = {}
        open_heads: list[int] = []
        for u in roots:
            ev_u = evidence_of(u)
            if ev_u.empty_cut:
                candidates: Iterable[int] = range(len(heads))
            else:
                found = {k for t in ev_u.tokens for k in by_token.get(t, ())}
                candidates = sorted(found.union(open_heads))
            for k in candidates:
                h = heads[k]
                ev_h = evidence_of(h)
                if ev_h.agrees(ev_u):
                    uf.union(h, u)
                    new = uf.find(h)
                    joined = ev_h.join(ev_u)
                    both = sorted(records(h) + records(u))
                    for old in (h, u):
                        evidence.pop(old, None)
                        members.pop(old, None)
                    evidence[new], members[new] = joined, both
                    heads[k] = new
                    joins += 1
                    break
            else:
                k = len(heads)
                heads.append(u)
                if ev_u.empty_cut:
                    open_heads.append(k)
            for t in ev_u.tokens:
                if k not in (slots := by_token.setdefault(t, [])):
                    slots.append(k)
            if k in open_heads and not evidence_of(heads[k]).empty_cut:
                open_heads.remove(k)
    return joins


# ---- phase 4: one record per work ---------------------------------------------------------


_NO_PLACE = ("", "")  # country and address of an institution the source gives neither of


def _at(values: Sequence[str], k: int) -> str:
    """``values[k]``, or ``""`` where an aligned field is shorter (or empty)."""
    return values[k] if k < len(values) else ""


def _join_refs(a: AuthorRef, b: AuthorRef) -> AuthorRef:
    """Author ``a`` with the ids and institutions ``b`` (the same person on another record of
    the work) adds; ``a``'s name stays."""
    ids = [x for x in a.ext_id.split(";") if x]
    new_ids = [x for x in b.ext_id.split(";") if x and x not in ids]
    new = [k for k, inst in enumerate(b.affiliations) if inst not in a.affiliations]
    if not new_ids and not new:
        return a
    n = len(a.affiliations)

    def aligned(mine: Sequence[str], theirs: Sequence[str]) -> tuple[str, ...]:
        out = tuple(_at(mine, k) for k in range(n)) + tuple(_at(theirs, k) for k in new)
        return out if any(out) else ()

    return AuthorRef(
        a.name,
        ";".join(ids + new_ids),
        a.affiliations + tuple(b.affiliations[k] for k in new),
        aligned(a.affiliation_ids, b.affiliation_ids),
        aligned(a.affiliation_countries, b.affiliation_countries),
        aligned(a.affiliation_addresses, b.affiliation_addresses),
    )


def _merge_authors(
    items: Sequence[tuple[PaperRecord, tuple[str, ...]]], names: _Names
) -> tuple[list[AuthorRef], int]:
    """One author list for the records of one work (best record first, each with its owners)
    and how many authors were left out.

    The first record's list is the base.  An author of another record is the same author as
    a base author with the same id or a compatible spelling (:meth:`_Names.same_person`,
    preferring the same position): ``Pankaj K. Agarwal`` on one record and ``P. K. Agarwal``
    on another are one author, not two (which would link a person to their own name).  Any
    other author is added only where, for every author already on the list, some record has
    both (listed, or as the owner of a profile it comes from): a merge never states a
    co-authorship no record states.
    """
    merged: list[AuthorRef] = []
    ids: list[str] = []
    listed: list[set[str]] = []
    for r, (rec, owners) in enumerate(items):
        rids = [names.key(a.name) for a in rec.authors]
        listed.append({*rids, *map(names.key, owners)})
        if r == 0:
            merged.extend(rec.authors)
            ids.extend(rids)
            continue
        used: set[int] = set()
        for pos, (a, aid) in enumerate(zip(rec.authors, rids, strict=True)):
            j = next((k for k, x in enumerate(ids) if x == aid and k not in used), None)
            if j is None:
                fits = [
                    k
                    for k in range(len(merged))
                    if k not in used and names.same_person(merged[k].name, a.name)
                ]
                j = pos if pos in fits else (fits[0] if fits else None)
            if j is None:
                merged.append(a)
                ids.append(aid)
                used.add(len(merged) - 1)
            else:
                used.add(j)
                merged[j] = _join_refs(merged[j], a)
    base = len(items[0][0].authors)
    keep = list(range(base))
    for e in range(base, len(merged)):
        if all(any(ids[e] in s and ids[k] in s for s in listed) for k in keep):
            keep.append(e)
    return [merged[k] for k in keep], len(merged) - len(keep)


def _union(*lists: Sequence[str]) -> list[str]:
    out: dict[str, None] = {}
    for values in lists:
        out.update(dict.fromkeys(v for v in values if v))
    return list(out)


def _union_ids(ext_ids: Iterable[str]) -> list[str]:
    """The ids of several ``ext_id`` fields, each once (compared as :func:`paper_ext_keys`
    does, kept as first written)."""
    out: dict[str, str] = {}
    for ext in ext_ids:
        for part in ext.split(";"):
            if (x := part.strip()) and (k := paper_ext_keys(x)):
                out.setdefault(k[0], x)
    return list(out.values())


def _merge_work(
    items: Sequence[tuple[PaperRecord, tuple[str, ...]]], names: _Names
) -> tuple[PaperRecord, tuple[str, ...], int]:
    """The records of one work (best first) as one record, its owners and the number of
    authors left out.  The first record gives the title, date and place; empty fields are
    filled from the others; flags are ORed, lists united."""
    recs = [rec for rec, _ in items]
    rep = recs[0]
    authors, dropped = _merge_authors(items, names)
    owners = tuple(_union(*(owners for _, owners in items)))
    tags: dict[str, tuple[str, str]] = {}
    for rec in recs:
        for k, tag in enumerate(rec.affiliations):
            if tag not in tags:
                tags[tag] = (_at(rec.affiliation_countries, k), _at(rec.affiliation_addresses, k))
    fields: dict = {
        "authors": tuple(authors),
        "authors_complete": any(r.authors_complete for r in recs),
        "affiliations": tuple(tags),
        "affiliation_countries": tuple(c for c, _ in tags.values()),
        "affiliation_addresses": tuple(a for _, a in tags.values()),
        "has_code": any(r.has_code for r in recs),
        "groups": tuple(_union(*(r.groups for r in recs))),
        "ext_id": ";".join(_union_ids(r.ext_id for r in recs)),
    }
    for name in ("code_url", "venue", "abstract", "category", "url"):
        fields[name] = next((v for r in recs if (v := getattr(r, name))), "")
    # The published version's DOI where one record has it, else a preprint's.
    dois = [r.doi for r in recs if doi_key(r.doi)]
    fields["doi"] = next((d for d in dois if not _PREPRINT_DOI.match(doi_key(d))), "") or next(
        iter(dois), rep.doi
    )
    if rep.date is None and (dated := next((r for r in recs if r.date is not None), None)):
        fields.update(
            date=dated.date,
            year=dated.year,
            date_precision=dated.date_precision,
            year_inferred=dated.year_inferred,
        )
    return dataclasses.replace(rep, **fields), owners, dropped


def _paper_keys(
    entries: Sequence[tuple[PaperRecord, tuple[str, ...]]],
    order: Sequence[int],
    works: _Works,
    merged: dict[int, tuple[PaperRecord, tuple[str, ...], int]],
) -> list[str]:
    """The dedupe key behind each paper's id, per work in ``order`` (first records): ``doi:``
    + the DOI, else ``t:`` + title key + ``:`` + year.  Works that stay apart though their
    keys are equal (a placeholder title, a title shared by different works) get ``#2``,
    ``#3`` ... in the order of :func:`_rank`, so each keeps a distinct, stable id."""
    keys = []
    for i in order:
        rec = merged[i][0] if i in merged else entries[i][0]
        d = doi_key(rec.doi) if rec.doi else ""
        keys.append("doi:" + d if d else f"t:{works.title_keys[i]}:{rec.year or ''}")
    if len(set(keys)) == len(keys):
        return keys
    slots: dict[str, list[int]] = {}
    for n, key in enumerate(keys):
        slots.setdefault(key, []).append(n)
    for key, same in slots.items():
        if len(same) > 1:
            ranked = sorted(same, key=lambda n: _rank(entries[order[n]][0], order[n])[3:])
            for m, n in enumerate(ranked[1:], start=2):
                keys[n] = f"{key}#{m}"
    return keys


# ---- phase 5: the tables ------------------------------------------------------------------


@dataclass
class _Tables:
    papers: pd.DataFrame
    authorships: pd.DataFrame
    affiliations: pd.DataFrame
    owner_ids: list[str]


def _tables(
    entries: Sequence[tuple[PaperRecord, tuple[str, ...]]],
    works: _Works,
    merged: dict[int, tuple[PaperRecord, tuple[str, ...], int]],
    names: _Names,
) -> _Tables:
    """Rows of the three tables, one paper per work in input order (its first record)."""
    work_of = works.work_of()
    order = [i for i in range(len(entries)) if work_of.get(i, i) == i]
    keys = _paper_keys(entries, order, works, merged)
    paper_rows: list[tuple] = []
    acols: dict[str, list] = {c: [] for c in AUTHORSHIP_COLUMNS}
    a_pid, a_aid, a_name = acols["paper_id"], acols["author_id"], acols["name"]
    aff_rows: dict[tuple[str, str, str], tuple[str, str]] = {}  # ordered, no duplicates
    owner_ids: dict[str, None] = {}
    # Bound methods: the loop below runs once per authorship (10^6 papers: ~3 million times).
    kget, nget, tget = names.ids.get, names.names.get, names.texts.get
    akey, clean, text = names.key, names.clean, names.text
    iso_dates: dict[dt.date, str] = {}
    add_pid, add_aid, add_name = a_pid.append, a_aid.append, a_name.append
    add_pos, add_listed = acols["position"].append, acols["listed"].append
    add_owner, add_ext = acols["is_owner"].append, acols["ext_id"].append
    taken_ids: dict[str, str] = {}
    for i, key in zip(order, keys, strict=True):
        rec, owners = merged[i][:2] if i in merged else entries[i]
        pid = _paper_id(key, taken_ids)
        # (a cached "" is falsy and recomputed: still "")
        listed = [(a, name) for a in rec.authors if (name := nget(a.name) or clean(a.name))]
        abstract = clean_text(latex_to_text(rec.abstract)) if rec.abstract else ""
        if abstract == rec.abstract:  # share the record's string rather than hold a copy
            abstract = rec.abstract
        title = clean_text(latex_to_text(rec.title))
        if title == rec.title:
            title = rec.title
        date = ""
        if rec.date:  # one string per distinct date
            date = iso_dates.get(rec.date) or iso_dates.setdefault(rec.date, rec.date.isoformat())
        paper_rows.append(
            (
                pid,
                title,
                rec.title,
                date,
                rec.year,
                rec.date_precision,
                rec.year_inferred,
                rec.category,
                bool(rec.has_code),
                rec.code_url,
                abstract,
                bool(rec.authors_complete),
                len(listed),
                rec.doi,
                (tget(rec.venue) or text(rec.venue)) if rec.venue else "",
                "; ".join(_union([text(g) for g in rec.groups])) if rec.groups else "",
                rec.url,
                rec.ext_id,
                rec.source,
                rec.line,
            )
        )
        okeys = {akey(o) for o in owners} if owners else ()
        seen: set[str] = set()
        for pos, (a, name) in enumerate(listed):
            # keyed as written: the shown name leaves out what tells people apart (DBLP's
            # "Wei Wang 0001"); otherwise the key of the written and shown names is one
            aid = kget(a.name) or akey(a.name)
            if aid in seen:  # the same person twice on one paper (a typo in the source)
                continue
            seen.add(aid)
            add_pid(pid)
            add_aid(aid)
            add_name(name)
            add_pos(pos)
            add_listed(True)
            add_owner(aid in okeys)
            add_ext(a.ext_id)
            if a.affiliation_countries or a.affiliation_addresses:
                for k, inst in enumerate(a.affiliations):
                    aff_rows.setdefault(
                        (pid, tget(inst) or text(inst), aid),
                        (_at(a.affiliation_countries, k), _at(a.affiliation_addresses, k)),
                    )
            else:
                for inst in a.affiliations:
                    aff_rows.setdefault((pid, tget(inst) or text(inst), aid), _NO_PLACE)
        for o in owners:
            oid = akey(o)
            owner_ids[oid] = None
            if oid not in seen:
                seen.add(oid)
                add_pid(pid)
                add_aid(oid)
                add_name(clean(o))
                add_pos(-1)  # no position: masked below
                add_listed(False)
                add_owner(True)
                add_ext("")
        if rec.affiliation_countries or rec.affiliation_addresses:
            for k, t in enumerate(rec.affiliations):
                if tag := tget(t) or text(t):
                    aff_rows.setdefault(
                        (pid, tag, ""),
                        (_at(rec.affiliation_countries, k), _at(rec.affiliation_addresses, k)),
                    )
        else:
            for t in rec.affiliations:
                if tag := tget(t) or text(t):
                    aff_rows.setdefault((pid, tag, ""), _NO_PLACE)

    if a_aid:
        # The display name of each author: replaces every spelling (aliases name their own).
        display = _display_names(a_aid, a_name)
        display.update((k, v) for k, v in names.alias_names.items() if k in display)
        acols["name"] = list(map(display.__getitem__, a_aid))
        del a_name
    papers = _paper_frame(paper_rows)
    del paper_rows
    # Owners added to a paper have no position (-1 here, masked: <NA>).
    positions = np.array(acols["position"], dtype=np.int64)
    acols["position"] = pd.arrays.IntegerArray(positions, positions < 0)
    authorships = _frame(acols)
    del acols
    authorships["position"] = authorships["position"].astype("Int64")  # no-op unless empty
    authorships["listed"] = authorships["listed"].astype(bool)
    authorships["is_owner"] = authorships["is_owner"].astype(bool)
    affiliations = pd.DataFrame(
        [
            (pid, inst, aid, text(country) if country else "", text(addr) if addr else "")
            for (pid, inst, aid), (country, addr) in aff_rows.items()
        ],
        columns=list(AFFILIATION_COLUMNS),
    )
    return _Tables(papers, authorships, affiliations, list(owner_ids))


def _paper_frame(rows: list[tuple]) -> pd.DataFrame:
    """The papers table from its row tuples (transposed to columns in C), with its dtypes."""
    columns = map(list, zip(*rows, strict=True)) if rows else ([] for _ in PAPER_COLUMNS)
    papers = _frame(dict(zip(PAPER_COLUMNS, columns, strict=True)))
    papers["year"] = papers["year"].astype("Int64")
    papers["line"] = papers["line"].astype("int64")
    papers["n_listed"] = papers["n_listed"].astype("int64")
    for col in ("year_inferred", "has_code", "authors_complete"):
        papers[col] = papers[col].astype(bool)
    return papers


# ---- the stage ----------------------------------------------------------------------------


@gc_paused()
def normalise(
    results: Sequence[LoadResult] | LoadResult,
    *,
    owner: str | None = None,
    add_owner: bool = True,
    aliases: dict[str, str] | None = None,
) -> Corpus:
    """Turn reader results into a :class:`Corpus`.

    Parameters
    ----------
    results : one or more :class:`LoadResult` (one per input file).
    owner : the owner of every input (``--owner``), replacing named and detected owners.
    add_owner : False leaves owners out entirely (``--no-owner``).
    aliases : ``{variant name: canonical name}`` merging what the name key cannot.

    Raises
    ------
    InputError
        for an input file that gave no paper although it held records (:func:`check_read`).

    Examples
    --------
    >>> from graph.load.profile_text import read_string
    >>> page = "Ada Lovelace\\n\\nCVMay 3, 2021\\nT1\\nAlan Turing, Kurt Gödel\\n"
    >>> c = normalise(read_string(page))
    >>> for row in c.authorships[["author_id", "name", "listed"]].values.tolist():
    ...     print(row)
    ['alanturing', 'Alan Turing', True]
    ['kurtgodel', 'Kurt Gödel', True]
    ['adalovelace', 'Ada Lovelace', False]
    """
    if isinstance(results, LoadResult):
        results = [results]
    mostly_skipped = check_read(results)
    inputs = _collect(results, owner=owner, add_owner=add_owner)
    names = _Names(results, aliases)
    works = _group(inputs.entries, names)
    merged = {
        first: _merge_work(
            [
                inputs.entries[i]
                for i in sorted(members, key=lambda i: _rank(inputs.entries[i][0], i))
            ],
            names,
        )
        for first, members in works.works.items()
    }
    tables = _tables(inputs.entries, works, merged, names)
    records_read = len(inputs.entries)
    meta = {
        "owners": tables.owner_ids,
        "sources": inputs.sources,
        "records_read": records_read,
        "duplicates_merged": records_read - len(tables.papers),
        "merged_by": works.merged_by,
        "merge_dropped_authors": sum(m[2] for m in merged.values()),
        "skipped": len(inputs.problems),
        "owners_detected": inputs.detected_owners,
        "mostly_skipped": mostly_skipped,
        "warnings": [w for src in inputs.sources for w in src.get("warnings", [])]
        + [skipped_warning(m) for m in mostly_skipped],
        "merged_by_id": names.merged_ids,
        "institution_ids": dict(sorted(inputs.institution_ids.items())),
    }
    return Corpus(
        validate(tables.papers, "papers"),
        validate(tables.authorships, "authorships"),
        validate(tables.affiliations, "affiliations"),
        meta,
        tuple(inputs.problems),
    )


def authors_table(corpus: Corpus) -> pd.DataFrame:
    """One row per author: ``author_id, label, papers, first_year, last_year, is_owner``.

    Sorted by papers (descending), then label, then id, so the order is stable.
    """
    a = corpus.authorships.merge(corpus.papers[["paper_id", "year"]], on="paper_id", how="left")
    if a.empty:
        return pd.DataFrame(
            columns=["author_id", "label", "papers", "first_year", "last_year", "is_owner"]
        )
    g = a.groupby("author_id", sort=True)
    out = pd.DataFrame(
        {
            "label": g["name"].first(),
            "papers": g["paper_id"].nunique(),
            "first_year": g["year"].min(),
            "last_year": g["year"].max(),
            "is_owner": g["is_owner"].any(),
        }
    ).reset_index()
    return out.sort_values(
        ["papers", "label", "author_id"], ascending=[False, True, True], ignore_index=True
    )


def iter_owner_names(corpus: Corpus) -> Iterable[str]:
    """Display names of the owners, in order."""
    names = corpus.authorships.drop_duplicates("author_id").set_index("author_id")["name"]
    return [names.get(o, o) for o in corpus.owner_ids]
