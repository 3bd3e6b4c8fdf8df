"""At a meeting-room projector's 1280×720 and at 1600×1000: every reader page shows its main
chart with title, axis and source line without scrolling, projector mode shows the chart, the
source and the «Trước/Sau» buttons, and no page shows a word that is not Vietnamese."""

from __future__ import annotations

import pytest

from tests.browser.support import SCREENSHOTS, assert_local_only, assert_no_app_error, new_tab, wait_for_app
from tests.browser.vietnamese_text import VISIBLE_TEXT_JS, foreign_words

pytestmark = pytest.mark.browser

SIZES = [(1280, 720), (1600, 1000)]
# Pages whose first thing under the title is their main chart (So sánh: each place's latest
# figure side by side, as a user asks when no period is shared).
CHART_PAGES = ["xu-huong", "so-sanh?ky=moi_nhat", "ban-do"]
READER_PAGES = ["", "xu-huong", "so-sanh", "so-sanh?ky=moi_nhat", "ban-do", "dan-van-kheo", "mo-hinh", "ho-so",
                "trinh-chieu", "nguon-du-lieu", "trinh-chieu?trinh_chieu=1&moi_nhat=1&trang=2"]
PARTS_JS = """() => {
  const plot = document.querySelector('[data-testid="stMain"] .js-plotly-plot');
  if (!plot) return null;
  const box = e => { if (!e) return null; const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom}; };
  const source = [...plot.querySelectorAll('.annotation')].find(a => a.textContent.startsWith('Nguồn'));
  return {title: box(plot.querySelector('.gtitle')), ticks: box(plot.querySelector('.xtick')),
          axis: box(plot.querySelector('.xtitle')), source: box(source), plot: box(plot),
          scale: box(plot.querySelector('.colorbar'))};
}"""


def _inside(part: dict | None, height: int, what: str, where: str) -> None:
    assert part is not None, f"{where}: no {what}"
    assert 0 <= part["top"] and part["bottom"] <= height, f"{where}: {what} at {part} outside 0–{height} px"


def _open(page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    wait_for_app(page)
    assert_no_app_error(page)
    page.wait_for_timeout(500)  # plotly lays out after the script has finished


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("path", CHART_PAGES)
def test_main_chart_fits_without_scrolling(app_url: str, browser, path: str, width: int, height: int) -> None:
    with new_tab(browser, width, height) as tab:
        page = tab.page
        _open(page, f"{app_url}/{path}")
        page.locator('[data-testid="stMain"] .js-plotly-plot').first.wait_for(state="visible", timeout=30_000)
        parts = page.evaluate(PARTS_JS)
        where = f"/{path} at {width}×{height}"
        for what in ("title", "source", "plot"):
            _inside(parts[what], height, what, where)
        if path == "ban-do":  # a map: its colour scale instead of an axis
            _inside(parts["scale"], height, "colour scale", where)
        else:
            _inside(parts["ticks"], height, "axis ticks", where)
            _inside(parts["axis"], height, "axis title", where)
        page.screenshot(path=str(SCREENSHOTS / f"fit_{width}x{height}_{path.split('?')[0] or 'tong-quan'}.png"))
        assert_local_only(tab)


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_overview_cards_lead_and_fit(app_url: str, browser, width: int, height: int) -> None:
    with new_tab(browser, width, height) as tab:
        page = tab.page
        _open(page, app_url)
        source = page.get_by_text("Nguồn:").first
        source.wait_for(state="visible", timeout=30_000)
        box = source.bounding_box()
        assert box is not None and box["y"] + box["height"] <= height, f"first card's source at {box}"
        assert page.get_by_text("Lượt công dân được tiếp").first.is_visible()  # a core indicator leads


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("number", [1, 2, 3])
def test_projector_slide_fits_with_its_buttons(app_url: str, browser, number: int, width: int, height: int) -> None:
    with new_tab(browser, width, height) as tab:
        page = tab.page
        _open(page, f"{app_url}/trinh-chieu?trinh_chieu=1&moi_nhat=1&trang={number}")
        page.locator(".js-plotly-plot").first.wait_for(state="visible", timeout=30_000)
        where = f"slide {number} at {width}×{height}"
        parts = page.evaluate(PARTS_JS)
        _inside(parts["plot"], height, "chart", where)
        _inside(parts["ticks"], height, "axis", where)
        for name in ("Trước", "Sau"):
            box = page.get_by_role("button", name=name).first.bounding_box()
            assert box is not None and box["y"] + box["height"] <= height, f"{where}: «{name}» at {box}"
        source = page.locator(".st-key-projector_view").get_by_text("Nguồn:").first.bounding_box()
        assert source is not None and source["y"] + source["height"] <= height, f"{where}: source at {source}"
        page.screenshot(path=str(SCREENSHOTS / f"fit_{width}x{height}_may-chieu-{number}.png"))


@pytest.mark.parametrize("path", READER_PAGES)
def test_no_word_on_screen_is_not_vietnamese(app_url: str, browser, path: str) -> None:
    with new_tab(browser, 1280, 720) as tab:
        page = tab.page
        _open(page, f"{app_url}/{path}")
        page.wait_for_timeout(500)
        words = sorted(set(foreign_words(page.evaluate(VISIBLE_TEXT_JS))))
        assert not words, f"/{path}: words that are not Vietnamese on screen: {words}"
