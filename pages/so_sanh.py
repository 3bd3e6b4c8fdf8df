"""So sánh: localities side by side, only on figures that are comparable."""

import streamlit as st

from danvan import ui, views
from danvan.charts import compare_figure, source_line
from danvan.formatting import format_number
from danvan.page_data import MAX_BARS

st.title("So sánh giữa các địa phương")
st.caption(
    "Chỉ đặt cạnh nhau các số liệu cùng chỉ tiêu, cùng đơn vị tính, cùng loại phạm vi báo cáo và "
    "(với số đếm trong kỳ) cùng độ dài kỳ báo cáo. Số liệu còn lại được liệt kê riêng kèm lý do."
)
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
            title += (f" ({MAX_BARS // 2} cao nhất và {MAX_BARS // 2} thấp nhất trong "
                      f"{format_number(communes.n_bars)})")
        fig = ui.cached_figure(("compare_xa", filters, communes.choice), lambda: compare_figure(
            communes.chart, title=title, unit_label=communes.layer.unit_label, source=communes.layer.source,
            value_col=communes.layer.value_col, higher_is_better=communes.higher_is_better, colour="#1f77b4"))
        ui.show_chart(fig, key="compare_communes")
    ui.commune_notes(communes)
    ui.commune_tables(communes, key="cmp_communes")
    st.stop()

labels = ui.model("indicator_labels", filters, include_undated=True)
if not labels:
    ui.empty_message()
    st.stop()

indicator = ui.url_picker(st, "Chỉ tiêu", labels, key="cmp_indicator", param="chi_tieu")
left, right = st.columns(2)
ui.url_flag("cmp_latest", "moi_nhat", default=True)
ui.url_flag("cmp_per_10k", "tren_10000")
latest_only = left.toggle("Chỉ số liệu mới nhất của mỗi địa phương", key="cmp_latest")
wanted_per_capita = bool(st.session_state.get("cmp_per_10k"))
data = ui.model("comparison", filters, indicator, latest_only, wanted_per_capita)
if data is None:
    ui.empty_message()
    st.stop()
per_capita = right.toggle("Tính trên 10.000 dân", key="cmp_per_10k", disabled=not data.is_flow,
                          help="Chỉ áp dụng cho số đếm, khi biết dân số của đúng năm đó.")
ui.write_url({"chi_tieu": indicator, "tren_10000": "1" if per_capita and data.is_flow else None,
              "moi_nhat": None if latest_only else "0"})

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
    if data.chart.empty:
        ui.empty_message("Không có số liệu nào tính được trên 10.000 dân.")
    else:
        title = f"{first['indicator_name']} – {data.scope_name}"
        if data.n_bars > MAX_BARS:
            title += f" ({MAX_BARS // 2} cao nhất và {MAX_BARS // 2} thấp nhất trong {format_number(data.n_bars)})"
        fig = ui.cached_figure(("compare", filters, indicator, latest_only, per_capita), lambda: compare_figure(
            data.chart, title=title, unit_label=data.unit, source=source_line(data.chart),
            value_col=data.value_col, higher_is_better=views.optional_bool(first["higher_is_better"])))
        ui.show_chart(fig, key="compare")
        if data.n_lineages < 2:
            st.info("Chỉ có một địa phương có số liệu so sánh được cho chỉ tiêu này.", icon=":material/info:")

if data.apart:
    st.subheader("Không so sánh được – hiển thị riêng")
    for group in data.apart:
        st.markdown(f"**{group.reason}**")
        ui.show_table(views.observation_table(group.rows), key=f"apart_{group.key}")
