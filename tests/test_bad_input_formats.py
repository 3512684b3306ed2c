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
    assert "left out its possibly cut last line 'TI  - Notes on the Analyt'" in (
        res.meta["warnings"][0]
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
