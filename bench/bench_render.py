"""Render-stage timings: our payload + page against pyvis's own from_nx + generate_html.

Run: ``.venv/bin/python bench/bench_render.py`` (add ``--big`` for the 1500-node netscience
page, whose spring layout alone takes tens of seconds).  Both sides get the same graph in the
same process; pyvis is the baseline, so the ratio is what matters, not the absolute seconds.
The layout is timed separately: it is shared work (``graph.render.layout``).

The last case is issue #8's target: the page of a 20,000-node / 150,000-edge graph
(``nx.gnm_random_graph(20000, 150000, seed=8)``, every node shown) in under 5 s, payload and
HTML timed apart; pyvis is not run on it (its ``generate_html`` alone takes minutes there).
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
from graph.layout import layout
from graph.pipeline import analyse_corpus, load_corpus
from graph.render import network_payload, render_network_html

ROOT = Path(__file__).resolve().parent.parent


def best(fn, repeat: int = 3) -> float:
    """Fastest of ``repeat`` single runs (seconds)."""
    return min(timeit.repeat(fn, number=1, repeat=repeat))


def pyvis_page(G: nx.Graph) -> str:
    net = Network(cdn_resources="in_line")
    net.from_nx(G.copy())  # from_nx mutates its input
    return net.generate_html()


def case(
    name: str,
    G: nx.Graph,
    metrics: pd.DataFrame,
    membership: dict,
    corpus=None,
    max_nodes: int = 1500,
    repeat: int = 3,
) -> None:
    ids = {n["id"] for n in network_payload(G, metrics, membership, max_nodes=max_nodes)["nodes"]}
    H = G.subgraph([n for n in G if str(n) in ids])
    t_layout = best(lambda: layout(H, groups=membership), repeat)  # as the page lays it out
    t_ours = best(
        lambda: render_network_html(
            network_payload(G, metrics, membership, corpus, max_nodes=max_nodes)
        ),
        repeat,
    )
    t_pyvis = best(lambda: pyvis_page(G), repeat)
    rest = t_ours - t_layout
    print(
        f"{name:30s} nodes {G.number_of_nodes():5d} edges {G.number_of_edges():5d} | "
        f"ours {t_ours:7.3f}s (layout {t_layout:7.3f}s, rest {rest:6.3f}s) | "
        f"pyvis from_nx+generate_html {t_pyvis:7.3f}s | rest/pyvis {rest / t_pyvis:5.2f}"
    )


def scale_case(n: int = 20_000, m: int = 150_000, repeat: int = 3) -> None:
    """Issue #8's page target: ``n`` nodes and ``m`` edges, every node shown."""
    G = nx.gnm_random_graph(n, m, seed=8)
    nx.set_edge_attributes(G, 1, "weight")
    metrics = pd.DataFrame({"pagerank": pd.Series(nx.pagerank(G, weight="weight"))})
    memb = communities(G, seed=1).membership
    t_layout = best(lambda: layout(G, groups=memb), repeat)
    t_payload = best(lambda: network_payload(G, metrics, memb, max_nodes=n), repeat)
    payload = network_payload(G, metrics, memb, max_nodes=n)
    t_html = best(lambda: render_network_html(payload), repeat)
    t_page = best(
        lambda: render_network_html(network_payload(G, metrics, memb, max_nodes=n)), repeat
    )
    size = len(render_network_html(payload).encode("utf-8")) / 1e6
    print(
        f"{'gnm ' + f'{n}/{m}, all shown':30s} nodes {n:5d} edges {m:6d} | "
        f"page {t_page:7.3f}s (payload {t_payload:6.3f}s incl. layout {t_layout:6.3f}s, "
        f"html {t_html:6.3f}s) | {size:5.1f} MB | target < 5 s"
    )


def main() -> None:
    cfg = RunConfig()
    a = analyse_corpus(load_corpus(cfg), cfg)
    case("default profile (coauthors)", a.annotated(), a.metrics, a.partition.membership, a.corpus)
    G = nx.read_gml(ROOT / "tests" / "data" / "netscience" / "netscience.gml")
    nx.set_edge_attributes(G, 1, "weight")
    m = pd.DataFrame({"pagerank": pd.Series(nx.pagerank(G, weight="weight"))})
    memb = communities(G, seed=1).membership
    case("netscience, --max-nodes 300", G, m, memb, max_nodes=300)
    if "--big" in sys.argv:
        case("netscience, --max-nodes 1500", G, m, memb, max_nodes=1500, repeat=1)
    scale_case()


if __name__ == "__main__":
    main()
