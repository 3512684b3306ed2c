"""Reading input files as text, with clear errors for what cannot be read.

Every reader goes through :func:`read_text`, so one place guarantees:

* only regular files are read: a named pipe, a character device (``/dev/zero``), a socket or
  a block device is refused by its type, checked before opening (:func:`check_input_file`)
  and again on the open descriptor, opened without blocking, so a FIFO never hangs;
* memory stays bounded: at most the size limit is read (:func:`input_limit`, default
  :data:`DEFAULT_MAX_INPUT_SIZE`, ``--max-input-size``), even from a file that grows;
* UTF-16/32 text (with a byte order mark, or UTF-16 whose start is every other byte NUL, as
  Windows "Unicode" exports are) is decoded; binary and other non-UTF-8 files are errors
  with the line and byte offset;
* a file cut off in the middle of a UTF-8 character is read up to the cut when the reader
  can say what the cut damaged (:func:`read_input`), instead of losing the whole file.

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
>>> parse_size("2GiB"), format_size(2 * 1024**3)
(2147483648, '2 GiB')
"""

from __future__ import annotations

import codecs
import contextlib
import contextvars
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from ..errors import InputError

__all__ = [
    "DEFAULT_MAX_INPUT_SIZE",
    "InputText",
    "check_input_file",
    "format_size",
    "input_limit",
    "max_input_size",
    "parse_size",
    "read_input",
    "read_text",
    "wide_encoding",
]

#: Default size limit of one input file (2 GiB): far above any publication list people
#: download (a 10^6-paper profile page is ~200 MB), far below what would exhaust memory.
DEFAULT_MAX_INPUT_SIZE = 2 * 1024**3

_LIMIT: contextvars.ContextVar[int] = contextvars.ContextVar(
    "collabgraph_max_input_size", default=DEFAULT_MAX_INPUT_SIZE
)

# UTF-16/32 files are text, but full of NUL bytes: name them instead of calling them binary.
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)

_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)
_NOT_A_STREAM = "collabgraph reads whole files, not streams: save the data to a file and pass that"

_UNITS = {
    "": 1,
    "b": 1,
    "k": 1024,
    "kb": 1000,
    "kib": 1024,
    "m": 1024**2,
    "mb": 1000**2,
    "mib": 1024**2,
    "g": 1024**3,
    "gb": 1000**3,
    "gib": 1024**3,
    "t": 1024**4,
    "tb": 1000**4,
    "tib": 1024**4,
}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$", re.I)


def parse_size(text: str) -> int:
    """Bytes from ``"2GiB"``, ``"2 GB"``, ``"500MB"``, ``"64k"`` or ``"1000"``.

    ``kB``/``MB``/``GB``/``TB`` are powers of 1000, ``KiB``/``MiB``/``GiB``/``TiB`` and the
    bare letters ``k``/``M``/``G``/``T`` powers of 1024.

    >>> parse_size("2GB"), parse_size("1.5 MiB"), parse_size("64k")
    (2000000000, 1572864, 65536)

    Raises
    ------
    ValueError
        for anything else, and for sizes below one byte.
    """
    m = _SIZE.match(text)
    unit = m.group(2).lower() if m else ""
    if not m or unit not in _UNITS:
        raise ValueError(f"{text!r} is not a size such as 2GiB, 500MB or 1000000")
    size = int(float(m.group(1)) * _UNITS[unit])
    if size < 1:
        raise ValueError(f"{text!r} is less than one byte")
    return size


def format_size(size: int) -> str:
    """``2147483648`` -> ``"2 GiB"``; below 1 KiB in bytes.

    >>> format_size(1536), format_size(10), format_size(5 * 1024**2 + 1)
    ('1.5 KiB', '10 bytes', '5 MiB')
    """
    if size < 1024:
        return f"{size} bytes"
    for unit in ("KiB", "MiB", "GiB", "TiB"):
        size /= 1024
        if size < 1024 or unit == "TiB":
            return f"{size:.1f}".removesuffix(".0") + f" {unit}"
    raise AssertionError("unreachable")  # pragma: no cover


def max_input_size() -> int:
    """The size limit in force (set with :func:`input_limit`)."""
    return _LIMIT.get()


@contextlib.contextmanager
def input_limit(size: int | None) -> Iterator[None]:
    """Within the block every :func:`read_text` reads at most ``size`` bytes (None: the
    default).  :func:`graph.load.load_records` wraps each reader in it, so readers need no
    option of their own."""
    token = _LIMIT.set(DEFAULT_MAX_INPUT_SIZE if size is None else int(size))
    try:
        yield
    finally:
        _LIMIT.reset(token)


def _too_large(path, size: int | str, limit: int) -> InputError:
    return InputError(
        path,
        None,
        f"a file of at most {format_size(limit)} (--max-input-size)",
        found=size if isinstance(size, str) else format_size(size),
        hint="if the file is right, raise the limit, e.g. --max-input-size 8GiB",
    )


def _kind(mode: int) -> str | None:
    """What a non-regular file is (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def check_input_file(path: str | os.PathLike[str], limit: int | None = None) -> os.stat_result:
    """Refuse, by its type and size and without opening it, what cannot be an input file.

    Parameters
    ----------
    path : the input (a symbolic link is followed: a link to ``/dev/zero`` is a device).
    limit : the size limit in bytes (None: the one in force, see :func:`input_limit`).

    Raises
    ------
    InputError
        for a missing path, a folder, a FIFO, a device, a socket, or a file over ``limit``.
    """
    limit = max_input_size() if limit is None else limit
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputError(
            path, None, "an existing input file", hint="check the path and spelling"
        ) from None
    except OSError as exc:
        raise InputError(path, None, "a readable file", hint=str(exc.strerror or exc)) from exc
    if stat.S_ISDIR(st.st_mode):
        raise InputError(path, None, "a file, not a folder", hint="name the files inside it")
    kind = _kind(st.st_mode)
    if kind is not None:
        raise InputError(path, None, "a regular file", found=kind, hint=_NOT_A_STREAM)
    if st.st_size > limit:
        raise _too_large(path, st.st_size, limit)
    return st


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, at most the size limit; the type is checked on the open descriptor
    (opened non-blocking, so a FIFO swapped in after :func:`check_input_file` cannot hang)."""
    limit = max_input_size()
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise InputError(path, None, "a readable file", hint=str(exc.strerror or exc)) from exc
    with os.fdopen(fd, "rb") as fh:
        kind = _kind(os.fstat(fd).st_mode)
        if kind is not None:
            raise InputError(path, None, "a regular file", found=kind, hint=_NOT_A_STREAM)
        try:
            data = fh.read(limit + 1)
        except OSError as exc:
            raise InputError(path, None, "a readable file", hint=str(exc.strerror or exc)) from exc
    if len(data) > limit:
        raise _too_large(path, f"more than {format_size(limit)}", limit)
    return data


class InputText(NamedTuple):
    """A file's text and whether it ended in the middle of a UTF-8 character (cut off)."""

    text: str
    cut_mid_character: bool = False


def wide_encoding(data: bytes) -> str | None:
    r"""The codec of UTF-16/UTF-32 text, from its byte order mark or, without one, from NUL
    bytes at every other position of its start (Windows "Unicode" exports, such as Web of
    Science's "Tab delimited (Win, UTF-16)"); None for anything else.

    >>> wide_encoding("PT\tAU".encode("utf-16")), wide_encoding("PT\tAU".encode("utf-16-le"))
    ('utf-16', 'utf-16-le')
    >>> wide_encoding(b"PT\tAU"), wide_encoding(b"a\x00") is None
    (None, True)
    """
    for bom, name in _WIDE_BOMS:
        if data.startswith(bom):
            return name.lower()
    head = data[:4096]
    if len(head) >= 8 and len(head) % 2 == 0:
        even, odd = head[0::2], head[1::2]
        # Text in a Latin script: every other byte is NUL, the others never are.
        if odd.count(0) == len(odd) and even.count(0) == 0:
            return "utf-16-le"
        if even.count(0) == len(even) and odd.count(0) == 0:
            return "utf-16-be"
    return None


def _decode_wide(path: Path, data: bytes, codec: str, what: str) -> str:
    """``data`` decoded as ``codec`` (BOM dropped), line ends normalised."""
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise InputError(
            path,
            data[: exc.start].decode(codec, errors="replace").count("\n") + 1,
            what,
            found=f"bytes at byte offset {exc.start} that are not {codec.upper()}",
            hint="the file is damaged or not in one encoding; re-save it as UTF-8",
        ) from exc
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        offset = text.index("\x00")
        raise InputError(
            path,
            text.count("\n", 0, offset) + 1,
            what,
            found=f"binary data (a NUL character in {codec.upper()} text)",
            hint="this looks like a binary file; export the publication list as text",
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_input(
    path: str | os.PathLike[str], *, what: str = "a UTF-8 text file", allow_cut: bool = False
) -> InputText:
    """Like :func:`read_text`; with ``allow_cut`` a file whose last bytes are an incomplete
    UTF-8 character (a download cut off there) is read up to them and reported as cut,
    instead of being an error: the reader then says what the cut damaged."""
    path = Path(path)
    data = _read_bytes(path)
    wide = wide_encoding(data)
    if wide is not None:
        return InputText(_decode_wide(path, data, wide, what), False)
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
    cut = False
    try:
        text = data[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        at = exc.start + skip
        if allow_cut and exc.reason == "unexpected end of data" and exc.end + skip == len(data):
            text, cut = data[skip:at].decode("utf-8"), True
        else:
            raise InputError(
                path,
                data.count(b"\n", 0, at) + 1,
                what,
                found=f"byte 0x{data[at]:02X} at byte offset {at}, not UTF-8",
                hint="re-save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)",
            ) from exc
    return InputText(text.replace("\r\n", "\n").replace("\r", "\n"), cut)


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
        for an unreadable file, one that is not a regular file, one over the size limit, a
        UTF-16/UTF-32 file, binary content (a NUL byte, with its line and byte offset) or
        bytes that are not UTF-8 (line, byte value and byte offset).
    """
    return read_input(path, what=what).text
