"""One cached engine per database URL; the single writer lock every data writer takes
(:func:`write_transaction`); and the schema: Alembic migrations in danvan/data/migrations/,
applied by :func:`migrate` (see docs/migrations.md)."""

from __future__ import annotations

import ast
import contextlib
import os
import sqlite3
import threading
import time
import weakref
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import SQLModel, create_engine

from danvan.data import models  # noqa: F401  (registers the tables)
from danvan.settings import get_settings

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

try:  # POSIX: serialise migrations of one SQLite file across processes
    import fcntl
except ImportError:  # pragma: no cover - not on the Debian machines this runs on
    fcntl = None  # type: ignore[assignment]

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "alembic_version"
# Any fixed 64-bit number: the PostgreSQL advisory lock that serialises migrations.
PG_LOCK_KEY = 0x64616E76616E  # "danvan"
# Any fixed 64-bit number, different from PG_LOCK_KEY: the PostgreSQL advisory lock every data
# writer takes (imports, undo, registry, rebuilding from data/).
WRITE_LOCK_KEY = 0x64616E76_6E6870  # "danv" "nhp"
WRITE_WAIT_SECONDS = 60.0  # how long a writer waits for another one before giving up
# Tables that hold only what is rebuilt from data/. A database made before imports existed
# (``observation`` without ``batch_id``) has its copies of them dropped and recreated.
LEGACY_CURATED_TABLES = (
    "observation", "district_succession", "province_crosswalk", "indicator", "locality",
    "source", "unit", "scope_class", "theme", "dataset_meta",
)

_at_head: weakref.WeakKeyDictionary[Engine, str] = weakref.WeakKeyDictionary()
_thread_lock = threading.Lock()


class MigrationError(RuntimeError):
    """The database cannot be brought to the schema this code expects."""


class WriteError(ValueError):
    """Nothing was written to the database; the message, in Vietnamese, says why."""


class WritersBusy(WriteError):
    """Another writer held the writer lock longer than WRITE_WAIT_SECONDS."""


@event.listens_for(SQLModel.metadata, "after_drop")
def _forget_dropped(_metadata: object, connection: Connection, **_kw: object) -> None:
    """``SQLModel.metadata.drop_all`` (tests, tools) makes the next :func:`migrate` look again."""
    _at_head.pop(connection.engine, None)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    _use_wal(cursor)
    cursor.close()
    # Accent-free lower case for search (PostgreSQL does the same with translate()).
    dbapi_connection.create_function("danvan_fold", 1, _fold, deterministic=True)


def _use_wal(cursor, wait_s: float = 30.0) -> None:
    """Switch the file to WAL once (the mode is stored in the file). Switching needs a moment
    of exclusive access and SQLite does not wait for it: when another process holds the
    file (two app processes starting on a new database), try again until ``wait_s``."""
    deadline = time.monotonic() + wait_s
    pause = 0.01
    while True:
        try:
            if str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
                return
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.5)


def _fold(value: str | None) -> str | None:
    from danvan.formatting import strip_diacritics

    return None if value is None else strip_diacritics(value)


@lru_cache(maxsize=8)
def get_engine(url: str | None = None) -> Engine:
    """Return the engine for ``url`` (default: settings.database_url), created once."""
    url = url or get_settings().database_url
    if url.startswith("sqlite"):
        # timeout: a writer waits up to 30 s for another one's write lock instead of failing
        # with "database is locked" (lock_writers serialises writers with BEGIN IMMEDIATE).
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    return engine


def lock_writers(conn: Connection) -> None:
    """Hold the database's single writer lock until ``conn``'s transaction ends (commit,
    rollback, or the process dying). Call it first thing in the transaction: a second
    writer then waits here, up to WRITE_WAIT_SECONDS (PostgreSQL: pg_advisory_xact_lock;
    SQLite: BEGIN IMMEDIATE with a busy timeout), and afterwards reads what the first one
    committed. Raises WritersBusy when the lock could not be had in time."""
    dialect = conn.dialect.name
    try:
        if dialect == "postgresql":
            conn.execute(text(f"SET LOCAL lock_timeout = '{int(WRITE_WAIT_SECONDS * 1000)}ms'"))
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})
        elif dialect == "sqlite":
            conn.exec_driver_sql(f"PRAGMA busy_timeout = {int(WRITE_WAIT_SECONDS * 1000)}")
            raw = conn.connection.dbapi_connection
            if raw is not None and not raw.in_transaction:
                # pysqlite has not begun a transaction yet (it only does so before a write):
                # begin one that holds the write lock from now on.
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                # A transaction is already open (an engine that emits BEGIN itself): any write,
                # even one touching no row, takes SQLite's write lock.
                conn.exec_driver_sql("UPDATE dataset_meta SET value = value WHERE 1 = 0")
    except OperationalError as exc:
        raise WritersBusy(f"Cơ sở dữ liệu đang bận ghi một lần nhập khác quá {int(WRITE_WAIT_SECONDS)} giây. "
                          "Chưa ghi gì; hãy thử lại sau ít phút.") from exc


@contextlib.contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """``engine.begin()`` holding the writer lock (:func:`lock_writers`) from the start."""
    with engine.begin() as conn:
        lock_writers(conn)
        yield conn


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic configuration for the migrations inside the package (no alembic.ini needed);
    with ``connection``, env.py runs the migrations on it."""
    from alembic.config import Config  # imported only when migrating (about 0.1 s)

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    cfg.set_main_option("path_separator", "os")
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@lru_cache(maxsize=1)
def _scripts() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def _assigned(tree: ast.Module, name: str) -> object:
    """The literal assigned to ``name`` at the top level of a version file, else None."""
    for node in tree.body:
        if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == [name]:
            return ast.literal_eval(node.value)
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", None) == name and node.value:
            return ast.literal_eval(node.value)
    return None


@lru_cache(maxsize=1)
def head_revision() -> str:
    """The newest revision in danvan/data/migrations/versions, read once per process.

    The common case (database already at head) must not pay for importing Alembic, so the
    ``revision`` / ``down_revision`` assignments of the version files are read with ``ast``;
    anything unusual (no single head, unreadable file) is left to Alembic itself.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    try:
        for path in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            revision, down = _assigned(tree, "revision"), _assigned(tree, "down_revision")
            revisions.add(revision if isinstance(revision, str) else "")  # "": ask Alembic
            if isinstance(down, str):
                parents.add(down)
            elif isinstance(down, tuple | list):
                parents.update(str(d) for d in down)
    except (OSError, SyntaxError, ValueError):
        revisions = {""}
    heads = revisions - parents
    if len(heads) == 1 and "" not in revisions:
        return heads.pop()
    head = _scripts().get_current_head()  # raises on several heads
    if head is None:  # pragma: no cover - the package always ships 0001
        raise MigrationError("Không tìm thấy bản chuyển đổi lược đồ nào trong danvan/data/migrations/versions.")
    return head


def _state(conn: Connection) -> tuple[str | None, set[str]]:
    """(recorded revision or None, names of the tables present)."""
    tables = set(inspect(conn).get_table_names())
    version = None
    if VERSION_TABLE in tables:
        version = conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
    return version, tables


def _up_to_date(version: str | None, tables: set[str], head: str) -> bool:
    # A recorded head with no app table left means the tables were dropped outside Alembic.
    return version == head and bool(tables - {VERSION_TABLE})


def _is_memory(engine: Engine) -> bool:
    database = engine.url.database or ""
    return (database in ("", ":memory:") or database.startswith("file::memory:")
            or engine.url.query.get("mode") == "memory")


@contextlib.contextmanager
def _sqlite_file_lock(engine: Engine) -> Iterator[None]:
    """Exclusive lock on ``<database file>-migrate.lock`` (named like SQLite's own -wal and -shm
    files, so ``*.db-*`` in .gitignore covers it): one migrating process at a time. A separate
    file, because closing any descriptor of the database file itself would drop SQLite's own
    POSIX locks held by this process."""
    if fcntl is None or _is_memory(engine):
        yield
        return
    database = Path(str(engine.url.database))
    path = database.with_name(database.name + "-migrate.lock")
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def _upgrade(conn: Connection, tables: set[str], version: str | None) -> None:
    """Inside the caller's transaction and lock: handle databases made without Alembic, then
    apply every pending revision."""
    app_tables = tables - {VERSION_TABLE}
    if version is not None and not app_tables:
        # The app's tables were dropped outside Alembic (e.g. SQLModel.metadata.drop_all):
        # an empty database again.
        conn.execute(text(f"DELETE FROM {VERSION_TABLE}"))
    elif version is None and app_tables and "observation" in app_tables and "batch_id" not in {
        c["name"] for c in inspect(conn).get_columns("observation")
    }:
        # Made by SQLModel.metadata.create_all before migrations existed, and before imports
        # existed (observation without batch_id): such a database holds only curated data,
        # rebuilt from data/ afterwards, so those tables are dropped.
        curated = [SQLModel.metadata.tables[name] for name in LEGACY_CURATED_TABLES if name in app_tables]
        SQLModel.metadata.drop_all(conn, tables=curated)
    # A database made by SQLModel.metadata.create_all before migrations existed (tables, no
    # alembic_version) keeps every other table and row: 0001 creates only what is missing
    # (if_not_exists), in the shape it had at 0001, and records the revision, which stamps the
    # database; later revisions then apply to it as to any other.
    from alembic import command

    command.upgrade(alembic_config(conn), "head")


def _migrate_postgresql(engine: Engine, head: str) -> None:
    # One transaction (PostgreSQL has transactional DDL): all revisions or none. The advisory
    # lock makes a second process wait here, then see the first one's work and do nothing.
    with engine.begin() as conn:
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_LOCK_KEY})
        version, tables = _state(conn)
        if not _up_to_date(version, tables, head):
            _upgrade(conn, tables, version)


def _migrate_sqlite(engine: Engine, head: str) -> None:
    with _sqlite_file_lock(engine), engine.connect() as conn:
        version, tables = _state(conn)
        conn.commit()
        if _up_to_date(version, tables, head):
            return
        # Batch operations rebuild tables (copy, drop, rename); with foreign keys on, the drop
        # fails or cascades. SQLite ignores the pragma inside a transaction, so it is set
        # before the transaction starts and restored before the connection goes back to the pool.
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        conn.commit()
        try:
            with conn.begin():
                # An explicit BEGIN makes the DDL transactional too (pysqlite would otherwise
                # commit each CREATE/DROP by itself): all revisions or none.
                conn.exec_driver_sql("BEGIN IMMEDIATE")
                version, tables = _state(conn)
                if not _up_to_date(version, tables, head):
                    _upgrade(conn, tables, version)
                problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise MigrationError(f"Chuyển đổi lược đồ làm hỏng khóa ngoại: {problems[:5]}")
        finally:
            if conn.in_transaction():
                conn.rollback()
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            conn.commit()


def migrate(engine: Engine) -> None:
    """Bring the database to the newest schema revision (``alembic upgrade head``).

    Cheap when there is nothing to do: an engine already brought to head in this process is
    not checked again, otherwise one look at ``alembic_version``. Safe when several processes
    start at once (PostgreSQL advisory lock; SQLite file lock). A database created before
    migrations existed keeps its tables and rows and is stamped (see ``_upgrade``).
    """
    head = head_revision()
    if _at_head.get(engine) == head:
        return
    with engine.connect() as conn:
        version, tables = _state(conn)
    if _up_to_date(version, tables, head):
        _at_head[engine] = head
        return
    if version is not None:
        from alembic.util import CommandError

        try:
            _scripts().get_revision(version)
        except CommandError as exc:
            raise MigrationError(
                f"Cơ sở dữ liệu ở phiên bản lược đồ «{version}», mới hơn hoặc khác phiên bản mã nguồn này "
                f"biết («{head}»): hãy cập nhật ứng dụng.") from exc
    with _thread_lock:
        if engine.dialect.name == "postgresql":
            _migrate_postgresql(engine, head)
        elif engine.dialect.name == "sqlite":
            _migrate_sqlite(engine, head)
        else:
            with engine.begin() as conn:
                version, tables = _state(conn)
                if not _up_to_date(version, tables, head):
                    _upgrade(conn, tables, version)
    _at_head[engine] = head


def create_schema(engine: Engine) -> None:
    """Create or upgrade the schema: applies pending migrations (:func:`migrate`)."""
    migrate(engine)
