"""pandas as collabgraph uses it: text columns kept in Python strings.

pandas >= 3 stores text columns in Arrow when pyarrow is installed (and pyarrow is a
dependency since the corpus store).  Arrow cannot hold a lone surrogate, which real JSON
exports contain (``"\\ud800"`` escapes), and the tables' dtypes (and so their bytes) must not
depend on whether pyarrow happens to be installed.  Every module that makes tables from input
text imports ``pd`` from here rather than ``pandas``, so the option is set before the first
table (and ``collabgraph --help`` still starts without pandas).  Only the default ``auto`` is
changed; a storage the user chose is left alone.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["pd"]


def _python_strings() -> None:
    try:
        if pd.get_option("mode.string_storage") == "auto":
            pd.set_option("mode.string_storage", "python")
    except (KeyError, ValueError):  # pragma: no cover - pandas < 2.1 has no such option
        pass


_python_strings()
