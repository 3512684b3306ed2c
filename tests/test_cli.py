"""The command line, through click's CliRunner."""

from __future__ import annotations

import csv

import networkx as nx
from click.testing import CliRunner

from graph import __version__
from graph.cli import cli


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_help_lists_run_with_an_example():
    res = invoke("--help")
    assert res.exit_code == 0
    assert "run" in res.output and "Example" in res.output


def test_run_help_has_example_and_options():
    res = invoke("run", "--help")
    assert res.exit_code == 0
    for option in ("--out", "--seed", "--owner", "--capture-date", "--strict", "Example"):
        assert option in res.output


def test_version():
    res = invoke("--version")
    assert res.exit_code == 0
    assert res.output.strip() == f"collabgraph, version {__version__}"


def test_default_run_writes_the_three_files(tmp_path):
    out = tmp_path / "out"
    res = invoke("run", "--out", str(out))
    assert res.exit_code == 0, res.output
    for name in ("coauthors.html", "coauthors.graphml", "coauthors.csv"):
        assert (out / name).is_file(), name
        assert f"wrote {out / name}" in res.output
    assert "50 papers (the inputs claim 107; only 50 are listed)" in res.output
    assert "90 authors, 211 co-author links" in res.output
    G = nx.read_graphml(out / "coauthors.graphml")
    assert (G.number_of_nodes(), G.number_of_edges()) == (90, 211)
    with open(out / "coauthors.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    # 89 co-authors of the owner; Taiping Yao is on 9 of the 50 papers.
    assert len(rows) == 89
    assert (rows[0]["name"], rows[0]["joint_papers"]) == ("Taiping Yao", "9")
    html = (out / "coauthors.html").read_text(encoding="utf-8")
    assert "<script src=" not in html and "https://cdn" not in html


def test_quiet_run_prints_nothing(tmp_path):
    res = invoke("run", "--out", str(tmp_path), "--quiet")
    assert res.exit_code == 0
    assert res.output == ""


def test_missing_input_is_one_line_error(tmp_path):
    res = CliRunner().invoke(cli, ["run", str(tmp_path / "nope.txt"), "--out", str(tmp_path)])
    assert res.exit_code == 1
    assert res.exception is None or isinstance(res.exception, SystemExit)
    assert (
        res.output.strip() == f"Error: {tmp_path / 'nope.txt'}: expected an existing input "
        "file. Hint: check the path and spelling"
    )
    assert "Traceback" not in res.output


def test_unknown_option_exits_2():
    res = CliRunner().invoke(cli, ["run", "--bogus"])
    assert res.exit_code == 2
    assert "No such option '--bogus'" in res.output


def test_bad_capture_date_is_usage_error():
    res = CliRunner().invoke(cli, ["run", "--capture-date", "2026-13-01"])
    assert res.exit_code == 2
    assert "not a date in the form YYYY-MM-DD" in res.output


def test_unwritable_output_folder_is_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    res = CliRunner().invoke(cli, ["run", "--out", str(blocker / "sub")])
    assert res.exit_code == 1
    assert "cannot create output folder" in res.output


def test_python_dash_m_entry_point():
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "graph", "--help"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0
    assert "collabgraph" in proc.stdout


def test_run_with_a_year_range_that_keeps_nothing(tmp_path):
    # Regression: ranking an empty graph (owner filtered out) used to crash in a pandas join.
    res = CliRunner().invoke(cli, ["run", "--from-year", "3000", "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert "0 authors, 0 co-author links" in res.output
    assert (tmp_path / "coauthors.csv").read_text(encoding="utf-8").startswith("rank,author_id")


def test_run_max_authors_says_what_it_left_out(tmp_path):
    page = tmp_path / "p.txt"
    page.write_text(
        "Olga Owner\n\nCVMay 3, 2021\nBig Team\n\nAnn A, Ben B, Cid C, Dee D\n\n"
        "CVMay 4, 2021\nSmall Team\n\nAnn A, Eve E\n",
        encoding="utf-8",
    )
    res = CliRunner().invoke(
        cli, ["run", str(page), "--max-authors", "4", "--out", str(tmp_path / "o")]
    )
    assert res.exit_code == 0, res.output
    assert "3 authors, 3 co-author links" in res.output
    assert "1 paper with more than 4 authors left out of the co-author graph" in res.output
    html = (tmp_path / "o" / "coauthors.html").read_text(encoding="utf-8")
    assert "1 paper with more than 4 authors is left out of this network" in html
    res = CliRunner().invoke(
        cli, ["run", str(page), "--max-authors", "0", "--out", str(tmp_path / "o")]
    )
    assert "6 authors, 12 co-author links" in res.output and "more than" not in res.output


def test_year_range_out_of_order_is_a_usage_error(tmp_path):
    for cmd in (
        ["run", "--out", str(tmp_path)],
        ["export", "-o", str(tmp_path / "g.graphml")],
        ["rank"],
        ["path", "A", "B"],
    ):
        res = CliRunner().invoke(cli, [*cmd, "--from-year", "2024", "--to-year", "2022"])
        assert res.exit_code == 2, cmd
        assert "Invalid value for --from-year: 2024 is after --to-year 2022" in res.output
    assert not any(tmp_path.iterdir())


_SHARED_PAGE = (
    "Olga Owner\n\n"
    "CVMay 3, 2019\nOld Paper\n\nAnn A, Ben B\n\n"
    "CVMay 4, 2021\nNew Paper\n\nAnn A, Cid C\n\n"
    "CVMay 5, 2022\nNewer Paper\n\nAnn A, Cid C, Dee D, Eve E\n"
)


def test_graph_and_analysis_options_mean_the_same_on_every_command(tmp_path):
    """--from-year/--min-weight/--max-authors/--engine/--alter, shared by run, export, rank
    and path, filter the same network (counts checked by hand on the page above)."""
    page = tmp_path / "p.txt"
    page.write_text(_SHARED_PAGE, encoding="utf-8")
    # From 2021: Olga, Ann, Cid, Dee, Eve; links: the 2021 triangle (3) + the 2022 5-clique
    # (10) sharing Olga-Ann, Olga-Cid, Ann-Cid -> 10 links.
    res = invoke(
        "run",
        str(page),
        "--from-year",
        "2021",
        "--engine",
        "networkx",
        "--out",
        str(tmp_path / "o"),
    )
    assert "5 authors, 10 co-author links" in res.output
    g = tmp_path / "g.graphml"
    res = invoke(
        "export",
        str(page),
        "--from-year",
        "2021",
        "--min-weight",
        "2",
        "--engine",
        "networkx",
        "-o",
        str(g),
    )
    assert res.exit_code == 0, res.output
    # only Olga-Ann, Olga-Cid and Ann-Cid have two joint papers from 2021 on (the links are
    # filtered, the authors stay)
    assert "coauthors: 5 nodes, 3 edges" in res.output
    G = nx.read_graphml(g)
    assert sorted(sorted(G.nodes[n]["label"] for n in e) for e in G.edges) == [
        ["Ann A", "Cid C"],
        ["Ann A", "Olga Owner"],
        ["Cid C", "Olga Owner"],
    ]
    # --max-authors 3 leaves the 5-author 2022 paper out: Ann's joint papers are 2019, 2021
    res = invoke("rank", str(page), "--max-authors", "3", "--to", "csv")
    rows = list(csv.DictReader(res.output.splitlines()))
    assert [(r["name"], r["joint_papers"]) for r in rows] == [
        ("Ann A", "2"),
        ("Ben B", "1"),
        ("Cid C", "1"),
    ]
    res = invoke("rank", str(page), "--to-year", "2020", "--to", "csv")
    assert [r["name"] for r in csv.DictReader(res.output.splitlines())] == ["Ann A", "Ben B"]
    # path: Ben reaches Dee through Ann in the alter network; before 2022 Dee is not there
    res = invoke("path", str(page), "Ben B", "Dee D", "--alter")
    assert res.output.splitlines()[0] == "Ben B -> Ann A -> Dee D"
    res = CliRunner().invoke(
        cli, ["path", str(page), "Ben B", "Dee D", "--alter", "--to-year", "2021"]
    )
    assert res.exit_code == 1 and "no author named 'Dee D'" in res.output


def test_a_year_window_that_holds_no_paper_is_said(tmp_path):
    """An empty network is the right answer to --from-year 3000, never a silent one."""
    bib = tmp_path / "a.bib"
    bib.write_text(
        "@article{a, author={Ada Lovelace and Alan Turing}, title={One}, year={2019}}\n"
        "@article{b, author={Ada Lovelace and Grace Hopper}, title={Two}, year={2021}}\n",
        encoding="utf-8",
    )
    res = CliRunner().invoke(
        cli, ["run", str(bib), "--from-year", "3000", "--out", str(tmp_path / "o")]
    )
    assert res.exit_code == 0, res.output
    assert "0 authors" in res.output
    assert "the year window 3000– holds none of the 2 papers (dated 2019–2021)" in res.output
    inside = CliRunner().invoke(
        cli, ["run", str(bib), "--from-year", "2020", "--out", str(tmp_path / "p")]
    )
    assert "year window" not in inside.output and "2 authors" in inside.output
    rank = CliRunner().invoke(cli, ["rank", str(bib), "--to-year", "1900"])
    assert rank.exit_code == 0 and "(none) (check --from-year/--to-year)" in rank.output
