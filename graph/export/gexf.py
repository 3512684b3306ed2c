"""GEXF 1.2 for Gephi: coloured by community, sized, laid out as the HTML page, with years."""

from __future__ import annotations

import os
from pathlib import Path

import networkx as nx

from .. import __version__
from ._visual import _positions, _rgb, _styles
from .canonical import _safe_ids, graphml_safe, writing

__all__ = ["export", "gexf_ready", "write_gexf"]

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
    with writing(path) as tmp, open(tmp, "wb") as fh:
        writer.write(fh)
    return Path(path)


def export(
    G: nx.Graph,
    path: str | os.PathLike[str],
    *,
    size_by: str = "pagerank",
    seed: int = 42,
    **_options,
) -> list[Path]:
    """The ``gexf`` exporter: :func:`write_gexf`."""
    return [write_gexf(G, path, size_by=size_by, seed=seed)]
