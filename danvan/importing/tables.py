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
    from danvan.accounts.audit import format_time

    return pd.DataFrame({
        "Thời gian": [format_time(e["at"]) for e in entries], "Người thực hiện": [e["user"] for e in entries],
        "Thao tác": [e["action"] for e in entries], "Chi tiết": [e["detail"] for e in entries],
    })


def match_label(code: str, catalogue: pd.DataFrame, score: float | None = None) -> str:
    """«Tên chỉ tiêu (đơn vị) — 94%» for a candidate; codes are never shown."""
    row = catalogue.loc[catalogue["code"] == code]
    if row.empty:
        return code
    r = row.iloc[0]
    text = f"{r['name_vi']} ({r['unit_label']})"
    return text + (f" — giống {format_number(score, 0)}%" if score is not None and score < 100 else "")


def outcomes_table(outcomes: list[Any], catalogue: pd.DataFrame, localities: pd.DataFrame,
                   statuses: tuple[str, ...]) -> pd.DataFrame:
    """Figure candidates of a staff file with the given statuses, as the editor reads them:
    where, then why (for rows not imported, so the reason stays on a projector-sized screen),
    then what. Sheet and column appear only when the file has several or is wide."""
    from danvan.importing.staff import REASONS

    rows = [o for o in outcomes if o.status in statuses]
    indicators = _names(catalogue, "code", "name_vi")
    places = _names(localities, "locality_id", "name_vi")
    table = pd.DataFrame({
        "Trang tính": [o.sheet for o in rows],
        "Dòng": [o.row for o in rows],
        "Cột": [o.column or "" for o in rows],
        "Lý do": [o.reason or REASONS.get(o.reason_code, "") for o in rows],
        "Địa phương": [places.get((o.obs or {}).get("locality_id"), str(o.cells.get("locality") or ""))
                       for o in rows],
        "Chỉ tiêu": [indicators.get((o.obs or {}).get("indicator_code"), str(o.cells.get("indicator") or ""))
                     for o in rows],
        "Giá trị": [format_number((o.obs or {}).get("value")) if o.obs else str(o.cells.get("value") or "")
                    for o in rows],
        "Kỳ": [format_period(o.obs["period_start"], o.obs["period_end"]) if o.obs else
               str(o.cells.get("period") or "") for o in rows],
    })
    unused = [c for c in ("Trang tính", "Cột", "Lý do") if table[c].nunique() <= 1 and not table[c].any()]
    if len({o.sheet for o in outcomes}) <= 1:
        unused.append("Trang tính")
    return table.drop(columns=sorted(set(unused)))


def held_table(held: pd.DataFrame) -> pd.DataFrame:
    """The «Chờ bổ sung» list."""
    import json

    from danvan.importing.staff import REASONS

    if held.empty:
        return pd.DataFrame()
    cells = [json.loads(c) for c in held["cells_json"]]
    return pd.DataFrame({
        "Tệp": held["file_name"], "Dòng": held["row"], "Cột": held["column"],
        "Địa phương": [str(c.get("locality") or "") for c in cells],
        "Chỉ tiêu": [str(c.get("indicator") or "") for c in cells],
        "Giá trị": [str(c.get("value") or "") for c in cells],
        "Kỳ": [str(c.get("period") or "") for c in cells],
        "Lý do": [REASONS.get(code, code) + f": {reason}" for code, reason in zip(held["reason_code"],
                                                                                   held["reason"], strict=True)],
    })
