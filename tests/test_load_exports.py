"""Database exports as they arrive: damaged rows, implausible dates, documents without author
names (issue 12 and 14 follow-ups for the Scopus, Lens, Dimensions, IEEE, SpringerLink, BibTeX,
Web of Science and PubMed readers).  ``today`` is injected, never the real clock.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from graph.errors import InputError
from graph.load import load_records
from graph.normalise import normalise

FORMATS = Path(__file__).resolve().parent / "data" / "formats"
TODAY = dt.date(2026, 12, 1)


def names(rec) -> list[str]:
    return [a.name for a in rec.authors]


def problem_lines(res) -> list[int]:
    return [p.error.line for p in res.problems]


def counts_add_up(res) -> bool:
    m = res.meta
    return m["entries"] == m["records"] + m["skipped"] == len(res.records) + len(res.problems)


# --- item 1: the named-column CSV readers use the CSV checks ---------------------------------


def test_scopus_damaged_export():
    path = FORMATS / "scopus_damaged.csv"
    res = load_records(path, today=TODAY)
    # line 5: a quote opened in the title and not closed where the cell ends: that row is
    # skipped, the next row (line 6) is read; line 8: the file ends inside the row
    assert problem_lines(res) == [5, 8]
    assert "a closing quote for the quote opened on this line" in str(res.problems[0])
    assert "the file ends inside this row, as if cut off" in str(res.problems[1])
    assert [r.line for r in res.records] == [2, 3, 4, 6, 7]
    assert counts_add_up(res) and res.meta["entries"] == 7
    first = res.records[0]
    # a row with two funding-text cells under one "Funding Text 1": EID and PubMed ID read
    # from the right; "Chen Z.‐t." (U+2010) flipped like "Chen Z.-t."
    assert first.ext_id == "scopus:2-s2.0-85100000001;pmid:34000101"
    assert names(first) == ["Z.-t. Chen", "H. Müller", "A. Lovelace"]
    assert first.authors[0].affiliations == ("Zhejiang University",)
    assert first.authors[0].ext_id == "scopus:57190000011"
    # 2031 is after the day the export was made: read without a date, with a warning
    dated_later = res.records[4]
    assert (dated_later.year, dated_later.date) == (None, None)
    assert res.meta["warnings"][0].startswith(
        f"{path}:7: expected a date on or before today (2026-12-01), found '2031'"
    )
    with pytest.raises(InputError) as err:
        load_records(path, strict=True, today=TODAY)
    assert err.value.line == 5


def _damaged(tmp_path: Path, name: str, row: int, old: str, new: str, cut: bool) -> Path:
    """A copy of a fixture with a quote left open in data row ``row`` (``old`` -> ``new``)
    and, with ``cut``, the file ending in the middle of its last row."""
    text = (FORMATS / name).read_text(encoding="utf-8-sig")
    lines = text.split("\n")
    assert old in lines[row], (name, lines[row])
    lines[row] = lines[row].replace(old, new, 1)
    text = "\n".join(lines).rstrip("\r\n")
    if cut:
        last = text.rsplit("\n", 1)[1]
        keep = last.split(",")[:3]
        text = text[: len(text) - len(last)] + ",".join(keep)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "row", "old", "new"),
    [
        ("lens.csv", 1, '"On Bayesian', '"On ""Bayesian'),  # ok, then broken below
        ("dimensions.csv", 2, '"On Bayesian', '"On ""Bayesian'),
        ("ieee.csv", 1, '"Bayesian', '"On ""Bayesian'),
        ("springer.csv", 1, '"On Bayesian', '"On ""Bayesian'),
    ],
)
def test_table_readers_report_quotes_and_cut_rows(tmp_path, name, row, old, new):
    sound = load_records(FORMATS / name, today=TODAY)
    # the quote doubled inside the cell is sound: nothing changes
    path = _damaged(tmp_path, name, row, old, new, cut=False)
    same = load_records(path, today=TODAY)
    assert [r.title for r in same.records][1:] == [r.title for r in sound.records][1:]
    # a quote that is opened and never closed where its cell ends: the row is skipped and
    # reported on its line, the other rows are read
    path = _damaged(tmp_path, name, row, old, '"On ""Bayesian"', cut=True)
    res = load_records(path, today=TODAY)
    line, last = row + 1, path.read_text(encoding="utf-8").count("\n") + 1
    new_problems = [p for p in res.problems if p.error.line not in problem_lines(sound)]
    assert [p.error.line for p in new_problems] == [line, last], [str(p) for p in res.problems]
    assert "a closing quote for the quote opened on this line" in str(new_problems[0])
    # the cut last row is skipped (as cut, or as a quote running to the end of the file),
    # never read as a record with half its cells
    assert "the file ends inside this row" in str(new_problems[1]) or (
        "runs on to the end of the file" in str(new_problems[1])
    )
    assert counts_add_up(res)
    assert len(res.records) == len(sound.records) - 2
    with pytest.raises(InputError):
        load_records(path, strict=True, today=TODAY)


# --- item 3: papers the database names no author for ----------------------------------------


def test_papers_without_author_names_count_as_papers_and_add_no_node():
    from graph.build import coauthor_graph
    from graph.info import corpus_info

    res = load_records(FORMATS / "scopus_damaged.csv", today=TODAY)
    corpus = normalise([res])
    # two proceedings volumes, one title and year, their own EIDs, no author: two papers
    assert len(corpus.papers) == 5 and corpus.meta["duplicates_merged"] == 0
    assert corpus.authorships["name"].str.contains("author|Anonymous", case=False).sum() == 0
    info = corpus_info(corpus)
    assert info["papers"]["read"] == 5 and info["papers"]["without_authors"] == 2
    assert info["authors"]["distinct"] == 6  # Chen, Müller, Lovelace, Noether, Gödel, Hypatia
    graph = coauthor_graph(corpus)
    assert graph.number_of_nodes() == 6 and graph.number_of_edges() == 3 + 1


@pytest.mark.parametrize(
    ("name", "text", "written"),
    [
        (
            "wos.txt",
            "FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nAU [Anonymous]\n"
            "TI Editorial notes\nSO JOURNAL OF GRAPHS\nPY 2019\nUT WOS:000000000000001\nER\n\n"
            "PT J\nAU Lovelace, A\nAF Lovelace, Ada\nTI Notes\nPY 2019\nER\n\nEF\n",
            "[Anonymous]",
        ),
        (
            "x.ris",
            "TY  - JOUR\nAU  - Anonymous\nTI  - Editorial notes\nPY  - 2019\nER  - \n\n"
            "TY  - JOUR\nAU  - Lovelace, Ada\nTI  - Notes\nPY  - 2019\nER  - \n",
            "Anonymous",
        ),
        (
            "x.bib",
            "@article{a, author = {Anonymous}, title = {Editorial notes}, year = 2019}\n"
            "@article{b, author = {Lovelace, Ada}, title = {Notes}, year = 2019}\n",
            "Anonymous",
        ),
        (
            "x.nbib",
            "PMID- 1\nTI  - Editorial notes.\nAU  - No authorship indicated\nDP  - 2019\n\n"
            "PMID- 2\nTI  - Notes.\nFAU - Lovelace, Ada\nAU  - Lovelace A\nDP  - 2019\n",
            "No authorship indicated",
        ),
        (
            "x.csv",
            "title,year,authors\nEditorial notes,2019,et al.\nNotes,2019,Ada Lovelace\n",
            "et al.",
        ),
        (
            "lens.csv",
            "Lens ID,Title,Publication Year,Author/s\n"
            "000-111-222-333-444,Editorial notes,2019,\n"
            "000-111-222-333-445,Notes,2019,Ada Lovelace\n",
            "",
        ),
    ],
)
def test_placeholder_authors_are_never_persons(tmp_path, name, text, written):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    res = load_records(path, today=TODAY)
    assert [r.title.rstrip(".") for r in res.records] == ["Editorial notes", "Notes"]
    assert names(res.records[0]) == [] and names(res.records[1]) == ["Ada Lovelace"]
    assert res.problems == [] and res.meta["authorless"] == 1
    note = [w for w in res.meta["warnings"] if "with no author names" in w]
    how = f" ({written!r})" if written else ""
    assert note and note[0].startswith(f"{path}:")
    assert f"1 paper with no author names{how} read without authors" in note[0]
    corpus = normalise([res])
    assert sorted(corpus.authorships["name"]) == ["Ada Lovelace"]
    assert len(corpus.papers) == 2
    # nothing to stop at under --strict: the file states that it has no names
    assert len(load_records(path, strict=True, today=TODAY).records) == 2


# --- item 4: every command says the same; info --json carries the warnings -------------------


@pytest.fixture
def fixed_today(monkeypatch):
    from graph.load import _common

    monkeypatch.setattr(_common, "today", lambda: TODAY)
    return TODAY


def test_every_command_prints_the_same_warnings_and_info_json_carries_them(tmp_path, fixed_today):
    import json

    from click.testing import CliRunner

    from graph.cli import cli

    path = str(FORMATS / "scopus_damaged.csv")
    owner = ["--owner", "Ada Lovelace"]
    commands = {
        "info": ["info", path],
        "run": ["run", path, "--out", str(tmp_path / "out"), *owner],
        "rank": ["rank", path, *owner],
        "export": ["export", path, "-o", str(tmp_path / "g.graphml")],
        "names": ["names", path],
    }
    printed = {}
    for name, args in commands.items():
        res = CliRunner().invoke(cli, args)
        assert res.exit_code == 0, (name, res.output)
        printed[name] = [
            line.removeprefix("warning: ")
            for line in res.stderr.splitlines()
            if line.startswith("warning: ")
        ]
    assert len(printed["info"]) == 4  # 2 rows skipped, a date left out, 2 papers without names
    assert all(lines == printed["info"] for lines in printed.values()), printed
    data = json.loads(CliRunner().invoke(cli, ["info", path, "--json"]).stdout)
    assert data["skipped"]["problems"] + data["warnings"] == printed["info"]
    assert data["papers"]["without_authors"] == 2


# --- item 5: the --aliases file goes through the input guard --------------------------------


def test_alias_file_is_guarded_like_an_input(tmp_path):
    import os

    from click.testing import CliRunner

    from graph.cli import cli

    data = str(FORMATS / "sample.csv")
    fifo = tmp_path / "aliases.csv"
    os.mkfifo(fifo)  # nobody writes to it: reading it would wait for ever
    res = CliRunner().invoke(cli, ["info", data, "--aliases", str(fifo)])
    assert res.exit_code == 1
    assert res.output.strip().endswith(
        f"Error: {fifo}: expected a regular file, found 'a named pipe (FIFO)'. Hint: "
        "collabgraph reads whole files, not streams: save the data to a file and pass that"
    )
    big = tmp_path / "big_aliases.csv"
    big.write_text("variant,canonical\n" + "A. Lovelace,Ada Lovelace\n" * 200, encoding="utf-8")
    res = CliRunner().invoke(cli, ["info", data, "--aliases", str(big), "--max-input-size", "1000"])
    assert res.exit_code == 1
    assert f"Error: {big}: expected a file of at most 1000 bytes (--max-input-size)" in res.output


# --- item 6: only a detected owner is "detected" -------------------------------------------


def test_owner_given_is_not_reported_as_detected(tmp_path):
    from click.testing import CliRunner

    from graph.cli import cli

    bib = str(FORMATS / "owner_scholar.bib")
    detected = CliRunner().invoke(cli, ["run", bib, "--out", str(tmp_path / "a")])
    assert detected.exit_code == 0
    assert "owner Ada Lovelace detected (on 4 of 5 papers" in detected.output
    given = CliRunner().invoke(
        cli, ["run", bib, "--out", str(tmp_path / "b"), "--owner", "Charles Babbage"]
    )
    assert given.exit_code == 0 and "detected" not in given.output
    corpus = normalise([load_records(bib, today=TODAY)], owner="Charles Babbage")
    assert corpus.meta["owners_detected"] == []


# --- item 2: every reader checks dates against today ----------------------------------------

_DATED = {
    "x.bib": "@article{k, author = {Lovelace, Ada}, title = {Notes}, year = {YEAR}}\n",
    "x.txt": "FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nAU Lovelace, A\n"
    "AF Lovelace, Ada\nTI Notes\nPY YEAR\nER\n\nEF\n",
    "x.nbib": "PMID- 1\nTI  - Notes.\nFAU - Lovelace, Ada\nAU  - Lovelace A\nDP  - YEAR Mar\n",
    "scopus.csv": "Authors,Author(s) ID,Title,Year,Source title,EID\n"
    "Lovelace A.,1;,Notes,YEAR,J,2-s2.0-1\n",
    "lens.csv": "Lens ID,Title,Publication Year,Author/s\n000-111-222-333-444,Notes,YEAR,"
    "Ada Lovelace\n",
    "dims.csv": 'Rank,Publication ID,Title,PubYear,Authors\n1,pub.1,Notes,YEAR,"Lovelace, Ada"\n',
    "ieee.csv": '"Document Title",Authors,"Author Affiliations","Publication Year"\n'
    "Notes,A. Lovelace,NA,YEAR\n",
    "springer.csv": "Item Title,Item DOI,Authors,Publication Year,URL\nNotes,,Ada Lovelace,YEAR,\n",
}


@pytest.mark.parametrize("name", sorted(_DATED))
@pytest.mark.parametrize(
    ("year", "kept", "warning"),
    [
        ("2019", 2019, None),
        ("2031", None, "on or before today (2026-12-01)"),
        ("0001", None, "a year from 1500 to 2026"),
        ("20x1", None, "20x1"),
    ],
)
def test_every_reader_checks_dates_against_today(tmp_path, name, year, kept, warning):
    path = tmp_path / name
    path.write_text(_DATED[name].replace("YEAR", year), encoding="utf-8")
    res = load_records(path, today=TODAY)
    assert [r.title.rstrip(".") for r in res.records] == ["Notes"], res.problems
    assert res.records[0].year == kept and res.problems == []
    if warning is None:
        assert res.meta["warnings"] == []
        return
    assert len(res.meta["warnings"]) == 1 and warning in res.meta["warnings"][0]
    # WoS names the record's first line, MEDLINE the DP line, BibTeX the entry, CSV the row
    line = 3 if name == "x.txt" else 5 if name == "x.nbib" else 1 if name == "x.bib" else 2
    assert res.meta["warnings"][0].startswith(f"{path}:{line}: expected ")
    with pytest.raises(InputError):
        load_records(path, strict=True, today=TODAY)


# --- item 7: one person, written family first as each database writes it ---------------------

_D = "\u2010"  # Scopus writes hyphenated initials with U+2010
_FAMILY_FIRST = {
    "ris, Family, I.": f"TY  - JOUR\nAU  - Chen, Z.{_D}t.\nAU  - Smith J.A.\nAU  - Doe, B.\n"
    "TI  - T\nPY  - 2019\nER  - \n",
    "ris, Family I.": f"TY  - JOUR\nAU  - Chen Z.{_D}t.\nAU  - Smith, J. A.\nAU  - Doe B.\n"
    "TI  - T\nPY  - 2019\nER  - \n",
    "bib, and": f"@article{{k, author = {{Chen, Z.{_D}t. and Smith, J.A. and Doe, B.}}, "
    "title={T}, year=2019}\n",
    "bib, no comma": f"@article{{k, author = {{Chen Z.{_D}t. and Smith J.A. and Doe B.}}, "
    "title={T}, year=2019}\n",
    "bib, commas": f"@article{{k, author = {{Chen Z.{_D}t., Smith J.A.}}, title={{T}}, "
    "year=2019}\n",
    "csv": f"title,year,authors\nT,2019,Chen Z.{_D}t.; Smith J.A.; Doe B.\n",
    "scopus, ,": f'Authors,Author(s) ID,Title,Year,EID\n"Chen Z.{_D}t., Smith J.A., Doe B.",'
    "1;2;3;,T,2019,2-s2.0-1\n",
    "scopus, ;": f'Authors,Author(s) ID,Title,Year,EID\n"Chen Z.{_D}t.; Smith J.A.; Doe B.",'
    "1;2;3;,T,2019,2-s2.0-1\n",
    "scopus, oldest": f'Authors,Author(s) ID,Title,Year,EID\n"Chen, Z.{_D}t., Smith, J.A., '
    'Doe, B.",1;2;3;,T,2019,2-s2.0-1\n',
    "wos": "FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nAU Chen, ZT\n   Smith, JA\n"
    "   Doe, B\nTI T\nPY 2019\nER\n\nEF\n",
    "pubmed": "PMID- 1\nTI  - T.\nAU  - Chen ZT\nAU  - Smith JA\nAU  - Doe B\nDP  - 2019\n",
}
_SUFFIX = {"ris": ".ris", "bib": ".bib", "csv": ".csv", "wos": ".txt", "pubmed": ".nbib"}


@pytest.mark.parametrize("case", sorted(_FAMILY_FIRST))
def test_family_first_names_are_flipped_alike_in_every_reader(tmp_path, case):
    from graph.text import name_key

    kind = case.split(",")[0]
    path = tmp_path / ("scopus.csv" if kind == "scopus" else "x" + _SUFFIX[kind])
    path.write_text(_FAMILY_FIRST[case], encoding="utf-8")
    rec = load_records(path, today=TODAY).records[0]
    shown = names(rec)
    # the reader already writes the given names first (no Unicode dash in the way) ...
    assert all(n.split()[-1] in ("Chen", "Smith", "Doe") for n in shown), shown
    # ... and each person has one key whatever the database and form
    assert [name_key(n) for n in shown] == ["ztchen", "jasmith", "bdoe"][: len(shown)]


# --- hunt: DBLP's homonym numbers are identity -----------------------------------------------


def test_dblp_homonym_numbers_keep_people_apart_out_of_the_name_shown():
    from graph.build import coauthor_graph

    path = FORMATS / "dblp.bib"
    res = load_records(path, today=TODAY)
    assert [names(r) for r in res.records] == [
        ["Pankaj K. Agarwal", "Wei Wang 0001", "Ada Lovelace"],
        ["Wei Wang 0002", "Ada Lovelace", "Jürgen Müller 0003"],
        ["Wei Wang", "Ada Lovelace"],
    ]
    assert [r.ext_id for r in res.records] == [
        "dblp:conf/soda/Agarwal00001",
        "dblp:journals/jig/Wang0002L19",
        "dblp:journals/corr/abs-2001-00001",
    ]
    # the proceedings volume names editors only: skipped, with that reason
    assert problem_lines(res) == [51] and "editors only" in res.problems[0].error.hint
    corpus = normalise([res], add_owner=False)
    people = corpus.authorships.drop_duplicates("author_id").set_index("author_id")["name"]
    assert people.to_dict() == {
        "pankajkagarwal": "Pankaj K. Agarwal",
        "weiwang0001": "Wei Wang",
        "adalovelace": "Ada Lovelace",
        "weiwang0002": "Wei Wang",
        "jurgenmuller0003": "Jürgen Müller",
        "weiwang": "Wei Wang",
    }
    graph = coauthor_graph(corpus)
    assert graph.number_of_nodes() == 6
    assert not graph.has_edge("weiwang0001", "weiwang0002")
    # `names` never offers two numbered homonyms as one person (the unnumbered one may be)
    from graph.names import name_candidates

    pairs = name_candidates(corpus)
    ids = zip(pairs["variant_id"], pairs["canonical_id"], strict=True)
    assert {frozenset(p) for p in ids} == {
        frozenset({"weiwang", "weiwang0001"}),
        frozenset({"weiwang", "weiwang0002"}),
    }
    # the same record twice (a second DBLP export) is one paper, by its DBLP key
    twice = normalise([res, load_records(path, today=TODAY)], add_owner=False)
    assert len(twice.papers) == 3


# --- hunt: Web of Science tags beyond AU/AF/C1 ------------------------------------------------


def test_wos_books_groups_researcher_ids_and_c3():
    path = FORMATS / "wos_more.txt"
    res = load_records(path, today=TODAY)
    book, editorial, early, future = res.records
    # a book (PT B) names its authors in BA/BF only: read, not skipped; GP is a group
    assert names(book) == ["Ada Lovelace", "Charles Babbage"]
    assert book.groups == ("Analytical Engine Society",)
    assert book.affiliations == ("University of London",)  # C3, no C1 address
    assert names(editorial) == [] and res.meta["authorless"] == 1  # "[Anonymous]"
    # RI ResearcherIDs beside OI ORCIDs; early access only (EA JAN 2021) dates the paper
    assert [a.ext_id for a in early.authors] == [
        "orcid:0000-0002-1825-0097;researcherid:A-1234-2010",
        "researcherid:B-5678-2011",
    ]
    assert (early.year, early.date_precision) == (2021, "month")
    assert early.affiliations == ("Yale University", "University of Gottingen")
    assert (future.year, res.problems) == (None, [])
    assert res.meta["warnings"][0].startswith(
        f"{path}:42: expected a date on or before today (2026-12-01), found 'PY 2031, PD MAR-APR'"
    )


def test_wos_tab_delimited_export_is_read_like_the_tagged_one(tmp_path):
    path = FORMATS / "wos_tab.txt"
    from graph.load import detect_format

    assert detect_format(path) == "wos"
    res = load_records(path, today=TODAY)
    assert [r.line for r in res.records] == [2, 3, 4, 5] and res.problems == []
    first = res.records[0]
    # "[Lovelace, Ada; Turing, Alan] Univ London, ...; [Hopper, Grace] Yale Univ, ...": the
    # ";" inside the brackets separates names, not addresses
    assert [(a.name, a.affiliations) for a in first.authors] == [
        ("Ada Lovelace", ("Univ London",)),
        ("Alan Turing", ("Univ London",)),
        ("Grace Hopper", ("Yale Univ",)),
    ]
    assert [a.ext_id for a in first.authors] == [
        "orcid:0000-0002-1825-0097",
        "researcherid:C-1111-2012",
        "orcid:0000-0001-5109-3700",
    ]
    assert (str(first.date), first.doi) == ("2019-03-15", "10.1000/shared.1")
    assert first.ext_id == "wos:000000000000031;pmid:31000001"
    assert names(res.records[1]) == [] and res.meta["authorless"] == 1
    assert names(res.records[2]) == ["Charles Babbage"]
    assert res.records[3].year is None  # PY 2031
    # the same paper in the tagged export is one paper with this one
    both = normalise([res, load_records(FORMATS / "wos.txt", today=TODAY)])
    assert len(both.papers[both.papers["doi"] == "10.1000/shared.1"]) == 1


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_wos_windows_unicode_export_reads_like_the_utf8_one(tmp_path, codec):
    """WoS offers "Tab delimited (Win, UTF-16)": the same rows, read to the same records,
    with or without a byte order mark (without one, from the NUL bytes of its start)."""
    utf8 = load_records(FORMATS / "wos_tab.txt", today=TODAY)
    text = (FORMATS / "wos_tab.txt").read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    path = tmp_path / "savedrecs.txt"
    path.write_bytes(text.replace("\n", "\r\n").encode(codec))
    from graph.load import detect_format

    assert detect_format(path) == "wos"
    wide = load_records(path, today=TODAY)
    assert [(r.line, r.title, [a.name for a in r.authors], r.doi) for r in wide.records] == [
        (r.line, r.title, [a.name for a in r.authors], r.doi) for r in utf8.records
    ]
    assert len(wide.records) == 4


def test_utf16_fixture_as_windows_writes_it():
    raw = (FORMATS / "wos_tab_utf16.txt").read_bytes()
    assert raw[:2] == b"\xff\xfe" and b"\r\x00\n\x00" in raw
    res = load_records(FORMATS / "wos_tab_utf16.txt", today=TODAY)
    assert [r.line for r in res.records] == [2, 3, 4, 5]
    assert [a.name for a in res.records[0].authors] == [
        "Ada Lovelace",
        "Alan Turing",
        "Grace Hopper",
    ]


def test_utf16_bibtex_and_odd_length_are_handled(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_bytes(
        "@article{k, author={Deliège, Adrien and Ørsted, Zoë}, title={T}, year={2020}}".encode(
            "utf-16"
        )
    )
    (rec,) = load_records(bib).records
    assert [a.name for a in rec.authors] == ["Adrien Deliège", "Zoë Ørsted"]
    cut = tmp_path / "cut.bib"
    cut.write_bytes(bib.read_bytes()[:-1])  # half a UTF-16 code unit at the end
    with pytest.raises(InputError, match="not UTF-16"):
        load_records(cut)


# --- hunt: organisations signing as authors ---------------------------------------------------


def test_zotero_corporate_authors_are_groups_braced_persons_stay_persons():
    res = load_records(FORMATS / "zotero.bib", today=TODAY)
    report, standard, mendeley = res.records
    assert names(report) == ["Ada Lovelace", "Liu Wei"]
    assert report.groups == ("World Health Organization",)
    assert (names(standard), standard.groups) == ([], ("IEEE", "Barnes and Noble"))
    assert names(mendeley) == ["Alan M. Turing", "Grace Hopper"]
    assert res.problems == [] and res.meta["warnings"] == []
    corpus = normalise([res], add_owner=False)
    assert "World Health Organization" not in set(corpus.authorships["name"])


def test_scopus_row_wider_than_its_header_for_another_reason_is_skipped():
    from graph.load.scopus import read_string

    text = (
        "Authors,Title,Year,Source title,Funding Text 1,References,EID\n"
        "Smith J.,A title, with an unquoted comma,2019,J,F1,F2,R,2-s2.0-1\n"  # Year shifted
        "Doe B.,Two funding texts,2019,J,F1,F2,R,2-s2.0-2\n"  # read from the right
    )
    res = read_string(text, "s.csv", today=TODAY)
    assert [(r.title, r.year, r.ext_id) for r in res.records] == [
        ("Two funding texts", 2019, "scopus:2-s2.0-2")
    ]
    assert problem_lines(res) == [2] and "as many cells as the header" in str(res.problems[0])


def test_ris_last_first_suffix_order():
    from graph.load.ris import read_string as read_ris

    # the RIS specification writes "Last, First, Suffix"; BibTeX writes "von Last, Jr, First"
    res = read_ris("TY  - JOUR\nAU  - King, Martin, Jr.\nTI  - T\nPY  - 1963\nER  - \n")
    assert names(res.records[0]) == ["Martin King Jr."]
