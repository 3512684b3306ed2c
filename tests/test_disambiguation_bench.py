"""The disambiguation benchmark (bench/disambiguation.py): its reader on real name files of
the labelled set (read in place from ``shared/``, skipped where absent) and its scores on
hand-computed cases."""

from __future__ import annotations

import doctest
from math import comb

import pytest

import bench.disambiguation as bd
from graph.text import name_key


@pytest.fixture(scope="module")
def names_dir(shared_data):
    folder = shared_data / "disambiguation" / "names"
    if not folder.is_dir():
        pytest.skip("the labelled name files are not in shared/")
    return folder


def test_bench_doctests():
    assert doctest.testmod(bd).failed == 0


def test_pairwise_and_bcubed_by_hand():
    # persons 1 = {0, 1, 2}, 2 = {3}; gold a = {0, 1}, b = {2, 3}
    s = bd.pairwise([1, 1, 1, 2], ["a", "a", "b", "b"])
    # predicted pairs 01 02 12, gold pairs 01 23: one right
    assert (s.tp, s.fp, s.fn) == (1, 2, 1)
    assert (s.precision, s.recall) == (1 / 3, 1 / 2)
    assert s.f1 == pytest.approx(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2))
    # B-cubed precision per item: 2/3, 2/3, 1/3, 1; recall: 1, 1, 1/2, 1/2
    p, r, f = s.b3
    assert p == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4)
    assert r == pytest.approx((1 + 1 + 0.5 + 0.5) / 4)
    assert f == pytest.approx(2 * p * r / (p + r))
    # micro-averaging sums the counts over names
    t = s + bd.pairwise(["x", "x"], ["a", "a"])
    assert (t.tp, t.fp, t.fn, t.items) == (2, 2, 1, 6)
    assert bd.pairwise([], []).precision == 1.0


def test_reader_on_real_files(names_dir):
    aihua = bd.read_name_file(names_dir / "Aihua_Wu.xml")
    assert aihua.name == "Aihua Wu"
    assert [p.label for p in aihua.publications] == ["8", "9"]
    first = aihua.publications[0]
    assert first.coauthors == ("mark wiley", "jianwen su")
    assert (first.year, first.title[:7]) == (2008, "WSDL-D:")
    assert aihua.publications[1].coauthors == ()  # <authors></authors>
    # an entity written as text in the name, decoded
    assert bd.read_name_file(names_dir / "Alberto_Gonz&aacute;lez.xml").name == ("Alberto González")
    assert bd.read_name_file(names_dir / "Chris_Shaw.xml").publications == ()
    # not well-formed XML (a control character): read with lxml's recovering parser
    hong = bd.read_name_file(names_dir / "Hong_Wang.xml")
    counts = {}
    for p in hong.publications:
        counts[p.label] = counts.get(p.label, 0) + 1
    assert len(hong.publications) == 105
    assert sorted(counts.values()) == [2, 2, 3, 4, 9, 24, 30, 31]


def test_scores_of_the_name_key_and_a_resolution(names_dir):
    files = ["Aihua_Wu.xml", "Alberto_Gonz&aacute;lez.xml", "Chris_Shaw.xml", "Hong_Wang.xml"]
    names = [bd.read_name_file(names_dir / f) for f in files]
    off = bd.score_mode(names, "off")
    # one person per name: every pair of a name's publications is predicted together
    gold_pairs = 0 + 1 + comb(30, 2) + 1 + comb(31, 2) + comb(9, 2) + comb(4, 2) + 3 + 1
    gold_pairs += comb(24, 2)
    all_pairs = comb(2, 2) + comb(2, 2) + comb(105, 2)
    assert (off.tp, off.fp, off.fn) == (gold_pairs, all_pairs - gold_pairs, 0)
    # each name file runs through normalise + resolve_names as a user's run would
    corpus, pids = bd.name_corpus(names[3])
    assert len(pids) == 105 and set(pids) <= set(corpus.papers["paper_id"])
    key = name_key("Hong Wang")
    assert (corpus.authorships["author_id"] == key).sum() == len(set(pids))
    split = bd.score_mode(names, "split")
    assert split.tp + split.fn == gold_pairs  # the same gold pairs, however they are split
    assert split.precision > off.precision
    baseline = bd.score_mode(names, "coauthors")
    assert baseline.tp + baseline.fn == gold_pairs


def test_merge_test_abbreviates_only_unambiguous_short_forms(names_dir):
    names = [bd.read_name_file(names_dir / f) for f in ("Aihua_Wu.xml", "Hong_Wang.xml")]
    (_, base, _, _), (_, merged, _, decisions) = bd.merge_test(names, share=0.5)
    assert base.precision == 1.0  # every short form stands for one name of the data
    assert merged.recall >= base.recall
    assert merged.tp + merged.fn == base.tp + base.fn
    assert set(decisions["kind"]) <= {"merge"}
