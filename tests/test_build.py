"""Build stage: exact graphs of a hand-checked corpus, filters, views and the default profile.

The hand corpus (``hand_page`` in conftest.py; owner Ada Lovelace, added to every paper):

=====  ====  ===========================================  =========  ========
paper  year  listed authors                               n (+Ada)   tags
=====  ====  ===========================================  =========  ========
P1     2020  Alan Turing, Kurt Gödel                      3
P2     2021  Alan Turing, Grace Hopper et al. (cut list)  3          oxford, mit
P3     2022  Grace Hopper, Kurt Godel, Emmy Noether       4          mit
=====  ====  ===========================================  =========  ========

"Kurt Gödel" and "Kurt Godel" are one author (accents folded).  Newman's weight of a pair is
the sum over its joint papers of 1/(n-1): 1/2 on P1 and P2, 1/3 on P3.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter, defaultdict

import networkx as nx
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.build import (
    affiliation_graph,
    coauthor_graph,
    coauthor_pairs,
    institution_graph,
    owner_ties,
)
from graph.export import write_graphml
from graph.load.profile_text import read_string
from graph.normalise import normalise

ADA, ALAN, KURT, GRACE, EMMY = (
    "adalovelace",
    "alanturing",
    "kurtgodel",
    "gracehopper",
    "emmynoether",
)
THIRD = 1 / 3


@pytest.fixture(scope="module")
def hand(hand_page):
    return normalise(read_string(hand_page))


@pytest.fixture(scope="module")
def pid(hand):
    ids = dict(zip(hand.papers["title"], hand.papers["paper_id"], strict=True))
    return {
        "P1": ids["Engines of Analysis"],
        "P2": ids["Computable Numbers"],
        "P3": ids["Compilers and Invariants"],
    }


def _edges(G):
    return {frozenset((u, v)): d for u, v, d in G.edges(data=True)}


def test_ego_graph_has_exact_weights_fractions_years_and_papers(hand, pid):
    G = coauthor_graph(hand)
    assert (G.number_of_nodes(), G.number_of_edges()) == (5, 9)
    p1, p2, p3 = pid["P1"], pid["P2"], pid["P3"]
    expected = {
        (ADA, ALAN): (2, 1 / 2 + 1 / 2, 2020, 2021, {p1, p2}),
        (ADA, KURT): (2, 1 / 2 + THIRD, 2020, 2022, {p1, p3}),
        (ADA, GRACE): (2, 1 / 2 + THIRD, 2021, 2022, {p2, p3}),
        (ADA, EMMY): (1, THIRD, 2022, 2022, {p3}),
        (ALAN, KURT): (1, 1 / 2, 2020, 2020, {p1}),
        (ALAN, GRACE): (1, 1 / 2, 2021, 2021, {p2}),
        (GRACE, KURT): (1, THIRD, 2022, 2022, {p3}),
        (GRACE, EMMY): (1, THIRD, 2022, 2022, {p3}),
        (KURT, EMMY): (1, THIRD, 2022, 2022, {p3}),
    }
    edges = _edges(G)
    assert set(edges) == {frozenset(k) for k in expected}
    for (u, v), (w, frac, first, last, papers) in expected.items():
        d = edges[frozenset((u, v))]
        assert d["weight"] == w
        assert d["fractional"] == pytest.approx(frac, abs=1e-12)
        assert d["distance"] == pytest.approx(1 / w)
        assert (d["first_year"], d["last_year"]) == (first, last)
        assert set(d["papers"].split(";")) == papers
        assert d["papers"] == ";".join(sorted(papers))


def test_node_attributes(hand, pid):
    G = coauthor_graph(hand)
    assert dict(G.nodes[KURT]) == {
        "label": "Kurt Gödel",
        "papers": 2,
        "paper_ids": ";".join(sorted([pid["P1"], pid["P3"]])),
        "first_year": 2020,
        "last_year": 2022,
        "is_owner": False,
    }
    assert G.nodes[ADA]["is_owner"] is True
    assert G.nodes[ADA]["papers"] == 3
    assert {n: d["papers"] for n, d in G.nodes(data=True)} == {
        ADA: 3,
        ALAN: 2,
        KURT: 2,
        GRACE: 2,
        EMMY: 1,
    }
    assert G.graph["view"] == "ego"
    assert (G.graph["papers"], G.graph["incomplete_papers"], G.graph["lower_bound"]) == (3, 1, True)


def test_degrees_and_strengths(hand):
    G = coauthor_graph(hand)
    assert dict(G.degree()) == {ADA: 4, ALAN: 3, KURT: 4, GRACE: 4, EMMY: 3}
    assert dict(G.degree(weight="weight")) == {ADA: 7, ALAN: 4, KURT: 5, GRACE: 5, EMMY: 3}


def test_newman_fractional_strength_counts_papers_with_coauthors(hand):
    # Newman (2001): an author's summed 1/(n-1) weights equal their papers with >= 2 authors.
    G = coauthor_graph(hand)
    strength = dict(G.degree(weight="fractional"))
    assert strength == pytest.approx({ADA: 3, ALAN: 2, KURT: 2, GRACE: 2, EMMY: 1})


def test_alter_view_drops_the_owner_but_keeps_newman_n(hand):
    G = coauthor_graph(hand, include_owner=False)
    assert G.graph["view"] == "alter"
    assert set(G) == {ALAN, KURT, GRACE, EMMY}
    edges = _edges(G)
    assert set(edges) == {
        frozenset(e)
        for e in [(ALAN, KURT), (ALAN, GRACE), (GRACE, KURT), (GRACE, EMMY), (KURT, EMMY)]
    }
    # Hiding the owner does not make the paper smaller: P1 still has 3 authors.
    assert edges[frozenset((ALAN, KURT))]["fractional"] == pytest.approx(1 / 2)
    assert edges[frozenset((GRACE, EMMY))]["fractional"] == pytest.approx(THIRD)


def test_min_weight_keeps_authors_and_drops_weak_links(hand):
    G = coauthor_graph(hand, min_weight=2)
    assert set(G) == {ADA, ALAN, KURT, GRACE, EMMY}
    assert set(_edges(G)) == {frozenset((ADA, x)) for x in (ALAN, KURT, GRACE)}
    assert nx.is_isolate(G, EMMY)
    assert G.graph["min_weight"] == 2


def test_min_papers_drops_authors(hand):
    G = coauthor_graph(hand, min_papers=2)
    assert set(G) == {ADA, ALAN, KURT, GRACE}
    assert G.number_of_edges() == 6


def test_year_range(hand, pid):
    G = coauthor_graph(hand, year_from=2021)
    assert G.number_of_edges() == 8
    assert G.edges[ADA, ALAN]["weight"] == 1
    assert G.edges[ADA, ALAN]["papers"] == pid["P2"]
    assert (G.graph["year_from"], G.graph["papers"]) == (2021, 2)
    early = coauthor_graph(hand, year_to=2020)
    assert set(early) == {ADA, ALAN, KURT}
    assert early.number_of_edges() == 3
    assert early.graph["lower_bound"] is False  # P2, the cut list, is outside the range


def test_graph_is_graphml_safe_and_round_trips(hand, tmp_path):
    G = coauthor_graph(hand)
    for _, d in list(G.nodes(data=True)) + [(None, d) for *_, d in G.edges(data=True)]:
        assert all(type(v) in (str, int, float, bool) for v in d.values()), d
    assert all(type(v) in (str, int, float, bool) for v in G.graph.values())
    back = nx.read_graphml(write_graphml(G, tmp_path / "g.graphml"))
    assert back.edges[ADA, KURT]["fractional"] == pytest.approx(1 / 2 + THIRD)
    assert back.nodes[ADA]["is_owner"] is True


def test_affiliation_graph(hand):
    A = affiliation_graph(hand)
    kinds = nx.get_node_attributes(A, "kind")
    assert {n for n, k in kinds.items() if k == "institution"} == {"inst:mit", "inst:oxford"}
    assert {n for n, k in kinds.items() if k == "author"} == {ADA, ALAN, KURT, GRACE, EMMY}
    assert nx.is_bipartite(A)
    weights = {
        (u, v) if v.startswith("inst:") else (v, u): d["weight"] for u, v, d in A.edges(data=True)
    }
    assert weights == {
        (ADA, "inst:mit"): 2,
        (ALAN, "inst:mit"): 1,
        (GRACE, "inst:mit"): 2,
        (KURT, "inst:mit"): 1,
        (EMMY, "inst:mit"): 1,
        (ADA, "inst:oxford"): 1,
        (ALAN, "inst:oxford"): 1,
        (GRACE, "inst:oxford"): 1,
    }
    assert (A.nodes["inst:mit"]["papers"], A.nodes["inst:oxford"]["papers"]) == (2, 1)
    assert ADA not in affiliation_graph(hand, include_owner=False)


def test_institution_projection(hand):
    inst = institution_graph(hand)
    assert set(inst) == {"inst:mit", "inst:oxford"}
    assert inst.edges["inst:mit", "inst:oxford"]["weight"] == 1
    assert institution_graph(hand, year_from=2022).number_of_edges() == 0


def test_owner_ties(hand):
    t = owner_ties(hand, ADA)
    assert t["joint_papers"].to_dict() == {ALAN: 2, EMMY: 1, GRACE: 2, KURT: 2}
    assert t.loc[GRACE, ["first_joint_year", "last_joint_year"]].tolist() == [2021, 2022]
    assert owner_ties(hand, ADA, year_to=2021)["joint_papers"].to_dict() == {
        ALAN: 2,
        GRACE: 1,
        KURT: 1,
    }


def test_empty_corpus_gives_empty_graph(hand):
    G = coauthor_graph(hand, year_from=2030)
    assert (G.number_of_nodes(), G.number_of_edges(), G.graph["papers"]) == (0, 0, 0)


# --- the default profile, against an independent count ---------------------------------------


def _key(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name)
    return re.sub(
        r"[\s\-.]", "", "".join(c for c in folded if not unicodedata.combining(c))
    ).lower()


def independent_author_lists(path) -> tuple[str, list[list[str]]]:
    """Owner and per-paper author keys, read with plain Python: the author line is the first
    non-blank line after the blank line that follows a title (every list here ends "et al.")."""
    lines = path.read_text(encoding="utf-8").splitlines()
    owner = lines[0].strip()
    papers = []
    for line in lines:
        m = re.fullmatch(r"(.+?)\s+et al\.(?:\s+·.*)?", line.strip())
        if m:
            papers.append([_key(n) for n in m.group(1).split(",") if n.strip()])
    return _key(owner), papers


def test_default_profile_counts_match_an_independent_count(default_profile):
    owner, lists = independent_author_lists(default_profile)
    assert len(lists) == 50
    ego_pairs = {
        frozenset(p) for names in lists for p in itertools.combinations(set(names) | {owner}, 2)
    }
    alter_pairs = {frozenset(p) for names in lists for p in itertools.combinations(set(names), 2)}
    people = {n for names in lists for n in names}
    corpus = normalise(read_string(default_profile.read_text(encoding="utf-8")))
    ego = coauthor_graph(corpus)
    alter = coauthor_graph(corpus, include_owner=False)
    assert (ego.number_of_nodes(), ego.number_of_edges()) == (len(people) + 1, len(ego_pairs))
    assert (alter.number_of_nodes(), alter.number_of_edges()) == (len(people), len(alter_pairs))
    assert (len(people) + 1, len(ego_pairs), len(alter_pairs)) == (90, 211, 122)
    assert {frozenset(e) for e in ego.edges} == ego_pairs
    # Joint papers with the owner = the number of author lines naming the co-author.
    lines_per_person = Counter(n for names in lists for n in set(names))
    assert {n: ego.edges[owner, n]["weight"] for n in ego[owner]} == dict(lines_per_person)
    assert ego.graph["lower_bound"] and ego.graph["incomplete_papers"] == 50


# --- property: the vectorised pair count equals a naive loop ----------------------------------

papers_strategy = st.dictionaries(
    keys=st.sampled_from([f"p{i}" for i in range(8)]),
    values=st.tuples(
        st.one_of(st.none(), st.integers(2000, 2003)),
        st.sets(st.sampled_from("abcdefg"), min_size=1, max_size=5),
    ),
    max_size=8,
)


@settings(max_examples=60, deadline=None)
@given(papers_strategy)
def test_pair_counting_matches_naive_loop(papers):
    rows = [(p, a, y) for p, (y, authors) in papers.items() for a in sorted(authors)]
    a = pd.DataFrame(rows, columns=["paper_id", "author_id", "year"])
    a["year"] = a["year"].astype("Int64")
    naive: dict = defaultdict(lambda: [0, 0.0, [], set()])
    for p, (y, authors) in papers.items():
        for u, v in itertools.combinations(sorted(authors), 2):
            e = naive[(u, v)]
            e[0] += 1
            e[1] += 1 / (len(authors) - 1)
            e[2] += [y] if y is not None else []
            e[3].add(p)
    got = coauthor_pairs(a)
    assert len(got) == len(naive)
    for u, v, w, f, fy, ly, ps in got.itertuples(index=False, name=None):
        nw, nf, years, nps = naive[(u, v)]
        assert (w, ps) == (nw, ";".join(sorted(nps)))
        assert f == pytest.approx(nf)
        assert (pd.isna(fy), pd.isna(ly)) == (not years, not years)
        if years:
            assert (fy, ly) == (min(years), max(years))


def test_max_authors_leaves_out_large_teams_and_counts_them():
    from graph.build import coauthor_graph
    from graph.load.profile_text import read_string
    from graph.normalise import normalise

    page = (
        "Olga Owner\n\n"
        "CVMay 3, 2021\nBig Team\n\nAnn A, Ben B, Cid C, Dee D\n\n"
        "CVMay 4, 2021\nSmall Team\n\nAnn A, Eve E\n"
    )
    corpus = normalise(read_string(page))
    full = coauthor_graph(corpus)
    # 5 authors on the big paper (4 listed + owner): C(5,2) = 10 links; small paper adds
    # Ann-Eve and Eve-Owner (Ann-Owner already there): 12.
    assert full.number_of_edges() == 12 and full.graph["team_size_skipped"] == 0
    capped = coauthor_graph(corpus, max_authors=4)
    # Only the small paper (3 authors with the owner) is left: a triangle.
    assert sorted(capped.nodes) == ["anna", "evee", "olgaowner"]
    assert capped.number_of_edges() == 3
    assert capped.graph["team_size_skipped"] == 1 and capped.graph["max_authors"] == 4
