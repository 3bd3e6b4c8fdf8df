"""Hostile uploads (issue 14): zip bombs, far cells, entity tricks, hidden sheets, odd encodings,
self-intersecting stars, deep GeoJSON… Each file is made in tmp (tests/hostile_files.py) and
run through the real entry points (import: read_table + prepare / prepare_staff, as the page
and the command line do; boundary: read_layer + validate_and_prepare, as the upload panel
does) in one subprocess per kind with a 3 GB address-space cap. Each file must be refused with
its Vietnamese words, or read with its warning, leave the database checksum unchanged, and
take under 5 s of CPU (15 s wall clock) and 512 MB (growth of
the process's peak resident memory, VmHWM, over its baseline).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from danvan.data.db import get_engine
from danvan.data.loader import build_database
from danvan.settings import ROOT
from tests.dbs import fresh_url
from tests.hostile_files import BOUNDARY_CASES, IMPORT_CASES, Case

MAX_CPU_SECONDS = 5.0  # what a file may cost the server: seconds of a core
MAX_SECONDS = 15.0  # wall clock, loose: the CI machine may be busy with other work
MAX_BYTES = 512 * 1024 * 1024  # the worst measured: a 1-million-vertex GeoJSON (20 MB) parsed, 474 MB
WORKER_SECONDS = 300  # the whole corpus of one kind takes under a minute


def _run(kind: str, cases: dict[str, Case], tmp: Path) -> dict[str, dict]:
    folder = tmp / kind
    folder.mkdir()
    for case_id, case in cases.items():
        (folder / case_id).write_bytes(case.build())
    url = fresh_url(tmp, f"hostile-{kind}")
    build_database(get_engine(url), ROOT / "data")
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    try:  # a file that hangs ends the worker; the files before it keep their results
        proc = subprocess.run([sys.executable, "-m", "tests.hostile_files", kind, str(folder), url], cwd=ROOT,
                              capture_output=True, text=True, timeout=WORKER_SECONDS, env=env, check=False)
        out, err, code = proc.stdout, proc.stderr, proc.returncode
    except subprocess.TimeoutExpired as exc:
        out, err, code = _text(exc.stdout), _text(exc.stderr), f"stopped after {WORKER_SECONDS} s"
    results = {}
    for line in out.splitlines():
        if line.startswith("{"):
            entry = json.loads(line)
            results[entry["id"]] = entry
    results["_stderr"] = {"text": err[-3000:], "code": code}
    return results


def _text(data: bytes | str | None) -> str:
    return data.decode(errors="replace") if isinstance(data, bytes) else data or ""


@pytest.fixture(scope="module")
def import_results(tmp_path_factory) -> dict[str, dict]:
    return _run("import", IMPORT_CASES, tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def boundary_results(tmp_path_factory) -> dict[str, dict]:
    return _run("boundary", BOUNDARY_CASES, tmp_path_factory.mktemp("hostile"))


def _check(case: Case, result: dict | None, stderr: dict) -> None:
    assert result is not None, f"the worker stopped before this file (exit {stderr['code']}): {stderr['text']}"
    texts = result["texts"]
    assert result["outcome"] == case.outcome, texts
    if case.words:
        assert any(all(w in t for w in case.words) for t in texts), texts
    for text in texts:  # Vietnamese, for a person: no Python exception names or English csv errors
        assert not any(w in text for w in ("Traceback", "field larger", "Error:", "object has no")), text
    for hidden in case.absent:
        assert hidden not in result.get("figures", ""), f"{hidden} was read into the plan"
    assert result["unchanged"], "the database changed"
    assert result["cpu_seconds"] < MAX_CPU_SECONDS, f"{result['cpu_seconds']:.1f} s of CPU"
    assert result["seconds"] < MAX_SECONDS, f"{result['seconds']:.1f} s"
    assert result["rss_over_baseline"] < MAX_BYTES, f"{result['rss_over_baseline'] / 2**20:.0f} MB (process)"
    assert result["baseline"] < 2 * MAX_BYTES, "the worker's own baseline (libraries, reference data) grew"


@pytest.mark.parametrize("case_id", list(IMPORT_CASES))
def test_hostile_import_file(case_id: str, import_results: dict[str, dict]) -> None:
    _check(IMPORT_CASES[case_id], import_results.get(case_id), import_results["_stderr"])


@pytest.mark.parametrize("case_id", list(BOUNDARY_CASES))
def test_hostile_boundary_file(case_id: str, boundary_results: dict[str, dict]) -> None:
    _check(BOUNDARY_CASES[case_id], boundary_results.get(case_id), boundary_results["_stderr"])


def test_corpus_is_large_enough() -> None:
    assert len(IMPORT_CASES) >= 60
    assert len(BOUNDARY_CASES) >= 30
    assert sum(c.outcome == "refused" for c in IMPORT_CASES.values()) >= 35


def test_bombs_are_small_on_disk_and_large_inflated() -> None:
    """The bombs really are bombs: a small upload that would inflate over every limit."""
    import io
    import zipfile

    for case in (IMPORT_CASES["bomb_sheet"], BOUNDARY_CASES["bomb_shp"]):
        data = case.build()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            inflated = sum(i.file_size for i in archive.infolist())
        assert len(data) < 1024 * 1024 and inflated >= 100 * 1024 * 1024


def test_staff_workbook_lists_hidden_parts_as_warnings_once() -> None:
    """A staff workbook (every visible sheet read): the hidden sheet and the hidden row are
    warnings of the first table, carried into the plan, and not repeated as notes."""
    from openpyxl import Workbook

    from danvan.importing import read_tables

    wb = Workbook()
    ws = wb.active
    ws.title = "Tiếp dân"
    ws.append(["Địa phương", "Chỉ tiêu", "Năm 2024"])
    ws.append(["Nghệ An", "Số lượt tiếp công dân", 120])
    ws.append(["Nghệ An", "Số vụ việc", 9_876_543])
    ws.row_dimensions[3].hidden = True
    secret = wb.create_sheet("Nháp")
    secret.append(["Địa phương", "Chỉ tiêu", "Năm 2024"])
    secret.sheet_state = "hidden"
    buffer = io.BytesIO()
    wb.save(buffer)
    tables, notes = read_tables("can_bo.xlsx", buffer.getvalue())
    assert [t.sheet for t in tables] == ["Tiếp dân"]
    texts = [w.text for w in tables[0].warnings]
    assert any("trang tính «Nháp» đang bị ẩn" in t for t in texts), texts
    assert any("các dòng 3 đang bị ẩn nên không được nhập" in t for t in texts), texts
    assert all(9_876_543 not in row.cells.values() for row in tables[0].rows)
    assert not any("ẩn" in n for n in notes)
