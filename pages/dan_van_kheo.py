"""Dân vận khéo: model, bright-spot and commendation counts, and targets."""

import streamlit as st

from danvan import ui, views
from danvan.charts import dvk_figure, source_line, value_text
from danvan.comparability import comparable_groups
from danvan.formatting import format_period

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
            f"{value_text(row.value, row.qualifier, row.unit_label)} "
            f"({row.source_title}; {format_period(row.period_start, row.period_end)}). "
            f"{row.note_vi or ''}"
        )

programmes = sorted(counts["programme"].unique(), key=lambda p: (p != "dan_van_kheo", p))
for programme in programmes:
    rows = counts[counts["programme"] == programme]
    st.header(views.programme_label(programme))
    if programme != "dan_van_kheo":
        st.info("Không cộng vào số liệu Dân vận khéo: chương trình hoặc phạm vi khác.", icon=":material/info:")
    for kind, kind_label in views.DVK_KIND_LABELS.items():
        kind_rows = rows[rows["dvk_kind"] == kind]
        if kind_rows.empty:
            continue
        for unit_label, unit_rows in kind_rows.groupby("unit_label"):
            groups = comparable_groups(unit_rows.assign(indicator_code=kind), by_period=False)
            for number, group in enumerate(groups):
                scope = group.rows["scope_class_name"].iloc[0]
                title = f"{kind_label} ({unit_label}) – {scope}"
                source = source_line(group.rows)
                fig = dvk_figure(group.rows, title=title, unit_label=unit_label, source=source)
                ui.show_chart(fig, key=f"dvk_{programme}_{kind}_{unit_label}_{number}")

st.subheader("Bảng chi tiết")
ui.show_table(views.dvk_table(frame), key="dvk_table")
