"""Sổ mô hình «Dân vận khéo»: search for everyone; add and edit for signed-in editors."""

import streamlit as st

from danvan import ui
from danvan.charts import registry_figure
from danvan.reading import tables as views
from danvan.registry import RegistryError, add_model, update_model
from danvan.ui import auth as ui_auth
from danvan.ui import reads
from danvan.vocabulary import DVK_FIELDS as FIELDS
from danvan.vocabulary import DVK_STATUSES as STATUSES
from danvan.vocabulary import DVK_SUBJECTS as SUBJECTS

st.title("Sổ đăng ký mô hình «Dân vận khéo»")
filters = ui.current_filters()
c1, c2, c3 = st.columns([2, 1, 1])
text = c1.text_input("Tìm (không cần gõ dấu)", key="reg_text")
status = c2.selectbox("Lọc theo trạng thái", ["", *STATUSES], format_func=lambda s: STATUSES.get(s, "Tất cả"),
                      key="reg_status", filter_mode=None)
field = c3.selectbox("Lọc theo lĩnh vực", ["", *FIELDS], format_func=lambda s: FIELDS.get(s, "Tất cả"), key="reg_field",
                   filter_mode=None)
models = reads.dvk_models(filters, text=text, status=status, field=field)

shown = None
if models.empty:
    ui.empty_message("Chưa có mô hình nào trong sổ khớp với lựa chọn này.")
else:
    fig = ui.cached_figure(("registry", filters, text, status, field), lambda: registry_figure(
        views.registry_counts(models), title="Số mô hình trong sổ đăng ký theo địa phương và lĩnh vực",
        source="Nguồn: sổ đăng ký mô hình của ứng dụng (do biên tập viên nhập, có minh chứng)."))
    ui.show_chart(fig, key="registry_chart")
    # For a reader «Trang sau» reruns only the table (a fragment); for an editor the whole page, since
    # the list «Thêm mới hoặc sửa» below offers the models of the page being viewed.
    shown = ui.paged_table(views.registry_table(models), key="registry_table", what="mô hình", download="so-mo-hinh",
                           fragment=ui_auth.current_user() is None)
    st.caption("Mỗi mô hình, điển hình: tên, địa phương, đơn vị thực hiện, năm đăng ký và công nhận, lĩnh vực, "
               "tập thể hay cá nhân, trạng thái (đăng ký → triển khai → công nhận → điển hình → khen thưởng, hoặc "
               "dừng) và minh chứng.")

user = ui_auth.current_user()
if user is None:
    st.info("Đăng nhập biên tập (thanh bên) để thêm hoặc sửa mô hình.", icon=":material/lock:")
    st.stop()

all_models = reads.dvk_models(None)
# Offered for editing: the models on the page of the list being viewed (find one with «Tìm» and the
# page buttons), plus the one being edited; never the whole registry at once.
on_page = [] if shown is None else [int(i) for i in shown["Số"]]
known = set(all_models["id"].tolist())
chosen = st.session_state.get("reg_edit")
edit_options = [0, *on_page] + ([chosen] if chosen in known and chosen not in on_page else [])
if chosen not in edit_options:
    st.session_state.pop("reg_edit", None)
editing = st.selectbox("Thêm mới hoặc sửa", edit_options, key="reg_edit", filter_mode=None,
                       help="Sửa được các mô hình trên trang đang xem của bảng; dùng ô «Tìm» và nút chuyển "
                            "trang để tìm mô hình cần sửa.",
                       format_func=lambda i: "Thêm mô hình mới" if i == 0 else
                       f"Sửa số {i}: {all_models.set_index('id').loc[i, 'name']}")
current = all_models.set_index("id").loc[editing].to_dict() if editing else {}

# The locality: any unit of the catalogue (a province, a district, an old or a new commune), chosen
# outside the form by name or province → unit; a new entry starts at the sidebar's first unit.
if st.session_state.get("_reg_locality_for") != editing:
    st.session_state._reg_locality_for = editing
    first = list(reads.areas(filters)["lineage"]) or list(reads.focus_lineages()["lineage"])
    st.session_state.reg_locality = current.get("locality_id") or ui.latest_vintage(first[0])


def _set_locality(locality_id: str) -> None:
    st.session_state.reg_locality = locality_id


st.markdown(f"**Địa phương \\*:** {ui.unit_label(st.session_state.reg_locality)}")
with st.expander("Đổi địa phương: tìm theo tên hoặc chọn theo tỉnh, thành phố", icon=":material/edit_location_alt:"):
    ui.unit_finder("reg_find", _set_locality, action="Chọn đơn vị này", action_icon=":material/check:")
with st.form("reg_form", clear_on_submit=not editing):
    name = st.text_input("Tên mô hình *", value=current.get("name", ""))
    unit_name = st.text_input("Đơn vị thực hiện", value=current.get("unit_name", ""))
    y1, y2 = st.columns(2)
    registered = y1.number_input("Năm đăng ký", min_value=1990, max_value=2100, step=1,
                                 value=views.optional_int(current.get("year_registered")))
    recognised = y2.number_input("Năm công nhận", min_value=1990, max_value=2100, step=1,
                                 value=views.optional_int(current.get("year_recognised")))
    f1, f2, f3 = st.columns(3)
    field_value = f1.selectbox("Lĩnh vực", ["", *FIELDS], format_func=lambda s: FIELDS.get(s, "Chưa rõ"),
                               index=["", *FIELDS].index(current.get("field") or ""), filter_mode=None)
    subject = f2.selectbox("Tập thể / cá nhân", ["", *SUBJECTS], format_func=lambda s: SUBJECTS.get(s, "Chưa rõ"),
                           index=["", *SUBJECTS].index(current.get("subject") or ""), filter_mode=None)
    status_value = f3.selectbox("Trạng thái", list(STATUSES), format_func=ui.format_with(STATUSES),
                                index=list(STATUSES).index(current.get("status") or "dang_ky"), filter_mode=None)
    description = st.text_area("Mô tả ngắn", value=current.get("description", ""))
    evidence = st.text_input("Minh chứng, nguồn (văn bản, quyết định công nhận, đường dẫn)",
                             value=current.get("evidence", ""))
    saved = st.form_submit_button("Lưu", type="primary")
if saved:
    data = {"name": name, "locality_id": st.session_state.reg_locality, "unit_name": unit_name, "year_registered": registered,
            "year_recognised": recognised, "field": field_value, "subject": subject, "status": status_value,
            "description": description, "evidence": evidence}
    try:
        if editing:
            update_model(ui.engine(), int(editing), data, reads.locality_ids(), user["username"])
        else:
            add_model(ui.engine(), data, reads.locality_ids(), user["username"])
    except RegistryError as error:
        for problem in error.problems:
            st.error(problem, icon=":material/error:")
    else:
        ui.data_changed()
        st.success("Đã lưu mô hình.", icon=":material/check_circle:")
