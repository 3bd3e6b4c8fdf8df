"""Check every row of an import file against the catalogue and plan what to add.

Pure: no database access. :func:`validate` collects ALL problems (it never stops at the
first) and returns an :class:`ImportPlan`; nothing is applied unless ``plan.ok``. Rows that
repeat an existing figure are skipped; rows that give a different value for an existing
figure become conflicts for the user to accept or reject.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from danvan.importing.columns import IMPORT_SPEC, map_headers, required_keys
from danvan.importing.context import ImportContext
from danvan.importing.plausibility import plan_questions
from danvan.importing.problems import PlanBase
from danvan.importing.reading import RawTable
from danvan.importing.registry_sheet import ModelPlan, validate_models
from danvan.importing.rows import L, RowChecker, obs_key
from danvan.importing.values import as_date

__all__ = ["ImportContext", "ImportPlan", "ModelPlan", "validate", "validate_models"]

@dataclass
class ImportPlan(PlanBase):
    """What importing the file would do. Apply only when :attr:`ok`."""

    conflicts: list[dict[str, Any]] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    new_sources: dict[str, dict[str, Any]] = field(default_factory=dict)

    def summary_vi(self) -> str:
        text = (f"Thêm {len(self.to_add)}, thay thế {len(self.conflicts)} (cần xác nhận), "
                f"bỏ qua {len(self.unchanged)} dòng đã có, {len(self.error_rows)} dòng lỗi")
        general = sum(1 for p in self.problems if p.row is None)
        return text + (f", {general} lỗi chung của tệp" if general else "")


def existing_index(*frames: pd.DataFrame) -> dict[tuple, dict[str, Any]]:
    index: dict[tuple, dict[str, Any]] = {}
    for frame in frames:
        if frame is None or frame.empty:
            continue
        for r in frame.to_dict("records"):
            obs = {**r, "period_start": as_date(r.get("period_start")),
                   "period_end": as_date(r.get("period_end"))}
            scope = r.get("scope_vi")
            missing = scope is None or (isinstance(scope, float) and math.isnan(scope))
            obs["scope_vi"] = "" if missing else scope
            index.setdefault(obs_key(obs), obs)
    return index


def validate(table: RawTable, ctx: ImportContext, *, file_name: str, today: date) -> ImportPlan:
    """Check every row of ``table`` and return the plan (see :class:`ImportPlan`)."""
    checker = RowChecker(ctx, table.sheet, today)
    plan = ImportPlan(file_name, table.sheet, n_rows=len(table.rows))
    cols, extra = map_headers(table.header, IMPORT_SPEC)
    for header in extra:
        checker.warn(None, header, f"cột «{header}» không có trong tệp mẫu nên được bỏ qua")
    for key in required_keys(IMPORT_SPEC):
        if key not in cols:
            checker.problem(None, key, f"thiếu cột bắt buộc «{L[key]}»",
                            f"thêm cột «{L[key]}» vào dòng tiêu đề (xem tệp mẫu)")
    if not {"period", "start", "end"} & cols.keys():
        checker.problem(None, "period", "thiếu cột kỳ báo cáo: cần cột «Kỳ báo cáo» hoặc «Từ ngày»/«Đến ngày»",
                        "thêm cột «Kỳ báo cáo» (xem tệp mẫu)")
    checked: list[tuple[int, tuple, dict[str, Any]]] = []
    seen: dict[tuple, int] = {}
    for raw in table.rows:
        obs = checker.check(raw.number, {key: raw.cells.get(h) for key, h in cols.items()})
        if obs is None:
            continue
        key = obs_key(obs)
        if key in seen:
            checker.problem(raw.number, None, f"dòng {raw.number} trùng với dòng {seen[key]} (cùng địa phương, "
                            "chỉ tiêu, kỳ báo cáo, loại phạm vi và phạm vi)", "xóa một trong hai dòng")
            continue
        seen[key] = raw.number
        checked.append((raw.number, key, obs))
    looked_up = None
    if ctx.existing_lookup is not None and checked:  # one call with every key: only those figures are read
        looked_up = ctx.existing_lookup([key for _, key, _ in checked])
    existing = existing_index(ctx.existing, looked_up)
    for number, key, obs in checked:
        old = existing.get(key)
        if old is None:
            plan.to_add.append(obs)
        elif math.isclose(float(old["value"]), obs["value"], rel_tol=1e-9, abs_tol=1e-9):
            plan.unchanged.append(number)
        else:
            plan.conflicts.append({"row": number, "existing_obs_id": str(old["obs_id"]),
                                   "existing_value": float(old["value"]), "new_value": obs["value"],
                                   "existing_source_id": old.get("source_id"), "observation": obs})
    plan.problems, plan.warnings = checker.problems, [*table.warnings, *checker.warnings]
    if any(p.row is None for p in plan.problems):  # a missing column: nothing can be planned
        plan.to_add, plan.conflicts, plan.unchanged = [], [], []
    used = {o["source_key"] for o in plan.to_add} | {c["observation"]["source_key"] for c in plan.conflicts}
    plan.new_sources = {k: v for k, v in checker.new_sources.items() if k in used or not plan.ok}
    if plan.ok:
        plan.questions = list(plan_questions(
            ctx, [*plan.to_add, *(c["observation"] for c in plan.conflicts)], sheet=table.sheet, column=L["value"]))
    return plan
