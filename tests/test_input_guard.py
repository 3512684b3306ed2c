"""Inputs that are not regular files, or too large, are refused before anything is read.

A FIFO must never hang (its type is checked before it is opened), a character device such
as ``/dev/zero`` must never run into a ``MemoryError``, and every reader is bounded by a size
limit (``--max-input-size``, ``RunConfig.max_input_size``).
"""

from __future__ import annotations

import os
import socket
import tempfile
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import cli
from graph.config import RunConfig
from graph.errors import InputError
from graph.load import load_records
from graph.load._text import (
    DEFAULT_MAX_INPUT_SIZE,
    format_size,
    input_limit,
    parse_size,
    read_text,
)
from graph.pipeline import load_corpus

GOOD_CSV = "title,year,authors\nNotes,1843,Ada Lovelace; Alan Turing\n"


def _finishes(fn, seconds: float = 20.0):
    """Run ``fn`` in a thread; fail (instead of hanging the suite) if it does not return."""
    out: dict = {}

    def target():
        try:
            out["value"] = fn()
        except BaseException as exc:  # the test inspects what was raised
            out["error"] = exc

    t = threading.Thread(target=target, daemon=True)
    t.start()
    t.join(seconds)
    assert not t.is_alive(), "reading the input hung"
    return out


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("fmt", [None, "profile", "csv"])
def test_a_fifo_is_refused_without_opening_it(tmp_path, fmt):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    out = _finishes(lambda: load_records(fifo, fmt))
    err = out.get("error")
    assert isinstance(err, InputError), out
    assert str(err) == (
        f"{fifo}: expected a regular file, found 'a named pipe (FIFO)'. Hint: collabgraph "
        "reads whole files, not streams: save the data to a file and pass that"
    )


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize("fmt", ["profile", "openalex", "ris"])
def test_dev_zero_is_a_clean_error(fmt):
    res = CliRunner().invoke(cli, ["info", "/dev/zero", "--format", fmt])
    assert res.exit_code == 1
    assert res.output == (
        "Error: /dev/zero: expected a regular file, found 'a character device'. Hint: "
        "collabgraph reads whole files, not streams: save the data to a file and pass that\n"
    )


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_symlink_to_a_device_is_refused(tmp_path):
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    with pytest.raises(InputError, match="found 'a character device'"):
        load_records(link)


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="needs unix sockets")
def test_a_socket_is_refused():
    folder = tempfile.mkdtemp(dir="/tmp")  # socket paths must be short
    path = Path(folder) / "s.txt"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.bind(str(path))
        with pytest.raises(InputError, match="found 'a socket'"):
            load_records(path)
    finally:
        sock.close()
        path.unlink()
        os.rmdir(folder)


def test_read_text_refuses_what_is_not_a_regular_file_too():
    # the same check after opening (the path could be swapped between the check and the read)
    if not Path("/dev/zero").exists():
        pytest.skip("needs /dev/zero")
    out = _finishes(lambda: read_text("/dev/zero"))
    assert isinstance(out.get("error"), InputError)
    assert "a character device" in str(out["error"])


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("2GiB", 2 * 1024**3),
        ("2 GiB", 2 * 1024**3),
        ("2GB", 2 * 10**9),
        ("1.5MiB", 1572864),
        ("500", 500),
        ("500B", 500),
        ("64k", 64 * 1024),
        ("64KiB", 64 * 1024),
        ("3kB", 3000),
        ("1TiB", 1024**4),
    ],
)
def test_parse_size(text, size):
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["", "abc", "-1GB", "0", "2 parsecs", "1e9", "0.1B"])
def test_parse_size_rejects_nonsense(text):
    with pytest.raises(ValueError):
        parse_size(text)


def test_format_size():
    assert format_size(2 * 1024**3) == "2 GiB"
    assert format_size(1536) == "1.5 KiB"
    assert format_size(50) == "50 bytes"
    assert format_size(DEFAULT_MAX_INPUT_SIZE) == "2 GiB"


def test_size_limit_is_a_clean_error(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(GOOD_CSV, encoding="utf-8")
    size = path.stat().st_size
    assert load_records(path, max_input_size=size).records  # at the limit: fine
    with pytest.raises(InputError) as err:
        load_records(path, max_input_size=size - 1)
    assert str(err.value) == (
        f"{path}: expected a file of at most {size - 1} bytes (--max-input-size), found "
        f"'{size} bytes'. Hint: if the file is right, raise the limit, e.g. "
        "--max-input-size 8GiB"
    )


def test_size_limit_from_the_run_config(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(GOOD_CSV, encoding="utf-8")
    with pytest.raises(InputError, match="at most 10 bytes"):
        load_corpus(RunConfig(inputs=(path,), max_input_size=10))
    assert RunConfig().max_input_size == DEFAULT_MAX_INPUT_SIZE == 2 * 1024**3


def test_read_text_never_reads_past_the_limit(tmp_path):
    # a file that grows (or a /proc file reporting size 0) is capped while it is read
    path = tmp_path / "t.txt"
    path.write_bytes(b"x" * 1000)
    with input_limit(100), pytest.raises(InputError, match="at most 100 bytes"):
        read_text(path)
    with input_limit(1000):
        assert len(read_text(path)) == 1000


def test_cli_max_input_size_option(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(GOOD_CSV, encoding="utf-8")
    res = CliRunner().invoke(cli, ["info", str(path), "--max-input-size", "20B"])
    assert res.exit_code == 1
    assert res.output.startswith(f"Error: {path}: expected a file of at most 20 bytes")
    assert len(res.output.splitlines()) == 1
    res = CliRunner().invoke(cli, ["info", str(path), "--max-input-size", "1KiB"])
    assert res.exit_code == 0, res.output
    res = CliRunner().invoke(cli, ["info", str(path), "--max-input-size", "lots"])
    assert res.exit_code == 2 and "--max-input-size" in res.output
    assert "Traceback" not in res.output


@pytest.mark.parametrize("command", ["run", "info", "rank", "export", "names", "path"])
def test_every_reading_command_has_the_option(command):
    res = CliRunner().invoke(cli, [command, "--help"])
    assert "--max-input-size" in res.output


def test_memory_error_while_reading_is_an_input_error(tmp_path, monkeypatch):
    path = tmp_path / "t.csv"
    path.write_text(GOOD_CSV, encoding="utf-8")

    def boom(*args, **kwargs):
        raise MemoryError

    monkeypatch.setitem(__import__("graph.load", fromlist=["READERS"]).READERS, "csv", boom)
    with pytest.raises(InputError, match="ran out of memory"):
        load_records(path, "csv")
    res = CliRunner().invoke(cli, ["info", str(path), "--format", "csv"])
    assert res.exit_code == 1 and "Traceback" not in res.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_the_command_on_a_fifo_ends_with_one_line(tmp_path):
    # a real process, so a hang would show as a timeout rather than a stuck test thread
    import subprocess
    import sys

    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    done = subprocess.run(
        [sys.executable, "-m", "graph", "run", str(fifo), "--out", str(tmp_path / "o")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr == (
        f"Error: {fifo}: expected a regular file, found 'a named pipe (FIFO)'. Hint: "
        "collabgraph reads whole files, not streams: save the data to a file and pass that\n"
    )
