"""Chỉ tiêu trọng tâm: the administrator chooses the dân vận indicators every page opens on."""

import streamlit as st

from danvan import ui
from danvan.formatting import vn_sort_key
from danvan.reading import core_indicators
from danvan.ui import auth as ui_auth
from danvan.ui import reads
from danvan.vocabulary import CONTEXT_KIND, CONTEXT_THEMES

admin = ui_auth.require_admin()

st.title("Chỉ tiêu trọng tâm")
st.caption("Các trang mở trên những chỉ tiêu này: thẻ số liệu ở «Tổng quan» (số cả năm gần nhất, không lấy số một "
           "tháng khi đã có số cả năm), chỉ tiêu đầu tiên của «Xu hướng», «So sánh» và «Bản đồ». Thứ tự chọn là thứ "
           "tự hiển thị; chỉ tiêu có từ hai địa phương báo cáo được ưu tiên khi so sánh.")

flash = st.session_state.pop("ct_flash", None)
if flash:
    st.success(flash, icon=":material/check_circle:")

catalogue = reads.catalogue()
work = catalogue[~catalogue["theme"].isin(CONTEXT_THEMES) & (catalogue["kind"] != CONTEXT_KIND)]
work = work.assign(sort=[(vn_sort_key(t), vn_sort_key(n)) for t, n in zip(work["theme_name"], work["name_vi"],
                                                                         strict=True)]).sort_values("sort")
names = {row.code: f"{row.name_vi} ({row.theme_name})" for row in work.itertuples()}
current = list(reads.core_indicator_codes())
if reads.core_indicators_are_default():
    st.info("Đang dùng danh sách mặc định: tiếp công dân, đơn thư và khiếu nại tố cáo, Dân vận khéo, quy chế dân "
            "chủ ở cơ sở, cải cách hành chính liên quan trực tiếp đến người dân.", icon=":material/info:")

with st.form("ct_form"):
    chosen = st.multiselect("Chỉ tiêu trọng tâm (theo thứ tự)", list(names), default=[c for c in current if c in names],
                            format_func=names.get, key="ct_codes", max_selections=core_indicators.MAX_CORE,
                            placeholder="Chọn chỉ tiêu", help="Gõ vài chữ để tìm, không cần dấu.")
    saved = st.form_submit_button("Lưu danh sách", type="primary", icon=":material/save:", key="ct_save")
if saved:
    try:
        core_indicators.save(ui.engine(), chosen, admin["username"])
    except core_indicators.CoreIndicatorError as error:
        st.error(str(error), icon=":material/error:")
    else:
        ui.data_changed()
        st.session_state["ct_flash"] = f"Đã lưu {len(chosen)} chỉ tiêu trọng tâm."
        st.rerun()

if not reads.core_indicators_are_default() and st.button("Đặt lại danh sách mặc định", key="ct_reset",
                                                     icon=":material/restart_alt:"):
    core_indicators.reset(ui.engine(), admin["username"])
    ui.data_changed()
    st.session_state["ct_flash"] = "Đã đặt lại danh sách mặc định."
    st.rerun()

st.subheader("Thứ tự đang dùng")
st.markdown("\n".join(f"{index}. {names.get(code, code)}" for index, code in enumerate(current, start=1)))
