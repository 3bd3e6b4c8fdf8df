"""The pieces of the staff-spreadsheet import, one by one: sheets and headers found, column
roles guessed, wide sheets unpivoted, units and indicator names matched (never to an indicator
of another meaning), titles read, numbers read in the file's own style; then, against a real
database, rows held and completed, replacements chosen per figure, low-reliability sources
kept out of comparisons, and undo."""

from __future__ import annotations

import json
from datetime import date
from io import BytesIO

import pandas as pd
import pytest
from openpyxl import Workbook
from sqlalchemy import select, update

from danvan.data.db import get_engine
from danvan.data.loader import build_database
from danvan.data.models import HeldRow, Observation, Source
from danvan.importing import read_tables
from danvan.importing import service as import_service
from danvan.importing.batches import undo_batch
from danvan.importing.indicator_match import IndicatorMatcher
from danvan.importing.layout import guess_mapping, records, title_places, title_year
from danvan.importing.staff import file_number_style, suggest_scope_class
from danvan.importing.units import unit_code
from danvan.importing.values import parse_period, with_year
from danvan.reading import queries
from danvan.reading.comparability import comparable_groups
from danvan.settings import ROOT
from tests.dbs import fresh_url

TODAY = date(2026, 12, 3)


def workbook(*sheets: tuple[str, list[list]], merges: dict[str, list[str]] | None = None) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets:
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def catalogue() -> pd.DataFrame:
    frame = pd.read_csv(ROOT / "data" / "indicators.csv", dtype=str).fillna("")
    units = pd.read_csv(ROOT / "data" / "units.csv", dtype=str)
    return frame.assign(unit_label=frame["unit"].map(dict(zip(units["code"], units["name_vi"], strict=True))))


# ---------------------------------------------------------------------------- layout


def test_every_sheet_with_a_header_is_read_under_its_merged_title() -> None:
    data = workbook(
        ("Tiếp dân", [["UBND TỈNH NGHỆ AN"], ["SỐ LIỆU NĂM 2024"], [],
                      ["STT", "Chỉ tiêu", "ĐVT", "Kết quả"], [1, "Số lượt tiếp công dân", "lượt", 10]]),
        ("Ghi chú", [["Chỉ là ghi chú, không có bảng"]]),
        ("CCHC", [["Nội dung", "Đơn vị tính", "Số liệu"], ["Số hồ sơ tiếp nhận", "hồ sơ", 5]]),
        merges={"Tiếp dân": ["A1:D1", "A2:D2"]})
    tables, notes = read_tables("bang.xlsx", data)
    assert [t.sheet for t in tables] == ["Tiếp dân", "CCHC"]
    assert tables[0].header_row == 4 and tables[0].title == ["UBND TỈNH NGHỆ AN", "SỐ LIỆU NĂM 2024"]
    assert notes == ["trang tính «Ghi chú» không có dòng tiêu đề cột nhận ra được nên được bỏ qua"]


def test_a_group_title_over_the_years_gives_the_years_as_headers() -> None:
    data = workbook(("S", [["Chỉ tiêu", "ĐVT", "Kết quả", None], [None, None, "Năm 2023", "Năm 2024"],
                           ["Số lượt tiếp công dân", "lượt", 3, 4]]), merges={"S": ["C1:D1"]})
    table = read_tables("s.xlsx", data)[0][0]
    assert table.header == ["Chỉ tiêu", "ĐVT", "Năm 2023", "Năm 2024"]
    mapping = guess_mapping(table.header)
    assert [r.cells["period"] for r in records(table, mapping)] == ["năm 2023", "năm 2024"]


def test_header_variants_and_the_templates_own_headers() -> None:
    staff = guess_mapping(["STT", "Đơn vị", "Nội dung", "Số liệu", "ĐVT", "Thời gian", "Văn bản",
                           "Đơn vị báo cáo", "Ghi chú", "Cột lạ"])
    assert staff == {"STT": "ignore", "Đơn vị": "locality", "Nội dung": "indicator", "Số liệu": "value",
                     "ĐVT": "unit", "Thời gian": "period", "Văn bản": "source", "Đơn vị báo cáo": "scope",
                     "Ghi chú": "note", "Cột lạ": "ignore"}
    template = guess_mapping(["Địa phương*", "Mã chỉ tiêu*", "Giá trị*", "Đơn vị", "Kỳ báo cáo"])
    assert template["Đơn vị"] == "unit"  # beside «Địa phương», «Đơn vị» is the unit of measure


def test_wide_sheets_by_year_by_locality_and_by_indicator() -> None:
    places = {"Gia Lai", "Nghệ An", "Xã Mới"}
    by_place = guess_mapping(["Nội dung", "ĐVT", "Gia Lai", "Nghệ An", "Thời gian"], places.__contains__)
    assert by_place["Gia Lai"] == by_place["Nghệ An"] == "wide_locality"
    by_indicator = guess_mapping(["STT", "Địa bàn", "Hồ sơ tiếp nhận (hồ sơ)", "Tỷ lệ đúng hạn (%)", "Năm"])
    assert by_indicator["Hồ sơ tiếp nhận (hồ sơ)"] == "wide_indicator" and by_indicator["Năm"] == "period"
    data = workbook(("S", [["STT", "Địa bàn", "Hồ sơ tiếp nhận (hồ sơ)", "Tỷ lệ đúng hạn (%)", "Năm"],
                           [1, "Gia Lai", 100, "99,1", 2024], [None, "Tổng cộng", 100, None, 2024]]))
    table = read_tables("s.xlsx", data)[0][0]
    found = records(table, by_indicator)
    assert [(r.cells["indicator"], r.cells["unit"], r.cells["value"]) for r in found if not r.total] == [
        ("Hồ sơ tiếp nhận", "hồ sơ", 100), ("Tỷ lệ đúng hạn", "%", "99,1")]
    assert [r.row for r in found if r.total] == [3]  # the total line is marked, to be skipped with its reason


def test_two_line_header_with_periods_as_rows_and_parts_as_columns() -> None:
    """«Năm / kỳ» merged down two header lines, group titles over the indicator columns, one row
    per period, «Trong đó» columns read as parts of the column before them, the «Cộng» row marked."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Đơn thư"
    ws.append(["TÌNH HÌNH TIẾP NHẬN ĐƠN TRÊN ĐỊA BÀN HUYỆN"])
    ws.append([])
    ws.append(["Năm / kỳ", "Tổng số đơn tiếp nhận", "Trong đó", None, "Đơn thuộc thẩm quyền", None, "Ghi chú"])
    ws.append([None, None, "Khiếu nại", "Tố cáo", "Tổng số", "Đã giải quyết", None])
    ws.append(["Năm 2023", 286, 97, 24, 61, 58, None])
    ws.append(["Cộng", 286, 97, 24, 61, 58, None])
    for rng in ("A3:A4", "B3:B4", "C3:D3", "E3:F3", "G3:G4"):
        ws.merge_cells(rng)
    buf = BytesIO()
    wb.save(buf)
    table = read_tables("d.xlsx", buf.getvalue())[0][0]
    assert table.header == ["Năm / kỳ", "Tổng số đơn tiếp nhận", "Trong đó – Khiếu nại", "Trong đó – Tố cáo",
                            "Đơn thuộc thẩm quyền – Tổng số", "Đơn thuộc thẩm quyền – Đã giải quyết", "Ghi chú"]
    mapping = guess_mapping(table.header)
    assert mapping["Năm / kỳ"] == "period" and mapping["Trong đó – Tố cáo"] == "wide_indicator"
    found = records(table, mapping)
    first = [(r.cells["indicator"], r.section, r.cells["period"], r.cells["value"]) for r in found if not r.total]
    assert first[1] == ("Trong đó – Khiếu nại", "Tổng số đơn tiếp nhận", "Năm 2023", 97)
    assert {r.row for r in found if r.total} == {6}


def test_a_section_heading_year_carries_to_the_rows_below() -> None:
    data = workbook(("S", [["Chỉ tiêu", "Kỳ", "Giá trị"], ["A. NĂM 2024"], ["Số lượt tiếp công dân", "", 1],
                           ["B. NĂM 2025"], ["Số lượt tiếp công dân", "6 tháng đầu năm", 2]]))
    table = read_tables("s.xlsx", data)[0][0]
    assert [r.year for r in records(table, guess_mapping(table.header))] == [2024, 2025]
    assert with_year("6 tháng đầu năm", 2025) == "6 tháng đầu năm 2025"
    assert parse_period(with_year("quý III", 2024)) == (date(2024, 7, 1), date(2024, 9, 30))
    assert with_year("không rõ", 2024) == "không rõ"


def test_titles_give_a_year_and_places_but_not_the_signing_date_or_the_motto() -> None:
    title = ["UBND TỈNH NGHỆ AN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BAN TIẾP CÔNG DÂN",
             "SỐ LIỆU NĂM 2024", "Nghệ An, ngày 15 tháng 1 năm 2025"]
    assert title_year(title) == 2024
    assert [readings[0] for readings in title_places(title)] == ["tinh nghe an"]
    assert title_year(["GIAI ĐOẠN 2021 – 2025"]) is None


def test_periods_staff_write() -> None:
    assert parse_period("Lũy kế 01/7 – 31/10/2025") == (date(2025, 7, 1), date(2025, 10, 31))
    assert parse_period("lũy kế đến 30/6/2025") == (None, date(2025, 6, 30))
    assert parse_period("6T/2025") == (date(2025, 1, 1), date(2025, 6, 30))
    assert parse_period("9T 2025") == (date(2025, 1, 1), date(2025, 9, 30))
    assert parse_period("6T cuối 2025") == (date(2025, 7, 1), date(2025, 12, 31))
    assert parse_period("2021 (*)") == (date(2021, 1, 1), date(2021, 12, 31))


# ---------------------------------------------------------------------------- values, units, names


@pytest.mark.parametrize(("written", "code"), [
    ("persons", "nguoi"), ("Lượt", "luot"), ("dossiers", "ho_so"), ("cases", "vu_viec"), ("%", "phan_tram"),
    ("km2", "km2"), ("ĐVT: hồ sơ", "ho_so"), ("petitions", "don"), ("MH", "mo_hinh"),
    ("kg", "khac:kg"), ("cái", "khac:cai"), ("DV", None), ("", None),
])
def test_unit_synonyms(written, code) -> None:
    assert unit_code(written) == code


def test_number_style_of_a_file() -> None:
    assert file_number_style(["1.234,5", "2.876", 12]) == "vi"
    assert file_number_style(["1,234.5", "99.1", "2,876"]) == "en"
    assert file_number_style(["1.234,5", "99.1"]) == "mixed"


def test_scope_class_suggested_from_the_reporting_body() -> None:
    assert suggest_scope_class("Thanh tra tỉnh") == "thanh_tra_tiep_dan"
    assert suggest_scope_class("Trung tâm Phục vụ hành chính công tỉnh") == "trung_tam_hcc"
    assert suggest_scope_class("Đảng ủy Khối các cơ quan tỉnh") == "dang_bo_co_quan"
    assert suggest_scope_class(None) == suggest_scope_class("UBND tỉnh") == "toan_dia_ban"


@pytest.mark.parametrize(("name", "unit", "code"), [
    ("Số lượt tiếp công dân", None, "citizen_reception_visits"),
    ("Tổng số hồ sơ TTHC tiếp nhận", "ho_so", "dossiers_received"),
    ("Số cuộc đối thoại của Chủ tịch UBND với Nhân dân", None, "dialogue_meetings"),
    ("Tỷ lệ hồ sơ đúng hạn", None, "dossiers_on_time_rate"),
    ("Tỷ lệ hồ sơ trễ hạn", None, "dossiers_late_rate"),
    ("Chỉ số SIPAS", None, "sipas_score"),
    ("Xếp hạng PAR Index", "thu_hang", "par_index_rank"),
    ("Diện tích tự nhiên", "km2", "area_km2"),
    ("Tiếp thường xuyên tại Trụ sở tiếp công dân huyện", "luot", "citizen_reception_visits_regular"),  # place aside
    ('Mô hình "Dân vận khéo" được công nhận, đánh giá đạt', "mo_hinh", "dvk_models_recognised"),  # comma's tail aside
    ("Lượt cử tri tham dự", "luot", "voter_meeting_attendance"),  # «tham dự» is «dự»
    ("Cuộc TXCT của đại biểu QH, HĐND các cấp", "cuoc", "voter_meetings"),  # holds the whole catalogue name
    ("HS đang giải quyết (chuyển kỳ sau)", "ho_so", "dossiers_in_progress"),
    ("Số đợt kiểm tra, giám sát việc thực hiện QCDC", "dot", "qcdc_inspection_rounds"),
    ("Mô hình DVK được Đảng ủy xã công nhận", "mo_hinh", "dvk_models_recognised"),  # «Đảng» is not «đang»
    ("Đơn đã chuyển cơ quan có thẩm quyền", "don", "petitions_forwarded"),
])
def test_names_matched_without_asking(catalogue, name, unit, code) -> None:
    assert IndicatorMatcher(catalogue).match(name, unit).chosen == code


@pytest.mark.parametrize(("name", "unit"), [
    ("Số đơn chưa giải quyết", "don"),  # the catalogue has the resolved ones, not the others
    ("PAR Index", None),  # score or rank: the unit decides, and none is written
    ("Diện tích tự nhiên", None),  # km² or ha
    ("Số lượt tiếp công dân", "ho_so"),  # the unit contradicts the name
    ("Số vụ việc khiếu nại, tố cáo thuộc thẩm quyền", "vu_viec"),  # a comma in a list: «khiếu nại» alone is not it
    ("Hồ sơ thủ tục hành chính đã giải quyết trễ hạn", "ho_so"),  # holds a catalogue name, but narrows it
    ("Ý kiến, kiến nghị của Nhân dân", "y_kien"),  # of voters or at dialogues: «của Nhân dân» decides nothing
    ("Tổ hòa giải ở cơ sở", "to"),  # no indicator counts teams; never «Vụ việc hòa giải» by a close score
])
def test_names_never_taken_without_asking(catalogue, name, unit) -> None:
    assert IndicatorMatcher(catalogue).match(name, unit).chosen is None


def test_a_remembered_alias_wins(catalogue) -> None:
    aliases = pd.DataFrame({"alias": ["luot dan den tru so"], "indicator_code": ["citizen_reception_visits"]})
    assert IndicatorMatcher(catalogue, aliases).match("Lượt dân đến trụ sở").chosen == "citizen_reception_visits"


# ---------------------------------------------------------------------------- against a database


@pytest.fixture()
def engine(tmp_path):
    eng = get_engine(fresh_url(tmp_path, "staff"))
    build_database(eng, ROOT / "data")
    return eng


SOURCE = "https://vi.wikipedia.org/wiki/Ngh%E1%BB%87_An"


def staff_file(*rows: list) -> bytes:
    return workbook(("Số liệu", [["Địa phương", "Chỉ tiêu", "Giá trị", "ĐVT", "Kỳ báo cáo", "Nguồn"], *rows]))


def test_held_rows_are_completed_as_their_own_batch_and_undo_gives_them_back(engine) -> None:
    data = staff_file(["Nghệ An", "Số lượt tiếp công dân", 120, "lượt", "năm 2023", None],
                      ["Nghệ An", "Số lượt tiếp công dân", 130, "lượt", None, None])
    options = import_service.StaffOptions(user="kiemthu", valid_rows=True)
    first = import_service.import_staff_file(engine, "a.xlsx", data, options, today=TODAY)
    assert first.counts() == {"imported": 1, "held": 1}
    held = import_service.pending_held(engine)
    assert len(held) == 1 and held.iloc[0]["reason_code"] == "ky" and held.iloc[0]["sheet"] == "Số liệu"
    assert json.loads(held.iloc[0]["cells_json"])["value"] == 130

    still = import_service.complete_held(engine, int(held.iloc[0]["id"]), {"period": "năm 2099"}, "kiemthu",
                                         today=TODAY)
    assert still.batch_id is None and still.rows[0].reason_code == "tuong_lai"  # nothing written
    done = import_service.complete_held(engine, int(held.iloc[0]["id"]), {"period": "năm 2024"}, "kiemthu",
                                        today=TODAY)
    assert done.batch_id == first.batch_id + 1 and done.rows[0].value == 130
    assert import_service.pending_held(engine).empty

    undo_batch(engine, done.batch_id, "kiemthu")
    assert len(import_service.pending_held(engine)) == 1  # held again
    undo_batch(engine, first.batch_id, "kiemthu")
    assert import_service.pending_held(engine).empty  # the file's batch took its held rows with it
    with engine.connect() as conn:
        assert conn.execute(select(Observation.id).where(Observation.batch_id.is_not(None))).first() is None


def test_all_or_nothing_writes_nothing_and_says_why(engine) -> None:
    data = staff_file(["Nghệ An", "Số lượt tiếp công dân", 120, "lượt", "năm 2023", None],
                      ["Nghệ An", "Số lượt tiếp công dân", 130, "hồ sơ", "năm 2024", None])
    result = import_service.import_staff_file(engine, "b.xlsx", data,
                                              import_service.StaffOptions(user="kiemthu"), today=TODAY)
    assert result.batch_id is None and {r.status for r in result.rows} == {"refused"}
    assert [r.reason_code for r in result.rows] == ["tep_con_loi", "don_vi_tinh"]
    assert import_service.pending_held(engine).empty


def test_a_replacement_is_taken_only_for_the_figures_chosen(engine) -> None:
    # Nghệ An 2021 is in the curated data: 6.353 visits and 8.722 petitions
    data = staff_file(["Nghệ An", "Số lượt tiếp công dân", 6400, "lượt", "năm 2021", None],
                      ["Nghệ An", "Tổng số đơn thư tiếp nhận", 8800, "đơn", "năm 2021", None])
    options = import_service.StaffOptions(user="kiemthu", valid_rows=True)
    prepared = import_service.prepare_staff(engine, "c.xlsx", data, options, today=TODAY)
    assert [c["row"] for c in prepared.plan.conflicts] == [2, 3]
    options.replace = {(2, None)}
    result = import_service.commit_staff(engine, prepared)
    assert [(r.row, r.status) for r in result.rows] == [(2, "imported"), (3, "held")]
    assert import_service.pending_held(engine).iloc[0]["reason_code"] == "khac_so_da_co"


def test_a_low_reliability_source_is_marked_and_never_compared(engine) -> None:
    data = staff_file(["Nghệ An", "Số lượt tiếp công dân", 7000, "lượt", "năm 2022", SOURCE],
                      ["Gia Lai", "Số lượt tiếp công dân", 3000, "lượt", "năm 2022", "Báo cáo 12/BC-UBND"])
    options = import_service.StaffOptions(user="kiemthu")
    prepared = import_service.prepare_staff(engine, "d.xlsx", data, options, today=TODAY)
    assert len(prepared.plan.low_reliability) == 1  # the encyclopedia page is suggested
    import_service.commit_staff(engine, prepared)
    with engine.connect() as conn:
        marked = conn.execute(select(Source.url).where(Source.reliability == "thap")).scalars().all()
    assert marked == [SOURCE]
    frame = queries.observations(engine, indicator="citizen_reception_visits")
    frame = frame[frame["period_end"].astype(str).str.startswith("2022")]
    assert frame.loc[frame["lineage"] == "nghe-an", "source_title"].iloc[0].endswith(queries.LOW_RELIABILITY_MARK)
    groups = comparable_groups(frame)
    assert set(groups[0].rows["lineage"]) == {"gia-lai"}
    assert "độ tin cậy thấp" in groups[1].reason and set(groups[1].rows["lineage"]) == {"nghe-an"}
    with engine.begin() as conn:  # unmarked, it is compared again
        conn.execute(update(Source).values(reliability=""))
    assert len(comparable_groups(queries.observations(engine, indicator="citizen_reception_visits")
                                 .query("period_end.astype('str').str.startswith('2022')"))) == 1


def test_mapping_and_names_are_remembered_for_the_next_file(engine) -> None:
    header = ["Đơn vị hành chính", "Tên chỉ tiêu", "Con số", "ĐVT", "Kỳ"]
    first = workbook(("S", [header, ["Gia Lai", "Lượt dân đến trụ sở nêu ý kiến", 5, "lượt", "năm 2023"]]))
    options = import_service.StaffOptions(user="kiemthu", column_choices={"S": {"Con số": "value"}},
                                          indicator_choices={"Lượt dân đến trụ sở nêu ý kiến":
                                                             "citizen_reception_visits"})
    assert import_service.import_staff_file(engine, "e.xlsx", first, options, today=TODAY).counts() == {
        "imported": 1}
    second = workbook(("S", [header, ["Gia Lai", "lượt dân đến trụ sở nêu ý kiến ", 6, "lượt", "năm 2024"]]))
    result = import_service.import_staff_file(engine, "f.xlsx", second,
                                              import_service.StaffOptions(user="kiemthu"), today=TODAY)
    assert [(r.status, r.indicator_code, r.value) for r in result.rows] == [
        ("imported", "citizen_reception_visits", 6.0)]
    with engine.connect() as conn:
        assert conn.execute(select(HeldRow.id)).first() is None


# ---------------------------------------------------------------------------- hostile and misleading sheets


def test_a_sheet_too_wide_is_refused_before_anything_is_matched() -> None:
    from danvan.importing import ImportFileError

    header = ["Địa phương", "Chỉ tiêu", *[f"Năm {1700 + i}" for i in range(400)]]
    data = workbook(("S", [header, ["Nghệ An", "Số lượt tiếp công dân", *range(400)]]))
    with pytest.raises(ImportFileError) as info:
        read_tables("rong.xlsx", data)
    assert "bảng có 402 cột, quá số cột cho phép (300 cột)" in str(info.value)  # the sentence comma kept


def test_too_many_distinct_names_are_refused(engine) -> None:
    from danvan.importing import ImportFileError
    from danvan.importing.staff import MAX_NAMES

    rows = [["Nghệ An", f"Chỉ tiêu thử số {i}", i, "lượt", "năm 2023", None] for i in range(MAX_NAMES + 1)]
    with pytest.raises(ImportFileError) as info:
        import_service.prepare_staff(engine, "nhieu.xlsx", staff_file(*rows),
                                     import_service.StaffOptions(user="kiemthu"), today=TODAY)
    assert "tên chỉ tiêu khác nhau, quá giới hạn 2.000" in str(info.value)


def test_absurd_values_plan_columns_and_sub_items_never_pass(engine) -> None:
    data = workbook(("S", [
        ["Địa phương", "Chỉ tiêu", "ĐVT", "Năm 2023", "Năm 2024 (kế hoạch)"],
        ["Nghệ An", "Số lượt tiếp công dân", "lượt", "1" + "0" * 400, 9000],
        ["Nghệ An", "Ý kiến, kiến nghị của cử tri", "ý kiến", 50, 60],
        ["Nghệ An", "Trong đó: chưa trả lời vì lý do riêng", "ý kiến", 5, 6],
    ]))
    options = import_service.StaffOptions(user="kiemthu", valid_rows=True, new_indicators=True)
    prepared = import_service.prepare_staff(engine, "la.xlsx", data, options, today=TODAY)
    assert prepared.mappings["S"]["Năm 2024 (kế hoạch)"] == "ignore"  # a target is not a result
    by_row = {o.row: o for o in prepared.plan.outcomes}
    assert by_row[2].status == "held" and by_row[2].reason_code == "gia_tri"  # not stored as infinity
    assert by_row[4].status == "held" and not prepared.plan.new_indicators  # «Trong đó: …» never a new indicator


def test_title_topic_period_totals_and_a_place_in_a_column_header(engine) -> None:
    """A title about one topic qualifies bare names; «Cộng 6 tháng cuối năm» is a period with the
    title's year; a «Cộng» row is skipped with its reason; «(tỉnh Vĩnh Long sau hợp nhất)» places a
    column; a title naming several topics qualifies nothing."""
    data = workbook(
        ("DVK", [["KẾT QUẢ PHONG TRÀO THI ĐUA DÂN VẬN KHÉO TỈNH NGHỆ AN NĂM 2024"], [],
                 ["Chỉ tiêu", "ĐVT", "6 tháng đầu năm", "Cộng 6 tháng cuối năm"],
                 ["Mô hình đăng ký", "mô hình", 40, 45],
                 ["Cộng", "mô hình", 40, 45]]),
        ("MTTQ", [["ỦY BAN MTTQ TỈNH TRÀ VINH - TIẾP CÔNG DÂN, KHIẾU NẠI, TỐ CÁO"], [],
                  ["Nội dung", "ĐVT", "Năm 2024", "Quý III/2025 (tỉnh Vĩnh Long sau hợp nhất)"],
                  ["Đã giải quyết", "vụ việc", 12, 30],
                  ["Số cuộc tiếp xúc cử tri", "cuộc", 20, 25]]))
    options = import_service.StaffOptions(user="kiemthu", valid_rows=True)
    prepared = import_service.prepare_staff(engine, "t.xlsx", data, options, today=TODAY)
    by_cell = {(o.sheet, o.row, o.column): o for o in prepared.plan.outcomes}
    first = by_cell[("DVK", 4, "Cộng 6 tháng cuối năm")].obs
    assert (first["indicator_code"], first["locality_id"]) == ("dvk_models_registered", "nghe-an")
    assert (str(first["period_start"]), str(first["period_end"])) == ("2024-07-01", "2024-12-31")
    assert by_cell[("DVK", 5, "6 tháng đầu năm")].status == "skipped"
    assert by_cell[("DVK", 5, "6 tháng đầu năm")].reason_code == "dong_tong"
    assert by_cell[("MTTQ", 4, "Năm 2024")].reason_code == "chi_tieu"  # «Đã giải quyết» of what? not guessed
    before = by_cell[("MTTQ", 5, "Năm 2024")].obs
    later = by_cell[("MTTQ", 5, "Quý III/2025 (tỉnh Vĩnh Long sau hợp nhất)")].obs
    assert (before["indicator_code"], before["locality_id"]) == ("voter_meetings", "tra-vinh")
    assert later["locality_id"] == "vinh-long-2025"  # the column names the unit of its date


def test_headings_complete_names_but_never_replace_them(engine) -> None:
    """«- Đã giải quyết» is part of the line above; «Tỷ lệ giải quyết» reads with the full name
    above it; a name whole by itself keeps its match under any heading; a heading never turns
    «Cuộc giám sát …» into «Cuộc tiếp xúc cử tri»; a unit in the name's parentheses is the row's."""
    data = workbook(("S", [
        ["THÀNH ỦY HUẾ - SỐ LIỆU TIẾP XÚC CỬ TRI NĂM 2024"], [],
        ["Nội dung", "Số liệu"],
        ["I. GIẢI QUYẾT KHIẾU NẠI, TỐ CÁO THUỘC THẨM QUYỀN"],
        ["Số vụ việc KNTC thuộc thẩm quyền phải giải quyết (vụ việc)", 146],
        ["- Đã giải quyết (vụ việc)", 131],
        ["Tỷ lệ giải quyết (%)", "89,7"],
        ["Tổng số đơn thư tiếp nhận (đơn)", 300],
        ["II. TIẾP XÚC CỬ TRI"],
        ["Cuộc giám sát do Mặt trận chủ trì (cuộc)", 12],
        ["Tổ hòa giải ở cơ sở (tổ)", 40]]))
    options = import_service.StaffOptions(user="kiemthu", valid_rows=True, new_indicators=True)
    prepared = import_service.prepare_staff(engine, "h.xlsx", data, options, today=TODAY)
    got = {o.row: (o.obs or {}).get("indicator_code", o.reason_code) for o in prepared.plan.outcomes}
    assert got[5] == "complaint_denunciation_cases_to_resolve" and got[6] == "complaint_denunciation_cases_resolved"
    assert got[7] == "complaint_denunciation_resolution_rate" and got[8] == "petitions_received"
    assert got[10].startswith("moi:") and got[11].startswith("moi:")  # new indicators, not voter meetings
    assert prepared.plan.new_indicators[got[11]]["unit"] == "to"
    assert {o.obs["locality_id"] for o in prepared.plan.outcomes if o.obs} == {"thua-thien-hue"}  # «Thành ủy Huế», 2024


def test_a_header_of_one_known_name_over_places_and_places_written_with_their_vintage() -> None:
    data = workbook(("S", [["TỔ HÒA GIẢI TẠI 31/12/2024"], [], ["Chỉ tiêu", "Trà Vinh", "Vĩnh Long", "Cộng"],
                           ["Tổ hòa giải (tổ)", 812, "764", "1.576"]]))
    table = read_tables("p.xlsx", data)[0][0]
    assert table.header == ["Chỉ tiêu", "Trà Vinh", "Vĩnh Long", "Cộng"] and table.rows[0].number == 4
    from danvan.importing.staff import _vietnamese_place
    assert _vietnamese_place("Toàn tỉnh Vĩnh Long (mới)") == "tỉnh Vĩnh Long"
    assert _vietnamese_place("Địa bàn Trà Vinh (cũ)") == "Trà Vinh"


def test_section_periods_kinds_on_rows_and_the_total_of_the_titles_unit(engine) -> None:
    """A heading «C. QUÝ III/2025 (…)» is the period of the lines under it; rows of kinds («Khiếu
    nại», «Tố cáo») read with the measure over each column, and their «Cộng» is the column's own
    indicator; a «Tổng cộng» row of a by-district table is the figure of the unit the title names;
    «2021 (*)» is the year 2021."""
    data = workbook(
        ("TTHC", [["UBND TỈNH CÀ MAU - SỐ LIỆU HỒ SƠ THỦ TỤC HÀNH CHÍNH"], [],
                  ["STT", "Nội dung", "Kết quả", "ĐVT"],
                  ["A", "NĂM 2024"], ["1", "Tổng số hồ sơ tiếp nhận", "48.352", "hồ sơ"],
                  ["C", "QUÝ III/2025 (tỉnh Cà Mau sau hợp nhất, từ 01/7/2025)"],
                  ["1", "Tổng số hồ sơ tiếp nhận", "31.274", "hồ sơ"], ["2", "Tỷ lệ GQ đúng hạn", "99,4%", "%"]]),
        ("KNTC", [["UBND TỈNH LÀO CAI - PHÂN LOẠI ĐƠN 6 THÁNG ĐẦU NĂM 2025"], [],
                  ["TT", "Loại đơn", "Số đơn tiếp nhận (đơn)", "Đã giải quyết (vụ việc)"],
                  ["1", "Khiếu nại", 214, 31], ["2", "Tố cáo", 87, 10], [None, "Cộng", 301, 41]]),
        ("TCD", [["UBND TỈNH LÀO CAI - TIẾP CÔNG DÂN NĂM 2024"], [],
                 ["STT", "Đơn vị", "Tổng lượt tiếp công dân (lượt)", "Ghi chú"],
                 ["1", "Bát Xát", 176, None], ["Tổng cộng", None, "2.814", None]]),
        ("Năm", [["MTTQ TỈNH ĐIỆN BIÊN - HÒA GIẢI Ở CƠ SỞ"], [],
                 ["Năm", "Hòa giải thành (vụ việc)", "Tỷ lệ hòa giải thành (%)"], ["2021 (*)", 934, 83.5]]))
    options = import_service.StaffOptions(user="kiemthu", valid_rows=True)
    prepared = import_service.prepare_staff(engine, "s.xlsx", data, options, today=TODAY)
    got = {(o.sheet, o.row, o.column): o.obs for o in prepared.plan.outcomes if o.obs}
    before, after = got[("TTHC", 5, None)], got[("TTHC", 7, None)]
    assert (before["locality_id"], str(before["period_start"]), str(before["period_end"])) == (
        "ca-mau", "2024-01-01", "2024-12-31")
    assert (after["locality_id"], str(after["period_start"]), str(after["period_end"])) == (
        "ca-mau-2025", "2025-07-01", "2025-09-30")
    assert got[("TTHC", 8, None)]["indicator_code"] == "dossiers_on_time_rate"
    kinds = {(row, col): obs["indicator_code"] for (sheet, row, col), obs in got.items() if sheet == "KNTC"}
    assert kinds == {(4, "Số đơn tiếp nhận (đơn)"): "complaints_received",
                     (4, "Đã giải quyết (vụ việc)"): "complaint_cases_resolved",
                     (5, "Số đơn tiếp nhận (đơn)"): "denunciations_received",
                     (5, "Đã giải quyết (vụ việc)"): "denunciation_cases_resolved",
                     (6, "Số đơn tiếp nhận (đơn)"): "petitions_received"}  # «Cộng» of the resolved: held
    total = got[("TCD", 5, "Tổng lượt tiếp công dân (lượt)")]
    assert (total["locality_id"], total["value"]) == ("lao-cai", 2814)
    assert str(got[("Năm", 4, "Hòa giải thành (vụ việc)")]["period_start"]) == "2021-01-01"


def test_the_reporting_body_places_rows_without_a_locality(engine) -> None:
    """«HND tỉnh Kon Tum» in «Đơn vị báo cáo» is the row's unit; a body below the commune («Chi hội
    thôn 3») places nothing, and the row waits for its unit."""
    data = workbook(("S", [["Đơn vị báo cáo", "Nội dung chỉ tiêu", "Thời gian", "Số liệu", "ĐVT"],
                           ["HND tỉnh Kon Tum", "Mô hình DVK đăng ký", "6T/2025", 27, "mô hình"],
                           ["Chi hội ND thôn 3, xã Đăk Hà, tỉnh Kon Tum", "Mô hình DVK đăng ký", "Năm 2024", 2,
                            "mô hình"]]))
    options = import_service.StaffOptions(user="kiemthu", valid_rows=True)
    prepared = import_service.prepare_staff(engine, "k.csv.xlsx", data, options, today=TODAY)
    by_row = {o.row: o for o in prepared.plan.outcomes}
    assert by_row[2].obs["locality_id"] == "kon-tum" and str(by_row[2].obs["period_end"]) == "2025-06-30"
    assert by_row[3].status == "held" and by_row[3].reason_code == "dia_ban"


def test_a_remark_in_a_column_header_or_a_body_below_the_commune_never_places_figures(engine) -> None:
    """«Năm 2024 (so với tỉnh Nghệ An)» is a remark, not the unit of a Gia Lai sheet's figures; a
    «Thôn 3» body's figure is neither the commune's nor the province's: it waits for its unit."""
    data = workbook(("S", [["BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY GIA LAI"], [],
                           ["Nội dung", "ĐVT", "Năm 2024 (so với tỉnh Nghệ An)", "Đơn vị báo cáo"],
                           ["Số lượt tiếp công dân", "lượt", 100, None],
                           ["Số lượt tiếp công dân", "lượt", 120, "Thôn 3, xã Ia Grai, tỉnh Gia Lai"]]))
    options = import_service.StaffOptions(user="kiemthu", valid_rows=True)
    by_row = {o.row: o for o in import_service.prepare_staff(engine, "m.xlsx", data, options, today=TODAY).plan.outcomes}
    assert by_row[4].obs["locality_id"] == "gia-lai"
    assert by_row[5].status == "held" and by_row[5].reason_code == "dia_ban"
