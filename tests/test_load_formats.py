"""Readers of every format, on hand-written fixtures with exact, hand-checked counts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from graph.errors import InputError
from graph.load import EXTENSIONS, READERS, SNIFFERS, detect_format, load_records

FORMATS = Path(__file__).resolve().parent / "data" / "formats"


def names(rec):
    return [a.name for a in rec.authors]


def problem_lines(res):
    return [p.error.line for p in res.problems]


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("sample.bib", "bibtex"),
        ("owner_scholar.bib", "bibtex"),
        ("sample.ris", "ris"),
        ("sample.csv", "csv"),
        ("sample.tsv", "csv"),
        ("scopus.csv", "scopus"),
        ("wos.txt", "wos"),
        ("openalex_current.json", "openalex"),
        ("openalex_2022.jsonl", "openalex"),
        ("wos_bibtex.bib", "bibtex"),
        ("scopus.bib", "bibtex"),
        ("pubmed.nbib", "pubmed"),
        ("lens.csv", "lens"),
        ("dimensions.csv", "dimensions"),
        ("ieee.csv", "ieee"),
        ("springer.csv", "springer"),
    ],
)
def test_format_detected_from_extension_and_content(name, fmt):
    assert detect_format(FORMATS / name) == fmt


def test_txt_without_wos_tags_stays_a_profile(default_profile):
    assert detect_format(default_profile) == "profile"


def test_every_format_is_registered_with_an_extension():
    assert set(READERS) == {
        "profile",
        "bibtex",
        "ris",
        "csv",
        "scopus",
        "openalex",
        "wos",
        "pubmed",
        "lens",
        "dimensions",
        "ieee",
        "springer",
    }
    assert set(EXTENSIONS.values()) <= set(READERS)
    assert set(SNIFFERS) == set(READERS)  # every format is recognised by its content


def test_bibtex_fixture():
    res = load_records(FORMATS / "sample.bib")
    assert [r.line for r in res.records] == [6, 15, 25, 31, 48]
    first, second, dated, reused, after = res.records
    assert names(first) == ["Hans Müller", "José García", "Karl Straße"]
    assert first.title == "On Bayesian Über-Graphs"
    assert first.venue == "ACM Transactions on Database Systems"  # @string macro
    assert (first.date, first.date_precision, first.doi) == (
        dt.date(2020, 3, 1),
        "month",
        "10.1000/shared.1",
    )
    assert names(second) == ["Jan van der Berg", "Martin King Jr."]
    assert second.groups == ("Barnes and Noble",)  # BibTeX's braced corporate author
    assert second.authors_complete is False  # "and others"
    assert second.venue == "Proceedings of the Graph Conference"  # macro # "text"
    assert second.title == "Networks of NETWORKS"
    assert second.doi == "10.1000/net.2019"  # from the doi.org URL
    assert (dated.date, dated.date_precision) == (dt.date(2021, 7, 15), "day")
    assert reused.title == "A second paper under a reused key" and names(reused) == ["Ada Lovelace"]
    assert after.affiliations == ("University of Manchester", "University of London")
    assert problem_lines(res) == [37, 43]  # editor only; unclosed brace
    assert res.meta["warnings"] == [
        f"{FORMATS / 'sample.bib'}:31: duplicate entry key 'mueller2020' (first at line 6); "
        "both entries are read"
    ]
    # the entry with the unclosed brace counts among the entries: 5 read + 2 skipped
    assert (res.meta["entries"], res.meta["records"], res.meta["strings"]) == (7, 5, 2)
    assert res.meta["skipped"] == 2
    assert res.meta["owner_detected"] is None


def test_ris_fixture():
    res = load_records(FORMATS / "sample.ris")
    assert [r.line for r in res.records] == [1, 13, 33]
    first, conf, last = res.records
    assert names(first) == ["Hans Müller", "José García", "Karl Straße"]
    assert first.affiliations == ("Universität Hamburg", "Universidad de Sevilla")
    assert (first.date, first.doi) == (dt.date(2020, 3, 15), "10.1000/shared.1")
    assert conf.title == "Primary title in T1 with a continuation line"
    assert names(conf) == ["Ada Lovelace", "Alan Turing"] and conf.authors_complete is False
    assert (conf.year, conf.date_precision, conf.venue) == (2019, "year", "Graph Conference")
    assert conf.doi == "10.1000/ris.2019" and conf.abstract == "An abstract."
    assert last.title == "Last record has no ER line"
    assert problem_lines(res) == [27]  # record without title
    # stray text left out; the last record read without its ER line (warnings, not skipped)
    assert [w.split(":")[1] for w in res.meta["warnings"]] == ["25", "33"]
    assert (res.meta["entries"], res.meta["records"], res.meta["skipped"]) == (4, 3, 1)


def test_csv_fixture():
    res = load_records(FORMATS / "sample.csv")
    assert [r.line for r in res.records] == [2, 3, 5, 6]
    first, multi, dated, bad_year = res.records
    assert names(first) == ["Hans Müller", "José García", "Karl Straße"]
    assert (first.doi, first.venue, first.affiliations) == (
        "10.1000/shared.1",
        "ACM TODS",
        ("Universität Hamburg",),
    )
    assert multi.title == "A title, with a comma and a line break"
    assert multi.authors_complete is False
    assert (dated.year, dated.date, dated.date_precision) == (2018, dt.date(2018, 5, 1), "month")
    # a bad year loses the date, not the row (a warning); no authors, too many cells: skipped
    assert (bad_year.title, bad_year.year, bad_year.date) == ("Bad year", None, None)
    assert problem_lines(res) == [7, 8]
    assert res.meta["warnings"] == [
        f"{FORMATS / 'sample.csv'}:6: expected a 4-digit year in this row, found '20x1'. "
        "Hint: fix the year cell (left out this date)"
    ]
    assert (res.meta["entries"], res.meta["records"], res.meta["skipped"]) == (6, 4, 2)


def test_tsv_fixture():
    res = load_records(FORMATS / "sample.tsv")
    assert [(r.title, names(r)) for r in res.records] == [
        ("Tab separated", ["Ada Lovelace", "Alan Turing"]),
        ("Second row", ["Alan Turing"]),
    ]
    assert res.meta["delimiter"] == "\t"


def test_csv_missing_column_is_named():
    with pytest.raises(InputError) as err:
        load_records(FORMATS / "missing_year.csv")
    assert err.value.line == 1
    assert "column(s) year" in str(err.value) and "title,authors,venue" in str(err.value)


def test_scopus_fixture():
    res = load_records(FORMATS / "scopus.csv")
    assert [r.line for r in res.records] == [2, 3, 4, 5]
    first, old = res.records[:2]
    assert [(a.name, a.ext_id) for a in first.authors] == [
        ("Hans Müller", "scopus:57190000001"),
        ("José García", "scopus:57190000002"),
        ("Karl Straße", "scopus:57190000003"),
    ]
    # the organisation of the address, its country and the address as written
    assert first.authors[1].affiliations == ("Universidad de Sevilla",)
    assert first.authors[1].affiliation_countries == ("Spain",)
    assert first.authors[1].affiliation_addresses == ("Universidad de Sevilla, Sevilla, Spain",)
    assert first.affiliations == ()  # per-author institutions replace the paper-level list
    assert first.ext_id == "scopus:2-s2.0-1"
    assert first.url == "https://www.scopus.com/inward/record.uri?eid=2-s2.0-1"
    assert first.abstract == "" and first.venue == "ACM Transactions on Database Systems"
    assert [(a.name, a.ext_id) for a in old.authors] == [
        ("A. Lovelace", "scopus:57190000004"),
        ("A. Turing", "scopus:57190000005"),
    ]
    assert old.authors[1].affiliations == ("University of Manchester",)
    assert old.authors[1].affiliation_countries == ("United Kingdom",)
    # "[No author name available]": a paper without authors, said once; no year: read undated
    assert [(r.line, len(r.authors), r.year) for r in res.records[2:]] == [
        (4, 0, 2018),
        (5, 1, None),
    ]
    assert res.problems == [] and res.meta["authorless"] == 1
    assert [w.split(":")[1] for w in res.meta["warnings"]] == ["5", "4"]


def test_wos_fixture():
    res = load_records(FORMATS / "wos.txt")
    assert [r.line for r in res.records] == [3, 21]
    first, second = res.records
    assert [(a.name, a.ext_id) for a in first.authors] == [
        ("Hans Müller", ""),
        ("José García", "orcid:0000-0002-1825-0097"),
        ("Karl Straße", ""),
    ]
    # WoS writes the organisation first: it is the institution; the address is kept
    assert [a.affiliations for a in first.authors] == [
        ("Univ Hamburg",),
        ("Univ Seville",),
        ("Univ Hamburg",),
    ]
    assert [a.affiliation_countries for a in first.authors] == [
        ("Germany",),
        ("Spain",),
        ("Germany",),
    ]
    assert first.authors[0].affiliation_addresses == (
        "Univ Hamburg, Dept Informat, Hamburg, Germany",
    )
    assert first.ext_id == "wos:000000000000001"
    assert (first.date, first.date_precision, first.doi) == (
        dt.date(2020, 3, 15),
        "day",
        "10.1000/shared.1",
    )
    assert second.title == "A title that runs over two lines"
    assert names(second) == ["P. K. Agarwal", "Ada Lovelace"]
    assert second.groups == ("Graph Consortium",)  # CA: a group, not a person
    assert second.authors[0].ext_id == "orcid:0000-0002-9439-181X"
    assert second.affiliations == ("Univ London",)  # C1 without [names]: the paper's
    assert second.affiliation_countries == ("United Kingdom",)  # England, normalised
    assert second.affiliation_addresses == ("Univ London, London, England",)
    assert (second.date, second.date_precision) == (dt.date(2019, 1, 1), "month")  # EA only
    assert problem_lines(res) == [36]


def test_openalex_current_schema():
    res = load_records(FORMATS / "openalex_current.json")
    assert [r.line for r in res.records] == [1, 2]
    first, cut = res.records
    assert [(a.name, a.ext_id, a.affiliation_ids) for a in first.authors] == [
        ("Hans Müller", "openalex:A1000000001", ("00g30e956",)),
        ("José García", "openalex:A1000000002;orcid:0000-0002-1825-0097", ("03yxnpp24",)),
        ("Karl Straße", "openalex:A1000000003", ()),
    ]
    assert first.venue == "ACM Transactions on Database Systems"
    assert first.abstract == "Graphs over everything."
    assert first.doi == "10.1000/shared.1" and first.date == dt.date(2020, 3, 15)
    assert cut.authors_complete is False
    assert names(cut) == ["Pankaj K. Agarwal", "Ada Lovelace"]  # raw_author_name fallback
    assert [(p.error.line, p.error.unit) for p in res.problems] == [(3, "record"), (4, "record")]
    assert res.meta["institution_ids"] == {
        "Duke University": "00py81415",
        "Universidad de Sevilla": "03yxnpp24",
        "Universität Hamburg": "00g30e956",
    }


def test_openalex_2022_jsonl():
    res = load_records(FORMATS / "openalex_2022.jsonl")
    first, second = res.records
    assert names(first) == ["Ada Lovelace", "Alan Turing"]  # "Lovelace, Ada" flipped
    assert first.venue == "Journal of Graphs"  # host_venue
    assert first.authors[1].affiliations == ("University of Manchester", "University of London")
    assert first.authors[1].affiliation_ids == ("027m9bs27", "I4")  # ROR, else OpenAlex id
    assert (second.line, second.date_precision, second.venue) == (2, "year", "")
    assert res.problems == []


def test_openalex_bad_jsonl_line_is_located():
    # lenient: that line is one work skipped; strict: the error names the line
    res = load_records(FORMATS / "openalex_bad_line.jsonl")
    assert [r.line for r in res.records] == [1] and problem_lines(res) == [2]
    with pytest.raises(InputError) as err:
        load_records(FORMATS / "openalex_bad_line.jsonl", strict=True)
    assert err.value.line == 2 and "JSON Lines" in str(err.value)


@pytest.mark.parametrize(
    "name",
    ["sample.bib", "sample.ris", "sample.csv", "scopus.csv", "wos.txt", "openalex_current.json"],
)
def test_strict_raises_the_first_problem(name):
    lenient = load_records(FORMATS / name)
    with pytest.raises(InputError) as err:
        load_records(FORMATS / name, strict=True)
    # the first fault in file order: a problem (record skipped) or a warning (read anyway)
    faults = [p.error.message for p in lenient.problems]
    if not name.endswith(".bib"):  # a reused BibTeX key stays a warning under --strict
        faults += [
            w.rsplit(" (", 1)[0]
            for w in lenient.meta.get("warnings", [])
            if "with no author names" not in w  # a count of what the file states, no fault
        ]
    first = min(faults, key=lambda m: (int(m.split(":")[1].split()[-1]), m))
    assert err.value.message == first


@pytest.mark.parametrize(
    ("suffix", "text"),
    [
        (".bib", "@article{k, author = {M\xfcller, H}, title = {T}, year = 2020}\n"),
        (".ris", "TY  - JOUR\nAU  - M\xfcller, H\nER  - \n"),
        (".json", '[{"title": "M\xfcller"}]'),
    ],
)
def test_latin1_file_reports_byte_offset(tmp_path, suffix, text):
    path = tmp_path / f"latin1{suffix}"
    path.write_bytes(text.encode("latin-1"))
    with pytest.raises(InputError) as err:
        load_records(path)
    offset = text.encode("latin-1").index(b"\xfc")
    assert f"byte offset {offset}" in str(err.value)


@pytest.mark.parametrize("suffix", [".bib", ".ris", ".csv", ".json", ".ciw"])
def test_empty_file_is_one_input_error(tmp_path, suffix):
    path = tmp_path / f"empty{suffix}"
    path.write_text("", encoding="utf-8")
    with pytest.raises(InputError):
        load_records(path)


def test_paper_record_init_matches_its_fields_and_stays_frozen():
    """PaperRecord's fast __init__ takes the dataclass fields, defaults and values."""
    import dataclasses
    import datetime as dt
    import inspect

    from graph.load.records import AuthorRef, PaperRecord

    fields = dataclasses.fields(PaperRecord)
    params = list(inspect.signature(PaperRecord).parameters.values())
    assert [p.name for p in params] == [f.name for f in fields]
    assert [p.default for p in params] == [
        inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default for f in fields
    ]
    values = dict(
        title="T",
        authors=(AuthorRef("A"),),
        source="s",
        line=3,
        authors_complete=False,
        date=dt.date(2020, 1, 2),
        year=2020,
        date_precision="day",
        year_inferred=True,
        category="CV",
        has_code=True,
        code_url="u",
        abstract="a",
        affiliations=("x",),
        doi="d",
        venue="v",
        owners=("o",),
        groups=("G Study Group",),
        url="https://example.org/p",
        ext_id="pmid:1",
        affiliation_countries=("England",),
        affiliation_addresses=("x, Oxford, England",),
    )
    assert set(values) == {f.name for f in fields}
    rec = PaperRecord(**values)
    assert dataclasses.asdict(rec) == dataclasses.asdict(PaperRecord(*values.values()))
    assert {f.name: getattr(rec, f.name) for f in fields} == values
    assert PaperRecord("T", (), "s", 1).owners == ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        rec.title = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        PaperRecord("T")  # type: ignore[call-arg]
