"""Exports: GraphML typing, GEXF structure, tables, pictures, errors and the export command."""

from __future__ import annotations

import csv
import json
import os
import sys
import xml.etree.ElementTree as ET

import networkx as nx
import numpy as np
import pytest
from click.testing import CliRunner

from graph import export as ex
from graph.analyse import annotate, centrality_table, communities
from graph.build import coauthor_graph
from graph.cli import cli
from graph.errors import CollabGraphError, OutputError
from graph.export import graphml
from graph.layout import layout
from graph.load import AuthorRef, LoadResult, PaperRecord
from graph.normalise import normalise
from graph.render import network_payload
from graph.style import OWNER_COLOUR, community_colour

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
GEXF = "{http://www.gexf.net/1.2draft}"
VIZ = "{http://www.gexf.net/1.2draft/viz}"
#: The attribute types of the GEXF 1.2 schema (attrtype-type in gexf.xsd / data.xsd).
GEXF_TYPES = {"integer", "long", "double", "float", "boolean", "liststring", "string", "anyURI"}


def tiny_corpus():
    """Two papers: p1 (2020) Alice, Bob, Zoë; p2 (2021) Alice, Bob.  No owner."""
    recs = [
        PaperRecord(
            "Graphs & <Things>",
            (AuthorRef("Alice Smith"), AuthorRef("Bob Jones"), AuthorRef("Zoë Ångström")),
            "t.txt",
            1,
            year=2020,
        ),
        PaperRecord(
            'A "quoted" title',
            (AuthorRef("Alice Smith"), AuthorRef("Bob Jones")),
            "t.txt",
            5,
            year=2021,
        ),
    ]
    return normalise(LoadResult(recs))


def tiny_graph():
    corpus = tiny_corpus()
    G = coauthor_graph(corpus)
    m = centrality_table(G)
    part = communities(G, seed=1)
    return annotate(G, m, part.membership), m, part, corpus


def keys_by_name(root, scope):
    return {
        k.get("attr.name"): k.get("attr.type")
        for k in root.iter(f"{GRAPHML}key")
        if k.get("for") == scope
    }


# ------------------------------------------------------------------------------ GraphML


def test_graphml_declares_the_right_types_and_boolean_literals(tmp_path):
    G, *_ = tiny_graph()
    path = ex.write_graphml(G, tmp_path / "g.graphml")
    root = ET.parse(path).getroot()
    nodes = keys_by_name(root, "node")
    assert nodes["label"] == "string"
    assert nodes["papers"] == nodes["first_year"] == nodes["community"] == "long"
    assert nodes["core"] == "long"
    assert nodes["pagerank"] == nodes["degree"] == nodes["betweenness"] == "double"
    assert nodes["is_owner"] == "boolean"
    edges = keys_by_name(root, "edge")
    assert edges == {
        "weight": "long",
        "fractional": "double",
        "distance": "double",
        "first_year": "long",
        "last_year": "long",
        "papers": "string",
    }
    booleans = {k.get("id") for k in root.iter(f"{GRAPHML}key") if k.get("attr.type") == "boolean"}
    values = {d.text for d in root.iter(f"{GRAPHML}data") if d.get("key") in booleans}
    assert values == {"false"}  # GraphML's literal, not Python's "False"


def test_graphml_hand_checked_values_read_back(tmp_path):
    G, *_ = tiny_graph()
    H = nx.read_graphml(ex.write_graphml(G, tmp_path / "g.graphml"))
    assert sorted(H.nodes) == ["alicesmith", "bobjones", "zoeangstrom"]
    assert H.nodes["zoeangstrom"]["label"] == "Zoë Ångström"
    assert H.nodes["alicesmith"]["papers"] == 2 and H.nodes["zoeangstrom"]["papers"] == 1
    assert (H.nodes["alicesmith"]["first_year"], H.nodes["alicesmith"]["last_year"]) == (2020, 2021)
    ab = H.edges["alicesmith", "bobjones"]
    # Two joint papers; Newman's 1/(n-1): 1/2 from the 3-author paper + 1/1 from the other.
    assert (ab["weight"], ab["fractional"], ab["distance"]) == (2, 1.5, 0.5)
    assert (ab["first_year"], ab["last_year"]) == (2020, 2021)
    az = H.edges["alicesmith", "zoeangstrom"]
    assert (az["weight"], az["fractional"], az["first_year"], az["last_year"]) == (
        1,
        0.5,
        2020,
        2020,
    )
    assert H.nodes["alicesmith"]["strength"] == 3.0 and H.nodes["zoeangstrom"]["strength"] == 2.0
    assert isinstance(H.nodes["alicesmith"]["is_owner"], bool)


def test_mixed_int_and_float_attribute_becomes_one_double(tmp_path):
    G = nx.Graph()
    G.add_node("a", score=1)  # int on one node ...
    G.add_node("b", score=0.5)  # ... float on another
    G.add_node("c", tag=3)
    G.add_node("d", tag="x")  # int and str: one string type
    G.add_edge("a", "b", weight=np.int64(2))
    G.add_edge("b", "c", weight=1.5)
    path = ex.write_graphml(G, tmp_path / "m.graphml")
    root = ET.parse(path).getroot()
    assert keys_by_name(root, "node")["score"] == "double"
    assert keys_by_name(root, "node")["tag"] == "string"
    assert keys_by_name(root, "edge")["weight"] == "double"
    H = nx.read_graphml(path)
    assert H.nodes["a"]["score"] == 1.0 and isinstance(H.nodes["a"]["score"], float)
    assert (H.nodes["c"]["tag"], H.nodes["d"]["tag"]) == ("3", "x")
    assert H.edges["a", "b"]["weight"] == 2.0


def test_graphml_safe_drops_none_nan_inf_and_joins_lists():
    G = nx.Graph(note=None)
    G.add_node(
        7,
        tags=["x", "y"],
        s={"b", "a"},
        n=np.float32(0.25),
        gone=None,
        nan=float("nan"),
        inf=float("inf"),
        flag=np.bool_(True),
    )
    G.add_edge(7, 8)
    H = ex.graphml_safe(G)
    assert dict(H.nodes["7"]) == {"tags": "x;y", "s": "a;b", "n": 0.25, "flag": True, "label": "7"}
    assert type(H.nodes["7"]["flag"]) is bool
    assert dict(H.nodes["8"]) == {"label": "8"}
    assert H.edges["7", "8"] == {"weight": 1}
    assert H.graph == {}
    assert G.nodes[7]["gone"] is None  # input not mutated


def test_xml_illegal_characters_are_replaced_and_carriage_returns_normalised(tmp_path):
    G = nx.Graph()
    G.add_node("a\x01", label="bell\x07 and\r\nnewline\ttab", title="\ud800x\uffff")
    G.add_node("b", label="plain")
    G.add_edge("a\x01", "b", papers="p\x0b1")
    H = nx.read_graphml(ex.write_graphml(G, tmp_path / "c.graphml"))
    assert sorted(H.nodes) == ["a\ufffd", "b"]
    assert H.nodes["a\ufffd"]["label"] == "bell\ufffd and\nnewline\ttab"
    assert H.nodes["a\ufffd"]["title"] == "\ufffdx\ufffd"
    assert H.edges["a\ufffd", "b"]["papers"] == "p\ufffd1"


def test_ids_that_collide_after_cleaning_are_an_error(tmp_path):
    G = nx.Graph()
    G.add_nodes_from(["a\x01", "a\x02"])
    with pytest.raises(OutputError, match="both become"):
        ex.write_graphml(G, tmp_path / "x.graphml")
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------------------ GEXF


def test_gexf_structure_viz_and_dynamic_years(tmp_path):
    G, _, part, _ = tiny_graph()
    G = nx.Graph(G)  # annotate's graph is frozen (it shares the edges); extend a copy
    G.add_node("loner", label="No Year", papers=0, is_owner=True, community=-1)
    path = ex.write_gexf(G, tmp_path / "g.gexf", size_by="strength", seed=3)
    root = ET.parse(path).getroot()
    assert root.tag == f"{GEXF}gexf" and root.get("version") == "1.2"
    assert root.find(f"{GEXF}meta").get("lastmodifieddate") is None  # deterministic
    assert "collabgraph" in root.find(f"{GEXF}meta/{GEXF}creator").text
    graph = root.find(f"{GEXF}graph")
    assert graph.get("defaultedgetype") == "undirected"
    assert (graph.get("mode"), graph.get("timeformat")) == ("dynamic", "integer")

    declared = {}
    for attrs in graph.findall(f"{GEXF}attributes"):
        for a in attrs.findall(f"{GEXF}attribute"):
            assert a.get("type") in GEXF_TYPES
            declared[(attrs.get("class"), a.get("id"))] = (a.get("title"), a.get("type"))
    types = {t: ty for (cls, _), (t, ty) in declared.items() if cls == "node"}
    assert types["papers"] == "long" and types["pagerank"] == "double"
    assert types["is_owner"] == "boolean"

    pos = layout(G, seed=3)
    ids = set()
    for node in graph.iter(f"{GEXF}node"):
        n = node.get("id")
        ids.add(n)
        for av in node.iter(f"{GEXF}attvalue"):
            assert ("node", av.get("for")) in declared
        colour = node.find(f"{VIZ}color")
        want = OWNER_COLOUR if n == "loner" else community_colour(part.membership[n])
        assert "#{:02x}{:02x}{:02x}".format(*(int(colour.get(c)) for c in "rgb")) == want
        assert float(colour.get("a")) == 1.0
        p = node.find(f"{VIZ}position")
        assert (float(p.get("x")), float(p.get("y")), float(p.get("z"))) == (
            pos[n][0],
            -pos[n][1] + 0.0,
            0.0,
        )
        size = float(node.find(f"{VIZ}size").get("value"))
        assert 8.0 <= size <= 40.0 * 1.3
        if n == "loner":  # no year: exists at all times
            assert node.get("start") is None and node.get("end") is None
            assert size == 8.0 * 1.3  # the smallest strength, owner x1.3
        else:
            assert (int(node.get("start")), int(node.get("end"))) == (
                G.nodes[n]["first_year"],
                G.nodes[n]["last_year"],
            )
    # Alice and Bob have the largest strength (3 joint papers' worth): the largest size.
    assert (
        float(graph.find(f"{GEXF}nodes/{GEXF}node[@id='alicesmith']/{VIZ}size").get("value"))
        == 40.0
    )
    assert ids == set(G.nodes)

    edge_ids = []
    for e in graph.iter(f"{GEXF}edge"):
        edge_ids.append(e.get("id"))
        assert e.get("source") in ids and e.get("target") in ids
        assert int(e.get("start")) <= int(e.get("end"))
        for av in e.iter(f"{GEXF}attvalue"):
            assert ("edge", av.get("for")) in declared
    assert len(edge_ids) == len(set(edge_ids)) == 3
    ab = graph.find(f"{GEXF}edges/{GEXF}edge[@source='alicesmith'][@target='bobjones']")
    assert (ab.get("weight"), ab.get("start"), ab.get("end")) == ("2", "2020", "2021")


def test_gexf_positions_match_the_html_page(tmp_path):
    G, m, part, corpus = tiny_graph()
    payload = network_payload(G, m, part.membership, corpus, seed=9)
    H = nx.read_gexf(ex.write_gexf(G, tmp_path / "g.gexf", seed=9))
    for node in payload["nodes"]:
        p = H.nodes[node["id"]]["viz"]["position"]
        assert (p["x"], -p["y"]) == (node["x"], node["y"])
        c = H.nodes[node["id"]]["viz"]["color"]
        assert "#{:02x}{:02x}{:02x}".format(c["r"], c["g"], c["b"]) == node["color"]


def test_gexf_is_byte_identical_run_to_run(tmp_path):
    G, *_ = tiny_graph()
    a = ex.write_gexf(G, tmp_path / "a.gexf").read_bytes()
    b = ex.write_gexf(G, tmp_path / "b.gexf").read_bytes()
    assert a == b


def test_gexf_without_years_is_static_and_reserved_names_are_kept(tmp_path):
    G = nx.Graph()
    G.add_node("x", start="keep me", viz="mine")
    G.add_edge("x", "y", id="e7")
    path = ex.write_gexf(G, tmp_path / "s.gexf", positions={"x": (0, 0), "y": (1, 1)})
    graph = ET.parse(path).getroot().find(f"{GEXF}graph")
    assert graph.get("mode") == "static" and graph.get("timeformat") is None
    H = nx.read_gexf(path)
    assert H.nodes["x"]["start_attr"] == "keep me" and H.nodes["x"]["viz_attr"] == "mine"
    assert H.edges["x", "y"]["id_attr"] == "e7"


# ------------------------------------------------------------------------------ tables


def test_tables_csv_hand_checked(tmp_path):
    G, _, _, corpus = tiny_graph()
    files = ex.write_tables(G, tmp_path / "t", corpus=corpus, fmt="csv")
    assert [f.name for f in files] == ["nodes.csv", "edges.csv", "papers.csv"]
    with open(tmp_path / "t" / "edges.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == [
        "source",
        "target",
        "weight",
        "fractional",
        "distance",
        "first_year",
        "last_year",
        "papers",
    ]
    p1 = corpus.papers.set_index("year").at[2020, "paper_id"]
    p2 = corpus.papers.set_index("year").at[2021, "paper_id"]
    assert rows[1:] == [
        ["alicesmith", "bobjones", "2", "1.5", "0.5", "2020", "2021", ";".join(sorted([p1, p2]))],
        ["alicesmith", "zoeangstrom", "1", "0.5", "1.0", "2020", "2020", p1],
        ["bobjones", "zoeangstrom", "1", "0.5", "1.0", "2020", "2020", p1],
    ]
    with open(tmp_path / "t" / "nodes.csv", encoding="utf-8", newline="") as fh:
        nodes = list(csv.DictReader(fh))
    assert list(nodes[0])[:8] == [
        "id",
        "label",
        "is_owner",
        "community",
        "papers",
        "first_year",
        "last_year",
        "degree",
    ]
    assert [(r["id"], r["label"], r["papers"]) for r in nodes] == [
        ("alicesmith", "Alice Smith", "2"),
        ("bobjones", "Bob Jones", "2"),
        ("zoeangstrom", "Zoë Ångström", "1"),
    ]
    with open(tmp_path / "t" / "papers.csv", encoding="utf-8", newline="") as fh:
        papers = list(csv.DictReader(fh))
    assert [(p["year"], p["title"], p["authors"]) for p in papers] == [
        ("2020", "Graphs & <Things>", "Alice Smith; Bob Jones; Zoë Ångström"),
        ("2021", 'A "quoted" title', "Alice Smith; Bob Jones"),
    ]


def test_tables_json_keeps_types_and_nulls(tmp_path):
    G, _, _, corpus = tiny_graph()
    G = nx.Graph(G)  # annotate's graph is frozen (it shares the edges); extend a copy
    G.add_node("solo", label="Solo")  # no years, no metrics
    ex.write_tables(G, tmp_path / "j", corpus=corpus, fmt="json")
    nodes = json.loads((tmp_path / "j" / "nodes.json").read_text(encoding="utf-8"))
    assert [n["id"] for n in nodes] == ["alicesmith", "bobjones", "solo", "zoeangstrom"]
    solo = nodes[2]
    assert solo["first_year"] is None and solo["papers"] is None and solo["label"] == "Solo"
    assert nodes[0]["papers"] == 2 and nodes[0]["is_owner"] is False
    assert nodes[0]["strength"] == 3.0
    assert list(nodes[0]) == list(ex.node_table(G).columns)
    edges = json.loads((tmp_path / "j" / "edges.json").read_text(encoding="utf-8"))
    assert edges[0]["weight"] == 2 and edges[0]["fractional"] == 1.5
    papers = json.loads((tmp_path / "j" / "papers.json").read_text(encoding="utf-8"))
    assert [p["year"] for p in papers] == [2020, 2021]


def test_tables_into_a_file_or_missing_parent_are_clear_errors(tmp_path):
    G, *_ = tiny_graph()
    (tmp_path / "f").write_text("x")
    with pytest.raises(OutputError, match="it is a file"):
        ex.write_tables(G, tmp_path / "f")
    with pytest.raises(OutputError, match="does not exist"):
        ex.write_tables(G, tmp_path / "no" / "t")
    assert not (tmp_path / "no").exists()


# ------------------------------------------------------------------------------ pictures


def test_png_and_svg_pictures(tmp_path):
    G, *_ = tiny_graph()
    G.nodes["bobjones"]["label"] = "$x^2$ <b>&amp;"  # no mathtext, no markup
    png = ex.draw_network(G, tmp_path / "g.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = ex.draw_network(G, tmp_path / "g.svg", labels=1)
    root = ET.parse(svg).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    text = svg.read_text(encoding="utf-8")
    assert "<dc:date>" not in text
    again = ex.draw_network(G, tmp_path / "again.svg", labels=1)
    assert again.read_bytes() == svg.read_bytes()
    assert ex.draw_network(G, tmp_path / "p2.png").read_bytes() == png.read_bytes()


@pytest.mark.parametrize("n", [0, 1])
def test_pictures_of_empty_and_one_node_graphs(tmp_path, n):
    G = nx.Graph()
    G.add_nodes_from(range(n))
    for fmt in ("png", "svg"):
        assert ex.draw_network(G, tmp_path / f"g.{fmt}").stat().st_size > 0


def test_picture_without_matplotlib_names_the_extra(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(CollabGraphError, match=r"pip install 'collabgraph\[plot\]'"):
        ex.draw_network(nx.path_graph(2), tmp_path / "g.png")
    assert list(tmp_path.iterdir()) == []


def test_picture_needs_png_or_svg(tmp_path):
    with pytest.raises(CollabGraphError, match="png or svg"):
        ex.draw_network(nx.path_graph(2), tmp_path / "g.jpg")


# ------------------------------------------------------------------------------ edge cases


@pytest.mark.parametrize("to", ["graphml", "gexf", "csv", "json"])
def test_empty_and_one_node_graphs_export_and_read_back(tmp_path, to):
    for n in (0, 1):
        G = nx.Graph(kind="coauthor")
        G.add_nodes_from(f"n{i}" for i in range(n))
        path = tmp_path / f"{n}.{to}"
        files = ex.export_graph(G, path, to=to)
        assert all(f.is_file() for f in files)
        if to == "graphml":
            assert sorted(nx.read_graphml(path).nodes) == sorted(G.nodes)
        elif to == "gexf":
            assert sorted(nx.read_gexf(path).nodes) == sorted(G.nodes)
        elif to == "csv":
            lines = (path / "nodes.csv").read_text(encoding="utf-8").splitlines()
            assert lines == ["id,label"] + [f"n{i},n{i}" for i in range(n)]
        else:
            assert len(json.loads((path / "nodes.json").read_text(encoding="utf-8"))) == n
    assert ex.graph_note(nx.Graph()).startswith("the graph is empty")
    assert ex.graph_note(nx.empty_graph(1)) == "the graph has a single node and no edges"


@pytest.mark.parametrize("to", ["graphml", "gexf", "png", "svg"])
def test_missing_folder_is_clear_error_and_leaves_nothing(tmp_path, to):
    G, *_ = tiny_graph()
    with pytest.raises(OutputError, match="does not exist"):
        ex.export_graph(G, tmp_path / "missing" / f"g.{to}", to=to)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError):  # a "folder" that is a file
        ex.export_graph(G, blocker / f"g.{to}", to=to)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_unwritable_folder_is_clear_error(tmp_path, monkeypatch):
    """Root ignores permission bits, so the refusal mkstemp would get is simulated."""
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    G, *_ = tiny_graph()
    with pytest.raises(OutputError, match="Permission denied"):
        ex.write_graphml(G, tmp_path / "g.graphml")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0, reason="root writes into read-only folders"
)
def test_read_only_folder_for_real(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        with pytest.raises(OutputError):
            ex.write_gexf(nx.path_graph(2), ro / "g.gexf")
        assert list(ro.iterdir()) == []
    finally:
        ro.chmod(0o755)


def test_failure_mid_write_keeps_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    G, *_ = tiny_graph()
    target = tmp_path / "g.graphml"
    target.write_text("old")

    def half_then_fail(graph):
        yield "<graphml>"  # written to the temporary file, then the disk is full
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(graphml, "_graphml_chunks", half_then_fail)
    with pytest.raises(OutputError, match="No space left"):
        ex.write_graphml(G, target)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["g.graphml"]


# ------------------------------------------------------------------------------ CLI


def invoke(*args):
    return CliRunner().invoke(cli, list(args))


PROFILE = (
    "Ada Lovelace\n\nCVMay 3, 2021\nFirst & <Best> Paper\nAlan Turing, Kurt Gödel\n\n"
    'CVJan 2, 2020\nSecond "Quoted" Paper\nAlan Turing, Grace <Hopper> & Co · '
    "Bell & <Labs>\n"
)


def test_export_help_has_formats_and_example():
    res = invoke("export", "--help")
    assert res.exit_code == 0
    for word in ("--to", "--output", "--graph", "--alter", "--seed", "--size-by", "Example"):
        assert word in res.output


def test_export_command_formats(tmp_path):
    src = tmp_path / "p.txt"
    src.write_text(PROFILE, encoding="utf-8")
    res = invoke("export", str(src), "-o", str(tmp_path / "g.gexf"))
    assert res.exit_code == 0, res.output
    assert f"wrote {tmp_path / 'g.gexf'}" in res.output
    assert "coauthors: 4 nodes, 5 edges" in res.output
    H = nx.read_gexf(tmp_path / "g.gexf")
    assert H.nodes["grace<hopper>&co"]["label"] == "Grace <Hopper> & Co"
    assert H.edges["adalovelace", "alanturing"]["weight"] == 2
    res = invoke("export", str(src), "--to", "csv", "-o", str(tmp_path / "tab"), "--alter")
    assert res.exit_code == 0, res.output
    assert "coauthors: 3 nodes, 2 edges" in res.output
    assert sorted(p.name for p in (tmp_path / "tab").iterdir()) == [
        "edges.csv",
        "nodes.csv",
        "papers.csv",
    ]
    res = invoke("export", str(src), "--graph", "affiliations", "-o", str(tmp_path / "a.graphml"))
    assert res.exit_code == 0, res.output
    assert "affiliations: 4 nodes, 3 edges" in res.output
    A = nx.read_graphml(tmp_path / "a.graphml")
    assert A.nodes["inst:Bell & <Labs>"]["kind"] == "institution"
    assert sorted(A["inst:Bell & <Labs>"]) == ["adalovelace", "alanturing", "grace<hopper>&co"]


def test_export_command_one_node_and_empty(tmp_path):
    src = tmp_path / "p.txt"
    src.write_text(
        "Ada Lovelace\n\nCVMay 3, 2021\nT1\nAlan Turing, Alan Turing\n", encoding="utf-8"
    )
    res = invoke("export", str(src), "--no-owner", "-o", str(tmp_path / "one.graphml"))
    assert res.exit_code == 0, res.output
    assert "note: the graph has a single node and no edges" in res.output
    assert list(nx.read_graphml(tmp_path / "one.graphml").nodes) == ["alanturing"]
    res = invoke(
        "export",
        str(src),
        "--no-owner",
        "--from-year",
        "3000",
        "--to",
        "json",
        "-o",
        str(tmp_path / "empty"),
    )
    assert res.exit_code == 0, res.output
    assert "note: the graph is empty" in res.output
    assert json.loads((tmp_path / "empty" / "nodes.json").read_text()) == []


def test_export_command_empty_graph_with_an_owner(tmp_path):
    src = tmp_path / "p.txt"
    src.write_text(
        "Ada Lovelace\n\nCVMay 3, 2021\nT1\nAlan Turing, Alan Turing\n", encoding="utf-8"
    )
    res = CliRunner().invoke(
        cli,
        ["export", str(src), "--from-year", "3000", "-o", str(tmp_path / "e.graphml")],
        catch_exceptions=False,
    )
    assert res.exit_code == 0 and "note: the graph is empty" in res.output


def test_export_command_errors(tmp_path):
    res = invoke("export", "-o", str(tmp_path / "g.xyz"))
    assert res.exit_code == 2 and "add --to" in res.output
    res = invoke("export", "-o", str(tmp_path / "missing" / "g.graphml"))
    assert res.exit_code == 1
    assert res.output.startswith("Error: cannot write") and "does not exist" in res.output
    assert "Traceback" not in res.output
    assert not (tmp_path / "missing").exists()
