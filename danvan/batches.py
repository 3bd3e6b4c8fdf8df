"""Write a validated import plan as one batch, and undo a batch completely.

Everything happens in one transaction: all accepted rows or none. Existing figures are
never overwritten: an accepted replacement adds the new figure and records a
``Supersession`` that hides the old one; undoing the batch removes both.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Connection, Engine

from danvan import audit
from danvan.loader import VIETNAM_TZ
from danvan.models import DvkModel, ImportBatch, Observation, Source, Supersession

OBS_FIELDS = ("locality_id", "indicator_code", "period_start", "period_end", "value", "qualifier",
              "scope_class", "scope_vi", "locator", "note_vi")
SOURCE_FIELDS = ("title", "issuer", "kind", "document_number", "url", "published_date", "accessed_date",
                 "licence_note")


class BatchError(ValueError):
    """A batch cannot be written or undone (message in Vietnamese)."""


def file_checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def data_checksum(engine: Engine) -> str:
    """A fingerprint of every figure, replacement, model and batch: equal before and after
    an import that was refused."""
    digest = hashlib.sha256()
    tables = [(Observation, Observation.obs_id), (Supersession, Supersession.old_obs_id),
              (DvkModel, DvkModel.id), (ImportBatch, ImportBatch.id), (Source, Source.source_id)]
    with engine.connect() as conn:
        for model, order in tables:
            for row in conn.execute(select(model.__table__).order_by(order)):  # type: ignore[attr-defined]
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def _now() -> datetime:
    return datetime.now(VIETNAM_TZ)


def previous_batch(engine: Engine, checksum: str) -> int | None:
    """The active batch that already imported a file with this checksum, if any."""
    with engine.connect() as conn:
        return conn.execute(
            select(ImportBatch.id).where(ImportBatch.checksum == checksum, ImportBatch.status == "active")
        ).scalar_one_or_none()


def _source_ids(conn: Connection, batch_id: int, new_sources: dict[str, dict[str, Any]],
                today: datetime) -> dict[str, str]:
    ids = {}
    for number, (key, source) in enumerate(new_sources.items(), start=1):
        source_id = f"B{batch_id}-{number}"
        row = {field: source.get(field) for field in SOURCE_FIELDS}
        row["accessed_date"] = row["accessed_date"] or today.date()
        row = {k: ("" if v is None and k not in {"published_date", "accessed_date"} else v)
               for k, v in row.items()}
        conn.execute(insert(Source.__table__).values(source_id=source_id, **row))  # type: ignore[attr-defined]
        ids[key] = source_id
    return ids


def _observation(row: dict[str, Any], obs_id: str, source_id: str, batch_id: int, user: str,
                 when: datetime) -> dict[str, Any]:
    values = {field: row.get(field) for field in OBS_FIELDS}
    values["scope_vi"] = values["scope_vi"] or ""
    values["locator"] = values["locator"] or ""
    values["note_vi"] = values["note_vi"] or ""
    values["qualifier"] = values["qualifier"] or "exact"
    return {**values, "obs_id": obs_id, "source_id": source_id, "batch_id": batch_id,
            "entered_by": user, "entered_at": when}


def commit_plan(engine: Engine, plan: Any, *, file_name: str, checksum: str, user: str,
                accept: Iterable[int] = (), kind: str = "observations") -> int:
    """Write ``plan`` (danvan.importing.ImportPlan) as a new batch; ``accept`` holds the
    row numbers of conflicts the user chose to replace (the others are rejected).
    Returns the batch id. Refuses a plan that still has problems."""
    if plan.problems:
        raise BatchError("Tệp còn lỗi; sửa các lỗi đã liệt kê rồi nhập lại. Chưa ghi gì vào cơ sở dữ liệu.")
    accepted = set(accept)
    chosen = [c for c in plan.conflicts if c["row"] in accepted]
    if not plan.to_add and not chosen:
        raise BatchError("Không có dòng nào để thêm hoặc thay thế.")
    when = _now()
    with engine.begin() as conn:
        batch_id = conn.execute(insert(ImportBatch.__table__).values(  # type: ignore[attr-defined]
            kind=kind, file_name=file_name, checksum=checksum, user=user, created_at=when,
            n_added=len(plan.to_add), n_replaced=len(chosen),
            n_rejected=len(plan.conflicts) - len(chosen), status="active",
        )).inserted_primary_key[0]
        source_ids = _source_ids(conn, batch_id, plan.new_sources, when)

        def source_of(row: dict[str, Any]) -> str:
            return source_ids.get(row["source_key"], row["source_key"])

        rows = []
        for number, row in enumerate(plan.to_add, start=1):
            rows.append(_observation(row, f"N{batch_id:05d}-{number:04d}", source_of(row), batch_id, user, when))
        supersessions = []
        for number, conflict in enumerate(chosen, start=len(rows) + 1):
            new_id = f"N{batch_id:05d}-{number:04d}"
            new = conflict["observation"]
            rows.append(_observation(new, new_id, source_of(new), batch_id, user, when))
            supersessions.append({"old_obs_id": conflict["existing_obs_id"], "new_obs_id": new_id,
                                  "batch_id": batch_id})
        conn.execute(insert(Observation.__table__), rows)  # type: ignore[attr-defined]
        if supersessions:
            conn.execute(insert(Supersession.__table__), supersessions)  # type: ignore[attr-defined]
        audit.record(conn, user, "nhập dữ liệu",
                     f"Lô {batch_id}, tệp {file_name}: thêm {len(plan.to_add)}, thay thế {len(chosen)}, "
                     f"từ chối {len(plan.conflicts) - len(chosen)}")
    return int(batch_id)


def undo_batch(engine: Engine, batch_id: int, user: str) -> None:
    """Remove everything batch ``batch_id`` wrote; figures it replaced become visible again."""
    batch = ImportBatch.__table__  # type: ignore[attr-defined]
    with engine.begin() as conn:
        status = conn.execute(select(batch.c.status).where(batch.c.id == batch_id)).scalar_one_or_none()
        if status is None:
            raise BatchError(f"Không có lô nhập số {batch_id}.")
        if status != "active":
            raise BatchError(f"Lô nhập số {batch_id} đã được hoàn tác trước đó.")
        later = conn.execute(select(func.count()).select_from(Supersession).where(
            Supersession.old_obs_id.in_(select(Observation.obs_id).where(Observation.batch_id == batch_id))
        )).scalar_one()
        if later:
            raise BatchError(f"Một lô nhập sau đã thay thế số liệu của lô {batch_id}; hãy hoàn tác lô sau trước.")
        conn.execute(delete(Supersession.__table__).where(  # type: ignore[attr-defined]
            Supersession.batch_id == batch_id))
        conn.execute(delete(Observation.__table__).where(  # type: ignore[attr-defined]
            Observation.batch_id == batch_id))
        conn.execute(delete(DvkModel.__table__).where(DvkModel.batch_id == batch_id))  # type: ignore[attr-defined]
        conn.execute(delete(Source.__table__).where(  # type: ignore[attr-defined]
            Source.source_id.like(f"B{batch_id}-%")))
        conn.execute(update(batch).where(batch.c.id == batch_id).values(
            status="undone", undone_by=user, undone_at=_now()))
        audit.record(conn, user, "hoàn tác lô nhập", f"Lô {batch_id}")


def history(engine: Engine) -> pd.DataFrame:
    with engine.connect() as conn:
        frame = pd.read_sql(select(ImportBatch).order_by(ImportBatch.id.desc()), conn)
    return frame


def commit_models(engine: Engine, plan: Any, *, file_name: str, checksum: str, user: str) -> int:
    """Write a validated model-registry plan (danvan.importing.ModelPlan) as one batch."""
    if plan.problems:
        raise BatchError("Tệp còn lỗi; sửa các lỗi đã liệt kê rồi nhập lại. Chưa ghi gì vào cơ sở dữ liệu.")
    if not plan.to_add:
        raise BatchError("Không có mô hình nào để thêm.")
    when = _now()
    fields = ("name", "locality_id", "unit_name", "year_registered", "year_recognised", "field", "subject",
              "status", "description", "evidence")
    with engine.begin() as conn:
        batch_id = conn.execute(insert(ImportBatch.__table__).values(  # type: ignore[attr-defined]
            kind="models", file_name=file_name, checksum=checksum, user=user, created_at=when,
            n_added=len(plan.to_add), status="active",
        )).inserted_primary_key[0]
        rows = [{**{f: (row.get(f) if row.get(f) is not None or f.startswith("year") else "") for f in fields},
                 "batch_id": batch_id, "created_by": user, "created_at": when, "updated_by": user,
                 "updated_at": when} for row in plan.to_add]
        conn.execute(insert(DvkModel.__table__), rows)  # type: ignore[attr-defined]
        audit.record(conn, user, "nhập mô hình", f"Lô {batch_id}, tệp {file_name}: thêm {len(rows)} mô hình")
    return int(batch_id)
