"""Reader for BibTeX / BibLaTeX files (Google Scholar, DBLP, Zotero, JabRef exports).

Parsing is bibtexparser 2's (blocks with line numbers, ``@string`` macros, name splitting);
TeX is decoded by pylatexenc, the library bibtexparser itself uses for that.

Rules
-----
* ``author`` is split on ``and`` outside braces; ``Last, First``, ``First Last`` and
  ``von Last, Jr, First`` forms all become ``First von Last Jr``; ``{Barnes and Noble}`` stays
  one (corporate) author.  ``and others`` marks a cut list (``authors_complete=False``).
* TeX accents and braces are decoded (``M{\\"u}ller`` -> ``Müller``, ``{\\ss}`` -> ``ß``);
  math in titles is kept for the normalise stage (``$^3$`` -> ``³`` there).
* ``@string`` macros and ``#`` concatenation are resolved; month macros (``mar``) are months.
* The date comes from ``year`` / ``month`` / ``day`` or the BibLaTeX ``date`` field.
* ``doi`` (or a ``doi.org`` URL), ``journal`` / ``booktitle`` as venue, ``abstract``, and an
  ``affiliation(s)`` field (``;``-separated, paper-level) are kept.
* A duplicate entry key is reported as a warning (``meta["warnings"]``), not an error: Scholar
  exports reuse keys for different papers, so both entries are read.
* An entry the parser aborts on, or one without a title or authors, is a problem (skipped in
  lenient mode, raised with ``strict``).
"""

from __future__ import annotations

import logging
import os
import re
from contextlib import contextmanager
from pathlib import Path

import bibtexparser
from bibtexparser import middlewares as mw
from bibtexparser.library import Library
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    Entry,
    MiddlewareErrorBlock,
    ParsingFailedBlock,
    String,
)
from pylatexenc.latex2text import LatexNodes2Text

from ..errors import InputError
from ._common import Problems, clean_doi, new_record, parse_iso_date, parse_month, parse_year
from ._text import read_text
from .records import AuthorRef, LoadResult, PaperRecord

__all__ = ["decode_tex", "read", "read_string"]

_DECODER = LatexNodes2Text(math_mode="verbatim", keep_braced_groups=False)
_MONTH_NAMES = {
    "jan": "January",
    "feb": "February",
    "mar": "March",
    "apr": "April",
    "may": "May",
    "jun": "June",
    "jul": "July",
    "aug": "August",
    "sep": "September",
    "oct": "October",
    "nov": "November",
    "dec": "December",
}
_PART = re.compile(r'\s*(?:"((?:[^"\\]|\\.)*)"|\{((?:[^{}]|\{[^{}]*\})*)\}|([\w.:-]+))\s*')
_EXPECTED_ENTRY = "a complete BibTeX entry such as @article{key, title = {...}, author = {...}}"


def decode_tex(text: str) -> str:
    """TeX accents, braces and text macros -> Unicode text (math kept verbatim).

    >>> decode_tex(r"M{\\"u}ller and Stra{\\ss}e, Jos\\'{e}")
    'Müller and Straße, José'
    """
    if "\\" not in text and "{" not in text and "~" not in text:
        return " ".join(text.split())
    try:
        return " ".join(_DECODER.latex_to_text(text).split())
    except Exception:  # pylatexenc gives up on rare malformed input: keep the text readable
        return " ".join(text.replace("{", "").replace("}", "").split())


class _ResolveConcatenation(mw.BlockMiddleware):
    """Resolves ``macro # " text"`` values, which bibtexparser 2 leaves as written."""

    def __init__(self) -> None:
        super().__init__(allow_inplace_modification=True, allow_parallel_execution=False)

    @classmethod
    def metadata_key(cls) -> str:
        return "collabgraph_concatenation"

    def transform_entry(self, entry: Entry, library) -> Entry:
        macros = {k.lower(): s.value for k, s in library.strings_dict.items()}
        for f in entry.fields:
            if isinstance(f.value, str) and "#" in f.value:
                resolved = _concatenate(f.value, macros)
                if resolved is not None:
                    f.value = resolved
        return entry


def _concatenate(value: str, macros: dict[str, str]) -> str | None:
    pieces, pos = [], 0
    while True:
        m = _PART.match(value, pos)
        if not m or m.end() == pos:
            return None
        quoted, braced, bare = m.groups()
        if bare is not None:
            low = bare.lower()
            pieces.append(macros.get(low, _MONTH_NAMES.get(low, bare)))
        else:
            pieces.append(quoted if quoted is not None else braced)
        pos = m.end()
        if pos == len(value):
            return "".join(pieces)
        if value[pos] != "#":
            return None
        pos += 1


def _parse_stack() -> list:
    return [
        mw.ResolveStringReferencesMiddleware(allow_inplace_modification=True),
        mw.RemoveEnclosingMiddleware(allow_inplace_modification=True),
        _ResolveConcatenation(),
        mw.SeparateCoAuthors(allow_inplace_modification=True),
        mw.SplitNameParts(allow_inplace_modification=True),
    ]


@contextmanager
def _quiet_bibtexparser():
    # bibtexparser logs every aborted block itself; we report them once, with a hint.
    logger = logging.getLogger("bibtexparser")
    before = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        logger.setLevel(before)


def _person(parts) -> str:
    words = [*parts.first, *parts.von, *parts.last, *parts.jr]
    return decode_tex(" ".join(words))


def _field(entry: Entry, *names: str) -> str:
    for name in names:
        if name in entry.fields_dict:
            value = entry.fields_dict[name].value
            if isinstance(value, (str, int)) and str(value).strip():
                return str(value)
    return ""


def _first_line(raw: str | None) -> str:
    return (raw or "").strip().split("\n", 1)[0]


def _reparse(block, library: Library) -> Entry | None:
    """Run the parse stack over a duplicate-key entry (bibtexparser leaves it unprocessed)."""
    scope = Library([String(s.key, s.value) for s in library.strings])
    try:
        with _quiet_bibtexparser():
            parsed = bibtexparser.parse_string(
                block.raw or "", parse_stack=_parse_stack(), library=scope
            )
    except Exception:
        return None
    entries = parsed.entries
    if len(entries) != 1:
        return None
    entry = entries[0]
    return Entry(
        entry.entry_type, entry.key, entry.fields, start_line=block.start_line, raw=block.raw
    )


def _entry_record(entry: Entry, source: str, problems: Problems) -> PaperRecord | None:
    line = (entry.start_line or 0) + 1
    where = f"entry '{entry.key}'"
    title = decode_tex(_field(entry, "title"))
    if not title:
        problems.fail(
            InputError(
                source, line, f"a title field in {where}", hint="add title = {...} to the entry"
            ),
            "entry",
        )
        return None
    raw_authors = entry.fields_dict.get("author")
    names = raw_authors.value if raw_authors is not None else []
    if isinstance(names, str):  # the name splitter leaves non-list values when it gave up
        names = []
    authors, complete = [], True
    for parts in names:
        if [w.lower() for w in parts.last] == ["others"] and not parts.first:
            complete = False
            continue
        name = _person(parts)
        if name:
            authors.append(AuthorRef(name))
    if not authors:
        problems.fail(
            InputError(
                source,
                line,
                f"an author field in {where}",
                found=_field(entry, "author") or None,
                hint="add author = {Last, First and Last, First}",
            ),
            "entry",
        )
        return None
    year = parse_year(_field(entry, "year"))
    month = parse_month(_field(entry, "month"))
    day_text = _field(entry, "day")
    day = int(day_text) if day_text.strip().isdigit() else None
    if year is None and _field(entry, "date"):
        year, month, day = parse_iso_date(_field(entry, "date"))
    url = _field(entry, "url")
    affiliations = decode_tex(_field(entry, "affiliations", "affiliation"))
    return new_record(
        title,
        authors,
        source,
        line,
        year=year,
        month=month,
        day=day,
        complete=complete,
        abstract=decode_tex(_field(entry, "abstract")),
        affiliations=tuple(a.strip() for a in affiliations.split(";") if a.strip()),
        doi=clean_doi(_field(entry, "doi")) or (clean_doi(url) if "doi.org" in url else ""),
        venue=decode_tex(_field(entry, "journal", "journaltitle", "booktitle")),
    )


def read_string(text: str, source: str = "<input>", *, strict: bool = False) -> LoadResult:
    r"""Parse BibTeX text; see the module docstring for the rules.

    >>> bib = '''@string{tods = "ACM TODS"}
    ... @article{k1, author = {M{\\"u}ller, Hans and others}, title = {{B}ayes},
    ...   journal = tods, year = 2020, month = mar, doi = {10.1000/X}}'''
    >>> rec = read_string(bib).records[0]
    >>> rec.authors[0].name, rec.authors_complete, rec.title, rec.venue, str(rec.date), rec.doi
    ('Hans Müller', False, 'Bayes', 'ACM TODS', '2020-03-01', '10.1000/x')
    """
    problems = Problems(strict)
    try:
        with _quiet_bibtexparser():
            library = bibtexparser.parse_string(text, parse_stack=_parse_stack())
    except Exception as exc:  # a parser bug must still surface as an input error
        raise InputError(
            source,
            None,
            "a BibTeX file bibtexparser can read",
            found=f"{type(exc).__name__}: {exc}",
            hint="check the file for unbalanced braces or quotes",
        ) from exc
    if not library.entries and not library.failed_blocks:
        raise InputError(
            source,
            None,
            "BibTeX entries such as @article{key, ...}",
            found="no entries",
            hint="is this a BibTeX file? name the format with --format",
        )
    warnings: list[str] = []
    records: list[PaperRecord] = []
    entries = 0
    for block in sorted(library.blocks, key=lambda b: b.start_line or 0):
        line = (block.start_line or 0) + 1
        if isinstance(block, Entry):
            entry = block
        elif isinstance(block, DuplicateBlockKeyBlock):
            prev = block.previous_block
            warnings.append(
                f"{source}:{line}: duplicate entry key '{block.key}' "
                f"(first at line {(prev.start_line or 0) + 1}); both entries are read"
            )
            dup = block.ignore_error_block
            entry = _reparse(dup, library) if isinstance(dup, Entry) else None
            if entry is None:
                problems.fail(
                    InputError(
                        source,
                        line,
                        _EXPECTED_ENTRY,
                        found=_first_line(block.raw),
                        hint="the entry reusing this key could not be read",
                    ),
                    "entry",
                )
                continue
        elif isinstance(block, MiddlewareErrorBlock):
            problems.fail(
                InputError(
                    source,
                    line,
                    _EXPECTED_ENTRY,
                    found=_first_line(block.raw),
                    hint=f"the entry could not be read ({block.error})",
                ),
                "entry",
            )
            continue
        elif isinstance(block, ParsingFailedBlock):
            reason = getattr(block.error, "abort_reason", "") or str(block.error)
            problems.fail(
                InputError(
                    source,
                    line,
                    _EXPECTED_ENTRY,
                    found=_first_line(block.raw),
                    hint=f"{' '.join(reason.split())}; check braces and quotes",
                ),
                "entry",
            )
            continue
        else:  # @string, @preamble, @comment and text between entries
            continue
        entries += 1
        rec = _entry_record(entry, source, problems)
        if rec is not None:
            records.append(rec)
    meta = {
        "entries": entries,
        "records": len(records),
        "warnings": warnings,
        "strings": len(library.strings),
    }
    return LoadResult(records=records, problems=problems.items, meta=meta)


def read(path: str | os.PathLike[str], *, strict: bool = False, **_ignored) -> LoadResult:
    """Read a BibTeX file.  See :func:`read_string`."""
    text = read_text(path, what="a BibTeX file in UTF-8")
    return read_string(text, str(Path(path)), strict=strict)
