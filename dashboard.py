"""Entry point: page set-up, the shared sidebar filters (mirrored to the URL), routing."""

from pathlib import Path

import streamlit as st

from danvan import ui
from danvan.formatting import with_level
from danvan.reading.filters import LEVEL_CHOICES, from_query_params, to_query_params
from danvan.ui import auth as ui_auth
from danvan.ui import language as ui_language
from danvan.ui import reads

HERE = Path(__file__).resolve().parent

st.set_page_config(
    page_title="Công tác dân vận – so sánh địa phương",
    page_icon=str(HERE / "static" / "icon.png"),
    layout="wide",
)
ui_language.install()  # Streamlit's own English words shown in Vietnamese
ui.page_style()  # compact on a 1280×720 projector

ui.engine()  # builds the database from data/ on first start
ui_auth.bootstrap_admin()  # first administrator from DANVAN_ADMIN_USER/DANVAN_ADMIN_PASSWORD, once
ui.begin_run()  # the data version, read once per run: every cached read below keys on it
bounds = reads.year_bounds()

if "f_years" not in st.session_state:
    # Any unit of the catalogue may come in the URL (dia_ban=xa-00082-2025,tra-vinh).
    asked = tuple(a for a in (st.query_params.get("dia_ban") or "").split(",") if a)[:200]
    start = from_query_params(st.query_params.to_dict(), reads.lineage_ids(asked), bounds)
    st.session_state.f_years = (start.year_from, start.year_to)
    st.session_state.f_areas = list(start.lineages)
    st.session_state.f_level = start.level

with st.sidebar:
    st.header("Bộ lọc chung")
    st.slider("Khoảng năm", min_value=bounds[0], max_value=bounds[1], key="f_years",
              help="Chỉ hiện số liệu có kỳ báo cáo giao với khoảng năm này.")
    st.subheader("Địa bàn")
    chosen = list(st.session_state.get("f_areas") or [])
    focus = reads.focus_lineages()
    st.button("Địa bàn trọng điểm", key="area_focus", icon=":material/star:", on_click=ui.clear_areas,
              type="secondary" if chosen else "primary", width="stretch",
              help="5 địa phương trọng điểm và các đơn vị kế thừa chính từ 01/07/2025: "
                   + ", ".join(with_level(n, lv) for n, lv in zip(focus["short_name_vi"], focus["level_label_vi"],
                                                              strict=True)) + ".")
    if not chosen:
        st.caption(f"Đang xem nhóm «Địa bàn trọng điểm» ({len(focus)} đơn vị). Tìm hoặc chọn đơn vị "
                   "dưới đây để xem địa bàn khác.")
    else:
        st.caption(f"Đang xem {len(chosen)} đơn vị đã chọn:")
        for lineage in chosen:
            name, remove = st.columns([6, 1], vertical_alignment="center", gap="small")
            name.markdown(ui.lineage_label(lineage))
            remove.button(":material/close:", key=f"area_remove_{lineage}", type="tertiary",
                          on_click=ui.remove_area, args=(lineage,), help="Bỏ đơn vị này khỏi lựa chọn")
    ui.unit_finder("area_find", ui.add_area, action="Thêm vào địa bàn")
    st.radio("Cấp", options=list(LEVEL_CHOICES), format_func=ui.format_with(LEVEL_CHOICES), key="f_level")
    st.caption("Đường dẫn trên thanh địa chỉ giữ các lựa chọn này: sao chép để chia sẻ đúng màn hình.")
    st.divider()
    ui_auth.sign_in_panel()

ui.write_url({"tu": None, "den": None, "dia_ban": None, "cap": None}
             | to_query_params(ui.current_filters(), bounds))


def page(file: str, title: str, icon: str, url_path: str, **kwargs) -> st.Page:
    return st.Page(HERE / "pages" / file, title=title, icon=f":material/{icon}:", url_path=url_path, **kwargs)


# Reading is free: everyone gets the public pages. Pages a user may not use are left out of
# st.navigation, so they are not routable either (a typed URL ends on the default page).
public = [
    page("tong_quan.py", "Tổng quan", "dashboard", "tong-quan", default=True),
    page("xu_huong.py", "Xu hướng", "show_chart", "xu-huong"),
    page("so_sanh.py", "So sánh", "bar_chart", "so-sanh"),
    page("ban_do.py", "Bản đồ", "map", "ban-do"),
    page("dan_van_kheo.py", "Dân vận khéo", "groups", "dan-van-kheo"),
    page("mo_hinh.py", "Sổ mô hình Dân vận khéo", "menu_book", "mo-hinh"),
    page("ho_so.py", "Hồ sơ địa phương", "location_city", "ho-so"),
    page("trinh_chieu.py", "Bộ trình chiếu", "slideshow", "trinh-chieu"),
    page("nguon_du_lieu.py", "Nguồn & dữ liệu", "table", "nguon-du-lieu"),
]
role = (ui_auth.current_user() or {}).get("role")  # None: a reader; editor | admin
editing = []
if role in ("editor", "admin"):
    editing += [page("nhap_du_lieu.py", "Nhập dữ liệu", "upload_file", "nhap-du-lieu"),
                page("lich_su_nhap.py", "Lịch sử nhập", "history", "lich-su-nhap")]
if role == "admin":
    editing += [page("quan_tri.py", "Quản lý biên tập viên", "admin_panel_settings", "quan-tri"),
                page("chi_tieu_trong_tam.py", "Chỉ tiêu trọng tâm", "star", "chi-tieu-trong-tam")]
sections = {"Xem số liệu": public} | ({"Biên tập": editing} if editing else {})
st.navigation(sections, expanded=True).run()  # every page listed: no «View N more»
