"""Schema changes go through the Alembic migrations in danvan/data/migrations/, on SQLite and on
PostgreSQL: the migrations and danvan/data/models.py never drift apart, the app and the CLI apply
pending migrations on start, old databases keep their data, concurrent starts are safe.

Every case runs on both backends; the PostgreSQL cases fail (not skip) under CI when
TEST_POSTGRES_URL is unset (tests/dbs.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import event, func, insert, inspect, select, text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from danvan.clock import VIETNAM_TZ
from danvan.data import db
from danvan.data.loader import build_database
from danvan.data.models import AppUser, BoundaryLayer, Observation
from danvan.settings import ROOT
from tests.dbs import new_postgres_database

BACKENDS = ["sqlite", "postgresql"]
APP_TABLES = set(SQLModel.metadata.tables)


def _new_url(backend: str, folder: Path) -> str:
    if backend == "postgresql":
        return new_postgres_database("mig")
    return f"sqlite:///{folder / 'mig.db'}"


def _engine(url: str) -> Engine:
    """A new engine configured like the app's (SQLite pragmas), not shared with other tests."""
    return db.get_engine.__wrapped__(url)  # type: ignore[attr-defined]


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return _new_url(request.param, tmp_path)


@pytest.fixture()
def engine(url: str) -> Iterator[Engine]:
    eng = _engine(url)
    yield eng
    eng.dispose()


def _diffs(engine: Engine) -> list:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(context, SQLModel.metadata)


def _version(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())


def _tables(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(inspect(conn).get_table_names())


def test_upgrade_creates_exactly_the_models_schema(engine: Engine) -> None:
    db.migrate(engine)
    assert _tables(engine) == APP_TABLES | {"alembic_version"}
    # The guard that danvan/data/models.py and the migrations agree: a model change without a
    # migration (or the reverse) shows up here as a difference.
    assert _diffs(engine) == []
    assert _version(engine) == [db.head_revision()]


def test_migrate_again_is_a_noop(engine: Engine, url: str) -> None:
    db.migrate(engine)
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    db.migrate(engine)
    assert statements == []  # known to be at head in this process: not even a query

    other = _engine(url)  # a new process' view: one cheap look, nothing written
    seen: list[str] = []
    event.listen(other, "before_cursor_execute", lambda *args: seen.append(args[2]))
    try:
        db.migrate(other)
        db.create_schema(other)
    finally:
        other.dispose()
    assert seen and len(seen) <= 3, seen
    writes = ("CREATE", "ALTER", "DROP", "INSERT", "UPDATE", "DELETE", "BEGIN")
    assert not [s for s in seen if s.lstrip().upper().startswith(writes)], seen
    assert _version(engine) == [db.head_revision()]


def test_downgrade_to_base_then_upgrade_again(engine: Engine, url: str) -> None:
    db.migrate(engine)
    with engine.begin() as conn:
        command.downgrade(db.alembic_config(conn), "base")
    assert _tables(engine) <= {"alembic_version"}
    assert _version(engine) == []
    again = _engine(url)  # migrate() remembers per engine that it brought it to head
    try:
        db.migrate(again)
        assert _diffs(again) == []
        assert _version(again) == [db.head_revision()]
    finally:
        again.dispose()


def test_build_database_applies_migrations_and_loads_data(engine: Engine) -> None:
    assert build_database(engine, ROOT / "data") is True
    assert _version(engine) == [db.head_revision()]
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Observation)).scalar_one() == 266
    assert build_database(engine, ROOT / "data") is False


def _add_user(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(insert(AppUser).values(username="lan", display_name="Nguyễn Lan", role="admin",
                                            active=True, created_at=datetime.now(VIETNAM_TZ)))


def _usernames(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(select(AppUser.username)).scalars())


def test_database_made_before_migrations_is_stamped_and_keeps_its_rows(engine: Engine) -> None:
    SQLModel.metadata.create_all(engine)  # how the schema was made before migrations existed
    _add_user(engine)
    assert build_database(engine, ROOT / "data") is True
    db.migrate(engine)
    assert _version(engine) == [db.head_revision()]
    assert _usernames(engine) == ["lan"]
    assert _diffs(engine) == []
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Observation)).scalar_one() == 266


def test_database_made_before_imports_rebuilds_curated_tables_only(engine: Engine) -> None:
    """A database from before imports existed (curated tables, observation without batch_id,
    users' boundary layers): curated tables are dropped and rebuilt from data/, the layers stay
    (what loader.prepare_schema did before migrations)."""
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE observation (id INTEGER PRIMARY KEY, obs_id VARCHAR NOT NULL, "
                          "value FLOAT NOT NULL)"))
        conn.execute(text("INSERT INTO observation (id, obs_id, value) VALUES (1, 'X1', 5)"))
    then = [SQLModel.metadata.tables[name] for name in db.LEGACY_CURATED_TABLES + ("boundary_layer",)
            if name != "observation"]
    SQLModel.metadata.create_all(engine, tables=then)
    with engine.begin() as conn:
        conn.execute(insert(BoundaryLayer).values(level="huyen", source_name="a.geojson", geojson="{}",
                                                  n_features=0, active=True))
    assert build_database(engine, ROOT / "data") is True
    assert _version(engine) == [db.head_revision()]
    assert _diffs(engine) == []
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(BoundaryLayer)).scalar_one() == 1
        obs = set(conn.execute(select(Observation.obs_id)).scalars())
    assert len(obs) == 266 and "X1" not in obs
    _add_user(engine)  # tables added since (accounts, batches, registry) exist now
    assert _usernames(engine) == ["lan"]


def test_tables_dropped_outside_alembic_are_created_again(engine: Engine, url: str) -> None:
    """SQLModel.metadata.drop_all (as tests/test_postgres.py does) leaves alembic_version."""
    assert build_database(engine, ROOT / "data") is True
    SQLModel.metadata.drop_all(engine)
    assert _tables(engine) == {"alembic_version"}
    assert build_database(engine, ROOT / "data") is True  # same engine: drop_all is noticed
    assert _diffs(engine) == []
    SQLModel.metadata.drop_all(engine)
    other = _engine(url)  # and another process
    try:
        assert build_database(other, ROOT / "data") is True
        assert _diffs(other) == []
    finally:
        other.dispose()


def test_in_memory_sqlite_still_works() -> None:
    memory = _engine("sqlite://")
    try:
        db.migrate(memory)
        assert _diffs(memory) == []
        _add_user(memory)
        assert _usernames(memory) == ["lan"]
    finally:
        memory.dispose()


RACER = """
import sys, time
from pathlib import Path
from danvan.data import db
url, ready, go = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
engine = db.get_engine(url)
db.head_revision()
ready.touch()
deadline = time.monotonic() + 60
while not go.exists():
    if time.monotonic() > deadline:
        sys.exit("no go signal")
    time.sleep(0.001)
db.migrate(engine)
"""


def _env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), **extra}
    env.pop("DANVAN_ADMIN_USER", None)
    env.pop("DANVAN_ADMIN_PASSWORD", None)
    return env


def test_two_processes_migrating_at_once_both_succeed(url: str, tmp_path: Path) -> None:
    script = tmp_path / "racer.py"
    script.write_text(RACER, encoding="utf-8")
    go = tmp_path / "go"
    readies = [tmp_path / f"ready{i}" for i in range(2)]
    procs = [subprocess.Popen([sys.executable, str(script), url, str(ready), str(go)], env=_env(),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for ready in readies]
    deadline = time.monotonic() + 120
    while not all(r.exists() for r in readies) and time.monotonic() < deadline:
        if any(p.poll() is not None for p in procs):
            break
        time.sleep(0.01)
    go.touch()
    results = [p.communicate(timeout=120) for p in procs]
    for proc, (_out, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, err
    engine = _engine(url)
    try:
        assert _version(engine) == [db.head_revision()]
        assert _diffs(engine) == []
    finally:
        engine.dispose()


def test_cli_applies_pending_migrations_on_start(url: str, tmp_path: Path) -> None:
    # From another working directory: the migrations are found inside the package.
    run = subprocess.run([sys.executable, "-m", "danvan.cli", "lich-su"], cwd=tmp_path,
                         env=_env(DATABASE_URL=url), capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr
    engine = _engine(url)
    try:
        assert _version(engine) == [db.head_revision()]
        assert _diffs(engine) == []
    finally:
        engine.dispose()


def test_alembic_command_upgrades_and_finds_nothing_to_generate(url: str) -> None:
    """What a developer runs: `alembic upgrade head`, then `alembic check` (autogenerate finds
    no difference between models.py and the migrated database)."""
    alembic = [sys.executable, "-m", "alembic", "-c", str(ROOT / "alembic.ini")]
    for args in (["upgrade", "head"], ["check"]):
        run = subprocess.run(alembic + args, cwd=ROOT, env=_env(DATABASE_URL=url),
                             capture_output=True, text=True, timeout=120, check=False)
        assert run.returncode == 0, run.stdout + run.stderr
    engine = _engine(url)
    try:
        assert _version(engine) == [db.head_revision()]
    finally:
        engine.dispose()


def test_a_failing_migration_leaves_nothing_behind(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """All revisions or none, on SQLite too (explicit BEGIN IMMEDIATE around the DDL);
    foreign keys are on again afterwards."""
    upgrade = db._upgrade

    def fails_at_the_end(*args: object) -> None:
        upgrade(*args)  # type: ignore[arg-type]
        raise RuntimeError("hỏng giữa chừng")

    monkeypatch.setattr(db, "_upgrade", fails_at_the_end)
    with pytest.raises(RuntimeError, match="hỏng giữa chừng"):
        db.migrate(engine)
    assert _tables(engine) == set()
    monkeypatch.setattr(db, "_upgrade", upgrade)
    db.migrate(engine)
    assert _diffs(engine) == []
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_a_database_newer_than_the_code_is_refused(engine: Engine, url: str) -> None:
    db.migrate(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_tuong_lai'"))
    newer = _engine(url)
    try:
        with pytest.raises(db.MigrationError, match="9999_tuong_lai"):
            db.migrate(newer)
    finally:
        newer.dispose()


def test_head_is_read_without_alembic_but_agrees_with_it() -> None:
    assert db.head_revision() == db._scripts().get_current_head()
