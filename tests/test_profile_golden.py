"""Golden tests of the profile reader on the seed page (data/shouhong_ding_profile.txt).

Whole-file numbers are recomputed here by a separate, deliberately naive parse that relies on
the seed's fixed layout (ten header lines, then one entry every seven lines: header, title,
blank, authors, blank, abstract, blank), so they do not just echo the reader's own output.
Full records are pinned from reading the file by eye.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pandas as pd
import pytest

from graph.load import load_records
from graph.load.profile_text import read
from graph.normalise import normalise

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@pytest.fixture(scope="module")
def lines(default_profile):
    return default_profile.read_text(encoding="utf-8").split("\n")


@pytest.fixture(scope="module")
def naive(lines):
    """The seed parsed by position, with plain string operations."""
    entries = []
    for i in range(11, len(lines), 7):
        header, title, blank1, authors, blank2, abstract = lines[i : i + 6]
        assert blank1 == blank2 == "", i
        names_part, _, tags = authors.partition(" · ")
        names = [n.strip() for n in names_part.replace(" et al.", "").split(",")]
        entries.append(
            {
                "line": i + 1,
                "header": header,
                "title": title,
                "names": names,
                "et_al": authors.split(" · ")[0].endswith("et al."),
                "tags": [t.strip() for t in tags.split(",") if t.strip()],
                "abstract": abstract,
            }
        )
    return entries


@pytest.fixture(scope="module")
def result(default_profile):
    return read(default_profile)


@pytest.fixture(scope="module")
def corpus(result):
    return normalise(result)


def test_layout_assumption_of_the_naive_parse(lines, naive):
    assert len(naive) == 50
    heads = [e["header"] for e in naive]
    assert all(re.fullmatch(r"(CV|LG|CR)[A-Z][a-z]{2} \d{1,2}(, 20\d\d)?(Code)?", h) for h in heads)
    # no other line of the file looks like an entry header
    assert sum(bool(re.match(r"^[A-Z]+[A-Z][a-z]{2} \d", s)) for s in lines) == 50


def test_header_statistics(result):
    meta = result.meta
    assert (meta["owner"], meta["field"]) == ("Shouhong Ding", "CV")
    assert (meta["h_index"], meta["claimed_papers"], meta["citations"]) == (58, 107, 4741)
    assert (meta["novelty_pct"], meta["ai_score"]) == (52, 62)
    assert (meta["entries"], meta["records"], meta["skipped"]) == (50, 50, 0)
    assert result.problems == []


def test_capture_year_is_latest_written_year_plus_one(result, naive):
    written = [int(m.group(1)) for e in naive if (m := re.search(r", (\d{4})", e["header"]))]
    assert len(written) == 45 and max(written) == 2025
    assert result.meta["capture_year"] == 2026
    assert result.meta["capture_year_rule"] == "latest year written on the page + 1"
    assert result.meta["inferred_years"] == 5


def test_whole_file_counts(corpus, naive):
    papers, auth, affs = corpus.papers, corpus.authorships, corpus.affiliations
    assert len(papers) == len(naive) == 50
    listed = sum(len(e["names"]) for e in naive)
    assert listed == 150
    assert len(auth) == listed + 50 == 200  # the owner on each of the 50 papers
    keys = {n.lower().replace("-", "").replace(" ", "") for e in naive for n in e["names"]}
    assert len(keys) == 89 and "shouhongding" not in keys
    assert auth["author_id"].nunique() == len(keys) + 1 == 90
    assert auth["is_owner"].sum() == 50 and (~auth["listed"]).sum() == 50
    assert corpus.incomplete_papers == sum(e["et_al"] for e in naive) == 50
    tags = Counter(t for e in naive for t in e["tags"])
    assert tags == {"tencent-ai": 8, "tsinghua": 2, "pku": 2}
    assert len(affs) == sum(tags.values()) == 12
    assert Counter(affs["institution"]) == tags
    assert (affs["author_id"] == "").all()  # paper-level tags
    assert papers["has_code"].sum() == sum(e["header"].endswith("Code") for e in naive) == 12
    assert (papers["code_url"] != "").sum() == 10
    assert papers["year_inferred"].sum() == sum("," not in e["header"] for e in naive) == 5
    assert Counter(papers["category"]) == Counter(e["header"][:2] for e in naive)
    assert Counter(papers["category"]) == {"CV": 46, "LG": 3, "CR": 1}
    assert Counter(papers["year"].tolist()) == {2022: 17, 2023: 16, 2024: 7, 2025: 5, 2026: 5}
    assert papers["title_raw"].tolist() == [e["title"] for e in naive]
    assert papers["line"].tolist() == [e["line"] for e in naive]


def test_every_date_matches_its_header(corpus, naive):
    for e, (date, year, inferred) in zip(
        naive,
        corpus.papers[["date", "year", "year_inferred"]].itertuples(index=False),
        strict=True,
    ):
        m = re.match(r"[A-Z]+?([A-Z][a-z]{2}) (\d+)(?:, (\d{4}))?", e["header"])
        expected = dt.date(int(m[3] or 2026), MONTHS.index(m[1]) + 1, int(m[2]))
        assert (date, year, inferred) == (expected.isoformat(), expected.year, m[3] is None)


def test_yearless_dates_are_the_capture_year(corpus):
    rows = corpus.papers.loc[corpus.papers["year_inferred"], ["line", "date"]]
    assert rows.values.tolist() == [
        [215, "2026-05-15"],
        [222, "2026-04-17"],
        [313, "2026-05-16"],
        [327, "2026-02-25"],
        [334, "2026-03-21"],
    ]


def _record(corpus, line):
    paper = corpus.papers.set_index("line").loc[line]
    auth = corpus.authorships[corpus.authorships["paper_id"] == paper["paper_id"]]
    affs = corpus.affiliations[corpus.affiliations["paper_id"] == paper["paper_id"]]
    people = [
        (r.name, None if pd.isna(r.position) else int(r.position), r.listed, r.is_owner)
        for r in auth.itertuples()
    ]
    return paper, people, affs["institution"].tolist()


OWNER = ("Shouhong Ding", None, False, True)


def test_record_first_entry(corpus):
    paper, people, tags = _record(corpus, 12)
    assert paper["title"] == "Instance-Aware Domain Generalization for Face Anti-Spoofing"
    assert (paper["date"], paper["year"], paper["year_inferred"]) == ("2023-04-12", 2023, False)
    assert (paper["category"], paper["has_code"]) == ("CV", True)
    assert paper["code_url"] == "https://github.com/qianyuzqy/IADG"
    assert (paper["authors_complete"], paper["n_listed"]) == (False, 3)
    assert people == [
        ("Qianyu Zhou", 0, True, False),
        ("Ke-Yue Zhang", 1, True, False),
        ("Taiping Yao", 2, True, False),
        OWNER,
    ]
    assert tags == ["tencent-ai", "tsinghua"]
    assert paper["abstract"].startswith("Face anti-spoofing (FAS) based on domain generalization")


def test_record_organisation_url_is_not_a_repository(corpus):
    paper, people, tags = _record(corpus, 33)
    assert paper["title"] == "SoccerNet 2023 Challenges Results"
    assert (paper["date"], paper["has_code"], paper["code_url"]) == ("2023-09-12", False, "")
    assert "https://github.com/SoccerNet" in paper["abstract"]
    assert people[0] == ("Anthony Cioppa", 0, True, False)
    assert tags == ["pku"]


def test_record_yearless_date_with_code(corpus):
    paper, people, tags = _record(corpus, 215)
    assert paper["title"].startswith("GenShield: Unified Detection and Artifact Correction")
    assert (paper["date"], paper["year"], paper["year_inferred"]) == ("2026-05-15", 2026, True)
    assert (paper["date_precision"], paper["has_code"]) == ("day", True)
    assert paper["code_url"] == "https://github.com/zhipeixu/GenShield"
    assert people == [
        ("Zhipei Xu", 0, True, False),
        ("Xuanyu Zhang", 1, True, False),
        ("Youmin Xu", 2, True, False),
        OWNER,
    ]
    assert tags == []


def test_record_latex_title_and_abstract_agree(corpus):
    paper, _, _ = _record(corpus, 243)
    assert paper["title_raw"].startswith("ID$^3$: Identity-Preserving")
    assert paper["title"] == (
        "ID³: Identity-Preserving-yet-Diversified Diffusion Models for Synthetic Face Recognition"
    )
    assert "termed ID³. ID³ employs" in paper["abstract"]  # was "$\text{ID}^3$"
    assert (paper["date"], paper["has_code"], paper["code_url"]) == ("2024-09-26", False, "")
    lare, _, _ = _record(corpus, 278)
    assert lare["title"].startswith("LaRE²: Latent Reconstruction Error")
    assert "method (LaRE²) for detecting" in lare["abstract"]  # bare "LaRE^2" in the source
    assert (lare["has_code"], lare["code_url"]) == (True, "")  # marked, but no URL given


def test_record_href_and_git_suffix(corpus):
    paper, _, tags = _record(corpus, 285)
    assert paper["code_url"] == "https://github.com/YZY-stack/Effort-AIGI-Detection"
    assert paper["abstract"].endswith(
        "available at GitHub (https://github.com/YZY-stack/Effort-AIGI-Detection)."
    )
    assert tags == ["tencent-ai"]
    ms_detr, _, _ = _record(corpus, 341)
    assert ms_detr["code_url"] == "https://github.com/snailma0229/MS-DETR"  # ".git." in text


def test_record_other_category(corpus):
    paper, people, _ = _record(corpus, 257)
    assert (paper["title"], paper["category"]) == (
        "Artificial Intelligence Security Competition (AISC)",
        "CR",
    )
    assert paper["date"] == "2022-12-07"
    assert people[:3] == [
        ("Yinpeng Dong", 0, True, False),
        ("Peng Chen", 1, True, False),
        ("Senyou Deng", 2, True, False),
    ]


def test_no_latex_left_in_clean_text(corpus):
    for text in list(corpus.papers["title"]) + list(corpus.papers["abstract"]):
        assert "$" not in text and "\\" not in text


def test_capture_date_overrides_the_year(default_profile):
    res = load_records(default_profile, capture_date=dt.date(2026, 6, 1))
    inferred = [r for r in res.records if r.year_inferred]
    assert [r.date for r in inferred][:2] == [dt.date(2026, 5, 15), dt.date(2026, 4, 17)]
    assert res.meta["capture_year_rule"] == "--capture-date"
    assert res.meta["capture_date"] == "2026-06-01"


def test_owner_override(default_profile):
    res = read(default_profile, owner="S. Ding")
    assert res.meta["owner"] == "S. Ding" and res.meta["owner_on_page"] == "Shouhong Ding"
    assert {r.owners for r in res.records} == {("S. Ding",)}
