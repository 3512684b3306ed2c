"""Render stage: graph + analysis tables -> one self-contained, offline HTML page.

PyVis holds the network model (node and edge lists and vis-network options, filled in bulk:
pyvis's own ``add_edge`` is O(E) per call); the page comes from our Jinja template with
autoescape on.  Input data enters the page only as JSON (``tojson`` escapes ``<``, ``>``, ``&``
and quotes) and the page's script writes it with ``textContent``, so a name such as
``<img src=x onerror=alert(1)>`` is shown as text.  vis-network's script and style are inlined
from the pyvis package and a Content-Security-Policy forbids every network request.

Three pages come from here: the two network explorers (:func:`network_payload` ->
:func:`render_network_html`) and the report page ``index.html`` (:func:`report_payload` ->
:func:`render_report_html`, plain HTML with no script at all).  :func:`show_in_notebook` shows a
page inline in Jupyter.
"""

from __future__ import annotations

import functools
import html
import json
import os
import re
import unicodedata
import urllib.parse
from collections import Counter
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path

import jinja2
import networkx as nx
import numpy as np
import pandas as pd
from pyvis.network import Network

from ._gc import gc_paused
from ._nxraw import adjacency
from .io_atomic import write_text_atomic
from .layout import layout_edges
from .metrics import sampling_note
from .normalise import Corpus
from .style import (
    INSTITUTION_COLOUR,
    OTHER_COLOUR,
    OWNER_COLOUR,
    PALETTE,
    YEAR_STOPS,
    community_colour,
    community_colours,
    edge_width,
    scale_sizes,
    year_colour,
)

__all__ = [
    "community_names",
    "network_payload",
    "notebook_html",
    "payload_json",
    "render_network_html",
    "render_report_html",
    "report_payload",
    "show_in_notebook",
    "write_html",
]

_TOOLTIP_METRICS = ("degree", "strength", "pagerank", "betweenness")


@functools.lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    base = resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2"
    js = (base / "vis-network.min.js").read_text(encoding="utf-8")
    css = (base / "vis-network.css").read_text(encoding="utf-8")
    if "</script" in js.lower() or "</style" in css.lower():  # pragma: no cover - vendor check
        raise RuntimeError("vis-network assets cannot be inlined safely")
    return js, css


@functools.lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("graph", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"], default_for_string=True, default=True),
        keep_trailing_newline=True,
    )
    env.filters["num"] = _thousands
    return env


def _split(ids) -> list[str]:
    if not ids:  # most edges of a graph without paper lists: skip the str round trip
        return []
    return [p for p in str(ids).split(";") if p]


def _scores(G: nx.Graph, metrics: pd.DataFrame, size_by: str) -> dict:
    """``size_by`` per node: the metrics column when there is one, else the node attribute
    (``papers`` when that is missing too); missing values count as 0."""
    nodes = list(G.nodes)
    if size_by in metrics.columns:
        col = pd.to_numeric(metrics[size_by], errors="coerce").reindex(nodes).fillna(0.0)
        return dict(zip(nodes, col.astype(float).tolist(), strict=True))
    # One conversion for the whole column: pd.to_numeric per value costs ~10 µs each.
    raw = pd.Series(
        [d.get(size_by, d.get("papers", 0)) for _, d in G.nodes(data=True)], dtype=object
    )
    col = pd.to_numeric(raw, errors="coerce").astype(float).fillna(0.0)
    return dict(zip(nodes, col.tolist(), strict=True))


def _edge_count(G: nx.Graph) -> int:
    """``G.number_of_edges()`` without NetworkX's per-node degree generator (0.4 s at 10^5
    nodes): adjacency sizes count every edge twice, self-loops once."""
    if G.is_multigraph() or G.is_directed():
        return G.number_of_edges()
    adj = adjacency(G)
    return (sum(map(len, adj.values())) + sum(1 for n, nbrs in adj.items() if n in nbrs)) // 2


def _is_owner(G: nx.Graph, n, owner) -> bool:
    return n == owner or bool(G.nodes[n].get("is_owner", False))


def _label(G: nx.Graph, n) -> str:
    return str(G.nodes[n].get("label", n))


def _ranked(G: nx.Graph, nodes, score: Mapping) -> list:
    """Nodes by score (descending), then label, then id: the one stable order used for
    legends, tables and the size cap."""
    return sorted(nodes, key=lambda n: (-score.get(n, 0.0), _label(G, n), str(n)))


def _top_ranked(G: nx.Graph, nodes: list, score: Mapping, k: int) -> list:
    """The first ``k`` of :func:`_ranked` ``(G, nodes, score)``, sorting only the nodes whose
    score reaches the k-th largest (a partition, not a sort of every node)."""
    if len(nodes) <= k:
        return _ranked(G, nodes, score)
    if k <= 0:
        return []
    vals = np.fromiter((score.get(n, 0.0) for n in nodes), dtype=float, count=len(nodes))
    kth = np.partition(vals, len(vals) - k)[len(vals) - k]
    return _ranked(G, [n for n, v in zip(nodes, (vals >= kth).tolist(), strict=True) if v], score)[
        :k
    ]


def community_names(
    G: nx.Graph,
    metrics: pd.DataFrame,
    membership: Mapping,
    *,
    size_by: str = "pagerank",
    owner=None,
) -> dict[int, str]:
    """Name every community after its most central member other than the profile owner.

    The owner is on every paper of a profile, so they top whichever community holds them and
    naming it after them says nothing.  "Most central" is the highest ``size_by`` value (the
    ``metrics`` column, else the node attribute), ties broken by label then id.  A community
    holding nobody but owners is named after the owner.

    Parameters
    ----------
    G : the graph whose nodes carry ``label`` (and ``is_owner``).
    metrics : per-node metrics indexed by node id (:func:`graph.analyse.centrality_table`).
    membership : node -> community id; nodes of ``G`` missing from it are skipped.
    size_by : the centrality that decides.
    owner : the owner's node id (nodes with ``is_owner`` count as owners too).

    Returns
    -------
    dict community id -> display name.

    Examples
    --------
    >>> G = nx.Graph([("o", "a"), ("o", "b"), ("b", "c"), ("o", "d")])
    >>> nx.set_node_attributes(G, {"o": "Owner", "a": "Ann", "b": "Bob", "c": "Cy",
    ...                            "d": "Di"}, "label")
    >>> metrics = pd.DataFrame({"degree": [1.0, 2.0, 1.0, 1.0, 3.0]},
    ...                        index=["a", "b", "c", "d", "o"])
    >>> community_names(G, metrics, {"o": 0, "a": 0, "d": 0, "b": 1, "c": 1},
    ...                 size_by="degree", owner="o")
    {0: 'Ann', 1: 'Bob'}
    """
    score = _scores(G, metrics, size_by)
    # One pass keeping each community's first member in the order (non-owners first, then
    # :func:`_ranked`'s order): the same pick as ranking every community, without the sorts.
    best: dict[int, tuple] = {}
    for n, d in G.nodes(data=True):
        if n not in membership:
            continue
        cid = int(membership[n])
        key = (
            n == owner or bool(d.get("is_owner", False)),
            -score.get(n, 0.0),
            str(d.get("label", n)),
            str(n),
        )
        if cid not in best or key < best[cid]:
            best[cid] = key
    return {cid: best[cid][2] for cid in sorted(best)}


def _select_nodes(G: nx.Graph, score: Mapping, max_nodes: int, owner) -> tuple[list, float]:
    """The nodes a page shows (sorted by id) and the lowest score among the ones kept by rank
    (``nan`` when nothing was left out).  Owners are always kept."""
    nodes = sorted(G.nodes, key=str)
    if len(nodes) <= max_nodes:
        return nodes, float("nan")
    owner_set = {n for n, d in G.nodes(data=True) if n == owner or d.get("is_owner", False)}
    owners = [n for n in nodes if n in owner_set]
    keep = list(dict.fromkeys(owners + _top_ranked(G, nodes, score, max_nodes)))[:max_nodes]
    ranked_kept = [n for n in keep if n not in owners]
    cutoff = min(score.get(n, 0.0) for n in ranked_kept) if ranked_kept else float("nan")
    return sorted(keep, key=str), cutoff


def _layout_groups(shown: list, rows: np.ndarray, cols: np.ndarray, membership: Mapping) -> list:
    """The group each shown node is laid out with: its community; a node without one (an
    institution) joins the community most of its shown neighbours belong to (ties: the
    lower id), so it sits among its authors."""
    groups = [int(membership.get(n, -1)) for n in shown]
    loose = [i for i, c in enumerate(groups) if c < 0]
    if not loose:
        return groups
    votes: dict[int, Counter] = {i: Counter() for i in loose}
    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        if i in votes and groups[j] >= 0:
            votes[i][groups[j]] += 1
        if j in votes and groups[i] >= 0:
            votes[j][groups[i]] += 1
    out = list(groups)
    for i, v in votes.items():
        if v:
            out[i] = min(v.items(), key=lambda t: (-t[1], t[0]))[0]
    return out


def _years(pids, paper_year: Mapping) -> tuple[int | None, int | None]:
    """Earliest and latest year of the papers ``pids`` (any iterable), ``None`` if unknown."""
    ys = [y for y in map(paper_year.get, pids) if y is not None]
    return (min(ys), max(ys)) if ys else (None, None)


def _attr_years(d: Mapping, pids, paper_year: Mapping) -> tuple[int | None, int | None]:
    """Years from the graph when it has them (they respect the run's year range), else from the
    papers (the affiliation graph carries none)."""
    if "first_year" in d and "last_year" in d:
        return int(d["first_year"]), int(d["last_year"])
    return _years(pids, paper_year) if pids else (None, None)


def network_payload(
    G: nx.Graph,
    metrics: pd.DataFrame,
    membership: dict,
    corpus: Corpus | None = None,
    *,
    size_by: str = "pagerank",
    max_nodes: int = 1500,
    seed: int = 42,
    title: str = "Co-authorship network",
    owner: str | None = None,
    coauthors: nx.Graph | None = None,
    community_labels: Mapping[int, str] | None = None,
    colours: Mapping[int, str] | None = None,
) -> dict:
    """The page's data, as plain JSON-ready Python (golden-testable, sorted).

    Parameters
    ----------
    G : the graph to draw (co-authorship, or the author–institution affiliation graph).
    metrics : per-node metrics of ``G`` indexed by node id.
    membership : node -> community id (colour, legend, community filter).
    corpus : the tidy tables; gives each node and edge its papers (title, year, code link,
        authors).  Without it the side panel lists paper ids only.
    size_by : node size (and the size cap's ranking): a metrics column or a node attribute.
    max_nodes : above this many nodes the page shows the top ``max_nodes`` by ``size_by``
        (owners always kept) and says what was left out.  Everything else (edges, paper
        lists, the paper table, tooltips, legend) is computed for the shown nodes only; an
        institution of a capped affiliation page lists the papers of its links to shown
        authors (its ``papers`` count and years still cover all of them).
    seed : seed of the precomputed layout (same input, same payload, same picture).
    title : page title.
    owner : the profile owner's node id (drawn as a star; "joint papers with the owner").
    coauthors : the co-authorship graph that "joint papers with the owner" is read from, when
        ``G`` is another graph (the affiliation page); default ``G``.
    community_labels : community id -> name; default :func:`community_names` over ``G``.
    colours : community id -> colour; default :func:`graph.style.community_colours` of the
        shown authors (the 12 largest communities shown get distinct colours, the rest one
        grey).  The affiliation page takes the co-author page's, so a community keeps its
        colour on both.

    Returns
    -------
    dict with ``nodes``, ``edges`` (sorted by id), ``papers`` (by id), ``communities``,
    ``options`` (vis-network) and ``meta`` (counts, ``notes`` saying when counts are lower
    bounds and what the size cap left out).

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", weight=2, papers="p1;p2", first_year=2020, last_year=2021)
    >>> G.add_edge("b", "c", weight=1, papers="p2", first_year=2021, last_year=2021)
    >>> nx.set_node_attributes(G, {"a": "Ann", "b": "Bob", "c": "Cy"}, "label")
    >>> m = pd.DataFrame({"degree": [1.0, 2.0, 1.0]}, index=["a", "b", "c"])
    >>> p = network_payload(G, m, {"a": 0, "b": 0, "c": 0}, size_by="degree", max_nodes=2)
    >>> [n["label"] for n in p["nodes"]], p["meta"]["hidden_nodes"], p["communities"][0]["name"]
    (['Ann', 'Bob'], 1, 'Bob')
    """
    with gc_paused():
        return _network_payload(
            G,
            metrics,
            membership,
            corpus,
            size_by=size_by,
            max_nodes=max_nodes,
            seed=seed,
            title=title,
            owner=owner,
            coauthors=coauthors,
            community_labels=community_labels,
            colours=colours,
        )


def _network_payload(
    G: nx.Graph,
    metrics: pd.DataFrame,
    membership: dict,
    corpus: Corpus | None,
    *,
    size_by: str,
    max_nodes: int,
    seed: int,
    title: str,
    owner: str | None,
    coauthors: nx.Graph | None,
    community_labels: Mapping[int, str] | None,
    colours: Mapping[int, str] | None,
) -> dict:
    """:func:`network_payload`'s work (same parameters, same result), in phases: choose the
    shown nodes, their links, positions, link items, node items, communities, year colours,
    notes."""
    membership = membership or {}
    ref = G if coauthors is None else coauthors
    score = _scores(G, metrics, size_by)
    shown, cutoff = _select_nodes(G, score, max_nodes, owner)
    total_edges = _edge_count(G)
    capped = len(shown) < G.number_of_nodes()
    picked = _shown_links(G, shown)
    sizes = dict(zip(shown, scale_sizes([score[n] for n in shown], lo=8, hi=40), strict=True))
    pos = _shown_positions(G, shown, picked, sizes, membership, owner, seed)
    paper_year = _paper_years(corpus)
    edges, via_links = _edge_items(picked, paper_year)
    del picked
    # Colours: the 12 largest communities shown (by shown authors) get distinct ones.
    shown_sizes = Counter(
        int(membership.get(n, -1))
        for n in shown
        if G.nodes[n].get("kind", "author") != "institution"
    )
    cmap = dict(colours) if colours is not None else community_colours(shown_sizes)
    nodes = _node_items(
        G,
        ref,
        metrics,
        shown,
        membership,
        cmap=cmap,
        pos=pos,
        sizes=sizes,
        via_links=via_links,
        capped=capped,
        paper_year=paper_year,
        size_by=size_by,
        owner=owner,
    )
    wanted = {p for n in nodes for p in n["paper_ids"]}
    wanted.update(p for e in edges for p in e["papers"])
    papers = _paper_table(corpus, wanted)
    labels = (
        dict(community_labels)
        if community_labels is not None
        else community_names(G, metrics, membership, size_by=size_by, owner=owner)
    )
    communities = _community_items(G, nodes, membership, labels, cmap)
    year_scale = _colour_by_year(nodes)
    notes = _notes(
        G,
        ref,
        size_by=size_by,
        cutoff=cutoff,
        shown_nodes=len(nodes),
        shown_edges=len(edges),
        total_edges=total_edges,
        owner_shown=any(G.nodes[n].get("is_owner") for n in shown),
        analysis=metrics.attrs.get("analysis"),
    )
    kinds = Counter(n["kind"] for n in nodes)
    affiliated = None
    if G.graph.get("kind") == "affiliation":
        affiliated = _affiliation_counts(G, ref, owner)
        if affiliated["without"]:
            notes.append(
                f"{affiliated['without']:,} of {affiliated['authors']:,} authors have no "
                "affiliation in the inputs and are not on this page."
            )
    net = Network(directed=False)
    # Bulk assignment: pyvis's add_node/add_edge are O(n) per call.
    net.nodes, net.edges = nodes, edges
    net.options = _vis_options(seed)
    years = [y for n in nodes for y in (n["first_year"], n["last_year"]) if y is not None]
    return {
        "nodes": net.nodes,
        "edges": net.edges,
        "papers": papers,
        "communities": communities,
        "options": net.options,
        "meta": {
            "title": title,
            "kind": str(G.graph.get("kind", "coauthor")),
            "edge_label": "papers" if G.graph.get("kind") == "affiliation" else "joint papers",
            "owner": None if owner is None else str(owner),
            "total_nodes": G.number_of_nodes(),
            "total_edges": total_edges,
            "shown_nodes": len(nodes),
            "shown_edges": len(edges),
            "hidden_nodes": G.number_of_nodes() - len(nodes),
            "hidden_edges": total_edges - len(edges),
            "authors": kinds.get("author", 0),
            "institutions": kinds.get("institution", 0),
            "max_nodes": int(max_nodes),
            "size_by": size_by,
            "years": [min(years), max(years)] if years else None,
            "year_scale": year_scale,
            "palette": list(PALETTE),
            "other_colour": OTHER_COLOUR,
            "affiliated": affiliated,
            "lower_bound": bool(G.graph.get("lower_bound", ref.graph.get("lower_bound", False))),
            "notes": notes,
        },
    }


def _shown_links(G: nx.Graph, shown: list) -> list[tuple]:
    """The links among the shown nodes as ``(u, v, i, j, data)`` (``u <= v`` as strings,
    ``i``/``j`` their places in ``shown``), sorted by ``(u, v)``.

    Only the shown nodes' adjacency is read (no subgraph copy), each link once, from its
    endpoint that comes first in ``shown``.
    """
    rank = {n: i for i, n in enumerate(shown)}
    # The raw adjacency dicts: G.adj's read-only views cost a Python call per neighbour, and
    # the shown nodes (the best connected) have ~10^6 neighbours between them at 10^5 papers.
    adj = adjacency(G)
    picked = []
    for i, u in enumerate(shown):
        su, nbrs = str(u), adj[u]
        # keys() & dict: a C-level intersection walking the smaller side.
        for v in nbrs.keys() & rank.keys():
            if rank[v] >= i:
                sv, j = str(v), rank[v]
                d = nbrs[v]
                picked.append((su, sv, i, j, d) if su <= sv else (sv, su, j, i, d))
    picked.sort(key=lambda e: (e[0], e[1]))
    return picked


def _shown_positions(
    G: nx.Graph, shown: list, picked: list[tuple], sizes: dict, membership: dict, owner, seed
) -> dict:
    """Positions of the shown nodes: communities as groups, owners as hubs in the middle."""
    rows = np.fromiter((e[2] for e in picked), dtype=np.int64, count=len(picked))
    cols = np.fromiter((e[3] for e in picked), dtype=np.int64, count=len(picked))
    weights = [e[4].get("weight", 1) for e in picked]
    return layout_edges(
        shown,
        rows,
        cols,
        weights,
        seed=seed,
        # Spread big graphs wider so that, zoomed in, neighbours do not sit on each other.
        scale=1000.0 * max(1.0, (len(shown) / 150) ** 0.5),
        groups=_layout_groups(shown, rows, cols, membership),
        hubs=[n for n in shown if _is_owner(G, n, owner)],
        radii=[sizes[n] * (1.3 if _is_owner(G, n, owner) else 1.0) for n in shown],
    )


def _edge_items(picked: list[tuple], paper_year: dict) -> tuple[list[dict], dict[int, set]]:
    """The payload's links, and the papers of each shown node's shown links (by place in
    ``shown``), for nodes that keep papers on their links only."""
    via_links: dict[int, set] = {}
    edges = []
    for k, (su, sv, i, j, d) in enumerate(picked):
        pids = _split(d.get("papers"))
        if pids:
            via_links.setdefault(i, set()).update(pids)
            if j != i:
                via_links.setdefault(j, set()).update(pids)
        first, last = _attr_years(d, pids, paper_year)
        w = d.get("weight", 1)
        edges.append(
            {
                "from": su,
                "to": sv,
                "weight": int(w),
                "width": edge_width(w),
                "first_year": first,
                "last_year": last,
                "papers": pids,
                "id": k,
            }
        )
    return edges, via_links


def _node_items(
    G: nx.Graph,
    ref: nx.Graph,
    metrics: pd.DataFrame,
    shown: list,
    membership: dict,
    *,
    cmap: dict,
    pos: dict,
    sizes: dict,
    via_links: dict[int, set],
    capped: bool,
    paper_year: dict,
    size_by: str,
    owner,
) -> list[dict]:
    """The payload's nodes, in the order of ``shown``."""
    adj = adjacency(G)

    def joint(n, kind: str) -> int | None:
        if owner is None or owner not in ref or n == owner or kind == "institution":
            return None
        if ref.has_edge(owner, n):
            return int(ref.edges[owner, n].get("weight", 1))
        return 0 if n in ref else None

    shown_metrics = [k for k in dict.fromkeys((*_TOOLTIP_METRICS, size_by)) if k in metrics.columns]
    # Plain dicts of the shown rows, read once: DataFrame.at deep-copies the frame's attrs on
    # every call, and converting whole columns of 10^5 rows is wasted on 1,500 shown nodes.
    sub = metrics.loc[metrics.index.isin(shown), shown_metrics]
    metric_values = {k: dict(zip(sub.index, sub[k].tolist(), strict=True)) for k in shown_metrics}
    nodes = []
    for idx, n in enumerate(shown):
        d = G.nodes[n]
        kind = str(d.get("kind", "author"))
        cid = int(membership.get(n, -1))
        is_owner = _is_owner(G, n, owner)
        if "paper_ids" in d:
            pids = _split(d["paper_ids"])
        else:
            # The affiliation graph keeps papers on its edges only.  An institution lists the
            # papers of its shown links: with the size cap on, its links to hidden authors
            # would pull in (nearly) every paper of the corpus (the 10^5-paper page was 32 MB).
            # An author keeps the papers of all its links, shown or not.
            pids = sorted(
                via_links.get(idx, ())
                if not capped or kind == "institution"
                else {p for e in adj[n].values() for p in _split(e.get("papers"))}
            )
        if capped and kind == "institution" and not ("first_year" in d and "last_year" in d):
            # Its years still span all its papers, like its paper count.
            first, last = _years(
                (p for e in adj[n].values() for p in _split(e.get("papers"))), paper_year
            )
        else:
            first, last = _attr_years(d, pids, paper_year)
        colour = (
            INSTITUTION_COLOUR
            if kind == "institution"
            else OWNER_COLOUR
            if is_owner
            else cmap.get(cid, OTHER_COLOUR)
        )
        x, y = pos.get(n, (0.0, 0.0))
        known = [y_ for y_ in map(paper_year.get, pids) if y_ is not None]
        if known:
            mean_year = round(sum(known) / len(known), 1)
        elif first is not None:
            mean_year = round((first + last) / 2, 1)
        else:
            mean_year = None
        nodes.append(
            {
                "id": str(n),
                "label": _label(G, n),
                "kind": kind,
                "is_owner": is_owner,
                "community": cid,
                "color": colour,
                "shape": "square" if kind == "institution" else ("star" if is_owner else "dot"),
                "size": round(sizes[n] * (1.3 if is_owner else 1.0), 3),
                "x": x,
                "y": y,
                "papers": int(d.get("papers", len(pids))),
                "paper_ids": pids,
                "first_year": first,
                "last_year": last,
                "mean_year": mean_year,
                "search": search_key(_label(G, n)),
                "joint_papers": joint(n, kind),
                "metrics": {
                    k: round(float(metric_values[k][n]), 6)
                    for k in shown_metrics
                    if n in metric_values[k]
                },
            }
        )
    return nodes


def _community_items(
    G: nx.Graph, nodes: list[dict], membership: dict, labels: Mapping[int, str], cmap: dict
) -> list[dict]:
    """The legend's communities shown on the page: name, size in the graph, shown, colour."""
    in_comm = Counter(
        int(membership[n])
        for n, d in G.nodes(data=True)
        if n in membership and d.get("kind", "author") != "institution"
    )
    shown_comm = Counter(n["community"] for n in nodes if n["kind"] != "institution")
    communities = []
    for cid in sorted(shown_comm):
        colour = cmap.get(cid, OTHER_COLOUR)
        communities.append(
            {
                "id": cid,
                "name": labels.get(cid, "no community" if cid < 0 else f"community {cid}"),
                "size": in_comm.get(cid, shown_comm[cid]),
                "shown": shown_comm[cid],
                "color": colour,
                # The legend lists the communities with a colour of their own by name and
                # folds the rest into "other communities".
                "listed": cid >= 0 and colour != OTHER_COLOUR,
            }
        )
    return communities


def _colour_by_year(nodes: list[dict]) -> dict | None:
    """Give each node its ``year_color`` (its mean publication year on one scale over the
    page) and return the scale (None: no node has a year)."""
    means = [n["mean_year"] for n in nodes if n["mean_year"] is not None]
    if not means:
        for n in nodes:
            n["year_color"] = OTHER_COLOUR
        return None
    lo, hi = int(np.floor(min(means))), int(np.ceil(max(means)))
    for n in nodes:
        n["year_color"] = year_colour(n["mean_year"], lo, hi)
    return {"min": lo, "max": hi, "stops": list(YEAR_STOPS)}


def _vis_options(seed: int) -> dict:
    """vis-network's options.  The page draws nodes, links and labels itself on
    vis-network's canvas (vis-network keeps the view: pan, zoom, pinch, animation); positions
    are final, so no physics runs."""
    return {
        "physics": {"enabled": False},
        "interaction": {
            "hover": False,
            "dragNodes": False,
            "selectable": False,
            "navigationButtons": False,
            "keyboard": False,
            "zoomSpeed": 0.7,
        },
        "layout": {"randomSeed": seed, "improvedLayout": False},
        "edges": {"smooth": False},
    }


def _affiliation_counts(A: nx.Graph, ref: nx.Graph, owner) -> dict:
    """How many authors the affiliation page can show: the authors of the co-author graph
    ``ref`` (owners left out) and how many of them have at least one institution in ``A``."""
    authors = [n for n in ref if not _is_owner(ref, n, owner)]
    with_inst = 0
    for n in authors:
        if n in A and any(A.nodes[m].get("kind") == "institution" for m in adjacency(A)[n]):
            with_inst += 1
    return {"authors": len(authors), "with": with_inst, "without": len(authors) - with_inst}


def search_key(text: str) -> str:
    """The form the page's Find box matches against: accents and case folded, letters a
    decomposition keeps whole spelled out (``ø`` -> ``o``, ``ß`` -> ``ss``); the page folds
    what is typed the same way.

    >>> search_key("Adrien Deliège"), search_key("Zoë Ørsted"), search_key("Ke-Yue ZHANG")
    ('adrien deliege', 'zoe orsted', 'ke-yue zhang')
    """
    decomposed = unicodedata.normalize("NFKD", str(text))
    bare = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    return _SPECIAL_RE.sub(lambda m: _SPECIAL[m.group()], bare.lower())


_SPECIAL = {"ø": "o", "œ": "oe", "æ": "ae", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ß": "ss"}
_SPECIAL["ı"] = "i"
_SPECIAL_RE = re.compile("[" + "".join(_SPECIAL) + "]")


def _paper_years(corpus: Corpus | None) -> dict[str, int]:
    """Paper id -> year (papers without a year left out)."""
    if corpus is None:
        return {}
    py = corpus.papers.dropna(subset=["year"])
    return dict(zip(py["paper_id"].tolist(), py["year"].astype(int).tolist(), strict=True))


def _paper_table(corpus: Corpus | None, wanted: set) -> dict[str, dict]:
    """Paper id -> what the side panel lists (title, year, code link, listed authors).

    Vectorised: one ``isin`` per table, one sort of the listed authorships by paper and
    position, then each paper's names are one slice of that sorted column (a groupby with
    ``agg(list)`` builds a Series per paper, each deep-copying the frame's attrs: 23 s for the
    ~50k papers of a 10^5-paper corpus's page).
    """
    if corpus is None or not wanted:
        return {}
    p = corpus.papers[_isin(corpus.papers["paper_id"], wanted)]
    a = corpus.authorships
    a = a[_isin(a["paper_id"], wanted) & a["listed"].to_numpy(dtype=bool)]
    # Group by integer codes (hashing, no string sort): a stable sort on (paper code, position)
    # keeps each paper's authors in position order, ties in table order as before.
    codes, _ = pd.factorize(a["paper_id"].to_numpy(dtype=object))
    order = np.lexsort((a["position"].to_numpy(dtype=float, na_value=np.inf), codes))
    codes = codes[order]
    pid = a["paper_id"].to_numpy(dtype=object)[order]
    names_col = a["name"].to_numpy(dtype=object)[order].tolist()
    names: dict = {}
    if len(pid):
        # Start of every run of equal paper codes in the sorted column.
        starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]]).tolist()
        ends = [*starts[1:], len(pid)]
        names = {pid[s]: names_col[s:e] for s, e in zip(starts, ends, strict=True)}
    year = p["year"]
    papers = {}

    def text_col(name: str) -> list:
        # doi, venue and url are optional columns (url comes from readers that know one).
        if name not in p.columns:
            return [""] * len(p)
        return ["" if v is None or v != v else str(v) for v in p[name].tolist()]

    for paper_id, title, y, missing, date, code_url, complete, doi, venue, url in zip(
        p["paper_id"].tolist(),
        p["title"].tolist(),
        year.tolist(),
        year.isna().tolist(),
        p["date"].tolist(),
        p["code_url"].tolist(),
        p["authors_complete"].tolist(),
        text_col("doi"),
        text_col("venue"),
        text_col("url"),
        strict=True,
    ):
        papers[paper_id] = {
            "title": title,
            "year": None if missing else int(y),
            "date": date,
            "code_url": code_url,
            "doi": _doi(doi),
            "venue": venue,
            "url": url if _WEB_URL.match(url) else "",
            "authors": names.get(paper_id, []),
            "complete": bool(complete),
        }
    return dict(sorted(papers.items()))


_WEB_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f]+\Z", re.IGNORECASE)
_DOI = re.compile(r"10\.\d{4,9}/\S+\Z")


def _doi(value: str) -> str:
    """A bare DOI (``10.xxxx/...``) from a DOI or a doi.org link; ``""`` when it is not one.

    >>> _doi("https://doi.org/10.1103/PhysRevE.74.036104"), _doi("doi:10.1234/x"), _doi("n/a")
    ('10.1103/PhysRevE.74.036104', '10.1234/x', '')
    """
    v = value.strip()
    v = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", v, flags=re.IGNORECASE)
    return v if _DOI.match(v) else ""


def _isin(col: pd.Series, wanted: set) -> np.ndarray:
    """``col.isin(wanted)`` as a boolean array: plain set lookups, ~2x faster than pandas'
    ``isin`` on a string column of 3·10^5 rows (which first hashes ``wanted`` again)."""
    values = col.to_numpy(dtype=object)
    return np.fromiter((v in wanted for v in values), dtype=bool, count=len(values))


def _notes(
    G: nx.Graph,
    ref: nx.Graph,
    *,
    size_by: str,
    cutoff: float,
    shown_nodes: int,
    shown_edges: int,
    total_edges: int,
    owner_shown: bool,
    analysis: dict | None = None,
) -> list[str]:
    """What the page must say about itself: lower bounds, sampled metrics (``analysis``: the
    metrics table's choices) and what the size cap left out."""
    info = G.graph if "lower_bound" in G.graph else ref.graph
    notes = []
    if info.get("lower_bound"):
        notes.append(
            f"{info.get('incomplete_papers', 0)} of {info.get('papers', 0)} papers list only "
            'their first authors ("et al."): counts are lower bounds.'
        )
    if info.get("team_size_skipped"):
        k = int(info["team_size_skipped"])
        notes.append(
            f"{k} paper{'' if k == 1 else 's'} with more than {info.get('max_authors')} "
            f"authors {'is' if k == 1 else 'are'} left out of this network (change with "
            "--max-authors; 0 keeps all)."
        )
    sampled = sampling_note(analysis)
    if sampled:
        notes.append(sampled[0].upper() + sampled[1:])
    hidden = G.number_of_nodes() - shown_nodes
    if hidden:
        owners = " and the owner" if owner_shown else ""
        notes.append(
            f"Showing {shown_nodes:,} of {G.number_of_nodes():,} nodes: the top by "
            f"{size_by} ({size_by} ≥ {cutoff:.4g}){owners}. Left out: {hidden:,} nodes and "
            f"{total_edges - shown_edges:,} links. To show more, run again with "
            f"--max-nodes N (--max-nodes {G.number_of_nodes()} shows every node)."
        )
    return notes


def render_network_html(payload: dict, *, title: str | None = None) -> str:
    """The complete HTML page for a payload from :func:`network_payload`."""
    js, css = _vis_assets()
    tpl = _env().get_template("network.html.j2")
    return tpl.render(
        payload=payload, title=title or payload["meta"]["title"], vis_js=js, vis_css=css
    )


# Known output files and what the report page says about them (others: by extension).
_FILE_NOTES = {
    "coauthors.html": "interactive co-authorship network",
    "affiliations.html": "interactive author–institution network",
    "coauthors.graphml": "co-authorship graph with metrics and communities (Gephi, Cytoscape, "
    "igraph)",
    "affiliations.graphml": "author–institution graph (Gephi, Cytoscape, igraph)",
    "coauthors.csv": "the owner's co-authors ranked, with metrics and community",
}
_EXT_NOTES = {
    ".html": "web page",
    ".graphml": "graph (GraphML)",
    ".gexf": "graph for Gephi (GEXF)",
    ".csv": "table (CSV)",
    ".json": "data (JSON)",
    ".png": "picture (PNG)",
    ".svg": "picture (SVG)",
    ".pdf": "document (PDF)",
}


def report_payload(
    corpus: Corpus,
    G: nx.Graph,
    ranking: pd.DataFrame,
    membership: Mapping,
    metrics: pd.DataFrame,
    *,
    owner: str | None = None,
    community_labels: Mapping[int, str] | None = None,
    modularity: float | None = None,
    method: str = "",
    size_by: str = "pagerank",
    top_n: int = 20,
    files: Sequence[str | os.PathLike[str]] = (),
    colours: Mapping[int, str] | None = None,
) -> dict:
    """The report page's data: profile summary, top co-authors, communities, files.

    Parameters
    ----------
    corpus : the tidy tables (papers read, papers the sources claim, years, skipped records).
    G : the co-authorship graph.
    ranking : :func:`graph.analyse.rank_coauthors` output (its order is kept).
    membership, metrics : communities and per-node metrics of ``G``.
    owner : the owner's node id.
    community_labels : community id -> name; default :func:`community_names`.
    modularity, method : of the partition, shown in the summary.
    size_by : the metric shown in the tables and used to order community members.
    top_n : rows of the co-author table.
    files : files of the run; the page links them by name (they sit beside ``index.html``).
    colours : community id -> colour, as on the co-author page (default
        :func:`graph.style.community_colour`); communities without a colour of their own are
        summed up in one "more communities" row.

    Returns
    -------
    dict with ``title``, ``summary``, ``notes``, ``top``, ``communities``, ``files``.
    """
    papers = corpus.papers
    claimed = sum(int(s.get("claimed_papers") or 0) for s in corpus.meta.get("sources", []))
    years = papers["year"].dropna()
    score = _scores(G, metrics, size_by)
    labels = (
        dict(community_labels)
        if community_labels is not None
        else community_names(G, metrics, membership, size_by=size_by, owner=owner)
    )
    # No owner (--no-owner, a corpus): no owner's name anywhere, even if a source names one.
    owner_name = (
        ""
        if owner is None
        else _label(G, owner)
        if owner in G
        else ", ".join(
            str(s.get("owner")) for s in corpus.meta.get("sources", []) if s.get("owner")
        )
    )
    lower = bool(G.graph.get("lower_bound", False))
    summary = {
        "owner": owner_name or None,
        "papers_read": len(papers),
        "papers_claimed": claimed or None,
        "years": [int(years.min()), int(years.max())] if len(years) else None,
        "papers_without_year": int(papers["year"].isna().sum()),
        "authors": G.number_of_nodes(),
        "edges": _edge_count(G),
        "coauthors": G.degree(owner) if owner is not None and owner in G else None,
        "communities": len(set(membership.get(n, -1) for n in G)),
        "modularity": None if modularity is None else round(float(modularity), 4),
        "method": method,
        "incomplete_papers": corpus.incomplete_papers,
        "records_skipped": len(corpus.problems),
        "sources": [
            Path(str(s.get("path", ""))).name
            for s in corpus.meta.get("sources", [])
            if s.get("path")
        ],
    }
    notes = []
    if claimed and claimed > len(papers):
        notes.append(
            f"The inputs claim {claimed} papers; only {len(papers)} are listed, so "
            "every count here covers the listed papers only."
        )
    if corpus.incomplete_papers:
        notes.append(
            f"{corpus.incomplete_papers} of {len(papers)} papers list only their first "
            'authors ("et al."): joint-paper counts are lower bounds.'
        )

    def colour_of(cid: int) -> str:
        return colours.get(cid, OTHER_COLOUR) if colours is not None else community_colour(cid)

    top = []
    for row in ranking.head(top_n).to_dict("records"):
        fy, ly = row.get("first_joint_year"), row.get("last_joint_year")
        cid = int(row.get("community", -1))
        top.append(
            {
                "rank": int(row["rank"]),
                "name": str(row["name"]),
                "joint_papers": int(row["joint_papers"]),
                "years": ""
                if pd.isna(fy)
                else (f"{int(fy)}" if fy == ly else f"{int(fy)}–{int(ly)}"),
                "papers": int(row["papers"]),
                "community": cid,
                "community_name": labels.get(cid, ""),
                "color": colour_of(cid),
                "metric": None if pd.isna(row.get(size_by)) else round(float(row[size_by]), 4),
            }
        )
    with gc_paused():
        communities = _report_communities(G, membership, score, labels, owner, colour_of)
    listed = [c for c in communities if c["listed"]]
    rest = [c for c in communities if not c["listed"]]
    files_listed = []
    for f in files:
        name = Path(f).name
        # "./" + quoting: a file name can never read as a scheme such as "javascript:".
        files_listed.append(
            {
                "name": name,
                "href": "./" + urllib.parse.quote(name),
                "note": _FILE_NOTES.get(name, _EXT_NOTES.get(Path(name).suffix.lower(), "file")),
            }
        )
    title = f"Collaboration report: {owner_name}" if owner_name else "Collaboration report"
    return {
        "title": title,
        "summary": summary,
        "notes": notes,
        "lower_bound": lower,
        "size_by": size_by,
        "top": top,
        "top_n": int(top_n),
        "coauthors_total": len(ranking),
        "has_owner": owner is not None,
        "communities": listed,
        "more_communities": {
            "count": len(rest),
            "authors": sum(c["size"] for c in rest),
            "largest": max((c["size"] for c in rest), default=0),
            "color": OTHER_COLOUR,
        },
        "files": files_listed,
    }


def _report_communities(
    G: nx.Graph, membership: Mapping, score: Mapping, labels: Mapping[int, str], owner, colour_of
) -> list[dict]:
    """The report's community table: size, links inside, papers, top members by ``score``.

    One pass over the nodes and one over the edges (a subgraph view per community walked
    every member's whole neighbourhood through filters: 4 s at 10^5 papers).
    """
    cid_of = {n: int(membership.get(n, -1)) for n in G}
    groups: dict[int, list] = {}
    for n, c in cid_of.items():
        groups.setdefault(c, []).append(n)
    links = Counter(c for u, v in G.edges() if (c := cid_of[u]) == cid_of[v])
    # The owner is on every paper: counting theirs would give every owner's community all.
    comm_papers: dict[int, set] = {}
    for n, d in G.nodes(data=True):
        if not (n == owner or d.get("is_owner", False)):
            comm_papers.setdefault(cid_of[n], set()).update(_split(d.get("paper_ids")))
    communities = []
    for cid, members in sorted(groups.items()):
        communities.append(
            {
                "id": cid,
                "name": labels.get(cid, "no community"),
                "color": colour_of(cid),
                "listed": cid >= 0 and colour_of(cid) != OTHER_COLOUR,
                "size": len(members),
                "links": links.get(cid, 0),
                "papers": len(comm_papers.get(cid, ())),
                "members": [_label(G, n) for n in _top_ranked(G, members, score, 6)],
                "more": max(len(members) - 6, 0),
            }
        )
    return communities


def render_report_html(report: dict) -> str:
    """The report page ``index.html`` for a dict from :func:`report_payload` (no script)."""
    return _env().get_template("index.html.j2").render(r=report, title=report["title"])


def _thousands(value) -> str:
    """Jinja filter ``num``: integers with thousands separators (``12,345``)."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        return str(value)
    return f"{int(value):,}"


def write_html(path: str | os.PathLike[str], page: str) -> Path:
    """Write a page atomically; return its path."""
    return write_text_atomic(path, page)


#: Pages larger than this are shown from their file in Jupyter instead of being inlined into
#: the notebook (an inlined page is stored in the .ipynb and slows the notebook down).
NOTEBOOK_INLINE_LIMIT = 2_000_000
# Scripts run; links open in a new tab (popups escaping the sandbox); "Save PNG" downloads.
_SANDBOX = "allow-scripts allow-popups allow-popups-to-escape-sandbox allow-downloads"


def notebook_html(page: str, *, height: int = 650):
    """Display a page inline in Jupyter (an iframe with ``srcdoc``: no file, no server).

    The page runs sandboxed (scripts allowed, no access to the notebook's origin); its links
    open in a new tab.  Returns an ``IPython.display.HTML`` object when IPython is installed,
    else the iframe markup as a string.

    >>> frame = notebook_html("<p>a & b</p>", height=300)
    >>> 'srcdoc="&lt;p&gt;a &amp; b&lt;/p&gt;"' in getattr(frame, "data", frame)
    True
    """
    # Wrapped in a div: IPython warns about HTML that starts with "<iframe".
    return _frame(f'srcdoc="{html.escape(page, quote=True)}"', height)


def _frame(source: str, height: int):
    frame = (
        f'<div class="collabgraph"><iframe {source} '
        f'style="width:100%;height:{int(height)}px;border:1px solid #ddd" '
        f'sandbox="{_SANDBOX}"></iframe></div>'
    )
    try:
        from IPython.display import HTML
    except ImportError:  # pragma: no cover - IPython comes with pyvis
        return frame
    return HTML(frame)


def show_in_notebook(
    source: dict | str | os.PathLike[str],
    *,
    height: int = 650,
    inline_limit: int = NOTEBOOK_INLINE_LIMIT,
    save_as: str | os.PathLike[str] | None = None,
):
    """One call to show a network page in Jupyter.

    ``source`` is a payload from :func:`network_payload`, a page's HTML, or the path of a page
    written by ``collabgraph run`` (``show_in_notebook("output/coauthors.html")``).  A page up
    to ``inline_limit`` bytes (2 MB) is inlined (:func:`notebook_html`); a larger one is shown
    from its file (an ``iframe`` whose ``src`` is the file's path relative to the notebook's
    folder, which Jupyter serves), so the notebook does not carry megabytes of page.  A large
    payload or HTML string is first written to ``save_as`` (default
    ``collabgraph-<digest>.html`` in the current folder).  Returns what :func:`notebook_html`
    returns; as the last expression of a cell it displays.
    """
    path = None
    if isinstance(source, dict):
        page = render_network_html(source)
    elif isinstance(source, str) and source.lstrip().startswith("<"):
        page = source
    else:
        path = Path(source)
        if path.stat().st_size > inline_limit:
            return _file_frame(path, height)
        page = path.read_text(encoding="utf-8")
    if len(page.encode("utf-8")) <= inline_limit:
        return notebook_html(page, height=height)
    if save_as is None:
        import hashlib

        save_as = f"collabgraph-{hashlib.sha256(page.encode('utf-8')).hexdigest()[:12]}.html"
    return _file_frame(write_html(save_as, page), height)


def _file_frame(path: Path, height: int):
    """An iframe showing ``path`` by its URL relative to the current folder (the notebook's).

    A page outside that folder cannot be served by Jupyter: it is inlined after all, with a
    warning saying how to avoid it."""
    rel = os.path.relpath(Path(path).resolve(), Path.cwd().resolve())
    if rel.startswith(".."):
        import warnings

        warnings.warn(
            f"{path} is outside the notebook's folder, so Jupyter cannot serve it: inlining "
            f"{Path(path).stat().st_size / 1e6:.1f} MB instead (write the page under the "
            "notebook's folder to show it from its file)",
            stacklevel=3,
        )
        return notebook_html(Path(path).read_text(encoding="utf-8"), height=height)
    url = "/".join(urllib.parse.quote(part) for part in Path(rel).parts)
    return _frame(f'src="{html.escape(url, quote=True)}"', height)


def payload_json(payload: dict) -> str:
    """Sorted JSON of a payload (for golden tests and diffs)."""
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, indent=1)
