"""Large-corpus benchmark (issue 18): the corpus store and the Spark build.

    .venv/bin/python -m bench.bench_large --sizes 100000,1000000 --cache bench/.cache

For each size, on the seeded synthetic corpus of :mod:`bench.synth` written as a profile page
(cached in ``--cache`` under the same name as ``bench.run`` uses), every step runs as its own
``collabgraph`` process; wall time and peak memory are measured from outside: the peak of the
summed resident memory of the process and all its descendants (the Spark JVM and its Python
workers included), sampled every 0.2 s.

* ``rank`` from the text file, ``ingest`` into a store, ``rank`` from the store (outputs must be
  byte-identical; ``--cache`` reads its entries the same way), and the corpus-reading part
  alone (``load_corpus`` on the text against ``read_store``);
* ``build`` on pandas and ``build --spark local[2]`` from the store; the two networks' tables
  must be equal (nodes and links, value for value).

Results go to ``bench/results/large.json`` and are printed as a table; the machine's load
average before and after each step is recorded (the machine is shared).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
CLI = [sys.executable, "-m", "graph"]


def _tree_rss_kb(pid: int) -> int:
    """Resident memory (KiB) of ``pid`` and all its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
            with open(f"/proc/{entry}/status", encoding="ascii", errors="replace") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        rss[int(entry)] = int(line.split()[1])
                        break
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo.extend(children.get(p, []))
    return total


def measure(args: list[str], stdout_path: Path | None = None) -> dict:
    """Run one command; seconds, peak summed RSS (MiB) of its process tree, load average."""
    load_before = os.getloadavg()[0]
    out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL  # noqa: SIM115
    t = time.perf_counter()
    proc = subprocess.Popen(args, stdout=out, stderr=subprocess.PIPE, cwd=ROOT)
    peak = [0]

    def poll():
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss_kb(proc.pid))
            time.sleep(0.2)

    th = threading.Thread(target=poll, daemon=True)
    th.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - t
    th.join()
    if stdout_path:
        out.close()
    if proc.returncode:
        raise RuntimeError(f"{' '.join(args)} failed:\n{err.decode(errors='replace')[-3000:]}")
    return {
        "seconds": round(seconds, 2),
        "peak_mib": round(peak[0] / 1024),
        "load_before": round(load_before, 1),
        "load_after": round(os.getloadavg()[0], 1),
    }


def _same_ranking(a: Path, b: Path) -> bool:
    """Same rows, names, counts and communities; floats equal to 1e-9 (relative).  Two runs
    of ``rank`` on the *same text file* already differ in PageRank's last digits (igraph's
    solver), so bytes alone cannot tell the store apart from that."""
    import pandas as pd

    x, y = pd.read_csv(a), pd.read_csv(b)
    if list(x.columns) != list(y.columns) or len(x) != len(y):
        return False
    for col in x.columns:
        if x[col].dtype.kind == "f":
            if not ((x[col] - y[col]).abs() <= 1e-9 * x[col].abs().clip(lower=1e-300)).all():
                return False
        elif not x[col].equals(y[col]):
            return False
    return True


def corpus_file(size: int, seed: int, cache: Path | None, tmp: Path) -> Path:
    """The synthetic corpus as a profile page (``bench.run``'s cache name)."""
    from bench.run import _synth_key
    from bench.synth import synth_records, write_profile

    name = f"synth_{size}_seed{seed}_{_synth_key()}.txt"
    if cache is not None and (cache / name).is_file():
        return cache / name
    path = write_profile(synth_records(size, seed=seed), tmp / name)
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        part = cache / (name + ".part")
        shutil.copyfile(path, part)
        os.replace(part, cache / name)
        return cache / name
    return path


def run_size(size: int, args: argparse.Namespace, tmp: Path) -> dict:
    res: dict = {"papers": size}
    text = corpus_file(size, args.seed, args.cache, tmp)
    store = tmp / f"store_{size}"
    res["ingest"] = measure([*CLI, "ingest", str(text), "--no-owner", "-o", str(store), "-q"])
    res["store_bytes"] = sum(f.stat().st_size for f in store.iterdir())
    res["text_bytes"] = text.stat().st_size
    if not args.only_build:
        _rank_and_read(res, text, store, tmp, args.rank_only)
    if not args.no_build:
        _builds(res, size, store, args, tmp)
    shutil.rmtree(store, ignore_errors=True)
    return res


def _rank_and_read(
    res: dict, text: Path, store: Path, tmp: Path, args_rank_only: bool = False
) -> None:
    """``rank`` from the text and from the store, and the corpus reading alone."""
    rank = ["rank", "--no-owner", "--top", "20", "--to", "csv"]
    res["rank_text"] = measure([*CLI, *rank, str(text)], tmp / "rank_text.csv")
    res["rank_store"] = measure([*CLI, *rank, str(store)], tmp / "rank_store.csv")
    # The same question again: answered by the store's analysis cache (graph.store).
    res["rank_store_cached"] = measure([*CLI, *rank, str(store)], tmp / "rank_cached.csv")
    res["rank_bytes_identical"] = (tmp / "rank_text.csv").read_bytes() == (
        tmp / "rank_store.csv"
    ).read_bytes()
    res["rank_cached_bytes_identical"] = (tmp / "rank_store.csv").read_bytes() == (
        tmp / "rank_cached.csv"
    ).read_bytes()
    res["rank_text_vs_store_cached"] = round(
        res["rank_text"]["seconds"] / res["rank_store_cached"]["seconds"], 2
    )
    res["rank_identical"] = _same_ranking(tmp / "rank_text.csv", tmp / "rank_store.csv")
    res["rank_text_vs_store"] = round(res["rank_text"]["seconds"] / res["rank_store"]["seconds"], 2)
    if args_rank_only:
        return
    res["read_store"] = measure(
        [sys.executable, "-c", f"from graph.store import read_store; read_store({str(store)!r})"]
    )
    res["load_text"] = measure(
        [
            sys.executable,
            "-c",
            "from graph.pipeline import load_corpus; from graph.config import RunConfig; "
            f"load_corpus(RunConfig(inputs=({str(text)!r},), extra={{'add_owner': False}}))",
        ]
    )
    res["load_text_vs_read_store"] = round(
        res["load_text"]["seconds"] / res["read_store"]["seconds"], 2
    )


def _builds(res: dict, size: int, store: Path, args: argparse.Namespace, tmp: Path) -> None:
    """``build`` on pandas and on Spark ``local[2]`` from the store; tables compared."""
    from graph.network_tables import read_network

    net_pd, net_sp = tmp / f"net_pd_{size}", tmp / f"net_sp_{size}"
    res["build_pandas"] = measure([*CLI, "build", str(store), "-o", str(net_pd), "-q"])
    spark = ["--spark", "local[2]", "--partitions", str(args.partitions), "--memory", args.memory]
    res["build_spark"] = measure([*CLI, "build", str(store), "-o", str(net_sp), *spark, "-q"])
    a, b = read_network(net_pd), read_network(net_sp)
    res["nodes"], res["links"] = len(a.nodes), len(a.links)
    res["spark_equals_pandas"] = bool(a.nodes.equals(b.nodes) and a.links.equals(b.links))
    res["spark_vs_pandas"] = round(
        res["build_spark"]["seconds"] / res["build_pandas"]["seconds"], 2
    )
    res["links_parquet_bytes"] = sum(
        f.stat().st_size for f in (net_sp / "links.parquet").rglob("*") if f.is_file()
    )
    shutil.rmtree(net_pd, ignore_errors=True)
    shutil.rmtree(net_sp, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100000")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--no-build", action="store_true", help="skip the pandas/Spark builds")
    ap.add_argument("--only-build", action="store_true", help="skip rank and the read timings")
    ap.add_argument("--rank-only", action="store_true", help="rank timings only (no reads)")
    ap.add_argument("--partitions", type=int, default=8)
    ap.add_argument("--memory", default="4g")
    ap.add_argument("--out", type=Path, default=RESULTS / "large.json")
    args = ap.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory(prefix="cg_large_") as d:
        for size in (int(s) for s in args.sizes.split(",")):
            r = run_size(size, args, Path(d))
            results.append(r)
            print(json.dumps(r, indent=1), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    old = json.loads(args.out.read_text()) if args.out.is_file() else {}
    old.update({str(r["papers"]): r for r in results})
    args.out.write_text(json.dumps(old, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
