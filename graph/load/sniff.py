"""Telling formats apart from their first lines, whatever the file is called.

Each format has a test ``sniff(lines) -> bool`` over the first 40 lines of a file (decoded
leniently, BOM removed); :data:`graph.load.SNIFFERS` tries them in order and the first that
matches names the format.  The tests of the tagged and CSV formats live in their reader
modules (``wos.sniff``, ``pubmed.sniff``, ``scopus.sniff`` ...); the ones for formats whose
readers predate content sniffing (BibTeX, RIS, OpenAlex JSON, plain CSV, profile pages) are
here.  :func:`csv_header` finds the header row of a CSV export, also below the title line
Dimensions writes above it.

Examples
--------
>>> sniff_ris(["", "TY  - JOUR", "TI  - A"]), sniff_bibtex(["% x", "@Article{ k,"])
(True, True)
>>> csv_header(['"About the data: Exported on Mar 1, 2023."', 'Rank,Title,PubYear,Authors'])
(['Rank', 'Title', 'PubYear', 'Authors'], 1)
"""

from __future__ import annotations

import csv
import re

__all__ = [
    "csv_header",
    "first_text_line",
    "header_keys",
    "sniff_bibtex",
    "sniff_csv",
    "sniff_openalex",
    "sniff_profile",
    "sniff_ris",
]

_BIBTEX_ENTRY = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]")
_RIS_LINE = re.compile(r"^TY  - ")
_DELIMITERS = (",", "\t", ";")


def first_text_line(lines: list[str]) -> str:
    """The first non-blank line, BOM and surrounding spaces removed."""
    for line in lines:
        text = line.lstrip("\ufeff").strip()
        if text:
            return text
    return ""


def _cells(line: str) -> list[str]:
    """The cells of one CSV line under the delimiter that gives the most cells."""
    best: list[str] = []
    for delim in _DELIMITERS:
        try:
            cells = next(csv.reader([line], delimiter=delim), [])
        except csv.Error:
            continue
        if len(cells) > len(best):
            best = cells
    return [c.strip().lstrip("\ufeff").strip() for c in best]


def csv_header(lines: list[str], skip: int = 2) -> tuple[list[str], int]:
    """The header cells of a CSV export and their 0-based line index.

    The header is the first of the first ``skip + 1`` non-blank lines with at least three
    cells (Dimensions writes an ``About the data: ...`` line above it).  ``([], -1)`` when
    there is none.
    """
    seen = 0
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        cells = _cells(line.lstrip("\ufeff"))
        if len(cells) >= 3 and sum(bool(c) for c in cells) >= 3:
            return cells, i
        seen += 1
        if seen > skip:
            break
    return [], -1


def header_keys(lines: list[str]) -> set[str]:
    """Lower-cased header cells of a CSV export (empty when there is no header)."""
    return {c.lower() for c in csv_header(lines)[0]}


def sniff_bibtex(lines: list[str]) -> bool:
    """A BibTeX entry (``@article{``, ``@STRING(``) starts one of the lines."""
    return any(_BIBTEX_ENTRY.match(line.lstrip("\ufeff")) for line in lines)


def sniff_ris(lines: list[str]) -> bool:
    """A RIS ``TY  - `` line starts a record (some exporters write ``Provider: ...`` lines
    above the first one)."""
    return any(_RIS_LINE.match(line.lstrip("\ufeff") + " ") for line in lines)


def sniff_openalex(lines: list[str]) -> bool:
    """JSON: the text starts with ``{`` or ``[`` (OpenAlex is the JSON format read)."""
    return first_text_line(lines)[:1] in ("{", "[")


def sniff_csv(lines: list[str]) -> bool:
    """A plain table: a header with ``title`` and ``authors`` columns."""
    keys = header_keys(lines)
    return "title" in keys and "authors" in keys


def sniff_profile(lines: list[str]) -> bool:
    """A profile page: an entry header line such as ``CVApr 12, 2023Code``."""
    from .profile_text import parse_date_line

    hits = 0
    for line in lines:
        text = line.strip()
        if text and len(text) < 40 and parse_date_line(text) is not None:
            hits += 1
    return hits >= 1
