"""Exact betweenness and closeness whenever their estimated cost fits the time budget
(``--exact-budget``, default 10 s), sampled beyond it, ``--exact`` forcing exact; the manifest,
``rank``, ``export`` and the pages say when a column was sampled."""

from __future__ import annotations

import csv
import io
import json
import random

import networkx as nx
import numpy as np
import pytest
from click.testing import CliRunner

from bench.synth import synth_records, write_profile
from graph import metrics
from graph.analyse import centrality_table
from graph.cli import cli
from graph.config import EXACT_BUDGET, RunConfig

ENGINES = ("networkx", "igraph")
NX_VERSION = tuple(int(x) for x in nx.__version__.split(".")[:2])


def _weighted(G: nx.Graph, seed: int = 1) -> nx.Graph:
    rng = random.Random(seed)
    H = nx.Graph()
    H.add_nodes_from(sorted(G.nodes, key=str))
    for u, v in sorted(G.edges, key=lambda e: (str(e[0]), str(e[1]))):
        w = rng.choice([1, 2, 4])
        H.add_edge(u, v, weight=w, distance=1.0 / w)
    return H


@pytest.fixture(scope="module")
def planted() -> nx.Graph:
    """240 nodes in 8 groups: big enough to sample (more nodes than the 100 pivots)."""
    return _weighted(nx.planted_partition_graph(8, 30, 0.3, 0.01, seed=3))


def test_the_default_budget_is_ten_seconds():
    assert EXACT_BUDGET == RunConfig().exact_budget == 10.0
    assert RunConfig().exact is False


@pytest.mark.parametrize("engine", ENGINES)
def test_under_the_budget_is_exact(planted, engine):
    df = centrality_table(planted, engine=engine)  # default budget: a few ms estimated
    exact_b = nx.betweenness_centrality(planted, weight="distance", normalized=True)
    exact_c = nx.closeness_centrality(planted, distance="distance")
    nodes = list(df.index)
    assert np.allclose(df["betweenness"], [exact_b[n] for n in nodes], atol=1e-12, rtol=0)
    assert np.allclose(df["closeness"], [exact_c[n] for n in nodes], atol=1e-12, rtol=0)
    info = df.attrs["analysis"]
    for name in ("betweenness", "closeness"):
        assert info[name]["method"] == "exact"
        assert info[name]["estimate_s"] <= info[name]["budget_s"] == EXACT_BUDGET
        assert (info[name]["nodes"], info[name]["links"]) == (240, planted.number_of_edges())
    assert metrics.sampling_note(info) is None


@pytest.mark.parametrize("engine", ENGINES)
def test_over_the_budget_is_sampled_and_says_so(planted, engine):
    df = centrality_table(planted, engine=engine, budget=1e-9, seed=5)
    info = df.attrs["analysis"]["betweenness"]
    assert info["method"] == "sampled"
    assert info["pivots"] == 100 and info["seed"] == 5
    assert info["estimate_s"] > info["budget_s"] == 1e-9
    exact = nx.betweenness_centrality(planted, weight="distance", normalized=True)
    got = df["betweenness"]
    assert not np.allclose(got, [exact[n] for n in got.index])  # an estimate, not exact
    if NX_VERSION >= (3, 5):  # NetworkX's own estimate from the same pivots
        ref = nx.betweenness_centrality(planted, k=100, seed=5, weight="distance")
        assert max(abs(ref[n] - got[n]) for n in planted) < 1e-12
    note = metrics.sampling_note(df.attrs["analysis"])
    assert note.startswith("betweenness is estimated from 100 sampled sources (seed 5)")
    assert "--exact" in note


@pytest.mark.parametrize("engine", ENGINES)
def test_exact_forces_exact(planted, engine):
    df = centrality_table(planted, engine=engine, budget=0, exact=True)
    exact = nx.betweenness_centrality(planted, weight="distance", normalized=True)
    assert np.allclose(df["betweenness"], [exact[n] for n in df.index], atol=1e-12, rtol=0)
    info = df.attrs["analysis"]
    assert info["betweenness"]["method"] == info["closeness"]["method"] == "exact"
    assert info["betweenness"]["forced"] is True


def test_the_budget_is_shared_by_the_path_measures_in_registry_order():
    cost_b = metrics.get("betweenness").cost["igraph"]
    cost_c = metrics.get("closeness").cost["igraph"]
    n, m = 10_000, 40_000
    both = (cost_b + cost_c) * n * m * (1 + 1e-9)  # (floating point: just over the sum)
    plan = metrics.exact_plan(n, m, "igraph", budget=both)
    assert [p["method"] for p in plan.values()] == ["exact", "exact"]
    assert plan["betweenness"]["estimate_s"] == round(cost_b * n * m, 3)
    # Room for betweenness only: it goes first, closeness is sampled.
    plan = metrics.exact_plan(n, m, "igraph", budget=cost_b * n * m * 1.001)
    assert [p["method"] for p in plan.values()] == ["exact", "sampled"]
    plan = metrics.exact_plan(n, m, "igraph", budget=0)
    assert [p["method"] for p in plan.values()] == ["sampled", "sampled"]
    plan = metrics.exact_plan(n, m, "igraph", budget=0, exact=True)
    assert [p["method"] for p in plan.values()] == ["exact", "exact"]
    # NetworkX is slower: what fits on igraph need not fit there.
    assert metrics.get("betweenness").cost["networkx"] > cost_b * 10


def test_the_decision_depends_on_the_graph_size_only(planted):
    """The same graph in another node order (or another machine): the same choice."""
    shuffled = nx.Graph()
    nodes = list(planted.nodes)
    random.Random(2).shuffle(nodes)
    shuffled.add_nodes_from(nodes)
    shuffled.add_edges_from(planted.edges(data=True))
    budget = metrics.get("betweenness").cost["networkx"] * 240 * planted.number_of_edges() * 0.9
    a = centrality_table(planted, budget=budget).attrs["analysis"]
    b = centrality_table(shuffled, budget=budget).attrs["analysis"]
    assert a == b and a["betweenness"]["method"] == "sampled"


# ---- what the user sees -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A synthetic corpus of 600 papers (about 550 authors: more than the 100 pivots)."""
    return write_profile(synth_records(600, seed=3), tmp_path_factory.mktemp("c") / "c.txt")


def _invoke(*args):
    res = CliRunner().invoke(cli, [str(a) for a in args])
    assert res.exit_code == 0, res.output
    return res


def test_rank_says_when_a_column_is_sampled(corpus):
    base = ["rank", corpus, "--format", "profile", "--no-owner", "--by", "betweenness"]
    res = _invoke(*base, "--exact-budget", "0", "--top", "5")
    assert "note: betweenness is estimated from 100 sampled sources (seed 42)" in res.stdout
    exact = _invoke(*base, "--exact-budget", "0", "--exact", "--top", "5")
    assert "sampled" not in exact.stdout
    assert "sampled" not in _invoke(*base, "--top", "5").stdout  # the default budget fits
    res = _invoke(*base, "--exact-budget", "0", "--to", "csv")
    assert "note: betweenness is estimated" in res.stderr and "note:" not in res.stdout
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert rows and "betweenness" in rows[0]
    payload = json.loads(_invoke(*base, "--exact-budget", "0", "--to", "json").stdout)
    assert payload["sampled_note"].startswith("betweenness is estimated")


def test_run_records_the_choice_and_the_page_says_it(corpus, tmp_path):
    res = _invoke(
        "run", corpus, "--format", "profile", "--no-owner", "--exact-budget", "0", "--out", tmp_path
    )
    assert "note: betweenness is estimated" in res.stdout
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["parameters"]["exact_budget"] == 0.0
    assert manifest["parameters"]["exact"] is False
    bet = manifest["counts"]["analysis"]["betweenness"]
    assert bet["method"] == "sampled" and bet["budget_s"] == 0.0 and bet["pivots"] == 100
    assert bet["estimate_s"] > 0 and bet["nodes"] == manifest["counts"]["authors"]
    assert manifest["counts"]["analysis"]["affiliations"]["betweenness"]["method"] == "sampled"
    for page in ("coauthors.html", "affiliations.html"):
        assert "Betweenness is estimated from 100 sampled sources" in (tmp_path / page).read_text(
            encoding="utf-8"
        )
    forced = tmp_path / "forced"
    _invoke("run", corpus, "--format", "profile", "--no-owner", "--exact", "--out", forced, "-q")
    manifest = json.loads((forced / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["analysis"]["betweenness"]["method"] == "exact"
    assert manifest["counts"]["analysis"]["betweenness"]["forced"] is True
    assert "sampled sources" not in (forced / "coauthors.html").read_text(encoding="utf-8")


def test_export_says_when_a_column_is_sampled(corpus, tmp_path):
    base = ["export", corpus, "--format", "profile", "--no-owner", "-o", tmp_path / "g.graphml"]
    res = _invoke(*base, "--exact-budget", "0")
    assert "note: betweenness is estimated" in res.stdout
    assert "sampled" not in _invoke(*base).stdout
