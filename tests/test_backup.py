"""Backup and restore through the command line (``sao-luu`` / ``khoi-phuc``), on SQLite and
on PostgreSQL: a restore brings back exactly the data at backup time; a database holding data
is only overwritten with --ghi-de; damaged or foreign files are refused and change nothing."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select, table
from sqlalchemy.engine import Engine

from danvan.accounts.audit import recent
from danvan.data import version as data_version
from danvan.data.db import get_engine
from danvan.data.loader import build_database
from danvan.data.models import Observation
from danvan.importing import service as import_service
from danvan.importing.batches import data_checksum, undo_batch
from danvan.registry import add_model
from danvan.settings import ROOT
from tests.dbs import new_postgres_database
from tests.test_concurrency import observation_rows
from tests.test_import_validation import xlsx

PYTHON = ROOT / ".venv" / "bin" / "python"
TABLES = ("observation", "supersession", "source", "import_batch", "dvk_model", "locality", "indicator",
          "app_user", "boundary_layer")


def cli(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    python = str(PYTHON) if PYTHON.exists() else sys.executable
    env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    return subprocess.run([python, "-m", "danvan.cli", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300, check=False)


def cli_here(url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
             ) -> tuple[int, str, str]:
    """The same command in this process (faster; used for the refusals)."""
    from danvan import cli as command_line
    from danvan.settings import get_settings

    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    try:
        code = command_line.main(list(args))
    finally:
        get_settings.cache_clear()
    out, err = capsys.readouterr()
    return code, out, err


def counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {name: conn.execute(select(func.count()).select_from(table(name))).scalar_one()
                for name in TABLES}


def state(engine: Engine) -> tuple[str, dict[str, int]]:
    return data_checksum(engine), counts(engine)


def import_rows(engine: Engine, name: str, n: int, offset: int) -> int:
    prepared = import_service.prepare(engine, name, xlsx(observation_rows(n, offset)))
    assert prepared.plan.ok and len(prepared.plan.to_add) == n
    return import_service.commit(engine, prepared, "bien.tap")


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Engine]]:
    url = f"sqlite:///{tmp_path / 'app.db'}" if request.param == "sqlite" else new_postgres_database("backup")
    engine = get_engine(url)
    build_database(engine, ROOT / "data")
    yield url, engine
    engine.dispose()


def _damaged_copies(backup: Path, folder: Path, sqlite: bool) -> list[Path]:
    data = backup.read_bytes()
    head_only = folder / "dau_tep.bak"
    head_only.write_bytes(data[: len(data) // 10])
    cut = folder / "bi_cat.bak"
    cut.write_bytes(data[: len(data) * 9 // 10])
    text_file = folder / "ghi_chu.bak"
    text_file.write_text("Đây không phải bản sao lưu.\n", encoding="utf-8")
    files = [head_only, cut, text_file]
    if sqlite:
        foreign = folder / "csdl_khac.db"
        conn = sqlite3.connect(foreign)
        conn.execute("CREATE TABLE ghi_chu (noi_dung TEXT)")
        conn.execute("INSERT INTO ghi_chu VALUES ('khác')")
        conn.commit()
        conn.close()
        files.append(foreign)
    return files


def test_backup_and_restore(db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                            capsys: pytest.CaptureFixture[str]) -> None:
    url, engine = db
    sqlite = engine.dialect.name == "sqlite"
    first = import_rows(engine, "lo_1.xlsx", 40, 0)
    add_model(engine, {"name": "Dân vận khéo trong xây dựng nông thôn mới", "locality_id": "tra-vinh",
                       "status": "dang_ky"}, {"tra-vinh"}, "bien.tap")
    at_backup = state(engine)
    backup = tmp_path / ("sao_luu.db" if sqlite else "sao_luu.dump")

    done = cli(url, "sao-luu", str(backup))
    assert done.returncode == 0, done.stderr
    assert "Đã sao lưu" in done.stdout and backup.stat().st_size > 0
    assert "danvan:danvan@" not in done.stdout  # never the password
    code, _, err = cli_here(url, monkeypatch, capsys, "sao-luu", str(backup))
    assert code == 1 and "--ghi-de" in err  # an existing file is not overwritten silently
    assert state(engine) == at_backup  # a backup changes nothing

    # Later work: another batch, an undo, a deletion.
    import_rows(engine, "lo_2.xlsx", 25, 100)
    undo_batch(engine, first, "quan.tri")
    with engine.begin() as conn:
        conn.execute(delete(Observation.__table__).where(Observation.obs_id == "O001"))  # type: ignore[attr-defined]
    changed = state(engine)
    assert changed != at_backup

    code, _, err = cli_here(url, monkeypatch, capsys, "khoi-phuc", str(backup))
    assert code == 1
    assert "đang có dữ liệu" in err and "--ghi-de" in err
    assert state(engine) == changed

    for bad in _damaged_copies(backup, tmp_path, sqlite):
        code, _, err = cli_here(url, monkeypatch, capsys, "khoi-phuc", str(bad), "--ghi-de")
        assert code == 1 and bad.name in err, (bad.name, err)
        assert state(engine) == changed, bad.name
    code, _, err = cli_here(url, monkeypatch, capsys, "khoi-phuc", str(tmp_path / "khong_co.bak"), "--ghi-de")
    assert code == 1 and "Không tìm thấy tệp sao lưu" in err
    other_kind = tmp_path / ("khac.dump" if sqlite else "khac.db")
    other_kind.write_bytes((b"PGDMP\x01\x0e\x00" if sqlite else b"SQLite format 3\x00") + bytes(100))
    code, _, err = cli_here(url, monkeypatch, capsys, "khoi-phuc", str(other_kind), "--ghi-de")
    assert code == 1 and ("PostgreSQL" if sqlite else "SQLite") in err
    assert state(engine) == changed

    version_before = data_version.current(engine)
    restored = cli(url, "khoi-phuc", str(backup), "--ghi-de", "--nguoi-dung", "quan.tri")
    assert restored.returncode == 0, restored.stderr
    assert "Đã khôi phục" in restored.stdout
    assert state(engine) == at_backup
    assert data_version.current(engine) not in {"", version_before}  # app processes drop their caches
    last = recent(engine, 1)[0]
    assert (last["user"], last["action"]) == ("quan.tri", "khôi phục dữ liệu")
    assert backup.name in last["detail"]
    # The restored database is fully usable.
    undo_batch(engine, first, "quan.tri")
    import_rows(engine, "lo_3.xlsx", 10, 200)


def test_restore_into_an_empty_database_needs_no_flag(db, tmp_path: Path) -> None:
    url, engine = db
    import_rows(engine, "lo.xlsx", 15, 0)
    at_backup = state(engine)
    backup = tmp_path / "bk"
    assert cli(url, "sao-luu", str(backup)).returncode == 0
    if engine.dialect.name == "sqlite":
        target_url = f"sqlite:///{tmp_path / 'moi' / 'khoi_phuc.db'}"
        (tmp_path / "moi").mkdir()
    else:
        target_url = new_postgres_database("restore")
    result = cli(target_url, "khoi-phuc", str(backup))
    assert result.returncode == 0, result.stderr
    target = get_engine(target_url)
    try:
        assert state(target) == at_backup
    finally:
        target.dispose()


def test_sqlite_backup_while_a_writer_is_busy(tmp_path: Path) -> None:
    """The online backup does not wait for, nor include, a write in progress (WAL)."""
    url = f"sqlite:///{tmp_path / 'app.db'}"
    engine = get_engine(url)
    build_database(engine, ROOT / "data")
    at_start = state(engine)
    writer = sqlite3.connect(tmp_path / "app.db")
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("DELETE FROM observation")
        done = cli(url, "sao-luu", str(tmp_path / "bk.db"))
        assert done.returncode == 0, done.stderr
    finally:
        writer.rollback()
        writer.close()
    copy = get_engine(f"sqlite:///{tmp_path / 'bk.db'}")
    try:
        assert state(copy) == at_start
    finally:
        copy.dispose()
