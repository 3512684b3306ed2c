"""The run manifest: inputs with SHA-256, every parameter, counts, the files written."""

from __future__ import annotations

import hashlib
import json
import re

import pytest
from click.testing import CliRunner

from graph import __version__
from graph.cli import cli
from graph.config import RunConfig
from graph.export import build_manifest, file_record, write_manifest
from graph.pipeline import run


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def default_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("run")
    cfg = RunConfig(out_dir=out, seed=7)
    result = run(cfg)
    return cfg, result, out


def test_manifest_lists_inputs_parameters_counts_and_files(default_run, default_profile):
    cfg, result, out = default_run
    path = out / "manifest.json"
    assert path in result.files
    m = json.loads(path.read_text(encoding="utf-8"))
    assert m["tool"] == {"name": "collabgraph", "version": __version__}
    assert {"python", "networkx", "pandas"} <= set(m["environment"])
    assert m["inputs"] == [
        {
            "path": str(default_profile),
            "bytes": default_profile.stat().st_size,
            "sha256": sha256(default_profile),
        }
    ]
    assert m["parameters"] == json.loads(json.dumps(cfg.as_dict(), default=str))
    assert m["parameters"]["seed"] == 7
    # The default profile: 50 papers listed, 90 authors, 211 links (tests/test_cli.py).
    c = m["counts"]
    assert (c["papers"], c["authors"], c["coauthor_links"], c["skipped"]) == (50, 90, 211, 0)
    assert c["communities"] == result.analysis.partition.count
    assert c["affiliation_nodes"] == result.analysis.affiliations.number_of_nodes()
    assert c["identity"]["mode"] == m["parameters"]["resolve_names"] == cfg.resolve_names
    names = [
        "affiliations.graphml",
        "affiliations.html",
        "coauthors.csv",
        "coauthors.graphml",
        "coauthors.html",
        "identity.csv",
        "index.html",
    ]
    assert [f["path"] for f in m["files"]] == names  # sorted; the manifest does not list itself
    for f in m["files"]:
        p = out / f["path"]
        assert (f["bytes"], f["sha256"]) == (p.stat().st_size, sha256(p))


def test_manifest_is_deterministic_and_has_no_time(default_run):
    cfg, result, out = default_run
    first = (out / "manifest.json").read_bytes()
    assert not re.search(rb"\d{4}-\d\d-\d\dT?\d\d:\d\d", first)
    again = build_manifest(
        parameters=cfg.as_dict(),
        inputs=cfg.resolved_inputs(),
        files=result.files[:-1],
        out_dir=out,
        counts=json.loads(first)["counts"],
    )
    write_manifest(again, out / "again.json")
    assert (out / "again.json").read_bytes() == first
    (out / "again.json").unlink()
    run(cfg)
    second = json.loads((out / "manifest.json").read_bytes())
    m = json.loads(first)
    assert {k: v for k, v in second.items() if k != "files"} == {
        k: v for k, v in m.items() if k != "files"
    }
    assert [f["path"] for f in second["files"]] == [f["path"] for f in m["files"]]


def test_two_runs_write_identical_files(default_run, tmp_path):
    cfg, _, out = default_run
    run(cfg.replace(out_dir=tmp_path))
    for f in json.loads((out / "manifest.json").read_text())["files"]:
        assert sha256(tmp_path / f["path"]) == f["sha256"], f["path"]


def test_cli_run_reports_the_manifest(tmp_path):
    res = CliRunner().invoke(cli, ["run", "--out", str(tmp_path)], catch_exceptions=False)
    assert res.exit_code == 0
    assert f"wrote {tmp_path / 'manifest.json'}" in res.output


def test_build_manifest_hand_made(tmp_path):
    src = tmp_path / "in.txt"
    src.write_bytes(b"abc")
    out = tmp_path / "out"
    out.mkdir()
    (out / "b.txt").write_bytes(b"")
    (out / "a.txt").write_bytes(b"abc")
    m = build_manifest(
        parameters={"seed": 1},
        inputs=[src],
        files=[out / "b.txt", out / "a.txt"],
        out_dir=out,
        counts={"papers": 0},
    )
    abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"  # FIPS 180-2
    empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert m["inputs"] == [{"path": str(src), "bytes": 3, "sha256": abc}]
    assert m["files"] == [
        {"path": "a.txt", "bytes": 3, "sha256": abc},
        {"path": "b.txt", "bytes": 0, "sha256": empty},
    ]
    assert file_record(src)["path"] == str(src)
