"""Per-record cost of the Spark build from OpenAlex JSONL, and its shuffle sizes.

    .venv/bin/python -m bench.bench_openalex_spark --papers 100000 --files 4

The synthetic corpus of :mod:`bench.synth` is written as OpenAlex works (current schema: ids,
authorships with author ids and institutions, publication date) into the snapshot layout
``works/updated_date=.../part_000.gz``; ``collabgraph build --spark local[2]`` reads it.  Spark's
event log gives the bytes every shuffle wrote and read; wall time and the peak summed memory of
the process tree are measured from outside (as :mod:`bench.bench_large`).  The figures feed
the snapshot estimate in ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import tempfile
from pathlib import Path

from bench.bench_large import CLI, RESULTS, measure


def write_snapshot(n: int, files: int, root: Path, seed: int = 42) -> tuple[Path, int]:
    """Synthetic works as gzipped JSONL in ``root/works/updated_date=.../part_000.gz``."""
    from bench.synth import synth_records

    records = synth_records(n, seed=seed)
    ids: dict[str, str] = {}
    works = root / "works"
    per = -(-len(records) // files)
    size = 0
    for f in range(files):
        part = works / f"updated_date=2024-01-{f + 1:02d}" / "part_000.gz"
        part.parent.mkdir(parents=True)
        with gzip.open(part, "wt", encoding="utf-8") as fh:
            for i, r in enumerate(records[f * per : (f + 1) * per], start=f * per):
                work = {
                    "id": f"https://openalex.org/W{i}",
                    "doi": f"https://doi.org/10.5555/synth.{i}",
                    "title": r.title,
                    "publication_date": r.date.isoformat(),
                    "publication_year": r.year,
                    "authorships": [
                        {
                            "author": {
                                "id": "https://openalex.org/A"
                                + ids.setdefault(a.name, str(len(ids))),
                                "display_name": a.name,
                            },
                            "institutions": [
                                {"display_name": t, "id": f"https://openalex.org/I{t[5:]}"}
                                for t in r.affiliations[:1]
                            ],
                        }
                        for a in r.authors
                    ],
                }
                fh.write(json.dumps(work) + "\n")
        size += part.stat().st_size
    return works, size


def shuffle_bytes(event_dir: Path) -> dict:
    """Bytes written and read by shuffles, and records read, from Spark's event log."""
    written = read = 0
    # Spark 4 writes each application's log as a folder of rolling files.
    for log in (f for f in event_dir.rglob("*") if f.is_file()):
        with open(log, encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if '"SparkListenerTaskEnd"' not in line:
                    continue
                m = json.loads(line).get("Task Metrics") or {}
                written += (m.get("Shuffle Write Metrics") or {}).get("Shuffle Bytes Written", 0)
                r = m.get("Shuffle Read Metrics") or {}
                read += r.get("Remote Bytes Read", 0) + r.get("Local Bytes Read", 0)
    return {"shuffle_written_bytes": written, "shuffle_read_bytes": read}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--papers", type=int, default=100_000)
    ap.add_argument("--files", type=int, default=4)
    ap.add_argument("--partitions", type=int, default=8)
    ap.add_argument("--memory", default="4g")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cg_oa_") as d:
        root = Path(d)
        works, gz_bytes = write_snapshot(args.papers, args.files, root)
        events = root / "events"
        events.mkdir()
        os.environ["PYSPARK_SUBMIT_ARGS"] = (
            f"--conf spark.eventLog.enabled=true --conf spark.eventLog.dir=file://{events} "
            "--conf spark.eventLog.compress=false "
            "pyspark-shell"
        )
        out = root / "net"
        cmd = [*CLI, "build", str(works), "-o", str(out), "--no-owner", "--spark", "local[2]"]
        cmd += ["--partitions", str(args.partitions), "--memory", args.memory, "-q"]
        res = {"papers": args.papers, "files": args.files, "gz_bytes": gz_bytes}
        res["build_spark_openalex"] = measure(cmd)
        res.update(shuffle_bytes(events))
        net = json.loads((out / "network.json").read_text())
        res["nodes"], res["links"] = net["nodes"], net["links"]
        res["seconds_per_1000_works"] = round(
            1000 * res["build_spark_openalex"]["seconds"] / args.papers, 3
        )
        res["shuffle_bytes_per_work"] = round(res["shuffle_written_bytes"] / args.papers)
    print(json.dumps(res, indent=1))
    path = RESULTS / "openalex_spark.json"
    old = json.loads(path.read_text()) if path.is_file() else {}
    old[str(args.papers)] = res
    path.write_text(json.dumps(old, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    sys.exit(main())
