"""Quản lý biên tập viên: accounts and the audit trail (administrators only)."""

import pandas as pd
import streamlit as st

from danvan import ui
from danvan.accounts import audit, auth, throttle
from danvan.ui import auth as ui_auth
from danvan.ui import reads

admin = ui_auth.require_admin()
actor = admin["username"]

st.title("Quản lý biên tập viên")
st.caption("Xem số liệu không cần tài khoản. Biên tập viên nhập, hoàn tác và sửa dữ liệu; quản trị viên "
           "quản lý thêm các tài khoản. Người đăng nhập bằng tài khoản tổ chức được nhận ra theo địa chỉ "
           "e-mail: hãy thêm tài khoản với tên đăng nhập là e-mail đó và để trống mật khẩu.")

flash = st.session_state.pop("qt_flash", None)
if flash:
    st.success(flash, icon=":material/check_circle:")


def done(message: str) -> None:
    st.session_state["qt_flash"] = message
    st.rerun()


users = reads.accounts()
st.subheader("Tài khoản")
ui.show_table(pd.DataFrame({
    "Tên đăng nhập": [u["username"] for u in users],
    "Tên hiển thị": [u["display_name"] for u in users],
    "Vai trò": [auth.ROLES[u["role"]] for u in users],
    "Hoạt động": ["có" if u["active"] else "đã khóa" for u in users],
    "Đăng nhập": ["mật khẩu" if u["has_password"] else "tài khoản tổ chức" for u in users],
    "Ngày tạo": [audit.format_time(u["created_at"]) for u in users],
    "Người tạo": [u["created_by"] for u in users],
}), key="qt_users")

st.subheader("Thêm tài khoản")
with st.form("qt_add", clear_on_submit=True):
    left, right = st.columns(2)
    new_name = left.text_input("Tên đăng nhập hoặc e-mail", key="qt_new_username",
                               help="3–40 ký tự a–z, 0–9, dấu chấm, gạch ngang, gạch dưới; hoặc địa chỉ "
                                    "e-mail cho người đăng nhập bằng tài khoản tổ chức.")
    new_display = right.text_input("Tên hiển thị", key="qt_new_display")
    new_role = left.selectbox("Vai trò", list(auth.ROLES), format_func=ui.format_with(auth.ROLES),
                              key="qt_new_role")
    new_password = right.text_input("Mật khẩu ban đầu", type="password", key="qt_new_password",
                                    autocomplete="new-password",
                                    help=f"Ít nhất {auth.MIN_PASSWORD} ký tự. Để trống nếu tên đăng nhập là "
                                         "e-mail và người này chỉ đăng nhập bằng tài khoản tổ chức.")
    if st.form_submit_button("Thêm tài khoản", type="primary", icon=":material/person_add:", key="qt_add_submit"):
        try:
            created = auth.create_user(ui.engine(), new_name, new_password, role=new_role,
                                       display_name=new_display, created_by=actor)
        except auth.AuthError as error:
            st.error(str(error), icon=":material/error:")
        else:
            done(f"Đã thêm {auth.ROLES[created['role']]} «{created['username']}».")

st.subheader("Sửa tài khoản")
names = [u["username"] for u in users]
by_name = {u["username"]: u for u in users}
target = st.selectbox("Tài khoản", names, key="qt_target",
                      format_func=lambda n: f"{n} – {by_name[n]['display_name']}" if by_name[n]["display_name"] else n)
if target:
    chosen = by_name[target]
    col_password, col_role, col_active = st.columns(3)
    with col_password, st.form("qt_password", clear_on_submit=True):
        st.markdown("**Đặt lại mật khẩu**")
        reset = st.text_input("Mật khẩu mới", type="password", key="qt_reset_password",
                              autocomplete="new-password")
        if st.form_submit_button("Đặt lại mật khẩu", key="qt_password_submit"):
            try:
                auth.set_password(ui.engine(), target, reset, actor)
            except auth.AuthError as error:
                st.error(str(error), icon=":material/error:")
            else:
                done(f"Đã đặt lại mật khẩu cho «{target}».")
    with col_role:
        st.markdown("**Vai trò**")
        role = st.selectbox("Vai trò mới", list(auth.ROLES), index=list(auth.ROLES).index(chosen["role"]),
                            format_func=ui.format_with(auth.ROLES), key=f"qt_role_{target}")
        if st.button("Đổi vai trò", key="qt_set_role", disabled=role == chosen["role"]):
            try:
                auth.set_role(ui.engine(), target, role, actor)
            except auth.AuthError as error:
                st.error(str(error), icon=":material/error:")
            else:
                done(f"«{target}» nay là {auth.ROLES[role]}.")
    with col_active:
        st.markdown("**Trạng thái**")
        st.caption("Đang hoạt động." if chosen["active"] else "Đã khóa: không đăng nhập được.")
        label = "Khóa tài khoản" if chosen["active"] else "Mở khóa tài khoản"
        if st.button(label, key="qt_toggle_active"):
            try:
                auth.set_active(ui.engine(), target, not chosen["active"], actor)
            except auth.AuthError as error:
                st.error(str(error), icon=":material/error:")
            else:
                done(f"Đã {'khóa' if chosen['active'] else 'mở khóa'} «{target}».")

st.subheader("Tạm khóa đăng nhập")
st.caption(f"Sau {throttle.ACCOUNT_LIMIT} lần nhập sai mật khẩu liên tiếp, một tài khoản bị tạm khóa "
           f"{throttle.format_wait(throttle.BASE_SECONDS)}, mỗi lần sai tiếp theo gấp đôi, tối đa "
           f"{throttle.format_wait(throttle.MAX_SECONDS)}; một địa chỉ máy sai {throttle.ADDRESS_LIMIT} lần "
           "(với bất kỳ tài khoản nào) cũng vậy. Mở khóa sẽ xóa số lần sai và được ghi vào nhật ký.")
held = reads.sign_in_locks()
if held:
    ui.show_table(pd.DataFrame({
        "Loại": [throttle.KINDS[lock["kind"]] for lock in held],
        "Tài khoản hoặc địa chỉ": [throttle.describe(lock["kind"], lock["subject"]) for lock in held],
        "Số lần sai": [lock["failures"] for lock in held],
        "Còn chờ": [throttle.format_wait(lock["wait"]) for lock in held],
    }), key="qt_locks")
    by_key = {f"{lock['kind']}|{lock['subject']}": lock for lock in held}
    chosen_lock = st.selectbox("Mở khóa cho", list(by_key), key="qt_lock_target",
                               format_func=lambda k: throttle.describe(by_key[k]["kind"], by_key[k]["subject"]))
    if chosen_lock and st.button("Mở tạm khóa", key="qt_unlock", icon=":material/lock_open:"):
        lock = by_key[chosen_lock]
        throttle.unlock(ui.engine(), lock["kind"], lock["subject"], actor)
        done(f"Đã mở tạm khóa đăng nhập cho {throttle.describe(lock['kind'], lock['subject'])}.")
else:
    st.caption("Không có tài khoản hay địa chỉ nào đang bị tạm khóa đăng nhập.")

st.subheader("Nhật ký thay đổi")
st.caption("50 thay đổi gần nhất: nhập, hoàn tác, sửa sổ mô hình, ranh giới, tài khoản, đăng nhập sai và "
           "tạm khóa đăng nhập.")
entries = reads.audit_entries(50)
if entries:
    ui.show_table(pd.DataFrame({
        "Thời gian": [audit.format_time(e["at"]) for e in entries],
        "Người thực hiện": [e["user"] for e in entries],
        "Thao tác": [e["action"] for e in entries],
        "Chi tiết": [e["detail"] for e in entries],
    }), key="qt_audit")
else:
    st.info("Chưa có thay đổi nào.", icon=":material/info:")
