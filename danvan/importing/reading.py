"""Read a user's import file (.xlsx or .csv) into a :class:`RawTable`, refusing unsafe files.

Nothing here knows what the columns mean: that is ``validate``'s job. File-level problems
(unreadable, macro, formula, empty, too large) raise :class:`ImportFileError`.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import PurePath
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from danvan.formatting import format_number
from danvan.importing import xlsx_limits
from danvan.importing.columns import (
    HEADER_ROLES,
    IMPORT_SHEET,
    IMPORT_SPEC,
    MODEL_SHEET,
    MODEL_SPEC,
    header_role_key,
    norm_header,
)
from danvan.importing.problems import ImportFileError, ImportProblem, file_error
from danvan.importing.values import is_period_header

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 300  # wider sheets are not figure tables (and unpivoting them would explode)
ACCEPTED = ".xlsx hoặc .csv (UTF-8 hoặc UTF-16)"
PREFERRED_SHEETS = (IMPORT_SHEET, MODEL_SHEET)
HEADER_SEARCH_ROWS = 15  # titles may sit above the header row
# The template's headers and the spellings staff use in their own sheets (columns.HEADER_ROLES).
KNOWN_HEADERS = {norm_header(h) for _, h in (*IMPORT_SPEC, *MODEL_SPEC)} | set(HEADER_ROLES)
MAX_CELL_CHARS = 32_767  # what one Excel cell can hold; a longer CSV field is not a figure table
# The csv module's own field limit (131 072) would stop with an English error and no place; the
# file is at most MAX_IMPORT_BYTES, so no field can be larger: MAX_CELL_CHARS is checked below.
csv.field_size_limit(max(csv.field_size_limit(), MAX_IMPORT_BYTES + 1))

Cell = str | int | float | date | datetime | None


@dataclass
class RawRow:
    number: int  # 1-based row number in the file (header = 1 when it is on the first line)
    cells: dict[str, Cell]  # header as written in the file -> cell value


@dataclass
class RawTable:
    file_name: str
    sheet: str  # sheet name for .xlsx, "" for .csv
    header: list[str]
    rows: list[RawRow] = field(default_factory=list)
    header_row: int = 1
    title: list[str] = field(default_factory=list)  # the text of the lines above the header
    warnings: list[ImportProblem] = field(default_factory=list)  # hidden sheets, rows, columns left out


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _checked_suffix(name: str, data: bytes) -> str:
    """The file's type, after the checks every import file passes (raises ImportFileError)."""
    suffix = PurePath(name).suffix.lower()
    if suffix in {".xlsm", ".xltm", ".xlsb"}:
        raise file_error(name, "tệp có macro (định dạng .xlsm/.xlsb) không được nhận",
                         "mở tệp bằng Excel, chọn Lưu thành (Save As) «Sổ làm việc Excel (.xlsx)»")
    if suffix == ".xls":
        raise file_error(name, "tệp .xls (Excel 97–2003) có thể chứa macro nên không được nhận — "
                         "không nhận tệp có macro",
                         "mở tệp bằng Excel, chọn Lưu thành (Save As) «Sổ làm việc Excel (.xlsx)»")
    if suffix not in {".xlsx", ".csv"}:
        raise file_error(name, f"không nhận định dạng «{suffix or 'không có đuôi'}»; chỉ nhận {ACCEPTED}",
                         "lưu bảng thành .xlsx, hoặc CSV UTF-8 (dấu phẩy)")
    if len(data) > MAX_IMPORT_BYTES:
        mb = MAX_IMPORT_BYTES / 1024 / 1024
        raise file_error(name, f"tệp quá lớn ({len(data) / 1024 / 1024:.1f} MB, tối đa {mb:g} MB)",
                         "chia số liệu thành nhiều tệp nhỏ hơn")
    if not data.strip(b"\x00\r\n\t \xef\xbb\xbf\xff\xfe"):
        raise file_error(name, "tệp trống", "dùng tệp mẫu và ghi số liệu từ dòng 2")
    return suffix


def read_table(name: str, data: bytes, *, sheet: str | None = None) -> RawTable:
    """Read ``data`` (the bytes of the file called ``name``) into a table.

    .xlsx: the sheet ``sheet``, else "Nhập số liệu" or "Mô hình", else the first visible sheet.
    .csv: UTF-8 (with or without BOM) or UTF-16 with BOM; delimiter comma, semicolon or tab.
    """
    if _checked_suffix(name, data) == ".xlsx":
        workbook, names = _open_xlsx(name, data)
        chosen = sheet if sheet in names else next((s for s in PREFERRED_SHEETS if s in names), names[0])
        hidden: list[ImportProblem] = []
        table = _to_table(name, chosen, _sheet_grid(name, workbook[chosen], hidden))
        table.warnings = [*_hidden_sheets(workbook), *hidden]
        return table
    return _to_table(name, "", _read_csv(name, data))


def _hidden_sheets(workbook: Any) -> list[ImportProblem]:
    """A warning for each hidden sheet: never read, whatever its name."""
    return [ImportProblem(s.title, None, None, f"trang tính «{s.title}» đang bị ẩn nên được bỏ qua, không nhập",
                          "nếu cần nhập trang này, bỏ ẩn (chuột phải vào tên trang → Bỏ ẩn) rồi tải lại")
            for s in workbook.worksheets if s.sheet_state != "visible"]


def read_tables(name: str, data: bytes) -> tuple[list[RawTable], list[str]]:
    """Every visible sheet of a staff workbook that has a header row and figures (a .csv is
    one table). Returns (tables, notes on the sheets left out, in Vietnamese)."""
    if _checked_suffix(name, data) != ".xlsx":
        return [_to_table(name, "", _read_csv(name, data))], []
    workbook, names = _open_xlsx(name, data)
    tables: list[RawTable] = []
    warnings = _hidden_sheets(workbook)
    notes: list[str] = []  # hidden sheets, rows and columns are warnings of the plan (table.warnings)
    first_error: ImportFileError | None = None
    total = 0
    for sheet in names:
        hidden: list[ImportProblem] = []
        grid = _sheet_grid(name, workbook[sheet], hidden)
        total += len(grid)
        if total > MAX_ROWS + HEADER_SEARCH_ROWS * len(names):  # counted as read: no further sheet is read
            raise file_error(name, f"các trang tính có hơn {format_number(MAX_ROWS)} dòng số liệu, quá số dòng cho "
                             "phép của một lần nhập", "chia số liệu thành nhiều tệp nhỏ hơn")
        if len(names) > 1 and _header_index(grid[:HEADER_SEARCH_ROWS * 2]) is None:
            if any(not all(_blank(v) for v in c) for _, c in grid):
                notes.append(f"trang tính «{sheet}» không có dòng tiêu đề cột nhận ra được nên được bỏ qua")
            continue
        try:
            tables.append(_to_table(name, sheet, grid))
            tables[-1].warnings = [*warnings, *hidden] if len(tables) == 1 else hidden
        except ImportFileError as error:
            first_error = first_error or error
            notes.append(f"trang tính «{sheet}»: {error.problems[0].message}")
    if not tables:
        raise first_error or file_error(name, "không trang tính nào có dòng tiêu đề cột nhận ra được",
                                        "ghi tiêu đề cột (ví dụ Địa phương, Chỉ tiêu, Giá trị) ở đầu bảng")
    return tables, notes


def _looks_like_header(cells: list[Cell]) -> bool:
    """True when the row holds at least two known column headers (titles above are skipped)."""
    return sum(1 for c in cells if isinstance(c, str)
               and (norm_header(c) in KNOWN_HEADERS or header_role_key(c) in KNOWN_HEADERS)) >= 2


def _header_index(grid: list[tuple[int, list[Cell]]]) -> int | None:
    """Where the header line is among the first lines: one with two known column names, else one
    with a known name and two other names over a line of figures («Chỉ tiêu | Trà Vinh | Vĩnh Long»)."""
    head = grid[:HEADER_SEARCH_ROWS]
    found = next((i for i, (_, cells) in enumerate(head) if _looks_like_header(cells)), None)
    if found is not None:
        return found
    for i, (_, cells) in enumerate(head[:-1]):
        texts = [c for c in cells if isinstance(c, str) and c.strip()]
        known = sum(1 for c in texts if norm_header(c) in KNOWN_HEADERS or header_role_key(c) in KNOWN_HEADERS)
        below = grid[i + 1][1]
        if known == 1 and len(texts) >= 3 and len(texts) == sum(not _blank(c) for c in cells) and any(
                isinstance(c, (int, float)) and not isinstance(c, bool) or _FIGURE.match(str(c or "")) for c in below):
            return i
    return None


_FIGURE = re.compile(r"^\s*\d[\d.,\s]*%?\s*$")


def _sub_header(header: list[str], cells: list[Cell]) -> bool:
    """A second header line under group titles («Kết quả» over «Năm 2023 | Năm 2024», «Tiếp
    công dân» over «Số lượt | Số vụ việc»): no number, at least two texts, and a blank header
    cell (the rest of a merged group title) above one of them."""
    if any(isinstance(c, (int, float, date)) and not isinstance(c, bool) for c in cells):
        return False
    texts = [i for i, c in enumerate(cells) if isinstance(c, str) and c.strip()
             and (i >= len(header) or c.strip() != header[i])]
    return len(texts) >= 2 and any(i >= len(header) or not header[i] for i in texts)


def _upper_header(upper: list[Cell], lower: list[Cell]) -> bool:
    """The line above a header is its first line when a cell merged down both lines holds the
    same name in each («Năm / kỳ»), and group titles stand over other names: texts only."""
    if any(isinstance(c, (int, float, date)) and not isinstance(c, bool) for c in upper):
        return False
    pairs = list(zip(upper, lower, strict=False))
    texts = [(a, b) for a, b in pairs if isinstance(a, str) and a.strip()]
    same = sum(1 for a, b in texts if isinstance(b, str) and a.strip() == b.strip())
    group = sum(1 for a, b in texts if isinstance(b, str) and b.strip() and a.strip() != b.strip())
    return len(texts) >= 2 and same >= 1 and group >= 1


FOOTNOTE_MARK = re.compile(r"\s*(\(\*+\)|\*+|\(\d\))\s*$")  # «(*)», «*», «(1)» after a header or figure


def _header_text(value: Cell) -> str:
    """A header as written, without a footnote mark («Đơn thuộc thẩm quyền (*)»)."""
    return "" if _blank(value) else FOOTNOTE_MARK.sub("", str(value).strip())


def _combined_header(upper: list[str], lower: list[Cell]) -> list[str]:
    """One header from two lines: a period below a group title stands alone; another name
    below a group title is read with it («Tiếp công dân – Số lượt»); a cell merged down both
    lines keeps its name."""
    width = max(len(upper), len(lower))
    upper = upper + [""] * (width - len(upper))
    out, group = [], ""
    for i in range(width):
        group = upper[i] or group
        below = _header_text(lower[i]) if i < len(lower) else ""
        if not below or below == upper[i]:
            out.append(upper[i])
        elif is_period_header(below) or not group:
            out.append(below)
        else:
            out.append(f"{group} – {below}")
    return out


_SCRIPTS = {"LATIN": "Latin", "CYRILLIC": "Kirin (Nga)", "GREEK": "Hy Lạp"}


def _refuse_lookalike_letters(name: str, sheet: str, row: int, header: list[str]) -> None:
    """A header mixing Latin with Cyrillic or Greek letters («Địa phương» with a Cyrillic «а»)
    looks right and matches nothing: name the letter instead of a missing column."""
    for text in header:
        scripts = {}
        for char in text:
            if char.isalpha():
                scripts.setdefault(unicodedata.name(char, "").split(" ")[0], char)
        if "LATIN" in scripts and len(scripts.keys() & _SCRIPTS.keys()) > 1:
            script, char = next((s, c) for s, c in scripts.items() if s in _SCRIPTS and s != "LATIN")
            raise ImportFileError(name, [ImportProblem(
                sheet, row, text, f"tiêu đề cột «{text}» có chữ «{char}» thuộc bảng chữ {_SCRIPTS[script]} trông giống "
                "chữ Latin, nên không nhận ra cột này",
                "gõ lại tiêu đề cột bằng bàn phím tiếng Việt, hoặc chép tiêu đề từ tệp mẫu")])


def _to_table(name: str, sheet: str, grid: list[tuple[int, list[Cell]]]) -> RawTable:
    grid = [(n, cells) for n, cells in grid if not all(_blank(c) for c in cells)]
    if not grid:
        raise file_error(name, "tệp trống", "dùng tệp mẫu và ghi số liệu từ dòng 2", sheet=sheet)
    start = _header_index(grid) or 0
    upper = grid[start - 1] if start else None
    if upper is not None and upper[0] == grid[start][0] - 1 and _upper_header(upper[1], grid[start][1]):
        start -= 1  # the known names were on the second line of a two-line header
    title = [" ".join(str(c).strip() for c in cells if not _blank(c)) for _, cells in grid[:start]]
    header_row, header_cells = grid[start]
    width = max((len(cells) for _, cells in grid[start:start + 2]), default=0)
    if width > MAX_COLUMNS:
        raise file_error(name, f"bảng có {format_number(width)} cột, quá số cột cho phép ({MAX_COLUMNS} cột)",
                         "giữ lại các cột số liệu cần nhập, hoặc chia thành nhiều tệp", sheet=sheet)
    header = [_header_text(h) for h in header_cells]
    _refuse_lookalike_letters(name, sheet, header_row, header)
    body = grid[start + 1:]
    if body and _sub_header(header, body[0][1]):
        header = _combined_header(header, body[0][1])
        body = body[1:]
    if not body:
        raise file_error(name, "chưa có dòng số liệu nào (chỉ có dòng tiêu đề)",
                         "ghi mỗi số liệu trên một dòng, bắt đầu từ dòng ngay dưới tiêu đề", sheet=sheet)
    if len(body) > MAX_ROWS:
        raise file_error(name, f"tệp có {format_number(len(body))} dòng số liệu, quá số dòng cho phép "
                         f"({format_number(MAX_ROWS)} dòng)",
                         "chia số liệu thành nhiều tệp nhỏ hơn", sheet=sheet)
    rows = []
    for number, cells in body:
        values: dict[str, Cell] = {}
        for pos, h in enumerate(header):
            if not h or h in values:
                continue
            value = cells[pos] if pos < len(cells) else None
            if isinstance(value, str):
                value = value.strip() or None
            values[h] = value
        rows.append(RawRow(number, values))
    return RawTable(name, sheet, header, rows, header_row, [t for t in title if t])


# ---------------------------------------------------------------------------- xlsx


def _open_xlsx(name: str, data: bytes) -> tuple[Any, list[str]]:
    """The workbook (macros refused) and its visible sheets, in order."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = {m.lower() for m in archive.namelist()}
            if not any(m.endswith("vbaproject.bin") for m in members):
                xlsx_limits.check_archive(name, archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        if isinstance(exc, ImportFileError):
            raise
        raise file_error(name, "không mở được tệp Excel (tệp hỏng hoặc không phải .xlsx)",
                         "mở tệp bằng Excel và lưu lại thành .xlsx") from exc
    if any(m.endswith("vbaproject.bin") for m in members):
        raise file_error(name, "tệp có macro (VBA) nên không được nhận",
                         "lưu lại thành «Sổ làm việc Excel (.xlsx)» không có macro")
    xlsx_limits.check_extents(name, data)  # streamed, before openpyxl builds every cell in memory
    try:
        workbook = load_workbook(io.BytesIO(data), data_only=False, read_only=False)
    except Exception as exc:  # openpyxl raises many kinds of errors on broken files
        raise file_error(name, f"không mở được tệp Excel ({type(exc).__name__})",
                         "mở tệp bằng Excel và lưu lại thành .xlsx") from exc
    visible = [s for s in workbook.sheetnames if workbook[s].sheet_state == "visible"]
    if not visible:
        raise file_error(name, "mọi trang tính của tệp đều đang bị ẩn; trang tính ẩn không được nhập",
                         "bỏ ẩn trang tính cần nhập (chuột phải vào tên trang → Bỏ ẩn) rồi lưu lại")
    return workbook, visible


def _hidden_lines(ws: Any) -> tuple[set[int], set[int]]:
    """Numbers of the hidden rows and columns (within the sheet's cells)."""
    rows = {r for r, dim in ws.row_dimensions.items() if dim.hidden and r <= ws.max_row}
    cols: set[int] = set()
    for dim in ws.column_dimensions.values():
        if dim.hidden and dim.min:
            cols.update(range(dim.min, min(dim.max or dim.min, ws.max_column) + 1))
    return rows, cols


def _listed(numbers: list[Any]) -> str:
    shown = ", ".join(str(n) for n in numbers[:20])
    return shown + (f" và {format_number(len(numbers) - 20)} {'dòng' if isinstance(numbers[0], int) else 'cột'} khác"
                    if len(numbers) > 20 else "")


def _sheet_grid(name: str, ws: Any, warnings: list[ImportProblem] | None = None) -> list[tuple[int, list[Cell]]]:
    """The sheet's cells row by row (merged ranges filled; formulas refused). Hidden rows and
    columns are left out, each listed in ``warnings``."""
    chosen = ws.title
    merged = _merged_values(ws)
    hidden_rows, hidden_cols = _hidden_lines(ws)
    grid: list[tuple[int, list[Cell]]] = []
    formulas: list[ImportProblem] = []
    header: list[str] = []
    skipped_rows: list[int] = []
    skipped_cols: set[int] = set()
    for row in ws.iter_rows():
        if row and row[0].row in hidden_rows:
            if any(not _blank(c.value) for c in row):
                skipped_rows.append(row[0].row)
            continue
        values: list[Cell] = []
        for cell in row:
            if cell.column in hidden_cols:
                if not _blank(cell.value):
                    skipped_cols.add(cell.column)
                values.append(None)
                continue
            value = cell.value
            if cell.data_type == "f" or isinstance(value, (ArrayFormula, DataTableFormula)):
                col = cell.column
                col_name = header[col - 1].rstrip("*").strip() if col - 1 < len(header) and header[
                    col - 1] else f"cột {get_column_letter(col)}"
                formulas.append(ImportProblem(
                    chosen, cell.row, col_name,
                    f"ô {cell.coordinate} chứa công thức; không nhận công thức",
                    "chép ô rồi dán đặc biệt «chỉ giá trị» (Paste Special → Values)"))
                value = None
            elif isinstance(value, time):
                value = value.isoformat()
            elif isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in str(
                    cell.number_format):
                # A cell shown as 12,5% holds 0.125: hand over what the user sees.
                value = repr(round(value * 100, 10)).removesuffix(".0").replace(".", ",") + "%"
            if value is None and merged:
                value = merged.get((cell.row, cell.column))
            values.append(value)
        if not header and _looks_like_header(values):
            header = ["" if _blank(v) else str(v).strip() for v in values]
        grid.append((row[0].row if row else len(grid) + 1, values))
    if formulas:
        raise ImportFileError(name, formulas)
    if warnings is not None and skipped_rows:
        warnings.append(ImportProblem(chosen, None, None, f"các dòng {_listed(skipped_rows)} đang bị ẩn nên không được "
                                      "nhập", "nếu cần nhập, bỏ ẩn các dòng đó (chọn dòng → Bỏ ẩn) rồi tải lại"))
    if warnings is not None and skipped_cols:
        letters = [get_column_letter(c) for c in sorted(skipped_cols)]
        warnings.append(ImportProblem(chosen, None, None, f"các cột {_listed(letters)} đang bị ẩn nên không được "
                                      "nhập", "nếu cần nhập, bỏ ẩn các cột đó (chọn cột → Bỏ ẩn) rồi tải lại"))
    return grid


def _merged_values(ws: Any) -> dict[tuple[int, int], Cell]:
    """Each cell of a merged range below the top-left one -> the range's value (a locality
    written once for several indicator lines). Ranges over one row (titles) are left alone."""
    out: dict[tuple[int, int], Cell] = {}
    for rng in ws.merged_cells.ranges:
        if rng.min_row == rng.max_row or (rng.max_row - rng.min_row + 1) * (rng.max_col - rng.min_col + 1) > 10_000:
            continue
        value = ws.cell(rng.min_row, rng.min_col).value
        for row in range(rng.min_row, rng.max_row + 1):
            for col in range(rng.min_col, rng.max_col + 1):
                if (row, col) != (rng.min_row, rng.min_col):
                    out[(row, col)] = value
    return out


# ---------------------------------------------------------------------------- csv


def _decode(name: str, data: bytes) -> str:
    for bom, label in ((b"\xef\xbb\xbf", "UTF-8"), (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16")):
        if data.startswith(bom) and data[len(bom):].lstrip(b"\x00").startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
            raise file_error(name, f"đầu tệp CSV có hai dấu BOM (ký tự ẩn U+FEFF đánh dấu bảng mã {label}) liền nhau, "
                             "nên tiêu đề cột đầu tiên không đọc được (tệp đã bị lưu thêm BOM lần nữa)",
                             "mở tệp bằng Excel hoặc Notepad rồi lưu lại một lần thành «CSV UTF-8»")
    if data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif len(data) >= 4 and data[1::2][:50].count(0) > 20:
        encoding = "utf-16-le"
    else:
        encoding = "utf-8"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise file_error(name, f"không đọc được bảng mã của tệp CSV (không phải {encoding.upper()})",
                         "trong Excel chọn Lưu thành «CSV UTF-8 (phân cách bằng dấu phẩy)»") from exc


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in ("\t", ";", ",")}
    try:
        sniffed = csv.Sniffer().sniff(text[:20000], delimiters="\t;,").delimiter
    except csv.Error:
        sniffed = ""
    if sniffed and counts.get(sniffed, 0) > 0 and counts[sniffed] == max(counts.values()):
        return sniffed
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(name: str, data: bytes) -> list[tuple[int, list[Cell]]]:
    text = _decode(name, data).replace("\x00", "")
    delimiter = _delimiter(text)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise file_error(name, f"không đọc được tệp CSV ({exc})",
                         "mở tệp bằng Excel và lưu lại thành CSV UTF-8") from exc
    if text.startswith("\ufeff"):  # a BOM inside the decoded text: written twice
        raise file_error(name, "đầu tệp CSV có hai dấu BOM (ký tự ẩn U+FEFF) liền nhau, nên tiêu đề cột đầu tiên "
                         "không đọc được (tệp đã bị lưu thêm BOM lần nữa)",
                         "mở tệp bằng Excel hoặc Notepad rồi lưu lại một lần thành «CSV UTF-8»")
    header = records[0] if records else []
    for i, rec in enumerate(records, start=1):
        for pos, value in enumerate(rec):
            if len(value) > MAX_CELL_CHARS:
                column = header[pos].strip() if i > 1 and pos < len(header) and header[pos].strip() else \
                    f"cột thứ {pos + 1}"
                raise ImportFileError(name, [ImportProblem(
                    "", i, column, f"ô có {format_number(len(value))} ký tự, quá giới hạn "
                    f"{format_number(MAX_CELL_CHARS)} ký tự của một ô (có thể thiếu dấu ngoặc kép đóng)",
                    "rút gọn nội dung ô (ghi chú dài để ở tệp riêng), hoặc chia tệp rồi lưu lại thành CSV UTF-8")])
    return [(i, list(rec)) for i, rec in enumerate(records, start=1)]
