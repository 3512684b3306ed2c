"""Helpers every record-based reader shares: problem collection, dates, DOIs, names.

Readers stay small by delegating the fiddly parts here: a :class:`Problems` collector that
raises in strict mode and records a :class:`~graph.errors.Problem` otherwise, date assembly
with a precision, DOI clean-up (so ``https://doi.org/10.1/X`` and ``10.1/x`` dedupe), and the
``"Family, Given"`` -> ``"Given Family"`` flip used by BibTeX, WoS, Scopus and RIS.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, Problem
from ..text import fold_dashes
from ._text import wide_encoding
from .records import PaperRecord, why_empty

__all__ = [
    "MIN_YEAR",
    "MONTH_NUMBERS",
    "Authorless",
    "Problems",
    "TaggedRecords",
    "cell_year",
    "check_date",
    "clean_doi",
    "count_meta",
    "date_or_year",
    "dated",
    "flip_initials",
    "flip_name",
    "is_initials",
    "is_placeholder_author",
    "make_date",
    "new_record",
    "parse_iso_date",
    "parse_month",
    "parse_tagged",
    "parse_year",
    "sniff_lines",
    "split_tagged",
    "today",
]

MONTH_NUMBERS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}

_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d|21\d\d)(?!\d)")
_SUFFIX_PART = re.compile(r"^(?:jr|sr|ii|iii|iv|v)\.?$", re.I)
_YEAR_CELL = re.compile(r"\s*(\d{4})(?:\.0+)?[a-z]?\s*")
_DOI = re.compile(r"10\.\d{4,9}/\S+")


#: The earliest plausible publication year (printed books; a year such as 0001 is a typo).
MIN_YEAR = 1500


def today() -> dt.date:
    """Today's date: the latest date a publication can have unless ``--capture-date`` says
    otherwise.  Readers take a ``today`` argument; tests pass it (or patch this function),
    so no assertion depends on the real clock."""
    return dt.date.today()


@dataclass
class Problems:
    """What a reader reports: problems (a record left out) and warnings (read anyway).

    One problem per record left out, so ``len(items)`` is the number of records skipped;
    a part of a record left out (a date, a stray line, a repeated name) or a record read in
    spite of a fault (no closing tag) is a warning, never counted as a skipped record.  In
    strict mode the first of either is raised instead.

    >>> p = Problems()
    >>> p.warn(InputError("f.ris", 3, "a year", found="0001"), "left out this date")
    >>> p.warnings, p.items
    (["f.ris:3: expected a year, found '0001' (left out this date)"], [])
    """

    strict: bool = False
    items: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def fail(self, err: InputError, skipped: str = "record") -> None:
        """Raise ``err`` (strict) or remember it as skipped ``skipped``."""
        if self.strict:
            raise err
        self.items.append(Problem(err, skipped))

    def warn(self, err: InputError, note: str) -> None:
        """Raise ``err`` (strict) or keep it as a warning; ``note`` says what was done about
        it (``"left out this date"``, ``"read the record anyway"``)."""
        if self.strict:
            raise err
        self.warnings.append(f"{err.message} ({note})")


def count_meta(entries: int, records: int, problems: Problems) -> dict:
    """The counts every reader's ``LoadResult.meta`` carries (see
    :class:`~graph.load.records.LoadResult`): ``entries`` (records the file held),
    ``records`` (read), ``skipped`` (left out, one problem each) and ``warnings``.

    >>> count_meta(3, 2, Problems(items=[None]))
    {'entries': 3, 'records': 2, 'skipped': 1, 'warnings': []}
    """
    warnings = list(problems.warnings)
    empty = why_empty(problems.items, entries, records, {})
    if empty is not None:  # a file that gave nothing says why, whatever the caller does next
        warnings.append(empty)
    return {
        "entries": entries,
        "records": records,
        "skipped": len(problems.items),
        "warnings": warnings,
    }


def check_date(
    year: int | None,
    month: int | None,
    day: int | None,
    *,
    problems: Problems,
    source: str,
    line: int,
    found: str,
    latest: dt.date,
    latest_is: str = "today",
    unit: str = "line",
    hint: str = "",
) -> tuple[int | None, int | None, int | None]:
    """``(year, month, day)`` if the date is plausible, else ``(None, None, None)`` and a
    warning: a year before :data:`MIN_YEAR`, or a date whose first day is after ``latest``
    (today, or the capture date; ``latest_is`` names it), is left out; the record is kept.

    >>> p = Problems()
    >>> check_date(2031, 3, None, problems=p, source="f.csv", line=4, found="2031-03",
    ...            latest=dt.date(2026, 5, 1))
    (None, None, None)
    >>> print(p.warnings[0].replace(". Hint", "\\n  Hint").replace("; f", ";\\n  f"))
    f.csv:4: expected a date on or before today (2026-05-01), found '2031-03'
      Hint: a paper cannot be dated after the day its list was made;
      fix the date (left out this date)
    >>> check_date(1843, None, None, problems=p, source="f.csv", line=5, found="1843",
    ...            latest=dt.date(2026, 5, 1))
    (1843, None, None)
    """
    if year is None:
        return None, month, day
    if MIN_YEAR <= year < latest.year:  # the common case, decided without building a date
        return year, month, day
    if year < MIN_YEAR:
        problems.warn(
            InputError(
                source,
                line,
                f"a year from {MIN_YEAR} to {latest.year}",
                found=found,
                unit=unit,
                hint=f"year {year} cannot be a publication year; fix the date",
            ),
            "left out this date",
        )
        return None, None, None
    date, _ = make_date(year, month, day)
    if date is not None and date > latest:
        problems.warn(
            InputError(
                source,
                line,
                f"a date on or before {latest_is} ({latest.isoformat()})",
                found=found,
                unit=unit,
                hint=hint
                or "a paper cannot be dated after the day its list was made; fix the date",
            ),
            "left out this date",
        )
        return None, None, None
    return year, month, day


def cell_year(text: str) -> int | None:
    """The year of a cell that should hold one: 4 digits (``2019``, ``2019.0`` as
    spreadsheets write it, ``2019a`` as reference managers do); None for anything else
    (``20x1``, ``-2023``, ``99999``).  ``0001`` is a year here; :func:`check_date` refuses it.

    >>> cell_year("2019"), cell_year(" 2019.0 "), cell_year("2019a"), cell_year("-2023")
    (2019, 2019, 2019, None)
    """
    m = _YEAR_CELL.fullmatch(text)
    return int(m.group(1)) if m else None


def dated(
    year: int | None,
    month: int | None = None,
    day: int | None = None,
    *,
    written: str,
    problems: Problems,
    source: str,
    line: int,
    latest: dt.date,
    expected: str = "a 4-digit year",
    unit: str = "line",
    required: bool = False,
) -> tuple[int | None, int | None, int | None]:
    """A record's date as every reader checks it: ``written`` (the date text as in the file)
    that gives no year is a warning (``expected ..., found ...``) and no date, and so is an
    empty one where the format always has a date (``required``); a year is
    checked against ``latest`` and :data:`MIN_YEAR` by :func:`check_date`.  The record is
    kept either way.

    >>> p = Problems()
    >>> dated(None, written="20x1", problems=p, source="f.csv", line=3, latest=dt.date(2026, 1, 1))
    (None, None, None)
    >>> p.warnings[0][:46]
    "f.csv:3: expected a 4-digit year, found '20x1'"
    >>> dated(2031, written="2031", problems=p, source="f.csv", line=4, latest=dt.date(2026, 1, 1))
    (None, None, None)
    >>> dated(None, written="", problems=p, source="f.csv", line=5, latest=dt.date(2026, 1, 1))
    (None, None, None)
    >>> len(p.warnings)
    2
    """
    if year is None:
        if written.strip() or required:
            problems.warn(
                InputError(
                    source,
                    line,
                    expected,
                    found=written.strip() or "an empty cell",
                    unit=unit,
                    hint="the record is read without a date; fix the date",
                ),
                "read without a date",
            )
        return None, None, None
    return check_date(
        year,
        month,
        day,
        problems=problems,
        source=source,
        line=line,
        found=written.strip() or str(year),
        latest=latest,
        unit=unit,
    )


#: What databases write where they have no author name: Scopus ``[No author name
#: available]``, Web of Science ``[Anonymous]``, PsycINFO ``No authorship indicated``, Lens
#: ``null``, a lone ``et al.``.  Never a person.
_PLACEHOLDER_AUTHOR = re.compile(
    r"^[\[(]?\s*(?:no\s+author(?:\s+name)?s?(?:\s+available)?|anonymous|anon\.?|"
    r"no\s+authorship\s+indicated|author\s+unknown|unknown(?:\s+authors?)?|null|none|"
    r"s\.\s*n\.|et\.?\s*al\.?|others)\s*[\])]?\.?$",
    re.I,
)


def is_placeholder_author(name: str) -> bool:
    """True for an author name that says there is no name (see :data:`_PLACEHOLDER_AUTHOR`).

    >>> [is_placeholder_author(n) for n in ("[No author name available]", "[Anonymous]",
    ...  "Anonymous", "No authorship indicated", "null", "et al.", "Na", "Ann Onymous")]
    [True, True, True, True, True, True, False, False]
    """
    return len(name) < 40 and bool(_PLACEHOLDER_AUTHOR.match(name.strip()))


@dataclass
class Authorless:
    """Papers read with no author name (the database has none): counted for one aggregated
    warning per file, never an author named ``Anonymous``.

    >>> a = Authorless()
    >>> a.add(4, "[No author name available]"); a.add(9, "[No author name available]")
    >>> print(a.warning("s.csv").replace(" read", "\\n  read").replace("; ", ";\\n  "))
    s.csv:4: 2 papers with no author names ('[No author name available]')
      read without authors (the first one here);
      they count as papers and add nothing to the co-author graph
    """

    count: int = 0
    first: int = 0
    written: list[str] = field(default_factory=list)

    def add(self, line: int, written: str = "") -> None:
        """One more paper without author names, at ``line``, written ``written``."""
        self.count += 1
        self.first = self.first or line
        written = " ".join(written.split())
        if written and written not in self.written and len(self.written) < 3:
            self.written.append(written)

    def warning(self, source: str, unit: str = "line") -> str | None:
        """The aggregated warning line, or None when every paper had authors."""
        if not self.count:
            return None
        papers = "1 paper" if self.count == 1 else f"{self.count} papers"
        how = f" ({', '.join(repr(w) for w in self.written)})" if self.written else ""
        where = f"{source}:{self.first}" if unit == "line" else f"{source}: {unit} {self.first}"
        return (
            f"{where}: {papers} with no author names{how} read without authors (the first "
            "one here); they count as papers and add nothing to the co-author graph"
        )


def parse_year(value: object) -> int | None:
    """The first plausible 4-digit year in ``value`` (int or text), else None.

    >>> parse_year("2020"), parse_year(" (2019a) "), parse_year(2021), parse_year("n.d.")
    (2020, 2019, 2021, None)
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value if 1500 <= value <= 2199 else None
    m = _YEAR.search(str(value))
    return int(m.group(1)) if m else None


def parse_month(value: object) -> int | None:
    """Month number from ``3``, ``"03"``, ``"mar"``, ``"March"`` or ``"MAR 15"``; else None.

    >>> parse_month("mar"), parse_month("September"), parse_month(12), parse_month("13")
    (3, 9, 12, None)
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 1 <= value <= 12 else None
    text = str(value).strip().lower()
    if text.isdigit():
        n = int(text)
        return n if 1 <= n <= 12 else None
    word = re.match(r"[a-z]+", text)
    if word and word.group(0)[:3] in MONTH_NUMBERS:
        return MONTH_NUMBERS[word.group(0)[:3]]
    return None


def make_date(
    year: int | None, month: int | None = None, day: int | None = None
) -> tuple[dt.date | None, str]:
    """A date and its precision (``"day"``, ``"month"``, ``"year"`` or ``""``).

    Month-precision dates fall on the 1st; an impossible day falls back to month precision.

    >>> make_date(2020, 2, 30)
    (datetime.date(2020, 2, 1), 'month')
    >>> make_date(2020)
    (datetime.date(2020, 1, 1), 'year')
    >>> make_date(None, 5, 1)
    (None, '')
    """
    if year is None:
        return None, ""
    if month is None:
        return dt.date(year, 1, 1), "year"
    if day is not None:
        try:
            return dt.date(year, month, day), "day"
        except ValueError:
            pass
    return dt.date(year, month, 1), "month"


def date_or_year(
    published: str,
    year_text: str,
    *,
    expected: str,
    problems: Problems,
    source: str,
    line: int,
    latest: dt.date,
) -> tuple[int | None, int | None, int | None]:
    """A CSV export's date from its ISO date cell (``2020-03-15``, ``2020-03``) when that
    reads, else from its year cell (``expected`` names that cell in a warning); checked by
    :func:`dated` either way (Lens, Dimensions).

    >>> p = Problems()
    >>> kw = dict(expected="a 4-digit Year", problems=p, source="f.csv", line=2,
    ...           latest=dt.date(2026, 1, 1))
    >>> date_or_year("2020-03", "2020", **kw), date_or_year("", "2019.0", **kw)
    ((2020, 3, None), (2019, None, None))
    >>> date_or_year("soon", "20x1", **kw), p.warnings[0][:46]
    ((None, None, None), "f.csv:2: expected a 4-digit Year, found '20x1'")
    """
    year, month, day = parse_iso_date(published)
    where = dict(problems=problems, source=source, line=line, latest=latest)
    if year is not None and cell_year(published[:4]) == year:
        return dated(year, month, day, written=published, **where)
    return dated(cell_year(year_text), written=year_text or published, expected=expected, **where)


def parse_iso_date(text: str) -> tuple[int | None, int | None, int | None]:
    """``(year, month, day)`` from ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or ``YYYY/MM/DD/...``.

    >>> parse_iso_date("2021-07-15"), parse_iso_date("2019/05//"), parse_iso_date("2018")
    ((2021, 7, 15), (2019, 5, None), (2018, None, None))
    """
    parts = [p for p in re.split(r"[-/]", str(text).strip())]
    year = parse_year(parts[0]) if parts and parts[0] else None
    month = parse_month(parts[1]) if len(parts) > 1 and parts[1].strip().isdigit() else None
    day = None
    if month and len(parts) > 2 and parts[2].strip().isdigit():
        day = int(parts[2])
    return year, month, day


def clean_doi(value: object) -> str:
    """A bare lower-case DOI (``10.x/y``) from a DOI, a ``doi:`` or a resolver URL; else ``""``.

    >>> clean_doi("https://doi.org/10.1145/ABC.123"), clean_doi("doi:10.1000/x."), clean_doi("n/a")
    ('10.1145/abc.123', '10.1000/x', '')
    """
    if not value:
        return ""
    m = _DOI.search(str(value))
    return m.group(0).rstrip(".,;").lower() if m else ""


def flip_name(name: str) -> str:
    """``"Family, Given"`` -> ``"Given Family"``; other forms unchanged (spaces collapsed).

    A suffix part is kept at the end, in BibTeX's order (``"King, Jr., Martin"``) and in
    RIS's (``"King, Martin, Jr."``): both give ``"Martin King Jr."``.

    >>> [flip_name(n) for n in ("King, Jr., Martin", "King, Martin, Jr.", "Drysdale, R. L., III")]
    ['Martin King Jr.', 'Martin King Jr.', 'R. L. Drysdale III']

    >>> flip_name("Agarwal, Pankaj K."), flip_name("Pankaj K. Agarwal"), flip_name("Smith, J")
    ('Pankaj K. Agarwal', 'Pankaj K. Agarwal', 'J Smith')
    """
    parts = [" ".join(p.split()) for p in name.split(",")]
    parts = [p for p in parts if p]
    if len(parts) == 2:
        return f"{parts[1]} {parts[0]}"
    if len(parts) == 3 and _SUFFIX_PART.match(parts[2]) and not _SUFFIX_PART.match(parts[1]):
        return f"{parts[1]} {parts[0]} {parts[2]}"  # RIS: "Last, First, Suffix"
    if len(parts) == 3:  # BibTeX: "von Last, Jr, First"
        return f"{parts[2]} {parts[0]} {parts[1]}"
    return " ".join(name.split())


#: A word of initials: one or two letters with a dot each, maybe joined by hyphens (``J.``,
#: ``J.A.``, ``Z.-t.``, ``J.-P.``, ``Ch.``).
_INITIALS_WORD = re.compile(r"^(?:[^\W\d_]{1,2}\.)+(?:-[^\W\d_]{1,2}\.?)*$")
_NOT_INITIALS = frozenset({"jr.", "sr."})
#: IEEE writes hyphenated initials with a space before the hyphen (``A. -C. Orgerie``)
_SPACED_HYPHEN = re.compile(r"(?<=\.)\s+-(?=[^\W\d_])")


def is_initials(word: str) -> bool:
    """True for a word of initials (``J.A.``, ``Z.-t.``; Unicode dashes are hyphens).

    >>> is_initials("J.A."), is_initials("Z.\u2010t."), is_initials("Jr."), is_initials("Ann")
    (True, True, False, False)
    """
    return word.lower() not in _NOT_INITIALS and bool(_INITIALS_WORD.match(fold_dashes(word)))


def flip_initials(name: str) -> str:
    """A name as databases write it family first -> ``Given Family``: ``Family, Given``
    (:func:`flip_name`) and ``Family I.J.`` (Scopus' ``Authors``, RIS and CSV from Scopus),
    with every Unicode dash read as a hyphen first, so ``Chen Z.‐t.`` (U+2010) is flipped
    like ``Chen Z.-t.``.  Other forms are returned with spaces collapsed.

    >>> flip_initials("Chen Z.\u2010t."), flip_initials("van der Berg J.-P.")
    ('Z.-t. Chen', 'J.-P. van der Berg')
    >>> flip_initials("Smith, J.A.")
    'J.A. Smith'
    >>> flip_initials("J. A. Smith"), flip_initials("Smith J. A."), flip_initials("J. A.")
    ('J. A. Smith', 'J. A. Smith', 'J. A.')
    >>> flip_initials("A. -C. Orgerie")  # IEEE's spaced hyphen
    'A.-C. Orgerie'
    """
    name = _SPACED_HYPHEN.sub("-", fold_dashes(" ".join(name.split())))
    if "," in name:
        return flip_name(name)
    words = name.split()
    k = len(words)
    while k > 0 and is_initials(words[k - 1]):
        k -= 1
    if 0 < k < len(words):
        return " ".join([*words[k:], *words[:k]])
    return name


def sniff_lines(path: str | Path, n: int = 40) -> list[str]:
    """The first ``n`` lines of a file, decoded leniently (for format detection only)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(16384)
    except OSError:
        return []
    wide = wide_encoding(head)
    if wide is not None:
        # a UTF-32 head cut mid-character decodes with one replacement character at the end
        return head.decode(wide, errors="replace").lstrip("\ufeff").splitlines()[:n]
    return head.decode("utf-8-sig", errors="replace").splitlines()[:n]


_TAGGED_LINE = re.compile(r"^([A-Z][A-Z0-9])(?:  -(?: |$)| |$)")


def split_tagged(
    lines: list[str], start_tag: str, end_tag: str = "ER", outside: tuple[str, ...] = ()
) -> tuple[list[tuple[int, list[str], bool]], list[int]]:
    """Cut tagged lines (RIS ``TY  - x``, WoS ``PT x``) into records.

    Returns ``[(first line number, lines, closed by end_tag)]`` and the line numbers of
    non-blank text outside any record (tags in ``outside``, such as WoS ``FN``, excepted).

    >>> recs, stray = split_tagged(["TY  - JOUR", "TI  - A", "ER  - ", "junk", "TY  - GEN"], "TY")
    >>> [(n, len(body), closed) for n, body, closed in recs], stray
    ([(1, 3, True), (5, 1, False)], [4])
    """
    records: list[tuple[int, list[str], bool]] = []
    stray: list[int] = []
    current: list[str] | None = None
    start = 0
    for n, line in enumerate(lines, start=1):
        m = _TAGGED_LINE.match(line)
        tag = m.group(1) if m else None
        if tag == start_tag:
            if current is not None:
                records.append((start, current, False))
            current, start = [line], n
        elif current is None:
            if line.strip() and tag not in outside:
                stray.append(n)
        else:
            current.append(line)
            if tag == end_tag:
                records.append((start, current, True))
                current = None
    if current is not None:
        records.append((start, current, False))
    return records, stray


class TaggedRecords:
    """Iterate a tagged file (RIS, WoS) record by record with a rispy parser, in file order,
    reporting as it goes; ``(first line, tag dict)`` per record.

    * Text between records is left out with one warning per run of lines (export preambles
      such as ``Provider: ...`` matching ``preamble`` before the first record excepted);
      a run holding tagged lines is a record whose start tag was lost: one problem.
    * A record without its end tag is read with a warning (an error when strict).  When the
      file also ends inside that record's last line (no line break after it, or a character
      cut in half) the line may be cut: it is left out, and if it is an author line
      (``author_tags``) an ``et al.`` author takes its place, so the list is marked cut.
    * A record rispy cannot parse is a problem.

    After iterating, ``entries`` is the number of records the file held (read or not) and
    ``warnings`` the warnings this iteration added.
    """

    def __init__(
        self,
        text: str,
        source: str,
        problems: Problems,
        parser,
        *,
        start_tag: str,
        end_line: str,
        outside: tuple[str, ...] = (),
        what: str,
        author_tags: tuple[str, ...] = (),
        preamble: re.Pattern | None = None,
        cut_mid_character: bool = False,
    ) -> None:
        self.text, self.source, self.problems, self.parser = text, source, problems, parser
        self.start_tag, self.end_line, self.end_tag = start_tag, end_line, end_line.split()[0]
        self.outside, self.what, self.author_tags = outside, what, author_tags
        self.preamble = preamble
        self.cut = cut_mid_character or not text.endswith("\n")
        self.entries = 0
        self.warnings: list[str] = []

    def _warn(self, err: InputError, note: str) -> None:
        self.problems.warn(err, note)
        self.warnings.append(self.problems.warnings[-1])

    def __iter__(self) -> Iterator[tuple[int, dict]]:
        lines = self.text.split("\n")
        chunks, stray = split_tagged(lines, self.start_tag, self.end_tag, self.outside)
        if not chunks:
            raise InputError(
                self.source,
                None,
                f"{self.what} records starting with '{self.start_tag}' and ending with "
                f"'{self.end_line.strip()}'",
                found="no records",
                hint="is this the right format? name it with --format",
            )
        if self.preamble is not None:
            stray = [n for n in stray if n > chunks[0][0] or not self.preamble.match(lines[n - 1])]
        starts = [c[0] for c in chunks]
        runs: dict[int, list[int]] = {}
        for n in stray:  # the stray lines between two records are one run
            runs.setdefault(bisect.bisect(starts, n), []).append(n)
        events = sorted(
            [(run[0], 0, run) for run in runs.values()]
            + [(c[0], 1, (k, c)) for k, c in enumerate(chunks)]
        )
        self.entries = len(chunks)
        for _, kind, item in events:
            if kind == 0:
                self._stray(lines, item)
                continue
            k, (start, body, closed) = item
            if not closed:
                body = self._unclosed(
                    lines, start, body, chunks[k + 1][0] if k + 1 < len(chunks) else None
                )
            try:
                parsed = self.parser.parse_lines(iter(body))
            except Exception as exc:  # rispy has no error type of its own for odd lines
                self.problems.fail(
                    InputError(
                        self.source,
                        start,
                        f"a {self.what} record rispy can read",
                        found=f"{type(exc).__name__}: {exc}",
                        hint="check the tags of this record",
                    )
                )
                continue
            for rec in parsed:
                yield start, rec

    def _stray(self, lines: list[str], run: list[int]) -> None:
        tags = [m.group(1) for n in run if (m := _TAGGED_LINE.match(lines[n - 1]))]
        if any(t != self.end_tag for t in tags):
            self.entries += 1
            self.problems.fail(
                InputError(
                    self.source,
                    run[0],
                    f"a '{self.start_tag}' line starting this {self.what} record",
                    found=lines[run[0] - 1],
                    hint=f"tagged lines without a '{self.start_tag}' line before them: the "
                    "record's first line is missing or damaged; fix it",
                )
            )
            return
        more = f" (and {len(run) - 1} more to line {run[-1]})" if len(run) > 1 else ""
        self._warn(
            InputError(
                self.source,
                run[0],
                f"a tagged line inside a {self.what} record "
                f"({self.start_tag} ... {self.end_line.strip()})",
                found=lines[run[0] - 1],
                hint=f"remove the stray text{more}",
            ),
            "left out these lines" if more else "left out this line",
        )

    def _unclosed(self, lines: list[str], start: int, body: list[str], nxt: int | None):
        """The body of a record without its end tag, made parseable, with a warning."""
        expected = f"a closing '{self.end_line.strip()}' line at the end of this {self.what} record"
        last = start + len(body) - 1  # line number of the body's last line
        if nxt is not None:
            self._warn(
                InputError(
                    self.source,
                    start,
                    expected,
                    hint=f"add it before the next record (line {nxt})",
                ),
                "read the record up to the next one",
            )
        elif not (self.cut and last == len(lines) and len(body) > 1 and body[-1].strip()):
            self._warn(
                InputError(
                    self.source,
                    start,
                    expected,
                    hint="the file ends inside this record; check that it is complete",
                ),
                "read the record anyway",
            )
        else:  # the file ends inside the body's last line: it may be cut
            owner = next((m for line in reversed(body) if (m := _TAGGED_LINE.match(line))), None)
            m = _TAGGED_LINE.match(body[-1])
            prefix = m.group(0) if m else body[-1][: len(body[-1]) - len(body[-1].lstrip())]
            value = body[-1][len(prefix) :].strip()
            if owner is not None and owner.group(1) in self.author_tags:
                body = [*body[:-1], prefix + "et al."]
                note = f"left out the possibly cut name {value!r}; the author list is marked cut"
            else:
                body = body[:-1]
                note = f"left out its possibly cut last line {lines[last - 1].strip()!r}"
            self._warn(
                InputError(
                    self.source,
                    last,
                    expected + f" (it starts on line {start})",
                    found=lines[last - 1],
                    hint="the file ends inside this line, as if cut off; download the export again",
                ),
                note,
            )
        return [*body, self.end_line]


def parse_tagged(
    text: str,
    source: str,
    problems: Problems,
    parser,
    *,
    start_tag: str,
    end_line: str,
    outside: tuple[str, ...] = (),
    what: str,
    **options,
) -> tuple[list[tuple[int, dict]], list[str], int]:
    """Parse a tagged file record by record with a rispy parser, keeping line numbers.

    Returns ``[(line, tag dict)]``, the warnings (records without an end tag, read anyway;
    stray text left out) and the number of records the file held.  See
    :class:`TaggedRecords` for the rules and ``options``.
    """
    records = TaggedRecords(
        text,
        source,
        problems,
        parser,
        start_tag=start_tag,
        end_line=end_line,
        outside=outside,
        what=what,
        **options,
    )
    out = list(records)
    return out, records.warnings, records.entries


def new_record(
    title: str,
    authors,
    source: str,
    line: int,
    *,
    year: int | None,
    month: int | None = None,
    day: int | None = None,
    complete: bool = True,
    **fields,
) -> PaperRecord:
    """A :class:`PaperRecord` with its date and precision built from year, month and day.

    >>> r = new_record("T", (), "f.bib", 3, year=2020, month=2, venue="J")
    >>> r.date, r.date_precision, r.venue
    (datetime.date(2020, 2, 1), 'month', 'J')
    """
    date, precision = make_date(year, month, day)
    return PaperRecord(
        title=title,
        authors=tuple(authors),
        source=source,
        line=line,
        authors_complete=complete,
        date=date,
        year=year,
        date_precision=precision,
        **fields,
    )
