"""The generated pages in a real (headless) Chromium with the network blocked.

Checked on every page: no console error, no network request (Performance API), no injected
script ran (``window.__xss`` stays undefined), and the page shows exactly the graph's nodes and
links.  Then the controls: search, real mouse clicks on a node and a link, filters, the year
replay, the fixed layout, the notebook iframe and the size cap on a real 1589-node graph; and
issue 15's: labels never overlap (first paint, zoomed in, a selection), the view in the address
round-trips, no sideways scrolling at 420 px, DOI and venue in the panel, colour by year, Fit
apart from Reset, the community filter zooming, the PNG picture.
"""

from __future__ import annotations

import time
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from graph.analyse import communities
from graph.config import RunConfig
from graph.normalise import Corpus
from graph.pipeline import run
from graph.render import network_payload, notebook_html, render_network_html, write_html

pytestmark = pytest.mark.browser

HERE = Path(__file__).resolve().parent.parent
FIXTURE = HERE / "data" / "render" / "profile.txt"
NETSCIENCE = HERE / "data" / "netscience" / "netscience.gml"
FORMATS = HERE / "data" / "formats"
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
        const c = window.collabgraph, p = c.toDOM(arguments[0]);
        const r = c.network.body.container.getBoundingClientRect();
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
        return [c.nodeCount, c.edgeCount, c.visibleNodes, c.visibleEdges];""",
    )
    assert counts == [90, 211, 90, 211]
    ids = js(driver, "return window.collabgraph.data.nodes.map(n => n.id)")
    assert set(ids) == set(G.nodes) and all(js(driver, SHOWN_ALL, ids))
    links = js(driver, "return window.collabgraph.data.edges.map(e => [e.from, e.to])")
    assert {frozenset(e) for e in links} == {frozenset(e) for e in G.edges}
    assert driver.find_element("id", "counts").text == "90 of 90 authors, 211 of 211 links shown"
    A = nx.read_graphml(out / "affiliations.graphml")
    open_page(driver, out / "affiliations.html")
    assert js(driver, "return [window.collabgraph.nodeCount, window.collabgraph.edgeCount]") == [
        A.number_of_nodes(),
        A.number_of_edges(),
    ]
    assert_clean(driver)


SHOWN_ALL = "return arguments[0].map(id => window.collabgraph.isShown(id))"


def type_into(driver, element_id: str, text: str, *, clear: bool = True) -> None:
    box = driver.find_element("id", element_id)
    if clear:
        box.clear()
    box.send_keys(text)
    # The search runs once typing pauses (debounced): wait until it has.
    wait_for(
        driver,
        "return document.getElementById('matches').textContent !== '' || "
        "arguments[0].trim() === ''",
        text,
        timeout=5,
    )
    time.sleep(0.3)


def test_search_finds_focuses_and_selects(driver, fixture_run, default_run):
    out, _ = fixture_run
    open_page(driver, out / "coauthors.html")
    for typed, node, name in [
        ("delieg", "adriendeliege", "Adrien Deliège"),  # no accent
        ("ORSTED", "zoeorsted", "Zoë Ørsted"),  # Ø folded to O
        ("ob buil", "bobbuilder", "Bob Builder"),
    ]:  # inside the name
        type_into(driver, "search", typed)
        assert js(driver, "return window.collabgraph.selectedNodes()") == [node]
        assert js(driver, "return window.collabgraph.selected") == node
        assert driver.find_element("css selector", "#details h2").text == name
        assert driver.find_element("id", "matches").text == "1 match"
    out, _ = default_run
    open_page(driver, out / "coauthors.html")
    type_into(driver, "search", "keyue")  # hyphen ignored: Ke-Yue Zhang
    assert js(driver, "return window.collabgraph.selectedNodes()") == ["keyuezhang"]
    type_into(driver, "search", "zhang")
    n = len(
        [
            v
            for v in js(driver, "return window.collabgraph.data.nodes.map(n => n.label)")
            if "zhang" in v.lower()
        ]
    )
    assert n > 5
    assert driver.find_element("id", "matches").text == f"{n} matches"
    assert len(js(driver, "return window.collabgraph.selectedNodes()")) == n
    driver.find_element("id", "search").send_keys("\n")  # Enter focuses the first match
    assert len(js(driver, "return window.collabgraph.selectedNodes()")) == 1
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
    assert {a.get_attribute("target") for a in links} == {"_blank"}
    # Neighbourhood highlighted: Fay Fox is not a neighbour of Bob, Carla is.
    assert js(driver, "return window.collabgraph.isFaded('fayfox')") is True
    assert js(driver, "return window.collabgraph.isFaded('carlachen')") is False
    # A collaborator button moves the focus.
    collaborators[2].click()
    assert driver.find_element("css selector", "#details h2").text == "Carla Chen"
    # Background click clears.
    click_at(driver, *_empty_point(driver))
    assert js(driver, "return window.collabgraph.selected") is None
    assert js(driver, "return window.collabgraph.isFaded('fayfox')") is False
    assert_clean(driver)


def _empty_point(driver) -> tuple[float, float]:
    return tuple(
        js(
            driver,
            """
        const c = window.collabgraph, r = c.network.body.container.getBoundingClientRect();
        for (let y = 10; y < r.height; y += 15) for (let x = 10; x < r.width; x += 15) {
          if (c.nodeAt(x, y) === null && c.edgeAt(x, y) === null)
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
        const c = window.collabgraph;
        const e = c.data.edges.find(e => e.from === 'dandorf' && e.to === 'erineagle');
        const a = c.toDOM('dandorf'), b = c.toDOM('erineagle');
        const r = c.network.body.container.getBoundingClientRect();
        for (const t of [0.5, 0.4, 0.6, 0.3, 0.7]) {
          const p = {x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y)};
          if (c.nodeAt(p.x, p.y) === null && c.edgeAt(p.x, p.y) === e.id)
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
    js(driver, "window.collabgraph.focusNode(arguments[0], false)", IMG)
    assert driver.find_element("css selector", "#details h2").text == XSS_NAME
    titles = [
        p.text
        for p in driver.find_elements("css selector", "#details ul.papers > li > span:first-child")
    ]
    assert titles == [XSS_TITLE]
    assert XSS_NAME in panel_text(driver)  # in the paper's author line too
    # Drawn on the canvas as a label (fillText: text, never markup).
    assert IMG in [lbl["id"] for lbl in js(driver, "return window.collabgraph.labels")]
    # The hover tooltip shows the name as text.
    from selenium.webdriver.common.action_chains import ActionChains

    js(driver, "window.collabgraph.fit()")
    canvas = driver.find_element("css selector", "#network canvas")
    dx, dy = dom_point(driver, IMG)
    ActionChains(driver).move_to_element_with_offset(canvas, round(dx), round(dy)).perform()
    tip = wait_for(
        driver,
        """const t = document.getElementById('tip');
        return t && !t.hidden && t.textContent.includes(arguments[0]) ? t.textContent : false;""",
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
    # A hostile address: the hash is read as data, never as markup or script.
    driver.get(
        page.resolve().as_uri() + "#node=%3Cimg%20src%3Dx%20onerror%3Dwindow.__xss%3D9%3E"
        "&q=%3Cscript%3Ewindow.__xss%3D8%3C%2Fscript%3E"
    )
    wait_for(driver, "return !!(window.collabgraph && window.collabgraph.ready)")
    assert js(driver, "return typeof window.__xss") == "undefined"
    # The report page.
    open_page(driver, out / "index.html", network=False)
    assert XSS_NAME in driver.find_element("tag name", "body").text
    assert_clean(driver)


def set_control(driver, element_id: str, value: str) -> None:
    """Set a control as a user would (an input or change event), then wait two frames: a
    slider filters once per animation frame."""
    driver.execute_async_script(
        """const done = arguments[2], e = document.getElementById(arguments[0]);
        e.value = arguments[1];
        e.dispatchEvent(new Event(e.tagName === 'SELECT' ? 'change' : 'input'));
        requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 0)));""",
        element_id,
        value,
    )


def test_filters_and_year_replay(driver, fixture_run):
    out, _ = fixture_run
    open_page(driver, out / "coauthors.html")
    visible = "return [window.collabgraph.visibleNodes, window.collabgraph.visibleEdges]"
    assert js(driver, visible) == [10, 17]
    # At least 2 joint papers: the owner with Bob, Adrien, Carla, Dan, Erin, and Dan–Erin.
    set_control(driver, "minweight", "2")
    assert js(driver, visible) == [6, 6]
    assert js(driver, "return window.collabgraph.isShown('fayfox')") is False
    set_control(driver, "minweight", "1")
    # Up to 2020: the owner, Bob and Adrien (2019), Carla (2020); their five links.
    set_control(driver, "year-to", "2020")
    assert js(driver, visible) == [4, 5]
    # 2021-2021 only: authors and links active that year.
    set_control(driver, "year-from", "2021")
    set_control(driver, "year-to", "2021")
    assert js(driver, visible) == [7, 10]
    driver.find_element("id", "reset").click()
    assert js(driver, visible) == [10, 17]
    set_control(driver, "community", "1")
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


def test_positions_are_the_payloads_and_never_move(driver, fixture_run):
    out, _ = fixture_run
    open_page(driver, out / "coauthors.html")
    assert js(driver, "return window.collabgraph.network.physics.physicsEnabled") is False
    payload = {
        n["id"]: [n["x"], n["y"]] for n in js(driver, "return window.collabgraph.data.nodes")
    }
    get = "return window.collabgraph.data.nodes.map(n => [n.id, window.collabgraph.position(n.id)])"
    before = {i: [p["x"], p["y"]] for i, p in js(driver, get)}
    assert before == payload
    time.sleep(1.0)
    assert {i: [p["x"], p["y"]] for i, p in js(driver, get)} == before


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
            driver, "return [window.collabgraph.nodeCount, window.collabgraph.edgeCount]"
        ) == [10, 17]
        js(driver, "window.collabgraph.focusNode('bobbuilder')")
        assert driver.find_element("css selector", "#details h2").text == "Bob Builder"
        # Links open in a new tab (the frame may open popups).
        assert {
            a.get_attribute("target") for a in driver.find_elements("css selector", "#details a")
        } == {"_blank"}
        assert js(driver, "return typeof window.__xss") == "undefined"
    finally:
        driver.switch_to.default_content()
    assert "allow-popups" in driver.find_element("css selector", "iframe").get_attribute("sandbox")
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
    shown = js(driver, "return [window.collabgraph.nodeCount, window.collabgraph.edgeCount]")
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
    assert js(driver, "return window.collabgraph.nodeCount") == 10
    assert_clean(driver)


# ---- issue 15 ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def netscience_page(tmp_path_factory):
    """Newman's netscience network, 1,500 of 1,589 shown: a real page of the size the issue
    is about, with a giant component and hundreds of small ones."""
    G = nx.read_gml(NETSCIENCE)
    nx.set_edge_attributes(G, 1, "weight")
    m = pd.DataFrame({"pagerank": pd.Series(nx.pagerank(G, weight="weight"))})
    payload = network_payload(G, m, communities(G, seed=1).membership, title="netscience")
    out = tmp_path_factory.mktemp("netscience")
    return write_html(out / "netscience.html", render_network_html(payload))


LABEL_BOXES = """
// The labels drawn, with their widths measured again here (not the page's own numbers).
const c = window.collabgraph, ctx = document.createElement('canvas').getContext('2d');
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const r = c.network.body.container.getBoundingClientRect();
return c.labels.map(l => {
  const n = c.data.nodes.find(n => n.id === l.id);
  ctx.font = `${l.bold ? 'bold ' : ''}${l.px}px ${FONT}`;
  const w = ctx.measureText(n.label).width, p = c.toDOM(l.id);
  const x = l.x + l.w / 2;  // the label's centre (below, above or beside its node)
  const b = {id: l.id, px: l.px, x0: x - w / 2, x1: x + w / 2, y0: l.y, y1: l.y + l.px * 1.15};
  // The whole name in the canvas (not cut off at an edge), its node at most a dot away.
  b.inside = p.x >= -60 && p.y >= -60 && p.x <= r.width + 60 && p.y <= r.height + 60
    && b.x0 >= 0 && b.x1 <= r.width && b.y0 >= 0 && b.y1 <= r.height;
  return b;
});"""


def assert_no_overlap(boxes: list[dict]) -> None:
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            overlap = (
                a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["y0"] < b["y1"] and b["y0"] < a["y1"]
            )
            assert not overlap, (a["id"], b["id"])


@pytest.mark.parametrize("size", [(1400, 900), (420, 800)])
def test_labels_do_not_overlap_and_the_top_names_show(driver, netscience_page, default_run, size):
    driver.set_window_size(*size)
    try:
        for page, lo in ((netscience_page, 12), (default_run[0] / "coauthors.html", 12)):
            open_page(driver, page)
            boxes = js(driver, LABEL_BOXES)
            assert lo <= len(boxes) <= 120
            assert all(b["inside"] and b["px"] >= 11 for b in boxes)
            assert_no_overlap(boxes)
            # The most important names (by size, the page's --size-by) are among them.
            top = js(
                driver,
                """const n = window.collabgraph.data.nodes.slice();
                n.sort((a, b) => (b.is_owner - a.is_owner) || (b.size - a.size));
                return n.slice(0, 3).map(x => x.id);""",
            )
            assert set(top) <= {b["id"] for b in boxes}
            # Zoomed in on the middle, other (smaller) names appear, still apart.
            first = {b["id"] for b in boxes}
            js(
                driver,
                """const net = window.collabgraph.network;
                net.moveTo({scale: net.getScale() * 4, animation: false});""",
            )
            time.sleep(0.3)
            zoomed = js(driver, LABEL_BOXES)
            assert_no_overlap(zoomed)
            assert all(b["inside"] for b in zoomed)
            assert {b["id"] for b in zoomed} - first
        assert_clean(driver)
    finally:
        driver.set_window_size(1400, 900)


def test_the_selected_label_is_always_drawn(driver, netscience_page):
    open_page(driver, netscience_page)
    # A small node next to a big one: its label would lose to the big one's, unless selected.
    small = js(
        driver,
        """const c = window.collabgraph, shown = new Set(c.labels.map(l => l.id));
        const n = c.data.nodes.filter(n => !shown.has(n.id)).sort((a, b) => a.size - b.size);
        return n[0].id;""",
    )
    js(driver, "window.collabgraph.focusNode(arguments[0], false)", small)
    time.sleep(0.3)
    boxes = js(driver, LABEL_BOXES)
    assert boxes[0]["id"] == small  # placed first, bold, before every other
    assert_no_overlap(boxes)
    assert js(driver, "return window.collabgraph.labels[0].bold") is True


def test_view_state_round_trips_through_the_address(driver, fixture_run):
    out, _ = fixture_run
    page = out / "coauthors.html"
    open_page(driver, page)
    set_control(driver, "minweight", "2")
    set_control(driver, "year-from", "2020")
    set_control(driver, "colour-by", "year")
    js(driver, "window.collabgraph.focusNode('bobbuilder', false)")
    wait_for(driver, "return location.hash.includes('node=bobbuilder')", timeout=5)
    url = driver.current_url
    state = """const c = window.collabgraph;
        return [c.selected, c.colourMode(), c.visibleNodes, c.visibleEdges,
                document.getElementById('minweight').value,
                document.getElementById('year-from').value,
                document.getElementById('year-to').value,
                document.getElementById('community').value];"""
    want = js(driver, state)
    # >= 2 joint papers from 2020: the owner with Bob, Adrien, Carla, Dan, Erin, and Dan-Erin.
    assert want == ["bobbuilder", "year", 6, 6, "2", "2020", "2023", "all"]
    # A fresh page from the address alone shows the same.
    driver.get("about:blank")
    driver.get(url)
    wait_for(driver, "return !!(window.collabgraph && window.collabgraph.ready)")
    assert js(driver, state) == want
    assert driver.find_element("css selector", "#details h2").text == "Bob Builder"
    # A search and a community in the address too; changed by hand (hashchange) as well.
    base = url.split("#")[0]
    driver.get(base + "#q=orsted&community=0")
    wait_for(driver, "return !!(window.collabgraph && window.collabgraph.ready)")
    assert js(driver, "return window.collabgraph.selected") == "zoeorsted"
    assert driver.find_element("id", "search").get_attribute("value") == "orsted"
    assert driver.find_element("id", "community").get_attribute("value") == "0"
    js(driver, "location.hash = 'community=1'")
    wait_for(driver, "return window.collabgraph.visibleNodes === 2")
    assert js(driver, "return window.collabgraph.selected") is None
    # Rubbish in the address is ignored, not an error.
    driver.get(base + "#min=abc&years=9-99999&community=nope&node=nobody&colour=plaid")
    wait_for(driver, "return !!(window.collabgraph && window.collabgraph.ready)")
    assert js(
        driver, "return [window.collabgraph.visibleNodes, window.collabgraph.colourMode()]"
    ) == [10, "community"]
    assert_clean(driver)


def test_no_sideways_scrolling_at_420px(driver, fixture_run, default_run, no_owner_run):
    driver.set_window_size(420, 800)
    try:
        pages = [
            out / name
            for out in (fixture_run[0], default_run[0], no_owner_run)
            for name in ("coauthors.html", "affiliations.html", "index.html")
        ]
        for page in pages:
            open_page(driver, page, network=page.name != "index.html")
            width = js(driver, "return [document.documentElement.scrollWidth, window.innerWidth]")
            assert width[0] <= width[1], page
            if page.name != "index.html":
                # The graph gets the width; the panel goes below it.
                g = js(
                    driver,
                    "const r = document.getElementById('graph').getBoundingClientRect();"
                    "return [r.width, r.bottom];",
                )
                p = js(
                    driver, "return document.getElementById('panel').getBoundingClientRect().top"
                )
                assert g[0] >= 0.9 * width[1] and p >= g[1] - 1, page
            assert_clean(driver)
    finally:
        driver.set_window_size(1400, 900)


@pytest.fixture(scope="session")
def no_owner_run(tmp_path_factory):
    """A corpus without an owner (the synthetic generator, 1,200 papers, ~1,100 authors)."""
    from bench.synth import synth_records, write_profile

    tmp = tmp_path_factory.mktemp("no-owner")
    corpus = write_profile(synth_records(1200, seed=3), tmp / "corpus.txt")
    run(RunConfig(inputs=(corpus,), out_dir=tmp / "out", quiet=True, include_owner=False))
    return tmp / "out"


def test_panels_link_doi_venue_and_url(driver, tmp_path):
    res = run(RunConfig(inputs=(FORMATS / "sample.csv",), out_dir=tmp_path, quiet=True))
    open_page(driver, tmp_path / "coauthors.html")
    node = js(
        driver,
        "return window.collabgraph.data.nodes.find(n => n.label === 'Hans Müller').id",
    )
    js(driver, "window.collabgraph.focusNode(arguments[0])", node)
    doi = driver.find_element("css selector", "#details a[href^='https://doi.org/']")
    assert doi.get_attribute("href") == "https://doi.org/10.1000/shared.1"
    assert doi.text == "doi:10.1000/shared.1" and doi.get_attribute("target") == "_blank"
    assert "ACM TODS" in driver.find_element("css selector", "#details .venue").text
    assert res.analysis.corpus.papers["doi"].eq("10.1000/shared.1").sum() == 1
    # A paper's url (a column some readers fill): linked when http(s), never otherwise.
    G = nx.Graph()
    G.add_edge("ann", "bob", weight=2, papers="P1;P2")
    nx.set_node_attributes(G, {"ann": "Ann", "bob": "Bob"}, "label")
    papers = pd.DataFrame(
        {
            "paper_id": ["P1", "P2"],
            "title": ["One", "Two"],
            "year": [2020, 2021],
            "date": "",
            "code_url": "",
            "authors_complete": True,
            "doi": ["10.1234/a#b?c", ""],
            "venue": ["", "Venue <i>x</i>"],
            "url": ["https://example.org/one", "javascript:window.__xss=5"],
        }
    )
    corpus = Corpus(
        papers=papers,
        authorships=pd.DataFrame(
            {"paper_id": ["P1", "P2"], "name": "Ann", "position": 1, "listed": True}
        ),
        affiliations=pd.DataFrame(),
    )
    page = write_html(
        tmp_path / "urls.html",
        render_network_html(network_payload(G, pd.DataFrame(index=["ann", "bob"]), {}, corpus)),
    )
    open_page(driver, page)
    js(driver, "window.collabgraph.focusNode('ann')")
    hrefs = [a.get_attribute("href") for a in driver.find_elements("css selector", "#details a")]
    assert hrefs == ["https://doi.org/10.1234/a%23b%3Fc", "https://example.org/one"]
    assert "Venue <i>x</i>" in panel_text(driver)
    assert_clean(driver)


def canvas_pixel(driver, node_id: str) -> str:
    """The colour drawn at a node's centre (the canvas's own pixels)."""
    return js(
        driver,
        """const c = window.collabgraph, cv = c.network.canvas.frame.canvas;
        c.network.renderer._redraw();
        const p = c.toDOM(arguments[0]), k = cv.width / cv.clientWidth;
        const d = cv.getContext('2d')
          .getImageData(Math.round(p.x * k), Math.round(p.y * k), 1, 1).data;
        return '#' + [d[0], d[1], d[2]].map(v => v.toString(16).padStart(2, '0')).join('');""",
        node_id,
    )


def test_colour_by_year_toggle(driver, fixture_run):
    out, _ = fixture_run
    open_page(driver, out / "coauthors.html")
    nodes = {n["id"]: n for n in js(driver, "return window.collabgraph.data.nodes")}
    assert canvas_pixel(driver, "bobbuilder") == nodes["bobbuilder"]["color"]
    set_control(driver, "colour-by", "year")
    assert canvas_pixel(driver, "bobbuilder") == nodes["bobbuilder"]["year_color"] == "#440154"
    assert canvas_pixel(driver, "fayfox") == nodes["fayfox"]["year_color"] == "#fde725"
    legend = driver.find_element("id", "legend").text
    assert "mean publication year" in legend and "2020" in legend and "2023" in legend
    assert driver.find_elements("css selector", "#legend .scale")
    set_control(driver, "colour-by", "community")
    assert canvas_pixel(driver, "bobbuilder") == nodes["bobbuilder"]["color"]
    assert "0: Bob Builder" in driver.find_element("id", "legend").text
    assert_clean(driver)


ALL_IN_VIEW = """const c = window.collabgraph, r = c.network.body.container.getBoundingClientRect();
return c.data.nodes.filter(n => c.isShown(n.id)).every(n => {
  const p = c.toDOM(n.id); return p.x >= 0 && p.y >= 0 && p.x <= r.width && p.y <= r.height; });"""


def test_fit_is_not_reset_and_the_community_filter_zooms(driver, netscience_page):
    open_page(driver, netscience_page)
    scale = "return window.collabgraph.network.getScale()"
    s0 = js(driver, scale)
    assert js(driver, ALL_IN_VIEW)
    biggest = js(
        driver,
        "return window.collabgraph.data.communities.filter(c => c.listed)"
        ".sort((a, b) => b.shown - a.shown)[0].id",
    )
    set_control(driver, "community", str(biggest))
    time.sleep(0.6)  # the zoom is animated
    assert js(driver, scale) > 1.5 * s0  # zoomed in on what is left
    assert js(driver, ALL_IN_VIEW)
    shown = js(driver, "return window.collabgraph.visibleNodes")
    node = js(
        driver,
        "const c = window.collabgraph; return c.data.nodes.find(n => c.isShown(n.id)).id",
    )
    js(driver, "window.collabgraph.focusNode(arguments[0], false)", node)
    js(driver, "window.collabgraph.network.moveTo({scale: 8, animation: false})")
    assert not js(driver, ALL_IN_VIEW)
    driver.find_element("id", "fit").click()
    time.sleep(0.6)
    # Fit: everything shown is in view again; the filter and the selection stay.
    assert js(driver, ALL_IN_VIEW)
    assert js(driver, "return window.collabgraph.visibleNodes") == shown
    assert js(driver, "return window.collabgraph.selected") == node
    driver.find_element("id", "reset").click()
    time.sleep(0.6)
    # Reset: filter and selection gone, the whole drawing in view.
    assert js(driver, "return window.collabgraph.visibleNodes") == 1500
    assert js(driver, "return window.collabgraph.selected") is None
    assert js(driver, ALL_IN_VIEW)
    assert abs(js(driver, scale) - s0) / s0 < 0.05
    assert_clean(driver)


def test_save_picture_writes_a_png_of_the_view(driver, fixture_run):
    import base64
    import struct

    out, _ = fixture_run
    open_page(driver, out / "coauthors.html")
    url = js(driver, "return window.collabgraph.pictureURL()")
    assert url.startswith("data:image/png;base64,")
    png = base64.b64decode(url.split(",", 1)[1])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert [width, height] == js(
        driver,
        "const c = window.collabgraph.network.canvas.frame.canvas; return [c.width, c.height];",
    )
    driver.find_element("id", "save").click()  # a download from a data: URL, no request
    time.sleep(0.3)
    assert_clean(driver)


def test_affiliation_page_counts_authors_without_affiliation(driver, fixture_run):
    out, _ = fixture_run
    open_page(driver, out / "affiliations.html")
    assert "(3 of 9 authors have no affiliation)" in driver.find_element("id", "counts").text
    assert (
        "3 of 9 authors have no affiliation in the inputs"
        in driver.find_element("id", "notes").text
    )
    assert_clean(driver)
