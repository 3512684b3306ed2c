"""Smoke tests of the benchmark: generator, baselines, harness (tiny sizes, no timing asserts)."""

from __future__ import annotations

import doctest
import json

import pytest

from bench import run as bench_run
from bench import synth
from graph.build import coauthor_graph
from graph.load import LoadResult, load_records
from graph.normalise import normalise
from graph.text import name_key


def test_doctests_of_the_bench_modules():
    for mod in (synth, bench_run):
        assert doctest.testmod(mod).failed == 0


def test_generator_is_seeded_and_has_the_documented_shape():
    recs = synth.synth_records(2000, seed=3)
    assert recs == synth.synth_records(2000, seed=3)
    assert recs != synth.synth_records(2000, seed=4)
    sizes = [len(r.authors) for r in recs]
    assert min(sizes) >= 1 and max(sizes) <= 20
    assert 2.5 < sum(sizes) / len(sizes) < 5  # lognormal(1.1, 0.6) rounded: mean ~3.6
    assert all(1980 <= r.year <= 2024 for r in recs)
    assert all(r.affiliations for r in recs)
    corpus = normalise(LoadResult(recs), add_owner=False)
    per_author = corpus.authorships.groupby("author_id").size()
    # Lotka-like productivity: many one-paper authors, a few very productive ones
    assert (per_author == 1).mean() > 0.3
    assert per_author.max() > 10 * per_author.mean()
    # no two people share an identity key, and no paper was merged as a duplicate
    assert len(corpus.papers) == 2000
    assert corpus.meta["duplicates_merged"] == 0


def test_author_names_have_distinct_keys():
    names = synth.author_names(5000)
    assert len({name_key(n) for n in names}) == 5000


def test_profile_file_round_trip(tmp_path):
    recs = synth.synth_records(100, seed=2)
    back = load_records(synth.write_profile(recs, tmp_path / "c.txt"), "profile")
    assert not back.problems
    assert [(r.title, r.authors, r.year, r.affiliations) for r in back.records] == [
        (r.title, r.authors, r.year, r.affiliations) for r in recs
    ]


def test_naive_baseline_builds_the_same_graph():
    corpus = normalise(LoadResult(synth.synth_records(300, seed=9)), add_owner=False)
    ours = coauthor_graph(corpus)
    by_paper = corpus.authorships.groupby("paper_id", sort=True)["author_id"].agg(list)
    years = corpus.papers.set_index("paper_id")["year"].reindex(by_paper.index)
    labels = dict(zip(corpus.authorships["author_id"], corpus.authorships["name"], strict=True))
    naive = bench_run.naive_graph(
        list(zip(by_paper.index, years.astype(int), by_paper, strict=True)), labels
    )
    assert set(naive.nodes) == set(ours.nodes)
    assert set(map(frozenset, naive.edges)) == set(map(frozenset, ours.edges))
    for u, v, d in ours.edges(data=True):
        e = naive.edges[u, v]
        assert (e["weight"], e["papers"], e["first_year"], e["last_year"]) == (
            d["weight"],
            d["papers"],
            d["first_year"],
            d["last_year"],
        )
        assert e["fractional"] == pytest.approx(d["fractional"])
    for n, d in ours.nodes(data=True):
        assert naive.nodes[n]["paper_ids"] == d["paper_ids"]
        assert naive.nodes[n]["papers"] == d["papers"]


def test_naive_pyvis_runs():
    bench_run.naive_pyvis(["a", "b"], [("a", "b", 2)])


def test_exponent_fit_recovers_a_known_power():
    results = [
        {
            "papers": n,
            "run_s": 1e-6 * n**1.5,
            "peak_mb": 100.0,
            "stages": {"build": {"seconds": 1e-5 * n}},
        }
        for n in (1_000, 10_000, 100_000)
    ]
    exps = bench_run.fit_exponents(results)
    assert exps["run_s"] == pytest.approx(1.5, abs=0.01)
    assert exps["build_s"] == pytest.approx(1.0, abs=0.01)
    assert exps["peak_mb"] == pytest.approx(0.0, abs=0.01)


def test_regressions_flag_only_real_slowdowns():
    old = {
        "results": [
            {
                "size": 10,
                "input": None,
                "run_s": 1.0,
                "peak_mb": 100,
                "stages": {"build": {"seconds": 0.05}},
            }
        ]
    }
    new = [
        {
            "size": 10,
            "input": None,
            "run_s": 1.9,
            "peak_mb": 250,
            "stages": {"build": {"seconds": 0.15}},
        }
    ]
    flags = bench_run.regressions(new, old)
    assert flags == ["size 10: peak_mb 250.00 vs 100.00 stored (2.5x)"]  # build: under 0.2 s
    assert bench_run.regressions(new, {}) == []


def test_harness_end_to_end(tmp_path):
    out = tmp_path / "latest.json"
    baseline = tmp_path / "baseline.json"
    code = bench_run.main(
        [
            "--sizes",
            "150",
            "--pyvis-cap",
            "50",
            "--out",
            str(out),
            "--baseline",
            str(baseline),
            "--save-baseline",
        ]
    )
    assert code == 0
    report = json.loads(out.read_text())
    (r,) = report["results"]
    assert r["papers"] == 150 and r["engine"] == "networkx"
    assert list(r["stages"]) == ["load", "normalise", "build", "analyse", "render", "export"]
    assert all(s["seconds"] >= 0 and s["peak_mb"] > 0 for s in r["stages"].values())
    assert r["choices"]["betweenness"]["method"] == "exact"
    b = r["baselines"]
    assert b["page_edges"] == 50 and b["pairs_graph_naive_s"] > 0
    assert "pairs_graph_mismatch" not in b
    assert json.loads(baseline.read_text())["results"][0]["papers"] == 150


def test_corpus_cache_reuses_the_same_file(tmp_path):
    import argparse

    args = argparse.Namespace(size=40, seed=5, cache=str(tmp_path / "cache"))
    first: dict = {}
    path = bench_run._corpus_file(args, tmp_path, first)
    assert "corpus_cached" not in first
    cached = list((tmp_path / "cache").glob("synth_40_seed5_*.txt"))
    assert len(cached) == 1 and cached[0].read_bytes() == path.read_bytes()
    again: dict = {}
    assert bench_run._corpus_file(args, tmp_path / "x", again) == cached[0]
    assert again["corpus_cached"] is True
    fresh = synth.write_profile(synth.synth_records(40, seed=5), tmp_path / "fresh.txt")
    assert fresh.read_bytes() == cached[0].read_bytes()
