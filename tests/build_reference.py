"""The build stage as it was before integer codes (commit e89eb14): the reference the
rewritten :mod:`graph.build` must match exactly (same nodes, edges, attribute values, types and
insertion order).  Plain pandas group-bys and ``add_nodes_from``/``add_edges_from``: slow, but
easy to read.  Only ``tests/test_build_equivalence.py`` uses it.
"""

from __future__ import annotations

from collections import Counter

import networkx as nx
import numpy as np
import pandas as pd

from graph.normalise import Corpus

INSTITUTION_PREFIX = "inst:"


def ref_filter_authorships(
    corpus: Corpus,
    *,
    include_owner: bool = True,
    min_papers: int = 1,
    year_from: int | None = None,
    year_to: int | None = None,
    max_authors: int | None = None,
) -> pd.DataFrame:
    """Authorships (with the paper's ``year``) left after the year, owner and paper filters.

    ``max_authors`` leaves out papers with more authors than that (before the owner filter):
    one consortium paper with thousands of authors would otherwise add millions of links and
    swamp every measure (VOSviewer's "ignore documents with many authors" does the same).

    ``min_papers`` counts each author's papers within the year range.  Papers with no year are
    kept unless a year range is given.  ``n_authors`` is the paper's author count before any
    filter (the ``n`` of Newman's 1/(n-1) weight does not change when a view hides someone).
    """
    a = corpus.authorships.merge(corpus.papers[["paper_id", "year"]], on="paper_id", how="left")
    a["n_authors"] = a.groupby("paper_id")["author_id"].transform("nunique").astype(int)
    if year_from is not None:
        a = a[a["year"].ge(year_from).fillna(False).astype(bool)]
    if year_to is not None:
        a = a[a["year"].le(year_to).fillna(False).astype(bool)]
    if max_authors is not None:
        a = a[a["n_authors"] <= max_authors]
    if not include_owner:
        a = a[~a["is_owner"]]
    if min_papers > 1:
        n = a.groupby("author_id")["paper_id"].transform("nunique")
        a = a[n >= min_papers]
    return a.reset_index(drop=True)


def ref_joined(codes: np.ndarray, values: np.ndarray) -> list[str]:
    """``";"``-joined ``values`` per run of equal ``codes`` (``codes`` sorted).

    One list slice and one ``str.join`` per group: pandas' ``agg(";".join)`` builds a Series
    per group and was the slowest step of graph building.
    """
    if len(codes) == 0:
        return []
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]]).tolist()
    vals = values.tolist()
    ends = [*starts[1:], len(vals)]
    return [";".join(vals[a:b]) for a, b in zip(starts, ends, strict=True)]


def ref_pair_slots(pcode: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every pair ``i < j`` of row positions with the same paper (``pcode`` sorted).

    Row i pairs with the rows after it up to the end of its paper: ``np.repeat`` of the row
    index by that count, plus a running offset.  No self-join, no discarded half.
    """
    n = len(pcode)
    starts = np.flatnonzero(np.r_[True, pcode[1:] != pcode[:-1]])
    ends = np.r_[starts[1:], n]
    end_of_row = np.repeat(ends, ends - starts)
    count = end_of_row - np.arange(n) - 1
    left = np.repeat(np.arange(n), count)
    first = np.cumsum(count) - count  # where each row's block starts in ``left``
    right = left + 1 + (np.arange(len(left)) - np.repeat(first, count))
    return left, right


def ref_coauthor_pairs(a: pd.DataFrame) -> pd.DataFrame:
    """Aggregate author pairs from an authorship table (columns ``paper_id, author_id, year``).

    Returns one row per unordered pair ``u < v`` with ``weight`` (joint papers), ``fractional``
    (Newman's weight: sum of 1/(n-1) over joint papers, n = the paper's authors: the optional
    column ``n_authors`` when given, else the paper's rows in ``a``), ``first_year``,
    ``last_year`` and ``papers`` (sorted paper ids joined by ``;``).  Pairs come from array
    arithmetic over the rows sorted by paper (:func:`ref_pair_slots`), not from a Python loop.
    """
    cols = ["u", "v", "weight", "fractional", "first_year", "last_year", "papers"]
    if a.empty:
        return pd.DataFrame(columns=cols)
    keep = ["paper_id", "author_id", "year"] + (["n_authors"] if "n_authors" in a else [])
    a = a[keep].drop_duplicates(["paper_id", "author_id"])
    pcode, puniq = pd.factorize(a["paper_id"], sort=True)
    acode, auniq = pd.factorize(a["author_id"], sort=True)
    size = np.bincount(pcode)
    if "n_authors" in a:
        # Newman's n is the paper's author count, not what is left after a view's filters.
        size = np.maximum(size, a["n_authors"].groupby(pcode).max().to_numpy(dtype=int))
    years = (
        a["year"].astype("Float64").groupby(pcode).first().to_numpy(dtype=float, na_value=np.nan)
    )
    order = np.argsort(pcode, kind="stable")
    pcode, acode = pcode[order], acode[order]
    i, j = ref_pair_slots(pcode)
    if len(i) == 0:
        return pd.DataFrame(columns=cols)
    u = np.minimum(acode[i], acode[j])
    v = np.maximum(acode[i], acode[j])
    p = pcode[i]
    # Sorted by pair, then paper: paper codes follow sorted paper ids, so each pair's papers
    # come out in id order, as the joined ``papers`` string needs.
    k = np.lexsort((p, v, u))
    u, v, p = u[k], v[k], p[k]
    new = np.r_[True, (u[1:] != u[:-1]) | (v[1:] != v[:-1])]
    starts = np.flatnonzero(new)
    group = np.cumsum(new) - 1
    frac = 1.0 / (size[p] - 1)
    yr = years[p]
    with np.errstate(invalid="ignore"):
        first = np.fmin.reduceat(yr, starts)
        last = np.fmax.reduceat(yr, starts)
    names = np.asarray(auniq, dtype=object)
    out = pd.DataFrame(
        {
            "u": names[u[starts]],
            "v": names[v[starts]],
            "weight": np.bincount(group).astype(np.int64),
            # pandas' grouped sum (Kahan-compensated): the same floats as before vectorising
            "fractional": pd.Series(frac).groupby(group, sort=True).sum().to_numpy(),
            "first_year": first,
            "last_year": last,
            "papers": ref_joined(group, np.asarray(puniq, dtype=object)[p]),
        }
    )
    return out[cols]


def ref_year_attrs(first, last) -> dict:
    attrs = {}
    if pd.notna(first):
        attrs["first_year"] = int(first)
    if pd.notna(last):
        attrs["last_year"] = int(last)
    return attrs


def ref_float_years(first: float, last: float) -> dict:
    """:func:`ref_year_attrs` for plain floats (NaN = unknown), without pandas' per-value checks."""
    attrs = {}
    if first == first:  # not NaN
        attrs["first_year"] = int(first)
    if last == last:
        attrs["last_year"] = int(last)
    return attrs


def ref_coauthor_graph(
    corpus: Corpus,
    *,
    include_owner: bool = True,
    min_weight: int = 1,
    min_papers: int = 1,
    year_from: int | None = None,
    year_to: int | None = None,
    max_authors: int | None = None,
) -> nx.Graph:
    """Co-authorship graph: one node per author, one edge per pair with a joint paper.

    Parameters
    ----------
    corpus : the tidy tables.
    include_owner : True for the ego network (owner included), False for the alter network.
    min_weight : drop edges with fewer joint papers (authors stay, possibly isolated).
    min_papers : drop authors with fewer papers in the year range.
    year_from, year_to : inclusive year range of the papers used.
    max_authors : leave out papers with more authors (``None``: keep all); how many were left
        out is the graph attribute ``team_size_skipped``.

    Returns
    -------
    nx.Graph with node attributes ``label, papers, paper_ids, first_year, last_year, is_owner``
    and edge attributes ``weight, fractional, distance, first_year, last_year, papers``.
    Graph attributes say which view it is and whether counts are lower bounds.
    """
    a = ref_filter_authorships(
        corpus,
        include_owner=include_owner,
        min_papers=min_papers,
        year_from=year_from,
        year_to=year_to,
        max_authors=max_authors,
    )
    G = nx.Graph()
    used = set(a["paper_id"])
    skipped = 0
    if max_authors is not None:
        sizes = corpus.authorships.groupby("paper_id")["author_id"].nunique()
        skipped = int((sizes > max_authors).sum())
    incomplete = int(
        (~corpus.papers.loc[corpus.papers["paper_id"].isin(used), "authors_complete"]).sum()
    )
    G.graph.update(
        kind="coauthor",
        view="ego" if include_owner else "alter",
        papers=len(used),
        incomplete_papers=incomplete,
        lower_bound=incomplete > 0,
        min_weight=int(min_weight),
        min_papers=int(min_papers),
        team_size_skipped=skipped,
        **{
            k: int(v)
            for k, v in (
                ("max_authors", max_authors),
                ("year_from", year_from),
                ("year_to", year_to),
            )
            if v is not None
        },
    )
    if a.empty:
        return G
    g = a.sort_values("paper_id").groupby("author_id", sort=True)
    ap = a[["author_id", "paper_id"]].drop_duplicates().sort_values(["author_id", "paper_id"])
    nodes = pd.DataFrame(
        {
            "label": g["name"].first(),
            "papers": g["paper_id"].nunique(),
            "first_year": g["year"].min(),
            "last_year": g["year"].max(),
            "is_owner": g["is_owner"].any(),
        }
    )
    paper_ids = ref_joined(pd.factorize(ap["author_id"])[0], ap["paper_id"].to_numpy(object))
    fys, lys = (
        nodes[c].astype("Float64").to_numpy(dtype=float, na_value=np.nan).tolist()
        for c in ("first_year", "last_year")
    )
    G.add_nodes_from(
        (
            aid,
            {
                "label": str(label),
                "papers": int(n),
                "paper_ids": pids,
                "is_owner": bool(own),
                **ref_float_years(fy, ly),
            },
        )
        for aid, label, n, pids, own, fy, ly in zip(
            nodes.index.tolist(),
            nodes["label"].tolist(),
            nodes["papers"].tolist(),
            paper_ids,
            nodes["is_owner"].tolist(),
            fys,
            lys,
            strict=True,
        )
    )
    pairs = ref_coauthor_pairs(a)
    pairs = pairs[pairs["weight"] >= min_weight]
    # Plain Python lists: iterating pandas columns boxes every value (the slowest part).
    cols = [pairs[c].tolist() for c in ("u", "v", "weight", "fractional", "papers")]
    fys, lys = (
        pairs[c].to_numpy(dtype=float, na_value=np.nan).tolist()
        for c in ("first_year", "last_year")
    )
    G.add_edges_from(
        (
            u,
            v,
            {
                "weight": int(w),
                "fractional": float(f),
                "distance": 1.0 / float(w),
                "papers": p,
                **ref_float_years(fy, ly),
            },
        )
        for u, v, w, f, p, fy, ly in zip(*cols, fys, lys, strict=True)
    )
    return G


def ref_institution_rows(corpus: Corpus, a: pd.DataFrame) -> pd.DataFrame:
    """(author_id, institution, paper_id) links: per-author institutions where the source has
    them, else the paper's tags for every author of that paper."""
    aff = corpus.affiliations
    per_author = aff[aff["author_id"] != ""][["paper_id", "author_id", "institution"]]
    tags = aff[aff["author_id"] == ""][["paper_id", "institution"]]
    tagged = a[["paper_id", "author_id"]].merge(tags, on="paper_id")
    # A paper with per-author institutions does not also spread its tags to everyone.
    tagged = tagged[~tagged["paper_id"].isin(per_author["paper_id"])]
    rows = pd.concat([per_author, tagged], ignore_index=True)
    return rows[rows["author_id"].isin(set(a["author_id"]))].drop_duplicates()


def ref_affiliation_graph(
    corpus: Corpus,
    *,
    include_owner: bool = True,
    year_from: int | None = None,
    year_to: int | None = None,
) -> nx.Graph:
    """Bipartite author–institution graph.

    Nodes have ``kind`` ``"author"`` or ``"institution"`` (institution node ids are
    ``"inst:<name>"``); an edge's ``weight`` is the number of papers linking the author to the
    institution.  Profile tags belong to a paper, so every author of a tagged paper is linked
    to its tags: read such an edge as "published a paper tagged with this institution".
    """
    a = ref_filter_authorships(
        corpus, include_owner=include_owner, year_from=year_from, year_to=year_to
    )
    rows = ref_institution_rows(corpus, a)
    G = nx.Graph(kind="affiliation", view="ego" if include_owner else "alter")
    if rows.empty:
        return G
    labels = a.drop_duplicates("author_id").set_index("author_id")
    inst_papers = rows.groupby("institution")["paper_id"].nunique()
    G.add_nodes_from(
        (
            INSTITUTION_PREFIX + inst,
            {"label": inst, "kind": "institution", "papers": int(n), "is_owner": False},
        )
        for inst, n in inst_papers.sort_index().items()
    )
    # An institution's country: its most frequent one over every affiliations row (ties: A-Z).
    if "country" in corpus.affiliations:
        named: dict[str, Counter] = {}
        for inst, country in corpus.affiliations[["institution", "country"]].values.tolist():
            if country:
                named.setdefault(inst, Counter())[country] += 1
        for inst, counts in named.items():
            if INSTITUTION_PREFIX + inst in G:
                best = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]
                G.nodes[INSTITUTION_PREFIX + inst]["country"] = best
    auth_papers = rows.groupby("author_id")["paper_id"].nunique().sort_index()
    G.add_nodes_from(
        (aid, {"label": str(name), "kind": "author", "papers": int(n), "is_owner": bool(own)})
        for aid, n, name, own in zip(
            auth_papers.index,
            auth_papers,
            labels["name"].reindex(auth_papers.index),
            labels["is_owner"].reindex(auth_papers.index),
            strict=True,
        )
    )
    links = rows[["author_id", "institution", "paper_id"]].drop_duplicates()
    links = links.sort_values(["author_id", "institution", "paper_id"], ignore_index=True)
    aids = links["author_id"].to_numpy(object)
    insts = links["institution"].to_numpy(object)
    new = np.r_[True, (aids[1:] != aids[:-1]) | (insts[1:] != insts[:-1])]
    code = np.cumsum(new) - 1
    weights = np.bincount(code).tolist()
    G.add_edges_from(
        (aid, INSTITUTION_PREFIX + inst, {"weight": w, "distance": 1.0 / w, "papers": p})
        for aid, inst, w, p in zip(
            aids[new].tolist(),
            insts[new].tolist(),
            weights,
            ref_joined(code, links["paper_id"].to_numpy(object)),
            strict=True,
        )
    )
    return G


def ref_institution_graph(
    corpus: Corpus, *, year_from: int | None = None, year_to: int | None = None
) -> nx.Graph:
    """Institution–institution co-occurrence: an edge per pair named on one paper, ``weight`` =
    such papers (counted from the affiliations table, paper-level and per-author alike).

    The projection of the affiliation graph onto its institutions, counted per paper (two
    institutions of one author on different papers are not linked).  Edges carry the same
    attributes as co-authorship edges (``fractional`` with n = institutions on the paper).
    """
    aff = corpus.affiliations[["paper_id", "institution"]].drop_duplicates()
    aff = aff.merge(corpus.papers[["paper_id", "year"]], on="paper_id", how="left")
    if year_from is not None:
        aff = aff[aff["year"].ge(year_from).fillna(False).astype(bool)]
    if year_to is not None:
        aff = aff[aff["year"].le(year_to).fillna(False).astype(bool)]
    G = nx.Graph(kind="institution")
    for inst, n in aff.groupby("institution")["paper_id"].nunique().sort_index().items():
        G.add_node(INSTITUTION_PREFIX + inst, label=inst, kind="institution", papers=int(n))
    pairs = ref_coauthor_pairs(aff.rename(columns={"institution": "author_id"}))
    for u, v, w, f, fy, ly, p in pairs.itertuples(index=False, name=None):
        G.add_edge(
            INSTITUTION_PREFIX + u,
            INSTITUTION_PREFIX + v,
            weight=int(w),
            fractional=float(f),
            distance=1.0 / int(w),
            papers=p,
            **ref_year_attrs(fy, ly),
        )
    return G


def ref_owner_ties(
    corpus: Corpus,
    owner: str,
    *,
    year_from: int | None = None,
    year_to: int | None = None,
) -> pd.DataFrame:
    """The owner's ties to each co-author, counted from the tables (whatever the view).

    The alter network leaves the owner out, so its edges cannot say how often someone wrote
    with the owner; this table can.  Indexed by ``author_id`` (sorted), columns
    ``joint_papers``, ``first_joint_year``, ``last_joint_year`` (nullable ``Int64``) and
    ``joint_paper_ids`` (sorted ids joined by ``;``).
    """
    a = ref_filter_authorships(corpus, year_from=year_from, year_to=year_to)
    mine = a.loc[a["author_id"] == owner, "paper_id"]
    a = a[a["paper_id"].isin(mine) & (a["author_id"] != owner)]
    g = a.sort_values("paper_id").groupby("author_id", sort=True)
    out = pd.DataFrame(
        {
            "joint_papers": g["paper_id"].nunique().astype(int),
            "first_joint_year": g["year"].min().astype("Int64"),
            "last_joint_year": g["year"].max().astype("Int64"),
            "joint_paper_ids": g["paper_id"].agg(lambda s: ";".join(sorted(set(s)))),
        }
    )
    out.index.name = "author_id"
    return out
