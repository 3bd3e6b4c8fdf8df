"""Uploaded boundary layers: real GeoJSON / zipped Shapefiles written in tmp_path."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import Point, Polygon, box, shape

from danvan.maps.boundary_upload import (
    BoundaryUploadError,
    PreparedLayer,
    limits,
    read_layer,
    validate_and_prepare,
)

# Rough discs around the real centres (lon, lat) of the two units: many vertices, so
# simplification has something to remove.
HOAN_KIEM = Point(105.8555, 21.0273).buffer(0.012, quad_segs=64)
HUONG_TRA = Point(107.5010, 16.4871).buffer(0.08, quad_segs=64)


@pytest.fixture
def localities() -> pd.DataFrame:
    return pd.DataFrame(
        [
            ("ha-noi", "ha-noi", "01", "Thành phố Hà Nội", "Hà Nội", "tinh", None, None, None),
            ("hoan-kiem", "hoan-kiem", "002", "Quận Hoàn Kiếm", "Hoàn Kiếm", "huyen", None, 21.0273, 105.8555),
            (
                "huong-tra-2011", "huong-tra", "480", "Thị xã Hương Trà", "Hương Trà", "huyen",
                "2021-06-30", 16.4871, 107.5010,
            ),
            (
                "huong-tra-2021", "huong-tra", "480", "Thị xã Hương Trà", "Hương Trà", "huyen",
                "2025-06-30", 16.4871, 107.5010,
            ),
            ("hang-bac", "hang-bac", "00037", "Phường Hàng Bạc", "Hàng Bạc", "xa", None, None, None),
        ],
        columns=[
            "locality_id", "lineage", "gso_code", "name_vi", "short_name_vi", "level",
            "valid_to", "lat", "lon",
        ],
    )  # fmt: skip


def _geojson_bytes(gdf: gpd.GeoDataFrame) -> bytes:
    return gdf.to_json(drop_id=True).encode("utf-8")


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _shapefile_members(gdf: gpd.GeoDataFrame, folder: Path, stem: str = "huyen") -> dict[str, bytes]:
    folder.mkdir(parents=True, exist_ok=True)
    gdf.to_file(folder / f"{stem}.shp", engine="pyogrio", encoding="UTF-8")
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _two_districts_by_name() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"ten": ["Quận Hoàn Kiếm", "Thị xã Hương Trà"], "dien_tich": [5.29, 392.3]},
        geometry=[HOAN_KIEM, HUONG_TRA],
        crs="EPSG:4326",
    )


def _two_districts_by_code_utm() -> gpd.GeoDataFrame:
    gdf = gpd.GeoDataFrame(
        {"MA_HUYEN": ["2", "480"], "TEN": ["Hoan Kiem", "Huong Tra"]},
        geometry=[HOAN_KIEM, HUONG_TRA],
        crs="EPSG:4326",
    )
    return gdf.to_crs("EPSG:32648")


def _exteriors(geojson: dict) -> list:
    geom = shape(geojson)
    polys = list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]
    return [p.exterior for p in polys]


def _raises(name: str, data: bytes, *words: str) -> BoundaryUploadError:
    with pytest.raises(BoundaryUploadError) as info:
        read_layer(name, data)
    _assert_words(info.value, words)
    return info.value


def _assert_words(err: BoundaryUploadError, words) -> None:
    text = str(err)
    assert text.startswith("Tệp "), text
    for word in words:
        assert word.casefold() in text.casefold(), f"{word!r} not in {text!r}"


# --------------------------------------------------------------------------
# Valid layers
# --------------------------------------------------------------------------


def test_geojson_matched_by_name(localities):
    data = _geojson_bytes(_two_districts_by_name())
    gdf = read_layer("huyen.geojson", data)
    assert len(gdf) == 2 and gdf.crs.to_epsg() == 4326

    layer = validate_and_prepare(gdf, "huyen.geojson", localities, "huyen")
    assert layer.match_column == "ten"
    assert layer.match_kind == "name"
    assert layer.crs_in == "EPSG:4326"
    assert layer.source_name == "huyen.geojson"
    assert layer.level == "huyen"
    assert layer.unmatched == []
    # Hương Trà exists in two vintages: the later one is chosen, with a note.
    assert layer.locality_ids == ["hoan-kiem", "huong-tra-2021"]
    assert any("huong-tra-2021" in n and "thời kỳ" in n for n in layer.notes)
    assert [f["name"] for f in layer.features] == ["Quận Hoàn Kiếm", "Thị xã Hương Trà"]
    assert [f["row"] for f in layer.features] == [1, 2]
    assert 0 < layer.n_vertices_after < layer.n_vertices_before == 2 * 257
    assert layer.simplify_method == "coverage"

    fc = layer.to_feature_collection()
    assert fc["type"] == "FeatureCollection"
    assert [f["id"] for f in fc["features"]] == ["hoan-kiem", "huong-tra-2021"]
    for feat in fc["features"]:
        geom = shape(feat["geometry"])
        assert geom.is_valid and not geom.is_empty
        for ring in _exteriors(feat["geometry"]):
            assert not ring.is_ccw  # clockwise, as Plotly geo wants
    # Simplification at 20 m keeps the shape.
    hk = shape(fc["features"][0]["geometry"])
    assert abs(hk.area - HOAN_KIEM.area) / HOAN_KIEM.area < 0.01

    restored = PreparedLayer.from_json(layer.to_json())
    assert restored == layer
    json.loads(layer.to_json())  # plain JSON


def test_zipped_shapefile_utm_matched_by_code(localities, tmp_path):
    members = _shapefile_members(_two_districts_by_code_utm(), tmp_path / "shp")
    assert {".shp", ".shx", ".dbf", ".prj"} <= {Path(n).suffix for n in members}
    data = _zip(members)

    gdf = read_layer("huyen.zip", data)
    assert gdf.crs.to_epsg() == 32648
    layer = validate_and_prepare(gdf, "huyen.zip", localities, "huyen")

    assert layer.match_column == "MA_HUYEN"
    assert layer.match_kind == "code"
    assert layer.crs_in == "EPSG:32648"
    assert layer.locality_ids == ["hoan-kiem", "huong-tra-2021"]
    minx, miny, maxx, maxy = layer.bounds()
    assert 102 <= minx < maxx <= 118 and 6 <= miny < maxy <= 24
    expected = (HOAN_KIEM.bounds[0], HUONG_TRA.bounds[1], HUONG_TRA.bounds[2], HOAN_KIEM.bounds[3])
    assert (minx, miny, maxx, maxy) == pytest.approx(expected, abs=1e-3)
    for feat in layer.features:
        for ring in _exteriors(feat["geometry_geojson"]):
            assert not ring.is_ccw
            for x, y in ring.coords:
                assert round(x, 5) == x and round(y, 5) == y  # 5 decimals
    # Position check: the stored lat/lon lie inside the polygons, so no warning.
    assert not any("tọa độ đã lưu" in n for n in layer.notes)


def test_shapefile_in_folder_with_macos_junk_and_no_cpg(localities, tmp_path):
    members = _shapefile_members(_two_districts_by_name(), tmp_path / "shp")
    members.pop("huyen.cpg")  # UTF-8 names without .cpg: read as UTF-8, not Latin-1
    zipped = {f"Ranh gioi/{k}": v for k, v in members.items()}
    zipped["__MACOSX/Ranh gioi/._huyen.shp"] = b"junk"
    gdf = read_layer("Ranh gioi.zip", _zip(zipped))
    assert list(gdf["ten"]) == ["Quận Hoàn Kiếm", "Thị xã Hương Trà"]
    layer = validate_and_prepare(gdf, "Ranh gioi.zip", localities, "huyen")
    assert layer.locality_ids == ["hoan-kiem", "huong-tra-2021"]
    assert any(".cpg" in n and "UTF-8" in n for n in layer.notes)


def test_windows_1258_shapefile_without_cpg(localities, tmp_path):
    folder = tmp_path / "cp1258"
    folder.mkdir()
    # Column name long enough: GDAL's CP1258 writer trims names like "ten" to "te".
    gdf = _two_districts_by_name().rename(columns={"ten": "TEN_HUYEN"})
    gdf.to_file(folder / "huyen.shp", engine="pyogrio", encoding="CP1258")
    members = {p.name: p.read_bytes() for p in folder.iterdir() if p.suffix != ".cpg"}
    assert "Qu\u00e2\u00f2n".encode("cp1252") in members["huyen.dbf"]  # really Windows-1258 bytes
    read = read_layer("huyen.zip", _zip(members))
    assert list(read["TEN_HUYEN"]) == ["Quận Hoàn Kiếm", "Thị xã Hương Trà"]
    layer = validate_and_prepare(read, "huyen.zip", localities, "huyen")
    assert layer.locality_ids == ["hoan-kiem", "huong-tra-2021"]
    assert any("CP1258" in n for n in layer.notes)


def test_overlapping_polygons_simplified_one_by_one(localities):
    gdf = gpd.GeoDataFrame(
        {"ten": ["Hoàn Kiếm", "Hương Trà"]},
        geometry=[HOAN_KIEM, HOAN_KIEM.buffer(0.001)],  # not a clean coverage
        crs=4326,
    )
    layer = validate_and_prepare(gdf, "huyen.geojson", localities, "huyen", simplify_m=50)
    assert layer.simplify_method == "per_feature"
    assert layer.n_vertices_after < layer.n_vertices_before


def test_no_simplification_when_tolerance_is_zero(localities):
    gdf = gpd.GeoDataFrame({"ten": ["Hoàn Kiếm"]}, geometry=[HOAN_KIEM], crs=4326)
    layer = validate_and_prepare(gdf, "huyen.geojson", localities, "huyen", simplify_m=0)
    assert layer.simplify_method == "none"
    assert layer.n_vertices_after == layer.n_vertices_before


def test_code_matching_tolerates_padding_and_numeric_dtypes(localities):
    locs = localities.copy()
    locs["gso_code"] = ["1", "2", "480", "480", "37"]  # leading zeros lost by a CSV reader
    gdf = gpd.GeoDataFrame({"OBJECTID": [7, 8], "ma": [2, 480]}, geometry=[HOAN_KIEM, HUONG_TRA], crs=4326)
    layer = validate_and_prepare(gdf, "x.geojson", locs, "huyen")
    assert layer.match_column == "ma"
    assert [f["source_value"] for f in layer.features] == ["2", "480"]


def test_unmatched_features_are_warnings(localities):
    gdf = gpd.GeoDataFrame(
        {"TEN_HUYEN": ["Q. Hoàn Kiếm", "Huyện Không Có", None]},
        geometry=[HOAN_KIEM, box(106.0, 20.0, 106.1, 20.1), box(106.2, 20.0, 106.3, 20.1)],
        crs=4326,
    )
    layer = validate_and_prepare(gdf, "huyen.geojson", localities, "huyen")
    assert layer.locality_ids == ["hoan-kiem"]
    assert len(layer.unmatched) == 2
    assert "Đối tượng 2" in layer.unmatched[0] and "Huyện Không Có" in layer.unmatched[0]
    assert "Đối tượng 3" in layer.unmatched[1] and "để trống" in layer.unmatched[1]
    assert layer.warnings[:2] == layer.unmatched


def test_far_from_stored_position_gives_a_note(localities):
    # Named Hoàn Kiếm but drawn 100 km away: matched, with a note.
    far = shapely.affinity.translate(HOAN_KIEM, 1.0, 0.0)
    gdf = gpd.GeoDataFrame({"ten": ["Hoàn Kiếm"]}, geometry=[far], crs=4326)
    layer = validate_and_prepare(gdf, "huyen.geojson", localities, "huyen")
    assert any("Đối tượng 1" in n and "km" in n for n in layer.notes)


def test_bowtie_polygon_is_repaired(localities):
    cx, cy = 105.8555, 21.0273
    bowtie = Polygon([(cx - 0.01, cy - 0.01), (cx + 0.01, cy + 0.01), (cx + 0.01, cy - 0.01), (cx - 0.01, cy + 0.01)])
    assert not bowtie.is_valid
    gdf = gpd.GeoDataFrame({"ten": ["Hoàn Kiếm"]}, geometry=[bowtie], crs=4326)
    gdf = read_layer("bowtie.geojson", _geojson_bytes(gdf))
    layer = validate_and_prepare(gdf, "bowtie.geojson", localities, "huyen")
    geom = shape(layer.features[0]["geometry_geojson"])
    assert geom.is_valid and geom.area > 0
    assert geom.geom_type == "MultiPolygon" and len(geom.geoms) == 2
    assert all(not ring.is_ccw for ring in _exteriors(layer.features[0]["geometry_geojson"]))
    assert any("sửa" in n and "1 đối tượng: 1." in n for n in layer.notes)


def test_repair_runs_in_a_child_with_a_time_and_memory_cap():
    import os

    from danvan.maps.boundary_upload.geometry import repair_within_budget

    bowtie = Polygon([(0, 0), (1, 1), (1, 0), (0, 1)])
    fixed = repair_within_budget([bowtie, box(0, 0, 1, 1)], 30, 2 * 1024**3)
    assert [g.is_valid for g in fixed] == [True, True] and fixed[0].area == pytest.approx(0.5)
    assert repair_within_budget([bowtie], 0.0, 2 * 1024**3) is None  # out of time: the child is killed
    turn = np.linspace(0, 2 * np.pi, 4_000_000)
    # 4 million vertices: the repair maps 64 MB blocks, above malloc's mmap threshold, so no freed
    # memory of this process can serve them and the cap applies whatever ran before
    big = shapely.polygons(np.c_[np.cos(turn), np.sin(turn)])
    assert repair_within_budget([big], 30, 1024**2) is None  # out of memory: the child fails, no crash here
    assert len(repair_within_budget([big], 30, 1024**3)) == 1
    assert not _zombie_children(os.getpid())  # every repair child reaped, none left behind


def _zombie_children(pid: int) -> list[int]:
    """Children of ``pid`` that have exited but were never waited for (state Z in /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] == "Z" and int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def test_a_repair_over_its_time_is_refused_with_the_limit(localities, monkeypatch):
    cx, cy = 105.8555, 21.0273
    bowtie = Polygon([(cx - 0.01, cy - 0.01), (cx + 0.01, cy + 0.01), (cx + 0.01, cy - 0.01), (cx - 0.01, cy + 0.01)])
    gdf = read_layer("bowtie.geojson", _geojson_bytes(gpd.GeoDataFrame({"ten": ["Hoàn Kiếm"]}, geometry=[bowtie],
                                                                       crs=4326)))
    monkeypatch.setattr(limits, "MAX_REPAIR_SECONDS", 0.0)
    with pytest.raises(BoundaryUploadError) as caught:
        validate_and_prepare(gdf, "bowtie.geojson", localities, "huyen")
    assert "không xong trong 0 giây" in str(caught.value) and "QGIS" in str(caught.value)


# --------------------------------------------------------------------------
# Bad files: read_layer
# --------------------------------------------------------------------------


def test_empty_file():
    err = _raises("huyen.geojson", b"", "huyen.geojson", "rỗng")
    assert err.row is None and err.file == "huyen.geojson"


def test_unsupported_extension_lists_accepted_formats():
    _raises("ranh_gioi.kml", b"<kml/>", ".kml", "chưa được hỗ trợ", "GeoJSON", ".zip")
    _raises("ranh_gioi.gpkg", b"SQLite format 3", ".gpkg", "chưa được hỗ trợ")


def test_bare_shp_asks_for_a_zip():
    _raises("huyen.shp", b"\x00\x00\x27\x0a", ".shp", ".zip", ".dbf")


def test_corrupt_zip():
    _raises("huyen.zip", b"PK\x03\x04 this is not really a zip file", "không phải tệp nén .zip hợp lệ")


def test_corrupt_geojson():
    _raises("huyen.geojson", b'{"type": "FeatureCollection", "features": [', "Không đọc được", "GeoJSON")
    _raises("huyen.json", b"<html>404</html>", "không phải GeoJSON")


def test_zip_without_shp():
    _raises("huyen.zip", _zip({"doc_ky.txt": b"hello"}), "không có tệp .shp", "doc_ky.txt")


def test_zip_with_two_shp(tmp_path):
    a = _shapefile_members(_two_districts_by_name(), tmp_path / "a", stem="huyen")
    b = _shapefile_members(_two_districts_by_name(), tmp_path / "b", stem="xa")
    _raises("ranh_gioi.zip", _zip({**a, **b}), "2 tệp .shp", "huyen.shp", "xa.shp", "một lớp")


def test_zip_without_prj(tmp_path):
    members = _shapefile_members(_two_districts_by_code_utm(), tmp_path / "shp")
    del members["huyen.prj"]
    _raises("huyen.zip", _zip(members), "huyen.prj", "vì không biết hệ tọa độ")


def test_zip_without_dbf(tmp_path):
    members = _shapefile_members(_two_districts_by_code_utm(), tmp_path / "shp")
    del members["huyen.dbf"]
    _raises("huyen.zip", _zip(members), "thiếu", "huyen.dbf")


def test_zip_slip_member_rejected(tmp_path):
    members = _shapefile_members(_two_districts_by_code_utm(), tmp_path / "shp")
    evil = {("../../" + k if k.endswith(".shp") else k): v for k, v in members.items()}
    _raises("huyen.zip", _zip(evil), "không an toàn", "../../huyen.shp")
    _raises("huyen.zip", _zip({"/etc/huyen.shp": b"x"}), "không an toàn")
    assert not (tmp_path.parent / "huyen.shp").exists()


def test_too_large(monkeypatch):
    monkeypatch.setattr(limits, "MAX_UPLOAD_BYTES", 100)
    _raises("huyen.geojson", b"{" + b" " * 200 + b"}", "quá lớn", "MB")


def test_zip_bomb_uncompressed_too_large(monkeypatch):
    data = _zip({"huyen.shp": b"\0" * 200_000, "huyen.shx": b"", "huyen.dbf": b"", "huyen.prj": b""})
    assert len(data) < 5_000
    monkeypatch.setattr(limits, "MAX_UPLOAD_BYTES", 10_000)
    _raises("huyen.zip", data, "giải nén", "quá lớn")


def test_no_features():
    _raises("huyen.geojson", b'{"type": "FeatureCollection", "features": []}', "không có đối tượng")


def test_too_many_features(monkeypatch):
    monkeypatch.setattr(limits, "MAX_FEATURES", 1)
    _raises("huyen.geojson", _geojson_bytes(_two_districts_by_name()), "quá nhiều đối tượng", "giới hạn là 1")


def test_too_many_vertices(monkeypatch):
    monkeypatch.setattr(limits, "MAX_VERTICES", 100)
    _raises("huyen.geojson", _geojson_bytes(_two_districts_by_name()), "đỉnh", "Simplify")


def test_point_geometries_named_by_feature():
    gdf = gpd.GeoDataFrame(
        {"ten": ["Hoàn Kiếm", "Hương Trà", "Ba Đình"]},
        geometry=[HOAN_KIEM, Point(107.5, 16.48), Point(105.82, 21.03)],
        crs=4326,
    )
    err = _raises("huyen.geojson", _geojson_bytes(gdf), "đối tượng 2", "điểm", "polygon")
    assert err.row == 2
    assert [p.row for p in err.problems] == [2, 3]
    assert "còn 1 đối tượng khác" in str(err)


def test_line_geometry_named_by_feature():
    gdf = gpd.GeoDataFrame({"ten": ["Hoàn Kiếm"]}, geometry=[shapely.LineString(HOAN_KIEM.exterior.coords)], crs=4326)
    err = _raises("huyen.geojson", _geojson_bytes(gdf), "đối tượng 1", "đường")
    assert err.row == 1


def test_null_geometry_named_by_feature():
    fc = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"ten": "Hoàn Kiếm"}, "geometry": shapely.geometry.mapping(HOAN_KIEM)},
            {"type": "Feature", "properties": {"ten": "Hương Trà"}, "geometry": None},
        ],
    }
    err = _raises("huyen.geojson", json.dumps(fc).encode(), "đối tượng 2", "không có hình")
    assert err.row == 2


# --------------------------------------------------------------------------
# Bad layers: validate_and_prepare
# --------------------------------------------------------------------------


def _prepare_raises(gdf, localities, *words, level="huyen", name="huyen.geojson") -> BoundaryUploadError:
    with pytest.raises(BoundaryUploadError) as info:
        validate_and_prepare(gdf, name, localities, level)
    _assert_words(info.value, words)
    return info.value


def test_collapsed_polygon_rejected(localities):
    flat = Polygon([(105.80, 21.00), (105.81, 21.00), (105.82, 21.00), (105.80, 21.00)])
    gdf = gpd.GeoDataFrame({"ten": ["Hoàn Kiếm", "Hương Trà"]}, geometry=[HUONG_TRA, flat], crs=4326)
    err = _prepare_raises(gdf, localities, "đối tượng 2", "không còn vùng nào")
    assert err.row == 2


def test_no_matching_column_lists_columns_and_examples(localities):
    gdf = gpd.GeoDataFrame(
        {"ma": ["A1", "B2"], "ghi_chu": ["ranh giới cũ", "đo năm 2010"]},
        geometry=[HOAN_KIEM, HUONG_TRA],
        crs=4326,
    )
    err = _prepare_raises(
        gdf, localities, "Không tìm thấy cột", "cấp huyện", "«ma»", "«A1»", "«B2»", "«ghi_chu»", "«ranh giới cũ»"
    )
    assert err.column is None and err.row is None


def test_wrong_level_is_hinted(localities):
    gdf = gpd.GeoDataFrame({"ten": ["Phường Hàng Bạc"]}, geometry=[HOAN_KIEM], crs=4326)
    _prepare_raises(gdf, localities, "Không tìm thấy cột", "cấp xã")


def test_duplicate_match_names_both_features(localities):
    gdf = gpd.GeoDataFrame(
        {"ten": ["Hoàn Kiếm", "Hương Trà", "Quận Hoàn Kiếm"]},
        geometry=[HOAN_KIEM, HUONG_TRA, box(105.80, 21.00, 105.81, 21.01)],
        crs=4326,
    )
    err = _prepare_raises(gdf, localities, "đối tượng 1", "cột «ten»", "1 và 3", "Quận Hoàn Kiếm", "Dissolve")
    assert err.row == 1 and err.column == "ten"


def test_mislabelled_crs_outside_vietnam(localities):
    utm = _two_districts_by_code_utm()
    mislabelled = utm.set_crs("EPSG:4326", allow_override=True)  # metres claimed to be degrees
    err = _prepare_raises(mislabelled, localities, "đối tượng 1", "sai hệ tọa độ", "mét")
    assert err.row == 1 and len(err.problems) == 2


def test_swapped_axes_hinted(localities):
    swapped = shapely.transform(HOAN_KIEM, lambda coords: coords[:, ::-1])
    gdf = gpd.GeoDataFrame({"ten": ["Hoàn Kiếm"]}, geometry=[swapped], crs=4326)
    _prepare_raises(gdf, localities, "đối tượng 1", "đổi chỗ")


def test_missing_crs(localities):
    gdf = gpd.GeoDataFrame({"ten": ["Hoàn Kiếm"]}, geometry=[HOAN_KIEM])
    _prepare_raises(gdf, localities, "hệ tọa độ", ".prj")


def test_ambiguous_names_across_units(localities):
    locs = pd.concat(
        [
            localities,
            pd.DataFrame(
                [
                    ("chau-thanh-ag", "chau-thanh-ag", "", "Huyện Châu Thành", "Châu Thành", "huyen"),
                    ("chau-thanh-tv", "chau-thanh-tv", "", "Huyện Châu Thành", "Châu Thành", "huyen"),
                ],
                columns=["locality_id", "lineage", "gso_code", "name_vi", "short_name_vi", "level"],
            ),
        ],
        ignore_index=True,
    )
    gdf = gpd.GeoDataFrame(
        {"ten": ["Hoàn Kiếm", "Châu Thành"]}, geometry=[HOAN_KIEM, box(105.5, 10.0, 105.6, 10.1)], crs=4326
    )
    layer = validate_and_prepare(gdf, "huyen.geojson", locs, "huyen")
    assert layer.locality_ids == ["hoan-kiem"]
    assert "Đối tượng 2" in layer.unmatched[0] and "nhiều đơn vị" in layer.unmatched[0]


def test_error_str_and_attributes():
    err = BoundaryUploadError("huyen.zip", 3, "ma", "mã không hợp lệ.")
    assert str(err) == "Tệp huyen.zip, đối tượng 3, cột «ma»: mã không hợp lệ."
    assert (err.file, err.row, err.column, err.message) == ("huyen.zip", 3, "ma", "mã không hợp lệ.")
    assert isinstance(err, ValueError) and len(err.problems) == 1
