"""Uploading a boundary layer through the map page, as a user would (AppTest), on a
database of its own: a bad file is refused in Vietnamese and nothing is stored; a good
one is previewed, saved, and then drawn instead of the district point."""

from __future__ import annotations

import json
import os

from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from danvan.data.db import get_engine
from danvan.data.models import BoundaryLayer
from tests.apptest_support import add_user, sign_in


def square(lon: float, lat: float, size: float = 0.02) -> list:
    return [[[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]]


def layer(features: list[tuple[str, list]]) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"ten": name}, "geometry": {"type": "Polygon", "coordinates": coords}}
        for name, coords in features]}).encode()


def layers_stored(url: str) -> int:
    with get_engine(url).connect() as conn:
        return conn.execute(select(func.count()).select_from(BoundaryLayer)).scalar_one()


def open_map(app_path: str, root, url: str) -> AppTest:
    at = AppTest.from_file(app_path, default_timeout=60)
    at.run()  # builds the database
    add_user(url, "bien.tap")
    sign_in(at, "bien.tap")
    at.switch_page(str(root / "pages" / "ban_do.py")).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_bad_file_is_refused_and_nothing_stored(own_db, app_path, root) -> None:
    at = open_map(app_path, root, own_db)
    points_only = layer([("Quận Hoàn Kiếm", square(105.84, 21.02))]).replace(b'"Polygon"', b'"Point"')
    at.file_uploader(key="upload_file").upload("huyen.geojson", points_only).run()
    assert not at.exception
    assert any("huyen.geojson" in e.value for e in at.error)
    assert "upload_save" not in [b.key for b in at.button]  # nothing to save
    assert layers_stored(own_db) == 0


def test_good_layer_is_saved_and_replaces_the_point(own_db, app_path, root) -> None:
    at = open_map(app_path, root, own_db)
    good = layer([("Quận Hoàn Kiếm", square(105.84, 21.02)), ("Thị xã Hương Trà", square(107.49, 16.47))])
    at.file_uploader(key="upload_file").upload("huyen_chinh_thuc.geojson", good).run()
    assert not at.exception and not at.error
    assert any("2 đơn vị" in s.value for s in at.success)
    at.button(key="upload_save").click().run()
    assert layers_stored(own_db) == 1
    at.run()
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    spec = next(c for c in charts if "geo" in c["layout"])
    overlay = [t for t in spec["data"] if t["type"] == "choropleth" and "hoan-kiem" in t["locations"]]
    assert overlay, "the uploaded polygons are drawn"
    assert os.environ["DATABASE_URL"] == own_db


def test_viewer_cannot_upload(own_db, app_path, root) -> None:
    at = AppTest.from_file(app_path, default_timeout=60)
    at.run()
    at.switch_page(str(root / "pages" / "ban_do.py")).run()
    assert not at.get("file_uploader")
    assert any("Đăng nhập biên tập" in i.value for i in at.info)
