"""Byte-identity check for a change that must not change behaviour (issue 16).

Runs a fixed set of ``collabgraph`` commands (``run`` on the default profile, ego, alter and
NetworkX engine; ``run`` on the synthetic 10^3 and 10^4 paper corpora of :mod:`bench.synth`
and on the OpenAlex TU9 sample; ``export --to graphml|gexf|csv|json|svg``; ``rank --to csv``,
table and JSON; ``info --json``) and writes a listing of the SHA-256 of every file written and
of what each command printed (progress bars and stage timings left out).  Run it before and
after the change and compare the two listings::

    .venv/bin/python -m bench.same_bytes --out /tmp/ref --listing before.json
    # ... change the code ...
    .venv/bin/python -m bench.same_bytes --out /tmp/ref --listing after.json
    .venv/bin/python -m bench.same_bytes --compare before.json after.json

Use the same ``--out`` both times: the manifests record the output folder.  The commands run
with ``OMP_NUM_THREADS=1``: igraph's PageRank (PRPACK) is OpenMP-parallel and its last digits
otherwise depend on thread timing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

SIZES = (1_000, 10_000)


def corpora(folder: Path) -> dict[int, Path]:
    """The synthetic corpora (seed 42), generated once into ``folder`` and reused."""
    from .synth import synth_records, write_profile

    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for n in SIZES:
        p = folder / f"synth_{n}.txt"
        if not p.exists():
            write_profile(synth_records(n, seed=42), p)
        out[n] = p
    return out


def commands(c: dict[int, Path], o: Path, data: Path) -> list[tuple[str, list[str]]]:
    s1, s4 = str(c[1_000]), str(c[10_000])
    nw = ["--format", "profile", "--no-owner"]
    cmds = [
        ("run_default", ["run", "--out", f"{o}/run_default"]),
        ("run_default_alter", ["run", "--alter", "--out", f"{o}/run_default_alter"]),
        ("run_default_nx", ["run", "--engine", "networkx", "--out", f"{o}/run_default_nx"]),
        ("run_1e3", ["run", s1, *nw, "--out", f"{o}/run_1e3"]),
        ("run_1e3_owner", ["run", s1, "--format", "profile", "--out", f"{o}/run_1e3_owner"]),
        ("run_1e3_nx", ["run", s1, *nw, "--engine", "networkx", "--out", f"{o}/run_1e3_nx"]),
        ("run_1e4", ["run", s4, *nw, "--out", f"{o}/run_1e4"]),
        ("run_tu9", ["run", str(data / "openalex/works_tu9_2022.json"), "--out", f"{o}/run_tu9"]),
    ]
    for name, src in (("default", []), ("1e3", [s1, *nw]), ("1e4", [s4, *nw])):
        for to in ("graphml", "gexf", "csv", "json"):
            cmds.append(
                (
                    f"export_{name}_{to}",
                    ["export", *src, "--to", to, "-o", f"{o}/export_{name}.{to}"],
                )
            )
        cmds.append(
            (
                f"export_{name}_aff_gexf",
                [
                    "export",
                    *src,
                    "--graph",
                    "affiliations",
                    "--to",
                    "gexf",
                    "-o",
                    f"{o}/export_{name}_aff.gexf",
                ],
            )
        )
        cmds.append((f"rank_{name}_csv", ["rank", *src, "--to", "csv"]))
        cmds.append((f"rank_{name}_betw", ["rank", *src, "--by", "betweenness", "--top", "30"]))
    cmds += [
        ("export_default_svg", ["export", "--to", "svg", "-o", f"{o}/export_default.svg"]),
        (
            "export_default_aff_csv",
            [
                "export",
                "--graph",
                "affiliations",
                "--to",
                "csv",
                "-o",
                f"{o}/export_default_aff_csv",
            ],
        ),
        (
            "export_1e3_nx_json",
            [
                "export",
                s1,
                *nw,
                "--engine",
                "networkx",
                "--to",
                "json",
                "-o",
                f"{o}/export_1e3_nx_json",
            ],
        ),
        ("rank_default_json", ["rank", "--by", "constraint", "--to", "json", "--top", "0"]),
        ("rank_default_alter", ["rank", "--alter", "--by", "closeness"]),
        (
            "rank_1e3_nx_csv",
            ["rank", s1, *nw, "--engine", "networkx", "--by", "core", "--to", "csv"],
        ),
        (
            "rank_1e3_owner",
            ["rank", s1, "--format", "profile", "--by", "eigenvector", "--to", "csv"],
        ),
        ("info_default", ["info", "--json"]),
    ]
    return cmds


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing_of(out: Path) -> dict[str, str]:
    """SHA-256 of every file under ``out``; a manifest also gets an entry without its
    ``parameters`` (a change that adds a RunConfig field changes those, and only those)."""
    listing = {}
    for f in sorted(out.rglob("*")):
        if f.is_file():
            listing[f.relative_to(out).as_posix()] = sha(f)
            if f.name == "manifest.json":
                m = json.loads(f.read_text(encoding="utf-8"))
                m.pop("parameters", None)
                text = json.dumps(m, sort_keys=True).encode("utf-8")
                key = f"{f.relative_to(out).as_posix()}#without-parameters"
                listing[key] = hashlib.sha256(text).hexdigest()
    return listing


def compare(a: dict, b: dict) -> int:
    """Print the entries that differ; return how many."""
    diff = [k for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]
    for k in diff:
        print(f"differs: {k}  {str(a.get(k, '-'))[:12]} -> {str(b.get(k, '-'))[:12]}")
    print(f"{len(set(a) | set(b)) - len(diff)} identical, {len(diff)} different")
    return len(diff)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.same_bytes", description=__doc__)
    ap.add_argument("--bin", default=str(Path(sys.executable).with_name("collabgraph")))
    ap.add_argument("--corpora", type=Path, default=Path("bench/.cache/same_bytes"))
    ap.add_argument("--out", type=Path, default=Path("/tmp/collabgraph-same-bytes"))
    ap.add_argument("--data", type=Path, default=Path("tests/data"))
    ap.add_argument("--listing", type=Path, help="write the listing here")
    ap.add_argument("--only", default=None, help="run only commands whose name contains this")
    ap.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    args = ap.parse_args(argv)
    if args.compare:
        before, after = (json.loads(p.read_text(encoding="utf-8")) for p in args.compare)
        return 1 if compare(before, after) else 0
    if args.listing is None:
        ap.error("--listing is required (or --compare)")
    c = corpora(args.corpora)
    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    codes = {}
    for name, cmd in commands(c, args.out, args.data.resolve()):
        if args.only and args.only not in name:
            continue
        # igraph's PageRank (PRPACK, OpenMP) sums in thread order: one thread, one result.
        env = {**os.environ, "OMP_NUM_THREADS": "1"}
        p = subprocess.run([args.bin, *cmd], capture_output=True, text=True, env=env)
        # Stage timings vary run to run; everything else printed must not.
        stdout = "\n".join(x for x in p.stdout.splitlines() if not x.startswith("time per stage"))
        (args.out / f"{name}.stdout").write_text(stdout, encoding="utf-8")
        # Progress bars (stderr) show elapsed times and appear only after 2 s: left out.
        stderr = "\n".join(x for x in p.stderr.splitlines() if "/6 [" not in x)
        (args.out / f"{name}.stderr").write_text(stderr, encoding="utf-8")
        print(name, p.returncode, flush=True)
        codes[f"{name}:exit"] = str(p.returncode)
    listing = {**codes, **listing_of(args.out)}
    args.listing.write_text(json.dumps(listing, indent=1, sort_keys=True) + "\n")
    print(len(listing), "entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
