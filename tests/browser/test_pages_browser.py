"""Every page of the running app, opened in Debian's Chromium through Playwright.

A session fixture starts ``streamlit run dashboard.py`` on a free local port with a fresh
SQLite database; each test opens one page, waits until the script has finished, and checks
that the page rendered (heading, a chart or a table) without an exception, and that the
browser never asked for anything outside 127.0.0.1. Screenshots go to
test-output/screenshots/.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.support import (
    OUTPUT,
    SCREENSHOTS,
    Tab,
    assert_local_only,
    assert_no_app_error,
    full_page_screenshot,
    wait_for_app,
)

pytestmark = pytest.mark.browser

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
# Streamlit's own English words a user could meet on a page; shown in Vietnamese (danvan.ui.language).
STREAMLIT_ENGLISH = re.compile(r"No results|Select all|\bUpload\b|per file|Drag and drop|Browse files|Page not found|"
                               r"Skip to main content|Running the app|does not seem to exist|Choose an option")
# What one page may send to the browser on the shipped data (issue 15: send only what is seen).
PAGE_BYTES = 1_000_000
# Pages whose content on a fresh database is text, not a chart or table: the text they must show.
TEXT_STATES = {"mo-hinh": "Chưa có mô hình nào trong sổ", "trinh-chieu": "Các trang ("}


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
    english = STREAMLIT_ENGLISH.findall(page.locator("body").inner_text())
    assert not english, f"{title}: Streamlit's English on the page: {english}"
    assert tab.socket_bytes <= PAGE_BYTES, (
        f"{title}: the app sent {tab.socket_bytes:,} bytes over the websocket (limit {PAGE_BYTES:,})")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with (OUTPUT / "page-bytes.tsv").open("a", encoding="utf-8") as record:
        record.write(f"{slug}\t{tab.socket_bytes}\n")

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
    page.goto(f"{app_url}/trinh-chieu?trinh_chieu=1&moi_nhat=1&trang=2", wait_until="domcontentloaded")
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


def test_pack_sets_latest_figures_side_by_side_only_when_asked(app_url: str, tab: Tab) -> None:
    """By default a deck compares one shared period; ticking the box adds each place's latest
    figure, titled as such, and the choice is kept in the link."""
    page = tab.page
    page.goto(f"{app_url}/trinh-chieu", wait_until="domcontentloaded")
    wait_for_app(page)
    assert_no_app_error(page)
    preview = page.locator(".st-key-pack_preview")
    heading = preview.get_by_text(re.compile(r"Các trang \((\d+) trang\)")).first
    heading.wait_for(state="visible", timeout=30_000)
    before = int(re.search(r"\((\d+) trang", heading.inner_text()).group(1))
    assert "không có số liệu cùng kỳ" in preview.inner_text()
    assert ", số mới nhất của mỗi địa phương" not in preview.inner_text()  # no slide titled so
    page.locator(".st-key-pack_latest").get_by_text("Đặt cạnh số mới nhất của mỗi địa phương (khác kỳ)").click()
    wait_for_app(page)
    page.wait_for_function(
        "n => { const t = document.querySelector('.st-key-pack_preview').innerText;"
        " const m = t.match(/Các trang \\((\\d+) trang\\)/); return m && Number(m[1]) > n; }",
        arg=before, timeout=30_000)
    text = preview.inner_text()
    assert ", số mới nhất của mỗi địa phương" in text and "các năm khác nhau" in text
    assert parse_qs(urlsplit(page.url).query).get("moi_nhat") == ["1"]
    assert_local_only(tab)


def test_a_page_that_does_not_exist_is_told_in_vietnamese(app_url: str, tab: Tab) -> None:
    page = tab.page
    page.goto(f"{app_url}/khong-co-trang-nay", wait_until="domcontentloaded")
    wait_for_app(page)
    page.get_by_text("Không có trang này; ứng dụng mở trang chính.").wait_for(state="visible", timeout=30_000)
    page.get_by_text("Không tìm thấy trang").first.wait_for(state="visible", timeout=30_000)
    assert not STREAMLIT_ENGLISH.findall(page.locator("body").inner_text())
    assert_local_only(tab)



@pytest.fixture(scope="module")
def registry_app_url(tmp_path_factory: pytest.TempPathFactory):
    """An app on the shipped data plus 1.234 registry models, so Dân vận khéo's tables have pages."""
    from sqlalchemy import insert, select

    from danvan.data import version as data_version
    from danvan.data.db import get_engine
    from danvan.data.loader import build_database
    from danvan.data.models import DvkModel, Locality
    from danvan.settings import get_settings
    from tests.browser.support import running_app
    from tests.dbs import fresh_url

    workdir = tmp_path_factory.mktemp("browser-registry")
    url = fresh_url(workdir, "registry")
    engine = get_engine(url)
    build_database(engine, get_settings().data_dir)
    with engine.begin() as conn:
        places = conn.execute(select(Locality.locality_id).where(Locality.level == "huyen")
                              .order_by(Locality.locality_id).limit(60)).scalars().all()
        conn.execute(insert(DvkModel), [
            {"name": f"Mô hình thử số {i:04d}", "locality_id": places[i % len(places)], "year_registered": 2022,
             "field": "kinh_te", "subject": "tap_the" if (i // len(places)) % 2 else "ca_nhan", "status": "dang_ky",
             "unit_name": "", "description": "",
             "evidence": "", "created_by": "pytest", "updated_by": "pytest"} for i in range(1234)])
        data_version.bump(conn)
    engine.dispose()
    with running_app(workdir, url) as base_url:
        yield base_url


class _Messages:
    """Streamlit's ForwardMsgs received by a tab, decoded: (type, script_finished status, element type)."""

    def __init__(self, page) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self._forward = ForwardMsg
        self.seen: list[tuple[str, int | None, str | None]] = []
        page.on("websocket", lambda socket: socket.on("framereceived", self._received))

    def _received(self, payload: str | bytes) -> None:
        try:
            msg = self._forward.FromString(payload.encode() if isinstance(payload, str) else payload)
        except Exception:  # noqa: BLE001 (not a ForwardMsg)
            return
        kind = msg.WhichOneof("type") or "?"
        status = msg.script_finished if kind == "script_finished" else None
        element = None
        if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element.WhichOneof("type")
        self.seen.append((kind, status, element))


def test_next_page_of_a_table_reruns_only_that_table(registry_app_url: str, tab: Tab) -> None:
    """«Trang sau» of a paged table is an st.fragment (issue 15: redraw only what changed): the
    click reruns that table, not the page: the script run is a fragment run, no chart is sent
    again, the other tables stay on their page."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    page = tab.page
    messages = _Messages(page)
    page.goto(f"{registry_app_url}/dan-van-kheo", wait_until="domcontentloaded")
    wait_for_app(page)
    assert_no_app_error(page)
    assert any(m[0] == "script_finished" and m[1] == ForwardMsg.FINISHED_SUCCESSFULLY for m in messages.seen)
    assert any(m[2] == "plotly_chart" for m in messages.seen), "the page sent no chart"
    status_table = page.locator(".st-key-dvk_registry_status_next button")
    page.get_by_text("· trang 1/5").wait_for(state="visible", timeout=30_000)  # 118 rows, 25 a page
    mark = len(messages.seen)
    status_table.click()
    page.get_by_text("Dòng 26–50 trong 118 dòng · trang 2/5").wait_for(state="visible", timeout=30_000)
    wait_for_app(page)
    assert_no_app_error(page)
    after = messages.seen[mark:]
    finished = [m[1] for m in after if m[0] == "script_finished"]
    assert finished and set(finished) == {ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}, (
        f"the click reran the whole page (script_finished statuses {finished})")
    assert not [m for m in after if m[2] == "plotly_chart"], "a chart was sent again for a table's next page"
    assert [m for m in after if m[2] == "dataframe"], "the next page's rows were not sent"
    assert page.get_by_text("Dòng 26–50 trong 118 dòng · trang 2/5").count() == 1
