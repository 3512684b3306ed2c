"""RIS, CSV and OpenAlex files as a hostile world delivers them (issue 14, items 4, 5, 6, 8).

Nothing is accepted silently: every fault is a warning with file:line in the default mode and
an error under ``--strict``.  Lenient means skip-and-count: a bad record is skipped and
counted once, the rest of the file is read.  ``today`` is injected, never the real clock.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import cli
from graph.errors import InputError
from graph.load import _common, load_records
from graph.load.csv_table import read_string as read_csv
from graph.load.ris import read_string as read_ris

FORMATS = Path(__file__).resolve().parent / "data" / "formats"
TODAY = dt.date(2026, 12, 1)


def names(rec) -> list[str]:
    return [a.name for a in rec.authors]


def counts(res) -> tuple[int, int, int]:
    return res.meta["entries"], res.meta["records"], res.meta["skipped"]


@pytest.fixture
def fixed_today(monkeypatch):
    monkeypatch.setattr(_common, "today", lambda: TODAY)
    return TODAY


# --- RIS --------------------------------------------------------------------------------------

RIS = FORMATS / "cut_no_er.ris"


def test_ris_cut_file_and_missing_er():
    res = load_records(RIS, today=TODAY)
    assert [(r.line, r.title) for r in res.records] == [
        (4, "Sparse Prompt Tuning for Long-Tailed Face Attribute Recognition"),
        (13, "Calibrated Uncertainty for Cross-Domain Liveness Detection"),
        (20, "A Paper Dated in Year One"),
        (27, "A Paper From the Future"),
        (40, "Frequency-Aware Blending for Generalizable Forgery Detection"),
    ]
    cut = res.records[-1]
    assert names(cut) == ["Lina Okafor", "Mateo Rossi"] and cut.authors_complete is False
    assert res.records[2].date is None and res.records[3].date is None
    assert res.records[1].date == dt.date(2024, 1, 1)  # read up to the next record
    assert res.meta["warnings"] == [
        f"{RIS}:13: expected a closing 'ER  -' line at the end of this RIS record. Hint: add it "
        "before the next record (line 20) (read the record up to the next one)",
        f"{RIS}:20: expected a date such as 2020 or 2020/03/15/ in DA, PY or Y1, found '0001'. "
        "Hint: the year must have 4 digits, from 1500 to 2026; fix it (left out this date)",
        f"{RIS}:27: expected a date on or before today (2026-12-01), found '2031/03/03/'. Hint: "
        "a paper cannot be dated after the day its list was made; fix the date (left out this "
        "date)",
        f"{RIS}:45: expected a closing 'ER  -' line at the end of this RIS record (it starts on "
        "line 40), found 'AU  - Du, Jun'. Hint: the file ends inside this line, as if cut off; "
        "download the export again (left out the possibly cut name 'Du, Jun'; the author list "
        "is marked cut)",
    ]
    # the mangled "ty  - JOUR" record is one problem (its 5 lines are not 5 skipped records)
    assert [str(p) for p in res.problems] == [
        f"{RIS}:34: expected a 'TY' line starting this RIS record, found 'ty  - JOUR'. Hint: "
        "tagged lines without a 'TY' line before them: the record's first line is missing or "
        "damaged; fix it (skipped this record)"
    ]
    assert counts(res) == (6, 5, 1)


def test_ris_strict_stops_at_the_first_fault_in_file_order():
    with pytest.raises(InputError) as err:
        load_records(RIS, strict=True, today=TODAY)
    assert str(err.value).startswith(f"{RIS}:13: expected a closing 'ER  -' line")


def test_ris_without_er_at_the_end_of_a_complete_file():
    text = "TY  - JOUR\nTI  - T\nAU  - Lovelace, Ada\nPY  - 1843\n"
    res = read_ris(text, "f.ris", today=TODAY)
    assert names(res.records[0]) == ["Ada Lovelace"] and res.records[0].authors_complete
    assert res.meta["warnings"] == [
        "f.ris:1: expected a closing 'ER  -' line at the end of this RIS record. Hint: the file "
        "ends inside this record; check that it is complete (read the record anyway)"
    ]
    with pytest.raises(InputError, match=r"^f\.ris:1: expected a closing 'ER  -' line"):
        read_ris(text, "f.ris", strict=True, today=TODAY)


def test_ris_cut_in_the_title_loses_the_record_not_the_file():
    text = "TY  - JOUR\nAU  - Lovelace, Ada\nPY  - 1843\nTI  - Notes on the Analyt"
    res = read_ris(text, "f.ris", today=TODAY)
    assert res.records == [] and counts(res) == (1, 0, 1)
    assert (
        "left out its possibly cut last line 'TI  - Notes on the Analyt'"
        in (res.meta["warnings"][0])
    )
    assert str(res.problems[0]).startswith("f.ris:1: expected a TI (or T1) title line")


def test_ris_cut_in_the_middle_of_a_character(tmp_path):
    data = "TY  - JOUR\nTI  - T\nPY  - 2020\nAU  - Lovelace, Ada\nAU  - Deliège, A".encode()
    path = tmp_path / "cut.ris"
    path.write_bytes(data[: data.index("è".encode()) + 1])
    res = load_records(path, today=TODAY)
    assert names(res.records[0]) == ["Ada Lovelace"] and not res.records[0].authors_complete


def test_ris_publisher_preamble_is_no_stray_text_but_other_text_is_one_warning_per_run():
    text = (
        "Provider: Example Publisher\nDatabase: Example\nContent: text/plain\n\n"
        "TY  - JOUR\nTI  - T\nAU  - Lovelace, Ada\nPY  - 1843\nER  - \n\n"
        "some words\nmore words\n\nTY  - JOUR\nTI  - U\nAU  - Turing, Alan\nPY  - 1936\nER  - \n"
    )
    res = read_ris(text, "f.ris", today=TODAY)
    assert len(res.records) == 2 and res.problems == []
    assert res.meta["warnings"] == [
        "f.ris:11: expected a tagged line inside a RIS record (TY ... ER  -), found 'some "
        "words'. Hint: remove the stray text (and 1 more to line 12) (left out these lines)"
    ]


def test_ris_cli_warns_by_default_and_fails_under_strict(tmp_path, fixed_today):
    res = CliRunner().invoke(cli, ["info", str(RIS)])
    assert res.exit_code == 0, res.output
    assert f"warning: {RIS}:13: expected a closing 'ER  -' line" in res.output
    assert "skipped entries: 1" in res.output.splitlines()
    strict = CliRunner().invoke(cli, ["run", str(RIS), "--strict", "--out", str(tmp_path)])
    assert strict.exit_code == 1 and len(strict.output.splitlines()) == 1
    assert strict.output.startswith(f"Error: {RIS}:13: expected a closing 'ER  -' line")


# --- CSV --------------------------------------------------------------------------------------

UNCLOSED = FORMATS / "unclosed_quote.csv"


def test_csv_unclosed_quote_is_reported_where_it_opened_and_the_swallowed_row_is_read():
    res = load_records(UNCLOSED, today=TODAY)
    assert [(r.line, r.title) for r in res.records] == [
        (2, "Sparse Prompt Tuning for Long-Tailed Face Attribute Recognition"),
        (4, "Frequency-Aware Blending for Generalizable Forgery Detection"),  # was swallowed
        (5, "A Title Written on Two Lines, With a Comma"),  # a sound line break in a cell
        (7, 'The 3.5" Floppy as a Benchmark Medium'),  # a quote inside an unquoted cell
        (9, "Few-Shot Anti-Spoofing With Synthetic Attacks"),
    ]
    assert names(res.records[1]) == ["Mateo Rossi", "Priya Raman"]
    assert [str(p) for p in res.problems] == [
        f"{UNCLOSED}:3: expected a closing quote for the quote opened on this line, found "
        "'\"Calibrated Uncertainty for Cross-Domain Liveness Detection…'. Hint: the quoted cell "
        "runs on to line 4, where a quote ends it before 'Rossi, Mateo'; close the quote where "
        'the cell ends, or double a quote meant as text ("") (skipped this row)',
        f"{UNCLOSED}:8: expected a closing quote for the quote opened on this line, found "
        "'Noise-Robust Landmark Tracking,2023,\"Berg, Jonas; Wójcik, T…'. Hint: a quote ends "
        "the quoted cell in its middle, before 'extra,,'; close the quote where the cell ends, "
        'or double a quote meant as text ("") (skipped this row)',
    ]
    assert res.meta["warnings"] == [] and counts(res) == (7, 5, 2)
    with pytest.raises(InputError) as err:
        load_records(UNCLOSED, strict=True, today=TODAY)
    assert str(err.value) == res.problems[0].error.message


def test_csv_quote_running_to_the_end_of_the_file():
    text = 'title,year,authors\nA,2020,Ada\n"Bad title,2021,Alan\nC,2022,Grace\n'
    res = read_csv(text, "t.csv", today=TODAY)
    assert [(r.line, r.title) for r in res.records] == [(2, "A"), (4, "C")]
    assert str(res.problems[0]).startswith(
        "t.csv:3: expected a closing quote for the quote opened on this line, found "
        "'\"Bad title,2021,Alan'. Hint: the quoted cell runs on to the end of the file"
    )


def test_csv_sound_quote_that_swallowed_a_row_and_its_stray_closing_quote():
    text = (
        'title,year,authors\nBad,2020,"Ada Lovelace; Jun\nGood,2021,Alan Turing"\n'
        "Third,2022,Grace Hopper\n"
    )
    res = read_csv(text, "t.csv", today=TODAY)
    assert [(r.line, r.title, names(r)) for r in res.records] == [
        (3, "Good", ["Alan Turing"]),
        (4, "Third", ["Grace Hopper"]),
    ]
    assert "runs on over a line that reads like a row of its own" in str(res.problems[0])
    assert res.problems[0].error.line == 2
    assert res.meta["warnings"] == [
        "t.csv:3: expected quotes only around a whole cell, found 'Alan Turing\"'. Hint: a "
        "lone quote at the end of a cell is usually the end of a quote opened by mistake on "
        "an earlier line; remove it (left out the quote)"
    ]


def test_csv_quotes_that_are_fine():
    text = (
        'title,year,authors\n"Screen 12""",2020,Ada\n"A ""quoted"" word",2021,"Turing, Alan"\n'
        'The 3.5" disk,2022,Grace\n"Padded" ,2023,Kurt\n'
    )
    res = read_csv(text, "t.csv", strict=True, today=TODAY)
    assert [r.title for r in res.records] == [
        'Screen 12"',
        'A "quoted" word',
        'The 3.5" disk',
        "Padded",
    ]


def test_csv_a_cell_above_pythons_default_limit_is_read(tmp_path):
    # csv's field_size_limit (131,072) used to fail the whole file
    abstract = "word " * 40_000  # 200,000 characters
    path = tmp_path / "t.csv"
    path.write_text(
        f"title,year,authors,abstract\nA,2020,Ada,{abstract}\nB,2021,Alan,short\n",
        encoding="utf-8",
    )
    res = load_records(path, today=TODAY)
    assert [r.title for r in res.records] == ["A", "B"] and res.problems == []
    assert len(res.records[0].abstract) == len(abstract.strip())


def test_csv_an_oversized_cell_skips_its_row_only(tmp_path):
    huge = "x" * (1024**2 + 1)
    path = tmp_path / "t.csv"
    path.write_text(
        f'title,year,authors,abstract\nA,2020,Ada,short\nB,2021,Alan,"{huge}\n{huge}"\n'
        "C,2022,Grace,short\n",
        encoding="utf-8",
    )
    res = load_records(path, today=TODAY)
    assert [r.title for r in res.records] == ["A", "C"]
    assert [str(p) for p in res.problems] == [
        f"{path}:3: expected cells of at most 1,048,576 characters, found '2,097,155 characters "
        "in the abstract column'. Hint: such a cell is no title, name or abstract; fix or delete "
        "the row (skipped this row)"
    ]
    assert counts(res) == (3, 2, 1)
    with pytest.raises(InputError, match=r":3: expected cells of at most"):
        load_records(path, strict=True, today=TODAY)


def test_csv_file_cut_in_its_last_row(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("title,year,authors,doi\nA,2020,Ada,10.1/a\nB,2021,Alan Tur", encoding="utf-8")
    res = load_records(path, today=TODAY)
    assert [r.title for r in res.records] == ["A"]
    assert str(res.problems[0]) == (
        f"{path}:3: expected 4 cells as in the header, found 'B,2021,Alan Tur'. Hint: the file "
        "ends inside this row, as if cut off; export the table again (skipped this row)"
    )
    # a complete last row without a final line break is fine (Google Sheets writes none)
    path.write_text("title,year,authors\nA,2020,Ada\nB,2021,Alan Turing", encoding="utf-8")
    assert len(load_records(path, strict=True, today=TODAY).records) == 2
    # a character cut in half: the last row is cut, whatever its cells
    data = "title,year,authors\nA,2020,Ada\nB,2021,Adrien Deliège".encode()
    path.write_bytes(data[: data.index("è".encode()) + 1])
    res = load_records(path, today=TODAY)
    assert [r.title for r in res.records] == ["A"] and res.problems[0].error.line == 3


@pytest.mark.parametrize(
    ("year", "date", "kept", "warning"),
    [
        ("2019", "", (2019, None), None),
        ("2019.0", "", (2019, None), None),  # a spreadsheet's float
        ("", "2018-05", (2018, dt.date(2018, 5, 1)), None),
        ("0001", "", (None, None), "expected a year from 1500 to 2026, found '0001'"),
        ("2031", "", (None, None), "expected a date on or before today (2026-12-01), found '2031'"),
        ("", "2026-12-24", (None, None), "on or before today (2026-12-01), found '2026-12-24'"),
        ("-2023", "", (None, None), "expected a 4-digit year in this row, found '-2023'"),
        ("99999", "", (None, None), "expected a 4-digit year in this row, found '99999'"),
        ("20x1", "", (None, None), "expected a 4-digit year in this row, found '20x1'"),
        ("", "soon", (None, None), "expected a date such as 2020-03-15, 2020-03 or 2020"),
    ],
)
def test_csv_dates_left_out_with_a_warning_row_kept(year, date, kept, warning):
    res = read_csv(f"title,year,authors,date\nT,{year},Ada,{date}\n", "t.csv", today=TODAY)
    rec = res.records[0]
    assert (rec.year, rec.date if rec.date_precision != "year" else None) == kept
    assert res.problems == []
    if warning is None:
        assert res.meta["warnings"] == []
    else:
        assert len(res.meta["warnings"]) == 1 and warning in res.meta["warnings"][0]
        assert res.meta["warnings"][0].startswith("t.csv:2: ")
        assert "unknown month" not in res.meta["warnings"][0]
        with pytest.raises(InputError):
            read_csv(
                f"title,year,authors,date\nT,{year},Ada,{date}\n", "t.csv", strict=True, today=TODAY
            )


def test_csv_cli(tmp_path, fixed_today):
    res = CliRunner().invoke(cli, ["info", str(UNCLOSED)])
    assert res.exit_code == 0, res.output
    assert f"warning: {UNCLOSED}:3: expected a closing quote" in res.output
    assert "skipped entries: 2" in res.output.splitlines()
    strict = CliRunner().invoke(cli, ["info", str(UNCLOSED), "--strict"])
    assert strict.exit_code == 1 and len(strict.output.splitlines()) == 1
    assert strict.output.startswith(f"Error: {UNCLOSED}:3: expected a closing quote")


# --- OpenAlex ---------------------------------------------------------------------------------

JSONL = FORMATS / "openalex_one_bad_line.jsonl"


def test_jsonl_one_bad_line_is_one_skipped_work_not_a_lost_file():
    res = load_records(JSONL, today=TODAY)
    assert [(r.line, r.title) for r in res.records] == [
        (1, "Sparse Prompt Tuning for Long-Tailed Face Attribute Recognition"),
        (3, "A Work Dated in the Future"),
        (4, "Few-Shot Anti-Spoofing With Synthetic Attacks"),
    ]
    assert [str(p) for p in res.problems] == [
        f"{JSONL}:2: expected one JSON work object per line (JSON Lines), found 'Extra data "
        "(column 465)'. Hint: the line is not valid JSON; fix or remove it (skipped this line)"
    ]
    assert res.records[1].date is None
    assert res.meta["warnings"] == [
        f"{JSONL}:3: expected a date on or before today (2026-12-01), found '2031-03-03'. Hint: "
        "a paper cannot be dated after the day its list was made; fix the date (left out this "
        "date)"
    ]
    assert counts(res) == (4, 3, 1)
    with pytest.raises(InputError, match=r"openalex_one_bad_line\.jsonl:2: expected one JSON"):
        load_records(JSONL, strict=True, today=TODAY)


def test_jsonl_cut_last_line_says_so(tmp_path):
    text = JSONL.read_text(encoding="utf-8")
    path = tmp_path / "cut.jsonl"
    path.write_text(text[: text.rindex('"title"') + 12], encoding="utf-8")
    res = load_records(path, today=TODAY)
    assert len(res.records) == 2 and [p.error.line for p in res.problems] == [2, 4]
    assert "the file ends inside this line, as if cut off" in res.problems[1].error.hint


def test_a_json_document_cut_off_keeps_the_works_before_the_cut(tmp_path):
    # the API's compact answer saved by a browser, cut inside its third work
    path = FORMATS / "openalex_cut_page.json"
    res = load_records(path, today=TODAY)
    assert [r.title for r in res.records] == [
        "On Bayesian Über-Graphs",
        "A paper with a cut author list",
    ]
    assert counts(res) == (3, 2, 1)
    assert str(res.problems[0]) == (
        f"{path}: record 3: expected a complete JSON document (a list of works closed by "
        "']'), found 'the file ends at line 1, byte 1,927, inside this work'. Hint: the "
        "download was cut off; the works before the cut are read; fetch it again (skipped "
        "this work)"
    )
    with pytest.raises(InputError, match="record 3: expected a complete JSON document"):
        load_records(path, strict=True, today=TODAY)
    # pretty-printed, a JSON list, cut between two works: nothing lost, the cut is a warning
    works = json.loads((FORMATS / "openalex_current.json").read_text())["results"][:2]
    doc = json.dumps(works, indent=2)
    cut = tmp_path / "list.json"
    cut.write_text(doc[: doc.index("},\n  {") + 2], encoding="utf-8")
    res = load_records(cut, today=TODAY)
    assert (counts(res), len(res.meta["warnings"])) == ((1, 1, 0), 1)
    assert "found 'the file ends at line" in res.meta["warnings"][0]
    assert "(read the works before the cut)" in res.meta["warnings"][0]


def test_a_damaged_json_document_is_still_one_error(tmp_path):
    # pretty-printed JSON cut in the middle of its only work: nothing to read
    doc = json.dumps({"results": [json.loads(JSONL.read_text().split("\n")[0])]}, indent=2)
    path = tmp_path / "page.json"
    path.write_text(doc[: len(doc) // 2], encoding="utf-8")
    res = load_records(path, today=TODAY)
    assert counts(res) == (1, 0, 1) and "inside this work" in str(res.problems[0])
    # a document broken in its middle (not at its end) is one clear error, never a guess
    path.write_text(doc.replace('"title":', '"title"', 1), encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_records(path, today=TODAY)
    assert "expected OpenAlex works as JSON or JSON Lines" in str(err.value)
    # nothing that reads as works before the end: an error, never 0 papers without a word
    for junk in ("[garbage", "[", '{"meta": {}, "results": ['):
        path.write_text(junk, encoding="utf-8")
        with pytest.raises(InputError, match="expected OpenAlex works as JSON or JSON Lines"):
            load_records(path, today=TODAY)
    # an API page cut after its list of works: every work read, the cut a warning on its line
    work = json.loads(JSONL.read_text().split("\n")[0])
    path.write_text(json.dumps({"results": [work]})[:-1] + ', "group_by": [', encoding="utf-8")
    res = load_records(path, today=TODAY)
    assert counts(res) == (1, 1, 0)
    assert res.meta["warnings"][0].startswith(f"{path}:1: expected a complete JSON document")


@pytest.mark.parametrize(
    ("fields", "year", "warning"),
    [
        ({"publication_year": 1, "publication_date": "0001-01-01"}, None, "a year from 1500"),
        ({"publication_year": 2031}, None, "on or before today (2026-12-01), found '2031'"),
        ({"publication_year": "2019"}, 2019, None),
        ({"publication_date": "2019-05-02"}, 2019, None),
    ],
)
def test_openalex_dates(fields, year, warning):
    from graph.load.openalex import read_string as read_openalex

    work = {"title": "T", "authorships": [{"author": {"display_name": "Ada Lovelace"}}], **fields}
    res = read_openalex(json.dumps([work]), "w.json", today=TODAY)
    assert res.records[0].year == year
    if warning:
        assert res.meta["warnings"][0].startswith("w.json: record 1: expected ")
        assert warning in res.meta["warnings"][0]
    else:
        assert res.meta["warnings"] == []


def test_jsonl_cli(fixed_today):
    res = CliRunner().invoke(cli, ["info", str(JSONL)])
    assert res.exit_code == 0, res.output
    assert f"warning: {JSONL}:2: expected one JSON work object per line" in res.output
    assert "skipped entries: 1" in res.output.splitlines()
    strict = CliRunner().invoke(cli, ["info", str(JSONL), "--strict"])
    assert strict.exit_code == 1 and len(strict.output.splitlines()) == 1


# --- counts add up in every reader this branch owns --------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "sample.ris",
        "cut_no_er.ris",
        "sample.csv",
        "sample.tsv",
        "unclosed_quote.csv",
        "openalex_current.json",
        "openalex_2022.jsonl",
        "openalex_bad_line.jsonl",
        "openalex_one_bad_line.jsonl",
    ],
)
def test_one_problem_per_skipped_record(name):
    res = load_records(FORMATS / name, today=TODAY)
    meta = res.meta
    assert meta["entries"] == meta["records"] + meta["skipped"]
    assert meta["skipped"] == len(res.problems) and meta["records"] == len(res.records)
    assert isinstance(meta["warnings"], list)


def test_a_file_that_gives_nothing_says_why(tmp_path):
    # issue 12 item 2 at the reader level: the most common reason, and where it first occurs
    path = tmp_path / "t.csv"
    path.write_text("title,year,authors\n,2020,Ada\n,2021,Alan\nX,2022,\n", encoding="utf-8")
    res = load_records(path, today=TODAY)
    assert res.records == [] and counts(res) == (3, 0, 3)
    assert res.skip_reasons() == [
        ("a title in this row", 2),
        ("authors separated by ';' in this row", 1),
    ]
    why = (
        f"{path}: none of its 3 records could be read; most often (2 of 3) expected a title in "
        f"this row, first at {path}:2"
    )
    assert res.why_empty() == why
    assert res.meta["warnings"] == [why]
    # the command refuses the file outright (normalise.check_read), naming the same reason
    res = CliRunner().invoke(cli, ["info", str(path)])
    assert res.exit_code == 1
    assert res.output.startswith(f"Error: {path}: expected at least one paper")
    assert 'most often for "expected a title in this row" (2 times)' in res.output
    # a file with some records read has no such line
    path.write_text("title,year,authors\n,2020,Ada\nX,2022,Alan\n", encoding="utf-8")
    assert load_records(path, today=TODAY).why_empty() is None


def test_a_profile_that_gives_nothing_says_why():
    from graph.load.profile_text import read_string

    page = "Ada Lovelace\nCV\n\nCVMai 3, 2021\nT\n\nAlan Turing\n\nCVJui 4, 2021\nU\n\nKurt Gödel\n"
    res = read_string(page, "p.txt", today=TODAY)
    assert res.why_empty() == (
        "p.txt: none of its 2 records could be read; most often (2 of 2) expected an entry "
        "header such as 'CVApr 12, 2023' or 'CVMay 15Code' with an English month (Jan … Dec), "
        "first at p.txt:4"
    )
    assert res.meta["warnings"] == [res.why_empty()]


# --- the audit of issue 14.8 over every reader: one problem per record left out -----------------

ALL_FIXTURES = sorted(
    p.name
    for p in FORMATS.iterdir()
    if p.suffix in (".bib", ".ris", ".csv", ".tsv", ".json", ".jsonl", ".nbib", ".txt")
    and p.name != "missing_year.csv"
)


@pytest.mark.parametrize("name", ALL_FIXTURES)
def test_every_reader_counts_one_problem_per_skipped_record(name):
    res = load_records(FORMATS / name, today=TODAY)
    meta = res.meta
    assert meta["records"] == len(res.records)
    assert meta["entries"] == meta["records"] + len(res.problems), (name, meta)
    assert meta.get("skipped", len(res.problems)) == len(res.problems)


def test_medline_text_outside_records_is_a_warning_not_a_skipped_record():
    from graph.load.pubmed import read_string as read_medline

    text = (
        "Search results, 1 item\n\nPMID- 1\nTI  - A title\nFAU - Lovelace, Ada\nAU  - Lovelace A\n"
        "DP  - 2019 Oct 15\nthis line has no tag\n"
    )
    res = read_medline(text, "m.nbib")
    assert len(res.records) == 1 and res.problems == []
    assert [w.split(":")[1] for w in res.meta["warnings"]] == ["1", "8"]
    assert res.meta["entries"] == 1 and res.meta["skipped"] == 0
    with pytest.raises(InputError, match=r"^m\.nbib:1: expected a MEDLINE record"):
        read_medline(text, "m.nbib", strict=True)
