"""Hồ sơ địa phương: one locality, all its figures by theme, sources and boundary history."""

import streamlit as st

from danvan import geo, ui, views
from danvan.formatting import format_number, vn_sort_key
from danvan.maps import locator_map

st.title("Hồ sơ địa phương")
filters = ui.current_filters()
names = ui.lineage_names()
choices = sorted(filters.lineages or names, key=lambda c: vn_sort_key(names[c]))
lineage = ui.url_picker(st, "Địa phương", {code: names[code] for code in choices}, key="profile_lineage",
                        param="don_vi")
ui.write_url({"don_vi": lineage})

localities = ui.cached("localities")
place = views.locator(localities, lineage)
left, right = st.columns([2, 3])
with left:
    fig = ui.cached_figure(("locator", lineage), lambda: locator_map(
        geo.provinces_geojson("63"), geo.province_table("63"), place["gso_code"],
        title=f"Vị trí: {place['title']}", attribution=geo.attribution(),
        point=place["point"], view=geo.view_for("63", place["gso_code"], pad=1.2)))
    ui.show_map(fig, key="locator")
with right:
    st.subheader("Địa giới và đơn vị kế thừa")
    ui.show_table(views.boundary_history(localities, lineage), key="history")
    for line in views.successor_lines(localities, lineage):
        st.markdown(f"Đơn vị kế thừa – {line}")
    successions = ui.cached("district_successions", list(localities.loc[localities["lineage"] == lineage,
                                                                         "locality_id"]))
    if not successions.empty:
        ui.show_table(views.succession_table(successions), key="successions")
    st.caption(
        "Mỗi số liệu thuộc về đơn vị như tại thời điểm báo cáo. Từ 1/7/2025 cả nước còn 34 tỉnh, thành phố "
        "và không còn cấp huyện."
    )

data = ui.model("profile", filters, lineage, names[lineage])
if data.frame.empty:
    ui.empty_message(f"Chưa có số liệu của {names[lineage]} trong khoảng năm đã chọn.")
    st.stop()

st.subheader("Tóm tắt (để dán vào báo cáo)")
st.caption("Đoạn văn dựng tự động từ số liệu đang hiện (khoảng năm ở thanh bên): kết quả gần nhất, so sánh với "
           "kỳ trước cùng chỉ tiêu, cùng phạm vi, cùng độ dài kỳ, và hạn chế về số liệu. Bấm biểu tượng sao chép "
           "ở góc khung để dán.")
st.code(data.summary, language=None, wrap_lines=True)

st.subheader(f"Số liệu theo lĩnh vực ({format_number(len(data.frame))} số liệu)")
for theme_name, count, table in data.themes:
    with st.expander(f"{theme_name} – {format_number(count)} số liệu"):
        ui.show_table(table, key=f"theme_{theme_name}")

if not data.checks.empty:
    st.subheader("Tỷ lệ: số nguồn nêu và số tính lại từ tử số, mẫu số")
    st.caption("«lệch»: chênh lệch lớn hơn mức làm tròn của số nguồn nêu. Số nguồn nêu được giữ nguyên.")
    ui.show_table(data.checks, key="rates")

st.subheader("Nguồn")
ui.show_table(data.sources, key="profile_sources")
