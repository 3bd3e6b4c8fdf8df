"""Back up the whole database to one file, and restore it (``python -m danvan.cli sao-luu`` /
``khoi-phuc``). Everything users entered lives in the database: imported figures and their
batches, the model registry, uploaded boundary layers, accounts and the audit trail.

* SQLite: sqlite3's online backup API. The copy is a consistent snapshot even while the app
  is running and writing (WAL mode); restoring copies the backup into the database file in
  one write transaction, so it is all or nothing.
* PostgreSQL: ``pg_dump -Fc`` (custom format) and ``pg_restore --clean --if-exists --no-owner
  --single-transaction`` (all or nothing), with the tools matching the server's version. The
  password goes to the tools through PGPASSWORD, never on the command line.

A restore records an audit entry, which also gives the data a new version, so running app
processes drop their cached pages. Problems raise :class:`BackupError` with a Vietnamese
message; nothing is changed then.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, func, inspect, literal, select, table, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError

from danvan.accounts import audit

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
# Tables every database of this app has; a backup without them comes from something else.
APP_TABLES = ("observation", "import_batch", "dataset_meta", "audit_entry")
RESTORE_HINT = ("Khôi phục sẽ xóa toàn bộ dữ liệu hiện có và thay bằng bản sao lưu. Nếu chắc chắn, chạy lại "
                "với --ghi-de (nên sao lưu bản hiện tại trước).")


class BackupError(RuntimeError):
    """A backup or restore that cannot be done (message in Vietnamese); nothing was changed."""


@dataclass(frozen=True)
class Done:
    """What a backup or restore did, for the message shown to the user."""

    file: Path
    database: str  # the database, without password
    size: int  # bytes of the backup file


def describe(url: str) -> str:
    """The database of ``url`` for messages (never the password)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"SQLite {parsed.database}"
    return f"PostgreSQL {parsed.render_as_string(hide_password=True)}"


def _backend(url: str) -> str:
    try:
        backend = make_url(url).get_backend_name()
    except ArgumentError as exc:
        raise BackupError("DATABASE_URL không phải địa chỉ cơ sở dữ liệu hợp lệ (ví dụ "
                          "sqlite:////srv/danvan/danvan.db hoặc "
                          "postgresql+psycopg://user:mật_khẩu@máy_chủ/tên_csdl).") from exc
    if backend not in {"sqlite", "postgresql"}:
        raise BackupError(f"Chưa hỗ trợ sao lưu loại cơ sở dữ liệu «{backend}» (chỉ SQLite và PostgreSQL).")
    return backend


def backup(url: str, target: Path, *, overwrite: bool = False) -> Done:
    """Write a backup of the database at ``url`` to ``target`` (written to a temporary file
    next to it first, so a failed backup never leaves a half-written file under that name)."""
    target = Path(target)
    if target.exists() and not overwrite:
        raise BackupError(f"Tệp {target} đã có. Chọn tên khác, hoặc thêm --ghi-de để ghi đè tệp này.")
    if not target.parent.is_dir():
        raise BackupError(f"Không có thư mục {target.parent} để ghi tệp sao lưu.")
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        if _backend(url) == "sqlite":
            _sqlite_backup(_sqlite_path(url), tmp, target)
        else:
            _pg_backup(url, tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return Done(target, describe(url), target.stat().st_size)


def restore(url: str, source: Path, *, overwrite: bool = False, user: str) -> Done:
    """Replace the content of the database at ``url`` with the backup ``source``.

    Refuses (BackupError, nothing changed) when the file is missing, is not a backup of this
    app for this kind of database, is damaged, or when the database already holds data and
    ``overwrite`` is false."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"Không tìm thấy tệp sao lưu {source}.")
    backend = _backend(url)
    if backend == "sqlite":
        _sqlite_restore(url, source, overwrite)
    else:
        _pg_restore(url, source, overwrite)
    engine = create_engine(url)
    try:
        from danvan.data.db import create_schema

        create_schema(engine)  # a backup made by an older version gets the pending migrations
        audit.record(engine, user, "khôi phục dữ liệu", f"Từ bản sao lưu {source.name}")
    finally:
        engine.dispose()
    return Done(source, describe(url), source.stat().st_size)


def _target_has_data(url: str, failure: str) -> bool:
    """Whether the restore target already holds data; ``failure`` (with ``{exc}``) is the
    message when it cannot be read."""
    engine = create_engine(url)
    try:
        return _has_data(engine)
    except Exception as exc:
        raise BackupError(failure.replace("{exc}", str(exc))) from exc
    finally:
        engine.dispose()


def _has_data(engine: Engine) -> bool:
    """True when any table of the database holds at least one row."""
    with engine.connect() as conn:
        for name in inspect(conn).get_table_names():
            if conn.execute(select(literal(1)).select_from(table(name)).limit(1)).first() is not None:
                return True
    return False


# ---------------------------------------------------------------------------- SQLite


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database or ""
    if database in {"", ":memory:"} or database.startswith("file::memory:"):
        raise BackupError("Cơ sở dữ liệu SQLite trong bộ nhớ không sao lưu hay khôi phục được.")
    return Path(database)


def _sqlite_backup(path: Path, tmp: Path, target: Path) -> None:
    if not path.is_file():
        raise BackupError(f"Không tìm thấy cơ sở dữ liệu SQLite {path}.")
    if target.resolve() == path.resolve():
        raise BackupError("Tệp sao lưu không được trùng với tệp cơ sở dữ liệu.")
    source = sqlite3.connect(path, timeout=30)
    copy = sqlite3.connect(tmp)
    try:
        # One step (pages=-1): the whole copy comes from one read snapshot, consistent even
        # while another process writes (WAL readers never wait for the writer).
        source.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
        if copy.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise BackupError("Bản sao vừa tạo không vượt qua kiểm tra toàn vẹn; chưa ghi tệp sao lưu.")
    except sqlite3.Error as exc:
        raise BackupError(f"Không sao lưu được cơ sở dữ liệu SQLite {path}: {exc}.") from exc
    finally:
        copy.close()
        source.close()


def _check_sqlite_backup(source: Path) -> None:
    with source.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    if head.startswith(PGDUMP_MAGIC):
        raise BackupError(f"Tệp {source.name} là bản sao lưu PostgreSQL, không khôi phục vào SQLite được.")
    if head != SQLITE_MAGIC:
        raise BackupError(f"Tệp {source.name} không phải bản sao lưu SQLite của ứng dụng (sai định dạng).")
    try:
        conn = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            check = conn.execute("PRAGMA quick_check").fetchall()
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise BackupError(f"Tệp {source.name} bị hỏng, không đọc được ({exc}).") from exc
    if check != [("ok",)]:
        raise BackupError(f"Tệp {source.name} bị hỏng (kiểm tra toàn vẹn báo: {check[0][0]}).")
    missing = [t for t in APP_TABLES if t not in tables]
    if missing:
        raise BackupError(f"Tệp {source.name} là một cơ sở dữ liệu SQLite nhưng không phải của ứng dụng này "
                          f"(thiếu bảng {', '.join(missing)}).")


def _sqlite_restore(url: str, source: Path, overwrite: bool) -> None:
    _check_sqlite_backup(source)
    path = _sqlite_path(url)
    if path.exists() and source.resolve() == path.resolve():
        raise BackupError("Tệp sao lưu trùng với tệp cơ sở dữ liệu đích.")
    if not path.parent.is_dir():
        raise BackupError(f"Không có thư mục {path.parent} cho cơ sở dữ liệu đích.")
    unreadable = f"Không đọc được cơ sở dữ liệu đích {path} ({{exc}}); không khôi phục."
    if path.exists() and not overwrite and _target_has_data(f"sqlite:///{path}", unreadable):
        raise BackupError(f"Cơ sở dữ liệu {path} đang có dữ liệu. {RESTORE_HINT}")
    backup_conn = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    target = sqlite3.connect(path, timeout=30)
    try:
        # The copy is written in one write transaction of the target (it waits for a running
        # import to finish): readers see the old data or the restored data, never a mixture.
        backup_conn.backup(target)
    except sqlite3.Error as exc:
        raise BackupError(f"Không khôi phục được vào {path}: {exc}. Cơ sở dữ liệu giữ nguyên.") from exc
    finally:
        target.close()
        backup_conn.close()


# ---------------------------------------------------------------------------- PostgreSQL


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """A libpq connection URI for the tools (no password in it) and their environment."""
    parsed: URL = make_url(url)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    uri = parsed.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return uri, env


def _server_major(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            number = int(conn.execute(text("SHOW server_version_num")).scalar_one())
    except Exception as exc:
        raise BackupError(f"Không kết nối được PostgreSQL {describe(url)}: {exc}") from exc
    finally:
        engine.dispose()
    return number // 10000


def _tool_major(path: str) -> int | None:
    try:
        out = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30,
                             check=False).stdout
    except OSError:
        return None
    found = re.search(r"(\d+)(?:\.\d+)?", out)
    return int(found.group(1)) if found else None


def pg_tool(name: str, server_major: int) -> str:
    """``pg_dump`` / ``pg_restore`` of the server's major version when installed
    (/usr/lib/postgresql/<v>/bin), else the one on PATH if it is at least as new."""
    candidates = [str(Path(f"/usr/lib/postgresql/{server_major}/bin/{name}"))]
    versioned = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
                       key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0, reverse=True)
    candidates += [str(p) for p in versioned]
    on_path = shutil.which(name)
    if on_path:
        candidates.append(on_path)
    for candidate in candidates:
        if Path(candidate).is_file() and os.access(candidate, os.X_OK):
            major = _tool_major(candidate)
            if major is not None and major >= server_major:
                return candidate
    raise BackupError(f"Không tìm thấy {name} phiên bản {server_major} trở lên (máy chủ PostgreSQL là bản "
                      f"{server_major}). Cài gói postgresql-client-{server_major} của Debian.")


def _run(command: list[str], env: dict[str, str], what: str, note: str = "") -> str:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise BackupError(f"Không chạy được {command[0]}: {exc}") from exc
    if done.returncode != 0:
        detail = " ".join(done.stderr.split())[:800]
        raise BackupError(f"{what} không thành công{'; ' + note if note else ''}. "
                          f"({Path(command[0]).name} báo: {detail})")
    return done.stdout


def _pg_backup(url: str, tmp: Path) -> None:
    major = _server_major(url)
    uri, env = _libpq(url)
    _run([pg_tool("pg_dump", major), "--format=custom", "--file", str(tmp), "--dbname", uri], env,
         "Sao lưu PostgreSQL", "chưa ghi tệp sao lưu")
    _run([pg_tool("pg_restore", major), "--list", str(tmp)], env, "Kiểm tra bản sao lưu vừa tạo",
         "chưa ghi tệp sao lưu")


def _pg_restore(url: str, source: Path, overwrite: bool) -> None:
    with source.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    if head == SQLITE_MAGIC:
        raise BackupError(f"Tệp {source.name} là bản sao lưu SQLite, không khôi phục vào PostgreSQL được.")
    if not head.startswith(PGDUMP_MAGIC):
        raise BackupError(f"Tệp {source.name} không phải bản sao lưu PostgreSQL của ứng dụng (cần tệp do "
                          "«sao-luu» tạo, định dạng custom của pg_dump).")
    major = _server_major(url)
    uri, env = _libpq(url)
    restore_tool = pg_tool("pg_restore", major)
    listing = _run([restore_tool, "--list", str(source)], env, f"Đọc tệp {source.name}",
                   "tệp bị hỏng hoặc không phải bản sao lưu do «sao-luu» tạo; cơ sở dữ liệu giữ nguyên")
    tables = set(re.findall(r"\bTABLE DATA \S+ (\S+) ", listing))
    missing = [t for t in APP_TABLES if t not in tables]
    if missing:
        raise BackupError(f"Tệp {source.name} không phải bản sao lưu của ứng dụng này (thiếu bảng "
                          f"{', '.join(missing)}).")
    has_data = _target_has_data(url, f"Không kết nối được PostgreSQL {describe(url)}: {{exc}}")
    if has_data and not overwrite:
        raise BackupError(f"Cơ sở dữ liệu {describe(url)} đang có dữ liệu. {RESTORE_HINT}")
    _run([restore_tool, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
          "--exit-on-error", "--dbname", uri, str(source)], env,
         f"Khôi phục từ {source.name}", "tệp có thể bị hỏng; cơ sở dữ liệu giữ nguyên như trước")


def row_counts(engine: Engine, tables: tuple[str, ...] = APP_TABLES) -> dict[str, int]:
    """Rows per table (for the messages and the tests)."""
    with engine.connect() as conn:
        return {name: int(conn.execute(select(func.count()).select_from(table(name))).scalar_one())
                for name in tables}
