"""Atomic file writes: a failed run never leaves half a file behind.

Content is written to a temporary file in the destination folder and moved into place with
:func:`os.replace`, which is atomic on POSIX and Windows when both are on one file system.

Examples
--------
>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> p = write_text_atomic(d / "a.txt", "hello")
>>> p.read_text()
'hello'
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from .errors import OutputError

__all__ = ["atomic_path", "ensure_dir", "write_bytes_atomic", "write_text_atomic"]


def ensure_dir(folder: str | os.PathLike[str]) -> Path:
    """Create ``folder`` (and parents) or raise :class:`OutputError` saying why not."""
    path = Path(folder)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"cannot create output folder {str(path)!r}: {exc.strerror or exc}. "
            "Hint: choose another folder with --out"
        ) from exc
    if not os.access(path, os.W_OK):
        raise OutputError(
            f"output folder {str(path)!r} is not writable. Hint: choose another folder with --out"
        )
    return path


@contextlib.contextmanager
def atomic_path(dest: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``dest``; on success move it onto ``dest``.

    For writers that insist on a file name (``nx.write_graphml``, matplotlib).  On any exception
    the temporary file is removed and ``dest`` is left untouched; a write error (``OSError``:
    a full disk, a read-only folder, an immutable ``dest``) becomes an :class:`OutputError`
    naming ``dest`` and the reason, in one line.
    """
    dest = Path(dest)
    folder = dest.parent if str(dest.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(
            f"cannot write {str(dest)!r}: folder {str(folder)!r} does not exist. "
            "Hint: create it or choose another output path"
        )
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(
            f"cannot write {str(dest)!r}: {exc.strerror or exc}. "
            "Hint: check the folder is writable or choose another output path"
        ) from exc
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, 0o644)
        os.replace(tmp_path, dest)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp_path.unlink()
        if isinstance(exc, OSError) and not isinstance(exc, OutputError):
            raise OutputError(
                f"cannot write {str(dest)!r}: {exc.strerror or exc}. "
                "Hint: check the folder is writable and has space, or choose another path"
            ) from exc
        raise


def _write(dest: str | os.PathLike[str], mode: str, writer: Callable[[IO], None], **kw) -> Path:
    with atomic_path(dest) as tmp, open(tmp, mode, **kw) as fh:
        writer(fh)
    return Path(dest)


def write_text_atomic(dest: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` as UTF-8 (``\\n`` line ends) to ``dest`` atomically; return the path."""
    return _write(dest, "w", lambda fh: fh.write(text), encoding="utf-8", newline="\n")


def write_bytes_atomic(dest: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``dest`` atomically; return the path."""
    return _write(dest, "wb", lambda fh: fh.write(data))
