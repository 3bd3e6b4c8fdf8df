"""Shared pieces for AppTest tests that need a database of their own and a signed-in user."""

from __future__ import annotations

import streamlit as st
from streamlit.testing.v1 import AppTest

from danvan.accounts import auth
from danvan.data.db import get_engine
from danvan.settings import get_settings

PASSWORD = "mật-khẩu-thử-nghiệm"


def clear_caches() -> None:
    for clear in (get_settings.cache_clear, get_engine.cache_clear, st.cache_resource.clear,
                  st.cache_data.clear):
        clear()


def add_user(url: str, username: str, role: str = "editor", display_name: str = "", password=PASSWORD) -> None:
    auth.create_user(get_engine(url), username, password, role=role, display_name=display_name,
                     created_by="pytest")


def sign_in(at: AppTest, username: str, password: str = PASSWORD) -> AppTest:
    at.text_input(key="auth_username").input(username)
    at.text_input(key="auth_password").input(password)
    at.button(key="auth_submit").click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def page_file(root, page: str) -> str:
    return str(root / "pages" / f"{page}.py")


def open_page(at: AppTest, root, page: str) -> AppTest:
    at.switch_page(page_file(root, page)).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def editor_on_page(app_path: str, url: str, root, page: str, username: str = "bien.tap",
                   timeout: int = 120) -> AppTest:
    """The app on ``url``'s database with ``username`` (a new editor) signed in, on ``page``."""
    at = AppTest.from_file(app_path, default_timeout=timeout)
    at.run()
    add_user(url, username)
    sign_in(at, username)
    return open_page(at, root, page)
