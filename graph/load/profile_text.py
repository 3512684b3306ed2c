"""Reader for researcher profile pages saved as text (the embedded default input).

The page looks like this (see ``data/shouhong_ding_profile.txt``)::

    Shouhong Ding                       <- owner (never listed on the papers)
    CV                                  <- field code
    h-index58 / 107papers / 4,741citations / Novelty52% / AI Score62
    107 Papers
    CVApr 12, 2023Code                  <- category, date (year optional), optional Code marker
    Instance-Aware Domain Generalization for Face Anti-Spoofing
    <blank>
    Qianyu Zhou, Ke-Yue Zhang, Taiping Yao et al. · tencent-ai, tsinghua
    <blank>
    Abstract …

Rules
-----
* The owner is an author of every paper (``owners`` of each record).
* ``et al.`` ends a cut author list: ``authors_complete=False``.
* Tags after `` · `` belong to the paper (``affiliations``), not to one author.
* A date without a year is in the year the page was captured.  The page writes the year of
  every date before the capture year, so every written year is earlier than the capture year:
  without ``--capture-date`` the capture year is taken as the smallest year that fits, one more
  than the latest year written on the page (2026 for the seed page, whose latest written year
  is 2025), but never later than today's year (an entry dated 2031 by mistake must not move
  every year-less date to 2032).  ``capture_date`` (``--capture-date``) overrides it.
  ``year_inferred`` marks such dates; the full date (month and day) is kept.
* Dates are checked against the capture date, else today (``today``, injectable for tests):
  a date after it, or a year before 1500 (``0001``), is left out with a warning (the paper is
  kept, without a date) and takes no part in finding the capture year.
* ``Code`` marks papers with code (``has_code``).  ``code_url`` is the first repository URL of
  the abstract: ``owner/repo`` on GitHub, GitLab, Bitbucket, Gitee, Codeberg or Hugging Face
  (an organisation page such as ``github.com/SoccerNet`` is not a repository), any path on
  other code hosts; trailing punctuation and a ``.git`` suffix are removed.
* The header statistics (field, h-index, claimed paper count, citations, novelty, AI score)
  go into ``LoadResult.meta``; the page may list fewer papers than it claims.

Problems
--------
A file that cannot be a profile page (empty, binary, not UTF-8, no entry at all) is always an
error.  Inside a page, each fault is an :class:`~graph.errors.InputError` naming the line; with
``strict=True`` the first one is raised.  Otherwise:

* an entry that cannot be read (unknown month, a year that is no year such as ``-2023``, an
  impossible date, no title or author line) is skipped: one problem in
  ``LoadResult.problems`` per entry, however many lines it had.  Lines after an abstract that
  hold a title and an author line are an entry whose date line was not understood: one
  problem, not one per line;
* a part of an entry that cannot be used (an unknown header line, stray lines after an
  abstract, a name listed twice, an implausible date) is left out with a warning in
  ``meta["warnings"]``; the entry is read and nothing is counted as skipped;
* a file cut off (no line break after the last entry's author line, or a UTF-8 character cut
  in half) never yields a cut name such as "Jun" for "Junlong Du": the last name (or tag) of
  that line is left out with a warning and the author list is marked cut.

``meta["entries"] == meta["records"] + meta["skipped"]``.  Nothing is dropped without a
problem or a warning saying so.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
from pathlib import Path
from typing import NamedTuple

from .._gc import gc_paused
from ..errors import InputError
from ..text import name_key
from . import _common
from ._common import MIN_YEAR, Problems, count_meta
from ._text import read_input
from .records import AuthorRef, LoadResult, PaperRecord

__all__ = ["MONTHS", "code_url", "parse_author_line", "parse_date_line", "read", "read_string"]

MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_FULL_MONTHS = {
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "sept",
    "october",
    "november",
    "december",
}

# An entry header: category code, month word, day, optional year, optional Code marker.
_HEADER = re.compile(
    r"^(?P<cat>[A-Z][A-Z0-9]*?)(?P<mon>[A-Z][a-z]{2,8})\.?\s+(?P<day>\d{1,2})"
    r"(?:,\s*(?P<year>\d{4}))?\s*(?P<code>Code)?\s*$",
    re.ASCII,
)
# Year-only header such as "CV2021Code".
_HEADER_YEAR = re.compile(
    r"^(?P<cat>[A-Z][A-Z0-9]*?)(?P<year>(?:19|20)\d{2})\s*(?P<code>Code)?\s*$", re.ASCII
)
# Anything that starts like a header (used to report unknown months instead of stray text).
_HEADER_LIKE = re.compile(r"^[A-Z]{1,10}[A-Z][a-z]+\.?\s+\d{1,2}\b", re.ASCII)
# The parts of a header-like line, to say what is wrong with one that is no header.
_HEADER_PARTS = re.compile(
    r"^(?P<cat>[A-Z][A-Z0-9]*?)(?P<mon>[A-Z][a-z]+)\.?\s+(?P<day>\d{1,2})(?P<rest>.*)$", re.ASCII
)
_STAT = {
    "h_index": re.compile(r"^h-index\s*(\d[\d,]*)$", re.I | re.ASCII),
    "claimed_papers": re.compile(r"^(\d[\d,]*)\s*papers$", re.I | re.ASCII),
    "citations": re.compile(r"^(\d[\d,]*)\s*citations$", re.I | re.ASCII),
    "novelty_pct": re.compile(r"^novelty\s*(\d+)%$", re.I | re.ASCII),
    "ai_score": re.compile(r"^ai score\s*(\d+)$", re.I | re.ASCII),
}
# A necessary condition for _HEADER, _HEADER_YEAR and _HEADER_LIKE (each of their matches
# starts with a match of it): one cheap test per line before the full patterns run.
_MAYBE_HEADER = re.compile(r"[A-Z][A-Z0-9]*?(?:[A-Z][a-z]+\.?\s+\d|(?:19|20)\d\d)", re.ASCII)
_FIELD = re.compile(r"[A-Z]{1,10}", re.ASCII)
_URL = re.compile(r"https?://[^\s<>\"'()\[\]{}]+")
# Hosts where a repository is /owner/repo; on other code hosts any path is taken.
_REPO_HOSTS = (
    "github.com",
    "gitlab.com",
    "bitbucket.org",
    "huggingface.co",
    "gitee.com",
    "codeberg.org",
)
_CODE_HOSTS = ("sourceforge.net", "paperswithcode.com")
_ET_AL = re.compile(r"[,\s]*\bet\s+al\.?\s*$", re.I)
_AND = re.compile(r"\s+and\s+")
_NAME_SPLIT = re.compile(r",|\s+and\s+")
_NAME_WORD = re.compile(r"^[^\W\d_][\w'’.\-]*$")
_PARTICLES = {
    "van",
    "von",
    "der",
    "den",
    "de",
    "da",
    "di",
    "del",
    "della",
    "du",
    "le",
    "la",
    "bin",
    "ibn",
    "al",
    "el",
    "dos",
    "das",
    "ter",
    "zu",
}

EXPECTED_HEADER = "an entry header such as 'CVApr 12, 2023' or 'CVMay 15Code'"
EXPECTED_AUTHORS = "an author line such as 'Ada Lovelace, Alan Turing et al. · tag1, tag2'"
EXPECTED_STAT = (
    "a header line (owner, field code, h-index, papers, citations, Novelty, AI Score, 'N Papers')"
)


def _split_tags(line: str) -> tuple[str, str]:
    # " · " with spaces separates the tags; a bare "·" only when there is no spaced one
    # (a middle dot can sit inside a Catalan name such as "Paul·la").
    if " · " in line:
        names, _, tags = line.partition(" · ")
    else:
        names, _, tags = line.partition("·")
    return names, tags


def _ends_et_al(line: str) -> bool:
    """``_ET_AL.search(line)``, with a cheap test first: a match ends in "al" or "al." and
    white space (only a, A, l, L match "a" and "l" case-insensitively)."""
    tail = line.rstrip()
    if tail.endswith("."):
        tail = tail[:-1]
    return tail[-2:].lower() == "al" and _ET_AL.search(line) is not None


def _strong_author_line(line: str) -> bool:
    """Signals only an author line carries: the tag separator or a final "et al."."""
    return "·" in line or _ends_et_al(line)


def _single_name(text: str) -> bool:
    """2-6 capitalised words (particles and initials allowed): "Adrien Deliège", "J. van Eck"."""
    words = text.split()
    return 2 <= len(words) <= 6 and all(
        _NAME_WORD.match(w)
        and (w.lower() in _PARTICLES or (w[0].isupper() and (not w.endswith(".") or len(w) <= 3)))
        for w in words
    )


def _looks_like_author_line(line: str, *, single: bool = True) -> bool:
    if _strong_author_line(line):
        return True
    if "," not in line and "and" not in line:  # one part: skip the split
        return single and _single_name(line)
    parts = [p.strip() for p in _NAME_SPLIT.split(line)]
    if len(parts) < 2:
        return single and _single_name(line)  # a one-author paper
    return all(
        1 <= len(p.split()) <= 6 and all(_NAME_WORD.match(w) for w in p.split()) for p in parts
    )


def parse_author_line(line: str) -> tuple[list[str], bool, list[str]]:
    """Split an author line into (names, authors_complete, affiliation tags).

    Parameters
    ----------
    line : the author line of one entry.

    Returns
    -------
    The listed names (white space collapsed, in order), False when the list ends in
    ``et al.``, and the paper-level tags written after `` · ``.

    Examples
    --------
    >>> parse_author_line("Qianyu Zhou, Ke-Yue Zhang, Taiping Yao et al. · tencent-ai, tsinghua")
    (['Qianyu Zhou', 'Ke-Yue Zhang', 'Taiping Yao'], False, ['tencent-ai', 'tsinghua'])
    >>> parse_author_line("Ada Lovelace and Alan Turing")
    (['Ada Lovelace', 'Alan Turing'], True, [])
    """
    names_part, tags_part = _split_tags(line)
    tags = [" ".join(t.split()) for t in tags_part.split(",") if t.strip()]
    names_part = names_part.strip()
    complete = True
    if _ends_et_al(names_part):
        complete = False
        names_part = _ET_AL.sub("", names_part)
    if "and" in names_part:
        names_part = _AND.sub(", ", names_part)
    names = [" ".join(n.split()) for n in names_part.split(",")]
    return [n for n in names if n], complete, tags


class _Header(NamedTuple):
    """An entry header's fields (a tuple: a page holds one per paper, 10^6 at scale)."""

    category: str
    month: int | None = None
    day: int | None = None
    year: int | None = None
    has_code: bool = False
    precision: str = ""
    bad_month: str | None = None  # the unknown month word; the other fields are then unset


def _header(line: str, categories: dict[str, str]) -> _Header | None:
    """The fields of an entry header (None when ``line`` is not one); ``categories`` keeps
    one string per category code, so a million records share a handful of strings."""
    m = _HEADER.match(line)
    if m:
        cat = categories.setdefault(m["cat"], m["cat"])
        word = m["mon"].lower()
        known = word[:3] in MONTHS and (len(word) == 3 or word in _FULL_MONTHS)
        if not known:
            return _Header(cat, bad_month=m["mon"])
        year = m["year"]
        return _Header(
            cat,
            MONTHS[word[:3]],
            int(m["day"]),
            int(year) if year else None,
            m["code"] is not None,
            "day",
        )
    m = _HEADER_YEAR.match(line)
    if m:
        cat = categories.setdefault(m["cat"], m["cat"])
        return _Header(cat, None, None, int(m["year"]), m["code"] is not None, "year")
    return None


def parse_date_line(line: str) -> dict | None:
    """Parse an entry header; None when ``line`` is not one.

    Returns a dict with ``category``, ``month``, ``day``, ``year`` (None when not written),
    ``has_code`` and ``precision``.  An unknown month gives ``{"bad_month": word}``.

    >>> parse_date_line("CVApr 12, 2023Code")
    {'category': 'CV', 'month': 4, 'day': 12, 'year': 2023, 'has_code': True, 'precision': 'day'}
    >>> parse_date_line("LGMay 16")["year"] is None
    True
    >>> parse_date_line("CVMai 16")
    {'bad_month': 'Mai', 'category': 'CV'}
    >>> parse_date_line("CV2021")["precision"], parse_date_line("CV2021")["month"]
    ('year', None)
    """
    h = _header(line, {})
    if h is None:
        return None
    if h.bad_month is not None:
        return {"bad_month": h.bad_month, "category": h.category}
    return {k: v for k, v in h._asdict().items() if k != "bad_month"}


def code_url(abstract: str) -> str:
    """The first code-repository URL in ``abstract`` (``""`` when there is none).

    >>> code_url("Code: https://github.com/snailma0229/MS-DETR.git. More at https://x.org.")
    'https://github.com/snailma0229/MS-DETR'
    >>> code_url("Kits are on https://github.com/SoccerNet.")  # an organisation, not a repo
    ''
    >>> code_url(r"available at \\href{https://github.com/YZY-stack/Effort}{GitHub}.")
    'https://github.com/YZY-stack/Effort'
    """
    for url in _URL.findall(abstract):
        url = url.rstrip(".,;:!?")
        url = url.removesuffix(".git")
        parts = url.split("/")
        host = parts[2].lower().removeprefix("www.") if len(parts) > 2 else ""
        path = [p for p in parts[3:] if p]
        if host in _REPO_HOSTS and len(path) >= 2:
            return url
        if (host in _CODE_HOSTS or host.startswith("git.")) and path:
            return url
    return ""


def _header_meta(lines: list[str]) -> tuple[dict, list[tuple[int, str]]]:
    """Owner, field and statistics of the page header; also the lines it did not know."""
    meta: dict = {"owner": "", "field": ""}
    unknown: list[tuple[int, str]] = []
    nonblank = [(i, " ".join(s.split())) for i, s in enumerate(lines) if s.strip()]
    for n, (i, text) in enumerate(nonblank):
        key = next((k for k, rx in _STAT.items() if rx.match(text)), None)
        if key is not None:
            value = int(_STAT[key].match(text).group(1).replace(",", ""))
            meta.setdefault(key, value)  # "107papers" then the heading "107 Papers"
        elif n == 0 and not _FIELD.fullmatch(text):
            meta["owner"] = text
        elif not meta["field"] and _FIELD.fullmatch(text):
            meta["field"] = text
        else:
            unknown.append((i, text))
    return meta, unknown


class _Capture(NamedTuple):
    """The capture year (year-less dates take it), how it was found, and the latest date an
    entry may have (the capture date, else today)."""

    year: int | None
    rule: str
    latest: dt.date
    latest_is: str


def _capture(infos: dict, capture_date: dt.date | None, today: dt.date) -> _Capture:
    """Phase 3: the capture year.  Without ``--capture-date`` it is the latest plausible year
    written on the page + 1, but never later than today's year: one entry dated in the future
    (a typo on the site) must not move every year-less date after it."""
    if capture_date is not None:
        return _Capture(capture_date.year, "--capture-date", capture_date, "the capture date")
    written = [
        h.year
        for h in infos.values()
        if h is not None and h.year is not None and MIN_YEAR <= h.year <= today.year
    ]
    if not written:
        rule = "unknown (no year on the page; pass --capture-date)"
        return _Capture(None, rule, today, "today")
    latest = max(written)
    if latest + 1 > today.year:
        rule = f"this year (the page already writes {latest}; --capture-date overrides)"
        return _Capture(today.year, rule, today, "today")
    return _Capture(latest + 1, "latest year written on the page + 1", today, "today")


def _entry_starts(stripped: list[str], source: str) -> tuple[dict[int, _Header | None], list[int]]:
    """Phase 1: the entry headers (line index -> parsed header, None for a line that only
    looks like one) and the indices where entries start; a page without any is an error."""
    maybe = _MAYBE_HEADER.match
    candidates = [i for i, s in enumerate(stripped) if maybe(s)]
    # Lines that are no candidate parse to None: only candidates are kept.
    categories: dict[str, str] = {}
    infos = {i: _header(stripped[i], categories) for i in candidates}
    starts = [i for i in candidates if infos[i] is not None or _HEADER_LIKE.match(stripped[i])]
    if not starts:
        first = next(i for i, s in enumerate(stripped) if s)
        raise InputError(
            source,
            first + 1,
            "a researcher profile page: the owner's name, header statistics, then entries "
            f"starting with {EXPECTED_HEADER}",
            found=stripped[first],
            hint="this file has no paper entries; if it is another format, name it with --format",
        )
    return infos, starts


def _page_meta(
    lines: list[str], stripped: list[str], end: int, owner: str | None, problems: Problems, source
) -> dict:
    """Phase 2: owner, field and statistics from the page header (the lines before ``end``);
    a header line it does not know is left out with a warning."""
    meta, unknown = _header_meta(lines[:end])
    if owner:
        meta["owner_on_page"], meta["owner"] = meta["owner"], " ".join(owner.split())
    elif not meta["owner"]:
        problems.warn(
            InputError(
                source,
                1,
                "the profile owner's name on the first line",
                found=stripped[0] or None,
                hint="add the owner's name as the first line or pass --owner NAME",
            ),
            "read the papers without an owner",
        )
    for i, line in unknown:
        problems.warn(
            InputError(
                source,
                i + 1,
                EXPECTED_STAT,
                found=line,
                hint="remove the line if it is not part of the profile header",
            ),
            "left out this line",
        )
    return meta


def _header_fault(header: str, info: _Header | None) -> tuple[str, str]:
    """What is wrong with a line that starts like an entry header but is not one:
    ``(expected, hint)``.  Only an unknown month word is called an unknown month."""
    if info is not None:  # parsed, but the month word is not a month
        return (
            EXPECTED_HEADER + " with an English month (Jan … Dec)",
            f"unknown month {info.bad_month!r}; fix the date or remove the entry",
        )
    m = _HEADER_PARTS.match(header)
    word = m["mon"].lower() if m else ""
    if not m or not (word[:3] in MONTHS and (len(word) == 3 or word in _FULL_MONTHS)):
        bad = m["mon"] if m else header
        return (
            EXPECTED_HEADER + " with an English month (Jan … Dec)",
            f"unknown month {bad!r}; fix the date or remove the entry",
        )
    year = re.fullmatch(r",\s*(\S+?)\s*(?:Code)?\s*", m["rest"])
    if year:
        return (
            EXPECTED_HEADER + " with a 4-digit year",
            f"{year[1]!r} is not a year; fix the date or remove the entry",
        )
    return (
        EXPECTED_HEADER,
        f"unexpected text {m['rest'].strip()!r} after the day; write the date as "
        "'Apr 12, 2023' (or 'Apr 12' in the capture year) and fix or remove the entry",
    )


class _Entries:
    """Phase 4: entries -> records.  Holds what the entries share: the problems, the capture
    year, and one object per distinct name, key and tag (records are immutable, so sharing
    is safe, and it saves an object per authorship at 10^6 papers)."""

    def __init__(
        self,
        source: str,
        problems: Problems,
        capture: _Capture,
        owners: tuple[str, ...],
        cut_line: int | None,
        cut_mid_character: bool,
    ) -> None:
        self.source = source
        self.problems = problems
        self.capture = capture
        self.owners = owners
        self.cut_line = cut_line  # index of a last line the file may end inside of
        self.cut_mid_character = cut_mid_character
        self.refs: dict[str, AuthorRef] = {}
        self.keys: dict[str, str] = {}  # name -> name_key(name), once per distinct name
        self.tag_strs: dict[str, str] = {}  # one string per distinct tag
        self.inferred_years = 0
        self.lost_entries = 0  # entries found among stray lines (their header unreadable)

    def fail(self, line: int, expected: str, found: str | None, hint: str) -> None:
        err = InputError(self.source, line, expected, found=found, hint=hint)
        self.problems.fail(err, "entry")

    def warn(self, line: int, expected: str, found: str | None, hint: str, note: str) -> None:
        self.problems.warn(InputError(self.source, line, expected, found=found, hint=hint), note)

    def read(
        self, lo: int, hi: int, stripped: list[str], info: _Header | None
    ) -> PaperRecord | None:
        """The record of the entry on lines ``lo`` (its header) to ``hi`` (excluded)."""
        header = stripped[lo]
        if info is None or info.bad_month is not None:
            expected, hint = _header_fault(header, info)
            self.fail(lo + 1, expected, header, hint)
            return None
        body = [(i, stripped[i]) for i in range(lo + 1, hi) if stripped[i]]
        if not body:
            self.fail(
                lo + 1,
                "a title line after the entry header",
                header,
                "the entry is empty; complete or remove it",
            )
            return None
        title_i, title = body[0]
        if _strong_author_line(title) or (
            # a lone name could be a short title: only a list of names is taken as authors
            _looks_like_author_line(title, single=False)
            and (len(body) < 2 or not _looks_like_author_line(body[1][1]))
        ):
            self.fail(
                title_i + 1,
                "a title line before the author line",
                title,
                "the entry has no title; add it",
            )
            return None
        if len(body) < 2 or not _looks_like_author_line(body[1][1]):
            at, found = body[1] if len(body) > 1 else (title_i, "(end of entry)")
            hint = "the entry has no author line; add one after the title"
            if at == self.cut_line:
                hint = "the file ends inside this entry, as if cut off; save the page again"
            self.fail(at + 1, EXPECTED_AUTHORS, found, hint)
            return None
        auth_i, auth_line = body[1]
        names, complete, tags = parse_author_line(auth_line)
        if auth_i == self.cut_line:
            names, complete, tags = self._cut_author_line(auth_i, auth_line, names, complete, tags)
        if not names:
            self.fail(auth_i + 1, EXPECTED_AUTHORS, auth_line, "the author line names nobody")
            return None
        authors = self._authors(auth_i, names)
        self._strays(body[3:])
        abstract = body[2][1] if len(body) > 2 else ""
        if abstract and self.cut_mid_character and body[2][0] == self.cut_line:
            self.warn(
                body[2][0] + 1,
                "the rest of the page after this abstract",
                None,
                "the file ends in the middle of a character, as if cut off; save the page again",
                "read the abstract up to the cut",
            )
        date = self._date(lo, header, info)
        if date is False:
            return None
        year, date = date
        return PaperRecord(
            title=title,
            authors=authors,
            source=self.source,
            line=lo + 1,
            authors_complete=complete,
            date=date,
            year=year,
            date_precision=info.precision if year is not None else "",
            year_inferred=info.year is None and year is not None,
            category=info.category,
            has_code=info.has_code,
            code_url=code_url(abstract) if abstract else "",
            abstract=abstract,
            affiliations=tuple(dict.fromkeys([self.tag_strs.setdefault(t, t) for t in tags])),
            owners=self.owners,
        )

    def _cut_author_line(
        self, i: int, line: str, names: list[str], complete: bool, tags: list[str]
    ) -> tuple[list[str], bool, list[str]]:
        """The file ends inside this author line (no line break after it): its last item may
        be cut ("Jun" of "Junlong Du"), so it is left out, and a name left out makes the list
        a cut one.  A list ending in "et al." without tags lost nothing that matters."""
        _, sep, _ = line.partition("·")
        if sep:
            if not tags:
                return names, complete, tags
            note = f"left out the possibly cut tag {tags[-1]!r}"
            tags = tags[:-1]
        elif not complete:
            return names, complete, tags
        else:
            note = f"left out the possibly cut name {names[-1]!r}"
            names, complete = names[:-1], False
            if names:
                note += "; the author list is marked cut"
        self.warn(
            i + 1,
            "the rest of the page after this author line",
            line,
            "the file ends inside the line, as if cut off; save the page again",
            note,
        )
        return names, complete, tags

    def _authors(self, auth_i: int, names: list[str]) -> tuple[AuthorRef, ...]:
        """One AuthorRef per distinct name key; a name listed twice is left out (warning)."""
        unique: dict[str, str] = {}
        keys = self.keys
        for name in names:
            key = keys.get(name)
            if key is None:
                key = keys[name] = name_key(name)
            if key in unique:
                self.warn(
                    auth_i + 1,
                    "each author once on an author line",
                    name,
                    f"{name!r} repeats {unique[key]!r}; remove one",
                    "left out the repeated name",
                )
            else:
                unique[key] = name
        authors = []
        for n in unique.values():
            ref = self.refs.get(n)
            if ref is None:
                ref = self.refs[n] = AuthorRef(n)
            authors.append(ref)
        return tuple(authors)

    def _strays(self, strays: list[tuple[int, str]]) -> None:
        """Lines after the abstract.  A title and an author line among them are an entry whose
        header was not recognised: one problem (one entry lost), not one per line; other
        stray lines are left out with one warning per run of lines."""
        run: list[tuple[int, str]] = []
        k = 0
        while k < len(strays):
            found = next(
                (
                    j
                    for j in (1, 2)
                    if k + j < len(strays)
                    and _looks_like_author_line(strays[k + j][1], single=False)
                    and not _looks_like_author_line(strays[k + j - 1][1], single=False)
                ),
                None,
            )
            if found is None:
                run.append(strays[k])
                k += 1
                continue
            self._stray_run(run)
            run = []
            at, text = strays[k]
            self.lost_entries += 1
            if found == 2:
                self.fail(
                    at + 1,
                    EXPECTED_HEADER,
                    text,
                    "a title and an author line follow: this seems to be the date line of an "
                    "entry, in a form not understood; fix it",
                )
            else:
                self.fail(
                    at + 1,
                    f"{EXPECTED_HEADER} before this title",
                    text,
                    "an author line follows this title, but no date line comes before it; "
                    "add the entry's date line",
                )
            k += found + 2  # the author line and the abstract belong to the lost entry
        self._stray_run(run)

    def _stray_run(self, run: list[tuple[int, str]]) -> None:
        if not run:
            return
        (first, text), last = run[0], run[-1][0]
        more = f" and {len(run) - 1} more line(s) to line {last + 1}" if len(run) > 1 else ""
        self.warn(
            first + 1,
            f"the next entry header ({EXPECTED_HEADER}) after the abstract",
            text,
            f"remove the stray line{more} or join it to the abstract",
            "left out these lines" if more else "left out this line",
        )

    def _date(self, lo: int, header: str, info: _Header):
        """``(year, date)`` of the entry, ``(None, None)`` when the date is left out with a
        warning (no year known, a year before 1500, after the capture date or today), or
        False when the entry is lost (an impossible calendar date)."""
        capture = self.capture
        year, inferred = info.year, info.year is None
        if inferred:
            year = capture.year
            if year is None:
                self.warn(
                    lo + 1,
                    "a year in the date, or a capture date",
                    header,
                    "pass --capture-date YYYY-MM-DD so year-less dates get a year",
                    "left out this date",
                )
                return None, None
        elif year < MIN_YEAR:
            self.warn(
                lo + 1,
                f"a year from {MIN_YEAR} to {capture.latest.year}",
                header,
                f"year {year} cannot be a publication year; fix the date",
                "left out this date",
            )
            return None, None
        date = None
        if info.precision == "day":
            try:
                date = dt.date(year, info.month, info.day)
            except ValueError:
                self.fail(
                    lo + 1,
                    "a real calendar date",
                    header + (f" (year {year} inferred)" if inferred else ""),
                    "fix the day or month",
                )
                return False
        if (date or dt.date(year, 1, 1)) > capture.latest:
            if capture.latest_is == "today":
                hint = (
                    "a paper cannot be dated after the day its page was read; fix the date, "
                    "or give the day the page was saved with --capture-date"
                )
            else:
                hint = "the page was saved later; pass its real --capture-date"
            self.warn(
                lo + 1,
                f"a date on or before {capture.latest_is} ({capture.latest.isoformat()})",
                header + (f" (year {year} inferred)" if inferred else ""),
                hint,
                "left out this date",
            )
            return None, None
        self.inferred_years += inferred
        return year, date


def _cut_line(lines: list[str], cut_mid_character: bool) -> int | None:
    """Index of the last line when the file may end inside it: no line break after it (or a
    character cut in half).  The seed page itself ends without one after an abstract, so
    this only says where to look; the entry reader decides what the cut can have damaged."""
    if cut_mid_character:
        return next((i for i in range(len(lines) - 1, -1, -1) if lines[i].strip()), None)
    return len(lines) - 1 if lines and lines[-1].strip() else None


@gc_paused()
def read_string(
    text: str,
    source: str = "<input>",
    *,
    strict: bool = False,
    capture_date: dt.date | None = None,
    owner: str | None = None,
    today: dt.date | None = None,
    cut_mid_character: bool = False,
) -> LoadResult:
    """Parse profile-page text; see the module docstring for the rules.

    Parameters
    ----------
    text : the page as text.
    source : the file name used in records and messages.
    strict : raise the first problem or warning instead of skipping or noting it.
    capture_date : the day the page was saved (year-less dates take its year).
    owner : the owner's name, replacing (or standing in for) the page's first line.
    today : the date to check dates against without ``capture_date`` (default: today).
    cut_mid_character : the file ended in the middle of a UTF-8 character (it was cut off).

    Returns
    -------
    LoadResult: one record per readable entry, the problems skipped (one per entry left
    out), and ``meta`` with ``owner``, ``field``, the header statistics (``h_index``,
    ``claimed_papers``, ``citations``, ``novelty_pct``, ``ai_score``, when present),
    ``entries``, ``records``, ``skipped``, ``warnings``, ``capture_date``, ``capture_year``,
    ``capture_year_rule``, ``inferred_years``.

    Examples
    --------
    >>> page = "Ada Lovelace\\nCV\\n\\nCVMay 3, 2021Code\\nA Title\\n\\nAlan Turing et al. · ox\\n"
    >>> res = read_string(page)
    >>> rec = res.records[0]
    >>> rec.title, [a.name for a in rec.authors], rec.authors_complete, rec.owners, rec.year
    ('A Title', ['Alan Turing'], False, ('Ada Lovelace',), 2021)
    """
    if not text.strip():
        raise InputError(
            source,
            None,
            "a researcher profile page",
            found="an empty file" if not text else "only blank lines",
            hint="save the profile page as text into this file",
        )
    lines = text.split("\n")
    stripped = [s.strip() for s in lines]
    problems = Problems(strict)
    infos, starts = _entry_starts(stripped, source)
    meta = _page_meta(lines, stripped, starts[0], owner, problems, source)
    capture = _capture(infos, capture_date, today or _common.today())
    entries = _Entries(
        source,
        problems,
        capture,
        (meta["owner"],) if meta["owner"] else (),
        _cut_line(lines, cut_mid_character),
        cut_mid_character,
    )
    starts.append(len(lines))
    records = [
        rec
        for lo, hi in itertools.pairwise(starts)
        if (rec := entries.read(lo, hi, stripped, infos[lo])) is not None
    ]
    meta.update(
        count_meta(len(starts) - 1 + entries.lost_entries, len(records), problems),
        capture_date=capture_date.isoformat() if capture_date else "",
        capture_year=capture.year,
        capture_year_rule=capture.rule,
        inferred_years=int(entries.inferred_years),
    )
    return LoadResult(records=records, problems=problems.items, meta=meta)


def read(
    path: str | os.PathLike[str],
    *,
    strict: bool = False,
    capture_date: dt.date | None = None,
    owner: str | None = None,
    today: dt.date | None = None,
    **_ignored,
) -> LoadResult:
    """Read a profile page file.  See :func:`read_string`."""
    text, cut = read_input(path, what="a researcher profile page in UTF-8 text", allow_cut=True)
    return read_string(
        text,
        str(Path(path)),
        strict=strict,
        capture_date=capture_date,
        owner=owner,
        today=today,
        cut_mid_character=cut,
    )
