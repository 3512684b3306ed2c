"""Reader for Scopus CSV exports ("Export > CSV" on a Scopus search or author page).

Columns used (Scopus spells them exactly so): ``Authors``, ``Author full names``,
``Author(s) ID``, ``Title``, ``Year``, ``Source title``, ``DOI``, ``Affiliations``,
``Authors with affiliations``, ``Abstract``, ``EID``.  ``Title``, ``Year`` and ``Authors``
are required.

Rules
-----
* Names come from ``Author full names`` (``Family, Given (ScopusID)``) when present, flipped
  to ``Given Family``; else from ``Authors`` (``Family I.J.``, separated by ``;`` since about
  2023, by ``,`` before; the oldest exports write ``Family, I.J., Family, I.``), flipped with
  Unicode dashes read as hyphens (``Chen Z.‐t.`` -> ``Z.-t. Chen``).  The Scopus author id
  is kept as ``ext_id`` ``scopus:<id>`` (from the full names or, by position, from
  ``Author(s) ID``).
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
* ``[No author name available]`` is a real document whose authors Scopus does not have
  (proceedings volumes, editorials): read as a paper with no listed author (it counts as a
  paper and adds nothing to the co-author graph), with one warning per file counting them.
  ``[No abstract available]`` is no abstract.
* Scopus rows hold one cell per funding text although the header names only ``Funding Text
  1``: in a row with more cells than the header the columns after the funding texts are
  read from the right, so ``EID`` and ``PubMed ID`` are never shifted (a real export read
  naively gives every paper the id ``Scopus`` and merges 49 papers into 3).  ``EID`` must be
  ``2-s2.0-<digits>`` (else the ``eid=`` of ``Link``), ``PubMed ID`` digits.
* ``EID`` and ``PubMed ID`` are the paper's ``ext_id`` (``scopus:2-s2.0-...;pmid:...``),
  ``Link`` its ``url``.
* Rows go through the CSV checks of :class:`~graph.load._table.Table` (a runaway quote, a
  huge cell, a cut last row: that row skipped and counted).  A ``Year`` that is missing, is
  no year, lies after ``today`` or before 1500 is a warning; the paper is kept undated.
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
    cell_year,
    clean_doi,
    count_meta,
    dated,
    flip_initials,
    is_initials,
    is_placeholder_author,
    new_record,
)
from ._table import Table
from ._text import read_input
from .address import aligned, parse_address
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
_EID = re.compile(r"2-s2\.0-\d+")
_LINK_EID = re.compile(r"[?&]eid=(2-s2\.0-\d+)")


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


def flip_short(name: str) -> str:
    """Scopus' ``Family I.J.`` -> ``I.J. Family`` (Unicode dashes read as hyphens, so
    ``Chen Z.‐t.`` flips too); ``Family, Given`` -> ``Given Family``
    (:func:`~graph.load._common.flip_initials`).

    >>> flip_short("Müller H."), flip_short("van der Berg J.-P."), flip_short("Müller, Hans")
    ('H. Müller', 'J.-P. van der Berg', 'Hans Müller')
    >>> flip_short("Chen Z.\u2010t.")
    'Z.-t. Chen'
    """
    return flip_initials(name)


def _short_names(cell: str) -> list[str]:
    """``Authors`` cell -> names.  Exports since about 2023 separate them with ``;``
    (``Smith J.A.; Doe B.``), earlier ones with ``,`` (``Smith J.A., Doe B.``), and the
    oldest write ``Family, I.`` pairs (``Smith, J.A., Doe, B.``), joined back here.

    >>> _short_names("Smith J.A., Doe B."), _short_names("Smith, J.A., Doe, B.")
    (['Smith J.A.', 'Doe B.'], ['Smith, J.A.', 'Doe, B.'])
    """
    if ";" in cell or not cell.strip():
        return _split(cell)
    parts = [" ".join(p.split()) for p in cell.split(",") if p.strip()]
    if (
        len(parts) % 2 == 0
        and all(all(is_initials(w) for w in p.split()) for p in parts[1::2])
        and not any(all(is_initials(w) for w in p.split()) for p in parts[0::2])
    ):
        return [f"{parts[k]}, {parts[k + 1]}" for k in range(0, len(parts), 2)]
    return parts


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


def _authors(row: dict[str, str]) -> tuple[list[AuthorRef], list[str], str]:
    """The persons of a row (with affiliations), its group authors, and the placeholder the
    row wrote for its authors (``[No author name available]``) or ``""``."""
    placeholder = ""
    full, short = [], []
    for part in _split(row.get("author full names", "")):
        if _NONE.match(part) or is_placeholder_author(part):
            placeholder = placeholder or part
        else:
            full.append(part)
    for part in _short_names(row.get("authors", "")):
        if _NONE.match(part) or is_placeholder_author(part):
            placeholder = placeholder or part
        else:
            short.append(part)
    ids = [i for i in (x.strip() for x in row.get("author(s) id", "").split(";")) if i]
    ids = [i for i in ids if i.isdigit()] if all(i.isdigit() for i in ids) else []
    names, ext = [], []
    if full:
        for k, part in enumerate(full):
            m = _FULL.match(part)
            names.append(flip_initials(m["name"] if m else part))
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
    return persons, groups, placeholder


def read_string(
    text: str,
    source: str = "<input>",
    *,
    strict: bool = False,
    today: dt.date | None = None,
    cut_mid_character: bool = False,
) -> LoadResult:
    """Parse a Scopus CSV export; see the module docstring for the rules.

    ``today`` (default: the real date) is the latest date a row may have;
    ``cut_mid_character`` says the file ended in the middle of a UTF-8 character.

    >>> csv_text = ('Authors,Author full names,Title,Year,DOI\\n'
    ...             '"Lovelace A.; Turing A.","Lovelace, Ada (1); Turing, Alan (2)",Notes,1843,\\n')
    >>> rec = read_string(csv_text).records[0]
    >>> [(a.name, a.ext_id) for a in rec.authors]
    [('Ada Lovelace', 'scopus:1'), ('Alan Turing', 'scopus:2')]
    """
    problems = Problems(strict)
    today = today or _common.today()
    table = Table(
        text,
        source,
        problems,
        what="a Scopus CSV export",
        required=REQUIRED,
        known=_KNOWN,
        hint="export from Scopus with 'Citation information' selected",
        cut_mid_character=cut_mid_character,
        wide="funding text",
    )
    records: list[PaperRecord] = []
    authorless = Authorless()
    seen = 0
    for line, row, overfull in table:
        seen += 1
        title = " ".join(row["title"].split())
        authors, groups, placeholder = _authors(row)
        # a wider row whose Year is no year: the extra cells are not (only) funding texts
        overfull = overfull or bool(table.extra and cell_year(row["year"]) is None)
        problem = (
            ("a row with as many cells as the header", None)
            if overfull
            else ("a Title", None)
            if not title
            else ("Authors", row["authors"] or None)
            if not (authors or groups or placeholder)
            else None
        )
        if problem:
            problems.fail(
                InputError(
                    source,
                    line,
                    f"{problem[0]} in this Scopus row",
                    found=problem[1],
                    hint="fill the cell or delete the row"
                    if not overfull
                    else "quote cells that contain the delimiter, or export the file again",
                ),
                "row",
            )
            continue
        if placeholder and not (authors or groups):
            authorless.add(line, placeholder)
        year, _, _ = dated(
            cell_year(row["year"]),
            written=row["year"],
            problems=problems,
            source=source,
            line=line,
            latest=today,
            expected="a 4-digit Year in this Scopus row",
            required=True,
        )
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
        link = row.get("link", "")
        eid = row.get("eid", "")
        if not _EID.fullmatch(eid):  # never a shifted cell ("Scopus") as an id
            m = _LINK_EID.search(link) if "scopus.com" in link else None
            eid = m.group(1) if m else ""
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
                url=link if link.startswith(("http://", "https://")) else "",
                # "et al." after the names (long author lists): the list is cut
                complete=not (placeholder and (authors or groups)),
                **paper,
            )
        )
    meta = count_meta(seen + table.skipped, len(records), problems)
    if note := authorless.warning(source):
        meta["warnings"].append(note)
    meta["authorless"] = authorless.count
    meta["delimiter"] = table.delimiter
    return LoadResult(records=records, problems=problems.items, meta=meta)


def read(
    path: str | os.PathLike[str], *, strict: bool = False, today: dt.date | None = None, **_ignored
) -> LoadResult:
    """Read a Scopus CSV file.  See :func:`read_string`."""
    text, cut = read_input(path, what="a Scopus CSV export in UTF-8", allow_cut=True)
    return read_string(text, str(Path(path)), strict=strict, today=today, cut_mid_character=cut)
