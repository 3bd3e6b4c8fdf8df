"""Tổng quan: the chosen localities at a glance."""

import streamlit as st

from danvan import ui
from danvan.charts import coverage_figure, value_text
from danvan.formatting import format_number, format_period, with_level
from danvan.reading.page_data import MAX_CARDS, MAX_COVERAGE
from danvan.ui import reads

st.title("Tổng quan công tác dân vận các địa phương")
filters = ui.current_filters()
st.caption(
    f"Số liệu có kỳ báo cáo trong {filters.year_from}–{filters.year_to}. Mỗi số liệu gắn với "
    "đơn vị hành chính như tại thời điểm báo cáo (ranh giới trước sắp xếp 1/7/2025)."
)

data = reads.overview(filters)
if not data.cards:
    ui.empty_message()
    st.stop()
if data.n_areas > MAX_CARDS:
    st.info(f"Đang chọn {format_number(data.n_areas)} địa phương; thẻ dưới đây cho {MAX_CARDS} địa phương đầu "
            "tiên theo thứ tự chữ cái. Chọn địa bàn ở thanh bên để xem địa phương khác.", icon=":material/info:")

reporting = [card for card in data.cards if card["n"]]
if len(reporting) < len(data.cards):
    st.caption("Chưa có số liệu trong khoảng năm đã chọn: " + ", ".join(
        with_level(card["name"], card["level"]) for card in data.cards if not card["n"]) + ".")
columns = st.columns(min(len(reporting), 5))
for index, card in enumerate(reporting):
    with columns[index % len(columns)], st.container(border=True):
        st.subheader(card["name"])
        if with_level(card["name"], card["level"]) != card["name"]:  # not already in the name
            st.caption(card["level"])
        st.markdown(f"**{format_number(card['n'])}** số liệu · **{format_number(card['n_indicators'])}** chỉ tiêu")
        if card["latest"]:
            st.markdown(f"Kỳ mới nhất: {card['latest']}")
        if card["population"]:
            st.markdown(f"Dân số: {card['population']}")
        headlines = data.headlines
        mine = headlines[headlines["lineage"] == card["lineage"]] if not headlines.empty else headlines
        if mine.empty:
            st.caption("Chưa có số liệu về các chỉ tiêu trọng tâm trong khoảng năm đã chọn.")
        for row in mine.itertuples():
            st.markdown(f"#### {value_text(row.value, row.qualifier, row.unit_label)}")
            st.markdown(f"{row.indicator_name} ({format_period(row.period_start, row.period_end)})",
                        help=f"Phạm vi: {row.scope_vi}.")
            st.caption(f"Nguồn: {row.source_issuer}")
        with st.expander("Đã có số liệu về"):
            st.markdown("\n".join(f"- {t}" for t in card["themes"]) or "Chưa có.")

if not data.counts.empty:
    with st.expander("Độ phủ số liệu theo địa phương và lĩnh vực"):
        source = (f"Nguồn: tổng hợp từ {data.n_sources} nguồn; danh mục và vị trí từng số liệu "
                  "ở trang «Nguồn & dữ liệu».")
        title = "Số lượng số liệu theo địa phương và lĩnh vực"
        if data.n_areas > MAX_COVERAGE:
            title += f" ({MAX_COVERAGE} địa phương đầu tiên)"
        fig = ui.cached_figure(("coverage", filters), lambda: coverage_figure(data.counts, title=title, source=source))
        ui.show_chart(fig, key="coverage")
        st.caption("Ô trống: chưa có số liệu nào trong các nguồn đã thu thập, không có nghĩa là bằng 0.")
