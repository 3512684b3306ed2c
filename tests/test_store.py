"""The corpus store: round trips, refusal of other versions, every command reading a store,
stores mixed with files, the --cache, network tables and slices of a network folder."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from click.testing import CliRunner

from graph.build import coauthor_graph
from graph.cli import cli
from graph.config import RunConfig
from graph.errors import InputError
from graph.network_tables import graph_from_tables, network_tables, read_network
from graph.normalise import Corpus, normalise
from graph.pipeline import load_corpus
from graph.store import (
    MANIFEST,
    cache_key,
    corpus_records,
    normalise_options,
    read_store,
    write_store,
)

TESTS = Path(__file__).resolve().parent
FORMATS = TESTS / "data" / "formats"
OPENALEX = TESTS / "data" / "openalex" / "works_tu9_2022.json"

CORPORA = {
    "profile": (),
    "openalex": (OPENALEX,),
    # WoS + RIS: three skipped records (problems) travel with the store.
    "wos+ris": (FORMATS / "wos.txt", FORMATS / "sample.ris"),
    "bib-owner": (FORMATS / "owner_scholar.bib",),
}


def _corpus(name: str) -> Corpus:
    return load_corpus(RunConfig(inputs=CORPORA[name]))


def _assert_same(a: Corpus, b: Corpus, *, any_paper_order: bool = False) -> None:
    for t in ("papers", "authorships", "affiliations"):
        x, y = getattr(a, t), getattr(b, t)
        if any_paper_order:
            # a paper merged from several files sits where its first record was, and that
            # record may not be the one the store keeps (normalise shows the best one)
            x, y = (
                f.sort_values(list(f.columns[:2]), kind="stable", ignore_index=True) for f in (x, y)
            )
        pd.testing.assert_frame_equal(x, y, check_exact=True)
        assert [str(d) for d in x.dtypes] == [str(d) for d in y.dtypes]


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_round_trip_tables_dtypes_meta_problems(name, tmp_path):
    c = _corpus(name)
    back = read_store(write_store(c, tmp_path / "s"))
    _assert_same(c, back)
    # tables a later stage keeps in meta (identity decisions) come back as tables
    frames = {k for k, v in c.meta.items() if isinstance(v, pd.DataFrame)}
    assert frames == {k for k, v in back.meta.items() if isinstance(v, pd.DataFrame)}
    for k in frames:
        pd.testing.assert_frame_equal(c.meta[k], back.meta[k], check_exact=True)
    plain = {k: v for k, v in c.meta.items() if k not in frames}
    assert {k: v for k, v in back.meta.items() if k not in frames} == json.loads(json.dumps(plain))
    assert [str(p) for p in back.problems] == [str(p) for p in c.problems]
    if name == "wos+ris":  # a WoS record and a RIS record without a title
        assert len(back.problems) == 2


def test_round_trip_keeps_dtypes_of_columns_other_stages_add(tmp_path):
    """Columns are written from whatever the Corpus holds: tuples, JSON-able objects,
    nullable ints, booleans and text that UTF-8 cannot encode come back as they were."""
    c = _corpus("profile")
    papers = c.papers.copy()
    n = len(papers)
    papers["groups"] = pd.Series(
        [("CERN Consortium",) if i % 2 else () for i in range(n)], dtype=object
    )
    papers["scores"] = pd.Series([{"a": i} for i in range(n)], dtype=object)
    papers["rank"] = pd.array([i if i % 3 else None for i in range(n)], dtype="Int64")
    papers.loc[0, "title"] = "lone \ud800 surrogate"
    aff = c.affiliations.assign(
        country="DE", address=pd.Series(["x"] * len(c.affiliations), dtype=object)
    )
    c2 = Corpus(papers, c.authorships, aff, c.meta, c.problems)
    back = read_store(write_store(c2, tmp_path / "s"))
    for t in ("papers", "authorships", "affiliations"):
        pd.testing.assert_frame_equal(getattr(c2, t), getattr(back, t), check_exact=True)
    assert back.papers["groups"].iloc[1] == ("CERN Consortium",)
    assert back.papers["title"].iloc[0] == "lone \ud800 surrogate"
    assert str(back.papers["rank"].dtype) == "Int64" and pd.isna(back.papers["rank"].iloc[0])


def test_empty_corpus_round_trips(tmp_path):
    c = _corpus("profile")
    empty = Corpus(c.papers.iloc[:0], c.authorships.iloc[:0], c.affiliations.iloc[:0], {})
    back = read_store(write_store(empty, tmp_path / "s"))
    _assert_same(empty, back)


def test_other_store_version_is_refused(tmp_path):
    folder = write_store(_corpus("profile"), tmp_path / "s")
    m = json.loads((folder / MANIFEST).read_text())
    m["version"] = 999
    (folder / MANIFEST).write_text(json.dumps(m))
    with pytest.raises(InputError, match=r"format version 1.*version 999.*collabgraph ingest"):
        read_store(folder)
    result = CliRunner().invoke(cli, ["rank", str(folder)])
    assert result.exit_code == 1
    assert "version 999" in result.output and "Traceback" not in result.output


def test_store_missing_a_column_is_refused(tmp_path):
    folder = write_store(_corpus("profile"), tmp_path / "s")
    m = json.loads((folder / MANIFEST).read_text())
    m["tables"]["papers"]["columns"] = [
        c for c in m["tables"]["papers"]["columns"] if c["name"] != "venue"
    ]
    (folder / MANIFEST).write_text(json.dumps(m))
    with pytest.raises(InputError, match="no venue"):
        read_store(folder)


def test_a_folder_that_is_no_store_is_a_clear_error(tmp_path):
    (tmp_path / "d").mkdir()
    result = CliRunner().invoke(cli, ["info", str(tmp_path / "d")])
    assert result.exit_code == 1
    assert "corpus store" in result.output and "collabgraph ingest" in result.output


def test_write_store_refuses_a_folder_of_other_files(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "keep.txt").write_text("mine")
    with pytest.raises(Exception, match="not a corpus store"):
        write_store(_corpus("profile"), tmp_path / "d")
    assert (tmp_path / "d" / "keep.txt").read_text() == "mine"


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_records_of_a_store_normalise_to_the_same_tables(name):
    """The mixed path: a store turned back into records and normalised again is the same
    corpus (positions with gaps, owners, per-author institutions, ids merged by ORCID)."""
    c = _corpus(name)
    _assert_same(c, normalise(corpus_records(c)), any_paper_order=True)


# ---- every command on a store ---------------------------------------------------------------


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("store") / "corpus"
    result = CliRunner().invoke(cli, ["ingest", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "50 papers, 200 authorships" in result.output
    return out


def _out(args):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize(
    "args",
    [
        ["rank", "--top", "0", "--to", "csv"],
        ["rank", "--alter", "--by", "constraint", "--to", "json"],
        ["info", "--json"],
        ["path", "Qianyu Zhou", "Kaiqing Lin", "--alter"],
        ["names", "--all"],
    ],
)
def test_every_command_reads_a_store_with_the_same_output(store, args):
    from_text = _out(args[:1] + args[1:])
    from_store = _out([args[0], str(store), *args[1:]])
    if args[0] == "info":  # the store knows its sources; the report is the same
        assert json.loads(from_store) == json.loads(from_text)
    else:
        assert from_store == from_text


def test_run_and_export_read_a_store(store, tmp_path):
    _out(["run", "--out", str(tmp_path / "a"), "-q"])
    _out(["run", str(store), "--out", str(tmp_path / "b"), "-q"])
    for f in ("coauthors.graphml", "coauthors.csv", "coauthors.html", "index.html"):
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes(), f
    manifest = json.loads((tmp_path / "b" / "manifest.json").read_text())
    assert manifest["inputs"][0]["path"].endswith(MANIFEST)
    _out(["export", str(store), "-o", str(tmp_path / "g.graphml")])
    _out(["export", "-o", str(tmp_path / "h.graphml")])
    assert (tmp_path / "g.graphml").read_bytes() == (tmp_path / "h.graphml").read_bytes()


def test_store_mixed_with_a_file_equals_the_files(store):
    bib = str(FORMATS / "owner_scholar.bib")
    mixed = _out(["rank", str(store), bib, "--top", "0", "--to", "csv"])
    files = _out(["rank", "data/shouhong_ding_profile.txt", bib, "--top", "0", "--to", "csv"])
    assert mixed == files
    assert "Taiping Yao" in mixed
    assert "50 of 55 papers" in mixed  # the 5 BibTeX papers joined the store's 50


def test_owner_options_on_a_store_renormalise(store):
    """--no-owner asks for another normalisation than the store's: the records path runs."""
    assert _out(["info", str(store), "--no-owner", "--json"]) == _out(
        ["info", "--no-owner", "--json"]
    )


# ---- the cache ------------------------------------------------------------------------------


def test_cache_hit_skips_parsing(tmp_path, monkeypatch):
    import graph.pipeline

    cache = tmp_path / "cache"
    first = _out(["rank", "--cache", str(cache), "--top", "5"])
    entries = list(cache.iterdir())
    assert len(entries) == 1 and (entries[0] / MANIFEST).is_file()

    def refuse(*a, **k):
        raise AssertionError("the inputs were parsed again")

    monkeypatch.setattr(graph.pipeline, "load_records", refuse)
    assert _out(["rank", "--cache", str(cache), "--top", "5"]) == first
    assert _out(["info", "--cache", str(cache)]) == _out(["info", "--cache", str(cache)])
    # Other normalising options: another entry (and so a parse, refused here).
    with pytest.raises(AssertionError, match="parsed again"):
        CliRunner().invoke(
            cli, ["rank", "--cache", str(cache), "--no-owner"], catch_exceptions=False
        )


def test_cache_key_follows_content_and_options(tmp_path):
    a = tmp_path / "a.csv"
    a.write_text("title,year,authors\nT,2020,Ada Lovelace; Alan Turing\n")
    opts = normalise_options(RunConfig(inputs=(a,)))
    k1 = cache_key([a], opts)
    assert cache_key([a], opts) == k1
    assert cache_key([a], {**opts, "add_owner": False}) != k1
    a.write_text("title,year,authors\nT,2021,Ada Lovelace; Alan Turing\n")
    assert cache_key([a], opts) != k1


# ---- network tables, build, slices -----------------------------------------------------------


def _same_graph(G: nx.Graph, H: nx.Graph) -> None:
    assert G.graph == H.graph
    assert list(G.nodes) == list(H.nodes)
    assert all(G.nodes[n] == H.nodes[n] for n in G)
    assert sorted(map(tuple, map(sorted, G.edges()))) == sorted(map(tuple, map(sorted, H.edges())))
    assert all(d == H.edges[u, v] for u, v, d in G.edges(data=True))


OPTIONS = [
    {},
    {"include_owner": False},
    {"min_weight": 2, "min_papers": 2},
    {"year_from": 2022, "year_to": 2023, "max_authors": 5},
    {"max_authors": 100},
]


@pytest.mark.parametrize("name", ["profile", "openalex", "wos+ris"])
@pytest.mark.parametrize("opts", OPTIONS)
def test_network_tables_are_the_coauthor_graph(name, opts):
    c = _corpus(name)
    _same_graph(coauthor_graph(c, **opts), graph_from_tables(network_tables(c, **opts)))


def test_network_tables_hand_checked(hand_page):
    """Ada is added to all three papers; "Kurt Gödel"/"Kurt Godel" are one author."""
    from graph.load.profile_text import read_string

    t = network_tables(normalise(read_string(hand_page)))
    links = {(r.source, r.target): (r.weight, r.fractional) for r in t.links.itertuples()}
    assert links[("adalovelace", "kurtgodel")] == (2, 0.5 + 1 / 3)
    assert links[("gracehopper", "kurtgodel")] == (1, 1 / 3)
    nodes = t.nodes.set_index("id")
    assert nodes.loc["adalovelace", "papers"] == 3 and bool(nodes.loc["adalovelace", "is_owner"])
    assert nodes.loc["gracehopper", "institutions"] == "mit;oxford"
    assert nodes.loc["kurtgodel", "label"] == "Kurt Gödel"


@pytest.fixture(scope="module")
def network(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("net") / "network"
    _out(["build", str(OPENALEX), "-o", str(out), "--no-owner"])
    return out


def test_build_writes_tables_equal_to_the_graph(network):
    t = read_network(network)
    # build resolves no names by default (network_tables.BUILD_RESOLVE_NAMES)
    c = load_corpus(RunConfig(inputs=(OPENALEX,), add_owner=False, resolve_names="off"))
    _same_graph(coauthor_graph(c, max_authors=100), graph_from_tables(t))
    assert t.attrs["team_size_skipped"] == 1  # the 2,918-author paper
    assert set(t.nodes.columns) >= {"id", "label", "papers", "first_year", "institutions"}
    assert (t.links["source"] < t.links["target"]).all()
    G = graph_from_tables(t)
    nodes = t.nodes.set_index("id")
    assert all(nodes.loc[n, "degree"] == G.degree(n) for n in G)
    assert all(nodes.loc[n, "strength"] == G.degree(n, weight="weight") for n in G)


@pytest.mark.parametrize(
    "slice_args",
    [
        ["--ego", "Martin Grohe", "--hops", "2"],
        ["--component-of", "Martin Grohe"],
        ["--top", "40", "--top-by", "strength"],
        ["--institution", "RWTH Aachen University"],
    ],
)
def test_slices_are_induced_subgraphs_and_make_pages(network, slice_args, tmp_path):
    from graph.slices import select_authors

    out = tmp_path / "out"
    text = _out(["run", str(network), *slice_args, "--out", str(out), "-q"])
    assert text == ""
    for f in ("coauthors.html", "affiliations.html", "index.html", "coauthors.graphml"):
        assert (out / f).stat().st_size > 0
    t = read_network(network)
    keys = {
        "--ego": "ego",
        "--hops": "hops",
        "--component-of": "component_of",
        "--top": "top",
        "--top-by": "top_by",
        "--institution": "institution",
    }
    spec = {keys[k]: v for k, v in zip(slice_args[::2], slice_args[1::2], strict=True)}
    authors, _ = select_authors(t, spec)
    whole = graph_from_tables(t)
    expected = whole.subgraph(authors)
    got = nx.read_graphml(out / "coauthors.graphml")
    assert set(got.nodes) == set(authors)
    assert {frozenset(e) for e in got.edges} == {frozenset(e) for e in expected.edges}
    for u, v, d in expected.edges(data=True):
        assert got.edges[u, v]["weight"] == d["weight"]
        assert got.edges[u, v]["fractional"] == pytest.approx(d["fractional"], rel=1e-12)


def test_slice_with_a_year_window_narrows(network, tmp_path):
    out = tmp_path / "o"
    _out(["run", str(network), "--top", "30", "--from-year", "2023", "--out", str(out), "-q"])
    G = nx.read_graphml(out / "coauthors.graphml")
    assert all(int(d.get("first_year", 2023)) >= 2023 for _, _, d in G.edges(data=True))


def test_slice_options_need_a_network(tmp_path):
    result = CliRunner().invoke(cli, ["run", "--ego", "Bo Li", "--out", str(tmp_path)])
    assert result.exit_code == 1 and "collabgraph build" in result.output
    result = CliRunner().invoke(cli, ["run", "--ego", "A", "--top", "3"])
    assert result.exit_code == 2 and "choose one slice" in result.output


# ---- rank's analysis cache in a store ---------------------------------------------------------


def _rank_out(*args: str) -> str:
    result = CliRunner().invoke(cli, ["rank", *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def counted_analyse(monkeypatch):
    """``graph.pipeline.analyse`` counting its calls (a cache hit makes none)."""
    import graph.pipeline as pipeline

    calls = []
    real = pipeline.analyse

    def analyse(config, **kwargs):
        calls.append(config)
        return real(config, **kwargs)

    monkeypatch.setattr(pipeline, "analyse", analyse)
    return calls


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_rank_from_store_is_the_rank_from_files_cold_and_cached(tmp_path, fmt, counted_analyse):
    """The same bytes from the text files, from the store (analysed, then kept) and from the
    store again (read back from its analysis cache, no analysis run)."""
    inputs = [str(OPENALEX), str(FORMATS / "owner_scholar.bib")]
    store = tmp_path / "corpus"
    assert CliRunner().invoke(cli, ["ingest", *inputs, "-o", str(store), "-q"]).exit_code == 0
    opts = ["--to", fmt, "--top", "5"]
    text = _rank_out(*inputs, *opts)
    assert len(counted_analyse) == 1
    cold = _rank_out(str(store), *opts)
    assert len(counted_analyse) == 2 and len(list((store / "analysis").glob("*.parquet"))) == 1
    warm = _rank_out(str(store), *opts)
    assert len(counted_analyse) == 2  # answered by the cache
    assert text == cold == warm
    # --top is applied when printing: another --top is the same cache entry
    assert _rank_out(str(store), "--to", fmt, "--top", "0") == _rank_out(
        *inputs, "--to", fmt, "--top", "0"
    )
    assert len(counted_analyse) == 3  # only the text run analysed


def test_rank_cache_keeps_warnings_and_skipped_records(tmp_path, counted_analyse):
    """A cached answer reports the readers' warnings and skipped records as the first did."""
    inputs = [str(FORMATS / "wos.txt"), str(FORMATS / "sample.ris")]
    store = tmp_path / "corpus"
    assert CliRunner().invoke(cli, ["ingest", *inputs, "-o", str(store), "-q"]).exit_code == 0
    cold = _rank_out(str(store), "--no-owner")
    warm = _rank_out(str(store), "--no-owner")
    assert len(counted_analyse) == 1 and cold == warm
    assert "sample.ris:25" in warm and "skipped" in warm.lower()


def test_rank_cache_invalidated_by_options_and_by_the_store_content(tmp_path, counted_analyse):
    store = tmp_path / "corpus"
    assert CliRunner().invoke(cli, ["ingest", "-o", str(store), "-q"]).exit_code == 0
    first = _rank_out(str(store), "--to", "csv")
    assert _rank_out(str(store), "--to", "csv") == first and len(counted_analyse) == 1
    # Another option that changes the analysis: analysed again, its own entry.
    alter = _rank_out(str(store), "--to", "csv", "--alter")
    assert len(counted_analyse) == 2 and alter != first
    by = _rank_out(str(store), "--to", "csv", "--by", "pagerank")
    assert len(counted_analyse) == 3 and by != first
    assert _rank_out(str(store), "--to", "csv", "--alter") == alter and len(counted_analyse) == 3
    # The store rewritten with other inputs, the old analysis folder put back: its entries
    # no longer match the store's content, so nothing stale is shown.
    kept = tmp_path / "kept"
    (store / "analysis").rename(kept)
    assert CliRunner().invoke(cli, ["ingest", str(OPENALEX), "-o", str(store), "-q"]).exit_code == 0
    kept.rename(store / "analysis")
    other = _rank_out(str(store), "--to", "csv")
    assert len(counted_analyse) == 4
    assert other == _rank_out(str(OPENALEX), "--to", "csv") and other != first
    # A table file changed in place (same manifest): the digest sees it.
    from graph.store import analysis_key

    config = RunConfig(inputs=(store,))
    before = analysis_key(store, config, "rank")
    papers = store / "papers.parquet"
    papers.write_bytes(papers.read_bytes() + b"\0")
    assert analysis_key(store, config, "rank") != before


def test_rank_on_a_read_only_store_still_answers(tmp_path, counted_analyse):
    store = tmp_path / "corpus"
    assert CliRunner().invoke(cli, ["ingest", "-o", str(store), "-q"]).exit_code == 0
    (store / "analysis").mkdir()
    (store / "analysis").chmod(0o500)
    try:
        assert _rank_out(str(store), "--to", "csv") == _rank_out("--to", "csv")
    finally:
        (store / "analysis").chmod(0o700)


def test_ingest_and_rank_from_the_store_say_most_records_were_skipped(tmp_path):
    """A file whose records were mostly skipped is said loudly by ingest, and again by every
    command reading the store (the warning lives in the store's meta)."""
    bib = tmp_path / "m.bib"
    bib.write_text(
        "@article{a, author={Ada Lovelace and Alan Turing}, title={One}, year={2020}}\n"
        "@article{b, author={X Y}, year={2020}}\n"
        "@article{c, author={X Z}, year={2021}}\n",
        encoding="utf-8",
    )
    store = tmp_path / "store"
    ingest = CliRunner().invoke(cli, ["ingest", str(bib), "-o", str(store)])
    assert ingest.exit_code == 0, ingest.output
    loud = f"MOST RECORDS SKIPPED: 67% of {bib} (2 of 3 records)"
    assert loud in ingest.stderr
    text = CliRunner().invoke(cli, ["rank", str(bib), "--to", "csv"])
    stored = CliRunner().invoke(cli, ["rank", str(store), "--to", "csv"])
    assert text.exit_code == stored.exit_code == 0
    assert loud in stored.stderr and stored.stderr == text.stderr
    assert stored.stdout == text.stdout
    quiet = CliRunner().invoke(cli, ["ingest", str(bib), "-o", str(tmp_path / "q"), "-q"])
    assert quiet.exit_code == 0 and "MOST RECORDS" not in quiet.stderr


@pytest.mark.parametrize("command", ["ingest", "build"])
@pytest.mark.parametrize(("sub", "target"), [(False, "."), (True, "..")])
def test_a_store_is_never_written_over_the_folder_you_are_in(
    tmp_path, monkeypatch, command, sub, target
):
    """The store replaces its folder whole: -o . (or a folder above) would leave the shell in
    a deleted folder, so it is refused in one line (it was a ValueError traceback)."""
    here = tmp_path / "work"
    (here / "s").mkdir(parents=True)
    monkeypatch.chdir(here / "s" if sub else here)
    res = CliRunner().invoke(cli, [command, str(FORMATS / "sample.bib"), "-o", target, "-q"])
    assert res.exit_code == 1
    assert isinstance(res.exception, SystemExit)
    assert "is the folder you are in (or holds it)" in res.output
    assert sorted(p.name for p in here.iterdir()) == ["s"]


def test_a_store_write_error_is_one_line(tmp_path, monkeypatch):
    import errno

    import graph.store as store_mod

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", "papers.parquet")

    monkeypatch.setattr(store_mod, "_write_table", full)
    res = CliRunner().invoke(
        cli, ["ingest", str(FORMATS / "sample.bib"), "-o", str(tmp_path / "c")]
    )
    assert res.exit_code == 1 and isinstance(res.exception, SystemExit)
    assert "cannot write the store" in res.output and "No space left on device" in res.output
    assert not (tmp_path / "c").exists()
    assert [p.name for p in tmp_path.iterdir()] == []
