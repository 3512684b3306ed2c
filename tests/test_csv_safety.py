"""Issue 14.1: every CSV collabgraph writes is safe to open in a spreadsheet (OWASP's rule),
numbers stay numbers, and --raw-csv writes the text as read."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from click.testing import CliRunner

from graph.cli import cli
from graph.csv_safe import TRIGGERS, restore_cell, safe_cell, safe_frame
from graph.export.tables import write_table_csv, write_tables
from graph.identity import DECISION_COLUMNS, decisions_csv, read_not_same
from graph.load.csv_table import read_string
from graph.names import name_candidates, write_aliases
from graph.normalise import normalise, read_aliases

FIXTURE = Path(__file__).parent / "data" / "safety" / "formula_names.csv"
OWNER = ["--owner", "Ada Lovelace"]

HYPERLINK = '=HYPERLINK("http://evil.example/y")'
PAYLOADS = [HYPERLINK, "@SUM(1+1)", "+cmd|' /C calc'!A0", "-2+3"]


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def _cells(path: Path) -> list[str]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [c for row in csv.reader(fh) for c in row]


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _assert_all_safe(path: Path) -> None:
    """No cell of ``path`` would run as a formula: a trigger-led cell is a number."""
    bad = [c for c in _cells(path) if c[:1] in TRIGGERS and not _is_number(c)]
    assert not bad, f"{path.name}: {bad}"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (HYPERLINK, "'" + HYPERLINK),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("\tTab Person", "'\tTab Person"),
        ("\rCarriage Person", "'\rCarriage Person"),
        ("Ada Lovelace", "Ada Lovelace"),
        ("O'Brien", "O'Brien"),
        ("", ""),
        (-2, -2),
        (-0.5, -0.5),
        (True, True),
        (None, None),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_restore_cell_undoes_safe_cell_only():
    for text in [*PAYLOADS, "\tx", "\rx", "'quoted'", "O'Brien", "'", ""]:
        assert restore_cell(safe_cell(text)) == text
    assert restore_cell("'plain") == "'plain"  # a quote before no trigger is the user's


def test_safe_frame_leaves_numeric_columns_alone():
    df = pd.DataFrame(
        {
            "name": ["-2+3", "Ada", None],
            "delta": [-2, 3, 4],
            "score": [-0.25, math.nan, 1.5],
            "mixed": ["=x", -7, None],
        }
    )
    out = safe_frame(df)
    assert out["name"].tolist()[:2] == ["'-2+3", "Ada"] and pd.isna(out["name"].iloc[2])
    assert out["delta"].tolist() == [-2, 3, 4]
    assert out["score"].iloc[0] == -0.25
    assert out["mixed"].tolist()[:2] == ["'=x", -7]  # a number in a text column is data
    assert df["name"].iloc[0] == "-2+3"  # the caller's frame is not changed


def test_written_table_keeps_negative_numbers(tmp_path):
    df = pd.DataFrame({"name": ["-2+3", "\tTab"], "delta": [-2, 5], "x": [-1.5, 2.0]})
    write_table_csv(df, tmp_path / "t.csv")
    rows = _rows((tmp_path / "t.csv").read_text(encoding="utf-8"))
    assert [r["name"] for r in rows] == ["'-2+3", "'\tTab"]
    assert [r["delta"] for r in rows] == ["-2", "5"]
    assert rows[0]["x"] == "-1.5"
    write_table_csv(df, tmp_path / "raw.csv", raw=True)
    assert [r["name"] for r in _rows((tmp_path / "raw.csv").read_text())] == ["-2+3", "\tTab"]


def test_graph_tables_neutralise_labels_not_numbers(tmp_path):
    G = nx.Graph()
    G.add_node("a", label="=1+1", delta=-3, score=-0.125)
    G.add_node("b", label="\tTabbed", delta=2, score=0.5)
    G.add_edge("a", "b", weight=1, note="@note")
    files = write_tables(G, tmp_path / "t")
    nodes = _rows((tmp_path / "t" / "nodes.csv").read_text(encoding="utf-8"))
    assert [(r["label"], r["delta"], r["score"]) for r in nodes] == [
        ("'=1+1", "-3", "-0.125"),
        ("'\tTabbed", "2", "0.5"),
    ]
    assert _rows((tmp_path / "t" / "edges.csv").read_text())[0]["note"] == "'@note"
    for f in files:
        _assert_all_safe(f)


def test_run_neutralises_every_csv(tmp_path):
    out = tmp_path / "out"
    res = CliRunner().invoke(cli, ["run", str(FIXTURE), *OWNER, "--out", str(out), "-q"])
    assert res.exit_code == 0, res.output
    rows = _rows((out / "coauthors.csv").read_text(encoding="utf-8"))
    names = {r["name"] for r in rows}
    # every payload of the fixture is a co-author, each behind a quote
    assert {"'" + p for p in PAYLOADS} <= names
    assert {"Tab Person", "Carriage Person", "Grace Hopper"} <= names  # read without the tab
    by_name = {r["name"]: r for r in rows}
    assert by_name["'-2+3"]["joint_papers"] == "3"  # on 3 of the fixture's 5 papers
    for f in out.glob("*.csv"):
        _assert_all_safe(f)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["parameters"]["raw_csv"] is False


def test_run_raw_csv_writes_the_names_as_read(tmp_path):
    out = tmp_path / "out"
    args = ["run", str(FIXTURE), *OWNER, "--out", str(out), "-q", "--raw-csv"]
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 0, res.output
    names = {r["name"] for r in _rows((out / "coauthors.csv").read_text(encoding="utf-8"))}
    assert set(PAYLOADS) <= names
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["parameters"]["raw_csv"] is True


def test_export_csv_neutralises_every_table(tmp_path):
    out = tmp_path / "tables"
    res = CliRunner().invoke(
        cli, ["export", str(FIXTURE), *OWNER, "--to", "csv", "-o", str(out), "-q"]
    )
    assert res.exit_code == 0, res.output
    labels = {r["label"] for r in _rows((out / "nodes.csv").read_text(encoding="utf-8"))}
    assert {"'" + p for p in PAYLOADS} <= labels
    papers = _rows((out / "papers.csv").read_text(encoding="utf-8"))
    titles = {r["title"] for r in papers}
    assert "'" + '=HYPERLINK("http://evil.example/x","click")' in titles
    assert {r["venue"] for r in papers} >= {"'@Venue", "'-Journal"}
    for f in out.glob("*.csv"):
        _assert_all_safe(f)
    raw = tmp_path / "raw"
    res = CliRunner().invoke(
        cli, ["export", str(FIXTURE), *OWNER, "--to", "csv", "-o", str(raw), "--raw-csv"]
    )
    assert res.exit_code == 0, res.output
    labels = {r["label"] for r in _rows((raw / "nodes.csv").read_text(encoding="utf-8"))}
    assert set(PAYLOADS) <= labels


def test_rank_csv_neutralises_names(tmp_path):
    res = CliRunner().invoke(cli, ["rank", str(FIXTURE), *OWNER, "--to", "csv", "--top", "0"])
    assert res.exit_code == 0, res.output
    text = res.stdout
    rows = _rows(text)
    assert {"'" + p for p in PAYLOADS} <= {r["name"] for r in rows}
    bad = [c for row in csv.reader(io.StringIO(text)) for c in row if c[:1] in TRIGGERS]
    assert all(_is_number(c) for c in bad)
    res = CliRunner().invoke(
        cli, ["rank", str(FIXTURE), *OWNER, "--to", "csv", "--top", "0", "--raw-csv"]
    )
    assert set(PAYLOADS) <= {r["name"] for r in _rows(res.stdout)}


def test_names_write_aliases_round_trip(tmp_path):
    text = (
        "title,year,authors\nA,2020,@Pankaj K. Agarwal;Lars Arge\nB,2021,@P. K. Agarwal;Lars Arge\n"
    )
    src = tmp_path / "papers.csv"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "aliases.csv"
    res = CliRunner().invoke(
        cli, ["names", str(src), "--resolve-names", "off", "--write-aliases", str(out)]
    )
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8") == (
        "variant,canonical\n'@P. K. Agarwal,'@Pankaj K. Agarwal\n"
    )
    # the file reads back as the names themselves: the pair merges
    assert read_aliases(out) == {"@P. K. Agarwal": "@Pankaj K. Agarwal"}
    merged = normalise(read_string(text), aliases=read_aliases(out))
    assert merged.authorships["author_id"].nunique() == 2
    raw = write_aliases(name_candidates(normalise(read_string(text))), tmp_path / "r.csv", raw=True)
    assert raw.read_text(encoding="utf-8").splitlines()[1] == "@P. K. Agarwal,@Pankaj K. Agarwal"


def test_identity_csv_uses_the_shared_rule(tmp_path):
    row = dict.fromkeys(DECISION_COLUMNS, "")
    row.update(kind="merge", name="=cmd()", new_name="\tX", papers=3, score=-0.5)
    rows = _rows(decisions_csv(pd.DataFrame([row])))
    assert (rows[0]["name"], rows[0]["new_name"]) == ("'=cmd()", "'\tX")
    assert (rows[0]["papers"], rows[0]["score"]) == ("3", "-0.5")  # numbers unprefixed
    assert _rows(decisions_csv(pd.DataFrame([row]), raw=True))[0]["name"] == "=cmd()"
    # a --not-same file written by a spreadsheet user from such cells reads as the names
    ns = tmp_path / "not_same.csv"
    ns.write_text("name,other\n'=cmd(),'-2+3\n", encoding="utf-8")
    assert read_not_same(ns) == [("=cmd()", "-2+3")]
