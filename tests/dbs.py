"""Fresh databases for tests, on SQLite (default) or on the real PostgreSQL server.

``DANVAN_TEST_BACKEND=postgresql`` (set by .ci/run for its second pass) makes every test
database a new PostgreSQL database on the server named by ``TEST_POSTGRES_URL``; otherwise
each one is a SQLite file under the test's temporary folder. Databases created here are
dropped when the test session ends.
"""

from __future__ import annotations

import atexit
import os
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

_created: list[str] = []


def backend() -> str:
    """"postgresql" when the suite runs against PostgreSQL, else "sqlite"."""
    return "postgresql" if os.environ.get("DANVAN_TEST_BACKEND") == "postgresql" else "sqlite"


def postgres_url() -> str:
    """The server URL from TEST_POSTGRES_URL; fails under CI and skips elsewhere when unset."""
    url = os.environ.get("TEST_POSTGRES_URL")
    if not url:
        if os.environ.get("CI") or backend() == "postgresql":
            pytest.fail("TEST_POSTGRES_URL is not set: .ci/run starts PostgreSQL and sets it")
        pytest.skip("TEST_POSTGRES_URL not set (bash scripts/postgres.sh starts a local server)")
    return url


def _admin(*statements: str) -> None:
    """Run statements on the server outside a transaction (CREATE/DROP DATABASE)."""
    engine = create_engine(postgres_url(), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            for statement in statements:
                conn.execute(text(statement))
    finally:
        engine.dispose()


def new_postgres_database(prefix: str = "t") -> str:
    """Create an empty PostgreSQL database and return its URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}".lower()
    _admin(f'CREATE DATABASE "{name}"')
    _created.append(name)
    return make_url(postgres_url()).set(database=name).render_as_string(hide_password=False)


def fresh_url(folder: Path, name: str = "test") -> str:
    """A URL to a new, empty database for the current backend."""
    if backend() == "postgresql":
        return new_postgres_database(name.replace("-", "_"))
    return f"sqlite:///{Path(folder) / f'{name}.db'}"


def drop(url: str) -> None:
    """Drop one database made by :func:`fresh_url` now (SQLite files go with their folder)."""
    name = make_url(url).database
    if not url.startswith("postgresql") or name not in _created:
        return
    for attempt in range(5):
        try:
            _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            break
        except ProgrammingError:  # a server-side worker (autovacuum) still on it: it ends soon
            if attempt == 4:
                raise
            time.sleep(0.5)
    _created.remove(name)


def drop_created() -> None:
    """Drop every database this session created."""
    if not _created:
        return
    # WITH (FORCE) closes connections still open in pooled engines.
    _admin(*(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)' for name in _created))
    _created.clear()


atexit.register(drop_created)
