"""The audit trail: every change to the data or to the accounts records who made it.

Pure (no Streamlit). Call ``record`` inside the transaction that makes the change, so the
change and its audit row are written together or not at all. Recording also gives the data a
new version (danvan.data.version), which invalidates every app process's page caches.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection, Engine

from danvan import clock
from danvan.data import version as data_version
from danvan.data.models import AuditEntry

AUDIT = AuditEntry.__table__  # type: ignore[attr-defined]


def record(conn_or_engine: Connection | Engine | Any, user: str, action: str, detail: str = "", *,
           data_changed: bool = True) -> None:
    """Add one audit row: ``user`` did ``action`` (short Vietnamese phrase), ``detail`` says to what.

    With a Connection (or a SQLModel/SQLAlchemy Session) the row joins the caller's open
    transaction; with an Engine it is written in a transaction of its own. ``data_changed=False``
    for events that change nothing the pages show (failed sign-ins, locks): the data version is
    then left alone, so such events, which anyone can cause, do not empty the page caches.
    """
    if not user:
        raise ValueError("Thiếu người thực hiện cho nhật ký thay đổi.")
    values = {"at": clock.now(), "user": user, "action": action, "detail": detail}
    if isinstance(conn_or_engine, Engine):
        with conn_or_engine.begin() as conn:
            conn.execute(insert(AUDIT), values)
            if data_changed:
                data_version.bump(conn)
    else:
        conn_or_engine.execute(insert(AUDIT), values)
        if data_changed:
            data_version.bump(conn_or_engine)


def format_time(moment: datetime | None) -> str:
    """dd/mm/yyyy HH:MM in Vietnam time (naive values are taken as Vietnam time already)."""
    if moment is None:
        return ""
    return clock.in_vietnam(moment).strftime("%d/%m/%Y %H:%M")


def recent(engine: Engine, limit: int = 50) -> list[dict[str, Any]]:
    """The newest ``limit`` audit rows, newest first, as dicts (id, at, user, action, detail)."""
    with engine.connect() as conn:
        rows = conn.execute(select(AUDIT).order_by(AUDIT.c.at.desc(), AUDIT.c.id.desc()).limit(limit))
        return [dict(row._mapping) for row in rows]
