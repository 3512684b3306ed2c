"""graph/_nxraw.py, the one module touching NetworkX's private storage, gives what the public
API gives: each writer is compared with the same graph built through public calls, down to
attribute types and every insertion order."""

from __future__ import annotations

import copy
import math

import networkx as nx
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph._nxraw import adjacency, change_token, fill_graph, node_dicts, with_node_dicts
from graph.analyse import annotate, centrality_table


def _same_value(a, b) -> bool:
    return type(a) is type(b) and (
        a == b or (isinstance(a, float) and math.isnan(a) and math.isnan(b))
    )


def _same_dict(d: dict, e: dict) -> bool:
    return list(d) == list(e) and all(_same_value(d[k], e[k]) for k in d)


def assert_same_graph(G: nx.Graph, H: nx.Graph) -> None:
    """Equal graphs: graph, node and edge attributes (values and types), node, neighbour and
    edge order, and one shared dict per undirected edge."""
    assert _same_dict(G.graph, H.graph), (G.graph, H.graph)
    assert list(G.nodes) == list(H.nodes)
    for n in G:
        assert _same_dict(G.nodes[n], H.nodes[n]), (n, G.nodes[n], H.nodes[n])
        assert list(G.adj[n]) == list(H.adj[n]), n
    assert list(G.edges) == list(H.edges)
    for u, v, d in G.edges(data=True):
        assert _same_dict(d, H.edges[u, v])
        assert G.adj[u][v] is G.adj[v][u]
    assert nx.utils.graphs_equal(G, H)


# ---- fill_graph (the build stage's writer) ---------------------------------------------------


@st.composite
def graph_parts(draw):
    nodes = draw(st.lists(st.sampled_from("abcdefgh"), unique=True, max_size=8))
    pairs = [(u, v) for i, u in enumerate(nodes) for v in nodes[i:]]  # self-loops included
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True)) if pairs else []
    # Edges given in either orientation: the first one met decides the adjacency order.
    edges = [(v, u) if draw(st.booleans()) else (u, v) for u, v in chosen]
    values = st.one_of(st.integers(), st.floats(allow_nan=True), st.text(max_size=3))
    node_attrs = [draw(st.dictionaries(st.sampled_from("xyz"), values)) for _ in nodes]
    edge_attrs = [draw(st.dictionaries(st.sampled_from("wpq"), values)) for _ in edges]
    return nodes, node_attrs, edges, edge_attrs


@settings(max_examples=60, deadline=None)
@given(graph_parts())
def test_fill_graph_equals_add_nodes_from_and_add_edges_from(parts):
    nodes, node_attrs, edges, edge_attrs = parts
    G = fill_graph(
        nx.Graph(name="g"),
        nodes,
        [dict(d) for d in node_attrs],
        [u for u, _ in edges],
        [v for _, v in edges],
        [dict(d) for d in edge_attrs],
    )
    H = nx.Graph(name="g")
    H.add_nodes_from(zip(nodes, node_attrs, strict=True))
    H.add_edges_from((u, v, d) for (u, v), d in zip(edges, edge_attrs, strict=True))
    assert_same_graph(G, H)
    assert nx.number_of_selfloops(G) == nx.number_of_selfloops(H)
    assert dict(G.degree()) == dict(H.degree())


def test_fill_graph_clears_the_conversion_cache():
    G = nx.Graph()
    token = change_token(G, "test")
    fill_graph(G, ["a", "b"], [{}, {}], ["a"], ["b"], [{"weight": 1}])
    assert change_token(G, "test") is not token


# ---- with_node_dicts (annotate's writer) -----------------------------------------------------


def _weighted_karate() -> nx.Graph:
    G = nx.karate_club_graph()
    for _, _, d in G.edges(data=True):
        d["distance"] = 1.0 / d["weight"]
    G.graph["kind"] = "coauthor"
    return G


def test_with_node_dicts_equals_a_copy_with_set_node_attributes():
    G = _weighted_karate()
    before = {n: dict(d) for n, d in G.nodes(data=True)}
    new = {n: {**d, "score": float(n)} for n, d in G.nodes(data=True)}
    H = with_node_dicts(G, new)
    ref = copy.deepcopy(G)  # G.copy() would re-add edges and reorder neighbours
    nx.set_node_attributes(ref, {n: float(n) for n in G}, "score")
    assert_same_graph(H, ref)
    # Edges are G's own dicts (no copy); G's nodes and graph dict are untouched.
    assert all(H.edges[u, v] is G.edges[u, v] for u, v in G.edges)
    assert {n: dict(d) for n, d in G.nodes(data=True)} == before
    H.graph["extra"] = 1
    assert "extra" not in G.graph
    assert nx.is_frozen(H)
    with pytest.raises(nx.NetworkXError):
        H.add_edge(0, 99)


def test_annotate_equals_the_public_api():
    G = _weighted_karate()
    metrics = centrality_table(G)
    membership = {n: n % 3 for n in G if n != 5}
    H = annotate(G, metrics, membership)
    ref = copy.deepcopy(G)
    for n, d in ref.nodes(data=True):
        d["community"] = membership.get(n, -1)
        for col in metrics.columns:
            value = metrics.at[n, col]
            d[col] = int(value) if col == "core" else float(value)
    assert_same_graph(H, ref)
    assert type(H.nodes[0]["core"]) is int and type(H.nodes[0]["degree"]) is float


# ---- readers ---------------------------------------------------------------------------------


def test_readers_equal_the_public_views():
    G = _weighted_karate()
    G.add_edge(3, 3, weight=2)
    adj = adjacency(G)
    assert list(adj) == list(G.adj)
    assert all(dict(G.adj[n]) == adj[n] for n in G)
    assert all(adj[u][v] is G.edges[u, v] for u, v in G.edges)
    nodes = node_dicts(G)
    assert list(nodes) == list(G.nodes) and all(nodes[n] is G.nodes[n] for n in G)


def test_change_token_follows_every_change():
    G = nx.path_graph(3)
    t = change_token(G, "k")
    assert change_token(G, "k") is t
    G.nodes[0]["x"] = 1  # attributes are not structure: the token stays
    assert change_token(G, "k") is t
    G.add_edge(2, 3)
    t2 = change_token(G, "k")
    assert t2 is not t
    G.remove_node(3)
    assert change_token(G, "k") is not t2
    # A view may change under it: counts, compared by value.
    view = nx.graphviews.generic_graph_view(G)
    assert change_token(view, "k") == (3, 2)
    G.add_edge(7, 8)
    assert change_token(view, "k") == (5, 3)


def test_annotated_table_keeps_its_ids():
    # Metric rows for nodes not in G are ignored, nodes without a row keep their attributes.
    G = nx.Graph([("a", "b")])
    G.nodes["a"]["label"] = "A"
    metrics = pd.DataFrame({"degree": [1.0, 9.0]}, index=pd.Index(["a", "zz"], dtype=object))
    H = annotate(G, metrics, {})
    assert dict(H.nodes["a"]) == {"label": "A", "community": -1, "degree": 1.0}
    assert dict(H.nodes["b"]) == {"community": -1}
