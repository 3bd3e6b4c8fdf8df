"""Nguồn & dữ liệu: the full observation table, flagged inconsistencies, downloads."""

import streamlit as st

from danvan import downloads, ui, views
from danvan.formatting import format_number
from danvan.rates import rate_table

st.title("Nguồn và dữ liệu")
filters = ui.current_filters()
frame = ui.cached("observations", filters, include_undated=True)
catalogue = ui.cached("catalogue")

themes = views.vn_sort(catalogue.drop_duplicates("theme")[["theme", "theme_name"]], "theme_name")
theme_names = dict(zip(themes["theme"], themes["theme_name"], strict=True))
left, right = st.columns([1, 2])
chosen = left.multiselect("Lĩnh vực", list(theme_names), format_func=ui.format_with(theme_names),
                          key="data_themes", placeholder="Tất cả lĩnh vực")
text = right.text_input("Tìm kiếm (không cần gõ dấu)", key="data_search",
                        placeholder="ví dụ: hồ sơ, tiep cong dan, Cầu Kè…")
if chosen:
    frame = frame[frame["theme"].isin(chosen)]
frame = views.search(frame, text)

if frame.empty:
    ui.empty_message("Không có số liệu khớp với bộ lọc và từ khóa.")
else:
    st.markdown(f"**{format_number(len(frame))}** số liệu. Mỗi dòng ghi rõ nguồn và vị trí trong nguồn.")
    ui.show_table(views.observation_table(frame), key="all_data", height=480)
    export = views.export_table(frame)  # files are built only when a button is clicked
    c1, c2 = st.columns(2)
    c1.download_button("Tải CSV (mở được bằng Excel)", lambda: downloads.csv_bytes(export),
                       file_name="so_lieu_dan_van.csv", mime="text/csv", icon=":material/download:")
    c2.download_button("Tải Excel (.xlsx)", lambda: downloads.xlsx_bytes(export, sheet="Số liệu"),
                       file_name="so_lieu_dan_van.xlsx", icon=":material/download:",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

st.subheader("Số liệu không nhất quán trong nguồn")
st.caption(
    "Tỷ lệ do nguồn nêu được giữ nguyên; bên cạnh là tỷ lệ tính lại từ tử số và mẫu số cùng nguồn, cùng kỳ. "
    "Chênh lệch lớn hơn mức làm tròn được đánh dấu «lệch»."
)
all_rows = ui.cached("observations", None, include_undated=True)
flagged = views.rate_checks_table(rate_table(all_rows, catalogue), all_rows)
if flagged.empty:
    st.success("Không phát hiện tỷ lệ nào lệch.", icon=":material/check_circle:")
else:
    ui.show_table(flagged, key="flagged")
notes = views.inconsistency_notes(all_rows)
if not notes.empty:
    st.markdown("Các ghi chú khác về số liệu không khớp trong nguồn:")
    ui.show_table(notes, key="notes")

st.subheader("Danh mục nguồn")
ui.show_table(views.sources_table(ui.cached("sources")), key="sources")
