"""Readers: one module per input format, one entry point :func:`load_records`.

Each reader has the signature ``read(path, *, strict=False, **options) -> LoadResult``.
The format is picked with ``fmt`` or, when ``fmt`` is None, from the file extension and, for
``.txt`` files, from the content.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from ..errors import InputError
from . import profile_text
from .records import AuthorRef, LoadResult, PaperRecord

__all__ = [
    "READERS",
    "AuthorRef",
    "LoadResult",
    "PaperRecord",
    "detect_format",
    "load_records",
]

#: format name -> reader function
READERS: dict[str, Callable[..., LoadResult]] = {
    "profile": profile_text.read,
}

#: file extension -> format name (readers added by later modules register here too)
EXTENSIONS: dict[str, str] = {
    ".txt": "profile",
}


def detect_format(path: str | os.PathLike[str]) -> str:
    """Name the reader for ``path`` from its extension.

    >>> detect_format("scholar_profile.txt")
    'profile'
    """
    suffix = Path(path).suffix.lower()
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix]
    known = ", ".join(sorted(EXTENSIONS))
    raise InputError(
        path,
        None,
        f"a file with a known extension ({known})",
        found=suffix or "(no extension)",
        hint=f"name the format with --format ({', '.join(sorted(READERS))})",
    )


def load_records(
    path: str | os.PathLike[str], fmt: str | None = None, *, strict: bool = False, **options
) -> LoadResult:
    """Read one input file into records.

    Parameters
    ----------
    path : the file to read.
    fmt : a key of :data:`READERS`, or None to detect it from the file name.
    strict : raise the first problem as :class:`~graph.errors.InputError` instead of skipping.
    options : reader-specific options (e.g. ``capture_date`` for profile pages).

    Returns
    -------
    LoadResult with records, skipped problems and source metadata.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(path, None, "an existing input file", hint="check the path and spelling")
    if path.is_dir():
        raise InputError(path, None, "a file, not a folder", hint="name the files inside it")
    name = fmt or detect_format(path)
    if name not in READERS:
        raise InputError(
            path,
            None,
            f"a known format ({', '.join(sorted(READERS))})",
            found=name,
            hint="choose one of the listed formats with --format",
        )
    result = READERS[name](path, strict=strict, **options)
    result.meta.setdefault("format", name)
    result.meta.setdefault("path", str(path))
    return result
