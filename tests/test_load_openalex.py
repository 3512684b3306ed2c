"""The OpenAlex reader on a real download: tests/data/openalex/works_tu9_2022.json (CC0).

The counts in its README (410 works, 4702 authorships, 4638 author ids, a work with 2918
authors) are pinned, and the reader's output is checked against the same figures computed
here straight from the JSON.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.load import load_records
from graph.normalise import normalise

SAMPLE = Path(__file__).resolve().parent / "data" / "openalex" / "works_tu9_2022.json"


@pytest.fixture(scope="module")
def raw():
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def result():
    return load_records(SAMPLE)


def test_readme_counts(result):
    recs = result.records
    assert len(recs) == 410 and result.problems == []
    assert sum(len(r.authors) for r in recs) == 4702
    ids = {
        i for r in recs for a in r.authors for i in a.ext_id.split(";") if i.startswith("openalex:")
    }
    assert len(ids) == 4638
    assert max(len(r.authors) for r in recs) == 2918


def test_reader_matches_the_json(raw, result):
    ships = [s for w in raw for s in w["authorships"]]
    orcids = sum(1 for s in ships if s["author"].get("orcid"))
    assert orcids == 1211
    assert sum("orcid:" in a.ext_id for r in result.records for a in r.authors) == orcids
    with_doi = sum(1 for w in raw if w["doi"])
    assert with_doi == 323 and sum(1 for r in result.records if r.doi) == with_doi
    abstracts = sum(1 for w in raw if w["abstract_inverted_index"])
    assert abstracts == 119 and sum(1 for r in result.records if r.abstract) == abstracts
    # 2022 schema: the venue comes from host_venue
    venues = [(w["host_venue"] or {}).get("display_name") or "" for w in raw]
    assert [r.venue for r in result.records] == [v.strip() for v in venues]
    # every institution with a ROR id keeps it
    rors = {
        i["display_name"]: i["ror"].rsplit("/", 1)[-1]
        for s in ships
        for i in s["institutions"]
        if i.get("ror")
    }
    assert all(result.meta["institution_ids"][k] == v for k, v in rors.items())


def test_first_work_in_detail(result):
    rec = result.records[0]
    assert rec.title == "Handbook of Random Forests" and rec.doi == "10.1142/10552"
    a = rec.authors[0]
    assert (a.name, a.ext_id, a.affiliations, a.affiliation_ids) == (
        "Ronny Hänsch",
        "openalex:A4202611140",
        ("Technical University of Berlin",),
        ("03v4gjf40",),
    )
    assert str(rec.date) == "2023-02-01" and rec.venue == "Series in computer vision"


def test_normalised_corpus(result):
    c = normalise(result)
    # 8 works repeat a title, year and authors of another (OpenAlex duplicates): merged; 2 of
    # them have a DOI on one side only ("Deep Learning for Physics Research", W3176036677 and
    # W4206701723; "History of Transparency in Politics and Society")
    assert (len(c.papers), c.meta["duplicates_merged"]) == (402, 8)
    assert c.meta["merged_by"] == {"doi": 0, "ext_id": 0, "title_year_authors": 8}
    # one OpenAlex id per spelling here, so ids merge nothing the name key did not
    assert c.meta["merged_by_id"] == {}
    # 2022 OpenAlex split people into several ids (same name, same institution): the name
    # key merges them back, so there are fewer authors than ids
    assert c.authorships["author_id"].nunique() == 4345
    assert c.meta["owners_detected"] == []  # nine universities: nobody is on 80% of papers
