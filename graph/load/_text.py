"""Reading input files as text, with clear errors for binary and non-UTF-8 content."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import InputError

__all__ = ["read_text"]


def read_text(path: str | os.PathLike[str], *, what: str = "a UTF-8 text file") -> str:
    """Return the file's text (UTF-8, optional BOM, line ends normalised to ``\\n``).

    Raises :class:`InputError` naming the line and byte offset of the first byte that is not
    UTF-8, or saying the file is binary.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, None, "a readable file", hint=str(exc.strerror or exc)) from exc
    if b"\x00" in data[:65536]:
        offset = data.index(b"\x00")
        raise InputError(
            path,
            data.count(b"\n", 0, offset) + 1,
            what,
            found=f"binary data (NUL byte at byte offset {offset})",
            hint="this looks like a binary file; export the publication list as text",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 4]
        raise InputError(
            path,
            data.count(b"\n", 0, exc.start) + 1,
            what,
            found=f"bytes {bad!r} at byte offset {exc.start} that are not UTF-8",
            hint="re-save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)",
        ) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")
