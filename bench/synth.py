"""Seeded synthetic publication corpora with the shape of real ones, for the benchmark.

Shape (each a documented choice, all drawn from one ``numpy`` generator seeded by ``seed``):

* authors: ``1.5 * papers + 50`` people (the low-weight ones may end up on no paper),
  grouped into labs of ~30; every lab belongs to one of ``labs / 5`` institutions;
* productivity: each author's weight is Pareto (shape 1.2) + 1, capped at 1000, so papers
  per author are Lotka-like (at 10^4 papers: about half the authors have one paper, the
  most productive ~250);
* team size: ``round(lognormal(1.1, 0.6))`` clipped to 1..20 (mean ~3.6, long tail to 20);
* locality: a paper's lab is drawn by total productivity; each author slot is filled from
  that lab with probability 0.8 (weighted by productivity), else from everyone, so the
  graph has communities, a giant component and a fringe of small components;
* years: 2024 minus an exponential with mean 8 years (literature grows), from 1980;
* each paper lists the institutions of its authors as profile tags.

:func:`synth_records` gives reader records (what :func:`graph.normalise.normalise` takes);
:func:`write_profile` writes them as a profile page text file, the format the ``profile``
reader loads, so the benchmark times the real ``load`` stage from a file.

>>> recs = synth_records(50, seed=1)
>>> len(recs), all(1 <= len(r.authors) <= 20 for r in recs)
(50, True)
>>> recs == synth_records(50, seed=1)
True
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import numpy as np

from graph.load.records import AuthorRef, LoadResult, PaperRecord

__all__ = ["SOURCE", "author_names", "synth_records", "synth_result", "write_profile"]

SOURCE = "<synthetic>"
_GIVEN = (
    "Ada",
    "Alan",
    "Anna",
    "Bela",
    "Carl",
    "Dana",
    "Emil",
    "Ella",
    "Ezra",
    "Gita",
    "Hana",
    "Ivan",
    "Jana",
    "Joao",
    "Kaia",
    "Lars",
    "Lena",
    "Luca",
    "Maya",
    "Mira",
    "Nico",
    "Nora",
    "Omar",
    "Otto",
    "Pia",
    "Raul",
    "Rosa",
    "Sami",
    "Sara",
    "Taro",
    "Vera",
    "Yuki",
    "Zoe",
)
_SYL = (
    "ka",
    "lo",
    "mi",
    "ne",
    "ru",
    "sa",
    "to",
    "vi",
    "be",
    "do",
    "fa",
    "gu",
    "ha",
    "ji",
    "ko",
    "la",
    "mo",
    "ni",
    "pe",
    "ri",
    "su",
    "ta",
    "ve",
    "zo",
)
_WORDS = (
    "graph",
    "network",
    "learning",
    "deep",
    "sparse",
    "robust",
    "adaptive",
    "neural",
    "model",
    "inference",
    "collaboration",
    "community",
    "dynamics",
    "scalable",
    "efficient",
    "analysis",
    "spectral",
    "random",
    "temporal",
    "structure",
    "embedding",
    "detection",
    "optimal",
)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def author_names(n: int) -> list[str]:
    """``n`` distinct names whose identity keys (:func:`graph.text.name_key`) are distinct too:
    the family name spells the index in base 24 with fixed-width syllables.

    >>> author_names(3)
    ['Ada Kakakaka', 'Alan Kakakaka', 'Anna Kakakaka']
    """
    out = []
    s = len(_SYL)
    for i in range(n):
        k, digits = i // len(_GIVEN), []
        for _ in range(4 if n <= len(_GIVEN) * s**4 else 5):
            k, d = divmod(k, s)
            digits.append(_SYL[d])
        out.append(f"{_GIVEN[i % len(_GIVEN)]} {''.join(reversed(digits)).capitalize()}")
    return out


def _draw(cum: np.ndarray, lo: np.ndarray, hi: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Weighted draws: index i with cum[i-1] <= x < cum[i], x uniform in [lo, hi)."""
    return np.searchsorted(cum, lo + u * (hi - lo), side="right")


def synth_records(n_papers: int, *, seed: int = 42) -> list[PaperRecord]:
    """``n_papers`` reader records of a synthetic corpus (see the module docstring)."""
    rng = np.random.default_rng(seed)
    n_auth = int(1.5 * n_papers) + 50
    lab_size = 30
    n_labs = max(1, n_auth // lab_size)
    lab = np.sort(rng.integers(0, n_labs, n_auth))  # authors sorted by lab
    weight = np.minimum(rng.pareto(1.2, n_auth) + 1.0, 1000.0)
    cum = np.cumsum(weight)
    lab_hi = cum[np.searchsorted(lab, np.arange(n_labs), side="right") - 1]
    lab_lo = np.concatenate([[0.0], lab_hi[:-1]])
    lab_weight = lab_hi - lab_lo
    has_members = lab_weight > 0
    lab_p = np.where(has_members, lab_weight, 0.0) / lab_weight[has_members].sum()

    size = np.clip(np.rint(rng.lognormal(1.1, 0.6, n_papers)), 1, 20).astype(np.int64)
    paper_lab = rng.choice(n_labs, size=n_papers, p=lab_p)
    slot_paper = np.repeat(np.arange(n_papers), size)
    slot_lab = paper_lab[slot_paper]
    local = rng.random(len(slot_paper)) < 0.8
    lo = np.where(local, lab_lo[slot_lab], 0.0)
    hi = np.where(local, lab_hi[slot_lab], cum[-1])
    slot_author = np.minimum(_draw(cum, lo, hi, rng.random(len(slot_paper))), n_auth - 1)

    year = np.maximum(2024 - np.floor(rng.exponential(8.0, n_papers)), 1980).astype(int)
    month = rng.integers(1, 13, n_papers)
    day = rng.integers(1, 29, n_papers)
    names = author_names(n_auth)
    n_inst = max(1, n_labs // 5)
    inst_of_lab = rng.integers(0, n_inst, n_labs)
    inst_names = [f"inst-{i:05d}" for i in range(n_inst)]
    words = rng.integers(0, len(_WORDS), (n_papers, 4))

    bounds = np.concatenate([[0], np.cumsum(size)])
    records = []
    for p in range(n_papers):
        team = dict.fromkeys(slot_author[bounds[p] : bounds[p + 1]].tolist())  # ordered, unique
        tags = sorted({inst_names[inst_of_lab[lab[a]]] for a in team})
        title = " ".join(_WORDS[w] for w in words[p]).capitalize() + f" {p}"
        y, m, d = int(year[p]), int(month[p]), int(day[p])
        records.append(
            PaperRecord(
                title=title,
                authors=tuple(AuthorRef(names[a]) for a in team),
                source=SOURCE,
                line=p + 1,
                date=dt.date(y, m, d),
                year=y,
                date_precision="day",
                category="CS",
                affiliations=tuple(tags),
            )
        )
    return records


def synth_result(n_papers: int, *, seed: int = 42) -> LoadResult:
    """:func:`synth_records` wrapped as a reader result (input of ``normalise``)."""
    records = synth_records(n_papers, seed=seed)
    return LoadResult(
        records, meta={"format": "synthetic", "path": SOURCE, "records": len(records)}
    )


def write_profile(
    records: list[PaperRecord], path: str | os.PathLike[str], *, owner: str = "Synthetic Corpus"
) -> Path:
    """Write records as a profile page (see :mod:`graph.load.profile_text`); read it back
    with ``load_records(path, "profile")`` and normalise with ``add_owner=False``.

    >>> import tempfile
    >>> from graph.load import load_records
    >>> recs = synth_records(20, seed=3)
    >>> with tempfile.TemporaryDirectory() as d:
    ...     back = load_records(write_profile(recs, Path(d) / "p.txt"), "profile").records
    >>> [r.authors for r in back] == [r.authors for r in recs]
    True
    """
    parts = [f"{owner}\nCV\n{len(records)} Papers\n"]
    for r in records:
        date = f"{_MONTHS[r.date.month - 1]} {r.date.day}, {r.date.year}" if r.date else ""
        tags = f" · {', '.join(r.affiliations)}" if r.affiliations else ""
        parts.append(
            f"\n{r.category}{date}\n{r.title}\n\n{', '.join(a.name for a in r.authors)}{tags}\n"
        )
    path = Path(path)
    path.write_text("".join(parts), encoding="utf-8")
    return path
