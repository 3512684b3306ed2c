"""Readers of real exports (issue 12): Web of Science and Scopus BibTeX, PubMed/MEDLINE,
Lens.org, Dimensions, IEEE Xplore and SpringerLink CSV; content sniffing; forced formats.

Fixtures in tests/data/formats/ are invented records in each export's real shape (see its
README); the real IEEE, Scopus, RIS and Springer files of shared/data/real_exports are read
in place and checked against the figures of their README and by hand.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import cli
from graph.errors import InputError
from graph.load import detect_format, load_records
from graph.load.bibtex import comma_separated_authors
from graph.load.bibtex import read_string as read_bibtex
from graph.load.springer import split_run_together
from graph.normalise import normalise

FORMATS = Path(__file__).resolve().parent / "data" / "formats"
TODAY = dt.date(2026, 12, 1)


def names(rec):
    return [a.name for a in rec.authors]


def problem_lines(res):
    return [p.error.line for p in res.problems]


# --- Web of Science BibTeX -------------------------------------------------------------


def test_wos_bibtex_capitalised_fields_and_double_braces():
    """WoS BibTeX (Author =, Title = {{...}}, Year = {{2003}}) read 0 papers before."""
    res = load_records(FORMATS / "wos_bibtex.bib")
    assert (res.meta["entries"], len(res.records), res.problems) == (4, 4, [])
    first, second, old, _ = res.records
    assert first.title == "On Bayesian Über-Graphs"
    assert names(first) == ["Hans Müller", "Jose Garcia", "Karl Strasse"]
    assert first.groups == ("DELTA Study Grp",)  # a group in the author field
    assert (first.date, first.date_precision) == (dt.date(2020, 3, 1), "month")  # {{MAR}}
    assert (first.doi, first.venue) == ("10.1000/shared.1", "ACM TRANSACTIONS ON DATABASE SYSTEMS")
    assert first.ext_id == "wos:000301234500007"
    assert second.ext_id == "wos:000457890100012" and second.title.endswith("over two lines")
    assert old.ext_id == "wos:A1982PW19900006"


def test_wos_bibtex_affiliations_by_author():
    first, second, old, _ = load_records(FORMATS / "wos_bibtex.bib").records
    # the reprint-author line is a duplicate; each named author gets their own lines
    assert [a.affiliations for a in first.authors] == [
        ("Univ Hamburg",),
        ("Univ Seville",),
        ("Univ Hamburg", "Max Planck Inst Informat"),
    ]
    assert first.authors[2].affiliation_countries == ("Germany", "Germany")
    assert first.authors[1].affiliation_addresses == (
        "Univ Seville, Dept Comp Sci & AI, Seville, Spain",  # \& decoded
    )
    assert first.authors[1].ext_id == "orcid:0000-0002-1825-0097"  # ORCID-Numbers
    assert first.affiliations == ()
    assert [(a.name, a.affiliations, a.affiliation_countries) for a in second.authors] == [
        ("P. K. Agarwal", ("Duke Univ",), ("United States",)),
        ("Ada Lovelace", ("Univ London",), ("United Kingdom",)),
    ]
    assert second.authors[0].ext_id == "orcid:0000-0002-9439-181X"
    # an old record: an address without names is the paper's
    assert (old.affiliations, old.affiliation_countries) == (("UNIV WESTERN ONTARIO",), ("Canada",))


def test_bibtex_unreadable_year_is_a_located_warning_and_strict_error():
    path = FORMATS / "wos_bibtex.bib"
    res = load_records(path)
    bad = res.records[3]
    assert (bad.year, bad.date, bad.date_precision) == (None, None, "")
    assert res.meta["warnings"] == [
        f"{path}:56: expected a 4-digit year in entry 'ISI:000399900000001', found '20x1'. "
        "Hint: the entry is read without a date; correct the year field (read without a date)"
    ]
    with pytest.raises(InputError) as err:
        load_records(path, strict=True)
    assert err.value.line == 56 and err.value.found == "20x1"


def test_bibtex_field_names_any_case():
    text = "@Article{k, AUTHOR = {Lovelace, Ada}, TiTlE = {{Notes}}, YEAR = {{1843}}, "
    text += "DoI = {10.1000/N}}"
    rec = read_bibtex(text).records[0]
    assert (rec.title, names(rec), rec.year, rec.doi) == (
        "Notes",
        ["Ada Lovelace"],
        1843,
        "10.1000/n",
    )


# --- Scopus BibTeX -----------------------------------------------------------------------


def test_scopus_bibtex_affiliation_letters_index_the_affiliation_list():
    res = load_records(FORMATS / "scopus.bib")
    iorio = res.records[0]
    assert names(iorio) == ["C. Iorio", "G. Frasso", "A. D'Ambrosio", "R. Siciliano"]
    assert [a.affiliations for a in iorio.authors] == [
        ("University of Naples Federico II",),  # a
        ("Université de Liège",),  # b
        ("University of Naples Federico II",),
        ("University of Naples Federico II",),
    ]
    assert [a.affiliation_countries for a in iorio.authors][:2] == [("Italy",), ("Belgium",)]
    assert iorio.ext_id == "scopus:2-s2.0-84955490001"


def test_scopus_bibtex_letters_stripped_by_pattern_without_eating_initials():
    rec = load_records(FORMATS / "scopus.bib").records[1]
    # "Jappelli, T.a", "Li, A." (a real initial), "Pistaferri, L.b,c", "Li, A.b"
    assert names(rec) == ["T. Jappelli", "A. Li", "L. Pistaferri", "A. Li"]
    assert all(not a.affiliations for a in rec.authors)  # no list: letters index nothing


def test_comma_separated_authors_are_split_with_a_warning():
    res = load_records(FORMATS / "scopus.bib")
    rec = res.records[2]
    assert names(rec) == ["J. Smith", "A. Doe", "B. Roe"]
    assert (
        f"{FORMATS / 'scopus.bib'}:31: entry 'Smith2018': authors separated by ','"
        in (res.meta["warnings"][0])
    )


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("Smith J., Doe A., Roe B.", ["J. Smith", "A. Doe", "B. Roe"]),
        ("Smith J., Doe A.", ["J. Smith", "A. Doe"]),
        ("John Smith, Jane Doe, Bob Roe", ["John Smith", "Jane Doe", "Bob Roe"]),
        ("van der Berg J.-P., Doe A.", ["J.-P. van der Berg", "A. Doe"]),
        ("Smith, John A.", ["John A. Smith"]),  # one person
        ("King, Jr., Martin", ["Martin King Jr."]),  # von Last, Jr, First
        ("Li, A.", ["A. Li"]),
    ],
)
def test_comma_list_detection(field, expected):
    rec = read_bibtex(f"@article{{k, author = {{{field}}}, title = {{T}}, year = 2020}}")
    assert names(rec.records[0]) == expected


def test_comma_separated_authors_unit():
    assert comma_separated_authors("Smith J., Doe A., Roe B.") == ["Smith J.", "Doe A.", "Roe B."]
    assert comma_separated_authors("Smith, J. and Doe, A.") is None


def test_scopus_bibtex_groups_and_affiliations_field():
    rec = load_records(FORMATS / "scopus.bib").records[3]
    assert names(rec) == ["Hans Müller", "José García"]
    assert rec.groups == ("Graph Analysis Consortium",)
    assert rec.affiliations == ("Universität Hamburg", "Chinese Academy of Sciences")
    assert rec.affiliation_countries == ("Germany", "China")


# --- PubMed / MEDLINE ----------------------------------------------------------------------


def test_pubmed_authors_affiliations_groups():
    res = load_records(FORMATS / "pubmed.nbib")
    assert [r.line for r in res.records] == [1, 52, 73, 96]
    first, german, old, groups_only = res.records
    assert first.title == (
        "A comparison of word embeddings for biomedical graphs: the long title runs over a "
        "continuation line"
    )
    assert names(first) == ["Hans Müller", "José García", "Ada Lovelace"]  # FAU, AU paired
    assert first.groups == ("ALS Study Group",)  # CN
    hans = first.authors[0]
    assert hans.ext_id == "orcid:0000-0002-1825-0097"
    assert hans.affiliations == ("Mayo Clinic", "Universität Hamburg")  # both AD lines
    assert hans.affiliation_countries == ("United States", "Germany")
    assert hans.affiliation_addresses[1] == (
        "Institute of Informatics, Universität Hamburg, Hamburg, Germany"  # e-mail removed
    )
    assert first.authors[2].affiliations == ()  # Lovelace has no AD
    assert (first.date, first.date_precision) == (dt.date(2019, 10, 15), "day")
    assert (first.doi, first.venue) == (
        "10.1000/jbi.2019.103300",
        "Journal of biomedical informatics",
    )
    assert (first.ext_id, first.url) == (
        "pmid:31000001",
        "https://pubmed.ncbi.nlm.nih.gov/31000001/",
    )
    # IR/FIR investigators are not authors; a ";"-joined AD is split
    assert names(german) == ["Pankaj K Agarwal", "Ada Lovelace"]
    assert german.groups == ("Graph Trials Investigators",)
    assert german.title == "[Graph methods in clinical trials]"
    assert german.authors[0].affiliation_countries == ("United States", "United States")
    assert (german.date, german.date_precision) == (dt.date(2020, 1, 1), "month")  # Jan-Feb
    # before 2002: AU only, "Family Initials"
    assert names(old) == ["GM Hopper", "JP van der Berg"]
    assert old.authors[1].affiliations == ("Yale University",)
    assert (old.year, old.date_precision) == (1998, "year")  # "1998 Spring"
    assert (names(groups_only), groups_only.groups) == (
        [],
        ("Writing Committee for the Graph Trial",),
    )


def test_pubmed_problems_and_warnings():
    path = FORMATS / "pubmed.nbib"
    res = load_records(path)
    assert problem_lines(res) == [87]  # no TI
    assert res.meta["warnings"] == [
        f"{path}:99: expected a publication date such as 'DP  - 2019 Oct 15', found '20x1 Mar'. "
        "Hint: the record is read without a date; fix the date (read without a date)"
    ]
    assert res.records[3].date is None
    with pytest.raises(InputError) as err:
        load_records(path, strict=True)
    assert err.value.line == 87


# --- Lens.org ---------------------------------------------------------------------------


def test_lens_null_names_never_become_authors():
    path = FORMATS / "lens.csv"
    res = load_records(path, today=TODAY)
    assert [r.line for r in res.records] == [2, 3, 4, 5, 6, 8]
    first, nulls, group, all_null, dup, bad_year = res.records
    assert names(first) == ["Hans Müller", "José García", "Karl Straße"]
    assert first.ext_id == "lens:000-111-222-333-441"
    assert (first.date, first.doi, first.url) == (
        dt.date(2020, 3, 15),
        "10.1000/shared.1",
        "https://doi.org/10.1000/shared.1",
    )
    assert names(nulls) == ["Wei Li", "Ada Lovelace"]  # "null Zhang", "null Wang" left out
    assert nulls.authors_complete is False
    assert nulls.ext_id == "lens:000-111-222-333-442;pmid:34000001"
    assert (nulls.date, nulls.date_precision) == (dt.date(2021, 6, 1), "month")
    assert not any("null" in a.name.lower() for r in res.records for a in r.authors)
    assert (names(group), group.groups) == (["Alan Turing"], ("Graph Analysis Consortium",))
    # every name null: a paper Lens has no author names for, its list marked cut
    assert (names(all_null), all_null.authors_complete, all_null.year) == ([], False, 2018)
    assert dup.title == first.title  # duplicate row read; normalise merges it
    assert (bad_year.year, bad_year.date) == (None, None)  # "20x1": read without a date
    assert res.meta["warnings"] == [
        f"{path}:8: expected a 4-digit Publication Year in this Lens row, found '20x1'. Hint: "
        "the record is read without a date; fix the date (read without a date)",
        f"{path}:3: 4 authors written with 'null' for a missing name part left out (first in "
        "this row; their papers' author lists are marked incomplete)",
        f"{path}:5: 1 paper with no author names ('null') read without authors (the first one "
        "here); they count as papers and add nothing to the co-author graph",
    ]
    assert problem_lines(res) == [7]  # no title
    assert res.meta["authorless"] == 1
    with pytest.raises(InputError) as err:
        load_records(path, strict=True, today=TODAY)
    assert err.value.line == 3


# --- Dimensions ---------------------------------------------------------------------------


def test_dimensions_title_line_and_affiliations():
    res = load_records(FORMATS / "dimensions.csv", today=TODAY)
    assert [r.line for r in res.records] == [3, 4, 5, 6]  # line 1 is "About the data"
    first, old, commas, nobody = res.records
    assert names(first) == ["Hans Müller", "José García", "Karl Straße"]
    assert [a.affiliations for a in first.authors] == [
        ("Universität Hamburg",),
        ("University of Seville",),  # Dimensions' standard name
        ("Universität Hamburg", "Max Planck Institute for Informatics"),
    ]
    assert first.authors[1].affiliation_addresses == (
        "Departamento de Informática, Universidad de Sevilla, Seville, Spain",
    )
    assert first.authors[2].affiliation_countries == ("Germany", "Germany")
    assert first.ext_id == "dimensions:pub.1100000001"
    assert first.url == "https://app.dimensions.ai/details/publication/pub.1100000001"
    assert (first.date, first.venue) == (
        dt.date(2020, 3, 15),
        "ACM Transactions on Database Systems",
    )
    # an older export: a plain list of the paper's organisations with their countries
    assert old.affiliations == ("University of London", "University of Manchester")
    assert old.affiliation_countries == ("United Kingdom", "United Kingdom")
    assert old.ext_id == "dimensions:pub.1100000002;pmid:31000009"
    # "University of California, Berkeley" is one organisation
    assert commas.authors[0].affiliations == (
        "University of California, Berkeley",
        "Stanford University",
    )
    assert commas.groups == ("Graph Analysis Consortium",)
    # an empty Authors cell: a work Dimensions has no author for, read and counted
    assert (names(nobody), nobody.groups, res.meta["authorless"]) == ([], (), 1)
    assert res.problems == []


# --- IEEE Xplore and SpringerLink -----------------------------------------------------------


def test_ieee_fixture_pairs_affiliations_only_when_counts_match():
    res = load_records(FORMATS / "ieee.csv", today=TODAY)
    first, mismatch, placeholders, group, undated = res.records
    assert first.title == 'Bayesian Über-Graphs: Adjusting to the "New Normal"\''
    assert [(a.name, a.affiliations, a.affiliation_countries) for a in first.authors] == [
        ("H. Müller", ("Universität Hamburg",), ("Germany",)),
        ("J. García", ("Universidad de Sevilla",), ("Spain",)),
    ]
    assert (first.ext_id, first.doi) == ("ieee:9000001", "10.1000/shared.1")
    assert all(not a.affiliations for a in mismatch.authors)  # 3 authors, 4 affiliations
    assert mismatch.affiliations == (
        "University of London",
        "University of Manchester",
        "Yale University",
        "another affiliation",
    )
    assert all(not a.affiliations for a in placeholders.authors) and not placeholders.affiliations
    assert group.groups == ("Graph Analysis Consortium",)
    # two names (one a group), one affiliation: not paired, the paper's
    assert (group.authors[0].affiliations, group.affiliations) == ((), ("Duke University",))
    # a row without a year is read without a date, with a warning naming its line
    assert (undated.year, res.problems) == (None, [])
    assert res.meta["warnings"][0].startswith(
        f"{FORMATS / 'ieee.csv'}:6: expected a 4-digit Publication Year in this IEEE Xplore "
        "row, found 'an empty cell'"
    )


def test_springer_fixture_splits_only_where_unambiguous():
    path = FORMATS / "springer.csv"
    res = load_records(path, today=TODAY)
    assert [names(r) for r in res.records] == [
        ["Hans Müller", "José García", "Karl Straße"],
        ["John McDonald", "Jane DeWitt", "Ian MacKay", "Ann O'Brien", "Jan van der Berg"],
        ["N. R. Shetty", "L. M. Patnaik", "Ada Lovelace"],
        ["Grace Hopper", "Jane DOEJohn Roe"],  # kept as written, with a warning
        [],  # a row without authors: a document Springer names nobody for
    ]
    assert [w.split(":")[1] for w in res.meta["warnings"]] == ["5", "6"]
    assert "1 paper with no author names read without authors" in res.meta["warnings"][1]
    assert res.problems == []
    with pytest.raises(InputError) as err:
        load_records(path, strict=True)
    assert err.value.line == 5


@pytest.mark.parametrize(
    ("cell", "expected", "clear"),
    [
        ("Araz R. AlievNigar T. Ismayilova", ["Araz R. Aliev", "Nigar T. Ismayilova"], True),
        ("Mary McDonaldTom DeWitt", ["Mary McDonald", "Tom DeWitt"], True),
        ("Anna FitzGeraldLeo LeBlanc", ["Anna FitzGerald", "Leo LeBlanc"], True),
        ("JoAnn SmithBo Li", ["JoAnn Smith", "Bo Li"], False),  # or "Jo" + "Ann Smith"?
        ("Dr.-Ing. Karl MüllerProf. Dr. Eva Roe", ["Karl Müller", "Eva Roe"], True),
        ("Everisto Benyera", ["Everisto Benyera"], True),
        ("SukarnoJohn Smith", ["SukarnoJohn Smith"], False),  # kept as written, warned
        ("Jane DOEJohn Roe", ["Jane DOEJohn Roe"], False),
        ("Ada LovelaceTuring", ["Ada Lovelace", "Turing"], False),
    ],
)
def test_split_run_together(cell, expected, clear):
    assert split_run_together(cell) == (expected, clear)


# --- real exports (shared/data/real_exports, read in place) --------------------------------


def test_real_ieee_export(shared_data):
    path = shared_data / "real_exports" / "ieee.csv"
    assert detect_format(path) == "ieee"
    res = load_records(path)
    assert (res.meta["entries"], len(res.records), res.problems) == (10, 10, [])
    first, second = res.records[:2]
    assert (first.year, names(first)) == (2013, ["P. Kogge", "J. Shalf"])
    assert first.authors[0].affiliations == ("University of Notre Dame",)
    assert first.authors[1].affiliations == ("Lawrence Berkeley National Laboratory",)
    assert first.ext_id == "ieee:6634083" and first.doi == "10.1109/mcse.2013.95"
    # 6 authors, 7 affiliations: they cannot be paired, so they stay the paper's
    assert second.title == "European HPC Landscape" and len(second.authors) == 6
    assert all(not a.affiliations for a in second.authors)
    assert len(second.affiliations) == 6  # 7 listed, 2 of them the same organisation
    assert res.meta["unpaired_affiliations"] == 1
    assert sum(len(r.authors) for r in res.records) == 2 + 6 + 4 + 3 + 3 + 5 + 26 + 29 + 5 + 3
    # "NA" for every author of the ORNL paper is no affiliation
    ornl = res.records[6]
    assert len(ornl.authors) == 26 and not any(a.affiliations for a in ornl.authors)


def test_real_scopus_export(shared_data):
    path = shared_data / "real_exports" / "scopus.csv"
    assert detect_format(path) == "scopus"
    res = load_records(path)
    # 9 rows "[No author name available]" (proceedings volumes): papers without authors,
    # said once with their count and the first line
    assert (res.meta["entries"], len(res.records), len(res.problems)) == (58, 58, 0)
    assert res.meta["authorless"] == 9
    assert res.meta["warnings"] == [
        f"{path}:13: 9 papers with no author names ('[No author name available]') read "
        "without authors (the first one here); they count as papers and add nothing to the "
        "co-author graph"
    ]
    assert sum(1 for r in res.records if not r.authors) == 9
    # 56 of its rows hold two funding-text cells under one "Funding Text 1" header: read from
    # the right after it, every paper keeps its own EID (a naive read gives 47 papers the id
    # "Scopus", and the merge by paper id then made 3 papers of 58)
    eids = [r.ext_id.split(";")[0] for r in res.records]
    assert len(set(eids)) == 58 and all(e.startswith("scopus:2-s2.0-") for e in eids)
    assert res.records[2].ext_id == "scopus:2-s2.0-85123480963;pmid:35064163"
    corpus = normalise([res])
    assert len(corpus.papers) == 58 and corpus.meta["duplicates_merged"] == 0
    # the four ICCSA 2010 volumes share title and year and have no author: four papers
    iccsa = corpus.papers[corpus.papers["title"].str.startswith("Computational Science and")]
    assert len(iccsa) == 4
    first = res.records[0]
    assert (first.title, first.year, len(first.authors)) == (
        "Scalable molecular dynamics with NAMD",
        2005,
        10,
    )
    assert first.authors[0].ext_id == "scopus:57202138757"
    assert first.venue == "Journal of Computational Chemistry"
    # "Beckman Institute, University of Illinois at Urbana-Champaign, Urbana, IL 61801, ..."
    assert first.authors[0].affiliations == ("University of Illinois at Urbana-Champaign",)
    assert first.authors[0].affiliation_countries == ("United States",)
    assert first.authors[6].affiliations == ("Université Henri Poincaré",)  # Chipot
    assert first.authors[6].affiliation_countries == ("France",)
    # every author of the file gets an organisation, fewer organisations than addresses
    authors = [a for r in res.records for a in r.authors]
    assert all(a.affiliations for a in authors) and len(authors) == 213
    assert corpus.authorships["author_id"].nunique() == 181
    orgs = {o for a in authors for o in a.affiliations}
    addresses = {x for a in authors for x in a.affiliation_addresses}
    assert (len(orgs), len(addresses)) == (84, 121)


def test_real_ris_export(shared_data):
    path = shared_data / "real_exports" / "example.ris"
    assert detect_format(path) == "ris"
    res = load_records(path)
    assert (len(res.records), res.problems) == (25, [])
    first = res.records[0]
    assert (first.title, first.year) == ("The European Approach to the Exascale Challenge", 2019)
    # IEEE's RIS lists "AU  - G. Kalbe" twice: one author (litstudy counts 2)
    assert names(first) == ["G. Kalbe"]


def test_real_springer_export(shared_data):
    path = shared_data / "real_exports" / "springer.csv"
    assert detect_format(path) == "springer"
    res = load_records(path)
    assert (len(res.records), res.problems, res.meta["warnings"]) == (18, [], [])
    first = res.records[0]
    assert first.title == "Graph-Based Load Balancing Model for Exascale Computing Systems"
    assert (first.year, first.doi) == (2022, "10.1007/978-3-030-92127-9_33")
    assert names(first) == ["Araz R. Aliev", "Nigar T. Ismayilova"]
    # hand-checked: titles dropped, "Martine De Cock" kept whole
    assert names(res.records[1]) == [
        "Rafik A. Aliev",
        "Janusz Kacprzyk",
        "Witold Pedrycz",
        "Mo Jamshidi",
        "Mustafa Babanli",
        "Fahreddin M. Sadikoglu",
    ]
    assert names(res.records[2]) == [
        "Barnabás Bede",
        "Martine Ceberio",
        "Martine De Cock",
        "Vladik Kreinovich",
    ]
    assert [len(r.authors) for r in res.records] == [
        2, 6, 4, 2, 5, 5, 3, 6, 4, 4, 4, 3, 1, 3, 3, 2, 5, 1,
    ]  # fmt: skip


# --- content sniffing and forced formats ----------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "name", "fmt"),
    [
        ("wos.txt", "savedrecs.isi", "wos"),
        ("wos.txt", "savedrecs.ciw", "wos"),
        ("pubmed.nbib", "pubmed-export.txt", "pubmed"),
        ("pubmed.nbib", "citations.medline", "pubmed"),
        ("scopus.csv", "scopus.txt", "scopus"),
        ("sample.ris", "zotero.txt", "ris"),
        ("lens.csv", "lens-export.txt", "lens"),
        ("wos_bibtex.bib", "savedrecs.txt", "bibtex"),
        ("sample.csv", "table.txt", "csv"),
        ("dimensions.csv", "Dimensions-Publication-2023.csv", "dimensions"),
    ],
)
def test_format_is_sniffed_whatever_the_extension(tmp_path, fixture, name, fmt):
    path = tmp_path / name
    shutil.copy(FORMATS / fixture, path)
    assert detect_format(path) == fmt
    assert load_records(path).meta["format"] == fmt


def test_forced_format_that_contradicts_the_content_is_an_error(tmp_path):
    with pytest.raises(InputError) as err:
        load_records(FORMATS / "pubmed.nbib", "wos")
    msg = str(err.value)
    assert "a Web of Science plain-text export (--format wos)" in msg
    assert "a PubMed/MEDLINE file: PMID- 31000001" in msg
    with pytest.raises(InputError, match="a RIS file: TY  - JOUR"):
        load_records(FORMATS / "sample.ris", "bibtex")
    with pytest.raises(InputError, match="Scopus CSV export"):
        load_records(FORMATS / "scopus.csv", "csv")  # would read "Authors" as one name
    # a plain table may be read by a CSV-export reader (a reduced Scopus export)
    table = tmp_path / "reduced.csv"
    table.write_text("Authors,Title,Year\nLovelace A.; Turing A.,Notes,1843\n", encoding="utf-8")
    assert names(load_records(table, "scopus").records[0]) == ["A. Lovelace", "A. Turing"]


def test_cli_forced_wos_on_medline_is_one_line_error_not_junk(tmp_path):
    res = CliRunner().invoke(
        cli, ["run", str(FORMATS / "pubmed.nbib"), "--format", "wos", "--out", str(tmp_path)]
    )
    assert res.exit_code == 1
    assert "PubMed/MEDLINE" in res.output and "Traceback" not in res.output
    assert not (tmp_path / "coauthors.csv").exists()


def test_cli_reads_every_new_format(tmp_path):
    files = [
        str(FORMATS / n)
        for n in (
            "wos_bibtex.bib",
            "pubmed.nbib",
            "lens.csv",
            "dimensions.csv",
            "ieee.csv",
            "springer.csv",
        )
    ]
    res = CliRunner().invoke(cli, ["info", *files, "--json"])
    assert res.exit_code == 0, res.output
    assert '"format": "dimensions"' in res.output and '"format": "pubmed"' in res.output


def test_lens_institution_column_when_present(tmp_path):
    path = tmp_path / "lens-export.csv"
    path.write_text(
        '"Lens ID","Title","Publication Year","Author/s","Institutions"\n'
        '"000-1","Notes","1843","Ada Lovelace; Charles Babbage",'
        '"University of London, London, UK; University of Cambridge, Cambridge, UK"\n',
        encoding="utf-8",
    )
    rec = load_records(path).records[0]
    assert rec.affiliations == ("University of London", "University of Cambridge")
    assert rec.affiliation_countries == ("United Kingdom", "United Kingdom")
    assert all(not a.affiliations for a in rec.authors)  # the export does not say whose
