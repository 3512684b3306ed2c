"""Likely duplicate authors: kinds, evidence, suggestions and the alias file round trip."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import cli
from graph.load.csv_table import read_string
from graph.load.owner import detect_owner
from graph.names import name_candidates, name_parts, write_aliases
from graph.normalise import normalise, read_aliases

FORMATS = Path(__file__).resolve().parent / "data" / "formats"


def corpus(rows: str):
    return normalise(read_string("title,year,authors\n" + rows))


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("Pankaj K. Agarwal", (["pankaj", "k"], "agarwal")),
        ("P.K. Agarwal", (["p", "k"], "agarwal")),
        ("PK Agarwal", (["p", "k"], "agarwal")),
        ("J.-P. Serre", (["j", "p"], "serre")),
        ("Adrien Deliège", (["adrien"], "deliege")),
        ("", ([], "")),
    ],
)
def test_name_parts(name, parts):
    assert name_parts(name) == parts


def test_initials_with_shared_coauthor_is_suggested():
    c = corpus(
        "A,2020,Pankaj K. Agarwal;Lars Arge\nB,2021,P. K. Agarwal;Lars Arge\n"
        "C,2022,Pankaj K. Agarwal;Jeff Vitter\n"
    )
    df = name_candidates(c)
    assert len(df) == 1
    row = df.iloc[0].to_dict()
    assert (row["variant"], row["canonical"], row["kind"], row["score"]) == (
        "P. K. Agarwal",
        "Pankaj K. Agarwal",
        "initials",
        100.0,
    )
    assert (row["shared_coauthors"], row["shared_names"], row["co_listed"]) == (1, "Lars Arge", 0)
    # active 2021 vs 2020-2022: one year in common
    assert (row["overlap_years"], row["variant_papers"], row["canonical_papers"]) == (1, 1, 2)
    assert bool(row["suggested"])


def test_transposed_and_typo_kinds():
    c = corpus(
        "A,2020,Wei Zhang;Lars Arge\nB,2020,Zhang Wei;Lars Arge\n"
        "C,2020,Francisco Chinesta;Ada Lovelace\nD,2021,Francesco Chinesta;Ada Lovelace\n"
    )
    df = name_candidates(c).set_index("kind")
    # one paper each, same length: the alphabetically first spelling is the variant
    assert (df.loc["transposed", "variant"], df.loc["transposed", "canonical"]) == (
        "Wei Zhang",
        "Zhang Wei",
    )
    assert df.loc["transposed", "score"] == 100.0
    assert df.loc["typo", "variant"] == "Francesco Chinesta"
    assert 85 <= df.loc["typo", "score"] < 100
    assert df["suggested"].all()


def test_no_shared_evidence_is_listed_but_not_suggested():
    c = corpus("A,2020,Pankaj K. Agarwal;Lars Arge\nB,2021,P. K. Agarwal;Jeff Vitter\n")
    row = name_candidates(c).iloc[0]
    assert row["kind"] == "initials" and row["shared_coauthors"] == 0
    assert not bool(row["suggested"])


def test_two_names_on_one_paper_are_not_suggested():
    c = corpus("A,2020,J. Smith;John Smith;Ada Lovelace\nB,2021,J. Smith;Ada Lovelace\n")
    row = name_candidates(c).iloc[0]
    assert row["co_listed"] == 1 and row["shared_coauthors"] == 1
    assert not bool(row["suggested"])


def test_other_initials_are_not_a_typo():
    c = corpus("A,2020,C. Wright;Ada Lovelace\nB,2021,J. Wright;Ada Lovelace\n")
    assert name_candidates(c).empty


def test_owner_shared_by_everyone_is_no_evidence():
    # Ada is the detected owner (on all 4 papers): sharing her proves nothing
    res = read_string(
        "title,year,authors\nA,2020,Ada Lovelace;Pankaj K. Agarwal\n"
        "B,2021,Ada Lovelace;P. K. Agarwal\nC,2022,Ada Lovelace;Lars Arge\n"
        "D,2023,Ada Lovelace\n"
    )
    res.meta["owner_detected"] = detect_owner(res.records)  # as load_records does
    c = normalise(res)
    assert c.owner_ids == ("adalovelace",)
    row = name_candidates(c).iloc[0]
    assert row["shared_coauthors"] == 0 and not bool(row["suggested"])


def test_alias_file_round_trip_merges_the_pair(tmp_path):
    res = read_string(
        "title,year,authors\nA,2020,Pankaj K. Agarwal;Lars Arge\nB,2021,P. K. Agarwal;Lars Arge\n"
    )
    path = write_aliases(name_candidates(normalise(res)), tmp_path / "aliases.csv")
    assert path.read_text(encoding="utf-8") == (
        "variant,canonical\nP. K. Agarwal,Pankaj K. Agarwal\n"
    )
    merged = normalise(res, aliases=read_aliases(path))
    assert merged.authorships["author_id"].nunique() == 2
    assert name_candidates(merged).empty


def test_names_command_on_mixed_formats(tmp_path):
    out = tmp_path / "aliases.csv"
    args = [
        "names",
        *(str(FORMATS / n) for n in ("owner_scholar.bib", "scopus.csv", "sample.ris")),
        "--resolve-names",  # the candidates the name key leaves, before automatic merges
        "off",
        "--write-aliases",
        str(out),
    ]
    res = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert res.exit_code == 0, res.output
    lines = [s for s in res.output.splitlines() if not s.startswith("warning:")]
    assert lines[0].startswith(
        "100.0  initials    A. Lovelace -> Ada Lovelace  [suggested: 1 "
        "shared co-authors (Alan Turing)"
    )
    assert "2 candidate pairs, 2 suggested" in res.output
    assert out.read_text(encoding="utf-8") == (
        "variant,canonical\nA. Lovelace,Ada Lovelace\nA. Turing,Alan Turing\n"
    )


def test_names_help_has_an_example():
    res = CliRunner().invoke(cli, ["names", "--help"])
    assert res.exit_code == 0 and "Example" in res.output and "--write-aliases" in res.output
