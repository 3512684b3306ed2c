"""The paper merge (issue 12.4): one work only on a shared DOI, a shared paper id, or a shared
title + year whose author lists agree; never a co-authorship no record states.

Fixtures (``tests/data/normalise/``, README there): ``geom_style.bib`` (a community
bibliography: ``??`` and ``Preface`` titles, two different 1944 papers with one title, one
paper entered twice with ``P. K. Agarwal`` / ``Pankaj K. Agarwal``), ``mix_wos.txt`` and
``mix_scopus.csv`` (one search in two databases: the DOI on one side only).
"""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.build import coauthor_graph
from graph.info import corpus_info, format_info
from graph.load import LoadResult, load_records
from graph.load.records import AuthorRef, PaperRecord
from graph.normalise import normalise

DATA = Path(__file__).resolve().parent / "data" / "normalise"


def edges(corpus) -> dict[frozenset, int]:
    G = coauthor_graph(corpus, max_authors=None)
    return {frozenset((u, v)): d["weight"] for u, v, d in G.edges(data=True)}


def rec(title, names, *, year=2003, line=1, source="s.bib", **kw) -> PaperRecord:
    return PaperRecord(
        title=title,
        authors=tuple(AuthorRef(n) for n in names),
        source=source,
        line=line,
        year=year,
        **kw,
    )


def corpus_of(*records, **kw):
    return normalise(LoadResult(list(records)), add_owner=False, **kw)


# --- the community bibliography -----------------------------------------------------------


@pytest.fixture(scope="module")
def geom():
    return normalise(load_records(DATA / "geom_style.bib"), add_owner=False)


def test_placeholder_and_same_title_papers_stay_apart(geom):
    # 11 entries; only the two entries of "Red-blue intersection detection ..." are one work
    assert len(geom.papers) == 10
    assert geom.meta["merged_by"] == {"doi": 0, "ext_id": 0, "title_year_authors": 1}
    titles = geom.papers["title"].tolist()
    assert titles.count("??") == 3 and titles.count("Preface") == 2
    assert sum(t.lower() == "on the covering of convex sets" for t in titles) == 2
    assert edges(geom) == {
        frozenset({"pkagarwal", "msharir"}): 1,
        frozenset({"pkagarwal", "rldrysdale"}): 1,
        frozenset({"rldrysdale", "pankajkagarwal"}): 1,
        frozenset({"aaggarwal", "bchazelle"}): 1,
        frozenset({"hedelsbrunner", "ewelzl"}): 1,
    }


def test_a_merge_does_not_link_a_person_to_their_own_name_variant(geom):
    red = geom.papers.loc[geom.papers["title"].str.startswith("Red-blue"), "paper_id"].item()
    on_red = geom.authorships[geom.authorships["paper_id"] == red]
    # "Pankaj K. Agarwal" and "Micha Sharir" of the second entry are the first entry's authors
    # at the same positions, not extra authors
    assert on_red[["name", "position"]].values.tolist() == [["P. K. Agarwal", 0], ["M. Sharir", 1]]
    assert not (set(geom.authorships["author_id"]) & {"michasharir"})


def test_suffix_and_tex_hyphen_name_one_author(geom):
    a = geom.authorships
    drysdale = a[a["author_id"] == "rldrysdale"]
    assert drysdale["paper_id"].nunique() == 2
    # "Pan\-kaj K. Agar\-wal": the soft hyphens are gone from the name and the key
    assert a.loc[a["author_id"] == "pankajkagarwal", "name"].tolist() == ["Pankaj K. Agarwal"]


# --- one search in two databases ----------------------------------------------------------


@pytest.fixture(scope="module")
def mix():
    return normalise(
        [load_records(DATA / "mix_wos.txt"), load_records(DATA / "mix_scopus.csv")],
        add_owner=False,
    )


def test_doi_on_one_side_only_still_merges_on_title_year_and_authors(mix):
    p = mix.papers
    assert len(p) == 5
    assert mix.meta["merged_by"] == {"doi": 0, "ext_id": 0, "title_year_authors": 1}
    spanners = p[p["title"].str.lower() == "sparse spanners for unit-disk graphs"]
    assert len(spanners) == 1 and spanners["doi"].item() == "10.1000/mix.1"
    names = mix.authorships.loc[mix.authorships["paper_id"] == spanners["paper_id"].item()]
    # "J. Smith" (Scopus) and "John Smith" (WoS) agree on surname + first initial
    assert names["author_id"].tolist() == ["johnsmith", "chidinokafor", "evalindqvist"]


def test_placeholder_title_and_different_authors_never_merge(mix):
    p = mix.papers
    assert (p["title"] == "Editorial").sum() == 2
    assert p["title"].str.lower().eq("deep learning for mesh generation").sum() == 2
    e = edges(mix)
    assert frozenset({"evalindqvist", "petrnovak"}) not in e
    assert frozenset({"kenjiito", "ywang"}) not in e
    # the Scopus short form "Chen Z.‐t." (U+2010) is flipped and keyed like "Z.-t. Chen"
    assert "ztchen" in set(mix.authorships["author_id"])
    assert set(mix.authorships.loc[mix.authorships["author_id"] == "ztchen", "name"]) == {
        "Z.-t. Chen"
    }


def test_info_reports_merges_by_rule(mix):
    info = corpus_info(mix)
    assert info["papers"]["merged_by"] == {"doi": 0, "ext_id": 0, "title_year_authors": 1}
    assert format_info(info).splitlines()[1] == (
        "papers: 5 read, 1 duplicate merged (1 by title + year + authors)"
    )


# --- the rules, record by record ------------------------------------------------------------


def test_doi_normalised_prefix_case_and_trailing_punctuation():
    c = corpus_of(
        rec("A", ["Ann Lee"], doi="https://doi.org/10.1000/ABC.1.", line=1),
        rec("B", ["Bo Kim"], doi="doi:10.1000/abc.1", line=2),
        rec("C", ["Ann Lee"], doi=" http://dx.doi.org/10.1000/Abc.1; ", line=3),
    )
    assert len(c.papers) == 1
    assert c.meta["merged_by"] == {"doi": 2, "ext_id": 0, "title_year_authors": 0}


def test_shared_paper_id_merges_and_differing_dois_block_a_title_merge():
    c = corpus_of(
        rec("Graph spanners", ["Ann Lee", "Bo Kim"], ext_id="pmid:123;wos:000111", line=1),
        rec("Graph spanners (erratum applied)", ["Ann Lee"], ext_id="PMID:123", line=2),
        rec("Trees", ["Ann Lee", "Bo Kim"], doi="10.1000/t.1", line=3),
        rec("Trees", ["Ann Lee", "Bo Kim"], doi="10.1000/t.2", line=4),  # another version
        # a preprint and its journal version; two OpenAlex ids of one work
        rec("Forests", ["Ann Lee", "Bo Kim"], doi="10.48550/arXiv.2101.00001", line=5),
        rec("Forests", ["A. Lee"], doi="10.1000/f.1", ext_id="openalex:W2", line=6),
        rec("Forests.", ["Bo Kim"], ext_id="openalex:W3", line=7),
    )
    assert len(c.papers) == 4
    assert c.meta["merged_by"] == {"doi": 0, "ext_id": 1, "title_year_authors": 2}
    assert sorted(c.papers["ext_id"]) == ["", "", "openalex:W2;openalex:W3", "pmid:123;wos:000111"]
    forests = c.papers[c.papers["title"] == "Forests"]
    # the published DOI is the paper's DOI (the longer author list comes from the preprint)
    assert forests["doi"].tolist() == ["10.1000/f.1"]
    on_forests = c.authorships[c.authorships["paper_id"] == forests["paper_id"].item()]
    assert on_forests["name"].tolist() == ["Ann Lee", "Bo Kim"]


def test_title_merge_needs_a_year_match_and_no_placeholder():
    c = corpus_of(
        rec("Sparse spanners", ["Ann Lee"], year=2003, line=1),
        rec("Sparse spanners", ["Ann Lee"], year=None, line=2),
        rec("Untitled", ["Ann Lee"], line=3),
        rec("UNTITLED", ["Ann Lee"], line=4),
        rec("Letter to the Editor", ["Ann Lee"], line=5),
        rec("Letter to the editor.", ["Ann Lee"], line=6),
    )
    assert len(c.papers) == 6


def test_cut_list_and_initials_agree():
    c = corpus_of(
        rec("Kinetic data structures", ["Julien Basch", "Leonidas Guibas", "John Hershberger"]),
        rec("Kinetic Data Structures", ["J. Basch"], authors_complete=False, line=2),
        rec("Kinetic data structures.", [], authors_complete=False, line=3),
    )
    assert len(c.papers) == 1
    row = c.papers.iloc[0]
    assert (bool(row["authors_complete"]), int(row["n_listed"])) == (True, 3)


def test_a_merge_never_adds_an_author_no_record_pairs_with_the_others():
    # one DOI, two author lists that share nobody: a wrong DOI in one source
    c = corpus_of(
        rec("Trees", ["Ann Lee", "Bo Kim", "Cy Ng"], doi="10.1000/x", line=1),
        rec("Trees", ["Dee Roe"], doi="10.1000/x", line=2),
    )
    assert len(c.papers) == 1
    assert c.authorships["author_id"].tolist() == ["annlee", "bokim", "cyng"]
    assert c.meta["merge_dropped_authors"] == 1
    assert "1 author of merged records left out" in format_info(corpus_info(c))


def test_merge_is_order_independent():
    files = [load_records(DATA / n) for n in ("geom_style.bib", "mix_wos.txt", "mix_scopus.csv")]
    extra = LoadResult(
        [
            rec("Sparse spanners for unit-disk graphs", ["E. Lindqvist"], line=9, source="x"),
            rec("Sparse Spanners for Unit-Disk Graphs", ["Chidi Okafor"], line=8, source="x"),
        ]
    )

    def facts(results):
        c = normalise(results, add_owner=False)
        return (
            sorted(c.papers["paper_id"]),
            sorted(map(tuple, c.authorships[["paper_id", "author_id", "name"]].values.tolist())),
            c.meta["merged_by"],
        )

    first = facts([*files, extra])
    shuffled = random.Random(3)
    for _ in range(4):
        order = [*files, extra]
        shuffled.shuffle(order)
        flipped = [LoadResult(list(reversed(r.records)), r.problems, r.meta) for r in order]
        assert facts(flipped) == first


# --- property: no invented co-authorship ------------------------------------------------------

_NAMES = ["Ann Lee", "A. Lee", "Bo Kim", "B. Kim", "Bo Kimm", "Cy Ng", "Dee Roe", "D. Roe", "Ed Fu"]
_TITLES = ["Trees", "trees.", "Graphs", "??", "Editorial", "Spanners"]


@st.composite
def corpora(draw):
    n = draw(st.integers(1, 9))
    records = []
    for i in range(n):
        names = draw(st.lists(st.sampled_from(_NAMES), min_size=0, max_size=4))
        records.append(
            PaperRecord(
                title=draw(st.sampled_from(_TITLES)),
                authors=tuple(AuthorRef(x) for x in names),
                source=draw(st.sampled_from(["a.bib", "b.ris"])),
                line=i + 1,
                year=draw(st.sampled_from([2001, 2002, None])),
                doi=draw(st.sampled_from(["", "", "10.1/a", "10.1/A.", "10.1/b"])),
                ext_id=draw(st.sampled_from(["", "", "pmid:1", "wos:9"])),
                authors_complete=draw(st.booleans()),
            )
        )
    return records


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpora())
def test_no_edge_between_authors_who_share_no_input_record(records):
    c = corpus_of(*records)
    from graph.text import name_key

    together = set()
    for r in records:
        keys = {name_key(a.name) for a in r.authors}
        together.update(frozenset(p) for p in itertools.combinations(sorted(keys), 2))
    for pair in edges(c):
        assert pair in together, pair
    # nothing is lost silently: every record is a paper or counted as merged
    assert len(c.papers) + c.meta["duplicates_merged"] == len(records)
    assert sum(c.meta["merged_by"].values()) == c.meta["duplicates_merged"]
