"""Build stage: tidy tables -> NetworkX graphs.

Pair counting is vectorised: the authorship table is joined with itself on the paper, so the
cost is one pandas merge over all (paper, author, author) triples instead of a Python loop over
pairs.  Graphs carry only GraphML-safe scalar attributes (str, int, float, bool); an unknown
year is left out rather than stored as None.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from .normalise import Corpus

__all__ = [
    "affiliation_graph",
    "coauthor_graph",
    "coauthor_pairs",
    "filter_authorships",
    "institution_graph",
    "owner_ties",
]

INSTITUTION_PREFIX = "inst:"


def filter_authorships(
    corpus: Corpus,
    *,
    include_owner: bool = True,
    min_papers: int = 1,
    year_from: int | None = None,
    year_to: int | None = None,
) -> pd.DataFrame:
    """Authorships (with the paper's ``year``) left after the year, owner and paper filters.

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
    if not include_owner:
        a = a[~a["is_owner"]]
    if min_papers > 1:
        n = a.groupby("author_id")["paper_id"].transform("nunique")
        a = a[n >= min_papers]
    return a.reset_index(drop=True)


def coauthor_pairs(a: pd.DataFrame) -> pd.DataFrame:
    """Aggregate author pairs from an authorship table (columns ``paper_id, author_id, year``).

    Returns one row per unordered pair ``u < v`` with ``weight`` (joint papers), ``fractional``
    (Newman's weight: sum of 1/(n-1) over joint papers, n = the paper's authors: the optional
    column ``n_authors`` when given, else the paper's rows in ``a``), ``first_year``,
    ``last_year`` and ``papers`` (sorted paper ids joined by ``;``).  Pairs come from one merge
    of the table with itself on the paper, not from a Python loop.

    >>> a = pd.DataFrame({"paper_id": ["p1", "p1", "p1", "p2", "p2"],
    ...                   "author_id": ["x", "y", "z", "x", "y"],
    ...                   "year": [2020, 2020, 2020, 2021, 2021]})
    >>> coauthor_pairs(a)[["u", "v", "weight", "fractional", "papers"]].values.tolist()
    [['x', 'y', 2, 1.5, 'p1;p2'], ['x', 'z', 1, 0.5, 'p1'], ['y', 'z', 1, 0.5, 'p1']]
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
    left = pd.DataFrame({"p": pcode, "a": acode})
    pairs = left.merge(left, on="p", suffixes=("_u", "_v"))
    pairs = pairs[pairs["a_u"] < pairs["a_v"]]
    if pairs.empty:
        return pd.DataFrame(columns=cols)
    years = a["year"].astype("Float64").groupby(pcode).first().to_numpy(dtype=float,
                                                                          na_value=np.nan)
    p = pairs["p"].to_numpy()
    pairs = pairs.assign(
        frac=1.0 / (size[p] - 1), year=years[p], pid=np.asarray(puniq, dtype=object)[p]
    )
    g = pairs.sort_values("pid").groupby(["a_u", "a_v"], sort=True)
    out = pd.DataFrame(
        {
            "weight": g.size(),
            "fractional": g["frac"].sum(),
            "first_year": g["year"].min(),
            "last_year": g["year"].max(),
            "papers": g["pid"].agg(";".join),
        }
    ).reset_index()
    names = np.asarray(auniq, dtype=object)
    out.insert(0, "u", names[out.pop("a_u").to_numpy()])
    out.insert(1, "v", names[out.pop("a_v").to_numpy()])
    return out[cols]


def _year_attrs(first, last) -> dict:
    attrs = {}
    if pd.notna(first):
        attrs["first_year"] = int(first)
    if pd.notna(last):
        attrs["last_year"] = int(last)
    return attrs


def coauthor_graph(
    corpus: Corpus,
    *,
    include_owner: bool = True,
    min_weight: int = 1,
    min_papers: int = 1,
    year_from: int | None = None,
    year_to: int | None = None,
) -> nx.Graph:
    """Co-authorship graph: one node per author, one edge per pair with a joint paper.

    Parameters
    ----------
    corpus : the tidy tables.
    include_owner : True for the ego network (owner included), False for the alter network.
    min_weight : drop edges with fewer joint papers (authors stay, possibly isolated).
    min_papers : drop authors with fewer papers in the year range.
    year_from, year_to : inclusive year range of the papers used.

    Returns
    -------
    nx.Graph with node attributes ``label, papers, paper_ids, first_year, last_year, is_owner``
    and edge attributes ``weight, fractional, distance, first_year, last_year, papers``.
    Graph attributes say which view it is and whether counts are lower bounds.
    """
    a = filter_authorships(corpus, include_owner=include_owner, min_papers=min_papers,
                           year_from=year_from, year_to=year_to)
    G = nx.Graph()
    used = set(a["paper_id"])
    incomplete = int((~corpus.papers.loc[corpus.papers["paper_id"].isin(used),
                                         "authors_complete"]).sum())
    G.graph.update(
        kind="coauthor",
        view="ego" if include_owner else "alter",
        papers=len(used),
        incomplete_papers=incomplete,
        lower_bound=incomplete > 0,
        min_weight=int(min_weight),
        min_papers=int(min_papers),
        **{k: int(v) for k, v in (("year_from", year_from), ("year_to", year_to))
           if v is not None},
    )
    if a.empty:
        return G
    g = a.sort_values("paper_id").groupby("author_id", sort=True)
    nodes = pd.DataFrame(
        {
            "label": g["name"].first(),
            "papers": g["paper_id"].nunique(),
            "paper_ids": g["paper_id"].agg(lambda s: ";".join(sorted(set(s)))),
            "first_year": g["year"].min(),
            "last_year": g["year"].max(),
            "is_owner": g["is_owner"].any(),
        }
    )
    G.add_nodes_from(
        (aid, {"label": str(label), "papers": int(n), "paper_ids": pids, "is_owner": bool(own),
               **_year_attrs(fy, ly)})
        for aid, label, n, pids, fy, ly, own in nodes.itertuples(name=None)
    )  # fmt: skip
    pairs = coauthor_pairs(a)
    pairs = pairs[pairs["weight"] >= min_weight]
    G.add_edges_from(
        (
            u, v,
            {"weight": int(w), "fractional": float(f), "distance": 1.0 / float(w),
             "papers": p, **_year_attrs(fy, ly)},
        )
        for u, v, w, f, fy, ly, p in pairs.itertuples(index=False, name=None)
    )  # fmt: skip
    return G


def _institution_rows(corpus: Corpus, a: pd.DataFrame) -> pd.DataFrame:
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


def affiliation_graph(
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
    a = filter_authorships(corpus, include_owner=include_owner, year_from=year_from,
                           year_to=year_to)
    rows = _institution_rows(corpus, a)
    G = nx.Graph(kind="affiliation", view="ego" if include_owner else "alter")
    if rows.empty:
        return G
    labels = a.drop_duplicates("author_id").set_index("author_id")
    inst_papers = rows.groupby("institution")["paper_id"].nunique()
    for inst, n in inst_papers.sort_index().items():
        G.add_node(INSTITUTION_PREFIX + inst, label=inst, kind="institution", papers=int(n),
                   is_owner=False)
    auth_papers = rows.groupby("author_id")["paper_id"].nunique()
    for aid, n in auth_papers.sort_index().items():
        G.add_node(aid, label=str(labels.at[aid, "name"]), kind="author", papers=int(n),
                   is_owner=bool(labels.at[aid, "is_owner"]))
    links = rows.groupby(["author_id", "institution"], sort=True)["paper_id"].agg(
        weight="nunique", papers=lambda s: ";".join(sorted(set(s)))
    )
    for (aid, inst), w, p in links.itertuples(name=None):
        G.add_edge(aid, INSTITUTION_PREFIX + inst, weight=int(w), distance=1.0 / int(w), papers=p)
    return G


def institution_graph(
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
    pairs = coauthor_pairs(aff.rename(columns={"institution": "author_id"}))
    for u, v, w, f, fy, ly, p in pairs.itertuples(index=False, name=None):
        G.add_edge(INSTITUTION_PREFIX + u, INSTITUTION_PREFIX + v, weight=int(w),
                   fractional=float(f), distance=1.0 / int(w), papers=p, **_year_attrs(fy, ly))
    return G


def owner_ties(
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

    >>> from graph.load.profile_text import read_string
    >>> from graph.normalise import normalise
    >>> page = ("Ada Lovelace\\n\\nCVMay 3, 2021\\nT1\\n\\nAlan Turing, Kurt Gödel\\n"
    ...         "\\nCVMay 3, 2022\\nT2\\n\\nAlan Turing, Grace Hopper\\n")
    >>> owner_ties(normalise(read_string(page)), "adalovelace")[["joint_papers",
    ...     "first_joint_year", "last_joint_year"]].values.tolist()
    [[2, 2021, 2022], [1, 2022, 2022], [1, 2021, 2021]]
    """
    a = filter_authorships(corpus, year_from=year_from, year_to=year_to)
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
