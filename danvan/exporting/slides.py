"""The charts a meeting pack can hold, each with a Vietnamese title, a one-line takeaway
computed from the plotted rows, one source line, what the slide says under the chart, the
comparability caveats and the speaker notes (every figure shown, its period and scope).

Built from the same queries and pure chart builders as the pages. A slide puts side by side
only figures of the same indicator, unit, scope class and period length
(:mod:`danvan.reading.comparability`), by default of the latest year every unit has; flows are per
10.000 residents when the population of that year is known. A comparison needs two units
and every slide two points: otherwise the chart gives no slide but one line for the
«Chưa đủ số liệu để so sánh» slide (:class:`Deck`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go
from sqlalchemy.engine import Engine

from danvan.charts import (
    BOUNDARY_EVENTS,
    compare_figure,
    dvk_figure,
    registry_figure,
    trend_figure,
    value_text,
)
from danvan.formatting import format_date, format_number, format_period, vn_sort_key
from danvan.reading import queries
from danvan.reading import tables as views
from danvan.reading.comparability import (
    FLOW_KINDS,
    Group,
    comparable_groups,
    one_level,
    per_10k,
    period_class_label,
    same_period,
)
from danvan.reading.filters import Filters
from danvan.reading.page_data import MAX_BARS, MAX_LINES, areas, first_areas, first_lineages
from danvan.reading.rates import STATUS_MISMATCH, rate_table
from danvan.vocabulary import DVK_KINDS

SHORT_TITLE = 48  # characters of a source title on a slide's source line
LATEST_EACH_LABEL = "Đặt cạnh số mới nhất của mỗi địa phương (khác kỳ)"
NO_SHARED_PERIOD = "các địa phương không có số liệu cùng kỳ"
RAW_COUNT_NOTE = "Số tuyệt đối của các địa phương khác quy mô: không xếp hạng."
PER_10K_UNIT = "{unit}/10.000 dân"


@dataclass
class Slide:
    key: str
    title: str
    figure: go.Figure
    takeaway: str
    source: str  # the one source line: "Nguồn: short title (date); …"
    caveats: list[str]  # every caveat (speaker notes, page preview)
    source_ids: list[str] = field(default_factory=list)
    shown: list[str] = field(default_factory=list)  # the notes printed on the slide (year gap, units without data)
    figures: list[str] = field(default_factory=list)  # one line per figure shown, for the speaker notes
    units: int = 0  # localities drawn
    points: int = 0  # figures drawn


@dataclass
class Deck:
    slides: list[Slide]
    missing: list[str]  # one line per chart left out: what is missing


CHARTS: dict[str, str] = {
    "ntm_xa_dat_chuan": "Số xã đạt chuẩn nông thôn mới qua các năm",
    "ntm_so_sanh": "So sánh số xã đạt chuẩn nông thôn mới (mới nhất)",
    "ntm_ty_le": "So sánh tỷ lệ xã đạt chuẩn nông thôn mới",
    "don_thu_so_sanh": "So sánh số đơn thư tiếp nhận",
    "tiep_cong_dan_so_sanh": "So sánh số lượt tiếp công dân",
    "ho_so_dung_han": "So sánh tỷ lệ hồ sơ giải quyết đúng hạn",
    "ho_ngheo_xu_huong": "Tỷ lệ hộ nghèo qua các năm",
    "dvk_khen_thuong": "Dân vận khéo: khen thưởng, biểu dương",
    "dvk_mo_hinh": "Dân vận khéo: mô hình, điểm sáng theo báo cáo",
    "dvk_so_mo_hinh": "Dân vận khéo: mô hình trong sổ đăng ký",
}

PRESETS: dict[str, tuple[str, list[str]]] = {
    # Dân vận work first (tiếp công dân, đơn thư, hồ sơ của dân, Dân vận khéo); context after it.
    "tong_quan_nam": ("Tổng quan năm", [
        "tiep_cong_dan_so_sanh", "don_thu_so_sanh", "ho_so_dung_han", "dvk_khen_thuong", "ntm_xa_dat_chuan",
        "ntm_so_sanh",
    ]),
    "so_sanh_dia_phuong": ("So sánh địa phương", [
        "tiep_cong_dan_so_sanh", "don_thu_so_sanh", "ho_so_dung_han", "ntm_so_sanh", "ntm_ty_le",
        "ho_ngheo_xu_huong",
    ]),
    "dan_van_kheo": ("Dân vận khéo", ["dvk_khen_thuong", "dvk_mo_hinh", "dvk_so_mo_hinh"]),
}

# chart key -> indicator code, for the charts of one indicator
INDICATORS = {
    "ntm_xa_dat_chuan": "ntm_communes_recognized",
    "ntm_so_sanh": "ntm_communes_recognized",
    "ntm_ty_le": "ntm_communes_recognized_pct",
    "don_thu_so_sanh": "petitions_received",
    "tiep_cong_dan_so_sanh": "citizen_reception_visits",
    "ho_so_dung_han": "dossiers_on_time_rate",
    "ho_ngheo_xu_huong": "poverty_rate",
}
SLIDE_DVK_KINDS = {"dvk_khen_thuong": ("khen_thuong",), "dvk_mo_hinh": ("mo_hinh", "diem_sang")}


# --- words --------------------------------------------------------------------------------

def years_text(filters: Filters) -> str:
    """"2016–2024" or "2024"."""
    return str(filters.year_from) if filters.year_from == filters.year_to else f"{filters.year_from}–{filters.year_to}"


def names_text(names: Sequence[str]) -> str:
    """Distinct names in Vietnamese order, joined by commas (never one name twice)."""
    return ", ".join(sorted(dict.fromkeys(str(n) for n in names), key=vn_sort_key))


def short_title(title: str, limit: int = SHORT_TITLE) -> str:
    """A source title cut at a word before ``limit`` characters, with «…» when cut."""
    title = " ".join(str(title).split())
    if len(title) <= limit:
        return title
    cut = title[:limit].rsplit(" ", 1)[0].rstrip(",;:–- ")
    return cut + "…"


def slide_source_line(rows: pd.DataFrame, extra: Sequence[str] = ()) -> str:
    """"Nguồn: short title (dd/mm/yyyy); …" for the sources of exactly these figures, no URL."""
    parts = []
    if not rows.empty and "source_id" in rows:
        distinct = rows.dropna(subset=["source_id"]).drop_duplicates("source_id")
        limit = SHORT_TITLE if len(distinct) <= 3 else SHORT_TITLE * 2 // 3
        for row in distinct.sort_values("source_id").itertuples(index=False):
            when = format_date(row.published_date)
            title = short_title(row.source_title, limit)
            parts.append(f"{title} ({when})" if when else title)
    parts += [p for p in extra if p]
    return ("Nguồn: " + "; ".join(parts)) if parts else ""


def unit_title(label: str, unit: str) -> str:
    """"Khen thưởng, biểu dương (người)", but "Điểm sáng", never "Điểm sáng (điểm sáng)"."""
    return label if unit.strip().lower() in label.lower() else f"{label} ({unit})"


@dataclass(frozen=True)
class Figure:
    """One figure of a takeaway: who, the value (for ordering), its text, period text and year."""

    name: str
    value: float
    text: str
    period: str
    year: int | None


RANK_WORDS = ("cao nhất", "thấp nhất", "dẫn đầu")


def takeaway_sentence(figures: Sequence[Figure], higher_is_better: bool | None) -> str:
    """The takeaway of a slide.

    Ranking words («cao nhất», «thấp nhất») only when the indicator's direction is known and
    every figure is of the same year; otherwise neutral: «Nghệ An: 8.722 đơn; Trà Vinh: 2.070 đơn
    (năm 2021).». Figures of different years say so in the sentence.
    """
    if not figures:
        return ""
    items = sorted(figures, key=lambda f: (-f.value if higher_is_better is not False else f.value,
                                           vn_sort_key(f.name)))
    if len(items) == 1:
        only = items[0]
        return f"{only.name}: {only.text} ({only.period})." if only.period else f"{only.name}: {only.text}."
    periods = {f.period for f in items}
    years = {f.year for f in items}
    same_year = len(years) == 1 and None not in years
    if len(periods) == 1:
        parts = [f"{f.name}: {f.text}" for f in items]
        tail = f" ({items[0].period})" if items[0].period else ""
    else:
        parts = [f"{f.name}: {f.text} ({f.period})" for f in items]
        tail = ""
    if same_year and higher_is_better is not None:
        word = "cao nhất" if higher_is_better else "thấp nhất"
        parts[0] = parts[0].replace(f"{items[0].name}: ", f"{items[0].name} {word}: ", 1)
        note = " Chỉ tiêu này cao hơn là tốt hơn." if higher_is_better else " Chỉ tiêu này thấp hơn là tốt hơn."
        return "; ".join(parts) + tail + "." + note
    if not same_year:
        known = sorted(y for y in years if y is not None)
        span = f"{known[0]}–{known[-1]}" if len(known) > 1 else ""
        head = f"Số của các năm khác nhau ({span}), không so sánh trực tiếp: " if span else \
            "Số của các kỳ khác nhau, không so sánh trực tiếp: "
        return head + "; ".join(parts) + tail + "."
    return "; ".join(parts) + tail + "."


def _ref(rows: pd.DataFrame) -> pd.Series:
    return rows["period_end"].fillna(rows["period_start"])


def _figures(rows: pd.DataFrame, value_col: str, unit: str) -> list[Figure]:
    out = []
    for _, row in rows.iterrows():
        qualifier = row["qualifier"] if value_col == "value" else "exact"
        decimals = 1 if value_col == "per_10k" else None
        ref = row["period_end"] if pd.notna(row["period_end"]) else row["period_start"]
        out.append(Figure(str(row["locality_name"]), float(row[value_col]),
                          value_text(row[value_col], qualifier, unit, decimals),
                          format_period(row["period_start"], row["period_end"]),
                          int(ref.year) if pd.notna(ref) else None))
    return out


def figure_lines(rows: pd.DataFrame, value_col: str = "value", unit: str | None = None) -> list[str]:
    """Speaker-note lines: locality, value (and per 10.000), period, scope, source."""
    lines = []
    for _, row in rows.sort_values("locality_name", key=lambda s: s.map(vn_sort_key)).iterrows():
        text = value_text(row["value"], row["qualifier"], row["unit_label"])
        if value_col == "per_10k" and pd.notna(row.get("per_10k")):
            text += (f" = {value_text(row['per_10k'], 'exact', unit or '', 1)} "
                     f"(số dân {format_number(row['population'])} năm {int(row['ref_year'])})")
        scope = row.get("scope_vi") or row.get("scope_class_name") or ""
        period = format_period(row["period_start"], row["period_end"]) or "không rõ kỳ"
        when = format_date(row.get("published_date"))
        source = f"{row['source_title']}" + (f" ({when})" if when else "")
        lines.append(f"{row['locality_name']}: {text}; kỳ: {period}; phạm vi: {scope}; nguồn: {source}.")
    return lines


def caveats_for(groups: list[Group]) -> list[str]:
    """One line per group left apart: who, and why it is not drawn."""
    return [f"{names_text(g.rows['locality_name'])} ({len(g.rows)} số liệu) không đưa vào biểu đồ. {g.reason}"
            for g in groups]


def _ids(rows: pd.DataFrame) -> list[str]:
    return sorted(rows["source_id"].dropna().unique().tolist()) if "source_id" in rows else []


def _wanted(engine: Engine, filters: Filters) -> dict[str, str]:
    """lineage -> short name of every unit the pack is about."""
    chosen = areas(engine, filters)
    return dict(zip(chosen["lineage"], chosen["short_name_vi"], strict=True))


def missing_line(name: str, wanted: dict[str, str], present: Sequence[str], filters: Filters,
                 apart: Sequence[str] = (), other_level: Sequence[str] = ()) -> str:
    """One line for a chart left out: «Trà Vinh: không có số liệu “Số đơn thư” trong 2016–2024».

    ``present``: units with comparable figures (too few); ``apart``: units whose figures are of
    another scope or period, or undated; ``other_level``: units of another administrative level."""
    level_lineages = [lin for lin in dict.fromkeys(other_level) if lin not in present]
    odd_lineages = [lin for lin in apart if lin not in present and lin not in level_lineages]
    absent = [wanted[lin] for lin in wanted if lin not in present and lin not in odd_lineages
              and lin not in level_lineages]
    parts = []
    if absent:
        parts.append(f"{names_text(absent)}: không có số liệu “{name}” trong {years_text(filters)}")
    if odd_lineages:
        parts.append(f"{names_text([wanted.get(lin, lin) for lin in odd_lineages])}: số liệu “{name}” khác phạm vi, "
                     "kỳ báo cáo hoặc không nêu kỳ, không so sánh được")
    if level_lineages:
        parts.append(f"{names_text([wanted.get(lin, lin) for lin in level_lineages])}: khác cấp hành chính, "
                     "không đặt cạnh nhau")
    if present:
        parts.append(f"chỉ {names_text([wanted.get(lin, lin) for lin in present])} có số liệu so sánh được")
    if not parts:
        parts.append(f"“{name}”: chưa đủ số liệu để vẽ trong {years_text(filters)}")
    return "; ".join(parts) + "."


def _absent_note(wanted: dict[str, str], present: Sequence[str], filters: Filters) -> str:
    absent = [wanted[lin] for lin in wanted if lin not in present]
    if not absent:
        return ""
    return f"{names_text(absent)}: không có số liệu so sánh được trong {years_text(filters)}."


# --- one builder per kind of chart ----------------------------------------------------------

Builder = Callable[[Engine, str, Filters, bool], "Slide | str | None"]


def _indicator_rows(engine: Engine, code: str, filters: Filters) -> pd.DataFrame:
    return queries.observations(engine, filters, indicator=code, include_undated=True)


def _one_period_class(rows: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Only figures of one period length (a 6-month figure never beside annual ones)."""
    from danvan.reading.comparability import add_period_class

    data = add_period_class(rows)
    if data["period_class"].nunique() <= 1:
        return rows, []
    spread = data.groupby("period_class")["lineage"].nunique()
    best = max(spread.index, key=lambda c: (spread[c], c == "nam", c == "thoi_diem"))
    keep = data["period_class"] == best
    notes = [f"{names_text(g['locality_name'])}: số liệu {period_class_label(c)}, không đặt cạnh số "
             f"{period_class_label(best)}." for c, g in data[~keep].groupby("period_class")]
    return rows[keep.to_numpy()], notes


def common_period(rows: pd.DataFrame) -> tuple[pd.DataFrame, bool]:
    """One figure per locality: of the latest year every locality has (True), else each one's latest."""
    data = rows.assign(_ref=_ref(rows))
    data = data.dropna(subset=["_ref"])
    data["_year"] = data["_ref"].dt.year
    years = [set(g["_year"]) for _, g in data.groupby("lineage")]
    shared = set.intersection(*years) if years else set()
    if shared:
        data = data[data["_year"] == max(shared)]
    chosen = data.sort_values(["_ref", "obs_id"]).groupby("lineage").tail(1)
    return chosen.drop(columns=["_ref", "_year"]), bool(shared)


def year_gap_note(rows: pd.DataFrame) -> str:
    """Visible when the years of the figures side by side differ by more than one."""
    years = _ref(rows).dropna().dt.year
    if years.empty or years.max() - years.min() <= 1:
        return ""
    return (f"Lưu ý: số liệu của các năm {years.min()}–{years.max()} (cách nhau {years.max() - years.min()} "
            "năm), chỉ để tham khảo, không xếp hạng.")


def rate_notes(engine: Engine, rows: pd.DataFrame, filters: Filters) -> list[str]:
    """Stated rates that differ from their recomputation from numerator and denominator."""
    catalogue = queries.catalogue(engine)
    code = rows["indicator_code"].iloc[0]
    entry = catalogue[catalogue["code"] == code]
    if entry.empty or not isinstance(entry["numerator_code"].iloc[0], str) or not entry["numerator_code"].iloc[0]:
        return []
    codes = [code, entry["numerator_code"].iloc[0], entry["denominator_code"].iloc[0]]
    inputs = pd.concat([queries.observations(engine, filters, indicator=c, include_undated=True) for c in codes])
    table = rate_table(inputs, catalogue)
    table = table[(table["status"] == STATUS_MISMATCH) & table["obs_id"].isin(rows["obs_id"])]
    names = dict(zip(rows["obs_id"], rows["locality_name"], strict=True))
    return [f"{names[r.obs_id]}: tỷ lệ nguồn nêu {format_number(r.stated)}%, tính lại từ tử số và mẫu số "
            f"{format_number(r.computed, 2 if abs(r.computed) < 1 else 1)}%." for r in table.itertuples()]


def _compare(engine: Engine, key: str, filters: Filters, latest_each: bool = False) -> Slide | str | None:
    """Figures of one period every locality (or most) has; each one's latest only on request."""
    code = INDICATORS[key]
    wanted = _wanted(engine, filters)
    rows = _indicator_rows(engine, code, filters)
    name = queries.catalogue(engine).set_index("code")["name_vi"].get(code, CHARTS[key])
    if rows.empty:
        return missing_line(name, wanted, [], filters)
    rows = rows.assign(locality_name=rows["lineage"].map(wanted).fillna(rows["locality_name"]))
    groups = comparable_groups(rows)
    main = groups[0]
    name = str(main.rows["indicator_name"].iloc[0])
    apart_lineages = sorted({lin for g in groups[1:] for lin in g.rows["lineage"]})
    if main.key[3] == "khong_ro":
        return missing_line(name, wanted, [], filters, sorted(rows["lineage"].unique()))
    same_level, other_level = one_level(main.rows)  # a thị xã is not set beside provinces
    same_length, length_notes = _one_period_class(same_level)
    left_out = ""
    if latest_each:
        data, shared = common_period(same_length)
    else:
        choice = same_period(same_length)
        data, shared, left_out = _one_per_lineage(choice.rows), True, choice.left_out
        if data["lineage"].nunique() < 2 and same_length["lineage"].nunique() >= 2:
            return (f"“{name}”: {NO_SHARED_PERIOD}, không so sánh được (số mới nhất: "
                    f"{_latest_words(same_length)}).")
    present = sorted(data["lineage"].unique())
    if len(present) < 2:
        return missing_line(name, wanted, present, filters, apart_lineages)
    first = data.iloc[0]
    unit = str(first["unit_label"])
    caveats = caveats_for(groups[1:]) + length_notes
    value_col, shown_unit = "value", unit
    if first["kind"] in FLOW_KINDS:
        with_pop = per_10k(data, queries.population(engine))
        if with_pop["per_10k"].notna().all():
            data, value_col, shown_unit = with_pop, "per_10k", PER_10K_UNIT.format(unit=unit)
        else:
            absent = with_pop[with_pop["per_10k"].isna()]
            caveats.insert(0, "Số tuyệt đối, chưa tính trên 10.000 dân: chưa có số dân "
                           + "; ".join(f"năm {int(r.ref_year)} của {r.locality_name}" for r in absent.itertuples())
                           + ".")
    if first["kind"] == "rate":
        caveats += rate_notes(engine, data, filters)
    n_bars = len(data)
    if n_bars > MAX_BARS:
        ordered = data.sort_values(value_col)
        data = pd.concat([ordered.head(MAX_BARS // 2), ordered.tail(MAX_BARS // 2)])
        caveats.insert(0, f"Vẽ {MAX_BARS // 2} địa phương có số lớn nhất và {MAX_BARS // 2} nhỏ nhất trong "
                          f"{format_number(n_bars)}.")
    if not shared:
        caveats.insert(0, "Không có năm nào mọi địa phương cùng có số liệu: vẽ số mới nhất của mỗi địa phương.")
    periods = {format_period(s, e) for s, e in zip(data["period_start"], data["period_end"], strict=True)}
    # The shared period is in the title, so a comparison never reads like the trend of the same indicator.
    years = {pd.Timestamp(d).year for d in _ref(data)}
    if len(periods) == 1:
        when = f", {next(iter(periods))}"
    elif len(years) == 1:
        when = f", năm {years.pop()}"
    else:
        when = ", số mới nhất của mỗi địa phương"
    title = f"{name} – {main.rows['scope_class_name'].iloc[0]}{when}"
    higher = views.optional_bool(first["higher_is_better"])
    fig = compare_figure(data, title=title, unit_label=shown_unit, source="", value_col=value_col,
                         higher_is_better=higher)
    if len(periods) == 1:  # the period is in the title: bars are named by locality only
        fig.data[0].y = data.dropna(subset=[value_col]).sort_values(value_col)["locality_name"].tolist()
    # Raw counts of units of different sizes are not ranked: only rates and figures per 10.000 dân.
    ranked = first["kind"] == "rate" or value_col == "per_10k"
    takeaway = takeaway_sentence(_figures(data, value_col, shown_unit), higher if ranked else None)
    gap = year_gap_note(data)
    size_note = "" if ranked else RAW_COUNT_NOTE
    if gap and size_note:  # two notes fit on a slide: the size note goes to the speaker notes
        caveats.append(size_note)
    other_kind = set(apart_lineages) | (set(same_level["lineage"]) - set(same_length["lineage"]))
    other_period = sorted(set(same_length["lineage"]) - set(present)) if left_out else []
    not_drawn = _not_drawn(wanted, present, left_out, other_period, other_level, sorted(other_kind), filters)
    shown = [n for n in (not_drawn, gap or size_note) if n]
    return Slide(key, title, fig, takeaway, slide_source_line(data), caveats, _ids(data), shown,
                 figure_lines(data, value_col, shown_unit), len(present), len(data))


def _not_drawn(wanted: dict[str, str], drawn: Sequence[str], left_out: str, other_period: Sequence[str],
               other_level: pd.DataFrame, other_kind: Sequence[str], filters: Filters) -> str:
    """One line naming every chosen locality not on the chart, and why («Không vẽ – khác kỳ: …;
    Hương Trà: khác cấp hành chính; Hoàn Kiếm: không có số liệu trong 2016–2024.»)."""
    parts = [f"khác kỳ: {left_out}"] if left_out else []
    if not other_level.empty:
        parts.append(f"{names_text(other_level['locality_name'])}: khác cấp hành chính")
    named = set(drawn) | set(other_level["lineage"]) | set(other_period)
    odd = [wanted[lin] for lin in wanted if lin not in named and lin in set(other_kind)]
    absent = [wanted[lin] for lin in wanted if lin not in named and lin not in set(other_kind)]
    if odd:
        parts.append(f"{names_text(odd)}: số liệu khác phạm vi hoặc độ dài kỳ")
    if absent:
        parts.append(f"{names_text(absent)}: không có số liệu trong {years_text(filters)}")
    return ("Không vẽ – " + "; ".join(parts) + ".") if parts else ""


def _one_per_lineage(rows: pd.DataFrame) -> pd.DataFrame:
    """The newest figure of each locality (its unit before or after a merger counts once)."""
    return rows.assign(_ref=_ref(rows)).sort_values(["_ref", "obs_id"]).groupby("lineage").tail(1).drop(
        columns="_ref")


def _latest_words(rows: pd.DataFrame) -> str:
    newest = _one_per_lineage(rows)
    return "; ".join(sorted((f"{r.locality_name} ({format_period(r.period_start, r.period_end)})"
                             for r in newest.itertuples()), key=vn_sort_key))


def _trend(engine: Engine, key: str, filters: Filters, latest_each: bool = False) -> Slide | str | None:
    code = INDICATORS[key]
    wanted = _wanted(engine, filters)
    rows = _indicator_rows(engine, code, filters)
    name = queries.catalogue(engine).set_index("code")["name_vi"].get(code, CHARTS[key])
    if rows.empty:
        return missing_line(name, wanted, [], filters)
    groups = comparable_groups(rows, by_period=False)
    main = groups[0]
    name = str(main.rows["indicator_name"].iloc[0])
    apart_lineages = sorted({lin for g in groups[1:] for lin in g.rows["lineage"]})
    if main.key[3] == "khong_ro":
        return missing_line(name, wanted, [], filters, sorted(rows["lineage"].unique()))
    same_level, other_level = one_level(main.rows)  # a thị xã's line is not drawn beside provinces
    if len(same_level) < 2:
        line = missing_line(name, wanted, sorted(same_level["lineage"].unique()), filters, apart_lineages,
                            list(other_level["lineage"].unique()))
        return line[:-1] + " (1 số liệu, không đủ để vẽ xu hướng)."
    data, n_areas = first_lineages(same_level, MAX_LINES)
    first = data.iloc[0]
    unit = str(first["unit_label"])
    title = f"{name} qua các năm – {data['scope_class_name'].iloc[0]}"
    x_range = (pd.Timestamp(filters.year_from, 1, 1).date(), pd.Timestamp(filters.year_to, 12, 31).date())
    fig = trend_figure(data, title=title, unit_label=unit, x_range=x_range, source="", events=())
    latest = data.assign(_ref=_ref(data)).sort_values("_ref").groupby("lineage").tail(1)
    higher = views.optional_bool(first["higher_is_better"])
    takeaway = "Số mới nhất của mỗi địa phương. " + takeaway_sentence(_figures(latest, "value", unit), higher)
    caveats = caveats_for(groups[1:])
    low, high = pd.Timestamp(x_range[0]), pd.Timestamp(x_range[1])
    drawn = set(data["lineage"])
    caveats += [f"Mốc địa giới {label}." for when, label, lineage in BOUNDARY_EVENTS
                if low <= pd.Timestamp(when) <= high and (lineage is None or lineage in drawn)]
    if n_areas > MAX_LINES:
        caveats.insert(0, f"Vẽ {MAX_LINES} địa phương đầu tiên theo thứ tự chữ cái trong {format_number(n_areas)} "
                          "có số liệu.")
    present = sorted(data["lineage"].unique())
    shown = [n for n in (_not_drawn(wanted, present, "", [], other_level, apart_lineages, filters),) if n]
    return Slide(key, title, fig, takeaway, slide_source_line(data), caveats, _ids(data), shown,
                 figure_lines(data), len(present), len(data))


def _dvk(engine: Engine, key: str, filters: Filters, latest_each: bool = False) -> Slide | str | None:
    wanted = _wanted(engine, filters)
    shown_areas, n_areas = first_areas(engine, filters, MAX_LINES, dvk=True)
    counts = queries.dvk_observations(engine, shown_areas)
    counts = counts[(counts["programme"] == "dan_van_kheo") & counts["dvk_kind"].isin(SLIDE_DVK_KINDS[key])]
    label = CHARTS[key]
    if counts.empty:
        return missing_line(label, wanted, [], filters)
    counts = counts.assign(locality_name=counts["lineage"].map(wanted).fillna(counts["locality_name"]))
    # the comparable set (same kind, unit, scope) covering most localities is drawn
    candidates: list[tuple[Group, list[Group]]] = []
    for _, unit_rows in counts.groupby(["dvk_kind", "unit_label"]):
        kind = unit_rows["dvk_kind"].iloc[0]
        groups = comparable_groups(unit_rows.assign(indicator_code=kind), by_period=False)
        candidates.append((groups[0], groups[1:]))
    candidates.sort(key=lambda item: (item[0].lineages, len(item[0].rows)), reverse=True)
    main = candidates[0][0]
    data = main.rows
    present = sorted(data["lineage"].unique())
    apart_lineages = sorted({lin for _, rest in candidates for g in rest for lin in g.rows["lineage"]}
                            | {lin for g, _ in candidates[1:] for lin in g.rows["lineage"]})
    if len(present) < 2:
        return missing_line(label, wanted, present, filters, apart_lineages)
    apart = [g for _, rest in candidates for g in rest] + [g for g, _ in candidates[1:]]
    kind = data["dvk_kind"].iloc[0]
    unit = str(data["unit_label"].iloc[0])
    title = f"{unit_title(DVK_KINDS[kind], unit)} – {data['scope_class_name'].iloc[0]}"
    fig = dvk_figure(data, title=title, unit_label=unit, source="")
    per_place = []
    for place, rows in sorted(data.groupby("locality_name"), key=lambda item: vn_sort_key(item[0])):
        values = ", ".join(f"{value_text(r['value'], r['qualifier'], unit)} ({r['indicator_name']}, {_period(r)})"
                           for _, r in rows.iterrows())
        per_place.append(f"{place}: {values}")
    takeaway = "; ".join(per_place) + "."
    caveats = [f"{names_text(g.rows['locality_name'])}: {', '.join(g.rows['indicator_name'].unique())} – số khác "
               "loại, đơn vị hoặc phạm vi, không vẽ cùng biểu đồ." for g in apart]
    if n_areas > MAX_LINES:
        caveats.insert(0, f"{MAX_LINES} địa phương đầu tiên theo thứ tự chữ cái trong {format_number(n_areas)} "
                          "có số liệu.")
    caveats.append("Chỉ số liệu phong trào «Dân vận khéo»; chương trình khác (Chỉ thị 05, thi đua chung) "
                   "không cộng vào.")
    shown = [n for n in (year_gap_note(data), _absent_note(wanted, present, filters)) if n]
    return Slide(key, title, fig, takeaway, slide_source_line(data), caveats, _ids(data), shown,
                 figure_lines(data), len(present), len(data))


def _period(row: pd.Series) -> str:
    return format_period(row["period_start"], row["period_end"])


def _registry(engine: Engine, key: str, filters: Filters, latest_each: bool = False) -> Slide | str | None:
    wanted = _wanted(engine, filters)
    models = queries.dvk_models(engine, filters)
    label = CHARTS[key]
    present = sorted(models["lineage"].unique()) if not models.empty and "lineage" in models else []
    counts = views.registry_counts(models) if not models.empty else pd.DataFrame()
    places = counts["locality_name"].nunique() if not counts.empty else 0
    if places < 2:
        return missing_line("mô hình trong sổ đăng ký", wanted, present if places else [], filters)
    fig = registry_figure(counts, title=label, source="")
    per_place = counts.groupby("locality_name")["n"].sum()
    takeaway = "Sổ đăng ký: " + "; ".join(f"{place}: {format_number(int(per_place[place]))} mô hình"
                                          for place in sorted(per_place.index, key=vn_sort_key)) + "."
    caveats = ["Đếm từ sổ đăng ký, khác nguồn với số báo cáo tổng hợp: không cộng vào nhau."]
    lines = [f"{r.locality_name}, {r.field_name}: {format_number(int(r.n))} mô hình." for r in counts.itertuples()]
    return Slide(key, label, fig, takeaway, "Nguồn: sổ đăng ký mô hình của ứng dụng", caveats, [], [],
                 lines, places, len(counts))


BUILDERS: dict[str, Builder] = {
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
}


def chart_keys(preset_or_keys: str | list[str]) -> list[str]:
    """A preset name or a list of chart keys → chart keys (unknown keys raise ValueError)."""
    keys = PRESETS[preset_or_keys][1] if isinstance(preset_or_keys, str) and preset_or_keys in PRESETS else (
        [preset_or_keys] if isinstance(preset_or_keys, str) else list(preset_or_keys))
    unknown = [k for k in keys if k not in CHARTS]
    if unknown:
        raise ValueError(f"Không có biểu đồ: {', '.join(unknown)}. Có: {', '.join(CHARTS)}.")
    return keys


def build_deck(engine: Engine, chart_keys: list[str], filters: Filters, *, latest_each: bool = False) -> Deck:
    """One slide per chart key that has enough comparable data, in the given order; one line
    of what is missing for every other chart. ``latest_each``: comparisons put each
    locality's latest figure side by side when no period is shared (asked for by the user)."""
    slides: list[Slide] = []
    missing: list[str] = []
    for key in chart_keys:
        if key not in BUILDERS:
            raise ValueError(f"Không có biểu đồ: {key}. Có: {', '.join(CHARTS)}.")
        result = BUILDERS[key](engine, key, filters, latest_each)
        if isinstance(result, Slide):
            slides.append(result)
        elif result and result not in missing:
            missing.append(result)
    return Deck(slides, missing)


def build_slides(engine: Engine, chart_keys: list[str], filters: Filters, *, latest_each: bool = False
                 ) -> list[Slide]:
    return build_deck(engine, chart_keys, filters, latest_each=latest_each).slides
