"""Reader and names cost on the real OpenAlex sample, as ratios to baselines in the same run.

Usage::

    .venv/bin/python bench/bench_load.py [tests/data/openalex/works_tu9_2022.json] [--repeat 3]

* ``openalex`` reader vs plain ``json.loads`` of the same file (the parsing floor);
* ``normalise`` of the reader's result (reported in seconds and per authorship);
* ``names`` (:func:`graph.names.name_candidates`) vs one rapidfuzz ``cdist`` over all names
  (the fuzzy-matching floor the function cannot go below).

Best of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import json
import timeit
from pathlib import Path

from rapidfuzz import fuzz, process

from graph.load import load_records
from graph.names import name_candidates
from graph.normalise import normalise

DEFAULT = Path(__file__).resolve().parent.parent / "tests/data/openalex/works_tu9_2022.json"


def best(fn, repeat: int) -> float:
    return min(timeit.repeat(fn, number=1, repeat=repeat))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    text = args.path.read_text(encoding="utf-8")
    base = best(lambda: json.loads(text), args.repeat)
    read = best(lambda: load_records(args.path), args.repeat)
    res = load_records(args.path)
    n_auth = sum(len(r.authors) for r in res.records)
    norm = best(lambda: normalise(res), args.repeat)
    corpus = normalise(res)
    names = corpus.authorships.drop_duplicates("author_id")["name"].tolist()
    floor = best(
        lambda: process.cdist(names, names, scorer=fuzz.ratio, score_cutoff=85, workers=1),
        args.repeat,
    )
    cands = best(lambda: name_candidates(corpus), args.repeat)
    print(f"{args.path.name}: {len(res.records)} works, {n_auth} authorships, {len(names)} authors")
    print(f"openalex reader  {read:7.3f} s  = {read / base:5.1f} x json.loads ({base:.3f} s)")
    print(f"normalise        {norm:7.3f} s  = {norm / n_auth * 1e6:5.1f} us per authorship")
    print(
        f"names            {cands:7.3f} s  = {cands / floor:5.1f} x one rapidfuzz cdist "
        f"({floor:.3f} s)"
    )


if __name__ == "__main__":
    main()
