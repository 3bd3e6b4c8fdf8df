"""Map layers and map figures (pure): no data is grey, not zero; districts are points;
figures that are not comparable stay off the colour scale; 2025 sums carry their note."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from danvan.maps.figures import NO_DATA, TOPOJSON_CONFIG, commune_map, locator_map, province_map
from danvan.maps.layers import (
    LATEST,
    STATUS_NONE,
    STATUS_VALUE,
    as_was,
    commune_layer,
    overlay_rows,
    select_period,
    to_2025,
)

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


# --- «Các xã, phường của một tỉnh» --------------------------------------------------------------

UNITS = pd.DataFrame([
    {"locality_id": f"xa-{n}", "short_name_vi": name, "level_label_vi": kind, "lat": 18.6 + n / 10,
     "lon": 105.6 + n / 10}
    for n, (name, kind) in enumerate([("Thành Vinh", "phường"), ("Vinh Lộc", "phường"), ("Anh Sơn", "xã"),
                                      ("Con Cuông", "xã"), ("Quỳ Hợp", "xã")])
])


def commune_obs(obs_id, n, value, start="2025-07-01", end="2025-12-31", scope="toan_dia_ban", kind="count"):
    row = obs(obs_id, f"xa-{n}", f"xa-{n}", value, level="xa", scope=scope, start=start, end=end, kind=kind,
              name=UNITS.at[n, "short_name_vi"])
    return row | {"indicator_code": "visits", "indicator_name": "Lượt tiếp dân", "unit": "luot",
                  "unit_label": "lượt", "scope_vi": "toàn xã"}


COMMUNE_FIGURES = pd.DataFrame([
    commune_obs("v0", 0, 120), commune_obs("v1", 1, 300),
    commune_obs("v2", 2, 7, scope="dang_bo_co_quan"),  # narrower scope: apart
    commune_obs("v3", 3, 33, start="2025-10-01"),  # a quarter, not half a year: apart
])
POPULATION = pd.DataFrame({"locality_id": ["xa-0", "xa-1"], "year": [2025, 2025],
                           "period_end": [T("2025-12-31")] * 2, "value": [10_000, 60_000],
                           "source_title": ["Điều tra"] * 2})


def test_every_commune_is_a_point_and_those_without_figure_are_grey_not_zero() -> None:
    layer = commune_layer(UNITS, COMMUNE_FIGURES)
    points = layer.points.set_index("name")
    assert len(points) == 5 and layer.value_col == "value" and layer.unit_label == "lượt"
    assert points.loc["Vinh Lộc", "value"] == 300 and points.loc["Vinh Lộc", "status"] == STATUS_VALUE
    assert pd.isna(points.loc["Quỳ Hợp", "value"]) and points.loc["Quỳ Hợp", "status"] == STATUS_NONE
    assert points.loc["Quỳ Hợp", "value_text"] == NO_DATA and NO_DATA in points.loc["Quỳ Hợp", "hover"]
    assert points.loc["Anh Sơn", "status"] == points.loc["Con Cuông", "status"] == "de_rieng"
    assert pd.isna(points.loc["Anh Sơn", "value"])
    reasons = dict(zip(layer.apart["obs_id"], layer.apart["reason"], strict=True))
    assert "phạm vi khác" in reasons["v2"] and "kỳ báo cáo khác" in reasons["v3"]
    assert "Nguồn: UBND, Báo cáo" in layer.source and layer.scope_name == "Toàn địa bàn"


def test_per_10k_only_when_every_drawn_commune_has_its_population() -> None:
    layer = commune_layer(UNITS, COMMUNE_FIGURES, POPULATION, per_capita=True)
    assert layer.per_capita and layer.value_col == "per_10k" and layer.unit_label == "lượt / 10.000 dân"
    values = dict(zip(layer.points["name"], layer.points["value"], strict=True))
    assert values["Thành Vinh"] == 120 and values["Vinh Lộc"] == 50
    assert layer.points.set_index("name").loc["Vinh Lộc", "value_text"] == "50,0 lượt / 10.000 dân"
    # one commune without population: every value stays as reported, and the note says why
    partial = commune_layer(UNITS, COMMUNE_FIGURES, POPULATION.head(1), per_capita=True)
    assert not partial.per_capita and partial.unit_label == "lượt"
    assert dict(zip(partial.points["name"], partial.points["value"], strict=True))["Vinh Lộc"] == 300
    assert any("chưa có số dân đúng năm" in n and "Vinh Lộc" in n for n in partial.notes)
    # a rate is never per 10.000 residents
    rates = COMMUNE_FIGURES.assign(kind="rate")
    assert not commune_layer(UNITS, rates, POPULATION, per_capita=True).per_capita


def test_commune_layer_without_figures_is_all_grey() -> None:
    layer = commune_layer(UNITS, pd.DataFrame())
    assert (layer.points["status"] == STATUS_NONE).all() and layer.source == ""


def test_commune_map_draws_every_commune_inside_the_province_outline() -> None:
    layer = commune_layer(UNITS, COMMUNE_FIGURES)
    fig = commune_map(GEOJSON, PROVINCES.assign(min_lon=[106, 104, 105], max_lon=[107, 105, 106],
                                                min_lat=[9, 18, 21], max_lat=[10, 19, 22]),
                      "40", layer.points, title="Lượt tiếp dân – các xã, phường của Nghệ An",
                      unit_label=layer.unit_label, source="Nguồn: x", view=((103.5, 106.5), (17.5, 19.5)))
    outlines = [t for t in fig.data if isinstance(t, go.Choropleth)]
    assert [list(t.locations) for t in outlines] == [["40"]]  # neighbours outside the view are left out
    points = [t for t in fig.data if isinstance(t, go.Scattergeo)]
    assert sum(len(t.lon) for t in points) == 5
    grey, coloured = points
    assert NO_DATA in grey.name.lower() and list(grey.text) == ["Anh Sơn", "Con Cuông", "Quỳ Hợp"]
    assert list(coloured.marker.color) == [120, 300] and coloured.marker.colorbar.title.text == "lượt"
    assert "Vinh Lộc: 300" in coloured.text
    assert any("Nguồn: x" in a.text for a in fig.layout.annotations)
    assert list(fig.layout.geo.lonaxis.range) == [103.5, 106.5]


def test_commune_map_frames_the_province_and_names_communes_far_at_sea() -> None:
    far = pd.concat([UNITS, pd.DataFrame([{"locality_id": "xa-ts", "short_name_vi": "Trường Sa",
                                           "level_label_vi": "đặc khu", "lat": 9.7, "lon": 114.4}])],
                    ignore_index=True)
    layer = commune_layer(far, COMMUNE_FIGURES)
    provinces = PROVINCES.assign(min_lon=[106, 104, 105], max_lon=[107, 106, 106], min_lat=[9, 18, 21],
                                 max_lat=[10, 20, 22])
    fig = commune_map(GEOJSON, provinces, "40", layer.points, title="x", unit_label="lượt", source="")
    (lon0, lon1), (lat0, lat1) = fig.layout.geo.lonaxis.range, fig.layout.geo.lataxis.range
    assert lon0 < 104 and 106 < lon1 < 108 and lat0 < 18 and 20 < lat1 < 21  # the province, not the sea
    assert any("Ngoài khung nhìn" in a.text and "Trường Sa" in a.text for a in fig.layout.annotations)
    assert sum(len(t.lon) for t in fig.data if isinstance(t, go.Scattergeo)) == 6  # still drawn
