"""Issue 14.2/14.3: the files of a run are one all-or-nothing set; write errors are one line
and leave the previous outputs intact."""

from __future__ import annotations

import builtins
import errno
import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from synthetic_corpus import PROFILE
from synthetic_corpus import synthetic_corpus as _corpus

from graph import output_set
from graph.cli import cli
from graph.errors import OutputError
from graph.output_set import OutputSet, clean_stale
from graph.pipeline import RUN_FILES


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.name: _sha(p) for p in sorted(folder.iterdir()) if p.is_file()}


def _assert_one_set(out: Path) -> dict:
    """``out`` holds exactly the files of its manifest, each with the manifest's SHA-256."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    listed = {f["path"]: f["sha256"] for f in manifest["files"]}
    present = {p.name for p in out.iterdir()}
    assert present == set(listed) | {"manifest.json"}, present ^ (set(listed) | {"manifest.json"})
    for name, digest in listed.items():
        assert _sha(out / name) == digest, f"{name} is not the manifest's"
    return manifest


def _leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if ".collabgraph-" in p.name)


def _dead_pid() -> int:
    pid = 999_999
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except PermissionError:
            pass
        pid -= 1


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    return _corpus(tmp_path_factory.mktemp("corpus") / "small.csv", 60, 40)


def _run(args: list[str]):
    return CliRunner().invoke(cli, ["run", *args, "-q"])


# --- the swap -------------------------------------------------------------------------------
def test_new_set_replaces_old_and_keeps_user_files(tmp_path):
    out = tmp_path / "out"
    with OutputSet(out) as f:
        (f / "a.txt").write_text("old a")
        (f / "b.txt").write_text("old b")
    notes = out / "notes.txt"
    notes.write_text("mine")
    (out / "mine").mkdir()
    (out / "mine" / "deep.txt").write_text("deep")
    inode = notes.stat().st_ino
    with OutputSet(out) as f:
        assert sorted(p.name for p in out.iterdir()) == ["a.txt", "b.txt", "mine", "notes.txt"]
        (f / "a.txt").write_text("new a")
    assert (out / "a.txt").read_text() == "new a"
    # b.txt is not part of the new set: kept as it was (never deleted unasked)
    assert (out / "b.txt").read_text() == "old b"
    assert notes.read_text() == "mine" and notes.stat().st_ino == inode  # the same file
    assert (out / "mine" / "deep.txt").read_text() == "deep"
    assert _leftovers(out) == []


def test_failure_inside_leaves_previous_set(tmp_path):
    out = tmp_path / "out"
    with OutputSet(out) as f:
        (f / "a.txt").write_text("old")
    with pytest.raises(RuntimeError), OutputSet(out) as f:
        (f / "a.txt").write_text("half")
        raise RuntimeError("stop")
    assert (out / "a.txt").read_text() == "old"
    assert _leftovers(out) == []


def test_two_rename_fallback(tmp_path, monkeypatch):
    monkeypatch.setattr(output_set, "_exchange", lambda a, b: False)
    out = tmp_path / "out"
    for text in ("one", "two"):
        with OutputSet(out) as f:
            (f / "a.txt").write_text(text)
    assert (out / "a.txt").read_text() == "two"
    assert _leftovers(out) == []


def test_symlinked_out_swaps_the_target(tmp_path):
    real = tmp_path / "real"
    link = tmp_path / "link"
    with OutputSet(real) as f:
        (f / "a.txt").write_text("one")
    link.symlink_to(real)
    with OutputSet(link) as f:
        (f / "a.txt").write_text("two")
    assert link.is_symlink() and (real / "a.txt").read_text() == "two"


def test_stale_staging_of_a_killed_run_is_removed(tmp_path):
    out = tmp_path / "out"
    with OutputSet(out) as f:
        (f / "a.txt").write_text("set")
    pid = _dead_pid()
    stale = tmp_path / f".out.collabgraph-tmp-{pid}-0badc0de"
    stale.mkdir()
    (stale / "a.txt").write_text("")  # a 0-byte half-written file
    alive = tmp_path / f".out.collabgraph-tmp-{os.getppid()}-0badc0de"  # a live process's
    alive.mkdir()
    other = tmp_path / f".other.collabgraph-tmp-{pid}-0badc0de"  # another folder's
    other.mkdir()
    clean_stale(out, ours=["a.txt"])
    assert not stale.exists() and alive.exists() and other.exists()


def test_killed_between_the_two_renames_gets_the_previous_set_back(tmp_path):
    out = tmp_path / "out"
    with OutputSet(out) as f:
        (f / "a.txt").write_text("previous")
    pid = _dead_pid()
    # the state a kill between `out -> old` and `staging -> out` leaves
    old = tmp_path / f".out.collabgraph-old-{pid}-00000001"
    out.rename(old)
    staged = tmp_path / f".out.collabgraph-tmp-{pid}-00000002"
    staged.mkdir()
    (staged / "a.txt").write_text("new")
    clean_stale(out, ours=["a.txt"])
    assert (out / "a.txt").read_text() == "previous"
    assert _leftovers(out) == []


def test_a_user_file_in_a_stale_old_folder_is_moved_back_not_deleted(tmp_path):
    out = tmp_path / "out"
    with OutputSet(out) as f:
        (f / "a.txt").write_text("set")
    old = tmp_path / f".out.collabgraph-old-{_dead_pid()}-00000001"
    old.mkdir()
    (old / "a.txt").write_text("previous set")
    (old / "saved-during-run.txt").write_text("user")
    clean_stale(out, ours=["a.txt"])
    assert (out / "saved-during-run.txt").read_text() == "user"
    assert (out / "a.txt").read_text() == "set" and not old.exists()


def test_folder_of_many_user_files_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(output_set, "MAX_CARRIED", 3)
    out = tmp_path / "home"
    out.mkdir()
    for i in range(5):
        (out / f"f{i}").write_text("x")
    with (
        pytest.raises(OutputError, match="files collabgraph did not write"),
        OutputSet(out) as f,
    ):
        (f / "a.txt").write_text("new")
    assert sorted(p.name for p in out.iterdir()) == [f"f{i}" for i in range(5)]
    assert _leftovers(out) == []


# --- run ------------------------------------------------------------------------------------
def test_run_keeps_user_files_and_leaves_nothing_behind(tmp_path, small):
    out = tmp_path / "out"
    assert _run([str(small), *PROFILE, "--out", str(out)]).exit_code == 0
    (out / "README.md").write_text("my notes")
    res = _run([str(small), *PROFILE, "--out", str(out), "--seed", "7"])
    assert res.exit_code == 0, res.output
    assert (out / "README.md").read_text() == "my notes"
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["parameters"]["seed"] == 7
    listed = {f["path"]: f["sha256"] for f in manifest["files"]}
    assert set(listed) | {"manifest.json"} == set(RUN_FILES)
    assert all(_sha(out / n) == h for n, h in listed.items())
    assert _leftovers(out) == []


def test_run_reading_nothing_creates_nothing(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("title,year,authors\n", encoding="utf-8")
    out = tmp_path / "out"
    res = _run([str(empty), "--out", str(out)])
    assert res.exit_code == 1 and "no paper read" in res.output
    assert "Traceback" not in res.output and len(res.output.strip().splitlines()) == 1
    assert not out.exists() and _leftovers(out) == []


def test_run_reading_nothing_keeps_previous_outputs(tmp_path, small):
    out = tmp_path / "out"
    assert _run([str(small), *PROFILE, "--out", str(out)]).exit_code == 0
    before = _snapshot(out)
    empty = tmp_path / "empty.csv"
    empty.write_text("title,year,authors\n", encoding="utf-8")
    res = _run([str(empty), "--out", str(out)])
    assert res.exit_code == 1 and "previous outputs" in res.output
    assert _snapshot(out) == before


# --- write errors ---------------------------------------------------------------------------
def _one_line_error(res, *needles: str) -> str:
    assert res.exit_code == 1, res.output
    assert "Traceback" not in res.output
    lines = [line for line in res.output.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize("nth", [1, 3, 6, 8])
def test_full_disk_at_a_file_replace(tmp_path, small, monkeypatch, nth):
    """ENOSPC when the n-th file of the set is put in place: one line, previous set intact."""
    out = tmp_path / "out"
    assert _run([str(small), *PROFILE, "--out", str(out)]).exit_code == 0
    before = _snapshot(out)
    real_replace = os.replace
    calls = []

    def replace(src, dst, *a, **k):
        calls.append(dst)
        if len(calls) == nth:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(src))
        return real_replace(src, dst, *a, **k)

    monkeypatch.setattr(os, "replace", replace)
    res = _run([str(small), *PROFILE, "--out", str(out), "--seed", "3"])
    name = Path(calls[-1]).name
    line = _one_line_error(res, "No space left on device", "intact", name)
    assert str(out) in line and ".collabgraph-tmp" not in line  # the final name, not staging
    monkeypatch.undo()
    assert _snapshot(out) == before
    assert _leftovers(out) == []


@pytest.mark.parametrize("suffix", [".html", ".json", ".csv"])
def test_full_disk_while_writing(tmp_path, small, monkeypatch, suffix):
    """ENOSPC from a write (a page, the manifest, a table)."""
    out = tmp_path / "out"
    assert _run([str(small), *PROFILE, "--out", str(out)]).exit_code == 0
    before = _snapshot(out)
    real_open = builtins.open

    class Full:
        def __init__(self, fh):
            self.fh = fh

        def write(self, data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def __getattr__(self, name):
            return getattr(self.fh, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

    def fake_open(file, mode="r", *a, **k):
        fh = real_open(file, mode, *a, **k)
        target = str(file)
        if "w" in mode and ".collabgraph-tmp" in target and suffix in target:
            return Full(fh)
        return fh

    monkeypatch.setattr(builtins, "open", fake_open)
    res = _run([str(small), *PROFILE, "--out", str(out), "--seed", "3"])
    _one_line_error(res, "No space left on device", "intact")
    monkeypatch.undo()
    assert _snapshot(out) == before and _leftovers(out) == []


@pytest.mark.parametrize("err", [errno.EPERM, errno.EROFS, errno.EACCES])
def test_refused_swap(tmp_path, small, monkeypatch, err):
    """The swap itself refused (an immutable file or folder, a read-only file system)."""
    out = tmp_path / "out"
    assert _run([str(small), *PROFILE, "--out", str(out)]).exit_code == 0
    before = _snapshot(out)

    def refuse(a, b):
        raise OSError(err, os.strerror(err), str(b))

    monkeypatch.setattr(output_set, "_exchange", refuse)
    res = _run([str(small), *PROFILE, "--out", str(out), "--seed", "3"])
    _one_line_error(res, os.strerror(err), "intact", str(out))
    monkeypatch.undo()
    assert _snapshot(out) == before and _leftovers(out) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_parent_is_one_line(tmp_path, small):
    parent = tmp_path / "ro"
    parent.mkdir()
    out = parent / "out"
    assert _run([str(small), *PROFILE, "--out", str(out)]).exit_code == 0
    before = _snapshot(out)
    parent.chmod(0o555)
    try:
        res = _run([str(small), *PROFILE, "--out", str(out), "--seed", "3"])
    finally:
        parent.chmod(0o755)
    _one_line_error(res, "Permission denied", "intact")
    assert _snapshot(out) == before


# --- SIGKILL at random points ---------------------------------------------------------------
def test_sigkill_at_random_points_leaves_one_complete_set(tmp_path):
    """A run killed at any point leaves --out holding one complete set (every file's SHA-256
    as its manifest says, nothing else); the next run leaves no temporary behind."""
    corpus = _corpus(tmp_path / "corpus.csv", 400, 250)
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    cmd = [sys.executable, "-m", "graph", "run", str(corpus), *PROFILE, "-q", "--out", str(out)]
    t = time.perf_counter()
    subprocess.run([*cmd, "--seed", "0"], env=env, check=True, capture_output=True)
    full = time.perf_counter() - t
    _assert_one_set(out)
    rng = random.Random(14)
    kills = 0
    seeds = {0}
    for i in range(1, 7):
        # the later half of a run is where files are written: most kills land there
        delay = full * rng.uniform(0.3, 1.1)
        proc = subprocess.Popen(
            [*cmd, "--seed", str(i)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait()
        manifest = _assert_one_set(out)
        seeds.add(manifest["parameters"]["seed"])
        assert manifest["parameters"]["seed"] in {0, *range(1, i + 1)}
    assert kills >= 3  # the test killed runs, not only watched them finish
    print(f"{kills} kills, seeds on disk after them: {sorted(seeds)}")
    subprocess.run([*cmd, "--seed", "99"], env=env, check=True, capture_output=True)
    _assert_one_set(out)
    assert _leftovers(out) == []
    assert not [p for p in out.iterdir() if p.stat().st_size == 0]


def _manifest_matches(folder: Path) -> bool:
    """Every file the manifest lists is in ``folder`` with the manifest's SHA-256 (other
    files, the user's, may be there too)."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return all(_sha(folder / f["path"]) == f["sha256"] for f in manifest["files"])


def test_out_is_the_current_folder(tmp_path, monkeypatch, small):
    """``--out .`` writes into the folder the shell is in without swapping it (the shell would
    be left in a deleted folder): files moved in, the user's files kept, nothing hidden left;
    a staging folder a killed run left inside is removed."""
    here = tmp_path / "results"
    here.mkdir()
    (here / "notes.txt").write_text("mine", encoding="utf-8")
    (here / ".results.collabgraph-tmp-999999999-0badcafe").mkdir()  # a killed run's, dead pid
    monkeypatch.chdir(here)
    inode = os.stat(here).st_ino
    for _ in range(2):
        res = _run([str(small), *PROFILE, "--out", "."])
        assert res.exit_code == 0, res.output
    assert os.stat(here).st_ino == inode  # the same folder, never swapped
    names = sorted(p.name for p in here.iterdir())
    assert "manifest.json" in names and "coauthors.html" in names and "notes.txt" in names
    assert [n for n in names if n.startswith(".")] == []
    assert (here / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert _manifest_matches(here)


def test_out_is_a_folder_above_the_current_one(tmp_path, monkeypatch, small):
    """``--out ..`` from a subfolder: staged inside the output folder, never copied into
    itself (this once recursed until the path was too long)."""
    top = tmp_path / "results"
    (top / "sub").mkdir(parents=True)
    monkeypatch.chdir(top / "sub")
    res = _run([str(small), *PROFILE, "--out", ".."])
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in (top / "sub").iterdir()) == []
    assert {"manifest.json", "coauthors.html", "sub"} <= {p.name for p in top.iterdir()}
    assert [p.name for p in top.iterdir() if p.name.startswith(".")] == []
