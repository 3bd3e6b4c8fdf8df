"""So sánh: localities side by side, only on figures that are comparable."""

import streamlit as st

from danvan import ui, views
from danvan.charts import compare_figure, source_line
from danvan.comparability import FLOW_KINDS, comparable_groups, per_10k

st.title("So sánh giữa các địa phương")
st.caption(
    "Chỉ đặt cạnh nhau các số liệu cùng chỉ tiêu, cùng đơn vị tính, cùng loại phạm vi báo cáo và "
    "(với số đếm trong kỳ) cùng độ dài kỳ báo cáo. Số liệu còn lại được liệt kê riêng kèm lý do."
)
filters = ui.current_filters()
frame = ui.cached("observations", filters, include_undated=True)
if frame.empty:
    ui.empty_message()
    st.stop()

labels = views.indicator_choices(frame)
ui.url_param("cmp_indicator", "chi_tieu", list(labels))
if st.session_state.get("cmp_indicator") not in labels:
    st.session_state.cmp_indicator = next(iter(labels))
indicator = st.selectbox("Chỉ tiêu", list(labels), format_func=ui.format_with(labels), key="cmp_indicator")
rows = frame[frame["indicator_code"] == indicator]
first = rows.iloc[0]
is_flow = first["kind"] in FLOW_KINDS or first["kind"] == "stock"
left, right = st.columns(2)
ui.url_flag("cmp_latest", "moi_nhat", default=True)
ui.url_flag("cmp_per_10k", "tren_10000")
latest_only = left.toggle("Chỉ số liệu mới nhất của mỗi địa phương", key="cmp_latest")
per_capita = right.toggle("Tính trên 10.000 dân", key="cmp_per_10k", disabled=not is_flow,
                          help="Chỉ áp dụng cho số đếm, khi biết dân số của đúng năm đó.")
ui.write_url({"chi_tieu": indicator, "tren_10000": "1" if per_capita and is_flow else None,
              "moi_nhat": None if latest_only else "0"})

groups = comparable_groups(views.with_vintage_names(rows))
main = groups[0]
if main.key[3] == "khong_ro":
    st.info("Các số liệu của chỉ tiêu này đều không rõ kỳ báo cáo nên không xếp hạng được.",
            icon=":material/info:")
else:
    data, unit, value_col = main.rows, first["unit_label"], "value"
    if latest_only:
        data = views.latest_per_locality(data)
    if per_capita and is_flow:
        data = per_10k(data, ui.cached("population"))
        known = data.dropna(subset=["per_10k"])
        missing = data[data["per_10k"].isna()]
        if not missing.empty:
            st.warning(
                f"Không có số dân đúng năm cho: {views.missing_population_label(missing)}. "
                "Các số liệu này không được tính trên 10.000 dân.",
                icon=":material/warning:",
            )
        data, unit, value_col = known, f"{first['unit_label']} / 10.000 dân", "per_10k"
    if data.empty:
        ui.empty_message("Không có số liệu nào tính được trên 10.000 dân.")
    else:
        source = source_line(data)
        title = f"{first['indicator_name']} – {main.rows['scope_class_name'].iloc[0]}"
        fig = compare_figure(data, title=title, unit_label=unit, source=source, value_col=value_col,
                             higher_is_better=views.optional_bool(first["higher_is_better"]))
        ui.show_chart(fig, key="compare")
        if main.lineages < 2:
            st.info("Chỉ có một địa phương có số liệu so sánh được cho chỉ tiêu này.", icon=":material/info:")

apart = groups[1:]
if apart:
    st.subheader("Không so sánh được – hiển thị riêng")
    for group in apart:
        st.markdown(f"**{group.reason}**")
        ui.show_table(views.observation_table(group.rows), key=f"apart_{group.key}")
