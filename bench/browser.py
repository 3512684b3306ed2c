"""Speed of the network page in a real browser (headless Chromium, software rendering).

For pages of about 90, 1,500, 5,000 and 20,000 shown nodes (the default profile, then the
synthetic corpus of ``bench/synth.py`` with ``--max-nodes`` 1500 and 5000, and a larger
synthetic corpus with 20,000 shown) it prints::

    nodes  links  MB  generation s  first picture s  p95 click / keystroke / slider / reset ms

* **generation s**: ``network_payload`` + ``render_network_html`` in Python (the analysis
  before it is not counted);
* **first picture s**: from navigation start to the first frame with the graph drawn (the
  page's ``body[data-ready]``, set after vis-network's first ``afterDrawing``; with physics,
  after it settles);
* **interactions** (p95 of ``--repeat`` of each kind after the first, which warms the page
  up; the first and the medians go to stderr): trusted input through the DevTools protocol
  (real mouse and key events, as a user's), timed by the browser's Event Timing API: from
  the input to the next frame painted after the handlers ran
  (``PerformanceEventTiming.duration``, what Chrome's INP uses; it cannot see below 16 ms,
  shown as ``<16``).  Work a handler defers past that frame (the search box's debounced
  search) is timed by the page itself with ``performance.measure("collabgraph:...")`` up to
  its next frame, and the larger of the two counts.  *click* = a click on a node (panel
  filled, neighbourhood highlighted); *keystroke*
  = one letter typed into Find; *slider step* = an arrow key on the year and min.-weight
  sliders; *reset* = a click on Reset after a filter and a selection.

Run::

    .venv/bin/python -m bench.browser                  # all four sizes
    .venv/bin/python -m bench.browser --sizes 90,5000  # some
    .venv/bin/python -m bench.browser --pages DIR      # pages already written there

Absolute times vary with the machine's load (2 shared cores); run it when the machine is
quiet and compare sizes within one run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache" / "pages"
SIZES = (90, 1500, 5000, 20000)
#: (papers of the synthetic corpus, --max-nodes) for each size; 90 is the default profile.
CORPORA = {1500: (10_000, 1500), 5000: (10_000, 5000), 20000: (25_000, 20_000)}

_OBSERVE = """
window.__events = [];
new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__events.push(
  {name: e.name, start: e.startTime, duration: e.duration}); })
  .observe({type: "event", buffered: true, durationThreshold: 16});
window.__readyAt = null;
document.addEventListener("DOMContentLoaded", () => {
  const mark = () => { if (document.body.dataset.ready && window.__readyAt === null)
    window.__readyAt = performance.now(); };
  new MutationObserver(mark).observe(document.body, {attributes: true});
  mark();
});
"""


def generate(size: int, out: Path) -> dict:
    """Write the page of ``size`` shown nodes; return its counts and generation time."""
    from graph.config import RunConfig
    from graph.pipeline import analyse_corpus, load_corpus
    from graph.render import network_payload, render_network_html, write_html

    from .synth import synth_records, write_profile

    out.mkdir(parents=True, exist_ok=True)
    if size == 90:
        cfg = RunConfig(quiet=True)
        max_nodes = 1500
    else:
        papers, max_nodes = CORPORA[size]
        corpus = out / f"synth_{papers}.txt"
        if not corpus.is_file():
            write_profile(synth_records(papers, seed=42), corpus)
        cfg = RunConfig(inputs=(corpus,), fmt="profile", quiet=True, extra={"add_owner": False})
    a = analyse_corpus(load_corpus(cfg), cfg)
    G = a.annotated()
    kw = {"size_by": "pagerank", "max_nodes": max_nodes, "seed": 42, "owner": a.owner}
    t = time.perf_counter()
    payload = network_payload(G, a.metrics, a.partition.membership, a.corpus, **kw)
    page = render_network_html(payload)
    secs = time.perf_counter() - t
    path = write_html(out / f"page_{size}.html", page)
    info = {
        "size": size,
        "nodes": len(payload["nodes"]),
        "links": len(payload["edges"]),
        "mb": round(path.stat().st_size / 1e6, 2),
        "generation_s": round(secs, 2),
    }
    (out / f"page_{size}.json").write_text(json.dumps(info), encoding="utf-8")
    return info


def _driver(profile: str, width: int = 1400, height: int = 900):
    sys.path.insert(0, str(ROOT))
    from tests.browser.conftest import make_driver

    d = make_driver(profile)
    d.set_window_size(width, height)
    d.set_page_load_timeout(300)
    d.set_script_timeout(120)
    d.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": _OBSERVE})
    return d


def _mouse_click(d, x: float, y: float) -> None:
    for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
        d.execute_cdp_cmd(
            "Input.dispatchMouseEvent",
            {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1, "buttons": 1},
        )


def _key(d, key: str, code: str, text: str | None = None, vk: int = 0) -> None:
    down = {"type": "keyDown", "key": key, "code": code, "windowsVirtualKeyCode": vk}
    if text:
        down.update(type="keyDown", text=text, unmodifiedText=text)
    d.execute_cdp_cmd("Input.dispatchKeyEvent", down)
    d.execute_cdp_cmd(
        "Input.dispatchKeyEvent",
        {"type": "keyUp", "key": key, "code": code, "windowsVirtualKeyCode": vk},
    )


def _settle(d, pause: float = 0.35) -> None:
    """Let debounced work and the frame after it finish."""
    time.sleep(pause)
    d.execute_async_script(
        "const done = arguments[0]; requestAnimationFrame(() => setTimeout(done, 0));"
    )


def _since(d, t0: float, measure: str | None = None) -> float:
    """The longest event (or the page's own ``measure``) that started after ``t0``, in ms."""
    ev = d.execute_script(
        "return window.__events.filter(e => e.start >= arguments[0]).map(e => e.duration);", t0
    )
    own = []
    if measure:
        own = d.execute_script(
            "return performance.getEntriesByName(arguments[0]).filter(e => e.startTime >= "
            "arguments[1]).map(e => e.duration);",
            measure,
            t0,
        )
    return max([*ev, *own, 0.0])


def _now(d) -> float:
    return float(d.execute_script("return performance.now();"))


def _rect(d, css: str) -> tuple[float, float]:
    r = d.execute_script(
        "const r = document.querySelector(arguments[0]).getBoundingClientRect();"
        "return [r.left + r.width / 2, r.top + r.height / 2];",
        css,
    )
    return float(r[0]), float(r[1])


def measure_page(d, path: Path, repeat: int = 12) -> dict:
    d.get(path.resolve().as_uri())
    deadline = time.time() + 300
    while d.execute_script("return window.__readyAt") is None:
        if time.time() > deadline:
            raise RuntimeError(f"{path} never drew")
        time.sleep(0.05)
    first = d.execute_script("return window.__readyAt") / 1000
    _settle(d, 0.5)
    # Click the largest nodes inside the canvas (DOM coordinates of the page).
    # Click the largest nodes inside the canvas (page coordinates).  The pages before issue 15
    # kept nodes in vis-network; since then the page hit-tests its own nodes.
    targets = d.execute_script(
        """
        const c = window.collabgraph, net = c.network;
        const box = net.body.container.getBoundingClientRect();
        const ids = c.data.nodes.slice().sort((a, b) => b.size - a.size).map(n => n.id);
        const out = [];
        for (const id of ids) {
          const p = c.toDOM ? c.toDOM(id) : net.canvasToDOM(net.getPositions([id])[id]);
          const hit = c.nodeAt ? c.nodeAt(p.x, p.y) : net.getNodeAt({x: p.x, y: p.y});
          if (p.x > 20 && p.y > 20 && p.x < box.width - 20 && p.y < box.height - 20
              && hit === id) out.push([box.left + p.x, box.top + p.y]);
          if (out.length >= arguments[0]) break;
        }
        return out;""",
        repeat,
    )
    clicks = []
    for x, y in targets:
        t0 = _now(d)
        _mouse_click(d, x, y)
        _settle(d)
        clicks.append(_since(d, t0, "collabgraph:select"))
    _mouse_click(d, *_rect(d, "#reset"))
    _settle(d)
    keys = []
    d.execute_script("document.getElementById('search').focus();")
    for i, ch in enumerate(("kakalopezhanganna" * 3)[:repeat]):
        if i % 6 == 0:  # start over now and then: the first letters match the most names
            d.execute_script(
                "const s = document.getElementById('search'); s.value = '';"
                "s.dispatchEvent(new Event('input'));"
            )
            _settle(d)
        t0 = _now(d)
        _key(d, ch, f"Key{ch.upper()}", ch, ord(ch.upper()))
        _settle(d)
        keys.append(_since(d, t0, "collabgraph:search"))
    _mouse_click(d, *_rect(d, "#reset"))
    _settle(d)
    slider = []
    for sid in ("year-to", "minweight"):
        d.execute_script(f"document.getElementById('{sid}').focus();")
        for i in range(repeat // 2):
            key, code, vk = (
                ("ArrowLeft", "ArrowLeft", 37) if i % 2 == 0 else ("ArrowRight", "ArrowRight", 39)
            )
            if sid == "minweight":
                key, code, vk = (
                    ("ArrowRight", "ArrowRight", 39)
                    if i % 2 == 0
                    else ("ArrowLeft", "ArrowLeft", 37)
                )
            t0 = _now(d)
            _key(d, key, code, None, vk)
            _settle(d)
            slider.append(_since(d, t0, "collabgraph:filter"))
    resets = []
    for i in range(max(4, repeat // 2)):
        # Something to undo: a selection and a filter.
        if targets:
            _mouse_click(d, *targets[i % len(targets)])
            _settle(d)
        d.execute_script("document.getElementById('minweight').focus();")
        _key(d, "ArrowRight", "ArrowRight", None, 39)
        _settle(d)
        t0 = _now(d)
        _mouse_click(d, *_rect(d, "#reset"))
        _settle(d, 0.6)
        resets.append(_since(d, t0, "collabgraph:reset"))

    def p95(xs):
        return round(float(statistics.quantiles(xs, n=20)[-1]) if len(xs) > 1 else xs[0], 1)

    # The first of each kind warms the page up (compiling its code, caching glyphs): kept
    # apart from the p95, printed with the medians.
    return {
        "first_picture_s": round(first, 2),
        "click_ms": p95(clicks[1:]) if len(clicks) > 1 else None,
        "keystroke_ms": p95(keys[1:]),
        "slider_ms": p95(slider[1:]),
        "reset_ms": p95(resets[1:]),
        "first_ms": [round(x[0]) if x else None for x in (clicks, keys, slider, resets)],
        "median_ms": [
            round(statistics.median(x)) if x else None for x in (clicks, keys, slider, resets)
        ],
    }


def _ms(v) -> str:
    if v is None:
        return "–"
    return "<16" if v < 16 else f"{v:.0f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)))
    ap.add_argument("--pages", type=Path, help="measure the pages already in this folder")
    ap.add_argument("--out", type=Path, default=CACHE, help="where pages are written")
    ap.add_argument("--generate-only", action="store_true")
    ap.add_argument("--repeat", type=int, default=20, help="interactions of each kind")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    folder = args.pages or args.out
    infos = []
    for size in sizes:
        if args.pages:
            infos.append(json.loads((folder / f"page_{size}.json").read_text(encoding="utf-8")))
        else:
            infos.append(generate(size, folder))
            print(f"generated {size}: {infos[-1]}", file=sys.stderr, flush=True)
    if args.generate_only:
        return 0
    rows = []
    with tempfile.TemporaryDirectory(prefix="collabgraph-bench-chromium-") as prof:
        d = _driver(prof)
        try:
            for info in infos:
                rows.append(
                    {**info, **measure_page(d, folder / f"page_{info['size']}.html", args.repeat)}
                )
                print(rows[-1], file=sys.stderr, flush=True)
        finally:
            d.quit()
    print(
        "| nodes | links | MB | generation s | first picture s | click ms | keystroke ms "
        "| slider step ms | reset ms |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['nodes']:,} | {r['links']:,} | {r['mb']:.1f} | {r['generation_s']:.2f} | "
            f"{r['first_picture_s']:.2f} | {_ms(r['click_ms'])} | {_ms(r['keystroke_ms'])} | "
            f"{_ms(r['slider_ms'])} | {_ms(r['reset_ms'])} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
