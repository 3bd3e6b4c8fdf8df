"""Check a «Dân vận khéo» model registry file (sheet «Mô hình») and plan what to add."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from danvan.formatting import nfc
from danvan.importing.columns import MODEL_SPEC, label, map_headers, norm_text, required_keys
from danvan.importing.context import ImportContext
from danvan.importing.problems import ImportProblem, PlanBase
from danvan.importing.reading import RawTable
from danvan.importing.values import LocalityIndex, match_locality, parse_number
from danvan.vocabulary import DVK_FIELDS, DVK_STATUSES, DVK_SUBJECTS

M = {key: label(MODEL_SPEC, key) for key, _ in MODEL_SPEC}


def _in_sentence(labels: dict[str, str]) -> dict[str, str]:
    """The vocabulary's labels as a sheet writes them mid-sentence: «Kinh tế» -> «kinh tế»."""
    return {code: text.lower() for code, text in labels.items()}


# code -> label in the sheet and its template; statuses in the order a model goes through them
MODEL_FIELDS = _in_sentence(DVK_FIELDS)
MODEL_SUBJECTS = _in_sentence(DVK_SUBJECTS)
MODEL_STATUSES = _in_sentence(DVK_STATUSES)


def _word_key(value: Any) -> str:
    """«Văn hóa - xã hội» / «van hoa, xa hoi» / «van_hoa_xa_hoi» -> «van hoa xa hoi»."""
    text = norm_text(value)
    for ch in "-\u2013\u2014_,;/.&":
        text = text.replace(ch, " ")
    return " ".join(text.replace(" va ", " ").split())


def _lookup(table: dict[str, str]) -> dict[str, str]:
    out = {_word_key(code): code for code in table}
    out.update({_word_key(text): code for code, text in table.items()})
    return out


_FIELDS, _SUBJECTS, _STATUSES = _lookup(MODEL_FIELDS), _lookup(MODEL_SUBJECTS), _lookup(MODEL_STATUSES)
_STATUSES.update({"da cong nhan": "cong_nhan", "dang trien khai": "trien_khai", "da dang ky": "dang_ky",
                  "duoc khen thuong": "khen_thuong", "tam dung": "dung", "dung trien khai": "dung"})


@dataclass
class ModelPlan(PlanBase):
    """What importing a model registry file would do. Apply only when :attr:`ok`."""

    def summary_vi(self) -> str:
        general = sum(1 for p in self.problems if p.row is None)
        return f"Thêm {len(self.to_add)} mô hình, {len(self.error_rows)} dòng lỗi" + (
            f", {general} lỗi chung của tệp" if general else "")


def _choice(value: Any, table: dict[str, str]) -> str | None:
    """Code for ``value``; "" when blank, None when not recognised."""
    return table.get(_word_key(value)) if value is not None else ""


_Report = Callable[..., None]  # problem(row, key, message, fix="")


def validate_models(table: RawTable, ctx: ImportContext, *, file_name: str, today: date) -> ModelPlan:
    """Check every row of a «Mô hình» sheet; see MODEL_COLUMNS for the columns."""
    plan = ModelPlan(file_name, table.sheet, n_rows=len(table.rows))
    plan.warnings.extend(table.warnings)  # hidden sheets, rows, columns left out

    def problem(row: int | None, key: str | None, message: str, fix: str = "") -> None:
        plan.problems.append(ImportProblem(table.sheet, row, M.get(key, key) if key else None, message, fix))

    cols = _columns(table, plan, problem)
    localities = LocalityIndex(ctx.localities)
    existing = _existing_keys(ctx)
    seen: dict[tuple[str, str], int] = {}
    for raw in table.rows:
        row, before = raw.number, len(plan.problems)
        c = {key: raw.cells.get(h) for key, h in cols.items()}
        for key in required_keys(MODEL_SPEC):
            if key in c and c[key] is None:
                problem(row, key, "ô bắt buộc đang để trống", f"ghi «{M[key]}» cho dòng này")
        reg, rec = _years(row, c, today, problem)
        values = _choices(row, c, problem)
        locality_id = _locality(row, c, localities, rec or reg, today, problem)
        name = nfc(str(c.get("name") or "")) or ""
        if locality_id and name:
            _check_unique(row, name, locality_id, seen, existing, problem)
        if len(plan.problems) > before or any(p.row is None for p in plan.problems):
            continue
        plan.to_add.append({
            "row": row, "name": name, "locality_id": locality_id,
            "unit_name": nfc(str(c.get("unit_name") or "")) or "",
            "year_registered": reg, "year_recognised": rec,
            "field": values["field"], "subject": values["subject"], "status": values["status"] or "dang_ky",
            "description": nfc(str(c.get("description") or "")) or "",
            "evidence": nfc(str(c.get("evidence") or "")) or "",
        })
    return plan


def _columns(table: RawTable, plan: ModelPlan, problem: _Report) -> dict[str, str]:
    """The sheet's columns by key; a warning per column not in the template, a problem per
    required column missing."""
    cols, extra = map_headers(table.header, MODEL_SPEC)
    for header in extra:
        plan.warnings.append(ImportProblem(table.sheet, None, header,
                                           f"cột «{header}» không có trong tệp mẫu nên được bỏ qua"))
    for key in required_keys(MODEL_SPEC):
        if key not in cols:
            problem(None, key, f"thiếu cột bắt buộc «{M[key]}»", f"thêm cột «{M[key]}» (xem tệp mẫu)")
    return cols


def _existing_keys(ctx: ImportContext) -> set[tuple[str, str]]:
    """(normalised name, locality_id) of every model already in the registry."""
    if ctx.existing_models.empty:
        return set()
    return {(norm_text(r["name"]), str(r["locality_id"])) for r in ctx.existing_models.to_dict("records")}


def _years(row: int, c: dict[str, Any], today: date, problem: _Report) -> tuple[int | None, int | None]:
    """The years of registration and recognition (None when blank or wrong, with a problem)."""
    years: dict[str, int | None] = {}
    for key in ("year_registered", "year_recognised"):
        years[key] = None
        if c.get(key) is None:
            continue
        try:
            number = parse_number(c[key])
        except ValueError:
            number = None
        if number is None or not float(number).is_integer() or not 1945 <= number <= 2100:
            problem(row, key, f"«{c[key]}» không phải là năm", "ghi năm bằng 4 chữ số, ví dụ 2023")
        elif number > today.year:
            problem(row, key, f"năm {int(number)} nằm trong tương lai", "chỉ ghi năm đã qua hoặc năm nay")
        else:
            years[key] = int(number)
    reg, rec = years["year_registered"], years["year_recognised"]
    if reg is not None and rec is not None and rec < reg:
        problem(row, "year_recognised", f"năm công nhận {rec} trước năm đăng ký {reg}",
                "kiểm tra lại hai năm (có thể bị đổi chỗ)")
    return reg, rec


def _choices(row: int, c: dict[str, Any], problem: _Report) -> dict[str, str | None]:
    """The codes of the field, subject and status written ("" when blank, None when not recognised)."""
    values = {}
    for key, table_, labels in (("field", _FIELDS, MODEL_FIELDS), ("subject", _SUBJECTS, MODEL_SUBJECTS),
                                ("status", _STATUSES, MODEL_STATUSES)):
        values[key] = _choice(c.get(key), table_)
        if values[key] is None:
            allowed = ", ".join(f"«{v}»" for v in labels.values())
            problem(row, key, f"«{c[key]}» không phải là giá trị hợp lệ của cột «{M[key]}»",
                    f"ghi một trong: {allowed}")
    return values


def _locality(row: int, c: dict[str, Any], localities: LocalityIndex, year: int | None, today: date,
              problem: _Report) -> str | None:
    """The locality written, as it was at the end of ``year`` (recognition, else registration),
    else today."""
    locality_id = None
    if c.get("locality") is not None:
        when = date(year, 12, 31) if year else today
        try:
            locality_id, hint = match_locality(c["locality"], localities, min(when, today))
            if locality_id is None:
                problem(row, "locality", f"không tìm thấy địa phương «{c['locality']}»",
                        " ".join(filter(None, [hint, "Ghi tên như ở sheet «Danh mục» của tệp mẫu"])))
        except ValueError as exc:
            problem(row, "locality", str(exc), "ghi đơn vị hành chính đúng với năm đăng ký/công nhận")
    return locality_id


def _check_unique(row: int, name: str, locality_id: str, seen: dict[tuple[str, str], int],
                  existing: set[tuple[str, str]], problem: _Report) -> None:
    """A model appears once per locality, in the file and in the registry."""
    key = (norm_text(name), locality_id)
    if key in seen:
        problem(row, "name", f"mô hình «{name}» trùng với dòng {seen[key]}", "xóa một trong hai dòng")
    elif key in existing:
        problem(row, "name", f"mô hình «{name}» của địa phương này đã có trong danh sách",
                "bỏ dòng này; muốn sửa mô hình đã có thì sửa trên trang Mô hình")
    seen.setdefault(key, row)
