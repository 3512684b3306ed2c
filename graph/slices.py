"""Slices of a large network, brought back to one machine: ``collabgraph run NETWORK_DIR
--ego NAME --hops 2`` (or ``--component-of NAME``, ``--top N``, ``--institution NAME``).

A network folder (``collabgraph build``) holds the ``nodes``/``links`` tables and the corpus
store they were built from.  A slice is a set of authors chosen on the tables
(:func:`select_authors`: breadth-first hops or the connected component over the links, the
top authors by papers or strength, the authors of an institution).  The slice's corpus is
every paper with an author in the set, with *all* its authorship rows
(:func:`slice_corpus`), so that rebuilding the co-authorship graph from it and keeping the
slice's authors gives exactly the nodes and links of the whole network between them (each
author has all their papers; each paper keeps its full author count for ``fractional`` and
``--max-authors``).  A year window narrows that rebuild.  The slice then goes through the usual
analyse, render and export stages.
"""

from __future__ import annotations

import os
from pathlib import Path

import networkx as nx
import numpy as np

from ._pandas import pd
from .config import SliceSpec
from .errors import CollabGraphError
from .network_tables import NetworkTables, read_network
from .normalise import Corpus

__all__ = ["SLICE_KEYS", "select_authors", "slice_config", "slice_corpus", "slice_graphs"]

#: The keys of a slice (:meth:`graph.config.SliceSpec.as_dict`).
SLICE_KEYS = ("ego", "hops", "component_of", "top", "top_by", "institution")


def _find(tables: NetworkTables, name: str) -> str:
    """The author id for a name, matched as ``path`` matches names (:func:`find_node`)."""
    from .analyse import find_node

    G = nx.Graph()
    G.add_nodes_from(
        (n, {"label": lab})
        for n, lab in zip(tables.nodes["id"].tolist(), tables.nodes["label"].tolist(), strict=True)
    )
    return find_node(G, name)


def _adjacency(tables: NetworkTables):
    import scipy.sparse as sps

    ids = pd.Index(tables.nodes["id"])
    u = ids.get_indexer(tables.links["source"])
    v = ids.get_indexer(tables.links["target"])
    n = len(ids)
    data = np.ones(len(u) * 2, dtype=np.int8)
    return ids, sps.csr_array((data, (np.r_[u, v], np.r_[v, u])), shape=(n, n))


def select_authors(tables: NetworkTables, spec: dict) -> tuple[list[str], str]:
    """The author ids of the slice ``spec`` (keys :data:`SLICE_KEYS`), sorted, and a one-line
    description of it.

    >>> t = NetworkTables(
    ...     pd.DataFrame({"id": ["a", "b", "c", "d"], "label": ["A", "B", "C", "D"],
    ...                   "papers": [3, 2, 1, 1], "institutions": ["X", "X;Y", "", "Y"]}),
    ...     pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "weight": [2, 1]}))
    >>> select_authors(t, {"ego": "A", "hops": 1})
    (['a', 'b'], 'A and co-authors up to 1 hop')
    >>> select_authors(t, {"component_of": "c"})[0], select_authors(t, {"institution": "y"})[0]
    (['a', 'b', 'c'], ['b', 'd'])
    >>> select_authors(t, {"top": 2, "top_by": "strength"})[0]
    ['a', 'b']
    """
    nodes = tables.nodes
    if spec.get("ego"):
        start = _find(tables, spec["ego"])
        ids, adj = _adjacency(tables)
        hops = int(spec.get("hops", 1))
        seen = np.zeros(len(ids), dtype=bool)
        frontier = np.zeros(len(ids), dtype=bool)
        frontier[ids.get_loc(start)] = True
        seen |= frontier
        for _ in range(hops):
            reach = (adj @ frontier.astype(np.int8)) > 0
            frontier = reach & ~seen
            if not frontier.any():
                break
            seen |= frontier
        label = nodes["label"].iloc[ids.get_loc(start)]
        return sorted(ids[seen]), f"{label} and co-authors up to {hops} hop{'s' * (hops != 1)}"
    if spec.get("component_of"):
        from scipy.sparse.csgraph import connected_components

        start = _find(tables, spec["component_of"])
        ids, adj = _adjacency(tables)
        _, comp = connected_components(adj, directed=False)
        mine = comp == comp[ids.get_loc(start)]
        label = nodes["label"].iloc[ids.get_loc(start)]
        return sorted(ids[mine]), f"the connected component of {label}"
    if spec.get("top"):
        by = spec.get("top_by", "papers")
        if by == "strength":
            w = tables.links["weight"]
            s = pd.concat(
                [w.groupby(tables.links["source"]).sum(), w.groupby(tables.links["target"]).sum()]
            )
            score = s.groupby(level=0).sum().reindex(nodes["id"], fill_value=0).to_numpy()
        else:
            score = nodes["papers"].to_numpy()
        order = np.lexsort((nodes["id"].to_numpy(dtype=object), -score))
        k = int(spec["top"])
        return sorted(nodes["id"].to_numpy(dtype=object)[order[:k]].tolist()), (
            f"the top {k} authors by {by}"
        )
    if spec.get("institution"):
        want = spec["institution"].casefold().strip()
        insts = nodes["institutions"].fillna("").tolist()
        exact = [i for i, s in enumerate(insts) if want in (x.casefold() for x in s.split(";"))]
        hits = exact or [i for i, s in enumerate(insts) if want and want in s.casefold()]
        if not hits:
            raise CollabGraphError(
                f"no author of an institution named {spec['institution']!r} in the network"
            )
        return sorted(nodes["id"].iloc[hits].tolist()), (f"the authors of {spec['institution']!r}")
    raise CollabGraphError("no slice given: use --ego, --component-of, --top or --institution")


def slice_corpus(folder: str | os.PathLike[str], spec: dict) -> Corpus:
    """The corpus of the slice ``spec`` of the network in ``folder``: every paper with an
    author of the slice, with all its authorship and affiliation rows; ``meta["slice"]`` holds
    the slice's author ids and its description."""
    from .store import is_store, read_store

    folder = Path(folder)
    tables = read_network(folder)
    authors, how = select_authors(tables, spec)
    if not is_store(folder):
        raise CollabGraphError(
            f"{folder} holds no corpus tables: build it again with `collabgraph build`"
        )
    full = read_store(folder)
    au = full.authorships
    pids = au.loc[au["author_id"].isin(authors), "paper_id"].unique()
    keep_p = full.papers["paper_id"].isin(pids)
    sub = Corpus(
        full.papers[keep_p].reset_index(drop=True),
        au[au["paper_id"].isin(pids)].reset_index(drop=True),
        full.affiliations[full.affiliations["paper_id"].isin(pids)].reset_index(drop=True),
        {**full.meta, "slice": {"authors": authors, "description": how}},
        full.problems,
    )
    return sub


def slice_graphs(corpus: Corpus, G: nx.Graph, A: nx.Graph) -> tuple[nx.Graph, nx.Graph]:
    """The co-authorship and affiliation graphs of a slice corpus (:func:`slice_corpus`),
    ``G`` and ``A`` built from it under the run's view and year window, restricted to the
    slice's authors (and the institutions linked to them)."""
    authors = set(corpus.meta["slice"]["authors"])
    G = G.subgraph([n for n in G if n in authors]).copy()
    G.graph["slice"] = corpus.meta["slice"]["description"]
    keep = [n for n in A if n in authors]
    keep += sorted({i for a in keep for i in A[a]})
    return G, A.subgraph(keep).copy()


def slice_config(spec: SliceSpec, inputs, options: dict) -> dict:
    """``options`` (RunConfig fields) for a run of the slice ``spec`` of the network named by
    ``inputs``: ``slice`` set, the view and filters the network was built with
    (``network.json``), the run's year window narrowed to the network's.  Raises when
    ``inputs`` is not one network folder."""
    from .network_tables import NETWORK_MANIFEST, is_network

    paths = [Path(p) for p in inputs]
    if len(paths) != 1 or not is_network(paths[0]):
        raise CollabGraphError(
            "--ego, --component-of, --top and --institution slice a network: give one folder "
            f"made by `collabgraph build` as the input (it holds {NETWORK_MANIFEST})"
        )
    attrs = read_network_attrs(paths[0])
    options = dict(options)
    options["slice"] = spec
    options["include_owner"] = attrs.get("view", "ego") == "ego"
    options["min_weight"] = int(attrs.get("min_weight", 1))
    options["min_papers"] = int(attrs.get("min_papers", 1))
    options["max_authors"] = attrs.get("max_authors")
    for key, pick in (("year_from", max), ("year_to", min)):
        given = [v for v in (options.get(key), attrs.get(key)) if v is not None]
        options[key] = pick(given) if given else None
    return options


def read_network_attrs(folder: str | os.PathLike[str]) -> dict:
    """The graph attributes a network folder was built with."""
    import json

    from .network_tables import NETWORK_MANIFEST

    manifest = json.loads((Path(folder) / NETWORK_MANIFEST).read_text(encoding="utf-8"))
    return dict(manifest.get("attrs", {}))
