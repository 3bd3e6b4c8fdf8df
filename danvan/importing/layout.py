"""How a staff spreadsheet is laid out: which column holds what (its «vai trò»), whether the
figures run down one value column or across columns of years or localities, and the figure
candidates it holds, one per value cell. Pure: no database, no Streamlit."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from danvan.importing.columns import HEADER_ROLES, TEMPLATE_UNIT, norm_header, norm_text
from danvan.importing.reading import Cell, RawTable
from danvan.importing.values import is_period_header, period_of_header

# role -> Vietnamese label shown in the mapping table
ROLE_LABELS: dict[str, str] = {
    "locality": "Địa phương, địa bàn",
    "indicator": "Chỉ tiêu (tên hoặc mã)",
    "value": "Giá trị",
    "unit": "Đơn vị tính",
    "period": "Kỳ báo cáo",
    "start": "Từ ngày",
    "end": "Đến ngày",
    "scope": "Đơn vị báo cáo, phạm vi",
    "scope_class": "Loại phạm vi",
    "source": "Nguồn (tên văn bản hoặc đường dẫn)",
    "issuer": "Cơ quan ban hành",
    "reference": "Số hiệu hoặc đường dẫn",
    "published": "Ngày ban hành",
    "locator": "Vị trí trong nguồn",
    "note": "Ghi chú",
    "qualifier": "Định tính (hơn, gần, dưới)",
    "numerator": "Tử số",
    "denominator": "Mẫu số",
    "wide_period": "Giá trị của kỳ ghi ở tiêu đề cột",
    "wide_locality": "Giá trị của địa phương ghi ở tiêu đề cột",
    "ignore": "Không dùng",
}
WIDE_ROLES = ("wide_period", "wide_locality")
SINGLE_ROLES = tuple(r for r in ROLE_LABELS if r not in (*WIDE_ROLES, "ignore"))

_TOTAL_LINES = {"tong cong", "cong", "tong", "tong so", "toan bo", "tong chung", "cong chung"}


def header_signature(header: list[str]) -> str:
    """Key under which the mapping of a set of headers is remembered."""
    return hashlib.sha256("\x1f".join(norm_header(h) for h in header).encode()).hexdigest()


def guess_mapping(header: list[str], is_place: Callable[[str], bool] | None = None) -> dict[str, str]:
    """A role for every non-blank header: by name, then wide columns (periods or places),
    else «ignore». A role taken twice keeps the first column."""
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    keys = [norm_header(h) for h in header]
    has_place_column = any(HEADER_ROLES.get(k) == "locality" and k != TEMPLATE_UNIT for k in keys)
    for h, key in zip(header, keys, strict=True):
        if not h:
            continue
        role = HEADER_ROLES.get(key)
        if key == TEMPLATE_UNIT and has_place_column:
            role = "unit"  # …but in the template (beside «Địa phương») it is the unit of measure
        if role is None:
            if is_period_header(h):
                role = "wide_period"
            elif is_place is not None and is_place(h):
                role = "wide_locality"
            else:
                role = "ignore"
        if role in SINGLE_ROLES and role in taken:
            role = "ignore"
        taken.add(role)
        mapping[h] = role
    return mapping


def mapping_problems(mapping: dict[str, str]) -> list[str]:
    """What a mapping lacks before any figure can be read (Vietnamese, for the editor)."""
    roles = set(mapping.values())
    problems = []
    if "indicator" not in roles:
        problems.append("chưa có cột chỉ tiêu (tên hoặc mã chỉ tiêu)")
    if "value" not in roles and not roles & set(WIDE_ROLES):
        problems.append("chưa có cột giá trị (hoặc các cột theo năm, theo địa phương)")
    if "value" in roles and roles & set(WIDE_ROLES):
        problems.append("vừa có cột «Giá trị» vừa có các cột theo năm/địa phương; chọn một cách")
    if "wide_period" in roles and "wide_locality" in roles:
        problems.append("không đọc được bảng vừa có cột theo năm vừa có cột theo địa phương")
    return problems


@dataclass
class StaffRecord:
    """One figure candidate: the row's cells by role; ``column`` is the header of the value
    cell for a wide sheet (None for one value column)."""

    row: int
    column: str | None
    cells: dict[str, Cell]


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def records(table: RawTable, mapping: dict[str, str]) -> list[StaffRecord]:
    """The figure candidates of ``table`` read with ``mapping``. Lines without a value
    (section titles, blank lines) and total lines without an indicator give none."""
    single = {h: r for h, r in mapping.items() if r in SINGLE_ROLES}
    wide = [(h, r) for h, r in mapping.items() if r in WIDE_ROLES]
    out: list[StaffRecord] = []
    for raw in table.rows:
        base = {role: raw.cells.get(h) for h, role in single.items()}
        if _blank(base.get("indicator")):
            continue
        if norm_text(base.get("locality")) in _TOTAL_LINES:
            continue
        if wide:
            for header, role in wide:
                value = raw.cells.get(header)
                if _blank(value):
                    continue
                cells = {**base, "value": value}
                if role == "wide_period":
                    cells["period"] = period_of_header(header)
                else:
                    cells["locality"] = header
                out.append(StaffRecord(raw.number, header, cells))
        elif not _blank(base.get("value")):
            out.append(StaffRecord(raw.number, None, base))
    return out
