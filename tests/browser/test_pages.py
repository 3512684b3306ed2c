"""The generated pages in a real (headless) Chromium with the network blocked.

Checked on every page: no console error, no network request (Performance API), no injected
script ran (``window.__xss`` stays undefined), and the page shows exactly the graph's nodes and
links.  Then the controls: search, real mouse clicks on a node and a link, filters, the year
replay, the frozen layout, the notebook iframe and the size cap on a real 1589-node graph.
"""

from __future__ import annotations

import time
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from graph.analyse import communities
from graph.config import RunConfig
from graph.pipeline import run
from graph.render import network_payload, notebook_html, render_network_html, write_html

pytestmark = pytest.mark.browser

HERE = Path(__file__).resolve().parent.parent
FIXTURE = HERE / "data" / "render" / "profile.txt"
NETSCIENCE = HERE / "data" / "netscience" / "netscience.gml"
XSS_NAME = "<img src=x onerror=window.__xss=1>"
XSS_TITLE = "</script><script>window.__xss=2</script>"
XSS_INST = "<svg onload=window.__xss=3>"
IMG = "<imgsrc=xonerror=window__xss=1>"
BOB_TITLES = {
    "Graphs of Collaboration",
    'Tom & Jerry\'s "Quoted" <b>Bold</b> Title',
    "Networks of Networks",
}


@pytest.fixture(scope="session")
def fixture_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("fixture-out")
    return out, run(RunConfig(inputs=(FIXTURE,), out_dir=out, quiet=True))


@pytest.fixture(scope="session")
def default_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("default-out")
    return out, run(RunConfig(out_dir=out, quiet=True))


def js(driver, script: str, *args):
    return driver.execute_script(script, *args)


def open_page(driver, path: Path, *, network: bool = True) -> None:
    driver.get_log("browser")  # drop what earlier pages logged
    driver.get(path.resolve().as_uri())
    if network:
        wait_for(driver, "return !!(window.collabgraph && window.collabgraph.ready)")


def wait_for(driver, script: str, *args, timeout: float = 30.0):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(
        lambda d: d.execute_script(script, *args)
    )


def assert_clean(driver) -> None:
    """No console error, no request beyond the page itself, no injected script ran."""
    errors = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
    assert errors == []
    assert js(driver, "return performance.getEntriesByType('resource').map(e => e.name)") == []
    assert js(driver, "return typeof window.__xss") == "undefined"


def panel_text(driver) -> str:
    return driver.find_element("id", "details").text


def dom_point(driver, node_id: str) -> tuple[float, float]:
    """A node's position in CSS pixels relative to the canvas centre."""
    return tuple(
        js(
            driver,
            """
        const net = window.collabgraph.network, id = arguments[0];
        const p = net.canvasToDOM(net.getPositions([id])[id]);
        const r = net.body.container.getBoundingClientRect();
        return [p.x - r.width / 2, p.y - r.height / 2];""",
            node_id,
        )
    )


def click_at(driver, dx: float, dy: float) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    canvas = driver.find_element("css selector", "#network canvas")
    ActionChains(driver).move_to_element_with_offset(canvas, round(dx), round(dy)).click().perform()


@pytest.mark.parametrize("page", ["coauthors.html", "affiliations.html", "index.html"])
def test_fixture_pages_load_clean(driver, fixture_run, page):
    out, _ = fixture_run
    open_page(driver, out / page, network=page != "index.html")
    assert_clean(driver)


@pytest.mark.parametrize("page", ["coauthors.html", "affiliations.html", "index.html"])
def test_default_pages_load_clean(driver, default_run, page):
    out, _ = default_run
    open_page(driver, out / page, network=page != "index.html")
    assert_clean(driver)


def test_page_shows_exactly_the_graph(driver, default_run):
    out, _ = default_run
    G = nx.read_graphml(out / "coauthors.graphml")
    assert (G.number_of_nodes(), G.number_of_edges()) == (90, 211)
    open_page(driver, out / "coauthors.html")
    counts = js(
        driver,
        """const c = window.collabgraph;
        return [c.nodes.length, c.edges.length, c.visibleNodes, c.visibleEdges,
                c.network.body.nodeIndices.length, c.network.body.edgeIndices.length];""",
    )
    assert counts == [90, 211, 90, 211, 90, 211]
    assert set(js(driver, "return window.collabgraph.nodes.getIds()")) == set(G.nodes)
    assert driver.find_element("id", "counts").text == "90 of 90 authors, 211 of 211 links shown"
    A = nx.read_graphml(out / "affiliations.graphml")
    open_page(driver, out / "affiliations.html")
    assert js(
        driver, "return [window.collabgraph.nodes.length, window.collabgraph.edges.length]"
    ) == [A.number_of_nodes(), A.number_of_edges()]
    assert_clean(driver)


def test_search_finds_focuses_and_selects(driver, fixture_run, default_run):
    out, _ = fixture_run
    open_page(driver, out / "coauthors.html")
    box = driver.find_element("id", "search")
    for typed, node, name in [
        ("delieg", "adriendeliege", "Adrien Deliège"),  # no accent
        ("ORSTED", "zoeorsted", "Zoë Ørsted"),  # Ø folded to O
        ("ob buil", "bobbuilder", "Bob Builder"),
    ]:  # inside the name
        box.clear()
        box.send_keys(typed)
        assert js(driver, "return window.collabgraph.network.getSelectedNodes()") == [node]
        assert js(driver, "return window.collabgraph.selected") == node
        assert driver.find_element("css selector", "#details h2").text == name
        assert driver.find_element("id", "matches").text == "1 match"
    out, _ = default_run
    open_page(driver, out / "coauthors.html")
    box = driver.find_element("id", "search")
    box.send_keys("keyue")  # hyphen ignored: Ke-Yue Zhang
    assert js(driver, "return window.collabgraph.network.getSelectedNodes()") == ["keyuezhang"]
    box.clear()
    box.send_keys("zhang")
    n = len(
        [
            v
            for v in js(driver, "return window.collabgraph.data.nodes.map(n => n.label)")
            if "zhang" in v.lower()
        ]
    )
    assert n > 5
    assert driver.find_element("id", "matches").text == f"{n} matches"
    assert len(js(driver, "return window.collabgraph.network.getSelectedNodes()")) == n
    box.send_keys("\n")  # Enter focuses the first match
    assert len(js(driver, "return window.collabgraph.network.getSelectedNodes()")) == 1
    assert_clean(driver)


def test_real_click_on_a_node_fills_the_panel_and_highlights(driver, fixture_run):
    out, _ = fixture_run
    open_page(driver, out / "coauthors.html")
    click_at(driver, *dom_point(driver, "bobbuilder"))
    assert js(driver, "return window.collabgraph.selected") == "bobbuilder"
    assert driver.find_element("css selector", "#details h2").text == "Bob Builder"
    papers = driver.find_elements("css selector", "#details ul.papers > li > span:first-child")
    assert {p.text for p in papers} == BOB_TITLES
    collaborators = driver.find_elements("css selector", "#details ul.collaborators button")
    assert [c.text for c in collaborators] == [
        "Ada Owner",
        "Adrien Deliège",
        "Carla Chen",
        "Dan Dorf",
        "Erin Eagle",
    ]
    text = panel_text(driver)
    assert "joint papers with the owner 3 (lower bound)" in text
    links = driver.find_elements("css selector", "#details a")
    assert [a.get_attribute("href") for a in links] == ["https://github.com/example/graphs"]
    # Neighbourhood highlighted: Fay Fox is not a neighbour of Bob, Carla is.
    assert js(driver, "return window.collabgraph.nodes.get('fayfox').opacity") == 0.15
    assert js(driver, "return window.collabgraph.nodes.get('carlachen').opacity") == 1
    # A collaborator button moves the focus.
    collaborators[2].click()
    assert driver.find_element("css selector", "#details h2").text == "Carla Chen"
    # Background click clears.
    click_at(driver, *_empty_point(driver))
    assert js(driver, "return window.collabgraph.selected") is None
    assert js(driver, "return window.collabgraph.nodes.get('fayfox').opacity") == 1
    assert_clean(driver)


def _empty_point(driver) -> tuple[float, float]:
    return tuple(
        js(
            driver,
            """
        const net = window.collabgraph.network, r = net.body.container.getBoundingClientRect();
        for (let y = 10; y < r.height; y += 15) for (let x = 10; x < r.width; x += 15) {
          if (net.getNodeAt({x, y}) === undefined && net.getEdgeAt({x, y}) === undefined)
            return [x - r.width / 2, y - r.height / 2];
        }
        return null;""",
        )
    )


def test_real_click_on_a_link_lists_the_joint_papers(driver, fixture_run):
    out, _ = fixture_run
    open_page(driver, out / "coauthors.html")
    point = js(
        driver,
        """
        const c = window.collabgraph, net = c.network;
        const e = c.data.edges.find(e => e.from === 'dandorf' && e.to === 'erineagle');
        const a = net.canvasToDOM(net.getPositions(['dandorf']).dandorf);
        const b = net.canvasToDOM(net.getPositions(['erineagle']).erineagle);
        const r = net.body.container.getBoundingClientRect();
        for (const t of [0.5, 0.4, 0.6, 0.3, 0.7]) {
          const p = {x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y)};
          if (net.getNodeAt(p) === undefined && net.getEdgeAt(p) === e.id)
            return [p.x - r.width / 2, p.y - r.height / 2];
        }
        return null;""",
    )
    assert point is not None, "no free point on the Dan Dorf–Erin Eagle link"
    click_at(driver, *point)
    assert driver.find_element("css selector", "#details h2").text == "Dan Dorf — Erin Eagle"
    papers = driver.find_elements("css selector", "#details ul.papers > li > span:first-child")
    assert [p.text for p in papers] == ["Replaying Growth", "Networks of Networks"]  # newest first
    assert "2 joint papers (lower bound), 2021–2022" in panel_text(driver)
    assert_clean(driver)


def test_injected_markup_is_shown_as_text_and_never_runs(driver, fixture_run, tmp_path):
    out, res = fixture_run
    open_page(driver, out / "coauthors.html")
    js(driver, "window.collabgraph.focusNode(arguments[0])", IMG)
    assert driver.find_element("css selector", "#details h2").text == XSS_NAME
    titles = [
        p.text
        for p in driver.find_elements("css selector", "#details ul.papers > li > span:first-child")
    ]
    assert titles == [XSS_TITLE]
    assert XSS_NAME in panel_text(driver)  # in the paper's author line too
    # The hover tooltip shows the name as text.
    from selenium.webdriver.common.action_chains import ActionChains

    js(driver, "window.collabgraph.network.fit({animation: false})")
    canvas = driver.find_element("css selector", "#network canvas")
    dx, dy = dom_point(driver, IMG)
    ActionChains(driver).move_to_element_with_offset(canvas, round(dx), round(dy)).perform()
    tip = wait_for(
        driver,
        """const t = document.querySelector('.vis-tooltip');
        return t && t.style.visibility !== 'hidden' && t.textContent.includes(arguments[0])
               ? t.textContent : false;""",
        XSS_NAME,
        timeout=10,
    )
    assert tip.startswith(XSS_NAME)
    assert_clean(driver)
    # The affiliation page: an institution called <svg onload=…>.
    open_page(driver, out / "affiliations.html")
    js(driver, "window.collabgraph.focusNode(arguments[0])", "inst:" + XSS_INST)
    assert driver.find_element("css selector", "#details h2").text.startswith(XSS_INST)
    assert_clean(driver)
    # A community named by hostile text: legend and filter show it as text.
    a = res.analysis
    payload = network_payload(
        a.annotated(),
        a.metrics,
        a.partition.membership,
        a.corpus,
        owner=a.owner,
        community_labels={0: XSS_NAME, 1: XSS_TITLE},
    )
    page = write_html(tmp_path / "legend.html", render_network_html(payload))
    open_page(driver, page)
    legend = driver.find_element("id", "legend").text
    assert f"0: {XSS_NAME} (6)" in legend and f"1: {XSS_TITLE} (2)" in legend
    assert_clean(driver)
    # The report page.
    open_page(driver, out / "index.html", network=False)
    assert XSS_NAME in driver.find_element("tag name", "body").text
    assert_clean(driver)


def test_filters_and_year_replay(driver, fixture_run):
    out, _ = fixture_run
    open_page(driver, out / "coauthors.html")
    visible = "return [window.collabgraph.visibleNodes, window.collabgraph.visibleEdges]"
    set_input = """const e = document.getElementById(arguments[0]); e.value = arguments[1];
                   e.dispatchEvent(new Event(e.tagName === 'SELECT' ? 'change' : 'input'));"""
    assert js(driver, visible) == [10, 17]
    # At least 2 joint papers: the owner with Bob, Adrien, Carla, Dan, Erin, and Dan–Erin.
    js(driver, set_input, "minweight", "2")
    assert js(driver, visible) == [6, 6]
    assert js(driver, "return window.collabgraph.nodes.get('fayfox').hidden") is True
    js(driver, set_input, "minweight", "1")
    # Up to 2020: the owner, Bob and Adrien (2019), Carla (2020); their five links.
    js(driver, set_input, "year-to", "2020")
    assert js(driver, visible) == [4, 5]
    # 2021-2021 only: authors and links active that year.
    js(driver, set_input, "year-from", "2021")
    js(driver, set_input, "year-to", "2021")
    assert js(driver, visible) == [7, 10]
    driver.find_element("id", "reset").click()
    assert js(driver, visible) == [10, 17]
    js(driver, set_input, "community", "1")
    assert js(driver, visible) == [2, 1]
    driver.find_element("id", "reset").click()
    # Replay: record the shown node counts as the slider moves, year by year.
    js(
        driver,
        """window.__counts = [];
        new MutationObserver(() => window.__counts.push(window.collabgraph.visibleNodes))
          .observe(document.getElementById('counts'), {childList: true, characterData: true,
                                                       subtree: true});""",
    )
    driver.find_element("id", "play").click()
    wait_for(
        driver, "return document.getElementById('play').textContent.includes('Replay')", timeout=15
    )
    counts = [
        c
        for i, c in enumerate(js(driver, "return window.__counts"))
        if i == 0 or c != js(driver, "return window.__counts")[i - 1]
    ]
    assert counts == [3, 4, 7, 8, 10]  # 2019, 2020, 2021, 2022, 2023
    assert_clean(driver)


def test_layout_settles_then_stops(driver, fixture_run):
    out, _ = fixture_run
    open_page(driver, out / "coauthors.html")
    assert js(driver, "return window.collabgraph.network.physics.physicsEnabled") is False
    before = js(driver, "return window.collabgraph.network.getPositions()")
    time.sleep(1.0)
    assert js(driver, "return window.collabgraph.network.getPositions()") == before


def test_notebook_iframe_runs_the_page(driver, fixture_run, tmp_path):
    out, _ = fixture_run
    shown = notebook_html((out / "coauthors.html").read_text(encoding="utf-8"), height=600)
    host = tmp_path / "notebook.html"
    host.write_text(f"<!DOCTYPE html><html><body>{shown.data}</body></html>", encoding="utf-8")
    open_page(driver, host, network=False)
    driver.switch_to.frame(driver.find_element("css selector", "iframe"))
    try:
        wait_for(driver, "return !!(window.collabgraph && window.collabgraph.ready)")
        assert js(
            driver, "return [window.collabgraph.nodes.length, window.collabgraph.edges.length]"
        ) == [10, 17]
        js(driver, "window.collabgraph.focusNode('bobbuilder')")
        assert driver.find_element("css selector", "#details h2").text == "Bob Builder"
        assert js(driver, "return typeof window.__xss") == "undefined"
    finally:
        driver.switch_to.default_content()
    assert_clean(driver)


def test_size_cap_on_netscience(driver, tmp_path):
    G = nx.read_gml(NETSCIENCE)
    assert (G.number_of_nodes(), G.number_of_edges()) == (1589, 2742)
    nx.set_edge_attributes(G, 1, "weight")
    nx.set_edge_attributes(G, 1.0, "distance")
    m = pd.DataFrame({"pagerank": pd.Series(nx.pagerank(G, weight="weight"))})
    payload = network_payload(
        G, m, communities(G, seed=1).membership, max_nodes=300, title="netscience"
    )
    assert payload["meta"]["shown_nodes"] == 300
    top = m["pagerank"].sort_values(ascending=False).index[:300]
    assert {n["id"] for n in payload["nodes"]} == set(top)  # no ties at the cut here
    page = write_html(tmp_path / "netscience.html", render_network_html(payload))
    open_page(driver, page)
    shown = js(driver, "return [window.collabgraph.nodes.length, window.collabgraph.edges.length]")
    assert shown == [300, G.subgraph(top).number_of_edges()]
    note = driver.find_element("id", "notes").text
    assert "Showing 300 of 1,589 nodes: the top by pagerank" in note
    assert "--max-nodes 1589 shows every node" in note
    assert_clean(driver)


def test_report_page_links_open_offline(driver, fixture_run):
    out, _ = fixture_run
    open_page(driver, out / "index.html", network=False)
    cells = driver.find_elements("css selector", "#top-coauthors tbody tr td:nth-child(2)")
    assert [c.text for c in cells[:3]] == ["Bob Builder", "Adrien Deliège", "Carla Chen"]
    assert len(driver.find_elements("css selector", "#communities tbody tr")) == 3
    driver.find_element("link text", "coauthors.html").click()
    wait_for(driver, "return !!(window.collabgraph && window.collabgraph.ready)")
    assert js(driver, "return window.collabgraph.nodes.length") == 10
    assert_clean(driver)
