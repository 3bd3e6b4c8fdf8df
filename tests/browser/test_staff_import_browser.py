"""A staff spreadsheet as it is, imported by an editor in Debian's Chromium: the column mapping
is confirmed, two suggested matches accepted, one indicator created, the valid rows imported,
a held row completed in «Chờ bổ sung», and the figures found on Xu hướng."""

from __future__ import annotations

import re
from collections.abc import Iterator
from io import BytesIO

import pytest
from openpyxl import Workbook

from tests.browser.support import (
    ADMIN,
    PASSWORD,
    SCREENSHOTS,
    admin_app,
    assert_local_only,
    assert_no_app_error,
    new_tab,
    sign_in,
    wait_for_app,
)
from tests.browser.test_units_browser import PLOTTED_JS, go_to

pytestmark = pytest.mark.browser

ODD_VISITS = "Lượt dân đến trụ sở nêu ý kiến"  # no good automatic match: the editor accepts a suggestion
ODD_PETITIONS = "Đơn thư nhân dân gửi đến các cấp"
NEW_NAME = "Buổi sinh hoạt chuyên đề dân vận ở khu dân cư"


def staff_workbook() -> bytes:
    """A Nghệ An sheet as kept by staff: merged title over the header on row 3, free-text
    indicator names, English units, a URL source and one row whose period cannot be read."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Số liệu 2024"
    ws.append(["BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY NGHỆ AN"])
    ws.append(["SỐ LIỆU CÔNG TÁC DÂN VẬN NĂM 2024"])
    ws.merge_cells("A1:G1")
    ws.merge_cells("A2:G2")
    ws.append(["STT", "Địa bàn", "Tên chỉ tiêu", "Kết quả", "ĐVT", "Thời gian", "Đường dẫn"])
    src = "https://nghean.gov.vn/bao-cao-dan-van-2024"
    ws.append([1, "Nghệ An", "Số lượt tiếp công dân", "1.234", "visits", "Năm 2024", src])
    ws.append([2, "Nghệ An", ODD_PETITIONS, "2.345", "petitions", "Năm 2024", src])
    ws.append([3, "Thị xã Hương Trà", ODD_VISITS, 321, "lượt", "Năm 2024", src])
    ws.append([4, "Nghệ An", NEW_NAME, 56, "buổi", "Năm 2024", src])
    ws.append([5, "Nghệ An", "Số lượt tiếp công dân", 999, "lượt", "Năm 2023 (chưa chốt)", src])  # held: period
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def editor_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with admin_app(tmp_path_factory, "staff") as base_url:
        yield base_url


def pick(page, label: re.Pattern[str], typed: str) -> None:
    """Type ``typed`` into the select box named ``label`` and take the first option offered."""
    box = page.get_by_label(label).first
    box.click()
    box.fill(typed)
    page.keyboard.press("Enter")
    wait_for_app(page)


def test_editor_imports_a_staff_sheet_and_sees_it_on_xu_huong(editor_app: str, browser, tmp_path) -> None:
    with new_tab(browser, 1600, 1000) as tab:
        page = tab.page
        page.goto(editor_app, wait_until="domcontentloaded")
        wait_for_app(page)
        sign_in(page, ADMIN, PASSWORD)
        go_to(page, "Nhập dữ liệu")
        main = page.locator('[data-testid="stMain"]')

        # Streamlit's uploader speaks Vietnamese and states the import's own limit
        dropzone = page.locator('[data-testid="stFileUploaderDropzone"]')
        dropzone.wait_for(state="visible", timeout=30_000)
        assert "Tối đa 5MB mỗi tệp" in dropzone.inner_text() and "Tải lên" in dropzone.inner_text()
        assert "per file" not in dropzone.inner_text() and "Upload" not in dropzone.inner_text()

        upload = tmp_path / "so_lieu_nghe_an_2024.xlsx"
        upload.write_bytes(staff_workbook())
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(upload))
        wait_for_app(page)
        assert_no_app_error(page)
        # the mapping, read from the header on row 3, shown for the editor to confirm
        main.get_by_text("Bước 3. Cột.").wait_for(state="visible", timeout=30_000)
        assert "dòng 3" in main.inner_text()
        grid = main.locator('[data-testid="stDataFrame"]').first
        assert grid.count() == 1

        # two names accepted from the suggestions, one created as a new indicator
        pick(page, re.compile(re.escape(f"«{ODD_VISITS}»")), "Lượt công dân được tiếp (mọi hình thức)")
        pick(page, re.compile(re.escape(f"«{ODD_PETITIONS}»")), "Đơn thư tiếp nhận")
        pick(page, re.compile(re.escape(f"«{NEW_NAME}»")), "Tạo chỉ tiêu mới")
        assert_no_app_error(page)
        pick(page, re.compile("^Đơn vị tính"), "buổi")
        page.screenshot(path=str(SCREENSHOTS / "30_nhap-bang-can-bo.png"), full_page=True)

        text = main.inner_text()
        assert "4 số liệu nhập được" in text and "1 chưa nhập được" in text, text
        main.get_by_text("Nhập các dòng hợp lệ", exact=False).first.click()
        wait_for_app(page)
        page.get_by_role("button", name="Xác nhận nhập").click()
        wait_for_app(page)
        main.get_by_text("Đã nhập 4 số liệu thành lô số 1").wait_for(state="visible", timeout=30_000)
        assert "1 dòng chờ bổ sung" in main.inner_text()

        # the held row completed with its period, and imported as its own batch
        main.get_by_role("tab", name="Chờ bổ sung").click()
        wait_for_app(page)
        page.get_by_label("Kỳ báo cáo của dòng").fill("năm 2023")
        page.get_by_label("Kỳ báo cáo của dòng").press("Enter")
        wait_for_app(page)
        page.get_by_role("button", name="Nhập dòng này").click()
        wait_for_app(page)
        main.get_by_text("Đã nhập dòng này thành lô số 2").wait_for(state="visible", timeout=30_000)
        assert_local_only(tab)

        go_to(page, "Xu hướng")
        page.goto(f"{editor_app}/xu-huong?dia_ban=nghe-an&linh_vuc=tiep_cong_dan&chi_tieu=citizen_reception_visits",
                  wait_until="domcontentloaded")
        wait_for_app(page)
        assert_no_app_error(page)
        page.locator(".js-plotly-plot").first.wait_for(state="attached", timeout=30_000)
        values = {v for t in page.evaluate(PLOTTED_JS) for v in t["values"]}
        assert {"1234", "999"} <= {v.removesuffix(".0") for v in values}, values
        page.screenshot(path=str(SCREENSHOTS / "31_xu-huong-sau-khi-nhap.png"), full_page=True)
        assert_local_only(tab)
