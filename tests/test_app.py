"""Every page through Streamlit's AppTest, with the shared filters changed as a user would."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest_support import open_page

PAGES = ["tong_quan", "xu_huong", "so_sanh", "ban_do", "dan_van_kheo", "ho_so", "nguon_du_lieu"]




def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
    parts += [w.value for w in at.warning] + [h.value for h in at.subheader] + [h.value for h in at.header]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_with_data(app: AppTest, root, page: str) -> None:
    at = open_page(app, root, page)
    assert at.title[0].value
    charts = at.get("plotly_chart")
    assert charts or at.dataframe, "each page shows a chart or a table"
    assert at.slider(key="f_years").value == (2009, 2025)


def test_overview_follows_year_and_area_filters(app: AppTest, root) -> None:
    at = open_page(app, root, "tong_quan")
    assert "**118** số liệu" in texts(at)  # Trà Vinh, all years
    at.multiselect(key="f_areas").set_value(["tra-vinh"]).run()
    assert [s.value for s in at.subheader] == ["Trà Vinh"]
    assert at.query_params["dia_ban"] == "tra-vinh"
    at.slider(key="f_years").set_value((2018, 2025)).run()
    body = texts(at)
    assert "**118** số liệu" not in body
    assert at.query_params["tu"] == "2018"


def test_level_filter_keeps_only_districts(app: AppTest, root) -> None:
    at = open_page(app, root, "tong_quan")
    at.radio(key="f_level").set_value("huyen").run()
    assert sorted(s.value for s in at.subheader) == ["Hoàn Kiếm", "Hương Trà"]


def test_empty_selection_explains_instead_of_failing(app: AppTest, root) -> None:
    at = open_page(app, root, "xu_huong")
    at.multiselect(key="f_areas").set_value(["gia-lai"]).run()
    at.slider(key="f_years").set_value((2009, 2010)).run()
    assert not at.exception
    assert any("Không có số liệu" in i.value for i in at.info)
    assert not at.get("plotly_chart")


def test_trend_picks_theme_and_indicator(app: AppTest, root) -> None:
    at = open_page(app, root, "xu_huong")
    at.selectbox(key="trend_theme").set_value("nong_thon_moi").run()
    at.selectbox(key="trend_indicator").set_value("ntm_communes_recognized").run()
    assert at.query_params["chi_tieu"] == "ntm_communes_recognized"
    charts = at.get("plotly_chart")
    assert charts
    spec = json.loads(charts[0].proto.spec)
    assert "Xã đạt chuẩn nông thôn mới" in spec["layout"]["title"]["text"]
    names = {trace.get("name") for trace in spec["data"]}
    assert {"Trà Vinh", "Nghệ An", "Gia Lai", "Hương Trà"} <= names


def test_compare_shows_incomparable_figures_apart(app: AppTest, root) -> None:
    at = open_page(app, root, "so_sanh")
    at.selectbox(key="cmp_indicator").set_value("petitions_received").run()
    body = texts(at)
    assert "Không so sánh được – hiển thị riêng" in body
    assert "phạm vi khác" in body or "kỳ báo cáo khác" in body


def test_dvk_page_separates_programmes(app: AppTest, root) -> None:
    at = open_page(app, root, "dan_van_kheo")
    headers = [h.value for h in at.header]
    assert headers[0] == "Phong trào «Dân vận khéo»"
    assert any("Chỉ thị 05" in h for h in headers)
    assert "1 mô hình/cơ quan" in texts(at)  # Gia Lai's target


def test_profile_shows_history_successor_and_rate_checks(app: AppTest, root) -> None:
    at = open_page(app, root, "ho_so")
    at.selectbox(key="profile_lineage").set_value("tra-vinh").run()
    assert at.query_params["don_vi"] == "tra-vinh"
    history = at.dataframe[0].value
    assert "Vĩnh Long" in " ".join(history["Đơn vị kế thừa"])
    assert any("Đơn vị kế thừa" in m.value and "Vĩnh Long" in m.value for m in at.markdown)
    rate_frames = [d.value for d in at.dataframe if "Số tính lại" in d.value.columns]
    assert rate_frames and "0,41%" in set(rate_frames[0]["Số tính lại"])


def test_data_page_search_and_flags(app: AppTest, root) -> None:
    at = open_page(app, root, "nguon_du_lieu")
    full = at.dataframe[0].value
    assert len(full) == 266
    at.text_input(key="data_search").set_value("cau ke").run()
    found = at.dataframe[0].value
    assert 0 < len(found) < 266
    assert all("Cầu Kè" in " ".join(map(str, row)) for row in found.itertuples())
    flagged = next(d.value for d in at.dataframe if "Đánh giá" in d.value.columns)
    assert set(flagged["Đánh giá"]) == {"lệch"}
    assert {"0,04%", "88,9%"} <= set(flagged["Số nguồn nêu"])
    assert len(at.get("download_button")) == 2


def test_url_parameters_open_the_same_view(app_db: str, app_path: str) -> None:
    at = AppTest.from_file(app_path, default_timeout=60)
    at.query_params["tu"] = "2016"
    at.query_params["den"] = "2021"
    at.query_params["dia_ban"] = "nghe-an,tra-vinh"
    at.run()
    assert at.slider(key="f_years").value == (2016, 2021)
    assert at.multiselect(key="f_areas").value == ["nghe-an", "tra-vinh"]


def map_spec(at: AppTest) -> dict:
    return json.loads(next(c for c in at.get("plotly_chart") if "geo" in json.loads(c.proto.spec)["layout"])
                      .proto.spec)


def test_map_colours_provinces_and_marks_missing(app: AppTest, root) -> None:
    at = open_page(app, root, "ban_do")
    at.selectbox(key="map_indicator").set_value("ntm_communes_recognized").run()
    spec = map_spec(at)
    choropleths = [t for t in spec["data"] if t["type"] == "choropleth"]
    drawn = [loc for t in choropleths for loc in t["locations"]]
    assert len(drawn) == 63 and len(set(drawn)) == 63
    coloured = next(t for t in choropleths if t.get("showscale") is not False)
    assert set(coloured["locations"]) == {"84", "40", "64"}  # Trà Vinh, Nghệ An, Gia Lai
    grey = next(t for t in choropleths if t.get("showscale") is False)
    assert all("không có số liệu" in h for h in grey["hovertext"])
    points = next(t for t in spec["data"] if t["type"] == "scattergeo" and t.get("mode") == "markers+text")
    assert any(text.startswith("Hương Trà: 4") for text in points["text"])
    assert at.query_params["chi_tieu"] == "ntm_communes_recognized"


def test_map_2025_view_adds_up_to_34_provinces(app: AppTest, root) -> None:
    at = open_page(app, root, "ban_do")
    at.selectbox(key="map_indicator").set_value("ntm_communes_recognized").run()
    at.radio(key="map_mode").set_value("2025").run()
    spec = map_spec(at)
    drawn = [loc for t in spec["data"] if t["type"] == "choropleth" for loc in t["locations"]]
    assert len(drawn) == 34
    assert any("thiếu số liệu: Bình Định" in c.value for c in at.caption)
    assert at.query_params["ranh_gioi"] == "2025"


def test_map_zoom_preset_frames_the_province(app: AppTest, root) -> None:
    at = open_page(app, root, "ban_do")
    at.selectbox(key="map_view").set_value("84").run()
    lon = map_spec(at)["layout"]["geo"]["lonaxis"]["range"]
    assert 105 < lon[0] < 106.3 < lon[1] < 107.5  # Trà Vinh, not the whole country


def test_trend_boundary_switch_lists_what_cannot_be_added(app: AppTest, root) -> None:
    at = open_page(app, root, "xu_huong")
    at.selectbox(key="trend_theme").set_value("cai_cach_hanh_chinh").run()
    at.selectbox(key="trend_indicator").set_value("dossiers_late_rate").run()
    at.radio(key="trend_mode").set_value("2025").run()
    assert any("Không cộng dồn được" in h.value for h in at.subheader)
    apart = next(d.value for d in at.dataframe if "Lý do" in d.value.columns)
    assert apart["Lý do"].str.contains("tỷ lệ").all()
