"""Layers only point down (docs/architecture.md): every import of every kamdocs module is checked.

Imports are read from the source with ``ast``, so an import inside a function (the lazy ones that
keep ``kamdocs --help`` fast) or under ``if TYPE_CHECKING:`` counts as much as one at the top.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE_DIR = Path(__file__).resolve().parent.parent / "kamdocs"

# Layer of each module, by the longest matching name prefix. A module that matches nothing is
# reported, so that a new top-level module gets a layer on purpose.
LAYER_OF_PREFIX: dict[str, str] = {
    "kamdocs.errors": "base",
    "kamdocs.clock": "base",
    "kamdocs.resources": "base",
    "kamdocs.suggest": "base",
    "kamdocs.values": "base",
    "kamdocs.yamlsafe": "base",
    "kamdocs.model": "model",
    "kamdocs.analysis": "analysis",
    "kamdocs.load": "load",
    "kamdocs.site": "site",
    "kamdocs.render": "render",
    "kamdocs.__main__": "top",
    "kamdocs.build": "top",
    "kamdocs.cli": "top",
    "kamdocs.excel": "top",
    "kamdocs.report": "top",
    "kamdocs.scaffold": "top",
    "kamdocs.schema": "top",
    "kamdocs.serve": "top",
    "kamdocs.session": "top",
    "kamdocs.vcs": "top",
}

# What each layer may import besides itself.
MAY_IMPORT: dict[str, frozenset[str]] = {
    "base": frozenset(),
    "model": frozenset({"base"}),
    "analysis": frozenset({"base", "model"}),
    "load": frozenset({"base", "model"}),
    "site": frozenset({"base", "model", "analysis"}),
    "render": frozenset({"base", "model", "analysis", "site"}),
    "top": frozenset({"base", "model", "analysis", "load", "site", "render"}),
}


@dataclass(frozen=True)
class Edge:
    """``importer`` imports ``imported`` at ``line`` of ``path``."""

    importer: str
    imported: str
    path: str
    line: int


def layer_of(module: str) -> str | None:
    """Return the layer of ``module`` (longest matching prefix), or None when it has none."""
    if module == "kamdocs":
        return "base"  # the package itself holds only __version__
    parts = module.split(".")
    for size in range(len(parts), 0, -1):
        layer = LAYER_OF_PREFIX.get(".".join(parts[:size]))
        if layer is not None:
            return layer
    return None


def module_name(path: Path, package_dir: Path) -> str:
    """Return the dotted module name of a file below ``package_dir`` (which is the ``kamdocs`` folder)."""
    parts = list(path.relative_to(package_dir.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _target(base: str, name: str, package_dir: Path) -> str:
    """Return ``base.name`` when that is a module or package of the tree, else ``base`` (an attribute)."""
    candidate = f"{base}.{name}"
    relative = Path(*candidate.split(".")[1:])
    folder = package_dir / relative
    if (folder / "__init__.py").is_file() or folder.with_suffix(".py").is_file():
        return candidate
    return base


def imports_of(path: Path, package_dir: Path) -> list[Edge]:
    """Return every kamdocs module ``path`` imports, wherever the import statement is."""
    importer = module_name(path, package_dir)
    is_package = path.name == "__init__.py"
    shown = path.relative_to(package_dir.parent).as_posix()
    root = package_dir.name
    edges: list[Edge] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=shown)):
        found: list[str] = []
        if isinstance(node, ast.Import):
            found = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = importer.split(".") if is_package else importer.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            else:
                base = node.module or ""
            found = [_target(base, alias.name, package_dir) for alias in node.names]
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            function = node.func
            name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
            if name in ("import_module", "__import__") and isinstance(node.args[0].value, str):
                found = [node.args[0].value]
        edges.extend(
            Edge(importer, name, shown, node.lineno)  # type: ignore[attr-defined]
            for name in found
            if name == root or name.startswith(root + ".")
        )
    return sorted(set(edges), key=lambda edge: (edge.line, edge.imported))


def all_imports(package_dir: Path) -> list[Edge]:
    """Return the imports of every module of the package below ``package_dir``."""
    edges: list[Edge] = []
    for path in sorted(package_dir.rglob("*.py")):
        edges.extend(imports_of(path, package_dir))
    return edges


def violations(edges: Iterable[Edge], layers: Mapping[str, frozenset[str]] = MAY_IMPORT) -> list[str]:
    """Return one readable line per import that breaks the layer table."""
    found: list[str] = []
    for edge in edges:
        source, target = layer_of(edge.importer), layer_of(edge.imported)
        if source is None or target is None:
            unknown = edge.importer if source is None else edge.imported
            found.append(f"{edge.path}:{edge.line}: {unknown} has no layer; add it to LAYER_OF_PREFIX")
        elif source != target and target not in layers[source]:
            found.append(
                f"{edge.path}:{edge.line}: {edge.importer} ({source}) imports {edge.imported} ({target}); "
                f"{source} may import only {', '.join(sorted(layers[source])) or 'nothing of kamdocs'}"
            )
    return found


def test_no_module_imports_a_higher_or_sideways_layer() -> None:
    edges = all_imports(PACKAGE_DIR)
    assert len(edges) > 100  # the scan found the package's imports
    found = violations(edges)
    assert not found, "imports that break the layers:\n" + "\n".join(found)


def test_the_core_never_imports_click() -> None:
    """Only the command line knows click; everything else is callable from the benchmarks and serve."""
    importers = set()
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(n == "click" or n.startswith("click.") for n in names):
                importers.add(module_name(path, PACKAGE_DIR))
    assert importers == {"kamdocs.cli"}


def _edges(graph: Mapping[str, list[str]]) -> list[Edge]:
    return [
        Edge(importer, imported, importer.replace(".", "/") + ".py", 1 + n)
        for importer, targets in graph.items()
        for n, imported in enumerate(targets)
    ]


@pytest.mark.parametrize(
    ("importer", "imported", "words"),
    [
        ("kamdocs.model.common", "kamdocs.load.yamlio", "(model) imports kamdocs.load.yamlio (load)"),
        ("kamdocs.load.schedule_check", "kamdocs.analysis.schedule", "(load) imports kamdocs.analysis.schedule"),
        ("kamdocs.site.prerender", "kamdocs.load", "(site) imports kamdocs.load (load)"),
        ("kamdocs.render.print_html", "kamdocs.load", "(render) imports kamdocs.load (load)"),
        ("kamdocs.analysis.engine", "kamdocs.site.model", "(analysis) imports kamdocs.site.model (site)"),
        ("kamdocs.errors", "kamdocs.model", "(base) imports kamdocs.model (model)"),
        ("kamdocs.render.html", "kamdocs.build", "(render) imports kamdocs.build (top)"),
    ],
)
def test_a_planted_back_edge_is_named(importer: str, imported: str, words: str) -> None:
    graph = {"kamdocs.model.playbook": ["kamdocs.errors", "kamdocs.model.common"], importer: [imported]}
    found = violations(_edges(graph))
    assert len(found) == 1
    assert words in found[0] and found[0].startswith(importer.replace(".", "/") + ".py:1: ")


def test_downward_and_same_layer_edges_pass() -> None:
    graph = {
        "kamdocs.site.assemble": ["kamdocs.analysis.audience", "kamdocs.model", "kamdocs.site.links", "kamdocs.clock"],
        "kamdocs.render.html": ["kamdocs.site.model", "kamdocs.analysis.results", "kamdocs.errors"],
        "kamdocs.load.project": ["kamdocs.model", "kamdocs.yamlsafe", "kamdocs.values"],
        "kamdocs.build": ["kamdocs.load", "kamdocs.render.html", "kamdocs.site.assemble"],
    }
    assert violations(_edges(graph)) == []


def test_a_module_without_a_layer_is_reported() -> None:
    found = violations(_edges({"kamdocs.newthing": ["kamdocs.model"]}))
    assert found == ["kamdocs/newthing.py:1: kamdocs.newthing has no layer; add it to LAYER_OF_PREFIX"]


def test_lazy_type_checking_relative_and_dynamic_imports_are_seen(tmp_path: Path) -> None:
    package = tmp_path / "kamdocs"
    for folder in ("model", "load", "render"):
        (package / folder).mkdir(parents=True)
        (package / folder / "__init__.py").write_text("", encoding="utf-8")
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "load" / "yamlio.py").write_text("", encoding="utf-8")
    (package / "model" / "common.py").write_text(
        "from __future__ import annotations\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from kamdocs.load.yamlio import Located\n"
        "def late() -> None:\n"
        "    from ..load import yamlio\n"
        "    import importlib\n"
        "    importlib.import_module('kamdocs.render')\n",
        encoding="utf-8",
    )
    edges = all_imports(package)
    assert [(e.imported, e.line) for e in edges] == [
        ("kamdocs.load.yamlio", 4),
        ("kamdocs.load.yamlio", 6),
        ("kamdocs.render", 8),
    ]
    found = violations(edges)
    assert [line.split(": ", 1)[0] for line in found] == [
        "kamdocs/model/common.py:4",
        "kamdocs/model/common.py:6",
        "kamdocs/model/common.py:8",
    ]
