"""So sánh: localities side by side, only on figures that are comparable."""

import streamlit as st

from danvan import ui
from danvan.charts import compare_figure, source_line
from danvan.formatting import format_number
from danvan.reading.page_data import MAX_BARS, PERIOD_MODES
from danvan.ui import reads

st.title("So sánh giữa các địa phương")
filters = ui.current_filters()
if ui.scope_switch("cmp_scope") == ui.COMMUNES:
    communes = ui.commune_choices("cmp", filters)
    if communes is None:
        ui.empty_message()
        st.stop()
    if communes.chart.empty:
        st.info(f"Chưa có số liệu so sánh được của các xã, phường thuộc {communes.province_name} cho lựa chọn này.",
                icon=":material/info:")
    else:
        title = communes.title
        if communes.n_bars > MAX_BARS:
            title += (f" ({MAX_BARS // 2} số lớn nhất và {MAX_BARS // 2} số nhỏ nhất trong "
                      f"{format_number(communes.n_bars)})")
        fig = ui.cached_figure(("compare_xa", filters, communes.choice), lambda: compare_figure(
            communes.chart, title=title, unit_label=communes.layer.unit_label, source=communes.layer.source,
            value_col=communes.layer.value_col, higher_is_better=communes.higher_is_better, colour="#1f77b4"))
        ui.show_chart(fig, key="compare_communes")
    ui.commune_notes(communes)
    ui.commune_tables(communes, key="cmp_communes")
    st.stop()

labels = reads.indicator_labels(filters, include_undated=True)
if not labels:
    ui.empty_message()
    st.stop()

indicator = ui.url_picker(st, "Chỉ tiêu", labels, key="cmp_indicator", param="chi_tieu")
left, middle, right = st.columns([2, 1, 1])
ui.url_param("cmp_period", "ky", list(PERIOD_MODES), default="cung_ky")
period_mode = left.segmented_control("Kỳ so sánh", list(PERIOD_MODES), format_func=PERIOD_MODES.get,
                                     key="cmp_period", help="«Cùng kỳ»: kỳ gần nhất mà mọi địa phương cùng có. Các "
                                     "lựa chọn khác đặt cạnh nhau số liệu khác kỳ, kèm ghi chú trên biểu đồ.") or "cung_ky"
ui.url_flag("cmp_levels", "khac_cap")
mixed_levels = middle.toggle("Cả đơn vị khác cấp", key="cmp_levels",
                             help="Mặc định chỉ đặt cạnh nhau các đơn vị cùng cấp (tỉnh với tỉnh, huyện với huyện).")
if "cmp_per_10k_asked" not in st.session_state:  # the URL's choice, else None: decided by the data
    st.session_state.cmp_per_10k_asked = {"1": True, "0": False}.get(st.query_params.get("tren_10000", ""))
asked = st.session_state.cmp_per_10k_asked
data = reads.comparison(filters, indicator, period_mode, asked, mixed_levels)
if data is None:
    ui.empty_message()
    st.stop()
st.session_state["cmp_per_10k"] = data.per_capita


def _per_capita_changed() -> None:
    st.session_state.cmp_per_10k_asked = st.session_state.cmp_per_10k


right.toggle("Tính trên 10.000 dân", key="cmp_per_10k", disabled=not data.is_flow, on_change=_per_capita_changed,
             help="Mặc định bật khi biết dân số đúng năm của mọi địa phương; chỉ áp dụng cho số đếm.")
ui.write_url({"chi_tieu": indicator, "ky": None if period_mode == "cung_ky" else period_mode,
              "khac_cap": "1" if mixed_levels else None,
              "tren_10000": None if asked is None else ("1" if asked else "0")})

first = data.first
if data.undated_only:
    st.info("Các số liệu của chỉ tiêu này đều không rõ kỳ báo cáo nên không xếp hạng được.",
            icon=":material/info:")
else:
    if data.missing_population:
        st.warning(
            f"Không có số dân đúng năm cho: {data.missing_population}. "
            "Các số liệu này không được tính trên 10.000 dân.",
            icon=":material/warning:",
        )
    if data.left_out:
        st.info(f"Không có số liệu {data.period}: {data.left_out}.", icon=":material/event_busy:")
    if data.chart.empty:
        st.info(data.note or "Không có số liệu nào tính được trên 10.000 dân.", icon=":material/info:")
        if data.unshared is not None:
            st.markdown("**Số liệu mới nhất của từng địa phương** (không cùng kỳ, không xếp hạng). Chọn «Số mới "
                        "nhất của mỗi địa phương» ở «Kỳ so sánh» để vẽ cạnh nhau, kèm ghi chú.")
            ui.show_table(data.unshared_table, key="cmp_unshared")
    else:
        title = f"{first['indicator_name']} – {data.scope_name}" + (f", {data.period}" if data.period else "")
        if data.n_bars > MAX_BARS:
            title += f" ({MAX_BARS // 2} số lớn nhất và {MAX_BARS // 2} số nhỏ nhất trong {format_number(data.n_bars)})"
        if data.note:
            title += f"<br><sub>{data.note}</sub>"
            st.warning(data.note, icon=":material/warning:")
        fig = ui.cached_figure(("compare", filters, indicator, period_mode, data.per_capita, mixed_levels),
                               lambda: compare_figure(
            data.chart, title=title, unit_label=data.unit, source=source_line(data.chart),
            value_col=data.value_col, higher_is_better=data.higher_is_better))
        ui.show_chart(fig, key="compare")
        if data.n_lineages < 2:
            st.info("Chỉ có một địa phương có số liệu so sánh được cho chỉ tiêu này.", icon=":material/info:")

st.caption(
    "Mặc định chỉ đặt cạnh nhau các số liệu cùng chỉ tiêu, cùng đơn vị tính, cùng loại phạm vi báo cáo, cùng cấp "
    "hành chính và cùng kỳ báo cáo. Số liệu còn lại được liệt kê riêng kèm lý do."
)

if data.apart:
    st.subheader("Không so sánh được – hiển thị riêng")
    for group, table in zip(data.apart, data.apart_tables, strict=True):
        st.markdown(f"**{group.reason}**")
        ui.show_table(table, key=f"apart_{group.key}")
