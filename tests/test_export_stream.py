"""The streaming GraphML writer gives the bytes of the NetworkX writer it replaced.

The reference below is the former ``write_graphml``: NetworkX's ``GraphMLWriter`` (an
ElementTree of the whole document) over :func:`graph.export.graphml_safe`, booleans lower-cased.
Equal bytes mean equal parse results for every reader (NetworkX, igraph, Gephi).
"""

from __future__ import annotations

import json
import tempfile
import tracemalloc
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph import export as ex
from graph.errors import CollabGraphError, OutputError
from graph.export import graphml, tables


def reference_graphml(G: nx.Graph) -> bytes:
    """The GraphML document the NetworkX-based writer (before streaming) made of ``G``."""
    import io

    from networkx.readwrite.graphml import GraphMLWriter

    writer = GraphMLWriter(
        graph=ex.graphml_safe(G), encoding="utf-8", prettyprint=True, named_key_ids=False
    )
    booleans = {k.get("id") for k in writer.xml.iter("key") if k.get("attr.type") == "boolean"}
    for el in writer.xml.iter("data"):
        if el.get("key") in booleans:
            el.text = el.text.lower()
    out = io.BytesIO()
    writer.dump(out)
    return out.getvalue()


def assert_same_as_reference(G: nx.Graph, tmp: Path) -> bytes:
    data = ex.write_graphml(G, tmp / "g.graphml").read_bytes()
    assert data == reference_graphml(G)
    return data


def awkward_graph() -> nx.Graph:
    G = nx.Graph(
        kind="test",
        note="a & b <c>\r\nd",
        flag=True,
        n=np.int64(3),
        gone=None,
        x=float("nan"),
        id="g&1",
        tags=["a", "b"],
    )
    G.add_node(
        "b",
        label=None,
        score=1,
        mixed=2,
        flag=np.bool_(False),
        tags=["x", 1],
        s={"z", "a"},
        m={"k": 1},
        f32=np.float32(0.1),
        big=2**70,
        empty="",
        ctl="bell\x07\ud800\uffff",
        nan=float("nan"),
        inf=float("-inf"),
    )
    G.add_node(
        "a",
        label=7,
        score=0.5,
        mixed="two",
        flag=True,
        f64=np.float64(2.5),
        i64=np.int64(-4),
        never=None,
        allnan=float("nan"),
        empty=[],
    )
    G.add_node("c & <d>", label=float("nan"), score=np.float64(np.nan), late=float("nan"))
    G.add_node("d", label=["l", "m"], late=3, half=float("inf"))
    G.add_node('e\t"q"', label=True, late=np.int64(4), half=1)
    G.add_edge("b", "a", weight=np.int64(2), papers="p1;p2", frac=0.5)
    G.add_edge("a", "c & <d>", weight=None, papers=["p3"], frac=1)
    G.add_edge("d", "c & <d>", weight=float("nan"), extra=np.bool_(True))
    G.add_edge("d", "d", weight=2.5)  # a self-loop, float among int weights
    G.add_edge('e\t"q"', "b")  # no attributes at all
    return G


@pytest.mark.parametrize(
    "make",
    [
        awkward_graph,
        nx.Graph,  # empty
        lambda: nx.Graph(kind="coauthor"),  # empty with a graph attribute
        lambda: nx.empty_graph(3),  # integer ids, no edges
        lambda: nx.path_graph(["x", "y", "z"], create_using=nx.DiGraph),  # directed
        lambda: nx.Graph([("z", "a"), ("a", "m")]),  # edges stored from the larger id
        lambda: awkward_graph().subgraph(["a", "b", "d", "c & <d>"]),  # a read-only view
    ],
)
def test_same_bytes_as_the_networkx_writer(tmp_path, make):
    assert_same_as_reference(make(), tmp_path)


def test_awkward_values_read_back_as_before(tmp_path):
    G = awkward_graph()
    H = nx.read_graphml(ex.write_graphml(G, tmp_path / "g.graphml"))
    a, b = H.nodes["a"], H.nodes["b"]
    assert (a["label"], b["label"], H.nodes["d"]["label"]) == ("7", "b", "l;m")
    assert H.nodes['e\t"q"']["label"] == "True"  # a non-text label is text
    assert (a["score"], b["score"]) == (0.5, 1.0)  # int + float -> double
    assert (a["mixed"], b["mixed"]) == ("two", "2")  # int + str -> string
    assert (a["flag"], b["flag"]) == (True, False)
    assert (H.nodes["d"]["late"], H.nodes['e\t"q"']["late"]) == (3, 4)  # NaN left out: long
    assert "allnan" not in a and "never" not in a and "nan" not in b
    assert (b["f32"], a["f64"], a["i64"], b["big"]) == (float(np.float32(0.1)), 2.5, -4, 2**70)
    assert (b["tags"], b["s"], b["m"], b["empty"], a["empty"]) == ("x;1", "a;z", "k=1", "", "")
    assert b["ctl"] == "bell\ufffd\ufffd\ufffd"
    assert H.edges["a", "b"]["weight"] == 2.0 and H.edges["d", "d"]["weight"] == 2.5
    assert H.edges["a", "c & <d>"]["weight"] == 1.0  # None -> the default weight 1
    assert H.edges["b", 'e\t"q"'] == {"weight": 1.0}
    assert H.graph["note"] == "a & b <c>\nd" and H.graph["tags"] == "a;b"
    assert H.graph["flag"] is True and H.graph["n"] == 3 and "gone" not in H.graph


def test_names_that_clean_to_one_name_keep_the_first_position(tmp_path):
    G = nx.Graph()
    G.add_node("a", **{"x\x01": 1, "y": "s", "x\x02": 2.5})
    G.add_node("b")
    G.nodes["b"].update({1: True, "1": "one"})
    G.add_edge("a", "b", **{"w\x00": 1})
    assert_same_as_reference(G, tmp_path)
    H = nx.read_graphml(tmp_path / "g.graphml")
    assert H.nodes["a"]["x\ufffd"] == 2.5 and H.nodes["b"]["1"] == "one"


def test_colliding_ids_are_an_error_and_leave_nothing(tmp_path):
    G = nx.Graph([("a\x01", "b"), ("a\x02", "b")])
    with pytest.raises(OutputError, match="both become"):
        ex.write_graphml(G, tmp_path / "g.graphml")
    assert list(tmp_path.iterdir()) == []


def test_multigraphs_are_refused(tmp_path):
    with pytest.raises(CollabGraphError, match="multigraph"):
        ex.write_graphml(nx.MultiGraph([(1, 2), (1, 2)]), tmp_path / "g.graphml")
    assert list(tmp_path.iterdir()) == []


def test_seed_profile_graphs_same_bytes_and_igraph_reads_them(tmp_path):
    from graph.analyse import annotate, centrality_table, communities
    from graph.config import RunConfig
    from graph.pipeline import analyse_corpus, load_corpus

    cfg = RunConfig()
    analysis = analyse_corpus(load_corpus(cfg), cfg)
    A = analysis.affiliations
    A = annotate(A, centrality_table(A), communities(A, seed=1).membership)
    for G in (analysis.annotated(), A):
        data = assert_same_as_reference(G, tmp_path)
        igraph = pytest.importorskip("igraph")
        g = igraph.Graph.Read_GraphML(str(tmp_path / "g.graphml"))
        assert (g.vcount(), g.ecount()) == (G.number_of_nodes(), G.number_of_edges())
        assert sorted(g.vs["label"]) == sorted(d.get("label", n) for n, d in G.nodes(data=True))
        assert data.count(b"<node ") == G.number_of_nodes()


def test_written_in_chunks_without_a_copy_of_the_document(tmp_path, monkeypatch):
    """Memory stays a small fraction of the file: no tree, no copy of the graph."""
    monkeypatch.setattr(graphml, "_CHUNK", 200)
    G = nx.Graph(kind="big")
    G.add_nodes_from(
        (f"n{i:05d}", {"label": f"Name {i}", "papers": i % 7, "score": i / 3, "is_owner": False})
        for i in range(4000)
    )
    G.add_edges_from(
        (
            f"n{i:05d}",
            f"n{(i * 7 + 1) % 4000:05d}",
            {"weight": 1 + i % 3, "papers": f"p{i};p{i + 1}"},
        )
        for i in range(16000)
    )
    chunks = list(graphml._graphml_chunks(G))
    assert len(chunks) > 20 and max(map(len, chunks)) < 200_000
    assert "".join(chunks).encode() == reference_graphml(G)
    path = tmp_path / "g.graphml"
    tracemalloc.start()
    try:
        ex.write_graphml(G, path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < path.stat().st_size / 5


# ------------------------------------------------------------------------------ property

names = st.sampled_from(["label", "weight", "x", "y", "id", "a\x01", "a\x02", "1", 1, "k<&>"])
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=6),
    st.sampled_from(["", "a&b", "<x>", "\r\n", "\x00", "\ud800", "Zoë", '"q"', "\t"]),
    st.integers(-5, 5).map(np.int64),
    st.booleans().map(np.bool_),
    st.floats(allow_nan=True, width=32).map(np.float32),
    st.floats().map(np.float64),
    st.lists(st.one_of(st.integers(0, 3), st.text(max_size=3)), max_size=3),
    st.frozensets(st.text(max_size=2), max_size=2),
)
attrs = st.dictionaries(names, scalars, max_size=4)
node_ids = st.one_of(
    st.text(max_size=4),
    st.integers(0, 9),
    st.sampled_from(["a&b", "<n>", "x\x01", "x\x02", '"', "\t", ""]),
)


@st.composite
def graphs(draw):
    G = (nx.DiGraph if draw(st.booleans()) else nx.Graph)()
    G.graph.update(
        draw(st.dictionaries(st.sampled_from(["kind", "note", "n", "flag"]), scalars, max_size=3))
    )
    if draw(st.booleans()):
        G.graph["id"] = draw(st.text(max_size=3))
    for n in draw(st.lists(node_ids, max_size=6, unique=True)):
        G.add_node(n)
        G.nodes[n].update(draw(attrs))  # names need not be strings
    nodes = list(G)
    if nodes:
        for _ in range(draw(st.integers(0, 8))):
            u, v = draw(st.sampled_from(nodes)), draw(st.sampled_from(nodes))
            G.add_edge(u, v)
            G.edges[u, v].update(draw(attrs))
    return G


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(G=graphs())
def test_any_graph_same_bytes_as_the_networkx_writer(G):
    with tempfile.TemporaryDirectory() as tmp:
        try:
            want = reference_graphml(G)
        except OutputError:
            with pytest.raises(OutputError):
                ex.write_graphml(G, Path(tmp) / "g.graphml")
            return
        assert ex.write_graphml(G, Path(tmp) / "g.graphml").read_bytes() == want


# ------------------------------------------------------------------------------ tables


@pytest.mark.parametrize(
    "frame",
    [
        pd.DataFrame(
            {
                "a": pd.array([1, None], dtype="Int64"),
                "b": ['x\ny "q"', "Zoë <&>"],
                "c": [1.5, float("nan")],
                "d": pd.array([True, None], dtype="boolean"),
            }
        ),
        pd.DataFrame(columns=["id", "label"]),  # no rows
    ],
)
def test_json_table_streamed_row_by_row_is_json_dumps(tmp_path, frame):
    rows = [
        {c: tables._json_value(v) for c, v in zip(frame.columns, row, strict=True)}
        for row in frame.itertuples(index=False, name=None)
    ]
    want = json.dumps(rows, ensure_ascii=False, indent=1, allow_nan=False) + "\n"
    assert ex.write_table_json(frame, tmp_path / "t.json").read_text(encoding="utf-8") == want


def test_csv_table_streamed_is_to_csv(tmp_path):
    frame = pd.DataFrame({"a": [1, 2], "b": ['x\ny "q"', "Zoë, <&>"], "c": [0.1, None]})
    path = ex.write_table_csv(frame, tmp_path / "t.csv")
    assert path.read_bytes() == frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
