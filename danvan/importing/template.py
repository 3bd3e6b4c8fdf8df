"""Blank Excel templates (in Vietnamese) for the yearly import of figures and of the
«Dân vận khéo» model registry."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from danvan.formatting import format_date
from danvan.importing.columns import IMPORT_COLUMNS, IMPORT_SHEET, MODEL_COLUMNS, MODEL_SHEET
from danvan.importing.reading import MAX_IMPORT_BYTES, MAX_ROWS
from danvan.importing.registry_sheet import MODEL_FIELDS, MODEL_STATUSES, MODEL_SUBJECTS
from danvan.importing.values import as_date
from danvan.vocabulary import QUALIFIER_CHOICES

__all__ = ["IMPORT_COLUMNS", "MODEL_COLUMNS", "model_template_xlsx", "template_xlsx"]

HELP_SHEET, LIST_SHEET = "Hướng dẫn", "Danh mục"
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
EXAMPLE_FONT = Font(italic=True, color="808080")
LAST_ROW = 2000  # data validation range of the data sheet

IMPORT_HELP: dict[str, tuple[str, str]] = {  # header -> (how to fill, example)
    "Địa phương*": (("Tên địa phương (có hoặc không dấu, có thể bỏ «Tỉnh», «TP», «Thị xã») hoặc mã ở "
                    "sheet «Danh mục». Ghi đơn vị đúng với thời điểm của số liệu."), "TP Hà Nội; Hương Trà"),
    "Mã chỉ tiêu*": ("Mã chỉ tiêu trong sheet «Danh mục» (cột Mã chỉ tiêu).", "citizen_reception_visits"),
    "Giá trị*": (("Số như nguồn ghi. Dấu chấm ngăn hàng nghìn, dấu phẩy thập phân. Tỷ lệ ghi theo phần "
                 "trăm (0–100), có thể kèm dấu %."), "1.234; 12,5; 89,3%"),
    "Đơn vị": ("Không bắt buộc. Nếu ghi thì phải đúng đơn vị của chỉ tiêu.", "lượt; %"),
    "Kỳ báo cáo": (("Kỳ của số liệu bằng chữ (hoặc dùng hai cột Từ ngày/Đến ngày). Bắt buộc một trong hai "
                   "cách."), "năm 2021; 6 tháng đầu năm 2022; quý III/2023; đến 31/10/2021"),
    "Từ ngày": ("Ngày đầu kỳ, dạng dd/mm/yyyy.", "01/01/2021"),
    "Đến ngày": ("Ngày cuối kỳ (hoặc ngày chốt số liệu), dạng dd/mm/yyyy.", "31/10/2021"),
    "Định tính": ("Để trống nếu là số chính xác; «hơn» (hơn/trên), «gần» (gần/khoảng), «dưới».", "hơn"),
    "Loại phạm vi": ("Mã hoặc tên loại phạm vi ở sheet «Danh mục»; để trống = toàn địa bàn.", "trung_tam_hcc"),
    "Phạm vi*": ("Cơ quan báo cáo và phạm vi số liệu, bằng lời.", "Trung tâm hành chính công thị xã"),
    "Nguồn*": ("Tên văn bản, bài báo hoặc trang có số liệu.", "Báo cáo kết quả công tác dân vận năm 2021"),
    "Cơ quan ban hành": ("Cơ quan, tờ báo hoặc tác giả.", "UBND tỉnh Gia Lai"),
    "Số hiệu hoặc đường dẫn": ("Số hiệu văn bản hoặc địa chỉ trang web.", "14/CT-UBND"),
    "Ngày ban hành": ("Dạng dd/mm/yyyy.", "23/12/2021"),
    "Vị trí trong nguồn": ("Mục, trang, đoạn có số liệu.", "mục II.2, trang 3"),
    "Ghi chú": ("Lưu ý khi đọc số liệu.", "Chỉ tính cấp tỉnh"),
    "Tử số": ("Chỉ cho tỷ lệ: số đếm trên tử (không bắt buộc).", "9.027"),
    "Mẫu số": ("Chỉ cho tỷ lệ: số đếm dưới mẫu (không bắt buộc).", "10.104"),
}

EXAMPLES = [
    ["Tỉnh Gia Lai", "citizen_reception_visits", "1.234", "lượt", "năm 2021", "", "", "", "toan_dia_ban",
     "Các cơ quan tiếp công dân trên địa bàn tỉnh", "Báo cáo công tác dân vận chính quyền năm 2021 (ví dụ)",
     "UBND tỉnh Gia Lai", "", "10/11/2021", "mục II.1", "", "", ""],
    ["Thị xã Hương Trà", "dossiers_on_time_rate", "89,3", "%", "", "01/01/2021", "31/10/2021", "",
     "trung_tam_hcc", "Trung tâm hành chính công thị xã", "Bài viết về dân vận chính quyền (ví dụ)",
     "Trang thông tin điện tử thị xã Hương Trà", "", "31/10/2021", "đoạn 4", "", "9.027", "10.104"],
]

MAX_ROWS_TEXT = f"{MAX_ROWS:,}".replace(",", ".")
RULES = [
    ("Cách ghi số", ("Dấu chấm ngăn hàng nghìn, dấu phẩy thập phân: 1.234 là một nghìn hai trăm ba mươi tư; "
     "12,5 là mười hai phẩy năm. Không nhận kiểu tiếng Anh 1,234.5. Ô số trong Excel cũng được nhận.")),
    ("Cách ghi ngày", "dd/mm/yyyy, ví dụ 31/12/2021; ô ngày trong Excel cũng được nhận."),
    ("Cách ghi kỳ báo cáo", ("«năm 2021» hoặc «2021»; «6 tháng đầu năm 2022»; «9 tháng năm 2023»; "
     "«quý III/2023» hoặc «quý 3 năm 2023»; «tháng 5/2023»; «2016-2020» hoặc «giai đoạn 2016–2020»; "
     "«đến 31/10/2021» (số liệu tại một thời điểm); «01/06/2022 - 31/05/2023».")),
    ("Vì sao phải ghi đúng kỳ", ("Nhiều báo cáo năm được chốt trước khi hết năm. Ví dụ Chỉ thị 14/CT-UBND "
     "của UBND tỉnh Gia Lai đặt hạn báo cáo ngày 15/11, nên «số liệu năm» thực ra thường tính đến khoảng "
     "31/10 (10 tháng). Ghi đúng «đến 31/10/2021» hoặc «10 tháng đầu năm 2021» để không so sánh nhầm với "
     "số liệu cả năm của địa phương khác.")),
    ("Không được dùng", ("Công thức (=SUM…), macro (.xlsm, .xls). Hãy dán «chỉ giá trị». Mỗi tệp tối đa "
     f"{MAX_IMPORT_BYTES // 1024 // 1024} MB và {MAX_ROWS_TEXT} dòng.")),
    ("Khi số liệu đã có", ("Dòng trùng hoàn toàn với số liệu đã có được bỏ qua. Dòng cùng địa phương, chỉ "
     "tiêu, kỳ và phạm vi nhưng khác giá trị sẽ được liệt kê để người nhập chọn thay thế hay không.")),
]


def _header(ws: Worksheet, headers: Sequence[str], row: int = 1) -> None:
    for col, text in enumerate(headers, start=1):
        cell = ws.cell(row=row, column=col, value=text)
        cell.font, cell.fill = BOLD, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _widths(ws: Worksheet, widths: Iterable[int]) -> None:
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value)


def _list_validation(ws: Worksheet, formula: str, column: int, prompt: str) -> None:
    dv = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True,
                        errorStyle="warning", error=prompt, prompt=prompt, showInputMessage=True)
    letter = get_column_letter(column)
    dv.add(f"{letter}2:{letter}{LAST_ROW}")
    ws.add_data_validation(dv)


def _locality_list(ws: Worksheet, localities: pd.DataFrame, first_col: int = 1) -> None:
    headers = ["Tên địa phương", "Tên ngắn", "Mã (locality_id)", "Cấp", "Hiệu lực từ", "Hiệu lực đến"]
    _header(ws, headers, 1) if first_col == 1 else None
    for r, loc in enumerate(localities.to_dict("records"), start=2):
        values = [loc.get("name_vi"), loc.get("short_name_vi"), loc.get("locality_id"),
                  loc.get("level_label_vi") or loc.get("level"),
                  format_date(as_date(loc.get("valid_from"))), format_date(as_date(loc.get("valid_to")))]
        for c, value in enumerate(values, start=first_col):
            ws.cell(row=r, column=c, value=_text(value))


def _save(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def template_xlsx(catalogue: pd.DataFrame, localities: pd.DataFrame, scope_classes: pd.DataFrame) -> bytes:
    """Workbook with sheets «Nhập số liệu» (empty, header only), «Hướng dẫn» and «Danh mục»."""
    wb = Workbook()
    data = wb.active
    data.title = IMPORT_SHEET
    _header(data, IMPORT_COLUMNS)
    data.freeze_panes = "A2"
    _widths(data, [22, 30, 12, 10, 22, 12, 12, 11, 20, 36, 40, 28, 22, 13, 20, 24, 10, 10])

    help_ws = wb.create_sheet(HELP_SHEET)
    _header(help_ws, ["Cột", "Bắt buộc", "Cách ghi", "Ví dụ"])
    for r, header in enumerate(IMPORT_COLUMNS, start=2):
        how, example = IMPORT_HELP[header]
        help_ws.append([header.rstrip("*"), "có" if header.endswith("*") else "", how, example])
    row = len(IMPORT_COLUMNS) + 3
    for title, text in RULES:
        help_ws.cell(row=row, column=1, value=title).font = BOLD
        help_ws.cell(row=row, column=3, value=text).alignment = Alignment(wrap_text=True)
        row += 1
    row += 1
    help_ws.cell(row=row, column=1, value="Hai dòng ví dụ (chép sang sheet «Nhập số liệu» nếu cần, "
                 "sửa lại cho đúng nguồn thật)").font = BOLD
    _header(help_ws, IMPORT_COLUMNS, row + 1)
    for offset, example in enumerate(EXAMPLES, start=row + 2):
        for col, value in enumerate(example, start=1):
            help_ws.cell(row=offset, column=col, value=value or None).font = EXAMPLE_FONT
    _widths(help_ws, [24, 10, 70, 40] + [18] * 14)

    lists = wb.create_sheet(LIST_SHEET)
    _header(lists, ["Tên địa phương", "Tên ngắn", "Mã (locality_id)", "Cấp", "Hiệu lực từ", "Hiệu lực đến",
                    "", "Mã chỉ tiêu", "Tên chỉ tiêu", "Đơn vị", "Mã đơn vị", "",
                    "Mã loại phạm vi", "Tên loại phạm vi", "", "Định tính", "Mã định tính"])
    _locality_list(lists, localities, first_col=1)
    for r, ind in enumerate(catalogue.to_dict("records"), start=2):
        for c, key in zip((8, 9, 10, 11), ("code", "name_vi", "unit_label", "unit"), strict=True):
            lists.cell(row=r, column=c, value=_text(ind.get(key)))
    scopes = scope_classes.to_dict("records")
    for r, sc in enumerate(scopes, start=2):
        lists.cell(row=r, column=13, value=_text(sc.get("code")))
        lists.cell(row=r, column=14, value=_text(sc.get("name_vi")))
    for r, (code, text) in enumerate(QUALIFIER_CHOICES.items(), start=2):
        lists.cell(row=r, column=16, value=text)
        lists.cell(row=r, column=17, value=code)
    lists.freeze_panes = "A2"
    _widths(lists, [30, 18, 18, 16, 12, 12, 3, 40, 50, 14, 14, 3, 28, 40, 3, 12, 12])

    _list_validation(data, '"' + ",".join(QUALIFIER_CHOICES.values()) + '"', IMPORT_COLUMNS.index("Định tính") + 1,
                     "Để trống, hoặc chọn: chính xác, hơn, gần, dưới")
    if scopes:
        _list_validation(data, f"'{LIST_SHEET}'!$M$2:$M${len(scopes) + 1}",
                         IMPORT_COLUMNS.index("Loại phạm vi") + 1,
                         "Mã loại phạm vi ở sheet «Danh mục»; để trống = toàn địa bàn")
    return _save(wb)


MODEL_HELP = {
    "Tên mô hình*": "Tên mô hình, điển hình «Dân vận khéo».",
    "Địa phương*": "Địa phương nơi thực hiện (tên hoặc mã ở sheet «Danh mục»).",
    "Đơn vị thực hiện": "Tập thể, cơ quan hoặc cá nhân thực hiện.",
    "Năm đăng ký": "Năm 4 chữ số, ví dụ 2022.",
    "Năm công nhận": "Năm 4 chữ số; không trước năm đăng ký.",
    "Lĩnh vực": "; ".join(MODEL_FIELDS.values()) + " (có thể viết không dấu).",
    "Tập thể/cá nhân": "; ".join(MODEL_SUBJECTS.values()) + ".",
    "Trạng thái": " → ".join(list(MODEL_STATUSES.values())[:-1]) + ", hoặc «dừng»; để trống = đăng ký.",
    "Mô tả": "Nội dung, cách làm, kết quả chính.",
    "Minh chứng/nguồn": "Quyết định công nhận, bài báo, báo cáo có nêu mô hình.",
}


def model_template_xlsx(localities: pd.DataFrame) -> bytes:
    """Workbook with sheets «Mô hình» (empty, header only), «Hướng dẫn» and «Danh mục»."""
    wb = Workbook()
    ws = wb.active
    ws.title = MODEL_SHEET
    _header(ws, MODEL_COLUMNS)
    ws.freeze_panes = "A2"
    _widths(ws, [40, 22, 30, 12, 13, 28, 14, 14, 50, 40])
    for header, values in (("Lĩnh vực", MODEL_FIELDS), ("Tập thể/cá nhân", MODEL_SUBJECTS),
                           ("Trạng thái", MODEL_STATUSES)):
        _list_validation(ws, '"' + ",".join(values.values()) + '"', MODEL_COLUMNS.index(header) + 1,
                         MODEL_HELP[header])
    help_ws = wb.create_sheet(HELP_SHEET)
    _header(help_ws, ["Cột", "Bắt buộc", "Cách ghi"])
    for header in MODEL_COLUMNS:
        help_ws.append([header.rstrip("*"), "có" if header.endswith("*") else "", MODEL_HELP[header]])
    help_ws.append([])
    help_ws.append(["Ví dụ", "", ("Mô hình «Chính quyền thân thiện» — Thị xã Hương Trà — Trung tâm hành chính "
                    "công thị xã — 2021 — 2022 — xây dựng hệ thống chính trị — tập thể — công nhận")])
    _widths(help_ws, [20, 10, 90])
    lists = wb.create_sheet(LIST_SHEET)
    _locality_list(lists, localities)
    _widths(lists, [30, 18, 18, 16, 12, 12])
    return _save(wb)
