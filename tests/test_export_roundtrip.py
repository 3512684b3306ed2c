"""Round-trip proof: random corpora -> export -> read back with other readers -> identical.

Names, titles and institutions mix quotes, ampersands, angle brackets, emoji, accents and
characters XML cannot hold.  The expected graph is the documented canonical form
(:func:`graph.export.graphml_safe` / :func:`graph.export.gexf_ready`): it differs from the input
only where XML forces it (control characters -> U+FFFD, ``\\r`` -> ``\\n``).
"""

from __future__ import annotations

import json
import math
import tempfile
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph import export as ex
from graph.analyse import annotate, centrality_table, communities
from graph.build import affiliation_graph, coauthor_graph
from graph.csv_safe import TRIGGERS
from graph.errors import OutputError
from graph.load import AuthorRef, LoadResult, PaperRecord
from graph.normalise import normalise

TRICKY = [
    "O'Brien",
    'Say "hi"',
    "A & B",
    "<script>alert(1)</script>",
    "Zoë Ångström",
    "😀 Emoji",
    "Łukasz Żółć",
    "李 小龙",
    "a]]>b",
    "&amp; lit",
    "ctl\x01\x02",
    "line\r\nbreak",
    "tab\there",
    "\ud800lone",
    "nul\x00",
    "  spaced  ",
    "x\uffff",
]
text = st.one_of(st.sampled_from(TRICKY), st.text(min_size=1, max_size=10))
SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@st.composite
def corpora(draw):
    pool = draw(st.lists(text, min_size=1, max_size=6, unique=True))
    institutions = draw(st.lists(text, max_size=3, unique=True))
    owner = draw(st.one_of(st.none(), text))
    records = []
    for i in range(draw(st.integers(1, 5))):
        authors = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=4, unique=True))
        tags = draw(
            st.lists(st.sampled_from(institutions), max_size=2, unique=True)
            if institutions
            else st.just([])
        )
        records.append(
            PaperRecord(
                draw(text),
                tuple(AuthorRef(a) for a in authors),
                "h.txt",
                i + 1,
                year=draw(st.one_of(st.none(), st.integers(1990, 2025))),
                affiliations=tuple(tags),
                owners=(owner,) if owner else (),
                authors_complete=draw(st.booleans()),
            )
        )
    return normalise(LoadResult(records))


def analysed(G: nx.Graph, seed: int = 1) -> nx.Graph:
    return annotate(G, centrality_table(G), communities(G, seed=seed).membership)


def ids_collide(G: nx.Graph) -> bool:
    return len({ex.xml_text(str(n)) or "\ufffd" for n in G}) < G.number_of_nodes()


def same_numbers(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    return a == b


def assert_same_graph(read: nx.Graph, want: nx.Graph, *, drop_edge=()) -> None:
    assert sorted(read.nodes) == sorted(want.nodes)
    for n, d in want.nodes(data=True):
        assert read.nodes[n] == d, n
        for k, v in d.items():  # equal *and* of the same type (1 == 1.0 == True otherwise)
            assert type(read.nodes[n][k]) is type(v), (n, k)
    assert {frozenset(e) for e in read.edges} == {frozenset(e) for e in want.edges}
    for u, v, d in want.edges(data=True):
        got = {k: x for k, x in read.edges[u, v].items() if k not in drop_edge}
        assert got == d, (u, v)


def check_graphml(G: nx.Graph, tmp: Path) -> None:
    path = tmp / "g.graphml"
    ex.write_graphml(G, path)
    want = ex.graphml_safe(G)
    read = nx.read_graphml(path)
    assert_same_graph(read, want)
    for k, v in want.graph.items():
        assert read.graph[k] == v and type(read.graph[k]) is type(v)
    # The canonical form is a fixed point: exporting it again changes nothing.
    assert ex.write_graphml(want, tmp / "again.graphml").read_bytes() == path.read_bytes()


def check_gexf(G: nx.Graph, tmp: Path, seed: int) -> None:
    path = tmp / "g.gexf"
    ex.write_gexf(G, path, seed=seed)
    want = ex.gexf_ready(G, seed=seed)
    read = nx.read_gexf(path)
    for _, _, d in want.edges(data=True):
        d["weight"] = float(d["weight"])  # GEXF edge weights are floats
    assert_same_graph(read, want, drop_edge=("id",))  # GEXF gives every edge an id
    dynamic = any("start" in d for _, d in want.nodes(data=True))
    assert read.graph["mode"] == ("dynamic" if dynamic else "static")


def check_igraph(G: nx.Graph, tmp: Path) -> None:
    try:
        import igraph as ig
    except ImportError:  # the optional extra igraph (issue 8) is not installed
        return
    path = tmp / "g.graphml"
    ex.write_graphml(G, path)
    g = ig.Graph.Read_GraphML(str(path))
    want = ex.graphml_safe(G)
    assert g.vcount() == want.number_of_nodes()
    if not g.vcount():
        return
    # igraph's reader (libxml2 without entity substitution) hands back "&" inside an XML
    # attribute, such as a node id, as "&#38;"; element text (labels, data) is decoded.
    ids = {n.replace("&", "&#38;"): n for n in want.nodes} | {n: n for n in want.nodes}
    assert sorted(ids[i] for i in g.vs["id"]) == sorted(want.nodes)
    for v in g.vs:
        for k, x in want.nodes[ids[v["id"]]].items():
            if isinstance(x, bool):
                assert v[k] == x, k
            elif isinstance(x, (int, float)):
                assert float(v[k]) == float(x), k  # igraph keeps numbers as doubles
            else:
                assert v[k] == x, k
    edges = {frozenset((ids[g.vs[e.source]["id"]], ids[g.vs[e.target]["id"]])): e for e in g.es}
    assert set(edges) == {frozenset(e) for e in want.edges}
    for u, v, d in want.edges(data=True):
        e = edges[frozenset((u, v))]
        assert e["weight"] == d["weight"] and e["papers"] == d["papers"]


def check_tables(G: nx.Graph, corpus, tmp: Path) -> None:
    want = ex.graphml_safe(G)
    nodes = ex.node_table(G)
    papers = ex.paper_table(corpus, G)
    # --raw-csv round-trips exactly; the default differs only by the ' that keeps a
    # spreadsheet from running a cell as a formula (checked cell by cell below)
    ex.write_tables(G, tmp / "csv", corpus=corpus, fmt="csv", raw_csv=True)
    ex.write_tables(G, tmp / "safe", corpus=corpus, fmt="csv")
    read, safe = (
        {
            name: pd.read_csv(
                tmp / folder / f"{name}.csv", dtype=str, keep_default_na=False, encoding="utf-8"
            )
            for name in ("nodes", "edges", "papers")
        }
        for folder in ("csv", "safe")
    )
    text_columns = {"id", "label", "title", "authors", "source", "target"}
    for name, frame in read.items():
        assert list(safe[name].columns) == list(frame.columns)
        for col in frame.columns:
            for raw, shown in zip(frame[col], safe[name][col], strict=True):
                assert shown == raw or (shown == "'" + raw and raw[:1] in TRIGGERS)
                if col in text_columns and raw[:1] in TRIGGERS:
                    assert shown == "'" + raw
    assert list(read["nodes"].columns) == list(nodes.columns)
    assert list(read["nodes"]["id"]) == sorted(want.nodes)
    assert list(read["nodes"]["label"]) == [want.nodes[n]["label"] for n in sorted(want)]
    pairs = list(zip(read["edges"]["source"], read["edges"]["target"], strict=True))
    assert {frozenset(p) for p in pairs} == {frozenset(e) for e in want.edges}
    assert [int(w) for w in read["edges"]["weight"]] == [want.edges[p]["weight"] for p in pairs]
    assert list(read["papers"]["title"]) == list(papers["title"])
    assert list(read["papers"]["authors"]) == list(papers["authors"])

    ex.write_tables(G, tmp / "json", corpus=corpus, fmt="json")
    read = {
        name: json.loads((tmp / "json" / f"{name}.json").read_text(encoding="utf-8"))
        for name in ("nodes", "edges", "papers")
    }
    assert [r["id"] for r in read["nodes"]] == sorted(want.nodes)
    for row in read["nodes"]:
        assert list(row) == list(nodes.columns)
        assert {k: v for k, v in row.items() if v is not None and k != "id"} == want.nodes[
            row["id"]
        ]
    assert len(read["edges"]) == want.number_of_edges()
    for row in read["edges"]:
        assert {
            k: v for k, v in row.items() if v is not None and k not in ("source", "target")
        } == want.edges[row["source"], row["target"]]
    assert [p["paper_id"] for p in read["papers"]] == list(papers["paper_id"])


@SETTINGS
@given(corpus=corpora(), seed=st.integers(0, 3))
def test_coauthor_graph_round_trips_in_every_format(corpus, seed):
    G = analysed(coauthor_graph(corpus))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if ids_collide(G):
            with pytest.raises(OutputError):
                ex.write_graphml(G, tmp / "g.graphml")
            with pytest.raises(OutputError):
                ex.write_gexf(G, tmp / "g.gexf")
            assert list(tmp.iterdir()) == []
            return
        check_graphml(G, tmp)
        check_gexf(G, tmp, seed)
        check_igraph(G, tmp)
        check_tables(G, corpus, tmp)


@SETTINGS
@given(corpus=corpora())
def test_affiliation_graph_round_trips(corpus):
    G = analysed(affiliation_graph(corpus))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if ids_collide(G):
            with pytest.raises(OutputError):
                ex.write_graphml(G, tmp / "g.graphml")
            return
        check_graphml(G, tmp)
        check_gexf(G, tmp, seed=0)


def test_default_profile_round_trips_in_every_format(tmp_path):
    """The real embedded profile: 90 authors, 211 links (tests/test_cli.py), both graphs."""
    from graph.config import RunConfig
    from graph.pipeline import analyse_corpus, load_corpus

    cfg = RunConfig()
    analysis = analyse_corpus(load_corpus(cfg), cfg)
    G = analysis.annotated()
    assert (G.number_of_nodes(), G.number_of_edges()) == (90, 211)
    check_graphml(G, tmp_path)
    check_gexf(G, tmp_path, seed=cfg.seed)
    check_igraph(G, tmp_path)
    check_tables(G, analysis.corpus, tmp_path)
    A = analysed(analysis.affiliations)
    (tmp_path / "aff").mkdir()
    check_graphml(A, tmp_path / "aff")
    check_gexf(A, tmp_path / "aff", seed=cfg.seed)
