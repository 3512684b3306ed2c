"""Reader for BibTeX / BibLaTeX files (Google Scholar, DBLP, Zotero, JabRef exports).

Parsing is bibtexparser 2's (blocks with line numbers, ``@string`` macros, name splitting);
TeX is decoded by pylatexenc, the library bibtexparser itself uses for that.

Rules
-----
* Field names are case-insensitive (Web of Science writes ``Author``, ``Title``, ``Year``,
  ``DOI``); values in double braces (``Title = {{A Title}}``, ``Year = {{2003}}``) are read
  as their text.
* ``author`` is split on ``and`` outside braces; ``Last, First``, ``First Last`` and
  ``von Last, Jr, First`` forms all become ``First von Last Jr``; ``{Barnes and Noble}`` stays
  one author.  ``and others`` marks a cut list (``authors_complete=False``).
  Group authors (``{DELTA Study Group}``, ``... Consortium``), organisations (``{World
  Health Organization}``) and braced corporate names (``{Barnes and Noble}``, ``{IEEE}``)
  are the paper's ``groups`` (:mod:`graph.load.groups`), not persons; a braced person's name
  (``{Liu Wei}``, Zotero's single-field names) stays a person.
* Authors separated by ``,`` instead of ``and`` (some Scopus exports:
  ``author = {Smith J., Doe A., Roe B.}``) are detected (three or more comma parts that are
  not ``Last, Jr, First``, or two ``Family I.`` parts) and split, with a warning; never read
  as one invented person, never dropped.
* Scopus glues affiliation letters to initials (``Iorio, C.a and Frasso, G.b``): a run of
  lower-case letters right after an initial's full stop is removed (``Li, A.`` keeps its
  initial; ``A.de Silva`` keeps ``de`` unless the entry has four or more affiliations).  When
  the entry has an ``affiliation``/``affiliations`` list (``;``-separated), letter ``a`` is its
  first entry, ``b`` its second ...: those authors get those affiliations.
* DBLP: the homonym number after a name (``Wei Wang 0001``) is DBLP's identification of
  the person: kept in the name as read, so the key keeps ``Wei Wang 0001`` and ``Wei Wang
  0002`` apart, while the name shown leaves it out (:func:`graph.text.clean_name`).  The
  entry's DBLP key (``DBLP:conf/soda/X`` or ``biburl``) is the paper's ``ext_id``
  (``dblp:conf/soda/X``).  An ``@proceedings`` naming editors only is skipped (its editors
  are not its authors), with that reason.
* Web of Science BibTeX (a ``Unique-ID = {ISI:...}``/``{WOS:...}`` or an ``ISI:`` key):
  ``Affiliation`` lines ``Family, Given; Family, Given, Univ X, Dept Y, City, Country.`` give
  the named authors their addresses (reprint-author lines are skipped as duplicates),
  ``ORCID-Numbers`` their ORCIDs and ``Unique-ID`` the paper's ``ext_id`` (``wos:...``).
  A Scopus record URL gives the paper's ``ext_id`` ``scopus:2-s2.0-...`` (its ``eid``).
  Other ``affiliation(s)`` fields are ``;``-separated affiliations of the paper.  Each
  address gives an organisation, a country and the full text (:mod:`graph.load.address`).
* TeX accents and braces are decoded (``M{\\"u}ller`` -> ``Müller``, ``{\\ss}`` -> ``ß``);
  math in titles is kept for the normalise stage (``$^3$`` -> ``³`` there).
* ``@string`` macros and ``#`` concatenation are resolved; month macros (``mar``) are months.
* The date comes from ``year`` / ``month`` / ``day`` or the BibLaTeX ``date`` field.  A
  ``year`` with no readable year in it (``20x1``) is a warning with the entry's line (an
  error with ``strict``): the entry is read without a date, never silently.
* ``doi`` (or a ``doi.org`` URL), ``journal`` / ``booktitle`` as venue, ``abstract`` and
  ``url`` are kept.
* A duplicate entry key is reported as a warning (``meta["warnings"]``), not an error: Scholar
  exports reuse keys for different papers, so both entries are read.
* An entry the parser aborts on, or one without a title or authors, is a problem (skipped in
  lenient mode, raised with ``strict``).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from contextlib import contextmanager
from pathlib import Path

import bibtexparser
from bibtexparser import middlewares as mw
from bibtexparser.library import Library
from bibtexparser.middlewares.names import (
    InvalidNameError,
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    Entry,
    MiddlewareErrorBlock,
    ParsingFailedBlock,
    String,
)
from pylatexenc.latex2text import LatexNodes2Text

from ..errors import InputError
from ..text import fold_dashes
from . import _common
from ._common import (
    Authorless,
    Problems,
    check_date,
    clean_doi,
    flip_initials,
    flip_name,
    is_initials,
    is_placeholder_author,
    new_record,
    parse_iso_date,
    parse_month,
    parse_year,
)
from ._text import read_text
from .address import Address, aligned, parse_address
from .groups import is_group_name
from .records import AuthorRef, LoadResult, PaperRecord
from .wos import wos_id

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
# Scopus' affiliation letters glued to an initial: "C.a", "R.D.ab", "J.-P.b", "C.a,b".
_LETTERS = re.compile(
    r"(?P<init>(?:[A-Z]\.)(?:-?[A-Z]\.)*)(?P<letters>[a-z](?:\s*,\s*[a-z]\b)*|[a-z]{2,3})"
    r"(?=\s*,?\s*\*?\s*$|\s)"
)
_SUFFIX = re.compile(r"^(?:jr|sr|ii|iii|iv|v)\.?$", re.I)
_FAMILY_INITIALS = re.compile(r"^\S(?:.*\S)?\s+[A-Z]\.?(?:-?[A-Z]\.?)*$")
_ORCID = re.compile(r"(\d{4}-\d{4}-\d{4}-\d{3}[\dX])")
_EID = re.compile(r"[?&]eid=(2-s2\.0-\d+)")
_REPRINT = re.compile(r"\((?:reprint|corresponding) author\)", re.I)


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
    # Names are split by the reader itself (comma-separated lists, Scopus letters first).
    return [
        mw.NormalizeFieldKeys(allow_inplace_modification=True),
        mw.ResolveStringReferencesMiddleware(allow_inplace_modification=True),
        mw.RemoveEnclosingMiddleware(allow_inplace_modification=True),
        _ResolveConcatenation(),
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
    name = decode_tex(" ".join(words))
    # "Chen Z.-t." (Scopus' short form, no comma) parses as given "Chen", family "Z.-t."
    last = decode_tex(parts.last[0]) if len(parts.last) == 1 else ""
    if last and not parts.jr and "," not in name and is_initials(last):
        return flip_initials(name)
    return name


def _top_commas(text: str) -> list[str]:
    """Split on commas outside braces."""
    parts, depth, buf = [], 0, []
    for ch in text:
        depth += (ch == "{") - (ch == "}")
        if ch == "," and depth == 0:
            parts.append("".join(buf).strip())
            buf = []
        else:
            buf.append(ch)
    parts.append("".join(buf).strip())
    return parts


def comma_separated_authors(raw: str) -> list[str] | None:
    """The names of an author field that separates them with ``,`` instead of ``and``, or
    None when the field reads as BibTeX names.

    >>> comma_separated_authors("Smith J., Doe A., Roe B.")
    ['Smith J.', 'Doe A.', 'Roe B.']
    >>> comma_separated_authors("Smith J., Doe A.")
    ['Smith J.', 'Doe A.']
    >>> [comma_separated_authors(s) for s in ("Smith, John A.", "King, Jr., Martin", "Li, A.")]
    [None, None, None]
    """
    if len(split_multiple_persons_names(raw)) != 1:
        return None
    parts = _top_commas(raw)
    if len(parts) < 2 or any(not p for p in parts):
        return None
    if len(parts) == 3 and _SUFFIX.match(parts[1]):
        return None  # "von Last, Jr, First"
    if len(parts) >= 3 and all(len(p.split()) >= 2 for p in parts):
        return parts
    if all(_family_initials(p) for p in parts):
        return parts
    return None


def _family_initials(name: str) -> bool:
    """``Family I.``: a name whose last word is initials (``Smith J.``, ``Chen Z.‐t.``,
    ``Smith JA``).

    >>> [_family_initials(n) for n in ("Chen Z.\u2010t.", "Smith JA", "J. Smith")]
    [True, True, False]
    """
    words = fold_dashes(name).split()
    return len(words) > 1 and (
        is_initials(words[-1]) or bool(_FAMILY_INITIALS.match(" ".join(words)))
    )


def _braced_corporate(written: str, name: str) -> bool:
    """A whole name in braces that is an organisation: ``{Barnes and Noble}`` (BibTeX's
    corporate author), ``{IEEE}``, ``{OECD}``.  A braced person (``{Liu Wei}``, as Zotero
    writes single-field names) stays a person.

    >>> _braced_corporate("{Barnes and Noble}", "Barnes and Noble"), _braced_corporate(
    ...     "{IEEE}", "IEEE"), _braced_corporate("{Liu Wei}", "Liu Wei")
    (True, True, False)
    """
    w = written.strip()
    if not (w.startswith("{") and w.endswith("}")):
        return False
    depth = 0
    for ch in w[:-1]:
        depth += (ch == "{") - (ch == "}")
        if depth == 0:
            return False  # "{van der} Berg": braces around a part only
    words = name.split()
    return " and " in f" {name.lower()} " or (
        len(words) <= 2 and name.replace(" ", "").isalpha() and name.isupper() and len(name) > 1
    )


def _letters(person: str, n_affiliations: int) -> tuple[str, list[int]]:
    """``person`` without Scopus affiliation letters and the affiliation indices they name.

    >>> _letters("Iorio, C.a", 2), _letters("T.a Jappelli", 0), _letters("Li, A.", 0)
    (('Iorio, C.', [0]), ('T. Jappelli', [0]), ('Li, A.', []))
    >>> _letters("Silva, A.de", 0), _letters("Silva, A.de", 5), _letters("Roe, B.a, c", 3)
    (('Silva, A.de', []), ('Silva, A.', [3, 4]), ('Roe, B.', [0, 2]))
    """
    indices: list[int] = []

    def strip(m: re.Match) -> str:
        letters = [ch for ch in m["letters"] if ch.isalpha()]
        glued = "," not in m["letters"] and len(letters) > 1
        idx = [ord(ch) - ord("a") for ch in letters]
        if glued and not (n_affiliations and all(i < n_affiliations for i in idx)):
            return m.group(0)  # "A.de Silva": a name particle, not letters
        indices.extend(idx)
        return m["init"]

    cleaned = _LETTERS.sub(strip, person)
    return " ".join(cleaned.split()).rstrip(" ,*"), indices


def _is_wos(entry: Entry) -> bool:
    uid = _field(entry, "unique-id")
    return bool(wos_id(decode_tex(uid))) or bool(wos_id(entry.key or ""))


def _wos_affiliations(
    raw: str, authors_raw: list[str]
) -> tuple[dict[str, list[Address]], list[Address]]:
    """Web of Science BibTeX ``Affiliation`` lines -> addresses by author key, and the
    addresses that name no author."""
    keys = {_name_key(a): a for a in authors_raw}
    per_author: dict[str, list[Address]] = {}
    paper: list[Address] = []
    for line in raw.replace("{", "").replace("}", "").split("\n"):
        line = decode_tex(line).strip()
        if not line or _REPRINT.search(line):
            continue
        *named, last = line.split("; ")
        prefix = next(
            (a for a in authors_raw if _name_key(last).startswith(_name_key(a)) and a.strip()),
            None,
        )
        if prefix is not None and last.startswith(decode_tex(prefix) + ","):
            names, address = [*named, decode_tex(prefix)], last[len(decode_tex(prefix)) + 1 :]
        elif named or last.count(",") >= 2:
            segs = last.split(", ")
            names, address = [*named, ", ".join(segs[:2])], ", ".join(segs[2:])
        else:
            names, address = [], last
        parsed = parse_address(address, style="wos")
        known = [n for n in names if _name_key(n) in keys]
        if not known:
            paper.append(parse_address(line, style="wos"))
            continue
        for n in known:
            per_author.setdefault(_name_key(n), []).append(parsed)
    return per_author, paper


def _scopus_eid(url: str) -> str:
    """``scopus:2-s2.0-...`` from a Scopus record URL's ``eid=`` (``""`` otherwise)."""
    m = _EID.search(url) if "scopus.com" in url else None
    return f"scopus:{m.group(1)}" if m else ""


_DBLP_BIBURL = re.compile(r"dblp\.(?:org|uni-trier\.de)/rec/(?:bibtex/)?(\S+?)(?:\.bib)?$")


def _dblp_key(entry: Entry) -> str:
    """``dblp:<key>`` of a DBLP entry (key ``DBLP:conf/soda/X`` or ``biburl``), else ``""``.

    DBLP's record key names one publication, so two entries with it are one paper.
    """
    m = _DBLP_BIBURL.search(_field(entry, "biburl").strip())
    if m:
        return f"dblp:{m.group(1)}"
    key = entry.key or ""
    return f"dblp:{key[5:]}" if key.startswith("DBLP:") and "/" in key else ""


def _name_key(name: str) -> str:
    return "".join(ch for ch in decode_tex(name).lower() if ch.isalnum())


def _field(entry: Entry, *names: str) -> str:
    fields = entry.fields_dict  # built anew by each access: once per call
    for name in names:
        field = fields.get(name)
        if field is not None:
            value = field.value
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


def _entry_record(
    entry: Entry,
    source: str,
    problems: Problems,
    warnings: list[str],
    today: dt.date,
    authorless: Authorless,
) -> PaperRecord | None:
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
    raw = _field(entry, "author")
    wos = _is_wos(entry)
    aff_raw = _field(entry, "affiliations", "affiliation")
    aff_list = [] if wos else [a.strip() for a in decode_tex(aff_raw).split(";") if a.strip()]
    listed = comma_separated_authors(raw) if raw else None
    if listed is not None:
        warnings.append(
            f"{source}:{line}: {where}: authors separated by ',' instead of 'and'; "
            f"read as {len(listed)} names"
        )
        people = [(n, flip_name(n) if "," in n else n) for n in listed]
    else:
        people = [(p, "") for p in split_multiple_persons_names(raw)] if raw else []
    authors: list[tuple[str, str, list[int]]] = []  # (name as written, display, letters)
    complete = True
    for written, display in people:
        cleaned, letters = _letters(written, len(aff_list))
        if display:
            words = fold_dashes(cleaned).split()
            name = (
                " ".join([words[-1], *words[:-1]])
                if len(words) > 1 and _FAMILY_INITIALS.match(" ".join(words))
                else flip_initials(cleaned)  # "Chen Z.-t.", lower-case initials
            )
            authors.append((cleaned, decode_tex(name), letters))
            continue
        try:
            parts = parse_single_name_into_parts(cleaned)
        except InvalidNameError as exc:
            problems.fail(
                InputError(
                    source,
                    line,
                    _EXPECTED_ENTRY,
                    found=f"author {written!r}",
                    hint=f"the entry could not be read ({exc.reason})",
                ),
                "entry",
            )
            return None
        if [w.lower() for w in parts.last] == ["others"] and not parts.first:
            complete = False
            continue
        name = _person(parts)
        if name:
            authors.append((cleaned, name, letters))
    groups = tuple(
        dict.fromkeys(n for w, n, _ in authors if is_group_name(n) or _braced_corporate(w, n))
    )
    persons = [a for a in authors if a[1] not in groups]
    placeholder = next((n for _, n, _ in persons if is_placeholder_author(n)), "")
    if placeholder:  # "Anonymous": nobody's name
        persons = [a for a in persons if not is_placeholder_author(a[1])]
        complete = complete and not persons
    if not persons and not groups and (placeholder or not complete):
        authorless.add(line, placeholder or "others")
    elif not persons and not groups:
        problems.fail(
            InputError(
                source,
                line,
                f"an author field in {where}",
                found=decode_tex(raw) or None,
                hint="an entry naming editors only (a proceedings volume, an edited book) "
                "has no authors to link"
                if _field(entry, "editor")
                else "add author = {Last, First and Last, First}",
            ),
            "entry",
        )
        return None
    year_text = decode_tex(_field(entry, "year"))
    year = parse_year(year_text) if not year_text.strip().lstrip("-").isdigit() else None
    if year is None and year_text.strip().isdigit():
        year = int(year_text)  # "0001", "99999": a number that is no plausible year
    if year is not None and year > 9999:
        year = None
    if year_text and year is None:
        err = InputError(
            source,
            line,
            f"a 4-digit year in {where}",
            found=year_text,
            hint="the entry is read without a date; correct the year field",
        )
        if problems.strict:
            raise err
        warnings.append(f"{err.message} (read without a date)")
    month = parse_month(decode_tex(_field(entry, "month")))
    day_text = decode_tex(_field(entry, "day"))
    day = int(day_text) if day_text.strip().isdigit() else None
    written = year_text
    if year is None and not year_text and _field(entry, "date"):
        written = decode_tex(_field(entry, "date"))
        year, month, day = parse_iso_date(written)
    if year is None:
        month = day = None
    year, month, day = check_date(
        year,
        month,
        day,
        problems=problems,
        source=source,
        line=line,
        found=written,
        latest=today,
        hint=f"{where} cannot be dated after the day the file was made; fix the date",
    )
    warnings.extend(problems.warnings)  # in file order with the reader's other warnings
    problems.warnings.clear()
    refs, paper = _author_refs(entry, persons, aff_raw, aff_list, wos)
    url = decode_tex(_field(entry, "url"))
    return new_record(
        title,
        refs,
        source,
        line,
        year=year,
        month=month,
        day=day,
        complete=complete,
        abstract=decode_tex(_field(entry, "abstract")),
        doi=clean_doi(decode_tex(_field(entry, "doi")))
        or (clean_doi(url) if "doi.org" in url else ""),
        venue=decode_tex(_field(entry, "journal", "journaltitle", "booktitle")),
        groups=groups,
        url=url,
        ext_id=wos_id(decode_tex(_field(entry, "unique-id")))
        if wos
        else _scopus_eid(url) or _dblp_key(entry),
        **paper,
    )


def _author_refs(
    entry: Entry,
    persons: list[tuple[str, str, list[int]]],
    aff_raw: str,
    aff_list: list[str],
    wos: bool,
) -> tuple[list[AuthorRef], dict]:
    """Authors with their affiliations (WoS lines or Scopus letters), and the paper-level
    affiliation fields when no author has one."""
    per_author: list[list[Address]] = [[] for _ in persons]
    paper_level: list[Address] = []
    orcids: dict[str, str] = {}
    if wos:
        by_key, paper_level = _wos_affiliations(aff_raw, [w for w, _, _ in persons])
        per_author = [by_key.get(_name_key(w), []) for w, _, _ in persons]
        for part in decode_tex(_field(entry, "orcid-numbers")).split(";"):
            name, _, ident = part.rpartition("/")
            m = _ORCID.search(ident)
            if name.strip() and m:
                orcids[_name_key(name)] = "orcid:" + m.group(1)
    else:
        parsed = [parse_address(a) for a in aff_list]
        for k, (_, _, letters) in enumerate(persons):
            per_author[k] = [parsed[i] for i in letters if i < len(parsed)]
        paper_level = parsed
    refs = []
    for (written, name, _), addresses in zip(persons, per_author, strict=True):
        orgs, countries, full = aligned(addresses)
        refs.append(
            AuthorRef(
                name,
                orcids.get(_name_key(written), ""),
                orgs,
                affiliation_countries=countries,
                affiliation_addresses=full,
            )
        )
    if any(r.affiliations for r in refs):
        return refs, {}
    orgs, countries, full = aligned(paper_level)
    return refs, {
        "affiliations": orgs,
        "affiliation_countries": countries,
        "affiliation_addresses": full,
    }


def read_string(
    text: str, source: str = "<input>", *, strict: bool = False, today: dt.date | None = None
) -> LoadResult:
    r"""Parse BibTeX text; see the module docstring for the rules.

    ``today`` (default: the real date) is the latest date an entry may have.

    >>> bib = '''@string{tods = "ACM TODS"}
    ... @article{k1, author = {M{\\"u}ller, Hans and others}, title = {{B}ayes},
    ...   journal = tods, year = 2020, month = mar, doi = {10.1000/X}}'''
    >>> rec = read_string(bib).records[0]
    >>> rec.authors[0].name, rec.authors_complete, rec.title, rec.venue, str(rec.date), rec.doi
    ('Hans Müller', False, 'Bayes', 'ACM TODS', '2020-03-01', '10.1000/x')
    """
    problems = Problems(strict)
    today = today or _common.today()
    authorless = Authorless()
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
                entries += 1  # an entry the file held, lost: counted, so the counts add up
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
            entries += 1
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
            entries += 1
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
        rec = _entry_record(entry, source, problems, warnings, today, authorless)
        if rec is not None:
            records.append(rec)
    if note := authorless.warning(source):
        warnings.append(note)
    meta = {
        "entries": entries,
        "records": len(records),
        "skipped": len(problems.items),
        "warnings": warnings,
        "strings": len(library.strings),
        "authorless": authorless.count,
    }
    return LoadResult(records=records, problems=problems.items, meta=meta)


def read(
    path: str | os.PathLike[str], *, strict: bool = False, today: dt.date | None = None, **_ignored
) -> LoadResult:
    """Read a BibTeX file.  See :func:`read_string`."""
    text = read_text(path, what="a BibTeX file in UTF-8")
    return read_string(text, str(Path(path)), strict=strict, today=today)
