"""Reader for IEEE Xplore CSV exports ("Export > Citations > CSV" of a search).

Columns used (IEEE spells them so; any case): ``Document Title``, ``Authors``, ``Author
Affiliations``, ``Publication Title``, ``Publication Year``, ``Abstract``, ``DOI``, ``PDF
Link``.  ``Document Title`` and ``Authors`` are required.

Rules
-----
* ``Authors`` are ``Given Family`` names separated by ``;`` (``P. Kogge; J. Shalf``); group
  names go to the paper's ``groups`` (:mod:`graph.load.groups`).
* ``Author Affiliations`` are separated by ``;`` too.  When there is exactly one per name
  they are paired in order (a group's is left out); when the counts differ (IEEE's
  "European HPC Landscape" row: 6 authors, 7 affiliations) they **cannot** be paired and
  stay affiliations of the paper, so no author gets an institution the record does not give
  them.  Each is read as an address
  (organisation, country, full text; :mod:`graph.load.address`); IEEE's placeholder ``NA``
  is no affiliation.
* ``Publication Year`` is the date (a cell with no year is a problem: row skipped); the
  ``arnumber`` of the ``PDF Link`` is the paper's ``ext_id`` (``ieee:6634083``), the link its
  ``url``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..errors import InputError
from ._common import Problems, clean_doi, flip_name, new_record, parse_year
from ._table import table_rows
from ._text import read_text
from .address import aligned, parse_address
from .groups import split_groups
from .records import AuthorRef, LoadResult, PaperRecord
from .sniff import header_keys

__all__ = ["read", "read_string", "sniff"]

REQUIRED = ("Document Title", "Authors")
_KNOWN = (
    "document title",
    "authors",
    "author affiliations",
    "publication title",
    "publication year",
    "doi",
    "pdf link",
)
_ARNUMBER = re.compile(r"arnumber=(\d+)")
_MISSING = re.compile(r"^(?:na|n/a|null|none|-)?$", re.I)


def sniff(lines: list[str]) -> bool:
    """A CSV header with ``Document Title`` and ``Author Affiliations`` or ``PDF Link``.

    >>> sniff(['"Document Title",Authors,"Author Affiliations","Publication Year"'])
    True
    """
    keys = header_keys(lines)
    return "document title" in keys and ("author affiliations" in keys or "pdf link" in keys)


def _split(cell: str) -> list[str]:
    return [" ".join(p.split()) for p in cell.split(";") if p.strip()]


def read_string(text: str, source: str = "<input>", *, strict: bool = False) -> LoadResult:
    """Parse an IEEE Xplore CSV export; see the module docstring for the rules.

    >>> csv_text = ('"Document Title",Authors,"Author Affiliations","Publication Year"\\n'
    ...             'Notes,"A. Lovelace; C. Babbage","Univ. of London, UK; Cambridge",1843\\n')
    >>> rec = read_string(csv_text).records[0]
    >>> [(a.affiliations, a.affiliation_countries) for a in rec.authors]
    [(('Univ. of London',), ('United Kingdom',)), (('Cambridge',), ('',))]
    """
    _, rows, delim = table_rows(
        text,
        source,
        what="an IEEE Xplore CSV export",
        required=REQUIRED,
        known=_KNOWN,
        hint="export the IEEE Xplore results as CSV",
    )
    problems = Problems(strict)
    records: list[PaperRecord] = []
    seen = unpaired = 0
    for line, row, overfull in rows:
        seen += 1
        title = " ".join(row["document title"].split())
        names = [flip_name(n) for n in _split(row["authors"])]
        persons, groups = split_groups(names)
        year_text = row.get("publication year", "")
        year = parse_year(year_text)
        problem = (
            ("a row with as many cells as the header", None)
            if overfull
            else ("a Document Title", None)
            if not title
            else ("Authors", None)
            if not persons and not groups
            else ("a Publication Year", year_text or None)
            if year is None
            else None
        )
        if problem:
            problems.fail(
                InputError(
                    source,
                    line,
                    f"{problem[0]} in this IEEE Xplore row",
                    found=problem[1],
                    hint="fill the cell or delete the row",
                ),
                "row",
            )
            continue
        addresses = [
            parse_address("" if _MISSING.match(a) else a)
            for a in _split(row.get("author affiliations", ""))
        ]
        authors = [AuthorRef(n) for n in persons]
        paper: dict = {}
        if not any(a.organisation for a in addresses):
            addresses = []  # "NA" for every author: IEEE has none
        if addresses and len(addresses) == len(names):  # one per name, groups included
            authors = [
                AuthorRef(
                    n,
                    affiliations=(a.organisation,) if a.organisation else (),
                    affiliation_countries=(a.country,) if a.organisation else (),
                    affiliation_addresses=(a.address,) if a.organisation else (),
                )
                for n, a in zip(names, addresses, strict=True)
                if n not in groups
            ]
        elif addresses:
            unpaired += 1
            orgs, countries, full = aligned(addresses)
            paper = {
                "affiliations": orgs,
                "affiliation_countries": countries,
                "affiliation_addresses": full,
            }
        link = row.get("pdf link", "")
        m = _ARNUMBER.search(link)
        records.append(
            new_record(
                title,
                authors,
                source,
                line,
                year=year,
                abstract=row.get("abstract", ""),
                doi=clean_doi(row.get("doi", "")),
                venue=row.get("publication title", ""),
                groups=tuple(groups),
                ext_id=f"ieee:{m.group(1)}" if m else "",
                url=link,
                **paper,
            )
        )
    meta = {
        "entries": seen,
        "records": len(records),
        "delimiter": delim,
        "unpaired_affiliations": unpaired,
    }
    return LoadResult(records=records, problems=problems.items, meta=meta)


def read(path: str | os.PathLike[str], *, strict: bool = False, **_ignored) -> LoadResult:
    """Read an IEEE Xplore CSV export.  See :func:`read_string`."""
    text = read_text(path, what="an IEEE Xplore CSV export in UTF-8")
    return read_string(text, str(Path(path)), strict=strict)
