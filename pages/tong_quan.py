"""Tổng quan: the five localities at a glance."""

import streamlit as st

from danvan import ui, views
from danvan.charts import coverage_figure, value_text
from danvan.formatting import format_number, format_period

st.title("Tổng quan công tác dân vận các địa phương")
filters = ui.current_filters()
st.caption(
    f"Số liệu có kỳ báo cáo trong {filters.year_from}–{filters.year_to}. Mỗi số liệu gắn với "
    "đơn vị hành chính như tại thời điểm báo cáo (ranh giới trước sắp xếp 1/7/2025)."
)

frame = ui.cached("observations", filters, include_undated=True)
lineages = ui.cached("focus_lineages")
if filters.lineages:
    lineages = lineages[lineages["lineage"].isin(filters.lineages)]
if filters.level != "all":
    lineages = lineages[lineages["level"] == filters.level]
lineages = views.vn_sort(lineages, "short_name_vi")

if frame.empty or lineages.empty:
    ui.empty_message()
    st.stop()

cards = views.locality_overview(lineages, ui.cached("localities"), frame)
headlines = views.headline_figures(frame)
columns = st.columns(min(len(cards), 5))
for index, card in enumerate(cards):
    with columns[index % len(columns)], st.container(border=True):
        st.subheader(card["name"])
        st.caption(card["level"])
        st.markdown(f"**{format_number(card['n'])}** số liệu · **{format_number(card['n_indicators'])}** chỉ tiêu")
        if card["latest"]:
            st.markdown(f"Kỳ mới nhất: {card['latest']}")
        if card["population"]:
            st.markdown(f"Dân số: {card['population']}")
        for row in headlines[headlines["lineage"] == card["lineage"]].itertuples():
            st.markdown(f"#### {value_text(row.value, row.qualifier, row.unit_label)}")
            st.markdown(f"{row.indicator_name} ({format_period(row.period_start, row.period_end)})",
                        help=f"Phạm vi: {row.scope_vi}.")
            st.caption(f"Nguồn: {row.source_issuer}")
        with st.expander("Đã có số liệu về"):
            st.markdown("\n".join(f"- {t}" for t in card["themes"]) or "Chưa có.")

counts = ui.cached("indicator_counts", filters)
counts = counts[counts["lineage"].isin(lineages["lineage"])]
if not counts.empty:
    source = (f"Nguồn: tổng hợp từ {frame['source_id'].nunique()} nguồn; danh mục và vị trí từng số liệu "
              "ở trang «Nguồn & dữ liệu».")
    fig = coverage_figure(counts, title="Số lượng số liệu theo địa phương và lĩnh vực", source=source)
    ui.show_chart(fig, key="coverage")
    st.caption("Ô trống: chưa có số liệu nào trong các nguồn đã thu thập, không có nghĩa là bằng 0.")
