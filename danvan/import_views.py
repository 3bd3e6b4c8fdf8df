"""Tables the import and history pages show (pure pandas, Vietnamese headers)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from danvan.charts import value_text
from danvan.formatting import format_number, format_period
from danvan.importing import ImportProblem

STATUS_LABELS = {"active": "Đang dùng", "undone": "Đã hoàn tác"}
KIND_LABELS = {"observations": "Số liệu", "models": "Mô hình Dân vận khéo"}


def problems_table(problems: list[ImportProblem]) -> pd.DataFrame:
    return pd.DataFrame({
        "Trang tính": [p.sheet for p in problems],
        "Dòng": ["" if p.row is None else str(p.row) for p in problems],
        "Cột": [p.column or "" for p in problems],
        "Vấn đề": [p.message for p in problems],
        "Cách sửa": [p.fix for p in problems],
    })


def _names(frame: pd.DataFrame, key: str, label: str) -> dict[str, str]:
    return dict(zip(frame[key], frame[label], strict=True))


def additions_table(rows: list[dict[str, Any]], catalogue: pd.DataFrame, localities: pd.DataFrame) -> pd.DataFrame:
    """The figures a plan will add, as the user will see them afterwards."""
    indicators = _names(catalogue, "code", "name_vi")
    units = _names(catalogue, "code", "unit_label")
    places = _names(localities, "locality_id", "name_vi")
    return pd.DataFrame({
        "Dòng": [r["row"] for r in rows],
        "Địa phương": [places.get(r["locality_id"], r["locality_id"]) for r in rows],
        "Chỉ tiêu": [indicators.get(r["indicator_code"], r["indicator_code"]) for r in rows],
        "Giá trị": [value_text(r["value"], r.get("qualifier") or "exact", units.get(r["indicator_code"], ""))
                    for r in rows],
        "Kỳ báo cáo": [format_period(r["period_start"], r["period_end"]) for r in rows],
        "Phạm vi": [r.get("scope_vi") or "" for r in rows],
    })


def conflicts_table(conflicts: list[dict[str, Any]], catalogue: pd.DataFrame,
                    localities: pd.DataFrame) -> pd.DataFrame:
    """Rows that would replace an existing figure; «Thay thế» starts unticked (rejected)."""
    table = additions_table([c["observation"] | {"row": c["row"]} for c in conflicts], catalogue, localities)
    table.insert(4, "Số đang có", [format_number(c["existing_value"]) for c in conflicts])
    table.insert(0, "Thay thế", False)
    return table.rename(columns={"Giá trị": "Số mới"})


def models_table(rows: list[dict[str, Any]], localities: pd.DataFrame) -> pd.DataFrame:
    places = _names(localities, "locality_id", "name_vi")
    return pd.DataFrame({
        "Dòng": [r["row"] for r in rows], "Tên mô hình": [r["name"] for r in rows],
        "Địa phương": [places.get(r["locality_id"], r["locality_id"]) for r in rows],
        "Trạng thái": [r.get("status") or "" for r in rows], "Lĩnh vực": [r.get("field") or "" for r in rows],
    })


def batches_table(history: pd.DataFrame) -> pd.DataFrame:
    if history.empty:
        return pd.DataFrame()
    return pd.DataFrame({
        "Lô": history["id"], "Loại": history["kind"].map(KIND_LABELS),
        "Tệp": history["file_name"], "Người nhập": history["user"],
        "Thời điểm": pd.to_datetime(history["created_at"]).dt.strftime("%d/%m/%Y %H:%M"),
        "Thêm": history["n_added"], "Thay thế": history["n_replaced"], "Từ chối": history["n_rejected"],
        "Trạng thái": history["status"].map(STATUS_LABELS),
        "Hoàn tác bởi": history["undone_by"].fillna(""),
        "Mã kiểm tra (SHA-256)": history["checksum"].str[:16] + "…",
    })


def audit_table(entries: list[dict[str, Any]]) -> pd.DataFrame:
    from danvan.audit import format_time

    return pd.DataFrame({
        "Thời gian": [format_time(e["at"]) for e in entries], "Người thực hiện": [e["user"] for e in entries],
        "Thao tác": [e["action"] for e in entries], "Chi tiết": [e["detail"] for e in entries],
    })
