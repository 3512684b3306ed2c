"""How readable is a network page?  Three numbers computed from the page's own payload.

The page embeds its data as ``<script type="application/json" id="graph-data">``: every node
with ``x``, ``y``, ``community``, ``color`` and ``kind``, and the links.  From that alone:

* **silhouette**: the mean silhouette (Rousseeuw 1987) of the node positions grouped by
  community, over the authors of the 12 largest communities shown (by shown authors, ties by
  id).  +1: each community is a tight region far from the others; 0: regions overlap; below
  0: communities are mixed.  Euclidean distances in layout units; a community of one scores 0
  (the convention of Rousseeuw and scikit-learn).
* **giant_bbox**: the area of the bounding box of the largest connected component of the shown
  graph (most nodes, ties: the one holding the first node id), as a share of the bounding box
  of every shown node: how much of the first picture the giant component fills.
* **min_delta_e**: the smallest CIE ΔE*ab (1976) between the colours of the 12 largest shown
  communities (a community's colour: the colour most of its non-owner authors carry).

Run on pages::

    .venv/bin/python -m bench.picture output/coauthors.html other.html

or build the benchmark corpora's pages first (the synthetic 10^4-paper corpus, ~9k authors,
1,500 shown; Newman's netscience network, 1,589 scientists; the real OpenAlex TU9 sample) and
measure them, with the layout's cost::

    .venv/bin/python -m bench.picture --corpora [--out DIR]

Nothing here is imported by the package: the page is the contract.

>>> round(silhouette(np.array([[0.0, 0], [0, 1], [10, 0], [10, 1]]), np.array([0, 0, 1, 1])), 4)
0.9002
"""

from __future__ import annotations

import argparse
import html.parser
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
from scipy.sparse import csgraph, csr_array

__all__ = [
    "delta_e76",
    "giant_bbox_share",
    "measure",
    "page_payload",
    "silhouette",
    "srgb_to_lab",
    "top_communities",
]

ROOT = Path(__file__).resolve().parent.parent
TOP = 12


class _GraphData(html.parser.HTMLParser):
    """Collects the text of ``<script id="graph-data">``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.inside = False
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "script" and dict(attrs).get("id") == "graph-data":
            self.inside = True

    def handle_endtag(self, tag):
        if tag == "script":
            self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.parts.append(data)


def page_payload(page: str) -> dict:
    """The JSON payload embedded in a network page's ``#graph-data`` script."""
    p = _GraphData()
    p.feed(page)
    if not p.parts:
        raise ValueError("no <script id='graph-data'> in the page")
    return json.loads("".join(p.parts))


def silhouette(xy: np.ndarray, labels: np.ndarray, *, chunk: int = 512) -> float:
    """Mean silhouette of points ``xy`` (n x d) grouped by ``labels`` (n), Euclidean.

    s(i) = (b - a) / max(a, b), a = mean distance from i to the other members of its group,
    b = the smallest mean distance from i to the members of another group; s(i) = 0 for a
    group of one.  Rows are processed in chunks, so 20,000 points need ~80 MB, not 3 GB.

    >>> silhouette(np.array([[0.0], [1.0], [3.0]]), np.array([0, 0, 1]))  # doctest: +ELLIPSIS
    0.3888...
    """
    xy = np.asarray(xy, dtype=float)
    _, lab = np.unique(np.asarray(labels), return_inverse=True)
    n, k = len(lab), int(lab.max()) + 1 if len(lab) else 0
    if k < 2:
        raise ValueError("the silhouette needs at least two groups")
    onehot = np.zeros((n, k))
    onehot[np.arange(n), lab] = 1.0
    counts = onehot.sum(axis=0)
    s = np.zeros(n)
    for lo in range(0, n, chunk):
        hi = min(n, lo + chunk)
        d = np.sqrt(((xy[lo:hi, None, :] - xy[None, :, :]) ** 2).sum(axis=2))
        sums = d @ onehot  # (rows, k): total distance to each group
        own = lab[lo:hi]
        rows = np.arange(hi - lo)
        size_own = counts[own]
        a = np.where(size_own > 1, sums[rows, own] / np.maximum(size_own - 1, 1), 0.0)
        mean_other = sums / counts
        mean_other[rows, own] = np.inf
        b = mean_other.min(axis=1)
        denom = np.maximum(a, b)
        s[lo:hi] = np.where(
            (size_own > 1) & (denom > 0), (b - a) / np.where(denom > 0, denom, 1), 0
        )
    return float(s.mean())


def srgb_to_lab(colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of an sRGB hex colour.

    >>> [round(v, 2) for v in srgb_to_lab("#ff0000")]
    [53.24, 80.09, 67.2]
    """
    h = colour.lstrip("#")
    rgb = np.array([int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)])
    lin = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    m = np.array(
        [
            [0.4124564, 0.3575761, 0.1804375],
            [0.2126729, 0.7151522, 0.0721750],
            [0.0193339, 0.1191920, 0.9503041],
        ]
    )
    xyz = m @ lin / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return (float(116 * f[1] - 16), float(500 * (f[0] - f[1])), float(200 * (f[1] - f[2])))


def delta_e76(c1: str, c2: str) -> float:
    """CIE 1976 colour difference (Euclidean distance in L*a*b*) of two hex colours.

    >>> round(delta_e76("#000000", "#ffffff"), 3)
    100.0
    """
    return float(np.linalg.norm(np.subtract(srgb_to_lab(c1), srgb_to_lab(c2))))


def top_communities(payload: dict, k: int = TOP) -> list[int]:
    """Ids of the ``k`` communities with the most shown authors (ties: lower id)."""
    shown = Counter(
        n["community"]
        for n in payload["nodes"]
        if n.get("kind") != "institution" and n["community"] >= 0
    )
    return [c for c, _ in sorted(shown.items(), key=lambda t: (-t[1], t[0]))[:k]]


def giant_bbox_share(payload: dict) -> float:
    """Bounding-box area of the largest connected component / that of the whole drawing."""
    nodes = payload["nodes"]
    index = {n["id"]: i for i, n in enumerate(nodes)}
    xy = np.array([[n["x"], n["y"]] for n in nodes], dtype=float)
    r = [index[e["from"]] for e in payload["edges"]]
    c = [index[e["to"]] for e in payload["edges"]]
    A = csr_array((np.ones(len(r)), (r, c)), shape=(len(nodes), len(nodes)))
    _, comp = csgraph.connected_components(A, directed=False)
    sizes = np.bincount(comp)
    giant = int(np.flatnonzero(sizes == sizes.max())[0])  # labels follow node order

    def area(p: np.ndarray) -> float:
        span = p.max(axis=0) - p.min(axis=0)
        return float(span[0] * span[1])

    whole = area(xy)
    return area(xy[comp == giant]) / whole if whole > 0 else 1.0


def measure(payload: dict, k: int = TOP) -> dict:
    """The three readability numbers of a page's payload (see the module docstring)."""
    top = top_communities(payload, k)
    authors = [
        n for n in payload["nodes"] if n.get("kind") != "institution" and n["community"] in top
    ]
    xy = np.array([[n["x"], n["y"]] for n in authors], dtype=float)
    lab = np.array([n["community"] for n in authors])
    colours = {}
    for c in top:
        votes = Counter(
            n["color"] for n in authors if n["community"] == c and not n.get("is_owner")
        )
        colours[c] = votes.most_common(1)[0][0] if votes else "#000000"
    pairs = [(a, b) for i, a in enumerate(top) for b in top[i + 1 :]]
    return {
        "nodes": len(payload["nodes"]),
        "links": len(payload["edges"]),
        "communities": len(top),
        "silhouette": round(silhouette(xy, lab), 4) if len(top) > 1 else float("nan"),
        "giant_bbox": round(giant_bbox_share(payload), 4),
        "min_delta_e": round(min(delta_e76(colours[a], colours[b]) for a, b in pairs), 2)
        if pairs
        else float("nan"),
    }


# ---- the benchmark corpora ----------------------------------------------------------------


def _corpus_pages(out: Path) -> list[tuple[str, Path, float]]:
    """Write the three benchmark pages; return (name, path, page seconds)."""
    import networkx as nx
    import pandas as pd

    from graph.analyse import communities
    from graph.config import RunConfig
    from graph.pipeline import analyse_corpus, load_corpus
    from graph.render import network_payload, render_network_html, write_html

    from .synth import synth_records, write_profile

    out.mkdir(parents=True, exist_ok=True)
    pages = []

    def page(name, G, metrics, membership, corpus=None, owner=None):
        t = time.perf_counter()
        html_text = render_network_html(
            network_payload(G, metrics, membership, corpus, owner=owner, title=name)
        )
        secs = time.perf_counter() - t
        pages.append((name, write_html(out / f"{name}.html", html_text), secs))

    synth = write_profile(synth_records(10_000, seed=42), out / "synth10k.txt")
    cfg = RunConfig(inputs=(synth,), fmt="profile", quiet=True, extra={"add_owner": False})
    a = analyse_corpus(load_corpus(cfg), cfg)
    page("synth10k", a.annotated(), a.metrics, a.partition.membership, a.corpus)
    G = nx.read_gml(ROOT / "tests" / "data" / "netscience" / "netscience.gml")
    nx.set_edge_attributes(G, 1, "weight")
    m = pd.DataFrame({"pagerank": pd.Series(nx.pagerank(G, weight="weight"))})
    page("netscience", G, m, communities(G, seed=42).membership)
    oa = ROOT / "tests" / "data" / "openalex" / "works_tu9_2022.json"
    cfg = RunConfig(inputs=(oa,), quiet=True, include_owner=False)
    a = analyse_corpus(load_corpus(cfg), cfg)
    page("openalex_tu9", a.annotated(), a.metrics, a.partition.membership, a.corpus)
    cfg = RunConfig(quiet=True)
    a = analyse_corpus(load_corpus(cfg), cfg)
    page("profile", a.annotated(), a.metrics, a.partition.membership, a.corpus, a.owner)
    return pages


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pages", nargs="*", type=Path, help="network pages (.html) to measure")
    ap.add_argument("--corpora", action="store_true", help="build and measure the bench corpora")
    ap.add_argument(
        "--out", type=Path, default=ROOT / "bench" / ".pages", help="where --corpora writes"
    )
    args = ap.parse_args(argv)
    rows = [(p.stem, p, float("nan")) for p in args.pages]
    if args.corpora:
        rows += _corpus_pages(args.out)
    if not rows:
        ap.error("give pages or --corpora")
    print(
        f"{'page':16s} {'nodes':>6s} {'links':>6s} {'page s':>7s} {'silhouette':>10s} "
        f"{'giant bbox':>10s} {'min ΔE76':>9s}"
    )
    for name, path, secs in rows:
        m = measure(page_payload(path.read_text(encoding="utf-8")))
        print(
            f"{name:16s} {m['nodes']:6d} {m['links']:6d} {secs:7.2f} {m['silhouette']:10.3f} "
            f"{m['giant_bbox']:10.3f} {m['min_delta_e']:9.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
