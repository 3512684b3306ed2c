"""Property tests: whatever text or bytes come in, the profile reader either returns records
or raises the project's InputError, never another exception, in lenient and strict mode.

Inputs are arbitrary text and the real seed page mutated line by line (deleted, duplicated,
swapped, replaced lines, injected characters and bytes).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from graph.errors import InputError
from graph.load import load_records
from graph.load.profile_text import read_string
from graph.normalise import normalise

DEFAULT_PROFILE = Path(__file__).resolve().parent.parent / "data" / "shouhong_ding_profile.txt"
SEED_LINES = DEFAULT_PROFILE.read_text(encoding="utf-8").split("\n")
TODAY = dt.date(2026, 12, 1)  # never the real clock
SETTINGS = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Text that is likely to hit the reader's edge cases: header fragments, separators, LaTeX.
FRAGMENTS = st.sampled_from(
    [
        "CVMay 15Code",
        "CVFeb 30, 2023",
        "LGXyz 3",
        "CV2021Code",
        "CVApr 12, 9999",
        "CVJan 0",
        " · ",
        "·",
        " et al.",
        "et al",
        ",",
        "",
        " ",
        "\t",
        "h-index5",
        "107 Papers",
        "Code",
        "$^3$",
        "\\textbf{",
        "}",
        "https://github.com/a/b.git.",
        "\x0b",
        "\u2028",
        "\ufeff",
        "Ke-Yue Zhang, Keyue Zhang",
        "Ａｄａ",
        "ﬁ",
        "\U0001f600",
        "CVMay 3, 2021",
    ]
)
LINE = st.one_of(FRAGMENTS, st.text(max_size=40), st.sampled_from(SEED_LINES))


def _check(text: str, **options) -> None:
    for strict in (False, True):
        try:
            res = read_string(text, "fuzz.txt", strict=strict, today=TODAY, **options)
        except InputError as err:
            assert err.path == "fuzz.txt" and err.expected
            continue
        assert res.meta["records"] == len(res.records)
        assert res.meta["skipped"] == len(res.problems)
        # one problem per entry left out: the counts add up (issue 14.8)
        assert res.meta["entries"] == res.meta["records"] + res.meta["skipped"]
        assert all(p.skipped == "entry" for p in res.problems)
        if strict:
            assert res.problems == [] and res.meta["warnings"] == []
        for rec in res.records:
            assert rec.title and rec.authors and rec.line >= 1
            assert rec.date is None or rec.date.year == rec.year
        corpus = normalise(res)  # the next stage accepts whatever the reader returned
        assert len(corpus.papers) <= len(res.records)


@SETTINGS
@given(st.text())
def test_arbitrary_text(text):
    _check(text)


@SETTINGS
@given(st.lists(LINE, max_size=30).map("\n".join))
def test_arbitrary_lines_of_profile_like_text(text):
    _check(text)


@st.composite
def mutated_seed(draw):
    lines = list(SEED_LINES)
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "replace", "inject"]))
        i = draw(st.integers(0, len(lines) - 1)) if lines else 0
        if not lines:
            lines.append(draw(LINE))
        elif op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "replace":
            lines[i] = draw(LINE)
        else:
            k = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:k] + draw(FRAGMENTS | st.text(max_size=5)) + lines[i][k:]
    return "\n".join(lines)


@SETTINGS
@given(
    mutated_seed(),
    st.one_of(st.none(), st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1))),
    st.one_of(st.none(), st.text(max_size=10)),
)
def test_mutated_seed(text, capture_date, owner):
    _check(text, capture_date=capture_date, owner=owner)


@SETTINGS
@given(mutated_seed())
def test_small_mutations_keep_most_of_the_seed(text):
    # Up to six edited lines touch at most six or seven entries: the rest must still be read.
    res = read_string(text, "fuzz.txt")
    assert len(res.records) >= 50 - 7 - 6


@SETTINGS
@given(st.binary(max_size=200), st.integers(0, 5000), st.booleans())
def test_injected_bytes(tmp_path_factory, blob, where, strict):
    data = DEFAULT_PROFILE.read_bytes()
    where = min(where * 11, len(data))
    path = tmp_path_factory.mktemp("fuzz") / "page.txt"
    path.write_bytes(data[:where] + blob + data[where:])
    try:
        res = load_records(path, strict=strict)
    except InputError as err:
        assert err.path == str(path)
        return
    assert len(res.records) >= 48  # an injection hits at most two entries


# Cheap pre-tests in the reader must never reject what the full patterns accept.
HEADERISH = st.text(alphabet=st.sampled_from(list("ACLVSXMayJunSep.,0129 \tCode")), max_size=24)


@SETTINGS
@given(st.one_of(HEADERISH, FRAGMENTS, st.text(max_size=30)))
def test_header_pretest_never_rejects_a_header(line: str) -> None:
    from graph.load import profile_text as pt

    for line_ in (line, line.strip()):
        full = [rx.match(line_) for rx in (pt._HEADER, pt._HEADER_YEAR, pt._HEADER_LIKE)]
        if any(full):
            assert pt._MAYBE_HEADER.match(line_)


ET_AL_TEXT = st.lists(
    st.sampled_from(["et", "ET", "Et", " ", "al", "AL", ".", ",", "\t", "x", "\u2028", "Ada"]),
    max_size=10,
).map("".join)


@SETTINGS
@given(st.one_of(ET_AL_TEXT, st.text(max_size=30)))
@example("Ada Lovelace et al.")
@example("Ada, Bo ET AL. \t")
@example("Ada et al")
@example("Ada et al..")
@example("Ada etal.")
@example("Ada et\u2028al.\u2028")
def test_et_al_pretest_agrees_with_the_pattern(line: str) -> None:
    from graph.load import profile_text as pt

    assert pt._ends_et_al(line) == (pt._ET_AL.search(line) is not None)
