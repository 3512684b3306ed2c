"""Reading a CSV export whose columns are named: header row, rows as dicts, line numbers.

Shared by the readers of database CSV exports (Scopus, Lens, Dimensions, IEEE Xplore,
SpringerLink).  Header names are matched case-insensitively; the header row may sit below a
title line (Dimensions writes ``About the data: ...`` above it); row line numbers are physical
lines of the file (a quoted cell may span lines).

Rows go through the checks of :class:`~graph.load.csv_table.CsvRows`: a quote that runs away
is reported on the line where it opened (that row skipped, the rows it swallowed read), a cell
over 1 MiB skips its row, and a last row the file ends inside of (fewer cells than the header
and no final line break, or a character cut in half) is skipped.  :attr:`Table.skipped`
counts those rows, so a reader's ``entries`` is its rows plus them.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import InputError
from ._common import Problems
from .csv_table import CsvRows, pick_delimiter
from .sniff import csv_header

__all__ = ["Row", "Table"]

#: one data row: first physical line, cells by lower-cased header name, whether the row has
#: more cells than the header (a quoting error upstream)
Row = tuple[int, dict[str, str], bool]


class Table:
    """The rows of one named-column CSV export.

    Parameters
    ----------
    text : the file's text.
    source : file name for messages.
    problems : where faulty rows are reported (lenient: skipped and counted; strict: raised).
    what : what the file is (``"a Lens.org CSV export"``).
    required : column names that must be in the header (any case).
    known : column names used to pick the delimiter.
    hint : what to do when the header lacks a required column.
    cut_mid_character : the file ended in the middle of a UTF-8 character.
    wide : a column that rows may repeat although the header names it once (Scopus' header
        has ``Funding Text 1`` where its rows hold several funding texts): in a row with more
        cells than the header, the columns up to it are read from the left, the columns after
        it from the right, so the extra cells never shift ``EID`` or ``PubMed ID``.

    Examples
    --------
    >>> t = Table('"About the data"\\nTitle,Year,Authors\\nT,2020,A\\n', "x.csv", Problems(),
    ...           what="a test export", required=("Title",), known=("title", "year"), hint="")
    >>> t.keys, [(line, row["title"]) for line, row, _ in t], t.skipped
    (['title', 'year', 'authors'], [(3, 'T')], 0)
    """

    def __init__(
        self,
        text: str,
        source: str,
        problems: Problems,
        *,
        what: str,
        required: tuple[str, ...],
        known: tuple[str, ...],
        hint: str,
        cut_mid_character: bool = False,
        wide: str | None = None,
    ) -> None:
        if not text.strip():
            raise InputError(source, None, what, found="an empty file", hint=hint)
        head = text.split("\n", 6)[:6]
        _, at = csv_header(head)
        at = max(at, 0)
        header_line = text.split("\n", at + 1)[at] if at else text.split("\n", 1)[0]
        self.delimiter = pick_delimiter(header_line, tuple(k.lower() for k in known))
        self.source = source
        self._rows = CsvRows(
            text,
            self.delimiter,
            source,
            problems,
            cut_mid_character=cut_mid_character,
            header_at=at,
        )
        self.header = self._rows.header
        self.keys = [h.lstrip("\ufeff").strip().lower() for h in self.header]
        # a line inside a quoted cell with at least the header's cells is a row of its own
        # (a wide export's rows may hold more cells than its header: see ``wide``)
        self._rows.looks_like_row = lambda cells: len(cells) >= len(self.keys)
        missing = [c for c in required if c.lower() not in self.keys]
        if missing:
            raise InputError(
                source,
                at + 1,
                f"{what} with the column(s) {', '.join(missing)}",
                found=self.delimiter.join(self.header),
                hint=hint,
            )
        #: cells beyond the header in the row last yielded (read around ``wide``)
        self.extra = 0
        self.wide = next(
            (i for i, k in reversed(list(enumerate(self.keys))) if wide and k.startswith(wide)),
            None,
        )

    @property
    def skipped(self) -> int:
        """Rows left out by the CSV checks (each one problem)."""
        return self._rows.skipped

    def __iter__(self) -> Iterator[Row]:
        keys, n = self.keys, len(self.keys)
        pairs = list(enumerate(keys))
        for line, cells in self._rows:
            extra = len(cells) - n
            self.extra = max(extra, 0)
            if extra > 0 and self.wide is not None:
                row = {k: cells[i if i <= self.wide else i + extra].strip() for i, k in pairs[::-1]}
                yield line, row, False
                continue
            row = {k: (cells[i].strip() if i < len(cells) else "") for i, k in pairs[::-1]}
            yield line, row, extra > 0
