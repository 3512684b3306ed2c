"""What normalise carries into the tables and what the commands say about it: group authors,
paper urls and ids, institutions' countries and addresses (issue 12.7, 12.8), inputs that gave
no paper or lost most records (12.2), and one author count on every command (12.10)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from graph.build import affiliation_graph, coauthor_graph
from graph.cli import cli
from graph.config import RunConfig
from graph.errors import InputError, Problem
from graph.export import write_graphml
from graph.info import corpus_info, format_info
from graph.load import LoadResult
from graph.load.records import AuthorRef, PaperRecord
from graph.normalise import check_read, normalise
from graph.pipeline import analyse_corpus, summary_line
from graph.schema import AFFILIATION_COLUMNS, PAPER_COLUMNS

DATA = Path(__file__).resolve().parent / "data" / "normalise"

OXFORD = "Univ Oxford, Dept Phys, Oxford OX1 3PU, England"


def wos_like() -> LoadResult:
    """Records as a WoS reader fills them: collective authors in ``groups``, the organisation
    of each ``C1`` address with its country and the whole address."""
    return LoadResult(
        [
            PaperRecord(
                "Trial one",
                (
                    AuthorRef("Jane Doe", "", ("Univ Oxford",), (), ("England",), (OXFORD,)),
                    AuthorRef(
                        "Ann Smith",
                        "",
                        ("Univ Oxford", "Karolinska Inst"),
                        (),
                        ("England", "Sweden"),
                        ("Univ Oxford, Oxford, England", "Karolinska Inst, Stockholm, Sweden"),
                    ),
                ),
                "t.txt",
                3,
                year=2003,
                groups=("DELTA Study Grp", "Graph Consortium"),
                url="https://example.org/t1",
                ext_id="wos:000000000000001",
            ),
            PaperRecord(
                "Trial two",
                (AuthorRef("Jane Doe", "", ("Univ Oxford",), (), ("UK",), ("Univ Oxford, UK",)),),
                "t.txt",
                20,
                year=2004,
                groups=("DELTA Study Grp",),
                affiliations=("Wellcome Trust",),
                affiliation_countries=("England",),
                affiliation_addresses=("Wellcome Trust, London NW1 2BE, England",),
            ),
            PaperRecord("Trial three", (AuthorRef("Bo Li", "", ("MIT",)),), "t.txt", 30, year=2004),
        ],
        meta={"path": "t.txt"},
    )


@pytest.fixture(scope="module")
def trials():
    return normalise(wos_like(), add_owner=False)


def test_papers_table_has_groups_url_and_ext_id(trials):
    assert list(trials.papers.columns) == list(PAPER_COLUMNS)
    rows = trials.papers[["title", "groups", "url", "ext_id"]].values.tolist()
    assert rows == [
        [
            "Trial one",
            "DELTA Study Grp; Graph Consortium",
            "https://example.org/t1",
            "wos:000000000000001",
        ],
        ["Trial two", "DELTA Study Grp", "", ""],
        ["Trial three", "", "", ""],
    ]
    # collective authors are never persons
    assert "deltastudygrp" not in set(trials.authorships["author_id"])


def test_affiliations_table_has_country_and_address(trials):
    aff = trials.affiliations
    assert list(aff.columns) == list(AFFILIATION_COLUMNS)
    rows = aff[["institution", "author_id", "country", "address"]].values.tolist()
    assert rows == [
        ["Univ Oxford", "janedoe", "England", OXFORD],
        ["Univ Oxford", "annsmith", "England", "Univ Oxford, Oxford, England"],
        ["Karolinska Inst", "annsmith", "Sweden", "Karolinska Inst, Stockholm, Sweden"],
        ["Univ Oxford", "janedoe", "UK", "Univ Oxford, UK"],
        ["Wellcome Trust", "", "England", "Wellcome Trust, London NW1 2BE, England"],
        ["MIT", "boli", "", ""],
    ]


def test_institution_nodes_carry_their_country(trials, tmp_path):
    A = affiliation_graph(trials)
    # Oxford: England on 2 rows, UK on 1 -> England; MIT: no country -> no attribute
    assert A.nodes["inst:Univ Oxford"]["country"] == "England"
    assert A.nodes["inst:Karolinska Inst"]["country"] == "Sweden"
    assert "country" not in A.nodes["inst:MIT"]
    assert "country" not in A.nodes["janedoe"]
    back = nx.read_graphml(write_graphml(A, tmp_path / "a.graphml"))
    assert back.nodes["inst:Univ Oxford"]["country"] == "England"


def test_group_authors_are_counted_and_kept_off_the_graph(trials):
    info = corpus_info(trials)
    assert info["groups"] == {"distinct": 2, "papers": 2}
    assert "group authors: 2 on 2 papers, kept off the co-author graph" in format_info(info)
    G = coauthor_graph(trials)
    assert set(G) == {"janedoe", "annsmith", "boli"}
    summary = summary_line(analyse_corpus(trials, RunConfig(inputs=(), seed=1)))
    assert "2 group authors kept off the co-author graph" in summary


# --- issue 12.2: an input that gave nothing ---------------------------------------------------


def _bad(path, n):
    return [
        Problem(InputError(path, 3 + 6 * k, f"a title field in entry 'draft-{k}'"), "entry")
        for k in range(n)
    ]


def test_a_file_with_no_readable_record_is_an_error():
    with pytest.raises(InputError) as err:
        check_read([LoadResult([], _bad("w.bib", 3), {"path": "w.bib"})])
    assert str(err.value) == (
        "w.bib: expected at least one paper, found '0 papers from 3 records'. Hint: all 3 were "
        "skipped, most often for \"expected a title field in entry '…'\" (3 times) (first at "
        "w.bib:3); check the file is in the format it was read as (--format)"
    )
    # a reader that counts the records it saw (entries) without a problem for each
    with pytest.raises(InputError, match="0 papers from 5 records"):
        check_read([LoadResult([], [], {"path": "x.ris", "entries": 5})])
    # in-memory input (no path) and an empty result are not refused here
    assert check_read([LoadResult([], _bad("<input>", 1))]) == []


def test_most_records_skipped_is_a_warning_with_the_share():
    good = PaperRecord("Notes", (AuthorRef("Ada Lovelace"),), "h.bib", 1, year=1843)
    res = LoadResult([good], _bad("h.bib", 2), {"path": "h.bib"})
    assert check_read([res]) == [
        {
            "path": "h.bib",
            "skipped": 2,
            "seen": 3,
            "share": 0.6667,
            "reason": "a title field in entry '…'",
            "times": 2,
        }
    ]
    c = normalise(res)
    assert c.meta["warnings"] == [
        'MOST RECORDS SKIPPED: 67% of h.bib (2 of 3 records), most often for "expected a title '
        "field in entry '…'\" (2 times); the results leave them out"
    ]
    half = LoadResult([good, good], _bad("h.bib", 2), {"path": "h.bib"})
    assert check_read([half]) == []  # half is not most


def _hashes(folder: Path) -> dict[str, str]:
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in sorted(folder.iterdir())}


def test_run_on_a_file_without_papers_fails_and_keeps_the_previous_outputs(tmp_path):
    out = tmp_path / "out"
    first = CliRunner().invoke(cli, ["run", "--out", str(out), "-q"])
    assert first.exit_code == 0, first.output
    before = _hashes(out)
    bad = DATA / "all_skipped.bib"
    res = CliRunner().invoke(cli, ["run", str(bad), "--out", str(out)])
    assert res.exit_code == 1
    error = res.output.strip().splitlines()[-1]
    assert error.startswith(f"Error: {bad}: expected at least one paper, found '0 papers from 3")
    assert "expected a title field" in error and "Traceback" not in res.output
    assert _hashes(out) == before
    for cmd in (["info"], ["export", "-o", str(tmp_path / "x.graphml")], ["names"]):
        res = CliRunner().invoke(cli, [*cmd, str(bad)])
        assert res.exit_code == 1 and "expected at least one paper" in res.output


def test_run_says_which_file_lost_most_records(tmp_path):
    half = DATA / "half_skipped.bib"
    res = CliRunner().invoke(cli, ["run", str(half), "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert f"warning: MOST RECORDS SKIPPED: 67% of {half} (2 of 3 records)" in res.output
    assert "2 records skipped (67% of half_skipped.bib)" in res.output
    res = CliRunner().invoke(cli, ["info", str(half)])
    assert f"warning: MOST RECORDS SKIPPED: 67% of {half}" in res.output


# --- issue 12.10: one author count ------------------------------------------------------------

PAGE = (
    "Olga Owner\n\nCVMay 3, 2021\nBig Team\n\nAnn A, Ben B, Cid C, Dee D\n\n"
    "CVMay 4, 2021\nSmall Team\n\nAnn A, Eve E\n"
)
# The big paper has 5 authors with Olga; --max-authors 4 leaves it out: Olga, Ann, Eve stay.
NOTE = (
    "1 paper with more than 4 authors left out of the co-author graph (--max-authors): "
    "3 of 6 authors in the graph"
)


def test_run_info_and_export_state_the_same_counts(tmp_path):
    page = tmp_path / "p.txt"
    page.write_text(PAGE, encoding="utf-8")
    args = [str(page), "--max-authors", "4"]
    run = CliRunner().invoke(cli, ["run", *args, "--out", str(tmp_path / "o")])
    assert run.exit_code == 0, run.output
    assert "3 authors, 3 co-author links" in run.output and NOTE in run.output
    info = CliRunner().invoke(cli, ["info", *args])
    assert info.exit_code == 0, info.output
    assert "authors: 6 distinct (5 co-authors + 1 owner)" in info.output
    assert f"co-author graph: {NOTE}" in info.output.splitlines()
    export = CliRunner().invoke(cli, ["export", *args, "-o", str(tmp_path / "g.graphml")])
    assert export.exit_code == 0, export.output
    assert "coauthors: 3 nodes, 3 edges" in export.output
    assert f"note: {NOTE}" in export.output.splitlines()
    # nothing left out: no note anywhere, and the counts agree
    for cmd in (["info"], ["export", "-o", str(tmp_path / "h.graphml")]):
        res = CliRunner().invoke(cli, [*cmd, str(page)])
        assert "left out of the co-author graph" not in res.output
    assert "authors: 6 distinct" in CliRunner().invoke(cli, ["info", str(page)]).output
    run = CliRunner().invoke(cli, ["run", str(page), "--out", str(tmp_path / "o2")])
    assert "6 authors, 12 co-author links" in run.output
