"""GraphML, streamed: typed keys, nodes and edges sorted by id, no copy of the graph.

The bytes are those NetworkX's ``GraphMLWriter`` (``prettyprint``) writes for
:func:`~graph.export.canonical.graphml_safe` ``(G)`` with lower-case booleans
(``tests/test_export_stream.py`` checks); see :func:`_graphml_chunks`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import networkx as nx
import numpy as np

from .._nxraw import adjacency
from .._nxraw import node_dicts as raw_nodes
from ..errors import CollabGraphError
from .canonical import _clean, _safe_ids, _scalar, writing, xml_text

__all__ = ["export", "write_graphml"]

_GRAPHML_HEAD = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
    'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
)
_GRAPHML_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
#: Nodes or edges per write: a few MB of text, so memory stays flat and writes stay large.
_CHUNK = 4096


class _UncleanKey(Exception):
    """An attribute name that :func:`xml_text` would change (or a non-string one)."""


def _text(s: str) -> str:
    """``s`` as XML element text: :func:`xml_text`, then ``&``, ``<``, ``>`` escaped."""
    if not s.isprintable():  # cheap test that s holds no control or surrogate character
        s = xml_text(s)
    if "&" in s:
        s = s.replace("&", "&amp;")
    if "<" in s:
        s = s.replace("<", "&lt;")
    if ">" in s:
        s = s.replace(">", "&gt;")
    return s


def _attr(s: str) -> str:
    """``s`` (already :func:`xml_text`) as an XML attribute value, escaped as ElementTree does."""
    if s.isprintable() and not any(c in s for c in '&<>"'):
        return s
    for c, ref in (
        ("&", "&amp;"),
        ("<", "&lt;"),
        (">", "&gt;"),
        ('"', "&quot;"),
        ("\r", "&#13;"),
        ("\n", "&#10;"),
        ("\t", "&#09;"),
    ):
        s = s.replace(c, ref)
    return s


def _column_type(kinds: set[type]) -> type:
    """The one type of an attribute whose values have ``kinds`` (the rule of :func:`_harmonise`)."""
    if len(kinds) == 1:
        return next(iter(kinds))
    return float if kinds <= {int, float} else str


def _settled(t: type) -> bool:
    """True when every value of type ``t`` has one canonical type (so one value tells all);
    floats can still be NaN (left out), exotic types are looked at value by value."""
    return t in (bool, int, str, type(None), list, tuple, set, frozenset, dict) or issubclass(
        t, (np.integer, np.bool_)
    )


def _scan(items: Iterable[dict], scope: str, clean: bool) -> dict[str, set[type]]:
    """Attribute name -> the canonical types of its values over ``items`` (dicts in file
    order), names in order of first appearance, as :func:`graphml_safe` would give them.

    Nodes always get a string ``label``, edges a ``weight`` (``1`` where missing).  Without
    ``clean`` the names are used as they are, and :class:`_UncleanKey` is raised for a name
    :func:`xml_text` would change.
    """
    extra = "label" if scope == "node" else "weight" if scope == "edge" else None
    kinds: dict[str, set[type]] = {}
    done: set[tuple] = set()  # (name, raw type) pairs that can add nothing new
    it = iter(items)
    for d in it:  # the first element fixes where label/weight are declared (dict order)
        if not clean and not all(type(k) is str and k.isprintable() for k in d):
            raise _UncleanKey
        c = _clean(d)
        for k, v in c.items():
            kinds.setdefault(k, set()).add(type(v))
        if extra == "label":
            kinds["label"] = {str}
        elif extra == "weight" and "weight" not in c:
            kinds["weight"] = {int}
        break
    weights = extra == "weight"
    for d in it:
        if clean:
            d = _clean(d)
        if weights and "weight" not in d:
            kinds["weight"].add(int)
        # Most elements add nothing new: test that in C, without a Python loop over values.
        if done.issuperset(zip(d, map(type, d.values()), strict=True)):
            continue
        for k, v in d.items():
            t = type(v)
            if (k, t) in done:
                continue
            if not clean and not (type(k) is str and k.isprintable()):
                raise _UncleanKey
            if k == extra == "label":  # a label is always text
                done.add((k, t))
                continue
            c = _scalar(v)
            if c is None:
                if k == extra:  # a missing weight is 1
                    kinds[k].add(int)
                if _settled(t):
                    done.add((k, t))
                continue
            kinds.setdefault(k, set()).add(type(c))
            if _settled(t) or issubclass(t, (float, np.floating)):
                done.add((k, t))
    return kinds


class _Formats(dict):
    """``formats[name, t]``: a function from a raw value of type ``t`` of attribute ``name`` to
    its ``<data>`` line (``""`` when the value is left out), made on first use.  A dict, so a
    lookup of a known pair runs in C."""

    def __init__(self, keys: dict[str, tuple[str, type]], indent: str) -> None:
        super().__init__()
        self.keys = keys  # name -> (key id, column type)
        self.indent = indent

    def __missing__(self, pair: tuple) -> Callable:
        f = self[pair] = self._make(*pair)
        return f

    def _make(self, name: str, t: type) -> Callable:
        if t is type(None) or name not in self.keys:  # no value of the name is kept
            return lambda v: ""
        key, col = self.keys[name]
        pre = f'{self.indent}<data key="{key}">'
        empty = f'{self.indent}<data key="{key}" />\n'
        if t is float:
            # v - v == 0 is False for NaN and ±inf, which are left out; str(float) == repr.
            return lambda v: f"{pre}{v!r}</data>\n" if v - v == 0 else ""
        if t is int:
            if col is float:
                return lambda v: f"{pre}{float(v)!r}</data>\n"
            return lambda v: f"{pre}{v}</data>\n"
        if t is bool:
            yes, no = ("true", "false") if col is bool else ("True", "False")
            on, off = f"{pre}{yes}</data>\n", f"{pre}{no}</data>\n"
            return lambda v: on if v else off
        if t is str:
            return lambda v: f"{pre}{_text(v)}</data>\n" if v else empty

        def other(v):  # numpy scalars, lists, ...: the canonical value's line
            c = _scalar(v)
            return "" if c is None else self[name, type(c)](c)

        return other


def _node_ids(G: nx.Graph) -> dict | None:
    """Node -> export id as :func:`_safe_ids`, or ``None`` when every node is its own id."""
    if all(type(n) is str and n and n.isprintable() for n in G):
        return None
    return _safe_ids(G)


def _edges_in_order(G: nx.Graph, order: list, ids: dict | None) -> Iterator[tuple]:
    """``(u, v, data)`` sorted by (source id, target id); undirected edges from the smaller id."""
    adj = adjacency(G)  # the raw dicts: the read-only views cost a call per lookup
    directed = G.is_directed()
    for u in order:
        nbrs = adj[u]
        if ids is None:
            vs = sorted(nbrs) if directed else sorted(filter(u.__le__, nbrs))
        else:
            iu = ids[u]
            vs = nbrs if directed else [v for v in nbrs if ids[v] >= iu]
            vs = sorted(vs, key=ids.__getitem__)
        for v in vs:
            yield u, v, nbrs[v]


def _is_dropped(v) -> bool:
    """True when the canonical form leaves ``v`` out (None, NaN, ±inf, ...)."""
    t = type(v)
    if t is str or t is int or t is bool:
        return False
    if t is float:
        return v - v != 0  # NaN and ±inf
    return _scalar(v) is None


def _graphml_chunks(G: nx.Graph) -> Iterator[str]:
    """The GraphML document of ``G`` in pieces of text, streamed from the graph.

    The bytes are those NetworkX's ``GraphMLWriter`` (``prettyprint``) writes for
    :func:`graphml_safe` ``(G)`` with lower-case booleans: keys ``d0``, ``d1``, ... in order of
    first use (graph, then nodes, then edges, in file order), declared last-first; nodes and
    edges sorted by id; graph attributes after the edges.  Nothing is copied: a first pass
    over the attributes finds each one's type, a second writes the elements.
    """
    if G.is_multigraph():
        raise CollabGraphError("GraphML export takes a simple graph, not a multigraph")
    ids = _node_ids(G)
    order = sorted(G) if ids is None else sorted(G, key=ids.__getitem__)
    nodes = raw_nodes(G)  # the raw dicts: NodeView costs a call per lookup
    graph = {k: v for k, v in _clean(G.graph).items() if k not in ("node_default", "edge_default")}
    gid = graph.pop("id", None)

    def node_dicts():
        return (nodes[n] for n in order)

    def edge_dicts():
        return (d for _, _, d in _edges_in_order(G, order, ids))

    clean = False
    try:
        node_kinds = _scan(node_dicts(), "node", clean)
        edge_kinds = _scan(edge_dicts(), "edge", clean)
    except _UncleanKey:  # names to clean: the exact, slower way (graphml_safe's _clean)
        clean = True
        node_kinds = _scan(node_dicts(), "node", clean)
        edge_kinds = _scan(edge_dicts(), "edge", clean)

    keys: dict[str, dict[str, tuple[str, type]]] = {}
    decl = []
    for scope, kinds in (
        ("graph", {k: {type(v)} for k, v in graph.items()}),
        ("node", node_kinds),
        ("edge", edge_kinds),
    ):
        keys[scope] = {}
        for name, ts in kinds.items():
            col = _column_type(ts)
            key = f"d{len(decl)}"
            keys[scope][name] = (key, col)
            decl.append(
                f'  <key id="{key}" for="{scope}" attr.name="{_attr(name)}" '
                f'attr.type="{_GRAPHML_TYPES[col]}" />\n'
            )
    gfmt = _Formats(keys["graph"], "    ")
    gdata = "".join(gfmt[k, type(v)](v) for k, v in graph.items())
    head = f'  <graph edgedefault="{"directed" if G.is_directed() else "undirected"}"'
    if gid is not None:
        head += f' id="{_attr(str(gid))}"'
    if not (order or gdata):
        yield _GRAPHML_HEAD + "".join(reversed(decl)) + head + " />\n</graphml>\n"
        return
    yield _GRAPHML_HEAD + "".join(reversed(decl)) + head + ">\n"

    xid = (
        None
        if ids is None and all(_attr(n) is n for n in order)
        else {n: _attr(n if ids is None else ids[n]) for n in order}
    )
    buf: list[str] = []
    fmt = _Formats(keys["node"], "      ")
    label = fmt["label", str]
    for i, n in enumerate(order, 1):
        d = nodes[n]
        if clean:
            d = _clean(d)
        buf.append(f'    <node id="{n if xid is None else xid[n]}">\n')
        buf += [fmt[k, type(v)](v) for k, v in d.items()]
        lab = d.get("label")
        if type(lab) is not str and _is_dropped(lab):
            buf.append(label(n if ids is None else ids[n]))
        buf.append("    </node>\n")
        if not i % _CHUNK:
            yield "".join(buf)
            buf.clear()
    fmt = _Formats(keys["edge"], "      ")
    one = fmt["weight", int](1)  # the weight of an edge without one
    for i, (u, v, d) in enumerate(_edges_in_order(G, order, ids), 1):
        if clean:
            d = _clean(d)
        if xid is None:
            buf.append(f'    <edge source="{u}" target="{v}">\n')
        else:
            buf.append(f'    <edge source="{xid[u]}" target="{xid[v]}">\n')
        buf += [fmt[k, type(x)](x) for k, x in d.items()]
        w = d.get("weight")
        if type(w) is not int and _is_dropped(w):
            buf.append(one)
        buf.append("    </edge>\n")
        if not i % _CHUNK:
            yield "".join(buf)
            buf.clear()
    buf.append(gdata)
    buf.append("  </graph>\n</graphml>\n")
    yield "".join(buf)


def write_graphml(G: nx.Graph, path: str | os.PathLike[str]) -> Path:
    """Write ``G`` as GraphML (typed attributes, canonical form) atomically; return the path.

    Keys declare ``attr.type`` ``long``/``double``/``boolean``/``string``; booleans are written
    as the literals ``true``/``false``.  The file is streamed from ``G`` (no copy of the graph,
    no document tree), with the bytes NetworkX's writer gives for :func:`graphml_safe` ``(G)``.
    """
    with writing(path) as tmp, open(tmp, "wb") as fh:
        for chunk in _graphml_chunks(G):
            fh.write(chunk.encode("utf-8"))
    return Path(path)


def export(G: nx.Graph, path: str | os.PathLike[str], **_options) -> list[Path]:
    """The ``graphml`` exporter: :func:`write_graphml`."""
    return [write_graphml(G, path)]
