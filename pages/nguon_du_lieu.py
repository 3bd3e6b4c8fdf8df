"""Nguồn & dữ liệu: the observation table page by page, flagged inconsistencies, downloads."""

import math

import streamlit as st

from danvan import ui
from danvan.exporting import downloads
from danvan.formatting import format_number
from danvan.reading.page_data import COUNT_CAP, EXPORT_LIMIT, TABLE_PAGE
from danvan.ui import reads

st.title("Nguồn và dữ liệu")
filters = ui.current_filters()
theme_names = reads.all_theme_labels()
left, right = st.columns([1, 2])
chosen = left.multiselect("Lĩnh vực", list(theme_names), format_func=ui.format_with(theme_names),
                          key="data_themes", placeholder="Tất cả lĩnh vực")
text = right.text_input("Tìm kiếm (không cần gõ dấu)", key="data_search",
                        placeholder="ví dụ: hồ sơ, tiep cong dan, Cầu Kè…")
themes = tuple(sorted(chosen))
total = reads.data_total(filters, themes, text)

if total == 0:
    ui.empty_message("Không có số liệu khớp với bộ lọc và từ khóa.")
else:
    more = total > COUNT_CAP
    pages = math.ceil(min(total, COUNT_CAP) / TABLE_PAGE)
    page = 1
    if pages > 1:
        page = int(st.number_input(f"Trang (mỗi trang {format_number(TABLE_PAGE)} dòng, tất cả "
                                   f"{format_number(pages)} trang)", min_value=1, max_value=pages, value=1,
                                   step=1, key="data_page"))
    counted = f"Hơn **{format_number(COUNT_CAP)}**" if more else f"**{format_number(total)}**"
    st.markdown(f"{counted} số liệu. Mỗi dòng ghi rõ nguồn và vị trí trong nguồn.")
    ui.show_table(reads.data_table(filters, themes, text, page).page, key="all_data", height=480)
    if more:
        st.caption(f"Bảng và tệp tải về có {format_number(EXPORT_LIMIT)} dòng đầu; thu hẹp khoảng năm, địa bàn "
                   "hoặc lĩnh vực để xem và tải phần còn lại.")

    def export():  # read from the database only when a button is clicked
        return reads.export_rows(filters, themes, text)

    c1, c2 = st.columns(2)
    c1.download_button("Tải CSV (mở được bằng Excel)", lambda: downloads.csv_bytes(export()),
                       file_name="so_lieu_dan_van.csv", mime="text/csv", icon=":material/download:")
    c2.download_button("Tải Excel (.xlsx)", lambda: downloads.xlsx_bytes(export(), sheet="Số liệu"),
                       file_name="so_lieu_dan_van.xlsx", icon=":material/download:",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

st.subheader("Số liệu không nhất quán trong nguồn")
st.caption(
    "Tỷ lệ do nguồn nêu được giữ nguyên; bên cạnh là tỷ lệ tính lại từ tử số và mẫu số cùng nguồn, cùng kỳ. "
    "Chênh lệch lớn hơn mức làm tròn được đánh dấu «lệch»."
)
checks = reads.consistency(filters)
if checks.flagged.empty:
    st.success("Không phát hiện tỷ lệ nào lệch.", icon=":material/check_circle:")
else:
    ui.show_table(checks.flagged, key="flagged")
if not checks.notes.empty:
    st.markdown("Các ghi chú khác về số liệu không khớp trong nguồn:")
    ui.show_table(checks.notes, key="notes")

st.subheader("Danh mục nguồn")
ui.show_table(reads.source_table(), key="sources")
