"""Fixtures of the browser tests: one app server with a fresh SQLite file and one Chromium
for the session, a fresh tab per test."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.browser.support import CHROMIUM, CHROMIUM_ARGS, NAV_TIMEOUT_MS, Tab, new_tab, running_app
from tests.dbs import fresh_url


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of ``streamlit run dashboard.py`` on a free port with a fresh SQLite file."""
    workdir = tmp_path_factory.mktemp("browser-app")
    with running_app(workdir, fresh_url(workdir, "app")) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium package (scripts/setup.sh)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                              headless=True, timeout=NAV_TIMEOUT_MS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def tab(browser) -> Iterator[Tab]:
    with new_tab(browser) as result:
        yield result
