"""Issue 14.10: three identical runs give the same bytes in every output file, on a graph
large enough for the igraph engine, each in a fresh process with its own hash seed (so set
and dict orders that depend on string hashing would show)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

import pytest
from synthetic_corpus import PROFILE, synthetic_corpus

from graph.engines import AUTO_LIMIT

pytest.importorskip("igraph")


def test_three_runs_same_bytes_on_igraph(tmp_path):
    corpus = synthetic_corpus(tmp_path / "corpus.csv", 600, 450, seed=10)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "graph", "run", str(corpus), *PROFILE, "-q", "--out", str(out)]
    digests = []
    for hash_seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        subprocess.run(cmd, env=env, check=True, capture_output=True)
        digests.append(
            {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.iterdir())}
        )
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["authors"] > AUTO_LIMIT
    assert manifest["counts"]["analysis"]["engine"] == "igraph"
    assert len(digests[0]) == 8
    assert digests[0] == digests[1] == digests[2]
