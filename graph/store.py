"""The corpus store: the normalised tables of a corpus as Parquet, read by every command.

``collabgraph ingest INPUT... -o corpus/`` reads and normalises once and writes a folder::

    corpus/
      collabgraph-store.json   format and version, the inputs (size, SHA-256), the options that
                               shaped the tables, per table its columns, dtypes and SHA-256,
                               Corpus.meta and the skipped records
      papers.parquet  authorships.parquet  affiliations.parquet   (one file per table)

Every DataFrame field of :class:`~graph.normalise.Corpus` is a table (:func:`corpus_tables`):
a table another stage adds to the Corpus (identity decisions, say) is stored and restored
without a change here.  Columns are written generically, whatever the Corpus holds, and read
back with the exact pandas dtypes they had (``Int64`` years, nullable positions, ``bool``); a
text column that holds tuples or other objects is stored as a list or as JSON
(:func:`_encode_column`) and restored as it was.

A store is read in one of two ways (:func:`stored_corpus` and :func:`store_results`):

* **alone** (every input is one store, and the command names no owner/alias option the store
  was not made with): the tables *are* the corpus, read straight into pandas (Arrow strings,
  no parsing, no normalising: the fast path);
* **mixed** with files or other stores, or under different owner/alias options: the store is
  turned back into reader records (:func:`corpus_records`, one :class:`LoadResult` per
  original input file) and normalised with the files, so the usual rules (a paper in two
  inputs is one paper, names merge by key, aliases and owners apply) hold across them.  Author
  ids are then derived again from the stored display names.

A store whose format version differs from :data:`STORE_VERSION`, or whose tables lack a column
this version's schema has, is refused with a message saying to run ``ingest`` again.

``--cache DIR`` keeps such stores in ``DIR/<key>/`` (:func:`cache_key`: the inputs' SHA-256,
the options that shape reading and normalising, and a digest of the reader and normaliser
source), so asking a second question of the same corpus reads Parquet instead of text.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from . import __version__
from ._pandas import pd
from .errors import CollabGraphError, InputError, Problem
from .load.records import AuthorRef, LoadResult, PaperRecord
from .normalise import Corpus

__all__ = [
    "MANIFEST",
    "STORE_FORMAT",
    "STORE_VERSION",
    "cache_key",
    "corpus_records",
    "corpus_tables",
    "is_store",
    "normalise_options",
    "read_store",
    "read_store_manifest",
    "sha256_file",
    "write_store",
]

#: Name of the store's manifest file; a folder holding it is a store.
MANIFEST = "collabgraph-store.json"
STORE_FORMAT = "collabgraph-corpus"
#: Bumped when the layout or the meaning of a column changes; other versions are refused.
STORE_VERSION = 1

# Modules whose code decides what the tables hold: a cached store made by other code is stale.
_CODE = ("load", "normalise.py", "text.py", "schema.py", "store.py")


def _need_pyarrow():
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - pyarrow is a core dependency
        raise CollabGraphError(
            "reading or writing a corpus store needs pyarrow: pip install pyarrow"
        ) from exc
    return pa, pq


def sha256_file(path: str | os.PathLike[str]) -> str:
    """SHA-256 of a file's bytes (hex), read in 1 MiB blocks.

    >>> p = Path(tempfile.mkdtemp()) / "x"; _ = p.write_bytes(b"abc")
    >>> sha256_file(p)[:12]
    'ba7816bf8f01'
    """
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def is_store(path: str | os.PathLike[str]) -> bool:
    """True when ``path`` is a folder holding a store manifest."""
    return (Path(path) / MANIFEST).is_file()


def corpus_tables(corpus: Corpus) -> dict[str, pd.DataFrame]:
    """Every DataFrame field of ``corpus`` by name, in field order: what a store holds."""
    return {
        f.name: getattr(corpus, f.name)
        for f in dataclasses.fields(corpus)
        if isinstance(getattr(corpus, f.name), pd.DataFrame)
    }


# ---- columns --------------------------------------------------------------------------------


def _encode_column(s: pd.Series):
    """An Arrow array for column ``s`` and how to turn it back (``codec``).

    Typed columns go as they are.  An ``object`` column of text (``None`` allowed) is a string
    column; of tuples of text a list column (restored as tuples); anything else is stored as
    one JSON text per value.
    """
    pa, _ = _need_pyarrow()
    if s.dtype != object:
        try:
            return pa.Array.from_pandas(s), "plain"
        except UnicodeEncodeError:  # a lone surrogate in a text column
            return _surrogate_array(s.tolist()), "surrogates"
    values = s.tolist()
    if all(v is None or isinstance(v, str) for v in values):
        try:
            return pa.array(values, type=pa.string()), "plain"
        except UnicodeEncodeError:  # a lone surrogate (JSON escapes): kept as it was
            return _surrogate_array(values), "surrogates"
    if all(isinstance(v, tuple) and all(isinstance(x, str) for x in v) for v in values):
        return pa.array([list(v) for v in values], type=pa.list_(pa.string())), "tuple"
    return pa.array(
        [json.dumps(v, ensure_ascii=False, default=str) for v in values], type=pa.string()
    ), "json"


def _surrogate_array(values: list):
    """Text that UTF-8 cannot encode (lone surrogates) as bytes, ``surrogatepass``."""
    pa, _ = _need_pyarrow()
    return pa.array(
        [None if v is None else str(v).encode("utf-8", "surrogatepass") for v in values],
        type=pa.binary(),
    )


def _decode_column(arr, codec: str, dtype: str) -> pd.Series | np.ndarray:
    """The column back as pandas with ``dtype`` (its ``str(dtype)`` when written)."""
    if codec == "surrogates":
        values = [
            None if v is None else v.decode("utf-8", "surrogatepass") for v in arr.to_pylist()
        ]
        if dtype == "object":
            return np.array([*values, None], dtype=object)[:-1]
        return pd.Series(values, dtype=dtype)
    if codec == "tuple":
        return np.array([*(tuple(v) for v in arr.to_pylist()), None], dtype=object)[:-1]
    if codec == "json":
        return np.array([*(json.loads(v) for v in arr.to_pylist()), None], dtype=object)[:-1]
    if dtype == "object":
        return np.array([*arr.to_pylist(), None], dtype=object)[:-1]
    series = arr.to_pandas()
    return series if str(series.dtype) == dtype else series.astype(dtype)


def _write_table(df: pd.DataFrame, path: Path) -> dict:
    """Write ``df`` as Parquet; its columns, dtypes and codecs for the manifest."""
    pa, pq = _need_pyarrow()
    arrays, columns = [], []
    for name in df.columns:
        arr, codec = _encode_column(df[name])
        arrays.append(arr)
        columns.append({"name": str(name), "dtype": str(df[name].dtype), "codec": codec})
    table = pa.Table.from_arrays(arrays, names=[c["name"] for c in columns])
    table = table.replace_schema_metadata(
        {"collabgraph": json.dumps({"format": STORE_FORMAT, "version": STORE_VERSION})}
    )
    pq.write_table(table, path, compression="zstd", row_group_size=1 << 20)
    return {"file": path.name, "rows": len(df), "columns": columns}


def _read_table(folder: Path, spec: dict) -> pd.DataFrame:
    _, pq = _need_pyarrow()
    table = pq.read_table(folder / spec["file"])
    data = {
        c["name"]: _decode_column(table.column(c["name"]), c["codec"], c["dtype"])
        for c in spec["columns"]
    }
    out = pd.DataFrame(data, columns=[c["name"] for c in spec["columns"]], copy=False)
    # An empty table: give every column its dtype (nothing above could infer it).
    for c in spec["columns"]:
        if str(out[c["name"]].dtype) != c["dtype"]:
            out[c["name"]] = out[c["name"]].astype(c["dtype"])
    return out


# ---- problems and meta ----------------------------------------------------------------------


def _problem_dict(p: Problem) -> dict:
    e = p.error
    return {
        "path": e.path,
        "line": e.line,
        "expected": e.expected,
        "hint": e.hint,
        "found": e.found,
        "unit": e.unit,
        "skipped": p.skipped,
    }


def _problem(d: dict) -> Problem:
    err = InputError(
        d["path"], d["line"], d["expected"], hint=d["hint"], found=d["found"], unit=d["unit"]
    )
    return Problem(err, d["skipped"])


def _json_default(value):
    if isinstance(value, (dt.date, Path)):
        return str(value)
    if isinstance(value, (np.integer, np.floating, np.bool_)):
        return value.item()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"cannot store {type(value).__name__} in the store manifest")


# ---- write and read -------------------------------------------------------------------------


def write_store(
    corpus: Corpus,
    folder: str | os.PathLike[str],
    *,
    inputs: Sequence[str | os.PathLike[str]] = (),
    options: dict | None = None,
) -> Path:
    """Write ``corpus`` as a store into ``folder`` (created; an existing store is replaced).

    ``inputs`` are the files it was read from (their size and SHA-256 are recorded);
    ``options`` the reading and normalising options (:func:`normalise_options`).  The folder
    is filled under a temporary name beside it and renamed, so a failed write leaves no
    half-written store.

    >>> from graph.load.profile_text import read_string
    >>> from graph.normalise import normalise
    >>> c = normalise(read_string("Ada Lovelace\\n\\nCVMay 3, 2021\\nT1\\nAlan Turing\\n"))
    >>> d = write_store(c, Path(tempfile.mkdtemp()) / "corpus")
    >>> back = read_store(d)
    >>> back.authorships.equals(c.authorships), str(back.papers["year"].dtype)
    (True, 'Int64')
    """
    from .output_set import _holds_cwd

    if _holds_cwd(Path(folder)):
        # The store is replaced as a whole folder: the shell would be left in a deleted one.
        raise CollabGraphError(
            f"{str(folder)!r} is the folder you are in (or holds it): choose a new folder for "
            "-o, such as `-o corpus/`"
        )
    folder = Path(folder)
    parent = folder.parent if str(folder.parent) else Path(".")
    if folder.exists() and not (
        folder.is_dir() and (is_store(folder) or not any(folder.iterdir()))
    ):
        raise CollabGraphError(
            f"{str(folder)!r} exists and is not a corpus store: "
            "choose a new folder for -o (an existing store is replaced)"
        )
    try:
        parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=parent))
    except OSError as exc:
        raise CollabGraphError(f"cannot create {str(folder)!r}: {exc.strerror or exc}") from exc
    try:
        tables = {}
        for name, df in corpus_tables(corpus).items():
            spec = _write_table(df, tmp / f"{name}.parquet")
            spec["sha256"] = sha256_file(tmp / spec["file"])
            tables[name] = spec
        # Tables a later stage keeps in meta (the identity decisions) are Parquet files too.
        meta = {k: v for k, v in corpus.meta.items() if not isinstance(v, pd.DataFrame)}
        meta_tables = {}
        for key, df in sorted(corpus.meta.items()):
            if isinstance(df, pd.DataFrame):
                spec = _write_table(df, tmp / f"meta.{key}.parquet")
                spec["sha256"] = sha256_file(tmp / spec["file"])
                meta_tables[key] = spec
        manifest = {
            "format": STORE_FORMAT,
            "version": STORE_VERSION,
            "collabgraph": __version__,
            "code": code_digest(),
            "inputs": [
                {"path": str(p), "bytes": Path(p).stat().st_size, "sha256": sha256_file(p)}
                for p in inputs
            ],
            "options": options or {},
            "tables": tables,
            "meta": meta,
            "meta_tables": meta_tables,
            "problems": [_problem_dict(p) for p in corpus.problems],
        }
        text = json.dumps(manifest, ensure_ascii=False, indent=1, default=_json_default)
        (tmp / MANIFEST).write_text(text + "\n", encoding="utf-8")
        old = None
        if folder.exists():
            old = folder.with_name(f".{folder.name}.old.{os.getpid()}")
            os.replace(folder, old)
        os.replace(tmp, folder)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        raise CollabGraphError(
            f"cannot write the store {str(folder)!r}{where}: {exc.strerror or exc}; "
            "a previous store there is intact"
        ) from exc
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return folder


def read_store_manifest(folder: str | os.PathLike[str]) -> dict:
    """The manifest of the store in ``folder``, checked: a folder that is no store, or a store
    of another format version or missing a column this version needs, is an
    :class:`InputError` saying what to do."""
    from .schema import AFFILIATION_COLUMNS, AUTHORSHIP_COLUMNS, PAPER_COLUMNS

    folder = Path(folder)
    path = folder / MANIFEST
    if not path.is_file():
        raise InputError(
            folder,
            None,
            f"a corpus store (a folder with {MANIFEST})",
            hint="make one with `collabgraph ingest INPUT... -o FOLDER`, or name the files",
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(
            path, None, "a readable store manifest (JSON)", found=str(exc), hint=_REINGEST
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != STORE_FORMAT:
        raise InputError(path, None, f"a {STORE_FORMAT} manifest", hint=_REINGEST)
    version = manifest.get("version")
    if version != STORE_VERSION:
        raise InputError(
            folder,
            None,
            f"a corpus store of format version {STORE_VERSION}",
            found=f"version {version} (written by collabgraph {manifest.get('collabgraph')})",
            hint=f"this is collabgraph {__version__}; {_REINGEST}",
        )
    tables = manifest.get("tables") or {}
    required = {
        "papers": PAPER_COLUMNS,
        "authorships": AUTHORSHIP_COLUMNS,
        "affiliations": AFFILIATION_COLUMNS,
    }
    for name, expected in required.items():
        have = [c["name"] for c in tables.get(name, {}).get("columns", [])]
        missing = [c for c in expected if c not in have]
        if missing:
            raise InputError(
                folder,
                None,
                f"a {name} table with the columns of collabgraph {__version__}",
                found=f"no {', '.join(missing)} (written by collabgraph "
                f"{manifest.get('collabgraph')})",
                hint=_REINGEST,
            )
    return manifest


_REINGEST = "run `collabgraph ingest` on the original inputs again to rewrite the store"


def _read_checked(folder: Path, spec: dict, name: str) -> pd.DataFrame:
    """One table of the store; an unreadable one is an :class:`InputError`."""
    try:
        return _read_table(folder, spec)
    except (OSError, ValueError, KeyError) as exc:
        raise InputError(
            folder / spec.get("file", name),
            None,
            "a readable Parquet table",
            found=str(exc),
            hint=_REINGEST,
        ) from None


def read_store(folder: str | os.PathLike[str]) -> Corpus:
    """The :class:`Corpus` held by the store in ``folder`` (see :func:`write_store`)."""
    folder = Path(folder)
    manifest = read_store_manifest(folder)
    names = {f.name for f in dataclasses.fields(Corpus)}
    tables = {}
    for name, spec in manifest["tables"].items():
        if name not in names:
            raise InputError(
                folder,
                None,
                f"tables this collabgraph knows ({', '.join(sorted(names))})",
                found=name,
                hint=_REINGEST,
            )
        tables[name] = _read_checked(folder, spec, name)
    meta = dict(manifest.get("meta", {}))
    for key, spec in (manifest.get("meta_tables") or {}).items():
        meta[key] = _read_checked(folder, spec, key)
    problems = tuple(_problem(p) for p in manifest.get("problems", []))
    return Corpus(**tables, meta=meta, problems=problems)


# ---- the store as reader records (mixing with files) ----------------------------------------


def _split(value) -> tuple[str, ...]:
    if isinstance(value, tuple):
        return value
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, str) and value:
        return tuple(v.strip() for v in value.split(";") if v.strip())
    return ()


def corpus_records(corpus: Corpus) -> list[LoadResult]:
    """The corpus as reader records, one :class:`LoadResult` per original input file (with its
    meta and skipped records), so it can be normalised again together with other inputs.

    Each paper is one record: its raw title, date, flags, DOI, venue, source and line; its
    listed authors in order (display name, external ids, their institutions); authors marked
    ``is_owner`` become the record's ``owners``; paper-level tags its ``affiliations``.
    Columns named like a :class:`PaperRecord` field (``groups``, ``url``, ``ext_id``) are
    carried over; ``country``/``address`` columns of the affiliations table too.
    """
    papers, au, aff = corpus.papers, corpus.authorships, corpus.affiliations
    rec_fields = {f.name: f for f in dataclasses.fields(PaperRecord)}
    extra = [c for c in papers.columns if c in rec_fields and c in _EXTRA_FIELDS]
    # Authorships grouped by paper, listed ones in position order.
    order = au.assign(_pos=au["position"].fillna(-1).astype("int64")).sort_values(
        ["paper_id", "_pos"], kind="stable"
    )
    by_paper: dict[str, list] = {}
    cols = [order[c].tolist() for c in ("paper_id", "author_id", "name", "_pos", "is_owner")]
    ext = order["ext_id"].tolist()
    for pid, aid, name, pos, owner, x in zip(*cols, ext, strict=True):
        by_paper.setdefault(pid, []).append((aid, name, pos, bool(owner), x))
    aff_cols = ["paper_id", "institution", "author_id"]
    has_country, has_address = "country" in aff.columns, "address" in aff.columns
    per_author: dict[tuple[str, str], list] = {}
    tags: dict[str, list] = {}
    rows = zip(
        *(aff[c].tolist() for c in aff_cols),
        aff["country"].tolist() if has_country else [""] * len(aff),
        aff["address"].tolist() if has_address else [""] * len(aff),
        strict=True,
    )
    for pid, inst, aid, country, address in rows:
        entry = (inst, _text(country), _text(address))
        if aid:
            per_author.setdefault((pid, aid), []).append(entry)
        else:
            tags.setdefault(pid, []).append(entry)
    sources: dict[str, list[PaperRecord]] = {}
    prow = {c: papers[c].tolist() for c in papers.columns}
    for i, pid in enumerate(prow["paper_id"]):
        authors, owners = [], []
        for aid, name, pos, owner, x in by_paper.get(pid, []):
            if pos >= 0:
                # A name listed twice on one paper kept its slot (positions have a gap there,
                # n_listed counts it): a repeat of the first author, skipped again, keeps it.
                while len(authors) < pos:
                    authors.append(AuthorRef(authors[0].name))
                insts = per_author.get((pid, aid), [])
                authors.append(
                    AuthorRef(
                        name,
                        _text(x),
                        tuple(e[0] for e in insts),
                        (),
                        tuple(e[1] for e in insts) if has_country else (),
                        tuple(e[2] for e in insts) if has_address else (),
                    )
                )
            if owner:
                owners.append(name)
        while authors and len(authors) < int(prow["n_listed"][i]):
            authors.append(AuthorRef(authors[0].name))
        date_text = _text(prow["date"][i])
        date = dt.date.fromisoformat(date_text) if date_text else None
        year = prow["year"][i]
        paper_tags = tags.get(pid, [])
        more = {c: _field_value(prow[c][i], rec_fields[c]) for c in extra}
        rec = PaperRecord(
            title=_text(prow["title_raw"][i]) or _text(prow["title"][i]),
            authors=tuple(authors),
            source=_text(prow["source"][i]),
            line=int(prow["line"][i]),
            authors_complete=bool(prow["authors_complete"][i]),
            date=date,
            year=None if pd.isna(year) else int(year),
            date_precision=_text(prow["date_precision"][i]),
            year_inferred=bool(prow["year_inferred"][i]),
            category=_text(prow["category"][i]),
            has_code=bool(prow["has_code"][i]),
            code_url=_text(prow["code_url"][i]),
            abstract=_text(prow["abstract"][i]),
            affiliations=tuple(e[0] for e in paper_tags),
            doi=_text(prow["doi"][i]),
            venue=_text(prow["venue"][i]),
            owners=tuple(owners),
            affiliation_countries=tuple(e[1] for e in paper_tags) if has_country else (),
            affiliation_addresses=tuple(e[2] for e in paper_tags) if has_address else (),
            **more,
        )
        sources.setdefault(rec.source, []).append(rec)
    metas = {str(m.get("path", "")): m for m in corpus.meta.get("sources", [])}
    problems: dict[str, list[Problem]] = {}
    for p in corpus.problems:
        problems.setdefault(p.error.path, []).append(p)
    out = []
    for path in [*metas, *(s for s in sources if s not in metas)]:
        meta = dict(metas.get(path, {"path": path}))
        # Owners are on the records now; a detected owner is reported once, by the store.
        meta.pop("owner_detected", None)
        out.append(LoadResult(sources.get(path, []), problems.pop(path, []), meta))
    for path, items in problems.items():
        out.append(LoadResult([], items, {"path": path}))
    return out


_EXTRA_FIELDS = ("groups", "url", "ext_id")


def _text(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


def _field_value(value, f: dataclasses.Field):
    if isinstance(f.default, tuple):
        return _split(value)
    return _text(value)


# ---- which inputs are stores ----------------------------------------------------------------


def normalise_options(config) -> dict:
    """The options of a :class:`~graph.config.RunConfig` that shape the corpus tables: reading
    (format, strict, capture date) and normalising (owner, owners added, alias file digest)."""
    aliases = config.aliases
    return {
        "format": config.fmt,
        "strict": bool(config.strict),
        "capture_date": config.capture_date.isoformat() if config.capture_date else None,
        "owner": config.owner,
        "add_owner": bool(config.add_owner),
        "aliases": sha256_file(aliases) if aliases and Path(aliases).is_file() else None,
    }


def _overrides(options: dict, stored: dict) -> bool:
    """True when the command's owner/alias options ask for another normalisation than the
    store's (options left at their defaults keep the store's choices)."""
    if options["owner"] is not None and options["owner"] != stored.get("owner"):
        return True
    if options["add_owner"] is False and stored.get("add_owner", True) is not False:
        return True
    return options["aliases"] is not None and options["aliases"] != stored.get("aliases")


def split_inputs(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[Path]]:
    """``(stores, files)`` among ``paths`` (a folder is taken for a store and checked when
    read)."""
    stores, files = [], []
    for p in map(Path, paths):
        (stores if p.is_dir() else files).append(p)
    return stores, files


def stored_corpus(config) -> Corpus | None:
    """The corpus of ``config`` read from a store without parsing, or None when the inputs
    must be read: the single input is a store and the options do not override its owner and
    alias choices (:func:`_overrides`), or ``config`` has a cache holding these inputs."""
    stores, files = split_inputs(config.resolved_inputs())
    if len(stores) == 1 and not files:
        manifest = read_store_manifest(stores[0])
        if not _overrides(normalise_options(config), manifest.get("options", {})):
            return read_store(stores[0])
        return None
    cache = config.cache
    if cache and not stores:
        found = Path(cache) / cache_key(files, normalise_options(config))
        if is_store(found):
            try:
                return read_store(found)
            except InputError:  # a cache entry of another version: made again below
                return None
    return None


def store_results(config, read_file) -> list[LoadResult]:
    """Reader results of every input of ``config``: files through ``read_file(path)``, stores
    as their records (:func:`corpus_records`)."""
    out: list[LoadResult] = []
    for p in map(Path, config.resolved_inputs()):
        if p.is_dir():
            out.extend(corpus_records(read_store(p)))
        else:
            out.append(read_file(p))
    return out


def manifest_inputs(config) -> list[Path]:
    """The inputs of ``config`` as a run manifest lists them: a store by its manifest file
    (which holds the SHA-256 of the files it was made from and of its tables)."""
    return [p / MANIFEST if p.is_dir() else p for p in map(Path, config.resolved_inputs())]


def save_cache(config, corpus: Corpus) -> Path | None:
    """Keep ``corpus`` in ``config``'s cache (``RunConfig.cache``) when its inputs are all
    files; return the store folder (None: no cache, or a store among the inputs)."""
    cache = config.cache
    stores, files = split_inputs(config.resolved_inputs())
    if not cache or stores:
        return None
    options = normalise_options(config)
    return write_store(
        corpus, Path(cache) / cache_key(files, options), inputs=files, options=options
    )


# ---- cache keys -----------------------------------------------------------------------------


def code_digest() -> str:
    """SHA-256 (16 hex digits) of the source of the modules that decide the tables' content
    (readers, normalise, text, schema, this module) and the store version."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256(f"{STORE_FORMAT}:{STORE_VERSION}:{__version__}".encode())
    for name in _CODE:
        path = root / name
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for f in files:
            digest.update(f.relative_to(root).as_posix().encode())
            digest.update(f.read_bytes())
    return digest.hexdigest()[:16]


def cache_key(files: Sequence[str | os.PathLike[str]], options: dict) -> str:
    """Name of the cache entry for ``files`` (their SHA-256, in order) read under ``options``
    by this code (:func:`code_digest`): 24 hex digits."""
    digest = hashlib.sha256(code_digest().encode())
    for f in files:
        digest.update(b"\0" + sha256_file(f).encode())
    digest.update(json.dumps(options, sort_keys=True).encode())
    return digest.hexdigest()[:24]


# ---- analysis results kept beside a store (rank) ---------------------------------------------

#: Folder inside a store holding analysis results: ``<key>.parquet`` (the table) and
#: ``<key>.json`` (what goes with it), ``key`` from :func:`analysis_key`.
ANALYSIS_DIR = "analysis"


#: The co-authorship graph's attributes ``rank`` prints (view, cut author lists).
RANK_GRAPH_KEYS = ("view", "lower_bound", "incomplete_papers", "papers")


@dataclasses.dataclass
class RankView:
    """What ``collabgraph rank`` prints: the full ranking (``--top`` is applied when printed),
    the graph attributes it mentions (:data:`RANK_GRAPH_KEYS`), the sampling note, the owners'
    names, the readers' warnings and skipped records; the same whether just computed or read
    back from a store's analysis cache.  ``coauthors.graph`` and ``corpus.problems`` /
    ``corpus.meta["warnings"]`` read as on an :class:`~graph.pipeline.Analysis`."""

    ranking: pd.DataFrame
    graph: dict
    sampled: str
    owner_names: list[str]
    warnings: list[str]
    problems: tuple[Problem, ...]

    @property
    def coauthors(self):
        from types import SimpleNamespace

        return SimpleNamespace(graph=self.graph)

    @property
    def corpus(self):
        from types import SimpleNamespace

        return SimpleNamespace(problems=self.problems, meta={"warnings": self.warnings})


def _analysis_code() -> str:
    """SHA-256 (16 hex digits) of every module of the package: any change to the code may
    change an analysis result."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256(__version__.encode())
    for f in sorted(root.rglob("*.py")):
        digest.update(f.relative_to(root).as_posix().encode() + b"\0" + f.read_bytes())
    return digest.hexdigest()[:16]


def store_digest(folder: str | os.PathLike[str]) -> str:
    """SHA-256 of a store's content: its manifest and every table file it names (a table
    written by Spark is a folder of part files), so a store rewritten in place, or one of its
    files changed, has another digest."""
    folder = Path(folder)
    manifest_bytes = (folder / MANIFEST).read_bytes()
    manifest = json.loads(manifest_bytes)
    digest = hashlib.sha256(manifest_bytes)
    specs = {**(manifest.get("tables") or {}), **(manifest.get("meta_tables") or {})}
    for name in sorted(specs):
        path = folder / specs[name]["file"]
        files = sorted(f for f in path.rglob("*") if f.is_file()) if path.is_dir() else [path]
        for f in files:
            digest.update(f"\0{f.relative_to(folder).as_posix()}\0".encode())
            digest.update(sha256_file(f).encode())
    return digest.hexdigest()


def analysis_store(config) -> Path | None:
    """The store whose analysis cache ``config`` may use: its only input is a corpus store
    (not a slice of a network folder); None otherwise."""
    if getattr(config, "slice", None) is not None:
        return None
    stores, files = split_inputs(config.resolved_inputs())
    if len(stores) != 1 or files or not is_store(stores[0]):
        return None
    return stores[0]


def analysis_key(folder: str | os.PathLike[str], config, what: str) -> str:
    """Key of an analysis result: the store's content (:func:`store_digest`), the code
    (every module), ``what`` was computed and every option of ``config`` but the inputs, the
    corpus cache and ``top_n`` (applied when printed): 24 hex digits."""
    options = {
        f.name: getattr(config, f.name)
        for f in dataclasses.fields(config)
        if f.name not in ("inputs", "cache", "top_n")
    }
    payload = json.dumps(
        {"store": store_digest(folder), "code": _analysis_code(), "what": what, "o": options},
        sort_keys=True,
        default=_json_default,
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:24]


def load_rank_view(folder: Path, key: str) -> RankView | None:
    """The :class:`RankView` kept under ``key`` in ``folder``'s analysis cache, or None (not
    there, or unreadable: then it is computed again)."""
    base = folder / ANALYSIS_DIR / key
    try:
        info = json.loads(base.with_suffix(".json").read_text(encoding="utf-8"))
        _, pq = _need_pyarrow()
        ranking = pq.read_table(base.with_suffix(".parquet")).to_pandas()
    except (OSError, ValueError, KeyError):
        return None
    return RankView(
        ranking,
        info["graph"],
        info["sampled"],
        info["owner_names"],
        info["warnings"],
        tuple(_problem(p) for p in info["problems"]),
    )


def save_rank_view(folder: Path, key: str, view: RankView) -> bool:
    """Keep ``view`` in ``folder``'s analysis cache (written under temporary names and
    renamed, the table first, so a reader never sees half an entry); False when the store
    cannot be written (a read-only store is used without a cache)."""
    pa, pq = _need_pyarrow()
    target = folder / ANALYSIS_DIR
    info = {
        "graph": view.graph,
        "sampled": view.sampled,
        "owner_names": view.owner_names,
        "warnings": view.warnings,
        "problems": [_problem_dict(p) for p in view.problems],
    }
    try:
        target.mkdir(exist_ok=True)
        tmp = target / f".{key}.{os.getpid()}"
        pq.write_table(pa.Table.from_pandas(view.ranking, preserve_index=False), f"{tmp}.parquet")
        Path(f"{tmp}.json").write_text(
            json.dumps(info, ensure_ascii=False, default=_json_default), encoding="utf-8"
        )
        os.replace(f"{tmp}.parquet", target / f"{key}.parquet")
        os.replace(f"{tmp}.json", target / f"{key}.json")
    except OSError:
        return False
    return True
