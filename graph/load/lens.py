"""Reader for Lens.org scholarly-search CSV exports ("Export > CSV").

Columns used (Lens spells them so; any case): ``Lens ID``, ``Title``, ``Date Published``,
``Publication Year``, ``Author/s``, ``Source Title``, ``DOI``, ``PMID``, ``Abstract``,
``External URL`` / ``Source URLs``, and an institution column when the export has one
(``Institutions``, ``Affiliations``, ``Author Affiliations``).  ``Title`` and ``Author/s``
are required.

Rules
-----
* ``Author/s`` lists ``Given Family`` names separated by ``;``.  Lens writes a missing part
  of a name as the word ``null`` (``null Zhang``): such an author is **left out** and the
  paper's list is marked incomplete (``authors_complete=False``, counts are lower bounds),
  with one warning per file counting them and naming the first row (with ``strict``, that
  row is an error).  A bare family name would join every ``Zhang``
  of the corpus into one node, a co-authorship no record states.
* Group names (``... Consortium``) are the paper's ``groups`` (:mod:`graph.load.groups`).
* Date from ``Date Published`` (``2020-03-15``), else ``Publication Year``.  A year cell
  that holds no year is a problem (row skipped).
* ``Lens ID`` and ``PMID`` are the paper's ``ext_id`` (``lens:...;pmid:...``); ``External
  URL`` (else the first of ``Source URLs``) its ``url``.
* Institutions, when present, are paper-level (``;``-separated, read as addresses by
  :mod:`graph.load.address`): the export does not say which author they belong to.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from ..errors import InputError
from . import _common
from ._common import (
    Authorless,
    Problems,
    clean_doi,
    count_meta,
    date_or_year,
    flip_name,
    is_placeholder_author,
    new_record,
)
from ._table import Table
from ._text import read_input
from .address import aligned, parse_address
from .groups import split_groups
from .records import AuthorRef, LoadResult, PaperRecord
from .sniff import header_keys

__all__ = ["read", "read_string", "sniff"]

REQUIRED = ("Title", "Author/s")
_KNOWN = (
    "lens id",
    "title",
    "date published",
    "publication year",
    "author/s",
    "source title",
    "doi",
    "pmid",
)
_INSTITUTIONS = ("institutions", "institution", "affiliations", "author affiliations")
_NULL = re.compile(r"^null$", re.I)
#: Lens IDs: five groups of three characters (``020-207-390-726-457``), the last may end in X
_LENS_ID = re.compile(r"\d{3}-\d{3}-\d{3}-\d{3}-\d{2}[\dX]|\d{3}-\d+")


def sniff(lines: list[str]) -> bool:
    """A CSV header with ``Lens ID`` and ``Author/s``.

    >>> sniff(['"Lens ID","Title","Author/s","Publication Year"']), sniff(["title,authors"])
    (True, False)
    """
    keys = header_keys(lines)
    return "lens id" in keys and "author/s" in keys


def _names(cell: str) -> tuple[list[str], int, str]:
    """Names of an ``Author/s`` cell, how many were left out for a ``null`` part, and the
    first placeholder the cell wrote for an author (``Anonymous``, ``null`` alone)."""
    names: list[str] = []
    dropped = 0
    placeholder = ""
    for part in cell.split(";"):
        words = part.split()
        if not words:
            continue
        if is_placeholder_author(" ".join(words)):
            placeholder = placeholder or " ".join(words)
            if not _NULL.match(" ".join(words)):
                continue
        if any(_NULL.match(w) for w in words):
            dropped += 1
            continue
        names.append(flip_name(" ".join(words)))
    return names, dropped, placeholder


def read_string(
    text: str,
    source: str = "<input>",
    *,
    strict: bool = False,
    today: dt.date | None = None,
    cut_mid_character: bool = False,
) -> LoadResult:
    """Parse a Lens.org CSV export; see the module docstring for the rules.

    ``today`` (default: the real date) is the latest date a row may have;
    ``cut_mid_character`` says the file ended in the middle of a UTF-8 character.

    >>> csv_text = ('Lens ID,Title,Publication Year,Author/s,DOI\\n'
    ...             '000-1,Notes,1843,Ada Lovelace; null Babbage; Alan Turing,10.1000/X\\n')
    >>> res = read_string(csv_text)
    >>> rec = res.records[0]
    >>> [a.name for a in rec.authors], rec.authors_complete, rec.ext_id, rec.doi
    (['Ada Lovelace', 'Alan Turing'], False, 'lens:000-1', '10.1000/x')
    >>> res.meta["warnings"][0][:63]
    "<input>:2: 1 author written with 'null' for a missing name part"
    """
    problems = Problems(strict)
    today = today or _common.today()
    table = Table(
        text,
        source,
        problems,
        what="a Lens.org CSV export",
        required=REQUIRED,
        known=_KNOWN,
        hint="export the Lens.org results as CSV (scholarly works)",
        cut_mid_character=cut_mid_character,
    )
    inst_col = next((c for c in _INSTITUTIONS if c in table.keys), None)
    records: list[PaperRecord] = []
    authorless = Authorless()
    seen = dropped_total = first_null = 0
    for line, row, overfull in table:
        seen += 1
        title = " ".join(row["title"].split())
        names, dropped, placeholder = _names(row["author/s"])
        persons, groups = split_groups(names)
        problem = (
            ("a row with as many cells as the header", None)
            if overfull
            else ("a Title", None)
            if not title
            else None
        )
        if problem:
            problems.fail(
                InputError(
                    source,
                    line,
                    f"{problem[0]} in this Lens row",
                    found=problem[1],
                    hint="fill the cell or delete the row",
                ),
                "row",
            )
            continue
        if dropped and strict:
            raise InputError(
                source,
                line,
                "author names in this Lens row",
                found=row["author/s"],
                hint="Lens writes 'null' for a missing name part; without --strict such "
                "authors are left out and the list marked incomplete",
            )
        if dropped and not first_null:
            first_null = line
        dropped_total += dropped
        if not persons and not groups:  # Lens has no name for any author of this work
            authorless.add(line, placeholder or ("null" if dropped else ""))
        year, month, day = _date(row, source, line, problems, today)
        paper: dict = {}
        if inst_col and row.get(inst_col):
            orgs, countries, full = aligned(
                [parse_address(p) for p in row[inst_col].split(";") if p.strip()]
            )
            paper = {
                "affiliations": orgs,
                "affiliation_countries": countries,
                "affiliation_addresses": full,
            }
        lens_id = row.get("lens id", "")
        ids = [f"lens:{lens_id}" if _LENS_ID.fullmatch(lens_id) else ""]
        ids.append(f"pmid:{row['pmid']}" if row.get("pmid", "").isdigit() else "")
        urls = [row.get("external url", ""), *row.get("source urls", "").split(";")]
        records.append(
            new_record(
                title,
                [AuthorRef(n) for n in persons],
                source,
                line,
                year=year,
                month=month,
                day=day,
                complete=not dropped and not (placeholder and names),
                abstract=row.get("abstract", ""),
                doi=clean_doi(row.get("doi", "")),
                venue=row.get("source title", ""),
                groups=tuple(groups),
                ext_id=";".join(i for i in ids if i),
                url=next((u.strip() for u in urls if u.strip()), ""),
                **paper,
            )
        )
    meta = count_meta(seen + table.skipped, len(records), problems)
    if dropped_total:
        meta["warnings"].append(
            f"{source}:{first_null}: {dropped_total} author{'s' if dropped_total > 1 else ''} "
            "written with 'null' for a missing name part left out (first in this row; "
            "their papers' author lists are marked incomplete)"
        )
    if note := authorless.warning(source):
        meta["warnings"].append(note)
    meta["authorless"] = authorless.count
    meta["delimiter"] = table.delimiter
    return LoadResult(records=records, problems=problems.items, meta=meta)


def _date(row: dict[str, str], source: str, line: int, problems: Problems, today: dt.date):
    """``Date Published`` (``2020-03-15``, ``2020-03``), else ``Publication Year``; a date
    that cannot be read or is implausible is left out with a warning."""
    return date_or_year(
        row.get("date published", ""),
        row.get("publication year", ""),
        expected="a 4-digit Publication Year in this Lens row",
        problems=problems,
        source=source,
        line=line,
        latest=today,
    )


def read(
    path: str | os.PathLike[str], *, strict: bool = False, today: dt.date | None = None, **_ignored
) -> LoadResult:
    """Read a Lens.org CSV export.  See :func:`read_string`."""
    text, cut = read_input(path, what="a Lens.org CSV export in UTF-8", allow_cut=True)
    return read_string(text, str(Path(path)), strict=strict, today=today, cut_mid_character=cut)
