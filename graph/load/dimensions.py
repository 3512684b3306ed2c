"""Reader for Dimensions publication CSV exports ("Export > CSV" of a search).

Real exports start with a title line above the header (``About the data: Exported on
...``), skipped.  Columns used (any case): ``Title``, ``Authors``, ``PubYear``,
``Publication Date``, ``DOI``, ``PMID``, ``Source title`` (or ``Source title/Anthology
title``), ``Publication ID``, ``Dimensions URL``, ``Abstract``, and the affiliation columns
``Authors Affiliations`` (also ``Authors Affiliations - Name of Research organization``),
``Authors (Raw Affiliation)``, ``Research Organizations - standardized`` and ``Country of
Research organization`` (also ``Authors Affiliations - Country of Research organization``).
``Title`` and ``Authors`` are required.

Rules
-----
* ``Authors`` are ``Family, Given`` names separated by ``;``, written ``Given Family``; group
  names go to the paper's ``groups`` (:mod:`graph.load.groups`).
* Per-author affiliations come from cells written ``Family, Given (Org A; Org B); Family,
  Given (Org C)``: ``Authors Affiliations`` gives the organisations (Dimensions' standard
  names), ``Authors (Raw Affiliation)`` the addresses as printed (country and full address,
  :mod:`graph.load.address`).  An author is matched by name, never by position alone.
  Inside the parentheses organisations are separated by ``;``; a ``,``-separated list is
  split only where every piece is one of the paper's standardised organisations
  (``University of California, Berkeley`` stays one).
* A cell that is a plain ``;`` list of organisations (older exports), or the
  ``Research Organizations - standardized`` column, gives affiliations of the paper, with
  their countries when ``Country of Research organization`` lists one per organisation.
* Date from ``Publication Date`` (``2021-03-15``), else ``PubYear`` (a ``PubYear`` cell with
  no year is a problem: row skipped).  ``Publication ID`` and ``PMID`` are the paper's
  ``ext_id`` (``dimensions:pub.1234;pmid:99``), ``Dimensions URL`` its ``url``.
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
from .address import aligned, normalise_country, parse_address
from .groups import split_groups
from .records import AuthorRef, LoadResult, PaperRecord
from .sniff import header_keys

__all__ = ["read", "read_string", "sniff"]

REQUIRED = ("Title", "Authors")
_KNOWN = (
    "rank",
    "publication id",
    "doi",
    "title",
    "pubyear",
    "authors",
    "authors affiliations",
    "source title",
    "dimensions url",
)
_ORG_COLS = ("authors affiliations", "authors affiliations - name of research organization")
_RAW_COLS = ("authors (raw affiliation)",)
_STD_COLS = ("research organizations - standardized",)
_COUNTRY_COLS = (
    "country of research organization",
    "authors affiliations - country of research organization",
    "countries of research organization",
)
_PUB_ID = re.compile(r"pub\.\d+")
_ENTRY = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<inner>.*)\)\s*$", re.S)


def sniff(lines: list[str]) -> bool:
    """A CSV header (possibly below a title line) with ``PubYear`` or ``Dimensions URL``.

    >>> sniff(['"About the data: Exported on Mar 1, 2023."', '"Rank","Title","PubYear","Authors"'])
    True
    """
    keys = header_keys(lines)
    return "authors" in keys and ("pubyear" in keys or "dimensions url" in keys)


def _top_level(cell: str) -> list[str]:
    """Split on ``;`` outside parentheses."""
    parts, depth, buf = [], 0, []
    for ch in cell:
        if ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
        if ch == ";" and depth == 0:
            parts.append("".join(buf).strip())
            buf = []
        else:
            buf.append(ch)
    parts.append("".join(buf).strip())
    return [p for p in parts if p]


def _key(name: str) -> str:
    return "".join(ch for ch in flip_name(name).lower() if ch.isalpha())


def _per_author(cell: str) -> dict[str, str] | None:
    """``{name key: text in parentheses}`` when every part is ``Name (...)``, else None."""
    parts = _top_level(cell)
    out: dict[str, str] = {}
    for part in parts:
        m = _ENTRY.match(part)
        if not m:
            return None
        out.setdefault(_key(m["name"]), m["inner"])
    return out or None


def _orgs(inner: str, standard: set[str]) -> list[str]:
    """Organisations inside one author's parentheses (see the module docstring)."""
    if ";" in inner:
        return [" ".join(p.split()) for p in inner.split(";") if p.strip()]
    pieces = [p.strip() for p in inner.split(",")]
    if len(pieces) > 1 and standard:
        out, buf = [], []
        for p in pieces:
            buf.append(p)
            joined = ", ".join(buf)
            if joined in standard:
                out.append(joined)
                buf = []
        if not buf:
            return out
    return [" ".join(inner.split())] if inner.strip() else []


def _cell(row: dict[str, str], cols: tuple[str, ...]) -> str:
    return next((row[c] for c in cols if row.get(c)), "")


def _affiliations(row: dict[str, str], names: list[str]):
    """``(per-author AuthorRefs, paper-level fields)``."""
    standard = [" ".join(p.split()) for p in _cell(row, _STD_COLS).split(";") if p.strip()]
    countries = [" ".join(p.split()) for p in _cell(row, _COUNTRY_COLS).split(";") if p.strip()]
    country_of: dict[str, str] = {}
    if standard and len(countries) == len(standard):
        country_of = dict(zip(standard, countries, strict=True))
    org_cell, raw_cell = _cell(row, _ORG_COLS), _cell(row, _RAW_COLS)
    by_org = _per_author(org_cell) if org_cell else None
    by_raw = _per_author(raw_cell) if raw_cell else None
    authors = []
    for n in names:
        orgs = _orgs(by_org.get(_key(n), ""), set(standard)) if by_org else []
        raw = [p for p in by_raw.get(_key(n), "").split(";") if p.strip()] if by_raw else []
        addresses = [parse_address(a) for a in raw]
        if orgs and len(orgs) == len(addresses):  # standard names, printed addresses
            triple = (
                tuple(orgs),
                tuple(a.country for a in addresses),
                tuple(a.address for a in addresses),
            )
        elif orgs:
            triple = (
                tuple(orgs),
                tuple(normalise_country(country_of.get(o, "")) for o in orgs),
                ("",) * len(orgs),
            )
        else:
            triple = aligned(addresses)
        authors.append(
            AuthorRef(
                flip_name(n),
                affiliations=triple[0],
                affiliation_countries=triple[1],
                affiliation_addresses=triple[2],
            )
        )
    if any(a.affiliations for a in authors):
        return authors, {}
    if org_cell and by_org is None:  # an older export: one ";" list for the paper
        paper_orgs = [" ".join(p.split()) for p in _top_level(org_cell)]
    else:
        paper_orgs = standard
    if country_of:
        paper_countries = [normalise_country(country_of.get(o, "")) for o in paper_orgs]
    elif len(countries) == len(paper_orgs):
        paper_countries = [normalise_country(c) for c in countries]
    else:
        paper_countries = []
    orgs_out: list[str] = []
    countries_out: list[str] = []
    for k, org in enumerate(paper_orgs):
        if org not in orgs_out:
            orgs_out.append(org)
            if paper_countries:
                countries_out.append(paper_countries[k])
    return authors, {
        "affiliations": tuple(orgs_out),
        "affiliation_countries": tuple(countries_out),
    }


def read_string(
    text: str,
    source: str = "<input>",
    *,
    strict: bool = False,
    today: dt.date | None = None,
    cut_mid_character: bool = False,
) -> LoadResult:
    """Parse a Dimensions CSV export; see the module docstring for the rules.

    ``today`` (default: the real date) is the latest date a row may have;
    ``cut_mid_character`` says the file ended in the middle of a UTF-8 character.

    >>> csv_text = ('"About the data: Exported on Mar 1, 2023."\\n'
    ...             'Rank,Publication ID,Title,PubYear,Authors,Authors Affiliations\\n'
    ...             '1,pub.1,Notes,1843,"Lovelace, Ada; Turing, Alan",'
    ...             '"Lovelace, Ada (Univ. of London); Turing, Alan (Univ. of Manchester)"\\n')
    >>> rec = read_string(csv_text).records[0]
    >>> [(a.name, a.affiliations) for a in rec.authors]
    [('Ada Lovelace', ('Univ. of London',)), ('Alan Turing', ('Univ. of Manchester',))]
    >>> rec.line, rec.ext_id
    (3, 'dimensions:pub.1')
    """
    problems = Problems(strict)
    today = today or _common.today()
    table = Table(
        text,
        source,
        problems,
        what="a Dimensions CSV export",
        required=REQUIRED,
        known=_KNOWN,
        hint="export the Dimensions publications as CSV",
        cut_mid_character=cut_mid_character,
    )
    records: list[PaperRecord] = []
    authorless = Authorless()
    seen = 0
    for line, row, overfull in table:
        seen += 1
        title = " ".join(row["title"].split())
        raw_names = [" ".join(p.split()) for p in row["authors"].split(";") if p.strip()]
        placeholder = next((n for n in raw_names if is_placeholder_author(n)), "")
        raw_names = [n for n in raw_names if not is_placeholder_author(n)]
        persons, groups = split_groups(raw_names)
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
                    f"{problem[0]} in this Dimensions row",
                    found=problem[1],
                    hint="fill the cell or delete the row",
                ),
                "row",
            )
            continue
        if not persons and not groups:  # Dimensions has no name for any author of this work
            authorless.add(line, placeholder)
        year, month, day = _date(row, source, line, problems, today)
        authors, paper = _affiliations(row, persons)
        pub_id = row.get("publication id", "")
        ids = [
            f"dimensions:{pub_id}" if _PUB_ID.fullmatch(pub_id) else "",
            f"pmid:{row['pmid']}" if row.get("pmid", "").isdigit() else "",
        ]
        records.append(
            new_record(
                title,
                authors,
                source,
                line,
                year=year,
                month=month,
                day=day,
                complete=not (placeholder and raw_names),
                abstract=row.get("abstract", ""),
                doi=clean_doi(row.get("doi", "")),
                venue=row.get("source title") or row.get("source title/anthology title", ""),
                groups=tuple(groups),
                ext_id=";".join(i for i in ids if i),
                url=row.get("dimensions url", ""),
                **paper,
            )
        )
    meta = count_meta(seen + table.skipped, len(records), problems)
    if note := authorless.warning(source):
        meta["warnings"].append(note)
    meta["authorless"] = authorless.count
    meta["delimiter"] = table.delimiter
    return LoadResult(records=records, problems=problems.items, meta=meta)


def _date(row: dict[str, str], source: str, line: int, problems: Problems, today: dt.date):
    """``Publication Date`` (``2021-03-15``), else ``PubYear``; a date that cannot be read
    or is implausible is left out with a warning."""
    return date_or_year(
        row.get("publication date", ""),
        row.get("pubyear", ""),
        expected="a 4-digit PubYear in this Dimensions row",
        problems=problems,
        source=source,
        line=line,
        latest=today,
    )


def read(
    path: str | os.PathLike[str], *, strict: bool = False, today: dt.date | None = None, **_ignored
) -> LoadResult:
    """Read a Dimensions CSV export.  See :func:`read_string`."""
    text, cut = read_input(path, what="a Dimensions CSV export in UTF-8", allow_cut=True)
    return read_string(text, str(Path(path)), strict=strict, today=today, cut_mid_character=cut)
