"""Profile pages as a hostile world delivers them (issue 14, items 4, 6 and 8).

* A page cut off inside the last entry's author line never gives the paper an author "Jun"
  for "Junlong Du": the possibly cut name is left out and the list marked cut (a warning;
  an error under ``--strict``).
* Dates are checked against today (injected here, never the real clock) or the capture date:
  an entry dated in the future is left out of the dates with a warning and does not move the
  capture year; a year such as 0001 is refused with a hint; a year that is no year (``-2023``,
  ``99999``) is not called an unknown month.
* One entry lost is one problem and one skipped record, however many lines it had.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import cli
from graph.errors import InputError
from graph.load import _common, load_records
from graph.load.profile_text import read_string

PROFILES = Path(__file__).resolve().parent / "data" / "profiles"
CUT = PROFILES / "cut_mid_author.txt"
FUTURE = PROFILES / "future_dates.txt"
LOST = PROFILES / "lost_entries.txt"
TODAY = dt.date(2026, 12, 1)
HEADER = "an entry header such as 'CVApr 12, 2023' or 'CVMay 15Code'"


def names(rec) -> list[str]:
    return [a.name for a in rec.authors]


@pytest.fixture
def fixed_today(monkeypatch):
    """The CLI reads with the default ``today``: pin it."""
    monkeypatch.setattr(_common, "today", lambda: TODAY)
    return TODAY


# --- a page cut off in the middle of an entry ------------------------------------------------

CUT_MESSAGE = (
    "{p}:29: expected the rest of the page after this author line, found 'Mateo Rossi, Jun'. "
    "Hint: the file ends inside the line, as if cut off; save the page again"
)


def test_cut_author_line_drops_the_cut_name_and_marks_the_list_cut():
    res = load_records(CUT, today=TODAY)
    last = res.records[-1]
    assert last.title == "Frequency-Aware Blending for Generalizable Forgery Detection"
    assert names(last) == ["Mateo Rossi"]  # never "Jun"
    assert last.authors_complete is False
    assert res.meta["warnings"] == [
        CUT_MESSAGE.format(p=CUT)
        + " (left out the possibly cut name 'Jun'; the author list is marked cut)"
    ]
    assert res.problems == []
    assert (res.meta["entries"], res.meta["records"], res.meta["skipped"]) == (3, 3, 0)
    # the entries before the cut are untouched
    assert names(res.records[0]) == ["Mateo Rossi", "Haruka Sato", "Tomasz Wójcik"]
    with pytest.raises(InputError) as err:
        load_records(CUT, strict=True, today=TODAY)
    assert str(err.value) == CUT_MESSAGE.format(p=CUT)


def test_cut_page_through_the_cli(fixed_today):
    res = CliRunner().invoke(cli, ["info", str(CUT)])
    assert res.exit_code == 0, res.output
    assert f"warning: {CUT_MESSAGE.format(p=CUT)}" in res.output
    assert "Jun" not in res.output.split("warning")[0]
    strict = CliRunner().invoke(cli, ["info", str(CUT), "--strict"])
    assert strict.exit_code == 1
    assert strict.output == f"Error: {CUT_MESSAGE.format(p=CUT)}\n"


ONE = "Ada Lovelace\nCV\n\nCVMay 3, 2021\nA Title\n\n{authors}"


@pytest.mark.parametrize(
    ("authors", "kept", "complete", "tags", "note"),
    [
        # cut inside the tags: the last tag may be cut, the names are whole
        (
            "Alan Turing, Kurt Gödel et al. · oxford, cambri",
            ["Alan Turing", "Kurt Gödel"],
            False,
            ("oxford",),
            "left out the possibly cut tag 'cambri'",
        ),
        # the list ends in "et al.": every listed name is whole, nothing to leave out
        ("Alan Turing, Kurt Gödel et al.", ["Alan Turing", "Kurt Gödel"], False, (), None),
        # a trailing space is still inside the line
        (
            "Alan Turing, Kurt Gö ",
            ["Alan Turing"],
            False,
            (),
            "left out the possibly cut name 'Kurt Gö'; the author list is marked cut",
        ),
    ],
    ids=["in the tags", "after et al.", "trailing space"],
)
def test_what_a_cut_author_line_can_have_damaged(authors, kept, complete, tags, note):
    res = read_string(ONE.format(authors=authors), "p.txt", today=TODAY)
    rec = res.records[0]
    assert (names(rec), rec.authors_complete, rec.affiliations) == (kept, complete, tags)
    assert [w.rsplit(" (", 1)[1][:-1] for w in res.meta["warnings"]] == ([note] if note else [])


def test_a_complete_line_break_after_the_author_line_is_no_cut():
    res = read_string(ONE.format(authors="Alan Turing, Kurt Gödel\n"), "p.txt", today=TODAY)
    assert names(res.records[0]) == ["Alan Turing", "Kurt Gödel"]
    assert res.records[0].authors_complete and res.meta["warnings"] == []


def test_a_single_cut_name_loses_the_entry():
    res = read_string(ONE.format(authors="Adrien Deli"), "p.txt", today=TODAY)
    assert res.records == [] and res.meta["skipped"] == 1
    assert str(res.problems[0]).startswith(
        "p.txt:7: expected an author line such as 'Ada Lovelace, Alan Turing et al. · tag1, "
        "tag2', found 'Adrien Deli'"
    )
    assert "left out the possibly cut name 'Adrien Deli'" in res.meta["warnings"][0]


def test_a_page_cut_in_a_title_says_so():
    res = read_string("Ada Lovelace\nCV\n\nCVMay 3, 2021\nA Ti", "p.txt", today=TODAY)
    assert [str(p) for p in res.problems] == [
        "p.txt:5: expected an author line such as 'Ada Lovelace, Alan Turing et al. · tag1, "
        "tag2', found '(end of entry)'. Hint: the file ends inside this entry, as if cut off; "
        "save the page again (skipped this entry)"
    ]


def test_the_seed_page_ends_without_a_line_break_and_is_not_cut(default_profile):
    assert not default_profile.read_bytes().endswith(b"\n")
    res = load_records(default_profile, today=TODAY)
    assert res.meta["warnings"] == [] and res.problems == []


def test_a_file_cut_in_the_middle_of_a_character_is_read_up_to_the_cut(tmp_path):
    # "Deliège" cut after the first byte of "è": not a whole-file UTF-8 error any more
    page = ONE.format(authors="Alan Turing, Adrien Deliège").encode("utf-8")
    path = tmp_path / "p.txt"
    path.write_bytes(page[: page.index("è".encode()) + 1])
    res = load_records(path, today=TODAY)
    assert names(res.records[0]) == ["Alan Turing"]
    assert "left out the possibly cut name 'Adrien Deli'" in res.meta["warnings"][0]
    # cut inside the abstract: read up to the cut, with a warning
    page = (ONE.format(authors="Alan Turing\n") + "\nAn abstract about Gödel").encode()
    path.write_bytes(page[:-4])
    res = load_records(path, today=TODAY)
    assert res.records[0].abstract == "An abstract about G"
    assert res.meta["warnings"] == [
        f"{path}:9: expected the rest of the page after this abstract. Hint: the file ends in "
        "the middle of a character, as if cut off; save the page again (read the abstract up "
        "to the cut)"
    ]
    # an invalid byte that is not at the end is still an error for the whole file
    path.write_bytes(page[:-4] + b"x")
    with pytest.raises(InputError, match="not UTF-8"):
        load_records(path, today=TODAY)


# --- dates against today --------------------------------------------------------------------


def test_a_future_entry_does_not_move_the_year_less_dates():
    res = load_records(FUTURE, today=TODAY)
    by_title = {r.title: r for r in res.records}
    future = by_title["A Paper From the Future"]
    assert (future.date, future.year, future.date_precision) == (None, None, "")
    yearless = by_title["A Year-Less Entry of the Capture Year"]
    assert (yearless.date, yearless.year_inferred) == (dt.date(2026, 5, 15), True)
    assert (res.meta["capture_year"], res.meta["capture_year_rule"]) == (
        2026,
        "latest year written on the page + 1",
    )
    year_one = by_title["A Paper Dated in Year One"]
    assert (year_one.date, year_one.year) == (None, None)
    assert by_title["The Latest Plausible Entry"].date == dt.date(2025, 10, 1)
    assert res.meta["warnings"] == [
        f"{FUTURE}:9: expected a date on or before today (2026-12-01), found 'CVMar 3, 2031'. "
        "Hint: a paper cannot be dated after the day its page was read; fix the date, or give "
        "the day the page was saved with --capture-date (left out this date)",
        f"{FUTURE}:23: expected a year from 1500 to 2026, found 'CVJan 1, 0001'. Hint: year 1 "
        "cannot be a publication year; fix the date (left out this date)",
    ]


def test_years_that_are_no_years_are_not_unknown_months():
    res = load_records(FUTURE, today=TODAY)
    assert [str(p) for p in res.problems] == [
        f"{FUTURE}:30: expected {HEADER} with a 4-digit year, found 'CVJan 9, -2023'. Hint: "
        "'-2023' is not a year; fix the date or remove the entry (skipped this entry)",
        f"{FUTURE}:37: expected {HEADER} with a 4-digit year, found 'CVFeb 2, 99999'. Hint: "
        "'99999' is not a year; fix the date or remove the entry (skipped this entry)",
    ]
    assert all("unknown month" not in str(p) for p in res.problems)
    assert (res.meta["entries"], res.meta["records"], res.meta["skipped"]) == (6, 4, 2)


@pytest.mark.parametrize(
    ("header", "expected", "hint"),
    [
        ("CVMai 16", " with an English month (Jan … Dec)", "unknown month 'Mai'"),
        ("CVSeptembre 3, 2020", " with an English month (Jan … Dec)", "unknown month "),
        ("CVApr 12 2023", "", "unexpected text '2023' after the day"),
        ("CVApr 12, 20x3Code", " with a 4-digit year", "'20x3' is not a year"),
    ],
)
def test_header_faults_are_named(header, expected, hint):
    page = f"Ada Lovelace\nCV\n\n{header}\nA Title\n\nAlan Turing, Kurt Gödel\n"
    err = read_string(page, "p.txt", today=TODAY).problems[0].error
    assert err.expected == HEADER + expected
    assert hint in err.hint


def test_a_page_read_in_the_future_year_takes_that_year():
    # read in 2031, the 2031 entry is fine and the year-less date is in 2031, not 2032
    res = load_records(FUTURE, today=dt.date(2031, 6, 1))
    by_title = {r.title: r for r in res.records}
    assert by_title["A Paper From the Future"].date == dt.date(2031, 3, 3)
    assert by_title["A Year-Less Entry of the Capture Year"].date == dt.date(2031, 5, 15)
    assert res.meta["capture_year"] == 2031
    assert res.meta["capture_year_rule"].startswith("this year")
    assert len(res.meta["warnings"]) == 1 and ":23:" in res.meta["warnings"][0]


def test_capture_date_says_otherwise():
    # --capture-date may be after today (the user says so): then it is the limit
    res = load_records(FUTURE, today=TODAY, capture_date=dt.date(2032, 1, 10))
    by_title = {r.title: r for r in res.records}
    assert by_title["A Paper From the Future"].date == dt.date(2031, 3, 3)
    assert by_title["A Year-Less Entry of the Capture Year"].date is None  # 2032-05-15 > limit
    assert any(
        "on or before the capture date (2032-01-10), found 'CVMay 15Code (year 2032 inferred)'" in w
        for w in res.meta["warnings"]
    )


def test_a_year_less_date_after_today_is_left_out():
    page = (
        "Ada Lovelace\nCV\n\nCVDec 20\nA Title\n\nAlan Turing\n\nCVMar 1, 2025\nB\n\nKurt Gödel\n"
    )
    res = read_string(page, "p.txt", today=TODAY)
    assert res.meta["capture_year"] == 2026
    assert res.records[0].date is None
    assert "found 'CVDec 20 (year 2026 inferred)'" in res.meta["warnings"][0]


def test_dates_cli_warns_with_lines_and_strict_stops(fixed_today):
    res = CliRunner().invoke(cli, ["info", str(FUTURE)])
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert f"warning: {FUTURE}:9: expected a date on or before today (2026-12-01)" in res.output
    assert any(
        line.startswith(f"warning: {FUTURE}:23: expected a year from 1500") for line in lines
    )
    assert "skipped entries: 2" in lines
    strict = CliRunner().invoke(cli, ["info", str(FUTURE), "--strict"])
    assert strict.exit_code == 1
    assert strict.output.startswith(f"Error: {FUTURE}:9: expected a date on or before today")
    assert len(strict.output.splitlines()) == 1


# --- one lost entry, one count ----------------------------------------------------------------


def test_an_entry_with_an_unreadable_header_is_one_problem():
    res = load_records(LOST, today=TODAY)
    assert [r.title for r in res.records] == [
        "Sparse Prompt Tuning for Long-Tailed Face Attribute Recognition",
        "Frequency-Aware Blending for Generalizable Forgery Detection",
        "Few-Shot Anti-Spoofing With Synthetic Attacks",
    ]
    assert [str(p) for p in res.problems] == [
        f"{LOST}:15: expected {HEADER}, found 'CV Nov 18, 2024'. Hint: a title and an author "
        "line follow: this seems to be the date line of an entry, in a form not understood; "
        "fix it (skipped this entry)",
        f"{LOST}:29: expected {HEADER} before this title, found 'Noise-Robust Landmark "
        "Tracking in the Wild'. Hint: an author line follows this title, but no date line "
        "comes before it; add the entry's date line (skipped this entry)",
    ]
    assert res.meta["warnings"] == []
    assert res.records[0].abstract.endswith("under-represented.")
    assert (res.meta["entries"], res.meta["records"], res.meta["skipped"]) == (5, 3, 2)


def test_lost_entries_are_counted_once_in_the_run_summary(tmp_path, fixed_today):
    res = CliRunner().invoke(cli, ["run", str(LOST), "--out", str(tmp_path / "o")])
    assert res.exit_code == 0, res.output
    assert "2 records skipped" in res.output
    info = CliRunner().invoke(cli, ["info", str(LOST)])
    assert "skipped entries: 2" in info.output.splitlines()


def test_stray_lines_are_one_warning_per_run_and_no_skipped_record():
    page = (
        "Ada Lovelace\nCV\n\nCVMay 3, 2021\nA Title\n\nAlan Turing\n\nAn abstract.\n"
        "second paragraph\nthird paragraph\n\nCVJun 1, 2021\nB\n\nKurt Gödel\n"
    )
    res = read_string(page, "p.txt", today=TODAY)
    assert len(res.records) == 2 and res.problems == []
    assert res.meta["warnings"] == [
        "p.txt:10: expected the next entry header (an entry header such as 'CVApr 12, 2023' or "
        "'CVMay 15Code') after the abstract, found 'second paragraph'. Hint: remove the stray "
        "line and 1 more line(s) to line 11 or join it to the abstract (left out these lines)"
    ]


@pytest.mark.parametrize("path", [CUT, FUTURE, LOST], ids=lambda p: p.name)
def test_counts_add_up(path):
    res = load_records(path, today=TODAY)
    meta = res.meta
    assert meta["entries"] == meta["records"] + meta["skipped"]
    assert meta["skipped"] == len(res.problems) and meta["records"] == len(res.records)
