"""Issue 14, point 3: implausible figures are refused, or asked about, never imported silently.

* Pure rules: digits outside ASCII 0–9 and absurd magnitudes refused by the number parser;
  the three questions (a decimal for a count, a percentage below 1 where the stored ones are
  1–100, a figure far above the largest stored at its level) of danvan.importing.plausibility.
* A corpus of small case files made here (.csv and .xlsx, text and Excel number cells), each
  checked by the pure validator: refused (with the row, the column and the character or size
  named), asked about, or accepted.
* The pipeline against a real database: the database is unchanged until the editor confirms,
  the confirmation is recorded in the audit log; the same for a staff spreadsheet, the command
  line's --xac-nhan and the Nhập dữ liệu page's confirmation box.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pandas as pd
import pytest
from openpyxl import Workbook
from sqlalchemy import select

from danvan import cli
from danvan.data.models import AuditEntry
from danvan.importing import read_table, validate
from danvan.importing import service as import_service
from danvan.importing.batches import ConfirmationNeeded, data_checksum
from danvan.importing.plausibility import (
    FAR_FACTOR,
    MIN_STORED,
    StoredRange,
    ask,
    decimal_count,
    exact,
    far_outside,
    is_whole_indicator,
    ranges_of,
    small_percent,
)
from danvan.importing.values import (
    MAX_SIGNIFICANT,
    ForeignDigit,
    ImplausibleMagnitude,
    foreign_digit,
    number_and_percent,
    significant_digits,
)
from tests.test_import_pipeline import cli_db  # noqa: F401 - the command line's own database
from tests.test_import_validation import IMPORT_COLUMNS, csv_bytes, row
from tests.test_import_validation import ctx as _ctx

TODAY = date(2026, 12, 1)
VISITS = {"code": "citizen_reception_visits", "name_vi": "Lượt công dân được tiếp", "unit": "luot",
          "unit_label": "lượt", "kind": "count", "unit_decimals": 0}
RATE = {"code": "dossiers_on_time_rate", "name_vi": "Tỷ lệ hồ sơ giải quyết đúng hạn", "unit": "phan_tram",
        "unit_label": "%", "kind": "rate", "unit_decimals": 2}
MONEY = {"code": "counterpart_funds_disbursed", "name_vi": "Vốn đối ứng", "unit": "ty_dong",
         "unit_label": "tỷ đồng", "kind": "amount", "unit_decimals": 3}


# ---------------------------------------------------------------------------- the number parser


@pytest.mark.parametrize(("text", "character"), [
    ("١٢٣٤", "١"),  # Arabic-Indic
    ("۱۲۳", "۱"),  # Extended Arabic-Indic (Persian)
    ("１２３", "１"),  # full-width
    ("1.２34", "２"),  # one full-width digit among ASCII ones
    ("12³", "³"),  # superscript: float() refuses it, but with an English message
    ("१२३", "१"),  # Devanagari
    ("①", "①"),  # circled
    ("12,５%", "５"),
])
def test_digits_outside_ascii_are_refused_naming_the_character(text: str, character: str) -> None:
    assert foreign_digit(text) == character
    with pytest.raises(ForeignDigit) as caught:
        number_and_percent(text)
    assert f"«{character}»" in str(caught.value) and f"U+{ord(character):04X}" in str(caught.value)
    assert caught.value.character == character


@pytest.mark.parametrize(("column", "text"), [("Kỳ báo cáo", "năm ٢٠٢١"), ("Kỳ báo cáo", "năm ２０２１"),
                                            ("Đến ngày", "31/12/２０２１")])
def test_foreign_digits_in_a_period_or_a_date_are_refused_too(column: str, text: str, ctx) -> None:
    changes = {column: text} if column == "Kỳ báo cáo" else {"Kỳ báo cáo": None, column: text}
    plan = validate(read_table("a.csv", csv_bytes([row(**changes)])), ctx, file_name="a.csv", today=TODAY)
    assert [(p.row, p.column) for p in plan.problems] == [(2, column)]
    assert f"«{foreign_digit(text)}»" in plan.problems[0].text and not plan.to_add


def test_python_itself_would_read_those_digits() -> None:
    """Why the check is needed: float() and int() take any script's decimal digits."""
    assert float("١٢٣٤") == 1234 and int("１２３") == 123


@pytest.mark.parametrize("value", [
    "1" * 400, "9" * 16, "1.000.000.000.000.001", "-" + "1" * 400, 10 ** 400, float("inf"), float("-inf"),
    float("nan"), 2e15, "12,3456789012345678", "0,1234567890123456",
])
def test_absurd_magnitudes_are_refused(value: object) -> None:
    with pytest.raises(ImplausibleMagnitude):
        number_and_percent(value)


@pytest.mark.parametrize(("value", "expected"), [
    ("999.999.999.999.999", 999_999_999_999_999.0), ("0,000123", 0.000123), ("1.234,5", 1234.5),
    ("12,5", 12.5), (1e14, 1e14), ("100,000000", 100.0),
])
def test_large_but_real_figures_pass(value: object, expected: float) -> None:
    assert number_and_percent(value)[0] == pytest.approx(expected)


@pytest.mark.parametrize(("body", "digits"), [
    ("1.234", 4), ("1000", 1), ("0,000123", 3), ("12,50", 3), ("1,23456789012345678", 18), ("0", 0),
])
def test_significant_digits(body: str, digits: int) -> None:
    assert significant_digits(body) == digits


def test_the_significant_digit_limit_is_exact() -> None:
    assert number_and_percent("0," + "1" * MAX_SIGNIFICANT)[0] == pytest.approx(0.111111111111111)
    with pytest.raises(ImplausibleMagnitude, match=f"{MAX_SIGNIFICANT + 1} chữ số có nghĩa"):
        number_and_percent("0," + "1" * (MAX_SIGNIFICANT + 1))


# ---------------------------------------------------------------------------- the three questions


def test_a_decimal_for_a_count_is_asked() -> None:
    question = decimal_count(12.5, VISITS)
    assert question is not None and "12,5 lượt" in question and question.endswith("?")
    assert decimal_count(12.0, VISITS) is None
    assert decimal_count(12.5, MONEY) is None  # tỷ đồng has decimals
    assert decimal_count(12.5, RATE) is None
    assert decimal_count(12.5, {**VISITS, "unit_decimals": 1}) is None  # a unit shown with decimals (ha)
    assert is_whole_indicator({**VISITS, "kind": "stock", "unit": "nguoi"})
    assert not is_whole_indicator({**VISITS, "kind": "measure"})


def test_a_percentage_below_one_is_asked_when_the_stored_ones_are_one_to_a_hundred() -> None:
    stored = StoredRange(4, 89.3, 99.42)
    question = small_percent(0.893, RATE, stored)
    assert question is not None and "0,893 hay 89,3%?" in question and "89,3% đến 99,42%" in question
    assert small_percent(0.893, RATE, StoredRange(3, 0.2, 5.7)) is None  # the stored ones go below 1 too
    assert small_percent(0.893, RATE, None) is None  # nothing stored: nothing to compare
    assert small_percent(0, RATE, stored) is None
    assert small_percent(1.5, RATE, stored) is None
    assert small_percent(0.893, VISITS, stored) is None


def test_a_figure_far_above_the_stored_ones_at_its_level_is_asked_with_the_maximum() -> None:
    stored = StoredRange(4, 119, 6353)
    question = far_outside(70_000, VISITS, "tinh", stored)
    assert question is not None and "6.353 lượt" in question and "cấp tỉnh" in question
    assert f"{FAR_FACTOR} lần" in question
    assert far_outside(FAR_FACTOR * 6353, VISITS, "tinh", stored) is None
    assert far_outside(70_000, VISITS, "tinh", None) is None
    assert far_outside(70_000, VISITS, "tinh", StoredRange(5, 0, 0)) is None
    assert far_outside(70_000, VISITS, "tinh", StoredRange(MIN_STORED - 1, 119, 6353)) is None  # too few to tell
    assert far_outside(95, RATE, "tinh", StoredRange(2, 1, 5)) is None  # percentages: their own rules


def test_exact_keeps_every_decimal() -> None:
    assert exact(0.893) == "0,893" and exact(89.3) == "89,3" and exact(1234.0) == "1.234"


def test_ask_locates_each_question_and_uses_the_level_of_the_unit() -> None:
    catalogue = pd.DataFrame([VISITS, RATE])
    localities = pd.DataFrame({"locality_id": ["nghe-an", "xa-1"], "level": ["tinh", "xa"]})
    stored = pd.DataFrame({"indicator_code": ["citizen_reception_visits"] * 3 + ["dossiers_on_time_rate"],
                           "locality_id": ["nghe-an"] * 4, "value": [119.0, 2000.0, 6353.0, 95.0]})
    ranges = ranges_of(stored, localities)
    assert ranges.to_dict("records")[0] == {"indicator_code": "citizen_reception_visits", "level": "tinh",
                                            "n": 3, "low": 119.0, "high": 6353.0}
    rows = [{"row": 2, "locality_id": "nghe-an", "indicator_code": "citizen_reception_visits", "value": 70_000.5},
            {"row": 3, "locality_id": "xa-1", "indicator_code": "citizen_reception_visits", "value": 70_000},
            {"row": 4, "locality_id": "xa-1", "indicator_code": "dossiers_on_time_rate", "value": 0.5}]
    questions = ask(rows, catalogue, dict(zip(localities["locality_id"], localities["level"], strict=True)),
                    ranges, sheet="S", column="Giá trị")
    assert [(q.row, q.rule, q.column, q.sheet) for q in questions] == [
        (2, "so_le", "Giá trị", "S"), (2, "ngoai_khoang", "Giá trị", "S"), (4, "ty_le_nho", "Giá trị", "S")]
    # row 3: nothing stored at the level of a xã, so no comparison with a province's figures


# ---------------------------------------------------------------------------- case files


def _xlsx(rows: list[dict[str, object]], numbers: dict[str, object] | None = None,
          raw_xml: dict[str, str] | None = None) -> bytes:
    """The template's columns; ``numbers``: cell -> an Excel number; ``raw_xml``: a number put
    into the sheet's XML as Excel would store it (openpyxl cannot write 400 digits)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Nhập số liệu"
    ws.append(IMPORT_COLUMNS)
    labels = [h.rstrip("*") for h in IMPORT_COLUMNS]
    for r in rows:
        ws.append([r.get(label) for label in labels])
    for cell, value in (numbers or {}).items():
        ws[cell] = value
    for cell in raw_xml or {}:
        ws[cell] = 424242
    out = io.BytesIO()
    wb.save(out)
    if not raw_xml:
        return out.getvalue()
    source = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    patched = io.BytesIO()
    with zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                for cell, number in raw_xml.items():
                    text = re.sub(rf'(<c r="{cell}"[^>]*><v>)424242(</v>)', rf"\g<1>{number}\g<2>", text)
                data = text.encode()
            target.writestr(item, data)
    return patched.getvalue()


V = "Giá trị"
RATE_ROW = {"Mã chỉ tiêu": "dossiers_on_time_rate", "Kỳ báo cáo": "năm 2019"}
VALUE_CELL = f"{chr(ord('A') + IMPORT_COLUMNS.index('Giá trị*'))}2"  # «Giá trị» of the first row: C2


@dataclass
class Case:
    name: str
    build: Callable[[], bytes]
    outcome: str  # refused | asked | accepted
    words: tuple[str, ...] = ()
    rule: str = ""


CASES = {
    # refused: not a real number at all
    "csv_400_digits": Case("a.csv", lambda: csv_bytes([row(**{V: "1" * 400})]), "refused", ("quá lớn",)),
    "csv_400_digits_grouped": Case("a.csv", lambda: csv_bytes([row(**{V: "1" + ".000" * 133})]), "refused",
                                   ("quá lớn",)),
    "csv_16_significant": Case("a.csv", lambda: csv_bytes([row(**{V: "1,234567890123456789"})]), "refused",
                               ("chữ số có nghĩa",)),
    "csv_arabic_indic": Case("a.csv", lambda: csv_bytes([row(**{V: "١٢٣٤"})]), "refused", ("«١»", "U+0661")),
    "csv_persian": Case("a.csv", lambda: csv_bytes([row(**{V: "۱۲۳"})]), "refused", ("«۱»",)),
    "csv_full_width": Case("a.csv", lambda: csv_bytes([row(**{V: "１２３"})]), "refused", ("«１»", "toàn khổ")),
    "csv_superscript": Case("a.csv", lambda: csv_bytes([row(**{V: "12²"})]), "refused", ("«²»", "chữ số mũ")),
    "csv_devanagari": Case("a.csv", lambda: csv_bytes([row(**{V: "१२"})]), "refused", ("«१»",)),
    "csv_utf16_full_width": Case("a.csv", lambda: csv_bytes([row(**{V: "1.２３４"})], encoding="utf-16"),
                                 "refused", ("«２»",)),
    "csv_full_width_percent": Case("a.csv", lambda: csv_bytes([row(**RATE_ROW, **{V: "８９,３%"})]), "refused",
                                   ("«８»",)),
    "xlsx_400_digit_number_cell": Case("a.xlsx", lambda: _xlsx([row()], raw_xml={VALUE_CELL: "1" * 400}),
                                       "refused", ("hữu hạn",)),
    "xlsx_1e400_number_cell": Case("a.xlsx", lambda: _xlsx([row()], raw_xml={VALUE_CELL: "1E+400"}), "refused",
                                   ("hữu hạn",)),
    "xlsx_2e15_number_cell": Case("a.xlsx", lambda: _xlsx([row()], numbers={VALUE_CELL: 2e15}), "refused",
                                  ("quá lớn",)),
    "xlsx_arabic_text_cell": Case("a.xlsx", lambda: _xlsx([row(**{V: "١٢٣"})]), "refused", ("«١»",)),
    "xlsx_full_width_text_cell": Case("a.xlsx", lambda: _xlsx([row(**{V: "１２３"})]), "refused", ("«１»",)),
    # asked: a real number that may not be what the source says
    "csv_decimal_count": Case("a.csv", lambda: csv_bytes([row(**{V: "12,5"})]), "asked", ("12,5 lượt",), "so_le"),
    "xlsx_decimal_count_number_cell": Case("a.xlsx", lambda: _xlsx([row()], numbers={VALUE_CELL: 12.5}), "asked",
                                           ("12,5 lượt",), "so_le"),
    "csv_decimal_stock": Case("a.csv", lambda: csv_bytes([row(**{"Mã chỉ tiêu": "party_members", V: "167,5"})]),
                              "asked", ("167,5 người",), "so_le"),
    "csv_small_percent": Case("a.csv", lambda: csv_bytes([row(**RATE_ROW, **{V: "0,893"})]), "asked",
                              ("0,893 hay 89,3%?",), "ty_le_nho"),
    "xlsx_small_percent_number_cell": Case("a.xlsx", lambda: _xlsx([row(**RATE_ROW)], numbers={VALUE_CELL: 0.893}),
                                           "asked", ("0,893 hay 89,3%?",), "ty_le_nho"),
    "csv_small_percent_sign": Case("a.csv", lambda: csv_bytes([row(**RATE_ROW, **{V: "0,5%"})]), "asked",
                                   ("0,5 hay 50%?",), "ty_le_nho"),
    "csv_far_above_province": Case("a.csv", lambda: csv_bytes([row(**{"Địa phương": "Tỉnh Nghệ An", V: "70.000",
                                                                      "Kỳ báo cáo": "năm 2020"})]),
                                   "asked", ("6.353 lượt", "cấp tỉnh"), "ngoai_khoang"),
    "xlsx_far_above_province": Case("a.xlsx", lambda: _xlsx([row(**{"Địa phương": "Tỉnh Nghệ An",
                                                                    "Kỳ báo cáo": "năm 2020"})],
                                                            numbers={VALUE_CELL: 1_000_000}),
                                    "asked", ("6.353 lượt",), "ngoai_khoang"),
    # accepted as they are
    "csv_whole_count": Case("a.csv", lambda: csv_bytes([row(**{V: "1.234"})]), "accepted"),
    "csv_percent_in_range": Case("a.csv", lambda: csv_bytes([row(**RATE_ROW, **{V: "89,3"})]), "accepted"),
    "csv_near_the_stored_maximum": Case("a.csv", lambda: csv_bytes([row(**{"Địa phương": "Tỉnh Nghệ An",
                                                                           V: "60.000", "Kỳ báo cáo": "năm 2020"})]),
                                        "accepted"),
    "xlsx_money_with_decimals": Case("a.xlsx", lambda: _xlsx([row(**{"Mã chỉ tiêu": "counterpart_funds_disbursed",
                                                                     "Đơn vị": "tỷ đồng"})],
                                                             numbers={VALUE_CELL: 1234.5}), "accepted"),
}


@pytest.fixture(scope="module")
def ctx():
    context = _ctx.__wrapped__()
    context.ranges = ranges_of(context.existing, context.localities)
    return context


def test_the_corpus_is_large_enough_and_covers_both_formats() -> None:
    assert len(CASES) >= 20
    assert {c.name.rsplit(".")[-1] for c in CASES.values()} == {"csv", "xlsx"}
    assert {c.outcome for c in CASES.values()} == {"refused", "asked", "accepted"}


@pytest.mark.parametrize("case_id", list(CASES))
def test_case_file(case_id: str, ctx) -> None:
    case = CASES[case_id]
    plan = validate(read_table(case.name, case.build()), ctx, file_name=case.name, today=TODAY)
    if case.outcome == "refused":
        assert not plan.ok and not plan.to_add and not plan.questions
        problem = plan.problems[0]
        assert (problem.row, problem.column) == (2, "Giá trị"), problem.text
        assert all(w in problem.text for w in case.words), problem.text
        assert problem.text.startswith("Dòng 2, cột «Giá trị»:")
    elif case.outcome == "asked":
        assert plan.ok, [p.text for p in plan.problems]
        assert [(q.row, q.column, q.rule) for q in plan.questions] == [(2, "Giá trị", case.rule)]
        assert all(w in plan.questions[0].text for w in case.words), plan.questions[0].text
    else:
        assert plan.ok and not plan.questions, [p.text for p in plan.problems + plan.questions]
        assert len(plan.to_add) == 1 and math.isfinite(plan.to_add[0]["value"])


# ---------------------------------------------------------------------------- pipeline


@pytest.fixture()
def engine(tmp_path):
    from danvan.data.db import get_engine
    from danvan.data.loader import build_database
    from danvan.settings import ROOT
    from tests.dbs import fresh_url

    eng = get_engine(fresh_url(tmp_path, "plaus"))
    build_database(eng, ROOT / "data")
    return eng


def _confirmations(engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(select(AuditEntry.detail).where(
            AuditEntry.action == "xác nhận số liệu bất thường")).scalars())


@pytest.mark.parametrize("case_id", ["csv_decimal_count", "csv_small_percent", "xlsx_far_above_province"])
def test_a_question_holds_the_file_until_the_editor_confirms(case_id: str, engine) -> None:
    case = CASES[case_id]
    fingerprint = data_checksum(engine)
    prepared = import_service.prepare(engine, case.name, case.build(), today=TODAY)
    assert prepared.plan.ok and [q.rule for q in prepared.plan.questions] == [case.rule]
    with pytest.raises(ConfirmationNeeded) as caught:
        import_service.commit(engine, prepared, "bien.tap")
    assert "dòng 2" in str(caught.value) and all(w in str(caught.value) for w in case.words)
    assert data_checksum(engine) == fingerprint and _confirmations(engine) == []
    batch_id = import_service.commit(engine, prepared, "bien.tap", confirmed=True)
    assert data_checksum(engine) != fingerprint
    [detail] = _confirmations(engine)
    assert f"Lô {batch_id}" in detail and "dòng 2" in detail and case.words[0] in detail


@pytest.mark.parametrize("case_id", ["csv_400_digits", "csv_arabic_indic", "xlsx_400_digit_number_cell",
                                     "csv_full_width"])
def test_a_refused_value_never_reaches_the_database(case_id: str, engine) -> None:
    case = CASES[case_id]
    fingerprint = data_checksum(engine)
    prepared = import_service.prepare(engine, case.name, case.build(), today=TODAY)
    assert not prepared.plan.ok
    with pytest.raises(Exception, match="còn lỗi"):
        import_service.commit(engine, prepared, "bien.tap", confirmed=True)  # confirming does not help
    assert data_checksum(engine) == fingerprint


def _staff_file(value: object) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Số liệu"
    ws.append(["Địa phương", "Chỉ tiêu", "Giá trị", "ĐVT", "Kỳ báo cáo"])
    ws.append(["Nghệ An", "Số lượt tiếp công dân", value, "lượt", "năm 2023"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_staff_spreadsheet_asks_too(engine) -> None:
    fingerprint = data_checksum(engine)
    options = import_service.StaffOptions(user="bien.tap")
    prepared = import_service.prepare_staff(engine, "so_lieu.xlsx", _staff_file("12,5"), options, today=TODAY)
    assert [(q.row, q.rule) for q in prepared.plan.questions] == [(2, "so_le")]
    with pytest.raises(ConfirmationNeeded):
        import_service.commit_staff(engine, prepared)
    assert data_checksum(engine) == fingerprint
    options.confirmed = True
    result = import_service.commit_staff(engine, prepared)
    assert result.batch_id is not None and result.rows[0].value == 12.5
    assert len(_confirmations(engine)) == 1


def test_a_held_row_completed_with_a_question_waits_for_confirmation(engine) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["Địa phương", "Chỉ tiêu", "Giá trị", "ĐVT", "Kỳ báo cáo"])
    ws.append(["Nghệ An", "Số lượt tiếp công dân", "12,5", "lượt", None])  # no period: held
    out = io.BytesIO()
    wb.save(out)
    options = import_service.StaffOptions(user="bien.tap", valid_rows=True)
    first = import_service.import_staff_file(engine, "giu.xlsx", out.getvalue(), options, today=TODAY)
    assert first.counts() == {"held": 1}
    held_id = int(import_service.pending_held(engine).iloc[0]["id"])
    fingerprint = data_checksum(engine)
    asked = import_service.complete_held(engine, held_id, {"period": "năm 2023"}, "bien.tap", today=TODAY)
    assert asked.batch_id is None and asked.rows[0].reason_code == "can_xac_nhan" and "12,5 lượt" in asked.rows[0].reason
    assert data_checksum(engine) == fingerprint
    done = import_service.complete_held(engine, held_id, {"period": "năm 2023"}, "bien.tap", today=TODAY,
                                        confirmed=True)
    assert done.batch_id is not None and done.rows[0].value == 12.5
    assert len(_confirmations(engine)) == 1


def test_a_staff_spreadsheet_refuses_foreign_digits(engine) -> None:
    options = import_service.StaffOptions(user="bien.tap")
    prepared = import_service.prepare_staff(engine, "so_lieu.xlsx", _staff_file("١٢٠"), options, today=TODAY)
    [outcome] = prepared.plan.outcomes
    assert outcome.status == "held" and outcome.reason_code == "gia_tri" and "«١»" in outcome.reason


@pytest.mark.usefixtures("cli_db")
def test_command_line_asks_and_imports_with_xac_nhan(tmp_path, capsys) -> None:
    template = tmp_path / "dem.csv"
    template.write_bytes(CASES["csv_decimal_count"].build())
    staff = tmp_path / "bang.xlsx"
    staff.write_bytes(_staff_file("12,5"))
    for path in (template, staff):
        capsys.readouterr()
        assert cli.main(["nhap", str(path), "--nguoi-dung", "it"]) == 1
        out = capsys.readouterr()
        assert "12,5 lượt" in out.out and "--xac-nhan" in out.err, out
        assert cli.main(["nhap", str(path), "--nguoi-dung", "it", "--xac-nhan"]) == 0
        assert "Đã xác nhận" in capsys.readouterr().out


# ---------------------------------------------------------------------------- the page


def test_the_import_page_asks_and_imports_only_when_confirmed(own_db, app_path, root) -> None:
    from streamlit.testing.v1 import AppTest

    from tests.apptest_support import add_user, open_page, sign_in

    at = AppTest.from_file(app_path, default_timeout=90)
    at.run()
    add_user(own_db, "bien.tap")
    sign_in(at, "bien.tap")
    at = open_page(at, root, "nhap_du_lieu")
    at.file_uploader(key="imp_file").upload("dem.csv", CASES["csv_decimal_count"].build()).run()
    assert not at.exception and not at.error
    assert any("Cần xác nhận 1 số liệu bất thường" in w.value for w in at.warning)
    questions = next(d.value for d in at.dataframe if "Cách sửa" in d.value.columns)
    assert list(questions["Dòng"]) == ["2"] and "12,5 lượt" in questions.iloc[0]["Vấn đề"]
    box = at.checkbox(key="imp_confirm_questions")
    assert not box.value and at.button(key="imp_confirm").disabled
    box.check().run()
    assert not at.button(key="imp_confirm").disabled
    at.button(key="imp_confirm").click().run()
    assert not at.exception
    assert any("lô số 1" in s.value for s in at.success)
