"""One person, one node: merge name variants and split homonyms (``--resolve-names``).

A pure stage between :mod:`graph.normalise` and :mod:`graph.build`.  After normalising, an
author is a *name key* (plus the alias file and shared external ids).  That key is wrong two
ways, and :func:`resolve_names` corrects each, conservatively and with every decision listed:

``merge``
    one person written several ways (``P. K. Agarwal`` ~ ``Pankaj K. Agarwal`` ~ ``P.
    Agarwal``): initials against full given names, a missing middle name, a generational
    suffix (``Jr.``), a hyphenated given name against its initials (``K.-Y.`` ~ ``Ke-Yue``),
    and, with stronger evidence, given and family names swapped (``Zhang Wei`` ~ ``Wei Zhang``).
    Candidates are only compared inside a block of family name + first initial (never all
    pairs).  Two keys are merged only when

    * their given names agree wherever both are written (:func:`compatible`);
    * no paper lists both (one paper never names one person twice), the user did not say
      they differ (``--not-same``), and they carry no two different ORCIDs;
    * the evidence supports it: shared co-authors (owners and corpus hubs left out) and
      shared institutions, weighted down where a family name is common in the corpus or an
      institution is big (:class:`MergeParams`); a swap needs two shared co-authors, or one
      and a shared institution or venue;
    * the short form is not ambiguous: ``P. Agarwal`` stays alone when both ``Pankaj
      Agarwal`` and ``Pramod Agarwal`` exist, unless only one of them shares evidence with it.

    Merges are made strongest first; a merged group stays pairwise compatible and never two
    authors of one paper.  The group takes the fullest spelling as its id and name.  A
    merge can make evidence for another (a co-author's two spellings joined), so merging
    repeats, at most three rounds.

``split``
    one key that is several people (``Wei Wang``): the key's papers are clustered on what
    else they say about the author, in three steps (tuned and measured on a labelled set,
    ``bench/disambiguation.py``; README "One person, one node"):

    1. papers sharing a co-author (other than the key itself), an institution of this
       author or an external id are linked; a key whose linked group reaches
       :attr:`SplitParams.louvain_min` papers is grouped with Louvain at a low resolution
       (:attr:`SplitParams.resolution`), which keeps linked groups whole except where a
       thin bridge joins two dense ones (a senior colleague of two people with one name);
    2. the groups are merged by average linkage on title words (TF-IDF, cosine) and venue
       while the mean similarity of their papers is at least :attr:`SplitParams.threshold`;
       two groups with different ORCIDs are never merged;
    3. a paper that still stands alone and has no co-author, institution or id at all joins
       the group its title and venue are closest to, else the largest group: papers without
       evidence never make a person.

    A key is split only when at least two of its groups have two papers or more
    (:attr:`SplitParams.min_groups`): one group and a few strays stay one person.  The
    largest group keeps the key; the others get ``key~2``, ``key~3`` ... (by papers) and
    the display name ``Wei Wang (2)`` ...  Owners, and names the user listed in the alias
    file, are never split.

``both``
    split, then merge: a variant joins the person its evidence points to (``W. Wang`` with
    the ``Wei Wang (2)`` it shares co-authors with), and persons split from one key are
    never merged back.

Nothing here creates a co-authorship: each authorship row keeps its paper and only its
author id changes; a split maps one row to one person, and keys listed together on a paper
are never merged, so two persons on one paper stay two.

Examples
--------
>>> from graph.load.csv_table import read_string
>>> from graph.normalise import normalise
>>> table = ("title,year,authors\\n"
...          "A,2020,Pankaj K. Agarwal;Lars Arge\\n"
...          "B,2021,P. K. Agarwal;Lars Arge\\n"
...          "C,2021,Pankaj K. Agarwal;Jeff Vitter\\n")
>>> corpus, decisions = resolve_names(normalise(read_string(table)), "merge")
>>> sorted(set(corpus.authorships["name"]))
['Jeff Vitter', 'Lars Arge', 'Pankaj K. Agarwal']
>>> decisions[["name", "new_name", "rule", "n_coauthors", "coauthors"]].values.tolist()
[['P. K. Agarwal', 'Pankaj K. Agarwal', 'initials', 1, 'Lars Arge']]
"""

from __future__ import annotations

import csv
import dataclasses
import io
import math
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from ._pandas import pd
from .config import RESOLVE_MODES
from .errors import CollabGraphError, InputError
from .io_atomic import write_text_atomic
from .load._common import flip_name
from .load._text import read_text
from .normalise import Corpus, name_pairs
from .text import clean_text, name_key

__all__ = [
    "DECISION_COLUMNS",
    "MODES",
    "MergeParams",
    "ParsedName",
    "SplitParams",
    "compatible",
    "decisions_csv",
    "parse_name",
    "read_not_same",
    "resolve_names",
    "write_decisions",
]

#: ``off``, ``merge``, ``split``, ``both`` (the ``--resolve-names`` choices).
MODES = RESOLVE_MODES

#: Columns of the decisions table (``output/identity.csv``), one row per decision.
#:
#: * ``kind``: ``merge`` or ``split``;
#: * ``author_id``, ``name``: the author before (the variant merged away, or the key split);
#: * ``new_id``, ``new_name``: the author after (the group's id, or this person's id);
#: * ``matched_id``, ``matched_name``: merge: the name whose evidence decided it;
#: * ``rule``: merge: ``initials``, ``middle``, ``suffix``, ``hyphen``, ``transposed`` (joined
#:   with ``+``); split: ``co-authors`` (papers linked by shared co-authors, institutions or
#:   ids), ``+title/venue`` (linked groups joined by title and venue), ``+N without
#:   evidence`` (papers with nothing to go on, placed by title/venue or with the largest);
#: * ``papers``: papers of ``author_id`` (merge) or of this person (split);
#: * ``score``: merge: shared co-authors + shared institutions + 0.5 for a shared venue and
#:   0.5 for overlapping years; split: the highest title/venue similarity of this person to
#:   another person of the key (below the threshold, else they would be one);
#: * ``n_coauthors``, ``coauthors``: shared co-authors (merge) or this person's co-authors
#:   (split; the most frequent five are named);
#: * ``years``, ``institutions``, ``venues``, ``external_ids``: shared (merge) or this
#:   person's (split).
DECISION_COLUMNS = (
    "kind",
    "author_id",
    "name",
    "new_id",
    "new_name",
    "matched_id",
    "matched_name",
    "rule",
    "papers",
    "score",
    "n_coauthors",
    "coauthors",
    "years",
    "institutions",
    "venues",
    "external_ids",
)


@dataclass(frozen=True, kw_only=True)
class MergeParams:
    """When two compatible name keys are merged (README "One person, one node").

    The evidence of a pair is a weighted count: each shared co-author and each shared
    institution (of these two authors) counts 1, or ``common_weight`` when the co-author's
    family name is common in the corpus (that key may be several people) or the institution
    is on at least ``big_institution`` of the papers (a corpus of nine universities shares
    them all).  A pair merges with evidence of at least

    * ``full_name_evidence`` when both write the first given name out and the family name is
      not common (``Melanie Seltmann`` / ``Melanie E.-H. Seltmann``);
    * ``common_evidence`` when one side is bare initials of a common family name (``K.
      Xu``: many people could be written so);
    * ``min_evidence`` otherwise.

    Attributes
    ----------
    min_evidence, full_name_evidence, common_evidence : see above.
    common_family : a family name written with at least this many different first names in
        the corpus is common (``Wang``, ``Kim`` in most corpora; 0: none is).
    common_weight : the weight of a common co-author or big institution.
    big_institution : share of the papers that makes an institution big.
    transposed_coauthors : shared co-authors that suffice for swapped given/family names; one
        fewer suffices with a shared institution or venue.
    hub_share : authors on at least this share of the papers (and on 3 or more) are hubs, like
        owners: everybody shares them, so they are no evidence at all.
    """

    min_evidence: float = 1.0
    full_name_evidence: float = 0.5
    common_evidence: float = 2.0
    common_family: int = 10
    common_weight: float = 0.5
    big_institution: float = 0.05
    transposed_coauthors: int = 2
    hub_share: float = 0.5


@dataclass(frozen=True, kw_only=True)
class SplitParams:
    """How one key's papers are clustered into persons (tuned on the labelled dev set, names
    cross-validated in halves: ``python -m bench.disambiguation --tune``).

    Attributes
    ----------
    resolution : Louvain resolution of step 1 (low: linked groups stay whole unless a bridge
        is thin).
    louvain_min : only keys with a linked group of at least this many papers go through
        Louvain (on the dev set the scores are the same for 10 to 80: at this resolution
        Louvain cuts only large groups; the bound saves time).
    threshold : step 2 joins two groups while the mean title/venue similarity of their
        papers is at least this.
    title_weight, venue_weight : weights of the title-word cosine and the same-venue term in
        that similarity.
    min_papers : keys with fewer papers are never split.
    min_groups : a key is split only when at least this many of its groups have two or more
        papers (1: any group of two papers; lone papers with co-authors then become persons
        of their own).
    """

    resolution: float = 0.1
    louvain_min: int = 20
    threshold: float = 0.10
    title_weight: float = 0.5
    venue_weight: float = 0.5
    min_papers: int = 2
    min_groups: int = 2


# --- names ---------------------------------------------------------------------------------

_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "du", "ter", "ten"}
)


@dataclass(frozen=True)
class ParsedName:
    """A name cut into comparable parts.

    ``units`` are the given names in order, each ``(full, initials)``: ``("pankaj", "p")``,
    ``("", "k")`` for an initial, ``("keyue", "ky")`` for a hyphenated name; ``family`` is the
    folded last word of the family name (particles such as ``van der`` dropped), ``suffix``
    a generational suffix (``jr``, ``iii``) or ``""``.
    """

    units: tuple[tuple[str, str], ...]
    family: str
    suffix: str = ""

    @property
    def block(self) -> str:
        """Family name + first initial: names are only ever compared inside one block."""
        return f"{self.family}|{self.units[0][1][0]}" if self.units and self.family else ""

    @property
    def fullness(self) -> tuple[int, int, bool]:
        """Written given names, given units, a suffix: the fuller spelling names a merged
        group."""
        return sum(1 for f, _ in self.units if f), len(self.units), bool(self.suffix)


def _fold(token: str) -> str:
    return name_key(token)


def parse_name(name: str) -> ParsedName:
    """Cut a display name into given-name units, family name and suffix.

    ``Last, First`` is read too; capital runs of two or three letters are initials (``PK``);
    ``J.-P.`` is one unit with initials ``jp``, as is ``Jean-Pierre``.

    >>> parse_name("Pankaj K. Agarwal")
    ParsedName(units=(('pankaj', 'p'), ('', 'k')), family='agarwal', suffix='')
    >>> parse_name("Agarwal, P.K.").units, parse_name("Martin King Jr.").suffix
    ((('', 'p'), ('', 'k')), 'jr')
    >>> parse_name("J.-P. Serre").units, parse_name("Ke-Yue Zhang").units
    ((('', 'jp'),), (('keyue', 'ky'),))
    >>> parse_name("Jan van der Berg").family
    'berg'
    """
    text = clean_text(name)
    suffix = ""
    if "," in text:
        parts = [p.strip() for p in text.split(",") if p.strip()]
        if len(parts) >= 2 and _fold(parts[1]) in _SUFFIXES:  # "Martin King, Jr."
            suffix, parts = _fold(parts[1]), [parts[0], *parts[2:]]
        if len(parts) >= 3 and _fold(parts[2]) in _SUFFIXES:  # "King, Martin, Jr."
            suffix = _fold(parts[2])
        text = " ".join(parts[1:2] + parts[:1]) if len(parts) >= 2 else parts[0] if parts else ""
    tokens = text.split()
    if len(tokens) > 2 and _fold(tokens[-1]) in _SUFFIXES:
        suffix = _fold(tokens[-1])
        tokens = tokens[:-1]
    if not tokens:
        return ParsedName((), "", suffix)
    family = _fold(tokens[-1])
    given = tokens[:-1]
    while given and given[-1] in _PARTICLES:  # lower-case particles belong to the family
        given = given[:-1]
    units: list[tuple[str, str]] = []
    for raw in given:
        bare = raw.replace(".", " ").replace("-", " - ").split()
        if "." in raw or all(len(b) == 1 for b in bare):
            # initials: "P.K." -> p, k; "J.-P." -> one unit jp
            letters = [_fold(b) for b in bare if b != "-" and _fold(b)]
            if "-" in bare and letters:
                units.append(("", "".join(letters)))
            else:
                units.extend(("", x[0]) for x in letters)
        elif raw.isupper() and raw.isalpha() and 1 < len(raw) <= 3:
            units.extend(("", c) for c in _fold(raw))
        else:
            pieces = [_fold(p) for p in raw.split("-")]
            pieces = [p for p in pieces if p]
            if pieces:
                units.append(("".join(pieces), "".join(p[0] for p in pieces)))
    return ParsedName(tuple(units), family, suffix)


def _unit_match(a: tuple[str, str], b: tuple[str, str]) -> str | None:
    """How two given-name units agree: ``""`` (written alike), a rule name, or None."""
    (fa, ia), (fb, ib) = a, b
    if fa and fb:
        return "" if fa == fb else None
    if fa or fb:  # a written name against initials
        full, ini, inits = (fa, ib, ia) if fa else (fb, ia, ib)
        if ini == inits:
            return "initials"
        if len(ini) == 1 and ini == full[0]:
            return "initials" if len(inits) == 1 else "hyphen"
        return None
    if ia == ib:
        return ""
    if min(len(ia), len(ib)) == 1 and ia[0] == ib[0]:
        return "hyphen"  # "J." against "J.-P."
    return None


def _embed(short: Sequence[tuple[str, str]], long: Sequence[tuple[str, str]]) -> set[str] | None:
    """Rules under which every unit of ``short`` matches a unit of ``long`` in order, the
    first with the first (``long`` may have more: a missing middle name), or None."""
    if not short or not long:
        return None

    def go(i: int, j: int) -> set[str] | None:
        if i == len(short):
            return {"middle"} if j < len(long) else set()
        for k in range(j, len(long)):
            if i == 0 and k > 0:
                break  # the first given names must agree
            # a hyphenated name against its initials written apart: "Ke-Yue" ~ "K. Y."
            f, ini = short[i]
            if (
                f
                and len(ini) > 1
                and k + len(ini) <= len(long)
                and all(not long[k + m][0] and long[k + m][1] == c for m, c in enumerate(ini))
            ):
                rest = go(i + 1, k + len(ini))
                if rest is not None:
                    return rest | {"hyphen"} | ({"middle"} if k > j else set())
            rule = _unit_match(short[i], long[k])
            if rule == "hyphen" and len(long[k][1]) < len(short[i][1]) and k + 1 < len(long):
                # "Jung-Sun" against "J. H.": after the "J." standing for the compound, a
                # further initial would be its "S." (or contradict it), never a middle name
                rule = None
            if rule is not None:
                rest = go(i + 1, k + 1)
                if rest is not None:
                    return rest | ({rule} if rule else set()) | ({"middle"} if k > j else set())
        return None

    return go(0, 0)


def compatible(a: ParsedName, b: ParsedName) -> str | None:
    """The rule under which two parsed names can be one person, or None.

    Family names equal and given names agreeing wherever both are written (an initial
    matches a name starting with it; missing middle names are allowed on one side only);
    generational suffixes equal or on one side only.  Swapped given and family names
    (``Zhang Wei`` / ``Wei Zhang``, written in full) give ``transposed``.

    >>> p = parse_name
    >>> compatible(p("P. Agarwal"), p("Pankaj K. Agarwal"))
    'initials+middle'
    >>> compatible(p("Pankaj Agarwal"), p("Pramod Agarwal")) is None
    True
    >>> compatible(p("P. K. Agarwal"), p("P. J. Agarwal")) is None
    True
    >>> compatible(p("Martin King Jr."), p("Martin King"))
    'suffix'
    >>> compatible(p("Zhang Wei"), p("Wei Zhang"))
    'transposed'
    >>> compatible(p("K.-Y. Zhang"), p("Ke-Yue Zhang"))
    'initials'
    >>> compatible(p("Ke Zhang"), p("Ke-Yue Zhang")) is None  # a given name is not a middle name
    True
    """
    if not (a.units and b.units and a.family and b.family):
        return None
    if a.suffix and b.suffix and a.suffix != b.suffix:
        return None
    if a.family == b.family:
        rules = _embed(a.units, b.units) if len(a.units) <= len(b.units) else None
        if rules is None:
            rules = _embed(b.units, a.units)
        if rules is None:
            return None
        if a.suffix != b.suffix:
            rules = rules | {"suffix"}
        if not rules:  # written alike: the name key tells them apart (punctuation) only
            rules = {"initials"} if a.units != b.units else {"middle"}
        order = ("initials", "middle", "hyphen", "suffix")
        return "+".join(r for r in order if r in rules)
    # swapped: one written given name each side, each the other's family name
    if (
        len(a.units) == 1
        and len(b.units) == 1
        and a.units[0][0] == b.family
        and b.units[0][0] == a.family
    ):
        return "transposed"
    return None


# --- evidence ------------------------------------------------------------------------------


def _ext_ids(values: Iterable[str]) -> set[str]:
    return {i.strip() for v in values for i in str(v).split(";") if i.strip()}


def _orcids(ids: set[str]) -> set[str]:
    return {i for i in ids if i.lower().startswith("orcid:")}


def _hubs(corpus: Corpus, share: float) -> set[str]:
    """Owners and authors on at least ``share`` of the papers (and 3 or more): everybody
    shares them, so they are never evidence that two others are one person."""
    a = corpus.authorships
    n = len(corpus.papers)
    counts = a.groupby("author_id")["paper_id"].nunique()
    hubs = set(corpus.owner_ids)
    if n:
        hubs.update(counts[(counts >= 3) & (counts >= share * n)].index)
    return hubs


def _evidence_papers(corpus: Corpus, max_authors: int | None) -> set[str] | None:
    """Papers whose author list counts as co-author evidence (``None``: all): a consortium
    paper with thousands of authors says nothing about who is who."""
    if not max_authors:
        return None
    sizes = corpus.authorships.groupby("paper_id").size()
    return set(sizes.index[sizes <= max_authors])


def _norm_venue(venue: str) -> str:
    """Venue as one token: folded, letters only, so ``ICDE 2008`` = ``ICDE'09`` = ``icde``."""
    return re.sub(r"[^a-z]", "", name_key(venue)) if venue else ""


# --- merge ---------------------------------------------------------------------------------


@dataclass
class _Author:
    key: str
    name: str
    parsed: ParsedName
    papers: set[str]
    years: tuple[int, int] | None = None
    coauthors: set[str] = dataclasses.field(default_factory=set)
    institutions: set[str] = dataclasses.field(default_factory=set)
    venues: dict[str, str] = dataclasses.field(default_factory=dict)  # key -> as written
    ids: set[str] = dataclasses.field(default_factory=set)


def _origin(key: str) -> str:
    """The key a split person came from: ``weiwang~2`` -> ``weiwang``."""
    return key.split("~", 1)[0]


_PERSON_NO = re.compile(r"\s*\(\d+\)$")


def _base_name(key: str, name: str) -> str:
    """The name a split person is written with: ``Wei Wang (2)`` -> ``Wei Wang``."""
    return _PERSON_NO.sub("", name) if "~" in key else name


def _merge_candidates(
    authors: dict[str, _Author],
) -> tuple[dict[tuple[str, str], str], dict[str, set[str]]]:
    """Compatible pairs inside blocks: ``{(a, b): rule}`` (a < b) and each key's partners.

    A block is family name + first initial; inside it, a name whose first given name is
    written out is only compared with names writing the same first name and with names
    giving an initial there (``wang|w``: ``Wei Wang`` never meets ``Wen Wang``).  A name
    with one written given name is also looked up as its swap (``Zhang Wei`` in
    ``zhang|w``, among the names whose first given name is ``wei``).
    """
    blocks: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for key in sorted(authors):
        p = authors[key].parsed
        if p.block:
            blocks[p.block][p.units[0][0]].append(key)
    pairs: dict[tuple[str, str], str] = {}
    partners: dict[str, set[str]] = defaultdict(set)

    def check(x: str, y: str) -> None:
        pair = (x, y) if x < y else (y, x)
        if x == y or pair in pairs or _origin(x) == _origin(y):
            return  # persons split from one key were told apart on purpose
        rule = compatible(authors[pair[0]].parsed, authors[pair[1]].parsed)
        if rule:
            pairs[pair] = rule
            partners[x].add(y)
            partners[y].add(x)

    for groups in blocks.values():
        inits = groups.get("", [])
        for first, members in groups.items():
            for n, x in enumerate(members):
                for y in members[n + 1 :]:
                    check(x, y)
                if first:
                    for y in inits:
                        check(x, y)
    for key, au in authors.items():
        p = au.parsed
        if len(p.units) == 1 and p.units[0][0] and p.family:
            group = blocks.get(f"{p.units[0][0]}|{p.family[0]}")
            for y in group.get(p.family, ()) if group else ():
                check(key, y)
    return pairs, partners


def _author_facts(
    corpus: Corpus,
    light: dict[str, _Author],
    keys: set[str],
    hubs: set[str],
    evidence: set[str] | None,
) -> dict[str, _Author]:
    """Papers, years, co-authors, institutions, venues and ids of the authors ``keys``."""
    a = corpus.authorships
    papers = corpus.papers.set_index("paper_id")
    year_of = papers["year"].to_dict()
    venue_of = {p: v for p, v in papers["venue"].items() if v}
    mine = a[a["author_id"].isin(keys)]
    out: dict[str, _Author] = {}
    names = mine.drop_duplicates("author_id").set_index("author_id")["name"].to_dict()
    paper_sets = mine.groupby("author_id")["paper_id"].agg(set).to_dict()
    ids = mine.groupby("author_id")["ext_id"].agg(_ext_ids).to_dict()
    for key, ps in paper_sets.items():
        ys = [int(year_of[p]) for p in ps if pd.notna(year_of.get(p))]
        out[key] = _Author(
            key,
            names[key],
            light[key].parsed,
            ps,
            (min(ys), max(ys)) if ys else None,
            venues={_norm_venue(venue_of[p]): venue_of[p] for p in ps if p in venue_of},
            ids=ids.get(key, set()),
        )
    rel = a[a["paper_id"].isin(mine["paper_id"])]
    if evidence is not None:
        rel = rel[rel["paper_id"].isin(evidence)]
    by_paper = rel.groupby("paper_id")["author_id"].agg(list).to_dict()
    for key, ps in paper_sets.items():
        co = out[key].coauthors
        for p in ps:
            co.update(by_paper.get(p, ()))
        co.discard(key)
        co -= hubs
    aff = corpus.affiliations
    aff = aff[aff["author_id"].isin(keys)]
    for key, inst in aff.groupby("author_id")["institution"].agg(set).items():
        out[key].institutions = inst
    return out


def _pair_evidence(x: _Author, y: _Author, weight: dict[str, float], inst_weight) -> dict:
    shared = (x.coauthors & y.coauthors) - {x.key, y.key}
    years = ""
    overlap = False
    if x.years and y.years:
        lo, hi = max(x.years[0], y.years[0]), min(x.years[1], y.years[1])
        overlap = lo <= hi
        years = (f"{lo}" if lo == hi else f"{lo}–{hi}") if overlap else ""
    insts = x.institutions & y.institutions
    venues = {x.venues[v] for v in x.venues.keys() & y.venues.keys()}
    ox, oy = _orcids(x.ids), _orcids(y.ids)
    return {
        "shared": shared,
        "co_listed": bool(x.papers & y.papers),
        "overlap": overlap,
        "years": years,
        "institutions": insts,
        "venues": venues,
        "ids": x.ids & y.ids,
        "orcid_conflict": bool(ox and oy and not ox & oy),
        "weight": sum(weight.get(c, 1.0) for c in shared)
        + sum(inst_weight.get(i, 1.0) for i in insts),
        "score": len(shared) + len(insts) + 0.5 * bool(venues) + 0.5 * overlap,
    }


def _qualifies(ev: dict, rule: str, params: MergeParams, need: float) -> bool:
    """Enough evidence for a merge (:class:`MergeParams`); a swap needs shared co-authors."""
    if ev["co_listed"] or ev["orcid_conflict"]:
        return False
    if rule == "transposed":
        n_co = len(ev["shared"])
        return n_co >= params.transposed_coauthors or (
            n_co >= params.transposed_coauthors - 1
            and (bool(ev["institutions"]) or bool(ev["venues"]))
        )
    return ev["weight"] >= need


def _big_institutions(corpus: Corpus, params: MergeParams) -> dict[str, float]:
    """``{institution: common_weight}`` for institutions on at least ``big_institution`` of
    the papers (and 5 or more)."""
    aff = corpus.affiliations
    n = len(corpus.papers)
    if aff.empty or not n:
        return {}
    counts = aff[aff["author_id"] != ""].groupby("institution")["paper_id"].nunique()
    big = counts[(counts >= 5) & (counts >= params.big_institution * n)]
    return dict.fromkeys(big.index.tolist(), params.common_weight)


def _has_evidence(ev: dict) -> bool:
    return bool(ev["shared"]) or bool(ev["institutions"])


def _merge(
    corpus: Corpus,
    *,
    params: MergeParams,
    not_same: set[frozenset[str]],
    max_authors: int | None,
) -> tuple[dict[str, str], dict[str, str], list[dict]]:
    """``({old key: new key}, {new key: display name}, decision rows)``."""
    a = corpus.authorships
    if a.empty:
        return {}, {}, []
    labels = a.drop_duplicates("author_id").set_index("author_id")["name"]
    light = {
        k: _Author(k, n, parse_name(_base_name(k, n)), set())
        for k, n in zip(labels.index, labels, strict=True)
    }
    pairs, partners = _merge_candidates(light)
    if not pairs:
        return {}, {}, []
    keys = {k for pair in pairs for k in pair}
    hubs = _hubs(corpus, params.hub_share)
    authors = _author_facts(corpus, light, keys, hubs, _evidence_papers(corpus, max_authors))
    # a family name many people in the corpus share: its bare initials say little, and a
    # co-author with it may be several people under one key (weaker evidence)
    firsts: dict[str, set[str]] = defaultdict(set)
    for au in light.values():
        if au.parsed.units and au.parsed.units[0][0]:
            firsts[au.parsed.family].add(au.parsed.units[0][0])
    common = (
        {f for f, names in firsts.items() if len(names) >= params.common_family}
        if params.common_family
        else set()
    )
    weight = {
        c: params.common_weight
        for au in authors.values()
        for c in au.coauthors
        if c in light and light[c].parsed.family in common
    }
    inst_weight = _big_institutions(corpus, params)
    evidence = {
        pair: _pair_evidence(authors[pair[0]], authors[pair[1]], weight, inst_weight)
        for pair in pairs
    }

    def need(x: str, y: str) -> float:
        """The evidence a pair needs: less for two written first names of a rare family,
        more for bare initials of a common one."""
        px, py = authors[x].parsed, authors[y].parsed
        both_full = bool(px.units[0][0]) and bool(py.units[0][0])
        if px.family in common:
            return params.min_evidence if both_full else params.common_evidence
        return params.full_name_evidence if both_full else params.min_evidence

    def ev(x: str, y: str) -> dict:
        return evidence[(x, y) if x < y else (y, x)]

    def compat(x: str, y: str) -> bool:
        return ((x, y) if x < y else (y, x)) in pairs

    def picked(x: str, y: str) -> bool:
        """No partner of ``x`` that cannot be ``y`` has evidence with ``x`` (the short form
        is not ambiguous, or the evidence picks ``y``)."""
        return not any(_has_evidence(ev(x, z)) for z in partners[x] if z != y and not compat(y, z))

    accepted = []
    for (x, y), rule in pairs.items():
        e = evidence[(x, y)]
        if frozenset((x, y)) in not_same or not _qualifies(e, rule, params, need(x, y)):
            continue
        if picked(x, y) and picked(y, x):
            accepted.append((-e["score"], x, y, rule))
    accepted.sort()

    group = {k: k for k in keys}
    members: dict[str, list[str]] = {k: [k] for k in keys}
    edges = []
    for _, x, y, rule in accepted:
        gx, gy = group[x], group[y]
        if gx == gy:
            continue
        ok = all(
            compat(u, v)
            and not authors[u].papers & authors[v].papers
            and frozenset((u, v)) not in not_same
            for u in members[gx]
            for v in members[gy]
        )
        if not ok:
            continue
        for k in members[gy]:
            group[k] = gx
        members[gx].extend(members.pop(gy))
        edges.append((x, y, rule))
    mapping: dict[str, str] = {}
    display: dict[str, str] = {}
    canon_of: dict[str, str] = {}
    for gid, ks in members.items():
        if len(ks) < 2:
            continue
        canon = max(ks, key=lambda k: (authors[k].parsed.fullness, len(authors[k].papers), k))
        canon = min(
            (k for k in ks if authors[k].parsed.fullness == authors[canon].parsed.fullness),
            key=lambda k: (-len(authors[k].papers), k),
        )
        canon_of[gid] = canon
        display[canon] = authors[canon].name
        mapping.update({k: canon for k in ks if k != canon})
    rows = []
    for x, y, rule in edges:
        canon = canon_of[group[x]]
        # the row names the side that goes away; the other side is what it matched
        if y == canon or (x != canon and len(authors[x].papers) <= len(authors[y].papers)):
            moved, matched = x, y
        else:
            moved, matched = y, x
        e = ev(x, y)
        rows.append(
            {
                "kind": "merge",
                "author_id": moved,
                "name": authors[moved].name,
                "new_id": canon,
                "new_name": authors[canon].name,
                "matched_id": matched,
                "matched_name": authors[matched].name,
                "rule": rule,
                "papers": len(authors[moved].papers),
                "score": round(float(e["score"]), 3),
                "n_coauthors": len(e["shared"]),
                "coauthors": _top_names(sorted(e["shared"]), labels),
                "years": e["years"],
                "institutions": "; ".join(sorted(e["institutions"])[:5]),
                "venues": "; ".join(sorted(e["venues"])[:5]),
                "external_ids": "; ".join(sorted(e["ids"])[:5]),
            }
        )
    return mapping, display, rows


def _top_names(keys: Sequence[str], labels: pd.Series | dict, limit: int = 5) -> str:
    return "; ".join(str(labels.get(k, k)) for k in keys[:limit])


# --- split ---------------------------------------------------------------------------------

# English (and a few French and German) words that say nothing about who wrote a title.
_STOP = frozenset(
    re.split(
        r"\s+",
        """a an the of for and in on with to by from at as is are via using based its into
        over under towards toward new approach method methods study analysis their our this
        that une des les der die das und für von zur""",
    )
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def _title_words(title: str) -> list[str]:
    """Folded title words for TF-IDF: stop words and words of one or two letters dropped,
    a plural ``s`` cut from long words."""
    out = []
    for w in _WORD.findall(title.casefold()):
        if len(w) > 2 and w not in _STOP:
            out.append(w[:-1] if len(w) > 4 and w.endswith("s") else w)
    return out


def _sparse_rows(items: Sequence[Sequence[str]]) -> sp.csr_matrix:
    """Counts of each token per item as a sparse matrix (columns in order of first use)."""
    vocab: dict[str, int] = {}
    code = vocab.setdefault
    indices = [code(tok, len(vocab)) for its in items for tok in its]
    indptr = np.zeros(len(items) + 1, dtype=np.int64)
    np.cumsum([len(its) for its in items], out=indptr[1:])
    X = sp.csr_matrix(
        (np.ones(len(indices)), np.array(indices, dtype=np.int64), indptr),
        shape=(len(items), max(1, len(vocab))),
    )
    X.sum_duplicates()
    return X


def _l2_rows(X: sp.csr_matrix) -> sp.csr_matrix:
    norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ X)


def _content_matrix(papers: pd.DataFrame, params: SplitParams) -> sp.csr_matrix:
    """One row per paper: the L2-normalised title TF-IDF (weight ``title_weight``) beside the
    venue indicator (weight ``venue_weight``), so that the dot product of two rows is their
    title/venue similarity and the mean over two groups is a dot product of group sums."""
    titles = _sparse_rows([_title_words(t) for t in papers["title"].tolist()])
    df = np.asarray((titles > 0).sum(axis=0)).ravel()
    n = titles.shape[0]
    idf = np.log((n + 1) / (df + 1))
    T = _l2_rows(sp.csr_matrix(titles @ sp.diags(idf)))
    V = _l2_rows(_sparse_rows([[v] if v else [] for v in map(_norm_venue, papers["venue"])]))
    return sp.csr_matrix(
        sp.hstack([T * math.sqrt(params.title_weight), V * math.sqrt(params.venue_weight)])
    )


def _indicator(labels: np.ndarray, k: int) -> sp.csr_matrix:
    n = len(labels)
    return sp.csr_matrix((np.ones(n), (labels, np.arange(n))), shape=(k, n))


def _key_blocks(Zc: sp.csr_matrix, ck: np.ndarray) -> sp.csr_matrix:
    """``Zc`` with each row's columns moved into its key's own column range, so that
    ``X @ X.T`` is block diagonal: only clusters of one key meet (computed in C)."""
    F = Zc.shape[1]
    row_of = np.repeat(np.arange(Zc.shape[0]), np.diff(Zc.indptr))
    cols = Zc.indices.astype(np.int64) + ck[row_of].astype(np.int64) * F
    return sp.csr_matrix(
        (Zc.data, cols, Zc.indptr.astype(np.int64)), shape=(Zc.shape[0], (int(ck.max()) + 1) * F)
    )


def _similar_pairs(
    Zc: sp.csr_matrix, ck: np.ndarray, size: np.ndarray, orcids: dict[int, frozenset[str]]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs ``a < b`` of clusters of one key with a positive title/venue similarity, and
    that similarity (the mean over their papers; ``-inf`` where they carry different
    ORCIDs).  Pairs with nothing in common are left out: they can never be joined."""
    X = _key_blocks(Zc, ck)
    P = sp.triu(X @ X.T, k=1).tocoo()
    a, b = P.row.astype(np.int64), P.col.astype(np.int64)
    return a, b, _similarities_of(P.data, size, a, b, orcids)


def _similarities_of(dots, size, a, b, orcids: dict[int, frozenset[str]]) -> np.ndarray:
    S = dots / (size[a] * size[b])
    if orcids:
        ids = np.fromiter(orcids, dtype=np.int64)
        for t in np.flatnonzero(np.isin(a, ids) & np.isin(b, ids)).tolist():
            if not orcids[int(a[t])] & orcids[int(b[t])]:
                S[t] = -np.inf
    return S


def _cluster_orcids(cl: np.ndarray, row_orcids: dict[int, frozenset[str]]) -> dict:
    out: dict[int, frozenset[str]] = {}
    for pos, ids in row_orcids.items():
        c = int(cl[pos])
        out[c] = out.get(c, frozenset()) | ids
    return out


def _join_by_content(
    cl: np.ndarray,
    rk: np.ndarray,
    Z: sp.csr_matrix,
    row_orcids: dict[int, frozenset[str]],
    threshold: float,
    made: np.ndarray,
) -> np.ndarray:
    """Step 2, every key at once: average-linkage agglomeration of each key's groups on
    title/venue similarity, joining mutual nearest groups while their similarity reaches
    ``threshold`` (for average linkage this gives the same tree as one merge at a time).
    Each round looks only at the keys that changed in the round before."""
    cl = cl.copy()
    active = _keys_with_groups(cl, rk, 2)
    while True:
        sub = np.flatnonzero(active[rk])
        if not len(sub):
            return np.unique(cl, return_inverse=True)[1]
        glob, local = np.unique(cl[sub], return_inverse=True)
        k = len(glob)
        ck = np.empty(k, dtype=np.int64)
        ck[local] = rk[sub]
        size = np.bincount(local, minlength=k).astype(float)
        Zc = _indicator(local, k) @ Z[sub]
        orc = _cluster_orcids(local, _positions(sub, row_orcids))
        a, b, S = _similar_pairs(Zc, ck, size, orc)
        if not len(a):
            return np.unique(cl, return_inverse=True)[1]
        best, best_s = _nearest(k, a, b, S)
        idx = np.arange(k)
        mutual = best >= 0
        mutual[mutual] = best[best[mutual]] == idx[mutual]
        mutual &= (idx < best) & (best_s >= threshold)
        if not mutual.any():
            return np.unique(cl, return_inverse=True)[1]
        new = glob.copy()
        new[best[mutual]] = glob[mutual]
        moved = new[local] != cl[sub]
        made[sub[moved]] = 1
        cl[sub] = new[local]
        active[:] = False
        active[ck[mutual]] = True


def _nearest(k: int, a: np.ndarray, b: np.ndarray, S: np.ndarray) -> tuple[np.ndarray, ...]:
    """Each cluster's most similar partner among the pairs ``(a, b)`` (ties: the lower
    index; ``-1`` without any) and that similarity.

    >>> [x.tolist() for x in _nearest(3, np.array([0, 0]), np.array([1, 2]), np.array([.5, .5]))]
    [[1, 0, 0], [0.5, 0.5, 0.5]]
    """
    ends, partner, s2 = np.r_[a, b], np.r_[b, a], np.r_[S, S]
    best_s = np.full(k, -np.inf)
    np.maximum.at(best_s, ends, s2)
    top = s2 == best_s[ends]
    best = np.full(k, np.iinfo(np.int64).max)
    np.minimum.at(best, ends[top], partner[top])
    best[best == np.iinfo(np.int64).max] = -1
    return best, best_s


def _positions(sub: np.ndarray, row_orcids: dict[int, frozenset[str]]) -> dict:
    """``row_orcids`` re-keyed by index in ``sub`` (rows outside it left out)."""
    if not row_orcids:
        return {}
    hit = np.flatnonzero(np.isin(sub, np.fromiter(row_orcids, dtype=np.int64)))
    return {int(i): row_orcids[int(sub[i])] for i in hit.tolist()}


def _louvain_groups(
    n: int, ev_rows: np.ndarray, ev_items: np.ndarray, resolution: float, seed: int
) -> np.ndarray:
    """Step 1 for a key with a large linked group: Louvain on its papers, one link weight
    per shared co-author / institution / id."""
    _, items = np.unique(ev_items, return_inverse=True)
    B = sp.csr_matrix((np.ones(len(ev_rows)), (ev_rows, items)), shape=(n, int(items.max()) + 1))
    B.data[:] = 1.0
    W = sp.triu(B @ B.T, k=1).tocoo()
    G = nx.Graph()
    G.add_nodes_from(range(n))
    G.add_weighted_edges_from(zip(W.row.tolist(), W.col.tolist(), W.data.tolist(), strict=True))
    parts = nx.community.louvain_communities(G, weight="weight", resolution=resolution, seed=seed)
    labels = np.zeros(n, dtype=np.int64)
    for c, part in enumerate(sorted(parts, key=min)):
        labels[sorted(part)] = c
    return labels


def _attach_loose(
    cl: np.ndarray, rk: np.ndarray, Z: sp.csr_matrix, has_ev: np.ndarray, made: np.ndarray
) -> np.ndarray:
    """Step 3: a paper alone in its group and without any evidence joins the group of its
    key it is most similar to, else the largest; a key of nothing but such papers stays
    one person."""
    k = int(cl.max()) + 1
    size = np.bincount(cl, minlength=k)
    loose = (size[cl] == 1) & ~has_ev
    if not loose.any():
        return cl
    ck = np.empty(k, dtype=np.int64)
    ck[cl] = rk
    keep = np.ones(k, dtype=bool)
    keep[cl[loose]] = False
    # the largest kept group of each key (ties: the first)
    first = np.full(k, len(cl))
    np.minimum.at(first, cl, np.arange(len(cl)))
    kept = np.flatnonzero(keep)
    o = kept[np.lexsort((first[kept], -size[kept], ck[kept]))]
    largest = dict(zip(ck[o][::-1].tolist(), o[::-1].tolist(), strict=True))
    # pairs (loose paper, kept group of its key)
    lrows = np.flatnonzero(loose)
    kc = kept[np.argsort(ck[kept], kind="stable")]
    kkeys = ck[kc]
    lo = np.searchsorted(kkeys, rk[lrows], side="left")
    hi = np.searchsorted(kkeys, rk[lrows], side="right")
    cnt = hi - lo
    r = np.repeat(lrows, cnt)
    c = kc[np.repeat(lo, cnt) + np.arange(int(cnt.sum())) - np.repeat(np.cumsum(cnt) - cnt, cnt)]
    Zc = _indicator(cl, k) @ Z
    sims = np.asarray(Z[r].multiply(Zc[c]).sum(axis=1)).ravel() / size[c] if len(r) else np.zeros(0)
    new = cl.copy()
    if len(r):
        o = np.lexsort((c, -sims, r))
        r_s, c_s, s_s = r[o], c[o], sims[o]
        first_of = np.r_[True, r_s[1:] != r_s[:-1]]
        for row, group, sim in zip(
            r_s[first_of].tolist(), c_s[first_of].tolist(), s_s[first_of].tolist(), strict=True
        ):
            new[row] = group if sim > 0 else largest[int(rk[row])]
    orphans = lrows[cnt == 0]  # keys without a kept group: their loose papers are one
    if len(orphans):
        o = orphans[np.lexsort((orphans, rk[orphans]))]
        head = np.r_[True, rk[o][1:] != rk[o][:-1]]
        new[o] = cl[o][head][np.cumsum(head) - 1]
    made[loose] = 2
    _, cl = np.unique(new, return_inverse=True)
    return cl


def _split(
    corpus: Corpus,
    *,
    params: SplitParams,
    fixed: set[str],
    max_authors: int | None,
    seed: int,
) -> tuple[np.ndarray, list[dict]]:
    """New author id of every authorship row, and the decision rows."""
    a = corpus.authorships
    ids = a["author_id"].to_numpy(dtype=object, copy=True)
    if a.empty:
        return ids, []
    key_codes, keys = pd.factorize(a["author_id"], sort=True)
    paper_codes = pd.Index(corpus.papers["paper_id"]).get_indexer(a["paper_id"])
    counts = np.bincount(key_codes, minlength=len(keys))
    never = set(corpus.owner_ids) | fixed
    candidate = (counts >= params.min_papers) & ~keys.isin(list(never))
    if not candidate.any():
        return ids, []
    ev_rows, ev_items, row_orcids = _evidence_items(
        corpus, key_codes, paper_codes, candidate, max_authors
    )
    # step 1: rows of one key sharing an item are linked (chains over (key, item) groups)
    n_items = int(ev_items.max()) + 1 if len(ev_items) else 1
    fact = key_codes[ev_rows].astype(np.int64) * n_items + ev_items
    o = np.lexsort((ev_rows, fact))
    same = fact[o][1:] == fact[o][:-1]
    u, v = ev_rows[o][:-1][same], ev_rows[o][1:][same]
    graph = sp.coo_matrix((np.ones(len(u)), (u, v)), shape=(len(a), len(a)))
    _, comp = connected_components(graph, directed=False)

    # the candidate rows, by key; positions in this order are the working index
    rows = np.flatnonzero(candidate[key_codes])
    rows = rows[np.lexsort((rows, key_codes[rows]))]
    rk = key_codes[rows]
    pos_of = np.full(len(a), -1)
    pos_of[rows] = np.arange(len(rows))
    _, cl = np.unique(comp[rows], return_inverse=True)
    sel = pos_of[ev_rows] >= 0
    ev_pos, ev_it = pos_of[ev_rows[sel]], ev_items[sel]
    has_ev = np.zeros(len(rows), dtype=bool)
    has_ev[ev_pos] = True
    row_orcids = {int(pos_of[r]): ids_ for r, ids_ in row_orcids.items() if pos_of[r] >= 0}

    # Louvain cuts the large linked groups (a bridge between two people of one name)
    size = np.bincount(cl)
    big_keys = np.unique(rk[size[cl] >= params.louvain_min])
    if len(big_keys):
        eo = np.argsort(ev_pos, kind="stable")
        ev_pos_s, ev_it_s = ev_pos[eo], ev_it[eo]
        next_label = int(cl.max()) + 1
        for kc in big_keys.tolist():
            b0, b1 = np.searchsorted(rk, kc, "left"), np.searchsorted(rk, kc, "right")
            e0, e1 = np.searchsorted(ev_pos_s, b0, "left"), np.searchsorted(ev_pos_s, b1, "left")
            lab = _louvain_groups(
                b1 - b0, ev_pos_s[e0:e1] - b0, ev_it_s[e0:e1], params.resolution, seed
            )
            cl[b0:b1] = lab + next_label
            next_label += int(lab.max()) + 1
        _, cl = np.unique(cl, return_inverse=True)

    made = np.zeros(len(rows), dtype=np.int64)  # 0 co-authors, 1 title+venue, 2 no evidence
    multi = _keys_with_groups(cl, rk, 2)
    if not multi.any():
        return ids, []
    Z = _content_matrix(corpus.papers, params)[paper_codes[rows]]
    cl = _join_by_content(cl, rk, Z, row_orcids, params.threshold, made)
    cl = _attach_loose(cl, rk, Z, has_ev, made)
    # a key is split only with enough groups of two or more papers
    if params.min_groups > 1:
        k = int(cl.max()) + 1
        ck = np.empty(k, dtype=np.int64)
        ck[cl] = rk
        solid = np.bincount(ck[np.bincount(cl, minlength=k) >= 2], minlength=len(keys))
        weak = solid[rk] < params.min_groups
        if weak.any():
            first = np.searchsorted(rk, rk)  # the first row of each key
            cl = np.where(weak, cl[first], cl)
            _, cl = np.unique(cl, return_inverse=True)
    return _name_persons(corpus, ids, rows, rk, cl, keys, Z, made, row_orcids)


def _keys_with_groups(cl: np.ndarray, rk: np.ndarray, n: int) -> np.ndarray:
    k = int(cl.max()) + 1
    ck = np.empty(k, dtype=np.int64)
    ck[cl] = rk
    return np.bincount(ck) >= n


def _evidence_items(corpus, key_codes, paper_codes, candidate, max_authors):
    """``(rows, items, orcids)``: one (authorship row, evidence item) pair per co-author on
    the row's paper (papers that count as evidence only), institution of this author on the
    paper and external id of the row; items are integer codes.  ``orcids`` maps rows to
    their ORCIDs."""
    a = corpus.authorships
    n_keys = int(key_codes.max()) + 1
    rows_all = np.arange(len(a))
    cand_rows = rows_all[candidate[key_codes]]
    evidence = _evidence_papers(corpus, max_authors)
    if evidence is not None:
        cand_rows = cand_rows[a["paper_id"].isin(evidence).to_numpy()[cand_rows]]
    order = np.argsort(paper_codes, kind="stable")
    pc_sorted = paper_codes[order]
    pos = np.empty(len(a), dtype=np.int64)
    pos[order] = np.arange(len(a))
    lo = np.searchsorted(pc_sorted, paper_codes[cand_rows], side="left")
    hi = np.searchsorted(pc_sorted, paper_codes[cand_rows], side="right")
    n_each = hi - lo
    rep = np.repeat(cand_rows, n_each)
    offs = np.arange(int(n_each.sum())) - np.repeat(np.cumsum(n_each) - n_each, n_each)
    other = order[np.repeat(lo, n_each) + offs]
    # every co-author counts, owners and hubs too: a profile owner's two co-authors of one
    # name stay one person by default (merging leaves hubs out: there, doing nothing is safe)
    keep = other != rep
    item_rows = [rep[keep]]
    item_codes = [key_codes[other[keep]].astype(np.int64)]
    n_items = n_keys
    aff = corpus.affiliations
    aff = aff[aff["author_id"] != ""]
    if not aff.empty:
        row_of = pd.Series(
            rows_all, index=pd.MultiIndex.from_arrays([a["paper_id"], a["author_id"]])
        )
        r = row_of.reindex(pd.MultiIndex.from_arrays([aff["paper_id"], aff["author_id"]]))
        ok = r.notna().to_numpy()
        inst_codes, insts = pd.factorize(aff["institution"][ok])
        r = r.to_numpy()[ok].astype(np.int64)
        sel = candidate[key_codes[r]]
        item_rows.append(r[sel])
        item_codes.append(inst_codes[sel].astype(np.int64) + n_items)
        n_items += len(insts)
    orcids: dict[int, frozenset[str]] = {}
    with_ext = np.flatnonzero(a["ext_id"].astype(bool).to_numpy() & candidate[key_codes])
    if len(with_ext):
        ext = a["ext_id"].to_numpy(dtype=object)
        er, ev = [], []
        for r in with_ext.tolist():
            toks = sorted(_ext_ids([ext[r]]))
            er.extend([r] * len(toks))
            ev.extend(toks)
            if o := _orcids(set(toks)):
                orcids[r] = frozenset(o)
        if er:
            ext_codes, _ = pd.factorize(pd.Series(ev, dtype=object))
            item_rows.append(np.array(er, dtype=np.int64))
            item_codes.append(ext_codes.astype(np.int64) + n_items)
    return np.concatenate(item_rows), np.concatenate(item_codes), orcids


def _name_persons(corpus, ids, rows, rk, cl, keys, Z, made, row_orcids):
    """Order each split key's persons (most papers first, ties: the first row), give them
    ids and names, and make the decision rows."""
    k = int(cl.max()) + 1
    ck = np.empty(k, dtype=np.int64)
    ck[cl] = rk
    n_groups = np.bincount(ck, minlength=len(keys))
    split = n_groups[ck] > 1
    if not split.any():
        return ids, []
    size = np.bincount(cl, minlength=k)
    first = np.full(k, len(cl))
    np.minimum.at(first, cl, np.arange(len(cl)))
    order = np.lexsort((first, -size, ck))
    rank = np.empty(k, dtype=np.int64)
    starts = np.searchsorted(ck[order], ck[order])
    rank[order] = np.arange(k) - starts
    joined = np.bincount(cl, weights=made == 1, minlength=k) > 0
    loose = np.bincount(cl, weights=made == 2, minlength=k).astype(np.int64)
    step = [_rule(j, n) for j, n in zip(joined.tolist(), loose.tolist(), strict=True)]
    closest = np.full(k, -np.inf)
    a_, b_, S = _similar_pairs(
        _indicator(cl, k) @ Z, ck, size.astype(float), _cluster_orcids(cl, row_orcids)
    )
    np.maximum.at(closest, a_, S)
    np.maximum.at(closest, b_, S)
    a = corpus.authorships
    names = a["name"].to_numpy(dtype=object)
    sel = split[cl]
    new_ids = []
    for r, c in zip(rows[sel].tolist(), cl[sel].tolist(), strict=True):
        key = ids[r]
        new_ids.append(key if rank[c] == 0 else f"{key}~{rank[c] + 1}")
    ids[rows[sel]] = np.array(new_ids, dtype=object)
    persons = pd.DataFrame({"row": rows[sel], "cluster": cl[sel]})
    return ids, _split_rows(corpus, persons, ids, names, keys, ck, rank, step, closest, size)


def _rule(joined: bool, loose: int) -> str:
    """How a split person was made: its linked group(s), whether title and venue joined
    groups, and how many papers without evidence it took in.

    >>> _rule(True, 2)
    'co-authors+title/venue+2 without evidence'
    """
    return (
        "co-authors"
        + ("+title/venue" if joined else "")
        + (f"+{loose} without evidence" if loose else "")
    )


def _top(frame: pd.DataFrame, by: str, col: str, n: int) -> pd.Series:
    """The ``n`` most frequent values of ``col`` per ``by`` (ties: A-Z), joined by ``; ``."""
    if frame.empty:
        return pd.Series(dtype=object)
    counts = frame.groupby([by, col], sort=False).size().rename("n").reset_index()
    counts = counts.sort_values([by, "n", col], ascending=[True, False, True])
    top = counts.groupby(by, sort=False).head(n)
    out: dict = {}
    for k, v in zip(top[by].tolist(), top[col].tolist(), strict=True):
        out[k] = f"{out[k]}; {v}" if k in out else str(v)
    return pd.Series(out, dtype=object)


def _split_rows(corpus, persons, ids, names, keys, ck, rank, step, closest, size) -> list[dict]:
    """One decision row per person of each split key, with the person's evidence (computed
    for all persons at once: a synthetic corpus splits tens of thousands of keys)."""
    a = corpus.authorships
    rows = persons["row"].to_numpy()
    cl = persons["cluster"].to_numpy()
    key_of = np.asarray(keys, dtype=object)[ck]
    mine = pd.DataFrame(
        {
            "c": cl,
            "paper_id": a["paper_id"].to_numpy(dtype=object)[rows],
            "key": key_of[cl],
            "ext": a["ext_id"].to_numpy(dtype=object)[rows],
        }
    )
    papers = corpus.papers[["paper_id", "year", "venue"]]
    mine = mine.merge(papers, on="paper_id", how="left")
    years = mine.groupby("c")["year"].agg(["min", "max"])
    venues = _top(mine[mine["venue"].astype(bool)], "c", "venue", 3)
    co = mine[["c", "paper_id", "key"]].merge(
        a[["paper_id", "author_id", "name"]], on="paper_id", how="inner"
    )
    co = co[co["author_id"] != co["key"]]
    n_co = co.groupby("c")["author_id"].nunique()
    co_names = _top(co, "c", "name", 5)
    aff = corpus.affiliations
    inst = mine[["c", "paper_id", "key"]].merge(
        aff.rename(columns={"author_id": "key"}), on=["paper_id", "key"], how="inner"
    )
    insts = _top(inst, "c", "institution", 3)
    with_ext = mine[mine["ext"].astype(bool)]
    exts = with_ext.groupby("c")["ext"].agg(lambda v: "; ".join(sorted(_ext_ids(v))[:5]))
    first_row = persons.groupby("cluster")["row"].min().to_dict()
    lows, highs = years["min"].to_dict(), years["max"].to_dict()
    n_co, co_names, insts = n_co.to_dict(), co_names.to_dict(), insts.to_dict()
    venues, exts = venues.to_dict(), exts.to_dict()
    out = []
    for c in sorted(first_row, key=lambda c: (str(key_of[c]), int(rank[c]))):
        key = str(key_of[c])
        name = str(names[first_row[c]])
        r = int(rank[c])
        lo, hi = lows[c], highs[c]
        out.append(
            {
                "kind": "split",
                "author_id": key,
                "name": name,
                "new_id": key if r == 0 else f"{key}~{r + 1}",
                "new_name": name if r == 0 else f"{name} ({r + 1})",
                "matched_id": "",
                "matched_name": "",
                "rule": step[c],
                "papers": int(size[c]),
                "score": round(float(closest[c]), 3) if np.isfinite(closest[c]) else 0.0,
                "n_coauthors": int(n_co.get(c, 0)),
                "coauthors": co_names.get(c, ""),
                "years": "" if pd.isna(lo) else _span(int(lo), int(hi)),
                "institutions": insts.get(c, ""),
                "venues": venues.get(c, ""),
                "external_ids": exts.get(c, ""),
            }
        )
    return out


def _span(lo: int, hi: int) -> str:
    return f"{lo}" if lo == hi else f"{lo}–{hi}"


# --- the stage -----------------------------------------------------------------------------


def _empty_decisions() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in DECISION_COLUMNS})


def _relabel(corpus: Corpus, new_ids: np.ndarray, display: dict[str, str]) -> Corpus:
    """The corpus with authorship ids ``new_ids`` (aligned with its rows) and names from
    ``display`` (ids missing from it keep their name); affiliations and owners follow."""
    a = corpus.authorships
    old = a["author_id"].to_numpy(dtype=object)
    moved = old != new_ids
    if not moved.any() and not display:
        return corpus
    names = a["name"].to_numpy(dtype=object).copy()
    renamed = pd.Series(new_ids).isin(set(display)).to_numpy()
    for i in np.flatnonzero(renamed).tolist():
        names[i] = display[new_ids[i]]
    authorships = a.assign(author_id=new_ids, name=names)
    aff = corpus.affiliations
    if not aff.empty:
        pair = pd.Series(new_ids, index=pd.MultiIndex.from_arrays([a["paper_id"], old]))
        keyed = aff["author_id"] != ""
        idx = pd.MultiIndex.from_arrays([aff["paper_id"][keyed], aff["author_id"][keyed]])
        mapped = pair.reindex(idx).to_numpy(dtype=object)
        col = aff["author_id"].to_numpy(dtype=object).copy()
        col[keyed.to_numpy()] = [
            m if isinstance(m, str) else o
            for m, o in zip(mapped, aff["author_id"][keyed], strict=True)
        ]
        aff = aff.assign(author_id=col).drop_duplicates(ignore_index=True)
    meta = dict(corpus.meta)
    remap = dict(zip(old[moved].tolist(), new_ids[moved].tolist(), strict=True))
    meta["owners"] = list(dict.fromkeys(remap.get(o, o) for o in corpus.owner_ids))
    return dataclasses.replace(corpus, authorships=authorships, affiliations=aff, meta=meta)


def resolve_names(
    corpus: Corpus,
    mode: str = "off",
    *,
    not_same: Iterable[tuple[str, str]] = (),
    fixed: Iterable[str] = (),
    seed: int = 42,
    max_authors: int | None = 100,
    merge_params: MergeParams | None = None,
    split_params: SplitParams | None = None,
) -> tuple[Corpus, pd.DataFrame]:
    """Merge name variants and/or split homonyms; return the new corpus and the decisions.

    Parameters
    ----------
    corpus : a normalised corpus (never modified).
    mode : ``off``, ``merge``, ``split`` or ``both`` (split, then merge).
    not_same : pairs of names (or author ids) that are different people: never merged.
    fixed : author ids the user decided (the alias file's names): never split.
    seed : seed of the Louvain step.
    max_authors : papers with more authors are no co-author evidence (``None``: all are).
    merge_params, split_params : the rules (defaults: :class:`MergeParams`,
        :class:`SplitParams`).

    Returns
    -------
    ``(corpus, decisions)``: ``authorships.author_id``/``name``, ``affiliations.author_id``
    and ``meta["owners"]`` rewritten; ``meta["identity"]`` counts what was done.  The
    decisions table has :data:`DECISION_COLUMNS`, merges first, then splits.
    """
    if mode not in MODES:
        raise CollabGraphError(f"unknown --resolve-names mode {mode!r}; choose {', '.join(MODES)}")
    merge_params = merge_params or MergeParams()
    split_params = split_params or SplitParams()
    authors_before = corpus.authorships["author_id"].nunique()
    rows: list[dict] = []
    if mode in ("split", "both"):
        new, split_rows = _split(
            corpus,
            params=split_params,
            fixed=set(fixed),
            max_authors=max_authors,
            seed=seed,
        )
        if split_rows:
            display = {r["new_id"]: r["new_name"] for r in split_rows}
            corpus = _relabel(corpus, new, display)
        rows += sorted(split_rows, key=lambda r: (r["name"], r["author_id"], _id_rank(r["new_id"])))
    if mode in ("merge", "both"):
        # names as written ("Agarwal, P. K." too) or author ids
        pairs = {frozenset((name_key(flip_name(x)), name_key(flip_name(y)))) for x, y in not_same}
        pairs |= {frozenset((x, y)) for x, y in not_same}
        merge_rows: list[dict] = []
        # a merge can reveal evidence for another (A. Turing -> Alan Turing makes him a
        # shared co-author of A. Lovelace and Ada Lovelace): a few rounds, until none
        for _ in range(_MERGE_ROUNDS):
            mapping, display, found = _merge(
                corpus, params=merge_params, not_same=pairs, max_authors=max_authors
            )
            if not mapping:
                break
            old = corpus.authorships["author_id"].to_numpy(dtype=object)
            new = np.array([mapping.get(k, k) for k in old.tolist()], dtype=object)
            corpus = _relabel(corpus, new, display)
            for r in merge_rows:  # earlier groups may have joined a later one
                if r["new_id"] in mapping:
                    r["new_id"] = mapping[r["new_id"]]
                    r["new_name"] = display[r["new_id"]]
            merge_rows += found
        rows += sorted(
            merge_rows, key=lambda r: (r["new_name"], r["new_id"], r["name"], r["author_id"])
        )
    decisions = pd.DataFrame(rows, columns=list(DECISION_COLUMNS)) if rows else _empty_decisions()
    meta = dict(corpus.meta)
    meta["identity"] = {
        "mode": mode,
        "merged": sum(r["kind"] == "merge" for r in rows),
        "split_keys": len({r["author_id"] for r in rows if r["kind"] == "split"}),
        "persons_added": sum(r["kind"] == "split" for r in rows)
        - len({r["author_id"] for r in rows if r["kind"] == "split"}),
        "authors_before": int(authors_before),
        "authors_after": int(corpus.authorships["author_id"].nunique()),
    }
    return dataclasses.replace(corpus, meta=meta), decisions


_MERGE_ROUNDS = 3


def _id_rank(new_id: str) -> int:
    return int(new_id.rsplit("~", 1)[1]) if "~" in new_id else 1


# --- files ---------------------------------------------------------------------------------


def read_not_same(path: str | os.PathLike[str]) -> list[tuple[str, str]]:
    """Read a ``--not-same`` CSV (header ``name,other``): pairs of names that are different
    people and must never be merged.

    Raises :class:`InputError` naming the line of any malformed row.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(path, None, "a CSV file of name pairs", hint="check the --not-same path")
    text = read_text(path, what="a UTF-8 CSV file of name pairs")
    return name_pairs(path, text, ("name", "other"))


def decisions_csv(decisions: pd.DataFrame, *, raw: bool = False) -> str:
    """The decisions table as CSV text (formula-like text cells escaped unless ``raw``,
    :func:`graph.csv_safe.safe_cell`; numbers as they are).

    >>> df = pd.DataFrame([dict.fromkeys(DECISION_COLUMNS, "")])
    >>> df.loc[0, "name"] = "=cmd()"
    >>> decisions_csv(df).splitlines()[1].split(",")[2]
    "'=cmd()"
    """
    from .csv_safe import safe_cell

    cell = (lambda v: v) if raw else safe_cell
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(DECISION_COLUMNS)
    for row in decisions[list(DECISION_COLUMNS)].itertuples(index=False, name=None):
        writer.writerow(["" if v is None else cell(v) for v in row])
    return buf.getvalue()


def write_decisions(
    decisions: pd.DataFrame, path: str | os.PathLike[str], *, raw: bool = False
) -> Path:
    """Write ``identity.csv`` atomically (``raw``: text cells as read)."""
    return write_text_atomic(path, decisions_csv(decisions, raw=raw))
