"""Every command reads every format and mixes of them (CliRunner)."""

from __future__ import annotations

import shutil
from pathlib import Path

import networkx as nx
from click.testing import CliRunner

from graph.cli import cli

FORMATS = Path(__file__).resolve().parent / "data" / "formats"


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_format_choice_lists_every_reader():
    res = invoke("run", "--help")
    for fmt in (
        "bibtex",
        "csv",
        "openalex",
        "profile",
        "ris",
        "scopus",
        "wos",
        "pubmed",
        "lens",
        "dimensions",
        "ieee",
        "springer",
    ):
        assert fmt in res.output


def test_run_on_a_mix_of_formats(tmp_path):
    files = [
        str(FORMATS / n)
        for n in ("owner_scholar.bib", "sample.ris", "wos.txt", "openalex_current.json")
    ]
    res = invoke("run", *files, "--out", str(tmp_path))
    assert res.exit_code == 0, res.output
    assert "owner Ada Lovelace detected (on 4 of 5 papers of owner_scholar.bib" in res.output
    assert "records skipped" in res.output
    G = nx.read_graphml(tmp_path / "coauthors.graphml")
    # the Bayesian paper is in the RIS, WoS and OpenAlex files: its 3 authors appear once
    assert {"hansmuller", "josegarcia", "karlstrasse"} <= set(G.nodes)
    assert G.has_edge("hansmuller", "josegarcia")


def test_format_option_overrides_the_extension(tmp_path):
    odd = tmp_path / "export.dat"
    shutil.copy(FORMATS / "sample.ris", odd)
    res = invoke("info", str(odd), "--format", "ris")
    assert res.exit_code == 0, res.output
    res = invoke("info", str(odd))  # the content names the format whatever the extension
    assert res.exit_code == 0 and "format ris" in res.output, res.output
    unknown = tmp_path / "notes.dat"
    unknown.write_text("just some words\n", encoding="utf-8")
    res = invoke("info", str(unknown))
    assert res.exit_code == 1 and "name it with --format" in res.output


def test_strict_fails_on_the_first_bad_record(tmp_path):
    res = invoke("run", str(FORMATS / "sample.csv"), "--strict", "--out", str(tmp_path))
    assert res.exit_code == 1
    assert res.output.startswith(f"Error: {FORMATS / 'sample.csv'}:6: expected a 4-digit year")
    assert "Traceback" not in res.output


def test_no_owner_turns_detection_off(tmp_path):
    res = invoke("run", str(FORMATS / "owner_scholar.bib"), "--no-owner", "--out", str(tmp_path))
    assert res.exit_code == 0 and "detected" not in res.output
