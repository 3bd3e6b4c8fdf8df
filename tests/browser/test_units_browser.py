"""Any unit of the catalogue in the running app, in Debian's Chromium: an editor picks
«Phường Cửa Nam» (the ward of Hà Nội since 1/7/2025), imports a figure for it and finds it on
Hồ sơ and So sánh; the communes of Nghệ An are drawn on Bản đồ, offline."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.support import (
    SCREENSHOTS,
    Tab,
    assert_local_only,
    assert_no_app_error,
    new_tab,
    running_app,
    sign_in,
    wait_for_app,
)
from tests.dbs import fresh_url
from tests.test_import_validation import row, xlsx

pytestmark = pytest.mark.browser

ADMIN, PASSWORD = "quan.tri", "mat-khau-du-dai-2026"
CUA_NAM = "xa-00082-2025"
FIGURE = row(**{"Địa phương": "Phường Cửa Nam", "Mã chỉ tiêu": "citizen_reception_visits", "Giá trị": "1.234",
                "Kỳ báo cáo": "6 tháng cuối năm 2025", "Phạm vi": "Toàn phường",
                "Nguồn": "Báo cáo công tác tiếp công dân 6 tháng cuối năm 2025",
                "Cơ quan ban hành": "UBND phường Cửa Nam"})

# Every value and trace name of the Plotly charts on the page (the DOM keeps them on the div).
PLOTTED_JS = """() => {
    const arr = v => v == null ? [] : (Array.isArray(v) || ArrayBuffer.isView(v)) ? Array.from(v) : [v];
    return [...document.querySelectorAll('.js-plotly-plot')].flatMap(gd => (gd._fullData || []).map(t => ({
        name: String(t.name || ''), type: t.type,
        values: [...arr(t.x), ...arr(t.y)].map(String),
        text: [...arr(t.text), ...arr(t.customdata).flat()].map(String),
        n: arr(t.lon).length || arr(t.x).length})));
}"""


@pytest.fixture(scope="module")
def editor_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a fresh database whose first administrator comes from the environment."""
    workdir = tmp_path_factory.mktemp("browser-editor")
    with running_app(workdir, fresh_url(workdir, "editor"), DANVAN_ADMIN_USER=ADMIN,
                     DANVAN_ADMIN_PASSWORD=PASSWORD) as base_url:
        yield base_url


def sidebar(page):
    return page.locator('[data-testid="stSidebar"]')


def go_to(page, title: str) -> None:
    """Follow the navigation link (keeps the tab's filters in the session)."""
    sidebar(page).get_by_role("link", name=title).first.click()
    wait_for_app(page)
    assert_no_app_error(page)


def plotted(page) -> list[dict]:
    return page.evaluate(PLOTTED_JS)


def test_editor_picks_cua_nam_imports_a_figure_and_finds_it(editor_app: str, browser, tmp_path) -> None:
    with new_tab(browser, 1600, 1000) as tab:
        page = tab.page
        page.goto(editor_app, wait_until="domcontentloaded")
        wait_for_app(page)
        side = sidebar(page)
        sign_in(page, ADMIN, PASSWORD)
        assert side.get_by_role("link", name="Nhập dữ liệu").count(), "the editor pages are not offered"

        # the unit, picked in the sidebar by a search without accents and with an abbreviation
        side.get_by_label("Tìm đơn vị", exact=True).fill("p. cua nam")
        side.get_by_label("Tìm đơn vị", exact=True).press("Enter")
        wait_for_app(page)
        side.get_by_text("Phường Cửa Nam (Hà Nội", exact=False).first.click()
        wait_for_app(page)
        assert CUA_NAM in parse_qs(urlsplit(page.url).query).get("dia_ban", [""])[0].split(","), page.url

        go_to(page, "Nhập dữ liệu")
        upload = tmp_path / "cua_nam_2025.xlsx"
        upload.write_bytes(xlsx([FIGURE]))
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(upload))
        wait_for_app(page)
        assert_no_app_error(page)
        page.get_by_role("button", name="Xác nhận nhập").click()
        wait_for_app(page)
        page.get_by_text("lô số 1").first.wait_for(state="visible", timeout=30_000)

        go_to(page, "Hồ sơ địa phương")
        main = page.locator('[data-testid="stMain"]')
        main.get_by_text("Phường Cửa Nam").first.wait_for(state="visible", timeout=30_000)
        text = main.inner_text()
        assert "01/07/2025" in text and "Quận Hoàn Kiếm" in text, "predecessors with their date"
        page.screenshot(path=str(SCREENSHOTS / "20_ho-so-cua-nam.png"), full_page=True)
        assert "1.234" in text, text
        assert_local_only(tab)

    with new_tab(browser, 1280, 720) as tab:  # a reader on the projector: no sign-in needed
        page = tab.page
        page.goto(f"{editor_app}/so-sanh?dia_ban={CUA_NAM},hoan-kiem&chi_tieu=citizen_reception_visits",
                  wait_until="domcontentloaded")
        wait_for_app(page)
        assert_no_app_error(page)
        page.locator(".js-plotly-plot").first.wait_for(state="attached", timeout=30_000)
        shown = plotted(page)
        bars = [t for t in shown if t["type"] == "bar"]
        assert bars, shown
        assert any("Cửa Nam" in v for t in bars for v in t["values"] + t["text"] + [t["name"]]), bars
        assert any(v in ("1234", "1234.0") for t in bars for v in t["values"]), bars
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "21_so-sanh-cua-nam-1280x720.png"))
        assert_local_only(tab)


@pytest.mark.parametrize(("width", "height"), [(1600, 1000), (1280, 720)])
def test_map_draws_the_communes_of_nghe_an_offline(app_url: str, browser, width: int, height: int) -> None:
    with new_tab(browser, width, height) as tab:
        page = tab.page
        page.goto(f"{app_url}/ban-do?xem=xa&tinh=nghe-an", wait_until="domcontentloaded")
        wait_for_app(page)
        assert_no_app_error(page)
        page.locator(".js-plotly-plot").first.wait_for(state="attached", timeout=30_000)
        points = [t for t in plotted(page) if t["type"] == "scattergeo"]
        assert sum(t["n"] for t in points) == 130, points
        drawn = page.locator(".js-plotly-plot .scattergeo path.point").count()
        assert drawn == 130, f"{drawn} points drawn in the SVG"
        outline = page.locator(".js-plotly-plot .choroplethlocation").count()
        assert outline >= 1, "the province outline is drawn"
        assert any(url.endswith("/app/static/world_110m.json") for url in tab.requests)
        page.screenshot(path=str(SCREENSHOTS / f"22_ban-do-xa-nghe-an-{width}x{height}.png"))
        assert_local_only(tab)


def test_sidebar_search_ignores_accents_and_prefixes(app_url: str, tab: Tab) -> None:
    page = tab.page
    page.goto(app_url, wait_until="domcontentloaded")
    wait_for_app(page)
    side = sidebar(page)
    for typed, expected in (("tra vinh", "Trà Vinh"), ("tp hue", "Thành phố Huế")):
        side.get_by_label("Tìm đơn vị", exact=True).fill(typed)
        side.get_by_label("Tìm đơn vị", exact=True).press("Enter")
        wait_for_app(page)
        assert side.get_by_text(expected, exact=False).count(), f"«{typed}» did not find {expected}"
        assert "No results" not in side.inner_text()
    assert_local_only(tab)
