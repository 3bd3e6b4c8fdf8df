"""Alembic environment of the dashboard: used by ``danvan.data.db.migrate`` (the app and the CLI,
on every start) and by the ``alembic`` command of developers (alembic.ini at the repository root).

Database
    ``config.attributes["connection"]`` when the caller passes one (``danvan.data.db.migrate``
    does, inside its own transaction and lock); otherwise a new connection to
    ``sqlalchemy.url`` if set, else ``DATABASE_URL`` (``danvan.settings``).

SQLite
    ``render_as_batch=True``: SQLite cannot ALTER most things, so Alembic rebuilds a table
    (create a copy, move the rows, drop the old table, rename) inside ``op.batch_alter_table``.
    Dropping a table that other tables reference fails, or deletes rows, while
    ``PRAGMA foreign_keys=ON``, which ``danvan.data.db`` sets on every connection it opens. The
    pragma is ignored inside a transaction, so it has to be switched off *before* the
    migration transaction starts and back on afterwards: ``danvan.data.db.migrate`` does that
    (and runs ``PRAGMA foreign_key_check`` after the upgrade). The connection this file
    opens itself for the ``alembic`` command is a plain one, on which SQLite leaves
    foreign keys off. Migrations therefore always run with foreign keys off on SQLite.

Autogenerate
    ``target_metadata`` is ``SQLModel.metadata`` (every table of ``danvan.data.models``),
    ``compare_type=True``; SQLModel's ``AutoString`` and ``UTCDateTime`` are written as
    ``sa.String()`` and ``sa.DateTime(timezone=True)`` so that migration files depend on
    SQLAlchemy only.
"""

from __future__ import annotations

from logging.config import fileConfig
from typing import Any

import sqlalchemy as sa
from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

from danvan.data import models  # noqa: F401  (registers the tables on SQLModel.metadata)
from danvan.settings import get_settings

config = context.config

# Logging from alembic.ini only for the alembic command; the app keeps its own logging.
if config.config_file_name is not None and "connection" not in config.attributes:
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = SQLModel.metadata


def render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | bool:
    """Write SQLModel's column types as the plain SQLAlchemy types they stand for (the same
    DDL on SQLite and PostgreSQL), so migration files need no sqlmodel import."""
    if type_ == "type" and isinstance(obj, AutoString) and obj.impl.length is None:  # type: ignore[attr-defined]
        return "sa.String()"
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _database_url() -> str:
    return config.get_main_option("sqlalchemy.url") or get_settings().database_url


def run_migrations_offline() -> None:
    """``alembic upgrade head --sql``: write the SQL instead of running it."""
    url = _database_url()
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        render_as_batch=url.startswith("sqlite"),
        compare_type=True,
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = sa.create_engine(_database_url(), poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as own:
            _run(own)
            own.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
