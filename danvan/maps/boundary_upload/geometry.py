"""Geometry steps: polygonal parts, CRS label, Vietnam bounding box, simplification, rounding."""

from __future__ import annotations

import json
import math
import os
import resource
import select
import signal
import time
from collections.abc import Iterable
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS
from shapely.geometry import MultiPolygon, Polygon, mapping

from danvan.formatting import format_number
from danvan.maps.boundary_upload import limits


def _polygonal(geom: Any) -> Polygon | MultiPolygon | None:
    """Polygon/MultiPolygon made of the polygonal parts of ``geom`` (None if there are none)."""
    if geom is None or geom.is_empty:
        return None
    if isinstance(geom, (Polygon, MultiPolygon)):
        return geom
    if not isinstance(geom, shapely.GeometryCollection):
        return None  # points, lines
    polys: list[Polygon] = []
    for part in shapely.get_parts(geom):
        sub = _polygonal(part)
        if isinstance(sub, Polygon):
            polys.append(sub)
        elif isinstance(sub, MultiPolygon):
            polys.extend(sub.geoms)
    if not polys:
        return None
    return polys[0] if len(polys) == 1 else MultiPolygon(polys)


def _crossings(geom: Any, budget: int) -> int:
    """How many pairs of edges of ``geom`` cross each other, counted until ``budget`` is passed
    (a few edges at a time: a 4.000-vertex star has millions of crossings)."""
    edges = []
    for ring in shapely.get_rings(shapely.get_parts(geom)):  # every ring of every polygon
        coords = shapely.get_coordinates(ring)
        if len(coords) > 1:
            edges.append(shapely.linestrings(np.stack([coords[:-1], coords[1:]], axis=1)))
    if not edges:
        return 0
    segments = np.concatenate(edges)
    tree = shapely.STRtree(segments)
    found = 0
    step = 8
    for start in range(0, len(segments), step):
        found += len(tree.query(segments[start:start + step], predicate="crosses")[0])
        if found > 2 * budget:  # each crossing is seen from both edges
            break
    return found // 2


def _repair_refusal(geom: Any, spent: list[int]) -> str | None:
    """Why repairing ``geom`` would take too long (None when it is within budget); ``spent``
    holds the crossings repaired so far in the layer and is increased."""
    n_vertices = int(shapely.get_num_coordinates(geom))
    fix = ("Hãy sửa hình trong QGIS (Vector → Geometry Tools → Fix Geometries, rồi Simplify), hoặc chia lớp thành "
           "nhiều tệp nhỏ hơn rồi tải lại.")
    if n_vertices > limits.MAX_REPAIR_VERTICES:
        return (f"Hình của đối tượng bị lỗi (cạnh tự cắt nhau hoặc vòng sai) và có {format_number(n_vertices)} đỉnh, quá "
                f"giới hạn {format_number(limits.MAX_REPAIR_VERTICES)} đỉnh để tự sửa. {fix}")
    crossings = _crossings(geom, limits.MAX_REPAIR_CROSSINGS)
    if crossings > limits.MAX_REPAIR_CROSSINGS:
        return (f"Hình của đối tượng có các cạnh tự cắt nhau ở hơn {format_number(limits.MAX_REPAIR_CROSSINGS)} chỗ "
                f"(giới hạn {format_number(limits.MAX_REPAIR_CROSSINGS)} chỗ) nên không tự sửa được trong thời gian "
                f"cho phép. {fix}")
    spent[0] += crossings
    if spent[0] > limits.MAX_REPAIR_CROSSINGS_TOTAL:
        return (f"Các hình của lớp có tổng cộng hơn {format_number(limits.MAX_REPAIR_CROSSINGS_TOTAL)} chỗ cạnh tự cắt "
                f"nhau (giới hạn {format_number(limits.MAX_REPAIR_CROSSINGS_TOTAL)} chỗ cho cả tệp), quá nhiều để tự "
                f"sửa. {fix}")
    return None


def _address_space() -> int:
    """This process's virtual size in bytes (what RLIMIT_AS counts); 0 where /proc is missing."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def repair_within_budget(geoms: list[Any], seconds: float, memory_bytes: int) -> list[Any] | None:
    """``shapely.make_valid`` of every geometry, run in a forked child that may map ``memory_bytes``
    more than this process and is killed after ``seconds``: None when it did not finish (a second guard behind the
    crossing budget). Without ``os.fork`` (Windows) the repair runs here, unguarded."""
    if not geoms:
        return []
    if not hasattr(os, "fork"):
        return list(shapely.make_valid(np.array(geoms, dtype=object)))
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: repair, send WKB back, leave without running the parent's exit handlers
        code = 1
        try:
            os.close(read_end)
            cap = _address_space() + memory_bytes  # the parent's mappings (a server's threads…) plus the budget
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
            fixed = shapely.to_wkb(shapely.make_valid(np.array(geoms, dtype=object)))
            payload = b"".join(len(item).to_bytes(8, "little") + item for item in fixed)
            with os.fdopen(write_end, "wb") as out:
                out.write(payload)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    chunks: list[bytes] = []
    deadline = time.monotonic() + seconds
    finished = False
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([read_end], [], [], left)[0]:
                break
            chunk = os.read(read_end, 1 << 20)
            if not chunk:
                finished = True
                break
            chunks.append(chunk)
    finally:
        os.close(read_end)
        if not finished:
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    if not finished or not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
        return None
    data, items, at = b"".join(chunks), [], 0
    while at < len(data):  # length-prefixed WKB, one per geometry
        size = int.from_bytes(data[at:at + 8], "little")
        items.append(data[at + 8:at + 8 + size])
        at += 8 + size
    return list(shapely.from_wkb(np.array(items, dtype=object)))


def _crs_label(crs: CRS) -> str:
    try:
        auth = crs.to_authority(min_confidence=70)
    except Exception:  # noqa: BLE001
        auth = None
    if auth:
        return f"{auth[0]}:{auth[1]}"
    return crs.name or crs.to_string()


def _count_vertices(geoms: Iterable[Any]) -> int:
    arr = np.asarray(list(geoms), dtype=object)
    return int(shapely.get_num_coordinates(arr).sum()) if len(arr) else 0


def _geojson_dict(geom: Any) -> dict[str, Any]:
    # JSON round trip: tuples → lists, numpy floats → float, so the dict is JSON-native.
    return json.loads(json.dumps(mapping(geom)))


def _outside_message(geom: Any) -> str:
    minx, miny, maxx, maxy = geom.bounds
    if not all(math.isfinite(v) for v in (minx, miny, maxx, maxy)):
        return (
            "Tọa độ của đối tượng không chuyển được sang kinh/vĩ độ, có vẻ sai hệ tọa độ. Hãy kiểm tra "
            "tệp .prj (hoặc hệ tọa độ khai báo trong GeoJSON) có đúng hệ của dữ liệu không."
        )
    pt = geom.representative_point()
    where = f"(x = {pt.x:.6g}; y = {pt.y:.6g})"
    lo_lon, lo_lat, hi_lon, hi_lat = limits.VIETNAM_BBOX
    if max(abs(minx), abs(maxx), abs(miny), abs(maxy)) > 1000:
        reason = (
            "Tọa độ là số rất lớn (tính bằng mét) trong khi tệp khai báo là kinh/vĩ độ WGS 84: có vẻ "
            "sai hệ tọa độ — dữ liệu thực ra ở hệ phẳng (VN-2000 hoặc UTM). Hãy sửa tệp .prj cho đúng "
            "(hoặc trong QGIS đặt đúng Layer CRS) rồi xuất lại."
        )
    elif lo_lat <= minx and maxx <= hi_lat and lo_lon <= miny and maxy <= hi_lon:
        reason = (
            "Kinh độ và vĩ độ có vẻ bị đổi chỗ cho nhau (sai hệ tọa độ hoặc sai thứ tự trục). Hãy xuất "
            "lại tệp với thứ tự kinh độ trước, vĩ độ sau (EPSG:4326)."
        )
    else:
        reason = (
            "Vị trí nằm ngoài lãnh thổ Việt Nam (kinh độ 102–118, vĩ độ 6–24): có vẻ sai hệ tọa độ. "
            "Hãy kiểm tra tệp .prj (hoặc hệ tọa độ khai báo khi xuất) có đúng hệ của dữ liệu không; "
            "ranh giới Việt Nam thường ở hệ VN-2000 hoặc WGS 84."
        )
    return f"Sau khi chuyển sang kinh/vĩ độ, đối tượng nằm ở {where}. {reason}"


def _inside_vietnam(geom: Any) -> bool:
    minx, miny, maxx, maxy = geom.bounds
    lo_lon, lo_lat, hi_lon, hi_lat = limits.VIETNAM_BBOX
    values = (minx, miny, maxx, maxy)
    return (
        all(math.isfinite(v) for v in values)
        and lo_lon <= minx
        and maxx <= hi_lon
        and lo_lat <= miny
        and maxy <= hi_lat
    )


def _simplify(geoms: list[Any], tolerance_m: float) -> tuple[list[Any], str]:
    """Simplify EPSG:4326 polygons in a metric (UTM) CRS; returns EPSG:4326 polygons."""
    if tolerance_m <= 0 or not geoms:
        return geoms, "none"
    series = gpd.GeoSeries(geoms, crs="EPSG:4326")
    utm = series.estimate_utm_crs(datum_name="WGS 84")
    metric = np.asarray(series.to_crs(utm).values, dtype=object)
    method = "per_feature"
    simplified = None
    if hasattr(shapely, "coverage_simplify"):
        try:
            if len(metric) == 1 or bool(shapely.coverage_is_valid(metric)):
                simplified = shapely.coverage_simplify(metric, tolerance_m, simplify_boundary=True)
                method = "coverage"
        except Exception:  # noqa: BLE001 - GEOS too old or coverage rejected
            simplified = None
    if simplified is None:
        simplified = shapely.simplify(metric, tolerance_m, preserve_topology=True)
    out = gpd.GeoSeries(simplified, crs=utm).to_crs("EPSG:4326").tolist()
    return out, method


def _finish(geom: Any) -> Polygon | MultiPolygon | None:
    """Round to 5 decimals, keep polygonal parts, clockwise exterior rings."""
    rounded = _polygonal(shapely.set_precision(geom, 10.0**-limits.OUTPUT_DECIMALS))
    if rounded is None or not rounded.is_valid:
        return None
    if hasattr(shapely, "orient_polygons"):
        return shapely.orient_polygons(rounded, exterior_cw=True)
    from shapely.geometry.polygon import orient

    if isinstance(rounded, Polygon):
        return orient(rounded, sign=-1.0)
    return MultiPolygon([orient(p, sign=-1.0) for p in rounded.geoms])
