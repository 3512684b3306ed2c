"""Analyse stage: hand-checked metrics, brokerage, communities, no mutation, real data.

The hand corpus is the one of ``test_build.py`` (owner Ada; P1 {Ada, Alan, Kurt},
P2 {Ada, Alan, Grace}, P3 {Ada, Grace, Kurt, Emmy}).  Ego edges with two joint papers have
``distance`` 0.5, the others 1.0.
"""

from __future__ import annotations

import copy
import hashlib
import math
import re

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.analyse import (
    annotate,
    brokerage_table,
    centrality_table,
    collaboration_path,
    communities,
    component_summary,
    eigenvector_centrality,
    rank_coauthors,
)
from graph.build import coauthor_graph
from graph.load.profile_text import read_string
from graph.normalise import normalise

ADA, ALAN, KURT, GRACE, EMMY = (
    "adalovelace",
    "alanturing",
    "kurtgodel",
    "gracehopper",
    "emmynoether",
)
METHODS = ("louvain", "label_propagation", "greedy_modularity")


@pytest.fixture(scope="module")
def hand_graph(hand_page):
    return coauthor_graph(normalise(read_string(hand_page)))


@pytest.fixture(scope="module")
def profile_corpus(default_profile):
    return normalise(read_string(default_profile.read_text(encoding="utf-8")))


@pytest.fixture(scope="module", params=["ego", "alter"])
def profile_graph(request, profile_corpus):
    return coauthor_graph(profile_corpus, include_owner=request.param == "ego")


def test_centrality_table_hand_values(hand_graph):
    m = centrality_table(hand_graph)
    assert list(m.index) == sorted(hand_graph)
    assert m["degree"].to_dict() == {ADA: 4, ALAN: 3, EMMY: 3, GRACE: 4, KURT: 4}
    assert m["strength"].to_dict() == {ADA: 7, ALAN: 4, EMMY: 3, GRACE: 5, KURT: 5}
    # On distance, Alan-Kurt, Alan-Grace and Grace-Kurt have two shortest paths each (direct,
    # 1.0, and via Ada, 0.5 + 0.5): Ada gets 1/2 of each; Alan-Emmy goes only via Ada (1.5).
    # Normalised by (n-1)(n-2)/2 = 6 pairs: (3 * 1/2 + 1) / 6.
    assert m.at[ADA, "betweenness"] == pytest.approx(2.5 / 6)
    assert m.drop(ADA)["betweenness"].tolist() == [0.0] * 4
    # Ada's distances: 0.5 to Alan, Kurt, Grace and 1.0 to Emmy -> closeness 4 / 2.5.
    assert m.at[ADA, "closeness"] == pytest.approx(4 / 2.5)
    # Emmy: 1.0 to Ada, Grace, Kurt, and 1.5 to Alan -> 4 / 4.5.
    assert m.at[EMMY, "closeness"] == pytest.approx(4 / 4.5)
    # Alan's three neighbours are all linked; Ada's four have 5 of 6 possible links.
    assert m.at[ALAN, "clustering"] == 1.0
    assert m.at[ADA, "clustering"] == pytest.approx(5 / 6)
    # Ada, Kurt, Grace, Emmy form a K4 and Alan has three links into it: one 3-core.
    assert m["core"].tolist() == [3] * 5
    assert m["pagerank"].sum() == pytest.approx(1.0)
    assert m["pagerank"].idxmax() == ADA
    assert m["eigenvector"].idxmax() == ADA
    assert (m["eigenvector"] ** 2).sum() == pytest.approx(1.0)


def test_eigenvector_matches_networkx_on_connected_graphs(hand_graph):
    ours = eigenvector_centrality(hand_graph)
    ref = nx.eigenvector_centrality_numpy(hand_graph, weight="weight")
    assert ours == pytest.approx(ref, abs=1e-9)
    big = nx.barabasi_albert_graph(200, 2, seed=3)  # above the dense-solver cut-off
    assert eigenvector_centrality(big, weight=None) == pytest.approx(
        nx.eigenvector_centrality_numpy(big), abs=1e-9
    )


def test_eigenvector_on_a_disconnected_graph():
    # A pair, a triangle and an isolate (n = 6): each component's unit eigenvector scaled by
    # sqrt(k/n); every node of a regular component, and the isolate, scores sqrt(1/n).
    G = nx.Graph([(0, 1), (2, 3), (3, 4), (4, 2)])
    G.add_node(5)
    ev = eigenvector_centrality(G, weight=None)
    assert ev == pytest.approx({n: math.sqrt(1 / 6) for n in range(6)})
    star = nx.star_graph(3)  # centre 0: Perron vector (1/sqrt2, 1/sqrt6 x3)
    star.add_edge(10, 11)
    ev = eigenvector_centrality(star, weight=None)
    assert ev[0] == pytest.approx(math.sqrt(1 / 2) * math.sqrt(4 / 6))
    assert ev[1] == pytest.approx(math.sqrt(1 / 6) * math.sqrt(4 / 6))
    assert ev[10] == pytest.approx(math.sqrt(1 / 2) * math.sqrt(2 / 6))


def test_metrics_of_the_alter_view_are_all_defined(profile_corpus):
    G = coauthor_graph(profile_corpus, include_owner=False)
    assert not nx.is_connected(G)
    m = centrality_table(G)
    assert m.notna().all().all()
    assert (m["eigenvector"] > 0).all()  # no component is left at zero


def test_brokerage_hand_values():
    # Owner 0 with co-authors 1, 2, 3; 1 and 2 also wrote together.  Owner (on the ego
    # network): constraint (1/3 + 1/3 * 1/2)^2 * 2 + (1/3)^2 = 11/18, effective size
    # 3 - 2 * 1 / 3 = 7/3.  Alters (owner removed): 1 and 2 have one contact each
    # (constraint 1, effective size 1); 3 has none (undefined).
    star = nx.star_graph(3)
    star.add_edge(1, 2)
    b = brokerage_table(star, owner=0, weight=None)
    assert b.loc[0].tolist() == pytest.approx([11 / 18, 7 / 3])
    assert b.loc[1].tolist() == b.loc[2].tolist() == [1.0, 1.0]
    assert b.loc[3].isna().all()
    assert nx.is_connected(star) and star.number_of_nodes() == 4  # untouched


def test_weighted_effective_size_follows_burt():
    # Ego a with contacts b (tie 1) and c (tie 3); b-c tie 2; c-d tie 4.  Burt: p_ab = 1/4,
    # p_ac = 3/4; b's redundancy = p_ac * m_bc = 3/4 * 2/2, c's = p_ab * m_cb = 1/4 * 2/4,
    # where m_jq = w_jq / (j's strongest tie).  Effective size = (1 - 3/4) + (1 - 1/8).
    G = nx.Graph()
    G.add_weighted_edges_from([("a", "b", 1), ("a", "c", 3), ("b", "c", 2), ("c", "d", 4)])
    assert brokerage_table(G).at["a", "effective_size"] == pytest.approx(1.125)
    assert nx.effective_size(G, nodes=["a"], weight="weight")["a"] == pytest.approx(1.125)


def test_brokerage_is_computed_on_the_alter_network(profile_corpus):
    ego = coauthor_graph(profile_corpus)
    alter = coauthor_graph(profile_corpus, include_owner=False)
    owner = profile_corpus.owner_ids[0]
    on_ego = brokerage_table(ego, owner=owner)
    on_alter = brokerage_table(alter)
    assert on_ego.drop(owner).equals(on_alter)
    # The owner's 89 co-authors are nearly all non-redundant (Burt's weighted form).
    assert 80 < on_ego.at[owner, "effective_size"] <= 89
    assert on_ego.at[owner, "constraint"] < 0.1


def _snapshot(G):
    return (
        copy.deepcopy(G.graph),
        [(n, copy.deepcopy(d)) for n, d in G.nodes(data=True)],
        [(u, v, copy.deepcopy(d)) for u, v, d in G.edges(data=True)],
    )


def test_analysis_never_mutates_the_graph(profile_corpus):
    G = coauthor_graph(profile_corpus)
    before = _snapshot(G)
    m = centrality_table(G)
    brokerage_table(G, owner=profile_corpus.owner_ids[0])
    eigenvector_centrality(G)
    for method in METHODS:
        communities(G, method=method, seed=1)
    part = communities(G)
    rank_coauthors(G, m, part.membership, owner=profile_corpus.owner_ids[0], by="pagerank")
    collaboration_path(G, "Qianyu Zhou", "Yuxi Mi", papers=profile_corpus.papers)
    component_summary(G)
    annotated = annotate(G, m, part.membership)
    assert _snapshot(G) == before
    assert "community" in annotated.nodes["taipingyao"]
    assert "community" not in G.nodes["taipingyao"]


@pytest.mark.parametrize("method", METHODS)
def test_communities_partition_every_node_with_networkx_modularity(profile_graph, method):
    r = communities(profile_graph, method=method, seed=7)
    sets = r.sets()
    assert set().union(*sets) == set(profile_graph)
    assert sum(len(s) for s in sets) == profile_graph.number_of_nodes()  # disjoint
    assert r.modularity == pytest.approx(
        nx.community.modularity(profile_graph, sets, weight="weight"), abs=1e-12
    )
    assert nx.community.is_partition(profile_graph, sets)
    # Ids are numbered by size: community 0 is the largest.
    sizes = [len(s) for s in sets]
    assert sizes == sorted(sizes, reverse=True)
    assert sorted(set(r.membership.values())) == list(range(r.count))


@pytest.mark.parametrize("method", ["louvain", "label_propagation"])
def test_same_seed_same_partition(profile_corpus, method):
    a = communities(coauthor_graph(profile_corpus), method=method, seed=3)
    b = communities(coauthor_graph(profile_corpus), method=method, seed=3)
    assert a.membership == b.membership
    assert a.modularity == b.modularity


def test_louvain_finds_the_two_cliques_of_a_barbell():
    G = nx.barbell_graph(5, 0)
    nx.set_edge_attributes(G, 1, "weight")
    r = communities(G, seed=0)
    assert sorted(map(sorted, r.sets())) == [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]
    # Q = sum over the two cliques of (10/21 - (21/42)^2) (21 edges, 10 in each clique).
    assert r.modularity == pytest.approx(2 * (10 / 21 - 0.25))


def test_unknown_community_method_is_a_clear_error(hand_graph):
    from graph.errors import CollabGraphError

    with pytest.raises(CollabGraphError, match="unknown community method 'walktrap'"):
        communities(hand_graph, method="walktrap")


def test_leiden_when_installed(profile_corpus):
    pytest.importorskip("igraph")
    pytest.importorskip("leidenalg")
    G = coauthor_graph(profile_corpus)
    r = communities(G, method="leiden", seed=5)
    assert nx.community.is_partition(G, r.sets())
    assert r.modularity == pytest.approx(nx.community.modularity(G, r.sets(), weight="weight"))
    assert communities(G, method="leiden", seed=5).membership == r.membership


# --- Newman's network scientists (tests/data/netscience) -------------------------------------

GML_SHA256 = "ede685c5746201f51cf0c00b3c5927b1d8803555956e75dc97f973e5ba995708"


@pytest.fixture(scope="module")
def netscience(test_data):
    path = test_data / "netscience" / "netscience.gml"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == GML_SHA256
    G = nx.read_gml(path, label="id")
    # Newman's edge value is already the 1/(n-1) collaboration weight.
    for _, _, d in G.edges(data=True):
        d["weight"] = d["value"]
        d["distance"] = 1.0 / d["value"]
    return G


def test_netscience_file_counts_by_plain_text(test_data):
    text = (test_data / "netscience" / "netscience.gml").read_text(encoding="ascii")
    assert len(re.findall(r"^\s*node\s*$", text, re.M)) == 1589
    assert len(re.findall(r"^\s*edge\s*$", text, re.M)) == 2742


def test_netscience_reproduces_the_published_figures(netscience):
    s = component_summary(netscience)
    # Newman, Phys. Rev. E 74, 036104 (2006): 1589 scientists, 2742 edges, largest
    # component 379 scientists (914 edges).
    assert (s.nodes, s.edges, s.largest_nodes, s.largest_edges) == (1589, 2742, 379, 914)
    assert s.isolates == sum(1 for _, d in netscience.degree() if d == 0)
    assert sum(len(c) for c in nx.connected_components(netscience)) == s.nodes


@pytest.mark.slow
def test_netscience_largest_component_analysis(netscience):
    core = netscience.subgraph(max(nx.connected_components(netscience), key=len))
    m = centrality_table(core)
    assert len(m) == 379 and m.notna().all().all()
    assert m["pagerank"].sum() == pytest.approx(1.0)
    assert m["degree"].sum() == 2 * 914
    r = communities(core, seed=42)
    assert nx.community.is_partition(core, r.sets())
    assert r.modularity == pytest.approx(nx.community.modularity(core, r.sets(), weight="weight"))
    # A sparse co-authorship network of research groups is highly modular.
    assert r.modularity > 0.8


weighted_graphs = st.lists(
    st.tuples(st.integers(0, 11), st.integers(0, 11), st.integers(1, 6)), max_size=40
).map(lambda es: _weighted(es))


def _weighted(edges):
    G = nx.Graph()
    G.add_nodes_from(range(12))
    G.add_weighted_edges_from((u, v, w) for u, v, w in edges if u != v)
    return G


@settings(max_examples=60, deadline=None)
@given(weighted_graphs, st.sampled_from(["weight", None]))
def test_brokerage_equals_networkx(G, weight):
    b = brokerage_table(G, weight=weight)
    c = nx.constraint(G, weight=weight)
    # nodes=...: NetworkX's per-node path (Burt); its all-nodes sparse path normalises by the
    # wrong axis when weighted (networkx PR #8906).
    e = nx.effective_size(G, nodes=list(G), weight=weight)
    for n in G:
        if G.degree(n) == 0:
            assert b.loc[n].isna().all()
        else:
            assert b.at[n, "constraint"] == pytest.approx(c[n], abs=1e-9)
            assert b.at[n, "effective_size"] == pytest.approx(e[n], abs=1e-9)
