"""Every access to NetworkX's private graph storage, in one place.

NetworkX documents a graph as dicts of dicts: ``G._node[n]`` is node ``n``'s attribute dict,
``G._adj[u][v]`` (and ``G._adj[v][u]``, the same object) edge ``{u, v}``'s.  The public views
(``G.nodes``, ``G.adj``) wrap those dicts in read-only objects that cost a Python call per
lookup, and the public writers (``add_nodes_from``, ``add_edges_from``) copy every attribute
dict; at 10^5-10^6 papers both were a large share of a stage.  The functions here read and
write the dicts directly, for plain ``nx.Graph`` objects, with the same result as the public
API (``tests/test_nxraw.py`` compares each writer with a graph built through the public
calls).  No other module touches ``G._adj``, ``G._node`` or ``G.__networkx_cache__``
(``tests/test_structure.py`` checks).

>>> G = nx.path_graph(3)
>>> adjacency(G)[1] == dict(G.adj[1]), node_dicts(G)[0] == G.nodes[0]
(True, True)
"""

from __future__ import annotations

import networkx as nx

__all__ = ["adjacency", "change_token", "fill_graph", "node_dicts", "with_node_dicts"]


def adjacency(G: nx.Graph) -> dict:
    """``G``'s adjacency dict (``node -> {neighbour -> edge attribute dict}``); read only."""
    return G._adj


def node_dicts(G: nx.Graph) -> dict:
    """``G``'s node dict (``node -> attribute dict``); read only."""
    return G._node


def change_token(G: nx.Graph, key: str) -> object:
    """A token that lives exactly as long as ``G``'s nodes and edges are unchanged.

    NetworkX (>= 3.3) empties ``G.__networkx_cache__`` whenever a graph method adds or removes
    nodes or edges, so a token kept there is checked in O(1).  Otherwise (older NetworkX, or a
    view, whose underlying graph may change under it) the node and edge counts:
    ``number_of_edges`` is a pass over every node.
    """
    cache = getattr(G, "__networkx_cache__", None)
    if cache is None or nx.is_frozen(G):
        return (G.number_of_nodes(), G.number_of_edges())
    return cache.setdefault(key, object())


def fill_graph(
    G: nx.Graph, nodes: list, node_attrs: list[dict], us: list, vs: list, edge_attrs: list[dict]
) -> nx.Graph:
    """Add nodes then edges to the empty ``G``, exactly as
    ``G.add_nodes_from(zip(nodes, node_attrs)); G.add_edges_from(zip(us, vs, edge_attrs))``.

    The public calls copy every attribute dict into a new one, look each endpoint up twice and
    test it for membership; at 10^5 papers that was most of the build stage.  For an empty,
    plain ``nx.Graph`` with distinct nodes this writes the same dict-of-dicts directly, in the
    same order, and clears the graph's cache as ``add_edges_from`` does.  The dicts given are
    used, not copied: they must be fresh.  Preconditions: every edge endpoint is in ``nodes``
    and no edge repeats; anything else (a subclass, a non-empty graph, repeated nodes) takes
    the public calls.
    """
    if type(G) is not nx.Graph or len(G) or len(set(nodes)) != len(nodes):
        G.add_nodes_from(zip(nodes, node_attrs, strict=True))
        G.add_edges_from(zip(us, vs, edge_attrs, strict=True))
        return G
    G._node.update(zip(nodes, node_attrs, strict=True))
    adj = G._adj
    adj.update(zip(nodes, [{} for _ in nodes], strict=True))
    for u, v, d in zip(us, vs, edge_attrs, strict=True):
        adj[u][v] = d
        adj[v][u] = d
    cache = getattr(G, "__networkx_cache__", None)
    if cache:
        cache.clear()
    return G


def with_node_dicts(G: nx.Graph, nodes: dict) -> nx.Graph:
    """A frozen view of ``G`` whose node attribute dicts are ``nodes`` (node -> dict, one for
    every node of ``G``, in ``G``'s order) and whose graph dict is a copy of ``G.graph``.

    The edges and their attribute dicts are ``G``'s own, shared rather than copied (copying
    cost seconds and, at millions of edges, gigabytes); ``G`` is not changed.  Adding or
    removing nodes or edges raises.
    """
    H = nx.graphviews.generic_graph_view(G)  # frozen, shares G's adjacency and edge dicts
    H.graph = dict(G.graph)
    H._node = nodes
    return H
