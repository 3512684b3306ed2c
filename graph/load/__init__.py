"""Readers: one module per input format, one entry point :func:`load_records`.

Each reader has the signature ``read(path, *, strict=False, **options) -> LoadResult``.
The format is picked with ``fmt`` or, when ``fmt`` is None, from the file's **content**
whatever its name (:data:`SNIFFERS`, tried in order: a WoS file named ``.isi``, a MEDLINE
file named ``.txt``, a Scopus CSV named ``.txt`` are read as what they are); only content
that no test recognises falls back to the extension (:data:`EXTENSIONS`).  A forced ``fmt``
that the content contradicts is an :class:`~graph.errors.InputError` naming what the content
looks like (``--format wos`` on a MEDLINE file), never a junk read; a plain CSV header may be
read by any CSV-export reader.

==========  ====================================  ==========================================
format      content test / extensions             module
==========  ====================================  ==========================================
pubmed      ``PMID-`` line; .nbib, .medline       :mod:`graph.load.pubmed`
wos         ``FN``/``PT`` tags; .ciw, .isi        :mod:`graph.load.wos`
ris         ``TY  -`` line; .ris                  :mod:`graph.load.ris`
openalex    JSON; .json, .jsonl, .ndjson          :mod:`graph.load.openalex`
bibtex      ``@entry{``; .bib, .bibtex            :mod:`graph.load.bibtex`
scopus      Scopus CSV header                     :mod:`graph.load.scopus`
lens        ``Lens ID`` + ``Author/s`` header     :mod:`graph.load.lens`
dimensions  ``PubYear``/``Dimensions URL`` header  :mod:`graph.load.dimensions`
ieee        ``Document Title`` header              :mod:`graph.load.ieee`
springer    ``Item Title`` + ``Item DOI`` header    :mod:`graph.load.springer`
csv         ``title`` + ``authors``; .csv, .tsv    :mod:`graph.load.csv_table`
profile     ``CVApr 12, 2023`` lines; .txt        :mod:`graph.load.profile_text`
==========  ====================================  ==========================================

A new format is one module (with ``read`` and ``sniff``) and one entry in :data:`READERS`,
:data:`SNIFFERS` and, for its own extensions, :data:`EXTENSIONS`.

Files without an owner (everything but profile pages) get one detected when a single author is
on nearly all of their papers (:func:`graph.load.owner.detect_owner`):
``meta["owner_detected"]``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from ..errors import InputError
from . import (
    bibtex,
    csv_table,
    dimensions,
    ieee,
    lens,
    openalex,
    profile_text,
    pubmed,
    ris,
    scopus,
    sniff,
    springer,
    wos,
)
from ._common import sniff_lines
from ._text import DEFAULT_MAX_INPUT_SIZE, check_input_file, input_limit
from .owner import detect_owner
from .records import AuthorRef, LoadResult, PaperRecord

__all__ = [
    "EXTENSIONS",
    "LABELS",
    "READERS",
    "SNIFFERS",
    "AuthorRef",
    "LoadResult",
    "PaperRecord",
    "check_format",
    "detect_format",
    "detect_owner",
    "load_records",
    "sniff_format",
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
    "pubmed": pubmed.read,
    "lens": lens.read,
    "dimensions": dimensions.read,
    "ieee": ieee.read,
    "springer": springer.read,
}

#: format name -> content test over the first lines, tried in this order (the first match
#: names the format): tagged formats first, then JSON and BibTeX, then CSV exports from the
#: most specific header to the plain table, then profile pages.
SNIFFERS: dict[str, Callable[[list[str]], bool]] = {
    "pubmed": pubmed.sniff,
    "wos": wos.sniff,
    "ris": sniff.sniff_ris,
    "openalex": sniff.sniff_openalex,
    "bibtex": sniff.sniff_bibtex,
    "scopus": scopus.sniff,
    "lens": lens.sniff,
    "dimensions": dimensions.sniff,
    "ieee": ieee.sniff,
    "springer": springer.sniff,
    "csv": sniff.sniff_csv,
    "profile": sniff.sniff_profile,
}

#: format name -> what its content is, for messages
LABELS: dict[str, str] = {
    "profile": "a profile page saved as text",
    "bibtex": "a BibTeX file",
    "ris": "a RIS file",
    "csv": "a CSV table with title/authors/year columns",
    "scopus": "a Scopus CSV export",
    "openalex": "OpenAlex JSON",
    "wos": "a Web of Science plain-text export",
    "pubmed": "a PubMed/MEDLINE file",
    "lens": "a Lens.org CSV export",
    "dimensions": "a Dimensions CSV export",
    "ieee": "an IEEE Xplore CSV export",
    "springer": "a SpringerLink CSV export",
}

#: readers of CSV exports: each may be forced on a file whose header reads as a plain table
_CSV_EXPORTS = frozenset({"scopus", "lens", "dimensions", "ieee", "springer"})

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
    ".isi": "wos",
    ".nbib": "pubmed",
    ".medline": "pubmed",
}


def sniff_format(path: str | os.PathLike[str]) -> str | None:
    """The format the first lines of ``path`` look like, or None (unknown or unreadable).

    Only regular files are opened (a FIFO would block).
    """
    path = Path(path)
    if not path.is_file():
        return None
    lines = sniff_lines(path)
    return next((name for name, test in SNIFFERS.items() if test(lines)), None)


def detect_format(path: str | os.PathLike[str]) -> str:
    """Name the reader for ``path`` from its content, else from its extension.

    >>> detect_format("scholar_profile.txt"), detect_format("dblp.bib")
    ('profile', 'bibtex')
    """
    found = sniff_format(path)
    if found is not None:
        return found
    suffix = Path(path).suffix.lower()
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix]
    known = ", ".join(sorted(EXTENSIONS))
    raise InputError(
        path,
        None,
        f"a file with a known extension ({known})",
        found=suffix or "(no extension)",
        hint=f"the content matches no known format; name it with --format "
        f"({', '.join(sorted(READERS))})",
    )


def check_format(path: str | os.PathLike[str], fmt: str) -> None:
    """Raise :class:`InputError` when the content of ``path`` contradicts a forced ``fmt``.

    Content no test recognises is left to the reader; a plain CSV header may be read by any
    CSV-export reader (a reduced Scopus export has no Scopus-only column).
    """
    found = sniff_format(path)
    if found is None or found == fmt or (found == "csv" and fmt in _CSV_EXPORTS):
        return
    first = sniff.first_text_line(sniff_lines(path))
    raise InputError(
        path,
        None,
        f"{LABELS.get(fmt, fmt)} (--format {fmt})",
        found=f"{LABELS.get(found, found)}: {first}",
        hint=f"drop --format to read it as {found}, or name the right format",
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
    fmt : a key of :data:`READERS` (checked against the content: :func:`check_format`), or
        None to detect it from the content, else the extension (:func:`detect_format`).
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
    if name in READERS and fmt:
        check_format(path, fmt)
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
