"""Helpers for the browser tests: start the app on a free local port, drive Debian's Chromium
through Playwright, wait for Streamlit to finish, check that nothing left 127.0.0.1.

Playwright uses /usr/bin/chromium (apt package ``chromium``); ``playwright install`` is
never needed.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
OUTPUT = ROOT / "test-output"
SCREENSHOTS = OUTPUT / "screenshots"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
IGNORED_SCHEMES = {"data", "blob", "about"}

STARTUP_TIMEOUT_S = 60
RUN_TIMEOUT_S = 120  # the first page also builds the database; the machine has 2 cores
SETTLE_S = 1.5  # the app must stay idle this long before it counts as finished
NAV_TIMEOUT_MS = 90_000

# (URL path, slug for the screenshot, page title in the navigation)
ERROR_TEXTS = ("Traceback", "Error:", "KeyError", "StreamlitAPIException", "Page not found")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Anything not local fails fast instead of waiting for a network that may not exist;
    # such requests are still recorded (and fail the test).
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]

# True while the script runs, a spinner or skeleton shows, or the status widget says "running".
APP_BUSY_JS = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app) return 'no stApp';
    const state = app.getAttribute('data-test-script-state');
    if (state !== 'notRunning') return 'script state ' + state;
    const busy = document.querySelector(
        '[data-testid="stStatusWidgetRunningIcon"], [data-testid="stStatusWidgetRunningManIcon"],'
        + ' [data-testid="stSpinner"], [data-testid="stAppSkeleton"], [data-testid="stSkeleton"]');
    if (busy) return 'busy: ' + busy.getAttribute('data-testid');
    return '';
}"""

PAGE_HEIGHT_JS = """() => Math.max(
    ...['[data-testid="stMain"]', '[data-testid="stAppViewContainer"]', '[data-testid="stSidebar"]']
        .map(s => document.querySelector(s)).filter(Boolean).map(e => e.scrollHeight),
    document.documentElement.scrollHeight)"""


# --- the app server ------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=5) as response:
            return response.status == 200 and response.read().decode().strip() == "ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(timeout=15)



@contextmanager
def running_app(workdir: Path, database_url: str, **env_extra: str) -> Iterator[str]:
    """``python -m danvan.serve`` on a free port with ``database_url``; yields its base URL and
    copies the server log to test-output/ when it stops."""
    if not (ROOT / "dashboard.py").is_file():
        pytest.fail("dashboard.py is missing")
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = dict(os.environ, DATABASE_URL=database_url, PYTHONUNBUFFERED="1", **env_extra)
    log_path = workdir / "streamlit.log"
    command = [
        sys.executable, "-m", "danvan.serve",
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
        "--global.developmentMode", "false",
    ]
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not _healthy(base_url):
            if process.poll() is not None:
                pytest.fail(f"streamlit exited with code {process.returncode}:\n"
                            f"{log_path.read_text(errors='replace')[-4000:]}")
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit not healthy after {STARTUP_TIMEOUT_S} s:\n"
                            f"{log_path.read_text(errors='replace')[-4000:]}")
            time.sleep(0.5)
        yield base_url
    finally:
        _stop(process)
        OUTPUT.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(log_path, OUTPUT / f"streamlit-server-{workdir.name}.log")


ADMIN, PASSWORD = "quan.tri", "mat-khau-du-dai-2026"  # the first administrator of an editor app


@contextmanager
def admin_app(tmp_path_factory, name: str) -> Iterator[str]:
    """A running app on a fresh database of its own whose first administrator is ADMIN."""
    from tests.dbs import fresh_url

    workdir = tmp_path_factory.mktemp(f"browser-{name}")
    with running_app(workdir, fresh_url(workdir, name), DANVAN_ADMIN_USER=ADMIN,
                     DANVAN_ADMIN_PASSWORD=PASSWORD) as base_url:
        yield base_url


@dataclass
class Tab:
    """A fresh browser page plus every URL it requested and the bytes the app sent it over
    the websocket (Streamlit's messages: widgets, tables, chart specs)."""

    page: object
    requests: list[str] = field(default_factory=list)
    socket_bytes: int = 0

    def _received(self, payload: str | bytes) -> None:
        self.socket_bytes += len(payload.encode() if isinstance(payload, str) else payload)

    def external_requests(self) -> list[str]:
        bad = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in IGNORED_SCHEMES:
                continue
            if parts.hostname not in LOCAL_HOSTS:
                bad.append(url)
        return bad



@contextmanager
def new_tab(browser, width: int = 1400, height: int = 1000) -> Iterator[Tab]:
    """A fresh browser context and page (Vietnamese locale) recording every request."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN",
                                  timezone_id="Asia/Ho_Chi_Minh")
    context.set_default_timeout(NAV_TIMEOUT_MS)
    page = context.new_page()
    result = Tab(page)
    page.on("request", lambda request: result.requests.append(request.url))
    page.on("websocket", lambda socket: socket.on("framereceived", result._received))
    try:
        yield result
    finally:
        context.close()


def wait_for_app(page, timeout_s: float = RUN_TIMEOUT_S) -> None:
    """Wait until the script has finished and nothing shows as running for SETTLE_S."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_s * 1000)
    deadline = time.monotonic() + timeout_s
    idle_since = None
    reason = "not checked"
    while True:
        reason = page.evaluate(APP_BUSY_JS)
        now = time.monotonic()
        if reason:
            idle_since = None
        elif idle_since is None:
            idle_since = now
        elif now - idle_since >= SETTLE_S:
            break
        if now > deadline:
            pytest.fail(f"app still busy after {timeout_s:.0f} s ({reason}) at {page.url}")
        time.sleep(0.25)
    page.wait_for_load_state("networkidle", timeout=timeout_s * 1000)


def assert_no_app_error(page) -> None:
    exceptions = page.locator('[data-testid="stException"]')
    if exceptions.count():
        texts = "\n---\n".join(exceptions.nth(i).inner_text() for i in range(exceptions.count()))
        pytest.fail(f"exception shown on {page.url}:\n{texts}")
    body = page.locator("body").inner_text()
    found = [text for text in ERROR_TEXTS if text in body]
    assert not found, f"error text {found} visible on {page.url}:\n{body[:3000]}"


def assert_local_only(tab: Tab) -> None:
    assert tab.requests, "no request recorded at all"
    external = tab.external_requests()
    assert not external, "the browser requested non-local URLs:\n" + "\n".join(external)


def full_page_screenshot(page, path: Path) -> None:
    """Streamlit scrolls inside its own container, so grow the viewport to the content."""
    path.parent.mkdir(parents=True, exist_ok=True)
    height = int(page.evaluate(PAGE_HEIGHT_JS))
    page.set_viewport_size({"width": 1400, "height": max(1000, min(height + 40, 12_000))})
    page.wait_for_timeout(800)  # let responsive Plotly charts re-lay out
    page.screenshot(path=str(path), full_page=True)



def sign_in(page, username: str, password: str) -> None:
    """Password sign-in in the sidebar; the page then passes through /phien/bat-dau (which sets
    the session cookie) and reloads, so wait for that navigation before waiting for the app."""
    side = page.locator('[data-testid="stSidebar"]')
    side.get_by_text("Đăng nhập biên tập").click()
    side.get_by_label("Tên đăng nhập").fill(username)
    side.get_by_label("Mật khẩu").fill(password)
    with page.expect_navigation(wait_until="domcontentloaded", timeout=NAV_TIMEOUT_MS):
        side.get_by_role("button", name="Đăng nhập").click()
    wait_for_app(page)
