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
  is 2025).  ``capture_date`` (``--capture-date``) overrides it; a date on the page later than
  the capture date contradicts it and is an error.  ``year_inferred`` marks such dates; the
  full date (month and day) is kept.
* ``Code`` marks papers with code (``has_code``).  ``code_url`` is the first repository URL of
  the abstract: ``owner/repo`` on GitHub, GitLab, Bitbucket, Gitee, Codeberg or Hugging Face
  (an organisation page such as ``github.com/SoccerNet`` is not a repository), any path on
  other code hosts; trailing punctuation and a ``.git`` suffix are removed.
* The header statistics (field, h-index, claimed paper count, citations, novelty, AI score)
  go into ``LoadResult.meta``; the page may list fewer papers than it claims.

Problems
--------
A file that cannot be a profile page (empty, binary, not UTF-8, no entry at all) is always an
error.  Inside a page, each problem (unknown header line, unknown month, impossible date, entry
without title or author line, stray line after an abstract, a name listed twice) is an
:class:`~graph.errors.InputError` naming the line: with ``strict=True`` the first one is
raised, otherwise it is skipped and recorded in ``LoadResult.problems``.  Nothing is dropped
without a problem saying so.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
from pathlib import Path
from typing import NamedTuple

from .._gc import gc_paused
from ..errors import InputError, Problem
from ..text import name_key
from ._text import read_text
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


def _capture_year(
    explicit: list[tuple[int, int]], capture_date: dt.date | None
) -> tuple[int | None, str]:
    if capture_date is not None:
        return capture_date.year, "--capture-date"
    if explicit:
        return max(y for _, y in explicit) + 1, "latest year written on the page + 1"
    return None, "unknown (no year on the page; pass --capture-date)"


@gc_paused()
def read_string(
    text: str,
    source: str = "<input>",
    *,
    strict: bool = False,
    capture_date: dt.date | None = None,
    owner: str | None = None,
) -> LoadResult:
    """Parse profile-page text; see the module docstring for the rules.

    Parameters
    ----------
    text : the page as text.
    source : the file name used in records and messages.
    strict : raise the first problem instead of skipping it.
    capture_date : the day the page was saved (year-less dates take its year).
    owner : the owner's name, replacing (or standing in for) the page's first line.

    Returns
    -------
    LoadResult: one record per readable entry, the problems skipped, and ``meta`` with
    ``owner``, ``field``, the header statistics (``h_index``, ``claimed_papers``,
    ``citations``, ``novelty_pct``, ``ai_score``, when present), ``entries``, ``records``,
    ``skipped``, ``capture_date``, ``capture_year``, ``capture_year_rule``, ``inferred_years``.

    Examples
    --------
    >>> page = "Ada Lovelace\\nCV\\n\\nCVMay 3, 2021Code\\nA Title\\n\\nAlan Turing et al. · ox\\n"
    >>> res = read_string(page)
    >>> rec = res.records[0]
    >>> rec.title, [a.name for a in rec.authors], rec.authors_complete, rec.owners, rec.year
    ('A Title', ['Alan Turing'], False, ('Ada Lovelace',), 2021)
    """
    lines = text.split("\n")
    problems: list[Problem] = []

    def fail(
        line: int | None, expected: str, found: str | None, hint: str, skipped: str = "entry"
    ) -> None:
        err = InputError(source, line, expected, found=found, hint=hint)
        if strict:
            raise err
        problems.append(Problem(err, skipped))

    if not text.strip():
        raise InputError(
            source,
            None,
            "a researcher profile page",
            found="an empty file" if not text else "only blank lines",
            hint="save the profile page as text into this file",
        )
    stripped = [s.strip() for s in lines]
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

    meta, unknown = _header_meta(lines[: starts[0]])
    if owner:
        meta["owner_on_page"], meta["owner"] = meta["owner"], " ".join(owner.split())
    elif not meta["owner"]:
        fail(
            1,
            "the profile owner's name on the first line",
            stripped[0] or None,
            "add the owner's name as the first line or pass --owner NAME",
            "owner",
        )
    for i, line in unknown:
        fail(
            i + 1,
            EXPECTED_STAT,
            line,
            "remove the line if it is not part of the profile header",
            "line",
        )

    explicit = [(i, info.year) for i, info in infos.items() if info and info.year is not None]
    capture_year, rule = _capture_year(explicit, capture_date)
    starts.append(len(lines))

    records: list[PaperRecord] = []
    # One AuthorRef per distinct name string: records are immutable, so sharing is safe, and
    # it saves an object per authorship at 10^6 papers.
    refs: dict[str, AuthorRef] = {}
    keys: dict[str, str] = {}  # name -> name_key(name), once per distinct name
    tag_strs: dict[str, str] = {}  # one string per distinct tag, shared by the records
    inferred_years = 0
    for lo, hi in itertools.pairwise(starts):
        header, info = stripped[lo], infos[lo]
        if info is None or info.bad_month is not None:
            word = info.bad_month if info else header
            fail(
                lo + 1,
                EXPECTED_HEADER + " with an English month (Jan … Dec)",
                header,
                f"unknown month {word!r}; fix the date or remove the entry",
            )
            continue
        body = [(i, stripped[i]) for i in range(lo + 1, hi) if stripped[i]]
        if not body:
            fail(
                lo + 1,
                "a title line after the entry header",
                header,
                "the entry is empty; complete or remove it",
            )
            continue
        title_i, title = body[0]
        if _strong_author_line(title) or (
            # a lone name could be a short title: only a list of names is taken as authors
            _looks_like_author_line(title, single=False)
            and (len(body) < 2 or not _looks_like_author_line(body[1][1]))
        ):
            fail(
                title_i + 1,
                "a title line before the author line",
                title,
                "the entry has no title; add it",
            )
            continue
        if len(body) < 2 or not _looks_like_author_line(body[1][1]):
            at, found = body[1] if len(body) > 1 else (title_i, "(end of entry)")
            fail(
                at + 1,
                EXPECTED_AUTHORS,
                found,
                "the entry has no author line; add one after the title",
            )
            continue
        auth_i, auth_line = body[1]
        names, complete, tags = parse_author_line(auth_line)
        if not names:
            fail(auth_i + 1, EXPECTED_AUTHORS, auth_line, "the author line names nobody")
            continue
        unique: dict[str, str] = {}
        for name in names:
            key = keys.get(name)
            if key is None:
                key = keys[name] = name_key(name)
            if key in unique:
                fail(
                    auth_i + 1,
                    "each author once on an author line",
                    name,
                    f"{name!r} repeats {unique[key]!r}; remove one",
                    "author",
                )
            else:
                unique[key] = name
        for i, stray in body[3:]:
            fail(
                i + 1,
                f"the next entry header ({EXPECTED_HEADER}) after the abstract",
                stray,
                "remove the stray line or join it to the abstract",
                "line",
            )
        year, inferred = info.year, info.year is None
        if inferred:
            year = capture_year
            if year is None:
                fail(
                    lo + 1,
                    "a year in the date, or a capture date",
                    header,
                    "pass --capture-date YYYY-MM-DD so year-less dates get a year",
                    "date",
                )
        date = None
        if year is not None and info.precision == "day":
            try:
                date = dt.date(year, info.month, info.day)
            except ValueError:
                fail(
                    lo + 1,
                    "a real calendar date",
                    header + (f" (year {year} inferred)" if inferred else ""),
                    "fix the day or month",
                )
                continue
        if capture_date is not None and (date or dt.date(year, 1, 1)) > capture_date:
            raise InputError(
                source,
                lo + 1,
                f"a date on or before the capture date {capture_date}",
                found=header,
                hint="the page was saved later; pass its real --capture-date",
            )
        inferred_years += inferred and year is not None
        abstract = body[2][1] if len(body) > 2 else ""
        authors = []
        for n in unique.values():
            ref = refs.get(n)
            if ref is None:
                ref = refs[n] = AuthorRef(n)
            authors.append(ref)
        records.append(
            PaperRecord(
                title=title,
                authors=tuple(authors),
                source=source,
                line=lo + 1,
                authors_complete=complete,
                date=date,
                year=year,
                date_precision=info.precision if year is not None else "",
                year_inferred=inferred and year is not None,
                category=info.category,
                has_code=info.has_code,
                code_url=code_url(abstract) if abstract else "",
                abstract=abstract,
                affiliations=tuple(dict.fromkeys([tag_strs.setdefault(t, t) for t in tags])),
                owners=(meta["owner"],) if meta["owner"] else (),
            )
        )
    meta.update(
        entries=len(starts) - 1,
        records=len(records),
        skipped=len(problems),
        capture_date=capture_date.isoformat() if capture_date else "",
        capture_year=capture_year,
        capture_year_rule=rule,
        inferred_years=int(inferred_years),
    )
    return LoadResult(records=records, problems=problems, meta=meta)


def read(
    path: str | os.PathLike[str],
    *,
    strict: bool = False,
    capture_date: dt.date | None = None,
    owner: str | None = None,
    **_ignored,
) -> LoadResult:
    """Read a profile page file.  See :func:`read_string`."""
    text = read_text(path, what="a researcher profile page in UTF-8 text")
    return read_string(text, str(Path(path)), strict=strict, capture_date=capture_date, owner=owner)
