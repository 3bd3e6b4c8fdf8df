"""Dân vận khéo: model, bright-spot and commendation counts, and targets."""

import pandas as pd
import streamlit as st

from danvan import ui
from danvan.charts import dvk_figure, registry_figure, source_line, value_text
from danvan.formatting import format_number, format_period
from danvan.reading import tables as views
from danvan.reading.page_data import MAX_LINES
from danvan.ui import reads

st.title("Phong trào thi đua «Dân vận khéo»")
filters = ui.current_filters()
data = reads.dvk_page(filters)

# First under the title, whole on a 1280×720 projector: the registry's models by locality.
models = reads.dvk_models(filters)
if models.empty:
    st.info("Sổ đăng ký chưa có mô hình nào cho lựa chọn này. Biên tập viên thêm mô hình ở trang «Sổ mô hình "
            "Dân vận khéo» hoặc nhập từ Excel.", icon=":material/info:")
else:
    fig = ui.cached_figure(("dvk_registry", filters), lambda: registry_figure(
        views.registry_counts(models), title="Mô hình trong sổ đăng ký theo địa phương và lĩnh vực",
        source="Nguồn: sổ đăng ký mô hình của ứng dụng."))
    ui.show_chart(fig, key="dvk_registry")
    st.caption(f"Đếm từ {format_number(len(models))} mô hình có tên trong sổ đăng ký. Đây là nguồn khác với các số báo cáo tổng "
               "hợp bên dưới: hai loại số được hiển thị riêng, không cộng vào nhau.")
    ui.paged_table(views.registry_status_table(models), key="dvk_registry_status")

st.header("Số báo cáo theo địa phương và năm")
if data.n_areas > MAX_LINES:
    st.info(f"{format_number(data.n_areas)} địa phương có số liệu; trang này trình bày {MAX_LINES} địa phương đầu "
            "tiên theo thứ tự chữ cái. Chọn địa bàn ở thanh bên để xem địa phương khác.", icon=":material/info:")
if data.reported.empty:
    st.info("Chưa có số báo cáo Dân vận khéo có ghi kỳ cho lựa chọn này.", icon=":material/info:")
else:
    st.caption("Số do các báo cáo tổng hợp nêu (chương trình Dân vận khéo), mỗi ô một năm; số không trọn năm ghi kèm kỳ. "
               "Các chỉ tiêu khác nhau không cộng vào nhau.")
    ui.paged_table(data.reported, key="dvk_reported")
st.caption(
    "Mô hình, điểm sáng, tập thể và cá nhân được khen thưởng theo địa phương, năm, tập thể/cá nhân và "
    "lĩnh vực (kinh tế; văn hóa - xã hội; quốc phòng - an ninh; xây dựng hệ thống chính trị) khi nguồn "
    "có tách. Số liệu khác phạm vi hoặc khác chương trình được hiển thị riêng, không cộng dồn."
)

if data.n_detail == 0:
    ui.empty_message("Không có số báo cáo Dân vận khéo cho lựa chọn này.")
    st.stop()
if not data.targets.empty:
    st.subheader("Chỉ tiêu đề ra")
    for row in data.targets.itertuples():
        st.markdown(
            f"- **{row.locality_name}**: {row.indicator_name}: "
            f"**{value_text(row.value, row.qualifier, row.unit_label)}** "
            f"({row.source_title}; {format_period(row.period_start, row.period_end)}). {row.note_vi or ''}"
        )
    if data.n_targets > len(data.targets):
        st.caption(f"Và {format_number(data.n_targets - len(data.targets))} chỉ tiêu khác (xem bảng chi tiết).")


def show_card(row: pd.Series) -> None:
    with st.container(border=True):
        st.markdown(f"#### {value_text(row['value'], row['qualifier'], row['unit_label'])}")
        st.markdown(f"**{row['locality_name']}** – {row['indicator_name']}")
        st.caption(f"{format_period(row['period_start'], row['period_end'])} · Phạm vi: {row['scope_vi']} · "
                   f"Nguồn: {row['source_title']}")


for programme, groups, singles in data.programmes:
    st.header(views.programme_label(programme))
    if programme != "dan_van_kheo":
        st.info("Không cộng vào số liệu Dân vận khéo: chương trình hoặc phạm vi khác.", icon=":material/info:")
    for group in groups:
        fig = ui.cached_figure((group.key, filters), lambda group=group: dvk_figure(
            group.rows, title=group.title, unit_label=group.unit_label, source=source_line(group.rows)))
        ui.show_chart(fig, key=group.key)
    if singles:
        st.caption("Số liệu đơn lẻ (chưa có số cùng loại, cùng phạm vi để so sánh):")
        columns = st.columns(3)
        for index, row in enumerate(singles):
            with columns[index % 3]:
                show_card(row)

st.subheader("Số báo cáo tổng hợp theo lĩnh vực")
if data.fields.empty:
    st.info("Chưa nguồn nào tách số mô hình, điển hình theo bốn lĩnh vực (kinh tế; văn hóa - xã hội; "
            "quốc phòng - an ninh; xây dựng hệ thống chính trị).", icon=":material/info:")
else:
    ui.paged_table(data.fields, key="dvk_fields")

st.subheader("Bảng chi tiết")
ui.paged_table(data.detail, key="dvk_table", what="số liệu", download="dan-van-kheo-chi-tiet")
