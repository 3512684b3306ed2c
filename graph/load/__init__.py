"""Readers: one module per input format, one entry point :func:`load_records`.

Each reader has the signature ``read(path, *, strict=False, **options) -> LoadResult``.
The format is picked with ``fmt`` or, when ``fmt`` is None, from the file extension and, for
the two ambiguous extensions, from the content: ``.txt`` is a profile page or a Web of Science
export (``FN``/``PT`` tags), ``.csv`` is a plain table or a Scopus export (its header).

========  ===========================  ==========================================
format    extensions                   module
========  ===========================  ==========================================
profile   .txt                         :mod:`graph.load.profile_text`
bibtex    .bib, .bibtex                :mod:`graph.load.bibtex`
ris       .ris                         :mod:`graph.load.ris`
csv       .csv, .tsv, .tab             :mod:`graph.load.csv_table`
scopus    .csv (Scopus header)         :mod:`graph.load.scopus`
openalex  .json, .jsonl, .ndjson       :mod:`graph.load.openalex`
wos       .txt (FN/PT tags), .ciw      :mod:`graph.load.wos`
========  ===========================  ==========================================

Files without an owner (everything but profile pages) get one detected when a single author is
on nearly all of their papers (:func:`graph.load.owner.detect_owner`):
``meta["owner_detected"]``.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable
from pathlib import Path

from ..errors import InputError
from . import bibtex, csv_table, openalex, profile_text, ris, scopus, wos
from ._common import sniff_lines
from ._text import DEFAULT_MAX_INPUT_SIZE, check_input_file, input_limit
from .owner import detect_owner
from .records import AuthorRef, LoadResult, PaperRecord

__all__ = [
    "READERS",
    "AuthorRef",
    "LoadResult",
    "PaperRecord",
    "detect_format",
    "detect_owner",
    "load_records",
]

#: format name -> reader function
READERS: dict[str, Callable[..., LoadResult]] = {
    "profile": profile_text.read,
    "bibtex": bibtex.read,
    "ris": ris.read,
    "csv": csv_table.read,
    "scopus": scopus.read,
    "openalex": openalex.read,
    "wos": wos.read,
}

#: file extension -> format name (readers added by later modules register here too)
EXTENSIONS: dict[str, str] = {
    ".txt": "profile",
    ".bib": "bibtex",
    ".bibtex": "bibtex",
    ".ris": "ris",
    ".csv": "csv",
    ".tsv": "csv",
    ".tab": "csv",
    ".json": "openalex",
    ".jsonl": "openalex",
    ".ndjson": "openalex",
    ".ciw": "wos",
}


def _sniff(path: Path, name: str) -> str:
    """Refine an extension's guess from the first lines (only ``.txt`` and ``.csv`` need it)."""
    if name not in ("profile", "csv") or not path.is_file():
        return name
    lines = sniff_lines(path)
    if name == "profile":
        return "wos" if wos.looks_like_wos(lines) else name
    header = next((s for s in lines if s.strip()), "")
    delim = csv_table.pick_delimiter(header, (*(c.lower() for c in scopus.SIGNATURE), "authors"))
    cells = next(csv.reader([header], delimiter=delim), [])
    return "scopus" if scopus.looks_like_scopus(cells) else name


def detect_format(path: str | os.PathLike[str]) -> str:
    """Name the reader for ``path`` from its extension (and, if ambiguous, its first lines).

    >>> detect_format("scholar_profile.txt"), detect_format("dblp.bib")
    ('profile', 'bibtex')
    """
    suffix = Path(path).suffix.lower()
    if suffix in EXTENSIONS:
        return _sniff(Path(path), EXTENSIONS[suffix])
    known = ", ".join(sorted(EXTENSIONS))
    raise InputError(
        path,
        None,
        f"a file with a known extension ({known})",
        found=suffix or "(no extension)",
        hint=f"name the format with --format ({', '.join(sorted(READERS))})",
    )


def load_records(
    path: str | os.PathLike[str],
    fmt: str | None = None,
    *,
    strict: bool = False,
    max_input_size: int | None = None,
    **options,
) -> LoadResult:
    """Read one input file into records.

    Parameters
    ----------
    path : the file to read.
    fmt : a key of :data:`READERS`, or None to detect it from the file name.
    strict : raise the first problem as :class:`~graph.errors.InputError` instead of skipping.
    max_input_size : refuse files larger than this many bytes (None: 2 GiB); inputs that are
        not regular files (FIFOs, devices, sockets) are always refused.
    options : reader-specific options (e.g. ``capture_date`` for profile pages,
        ``author_sep`` for CSV tables); readers ignore the ones they do not use.

    Returns
    -------
    LoadResult with records, skipped problems and source metadata; for a file whose records
    name no owner, ``meta["owner_detected"]`` is the detected owner (``{"name", "papers", "of",
    "share"}``) or None.
    """
    path = Path(path)
    # The guard: type and size are checked before anything opens the file (a FIFO would
    # block, /dev/zero never ends), and every read inside is capped at the same limit.
    check_input_file(path, max_input_size or DEFAULT_MAX_INPUT_SIZE)
    name = fmt or detect_format(path)
    if name not in READERS:
        raise InputError(
            path,
            None,
            f"a known format ({', '.join(sorted(READERS))})",
            found=name,
            hint="choose one of the listed formats with --format",
        )
    try:
        with input_limit(max_input_size):
            result = READERS[name](path, strict=strict, **options)
    except MemoryError:
        raise InputError(
            path,
            None,
            "a file that fits in memory",
            found="the reader ran out of memory",
            hint="split the file, or lower --max-input-size to refuse such files up front",
        ) from None
    result.meta.setdefault("format", name)
    result.meta.setdefault("path", str(path))
    if not any(r.owners for r in result.records):
        result.meta.setdefault("owner_detected", detect_owner(result.records))
    return result
