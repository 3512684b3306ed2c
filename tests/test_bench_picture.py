"""The readability measures of bench/picture.py, checked by hand and against brute force."""

from __future__ import annotations

import doctest
import itertools
import json
import math

import numpy as np
import pytest

from bench import picture
from graph.config import RunConfig
from graph.pipeline import analyse_corpus, load_corpus
from graph.render import network_payload, render_network_html


def test_doctests():
    assert doctest.testmod(picture).failed == 0


def test_silhouette_hand_computed():
    # Points 0, 1 (group a) and 3 (group b), on a line.
    # 0: a = 1, b = 3 -> 2/3;  1: a = 1, b = 2 -> 1/2;  3: alone in its group -> 0.
    got = picture.silhouette(np.array([[0.0, 0], [1, 0], [3, 0]]), np.array(["a", "a", "b"]))
    assert got == pytest.approx((2 / 3 + 1 / 2 + 0) / 3)
    # Two tight pairs 10 apart: a = 1, b = (10 + sqrt(101)) / 2 for every point.
    b = (10 + math.sqrt(101)) / 2
    xy = np.array([[0.0, 0], [0, 1], [10, 0], [10, 1]])
    assert picture.silhouette(xy, np.array([0, 0, 1, 1])) == pytest.approx((b - 1) / b)
    # Mixed groups score below zero.
    assert picture.silhouette(xy, np.array([0, 1, 0, 1])) < 0
    with pytest.raises(ValueError):
        picture.silhouette(xy, np.zeros(4))


def _brute(xy, labels):
    out = []
    for i, p in enumerate(xy):
        same = [math.dist(p, q) for j, q in enumerate(xy) if j != i and labels[j] == labels[i]]
        if not same:
            out.append(0.0)
            continue
        a = sum(same) / len(same)
        b = min(
            np.mean([math.dist(p, q) for j, q in enumerate(xy) if labels[j] == g])
            for g in set(labels)
            if g != labels[i]
        )
        out.append((b - a) / max(a, b))
    return float(np.mean(out))


def test_silhouette_equals_the_definition_on_random_points():
    rng = np.random.default_rng(5)
    for n, k in ((30, 3), (61, 5)):
        xy = rng.normal(size=(n, 2)) + rng.integers(0, 3, size=(n, 1))
        labels = rng.integers(0, k, size=n)
        # chunk=7 exercises the chunked path.
        assert picture.silhouette(xy, labels, chunk=7) == pytest.approx(_brute(xy, labels))


def test_giant_bbox_share_and_delta_e_hand_checked():
    nodes = [
        {"id": "a", "x": 0, "y": 0},
        {"id": "b", "x": 4, "y": 3},
        {"id": "c", "x": 8, "y": 6},  # alone: the drawing is 8 x 6, the giant a-b 4 x 3
    ]
    payload = {"nodes": nodes, "edges": [{"from": "a", "to": "b"}]}
    assert picture.giant_bbox_share(payload) == pytest.approx(12 / 48)
    # ΔE76 of black and white is 100; of two sRGB primaries, the distance of their published
    # L*a*b* values (red 53.24/80.09/67.20, blue 32.30/79.19/-107.86).
    assert picture.delta_e76("#000000", "#ffffff") == pytest.approx(100, abs=1e-3)
    want = math.dist((53.24, 80.09, 67.20), (32.30, 79.19, -107.86))
    assert picture.delta_e76("#ff0000", "#0000ff") == pytest.approx(want, abs=0.02)


def test_measures_read_from_a_real_page():
    cfg = RunConfig(quiet=True)
    a = analyse_corpus(load_corpus(cfg), cfg)
    payload = network_payload(
        a.annotated(), a.metrics, a.partition.membership, a.corpus, owner=a.owner
    )
    got = picture.page_payload(render_network_html(payload))
    assert got == json.loads(json.dumps(payload)) and len(got["nodes"]) == 90
    m = picture.measure(got)
    assert (m["nodes"], m["links"], m["communities"]) == (90, 211, 12)
    top = picture.top_communities(got)
    colours = {c["id"]: c["color"] for c in got["communities"]}
    want = min(picture.delta_e76(colours[x], colours[y]) for x, y in itertools.combinations(top, 2))
    assert m["min_delta_e"] == round(want, 2) >= 20
    assert m["silhouette"] > 0.25 and m["giant_bbox"] == 1.0
