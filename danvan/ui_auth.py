"""Thin Streamlit glue for sign-in: who is signed in, the sidebar panel, page guards.

Password sign-in lasts for the browser tab's session (``st.session_state["auth_user"]``);
the account is re-read from the database on every run, so deactivating an account or
changing its role takes effect at the user's next interaction. Sign-in through an
organisation account (OIDC, ``st.login``) works when ``.streamlit/secrets.toml`` has an
``[auth]`` section; such a user is an editor only when an active account exists whose
username is their e-mail address (see danvan/auth.py).
"""

from __future__ import annotations

import importlib.util
import logging
import time
from typing import Any

import streamlit as st

from danvan import auth, ui

SESSION_KEY = "auth_user"
FAILURES_KEY = "auth_failures"
LAST_FAILURE_KEY = "auth_last_failure"
GENERIC_ERROR = "Sai tên đăng nhập hoặc mật khẩu."

_LOG = logging.getLogger(__name__)


@st.cache_resource(show_spinner=False)
def _bootstrap(database_url: str) -> str:
    """Run ``auth.ensure_bootstrap_admin`` once per database; never stops the app."""
    try:
        created = auth.ensure_bootstrap_admin(ui.engine())
    except auth.AuthError as error:
        _LOG.error("Không tạo được quản trị viên đầu tiên từ %s/%s: %s", auth.ENV_USER, auth.ENV_PASSWORD, error)
        return "error"
    if created:
        _LOG.warning("Đã tạo quản trị viên đầu tiên «%s» từ biến môi trường.", created["username"])
    return "created" if created else "unchanged"


def bootstrap_admin() -> None:
    """Create the first administrator from the environment, once (see auth.ensure_bootstrap_admin)."""
    _bootstrap(ui.engine().url.render_as_string(hide_password=True))


def oidc_enabled() -> bool:
    return auth.oidc_configured(st.secrets)


def current_user() -> dict[str, Any] | None:
    """The signed-in editor or administrator (account dict plus ``via``: password|oidc), or None."""
    engine = ui.engine()
    stored = st.session_state.get(SESSION_KEY)
    if stored:
        account = auth.get_user(engine, stored["username"])
        if account and account["active"]:
            return account | {"via": "password"}
        del st.session_state[SESSION_KEY]  # deactivated or removed since sign-in
    if oidc_enabled():
        account = auth.oidc_account(engine, st.user.to_dict())
        if account:
            return account | {"via": "oidc"}
    return None


def is_editor() -> bool:
    user = current_user()
    return bool(user) and user["role"] in auth.ROLES


def is_admin() -> bool:
    user = current_user()
    return bool(user) and user["role"] == "admin"


def require_editor() -> dict[str, Any]:
    """The signed-in editor; otherwise a Vietnamese message and ``st.stop()``."""
    user = current_user()
    if not user:
        st.warning("Trang này dành cho biên tập viên. Hãy đăng nhập ở thanh bên (mục «Đăng nhập biên tập»).",
                   icon=":material/lock:")
        st.stop()
    return user


def require_admin() -> dict[str, Any]:
    """The signed-in administrator; otherwise a Vietnamese message and ``st.stop()``."""
    user = current_user()
    if not user or user["role"] != "admin":
        st.warning("Trang này chỉ dành cho quản trị viên.", icon=":material/lock:")
        st.stop()
    return user


def actor() -> str:
    """Username to record as the author of a change (the signed-in user); stops if none."""
    return require_editor()["username"]


def _sign_out(user: dict[str, Any]) -> None:
    st.session_state.pop(SESSION_KEY, None)
    if user.get("via") == "oidc":
        st.logout()  # clears the identity cookie and reruns
    st.rerun()


def _oidc_login() -> None:
    if importlib.util.find_spec("authlib") is None:
        st.error("Máy chủ chưa cài thư viện Authlib (pip install \"streamlit[auth]\") nên chưa đăng nhập "
                 "bằng tài khoản tổ chức được.")
        return
    provider = auth.oidc_provider(st.secrets)
    if provider:
        st.login(provider)
    else:
        st.login()


def _password_form() -> None:
    failures = st.session_state.get(FAILURES_KEY, 0)
    wait = auth.lockout_remaining(failures, st.session_state.get(LAST_FAILURE_KEY, 0.0), time.time())
    if wait:
        st.warning(f"Đã nhập sai {failures} lần. Vui lòng chờ khoảng {max(1, round(wait / 60))} phút "
                   "rồi thử lại.", icon=":material/hourglass_top:")
        return
    with st.form("auth_form", clear_on_submit=True, border=False):
        username = st.text_input("Tên đăng nhập", key="auth_username", autocomplete="username")
        password = st.text_input("Mật khẩu", type="password", key="auth_password",
                                 autocomplete="current-password")
        submitted = st.form_submit_button("Đăng nhập", type="primary", key="auth_submit")
    if not submitted:
        return
    account = auth.authenticate(ui.engine(), username, password)
    if account is None:
        st.session_state[FAILURES_KEY] = failures + 1
        st.session_state[LAST_FAILURE_KEY] = time.time()
        st.error(GENERIC_ERROR, icon=":material/error:")
        return
    st.session_state[SESSION_KEY] = {"username": account["username"]}
    st.session_state[FAILURES_KEY] = 0
    st.rerun()


def sign_in_panel() -> None:
    """Sidebar block: who is signed in and «Đăng xuất», or the sign-in expander."""
    user = current_user()
    if user:
        name = user["display_name"] or user["username"]
        st.markdown(f"Đang đăng nhập: **{name}** ({auth.ROLES[user['role']]})")
        if st.button("Đăng xuất", key="auth_logout", icon=":material/logout:"):
            _sign_out(user)
        return
    oidc = oidc_enabled()
    if oidc and st.user.get("is_logged_in"):
        email = st.user.get("email") or ""
        st.caption(f"Tài khoản {email} chưa được cấp quyền biên tập. Hãy nhờ quản trị viên thêm địa chỉ "
                   "e-mail này.")
        if st.button("Đăng xuất", key="auth_logout_oidc", icon=":material/logout:"):
            st.logout()
    with st.expander("Đăng nhập biên tập", icon=":material/login:"):
        st.caption("Xem số liệu không cần đăng nhập. Chỉ biên tập viên mới nhập, sửa dữ liệu.")
        _password_form()
        if oidc and not st.user.get("is_logged_in") and st.button(
                "Đăng nhập bằng tài khoản tổ chức", key="auth_oidc", icon=":material/badge:"):
            _oidc_login()
