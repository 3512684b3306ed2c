"""Export cost on a real network, as a ratio to networkx's own writers measured in the same run.

Usage::

    .venv/bin/python bench/bench_export.py [GML_FILE]

Newman's netscience co-authorship network (1589 scientists, 2742 links) is annotated with the
metrics and communities the pipeline computes, then written by each exporter.  The baseline for
GraphML and GEXF is networkx's plain ``write_graphml`` / ``write_gexf`` of the same annotated graph
(no canonical form, no layout, not atomic); pictures and tables have no such baseline and are
reported in seconds.  Best of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import tempfile
import timeit
from pathlib import Path

import networkx as nx

from graph import export as ex
from graph.analyse import annotate, centrality_table, communities
from graph.layout import layout

DEFAULT = Path(__file__).resolve().parents[1] / "tests/data/netscience/netscience.gml"


def best(fn, repeat: int) -> float:
    return min(timeit.repeat(fn, number=1, repeat=repeat))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gml", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    raw = nx.read_gml(args.gml, label="id")
    G = nx.Graph(kind="coauthor")
    for n, d in raw.nodes(data=True):
        G.add_node(f"n{n}", label=d["label"])
    for u, v, d in raw.edges(data=True):
        G.add_edge(
            f"n{u}",
            f"n{v}",
            weight=1,
            fractional=float(d["value"]),
            distance=1.0 / float(d["value"]),
        )
    G = annotate(G, centrality_table(G), communities(G, seed=1).membership)
    print(f"{args.gml.name}: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges")

    pos = layout(G, seed=1)
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        rows = [
            (
                "graphml",
                lambda: ex.write_graphml(G, d / "a.graphml"),
                lambda: nx.write_graphml(G, d / "b.graphml"),
            ),
            (
                "gexf (given layout)",
                lambda: ex.write_gexf(G, d / "a.gexf", positions=pos),
                lambda: nx.write_gexf(G, d / "b.gexf"),
            ),
            (
                "gexf (with layout)",
                lambda: ex.write_gexf(G, d / "c.gexf"),
                lambda: nx.write_gexf(G, d / "b.gexf"),
            ),
            ("csv tables", lambda: ex.write_tables(G, d / "csv"), None),
            ("json tables", lambda: ex.write_tables(G, d / "json", fmt="json"), None),
            ("png (given layout)", lambda: ex.draw_network(G, d / "a.png", positions=pos), None),
            ("svg (given layout)", lambda: ex.draw_network(G, d / "a.svg", positions=pos), None),
        ]
        print(f"{'export':22} {'ours s':>8} {'networkx s':>11} {'ratio':>6}")
        for name, ours, base in rows:
            t_ours = best(ours, args.repeat)
            if base is None:
                print(f"{name:22} {t_ours:8.3f} {'-':>11} {'-':>6}")
                continue
            t_base = best(base, args.repeat)
            print(f"{name:22} {t_ours:8.3f} {t_base:11.3f} {t_ours / t_base:6.2f}")


if __name__ == "__main__":
    main()
