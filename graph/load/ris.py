"""Reader for RIS files (Zotero, Mendeley, EndNote, publisher "cite this" exports).

Tags are parsed by rispy, one record at a time so every record keeps its line number.

Rules
-----
* Authors: ``AU`` then ``A1`` (both in file order, a name given twice counted once),
  ``Family, Given`` and ``Family I.J.`` flipped to ``Given Family`` (Unicode dashes read as
  hyphens: ``Chen Z.‐t.`` -> ``Z.-t. Chen``); an ``et al.`` / ``others`` author marks a cut
  list (``authors_complete=False``).  A record whose only author is a placeholder
  (``Anonymous``, ``et al.``) is a paper without authors, counted in one warning per file.
* Date: ``DA``, else ``PY``, else ``Y1`` (``2020``, ``2020/03/15/``, ``2020-03``).
* Title ``TI`` or ``T1``; venue ``JO``, ``T2``, ``JF``, ``JA`` or ``BT``; abstract ``AB`` or
  ``N2``; DOI ``DO`` (or a ``doi.org`` URL in ``UR``); every ``AD`` line is an affiliation of
  the paper (RIS does not say which author it belongs to).
* A record needs ``TY`` first and ``ER`` last.  A record without ``ER`` is read with a
  warning (an error with ``strict``); when the file also ends inside the record's last line
  (no line break after it, or a character cut in half) that line may be cut: it is left out,
  and a cut ``AU`` line becomes ``et al.`` (the list is marked cut, never "Du, Jun" for
  "Du, Junlong").
* A record without a title or authors is a problem (skipped, counted).  Text outside records
  is left out with one warning per run of lines (a publisher's ``Provider:``/``Content:``
  preamble before the first record is expected); tagged lines outside records are a record
  whose ``TY`` line was lost: one problem.
* A date that cannot be read, has a year before 1500 or lies after ``today`` is left out with
  a warning; the record is kept.

``meta``: ``entries`` (records in the file), ``records``, ``skipped``, ``warnings``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import rispy
from rispy.config import LIST_TYPE_TAGS, TAG_KEY_MAPPING

from ..errors import InputError
from . import _common
from ._common import (
    MIN_YEAR,
    Authorless,
    Problems,
    TaggedRecords,
    check_date,
    clean_doi,
    count_meta,
    flip_initials,
    is_placeholder_author,
    new_record,
    parse_iso_date,
)
from ._text import read_input
from .records import AuthorRef, LoadResult, PaperRecord

__all__ = ["read", "read_string"]

_ET_AL = re.compile(r"^(et\.?\s*al\.?|others)$", re.I)
# Keep the tags themselves as keys: the reader names tags, not rispy's long names.
_MAPPING = {tag: tag for tag in TAG_KEY_MAPPING}
_LIST_TAGS = [*LIST_TYPE_TAGS, "AD", "DO"]
# What publishers write above the first record ("Provider: John Wiley & Sons, Ltd").
_PREAMBLE = re.compile(r"^\s*(Provider|Database|Content|Copyright|Source)\s*:", re.I)


def _values(rec: dict, *tags: str) -> list[str]:
    out: list[str] = []
    for tag in tags:
        value = rec.get(tag)
        for v in value if isinstance(value, list) else [value]:
            if isinstance(v, str) and v.strip() and v.strip() not in out:
                out.append(v.strip())
    return out


def _date(
    rec: dict, source: str, line: int, problems: Problems, today: dt.date
) -> tuple[int | None, int | None, int | None]:
    """``DA``, else ``PY``, else ``Y1``; one that cannot be read, or is implausible (a year
    before 1500, a date after today), is left out with a warning."""
    written = _values(rec, "DA", "PY", "Y1")
    for text in written:
        year, month, day = parse_iso_date(text)
        if year is not None:
            return check_date(
                year,
                month,
                day,
                problems=problems,
                source=source,
                line=line,
                found=text,
                latest=today,
            )
    if written:
        problems.warn(
            InputError(
                source,
                line,
                "a date such as 2020 or 2020/03/15/ in DA, PY or Y1",
                found=written[0],
                hint=f"the year must have 4 digits, from {MIN_YEAR} to {today.year}; fix it",
            ),
            "left out this date",
        )
    return None, None, None


def _record(
    rec: dict,
    source: str,
    line: int,
    problems: Problems,
    today: dt.date,
    authorless: Authorless | None = None,
) -> PaperRecord | None:
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
    authors, complete, placeholder = [], True, ""
    for raw in _values(rec, "AU", "A1"):
        if _ET_AL.match(raw):
            complete = False
        if is_placeholder_author(raw):  # "Anonymous", "et al.": nobody's name
            placeholder = placeholder or raw
            continue
        name = flip_initials(raw)
        if name and name not in [a.name for a in authors]:
            authors.append(AuthorRef(name))
    if placeholder and authors and not _ET_AL.match(placeholder):
        complete = False  # "Anonymous" among named authors: someone is not named
    if not authors and placeholder and authorless is not None:
        authorless.add(line, placeholder)
    elif not authors:
        problems.fail(
            InputError(
                source,
                line,
                "AU (or A1) author lines in this RIS record",
                hint="add one 'AU  - Family, Given' line per author",
            )
        )
        return None
    year, month, day = _date(rec, source, line, problems, today)
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


def read_string(
    text: str,
    source: str = "<input>",
    *,
    strict: bool = False,
    today: dt.date | None = None,
    cut_mid_character: bool = False,
) -> LoadResult:
    """Parse RIS text; see the module docstring for the rules.

    ``today`` (default: the real date) is the latest date a record may have;
    ``cut_mid_character`` says the file ended in the middle of a UTF-8 character.

    >>> ris = "TY  - JOUR\\nAU  - Lovelace, Ada\\nAU  - Turing, Alan\\nPY  - 1843/10//\\n"
    >>> ris += "TI  - Notes\\nAD  - London\\nER  - \\n"
    >>> rec = read_string(ris).records[0]
    >>> [a.name for a in rec.authors], rec.year, rec.date_precision, rec.affiliations
    (['Ada Lovelace', 'Alan Turing'], 1843, 'month', ('London',))
    """
    problems = Problems(strict)
    today = today or _common.today()
    parser = rispy.RisParser(mapping=_MAPPING, list_tags=_LIST_TAGS, skip_unknown_tags=True)
    tagged = TaggedRecords(
        text,
        source,
        problems,
        parser,
        start_tag="TY",
        end_line="ER  - ",
        what="RIS",
        author_tags=("AU", "A1", "A2", "A3", "A4"),
        preamble=_PREAMBLE,
        cut_mid_character=cut_mid_character,
    )
    authorless = Authorless()
    # records are made as the file is read, so --strict stops at the first fault in file order
    records = [
        r for line, rec in tagged if (r := _record(rec, source, line, problems, today, authorless))
    ]
    meta = count_meta(tagged.entries, len(records), problems)
    if note := authorless.warning(source):
        meta["warnings"].append(note)
    meta["authorless"] = authorless.count
    return LoadResult(records=records, problems=problems.items, meta=meta)


def read(
    path: str | os.PathLike[str], *, strict: bool = False, today: dt.date | None = None, **_ignored
) -> LoadResult:
    """Read a RIS file.  See :func:`read_string`."""
    text, cut = read_input(path, what="a RIS file in UTF-8", allow_cut=True)
    return read_string(text, str(Path(path)), strict=strict, today=today, cut_mid_character=cut)
