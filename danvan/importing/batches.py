"""Write a validated import plan as one batch, and undo a batch completely.

Everything a batch writes happens in one transaction: all accepted rows or none, also when
the process is killed half-way. Existing figures are never overwritten: an accepted
replacement adds the new figure and records a ``Supersession`` that hides the old one;
undoing the batch removes both.

Writers are serialised (:func:`danvan.data.db.write_transaction`: a PostgreSQL advisory lock,
SQLite's write lock taken by BEGIN IMMEDIATE), and inside that lock the plan is checked again
against the data as it is now, because another import may have committed since the preview: a
row now present with the same value is not written twice («đã có»); a row that now meets a
different value stops the whole batch with a :class:`BatchError` asking to preview the file again.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import delete, exists, func, insert, select, update
from sqlalchemy.engine import Connection, Engine

from danvan import clock
from danvan.accounts import audit
from danvan.data.db import WriteError, write_transaction
from danvan.data.models import (
    IMPORTED_SOURCE,
    DvkModel,
    HeldRow,
    ImportBatch,
    Observation,
    Source,
    Supersession,
)
from danvan.formatting import format_number, format_period
from danvan.importing.columns import norm_text
from danvan.importing.lookups import existing_models, existing_observations, stored_key
from danvan.importing.plausibility import question_text
from danvan.importing.rows import obs_key

INSERT_CHUNK = 1000  # rows per INSERT (executemany); progress is reported after each chunk
PREVIEW_AGAIN = "Chưa ghi gì vào cơ sở dữ liệu. Hãy tải tệp lên lại để xem trước lần nữa rồi xác nhận."

OBS_FIELDS = ("locality_id", "indicator_code", "period_start", "period_end", "value", "qualifier",
              "scope_class", "scope_vi", "locator", "note_vi")
SOURCE_FIELDS = ("title", "issuer", "kind", "document_number", "url", "published_date", "accessed_date",
                 "licence_note")


class BatchError(WriteError):
    """A batch cannot be written or undone (message in Vietnamese). Catch its base,
    danvan.data.db.WriteError, to catch a busy writer lock (WritersBusy) too."""


class ConfirmationNeeded(BatchError):
    """The plan holds figures the editor has not confirmed (plan.questions); nothing is written."""

    def __init__(self, file_name: str, questions: list[Any]) -> None:
        self.questions = list(questions)
        super().__init__(f"Tệp «{file_name}»: cần xác nhận {len(self.questions)} số liệu bất thường trước khi nhập "
                         f"({question_text(self.questions)}). Chưa ghi gì vào cơ sở dữ liệu.")


def require_confirmation(questions: list[Any], file_name: str, confirmed: bool) -> None:
    """Raise :class:`ConfirmationNeeded` when there are ``questions`` (a plan's figures held for
    confirmation) and the editor has not confirmed them."""
    if questions and not confirmed:
        raise ConfirmationNeeded(file_name, questions)


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


def _same(a: Any, b: Any) -> bool:
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def _describe(obs: dict[str, Any]) -> str:
    period = format_period(obs.get("period_start"), obs.get("period_end"))
    return f"{obs['locality_id']}, chỉ tiêu {obs['indicator_code']}, {period}"


def _changed_error(file_name: str, changed: list[str]) -> BatchError:
    shown = "; ".join(changed[:5]) + (f"; và {len(changed) - 5} dòng khác" if len(changed) > 5 else "")
    return BatchError(f"Tệp «{file_name}»: trong lúc xem trước, số liệu trong cơ sở dữ liệu đã thay đổi "
                      f"(có thể do một lần nhập khác vừa ghi), nên {len(changed)} dòng không còn như bản xem "
                      f"trước: {shown}. {PREVIEW_AGAIN}")


def _recheck(conn: Connection, file_name: str, adds: list[dict[str, Any]], chosen: list[dict[str, Any]]
             ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[int]]:
    """Inside the writer lock: compare the plan with the figures stored now. Returns the rows
    still to add, the replacements still to make, and the rows already present with the same
    value; raises BatchError when a row now meets a different value."""
    keys = [obs_key(o) for o in adds] + [obs_key(c["observation"]) for c in chosen]
    stored: dict[tuple, list[dict[str, Any]]] = {}
    for record in existing_observations(conn, keys).to_dict("records"):
        stored.setdefault(stored_key(record), []).append(record)
    to_add, to_replace, already, changed = [], [], [], []
    for obs in adds:
        found = stored.get(obs_key(obs), [])
        if not found:
            to_add.append(obs)
        elif any(_same(r["value"], obs["value"]) for r in found):
            already.append(obs["row"])
        else:
            changed.append(f"dòng {obs['row']} ({_describe(obs)}): nay đã có số "
                           f"{format_number(found[0]['value'])}, tệp ghi {format_number(obs['value'])}")
    for conflict in chosen:
        new = conflict["observation"]
        found = stored.get(obs_key(new), [])
        if any(str(r["obs_id"]) == conflict["existing_obs_id"] for r in found):
            to_replace.append(conflict)
        elif any(_same(r["value"], new["value"]) for r in found):
            already.append(conflict["row"])
        else:
            now = (f"nay là {format_number(found[0]['value'])}" if found else "nay không còn số đó")
            changed.append(f"dòng {conflict['row']} ({_describe(new)}): bản xem trước thay số "
                           f"{format_number(conflict['existing_value'])}, {now}")
    writing = [*to_add, *(c["observation"] for c in to_replace)]
    cited = {str(o["source_key"]) for o in writing if o.get("source_id")}  # existing sources the rows cite
    if cited:
        source = Source.__table__  # type: ignore[attr-defined]
        present = set(conn.execute(
            select(source.c.source_id).where(source.c.source_id.in_(sorted(cited)))).scalars())
        for missing in sorted(cited - present):
            rows = [o["row"] for o in writing if o["source_key"] == missing]
            changed.append(f"nguồn {missing} (dòng {', '.join(map(str, rows[:5]))}) vừa bị xóa do hoàn tác "
                           "lô nhập")
    if changed:
        raise _changed_error(file_name, changed)
    return to_add, to_replace, sorted(already)


def _insert_chunks(conn: Connection, table: Any, rows: list[dict[str, Any]],
                   progress: Callable[[int, int], None] | None) -> None:
    for start in range(0, len(rows), INSERT_CHUNK):
        conn.execute(insert(table), rows[start:start + INSERT_CHUNK])
        if progress is not None:
            progress(min(start + INSERT_CHUNK, len(rows)), len(rows))


def commit_plan(engine: Engine, plan: Any, *, file_name: str, checksum: str, user: str,
                accept: Iterable[int] = (), kind: str = "observations",
                progress: Callable[[int, int], None] | None = None, already: list[int] | None = None,
                confirmed: bool = False) -> int:
    """Write ``plan`` (danvan.importing.ImportPlan) as a new batch; ``accept`` holds the
    row numbers of conflicts the user chose to replace (the others are rejected).
    Returns the batch id. Refuses a plan that still has problems.

    One transaction, holding the writer lock; the plan is checked again inside it (see the
    module docstring). Rows found already present are not written and their numbers are
    appended to ``already`` (when given). ``progress(written, total)`` is called after each
    chunk of ``INSERT_CHUNK`` rows, inside the transaction. A plan with questions
    (plan.questions) is written only when ``confirmed``; the confirmation is recorded in the
    audit log with the batch."""
    if plan.problems:
        raise BatchError("Tệp còn lỗi; sửa các lỗi đã liệt kê rồi nhập lại. Chưa ghi gì vào cơ sở dữ liệu.")
    require_confirmation(getattr(plan, "questions", None) or [], file_name, confirmed)
    accepted = set(accept)
    chosen = [c for c in plan.conflicts if c["row"] in accepted]
    if not plan.to_add and not chosen:
        raise BatchError("Không có dòng nào để thêm hoặc thay thế.")
    when = clock.now()
    with write_transaction(engine) as conn:
        batch_id, present, _ = write_batch(conn, plan, file_name=file_name, checksum=checksum, user=user,
                                           chosen=chosen, kind=kind, when=when, progress=progress)
    if already is not None:
        already.extend(present)
    return int(batch_id)


def write_batch(conn: Connection, plan: Any, *, file_name: str, checksum: str, user: str,
                chosen: list[dict[str, Any]], kind: str, when: datetime,
                progress: Callable[[int, int], None] | None = None) -> tuple[int, list[int], dict[str, str]]:
    """Inside a write transaction: check the plan again, then write its rows and the chosen
    replacements as a new batch. Returns (batch id, rows already present, new source ids by key)."""
    adds, replacements, present = _recheck(conn, file_name, plan.to_add, chosen)
    if not adds and not replacements:
        raise BatchError(f"Tệp «{file_name}»: cả {len(present)} dòng cần ghi đều đã có trong cơ sở "
                         "dữ liệu với cùng giá trị (một lần nhập khác vừa ghi các số liệu này), "
                         "nên không có gì để thêm; không tạo lô nhập mới.")
    n_rejected = len(plan.conflicts) - len(chosen)
    batch_id = conn.execute(insert(ImportBatch.__table__).values(  # type: ignore[attr-defined]
        kind=kind, file_name=file_name, checksum=checksum, user=user, created_at=when,
        n_added=len(adds), n_replaced=len(replacements), n_rejected=n_rejected, status="active",
    )).inserted_primary_key[0]
    used = {o["source_key"] for o in adds} | {c["observation"]["source_key"] for c in replacements}
    new_sources = {k: v for k, v in plan.new_sources.items() if k in used}
    source_ids = _source_ids(conn, batch_id, new_sources, when)

    def source_of(row: dict[str, Any]) -> str:
        return source_ids.get(row["source_key"], row["source_key"])

    rows = []
    for number, row in enumerate(adds, start=1):
        rows.append(_observation(row, f"N{batch_id:05d}-{number:04d}", source_of(row), batch_id, user, when))
    supersessions = []
    for number, conflict in enumerate(replacements, start=len(rows) + 1):
        new_id = f"N{batch_id:05d}-{number:04d}"
        new = conflict["observation"]
        rows.append(_observation(new, new_id, source_of(new), batch_id, user, when))
        supersessions.append({"old_obs_id": conflict["existing_obs_id"], "new_obs_id": new_id,
                              "batch_id": batch_id})
    _insert_chunks(conn, Observation.__table__, rows, progress)  # type: ignore[attr-defined]
    if supersessions:
        _insert_chunks(conn, Supersession.__table__, supersessions, None)  # type: ignore[attr-defined]
    detail = (f"Lô {batch_id}, tệp {file_name}: thêm {len(adds)}, thay thế {len(replacements)}, "
              f"từ chối {n_rejected}")
    audit.record(conn, user, "nhập dữ liệu", detail + (f", đã có {len(present)}" if present else ""))
    questions = getattr(plan, "questions", None) or []
    if questions:  # the callers refuse an unconfirmed plan (require_confirmation): these were confirmed
        audit.record(conn, user, "xác nhận số liệu bất thường",
                     f"Lô {batch_id}, tệp {file_name}: {len(questions)} số liệu — {question_text(questions, 50)}")
    return int(batch_id), present, source_ids


def undo_batch(engine: Engine, batch_id: int, user: str) -> None:
    """Remove everything batch ``batch_id`` wrote; figures it replaced become visible again."""
    batch = ImportBatch.__table__  # type: ignore[attr-defined]
    with write_transaction(engine) as conn:
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
        held = HeldRow.__table__  # type: ignore[attr-defined]
        conn.execute(delete(held).where(held.c.batch_id == batch_id, held.c.status == "held"))
        conn.execute(update(held).where(held.c.resolved_batch_id == batch_id).values(
            status="held", resolved_batch_id=None))
        conn.execute(update(batch).where(batch.c.id == batch_id).values(
            status="undone", undone_by=user, undone_at=clock.now()))
        _drop_unused_sources(conn)
        audit.record(conn, user, "hoàn tác lô nhập", f"Lô {batch_id}")


def _drop_unused_sources(conn: Connection) -> None:
    """Delete the sources that undone batches created and no figure cites any more. A source a
    batch created may be cited by a later batch (same title and issuer); it then stays until
    that batch is undone as well."""
    batch, source = ImportBatch.__table__, Source.__table__  # type: ignore[attr-defined]
    unused = conn.execute(select(source.c.source_id).where(
        source.c.source_id.like("B%-%"),
        ~exists().where(Observation.source_id == source.c.source_id))).scalars()
    undone = set(conn.execute(select(batch.c.id).where(batch.c.status == "undone")).scalars())
    drop = [s for s in unused if IMPORTED_SOURCE.match(s) and int(s[1:].split("-")[0]) in undone]
    for start in range(0, len(drop), INSERT_CHUNK):
        conn.execute(delete(source).where(source.c.source_id.in_(drop[start:start + INSERT_CHUNK])))


def history(engine: Engine) -> pd.DataFrame:
    with engine.connect() as conn:
        frame = pd.read_sql(select(ImportBatch).order_by(ImportBatch.id.desc()), conn)
    return frame


MODEL_FIELDS = ("name", "locality_id", "unit_name", "year_registered", "year_recognised", "field", "subject",
                "status", "description", "evidence")


def _year(value: Any) -> int | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else int(value)


def _recheck_models(conn: Connection, file_name: str, rows: list[dict[str, Any]]
                    ) -> tuple[list[dict[str, Any]], list[int]]:
    """Inside the writer lock: models registered since the preview. The same name, place and
    years is «đã có» (not added twice); the same name and place with other years stops the batch."""
    stored: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in existing_models(conn, {str(row["locality_id"]) for row in rows}).to_dict("records"):
        stored.setdefault((norm_text(r["name"]), str(r["locality_id"])), []).append(r)
    to_add, already, changed = [], [], []
    for row in rows:
        found = stored.get((norm_text(row["name"]), str(row["locality_id"])), [])
        years = (_year(row.get("year_registered")), _year(row.get("year_recognised")))
        if not found:
            to_add.append(row)
        elif any((_year(r["year_registered"]), _year(r["year_recognised"])) == years for r in found):
            already.append(row["row"])
        else:
            changed.append(f"dòng {row['row']}: mô hình «{row['name']}» ({row['locality_id']}) vừa được ghi "
                           "vào sổ với năm đăng ký/công nhận khác")
    if changed:
        raise _changed_error(file_name, changed)
    return to_add, sorted(already)


def commit_models(engine: Engine, plan: Any, *, file_name: str, checksum: str, user: str,
                  already: list[int] | None = None) -> int:
    """Write a validated model-registry plan (danvan.importing.ModelPlan) as one batch, holding
    the writer lock and checking the registry again inside it (see :func:`commit_plan`)."""
    if plan.problems:
        raise BatchError("Tệp còn lỗi; sửa các lỗi đã liệt kê rồi nhập lại. Chưa ghi gì vào cơ sở dữ liệu.")
    if not plan.to_add:
        raise BatchError("Không có mô hình nào để thêm.")
    when = clock.now()
    with write_transaction(engine) as conn:
        adds, present = _recheck_models(conn, file_name, plan.to_add)
        if not adds:
            raise BatchError(f"Tệp «{file_name}»: cả {len(present)} mô hình đều đã có trong sổ (một lần nhập "
                             "khác vừa ghi), nên không có gì để thêm; không tạo lô nhập mới.")
        batch_id = conn.execute(insert(ImportBatch.__table__).values(  # type: ignore[attr-defined]
            kind="models", file_name=file_name, checksum=checksum, user=user, created_at=when,
            n_added=len(adds), status="active",
        )).inserted_primary_key[0]
        rows = [{**{f: (row.get(f) if row.get(f) is not None or f.startswith("year") else "")
                    for f in MODEL_FIELDS},
                 "batch_id": batch_id, "created_by": user, "created_at": when, "updated_by": user,
                 "updated_at": when} for row in adds]
        _insert_chunks(conn, DvkModel.__table__, rows, None)  # type: ignore[attr-defined]
        detail = f"Lô {batch_id}, tệp {file_name}: thêm {len(rows)} mô hình"
        audit.record(conn, user, "nhập mô hình", detail + (f", đã có {len(present)}" if present else ""))
    if already is not None:
        already.extend(present)
    return int(batch_id)
