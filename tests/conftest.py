"""Shared fixtures, and the ``pages/`` folder switched off for AppTest (danvan/ui/pages_folder.py:
AppTest resets Streamlit's flag before every run; the patch forces it back after every
``PagesManager.__init__``). Applied when this module is imported, before any AppTest exists."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from streamlit.runtime.pages_manager import PagesManager

from danvan.ui.pages_folder import keep_pages_folder_out
from tests.dbs import drop, fresh_url

ROOT = Path(__file__).resolve().parent.parent
APP_PATH = ROOT / "dashboard.py"


keep_pages_folder_out()


@pytest.fixture(autouse=True)
def _no_pages_directory():
    """Belt and braces: the flag is False when each test starts and after it ends."""
    PagesManager.uses_pages_directory = False
    yield
    PagesManager.uses_pages_directory = False


@pytest.fixture(scope="session")
def root() -> Path:
    """Absolute path of the repository root."""
    return ROOT


@pytest.fixture(scope="session")
def app_path() -> str:
    """Absolute path of dashboard.py (AppTest.from_file needs an absolute path)."""
    return str(APP_PATH)


def _clear_app_caches() -> None:
    from danvan.data.db import get_engine
    from danvan.settings import get_settings

    get_settings.cache_clear()
    get_engine.cache_clear()


@pytest.fixture(scope="session")
def app_db(tmp_path_factory: pytest.TempPathFactory):
    """Point the app at a fresh SQLite file for the whole session; yields the URL."""
    db_dir = tmp_path_factory.mktemp("app-db")
    url = fresh_url(db_dir, "app")
    previous = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = url
    _clear_app_caches()
    try:
        yield url
    finally:
        if previous is None:
            os.environ.pop("DATABASE_URL", None)
        else:
            os.environ["DATABASE_URL"] = previous
        _clear_app_caches()


@pytest.fixture(scope="session")
def research_dir() -> Path | None:
    """The shared research folder next to the repository, or None when it is absent."""
    path = ROOT.parent / "shared" / "research"
    return path if path.is_dir() else None


@pytest.fixture()
def own_db(tmp_path, monkeypatch):
    """A fresh SQLite database for one test; every app cache is cleared before and after."""
    url = fresh_url(tmp_path, "own")
    monkeypatch.setenv("DATABASE_URL", url)
    from danvan.accounts import auth

    monkeypatch.delenv(auth.ENV_USER, raising=False)
    monkeypatch.delenv(auth.ENV_PASSWORD, raising=False)
    _clear_all_caches()
    yield url
    _clear_all_caches()
    drop(url)


def _clear_all_caches() -> None:
    import streamlit as st

    _clear_app_caches()
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture()
def app(app_db: str, app_path: str):
    """The dashboard run once through AppTest on the shared session database."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(app_path, default_timeout=120)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at
