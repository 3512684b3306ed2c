"""Normalise stage: reader records -> the tidy ``Corpus`` tables.

What happens here, in order:

1. titles and abstracts: LaTeX made readable (``ID$^3$`` -> ``ID³``), Unicode NFC, white space
   collapsed; the raw title is kept in ``title_raw``;
2. one paper seen in several inputs (same DOI, else same normalised title and year) becomes one
   paper whose owners are the union of the inputs' owners;
3. names get an identity key (:func:`graph.text.name_key`), then the alias map; the display name
   of an author is their most frequent spelling (ties: the accented spelling, then alphabetical);
4. profile owners become authors of their papers (``listed=False``, no position); a file
   without a named owner uses the owner the reader detected (``meta["owner_detected"]``);
5. affiliation tags stay paper-level (``author_id=""``), per-author institutions keep the author;
6. authors sharing an external id (ORCID, OpenAlex or Scopus id) are one author even when their
   name keys differ (:func:`identity_map`).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ._gc import gc_paused
from .errors import InputError, Problem
from .load._text import read_text
from .load.records import LoadResult, PaperRecord
from .schema import AFFILIATION_COLUMNS, AUTHORSHIP_COLUMNS, PAPER_COLUMNS, validate
from .text import clean_text, latex_to_text, name_key, title_key

__all__ = ["Corpus", "authors_table", "identity_map", "normalise", "read_aliases"]


@dataclass(frozen=True)
class Corpus:
    """The tidy tables of one run, plus what was learned about the sources.

    ``meta`` holds ``owners`` (author ids), ``sources`` (per-file metadata such as the claimed
    paper count), ``records_read``, ``duplicates_merged``, ``owners_detected`` (owners found in
    files that name none: source, name, papers, of, share), ``merged_by_id`` (name keys merged
    through a shared external id), ``institution_ids`` (institution -> ROR/OpenAlex id) and
    ``warnings`` (readers' notes on things read anyway, such as a reused BibTeX key);
    ``problems`` are the skipped records.
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


def read_aliases(path: str | os.PathLike[str]) -> dict[str, str]:
    """Read an alias CSV (header ``variant,canonical``) into ``{variant: canonical}`` names.

    Raises :class:`InputError` naming the line of any malformed row.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(path, None, "an alias CSV file", hint="check the --aliases path")
    text = read_text(path, what="a UTF-8 alias CSV file")
    rows = list(csv.reader(text.splitlines()))
    if not rows or [c.strip().lower() for c in rows[0][:2]] != ["variant", "canonical"]:
        raise InputError(
            path,
            1,
            "a header line 'variant,canonical'",
            found=",".join(rows[0]) if rows else "an empty file",
            hint="the first line names the two columns",
        )
    out: dict[str, str] = {}
    for n, row in enumerate(rows[1:], start=2):
        if not row or not any(c.strip() for c in row):
            continue
        if len(row) < 2 or not row[0].strip() or not row[1].strip():
            raise InputError(
                path,
                n,
                "two names: variant,canonical",
                found=",".join(row),
                hint="quote names that contain commas",
            )
        out[clean_text(row[0])] = clean_text(row[1])
    return out


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


def _dedupe_key(rec: PaperRecord) -> str:
    if rec.doi:
        return "doi:" + rec.doi.strip().lower()
    return f"t:{title_key(latex_to_text(rec.title))}:{rec.year or ''}"


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
    alias_keys = {name_key(v): name_key(c) for v, c in (aliases or {}).items()}
    alias_names = {name_key(c): c for c in (aliases or {}).values()}

    def alias_key(name: str) -> str:
        k = name_key(name)
        return alias_keys.get(k, k)

    merged_ids = identity_map(
        (alias_key(a.name), a.ext_id)
        for res in results
        for rec in res.records
        for a in rec.authors
        if a.ext_id
    )

    key_of: dict[str, str] = {}  # name string -> author id, computed once per distinct string

    def akey(name: str) -> str:
        k = key_of.get(name)
        if k is None:
            k = alias_key(name)
            k = key_of[name] = merged_ids.get(k, k)
        return k

    # name, tag or venue string -> clean_text(string), once per distinct string
    cleaned: dict[str, str] = {}

    def clean_name(name: str) -> str:
        c = cleaned.get(name)
        if c is None:
            c = cleaned[name] = clean_text(name)
        return c

    # First record of each paper, in input order, with its owners; a dict of merged fields
    # only for papers seen again (most papers are seen once: no per-record dict or list).
    firsts: dict[str, tuple[PaperRecord, tuple[str, ...]]] = {}
    merged: dict[str, dict] = {}
    records_read = 0
    problems: list[Problem] = []
    sources = []
    detected_owners = []
    institution_ids: dict[str, str] = {}
    for res in results:
        problems.extend(res.problems)
        sources.append(dict(res.meta))
        found = res.meta.get("owner_detected")
        detected = found["name"] if isinstance(found, dict) and add_owner else ""
        if detected:
            detected_owners.append({"source": res.meta.get("path", ""), **found})
        for name, ident in (res.meta.get("institution_ids") or {}).items():
            institution_ids.setdefault(name, ident)
        for rec in res.records:
            records_read += 1
            owners = rec.owners or ((detected,) if detected else ())
            if owner:  # --owner names the owner of every input
                owners = (owner,)
            if not add_owner:
                owners = ()
            key = _dedupe_key(rec)
            first = firsts.get(key)
            if first is None:
                firsts[key] = (rec, owners)
                continue
            m = merged.get(key)
            if m is None:
                rec0, owners0 = first
                m = merged[key] = {
                    "owners": list(owners0),
                    "authors": list(rec0.authors),
                    "complete": rec0.authors_complete,
                    "tags": list(rec0.affiliations),
                    "has_code": rec0.has_code,
                    "code_url": rec0.code_url,
                }
            m["owners"] += [o for o in owners if o not in m["owners"]]
            seen = {akey(a.name) for a in m["authors"]}
            if len(rec.authors) > len(m["authors"]):
                # The longer list is the better one; keep earlier extras after it.
                extra = [
                    a
                    for a in m["authors"]
                    if akey(a.name) not in {akey(b.name) for b in rec.authors}
                ]
                m["authors"] = list(rec.authors) + extra
            else:
                m["authors"] += [a for a in rec.authors if akey(a.name) not in seen]
            m["complete"] = m["complete"] or rec.authors_complete
            m["tags"] += [t for t in rec.affiliations if t not in m["tags"]]
            m["has_code"] = m["has_code"] or rec.has_code
            m["code_url"] = m["code_url"] or rec.code_url

    paper_rows: list[tuple] = []
    acols: dict[str, list] = {c: [] for c in AUTHORSHIP_COLUMNS}
    a_pid, a_aid, a_name = acols["paper_id"], acols["author_id"], acols["name"]
    a_pos, a_listed, a_owner, a_ext = (
        acols["position"],
        acols["listed"],
        acols["is_owner"],
        acols["ext_id"],
    )
    aff_rows: dict[tuple[str, str, str], None] = {}  # ordered and without duplicates
    owner_ids: dict[str, None] = {}
    # Bound methods: the loop below runs once per authorship (10^6 papers: ~3 million times).
    kget, cget = key_of.get, cleaned.get
    iso_dates: dict[dt.date, str] = {}
    add_pid, add_aid, add_name, add_pos = a_pid.append, a_aid.append, a_name.append, a_pos.append
    add_listed, add_owner, add_ext = a_listed.append, a_owner.append, a_ext.append
    taken_ids: dict[str, str] = {}
    for key, (rec, owners) in firsts.items():
        m = merged.get(key)
        if m is None:  # seen once: the record's own fields
            authors, tags = rec.authors, rec.affiliations
            has_code, url, complete = rec.has_code, rec.code_url, rec.authors_complete
        else:
            owners, authors, tags = m["owners"], m["authors"], m["tags"]
            has_code, url, complete = m["has_code"], m["code_url"], m["complete"]
        pid = _paper_id(key, taken_ids)
        # (a cached "" is falsy and recomputed: still "")
        listed = [(a, name) for a in authors if (name := cget(a.name) or clean_name(a.name))]
        abstract = clean_text(latex_to_text(rec.abstract)) if rec.abstract else ""
        if abstract == rec.abstract:  # share the record's string rather than hold a copy
            abstract = rec.abstract
        title = clean_text(latex_to_text(rec.title))
        if title == rec.title:
            title = rec.title
        venue = clean_name(rec.venue) if rec.venue else ""
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
                bool(has_code),
                url,
                abstract,
                bool(complete),
                len(listed),
                rec.doi,
                venue,
                rec.source,
                rec.line,
            )
        )
        okeys = {akey(o) for o in owners} if owners else ()
        seen: set[str] = set()
        for pos, (a, name) in enumerate(listed):
            aid = kget(name) or akey(name)
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
            for inst in a.affiliations:
                aff_rows[(pid, clean_name(inst), aid)] = None
        for o in owners:
            oid = akey(o)
            owner_ids[oid] = None
            if oid not in seen:
                seen.add(oid)
                add_pid(pid)
                add_aid(oid)
                add_name(clean_name(o))
                add_pos(-1)  # no position: masked below
                add_listed(False)
                add_owner(True)
                add_ext("")
        for t in tags:
            if tag := clean_name(t):
                aff_rows[(pid, tag, "")] = None

    if a_aid:
        # The display name of each author: replaces every spelling (aliases name their own).
        display = _display_names(a_aid, a_name)
        display.update((k, v) for k, v in alias_names.items() if k in display)
        acols["name"] = list(map(display.__getitem__, a_aid))
        del a_name
    # Rows transposed to columns in C; the row tuples go before the tables are built.
    columns = (
        map(list, zip(*paper_rows, strict=True)) if paper_rows else ([] for _ in PAPER_COLUMNS)
    )
    pcols = dict(zip(PAPER_COLUMNS, columns, strict=True))
    papers = _frame(pcols)
    del paper_rows, pcols
    papers["year"] = papers["year"].astype("Int64")
    papers["line"] = papers["line"].astype("int64")
    papers["n_listed"] = papers["n_listed"].astype("int64")
    for col in ("year_inferred", "has_code", "authors_complete"):
        papers[col] = papers[col].astype(bool)
    # Owners added to a paper have no position (-1 here, masked: <NA>).
    positions = np.array(a_pos, dtype=np.int64)
    del a_pos, add_pos
    acols["position"] = pd.arrays.IntegerArray(positions, positions < 0)
    authorships = _frame(acols)
    del acols
    authorships["position"] = authorships["position"].astype("Int64")  # no-op unless empty
    authorships["listed"] = authorships["listed"].astype(bool)
    authorships["is_owner"] = authorships["is_owner"].astype(bool)
    affiliations = pd.DataFrame(list(aff_rows), columns=list(AFFILIATION_COLUMNS))
    meta = {
        "owners": list(owner_ids),
        "sources": sources,
        "records_read": records_read,
        "duplicates_merged": records_read - len(firsts),
        "skipped": len(problems),
        "owners_detected": detected_owners,
        "warnings": [w for src in sources for w in src.get("warnings", [])],
        "merged_by_id": merged_ids,
        "institution_ids": dict(sorted(institution_ids.items())),
    }
    return Corpus(
        validate(papers, "papers"),
        validate(authorships, "authorships"),
        validate(affiliations, "affiliations"),
        meta,
        tuple(problems),
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
