"""The «Dân vận khéo» model registry: check and write entries (reads are in queries.py)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Engine

from danvan import clock
from danvan.accounts import audit
from danvan.data.db import write_transaction
from danvan.data.models import DvkModel
from danvan.vocabulary import DVK_FIELDS, DVK_STATUSES, DVK_SUBJECTS, RECOGNISED_STATUSES

EDITABLE = ("name", "locality_id", "unit_name", "year_registered", "year_recognised", "field", "subject",
            "status", "description", "evidence")


class RegistryError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


def check_model(data: dict[str, Any], localities: Collection[str], today: date | None = None) -> list[str]:
    """Vietnamese problems with one registry entry (empty list when it is fine); ``localities``
    is every locality_id of the catalogue (any province, district or commune, old or new)."""
    today = today or date.today()
    problems = []
    if not str(data.get("name") or "").strip():
        problems.append("Chưa ghi tên mô hình.")
    if data.get("locality_id") not in localities:
        problems.append("Chưa chọn địa phương có trong danh mục.")
    for key, label in (("year_registered", "Năm đăng ký"), ("year_recognised", "Năm công nhận")):
        year = data.get(key)
        if year is not None and not (1990 <= int(year) <= today.year):
            problems.append(f"{label} {year} không hợp lệ (từ 1990 đến {today.year}).")
    registered, recognised = data.get("year_registered"), data.get("year_recognised")
    if registered and recognised and int(recognised) < int(registered):
        problems.append("Năm công nhận trước năm đăng ký.")
    if data.get("field") not in {"", None, *DVK_FIELDS}:
        problems.append("Lĩnh vực không hợp lệ.")
    if data.get("subject") not in {"", None, *DVK_SUBJECTS}:
        problems.append("Chỉ chọn tập thể hoặc cá nhân.")
    if data.get("status") not in DVK_STATUSES:
        problems.append("Trạng thái không hợp lệ.")
    if data.get("status") in RECOGNISED_STATUSES and not recognised:
        problems.append("Mô hình đã công nhận cần ghi năm công nhận.")
    return problems


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    values = {key: data.get(key) for key in EDITABLE}
    for key in ("name", "unit_name", "description", "evidence", "field", "subject"):
        values[key] = str(values[key] or "").strip()
    return values


def add_model(engine: Engine, data: dict[str, Any], localities: Collection[str], user: str,
              batch_id: int | None = None) -> int:
    problems = check_model(data, localities)
    if problems:
        raise RegistryError(problems)
    now = clock.now()
    with write_transaction(engine) as conn:  # one writer at a time (see danvan.data.db)
        new_id = conn.execute(insert(DvkModel.__table__).values(  # type: ignore[attr-defined]
            **_clean(data), batch_id=batch_id, created_by=user, created_at=now, updated_by=user, updated_at=now,
        )).inserted_primary_key[0]
        audit.record(conn, user, "thêm mô hình", f"Mô hình {new_id}: {data.get('name')}")
    return int(new_id)


def update_model(engine: Engine, model_id: int, data: dict[str, Any], localities: Collection[str], user: str) -> None:
    problems = check_model(data, localities)
    if problems:
        raise RegistryError(problems)
    table = DvkModel.__table__  # type: ignore[attr-defined]
    with write_transaction(engine) as conn:  # one writer at a time (see danvan.data.db)
        before = conn.execute(select(table).where(table.c.id == model_id)).mappings().one_or_none()
        if before is None:
            raise RegistryError([f"Không có mô hình số {model_id}."])
        values = _clean(data)
        changed = [k for k in EDITABLE if before[k] != values[k]]
        conn.execute(update(table).where(table.c.id == model_id).values(
            **values, updated_by=user, updated_at=clock.now()))
        audit.record(conn, user, "sửa mô hình", f"Mô hình {model_id}: {', '.join(changed) or 'không đổi'}")
