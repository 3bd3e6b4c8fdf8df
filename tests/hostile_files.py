"""A corpus of hostile upload files, made at test time (no bomb is committed).

``IMPORT_CASES`` (figures: .xlsx/.csv) and ``BOUNDARY_CASES`` (GeoJSON / zipped Shapefile)
map a case id to a :class:`Case`: how to build the bytes and what must happen — refused
with the given words in one message, or read with the given words in one warning. Every
bomb here is bounded: what it would inflate to is at most a few hundred MB of zlib input
that is never inflated past the limits by the code under test, and tests run the corpus
in a subprocess with a memory cap (tests/test_hostile_files.py).
"""

from __future__ import annotations

import csv
import io
import json
import re
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from openpyxl import Workbook

from danvan.importing.columns import IMPORT_SPEC

IMPORT_COLUMNS = [header for _, header in IMPORT_SPEC]
BASE = {
    "Địa phương": "TP Hà Nội", "Mã chỉ tiêu": "citizen_reception_visits", "Giá trị": "1.234",
    "Kỳ báo cáo": "năm 2021", "Phạm vi": "Các cơ quan tiếp công dân của thành phố",
    "Nguồn": "Báo cáo thử nghiệm nhập số liệu", "Cơ quan ban hành": "Nhóm kiểm thử",
}


@dataclass(frozen=True)
class Case:
    name: str  # the file name as uploaded
    build: Callable[[], bytes]
    outcome: str  # "refused" | "asked" (held for the editor's confirmation) | "read" (``words`` in a warning)
    words: tuple[str, ...] = ()
    patch: dict[str, object] = field(default_factory=dict)  # "module:NAME" -> value, set in the worker
    absent: tuple[str, ...] = ()  # texts that must not be read into the plan (hidden cells)


# ---------------------------------------------------------------------------- xlsx / csv helpers


def _row(**changes: object) -> list[object]:
    values = {**BASE, **changes}
    return [values.get(h.rstrip("*")) for h in IMPORT_COLUMNS]


def workbook(post: Callable | None = None, *, rows: int = 2, sheet: str = "Nhập số liệu") -> bytes:
    """A good template workbook (header + ``rows`` figures), changed by ``post(wb)``."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(IMPORT_COLUMNS)
    for i in range(rows):
        ws.append(_row(**{"Kỳ báo cáo": f"năm {2015 + i}"}))
    if post:
        post(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def rezip(data: bytes, change: Callable[[dict[str, bytes]], dict[str, bytes]] | None = None,
          *, extra: dict[str, bytes] | None = None, level: int = 6) -> bytes:
    """The zip ``data`` with its members changed by ``change(members)`` and ``extra`` added."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {i.filename: archive.read(i) for i in archive.infolist()}
    if change:
        members = change(members)
    members.update(extra or {})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for member, content in members.items():
            archive.writestr(member, content)
    return out.getvalue()


def _sheet_xml(members: dict[str, bytes]) -> bytes:
    return members["xl/worksheets/sheet1.xml"]


def with_sheet(change: Callable[[bytes], bytes]) -> Callable[[], bytes]:
    def build() -> bytes:
        def edit(members: dict[str, bytes]) -> dict[str, bytes]:
            members["xl/worksheets/sheet1.xml"] = change(_sheet_xml(members))
            return members
        return rezip(workbook(), edit)
    return build


def _padded(head: bytes, size: int) -> bytes:
    """``head`` followed by spaces up to ``size`` bytes: inflates ~1000 times."""
    return head + b" " * (size - len(head))


def bomb_member(member: str, size: int = 100 * 1024 * 1024) -> Callable[[], bytes]:
    """A workbook whose ``member`` is ``size`` bytes of XML padding (compressed ~1000 times)."""
    def build() -> bytes:
        def edit(members: dict[str, bytes]) -> dict[str, bytes]:
            original = members.get(member, b'<?xml version="1.0"?><x/>')
            members[member] = _padded(original.replace(b"/>", b"/>", 1), size) if member.endswith(".xml") \
                else b"\0" * size
            return members
        return rezip(workbook(), edit, level=1)
    return build


def lying_size(data: bytes, member: str, declared: int = 1000) -> bytes:
    """``data`` (a zip) with the uncompressed size of ``member`` rewritten to ``declared`` in
    both the local header and the central directory."""
    buf = bytearray(data)
    name = member.encode()
    for sig, size_at, name_len_at, name_at in ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46)):
        start = 0
        while (pos := buf.find(sig, start)) >= 0:
            n = struct.unpack_from("<H", buf, pos + name_len_at)[0]
            if bytes(buf[pos + name_at:pos + name_at + n]) == name:
                struct.pack_into("<I", buf, pos + size_at, declared)
            start = pos + 4
    return bytes(buf)


def many_members(n: int) -> Callable[[], bytes]:
    return lambda: rezip(workbook(), extra={f"xl/media/extra{i}.txt": b"x" for i in range(n)})


def with_member(member: str, content: bytes) -> Callable[[], bytes]:
    return lambda: rezip(workbook(), extra={member: content})


def with_workbook_xml(change: Callable[[bytes], bytes]) -> Callable[[], bytes]:
    def build() -> bytes:
        def edit(members: dict[str, bytes]) -> dict[str, bytes]:
            members["xl/workbook.xml"] = change(members["xl/workbook.xml"])
            return members
        return rezip(workbook(lambda wb: wb.create_sheet("Phụ lục")), edit)
    return build


def far_cell(coordinate: str) -> Callable[[], bytes]:
    def post(wb: Workbook) -> None:
        wb.active[coordinate] = 1
    return lambda: workbook(post)


def _replace_dimension(ref: str) -> Callable[[bytes], bytes]:
    return lambda xml: re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), xml)


def _after_sheet_data(extra: bytes) -> Callable[[bytes], bytes]:
    return lambda xml: xml.replace(b"</sheetData>", b"</sheetData>" + extra, 1)


def _merges(refs: list[str]) -> bytes:
    return (f'<mergeCells count="{len(refs)}">' + "".join(f'<mergeCell ref="{r}"/>' for r in refs)
            + "</mergeCells>").encode()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lolololololololololololololololololololololololololol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
"""


def _with_dtd(xml: bytes, dtd: bytes = BILLION_LAUGHS) -> bytes:
    body = re.sub(rb"^<\?xml[^>]*\?>\s*", b"", xml)
    return dtd + body.replace(b"<v>", b"<v>&lol9;", 1) if b"lol9" in dtd else dtd + body


def _shared_strings(n: int) -> bytes:
    items = "".join(f"<si><t>chuỗi số {i}</t></si>" for i in range(n))
    return (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
            f'spreadsheetml/2006/main" count="{n}" uniqueCount="{n}">{items}</sst>').encode()


def _huge_shared_strings() -> bytes:
    def edit(members: dict[str, bytes]) -> dict[str, bytes]:
        members["xl/sharedStrings.xml"] = _shared_strings(300_000)
        return members
    return rezip(workbook(lambda wb: wb.active.__setitem__("T1", "ghi chú")), edit)


def _deep_xml(depth: int) -> Callable[[bytes], bytes]:
    return _after_sheet_data(b"<extLst>" + b"<x>" * depth + b"</x>" * depth + b"</extLst>")


def _hidden_sheet(state: str) -> Callable[[], bytes]:
    def post(wb: Workbook) -> None:
        wb.active.title = "Bảng nhập"
        ws = wb.create_sheet("Nhập số liệu")
        ws.append(IMPORT_COLUMNS)
        ws.append(_row(**{"Giá trị": "9.876.543", "Kỳ báo cáo": "năm 2030"}))
        ws.sheet_state = state
    return lambda: workbook(post)


def _hidden_row(wb: Workbook) -> None:
    ws = wb.active
    ws.append(_row(**{"Giá trị": "9.876.543", "Kỳ báo cáo": "năm 2030"}))
    ws.row_dimensions[ws.max_row].hidden = True


def _hidden_column(wb: Workbook) -> None:
    ws = wb.active
    ws["S1"] = "Ghi chú riêng"
    ws["S2"] = "bí mật 9.876.543"
    ws.column_dimensions["S"].hidden = True


def _formulas(n: int) -> Callable[[Workbook], None]:
    def post(wb: Workbook) -> None:
        for i in range(n):
            wb.active.cell(2 + i % 2, 3 if i < 2 else 19 + i, "=1+1")
    return post


def _all_hidden() -> bytes:
    return rezip(workbook(), lambda m: {**m, "xl/workbook.xml": m["xl/workbook.xml"].replace(
        b'state="visible"', b'state="hidden"')})


def csv_file(rows: list[list[object]] | None = None, *, encoding: str = "utf-8", delimiter: str = ",",
             header: list[str] | None = None) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header or IMPORT_COLUMNS)
    for values in rows if rows is not None else [_row()]:
        writer.writerow(["" if v is None else v for v in values])
    return out.getvalue().encode(encoding)


def cp1258(text: str) -> bytes:
    """``text`` in Windows-1258, the way Vietnamese Windows writes it: a base letter (ă, ơ, ư…)
    followed by a combining tone mark where there is no precomposed letter."""
    import unicodedata

    out = bytearray()
    for char in text:
        base, marks = unicodedata.normalize("NFD", char)[0], unicodedata.normalize("NFD", char)[1:]
        tries = [char, *(unicodedata.normalize("NFC", base + m) + marks.replace(m, "") for m in marks), base + marks]
        for attempt in tries:
            try:
                out += attempt.encode("cp1258")
                break
            except UnicodeEncodeError:
                continue
        else:
            raise ValueError(char)
    return bytes(out)


def _homoglyph_header() -> bytes:
    header = ["Địа phương*".replace("a", "\u0430"), *IMPORT_COLUMNS[1:]]  # Cyrillic «а»
    return csv_file(header=header)


def _xlsx_as_macro() -> bytes:
    return rezip(workbook(), extra={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro"})


def _ole() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000


def _truncated() -> bytes:
    data = workbook()
    return data[: len(data) // 2]


MB = 1024 * 1024

IMPORT_CASES: dict[str, Case] = {
    # zip bombs and archive tricks
    "bomb_sheet": Case("bom.xlsx", bomb_member("xl/worksheets/sheet1.xml"), "refused", ("nén quá mức", "chia")),
    "bomb_shared_strings": Case("bom.xlsx", bomb_member("xl/sharedStrings.xml"), "refused", ("nén quá mức",)),
    "bomb_styles": Case("bom.xlsx", bomb_member("xl/styles.xml"), "refused", ("xl/styles.xml", "nén quá mức")),
    "bomb_media": Case("bom.xlsx", bomb_member("xl/media/image1.png", 100 * MB), "refused", ("nén quá mức",)),
    "bomb_lying_size": Case("bom.xlsx", lambda: lying_size(bomb_member("xl/worksheets/sheet1.xml", 120 * MB)(),
                                                            "xl/worksheets/sheet1.xml"), "refused", ("Excel",)),
    "member_over_limit": Case("lon.xlsx", bomb_member("xl/worksheets/sheet1.xml", 3 * MB), "refused",
                              ("giải nén ra hơn 2,0 MB", "cho phần này"),
                              {"danvan.importing.xlsx_limits:MAX_MEMBER_BYTES": 2 * MB,
                               "danvan.importing.xlsx_limits:MAX_RATIO": 10**6}),
    "styles_over_limit": Case("kieu.xlsx", bomb_member("xl/styles.xml", 300_000), "refused",
                              ("xl/styles.xml", "giới hạn 0,2 MB cho phần này"),
                              {"danvan.importing.xlsx_limits:MAX_OTHER_PART_BYTES": 200_000,
                               "danvan.importing.xlsx_limits:RATIO_FLOOR": 10**9}),
    "total_over_limit": Case("lon.xlsx", workbook, "refused", ("cho cả tệp",),
                             {"danvan.importing.xlsx_limits:MAX_INFLATED_BYTES": 4000}),
    "many_members": Case("nhieu.xlsx", many_members(600), "refused", ("609 phần", "quá giới hạn 500 phần")),
    "nested_zip": Case("long.xlsx", with_member("xl/embeddings/ben_trong.zip", workbook()), "refused",
                       ("tệp nén lồng",)),
    "nested_xlsx": Case("long.xlsx", with_member("xl/embeddings/Microsoft_Excel_Worksheet.xlsx", workbook()),
                        "refused", ("tệp nén lồng",)),
    "zip_slip": Case("truot.xlsx", with_member("../../etc/cron.d/x", b"* * * * * root"), "refused",
                     ("không an toàn",)),
    "zip_absolute": Case("truot.xlsx", with_member("/etc/passwd", b"root"), "refused", ("không an toàn",)),
    "zip_backslash": Case("truot.xlsx", with_member("..\\..\\boot.ini", b"x"), "refused", ("không an toàn",)),
    "truncated_zip": Case("hong.xlsx", _truncated, "refused", ("không mở được tệp Excel",)),
    # XML tricks
    "billion_laughs_sheet": Case("xml.xlsx", with_sheet(_with_dtd), "refused", ("DOCTYPE",)),
    "xxe_workbook": Case("xml.xlsx", with_workbook_xml(lambda x: _with_dtd(
        x, b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>')), "refused",
        ("DOCTYPE",)),
    "deep_xml": Case("sau.xlsx", with_sheet(_deep_xml(100_000)), "refused", ("lồng thẻ XML quá sâu",)),
    # far cells and sizes
    "far_cell_xfd": Case("xa.xlsx", far_cell("XFD1048576"), "refused", ("dòng 1.048.576", "20.100 dòng")),
    "far_cell_a": Case("xa.xlsx", far_cell("A1048576"), "refused", ("dòng 1.048.576",)),
    "far_column": Case("xa.xlsx", far_cell("XFD1"), "refused", ("cột XFD", "1.024 cột")),
    "wide_and_long": Case("rong.xlsx", lambda: workbook(lambda wb: (wb.active.__setitem__("AMJ1", "x"),
                                                                   wb.active.__setitem__("A2000", "y"))),
                          "refused", ("trải rộng",)),
    "huge_declared_dimension": Case("khai.xlsx", with_sheet(_replace_dimension("A1:XFD1048576")), "read", ()),
    "lying_small_dimension": Case("khai.xlsx", lambda: rezip(far_cell("A900000")(), lambda m: {
        **m, "xl/worksheets/sheet1.xml": _replace_dimension("A1:R3")(m["xl/worksheets/sheet1.xml"])}),
        "refused", ("dòng 900.000", "khai báo vùng 3 dòng")),
    "too_many_cells": Case("o.xlsx", workbook, "refused", ("ô, quá giới hạn",),
                           {"danvan.importing.xlsx_limits:MAX_SHEET_CELLS": 20}),
    "huge_merged_range": Case("gop.xlsx", with_sheet(_after_sheet_data(_merges(["A5:XFD1048576"]))), "refused",
                              ("vùng ô gộp A5:XFD1048576",)),
    "many_merged_ranges": Case("gop.xlsx", with_sheet(_after_sheet_data(_merges(
        [f"T{i}:U{i}" for i in range(1, 20_001)] + [f"W{i}:X{i}" for i in range(1, 5_001)]))), "refused",
        ("25.000 vùng ô gộp",)),
    "huge_shared_strings": Case("chuoi.xlsx", _huge_shared_strings, "read", ()),
    # macros, formulas, wrong types
    "xlsm_renamed": Case("macro.xlsx", _xlsx_as_macro, "refused", ("macro",)),
    "xlsm": Case("macro.xlsm", workbook, "refused", ("macro",)),
    "xlsb": Case("macro.xlsb", workbook, "refused", ("macro",)),
    "xls": Case("cu.xls", _ole, "refused", (".xls",)),
    "ole_named_xlsx": Case("matkhau.xlsx", _ole, "refused", ("không mở được tệp Excel",)),
    "csv_named_xlsx": Case("bang.xlsx", csv_file, "refused", ("không mở được tệp Excel",)),
    "xlsx_named_csv": Case("bang.csv", workbook, "refused", ("bảng mã",)),
    "pdf_named_xlsx": Case("bang.xlsx", lambda: b"%PDF-1.7\n" + b"0" * 3000, "refused", ("không mở được",)),
    "txt": Case("bang.txt", csv_file, "refused", ("không nhận định dạng «.txt»",)),
    "no_extension": Case("bang", csv_file, "refused", ("không có đuôi",)),
    "formula": Case("cong_thuc.xlsx", lambda: workbook(_formulas(1)), "refused", ("chứa công thức",)),
    "many_formulas": Case("cong_thuc.xlsx", lambda: workbook(_formulas(200)), "refused", ("chứa công thức",)),
    "empty": Case("rong.csv", lambda: b"", "refused", ("tệp trống",)),
    "over_5_mb": Case("lon.csv", lambda: csv_file() + b"\r\n" * (5 * MB), "refused", ("tệp quá lớn",)),
    # hidden sheets, rows, columns
    "hidden_template_sheet": Case("an.xlsx", _hidden_sheet("hidden"), "read",
                                  ("trang tính «Nhập số liệu» đang bị ẩn nên được bỏ qua",), absent=("9876543",)),
    "very_hidden_sheet": Case("an.xlsx", _hidden_sheet("veryHidden"), "read",
                              ("trang tính «Nhập số liệu» đang bị ẩn",), absent=("9876543",)),
    "all_sheets_hidden": Case("an.xlsx", _all_hidden, "refused", ("đều đang bị ẩn",)),
    "hidden_row": Case("an.xlsx", lambda: workbook(_hidden_row), "read", ("các dòng 4 đang bị ẩn",),
                       absent=("9876543",)),
    "hidden_column": Case("an.xlsx", lambda: workbook(_hidden_column), "read", ("các cột S đang bị ẩn",),
                          absent=("bí mật",)),
    # encodings and text
    "double_bom_utf8": Case("bom.csv", lambda: b"\xef\xbb\xbf" + csv_file(encoding="utf-8-sig"), "refused",
                            ("hai dấu BOM",)),
    "double_bom_utf16": Case("bom.csv", lambda: b"\xff\xfe" + csv_file(encoding="utf-16"), "refused",
                             ("hai dấu BOM",)),
    "windows_1258": Case("cp.csv", lambda: cp1258(csv_file().decode()), "refused", ("bảng mã",)),
    "utf16_no_bom": Case("u16.csv", lambda: csv_file(encoding="utf-16-le", delimiter="\t"), "read", ()),
    "one_mb_note": Case("ghichu.csv", lambda: csv_file([_row(**{"Ghi chú": "x" * MB})]), "refused",
                        ("Dòng 2", "cột «Ghi chú»", "1.048.576 ký tự", "32.767")),
    "note_over_excel_cell": Case("ghichu.csv", lambda: csv_file([_row(**{"Ghi chú": "y" * 40_000})]), "refused",
                                 ("Dòng 2", "cột «Ghi chú»", "40.000 ký tự")),
    "unclosed_quote": Case("ngoac.csv", lambda: csv_file() + b'"' + b"z" * 200_000, "refused", ("Dòng 3", "ký tự")),
    "too_many_rows": Case("dong.csv", lambda: csv_file([_row()] * 25_000), "refused",
                          ("tệp có 25.000 dòng số liệu, quá số dòng cho phép (20.000 dòng)",)),
    "homoglyph_header": Case("chu.csv", _homoglyph_header, "refused", ("Dòng 1", "chữ «а» thuộc bảng chữ Kirin",)),
    # implausible values: refused, or held for the editor's confirmation
    "value_400_digits": Case("so.csv", lambda: csv_file([_row(**{"Giá trị": "9" * 400})]), "refused",
                             ("Dòng 2", "Giá trị")),
    "value_400_digits_xlsx": Case("so.xlsx", lambda: workbook(lambda wb: wb.active.__setitem__("C2", 10.0 ** 300)),
                                  "refused", ("Dòng 2",)),
    "value_infinity": Case("so.csv", lambda: csv_file([_row(**{"Giá trị": "inf"})]), "refused", ("Dòng 2",)),
    "value_nan": Case("so.csv", lambda: csv_file([_row(**{"Giá trị": "NaN"})]), "refused", ("Dòng 2",)),
    "arabic_indic_digits": Case("so.csv", lambda: csv_file([_row(**{"Giá trị": "١٢٣٤"})]), "refused",
                                ("Dòng 2", "١")),
    "full_width_digits": Case("so.csv", lambda: csv_file([_row(**{"Giá trị": "１２３"})]), "refused",
                              ("Dòng 2", "１")),
    "arabic_digits_in_year": Case("so.csv", lambda: csv_file([_row(**{"Kỳ báo cáo": "năm ٢٠٢١"})]), "refused",
                                  ("Dòng 2",)),
    "decimal_count": Case("so.csv", lambda: csv_file([_row(**{"Giá trị": "12,5"})]), "asked", ("12,5",)),
    "percent_as_fraction": Case("so.csv", lambda: csv_file([_row(**{
        "Địa phương": "Trà Vinh", "Mã chỉ tiêu": "poverty_rate", "Giá trị": "0,893", "Kỳ báo cáo": "năm 2013",
        "Phạm vi": "Toàn tỉnh"})]), "asked", ("0,893 hay 89,3%",)),
    "too_many_columns": Case("cot.csv", lambda: csv_file([[*_row(), *range(400)]],
                                                        header=[*IMPORT_COLUMNS, *[f"Cột {i}" for i in range(400)]]),
                             "refused", ("cột, quá số cột cho phép (300 cột)",)),
}


# ---------------------------------------------------------------------------- boundary files

CENTRE = (105.8555, 21.0273)  # Hoàn Kiếm, in the localities the tests use


def feature(geometry: dict, name: str = "Hoàn Kiếm", **props: object) -> dict:
    return {"type": "Feature", "properties": {"ten": name, **props}, "geometry": geometry}


def collection(*features: dict) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def ring(n: int, radius: float = 0.01, step: int = 1, centre: tuple[float, float] = CENTRE) -> list[list[float]]:
    """``n`` points on a circle, visited ``step`` at a time: step ~ n/2 makes a star whose
    edges cross about n²/2 times."""
    t = np.arange(n) * 2 * np.pi * step / n
    pts = np.c_[centre[0] + radius * np.cos(t), centre[1] + radius * np.sin(t)].round(6).tolist()
    return [*pts, pts[0]]


def polygon(*rings: list) -> dict:
    return {"type": "Polygon", "coordinates": list(rings)}


def star(n: int) -> bytes:
    return collection(feature(polygon(ring(n, step=n // 2))))


def zigzag(n: int) -> bytes:
    """One ring of ``n`` vertices folding over itself (a long self-intersecting zigzag)."""
    x = np.linspace(CENTRE[0] - 0.01, CENTRE[0] + 0.01, n)
    y = CENTRE[1] + np.where(np.arange(n) % 2, 0.005, -0.005)
    coords = np.c_[x, y].round(5).tolist()
    coords.append([CENTRE[0] + 0.02, CENTRE[1] - 0.02])
    coords.append([CENTRE[0] - 0.02, CENTRE[1] + 0.02])  # closing edges cross the zigzag
    coords.append(coords[0])
    return collection(feature(polygon(coords)))


def bowties(n: int) -> bytes:
    parts = []
    for i in range(n):
        x, y = CENTRE[0] + (i % 100) * 1e-4, CENTRE[1] + (i // 100) * 1e-4
        parts.append([[[x, y], [x + 5e-5, y + 5e-5], [x + 5e-5, y], [x, y + 5e-5], [x, y]]])
    return collection(feature({"type": "MultiPolygon", "coordinates": parts}))


def shp_zip(members: dict[str, bytes] | None = None, *, drop: tuple[str, ...] = (), prefix: str = "",
            extra: dict[str, bytes] | None = None) -> bytes:
    """A zipped Shapefile of one good district, with members dropped, renamed or added."""
    import tempfile
    from pathlib import Path

    import geopandas as gpd
    from shapely.geometry import Point

    with tempfile.TemporaryDirectory() as tmp:
        gdf = gpd.GeoDataFrame({"ten": ["Hoàn Kiếm"]}, geometry=[Point(*CENTRE).buffer(0.01)], crs="EPSG:4326")
        gdf.to_file(Path(tmp) / "huyen.shp", engine="pyogrio", encoding="UTF-8")
        parts = {p.name: p.read_bytes() for p in Path(tmp).iterdir()}
    parts = {f"{prefix}{k}": v for k, v in parts.items() if Path(k).suffix not in drop}
    parts.update(members or {})
    parts.update(extra or {})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def _encrypted_flag() -> bytes:
    data = bytearray(shp_zip())
    for sig, at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (pos := data.find(sig, start)) >= 0:
            data[pos + at] |= 0x1
            start = pos + 4
    return bytes(data)


def _truncated_shp() -> bytes:
    good = shp_zip()
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        shp = archive.read("huyen.shp")
    return shp_zip({"huyen.shp": shp[:150]})


def _deep_geojson(depth: int) -> bytes:
    return b'{"type":"FeatureCollection","features":[' + b"[" * depth + b"]" * depth + b"]}"


def _deep_properties(depth: int) -> bytes:
    return (b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a":' + b'{"b":' * depth
            + b"1" + b"}" * depth + b'},"geometry":null}]}')


def _coords_text(text: str) -> bytes:
    return collection(feature(polygon([[105.85, 21.02], [105.86, 21.02], [105.86, 21.03], [105.85, 21.02]])))\
        .replace(b"105.86, 21.03", text.encode())


def _many_features(n: int) -> bytes:
    return collection(*[feature(polygon(ring(4, 1e-4, centre=(CENTRE[0] + i * 1e-5, CENTRE[1]))), f"x{i}")
                        for i in range(n)])


BOUNDARY_CASES: dict[str, Case] = {
    # zip bombs and archive tricks
    "bomb_shp": Case("bom.zip", lambda: shp_zip({"huyen.shp": b"\0" * (100 * MB)}), "refused",
                     ("nén quá mức", "bom nén")),
    "bomb_dbf": Case("bom.zip", lambda: shp_zip({"huyen.dbf": b" " * (100 * MB)}), "refused", ("nén quá mức",)),
    "bomb_lying_size": Case("bom.zip", lambda: lying_size(shp_zip({"huyen.shp": b"\0" * (100 * MB)}), "huyen.shp"),
                            "refused", ("Tệp nén bị hỏng", "huyen.shp")),  # zipfile stops at the written size
    "bomb_junk_member": Case("bom.zip", lambda: shp_zip(extra={"ghichu.txt": b"\0" * (100 * MB)}), "refused",
                             ("nén quá mức",)),
    "many_members": Case("nhieu.zip", lambda: shp_zip(extra={f"rac/{i}.txt": b"x" for i in range(1500)}),
                         "refused", ("quá nhiều tệp con",)),
    "nested_zip": Case("long.zip", lambda: shp_zip(drop=(".shp", ".shx", ".dbf", ".prj", ".cpg"),
                                                   extra={"ben_trong.zip": shp_zip()}), "refused",
                       ("một tệp .zip khác",)),
    "zip_slip": Case("truot.zip", lambda: shp_zip(prefix="../"), "refused", ("không an toàn",)),
    "zip_absolute": Case("truot.zip", lambda: shp_zip(extra={"/tmp/x.shp": b"x"}), "refused", ("không an toàn",)),
    "encrypted_flag": Case("matkhau.zip", _encrypted_flag, "refused", ("mật khẩu",)),
    "two_layers": Case("hai.zip", lambda: shp_zip(extra={"khac.shp": b"x"}), "refused", ("2 tệp .shp",)),
    # shapefile with missing or broken parts
    "missing_shx_dbf": Case("thieu.zip", lambda: shp_zip(drop=(".shx", ".dbf")), "refused",
                            ("thiếu «huyen.shx» và «huyen.dbf»",)),
    "missing_prj": Case("thieu.zip", lambda: shp_zip(drop=(".prj",)), "refused", ("thiếu tệp «huyen.prj»",)),
    "truncated_shp": Case("hong.zip", _truncated_shp, "refused", ("đối tượng 1", "geometry rỗng")),
    "corrupt_zip": Case("hong.zip", lambda: shp_zip()[:200], "refused", ("Không phải tệp nén .zip hợp lệ",)),
    # GeoJSON structure
    "deep_arrays": Case("sau.geojson", lambda: _deep_geojson(100_000), "refused", ("lồng nhau quá sâu",)),
    "deep_properties": Case("sau.geojson", lambda: _deep_properties(50_000), "refused", ("lồng nhau quá sâu",)),
    "zip_named_geojson": Case("a.geojson", shp_zip, "refused", ("thực chất là tệp nén",)),
    "binary_geojson": Case("a.geojson", lambda: bytes(range(256)) * 10, "refused", ("không phải GeoJSON",)),
    "utf16_geojson": Case("a.geojson", lambda: star(5).decode().encode("utf-16"), "refused", ("không phải GeoJSON",)),
    "truncated_geojson": Case("a.geojson", lambda: star(501)[:3000], "refused", ("Không đọc được tệp GeoJSON",)),
    "empty_collection": Case("a.geojson", collection, "refused", ("không có đối tượng",)),
    "points": Case("a.geojson", lambda: collection(feature({"type": "Point", "coordinates": list(CENTRE)})),
                   "refused", ("không phải vùng",)),
    "too_many_features": Case("a.geojson", lambda: _many_features(5001), "refused", ("quá nhiều đối tượng",)),
    "over_20_mb": Case("a.geojson", lambda: star(5)[:-1] + b" " * (21 * MB) + b"}", "refused", ("Tệp quá lớn",)),
    "shp_alone": Case("huyen.shp", lambda: b"\0" * 100, "refused", ("chỉ là một phần",)),
    "kml": Case("huyen.kml", lambda: b"<kml/>", "refused", ("chưa được hỗ trợ",)),
    "empty_file": Case("a.geojson", lambda: b"", "refused", ("Tệp rỗng",)),
    # coordinates
    "huge_coordinates": Case("a.geojson", lambda: _coords_text("1e300, 1e300"), "refused", ("số rất lớn",)),
    "overflow_coordinates": Case("a.geojson", lambda: _coords_text("1e999, 21.03"), "refused",
                                 ("Không đọc được tệp GeoJSON",)),
    "nan_coordinates": Case("a.geojson", lambda: _coords_text("NaN, 21.03"), "refused",
                            ("đối tượng 1", "không phải là số (NaN hoặc vô cực)")),
    "swapped_axes": Case("a.geojson", lambda: collection(feature(polygon([[p[1], p[0]] for p in ring(40)]))),
                         "refused", ("đổi chỗ",)),
    # geometry repair
    "star_4001": Case("sao.geojson", lambda: star(4001), "refused", ("tự cắt nhau ở hơn 500 chỗ",)),
    "star_20001": Case("sao.geojson", lambda: star(20_001), "refused", ("tự cắt nhau ở hơn 500 chỗ",)),
    "star_75": Case("sao.geojson", lambda: star(75), "refused", ("tự cắt nhau ở hơn 500 chỗ",)),
    "bowties_multipolygon": Case("no.geojson", lambda: bowties(3000), "refused", ("tự cắt nhau ở hơn 500 chỗ",)),
    "stars_in_many_features": Case("sao.geojson", lambda: collection(*[
        feature(polygon(ring(31, step=15, centre=(CENTRE[0] + i * 0.03, CENTRE[1]))), f"x{i}") for i in range(12)]),
        "refused", ("tổng cộng hơn 2.000 chỗ",)),
    "million_vertex_zigzag": Case("dai.geojson", lambda: zigzag(900_000), "refused",
                                  ("900.003 đỉnh", "100.000 đỉnh để tự sửa")),
    "too_many_vertices": Case("dai.geojson", lambda: collection(feature(polygon(ring(3000)))), "refused",
                              ("quá chi tiết",), {"danvan.maps.boundary_upload.limits:MAX_VERTICES": 2000}),
    "valid_700k_vertex_ring": Case("dai.geojson", lambda: collection(feature(polygon(ring(700_000)))), "read", ()),
    "small_bowtie_repaired": Case("no.geojson", lambda: collection(feature(polygon(ring(5, step=2)))), "read",
                                  ("Đã tự động sửa hình bị lỗi",)),
}


# ---------------------------------------------------------------------------- the worker

LOCALITIES = [  # (locality_id, name_vi, short_name_vi, gso_code, level, lat, lon)
    ("ha-noi", "Thành phố Hà Nội", "Hà Nội", "01", "tinh", None, None),
    ("hoan-kiem", "Quận Hoàn Kiếm", "Hoàn Kiếm", "002", "huyen", 21.0273, 105.8555),
]


def _db_checksum(engine) -> str:
    import hashlib

    from sqlalchemy import select

    from danvan.data.models import BoundaryLayer
    from danvan.importing.batches import data_checksum

    digest = hashlib.sha256(data_checksum(engine).encode())
    with engine.connect() as conn:
        for row in conn.execute(select(BoundaryLayer.__table__).order_by(BoundaryLayer.id)):
            digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def _import(engine, name: str, data: bytes) -> dict:
    """What the import page and `danvan nhap` do with an uploaded file, up to (not past) the write."""
    from danvan.importing import ImportFileError, read_table
    from danvan.importing import service as import_service
    from danvan.importing.batches import BatchError

    try:
        table = read_table(name, data)
        if import_service.is_template(table):
            prepared = import_service.prepare(engine, name, data)
            plan, notes = prepared.plan, []
            if plan.problems:
                try:  # what the page's button would do: refused, nothing written
                    import_service.commit(engine, prepared, "kiem.thu", accept=set(range(1, 10)))
                except BatchError:
                    pass
                else:
                    return {"outcome": "written", "texts": [p.text for p in plan.problems]}
                return {"outcome": "refused", "texts": [p.text for p in plan.problems]}
            figures = repr(plan.to_add)
            if plan.questions:
                from danvan.importing.batches import ConfirmationNeeded

                try:  # what the page's button does before the editor ticks «Xác nhận»: nothing written
                    import_service.commit(engine, prepared, "kiem.thu")
                except ConfirmationNeeded:
                    return {"outcome": "asked", "texts": [q.text for q in plan.questions], "figures": figures}
                return {"outcome": "written", "texts": [q.text for q in plan.questions]}
        else:
            staff = import_service.prepare_staff(engine, name, data, import_service.StaffOptions(user="kiem.thu"))
            plan, notes = staff.plan, staff.notes
            figures = repr([o.obs for o in plan.outcomes])
    except ImportFileError as error:
        return {"outcome": "refused", "texts": [p.text for p in error.problems]}
    return {"outcome": "read", "texts": [*(w.text for w in plan.warnings), *notes], "figures": figures}


def _boundary(engine, name: str, data: bytes) -> dict:
    """What the boundary upload panel does, up to (not past) «Lưu»."""
    import pandas as pd

    from danvan.maps.boundary_upload import BoundaryUploadError, read_layer, validate_and_prepare

    localities = pd.DataFrame(LOCALITIES, columns=["locality_id", "name_vi", "short_name_vi", "gso_code", "level",
                                                   "lat", "lon"])
    try:
        prepared = validate_and_prepare(read_layer(name, data), name, localities, "huyen")
    except BoundaryUploadError as error:
        return {"outcome": "refused", "texts": [str(p) for p in error.problems]}
    return {"outcome": "read", "texts": [*prepared.notes, *prepared.unmatched], "figures": ""}


def _peak_rss() -> int:
    """Peak resident memory of this process image in bytes (VmHWM). Not ru_maxrss: Linux keeps
    that across exec, so a worker started from a big pytest process would inherit its peak."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the geometry repair's)."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run(kind: str, folder: str, url: str) -> None:
    """Run every file of ``folder`` (named by case id) through the real entry point, one JSON
    line per file: outcome, texts, wall and CPU seconds and the process's peak RSS over the baseline (the
    peak only grows, so each file's own peak is at most that: Python, numpy, GEOS and GDAL
    memory alike; tracemalloc would miss C allocations and slow the run). Called in a
    subprocess with an address-space cap."""
    import importlib
    import sys
    import time
    from pathlib import Path

    from danvan.data.db import get_engine

    cases = IMPORT_CASES if kind == "import" else BOUNDARY_CASES
    entry = _import if kind == "import" else _boundary
    engine = get_engine(url)
    # warm up: modules, caches and the reference data are not the file's cost
    entry(engine, "mau.csv", csv_file()) if kind == "import" else entry(engine, "a.geojson", star(5))
    entry(engine, "mau.xlsx", workbook()) if kind == "import" else None
    baseline = _peak_rss()
    for case_id in sorted(p.name for p in Path(folder).iterdir()):
        case = cases[case_id]
        data = (Path(folder) / case_id).read_bytes()
        saved = []
        for target, value in case.patch.items():
            module = importlib.import_module(target.split(":")[0])
            saved.append((module, target.split(":")[1], getattr(module, target.split(":")[1])))
            setattr(module, target.split(":")[1], value)
        before = _db_checksum(engine)
        start, start_cpu = time.perf_counter(), _cpu()
        try:
            result = entry(engine, case.name, data)
        except Exception as exc:  # noqa: BLE001 - an unexpected error is a failed case, reported
            result = {"outcome": "crash", "texts": [f"{type(exc).__name__}: {exc}"[:500]]}
        seconds, cpu_seconds = time.perf_counter() - start, _cpu() - start_cpu
        for module, attr, value in saved:
            setattr(module, attr, value)
        rss = _peak_rss() - baseline
        result.update(id=case_id, seconds=seconds, cpu_seconds=cpu_seconds, rss_over_baseline=rss, baseline=baseline,
                      unchanged=_db_checksum(engine) == before, size=len(data))
        print(json.dumps(result, ensure_ascii=False), flush=True)
    sys.stdout.flush()


if __name__ == "__main__":
    import resource
    import sys

    cap = 3 * 1024**3  # no bomb may take the machine down if a defence fails
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    run(*sys.argv[1:4])
