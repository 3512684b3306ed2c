"""The run manifest: how a run was made (versions, inputs, parameters, counts, files)."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _dist_version
from pathlib import Path

from .. import __version__
from ..io_atomic import write_text_atomic

__all__ = ["build_manifest", "file_record", "write_manifest"]

_PACKAGES = ("networkx", "pandas", "numpy", "scipy", "pyvis", "jinja2", "click", "matplotlib")


def file_record(
    path: str | os.PathLike[str],
    base: str | os.PathLike[str] | None = None,
    *,
    name: str | None = None,
) -> dict:
    """``{"path", "bytes", "sha256"}`` of a file; ``path`` relative to ``base`` when given.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.txt"; _ = p.write_bytes(b"abc")
    >>> file_record(p, p.parent)["sha256"][:12], file_record(p, p.parent)["bytes"]
    ('ba7816bf8f01', 3)
    """
    path = Path(path)
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    shown = name or (path.relative_to(base).as_posix() if base is not None else str(path))
    return {"path": shown, "bytes": path.stat().st_size, "sha256": digest.hexdigest()}


def _versions() -> dict:
    out = {"python": sys.version.split()[0]}
    for name in _PACKAGES:
        try:
            out[name] = _dist_version(name)
        except PackageNotFoundError:
            continue
    return out


def build_manifest(
    *,
    parameters: dict,
    inputs: Iterable[str | os.PathLike[str]],
    files: Iterable[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    counts: dict,
) -> dict:
    """How a run was made: tool and library versions, inputs (SHA-256, size), every parameter
    (seed included), counts and the files written (SHA-256, size; paths relative to
    ``out_dir``).  Holds no time stamp: the same run gives the same manifest, byte for byte.
    """
    out_dir = Path(out_dir)
    written = sorted((file_record(f, out_dir) for f in files), key=lambda r: r["path"])
    return {
        "tool": {"name": "collabgraph", "version": __version__},
        "environment": _versions(),
        "inputs": [file_record(p, name=str(p)) for p in inputs],
        "parameters": parameters,
        "counts": counts,
        "files": written,
    }


def write_manifest(manifest: dict, path: str | os.PathLike[str]) -> Path:
    """Write a manifest as sorted, indented UTF-8 JSON atomically."""
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True, default=str)
    return write_text_atomic(path, text + "\n")
