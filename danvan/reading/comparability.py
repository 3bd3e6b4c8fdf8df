"""Which figures may be compared, ranked or drawn on one axis, and why others may not.

Two figures are comparable only when indicator, unit and scope class match and, for
flows (counts and amounts over a period), when their reporting periods have the same
shape (whole year, or the same number of months); and when neither comes from a source
an editor marked low reliability.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from danvan.formatting import format_period, vn_sort_key
from danvan.vocabulary import LEVEL_RANK, LEVEL_TIERS_SPELLED

FLOW_KINDS = {"count", "amount"}


def period_class(start: pd.Timestamp | None, end: pd.Timestamp | None) -> str:
    """``nam`` (whole calendar year), ``thoi_diem`` (a date), ``N_thang``, ``nhieu_nam`` or ``khong_ro``."""
    has_start = start is not None and not pd.isna(start)
    has_end = end is not None and not pd.isna(end)
    if not has_start and not has_end:
        return "khong_ro"
    if not has_start or not has_end or start == end:
        return "thoi_diem"
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return "nam" if start.year == end.year else f"{end.year - start.year + 1}_nam"
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    return f"{months}_thang"


PERIOD_CLASS_LABELS = {"nam": "cả năm", "thoi_diem": "số tại một thời điểm", "khong_ro": "không rõ kỳ"}


def period_class_label(code: str) -> str:
    if code in PERIOD_CLASS_LABELS:
        return PERIOD_CLASS_LABELS[code]
    number, unit = code.split("_", 1)
    return f"kỳ {number} {'năm' if unit == 'nam' else 'tháng'}"


@dataclass(frozen=True)
class Group:
    """A set of mutually comparable observations, or one set apart with its reason."""

    key: tuple[str, ...]  # indicator, unit, scope class, period class, source reliability
    rows: pd.DataFrame
    reason: str = ""  # empty for the main group

    @property
    def lineages(self) -> int:
        return int(self.rows["lineage"].nunique())


def add_period_class(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    flows = out["kind"].isin(FLOW_KINDS)
    # Figures share few distinct periods: classify each once, then match every row to it.
    keys = out[["period_start", "period_end"]]
    shapes = keys.drop_duplicates()
    shapes = shapes.assign(period_class=[period_class(s, e) for s, e in
                                         zip(shapes["period_start"], shapes["period_end"], strict=True)])
    classes = keys.merge(shapes, how="left", on=["period_start", "period_end"])["period_class"].tolist()
    out["period_class"] = classes
    # Stocks, rates and targets compare across period shapes as long as the period is known.
    out["compare_period"] = [
        c if flow or c == "khong_ro" else "biet" for c, flow in zip(classes, flows, strict=True)
    ]
    return out


def _reason(key: tuple[str, ...], main: tuple[str, ...],
            rows: pd.DataFrame, main_rows: pd.DataFrame) -> str:
    reasons = []
    if key[0] != main[0]:
        reasons.append("chỉ tiêu khác")
    if key[1] != main[1]:
        reasons.append(f"đơn vị khác ({rows['unit_label'].iloc[0]})")
    if key[2] != main[2]:
        reasons.append(
            f"phạm vi khác: {rows['scope_class_name'].iloc[0]} "
            f"(so với {main_rows['scope_class_name'].iloc[0]})"
        )
    if key[3] != main[3]:
        if key[3] == "khong_ro":
            reasons.append("nguồn không nêu kỳ báo cáo")
        else:
            reasons.append(
                f"kỳ báo cáo khác: {period_class_label(key[3])} "
                f"(so với {period_class_label(main[3])})"
            )
    if key[4] != main[4]:
        reasons.append("nguồn được đánh dấu độ tin cậy thấp")
    return "Không so sánh được: " + "; ".join(reasons) + "."


def comparable_groups(frame: pd.DataFrame, *, by_period: bool = True) -> list[Group]:
    """Split observations into comparable groups; the first is the main one.

    With ``by_period=False`` (time charts, which draw each period as it is) flows of
    different period shapes stay in one group as long as their period is known.

    The main group is the one covering most localities (ties: whole-locality scope,
    then most rows). Undated figures never form the main group when dated ones exist.
    """
    if frame.empty:
        return []
    data = add_period_class(frame)
    if not by_period:
        data["compare_period"] = ["khong_ro" if c == "khong_ro" else "biet" for c in data["period_class"]]
    # Figures from a source an editor marked low reliability are never compared with the others.
    data["reliability"] = data["source_reliability"].fillna("") if "source_reliability" in data else ""
    keys = ["indicator_code", "unit", "scope_class", "compare_period", "reliability"]
    grouped = [(tuple(k), rows) for k, rows in data.groupby(keys, sort=False, dropna=False)]

    def rank(item: tuple[tuple, pd.DataFrame]) -> tuple:
        key, rows = item
        return (key[4] != "thap", key[3] != "khong_ro", rows["lineage"].nunique(),
                bool(rows["whole_locality"].iloc[0]), len(rows))

    grouped.sort(key=rank, reverse=True)
    main_key, main_rows = grouped[0]
    groups = [Group(main_key, main_rows)]
    for key, rows in grouped[1:]:
        groups.append(Group(key, rows, _reason(key, main_key, rows, main_rows)))
    return groups


def per_10k(frame: pd.DataFrame, population: pd.DataFrame) -> pd.DataFrame:
    """Add population and value per 10.000 residents where the population of that
    locality vintage is known for the figure's reference year (else NaN)."""
    out = frame.copy()
    ref = out["period_end"].fillna(out["period_start"])
    out["ref_year"] = ref.dt.year
    pop = (population.dropna(subset=["year"])
           .sort_values("period_end")
           .drop_duplicates(["locality_id", "year"], keep="last")
           [["locality_id", "year", "value", "source_title"]]
           .rename(columns={"value": "population", "year": "ref_year",
                            "source_title": "population_source"}))
    out = out.merge(pop, on=["locality_id", "ref_year"], how="left")
    out["per_10k"] = out["value"] / out["population"] * 10_000
    return out


def one_level(rows: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The figures of the administrative level most places in ``rows`` have (ties: the higher
    level), and the others: a thị xã is not set beside provinces unless the user asks."""
    places = rows.drop_duplicates("lineage")["level"].value_counts()
    if len(places) < 2:
        return rows, rows.iloc[0:0]
    level = min(places.index, key=lambda lv: (-places[lv], LEVEL_RANK.get(lv, 9)))
    same = rows["level"] == level
    return rows[same], rows[~same]


def level_reason(kept: pd.DataFrame, other: pd.DataFrame) -> str:
    names = ", ".join(sorted(other["locality_name"].unique(), key=vn_sort_key))
    level = LEVEL_TIERS_SPELLED.get(str(kept["level"].iloc[0]), "cùng cấp")
    return (f"Khác cấp hành chính: {names} không cùng {level} với các đơn vị trên biểu đồ; chỉ đặt cạnh nhau "
            "khi bật «Cả đơn vị khác cấp».")


@dataclass(frozen=True)
class PeriodChoice:
    """Which figures a comparison draws, and what the reader must be told about it."""

    rows: pd.DataFrame
    period: str  # the shared period in words («năm 2021»), empty when periods differ
    left_out: str  # places without a figure of that period, with their latest one
    note: str  # shown on the chart: periods that differ, said out loud


def _period_key(rows: pd.DataFrame) -> pd.Series:
    """Same period: the same start and end for flows, the same year for stocks and rates."""
    ref = rows["period_end"].fillna(rows["period_start"])
    flows = rows["kind"].isin(FLOW_KINDS)
    exact = rows["period_start"].astype(str) + "/" + rows["period_end"].astype(str)
    return exact.where(flows, "năm " + ref.dt.year.astype("Int64").astype(str))


def _latest_label(rows: pd.DataFrame) -> str:
    ref = rows["period_end"].fillna(rows["period_start"])
    newest = rows.assign(_ref=ref).sort_values("_ref").groupby("lineage").tail(1)
    return ", ".join(sorted((f"{r.locality_name} ({format_period(r.period_start, r.period_end)})"
                             for r in newest.itertuples()), key=vn_sort_key))


def same_period(rows: pd.DataFrame) -> PeriodChoice:
    """The latest period every place has; failing that, the latest one most places share. With
    no period shared by two places, nothing is drawn and the places' latest periods are named
    (one place alone: its latest figure)."""
    if rows.empty:
        return PeriodChoice(rows, "", "", "")
    if rows["lineage"].nunique() < 2:  # one place: its latest figure
        ref = rows["period_end"].fillna(rows["period_start"])
        latest = rows.assign(_ref=ref).sort_values("_ref").groupby("locality_id").tail(1).drop(columns="_ref")
        return PeriodChoice(latest, "", "", "")
    key = _period_key(rows)
    ref = rows["period_end"].fillna(rows["period_start"])
    table = pd.DataFrame({"key": key, "lineage": rows["lineage"], "ref": ref})
    shared = table.groupby("key").agg(places=("lineage", "nunique"), ref=("ref", "max"))
    shared = shared.sort_values(["places", "ref"], ascending=[False, False])
    best, places = shared.index[0], int(shared["places"].iloc[0])
    if places < 2:
        return PeriodChoice(rows.iloc[0:0], "", "", "Không có kỳ nào có từ hai địa phương cùng báo cáo: "
                            + _latest_label(rows) + ".")
    chosen = rows[key == best]
    first = chosen.iloc[0]
    period = (format_period(first["period_start"], first["period_end"]) if first["kind"] in FLOW_KINDS
              else best)
    missing = rows[~rows["lineage"].isin(chosen["lineage"])]
    return PeriodChoice(chosen, period, _latest_label(missing) if not missing.empty else "", "")


def year_gap_note(rows: pd.DataFrame) -> str:
    """A visible note when the drawn figures' years are more than one apart (empty otherwise)."""
    years = rows["period_end"].fillna(rows["period_start"]).dt.year.dropna()
    if years.empty or years.max() - years.min() <= 1:
        return ""
    return (f"Số liệu khác năm (cách nhau tới {int(years.max() - years.min())} năm): "
            + _latest_label(rows) + ". Không so sánh trực tiếp.")
