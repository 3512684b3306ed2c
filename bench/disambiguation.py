"""Author-name disambiguation benchmark: ``--resolve-names`` against gold person labels.

The labelled development set (``shared/data/disambiguation/``, see its README: 665 names,
6,330 publications, a gold person label on each) is a benchmark format, not a user format, so
its reader lives here.  Each name file becomes one corpus (the publications, each listing the
ambiguous name and its co-authors, with title, year and venue), normalised and resolved
exactly as a user's run would (:func:`graph.normalise.normalise`, then
:func:`graph.identity.resolve_names`); the person of each publication is the author id the
ambiguous name has on its paper afterwards.

Scores (micro-averaged over names, as the dataset README's reference figures):

* pairwise precision, recall, F1 over the pairs of publications of each name;
* B-cubed precision, recall, F1 averaged over all publications.

Rows of the table: ``name key only`` (``--resolve-names off``), the ``co-author linking``
baseline (publications sharing a co-author are one person, persons are connected
components; the README's second reference), then ``merge``, ``split`` and ``both``.

``--merge-test`` measures ``merge`` honestly on the same data: all name files pooled into one
corpus, a seeded share of the co-author mentions abbreviated to initials (``jian pei`` ->
``j. pei``); the gold person of a co-author mention is its name as written in the data.
Pairwise scores over co-author mentions, before and after ``merge``.

``--tune`` cross-validates the split parameters by name: names shuffled (seeded) into halves,
each half picks the best threshold/resolution (F1 with precision >= 0.96) and is reported on
the other half.

Run::

    .venv/bin/python -m bench.disambiguation                # the table (about 2 minutes)
    .venv/bin/python -m bench.disambiguation --merge-test   # the merge measurement
    .venv/bin/python -m bench.disambiguation --tune         # cross-validated tuning
"""

from __future__ import annotations

import argparse
import dataclasses
import html
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from graph.identity import MergeParams, SplitParams, compatible, parse_name, resolve_names
from graph.load.records import AuthorRef, LoadResult, PaperRecord
from graph.normalise import Corpus, normalise
from graph.text import name_key

__all__ = [
    "NameFile",
    "Publication",
    "Scores",
    "bcubed",
    "coauthor_linking",
    "name_corpus",
    "pairwise",
    "read_name_file",
    "read_names",
]


def _default_dir() -> Path:
    """``names/`` of the labelled set, read in place: ``$COLLABGRAPH_SHARED``, else
    ``../shared`` beside the checkout, else ``/work/shared`` (as tests/conftest.py)."""
    root = Path(__file__).resolve().parent.parent
    for cand in (os.environ.get("COLLABGRAPH_SHARED"), root.parent / "shared", "/work/shared"):
        if cand and (Path(cand) / "data").is_dir():
            return Path(cand) / "data" / "disambiguation" / "names"
    return root.parent / "shared" / "data" / "disambiguation" / "names"


DEFAULT_DIR = _default_dir()


@dataclass(frozen=True)
class Publication:
    """One ``<publication>``: co-authors are the *other* authors, lower case as written."""

    title: str
    year: int | None
    coauthors: tuple[str, ...]
    venue: str
    label: str


@dataclass(frozen=True)
class NameFile:
    """One name file: the ambiguous name and its labelled publications."""

    name: str
    path: Path
    publications: tuple[Publication, ...]


def _text(el, tag: str) -> str:
    found = el.find(tag)
    return html.unescape(" ".join((found.text or "").split())) if found is not None else ""


def read_name_file(path: str | Path) -> NameFile:
    """Read one name file.  Some are not well-formed XML (a bare ``&``): lxml's recovering
    parser reads them, as the dataset README says; entities written as text
    (``Gonz&aacute;lez``) are decoded."""
    from lxml import etree

    path = Path(path)
    root = etree.parse(str(path), etree.XMLParser(recover=True)).getroot()
    pubs = []
    for pub in root.iter("publication"):
        year = _text(pub, "year")
        pubs.append(
            Publication(
                title=_text(pub, "title"),
                year=int(year) if year.isdigit() else None,
                coauthors=tuple(a.strip() for a in _text(pub, "authors").split(",") if a.strip()),
                venue=_text(pub, "jconf"),
                label=_text(pub, "label"),
            )
        )
    return NameFile(_text(root, "FullName"), path, tuple(pubs))


def read_names(folder: str | Path = DEFAULT_DIR, limit: int | None = None) -> list[NameFile]:
    """Every name file of ``folder`` (sorted by file name; the first ``limit``)."""
    files = sorted(Path(folder).glob("*.xml"))[:limit]
    return [read_name_file(f) for f in files]


#: Scheme of the per-record ids the benchmark gives its records (never a real database).
_SCHEME = "devset"


def _records(nf: NameFile, rename: Callable[[str], str] = lambda s: s) -> list[PaperRecord]:
    return [
        PaperRecord(
            title=p.title,
            authors=(AuthorRef(nf.name), *(AuthorRef(rename(a)) for a in p.coauthors)),
            source=str(nf.path),
            line=i + 1,
            year=p.year,
            date_precision="year" if p.year else "",
            venue=p.venue,
            # a paper id of the benchmark's own scheme: the merged paper's ext_id lists the
            # records it holds, so each publication finds its paper (see _paper_ids)
            ext_id=f"{_SCHEME}:{i}",
        )
        for i, p in enumerate(nf.publications)
    ]


def name_corpus(nf: NameFile) -> tuple[Corpus, list[str]]:
    """The corpus of one name file and the paper id of each publication (two publications
    with one title and year are one paper, as in any run)."""
    records = _records(nf)
    corpus = normalise(LoadResult(records, meta={"path": str(nf.path)}), add_owner=False)
    return corpus, _paper_ids(corpus, records)


def _paper_ids(corpus: Corpus, records: Sequence[PaperRecord]) -> list[str]:
    # Every merged paper's ext_id is the union of its records' ids (normalise), and each
    # record carries its index under the benchmark's scheme.
    paper_of: dict[str, str] = {}
    papers = corpus.papers
    for pid, ext in zip(papers["paper_id"].tolist(), papers["ext_id"].tolist(), strict=True):
        for ident in str(ext).split(";"):
            if ident.startswith(_SCHEME + ":"):
                paper_of[ident] = pid
    return [paper_of[r.ext_id] for r in records]


def persons(before: Corpus, after: Corpus, paper_ids: Sequence[str], key: str) -> list[str]:
    """The author id the ambiguous name (``key`` before resolution) has on each paper
    afterwards (resolution keeps the authorship rows in order)."""
    mine = (before.authorships["author_id"] == key).to_numpy()
    papers = before.authorships["paper_id"].to_numpy()[mine]
    ids = after.authorships["author_id"].to_numpy()[mine]
    by_paper = dict(zip(papers.tolist(), ids.tolist(), strict=True))
    return [by_paper.get(p, "?") for p in paper_ids]


# --- scores ---------------------------------------------------------------------------------


@dataclass
class Scores:
    """Counts behind pairwise and B-cubed scores, summed over names."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    b_p: float = 0.0
    b_r: float = 0.0
    items: int = 0
    #: names of one gold person, and the persons predicted for them beyond one
    one_person: int = 0
    invented: int = 0

    def __add__(self, other: Scores) -> Scores:
        return Scores(*(getattr(self, f.name) + getattr(other, f.name) for f in _FIELDS))

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def b3(self) -> tuple[float, float, float]:
        if not self.items:
            return 1.0, 1.0, 1.0
        p, r = self.b_p / self.items, self.b_r / self.items
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


_FIELDS = dataclasses.fields(Scores)


def pairwise(pred: Sequence, gold: Sequence) -> Scores:
    """Pairwise and B-cubed counts of one name's clustering ``pred`` against ``gold``.

    >>> s = pairwise([1, 1, 1, 2], ["a", "a", "b", "b"])
    >>> (s.tp, s.fp, s.fn), round(s.precision, 3), round(s.recall, 3)
    ((1, 2, 1), 0.333, 0.5)
    """
    both = Counter(zip(pred, gold, strict=True))
    pc, gc = Counter(pred), Counter(gold)
    tp = sum(n * (n - 1) // 2 for n in both.values())
    pp = sum(n * (n - 1) // 2 for n in pc.values())
    gg = sum(n * (n - 1) // 2 for n in gc.values())
    b_p = sum(n * n / pc[p] for (p, _), n in both.items())
    b_r = sum(n * n / gc[g] for (_, g), n in both.items())
    one = len(gc) == 1
    return Scores(tp, pp - tp, gg - tp, b_p, b_r, len(gold), int(one), len(pc) - 1 if one else 0)


def bcubed(pred: Sequence, gold: Sequence) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of one clustering (Bagga & Baldwin 1998).

    >>> [round(x, 3) for x in bcubed([1, 1, 1, 2], ["a", "a", "b", "b"])]
    [0.667, 0.75, 0.706]
    """
    return pairwise(pred, gold).b3


# --- methods --------------------------------------------------------------------------------


def coauthor_linking(corpus: Corpus, paper_ids: Sequence[str], key: str) -> list[int]:
    """Baseline: the name's papers linked when they share a co-author (by name key);
    persons are the connected components."""
    a = corpus.authorships
    papers = list(dict.fromkeys(paper_ids))
    index = {p: i for i, p in enumerate(papers)}
    co = a[a["paper_id"].isin(index) & (a["author_id"] != key)]
    codes = co["paper_id"].map(index).to_numpy()
    groups = co.groupby("author_id").indices
    u, v = [], []
    for rows in groups.values():
        ps = codes[rows]
        u.extend(ps[:-1].tolist())
        v.extend(ps[1:].tolist())
    n = len(papers)
    g = coo_matrix((np.ones(len(u)), (u, v)), shape=(n, n))
    _, comp = connected_components(g, directed=False)
    return [int(comp[index[p]]) for p in paper_ids]


_PREPARED: dict[Path, tuple[Corpus, list[str]]] = {}


def _prepared(nf: NameFile) -> tuple[Corpus, list[str]]:
    """:func:`name_corpus`, once per file (tuning scores each file many times)."""
    if nf.path not in _PREPARED:
        _PREPARED[nf.path] = name_corpus(nf)
    return _PREPARED[nf.path]


def score_mode(
    names: Iterable[NameFile],
    mode: str,
    *,
    split_params: SplitParams | None = None,
    per_name: dict | None = None,
) -> Scores:
    """Sum of the scores of ``mode`` (``off``, ``merge``, ``split``, ``both`` or
    ``coauthors``) over ``names``; ``per_name`` receives each name's scores."""
    total = Scores()
    for nf in names:
        if not nf.publications:
            continue
        corpus, pids = _prepared(nf)
        key = name_key(nf.name)
        if mode == "coauthors":
            pred = coauthor_linking(corpus, pids, key)
        else:
            resolved, _ = resolve_names(corpus, mode, split_params=split_params)
            pred = persons(corpus, resolved, pids, key)
        s = pairwise(pred, [p.label for p in nf.publications])
        if per_name is not None:
            per_name[nf.path.name] = s
        total = total + s
    return total


ROWS = (
    ("name key only", "off"),
    ("co-author linking", "coauthors"),
    ("merge", "merge"),
    ("split", "split"),
    ("both", "both"),
)


def table(names: Sequence[NameFile], rows=ROWS) -> list[tuple[str, Scores, float]]:
    out = []
    for label, mode in rows:
        t = time.perf_counter()
        s = score_mode(names, mode)
        out.append((label, s, time.perf_counter() - t))
    return out


def format_table(results) -> str:
    lines = [
        f"{'method':<20} {'pairwise P':>10} {'R':>6} {'F1':>6}   {'B3 P':>6} {'R':>6} {'F1':>6}"
        f"  {'seconds':>7}"
    ]
    for label, s, secs in results:
        bp, br, bf = s.b3
        lines.append(
            f"{label:<20} {s.precision:>10.3f} {s.recall:>6.3f} {s.f1:>6.3f}   "
            f"{bp:>6.3f} {br:>6.3f} {bf:>6.3f}  {secs:>7.1f}"
        )
    return "\n".join(lines)


# --- merge test -----------------------------------------------------------------------------


def abbreviate(name: str) -> str:
    """Given names to initials: ``jian pei`` -> ``j. pei``, ``ada wai-chee fu`` ->
    ``a. w.-c. fu``.

    >>> abbreviate("ada wai-chee fu"), abbreviate("pei")
    ('a. w.-c. fu', 'pei')
    """
    parts = name.split()
    if len(parts) < 2:
        return name
    given = ["-".join(p[0] + "." for p in g.split("-") if p) for g in parts[:-1]]
    return " ".join([*given, parts[-1]])


def merge_test(
    names: Sequence[NameFile],
    *,
    share: float = 0.3,
    seed: int = 1,
    grid: Sequence[tuple[str, MergeParams]] = (("merge", MergeParams()),),
    drop_source_variants: bool = True,
) -> list:
    """Pool every name file into one corpus, abbreviate a seeded ``share`` of co-author
    mentions, and score co-author mentions (gold: the name as written) with ``off`` and
    ``merge`` (each of ``grid``).  Returns ``[(label, Scores, seconds, decisions)]``.

    Only names whose short form no other name of the data shares are abbreviated (``j.
    pei`` for Jian and Jing Pei would be two people under one key, which no merge undoes);
    the other names stay in the data, so a short form still meets full names it does not
    stand for (``j. x. yu`` beside ``jeffrey xu yu``, ``jun yu``).  :func:`added_precision`
    scores the pairs a merge adds.  With ``drop_source_variants`` the mentions of names that
    the data already writes in two compatible ways (``xianfeng gu`` and ``xianfeng david
    gu``: one person or two, the string cannot tell) are not scored
    (:func:`source_variants`)."""
    rng = random.Random(seed)
    records: list[PaperRecord] = []
    mentions: list[tuple[int, str, str]] = []  # (record index, written name, gold)
    # a short form that two names of the data share (j. pei: Jian and Jing) would be two
    # people under one key, which no merge can undo: such names stay written out (and stay
    # in the data as decoys for the short forms of the others)
    short_of: dict[str, set[str]] = {}
    for nf in names:
        for p in nf.publications:
            for co in p.coauthors:
                short_of.setdefault(name_key(abbreviate(co)), set()).add(name_key(co))
    for nf in names:
        for p in nf.publications:
            authors = [AuthorRef(nf.name)]
            for co in p.coauthors:
                unique = len(short_of[name_key(abbreviate(co))]) == 1
                written = abbreviate(co) if unique and rng.random() < share else co
                authors.append(AuthorRef(written))
                mentions.append((len(records), written, co))
            records.append(
                PaperRecord(
                    title=p.title,
                    authors=tuple(authors),
                    source=str(nf.path),
                    line=len(records) + 1,
                    year=p.year,
                    date_precision="year" if p.year else "",
                    venue=p.venue,
                    ext_id=f"{_SCHEME}:{len(records)}",
                )
            )
    subjects = {name_key(nf.name) for nf in names}
    unsure = source_variants({co for _, _, co in mentions}) if drop_source_variants else set()
    corpus = normalise(LoadResult(records, meta={"path": "pooled"}), add_owner=False)
    pids = _paper_ids(corpus, records)
    out = []
    for label, mode, params in (
        ("name key only", "off", None),
        *((g, "merge", p) for g, p in grid),
    ):
        t = time.perf_counter()
        resolved, decisions = resolve_names(corpus, mode, merge_params=params)
        secs = time.perf_counter() - t
        old = corpus.authorships
        new = resolved.authorships
        after = dict(
            zip(zip(old["paper_id"], old["author_id"], strict=True), new["author_id"], strict=True)
        )
        pred, gold = [], []
        for rec, written, co in mentions:
            k = name_key(written)
            if name_key(co) in subjects:  # a labelled name: its gold is not the string
                continue
            if name_key(co) in unsure:  # the source itself writes this person two ways?
                continue
            got = after.get((pids[rec], k))
            if got is None:  # the same name twice on one paper: normalise kept one
                continue
            pred.append(got)
            gold.append(name_key(co))
        out.append((label, pairwise(pred, gold), secs, decisions))
    return out


def source_variants(written: Iterable[str]) -> set[str]:
    """Keys of the names that have a compatible other spelling among ``written`` (the data
    as it came, before any abbreviation): their gold is unsure.

    >>> sorted(source_variants(["xianfeng gu", "xianfeng david gu", "jian pei", "j. x. yu"]))
    ['xianfengdavidgu', 'xianfenggu']
    """
    by_block: dict[str, list] = {}
    for name in set(written):
        p = parse_name(name)
        if p.block:
            by_block.setdefault(p.block, []).append((name_key(name), p))
    out: set[str] = set()
    for members in by_block.values():
        for i, (ka, pa) in enumerate(members):
            for kb, pb in members[i + 1 :]:
                if ka != kb and compatible(pa, pb):
                    out.update((ka, kb))
    return out


def added_precision(base: Scores, merged: Scores) -> tuple[int, int, float]:
    """True and false pairs a merge added over the name key, and their precision (merging
    only ever joins, so every pair it adds is new)."""
    tp, fp = merged.tp - base.tp, merged.fp - base.fp
    return tp, fp, tp / (tp + fp) if tp + fp else 1.0


# --- real bibliographies -----------------------------------------------------------------


def netscience_corpus(path: str | Path) -> Corpus:
    """Newman's network scientists (``netscience.gml``) as a corpus: every link one paper
    of its two authors (the file has links, not papers), names ``ABRAMSON, G`` flipped to
    ``G ABRAMSON``."""
    import networkx as nx

    from graph.load._common import flip_name

    G = nx.read_gml(str(path), label="id")
    label = {n: flip_name(d.get("label", str(n))) for n, d in G.nodes(data=True)}
    records = [
        PaperRecord(
            title=f"link {u}-{v}",
            authors=(AuthorRef(label[u]), AuthorRef(label[v])),
            source=str(path),
            line=i + 1,
        )
        for i, (u, v) in enumerate(sorted(G.edges()))
    ]
    return normalise(LoadResult(records, meta={"path": str(path)}), add_owner=False)


def real_report(shared: Path) -> str:
    """Authors before and after each mode on the real bibliographies, and every merge."""
    from graph.config import RunConfig
    from graph.pipeline import load_corpus

    lines = []
    sources = []
    tu9 = Path(__file__).resolve().parent.parent / "tests/data/openalex/works_tu9_2022.json"
    if tu9.is_file():
        sources.append(
            ("OpenAlex TU9 sample", load_corpus(RunConfig(inputs=(tu9,), resolve_names="off")))
        )
    gml = shared / "netscience" / "netscience.gml"
    if gml.is_file():
        sources.append(("netscience.gml", netscience_corpus(gml)))
    for label, corpus in sources:
        n0 = corpus.authorships["author_id"].nunique()
        counts = []
        for mode in ("merge", "split", "both"):
            out, decisions = resolve_names(corpus, mode)
            counts.append(f"{mode} {out.authorships['author_id'].nunique()}")
            if mode == "merge":
                merges = decisions
        lines.append(
            f"{label}: {len(corpus.papers)} papers, authors: off {n0}, " + ", ".join(counts)
        )
        for r in merges.itertuples(index=False):
            lines.append(
                f"  merge {r.name} -> {r.new_name} [{r.rule}; {r.n_coauthors} shared co-authors"
                f"{': ' + r.coauthors if r.coauthors else ''}"
                f"{'; institutions ' + r.institutions if r.institutions else ''}]"
            )
    return "\n".join(lines)


# --- tuning -----------------------------------------------------------------------------------


def tune(names: Sequence[NameFile], *, seeds: int = 5, min_precision: float = 0.96) -> str:
    """Cross-validate :class:`SplitParams` by name; return a report."""
    grid = [
        SplitParams(threshold=t, resolution=r, min_groups=g)
        for g in (1, 2)
        for r in (0.1, 0.2)
        for t in (0.05, 0.06, 0.08, 0.1, 0.12, 0.15)
    ]
    per: dict[SplitParams, dict[str, Scores]] = {}
    for params in grid:
        per[params] = {}
        score_mode(names, "split", split_params=params, per_name=per[params])
    keys = sorted(next(iter(per.values())))
    lines = ["threshold resolution min_groups  P      R      F1  (all names)"]
    for params, scores in per.items():
        s = sum((scores[k] for k in keys), Scores())
        lines.append(
            f"{params.threshold:9.2f} {params.resolution:10.2f} {params.min_groups:10d}  "
            f"{s.precision:.3f}  {s.recall:.3f}  {s.f1:.3f}"
        )
    lines.append("cross-validated by name (tuned on one half, reported on the other):")
    for seed in range(seeds):
        order = keys[:]
        random.Random(seed).shuffle(order)
        half = len(order) // 2
        for a, b in ((order[:half], order[half:]), (order[half:], order[:half])):

            def total(params, ks):
                return sum((per[params][k] for k in ks), Scores())

            ok = [p for p in grid if total(p, a).precision >= min_precision]
            if not ok:
                lines.append(
                    f"seed {seed}: no setting reaches P {min_precision} on the tuning half"
                )
                continue
            best = max(ok, key=lambda p: total(p, a).f1)
            ta, tb = total(best, a), total(best, b)
            lines.append(
                f"seed {seed}: threshold {best.threshold}, resolution {best.resolution}, "
                f"min_groups {best.min_groups}: "
                f"tuning half P {ta.precision:.3f} R {ta.recall:.3f} F1 {ta.f1:.3f}; "
                f"other half P {tb.precision:.3f} R {tb.recall:.3f} F1 {tb.f1:.3f}"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--names", type=Path, default=DEFAULT_DIR, help="folder of name files")
    ap.add_argument("--limit", type=int, default=None, help="only the first N files")
    ap.add_argument("--merge-test", action="store_true", help="the merge measurement")
    ap.add_argument("--share", type=float, default=0.3, help="merge test: share abbreviated")
    ap.add_argument("--tune", action="store_true", help="cross-validated split tuning")
    ap.add_argument("--show", type=int, default=0, help="merge test: print N decisions")
    ap.add_argument("--grid", action="store_true", help="merge test: other MergeParams too")
    ap.add_argument("--real", action="store_true", help="the real bibliographies (TU9, netscience)")
    args = ap.parse_args(argv)
    if not args.names.is_dir():
        print(f"no name files in {args.names}", file=sys.stderr)
        return 2
    names = read_names(args.names, args.limit)
    n_pubs = sum(len(n.publications) for n in names)
    print(f"{len(names)} names, {n_pubs} publications ({args.names})")
    if args.real:
        print(real_report(args.names.parent.parent))
        return 0
    if args.tune:
        print(tune(names))
        return 0
    if args.merge_test:
        grid = [("merge", MergeParams())]
        if args.grid:
            grid += [
                (f"merge, common_family {f}", MergeParams(common_family=f)) for f in (0, 5, 20)
            ]
        results = merge_test(names, share=args.share, grid=grid)
        print(f"merge test: {args.share:.0%} of co-author mentions abbreviated (seed 1)")
        print(format_table([(label, s, secs) for label, s, secs, _ in results]))
        base = results[0][1]
        for label, s, _, decisions in results[1:]:
            tp, fp, prec = added_precision(base, s)
            print(
                f"{label}: {len(decisions)} merges; pairs added {tp + fp}: {tp} right, "
                f"{fp} wrong, precision {prec:.4f}"
            )
        decisions = results[1][3]
        for r in decisions.head(args.show).itertuples(index=False):
            print(f"  {r.name} -> {r.new_name} [{r.rule}; {r.n_coauthors} shared: {r.coauthors}]")
        return 0
    results = table(names)
    print(format_table(results))
    for label, s, _ in results:
        if label in ("split", "both"):
            print(f"{label}: {s.invented} persons made on the {s.one_person} names of one person")
    return 0


if __name__ == "__main__":
    sys.exit(main())
