"""Analyse stage at scale: the fast forms give the results of the straightforward ones.

``component_eigenvectors`` solves every component of one permuted matrix, ``annotate`` shares
the edges of the graph it annotates; each is checked against the per-component / per-node
form it replaced, bit for bit where the arithmetic is the same.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sps
from scipy.sparse.csgraph import connected_components
from scipy.sparse.linalg import eigsh

from graph.analyse import (
    annotate,
    centrality_table,
    communities,
    component_eigenvectors,
    eigenvector_centrality,
)


def _per_component(G: nx.Graph) -> dict:
    """The per-component eigenvector centrality as it was computed before the batched form
    (each component cut out of the whole matrix by a boolean mask)."""
    nodes = list(G)
    n = len(nodes)
    A = nx.to_scipy_sparse_array(G, nodelist=nodes, weight="weight", dtype=float, format="csr")
    ncomp, labels = connected_components(A, directed=False)
    out = np.zeros(n)
    for c in range(ncomp):
        idx = np.flatnonzero(labels == c)
        k = len(idx)
        if k <= 2:
            vec = np.full(k, 1.0 / np.sqrt(k))
        else:
            sub = A[idx][:, idx]
            if k <= 64:
                vec = np.linalg.eigh(sub.toarray())[1][:, -1]
            else:
                vec = eigsh(sps.csr_array(sub), k=1, which="LA", v0=np.ones(k))[1][:, 0]
            vec = np.abs(vec) / np.linalg.norm(vec)
        out[idx] = vec * np.sqrt(k / n)
    return dict(zip(nodes, out.tolist(), strict=True))


@pytest.fixture(scope="module")
def many_components() -> nx.Graph:
    """Isolates, pairs, small and large components (above the dense cut-off of 64), weighted,
    with node ids inserted out of order so that ``list(G)`` is not sorted."""
    rng = np.random.default_rng(5)
    G = nx.Graph()
    offset = 0
    for size in [1, 2, 3, 1, 5, 2, 40, 64, 65, 150, 1, 2, 7, 300, 3]:
        H = (
            nx.connected_watts_strogatz_graph(size, 4, 0.3, seed=int(offset))
            if size > 4
            else nx.path_graph(size)
        )
        for u, v in H.edges:
            G.add_edge(
                f"n{(u + offset) * 7919 % 100003}",
                f"n{(v + offset) * 7919 % 100003}",
                weight=int(rng.integers(1, 5)),
            )
        if size == 1:
            G.add_node(f"n{offset * 7919 % 100003}")
        offset += size
    return G


def test_component_eigenvectors_equal_the_per_component_solution_bit_for_bit(many_components):
    assert eigenvector_centrality(many_components) == _per_component(many_components)


def test_component_eigenvectors_from_another_node_order(many_components):
    # The igraph engine's matrix is in sorted order; rank = position in list(G) gives back the
    # same floating-point results.
    G = many_components
    listed = list(G)
    order = sorted(range(len(listed)), key=lambda i: listed[i])
    nodes = [listed[i] for i in order]
    A = nx.to_scipy_sparse_array(G, nodelist=nodes, weight="weight", dtype=float, format="csr")
    vec = component_eigenvectors(A, np.asarray(order))
    assert dict(zip(nodes, vec.tolist(), strict=True)) == _per_component(G)
    # Without the rank the values agree to rounding only.
    plain = dict(zip(nodes, component_eigenvectors(A).tolist(), strict=True))
    assert plain == pytest.approx(_per_component(G), abs=1e-12)


def test_component_eigenvectors_of_nothing_and_of_isolates():
    assert component_eigenvectors(sps.csr_array((0, 0))).shape == (0,)
    assert component_eigenvectors(sps.csr_array((4, 4))).tolist() == [0.5] * 4


def _annotate_by_copy(G: nx.Graph, metrics: pd.DataFrame, membership: dict) -> nx.Graph:
    """What annotate returned before: a deep copy of G, metrics read per node."""
    H = G.copy()
    for n, d in H.nodes(data=True):
        d["community"] = int(membership.get(n, -1))
        if n in metrics.index:
            for k, v in metrics.loc[n].items():
                d[k] = int(v) if k == "core" else float(v)
    return H


def test_annotate_equals_the_copy_and_leaves_g_alone(many_components):
    G = many_components.copy()
    G.graph["name"] = "test"
    nx.set_node_attributes(G, {n: f"Label {n}" for n in G}, "label")
    G.nodes["n0"]["community"] = 99  # an existing attribute is overwritten in place
    metrics = centrality_table(G)
    some = list(G)[5:]  # nodes without a metrics row keep only the community
    metrics = metrics.loc[[n for n in metrics.index if n in set(some)]]
    membership = communities(G).membership
    before = nx.node_link_data(G, edges="edges")
    H = annotate(G, metrics, membership)
    ref = _annotate_by_copy(G, metrics, membership)
    assert list(H.nodes(data=True)) == list(ref.nodes(data=True))
    assert [list(d) for _, d in H.nodes(data=True)] == [list(d) for _, d in ref.nodes(data=True)]
    assert all(type(H.nodes[n]["core"]) is int for n in metrics.index)
    assert list(H.edges(data=True)) == list(ref.edges(data=True))
    assert H.graph == ref.graph
    # The annotated graph is frozen, and its graph dict is its own.
    assert nx.is_frozen(H)
    with pytest.raises(nx.NetworkXError):
        H.add_edge("n0", "new")
    with pytest.raises(nx.NetworkXError):
        H.remove_node("n0")
    H.graph["seed"] = 7
    assert "seed" not in G.graph
    assert nx.node_link_data(G, edges="edges") == before


def test_eigenvector_centrality_keeps_the_node_order_of_the_graph(many_components):
    assert list(eigenvector_centrality(many_components)) == list(many_components)
    unweighted = eigenvector_centrality(many_components, weight=None)
    H = nx.Graph(many_components.edges)
    H.add_nodes_from(many_components)
    assert list(unweighted) == list(many_components)
    assert unweighted == pytest.approx(_per_component(H), abs=1e-12)
