"""Reader for OpenAlex works: an API response, a JSON list of works, or JSON Lines.

Accepted shapes: ``{"results": [work, ...], "meta": ...}`` (one API page), ``[work, ...]``,
one work object, or one work per line (JSONL, e.g. a snapshot file).  Both the current
schema (``primary_location.source``) and the 2022 one (``host_venue``) are read.

Rules
-----
* Authors from ``authorships`` in order: ``author.display_name`` (else
  ``raw_author_name``; ``Family, Given`` flipped, as some 2022 names are written), with
  ``ext_id`` ``openalex:A…`` and ``orcid:…`` when present.
* Each author's ``institutions`` become their affiliations on the paper; ROR ids (else
  OpenAlex ids) are kept in ``affiliation_ids`` and in ``meta["institution_ids"]``.
  Raw affiliation strings are not used: they are unparsed text (``"…BerlinGermany"``).
* ``is_authors_truncated: true`` marks a cut author list (``authors_complete=False``).
* Title ``title`` (else ``display_name``), date ``publication_date`` / ``publication_year``,
  DOI ``doi`` (else ``ids.doi``), abstract rebuilt from ``abstract_inverted_index``.
* A work that is not an object, or has no title or no authors, is a problem; ``line`` is the
  work's 1-based position in the list (``record``), or its line in a JSONL file.
* JSON Lines: a line that is not JSON (a trailing comma, a line cut off) is one work skipped
  and counted; the other lines are read.  A file is JSON Lines when most of its lines are
  JSON on their own.
* An API page or JSON list the file ends inside (a download cut off) is read up to the cut:
  the works before it are read, a work cut in half is one skipped work, and the cut is
  reported with its line and character offset.  A document damaged anywhere else stays one
  clear error.
* A date with a year before 1500 or after ``today`` is left out with a warning; the work is
  kept.  ``meta``: ``entries`` (works in the file), ``records``, ``skipped``, ``warnings``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path
from typing import NamedTuple

from ..errors import InputError
from . import _common
from ._common import (
    Problems,
    check_date,
    clean_doi,
    count_meta,
    flip_name,
    new_record,
    parse_iso_date,
)
from ._text import read_input
from .records import AuthorRef, LoadResult, PaperRecord

__all__ = ["abstract_from_index", "read", "read_string"]


def _short(value: object, prefix: str) -> str:
    """``https://openalex.org/A1`` -> ``A1`` (ids are kept without their URL)."""
    if not isinstance(value, str) or not value.strip():
        return ""
    text = value.strip()
    return text[len(prefix) :] if text.startswith(prefix) else text.rsplit("/", 1)[-1]


def abstract_from_index(index: object) -> str:
    """Rebuild an abstract from OpenAlex's inverted index ``{word: [positions]}``.

    >>> abstract_from_index({"graphs": [1], "Random": [0], "rock": [2]})
    'Random graphs rock'
    """
    if not isinstance(index, dict):
        return ""
    slots: dict[int, str] = {}
    for word, positions in index.items():
        if isinstance(positions, list):
            for p in positions:
                if isinstance(p, int) and not isinstance(p, bool):
                    slots[p] = str(word)
    return " ".join(slots[k] for k in sorted(slots))


def _dict(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def _venue(work: dict) -> str:
    source = _dict(_dict(work.get("primary_location")).get("source"))
    name = source.get("display_name") or _dict(work.get("host_venue")).get("display_name")
    return name.strip() if isinstance(name, str) else ""


def _author(authorship: object, institution_ids: dict[str, str]) -> AuthorRef | None:
    if not isinstance(authorship, dict):
        return None
    author = _dict(authorship.get("author"))
    name = author.get("display_name") or authorship.get("raw_author_name")
    if not isinstance(name, str) or not name.strip():
        return None
    ids = []
    if oa := _short(author.get("id"), "https://openalex.org/"):
        ids.append(f"openalex:{oa}")
    if orcid := _short(author.get("orcid"), "https://orcid.org/"):
        ids.append(f"orcid:{orcid}")
    names, inst_ids = [], []
    insts = authorship.get("institutions")
    for inst in insts if isinstance(insts, list) else []:
        inst = _dict(inst)
        label = inst.get("display_name")
        if not isinstance(label, str) or not label.strip() or label.strip() in names:
            continue
        ror = _short(inst.get("ror"), "https://ror.org/")
        ident = ror or _short(inst.get("id"), "https://openalex.org/")
        names.append(label.strip())
        inst_ids.append(ident)
        if ror or (ident and label.strip() not in institution_ids):
            institution_ids[label.strip()] = ident  # a ROR id wins over an OpenAlex id
    return AuthorRef(flip_name(name), ";".join(ids), tuple(names), tuple(inst_ids))


class _BadLine(NamedTuple):
    """A line of a JSON Lines file that is not JSON: reported in line order, then skipped."""

    found: str
    hint: str


def _work(
    work: object,
    source: str,
    line: int,
    unit: str,
    problems: Problems,
    institution_ids: dict[str, str],
    today: dt.date,
) -> PaperRecord | None:
    if isinstance(work, _Cut):
        where = f"line {work.line}, byte {work.offset:,}"
        err = InputError(
            source,
            line if work.inside_work else work.line,  # the cut work, else the cut's line
            "a complete JSON document (a list of works closed by ']')",
            unit=unit if work.inside_work else "line",
            found=f"the file ends at {where}" + (", inside this work" if work.inside_work else ""),
            hint="the download was cut off; the works before the cut are read; fetch it again",
        )
        if work.inside_work:
            problems.fail(err, "work")
        else:
            problems.warn(err, "read the works before the cut")
        return None
    if isinstance(work, _BadLine):
        problems.fail(
            InputError(
                source,
                line,
                "one JSON work object per line (JSON Lines)",
                found=work.found,
                hint=work.hint,
            ),
            "line",
        )
        return None
    if not isinstance(work, dict):
        problems.fail(
            InputError(
                source,
                line,
                "an OpenAlex work object",
                unit=unit,
                found=type(work).__name__,
                hint="each item must be a work as /works returns it",
            ),
            "work",
        )
        return None
    title = work.get("title") or work.get("display_name")
    title = " ".join(title.split()) if isinstance(title, str) else ""
    ships = work.get("authorships")
    authors = [
        a
        for a in (_author(s, institution_ids) for s in (ships if isinstance(ships, list) else []))
        if a is not None
    ]
    if not title or not authors:
        what = "a title" if not title else "authorships with author names"
        problems.fail(
            InputError(
                source,
                line,
                f"{what} in OpenAlex work {_short(work.get('id'), 'https://openalex.org/') or '?'}",
                unit=unit,
                hint="works without them cannot be placed in a co-authorship graph",
            ),
            "work",
        )
        return None
    written = work.get("publication_date") or ""
    year, month, day = parse_iso_date(written) if isinstance(written, str) else (None,) * 3
    if year is None:
        written, month, day = work.get("publication_year"), None, None
        if isinstance(written, str) and written.strip().isdigit():
            written = int(written)
        year = written if isinstance(written, int) and not isinstance(written, bool) else None
    year, month, day = check_date(
        year,
        month,
        day,
        problems=problems,
        source=source,
        line=line,
        found=str(written),
        latest=today,
        unit=unit,
    )
    doi = work.get("doi") or _dict(work.get("ids")).get("doi")
    return new_record(
        title,
        authors,
        source,
        line,
        year=year,
        month=month,
        day=day,
        complete=work.get("is_authors_truncated") is not True,
        abstract=abstract_from_index(work.get("abstract_inverted_index")),
        doi=clean_doi(doi),
        venue=_venue(work),
    )


class _Cut(NamedTuple):
    """Where a JSON document (an API page or a list of works) ends before its end: the
    line and byte offset of the cut, and whether a work was cut in half."""

    line: int
    offset: int
    inside_work: bool


_RESULTS = re.compile(r'"results"\s*:\s*\[')


def _closes(text: str, pos: int) -> bool:
    """True when ``text[pos:]`` closes the bracket it starts inside (strings skipped): the
    document goes on past a syntax error, so it is damaged, not cut off."""
    depth, in_string, escaped = 0, False, False
    for ch in text[pos:]:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
            if depth < 0:
                return True
    return False


def _cut_document(text: str) -> tuple[list[tuple[int, object]], str, int] | None:
    """The works before the cut of an API page (``{"results": [...``) or a JSON list of
    works that the file ends inside (a download cut off), with the cut as the last item
    (:class:`_Cut`); None when the document is not one of those or is damaged elsewhere
    than at its end."""
    start = text.lstrip()[:1]
    if start == "[":
        pos = text.index("[") + 1
    elif start == "{" and (m := _RESULTS.search(text)):
        pos = m.end()
    else:
        return None
    decoder = json.JSONDecoder()
    works: list[tuple[int, object]] = []
    blank = " \t\r\n"
    while True:
        while pos < len(text) and text[pos] in blank:
            pos += 1
        if pos < len(text) and text[pos] == "," and works:
            pos += 1
            while pos < len(text) and text[pos] in blank:
                pos += 1
        if pos >= len(text) or text[pos] == "]":
            break
        try:
            work, end = decoder.raw_decode(text, pos)
        except (json.JSONDecodeError, RecursionError):
            break
        works.append((len(works) + 1, work))
        pos = end
    if pos < len(text) and text[pos] == "]":
        if start == "[" or _closes(text, pos + 1):
            return None  # the list is closed and the document goes on: damaged, not cut
        inside = False  # an API page cut after its works ("group_by" ...): all works read
    elif pos < len(text) and _closes(text, pos):
        return None  # the list goes on past a syntax error: damaged, not cut
    else:
        inside = pos < len(text) and text[pos] == "{"
        if not works and not inside:
            return None  # nothing that reads as a list of works
    cut = _Cut(text.count("\n") + 1, len(text.encode("utf-8")), inside)
    entries = len(works) + (1 if inside else 0)
    return [*works, (len(works) + 1, cut)], "record", entries


def _works(
    text: str, source: str, cut_mid_character: bool = False
) -> tuple[list[tuple[int, object]], str, int]:
    """``[(position or line, work)]``, the unit (``record`` or ``line``) and the number of
    records the file held.  In JSON Lines a line that is not JSON becomes a
    :class:`_BadLine` (a problem when its turn comes) and the other lines are read."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as first:
        lines = [(n, s) for n, s in enumerate(text.split("\n"), start=1) if s.strip()]
        parsed: list[tuple[int, object]] = []
        bad: list[tuple[int, json.JSONDecodeError]] = []
        for n, s in lines:
            try:
                parsed.append((n, json.loads(s)))
            except json.JSONDecodeError as exc:
                bad.append((n, exc))
            except RecursionError:
                bad.append((n, json.JSONDecodeError("nested too deep", s, 0)))
        # JSON Lines when most lines are JSON on their own (a broken pretty-printed document
        # has hardly any such line): then a bad line is one lost work, not a lost file
        if len(lines) < 2 or len(parsed) < max(1, len(lines) / 2):
            recovered = _cut_document(text)
            if recovered is not None:
                return recovered
            raise InputError(
                source,
                first.lineno,
                "OpenAlex works as JSON or JSON Lines",
                found=f"{first.msg} (column {first.colno})",
                hint="download works from the API as JSON",
            ) from first
        cut_at = lines[-1][0] if cut_mid_character or not text.endswith("\n") else None
        for n, exc in bad:
            hint = (
                "the file ends inside this line, as if cut off; download it again"
                if n == cut_at
                else "the line is not valid JSON; fix or remove it"
            )
            parsed.append((n, _BadLine(f"{exc.msg} (column {exc.colno})", hint)))
        return sorted(parsed, key=lambda item: item[0]), "line", len(lines)
    except RecursionError as exc:
        raise InputError(
            source,
            None,
            "OpenAlex works as JSON",
            found="JSON nested too deep",
            hint="download works from the API as JSON",
        ) from exc
    if isinstance(data, dict) and "results" in data:
        data = data["results"]
    elif isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise InputError(
            source,
            None,
            "OpenAlex works: an API response with 'results', a list of works or JSON Lines",
            found=type(data).__name__,
            hint="download works from the API as JSON",
        )
    return list(enumerate(data, start=1)), "record", len(data)


def read_string(
    text: str,
    source: str = "<input>",
    *,
    strict: bool = False,
    today: dt.date | None = None,
    cut_mid_character: bool = False,
) -> LoadResult:
    """Parse OpenAlex works JSON/JSONL; see the module docstring for the rules.

    ``today`` (default: the real date) is the latest date a work may have;
    ``cut_mid_character`` says the file ended in the middle of a UTF-8 character.

    >>> work = {"title": "T", "publication_date": "2021-05-03", "is_authors_truncated": True,
    ...         "authorships": [{"author": {"id": "https://openalex.org/A1",
    ...                                     "display_name": "Ada Lovelace",
    ...                                     "orcid": "https://orcid.org/0000-0001-2345-6789"},
    ...                          "institutions": [{"display_name": "Univ X",
    ...                                            "ror": "https://ror.org/05abc"}]}]}
    >>> res = read_string(json.dumps({"results": [work]}))
    >>> a = res.records[0].authors[0]
    >>> a.ext_id, a.affiliations, a.affiliation_ids, res.records[0].authors_complete
    ('openalex:A1;orcid:0000-0001-2345-6789', ('Univ X',), ('05abc',), False)
    """
    if not text.strip():
        raise InputError(
            source,
            None,
            "OpenAlex works as JSON",
            found="an empty file",
            hint="download works from the API as JSON",
        )
    problems = Problems(strict)
    today = today or _common.today()
    works, unit, entries = _works(text, source, cut_mid_character)
    institution_ids: dict[str, str] = {}
    records = []
    for line, work in works:
        rec = _work(work, source, line, unit, problems, institution_ids, today)
        if rec is not None:
            records.append(rec)
    meta = count_meta(entries, len(records), problems)
    meta["institution_ids"] = dict(sorted(institution_ids.items()))
    return LoadResult(records=records, problems=problems.items, meta=meta)


def read(
    path: str | os.PathLike[str], *, strict: bool = False, today: dt.date | None = None, **_ignored
) -> LoadResult:
    """Read an OpenAlex works file (``.json`` or ``.jsonl``).  See :func:`read_string`."""
    text, cut = read_input(path, what="OpenAlex works as UTF-8 JSON", allow_cut=True)
    return read_string(text, str(Path(path)), strict=strict, today=today, cut_mid_character=cut)
