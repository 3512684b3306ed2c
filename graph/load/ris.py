"""Reader for RIS files (Zotero, Mendeley, EndNote, publisher "cite this" exports).

Tags are parsed by rispy, one record at a time so every record keeps its line number.

Rules
-----
* Authors: ``AU`` then ``A1`` (both in file order, a name given twice counted once),
  ``Family, Given`` flipped to ``Given Family``; an ``et al.`` / ``others`` author marks a cut
  list (``authors_complete=False``).
* Date: ``DA``, else ``PY``, else ``Y1`` (``2020``, ``2020/03/15/``, ``2020-03``).
* Title ``TI`` or ``T1``; venue ``JO``, ``T2``, ``JF``, ``JA`` or ``BT``; abstract ``AB`` or
  ``N2``; DOI ``DO`` (or a ``doi.org`` URL in ``UR``); every ``AD`` line is an affiliation of
  the paper (RIS does not say which author it belongs to).
* A record needs ``TY`` first and ``ER`` last; a record without ``ER`` is still read (a
  warning), a record without a title or authors is a problem; text outside records is a
  problem (skipped line).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import rispy
from rispy.config import LIST_TYPE_TAGS, TAG_KEY_MAPPING

from ..errors import InputError
from ._common import Problems, clean_doi, flip_name, new_record, parse_iso_date, parse_tagged
from ._text import read_text
from .records import AuthorRef, LoadResult, PaperRecord

__all__ = ["read", "read_string"]

_ET_AL = re.compile(r"^(et\.?\s*al\.?|others)$", re.I)
# Keep the tags themselves as keys: the reader names tags, not rispy's long names.
_MAPPING = {tag: tag for tag in TAG_KEY_MAPPING}
_LIST_TAGS = [*LIST_TYPE_TAGS, "AD", "DO"]


def _values(rec: dict, *tags: str) -> list[str]:
    out: list[str] = []
    for tag in tags:
        value = rec.get(tag)
        for v in value if isinstance(value, list) else [value]:
            if isinstance(v, str) and v.strip() and v.strip() not in out:
                out.append(v.strip())
    return out


def _record(rec: dict, source: str, line: int, problems: Problems) -> PaperRecord | None:
    title = " ".join((_values(rec, "TI", "T1") or [""])[0].split())
    if not title:
        problems.fail(
            InputError(
                source,
                line,
                "a TI (or T1) title line in this RIS record",
                hint="add 'TI  - The title' to the record",
            )
        )
        return None
    authors, complete = [], True
    for raw in _values(rec, "AU", "A1"):
        if _ET_AL.match(raw):
            complete = False
            continue
        name = flip_name(raw)
        if name and name not in [a.name for a in authors]:
            authors.append(AuthorRef(name))
    if not authors:
        problems.fail(
            InputError(
                source,
                line,
                "AU (or A1) author lines in this RIS record",
                hint="add one 'AU  - Family, Given' line per author",
            )
        )
        return None
    year = month = day = None
    for date_text in _values(rec, "DA", "PY", "Y1"):
        year, month, day = parse_iso_date(date_text)
        if year is not None:
            break
    dois = [clean_doi(d) for d in _values(rec, "DO")]
    dois += [clean_doi(u) for u in _values(rec, "UR") if "doi.org" in u]
    return new_record(
        title,
        authors,
        source,
        line,
        year=year,
        month=month,
        day=day,
        complete=complete,
        abstract=" ".join((_values(rec, "AB", "N2") or [""])[0].split()),
        affiliations=tuple(_values(rec, "AD")),
        doi=next((d for d in dois if d), ""),
        venue=(_values(rec, "JO", "T2", "JF", "JA", "BT") or [""])[0],
    )


def read_string(text: str, source: str = "<input>", *, strict: bool = False) -> LoadResult:
    """Parse RIS text; see the module docstring for the rules.

    >>> ris = "TY  - JOUR\\nAU  - Lovelace, Ada\\nAU  - Turing, Alan\\nPY  - 1843/10//\\n"
    >>> ris += "TI  - Notes\\nAD  - London\\nER  - \\n"
    >>> rec = read_string(ris).records[0]
    >>> [a.name for a in rec.authors], rec.year, rec.date_precision, rec.affiliations
    (['Ada Lovelace', 'Alan Turing'], 1843, 'month', ('London',))
    """
    problems = Problems(strict)
    parser = rispy.RisParser(mapping=_MAPPING, list_tags=_LIST_TAGS, skip_unknown_tags=True)
    parsed, warnings, entries = parse_tagged(
        text, source, problems, parser, start_tag="TY", end_line="ER  - ", what="RIS"
    )
    records = [r for line, rec in parsed if (r := _record(rec, source, line, problems))]
    meta = {"entries": entries, "records": len(records), "warnings": warnings}
    return LoadResult(records=records, problems=problems.items, meta=meta)


def read(path: str | os.PathLike[str], *, strict: bool = False, **_ignored) -> LoadResult:
    """Read a RIS file.  See :func:`read_string`."""
    text = read_text(path, what="a RIS file in UTF-8")
    return read_string(text, str(Path(path)), strict=strict)
