"""What ``--resolve-names`` costs on synthetic corpora, against the run it is part of.

For each size the corpus (:func:`bench.synth.synth_records`, seeded, written as a profile
page) goes through the whole pipeline once with ``--resolve-names off`` (timed per stage by
the pipeline), then :func:`graph.identity.resolve_names` runs on the same normalised corpus
in each mode; the table gives its seconds and their ratio to that run's total, measured in
the same process minutes apart (the issue asks for at most +50% at 10^5 papers).  With
``--full`` every mode also runs the whole pipeline, so the ratio is of two whole runs.

The synthetic names are unique by construction (``Ada Kakakaka``): every merge or split
there is wrong, so the counts printed beside the times are false merges and false splits on
a corpus without name variants or homonyms (its titles are four of 23 words, its venues
empty: little to go on, a worst case for ``split``).

Run::

    .venv/bin/python -m bench.bench_identity                 # 10^3, 10^4, 10^5
    .venv/bin/python -m bench.bench_identity --sizes 100000 --full
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from bench.synth import synth_records, write_profile
from graph.config import RunConfig
from graph.identity import resolve_names
from graph.normalise import normalise
from graph.pipeline import load_inputs, run

MODES = ("merge", "split", "both")


def measure(n: int, *, full: bool = False, seed: int = 42) -> dict:
    """Seconds of the whole run (``off``) and of ``resolve_names`` per mode at ``n``
    papers, with what each mode changed."""
    with tempfile.TemporaryDirectory() as tmp:
        path = write_profile(synth_records(n, seed=seed), Path(tmp) / "corpus.txt")
        cfg = RunConfig(inputs=(path,), out_dir=Path(tmp) / "out", seed=seed, quiet=True)
        cfg = cfg.replace(add_owner=False)
        t = time.perf_counter()
        result = run(cfg)
        total = time.perf_counter() - t
        corpus = normalise(load_inputs(cfg), add_owner=False)
        out = {"papers": n, "run": total, "stages": result.timings}
        for mode in MODES:
            t = time.perf_counter()
            resolved, _ = resolve_names(corpus, mode, seed=seed)
            out[mode] = time.perf_counter() - t
            out[mode + "_counts"] = resolved.meta["identity"]
            if full:
                t = time.perf_counter()
                run(cfg.replace(resolve_names=mode, out_dir=Path(tmp) / mode))
                out[mode + "_run"] = time.perf_counter() - t
        return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--full", action="store_true", help="also a whole run per mode")
    args = ap.parse_args(argv)
    print(
        f"{'papers':>8} {'run (off)':>10}  "
        + "  ".join(f"{m:>16}" for m in MODES)
        + "   false merges / split names -> persons"
    )
    for n in (int(x) for x in args.sizes.split(",")):
        r = measure(n, full=args.full)
        cells = []
        for m in MODES:
            cell = f"{r[m]:6.1f} s {r[m] / r['run']:+6.0%}"
            if args.full:
                cell += f" (run {r[m + '_run']:.1f} s {r[m + '_run'] / r['run'] - 1:+.0%})"
            cells.append(cell)
        c = r["both_counts"]
        print(
            f"{n:>8,} {r['run']:>8.1f} s  "
            + "  ".join(f"{x:>16}" for x in cells)
            + f"   {r['merge_counts']['merged']} / {c['split_keys']} -> "
            f"{c['split_keys'] + c['persons_added']} (of {c['authors_before']:,} authors)",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
