"""Dân vận khéo: model, bright-spot and commendation counts, and targets."""

import pandas as pd
import streamlit as st

from danvan import ui, views
from danvan.charts import dvk_figure, registry_figure, source_line, value_text
from danvan.comparability import comparable_groups
from danvan.formatting import format_number, format_period

st.title("Phong trào thi đua «Dân vận khéo»")
st.caption(
    "Mô hình, điểm sáng, tập thể và cá nhân được khen thưởng theo địa phương, năm, tập thể/cá nhân và "
    "lĩnh vực (kinh tế; văn hóa - xã hội; quốc phòng - an ninh; xây dựng hệ thống chính trị) khi nguồn "
    "có tách. Số liệu khác phạm vi hoặc khác chương trình được hiển thị riêng, không cộng dồn."
)
filters = ui.current_filters()
frame = ui.cached("dvk_observations", filters)
if frame.empty:
    ui.empty_message("Không có số liệu Dân vận khéo cho lựa chọn này.")
    st.stop()

targets = frame[frame["dvk_kind"] == "chi_tieu"]
counts = frame[frame["dvk_kind"] != "chi_tieu"]

if not targets.empty:
    st.subheader("Chỉ tiêu đề ra")
    for row in targets.itertuples():
        st.markdown(
            f"- **{row.locality_name}**: {row.indicator_name}: "
            f"**{value_text(row.value, row.qualifier, row.unit_label)}** "
            f"({row.source_title}; {format_period(row.period_start, row.period_end)}). {row.note_vi or ''}"
        )


def show_card(row: pd.Series) -> None:
    with st.container(border=True):
        st.markdown(f"#### {value_text(row['value'], row['qualifier'], row['unit_label'])}")
        st.markdown(f"**{row['locality_name']}** – {row['indicator_name']}")
        st.caption(f"{format_period(row['period_start'], row['period_end'])} · Phạm vi: {row['scope_vi']} · "
                   f"Nguồn: {row['source_title']}")


programmes = sorted(counts["programme"].unique(), key=lambda p: (p != "dan_van_kheo", p))
for programme in programmes:
    rows = counts[counts["programme"] == programme]
    st.header(views.programme_label(programme))
    if programme != "dan_van_kheo":
        st.info("Không cộng vào số liệu Dân vận khéo: chương trình hoặc phạm vi khác.", icon=":material/info:")
    singles = []
    for kind, kind_label in views.DVK_KIND_LABELS.items():
        kind_rows = rows[rows["dvk_kind"] == kind]
        for unit_label, unit_rows in kind_rows.groupby("unit_label"):
            for number, group in enumerate(comparable_groups(unit_rows.assign(indicator_code=kind),
                                                             by_period=False)):
                if len(group.rows) < 2:
                    singles.append(group.rows.iloc[0])
                    continue
                scope = group.rows["scope_class_name"].iloc[0]
                fig = dvk_figure(group.rows, title=f"{kind_label} ({unit_label}) – {scope}",
                                 unit_label=unit_label, source=source_line(group.rows))
                ui.show_chart(fig, key=f"dvk_{programme}_{kind}_{unit_label}_{number}")
    if singles:
        st.caption("Số liệu đơn lẻ (chưa có số cùng loại, cùng phạm vi để so sánh):")
        columns = st.columns(3)
        for index, row in enumerate(singles):
            with columns[index % 3]:
                show_card(row)

st.header("Từ sổ đăng ký mô hình")
models = ui.cached("dvk_models", filters)
if models.empty:
    st.info("Sổ đăng ký chưa có mô hình nào cho lựa chọn này. Biên tập viên thêm mô hình ở trang «Sổ mô hình "
            "Dân vận khéo» hoặc nhập từ Excel.", icon=":material/info:")
else:
    st.caption(f"Đếm từ {format_number(len(models))} mô hình có tên trong sổ đăng ký. Đây là nguồn khác với các số báo cáo tổng "
               "hợp ở trên: hai loại số được hiển thị riêng, không cộng vào nhau.")
    fig = registry_figure(views.registry_counts(models), title="Mô hình trong sổ đăng ký theo lĩnh vực",
                          source="Nguồn: sổ đăng ký mô hình của ứng dụng.")
    ui.show_chart(fig, key="dvk_registry")
    ui.show_table(views.registry_status_table(models), key="dvk_registry_status")

st.subheader("Số báo cáo tổng hợp theo lĩnh vực")
fields = views.dvk_field_table(counts)
if fields.empty:
    st.info("Chưa nguồn nào tách số mô hình, điển hình theo bốn lĩnh vực (kinh tế; văn hóa - xã hội; "
            "quốc phòng - an ninh; xây dựng hệ thống chính trị).", icon=":material/info:")
else:
    ui.show_table(fields, key="dvk_fields")

st.subheader("Bảng chi tiết")
ui.show_table(views.dvk_table(frame), key="dvk_table")
