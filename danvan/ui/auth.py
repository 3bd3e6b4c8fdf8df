"""Thin Streamlit glue for sign-in: who is signed in, the sidebar panel, page guards.

A password sign-in holds in the tab (``st.session_state["auth_user"]``) and, when the
session routes are served (danvan/accounts/routes.py), the page then passes through
``/phien/bat-dau`` which sets an HttpOnly session cookie (danvan/accounts/sessions.py): every run
reads it from ``st.context.cookies`` and checks it against the database, so the sign-in
survives a reload or a shared link opened in a new tab, and ends at once when the server
revokes it. The account is re-read on every run, so deactivating an account or changing
its role takes effect at the user's next interaction. Sign-in through an
organisation account (OIDC, ``st.login``) works when ``.streamlit/secrets.toml`` has an
``[auth]`` section; such a user is an editor only when an active account exists whose
username is their e-mail address (see danvan/accounts/auth.py). Failed password sign-ins are
counted in the database per account and per browser address (danvan/accounts/throttle.py), so a new
session does not reset them; the address is ``st.context.ip_address`` (``client_address``).
"""

from __future__ import annotations

import importlib.util
import json
import logging
from typing import Any
from urllib.parse import urlencode, urlsplit

import streamlit as st

from danvan import ui
from danvan.accounts import auth, sessions, throttle
from danvan.accounts import routes as web
from danvan.settings import get_settings

SESSION_KEY = "auth_user"
GOTO_KEY = "auth_goto"  # a session route the browser must pass through (sets or clears the cookie)
GENERIC_ERROR = throttle.GENERIC_ERROR

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


def _cookie() -> str | None:
    """The session cookie the browser sent when this page was loaded, if any."""
    try:
        return st.context.cookies.get(sessions.COOKIE)
    except (AttributeError, RuntimeError):  # outside a browser session
        return None


def _here() -> str:
    """Path and query of the page in the browser, to come back to after a session route."""
    path = urlsplit(st.context.url or "").path or "/"
    query = urlencode(st.query_params.to_dict())
    return f"{path}?{query}" if query else path


def current_user() -> dict[str, Any] | None:
    """The signed-in editor or administrator (account dict plus ``via``: password|session|oidc),
    or None."""
    engine = ui.engine()
    stored = st.session_state.get(SESSION_KEY)
    if stored:
        account = auth.get_user(engine, stored["username"])
        if account and account["active"]:
            return account | {"via": "password"}
        del st.session_state[SESSION_KEY]  # deactivated or removed since sign-in
    cookie = _cookie()
    username = sessions.session_username(engine, cookie) if cookie else None
    if username:
        account = auth.get_user(engine, username)
        if account:
            return account | {"via": "session"}
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
    """End the sign-in: the server-side session first, then the cookie via ``/phien/ket-thuc``."""
    st.session_state.pop(SESSION_KEY, None)
    cookie = _cookie()
    if cookie:
        sessions.revoke(ui.engine(), cookie)
        if web.serving():
            st.session_state[GOTO_KEY] = f"{web.END_PATH}?{urlencode({'ve': _here()})}"
    if user.get("via") == "oidc":
        st.logout()  # clears the identity cookie and reruns
    st.rerun()


def _pass_through_session_route() -> None:
    """Send the browser to the pending session route; a link stays in case script is blocked."""
    target = st.session_state.pop(GOTO_KEY, None)
    if not target:
        return
    quoted = json.dumps(target).replace("<", "\\u003c")  # nothing in it can close the script element
    st.html(f"<script>window.location.replace({quoted});</script>", unsafe_allow_javascript=True)
    st.caption(f"Đang lưu phiên đăng nhập… Nếu trang không tự chuyển, [bấm vào đây]({target}).")


def _refused_notice() -> None:
    """After ``/phien/bat-dau`` refused a sign-in code (expired, used, from another server):
    say so once and take the flag out of the address bar."""
    if st.query_params.get(web.REFUSED_PARAM) != web.REFUSED_VALUE:
        return
    del st.query_params[web.REFUSED_PARAM]
    st.warning("Chưa lưu được phiên đăng nhập: mã đăng nhập đã hết hạn hoặc đã được dùng. Hãy đăng nhập lại.",
               icon=":material/warning:")


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


def client_address() -> str | None:
    """The browser's address as Streamlit sees it (``st.context.ip_address``), for throttling.
    None outside a browser session and for a connection from this machine (a local reverse
    proxy): sign-in is then throttled by account only (danvan/accounts/throttle.py)."""
    try:
        address = st.context.ip_address
    except (AttributeError, RuntimeError):
        return None
    return address if isinstance(address, str) else None


def _password_form() -> None:
    """The password form; failed sign-ins are throttled in the database (danvan/accounts/throttle.py),
    so neither a new session nor another app process starts the count again."""
    address = client_address()
    wait = throttle.address_wait(ui.engine(), address)
    if wait:  # every account from this address must wait: no form to fill in for nothing
        st.warning(throttle.lock_message(wait), icon=":material/hourglass_top:")
        return
    with st.form("auth_form", clear_on_submit=True, border=False):
        username = st.text_input("Tên đăng nhập", key="auth_username", autocomplete="username")
        password = st.text_input("Mật khẩu", type="password", key="auth_password",
                                 autocomplete="current-password")
        submitted = st.form_submit_button("Đăng nhập", type="primary", key="auth_submit")
    if not submitted:
        return
    outcome = throttle.sign_in(ui.engine(), username, password, address)
    account = outcome.account
    if account is None:
        icon = ":material/hourglass_top:" if outcome.wait else ":material/error:"
        st.error(outcome.message, icon=icon)
        return
    st.session_state[SESSION_KEY] = {"username": account["username"]}
    if web.serving():  # keep the sign-in past this tab: the server sets the cookie
        code = sessions.issue_code(ui.engine(), account["username"])
        st.session_state[GOTO_KEY] = f"{web.START_PATH}?{urlencode({'ma': code, 've': _here()})}"
    st.rerun()


def sign_in_panel() -> None:
    """Sidebar block: who is signed in and «Đăng xuất», or the sign-in expander."""
    _pass_through_session_route()
    _refused_notice()
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
        if web.serving():
            st.caption(f"Đăng nhập bằng mật khẩu được giữ {get_settings().session_days} ngày trên trình "
                       "duyệt này, kể cả khi tải lại trang. Dùng máy chung thì nhớ bấm «Đăng xuất».")
        _password_form()
        if oidc and not st.user.get("is_logged_in") and st.button(
                "Đăng nhập bằng tài khoản tổ chức", key="auth_oidc", icon=":material/badge:"):
            _oidc_login()
