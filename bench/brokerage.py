"""Burt's constraint and effective size: our sparse-matrix form vs NetworkX, same run.

NetworkX recomputes normalised tie weights inside nested loops (O(d³) per node), which is
what hurts on an ego network: the owner is tied to everyone.  Run from the repository root:

    .venv/bin/python bench/brokerage.py

Prints the best of ``--repeat`` timings of each and the ratio, on the default profile's ego
network (owner on the ego network, alters on the alter network, as ``brokerage_table`` does)
and on Newman's netscience network (every node), after checking both give the same values.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import networkx as nx
import numpy as np

from graph.analyse import brokerage_table
from graph.build import coauthor_graph
from graph.config import RunConfig
from graph.pipeline import load_corpus

ROOT = Path(__file__).resolve().parent.parent


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def networkx_brokerage(G: nx.Graph, owner=None) -> dict:
    # nodes=...: NetworkX's all-nodes sparse path for weighted effective size normalises by
    # the wrong axis (networkx PR #8906); its per-node path follows Burt.
    if owner is None:
        return {
            "c": nx.constraint(G, weight="weight"),
            "e": nx.effective_size(G, nodes=list(G), weight="weight"),
        }
    alters = G.subgraph([n for n in G if n != owner])
    c = nx.constraint(alters, weight="weight")
    e = nx.effective_size(alters, nodes=list(alters), weight="weight")
    c[owner] = nx.constraint(G, [owner], weight="weight")[owner]
    e[owner] = nx.effective_size(G, [owner], weight="weight")[owner]
    return {"c": c, "e": e}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    corpus = load_corpus(RunConfig())
    ego = coauthor_graph(corpus)
    owner = corpus.owner_ids[0]
    net = nx.read_gml(ROOT / "tests" / "data" / "netscience" / "netscience.gml", label="id")
    for _, _, d in net.edges(data=True):
        d["weight"] = d["value"]
    print(f"{'graph':<28}{'nodes':>7}{'edges':>7}{'networkx s':>12}{'ours s':>10}{'ratio':>8}")
    cases = [("default profile (ego)", ego, owner), ("netscience (all nodes)", net, None)]
    for name, G, o in cases:
        ref = networkx_brokerage(G, o)
        ours = brokerage_table(G, owner=o)
        for col, key in (("constraint", "c"), ("effective_size", "e")):
            want = np.array([ref[key][n] for n in ours.index], dtype=float)
            assert np.allclose(ours[col].to_numpy(), want, atol=1e-9, equal_nan=True), col
        t_nx = best(lambda G=G, o=o: networkx_brokerage(G, o), args.repeat)
        t_us = best(lambda G=G, o=o: brokerage_table(G, owner=o), args.repeat)
        print(
            f"{name:<28}{G.number_of_nodes():>7}{G.number_of_edges():>7}"
            f"{t_nx:>12.4f}{t_us:>10.4f}{t_nx / t_us:>7.0f}x"
        )


if __name__ == "__main__":
    main()
