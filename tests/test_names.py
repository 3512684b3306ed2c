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


# --- issue 12.9: an author without a dated paper ------------------------------------------


def _records(*rows):
    from graph.load.records import AuthorRef, LoadResult, PaperRecord

    return LoadResult(
        [
            PaperRecord(t, tuple(AuthorRef(n) for n in names), "u.bib", i + 1, year=y)
            for i, (t, y, names) in enumerate(rows)
        ]
    )


def test_an_author_without_a_dated_paper_does_not_crash_names():
    # P. K. Agarwal's only paper has no year: their active years are unknown, not NA
    c = normalise(
        _records(
            ("Undated", None, ["P. K. Agarwal", "Lars Arge"]),
            ("Dated", 2021, ["Pankaj K. Agarwal", "Lars Arge"]),
        )
    )
    row = name_candidates(c).iloc[0]
    assert (row["variant"], row["canonical"]) == ("P. K. Agarwal", "Pankaj K. Agarwal")
    assert row["overlap_years"] == 0 and row["shared_names"] == "Lars Arge"
    assert bool(row["suggested"])


def test_names_command_on_undated_entries(tmp_path):
    bib = tmp_path / "undated.bib"
    bib.write_text(
        "@misc{a, author = {P. K. Agarwal and Lars Arge}, title = {Undated}}\n"
        "@misc{b, author = {Pankaj K. Agarwal and Lars Arge}, title = {Dated}, year = 2021}\n",
        encoding="utf-8",
    )
    res = CliRunner().invoke(cli, ["names", str(bib)])
    assert res.exit_code == 0, res.output
    assert "P. K. Agarwal -> Pankaj K. Agarwal" in res.output


# --- issue 14.7: a paper with thousands of authors ------------------------------------------


def _consortium(n: int) -> list[str]:
    """``n`` distinct, unlike names (random letters), as a consortium's author list."""
    import random

    rng = random.Random(7)

    def word() -> str:
        return "".join(rng.choice("abcdefghijklmnoprstuvwyz") for _ in range(rng.randint(5, 9)))

    return [f"{word().capitalize()} {word().capitalize()}" for _ in range(n)]


def test_names_leaves_out_papers_over_max_authors_and_stays_bounded():
    import tracemalloc

    big = _consortium(5000)
    corpus = normalise(
        _records(
            ("Consortium", 2020, big),
            ("A", 2020, ["Pankaj K. Agarwal", "Lars Arge"]),
            ("B", 2021, ["P. K. Agarwal", "Lars Arge"]),
        )
    )
    # like the graph: the 5,000-author paper is left out, its authors with it
    df = name_candidates(corpus, max_authors=100)
    assert df[["variant", "canonical"]].values.tolist() == [["P. K. Agarwal", "Pankaj K. Agarwal"]]
    # keeping it (--max-authors 0) gives the same pair and no quadratic co-author table:
    # 25 million (author, co-author) entries would take gigabytes
    tracemalloc.start()
    df = name_candidates(corpus, max_authors=None)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert ["P. K. Agarwal", "Pankaj K. Agarwal"] in df[["variant", "canonical"]].values.tolist()
    assert peak < 200 * 2**20, peak


def test_names_command_takes_max_authors(tmp_path):
    rows = ["title,year,authors", f"Consortium,2020,{';'.join(_consortium(300))}"]
    rows += ["A,2020,Pankaj K. Agarwal;Lars Arge", "B,2021,P. K. Agarwal;Lars Arge"]
    table = tmp_path / "t.csv"
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    # --resolve-names off: the default merge would resolve the pair before listing it
    off = ["--resolve-names", "off"]
    res = CliRunner().invoke(cli, ["names", str(table), "--all", *off])
    assert res.exit_code == 0, res.output
    assert (
        "1 candidate pairs, 1 suggested (shared co-authors, never on one paper)"
        in res.output.splitlines()
    )
    res = CliRunner().invoke(cli, ["names", str(table), "--all", "--max-authors", "0", *off])
    assert res.exit_code == 0, res.output
    assert "P. K. Agarwal -> Pankaj K. Agarwal" in res.output


def test_write_aliases_with_no_candidate_writes_the_header(tmp_path):
    """No pair at all: an empty table (pandas read an empty mask as a column list and the
    write raised KeyError)."""
    bib = tmp_path / "two.bib"
    bib.write_text(
        "@article{a, author={Ada Lovelace and Alan Turing}, title={One}, year={2020}}\n",
        encoding="utf-8",
    )
    out = tmp_path / "aliases.csv"
    res = CliRunner().invoke(cli, ["names", str(bib), "--write-aliases", str(out)])
    assert res.exit_code == 0, res.output
    assert "0 candidate pairs" in res.output
    assert out.read_text(encoding="utf-8") == "variant,canonical\n"
    none = name_candidates(normalise(read_string("title,year,authors\nT,2020,Ada Lovelace\n")))
    assert write_aliases(none, tmp_path / "b.csv").read_text(encoding="utf-8") == (
        "variant,canonical\n"
    )
