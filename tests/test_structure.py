"""The package's structure stays as docs/DESIGN.md draws it: no import cycles among graph/
modules, raw NetworkX storage touched in one module only, registries light enough for the CLI
to read at start-up."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import graph

PACKAGE = Path(graph.__file__).resolve().parent


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST):
    """Every import statement, at any depth (function-level imports are dependencies too),
    except those under ``if TYPE_CHECKING:``, which never run."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def import_graph() -> dict[str, set[str]]:
    """graph module -> the graph modules it imports (statically, from the source)."""
    modules = _modules()
    edges: dict[str, set[str]] = {m: set() for m in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - node.level + 1]
                    prefix = ".".join(base + ([node.module] if node.module else []))
                else:
                    prefix = node.module or ""
                # ``from . import engines`` names a module; ``from .engines import x`` a name.
                targets = [
                    f"{prefix}.{a.name}" if f"{prefix}.{a.name}" in modules else prefix
                    for a in node.names
                ]
            edges[name].update(t for t in targets if t in modules and t != name)
    return edges


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def test_the_scan_sees_imports_at_every_depth():
    edges = import_graph()
    # Function-level and relative imports of every form are edges.
    assert "graph.engines" in edges["graph.analyse"]  # from . import engines
    assert "graph.metrics" in edges["graph.analyse"]  # from . import metrics as registry
    assert "graph.engines" in edges["graph.metrics"]  # inside the implementations only
    assert "graph.errors" in edges["graph.export.canonical"]  # from ..errors import ...
    assert "graph.pipeline" in edges["graph.cli"]  # inside the commands only
    assert "graph.load.bibtex" in edges["graph.load"]  # from . import bibtex, ...
    # ``if TYPE_CHECKING:`` imports never run and are not edges.
    assert "graph.export.graphml" not in edges["graph.export"]


def test_cycle_finder_finds_a_planted_cycle():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(edges) == [["a", "b", "c"]]


def test_no_import_cycles_among_graph_modules():
    assert _cycles(import_graph()) == []


def test_analyse_calls_engines_and_never_the_reverse():
    edges = import_graph()
    assert "graph.analyse" not in edges["graph.engines"]
    assert "graph.metrics" not in edges["graph.engines"]


def test_render_and_export_never_import_each_other():
    edges = import_graph()
    exporters = {m for m in edges if m == "graph.export" or m.startswith("graph.export.")}
    assert not edges["graph.render"] & exporters
    assert all("graph.render" not in edges[m] for m in exporters)


#: NetworkX's private storage: only graph/_nxraw.py reads or writes it.
_PRIVATE = {"_adj", "_node", "_succ", "_pred", "__networkx_cache__"}


def test_raw_networkx_storage_is_touched_in_one_module():
    offenders = []
    for name, path in _modules().items():
        if name == "graph._nxraw":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in _PRIVATE:
                offenders.append(f"{name}:{node.lineno} .{node.attr}")
            elif isinstance(node, ast.Constant) and node.value in _PRIVATE:
                offenders.append(f"{name}:{node.lineno} {node.value!r}")
    assert offenders == []


def test_the_cli_starts_without_the_heavy_libraries():
    """The registries the CLI reads for its choices (metrics, exporters) import nothing heavy:
    ``collabgraph --help`` stays fast."""
    code = (
        "import json, sys, graph.cli; "
        "print(json.dumps(sorted(m for m in ('networkx', 'pandas', 'numpy', 'scipy') "
        "if m in sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []
