"""The Spark build equals the pandas build, table for table and value for value.

Spark runs in ``local[2]`` with two shuffle partitions and 1 GB of driver memory.  Skipped,
with the reason, where PySpark (the ``spark`` extra) or Java is missing; ``.ci/run`` installs
both, so CI runs these.
"""

from __future__ import annotations

import gzip
import importlib.util
import shutil
from pathlib import Path

import pandas as pd
import pytest

from graph.config import RunConfig
from graph.network_tables import network_tables, read_network
from graph.pipeline import load_corpus
from graph.schema import PAPER_COLUMNS
from graph.store import read_store, write_store

TESTS = Path(__file__).resolve().parent
SNAPSHOT = TESTS / "data" / "openalex_snapshot"
OPENALEX = TESTS / "data" / "openalex" / "works_tu9_2022.json"

pytestmark = [
    pytest.mark.skipif(
        importlib.util.find_spec("pyspark") is None,
        reason="PySpark is not installed (pip install 'collabgraph[spark]'; .ci/run does)",
    ),
    pytest.mark.skipif(
        shutil.which("java") is None and not __import__("os").environ.get("JAVA_HOME"),
        reason="no Java runtime for Spark (Debian: openjdk-17-jre-headless; .ci/run installs it)",
    ),
    pytest.mark.slow,
]


@pytest.fixture(scope="module")
def spark():
    from graph.spark_build import spark_session

    s = spark_session("local[2]", partitions=2, memory="1g")
    yield s
    s.stop()


def _spark_tables(spark, folder: Path, **opts):
    from graph.spark_build import spark_network

    P = spark.read.parquet(str(folder / "papers.parquet"))
    A = spark.read.parquet(str(folder / "authorships.parquet"))
    F = spark.read.parquet(str(folder / "affiliations.parquet"))
    nodes, links, attrs = spark_network(P, A, F, **opts)
    return nodes.toPandas(), links.toPandas(), attrs


def _typed(nodes: pd.DataFrame, links: pd.DataFrame):
    from graph.network_tables import LINK_COLUMNS, NODE_COLUMNS
    from graph.network_tables import _typed as typed

    return (
        typed(nodes, NODE_COLUMNS, ("papers", "degree", "strength")).reset_index(drop=True),
        typed(links, LINK_COLUMNS, ("weight",)).reset_index(drop=True),
    )


OPTIONS = [
    {"max_authors": 100},
    {"include_owner": False, "max_authors": 100},
    {"min_weight": 2, "min_papers": 2},
    {"year_from": 2022, "year_to": 2023, "max_authors": 5},
]


@pytest.mark.parametrize("source", ["profile", "openalex"])
@pytest.mark.parametrize("opts", OPTIONS)
def test_spark_network_equals_pandas(spark, tmp_path, source, opts):
    """From a store: nodes, links (fractional bit for bit) and graph attributes equal."""
    inputs = () if source == "profile" else (OPENALEX,)
    corpus = load_corpus(RunConfig(inputs=inputs))
    folder = write_store(corpus, tmp_path / "s")
    expected = network_tables(corpus, **opts)
    nodes, links, attrs = _spark_tables(spark, folder, **opts)
    nodes, links = _typed(nodes, links)
    pd.testing.assert_frame_equal(nodes, expected.nodes, check_exact=True)
    pd.testing.assert_frame_equal(links, expected.links, check_exact=True)
    assert attrs == expected.attrs
    assert len(links) > 0


def test_spark_fractional_is_the_pandas_sum(spark, tmp_path):
    """A pair with several joint papers of different sizes: the same float as pandas."""
    corpus = load_corpus(RunConfig(inputs=(OPENALEX,)))
    expected = network_tables(corpus, max_authors=100).links
    _, links, _ = _spark_tables(spark, write_store(corpus, tmp_path / "s"), max_authors=100)
    multi = expected[expected["weight"] > 2]
    assert len(multi) > 10
    got = links.set_index(["source", "target"])["fractional"]
    for r in multi.itertuples():
        assert got[(r.source, r.target)] == r.fractional  # exact, not approx


def _snapshot(tmp_path: Path, *files: str) -> Path:
    """The fixture files gzipped into the snapshot layout."""
    works = tmp_path / "works"
    for i, name in enumerate(files):
        part = works / f"updated_date=2024-0{i + 1}-15" / "part_000.gz"
        part.parent.mkdir(parents=True)
        with gzip.open(part, "wb") as fh:
            fh.write((SNAPSHOT / name).read_bytes())
    return works


def _spark_and_pandas_builds(tmp_path: Path, name: str):
    """``build --spark`` on ``name`` gzipped into the snapshot layout and ``build`` (pandas)
    on the plain file: the networks must be equal; returns both stores."""
    from click.testing import CliRunner

    from graph.cli import cli

    works = _snapshot(tmp_path, name)
    net = tmp_path / "net"
    result = CliRunner().invoke(
        cli, ["build", str(works), "-o", str(net), "--spark", "local[2]", "--no-owner", "-q"]
    )
    assert result.exit_code == 0, result.output
    pd_net = tmp_path / "pd"
    result = CliRunner().invoke(
        cli, ["build", str(SNAPSHOT / name), "-o", str(pd_net), "--no-owner", "-q"]
    )
    assert result.exit_code == 0, result.output
    a, b = read_network(net), read_network(pd_net)
    pd.testing.assert_frame_equal(a.nodes, b.nodes, check_exact=True)
    pd.testing.assert_frame_equal(a.links, b.links, check_exact=True)
    assert a.attrs == b.attrs
    # The corpus tables agree too, every column (rows sorted: Spark writes them by file).
    sc, pc = read_store(net), read_store(pd_net)
    cols = [c for c in PAPER_COLUMNS if c != "source"]  # Spark read the .gz, pandas the file
    pd.testing.assert_frame_equal(
        sc.papers[cols].sort_values("paper_id", ignore_index=True),
        pc.papers[cols].sort_values("paper_id", ignore_index=True),
        check_exact=True,
    )
    key = ["paper_id", "author_id"]
    pd.testing.assert_frame_equal(
        sc.authorships.sort_values(key, ignore_index=True),
        pc.authorships.sort_values(key, ignore_index=True),
        check_exact=True,
    )
    pd.testing.assert_frame_equal(
        sc.affiliations.sort_values(["paper_id", "institution", "author_id"], ignore_index=True),
        pc.affiliations.sort_values(["paper_id", "institution", "author_id"], ignore_index=True),
        check_exact=True,
    )
    for k in ("records_read", "duplicates_merged", "merged_by", "merge_dropped_authors"):
        assert sc.meta[k] == pc.meta[k], k
    return sc, pc


def test_openalex_snapshot_read_by_spark_equals_pandas(spark, tmp_path):
    """JSONL.gz read by Spark through the reader's mapping, normalised in Spark (a DOI twice,
    a title-key duplicate, one ORCID on two spellings, a name listed twice, accents), gives
    the network and corpus tables of the single-machine path (no owner: a snapshot has none)."""
    sc, _ = _spark_and_pandas_builds(tmp_path, "part_000.jsonl")
    # Hand-checked: the DOI twice is one paper with the longer list; `Notes on the Engine`
    # (A. Lovelace, Mary Somerville) and `Notes on the  engine!` (Augusta Ada King, Charles
    # Babbage) share title and year but no author: two papers; A. Lovelace and Ada Lovelace
    # are one author (one ORCID); Émilie du Châtelet keeps her accents.
    assert sc.meta["records_read"] == 7 and sc.meta["duplicates_merged"] == 1
    assert sc.meta["merged_by"] == {"doi": 1, "ext_id": 0, "title_year_authors": 0}
    assert (sc.papers["title"].str.lower().str.startswith("notes on the")).sum() == 2
    names = set(sc.authorships["name"])
    assert "Émilie du Châtelet" in names and "Emilie du Chatelet" not in names
    ada = sc.authorships[sc.authorships["name"].isin(["Ada Lovelace", "A. Lovelace"])]
    assert ada["author_id"].nunique() == 1
    assert sc.meta["skipped"] == 2  # the work without title and the one without authors


def test_spark_applies_the_merge_rule_of_normalise(spark, tmp_path):
    """The merge rule on Spark, against pandas and against hand-checked values: one title and
    year by different authors stays two works; one DOI written two ways is one work; a DOI on
    one side only with title, year and a common author (E. W. / Edsger Dijkstra) is one work,
    the co-author listed with nobody of the other record left out; a preprint DOI does not
    keep a preprint from its published version; `Editorial` never merges on its title."""
    sc, _ = _spark_and_pandas_builds(tmp_path, "part_002_merge.jsonl")
    assert sc.meta["records_read"] == 10 and sc.meta["duplicates_merged"] == 3
    assert sc.meta["merged_by"] == {"doi": 1, "ext_id": 0, "title_year_authors": 2}
    assert sc.meta["merge_dropped_authors"] == 1
    p = sc.papers
    assert len(p) == 7 and p["paper_id"].is_unique
    assert (p["title"].str.lower().str.startswith("graph colouring")).sum() == 2
    assert (p["title"].str.lower().str.startswith("editorial")).sum() == 2
    assert p.loc[p["title"].str.startswith("Type systems"), "doi"].tolist() == ["10.1000/types"]
    a = sc.authorships
    assert "niklauswirth" not in set(a["author_id"])  # never co-listed with Tony Hoare
    sched = p.loc[p["doi"] == "10.1000/sched", "paper_id"].item()
    assert a.loc[a["paper_id"] == sched, "name"].tolist() == ["Edsger Dijkstra", "Tony Hoare"]
    merge = p.loc[p["doi"] == "10.1000/merge.1", "paper_id"].item()
    assert a.loc[a["paper_id"] == merge, "author_id"].tolist() == ["gracehopper", "jeansammet"]
    # Liskov wrote both editorials: two papers, no link to herself, papers = 2
    net = read_network(tmp_path / "net")
    assert net.nodes.set_index("id").loc["barbaraliskov", "papers"] == 2


def test_spark_refuses_name_resolution(tmp_path):
    """``build --spark`` with --resolve-names merge/split: a one-line error, no traceback;
    ``build`` resolves no names by default (pandas and Spark give the same network)."""
    from click.testing import CliRunner

    from graph.cli import cli

    out = tmp_path / "net"
    result = CliRunner().invoke(
        cli,
        ["build", str(OPENALEX), "-o", str(out), "--spark", "local[1]", "--resolve-names", "merge"],
    )
    assert result.exit_code == 2
    assert "--resolve-names merge runs on one machine" in result.output
    assert "Traceback" not in result.output and not out.exists()
    help_text = CliRunner().invoke(cli, ["build", "--help"]).output
    assert "[default: off]" in " ".join(help_text.split())


def test_snapshot_bad_line_is_a_counted_problem(spark, tmp_path):
    from graph.spark_build import openalex_tables

    works = _snapshot(tmp_path, "part_000.jsonl", "part_001_bad.jsonl")
    papers, _, _, info = openalex_tables(spark, [works])
    assert info["problems"] == 3
    assert any("JSON Lines" in m and ":2:" in m for m in info["first_problems"])
    assert papers.count() == 7  # 7 works read from part_000, 1 merged, + 1 from part_001


def test_build_command_on_a_store_with_spark(spark, tmp_path):
    """``build corpus/ --spark`` writes the tables ``build corpus/`` writes."""
    from click.testing import CliRunner

    from graph.cli import cli

    store = write_store(load_corpus(RunConfig()), tmp_path / "corpus")
    for name, extra in (("sp", ["--spark", "local[2]"]), ("pd", [])):
        result = CliRunner().invoke(
            cli, ["build", str(store), "-o", str(tmp_path / name), "--alter", "-q", *extra]
        )
        assert result.exit_code == 0, result.output
    a, b = read_network(tmp_path / "sp"), read_network(tmp_path / "pd")
    pd.testing.assert_frame_equal(a.nodes, b.nodes, check_exact=True)
    pd.testing.assert_frame_equal(a.links, b.links, check_exact=True)
    assert a.attrs == b.attrs and a.attrs["view"] == "alter"
