"""Xu hướng: one indicator over time, one line per locality."""

from datetime import date

import streamlit as st

from danvan import ui
from danvan.charts import source_line, trend_figure
from danvan.formatting import format_number
from danvan.reading.page_data import MAX_LINES
from danvan.ui import reads

st.title("Xu hướng theo thời gian")
filters = ui.current_filters()
menu_filters = reads.trend_menu_filters(filters)  # with the predecessors of chosen new units
theme_names = reads.theme_labels(menu_filters)
if not theme_names:
    ui.empty_message()
    st.stop()

left, right, third = st.columns([2, 3, 2])
theme = ui.url_picker(left, "Lĩnh vực", theme_names, key="trend_theme", param="linh_vuc")

indicator_names = reads.trend_indicator_labels(menu_filters, theme)
indicator = ui.url_picker(right, "Chỉ tiêu", indicator_names, key="trend_indicator", param="chi_tieu")
ui.write_url({"linh_vuc": theme, "chi_tieu": indicator})

modes = {"nhu_cu": "Như tại thời điểm số liệu", "2025": "Cộng dồn về tỉnh từ 1/7/2025"}
ui.url_param("trend_mode", "ranh_gioi", list(modes), default="nhu_cu")
mode = third.selectbox("Ranh giới", list(modes), format_func=ui.format_with(modes), key="trend_mode")
ui.write_url({"ranh_gioi": None if mode == "nhu_cu" else mode})
data = reads.trend(filters, indicator, mode)
rows = data.rows
for note in data.notes:
    st.caption(note)
if mode == "2025" and rows.empty:
    st.warning("Không có số liệu nào của chỉ tiêu này cộng dồn được về tỉnh mới; xem lý do bên dưới.",
               icon=":material/warning:")
if data.predecessor_notes:
    st.info("**Đơn vị mới từ 1/7/2025: số liệu của đơn vị tiền thân**\n\n"
            + "\n".join(f"- {note}" for note in data.predecessor_notes), icon=":material/merge_type:")
if data.n_areas > MAX_LINES:
    st.info(f"{format_number(data.n_areas)} địa phương có số liệu; biểu đồ vẽ {MAX_LINES} địa phương đầu tiên "
            "theo thứ tự chữ cái để còn đọc được. Chọn địa bàn ở thanh bên để so các địa phương khác.",
            icon=":material/info:")

x_range = (date(filters.year_from, 1, 1), date(filters.year_to, 12, 31))
for number, group in enumerate(data.groups):
    first = group.rows.iloc[0]
    if number:
        st.subheader(f"Vẽ riêng: {first['scope_class_name']}")
        st.warning(group.reason, icon=":material/call_split:")
    fig = ui.cached_figure(("trend", filters, indicator, mode, number), lambda group=group, first=first: trend_figure(
        group.rows,
        title=f"{first['indicator_name']} – {first['scope_class_name']}",
        unit_label=first["unit_label"], x_range=x_range, source=source_line(group.rows),
    ))
    ui.show_chart(fig, key=f"trend_{number}")

if data.definition:
    st.markdown(f"**Định nghĩa:** {data.definition}")
st.caption(
    "Cách đọc: hình tròn = số liệu cả năm (đặt giữa năm); hình vuông trên dải mờ = kỳ báo cáo không "
    "trọn năm hoặc nhiều năm (dải mờ trải từ đầu đến cuối kỳ); hình thoi = số tại một thời điểm "
    "(lũy kế đến ngày); tam giác = kỳ chỉ biết ngày bắt đầu. Đường chỉ nối các số liệu cùng độ dài kỳ (năm với "
    "năm, 6 tháng với 6 tháng) và không nối qua lần điều chỉnh địa giới. "
    "Vạch đứt: thay đổi địa giới hành chính. Nét đứt, hình rỗng: «đơn vị tiền thân» của một đơn vị mới "
    "(trước 1/7/2025); nét chấm: các đơn vị tiền thân cộng lại (chỉ số cộng được, mọi đơn vị cùng kỳ)."
)

with st.expander("Các số liệu trên biểu đồ"):
    ui.show_table(data.table, key="trend_table")

if data.apart is not None and not data.apart.empty:
    st.subheader("Không cộng dồn được về tỉnh mới")
    ui.show_table(data.apart_table, key="trend_apart")

if not data.undated.empty:
    st.subheader("Không vẽ được: nguồn không nêu kỳ báo cáo")
    ui.show_table(data.undated_table, key="trend_undated")
