"""Reader for plain CSV / TSV tables of papers (a spreadsheet saved as CSV).

Columns (header names are case-insensitive, order free; extra columns are ignored):

========== ========= ==========================================================
column     required  content
========== ========= ==========================================================
title      yes       the paper title
year       yes       4-digit year (the cell may be empty when ``date`` is given)
authors    yes       names separated by ``;`` (``author_sep``), ``Given Family`` or
                     ``Family, Given``; a last name ``et al.`` marks a cut list
date       no        ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``
doi        no        a DOI or a ``doi.org`` URL
affiliations no      institutions of the paper, separated by ``;``
venue      no        journal or conference
abstract   no        the abstract
========== ========= ==========================================================

The delimiter is a tab for ``.tsv`` / ``.tab`` files, otherwise the one of ``,``, tab or ``;``
that splits the header into the most known column names.  Line numbers are physical lines
(a quoted cell may span lines).
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError
from ._common import Problems, clean_doi, flip_name, new_record, parse_iso_date, parse_year
from ._text import read_text
from .records import AuthorRef, LoadResult, PaperRecord

__all__ = ["COLUMNS", "REQUIRED", "iter_rows", "read", "read_string", "split_names"]

REQUIRED = ("title", "year", "authors")
COLUMNS = (*REQUIRED, "date", "doi", "affiliations", "venue", "abstract")
_ET_AL = re.compile(r"^(et\.?\s*al\.?|others|\.\.\.|…)$", re.I)


def pick_delimiter(header_line: str, known: tuple[str, ...], default: str = ",") -> str:
    """The delimiter (``,``, tab or ``;``) that splits the header into most known names.

    >>> pick_delimiter("title;year;authors", COLUMNS), pick_delimiter("a,b", COLUMNS)
    (';', ',')
    """
    best, best_hits = default, 0
    for delim in (",", "\t", ";"):
        cells = next(csv.reader([header_line], delimiter=delim), [])
        hits = sum(c.strip().lower() in known for c in cells)
        if hits > best_hits:
            best, best_hits = delim, hits
    return best


def iter_rows(
    text: str, delimiter: str, source: str = "<input>"
) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header cells and an iterator of ``(first physical line, cells)`` per data row.

    Blank rows are left out.  A CSV syntax error surfaces as :class:`InputError` from the
    iterator, naming the line where the bad row starts.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, [])
    except csv.Error as exc:
        raise InputError(
            source, 1, "a CSV header line", found=str(exc), hint="check the quotes of the header"
        ) from exc

    def rows() -> Iterator[tuple[int, list[str]]]:
        start = reader.line_num + 1
        try:
            for row in reader:
                if any(c.strip() for c in row):
                    yield start, row
                start = reader.line_num + 1
        except csv.Error as exc:
            raise InputError(
                source,
                start,
                "a well-formed CSV row",
                found=str(exc),
                hint="check the quotes of this row",
            ) from exc

    return [h.strip() for h in header], rows()


def split_names(cell: str, sep: str = ";") -> tuple[list[str], bool]:
    """Author names of one cell and whether the list is complete.

    >>> split_names("Lovelace, Ada; Alan Turing; et al.")
    (['Ada Lovelace', 'Alan Turing'], False)
    """
    names, complete = [], True
    for part in cell.split(sep):
        part = " ".join(part.split())
        if not part:
            continue
        if _ET_AL.match(part):
            complete = False
            continue
        names.append(flip_name(part))
    return names, complete


def read_string(
    text: str,
    source: str = "<input>",
    *,
    strict: bool = False,
    delimiter: str | None = None,
    author_sep: str = ";",
) -> LoadResult:
    """Parse a CSV/TSV table of papers; see the module docstring for the columns.

    >>> table = "title,year,authors,affiliations\\nNotes,1843,Ada Lovelace;Alan Turing,London\\n"
    >>> rec = read_string(table).records[0]
    >>> rec.title, rec.year, [a.name for a in rec.authors], rec.affiliations, rec.line
    ('Notes', 1843, ['Ada Lovelace', 'Alan Turing'], ('London',), 2)
    """
    if not text.strip():
        raise InputError(
            source,
            None,
            f"a CSV table with a header line ({', '.join(REQUIRED)})",
            found="an empty file",
            hint="export the spreadsheet with a header row",
        )
    delim = delimiter or pick_delimiter(text.split("\n", 1)[0], COLUMNS)
    header, rows = iter_rows(text, delim, source)
    index = {h.lower(): i for i, h in reversed(list(enumerate(header)))}
    missing = [c for c in REQUIRED if c not in index]
    if missing:
        raise InputError(
            source,
            1,
            f"a header with the column(s) {', '.join(missing)}",
            found=delim.join(header),
            hint=f"the table needs columns {', '.join(REQUIRED)} (optional: "
            f"{', '.join(COLUMNS[3:])}); rename the header cells",
        )
    problems = Problems(strict)
    records: list[PaperRecord] = []
    seen_rows = 0

    def cell(row: list[str], name: str) -> str:
        i = index.get(name)
        return row[i].strip() if i is not None and i < len(row) else ""

    for line, row in rows:
        seen_rows += 1
        if len(row) > len(header):
            problems.fail(
                InputError(
                    source,
                    line,
                    f"{len(header)} cells as in the header",
                    found=delim.join(row),
                    hint="quote cells that contain the delimiter",
                ),
                "row",
            )
            continue
        title = " ".join(cell(row, "title").split())
        names, complete = split_names(cell(row, "authors"), author_sep)
        year_text, date_text = cell(row, "year"), cell(row, "date")
        year = parse_year(year_text) if year_text else None
        month = day = None
        if date_text:
            d_year, month, day = parse_iso_date(date_text)
            year = year or d_year
        if not title or not names or (year_text and year is None):
            what, found = (
                ("a title", None)
                if not title
                else ("authors separated by " + repr(author_sep), None)
                if not names
                else ("a 4-digit year", year_text)
            )
            problems.fail(
                InputError(
                    source,
                    line,
                    f"{what} in this row",
                    found=found,
                    hint="fill the cell or delete the row",
                ),
                "row",
            )
            continue
        records.append(
            new_record(
                title,
                [AuthorRef(n) for n in names],
                source,
                line,
                year=year,
                month=month,
                day=day,
                complete=complete,
                abstract=cell(row, "abstract"),
                affiliations=tuple(
                    a.strip() for a in cell(row, "affiliations").split(";") if a.strip()
                ),
                doi=clean_doi(cell(row, "doi")),
                venue=cell(row, "venue"),
            )
        )
    meta = {"entries": seen_rows, "records": len(records), "delimiter": delim}
    return LoadResult(records=records, problems=problems.items, meta=meta)


def read(
    path: str | os.PathLike[str],
    *,
    strict: bool = False,
    delimiter: str | None = None,
    author_sep: str = ";",
    **_ignored,
) -> LoadResult:
    """Read a CSV/TSV file (``.tsv`` / ``.tab`` are tab-separated).  See :func:`read_string`."""
    path = Path(path)
    if delimiter is None and path.suffix.lower() in (".tsv", ".tab"):
        delimiter = "\t"
    text = read_text(path, what="a CSV table in UTF-8")
    return read_string(text, str(path), strict=strict, delimiter=delimiter, author_sep=author_sep)
