"""A short Vietnamese summary paragraph for one locality, in the style of a báo cáo:
latest results, comparison with the previous period, limits of the data. Pure pandas."""

from __future__ import annotations

import pandas as pd

from danvan.charts import value_text
from danvan.formatting import format_number, format_period, format_value
from danvan.reading.rates import STATUS_MISMATCH, stated_decimals
from danvan.vocabulary import CONTEXT_KIND, CONTEXT_THEMES

MAX_RESULTS = 3
MAX_COMPARISONS = 2
MAX_MISMATCHES = 3


def _lower_first(text: str) -> str:
    """"Tỷ lệ hộ nghèo" -> "tỷ lệ hộ nghèo" (mid-sentence), but keep "IDA …" or "UBND …"."""
    text = str(text or "").strip()
    first = text.split(" ", 1)[0]
    if not text or (len(first) > 1 and first.isupper()):
        return text
    return text[0].lower() + text[1:]


def _ref(frame: pd.DataFrame) -> pd.Series:
    return pd.to_datetime(frame["period_end"]).fillna(pd.to_datetime(frame["period_start"]))


def period_shape(start: object, end: object) -> tuple[str, int]:
    """What makes two periods comparable: a point in time (lũy kế đến ngày), an open start,
    or a span of a given length in whole months."""
    s = None if start is None or pd.isna(start) else pd.Timestamp(start)
    e = None if end is None or pd.isna(end) else pd.Timestamp(end)
    if e is None and s is None:
        return ("none", 0)
    if e is None:
        return ("open", 0)
    if s is None or s == e:
        return ("point", 0)
    months = (e.year - s.year) * 12 + e.month - s.month + (1 if e.day >= 28 else 0)
    return ("span", months)


def _work(frame: pd.DataFrame) -> pd.DataFrame:
    keep = ~frame["theme"].isin(CONTEXT_THEMES) & (frame["kind"] != CONTEXT_KIND)
    if "scope_class" in frame:
        keep &= frame["scope_class"] != "boi_canh_don_vi_khac"
    return frame[keep]


def _dated(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["period_start"].notna() | frame["period_end"].notna()]


def _figure(row: pd.Series) -> str:
    return value_text(row["value"], row.get("qualifier") or "exact", row["unit_label"])


def _period(row: pd.Series) -> str:
    return format_period(row["period_start"], row["period_end"])


def _named(row: pd.Series) -> str:
    """"xã đạt chuẩn (lũy kế; đến 09/05/2022)": the period joins a closing bracket."""
    name = _lower_first(row["indicator_name"])
    if name.endswith(")"):
        return f"{name[:-1]}; {_period(row)})"
    return f"{name} ({_period(row)})"


def _results(whole: pd.DataFrame, name: str) -> list[str]:
    if whole.empty:
        return [f"Chưa có số liệu toàn địa bàn {name} có ghi kỳ báo cáo trong khoảng đã chọn."]
    data = whole.assign(_ref=_ref(whole)).sort_values("_ref", ascending=False, kind="stable")
    latest = data.drop_duplicates("indicator_code").head(MAX_RESULTS)
    parts = [f"{_named(r)} là {_figure(r)}"
             for _, r in latest.iterrows()]
    themes = whole["theme_name"].nunique() if "theme_name" in whole else 0
    opening = (f"Theo số liệu đã tổng hợp, {name} có {format_number(len(whole))} số liệu toàn địa bàn "
               f"có ghi kỳ báo cáo" + (f", thuộc {format_number(themes)} lĩnh vực." if themes else "."))
    return [opening, "Kết quả gần nhất: " + "; ".join(parts) + "."]


def _against(latest: pd.Series, previous: pd.Series) -> str:
    """«so với kỳ liền trước (…)» only when the two periods follow each other; otherwise the
    earlier period is named, with the gap, so a jump over missing years is never read as one step."""
    figure, period = _figure(previous), _period(previous)
    kind, _ = period_shape(latest["period_start"], latest["period_end"])
    latest_ref, previous_ref = pd.Timestamp(_ref(latest.to_frame().T).iloc[0]), pd.Timestamp(
        _ref(previous.to_frame().T).iloc[0])
    years = latest_ref.year - previous_ref.year
    if kind == "span":
        start, end = pd.Timestamp(latest["period_start"]), pd.Timestamp(previous["period_end"])
        if end + pd.Timedelta(days=1) == start:
            return f"so với kỳ liền trước ({figure}, {period})"
        if years == 1 and start - pd.DateOffset(years=1) == pd.Timestamp(previous["period_start"]):
            return f"so với cùng kỳ năm trước ({figure}, {period})"
        return (f"so với {period} ({figure}), kỳ cùng độ dài gần nhất có số liệu, cách {format_number(years)} năm; "
                "các kỳ giữa không có số liệu")
    months = years * 12 + latest_ref.month - previous_ref.month
    gap = f", cách {format_number(months // 12)} năm" if months >= 24 else ""
    return f"so với số {period} ({figure}{gap})"


def _change(latest: pd.Series, previous: pd.Series) -> str:
    unit = latest["unit_label"]
    diff = float(latest["value"]) - float(previous["value"])
    if unit == "%":
        amount = f"{format_number(abs(diff))} điểm phần trăm"
    else:
        amount = format_value(abs(diff), unit)
    verb = "tăng" if diff > 0 else "giảm"
    if diff == 0:
        return f"{_named(latest)} không đổi {_against(latest, previous)}"
    return f"{_named(latest)} là {_figure(latest)}, {verb} {amount} {_against(latest, previous)}"


def _comparisons(whole: pd.DataFrame) -> list[str]:
    """Latest vs previous figure of the same indicator, locality vintage, scope and period
    shape, exact figures only."""
    if whole.empty:
        return []
    data = whole[whole["qualifier"].fillna("exact") == "exact"]
    data = data.assign(_ref=_ref(data),
                       _shape=[period_shape(s, e) for s, e in
                               zip(data["period_start"], data["period_end"], strict=True)])
    # Vectorised: groups numbered in order of first appearance, newest first inside each group.
    data = data.reset_index(drop=True)
    data["_group"] = data.groupby(["indicator_code", "locality_id", "scope_class"], sort=False).ngroup()
    data["_row"] = range(len(data))
    data = data.sort_values(["_group", "_ref", "_row"], ascending=[True, False, True], na_position="last")
    latest = data.groupby("_group", sort=False).head(1).set_index("_group")
    data["_latest_ref"] = data["_group"].map(latest["_ref"])
    data["_latest_shape"] = data["_group"].map(latest["_shape"])
    earlier = data[(data["_shape"] == data["_latest_shape"]) & (data["_ref"] < data["_latest_ref"])]
    previous = earlier.groupby("_group", sort=False).head(1).set_index("_group")
    if previous.empty:
        return ["Chưa có kỳ trước cùng chỉ tiêu, cùng phạm vi và cùng độ dài kỳ để so sánh."]
    # Newest latest figure first (a stable sort: ties keep the groups' order); only the
    # groups that are written out are turned into rows.
    refs = latest.loc[previous.index, "_ref"].tolist()
    newest = sorted(range(len(refs)), key=lambda i: refs[i], reverse=True)[:MAX_COMPARISONS]
    groups = [previous.index[i] for i in newest]
    changes = [_change(latest.loc[group], previous.loc[group]) for group in groups]
    text = "; ".join(changes)
    return ["Diễn biến: " + text + "."]


def _mismatches(rate_checks: pd.DataFrame | None, frame: pd.DataFrame) -> list[str]:
    if rate_checks is None or rate_checks.empty or "status" not in rate_checks:
        return []
    flagged = rate_checks[rate_checks["status"] == STATUS_MISMATCH]
    if flagged.empty:
        return []
    names = frame.drop_duplicates("indicator_code").set_index("indicator_code")["indicator_name"]
    parts = []
    for _, row in flagged.head(MAX_MISMATCHES).iterrows():
        decimals = stated_decimals(float(row["stated"]))
        name = _lower_first(names.get(row["indicator_code"], row["indicator_code"]))
        start = pd.to_datetime(row["period_start"] or None)
        end = pd.to_datetime(row["period_end"] or None)
        parts.append(f"{name} ({format_period(start, end)}): số nêu {format_value(row['stated'], '%')} "
                     f"nhưng tính lại từ tử số, mẫu số là {format_value(row['computed'], '%', decimals)}")
    more = len(flagged) - MAX_MISMATCHES
    tail = f"; và {format_number(more)} tỷ lệ khác" if more > 0 else ""
    return ["Số liệu trong nguồn chưa nhất quán: " + "; ".join(parts) + tail + "."]


def _limits(frame: pd.DataFrame, work: pd.DataFrame, name: str,
            rate_checks: pd.DataFrame | None) -> list[str]:
    notes = []
    undated = work[work["period_start"].isna() & work["period_end"].isna()]
    if not undated.empty:
        notes.append(f"{format_number(len(undated))} số liệu nguồn không nêu kỳ báo cáo nên không dùng để so sánh")
    part = _dated(work)[~_dated(work)["whole_locality"].astype(bool)]
    if not part.empty:
        kinds = part["scope_class_name"].value_counts().index[:2] if "scope_class_name" in part else []
        which = f" ({', '.join(_lower_first(k) for k in kinds)})" if len(kinds) else ""
        notes.append(f"{format_number(len(part))} số liệu chỉ thuộc một phần địa bàn hoặc một cơ quan"
                     f"{which}, không đại diện cho toàn {name}")
    sentences = []
    if notes:
        sentences.append("Hạn chế về số liệu: " + "; ".join(notes) + ".")
    sentences += _mismatches(rate_checks, frame)
    if not sentences:
        sentences.append("Các số liệu đều có kỳ báo cáo, phạm vi toàn địa bàn và không có tỷ lệ lệch.")
    return sentences


def summary_paragraph(frame: pd.DataFrame, lineage_name: str,
                      rate_checks: pd.DataFrame | None = None) -> str:
    """A paragraph ready to paste into a báo cáo, built only from ``frame`` (the locality's
    observations, undated ones included) and ``rate_checks`` (danvan.reading.rates.rate_table)."""
    if frame is None or frame.empty:
        return f"Chưa có số liệu của {lineage_name} trong khoảng năm đã chọn."
    work = _work(frame)
    whole = _dated(work)
    whole = whole[whole["whole_locality"].astype(bool)]
    sentences = _results(whole, lineage_name) + _comparisons(whole)
    sentences += _limits(frame, work, lineage_name, rate_checks)
    return " ".join(sentences)
