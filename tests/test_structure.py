"""The shape of the package: no module of danvan depends, through any chain of imports, on itself.

The import graph is read from the source with ``ast`` (nothing is imported), and every import
counts, also one inside a function: an import made lazy only to dodge a cycle still makes the
modules depend on each other. Alembic's version files are left out (they are run by Alembic,
never imported).
"""

from __future__ import annotations

import ast
import pkgutil
from pathlib import Path

import danvan

PACKAGE = "danvan"
ROOT = Path(danvan.__file__).resolve().parent
EXCLUDED = ("danvan.data.migrations.versions",)


def _modules() -> dict[str, Path]:
    """Every module and package of danvan, by dotted name (found on disk, not imported)."""
    found = {PACKAGE: ROOT / "__init__.py"}

    def walk(path: Path, prefix: str) -> None:
        for info in pkgutil.iter_modules([str(path)]):
            name = f"{prefix}.{info.name}"
            if name.startswith(EXCLUDED):
                continue
            if info.ispkg:
                found[name] = path / info.name / "__init__.py"
                walk(path / info.name, name)
            else:
                found[name] = path / f"{info.name}.py"

    walk(ROOT, PACKAGE)
    return found


def _ancestors(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def _imported(module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The danvan modules that importing ``module`` runs, read from its source.

    ``from danvan.x import y`` is an import of danvan.x.y when y is a submodule, else of
    danvan.x. Importing danvan.x.y first runs the package danvan.x, so that package counts
    too, except when ``module`` lies inside it (its own package is already being imported).
    """
    is_package = path.name == "__init__.py"
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from the module's own package upwards
                base = module.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                targets.add(submodule if submodule in modules else source)
    depends: set[str] = set()
    own_packages = set(_ancestors(module)) | ({module} if is_package else set())
    for target in targets:
        while target and target not in modules:  # `import danvan.x.y` of a name inside danvan.x
            target = target.rpartition(".")[0]
        if not target or target == module:
            continue
        depends.add(target)
        depends.update(p for p in _ancestors(target) if p not in own_packages)
    depends.discard(module)
    return depends


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imported(name, path, modules) for name, path in modules.items()}


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle for each group of modules that import each other (Tarjan's strongly connected
    components), as ``[a, b, ..., a]``."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(component)

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return [_cycle_in(component, graph) for component in components]


def _cycle_in(component: set[str], graph: dict[str, set[str]]) -> list[str]:
    """A shortest cycle through the first (by name) module of a strongly connected component."""
    start = min(component)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for nxt in sorted(graph[node] & component):
            if nxt == start:
                return paths[node] + [start]
            if nxt not in paths:
                paths[nxt] = paths[node] + [nxt]
                queue.append(nxt)
    raise AssertionError(f"no cycle through {start}")  # pragma: no cover - a component has one


def test_the_walk_sees_every_module_and_lazy_imports() -> None:
    graph = import_graph()
    assert {"danvan.data.db", "danvan.ui", "danvan.ui.auth", "danvan.maps.boundary_upload.prepare"} <= set(graph)
    assert not any(name.startswith(EXCLUDED) for name in graph)
    # danvan.data.db imports danvan.formatting only inside a function.
    assert "danvan.formatting" in graph["danvan.data.db"]


def test_find_cycles_names_the_modules_of_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"e2"}, "e2": {"e"}}
    assert sorted(find_cycles(graph)) == [["a", "b", "c", "a"], ["e", "e2", "e"]]
    assert find_cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_in_danvan() -> None:
    cycles = find_cycles(import_graph())
    assert not cycles, "Import cycles in danvan:\n" + "\n".join(" → ".join(cycle) for cycle in cycles)
