"""Every page of the running app, opened in Debian's Chromium through Playwright.

A session fixture starts ``streamlit run dashboard.py`` on a free local port with a fresh
SQLite database; each test opens one page, waits until the script has finished, and checks
that the page rendered (heading, a chart or a table) without an exception, and that the
browser never asked for anything outside 127.0.0.1. Screenshots go to
test-output/screenshots/.

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
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.dbs import fresh_url

pytestmark = pytest.mark.browser

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
PAGES = [
    ("", "tong-quan", "Tổng quan"),
    ("xu-huong", "xu-huong", "Xu hướng"),
    ("so-sanh", "so-sanh", "So sánh"),
    ("ban-do", "ban-do", "Bản đồ"),
    ("dan-van-kheo", "dan-van-kheo", "Dân vận khéo"),
    ("mo-hinh", "mo-hinh", "Sổ mô hình Dân vận khéo"),
    ("trinh-chieu", "trinh-chieu", "Bộ trình chiếu"),
    ("ho-so", "ho-so", "Hồ sơ địa phương"),
    ("nguon-du-lieu", "nguon-du-lieu", "Nguồn & dữ liệu"),
]
# Pages whose content on a fresh database is text, not a chart or table: the text they must show.
TEXT_STATES = {"mo-hinh": "Chưa có mô hình nào trong sổ", "trinh-chieu": "Các trang ("}
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


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of ``streamlit run dashboard.py`` on a free port with a fresh SQLite file."""
    if not (ROOT / "dashboard.py").is_file():
        pytest.fail("dashboard.py is missing")
    workdir = tmp_path_factory.mktemp("browser-app")
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = dict(os.environ, DATABASE_URL=fresh_url(workdir, "app"), PYTHONUNBUFFERED="1")
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
        shutil.copyfile(log_path, OUTPUT / "streamlit-server.log")


# --- the browser ---------------------------------------------------------------------

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


@dataclass
class Tab:
    """A fresh browser page plus every URL it requested."""

    page: object
    requests: list[str] = field(default_factory=list)

    def external_requests(self) -> list[str]:
        bad = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in IGNORED_SCHEMES:
                continue
            if parts.hostname not in LOCAL_HOSTS:
                bad.append(url)
        return bad


@pytest.fixture
def tab(browser) -> Iterator[Tab]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN",
                                  timezone_id="Asia/Ho_Chi_Minh")
    context.set_default_timeout(NAV_TIMEOUT_MS)
    page = context.new_page()
    result = Tab(page)
    page.on("request", lambda request: result.requests.append(request.url))
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


# --- tests ---------------------------------------------------------------------------

@pytest.mark.parametrize(("url_path", "slug", "title"), PAGES, ids=[slug for _, slug, _ in PAGES])
def test_page_renders(app_url: str, tab: Tab, url_path: str, slug: str, title: str) -> None:
    page = tab.page
    page.goto(f"{app_url}/{url_path}", wait_until="domcontentloaded")
    wait_for_app(page)

    assert_no_app_error(page)
    assert urlsplit(page.url).path.strip("/") == url_path, (
        f"{title}: expected URL path /{url_path}, browser is at {page.url}")

    heading = page.locator('[data-testid="stMain"] h1').first
    heading.wait_for(state="visible", timeout=30_000)
    assert heading.inner_text().strip(), f"{title}: the main heading (h1) is empty"

    if url_path in TEXT_STATES:
        page.get_by_text(TEXT_STATES[url_path]).first.wait_for(state="visible", timeout=30_000)
    else:
        charts = page.locator('.js-plotly-plot, [data-testid="stDataFrame"]')
        try:
            charts.first.wait_for(state="attached", timeout=30_000)
        except Exception:  # noqa: BLE001 (turned into a readable failure)
            pytest.fail(f"{title}: no Plotly chart (.js-plotly-plot) and no dataframe on /{url_path}")
    wait_for_app(page)
    assert_no_app_error(page)

    number = PAGES.index((url_path, slug, title)) + 1
    full_page_screenshot(page, SCREENSHOTS / f"{number:02d}_{slug}.png")
    assert_local_only(tab)


def _slider_years(slider) -> list[str]:
    thumbs = slider.locator('[data-testid="stSliderThumbValue"]')
    values = [thumbs.nth(i).inner_text() for i in range(thumbs.count())] or [slider.inner_text()]
    return ["".join(ch for ch in value if ch.isdigit()) for value in values]


def test_year_range_round_trips_through_url(app_url: str, tab: Tab) -> None:
    page = tab.page
    page.goto(f"{app_url}/xu-huong?tu=2015&den=2022", wait_until="domcontentloaded")
    wait_for_app(page)
    assert_no_app_error(page)

    sliders = page.locator('[data-testid="stSidebar"] [data-testid="stSlider"]')
    sliders.first.wait_for(state="visible", timeout=30_000)
    seen = [_slider_years(sliders.nth(i)) for i in range(sliders.count())]
    year_sliders = [values for values in seen
                    if len(values) == 2 and all(len(v) == 4 for v in values)]
    assert year_sliders, f"no year-range slider in the sidebar; sliders show {seen}"
    assert year_sliders[0] == ["2015", "2022"], (
        f"year slider shows {year_sliders[0]}, expected 2015–2022 from the URL")

    query = parse_qs(urlsplit(page.url).query)
    assert query.get("tu") == ["2015"] and query.get("den") == ["2022"], (
        f"the URL lost the year range: {page.url}")
    assert urlsplit(page.url).path.strip("/") == "xu-huong", page.url

    full_page_screenshot(page, SCREENSHOTS / "08_xu-huong-url-2015-2022.png")
    assert_local_only(tab)


@pytest.mark.parametrize(
    ("query", "polygons", "slug"),
    [("", 63, "09_ban-do-63-tinh"),
     ("?ranh_gioi=2025&chi_tieu=ntm_communes_recognized", 34, "10_ban-do-34-tinh"),
     ("?khung=46&chi_tieu=citizen_reception_visits", 63, "11_ban-do-hue")],
)
def test_map_draws_polygons_offline(app_url: str, tab: Tab, query: str, polygons: int, slug: str) -> None:
    """The map draws every province as an SVG path, with the network closed: the world
    topojson Plotly asks for comes from the app's own /app/static/."""
    page = tab.page
    page.goto(f"{app_url}/ban-do{query}", wait_until="domcontentloaded")
    wait_for_app(page)
    assert_no_app_error(page)
    paths = page.locator(".js-plotly-plot .choroplethlocation")
    paths.first.wait_for(state="attached", timeout=30_000)
    count = paths.count()
    assert count == polygons, f"{count} province polygons drawn, expected {polygons}"
    filled = page.evaluate(
        """() => [...document.querySelectorAll('.js-plotly-plot .choroplethlocation')]
                .map(p => getComputedStyle(p).fill).filter(f => f && f !== 'none').length""")
    assert filled == polygons, f"only {filled} of {polygons} polygons are filled"
    assert any(url.endswith("/app/static/world_110m.json") for url in tab.requests), (
        "Plotly's world topojson was not served by the app")
    full_page_screenshot(page, SCREENSHOTS / f"{slug}.png")
    assert_local_only(tab)


def test_projector_mode_shows_one_slide_full_screen(app_url: str, tab: Tab) -> None:
    """A copied projector link reopens the same slide, without sidebar, chart drawn offline."""
    page = tab.page
    page.goto(f"{app_url}/trinh-chieu?trinh_chieu=1&trang=2", wait_until="domcontentloaded")
    wait_for_app(page)
    assert_no_app_error(page)
    page.get_by_text("Trang 2/").first.wait_for(state="visible", timeout=30_000)
    page.locator(".js-plotly-plot").first.wait_for(state="visible", timeout=30_000)
    assert not page.locator('[data-testid="stSidebar"]').is_visible(), "the sidebar is hidden when projecting"
    page.keyboard.press("ArrowRight")
    wait_for_app(page)
    page.get_by_text("Trang 3/").first.wait_for(state="visible", timeout=30_000)
    full_page_screenshot(page, SCREENSHOTS / "12_trinh-chieu-may-chieu.png")
    assert_local_only(tab)
