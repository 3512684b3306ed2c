"""Tables: nodes, edges and papers as CSV or JSON (one folder per export)."""

from __future__ import annotations

import json
import math
import os
from collections.abc import Sequence
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

from .. import metrics
from ..csv_safe import safe_frame
from ..errors import CollabGraphError, OutputError
from .canonical import _canonical_edges, _canonical_nodes, _safe_ids, writing, xml_text

__all__ = [
    "EDGE_COLUMNS",
    "TABLE_FILES",
    "TABLE_FORMATS",
    "edge_table",
    "export",
    "node_columns",
    "node_table",
    "paper_table",
    "write_table_csv",
    "write_table_json",
    "write_tables",
]

TABLE_FORMATS = ("csv", "json")

#: Leading columns of the node table; the metric columns (:mod:`graph.metrics`) follow.
_NODE_LEAD = (
    "id",
    "label",
    "kind",
    "is_owner",
    "community",
    "papers",
    "first_year",
    "last_year",
)
EDGE_COLUMNS = (
    "source",
    "target",
    "weight",
    "fractional",
    "distance",
    "first_year",
    "last_year",
    "papers",
)


def node_columns() -> tuple[str, ...]:
    """The node table's known columns in order: identity, community, papers and years, every
    ``node`` metric of the registry, paper ids.

    >>> node_columns()[8:10], node_columns()[-1]
    (('degree', 'strength'), 'paper_ids')
    """
    return (*_NODE_LEAD, *metrics.column_names("node"), "paper_ids")


def _frame(rows: list[dict], lead: Sequence[str], required: Sequence[str]) -> pd.DataFrame:
    """Rows -> a table: the ``lead`` columns that occur (``required`` always), then the rest
    A-Z; integer columns with gaps stay integers (pandas ``Int64``)."""
    present = {k for r in rows for k in r}
    cols = [c for c in lead if c in present or c in required]
    cols += sorted(present - set(cols))
    data = {}
    for c in cols:
        values = [r.get(c) for r in rows]
        kinds = {type(v) for v in values if v is not None}
        if kinds == {bool}:
            data[c] = pd.array(values, dtype="boolean")
        elif kinds == {int}:
            data[c] = pd.array(values, dtype="Int64")
        elif kinds and kinds <= {int, float}:
            data[c] = np.array([np.nan if v is None else float(v) for v in values], dtype=float)
        else:
            data[c] = pd.Series(values, dtype=object)
    return pd.DataFrame(data, columns=cols)


def node_table(G: nx.Graph) -> pd.DataFrame:
    """One row per node (sorted by ``id``): ``id, label`` then the known attributes in a fixed
    order (kind, owner, community, papers, years, metrics, paper ids), then any others A-Z.

    >>> G = nx.Graph(); G.add_node("b", papers=2); G.add_node("a", papers=1, first_year=2020)
    >>> node_table(G).to_dict("list")
    {'id': ['a', 'b'], 'label': ['a', 'b'], 'papers': [1, 2], 'first_year': [2020, None]}
    """
    rows = [{"id": n, **d} for n, d in _canonical_nodes(G, _safe_ids(G))]  # no graph copy
    return _frame(rows, node_columns(), ("id", "label"))


def edge_table(G: nx.Graph) -> pd.DataFrame:
    """One row per edge, ``source < target`` for undirected graphs, sorted by both ids:
    ``source, target, weight, fractional, distance, first_year, last_year, papers``, others A-Z.
    """
    rows = [{"source": u, "target": v, **d} for u, v, d in _canonical_edges(G, _safe_ids(G))]
    return _frame(rows, EDGE_COLUMNS, ("source", "target", "weight"))


def _graph_papers(G: nx.Graph) -> set[str]:
    ids: set[str] = set()
    for _, d in G.nodes(data=True):
        ids.update(p for p in str(d.get("paper_ids", "")).split(";") if p)
    for _, _, d in G.edges(data=True):
        ids.update(p for p in str(d.get("papers", "")).split(";") if p)
    return ids


def paper_table(corpus, G: nx.Graph | None = None) -> pd.DataFrame:
    """The papers table of ``corpus`` (only the papers behind ``G`` when given) with an
    ``authors`` column (listed names in order, joined by ``"; "``) and ``author_ids`` (their
    node ids, in the same order), sorted by year, date, id.
    Text is cleaned as in the graph files (:func:`xml_text`)."""
    papers = corpus.papers
    if G is not None:
        papers = papers[papers["paper_id"].isin(_graph_papers(G))]
    a = corpus.authorships
    listed = a[a["listed"] & a["paper_id"].isin(papers["paper_id"])]
    ordered = listed.sort_values(["paper_id", "position"]).groupby("paper_id")
    names = ordered["name"].agg("; ".join)
    # the ids tell apart persons who share a name (--resolve-names split: weiwang, weiwang~2)
    ids = ordered["author_id"].agg("; ".join)
    out = papers.assign(
        authors=papers["paper_id"].map(names).fillna(""),
        author_ids=papers["paper_id"].map(ids).fillna(""),
    )
    out = out.sort_values(["year", "date", "paper_id"], na_position="last", ignore_index=True)
    # The same text as in the graph files (and a lone surrogate cannot be written as UTF-8).
    for col in out.columns:
        if pd.api.types.is_object_dtype(out[col]) or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(lambda v: xml_text(v) if isinstance(v, str) else v)
    return out


def write_table_csv(
    frame: pd.DataFrame, path: str | os.PathLike[str], *, raw: bool = False
) -> Path:
    """Write a table as UTF-8 CSV (``\\n`` line ends, no index) atomically.

    Text cells a spreadsheet would run as a formula get a leading ``'`` unless ``raw``
    (:func:`graph.csv_safe.safe_frame`); numbers are written as they are.
    """
    if not raw:
        frame = safe_frame(frame)
    # Straight into the file: pandas writes it in chunks, the text is never one string.
    with writing(path) as tmp, open(tmp, "w", encoding="utf-8", newline="") as fh:
        frame.to_csv(fh, index=False, lineterminator="\n")
    return Path(path)


def _json_value(v):
    v = v.item() if isinstance(v, np.generic) else v
    if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and not math.isfinite(v)):
        return None
    return v


def write_table_json(frame: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write a table as a UTF-8 JSON list of objects (keys in column order, gaps ``null``).

    The bytes of ``json.dumps(rows, ensure_ascii=False, indent=1)``, written row by row so
    neither the list of rows nor the whole text is ever held.
    """
    encode = json.JSONEncoder(ensure_ascii=False, indent=1, allow_nan=False).encode
    columns = list(frame.columns)
    with writing(path) as tmp, open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        sep = "[\n "
        for row in frame.itertuples(index=False, name=None):
            obj = {c: _json_value(v) for c, v in zip(columns, row, strict=True)}
            # One level deeper inside the list; values hold no raw newline (JSON escapes it).
            fh.write(sep + encode(obj).replace("\n", "\n "))
            sep = ",\n "
        fh.write("[]\n" if sep == "[\n " else "\n]\n")
    return Path(path)


#: The files :func:`write_tables` can write into its folder.
TABLE_FILES = tuple(f"{t}.{fmt}" for t in ("nodes", "edges", "papers") for fmt in TABLE_FORMATS)


def _table_folder(folder: str | os.PathLike[str]) -> Path:
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OutputError(
            f"cannot write tables into {str(folder)!r}: it is a file. "
            "Hint: -o names a folder for csv and json"
        )
    parent = folder.parent if str(folder.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(
            f"cannot create {str(folder)!r}: folder {str(parent)!r} does not "
            "exist. Hint: create it or choose another output path"
        )
    return folder


def write_tables(
    G: nx.Graph,
    folder: str | os.PathLike[str],
    *,
    corpus=None,
    fmt: str = "csv",
    raw_csv: bool = False,
) -> list[Path]:
    """Write ``nodes``, ``edges`` (and, with a corpus, ``papers``) tables into ``folder``.

    ``folder`` is created when missing (its parent must exist); files are ``nodes.csv``,
    ``edges.csv``, ``papers.csv`` (or ``.json``), written as one all-or-nothing set
    (:class:`graph.output_set.OutputSet`: other files in ``folder`` stay).  CSV text cells
    are made safe for spreadsheets unless ``raw_csv`` (:mod:`graph.csv_safe`).
    """
    from ..output_set import OutputSet, final_path

    if fmt not in TABLE_FORMATS:
        raise CollabGraphError(f"unknown table format {fmt!r}; choose csv or json")
    folder = _table_folder(folder)
    tables = {"nodes": node_table(G), "edges": edge_table(G)}
    if corpus is not None:
        tables["papers"] = paper_table(corpus, G)
    staged = OutputSet(folder, ours=TABLE_FILES)
    with staged as staging:
        out = []
        for name, frame in tables.items():
            if fmt == "csv":
                out.append(write_table_csv(frame, staging / f"{name}.csv", raw=raw_csv))
            else:
                out.append(write_table_json(frame, staging / f"{name}.json"))
    return [final_path(p, staging, staged.out) for p in out]


def export(
    G: nx.Graph,
    path: str | os.PathLike[str],
    *,
    to: str,
    corpus=None,
    raw_csv: bool = False,
    **_options,
) -> list[Path]:
    """The ``csv`` and ``json`` exporters: :func:`write_tables` into the folder ``path``."""
    return write_tables(G, path, corpus=corpus, fmt=to, raw_csv=raw_csv)
