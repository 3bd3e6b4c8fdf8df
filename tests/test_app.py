"""Every page through Streamlit's AppTest, with the shared filters changed as a user would."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest_support import open_page

PAGES = ["tong_quan", "xu_huong", "so_sanh", "ban_do", "dan_van_kheo", "ho_so", "nguon_du_lieu"]
ALL_PAGES = [*PAGES, "mo_hinh", "trinh_chieu"]


def add_area(at: AppTest, text: str, locality_id: str) -> AppTest:
    """Add a unit to the sidebar's «Địa bàn» as a user would: type its name, pick the result."""
    at.text_input(key="area_find_text").input(text).run()
    at.radio(key="area_find_pick").set_value(locality_id).run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.text_input(key="area_find_text").value == ""  # the results go once one is taken
    return at


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
    add_area(at, "tra vinh", "tra-vinh")
    assert [s.value for s in at.main.subheader] == ["Trà Vinh"]
    assert at.query_params["dia_ban"] == "tra-vinh"
    at.slider(key="f_years").set_value((2018, 2025)).run()
    body = texts(at)
    assert "**118** số liệu" not in body
    assert at.query_params["tu"] == "2018"


def test_level_filter_keeps_only_districts(app: AppTest, root) -> None:
    at = open_page(app, root, "tong_quan")
    at.radio(key="f_level").set_value("huyen").run()
    assert sorted(s.value for s in at.main.subheader) == ["Hoàn Kiếm (quận)", "Hương Trà (thị xã)"]


def test_empty_selection_explains_instead_of_failing(app: AppTest, root) -> None:
    at = open_page(app, root, "xu_huong")
    add_area(at, "gia lai", "gia-lai")
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
    # the page opens with the registry (its chart, here its empty note, right under the title) and
    # the reported counts by locality and year
    assert headers[:2] == ["Số báo cáo theo địa phương và năm", "Phong trào «Dân vận khéo»"]
    nodes = list(at.main.children.values())
    after_title = nodes[[node.type for node in nodes].index("title") + 1]
    assert after_title.type == "info" and "Sổ đăng ký chưa có mô hình" in after_title.value
    assert any("Chỉ thị 05" in h for h in headers)
    reported = next(d.value for d in at.dataframe if "Chỉ tiêu" in d.value.columns and "Địa phương" in d.value.columns)
    years = [c for c in reported.columns if c.isdigit()]
    assert years == sorted(years) and years
    assert not (reported[years] == "").all(axis=1).any()
    assert "1 mô hình/cơ quan" in texts(at)  # Gia Lai's target


def test_profile_shows_history_successor_and_rate_checks(app: AppTest, root) -> None:
    at = open_page(app, root, "ho_so")
    at.selectbox(key="profile_lineage").set_value("tra-vinh").run()
    assert at.query_params["don_vi"] == "tra-vinh"
    history = at.dataframe[0].value
    assert "Vĩnh Long" in " ".join(history["Đơn vị kế thừa"])
    assert any("sáp nhập vào" in m.value and "Tỉnh Vĩnh Long (từ 01/07/2025)" in m.value for m in at.markdown)
    successors = next(d.value for d in at.dataframe if "Đơn vị kế thừa" in d.value.columns and "Từ ngày"
                      in d.value.columns)
    assert list(successors["Đơn vị kế thừa"]) == ["Tỉnh Vĩnh Long (từ 01/07/2025)"]
    assert list(successors["Từ ngày"]) == ["01/07/2025"]
    assert list(successors["Phần địa bàn chuyển sang"]) == ["toàn bộ địa bàn"]
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
    assert at.session_state["f_areas"] == ["nghe-an", "tra-vinh"]


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
    at.selectbox(key="map_mode").set_value("2025").run()
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
    at.selectbox(key="trend_mode").set_value("2025").run()
    assert any("Không cộng dồn được" in h.value for h in at.subheader)
    apart = next(d.value for d in at.dataframe if "Lý do" in d.value.columns)
    assert apart["Lý do"].str.contains("tỷ lệ").all()


# --------------------------------------------------------------------------- any unit on every page

def test_sidebar_search_finds_any_unit_with_few_options(app: AppTest) -> None:
    at = app
    assert at.button(key="area_focus").proto.type == "primary"  # nothing chosen: the focus group
    at.text_input(key="area_find_text").input("tra vinh").run()
    found = at.radio(key="area_find_pick")
    assert 0 < len(found.options) <= 20
    assert found.options[0] == "Tỉnh Trà Vinh (đến 30/06/2025)"
    assert "Phường Trà Vinh (Vĩnh Long, từ 01/07/2025)" in found.options
    at.text_input(key="area_find_text").input("a").run()  # a one-letter search still offers at most 20
    assert len(at.radio(key="area_find_pick").options) <= 20
    at.text_input(key="area_find_text").input("khong co don vi nay").run()
    assert not [r for r in at.radio if r.key == "area_find_pick"]
    assert any("Không tìm thấy đơn vị" in c.value for c in at.sidebar.caption)


def test_choosing_the_new_phuong_cua_nam_reaches_the_url_and_every_page(app: AppTest, root) -> None:
    at = add_area(app, "p. cua nam", "xa-00082-2025")
    assert at.query_params["dia_ban"] == "xa-00082-2025"
    assert at.session_state["f_areas"] == ["xa-00082-2025"]
    assert at.button(key="area_focus").proto.type == "secondary"
    assert "Phường Cửa Nam (Hà Nội, từ 01/07/2025)" in [m.value for m in at.sidebar.markdown]
    assert at.button(key="area_remove_xa-00082-2025")
    add_area(at, "ben tre", "ben-tre")  # not in the focus group
    assert at.query_params["dia_ban"] == "xa-00082-2025,ben-tre"
    for page in ALL_PAGES:
        open_page(at, root, page)
    at.button(key="area_remove_ben-tre").click().run()
    assert at.query_params["dia_ban"] == "xa-00082-2025"
    at.button(key="area_focus").click().run()  # back to the group «Địa bàn trọng điểm»
    assert "dia_ban" not in at.query_params and at.session_state["f_areas"] == []


def test_province_picker_lists_old_and_new_provinces_then_bounded_units(app: AppTest) -> None:
    at = app
    provinces = at.selectbox(key="area_find_province")
    assert 80 <= len(provinces.options) <= 100
    assert {"Gia Lai (đến 30/06/2025)", "Gia Lai (mới, từ 01/07/2025)"} <= set(provinces.options)
    provinces.set_value("ha-noi").run()
    units = at.selectbox(key="area_find_unit")
    assert units.options[0] == "Toàn địa bàn Thành phố Hà Nội"
    assert len(units.options) <= 300  # districts and new communes, never the 14.000 units
    assert "Quận Hoàn Kiếm (đến 30/06/2025)" in units.options
    assert "Phường Cửa Nam (từ 01/07/2025)" in units.options
    units.set_value("hoan-kiem").run()
    communes = at.selectbox(key="area_find_commune")
    assert communes.options[0] == "Toàn địa bàn Quận Hoàn Kiếm" and len(communes.options) <= 100
    communes.set_value("xa-00073").run()
    at.button(key="area_find_go").click().run()
    assert at.session_state["f_areas"] == ["xa-00073"]
    assert at.query_params["dia_ban"] == "xa-00073"


def test_level_offers_communes(app: AppTest, root) -> None:
    at = open_page(app, root, "tong_quan")
    assert "Xã, phường, đặc khu" in at.radio(key="f_level").options
    at.radio(key="f_level").set_value("xa").run()
    assert not at.exception
    assert at.query_params["cap"] == "xa"



def test_url_accepts_any_unit_of_the_catalogue(app_db: str, app_path: str) -> None:
    at = AppTest.from_file(app_path, default_timeout=60)
    at.query_params["dia_ban"] = "xa-00082-2025,ben-tre,khong-co"
    at.run()
    assert at.session_state["f_areas"] == ["xa-00082-2025", "ben-tre"]


def test_profile_of_a_new_commune_lists_its_predecessors(app: AppTest, root) -> None:
    at = open_page(app, root, "ho_so")
    at.text_input(key="profile_find_text").input("cua nam, ha noi").run()
    assert len(at.radio(key="profile_find_pick").options) <= 20
    at.radio(key="profile_find_pick").set_value("xa-00082-2025").run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.query_params["don_vi"] == "xa-00082-2025"
    assert at.header[0].value == "Phường Cửa Nam (Hà Nội, từ 01/07/2025)"
    body = texts(at)
    assert "**Loại đơn vị:** Phường" in body and "**Thuộc:** Thành phố Hà Nội" in body
    before = next(d.value for d in at.dataframe if "Đơn vị tiền thân" in d.value.columns)
    assert set(before["Từ ngày"]) == {"01/07/2025"}
    rows = dict(zip(before["Đơn vị tiền thân"], before["Phần địa bàn chuyển vào"], strict=True))
    assert rows["Quận Hoàn Kiếm (Hà Nội, đến 30/06/2025)"] == "một phần địa bàn"
    assert rows["Phường Cửa Nam (Quận Hoàn Kiếm, Hà Nội, đến 30/06/2025)"] == "một phần địa bàn"
    assert rows["Phường Hàng Bài (Quận Hoàn Kiếm, Hà Nội, đến 30/06/2025)"] == "toàn bộ địa bàn"
    # No figures of its own yet: the profile still shows, then its predecessors' figures apart.
    assert any("Chưa có số liệu của Phường Cửa Nam" in i.value for i in at.info)
    section = [s.value for s in at.subheader if "đơn vị tiền thân" in s.value]
    assert section == ["Số liệu của các đơn vị tiền thân (trước 01/07/2025)"]
    group = next(e for e in at.expander if e.label.startswith("Quận Hoàn Kiếm (Hà Nội, đến 30/06/2025)"))
    assert "một phần địa bàn" in group.label
    figures = next(d.value for d in at.dataframe if "Chỉ tiêu" in d.value.columns)
    assert set(figures["Địa phương"]) == {"Hoàn Kiếm"}  # labelled with the predecessor, not summed


def test_profile_of_a_unit_without_figures_still_shows_the_unit(app_db: str, app_path: str, root) -> None:
    at = AppTest.from_file(app_path, default_timeout=60)
    at.query_params["don_vi"] = "xa-00073"  # the old Phường Cửa Nam (to 30/06/2025)
    at.run()
    at = open_page(at, root, "ho_so")
    assert at.selectbox(key="profile_lineage").value == "xa-00073"
    assert at.header[0].value == "Phường Cửa Nam (Quận Hoàn Kiếm, Hà Nội, đến 30/06/2025)"
    after = next(d.value for d in at.dataframe if "Đơn vị kế thừa" in d.value.columns and "Từ ngày" in d.value.columns)
    assert "Phường Cửa Nam (Hà Nội, từ 01/07/2025)" in set(after["Đơn vị kế thừa"])
    assert any("Chưa có số liệu" in i.value for i in at.info)
    assert at.get("plotly_chart"), "the locator map"


def test_registry_form_accepts_a_new_commune(own_db, app_path, root) -> None:
    from tests.apptest_support import add_user, sign_in

    at = AppTest.from_file(app_path, default_timeout=90)
    at.run()
    add_user(own_db, "bien.tap")
    sign_in(at, "bien.tap")
    at = open_page(at, root, "mo_hinh")
    at.text_input(key="reg_find_text").input("p. cua nam").run()
    assert len(at.radio(key="reg_find_pick").options) <= 20
    at.radio(key="reg_find_pick").set_value("xa-00082-2025").run()
    assert any("Phường Cửa Nam (Hà Nội, từ 01/07/2025)" in m.value for m in at.markdown)
    next(t for t in at.text_input if t.label.startswith("Tên mô hình")).input("Phố đi bộ tự quản")
    next(n for n in at.number_input if n.label == "Năm đăng ký").set_value(2025)
    next(b for b in at.button if b.label == "Lưu").click().run()
    assert any("Đã lưu mô hình" in s.value for s in at.success), [e.value for e in at.error]
    at.run()
    table = next(d.value for d in at.dataframe if "Tên mô hình" in d.value.columns)
    assert list(table["Tên mô hình"]) == ["Phố đi bộ tự quản"] and list(table["Địa phương"]) == ["Cửa Nam"]
    add_area(at, "p. cua nam", "xa-00082-2025")  # the listing follows the sidebar's units
    table = next(d.value for d in at.dataframe if "Tên mô hình" in d.value.columns)
    assert list(table["Tên mô hình"]) == ["Phố đi bộ tự quản"]
    add_area(at, "tra vinh", "tra-vinh")
    at.button(key="area_remove_xa-00082-2025").click().run()
    assert not [d for d in at.dataframe if "Tên mô hình" in d.value.columns]
