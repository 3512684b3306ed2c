"""Reader for SpringerLink search-results CSV exports ("Download search results (CSV)").

Columns used (Springer spells them so; any case): ``Item Title``, ``Publication Title``,
``Item DOI``, ``Authors``, ``Publication Year``, ``URL``.  ``Item Title`` and ``Authors``
are required.

The ``Authors`` cell runs the names together with no separator at all:
``Araz R. AlievNigar T. Ismayilova``, ``Prof. Rafik A. AlievProf. Dr. Janusz Kacprzyk``.

Rules (:func:`split_run_together`)
-----------------------------------
* A new name starts where a lower-case letter is followed by a capital (``AlievNigar``),
  **unless** the capital continues a surname prefix (``McDonald``, ``MacKay``, ``DeWitt``,
  ``FitzGerald``, ``LeBlanc``, ``DiMaggio``, ``VanDyke``, ``DuPont``, ``LaTorre``: one name)
  or the name so far is a single word (``JoAnn Smith``: a person has at least a given name
  and a family name; as ``SukarnoJohn Smith`` reads the same way, such a cell is also
  warned about).  ``O'Brien``, ``d'Alembert`` and ``van der Berg`` have no such
  boundary and stay whole.
* Titles before a name (``Prof.``, ``Dr.``, ``Prof. Dr.``, ``Dr.-Ing.``) are dropped.
* Where a boundary cannot be told (a capital after a capital, ``DOEJohn``; a boundary left
  joined by the two-word rule; a piece left with a single word), the cell is kept as far as it could
  be split and a warning names the row: names are never invented.  With ``strict`` the
  warning is an error.
* ``Publication Year`` is the date (a cell without a year is a problem: row skipped);
  ``Item DOI`` the DOI, ``Publication Title`` the venue, ``URL`` the ``url``.  Springer
  exports no affiliations.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from ..errors import InputError
from . import _common
from ._common import (
    Authorless,
    Problems,
    cell_year,
    clean_doi,
    count_meta,
    dated,
    is_placeholder_author,
    new_record,
)
from ._table import Table
from ._text import read_input
from .groups import split_groups
from .records import AuthorRef, LoadResult, PaperRecord
from .sniff import header_keys

__all__ = ["read", "read_string", "sniff", "split_run_together"]

REQUIRED = ("Item Title", "Authors")
_KNOWN = ("item title", "publication title", "item doi", "authors", "publication year", "url")
#: surname prefixes a capital continues (one name: McDonald, not Mc + Donald ...)
PREFIXES = frozenset(
    {"Mc", "Mac", "Fitz", "De", "Di", "Da", "Du", "Le", "La", "Van", "Von", "Ten", "Ter", "St"}
)
_TITLE = re.compile(
    r"^(?:(?:Prof|Professor|Dr|Doctor|Assoc|Asst|Mr|Mrs|Ms|Dipl|Sir)\.?(?:-Ing\.?)?\s+)+"
)
_UPPER_RUN = re.compile(r"[A-Z\u00c0-\u00de]{2}[a-z\u00df-\u00ff]")


def sniff(lines: list[str]) -> bool:
    """A CSV header with ``Item Title`` and ``Item DOI``.

    >>> sniff(["Item Title,Publication Title,Item DOI,Authors,Publication Year,URL"])
    True
    """
    keys = header_keys(lines)
    return "item title" in keys and "item doi" in keys


def _strip_title(name: str) -> str:
    return " ".join(_TITLE.sub("", name.strip()).split())


def split_run_together(cell: str) -> tuple[list[str], bool]:
    """Names of a run-together ``Authors`` cell and whether every boundary was clear.

    >>> split_run_together("Araz R. AlievNigar T. Ismayilova")
    (['Araz R. Aliev', 'Nigar T. Ismayilova'], True)
    >>> split_run_together("Prof. Dr. Janusz KacprzykJane DeWittJohn McDonaldAnn O'Brien")
    (['Janusz Kacprzyk', 'Jane DeWitt', 'John McDonald', "Ann O'Brien"], True)
    >>> split_run_together("Ian MacKayJan van der Berg")
    (['Ian MacKay', 'Jan van der Berg'], True)
    >>> split_run_together("JoAnn SmithJane DOEJohn Roe")
    (['JoAnn Smith', 'Jane DOEJohn Roe'], False)
    """
    text = " ".join(cell.split())
    names: list[str] = []
    clear = True
    start = 0
    for i in range(1, len(text)):
        if not (text[i - 1].islower() and text[i].isupper()):
            continue
        word_start = text.rfind(" ", start, i) + 1
        fragment = text[word_start:i]
        if fragment in PREFIXES:
            continue
        so_far = _strip_title(text[start:i])
        if len(so_far.split()) < 2:
            # "JoAnn Smith" or "SukarnoJohn Smith" (a mononym, then a person): a person
            # has two words, so no split, but which one it is cannot be told
            clear = False
            continue
        names.append(so_far)
        start = i
    last = _strip_title(text[start:])
    if last:
        names.append(last)
    if any(_UPPER_RUN.search(n) for n in names) or any(len(n.split()) < 2 for n in names):
        clear = False
    return names, clear


def read_string(
    text: str,
    source: str = "<input>",
    *,
    strict: bool = False,
    today: dt.date | None = None,
    cut_mid_character: bool = False,
) -> LoadResult:
    """Parse a SpringerLink CSV export; see the module docstring for the rules.

    ``today`` (default: the real date) is the latest date a row may have;
    ``cut_mid_character`` says the file ended in the middle of a UTF-8 character.

    >>> csv_text = ('Item Title,Item DOI,Authors,Publication Year,URL\\n'
    ...             'Notes,10.1007/X,Ada LovelaceCharles Babbage,1843,http://link.springer.com/x\\n')
    >>> rec = read_string(csv_text).records[0]
    >>> [a.name for a in rec.authors], rec.doi, rec.url
    (['Ada Lovelace', 'Charles Babbage'], '10.1007/x', 'http://link.springer.com/x')
    """
    problems = Problems(strict)
    today = today or _common.today()
    table = Table(
        text,
        source,
        problems,
        what="a SpringerLink CSV export",
        required=REQUIRED,
        known=_KNOWN,
        hint="download the SpringerLink search results as CSV",
        cut_mid_character=cut_mid_character,
    )
    records: list[PaperRecord] = []
    authorless = Authorless()
    seen = unclear = 0
    for line, row, overfull in table:
        seen += 1
        title = " ".join(row["item title"].split())
        placeholder = row["authors"] if is_placeholder_author(row["authors"]) else ""
        names, clear = split_run_together(row["authors"]) if not placeholder else ([], True)
        persons, groups = split_groups(names)
        problem = (
            ("a row with as many cells as the header", None)
            if overfull
            else ("an Item Title", None)
            if not title
            else None
        )
        if problem:
            problems.fail(
                InputError(
                    source,
                    line,
                    f"{problem[0]} in this SpringerLink row",
                    found=problem[1],
                    hint="fill the cell or delete the row",
                ),
                "row",
            )
            continue
        if not names:
            authorless.add(line, placeholder)
        year_text = row.get("publication year", "")
        year, _, _ = dated(
            cell_year(year_text),
            written=year_text,
            problems=problems,
            source=source,
            line=line,
            latest=today,
            expected="a 4-digit Publication Year in this SpringerLink row",
            required=True,
        )
        if not clear:
            err = InputError(
                source,
                line,
                "author names that can be told apart (Springer writes them with no separator)",
                found=row["authors"],
                hint="names kept as far as they could be split: "
                + "; ".join(names)
                + " (fix the cell with ';' between names, or read another export)",
            )
            if strict:
                raise err
            unclear += 1
            problems.warnings.append(f"{err.message} (read anyway)")
        records.append(
            new_record(
                title,
                [AuthorRef(n) for n in persons],
                source,
                line,
                year=year,
                doi=clean_doi(row.get("item doi", "")),
                venue=row.get("publication title", ""),
                groups=tuple(groups),
                url=row.get("url", ""),
            )
        )
    meta = count_meta(seen + table.skipped, len(records), problems)
    if note := authorless.warning(source):
        meta["warnings"].append(note)
    meta.update(authorless=authorless.count, delimiter=table.delimiter)
    meta["unclear_author_cells"] = unclear
    return LoadResult(records=records, problems=problems.items, meta=meta)


def read(
    path: str | os.PathLike[str], *, strict: bool = False, today: dt.date | None = None, **_ignored
) -> LoadResult:
    """Read a SpringerLink CSV export.  See :func:`read_string`."""
    text, cut = read_input(path, what="a SpringerLink CSV export in UTF-8", allow_cut=True)
    return read_string(text, str(Path(path)), strict=strict, today=today, cut_mid_character=cut)
