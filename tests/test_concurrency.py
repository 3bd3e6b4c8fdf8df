"""Imports at scale and at the same time, on SQLite (WAL file) and on PostgreSQL.

* Two OS processes import the same file at the same moment: every row is stored once, one
  batch adds them, the other process is told the rows are already there («đã có»).
* Two processes import different files (same localities, distinct keys): both batches land,
  nothing is lost or doubled.
* A process killed (SIGKILL) in the middle of its transaction leaves no batch and no figure,
  and no lock: the next import and undo work.
* In one process: a plan that meets figures committed since its preview is re-checked inside
  the writer lock (identical rows skipped, different values refused); progress per chunk;
  validate + commit grow linearly with the number of rows.

The child processes run this module: ``python -m tests.test_concurrency FILE [options]``
with DATABASE_URL set; they synchronise on a barrier folder so that both have finished their
preview before either starts writing.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine

from danvan.data.db import get_engine
from danvan.data.loader import build_database
from danvan.data.models import ImportBatch, Observation
from danvan.importing import read_table, validate
from danvan.importing import service as import_service
from danvan.importing.batches import INSERT_CHUNK, BatchError, commit_plan, data_checksum, undo_batch
from danvan.settings import ROOT
from tests.dbs import new_postgres_database
from tests.test_import_validation import csv_bytes, row, xlsx

PYTHON = ROOT / ".venv" / "bin" / "python"
FOCUS = ("Thị xã Hương Trà", "Quận Hoàn Kiếm", "Tỉnh Gia Lai", "Tỉnh Trà Vinh", "Tỉnh Nghệ An")
SCOPE = "Toàn địa bàn (kiểm thử nhập đồng thời)"  # part of each figure's key: never meets the curated data
SOURCE = "Báo cáo kiểm thử nhập đồng thời"
FIRST_YEAR, LAST_YEAR = 2012, 2024  # monthly periods every focus locality covers
CHILD_TIMEOUT = 300


# ---------------------------------------------------------------------------- files


def _indicators() -> pd.DataFrame:
    return pd.read_csv(ROOT / "data" / "indicators.csv", dtype=str, keep_default_na=False)


def observation_rows(n: int, offset: int = 0, *, bump: int = 0) -> list[dict[str, object]]:
    """``n`` file rows with distinct keys (focus locality × indicator × month), the
    ``offset``-th onwards; ``bump`` changes every value (same keys, other figures)."""
    catalogue = _indicators()
    codes, units = list(catalogue["code"]), dict(zip(catalogue["code"], catalogue["unit"], strict=True))
    months = (LAST_YEAR - FIRST_YEAR + 1) * 12
    assert offset + n <= len(FOCUS) * len(codes) * months
    rows = []
    for i in range(offset, offset + n):
        place, code = FOCUS[i % len(FOCUS)], codes[(i // len(FOCUS)) % len(codes)]
        month = i // (len(FOCUS) * len(codes))
        year, month = FIRST_YEAR + month // 12, month % 12 + 1
        # 1–9: under ten times every stored maximum, so no figure is held for confirmation (plausibility)
        value = f"{(i + bump) % 90 + 1},5" if units[code] == "phan_tram" else str((i + bump) % 9 + 1)
        rows.append(row(**{"Địa phương": place, "Mã chỉ tiêu": code, "Giá trị": value,
                           "Kỳ báo cáo": f"tháng {month}/{year}", "Phạm vi": SCOPE, "Nguồn": SOURCE,
                           "Cơ quan ban hành": "Nhóm kiểm thử"}))
    return rows


def write_file(folder: Path, name: str, rows: list[dict[str, object]]) -> Path:
    path = folder / name
    path.write_bytes(xlsx(rows) if name.endswith(".xlsx") else csv_bytes(rows))
    return path


# ---------------------------------------------------------------------------- child process


def _wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.005)


def child(argv: list[str]) -> int:
    """Prepare FILE, wait at the barrier, commit; print one JSON line with the outcome."""
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--barrier", default="")
    parser.add_argument("--parties", type=int, default=1)
    parser.add_argument("--name", default="child")
    parser.add_argument("--hold", default="", help="after the first chunk: write this marker, then sleep")
    args = parser.parse_args(argv)
    from danvan.settings import get_settings

    engine = get_engine(get_settings().database_url)
    path = Path(args.file)
    prepared = import_service.prepare(engine, path.name, path.read_bytes())
    if not prepared.plan.ok:
        print(json.dumps({"status": "invalid", "problems": [p.text for p in prepared.plan.problems[:5]]}))
        return 2
    if args.barrier:
        barrier = Path(args.barrier)
        (barrier / f"{args.name}.ready").touch()
        _wait_for(lambda: len(list(barrier.glob("*.ready"))) >= args.parties, 120, "barrier")

    def hold(done: int, total: int) -> None:
        written = Path(f"{args.hold}.tmp")
        written.write_text(f"{done} {total}")
        os.replace(written, args.hold)  # the parent never sees the marker before its text
        time.sleep(600)  # killed here, in the middle of the transaction

    try:
        batch_id = import_service.commit(engine, prepared, args.name, progress=hold if args.hold else None)
    except BatchError as error:
        print(json.dumps({"status": "refused", "message": str(error)}, ensure_ascii=False))
        return 3
    print(json.dumps({"status": "ok", "batch": batch_id, "planned": len(prepared.plan.to_add),
                      "already": len(prepared.already_present)}))
    return 0


def spawn(url: str, *args: str) -> subprocess.Popen[str]:
    python = str(PYTHON) if PYTHON.exists() else sys.executable
    env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([python, "-m", "tests.test_concurrency", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def outcome(proc: subprocess.Popen[str]) -> tuple[int, dict[str, object]]:
    out, err = proc.communicate(timeout=CHILD_TIMEOUT)
    lines = [line for line in out.splitlines() if line.startswith("{")]
    assert lines, f"no result from child (exit {proc.returncode}): {out[-2000:]} {err[-4000:]}"
    return proc.returncode, json.loads(lines[-1])


# ---------------------------------------------------------------------------- fixtures and checks


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Engine]]:
    """A database built from data/: a SQLite file in WAL mode, or a new PostgreSQL database."""
    url = f"sqlite:///{tmp_path / 'conc.db'}" if request.param == "sqlite" else new_postgres_database("conc")
    engine = get_engine(url)
    build_database(engine, ROOT / "data")
    if request.param == "sqlite":
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    yield url, engine
    engine.dispose()


def our_figures(engine: Engine) -> tuple[int, int, int]:
    """(figures of the test scope, distinct keys among them, all figures)."""
    with engine.connect() as conn:
        ours = select(Observation.locality_id, Observation.indicator_code, Observation.period_start,
                      Observation.period_end, Observation.scope_class, Observation.scope_vi
                      ).where(Observation.scope_vi == SCOPE)
        n = conn.execute(select(func.count()).select_from(ours.subquery())).scalar_one()
        distinct = conn.execute(select(func.count()).select_from(ours.distinct().subquery())).scalar_one()
        total = conn.execute(select(func.count()).select_from(Observation)).scalar_one()
    return n, distinct, total


def batches(engine: Engine) -> list[dict[str, object]]:
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(ImportBatch).order_by(ImportBatch.id))]


# ---------------------------------------------------------------------------- across processes


def test_same_file_twice_at_once_is_stored_once(db, tmp_path: Path) -> None:
    url, engine = db
    n = 1500
    path = write_file(tmp_path, "cung_tep.xlsx", observation_rows(n))
    barrier = tmp_path / "barrier"
    barrier.mkdir()
    procs = [spawn(url, str(path), "--barrier", str(barrier), "--parties", "2", "--name", name)
             for name in ("nhap.a", "nhap.b")]
    results = [outcome(p) for p in procs]
    ok = [r for code, r in results if code == 0]
    refused = [r for code, r in results if code == 3]
    assert len(ok) == 1 and len(refused) == 1, results
    assert ok[0]["planned"] == n and ok[0]["already"] == 0
    assert "đã có" in str(refused[0]["message"]) and str(n) in str(refused[0]["message"])
    assert our_figures(engine)[:2] == (n, n)
    active = [b for b in batches(engine) if b["status"] == "active"]
    assert len(active) == 1 and active[0]["n_added"] == n and active[0]["id"] == ok[0]["batch"]


def test_different_files_at_once_are_both_kept(db, tmp_path: Path) -> None:
    url, engine = db
    n = 2000
    before = our_figures(engine)[2]
    files = [write_file(tmp_path, "tep_a.xlsx", observation_rows(n)),
             write_file(tmp_path, "tep_b.xlsx", observation_rows(n, offset=n))]
    barrier = tmp_path / "barrier"
    barrier.mkdir()
    procs = [spawn(url, str(path), "--barrier", str(barrier), "--parties", "2", "--name", f"nhap.{i}")
             for i, path in enumerate(files)]
    results = [outcome(p) for p in procs]
    assert [code for code, _ in results] == [0, 0], results
    assert {r["planned"] for _, r in results} == {n}
    assert our_figures(engine) == (2 * n, 2 * n, before + 2 * n)
    assert sorted(b["n_added"] for b in batches(engine)) == [n, n]


def _no_lingering_lock(url: str, engine: Engine) -> None:
    if engine.dialect.name == "postgresql":
        from sqlalchemy.engine import make_url

        name = make_url(url).database

        def clear() -> bool:
            with engine.connect() as conn:
                busy = conn.execute(text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = :db AND pid <> pg_backend_pid() "
                    "AND (state LIKE 'idle in transaction%' OR state = 'active')"), {"db": name}).scalar_one()
                locks = conn.execute(text(
                    "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database "
                    "WHERE l.locktype = 'advisory' AND d.datname = :db"), {"db": name}).scalar_one()
            return busy == 0 and locks == 0

        _wait_for(clear, 30, "PostgreSQL still holds the killed import's transaction or lock")
    else:
        import sqlite3

        conn = sqlite3.connect(str(engine.url.database), timeout=1)
        try:
            conn.execute("BEGIN IMMEDIATE")  # fails with "database is locked" if a lock were left
            conn.rollback()
        finally:
            conn.close()


def test_killed_import_leaves_nothing(db, tmp_path: Path) -> None:
    url, engine = db
    n = 20_000
    path = write_file(tmp_path, "lon.csv", observation_rows(n))
    before, fingerprint, history_before = our_figures(engine), data_checksum(engine), batches(engine)
    marker = tmp_path / "dang_ghi"
    proc = spawn(url, str(path), "--hold", str(marker))
    try:
        _wait_for(lambda: marker.exists() or proc.poll() is not None, CHILD_TIMEOUT, "no chunk written")
        assert proc.poll() is None, proc.communicate()
        done, total = map(int, marker.read_text().split())
        assert (done, total) == (INSERT_CHUNK, n)  # mid-transaction: one chunk written, not committed
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    _no_lingering_lock(url, engine)
    assert batches(engine) == history_before
    assert our_figures(engine) == before
    assert data_checksum(engine) == fingerprint
    # The database works normally afterwards: import and undo.
    small = write_file(tmp_path, "sau.xlsx", observation_rows(50, offset=n))
    prepared = import_service.prepare(engine, small.name, small.read_bytes())
    assert len(prepared.plan.to_add) == 50
    batch_id = import_service.commit(engine, prepared, "bien.tap")
    assert our_figures(engine)[0] == 50
    undo_batch(engine, batch_id, "bien.tap")
    assert our_figures(engine) == before


# ---------------------------------------------------------------------------- in one process


def _prepare(engine: Engine, name: str, rows: list[dict[str, object]]) -> import_service.Prepared:
    data = xlsx(rows)
    prepared = import_service.prepare(engine, name, data)
    assert prepared.plan.ok, [p.text for p in prepared.plan.problems[:5]]
    return prepared


def test_plan_is_checked_again_inside_the_lock(db) -> None:
    _, engine = db
    first = _prepare(engine, "a.xlsx", observation_rows(300))
    other_values = _prepare(engine, "b.xlsx", observation_rows(300, bump=7))
    one_more = _prepare(engine, "c.xlsx", observation_rows(301))
    # the three previews were made before any commit
    assert len(other_values.plan.to_add) == len(one_more.plan.to_add) - 1 == 300
    first_id = import_service.commit(engine, first, "nhap.a")
    fingerprint = data_checksum(engine)
    with pytest.raises(BatchError, match="xem trước lần nữa") as refused:
        import_service.commit(engine, other_values, "nhap.b")
    assert "dòng 2 (" in str(refused.value) and "và 295 dòng khác" in str(refused.value)
    assert data_checksum(engine) == fingerprint  # nothing written
    batch_id = import_service.commit(engine, one_more, "nhap.c")
    assert one_more.already_present == list(range(2, 302))
    assert [b["n_added"] for b in batches(engine) if b["id"] == batch_id] == [1]
    assert our_figures(engine)[:2] == (301, 301)
    assert first_id != batch_id


def test_accepted_replacement_of_a_figure_replaced_meanwhile_is_refused(db) -> None:
    _, engine = db
    base = _prepare(engine, "goc.xlsx", observation_rows(3))
    import_service.commit(engine, base, "nhap.goc")
    mine = _prepare(engine, "cua_toi.xlsx", observation_rows(3, bump=1))
    theirs = _prepare(engine, "cua_ho.xlsx", observation_rows(3, bump=2))
    assert len(mine.plan.conflicts) == len(theirs.plan.conflicts) == 3
    import_service.commit(engine, theirs, "nhap.ho", accept={2, 3, 4})
    fingerprint = data_checksum(engine)
    with pytest.raises(BatchError, match="đã thay đổi"):
        import_service.commit(engine, mine, "nhap.toi", accept={2})
    assert data_checksum(engine) == fingerprint


def test_models_imported_twice_are_not_doubled(db) -> None:
    from tests.test_import_validation import models_xlsx, mrow

    _, engine = db
    data = models_xlsx([mrow(), mrow(**{"Tên mô hình": "Mô hình thứ hai"})])
    first = import_service.prepare(engine, "mh.xlsx", data, kind="models")
    second = import_service.prepare(engine, "mh.xlsx", data, kind="models")
    import_service.commit(engine, first, "bien.tap")
    with pytest.raises(BatchError, match="đã có trong sổ"):
        import_service.commit(engine, second, "bien.tap")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM dvk_model")).scalar_one() == 2


def test_undo_keeps_a_source_a_later_batch_cites(db) -> None:
    _, engine = db
    first = import_service.commit(engine, _prepare(engine, "a.xlsx", observation_rows(5)), "bien.tap")
    later = _prepare(engine, "b.xlsx", observation_rows(5, offset=5))
    second = import_service.commit(engine, later, "bien.tap")

    def cited() -> set[str]:
        with engine.connect() as conn:
            ids = conn.execute(select(Observation.source_id).where(Observation.scope_vi == SCOPE)).scalars()
            return set(ids)

    def imported_sources() -> set[str]:
        with engine.connect() as conn:
            return set(conn.execute(text("SELECT source_id FROM source WHERE source_id LIKE 'B%'")).scalars())

    assert cited() == imported_sources() == {f"B{first}-1"}  # the second file cites the first one's source
    undo_batch(engine, first, "bien.tap")
    assert imported_sources() == {f"B{first}-1"} and our_figures(engine)[0] == 5
    undo_batch(engine, second, "bien.tap")
    assert imported_sources() == set() and our_figures(engine)[0] == 0


def test_a_source_removed_since_the_preview_is_refused(db) -> None:
    _, engine = db
    first = import_service.commit(engine, _prepare(engine, "a.xlsx", observation_rows(5)), "bien.tap")
    later = _prepare(engine, "b.xlsx", observation_rows(5, offset=5))
    assert {o["source_id"] for o in later.plan.to_add} == {f"B{first}-1"}
    undo_batch(engine, first, "quan.tri")  # removes the source the preview counted on
    fingerprint = data_checksum(engine)
    with pytest.raises(BatchError, match=f"nguồn B{first}-1 .*vừa bị xóa"):
        import_service.commit(engine, later, "bien.tap")
    assert data_checksum(engine) == fingerprint


def test_a_writer_that_cannot_get_the_lock_is_told_to_retry(db, monkeypatch: pytest.MonkeyPatch) -> None:
    from danvan.data import db as database

    url, engine = db
    prepared = _prepare(engine, "a.xlsx", observation_rows(3))
    fingerprint = data_checksum(engine)
    monkeypatch.setattr(database, "WRITE_WAIT_SECONDS", 1.0)
    holder = get_engine(url).connect()  # another writer, holding the lock
    try:
        holder.begin()
        database.lock_writers(holder)
        started = time.monotonic()
        with pytest.raises(database.WritersBusy, match="đang bận"):
            import_service.commit(engine, prepared, "bien.tap")
        assert 0.5 < time.monotonic() - started < 20
    finally:
        holder.rollback()
        holder.close()
    assert data_checksum(engine) == fingerprint
    assert import_service.commit(engine, prepared, "bien.tap") > 0  # the lock is free again


def test_progress_is_reported_per_chunk(db) -> None:
    _, engine = db
    n = 2 * INSERT_CHUNK + 17
    table = read_table("p.csv", csv_bytes(observation_rows(n)))
    plan = validate(table, import_service.context(engine), file_name="p.csv", today=date.today())
    calls: list[tuple[int, int]] = []
    commit_plan(engine, plan, file_name="p.csv", checksum="x", user="u",
                progress=lambda done, total: calls.append((done, total)))
    assert calls == [(INSERT_CHUNK, n), (2 * INSERT_CHUNK, n), (n, n)]


def _validate_and_commit(engine: Engine, n: int, offset: int) -> float:
    table = read_table("t.csv", csv_bytes(observation_rows(n, offset)))
    started = time.perf_counter()
    plan = validate(table, import_service.context(engine), file_name="t.csv", today=date.today())
    assert len(plan.to_add) == n
    commit_plan(engine, plan, file_name="t.csv", checksum=str(offset), user="u")
    return time.perf_counter() - started


def test_validate_and_commit_grow_linearly(db) -> None:
    _, engine = db
    _validate_and_commit(engine, 200, 0)  # warm up (imports, caches)
    small = min(_validate_and_commit(engine, 2_500, 1_000 + k * 2_500) for k in range(2))
    large = _validate_and_commit(engine, 10_000, 10_000)
    print(f"validate + commit: 2.500 rows {small:.2f} s, 10.000 rows {large:.2f} s ({engine.dialect.name})")
    assert large < 30
    assert large < 8 * small, (small, large)  # four times the rows; quadratic work would take ~16 times


if __name__ == "__main__":
    sys.exit(child(sys.argv[1:]))


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_two_processes_starting_on_an_empty_database_build_it_once(backend: str, tmp_path: Path) -> None:
    """Two app processes start at once on a new database: migrations and the build from data/
    run once; the other process waits for the writer lock and finds the data there."""
    url = f"sqlite:///{tmp_path / 'start.db'}" if backend == "sqlite" else new_postgres_database("start")
    code = ("import sys, time; from danvan.data.db import get_engine; from danvan.data.loader import build_database; "
            "from danvan.settings import ROOT; import pathlib\n"
            "go = pathlib.Path(sys.argv[1])\n"
            "while not go.exists(): time.sleep(0.01)\n"
            "print('built' if build_database(get_engine(sys.argv[2]), ROOT / 'data') else 'found')")
    go = tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([str(PYTHON), "-c", code, str(go), url], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    time.sleep(1.0)
    go.touch()
    results = [p.communicate(timeout=CHILD_TIMEOUT) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err[-3000:] for _, err in results]
    assert sorted(out.strip() for out, _ in results) == ["built", "found"]
    engine = get_engine(url)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Observation)).scalar_one() == 266
    engine.dispose()
