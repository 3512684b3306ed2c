"""Likely duplicate authors the name key did not merge, with the evidence for each pair.

The name key (:func:`graph.text.name_key`) merges spellings that differ in case, accents,
hyphens and spaces.  It cannot merge ``P. K. Agarwal`` with ``Pankaj K. Agarwal``, ``Zhang
Wei`` with ``Wei Zhang``, or a typo.  :func:`name_candidates` finds such pairs:

* ``initials``: same family name, given names that agree where both are written, one with
  initials (``P. K.`` ~ ``Pankaj K.``, ``PK`` ~ ``Pankaj K.``);
* ``transposed``: the same words in another order (family and given names swapped);
* ``typo``: names at least ``min_score`` similar (rapidfuzz ``ratio``) otherwise.

Each pair carries a similarity ``score`` (0-100, rapidfuzz: the best of the full, the
word-sorted and the initials-only forms) and evidence: co-authors the two share (owners left
out: everybody shares them), years both were active, and papers that *list both* (evidence
against: one paper rarely names the same person twice).  A pair is ``suggested`` only with
shared co-authors and no paper listing both; nothing is merged here, the alias file
(:func:`write_aliases`) is for a person to review and pass to ``--aliases``.
"""

from __future__ import annotations

import csv
import heapq
import io
import os
import re
from collections import defaultdict
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

from ._pandas import pd
from .io_atomic import write_text_atomic
from .normalise import Corpus
from .text import name_parts

__all__ = ["CANDIDATE_COLUMNS", "name_candidates", "name_parts", "write_aliases"]

CANDIDATE_COLUMNS = (
    "variant",
    "canonical",
    "variant_id",
    "canonical_id",
    "kind",
    "score",
    "shared_coauthors",
    "shared_names",
    "overlap_years",
    "co_listed",
    "variant_papers",
    "canonical_papers",
    "suggested",
)
_CHUNK = 2048
#: Similarity scores computed per block (one byte each): 16 MiB, however many names there are.
_BLOCK = 1 << 24
#: Co-author sets kept for reuse hold at most this many names in all (~50 MB).
_KEEP = 1_000_000


def _compatible(a: list[str], b: list[str]) -> bool:
    """Given names agree where both are written (an initial matches a name's first letter)."""
    if not a or not b:
        return False
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    j = 0
    for k, tok in enumerate(short):
        while j < len(long_):
            other = long_[j]
            j += 1
            if tok == other or (min(len(tok), len(other)) == 1 and tok[0] == other[0]):
                break
            if k == 0:  # the first given names must agree
                return False
        else:
            return False
    return any(len(t) == 1 for t in a + b) or a != b


def _other_initial(pa: tuple[list[str], str], pb: tuple[list[str], str]) -> bool:
    """Same family name but given names starting with different letters: two people."""
    (ga, fa), (gb, fb) = pa, pb
    return fa == fb and bool(ga) and bool(gb) and ga[0][0] != gb[0][0]


def _abbrev(given: list[str], family: str) -> str:
    return " ".join([*(g[0] for g in given), family])


def _kind(pa: tuple[list[str], str], pb: tuple[list[str], str]) -> str:
    (ga, fa), (gb, fb) = pa, pb
    if not (fa and fb):
        return ""
    if fa == fb and _compatible(ga, gb):
        return "initials"
    if sorted([*ga, fa]) == sorted([*gb, fb]):
        return "transposed"
    if ga and gb and fa == gb[0] and fb == ga[0] and _compatible(ga[1:] or ["x"], gb[1:] or ["x"]):
        return "transposed"
    return ""


class _Facts:
    """What ``names`` knows about each author, from the papers the co-author graph uses.

    Papers with more than ``max_authors`` authors are left out, as the graph leaves them out
    (``--max-authors``).  Nothing here grows with the square of a paper's author count: a
    co-author set is built for one author of a candidate pair at a time, from their papers,
    and never kept for every author (a paper with 5,000 authors would make 25 million
    entries).
    """

    def __init__(self, corpus: Corpus, max_authors: int | None = None) -> None:
        a = corpus.authorships
        if max_authors is not None and len(a):
            sizes = a.groupby("paper_id")["author_id"].transform("nunique")
            a = a[(sizes <= max_authors).to_numpy()]
        year = corpus.papers.set_index("paper_id")["year"]
        a = a.assign(year=a["paper_id"].map(year))
        listed = a[a["listed"].to_numpy(dtype=bool)]
        #: author -> papers listing them; paper -> its listed authors
        self.papers = listed.groupby("author_id")["paper_id"].agg(set).to_dict()
        self.members = listed.groupby("paper_id")["author_id"].agg(tuple).to_dict()
        #: author -> (first year, last year) as ints, or None without a dated paper
        span = a.dropna(subset=["year"]).groupby("author_id")["year"].agg(["min", "max"])
        self.years = {
            k: (int(lo), int(hi))
            for k, lo, hi in zip(span.index, span["min"], span["max"], strict=True)
        }
        self.labels = a.drop_duplicates("author_id").set_index("author_id")["name"].to_dict()
        self.all_papers = a.groupby("author_id")["paper_id"].nunique().to_dict()
        self._kept: dict[str, set[str]] = {}  # least recently used first
        self._size = 0

    def coauthors(self, author: str) -> set[str]:
        """Everyone listed on a paper with ``author``.

        Sets are kept while they hold at most :data:`_KEEP` names in all (least recently
        used go first), so memory stays bounded however large a paper is.
        """
        out = self._kept.pop(author, None)
        if out is None:
            out = set()
            for p in self.papers.get(author, ()):
                out.update(self.members[p])
            self._size += len(out)
        self._kept[author] = out
        while self._size > _KEEP and len(self._kept) > 1:
            self._size -= len(self._kept.pop(next(iter(self._kept))))
        return out

    def overlap(self, a: str, b: str) -> int:
        """Years both were active (0 when either has no dated paper)."""
        ya, yb = self.years.get(a), self.years.get(b)
        if ya is None or yb is None:
            return 0
        lo, hi = max(ya[0], yb[0]), min(ya[1], yb[1])
        return hi - lo + 1 if hi >= lo else 0


def _pairs(names: list[str], parts: list[tuple[list[str], str]], min_score: float):
    """Candidate index pairs (i < j): same family, same word set, swapped, or fuzzy close."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, (given, family) in enumerate(parts):
        if family:
            blocks["f:" + family].append(i)
            blocks["w:" + " ".join(sorted([*given, family]))].append(i)
            if given:
                blocks["s:" + " ".join(sorted([given[0], family]))].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        for x, i in enumerate(members):
            pairs.update((min(i, j), max(i, j)) for j in members[x + 1 :] if i != j)
    folded = [" ".join([*g, f]) for g, f in parts]
    # Rows per block: at most _CHUNK, and at most _BLOCK scores (bytes) per block.
    step = max(1, min(_CHUNK, _BLOCK // max(len(folded), 1)))
    for lo in range(0, len(folded), step):
        scores = process.cdist(
            folded[lo : lo + step],
            folded,
            scorer=fuzz.ratio,
            score_cutoff=min_score,
            dtype=np.uint8,
            workers=1,
        )
        rows, cols = np.nonzero(scores)
        pairs.update(
            (int(r) + lo, int(c)) for r, c in zip(rows, cols, strict=True) if int(r) + lo < int(c)
        )
    return sorted(pairs)


def name_candidates(
    corpus: Corpus, *, min_score: float = 85.0, max_authors: int | None = None
) -> pd.DataFrame:
    """Pairs of authors that are likely one person, with similarity and evidence.

    Parameters
    ----------
    corpus : the normalised corpus (after name keys, ids and aliases merged what they could).
    min_score : rapidfuzz similarity (0-100) a pair needs to count as a ``typo``.
    max_authors : leave out papers with more authors, as the co-author graph does
        (``--max-authors``; None keeps all).

    Returns
    -------
    DataFrame with :data:`CANDIDATE_COLUMNS`, one row per pair: ``variant`` is the spelling
    with fewer papers (ties: the shorter name), ``canonical`` the other.  Sorted by
    ``suggested``, ``score``, ``shared_coauthors`` (all descending), then the names.

    Examples
    --------
    >>> from graph.load.csv_table import read_string
    >>> from graph.normalise import normalise
    >>> table = ("title,year,authors\\nA,2020,Pankaj K. Agarwal;Lars Arge\\n"
    ...          "B,2021,P. K. Agarwal;Lars Arge\\nC,2021,Pankaj K. Agarwal;Jeff Vitter\\n")
    >>> row = name_candidates(normalise(read_string(table))).iloc[0]
    >>> row["variant"], row["canonical"], row["kind"], row["shared_names"], bool(row["suggested"])
    ('P. K. Agarwal', 'Pankaj K. Agarwal', 'initials', 'Lars Arge', True)
    """
    facts = _Facts(corpus, max_authors)
    papers, labels, all_papers = facts.papers, facts.labels, facts.all_papers
    ids = sorted(labels)
    names = [labels[i] for i in ids]
    parts = [name_parts(n) for n in names]
    owners = set(corpus.owner_ids)
    rows = []
    for i, j in _pairs(names, parts, min_score):
        if _dblp_apart(ids[i], ids[j]):
            continue  # DBLP numbered them as two people (Wei Wang 0001, Wei Wang 0002)
        kind = _kind(parts[i], parts[j])
        full_a, full_b = (
            " ".join([*parts[i][0], parts[i][1]]),
            " ".join([*parts[j][0], parts[j][1]]),
        )
        score = max(fuzz.ratio(full_a, full_b), fuzz.token_sort_ratio(full_a, full_b))
        if kind:
            score = max(score, fuzz.ratio(_abbrev(*parts[i]), _abbrev(*parts[j])))
        elif score >= min_score and not _other_initial(parts[i], parts[j]):
            kind = "typo"
        else:
            continue
        a, b = ids[i], ids[j]
        shared = (facts.coauthors(a) & facts.coauthors(b)) - owners - {a, b}
        first_shared = heapq.nsmallest(5, shared, key=lambda x: (labels[x], x))
        co_listed = len(papers.get(a, set()) & papers.get(b, set()))
        overlap = facts.overlap(a, b)
        if (all_papers[a], len(labels[a]), labels[a]) > (all_papers[b], len(labels[b]), labels[b]):
            a, b = b, a
        rows.append(
            (
                labels[a],
                labels[b],
                a,
                b,
                kind,
                round(float(score), 1),
                len(shared),
                "; ".join(labels[x] for x in first_shared),
                overlap,
                co_listed,
                int(all_papers[a]),
                int(all_papers[b]),
                bool(shared) and co_listed == 0,
            )
        )
    out = pd.DataFrame(rows, columns=list(CANDIDATE_COLUMNS))
    return out.sort_values(
        ["suggested", "score", "shared_coauthors", "variant", "canonical"],
        ascending=[False, False, False, True, True],
        ignore_index=True,
    )


_DBLP_KEY = re.compile(r"\D(\d{4})$")


def _dblp_apart(a: str, b: str) -> bool:
    """Two author keys with different DBLP homonym numbers (``weiwang0001``,
    ``weiwang0002``): DBLP has told them apart, so they are no candidate pair.

    >>> _dblp_apart("weiwang0001", "weiwang0002"), _dblp_apart("weiwang", "weiwang0001")
    (True, False)
    """
    ma, mb = _DBLP_KEY.search(a), _DBLP_KEY.search(b)
    return bool(ma and mb and ma.group(1) != mb.group(1))


def write_aliases(
    candidates: pd.DataFrame,
    path: str | os.PathLike[str],
    *,
    only_suggested: bool = True,
    raw: bool = False,
) -> Path:
    """Write ``variant,canonical`` rows (the ``--aliases`` format) atomically.

    Only suggested pairs (shared co-authors, never on one paper) by default; a variant goes
    to its best-scored canonical name once.  A name a spreadsheet would run as a formula gets
    a leading ``'`` unless ``raw`` (:mod:`graph.csv_safe`; ``--aliases`` reads either form).
    """
    from .csv_safe import safe_cell

    cell = (lambda v: v) if raw else safe_cell
    # a boolean array, not the Series: an empty object Series would select columns
    rows = (
        candidates[candidates["suggested"].to_numpy(dtype=bool)] if only_suggested else candidates
    )
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["variant", "canonical"])
    done: set[str] = set()
    for variant, canonical in rows[["variant", "canonical"]].itertuples(index=False):
        if variant not in done:
            done.add(variant)
            writer.writerow([cell(variant), cell(canonical)])
    return write_text_atomic(path, buf.getvalue())
