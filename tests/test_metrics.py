"""The metric registry (graph/metrics.py): the lists everything reads come from it, and a
metric added as one entry reaches the metrics table, the rank table and choices, the size
choices and every export."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from graph import metrics
from graph.analyse import centrality_table
from graph.build import coauthor_graph
from graph.config import RunConfig
from graph.export.tables import node_columns
from graph.pipeline import load_corpus


def test_registry_lists_are_the_ones_the_outputs_always_had():
    # Column order of the metrics table, the ranking CSV, the node tables and GraphML keys.
    assert metrics.column_names("node") == (
        "degree",
        "strength",
        "betweenness",
        "closeness",
        "eigenvector",
        "pagerank",
        "clustering",
        "core",
    )
    assert metrics.column_names("ego") == ("constraint", "effective_size")
    assert metrics.size_choices() == (
        "pagerank",
        "degree",
        "strength",
        "betweenness",
        "closeness",
        "eigenvector",
        "papers",
    )
    assert list(metrics.rank_keys()) == [
        "papers",
        "recent",
        "degree",
        "strength",
        "betweenness",
        "closeness",
        "eigenvector",
        "pagerank",
        "clustering",
        "core",
        "constraint",
        "effective_size",
    ]
    assert metrics.ascending_keys() == {"constraint"}
    table = metrics.rank_table_columns()
    assert [c[0] for c in table] == [
        "degree",
        "strength",
        "pagerank",
        "betweenness",
        "eigenvector",
        "closeness",
        "clustering",
        "core",
        "constraint",
        "effective_size",
    ]
    assert [c[0] for c in table if c[3]] == ["strength", "pagerank", "betweenness", "constraint"]
    assert node_columns()[8:16] == metrics.column_names("node")


def test_metric_types_follow_the_registry():
    G = nx.karate_club_graph()
    nx.set_edge_attributes(G, 1.0, "distance")
    for engine in ("networkx", "igraph"):
        df = centrality_table(G, engine=engine)
        assert list(df.columns) == list(metrics.column_names("node"))
        for m in metrics.METRICS:
            if m.scope == "node":
                assert df[m.name].dtype.kind == ("i" if m.dtype is int else "f"), m.name


def test_register_refuses_what_would_break_a_table():
    with pytest.raises(ValueError, match="exists already"):
        metrics.register(metrics.Metric("pagerank", float, lambda x: {}))
    with pytest.raises(ValueError, match="exists already"):
        metrics.register(metrics.Metric("papers", float, lambda x: {}))  # a rank key
    with pytest.raises(ValueError, match="dtype"):
        metrics.register(metrics.Metric("t", str, lambda x: {}))
    with pytest.raises(ValueError, match="NetworkX implementation"):
        metrics.register(metrics.Metric("t", float, None))
    with pytest.raises(ValueError, match="scope"):
        metrics.register(metrics.Metric("t", float, lambda x: {}, scope="edge"))
    assert "t" not in [m.name for m in metrics.METRICS]


def test_each_engine_runs_its_implementation():
    m = metrics.get("pagerank")
    assert m.implementation("igraph") is m.igraph
    assert m.implementation("networkx") is m.networkx
    degree = metrics.get("degree")
    assert degree.igraph is None and degree.implementation("igraph") is degree.networkx


# A new metric, added the way a contributor would: one entry.  It runs in a fresh interpreter
# because the CLI reads the registry when it is imported.
_NEW_METRIC = """
import json, sys, tempfile
from pathlib import Path

import networkx as nx
from click.testing import CliRunner

from graph import metrics


def triangles(x):
    return nx.triangles(x.G)


metrics.register(
    metrics.Metric("triangles", int, triangles, sizes=True, header="tri", spec="{:d}")
)

from graph.cli import cli  # noqa: E402

out = Path(tempfile.mkdtemp())
runner = CliRunner()
res = {}
for name, args in {
    "rank_csv": ["rank", "--by", "triangles", "--to", "csv", "--top", "0"],
    "rank_table": ["rank", "--by", "triangles", "--top", "5"],
    "rank_igraph": ["rank", "--by", "triangles", "--to", "csv", "--engine", "igraph"],
    "tables": ["export", "--to", "csv", "-o", str(out / "tables")],
    "graphml": ["export", "-o", str(out / "g.graphml"), "--size-by", "triangles"],
    "run": ["run", "-q", "--out", str(out / "run"), "--size-by", "triangles"],
}.items():
    r = runner.invoke(cli, args)
    res[name] = {"code": r.exit_code, "output": r.stdout, "stderr": r.stderr}
res["nodes_csv"] = (out / "tables" / "nodes.csv").read_text(encoding="utf-8")
res["graphml_text"] = (out / "g.graphml").read_text(encoding="utf-8")
res["ranking_csv"] = (out / "run" / "coauthors.csv").read_text(encoding="utf-8")
print(json.dumps(res))
"""


@pytest.fixture(scope="module")
def with_new_metric() -> dict:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_NEW_METRIC)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def triangles() -> dict:
    """Triangles per author of the default profile's co-author graph, by NetworkX directly."""
    return nx.triangles(coauthor_graph(load_corpus(RunConfig())))


def test_a_new_metric_reaches_the_ranking(with_new_metric, triangles):
    for key in ("rank_csv", "rank_igraph"):
        res = with_new_metric[key]
        assert res["code"] == 0, res["output"]
        rows = list(csv.DictReader(io.StringIO(res["output"])))
        assert rows, res["output"]
        got = {r["author_id"]: int(r["triangles"]) for r in rows}
        assert got == {a: triangles[a] for a in got}
        values = [int(r["triangles"]) for r in rows]
        assert values == sorted(values, reverse=True)  # ranked by it
    header = with_new_metric["rank_table"]["output"].splitlines()[1].split()
    # Shown when ranking by it, after the built-in columns (no table_order given).
    assert header == [
        "rank",
        "name",
        "joint",
        "first",
        "last",
        "comm",
        "strength",
        "pagerank",
        "betweenness",
        "constraint",
        "tri",
    ]


def test_a_new_metric_reaches_the_exports(with_new_metric, triangles):
    assert with_new_metric["tables"]["code"] == 0, with_new_metric["tables"]["output"]
    rows = list(csv.DictReader(io.StringIO(with_new_metric["nodes_csv"])))
    cols = list(rows[0])
    # After the built-in metrics, before the paper ids.
    assert cols[cols.index("core") + 1 : cols.index("core") + 3] == ["triangles", "paper_ids"]
    assert {r["id"]: int(r["triangles"]) for r in rows} == triangles
    assert with_new_metric["graphml"]["code"] == 0, with_new_metric["graphml"]["output"]
    root = ET.fromstring(with_new_metric["graphml_text"])
    keys = {k.get("attr.name"): k.get("attr.type") for k in root.iter() if k.tag.endswith("key")}
    assert keys["triangles"] == "long"
    assert with_new_metric["run"]["code"] == 0, with_new_metric["run"]["output"]
    assert "triangles" in with_new_metric["ranking_csv"].splitlines()[0].split(",")
