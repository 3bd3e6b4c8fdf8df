"""Hồ sơ địa phương: one locality, all its figures by theme, sources and boundary history."""

import streamlit as st

from danvan import geo, ui, views
from danvan.formatting import format_number, vn_sort_key
from danvan.maps import locator_map
from danvan.rates import rate_table
from danvan.summary import summary_paragraph

st.title("Hồ sơ địa phương")
filters = ui.current_filters()
names = ui.lineage_names()
choices = sorted(filters.lineages or names, key=lambda c: vn_sort_key(names[c]))
ui.url_param("profile_lineage", "don_vi", choices, default=choices[0])
if st.session_state.get("profile_lineage") not in choices:
    st.session_state.profile_lineage = choices[0]
lineage = st.selectbox("Địa phương", choices, format_func=ui.format_with(names), key="profile_lineage")
ui.write_url({"don_vi": lineage})

localities = ui.cached("localities")
place = views.locator(localities, lineage)
left, right = st.columns([2, 3])
with left:
    fig = locator_map(geo.provinces_geojson("63"), geo.province_table("63"), place["gso_code"],
                      title=f"Vị trí: {place['title']}", attribution=geo.attribution(),
                      point=place["point"], view=geo.view_for("63", place["gso_code"], pad=1.2))
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

frame = ui.cached("observations", filters, lineage=lineage, include_undated=True)
if frame.empty:
    ui.empty_message(f"Chưa có số liệu của {names[lineage]} trong khoảng năm đã chọn.")
    st.stop()

rates = rate_table(frame, ui.cached("catalogue"))
st.subheader("Tóm tắt (để dán vào báo cáo)")
st.caption("Đoạn văn dựng tự động từ số liệu đang hiện (khoảng năm ở thanh bên): kết quả gần nhất, so sánh với "
           "kỳ trước cùng chỉ tiêu, cùng phạm vi, cùng độ dài kỳ, và hạn chế về số liệu. Bấm biểu tượng sao chép "
           "ở góc khung để dán.")
st.code(summary_paragraph(frame, names[lineage], rates), language=None, wrap_lines=True)

st.subheader(f"Số liệu theo lĩnh vực ({format_number(len(frame))} số liệu)")
for theme_name, rows in views.vn_sort(frame, "theme_name").groupby("theme_name", sort=False):
    with st.expander(f"{theme_name} – {format_number(len(rows))} số liệu"):
        ui.show_table(views.observation_table(rows), key=f"theme_{theme_name}")

checks = views.rate_checks_table(rates, frame, only_flagged=False)
if not checks.empty:
    st.subheader("Tỷ lệ: số nguồn nêu và số tính lại từ tử số, mẫu số")
    st.caption("«lệch»: chênh lệch lớn hơn mức làm tròn của số nguồn nêu. Số nguồn nêu được giữ nguyên.")
    ui.show_table(checks, key="rates")

st.subheader("Nguồn")
used = ui.cached("sources")
used = used[used["source_id"].isin(frame["source_id"])]
ui.show_table(views.sources_table(used), key="profile_sources")
