"""The co-authorship network as two tables, ``nodes`` and ``links``: what ``collabgraph build``
writes (as Parquet) and what a slice of a large network is read back from.

The definitions are those of :func:`graph.build.coauthor_graph`, computed on the same integer
codes without making a NetworkX graph:

* ``nodes``: ``id`` (author id), ``label``, ``papers`` (papers in the view), ``paper_ids``
  (sorted, ``;``-joined), ``first_year``/``last_year`` (``Int64``, missing when no paper has a
  year), ``is_owner``, ``institutions`` (the author's institutions in the affiliation graph of
  the same view and years, sorted, ``;``-joined), ``degree`` and ``strength`` (links and joint
  papers summed over them, the ``degree``/``strength`` of the analysis); sorted by ``id``;
* ``links``: ``source < target``, ``weight`` (joint papers), ``fractional`` (Newman's
  sum of 1/(n-1), n = all authors of the paper), ``first_year``/``last_year`` (``Int64``),
  ``papers`` (sorted joint paper ids, ``;``-joined); sorted by ``(source, target)``.

The graph attributes (view, papers used, cut author lists, ``--max-authors`` skips, filters)
travel in ``network.json``.  :func:`graph_from_tables` turns the tables back into the graph
``coauthor_graph`` would have built (``tests/test_network_tables.py`` checks it is equal,
attribute for attribute), so a slice of a network goes through the usual analyse, render and
export stages.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import numpy as np

from ._pandas import pd
from .build import (
    _Coded,
    _coded_attrs,
    _combine,
    _distinct_rows,
    _first_labels,
    _join_runs,
    _Pairs,
    _run_starts,
    _unique,
    affiliation_graph,
)
from .config import BUILD_RESOLVE_NAMES
from .errors import CollabGraphError, InputError
from .normalise import Corpus

__all__ = [
    "BUILD_RESOLVE_NAMES",
    "LINK_COLUMNS",
    "NETWORK_MANIFEST",
    "NODE_COLUMNS",
    "NetworkTables",
    "graph_from_tables",
    "is_network",
    "network_tables",
    "read_network",
    "write_network",
]

NODE_COLUMNS = (
    "id",
    "label",
    "papers",
    "paper_ids",
    "first_year",
    "last_year",
    "is_owner",
    "institutions",
    "degree",
    "strength",
)
LINK_COLUMNS = ("source", "target", "weight", "fractional", "first_year", "last_year", "papers")
NETWORK_MANIFEST = "network.json"
NETWORK_VERSION = 1


@dataclass
class NetworkTables:
    """``nodes`` and ``links`` tables and the graph attributes (``attrs``) of one network."""

    nodes: pd.DataFrame
    links: pd.DataFrame
    attrs: dict = field(default_factory=dict)


def _years(values: np.ndarray) -> pd.arrays.IntegerArray:
    """Float years (NaN: unknown) as a nullable ``Int64`` array."""
    values = np.asarray(values, dtype=float)
    known = ~np.isnan(values)
    return pd.arrays.IntegerArray(np.where(known, values, 0).astype(np.int64), ~known)


def _institutions(corpus: Corpus, ids: list, **view) -> list[str]:
    """Per author id, their institutions in the affiliation graph of ``view``, joined."""
    A = affiliation_graph(corpus, **view)
    out = []
    for a in ids:
        nbrs = A.adj.get(a, {})
        out.append(";".join(sorted(A.nodes[i]["label"] for i in nbrs)))
    return out


def network_tables(
    corpus: Corpus,
    *,
    include_owner: bool = True,
    min_weight: int = 1,
    min_papers: int = 1,
    year_from: int | None = None,
    year_to: int | None = None,
    max_authors: int | None = None,
    institutions: bool = True,
) -> NetworkTables:
    """The co-authorship network of ``corpus`` as tables; the options mean what they mean for
    :func:`graph.build.coauthor_graph`.

    >>> from graph.load.profile_text import read_string
    >>> from graph.normalise import normalise
    >>> page = ("Ada Lovelace\\n\\nCVMay 3, 2021\\nT1\\n\\nAlan Turing, Kurt Gödel\\n"
    ...         "\\nCVMay 3, 2022\\nT2\\n\\nAlan Turing\\n")
    >>> t = network_tables(normalise(read_string(page)))
    >>> for row in t.links[["source", "target", "weight"]].values.tolist():
    ...     print(row)
    ['adalovelace', 'alanturing', 2]
    ['adalovelace', 'kurtgodel', 1]
    ['alanturing', 'kurtgodel', 1]
    >>> t.nodes[["id", "papers", "first_year"]].values.tolist()
    [['adalovelace', 2, 2021], ['alanturing', 2, 2021], ['kurtgodel', 1, 2021]]
    """
    c = _Coded(corpus).apply(
        include_owner=include_owner,
        min_papers=min_papers,
        year_from=year_from,
        year_to=year_to,
        max_authors=max_authors,
    )
    keep = c.keep
    n_p, n_a = len(c.paper_ids), len(c.author_ids)
    attrs = _coded_attrs(
        corpus,
        c,
        include_owner=include_owner,
        min_weight=min_weight,
        min_papers=min_papers,
        year_from=year_from,
        year_to=year_to,
        max_authors=max_authors,
    )
    rows = np.flatnonzero(keep)
    pcode, acode = c.paper[rows], c.author[rows]
    year_by_paper = np.full(n_p, np.nan)
    year_by_paper[pcode] = c.year[rows]
    key = _unique(_combine((acode, n_a), (pcode, n_p)))
    node_a, node_p = key // max(n_p, 1), key % max(n_p, 1)
    starts = _run_starts(node_a)
    authors = node_a[starts]
    yr = year_by_paper[node_p]
    if len(key):
        with np.errstate(invalid="ignore"):
            fys, lys = np.fmin.reduceat(yr, starts), np.fmax.reduceat(yr, starts)
    else:
        fys = lys = np.zeros(0)
    owner = np.bincount(acode, weights=c.is_owner[rows], minlength=n_a)[authors] > 0
    labels = (
        _first_labels(c.rows["name"], rows, acode, pcode, n_a, n_p)[authors]
        if len(rows)
        else np.zeros(0, dtype=object)
    )
    ids = c.author_ids[authors].tolist()
    nodes = pd.DataFrame(
        {
            "id": pd.array(ids, dtype="str"),
            "label": pd.array([str(x) for x in labels.tolist()], dtype="str"),
            "papers": np.diff(np.r_[starts, len(key)]).astype(np.int64),
            "paper_ids": pd.array(_join_runs(c.paper_ids[node_p], starts), dtype="str"),
            "first_year": _years(fys),
            "last_year": _years(lys),
            "is_owner": owner.astype(bool),
        }
    )
    view = dict(include_owner=include_owner, year_from=year_from, year_to=year_to)
    nodes["institutions"] = pd.array(
        _institutions(corpus, ids, **view) if institutions else [""] * len(ids), dtype="str"
    )
    pp, pa, _ = _distinct_rows(pcode, acode, n_p, n_a)
    size = np.maximum(np.bincount(pp, minlength=n_p), c.authors_per_paper)
    pairs = _Pairs(pp, pa, n_a, size, year_by_paper)
    strong = pairs.weight >= min_weight
    # Degree and strength over the links kept (what Spark computes on the whole network).
    ends = np.r_[pairs.u[strong], pairs.v[strong]]
    w = np.r_[pairs.weight[strong], pairs.weight[strong]].astype(float)
    nodes["degree"] = np.bincount(ends, minlength=n_a)[authors].astype(np.int64)
    nodes["strength"] = np.bincount(ends, weights=w, minlength=n_a)[authors].astype(np.int64)
    links = pd.DataFrame(
        {
            "source": pd.array(c.author_ids[pairs.u[strong]].tolist(), dtype="str"),
            "target": pd.array(c.author_ids[pairs.v[strong]].tolist(), dtype="str"),
            "weight": pairs.weight[strong].astype(np.int64),
            "fractional": np.asarray(pairs.fractional, dtype=float)[strong],
            "first_year": _years(np.asarray(pairs.first_year, dtype=float)[strong]),
            "last_year": _years(np.asarray(pairs.last_year, dtype=float)[strong]),
            "papers": pd.array(pairs.papers(c.paper_ids, strong), dtype="str"),
        }
    )
    return NetworkTables(nodes[list(NODE_COLUMNS)], links[list(LINK_COLUMNS)], attrs)


def graph_from_tables(tables: NetworkTables, nodes: set | None = None) -> nx.Graph:
    """The ``nx.Graph`` :func:`graph.build.coauthor_graph` builds, from the tables (of the
    ``nodes`` given: the induced subgraph, as a slice needs).  Years missing in the tables
    are left out of the attribute dicts, as the build does."""
    nt, lt = tables.nodes, tables.links
    if nodes is not None:
        nt = nt[nt["id"].isin(nodes)]
        lt = lt[lt["source"].isin(nodes) & lt["target"].isin(nodes)]
    G = nx.Graph()
    G.graph.update(tables.attrs)
    fy, ly = nt["first_year"], nt["last_year"]
    for n, lab, k, pids, own, f, la in zip(
        nt["id"].tolist(),
        nt["label"].tolist(),
        nt["papers"].tolist(),
        nt["paper_ids"].tolist(),
        nt["is_owner"].tolist(),
        fy.tolist(),
        ly.tolist(),
        strict=True,
    ):
        d = {"label": lab, "papers": int(k), "paper_ids": pids, "is_owner": bool(own)}
        if not pd.isna(f):
            d["first_year"], d["last_year"] = int(f), int(la)
        G.add_node(n, **d)
    for u, v, w, fr, pids, f, la in zip(
        lt["source"].tolist(),
        lt["target"].tolist(),
        lt["weight"].tolist(),
        lt["fractional"].tolist(),
        lt["papers"].tolist(),
        lt["first_year"].tolist(),
        lt["last_year"].tolist(),
        strict=True,
    ):
        d = {"weight": int(w), "fractional": float(fr), "distance": 1.0 / w, "papers": pids}
        if not pd.isna(f):
            d["first_year"], d["last_year"] = int(f), int(la)
        G.add_edge(u, v, **d)
    return G


# ---- files ----------------------------------------------------------------------------------


def is_network(path: str | os.PathLike[str]) -> bool:
    """True when ``path`` is a folder written by ``collabgraph build``."""
    return (Path(path) / NETWORK_MANIFEST).is_file()


def write_network(
    tables: NetworkTables, folder: str | os.PathLike[str], *, info: dict | None = None
) -> list[Path]:
    """Write ``nodes.parquet``, ``links.parquet`` and ``network.json`` (graph attributes,
    ``info`` such as the engine and source) into ``folder``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for name, df in (("nodes", tables.nodes), ("links", tables.links)):
        path = folder / f"{name}.parquet"
        tmp = path.with_name(f".{path.name}.tmp")
        pq.write_table(pa.Table.from_pandas(df, preserve_index=False), tmp, compression="zstd")
        os.replace(tmp, path)
        files.append(path)
    manifest = {
        "format": "collabgraph-network",
        "version": NETWORK_VERSION,
        "attrs": tables.attrs,
        "nodes": len(tables.nodes),
        "links": len(tables.links),
        **(info or {}),
    }
    path = folder / NETWORK_MANIFEST
    path.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    files.append(path)
    return files


def _typed(df: pd.DataFrame, columns: tuple[str, ...], ints: tuple[str, ...]) -> pd.DataFrame:
    df = df[list(columns)].copy()
    for col in columns:
        if col in ("first_year", "last_year"):
            df[col] = df[col].astype("Int64")
        elif col in ints:
            df[col] = df[col].astype("int64")
        elif col == "fractional":
            df[col] = df[col].astype("float64")
        elif col == "is_owner":
            df[col] = df[col].astype(bool)
        else:
            df[col] = df[col].fillna("").astype("str")
    return df


def read_network(folder: str | os.PathLike[str]) -> NetworkTables:
    """The tables written by :func:`write_network` (or by the Spark build, a folder of part
    files per table), with the dtypes of :func:`network_tables`."""
    import pyarrow.parquet as pq

    folder = Path(folder)
    if not is_network(folder):
        raise InputError(
            folder,
            None,
            f"a network folder (with {NETWORK_MANIFEST})",
            hint="make one with `collabgraph build SOURCE... -o FOLDER`",
        )
    manifest = json.loads((folder / NETWORK_MANIFEST).read_text(encoding="utf-8"))
    if manifest.get("version") != NETWORK_VERSION:
        raise CollabGraphError(
            f"{folder} was written by another collabgraph (network format version "
            f"{manifest.get('version')}, this one reads {NETWORK_VERSION}): build it again"
        )
    nodes = pq.read_table(folder / "nodes.parquet").to_pandas()
    links = pq.read_table(folder / "links.parquet").to_pandas()
    nodes = _typed(nodes, NODE_COLUMNS, ("papers", "degree", "strength")).sort_values(
        "id", ignore_index=True
    )
    links = _typed(links, LINK_COLUMNS, ("weight",)).sort_values(
        ["source", "target"], ignore_index=True
    )
    return NetworkTables(nodes, links, dict(manifest.get("attrs", {})))
