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


def read_string(
    text: str,
    source: str = "<input>",
    *,
    strict: bool = False,
    today: dt.date | None = None,
    cut_mid_character: bool = False,
) -> LoadResult:
    """Parse an IEEE Xplore CSV export; see the module docstring for the rules.

    ``today`` (default: the real date) is the latest date a row may have;
    ``cut_mid_character`` says the file ended in the middle of a UTF-8 character.

    >>> csv_text = ('"Document Title",Authors,"Author Affiliations","Publication Year"\\n'
    ...             'Notes,"A. Lovelace; C. Babbage","Univ. of London, UK; Cambridge",1843\\n')
    >>> rec = read_string(csv_text).records[0]
    >>> [(a.affiliations, a.affiliation_countries) for a in rec.authors]
    [(('Univ. of London',), ('United Kingdom',)), (('Cambridge',), ('',))]
    """
    problems = Problems(strict)
    today = today or _common.today()
    table = Table(
        text,
        source,
        problems,
        what="an IEEE Xplore CSV export",
        required=REQUIRED,
        known=_KNOWN,
        hint="export the IEEE Xplore results as CSV",
        cut_mid_character=cut_mid_character,
    )
    records: list[PaperRecord] = []
    authorless = Authorless()
    seen = unpaired = 0
    for line, row, overfull in table:
        seen += 1
        title = " ".join(row["document title"].split())
        written = _split(row["authors"])
        placeholder = next((n for n in written if is_placeholder_author(n)), "")
        names = [flip_initials(n) for n in written if not is_placeholder_author(n)]
        persons, groups = split_groups(names)
        problem = (
            ("a row with as many cells as the header", None)
            if overfull
            else ("a Document Title", None)
            if not title
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
        if not persons and not groups:
            authorless.add(line, placeholder)
        year_text = row.get("publication year", "")
        year, _, _ = dated(
            cell_year(year_text),
            written=year_text,
            problems=problems,
            source=source,
            line=line,
            latest=today,
            expected="a 4-digit Publication Year in this IEEE Xplore row",
            required=True,
        )
        addresses = [
            parse_address("" if _MISSING.match(a) else a)
            for a in _split(row.get("author affiliations", ""))
        ]
        authors = [AuthorRef(n) for n in persons]
        paper: dict = {}
        if not any(a.organisation for a in addresses):
            addresses = []  # "NA" for every author: IEEE has none
        if addresses and len(addresses) == len(names) and not placeholder:  # one per name
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
                complete=not (placeholder and names),
                **paper,
            )
        )
    meta = count_meta(seen + table.skipped, len(records), problems)
    if note := authorless.warning(source):
        meta["warnings"].append(note)
    meta.update(authorless=authorless.count, delimiter=table.delimiter)
    meta["unpaired_affiliations"] = unpaired
    return LoadResult(records=records, problems=problems.items, meta=meta)


def read(
    path: str | os.PathLike[str], *, strict: bool = False, today: dt.date | None = None, **_ignored
) -> LoadResult:
    """Read an IEEE Xplore CSV export.  See :func:`read_string`."""
    text, cut = read_input(path, what="an IEEE Xplore CSV export in UTF-8", allow_cut=True)
    return read_string(text, str(Path(path)), strict=strict, today=today, cut_mid_character=cut)
