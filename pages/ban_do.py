"""Bản đồ: one indicator over the provinces, districts as points, offline; or every commune
of one province as a point."""

import streamlit as st

from danvan import ui
from danvan.maps import geo
from danvan.maps.figures import commune_map, province_map
from danvan.maps.layers import LATEST
from danvan.ui import auth as ui_auth
from danvan.ui import boundaries as ui_boundaries
from danvan.ui import reads

st.title("Bản đồ số liệu")
filters = ui.current_filters()
if ui.scope_switch("map_scope") == ui.COMMUNES:
    communes = ui.commune_choices("map", filters)
    if communes is None:
        ui.empty_message()
        st.stop()
    fig = ui.cached_figure(
        ("ban_do_xa", filters, communes.choice),
        lambda: commune_map(
            geo.provinces_geojson(communes.vintage), geo.province_table(communes.vintage), communes.gso_code,
            communes.layer.points, title=communes.title, unit_label=communes.layer.unit_label,
            source=". ".join(part for part in (communes.source, geo.attribution()) if part),
            decimals=1 if communes.layer.per_capita else None))
    ui.show_map(fig, key="map_communes")
    ui.commune_notes(communes)
    ui.commune_tables(communes, key="map_communes")
    st.stop()

labels = reads.indicator_labels(filters)
if not labels:
    ui.empty_message()
    st.stop()

c1, c2, c3, c4 = st.columns([4, 2, 3, 2])
indicator = ui.url_picker(c1, "Chỉ tiêu", labels, key="map_indicator", param="chi_tieu")
modes = {"nhu_cu": "Như tại thời điểm số liệu", "2025": "Cộng dồn về 34 tỉnh từ 1/7/2025"}
ui.url_param("map_mode", "ranh_gioi", list(modes), default="nhu_cu")
mode = c3.selectbox("Ranh giới", list(modes), format_func=ui.format_with(modes), key="map_mode")
years = reads.map_years(filters, indicator, mode)
year_names = {LATEST: "Mới nhất của mỗi địa phương"} | {y: f"Năm {y}" for y in years[1:]}
year = ui.url_picker(c2, "Kỳ", year_names, key="map_year", param="nam")
views_vn = {"": "Cả nước", "01": "Hà Nội", "46": "Thừa Thiên Huế", "64": "Gia Lai", "84": "Trà Vinh",
            "40": "Nghệ An"}
ui.url_param("map_view", "khung", list(views_vn), default="")
view_code = c4.selectbox("Khung nhìn", list(views_vn), format_func=ui.format_with(views_vn), key="map_view")
ui.write_url({"chi_tieu": indicator, "nam": None if year == LATEST else year,
              "ranh_gioi": None if mode == "nhu_cu" else mode, "khung": view_code or None})

data = reads.map_data(filters, indicator, year, mode)
layers = data.layers
vintage = layers.vintage


def build_map():
    target = view_code
    if vintage == "34" and view_code:
        crosswalk = reads.province_crosswalk()
        target = crosswalk.set_index("old_gso_code").loc[view_code, "new_gso_code"]
    overlay = ui_boundaries.boundary_overlay(layers.points) if vintage == "63" else None
    points = layers.points if overlay is None else layers.points[~layers.points["lineage"].isin(overlay[2])]
    return province_map(
        geo.provinces_geojson(vintage), geo.province_table(vintage), layers.values,
        title=f"{data.indicator_name} – {year_names[year].lower()}",
        unit_label=data.unit_label,
        source=". ".join(part for part in (layers.source, geo.attribution()) if part),
        view=geo.view_for(vintage, target), points=points,
        labels=geo.map_labels(vintage, zoomed=bool(view_code)),
        overlay=overlay[:2] if overlay else None,
    )


fig = ui.cached_figure(("ban_do", filters, indicator, year, mode, view_code), build_map)
ui.show_map(fig, key="map")
st.caption(f"Ranh giới: {geo.VINTAGES[vintage]}. Tỉnh màu xám: không có số liệu (không phải bằng 0). "
           + " ".join(layers.notes))
if mode == "2025":
    st.info("Chỉ cộng được số đếm, số tiền và số lũy kế của toàn tỉnh, cùng kỳ báo cáo. Tỷ lệ, số bình quân, "
            "số liệu của một cơ quan hay một địa bàn nhỏ hơn tỉnh và số liệu cấp huyện không cộng được; "
            "chúng được liệt kê dưới đây kèm lý do.", icon=":material/info:")

if not layers.apart.empty:
    st.subheader("Không vẽ trên cùng thang màu")
    ui.show_table(data.apart_table, key="map_apart")

with st.expander("Tải lên ranh giới chính thức cấp huyện hoặc cấp xã"):
    st.caption("Không có ranh giới cấp huyện, cấp xã nào được phép phân phối lại trong các kho dữ liệu mở, "
               "nên các quận, huyện được vẽ bằng điểm. Tải lên lớp ranh giới chính thức của đơn vị mình "
               "để vẽ bằng vùng: tệp được kiểm tra hình học, hệ tọa độ, cột mã hoặc tên khớp với danh mục "
               "và kích thước trước khi lưu.")
    if ui_auth.is_editor():
        ui_boundaries.boundary_upload_panel()
    else:
        st.info("Đăng nhập biên tập (thanh bên) để tải lên lớp ranh giới.", icon=":material/lock:")
