"""The render stage: page payloads, community names, the size cap, the report page, notebooks.

The fixture ``tests/data/render/profile.txt`` is a 7-paper profile of "Ada Owner" (see the
README beside it); every count asserted here was worked out by hand from that file.
"""

from __future__ import annotations

import dataclasses
import html
import json
import re
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from graph.analyse import centrality_table, communities
from graph.build import affiliation_graph, coauthor_graph
from graph.config import RunConfig
from graph.layout import layout
from graph.normalise import Corpus
from graph.pipeline import analyse_corpus, load_corpus, run
from graph.render import (
    NOTEBOOK_INLINE_LIMIT,
    _vis_assets,
    community_names,
    network_payload,
    notebook_html,
    payload_json,
    render_network_html,
    report_payload,
    show_in_notebook,
)
from graph.style import OTHER_COLOUR, PALETTE, YEAR_STOPS

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "data" / "render" / "profile.txt"
GOLDEN = HERE / "data" / "render" / "coauthors.payload.json"
XSS_NAME = "<img src=x onerror=window.__xss=1>"
XSS_TITLE = "</script><script>window.__xss=2</script>"
XSS_INST = "<svg onload=window.__xss=3>"
QUOTED_TITLE = 'Tom & Jerry\'s "Quoted" <b>Bold</b> Title'
IMG = "<imgsrc=xonerror=window__xss=1>"  # the XSS author's id (the name key)


@pytest.fixture(scope="module")
def analysis():
    cfg = RunConfig(inputs=(FIXTURE,))
    return analyse_corpus(load_corpus(cfg), cfg)


def coauthor_payload(a, **kw):
    return network_payload(
        a.annotated(), a.metrics, a.partition.membership, a.corpus, owner=a.owner, **kw
    )


def titles(payload, pids):
    return {payload["papers"][p]["title"] for p in pids}


def test_payload_counts_equal_the_graph(analysis):
    p = coauthor_payload(analysis)
    assert (len(p["nodes"]), len(p["edges"])) == (10, 17)
    assert (p["meta"]["total_nodes"], p["meta"]["total_edges"]) == (10, 17)
    assert p["meta"]["hidden_nodes"] == p["meta"]["hidden_edges"] == 0
    assert [n["id"] for n in p["nodes"]] == sorted(n["id"] for n in p["nodes"])
    assert [e["id"] for e in p["edges"]] == list(range(17))


def test_joint_papers_with_owner_hand_checked(analysis):
    p = coauthor_payload(analysis)
    joint = {n["id"]: n["joint_papers"] for n in p["nodes"]}
    assert joint == {
        "adaowner": None,
        "bobbuilder": 3,
        "adriendeliege": 2,
        "carlachen": 2,
        IMG: 1,
        "dandorf": 2,
        "erineagle": 2,
        "zoeorsted": 1,
        "fayfox": 1,
        "gusgrey": 1,
    }


def test_node_papers_years_and_paper_details(analysis):
    p = coauthor_payload(analysis)
    bob = next(n for n in p["nodes"] if n["id"] == "bobbuilder")
    assert (bob["papers"], bob["first_year"], bob["last_year"]) == (3, 2019, 2021)
    assert titles(p, bob["paper_ids"]) == {
        "Graphs of Collaboration",
        QUOTED_TITLE,
        "Networks of Networks",
    }
    by_title = {v["title"]: v for v in p["papers"].values()}
    assert by_title["Graphs of Collaboration"]["code_url"] == "https://github.com/example/graphs"
    assert by_title["Networks of Networks"]["authors"] == ["Dan Dorf", "Erin Eagle", "Bob Builder"]
    assert by_title["Networks of Networks"]["complete"] is False
    assert by_title[XSS_TITLE]["authors"] == ["Carla Chen", XSS_NAME]
    assert len(p["papers"]) == 7


def test_edge_lists_joint_papers_and_years(analysis):
    p = coauthor_payload(analysis)
    e = next(e for e in p["edges"] if (e["from"], e["to"]) == ("dandorf", "erineagle"))
    assert (e["weight"], e["first_year"], e["last_year"]) == (2, 2021, 2022)
    assert titles(p, e["papers"]) == {"Networks of Networks", "Replaying Growth"}


def test_owner_star_and_lower_bound_note(analysis):
    p = coauthor_payload(analysis)
    owner = next(n for n in p["nodes"] if n["is_owner"])
    assert (owner["id"], owner["shape"], owner["color"]) == ("adaowner", "star", "#222222")
    assert {n["shape"] for n in p["nodes"] if not n["is_owner"]} == {"dot"}
    assert p["meta"]["lower_bound"] is True
    assert p["meta"]["notes"] == [
        '1 of 7 papers list only their first authors ("et al."): counts are lower bounds.'
    ]


def test_community_legend_named_by_most_central_non_owner(analysis):
    p = coauthor_payload(analysis)
    # Louvain (seed 42) puts the owner with Bob, Adrien, Carla, Zoë and the XSS author; Bob has
    # the highest PageRank after the owner (0.134 vs 0.085).  Dan and Erin tie: by name.
    assert [(c["id"], c["name"], c["size"]) for c in p["communities"]] == [
        (0, "Bob Builder", 6),
        (1, "Dan Dorf", 2),
        (2, "Fay Fox", 2),
    ]


def test_community_names_rule_on_a_star():
    # The hub owns the largest PageRank but must not name its community.
    G = nx.star_graph(4)
    G.add_edge(1, 5)
    nx.set_node_attributes(G, {n: f"n{n}" for n in G}, "label")
    G.nodes[0]["is_owner"] = True
    nx.set_edge_attributes(G, 1, "weight")
    m = centrality_table(G)
    assert m["pagerank"].idxmax() == 0
    assert community_names(G, m, dict.fromkeys(G, 0)) == {0: "n1"}
    assert community_names(G, m, {0: 0, 5: 1}) == {0: "n0", 1: "n5"}  # owner alone: owner


def test_size_cap_keeps_owner_and_top_nodes_and_says_so(analysis):
    p = coauthor_payload(analysis, max_nodes=4)
    shown = {n["id"] for n in p["nodes"]}
    # PageRank order after the owner: Bob 0.134, then Dan and Erin 0.097 (tie).
    assert shown == {"adaowner", "bobbuilder", "dandorf", "erineagle"}
    assert all(e["from"] in shown and e["to"] in shown for e in p["edges"])
    # adaowner-bob, -dan, -erin, bob-dan, bob-erin, dan-erin
    assert len(p["edges"]) == 6
    m = p["meta"]
    assert (m["shown_nodes"], m["hidden_nodes"], m["hidden_edges"]) == (4, 6, 11)
    assert (
        "Showing 4 of 10 nodes: the top by pagerank (pagerank ≥ 0.09742) and the owner. "
        "Left out: 6 nodes and 11 links. To show more, run again with --max-nodes N "
        "(--max-nodes 10 shows every node)."
    ) in m["notes"]


def test_pages_run_no_physics(analysis, monkeypatch):
    # Positions are final (computed in Python); vis-network only keeps the view.
    monkeypatch.setattr(
        "graph.render.layout_edges",
        lambda nodes, rows, cols, weights, **kw: dict.fromkeys(nodes, (0.0, 0.0)),
    )
    G = nx.gnm_random_graph(700, 1400, seed=1)
    nx.set_edge_attributes(G, 1, "weight")
    m = pd.DataFrame({"pagerank": pd.Series(nx.pagerank(G))})
    for p in (network_payload(G, m, {}, max_nodes=650), coauthor_payload(analysis)):
        assert p["options"]["physics"] == {"enabled": False}
        assert p["options"]["interaction"]["dragNodes"] is False  # nodes stay where laid out


def test_same_input_same_payload(analysis):
    a = payload_json(coauthor_payload(analysis, seed=7))
    b = payload_json(coauthor_payload(analysis, seed=7))
    assert a == b
    # Insertion order of the graph does not matter either.
    G = analysis.annotated()
    H = nx.Graph()
    H.graph.update(G.graph)
    H.add_nodes_from(reversed(list(G.nodes(data=True))))
    H.add_edges_from(reversed(list(G.edges(data=True))))
    c = payload_json(
        network_payload(
            H,
            analysis.metrics,
            analysis.partition.membership,
            analysis.corpus,
            owner=analysis.owner,
            seed=7,
        )
    )
    assert c == a
    assert payload_json(coauthor_payload(analysis, seed=8)) != a  # the seed is used


def test_layout_is_seeded_and_spread():
    G = nx.karate_club_graph()
    p1, p2 = layout(G, seed=3), layout(G, seed=3)
    assert p1 == p2 and set(p1) == set(G)
    xs = [x for x, _ in p1.values()]
    assert max(xs) - min(xs) > 100  # scaled to page coordinates, not the unit square


def _strip_positions(payload: dict) -> dict:
    # Positions come from an iterative float layout (tested for determinism above); golden
    # files pin the data, not the last digit of a numerical optimiser.
    out = json.loads(payload_json(payload))
    for n in out["nodes"]:
        n.pop("x"), n.pop("y")
    return out


def test_payload_golden(analysis):
    got = _strip_positions(coauthor_payload(analysis))
    text = json.dumps(got, sort_keys=True, ensure_ascii=False, indent=1) + "\n"
    if not GOLDEN.exists():  # pragma: no cover - regenerate by deleting the file
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_html_keeps_every_string_inside_json(analysis):
    payload = coauthor_payload(analysis)
    page = render_network_html(payload)
    # Our three script elements, plus one "<script>" string inside vis-network's own code; no
    # injected tag survives as markup.
    vis_js = _vis_assets()[0]
    assert len(re.findall(r"<script\b", page)) == 3 + len(re.findall(r"<script\b", vis_js))
    assert "window.__xss" in page  # present, but only as escaped JSON text
    for raw in (XSS_NAME, XSS_TITLE, XSS_INST, "<b>Bold</b>"):
        assert raw not in page
    data = re.search(
        r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S
    ).group(1)
    assert json.loads(data) == json.loads(json.dumps(payload))
    # No external script, stylesheet, image or font (the CSP forbids them anyway).
    assert not re.search(r"""url\((?!["']?data:)""", page)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)


def test_affiliation_page_payload(analysis):
    corpus, G = analysis.corpus, analysis.annotated()
    A = affiliation_graph(corpus)
    p = network_payload(
        A,
        centrality_table(A),
        analysis.partition.membership,
        corpus,
        size_by="papers",
        owner=analysis.owner,
        coauthors=G,
        title="Affiliation network",
    )
    nodes = {n["id"]: n for n in p["nodes"]}
    insts = {n["label"]: n for n in p["nodes"] if n["kind"] == "institution"}
    assert set(insts) == {"lab-a", "lab-b", XSS_INST}
    assert {n["shape"] for n in insts.values()} == {"square"}
    assert (
        insts["lab-a"]["papers"],
        insts["lab-a"]["first_year"],
        insts["lab-a"]["last_year"],
    ) == (2, 2019, 2020)
    assert titles(p, insts["lab-b"]["paper_ids"]) == {QUOTED_TITLE, "Networks of Networks"}
    # Bob: lab-a (P1, P2) and lab-b (P2, P4); joint papers read from the co-author graph.
    bob = nodes["bobbuilder"]
    assert (bob["papers"], bob["joint_papers"], bob["first_year"]) == (3, 3, 2019)
    assert bob["color"] == next(c["color"] for c in p["communities"] if c["id"] == 0)
    assert p["meta"]["edge_label"] == "papers"
    assert (p["meta"]["authors"], p["meta"]["institutions"]) == (A.number_of_nodes() - 3, 3)
    assert all(c["id"] >= 0 for c in p["communities"])  # institutions are no community


def test_payload_without_corpus_lists_ids_only():
    G = nx.Graph()
    G.add_edge("a", "b", weight=2, papers="p1;p2")
    p = network_payload(G, pd.DataFrame(index=["a", "b"]), {})
    assert p["papers"] == {} and p["edges"][0]["papers"] == ["p1", "p2"]
    assert p["nodes"][0]["paper_ids"] == ["p1", "p2"]  # from its edges
    assert p["communities"] == [
        {
            "id": -1,
            "name": "no community",
            "size": 2,
            "shown": 2,
            "color": OTHER_COLOUR,
            "listed": False,
        }
    ]
    assert p["meta"]["years"] is None


def test_report_payload_hand_checked(analysis):
    a = analysis
    r = report_payload(
        a.corpus,
        a.annotated(),
        a.ranking,
        a.partition.membership,
        a.metrics,
        owner=a.owner,
        modularity=a.partition.modularity,
        method="louvain",
        top_n=3,
        files=[Path("out/coauthors.html"), Path("out/x.gexf")],
    )
    s = r["summary"]
    assert (s["owner"], s["papers_read"], s["papers_claimed"], s["years"]) == (
        "Ada Owner",
        7,
        9,
        [2019, 2023],
    )
    assert (s["authors"], s["edges"], s["coauthors"], s["communities"]) == (10, 17, 9, 3)
    assert (s["incomplete_papers"], s["records_skipped"]) == (1, 0)
    assert [(t["name"], t["joint_papers"], t["years"]) for t in r["top"]] == [
        ("Bob Builder", 3, "2019–2021"),
        ("Adrien Deliège", 2, "2019–2022"),
        ("Carla Chen", 2, "2020–2021"),
    ]
    assert r["top"][0]["community_name"] == "Bob Builder"
    c0 = r["communities"][0]
    # Papers of Bob, Adrien, Carla, Zoë and the XSS author: P1, P2, P3, P4, P6.
    assert (c0["name"], c0["size"], c0["papers"], c0["members"][:2]) == (
        "Bob Builder",
        6,
        5,
        ["Ada Owner", "Bob Builder"],
    )
    # bob-adrien, bob-ada, adrien-ada, bob-carla, carla-ada, carla-img, img-ada, adrien-zoe,
    # zoe-ada
    assert c0["links"] == 9
    assert sum(c["size"] for c in r["communities"]) == 10
    assert [f["href"] for f in r["files"]] == ["./coauthors.html", "./x.gexf"]
    assert r["files"][1]["note"] == "graph for Gephi (GEXF)"
    assert r["notes"][0].startswith("The inputs claim 9 papers; only 7 are listed")


def test_report_page_escapes_and_runs_no_script(tmp_path):
    res = run(RunConfig(inputs=(FIXTURE,), out_dir=tmp_path, quiet=True))
    # The page comes after every file it links; the manifest, which hashes the page, last.
    assert res.files[-2:] == [tmp_path / "index.html", tmp_path / "manifest.json"]
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "<script" not in page.lower() and "http" not in page.replace("http-equiv", "")
    assert html.escape(XSS_NAME) in page and XSS_NAME not in page
    for name in ("coauthors.html", "affiliations.html", "coauthors.graphml", "coauthors.csv"):
        assert f'href="./{name}"' in page
    rows = re.findall(
        r"<tr><td class=\"num\">(\d+)</td><td>(.*?)</td><td class=\"num\">(\d+)", page
    )
    assert rows[:3] == [
        ("1", "Bob Builder", "3"),
        ("2", "Adrien Deliège", "2"),
        ("3", "Carla Chen", "2"),
    ]


def test_notebook_iframe_holds_the_page(analysis):
    page = render_network_html(coauthor_payload(analysis))
    shown = notebook_html(page, height=500)
    markup = getattr(shown, "data", shown)
    m = re.fullmatch(
        r'<div class="collabgraph"><iframe srcdoc="([^"]*)" '
        r'style="[^"]*height:500px;[^"]*" '
        r'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox allow-downloads">'
        r"</iframe></div>",
        markup,
        re.S,
    )
    assert m and html.unescape(m.group(1)) == page
    assert hasattr(shown, "_repr_html_")  # IPython comes with pyvis: displays as a cell result


def test_show_in_notebook_accepts_payload_page_or_path(analysis, tmp_path):
    payload = coauthor_payload(analysis)
    page = render_network_html(payload)
    (tmp_path / "p.html").write_text(page, encoding="utf-8")
    expected = getattr(notebook_html(page), "data", None)
    for source in (payload, page, tmp_path / "p.html", str(tmp_path / "p.html")):
        assert getattr(show_in_notebook(source), "data", None) == expected


def test_coauthor_graph_of_fixture_is_what_the_payload_shows():
    corpus = load_corpus(RunConfig(inputs=(FIXTURE,)))
    G = coauthor_graph(corpus)
    m = centrality_table(G)
    p = network_payload(G, m, communities(G).membership, corpus)
    assert {(e["from"], e["to"]) for e in p["edges"]} == {
        tuple(sorted((str(u), str(v)))) for u, v in G.edges
    }


def test_nodes_are_sized_by_the_chosen_metric():
    G = nx.path_graph(3)
    nx.set_edge_attributes(G, 1, "weight")
    nx.set_edge_attributes(G, 1.0, "distance")
    p = network_payload(G, centrality_table(G), {}, size_by="betweenness")
    assert [n["size"] for n in p["nodes"]] == [8.0, 40.0, 8.0]


def test_large_layout_packs_many_components_into_a_roughly_square_area():
    import networkx as nx

    from graph.layout import SPRING_LIMIT, layout

    # 300 triangles (900 nodes > SPRING_LIMIT): shelves used to be as wide as one triangle,
    # stacking every component into one tall column.
    G = nx.disjoint_union_all([nx.cycle_graph(3) for _ in range(300)])
    assert G.number_of_nodes() > SPRING_LIMIT
    pos = layout(G, seed=1)
    xs, ys = zip(*pos.values(), strict=True)
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    assert 0.4 < width / height < 2.5


def test_capped_institution_lists_the_papers_of_its_shown_links():
    # With the size cap on, an institution's paper list comes from its links to shown authors
    # (its links to hidden authors would pull in the whole corpus); "papers" stays its total.
    A = nx.Graph(kind="affiliation")
    A.add_node("inst:x", label="X", kind="institution", papers=3)
    A.add_node("inst:y", label="Aalto", kind="institution", papers=1)  # wins the tie
    for aid, n in (("ann", 3), ("bob", 1), ("cy", 1)):
        A.add_node(aid, label=aid.title(), kind="author", papers=n)
    A.add_edge("ann", "inst:x", weight=2, papers="P1;P2")
    A.add_edge("bob", "inst:x", weight=1, papers="P3")
    A.add_edge("cy", "inst:x", weight=1, papers="P4")
    A.add_edge("ann", "inst:y", weight=1, papers="P5")
    p = network_payload(A, pd.DataFrame(index=list(A)), {}, size_by="papers", max_nodes=3)
    nodes = {n["id"]: n for n in p["nodes"]}
    assert set(nodes) == {"ann", "inst:x", "inst:y"}
    assert (nodes["inst:x"]["paper_ids"], nodes["inst:x"]["papers"]) == (["P1", "P2"], 3)
    # ... while its years span all its papers.
    ids = ["P1", "P2", "P3", "P4", "P5"]
    corpus = Corpus(
        papers=pd.DataFrame(
            {
                "paper_id": ids,
                "title": ids,
                "year": [2019, 2020, 2017, 2022, 2018],
                "date": "",
                "code_url": "",
                "authors_complete": True,
            }
        ),
        authorships=pd.DataFrame({"paper_id": ids, "name": "Ann", "position": 1, "listed": True}),
        affiliations=pd.DataFrame(),
    )
    x = next(
        n
        for n in network_payload(
            A, pd.DataFrame(index=list(A)), {}, corpus, size_by="papers", max_nodes=3
        )["nodes"]
        if n["id"] == "inst:x"
    )
    assert (x["first_year"], x["last_year"]) == (2017, 2022)
    # Authors keep every paper of their links, shown or not (here all are shown).
    assert nodes["ann"]["paper_ids"] == ["P1", "P2", "P5"]
    # Nothing hidden: the whole list, as before.
    whole = network_payload(A, pd.DataFrame(index=list(A)), {}, size_by="papers")
    assert next(n for n in whole["nodes"] if n["id"] == "inst:x")["paper_ids"] == [
        "P1",
        "P2",
        "P3",
        "P4",
    ]


def test_size_cap_ranks_ties_by_label_then_id():
    # 30 nodes with 3 distinct scores: the cut falls inside a tie, broken by label then id,
    # exactly as ranking every node would (the page sorts only the candidates).
    G = nx.Graph()
    G.add_nodes_from(range(30))
    G.add_edges_from((i, i + 1) for i in range(29))
    nx.set_node_attributes(G, {i: f"n{(i * 7) % 30:02d}" for i in range(30)}, "label")
    m = pd.DataFrame({"pagerank": [float(i % 3) for i in range(30)]}, index=range(30))
    p = network_payload(G, m, {}, max_nodes=14)
    ranked = sorted(G, key=lambda n: (-m.loc[n, "pagerank"], G.nodes[n]["label"], str(n)))
    assert {n["id"] for n in p["nodes"]} == {str(n) for n in ranked[:14]}
    assert [n["id"] for n in p["nodes"]] == sorted(str(n) for n in ranked[:14])
    assert {(e["from"], e["to"]) for e in p["edges"]} == {
        tuple(sorted((str(u), str(v)))) for u, v in G.subgraph(ranked[:14]).edges
    }


@pytest.mark.parametrize("n", [40, 600])
def test_payload_positions_are_the_layout_of_the_shown_subgraph(n):
    G = nx.gnm_random_graph(n + 50, 3 * n, seed=4)
    nx.set_edge_attributes(G, 2, "weight")
    m = pd.DataFrame({"pagerank": pd.Series(nx.pagerank(G))})
    membership = communities(G, seed=1).membership
    p = network_payload(G, m, membership, max_nodes=n, seed=5)
    H = G.subgraph(int(x["id"]) for x in p["nodes"])
    radii = {int(x["id"]): x["size"] for x in p["nodes"]}
    pos = layout(
        H,
        seed=5,
        scale=1000.0 * max(1.0, (n / 150) ** 0.5),
        groups=membership,
        radii=radii,
    )
    assert {x["id"]: (x["x"], x["y"]) for x in p["nodes"]} == {str(k): v for k, v in pos.items()}


def test_paper_authors_follow_position_whatever_the_table_order(analysis):
    corpus = analysis.corpus
    shuffled = dataclasses.replace(
        corpus, authorships=corpus.authorships.sample(frac=1.0, random_state=3)
    )
    a = network_payload(
        analysis.annotated(),
        analysis.metrics,
        analysis.partition.membership,
        corpus,
        owner=analysis.owner,
    )
    b = network_payload(
        analysis.annotated(),
        analysis.metrics,
        analysis.partition.membership,
        shuffled,
        owner=analysis.owner,
    )
    assert a["papers"] == b["papers"]
    expected = {
        pid: g.sort_values("position")["name"].tolist()
        for pid, g in corpus.authorships[corpus.authorships["listed"]].groupby("paper_id")
    }
    assert {k: v["authors"] for k, v in a["papers"].items()} == expected


def test_report_communities_count_links_and_papers_inside():
    G = nx.gnm_random_graph(60, 150, seed=2)
    nx.set_node_attributes(G, {n: f"P{n};P{n % 7}" for n in G}, "paper_ids")
    nx.set_node_attributes(G, {n: f"a{n:02d}" for n in G}, "label")
    G.nodes[0]["is_owner"] = True
    G.add_edge(5, 5)  # a self-loop counts as one link inside
    membership = {n: n % 4 for n in G if n != 59}  # node 59: no community
    m = pd.DataFrame({"pagerank": pd.Series(nx.pagerank(G))})
    corpus = load_corpus(RunConfig(inputs=(FIXTURE,)))
    r = report_payload(corpus, G, pd.DataFrame(columns=["rank"]), membership, m, owner=0)
    by_id = {c["id"]: c for c in r["communities"]}
    assert sorted(by_id) == [0, 1, 2, 3]  # node 59, in no community, is in "1 more"
    assert (r["more_communities"]["count"], r["more_communities"]["authors"]) == (1, 1)
    for cid, c in by_id.items():
        members = [n for n in G if membership.get(n, -1) == cid]
        assert c["size"] == len(members)
        assert c["links"] == G.subgraph(members).number_of_edges()
        assert c["papers"] == len(
            {p for n in members if n != 0 for p in G.nodes[n]["paper_ids"].split(";")}
        )
        top = sorted(members, key=lambda n: (-m.loc[n, "pagerank"], G.nodes[n]["label"]))
        assert c["members"] == [G.nodes[n]["label"] for n in top[:6]]
    assert r["summary"]["edges"] == G.number_of_edges()


# ---- issue 15: colours, years, links, search keys, affiliation counts, no-owner reports ----


def test_mean_year_and_year_colour_hand_checked(analysis):
    p = coauthor_payload(analysis)
    nodes = {n["label"]: n for n in p["nodes"]}
    # Bob: 2019, 2020, 2021; Adrien: 2019, 2022; the owner: all 7 papers (14,148 / 7).
    assert nodes["Bob Builder"]["mean_year"] == 2020.0
    assert nodes["Adrien Deliège"]["mean_year"] == 2020.5
    assert nodes["Ada Owner"]["mean_year"] == 2021.1
    # The scale spans the mean years shown: Bob (2020.0) to Fay and Gus (2023, one paper).
    assert p["meta"]["year_scale"] == {"min": 2020, "max": 2023, "stops": list(YEAR_STOPS)}
    assert nodes["Bob Builder"]["year_color"] == YEAR_STOPS[0]
    assert nodes["Fay Fox"]["year_color"] == YEAR_STOPS[-1]


def test_the_twelve_largest_shown_communities_get_distinct_colours():
    # 15 cliques of sizes 16, 15, ..., 2: communities 0..14 by size.
    G = nx.disjoint_union_all([nx.complete_graph(k) for k in range(16, 1, -1)])
    nx.set_edge_attributes(G, 1, "weight")
    membership, start = {}, 0
    for c, k in enumerate(range(16, 1, -1)):
        membership.update({n: c for n in range(start, start + k)})
        start += k
    m = pd.DataFrame({"pagerank": pd.Series(nx.pagerank(G))})
    p = network_payload(G, m, membership)
    colour = {c["id"]: c["color"] for c in p["communities"]}
    assert [colour[c] for c in range(12)] == list(PALETTE)
    assert {colour[c] for c in (12, 13, 14)} == {OTHER_COLOUR}
    assert [c["listed"] for c in p["communities"]] == [True] * 12 + [False] * 3
    assert all(n["color"] == colour[n["community"]] for n in p["nodes"])
    # The ranking is by authors *shown*: with the size cap, community 0 (16 authors, 5 shown
    # here) can fall behind; the shown ranking decides the colours.
    m2 = m.copy()
    m2.loc[list(range(5, 16)), "pagerank"] = 0.0
    capped = network_payload(G, m2, membership, max_nodes=G.number_of_nodes() - 11)
    shown = {c["id"]: c["shown"] for c in capped["communities"]}
    assert shown[0] == 5
    top12 = sorted(shown, key=lambda c: (-shown[c], c))[:12]
    assert {c["id"] for c in capped["communities"] if c["listed"]} == set(top12)
    # Colours passed in (the co-author page's, on the affiliation page) win.
    given = network_payload(G, m, membership, colours={3: "#123456"})
    assert {c["id"]: c["color"] for c in given["communities"]}[3] == "#123456"
    assert {c["id"]: c["color"] for c in given["communities"]}[0] == OTHER_COLOUR


def _doi_corpus(**columns):
    ids = ["P1", "P2", "P3"]
    papers = {
        "paper_id": ids,
        "title": ["One", "Two", "Three"],
        "year": [2020, 2021, 2022],
        "date": "",
        "code_url": ["", "https://github.com/o/r", ""],
        "authors_complete": True,
        **columns,
    }
    return Corpus(
        papers=pd.DataFrame(papers),
        authorships=pd.DataFrame({"paper_id": ids, "name": "Ann", "position": 1, "listed": True}),
        affiliations=pd.DataFrame(),
    )


def test_papers_carry_doi_venue_and_url():
    G = nx.Graph()
    G.add_edge("ann", "bob", weight=3, papers="P1;P2;P3")
    corpus = _doi_corpus(
        doi=["https://doi.org/10.1103/PhysRevE.74.036104", "10.1000/xyz<1>", "n/a"],
        venue=["Phys. Rev. E", "", None],
        url=["https://example.org/p1", "javascript:alert(1)", "http://x.org/a b"],
    )
    p = network_payload(G, pd.DataFrame(index=["ann", "bob"]), {}, corpus)
    got = {k: (v["doi"], v["venue"], v["url"]) for k, v in p["papers"].items()}
    assert got == {
        "P1": ("10.1103/PhysRevE.74.036104", "Phys. Rev. E", "https://example.org/p1"),
        "P2": ("10.1000/xyz<1>", "", ""),  # the page escapes it; a javascript: URL is dropped
        "P3": ("", "", ""),  # "n/a" is no DOI; a URL with a space is no URL
    }
    # Without the optional columns: empty strings, never a crash.
    bare = network_payload(G, pd.DataFrame(index=["ann", "bob"]), {}, _doi_corpus())
    assert {(v["doi"], v["venue"], v["url"]) for v in bare["papers"].values()} == {("", "", "")}


def test_search_keys_fold_like_the_page():
    from graph.render import search_key

    assert [search_key(s) for s in ("Zoë Ørsted", "Łukasz Gößmann", "ÆSIR", "Ke-Yue")] == [
        "zoe orsted",
        "lukasz gossmann",
        "aesir",
        "ke-yue",
    ]


def test_affiliation_page_counts_authors_without_any_affiliation(analysis):
    corpus, G = analysis.corpus, analysis.annotated()
    A = affiliation_graph(corpus)
    p = network_payload(
        A,
        centrality_table(A),
        analysis.partition.membership,
        corpus,
        size_by="papers",
        owner=analysis.owner,
        coauthors=G,
    )
    # 9 co-authors; tags on P1-P4 name Bob, Adrien, Carla, the <img> author, Dan and Erin;
    # Zoë, Fay and Gus have none.
    assert p["meta"]["affiliated"] == {"authors": 9, "with": 6, "without": 3}
    assert (
        "3 of 9 authors have no affiliation in the inputs and are not on this page."
        in (p["meta"]["notes"])
    )
    # The co-author page says nothing of the kind.
    assert coauthor_payload(analysis)["meta"]["affiliated"] is None


def test_run_gives_every_page_the_co_author_pages_colours(tmp_path):
    run(RunConfig(inputs=(FIXTURE,), out_dir=tmp_path, quiet=True))
    pages = {}
    for name in ("coauthors", "affiliations"):
        page = (tmp_path / f"{name}.html").read_text(encoding="utf-8")
        data = re.search(r'id="graph-data">(.*?)</script>', page, re.S).group(1)
        pages[name] = json.loads(data)
    colours = {c["id"]: c["color"] for c in pages["coauthors"]["communities"]}
    for n in pages["affiliations"]["nodes"]:
        if n["kind"] == "author" and not n["is_owner"]:
            assert n["color"] == colours[n["community"]]
    report = (tmp_path / "index.html").read_text(encoding="utf-8")
    for cid, colour in colours.items():
        assert f'background: {colour}"></span>{cid}</td>' in report


def test_report_without_owner_has_no_owner_parts_and_says_how_many_more(tmp_path):
    from bench.synth import synth_records, write_profile

    corpus = write_profile(synth_records(1200, seed=3), tmp_path / "corpus.txt")
    res = run(
        RunConfig(inputs=(corpus,), out_dir=tmp_path / "out", quiet=True, include_owner=False)
    )
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    G = res.analysis.coauthors
    assert G.number_of_nodes() >= 1000  # thousands separators below
    assert "profile owner" not in page and "Synthetic Corpus" not in page
    assert "Top co-authors" not in page and "joint papers" not in page
    assert 'id="top-authors"' in page and "Most productive authors" in page
    assert f'>{G.number_of_nodes():,}</div><div class="k">authors' in page
    assert f'>{G.number_of_edges():,}</div><div class="k">co-author links' in page
    rows = re.findall(r'<tr><td class="num"><span class="swatch"', page)
    n_comm = res.analysis.partition.count
    assert n_comm > 12 and len(rows) == 12
    sizes = sorted(
        pd.Series(res.analysis.partition.membership).value_counts().tolist(), reverse=True
    )
    more = re.search(r"(\d[\d,]*) more communities \(([\d,]+) authors\)", page)
    assert more and int(more.group(1).replace(",", "")) == n_comm - 12
    assert int(more.group(2).replace(",", "")) == sum(sizes[12:])


def test_big_pages_are_shown_from_their_file_in_jupyter(analysis, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    page = render_network_html(coauthor_payload(analysis))
    (tmp_path / "out").mkdir()
    path = tmp_path / "out" / "co authors.html"
    path.write_text(page, encoding="utf-8")
    small = getattr(show_in_notebook(path), "data", "")
    assert "srcdoc=" in small  # under the limit: inlined
    big = getattr(show_in_notebook(path, inline_limit=1000), "data", "")
    assert 'src="out/co%20authors.html"' in big and "srcdoc" not in big
    # A page given as HTML is written beside the notebook first.
    shown = getattr(show_in_notebook(page, inline_limit=1000), "data", "")
    name = re.search(r'src="(collabgraph-[0-9a-f]{12}\.html)"', shown).group(1)
    assert (tmp_path / name).read_text(encoding="utf-8") == page
    assert NOTEBOOK_INLINE_LIMIT == 2_000_000


def test_layout_separates_planted_communities_and_centres_hubs():
    from bench.picture import silhouette

    # 8 planted groups of 25 (dense inside, sparse across) and one hub linked to everyone.
    G = nx.planted_partition_graph(8, 25, 0.3, 0.01, seed=3)
    groups = {n: n // 25 for n in G}
    G.add_edges_from(("hub", n) for n in range(200))
    pos = layout(G, seed=1, groups={**groups, "hub": 0}, hubs=["hub"])
    xy = [pos[n] for n in range(200)]
    assert silhouette(xy, [groups[n] for n in range(200)]) > 0.4  # 0.50 when written
    # The hub sits in the middle of the groups (within 2% of the drawing's half-width).
    cx = sum(x for x, _ in xy) / 200
    cy = sum(y for _, y in xy) / 200
    assert abs(pos["hub"][0] - cx) < 20 and abs(pos["hub"][1] - cy) < 20
    # A plain spring layout of the same graph mixes the groups far more.
    plain = nx.spring_layout(G, seed=1)
    assert silhouette([plain[n] for n in range(200)], [groups[n] for n in range(200)]) < 0.3


def test_layout_gives_the_giant_component_most_of_the_drawing():
    from bench.picture import giant_bbox_share

    # A 300-node giant and 150 pairs: packed tightly, the pairs leave the giant >= 60%.
    G = nx.disjoint_union(
        nx.connected_watts_strogatz_graph(300, 6, 0.1, seed=2),
        nx.disjoint_union_all([nx.path_graph(2) for _ in range(150)]),
    )
    pos = layout(G, seed=1)
    payload = {
        "nodes": [{"id": n, "x": pos[n][0], "y": pos[n][1]} for n in G],
        "edges": [{"from": u, "to": v} for u, v in G.edges],
    }
    assert giant_bbox_share(payload) >= 0.6
    # Same graph, other insertion order: same picture.
    H = nx.Graph()
    H.add_nodes_from(reversed(list(G.nodes)))
    H.add_edges_from(reversed(list(G.edges)))
    assert layout(H, seed=1) == pos


def test_layout_moves_overlapping_nodes_apart():
    G = nx.complete_graph(30)
    radii = dict.fromkeys(G, 120.0)  # discs far larger than the spacing
    pos = layout(G, seed=1, radii=radii)
    import itertools
    import math

    gaps = [math.dist(pos[a], pos[b]) - 240.0 for a, b in itertools.combinations(G, 2)]
    assert min(gaps) > -5.0  # within rounding of touching, after at most 30 sweeps


def test_layout_is_the_same_whatever_else_drew_random_numbers():
    import random

    # Groups of 80 go through igraph's Fruchterman-Reingold (when installed), which draws from
    # igraph's generator even from given starting points.
    G = nx.planted_partition_graph(4, 80, 0.2, 0.02, seed=1)
    groups = {n: n // 80 for n in G}
    first = layout(G, seed=2, groups=groups)
    random.seed(99)
    random.random()
    state = random.getstate()
    assert layout(G, seed=2, groups=groups) == first
    assert random.getstate() == state  # and the layout leaves Python's generator alone
