"""Build stage: tidy tables -> NetworkX graphs.

Everything is counted on integer codes: author, paper and institution ids are factorised once
per call into codes that follow the ids' sorted order (:func:`_sorted_codes`), so sorting codes
sorts ids.  Author pairs of a paper come from numpy ``repeat``/``cumsum`` arithmetic over the
authorships sorted by paper (:func:`_pair_slots`) and are aggregated with one sort of a combined
``int64`` key; per-group minima, maxima and counts use ``reduceat``/``bincount``.  The only
per-item Python left is what NetworkX itself needs: one attribute dict per node and edge,
written into the graph by :func:`graph._nxraw.fill_graph`.

Graphs carry only GraphML-safe scalar attributes (str, int, float, bool); an unknown year is
left out rather than stored as None.  Nodes are inserted in sorted id order and edges in sorted
``(u, v)`` order, so every adjacency dict lists its neighbours in sorted order too; exports
rely on that order being stable.
"""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np

from ._gc import gc_paused
from ._nxraw import fill_graph as _fill_graph
from ._pandas import pd
from .normalise import Corpus

__all__ = [
    "affiliation_graph",
    "coauthor_attrs",
    "coauthor_graph",
    "coauthor_pairs",
    "filter_authorships",
    "institution_graph",
    "owner_ties",
]

INSTITUTION_PREFIX = "inst:"


# ---- integer codes --------------------------------------------------------------------------


def _sorted_codes(*columns) -> tuple[list[np.ndarray], np.ndarray]:
    """Codes of the values of all ``columns`` (one shared code book) that follow sorted order.

    Returns one ``intp`` code array per column and the sorted distinct values (object array),
    so ``uniques[codes]`` gives the values back and ``a < b`` between codes is ``<`` between
    values: what ``pd.factorize(..., sort=True)`` gives, but the distinct values are sorted by
    Python's ``sorted`` (string-specialised comparisons, faster than numpy's object sort).

    Raises ``ValueError`` for a missing value (an id column must not have gaps).

    >>> (a, b), u = _sorted_codes(np.array(["b", "a"], dtype=object), pd.Series(["c", "b"]))
    >>> a.tolist(), b.tolist(), u.tolist()
    ([1, 0], [2, 1], ['a', 'b', 'c'])
    """
    arrays = [
        c.to_numpy(dtype=object)
        if isinstance(c, (pd.Series, pd.Index))
        else np.asarray(c, dtype=object)
        for c in columns
    ]
    values = arrays[0] if len(arrays) == 1 else np.concatenate(arrays)
    codes, uniques = pd.factorize(values)
    if len(codes) and codes.min() < 0:
        raise ValueError("an id column has missing values")
    listed = uniques.tolist()
    try:
        order = sorted(range(len(listed)), key=listed.__getitem__)
    except TypeError:  # ids of mixed types: numpy's comparison order, as pandas would sort
        codes, uniques = pd.factorize(values, sort=True)
        order = list(range(len(uniques)))
    order_arr = np.asarray(order, dtype=np.intp)
    rank = np.empty(len(order_arr), dtype=np.intp)
    rank[order_arr] = np.arange(len(order_arr), dtype=np.intp)
    sorted_uniques = np.asarray(uniques, dtype=object)[order_arr]
    coded = rank[codes]
    bounds = np.cumsum([0, *(len(a) for a in arrays)])
    return [coded[b:e] for b, e in itertools.pairwise(bounds)], sorted_uniques


def _combine(*codes_and_sizes: tuple[np.ndarray, int]) -> np.ndarray:
    """One ``int64`` key per row from several code columns (first column most significant):
    sorting the keys sorts the rows by those columns."""
    total = 1
    for _, n in codes_and_sizes:
        total *= max(int(n), 1)
    if total >= 2**62:  # does not happen below ~10^9 ids; lexsort-free keys need the room
        raise OverflowError("too many distinct ids to combine into one int64 key")
    key = np.zeros(len(codes_and_sizes[0][0]), dtype=np.int64)
    for c, n in codes_and_sizes:
        key = key * max(int(n), 1) + c
    return key


def _run_starts(sorted_codes: np.ndarray) -> np.ndarray:
    """Start index of every run of equal values in a sorted array."""
    if len(sorted_codes) == 0:
        return np.zeros(0, dtype=np.intp)
    return np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1]])


def _unique(key: np.ndarray) -> np.ndarray:
    """Sorted distinct values of an integer array (``np.unique``, which in numpy 2 hashes
    first and sorts after: several times slower on these keys)."""
    key = np.sort(key)
    return key[_run_starts(key)]


def _unique_first(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted distinct values and the index of each one's first occurrence in ``key``."""
    order = np.argsort(key, kind="stable")
    starts = _run_starts(key[order])
    return key[order[starts]], order[starts]


def _first_index(codes: np.ndarray, n: int) -> np.ndarray:
    """Per code ``0..n-1``, the first position in ``codes`` holding it (-1: none)."""
    out = np.full(n, -1, dtype=np.intp)
    out[codes[::-1]] = np.arange(len(codes) - 1, -1, -1, dtype=np.intp)  # last write wins
    return out


def _join_runs(values: np.ndarray, starts: np.ndarray) -> list[str]:
    """``";"``-joined ``values`` (object array) per run starting at ``starts``.

    A one-value run is its value (most edges have one joint paper): only longer runs pay for a
    list slice and a ``str.join``.

    >>> _join_runs(np.array(["p1", "p2", "p3"], dtype=object), np.array([0, 2]))
    ['p1;p2', 'p3']
    """
    if len(starts) == 0:
        return []
    ends = np.r_[starts[1:], len(values)]
    out = values[starts]
    multi = np.flatnonzero(ends - starts > 1)
    if len(multi):
        vals = values.tolist()
        joined = [
            ";".join(vals[b:e])
            for b, e in zip(starts[multi].tolist(), ends[multi].tolist(), strict=True)
        ]
        out[multi] = np.array(joined, dtype=object)
    return out.tolist()


def _float_array(column: pd.Series) -> np.ndarray:
    """A numeric column as float64 with NaN for missing values (years, nullable ints)."""
    return (
        pd.array(column).to_numpy(dtype=float, na_value=np.nan)
        if len(column)
        else np.zeros(0, dtype=float)
    )


def _paper_rows(paper_row_codes: np.ndarray, n_p: int) -> np.ndarray:
    """Per paper code, its row in the papers table (-1: not there).

    Raises ``ValueError`` when a paper id has two rows: the tables promise one row per paper
    (``normalise`` merges duplicates), and every count here relies on it.
    """
    rows = np.full(n_p, -1, dtype=np.intp)
    rows[paper_row_codes] = np.arange(len(paper_row_codes))
    if len(paper_row_codes) and (rows >= 0).sum() != len(paper_row_codes):
        raise ValueError("the papers table has a paper_id twice (one row per paper expected)")
    return rows


# ---- filtering ------------------------------------------------------------------------------


class _Coded:
    """The authorships of a corpus as integer codes, with the filters of
    :func:`filter_authorships` applied as a row mask (nothing copied until asked).

    Attributes (row arrays cover every authorship row; ``keep`` says which pass the filters):
    ``rows`` the authorships table (or its merge with ``papers`` when paper ids repeat there),
    ``year`` (float, NaN unknown), ``n_authors`` (the paper's distinct authors before any
    filter), ``paper``/``author`` codes into the sorted ``paper_ids``/``author_ids``,
    ``paper_row_codes`` the codes of ``corpus.papers`` rows.
    """

    def __init__(self, corpus: Corpus, *, extra_paper_ids: pd.Series | None = None) -> None:
        self.rows = au = corpus.authorships
        self._papers = papers = corpus.papers
        # One code book for the papers table, the authorships (and the caller's extra ids).
        cols = [papers["paper_id"], au["paper_id"]]
        if extra_paper_ids is not None:
            cols.append(extra_paper_ids)
        codes, self.paper_ids = _sorted_codes(*cols)
        self.paper_row_codes, self.paper = codes[0], codes[1]
        self.extra_paper_codes = codes[2] if extra_paper_ids is not None else None
        n_p = len(self.paper_ids)
        # Which papers row holds each paper id (-1: none).
        self.paper_row = _paper_rows(self.paper_row_codes, n_p)
        (self.author,), self.author_ids = _sorted_codes(au["author_id"])
        # Row -1 (a paper missing from the table) reads the NaN appended at the end.
        self.year = np.r_[_float_array(papers["year"]), np.nan][self.paper_row[self.paper]]
        n_a = len(self.author_ids)
        pa = _unique(_combine((self.paper, n_p), (self.author, n_a)))
        self.authors_per_paper = np.bincount(pa // max(n_a, 1), minlength=n_p)
        self.n_authors = self.authors_per_paper[self.paper]
        self.is_owner = au["is_owner"].to_numpy(dtype=bool)
        self.keep = np.ones(len(au), dtype=bool)

    def apply(
        self,
        *,
        include_owner: bool = True,
        min_papers: int = 1,
        year_from: int | None = None,
        year_to: int | None = None,
        max_authors: int | None = None,
    ) -> _Coded:
        """Narrow ``keep`` by the filters, in the order :func:`filter_authorships` documents."""
        keep = self.keep
        with np.errstate(invalid="ignore"):
            if year_from is not None:
                keep &= self.year >= year_from  # NaN compares False: unknown years go
            if year_to is not None:
                keep &= self.year <= year_to
        if max_authors is not None:
            keep &= self.n_authors <= max_authors
        if not include_owner:
            keep &= ~self.is_owner
        if min_papers > 1:
            n_pids = len(self.paper_ids)
            ap = _unique(
                _combine((self.author[keep], len(self.author_ids)), (self.paper[keep], n_pids))
            )
            papers_of = np.bincount(ap // max(n_pids, 1), minlength=len(self.author_ids))
            keep &= papers_of[self.author] >= min_papers
        return self

    def frame(self) -> pd.DataFrame:
        """The kept rows as :func:`filter_authorships` returns them."""
        idx = np.flatnonzero(self.keep)
        a = self.rows.take(idx)
        prow = self.paper_row[self.paper[idx]]
        year = self._papers["year"]
        if (prow >= 0).all():
            a["year"] = year.array.take(prow)
        else:  # an authorship of a paper missing from the papers table: no year, as a merge
            a["year"] = (
                year.array.take(prow, allow_fill=True)
                if isinstance(year.dtype, pd.api.extensions.ExtensionDtype)
                else np.where(prow >= 0, _float_array(year)[prow], np.nan)
            )
        a["n_authors"] = self.n_authors[idx].astype(int)
        return a.reset_index(drop=True)


def filter_authorships(
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
    return (
        _Coded(corpus)
        .apply(
            include_owner=include_owner,
            min_papers=min_papers,
            year_from=year_from,
            year_to=year_to,
            max_authors=max_authors,
        )
        .frame()
    )


# ---- pair counting --------------------------------------------------------------------------


def _pair_slots(pcode: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every pair ``i < j`` of row positions with the same paper (``pcode`` sorted).

    Row i pairs with the rows after it up to the end of its paper: ``np.repeat`` of the row
    index by that count, plus a running offset.  No self-join, no discarded half.
    """
    n = len(pcode)
    if n == 0:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    starts = _run_starts(pcode)
    ends = np.r_[starts[1:], n]
    end_of_row = np.repeat(ends, ends - starts)
    count = end_of_row - np.arange(n) - 1
    left = np.repeat(np.arange(n), count)
    first = np.cumsum(count) - count  # where each row's block starts in ``left``
    right = left + 1 + (np.arange(len(left)) - np.repeat(first, count))
    return left, right


class _Pairs:
    """Author pairs aggregated over papers, as arrays sorted by ``(u, v)`` (codes, ``u < v``).

    ``weight`` (joint papers), ``fractional`` (sum of 1/(n-1), n = ``size`` of the paper),
    ``first_year``/``last_year`` (float, NaN when no joint paper has a year), and for the
    ``papers`` strings the joint papers' codes ``p`` sorted by pair then paper, with each
    pair's ``starts`` in ``p``.
    """

    def __init__(
        self, pcode: np.ndarray, acode: np.ndarray, n_ids: int, size: np.ndarray, years: np.ndarray
    ) -> None:
        """``pcode``/``acode``: distinct (paper, id) rows sorted by paper then id; ``size``
        and ``years`` indexed by paper code."""
        i, j = _pair_slots(pcode)
        # Rows are sorted by id within a paper, so acode[i] < acode[j]: no min/max needed.
        key = _combine((acode[i], n_ids), (acode[j], n_ids))
        # Pairs come out paper by paper; a stable sort keeps each pair's papers in code (id)
        # order, as the joined ``papers`` string needs.
        k = np.argsort(key, kind="stable")
        key = key[k]
        self.p = pcode[i][k]
        self.starts = _run_starts(key)
        first = key[self.starts]
        self.u = first // max(n_ids, 1)
        self.v = first % max(n_ids, 1)
        self.weight = np.diff(np.r_[self.starts, len(key)])
        frac = 1.0 / (size[self.p] - 1)
        group = np.repeat(np.arange(len(self.starts)), self.weight)
        # pandas' grouped sum is Kahan-compensated: the same floats as every release so far.
        self.fractional = (
            pd.Series(frac).groupby(group, sort=True).sum().to_numpy() if len(frac) else np.zeros(0)
        )
        yr = years[self.p]
        if len(yr):
            with np.errstate(invalid="ignore"):
                self.first_year = np.fmin.reduceat(yr, self.starts)
                self.last_year = np.fmax.reduceat(yr, self.starts)
        else:
            self.first_year = self.last_year = np.zeros(0)

    def papers(self, paper_ids: np.ndarray, mask: np.ndarray | None = None) -> list[str]:
        """The ``;``-joined joint paper ids of every pair (of the pairs in ``mask``)."""
        starts, p = self.starts, self.p
        if mask is not None and not mask.all():
            counts = self.weight[mask]
            starts_out = np.cumsum(counts) - counts  # where each kept pair starts after
            p = p[np.repeat(starts[mask] - starts_out, counts) + np.arange(counts.sum())]
            starts = starts_out
        return _join_runs(paper_ids[p], starts)


def _distinct_rows(
    pcode: np.ndarray, acode: np.ndarray, n_p: int, n_a: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct (paper, id) rows sorted by paper then id, and the index of each one's first
    occurrence in the input (what ``drop_duplicates`` keeps)."""
    key, first = _unique_first(_combine((pcode, n_p), (acode, n_a)))
    return key // max(n_a, 1), key % max(n_a, 1), first


def _paper_years(pcode: np.ndarray, year: np.ndarray, order: np.ndarray, n_p: int) -> np.ndarray:
    """Per paper code, the first known ``year`` in row order ``order`` (NaN: none known)."""
    out = np.full(n_p, np.nan)
    rows = order[~np.isnan(year[order])]
    first = _first_index(pcode[rows], n_p)
    has = first >= 0
    out[has] = year[rows[first[has]]]
    return out


def coauthor_pairs(a: pd.DataFrame) -> pd.DataFrame:
    """Aggregate author pairs from an authorship table (columns ``paper_id, author_id, year``).

    Returns one row per unordered pair ``u < v`` with ``weight`` (joint papers), ``fractional``
    (Newman's weight: sum of 1/(n-1) over joint papers, n = the paper's authors: the optional
    column ``n_authors`` when given, else the paper's rows in ``a``), ``first_year``,
    ``last_year`` and ``papers`` (sorted paper ids joined by ``;``).  Pairs come from array
    arithmetic over integer codes sorted by paper (:func:`_pair_slots`), not from a loop.

    >>> a = pd.DataFrame({"paper_id": ["p1", "p1", "p1", "p2", "p2"],
    ...                   "author_id": ["x", "y", "z", "x", "y"],
    ...                   "year": [2020, 2020, 2020, 2021, 2021]})
    >>> coauthor_pairs(a)[["u", "v", "weight", "fractional", "papers"]].values.tolist()
    [['x', 'y', 2, 1.5, 'p1;p2'], ['x', 'z', 1, 0.5, 'p1'], ['y', 'z', 1, 0.5, 'p1']]
    """
    cols = ["u", "v", "weight", "fractional", "first_year", "last_year", "papers"]
    if a.empty:
        return pd.DataFrame(columns=cols)
    (pc,), pids = _sorted_codes(a["paper_id"])
    (ac,), aids = _sorted_codes(a["author_id"])
    n_p, n_a = len(pids), len(aids)
    pcode, acode, first = _distinct_rows(pc, ac, n_p, n_a)
    size = np.bincount(pcode, minlength=n_p)
    if "n_authors" in a:
        # Newman's n is the paper's author count, not what is left after a view's filters.
        n_auth = a["n_authors"].to_numpy(dtype=np.int64)[first]
        starts = _run_starts(pcode)
        size[pcode[starts]] = np.maximum(size[pcode[starts]], np.maximum.reduceat(n_auth, starts))
    # The first known year of each paper, among the rows drop_duplicates would keep.
    years = _paper_years(pc, _float_array(a["year"]), np.sort(first), n_p)
    pairs = _Pairs(pcode, acode, n_a, size, years)
    if len(pairs.u) == 0:
        return pd.DataFrame(columns=cols)
    out = pd.DataFrame(
        {
            "u": aids[pairs.u],
            "v": aids[pairs.v],
            "weight": pairs.weight.astype(np.int64),
            "fractional": pairs.fractional,
            "first_year": pairs.first_year,
            "last_year": pairs.last_year,
            "papers": pairs.papers(pids),
        }
    )
    return out[cols]


# ---- graph assembly -------------------------------------------------------------------------


def _edge_dicts(
    weight: np.ndarray,
    fractional: np.ndarray | None,
    papers: list[str],
    first_year: np.ndarray | None = None,
    last_year: np.ndarray | None = None,
) -> list[dict]:
    """Edge attribute dicts ``weight, [fractional,] distance, papers[, first_year, last_year]``
    (Python int/float/str; the years left out where unknown, NaN)."""
    w = weight.tolist()
    dist = (1.0 / weight.astype(float)).tolist()  # IEEE division: the same as 1.0 / w
    if fractional is None:
        return [
            {"weight": a, "distance": c, "papers": d}
            for a, c, d in zip(w, dist, papers, strict=True)
        ]
    f = fractional.tolist()
    if first_year is None:
        return [
            {"weight": a, "fractional": b, "distance": c, "papers": d}
            for a, b, c, d in zip(w, f, dist, papers, strict=True)
        ]
    # first_year is NaN exactly where last_year is (both come from the same papers).
    known = ~np.isnan(first_year)
    fy = np.where(known, first_year, 0).astype(np.int64).tolist()
    ly = np.where(known, last_year, 0).astype(np.int64).tolist()
    out = [
        {"weight": a, "fractional": b, "distance": c, "papers": d, "first_year": e, "last_year": g}
        for a, b, c, d, e, g in zip(w, f, dist, papers, fy, ly, strict=True)
    ]
    for k in np.flatnonzero(~known).tolist():
        del out[k]["first_year"], out[k]["last_year"]
    return out


# ---- the graphs -----------------------------------------------------------------------------


def coauthor_attrs(
    *,
    include_owner: bool,
    papers: int,
    incomplete: int,
    skipped: int,
    min_weight: int,
    min_papers: int,
    year_from: int | None,
    year_to: int | None,
    max_authors: int | None,
) -> dict:
    """The co-author network's graph attributes: its view, the papers used, how many of them
    have cut author lists and how many ``--max-authors`` left out, and the options.  One
    definition for every builder (:func:`coauthor_graph`, the network tables on pandas and on
    Spark), so each says the same.

    >>> coauthor_attrs(include_owner=False, papers=3, incomplete=1, skipped=0, min_weight=1,
    ...                min_papers=1, year_from=2020, year_to=None, max_authors=None)["view"]
    'alter'
    """
    return dict(
        kind="coauthor",
        view="ego" if include_owner else "alter",
        papers=int(papers),
        incomplete_papers=int(incomplete),
        lower_bound=incomplete > 0,
        min_weight=int(min_weight),
        min_papers=int(min_papers),
        team_size_skipped=int(skipped),
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


def _coded_attrs(corpus: Corpus, c: _Coded, **options) -> dict:
    """:func:`coauthor_attrs` counted from the coded corpus after :meth:`_Coded.apply`
    (``options``: the builder's keyword options)."""
    used = np.zeros(len(c.paper_ids), dtype=bool)
    used[c.paper[c.keep]] = True
    skipped = 0
    if options["max_authors"] is not None:
        skipped = int((c.authors_per_paper > options["max_authors"]).sum())
    complete = corpus.papers["authors_complete"].to_numpy(dtype=bool)
    incomplete = int((~complete[used[c.paper_row_codes]]).sum())
    return coauthor_attrs(papers=int(used.sum()), incomplete=incomplete, skipped=skipped, **options)


def coauthor_graph(
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
    c = _Coded(corpus).apply(
        include_owner=include_owner,
        min_papers=min_papers,
        year_from=year_from,
        year_to=year_to,
        max_authors=max_authors,
    )
    keep = c.keep
    n_p, n_a = len(c.paper_ids), len(c.author_ids)
    G = nx.Graph()
    G.graph.update(
        _coded_attrs(
            corpus,
            c,
            include_owner=include_owner,
            min_weight=min_weight,
            min_papers=min_papers,
            year_from=year_from,
            year_to=year_to,
            max_authors=max_authors,
        )
    )
    rows = np.flatnonzero(keep)
    if len(rows) == 0:
        return G
    pcode, acode = c.paper[rows], c.author[rows]
    year_by_paper = np.full(n_p, np.nan)
    year_by_paper[pcode] = c.year[rows]  # one year per paper (it comes from the papers table)

    # Nodes: distinct (author, paper) rows sorted by author then paper.
    key = _unique(_combine((acode, n_a), (pcode, n_p)))
    node_a, node_p = key // n_p, key % n_p
    starts = _run_starts(node_a)
    authors = node_a[starts]
    n_papers = np.diff(np.r_[starts, len(key)])
    yr = year_by_paper[node_p]
    with np.errstate(invalid="ignore"):
        fys = np.fmin.reduceat(yr, starts)
        lys = np.fmax.reduceat(yr, starts)
    owner = np.bincount(acode, weights=c.is_owner[rows], minlength=n_a)[authors] > 0
    labels = _first_labels(c.rows["name"], rows, acode, pcode, n_a, n_p)[authors]
    paper_ids = _join_runs(c.paper_ids[node_p], starts)

    # Edges: pairs over the distinct (paper, author) rows.
    pp, pa, _ = _distinct_rows(pcode, acode, n_p, n_a)
    size = np.maximum(np.bincount(pp, minlength=n_p), c.authors_per_paper)
    pairs = _Pairs(pp, pa, n_a, size, year_by_paper)
    strong = pairs.weight >= min_weight
    names = c.author_ids
    with gc_paused():
        known = ~np.isnan(fys)
        fy = np.where(known, fys, 0).astype(np.int64).tolist()
        ly = np.where(known, lys, 0).astype(np.int64).tolist()
        node_attrs = [
            {
                "label": str(lab),
                "papers": n,
                "paper_ids": pids,
                "is_owner": own,
                "first_year": f,
                "last_year": la,
            }
            for lab, n, pids, own, f, la in zip(
                labels.tolist(), n_papers.tolist(), paper_ids, owner.tolist(), fy, ly, strict=True
            )
        ]
        for k in np.flatnonzero(~known).tolist():
            del node_attrs[k]["first_year"], node_attrs[k]["last_year"]
        sel = slice(None) if strong.all() else strong
        edge_attrs = _edge_dicts(
            pairs.weight[sel],
            pairs.fractional[sel],
            pairs.papers(c.paper_ids, strong),
            pairs.first_year[sel],
            pairs.last_year[sel],
        )
        _fill_graph(
            G,
            names[authors].tolist(),
            node_attrs,
            names[pairs.u[sel]].tolist(),
            names[pairs.v[sel]].tolist(),
            edge_attrs,
        )
    return G


def _first_labels(
    name: pd.Series, rows: np.ndarray, acode: np.ndarray, pcode: np.ndarray, n_a: int, n_p: int
) -> np.ndarray:
    """Per author code, the first known ``name`` among ``rows`` taken in paper-id order (the
    first row when none is known), as ``groupby("author_id")["name"].first()`` after sorting
    by paper gives.  Object array indexed by author code."""
    names = name.to_numpy(dtype=object)[rows]
    known = ~pd.isna(names)
    # Rows by author, then paper, then position: a stable sort of the combined key.
    order = np.argsort(_combine((acode, n_a), (pcode, n_p)), kind="stable")
    out = np.empty(n_a, dtype=object)
    first = _first_index(acode[order], n_a)
    has = first >= 0
    out[has] = names[order[first[has]]]
    good = order[known[order]]
    first = _first_index(acode[good], n_a)
    has = first >= 0
    out[has] = names[good[first[has]]]
    return out


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
    Per-author institutions (where the source has them) link only that author, and a paper
    with per-author institutions does not also spread its tags to everyone.  An institution
    node carries ``country`` where the affiliations table gives one (its most frequent
    country over the rows naming it; ties: A-Z); without one the attribute is left out.
    """
    aff = corpus.affiliations
    c = _Coded(corpus, extra_paper_ids=aff["paper_id"]).apply(
        include_owner=include_owner, year_from=year_from, year_to=year_to
    )
    G = nx.Graph(kind="affiliation", view="ego" if include_owner else "alter")
    rows = np.flatnonzero(c.keep)
    n_p, n_a = len(c.paper_ids), len(c.author_ids)
    pcode, acode = c.paper[rows], c.author[rows]
    (icode,), insts = (
        _sorted_codes(aff["institution"])
        if len(aff)
        else ((np.zeros(0, dtype=np.intp),), np.zeros(0, dtype=object))
    )
    n_i = len(insts)
    aff_p = c.extra_paper_codes
    aff_author = aff["author_id"].to_numpy(dtype=object)
    per_author = aff_author != ""
    # Per-author rows: the author must be one of the kept authorships' authors (any paper).
    pos = (
        pd.Index(c.author_ids).get_indexer(aff_author[per_author])
        if per_author.any()
        else np.zeros(0, dtype=np.intp)
    )
    in_a = np.zeros(n_a, dtype=bool)
    in_a[acode] = True
    ok = pos >= 0
    ok[ok] = in_a[pos[ok]]
    pa_a, pa_i, pa_p = pos[ok], icode[per_author][ok], aff_p[per_author][ok]
    # Tags: every kept (paper, author) row of a tagged paper, unless the paper has per-author
    # institutions.
    has_per_author = np.zeros(n_p, dtype=bool)
    has_per_author[aff_p[per_author]] = True
    tag_p, tag_i = aff_p[~per_author], icode[~per_author]
    t_order = np.argsort(tag_p, kind="stable")
    tag_p, tag_i = tag_p[t_order], tag_i[t_order]
    tags_per_paper = np.bincount(tag_p, minlength=n_p)
    tag_start = np.r_[0, np.cumsum(tags_per_paper)[:-1]]
    spread = ~has_per_author[pcode]
    rp, ra = pcode[spread], acode[spread]
    reps = tags_per_paper[rp]
    offs = np.repeat(tag_start[rp], reps) + (
        np.arange(reps.sum()) - np.repeat(np.cumsum(reps) - reps, reps)
    )
    tg_a, tg_p, tg_i = np.repeat(ra, reps), np.repeat(rp, reps), tag_i[offs]
    # Distinct (author, institution, paper) links, sorted.
    link = _unique(
        _combine((np.r_[pa_a, tg_a], n_a), (np.r_[pa_i, tg_i], n_i), (np.r_[pa_p, tg_p], n_p))
    )
    if len(link) == 0:
        return G
    l_ai, l_p = link // n_p, link % n_p
    l_a, l_i = l_ai // n_i, l_ai % n_i
    starts = _run_starts(l_ai)
    weight = np.diff(np.r_[starts, len(link)])
    inst_papers = np.bincount(_unique(_combine((l_i, n_i), (l_p, n_p))) // n_p, minlength=n_i)
    auth_papers = np.bincount(_unique(_combine((l_a, n_a), (l_p, n_p))) // n_p, minlength=n_a)
    inst_nodes = np.flatnonzero(inst_papers)
    auth_nodes = np.flatnonzero(auth_papers)
    # Label and owner flag of an author: their first kept authorship row.
    first_row = np.full(n_a, -1, dtype=np.intp)
    first_row[acode[::-1]] = rows[::-1]
    label = c.rows["name"].to_numpy(dtype=object)[first_row[auth_nodes]]
    owner = c.is_owner[first_row[auth_nodes]]
    inst_names = insts[inst_nodes].tolist()
    prefixed = [INSTITUTION_PREFIX + i for i in inst_names]
    countries = _countries(aff, icode, n_i)
    with gc_paused():
        node_attrs = [
            {"label": i, "kind": "institution", "papers": n, "is_owner": False}
            for i, n in zip(inst_names, inst_papers[inst_nodes].tolist(), strict=True)
        ]
        if countries:
            for attrs, code in zip(node_attrs, inst_nodes.tolist(), strict=True):
                if code in countries:
                    attrs["country"] = countries[code]
        node_attrs += [
            {"label": str(lab), "kind": "author", "papers": n, "is_owner": own}
            for lab, n, own in zip(
                label.tolist(), auth_papers[auth_nodes].tolist(), owner.tolist(), strict=True
            )
        ]
        edge_attrs = _edge_dicts(weight, None, _join_runs(c.paper_ids[l_p], starts))
        inst_ids = np.array([INSTITUTION_PREFIX + i for i in insts.tolist()], dtype=object)
        _fill_graph(
            G,
            prefixed + c.author_ids[auth_nodes].tolist(),
            node_attrs,
            c.author_ids[l_a[starts]].tolist(),
            inst_ids[l_i[starts]].tolist(),
            edge_attrs,
        )
    return G


def _countries(aff: pd.DataFrame, icode: np.ndarray, n_i: int) -> dict[int, str]:
    """Per institution code, its most frequent non-empty ``country`` in the affiliations
    table (ties: A-Z); empty when the table has no country column or no country."""
    if "country" not in aff or not len(aff):
        return {}
    country = aff["country"].fillna("").astype(str).to_numpy(dtype=object)
    known = country != ""
    if not known.any():
        return {}
    counts = pd.DataFrame({"i": icode[known], "c": country[known]}).value_counts()
    best: dict[int, tuple[int, str]] = {}
    for (i, c), n in counts.items():
        if (old := best.get(i)) is None or (-n, c) < (-old[0], old[1]):
            best[i] = (n, c)
    return {int(i): c for i, (_, c) in best.items()}


def institution_graph(
    corpus: Corpus, *, year_from: int | None = None, year_to: int | None = None
) -> nx.Graph:
    """Institution–institution co-occurrence: an edge per pair named on one paper, ``weight`` =
    such papers (counted from the affiliations table, paper-level and per-author alike).

    The projection of the affiliation graph onto its institutions, counted per paper (two
    institutions of one author on different papers are not linked).  Edges carry the same
    attributes as co-authorship edges (``fractional`` with n = institutions on the paper).
    """
    aff = corpus.affiliations
    G = nx.Graph(kind="institution")
    if aff.empty:
        return G
    papers = corpus.papers
    (pc, paper_rows), pids = _sorted_codes(aff["paper_id"], papers["paper_id"])
    (ic,), insts = _sorted_codes(aff["institution"])
    n_p, n_i = len(pids), len(insts)
    year_by_paper = np.r_[_float_array(papers["year"]), np.nan][_paper_rows(paper_rows, n_p)]
    pcode, icode, _ = _distinct_rows(pc, ic, n_p, n_i)
    yr = year_by_paper[pcode]
    keep = np.ones(len(pcode), dtype=bool)
    with np.errstate(invalid="ignore"):
        if year_from is not None:
            keep &= yr >= year_from
        if year_to is not None:
            keep &= yr <= year_to
    pcode, icode = pcode[keep], icode[keep]
    inst_papers = np.bincount(icode, minlength=n_i)  # distinct rows: one per paper
    nodes = np.flatnonzero(inst_papers)
    pairs = _Pairs(pcode, icode, n_i, np.bincount(pcode, minlength=n_p), year_by_paper)
    ids = np.array([INSTITUTION_PREFIX + i for i in insts.tolist()], dtype=object)
    with gc_paused():
        node_attrs = [
            {"label": i, "kind": "institution", "papers": n}
            for i, n in zip(insts[nodes].tolist(), inst_papers[nodes].tolist(), strict=True)
        ]
        edge_attrs = _edge_dicts(
            pairs.weight, pairs.fractional, pairs.papers(pids), pairs.first_year, pairs.last_year
        )
        _fill_graph(
            G,
            ids[nodes].tolist(),
            node_attrs,
            ids[pairs.u].tolist(),
            ids[pairs.v].tolist(),
            edge_attrs,
        )
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
    c = _Coded(corpus).apply(year_from=year_from, year_to=year_to)
    n_p, n_a = len(c.paper_ids), len(c.author_ids)
    rows = np.flatnonzero(c.keep)
    pcode, acode = c.paper[rows], c.author[rows]
    found = np.flatnonzero(c.author_ids == owner) if n_a else np.zeros(0, dtype=np.intp)
    mine = np.zeros(n_p, dtype=bool)
    if len(found):
        mine[pcode[acode == found[0]]] = True
        sel = mine[pcode] & (acode != found[0])
    else:
        sel = np.zeros(len(rows), dtype=bool)
    key = _unique(_combine((acode[sel], n_a), (pcode[sel], n_p)))
    a_, p_ = key // max(n_p, 1), key % max(n_p, 1)
    starts = _run_starts(a_)
    yr = c.year[rows][sel]
    year_by_paper = np.full(n_p, np.nan)
    year_by_paper[pcode[sel]] = yr
    y = year_by_paper[p_]
    if len(key):
        with np.errstate(invalid="ignore"):
            first = np.fmin.reduceat(y, starts)
            last = np.fmax.reduceat(y, starts)
    else:
        first = last = np.zeros(0)
    index = pd.Index(c.author_ids[a_[starts]], name="author_id", dtype=c.rows["author_id"].dtype)
    out = pd.DataFrame(
        {
            "joint_papers": np.diff(np.r_[starts, len(key)]).astype(int),
            "first_joint_year": pd.array(first, dtype="Float64").astype("Int64"),
            "last_joint_year": pd.array(last, dtype="Float64").astype("Int64"),
            "joint_paper_ids": pd.array(
                _join_runs(c.paper_ids[p_], starts), dtype=c.rows["paper_id"].dtype
            ),
        },
        index=index,
    )
    return out
