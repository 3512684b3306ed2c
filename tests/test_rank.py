"""Co-author ranking: hand-checked order, views, sort keys, the ``rank`` command and ``run``."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter

import networkx as nx
import pytest
from click.testing import CliRunner

from graph.analyse import brokerage_table, centrality_table, rank_coauthors
from graph.build import coauthor_graph, owner_ties
from graph.cli import cli
from graph.config import RunConfig
from graph.errors import CollabGraphError
from graph.load.profile_text import read_string
from graph.metrics import rank_keys
from graph.normalise import normalise
from graph.pipeline import analyse

ADA = "adalovelace"


@pytest.fixture(scope="module")
def hand(hand_page):
    return normalise(read_string(hand_page))


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_rank_by_joint_papers_breaks_ties_by_name(hand):
    G = coauthor_graph(hand)
    r = rank_coauthors(G, owner=ADA)
    assert r["name"].tolist() == ["Alan Turing", "Grace Hopper", "Kurt Gödel", "Emmy Noether"]
    assert r["rank"].tolist() == [1, 2, 3, 4]
    assert r["joint_papers"].tolist() == [2, 2, 2, 1]
    assert r[["first_joint_year", "last_joint_year"]].values.tolist() == [
        [2020, 2021],
        [2021, 2022],
        [2020, 2022],
        [2022, 2022],
    ]
    assert r["lower_bound"].all()  # P2's author list was cut


def test_rank_by_strength_and_recent(hand):
    G = coauthor_graph(hand)
    # Strengths: Kurt 5, Grace 5, Alan 4, Emmy 3; Kurt and Grace tie on joint papers too.
    assert rank_coauthors(G, owner=ADA, by="strength")["name"].tolist() == [
        "Grace Hopper",
        "Kurt Gödel",
        "Alan Turing",
        "Emmy Noether",
    ]
    assert rank_coauthors(G, owner=ADA, by="recent")["name"].tolist() == [
        "Grace Hopper",
        "Kurt Gödel",
        "Emmy Noether",
        "Alan Turing",
    ]


def test_constraint_ranks_brokers_first(hand):
    G = coauthor_graph(hand)
    table = centrality_table(G).join(brokerage_table(G, owner=ADA))
    r = rank_coauthors(G, table, owner=ADA, by="constraint")
    assert r["constraint"].is_monotonic_increasing


def test_alter_view_ranks_the_same_coauthors_with_owner_ties(hand):
    G = coauthor_graph(hand, include_owner=False)
    r = rank_coauthors(G, owner=ADA, ties=owner_ties(hand, ADA))
    assert r["name"].tolist() == ["Alan Turing", "Grace Hopper", "Kurt Gödel", "Emmy Noether"]
    assert r["joint_papers"].tolist() == [2, 2, 2, 1]
    assert r.set_index("name").at["Alan Turing", "degree"] == 2  # Kurt, Grace (no owner)


def test_unknown_sort_key(hand):
    with pytest.raises(CollabGraphError, match="cannot rank by 'fame'"):
        rank_coauthors(coauthor_graph(hand), owner=ADA, by="fame")


def test_default_ranking_matches_an_independent_count(default_profile):
    # Joint papers with the owner = the author lines naming the co-author, counted in plain
    # Python; ranking ties broken by display name.
    lines = default_profile.read_text(encoding="utf-8").splitlines()
    counts = Counter()
    for line in lines:
        m = re.fullmatch(r"(.+?)\s+et al\.(?:\s+·.*)?", line.strip())
        if m:
            counts.update({n.strip() for n in m.group(1).split(",")})
    ranking = analyse(RunConfig()).ranking
    assert len(ranking) == 89
    top = ranking.head(3)[["name", "joint_papers"]].values.tolist()
    assert top == [
        ["Taiping Yao", counts["Taiping Yao"]],
        ["Bo Li", counts["Bo Li"]],
        ["Yuge Huang", counts["Yuge Huang"]],
    ]
    assert counts["Taiping Yao"] == 9
    assert ranking["joint_papers"].sum() == sum(counts.values()) == 150  # 50 lists x 3 names
    assert ranking["community"].ge(0).all()
    assert {"constraint", "effective_size", "pagerank", "betweenness"} <= set(ranking.columns)


def test_alter_ranking_keeps_joint_papers(default_profile):
    ego = analyse(RunConfig()).ranking.set_index("author_id")
    alter = analyse(RunConfig(include_owner=False)).ranking.set_index("author_id")
    assert set(ego.index) == set(alter.index)
    assert (ego["joint_papers"] == alter.loc[ego.index, "joint_papers"]).all()
    # Brokerage is computed on the alter network in both views.
    assert ego["constraint"].equals(alter.loc[ego.index, "constraint"])


# --- the command -------------------------------------------------------------------------------


def test_rank_table_output():
    res = invoke("rank", "--top", "5")
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines[0] == "Co-authors of Shouhong Ding, ranked by papers (ego network; 5 of 89 shown):"
    assert lines[1].split() == [
        "rank",
        "name",
        "joint",
        "first",
        "last",
        "comm",
        "strength",
        "pagerank",
        "betweenness",
        "constraint",
    ]
    assert lines[2].split()[:5] == ["1", "Taiping", "Yao", "9", "2022"]
    assert re.search(r"\b0\.\d{4}\b", lines[2])  # fixed decimals
    assert len(lines) == 2 + 5 + 1
    assert lines[-1] == (
        'note: 50 of 50 papers have cut author lists ("et al."): joint-paper '
        "counts are lower bounds"
    )


def test_rank_by_metric_adds_its_column_and_sorts():
    res = invoke("rank", "--by", "eigenvector", "--top", "0")
    assert res.exit_code == 0
    header = res.output.splitlines()[1].split()
    assert "eigenvector" in header
    col = header.index("eigenvector") + 1  # names are two words
    values = [float(line.split()[col]) for line in res.output.splitlines()[2:-1]]
    assert len(values) == 89 and values == sorted(values, reverse=True)


def test_rank_csv_and_json_carry_every_column():
    res = CliRunner().invoke(cli, ["rank", "--to", "csv", "--top", "3"])
    assert res.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert [r["name"] for r in rows] == ["Taiping Yao", "Bo Li", "Yuge Huang"]
    assert {"closeness", "core", "effective_size", "lower_bound"} <= set(rows[0])
    assert "lower bounds" in res.stderr
    res = invoke("rank", "--to", "json", "--by", "constraint", "--alter", "--top", "4")
    data = json.loads(res.output)
    assert (data["owner"], data["view"], data["by"], data["coauthors_total"]) == (
        "Shouhong Ding",
        "alter",
        "constraint",
        89,
    )
    assert data["lower_bound"] is True and "lower bounds" in data["note"]
    c = [r["constraint"] for r in data["coauthors"]]
    assert len(c) == 4 and c == sorted(c)


def test_rank_options_are_checked():
    res = CliRunner().invoke(cli, ["rank", "--by", "fame"])
    assert res.exit_code == 2
    assert "Invalid value for '--by'" in res.output
    res = invoke("rank", "--help")
    assert "Example" in res.output and "--alter" in res.output
    # Every ranking key of the library is offered, and nothing else.
    by = next(p for p in cli.commands["rank"].params if p.name == "by")
    assert set(by.type.choices) == set(rank_keys())


def test_rank_same_seed_same_communities():
    a = invoke("rank", "--to", "csv", "--top", "0", "--seed", "9").stdout
    b = invoke("rank", "--to", "csv", "--top", "0", "--seed", "9").stdout
    assert a == b


def test_run_writes_ranking_and_affiliations(tmp_path, default_profile):
    # Authors of the affiliation graph: those on a paper with institution tags (" · "), plus
    # the owner, counted in plain Python.
    text = default_profile.read_text(encoding="utf-8")
    tagged = {
        n.strip()
        for line in text.splitlines()
        if " et al. · " in line
        for n in line.split(" et al. · ")[0].split(",")
    }
    tags = {
        t.strip()
        for line in text.splitlines()
        if " et al. · " in line
        for t in line.split(" et al. · ")[1].split(",")
    }
    res = invoke("run", "--out", str(tmp_path), "--quiet")
    assert res.exit_code == 0
    with open(tmp_path / "coauthors.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 89
    for col in (
        "joint_papers",
        "first_joint_year",
        "last_joint_year",
        "community",
        "pagerank",
        "betweenness",
        "constraint",
        "effective_size",
        "lower_bound",
    ):
        assert col in rows[0], col
    A = nx.read_graphml(tmp_path / "affiliations.graphml")
    kinds = Counter(nx.get_node_attributes(A, "kind").values())
    assert (kinds["author"], kinds["institution"]) == (len(tagged) + 1, len(tags))
    assert nx.is_bipartite(A)
    owner = A.nodes["shouhongding"]
    assert owner["is_owner"] is True and owner["kind"] == "author"
    # The affiliation GraphML carries the page's metrics and the co-authorship communities.
    G = nx.read_graphml(tmp_path / "coauthors.graphml")
    deg = dict(A.degree())
    for n, d in A.nodes(data=True):
        assert d["degree"] == deg[n]
        if d["kind"] == "author":
            assert d["community"] == G.nodes[n]["community"]
        else:
            assert d["community"] == -1
    assert abs(sum(d["pagerank"] for _, d in A.nodes(data=True)) - 1.0) < 1e-6


def test_rank_never_builds_the_affiliation_graph(monkeypatch, tmp_path):
    """The ranking reads the co-author graph only: rank prints the same bytes when building
    the affiliation graph would fail (it is neither built nor analysed)."""
    import graph.pipeline as pipeline

    before = CliRunner().invoke(cli, ["rank", "--to", "csv"])
    assert before.exit_code == 0

    def boom(*args, **kwargs):
        raise AssertionError("rank built the affiliation graph")

    monkeypatch.setattr(pipeline, "affiliation_graph", boom)
    after = CliRunner().invoke(cli, ["rank", "--to", "csv"])
    assert after.exit_code == 0, after.output
    assert after.stdout == before.stdout and len(after.stdout.splitlines()) > 10
    # export of the affiliation network does build it (the patched builder is reached)
    res = CliRunner().invoke(
        cli, ["export", "--graph", "affiliations", "--to", "csv", "-o", str(tmp_path / "x")]
    )
    assert isinstance(res.exception, AssertionError)
