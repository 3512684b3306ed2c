"""Several inputs in one run: papers deduplicated, authors merged by id, owners detected."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.load import load_records
from graph.load.owner import detect_owner
from graph.load.records import AuthorRef, PaperRecord
from graph.normalise import identity_map, normalise

FORMATS = Path(__file__).resolve().parent / "data" / "formats"
ALL = [
    "sample.bib",
    "sample.ris",
    "sample.csv",
    "scopus.csv",
    "wos.txt",
    "openalex_current.json",
    "openalex_2022.jsonl",
]


@pytest.fixture(scope="module")
def results():
    return [load_records(FORMATS / name) for name in ALL]


def test_one_paper_in_six_formats_is_one_paper(results):
    c = normalise(results)
    shared = c.papers[c.papers["doi"] == "10.1000/shared.1"]
    assert len(shared) == 1
    # records read: 5 bib + 3 ris + 4 csv + 4 scopus + 2 wos + 2 + 2 openalex = 22 (the CSV
    # row with the year 20x1 and the Scopus row without a year are read without a date, the
    # Scopus "[No author name available]" editorial as a paper without authors); the shared
    # paper is 7 records of one paper (bib, ris, csv, scopus, wos, openalex + 0)
    assert c.meta["records_read"] == 22
    assert c.meta["duplicates_merged"] == 5
    assert len(c.papers) == 17
    authors = c.authorships[c.authorships["paper_id"] == shared["paper_id"].iloc[0]]
    assert sorted(authors["name"]) == ["Hans Müller", "José García", "Karl Straße"]


def test_authors_merge_by_orcid_across_formats(results):
    c = normalise(results)
    # WoS "P. K. Agarwal" and OpenAlex "Pankaj K. Agarwal" share ORCID 0000-0002-9439-181X;
    # OpenAlex A2000000002 is "Alan Turing" and "Alan M. Turing"
    assert c.meta["merged_by_id"] == {"alanturing": "alanmturing", "pkagarwal": "pankajkagarwal"}
    agarwal = c.authorships[c.authorships["author_id"] == "pankajkagarwal"]
    # one spelling each: the display name is the alphabetically first (normalise's tie rule)
    assert len(agarwal) == 2 and set(agarwal["name"]) == {"P. K. Agarwal"}
    turing = c.authorships[c.authorships["author_id"] == "alanmturing"]
    # bib 2 + ris 1 + csv 1 + openalex_2022 2 ("Alan Turing", "Alan M. Turing"); Scopus's
    # "A. Turing" has no shared id: only `names` can suggest it
    assert turing["paper_id"].nunique() == 6


def test_without_ids_the_names_stay_apart():
    res = load_records(FORMATS / "wos.txt")
    c = normalise(res)
    assert "pkagarwal" in set(c.authorships["author_id"])
    assert c.meta["merged_by_id"] == {}


def test_identity_map_follows_chains_and_ignores_unlinked_keys():
    pairs = [("a", "x:1"), ("b", "x:1;y:2"), ("c", "y:2"), ("c", ""), ("d", "")]
    # c is the most frequent key of the chain a - x:1 - b - y:2 - c
    assert identity_map(pairs) == {"a": "c", "b": "c"}
    assert identity_map([("a", ""), ("b", "")]) == {}


def test_owner_detected_in_a_single_researcher_export():
    res = load_records(FORMATS / "owner_scholar.bib")
    assert res.meta["owner_detected"] == {
        "name": "Ada Lovelace",
        "papers": 4,
        "of": 5,
        "share": 0.8,
    }
    c = normalise(res)
    assert c.owner_ids == ("adalovelace",)
    assert c.meta["owners_detected"] == [
        {
            "source": str(FORMATS / "owner_scholar.bib"),
            "name": "Ada Lovelace",
            "papers": 4,
            "of": 5,
            "share": 0.8,
        }
    ]
    owner_rows = c.authorships[c.authorships["author_id"] == "adalovelace"]
    # listed on 4 papers, added (unlisted) to the fifth where she is "Lovelace, A."
    assert len(owner_rows) == 5 and int((~owner_rows["listed"]).sum()) == 1


def test_owner_override_and_off():
    res = load_records(FORMATS / "owner_scholar.bib")
    c = normalise(res, owner="Alan Turing")
    assert c.owner_ids == ("alanturing",)
    assert c.authorships.groupby("author_id")["paper_id"].nunique()["alanturing"] == 5
    off = normalise(res, add_owner=False)
    assert off.owner_ids == () and off.meta["owners_detected"] == []
    assert not off.authorships["is_owner"].any()


def _recs(author_lists):
    return [
        PaperRecord(f"T{i}", tuple(AuthorRef(n) for n in names), "f", i + 1)
        for i, names in enumerate(author_lists)
    ]


@pytest.mark.parametrize(
    ("lists", "expected"),
    [
        ([["A", "B"], ["A", "C"], ["A", "D"], ["E"], ["A"]], ("A", 4)),  # 4 of 5 = 80 %
        ([["A", "B"], ["A", "C"], ["D"], ["E"], ["A"]], None),  # 3 of 5 < 80 %
        ([["A", "B"], ["A", "B"]], None),  # 2 papers: too few
        ([["A", "B"], ["A", "B"], ["A", "B"]], None),  # a tie: whose file?
    ],
)
def test_owner_threshold(lists, expected):
    found = detect_owner(_recs(lists))
    assert (found and (found["name"], found["papers"])) == (expected or None)


def test_profile_owner_is_not_replaced_by_detection(default_profile):
    res = load_records(default_profile)
    assert "owner_detected" not in res.meta
    assert normalise(res).meta["owners_detected"] == []
