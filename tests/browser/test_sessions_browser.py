"""Editor sessions in the running app, in Debian's Chromium: the sign-in survives F5 and a
shared link opened in a new tab; the cookie is HttpOnly and set by the server; after
sign-out, or once an administrator deactivates the account, the old cookie signs no one in."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from danvan.accounts import auth
from danvan.data import db
from tests.browser.support import (
    NAV_TIMEOUT_MS,
    SCREENSHOTS,
    Tab,
    assert_local_only,
    assert_no_app_error,
    new_tab,
    running_app,
    sign_in,
    wait_for_app,
)
from tests.browser.test_units_browser import go_to, sidebar
from tests.browser.vietnamese_text import VISIBLE_TEXT_JS, foreign_words
from tests.dbs import fresh_url

pytestmark = pytest.mark.browser

ADMIN, PASSWORD = "quan.tri", "mat-khau-du-dai-2026"
EDITOR, EDITOR_PASSWORD = "bien.tap", "mat-khau-bien-tap-2026"
COOKIE = "danvan_phien"
SIGNED_IN = "Đang đăng nhập:"


@pytest.fixture(scope="module")
def session_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The app on a fresh database (first administrator from the environment); yields its
    base URL and the database URL."""
    workdir = tmp_path_factory.mktemp("browser-sessions")
    url = fresh_url(workdir, "sessions")
    with running_app(workdir, url, DANVAN_ADMIN_USER=ADMIN, DANVAN_ADMIN_PASSWORD=PASSWORD) as base_url:
        yield base_url, url


def add_editor(database_url: str) -> None:
    """The editor account, straight in the app's database (once the app has built it)."""
    engine = db.get_engine.__wrapped__(database_url)  # type: ignore[attr-defined]
    try:
        if auth.get_user(engine, EDITOR) is None:
            auth.create_user(engine, EDITOR, EDITOR_PASSWORD, display_name="Biên Tập", created_by=ADMIN)
    finally:
        engine.dispose()


def open_page(page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    wait_for_app(page)
    assert_no_app_error(page)


def signed_in(page) -> bool:
    return SIGNED_IN in sidebar(page).inner_text()


def session_cookie(context) -> dict:
    found = [c for c in context.cookies() if c["name"] == COOKIE]
    assert len(found) == 1, context.cookies()
    return found[0]


@contextmanager
def holding_cookie(browser, base_url: str, value: str) -> Iterator[Tab]:
    """A fresh browser context holding nothing but the given session cookie value."""
    with new_tab(browser) as tab:
        tab.page.context.add_cookies([{"name": COOKIE, "value": value, "url": base_url, "httpOnly": True,
                                       "sameSite": "Lax"}])
        yield tab


def test_sign_in_survives_reload_and_new_tab_and_ends_on_sign_out(session_app, browser) -> None:
    base_url, database_url = session_app
    with new_tab(browser) as tab:
        page, context = tab.page, tab.page.context
        open_page(page, f"{base_url}/so-sanh")  # builds the database
        add_editor(database_url)
        assert not signed_in(page)
        sign_in(page, EDITOR, EDITOR_PASSWORD)
        assert signed_in(page), sidebar(page).inner_text()
        assert "/so-sanh" in page.url and "ma=" not in page.url, page.url  # back where it was; code gone

        cookie = session_cookie(context)
        assert cookie["httpOnly"] is True and cookie["sameSite"] == "Lax" and cookie["path"] == "/"
        assert cookie["secure"] is False  # served over http here
        assert 6.9 * 86400 < cookie["expires"] - time.time() <= 7 * 86400 + 60, cookie
        assert page.evaluate("document.cookie").find(COOKIE) == -1, "visible to scripts"

        page.reload(wait_until="domcontentloaded")  # F5
        wait_for_app(page)
        assert signed_in(page), "signed out by a reload"
        go_to(page, "Nhập dữ liệu")

        shared = context.new_page()  # a shared link to an editor page, in a new tab
        shared_requests: list[str] = []
        shared.on("request", lambda request: shared_requests.append(request.url))
        open_page(shared, f"{base_url}/nhap-du-lieu")
        assert signed_in(shared), "a new tab is not signed in"
        main = shared.locator('[data-testid="stMain"]')
        main.get_by_role("heading", name="Nhập dữ liệu").first.wait_for(state="visible", timeout=30_000)
        assert "dành cho biên tập viên" not in main.inner_text()
        tab.requests.extend(shared_requests)
        shared.close()

        old_value = cookie["value"]
        with page.expect_navigation(wait_until="domcontentloaded", timeout=NAV_TIMEOUT_MS):
            sidebar(page).get_by_role("button", name="Đăng xuất").click()
        wait_for_app(page)
        assert not signed_in(page)
        assert not [c for c in context.cookies() if c["name"] == COOKIE], "cookie left after sign-out"
        assert_local_only(tab)

    with holding_cookie(browser, base_url, old_value) as fresh:
        open_page(fresh.page, base_url)
        assert not signed_in(fresh.page), "the signed-out cookie still signs in"
        assert not sidebar(fresh.page).get_by_role("link", name="Nhập dữ liệu").count()
        assert_local_only(fresh)


def test_deactivating_the_account_ends_its_sessions(session_app, browser) -> None:
    base_url, database_url = session_app
    with new_tab(browser) as editor_tab:
        editor = editor_tab.page
        open_page(editor, base_url)
        add_editor(database_url)
        sign_in(editor, EDITOR, EDITOR_PASSWORD)
        assert signed_in(editor)
        value = session_cookie(editor.context)["value"]

        with new_tab(browser) as admin_tab:
            admin = admin_tab.page
            open_page(admin, base_url)
            sign_in(admin, ADMIN, PASSWORD)
            # an administrator's navigation lists every page, in Vietnamese (no «View 3 more»)
            assert not foreign_words(admin.evaluate(VISIBLE_TEXT_JS)), foreign_words(admin.evaluate(VISIBLE_TEXT_JS))
            go_to(admin, "Chỉ tiêu trọng tâm")
            go_to(admin, "Quản lý biên tập viên")
            box = admin.get_by_role("combobox", name="Tài khoản", exact=True).first
            box.click()
            box.fill(EDITOR)
            admin.keyboard.press("Enter")
            wait_for_app(admin)
            admin.get_by_role("button", name="Khóa tài khoản").click()
            wait_for_app(admin)
            admin.get_by_text(f"Đã khóa «{EDITOR}».").first.wait_for(state="visible", timeout=30_000)
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            admin.screenshot(path=str(SCREENSHOTS / "30_quan-tri-khoa-bien-tap.png"))
            assert_local_only(admin_tab)

        editor.reload(wait_until="domcontentloaded")
        wait_for_app(editor)
        assert_no_app_error(editor)
        assert not signed_in(editor), "a deactivated account is still signed in after a reload"
        assert not sidebar(editor).get_by_role("link", name="Nhập dữ liệu").count()
        assert_local_only(editor_tab)

    with holding_cookie(browser, base_url, value) as fresh:
        open_page(fresh.page, f"{base_url}/nhap-du-lieu")
        assert not signed_in(fresh.page), "a deactivated account's cookie still signs in"
