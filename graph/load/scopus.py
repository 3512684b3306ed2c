"""Reader for Scopus CSV exports ("Export > CSV" on a Scopus search or author page).

Columns used (Scopus spells them exactly so): ``Authors``, ``Author full names``,
``Author(s) ID``, ``Title``, ``Year``, ``Source title``, ``DOI``, ``Affiliations``,
``Authors with affiliations``, ``Abstract``, ``EID``.  ``Title``, ``Year`` and ``Authors``
are required.

Rules
-----
* Names come from ``Author full names`` (``Family, Given (ScopusID)``) when present, flipped
  to ``Given Family``; else from ``Authors`` (``Family G.``, separated by ``;`` or, in exports
  before 2023, by ``,``).  The Scopus author id is kept as ``ext_id`` ``scopus:<id>`` (from the
  full names or, by position, from ``Author(s) ID``).
* ``Authors with affiliations`` gives each author's addresses: ``;`` parts written
  ``Family, I., address`` (older exports) or ``Family I., address``; a part is matched to an
  author by that name (never by position alone), and a part without a name continues the
  author before it (a second address).  Each address gives the organisation (the segment
  naming it: ``University of Illinois`` in ``Beckman Institute, University of Illinois,
  Urbana, IL 61801, United States``), the country and the full address
  (:mod:`graph.load.address`).  Only when no author gets an address are the paper's
  ``Affiliations`` used instead (as affiliations of the paper).
* Group authors (``DELTA Study Group``, ``... Consortium``) are the paper's ``groups``
  (:mod:`graph.load.groups`), not persons.
* ``EID`` and ``PubMed ID`` are the paper's ``ext_id`` (``scopus:2-s2.0-...;pmid:...``),
  ``Link`` its ``url``.
* ``[No author name available]`` and ``[No abstract available]`` are Scopus' placeholders for
  nothing.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..errors import InputError
from ._common import Problems, clean_doi, flip_name, new_record, parse_year
from ._text import read_text
from .address import aligned, parse_address
from .csv_table import iter_rows, pick_delimiter
from .groups import is_group_name
from .records import AuthorRef, LoadResult, PaperRecord
from .sniff import csv_header

__all__ = [
    "REQUIRED",
    "SIGNATURE",
    "flip_short",
    "looks_like_scopus",
    "read",
    "read_string",
    "sniff",
]

REQUIRED = ("Authors", "Title", "Year")
#: header cells only Scopus exports have (any one of them marks a Scopus file)
SIGNATURE = (
    "Author(s) ID",
    "Author full names",
    "Authors with affiliations",
    "EID",
    "Source title",
)
_KNOWN = tuple(c.lower() for c in (*REQUIRED, *SIGNATURE, "DOI", "Affiliations", "Abstract"))
_FULL = re.compile(r"^(?P<name>.*?)\s*\((?P<id>\d+)\)\s*$")
_NONE = re.compile(r"^\[no .* available\]$", re.I)


def looks_like_scopus(header: list[str]) -> bool:
    """True when a CSV header is a Scopus export's.

    >>> looks_like_scopus(["Authors", "Author(s) ID", "Title"]), looks_like_scopus(["title"])
    (True, False)
    """
    cells = {h.strip().lstrip("\ufeff") for h in header}
    return "Authors" in cells and any(s in cells for s in SIGNATURE)


def sniff(lines: list[str]) -> bool:
    """A CSV header that is a Scopus export's (:func:`looks_like_scopus`)."""
    return looks_like_scopus(csv_header(lines)[0])


def _split(cell: str) -> list[str]:
    return [" ".join(p.split()) for p in cell.split(";") if p.strip()]


_INITIALS = re.compile(r"^(?:[^\W\d_]{1,2}\.)+(?:-[^\W\d_]{1,2}\.)*$")


def flip_short(name: str) -> str:
    """Scopus' ``Family I.J.`` -> ``I.J. Family``; other forms go through ``flip_name``.

    >>> flip_short("Müller H."), flip_short("van der Berg J.-P."), flip_short("Müller, Hans")
    ('H. Müller', 'J.-P. van der Berg', 'Hans Müller')
    """
    words = name.split()
    if "," not in name and len(words) > 1 and _INITIALS.match(words[-1]):
        return " ".join([words[-1], *words[:-1]])
    return flip_name(name)


def _short_names(cell: str) -> list[str]:
    """``Authors`` cell -> names; old exports separate with ``,`` ("Smith J., Doe A.")."""
    if ";" in cell or not cell.strip():
        return _split(cell)
    return [" ".join(p.split()) for p in cell.split(",") if p.strip()]


def _spellings(full: str, short: str) -> list[str]:
    """How ``Authors with affiliations`` may write one author: ``Family, Given`` (full
    names), ``Family, I.`` (older exports) or ``Family I.`` (as in ``Authors``)."""
    out = []
    if full:
        out.append(" ".join(_FULL.sub(r"\g<name>", full).split()))
    if short:
        out.append(short)
        words = short.split()
        if len(words) > 1 and "," not in short:
            out.append(" ".join(words[:-1]) + ", " + words[-1])
    return [o for o in out if o]


def _addresses(cell: str, spelled: list[list[str]]) -> tuple[list[list], list]:
    """Addresses per author (by name) and the parts no author name starts."""
    per_author: list[list] = [[] for _ in spelled]
    orphans: list = []
    current = -1
    for part in _split(cell):
        hit = None
        order = [*range(current + 1, len(spelled)), *range(current + 1)]
        for k in order:
            for name in spelled[k]:
                if part.startswith(name + ","):
                    hit, rest = k, part[len(name) + 1 :].strip()
                    break
            if hit is not None:
                break
        if hit is None:
            if current >= 0:  # a second address of the author before
                per_author[current].append(parse_address(part))
            else:
                orphans.append(parse_address(part))
            continue
        current = hit
        if rest:
            per_author[hit].append(parse_address(rest))
    return per_author, orphans


def _authors(row: dict[str, str]) -> tuple[list[AuthorRef], list[str]]:
    """The persons of a row (with affiliations) and its group authors."""
    full = [p for p in _split(row.get("author full names", "")) if not _NONE.match(p)]
    short = [p for p in _short_names(row.get("authors", "")) if not _NONE.match(p)]
    ids = [i for i in (x.strip() for x in row.get("author(s) id", "").split(";")) if i]
    names, ext = [], []
    if full:
        for k, part in enumerate(full):
            m = _FULL.match(part)
            names.append(flip_name(m["name"] if m else part))
            ext.append(m["id"] if m else (ids[k] if len(ids) == len(full) else ""))
    else:
        names = [flip_short(s) for s in short]
        ext = ids if len(ids) == len(short) else [""] * len(short)
    spelled = [
        _spellings(full[k] if full else "", short[k] if k < len(short) else "")
        for k in range(len(names))
    ]
    per_author, _ = _addresses(row.get("authors with affiliations", ""), spelled)
    persons: list[AuthorRef] = []
    groups: list[str] = []
    for n, e, addresses in zip(names, ext, per_author, strict=True):
        if is_group_name(n):
            groups.append(n)
            continue
        orgs, countries, full_addresses = aligned(addresses)
        persons.append(
            AuthorRef(
                n,
                f"scopus:{e}" if e else "",
                orgs,
                affiliation_countries=countries,
                affiliation_addresses=full_addresses,
            )
        )
    return persons, groups


def read_string(text: str, source: str = "<input>", *, strict: bool = False) -> LoadResult:
    """Parse a Scopus CSV export; see the module docstring for the rules.

    >>> csv_text = ('Authors,Author full names,Title,Year,DOI\\n'
    ...             '"Lovelace A.; Turing A.","Lovelace, Ada (1); Turing, Alan (2)",Notes,1843,\\n')
    >>> rec = read_string(csv_text).records[0]
    >>> [(a.name, a.ext_id) for a in rec.authors]
    [('Ada Lovelace', 'scopus:1'), ('Alan Turing', 'scopus:2')]
    """
    if not text.strip():
        raise InputError(
            source,
            None,
            "a Scopus CSV export",
            found="an empty file",
            hint="export the Scopus results as CSV",
        )
    delim = pick_delimiter(text.split("\n", 1)[0], _KNOWN)
    header, rows = iter_rows(text, delim, source)
    keys = [h.lstrip("\ufeff").strip().lower() for h in header]
    missing = [c for c in REQUIRED if c.lower() not in keys]
    if missing:
        raise InputError(
            source,
            1,
            f"a Scopus header with the column(s) {', '.join(missing)}",
            found=delim.join(header),
            hint="export from Scopus with 'Citation information' selected",
        )
    problems = Problems(strict)
    records: list[PaperRecord] = []
    seen = 0
    for line, cells in rows:
        seen += 1
        row = {
            k: (cells[i].strip() if i < len(cells) else "")
            for i, k in reversed(list(enumerate(keys)))
        }
        title = " ".join(row["title"].split())
        authors, groups = _authors(row)
        year = parse_year(row["year"])
        if not title or not (authors or groups) or year is None:
            what = "a Title" if not title else "Authors" if not authors else "a Year"
            problems.fail(
                InputError(
                    source,
                    line,
                    f"{what} in this Scopus row",
                    found=row["year"] if title and authors else None,
                    hint="fill the cell or delete the row",
                ),
                "row",
            )
            continue
        abstract = row.get("abstract", "")
        paper: dict = {}
        if not any(a.affiliations for a in authors):
            orgs, countries, full = aligned(
                [parse_address(p) for p in _split(row.get("affiliations", ""))]
            )
            paper = {
                "affiliations": orgs,
                "affiliation_countries": countries,
                "affiliation_addresses": full,
            }
        eid = row.get("eid", "")
        pmid = row.get("pubmed id", "")
        ids = [f"scopus:{eid}" if eid else "", f"pmid:{pmid}" if pmid.isdigit() else ""]
        records.append(
            new_record(
                title,
                authors,
                source,
                line,
                year=year,
                abstract="" if _NONE.match(abstract) else abstract,
                doi=clean_doi(row.get("doi", "")),
                venue=row.get("source title", ""),
                groups=tuple(groups),
                ext_id=";".join(i for i in ids if i),
                url=row.get("link", ""),
                **paper,
            )
        )
    meta = {"entries": seen, "records": len(records), "delimiter": delim}
    return LoadResult(records=records, problems=problems.items, meta=meta)


def read(path: str | os.PathLike[str], *, strict: bool = False, **_ignored) -> LoadResult:
    """Read a Scopus CSV file.  See :func:`read_string`."""
    text = read_text(path, what="a Scopus CSV export in UTF-8")
    return read_string(text, str(Path(path)), strict=strict)
