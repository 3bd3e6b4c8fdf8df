"""Write the staff-spreadsheet corpus: workbooks as provincial staff keep them.

    python tests/staff_corpus/build.py OUT_DIR

Each file is one sheet in its owner's own layout (merged titles, STT numbering, section
headings, notes and signatures under the table, numbers typed as text or as Excel numbers).
The files are written byte for byte the same on every run (fixed zip times and document
properties), so a file's checksum is stable. What a correct import must make of each file is
in ``expected.py``; row numbers there refer to the rows written here.
"""

from __future__ import annotations

import csv
import io
import re
import sys
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

FIXED_TIME = datetime(2026, 1, 5, 8, 0, 0)
ZIP_TIME = (2026, 1, 5, 8, 0, 0)
BOLD = Font(bold=True)


@dataclass(frozen=True)
class Num:
    """An Excel number cell with a display format («0.00%», «#,##0», «dd/mm/yyyy»)."""

    value: Any
    number_format: str


def _text(value: Any, form: str) -> Any:
    return unicodedata.normalize(form, value) if isinstance(value, str) else value


def _put(ws: Worksheet, row: int, values: list[Any], form: str = "NFC", bold: bool = False) -> None:
    """Write ``values`` into ``row`` from column A; ``None`` leaves a cell empty."""
    for col, value in enumerate(values, start=1):
        if value is None:
            continue
        cell = ws.cell(row=row, column=col)
        if isinstance(value, Num):
            cell.value, cell.number_format = value.value, value.number_format
        else:
            cell.value = _text(value, form)
        if bold:
            cell.font = BOLD


def _merge(ws: Worksheet, ref: str, text: str, form: str = "NFC") -> None:
    """A merged, bold, centred title block."""
    ws.merge_cells(ref)
    first = ws[ref.split(":")[0]]
    first.value = _text(text, form)
    first.font = BOLD
    first.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _table(ws: Worksheet, header_row: int, header: list[str], rows: list[list[Any]],
           form: str = "NFC") -> None:
    """Header at ``header_row`` and the rows under it; a row ``["I", "TEXT"]`` becomes a
    section heading merged across the table."""
    _put(ws, header_row, header, form, bold=True)
    last_col = chr(ord("A") + len(header) - 1)
    for offset, values in enumerate(rows, start=1):
        row = header_row + offset
        if len(values) == 2 and isinstance(values[1], str) and values[1].isupper():
            _put(ws, row, [values[0]], form, bold=True)
            _merge(ws, f"B{row}:{last_col}{row}", values[1], form)
        else:
            _put(ws, row, values, form)
    for col, width in zip("ABCDEFGH", (6, 24, 44, 14, 12, 22, 40, 24), strict=False):
        ws.column_dimensions[col].width = width


def _book(sheet_title: str) -> tuple[Workbook, Worksheet]:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title
    return wb, ws


def _xlsx_bytes(wb: Workbook) -> bytes:
    """The workbook with fixed properties and zip entry times (same bytes on every run)."""
    wb.properties.creator = "Cán bộ tổng hợp"
    wb.properties.created = FIXED_TIME
    buffer = io.BytesIO()
    wb.save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2026-01-05T08:00:00Z", data)
            dst.writestr(zipfile.ZipInfo(item.filename, date_time=ZIP_TIME), data,
                         compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _csv_bytes(rows: list[list[str]]) -> bytes:
    """UTF-8 with BOM, semicolons, CRLF: what Excel's «CSV UTF-8» export gives in a Vietnamese locale."""
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerows([[unicodedata.normalize("NFC", cell) for cell in row] for row in rows])
    return "\ufeff".encode() + text.getvalue().encode("utf-8")


# ------------------------------------------------------------------------------ the files

LONG = ["STT", "Địa phương", "Chỉ tiêu", "Giá trị", "Đơn vị tính", "Kỳ báo cáo", "Nguồn", "Ghi chú"]


def nghe_an_2024() -> bytes:
    """Header on row 3 under a title merged over rows 1–2; sections, notes, signatures."""
    wb, ws = _book("Biểu 01")
    _merge(ws, "A1:H2", "UBND TỈNH NGHỆ AN\nBÁO CÁO SỐ LIỆU CÔNG TÁC DÂN VẬN NĂM 2024")
    report = "Báo cáo số 412/BC-UBND ngày 12/12/2024 của UBND tỉnh"
    url = "https://thanhtra.nghean.gov.vn/tin-tuc/ket-qua-tiep-cong-dan-xu-ly-don-thu-nam-2024"
    na = "Tỉnh Nghệ An"
    _table(ws, 3, LONG, [
        ["I", "TIẾP CÔNG DÂN, XỬ LÝ ĐƠN THƯ"],                                                     # 4
        [1, na, "Số lượt tiếp công dân", "5.214", "lượt", "Năm 2024", report, None],               # 5
        [2, na, "Số vụ việc qua tiếp công dân", "3.870", "vụ việc", "Năm 2024", report, None],     # 6
        [3, na, "Tổng số đơn thư tiếp nhận", "7.412", "đơn", "Năm 2024", url, None],               # 7
        [4, na, "Số đoàn đông người", 18, "đoàn", "Năm 2024", url, None],                          # 8
        [5, na, "Số đơn thuộc thẩm quyền giải quyết", "1.046", "đơn", "Năm 2024", url, None],      # 9
        ["II", "CẢI CÁCH HÀNH CHÍNH"],                                                             # 10
        [6, na, "Số hồ sơ TTHC tiếp nhận", "1.532.604", "hồ sơ", "Năm 2024",
         "https://dichvucong.nghean.gov.vn/thong-ke-2024", None],                                  # 11
        [7, na, "Tỷ lệ giải quyết hồ sơ đúng hạn", "98,7", "%", "Năm 2024", report, None],         # 12
        [8, na, "Tỷ lệ hồ sơ nộp trực tuyến", "62,35%", "%", "Năm 2024", report, "Số liệu sơ bộ"],  # 13
        ["III", "PHONG TRÀO THI ĐUA “DÂN VẬN KHÉO”"],                                              # 14
        [9, na, "Số mô hình “Dân vận khéo” đang duy trì", "1.120", "mô hình", "Năm 2024",
         "Báo cáo số 215-BC/BDVTU của Ban Dân vận Tỉnh ủy", None],                                 # 15
        [10, "Thành phố Vinh", "Số lượt tiếp công dân", 412, "lượt", "Năm 2024", report, None],    # 16
        [11, "Huyện Nghi Lộc", "Số lượt tiếp công dân", 236, "lượt", "Năm 2024", report, None],    # 17
        [None, "Tổng cộng", None, 648, "lượt"],                                                    # 18
    ])
    _merge(ws, "A19:H19", "Ghi chú: số liệu năm 2024 tính từ ngày 01/01/2024 đến hết ngày 31/12/2024.")
    _put(ws, 21, [None, "NGƯỜI LẬP BIỂU", None, None, None, "TL. CHỦ TỊCH"])
    _put(ws, 24, [None, "Nguyễn Thị Hà", None, None, None, "Trần Văn Minh"])
    return _xlsx_bytes(wb)


def huong_tra_by_year() -> bytes:
    """Wide by year with a «Địa bàn» column; one cell left empty (no figure that year)."""
    wb, ws = _book("TH 2020-2022")
    _merge(ws, "A1:H1", "UBND THỊ XÃ HƯƠNG TRÀ – VĂN PHÒNG HĐND VÀ UBND")
    _merge(ws, "A2:H2", "SỐ LIỆU TIẾP CÔNG DÂN, CẢI CÁCH HÀNH CHÍNH VÀ DÂN VẬN KHÉO GIAI ĐOẠN 2020 – 2022")
    ht = "Thị xã Hương Trà"
    _table(ws, 4, ["STT", "Địa bàn", "Chỉ tiêu", "ĐVT", "Năm 2020", "Năm 2021", "Năm 2022", "Ghi chú"], [
        [1, ht, "Số lượt tiếp công dân", "lượt", 312, 287, 254],                                   # 5
        [2, ht, "Tổng số đơn thư tiếp nhận", "đơn", 145, 150, 131],                               # 6
        [3, "TX. Hương Trà", "Số hồ sơ TTHC tiếp nhận", "hồ sơ", "11.204", "12.876", "14.530"],   # 7
        [4, ht, "Số hồ sơ trễ hạn", "hồ sơ", 96, 41, 12],                                         # 8
        [5, ht, "Tỷ lệ giải quyết hồ sơ đúng hạn", "%", "97,2", "98,9", "99,6"],                  # 9
        [6, ht, "Tỷ lệ hồ sơ nộp trực tuyến", "%", None, "12,4", "35,8",
         "Năm 2020 chưa triển khai"],                                                             # 10
        [7, ht, "Số mô hình Dân vận khéo đang duy trì", "mô hình", 18, 22, 27],                   # 11
    ])
    return _xlsx_bytes(wb)


def soc_trang_title_only() -> bytes:
    """Wide by year; the province is named only in the title, no locality column."""
    wb, ws = _book("Sheet1")
    _merge(ws, "A1:C1", "UBND TỈNH SÓC TRĂNG")
    _merge(ws, "D1:G1", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    _merge(ws, "A2:C2", "BAN TIẾP CÔNG DÂN")
    _merge(ws, "D2:G2", "Độc lập - Tự do - Hạnh phúc")
    _merge(ws, "A4:G4", "KẾT QUẢ TIẾP CÔNG DÂN, XỬ LÝ ĐƠN THƯ TỈNH SÓC TRĂNG (2022 – 2024)")
    _table(ws, 5, ["STT", "Chỉ tiêu", "ĐVT", "Năm 2022", "Năm 2023", "Năm 2024", "Ghi chú"], [
        [1, "Số lượt tiếp công dân", "lượt", "2.640", "2.812", "3.005"],                          # 6
        [2, "Số vụ việc qua tiếp công dân", "vụ việc", "1.402", "1.377", "1.519"],                # 7
        [3, "Tổng số đơn thư tiếp nhận", "đơn", "1.436", "1.562", "1.610"],                       # 8
        [4, "Số đoàn đông người", "đoàn", 11, 8, 13],                                             # 9
    ])
    return _xlsx_bytes(wb)


def three_provinces() -> bytes:
    """Wide by locality (Gia Lai | Trà Vinh | Nghệ An) with a «Thời gian» column."""
    wb, ws = _book("So sánh")
    _merge(ws, "A1:H1", "SỐ LIỆU SO SÁNH MỘT SỐ CHỈ TIÊU CÔNG TÁC DÂN VẬN GIỮA CÁC TỈNH")
    _merge(ws, "A2:H2", "(Tài liệu phục vụ hội nghị giao ban khối dân vận)")
    header = ["STT", "Nội dung", "Đơn vị tính", "Thời gian", "Gia Lai", "Trà Vinh", "Nghệ An", "Ghi chú"]
    _table(ws, 3, header, [
        [1, "Số lượt tiếp công dân", "lượt", "Năm 2023", "3.105", "2.987", "5.020"],              # 4
        [2, "Tổng số đơn thư tiếp nhận", "đơn", "Năm 2023", "1.874", "1.562", "6.930"],           # 5
        [3, "Số hồ sơ TTHC tiếp nhận", "hồ sơ", "2023", "412.508", "286.340", "1.204.117"],      # 6
        [4, "Tỷ lệ hồ sơ trễ hạn", "%", "Năm 2023", "1,2", "0,8", "0,55"],                        # 7
        [5, "Tỷ lệ hộ nghèo", "%", "Năm 2022", "6,32", "0,91", "2,71"],                           # 8
        [6, "Số mô hình Dân vận khéo được công nhận", "mô hình", "Năm 2024", 156, 98,
         "đang tổng hợp", "Nghệ An gửi sau"],                                                     # 9
    ])
    return _xlsx_bytes(wb)


def english_units() -> bytes:
    """An export with English units and English number style; sources are URLs or titles."""
    wb, ws = _book("Data")
    hk, ht = "Quận Hoàn Kiếm", "TX Hương Trà"
    url = "https://hoankiem.hanoi.gov.vn/tiep-cong-dan/ket-qua-tiep-cong-dan-nam-2023"
    report = ("Báo cáo số 18/BC-UBND ngày 15/01/2024 của UBND quận Hoàn Kiếm "
              "về công tác tiếp công dân năm 2023")
    dvc = "https://dichvucong.hanoi.gov.vn/thong-ke/quan-hoan-kiem-2023"
    ht_url = "https://huongtra.thuathienhue.gov.vn/bao-cao-tong-ket-2019"
    _table(ws, 1, ["STT", "Đơn vị", "Tên chỉ tiêu", "Số liệu", "ĐVT", "Kỳ", "Văn bản", "Ghi chú"], [
        [1, hk, "Số lượt tiếp công dân", "1,254", "times", "Năm 2023", url],                      # 2
        [2, hk, "Số người được tiếp", "1,020", "persons", "Năm 2023", url],                       # 3
        [3, hk, "Số vụ việc qua tiếp công dân", 312, "cases", "Năm 2023", report],                # 4
        [4, hk, "Tổng số đơn thư tiếp nhận", "1,876", "petitions", "Năm 2023", report],           # 5
        [5, hk, "Số hồ sơ TTHC tiếp nhận", "48,352", "dossiers", "Năm 2023", dvc],                # 6
        [6, hk, "Số hồ sơ giải quyết đúng hạn", "47,918", "dossiers", "Năm 2023", dvc],           # 7
        [7, hk, "Tỷ lệ giải quyết hồ sơ đúng hạn", "99.1", "%", "Năm 2023", dvc],                 # 8
        [8, hk, "Diện tích tự nhiên", "5.287", "km2", "Năm 2023",
         "Niên giám thống kê quận Hoàn Kiếm năm 2023"],                                           # 9
        [9, hk, "Số cuộc tiếp xúc cử tri", 24, "cuộc", "Năm 2023", report],                       # 10
        [10, hk, "Tỷ lệ hồ sơ trễ hạn", "0.9", "dossiers", "Năm 2023", dvc],                      # 11
        [11, ht, "Số lượt tiếp công dân", 402, "visits", "Năm 2019", ht_url],                     # 12
        [12, ht, "Số người được tiếp", 388, "persons", "Năm 2019", ht_url],                       # 13
        [13, ht, "Số hồ sơ trễ hạn", 37, "dossiers", "Năm 2019", ht_url],                         # 14
        [14, ht, "Tổng số đơn thư tiếp nhận", 203, "petitions", "Năm 2019", ht_url],              # 15
        [15, ht, "Diện tích tự nhiên", "518.53", "km2", "Năm 2019", ht_url],                      # 16
    ])
    return _xlsx_bytes(wb)


def gia_lai_default_period() -> bytes:
    """Rows without «Kỳ báo cáo» (imported with the default «năm 2024»); one row in 2027."""
    wb, ws = _book("TCD")
    _merge(ws, "A1:G1", "THANH TRA TỈNH GIA LAI")
    _merge(ws, "A2:G2", "TỔNG HỢP SỐ LIỆU TIẾP CÔNG DÂN, XỬ LÝ ĐƠN THƯ")
    _merge(ws, "A3:G3", "(Kèm theo Báo cáo số 301/BC-TTr ngày 18/12/2024)")
    gl, bd = "Tỉnh Gia Lai", "Tỉnh Bình Định"
    src = "Báo cáo số 301/BC-TTr"
    _table(ws, 4, ["STT", "Địa bàn", "Chỉ tiêu", "Giá trị", "ĐVT", "Kỳ báo cáo", "Nguồn"], [
        [1, gl, "Số lượt tiếp công dân", "2.876", "lượt", None, src],                             # 5
        [2, gl, "Số lượt tiếp công dân", 712, "lượt", "Quý I/2024", src],                         # 6
        [3, gl, "Số lượt tiếp công dân", "1.405", "lượt", "6 tháng đầu năm 2024", src],           # 7
        [4, gl, "Tổng số đơn thư tiếp nhận", "1.932", "đơn", None, src],                          # 8
        [5, gl, "Số đơn khiếu nại", 214, "đơn", None, src],                                       # 9
        [6, gl, "Số đơn tố cáo", 87, "đơn", None, src],                                           # 10
        [7, gl, "Số vụ việc qua tiếp công dân", "1.660", "vụ việc", None, src],                   # 11
        [8, gl, "Số đoàn đông người", 9, "đoàn", None, src],                                      # 12
        [9, gl, "Số lượt tiếp công dân", "3.012", "lượt", "Năm 2022", src],                       # 13
        [10, gl, "Số lượt tiếp công dân", "1.120", "lượt", "Năm 2027", src],                      # 14
        [11, bd, "Số lượt tiếp công dân", "2.430", "lượt", None, "Thanh tra tỉnh Bình Định"],     # 15
        [12, bd, "Tổng số đơn thư tiếp nhận", "1.218", "đơn", None, "Thanh tra tỉnh Bình Định"],  # 16
    ])
    return _xlsx_bytes(wb)


def tra_vinh_petitions() -> bytes:
    """Rows without a period (no default given), an identical repeat and a contradicting pair."""
    wb, ws = _book("Đơn thư")
    _merge(ws, "A1:G1", "THANH TRA TỈNH TRÀ VINH")
    _merge(ws, "A2:G2", "KẾT QUẢ TIẾP NHẬN, XỬ LÝ ĐƠN THƯ VÀ TIẾP CÔNG DÂN")
    tv = "Tỉnh Trà Vinh"
    _table(ws, 3, ["STT", "Địa phương", "Chỉ tiêu", "Giá trị", "Đơn vị tính", "Kỳ báo cáo", "Ghi chú"], [
        [1, tv, "Tổng số đơn thư tiếp nhận", "1.436", "đơn", "Năm 2022"],                         # 4
        [2, tv, "Số đơn khiếu nại tiếp nhận", 402, "đơn", "Năm 2022"],                            # 5
        [3, tv, "Số đơn tố cáo tiếp nhận", 96, "đơn", "Năm 2022"],                                # 6
        [4, tv, "Số đơn thuộc thẩm quyền giải quyết", 318, "đơn", "Năm 2022"],                    # 7
        [5, tv, "Số đơn khiếu nại tiếp nhận", 402, "đơn", "Năm 2022"],                            # 8
        [6, tv, "Tổng số đơn thư tiếp nhận", "1.512", "đơn", "Năm 2021"],                         # 9
        [7, tv, "Tổng số đơn thư tiếp nhận", "1.521", "đơn", "Năm 2021", "Số liệu điều chỉnh?"],  # 10
        [8, tv, "Số lượt tiếp công dân", "2.204", "lượt", None],                                  # 11
        [9, tv, "Số vụ việc qua tiếp công dân", "1.187", "vụ việc", None],                        # 12
        [10, tv, "Số lượt tiếp công dân", "2.390", "lượt", "6 tháng"],                            # 13
        [11, tv, "Số đơn đã trả lời", 87, "đơn", "Năm 2023"],                                     # 14
        [12, "TP Trà Vinh", "Số lượt tiếp công dân", 640, "lượt", "Năm 2023"],                    # 15
    ])
    return _xlsx_bytes(wb)


def mixed_numbers() -> bytes:
    """One value column gathered from several offices: Vietnamese and English number styles,
    Excel numbers and percentages, a space as thousands separator."""
    wb, ws = _book("CCHC")
    ws["A1"] = "Bảng tổng hợp số liệu CCHC (gộp từ báo cáo của các đơn vị)"
    na, ht = "Tỉnh Nghệ An", "Thị xã Hương Trà"
    _table(ws, 2, ["STT", "Địa phương", "Chỉ tiêu", "Giá trị", "ĐVT", "Kỳ báo cáo", "Nguồn"], [
        [1, na, "Số hồ sơ TTHC tiếp nhận", "1.234.567", "hồ sơ", "Năm 2021", "Báo cáo 88/BC-UBND"],   # 3
        [2, na, "Số hồ sơ đã giải quyết", "1,229,804", "hồ sơ", "Năm 2021", "Cổng dịch vụ công"],     # 4
        [3, na, "Số hồ sơ trễ hạn", Num(2346, "#,##0"), "hồ sơ", "Năm 2021", "Cổng dịch vụ công"],    # 5
        [4, na, "Tỷ lệ hồ sơ trễ hạn", Num(0.0019, "0.00%"), "%", "Năm 2021", "Cổng dịch vụ công"],   # 6
        [5, na, "Tỷ lệ giải quyết hồ sơ đúng hạn", "99,81%", "%", "Năm 2021", "Báo cáo 88/BC-UBND"],  # 7
        [6, na, "Tỷ lệ hồ sơ nộp trực tuyến", "12,5%", None, "Năm 2021", "Báo cáo 88/BC-UBND"],       # 8
        [7, na, "Số cuộc tiếp xúc cử tri", "1 245", "cuộc", "Năm 2021", "Văn phòng Đoàn ĐBQH và HĐND"],  # 9
        [8, na, "Quỹ Đền ơn đáp nghĩa vận động được", "2.500", "triệu đồng", "Năm 2021",
         "Sở LĐTBXH"],                                                                                # 10
        [9, ht, "Số hồ sơ TTHC tiếp nhận", Num(13890, "#,##0"), "hồ sơ", "Năm 2023", "TT HCC thị xã"],  # 11
        [10, ht, "Tỷ lệ giải quyết hồ sơ đúng hạn", "99.6", "%", "Năm 2023", "TT HCC thị xã"],       # 12
        [11, "Tỉnh Quảng Bình", "Diện tích tự nhiên", "7.998,8", "km²", "Năm 2023", "Cục Thống kê"],  # 13
        [12, "Tỉnh Trà Vinh", "Diện tích tự nhiên", "2,358.2", "km2", "Năm 2023", "Cục Thống kê"],    # 14
        [13, "Tỉnh Quảng Bình", "Tỷ lệ giải quyết hồ sơ đúng hạn", "101,2%", "%", "Năm 2023",
         "Báo cáo tháng 12"],                                                                         # 15
        [14, "Tỉnh Gia Lai", "Số đoàn đông người", "-3", "đoàn", "Năm 2021", "So với cùng kỳ"],       # 16
    ])
    return _xlsx_bytes(wb)


def new_units_2025() -> bytes:
    """Units after the 1/7/2025 reorganisation next to their predecessors; some rows rely on
    the default period «năm 2025»."""
    wb, ws = _book("Sau sắp xếp")
    _merge(ws, "A1:G3", "BÁO CÁO NHANH SỐ LIỆU CÔNG TÁC DÂN VẬN\n"
                        "SAU SẮP XẾP ĐƠN VỊ HÀNH CHÍNH (TỪ 01/7/2025)")
    hk, htr, gl = "Phường Hoàn Kiếm", "Phường Hương Trà (TP Huế)", "Tỉnh Gia Lai"
    h2 = "6 tháng cuối năm 2025"
    h1 = "6 tháng đầu năm 2025"
    _table(ws, 4, ["STT", "Địa bàn", "Chỉ tiêu", "Giá trị", "ĐVT", "Kỳ", "Ghi chú"], [
        [1, hk, "Số lượt tiếp công dân", 186, "lượt", h2],                                        # 5
        [2, hk, "Số hồ sơ TTHC tiếp nhận", "9.412", "hồ sơ", h2],                                 # 6
        [3, hk, "Tỷ lệ giải quyết hồ sơ đúng hạn", "99,2", "%", h2],                              # 7
        [4, htr, "Số lượt tiếp công dân", 74, "lượt", "Quý IV/2025"],                             # 8
        [5, htr, "Số hồ sơ TTHC tiếp nhận", "3.206", "hồ sơ", None],                              # 9
        [6, gl, "Số lượt tiếp công dân", "4.870", "lượt", "Năm 2025", "Tỉnh mới"],                # 10
        [7, gl, "Tổng số đơn thư tiếp nhận", "3.115", "đơn", None, "Tỉnh mới"],                   # 11
        [8, gl, "Số lượt tiếp công dân", "1.630", "lượt", h1, "Trước hợp nhất"],                  # 12
        [9, "Tỉnh Vĩnh Long", "Số lượt tiếp công dân", "3.944", "lượt", "Năm 2025"],              # 13
        [10, "Tỉnh Trà Vinh", "Số lượt tiếp công dân", "1.208", "lượt", "Năm 2025"],              # 14
        [11, "Tỉnh Trà Vinh", "Số lượt tiếp công dân", "1.101", "lượt", h1],                      # 15
        [12, "Quận Hoàn Kiếm", "Số lượt tiếp công dân", 205, "lượt", h1],                         # 16
        [13, "Quận Hoàn Kiếm", "Số lượt tiếp công dân", 391, "lượt", "Năm 2025"],                 # 17
        [14, "Xã Nghi Lộc (Nghệ An)", "Số lượt tiếp công dân", 58, "lượt", "Quý IV/2025"],        # 18
        [15, "Thị xã Hương Trà", "Số hồ sơ TTHC tiếp nhận", "7.940", "hồ sơ", h1],                # 19
    ])
    return _xlsx_bytes(wb)


# The same unusual phrasings in two years: 2023 is imported with the editor's choices, 2024 must
# be matched through the aliases those choices left behind.
PHRASINGS = {
    "visits": "Bà con đến trụ sở phản ánh, kiến nghị",
    "petitions": "Thư, đơn gửi đến các cấp",
    "dossiers": "Bộ hồ sơ một cửa nhận vào",
    "late": "Hồ sơ xử lý chậm so với giấy hẹn",
    "meetings": "Gặp gỡ, đối thoại cử tri của đại biểu",
    "models": "Cách làm hay trong vận động quần chúng đang nhân rộng",
}


def _phrasings(year: int, rows: list[list[Any]]) -> bytes:
    wb, ws = _book(f"Năm {year}")
    _merge(ws, "A1:F1", f"BAN DÂN VẬN TỈNH ỦY QUẢNG BÌNH – SỐ LIỆU THEO DÕI NĂM {year}")
    _table(ws, 2, ["STT", "Đơn vị", "Nội dung", "Kết quả", "ĐVT", "Thời gian"], rows)
    return _xlsx_bytes(wb)


def phrasings_2023() -> bytes:
    """Staff phrasings that match no catalogue name well (imported with indicator_choices)."""
    qb, p, y = "Tỉnh Quảng Bình", PHRASINGS, "Năm 2023"
    return _phrasings(2023, [
        [1, qb, p["visits"], "2.145", "lượt", y],                                                 # 3
        [2, qb, p["petitions"], "1.306", "đơn", y],                                               # 4
        [3, qb, p["dossiers"], "356.880", "hồ sơ", y],                                            # 5
        [4, qb, p["late"], 512, "hồ sơ", y],                                                      # 6
        [5, qb, p["meetings"], 412, "cuộc", y],                                                   # 7
        [6, qb, p["models"], 640, "mô hình", y],                                                  # 8
        [7, "Thành phố Đồng Hới", p["models"], 31, "mô hình", y],                                   # 9
    ])


def phrasings_2024() -> bytes:
    """The same phrasings a year later, in another order, one with a trailing space and one
    in lower case; no choices given."""
    qb, p, y = "Tỉnh Quảng Bình", PHRASINGS, "Năm 2024"
    return _phrasings(2024, [
        [1, qb, p["petitions"] + " ", "1.288", "đơn", y],                                         # 3
        [2, qb, p["visits"], "2.302", "lượt", y],                                                 # 4
        [3, qb, p["dossiers"].lower(), "371.455", "hồ sơ", y],                                    # 5
        [4, qb, p["late"], 388, "hồ sơ", y],                                                      # 6
        [5, qb, p["meetings"], 398, "cuộc", y],                                                   # 7
        [6, qb, p["models"], 702, "mô hình", y],                                                  # 8
        [7, "Thành phố Đồng Hới", p["models"], 35, "mô hình", y],                                   # 9
    ])


def tra_vinh_city_2019() -> bytes:
    """A stated rate that contradicts its own numerator and denominator, and units that
    contradict the indicator."""
    wb, ws = _book("TTHCC 2019")
    _merge(ws, "A1:G1", "UBND THÀNH PHỐ TRÀ VINH – TRUNG TÂM HÀNH CHÍNH CÔNG")
    _merge(ws, "A2:G2", "KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH VÀ TIẾP CÔNG DÂN NĂM 2019")
    tp, y = "Thành phố Trà Vinh", "Năm 2019"
    src = "Báo cáo số 25/BC-TTHCC ngày 06/01/2020"
    _table(ws, 3, ["STT", "Địa bàn", "Chỉ tiêu", "Giá trị", "ĐVT", "Kỳ báo cáo", "Nguồn"], [
        [1, tp, "Số hồ sơ TTHC tiếp nhận", "20.985", "hồ sơ", y, src],                            # 4
        [2, tp, "Số hồ sơ đã giải quyết", "20.985", "hồ sơ", y, src],                             # 5
        [3, tp, "Số hồ sơ giải quyết đúng hạn", "20.900", "hồ sơ", y, src],                       # 6
        [4, tp, "Số hồ sơ trễ hạn", 85, "hồ sơ", y, src],                                         # 7
        [5, tp, "Tỷ lệ hồ sơ trễ hạn", "0,04", "%", y, src],                                      # 8
        [6, tp, "Tỷ lệ giải quyết hồ sơ đúng hạn", "99,6", "%", y, src],                          # 9
        [7, tp, "Số lượt tiếp công dân", "1.018", "hồ sơ", y, src],                               # 10
        [8, tp, "Số vụ việc qua tiếp công dân", 512, "người", y, src],                            # 11
    ])
    return _xlsx_bytes(wb)


def nghe_an_export_csv() -> bytes:
    """A system export: CSV UTF-8 with BOM, semicolons, a quoted field, an empty last line."""
    na, src = "Tỉnh Nghệ An", "Hệ thống thông tin báo cáo tỉnh Nghệ An"
    return _csv_bytes([
        LONG,                                                                                      # 1
        ["1", na, "Số lượt tiếp công dân", "4.987", "lượt", "Năm 2022", src, ""],                  # 2
        ["2", na, "Tổng số đơn thư tiếp nhận", "6.812", "đơn", "Năm 2022",
         "Báo cáo số 12/BC-TTr; phụ lục 2", ""],                                                   # 3
        ["3", na, "Số hồ sơ TTHC tiếp nhận", "1.104.235", "hồ sơ", "Năm 2022",
         "https://baocao.nghean.gov.vn/chi-tieu/ho-so-tthc-2022", ""],                             # 4
        ["4", na, "Tỷ lệ giải quyết hồ sơ đúng hạn", "98,12", "%", "Năm 2022", src, ""],           # 5
        ["5", na, "Số người được tiếp", "4.502", "người", "Năm 2022", src, ""],                    # 6
        ["6", na, "Tổng số đơn thư tiếp nhận", "7.421", "đơn", "Năm 2024", src, "Số liệu cập nhật"],  # 7
        ["7", "Xã Nghi Lộc", "Số lượt tiếp công dân", "36", "lượt", "Quý III/2025", src, ""],      # 8
        ["8", "Huyện Nghi Lộc", "Số lượt tiếp công dân", "215", "lượt", "Năm 2023", src, ""],      # 9
        ["", "", "", "", "", "", "", ""],                                                          # 10
    ])


def new_indicators() -> bytes:
    """Indicators the catalogue does not have (imported with new_indicators=True)."""
    wb, ws = _book("Hòa giải")
    _merge(ws, "A1:G1", "SỐ LIỆU CÔNG TÁC HÒA GIẢI Ở CƠ SỞ NĂM 2023")
    ht, na, y = "Thị xã Hương Trà", "Tỉnh Nghệ An", "Năm 2023"
    _table(ws, 2, ["STT", "Địa bàn", "Chỉ tiêu", "Giá trị", "ĐVT", "Kỳ báo cáo", "Ghi chú"], [
        [1, ht, "Số tổ hòa giải ở cơ sở", 98, "tổ", y],                                           # 3
        [2, ht, "Số hòa giải viên ở cơ sở", 612, "người", y],                                     # 4
        [3, ht, "Số hộ ký cam kết không vi phạm pháp luật", 47, "hộ", y],                         # 5
        [4, ht, "Số lượt tiếp công dân", 241, "lượt", y],                                         # 6
        [5, na, "Số tổ hòa giải ở cơ sở", "3.720", "tổ", y],                                      # 7
        [6, na, "Số hòa giải viên ở cơ sở", "21.940", "người", y],                                # 8
    ])
    return _xlsx_bytes(wb)


def reporting_bodies() -> bytes:
    """A «Đơn vị báo cáo» column: the same indicator from two bodies is two figures."""
    wb, ws = _book("Tổng hợp")
    _merge(ws, "A1:H1", "UBND TỈNH GIA LAI")
    _merge(ws, "A2:H2", "TỔNG HỢP SỐ LIỆU CỦA CÁC CƠ QUAN, ĐƠN VỊ NĂM 2023")
    gl, y = "Tỉnh Gia Lai", "Năm 2023"
    tt, ttcd = "Thanh tra tỉnh", "Ban Tiếp công dân tỉnh"
    hcc, khoi = "Trung tâm Phục vụ hành chính công tỉnh", "Đảng ủy Khối các cơ quan tỉnh"
    header = ["STT", "Đơn vị báo cáo", "Địa bàn", "Chỉ tiêu", "Giá trị", "ĐVT", "Kỳ báo cáo", "Ghi chú"]
    _table(ws, 3, header, [
        [1, tt, gl, "Số lượt tiếp công dân", "1.245", "lượt", y],                                 # 4
        [2, tt, gl, "Tổng số đơn thư tiếp nhận", 688, "đơn", y],                                  # 5
        [3, tt, gl, "Số vụ việc qua tiếp công dân", "1.002", "vụ việc", y],                       # 6
        [4, ttcd, gl, "Số lượt tiếp công dân", 980, "lượt", y],                                   # 7
        [5, hcc, gl, "Số hồ sơ TTHC tiếp nhận", "96.412", "hồ sơ", y],                            # 8
        [6, hcc, gl, "Tỷ lệ giải quyết hồ sơ đúng hạn", "99,35", "%", y],                         # 9
        [7, khoi, gl, "Số mô hình Dân vận khéo đang duy trì", 126, "mô hình", y],                 # 10
        [8, khoi, gl, "Số đảng viên", "8.940", "người", Num(datetime(2023, 12, 31), "dd/mm/yyyy")],  # 11
        [9, "Tỉnh đoàn", gl, "Số tình nguyện viên tham gia tiếp sức mùa thi", 350, "người", y],   # 12
    ])
    return _xlsx_bytes(wb)


def quang_binh_2019_2021() -> bytes:
    """Held out. Wide by year under a two-sided letterhead; text in decomposed Unicode (NFD),
    as some Mac and web exports write it."""
    wb, ws = _book("DVCQ")
    nfd = "NFD"
    _merge(ws, "A1:C1", "TỈNH ỦY QUẢNG BÌNH", nfd)
    _merge(ws, "E1:H1", "ĐẢNG CỘNG SẢN VIỆT NAM", nfd)
    _merge(ws, "A2:C2", "BAN DÂN VẬN", nfd)
    _merge(ws, "E2:H2", "Quảng Bình, ngày 20 tháng 01 năm 2022", nfd)
    _merge(ws, "A3:H3", "SỐ LIỆU CÔNG TÁC DÂN VẬN CHÍNH QUYỀN GIAI ĐOẠN 2019 – 2021", nfd)
    qb = "Tỉnh Quảng Bình"
    _table(ws, 5, ["STT", "Địa bàn", "Nội dung", "ĐVT", "Năm 2019", "Năm 2020", "Năm 2021", "Ghi chú"], [
        ["A", "TIẾP CÔNG DÂN, ĐƠN THƯ"],                                                          # 6
        [1, qb, "Số lượt tiếp công dân", "lượt", "2.310", "1.984", "2.056"],                      # 7
        [2, qb, "Số vụ việc qua tiếp công dân", "vụ việc", "chưa thống kê", "1.215", "1.307"],    # 8
        [3, qb, "Tổng số đơn thư tiếp nhận", "đơn", "1.876", "1.702", "1.655"],                   # 9
        [4, "Thành phố Đồng Hới", "Số lượt tiếp công dân", "lượt", 415, 380, 298],                # 10
        ["B", "CẢI CÁCH HÀNH CHÍNH"],                                                             # 11
        [5, qb, "Số hồ sơ TTHC tiếp nhận", "hồ sơ", "284.120", "301.556", "356.908"],             # 12
        [6, qb, "Tỷ lệ giải quyết hồ sơ đúng hạn", "%", "97,8", "98,6", "99,1", "2021: ước"],     # 13
        ["C", "HÒA GIẢI Ở CƠ SỞ"],                                                                # 14
        [7, qb, "Số tổ hòa giải ở cơ sở", "tổ", "1.512", "1.530", "1.547"],                       # 15
    ], form=nfd)
    _merge(ws, "A17:H17", "Ghi chú: số liệu năm 2021 là số ước thực hiện.", nfd)
    return _xlsx_bytes(wb)


def hue_ha_noi() -> bytes:
    """Held out. A working sheet mixing old and new unit names, a reporting year that is not a
    calendar year, a figure that contradicts one imported earlier, stray spaces."""
    wb, ws = _book("Làm việc")
    ws["A1"] = "Tổng hợp số liệu một số địa bàn (Huế, Hà Nội) – bản làm việc"
    ht, tth, hk = "Thị xã Hương Trà", "Tỉnh Thừa Thiên Huế", "Quận Hoàn Kiếm"
    link = "https://huongtra.hue.gov.vn/tong-hop-so-lieu"
    header = ["STT", "Địa bàn", "Tên chỉ tiêu", "Số liệu", "ĐVT", "Thời gian", "Đường dẫn", "Ghi chú"]
    _table(ws, 2, header, [
        [1, ht, "Số  lượt tiếp công dân ", 276, "lượt", "Năm 2021", link],                        # 3
        [2, ht, "Số người được tiếp", 265, "người", "Năm 2021", link],                            # 4
        [3, "Phường Hương Trà, thành phố Huế", "Số lượt tiếp công dân", 61, "lượt", "Quý III/2025"],  # 5
        [4, "Phường Hoàn Kiếm", "Số lượt tiếp công dân", 402, "lượt", "Năm 2024"],                # 6
        [5, hk, "Số lượt tiếp công dân", 402, "lượt", "Năm 2024"],                                # 7
        [6, "Xã Hương Trà", "Số lượt tiếp công dân", 33, "lượt", "Năm 2023"],                     # 8
        [7, "Thành phố Huế", "Số hồ sơ TTHC tiếp nhận", "612.430", "hồ sơ", "Năm 2025"],          # 9
        [8, "Thành phố Huế", "Tỷ lệ hồ sơ nộp trực tuyến", "78,4%", None, "Năm 2025"],            # 10
        [9, tth, "Số lượt tiếp công dân", "3.560", "lượt", "Năm 2023"],                           # 11
        [10, tth, "Số lượt tiếp công dân", "3.612", "lượt", "Từ 15/12/2023 đến 14/12/2024",
         None, "Kỳ báo cáo của ngành thanh tra"],                                                 # 12
        [11, tth, "Số đơn khiếu nại tiếp nhận", 388, "đơn", "Năm 2024"],                          # 13
        [12, hk, "Số cuộc tiếp xúc cử tri", 36, "cuộc", "Năm 2024"],                              # 14
    ])
    return _xlsx_bytes(wb)


FILES: dict[str, Callable[[], bytes]] = {
    "01_NgheAn_BC_so_lieu_dan_van_2024.xlsx": nghe_an_2024,
    "02_HuongTra_so_lieu_theo_nam_2020-2022.xlsx": huong_tra_by_year,
    "03_Ban_TCD_Soc_Trang_2022-2024.xlsx": soc_trang_title_only,
    "04_So_sanh_Gia_Lai_Tra_Vinh_Nghe_An.xlsx": three_provinces,
    "05_Hoan_Kiem_Huong_Tra_export.xlsx": english_units,
    "06_Gia_Lai_tiep_cong_dan_2024.xlsx": gia_lai_default_period,
    "07 Đơn thư Trà Vinh (bản sửa).xlsx": tra_vinh_petitions,
    "08_Tong_hop_CCHC_nhieu_nguon.xlsx": mixed_numbers,
    "09_Don_vi_moi_sau_sap_xep_2025.xlsx": new_units_2025,
    "10a_Quang_Binh_cach_goi_rieng_2023.xlsx": phrasings_2023,
    "10b_Quang_Binh_cach_goi_rieng_2024.xlsx": phrasings_2024,
    "11_TTHCC_TP_Tra_Vinh_2019.xlsx": tra_vinh_city_2019,
    "12_Xuat_he_thong_Nghe_An.csv": nghe_an_export_csv,
    "13_Hoa_giai_co_so_chi_tieu_moi.xlsx": new_indicators,
    "14_Gia_Lai_theo_don_vi_bao_cao_2023.xlsx": reporting_bodies,
    "15_Quang_Binh_dan_van_chinh_quyen_2019-2021.xlsx": quang_binh_2019_2021,
    "16_Hue_Ha_Noi_tong_hop.xlsx": hue_ha_noi,
}


def build(directory: Path | str) -> list[Path]:
    """Write every corpus file into ``directory`` (created if needed); returns the paths."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, make in FILES.items():
        path = folder / name
        path.write_bytes(make())
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    for path in build(args[0]):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
