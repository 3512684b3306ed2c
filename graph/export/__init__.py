"""Exporters: one module per output format, one entry point :func:`export_graph`.

Each format module has ``export(G, path, *, to, corpus, size_by, seed, labels) -> list[Path]``
(options a format does not use are ignored) and is named in :data:`EXPORTERS` with the ``-o``
suffixes that choose it.  Every format starts from one canonical form
(:func:`~graph.export.canonical.graphml_safe`) and writes atomically.

=======  ==========  ====================================  ======================================
format   suffixes    module                                writes
=======  ==========  ====================================  ======================================
graphml  .graphml    :mod:`graph.export.graphml`           one file, streamed
gexf     .gexf       :mod:`graph.export.gexf`              one file (Gephi: colours, layout, years)
csv      --          :mod:`graph.export.tables`            a folder: nodes, edges, papers
json     --          :mod:`graph.export.tables`            a folder: nodes, edges, papers
png      .png        :mod:`graph.export.picture`           one picture (extra ``plot``)
svg      .svg        :mod:`graph.export.picture`           one picture (extra ``plot``)
=======  ==========  ====================================  ======================================

The run manifest is :mod:`graph.export.manifest`.

The CLI reads :data:`EXPORTERS` when it starts, so this module imports no format module (they
pull in NetworkX, pandas and NumPy): each is imported when first used, and the public names
below (``write_graphml``, ``build_manifest``, ...) are looked up in their modules on first
access.

>>> sorted(suffix_formats().items())[:2]
[('.gexf', 'gexf'), ('.graphml', 'graphml')]
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import CollabGraphError

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from .canonical import graph_note, graphml_safe, xml_text
    from .gexf import gexf_ready, write_gexf
    from .graphml import write_graphml
    from .manifest import build_manifest, file_record, write_manifest
    from .picture import draw_network
    from .tables import (
        TABLE_FORMATS,
        edge_table,
        node_table,
        paper_table,
        write_table_csv,
        write_table_json,
        write_tables,
    )

__all__ = [
    "EXPORTERS",
    "EXPORT_FORMATS",
    "PICTURE_LABELS",
    "TABLE_FORMATS",
    "Exporter",
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
    "suffix_formats",
    "write_gexf",
    "write_graphml",
    "write_manifest",
    "write_table_csv",
    "write_table_json",
    "write_tables",
    "xml_text",
]


@dataclass(frozen=True)
class Exporter:
    """One output format: its ``--to`` name, the module that writes it
    (``graph.export.<module>.export``), the ``-o`` suffixes that choose it, and whether it
    writes a folder (of tables) rather than one file."""

    name: str
    module: str
    suffixes: tuple[str, ...] = ()
    folder: bool = False


#: format name -> exporter, in the order of the CLI's ``--to`` choices.
EXPORTERS: dict[str, Exporter] = {
    e.name: e
    for e in (
        Exporter("graphml", "graphml", (".graphml",)),
        Exporter("gexf", "gexf", (".gexf",)),
        Exporter("csv", "tables", folder=True),
        Exporter("json", "tables", folder=True),
        Exporter("png", "picture", (".png",)),
        Exporter("svg", "picture", (".svg",)),
    )
}

#: ``--to`` choices (the keys of :data:`EXPORTERS`).
EXPORT_FORMATS = tuple(EXPORTERS)

#: Pictures name this many of the largest nodes (and the owner) by default.
PICTURE_LABELS = 20


def suffix_formats() -> dict[str, str]:
    """``-o`` suffix -> format name, from :data:`EXPORTERS`."""
    return {s: e.name for e in EXPORTERS.values() for s in e.suffixes}


def export_graph(
    G: nx.Graph,
    path: str | os.PathLike[str],
    *,
    to: str,
    corpus=None,
    size_by: str = "pagerank",
    seed: int = 42,
    labels: int = PICTURE_LABELS,
    raw_csv: bool = False,
) -> list[Path]:
    """Write ``G`` in format ``to`` (a key of :data:`EXPORTERS`); return the files written.

    ``path`` is the file for graphml, gexf, png and svg, and a folder of ``nodes``/``edges``/
    ``papers`` tables for csv and json.  ``corpus`` (the papers table's source), ``size_by``,
    ``seed`` (layout), ``labels`` (names drawn on a picture) and ``raw_csv`` (CSV text as read,
    :mod:`graph.csv_safe`) go to the formats that use them.
    """
    exporter = EXPORTERS.get(to)
    if exporter is None:
        raise CollabGraphError(f"unknown export format {to!r}; choose {', '.join(EXPORTERS)}")
    module = importlib.import_module(f"{__name__}.{exporter.module}")
    return module.export(
        G,
        path,
        to=to,
        corpus=corpus,
        size_by=size_by,
        seed=seed,
        labels=labels,
        raw_csv=raw_csv,
    )


#: Public name -> the module that defines it (imported on first access, see the module notes).
_PUBLIC = {
    "graph_note": "canonical",
    "graphml_safe": "canonical",
    "xml_text": "canonical",
    "write_graphml": "graphml",
    "gexf_ready": "gexf",
    "write_gexf": "gexf",
    "TABLE_FORMATS": "tables",
    "edge_table": "tables",
    "node_table": "tables",
    "paper_table": "tables",
    "write_table_csv": "tables",
    "write_table_json": "tables",
    "write_tables": "tables",
    "draw_network": "picture",
    "build_manifest": "manifest",
    "file_record": "manifest",
    "write_manifest": "manifest",
}


def __getattr__(name: str):
    if name not in _PUBLIC:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_PUBLIC[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_PUBLIC})
