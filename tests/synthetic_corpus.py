"""A synthetic CSV corpus for the output tests (kill test, reproducible bytes)."""

from __future__ import annotations

import csv
import random
from pathlib import Path

#: The owner every synthetic corpus gives half of its papers to.
PROFILE = ["--owner", "Ada Lovelace"]


def synthetic_corpus(path: Path, papers: int, people: int, seed: int = 1) -> Path:
    """A synthetic CSV corpus: ``papers`` papers of 2-6 authors drawn from ``people`` names
    in overlapping groups (so the graph is connected enough to have communities)."""
    rng = random.Random(seed)
    names = [f"Person{i:05d} Example" for i in range(people)]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["title", "year", "authors", "affiliations"])
        for p in range(papers):
            start = rng.randrange(0, people - 30)
            authors = rng.sample(names[start : start + 30], rng.randint(2, 6))
            if rng.random() < 0.5:
                authors.append("Ada Lovelace")
            w.writerow(
                [f"Paper {p}", rng.randint(1990, 2024), "; ".join(authors), f"Univ {p % 40}"]
            )
    return path
