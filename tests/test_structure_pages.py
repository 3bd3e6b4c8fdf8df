"""Pages (pages/*.py and dashboard.py) reach their data by one route: the named, typed, cached
reads of danvan.ui.reads (issue 16). They import only Streamlit, the standard library, pandas,
the UI package (danvan.ui and its modules) and pure builders; they never name a read by a
string. Writes (registry edits, imports, undo, accounts, core indicators) call the domain
function listed in WRITES with ``ui.engine()`` as first argument; the engine goes nowhere else."""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path

import pytest

from danvan import ui
from danvan.ui import reads

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted([*(ROOT / "pages").glob("*.py"), ROOT / "dashboard.py"])

ANY = None  # every name of the module may be imported
CONSTANTS = "CONSTANTS"  # only upper-case names (limits, labels), never a function
ALLOWED: dict[str, object] = {
    "streamlit": ANY,
    "pandas": ANY,
    # the UI package: glue, reads, sign-in, language, the import steps
    "danvan.ui": ANY,
    # pure builders: frames, figures, texts and files from what the reads return
    "danvan.charts": ANY,
    "danvan.formatting": ANY,
    "danvan.vocabulary": ANY,  # codes and their Vietnamese labels
    "danvan.projector": ANY,
    "danvan.maps.figures": ANY,
    "danvan.maps.geo": ANY,  # the bundled boundary files and their labels, no database
    "danvan.reading.filters": ANY,
    "danvan.reading.paging": ANY,
    "danvan.reading.tables": ANY,
    "danvan.importing.tables": ANY,
    "danvan.exporting.downloads": ANY,
    "danvan.exporting.pack": {"default_title", "pack_pdf"},
    "danvan.importing": {"MAX_IMPORT_BYTES", "ImportFileError", "model_template_xlsx", "template_xlsx"},
    # limits and labels of modules that read
    "danvan.reading.page_data": CONSTANTS,
    "danvan.maps.layers": CONSTANTS,
    "danvan.exporting.slides": CONSTANTS,
    # modules whose writes pages call (with ui.engine(), see WRITES), their errors and labels
    "danvan.registry": ANY,
    "danvan.importing.service": ANY,
    "danvan.importing.batches": ANY,
    "danvan.accounts.auth": ANY,
    "danvan.accounts.audit": ANY,
    "danvan.accounts.throttle": ANY,
    "danvan.reading.core_indicators": ANY,
    "danvan.data.db": {"WriteError"},  # what a write raises when the writer lock is busy
}
WRITES = {
    "danvan.registry.add_model", "danvan.registry.update_model",
    "danvan.importing.service.prepare", "danvan.importing.service.commit",
    "danvan.importing.batches.undo_batch",
    "danvan.accounts.auth.create_user", "danvan.accounts.auth.set_password", "danvan.accounts.auth.set_role",
    "danvan.accounts.auth.set_active", "danvan.accounts.throttle.unlock",
    "danvan.reading.core_indicators.save", "danvan.reading.core_indicators.reset",
}
STRING_DISPATCH = {"model", "cached", "uncached"}  # the old ui.model("name", ...) routes
DATA_MODULES = {"danvan.reading.page_data", "danvan.reading.queries", "danvan.ui.reads", "danvan.ui"}


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _allowed(module: str, name: str | None) -> bool:
    top = module.split(".")[0]
    if top in sys.stdlib_module_names or module == "__future__":
        return True
    if module == "danvan.ui" or module.startswith("danvan.ui."):
        return True
    if module not in ALLOWED:
        return False
    rule = ALLOWED[module]
    if rule is ANY or name is None:
        return rule is ANY
    if rule == CONSTANTS:
        return name.isupper()
    return name in rule


def _imports(tree: ast.Module) -> tuple[list[str], dict[str, str]]:
    """Problems with the imports, and each local name → the dotted name it stands for."""
    problems, names = [], {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                names[alias.asname or alias.name.split(".")[0]] = alias.name if alias.asname else alias.name.split(".")[0]
                if not _allowed(alias.name, None):
                    problems.append(f"line {node.lineno}: import {alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                names[alias.asname or alias.name] = full
                ok = _allowed(full, None) if _is_module(full) else _allowed(node.module, alias.name)
                if not ok:
                    problems.append(f"line {node.lineno}: from {node.module} import {alias.name}")
    return problems, names


def _dotted(node: ast.AST, names: dict[str, str]) -> str | None:
    if isinstance(node, ast.Name):
        return names.get(node.id, node.id)
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value, names)
        return f"{base}.{node.attr}" if base else None
    return None


def _is_engine_call(node: ast.AST, names: dict[str, str]) -> bool:
    return isinstance(node, ast.Call) and _dotted(node.func, names) == "danvan.ui.engine"


def problems_of(source: str, filename: str = "<page>") -> list[str]:
    tree = ast.parse(source, filename)
    problems, names = _imports(tree)
    parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
    read_names = {n for n in vars(reads) if not n.startswith("_") and callable(getattr(reads, n))}
    for node in ast.walk(tree):
        dotted = _dotted(node, names) if isinstance(node, ast.Attribute) else None
        if dotted and dotted.rsplit(".", 1)[0] == "danvan.ui" and node.attr in STRING_DISPATCH:
            problems.append(f"line {node.lineno}: ui.{node.attr}: a read named by a string")
        if dotted and dotted.startswith("danvan.ui.reads.") and node.attr not in read_names:
            problems.append(f"line {node.lineno}: reads.{node.attr} is not a read of danvan.ui.reads")
        if not isinstance(node, ast.Call):
            continue
        callee = _dotted(node.func, names)
        if callee == "getattr" and node.args and _dotted(node.args[0], names) in DATA_MODULES:
            problems.append(f"line {node.lineno}: getattr on {_dotted(node.args[0], names)}: a read by name")
        if callee and callee.rsplit(".", 1)[0] in ("danvan.reading.page_data", "danvan.reading.queries"):
            problems.append(f"line {node.lineno}: {callee} called directly (use danvan.ui.reads)")
        if _is_engine_call(node, names):
            parent = parents.get(node)
            bare = isinstance(parent, ast.Expr) and filename.endswith("dashboard.py")  # builds the database
            writes = (isinstance(parent, ast.Call) and parent.args and parent.args[0] is node
                      and _dotted(parent.func, names) in WRITES)
            if not (bare or writes):
                problems.append(f"line {node.lineno}: ui.engine() outside a write of WRITES")
    return problems


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_page_reaches_data_only_through_reads(path):
    problems = problems_of(path.read_text(encoding="utf-8"), str(path))
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


def test_no_string_dispatch_left_in_the_ui_package():
    for name in STRING_DISPATCH:
        assert not hasattr(ui, name), f"danvan.ui.{name} still dispatches reads by string"


def test_writes_exist():
    for dotted in WRITES:
        module, name = dotted.rsplit(".", 1)
        assert callable(getattr(importlib.import_module(module), name)), dotted


def test_the_check_fails_on_the_old_routes():
    old = '''
from danvan import ui
from danvan.importing.batches import history
from danvan.reading.comparability import comparable_groups
from danvan.reading import page_data
data = ui.model("trend", filters, indicator, mode)
bounds = ui.cached("year_bounds")
rows = ui.uncached("export_rows", filters, (), "")
batches = history(ui.engine())
engine = ui.engine()
more = page_data.trend(engine, filters, indicator, mode)
'''
    problems = "\n".join(problems_of(old))
    for expected in ("comparability", "from danvan.reading import page_data", "ui.model", "ui.cached",
                     "ui.uncached", "line 9: ui.engine()", "line 10: ui.engine()", "page_data.trend called"):
        assert expected in problems, expected

