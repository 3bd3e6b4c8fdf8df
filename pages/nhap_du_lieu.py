"""Nhập dữ liệu: template, upload, validation, preview, confirm — for signed-in editors."""

import streamlit as st

from danvan import ui
from danvan.data.db import WriteError
from danvan.importing import MAX_IMPORT_BYTES, ImportFileError, model_template_xlsx, template_xlsx
from danvan.importing import service as import_service
from danvan.importing import tables as import_views
from danvan.ui import auth as ui_auth
from danvan.ui import importing as ui_import
from danvan.ui import reads

user = ui_auth.require_editor()
st.title("Nhập dữ liệu")
# Stateful tabs: the chosen one stays chosen across reruns, and only its content runs.
tab_file, tab_held = st.tabs(["Nhập tệp", "Chờ bổ sung"], key="imp_tab", on_change="rerun")
if tab_held.open:
    with tab_held:
        ui_import.held_section(user["username"])
    st.stop()
with tab_file:
    kinds = {"observations": "Số liệu theo chỉ tiêu", "models": "Danh sách mô hình «Dân vận khéo»"}
    kind = st.radio("Loại tệp", list(kinds), format_func=ui.format_with(kinds), key="imp_kind", horizontal=True)
    localities = reads.localities()
    catalogue = reads.catalogue()

    st.markdown("**Bước 1.** Tải lên bảng số liệu đang dùng (ứng dụng tự đọc các cột như Địa phương, Chỉ tiêu, Giá trị, "
                "Đơn vị tính, Kỳ báo cáo, Nguồn), hoặc dùng tệp mẫu Excel (trang «Hướng dẫn» giải thích từng cột).")
    if kind == "models":
        st.download_button("Tải tệp mẫu (.xlsx)", lambda: model_template_xlsx(localities), key="imp_template",
                           file_name="mau_nhap_mo_hinh_dan_van_kheo.xlsx", icon=":material/download:",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    else:
        st.download_button("Tải tệp mẫu (.xlsx)",
                           lambda: template_xlsx(catalogue, localities, reads.scope_classes()), key="imp_template",
                           file_name="mau_nhap_so_lieu_dan_van.xlsx", icon=":material/download:",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    st.markdown("**Bước 2.** Tải tệp đã điền lên (.xlsx hoặc .csv). Ứng dụng kiểm tra toàn bộ trước khi ghi.")
    limit_mb = MAX_IMPORT_BYTES // (1024 * 1024)  # the widget refuses what the import would refuse
    upload = st.file_uploader(f"Tệp số liệu (.xlsx hoặc .csv, tối đa {limit_mb} MB)", type=["xlsx", "csv", "xlsm", "xls"],
                              key="imp_file", max_upload_size=limit_mb)
    if upload is None:
        st.stop()
    if kind == "observations":
        try:
            table = ui_import.read_upload(upload.name, upload.getvalue())
        except ImportFileError as error:
            st.error(f"Tệp {upload.name} không nhập được. Chưa ghi gì vào cơ sở dữ liệu.", icon=":material/error:")
            ui.show_table(import_views.problems_table(error.problems), key="imp_file_problems")
            st.stop()
        if not import_service.is_template(table):
            ui_import.staff_section(upload.name, upload.getvalue(), user["username"])
            st.stop()
    try:
        prepared = import_service.prepare(ui.engine(), upload.name, upload.getvalue(), kind=kind)
    except ImportFileError as error:
        st.error(f"Tệp {upload.name} không nhập được. Chưa ghi gì vào cơ sở dữ liệu.", icon=":material/error:")
        ui.show_table(import_views.problems_table(error.problems), key="imp_file_problems")
        st.stop()

    plan = prepared.plan
    st.markdown(f"**Bước 3. Xem trước:** {plan.summary_vi()}.")
    if prepared.duplicate_of:
        st.warning(f"Tệp giống hệt đã được nhập ở lô số {prepared.duplicate_of}.", icon=":material/content_copy:")
    if plan.problems:
        st.error(f"Tệp {upload.name} có lỗi, chưa ghi gì. Sửa các dòng dưới đây rồi tải lên lại.",
                 icon=":material/error:")
        ui.show_table(import_views.problems_table(plan.problems), key="imp_problems")
    if plan.warnings:
        with st.expander(f"Lưu ý ({len(plan.warnings)})"):
            ui.show_table(import_views.problems_table(plan.warnings), key="imp_warnings")
    if kind == "models":
        if plan.to_add:
            st.subheader(f"Sẽ thêm {len(plan.to_add)} mô hình")
            ui.show_table(import_views.models_table(plan.to_add, localities), key="imp_models")
        accept: set[int] = set()
    else:
        if plan.to_add:
            st.subheader(f"Sẽ thêm {len(plan.to_add)} số liệu")
            ui.show_table(import_views.additions_table(plan.to_add, catalogue, localities), key="imp_add")
        accept = set()
        if plan.conflicts:
            st.subheader(f"Khác số liệu đang có: {len(plan.conflicts)} dòng")
            st.caption("Đánh dấu «Thay thế» cho dòng muốn dùng số mới. Dòng không đánh dấu bị từ chối; số cũ vẫn giữ "
                       "và có thể khôi phục bằng cách hoàn tác lô nhập.")
            edited = st.data_editor(import_views.conflicts_table(plan.conflicts, catalogue, localities),
                                    disabled=lambda column: column != "Thay thế", hide_index=True, key="imp_conflicts")
            accept = set(edited.loc[edited["Thay thế"], "Dòng"])
        if plan.unchanged:
            st.caption(f"Bỏ qua {len(plan.unchanged)} dòng trùng với số liệu đã có: dòng "
                       + ", ".join(map(str, plan.unchanged)) + ".")

    confirmed = ui_import.questions_step(plan.questions, "imp")  # figures held until the editor confirms
    if st.button("Xác nhận nhập", type="primary", key="imp_confirm", disabled=bool(plan.problems) or not confirmed):
        bar = st.progress(0.0, text="Đang ghi…")
        try:
            batch_id = import_service.commit(
                ui.engine(), prepared, user["username"], accept, confirmed=bool(plan.questions) and confirmed,
                progress=lambda done, total: bar.progress(done / max(total, 1), text=f"Đã ghi {done}/{total} dòng"))
        except WriteError as error:
            bar.empty()
            st.error(str(error), icon=":material/error:")
        else:
            bar.empty()
            st.success(f"Đã nhập thành lô số {batch_id}. Xem hoặc hoàn tác ở trang «Lịch sử nhập».",
                       icon=":material/check_circle:")
            if prepared.already_present:
                st.info(f"{len(prepared.already_present)} dòng đã có (một lần nhập khác vừa ghi đúng số này), không "
                        "ghi lại: dòng " + ", ".join(map(str, prepared.already_present)) + ".",
                        icon=":material/info:")
