"""Property tests: every reader, fed mutated real files, returns records or raises the
project's InputError, never another exception (lenient and strict mode).

The seeds are the hand-written fixtures of each format and a real subset of the OpenAlex
sample (its first 12 works, re-serialised as a JSON list and as JSON Lines).  Mutations delete,
duplicate, swap and replace lines, cut the file, and inject format-specific fragments, random
text and raw bytes (so non-UTF-8 input is covered too).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.errors import InputError
from graph.load import READERS, load_records
from graph.normalise import normalise

DATA = Path(__file__).resolve().parent / "data"
FORMATS = DATA / "formats"
_WORKS = json.loads((DATA / "openalex" / "works_tu9_2022.json").read_text(encoding="utf-8"))[:12]
SEEDS = {
    "bibtex": [
        (FORMATS / "sample.bib").read_bytes(),
        (FORMATS / "owner_scholar.bib").read_bytes(),
        (FORMATS / "wos_bibtex.bib").read_bytes(),
        (FORMATS / "scopus.bib").read_bytes(),
    ],
    "ris": [(FORMATS / "sample.ris").read_bytes()],
    "csv": [(FORMATS / "sample.csv").read_bytes(), (FORMATS / "sample.tsv").read_bytes()],
    "scopus": [(FORMATS / "scopus.csv").read_bytes()],
    "wos": [(FORMATS / "wos.txt").read_bytes()],
    "pubmed": [(FORMATS / "pubmed.nbib").read_bytes()],
    "lens": [(FORMATS / "lens.csv").read_bytes()],
    "dimensions": [(FORMATS / "dimensions.csv").read_bytes()],
    "ieee": [(FORMATS / "ieee.csv").read_bytes()],
    "springer": [(FORMATS / "springer.csv").read_bytes()],
    "openalex": [
        json.dumps(_WORKS, ensure_ascii=False, indent=1).encode("utf-8"),
        "\n".join(json.dumps(w, ensure_ascii=False) for w in _WORKS).encode("utf-8"),
        (FORMATS / "openalex_current.json").read_bytes(),
    ],
}
FRAGMENTS = [
    b"@string{x = ",
    b"{",
    b"}",
    b'"',
    b" # ",
    b"@article{",
    b"and others",
    b'\\"{u}',
    b"\\",
    b"TY  - ",
    b"ER  - ",
    b"AU  - ",
    b"PY  - 20x1",
    b"PT J",
    b"ER",
    b"   ",
    b"C1 [",
    b"]",
    b"OI a/b",
    b",",
    b";",
    b'""',
    b"\t",
    b"[",
    b'{"results": ',
    b"null",
    b"true",
    b"0",
    b"[No author name available]",
    b"\xff\xfe",
    b"\x00",
    b"\xc3",
    b"\r\n",
    b"\xef\xbb\xbf",
    b"1e999",
    b"[[[[[[[[[[",
    b'{"title": 1, "authorships": {}}',
    b"PMID- ",
    b"FAU - ",
    b"AD  - ",
    b"      ",
    b"null ",
    b"Author = {{",
    b".a and ",
    b"(",
    b")",
    b"About the data",
]
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SUFFIX = {
    "bibtex": ".bib",
    "ris": ".ris",
    "csv": ".csv",
    "scopus": ".csv",
    "wos": ".txt",
    "openalex": ".json",
    "pubmed": ".nbib",
    "lens": ".csv",
    "dimensions": ".csv",
    "ieee": ".csv",
    "springer": ".csv",
}


@st.composite
def mutated(draw, fmt: str) -> bytes:
    lines = draw(st.sampled_from(SEEDS[fmt])).split(b"\n")
    piece = st.one_of(
        st.sampled_from(FRAGMENTS),
        st.binary(max_size=12),
        st.text(max_size=20).map(lambda t: t.encode("utf-8")),
    )
    for _ in range(draw(st.integers(1, 6))):
        if not lines:
            lines = [b""]
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["delete", "dup", "swap", "replace", "inject", "cut"]))
        if op == "delete":
            del lines[i]
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "replace":
            lines[i] = draw(piece)
        elif op == "inject":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(piece) + lines[i][at:]
        else:
            lines = lines[:i]
    return b"\n".join(lines)


def _check(fmt: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzz{SUFFIX[fmt]}"
        path.write_bytes(data)
        for strict in (False, True):
            try:
                res = load_records(path, fmt, strict=strict)
            except InputError as err:
                assert err.path == str(path) and err.message
                continue
            # a paper may be signed by a group only (PubMed CN, WoS CA): no person, a group;
            # or by nobody the database can name (Scopus "[No author name available]"): such
            # papers are counted and said once (meta["authorless"] and one warning)
            assert all(r.title for r in res.records)
            authorless = [r for r in res.records if not (r.authors or r.groups)]
            assert len(authorless) == res.meta.get("authorless", 0)
            if authorless:
                assert any("with no author names" in w for w in res.meta["warnings"])
            if strict:
                assert res.problems == []
            try:  # whatever a reader returns, the next stage accepts ...
                normalise(res)
            except InputError as err:  # ... or refuses a file that gave no paper, by name
                assert not res.records and err.path == str(path), err


@pytest.mark.parametrize("fmt", sorted(SEEDS))
def test_reader_raises_only_input_error(fmt):
    @SETTINGS
    @given(data=mutated(fmt))
    def run(data: bytes) -> None:
        _check(fmt, data)

    run()


@SETTINGS
@given(fmt=st.sampled_from(sorted(SEEDS)), data=st.binary(max_size=200))
def test_any_bytes_with_any_reader(fmt, data):
    _check(fmt, data)


def test_every_reader_has_seeds():
    assert set(SEEDS) == set(READERS) - {"profile"}  # profile pages: test_profile_property.py
