"""Reproject, repair, check, match and simplify a boundary layer: :func:`validate_and_prepare`."""

from __future__ import annotations

import math
import warnings
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import Point

from danvan.formatting import format_number
from danvan.maps.boundary_upload import limits
from danvan.maps.boundary_upload.errors import BoundaryUploadError, UploadProblem, _fail, _short
from danvan.maps.boundary_upload.geometry import (
    _count_vertices,
    _crs_label,
    _finish,
    _geojson_dict,
    _inside_vietnam,
    _outside_message,
    _polygonal,
    _repair_refusal,
    _simplify,
    repair_within_budget,
)
from danvan.maps.boundary_upload.matching import (
    _build_index,
    _ColumnMatch,
    _locality_label,
    _match_columns,
    _no_match_message,
    _raw_text,
)
from danvan.maps.boundary_upload.prepared_layer import PreparedLayer
from danvan.maps.boundary_upload.reading import _check_features, _display_name
from danvan.vocabulary import LEVEL_TIERS


def validate_and_prepare(
    gdf: gpd.GeoDataFrame,
    name: str,
    localities: pd.DataFrame,
    level: str,
    *,
    simplify_m: float = 20,
) -> PreparedLayer:
    """Reproject, repair, check, match to ``localities`` of ``level`` and simplify.

    ``localities`` needs ``locality_id``, ``name_vi`` and ``level``; ``gso_code``,
    ``short_name_vi``, ``lineage``, ``valid_to``, ``lat`` and ``lon`` are used when present.
    Pass the localities of the boundary vintage the layer represents when you know it;
    when one value matches several vintages of one lineage, the current (or latest)
    vintage is chosen and a note says so.
    """
    fname = _display_name(name)
    _check_arguments(localities, level)
    notes: list[str] = []
    crs_in = _check_source(fname, gdf, notes)
    geoms_in, lonlat = _to_lonlat(fname, gdf, crs_in)
    repaired = _repaired(fname, lonlat, notes)
    _check_inside_vietnam(fname, repaired)
    best, rows = _best_match(fname, gdf, localities, level)
    values = gdf[best.column].tolist()
    by_locality, unmatched = _assign_features(best, rows, values, LEVEL_TIERS[level], notes)
    _refuse_duplicates(fname, best.column, rows, values, by_locality)
    matched = sorted((feats[0], loc) for loc, feats in by_locality.items())
    features, method = _simplified_features(matched, repaired, rows, values, float(simplify_m), notes)

    return PreparedLayer(
        level=level,
        source_name=fname,
        crs_in=crs_in,
        match_column=best.column,
        features=features,
        unmatched=unmatched,
        n_vertices_before=_count_vertices(geoms_in[i - 1] for i, _ in matched),
        n_vertices_after=_count_vertices(shapely.geometry.shape(f["geometry_geojson"]) for f in features),
        match_kind=best.kind,
        n_features_in=len(gdf),
        simplify_m=float(simplify_m),
        simplify_method=method,
        notes=notes,
    )


def _check_arguments(localities: pd.DataFrame, level: str) -> None:
    """A programming error, not the user's: an unknown level or localities without their key columns."""
    if level not in LEVEL_TIERS:
        raise ValueError(f"level phải là một trong {sorted(LEVEL_TIERS)}: {level!r}")
    for col in ("locality_id", "name_vi", "level"):
        if col not in localities.columns:
            raise ValueError(f"localities thiếu cột {col!r}")


def _check_source(fname: str, gdf: gpd.GeoDataFrame, notes: list[str]) -> str:
    """Refuse a layer without a coordinate system or with unusable features; note a guessed
    encoding. Returns the label of the layer's coordinate system."""
    if gdf.crs is None:
        _fail(
            fname,
            "Lớp ranh giới không có thông tin hệ tọa độ nên không thể đặt đúng vị trí trên bản đồ. "
            "Với Shapefile, hãy nén kèm tệp .prj; với GeoJSON, hãy xuất lại ở hệ EPSG:4326 - WGS 84.",
        )
    _check_features(fname, gdf)
    crs_in = _crs_label(gdf.crs)
    info = gdf.attrs.get("boundary_upload", {}) if isinstance(gdf.attrs, dict) else {}
    if info.get("encoding_guess"):
        notes.append(
            f"Shapefile không có tệp .cpg (bảng mã chữ); đã đọc chữ theo bảng mã {info['encoding_guess']}. "
            "Nếu tên hiển thị sai dấu, hãy xuất lại Shapefile với bảng mã UTF-8."
        )
    return crs_in


def _to_lonlat(fname: str, gdf: gpd.GeoDataFrame, crs_in: str) -> tuple[Any, list[Any]]:
    """Step 1: the 2-D geometries as read, and the same reprojected to lon/lat."""
    geoms_in = shapely.force_2d(np.asarray(gdf.geometry.values, dtype=object))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            lonlat = gpd.GeoSeries(geoms_in, crs=gdf.crs).to_crs("EPSG:4326").tolist()
    except Exception as exc:  # noqa: BLE001 - pyproj raises several types
        _fail(
            fname,
            f"Không chuyển được hệ tọa độ {crs_in} sang kinh/vĩ độ WGS 84 ({_short(exc)}). Hãy xuất lại "
            "lớp ở hệ EPSG:4326 - WGS 84.",
        )
    return geoms_in, lonlat


def _repaired(fname: str, lonlat: list[Any], notes: list[str]) -> list[Any]:
    """Step 2: repair invalid polygons (within the time and memory budget), keep polygonal
    parts only; refuse features left with no area."""
    repaired: list[Any] = []
    empty_after: list[UploadProblem] = []
    repaired_rows: list[int] = []
    spent = [0]
    polys = [_polygonal(geom) for geom in lonlat]
    broken = [i for i, poly in enumerate(polys, start=1) if poly is not None and not poly.is_valid]
    for i in broken:
        refusal = _repair_refusal(polys[i - 1], spent)  # before make_valid, whose time grows with the crossings
        if refusal:
            _fail(fname, refusal, row=i)
    fixed = repair_within_budget([polys[i - 1] for i in broken], limits.MAX_REPAIR_SECONDS, limits.MAX_REPAIR_BYTES)
    if fixed is None:
        _fail(fname, f"Sửa các hình bị lỗi (cạnh tự cắt nhau hoặc vòng sai) của {format_number(len(broken))} đối "
                     f"tượng không xong trong {format_number(limits.MAX_REPAIR_SECONDS)} giây. Hãy sửa hình trong "
                     "QGIS (Vector → Geometry Tools → Fix Geometries, rồi Simplify), hoặc chia lớp thành nhiều tệp "
                     "nhỏ hơn rồi tải lại.")
    for i, poly in zip(broken, fixed, strict=True):
        polys[i - 1] = _polygonal(poly)
        if polys[i - 1] is not None:
            repaired_rows.append(i)
    for i, poly in enumerate(polys, start=1):
        if poly is None:
            empty_after.append(
                UploadProblem(
                    fname,
                    i,
                    None,
                    "Hình của đối tượng bị lỗi nặng, sau khi sửa không còn vùng nào (diện tích bằng 0). "
                    "Hãy vẽ lại ranh giới của đối tượng này (QGIS: Vector → Geometry Tools → Fix "
                    "Geometries) rồi xuất lại.",
                )
            )
        repaired.append(poly)
    if empty_after:
        raise BoundaryUploadError.from_problems(empty_after)
    if repaired_rows:
        shown = ", ".join(str(i) for i in repaired_rows[:20]) + (", …" if len(repaired_rows) > 20 else "")
        notes.append(
            f"Đã tự động sửa hình bị lỗi (cạnh tự cắt nhau hoặc vòng sai) của {len(repaired_rows)} "
            f"đối tượng: {shown}."
        )
    return repaired


def _check_inside_vietnam(fname: str, repaired: list[Any]) -> None:
    """Step 3: every feature lies inside Vietnam."""
    outside = [
        UploadProblem(fname, i, None, _outside_message(g))
        for i, g in enumerate(repaired, start=1)
        if not _inside_vietnam(g)
    ]
    if outside:
        raise BoundaryUploadError.from_problems(outside)


def _best_match(fname: str, gdf: gpd.GeoDataFrame, localities: pd.DataFrame,
                level: str) -> tuple[_ColumnMatch, pd.DataFrame]:
    """Step 4: the column that matches the most localities of this level, and those localities."""
    level_vi = LEVEL_TIERS[level]
    locs = localities[localities["level"].astype(str) == level]
    if locs.empty:
        _fail(
            fname,
            f"Dữ liệu chưa có đơn vị {level_vi} nào để ghép ranh giới. Hãy thêm các đơn vị "
            f"{level_vi} vào danh mục địa phương trước.",
        )
    index = _build_index(locs, level)
    candidates = _match_columns(gdf, index, level)
    best = max(candidates, key=_ColumnMatch.score, default=None)
    if best is None or best.n_matched == 0:
        _fail(fname, _no_match_message(gdf, index, localities, level, best))
    return best, index.rows


def _assign_features(best: _ColumnMatch, rows: pd.DataFrame, values: list[Any], level_vi: str,
                     notes: list[str]) -> tuple[dict[int, list[int]], list[str]]:
    """Step 5: the features matched to each locality row, and a warning per unmatched feature."""
    column = best.column
    unmatched: list[str] = []
    by_locality: dict[int, list[int]] = {}
    for i, (value, res) in enumerate(zip(values, best.resolutions, strict=True), start=1):
        shown = _raw_text(value)
        if res.row is not None:
            by_locality.setdefault(res.row, []).append(i)
            if res.vintages:
                chosen = rows.at[res.row, "locality_id"]
                others = ", ".join(str(rows.at[j, "locality_id"]) for j in res.vintages)
                notes.append(
                    f"Đối tượng {i} («{shown}») khớp nhiều thời kỳ của cùng một đơn vị ({others}); "
                    f"đã gán cho thời kỳ hiện hành/gần nhất «{chosen}»."
                )
        elif shown is None:
            unmatched.append(f"Đối tượng {i}: cột «{column}» để trống, không biết là đơn vị nào — bỏ qua.")
        elif res.ambiguous:
            names = ", ".join(_locality_label(rows, j) for j in res.ambiguous[:5])
            unmatched.append(
                f"Đối tượng {i} («{shown}»): trùng tên với nhiều đơn vị ({names}), không biết chọn đơn vị "
                "nào — bỏ qua. Nên dùng cột mã đơn vị (mã Tổng cục Thống kê) để ghép."
            )
        else:
            unmatched.append(
                f"Đối tượng {i} («{shown}»): không có đơn vị {level_vi} nào trong dữ liệu khớp với giá "
                "trị này — bỏ qua (không vẽ)."
            )
    return by_locality, unmatched


def _refuse_duplicates(fname: str, column: str, rows: pd.DataFrame, values: list[Any],
                       by_locality: dict[int, list[int]]) -> None:
    """Step 5, continued: two features matched to one locality are an error."""
    duplicates = [
        UploadProblem(
            fname,
            feats[0],
            column,
            f"Các đối tượng {', '.join(str(f) for f in feats[:-1])} và {feats[-1]} cùng khớp với "
            f"{_locality_label(rows, loc)} (giá trị «{_raw_text(values[feats[0] - 1])}», "
            f"«{_raw_text(values[feats[1] - 1])}»). Mỗi đơn vị chỉ được có một đối tượng: nếu là các "
            "mảnh của cùng một đơn vị (ví dụ đảo), hãy gộp lại (QGIS: Vector → Geoprocessing Tools → "
            "Dissolve theo cột này); nếu nhầm mã hoặc tên, hãy sửa lại.",
        )
        for loc, feats in by_locality.items()
        if len(feats) > 1
    ]
    if duplicates:
        raise BoundaryUploadError.from_problems(duplicates)


def _simplified_features(matched: list[tuple[int, int]], repaired: list[Any], rows: pd.DataFrame,
                         values: list[Any], simplify_m: float,
                         notes: list[str]) -> tuple[list[dict[str, Any]], str]:
    """Step 6: simplify, round and orient each matched feature; returns the features and the
    simplification method used."""
    src = [repaired[i - 1] for i, _ in matched]
    simplified, method = _simplify(src, simplify_m)
    features: list[dict[str, Any]] = []
    for (i, loc), original, simple in zip(matched, src, simplified, strict=True):
        geom = _polygonal(simple) if simple is not None else None
        final = _finish(geom) if geom is not None else None
        if final is None:
            final = _finish(original)
            if final is None:
                final = shapely.orient_polygons(original, exterior_cw=True)
                notes.append(f"Đối tượng {i}: quá nhỏ để làm tròn tọa độ, giữ nguyên hình gốc.")
            else:
                notes.append(f"Đối tượng {i}: quá nhỏ để đơn giản hóa, giữ nguyên hình gốc.")
        features.append(
            {
                "locality_id": str(rows.at[loc, "locality_id"]),
                "name": _raw_text(rows.at[loc, "name_vi"]) or str(rows.at[loc, "locality_id"]),
                "geometry_geojson": _geojson_dict(final),
                "row": i,
                "source_value": _raw_text(values[i - 1]),
            }
        )
        notes.extend(_position_check(rows, loc, i, final))
    return features, method


def _position_check(rows: pd.DataFrame, loc: int, feature: int, geom: Any) -> list[str]:
    """Warn when the locality's stored lat/lon is far (> 5 km) from its matched polygon."""
    if "lat" not in rows.columns or "lon" not in rows.columns:
        return []
    try:
        lat, lon = float(rows.at[loc, "lat"]), float(rows.at[loc, "lon"])
    except (TypeError, ValueError):
        return []
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return []
    dist_deg = geom.distance(Point(lon, lat))
    dist_km = dist_deg * 111.32  # rough, enough for a warning
    if dist_km <= 5:
        return []
    message = (
        f"Đối tượng {feature} được ghép với {_locality_label(rows, loc)} nhưng tọa độ đã lưu của đơn vị "
        f"({format_number(lat, 5)}, {format_number(lon, 5)}) cách vùng này khoảng "
        f"{format_number(dist_km, 0)} km — hãy kiểm tra lại có ghép nhầm đơn vị không."
    )
    return [message]
