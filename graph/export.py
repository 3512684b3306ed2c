"""Export stage: graphs and tables -> GraphML, GEXF, CSV/JSON tables, PNG/SVG, run manifest.

Every file is written atomically (a temporary file beside the target, then a rename), so a
failed export leaves no partial file; an unwritable or missing folder is a one-line
:class:`~graph.errors.OutputError`.

One canonical form feeds every format (:func:`graphml_safe`):

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

Examples
--------
>>> G = nx.Graph(); G.add_node("a", x=1); G.add_node("b", x=0.5); G.add_edge("a", "b")
>>> H = graphml_safe(G)
>>> H.nodes["a"], H.edges["a", "b"]
({'x': 1.0, 'label': 'a'}, {'weight': 1})
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import re
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _dist_version
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

from . import __version__
from .errors import CollabGraphError, OutputError
from .io_atomic import atomic_path, write_text_atomic
from .style import INSTITUTION_COLOUR, OWNER_COLOUR, community_colour, edge_width, scale_sizes

__all__ = [
    "EXPORT_FORMATS",
    "TABLE_FORMATS",
    "build_manifest",
    "draw_network",
    "edge_table",
    "export_graph",
    "file_record",
    "gexf_ready",
    "graph_note",
    "graphml_safe",
    "node_table",
    "paper_table",
    "write_gexf",
    "write_graphml",
    "write_manifest",
    "write_table_csv",
    "write_tables",
    "xml_text",
]

#: ``--to`` choices; csv and json write a folder of tables, the rest one file.
EXPORT_FORMATS = ("graphml", "gexf", "csv", "json", "png", "svg")
TABLE_FORMATS = ("csv", "json")

NODE_COLUMNS = (
    "id",
    "label",
    "kind",
    "is_owner",
    "community",
    "papers",
    "first_year",
    "last_year",
    "degree",
    "strength",
    "betweenness",
    "closeness",
    "eigenvector",
    "pagerank",
    "clustering",
    "core",
    "paper_ids",
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
#: Attribute names the GEXF writer gives a meaning of its own; other uses are renamed.
_GEXF_RESERVED = frozenset(
    {
        "id",
        "pid",
        "parents",
        "spells",
        "slices",
        "start",
        "end",
        "viz",
        "type",
        "key",
        "networkx_key",
    }
)
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TITLES = {"coauthor": "Co-authorship network", "affiliation": "Affiliation network"}
_MARKER = 0.55  # marker diameter in points per unit of the HTML page's node size
_PACKAGES = ("networkx", "pandas", "numpy", "scipy", "pyvis", "jinja2", "click", "matplotlib")


# --------------------------------------------------------------------------- canonical form


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
def _writing(path: str | os.PathLike[str]) -> Iterator[Path]:
    """:func:`atomic_path`, with write failures (disk full, permissions) as :class:`OutputError`."""
    try:
        with atomic_path(path) as tmp:
            yield tmp
    except OSError as exc:
        raise OutputError(
            f"cannot write {str(path)!r}: {exc.strerror or exc}. "
            "Hint: check the folder is writable and has space, or choose another path"
        ) from exc


# --------------------------------------------------------------------------- GraphML

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
    adj = G._adj  # the raw dicts: the read-only views cost a call per lookup
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
    nodes = G._node  # the raw dicts: NodeView costs a call per lookup
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
    with _writing(path) as tmp, open(tmp, "wb") as fh:
        for chunk in _graphml_chunks(G):
            fh.write(chunk.encode("utf-8"))
    return Path(path)


# --------------------------------------------------------------------------- visual mapping


def _num(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def _styles(G: nx.Graph, size_by: str) -> dict:
    """Node -> (colour, size) as the HTML page draws it (community colours, owner, institution)."""
    nodes = list(G.nodes)
    raw = [_num(G.nodes[n].get(size_by, G.nodes[n].get("papers", 0))) for n in nodes]
    sizes = scale_sizes(raw, lo=8, hi=40)
    out = {}
    for n, s in zip(nodes, sizes, strict=True):
        d = G.nodes[n]
        is_owner = bool(d.get("is_owner", False))
        if d.get("kind") == "institution":
            colour = INSTITUTION_COLOUR
        elif is_owner:
            colour = OWNER_COLOUR
        else:
            colour = community_colour(int(_num(d.get("community", -1))))
        out[n] = (colour, round(s * (1.3 if is_owner else 1.0), 3))
    return out


def _rgb(colour: str) -> dict:
    h = colour.lstrip("#")
    return {"r": int(h[0:2], 16), "g": int(h[2:4], 16), "b": int(h[4:6], 16), "a": 1.0}


def _positions(G: nx.Graph, seed: int, positions: dict | None) -> dict:
    if positions is None:
        from .layout import layout  # the HTML page's seeded layout

        positions = layout(G, seed=seed)
    return positions


# --------------------------------------------------------------------------- GEXF


def _gexf_attrs(d: dict) -> dict:
    return {(f"{k}_attr" if k in _GEXF_RESERVED else k): v for k, v in d.items()}


def _years(d: dict) -> dict:
    out = {}
    if isinstance(d.get("first_year"), int) and not isinstance(d.get("first_year"), bool):
        out["start"] = d["first_year"]
    if isinstance(d.get("last_year"), int) and not isinstance(d.get("last_year"), bool):
        out["end"] = d["last_year"]
    return out


def gexf_ready(
    G: nx.Graph, *, size_by: str = "pagerank", seed: int = 42, positions: dict | None = None
) -> nx.Graph:
    """The canonical form of ``G`` plus what Gephi draws and animates.

    Nodes get ``viz`` (``color`` from the community as in the HTML page, ``size`` from the
    ``size_by`` attribute scaled to 8-40, ``position`` from the page's seeded layout with y
    pointing up) and, like edges, ``start``/``end`` from ``first_year``/``last_year``
    (inclusive years; Gephi's timeline).  Attributes named like GEXF's own fields get an
    ``_attr`` suffix.

    >>> G = nx.Graph(); G.add_node("a", community=0, first_year=2020, last_year=2021)
    >>> d = gexf_ready(G, positions={"a": (1.0, 2.0)}).nodes["a"]
    >>> d["viz"]["color"], d["viz"]["position"], d["start"], d["end"]
    ({'r': 0, 'g': 103, 'b': 165, 'a': 1.0}, {'x': 1.0, 'y': -2.0, 'z': 0.0}, 2020, 2021)
    """
    ids = _safe_ids(G)
    pos = {ids[n]: p for n, p in _positions(G, seed, positions).items() if n in ids}
    H = graphml_safe(G)
    styles = _styles(H, size_by)
    for n, d in H.nodes(data=True):
        colour, size = styles[n]
        x, y = pos.get(n, (0.0, 0.0))
        new = _gexf_attrs(d)
        new.update(_years(d))
        new["viz"] = {
            "color": _rgb(colour),
            "size": size,
            "position": {"x": float(x), "y": -float(y) + 0.0, "z": 0.0},
        }
        d.clear()
        d.update(new)
    for _, _, d in H.edges(data=True):
        new = _gexf_attrs(d)
        new.update(_years(d))
        d.clear()
        d.update(new)
    return H


def write_gexf(
    G: nx.Graph,
    path: str | os.PathLike[str],
    *,
    size_by: str = "pagerank",
    seed: int = 42,
    positions: dict | None = None,
) -> Path:
    """Write ``G`` as GEXF 1.2 (``1.2draft`` namespace, read by Gephi) atomically.

    The graph is :func:`gexf_ready`: coloured, sized and laid out, with ``start``/``end`` years
    (``mode="dynamic"``, ``timeformat="integer"``) when any node or edge has a year.  The file
    has no modification date, so one input gives one byte-identical file.
    """
    from networkx.readwrite.gexf import GEXFWriter

    H = gexf_ready(G, size_by=size_by, seed=seed, positions=positions)
    H.graph["name"] = str(G.graph.get("name", G.graph.get("kind", "")))
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    writer.add_graph(H)
    if writer.graph_element.get("mode") == "dynamic":
        # networkx says "long" for int times; GEXF 1.2 knows integer|double|date|dateTime.
        writer.graph_element.set("timeformat", "integer")
    meta = writer.xml.find("meta")
    meta.attrib.pop("lastmodifieddate", None)
    meta.find("creator").text = f"collabgraph {__version__} (NetworkX {nx.__version__})"
    about = "; ".join(f"{k}={v}" for k, v in H.graph.items() if k != "name")
    if about:
        desc = meta.makeelement("description", {})
        desc.text = about
        meta.append(desc)
    with _writing(path) as tmp, open(tmp, "wb") as fh:
        writer.write(fh)
    return Path(path)


# --------------------------------------------------------------------------- tables


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
    return _frame(rows, NODE_COLUMNS, ("id", "label"))


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
    ``authors`` column (listed names in order, joined by ``"; "``), sorted by year, date, id.
    Text is cleaned as in the graph files (:func:`xml_text`)."""
    papers = corpus.papers
    if G is not None:
        papers = papers[papers["paper_id"].isin(_graph_papers(G))]
    a = corpus.authorships
    listed = a[a["listed"] & a["paper_id"].isin(papers["paper_id"])]
    names = listed.sort_values(["paper_id", "position"]).groupby("paper_id")["name"].agg("; ".join)
    out = papers.assign(authors=papers["paper_id"].map(names).fillna(""))
    out = out.sort_values(["year", "date", "paper_id"], na_position="last", ignore_index=True)
    # The same text as in the graph files (and a lone surrogate cannot be written as UTF-8).
    for col in out.columns:
        if pd.api.types.is_object_dtype(out[col]) or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(lambda v: xml_text(v) if isinstance(v, str) else v)
    return out


def write_table_csv(frame: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write a table as UTF-8 CSV (``\\n`` line ends, no index) atomically."""
    # Straight into the file: pandas writes it in chunks, the text is never one string.
    with _writing(path) as tmp, open(tmp, "w", encoding="utf-8", newline="") as fh:
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
    with _writing(path) as tmp, open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        sep = "[\n "
        for row in frame.itertuples(index=False, name=None):
            obj = {c: _json_value(v) for c, v in zip(columns, row, strict=True)}
            # One level deeper inside the list; values hold no raw newline (JSON escapes it).
            fh.write(sep + encode(obj).replace("\n", "\n "))
            sep = ",\n "
        fh.write("[]\n" if sep == "[\n " else "\n]\n")
    return Path(path)


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
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"cannot create {str(folder)!r}: {exc.strerror or exc}. "
            "Hint: choose another output path"
        ) from exc
    return folder


def write_tables(
    G: nx.Graph, folder: str | os.PathLike[str], *, corpus=None, fmt: str = "csv"
) -> list[Path]:
    """Write ``nodes``, ``edges`` (and, with a corpus, ``papers``) tables into ``folder``.

    ``folder`` is created when missing (its parent must exist); files are ``nodes.csv``,
    ``edges.csv``, ``papers.csv`` (or ``.json``), each written atomically.
    """
    if fmt not in TABLE_FORMATS:
        raise CollabGraphError(f"unknown table format {fmt!r}; choose csv or json")
    folder = _table_folder(folder)
    write = write_table_csv if fmt == "csv" else write_table_json
    tables = {"nodes": node_table(G), "edges": edge_table(G)}
    if corpus is not None:
        tables["papers"] = paper_table(corpus, G)
    out = []
    for name, frame in tables.items():
        try:
            out.append(write(frame, folder / f"{name}.{fmt}"))
        except OSError as exc:
            raise OutputError(
                f"cannot write {str(folder / name)!r}.{fmt}: {exc.strerror or exc}"
            ) from exc
    return out


# --------------------------------------------------------------------------- pictures


def _matplotlib():
    try:
        import matplotlib
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError as exc:
        raise CollabGraphError(
            "PNG and SVG pictures need matplotlib, which is not installed. "
            "Hint: pip install 'collabgraph[plot]'"
        ) from exc
    return matplotlib, Figure, FigureCanvasAgg


def _legend_entries(H: nx.Graph, styles: dict, limit: int = 10) -> list[tuple[str, str]]:
    members: dict[int, list] = {}
    for n, d in H.nodes(data=True):
        if d.get("kind") != "institution" and not d.get("is_owner"):
            members.setdefault(int(_num(d.get("community", -1))), []).append(n)
    entries = []
    for cid in sorted(c for c in members if c >= 0)[:limit]:
        top = max(members[cid], key=lambda n: (styles[n][1], n))
        entries.append(
            (
                community_colour(cid),
                f"community {cid}: {H.nodes[top]['label']} and {len(members[cid]) - 1} more",
            )
        )
    rest = sum(1 for c in members if c >= 0) - limit
    if rest > 0:
        entries.append((community_colour(-1), f"… {rest} more communities"))
    if any(d.get("is_owner") for _, d in H.nodes(data=True)):
        entries.append((OWNER_COLOUR, "profile owner"))
    if any(d.get("kind") == "institution" for _, d in H.nodes(data=True)):
        entries.append((INSTITUTION_COLOUR, "institution"))
    return entries


def draw_network(
    G: nx.Graph,
    path: str | os.PathLike[str],
    *,
    size_by: str = "pagerank",
    seed: int = 42,
    labels: int = 20,
    title: str | None = None,
    positions: dict | None = None,
    fmt: str | None = None,
) -> Path:
    """A static picture (PNG or SVG, from the suffix or ``fmt``) of ``G`` for slides and papers.

    Same seeded layout, colours and sizes as the HTML page; names on the ``labels`` largest
    nodes (and the owner); a legend of the communities (named by their largest member).  Drawn
    with matplotlib's Agg canvas, no display needed; SVG output is byte-identical run to run
    (fixed ``svg.hashsalt``, no date).  Needs the optional extra ``plot``.
    """
    mpl, Figure, FigureCanvasAgg = _matplotlib()
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D
    from matplotlib.patheffects import withStroke

    fmt = (fmt or Path(path).suffix.lstrip(".")).lower()
    if fmt not in ("png", "svg"):
        raise CollabGraphError(f"cannot draw {str(path)!r}: pictures are png or svg")
    ids = _safe_ids(G)
    pos0 = _positions(G, seed, positions)
    H = graphml_safe(G)
    pos = {ids[n]: (float(x), -float(y)) for n, (x, y) in pos0.items() if n in ids}
    pos = {n: pos.get(n, (0.0, 0.0)) for n in H.nodes}
    styles = _styles(H, size_by)

    with mpl.rc_context(
        {"svg.hashsalt": "collabgraph", "svg.fonttype": "path", "font.family": "DejaVu Sans"}
    ):
        fig = Figure(figsize=(12, 8), dpi=150)
        FigureCanvasAgg(fig)
        ax = fig.add_axes((0.01, 0.01, 0.72, 0.9))
        ax.set_axis_off()
        ax.set_aspect("equal")
        fig.suptitle(
            title or _TITLES.get(H.graph.get("kind"), "Network"), fontsize=14, parse_math=False
        )
        note = graph_note(H)
        summary = f"{H.number_of_nodes()} nodes, {H.number_of_edges()} edges"
        fig.text(
            0.5,
            0.925,
            summary + (f"; {note}" if note else ""),
            ha="center",
            fontsize=9,
            color="#555555",
            parse_math=False,
        )
        if H.number_of_edges():
            segs = [(pos[u], pos[v]) for u, v in H.edges]
            widths = [0.6 * edge_width(d.get("weight", 1)) for _, _, d in H.edges(data=True)]
            ax.add_collection(
                LineCollection(segs, linewidths=widths, colors="#9aa0a6", alpha=0.55, zorder=1)
            )
        order = sorted(H.nodes, key=lambda n: (styles[n][1], n))
        if order:
            xy = np.array([pos[n] for n in order])
            ax.scatter(
                xy[:, 0],
                xy[:, 1],
                s=[(_MARKER * styles[n][1]) ** 2 for n in order],
                c=[styles[n][0] for n in order],
                edgecolors="white",
                linewidths=0.4,
                zorder=2,
            )
            pad = max(np.ptp(xy[:, 0]), np.ptp(xy[:, 1]), 1.0) * 0.06
            ax.set_xlim(xy[:, 0].min() - pad, xy[:, 0].max() + pad)
            ax.set_ylim(xy[:, 1].min() - pad, xy[:, 1].max() + pad)
            ranked = sorted(H.nodes, key=lambda n: (-styles[n][1], n))[: max(labels, 0)]
            ranked += [n for n, d in H.nodes(data=True) if d.get("is_owner") and n not in ranked]
            for n in sorted(ranked):
                # Just above the marker (its radius in points, plus a little air).
                ax.annotate(
                    H.nodes[n]["label"],
                    pos[n],
                    xytext=(0, _MARKER * styles[n][1] / 2 + 1),
                    textcoords="offset points",
                    fontsize=7,
                    ha="center",
                    va="bottom",
                    zorder=3,
                    parse_math=False,
                    path_effects=[withStroke(linewidth=2, foreground="white")],
                )
        else:
            ax.text(
                0.5,
                0.5,
                "empty graph: nothing to draw",
                ha="center",
                va="center",
                transform=ax.transAxes,
                color="#555555",
            )
        entries = _legend_entries(H, styles)
        if entries:
            handles = [
                Line2D([], [], marker="o", linestyle="", markersize=7, color=c) for c, _ in entries
            ]
            leg = fig.legend(
                handles,
                [t for _, t in entries],
                loc="center left",
                bbox_to_anchor=(0.74, 0.5),
                fontsize=8,
                frameon=False,
            )
            for t in leg.get_texts():
                t.set_parse_math(False)
        meta = {"Date": None} if fmt == "svg" else {}
        with _writing(path) as tmp, warnings.catch_warnings():
            # Names in scripts DejaVu lacks are drawn as boxes; that is not worth a warning.
            warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from")
            fig.savefig(tmp, format=fmt, metadata=meta)
    return Path(path)


# --------------------------------------------------------------------------- dispatch


def export_graph(
    G: nx.Graph,
    path: str | os.PathLike[str],
    *,
    to: str,
    corpus=None,
    size_by: str = "pagerank",
    seed: int = 42,
    labels: int = 20,
) -> list[Path]:
    """Write ``G`` in format ``to`` (one of :data:`EXPORT_FORMATS`); return the files written.

    ``path`` is the file for graphml, gexf, png and svg, and a folder of ``nodes``/``edges``/
    ``papers`` tables for csv and json.
    """
    if to == "graphml":
        return [write_graphml(G, path)]
    if to == "gexf":
        return [write_gexf(G, path, size_by=size_by, seed=seed)]
    if to in TABLE_FORMATS:
        return write_tables(G, path, corpus=corpus, fmt=to)
    if to in ("png", "svg"):
        return [draw_network(G, path, size_by=size_by, seed=seed, labels=labels, fmt=to)]
    raise CollabGraphError(f"unknown export format {to!r}; choose {', '.join(EXPORT_FORMATS)}")


# --------------------------------------------------------------------------- manifest


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
