"""Reading input files as text, with clear errors for binary and non-UTF-8 content.

Examples
--------
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "latin1.txt"
>>> _ = p.write_bytes("Ada\\nDeli\\u00e8ge".encode("latin-1"))
>>> try:
...     read_text(p)
... except InputError as err:
...     print(err.line, err.found)
2 byte 0xE8 at byte offset 8, not UTF-8
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path

from ..errors import InputError

__all__ = ["read_text"]

# UTF-16/32 files are text, but full of NUL bytes: name them instead of calling them binary.
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def read_text(path: str | os.PathLike[str], *, what: str = "a UTF-8 text file") -> str:
    """Return the file's text (UTF-8, optional BOM, line ends normalised to ``\\n``).

    Parameters
    ----------
    path : the file to read.
    what : what the caller expects, used in error messages.

    Returns
    -------
    The decoded text; ``\\r\\n`` and ``\\r`` line ends become ``\\n``.

    Raises
    ------
    InputError
        for an unreadable file, a UTF-16/UTF-32 file, binary content (a NUL byte, with its line
        and byte offset) or bytes that are not UTF-8 (line, byte value and byte offset).
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, None, "a readable file", hint=str(exc.strerror or exc)) from exc
    for bom, name in _WIDE_BOMS:
        if data.startswith(bom):
            raise InputError(
                path,
                1,
                what,
                found=f"{name} text (byte order mark)",
                hint="re-save the file as UTF-8",
            )
    offset = data.find(b"\x00")
    if offset >= 0:
        raise InputError(
            path,
            data.count(b"\n", 0, offset) + 1,
            what,
            found=f"binary data (NUL byte at byte offset {offset})",
            hint="this looks like a binary file; export the publication list as text",
        )
    # Decode after the BOM ourselves: "utf-8-sig" reports offsets relative to the stripped data.
    skip = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        text = data[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        at = exc.start + skip
        raise InputError(
            path,
            data.count(b"\n", 0, at) + 1,
            what,
            found=f"byte 0x{data[at]:02X} at byte offset {at}, not UTF-8",
            hint="re-save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)",
        ) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")
