"""Owner detection for single-researcher exports (a Scholar or DBLP BibTeX, an ORCID-based
OpenAlex download): the author on all or nearly all papers of one file.

A profile page names its owner; other exports do not, but the owner shows up as the one author
on (nearly) every paper.  Detection needs at least ``min_papers`` papers and a share of at least
``min_share`` of them; ties on the count (two people on every paper) detect nobody, since the
file does not say which of them it belongs to.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from ..text import clean_text, name_key
from .records import PaperRecord

__all__ = ["MIN_PAPERS", "MIN_SHARE", "detect_owner"]

MIN_SHARE = 0.8
MIN_PAPERS = 3


def detect_owner(
    records: Sequence[PaperRecord], *, min_share: float = MIN_SHARE, min_papers: int = MIN_PAPERS
) -> dict | None:
    """The likely owner of a file's records, or None.

    Returns ``{"name", "papers", "of", "share"}``: the most frequent spelling of the author's
    name, the papers listing them, the papers in the file and the share.

    >>> from graph.load.records import AuthorRef, PaperRecord
    >>> recs = [PaperRecord(f"T{i}", (AuthorRef("Ada Lovelace"), AuthorRef(f"X{i}")), "f", i)
    ...         for i in range(4)]
    >>> detect_owner(recs)
    {'name': 'Ada Lovelace', 'papers': 4, 'of': 4, 'share': 1.0}
    >>> detect_owner(recs[:2]) is None  # too few papers to tell
    True
    """
    if len(records) < min_papers:
        return None
    per_key: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    for rec in records:
        keys = {}
        for a in rec.authors:
            k = name_key(a.name)
            if k:
                keys.setdefault(k, clean_text(a.name))
        for k, spelled in keys.items():
            per_key[k] += 1
            spellings.setdefault(k, Counter())[spelled] += 1
    if not per_key:
        return None
    ranked = per_key.most_common(2)
    key, count = ranked[0]
    if len(ranked) > 1 and ranked[1][1] == count:
        return None
    if count < min_papers or count < min_share * len(records):
        return None
    name = sorted(spellings[key].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    return {
        "name": name,
        "papers": count,
        "of": len(records),
        "share": round(count / len(records), 3),
    }
