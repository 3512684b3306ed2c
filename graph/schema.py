"""Column names of the tidy tables and a validator for them.

The tables between the normalise and build stages (DESIGN.md, "Data contracts"):

* ``papers``: one row per paper; ``groups`` holds its collective authors (``DELTA Study Grp``),
  ``; ``-joined, who are never rows of ``authorships``; ``url`` its landing page and ``ext_id``
  its database ids (``wos:...;pmid:...``) where the sources give them.
* ``authorships``: one row per (paper, author); the profile owner is added where unlisted.
* ``affiliations``: one row per (paper, institution, author); ``author_id`` is empty for
  paper-level tags such as the profile page's ``· tencent-ai, tsinghua``; ``country`` and
  ``address`` (the full postal address as written) are ``""`` where the source gives none.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["AFFILIATION_COLUMNS", "AUTHORSHIP_COLUMNS", "PAPER_COLUMNS", "validate"]

PAPER_COLUMNS = (
    "paper_id",
    "title",
    "title_raw",
    "date",
    "year",
    "date_precision",
    "year_inferred",
    "category",
    "has_code",
    "code_url",
    "abstract",
    "authors_complete",
    "n_listed",
    "doi",
    "venue",
    "groups",
    "url",
    "ext_id",
    "source",
    "line",
)
AUTHORSHIP_COLUMNS = ("paper_id", "author_id", "name", "position", "listed", "is_owner", "ext_id")
AFFILIATION_COLUMNS = ("paper_id", "institution", "author_id", "country", "address")

_TABLES = {
    "papers": PAPER_COLUMNS,
    "authorships": AUTHORSHIP_COLUMNS,
    "affiliations": AFFILIATION_COLUMNS,
}


def validate(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """Check ``frame`` has exactly the columns of ``table`` in order; return it unchanged.

    >>> validate(pd.DataFrame(columns=list(AFFILIATION_COLUMNS)), "affiliations").shape
    (0, 5)
    """
    expected = list(_TABLES[table])
    if list(frame.columns) != expected:
        missing = sorted(set(expected) - set(frame.columns))
        extra = sorted(set(frame.columns) - set(expected))
        raise ValueError(f"{table} table columns differ: missing {missing}, unexpected {extra}")
    return frame
