"""The charts a meeting pack can hold, each with a Vietnamese title, a one-line takeaway
computed from the plotted rows, its source line and the comparability caveats.

Built from the same queries and pure chart builders as the pages; only comparable
figures are drawn, the groups left apart are named in the caveats with their reason.
A chart without data gives no slide.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import pandas as pd
import plotly.graph_objects as go
from sqlalchemy.engine import Engine

from danvan import geo, queries, views
from danvan.charts import (
    compare_figure,
    coverage_figure,
    dvk_figure,
    registry_figure,
    source_line,
    trend_figure,
    value_text,
)
from danvan.comparability import Group, comparable_groups
from danvan.filters import Filters
from danvan.formatting import format_number, format_period, vn_sort_key
from danvan.map_data import LATEST, as_was, select_period
from danvan.maps import province_map
from danvan.page_data import MAX_BARS, MAX_COVERAGE, MAX_LINES, areas, first_areas, first_lineages


@dataclass
class Slide:
    key: str
    title: str
    figure: go.Figure
    takeaway: str
    source: str
    caveats: list[str]
    source_ids: list[str] = field(default_factory=list)


CHARTS: dict[str, str] = {
    "tong_quan_phu": "Độ phủ số liệu theo địa phương và lĩnh vực",
    "ntm_xa_dat_chuan": "Số xã đạt chuẩn nông thôn mới qua các năm",
    "ntm_so_sanh": "So sánh số xã đạt chuẩn nông thôn mới (mới nhất)",
    "ntm_ty_le": "So sánh tỷ lệ xã đạt chuẩn nông thôn mới",
    "ban_do_ntm": "Bản đồ số xã đạt chuẩn nông thôn mới",
    "don_thu_so_sanh": "So sánh số đơn thư tiếp nhận",
    "tiep_cong_dan_so_sanh": "So sánh số lượt tiếp công dân",
    "ho_so_dung_han": "So sánh tỷ lệ hồ sơ giải quyết đúng hạn",
    "ho_ngheo_xu_huong": "Tỷ lệ hộ nghèo qua các năm",
    "dvk_khen_thuong": "Dân vận khéo: khen thưởng, biểu dương",
    "dvk_mo_hinh": "Dân vận khéo: mô hình, điểm sáng theo báo cáo",
    "dvk_so_mo_hinh": "Dân vận khéo: mô hình trong sổ đăng ký",
}

PRESETS: dict[str, tuple[str, list[str]]] = {
    "tong_quan_nam": ("Tổng quan năm", [
        "tong_quan_phu", "ntm_xa_dat_chuan", "ban_do_ntm", "don_thu_so_sanh", "tiep_cong_dan_so_sanh",
        "ho_so_dung_han", "dvk_khen_thuong",
    ]),
    "so_sanh_dia_phuong": ("So sánh địa phương", [
        "ntm_so_sanh", "ntm_ty_le", "don_thu_so_sanh", "tiep_cong_dan_so_sanh", "ho_so_dung_han",
        "ho_ngheo_xu_huong",
    ]),
    "dan_van_kheo": ("Dân vận khéo", ["dvk_khen_thuong", "dvk_mo_hinh", "dvk_so_mo_hinh"]),
}

# chart key -> indicator code, for the charts of one indicator
INDICATORS = {
    "ntm_xa_dat_chuan": "ntm_communes_recognized",
    "ntm_so_sanh": "ntm_communes_recognized",
    "ntm_ty_le": "ntm_communes_recognized_pct",
    "ban_do_ntm": "ntm_communes_recognized",
    "don_thu_so_sanh": "petitions_received",
    "tiep_cong_dan_so_sanh": "citizen_reception_visits",
    "ho_so_dung_han": "dossiers_on_time_rate",
    "ho_ngheo_xu_huong": "poverty_rate",
}
DVK_KINDS = {"dvk_khen_thuong": ("khen_thuong",), "dvk_mo_hinh": ("mo_hinh", "diem_sang")}


# --- takeaways (always from the plotted rows) -----------------------------------------------

def _value(row: pd.Series, unit: str | None = None) -> str:
    return value_text(row["value"], row["qualifier"], unit if unit is not None else row["unit_label"])


def _period(row: pd.Series) -> str:
    return format_period(row["period_start"], row["period_end"])


def ranking_takeaway(rows: pd.DataFrame, indicator_name: str, higher_is_better: bool | None = None) -> str:
    """"Nghệ An cao nhất: 299 xã (đến 29/09/2022); Trà Vinh: 82 xã (đến 09/05/2022)." or, for one
    locality, "Tỷ lệ … của Hương Trà 10 tháng đầu năm 2021: 89,3%."."""
    data = rows.sort_values("value", ascending=False)
    if len(data) == 1:
        row = data.iloc[0]
        return f"{indicator_name} của {row['locality_name']} {_period(row)}: {_value(row)}."
    first, rest = data.iloc[0], data.iloc[1:]
    head = f"{first['locality_name']} cao nhất: {_value(first)} ({_period(first)})"
    tail = [f"{r['locality_name']}: {_value(r)} ({_period(r)})" for _, r in rest.iterrows()]
    text = "; ".join([head, *tail]) + "."
    if higher_is_better is False:
        text += " (Chỉ tiêu này thấp hơn là tốt hơn.)"
    return text


def _latest(rows: pd.DataFrame) -> pd.DataFrame:
    """The most recent figure of each lineage (trend charts)."""
    ref = rows["period_end"].fillna(rows["period_start"])
    return rows.assign(_ref=ref).sort_values("_ref").groupby("lineage").tail(1).drop(columns="_ref")


def _names(rows: pd.DataFrame) -> str:
    return ", ".join(sorted(rows["locality_name"].unique(), key=vn_sort_key))


def caveats_for(groups: list[Group]) -> list[str]:
    """One line per group left apart: who, and why it is not drawn."""
    return [f"{_names(g.rows)} ({len(g.rows)} số liệu) không đưa vào biểu đồ. {g.reason}" for g in groups]


def _ids(rows: pd.DataFrame) -> list[str]:
    return sorted(rows["source_id"].dropna().unique().tolist()) if "source_id" in rows else []


# --- one builder per kind of chart ----------------------------------------------------------

Builder = Callable[[Engine, str, Filters], "Slide | None"]


def _indicator_rows(engine: Engine, code: str, filters: Filters) -> pd.DataFrame:
    return queries.observations(engine, filters, indicator=code, include_undated=True)


def _compare(engine: Engine, key: str, filters: Filters) -> Slide | None:
    rows = _indicator_rows(engine, INDICATORS[key], filters)
    if rows.empty:
        return None
    groups = comparable_groups(views.with_vintage_names(rows))
    main = groups[0]
    if main.key[3] == "khong_ro":
        return None
    data = views.latest_per_locality(main.rows)
    first = data.iloc[0]
    older = len(main.rows) - len(data)
    n_bars = len(data)
    if n_bars > MAX_BARS:
        ordered = data.sort_values("value")
        data = pd.concat([ordered.head(MAX_BARS // 2), ordered.tail(MAX_BARS // 2)])
    title = f"{first['indicator_name']} – {main.rows['scope_class_name'].iloc[0]}"
    source = source_line(data)
    higher = views.optional_bool(first["higher_is_better"])
    fig = compare_figure(data, title=title, unit_label=first["unit_label"], source=source,
                         higher_is_better=higher)
    caveats = caveats_for(groups[1:])
    if older:
        caveats.insert(0, f"Chỉ số liệu mới nhất của mỗi địa phương ({older} số liệu cũ hơn không vẽ).")
    if main.lineages < 2:
        caveats.insert(0, "Chỉ một địa phương có số liệu so sánh được cho chỉ tiêu này.")
    if n_bars > MAX_BARS:
        caveats.insert(0, f"Vẽ {MAX_BARS // 2} địa phương cao nhất và {MAX_BARS // 2} thấp nhất trong "
                          f"{format_number(n_bars)}.")
    return Slide(key, title, fig, ranking_takeaway(data, first["indicator_name"], higher), source, caveats,
                 _ids(data))


def _trend(engine: Engine, key: str, filters: Filters) -> Slide | None:
    rows = _indicator_rows(engine, INDICATORS[key], filters)
    if rows.empty:
        return None
    groups = comparable_groups(rows, by_period=False)
    main = groups[0]
    if main.key[3] == "khong_ro":
        return None
    data, n_areas = first_lineages(main.rows, MAX_LINES)
    first = data.iloc[0]
    title = f"{first['indicator_name']} – {data['scope_class_name'].iloc[0]}"
    source = source_line(data)
    x_range = (pd.Timestamp(filters.year_from, 1, 1).date(), pd.Timestamp(filters.year_to, 12, 31).date())
    fig = trend_figure(data, title=title, unit_label=first["unit_label"], x_range=x_range, source=source)
    latest = _latest(data)
    higher = views.optional_bool(first["higher_is_better"])
    takeaway = "Số mới nhất – " + ranking_takeaway(latest, first["indicator_name"], higher)
    caveats = caveats_for(groups[1:])
    if n_areas > MAX_LINES:
        caveats.insert(0, f"Vẽ {MAX_LINES} địa phương đầu tiên theo thứ tự chữ cái trong {format_number(n_areas)} "
                          "có số liệu; chọn địa bàn để vẽ địa phương khác.")
    return Slide(key, title, fig, takeaway, source, caveats, _ids(data))


def _coverage(engine: Engine, key: str, filters: Filters) -> Slide | None:
    chosen = areas(engine, filters)
    filters = replace(filters, lineages=tuple(chosen["lineage"].head(MAX_COVERAGE)))
    counts = queries.indicator_counts(engine, filters)
    if counts.empty:
        return None
    title = CHARTS[key]
    if len(chosen) > MAX_COVERAGE:
        title += f" ({MAX_COVERAGE} địa phương đầu tiên)"
    used = queries.source_ids(engine, filters)
    source = (f"Nguồn: tổng hợp từ {len(used)} nguồn; danh mục và vị trí từng số liệu "
              "ở trang «Nguồn & dữ liệu».")
    fig = coverage_figure(counts, title=title, source=source)
    per_place = counts.groupby("locality_name")["n"].sum().sort_values(ascending=False)
    top, low = per_place.index[0], per_place.index[-1]
    takeaway = (f"{format_number(int(counts['n'].sum()))} số liệu về {counts['theme'].nunique()} lĩnh vực; "
                f"nhiều nhất: {top} ({format_number(int(per_place.iloc[0]))} số liệu)")
    takeaway += f"; ít nhất: {low} ({format_number(int(per_place.iloc[-1]))} số liệu)." if len(per_place) > 1 else "."
    caveats = ["Ô trống: chưa có số liệu nào trong các nguồn đã thu thập, không có nghĩa là bằng 0."]
    return Slide(key, title, fig, takeaway, source, caveats, used)


def _dvk(engine: Engine, key: str, filters: Filters) -> Slide | None:
    shown, n_areas = first_areas(engine, filters, MAX_LINES, dvk=True)
    counts = queries.dvk_observations(engine, shown)
    counts = counts[(counts["programme"] == "dan_van_kheo") & counts["dvk_kind"].isin(DVK_KINDS[key])]
    if counts.empty:
        return None
    # the biggest set of comparable figures (same kind, unit, scope) is drawn; the others are caveats
    candidates: list[tuple[Group, list[Group]]] = []
    for _, unit_rows in counts.groupby(["dvk_kind", "unit_label"]):
        kind = unit_rows["dvk_kind"].iloc[0]
        groups = comparable_groups(unit_rows.assign(indicator_code=kind), by_period=False)
        candidates.append((groups[0], groups[1:]))
    candidates.sort(key=lambda item: (item[0].lineages, len(item[0].rows)), reverse=True)
    main = candidates[0][0]
    apart = [g for _, rest in candidates for g in rest] + [g for g, _ in candidates[1:]]
    data = main.rows
    kind = data["dvk_kind"].iloc[0]
    unit = data["unit_label"].iloc[0]
    title = f"{views.DVK_KIND_LABELS[kind]} ({unit}) – {data['scope_class_name'].iloc[0]}"
    source = source_line(data)
    fig = dvk_figure(data, title=title, unit_label=unit, source=source)
    parts = [f"{r['locality_name']}, {r['indicator_name']} ({_period(r)}): {_value(r)}"
             for _, r in data.sort_values("value", ascending=False).head(5).iterrows()]
    caveats = [f"{_names(g.rows)}: {', '.join(g.rows['indicator_name'].unique())} – số khác loại, đơn vị hoặc "
               "phạm vi, không vẽ cùng biểu đồ." for g in apart]
    if n_areas > MAX_LINES:
        caveats.insert(0, f"{MAX_LINES} địa phương đầu tiên theo thứ tự chữ cái trong {format_number(n_areas)} "
                          "có số liệu.")
    caveats.append("Chỉ số liệu phong trào «Dân vận khéo»; chương trình khác (Chỉ thị 05, thi đua chung) "
                   "không cộng vào.")
    return Slide(key, title, fig, "; ".join(parts) + ".", source, caveats, _ids(data))


def _registry(engine: Engine, key: str, filters: Filters) -> Slide | None:
    models = queries.dvk_models(engine, filters)
    if models.empty:
        return None
    counts = views.registry_counts(models)
    title = CHARTS[key]
    source = "Nguồn: sổ đăng ký mô hình của ứng dụng."
    fig = registry_figure(counts, title=title, source=source)
    per_place = counts.groupby("locality_name")["n"].sum().sort_values(ascending=False)
    takeaway = (f"Sổ đăng ký có {format_number(len(models))} mô hình; nhiều nhất: {per_place.index[0]} "
                f"({format_number(int(per_place.iloc[0]))} mô hình).")
    caveats = ["Đếm từ sổ đăng ký, khác nguồn với số báo cáo tổng hợp: không cộng vào nhau."]
    return Slide(key, title, fig, takeaway, source, caveats)


def _map(engine: Engine, key: str, filters: Filters) -> Slide | None:
    rows = queries.observations(engine, filters, indicator=INDICATORS[key])
    if rows.empty:
        return None
    chosen = select_period(rows, LATEST)
    localities = queries.localities(engine, lineages=tuple(rows["lineage"].unique()))
    gso_of = dict(zip(localities["locality_id"], localities["gso_code"], strict=True))
    focus = queries.localities(engine, focus_only=True)
    districts = focus[focus["level"] == "huyen"]
    districts = districts.sort_values("valid_from").groupby("lineage").tail(1)
    layers = as_was(chosen, gso_of, districts)
    known_points = layers.points.dropna(subset=["value"]) if not layers.points.empty else layers.points
    if layers.values.empty and known_points.empty:
        return None
    first = rows.iloc[0]
    title = f"{first['indicator_name']} – mới nhất của mỗi địa phương"
    source = ". ".join(part for part in (layers.source, geo.attribution()) if part)
    vintage = layers.vintage
    fig = province_map(geo.provinces_geojson(vintage), geo.province_table(vintage), layers.values,
                       title=title, unit_label=first["unit_label"], source=source, view=geo.NATIONAL_VIEW,
                       points=layers.points, labels=geo.map_labels(vintage, zoomed=False))
    drawn = chosen if layers.apart.empty else chosen[~chosen["obs_id"].isin(layers.apart["obs_id"])]
    drawn = drawn[drawn["locality_id"].map(gso_of).isin(layers.values["gso_code"]) | (drawn["level"] == "huyen")]
    parts = [f"{r['locality_name']}: {_value(r)} ({_period(r)})"
             for _, r in drawn.sort_values("value", ascending=False).iterrows()]
    takeaway = f"{len(layers.values)} tỉnh tô màu, {len(known_points)} quận, huyện, thị xã có số liệu"
    takeaway += (" – " + "; ".join(parts) + ".") if parts else "."
    caveats = [f"Ranh giới: {geo.VINTAGES[vintage]}. Tỉnh màu xám: không có số liệu (không phải bằng 0).",
               *layers.notes]
    if not layers.apart.empty:
        for reason, group in layers.apart.groupby("reason", sort=False):
            caveats.append(f"{_names(group)} ({len(group)} số liệu) không tô màu. {reason}")
    return Slide(key, title, fig, takeaway, source, caveats, _ids(drawn))


BUILDERS: dict[str, Builder] = {
    "tong_quan_phu": _coverage,
    "ntm_xa_dat_chuan": _trend,
    "ho_ngheo_xu_huong": _trend,
    "ntm_so_sanh": _compare,
    "ntm_ty_le": _compare,
    "don_thu_so_sanh": _compare,
    "tiep_cong_dan_so_sanh": _compare,
    "ho_so_dung_han": _compare,
    "dvk_khen_thuong": _dvk,
    "dvk_mo_hinh": _dvk,
    "dvk_so_mo_hinh": _registry,
    "ban_do_ntm": _map,
}


def chart_keys(preset_or_keys: str | list[str]) -> list[str]:
    """A preset name or a list of chart keys → chart keys (unknown keys raise ValueError)."""
    keys = PRESETS[preset_or_keys][1] if isinstance(preset_or_keys, str) and preset_or_keys in PRESETS else (
        [preset_or_keys] if isinstance(preset_or_keys, str) else list(preset_or_keys))
    unknown = [k for k in keys if k not in CHARTS]
    if unknown:
        raise ValueError(f"Không có biểu đồ: {', '.join(unknown)}. Có: {', '.join(CHARTS)}.")
    return keys


def build_slides(engine: Engine, chart_keys: list[str], filters: Filters) -> list[Slide]:
    """One slide per chart key that has data, in the given order."""
    slides = []
    for key in chart_keys:
        if key not in BUILDERS:
            raise ValueError(f"Không có biểu đồ: {key}. Có: {', '.join(CHARTS)}.")
        slide = BUILDERS[key](engine, key, filters)
        if slide is not None:
            slides.append(slide)
    return slides


