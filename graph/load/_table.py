"""Reading a CSV export whose columns are named: header row, rows as dicts, line numbers.

Shared by the readers of database CSV exports (Lens, Dimensions, IEEE Xplore, SpringerLink).
Header names are matched case-insensitively; the header row may sit below a title line
(Dimensions writes ``About the data: ...`` above it); row line numbers are physical lines of
the file (a quoted cell may span lines).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import InputError
from .csv_table import iter_rows, pick_delimiter
from .sniff import csv_header

__all__ = ["Row", "table_rows"]

#: one data row: first physical line, cells by lower-cased header name, whether the row has
#: more cells than the header (a quoting error upstream)
Row = tuple[int, dict[str, str], bool]


def table_rows(
    text: str,
    source: str,
    *,
    what: str,
    required: tuple[str, ...],
    known: tuple[str, ...],
    hint: str,
) -> tuple[list[str], Iterator[Row], str]:
    """``(header keys, rows, delimiter)`` of one CSV export.

    Parameters
    ----------
    text : the file's text.
    source : file name for messages.
    what : what the file is (``"a Lens.org CSV export"``).
    required : column names that must be in the header (any case).
    known : column names used to pick the delimiter.
    hint : what to do when the header lacks a required column.

    >>> keys, rows, delim = table_rows('"About the data"\\nTitle,Year,Authors\\nT,2020,A\\n',
    ...     "x.csv", what="a test export", required=("Title",), known=("title", "year"),
    ...     hint="")
    >>> keys, [(line, row["title"]) for line, row, _ in rows]
    (['title', 'year', 'authors'], [(3, 'T')])
    """
    if not text.strip():
        raise InputError(source, None, what, found="an empty file", hint=hint)
    head = text.split("\n", 6)[:6]
    _, at = csv_header(head)
    at = max(at, 0)
    body = text
    for _ in range(at):  # drop the title line(s) above the header, keep line numbers right
        body = body.split("\n", 1)[1] if "\n" in body else ""
    delim = pick_delimiter(body.split("\n", 1)[0], tuple(k.lower() for k in known))
    header, rows = iter_rows(body, delim, source)
    keys = [h.lstrip("\ufeff").strip().lower() for h in header]
    missing = [c for c in required if c.lower() not in keys]
    if missing:
        raise InputError(
            source,
            at + 1,
            f"{what} with the column(s) {', '.join(missing)}",
            found=delim.join(header),
            hint=hint,
        )

    def gen() -> Iterator[Row]:
        try:
            for line, cells in rows:
                row = {
                    k: (cells[i].strip() if i < len(cells) else "")
                    for i, k in reversed(list(enumerate(keys)))
                }
                yield line + at, row, len(cells) > len(keys)
        except InputError as err:
            raise InputError(
                source,
                (err.line or 0) + at if err.line else None,
                err.expected,
                found=err.found,
                hint=err.hint,
            ) from err

    return keys, gen(), delim
