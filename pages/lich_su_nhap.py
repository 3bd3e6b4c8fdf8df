"""Lịch sử nhập: every import batch; undo a whole batch."""

import streamlit as st

from danvan import ui
from danvan.data.db import WriteError
from danvan.importing import tables as import_views
from danvan.importing.batches import undo_batch
from danvan.ui import auth as ui_auth
from danvan.ui import reads

user = ui_auth.require_editor()
st.title("Lịch sử nhập dữ liệu")
batches = reads.import_history()
if batches.empty:
    ui.empty_message("Chưa có lô nhập nào.")
    st.stop()
ui.show_table(import_views.batches_table(batches), key="batches")

active = batches[batches["status"] == "active"]
if not active.empty:
    st.subheader("Hoàn tác một lô nhập")
    labels = {int(r.id): f"Lô {r.id}: {r.file_name} ({r.user})" for r in active.itertuples()}
    chosen = st.selectbox("Lô cần hoàn tác", list(labels), format_func=ui.format_with(labels), key="undo_batch")
    sure = st.checkbox("Tôi hiểu: mọi số liệu của lô này bị gỡ, số liệu cũ mà lô đã thay thế được dùng lại.",
                       key="undo_sure")
    if st.button("Hoàn tác lô", key="undo_go", disabled=not sure):
        try:
            undo_batch(ui.engine(), chosen, user["username"])
        except WriteError as error:
            st.error(str(error), icon=":material/error:")
        else:
            ui.data_changed()
            st.success(f"Đã hoàn tác lô số {chosen}.", icon=":material/check_circle:")
            st.rerun()

with st.expander("Nhật ký thay đổi (50 mục gần nhất)"):
    ui.show_table(import_views.audit_table(reads.audit_entries(50)), key="audit")
