"""The pure half of the yearly import: reading, validating and planning (no database).

A corpus of bad files is generated here (xlsx via openpyxl, CSV in each encoding Excel
writes); each case names the Vietnamese words, row and column the user must see.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from danvan.importing import (
    IMPORT_COLUMNS,
    MODEL_COLUMNS,
    ImportContext,
    ImportFileError,
    match_locality,
    model_template_xlsx,
    number_and_percent,
    parse_date,
    parse_number,
    parse_period,
    parse_qualifier,
    read_table,
    reading,
    template_xlsx,
    validate,
    validate_models,
)

DATA = Path(__file__).resolve().parent.parent / "data"
TODAY = date(2026, 12, 1)
LABELS = [h.rstrip("*") for h in IMPORT_COLUMNS]
MODEL_LABELS = [h.rstrip("*") for h in MODEL_COLUMNS]


# ---------------------------------------------------------------------------- context


def _csv(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / name, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def ctx() -> ImportContext:
    units = _csv("units.csv").rename(columns={"code": "unit", "name_vi": "unit_label"})
    catalogue = _csv("indicators.csv").merge(units[["unit", "unit_label"]], on="unit", how="left")
    localities = _csv("localities.csv")
    for col in ("valid_from", "valid_to"):
        localities[col] = pd.to_datetime(localities[col].replace("", None)).dt.date
    existing = _csv("observations.csv")
    existing["value"] = existing["value"].astype(float)
    models = pd.DataFrame([{"name": "Chính quyền thân thiện", "locality_id": "huong-tra-2021"}])
    return ImportContext(catalogue=catalogue, localities=localities, scope_classes=_csv("scope_classes.csv"),
                         sources=_csv("sources.csv"), existing=existing, existing_models=models)


# ---------------------------------------------------------------------------- corpus generators

BASE = {
    "Địa phương": "TP Hà Nội", "Mã chỉ tiêu": "citizen_reception_visits", "Giá trị": "1.234",
    "Kỳ báo cáo": "năm 2021", "Phạm vi": "Các cơ quan tiếp công dân của thành phố",
    "Nguồn": "Báo cáo thử nghiệm nhập số liệu", "Cơ quan ban hành": "Nhóm kiểm thử",
}


def row(**changes: object) -> dict[str, object]:
    """BASE with some cells changed: ``row(**{"Giá trị": "x"})``."""
    return {**BASE, **changes}


def _grid(rows: list[dict[str, object]], headers: list[str], labels: list[str]) -> list[list[object]]:
    return [[r.get(label) for label in labels] for r in rows]


def xlsx(rows: list[dict[str, object]], headers: list[str] | None = None, *, sheet: str = "Nhập số liệu",
         post: Callable | None = None, labels: list[str] | None = None) -> bytes:
    headers = list(IMPORT_COLUMNS if headers is None else headers)
    labels = labels or [h.rstrip("*") for h in headers]
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(headers)
    for values in _grid(rows, headers, labels):
        ws.append(values)
    if post:
        post(ws)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[dict[str, object]], headers: list[str] | None = None, *, encoding: str = "utf-8",
              delimiter: str = ",", labels: list[str] | None = None) -> bytes:
    headers = list(IMPORT_COLUMNS if headers is None else headers)
    labels = labels or [h.rstrip("*") for h in headers]
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    for values in _grid(rows, headers, labels):
        writer.writerow(["" if v is None else v for v in values])
    return out.getvalue().encode(encoding)


def utf16_tab(rows: list[dict[str, object]], headers: list[str] | None = None) -> bytes:
    """What Excel writes for «Unicode Text (*.txt)» renamed to .csv: UTF-16 LE with BOM, tabs."""
    return csv_bytes(rows, headers, encoding="utf-16", delimiter="\t")


def with_vba(data: bytes) -> bytes:
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\x00fake macro")
    return buffer.getvalue()


def without(*labels: str) -> list[str]:
    return [h for h in IMPORT_COLUMNS if h.rstrip("*") not in labels]


def models_xlsx(rows: list[dict[str, object]], headers: list[str] | None = None) -> bytes:
    return xlsx(rows, headers or list(MODEL_COLUMNS), sheet="Mô hình")


MODEL_BASE = {"Tên mô hình": "Dân vận khéo trong giải phóng mặt bằng", "Địa phương": "Thị xã Hương Trà",
              "Năm đăng ký": "2020", "Năm công nhận": "2021", "Lĩnh vực": "kinh te",
              "Tập thể/cá nhân": "tập thể", "Trạng thái": "công nhận"}


def mrow(**changes: object) -> dict[str, object]:
    return {**MODEL_BASE, **changes}


# ---------------------------------------------------------------------------- the bad corpus


@dataclass
class Bad:
    name: str  # file name (its extension decides the reader)
    data: Callable[[], bytes]
    words: tuple[str, ...]  # must all appear in the problem text (message + fix)
    row: int | None = None
    column: str | None = None
    file_level: bool = False  # ImportFileError instead of plan.problems
    models: bool = False
    patch: dict[str, int] | None = None


V = "Giá trị"
BAD: dict[str, Bad] = {
    "missing_required_column": Bad("a.xlsx", lambda: xlsx([row()], without("Nguồn")),
                                   ("thiếu cột bắt buộc", "Nguồn"), None, "Nguồn"),
    "missing_period_columns": Bad("a.csv", lambda: csv_bytes([row()], without("Kỳ báo cáo", "Từ ngày", "Đến ngày")),
                                  ("thiếu cột kỳ báo cáo",), None, "Kỳ báo cáo"),
    "required_cell_empty": Bad("a.xlsx", lambda: xlsx([row(), row(**{"Phạm vi": None})]),
                               ("ô bắt buộc đang để trống",), 3, "Phạm vi"),
    "missing_source": Bad("a.csv", lambda: csv_bytes([row(Nguồn="")]), ("để trống", "Nguồn"), 2, "Nguồn"),
    "missing_period_cell": Bad("a.csv", lambda: csv_bytes([row(**{"Kỳ báo cáo": ""})]),
                               ("chưa ghi kỳ báo cáo",), 2, "Kỳ báo cáo"),
    "unknown_locality_suggestion": Bad("a.xlsx", lambda: xlsx([row(**{"Địa phương": "Tra Vin"})]),
                                       ("không tìm thấy địa phương", "Có phải «Trà Vinh»?"), 2, "Địa phương"),
    # Sông Bé was split in 1997: in no list of the catalogue (Quảng Ninh, once unknown, now is)
    "unknown_locality": Bad("a.csv", lambda: csv_bytes([row(), row(**{"Địa phương": "Tỉnh Sông Bé"})]),
                            ("không tìm thấy địa phương «Tỉnh Sông Bé»",), 3, "Địa phương"),
    "unknown_indicator": Bad("a.xlsx", lambda: xlsx([row(**{"Mã chỉ tiêu": "citizen_reception_visit"})]),
                             ("không có mã chỉ tiêu", "Có phải «citizen_reception_visits»?"), 2, "Mã chỉ tiêu"),
    "value_not_a_number": Bad("a.xlsx", lambda: xlsx([row(**{V: "mười hai"})]),
                              ("«mười hai» không phải là số", "1.234"), 2, V),
    "negative_count": Bad("a.csv", lambda: csv_bytes([row(**{V: "-3"})]), ("giá trị âm",), 2, V),
    "percent_120": Bad("a.xlsx", lambda: xlsx([row(**{"Mã chỉ tiêu": "dossiers_on_time_rate", V: "120"})]),
                       ("120%", "ngoài khoảng 0–100"), 2, V),
    "percent_sign_on_count": Bad("a.csv", lambda: csv_bytes([row(**{V: "12%"})]),
                                 ("dấu %", "lượt"), 2, V),
    "numerator_above_denominator": Bad(
        "a.xlsx", lambda: xlsx([row(**{"Mã chỉ tiêu": "dossiers_on_time_rate", V: "50", "Tử số": "200",
                                       "Mẫu số": "100"})]), ("lớn hơn mẫu số",), 2, "Tử số"),
    "end_before_start": Bad("a.xlsx", lambda: xlsx([row(**{"Kỳ báo cáo": None, "Từ ngày": "31/12/2021",
                                                          "Đến ngày": "01/01/2021"})]),
                            ("trước ngày bắt đầu",), 2, "Đến ngày"),
    "future_period": Bad("a.csv", lambda: csv_bytes([row(**{"Kỳ báo cáo": "quý I/2027"})]),
                         ("tương lai", "31/03/2027"), 2, "Kỳ báo cáo"),
    "future_published_date": Bad("a.csv", lambda: csv_bytes([row(**{"Ngày ban hành": "01/01/2030"})]),
                                 ("tương lai",), 2, "Ngày ban hành"),
    "invalid_date": Bad("a.csv", lambda: csv_bytes([row(**{"Kỳ báo cáo": "", "Từ ngày": "31/02/2021",
                                                          "Đến ngày": "31/12/2021"})]),
                        ("không tồn tại",), 2, "Từ ngày"),
    "period_text_and_dates_disagree": Bad("a.csv", lambda: csv_bytes([row(**{"Đến ngày": "31/10/2021"})]),
                                          ("không khớp",), 2, "Đến ngày"),
    "duplicate_rows": Bad("a.xlsx", lambda: xlsx([row(), row(**{"Ghi chú": "khác"}), row(**{V: "5"})]),
                          ("trùng với dòng 2",), 3, None),
    "wrong_unit": Bad("a.xlsx", lambda: xlsx([row(**{"Đơn vị": "người"})]), ("không khớp", "lượt"), 2, "Đơn vị"),
    "date_outside_vintage_id": Bad("a.xlsx", lambda: xlsx([row(**{"Địa phương": "gia-lai",
                                                                  "Kỳ báo cáo": "6 tháng đầu năm 2026"})]),
                                   ("không có vào ngày 30/06/2026", "Tỉnh Gia Lai", "đến 30/06/2025"), 2, "Địa phương"),
    "date_outside_vintage_name": Bad("a.csv", lambda: csv_bytes([row(**{"Địa phương": "Hương Trà",
                                                                       "Kỳ báo cáo": "đến 31/10/2025"})]),
                                     ("không có vào ngày 31/10/2025", "Thị xã Hương Trà", "đến 30/06/2025"), 2,
                                     "Địa phương"),
    "gia_lai_future": Bad("a.csv", lambda: csv_bytes([row(**{"Địa phương": "gia-lai", "Kỳ báo cáo": "năm 2027"})]),
                          ("tương lai",), 2, "Kỳ báo cáo"),
    "unparseable_period": Bad("a.xlsx", lambda: xlsx([row(**{"Kỳ báo cáo": "năm ngoái"})]),
                              ("không hiểu kỳ báo cáo", "quý III/2023"), 2, "Kỳ báo cáo"),
    "english_number": Bad("a.csv", lambda: csv_bytes([row(**{V: "1,234.5"})]), ("kiểu tiếng Anh", "1.234"), 2, V),
    "dot_decimal": Bad("a.csv", lambda: csv_bytes([row(**{"Mã chỉ tiêu": "dossiers_on_time_rate", V: "89.3"})]),
                       ("dấu phẩy", "89,3"), 2, V),
    "bad_qualifier": Bad("a.xlsx", lambda: xlsx([row(**{"Định tính": "nhiều"})]),
                         ("định tính hợp lệ", "chính xác"), 2, "Định tính"),
    "bad_scope_class": Bad("a.xlsx", lambda: xlsx([row(**{"Loại phạm vi": "toan_tinh_xyz"})]),
                           ("không có loại phạm vi",), 2, "Loại phạm vi"),
    "utf16_bad_value": Bad("a.csv", lambda: utf16_tab([row(), row(**{V: "mười hai"})]),
                           ("«mười hai» không phải là số",), 3, V),
    "utf8_bom_semicolon_bad_locality": Bad(
        "a.csv", lambda: csv_bytes([row(**{"Địa phương": "Nghệ Tĩnh"})], encoding="utf-8-sig", delimiter=";"),
        ("không tìm thấy địa phương «Nghệ Tĩnh»",), 2, "Địa phương"),
    # ---- file-level
    "file_too_large": Bad("a.csv", lambda: csv_bytes([row()] * 3), ("quá lớn",), file_level=True,
                          patch={"MAX_IMPORT_BYTES": 100}),
    "too_many_rows_patched": Bad("a.xlsx", lambda: xlsx([row()] * 6), ("quá số dòng cho phép", "5"),
                                 file_level=True, patch={"MAX_ROWS": 5}),
    "rows_20001": Bad("a.csv", lambda: csv_bytes([{"Địa phương": "x"}] * 20_001, ["Địa phương*"]),
                      ("20.001 dòng", "20.000"), file_level=True),
    "empty_file": Bad("a.csv", lambda: b"", ("tệp trống",), file_level=True),
    "empty_xlsx": Bad("a.xlsx", lambda: xlsx([], []), ("tệp trống",), file_level=True),
    "header_only_csv": Bad("a.csv", lambda: csv_bytes([]), ("chưa có dòng số liệu nào",), file_level=True),
    "header_only_xlsx": Bad("a.xlsx", lambda: xlsx([]), ("chưa có dòng số liệu nào",), file_level=True),
    "formula_cell": Bad("a.xlsx", lambda: xlsx([row(), row()], post=lambda ws: ws.__setitem__("C3", "=C2*2")),
                        ("công thức", "C3"), 3, V, file_level=True),
    "xlsm_extension": Bad("a.xlsm", lambda: xlsx([row()]), ("tệp có macro",), file_level=True),
    "vba_project_inside_xlsx": Bad("a.xlsx", lambda: with_vba(xlsx([row()])), ("tệp có macro",), file_level=True),
    "xls_extension": Bad("a.xls", lambda: b"\xd0\xcf\x11\xe0" + b"\x00" * 100, ("macro", ".xls"), file_level=True),
    "ods_extension": Bad("a.ods", lambda: b"PK\x03\x04", ("không nhận định dạng «.ods»", ".xlsx", ".csv"),
                         file_level=True),
    "txt_extension": Bad("a.txt", lambda: csv_bytes([row()]), ("không nhận định dạng «.txt»",), file_level=True),
    "corrupt_xlsx": Bad("a.xlsx", lambda: b"this is not a zip file", ("không mở được",), file_level=True),
    "legacy_codepage_csv": Bad("a.csv", lambda: "Dia phuong*,Gia tri*\r\nHà Nam,1\r\n".encode("latin-1"),
                               ("bảng mã", "UTF-8"), file_level=True),
    # ---- Dân vận khéo registry
    "models_bad_field": Bad("m.xlsx", lambda: models_xlsx([mrow(**{"Lĩnh vực": "thể thao"})]),
                            ("không phải là giá trị hợp lệ", "kinh tế"), 2, "Lĩnh vực", models=True),
    "models_bad_status": Bad("m.xlsx", lambda: models_xlsx([mrow(), mrow(**{"Tên mô hình": "B",
                                                                          "Trạng thái": "hoàn thành"})]),
                             ("không phải là giá trị hợp lệ", "điển hình"), 3, "Trạng thái", models=True),
    "models_bad_subject": Bad("m.csv", lambda: csv_bytes([mrow(**{"Tập thể/cá nhân": "hộ gia đình"})],
                                                         list(MODEL_COLUMNS)),
                              ("không phải là giá trị hợp lệ",), 2, "Tập thể/cá nhân", models=True),
    "models_recognised_before_registered": Bad(
        "m.xlsx", lambda: models_xlsx([mrow(**{"Năm đăng ký": "2022", "Năm công nhận": "2020"})]),
        ("trước năm đăng ký",), 2, "Năm công nhận", models=True),
    "models_year_future": Bad("m.xlsx", lambda: models_xlsx([mrow(**{"Năm đăng ký": 2030, "Năm công nhận": None})]),
                              ("tương lai",), 2, "Năm đăng ký", models=True),
    "models_year_not_number": Bad("m.csv", lambda: csv_bytes([mrow(**{"Năm đăng ký": "hai nghìn"})],
                                                             list(MODEL_COLUMNS)),
                                  ("không phải là năm",), 2, "Năm đăng ký", models=True),
    "models_duplicate_in_file": Bad("m.xlsx", lambda: models_xlsx([mrow(), mrow(**{"Địa phương": "Huong Tra"})]),
                                    ("trùng với dòng 2",), 3, "Tên mô hình", models=True),
    "models_duplicate_existing": Bad("m.xlsx", lambda: models_xlsx([mrow(**{"Tên mô hình": "chinh quyen than thien",
                                                                            "Năm đăng ký": "2022",
                                                                            "Năm công nhận": "2023"})]),
                                     ("đã có trong danh sách",), 2, "Tên mô hình", models=True),
    "models_missing_name_column": Bad("m.xlsx", lambda: models_xlsx([mrow()], list(MODEL_COLUMNS[1:])),
                                      ("thiếu cột bắt buộc",), None, "Tên mô hình", models=True),
    "models_unknown_locality": Bad("m.xlsx", lambda: models_xlsx([mrow(**{"Địa phương": "Hoan Kiem 2"})]),
                                   ("không tìm thấy địa phương", "Hoàn Kiếm"), 2, "Địa phương", models=True),
}


@pytest.mark.parametrize("case_id", list(BAD))
def test_bad_file(case_id: str, ctx: ImportContext, monkeypatch: pytest.MonkeyPatch) -> None:
    case = BAD[case_id]
    for name, value in (case.patch or {}).items():
        monkeypatch.setattr(reading, name, value)
    data = case.data()
    if case.file_level:
        with pytest.raises(ImportFileError) as info:
            read_table(case.name, data)
        problems = info.value.problems
    else:
        table = read_table(case.name, data)
        check = validate_models if case.models else validate
        plan = check(table, ctx, file_name=case.name, today=TODAY)
        assert not plan.ok
        problems = plan.problems
        assert case.row is None or case.row in plan.error_rows
    matching = [p for p in problems if all(w in p.text for w in case.words)]
    assert matching, [p.text for p in problems]
    if not case.file_level or case.row is not None:
        assert (matching[0].row, matching[0].column) == (case.row, case.column), matching[0].text


def test_corpus_is_large_enough() -> None:
    assert len(BAD) >= 30


def test_problem_text_is_for_a_person(ctx: ImportContext) -> None:
    plan = validate(read_table("a.xlsx", xlsx([row(), row(**{V: "mười hai"})])), ctx, file_name="a.xlsx",
                    today=TODAY)
    assert [p.text for p in plan.problems] == [
        ("Dòng 3, cột «Giá trị»: «mười hai» không phải là số. Cách sửa: ghi số theo kiểu Việt Nam, "
        "ví dụ 1.234 hoặc 12,5 (dấu chấm ngăn hàng nghìn, dấu phẩy thập phân).")]
    assert plan.summary_vi() == "Thêm 1, thay thế 0 (cần xác nhận), bỏ qua 0 dòng đã có, 1 dòng lỗi"


def test_all_problems_are_collected(ctx: ImportContext) -> None:
    rows = [row(**{V: "abc"}), row(**{"Địa phương": "Tra Vin", "Kỳ báo cáo": "năm 2030"}), row(**{V: "-1"})]
    plan = validate(read_table("a.csv", csv_bytes(rows)), ctx, file_name="a.csv", today=TODAY)
    assert plan.error_rows == [2, 3, 4]
    assert {(p.row, p.column) for p in plan.problems} >= {(2, V), (3, "Kỳ báo cáo"), (4, V)}
    assert plan.to_add == []


def test_missing_column_plans_nothing(ctx: ImportContext) -> None:
    plan = validate(read_table("a.csv", csv_bytes([row()], without("Phạm vi"))), ctx, file_name="a.csv", today=TODAY)
    assert plan.to_add == [] and [(p.row, p.column) for p in plan.problems] == [(None, "Phạm vi")]
    assert plan.summary_vi().endswith("0 dòng lỗi, 1 lỗi chung của tệp")


def test_title_rows_above_the_header_are_skipped(ctx: ImportContext) -> None:
    def title(ws) -> None:
        ws.insert_rows(1, 2)
        ws["A1"] = "BÁO CÁO SỐ LIỆU DÂN VẬN NĂM 2021"
    table = read_table("a.xlsx", xlsx([row(), row(**{V: "x"})], post=title))
    assert table.header_row == 3 and [r.number for r in table.rows] == [4, 5]
    plan = validate(table, ctx, file_name="a.xlsx", today=TODAY)
    assert [(p.row, p.column) for p in plan.problems] == [(5, V)]


def test_excel_percent_cell_and_date_in_period_cell(ctx: ImportContext) -> None:
    def typed(ws) -> None:
        ws["C2"] = 0.893
        ws["C2"].number_format = "0.0%"
        ws["E3"] = datetime(2023, 5, 1)
    rows = [row(**{"Mã chỉ tiêu": "dossiers_on_time_rate"}), row(**{"Kỳ báo cáo": "x"})]
    plan = validate(read_table("a.xlsx", xlsx(rows, post=typed)), ctx, file_name="a.xlsx", today=TODAY)
    assert [(p.row, p.column) for p in plan.problems] == [(3, "Kỳ báo cáo")]
    assert "Excel đã đổi ô kỳ báo cáo thành ngày 01/05/2023" in plan.problems[0].text
    assert plan.to_add[0]["value"] == pytest.approx(89.3)


def test_numerator_on_a_count_is_ignored_with_a_warning(ctx: ImportContext) -> None:
    plan = validate(read_table("a.csv", csv_bytes([row(**{"Tử số": "3"})])), ctx, file_name="a.csv", today=TODAY)
    assert plan.ok and [(w.row, w.column) for w in plan.warnings] == [(2, "Tử số")]


# ---------------------------------------------------------------------------- existing figures


def _existing_row(ctx: ImportContext, obs_id: str) -> dict[str, object]:
    old = ctx.existing.set_index("obs_id").loc[obs_id]
    return row(**{"Địa phương": "Hương Trà", "Mã chỉ tiêu": old["indicator_code"], "Kỳ báo cáo": "năm 2020",
                  "Loại phạm vi": old["scope_class"], "Phạm vi": old["scope_vi"], V: "66"})


def test_identical_row_is_skipped_and_different_value_is_a_conflict(ctx: ImportContext) -> None:
    same = _existing_row(ctx, "O0005")  # huong-tra-2011, 2020, 66 lượt
    changed = {**_existing_row(ctx, "O0005"), V: "70", "Phạm vi": same["Phạm vi"].upper()}
    new = row()
    plan = validate(read_table("a.xlsx", xlsx([same, new])), ctx, file_name="a.xlsx", today=TODAY)
    assert plan.ok and plan.unchanged == [2] and len(plan.to_add) == 1 and plan.conflicts == []
    plan = validate(read_table("a.xlsx", xlsx([changed])), ctx, file_name="a.xlsx", today=TODAY)
    assert plan.ok, [p.text for p in plan.problems]
    assert plan.to_add == [] and plan.unchanged == []
    [conflict] = plan.conflicts
    assert conflict["row"] == 2 and conflict["existing_obs_id"] == "O0005"
    assert conflict["existing_value"] == 66 and conflict["new_value"] == 70
    assert conflict["observation"]["locality_id"] == "huong-tra-2011"
    assert plan.summary_vi() == "Thêm 0, thay thế 1 (cần xác nhận), bỏ qua 0 dòng đã có, 0 dòng lỗi"


def test_rate_mismatch_is_a_warning_and_stated_figure_kept(ctx: ImportContext) -> None:
    data = xlsx([row(**{"Mã chỉ tiêu": "dossiers_on_time_rate", V: "90", "Tử số": "9.027", "Mẫu số": "10.104"})])
    plan = validate(read_table("a.xlsx", data), ctx, file_name="a.xlsx", today=TODAY)
    assert plan.ok and plan.to_add[0]["value"] == 90
    [warning] = plan.warnings
    assert (warning.row, warning.column) == (2, V) and "89,34%" in warning.text
    ok = xlsx([row(**{"Mã chỉ tiêu": "dossiers_on_time_rate", V: "89,3", "Tử số": "9.027", "Mẫu số": "10.104"})])
    assert validate(read_table("a.xlsx", ok), ctx, file_name="a.xlsx", today=TODAY).warnings == []


def test_extra_columns_are_ignored_with_a_warning(ctx: ImportContext) -> None:
    data = csv_bytes([{**row(), "Người nhập": "An"}], [*IMPORT_COLUMNS, "Người nhập"],
                     labels=[*LABELS, "Người nhập"])
    plan = validate(read_table("a.csv", data), ctx, file_name="a.csv", today=TODAY)
    assert plan.ok and len(plan.to_add) == 1
    assert [(w.row, w.column) for w in plan.warnings] == [(None, "Người nhập")]


def test_headers_match_without_case_diacritics_or_star(ctx: ImportContext) -> None:
    headers = ["dia phuong", "MA CHI TIEU", "gia tri *", "Ky bao cao", "pham vi", "NGUON"]
    labels = ["Địa phương", "Mã chỉ tiêu", "Giá trị", "Kỳ báo cáo", "Phạm vi", "Nguồn"]
    plan = validate(read_table("a.csv", csv_bytes([row()], headers, labels=labels)), ctx, file_name="a.csv",
                    today=TODAY)
    assert plan.ok and plan.warnings == [] and plan.to_add[0]["value"] == 1234


# ---------------------------------------------------------------------------- good files

GOOD = [
    row(**{"Địa phương": "TP Hà Nội", "Mã chỉ tiêu": "counterpart_funds_disbursed", V: "1.234,5",
           "Đơn vị": "tỷ đồng", "Kỳ báo cáo": "6 tháng đầu năm 2022", "Vị trí trong nguồn": "mục II"}),
    row(**{"Địa phương": "tinh Gia Lai", "Mã chỉ tiêu": "dossiers_on_time_rate", V: "12,5%",
           "Kỳ báo cáo": "quý III/2023", "Loại phạm vi": "Trung tâm hành chính công cấp huyện",
           "Tử số": "125", "Mẫu số": "1.000"}),
    row(**{"Địa phương": "Thị xã Hương Trà", "Định tính": "hơn", "Ghi chú": "số làm tròn"}),
    row(**{"Địa phương": "Huong Tra", "Mã chỉ tiêu": "party_members", V: "167", "Kỳ báo cáo": None,
           "Đến ngày": "31/10/2020", "Loại phạm vi": "dang_bo_co_quan"}),
    row(**{"Địa phương": "Nghệ An", "Mã chỉ tiêu": "petitions_received", V: "20.985", "Kỳ báo cáo": None,
           "Từ ngày": "01/06/2022", "Đến ngày": "31/05/2023", "Định tính": "khoảng",
           "Nguồn": "Đảng ủy Khối các cơ quan tỉnh thực hiện tốt công tác dân vận", "Cơ quan ban hành": None}),
    row(**{"Địa phương": "tra-vinh", "Mã chỉ tiêu": "poverty_rate", V: "0,04", "Đơn vị": "%",
           "Kỳ báo cáo": "giai đoạn 2016–2020", "Nguồn": "Nguồn thứ hai", "Số hiệu hoặc đường dẫn": "https://x.vn/a",
           "Ngày ban hành": "15/11/2021"}),
]
D = date
EXPECTED = [
    ("ha-noi", "counterpart_funds_disbursed", D(2022, 1, 1), D(2022, 6, 30), 1234.5, "exact", "toan_dia_ban", "NEW1"),
    ("gia-lai", "dossiers_on_time_rate", D(2023, 7, 1), D(2023, 9, 30), 12.5, "exact", "trung_tam_hcc", "NEW1"),
    ("huong-tra-2021", "citizen_reception_visits", D(2021, 1, 1), D(2021, 12, 31), 1234, "hon", "toan_dia_ban",
     "NEW1"),
    ("huong-tra-2011", "party_members", None, D(2020, 10, 31), 167, "exact", "dang_bo_co_quan", "NEW1"),
    ("nghe-an", "petitions_received", D(2022, 6, 1), D(2023, 5, 31), 20985, "gan", "toan_dia_ban", "S05"),
    ("tra-vinh", "poverty_rate", D(2016, 1, 1), D(2020, 12, 31), 0.04, "exact", "toan_dia_ban", "NEW2"),
]


def _excel_typed(ws) -> None:
    """Make some cells real Excel numbers and dates, as a user's workbook would have them."""
    ws["C5"] = 167
    ws["G5"] = datetime(2020, 10, 31)
    ws["G5"].number_format = "DD/MM/YYYY"
    ws["C6"] = 20985.0


GOOD_FILES = {
    "xlsx": ("a.xlsx", lambda: xlsx(GOOD, post=_excel_typed)),
    "csv_utf8": ("a.csv", lambda: csv_bytes(GOOD)),
    "csv_utf8_bom": ("a.csv", lambda: csv_bytes(GOOD, encoding="utf-8-sig")),
    "csv_utf8_semicolon": ("a.csv", lambda: csv_bytes(GOOD, delimiter=";")),
    "csv_utf16_tab": ("a.csv", lambda: utf16_tab(GOOD)),
}


@pytest.mark.parametrize("kind", list(GOOD_FILES))
def test_good_file(kind: str, ctx: ImportContext) -> None:
    name, build = GOOD_FILES[kind]
    table = read_table(name, build())
    assert [r.number for r in table.rows] == [2, 3, 4, 5, 6, 7]
    plan = validate(table, ctx, file_name=name, today=TODAY)
    assert plan.ok, [p.text for p in plan.problems]
    assert plan.warnings == [] and plan.conflicts == [] and plan.unchanged == []
    got = [(o["locality_id"], o["indicator_code"], o["period_start"], o["period_end"], o["value"], o["qualifier"],
            o["scope_class"], o["source_key"]) for o in plan.to_add]
    assert got == EXPECTED
    assert [o["row"] for o in plan.to_add] == [2, 3, 4, 5, 6, 7]
    first = plan.to_add[0]
    assert first["source_id"] is None and first["locator"] == "mục II" and first["scope_vi"] == BASE["Phạm vi"]
    assert plan.to_add[2]["note_vi"] == "số làm tròn" and plan.to_add[4]["source_id"] == "S05"
    assert set(plan.new_sources) == {"NEW1", "NEW2"}
    assert plan.new_sources["NEW1"]["title"] == BASE["Nguồn"] and plan.new_sources["NEW1"]["rows"] == [2, 3, 4, 5]
    assert plan.new_sources["NEW2"]["url"] == "https://x.vn/a"
    assert plan.new_sources["NEW2"]["published_date"] == D(2021, 11, 15)
    assert plan.summary_vi() == "Thêm 6, thay thế 0 (cần xác nhận), bỏ qua 0 dòng đã có, 0 dòng lỗi"


def test_blank_rows_are_skipped_and_numbers_kept() -> None:
    table = read_table("a.csv", csv_bytes([row(), {}, row()]))
    assert [r.number for r in table.rows] == [2, 4]


def test_good_models_file(ctx: ImportContext) -> None:
    rows = [mrow(), mrow(**{"Tên mô hình": "Mô hình 2", "Địa phương": "ha-noi", "Lĩnh vực": "Văn hóa – xã hội",
                            "Trạng thái": None, "Năm công nhận": None, "Tập thể/cá nhân": "Ca nhan"})]
    plan = validate_models(read_table("m.xlsx", models_xlsx(rows)), ctx, file_name="m.xlsx", today=TODAY)
    assert plan.ok, [p.text for p in plan.problems]
    a, b = plan.to_add
    assert (a["locality_id"], a["year_registered"], a["year_recognised"], a["field"], a["subject"], a["status"]) == (
        "huong-tra-2021", 2020, 2021, "kinh_te", "tap_the", "cong_nhan")
    assert (b["field"], b["subject"], b["status"], b["row"]) == ("van_hoa_xa_hoi", "ca_nhan", "dang_ky", 3)
    assert plan.summary_vi() == "Thêm 2 mô hình, 0 dòng lỗi"


# ---------------------------------------------------------------------------- templates


def test_template_opens_and_parses_as_empty(ctx: ImportContext) -> None:
    data = template_xlsx(ctx.catalogue, ctx.localities, ctx.scope_classes)
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Nhập số liệu", "Hướng dẫn", "Danh mục"]
    ws = wb["Nhập số liệu"]
    assert [c.value for c in ws[1]] == list(IMPORT_COLUMNS)
    assert ws["A1"].font.bold and ws.freeze_panes == "A2" and ws.max_row == 1
    assert len(ws.data_validations.dataValidation) == 2
    help_text = " ".join(str(c.value) for r in wb["Hướng dẫn"].iter_rows() for c in r if c.value)
    assert "15/11" in help_text and "14/CT-UBND" in help_text and "1.234" in help_text
    lists = " ".join(str(c.value) for r in wb["Danh mục"].iter_rows() for c in r if c.value)
    assert "gia-lai" in lists and "dossiers_on_time_rate" in lists and "trung_tam_hcc" in lists
    with pytest.raises(ImportFileError) as info:
        read_table("mau.xlsx", data)
    assert "chưa có dòng số liệu nào" in str(info.value)


def test_filled_template_is_accepted(ctx: ImportContext) -> None:
    wb = load_workbook(io.BytesIO(template_xlsx(ctx.catalogue, ctx.localities, ctx.scope_classes)))
    wb["Nhập số liệu"].append([row().get(label) for label in LABELS])
    buffer = io.BytesIO()
    wb.save(buffer)
    plan = validate(read_table("mau.xlsx", buffer.getvalue()), ctx, file_name="mau.xlsx", today=TODAY)
    assert plan.ok and plan.sheet == "Nhập số liệu" and len(plan.to_add) == 1


def test_model_template(ctx: ImportContext) -> None:
    data = model_template_xlsx(ctx.localities)
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames[0] == "Mô hình"
    assert [c.value for c in wb["Mô hình"][1]] == list(MODEL_COLUMNS)
    with pytest.raises(ImportFileError, match="chưa có dòng số liệu nào"):
        read_table("mo_hinh.xlsx", data)


# ---------------------------------------------------------------------------- value parsers


@pytest.mark.parametrize(("text", "expected"), [
    ("1.234,5", (1234.5, False)), ("1.234", (1234, False)), ("12,5%", (12.5, True)), ("20.985", (20985, False)),
    ("0,04", (0.04, False)), ("-3", (-3, False)), (" 1 234 ", (1234, False)), (7, (7, False)), (2.5, (2.5, False)),
    ("1.234.567", (1234567, False)), ("−3", (-3, False)),
])
def test_parse_number(text: object, expected: tuple[float, bool]) -> None:
    assert number_and_percent(text) == expected
    assert parse_number(text) == expected[0]


@pytest.mark.parametrize("text", ["1,234.5", "1,234,567", "12.5", "abc", "", "1.23.4", True])
def test_parse_number_rejects(text: object) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


@pytest.mark.parametrize(("text", "start", "end"), [
    ("năm 2021", D(2021, 1, 1), D(2021, 12, 31)), ("2021", D(2021, 1, 1), D(2021, 12, 31)),
    ("6 tháng đầu năm 2022", D(2022, 1, 1), D(2022, 6, 30)), ("9 tháng năm 2023", D(2023, 1, 1), D(2023, 9, 30)),
    ("6 tháng cuối năm 2022", D(2022, 7, 1), D(2022, 12, 31)),
    ("quý III/2023", D(2023, 7, 1), D(2023, 9, 30)), ("Quý 3 năm 2023", D(2023, 7, 1), D(2023, 9, 30)),
    ("quy iv/2020", D(2020, 10, 1), D(2020, 12, 31)), ("tháng 5/2023", D(2023, 5, 1), D(2023, 5, 31)),
    ("tháng 2 năm 2024", D(2024, 2, 1), D(2024, 2, 29)), ("2016-2020", D(2016, 1, 1), D(2020, 12, 31)),
    ("giai đoạn 2016–2020", D(2016, 1, 1), D(2020, 12, 31)), ("đến 31/10/2021", None, D(2021, 10, 31)),
    ("tính đến ngày 31/10/2021", None, D(2021, 10, 31)),
    ("01/06/2022 - 31/05/2023", D(2022, 6, 1), D(2023, 5, 31)),
    ("từ 01/06/2022 đến 31/05/2023", D(2022, 6, 1), D(2023, 5, 31)), ("NAM 2021", D(2021, 1, 1), D(2021, 12, 31)),
    (2021, D(2021, 1, 1), D(2021, 12, 31)),
])
def test_parse_period(text: object, start: date | None, end: date) -> None:
    assert parse_period(text) == (start, end)


@pytest.mark.parametrize("text", ["năm ngoái", "quý V/2023", "tháng 13/2023", "2020-2016", "13 tháng năm 2023"])
def test_parse_period_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_period(text)


def test_parse_date_and_qualifier() -> None:
    assert parse_date("31/12/2021") == D(2021, 12, 31) == parse_date(datetime(2021, 12, 31))
    assert parse_date("2021-12-31") == D(2021, 12, 31)
    with pytest.raises(ValueError, match="không tồn tại"):
        parse_date("30/02/2021")
    assert [parse_qualifier(q) for q in (None, "chính xác", "Trên", "khoảng", "dưới", "hon")] == [
        "exact", "exact", "hon", "gan", "duoi", "hon"]


@pytest.mark.parametrize(("text", "when", "expected"), [
    ("TP Hà Nội", D(2021, 1, 1), "ha-noi"), ("Thành phố Hà Nội", D(2021, 1, 1), "ha-noi"),
    ("tinh Gia Lai", D(2021, 1, 1), "gia-lai"), ("Tỉnh Gia Lai", D(2026, 1, 1), "gia-lai-2025"),
    ("Thị xã Hương Trà", D(2020, 5, 1), "huong-tra-2011"), ("Huong Tra", D(2022, 5, 1), "huong-tra-2021"),
    ("TX. Hương Trà", D(2021, 7, 1), "huong-tra-2021"), ("quận hoàn kiếm", D(2020, 1, 1), "hoan-kiem"),
    ("Thừa Thiên Huế", D(2025, 3, 1), "hue-2025"), ("nghe-an", None, "nghe-an"),
])
def test_match_locality(ctx: ImportContext, text: str, when: date | None, expected: str) -> None:
    assert match_locality(text, ctx.localities, when) == (expected, None)


def test_match_locality_unknown_and_out_of_vintage(ctx: ImportContext) -> None:
    assert match_locality("Tra Vin", ctx.localities, D(2021, 1, 1)) == (None, "Có phải «Trà Vinh»?")
    assert match_locality("Cà Mau", ctx.localities, D(2021, 1, 1)) == (None, None)
    with pytest.raises(ValueError, match="30/06/2025"):
        match_locality("Trà Vinh", ctx.localities, D(2025, 8, 1))
