"""Map layers and map figures (pure): no data is grey, not zero; districts are points;
figures that are not comparable stay off the colour scale; 2025 sums carry their note."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from danvan.map_data import LATEST, as_was, overlay_rows, select_period, to_2025
from danvan.maps import NO_DATA, TOPOJSON_CONFIG, locator_map, province_map

T = pd.Timestamp


def square(x: float, y: float) -> list:
    # clockwise outer ring (Plotly geo's convention)
    return [[[x, y], [x, y + 1], [x + 1, y + 1], [x + 1, y], [x, y]]]


GEOJSON = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "id": code, "properties": {"gso_code": code, "name_vi": name},
     "geometry": {"type": "Polygon", "coordinates": square(x, y)}}
    for code, name, x, y in [("84", "Trà Vinh", 106, 9), ("40", "Nghệ An", 104, 18), ("01", "Hà Nội", 105, 21)]
]}
PROVINCES = pd.DataFrame({"gso_code": ["84", "40", "01"], "name_vi": ["Trà Vinh", "Nghệ An", "Hà Nội"]})
GSO = {"tra-vinh": "84", "nghe-an": "40", "hoan-kiem": "002"}
CROSSWALK = pd.DataFrame([("84", "Trà Vinh", "86", "Vĩnh Long"), ("86", "Vĩnh Long", "86", "Vĩnh Long"),
                          ("40", "Nghệ An", "40", "Nghệ An")],
                         columns=["old_gso_code", "old_name_vi", "new_gso_code", "new_name_vi"])
DISTRICTS = pd.DataFrame([{"lineage": "hoan-kiem", "short_name_vi": "Hoàn Kiếm", "lat": 21.03, "lon": 105.85}])


def obs(obs_id, locality, lineage, value, level="tinh", scope="toan_dia_ban", start="2021-01-01",
        end="2021-12-31", kind="count", name=None):
    return {"obs_id": obs_id, "locality_id": locality, "lineage": lineage, "locality_name": name or locality,
            "level": level, "value": value, "qualifier": "exact", "unit": "don", "unit_label": "đơn",
            "indicator_code": "petitions", "indicator_name": "Đơn thư", "kind": kind, "scope_class": scope,
            "scope_class_name": "Toàn địa bàn" if scope == "toan_dia_ban" else "Khối cơ quan",
            "whole_locality": scope == "toan_dia_ban", "scope_vi": "toàn tỉnh", "source_id": "S1",
            "source_title": "Báo cáo", "source_issuer": "UBND", "published_date": T("2022-01-10"),
            "period_start": T(start) if start else pd.NaT, "period_end": T(end) if end else pd.NaT}


FRAME = pd.DataFrame([
    obs("a", "tra-vinh", "tra-vinh", 2070, start="2017-01-01", end="2017-12-31"),
    obs("b", "nghe-an", "nghe-an", 8722),
    obs("c", "nghe-an", "nghe-an", 39, scope="dang_bo_co_quan"),
    obs("d", "hoan-kiem", "hoan-kiem", 21, level="huyen", name="Hoàn Kiếm"),
])


def test_select_period() -> None:
    assert set(select_period(FRAME, "2017")["obs_id"]) == {"a"}
    latest = select_period(FRAME, LATEST)
    assert set(latest["locality_id"]) == {"tra-vinh", "nghe-an", "hoan-kiem"}


def test_as_was_colours_only_comparable_provinces() -> None:
    layers = as_was(FRAME, GSO, DISTRICTS)
    assert layers.vintage == "63"
    assert dict(zip(layers.values["gso_code"], layers.values["value"], strict=True)) == {"84": 2070, "40": 8722}
    assert set(layers.apart["obs_id"]) == {"c"}
    assert "phạm vi khác" in layers.apart.iloc[0]["reason"]
    point = layers.points.iloc[0]
    assert (point["name"], point["value"]) == ("Hoàn Kiếm", 21)
    assert "Nguồn: UBND, Báo cáo" in layers.source


def test_district_without_figure_is_a_no_data_point() -> None:
    layers = as_was(FRAME[FRAME["level"] == "tinh"], GSO, DISTRICTS)
    assert pd.isna(layers.points.iloc[0]["value"])
    assert NO_DATA in layers.points.iloc[0]["hover"]


def test_to_2025_adds_and_explains() -> None:
    layers = to_2025(FRAME, GSO, CROSSWALK)
    assert layers.vintage == "34"
    values = dict(zip(layers.values["gso_code"], layers.values["value"], strict=True))
    assert values == {"86": 2070, "40": 8722}
    assert any("thiếu số liệu: Vĩnh Long" in n for n in layers.notes)
    reasons = dict(zip(layers.apart["obs_id"], layers.apart["reason"], strict=True))
    assert set(reasons) == {"c", "d"} and "cấp huyện" in reasons["d"]


def test_province_map_draws_every_province_and_no_data_grey() -> None:
    layers = as_was(FRAME, GSO, DISTRICTS)
    fig = province_map(GEOJSON, PROVINCES, layers.values, title="Đơn thư", unit_label="đơn",
                       source="Nguồn: x", view=((103, 108), (8, 23)), points=layers.points,
                       labels=pd.DataFrame([{"lon": 112, "lat": 16.4, "name_vi": "Quần đảo Hoàng Sa"}]))
    grey, coloured, points, labels = fig.data
    assert isinstance(grey, go.Choropleth) and list(grey.locations) == ["01"]
    assert NO_DATA in grey.hovertext[0] and grey.showscale is False
    assert sorted(coloured.locations) == ["40", "84"] and coloured.colorbar.title.text == "đơn"
    assert points.text[0] == "Hoàn Kiếm: 21"
    assert labels.text[0] == "Quần đảo Hoàng Sa"
    assert fig.layout.geo.visible is False and list(fig.layout.geo.lonaxis.range) == [103, 108]
    assert fig.layout.separators == ",."
    assert TOPOJSON_CONFIG["topojsonURL"].startswith("/")


def test_uploaded_polygons_replace_points() -> None:
    layers = as_was(FRAME, GSO, DISTRICTS)
    shapes = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": "hoan-kiem", "properties": {"name": "Hoàn Kiếm"},
         "geometry": {"type": "Polygon", "coordinates": square(105.8, 21.0)}}]}
    rows, covered = overlay_rows(shapes, layers.points, {"hoan-kiem": "hoan-kiem"})
    assert covered == ["hoan-kiem"] and rows.iloc[0]["value"] == 21
    fig = province_map(GEOJSON, PROVINCES, layers.values, title="x", unit_label="đơn", source="",
                       view=((103, 108), (8, 23)), overlay=(shapes, rows))
    assert any(isinstance(t, go.Choropleth) and list(t.locations) == ["hoan-kiem"] for t in fig.data)


def test_locator_map_highlights_one_province() -> None:
    fig = locator_map(GEOJSON, PROVINCES, "40", title="Vị trí", attribution="Ranh giới: x",
                      point=(105.85, 21.03, "Hoàn Kiếm"), view=((103, 108), (8, 23)))
    coloured = [t for t in fig.data if isinstance(t, go.Choropleth) and list(t.locations) == ["40"]]
    assert coloured and coloured[0].showscale is False
