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
* A date without a year is in the year the page was captured.  The capture year is
  ``capture_date.year`` when given, else one more than the latest year written on the page
  (the page writes the year for every earlier year, so the capture year is later than all of
  them).  ``year_inferred`` marks such dates.
* ``Code`` marks papers with code; the first repository URL of the abstract is ``code_url``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from ..errors import InputError, Problem
from ._text import read_text
from .records import AuthorRef, LoadResult, PaperRecord

__all__ = ["MONTHS", "parse_author_line", "parse_date_line", "read", "read_string"]

MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_FULL_MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "sept", "october", "november", "december",
}  # fmt: skip

# An entry header: category code, month word, day, optional year, optional Code marker.
_HEADER = re.compile(
    r"^(?P<cat>[A-Z][A-Z0-9]*?)(?P<mon>[A-Z][a-z]{2,8})\.?\s+(?P<day>\d{1,2})"
    r"(?:,\s*(?P<year>\d{4}))?\s*(?P<code>Code)?\s*$"
)
# Year-only header such as "CV2021Code".
_HEADER_YEAR = re.compile(
    r"^(?P<cat>[A-Z][A-Z0-9]*?)(?P<year>(?:19|20)\d{2})\s*(?P<code>Code)?\s*$"
)
# Anything that starts like a header (used to report unknown months instead of stray text).
_HEADER_LIKE = re.compile(r"^[A-Z]{1,10}[A-Z][a-z]+\.?\s+\d{1,2}\b")
_STAT = {
    "h_index": re.compile(r"^h-index\s*(\d[\d,]*)$", re.I),
    "claimed_papers": re.compile(r"^(\d[\d,]*)\s*papers$", re.I),
    "citations": re.compile(r"^(\d[\d,]*)\s*citations$", re.I),
    "novelty_pct": re.compile(r"^novelty\s*(\d+)%$", re.I),
    "ai_score": re.compile(r"^ai score\s*(\d+)$", re.I),
}
_PAPERS_HEADING = re.compile(r"^(\d[\d,]*)\s+Papers$")
_URL = re.compile(r"https?://[^\s<>\"'()\[\]{}]+")
_CODE_HOSTS = (
    "github.com", "gitlab.com", "bitbucket.org", "huggingface.co", "gitee.com",
    "codeberg.org", "sourceforge.net", "git.", "paperswithcode.com",
)  # fmt: skip
_ET_AL = re.compile(r"[,\s]*\bet\s+al\.?\s*$", re.I)
_NAME_WORD = re.compile(r"^[^\W\d_][\w'’.\-]*$")

EXPECTED_HEADER = "an entry header such as 'CVApr 12, 2023' or 'CVMay 15Code'"
EXPECTED_AUTHORS = "an author line such as 'Ada Lovelace, Alan Turing et al. · tag1, tag2'"


def _looks_like_author_line(line: str) -> bool:
    if "·" in line or _ET_AL.search(line):
        return True
    parts = [p.strip() for p in line.split(",")]
    if len(parts) < 2:
        return False
    return all(
        1 <= len(p.split()) <= 6 and all(_NAME_WORD.match(w) for w in p.split()) for p in parts
    )


def parse_author_line(line: str) -> tuple[list[str], bool, list[str]]:
    """Split an author line into (names, authors_complete, affiliation tags).

    >>> parse_author_line("Qianyu Zhou, Ke-Yue Zhang, Taiping Yao et al. · tencent-ai, tsinghua")
    (['Qianyu Zhou', 'Ke-Yue Zhang', 'Taiping Yao'], False, ['tencent-ai', 'tsinghua'])
    >>> parse_author_line("Ada Lovelace and Alan Turing")
    (['Ada Lovelace', 'Alan Turing'], True, [])
    """
    names_part, _, tags_part = line.partition("·")
    tags = [t.strip() for t in tags_part.split(",") if t.strip()]
    names_part = names_part.strip()
    complete = True
    if _ET_AL.search(names_part):
        complete = False
        names_part = _ET_AL.sub("", names_part)
    names_part = re.sub(r"\s+and\s+", ", ", names_part)
    names = [" ".join(n.split()) for n in names_part.split(",")]
    return [n for n in names if n], complete, tags


def parse_date_line(line: str) -> dict | None:
    """Parse an entry header; None when ``line`` is not one.

    Returns a dict with ``category``, ``month``, ``day``, ``year`` (None when not written),
    ``has_code`` and ``precision``.  An unknown month gives ``{"bad_month": word}``.

    >>> parse_date_line("CVApr 12, 2023Code")
    {'category': 'CV', 'month': 4, 'day': 12, 'year': 2023, 'has_code': True, 'precision': 'day'}
    >>> parse_date_line("LGMay 16")["year"] is None
    True
    """
    m = _HEADER.match(line)
    if m:
        word = m["mon"].lower()
        month = MONTHS.get(word[:3]) if (word[:3] in MONTHS and
                                         (len(word) == 3 or word in _FULL_MONTHS)) else None
        if month is None:
            return {"bad_month": m["mon"], "category": m["cat"]}
        return {
            "category": m["cat"],
            "month": month,
            "day": int(m["day"]),
            "year": int(m["year"]) if m["year"] else None,
            "has_code": bool(m["code"]),
            "precision": "day",
        }
    m = _HEADER_YEAR.match(line)
    if m:
        return {
            "category": m["cat"],
            "month": None,
            "day": None,
            "year": int(m["year"]),
            "has_code": bool(m["code"]),
            "precision": "year",
        }
    return None


def _code_url(abstract: str) -> str:
    for url in _URL.findall(abstract):
        url = url.rstrip(".,;:!?")
        host = url.split("/")[2].lower() if url.count("/") >= 2 else ""
        if any(h in host for h in _CODE_HOSTS) and len(url.split("/")) > 3 and url.split("/")[3]:
            return url
    return ""


def _header_meta(lines: list[str], path: str) -> dict:
    meta: dict = {"owner": "", "field": "", "header_other": []}
    nonblank = [(i, s.strip()) for i, s in enumerate(lines) if s.strip()]
    if not nonblank:
        return meta
    meta["owner"] = " ".join(nonblank[0][1].split())
    for _, text in nonblank[1:]:
        for key, rx in _STAT.items():
            m = rx.match(text)
            if m:
                meta[key] = int(m.group(1).replace(",", ""))
                break
        else:
            m = _PAPERS_HEADING.match(text)
            if m:
                meta.setdefault("claimed_papers", int(m.group(1).replace(",", "")))
            elif not meta["field"] and re.fullmatch(r"[A-Z]{1,10}", text):
                meta["field"] = text
            else:
                meta["header_other"].append(text)
    return meta


def read_string(
    text: str,
    source: str = "<input>",
    *,
    strict: bool = False,
    capture_date: dt.date | None = None,
) -> LoadResult:
    """Parse profile-page text; see the module docstring for the rules.

    >>> page = "Ada Lovelace\\nCV\\n\\nCVMay 3, 2021Code\\nA Title\\n\\nAlan Turing et al. · ox\\n"
    >>> res = read_string(page)
    >>> rec = res.records[0]
    >>> rec.title, [a.name for a in rec.authors], rec.authors_complete, rec.owners, rec.year
    ('A Title', ['Alan Turing'], False, ('Ada Lovelace',), 2021)
    """
    lines = text.split("\n")
    problems: list[Problem] = []

    def fail(err: InputError, skipped: str = "entry") -> None:
        if strict:
            raise err
        problems.append(Problem(err, skipped))

    if not text.strip():
        raise InputError(
            source, None, "a researcher profile page", found="an empty file",
            hint="save the profile page as text into this file",
        )
    starts = [
        i for i, s in enumerate(lines)
        if parse_date_line(s.strip()) is not None or _HEADER_LIKE.match(s.strip())
    ]  # fmt: skip
    if not starts:
        first = next((i for i, s in enumerate(lines) if s.strip()), 0)
        raise InputError(
            source, first + 1,
            "a researcher profile page: the owner's name, header statistics, then entries "
            f"starting with {EXPECTED_HEADER}",
            found=lines[first].strip(),
            hint="this file has no paper entries; if it is another format, name it with --format",
        )  # fmt: skip
    meta = _header_meta(lines[: starts[0]], source)
    if not meta["owner"]:
        fail(InputError(source, 1, "the profile owner's name on the first line",
                        hint="add the owner's name or pass --owner NAME"), "owner")
    starts.append(len(lines))

    raw: list[dict] = []
    for k in range(len(starts) - 1):
        lo, hi = starts[k], starts[k + 1]
        header = lines[lo].strip()
        info = parse_date_line(header)
        if info is None or "bad_month" in info:
            word = info["bad_month"] if info else header
            fail(InputError(
                source, lo + 1, EXPECTED_HEADER + " with an English month (Jan … Dec)",
                found=header, hint=f"unknown month {word!r}; fix the date or remove the entry",
            ))  # fmt: skip
            continue
        body = [(i, lines[i].strip()) for i in range(lo + 1, hi) if lines[i].strip()]
        if not body:
            fail(InputError(source, lo + 1, "a title line after the entry header",
                            found=header, hint="the entry is empty; complete or remove it"))
            continue
        title_i, title = body[0]
        if len(body) < 2 or not _looks_like_author_line(body[1][1]):
            if _looks_like_author_line(title) and (len(body) < 2 or len(body[1][1]) > 200):
                fail(InputError(source, title_i + 1, "a title line before the author line",
                                found=title, hint="the entry has no title; add it"))
            else:
                where = body[1] if len(body) > 1 else (title_i, "")
                fail(InputError(
                    source, where[0] + 1, EXPECTED_AUTHORS, found=where[1] or "(end of entry)",
                    hint="the entry has no author line; add one after the title",
                ))  # fmt: skip
            continue
        auth_i, auth_line = body[1]
        names, complete, tags = parse_author_line(auth_line)
        if not names:
            fail(InputError(source, auth_i + 1, EXPECTED_AUTHORS, found=auth_line,
                            hint="the author line names nobody"))
            continue
        abstract = body[2][1] if len(body) > 2 else ""
        for i, stray in body[3:]:
            fail(InputError(
                source, i + 1, f"the next entry header ({EXPECTED_HEADER}) after the abstract",
                found=stray, hint="remove the stray line or join it to the abstract",
            ), "line")  # fmt: skip
        raw.append(
            {
                "line": lo + 1, "info": info, "title": title, "names": names,
                "complete": complete, "tags": tags, "abstract": abstract,
            }
        )  # fmt: skip

    explicit = [r["info"]["year"] for r in raw if r["info"]["year"] is not None]
    if capture_date is not None:
        capture_year, rule = capture_date.year, "--capture-date"
    elif explicit:
        capture_year, rule = max(explicit) + 1, "latest year written on the page + 1"
    else:
        capture_year, rule = None, "unknown (no year on the page; pass --capture-date)"
    meta.update(capture_year=capture_year, capture_year_rule=rule, entries=len(starts) - 1)

    owner = meta["owner"]
    records: list[PaperRecord] = []
    for r in raw:
        info = r["info"]
        year, inferred = info["year"], info["year"] is None
        if inferred:
            year = capture_year
            if year is None:
                fail(InputError(
                    source, r["line"], "a year in the date, or a capture date",
                    found=header_text(lines, r["line"]),
                    hint="pass --capture-date YYYY-MM-DD so year-less dates get a year",
                ), "date")  # fmt: skip
        date = None
        if year is not None and info["precision"] == "day":
            try:
                date = dt.date(year, info["month"], info["day"])
            except ValueError:
                fail(InputError(
                    source, r["line"], "a real calendar date",
                    found=header_text(lines, r["line"]), hint="fix the day or month",
                ))  # fmt: skip
                continue
        records.append(
            PaperRecord(
                title=r["title"],
                authors=tuple(AuthorRef(n) for n in r["names"]),
                source=source,
                line=r["line"],
                authors_complete=r["complete"],
                date=date,
                year=year,
                date_precision=info["precision"] if year is not None else "",
                year_inferred=inferred and year is not None,
                category=info["category"],
                has_code=info["has_code"],
                code_url=_code_url(r["abstract"]),
                abstract=r["abstract"],
                affiliations=tuple(r["tags"]),
                owners=(owner,) if owner else (),
            )
        )
    meta["records"] = len(records)
    return LoadResult(records=records, problems=problems, meta=meta)


def header_text(lines: list[str], line_no: int) -> str:
    return lines[line_no - 1].strip()


def read(
    path: str | os.PathLike[str],
    *,
    strict: bool = False,
    capture_date: dt.date | None = None,
    **_ignored,
) -> LoadResult:
    """Read a profile page file.  See :func:`read_string`."""
    text = read_text(path, what="a researcher profile page in UTF-8 text")
    return read_string(text, str(Path(path)), strict=strict, capture_date=capture_date)
