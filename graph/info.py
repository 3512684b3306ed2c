"""What a corpus holds, as a plain report: the ``collabgraph info`` command's library half.

:func:`corpus_info` is a pure function of a :class:`~graph.normalise.Corpus`; it returns a dict
with a fixed key order (ready for ``json.dumps``), and :func:`format_info` turns that dict into
the human-readable text the command prints.

Examples
--------
>>> from graph.load.profile_text import read_string
>>> from graph.normalise import normalise
>>> page = ("Ada Lovelace\\nCV\\n3papers\\n\\nCVMay 3, 2021Code\\nT1\\n\\n"
...         "Alan Turing et al. · ox\\n\\nCVJun 1\\nT2\\n\\nAlan Turing, Kurt Gödel\\n")
>>> info = corpus_info(normalise(read_string(page)))
>>> info["papers"]["read"], info["papers"]["claimed"], info["authors"]["distinct"]
(2, 3, 3)
>>> info["years"]
{'first': 2021, 'last': 2022, 'inferred': 1}
>>> print(format_info(info).splitlines()[1])
papers: 2 read of 3 claimed (the inputs list fewer papers than they claim)
"""

from __future__ import annotations

from ._pandas import pd
from .normalise import Corpus, iter_owner_names
from .text import name_parts

__all__ = [
    "MERGE_RULES",
    "SOURCE_KEYS",
    "corpus_info",
    "format_info",
    "group_counts",
    "initials_counts",
    "max_authors_graph_note",
    "max_authors_note",
    "papers_without_authors",
    "team_size_counts",
]

#: The paper merge's rules (``Corpus.meta["merged_by"]``) and how reports name them.
MERGE_RULES = {"doi": "DOI", "ext_id": "paper id", "title_year_authors": "title + year + authors"}

#: Per-source metadata shown by ``info``, in this order, when the reader provides it.
SOURCE_KEYS = (
    "path",
    "format",
    "owner",
    "field",
    "h_index",
    "claimed_papers",
    "citations",
    "novelty_pct",
    "ai_score",
    "entries",
    "records",
    "skipped",
    "capture_date",
    "capture_year",
    "capture_year_rule",
    "inferred_years",
)


def _counts(values: pd.Series) -> dict[str, int]:
    """``{value: count}`` by count (descending), then value, for a stable order."""
    counts = values.value_counts()
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
    return {str(k): int(v) for k, v in ordered}


def _plain(value):
    """numpy scalars -> Python scalars, so the report is JSON-ready."""
    return value.item() if hasattr(value, "item") else value


def initials_counts(corpus: Corpus) -> dict[str, int]:
    """How many authors the corpus has when names are keyed as Newman (PNAS 2001) did: by
    surname + first initial, and by surname + all initials.

    Each author (one ``author_id``, shown by their display name) gets one key of each kind;
    authors sharing a key count once.  The first key merges people who share a surname and
    an initial, the second splits fewer of one person's spellings (``P. Agarwal`` /
    ``P. K. Agarwal``): Newman used the two as bounds on the true count.  Ours keys full
    names (:func:`graph.text.name_key`) and merges external ids and aliases.

    >>> from graph.load.csv_table import read_string
    >>> from graph.normalise import normalise
    >>> c = normalise(read_string("title,year,authors\\nA,2020,Pankaj K. Agarwal;P. K. Agarwal"
    ...                           ";P. Agarwal;Pramod Agarwal\\n"))
    >>> initials_counts(c)
    {'surname_first_initial': 1, 'surname_initials': 2}
    """
    names = corpus.authorships.drop_duplicates("author_id")["name"].tolist()
    first, every = set(), set()
    for name in names:
        given, family = name_parts(name)
        first.add((family, given[0][0] if given else ""))
        every.add((family, "".join(g[0] for g in given)))
    return {"surname_first_initial": len(first), "surname_initials": len(every)}


def team_size_counts(corpus: Corpus, max_authors: int | None) -> dict:
    """What ``--max-authors`` leaves out of the co-author graph: ``max_authors``,
    ``papers_left_out`` (papers with more distinct authors, owners included, as the graph
    counts them) and ``authors`` (authors left in the graph, with no other filter)."""
    auth = corpus.authorships
    if max_authors is None or auth.empty:
        return {
            "max_authors": max_authors,
            "papers_left_out": 0,
            "authors": auth["author_id"].nunique(),
        }
    sizes = auth.groupby("paper_id")["author_id"].nunique()
    big = sizes.index[sizes > max_authors]
    kept = auth.loc[~auth["paper_id"].isin(big), "author_id"].nunique()
    return {"max_authors": max_authors, "papers_left_out": len(big), "authors": int(kept)}


def max_authors_note(papers_left_out: int, max_authors: int, in_graph: int, in_corpus: int) -> str:
    """The one sentence ``run``, ``export`` and ``info`` use for papers over ``--max-authors``.

    "Authors" everywhere means the nodes of the co-author graph; where papers are left out,
    the sentence also gives the corpus count.

    >>> print(max_authors_note(1, 4, 3, 6))  # doctest: +NORMALIZE_WHITESPACE
    1 paper with more than 4 authors left out of the co-author graph (--max-authors):
    3 of 6 authors in the graph
    """
    return (
        f"{_n(papers_left_out, 'paper')} with more than {max_authors} authors left out of the "
        f"co-author graph (--max-authors): {in_graph} of {in_corpus} authors in the graph"
    )


def max_authors_graph_note(corpus: Corpus, G) -> str | None:
    """:func:`max_authors_note` for a built co-author graph ``G`` of ``corpus`` (None when
    ``--max-authors`` left nothing out, or ``G`` is another graph)."""
    skipped = int(G.graph.get("team_size_skipped", 0) or 0)
    if not skipped or G.graph.get("kind") != "coauthor":
        return None
    in_corpus = int(corpus.authorships["author_id"].nunique())
    return max_authors_note(skipped, int(G.graph["max_authors"]), G.number_of_nodes(), in_corpus)


def group_counts(papers: pd.DataFrame) -> dict[str, int]:
    """Collective authors (the papers table's ``groups``) kept off the co-author graph:
    ``distinct`` names and ``papers`` naming one."""
    if "groups" not in papers:
        return {"distinct": 0, "papers": 0}
    lists = [g.split("; ") for g in papers["groups"].tolist() if g]
    return {"distinct": len({g for gs in lists for g in gs}), "papers": len(lists)}


def papers_without_authors(corpus: Corpus) -> int:
    """Papers that list no author and no group author: documents the database has no author
    names for (Scopus' ``[No author name available]``, Web of Science's ``[Anonymous]``).
    They count as papers and add nothing to the co-author graph.

    >>> from graph.load.csv_table import read_string
    >>> from graph.normalise import normalise
    >>> papers_without_authors(normalise(read_string(
    ...     "title,year,authors\\nA,2020,Anonymous\\nB,2020,Ada Lovelace\\n")))
    1
    """
    auth = corpus.authorships
    listed = set(auth.loc[auth["listed"].astype(bool), "paper_id"])
    papers = corpus.papers
    nobody = ~papers["paper_id"].isin(listed) & (papers["groups"].fillna("") == "")
    return int(nobody.sum())


def corpus_info(corpus: Corpus, *, max_authors: int | None = 100) -> dict:
    """Summarise ``corpus``: owners, papers read vs claimed, authors, tags, years, skipped.

    Parameters
    ----------
    corpus : the normalised tables of one run.
    max_authors : the co-author graph leaves out papers with more authors (``--max-authors``;
        None keeps all), as ``run`` and ``export`` do.

    Returns
    -------
    dict with keys, in this order: ``owners`` (display names), ``papers`` (``read``,
    ``claimed``, ``fewer_than_claimed``, ``records_read``, ``duplicates_merged``,
    ``merged_by`` = merges per rule of :data:`MERGE_RULES`, ``merge_dropped_authors`` =
    authors of merged records no record lists with the others, left out,
    ``without_authors`` = :func:`papers_without_authors`), ``authors``
    (``distinct`` = listed co-authors + owners, ``co_authors``, ``owners``, ``authorships``,
    ``listed_authorships``, ``lower_bound``, ``newman`` = :func:`initials_counts`),
    ``coauthor_graph`` (:func:`team_size_counts`), ``groups`` (collective authors kept off the
    graph: ``distinct``, ``papers``), ``incomplete_author_lists``, ``affiliations``
    (institution -> papers, by count then name), ``affiliation_rows``, ``years`` (``first``,
    ``last``, ``inferred`` = dates whose year was not written), ``categories``, ``code``
    (``marked`` = papers flagged ``Code``, ``url`` = papers with a repository URL),
    ``skipped`` (``count`` and the ``problems`` as messages), ``warnings`` (the readers'
    warnings, things read anyway or left out of a record, in the order the commands print
    them) and ``sources`` (per input file, the keys of :data:`SOURCE_KEYS` its reader
    provides).
    """
    papers, auth, affs = corpus.papers, corpus.authorships, corpus.affiliations
    sources = [{k: _plain(s[k]) for k in SOURCE_KEYS if k in s} for s in corpus.meta["sources"]]
    claimed = sum(int(s.get("claimed_papers") or 0) for s in sources)
    owner_ids = set(corpus.owner_ids)
    distinct = auth["author_id"].nunique()
    co_authors = auth.loc[~auth["author_id"].isin(owner_ids), "author_id"].nunique()
    years = papers["year"].dropna()
    incomplete = corpus.incomplete_papers
    return {
        "owners": list(iter_owner_names(corpus)),
        "papers": {
            "read": len(papers),
            "claimed": claimed,
            "fewer_than_claimed": bool(claimed and claimed > len(papers)),
            "records_read": int(corpus.meta.get("records_read", len(papers))),
            "duplicates_merged": int(corpus.meta.get("duplicates_merged", 0)),
            "merged_by": {k: int(v) for k, v in corpus.meta.get("merged_by", {}).items()},
            "merge_dropped_authors": int(corpus.meta.get("merge_dropped_authors", 0)),
            "without_authors": papers_without_authors(corpus),
        },
        "authors": {
            "distinct": int(distinct),
            "co_authors": int(co_authors),
            "owners": int(distinct - co_authors),
            "authorships": len(auth),
            "listed_authorships": int(auth["listed"].sum()),
            "lower_bound": bool(incomplete),
            "newman": initials_counts(corpus),
        },
        "coauthor_graph": team_size_counts(corpus, max_authors),
        "groups": group_counts(papers),
        "incomplete_author_lists": incomplete,
        "affiliations": _counts(affs.drop_duplicates(["paper_id", "institution"])["institution"]),
        "affiliation_rows": len(affs),
        "years": {
            "first": int(years.min()) if len(years) else None,
            "last": int(years.max()) if len(years) else None,
            "inferred": int(papers["year_inferred"].sum()),
        },
        "categories": _counts(papers.loc[papers["category"] != "", "category"]),
        "code": {
            "marked": int(papers["has_code"].sum()),
            "url": int((papers["code_url"] != "").sum()),
        },
        "skipped": {
            "count": len(corpus.problems),
            "problems": [str(p) for p in corpus.problems],
        },
        "warnings": list(corpus.meta.get("warnings", [])),
        "sources": sources,
    }


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _pairs(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in counts.items()) or "none"


def format_info(info: dict) -> str:
    """The report of :func:`corpus_info` as lines of text (what ``collabgraph info`` prints).

    Parameters
    ----------
    info : a dict made by :func:`corpus_info`.

    Returns
    -------
    One line per topic, then one line per source.
    """
    p, a, y = info["papers"], info["authors"], info["years"]
    papers = f"papers: {p['read']} read"
    if p["claimed"]:
        papers += f" of {p['claimed']} claimed"
        if p["fewer_than_claimed"]:
            papers += " (the inputs list fewer papers than they claim)"
    if p["duplicates_merged"]:
        papers += f", {_n(p['duplicates_merged'], 'duplicate')} merged"
        rules = [f"{n} by {MERGE_RULES.get(k, k)}" for k, n in p.get("merged_by", {}).items() if n]
        if rules:
            papers += f" ({', '.join(rules)})"
    if p.get("without_authors"):
        papers += f", {p['without_authors']} without author names"
    if p.get("merge_dropped_authors"):
        papers += (
            f"; {_n(p['merge_dropped_authors'], 'author')} of merged records left out "
            "(no record lists them with the others)"
        )
    authors = (
        f"authors: {a['distinct']} distinct ({_n(a['co_authors'], 'co-author')} + "
        f"{_n(a['owners'], 'owner')}), {_n(a['authorships'], 'authorship')}"
    )
    if a["lower_bound"]:
        authors += " (lower bounds: some author lists are cut)"
    years = "years: none"
    if y["first"] is not None:
        years = f"years: {y['first']}–{y['last']}"
    if y["inferred"]:
        years += f" ({y['inferred']} dates without a written year)"
    newman = a.get("newman")
    lines = [f"owner: {', '.join(info['owners']) or 'none'}", papers, authors]
    if newman:
        lines.append(
            f"authors by initials (Newman 2001): {newman['surname_first_initial']} by surname "
            f"+ first initial, {newman['surname_initials']} by surname + all initials, "
            f"{a['distinct']} by our name key"
        )
    g = info.get("coauthor_graph", {})
    if g.get("papers_left_out"):
        lines.append(
            "co-author graph: "
            + max_authors_note(g["papers_left_out"], g["max_authors"], g["authors"], a["distinct"])
        )
    groups = info.get("groups", {})
    if groups.get("distinct"):
        lines.append(
            f"group authors: {groups['distinct']} on {_n(groups['papers'], 'paper')}, kept off "
            "the co-author graph"
        )
    lines += [
        f"incomplete author lists: {info['incomplete_author_lists']} of {p['read']} papers"
        + (' ("et al.")' if info["incomplete_author_lists"] else ""),
        f"affiliation tags: {_pairs(info['affiliations'])} ({info['affiliation_rows']} rows)",
        years,
        f"categories: {_pairs(info['categories'])}",
        f"code: {info['code']['marked']} papers marked Code, {info['code']['url']} with a "
        "repository URL",
        f"skipped entries: {info['skipped']['count']}",
    ]
    lines.extend(_source_line(s) for s in info["sources"])
    return "\n".join(lines)


_LABELS = {
    "h_index": "h-index",
    "claimed_papers": "claimed papers",
    "novelty_pct": "novelty %",
    "ai_score": "AI score",
    "records": "read",
    "capture_date": "capture date",
    "capture_year": "capture year",
    "inferred_years": "inferred years",
}


def _source_line(source: dict) -> str:
    details = []
    for key, value in source.items():
        if key in ("path", "capture_year_rule") or value in ("", None):
            continue
        text = f"{_LABELS.get(key, key)} {value}"
        if key == "capture_year" and source.get("capture_year_rule"):
            text += f" ({source['capture_year_rule']})"
        details.append(text)
    return f"source {source.get('path', '?')}: {', '.join(details)}"
