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

import pandas as pd

from .normalise import Corpus, iter_owner_names

__all__ = ["SOURCE_KEYS", "corpus_info", "format_info"]

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


def corpus_info(corpus: Corpus) -> dict:
    """Summarise ``corpus``: owners, papers read vs claimed, authors, tags, years, skipped.

    Parameters
    ----------
    corpus : the normalised tables of one run.

    Returns
    -------
    dict with keys, in this order: ``owners`` (display names), ``papers`` (``read``,
    ``claimed``, ``fewer_than_claimed``, ``records_read``, ``duplicates_merged``), ``authors``
    (``distinct`` = listed co-authors + owners, ``co_authors``, ``owners``, ``authorships``,
    ``listed_authorships``, ``lower_bound``), ``incomplete_author_lists``, ``affiliations``
    (institution -> papers, by count then name), ``affiliation_rows``, ``years`` (``first``,
    ``last``, ``inferred`` = dates whose year was not written), ``categories``, ``code``
    (``marked`` = papers flagged ``Code``, ``url`` = papers with a repository URL),
    ``skipped`` (``count`` and the ``problems`` as messages) and ``sources`` (per input file,
    the keys of :data:`SOURCE_KEYS` its reader provides).
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
        },
        "authors": {
            "distinct": int(distinct),
            "co_authors": int(co_authors),
            "owners": int(distinct - co_authors),
            "authorships": len(auth),
            "listed_authorships": int(auth["listed"].sum()),
            "lower_bound": bool(incomplete),
        },
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
        papers += f", {p['duplicates_merged']} duplicates merged"
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
    lines = [
        f"owner: {', '.join(info['owners']) or 'none'}",
        papers,
        authors,
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
