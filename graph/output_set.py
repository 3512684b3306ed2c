"""All-or-nothing output sets: a reader of ``--out`` sees the previous set or the new one,
never a mix, whenever and however a run stops.

A command that writes several files into one folder (``run --out``, ``export --to csv -o``)
writes them into a *staging* folder beside it, ``.<out>.collabgraph-tmp-<pid>-<random>``, and
only once every file is complete swaps that folder in:

1. entries of ``--out`` the new set does not replace (the user's own files and folders, an
   OpenAlex download, older outputs) are *carried over* into the staging folder as hard links
   (the very same files, not copies; a copy only where a link is refused), so nothing of the
   user's moves or disappears;
2. the staging folder takes the place of ``--out`` in one ``renameat2(RENAME_EXCHANGE)``
   (Linux; readers see the old folder, then the new one, with no moment in between).  Where the
   exchange is not available, two renames: ``--out`` to ``.<out>.collabgraph-old-<pid>-<random>``,
   then the staging folder to ``--out``; between the two a reader finds no ``--out`` at all
   (an error to open, never a mixed set);
3. the previous set (now in the ``-old-`` folder) is removed: only our files and the links
   carried over.  Anything else there (a file the user saved into ``--out`` while the run was
   busy) is moved into the new ``--out``, or the folder is kept and named in a warning.

A run killed at any moment leaves ``--out`` holding one complete set; its staging or old
folder stays behind, hidden, and the next run beside it removes it (by the name pattern,
only when the process that made it is gone; a killed run that had renamed ``--out`` away
gets it back).  A folder of ``--out`` that is a mount point cannot be renamed, and the folder the
command runs in or one above it (``--out .``, ``--out ..``) is not (the shell would be left in a
deleted folder): there the
files are staged inside it and moved in one by one (the manifest last), which keeps every file
whole but not the set.

Every write error is an :class:`~graph.errors.OutputError` of one line naming the file, the
reason (``strerror``) and that the previous outputs are intact.

Examples
--------
>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "results"
>>> with OutputSet(out) as folder:
...     _ = (folder / "a.txt").write_text("new")
>>> sorted(p.name for p in out.iterdir())
['a.txt']
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import re
import secrets
import shutil
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from .errors import OutputError

__all__ = ["MAX_CARRIED", "OutputSet", "clean_stale", "final_path"]

#: Entries of the user's own (files and folders, counted recursively) carried over at most;
#: more means ``--out`` is a folder of theirs, not ours: the run refuses it.
MAX_CARRIED = 10_000

_TAG = "collabgraph"
#: Our hidden folders beside ``--out``: ``.<name>.collabgraph-<tmp|old>-<pid>-<hex>``.
_OURS = re.compile(r"^\.(?P<name>.+)\.collabgraph-(?P<kind>tmp|old)-(?P<pid>\d+)-[0-9a-f]+$")
#: A temporary file of :func:`graph.io_atomic.atomic_path` (``.<name>.<random>.tmp``).
_ATOMIC_TMP = re.compile(r"^\.(?P<name>.+)\.[A-Za-z0-9_]{8}\.tmp$")

Warn = Callable[[str], None]


def _say(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    except OSError:
        return False
    return True


def _exchange(a: Path, b: Path) -> bool:
    """Swap the folders ``a`` and ``b`` in one step (``renameat2(RENAME_EXCHANGE)``); False
    where the system or the file system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    renameat2.argtypes += [ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst, follow_symlinks=False)
    except OSError:
        shutil.copy2(src, dst, follow_symlinks=False)


def _count(path: Path, limit: int) -> int:
    if not path.is_dir() or path.is_symlink():
        return 1
    n = 1
    for _root, dirs, files in os.walk(path):
        n += len(dirs) + len(files)
        if n > limit:
            break
    return n


def _same_file(a: Path, b: Path) -> bool:
    try:
        sa, sb = os.lstat(a), os.lstat(b)
    except OSError:
        return False
    return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


def _clean_old(old: Path, out: Path, ours: set[str], warn: Warn, *, move: bool = True) -> None:
    """Empty the previous set's folder: our files and the links carried over go; anything
    else (saved there by the user during the run) moves into ``out`` (with ``move``), or
    stays, and the folder with it, named in a warning."""
    kept = []
    for entry in sorted(old.iterdir()):
        there = out / entry.name
        try:
            if entry.name in ours or _ATOMIC_TMP.match(entry.name) or _carried(entry, there):
                _remove(entry)
            elif move and not there.exists() and not there.is_symlink():
                os.rename(entry, there)
            else:
                kept.append(entry.name)
        except OSError as exc:
            kept.append(f"{entry.name} ({exc.strerror or exc})")
    if kept:
        warn(
            f"the new outputs are in {str(out)!r}; the previous set's folder {str(old)!r} was "
            f"kept: it still holds {', '.join(kept[:3])}{' ...' if len(kept) > 3 else ''}"
        )
        return
    with contextlib.suppress(OSError):
        old.rmdir()


def _carried(entry: Path, there: Path) -> bool:
    """True when ``entry`` (in the old folder) is, file for file, also at ``there``."""
    if entry.is_dir() and not entry.is_symlink():
        if not there.is_dir() or there.is_symlink():
            return False
        return all(_carried(e, there / e.name) for e in entry.iterdir())
    return _same_file(entry, there)


def clean_stale(out: str | os.PathLike[str], ours: Iterable[str] = (), warn: Warn = _say) -> None:
    """Remove what earlier runs into ``out`` left beside it when killed: their staging folders
    (``.<out>.collabgraph-tmp-<pid>-…``, removed whole: only we write there) and previous-set
    folders (``…-old-…``, emptied by the rule of the swap, see the module notes), only where
    the process that made them is gone.  A killed run that had moved ``out`` away (the two-
    rename swap) gets it back first.  ``ours``: names of the files the command writes."""
    out = Path(out)
    parent = out.parent if str(out.parent) else Path(".")
    try:
        entries = sorted(parent.iterdir())
    except OSError:
        return
    stale = []
    for entry in entries:
        m = _OURS.match(entry.name)
        if m and m["name"] == out.name and not _alive(int(m["pid"])) and entry.is_dir():
            stale.append((m["kind"], entry))
    if not stale:
        return
    olds = [e for kind, e in stale if kind == "old"]
    if olds and not out.exists() and not out.is_symlink():
        # Killed between the two renames: the previous set comes back (it is complete).
        with contextlib.suppress(OSError):
            os.rename(olds[-1], out)
            olds.pop()
    for kind, entry in stale:
        try:
            # A staging folder may hold the swapped-out set (killed right after the exchange)
            # or an unfinished new one: ours and the carried links go, anything else stays.
            if kind == "tmp" or entry in olds:
                _clean_old(entry, out, set(ours) | {"manifest.json"}, warn, move=kind == "old")
        except OSError as exc:
            warn(f"could not remove {str(entry)!r} left by a killed run: {exc.strerror or exc}")


def _holds_cwd(out: Path) -> bool:
    """Whether ``out`` is the folder this process runs in or one above it (``--out .``,
    ``--out ..``): swapping it would leave the shell in a deleted folder.

    >>> _holds_cwd(Path(".")), _holds_cwd(Path("..")), _holds_cwd(Path("no-such-folder"))
    (True, True, False)
    """
    try:
        if not out.is_dir():
            return False
        here, there = os.path.realpath(os.getcwd()), os.path.realpath(out)
        return os.path.commonpath([here, there]) == there
    except (OSError, ValueError):
        return False


def _clean_stale_inside(out: Path, warn: Warn) -> None:
    """Remove the staging folders killed runs left *inside* ``out`` (runs into the current
    folder stage there), only where the process that made them is gone."""
    try:
        entries = sorted(out.iterdir())
    except OSError:
        return
    for entry in entries:
        m = _OURS.match(entry.name)
        if m and m["kind"] == "tmp" and entry.is_dir() and not _alive(int(m["pid"])):
            try:
                shutil.rmtree(entry)
            except OSError as exc:
                warn(f"could not remove {str(entry)!r} left by a killed run: {exc.strerror or exc}")


def final_path(path: str | os.PathLike[str], staging: Path, out: Path) -> Path:
    """Where ``path`` (inside ``staging``) is once the set is swapped in."""
    path = Path(path)
    try:
        return out / path.relative_to(staging)
    except ValueError:
        return path


class OutputSet:
    """Context manager: a staging folder for a set of files, swapped onto ``out`` on success.

    Parameters
    ----------
    out : the folder the set is for (a symbolic link is followed: the folder it points to is
        swapped, the link stays).
    ours : names of every file the command can write there (besides the new set's own), so
        previous-set leftovers of these names are ours to remove.
    warn : receives the one-line warnings (a previous set that could not be removed).

    On leaving with an exception the staging folder is removed and ``out`` is untouched; a
    write error (``OSError``) becomes an :class:`OutputError` naming the final file.
    """

    def __init__(
        self, out: str | os.PathLike[str], *, ours: Iterable[str] = (), warn: Warn = _say
    ) -> None:
        self.requested = Path(out)
        self.ours = set(ours)
        self.warn = warn
        self.out = self.requested
        self.staging: Path | None = None
        #: ``--out`` is the current folder: the files are moved in, the folder is not swapped.
        self.in_place = False
        #: The files of the set, at their final place (filled on commit).
        self.files: list[Path] = []

    # --- set up ---------------------------------------------------------------------------
    def __enter__(self) -> Path:
        out = self.requested
        if out.is_symlink():
            out = Path(os.path.realpath(out))
        if out.exists() and not out.is_dir():
            raise OutputError(
                f"cannot write into {str(self.requested)!r}: it is a file, not a folder. "
                "Hint: choose a folder with --out"
            )
        parent = out.parent if str(out.parent) else Path(".")
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(
                f"cannot create output folder {str(parent)!r}: {exc.strerror or exc}. "
                "Hint: choose another folder with --out"
            ) from exc
        self.out = out
        here = _holds_cwd(out)
        if here:
            # The folder the command runs in (``--out .``), or one above it, is not swapped: the
            # shell would be left in the old, deleted folder.  The set is staged inside it and
            # its files are moved in one by one (the manifest last), as on a mount point.
            self.in_place = True
            parent = out
            _clean_stale_inside(out, self.warn)
        else:
            clean_stale(out, self.ours, self.warn)
        label = out.name or Path(os.path.abspath(out)).name or "out"
        name = f".{label}.{_TAG}-tmp-{os.getpid()}-{secrets.token_hex(4)}"
        staging = parent / name
        try:
            # os.mkdir (not mkdtemp's 0700) so the folder gets the usual mode from the umask.
            os.mkdir(staging)
        except OSError as exc:
            raise OutputError(
                f"cannot write into {str(parent)!r}: {exc.strerror or exc}; the previous "
                f"outputs in {str(self.requested)!r} are intact. Hint: choose another folder "
                "with --out"
            ) from exc
        self.staging = staging
        return staging

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc_type is None:
            try:
                self.commit()
            except BaseException:
                self._drop()
                raise
            return False
        self._drop()
        if isinstance(exc, OSError) and not isinstance(exc, OutputError):
            where = final_path(exc.filename, self.staging, self.out) if exc.filename else None
            raise OutputError(self._message(where, exc)) from exc
        if isinstance(exc, OutputError):
            text = str(exc).replace(str(self.staging), str(self.out))
            if "intact" not in text:
                text = f"{text.rstrip('.')}. The previous outputs in {str(self.out)!r} are intact"
            raise OutputError(text) from exc
        return False

    def _message(self, where: Path | None, exc: OSError) -> str:
        what = f"cannot write {str(where)!r}" if where else f"cannot write into {str(self.out)!r}"
        reason = exc.strerror or str(exc)
        if len(reason) > 200:  # shutil.Error lists every file it could not copy
            reason = reason[:200] + "…"
        return (
            f"{what}: {reason}; nothing was changed, the previous outputs in "
            f"{str(self.out)!r} are intact"
        )

    def _drop(self) -> None:
        if self.staging is not None:
            with contextlib.suppress(OSError):
                shutil.rmtree(self.staging)

    # --- the swap -------------------------------------------------------------------------
    def commit(self) -> list[Path]:
        """Carry the user's entries over, swap the staging folder in, remove the old set."""
        staging, out = self.staging, self.out
        assert staging is not None
        new = {p.name for p in staging.iterdir()}
        self.files = sorted(out / n for n in new)
        try:
            self._sync(staging)
            if not out.exists():
                os.rename(staging, out)
                self.staging = None
                _sync_folder(out.parent)
                return self.files
            if self.in_place or os.path.ismount(out):
                self._move_files(staging, out, new)
                return self.files
            self._carry_over(out, staging, new)
            os.chmod(staging, os.stat(out).st_mode & 0o7777)
            old = out.parent / f".{out.name}.{_TAG}-old-{os.getpid()}-{secrets.token_hex(4)}"
            if _exchange(staging, out):
                os.rename(staging, old)  # what was swapped out sits under the staging name
            else:
                os.rename(out, old)
                os.rename(staging, out)
        except OSError as exc:
            where = final_path(exc.filename, staging, out) if exc.filename else None
            raise OutputError(self._message(where, exc)) from exc
        self.staging = None
        with contextlib.suppress(OSError):
            _sync_folder(out.parent)
        _clean_old(old, out, new | self.ours, self.warn)
        return self.files

    @staticmethod
    def _sync(folder: Path) -> None:
        """Flush every file and the folder to disk, so the swap never points at data a power
        cut could still lose (a rename is ordered after what it names only once it is synced)."""
        for p in folder.iterdir():
            if p.is_file() and not p.is_symlink():
                fd = os.open(p, os.O_RDONLY)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
        _sync_folder(folder)

    def _carry_over(self, out: Path, staging: Path, new: set[str]) -> None:
        """Link into ``staging`` every entry of ``out`` the new set does not replace."""
        carried = [
            e for e in sorted(out.iterdir()) if e.name not in new and not _ATOMIC_TMP.match(e.name)
        ]
        total = sum(_count(e, MAX_CARRIED) for e in carried)
        if total > MAX_CARRIED:
            names = ", ".join(e.name for e in carried[:3])
            raise OutputError(
                f"{str(self.requested)!r} holds more than {MAX_CARRIED:,} files collabgraph did "
                f"not write ({names} ...); nothing was changed. Hint: choose a folder of its own "
                "with --out"
            )
        for e in carried:
            dst = staging / e.name
            if e.is_dir() and not e.is_symlink():
                shutil.copytree(e, dst, symlinks=True, copy_function=_link_or_copy)
            else:
                _link_or_copy(str(e), str(dst))

    def _move_files(self, staging: Path, out: Path, new: set[str]) -> None:
        """A mount point cannot be swapped: move the files in one by one, the manifest last."""
        for name in sorted(new, key=lambda n: (n == "manifest.json", n)):
            os.replace(staging / name, out / name)
        staging.rmdir()
        self.staging = None
