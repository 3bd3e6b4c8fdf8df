"""The «staff spreadsheet» import against a corpus of real-looking staff workbooks.

tests/staff_corpus/build.py writes the files; tests/staff_corpus/expected.py says, file by
file, what a correct import makes of them. The files are imported in manifest order into one
database (later files see earlier figures and remembered aliases); for each: counts per
status, the reason of every row not imported, stored figures, warnings and scopes. Then the
batches and their undo, and the command line with its exit status.
"""

from __future__ import annotations

import csv
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from danvan.data.db import get_engine
from danvan.data.loader import build_database
from danvan.data.models import ImportBatch, Observation
from danvan.settings import ROOT
from tests.dbs import fresh_url
from tests.staff_corpus import build as corpus
from tests.staff_corpus.expected import (
    ANY,
    CASES,
    CLI_FILE,
    CLI_HELD_FILE,
    HELD_OUT,
    NEW,
    TODAY,
    Case,
    Figure,
    SameAs,
)

STATUSES = ("imported", "held", "skipped", "refused")
STATUS_WORDS = {"imported": "đã nhập", "held": "chờ bổ sung", "skipped": "bỏ qua", "refused": "từ chối"}
BY_FILE = {case.file: case for case in CASES}
with (ROOT / "data" / "indicators.csv").open(encoding="utf-8") as _f:
    CATALOGUE = frozenset(row["code"] for row in csv.DictReader(_f))


def _nfc(text: str | None) -> str | None:
    return None if text is None else unicodedata.normalize("NFC", text).strip()


def _key(outcome: Any) -> tuple[int, str | None]:
    return outcome.row, _nfc(outcome.column)


def _show(outcome: Any) -> str:
    return (f"dòng {outcome.row} cột {outcome.column!r}: {outcome.status} {outcome.reason_code!r} "
            f"{outcome.locality_id} {outcome.indicator_code} {outcome.value} "
            f"{outcome.period_start}–{outcome.period_end} ({outcome.reason})")


def _listing(rows: list[Any]) -> str:
    return "\n".join(_show(o) for o in sorted(rows, key=lambda o: (o.row, o.column or "")))


@dataclass
class _Run:
    result: Any = None
    error: BaseException | None = None


class _Importer:
    """Imports the corpus files once each, always in manifest order, into one database."""

    def __init__(self, engine, folder: Path) -> None:
        self.engine, self.folder = engine, folder
        self.runs: dict[str, _Run] = {}

    def _import(self, case: Case) -> _Run:
        try:
            from danvan.importing.service import StaffOptions, import_staff_file

            data = (self.folder / case.file).read_bytes()
            return _Run(result=import_staff_file(self.engine, case.file, data, StaffOptions(**case.options),
                                                 today=TODAY))
        except Exception as error:  # noqa: BLE001 - kept, and raised by the file's own test
            return _Run(error=error)

    def result(self, name: str) -> Any:
        """The result of file ``name``, importing it and every file before it first."""
        for case in CASES:
            if case.file not in self.runs:
                self.runs[case.file] = self._import(case)
            if case.file == name:
                break
        run = self.runs[name]
        if run.error is not None:
            raise run.error
        return run.result


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("staff_corpus")
    corpus.build(folder)
    return folder


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    eng = get_engine(fresh_url(tmp_path_factory.mktemp("staff_db"), "staff"))
    build_database(eng, ROOT / "data")
    return eng


@pytest.fixture(scope="module")
def imported(engine, corpus_dir) -> _Importer:
    return _Importer(engine, corpus_dir)


def _batch_rows(engine, batch_id: int | None) -> list[dict[str, Any]]:
    if batch_id is None:
        return []
    with engine.connect() as conn:
        rows = conn.execute(select(Observation.__table__).where(Observation.batch_id == batch_id))
        return [dict(r._mapping) for r in rows]


def _count_batched(engine, batch_id: int | None = None) -> int:
    condition = Observation.batch_id.is_not(None) if batch_id is None else Observation.batch_id == batch_id
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(Observation).where(condition)).scalar_one()


def _all_batched(engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        query = select(Observation.obs_id, Observation.batch_id).where(Observation.batch_id.is_not(None))
        rows = conn.execute(query)
        return [dict(r._mapping) for r in rows]


def _indicator(figure: Figure, imported: _Importer) -> str:
    """The indicator code the figure must have (resolving SameAs through the other file)."""
    if isinstance(figure.indicator_code, SameAs):
        ref = figure.indicator_code
        other = {_key(o): o for o in imported.result(ref.file).rows}[(ref.row, ref.column)]
        assert other.status == "imported", f"{ref.file} dòng {ref.row} chưa được nhập"
        return other.indicator_code
    return figure.indicator_code


def _check_period(figure: Figure, outcome: Any) -> None:
    for want, got, what in ((figure.period_start, outcome.period_start, "đầu kỳ"),
                            (figure.period_end, outcome.period_end, "cuối kỳ")):
        if want != ANY:
            assert got == want, f"dòng {figure.row} {figure.column!r}: {what} {got} ≠ {want}"


@pytest.mark.parametrize("case", CASES, ids=[c.file for c in CASES])
def test_staff_file(case: Case, imported: _Importer, engine) -> None:
    result = imported.result(case.file)
    rows = list(result.rows)
    outcomes = {_key(o): o for o in rows}
    assert len(outcomes) == len(rows), "một ô giá trị có hai kết quả:\n" + _listing(rows)

    got = Counter(o.status for o in rows)
    assert {s: got.get(s, 0) for s in STATUSES} == case.counts, _listing(rows)
    not_imported = {k: (o.status, o.reason_code) for k, o in outcomes.items() if o.status != "imported"}
    assert not_imported == case.outcomes, _listing(rows)
    for o in rows:
        if o.status == "imported":
            assert o.reason_code == "", _show(o)
        else:  # a reason the staff member can read, in Vietnamese
            assert o.reason and o.reason.strip(), _show(o)
            assert any(ord(c) > 127 for c in o.reason), _show(o)

    stored = _batch_rows(engine, result.batch_id)
    if case.counts["imported"]:
        assert result.batch_id is not None
        assert len(stored) == case.counts["imported"]
    new_codes: dict[str, int] = {}
    for figure in case.figures:
        o = outcomes.get((figure.row, figure.column))
        assert o is not None and o.status == "imported", f"dòng {figure.row} {figure.column!r} chưa được nhập"
        if figure.indicator_code == NEW:
            assert o.indicator_code and o.indicator_code not in CATALOGUE, _show(o)
            assert o.indicator_code not in new_codes, f"hai tên khác nhau, một chỉ tiêu mới: {_show(o)}"
            new_codes[o.indicator_code] = figure.row
        else:
            assert o.indicator_code == _indicator(figure, imported), _show(o)
        assert o.locality_id == figure.locality_id, _show(o)
        assert abs(o.value - figure.value) <= 1e-9, _show(o)
        _check_period(figure, o)
        key = (o.locality_id, o.indicator_code, o.period_start, o.period_end)
        same = [r for r in stored if abs(r["value"] - figure.value) <= 1e-9
                and (r["locality_id"], r["indicator_code"], r["period_start"], r["period_end"]) == key]
        assert len(same) == 1, f"không thấy số liệu của {_show(o)} trong lô {result.batch_id}"
        scope = case.scopes.get((figure.row, figure.column))
        if scope:
            assert scope in unicodedata.normalize("NFC", same[0]["scope_vi"] or ""), same[0]
    assert set(case.scopes) <= {(f.row, f.column) for f in case.figures}

    warned = {w.row for w in result.warnings if w.message and w.message.strip()}
    said = [(w.row, w.message) for w in result.warnings]
    for row in case.warnings:
        assert row in warned, f"thiếu cảnh báo ở dòng {row}: {said}"
    for row in case.quiet:
        assert row not in warned, f"cảnh báo thừa ở dòng {row}: {said}"


def test_batches_hold_exactly_the_imported_figures_and_undo(imported: _Importer, engine) -> None:
    from danvan.importing.batches import undo_batch

    results = [imported.result(case.file) for case in CASES]
    total = sum(o.status == "imported" for r in results for o in r.rows)  # counts per file: test_staff_file
    assert _count_batched(engine) == total

    last = next(r for r in reversed(results) if any(o.status == "imported" for o in r.rows))
    n_last = sum(o.status == "imported" for o in last.rows)
    others_before = {r["obs_id"] for r in _all_batched(engine) if r["batch_id"] != last.batch_id}
    undo_batch(engine, last.batch_id, "kiemthu")
    assert _count_batched(engine, last.batch_id) == 0
    assert _count_batched(engine) == total - n_last
    assert {r["obs_id"] for r in _all_batched(engine)} == others_before


# ------------------------------------------------------------------------------ command line


@pytest.fixture()
def cli_db(tmp_path, monkeypatch):
    from danvan.settings import get_settings

    url = fresh_url(tmp_path, "staff_cli")
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    get_engine.cache_clear()
    yield url
    get_settings.cache_clear()
    get_engine.cache_clear()


def _status_of(line: str) -> str | None:
    """The status word that comes first in a «Dòng N …» line (reasons may quote others)."""
    found = [(line.find(word), status) for status, word in STATUS_WORDS.items() if word in line]
    return min(found)[1] if found else None


def test_command_line(cli_db, corpus_dir, capsys) -> None:
    from danvan import cli

    held_path = corpus_dir / CLI_HELD_FILE
    assert cli.main(["nhap", str(held_path), "--nguoi-dung", "kiemthu"]) == 1
    capsys.readouterr()
    engine = get_engine(cli_db)
    assert _count_batched(engine) == 0  # nothing written without --nhap-dong-hop-le
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(ImportBatch)).scalar_one() == 0

    case = BY_FILE[CLI_FILE]
    status = cli.main(["nhap", str(corpus_dir / CLI_FILE), "--nguoi-dung", "kiemthu", "--ky", "năm 2025",
                       "--nhap-dong-hop-le", "--chi-tieu-moi"])
    out = capsys.readouterr().out
    lines = [line.strip() for line in out.splitlines() if line.strip().startswith("Dòng ")]
    assert len(lines) == sum(case.counts.values()), out
    statuses = [_status_of(line) for line in lines]
    assert None not in statuses, out
    got = Counter(statuses)
    assert {s: got.get(s, 0) for s in STATUSES} == case.counts, out
    for (row, _column), (want, _code) in case.outcomes.items():
        assert any(_status_of(line) == want and line.startswith(f"Dòng {row}")
                   and not line[len(f"Dòng {row}"):][:1].isdigit() for line in lines), (row, out)
    assert status == 0
    assert _count_batched(engine) == case.counts["imported"]


# ------------------------------------------------------------------------------ the corpus itself


def test_corpus_is_written_whole_and_the_same_every_time(tmp_path) -> None:
    first = corpus.build(tmp_path / "a")
    second = corpus.build(tmp_path / "b")
    assert [p.name for p in first] == [case.file for case in CASES]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(first, second, strict=True))
    assert HELD_OUT <= set(BY_FILE) and len(HELD_OUT) == 2
    assert len(CASES) >= 14
    for case in CASES:
        assert 5 <= sum(case.counts.values()) <= 30, case.file
        assert len(case.figures) >= 3 or not case.counts["imported"], case.file
        assert sum(case.counts.values()) - case.counts["imported"] == len(case.outcomes), case.file
    for path in first:
        case = BY_FILE[path.name]
        if path.suffix == ".csv":
            data = path.read_bytes()
            assert data.startswith("\ufeff".encode())
            lines = data.decode("utf-8-sig").splitlines()
            filled = {n for n, line in enumerate(lines, start=1) if line.strip(";")}
            headers = set(lines[0].split(";"))
        else:
            ws = load_workbook(path).active
            filled = {cell.row for row in ws.iter_rows() for cell in row if cell.value is not None}
            headers = {_nfc(str(c.value)) for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
        for row, column in [*case.outcomes, *((f.row, f.column) for f in case.figures)]:
            assert row in filled, (path.name, row)
            assert column is None or column in headers, (path.name, column)
