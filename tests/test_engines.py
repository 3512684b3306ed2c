"""Analysis engines agree: NetworkX (the reference) and igraph, exact and sampled measures."""

from __future__ import annotations

import math
import random
import shutil

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from graph import engines
from graph.analyse import centrality_table, communities
from graph.config import RunConfig
from graph.errors import CollabGraphError
from graph.pipeline import analyse_corpus, load_corpus

ig = pytest.importorskip("igraph")
pytest.importorskip("leidenalg")

#: The engines that compute ("auto" only chooses between them).
CONCRETE = tuple(e for e in engines.ENGINES if e != "auto")


def test_auto_engine_keeps_small_graphs_on_networkx_and_hands_large_ones_to_igraph():
    small = nx.path_graph(engines.AUTO_LIMIT)
    large = nx.path_graph(engines.AUTO_LIMIT + 1)
    assert engines.resolve_engine("auto", small.number_of_nodes()) == "networkx"
    assert engines.resolve_engine("auto", large.number_of_nodes()) == "igraph"
    nx.set_edge_attributes(large, 1, "weight")
    nx.set_edge_attributes(large, 1.0, "distance")
    assert centrality_table(large, engine="auto").attrs["analysis"]["engine"] == "igraph"
    assert communities(large, engine="auto").count == communities(large, engine="igraph").count


def _weighted(G: nx.Graph, seed: int = 1) -> nx.Graph:
    """Copy with weights 1, 2 or 4 joint papers (distances 1, 0.5, 0.25 are exact binary
    fractions, so shortest-path ties are ties on both engines)."""
    rng = random.Random(seed)
    H = nx.Graph()
    H.add_nodes_from(sorted(G.nodes, key=str))
    for u, v in sorted(G.edges, key=lambda e: (str(e[0]), str(e[1]))):
        w = rng.choice([1, 2, 4])
        H.add_edge(u, v, weight=w, distance=1.0 / w)
    return H


@pytest.fixture(scope="module")
def netscience(test_data) -> nx.Graph:
    """Newman's network-science co-authorship graph: 1589 nodes, 2742 edges, 396 components."""
    return _weighted(nx.read_gml(test_data / "netscience" / "netscience.gml"))


@pytest.fixture(scope="module")
def planted() -> nx.Graph:
    """8 planted groups of 30 authors: dense inside, sparse between."""
    return _weighted(nx.planted_partition_graph(8, 30, 0.3, 0.01, seed=3))


def test_netscience_copy_has_the_published_size(test_data):
    G = nx.read_gml(test_data / "netscience" / "netscience.gml")
    assert (G.number_of_nodes(), G.number_of_edges()) == (1589, 2742)
    assert max(len(c) for c in nx.connected_components(G)) == 379


def test_hand_checked_path_on_both_engines():
    # Path a-b-c-d: betweenness of b = pairs (a,c),(a,d) over C(3,2)=3 pairs -> 2/3.
    G = nx.path_graph(["a", "b", "c", "d"])
    nx.set_edge_attributes(G, 1, "weight")
    nx.set_edge_attributes(G, 1.0, "distance")
    for engine in CONCRETE:
        df = centrality_table(G, engine=engine)
        assert df["betweenness"].tolist() == pytest.approx([0, 2 / 3, 2 / 3, 0])
        # closeness of a: 3 / (1 + 2 + 3)
        assert df.loc["a", "closeness"] == pytest.approx(0.5)
        assert df["core"].tolist() == [1, 1, 1, 1]
        assert df.attrs["analysis"]["engine"] == engine


@pytest.mark.parametrize("graph", ["netscience", "planted"])
def test_exact_metrics_agree(graph, request):
    G = request.getfixturevalue(graph)
    nxe = centrality_table(G, engine="networkx", exact=True)
    ige = centrality_table(G, engine="igraph", exact=True)
    assert list(nxe.index) == list(ige.index)
    assert list(nxe.columns) == list(ige.columns)
    assert np.abs(nxe["pagerank"] - ige["pagerank"]).max() < 1e-6
    for col in ("degree", "strength", "core"):
        assert (nxe[col] == ige[col]).all(), col
    for col in ("betweenness", "closeness", "clustering", "eigenvector"):
        assert np.allclose(nxe[col], ige[col], atol=1e-9), col
    assert ige.attrs["analysis"]["betweenness"]["method"] == "exact"


def test_sampled_betweenness_matches_networkx_estimator(netscience):
    """Over the budget both engines sample the same seeded pivots as
    ``nx.betweenness_centrality(k=..., seed=...)`` and give its numbers."""
    seed = 7
    nxe = centrality_table(netscience, engine="networkx", budget=0, seed=seed)
    ige = centrality_table(netscience, engine="igraph", budget=0, seed=seed)
    info = ige.attrs["analysis"]["betweenness"]
    assert info["method"] == "sampled" and info["seed"] == seed
    assert np.allclose(nxe["betweenness"], ige["betweenness"], atol=1e-12)
    assert np.allclose(nxe["closeness"], ige["closeness"], atol=1e-12)
    # the same estimate NetworkX's own sampling gives (NetworkX >= 3.5 scaling)
    if tuple(int(x) for x in nx.__version__.split(".")[:2]) >= (3, 5):
        pivots = info["pivots"]
        ref = nx.betweenness_centrality(netscience, k=pivots, seed=seed, weight="distance")
        got = ige["betweenness"]
        assert max(abs(ref[n] - got[n]) for n in netscience) < 1e-12
    exact = centrality_table(netscience, engine="igraph", exact=True)
    # a sampled estimate, not a copy: close on the hubs, not equal everywhere
    top = exact["betweenness"].nlargest(10).index
    assert (ige.loc[top, "betweenness"] > 0).all()
    assert not np.allclose(exact["betweenness"], ige["betweenness"])


def test_sampled_closeness_is_exact_in_small_components_and_close_in_large():
    # Two components: a 60-node cycle (above the limit of 50) and a 5-node path (below).
    G = nx.cycle_graph(60)
    G.add_edges_from(nx.path_graph(range(100, 105)).edges)
    nx.set_edge_attributes(G, 1, "weight")
    nx.set_edge_attributes(G, 1.0, "distance")
    exact = nx.closeness_centrality(G, distance="distance")
    values, info = engines.closeness(
        G, "networkx", seed=42, pivots=50, exact=False, component_limit=50
    )
    got = dict(zip(engines.indexed(G).nodes, values.tolist(), strict=True))
    assert info == {"method": "sampled", "pivots": 50, "seed": 42}
    for n in range(100, 105):
        assert got[n] == pytest.approx(exact[n], abs=1e-12)
    ring = np.array([got[n] / exact[n] for n in range(60)])
    assert np.all(np.abs(ring - 1) < 0.25)  # Eppstein-Wang estimate from 50 of 60 pivots
    assert not np.allclose(ring, 1)
    # Every component within the limit (or as small as the pivots): nothing was estimated.
    _, info = engines.closeness(G, "networkx", seed=42, pivots=50, exact=False)
    assert info == {"method": "exact"}


def test_betweenness_choice_in_the_analysis(default_profile):
    cfg = RunConfig(inputs=(default_profile,), engine="igraph")
    analysis = analyse_corpus(load_corpus(cfg), cfg)
    choices = analysis.choices
    assert choices["engine"] == "igraph"
    assert choices["betweenness"]["method"] == "exact"
    assert choices["communities"]["method"] == "louvain"
    import json

    json.dumps(choices)  # plain JSON for the manifest


@pytest.mark.parametrize("method", ["louvain", "leiden", "greedy_modularity"])
@pytest.mark.parametrize("graph", ["netscience", "planted"])
def test_communities_agree(graph, method, request):
    G = request.getfixturevalue(graph)
    a = communities(G, method=method, seed=5, engine="networkx")
    b = communities(G, method=method, seed=5, engine="igraph")
    assert set(b.membership) == set(G.nodes)
    assert abs(a.count - b.count) <= 0.1 * a.count
    assert abs(a.modularity - b.modularity) <= 0.01 * abs(a.modularity)
    # the igraph engine reports NetworkX's modularity of its own partition
    q = nx.community.modularity(G, b.sets(), weight="weight")
    assert b.modularity == pytest.approx(q, abs=1e-9)


def test_planted_groups_are_found_by_both(planted):
    for engine in CONCRETE:
        assert communities(planted, seed=1, engine=engine).count == 8


def test_igraph_communities_are_seeded(planted):
    a = communities(planted, method="louvain", seed=11, engine="igraph")
    b = communities(planted, method="louvain", seed=11, engine="igraph")
    assert a.membership == b.membership


def test_to_igraph_keeps_order_and_weights():
    G = nx.Graph()
    G.add_edge("b", "a", weight=2, distance=0.5)
    G.add_edge("c", "b", weight=1, distance=1.0)
    h = engines.to_igraph(G)
    assert h.vcount() == 3 and h.ecount() == 2
    pairs = {tuple(sorted(e.tuple)): e["weight"] for e in h.es}
    assert pairs == {(0, 1): 2.0, (1, 2): 1.0}  # a=0, b=1, c=2


def test_unknown_engine_is_a_clear_error():
    with pytest.raises(CollabGraphError, match="unknown engine 'gpu'"):
        centrality_table(nx.path_graph(3), engine="gpu")


def test_cache_follows_graph_changes():
    G = nx.path_graph(4)
    nx.set_edge_attributes(G, 1, "weight")
    first = engines.indexed(G)
    assert engines.indexed(G) is first
    H = G.copy()
    H.add_edge(3, 4, weight=1)
    assert engines.indexed(H).n == 5


def test_empty_and_edgeless_graphs():
    for engine in CONCRETE:
        assert centrality_table(nx.Graph(), engine=engine).empty
        G = nx.Graph()
        G.add_nodes_from("abc")
        df = centrality_table(G, engine=engine, budget=0)
        assert df["pagerank"].tolist() == pytest.approx([1 / 3] * 3)
        assert communities(G, engine=engine).count == 3
        assert not math.isnan(df.to_numpy(dtype=float).sum())


def test_cli_engine_option(tmp_path):
    from click.testing import CliRunner

    from graph.cli import cli

    res = CliRunner().invoke(cli, ["run", "--out", str(tmp_path), "--engine", "igraph", "-q"])
    assert res.exit_code == 0, res.output
    ranked = pd.read_csv(tmp_path / "coauthors.csv")
    res2 = CliRunner().invoke(cli, ["run", "--out", str(tmp_path / "nx"), "-q"])
    assert res2.exit_code == 0
    ranked_nx = pd.read_csv(tmp_path / "nx" / "coauthors.csv")
    # same co-authors, same joint papers, PageRank equal to 1e-6
    assert ranked["author_id"].tolist() == ranked_nx["author_id"].tolist()
    assert np.allclose(ranked["pagerank"], ranked_nx["pagerank"], atol=1e-6)
    shutil.rmtree(tmp_path)


def test_cache_follows_changes_made_in_place():
    G = nx.path_graph(4)
    nx.set_edge_attributes(G, 1, "weight")
    first = engines.indexed(G)
    G.add_edge(3, 4, weight=1)
    assert engines.indexed(G) is not first and engines.indexed(G).n == 5
    G.remove_edge(3, 4)
    assert len(engines.indexed(G).src) == 3
    # A frozen view follows the graph under it.
    view = nx.graphviews.generic_graph_view(G)
    assert engines.indexed(view).n == 5
    G.add_edge(5, 6)
    assert engines.indexed(view).n == 7


def test_indexed_matrix_and_positions_match_networkx():
    G = nx.Graph()
    G.add_edge("b", "a", weight=2)
    G.add_edge("c", "c", weight=3)  # self-loop: once on the diagonal
    G.add_edge("c", "a")
    ix = engines.indexed(G)
    assert ix.nodes == ["a", "b", "c"]
    assert [list(G)[p] for p in ix.position] == ix.nodes
    ref = nx.to_scipy_sparse_array(G, nodelist=ix.nodes, weight="weight", dtype=float)
    assert (ix.matrix(ix.weight) != ref).nnz == 0


@pytest.mark.parametrize("weights", [(1, 2, 3), (0.1, 0.7, 0.3)])
def test_degree_and_strength_equal_networkx_with_self_loops(weights):
    G = nx.Graph()
    G.add_edge("a", "b", weight=weights[0])
    G.add_edge("b", "b", weight=weights[1])
    G.add_edge("b", "c", weight=weights[2])
    G.add_node("d")
    for engine in CONCRETE:
        df = centrality_table(G, engine=engine)
        assert df["degree"].to_dict() == {k: float(v) for k, v in G.degree()}
        assert df["strength"].to_dict() == {k: float(v) for k, v in G.degree(weight="weight")}


def test_igraph_pagerank_gives_the_same_bytes_every_time(netscience):
    """igraph's PageRank sums in OpenMP threads; the engine runs it on one thread, so the
    tables and files do not change from run to run in their last digits."""
    big = nx.disjoint_union_all([netscience] * 3)  # large enough for PRPACK's parallel loops
    tables = [centrality_table(nx.Graph(big), engine="igraph")["pagerank"] for _ in range(5)]
    assert all(t.to_numpy().tobytes() == tables[0].to_numpy().tobytes() for t in tables)
