"""Entry point: page set-up, the shared sidebar filters (mirrored to the URL), routing."""

from pathlib import Path

import streamlit as st

from danvan import ui
from danvan.filters import LEVELS, from_query_params, to_query_params
from danvan.formatting import vn_sort_key

HERE = Path(__file__).resolve().parent

st.set_page_config(
    page_title="Công tác dân vận – so sánh địa phương",
    page_icon=str(HERE / "static" / "icon.png"),
    layout="wide",
)

ui.engine()  # builds the database from data/ on first start
bounds = ui.cached("year_bounds")
names = ui.lineage_names()
areas = sorted(names, key=lambda code: vn_sort_key(names[code]))

if "f_years" not in st.session_state:
    start = from_query_params(st.query_params.to_dict(), areas, bounds)
    st.session_state.f_years = (start.year_from, start.year_to)
    st.session_state.f_areas = list(start.lineages)
    st.session_state.f_level = start.level

with st.sidebar:
    st.header("Bộ lọc chung")
    st.slider("Khoảng năm", min_value=bounds[0], max_value=bounds[1], key="f_years",
              help="Chỉ hiện số liệu có kỳ báo cáo giao với khoảng năm này.")
    st.multiselect("Địa bàn", options=areas, format_func=ui.format_with(names), key="f_areas",
                   placeholder="Tất cả 5 địa phương")
    st.radio("Cấp", options=list(LEVELS), format_func=ui.format_with(LEVELS), key="f_level")
    st.caption("Đường dẫn trên thanh địa chỉ giữ các lựa chọn này: sao chép để chia sẻ đúng màn hình.")

ui.write_url({"tu": None, "den": None, "dia_ban": None, "cap": None}
             | to_query_params(ui.current_filters(), bounds))

pages = [
    st.Page(HERE / "pages" / "tong_quan.py", title="Tổng quan", icon=":material/dashboard:",
            url_path="tong-quan", default=True),
    st.Page(HERE / "pages" / "xu_huong.py", title="Xu hướng", icon=":material/show_chart:",
            url_path="xu-huong"),
    st.Page(HERE / "pages" / "so_sanh.py", title="So sánh", icon=":material/bar_chart:",
            url_path="so-sanh"),
    st.Page(HERE / "pages" / "ban_do.py", title="Bản đồ", icon=":material/map:", url_path="ban-do"),
    st.Page(HERE / "pages" / "dan_van_kheo.py", title="Dân vận khéo", icon=":material/groups:",
            url_path="dan-van-kheo"),
    st.Page(HERE / "pages" / "ho_so.py", title="Hồ sơ địa phương", icon=":material/location_city:",
            url_path="ho-so"),
    st.Page(HERE / "pages" / "nguon_du_lieu.py", title="Nguồn & dữ liệu", icon=":material/table:",
            url_path="nguon-du-lieu"),
]
st.navigation(pages).run()
