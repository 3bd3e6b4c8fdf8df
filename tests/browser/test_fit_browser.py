"""At a meeting-room projector's 1280×720 and at 1600×1000: every reader page shows its main
chart with title, axis and source line without scrolling (a page without one: its main table's
header and first rows; Hồ sơ: its locator map and the unit's boundary periods), projector mode
shows the chart, the source and the «Trước/Sau» buttons, and no page shows a word that is not
Vietnamese."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser.support import (
    SCREENSHOTS,
    assert_local_only,
    assert_no_app_error,
    new_tab,
    running_app,
    wait_for_app,
)
from tests.browser.vietnamese_text import VISIBLE_TEXT_JS, foreign_words
from tests.dbs import fresh_url

pytestmark = pytest.mark.browser

SIZES = [(1280, 720), (1600, 1000)]
# Pages whose first thing under the title is their main chart (So sánh: each place's latest
# figure side by side, as a user asks when no period is shared).
CHART_PAGES = ["xu-huong", "so-sanh?ky=moi_nhat", "ban-do"]
# Pages that open with the chart of the models' registry (on an app whose registry has models in
# REGISTRY_PLACES): Dân vận khéo and Sổ mô hình.
REGISTRY_PAGES = ["dan-van-kheo", "mo-hinh"]
# Long names, enough of them for the labels to slant; the last in Vietnamese order is a long one.
REGISTRY_PLACES = ["ba-ria-vung-tau", "gia-lai-2025", "ha-noi", "hue-2025", "khanh-hoa-2025", "quang-ngai-2025",
                   "thai-nguyen-2025", "tuyen-quang-2025", "vinh-long-2025"]
ROW_PX = 35  # a table row (and its header) in st.dataframe
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


# Every x tick label of the main chart against the chart's own svg, and the axis title and
# source line under them.
LABELS_JS = """() => {
  const plot = document.querySelector('[data-testid="stMain"] .js-plotly-plot');
  const box = e => { if (!e) return null; const r = e.getBoundingClientRect();
                     return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
  const source = [...plot.querySelectorAll('.annotation')].find(a => a.textContent.startsWith('Nguồn'));
  return {svg: box(plot.querySelector('svg.main-svg')), axis: box(plot.querySelector('.xtitle')), source: box(source),
          labels: [...plot.querySelectorAll('.xtick text')].map(t => ({text: t.textContent,
                   slanted: (t.getAttribute('transform') || '').includes('rotate'), ...box(t)}))};
}"""
# The first table of the page: its box, and its header row and data rows as the grid's
# accessible table holds them (the cells themselves are drawn on a canvas).
TABLE_JS = """() => {
  const frame = document.querySelector('[data-testid="stMain"] [data-testid="stDataFrame"]');
  if (!frame) return null;
  const r = frame.getBoundingClientRect();
  const rows = [...frame.querySelectorAll('[role="row"]')].map(row => row.textContent.trim());
  return {top: r.top, bottom: r.bottom, header: rows[0] || '', rows: rows.slice(1).filter(Boolean).length};
}"""


def _inside(part: dict | None, height: int, what: str, where: str) -> None:
    assert part is not None, f"{where}: no {what}"
    assert 0 <= part["top"] and part["bottom"] <= height, f"{where}: {what} at {part} outside 0–{height} px"


def _open(page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    wait_for_app(page)
    assert_no_app_error(page)
    page.wait_for_timeout(500)  # plotly lays out after the script has finished


def _screenshot(page, width: int, height: int, path: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"fit_{width}x{height}_{path.split('?')[0] or 'tong-quan'}.png"))


def _main_chart_fits(tab, url: str, path: str, width: int, height: int) -> None:
    """Open ``url`` and check that its first chart's title, source line, whole plot and x axis
    (labels and title; a map: its colour scale) lie inside the viewport."""
    page = tab.page
    _open(page, url)
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
    _screenshot(page, width, height, path)


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("path", CHART_PAGES)
def test_main_chart_fits_without_scrolling(app_url: str, browser, path: str, width: int, height: int) -> None:
    with new_tab(browser, width, height) as tab:
        _main_chart_fits(tab, f"{app_url}/{path}", path, width, height)
        assert_local_only(tab)


@pytest.fixture(scope="module")
def registry_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a database whose registry holds one model in each of REGISTRY_PLACES."""
    from danvan.data.db import get_engine
    from danvan.data.loader import build_database
    from danvan.registry import add_model
    from danvan.settings import get_settings
    from danvan.vocabulary import DVK_FIELDS

    workdir = tmp_path_factory.mktemp("registry-app")
    url = fresh_url(workdir, "registry")
    engine = get_engine(url)
    build_database(engine, get_settings().data_dir)
    fields = list(DVK_FIELDS)
    for number, place in enumerate(REGISTRY_PLACES):
        add_model(engine, {"name": f"Mô hình dân vận khéo số {number + 1}", "locality_id": place,
                           "year_registered": 2024, "field": fields[number % len(fields)], "status": "dang_ky"},
                  set(REGISTRY_PLACES), "bien.tap")
    engine.dispose()
    with running_app(workdir, url) as base_url:
        yield base_url


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("path", REGISTRY_PAGES)
def test_registry_chart_leads_and_fits(registry_app: str, browser, path: str, width: int, height: int) -> None:
    with new_tab(browser, width, height) as tab:
        _main_chart_fits(tab, f"{registry_app}/{path}", path, width, height)
        where = f"/{path} at {width}×{height}"
        found = tab.page.evaluate(LABELS_JS)
        labels, svg = found["labels"], found["svg"]
        assert len(labels) == len(REGISTRY_PLACES), f"{where}: x labels {labels}"
        assert all(label["slanted"] for label in labels), f"{where}: these many places are expected slanted"
        for label in labels:  # slanted labels once hung past the right edge («Vĩnh Long (mới)» cut)
            assert svg["left"] <= label["left"] and label["right"] <= svg["right"], f"{where}: {label} outside {svg}"
            assert label["bottom"] <= height, f"{where}: {label} below the screen"
        lowest = max(label["bottom"] for label in labels)
        assert lowest <= found["axis"]["top"] + 1, f"{where}: axis title {found['axis']} over a label at {lowest}"
        assert found["axis"]["bottom"] <= found["source"]["top"] + 1, f"{where}: source line over the axis title"
        assert_local_only(tab)


def _table_fits(page, height: int, rows: int, where: str) -> None:
    """The first table's header and its first ``rows`` rows are on the screen."""
    table = page.evaluate(TABLE_JS)
    assert table is not None, f"{where}: no table"
    assert table["header"], f"{where}: table without a header row"
    assert table["rows"] >= rows, f"{where}: {table['rows']} rows, {rows} expected"
    shown = table["top"] + ROW_PX * (1 + rows)
    assert 0 <= table["top"] and shown <= min(height, table["bottom"]), (
        f"{where}: header and {rows} rows reach {shown} px (table {table}, screen {height} px)")


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_data_page_shows_its_table_without_scrolling(app_url: str, browser, width: int, height: int) -> None:
    """Nguồn & dữ liệu has no chart: its table of figures, header and first rows, fits."""
    with new_tab(browser, width, height) as tab:
        page = tab.page
        _open(page, f"{app_url}/nguon-du-lieu")
        page.locator('[data-testid="stMain"] [data-testid="stDataFrame"]').first.wait_for(state="visible")
        page.wait_for_timeout(500)
        _table_fits(page, height, 5, f"/nguon-du-lieu at {width}×{height}")
        _screenshot(page, width, height, "nguon-du-lieu")


LOCATOR_JS = """() => {
  const plot = document.querySelector('[data-testid="stMain"] .js-plotly-plot');
  if (!plot) return null;
  const box = e => { if (!e) return null; const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom}; };
  const credit = [...plot.querySelectorAll('.annotation')].find(a => a.textContent.startsWith('Ranh giới'));
  return {title: box(plot.querySelector('.gtitle')), credit: box(credit), plot: box(plot)};
}"""


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_profile_shows_locator_and_facts_without_scrolling(app_url: str, browser, width: int, height: int) -> None:
    """Hồ sơ has no chart of figures: its locator map (title, boundary credit) and the unit's
    boundary periods table, header and first row, fit."""
    with new_tab(browser, width, height) as tab:
        page = tab.page
        _open(page, f"{app_url}/ho-so")
        page.locator('[data-testid="stMain"] .js-plotly-plot').first.wait_for(state="visible", timeout=30_000)
        where = f"/ho-so at {width}×{height}"
        parts = page.evaluate(LOCATOR_JS)
        for what in ("title", "credit", "plot"):
            _inside(parts[what], height, what, where)
        facts = page.get_by_text("Thông tin đơn vị").bounding_box()
        assert facts is not None and facts["y"] + facts["height"] <= height, f"{where}: facts at {facts}"
        _table_fits(page, height, 1, where)
        _screenshot(page, width, height, "ho-so")


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
