"""Shape one indicator's figures into map layers: province values, district points, and
the figures that cannot be drawn on the same colour scale (with the reason)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from danvan.charts import source_line, value_text
from danvan.comparability import comparable_groups
from danvan.formatting import format_period
from danvan.reform import aggregate_to_2025, aggregation_note

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
