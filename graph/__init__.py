"""collabgraph: publication lists in, collaboration networks out.

The import name is ``graph``; the command is ``collabgraph``.  Stages (see DESIGN.md):
:mod:`graph.load` -> :mod:`graph.normalise` -> :mod:`graph.build` -> :mod:`graph.analyse` ->
:mod:`graph.render` / :mod:`graph.export`, chained by :mod:`graph.pipeline`.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("collabgraph")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]


def _python_strings() -> None:
    """Keep pandas' text columns in Python strings (pandas >= 3 switches them to Arrow when
    pyarrow is installed, and pyarrow is a dependency since the corpus store).  Arrow cannot
    hold a lone surrogate, which real JSON exports contain (``"\\ud800"`` escapes): results
    must not depend on whether pyarrow happens to be installed.  Only the default ``auto`` is
    changed; a storage the user chose is left alone."""
    import pandas as pd

    try:
        if pd.get_option("mode.string_storage") == "auto":
            pd.set_option("mode.string_storage", "python")
    except (KeyError, ValueError):  # pragma: no cover - pandas < 2.1 has no such option
        pass


_python_strings()
