"""The build stage on Apache Spark: ``collabgraph build SOURCE... -o NETWORK_DIR --spark``.

Needs the ``spark`` extra (``pip install 'collabgraph[spark]'``, PySpark and Java 17+).  The
co-authorship network is computed from DataFrames with the definitions of
:func:`graph.build.coauthor_graph` and :func:`graph.network_tables.network_tables` (the tests
assert the tables are equal, value for value):

* rows kept: year window (an unknown year is dropped when a window is given), papers with at
  most ``max_authors`` distinct authors, the owner left out in the alter view, then authors
  with at least ``min_papers`` papers among the kept rows;
* ``nodes``: distinct papers, their sorted ids, first/last known year, owner flag, the label
  (the name on the author's first paper by id), institutions as the affiliation graph links
  them (per-author institutions, else the paper's tags);
* ``links``: a self-join of the distinct (paper, author) rows on the paper with
  ``source < target``; ``weight`` the joint papers, ``fractional`` the sum of 1/(n-1) (n = the
  paper's distinct authors before any filter) added in paper-id order with Kahan's
  compensation, exactly as pandas' grouped sum does, so the floats are equal bit for bit.

Sources:

* a corpus store, or files any reader reads: read and normalised on the driver (pandas), then
  handed to Spark as Parquet;
* OpenAlex works JSONL (``.jsonl``, ``.jsonl.gz``, ``.gz``, or a snapshot folder
  ``works/updated_date=.../part_*.gz``): read by Spark, each line mapped by the same code as
  the single-machine reader (:func:`graph.load.openalex._work`, in a ``mapInPandas`` over
  Arrow batches).  Authors sharing an ORCID or OpenAlex id are merged over the whole corpus
  (connected components by min-label propagation on DataFrames).  Which records are one work
  is :mod:`graph.normalise`'s rule (a shared DOI or paper id; or title key + year with
  agreeing author lists, never on a placeholder title), run by normalise's own functions on
  each *candidate component*: records linked through a shared DOI, paper id or non-placeholder
  title key + year (components again by label propagation).  Records sharing none of these
  keys are never one work, so each component can be decided apart, in a pandas UDF, with the
  same outcome as normalise deciding the whole corpus at once; a record alone in its component
  (almost all of them) goes through the same UDF without a shuffle.  Paper ids (``#2``
  suffixes for works sharing a key, the SHA-1 prefix) and display names (most frequent
  spelling) are then computed over the whole corpus.  A snapshot has no owner: no owner is
  detected or added.  ``--resolve-names`` (:mod:`graph.identity`) and ``--aliases`` are refused
  there (``build`` defaults to ``--resolve-names off``).

The corpus tables are written beside ``nodes``/``links`` in the store layout, so slices can be
taken on one machine (:mod:`graph.slices`).  Nothing here needs GraphFrames.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from pathlib import Path

from .build import coauthor_attrs
from .errors import CollabGraphError, InputError
from .schema import AFFILIATION_COLUMNS, PAPER_COLUMNS

__all__ = ["build_with_spark", "openalex_tables", "spark_network", "spark_session"]

_SEP = "\x1f"  # joins an author's institutions in the flat rows of the reader stage


def _require_pyspark():
    try:
        import pyspark  # noqa: F401
    except ImportError as exc:
        raise CollabGraphError(
            "--spark needs PySpark: pip install 'collabgraph[spark]' (and Java 17 or newer)"
        ) from exc


def spark_session(
    master: str = "local[*]", *, partitions: int | None = None, memory: str | None = None
):
    """A Spark session for ``master`` (``local[*]``, ``spark://host:7077``, ``yarn`` ...).

    Arrow batches for the pandas UDFs; no web UI; ``partitions`` shuffle partitions (Spark's
    default 200 is meant for clusters: locally a few per core is faster).
    """
    _require_pyspark()
    import sys

    from pyspark.sql import SparkSession

    if master.startswith("local"):
        # Local workers run this interpreter (its venv has pandas, pyarrow and collabgraph);
        # on a cluster PYSPARK_PYTHON names the executors' environment.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

    builder = (
        SparkSession.builder.master(master)
        .appName("collabgraph build")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
    )
    if partitions:
        builder = builder.config("spark.sql.shuffle.partitions", str(partitions))
    if memory:
        builder = builder.config("spark.driver.memory", memory)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


# ---- the network ----------------------------------------------------------------------------


def _grouped_sums(values):
    """A pandas UDF: per row, the sum of its array of 1/(n-1) values, computed as
    :class:`graph.build._Pairs` computes ``fractional`` (one pandas grouped sum over the
    concatenated values), so the floats are the same bit for bit whatever pandas' summation
    order is."""
    import numpy as np
    import pandas as pd

    lengths = values.map(len).to_numpy()
    flat = np.concatenate([np.asarray(v, dtype=float) for v in values]) if len(values) else []
    group = np.repeat(np.arange(len(values)), lengths)
    sums = pd.Series(flat, dtype=float).groupby(group, sort=True).sum()
    return pd.Series(sums.reindex(np.arange(len(values)), fill_value=0.0).to_numpy())


def spark_network(
    papers,
    authorships,
    affiliations,
    *,
    include_owner: bool = True,
    min_weight: int = 1,
    min_papers: int = 1,
    year_from: int | None = None,
    year_to: int | None = None,
    max_authors: int | None = None,
):
    """``(nodes, links, attrs)``: the network of the corpus DataFrames (store columns), as
    Spark DataFrames sorted like :func:`graph.network_tables.network_tables`'s tables and the
    graph attributes (computed with a few small aggregates)."""
    from pyspark.sql import functions as F

    P = papers.select("paper_id", F.col("year").cast("long").alias("year"), "authors_complete")
    A = authorships.select("paper_id", "author_id", "name", F.col("is_owner").cast("boolean"))
    n_per_paper = A.groupBy("paper_id").agg(F.countDistinct("author_id").alias("n_authors"))
    # One year per paper from the papers table (an authorship of a missing paper: no year).
    R = A.join(n_per_paper, "paper_id").join(P.select("paper_id", "year"), "paper_id", "left")
    cond = F.lit(True)
    if year_from is not None:
        cond = cond & (F.col("year") >= year_from)
    if year_to is not None:
        cond = cond & (F.col("year") <= year_to)
    if max_authors is not None:
        cond = cond & (F.col("n_authors") <= max_authors)
    if not include_owner:
        cond = cond & ~F.col("is_owner")
    R = R.filter(F.coalesce(cond, F.lit(False)))
    if min_papers > 1:
        ok = (
            R.groupBy("author_id")
            .agg(F.countDistinct("paper_id").alias("_np"))
            .filter(F.col("_np") >= min_papers)
            .select("author_id")
        )
        R = R.join(ok, "author_id")
    R = R.persist()

    used = R.select("paper_id").distinct()
    counts = (
        P.join(used, "paper_id")
        .agg(
            F.count("*").alias("papers"),
            F.sum((~F.col("authors_complete")).cast("long")).alias("cut"),
        )
        .collect()[0]
    )
    n_used = R.select("paper_id").distinct().count()
    skipped = (
        n_per_paper.filter(F.col("n_authors") > max_authors).count()
        if max_authors is not None
        else 0
    )
    attrs = coauthor_attrs(
        include_owner=include_owner,
        papers=int(n_used),
        incomplete=int(counts["cut"] or 0),
        skipped=int(skipped),
        min_weight=min_weight,
        min_papers=min_papers,
        year_from=year_from,
        year_to=year_to,
        max_authors=max_authors,
    )

    nodes = R.groupBy("author_id").agg(
        # The label: the first known name in paper-id order.
        F.min_by("name", F.struct(F.col("name").isNull(), F.col("paper_id"))).alias("label"),
        F.countDistinct("paper_id").alias("papers"),
        F.array_join(F.array_sort(F.collect_set("paper_id")), ";").alias("paper_ids"),
        F.min("year").alias("first_year"),
        F.max("year").alias("last_year"),
        F.max(F.col("is_owner").cast("int")).cast("boolean").alias("is_owner"),
    )
    insts = _institutions(authorships, affiliations, P, include_owner, year_from, year_to)
    nodes = nodes.join(insts, "author_id", "left").select(
        F.col("author_id").alias("id"),
        "label",
        "papers",
        "paper_ids",
        "first_year",
        "last_year",
        "is_owner",
        F.coalesce("institutions", F.lit("")).alias("institutions"),
    )

    D = R.select("paper_id", "author_id", "year", "n_authors").dropDuplicates(
        ["paper_id", "author_id"]
    )
    a, b = D.alias("a"), D.select("paper_id", F.col("author_id").alias("v")).alias("b")
    pairs = a.join(b, "paper_id").filter(F.col("a.author_id") < F.col("v"))
    grouped = (
        pairs.groupBy(F.col("author_id").alias("source"), F.col("v").alias("target"))
        .agg(
            F.count("*").alias("weight"),
            # 1/(n-1) per joint paper, in paper-id order (the order the pandas build sums in).
            F.transform(
                F.array_sort(F.collect_list(F.struct("paper_id", "n_authors"))),
                lambda x: F.lit(1.0) / (x["n_authors"] - 1),
            ).alias("_fr"),
            F.min("year").alias("first_year"),
            F.max("year").alias("last_year"),
            F.array_join(F.array_sort(F.collect_list("paper_id")), ";").alias("papers"),
        )
        .filter(F.col("weight") >= min_weight)
    )
    # One joint paper (most links): 1/(n-1) itself; more: the pandas grouped sum (a UDF).
    summed = F.pandas_udf(_grouped_sums, "double")
    cols = ["source", "target", "weight", "fractional", "first_year", "last_year", "papers"]
    one = grouped.filter(F.col("weight") == 1).withColumn("fractional", F.col("_fr")[0])
    more = grouped.filter(F.col("weight") > 1).withColumn("fractional", summed("_fr"))
    links = one.select(*cols).unionByName(more.select(*cols))
    # Degree and strength: the only node measures computed on the whole network (a group-by).
    ends = links.select(F.col("source").alias("id"), "weight").unionByName(
        links.select(F.col("target").alias("id"), "weight")
    )
    deg = ends.groupBy("id").agg(
        F.count("*").alias("degree"), F.sum("weight").cast("long").alias("strength")
    )
    nodes = (
        nodes.join(deg, "id", "left")
        .withColumn("degree", F.coalesce("degree", F.lit(0)).cast("long"))
        .withColumn("strength", F.coalesce("strength", F.lit(0)).cast("long"))
        .orderBy("id")
    )
    return nodes, links.orderBy("source", "target"), attrs


def _institutions(authorships, affiliations, P, include_owner, year_from, year_to):
    """Per author id the ``;``-joined sorted institutions the affiliation graph links them to
    (:func:`graph.build.affiliation_graph`: rows kept by year and owner only; per-author
    institutions of a kept author, from any paper; a paper's tags for every kept author of
    a paper without per-author institutions)."""
    from pyspark.sql import functions as F

    K = authorships.select("paper_id", "author_id", F.col("is_owner").cast("boolean")).join(
        P.select("paper_id", "year"), "paper_id", "left"
    )
    cond = F.lit(True)
    if year_from is not None:
        cond = cond & (F.col("year") >= year_from)
    if year_to is not None:
        cond = cond & (F.col("year") <= year_to)
    if not include_owner:
        cond = cond & ~F.col("is_owner")
    K = K.filter(F.coalesce(cond, F.lit(False))).select("paper_id", "author_id")
    aff = affiliations.select(
        "paper_id", "institution", F.coalesce("author_id", F.lit("")).alias("aid")
    )
    per = aff.filter(F.col("aid") != "")
    kept_authors = K.select("author_id").distinct()
    own = per.join(kept_authors, per["aid"] == kept_authors["author_id"]).select(
        "author_id", "institution"
    )
    with_per = per.select("paper_id").distinct().withColumn("_per", F.lit(True))
    tags = aff.filter(F.col("aid") == "").select("paper_id", "institution")
    spread = (
        K.join(with_per, "paper_id", "left")
        .filter(F.col("_per").isNull())
        .join(tags, "paper_id")
        .select("author_id", "institution")
    )
    return (
        own.unionByName(spread)
        .groupBy("author_id")
        .agg(F.array_join(F.array_sort(F.collect_set("institution")), ";").alias("institutions"))
    )


# ---- OpenAlex JSONL read by Spark -----------------------------------------------------------


def is_openalex_raw(path: str | os.PathLike[str]) -> bool:
    """True for what the Spark build reads as OpenAlex JSON Lines itself: ``.jsonl``,
    ``.ndjson``, ``.gz`` files, and folders that are not corpus stores (a snapshot's
    ``works/`` or ``updated_date=...`` folder)."""
    from .store import is_store

    p = Path(path)
    if p.is_dir():
        return not is_store(p)
    name = p.name.lower()
    return name.endswith((".jsonl", ".ndjson", ".gz"))


def _expand(paths: list[Path]) -> list[str]:
    """The JSONL files of ``paths`` (folders searched recursively), sorted within a folder."""
    out: list[str] = []
    for p in paths:
        if p.is_dir():
            found = sorted(
                f
                for f in p.rglob("*")
                if f.is_file()
                and f.name.lower().endswith((".gz", ".jsonl", ".ndjson", ".json"))
                and not f.name.startswith((".", "_"))
            )
            out.extend(str(f.resolve()) for f in found)
        elif p.is_file():
            out.append(str(p.resolve()))
        else:
            raise InputError(p, None, "an existing file or folder", hint="check the path")
    if not out:
        raise InputError(paths[0], None, "OpenAlex works JSONL files", hint="check the folder")
    return out


_READ_SCHEMA = (
    "kind string, file int, line long, record binary, bkeys string, key string, ext_id string,"
    " message string"
)


def _blocking_keys(rec) -> list[str]:
    """The keys under which :func:`graph.normalise._group` may join a record to another: its
    DOI, its paper ids, its title key + year unless the title is a placeholder.  Records that
    share none of them are never one work, so the rule can run on each connected component
    of records apart."""
    from graph.normalise import doi_key, is_placeholder_title, paper_ext_keys
    from graph.text import latex_to_text, title_key

    keys = []
    if rec.doi and (d := doi_key(rec.doi)):
        keys.append("d:" + d)
    if rec.ext_id:
        keys.extend("x:" + x for x in paper_ext_keys(rec.ext_id))
    tk = title_key(latex_to_text(rec.title))
    if not is_placeholder_title(tk):
        keys.append(f"t:{tk}:{'' if rec.year is None else rec.year}")
    return keys


def _reader(files: list[str], strict: bool):
    """The ``mapInPandas`` function: JSON lines -> flat rows (``kind`` w: one per work, the
    reader's record pickled with its blocking keys; a: one per author, name key and ids for
    the identity merge; p: a problem), through the single-machine OpenAlex reader's own
    mapping."""

    index = {f: i for i, f in enumerate(files)}
    # One "today" for every executor (dates after it are left out with a warning).
    today = dt.date.today()

    def run(batches):
        import json as _json
        import pickle
        from urllib.parse import unquote, urlparse

        import pandas as pd

        from graph.errors import InputError as _InputError
        from graph.load._common import Problems
        from graph.load.openalex import _work
        from graph.text import name_key

        lines_seen: dict[str, int] = {}
        for batch in batches:
            rows = []
            for text, uri in zip(batch["value"].tolist(), batch["_path"].tolist(), strict=True):
                path = unquote(urlparse(uri).path) if uri.startswith("file:") else uri
                n = lines_seen[path] = lines_seen.get(path, 0) + 1
                fi = index.get(path, -1)
                if not text.strip():
                    continue
                try:
                    work = _json.loads(text)
                except ValueError as exc:
                    rows.append(
                        {
                            "kind": "p",
                            "file": fi,
                            "line": n,
                            "message": str(
                                _InputError(
                                    path,
                                    n,
                                    "one JSON work object per line (JSON Lines)",
                                    found=str(exc),
                                    hint="the line is not valid JSON; fix or remove it",
                                )
                            ),
                        }
                    )
                    continue
                problems = Problems(strict)
                rec = _work(work, path, n, "line", problems, {}, today)
                for p in problems.items:
                    rows.append({"kind": "p", "file": fi, "line": n, "message": str(p)})
                if rec is None:
                    continue
                rows.append(
                    {
                        "kind": "w",
                        "file": fi,
                        "line": n,
                        "record": pickle.dumps(rec, protocol=pickle.HIGHEST_PROTOCOL),
                        "bkeys": _SEP.join(_blocking_keys(rec)),
                    }
                )
                rows.extend(
                    {
                        "kind": "a",
                        "file": fi,
                        "line": n,
                        "key": name_key(a.name),
                        "ext_id": a.ext_id,
                    }
                    for a in rec.authors
                )
            # Plain object columns: Arrow types them from the schema (pandas' own string
            # arrays arrive chunked, which Spark's converter refuses).
            cols = [c.split()[0] for c in _READ_SCHEMA.split(",")]
            yield pd.DataFrame({c: pd.Series([r.get(c) for r in rows], dtype=object) for c in cols})

    return run


def _components(edges, node: str, key: str):
    """``(node, lbl)``: connected components of the bipartite node–key graph ``edges`` by
    min-label propagation on DataFrames (label: the smallest node of the component)."""
    from pyspark.sql import functions as F

    label = edges.select(node).distinct().withColumn("lbl", F.col(node))
    for _ in range(100):
        by_key = edges.join(label, node).groupBy(key).agg(F.min("lbl").alias("lbl"))
        new = edges.join(by_key, key).groupBy(node).agg(F.min("lbl").alias("lbl")).localCheckpoint()
        changed = (
            new.alias("x")
            .join(label.alias("y"), node)
            .filter(F.col("x.lbl") != F.col("y.lbl"))
            .count()
        )
        label = new
        if changed == 0:
            break
    return label


def _identity(spark, A):
    """``(name_key, canonical)`` for keys merged through a shared external id
    (:func:`graph.normalise.identity_map`): connected components of the key–id graph by
    min-label propagation, canonical key the most frequent one (ties: smallest)."""
    from pyspark.sql import functions as F

    with_ids = A.filter(F.col("ext_id") != "")
    edges = (
        with_ids.select("name_key", F.explode(F.split("ext_id", ";")).alias("ident"))
        .select("name_key", F.trim("ident").alias("ident"))
        .filter(F.col("ident") != "")
        .distinct()
        .persist()
    )
    counts = with_ids.groupBy("name_key").agg(F.count("*").alias("n"))
    groups = _components(edges, "name_key", "ident").join(counts, "name_key")
    best = groups.groupBy("lbl").agg(
        F.count("*").alias("size"),
        F.min(F.struct((-F.col("n")).alias("neg"), F.col("name_key").alias("k"))).alias("best"),
    )
    return (
        groups.join(best.filter(F.col("size") > 1), "lbl")
        .select("name_key", F.col("best.k").alias("canonical"))
        .filter(F.col("name_key") != F.col("canonical"))
    )


_RS = "\x1e"  # joins the (name key, canonical key) pairs of one record

#: The rows :func:`_normalise_works` gives: ``w`` a paper (its first record's file and line),
#: ``a`` an authorship, ``f`` an affiliation row, keyed by the paper's (file, line).
_WORK_SCHEMA = (
    "kind string, file int, line long, ord long, pkey string, fsource string, title string,"
    " title_raw string, date string, year long, date_precision string, year_inferred boolean,"
    " category string, has_code boolean, code_url string, abstract string,"
    " authors_complete boolean, n_listed long, doi string, venue string, groups string,"
    " url string, ext_id string, source string, pline long, records long, dropped long,"
    " by_doi long, by_ext long, by_title long, author_id string, name string, position long,"
    " institution string, country string, address string"
)


def _normalise_works(pdf):
    """Records (pickled, with ``comp`` their component and ``idmap`` their authors' merged
    keys) -> the rows of their papers, authorships and affiliations, by the functions of
    :mod:`graph.normalise` themselves (``_group``, ``_merge_work`` and the row rules of
    ``_tables``), one component at a time: the same works, merged records and rows as the
    single-machine path, which sees the whole corpus at once."""
    import pickle

    import pandas as pd

    from graph.normalise import _group, _merge_work, _Names, _rank, _union, doi_key
    from graph.text import clean_name, clean_text, latex_to_text, title_key

    cols = [c.split()[0] for c in _WORK_SCHEMA.split(",")]
    out: list[dict] = []
    texts: dict[str, str] = {}

    def text(v: str) -> str:
        c = texts.get(v)
        if c is None:
            c = texts[v] = clean_text(v)
        return c

    for _, g in pdf.sort_values(["comp", "file", "line"], kind="stable").groupby(
        "comp", sort=False
    ):
        entries = [(pickle.loads(b), ()) for b in g["record"]]
        where = list(zip(g["file"].tolist(), g["line"].tolist(), strict=True))
        names = _Names([], None)
        for pairs in g["idmap"]:
            for pair in (pairs if isinstance(pairs, str) else "").split(_RS):
                if pair:
                    k, c = pair.split(_SEP)
                    names.merged_ids[k] = c
        if len(entries) > 1:
            works = _group(entries, names)
            title_keys = works.title_keys
            groups, by = works.works, works.merged_by
        else:
            title_keys = [title_key(latex_to_text(entries[0][0].title))]
            groups, by = {}, {}
        work_of = {i: first for first, members in groups.items() for i in members}
        first_row = True
        for i, (fi, ln) in enumerate(where):
            if work_of.get(i, i) != i:
                continue
            members = groups.get(i)
            if members:
                ranked = sorted(members, key=lambda m: _rank(entries[m][0], m))
                rec, _, dropped = _merge_work([entries[m] for m in ranked], names)
            else:
                rec, dropped = entries[i][0], 0
            d = doi_key(rec.doi) if rec.doi else ""
            pkey = "doi:" + d if d else f"t:{title_keys[i]}:{rec.year or ''}"
            listed = [(a, name) for a in rec.authors if (name := clean_name(a.name))]
            abstract = clean_text(latex_to_text(rec.abstract)) if rec.abstract else ""
            base = {"file": fi, "line": ln}
            out.append(
                {
                    **base,
                    "kind": "w",
                    "pkey": pkey,
                    "fsource": entries[i][0].source,
                    "title": clean_text(latex_to_text(rec.title)),
                    "title_raw": rec.title,
                    "date": rec.date.isoformat() if rec.date else "",
                    "year": rec.year,
                    "date_precision": rec.date_precision,
                    "year_inferred": bool(rec.year_inferred),
                    "category": rec.category,
                    "has_code": bool(rec.has_code),
                    "code_url": rec.code_url,
                    "abstract": abstract,
                    "authors_complete": bool(rec.authors_complete),
                    "n_listed": len(listed),
                    "doi": rec.doi,
                    "venue": text(rec.venue) if rec.venue else "",
                    "groups": "; ".join(_union([text(x) for x in rec.groups])),
                    "url": rec.url,
                    "ext_id": rec.ext_id,
                    "source": rec.source,
                    "pline": rec.line,
                    "records": len(members) if members else 1,
                    "dropped": dropped,
                    # the component's merges per rule, counted once (on its first paper)
                    "by_doi": by.get("doi", 0) if first_row else 0,
                    "by_ext": by.get("ext_id", 0) if first_row else 0,
                    "by_title": by.get("title_year_authors", 0) if first_row else 0,
                }
            )
            first_row = False
            seen: set[str] = set()
            aff: dict[tuple[str, str], tuple[str, str]] = {}
            for pos, (a, name) in enumerate(listed):
                aid = names.key(a.name)
                if aid in seen:  # the same person twice on one paper keeps the first
                    continue
                seen.add(aid)
                out.append(
                    {
                        **base,
                        "kind": "a",
                        "ord": pos,
                        "author_id": aid,
                        "name": name,
                        "position": pos,
                        "ext_id": a.ext_id,
                    }
                )
                for k, inst in enumerate(a.affiliations):
                    aff.setdefault(
                        (text(inst), aid),
                        (_at(a.affiliation_countries, k), _at(a.affiliation_addresses, k)),
                    )
            for k, t in enumerate(rec.affiliations):
                if tag := text(t):
                    aff.setdefault(
                        (tag, ""),
                        (_at(rec.affiliation_countries, k), _at(rec.affiliation_addresses, k)),
                    )
            for n, ((inst, aid), (country, addr)) in enumerate(aff.items()):
                out.append(
                    {
                        **base,
                        "kind": "f",
                        "ord": n,
                        "author_id": aid,
                        "institution": inst,
                        "country": text(country) if country else "",
                        "address": text(addr) if addr else "",
                    }
                )
    return pd.DataFrame({c: pd.Series([r.get(c) for r in out], dtype=object) for c in cols})


def _at(values, k: int) -> str:
    return values[k] if k < len(values) else ""


def openalex_tables(spark, paths: list[Path], *, strict: bool = False):
    """``(papers, authorships, affiliations, info)``: the corpus tables of OpenAlex JSONL
    files read and normalised by Spark (see the module docstring); ``info`` has the number of
    records read, duplicates merged (and per rule), authors left out by merges and the
    problems (count and the first 20)."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    files = _expand(paths)
    raw = spark.read.text(files).withColumn("_path", F.input_file_name())
    rows = raw.mapInPandas(_reader(files, strict), _READ_SCHEMA).persist()
    problems = rows.filter(F.col("kind") == "p").orderBy("file", "line")
    n_problems = problems.count()
    first = [r["message"] for r in problems.limit(20).collect()]
    if strict and n_problems:
        raise CollabGraphError(first[0])
    # Input order of a record: (file, line) as one number.
    W = rows.filter(F.col("kind") == "w").select(
        "file",
        "line",
        "record",
        "bkeys",
        (F.col("file").cast("long") * F.lit(1 << 40) + F.col("line")).alias("idx"),
    )
    A = rows.filter(F.col("kind") == "a").select(
        "file", "line", F.col("key").alias("name_key"), "ext_id"
    )
    # Authors merged through a shared ORCID / OpenAlex id, over the whole corpus; each record
    # carries the pairs of its own authors' keys.
    merged_ids = _identity(spark, A)
    idmap = (
        A.select("file", "line", "name_key")
        .distinct()
        .join(merged_ids, "name_key")
        .groupBy("file", "line")
        .agg(
            F.array_join(
                F.array_sort(F.collect_set(F.concat("name_key", F.lit(_SEP), "canonical"))), _RS
            ).alias("idmap")
        )
    )
    W = W.join(idmap, ["file", "line"], "left")
    # Candidate works: records linked through a shared DOI, paper id or title key + year.
    K = W.select("idx", F.explode(F.split("bkeys", _SEP)).alias("bk")).filter(F.col("bk") != "")
    shared = K.groupBy("bk").agg(F.count("*").alias("n")).filter(F.col("n") > 1).select("bk")
    edges = K.join(shared, "bk").persist()
    comps = _components(edges, "idx", "bk").withColumnRenamed("lbl", "comp")
    W = W.join(comps, "idx", "left")
    cols = ["comp", "file", "line", "record", "idmap"]
    multi = (
        W.filter(F.col("comp").isNotNull())
        .select(*cols)
        .groupBy("comp")
        .applyInPandas(_normalise_works, _WORK_SCHEMA)
    )
    single = (
        W.filter(F.col("comp").isNull())
        .withColumn("comp", F.col("idx"))
        .select(*cols)
        .mapInPandas(lambda it: (_normalise_works(b) for b in it), _WORK_SCHEMA)
    )
    rows_out = multi.unionByName(single).persist()
    works = rows_out.filter(F.col("kind") == "w")
    # Paper ids (normalise._paper_keys, _paper_id): works sharing a key (placeholder titles,
    # one title and year by different authors) get #2, #3 ... by their first record's place;
    # then P + 10 hex digits of SHA-1 of the key, 11 for a later key whose prefix is taken.
    same = Window.partitionBy("pkey").orderBy("fsource", "line", "file")
    works = works.withColumn("_m", F.row_number().over(same)).withColumn(
        "_key",
        F.when(F.col("_m") == 1, F.col("pkey")).otherwise(
            F.concat("pkey", F.lit("#"), F.col("_m").cast("string"))
        ),
    )
    works = works.withColumn("_sha", F.sha1(F.col("_key")))
    clash = Window.partitionBy(F.substring("_sha", 1, 10)).orderBy("file", "line")
    works = works.withColumn(
        "paper_id",
        F.when(
            F.row_number().over(clash) == 1, F.concat(F.lit("P"), F.substring("_sha", 1, 10))
        ).otherwise(F.concat(F.lit("P"), F.substring("_sha", 1, 11))),
    ).persist()
    ids = works.select("file", "line", "paper_id")
    au = rows_out.filter(F.col("kind") == "a").join(ids, ["file", "line"])
    # Display name: the most frequent spelling (ties: not ASCII first, then A-Z).
    spell = au.groupBy("author_id", "name").agg(F.count("*").alias("n"))
    best = (
        spell.groupBy("author_id")
        .agg(
            F.min(
                F.struct(
                    (-F.col("n")).alias("n"),
                    F.col("name").rlike("^[\\x00-\\x7F]*$").alias("ascii"),
                    F.col("name").alias("name"),
                )
            ).alias("b")
        )
        .select("author_id", F.col("b.name").alias("display"))
    )
    authorships = (
        au.join(best, "author_id")
        .orderBy("file", "line", "ord")
        .select(
            "paper_id",
            "author_id",
            F.col("display").alias("name"),
            "position",
            F.lit(True).alias("listed"),
            F.lit(False).alias("is_owner"),
            "ext_id",
        )
    )
    affiliations = (
        rows_out.filter(F.col("kind") == "f")
        .join(ids, ["file", "line"])
        .orderBy("file", "line", "ord")
        .select(*AFFILIATION_COLUMNS)
    )
    # the pandas tables' columns in their order (schema.py), the work's own line as "line"
    papers = works.orderBy("file", "line").select(
        *[F.col("pline").alias("line") if c == "line" else c for c in PAPER_COLUMNS]
    )
    totals = works.agg(
        F.count("*").alias("papers"),
        F.sum("records").alias("records"),
        F.sum("dropped").alias("dropped"),
        F.sum("by_doi").alias("doi"),
        F.sum("by_ext").alias("ext_id"),
        F.sum("by_title").alias("title_year_authors"),
    ).collect()[0]
    records = int(totals["records"] or 0)
    info = {
        "records_read": records,
        "duplicates_merged": records - int(totals["papers"]),
        "merged_by": {k: int(totals[k] or 0) for k in ("doi", "ext_id", "title_year_authors")},
        "merge_dropped_authors": int(totals["dropped"] or 0),
        "problems": int(n_problems),
        "first_problems": first,
        "files": files,
    }
    return papers, authorships, affiliations, info


# ---- the command ----------------------------------------------------------------------------

_DTYPES = {
    "papers": {
        "year": "Int64",
        "year_inferred": "bool",
        "has_code": "bool",
        "authors_complete": "bool",
        "n_listed": "int64",
        "line": "int64",
    },
    "authorships": {"position": "Int64", "listed": "bool", "is_owner": "bool"},
    "affiliations": {},
}


def _write_spark_store(
    out: Path, tables: dict, meta: dict, options: dict, inputs: list[str]
) -> None:
    """The corpus tables as a store (``papers.parquet`` etc. are folders of part files)."""
    from . import __version__
    from .store import MANIFEST, STORE_FORMAT, STORE_VERSION, code_digest

    specs = {}
    for name, df in tables.items():
        df.write.mode("overwrite").parquet(str(out / f"{name}.parquet"))
        specs[name] = {
            "file": f"{name}.parquet",
            "rows": None,
            "columns": [
                {"name": c, "dtype": _DTYPES[name].get(c, "str"), "codec": "plain"}
                for c in df.columns
            ],
        }
    manifest = {
        "format": STORE_FORMAT,
        "version": STORE_VERSION,
        "collabgraph": __version__,
        "code": code_digest(),
        "inputs": [{"path": p} for p in inputs],
        "options": options,
        "tables": specs,
        "meta": meta,
        "problems": [],
    }
    (out / MANIFEST).write_text(
        json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def build_with_spark(
    config,
    out: str | os.PathLike[str],
    *,
    master: str = "local[*]",
    partitions: int | None = None,
    memory: str | None = None,
) -> dict:
    """Build the network of ``config``'s inputs on Spark into ``out`` (see the module
    docstring); returns counts and seconds."""
    from .store import manifest_inputs, normalise_options, write_store

    out = Path(out)
    if config.resolve_names != "off":
        raise CollabGraphError(
            f"--resolve-names {config.resolve_names} runs on one machine and cannot run on "
            "Spark: build without --spark, or use --resolve-names off"
        )
    inputs = [Path(p) for p in config.resolved_inputs()]
    raw = [p for p in inputs if is_openalex_raw(p)]
    if raw and len(raw) != len(inputs):
        raise CollabGraphError(
            "OpenAlex JSONL read by Spark cannot be mixed with other inputs in one build: "
            "ingest the other inputs into a store, or build them apart"
        )
    if raw and config.aliases:
        raise CollabGraphError(
            "--aliases is not applied to OpenAlex JSONL read by Spark: ingest the files into "
            "a store with --aliases (one machine), or build without --aliases"
        )
    t0 = time.perf_counter()
    spark = spark_session(master, partitions=partitions, memory=memory)
    options = normalise_options(config)
    if raw:
        if out.exists() and any(out.iterdir()):
            from .store import is_store

            if not is_store(out):
                raise CollabGraphError(
                    f"{str(out)!r} exists and is not a network folder: choose a new -o"
                )
        out.mkdir(parents=True, exist_ok=True)
        papers, authorships, affiliations, info = openalex_tables(spark, raw, strict=config.strict)
        meta = {
            "owners": [],
            "sources": [
                {"format": "openalex", "path": f, "reader": "spark"} for f in info["files"]
            ],
            "records_read": info["records_read"],
            "duplicates_merged": info["duplicates_merged"],
            "merged_by": info["merged_by"],
            "merge_dropped_authors": info["merge_dropped_authors"],
            "skipped": info["problems"],
            "owners_detected": [],
            "warnings": info["first_problems"],
            "merged_by_id": {},
            "institution_ids": {},
        }
        _write_spark_store(
            out,
            {"papers": papers, "authorships": authorships, "affiliations": affiliations},
            meta,
            {**options, "owner": None, "add_owner": False},
            info["files"],
        )
    else:
        from .pipeline import load_corpus

        corpus = load_corpus(config)
        write_store(corpus, out, inputs=manifest_inputs(config), options=options)
    # Spark reads the tables back from the store's Parquet files (driver memory stays small).
    P = spark.read.parquet(str(out / "papers.parquet"))
    A = spark.read.parquet(str(out / "authorships.parquet"))
    F_ = spark.read.parquet(str(out / "affiliations.parquet"))
    nodes, links, attrs = spark_network(
        P,
        A,
        F_,
        include_owner=config.include_owner,
        min_weight=config.min_weight,
        min_papers=config.min_papers,
        year_from=config.year_from,
        year_to=config.year_to,
        max_authors=config.max_authors,
    )
    nodes.write.mode("overwrite").parquet(str(out / "nodes.parquet"))
    links.write.mode("overwrite").parquet(str(out / "links.parquet"))
    n_nodes = spark.read.parquet(str(out / "nodes.parquet")).count()
    n_links = spark.read.parquet(str(out / "links.parquet")).count()
    from .network_tables import NETWORK_MANIFEST, NETWORK_VERSION

    manifest = {
        "format": "collabgraph-network",
        "version": NETWORK_VERSION,
        "attrs": attrs,
        "nodes": n_nodes,
        "links": n_links,
        "engine": "spark",
        "master": spark.sparkContext.master,
        "spark": spark.version,
        "seconds": round(time.perf_counter() - t0, 2),
    }
    (out / NETWORK_MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return {
        "nodes": n_nodes,
        "links": n_links,
        "engine": f"spark {spark.version}, {spark.sparkContext.master}",
    }
