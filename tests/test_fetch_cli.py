"""`collabgraph fetch openalex` and `collabgraph run --orcid`, through click's CliRunner,
against the local OpenAlex stand-in (tests/fake_openalex.py): no network."""

from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner
from fake_openalex import API_DATA, FakeOpenAlex

from graph.cli import cli
from graph.fetch import client as client_module
from graph.fetch.openalex import part_path

SERVED = json.loads((API_DATA / "works.json").read_text(encoding="utf-8"))


def works_of(orcid: str) -> list[str]:
    """Distinct ids of the served works listing this ORCID, in the served order."""
    ids = []
    for w in SERVED:
        listed = any((s["author"]["orcid"] or "").endswith(orcid) for s in w["authorships"])
        if listed and w["id"] not in ids:
            ids.append(w["id"])
    return ids


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """The cache in the test's folder, no waiting between retries, no key or mail address."""
    monkeypatch.setenv("COLLABGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    for var in ("OPENALEX_API_KEY", "OPENALEX_MAILTO"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(client_module, "_sleep", lambda seconds: None)


@pytest.fixture
def fake(httpserver):
    return FakeOpenAlex.from_files(httpserver)


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def fetch(fake, *args):
    return invoke("fetch", "openalex", "--api-url", fake.url, *args)


def one_line_error(res) -> str:
    assert res.exit_code == 1, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)
    assert "Traceback" not in res.output
    lines = [line for line in res.output.splitlines() if line.startswith("Error:")]
    assert len(lines) == 1, res.output
    return lines[0]


def test_fetch_help_has_an_example():
    res = invoke("fetch", "openalex", "--help")
    assert res.exit_code == 0
    for text in ("--orcid", "--name", "--resume", "--api-url", "--cache-expiry", "Example"):
        assert text in res.output
    assert "openalex" in invoke("fetch", "--help").output


def test_name_search_lists_the_candidates_and_fetches_nothing(fake, tmp_path):
    res = fetch(fake, "--name", "Ana Ilic")
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines[0] == "4 OpenAlex authors match 'Ana Ilic':"
    rows = {line.split()[0]: line for line in lines[2:6]}
    assert set(rows) == {"A5000000001", "A5000000003", "A5000000004", "A5000000010"}
    assert "7" in rows["A5000000001"].split() and "0000-0003-1234-5674" in rows["A5000000001"]
    assert rows["A5000000001"].endswith("University of Belgrade (RS)")
    assert rows["A5000000004"].split()[-2:] == ["-", "-"]  # no ORCID, no institution
    assert "--author A5000000001" in res.output
    assert fake.paths() == ["/authors"]


def test_a_single_candidate_is_listed_not_taken(fake, tmp_path):
    out = tmp_path / "w.jsonl"
    res = fetch(fake, "--name", "Tomás Ó Briain", "-o", out)
    assert "A5000000002" in res.output and "0000-0002-1694-233X" in res.output
    assert "nothing was written" in one_line_error(res)
    assert not out.exists() and "/works" not in fake.paths()


def test_a_name_nobody_has(fake):
    assert "no OpenAlex author matches 'Nobody Atall'" in one_line_error(
        fetch(fake, "--name", "Nobody Atall")
    )


@pytest.mark.parametrize(
    "orcid",
    [
        "https://orcid.org/0000-0002-1694-233X",
        "0000-0002-1694-233X",
        "0000-0002-1694-233x",
        "orcid.org/000000021694233X",
    ],
)
def test_orcid_forms_fetch_the_same_works(fake, tmp_path, orcid):
    out = tmp_path / "tomas.jsonl"
    res = fetch(fake, "--orcid", orcid, "-o", out)
    assert res.exit_code == 0, res.output
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert ids == works_of("0000-0002-1694-233X") and len(ids) == 4
    assert fake.paths()[0] == "/authors/orcid:0000-0002-1694-233X"
    works = [q for p, q in fake.requests if p == "/works"]
    assert works[0]["filter"] == "authorships.author.orcid:0000-0002-1694-233X"
    assert "fetched: 4 works of 4" in res.output
    assert "next: collabgraph run" in res.output and "--owner 'Tomás Ó Briain'" in res.output


def test_author_url_institution_and_years(fake, tmp_path):
    out = tmp_path / "w.jsonl"
    res = fetch(
        fake,
        "--author",
        "https://openalex.org/A5000000001",
        "--institution",
        "https://ror.org/057zh3y96",
        "--from-year",
        "2020",
        "-o",
        out,
    )
    assert res.exit_code == 0, res.output
    works = [q for p, q in fake.requests if p == "/works"]
    assert works[0]["filter"] == (
        "authorships.author.id:A5000000001,authorships.institutions.ror:057zh3y96,"
        "from_publication_date:2020-01-01"
    )
    # Ana with Jun (Tokyo) from 2020 on: W…05 (2022) and W…07 (2023)
    ids = [json.loads(line)["id"][-2:] for line in out.read_text(encoding="utf-8").splitlines()]
    assert ids == ["05", "07"]


def test_unknown_orcid(fake, tmp_path):
    line = one_line_error(fetch(fake, "--orcid", "0000-0002-1825-0097", "-o", tmp_path / "w"))
    assert line.startswith("Error: OpenAlex has no author with ORCID iD 0000-0002-1825-0097")


def test_invalid_orcid(fake, tmp_path):
    line = one_line_error(fetch(fake, "--orcid", "0000-0002-1825-0098", "-o", tmp_path / "w"))
    assert "check digit should be 7" in line
    assert fake.requests == []


def test_zero_works_author(fake, tmp_path):
    out = tmp_path / "z.jsonl"
    line = one_line_error(fetch(fake, "--orcid", "0000-0002-0000-1113", "-o", out))
    assert "OpenAlex lists no works for Zoran Nikolić (A5000000009" in line
    assert not out.exists()


def test_rate_limit_that_never_clears(fake, tmp_path):
    for n in range(1, 10):
        fake.fail("/works", n, 429, headers={"Retry-After": "1"})
    line = one_line_error(
        fetch(fake, "--author", "A5000000001", "-o", tmp_path / "w", "--retries", 3)
    )
    assert "did not clear after 3 retries" in line
    assert fake.counts["/works"] == 4


def test_no_network(tmp_path):
    res = invoke(
        "fetch",
        "openalex",
        "--author",
        "A1",
        "-o",
        tmp_path / "w",
        "--api-url",
        "http://127.0.0.1:9",
        "--retries",
        0,
    )
    assert "cannot reach 127.0.0.1:9: the connection was refused" in one_line_error(res)


def test_resume_on_the_command_line(fake, tmp_path):
    out = tmp_path / "w.jsonl"
    fake.fail("/works", 2, 500)
    args = ("--author", "A5000000001", "-o", out, "--per-page", 3, "--retries", 0)
    line = one_line_error(fetch(fake, *args))
    assert "HTTP 500" in line and line.endswith("rerun with --resume to continue")
    assert not out.exists()
    assert len(part_path(out).read_text(encoding="utf-8").splitlines()) == 3
    res = fetch(fake, *args, "--resume")
    assert res.exit_code == 0, res.output
    assert "resumed: 7 works of 7" in res.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == 7


def test_second_fetch_from_the_cache(fake, tmp_path):
    out = tmp_path / "w.jsonl"
    assert fetch(fake, "--author", "A5000000001", "-o", out).exit_code == 0
    sent = len(fake.requests)
    res = fetch(fake, "--author", "A5000000001", "-o", out)
    assert res.exit_code == 0 and "(2 pages, 2 from the cache" in res.output
    # the author lookup and both pages came from the cache
    assert len(fake.requests) == sent
    res = fetch(fake, "--author", "A5000000001", "-o", out, "--no-cache")
    assert len(fake.requests) == sent + 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "say what to fetch"),
        (("--author", "A1"), "missing -o/--output"),
        (("--name", "X", "--orcid", "0000-0002-1825-0097"), "--name only lists authors"),
        (("--orcid", "0000-0002-1825-0097", "--author", "A1", "-o", "w"), "not both"),
        (("--author", "A1", "--from-year", "2022", "--to-year", "2020", "-o", "w"), "after"),
    ],
)
def test_usage_errors(args, message):
    res = invoke("fetch", "openalex", *args)
    assert res.exit_code == 2 and message in res.output


def test_run_orcid_goes_from_an_orcid_to_the_report(fake, tmp_path):
    out = tmp_path / "output"
    res = invoke(
        "run",
        "--orcid",
        "https://orcid.org/0000-0003-1234-5674",
        "--out",
        out,
        "--api-url",
        fake.url,
    )
    assert res.exit_code == 0, res.output
    assert (out / "index.html").is_file() and (out / "coauthors.html").is_file()
    fetched = out / "openalex_A5000000001.jsonl"
    assert len(fetched.read_text(encoding="utf-8").splitlines()) == 7
    assert "7 papers, 5 authors, 7 co-author links" in res.output
    # the owner is the fetched author; joint papers counted by hand from works.json:
    # Tomás W1 W4 W6, Jun W1 W5 W7, Léa W2 W5, Priya W3 W6
    with open(out / "coauthors.csv", encoding="utf-8") as fh:
        rows = {r["name"]: r for r in csv.DictReader(fh)}
    joint = {name: int(r["joint_papers"]) for name, r in rows.items()}
    assert joint == {
        "Tomás Ó Briain": 3,
        "Jun Watanabe": 3,
        "Léa Dubois-Martin": 2,
        "Priya Raman": 2,
    }
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert "openalex_A5000000001.jsonl" in json.dumps(manifest["inputs"])
    assert "Ana Ilić" in (out / "index.html").read_text(encoding="utf-8")


def test_run_author_with_other_inputs_and_owner_override(fake, tmp_path):
    out = tmp_path / "o"
    res = invoke(
        "run",
        "--author",
        "A5000000002",
        "--owner",
        "Tomás Ó Briain",
        "--out",
        out,
        "--api-url",
        fake.url,
        "--quiet",
    )
    assert res.exit_code == 0, res.output
    assert res.output == ""
    assert (out / "openalex_A5000000002.jsonl").is_file() and (out / "index.html").is_file()
    works = [q for p, q in fake.requests if p == "/works"]
    assert works[0]["filter"] == "authorships.author.id:A5000000002"


def test_run_orcid_errors_are_one_line(fake, tmp_path):
    line = one_line_error(
        invoke("run", "--orcid", "0000-0002-0000-1113", "--out", tmp_path, "--api-url", fake.url)
    )
    assert "OpenAlex lists no works for Zoran Nikolić" in line
    res = invoke("run", "--orcid", "0000-0002-0000-1113", "--author", "A1")
    assert res.exit_code == 2 and "not both" in res.output


def test_run_orcid_continues_an_interrupted_fetch(fake, tmp_path):
    out = tmp_path / "o"
    for n in range(2, 8):  # the closing page fails 6 times (5 retries): the fetch stops
        fake.fail("/works", n, 503)
    args = ("run", "--orcid", "0000-0003-1234-5674", "--out", out, "--api-url", fake.url)
    line = one_line_error(invoke(*args))
    assert line.endswith(
        "7 of 7 works are fetched (openalex_A5000000001.jsonl.part): run the same command "
        "again to continue"
    )
    res = invoke(*args)
    assert res.exit_code == 0, res.output
    assert "resuming" in res.output and "resumed: 7 works of 7" in res.output
    works = [q for p, q in fake.requests if p == "/works"]
    assert [q["cursor"] == "*" for q in works] == [True] + [False] * 7
    assert (out / "index.html").is_file()
