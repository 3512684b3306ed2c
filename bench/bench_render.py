"""Render-stage timings: our payload + page against pyvis's own from_nx + generate_html.

Run: ``.venv/bin/python bench/bench_render.py`` (add ``--big`` for the 1500-node netscience
page, whose spring layout alone takes tens of seconds).  Both sides get the same graph in the
same process; pyvis is the baseline, so the ratio is what matters, not the absolute seconds.
The layout is timed separately: it is shared work (``graph.render.layout``).
"""

from __future__ import annotations

import sys
import timeit
from pathlib import Path

import networkx as nx
import pandas as pd
from pyvis.network import Network

from graph.analyse import communities
from graph.config import RunConfig
from graph.pipeline import analyse_corpus, load_corpus
from graph.render import layout, network_payload, render_network_html

ROOT = Path(__file__).resolve().parent.parent


def best(fn, repeat: int = 3) -> float:
    """Fastest of ``repeat`` single runs (seconds)."""
    return min(timeit.repeat(fn, number=1, repeat=repeat))


def pyvis_page(G: nx.Graph) -> str:
    net = Network(cdn_resources="in_line")
    net.from_nx(G.copy())  # from_nx mutates its input
    return net.generate_html()


def case(name: str, G: nx.Graph, metrics: pd.DataFrame, membership: dict, corpus=None,
         max_nodes: int = 1500, repeat: int = 3) -> None:
    ids = {n["id"] for n in network_payload(G, metrics, membership, max_nodes=max_nodes)["nodes"]}
    H = G.subgraph([n for n in G if str(n) in ids])
    t_layout = best(lambda: layout(H), repeat)
    t_ours = best(lambda: render_network_html(network_payload(
        G, metrics, membership, corpus, max_nodes=max_nodes)), repeat)
    t_pyvis = best(lambda: pyvis_page(G), repeat)
    rest = t_ours - t_layout
    print(f"{name:30s} nodes {G.number_of_nodes():5d} edges {G.number_of_edges():5d} | "
          f"ours {t_ours:7.3f}s (layout {t_layout:7.3f}s, rest {rest:6.3f}s) | "
          f"pyvis from_nx+generate_html {t_pyvis:7.3f}s | rest/pyvis {rest / t_pyvis:5.2f}")


def main() -> None:
    cfg = RunConfig()
    a = analyse_corpus(load_corpus(cfg), cfg)
    case("default profile (coauthors)", a.annotated(), a.metrics, a.partition.membership,
         a.corpus)
    G = nx.read_gml(ROOT / "tests" / "data" / "netscience" / "netscience.gml")
    nx.set_edge_attributes(G, 1, "weight")
    m = pd.DataFrame({"pagerank": pd.Series(nx.pagerank(G, weight="weight"))})
    memb = communities(G, seed=1).membership
    case("netscience, --max-nodes 300", G, m, memb, max_nodes=300)
    if "--big" in sys.argv:
        case("netscience, --max-nodes 1500", G, m, memb, max_nodes=1500, repeat=1)


if __name__ == "__main__":
    main()
