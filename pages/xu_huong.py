"""Xu hướng: one indicator over time, one line per locality."""

from datetime import date

import streamlit as st

from danvan import ui, views
from danvan.charts import source_line, trend_figure
from danvan.comparability import comparable_groups
from danvan.formatting import format_number

st.title("Xu hướng theo thời gian")
filters = ui.current_filters()
frame = ui.cached("observations", filters)
if frame.empty:
    ui.empty_message()
    st.stop()

themes = views.vn_sort(frame.drop_duplicates("theme")[["theme", "theme_name"]], "theme_name")
theme_names = dict(zip(themes["theme"], themes["theme_name"], strict=True))
ui.url_param("trend_theme", "linh_vuc", list(theme_names), default=next(iter(theme_names)))
if st.session_state.get("trend_theme") not in theme_names:
    st.session_state.trend_theme = next(iter(theme_names))
left, right = st.columns(2)
theme = left.selectbox("Lĩnh vực", list(theme_names), format_func=ui.format_with(theme_names),
                       key="trend_theme")

in_theme = frame[frame["theme"] == theme]
counts = in_theme.groupby("indicator_code").agg(label=("indicator_name", "first"), n=("obs_id", "size"))
counts = counts.sort_values(["n", "label"], ascending=[False, True])
indicator_names = {code: f"{row.label} ({format_number(row.n)} số liệu)" for code, row in counts.iterrows()}
ui.url_param("trend_indicator", "chi_tieu", list(indicator_names))
if st.session_state.get("trend_indicator") not in indicator_names:
    st.session_state.trend_indicator = next(iter(indicator_names))
indicator = right.selectbox("Chỉ tiêu", list(indicator_names), format_func=ui.format_with(indicator_names),
                            key="trend_indicator")
ui.write_url({"linh_vuc": theme, "chi_tieu": indicator})

rows = in_theme[in_theme["indicator_code"] == indicator]
first = rows.iloc[0]
modes = {"nhu_cu": "Như tại thời điểm số liệu", "2025": "Cộng dồn về tỉnh từ 1/7/2025"}
ui.url_param("trend_mode", "ranh_gioi", list(modes), default="nhu_cu")
mode = st.radio("Ranh giới", list(modes), format_func=ui.format_with(modes), key="trend_mode", horizontal=True)
ui.write_url({"ranh_gioi": None if mode == "nhu_cu" else mode})
apart = None
if mode == "2025":
    localities = ui.cached("localities")
    gso_of = dict(zip(localities["locality_id"], localities["gso_code"], strict=True))
    rows, apart, notes = views.reform_series(rows, ui.cached("province_crosswalk"), gso_of)
    for note in notes:
        st.caption(note)
    if rows.empty:
        st.warning("Không có số liệu nào của chỉ tiêu này cộng dồn được về tỉnh mới; xem lý do bên dưới.",
                   icon=":material/warning:")
catalogue = ui.cached("catalogue")
definition = catalogue.loc[catalogue["code"] == indicator, "definition_vi"]
if not definition.empty and definition.iloc[0]:
    st.markdown(f"**Định nghĩa:** {definition.iloc[0]}")

x_range = (date(filters.year_from, 1, 1), date(filters.year_to, 12, 31))
for number, group in enumerate(comparable_groups(rows, by_period=False) if not rows.empty else []):
    if number:
        st.subheader(f"Vẽ riêng: {group.rows['scope_class_name'].iloc[0]}")
        st.warning(group.reason, icon=":material/call_split:")
    source = source_line(group.rows)
    fig = trend_figure(
        group.rows,
        title=f"{first['indicator_name']} – {group.rows['scope_class_name'].iloc[0]}",
        unit_label=first["unit_label"], x_range=x_range, source=source,
    )
    ui.show_chart(fig, key=f"trend_{number}")

st.caption(
    "Cách đọc: hình tròn = số liệu cả năm (đặt giữa năm); hình vuông trên dải mờ = kỳ báo cáo không "
    "trọn năm hoặc nhiều năm (dải mờ trải từ đầu đến cuối kỳ); hình thoi = số tại một thời điểm "
    "(luỹ kế đến ngày); tam giác = kỳ chỉ biết ngày bắt đầu. Đường không nối qua lần điều chỉnh địa giới. "
    "Vạch đứt: thay đổi địa giới hành chính."
)

with st.expander("Các số liệu trên biểu đồ"):
    ui.show_table(views.observation_table(rows), key="trend_table")

if apart is not None and not apart.empty:
    st.subheader("Không cộng dồn được về tỉnh mới")
    ui.show_table(views.observation_table(apart).assign(**{"Lý do": apart["reason"].tolist()}),
                  key="trend_apart")

undated = views.undated(ui.cached("observations", filters, indicator=indicator, include_undated=True))
if not undated.empty:
    st.subheader("Không vẽ được: nguồn không nêu kỳ báo cáo")
    ui.show_table(views.observation_table(undated), key="trend_undated")
