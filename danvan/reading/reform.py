"""The 1/7/2025 reform: add summable figures of old units up to the units that replaced them
(old provinces into the 34 new provinces; old communes into a new commune).

Only counts, amounts and stocks covering a whole locality can be added, and only figures
of the same indicator, unit and period. Rates, averages, targets and figures of a narrower
scope are listed apart with the reason. District-level units were dissolved into wards,
and a district's figure cannot be split between wards, so district figures are listed
apart as well; so is the figure of an old commune only part of which went to the new one.
"""

from __future__ import annotations

import pandas as pd

from danvan.formatting import vn_sort_key
from danvan.vocabulary import LEVEL_PLURALS

SUMMABLE_KINDS = {"count", "amount", "stock"}
REASON_KIND = {
    "rate": "tỷ lệ không cộng được giữa {units}",
    "measure": "số đo (độ dài, diện tích, mật độ…) không cộng theo chỉ tiêu này",
    "target": "chỉ tiêu đề ra, không phải kết quả",
    "context": "số liệu bối cảnh, không cộng",
}
COLUMNS = ["new_gso_code", "new_name_vi", "indicator_code", "indicator_name", "unit_label",
           "period_start", "period_end", "value", "qualifier", "added_from", "missing", "complete",
           "n_parts", "source_ids", "source_titles", "obs_ids"]


def exclusion_reason(row: pd.Series, level: str = "tinh") -> str:
    """Why a figure cannot be added into a new unit of ``level``; empty when it can."""
    one, many = LEVEL_PLURALS.get(level, ("địa phương", "các địa phương"))
    if row["level"] != level:
        if row["level"] == "huyen":
            return "đơn vị cấp huyện đã giải thể từ 1/7/2025; số liệu không chia được cho các phường, xã kế thừa"
        return f"đơn vị khác cấp, không cộng vào {one}"
    if row["kind"] not in SUMMABLE_KINDS:
        return REASON_KIND.get(row["kind"], "loại chỉ tiêu không cộng được").format(units=many)
    if not bool(row["whole_locality"]):
        return f"phạm vi không phải toàn {one} ({row['scope_class_name']})"
    if pd.isna(row["period_start"]) and pd.isna(row["period_end"]):
        return "nguồn không nêu kỳ báo cáo"
    return ""


def aggregate_into(frame: pd.DataFrame, crosswalk: pd.DataFrame, code_of: dict[str, str], *,
                   level: str = "tinh") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sum figures of old units into the new unit each went to.

    ``frame``: observations (queries.observations columns); ``crosswalk``: old_gso_code,
    old_name_vi, new_gso_code, new_name_vi and optionally ``whole`` (False: only part of the
    old unit went to the new one, so its figure is not added); ``code_of``: locality_id → the
    code used in the crosswalk. Returns (added, apart): ``added`` has one row per new unit,
    indicator and period with value, added_from (old names), missing (old names of the same
    new unit that have no figure for that period), complete, n_parts and the source ids;
    ``apart`` has the figures that could not be added, with ``reason``.
    """
    data = frame.copy()
    data["reason"] = [exclusion_reason(row, level) for _, row in data.iterrows()] if len(data) else []
    if "whole" in crosswalk.columns and len(data):
        partial = crosswalk[~crosswalk["whole"].astype(bool)]
        names = dict(zip(partial["old_gso_code"], partial["new_name_vi"], strict=True))
        codes = data["locality_id"].map(code_of)
        for index in data.index[(data["reason"] == "") & codes.isin(names)]:
            data.at[index, "reason"] = (f"chỉ một phần địa bàn của {data.at[index, 'locality_name']} thuộc "
                                        f"{names[codes[index]]}; số liệu không chia được")
    apart = data[data["reason"] != ""]
    usable = data[data["reason"] == ""].copy()
    if usable.empty:
        return pd.DataFrame(columns=COLUMNS), apart
    old_names = crosswalk.set_index("old_gso_code")["old_name_vi"]
    members = crosswalk.groupby("new_gso_code")["old_gso_code"].apply(list)
    usable["old_gso_code"] = usable["locality_id"].map(code_of)
    usable = usable.merge(crosswalk[["old_gso_code", "new_gso_code", "new_name_vi"]], on="old_gso_code",
                          how="left")
    missing_map = usable["new_gso_code"].isna()
    if missing_map.any():
        words = "tỉnh cũ – tỉnh mới" if level == "tinh" else "đơn vị cũ – đơn vị mới"
        lost = usable[missing_map].assign(reason=f"không có trong bảng đối chiếu {words}")
        apart = pd.concat([apart, lost[frame.columns.tolist() + ["reason"]]])
        usable = usable[~missing_map]
    keys = ["new_gso_code", "new_name_vi", "indicator_code", "indicator_name", "unit_label",
            "period_start", "period_end"]
    rows = []
    for key, group in usable.groupby(keys, dropna=False, sort=False):
        present = sorted(set(group["old_gso_code"]))
        absent = [code for code in members[key[0]] if code not in present]
        qualifiers = set(group["qualifier"])
        rows.append({
            **dict(zip(keys, key, strict=True)),
            "value": group["value"].sum(),
            "qualifier": "exact" if qualifiers == {"exact"} else ("hon" if qualifiers <= {"exact", "hon"} else "gan"),
            "added_from": sorted((old_names.get(c, c) for c in present), key=vn_sort_key),
            "missing": sorted((old_names.get(c, c) for c in absent), key=vn_sort_key),
            "complete": not absent,
            "n_parts": len(present),
            "source_ids": sorted(set(group["source_id"])),
            "source_titles": sorted(set(group["source_title"])),
            "obs_ids": sorted(group["obs_id"]),
        })
    return pd.DataFrame(rows, columns=COLUMNS), apart


def aggregate_to_2025(frame: pd.DataFrame, crosswalk: pd.DataFrame,
                      gso_of: dict[str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sum figures of old provinces into their 2025 province (``crosswalk``: old_gso_code,
    old_name_vi, new_gso_code, new_name_vi; ``gso_of``: locality_id → GSO code); see
    aggregate_into."""
    return aggregate_into(frame, crosswalk, gso_of, level="tinh")


def aggregation_note(row: pd.Series) -> str:
    """«Gia Lai (mới) = Gia Lai; thiếu số liệu: Bình Định» in Vietnamese."""
    text = f"{row['new_name_vi']} (từ 1/7/2025) = " + " + ".join(row["added_from"])
    if row["missing"]:
        text += "; chưa đủ, thiếu số liệu: " + ", ".join(row["missing"])
    return text
