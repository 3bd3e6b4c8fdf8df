"""The codes and their Vietnamese labels live in danvan/vocabulary.py only: no other module of the
app re-defines one of its names as a literal, nor writes out one of its code sets by hand."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from danvan import vocabulary
from danvan.settings import ROOT

VOCABULARY_FILE = Path(vocabulary.__file__).resolve()
LITERALS = (ast.Dict, ast.Set, ast.Tuple, ast.List, ast.Constant)
# Literals keyed by a vocabulary's codes that hold no label: name -> why it may stay where it is.
NOT_LABELS = {"SUBJECT_COLOURS": "a chart colour per subject (danvan/charts.py)"}


def _names() -> set[str]:
    return {name for name in vars(vocabulary) if name.isupper()}


def _code_sets() -> dict[frozenset[str], str]:
    """Each vocabulary's codes (a mapping's keys, a collection's members), blank code aside."""
    out = {}
    for name in sorted(_names()):
        value = getattr(vocabulary, name)
        if isinstance(value, (dict, tuple, frozenset)) and all(isinstance(code, str) for code in value):
            codes = frozenset(value) - {""}
            if len(codes) >= 2:
                out.setdefault(codes, name)
    return out


def _app_files(root: Path) -> Iterator[Path]:
    yield from sorted((root / "danvan").rglob("*.py"))
    yield from sorted((root / "pages").glob("*.py"))
    yield root / "dashboard.py"


def _literal_codes(node: ast.AST) -> frozenset[str] | None:
    """The string members of a literal dict (its keys), set, tuple or list; None if any is not a string."""
    items = node.keys if isinstance(node, ast.Dict) else getattr(node, "elts", None)
    if not items or not all(isinstance(i, ast.Constant) and isinstance(i.value, str) for i in items):
        return None
    return frozenset(i.value for i in items) - {""}  # type: ignore[union-attr]


def copies(root: Path) -> list[str]:
    """Every place under ``root`` (outside danvan/vocabulary.py) that re-defines a vocabulary."""
    names, code_sets = _names(), _code_sets()
    found, allowed = [], set()
    for path in _app_files(root):
        if path.resolve() == VOCABULARY_FILE or path.name == "vocabulary.py" and path.parent.name == "danvan":
            continue
        where = path.relative_to(root)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if any(isinstance(t, ast.Name) and t.id in NOT_LABELS for t in targets):
                    allowed.add(id(node.value))
            if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, LITERALS):
                found += [f"{where}:{node.lineno}: {t.id} is defined in danvan.vocabulary"
                          for t in targets if isinstance(t, ast.Name) and t.id in names]
            if isinstance(node, (ast.Dict, ast.Set, ast.Tuple, ast.List)) and id(node) not in allowed:
                codes = _literal_codes(node)
                if codes in code_sets:
                    found.append(f"{where}:{node.lineno}: the codes of vocabulary.{code_sets[codes]} written out")
    return found


def test_no_module_redefines_a_vocabulary() -> None:
    assert copies(ROOT) == []


def test_the_scan_sees_a_copy(tmp_path: Path) -> None:
    (tmp_path / "danvan" / "reading").mkdir(parents=True)
    (tmp_path / "pages").mkdir()
    (tmp_path / "dashboard.py").write_text("")
    (tmp_path / "danvan" / "reading" / "summary.py").write_text(
        'CONTEXT_THEMES = {"dan_so", "dia_gioi_hanh_chinh", "kinh_te_boi_canh"}\n'
        'def label(q):\n    return q.map({"exact": "", "hon": "hơn", "gan": "gần", "duoi": "dưới"})\n')
    assert copies(tmp_path) == [
        "danvan/reading/summary.py:1: CONTEXT_THEMES is defined in danvan.vocabulary",
        "danvan/reading/summary.py:1: the codes of vocabulary.CONTEXT_THEMES written out",
        "danvan/reading/summary.py:3: the codes of vocabulary.QUALIFIERS written out",
    ]


def test_the_vocabulary_imports_nothing_from_the_app() -> None:
    tree = ast.parse(VOCABULARY_FILE.read_text(encoding="utf-8"))
    imported = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert [m for m in imported if m and m.split(".")[0] == "danvan"] == []
