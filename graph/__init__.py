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
