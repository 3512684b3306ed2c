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

Bad rows (see :class:`CsvRows`): a quote that runs away (opened and not closed where its cell
ends, swallowing the rows after it) is reported on the line where it opened, that row is
skipped and the swallowed rows are read; a cell over :data:`FIELD_LIMIT` characters, a row
with more cells than the header, no title or no authors, or a last row the file ends inside
of (fewer cells than the header and no line break, or a character cut in half) skips its
row.  A year or date cell that cannot be read (``20x1``, ``-2023``), a year before 1500 or a
date after ``today`` is left out with a warning; the row is kept.  Each skipped row is one
problem: ``meta["entries"] == meta["records"] + meta["skipped"]``.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import itertools
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from ..errors import InputError
from . import _common
from ._common import (
    Authorless,
    Problems,
    cell_year,
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


#: The largest cell read (characters).  Far above real cells (the author list of a
#: 15,000-author consortium paper is ~300 KB); a larger one is skipped with its row.
FIELD_LIMIT = 1024**2


def _quote_fault(lines: list[str], delimiter: str, quote: str = '"') -> tuple[int, str] | None:
    """Where the quoting of one row (its physical ``lines``) goes wrong, read the way
    :mod:`csv` reads (a quote opens a cell only at its start, ``""`` inside quotes is a
    quote): ``(index of the line where the faulty quote opened, what happened)`` for a quote
    closed before the end of its cell, or never closed; None for sound quoting."""
    in_quote, at_start, opened = False, True, 0
    for n, line in enumerate(lines):
        i, end = 0, len(line)
        while i < end:
            ch = line[i]
            if in_quote:
                if ch == quote:
                    if i + 1 < end and line[i + 1] == quote:
                        i += 2
                        continue
                    in_quote = False
                    rest = line[i + 1 :].lstrip(" \t")
                    if rest and rest[0] not in (delimiter, "\n"):
                        before = f"before {rest.rstrip()[:12]!r}"
                        if n > opened:
                            why = f"the quoted cell runs on to line +{n}, where a quote ends it"
                            return opened, f"{why} {before}"
                        return opened, f"a quote ends the quoted cell in its middle, {before}"
            elif ch == quote and at_start:
                in_quote, opened = True, n
            at_start = not in_quote and ch in (delimiter, "\n")
            i += 1
    return (opened, "the quoted cell runs on to the end of the file") if in_quote else None


def _row_pattern(delimiter: str, quote: str = '"') -> re.Pattern:
    """A row with sound quoting: each cell is unquoted (no line break, a quote only after its
    first character) or quoted (``""`` inside, blanks after the closing quote)."""
    d, q = re.escape(delimiter), re.escape(quote)
    cell = rf"(?:{q}(?:[^{q}]|{q}{q})*{q}[ \t]*|[^{d}{q}\n][^{d}\n]*|)"
    return re.compile(rf"{cell}(?:{d}{cell})*\n?")


class CsvRows:
    """The data rows of a CSV text as ``(first physical line, cells)``, blank rows left out.

    With ``problems`` (lenient or strict), a faulty row is a problem and the rest is read:

    * a quote opened and never closed where it should be: the quoted cell runs over lines
      that read like rows of their own (``looks_like_row``, default: as many cells as the
      header, which suits wide exports; a reader of a narrow table sets a stricter test, as
      :func:`read_string` does), or on to the end of the file, or a quote ends a cell in
      its middle (``"a"b``).  The problem names the line where the quote
      opened; that row is skipped and reading starts again on the next line, so the rows the
      quote swallowed are read;
    * a cell larger than :data:`FIELD_LIMIT`;
    * a last row the file ends inside of: no line break after it and fewer cells than the
      header, or a character cut in half (``cut_mid_character``).

    ``header_at`` is the index of the header line (lines above it, such as the title line of
    a Dimensions export, are passed over); every line number is a physical line of ``text``.
    ``skipped`` counts the rows left out this way (each one problem).  Without ``problems``
    rows are returned as :mod:`csv` reads them and a syntax error is raised as
    :class:`~graph.errors.InputError`.
    """

    def __init__(
        self,
        text: str,
        delimiter: str,
        source: str = "<input>",
        problems: Problems | None = None,
        *,
        cut_mid_character: bool = False,
        header_at: int = 0,
    ) -> None:
        self.delimiter, self.source, self.problems = delimiter, source, problems
        self.cut = cut_mid_character or not text.endswith("\n")
        self.cut_mid_character = cut_mid_character
        pieces = text.split("\n")
        self.lines = [p + "\n" for p in pieces[:-1]]
        if pieces[-1]:
            self.lines.append(pieces[-1])
        self.looks_like_row: Callable[[list[str]], bool] = lambda cells: (
            len(cells) == len(self.header)
        )
        self.skipped = 0
        self._residue = -1  # the line holding the closing quote of a swallowing quote
        self._row_re = _row_pattern(delimiter)
        reader = csv.reader(iter(self.lines[header_at:]), delimiter=delimiter)
        try:
            with _field_limit():
                header = next(reader, [])
        except csv.Error as exc:
            raise InputError(
                source,
                header_at + 1,
                "a CSV header line",
                found=str(exc),
                hint="check the quotes of the header",
            ) from exc
        self.header = [h.strip() for h in header]
        self._first = header_at + reader.line_num

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        with _field_limit():
            pos = self._first
            while pos < len(self.lines):
                pos = yield from self._read_from(pos)

    def _read_from(self, pos: int):
        """Rows from line index ``pos`` on; returns where to start again after a row whose
        quote ran away (or the number of lines at the end)."""
        lines, n_lines, sound = self.lines, len(self.lines), self._row_re.fullmatch
        reader = csv.reader(itertools.islice(lines, pos, None), delimiter=self.delimiter)
        start = pos
        while True:
            try:
                row = next(reader, None)
            except csv.Error as exc:
                err = InputError(
                    self.source,
                    start + 1,
                    "a well-formed CSV row",
                    found=str(exc),
                    hint="check the quotes of this row",
                )
                if self.problems is None:
                    raise err from exc
                self._fail(err)
                return pos + reader.line_num
            if row is None:
                return len(lines)
            end = pos + reader.line_num  # index after the row's last line
            verdict = None
            if self.problems is not None and (
                end - start > 1
                or end == n_lines
                or len(lines[start]) > FIELD_LIMIT
                or ('"' in lines[start] and not sound(lines[start]))
            ):  # a one-line row with sound quotes, before the last line, needs no check
                verdict = self._check(row, start, end)
            if verdict is not None:
                if verdict >= 0:  # a runaway quote: read again from the line after it
                    return verdict
            elif any(c.strip() for c in row):
                if start <= self._residue < end:
                    row = self._stray_quotes(row, start, lines[self._residue])
                yield start + 1, row
            start = end

    def _fail(self, err: InputError) -> None:
        self.skipped += 1
        self.problems.fail(err, "row")

    def _check(self, row: list[str], start: int, end: int) -> int | None:
        """Faults of the row on line indices ``start`` to ``end`` (excluded): None for a
        sound row, -1 for a row left out, else the line index to read again from (the row
        held a runaway quote, left out up to the line where the quote opened)."""
        lines = self.lines
        raw = lines[start] if end - start == 1 else "".join(lines[start:end])
        fault = None
        if '"' in raw:
            if not self._row_re.fullmatch(raw):
                fault = _quote_fault(lines[start:end], self.delimiter)
            if fault is None and end - start > 1:
                fault = self._swallowed(row)
                if fault is not None:
                    self._residue = end - 1
        if fault is not None:
            q, why = fault
            why = re.sub(r"line \+(\d+)", lambda m: f"line {start + int(m[1]) + 1}", why)
            self._fail(
                InputError(
                    self.source,
                    start + q + 1,
                    "a closing quote for the quote opened on this line",
                    found=lines[start + q].rstrip("\n"),
                    hint=f"{why}; close the quote where the cell ends, or double a quote "
                    'meant as text ("")',
                )
            )
            return start + q + 1
        big = None
        if len(raw) > FIELD_LIMIT:  # no cell is larger than its row
            big = next((k for k, c in enumerate(row) if len(c) > FIELD_LIMIT), None)
        if big is not None:
            column = self.header[big] if big < len(self.header) else f"cell {big + 1}"
            self._fail(
                InputError(
                    self.source,
                    start + 1,
                    f"cells of at most {FIELD_LIMIT:,} characters",
                    found=f"{len(row[big]):,} characters in the {column} column",
                    hint="such a cell is no title, name or abstract; fix or delete the row",
                )
            )
            return -1
        if (
            end == len(lines)
            and self.cut
            and (self.cut_mid_character or len(row) < len(self.header))
        ):
            self._fail(
                InputError(
                    self.source,
                    start + 1,
                    f"{len(self.header)} cells as in the header",
                    found=self.delimiter.join(row),
                    hint="the file ends inside this row, as if cut off; export the table again",
                )
            )
            return -1
        return None

    def _stray_quotes(self, row: list[str], start: int, raw: str) -> list[str]:
        """On the line that closed a quote opened by mistake on an earlier line (that row was
        a problem; ``raw`` is the line), a lone quote ending an unquoted cell is what is left
        of it: left out, with a warning.  A quoted cell ending in a doubled quote is not one."""
        out = list(row)
        raw = raw.rstrip("\n")
        for k, cell in enumerate(row):
            if (
                cell.endswith('"')
                and cell.count('"') == 1
                and (cell + self.delimiter in raw or raw.endswith(cell))
            ):
                out[k] = cell[:-1]
                self.problems.warn(
                    InputError(
                        self.source,
                        start + 1,
                        "quotes only around a whole cell",
                        found=cell,
                        hint="a lone quote at the end of a cell is usually the end of a quote "
                        "opened by mistake on an earlier line; remove it",
                    ),
                    "left out the quote",
                )
        return out

    def _swallowed(self, row: list[str]) -> tuple[int, str] | None:
        """A quoted cell, soundly closed, whose lines read like rows of their own: a quote
        opened by mistake and closed by the next mistake.  ``(line offset, why)``."""
        q = 0
        for cell in row:
            if "\n" in cell:
                for line in cell.split("\n")[1:]:
                    cells = next(csv.reader([line], delimiter=self.delimiter), [])
                    if self.looks_like_row(cells):
                        return q, (
                            "the quoted cell runs on over a line that reads like a row of its "
                            f"own ({line[:30]!r})"
                        )
            q += cell.count("\n")
        return None


@contextlib.contextmanager
def _field_limit() -> Iterator[None]:
    """csv's own cell limit (131,072 characters) would fail the whole file on one large
    cell: lift it while reading; :class:`CsvRows` checks :data:`FIELD_LIMIT` per row."""
    old = csv.field_size_limit()
    csv.field_size_limit(max(old, 2**31 - 1))  # a C long everywhere
    try:
        yield
    finally:
        csv.field_size_limit(old)


def iter_rows(
    text: str, delimiter: str, source: str = "<input>", problems: Problems | None = None
) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header cells and an iterator of ``(first physical line, cells)`` per data row.

    Blank rows are left out.  Without ``problems`` a CSV syntax error surfaces as
    :class:`InputError` from the iterator, naming the line where the bad row starts; with
    ``problems`` faulty rows are reported there and skipped (see :class:`CsvRows`).
    """
    rows = CsvRows(text, delimiter, source, problems)
    return rows.header, iter(rows)


def split_names(cell: str, sep: str = ";") -> tuple[list[str], bool]:
    """Author names of one cell and whether the list is complete.  Placeholders
    (``Anonymous``, ``et al.``) are nobody's name: left out, the list marked cut where they
    stand for somebody.

    >>> split_names("Lovelace, Ada; Alan Turing; et al.")
    (['Ada Lovelace', 'Alan Turing'], False)
    >>> split_names("Chen Z.\u2010t.; Anonymous")
    (['Z.-t. Chen'], False)
    """
    names, complete = [], True
    for part in cell.split(sep):
        part = " ".join(part.split())
        if not part:
            continue
        if _ET_AL.match(part) or is_placeholder_author(part):
            complete = False
            continue
        names.append(flip_initials(part))
    return names, complete


def _placeholder(cell: str, sep: str) -> str:
    """The first placeholder of an author cell that names nobody, else ``""``."""
    parts = [" ".join(p.split()) for p in cell.split(sep) if p.strip()]
    if parts and all(_ET_AL.match(p) or is_placeholder_author(p) for p in parts):
        return parts[0]
    return ""


#: the year of a year cell (kept under its old name for callers)
_cell_year = cell_year


def read_string(
    text: str,
    source: str = "<input>",
    *,
    strict: bool = False,
    delimiter: str | None = None,
    author_sep: str = ";",
    today: dt.date | None = None,
    cut_mid_character: bool = False,
) -> LoadResult:
    """Parse a CSV/TSV table of papers; see the module docstring for the columns.

    ``today`` (default: the real date) is the latest date a row may have;
    ``cut_mid_character`` says the file ended in the middle of a UTF-8 character.

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
    today = today or _common.today()
    delim = delimiter or pick_delimiter(text.split("\n", 1)[0], COLUMNS)
    problems = Problems(strict)
    rows = CsvRows(text, delim, source, problems, cut_mid_character=cut_mid_character)
    header = rows.header
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
    records: list[PaperRecord] = []
    authorless = Authorless()
    seen_rows = 0

    def cell(row: list[str], name: str) -> str:
        i = index.get(name)
        return row[i].strip() if i is not None and i < len(row) else ""

    def looks_like_row(cells: list[str]) -> bool:
        # a line inside a quoted cell that reads like a row: a quote ran away
        return (
            len(cells) == len(header)
            and bool(cell(cells, "title") and cell(cells, "authors"))
            and (_cell_year(cell(cells, "year")) is not None or bool(cell(cells, "date")))
        )

    rows.looks_like_row = looks_like_row
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
        placeholder = _placeholder(cell(row, "authors"), author_sep) if not names else ""
        if not title or not (names or placeholder):
            problems.fail(
                InputError(
                    source,
                    line,
                    "a title in this row"
                    if not title
                    else f"authors separated by {author_sep!r} in this row",
                    hint="fill the cell or delete the row",
                ),
                "row",
            )
            continue
        if placeholder:  # "Anonymous", "et al." alone: a paper nobody is named on
            authorless.add(line, placeholder)
            complete = not _ET_AL.match(placeholder)
        year, month, day = _row_date(row, cell, source, line, problems, today)
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
    meta = count_meta(seen_rows + rows.skipped, len(records), problems)
    if note := authorless.warning(source):
        meta["warnings"].append(note)
    meta["authorless"] = authorless.count
    meta["delimiter"] = delim
    return LoadResult(records=records, problems=problems.items, meta=meta)


def _row_date(row, cell, source: str, line: int, problems: Problems, today: dt.date):
    """``(year, month, day)`` of a row from its ``year`` and ``date`` cells; a cell that
    cannot be read, a year before 1500 or a date after today is left out with a warning (the
    row is kept)."""
    year_text, date_text = cell(row, "year"), cell(row, "date")
    year = month = day = None
    if year_text:
        year = _cell_year(year_text)
        if year is None:
            problems.warn(
                InputError(
                    source,
                    line,
                    "a 4-digit year in this row",
                    found=year_text,
                    hint="fix the year cell",
                ),
                "left out this date",
            )
            return None, None, None
    if date_text:
        d_year, month, day = parse_iso_date(date_text)
        if d_year is None:
            problems.warn(
                InputError(
                    source,
                    line,
                    "a date such as 2020-03-15, 2020-03 or 2020 in this row",
                    found=date_text,
                    hint="fix the date cell",
                ),
                "left out this date",
            )
            month = day = None
        elif year is not None and d_year != year:
            month = day = None  # the date cell speaks of another year: keep the year cell's
        else:
            year = d_year
    found = date_text if date_text and month else year_text or date_text
    return check_date(
        year, month, day, problems=problems, source=source, line=line, found=found, latest=today
    )


def read(
    path: str | os.PathLike[str],
    *,
    strict: bool = False,
    delimiter: str | None = None,
    author_sep: str = ";",
    today: dt.date | None = None,
    **_ignored,
) -> LoadResult:
    """Read a CSV/TSV file (``.tsv`` / ``.tab`` are tab-separated).  See :func:`read_string`."""
    path = Path(path)
    if delimiter is None and path.suffix.lower() in (".tsv", ".tab"):
        delimiter = "\t"
    text, cut = read_input(path, what="a CSV table in UTF-8", allow_cut=True)
    return read_string(
        text,
        str(path),
        strict=strict,
        delimiter=delimiter,
        author_sep=author_sep,
        today=today,
        cut_mid_character=cut,
    )
