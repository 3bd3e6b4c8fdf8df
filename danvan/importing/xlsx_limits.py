"""Limits an .xlsx passes before openpyxl builds it in memory (issue 14).

An .xlsx is a zip of XML parts: 5 MB on disk can inflate to gigabytes, and one cell at
XFD1048576 makes a sheet of 17 billion cells. So, before the workbook is loaded:

1. every zip member is inflated as a stream, counting the real bytes (the sizes written in
   the zip may lie), against a size per member, a size for all members and a compression
   ratio; names that climb out of the archive, nested archives and XML with a DTD
   (entity tricks) are refused;
2. each sheet's declared ``<dimension>`` is read, and its real extent is read with openpyxl
   in read_only streaming mode, stopping at the first row, column or cell over the limit.

Each refusal is an :class:`ImportFileError` in Vietnamese that states the limit and how to
split the file. Constants are read at call time (tests may patch them).
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import numpy as np
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet._reader import WorkSheetParser

from danvan.formatting import format_number
from danvan.importing.problems import ImportFileError, file_error

MAX_MEMBERS = 500  # parts of the zip; a real workbook has a few dozen
MAX_MEMBER_BYTES = 40 * 1024 * 1024  # one sheet part, inflated
MAX_SHARED_STRINGS_BYTES = 20 * 1024 * 1024  # the texts of all sheets (read twice: scan and load)
MAX_OTHER_PART_BYTES = 10 * 1024 * 1024  # styles, comments, drawings…: real ones are well under 1 MB
MAX_INFLATED_BYTES = 80 * 1024 * 1024  # all parts, inflated
MAX_RATIO = 150  # inflated / compressed, for parts over RATIO_FLOOR (real sheets stay under ~40)
RATIO_FLOOR = 1024 * 1024
MAX_SHEET_ROWS = 20_100  # last row with a cell (figures, header, titles)
MAX_SHEET_COLUMNS = 1_024  # a table is refused past 300 columns (reading.MAX_COLUMNS) with its own words
MAX_SHEET_CELLS = 250_000  # cells written in one sheet (20.000 rows × 12 filled cells; ~7 s to read)
MAX_SHEET_AREA = 600_000  # rows × columns of the read area (openpyxl makes every cell of it)
MAX_MERGED_RANGES = 20_000
MAX_XML_DEPTH = 100  # elements inside elements; Excel writes fewer than 20
NESTED = (".zip", ".7z", ".rar", ".gz", ".bz2", ".xz", ".tar", ".cab", ".xlsx", ".xlsm", ".docx", ".jar")
SPLIT = "chia số liệu thành nhiều tệp nhỏ hơn (mỗi tệp dưới 20.000 dòng), xóa các ô, dòng, cột thừa rồi lưu lại"

_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]{1,3}\d{1,7}(?::[A-Z]{1,3}\d{1,7})?)\"")
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def _mb(n: float) -> str:
    return f"{format_number(n / 1024 / 1024, 1)} MB"


def _unsafe_name(path: str) -> bool:
    path = path.replace("\\", "/")
    return path.startswith("/") or re.match(r"^[A-Za-z]:", path) is not None or ".." in path.split("/") \
        or "\x00" in path


def check_archive(name: str, archive: zipfile.ZipFile) -> None:
    """Refuse a workbook whose parts are too many, too large once inflated, too compressed,
    nested archives, unsafe names or XML with a DTD. Inflates each part as a stream."""
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise file_error(name, f"tệp Excel gồm {format_number(len(infos))} phần bên trong, quá giới hạn "
                         f"{format_number(MAX_MEMBERS)} phần (tệp có thể bị cố ý làm hỏng)",
                         "mở tệp bằng Excel, chép bảng số liệu sang một sổ làm việc mới rồi lưu thành .xlsx")
    total = 0
    for info in infos:
        member = info.filename
        if _unsafe_name(member):
            raise file_error(name, f"tệp Excel có phần tên không an toàn («{member[:80]}»: đường dẫn tuyệt đối "
                             "hoặc có «..»)", "mở tệp bằng Excel rồi lưu lại thành .xlsx mới")
        if member.lower().endswith(NESTED):
            raise file_error(name, f"tệp Excel có tệp nén lồng bên trong («{member[:80]}»), không được nhận",
                             "xóa đối tượng nhúng khỏi sổ làm việc, hoặc chép bảng số liệu sang sổ làm việc mới")
        if info.flag_bits & 0x1:
            raise file_error(name, "tệp Excel được đặt mật khẩu nên không đọc được",
                             "gỡ mật khẩu (Tệp → Thông tin → Bảo vệ sổ làm việc) rồi lưu lại")
        if info.is_dir():
            continue
        _check_sizes(name, info, info.file_size)  # as written in the zip: nothing inflated yet
        total += info.file_size
        if total > MAX_INFLATED_BYTES:
            raise _total_error(name)
    total = 0
    for info in infos:
        if info.is_dir():
            continue
        size = _inflated_size(name, archive, info, MAX_INFLATED_BYTES - total)
        total += size
        _check_sizes(name, info, size)  # as really inflated: the sizes written in the zip may lie


def _check_sizes(name: str, info: zipfile.ZipInfo, size: int) -> None:
    member = info.filename
    if size > RATIO_FLOOR and size > MAX_RATIO * max(info.compress_size, 1):
        ratio = size / max(info.compress_size, 1)
        raise file_error(name, f"phần «{member[:80]}» của tệp Excel nén quá mức ({format_number(ratio, 0)} lần, "
                         f"giới hạn {MAX_RATIO} lần): dấu hiệu tệp «bom nén»", SPLIT)
    limit = _part_limit(member)
    if size > limit:
        raise file_error(name, f"phần «{member[:80]}» của tệp Excel giải nén ra hơn {_mb(limit)} "
                         f"(giới hạn {_mb(limit)} cho phần này)", SPLIT)


def _part_limit(member: str) -> int:
    lowered = member.lower()
    if lowered.startswith("xl/worksheets/") and lowered.endswith(".xml"):
        return MAX_MEMBER_BYTES
    if lowered.endswith("sharedstrings.xml"):
        return MAX_SHARED_STRINGS_BYTES
    return MAX_OTHER_PART_BYTES


def _total_error(name: str) -> Exception:
    return file_error(name, f"tệp Excel giải nén ra hơn {_mb(MAX_INFLATED_BYTES)} (giới hạn {_mb(MAX_INFLATED_BYTES)} "
                      "cho cả tệp)", SPLIT)


def _inflated_size(name: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> int:
    """Real inflated size of one part (stops past the limits), refusing a DTD in XML."""
    limit = min(_part_limit(info.filename), budget) + 1
    size = 0
    head = b""
    xml = info.filename.lower().endswith((".xml", ".rels", ".vml"))
    level, tail = 0, b""
    try:
        with archive.open(info) as src:
            while size < limit:
                chunk = src.read(min(1024 * 1024, limit - size))
                if not chunk:
                    break
                if xml:
                    deepest, level = _xml_depth(tail + chunk, level)
                    tail = chunk[-1:]
                    if deepest > MAX_XML_DEPTH:
                        raise file_error(name, f"phần «{info.filename[:80]}» của tệp Excel lồng thẻ XML quá sâu (hơn "
                                         f"{MAX_XML_DEPTH} cấp); Excel không bao giờ ghi như vậy, tệp có thể bị cố ý "
                                         "làm hỏng", "mở tệp bằng Excel rồi lưu lại thành .xlsx mới")
                if len(head) < 65536:
                    head += chunk[:65536]
                size += len(chunk)
                if size > RATIO_FLOOR and size > MAX_RATIO * max(info.compress_size, 1):
                    break  # refused by the caller; no need to inflate further
    except ImportFileError:
        raise
    except NotImplementedError as exc:
        raise file_error(name, f"phần «{info.filename[:80]}» của tệp Excel dùng kiểu nén không được hỗ trợ",
                         "mở tệp bằng Excel và lưu lại thành .xlsx") from exc
    except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, ValueError) as exc:
        raise file_error(name, "không mở được tệp Excel (tệp hỏng hoặc không phải .xlsx)",
                         "mở tệp bằng Excel và lưu lại thành .xlsx") from exc
    if size >= limit and size <= _part_limit(info.filename):  # within the part's limit but over the total
        raise _total_error(name)
    if xml and _DTD.search(head):
        raise file_error(name, f"phần «{info.filename[:80]}» của tệp Excel khai báo DOCTYPE/ENTITY — Excel không bao giờ "
                         "ghi như vậy; tệp có thể bị cố ý làm hỏng", "mở tệp bằng Excel rồi lưu lại thành .xlsx mới")
    return size


def _xml_depth(buf: bytes, level: int) -> tuple[int, int]:
    """(deepest, last) nesting of XML elements over ``buf``, starting at ``level``: «<a» opens,
    «</» and «/>» close (processing instructions, comments and declarations left aside)."""
    raw = np.frombuffer(buf, dtype=np.uint8)
    if len(raw) < 2:
        return level, level
    first, second = raw[:-1], raw[1:]
    lt = first == ord("<")
    opens = lt & (second != ord("/")) & (second != ord("?")) & (second != ord("!"))
    closes = (lt & (second == ord("/"))) | ((first == ord("/")) & (second == ord(">")))
    depth = np.cumsum(opens.astype(np.int32) - closes, dtype=np.int64) + level
    return int(depth.max()), int(depth[-1])


def declared_dimension(archive: zipfile.ZipFile, path: str) -> tuple[int, int] | None:
    """(rows, columns) from the sheet's ``<dimension ref="A1:K200"/>`` when it is written."""
    try:
        with archive.open(path) as src:
            head = src.read(4096)
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    found = _DIMENSION.search(head)
    if not found:
        return None
    try:
        _, _, max_col, max_row = range_boundaries(found.group(1).decode())
    except (ValueError, TypeError):
        return None
    return (max_row or 0), (max_col or 0)


def _extent_error(name: str, sheet: str, what: str, declared: tuple[int, int] | None) -> Exception:
    said = ""
    if declared:
        said = f" (trang tính khai báo vùng {format_number(declared[0])} dòng × {format_number(declared[1])} cột)"
    return file_error(name, f"trang tính «{sheet}» {what}{said}", SPLIT, sheet=sheet)


def check_extents(name: str, data: bytes) -> None:
    """Stream every sheet once (openpyxl read_only) and refuse one whose cells reach past the
    row, column or cell limits, stopping at the first cell over a limit."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds of errors on broken files
        raise file_error(name, f"không mở được tệp Excel ({type(exc).__name__})",
                         "mở tệp bằng Excel và lưu lại thành .xlsx") from exc
    try:
        for ws in workbook.worksheets:
            _check_sheet(name, workbook, ws)
    finally:
        workbook.close()


def _check_sheet(name: str, workbook: Any, ws: Any) -> None:
    sheet = ws.title
    declared = declared_dimension(workbook._archive, ws._worksheet_path)
    rows = cells = 0
    max_col = 0
    merged: list[str] = []
    try:
        with ws._get_source() as src:
            parser = WorkSheetParser(src, ws._shared_strings, data_only=False, epoch=workbook.epoch,
                                     date_formats=workbook._date_formats,
                                     timedelta_formats=workbook._timedelta_formats)
            for index, row in parser.parse():
                if not row:
                    continue
                rows = max(rows, index)
                if rows > MAX_SHEET_ROWS:
                    raise _extent_error(name, sheet, f"có ô ở dòng {format_number(index)}, quá giới hạn "
                                        f"{format_number(MAX_SHEET_ROWS)} dòng", declared)
                last = max(c["column"] for c in row)
                if last > MAX_SHEET_COLUMNS:
                    raise _extent_error(name, sheet, f"có ô ở cột {get_column_letter(min(last, 18278))} (cột thứ "
                                        f"{format_number(last)}), quá giới hạn {format_number(MAX_SHEET_COLUMNS)} cột", declared)
                max_col = max(max_col, last)
                cells += len(row)
                if cells > MAX_SHEET_CELLS:
                    raise _extent_error(name, sheet, f"có hơn {format_number(MAX_SHEET_CELLS)} ô, quá giới hạn "
                                        "số ô của một trang tính", declared)
                if rows * max_col > MAX_SHEET_AREA:
                    raise _extent_error(name, sheet, f"trải rộng {format_number(rows)} dòng × {format_number(max_col)} "
                                        f"cột, quá giới hạn {format_number(MAX_SHEET_AREA)} ô của một bảng", declared)
            merged = [c.ref for c in getattr(parser.merged_cells, "mergeCell", None) or []]
    except Exception as exc:
        if isinstance(exc, ImportFileError):
            raise
        raise file_error(name, f"không đọc được trang tính «{sheet}» ({type(exc).__name__})",
                         "mở tệp bằng Excel và lưu lại thành .xlsx", sheet=sheet) from exc
    if len(merged) > MAX_MERGED_RANGES:
        raise _extent_error(name, sheet, f"có {format_number(len(merged))} vùng ô gộp, quá giới hạn "
                            f"{format_number(MAX_MERGED_RANGES)}", declared)
    area = 0
    for ref in merged:  # openpyxl makes one object per cell of a merged range
        try:
            min_col, min_row, max_c, max_r = range_boundaries(str(ref))
        except (ValueError, TypeError):
            continue
        area += ((max_r or min_row or 1) - (min_row or 1) + 1) * ((max_c or min_col or 1) - (min_col or 1) + 1)
        if (max_r or 0) > MAX_SHEET_ROWS or (max_c or 0) > MAX_SHEET_COLUMNS or area > MAX_SHEET_AREA:
            raise _extent_error(name, sheet, f"có vùng ô gộp {ref} vượt quá giới hạn "
                                f"{format_number(MAX_SHEET_ROWS)} dòng, {format_number(MAX_SHEET_COLUMNS)} cột", declared)
