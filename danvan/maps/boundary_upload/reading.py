"""Read an uploaded GeoJSON or zipped Shapefile into a GeoDataFrame and check its features."""

from __future__ import annotations

import io
import re
import warnings
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import shapely

from danvan.formatting import format_number, nfc
from danvan.maps.boundary_upload import limits
from danvan.maps.boundary_upload.errors import BoundaryUploadError, UploadProblem, _fail, _mb, _short
from danvan.maps.boundary_upload.geometry import _polygonal
from danvan.maps.boundary_upload.zipped_shapefile import _read_zip

_EXPORT_HINT = (
    "Trong QGIS: chuột phải vào lớp → Export → Save Features As… → chọn định dạng GeoJSON, "
    "hệ tọa độ EPSG:4326 - WGS 84."
)
_GEOJSON_EXT = {".geojson", ".json"}
_SHAPEFILE_PARTS = {".shp", ".shx", ".dbf", ".prj", ".cpg", ".sbn", ".sbx", ".qix", ".qmd"}


def _display_name(name: str) -> str:
    base = re.split(r"[\\/]", str(name or "").strip())[-1]
    return nfc(base) or "(không tên)"


def _extension(name: str) -> str:
    return Path(name).suffix.lower()


def read_layer(name: str, data: bytes) -> gpd.GeoDataFrame:
    """Read an uploaded GeoJSON or zipped Shapefile into a GeoDataFrame.

    The CRS is kept as found (GeoJSON without ``crs`` is EPSG:4326); reprojection is done
    by :func:`validate_and_prepare`. Raises :class:`BoundaryUploadError`.
    """
    fname = _display_name(name)
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError("data phải là bytes")
    data = bytes(data)
    ext = _extension(fname)

    if ext in _SHAPEFILE_PARTS:
        _fail(
            fname,
            f"Tệp {ext} chỉ là một phần của Shapefile, không dùng riêng được. Hãy chọn cả các tệp "
            ".shp, .shx, .dbf và .prj cùng tên, nén chúng thành một tệp .zip rồi tải tệp .zip lên.",
        )
    if ext not in _GEOJSON_EXT and ext != ".zip":
        shown = ext or "(không có đuôi)"
        _fail(
            fname,
            f"Định dạng {shown} chưa được hỗ trợ. Chỉ nhận {limits.ACCEPTED_FORMATS_VI}. {_EXPORT_HINT}",
        )
    if not data.strip():
        _fail(fname, "Tệp rỗng (0 byte hoặc không có nội dung). Hãy kiểm tra lại tệp rồi tải lên lần nữa.")
    if len(data) > limits.MAX_UPLOAD_BYTES:
        _fail(
            fname,
            f"Tệp quá lớn ({_mb(len(data))}); giới hạn là {_mb(limits.MAX_UPLOAD_BYTES)}. Hãy đơn giản hóa "
            "ranh giới (QGIS: Vector → Geometry Tools → Simplify, hoặc mapshaper.org) hoặc chỉ giữ "
            "các đơn vị cần thiết rồi tải lại.",
        )

    if ext == ".zip":
        gdf = _read_zip(fname, data)
    else:
        gdf = _read_geojson(fname, data)
    _check_features(fname, gdf)
    return gdf


def _read_geojson(fname: str, data: bytes) -> gpd.GeoDataFrame:
    if data[:4] == b"PK\x03\x04":
        _fail(
            fname,
            "Tệp này thực chất là tệp nén .zip chứ không phải GeoJSON. Hãy đổi đuôi tên tệp "
            "thành .zip (nếu bên trong là Shapefile) hoặc giải nén để lấy tệp GeoJSON.",
        )
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head != b"{":
        _fail(
            fname,
            "Nội dung tệp không phải GeoJSON (tệp GeoJSON phải bắt đầu bằng dấu «{»). Có thể tệp "
            f"bị hỏng khi tải về hoặc chỉ được đổi đuôi tên. {_EXPORT_HINT}",
        )
    depth = _json_depth(data)
    if depth > limits.MAX_JSON_DEPTH:
        _fail(
            fname,
            f"Tệp GeoJSON lồng nhau quá sâu ({format_number(depth)} cấp ngoặc; giới hạn {limits.MAX_JSON_DEPTH} "
            f"cấp), không phải ranh giới bình thường. Hãy xuất lại tệp từ phần mềm bản đồ. {_EXPORT_HINT}",
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            gdf = pyogrio.read_dataframe(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - GDAL raises several unrelated types
        _fail(
            fname,
            "Không đọc được tệp GeoJSON: nội dung bị hỏng hoặc không đúng định dạng. "
            f"Hãy xuất lại tệp từ phần mềm bản đồ. {_EXPORT_HINT} (Chi tiết kỹ thuật: {_short(exc)})",
        )
    if gdf.crs is None:  # GeoJSON (RFC 7946): coordinates are WGS 84 lon/lat
        gdf = gdf.set_crs("EPSG:4326")
    gdf.attrs["boundary_upload"] = {"format": "GeoJSON"}
    return gdf


def _json_depth(data: bytes) -> int:
    """Deepest nesting of «[» and «{» (outside strings) in a JSON text, without parsing it
    (read a megabyte at a time, so a 20 MB file needs a few MB)."""
    text = re.sub(rb'"(?:[^"\\]|\\.)*"', b'""', data)
    deepest = level = 0
    for start in range(0, len(text), 1 << 20):
        raw = np.frombuffer(text, dtype=np.uint8, count=min(1 << 20, len(text) - start), offset=start)
        step = (raw == ord("[")).astype(np.int32) + (raw == ord("{")) - (raw == ord("]")) - (raw == ord("}"))
        depth = np.cumsum(step, dtype=np.int64) + level
        deepest, level = max(deepest, int(depth.max(initial=level))), int(depth[-1]) if len(depth) else level
    return deepest


_GEOM_KIND_VI = {
    "Point": "một điểm",
    "MultiPoint": "nhiều điểm",
    "LineString": "một đường",
    "MultiLineString": "nhiều đường",
    "LinearRing": "một đường khép kín (không phải vùng)",
    "GeometryCollection": "một tập hợp hình không có vùng nào",
}

def _check_features(fname: str, gdf: gpd.GeoDataFrame) -> None:
    n = len(gdf)
    if n == 0:
        _fail(
            fname,
            "Tệp không có đối tượng (vùng) nào. Hãy kiểm tra đã xuất đúng lớp ranh giới chưa.",
        )
    if n > limits.MAX_FEATURES:
        _fail(
            fname,
            f"Tệp có quá nhiều đối tượng ({format_number(n)}); giới hạn là "
            f"{format_number(limits.MAX_FEATURES)}. Hãy chỉ giữ các đơn vị của tỉnh mình (QGIS: chọn "
            "đối tượng → Export → Save Selected Features As…) rồi tải lại.",
        )
    geoms = gdf.geometry.values
    n_vertices = int(shapely.get_num_coordinates(np.asarray(geoms)).sum())
    if n_vertices > limits.MAX_VERTICES:
        _fail(
            fname,
            f"Ranh giới quá chi tiết ({format_number(n_vertices)} đỉnh; giới hạn "
            f"{format_number(limits.MAX_VERTICES)}). Hãy đơn giản hóa trước khi tải lên (QGIS: Vector → "
            "Geometry Tools → Simplify với dung sai khoảng 10–20 m, hoặc mapshaper.org).",
        )
    coords, index = shapely.get_coordinates(np.asarray(geoms), return_index=True)
    bad = np.flatnonzero(~np.isfinite(coords).all(axis=1))
    if len(bad):
        _fail(
            fname,
            "Có tọa độ không phải là số (NaN hoặc vô cực). Hãy sửa hoặc xóa đối tượng này (QGIS: Vector → "
            "Geometry Tools → Check Validity) rồi xuất lại tệp.",
            row=int(index[bad[0]]) + 1,
        )
    empty: list[UploadProblem] = []
    wrong: list[UploadProblem] = []
    for i, geom in enumerate(geoms, start=1):
        if geom is None or geom.is_empty:
            empty.append(
                UploadProblem(
                    fname,
                    i,
                    None,
                    "Đối tượng không có hình (geometry rỗng). Hãy xóa đối tượng này hoặc vẽ lại "
                    "ranh giới của nó rồi xuất lại tệp.",
                )
            )
        elif _polygonal(geom) is None:
            kind = _GEOM_KIND_VI.get(geom.geom_type, geom.geom_type)
            wrong.append(
                UploadProblem(
                    fname,
                    i,
                    None,
                    f"Đối tượng là {kind}, không phải vùng (polygon). Tệp ranh giới phải gồm các vùng "
                    "khép kín; lớp điểm (trụ sở, tâm đơn vị) hay lớp đường (đường ranh giới) không "
                    "dùng được. Hãy chọn lớp vùng (polygon) của đơn vị hành chính.",
                )
            )
    for problems in (empty, wrong):
        if problems:
            raise BoundaryUploadError.from_problems(problems)

