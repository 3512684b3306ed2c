"""Bad profile pages: each problem has an exact message (file, line, expected, found, hint).

Lenient mode (the default) skips a bad entry with a warning and counts it (one problem per
entry left out), or leaves out a bad part of an entry (a date, a stray line, a repeated name)
with a warning that is not counted as a skipped record; ``strict=True`` (``--strict``) raises
the first of either; the CLI turns it into ``Error: …`` and exit code 1.
"""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from graph.cli import cli
from graph.errors import InputError
from graph.load import load_records
from graph.load.profile_text import read_string

GOOD = """Ada Lovelace
CV
h-index3
2papers

2 Papers

CVMay 3, 2021Code
Notes on the Analytical Engine

Alan Turing, Kurt Gödel et al. · ox

An abstract.

LGJun 1
Second Title

Grace Hopper, Alan Turing

Another abstract.
"""
ONE_ENTRY = GOOD[: GOOD.index("LGJun 1")]
HEADER = "an entry header such as 'CVApr 12, 2023' or 'CVMay 15Code'"
AUTHORS = "an author line such as 'Ada Lovelace, Alan Turing et al. · tag1, tag2'"
UTF8 = "a researcher profile page in UTF-8 text"

# (name, page text, message, what lenient mode did, records kept in lenient mode): "entry"
# means the entry was skipped (a problem, counted); anything else is a warning's note.
ENTRY_CASES = [
    (
        "missing title",
        GOOD.replace("Notes on the Analytical Engine\n\n", ""),
        "p.txt:9: expected a title line before the author line, found 'Alan Turing, Kurt Gödel "
        "et al. · ox'. Hint: the entry has no title; add it",
        "entry",
        1,
    ),
    (
        "missing author line",
        GOOD.replace("Grace Hopper, Alan Turing\n\n", ""),
        f"p.txt:18: expected {AUTHORS}, found 'Another abstract.'. Hint: the entry has no "
        "author line; add one after the title",
        "entry",
        1,
    ),
    (
        "missing author line at the end of the entry",
        GOOD.replace("Grace Hopper, Alan Turing\n\nAnother abstract.\n", ""),
        f"p.txt:16: expected {AUTHORS}, found '(end of entry)'. Hint: the entry has no author "
        "line; add one after the title",
        "entry",
        1,
    ),
    (
        "unknown month",
        GOOD.replace("LGJun 1", "LGJui 1"),
        f"p.txt:15: expected {HEADER} with an English month (Jan … Dec), found 'LGJui 1'. "
        "Hint: unknown month 'Jui'; fix the date or remove the entry",
        "entry",
        1,
    ),
    (
        "stray line between entries",
        GOOD.replace("An abstract.\n", "An abstract.\nstray words here\n"),
        f"p.txt:14: expected the next entry header ({HEADER}) after the abstract, found "
        "'stray words here'. Hint: remove the stray line or join it to the abstract",
        "left out this line",
        2,
    ),
    (
        "invalid calendar date",
        GOOD.replace("CVMay 3, 2021", "CVFeb 30, 2021"),
        "p.txt:8: expected a real calendar date, found 'CVFeb 30, 2021Code'. Hint: fix the day "
        "or month",
        "entry",
        1,
    ),
    (
        "invalid calendar date in the inferred year",
        GOOD.replace("LGJun 1", "LGFeb 29"),
        "p.txt:15: expected a real calendar date, found 'LGFeb 29 (year 2022 inferred)'. Hint: "
        "fix the day or month",
        "entry",
        1,
    ),
    (
        "empty entry",
        GOOD.replace(
            "Notes on the Analytical Engine\n\nAlan Turing, Kurt Gödel et al. · ox\n\n"
            "An abstract.\n",
            "",
        ),
        "p.txt:8: expected a title line after the entry header, found 'CVMay 3, 2021Code'. "
        "Hint: the entry is empty; complete or remove it",
        "entry",
        1,
    ),
    (
        "unknown header line",
        GOOD.replace("h-index3", "h-index3\nTencent Youtu Lab"),
        "p.txt:4: expected a header line (owner, field code, h-index, papers, citations, "
        "Novelty, AI Score, 'N Papers'), found 'Tencent Youtu Lab'. Hint: remove the line if it "
        "is not part of the profile header",
        "left out this line",
        2,
    ),
    (
        "author listed twice",
        GOOD.replace("Grace Hopper, Alan Turing", "Grace Hopper, Alan Turing, Alan  TURING"),
        "p.txt:18: expected each author once on an author line, found 'Alan TURING'. Hint: "
        "'Alan TURING' repeats 'Alan Turing'; remove one",
        "left out the repeated name",
        2,
    ),
    (
        "missing owner line",
        GOOD.replace("Ada Lovelace\n", ""),
        "p.txt:1: expected the profile owner's name on the first line, found 'CV'. Hint: add the "
        "owner's name as the first line or pass --owner NAME",
        "read the papers without an owner",
        2,
    ),
    (
        "no year and no capture date",
        ONE_ENTRY.replace("CVMay 3, 2021Code", "CVMay 3Code"),
        "p.txt:8: expected a year in the date, or a capture date, found 'CVMay 3Code'. Hint: "
        "pass --capture-date YYYY-MM-DD so year-less dates get a year",
        "left out this date",
        1,
    ),
]


def test_the_good_page_reads_cleanly():
    res = read_string(GOOD, "p.txt", strict=True)
    assert [r.title for r in res.records] == ["Notes on the Analytical Engine", "Second Title"]
    assert res.problems == []
    second = res.records[1]
    assert (second.date, second.year_inferred) == (dt.date(2022, 6, 1), True)
    assert [a.name for a in second.authors] == ["Grace Hopper", "Alan Turing"]
    assert second.authors_complete and second.affiliations == ()


@pytest.mark.parametrize(
    ("name", "page", "message", "outcome", "kept"), ENTRY_CASES, ids=[c[0] for c in ENTRY_CASES]
)
def test_entry_problem_lenient_and_strict(name, page, message, outcome, kept):
    res = read_string(page, "p.txt")
    if outcome == "entry":  # one entry left out: one problem, one skipped record
        assert [str(p) for p in res.problems] == [f"{message} (skipped this entry)"]
        assert [p.skipped for p in res.problems] == ["entry"]
        assert res.meta["warnings"] == []
        assert res.meta["skipped"] == 1
    else:  # a part left out, the entry read: a warning, no skipped record
        assert res.problems == []
        assert res.meta["warnings"] == [f"{message} ({outcome})"]
        assert res.meta["skipped"] == 0
    assert len(res.records) == kept
    assert res.meta["entries"] == res.meta["records"] + res.meta["skipped"]
    with pytest.raises(InputError) as info:
        read_string(page, "p.txt", strict=True)
    assert str(info.value) == message


def test_skipped_parts_do_not_leak_into_kept_records():
    dup = read_string(ENTRY_CASES[9][1], "p.txt")
    assert [a.name for a in dup.records[1].authors] == ["Grace Hopper", "Alan Turing"]
    stray = read_string(ENTRY_CASES[4][1], "p.txt")
    assert stray.records[0].abstract == "An abstract."
    no_owner = read_string(ENTRY_CASES[10][1], "p.txt")
    assert no_owner.meta["field"] == "CV" and {r.owners for r in no_owner.records} == {()}
    no_year = read_string(ENTRY_CASES[11][1], "p.txt")
    assert (no_year.records[0].year, no_year.records[0].date) == (None, None)


def test_owner_option_stands_in_for_a_missing_owner_line():
    res = read_string(GOOD.replace("Ada Lovelace\n", ""), "p.txt", strict=True, owner="Ada L.")
    assert res.problems == [] and {r.owners for r in res.records} == {("Ada L.",)}


def test_a_date_after_the_capture_date_is_left_out_with_a_warning():
    message = (
        "p.txt:8: expected a date on or before the capture date (2021-05-01), found "
        "'CVMay 3, 2021Code'. Hint: the page was saved later; pass its real --capture-date"
    )
    res = read_string(GOOD, "p.txt", capture_date=dt.date(2021, 5, 1))
    assert res.meta["warnings"][0] == f"{message} (left out this date)"
    assert (res.records[0].date, res.records[0].year, res.records[0].date_precision) == (
        None,
        None,
        "",
    )
    assert res.problems == [] and len(res.records) == 2
    with pytest.raises(InputError) as info:
        read_string(GOOD, "p.txt", capture_date=dt.date(2021, 5, 1), strict=True)
    assert str(info.value) == message
    # the year-less "LGJun 1" falls in 2021 too, after 2021-05-20
    res = read_string(GOOD, "p.txt", capture_date=dt.date(2021, 5, 20))
    assert res.meta["warnings"] == [
        "p.txt:15: expected a date on or before the capture date (2021-05-20), found "
        "'LGJun 1 (year 2021 inferred)'. Hint: the page was saved later; pass its real "
        "--capture-date (left out this date)"
    ]
    assert res.records[1].date is None and res.meta["inferred_years"] == 0
    assert read_string(GOOD, "p.txt", capture_date=dt.date(2021, 6, 1)).meta["warnings"] == []


def test_several_problems_are_all_reported_in_order():
    page = (
        GOOD.replace("LGJun 1", "LGJui 1")
        .replace("An abstract.\n", "An abstract.\nstray\n")
        .replace("h-index3", "h-index3\n???")
    )
    res = read_string(page, "p.txt")
    assert [w.split(":")[1] for w in res.meta["warnings"]] == ["4", "15"]
    assert [(p.error.line, p.skipped) for p in res.problems] == [(17, "entry")]
    assert (res.meta["entries"], res.meta["records"], res.meta["skipped"]) == (2, 1, 1)
    with pytest.raises(InputError, match=r"^p\.txt:4: "):
        read_string(page, "p.txt", strict=True)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "",
            "p.txt: expected a researcher profile page, found 'an empty file'. Hint: save the "
            "profile page as text into this file",
        ),
        (
            " \n\n\t\n",
            "p.txt: expected a researcher profile page, found 'only blank lines'. "
            "Hint: save the profile page as text into this file",
        ),
        (
            "\nHello world\nThis is prose.\n",
            "p.txt:2: expected a researcher profile page: the owner's name, header statistics, "
            f"then entries starting with {HEADER}, found 'Hello world'. Hint: this file has no "
            "paper entries; if it is another format, name it with --format",
        ),
    ],
    ids=["empty", "blank", "not a profile"],
)
def test_file_level_problems_are_errors_even_when_lenient(text, message):
    with pytest.raises(InputError) as info:
        read_string(text, "p.txt")
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"Ada\nabc\x00def",
            f"{{p}}:2: expected {UTF8}, found 'binary data (NUL byte at byte "
            "offset 7)'. Hint: this looks like a binary file; export the "
            "publication list as text",
        ),
        (
            "Ada Lovelace\nCVMay 3, 2021\nDeliège".encode("latin-1"),
            f"{{p}}:3: expected {UTF8}, found 'byte 0xE8 at byte offset 31, not UTF-8'. Hint: "
            "re-save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)",
        ),
        (
            b"\xef\xbb\xbfAda\n\xff",
            f"{{p}}:2: expected {UTF8}, found 'byte 0xFF at byte "
            "offset 7, not UTF-8'. Hint: re-save the file as UTF-8 (e.g. "
            "`iconv -f latin1 -t utf-8`)",
        ),
        (
            "Ada\nLovelace".encode("utf-16") + b"\x00\xd8",
            f"{{p}}:2: expected {UTF8}, found 'bytes at byte offset 26 that are not "
            "UTF-16'. Hint: the file is damaged or not in one encoding; re-save it as UTF-8",
        ),
        (
            b"x" * 70000 + b"\x00",
            f"{{p}}:1: expected {UTF8}, found 'binary data (NUL byte at "
            "byte offset 70000)'. Hint: this looks like a binary file; "
            "export the publication list as text",
        ),
    ],
    ids=["nul", "latin-1", "bom then bad byte", "utf-16 lone surrogate", "late nul"],
)
def test_undecodable_files(tmp_path, data, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        load_records(path)
    assert str(info.value) == message.format(p=path)


def test_crlf_and_bom_pages_read_like_plain_ones(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode("utf-8"))
    res = load_records(path, strict=True)
    assert res.meta["owner"] == "Ada Lovelace"
    assert [r.title for r in res.records] == ["Notes on the Analytical Engine", "Second Title"]


# --- through the command line ---------------------------------------------------------------


def _write(tmp_path, text: str):
    path = tmp_path / "p.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_cli_lenient_warns_and_counts(tmp_path):
    path = _write(tmp_path, ENTRY_CASES[3][1])
    res = CliRunner().invoke(cli, ["info", str(path)])
    assert res.exit_code == 0, res.output
    warning = (
        f"warning: {path}:15: expected {HEADER} with an English month (Jan … Dec), found "
        "'LGJui 1'. Hint: unknown month 'Jui'; fix the date or remove the entry "
        "(skipped this entry)"
    )
    assert warning in res.output.splitlines()
    assert "skipped entries: 1" in res.output
    assert "papers: 1 read of 2 claimed" in res.output


@pytest.mark.parametrize("case", ENTRY_CASES, ids=[c[0] for c in ENTRY_CASES])
def test_cli_strict_turns_the_first_problem_into_exit_1(tmp_path, case):
    _, page, message, _, _ = case
    path = _write(tmp_path, page)
    res = CliRunner().invoke(cli, ["info", str(path), "--strict"])
    assert res.exit_code == 1
    assert res.output == f"Error: {message.replace('p.txt', str(path), 1)}\n"


def test_cli_binary_file_is_one_line_error(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes(b"\x00\x01\x02")
    res = CliRunner().invoke(cli, ["run", str(path), "--out", str(tmp_path / "o")])
    assert res.exit_code == 1
    assert res.output.startswith(f"Error: {path}:1: expected {UTF8}, found 'binary data")
    assert "Traceback" not in res.output and len(res.output.splitlines()) == 1


def test_single_author_entry_is_read_and_a_short_abstract_is_not_an_author():
    text = ONE_ENTRY.replace("Alan Turing, Kurt Gödel et al. · ox", "Adrien Deliège")
    rec = read_string(text, "p.txt", strict=True).records[0]
    assert ([a.name for a in rec.authors], rec.authors_complete) == (["Adrien Deliège"], True)
    no_author = ONE_ENTRY.replace("Alan Turing, Kurt Gödel et al. · ox\n\n", "")
    with pytest.raises(
        InputError,
        match=r"^p\.txt:11: expected an author line .* found "
        r"'An abstract\.'",
    ):
        read_string(no_author, "p.txt", strict=True)
