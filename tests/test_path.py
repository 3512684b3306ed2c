"""Collaboration paths: hand-checked hops and papers, errors with suggestions, the command."""

from __future__ import annotations

import networkx as nx
import pytest
from click.testing import CliRunner

from graph.analyse import collaboration_path, find_node
from graph.build import coauthor_graph
from graph.cli import cli
from graph.errors import LookupFailure
from graph.load.profile_text import read_string
from graph.normalise import normalise

LONELY_PAIR = """
CVAug 9, 2023
Lonely Pair

Barbara Liskov, Frances Allen
"""


@pytest.fixture(scope="module")
def page(hand_page):
    # The hand profile plus a pair who only wrote with the owner.
    return hand_page + LONELY_PAIR


@pytest.fixture(scope="module")
def hand(page):
    return normalise(read_string(page))


def _chain(hops):
    return [hops[0].source_label] + [h.target_label for h in hops]


def test_path_prefers_fewest_hops_then_strongest_ties(hand):
    G = coauthor_graph(hand)
    # Alan -> Emmy: three 2-hop paths (via Ada, Kurt or Grace); via Ada has the strongest
    # ties (2 joint papers with Alan, distance 0.5 + 1.0).
    hops = collaboration_path(G, "Alan Turing", "Emmy Noether", papers=hand.papers)
    assert _chain(hops) == ["Alan Turing", "Ada Lovelace", "Emmy Noether"]
    # Newest paper first, each with its title and year.
    assert [d[1:] for d in hops[0].details] == [
        ("Computable Numbers", 2021),
        ("Engines of Analysis", 2020),
    ]
    assert {d[0] for d in hops[0].details} == set(hops[0].papers)
    assert [d[1:] for d in hops[1].details] == [("Compilers and Invariants", 2022)]


def test_direct_collaborators_are_one_hop(hand):
    hops = collaboration_path(coauthor_graph(hand), "kurt godel", "EMMY NOETHER")
    assert len(hops) == 1 and hops[0].papers and hops[0].details == ()


def test_a_long_hop_beats_a_strong_detour():
    # Fewest hops first: a-d directly (1 weak paper) wins over a-b-c-d with strong ties.
    G = nx.Graph()
    G.add_edge("a", "d", weight=1, distance=1.0, papers="x")
    for u, v in [("a", "b"), ("b", "c"), ("c", "d")]:
        G.add_edge(u, v, weight=10, distance=0.1, papers="y")
    assert [(h.source, h.target) for h in collaboration_path(G, "a", "d")] == [("a", "d")]


def test_alter_view_paths_avoid_the_owner(hand):
    G = coauthor_graph(hand, include_owner=False)
    hops = collaboration_path(G, "Alan Turing", "Emmy Noether")
    assert len(hops) == 2 and _chain(hops)[1] in {"Kurt Gödel", "Grace Hopper"}
    with pytest.raises(LookupFailure, match="no author named 'Ada Lovelace'"):
        collaboration_path(G, "Ada Lovelace", "Emmy Noether")


def test_no_path_is_a_clear_error(hand):
    # The owner is on every paper; without the owner the lonely pair is a separate component.
    assert len(collaboration_path(coauthor_graph(hand), "Alan Turing", "Frances Allen")) == 2
    with pytest.raises(LookupFailure) as exc:
        collaboration_path(
            coauthor_graph(hand, include_owner=False), "Alan Turing", "Frances Allen"
        )
    assert str(exc.value) == (
        "no collaboration path between 'Alan Turing' and 'Frances Allen': "
        "they are in different components"
    )


def test_unknown_and_ambiguous_names_get_suggestions(hand):
    G = coauthor_graph(hand)
    with pytest.raises(LookupFailure) as exc:
        find_node(G, "Alan Turning")
    assert exc.value.suggestions == ("Alan Turing",)
    with pytest.raises(LookupFailure, match="matches several authors") as exc:
        find_node(G, "a")  # a substring of many keys
    assert len(exc.value.suggestions) > 1
    assert find_node(G, "Hopper, Grace") == "gracehopper"
    assert find_node(G, "Noether") == "emmynoether"


def test_same_author_is_distance_zero(hand):
    assert collaboration_path(coauthor_graph(hand), "Ada Lovelace", "ada lovelace") == []


# --- the command -------------------------------------------------------------------------------


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_path_command_on_the_default_profile():
    res = invoke("path", "Qianyu Zhou", "Kaiqing Lin", "--alter")
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines[0] == (
        "Qianyu Zhou -> Taiping Yao -> Shen Chen -> Zhiyuan Yan -> Ruoxin Chen -> Kaiqing Lin"
    )
    assert lines[1] == "collaboration distance 5 (alter network)"
    assert lines[2] == "1. Qianyu Zhou - Taiping Yao: 3 joint papers"
    assert lines[3] == "     2023  Instance-Aware Domain Generalization for Face Anti-Spoofing"
    assert lines[-1].startswith("note: some author lists were cut")
    ego = invoke("path", "Qianyu Zhou", "Kaiqing Lin")
    assert ego.output.splitlines()[1] == "collaboration distance 2 (ego network)"


def test_path_command_errors_are_one_line():
    res = invoke("path", "Qianyu Zhou", "Yuxi Mii")
    assert res.exit_code == 1
    assert res.output == (
        "Error: no author named 'Yuxi Mii' in the graph. Did you mean: 'Yuxi Mi'?\n"
    )
    res = invoke("path", "Qianyu Zhou", "Yuxi Mi", "--alter")
    assert res.exit_code == 1
    assert res.output.strip() == (
        "Error: no collaboration path between 'Qianyu Zhou' and "
        "'Yuxi Mi': they are in different components"
    )
    assert "Traceback" not in res.output


def test_path_command_reads_inputs_before_the_names(tmp_path, page):
    path = tmp_path / "ada.txt"
    path.write_text(page, encoding="utf-8")
    res = invoke("path", str(path), "Alan Turing", "Emmy Noether")
    assert res.exit_code == 0, res.output
    assert res.output.splitlines()[0] == "Alan Turing -> Ada Lovelace -> Emmy Noether"
    res = invoke("path", "--help")
    assert "Example" in res.output
