"""Reader for Web of Science plain-text exports ("Export > Plain text file").

The file is tagged: a two-letter tag, a space, the value; lines starting with three spaces
continue the previous tag; ``PT`` opens a record and ``ER`` closes it; ``FN``/``VR`` head the
file and ``EF`` ends it.  Tags are parsed by rispy's ``WokParser``, one record at a time so
every record keeps its line number.

Rules
-----
* Authors: ``AF`` (full names) else ``AU`` (else a book's ``BF``/``BA``), ``Family, Given``
  flipped to ``Given Family``.  ``CA`` and ``GP`` group authors (``DELTA Study Grp``) are the
  paper's ``groups``, not persons; ``[Anonymous]`` is no author (the paper is read without
  authors, counted in one warning per file).
* ``C1`` lines ``[Family, Given; Family, Given] Univ X, Dept Y, City, Country.`` give each
  named author an affiliation: the organisation is the address's first segment (WoS writes
  it first), the country its last (normalised, :mod:`graph.load.address`), the full address
  is kept.  A ``C1`` line without brackets is an affiliation of the whole paper.
* ``OI`` (``Family, Given/0000-0002-...``) gives ORCIDs (``ext_id`` ``orcid:<id>``), ``RI``
  ResearcherIDs (``researcherid:A-1234-2010``).  Without any ``C1`` address, the ``C3``
  organisations are the paper's affiliations.
* Date: ``PY`` year with ``PD`` (``MAR 15``, ``MAR``, ``2021``); else the early-access ``EA``.
* ``TI`` title, ``SO`` venue, ``AB`` abstract, ``DI`` DOI; ``UT`` accession number and
  ``PM`` PubMed id as the paper's ``ext_id`` (``wos:000123;pmid:456``).
* Content test (:func:`sniff`): the first line is ``FN ...`` or a record starts with
  ``PT J``/``PT B``/``PT S``/``PT P`` (MEDLINE's ``PT  - Journal Article`` is not one).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import rispy
from rispy.config import WOK_LIST_TYPE_TAGS, WOK_TAG_KEY_MAPPING

from ..errors import InputError
from . import _common
from ._common import (
    Authorless,
    Problems,
    TaggedRecords,
    cell_year,
    clean_doi,
    count_meta,
    dated,
    flip_name,
    is_placeholder_author,
    new_record,
    parse_month,
    parse_year,
)
from ._table import Table
from ._text import read_input
from .address import aligned, parse_address
from .records import AuthorRef, LoadResult, PaperRecord

__all__ = ["looks_like_wos", "read", "read_string", "sniff", "wos_id"]

# C3 (the organisations of C1, standardised; exports since 2021) is not in rispy's list
_MAPPING = {tag: tag for tag in [*WOK_TAG_KEY_MAPPING, "C3"]}
_LIST_TAGS = [*WOK_LIST_TYPE_TAGS, "C1", "OI", "C3"]
_RID = re.compile(r"\b([A-Z]{1,3}-\d{4}-(?:19|20)\d\d)\b")
_C1 = re.compile(r"^\[(?P<names>[^\]]*)\]\s*(?P<address>.*)$")
_ORCID = re.compile(r"(\d{4}-\d{4}-\d{4}-\d{3}[\dX])")
_PT = re.compile(r"^PT [A-Z]\s*$")
_UT = re.compile(r"^(?:WOS|ISI):?\s*(\w+)$", re.I)


def looks_like_wos(lines: list[str]) -> bool:
    """True when the first lines are a Web of Science export header or record, or the
    header of its tab-delimited export (``PT<tab>AU<tab>...``).

    >>> looks_like_wos(["FN Clarivate Analytics Web of Science", "VR 1.0"])
    True
    >>> looks_like_wos(["PT\\tAU\\tBA\\tBE\\tGP\\tAF\\tBF\\tCA\\tTI\\tSO"])
    True
    >>> looks_like_wos(["PMID- 1", "PT  - Journal Article"]), looks_like_wos(["Ada", "CV"])
    (False, False)
    """
    first = next((s.lstrip("\ufeff") for s in lines if s.strip()), "")
    return (
        first.startswith("FN ")
        or _is_tab_header(first)
        or any(_PT.match(s.lstrip("\ufeff")) for s in lines[:5])
    )


def _is_tab_header(line: str) -> bool:
    """The header line of a tab-delimited Web of Science export: its columns are the tags."""
    cells = [c.strip() for c in line.lstrip("\ufeff").rstrip("\r\n").split("\t")]
    return len(cells) > 5 and cells[0] == "PT" and {"AU", "TI"} <= set(cells)


#: the content test of the format registry (:data:`graph.load.SNIFFERS`)
sniff = looks_like_wos


def wos_id(value: str) -> str:
    """``WOS:000123`` / ``ISI:000123`` -> ``wos:000123`` (``""`` for anything else).

    >>> wos_id("WOS:000290776200020"), wos_id("ISI:A1982PW19900006"), wos_id("")
    ('wos:000290776200020', 'wos:A1982PW19900006', '')
    """
    m = _UT.match(value.strip())
    return f"wos:{m.group(1)}" if m else ""


def _list(rec: dict, tag: str) -> list[str]:
    value = rec.get(tag)
    items = value if isinstance(value, list) else [value]
    return [" ".join(v.split()) for v in items if isinstance(v, str) and v.strip()]


def _text(rec: dict, tag: str) -> str:
    return " ".join(_list(rec, tag))


def _key(name: str) -> str:
    return " ".join(name.replace(".", " ").split()).lower()


def _authors(rec: dict) -> tuple[list[AuthorRef], list, str]:
    """The persons of a record (with addresses and ORCIDs), the addresses of the paper, and
    the placeholder the record wrote for its author (``[Anonymous]``) or ``""``."""
    # a book's authors may be written only as BF/BA (book authors)
    raw = _list(rec, "AF") or _list(rec, "AU") or _list(rec, "BF") or _list(rec, "BA")
    placeholder = next((n for n in raw if is_placeholder_author(n)), "")
    raw = [n for n in raw if not is_placeholder_author(n)]
    ids: dict[str, list[str]] = {}
    for tag, pattern, scheme in (("OI", _ORCID, "orcid"), ("RI", _RID, "researcherid")):
        for part in ";".join(_list(rec, tag)).split(";"):
            name, _, ident = part.rpartition("/")
            m = pattern.search(ident)
            if name.strip() and m:
                ids.setdefault(_key(name), []).append(f"{scheme}:{m.group(1)}")
    per_author: dict[str, list] = {}
    paper_level: list = []
    for line in _list(rec, "C1"):
        m = _C1.match(line)
        text = (m["address"] if m else line).strip()
        if not text.strip(" ."):
            continue
        address = parse_address(text, style="wos")
        if not m:
            paper_level.append(address)
            continue
        for name in m["names"].split(";"):
            per_author.setdefault(_key(name), []).append(address)
    authors = []
    for n in raw:
        orgs, countries, full = aligned(per_author.get(_key(n), []))
        authors.append(
            AuthorRef(
                flip_name(n),
                ";".join(dict.fromkeys(ids.get(_key(n), []))),
                orgs,
                affiliation_countries=countries,
                affiliation_addresses=full,
            )
        )
    return authors, paper_level, placeholder


def _date(rec: dict, source: str, line: int, problems: Problems, today: dt.date):
    """``PY`` with ``PD`` (``MAR 15``, ``MAR``, ``2021``), else the early-access ``EA``
    (``JAN 2021``); checked against ``today`` (:func:`~graph.load._common.dated`)."""
    py, pd_text = _text(rec, "PY"), _text(rec, "PD")
    if py:
        year, month = cell_year(py), parse_month(pd_text)
        day_m = re.search(r"\b(\d{1,2})\b", pd_text)
        day = int(day_m.group(1)) if day_m and month else None
        written = f"PY {py}" + (f", PD {pd_text}" if pd_text else "")
    else:  # early access only: "EA JAN 2021"
        ea = _text(rec, "EA")
        year, month, day = parse_year(ea), parse_month(ea), None
        written = f"EA {ea}" if ea else ""
    return dated(
        year,
        month,
        day,
        written=written,
        problems=problems,
        source=source,
        line=line,
        latest=today,
        expected="a 4-digit PY year (or an EA date) in this Web of Science record",
    )


def _record(
    rec: dict,
    source: str,
    line: int,
    problems: Problems,
    today: dt.date,
    authorless: Authorless,
) -> PaperRecord | None:
    title = _text(rec, "TI")
    authors, paper_level, placeholder = _authors(rec)
    groups = tuple(
        dict.fromkeys(
            n for n in [*_list(rec, "CA"), *_list(rec, "GP")] if not is_placeholder_author(n)
        )
    )
    if not title or not (authors or groups or placeholder):
        what = "a TI title" if not title else "AU or AF author lines"
        problems.fail(
            InputError(
                source,
                line,
                f"{what} in this Web of Science record",
                hint="re-export the record with 'Full Record' selected",
            )
        )
        return None
    if not (authors or groups):
        authorless.add(line, placeholder)
    year, month, day = _date(rec, source, line, problems, today)
    return new_record(
        title,
        authors,
        source,
        line,
        year=year,
        month=month,
        day=day,
        complete=not (placeholder and authors),
        abstract=_text(rec, "AB"),
        doi=clean_doi(_text(rec, "DI")),
        venue=_text(rec, "SO"),
        groups=groups,
        ext_id=";".join(i for i in (wos_id(_text(rec, "UT")), _pmid(_text(rec, "PM"))) if i),
        **_paper_affiliations(
            authors, paper_level, [o.strip() for o in ";".join(_list(rec, "C3")).split(";")]
        ),
    )


def _pmid(value: str) -> str:
    return f"pmid:{value.strip()}" if value.strip().isdigit() else ""


def _paper_affiliations(authors: list[AuthorRef], paper_level: list, c3: list[str]) -> dict:
    """Paper-level affiliation fields, only when no author has one of their own: the ``C1``
    addresses that name nobody, else the ``C3`` organisations."""
    if any(a.affiliations for a in authors):
        return {}
    if not paper_level and c3:
        orgs = tuple(dict.fromkeys(o for o in c3 if o))
        return {"affiliations": orgs}
    orgs, countries, full = aligned(paper_level)
    return {
        "affiliations": orgs,
        "affiliation_countries": countries,
        "affiliation_addresses": full,
    }


def read_string(
    text: str,
    source: str = "<input>",
    *,
    strict: bool = False,
    today: dt.date | None = None,
    cut_mid_character: bool = False,
) -> LoadResult:
    """Parse Web of Science tagged text; see the module docstring for the rules.

    ``today`` (default: the real date) is the latest date a record may have;
    ``cut_mid_character`` says the file ended in the middle of a UTF-8 character.

    >>> wos = ("FN Clarivate Analytics Web of Science\\nVR 1.0\\nPT J\\nAU Lovelace, A\\n"
    ...        "   Turing, A\\nAF Lovelace, Ada\\n   Turing, Alan\\nTI Notes on the\\n   Engine\\n"
    ...        "C1 [Lovelace, Ada] Univ London, London, England.\\nPY 1843\\nER\\n\\nEF\\n")
    >>> rec = read_string(wos).records[0]
    >>> rec.title, [a.name for a in rec.authors], rec.authors[0].affiliations
    ('Notes on the Engine', ['Ada Lovelace', 'Alan Turing'], ('Univ London',))
    >>> rec.authors[0].affiliation_countries, rec.authors[0].affiliation_addresses
    (('United Kingdom',), ('Univ London, London, England',))
    """
    problems = Problems(strict)
    today = today or _common.today()
    if _is_tab_header(text.split("\n", 1)[0]):
        return _read_tab(text, source, problems, today, cut_mid_character)
    parser = rispy.WokParser(mapping=_MAPPING, list_tags=_LIST_TAGS, skip_unknown_tags=True)
    tagged = TaggedRecords(
        text,
        source,
        problems,
        parser,
        start_tag="PT",
        end_line="ER",
        outside=("FN", "VR", "EF"),
        what="Web of Science",
        author_tags=("AU", "AF"),
        cut_mid_character=cut_mid_character,
    )
    authorless = Authorless()
    # records are made as the file is read, so --strict stops at the first fault in file order
    records = [
        r for line, rec in tagged if (r := _record(rec, source, line, problems, today, authorless))
    ]
    meta = count_meta(tagged.entries, len(records), problems)
    if note := authorless.warning(source):
        meta["warnings"].append(note)
    meta["authorless"] = authorless.count
    return LoadResult(records=records, problems=problems.items, meta=meta)


#: tags whose cells in a tab-delimited export list several values, separated by "; "
_TAB_LISTS = frozenset({"AU", "AF", "BA", "BF", "CA", "GP", "BE", "RI", "OI", "C3"})


def _split_c1(cell: str) -> list[str]:
    """The addresses of a tab-delimited ``C1`` cell: ``[Names] address; [Names] address``
    (a ``;`` inside the brackets separates names, not addresses).

    >>> _split_c1("[Lovelace, Ada; Turing, Alan] Univ London, England; [Hopper, G] Yale Univ, USA")
    ['[Lovelace, Ada; Turing, Alan] Univ London, England', '[Hopper, G] Yale Univ, USA']
    """
    if cell.lstrip().startswith("["):
        return [p.strip() for p in re.split(r";\s*(?=\[)", cell) if p.strip()]
    return [p.strip() for p in cell.split("; ") if p.strip()]


def _read_tab(
    text: str, source: str, problems: Problems, today: dt.date, cut_mid_character: bool
) -> LoadResult:
    """A tab-delimited export ("Tab delimited file"): one row per record, the tags as column
    names, list values joined by ``; ``; read with the rules of the tagged export."""
    table = Table(
        text,
        source,
        problems,
        what="a tab-delimited Web of Science export",
        required=("PT", "TI"),
        known=("pt", "au", "af", "ti", "so", "py", "ut"),
        hint="export the records from Web of Science as 'Tab delimited file'",
        cut_mid_character=cut_mid_character,
    )
    authorless = Authorless()
    records: list[PaperRecord] = []
    seen = 0
    for line, row, overfull in table:
        seen += 1
        if overfull:
            problems.fail(
                InputError(
                    source,
                    line,
                    "a row with as many cells as the header",
                    hint="a tab inside a cell shifts the columns; export the file again",
                ),
                "row",
            )
            continue
        rec: dict[str, object] = {}
        for key, value in row.items():
            tag = key.upper()
            if not value:
                continue
            if tag == "C1":
                rec[tag] = _split_c1(value)
            elif tag in _TAB_LISTS:
                rec[tag] = [v.strip() for v in value.split(";") if v.strip()]
            else:
                rec[tag] = value
        if isinstance(rec.get("RI"), list):  # "Name/ID; Name/ID": one id per part
            rec["RI"] = [";".join(rec["RI"])]
        if isinstance(rec.get("OI"), list):
            rec["OI"] = [";".join(rec["OI"])]
        made = _record(rec, source, line, problems, today, authorless)
        if made is not None:
            records.append(made)
    meta = count_meta(seen + table.skipped, len(records), problems)
    if note := authorless.warning(source):
        meta["warnings"].append(note)
    meta["authorless"] = authorless.count
    return LoadResult(records=records, problems=problems.items, meta=meta)


def read(
    path: str | os.PathLike[str], *, strict: bool = False, today: dt.date | None = None, **_ignored
) -> LoadResult:
    """Read a Web of Science plain-text export.  See :func:`read_string`."""
    text, cut = read_input(path, what="a Web of Science plain-text export in UTF-8", allow_cut=True)
    return read_string(text, str(Path(path)), strict=strict, today=today, cut_mid_character=cut)
