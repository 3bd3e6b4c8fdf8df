"""Bản đồ and So sánh in the mode «Các xã, phường của một tỉnh» through AppTest, on a database
of their own with synthetic figures for a few Nghệ An communes (written by the test)."""

from __future__ import annotations

import base64
import json

import numpy as np
from sqlalchemy import event
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from danvan.data.db import get_engine
from danvan.data.loader import build_database
from danvan.settings import ROOT
from tests.apptest_support import open_page
from tests.communes_data import INDICATOR, add_nghe_an_figures


def communes_page(app_path: str, root, url: str, page: str, scope_key: str) -> AppTest:
    engine = get_engine(url)
    build_database(engine, ROOT / "data")
    add_nghe_an_figures(engine)
    at = AppTest.from_file(app_path, default_timeout=120)
    at.run()
    at = open_page(at, root, page)
    at.radio(key=scope_key).set_value("xa").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def values(array: list | dict) -> list:
    """A trace array from a figure's JSON: a list, or a typed array (dtype, base64 bdata)."""
    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"])).tolist()
    return list(array)


def specs(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def test_map_draws_the_130_communes_of_nghe_an(own_db, app_path, root) -> None:
    at = communes_page(app_path, root, own_db, "ban_do", "map_scope")
    at.selectbox(key="map_province_34").set_value("nghe-an").run()
    at.selectbox(key="map_unit_indicator").set_value(INDICATOR).run()
    assert not at.exception, [e.message for e in at.exception]
    spec = next(s for s in specs(at) if "geo" in s["layout"])
    points = [t for t in spec["data"] if t["type"] == "scattergeo"]
    assert sum(len(values(t["lon"])) for t in points) == 130
    coloured = next(t for t in points if "colorbar" in t["marker"])
    assert sorted(values(coloured["marker"]["color"])) == [10, 45, 80, 120, 300]
    grey = next(t for t in points if "colorbar" not in t["marker"])
    assert len(values(grey["lon"])) == 125 and "không có số liệu" in grey["name"].lower()
    outline = [t for t in spec["data"] if t["type"] == "choropleth" and t["locations"] == ["40"]]
    assert outline  # Nghệ An's outline from the 34-province file
    lon = spec["layout"]["geo"]["lonaxis"]["range"]
    assert 102 < lon[0] < 104 and 105.5 < lon[1] < 108  # zoomed to Nghệ An
    assert "Nguồn:" in spec["layout"]["annotations"][0]["text"]
    table = next(d.value for d in at.dataframe if "Xã, phường" in d.value.columns)
    assert len(table) == 130 and (table["Giá trị"] == "không có số liệu").sum() == 123
    assert any("phạm vi khác" in m.value for m in at.markdown)
    assert at.query_params["xem"] == "xa" and at.query_params["tinh"] == "nghe-an"
    assert len(json.dumps(spec)) < 250_000  # points, not polygons: a small payload
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        at.run()  # a warm rerun: every read of the communes mode comes from the cache
    finally:
        event.remove(Engine, "before_cursor_execute", record)
    assert not at.exception and len(statements) == 1 and "dataset_meta" in statements[0], statements


def test_compare_ranks_the_communes_of_nghe_an(own_db, app_path, root) -> None:
    at = communes_page(app_path, root, own_db, "so_sanh", "cmp_scope")
    at.selectbox(key="cmp_province_34").set_value("nghe-an").run()
    at.selectbox(key="cmp_unit_indicator").set_value(INDICATOR).run()
    assert not at.exception, [e.message for e in at.exception]
    bars = next(t for s in specs(at) for t in s["data"] if t["type"] == "bar")
    assert values(bars["x"]) == [10, 45, 80, 120, 300]  # largest on top
    assert any("Vinh Lộc" in y for y in bars["y"][-1:])
    table = next(d.value for d in at.dataframe if "Xã, phường" in d.value.columns)
    assert len(table) == 130 and table["Hạng"].iloc[0] == "1"
    assert any("không phải bằng 0" in c.value for c in at.caption)


def test_trend_of_a_new_province_shows_its_predecessors(app_db, app_path, root) -> None:
    at = AppTest.from_file(app_path, default_timeout=120)
    at.query_params["dia_ban"] = "gia-lai-2025"
    at.run()
    at = open_page(at, root, "xu_huong")
    at.selectbox(key="trend_theme").set_value("nong_thon_moi").run()
    at.selectbox(key="trend_indicator").set_value("ntm_communes_recognized").run()
    assert not at.exception, [e.message for e in at.exception]
    lines = {t.get("name"): t for s in specs(at) for t in s["data"] if t.get("mode") == "lines+markers"}
    assert lines["Gia Lai (đơn vị tiền thân)"]["line"]["dash"] == "dash"
    assert any("Đơn vị mới từ 1/7/2025" in i.value and "Bình Định" in i.value for i in at.info)
