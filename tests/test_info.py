"""``collabgraph info`` and :func:`graph.info.corpus_info` on the default data and small cases."""

from __future__ import annotations

import json

from click.testing import CliRunner

from graph.cli import cli
from graph.config import default_input
from graph.info import corpus_info, format_info
from graph.load.profile_text import read_string
from graph.normalise import normalise


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_info_text_on_the_default_data():
    res = invoke("info")
    assert res.exit_code == 0
    assert res.output.splitlines() == [
        "owner: Shouhong Ding",
        "papers: 50 read of 107 claimed (the inputs list fewer papers than they claim)",
        "authors: 90 distinct (89 co-authors + 1 owner), 200 authorships (lower bounds: some "
        "author lists are cut)",
        "authors by initials (Newman 2001): 84 by surname + first initial, 84 by surname + all "
        "initials, 90 by our name key",
        'incomplete author lists: 50 of 50 papers ("et al.")',
        "affiliation tags: tencent-ai 8, pku 2, tsinghua 2 (12 rows)",
        "years: 2022–2026 (5 dates without a written year)",
        "categories: CV 46, LG 3, CR 1",
        "code: 12 papers marked Code, 10 with a repository URL",
        "skipped entries: 0",
        f"source {default_input()}: format profile, owner Shouhong Ding, field CV, h-index 58, "
        "claimed papers 107, citations 4741, novelty % 52, AI score 62, entries 50, read 50, "
        "skipped 0, capture year 2026 (latest year written on the page + 1), inferred years 5",
    ]


def test_info_json_on_the_default_data():
    res = invoke("info", "--json")
    assert res.exit_code == 0
    data = json.loads(res.output)
    assert list(data) == [
        "owners",
        "papers",
        "authors",
        "coauthor_graph",
        "groups",
        "incomplete_author_lists",
        "affiliations",
        "affiliation_rows",
        "years",
        "categories",
        "code",
        "skipped",
        "warnings",
        "sources",
    ]
    assert data["warnings"] == []
    assert data["owners"] == ["Shouhong Ding"]
    assert data["papers"] == {
        "read": 50,
        "claimed": 107,
        "fewer_than_claimed": True,
        "records_read": 50,
        "duplicates_merged": 0,
        "merged_by": {"doi": 0, "ext_id": 0, "title_year_authors": 0},
        "merge_dropped_authors": 0,
        "without_authors": 0,
    }
    assert data["authors"] == {
        "distinct": 90,
        "co_authors": 89,
        "owners": 1,
        "authorships": 200,
        "listed_authorships": 150,
        "lower_bound": True,
        # six pairs such as Bo Li / Bin Li share surname and first initial
        "newman": {"surname_first_initial": 84, "surname_initials": 84},
    }
    assert data["coauthor_graph"] == {"max_authors": 100, "papers_left_out": 0, "authors": 90}
    assert data["groups"] == {"distinct": 0, "papers": 0}
    assert data["incomplete_author_lists"] == 50
    assert list(data["affiliations"].items()) == [("tencent-ai", 8), ("pku", 2), ("tsinghua", 2)]
    assert data["years"] == {"first": 2022, "last": 2026, "inferred": 5}
    assert data["code"] == {"marked": 12, "url": 10}
    assert data["skipped"] == {"count": 0, "problems": []}
    (source,) = data["sources"]
    assert source == {
        "path": str(default_input()),
        "format": "profile",
        "owner": "Shouhong Ding",
        "field": "CV",
        "h_index": 58,
        "claimed_papers": 107,
        "citations": 4741,
        "novelty_pct": 52,
        "ai_score": 62,
        "entries": 50,
        "records": 50,
        "skipped": 0,
        "capture_date": "",
        "capture_year": 2026,
        "capture_year_rule": "latest year written on the page + 1",
        "inferred_years": 5,
    }
    assert invoke("info", "--json").output == res.output  # byte-for-byte reproducible


def test_info_options_owner_capture_date_no_owner():
    data = json.loads(
        invoke("info", "--json", "--owner", "S. Ding", "--capture-date", "2026-06-30").output
    )
    assert data["owners"] == ["S. Ding"]
    assert data["sources"][0]["capture_date"] == "2026-06-30"
    assert data["sources"][0]["capture_year_rule"] == "--capture-date"
    no_owner = json.loads(invoke("info", "--json", "--no-owner").output)
    assert no_owner["owners"] == [] and no_owner["authors"]["distinct"] == 89
    assert no_owner["authors"]["authorships"] == 150


def test_info_capture_date_too_early_leaves_the_dates_out_strict_stops():
    message = (
        f"{default_input()}:215: expected a date on or before the capture date (2026-05-01), "
        "found 'CVMay 15Code (year 2026 inferred)'. Hint: the page was saved later; pass its "
        "real --capture-date"
    )
    res = CliRunner().invoke(cli, ["info", "--capture-date", "2026-05-01"])
    assert res.exit_code == 0, res.output
    assert f"warning: {message} (left out this date)" in res.output.splitlines()
    strict = CliRunner().invoke(cli, ["info", "--capture-date", "2026-05-01", "--strict"])
    assert strict.exit_code == 1
    assert strict.output == f"Error: {message}\n"


def test_info_help_has_an_example():
    res = invoke("info", "--help")
    assert "Example:" in res.output and "collabgraph info --json" not in res.output
    assert "collabgraph info my_profile.txt" in res.output


def test_corpus_info_on_a_hand_made_page():
    text = (
        "Ada Lovelace\nCV\n5papers\n\n"
        "CVMay 3, 2019Code\nT1\n\nAlan Turing, Kurt Gödel · ox, cam\n\nSee https://gitlab.com/a/b\n\n"
        "LGJun 1\nT2\n\nAlan Turing et al. · ox\n\n"
        "CVFoo 1, 2020\nT3\n\nGrace Hopper\n"
    )
    info = corpus_info(normalise(read_string(text, "a.txt")))
    assert info["papers"]["read"] == 2 and info["papers"]["claimed"] == 5
    assert info["authors"] == {
        "distinct": 3,
        "co_authors": 2,
        "owners": 1,
        "authorships": 5,
        "listed_authorships": 3,
        "lower_bound": True,
        "newman": {"surname_first_initial": 3, "surname_initials": 3},
    }
    assert info["incomplete_author_lists"] == 1
    assert info["affiliations"] == {"ox": 2, "cam": 1} and info["affiliation_rows"] == 3
    assert info["years"] == {"first": 2019, "last": 2020, "inferred": 1}
    assert info["categories"] == {"CV": 1, "LG": 1}
    assert info["code"] == {"marked": 1, "url": 1}
    assert info["skipped"]["count"] == 1
    assert info["skipped"]["problems"][0].startswith("a.txt:17: expected an entry header")
    assert format_info(info).splitlines()[-2] == "skipped entries: 1"


def test_readme_shows_the_real_info_output(monkeypatch, default_profile):
    root = default_profile.parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    command = "$ collabgraph info data/shouhong_ding_profile.txt\n"
    shown = readme.split(command, 1)[1].split("```", 1)[0]
    monkeypatch.chdir(root)
    assert invoke("info", "data/shouhong_ding_profile.txt").output == shown


def test_newman_bounds_hand_checked():
    # eight spellings, eight name keys; by hand:
    #   surname + first initial: agarwal p, smith j                         -> 2
    #   surname + all initials:  agarwal pk, agarwal p, smith j, smith ja   -> 4
    rows = (
        "A,2001,Pankaj K. Agarwal;John Smith\n"
        "B,2002,P. K. Agarwal;J. Smith\n"
        "C,2003,P. Agarwal;Jane Smith\n"
        "D,2004,Pramod Agarwal;J. A. Smith\n"
    )
    from graph.load.csv_table import read_string as read_csv

    info = corpus_info(normalise(read_csv("title,year,authors\n" + rows)))
    assert info["authors"]["distinct"] == 8
    assert info["authors"]["newman"] == {"surname_first_initial": 2, "surname_initials": 4}
    assert (
        "authors by initials (Newman 2001): 2 by surname + first initial, 4 by surname + all "
        "initials, 8 by our name key"
    ) in format_info(info).splitlines()
