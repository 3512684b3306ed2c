"""The canonical form every export format starts from, and the atomic-write helper.

* attributes are GraphML scalars: numpy scalars become Python ones, lists are joined with
  ``;``, ``None``/NaN/±inf are left out (an absent attribute is how GraphML and GEXF say
  "unknown");
* an attribute has one type across all nodes (or edges): ints mixed with floats become floats,
  any other mix becomes strings, so the declared ``attr.type`` fits every value;
* text holds only characters XML 1.0 can carry: control characters other than tab and newline,
  lone surrogates and U+FFFE/U+FFFF become U+FFFD (the replacement character) and ``\\r\\n`` /
  ``\\r`` become ``\\n`` (an XML parser would turn them into ``\\n`` anyway);
* node ids become strings (an empty id becomes U+FFFD; two ids that become one are an
  error), every node has a ``label`` and every edge a ``weight``.

Every file is written atomically (:func:`writing`: a temporary file beside the target, then a
rename), so a failed export leaves no partial file; an unwritable or missing folder is a
one-line :class:`~graph.errors.OutputError`.

Examples
--------
>>> G = nx.Graph(); G.add_node("a", x=1); G.add_node("b", x=0.5); G.add_edge("a", "b")
>>> H = graphml_safe(G)
>>> H.nodes["a"], H.edges["a", "b"]
({'x': 1.0, 'label': 'a'}, {'weight': 1})
"""

from __future__ import annotations

import contextlib
import math
import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

from ..errors import OutputError
from ..io_atomic import atomic_path

__all__ = ["graph_note", "graphml_safe", "writing", "xml_text"]

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` with only characters XML 1.0 can hold (see the module notes).

    >>> xml_text("a\\x00b\\r\\nc\\td")
    'a\\ufffdb\\nc\\td'
    """
    return _XML_ILLEGAL.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))


def _scalar(value):
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (list, tuple, set, frozenset)):
        if isinstance(value, (set, frozenset)):
            value = sorted(value, key=str)
        return xml_text(";".join(str(v) for v in value))
    if isinstance(value, dict):
        return xml_text(
            ";".join(f"{k}={v}" for k, v in sorted(value.items(), key=lambda kv: str(kv[0])))
        )
    # Subclasses (IntEnum, ...) become the plain type their GraphML type names.
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return xml_text(str(value))


def _clean(attrs: dict) -> dict:
    out = {}
    for k, v in attrs.items():
        v = _scalar(v)
        if v is not None:
            out[xml_text(str(k))] = v
    return out


def _harmonise(rows: Sequence[dict]) -> None:
    """Give each attribute one type across ``rows`` (in place): int+float -> float, else str."""
    kinds: dict[str, set[type]] = {}
    for d in rows:
        for k, v in d.items():
            kinds.setdefault(k, set()).add(type(v))
    for k, ts in kinds.items():
        if len(ts) < 2:
            continue
        to = float if ts <= {int, float} else str
        for d in rows:
            if k in d:
                d[k] = to(d[k])


def _safe_ids(G: nx.Graph) -> dict:
    """Node -> its id in the exports; two nodes must not end up with one id."""
    # An empty id is no id at all to igraph, Gephi and the GraphML schema.  A printable string
    # holds nothing xml_text would change (the common case, tested without a regex).
    ids = {
        n: n if type(n) is str and n and n.isprintable() else xml_text(str(n)) or "\ufffd"
        for n in G.nodes
    }
    if len(set(ids.values())) < len(ids):
        seen: dict[str, object] = {}
        for n, i in ids.items():
            if i in seen:
                raise OutputError(
                    f"nodes {seen[i]!r} and {n!r} both become {i!r} in XML (control characters "
                    "are replaced). Hint: rename one of them before exporting"
                )
            seen[i] = n
    return ids


def graphml_safe(G: nx.Graph) -> nx.Graph:
    """A copy of ``G`` in the canonical export form (see the module notes), sorted by id.

    >>> G = nx.Graph(); G.add_node(1, tags=["a", "b"], score=np.float64(0.5), gone=None)
    >>> dict(graphml_safe(G).nodes["1"])
    {'tags': 'a;b', 'score': 0.5, 'label': '1'}
    """
    ids = _safe_ids(G)
    H = G.__class__()
    H.graph.update(_clean(G.graph))
    H.add_nodes_from(_canonical_nodes(G, ids))
    H.add_edges_from(_canonical_edges(G, ids))
    return H


def _canonical_nodes(G: nx.Graph, ids: dict) -> list[tuple[str, dict]]:
    """``(id, attributes)`` of every node in the canonical form, sorted by id."""
    nodes = sorted(((ids[n], _clean(d)) for n, d in G.nodes(data=True)), key=lambda x: x[0])
    for i, d in nodes:
        d["label"] = xml_text(str(d.get("label", i)))
    _harmonise([d for _, d in nodes])
    return nodes


def _canonical_edges(G: nx.Graph, ids: dict) -> list[tuple[str, str, dict]]:
    """``(source id, target id, attributes)`` of every edge in the canonical form, sorted by
    both ids (undirected edges from the smaller id)."""
    edges = []
    directed = G.is_directed()
    for u, v, d in G.edges(data=True):
        u, v = ids[u], ids[v]
        if not directed and v < u:
            u, v = v, u
        d = _clean(d)
        d.setdefault("weight", 1)
        edges.append((u, v, d))
    edges.sort(key=lambda e: (e[0], e[1]))
    _harmonise([d for _, _, d in edges])
    return edges


def graph_note(G: nx.Graph) -> str | None:
    """What a reader should know about an export of ``G`` that is empty or has one node.

    >>> graph_note(nx.Graph()), graph_note(nx.path_graph(2))
    ('the graph is empty (no nodes): the export holds no nodes or edges', None)
    """
    if G.number_of_nodes() == 0:
        return "the graph is empty (no nodes): the export holds no nodes or edges"
    if G.number_of_nodes() == 1:
        return "the graph has a single node and no edges"
    return None


@contextlib.contextmanager
def writing(path: str | os.PathLike[str]) -> Iterator[Path]:
    """:func:`atomic_path`, with write failures (disk full, permissions) as :class:`OutputError`."""
    try:
        with atomic_path(path) as tmp:
            yield tmp
    except OSError as exc:
        raise OutputError(
            f"cannot write {str(path)!r}: {exc.strerror or exc}. "
            "Hint: check the folder is writable and has space, or choose another path"
        ) from exc
