"""Reader for PubMed / MEDLINE files (PubMed "Save > Format: PubMed", "Send to citation
manager" ``.nbib``, ``.medline``, ``.txt``).

The format (NLM's MEDLINE/PubMed data element descriptions): one record per citation, each
starting with ``PMID- 12345``, records separated by blank lines; a line is a tag padded to
four characters, ``- `` and the value (``TI  - Title``, ``FAU - Family, Given``, ``AUID-
ORCID: ...``); lines starting with six spaces continue the previous one.

Rules
-----
* Authors in the order written.  ``FAU`` (``Family, Given``) starts an author and the ``AU``
  right after it (``Family GI``) is the same person; an ``AU`` without an ``FAU`` (records
  before 2002) is an author of its own, ``Wang Y`` read as ``Y Wang``.  Names are written
  ``Given Family``.
* ``AUID - ORCID: ...`` is that author's ORCID (``ext_id`` ``orcid:...``).
* ``AD`` belongs to the author before it (one ``AD`` line per affiliation); each address
  gives an organisation, a country and the full address (:mod:`graph.load.address`).  An
  ``AD`` before any author, or after a group, is an affiliation of the paper, used only when
  no author has one.  Old records that join several addresses with ``;`` are split when each
  part ends in a country.
* ``CN`` (corporate name: ``ALS Study Group``) is a group author: the paper's ``groups``,
  not a person.  ``IR``/``FIR`` (investigators of a group) are not authors of the paper.
* Title ``TI`` (``BTI`` for a book), NLM's closing full stop removed and a translated
  title's ``[...]`` kept as written; abstract ``AB``; venue ``JT`` else ``TA``.
* Date ``DP`` (``2019 Oct 15``, ``2019 Oct``, ``2019 Jan-Feb``, ``2019 Spring``, ``2019``),
  else ``DEP`` (``20190823``).  A ``DP`` without a readable year, after ``today`` or before
  1500 is a warning with its line (an error with ``strict``); the record is read without a
  date.
* A record whose author is a placeholder (``No authorship indicated``, ``Anonymous``) is a
  paper without authors, counted in one warning per file.
* DOI from ``LID``/``AID`` values tagged ``[doi]``; ``PMID`` as ``ext_id`` ``pmid:...`` and
  the PubMed page as ``url``.
* A record without a title, or without any author or group, is a problem (skipped); text
  outside records is a problem (skipped line).

Examples
--------
>>> text = '''PMID- 1
... TI  - A short
...       title.
... FAU - Lovelace, Ada
... AU  - Lovelace A
... AD  - Dept Math, University of London, London, UK.
... CN  - Analytical Engines Study Group
... DP  - 1843 Oct
... LID - 10.1000/x [doi]
... '''
>>> rec = read_string(text).records[0]
>>> rec.title, [a.name for a in rec.authors], rec.groups, str(rec.date), rec.doi
('A short title', ['Ada Lovelace'], ('Analytical Engines Study Group',), '1843-10-01', '10.1000/x')
>>> rec.authors[0].affiliations, rec.authors[0].affiliation_countries
(('University of London',), ('United Kingdom',))
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
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
    flip_name,
    is_placeholder_author,
    new_record,
    parse_month,
)
from ._text import read_text
from .address import Address, aligned, parse_address, split_addresses
from .records import AuthorRef, LoadResult, PaperRecord

__all__ = ["read", "read_string", "sniff"]

_LINE = re.compile(r"^([A-Z][A-Z0-9]{1,3}) {0,3}- ?(.*)$")
_PMID = re.compile(r"^PMID- ?\d+")
_ORCID = re.compile(r"(\d{4}-\d{4}-\d{4}-\d{3}[\dX])")
_INITIALS = re.compile(r"^[A-Z]{1,4}$")
_DEP = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def sniff(lines: list[str]) -> bool:
    """A ``PMID- 123`` line among the first lines.

    >>> sniff(["", "PMID- 31452104", "OWN - NLM"]), sniff(["TY  - JOUR"])
    (True, False)
    """
    return any(_PMID.match(line.lstrip("\ufeff")) for line in lines)


def _short_name(au: str) -> str:
    """``Wang Y`` -> ``Y Wang``, ``van der Berg JP`` -> ``JP van der Berg``."""
    words = au.split()
    if len(words) > 1 and _INITIALS.match(words[-1]):
        return " ".join([words[-1], *words[:-1]])
    return " ".join(words)


@dataclass
class _Author:
    name: str
    short: str = ""
    orcid: str = ""
    addresses: list[Address] = field(default_factory=list)

    def ref(self) -> AuthorRef:
        orgs, countries, full = aligned(self.addresses)
        return AuthorRef(
            self.name,
            f"orcid:{self.orcid}" if self.orcid else "",
            orgs,
            affiliation_countries=countries,
            affiliation_addresses=full,
        )


def _fields(body: list[tuple[int, str]], source: str, problems: Problems):
    """``[(line, tag, value)]`` with continuation lines joined."""
    out: list[list] = []
    for n, line in body:
        if line.startswith("      ") or (line.startswith(" ") and out):
            if not out:  # a line left out, not a record: a warning (issue 14.8)
                problems.warn(
                    InputError(
                        source,
                        n,
                        "a MEDLINE tag line (TAG - value) before a continuation line",
                        found=line,
                    ),
                    "left out this line",
                )
                continue
            out[-1][2] += " " + line.strip()
            continue
        m = _LINE.match(line)
        if not m:
            problems.warn(
                InputError(
                    source,
                    n,
                    "a MEDLINE line such as 'TI  - The title'",
                    found=line,
                    hint="a tag of up to four capitals, padded, then '- ' and the value",
                ),
                "left out this line",
            )
            continue
        out.append([n, m.group(1), m.group(2).strip()])
    return [(n, tag, " ".join(value.split())) for n, tag, value in out]


def _date(fields, source: str, problems: Problems, today: dt.date):
    """``DP`` (``2019 Oct 15``, ``2020 Jan-Feb``, ``1998 Spring``), else ``DEP``
    (``20190823``); one without a readable year, after ``today`` or before 1500 is left out
    with a warning on its line."""
    dp = next(((n, v) for n, t, v in fields if t == "DP"), None)
    if dp is not None:
        n, value = dp
        words = value.split()
        year = cell_year(words[0]) if words else None
        month = parse_month(words[1]) if year and len(words) > 1 else None
        day = int(words[2]) if month and len(words) > 2 and words[2].isdigit() else None
        return dated(
            year,
            month,
            day,
            written=value,
            problems=problems,
            source=source,
            line=n,
            latest=today,
            expected="a publication date such as 'DP  - 2019 Oct 15'",
        )
    dep = next(((n, v) for n, t, v in fields if t == "DEP"), None)
    m = _DEP.match(dep[1]) if dep else None
    if m:
        return dated(
            int(m.group(1)),
            parse_month(m.group(2)),
            int(m.group(3)) or None,
            written=dep[1],
            problems=problems,
            source=source,
            line=dep[0],
            latest=today,
        )
    return None, None, None


def _record(start, fields, source, problems, today, authorless) -> PaperRecord | None:
    authors: list[_Author] = []
    groups: list[str] = []
    paper_addresses: list[Address] = []
    current: _Author | None = None
    last_tag = ""
    placeholder = ""
    values: dict[str, list[str]] = {}
    for _, tag, value in fields:
        values.setdefault(tag, []).append(value)
        if tag in ("FAU", "AU") and is_placeholder_author(value):
            placeholder = placeholder or value  # "No authorship indicated": nobody's name
            current = None
        elif tag == "FAU" and value:
            current = _Author(flip_name(value))
            authors.append(current)
        elif tag == "AU" and value:
            if last_tag == "FAU" and current is not None and not current.short:
                current.short = value
            else:
                current = _Author(_short_name(value), short=value)
                authors.append(current)
        elif tag == "AUID" and current is not None:
            m = _ORCID.search(value)
            if m and "orcid" in value.lower():
                current.orcid = m.group(1)
        elif tag == "AD" and value:
            parsed = [parse_address(a) for a in split_addresses(value)]
            (current.addresses if current is not None else paper_addresses).extend(parsed)
        elif tag == "CN" and value:
            groups.append(value)
            current = None
        if tag in ("FAU", "AU", "AUID", "AD", "CN"):
            last_tag = tag

    def first(*tags: str) -> str:
        return next((values[t][0] for t in tags if values.get(t)), "")

    title = first("TI", "BTI")
    if title.endswith(".") and not title.endswith(".."):
        title = title[:-1].rstrip()
    if not title or not (authors or groups or placeholder):
        problems.fail(
            InputError(
                source,
                start,
                "a TI title line in this MEDLINE record"
                if not title
                else "FAU/AU author lines or a CN group in this MEDLINE record",
                hint="export the records in PubMed format with all fields",
            )
        )
        return None
    if not (authors or groups):
        authorless.add(start, placeholder)
    year, month, day = _date(fields, source, problems, today)
    doi = ""
    for v in (*values.get("LID", []), *values.get("AID", [])):
        if v.endswith("[doi]"):
            doi = clean_doi(v[: -len("[doi]")])
            if doi:
                break
    pmid = first("PMID").strip()
    refs = [a.ref() for a in authors]
    paper: dict = {}
    if not any(r.affiliations for r in refs):
        orgs, countries, full = aligned(paper_addresses)
        paper = {
            "affiliations": orgs,
            "affiliation_countries": countries,
            "affiliation_addresses": full,
        }
    return new_record(
        title,
        refs,
        source,
        start,
        year=year,
        month=month,
        day=day,
        abstract=first("AB"),
        doi=doi,
        venue=first("JT", "TA"),
        complete=not (placeholder and authors),
        groups=tuple(dict.fromkeys(groups)),
        ext_id=f"pmid:{pmid}" if pmid.isdigit() else "",
        url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" if pmid.isdigit() else "",
        **paper,
    )


def read_string(
    text: str, source: str = "<input>", *, strict: bool = False, today: dt.date | None = None
) -> LoadResult:
    """Parse MEDLINE text; see the module docstring for the rules.

    ``today`` (default: the real date) is the latest date a record may have.
    """
    problems = Problems(strict)
    today = today or _common.today()
    chunks: list[tuple[int, list[tuple[int, str]]]] = []
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        if _PMID.match(line):
            chunks.append((n, [(n, line)]))
        elif chunks:
            chunks[-1][1].append((n, line))
        else:
            problems.warn(
                InputError(
                    source,
                    n,
                    "a MEDLINE record starting with 'PMID- '",
                    found=line,
                    hint="remove the text before the first record",
                ),
                "left out this line",
            )
    if not chunks:
        raise InputError(
            source,
            None,
            "PubMed/MEDLINE records starting with 'PMID- '",
            found="no records",
            hint="is this the right format? name it with --format",
        )
    records: list[PaperRecord] = []
    authorless = Authorless()
    for start, body in chunks:
        rec = _record(start, _fields(body, source, problems), source, problems, today, authorless)
        if rec is not None:
            records.append(rec)
    meta = count_meta(len(chunks), len(records), problems)
    if note := authorless.warning(source):
        meta["warnings"].append(note)
    meta["authorless"] = authorless.count
    return LoadResult(records=records, problems=problems.items, meta=meta)


def read(
    path: str | os.PathLike[str], *, strict: bool = False, today: dt.date | None = None, **_ignored
) -> LoadResult:
    """Read a PubMed/MEDLINE file.  See :func:`read_string`."""
    text = read_text(path, what="a PubMed/MEDLINE file in UTF-8")
    return read_string(text, str(Path(path)), strict=strict, today=today)
