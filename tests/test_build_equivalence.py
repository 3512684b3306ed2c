"""The integer-code build stage equals the reference implementation (tests/build_reference.py,
the pandas group-by version it replaced): same graph attributes, nodes, edges, attribute values
*and* types, in the same insertion order (exports and layouts follow that order), on the hand
corpus, the bundled profiles and sample exports, and on random corpora.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from build_reference import (
    ref_affiliation_graph,
    ref_coauthor_graph,
    ref_coauthor_pairs,
    ref_filter_authorships,
    ref_institution_graph,
    ref_owner_ties,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph import build
from graph.build import (
    _fill_graph,
    affiliation_graph,
    coauthor_graph,
    coauthor_pairs,
    filter_authorships,
    institution_graph,
    owner_ties,
)
from graph.load import load_records
from graph.load.profile_text import read_string
from graph.normalise import Corpus, normalise


def _same_value(a, b) -> bool:
    return type(a) is type(b) and (
        a == b or (isinstance(a, float) and math.isnan(a) and math.isnan(b))
    )


def _same_dict(d: dict, e: dict) -> bool:
    return list(d) == list(e) and all(_same_value(d[k], e[k]) for k in d)


def assert_same_graph(G: nx.Graph, H: nx.Graph) -> None:
    """Equal graphs down to attribute types and every insertion order."""
    assert type(G) is type(H)
    assert _same_dict(G.graph, H.graph), (G.graph, H.graph)
    assert list(G.nodes) == list(H.nodes)
    for n in G:
        assert _same_dict(G.nodes[n], H.nodes[n]), (n, G.nodes[n], H.nodes[n])
        assert list(G.adj[n]) == list(H.adj[n]), n  # neighbour order
    assert list(G.edges) == list(H.edges)
    for u, v, d in G.edges(data=True):
        assert _same_dict(d, H.edges[u, v]), (u, v, d, H.edges[u, v])
        assert G._adj[u][v] is G._adj[v][u]  # one dict per edge, as add_edge makes
    assert nx.utils.graphs_equal(G, H)


def assert_same_everything(corpus: Corpus, owner: str | None = None) -> None:
    """Every build function on every filter combination against the reference."""
    for kwargs in (
        {},
        {"include_owner": False},
        {"min_weight": 2},
        {"min_papers": 2},
        {"year_from": 2021},
        {"year_to": 2021},
        {"year_from": 2020, "year_to": 2022},
        {"max_authors": 3},
        {"include_owner": False, "min_papers": 2, "max_authors": 4},
        {"year_from": 2999},
    ):
        assert_same_graph(coauthor_graph(corpus, **kwargs), ref_coauthor_graph(corpus, **kwargs))
        fkw = {k: v for k, v in kwargs.items() if k != "min_weight"}
        pd.testing.assert_frame_equal(
            filter_authorships(corpus, **fkw), ref_filter_authorships(corpus, **fkw)
        )
    for kwargs in ({}, {"include_owner": False}, {"year_from": 2021}, {"year_to": 2020}):
        assert_same_graph(
            affiliation_graph(corpus, **kwargs), ref_affiliation_graph(corpus, **kwargs)
        )
    for kwargs in ({}, {"year_from": 2021}, {"year_to": 2021}):
        assert_same_graph(
            institution_graph(corpus, **kwargs), ref_institution_graph(corpus, **kwargs)
        )
    a = filter_authorships(corpus)
    pd.testing.assert_frame_equal(coauthor_pairs(a), ref_coauthor_pairs(a))
    pd.testing.assert_frame_equal(
        coauthor_pairs(a.drop(columns="n_authors")), ref_coauthor_pairs(a.drop(columns="n_authors"))
    )
    owners = [owner] if owner else []
    owners += list(corpus.owner_ids) + corpus.authorships["author_id"].head(3).tolist()
    owners.append("nobody-at-all")
    for o in owners:
        for kwargs in ({}, {"year_from": 2021}):
            pd.testing.assert_frame_equal(
                owner_ties(corpus, o, **kwargs), ref_owner_ties(corpus, o, **kwargs)
            )


def test_hand_corpus(hand_page):
    assert_same_everything(normalise(read_string(hand_page)))


def test_default_profile(default_profile):
    assert_same_everything(normalise(read_string(default_profile.read_text(encoding="utf-8"))))


@pytest.mark.parametrize(
    "path",
    [
        "profiles/taiping_yao_profile.txt",
        "formats/openalex_current.json",
        "formats/openalex_2022.jsonl",
        "formats/sample.bib",
        "formats/sample.ris",
        "formats/sample.csv",
        "formats/scopus.csv",
        "formats/wos.txt",
    ],
)  # not openalex/works_tu9_2022.json: its 2,918-author paper makes 4.2M links per variant
def test_bundled_inputs(test_data, path):
    """Real exports: per-author institutions (OpenAlex), missing years, no owner."""
    corpus = normalise(load_records(test_data / path), add_owner=False)
    assert_same_everything(corpus)


# ---- random corpora --------------------------------------------------------------------------

AUTHORS = [f"a{i}" for i in range(9)] + ["inst:x"]  # "inst:x" collides with an institution node
INSTITUTIONS = ["x", "y", "z", "w"]


@st.composite
def corpora(draw) -> Corpus:
    """Random tidy tables: unknown years, owners on some rows only, a paper missing from the
    papers table, per-author institutions next to paper tags, names that differ by row."""
    n = draw(st.integers(0, 9))
    pids = [f"p{i}" for i in draw(st.permutations(range(n)))]
    papers = pd.DataFrame(
        {
            "paper_id": pids,
            "year": pd.array(
                [draw(st.one_of(st.none(), st.integers(2019, 2023))) for _ in pids], dtype="Int64"
            ),
            "authors_complete": [draw(st.booleans()) for _ in pids],
        }
    ).astype({"paper_id": "str", "authors_complete": bool})
    rows, aff = [], []
    for pid in [*pids, *(["ghost"] if draw(st.booleans()) else [])]:
        for aid in draw(st.lists(st.sampled_from(AUTHORS), unique=True, max_size=6)):
            rows.append(
                (
                    pid,
                    aid,
                    draw(st.sampled_from([aid.upper(), aid.title()])),
                    draw(st.booleans()) and aid == "a0",
                )
            )
            if draw(st.integers(0, 4)) == 0:
                aff.append((pid, draw(st.sampled_from(INSTITUTIONS)), aid))
        for inst in draw(st.lists(st.sampled_from(INSTITUTIONS), unique=True, max_size=3)):
            aff.append((pid, inst, ""))
    if draw(st.booleans()):  # a per-author institution of someone who wrote nothing here
        aff.append((pids[0] if pids else "p0", "w", "stranger"))
    authorships = pd.DataFrame(rows, columns=["paper_id", "author_id", "name", "is_owner"])
    authorships = authorships.astype(
        {"paper_id": "str", "author_id": "str", "name": "str", "is_owner": bool}
    )
    affiliations = (
        pd.DataFrame(aff, columns=["paper_id", "institution", "author_id"])
        .astype("str")
        .drop_duplicates(ignore_index=True)
    )
    if draw(st.booleans()):  # institutions' countries, some unknown, ties between two
        affiliations["country"] = [
            draw(st.sampled_from(["", "Chile", "Peru"])) for _ in range(len(affiliations))
        ]
    return Corpus(papers, authorships, affiliations, meta={"owners": ["a0"]})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpora())
def test_random_corpora(corpus):
    assert_same_everything(corpus, owner="a0")


# ---- the direct graph writer -----------------------------------------------------------------


def test_fill_graph_equals_the_public_calls():
    nodes = ["b", "a", "c", "d"]
    edges = [("b", "a"), ("a", "c"), ("c", "b"), ("d", "d")]

    def attrs():
        return ([{"x": i} for i in range(4)], [{"w": i, "s": str(i)} for i in range(4)])

    n_attrs, e_attrs = attrs()
    G = _fill_graph(
        nx.Graph(k=1), nodes, n_attrs, [u for u, _ in edges], [v for _, v in edges], e_attrs
    )
    n_attrs, e_attrs = attrs()
    H = nx.Graph(k=1)
    H.add_nodes_from(zip(nodes, n_attrs, strict=True))
    H.add_edges_from((u, v, d) for (u, v), d in zip(edges, e_attrs, strict=True))
    assert_same_graph(G, H)
    assert list(G.adj["c"]) == list(H.adj["c"]) == ["a", "b"]
    assert nx.number_of_selfloops(G) == 1


def test_fill_graph_clears_the_cache_and_views_stay_live():
    G = nx.Graph()
    view = G.adj  # a cached view made before filling still sees the data
    G.__networkx_cache__["stale"] = "conversion of the empty graph"
    _fill_graph(G, ["a", "b"], [{}, {}], ["a"], ["b"], [{"weight": 1}])
    assert G.__networkx_cache__ == {}
    assert dict(view["a"]) == {"b": {"weight": 1}}
    assert G.degree("a") == 1 and list(G.edges) == [("a", "b")]


def test_fill_graph_takes_the_public_path_when_the_fast_one_does_not_apply():
    # A repeated node merges its attributes, as add_nodes_from does.
    G = _fill_graph(nx.Graph(), ["a", "a"], [{"x": 1}, {"y": 2}], [], [], [])
    assert dict(G.nodes["a"]) == {"x": 1, "y": 2}
    # A graph that already has nodes keeps them.
    H = nx.Graph()
    H.add_node("z", x=0)
    _fill_graph(H, ["a"], [{}], ["a"], ["z"], [{"w": 1}])
    assert list(H.nodes) == ["z", "a"] and H.edges["a", "z"] == {"w": 1}
    # A subclass gets its own factories.
    D = _fill_graph(nx.DiGraph(), ["a", "b"], [{}, {}], ["a"], ["b"], [{"w": 1}])
    assert list(D.edges) == [("a", "b")] and not D.has_edge("b", "a")


def test_gc_state_is_restored():
    import gc

    from graph._gc import gc_paused

    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_repeated_paper_id_is_refused():
    corpus = Corpus(
        pd.DataFrame(
            {
                "paper_id": ["p", "p"],
                "year": pd.array([1, 2], "Int64"),
                "authors_complete": [True, True],
            }
        ),
        pd.DataFrame({"paper_id": ["p"], "author_id": ["a"], "name": ["A"], "is_owner": [False]}),
        pd.DataFrame(columns=["paper_id", "institution", "author_id"]),
    )
    with pytest.raises(ValueError, match="paper_id twice"):
        coauthor_graph(corpus)


def test_sorted_codes_follow_python_string_order():
    values = np.array(["b", "B", "é", "a", "b", "", "ä"], dtype=object)
    (codes,), uniques = build._sorted_codes(values)
    assert uniques.tolist() == sorted(set(values))
    assert (uniques[codes] == values).all()
