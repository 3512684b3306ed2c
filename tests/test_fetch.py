"""graph.fetch against a local OpenAlex stand-in (tests/fake_openalex.py): no network.

The works served are the real CC0 sample tests/data/openalex/works_tu9_2022.json and the
invented author corpus of tests/data/openalex_api/ (README there).  Every expected figure is
computed here from those files, not from the code under test.
"""

from __future__ import annotations

import ast
import dataclasses
import json
import socket
from pathlib import Path

import pytest
from fake_openalex import API_DATA, FakeOpenAlex, decode_cursor, encode_cursor

from graph.fetch import (
    WORK_FIELDS,
    ApiClient,
    ClientSettings,
    FetchError,
    fetch_works,
    parse_author_id,
    parse_institution,
    parse_orcid,
    resolve_author,
    search_authors,
    works_filter,
)
from graph.fetch import client as client_module
from graph.fetch.openalex import _line, part_path, state_path
from graph.load import load_records

ROOT = Path(__file__).resolve().parent.parent
TU9 = ROOT / "tests" / "data" / "openalex" / "works_tu9_2022.json"
ALL_TU9 = "from_publication_date:2017-01-01"  # every work of the sample (2017-01-01 .. 2023)


@pytest.fixture
def sleeps(monkeypatch):
    """Waits the retry logic asks for, recorded instead of slept."""
    waits: list[float] = []
    monkeypatch.setattr(client_module, "_sleep", waits.append)
    return waits


@pytest.fixture
def tu9(httpserver):
    works = json.loads(TU9.read_text(encoding="utf-8"))
    return FakeOpenAlex(httpserver, works)


@pytest.fixture
def fake(httpserver):
    return FakeOpenAlex.from_files(httpserver)


def client_for(fake, tmp_path, **kw) -> ApiClient:
    kw.setdefault("use_cache", False)
    kw.setdefault("cache_dir", tmp_path / "cache")
    kw.setdefault("backoff", 0.25)
    return ApiClient(ClientSettings(api_url=fake.url, **kw))


def jsonl_ids(path: Path) -> list[str]:
    return [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()]


# ------------------------------------------------------------------ ids and filters


@pytest.mark.parametrize(
    "text",
    [
        "0000-0002-1694-233X",
        "0000-0002-1694-233x",
        "https://orcid.org/0000-0002-1694-233X",
        "http://orcid.org/0000-0002-1694-233x",
        "orcid.org/0000-0002-1694-233X/",
        "orcid:0000-0002-1694-233X",
        " 000000021694233X ",
    ],
)
def test_orcid_forms(text):
    assert parse_orcid(text) == "0000-0002-1694-233X"


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("0000-0002-1694-2331", "check digit should be X"),
        ("0000-0002-1825-0098", "check digit should be 7"),
        ("0000-0002-1825", "not an ORCID iD"),
        ("https://example.org/0000-0002-1825-0097", "not an ORCID iD"),
    ],
)
def test_bad_orcids_are_one_line_errors(text, why):
    with pytest.raises(FetchError, match=why) as err:
        parse_orcid(text)
    assert "\n" not in str(err.value)


def test_author_and_institution_ids():
    for text in (
        "A5023888391",
        "a5023888391",
        "https://openalex.org/A5023888391",
        "https://openalex.org/authors/A5023888391",
        "https://api.openalex.org/authors/A5023888391",
    ):
        assert parse_author_id(text) == "A5023888391"
    with pytest.raises(FetchError, match="not an OpenAlex author id"):
        parse_author_id("W2741809807")
    assert parse_institution("https://ror.org/03v4gjf40") == ("ror", "03v4gjf40")
    assert parse_institution("03V4GJF40") == ("ror", "03v4gjf40")
    assert parse_institution("https://openalex.org/I4577782") == ("openalex", "I4577782")
    with pytest.raises(FetchError, match="not an institution id"):
        parse_institution("TU Berlin")


def test_works_filter_joins_every_condition():
    assert works_filter(institution="I4577782", raw="type:book", year_from=2018, year_to=2020) == (
        "authorships.institutions.id:I4577782,type:book,"
        "from_publication_date:2018-01-01,to_publication_date:2020-12-31"
    )
    with pytest.raises(FetchError, match="nothing to fetch"):
        works_filter()


def test_selected_fields_cover_everything_the_reader_reads():
    """The reader's ``work.get("…")`` keys, found in its source, must all be selected (except
    the 2022-only ``host_venue`` and ``ids``, whose DOI is ``doi``)."""
    tree = ast.parse((ROOT / "graph" / "load" / "openalex.py").read_text(encoding="utf-8"))
    read = {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "get"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "work"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }
    assert {"title", "authorships", "publication_date"} <= read  # the scan works
    assert read - {"host_venue", "ids"} <= set(WORK_FIELDS)


def test_jsonl_lines_survive_splitlines():
    line = _line({"title": "a\u2028b\u2029c\x85d\ne"})
    assert line.count("\n") == 1 and len(line.splitlines()) == 1
    assert json.loads(line) == {"title": "a\u2028b\u2029c\x85d\ne"}


# ------------------------------------------------------------------ paging


def test_paging_over_several_pages_of_the_real_sample(tu9, tmp_path):
    raw = json.loads(TU9.read_text(encoding="utf-8"))
    out = tmp_path / "tu9.jsonl"
    with client_for(tu9, tmp_path) as client:
        res = fetch_works(client, ALL_TU9, out, progress=False)
    # 410 works at 200 a page: 200 + 200 + 10, then the empty page with next_cursor null
    assert (res.pages, res.works, res.expected, res.duplicates) == (4, 410, 410, 0)
    assert res.complete and not res.resumed
    assert jsonl_ids(out) == [w["id"] for w in raw]
    works = [q for p, q in tu9.requests if p == "/works"]
    assert works[0]["cursor"] == "*"
    assert [decode_cursor(q["cursor"]) for q in works[1:]] == [200, 400, 600]
    assert {q["per-page"] for q in works} == {"200"}
    assert {q["select"] for q in works} == {",".join(WORK_FIELDS)}
    state = json.loads(state_path(out).read_text(encoding="utf-8"))
    assert state["complete"] is True and state["works"] == 410 and state["next_cursor"] is None


def test_fetched_jsonl_reads_like_the_full_download(tu9, tmp_path):
    """Only the selected fields travel; the reader gets the same papers from them as from
    the whole records (the venue excepted: 2022's host_venue is no longer in the API)."""
    out = tmp_path / "tu9.jsonl"
    with client_for(tu9, tmp_path) as client:
        fetch_works(client, ALL_TU9, out, progress=False)
    fetched, full = load_records(out), load_records(TU9)
    assert fetched.problems == [] and len(fetched.records) == 410
    assert [same_paper(r) for r in fetched.records] == [
        same_paper(r, venue="") for r in full.records
    ]
    assert fetched.meta["institution_ids"] == full.meta["institution_ids"]


def same_paper(record, **changes):
    """A record without where it was read (file and line)."""
    return dataclasses.replace(record, source="", line=0, **changes)


def test_fetched_current_schema_works_read_whole(fake, tmp_path):
    """The current schema (primary_location, is_authors_truncated) through select: the same
    records as reading the served works whole, venue and cut author lists included."""
    out = tmp_path / "ana.jsonl"
    with client_for(fake, tmp_path) as client:
        fetch_works(client, works_filter(orcid="0000-0003-1234-5674"), out, progress=False)
    served = json.loads((API_DATA / "works.json").read_text(encoding="utf-8"))
    whole = tmp_path / "whole.json"
    whole.write_text(json.dumps(served[:7]), encoding="utf-8")  # Ana's, without the repeat
    fetched, full = load_records(out), load_records(whole)
    assert [same_paper(r) for r in fetched.records] == [same_paper(r) for r in full.records]
    assert [r.venue for r in fetched.records][:2] == [
        "Journal of Network Science",
        "Social Networks",
    ]
    assert [r.authors_complete for r in fetched.records] == [1, 1, 0, 1, 1, 1, 1]
    assert fetched.records[1].title == "Community detection in citation graphs"


def test_duplicates_across_pages_are_written_once(fake, tmp_path):
    out = tmp_path / "ana.jsonl"
    with client_for(fake, tmp_path) as client:
        res = fetch_works(
            client, works_filter(author="A5000000001"), out, per_page=3, progress=False
        )
    # the server lists W…03 twice (pages 1 and 3); Ana is on W…01 … W…07
    assert jsonl_ids(out) == [f"https://openalex.org/W40000000{n:02d}" for n in range(1, 8)]
    assert (res.works, res.duplicates, res.pages, res.expected) == (7, 1, 4, 7)


# ------------------------------------------------------------------ retries


def test_429_with_retry_after_then_success(fake, tmp_path, sleeps):
    fake.fail("/works", 1, 429, headers={"Retry-After": "3"})
    with client_for(fake, tmp_path) as client:
        res = fetch_works(client, works_filter(author="A5000000001"), tmp_path / "a.jsonl")
    assert res.works == 7
    assert sleeps == [3.0]  # the server's wait, not the backoff
    assert fake.counts["/works"] == 3  # the 429, then page 1 and the closing empty page


def test_500_then_success_backs_off(fake, tmp_path, sleeps):
    fake.fail("/works", 1, 500)
    fake.fail("/works", 2, 503)
    with client_for(fake, tmp_path, backoff=0.25) as client:
        res = fetch_works(client, works_filter(author="A5000000001"), tmp_path / "a.jsonl")
    assert res.works == 7 and res.complete
    assert sleeps == [0.25, 0.5]  # backoff, doubling


def test_rate_limit_that_never_clears(fake, tmp_path, sleeps):
    for n in range(1, 10):
        fake.fail("/works", n, 429)
    with client_for(fake, tmp_path, retries=2) as client, pytest.raises(FetchError) as err:
        fetch_works(client, works_filter(author="A5000000001"), tmp_path / "a.jsonl")
    message = str(err.value)
    assert "rate limited" in message and "did not clear after 2 retries" in message
    assert "\n" not in message
    assert fake.counts["/works"] == 3 and sleeps == [0.25, 0.5]
    assert not (tmp_path / "a.jsonl").exists()


def test_a_retry_after_beyond_max_wait_stops_at_once(fake, tmp_path, sleeps):
    fake.fail("/works", 1, 429, headers={"Retry-After": "7200"})
    with client_for(fake, tmp_path, max_wait=60) as client, pytest.raises(FetchError) as err:
        fetch_works(client, works_filter(author="A5000000001"), tmp_path / "a.jsonl")
    assert "asks to wait 7200 s" in str(err.value)
    assert fake.counts["/works"] == 1 and sleeps == []


def test_server_errors_that_persist(fake, tmp_path, sleeps):
    for n in range(1, 5):
        fake.fail("/works", n, 502)
    with client_for(fake, tmp_path, retries=1) as client, pytest.raises(FetchError) as err:
        fetch_works(client, works_filter(author="A5000000001"), tmp_path / "a.jsonl")
    assert "HTTP 502" in str(err.value) and "after 1 retry" in str(err.value)


def test_malformed_json_is_a_clear_error_and_never_cached(fake, tmp_path):
    fake.fail("/works", 1, 200, headers={"Content-Type": "application/json"}, body='{"meta": {')
    with client_for(fake, tmp_path, use_cache=True) as client:
        with pytest.raises(FetchError, match="malformed JSON") as err:
            fetch_works(client, works_filter(author="A5000000001"), tmp_path / "a.jsonl")
        assert "\n" not in str(err.value)
        res = fetch_works(client, works_filter(author="A5000000001"), tmp_path / "a.jsonl")
    assert res.works == 7 and res.from_cache == 0  # the bad page was not kept


def test_json_that_is_not_a_page(fake, tmp_path):
    fake.fail("/works", 1, 200, headers={"Content-Type": "application/json"}, body="[1, 2]")
    with client_for(fake, tmp_path) as client, pytest.raises(FetchError, match="not a list page"):
        fetch_works(client, works_filter(author="A5000000001"), tmp_path / "a.jsonl")


def test_connection_refused(tmp_path, sleeps):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings = ClientSettings(api_url=f"http://127.0.0.1:{port}", retries=2, use_cache=False)
    with ApiClient(settings) as client, pytest.raises(FetchError) as err:
        resolve_author(client, orcid="0000-0003-1234-5674")
    assert str(err.value).startswith(f"cannot reach 127.0.0.1:{port}: the connection was refused")
    assert len(sleeps) == 2


def test_host_name_not_resolved(tmp_path, monkeypatch, sleeps):
    def no_dns(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    settings = ClientSettings(api_url="https://api.openalex.org", retries=0, use_cache=False)
    with ApiClient(settings) as client, pytest.raises(FetchError) as err:
        resolve_author(client, author="A5000000001")
    assert "cannot reach api.openalex.org: the host name could not be resolved" in str(err.value)


def test_page_size_and_select_fallbacks(fake, tmp_path):
    fake.max_per_page = 100
    fake.refuse_select = {"is_authors_truncated"}
    notes: list[str] = []
    with client_for(fake, tmp_path) as client:
        res = fetch_works(
            client, works_filter(author="A5000000001"), tmp_path / "a.jsonl", note=notes.append
        )
    assert res.works == 7
    assert notes == [
        "the API refused 200 works a page; using 100",
        "the API refused the field list (select); fetching whole works",
    ]
    last = [q for p, q in fake.requests if p == "/works"][-1]
    assert last["per-page"] == "100" and "select" not in last


def test_refused_filter_shows_the_servers_message(fake, tmp_path):
    with client_for(fake, tmp_path) as client, pytest.raises(FetchError) as err:
        fetch_works(client, "author_name:Ana", tmp_path / "a.jsonl")
    assert "HTTP 400" in str(err.value) and "author_name is not a valid field" in str(err.value)


def test_api_key_is_sent_but_never_shown_or_stored(fake, tmp_path):
    fake.require_key = "s3cr3t-key"
    with client_for(fake, tmp_path, api_key="s3cr3t-key", use_cache=True) as client:
        res = fetch_works(client, works_filter(author="A5000000001"), tmp_path / "a.jsonl")
    assert res.works == 7
    assert {q.get("api_key") for _, q in fake.requests} == {"s3cr3t-key"}
    stored = b"".join(p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())
    assert b"s3cr3t" not in stored  # not in the cache, the JSONL or the state file
    fake.require_key = "another"
    with (
        client_for(fake, tmp_path, api_key="s3cr3t-key") as client,
        pytest.raises(FetchError) as err,
    ):
        fetch_works(client, works_filter(author="A5000000002"), tmp_path / "b.jsonl")
    assert "HTTP 401" in str(err.value) and "OPENALEX_API_KEY" in str(err.value)
    assert "s3cr3t" not in str(err.value)


# ------------------------------------------------------------------ cache


def test_second_identical_fetch_comes_from_the_cache(fake, tmp_path):
    flt = works_filter(author="A5000000001")
    with client_for(fake, tmp_path, use_cache=True, mailto="me@example.org") as client:
        first = fetch_works(client, flt, tmp_path / "a.jsonl", per_page=3)
    sent = len(fake.requests)
    assert sent == 4 and first.from_cache == 0
    # a new client, another mail address: the same query is the same answer
    with client_for(fake, tmp_path, use_cache=True, mailto="you@example.org") as client:
        second = fetch_works(client, flt, tmp_path / "b.jsonl", per_page=3)
    assert len(fake.requests) == sent  # the server saw nothing new
    assert second.from_cache == second.pages == 4
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()


def test_expired_or_disabled_cache_asks_again(fake, tmp_path):
    from datetime import timedelta

    flt = works_filter(author="A5000000001")
    with client_for(fake, tmp_path, use_cache=True, cache_expiry=timedelta(0)) as client:
        fetch_works(client, flt, tmp_path / "a.jsonl")
        fetch_works(client, flt, tmp_path / "a.jsonl")
    assert fake.counts["/works"] == 4
    with client_for(fake, tmp_path, use_cache=False) as client:
        fetch_works(client, flt, tmp_path / "a.jsonl")
    assert fake.counts["/works"] == 6


# ------------------------------------------------------------------ resume


def test_interrupted_fetch_resumes_without_duplicates(tu9, tmp_path, sleeps):
    raw_ids = [w["id"] for w in json.loads(TU9.read_text(encoding="utf-8"))]
    out = tmp_path / "tu9.jsonl"
    part = part_path(out)
    tu9.fail("/works", 3, 500)  # page 3 fails for good (no retries): the fetch stops
    with client_for(tu9, tmp_path, retries=0) as client, pytest.raises(FetchError) as err:
        fetch_works(client, ALL_TU9, out, per_page=150)
    assert "HTTP 500" in str(err.value)
    assert str(err.value).endswith(
        "300 of 410 works are fetched (tu9.jsonl.part): rerun with --resume to continue"
    )
    assert not out.exists()  # only a complete fetch takes the final name
    assert jsonl_ids(part) == raw_ids[:300]
    state = json.loads(state_path(out).read_text(encoding="utf-8"))
    assert state["complete"] is False and decode_cursor(state["next_cursor"]) == 300

    # The process also died while writing: half a line at the end, and the state still at
    # page 2 although page 2 is in the file (stopped between the page and the state).
    state["next_cursor"], state["works"] = encode_cursor(150), 150
    state_path(out).write_text(json.dumps(state), encoding="utf-8")
    with open(part, "a", encoding="utf-8") as fh:
        fh.write('{"id": "https://openalex.org/W_half", "tit')
    before = len(tu9.requests)
    notes: list[str] = []
    with client_for(tu9, tmp_path) as client:
        res = fetch_works(client, ALL_TU9, out, resume=True, note=notes.append)
    assert notes == [f"resuming {out}: 300 works already fetched"]
    assert jsonl_ids(out) == raw_ids  # every work once, in order
    assert not part.exists()
    assert res.resumed and res.complete and res.works == 410
    assert res.duplicates == 150 and res.added == 110
    resumed = [q for _, q in tu9.requests[before:]]
    assert decode_cursor(resumed[0]["cursor"]) == 150 and resumed[0]["per-page"] == "150"
    # resuming a finished fetch does nothing
    with client_for(tu9, tmp_path) as client:
        again = fetch_works(client, ALL_TU9, out, resume=True)
    assert again.pages == 0 and again.works == 410 and again.complete


def test_resume_refuses_another_query_or_no_state(fake, tmp_path):
    out = tmp_path / "a.jsonl"
    with client_for(fake, tmp_path) as client:
        with pytest.raises(FetchError, match="no fetch state"):
            fetch_works(client, works_filter(author="A5000000001"), out, resume=True)
        fetch_works(client, works_filter(author="A5000000001"), out)
        with pytest.raises(FetchError, match="another query"):
            fetch_works(client, works_filter(author="A5000000002"), out, resume=True)
        # "auto" fetches a finished query again (from the cache when it is on)
        res = fetch_works(client, works_filter(author="A5000000001"), out, resume="auto")
        assert not res.resumed and res.pages == 2


def test_a_failed_fetch_keeps_the_old_file(fake, tmp_path):
    out = tmp_path / "a.jsonl"
    with client_for(fake, tmp_path) as client:
        fetch_works(client, works_filter(author="A5000000001"), out)
    before = out.read_bytes()
    fake.fail("/works", 5, 500)  # the third page of the next fetch
    with client_for(fake, tmp_path, retries=0) as client, pytest.raises(FetchError):
        fetch_works(client, works_filter(author="A5000000002"), out, per_page=1)
    assert out.read_bytes() == before
    assert len(part_path(out).read_text(encoding="utf-8").splitlines()) == 2


# ------------------------------------------------------------------ authors


def test_resolve_author_by_orcid_and_id(fake, tmp_path):
    with client_for(fake, tmp_path) as client:
        ana = resolve_author(client, orcid="https://orcid.org/0000-0003-1234-5674")
        tomas = resolve_author(client, author="https://openalex.org/a5000000002")
    assert (ana.id, ana.display_name, ana.orcid, ana.works_count) == (
        "A5000000001",
        "Ana Ilić",
        "0000-0003-1234-5674",
        7,
    )
    assert ana.institution == "University of Belgrade (RS)"
    assert tomas.orcid == "0000-0002-1694-233X"
    assert fake.paths() == ["/authors/orcid:0000-0003-1234-5674", "/authors/A5000000002"]


def test_unknown_orcid_and_author(fake, tmp_path):
    with client_for(fake, tmp_path) as client:
        with pytest.raises(FetchError, match="no author with ORCID iD 0000-0002-1825-0097"):
            resolve_author(client, orcid="0000-0002-1825-0097")
        with pytest.raises(FetchError, match="no author with author id A123"):
            resolve_author(client, author="A123")


def test_search_lists_every_candidate_in_the_servers_order(fake, tmp_path):
    with client_for(fake, tmp_path) as client:
        found, count = search_authors(client, "Ana Ilić")
    assert count == 4
    assert [(a.id, a.display_name, a.works_count, a.orcid, a.institution) for a in found] == [
        ("A5000000001", "Ana Ilić", 7, "0000-0003-1234-5674", "University of Belgrade (RS)"),
        # a split profile: the older schema's single last_known_institution
        ("A5000000003", "Ana Ilić", 2, "", "University of Belgrade (RS)"),
        ("A5000000004", "Ana Ilic", 1, "", ""),
        (
            "A5000000010",
            "Anastasija Ilić-Marković",
            12,
            "0000-0001-7777-001X",
            "Sorbonne Université (FR)",
        ),
    ]


def test_zero_works_is_an_error_and_writes_nothing(fake, tmp_path):
    out = tmp_path / "z.jsonl"
    with client_for(fake, tmp_path) as client:
        who = resolve_author(client, orcid="0000-0002-0000-1113")
        with pytest.raises(FetchError, match="OpenAlex lists no works for Zoran Nikolić"):
            fetch_works(client, works_filter(orcid=who.orcid), out, label=who.describe())
    assert not out.exists() and not state_path(out).exists()
