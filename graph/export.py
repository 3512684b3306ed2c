"""Export stage: graphs and tables -> GraphML and CSV files, written atomically.

GraphML readers (Gephi, Cytoscape, igraph, R) need typed scalar attributes: this module turns
numpy scalars into Python ones, joins lists with ``;``, and drops ``None``/NaN (an absent
attribute is how GraphML says "unknown").
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

from .io_atomic import atomic_path, write_text_atomic

__all__ = ["graphml_safe", "write_graphml", "write_table_csv"]


def _scalar(value):
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (list, tuple, set, frozenset)):
        if isinstance(value, (set, frozenset)):
            value = sorted(value, key=str)
        return ";".join(str(v) for v in value)
    if isinstance(value, dict):
        return ";".join(f"{k}={v}" for k, v in sorted(value.items(), key=lambda kv: str(kv[0])))
    if isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def _clean(attrs: dict) -> dict:
    out = {}
    for k, v in attrs.items():
        v = _scalar(v)
        if v is not None:
            out[str(k)] = v
    return out


def graphml_safe(G: nx.Graph) -> nx.Graph:
    """A copy of ``G`` whose graph, node and edge attributes are GraphML scalars (sorted order).

    >>> G = nx.Graph(); G.add_node(1, tags=["a", "b"], score=np.float64(0.5), gone=None)
    >>> dict(graphml_safe(G).nodes[1])
    {'tags': 'a;b', 'score': 0.5}
    """
    H = G.__class__()
    H.graph.update(_clean(G.graph))
    H.add_nodes_from((n, _clean(d)) for n, d in sorted(G.nodes(data=True), key=lambda x: str(x[0])))
    H.add_edges_from(
        (u, v, _clean(d))
        for u, v, d in sorted(G.edges(data=True), key=lambda e: (str(e[0]), str(e[1])))
    )
    return H


def write_graphml(G: nx.Graph, path: str | os.PathLike[str]) -> Path:
    """Write ``G`` as GraphML (typed attributes) atomically; return the path."""
    H = graphml_safe(G)
    with atomic_path(path) as tmp:
        nx.write_graphml(H, tmp, encoding="utf-8", prettyprint=True, named_key_ids=False)
    return Path(path)


def write_table_csv(frame: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write a table as UTF-8 CSV (``\\n`` line ends, no index) atomically."""
    return write_text_atomic(path, frame.to_csv(index=False, lineterminator="\n"))
