"""Boundary files in geo/ (63 provinces before 1/7/2025, 34 from 1/7/2025) and map views."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import pandas as pd

from danvan.settings import ROOT

GEO_DIR = ROOT / "geo"
VINTAGES = {"63": "63 tỉnh, thành phố (ranh giới trước 1/7/2025)",
            "34": "34 tỉnh, thành phố (ranh giới từ 1/7/2025)"}
REFORM_DATE = pd.Timestamp("2025-07-01")
NATIONAL_VIEW = ((101.8, 118.2), (6.2, 23.7))  # mainland plus Hoàng Sa and Trường Sa


@lru_cache(maxsize=2)
def provinces_geojson(vintage: str) -> dict[str, Any]:
    with open(GEO_DIR / f"vn_provinces_{vintage}.geojson", encoding="utf-8") as handle:
        return json.load(handle)


@lru_cache(maxsize=2)
def province_table(vintage: str) -> pd.DataFrame:
    """gso_code, name_vi, name_full, area_km2, label_lon, label_lat, bounds of each province."""
    table = pd.read_csv(GEO_DIR / f"vn_provinces_{vintage}.csv", dtype={"gso_code": str})
    bounds = {f["properties"]["gso_code"]: _bounds(f["geometry"]) for f in provinces_geojson(vintage)["features"]}
    table[["min_lon", "min_lat", "max_lon", "max_lat"]] = [bounds[c] for c in table["gso_code"]]
    return table


@lru_cache(maxsize=1)
def archipelagos() -> pd.DataFrame:
    return pd.read_csv(GEO_DIR / "archipelagos.csv", dtype={"parent_gso_code": str})


@lru_cache(maxsize=1)
def attribution() -> str:
    return (GEO_DIR / "ATTRIBUTION.txt").read_text(encoding="utf-8").splitlines()[0].strip()


def _coords(geometry: dict[str, Any]) -> list[tuple[float, float]]:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [tuple(point) for polygon in polygons for ring in polygon for point in ring]


def _bounds(geometry: dict[str, Any], mainland_only: bool = True) -> tuple[float, float, float, float]:
    """Bounds of the largest polygon (so Đà Nẵng's view is not stretched to Hoàng Sa)."""
    if geometry["type"] == "MultiPolygon" and mainland_only:
        largest = max(geometry["coordinates"], key=lambda polygon: len(polygon[0]))
        points = [tuple(p) for ring in largest for p in ring]
    else:
        points = _coords(geometry)
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return (min(lons), min(lats), max(lons), max(lats))


def view_for(vintage: str, gso_code: str | None, pad: float = 0.35) -> tuple[tuple[float, float], tuple[float, float]]:
    """Longitude and latitude ranges framing one province (or the whole country)."""
    if not gso_code:
        return NATIONAL_VIEW
    row = province_table(vintage).set_index("gso_code").loc[gso_code]
    width = max(row["max_lon"] - row["min_lon"], row["max_lat"] - row["min_lat"]) / 2 + pad
    lon, lat = (row["max_lon"] + row["min_lon"]) / 2, (row["max_lat"] + row["min_lat"]) / 2
    return ((lon - width * 1.4, lon + width * 1.4), (lat - width, lat + width))


def vintage_for(dates: pd.Series) -> str:
    """The boundary vintage figures dated ``dates`` belong to (all before the reform → 63)."""
    dated = dates.dropna()
    return "34" if len(dated) and (dated >= REFORM_DATE).all() else "63"


def map_labels(vintage: str, *, zoomed: bool) -> pd.DataFrame:
    """Text labels: the archipelagos always; province names too when zoomed in."""
    labels = archipelagos()[["lon", "lat", "name_vi"]]
    if zoomed:
        provinces = province_table(vintage).rename(columns={"label_lon": "lon", "label_lat": "lat"})
        labels = pd.concat([labels, provinces[["lon", "lat", "name_vi"]]], ignore_index=True)
    return labels
