"""Sign-in and role-based routing through Streamlit's AppTest, on a database of its own.

Pages a user may not use are left out of ``st.navigation``, so they are not routable:
``AppTest.switch_page`` refuses a file that the navigation did not register (ValueError),
and a request for such a page (a stale link, a typed URL) ends on the default page."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from danvan.accounts import auth, throttle
from danvan.clock import VIETNAM_TZ
from danvan.data.db import get_engine
from danvan.data.models import AuditEntry
from danvan.settings import get_settings
from danvan.ui import auth as ui_auth
from danvan.ui.auth import GENERIC_ERROR
from tests.apptest_support import PASSWORD, add_user, open_page, page_file, sign_in

DEFAULT_TITLE = "Tổng quan công tác dân vận các địa phương"
EDITOR_PAGES = ["nhap_du_lieu", "lich_su_nhap"]
OIDC_SECRETS = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "c" * 32,
                "client_id": "danvan", "client_secret": "bi-mat",
                "server_metadata_url": "https://idp.example.vn/.well-known/openid-configuration"}


@pytest.fixture()
def app(own_db, app_path) -> AppTest:
    at = AppTest.from_file(app_path, default_timeout=60)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at






def sidebar_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.sidebar.markdown) + "\n".join(c.value for c in at.sidebar.caption)


def locked_out(at: AppTest) -> bool:
    return any("dành cho" in w.value for w in at.warning)


def assert_not_routable(at: AppTest, root, page: str) -> None:
    with pytest.raises(ValueError, match="navigation page"):
        at.switch_page(page_file(root, page))


def test_viewer_gets_public_pages_only(app: AppTest, own_db, root) -> None:
    assert app.title[0].value == DEFAULT_TITLE
    assert "Đang đăng nhập" not in sidebar_text(app)
    assert [e.label for e in app.sidebar.expander] == ["Đăng nhập biên tập"]
    for page in [*EDITOR_PAGES, "quan_tri"]:
        assert_not_routable(app, root, page)
    at = open_page(app, root, "mo_hinh")  # reading the registry is free
    assert at.title[0].value != DEFAULT_TITLE and not locked_out(at)


def test_a_refused_sign_in_code_is_told_once(own_db, app_path) -> None:
    at = AppTest.from_file(app_path, default_timeout=120)
    at.query_params["phien"] = "loi"  # where /phien/bat-dau sends the browser after refusing a code
    at.run()
    warnings = [w.value for w in at.sidebar.warning]
    assert any("Chưa lưu được phiên đăng nhập" in w for w in warnings), warnings
    assert "phien" not in at.query_params
    at.run()
    assert not any("Chưa lưu được phiên đăng nhập" in w.value for w in at.sidebar.warning)


@pytest.mark.parametrize("url_path", ["nhap-du-lieu", "lich-su-nhap", "quan-tri"])
def test_viewer_requesting_an_editor_page_lands_on_the_default_page(app: AppTest, url_path: str) -> None:
    # What a browser sends for a link to that page: the hash of its url_path (st.Page's
    # script hash). AppTest has no public way to request an unregistered page, hence _page_hash.
    app._page_hash = calc_hash(url_path)
    app.run()
    assert not app.exception
    assert app.title[0].value == DEFAULT_TITLE
    assert not locked_out(app)


def test_wrong_password_shows_the_generic_error(app: AppTest, own_db, root) -> None:
    add_user(own_db, "lan")
    sign_in(app, "lan", PASSWORD + "sai")
    assert [e.value for e in app.error] == [GENERIC_ERROR]
    sign_in(app, "khong-ai", PASSWORD)
    assert [e.value for e in app.error] == [GENERIC_ERROR]
    assert "Đang đăng nhập" not in sidebar_text(app)
    assert_not_routable(app, root, "nhap_du_lieu")


@pytest.fixture()
def frozen_clock(monkeypatch) -> datetime:
    """Sign-in throttling (danvan/accounts/throttle.py) sees a clock that does not move."""
    now = datetime(2026, 12, 4, 9, 0, tzinfo=VIETNAM_TZ)
    monkeypatch.setattr(throttle, "_now", lambda: now)
    return now


def lock_messages(at: AppTest) -> list[str]:
    return [m.value for m in [*at.error, *at.warning] if m.value.startswith("Đăng nhập sai quá nhiều lần.")]


def test_failures_lock_the_account_for_a_new_session_too(app: AppTest, own_db, app_path, frozen_clock) -> None:
    add_user(own_db, "lan")
    for _ in range(throttle.ACCOUNT_LIMIT - 1):
        sign_in(app, "lan", "sai-mat-khau-roi")
        assert [e.value for e in app.error] == [GENERIC_ERROR]
    sign_in(app, "lan", "sai-mat-khau-roi")
    assert lock_messages(app) == ["Đăng nhập sai quá nhiều lần. Thử lại sau 30 giây."]

    fresh = AppTest.from_file(app_path, default_timeout=60)  # another tab, browser or person
    fresh.run()
    sign_in(fresh, "lan", PASSWORD)  # even the right password
    assert lock_messages(fresh) == ["Đăng nhập sai quá nhiều lần. Thử lại sau 30 giây."]
    assert "Đang đăng nhập" not in sidebar_text(fresh)
    rows = audit_rows(own_db)
    assert [r[1] for r in rows].count("đăng nhập sai") == throttle.ACCOUNT_LIMIT
    assert [r[1] for r in rows].count("tạm khóa đăng nhập") == 1


def test_a_locked_address_gets_no_form(own_db, app_path, frozen_clock, monkeypatch) -> None:
    monkeypatch.setattr(ui_auth, "client_address", lambda: "203.0.113.7")
    at = AppTest.from_file(app_path, default_timeout=60)
    at.run()
    add_user(own_db, "lan")
    for i in range(throttle.ADDRESS_LIMIT):
        throttle.record_failure(get_engine(own_db), f"doan-{i}", "203.0.113.7")
    at.run()
    assert not at.exception
    assert any(w.value == "Đăng nhập sai quá nhiều lần. Thử lại sau 30 giây." for w in at.sidebar.warning)
    assert not [b for b in at.button if b.key == "auth_submit"], "no form while the address waits"
    monkeypatch.setattr(ui_auth, "client_address", lambda: "198.51.100.20")
    at.run()
    sign_in(at, "lan", PASSWORD)  # another address: the account itself is not locked
    assert "Đang đăng nhập" in sidebar_text(at)


def test_admin_unlocks_an_account_on_the_admin_page(app: AppTest, own_db, root, frozen_clock) -> None:
    add_user(own_db, "chu", role="admin")
    add_user(own_db, "lan")
    for _ in range(throttle.ACCOUNT_LIMIT):
        throttle.record_failure(get_engine(own_db), "lan")
    sign_in(app, "chu", PASSWORD)
    at = open_page(app, root, "quan_tri")
    locks = next(d.value for d in at.dataframe if "Còn chờ" in d.value.columns)
    assert list(locks["Tài khoản hoặc địa chỉ"]) == ["tài khoản «lan»"]
    assert list(locks["Còn chờ"]) == ["30 giây"]
    at.button(key="qt_unlock").click().run()
    assert not at.exception and not at.error
    assert any("Đã mở tạm khóa đăng nhập cho tài khoản «lan»." == s.value for s in at.success)
    assert audit_rows(own_db)[-1] == ("chu", "mở tạm khóa đăng nhập", "tài khoản «lan»")
    assert throttle.wait_seconds(get_engine(own_db), "lan") == 0
    assert not [d for d in at.dataframe if "Còn chờ" in d.value.columns]


def test_editor_signs_in_and_reaches_editor_pages_but_not_admin(app: AppTest, own_db, root) -> None:
    add_user(own_db, "lan", display_name="Nguyễn Thị Lan")
    sign_in(app, "LAN", PASSWORD)
    assert not app.error
    assert "Đang đăng nhập: **Nguyễn Thị Lan** (biên tập viên)" in sidebar_text(app)
    for page in EDITOR_PAGES:
        at = open_page(app, root, page)
        assert at.title[0].value != DEFAULT_TITLE and not locked_out(at)
    assert_not_routable(app, root, "quan_tri")
    app._page_hash = calc_hash("quan-tri")
    app.run()
    assert app.title[0].value == DEFAULT_TITLE


def test_sign_out_and_deactivation_close_the_editor_pages(app: AppTest, own_db, root) -> None:
    add_user(own_db, "lan")
    sign_in(app, "lan", PASSWORD)
    open_page(app, root, "nhap_du_lieu")
    app.button(key="auth_logout").click().run()
    assert not app.exception
    assert app.title[0].value == DEFAULT_TITLE  # the page is gone from the navigation
    assert "Đang đăng nhập" not in sidebar_text(app)
    assert_not_routable(app, root, "nhap_du_lieu")

    sign_in(app, "lan", PASSWORD)
    open_page(app, root, "lich_su_nhap")
    auth.set_active(get_engine(own_db), "lan", False, "pytest")
    app.run()
    assert app.title[0].value == DEFAULT_TITLE
    assert_not_routable(app, root, "lich_su_nhap")


def audit_rows(url: str) -> list[tuple[str, str, str]]:
    with get_engine(url).connect() as conn:
        return [tuple(r) for r in conn.execute(
            select(AuditEntry.user, AuditEntry.action, AuditEntry.detail).order_by(AuditEntry.id))]


def test_admin_adds_an_editor_through_the_form_and_it_is_audited(app: AppTest, own_db, root) -> None:
    add_user(own_db, "chu", role="admin", display_name="Chủ trì")
    sign_in(app, "chu", PASSWORD)
    assert "(quản trị)" in sidebar_text(app)
    at = open_page(app, root, "quan_tri")
    assert at.title[0].value == "Quản lý biên tập viên"
    at.text_input(key="qt_new_username").input("Moi.Bien.Tap")
    at.text_input(key="qt_new_display").input("Biên tập mới")
    at.selectbox(key="qt_new_role").set_value("editor")
    at.text_input(key="qt_new_password").input("mot-mat-khau-moi")
    at.button(key="qt_add_submit").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("moi.bien.tap" in s.value for s in at.success)
    users = next(d.value for d in at.dataframe if "Tên đăng nhập" in d.value.columns)
    assert "moi.bien.tap" in set(users["Tên đăng nhập"])
    assert audit_rows(own_db)[-1][:2] == ("chu", "thêm tài khoản")
    assert "moi.bien.tap" in audit_rows(own_db)[-1][2]
    shown = next(d.value for d in at.dataframe if "Người thực hiện" in d.value.columns)
    assert shown.iloc[0]["Người thực hiện"] == "chu" and shown.iloc[0]["Thao tác"] == "thêm tài khoản"
    assert shown.iloc[0]["Thời gian"][2] == "/" and len(shown.iloc[0]["Thời gian"]) == 16
    assert auth.authenticate(get_engine(own_db), "moi.bien.tap", "mot-mat-khau-moi")["role"] == "editor"


def test_admin_page_refuses_bad_input_and_keeps_the_last_admin(app: AppTest, own_db, root) -> None:
    add_user(own_db, "chu", role="admin")
    sign_in(app, "chu", PASSWORD)
    at = open_page(app, root, "quan_tri")
    at.text_input(key="qt_new_username").input("lan")
    at.text_input(key="qt_new_password").input("ngan")
    at.button(key="qt_add_submit").click().run()
    assert any("10 ký tự" in e.value for e in at.error)
    assert auth.get_user(get_engine(own_db), "lan") is None
    at.selectbox(key="qt_target").set_value("chu").run()
    at.button(key="qt_toggle_active").click().run()
    assert any("cuối cùng" in e.value for e in at.error)
    assert auth.get_user(get_engine(own_db), "chu")["active"]


def test_admin_page_itself_stops_a_viewer(own_db, root) -> None:
    # Second safety net: run the page file on its own, with nobody signed in.
    at = AppTest.from_file(page_file(root, "quan_tri"), default_timeout=60).run()
    assert not at.exception
    assert locked_out(at) and not at.title and not at.dataframe


def test_first_admin_from_environment(own_db, app_path, root, monkeypatch) -> None:
    monkeypatch.setenv(auth.ENV_USER, "quantri")
    monkeypatch.setenv(auth.ENV_PASSWORD, PASSWORD)
    get_settings.cache_clear()  # own_db cleared it already; the settings are read once per process
    at = AppTest.from_file(app_path, default_timeout=60).run()
    assert auth.count_admins(get_engine(own_db)) == 1
    sign_in(at, "quantri", PASSWORD)
    assert open_page(at, root, "quan_tri").title[0].value == "Quản lý biên tập viên"


def test_organisation_sign_in_matches_an_account_by_email(own_db, app_path, root) -> None:
    at = AppTest.from_file(app_path, default_timeout=60)
    at.secrets["auth"] = OIDC_SECRETS
    at.user = {"is_logged_in": True, "email": "Lan@DanVan.vn", "name": "Lan"}
    at.run()
    assert "chưa được cấp quyền" in sidebar_text(at)
    assert_not_routable(at, root, "nhap_du_lieu")
    add_user(own_db, "lan@danvan.vn", password=None, display_name="Lan (tổ chức)")
    at.run()
    assert "Đang đăng nhập: **Lan (tổ chức)** (biên tập viên)" in sidebar_text(at)
    assert not locked_out(open_page(at, root, "nhap_du_lieu"))


def test_organisation_button_only_when_configured(own_db, app_path) -> None:
    at = AppTest.from_file(app_path, default_timeout=60).run()
    assert "auth_oidc" not in [b.key for b in at.button]
    at = AppTest.from_file(app_path, default_timeout=60)
    at.secrets["auth"] = OIDC_SECRETS
    at.user = {"is_logged_in": False}
    at.run()
    assert any(b.key == "auth_oidc" and b.label == "Đăng nhập bằng tài khoản tổ chức" for b in at.button)
