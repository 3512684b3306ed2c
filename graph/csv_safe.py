"""CSV cells a spreadsheet will not run as formulas (OWASP's rule against CSV injection).

A co-author list is exactly what people open in Excel or LibreOffice, and the names and
titles in it come from files anyone can write: a name such as ``=HYPERLINK("http://...")`` or
``@SUM(1+1)`` would be run as a formula when the file is opened.  Every CSV collabgraph writes
(``run``'s ``coauthors.csv`` and ``identity.csv``, ``export --to csv``, ``rank --to csv``,
``names --write-aliases``) puts its text cells through :func:`safe_cell`: a text cell starting
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'``, which
spreadsheets show as text and do not display.  Numbers (int and float cells, negative ones
included) are left alone: they are data, not formulas.  ``--raw-csv`` writes the text as read,
for pipelines that want the bytes unchanged.

Files collabgraph reads back (``--aliases``, ``--not-same``) accept both forms:
:func:`restore_cell` drops the ``'`` in front of a trigger character.

Examples
--------
>>> safe_cell('=HYPERLINK("http://evil.example/y")')
'\\'=HYPERLINK("http://evil.example/y")'
>>> safe_cell("-2+3"), safe_cell(-2), safe_cell(-0.5), safe_cell("Ada Lovelace")
("'-2+3", -2, -0.5, 'Ada Lovelace')
>>> restore_cell(safe_cell("@SUM(1+1)"))
'@SUM(1+1)'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["TRIGGERS", "restore_cell", "safe_cell", "safe_frame"]

#: First characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """``value`` with a ``'`` in front when it is text starting with one of :data:`TRIGGERS`;
    anything else (numbers, booleans, missing values) unchanged."""
    if isinstance(value, str) and value[:1] in TRIGGERS:
        return "'" + value
    return value


def restore_cell(text: str) -> str:
    """The text :func:`safe_cell` was given: a ``'`` in front of a trigger character dropped.

    >>> restore_cell("'=1+1"), restore_cell("'quoted'"), restore_cell("O'Brien")
    ('=1+1', "'quoted'", "O'Brien")
    """
    if text[:1] == "'" and text[1:2] in TRIGGERS and text[1:2] != "":
        return text[1:]
    return text


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every text cell through :func:`safe_cell` (a copy when one changes).

    Only object and string columns are looked at; numeric, boolean and date columns are data.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"name": ["=cmd()", "Ada"], "delta": [-2, 3]})
    >>> safe_frame(df).to_dict("list")
    {'name': ["'=cmd()", 'Ada'], 'delta': [-2, 3]}
    """
    import pandas as pd

    out = frame
    for col in frame.columns:
        series = frame[col]
        if not (pd.api.types.is_object_dtype(series) or pd.api.types.is_string_dtype(series)):
            continue
        # Non-text cells of an object column (NaN, numbers) are data: only text is looked at.
        hit = series.map(lambda v: isinstance(v, str) and v[:1] in TRIGGERS)
        if not hit.any():
            continue
        if out is frame:
            out = frame.copy()
        # a list, not Series.map: map would turn a missing None into NaN
        out[col] = pd.Series([safe_cell(v) for v in series], index=series.index, dtype=series.dtype)
    return out
