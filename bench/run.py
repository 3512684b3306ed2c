"""The collabgraph benchmark: time and peak memory per stage, baselines, ratios, regressions.

Run ``make bench`` (10^3, 10^4, 10^5 papers) or ``make bench-large`` (adds 10^6), or::

    .venv/bin/python -m bench.run --sizes 1000,10000 --input my_corpus.txt --format profile

Each corpus runs in its own subprocess (``--worker``), so peak memory is that corpus's alone.
What is measured, from where:

* the corpus: :func:`bench.synth.synth_records` (seeded), written as a profile page file;
  real corpora given with ``--input`` are read as they are;
* ``load`` .. ``export``: :func:`graph.pipeline.run` on that file (``--no-owner``), timed by
  the pipeline itself; peak memory per stage is the process's peak resident set size during
  the stage (``VmHWM`` from ``/proc/self/status``, reset before each stage through
  ``/proc/self/clear_refs``; where that is not allowed, the process peak so far);
* baseline (a), naive: a Python loop over papers adding every author pair to an ``nx.Graph``
  (weight += 1), against ``graph.build.coauthor_graph`` on the same corpus; and PyVis
  ``add_node``/``add_edge`` one by one for the first ``--pyvis-cap`` edges (it is quadratic:
  the whole graph would take hours), against our page for the same nodes and edges;
* baseline (b), igraph on the same edge list (graph built from arrays beforehand): PageRank,
  betweenness from the same number of pivots, multilevel (Louvain) communities, against the
  same computations through :mod:`graph.engines` (conversion included).

Results are printed as tables and written to ``bench/results/latest.json``; every time in
it is compared with ``bench/results/baseline.json`` (``--save-baseline`` replaces it) and
anything more than 2x slower (or 2x more memory) is flagged as a regression.
"""

from __future__ import annotations

import argparse
import gc
import heapq
import itertools
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np

RESULTS = Path(__file__).resolve().parent / "results"
DEFAULT_SIZES = (1_000, 10_000, 100_000)
LARGE_SIZE = 1_000_000
REGRESSION = 2.0


def _rss_peak_mb() -> float:
    """Peak resident set size of this process since the last reset, in MiB."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


class _StageMeter:
    """``on_stage`` hook recording seconds, counts and peak memory of each stage."""

    def __init__(self) -> None:
        self.stages: dict[str, dict] = {}
        self.resettable = True

    def __call__(self, event: str, stage: str, info: dict) -> None:
        if event == "start":
            self.resettable = _reset_peak() and self.resettable
            return
        self.stages[stage] = {**info, "peak_mb": round(_rss_peak_mb(), 1)}


def _timed(fn, *args, **kwargs):
    t = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t


def naive_graph(papers: list[tuple[str, int, list[str]]], labels: dict[str, str]):
    """Baseline (a): a Python loop over papers adding each author pair to an ``nx.Graph``,
    with the attributes :func:`graph.build.coauthor_graph` gives (so both build one graph).

    ``papers`` are ``(paper_id, year, author ids)`` in paper-id order.
    """
    import networkx as nx

    G = nx.Graph()
    for pid, year, authors in papers:
        authors = sorted(set(authors))
        for a in authors:
            if a not in G:
                G.add_node(
                    a,
                    label=labels[a],
                    papers=0,
                    paper_ids=[],
                    is_owner=False,
                    first_year=year,
                    last_year=year,
                )
            d = G.nodes[a]
            d["papers"] += 1
            d["paper_ids"].append(pid)
            d["first_year"], d["last_year"] = min(d["first_year"], year), max(d["last_year"], year)
        share = 1.0 / (len(authors) - 1) if len(authors) > 1 else 0.0
        for u, v in itertools.combinations(authors, 2):
            if G.has_edge(u, v):
                e = G[u][v]
                e["weight"] += 1
                e["fractional"] += share
                e["papers"].append(pid)
                e["first_year"], e["last_year"] = (
                    min(e["first_year"], year),
                    max(e["last_year"], year),
                )
            else:
                G.add_edge(
                    u, v, weight=1, fractional=share, papers=[pid], first_year=year, last_year=year
                )
    for _, d in G.nodes(data=True):
        d["paper_ids"] = ";".join(d["paper_ids"])
    for _, _, e in G.edges(data=True):
        e["distance"] = 1.0 / e["weight"]
        e["papers"] = ";".join(e["papers"])
    return G


def naive_pair_counts(papers: list[list[str]]) -> Counter:
    """Baseline (a), counting only: joint papers per author pair with a ``Counter`` loop."""
    counts: Counter = Counter()
    for authors in papers:
        counts.update(itertools.combinations(sorted(set(authors)), 2))
    return counts


def naive_pyvis(nodes: list, edges: list) -> None:
    """Baseline (a): PyVis filled one ``add_node``/``add_edge`` call at a time."""
    from pyvis.network import Network

    net = Network()
    for n in nodes:
        net.add_node(n, label=str(n))
    for u, v, w in edges:
        net.add_edge(u, v, value=w)
    net.get_network_data()


def _baselines(corpus, G, config, *, pyvis_cap: int, naive_cap: int, pivots: int) -> dict:
    import networkx as nx

    from graph import engines
    from graph.analyse import centrality_table, communities
    from graph.build import coauthor_graph, coauthor_pairs, filter_authorships
    from graph.metrics import PAGERANK_TOL
    from graph.render import network_payload, render_network_html

    out: dict = {}

    # Both sides start from the same corpus tables: the naive loop's grouping of authors by
    # paper is part of its time, as factorising and filtering are part of ours.
    def naive_input():
        by_paper = corpus.authorships.groupby("paper_id", sort=True)["author_id"].agg(list)
        years = corpus.papers.set_index("paper_id")["year"].reindex(by_paper.index)
        return list(zip(by_paper.index, years.astype(int).tolist(), by_paper.tolist(), strict=True))

    def naive_full():
        labels = dict(zip(corpus.authorships["author_id"], corpus.authorships["name"], strict=True))
        return naive_graph(naive_input(), labels)

    # The analysed graphs are alive in this process: freeze them out of the cyclic
    # collector's generations so neither side pays for walking them (ours pauses the
    # collector while it allocates, the naive loop would not).
    gc.collect()
    gc.freeze()
    try:
        _, t_ours = _timed(coauthor_graph, corpus)
        out["pairs_graph_ours_s"] = t_ours
        # Pair counting alone (no graph): our array arithmetic against a Counter loop.
        authorships = filter_authorships(corpus)
        _, out["pairs_only_ours_s"] = _timed(coauthor_pairs, authorships)
        _, out["pairs_only_naive_s"] = _timed(
            lambda: naive_pair_counts([p[2] for p in naive_input()])
        )
        out["pairs_only_speedup"] = out["pairs_only_naive_s"] / out["pairs_only_ours_s"]
        if len(corpus.papers) <= naive_cap:
            H, t_naive = _timed(naive_full)
            out["pairs_graph_naive_s"] = t_naive
            out["pairs_graph_speedup"] = t_naive / t_ours
            if set(map(frozenset, H.edges)) != set(map(frozenset, G.edges)):
                out["pairs_graph_mismatch"] = [H.number_of_edges(), G.number_of_edges()]
            del H
        else:
            out["pairs_graph_naive_s"] = None
            out["pairs_graph_note"] = f"naive loop skipped above {naive_cap} papers"
    finally:
        gc.unfreeze()

    # Page generation: the first ``pyvis_cap`` edges (by sorted node pair) and their nodes.
    # nsmallest == sorted(...)[:cap] without sorting millions of edges
    edges = heapq.nsmallest(pyvis_cap, G.edges(data="weight"), key=lambda e: (str(e[0]), str(e[1])))
    sub = G.edge_subgraph([(u, v) for u, v, _ in edges]).copy()
    nodes = sorted(sub.nodes, key=str)
    _, t_pyvis = _timed(naive_pyvis, nodes, edges)
    metrics = centrality_table(sub, engine=config.engine)
    part = communities(sub, engine=config.engine, seed=config.seed)

    def ours_page():
        return render_network_html(
            network_payload(sub, metrics, part.membership, corpus, max_nodes=len(nodes))
        )

    _, t_page = _timed(ours_page)
    out.update(
        page_nodes=len(nodes),
        page_edges=sub.number_of_edges(),
        page_naive_pyvis_s=t_pyvis,
        page_ours_s=t_page,
        page_speedup=t_pyvis / t_page,
    )

    # Baseline (b): igraph directly on the edge list.
    try:
        import igraph as ig
    except ImportError:
        out["igraph"] = "not installed"
        return out
    ix = engines.indexed(G)
    t = time.perf_counter()
    h = ig.Graph(n=ix.n, edges=np.column_stack([ix.src, ix.dst]), directed=False)
    h.es["weight"] = ix.weight
    h.es["distance"] = ix.distance
    out["raw_igraph_build_s"] = time.perf_counter() - t
    k = min(pivots, ix.n)
    src = np.random.default_rng(0).choice(ix.n, size=k, replace=False).tolist()
    _, out["raw_igraph_pagerank_s"] = _timed(h.pagerank, weights="weight")
    _, out["raw_igraph_betweenness_s"] = _timed(h.betweenness, weights="distance", sources=src)
    _, out["raw_igraph_louvain_s"] = _timed(h.community_multilevel, weights="weight")

    for engine in ("networkx", "igraph"):
        F = nx.Graph(G)  # a fresh object: conversion caches do not carry over
        if engine == "networkx":
            _, t_pr = _timed(nx.pagerank, F, weight="weight", tol=PAGERANK_TOL, max_iter=1000)
        else:
            # Conversion once per graph (then shared by every metric and the communities).
            _, out["igraph_conversion_s"] = _timed(engines.igraph_of, F)
            _, t_pr = _timed(lambda g=F: engines.igraph_of(g).pagerank(weights="weight"))
        out[f"{engine}_pagerank_s"] = t_pr
        out[f"{engine}_pagerank_vs_igraph"] = t_pr / out["raw_igraph_pagerank_s"]
        if engine == "networkx" and ix.n > 5_000:
            continue  # NetworkX betweenness and Louvain take minutes here: measured below 5e3
        _, t_b = _timed(engines.betweenness, F, engine, seed=config.seed, pivots=k, exact=False)
        out[f"{engine}_betweenness_s"] = t_b
        out[f"{engine}_betweenness_vs_igraph"] = t_b / out["raw_igraph_betweenness_s"]
        _, t_c = _timed(communities, F, engine=engine, seed=config.seed)
        out[f"{engine}_louvain_s"] = t_c
        out[f"{engine}_louvain_vs_igraph"] = t_c / out["raw_igraph_louvain_s"]
    return out


def _synth_key() -> str:
    """A digest of the generator's source: cached corpora are reused only while it is unchanged."""
    import hashlib

    return hashlib.sha256((Path(__file__).parent / "synth.py").read_bytes()).hexdigest()[:12]


def _corpus_file(args: argparse.Namespace, tmp: Path, result: dict) -> Path:
    """The synthetic corpus of ``args.size`` papers as a profile-page file.

    With ``--cache DIR`` the file is kept there under a name that pins size, seed and the
    generator's source digest (generating 10^6 papers takes minutes); the generator is
    deterministic, so a cached file equals a fresh one.
    """
    from .synth import synth_records, write_profile

    cached = None
    if args.cache:
        cached = Path(args.cache) / f"synth_{args.size}_seed{args.seed}_{_synth_key()}.txt"
        if cached.is_file():
            result["generate_s"] = 0.0
            result["corpus_cached"] = True
            return cached
    records, result["generate_s"] = _timed(synth_records, args.size, seed=args.seed)
    path = write_profile(records, tmp / "corpus.txt")
    del records
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        part = cached.with_suffix(".part")
        shutil.copyfile(path, part)  # streamed: the 10^6 corpus is 120 MB
        os.replace(part, cached)
    return path


def worker(args: argparse.Namespace) -> dict:
    """Measure one corpus (runs in its own process)."""
    from graph.config import RunConfig
    from graph.pipeline import run

    tmp = Path(tempfile.mkdtemp(prefix="collabgraph-bench-"))
    source = args.input[0] if args.input else None
    result: dict = {"size": args.size, "input": source}
    if source:
        path, fmt = Path(source), args.format
    else:
        path, fmt = _corpus_file(args, tmp, result), "profile"
    # "auto" is what users get: the pipeline hands graphs above 300 nodes to igraph.
    engine = args.engine
    config = RunConfig(
        inputs=(path,),
        fmt=fmt,
        out_dir=tmp / "out",
        seed=args.seed,
        engine=engine,
        quiet=True,
        add_owner=bool(source),
    )
    meter = _StageMeter()
    _reset_peak()
    res, wall = _timed(run, config, on_stage=meter)
    a = res.analysis
    result.update(
        engine=a.choices.get("engine", engine),
        papers=len(a.corpus.papers),
        authorships=len(a.corpus.authorships),
        authors=a.coauthors.number_of_nodes(),
        edges=a.coauthors.number_of_edges(),
        affiliation_nodes=a.affiliations.number_of_nodes(),
        affiliation_edges=a.affiliations.number_of_edges(),
        communities=a.partition.count,
        choices=a.choices,
        stages=meter.stages,
        run_s=wall,
        peak_mb=max(s["peak_mb"] for s in meter.stages.values()),
        per_stage_peak=meter.resettable,
        html_mb=round(sum(f.stat().st_size for f in res.files if f.suffix == ".html") / 2**20, 1),
    )
    if not args.no_baselines:
        result["baselines"] = _baselines(
            a.corpus,
            a.coauthors,
            config,
            pyvis_cap=args.pyvis_cap,
            naive_cap=args.naive_cap,
            pivots=args.pivots,
        )
    result["process_peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return result


# ---- parent: run the workers, print, save, compare ------------------------------------------

STAGES = ("load", "normalise", "build", "analyse", "render", "export")


def _fmt_s(x) -> str:
    return "-" if x is None else f"{x:.2f}"


def table(results: list[dict]) -> str:
    """The printed tables (stages, then baselines)."""
    lines = ["", "time in seconds (peak resident memory in MiB)", ""]
    head = f"{'papers':>9} {'authors':>9} {'links':>10} {'engine':>8} " + " ".join(
        f"{s:>14}" for s in (*STAGES, "run")
    )
    lines += [head, "-" * len(head)]
    for r in results:
        cells = []
        for s in STAGES:
            st = r["stages"].get(s, {})
            cells.append(f"{_fmt_s(st.get('seconds'))} ({st.get('peak_mb', 0):.0f})")
        cells.append(f"{_fmt_s(r['run_s'])} ({r['peak_mb']:.0f})")
        lines.append(
            f"{r['papers']:>9} {r['authors']:>9} {r['edges']:>10} {r['engine']:>8} "
            + " ".join(f"{c:>14}" for c in cells)
        )
    lines += ["", "baselines measured in the same run (ratio = baseline time / ours)", ""]
    for r in results:
        b = r.get("baselines")
        if not b:
            continue
        lines.append(f"{r['papers']} papers:")
        if b.get("pairs_graph_naive_s") is not None:
            lines.append(
                f"  (a) pairs + graph: naive loop {b['pairs_graph_naive_s']:.2f} s, "
                f"ours {b['pairs_graph_ours_s']:.2f} s -> {b['pairs_graph_speedup']:.1f}x"
            )
        else:
            lines.append(
                f"  (a) pairs + graph: ours {b['pairs_graph_ours_s']:.2f} s "
                f"({b.get('pairs_graph_note', '')})"
            )
        lines.append(
            f"  (a) pair counting only: Counter loop {b['pairs_only_naive_s']:.2f} s, "
            f"ours {b['pairs_only_ours_s']:.2f} s -> {b['pairs_only_speedup']:.1f}x"
        )
        lines.append(
            f"  (a) page of {b['page_nodes']} nodes / {b['page_edges']} edges: PyVis "
            f"add_node/add_edge {b['page_naive_pyvis_s']:.2f} s, ours "
            f"{b['page_ours_s']:.2f} s -> {b['page_speedup']:.1f}x"
        )
        if "raw_igraph_pagerank_s" in b:
            lines.append(
                f"  (b) igraph graph from the edge arrays: {b['raw_igraph_build_s']:.3f}"
                f" s; engine conversion of the nx.Graph (once per graph, not in the "
                f"times below): {b.get('igraph_conversion_s', 0):.3f} s"
            )
            for algo in ("pagerank", "betweenness", "louvain"):
                parts = [f"igraph {b[f'raw_igraph_{algo}_s']:.3f} s"]
                for eng in ("igraph", "networkx"):
                    if f"{eng}_{algo}_s" in b:
                        parts.append(
                            f"{eng} engine {b[f'{eng}_{algo}_s']:.3f} s "
                            f"({b[f'{eng}_{algo}_vs_igraph']:.1f}x igraph)"
                        )
                lines.append(f"  (b) {algo}: " + ", ".join(parts))
    return "\n".join(lines)


def _flatten(r: dict) -> dict[str, float]:
    out = {"run_s": r["run_s"], "peak_mb": r["peak_mb"]}
    for s, st in r["stages"].items():
        out[f"{s}_s"] = st["seconds"]
    return out


def regressions(results: list[dict], baseline: dict, factor: float = REGRESSION) -> list[str]:
    """Measurements more than ``factor`` times their stored figure (same corpus size).

    >>> old = {"results": [{"size": 10, "run_s": 1.0, "peak_mb": 100, "stages": {}}]}
    >>> regressions([{"size": 10, "run_s": 2.5, "peak_mb": 90, "stages": {}}], old)
    ['size 10: run_s 2.50 vs 1.00 stored (2.5x)']
    """
    stored = {(r.get("size"), r.get("input")): _flatten(r) for r in baseline.get("results", [])}
    flags = []
    for r in results:
        old = stored.get((r.get("size"), r.get("input")))
        if not old:
            continue
        for key, value in _flatten(r).items():
            ref = old.get(key)
            # Stages under a second swing 2x on a shared 2-core machine: flag real costs only.
            if ref and value > factor * ref and value > 1.0:
                flags.append(
                    f"size {r.get('size') or r.get('input')}: {key} {value:.2f} vs "
                    f"{ref:.2f} stored ({value / ref:.1f}x)"
                )
    return flags


def fit_exponents(results: list[dict]) -> dict[str, float]:
    """Least-squares slope of log(time) against log(papers) per stage: cost ~ papers^slope."""
    synth = [r for r in results if not r.get("input")]
    if len(synth) < 2:
        return {}
    x = np.log([r["papers"] for r in synth])
    out = {}
    for key in (*(f"{s}_s" for s in STAGES), "run_s", "peak_mb"):
        y = [_flatten(r).get(key) for r in synth]
        if all(v and v > 0 for v in y):
            out[key] = round(float(np.polyfit(x, np.log(y), 1)[0]), 2)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    ap.add_argument(
        "--sizes",
        default=",".join(map(str, DEFAULT_SIZES)),
        help="comma-separated corpus sizes in papers",
    )
    ap.add_argument("--large", action="store_true", help=f"also run {LARGE_SIZE:,} papers")
    ap.add_argument("--input", action="append", default=[], help="a real corpus file (repeat)")
    ap.add_argument("--format", default=None, help="reader of the --input files")
    ap.add_argument(
        "--engine",
        default="auto",
        choices=("auto", "networkx", "igraph"),
        help="analysis engine (auto, as in `collabgraph run`: igraph above 300 "
        "nodes when installed)",
    )
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument(
        "--pivots",
        type=int,
        default=64,
        help="sources of the sampled betweenness compared with igraph",
    )
    ap.add_argument(
        "--naive-cap",
        type=int,
        default=100_000,
        help="largest corpus (papers) the naive pair loop runs on",
    )
    ap.add_argument(
        "--pyvis-cap", type=int, default=3_000, help="edges given to PyVis add_edge one by one"
    )
    ap.add_argument("--no-baselines", action="store_true")
    ap.add_argument(
        "--cache",
        default=None,
        help="folder keeping generated corpora for reuse (keyed by size, seed and "
        "the generator's source); 10^6 papers take minutes to generate",
    )
    ap.add_argument("--out", type=Path, default=RESULTS / "latest.json")
    ap.add_argument("--baseline", type=Path, default=RESULTS / "baseline.json")
    ap.add_argument(
        "--save-baseline", action="store_true", help="store this run's figures as the new baseline"
    )
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--size", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.worker:
        json.dump(worker(args), sys.stdout)
        return 0

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if args.large and LARGE_SIZE not in sizes:
        sizes.append(LARGE_SIZE)
    jobs = [{"size": n} for n in sizes] + [{"input": p} for p in args.input]
    results = []
    for job in jobs:
        cmd = [
            sys.executable,
            "-m",
            "bench.run",
            "--worker",
            "--engine",
            args.engine,
            "--seed",
            str(args.seed),
            "--pivots",
            str(args.pivots),
            "--naive-cap",
            str(args.naive_cap),
            "--pyvis-cap",
            str(args.pyvis_cap),
        ]
        if "size" in job:
            cmd += ["--size", str(job["size"])]
        else:
            cmd += ["--input", job["input"]] + (["--format", args.format] if args.format else [])
        if args.no_baselines:
            cmd.append("--no-baselines")
        if args.cache:
            cmd += ["--cache", str(args.cache)]
        print(f"measuring {job.get('size') or job.get('input')} ...", file=sys.stderr, flush=True)
        proc = subprocess.run(
            cmd,
            capture_output=True,
            text=True,
            cwd=Path(__file__).resolve().parent.parent,
            check=False,
        )
        if proc.returncode != 0:
            print(proc.stderr, file=sys.stderr)
            return proc.returncode
        results.append(json.loads(proc.stdout))
    report = {
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "results": results,
        "exponents": fit_exponents(results),
    }
    print(table(results))
    if report["exponents"]:
        print(
            "\ncost ~ papers^k, k fitted per stage:",
            ", ".join(f"{k} {v}" for k, v in report["exponents"].items()),
        )
    baseline = json.loads(args.baseline.read_text()) if args.baseline.is_file() else {}
    flags = regressions(results, baseline)
    report["regressions"] = flags
    if flags:
        print(f"\nREGRESSIONS (> {REGRESSION:g}x the figures in {args.baseline}):")
        for f in flags:
            print("  " + f)
    elif baseline:
        print(f"\nno regression against {args.baseline}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n")
    print(f"results written to {args.out}")
    if args.save_baseline:
        args.baseline.write_text(json.dumps(report, indent=1) + "\n")
        print(f"baseline saved to {args.baseline}")
    return 1 if flags else 0


if __name__ == "__main__":
    sys.exit(main())
