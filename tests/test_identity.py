"""``--resolve-names``: name variants merged and homonyms split, on hand-checked corpora."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.build import coauthor_graph
from graph.cli import cli
from graph.errors import InputError
from graph.identity import (
    DECISION_COLUMNS,
    MergeParams,
    SplitParams,
    compatible,
    decisions_csv,
    parse_name,
    read_not_same,
    resolve_names,
)
from graph.load.csv_table import read_string
from graph.load.records import AuthorRef, LoadResult, PaperRecord
from graph.normalise import normalise

DATA = Path(__file__).resolve().parent / "data" / "identity"


def corpus(rows: str):
    return normalise(read_string("title,year,authors,venue\n" + rows), add_owner=False)


def names_of(c) -> dict[str, str]:
    """author id -> display name after resolution."""
    a = c.authorships
    return dict(zip(a["author_id"], a["name"], strict=True))


# --- names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "rule"),
    [
        ("P. K. Agarwal", "Pankaj K. Agarwal", "initials"),
        ("Pankaj Agarwal", "Pankaj K. Agarwal", "middle"),
        ("P. Agarwal", "Pankaj K. Agarwal", "initials+middle"),
        ("PK Agarwal", "Pankaj K. Agarwal", "initials"),
        ("Agarwal, P.K.", "Pankaj K. Agarwal", "initials"),
        ("Martin King Jr.", "Martin King", "suffix"),
        ("King, Martin, Jr.", "Martin King", "suffix"),
        ("K.-Y. Zhang", "Ke-Yue Zhang", "initials"),
        ("K. Y. Zhang", "Ke-Yue Zhang", "hyphen"),
        ("J. Serre", "Jean-Pierre Serre", "hyphen"),
        ("Zhang Wei", "Wei Zhang", "transposed"),
        ("Jan van der Berg", "J. Berg", "initials"),
        # refusals: other given names, other initials, a given name is not a middle name
        ("Pankaj Agarwal", "Pramod Agarwal", None),
        ("P. K. Agarwal", "P. J. Agarwal", None),
        ("Ke Zhang", "Ke-Yue Zhang", None),
        ("K. Agarwal", "P. K. Agarwal", None),  # the first given names must agree
        ("Martin King Jr.", "Martin King Sr.", None),
        ("Agarwal", "P. Agarwal", None),  # a family name alone says nothing
        ("Wei Zhang", "Wei Zhao", None),
    ],
)
def test_compatible(a, b, rule):
    assert compatible(parse_name(a), parse_name(b)) == rule
    assert compatible(parse_name(b), parse_name(a)) == rule


def test_parse_name_blocks_by_family_and_first_initial():
    assert parse_name("Pankaj K. Agarwal").block == parse_name("P. Agarwal").block == "agarwal|p"
    assert parse_name("José García").block == "garcia|j"
    assert parse_name("").block == ""


# --- merge ---------------------------------------------------------------------------------


def test_merge_initials_and_missing_middle_name():
    c = corpus(
        "A,2020,Pankaj K. Agarwal;Lars Arge,SoCG\n"
        "B,2021,P. K. Agarwal;Lars Arge,SoCG\n"
        "C,2021,Pankaj Agarwal;Micha Sharir,SODA\n"
        "D,2022,Pankaj K. Agarwal;Micha Sharir,SODA\n"
    )
    out, dec = resolve_names(c, "merge")
    # P. K. shares Lars Arge with Pankaj K.; Pankaj shares Micha Sharir with Pankaj K.
    assert sorted(set(out.authorships["author_id"])) == [
        "larsarge",
        "michasharir",
        "pankajkagarwal",
    ]
    assert set(out.authorships["name"]) == {"Pankaj K. Agarwal", "Lars Arge", "Micha Sharir"}
    rows = dec[["kind", "author_id", "new_id", "rule", "n_coauthors", "coauthors"]]
    assert rows.values.tolist() == [
        ["merge", "pkagarwal", "pankajkagarwal", "initials", 1, "Lars Arge"],
        ["merge", "pankajagarwal", "pankajkagarwal", "middle", 1, "Micha Sharir"],
    ]
    assert dec["years"].tolist() == ["2021", "2021"]
    assert dec["venues"].tolist() == ["SoCG", "SODA"]
    assert out.meta["identity"]["merged"] == 2
    assert (out.meta["identity"]["authors_before"], out.meta["identity"]["authors_after"]) == (5, 3)


def test_merge_needs_evidence():
    c = corpus("A,2020,Pankaj K. Agarwal;Lars Arge,\nB,2021,P. K. Agarwal;Jeff Vitter,\n")
    out, dec = resolve_names(c, "merge")
    assert dec.empty
    assert set(out.authorships["author_id"]) == set(c.authorships["author_id"])


def test_owner_is_no_evidence_for_a_merge():
    # a profile: the owner is on every paper, so sharing them says nothing
    page = (
        "Ada Lovelace\n\nCVMay 3, 2020\nT1\nPankaj K. Agarwal, Lars Arge\n\n"
        "CVMay 3, 2021\nT2\nP. K. Agarwal, Jeff Vitter\n"
    )
    from graph.load.profile_text import read_string as read_page

    c = normalise(read_page(page))
    assert "adalovelace" in c.owner_ids
    _, dec = resolve_names(c, "merge")
    assert dec.empty


def test_ambiguous_short_form_is_not_merged():
    rows = (
        "A,2020,P. Agarwal;Jeff Vitter,\n"
        "B,2021,Pankaj Agarwal;Jeff Vitter,\n"
        "C,2019,Pramod Agarwal;Jeff Vitter,\n"
    )
    _, dec = resolve_names(corpus(rows), "merge")
    assert dec.empty  # Pankaj or Pramod? both share Jeff Vitter with P. Agarwal


def test_evidence_picks_one_of_two_full_forms():
    rows = (
        "A,2020,P. Agarwal;Jeff Vitter,\n"
        "B,2021,Pankaj Agarwal;Jeff Vitter,\n"
        "C,2019,Pramod Agarwal;Rita Kumar,\n"
    )
    out, dec = resolve_names(corpus(rows), "merge")
    assert dec[["author_id", "new_id"]].values.tolist() == [["pagarwal", "pankajagarwal"]]
    assert "pramodagarwal" in set(out.authorships["author_id"])


def test_keys_on_one_paper_are_never_merged():
    rows = (
        "A,2020,P. K. Agarwal;Pankaj K. Agarwal;Lars Arge,\n"
        "B,2021,P. K. Agarwal;Lars Arge,\n"
        "C,2021,Pankaj K. Agarwal;Lars Arge,\n"
    )
    _, dec = resolve_names(corpus(rows), "merge")
    assert dec.empty


def test_not_same_overrides_a_merge():
    rows = "A,2020,Pankaj K. Agarwal;Lars Arge,\nB,2021,P. K. Agarwal;Lars Arge,\n"
    _, dec = resolve_names(corpus(rows), "merge")
    assert len(dec) == 1
    for pair in [("P. K. Agarwal", "Pankaj K. Agarwal"), ("pankajkagarwal", "pkagarwal")]:
        _, dec = resolve_names(corpus(rows), "merge", not_same=[pair])
        assert dec.empty


def test_suffix_and_hyphenated_given_names():
    rows = (
        "A,1963,Martin King Jr.;Ralph Abernathy,\n"
        "B,1964,Martin King;Ralph Abernathy,\n"
        "C,2001,K.-Y. Zhang;Li Na,\n"
        "D,2002,Ke-Yue Zhang;Li Na,\n"
        "E,2003,Ke Zhang;Li Na,\n"
        "F,2004,Ada Lovelace;Alan Turing,\n"
        "G,2005,Ada Lovelace;Charles Babbage,\n"
    )  # Li Na on 3 of 5 papers would be a hub, no evidence (test_hubs_are_no_evidence)
    c = corpus(rows)
    # generational suffixes are out of the name key already (graph.text.name_key): one author
    kings = c.authorships[c.authorships["name"].str.startswith("Martin King")]
    assert kings["author_id"].nunique() == 1
    _, dec = resolve_names(c, "merge")
    assert dec[["name", "new_name", "rule"]].values.tolist() == [
        ["K.-Y. Zhang", "Ke-Yue Zhang", "initials"],
    ]  # Ke Zhang is another name, though on a paper with Li Na too


def test_transposed_names_need_two_shared_coauthors():
    one = "A,2012,Zhang Wei;Li Na,\nB,2014,Wei Zhang;Li Na,\n"
    assert resolve_names(corpus(one), "merge")[1].empty
    two = "A,2012,Zhang Wei;Li Na;Chen Hao,\nB,2014,Wei Zhang;Li Na;Chen Hao,\n"
    dec = resolve_names(corpus(two), "merge")[1]
    assert dec[["name", "rule", "n_coauthors"]].values.tolist() == [["Zhang Wei", "transposed", 2]]
    strict = MergeParams(transposed_coauthors=3)
    assert resolve_names(corpus(two), "merge", merge_params=strict)[1].empty


def records(*papers) -> LoadResult:
    """Records from ``(title, year, [(name, ext_id, institutions), ...])``."""
    recs = [
        PaperRecord(
            title=t,
            year=y,
            source="test",
            line=i + 1,
            authors=tuple(AuthorRef(n, ext, tuple(inst)) for n, ext, inst in authors),
        )
        for i, (t, y, authors) in enumerate(papers)
    ]
    return LoadResult(recs, meta={"path": "test"})


def test_shared_institution_is_evidence_and_orcids_can_refuse():
    duke = ("Duke University",)
    c = normalise(
        records(
            ("A", 2020, [("Pankaj K. Agarwal", "", duke), ("Lars Arge", "", ())]),
            ("B", 2021, [("P. K. Agarwal", "", duke), ("Jeff Vitter", "", ())]),
        ),
        add_owner=False,
    )
    dec = resolve_names(c, "merge")[1]
    assert dec[["rule", "n_coauthors", "institutions"]].values.tolist() == [
        ["initials", 0, "Duke University"]
    ]
    c = normalise(
        records(
            ("A", 2020, [("Pankaj K. Agarwal", "orcid:0000-0001", ()), ("Lars Arge", "", ())]),
            ("B", 2021, [("P. K. Agarwal", "orcid:0000-0002", ()), ("Lars Arge", "", ())]),
        ),
        add_owner=False,
    )
    assert resolve_names(c, "merge")[1].empty  # two ORCIDs: two people


# --- split ---------------------------------------------------------------------------------

WEI_WANG = (
    "Mining frequent patterns in data streams,2005,Wei Wang;Jian Pei;Philip Yu,ICDE\n"
    "Efficient indexing of data streams,2006,Wei Wang;Jian Pei,ICDE\n"
    "Skyline queries over data streams,2007,Wei Wang;Philip Yu;Haixun Wang,VLDB\n"
    "Subspace clustering of data streams,2008,Wei Wang;Haixun Wang,KDD\n"
    "Protein folding simulation with molecular dynamics,2010,Wei Wang;Li Chen,Bioinformatics\n"
    "Molecular dynamics of protein aggregation,2011,Wei Wang;Li Chen;Yu Zhou,Bioinformatics\n"
    "Protein aggregation kinetics by molecular simulation,2012,Wei Wang,Bioinformatics\n"
    "Notes,2013,Wei Wang,\n"
)


def test_split_two_people_of_one_name():
    c = corpus(WEI_WANG)
    out, dec = resolve_names(c, "split")
    a = out.authorships
    wang = a[a["author_id"].str.startswith("weiwang")]
    title = out.papers.set_index("paper_id")["title"]
    person = dict(zip(title[wang["paper_id"]].tolist(), wang["author_id"].tolist(), strict=True))
    # four database papers linked by co-authors, plus "Notes" (no evidence at all: the
    # largest); two protein papers linked by Li Chen, joined by the lone protein paper
    # (no co-author, but its title words and venue)
    assert person == {
        "Mining frequent patterns in data streams": "weiwang",
        "Efficient indexing of data streams": "weiwang",
        "Skyline queries over data streams": "weiwang",
        "Subspace clustering of data streams": "weiwang",
        "Notes": "weiwang",
        "Protein folding simulation with molecular dynamics": "weiwang~2",
        "Molecular dynamics of protein aggregation": "weiwang~2",
        "Protein aggregation kinetics by molecular simulation": "weiwang~2",
    }
    assert names_of(out)["weiwang~2"] == "Wei Wang (2)"
    assert names_of(out)["weiwang"] == "Wei Wang"
    assert dec[["kind", "author_id", "new_id", "new_name", "papers", "rule"]].values.tolist() == [
        ["split", "weiwang", "weiwang", "Wei Wang", 5, "co-authors+1 without evidence"],
        ["split", "weiwang", "weiwang~2", "Wei Wang (2)", 3, "co-authors+title/venue"],
    ]
    assert dec["coauthors"].tolist() == ["Haixun Wang; Jian Pei; Philip Yu", "Li Chen; Yu Zhou"]
    assert dec["years"].tolist() == ["2005–2013", "2010–2012"]
    assert dec["venues"].tolist() == ["ICDE; KDD; VLDB", "Bioinformatics"]
    # the persons share no co-author edge: the two Wei Wangs are two nodes
    G = coauthor_graph(out)
    assert set(G["weiwang"]) == {"jianpei", "philipyu", "haixunwang"}
    assert set(G["weiwang~2"]) == {"lichen", "yuzhou"}


def test_owners_and_fixed_names_are_never_split():
    c = corpus(WEI_WANG)
    assert resolve_names(c, "split", fixed=["weiwang"])[1].empty
    owned = dataclasses.replace(c, meta={**c.meta, "owners": ["weiwang"]})
    assert resolve_names(owned, "split")[1].empty


def test_papers_without_evidence_never_make_a_person():
    c = corpus("A,2020,Wei Wang;Jian Pei,\nB,2021,Wei Wang;Jian Pei,\nC,2022,Wei Wang,\n")
    out, dec = resolve_names(c, "split")
    assert dec.empty
    assert out.authorships["author_id"].nunique() == 2


def test_min_groups_keeps_a_group_and_its_strays_one_person():
    rows = (
        "Range trees,2000,Pankaj Agarwal;Lars Arge,SoCG\n"
        "Range searching,2001,Pankaj Agarwal;Lars Arge,SoCG\n"
        "Hydrology of monsoon rivers,2002,Pankaj Agarwal;Rita Kumar,Water\n"
    )
    one = resolve_names(corpus(rows), "split", split_params=SplitParams(min_groups=1))[1]
    assert one["papers"].tolist() == [2, 1]
    two = resolve_names(corpus(rows), "split", split_params=SplitParams(min_groups=2))[1]
    assert two.empty


def test_both_splits_then_merges_variants_into_the_right_person():
    rows = WEI_WANG + "Protein misfolding,2013,W. Wang;Li Chen,Bioinformatics\n"
    out, dec = resolve_names(corpus(rows), "both")
    assert dec["kind"].tolist() == ["split", "split", "merge"]
    merge = dec.iloc[2]
    assert (merge["author_id"], merge["new_id"], merge["coauthors"]) == (
        "wwang",
        "weiwang~2",
        "Li Chen",
    )
    assert "wwang" not in set(out.authorships["author_id"])


def test_off_changes_nothing_and_unknown_mode_is_an_error():
    c = corpus(WEI_WANG)
    out, dec = resolve_names(c, "off")
    assert dec.empty and list(dec.columns) == list(DECISION_COLUMNS)
    pd.testing.assert_frame_equal(out.authorships, c.authorships)
    with pytest.raises(Exception, match="unknown --resolve-names mode"):
        resolve_names(c, "everything")


def test_input_corpus_is_not_modified():
    c = corpus(WEI_WANG)
    before = c.authorships.copy()
    resolve_names(c, "both")
    pd.testing.assert_frame_equal(c.authorships, before)


# --- the no-invented-edge property ---------------------------------------------------------

POOL = [
    "Pankaj K. Agarwal",
    "P. K. Agarwal",
    "P. Agarwal",
    "Pankaj Agarwal",
    "Pramod Agarwal",
    "Wei Wang",
    "W. Wang",
    "Wang Wei",
    "Wei Zhang",
    "Zhang Wei",
    "Lars Arge",
    "L. Arge",
    "Micha Sharir",
    "Jian Pei",
    "Li Chen",
]
WORDS = ["data", "streams", "protein", "geometry", "range", "search", "mining", "folding"]


@st.composite
def corpora(draw):
    n = draw(st.integers(1, 14))
    papers = []
    for i in range(n):
        authors = draw(st.lists(st.sampled_from(POOL), min_size=1, max_size=5, unique=True))
        words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3))
        venue = draw(st.sampled_from(["", "SoCG", "ICDE", "Bioinformatics"]))
        year = draw(st.integers(2000, 2004))
        papers.append(f"{' '.join(words)} {i},{year},{';'.join(authors)},{venue}")
    return corpus("\n".join(papers) + "\n")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(c=corpora(), mode=st.sampled_from(["merge", "split", "both"]))
def test_no_co_authorship_is_invented(c, mode):
    out, dec = resolve_names(c, mode, split_params=SplitParams(min_groups=1))
    before, after = c.authorships, out.authorships
    # every authorship row keeps its paper; only the author id changes
    assert before["paper_id"].tolist() == after["paper_id"].tolist()
    # two persons on one paper stay two: no paper loses or gains an author
    assert (
        after.groupby("paper_id")["author_id"]
        .nunique()
        .equals(before.groupby("paper_id")["author_id"].nunique())
    )
    # so every link of the new graph is a pair of authors some paper lists, and the links
    # carry exactly the papers' author pairs
    G0, G1 = coauthor_graph(c, max_authors=None), coauthor_graph(out, max_authors=None)
    assert sum(d["weight"] for *_, d in G1.edges(data=True)) == sum(
        d["weight"] for *_, d in G0.edges(data=True)
    )
    listed = after.groupby("paper_id")["author_id"].agg(set).to_dict()
    for u, v, d in G1.edges(data=True):
        assert all({u, v} <= listed[p] for p in d["papers"].split(";"))
    # a split person keeps its key as prefix; a merge only joins keys never on one paper
    new_of = {}
    for old, new in zip(before["author_id"], after["author_id"], strict=True):
        new_of.setdefault(new, set()).add(old.split("~")[0])
    if mode == "split":
        assert all(new.split("~")[0] in olds and len(olds) == 1 for new, olds in new_of.items())
    assert len(dec) == (dec["kind"] == "merge").sum() + (dec["kind"] == "split").sum()


# --- files ---------------------------------------------------------------------------------


def test_read_not_same_fixture():
    # BOM, CRLF, a blank line, a quoted Family, Given name
    assert read_not_same(DATA / "not_same.csv") == [("Agarwal, Pankaj K.", "P. K. Agarwal")]


@pytest.mark.parametrize(
    ("text", "line"),
    [("", 1), ("variant,canonical\na,b\n", 1), ("name,other\nonly one\n", 2)],
)
def test_read_not_same_errors(tmp_path, text, line):
    p = tmp_path / "ns.csv"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_not_same(p)
    assert err.value.line == line


def test_decisions_csv_escapes_formulas():
    row = dict.fromkeys(DECISION_COLUMNS, "")
    row.update(kind="merge", name="=HYPERLINK(1)", new_name="+1", coauthors="@x; -y")
    text = decisions_csv(pd.DataFrame([row]))
    lines = text.splitlines()
    assert lines[0] == ",".join(DECISION_COLUMNS)
    assert "'=HYPERLINK(1)" in lines[1] and ",'+1," in lines[1] and "'@x; -y" in lines[1]


# --- the command line ----------------------------------------------------------------------

VARIANTS = DATA / "variants.csv"


def test_run_writes_identity_csv_and_records_the_mode(tmp_path):
    out = tmp_path / "out"
    res = CliRunner().invoke(
        cli, ["run", str(VARIANTS), "--no-owner", "--resolve-names", "both", "--out", str(out)]
    )
    assert res.exit_code == 0, res.output
    assert "names resolved (both)" in res.output
    table = pd.read_csv(out / "identity.csv", keep_default_na=False)
    assert list(table.columns) == list(DECISION_COLUMNS)
    assert {"Wei Wang (2)", "Pankaj K. Agarwal", "Wei Zhang"} <= set(table["new_name"])
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["parameters"]["resolve_names"] == "both"
    assert manifest["counts"]["identity"]["merged"] == int((table["kind"] == "merge").sum())
    assert "identity.csv" in {f["path"] for f in manifest["files"]}


def test_run_off_writes_an_empty_identity_csv(tmp_path):
    out = tmp_path / "out"
    args = ["run", str(VARIANTS), "--no-owner", "--resolve-names", "off", "--out", str(out)]
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 0, res.output
    assert (out / "identity.csv").read_text(encoding="utf-8") == ",".join(DECISION_COLUMNS) + "\n"


def test_export_papers_table_lists_author_ids(tmp_path):
    out = tmp_path / "tables"
    args = ["export", str(VARIANTS), "--no-owner", "--resolve-names", "split", "--to", "csv"]
    res = CliRunner().invoke(cli, [*args, "-o", str(out)])
    assert res.exit_code == 0, res.output
    papers = pd.read_csv(out / "papers.csv", keep_default_na=False).set_index("title")
    row = papers.loc["Molecular dynamics of protein aggregation"]
    assert row["authors"] == "Wei Wang (2); Li Chen; Yu Zhou"
    assert row["author_ids"] == "weiwang~2; lichen; yuzhou"
    assert papers.loc["Efficient indexing of data streams", "author_ids"] == "weiwang; jianpei"


def test_not_same_option_reaches_every_merge(tmp_path):
    args = [str(VARIANTS), "--no-owner", "--resolve-names", "merge"]
    res = CliRunner().invoke(cli, ["names", *args])
    assert "merge  P. K. Agarwal -> Pankaj K. Agarwal" in res.output
    res = CliRunner().invoke(cli, ["names", *args, "--not-same", str(DATA / "not_same.csv")])
    assert res.exit_code == 0, res.output
    assert "merge  P. K. Agarwal" not in res.output
    assert "merge  Pankaj Agarwal -> Pankaj K. Agarwal" in res.output


@pytest.mark.parametrize(
    "command",
    [
        ["rank", "--top", "3"],
        ["path", "Jian Pei", "Philip Yu"],
        ["info"],
        ["names"],
        ["export", "--to", "graphml", "-o", "{tmp}/g.graphml"],
    ],
)
def test_every_command_takes_the_options(tmp_path, command):
    command = [c.replace("{tmp}", str(tmp_path)) for c in command]
    res = CliRunner().invoke(
        cli, [*command[:1], str(VARIANTS), "--no-owner", "--resolve-names", "split", *command[1:]]
    )
    assert res.exit_code == 0, res.output
    bad = CliRunner().invoke(cli, [command[0], str(VARIANTS), "--resolve-names", "all"])
    assert bad.exit_code == 2 and "--resolve-names" in bad.output
    missing = CliRunner().invoke(
        cli, [*command[:1], str(VARIANTS), "--not-same", str(tmp_path / "no.csv"), *command[1:]]
    )
    assert missing.exit_code == 1
    assert missing.output.startswith("Error: ") and "--not-same" in missing.output


def test_merge_is_the_default(tmp_path):
    out = tmp_path / "out"
    res = CliRunner().invoke(cli, ["run", str(VARIANTS), "--no-owner", "--out", str(out)])
    assert res.exit_code == 0, res.output
    table = pd.read_csv(out / "identity.csv", keep_default_na=False)
    assert set(table["kind"]) == {"merge"}
    pairs = set(zip(table["author_id"], table["new_id"], strict=True))
    assert ("pkagarwal", "pankajkagarwal") in pairs
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["parameters"]["resolve_names"] == "merge"


def test_info_counts_authors_after_resolution():
    base = CliRunner().invoke(
        cli, ["info", str(VARIANTS), "--no-owner", "--json", "--resolve-names", "off"]
    )
    both = CliRunner().invoke(
        cli, ["info", str(VARIANTS), "--no-owner", "--json", "--resolve-names", "both"]
    )
    n0 = json.loads(base.output)["authors"]
    n1 = json.loads(both.output)["authors"]
    assert n0 != n1


def test_hubs_are_no_evidence():
    # Li Na is on 3 of 5 papers: a hub of this corpus, like an owner
    rows = (
        "C,2001,K.-Y. Zhang;Li Na,\n"
        "D,2002,Ke-Yue Zhang;Li Na,\n"
        "E,2003,Ke Zhang;Li Na,\n"
        "F,2004,Ada Lovelace;Alan Turing,\n"
        "G,2005,Ada Lovelace;Charles Babbage,\n"
    )
    assert resolve_names(corpus(rows), "merge")[1].empty
    loose = MergeParams(hub_share=0.7)
    assert len(resolve_names(corpus(rows), "merge", merge_params=loose)[1]) == 1
