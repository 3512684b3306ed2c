"""Property tests for the CSV row reader: a table written with sound quoting (Python's
``csv.writer``, as spreadsheets write it) is read back exactly, with no problem and no
warning, whatever its cells hold (quotes, delimiters, line breaks); a table whose one quote
runs away loses at most the rows from that quote to the next line, never a row after it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.load._common import Problems
from graph.load.csv_table import CsvRows
from graph.load.csv_table import read_string as read_csv

TODAY = dt.date(2026, 12, 1)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TEXT = st.text(alphabet=st.sampled_from('ab Zé,;"\n\t.-2019'), max_size=30)
NAME = st.sampled_from(["Ada Lovelace", "Turing, Alan", "Grace Hopper", 'Kurt "K" Gödel'])


def _write(rows: list[list[str]], delimiter: str = ",") -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return buf.getvalue()


@SETTINGS
@given(
    st.lists(st.lists(TEXT, min_size=3, max_size=3), min_size=1, max_size=8),
    st.sampled_from([",", ";", "\t"]),
)
def test_sound_quoting_reads_back_exactly(rows, delimiter):
    header = ["title", "year", "abstract"]
    text = _write([header, *rows], delimiter)
    problems = Problems(strict=True)
    reader = CsvRows(text, delimiter, "t.csv", problems)
    # only the paper reader's own test for swallowed rows is used here (see below)
    reader.looks_like_row = lambda cells: False
    got = [cells for _, cells in reader]
    want = [r for r in rows if any(c.strip() for c in r)]
    assert got == want
    assert problems.items == [] and problems.warnings == []


@SETTINGS
@given(
    st.lists(
        st.tuples(st.sampled_from(["A", "B b", 'C "c"', "D, d"]), NAME, TEXT),
        min_size=1,
        max_size=8,
    )
)
def test_paper_tables_with_free_text_abstracts_read_cleanly(rows):
    table = [["title", "year", "authors", "abstract"]]
    table += [[t, "2019", a, abstract] for t, a, abstract in rows]
    res = read_csv(_write(table), "t.csv", strict=True, today=TODAY)
    assert [r.title for r in res.records] == [t for t, _, _ in rows]
    assert res.meta["warnings"] == []


@SETTINGS
@given(
    st.lists(st.tuples(st.sampled_from(["A", "B b", "C c"]), NAME), min_size=2, max_size=8),
    st.data(),
)
def test_one_runaway_quote_costs_one_row(rows, data):
    table = [["title", "year", "authors"]] + [[t, "2019", a] for t, a in rows]
    lines = _write(table).split("\n")
    k = data.draw(st.integers(1, len(rows)))  # the line whose title gets a stray quote
    lines[k] = '"' + lines[k]
    res = read_csv("\n".join(lines), "t.csv", today=TODAY)
    assert len(res.problems) == 1 and res.problems[0].error.line == k + 1
    assert [r.line for r in res.records] == [n + 1 for n in range(1, len(rows) + 1) if n != k]
