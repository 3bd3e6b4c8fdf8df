"""A token that changes whenever the data pages show changes (build from data/, import,
undo, registry edit, boundary upload). Page caches are keyed on it, so every app process
sees a change made by any other process (or the CLI) on its next run."""

from __future__ import annotations

from uuid import uuid4

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection, Engine

from danvan.data.models import DatasetMeta

KEY = "data_version"


def bump(conn: Connection) -> str:
    """Give the data a new version, inside the caller's transaction (so it becomes visible
    together with the change, and not at all if the change is rolled back)."""
    token = uuid4().hex
    table = DatasetMeta.__table__  # type: ignore[attr-defined]
    changed = conn.execute(update(table).where(table.c.key == KEY).values(value=token)).rowcount
    if not changed:
        conn.execute(insert(table).values(key=KEY, value=token))
    return token


def current(engine: Engine) -> str:
    """The current version token ("" before the database was first built)."""
    with engine.connect() as conn:
        value = conn.execute(select(DatasetMeta.value).where(DatasetMeta.key == KEY)).scalar_one_or_none()
    return value or ""
