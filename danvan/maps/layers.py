"""Shape one indicator's figures into map layers: province values, district points, and
the figures that cannot be drawn on the same colour scale (with the reason)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from danvan.charts import source_line, value_text
from danvan.formatting import format_period, vn_sort_key
from danvan.reading.comparability import comparable_groups
from danvan.reading.reform import aggregate_to_2025, aggregation_note

LATEST = "moi_nhat"
POINT_COLUMNS = ["lon", "lat", "name", "value", "hover", "lineage"]


@dataclass
class MapLayers:
    vintage: str  # "63" or "34"
    values: pd.DataFrame  # gso_code, value, hover
    points: pd.DataFrame  # lon, lat, name, value, hover
    apart: pd.DataFrame  # observations not drawn, with reason
    source: str
    notes: list[str] = field(default_factory=list)


def reference_year(frame: pd.DataFrame) -> pd.Series:
    return frame["period_end"].fillna(frame["period_start"]).dt.year


def select_period(frame: pd.DataFrame, year: str) -> pd.DataFrame:
    """``moi_nhat``: each locality vintage's latest figure of each scope class (so a
    whole-province figure is not pushed out by a newer one of a single agency); else the
    figures of that year."""
    if year == LATEST:
        ref = frame["period_end"].fillna(frame["period_start"])
        latest = frame.assign(_r=ref).sort_values("_r").groupby(["locality_id", "scope_class"]).tail(1)
        return latest.drop(columns="_r")
    return frame[reference_year(frame) == int(year)]


def _hover(row: pd.Series, extra: str = "") -> str:
    return (f"<b>{row['locality_name']}</b><br>{value_text(row['value'], row['qualifier'], row['unit_label'])}"
            f"<br>Kỳ: {format_period(row['period_start'], row['period_end'])}<br>Phạm vi: {row['scope_vi']}"
            f"<br>Nguồn: {row['source_title']}{extra}")


def _district_points(rows: pd.DataFrame, districts: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every focus district as a point; value where a comparable figure exists."""
    apart = []
    chosen = pd.DataFrame(columns=rows.columns)
    if not rows.empty:
        groups = comparable_groups(rows)
        chosen = groups[0].rows
        apart = [g.rows.assign(reason=g.reason) for g in groups[1:]]
    # the last figure of each lineage, looked up by name (one pass, not one search per district)
    last = {r["lineage"]: r for r in chosen.groupby("lineage", sort=False).tail(1).to_dict("records")}
    points = []
    for row in districts.itertuples():
        if pd.isna(row.lat) or pd.isna(row.lon):
            continue
        hit = last.get(row.lineage)
        if hit is not None:
            points.append({"lon": row.lon, "lat": row.lat, "name": row.short_name_vi, "value": hit["value"],
                           "hover": _hover(hit), "lineage": row.lineage})
        else:
            points.append({"lon": row.lon, "lat": row.lat, "name": row.short_name_vi, "value": None,
                           "hover": f"<b>{row.short_name_vi}</b><br>không có số liệu", "lineage": row.lineage})
    apart_frame = pd.concat(apart) if apart else pd.DataFrame()
    return pd.DataFrame(points, columns=POINT_COLUMNS), apart_frame


def overlay_rows(shapes: dict, points: pd.DataFrame,
                 lineage_of: dict[str, str]) -> tuple[pd.DataFrame, list[str]]:
    """Values for the polygons of an uploaded layer (feature id = locality_id), taken from
    the district points; returns the rows and the lineages the layer covers."""
    by_lineage = points.set_index("lineage") if not points.empty else pd.DataFrame()
    rows, covered = [], []
    for feature in shapes["features"]:
        lineage = lineage_of.get(feature["id"], feature["id"])
        name = feature.get("properties", {}).get("name", feature["id"])
        covered.append(lineage)
        if not by_lineage.empty and lineage in by_lineage.index:
            hit = by_lineage.loc[lineage]
            rows.append({"id": feature["id"], "value": hit["value"], "hover": hit["hover"]})
        else:
            rows.append({"id": feature["id"], "value": None, "hover": f"<b>{name}</b><br>không có số liệu"})
    return pd.DataFrame(rows, columns=["id", "value", "hover"]), covered


def as_was(frame: pd.DataFrame, gso_of: dict[str, str], districts: pd.DataFrame) -> MapLayers:
    """Figures on the units as they were (63 provinces; districts as points)."""
    provinces = frame[frame["level"] == "tinh"]
    values = pd.DataFrame(columns=["gso_code", "value", "hover"])
    apart: list[pd.DataFrame] = []
    notes = []
    if not provinces.empty:
        groups = comparable_groups(provinces)
        main = groups[0].rows.sort_values("period_end").groupby("locality_id").tail(1)
        values = pd.DataFrame({"gso_code": main["locality_id"].map(gso_of), "value": main["value"],
                               "hover": [_hover(r) for _, r in main.iterrows()]})
        apart += [g.rows.assign(reason=g.reason) for g in groups[1:]]
        notes.append(f"Màu tỉnh: {groups[0].rows['scope_class_name'].iloc[0]}.")
    points, district_apart = _district_points(frame[frame["level"] == "huyen"], districts)
    if not district_apart.empty:
        apart.append(district_apart)
    drawn = frame[~frame["obs_id"].isin(pd.concat(apart)["obs_id"])] if apart else frame
    return MapLayers("63", values, points, pd.concat(apart) if apart else pd.DataFrame(),
                     source_line(drawn), notes)


def to_2025(frame: pd.DataFrame, gso_of: dict[str, str], crosswalk: pd.DataFrame) -> MapLayers:
    """Summable whole-province figures added up to the 34 provinces of 1/7/2025."""
    added, apart = aggregate_to_2025(frame, crosswalk, gso_of)
    values = pd.DataFrame(columns=["gso_code", "value", "hover"])
    notes = []
    if not added.empty:
        latest = added.sort_values("period_end").groupby("new_gso_code").tail(1)
        hover = [
            f"<b>{r['new_name_vi']}</b><br>{value_text(r['value'], r['qualifier'], r['unit_label'])}"
            f"<br>Kỳ: {format_period(r['period_start'], r['period_end'])}<br>{aggregation_note(r)}"
            for _, r in latest.iterrows()
        ]
        values = pd.DataFrame({"gso_code": latest["new_gso_code"], "value": latest["value"], "hover": hover})
        notes = [aggregation_note(r) for _, r in latest.iterrows()]
    used = frame[frame["obs_id"].isin({o for ids in added["obs_ids"] for o in ids})] if not added.empty else frame
    empty_points = pd.DataFrame(columns=POINT_COLUMNS)
    return MapLayers("34", values, empty_points, apart, source_line(used), notes)


# --- «Các xã, phường của một tỉnh»: every commune of one province as a point ------------------

STATUS_VALUE, STATUS_APART, STATUS_NONE = "co_so_lieu", "de_rieng", "khong_co"
STATUS_LABELS = {STATUS_VALUE: "có số liệu", STATUS_APART: "không so sánh được (xem dưới)",
                 STATUS_NONE: "không có số liệu"}
COMMUNE_COLUMNS = ["locality_id", "name", "level_label", "lon", "lat", "value", "raw_text", "value_text",
                   "period", "source", "status", "hover"]
PER_10K_UNIT = "{unit} / 10.000 dân"


@dataclass
class CommuneLayer:
    points: pd.DataFrame  # one row per commune (COMMUNE_COLUMNS); value NaN unless status is «có số liệu»
    drawn: pd.DataFrame  # the figures drawn, one per commune (observation rows; per_10k when used)
    apart: pd.DataFrame  # figures of these communes not on the same scale, with ``reason``
    value_col: str  # "value" or "per_10k"
    unit_label: str  # the unit of the drawn values («… / 10.000 dân» when per 10.000 residents)
    per_capita: bool
    scope_name: str
    source: str
    notes: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)  # communes without a point in the catalogue


def _per_capita_kind(kind: str) -> bool:
    from danvan.reading.comparability import FLOW_KINDS

    return kind in FLOW_KINDS or kind == "stock"


def commune_layer(units: pd.DataFrame, rows: pd.DataFrame, population: pd.DataFrame | None = None, *,
                  per_capita: bool = False) -> CommuneLayer:
    """Every commune of ``units`` (locality_id, short_name_vi, level_label_vi, lat, lon) as a
    point, valued from the main comparable group of ``rows`` (one indicator's figures at these
    communes, already narrowed to one period: select_period). A commune without a figure keeps
    no value (drawn grey, «không có số liệu», never 0); figures of the other groups are listed
    apart with the reason. With ``per_capita`` the values are per 10.000 residents only when the
    indicator is a count, amount or stock and every drawn figure has the population of its
    year (comparability.per_10k); otherwise every value stays as reported, and a note says why:
    per-10.000 and raw values are never put on one scale."""
    from danvan.reading.comparability import per_10k

    drawn = rows.iloc[0:0].copy()
    apart_parts: list[pd.DataFrame] = []
    scope_name, notes = "", []
    if not rows.empty:
        groups = comparable_groups(rows)
        main = groups[0].rows
        drawn = main.sort_values(["period_end", "obs_id"]).groupby("locality_id").tail(1)
        if len(drawn) < len(main):
            notes.append("Xã, phường có nhiều số liệu trong kỳ: vẽ số của kỳ kết thúc muộn nhất.")
        apart_parts = [g.rows.assign(reason=g.reason) for g in groups[1:]]
        scope_name = str(main["scope_class_name"].iloc[0])
    unit = str(rows["unit_label"].iloc[0]) if not rows.empty else ""
    value_col, unit_label, used_per_capita = "value", unit, False
    if per_capita and not drawn.empty:
        if not _per_capita_kind(str(drawn["kind"].iloc[0])):
            notes.append("Số liệu như nguồn nêu: tỷ lệ, số đo, chỉ tiêu đề ra không tính trên 10.000 dân.")
        else:
            pop = population if population is not None else pd.DataFrame(
                columns=["locality_id", "year", "period_end", "value", "source_title"])
            with_pop = per_10k(drawn, pop)
            absent = with_pop[with_pop["per_10k"].isna()]
            if absent.empty:
                drawn, value_col, unit_label, used_per_capita = (
                    with_pop, "per_10k", PER_10K_UNIT.format(unit=unit), True)
            else:
                names = sorted(absent["locality_name"].unique(), key=vn_sort_key)
                shown = ", ".join(names[:8]) + (f" và {len(names) - 8} xã, phường khác" if len(names) > 8 else "")
                notes.append(f"Số tuyệt đối, không tính trên 10.000 dân: chưa có số dân đúng năm của "
                             f"{len(absent)}/{len(drawn)} xã, phường có số liệu ({shown}). Không đặt số tính "
                             "trên 10.000 dân cạnh số tuyệt đối.")
    apart = pd.concat(apart_parts) if apart_parts else pd.DataFrame()
    by_id = {r["locality_id"]: r for r in drawn.to_dict("records")}
    apart_ids = set(apart["locality_id"]) if not apart.empty else set()
    points, unplaced = [], []
    for unit_row in units.itertuples():
        name = str(unit_row.short_name_vi)
        kind = str(unit_row.level_label_vi or "")
        kind = kind[:1].upper() + kind[1:]
        if pd.isna(unit_row.lat) or pd.isna(unit_row.lon):
            unplaced.append(name)
            continue
        hit = by_id.get(unit_row.locality_id)
        base = {"locality_id": unit_row.locality_id, "name": name, "level_label": unit_row.level_label_vi,
                "lon": float(unit_row.lon), "lat": float(unit_row.lat)}
        if hit is not None:
            raw = value_text(hit["value"], hit["qualifier"], hit["unit_label"])
            shown = (value_text(hit["per_10k"], "exact", unit_label, 1) if used_per_capita else raw)
            period = format_period(hit["period_start"], hit["period_end"])
            extra = f" ({shown})" if used_per_capita else ""
            hover = (f"<b>{kind} {name}</b><br>{raw}{extra}<br>Kỳ: {period}"
                     f"<br>Phạm vi: {hit['scope_vi']}<br>Nguồn: {hit['source_title']}")
            points.append(base | {"value": float(hit[value_col]), "raw_text": raw, "value_text": shown,
                                  "period": period, "source": hit["source_title"], "status": STATUS_VALUE,
                                  "hover": hover})
        else:
            status = STATUS_APART if unit_row.locality_id in apart_ids else STATUS_NONE
            points.append(base | {"value": float("nan"), "raw_text": STATUS_LABELS[status],
                                  "value_text": STATUS_LABELS[status], "period": "", "source": "",
                                  "status": status,
                                  "hover": f"<b>{kind} {name}</b><br>{STATUS_LABELS[status]}"})
    return CommuneLayer(pd.DataFrame(points, columns=COMMUNE_COLUMNS), drawn, apart, value_col, unit_label,
                        used_per_capita, scope_name, source_line(drawn), notes, unplaced)
