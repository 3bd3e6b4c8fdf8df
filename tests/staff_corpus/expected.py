"""What a correct «staff spreadsheet» import makes of each corpus file (see build.py).

The files are imported in the order of ``CASES`` into one database built from data/, so a
file sees the figures and the remembered indicator names of the files before it. For each
file: the options, the number of figure candidates per status, the status and reason code
of every candidate that is not imported (keyed by Excel/CSV row and, for wide sheets, the
header of the value cell), and some figures as they must be stored.

Judgement calls (what a careful staff member would expect):
- an empty cell in a wide sheet is no figure (no outcome); in a long sheet a row with an
  indicator and an unreadable value is held «gia_tri»;
- a locality named in the title with its type word («UBND TỈNH TRÀ VINH») is the locality of
  rows that name none, as a reader takes it; a title naming places in two provinces gives none;
- a number like «2.876» in a column with no English-style number is Vietnamese (2876); a
  column with «99.1» or «518.53» and «1,254» is English throughout (so «5.287» is 5.287);
  in a column mixing both styles, «2.500 triệu đồng» cannot be read safely and is held;
- an Excel cell formatted as a percentage (0,0019 shown as 0,19%) is the rate 0.19;
- the locality is resolved on the last day of the figure's period («năm 2025» → new units);
- two rows with the same key and different values are both held: neither can be preferred;
- the same indicator reported by two bodies («Đơn vị báo cáo») is two figures, not a conflict;
- a stated rate that contradicts its own numerator and denominator is kept as stated, with
  a warning; a rate that differs only by rounding (99,6 for 20.900/20.985) gets none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

TODAY = date(2026, 12, 3)
ANY = "bất kỳ"  # a period bound not checked (stocks and measures: conventions differ)
NEW = "chỉ tiêu mới"  # an indicator this import created: any code not in data/indicators.csv

Key = tuple[int, str | None]


@dataclass(frozen=True)
class SameAs:
    """The indicator stored for another file's row (an indicator created earlier)."""

    file: str
    row: int
    column: str | None = None


@dataclass(frozen=True)
class Figure:
    """One figure as it must be stored; ``column`` is the value cell's header on wide sheets."""

    row: int
    column: str | None
    locality_id: str
    indicator_code: str | SameAs
    value: float
    period_start: date | None | str
    period_end: date | None | str


@dataclass(frozen=True)
class Case:
    """One corpus file: options, counts per status, non-imported outcomes, stored figures."""

    file: str
    options: dict
    counts: dict[str, int]
    outcomes: dict[Key, tuple[str, str]]  # (row, column) → (status, reason_code), every non-imported one
    figures: tuple[Figure, ...]
    warnings: tuple[int, ...] = ()  # rows that must carry a warning
    quiet: tuple[int, ...] = ()  # rows that must carry none
    scopes: dict[Key, str] = field(default_factory=dict)  # text the stored scope must contain


def options(**changes) -> dict:
    """StaffOptions keyword arguments: the defaults of the corpus with ``changes``."""
    return {"user": "kiemthu", "period": None, "valid_rows": True, "new_indicators": False,
            "indicator_choices": {}, "column_choices": {}} | changes


def counts(imported: int = 0, held: int = 0, skipped: int = 0, refused: int = 0) -> dict[str, int]:
    return {"imported": imported, "held": held, "skipped": skipped, "refused": refused}


def year(y: int) -> tuple[date, date]:
    return date(y, 1, 1), date(y, 12, 31)


def half(y: int, second: bool = False) -> tuple[date, date]:
    return (date(y, 7, 1), date(y, 12, 31)) if second else (date(y, 1, 1), date(y, 6, 30))


def quarter(y: int, q: int) -> tuple[date, date]:
    ends = {1: date(y, 3, 31), 2: date(y, 6, 30), 3: date(y, 9, 30), 4: date(y, 12, 31)}
    return date(y, 3 * q - 2, 1), ends[q]


def held(code: str) -> tuple[str, str]:
    return "held", code


def fig(row: int, column: str | None, locality: str, indicator: str | SameAs, value: float,
        period: tuple) -> Figure:
    return Figure(row, column, locality, indicator, value, *period)


STOCK = (ANY, ANY)
F01 = "01_NgheAn_BC_so_lieu_dan_van_2024.xlsx"
F02 = "02_HuongTra_so_lieu_theo_nam_2020-2022.xlsx"
F03 = "03_Ban_TCD_Soc_Trang_2022-2024.xlsx"
F04 = "04_So_sanh_Gia_Lai_Tra_Vinh_Nghe_An.xlsx"
F05 = "05_Hoan_Kiem_Huong_Tra_export.xlsx"
F06 = "06_Gia_Lai_tiep_cong_dan_2024.xlsx"
F07 = "07 Đơn thư Trà Vinh (bản sửa).xlsx"
F08 = "08_Tong_hop_CCHC_nhieu_nguon.xlsx"
F09 = "09_Don_vi_moi_sau_sap_xep_2025.xlsx"
F10A = "10a_Quang_Binh_cach_goi_rieng_2023.xlsx"
F10B = "10b_Quang_Binh_cach_goi_rieng_2024.xlsx"
F11 = "11_TTHCC_TP_Tra_Vinh_2019.xlsx"
F12 = "12_Xuat_he_thong_Nghe_An.csv"
F13 = "13_Hoa_giai_co_so_chi_tieu_moi.xlsx"
F14 = "14_Gia_Lai_theo_don_vi_bao_cao_2023.xlsx"
F15 = "15_Quang_Binh_dan_van_chinh_quyen_2019-2021.xlsx"
F16 = "16_Hue_Ha_Noi_tong_hop.xlsx"

VISITS = "citizen_reception_visits"

CASES: list[Case] = [
    # Header on row 3 under a title merged over rows 1–2; section headings (rows 4, 10, 14),
    # a «Tổng cộng» line without indicator (18), note and signatures: no outcome for those.
    Case(F01, options(), counts(imported=11), {}, (
        fig(5, None, "nghe-an", VISITS, 5214, year(2024)),
        fig(7, None, "nghe-an", "petitions_received", 7412, year(2024)),
        fig(8, None, "nghe-an", "crowd_delegations", 18, year(2024)),
        fig(11, None, "nghe-an", "dossiers_received", 1532604, year(2024)),
        fig(12, None, "nghe-an", "dossiers_on_time_rate", 98.7, year(2024)),
        fig(13, None, "nghe-an", "dossiers_online_rate", 62.35, year(2024)),
        fig(15, None, "nghe-an", "dvk_models_maintained", 1120, STOCK),
        fig(16, None, "huyen-412", VISITS, 412, year(2024)),
        fig(17, None, "huyen-429", VISITS, 236, year(2024)),
    )),
    # Wide by year with a «Địa bàn» column; Hương Trà's 2021 boundary change; one empty cell.
    Case(F02, options(), counts(imported=20), {}, (
        fig(5, "Năm 2020", "huong-tra-2011", VISITS, 312, year(2020)),
        fig(5, "Năm 2022", "huong-tra-2021", VISITS, 254, year(2022)),
        fig(7, "Năm 2021", "huong-tra-2021", "dossiers_received", 12876, year(2021)),
        fig(9, "Năm 2020", "huong-tra-2011", "dossiers_on_time_rate", 97.2, year(2020)),
        fig(10, "Năm 2022", "huong-tra-2021", "dossiers_online_rate", 35.8, year(2022)),
        fig(11, "Năm 2021", "huong-tra-2021", "dvk_models_maintained", 22, STOCK),
    )),
    # Wide by year, the province named only in the title («UBND TỈNH SÓC TRĂNG»): it is the
    # locality of every row (the motto «CỘNG HÒA XÃ HỘI…» beside it names no commune).
    Case(F03, options(), counts(imported=12), {}, (
        fig(6, "Năm 2022", "soc-trang", VISITS, 2640, year(2022)),
        fig(8, "Năm 2024", "soc-trang", "petitions_received", 1610, year(2024)),
        fig(9, "Năm 2023", "soc-trang", "crowd_delegations", 8, year(2023)),
    )),
    # Wide by locality with a «Thời gian» column; one cell is text, not a number.
    # Trà Vinh's poverty rate «0,91» (stored ones 1,8–5,7 %) is asked «0,91 hay 91%?»: the editor confirms
    Case(F04, options(confirmed=True), counts(imported=17, held=1), {(9, "Nghệ An"): held("gia_tri")}, (
        fig(4, "Gia Lai", "gia-lai", VISITS, 3105, year(2023)),
        fig(4, "Nghệ An", "nghe-an", VISITS, 5020, year(2023)),
        fig(5, "Trà Vinh", "tra-vinh", "petitions_received", 1562, year(2023)),
        fig(6, "Nghệ An", "nghe-an", "dossiers_received", 1204117, year(2023)),
        fig(7, "Trà Vinh", "tra-vinh", "dossiers_late_rate", 0.8, year(2023)),
        fig(8, "Nghệ An", "nghe-an", "poverty_rate", 2.71, (ANY, date(2022, 12, 31))),
        fig(9, "Trà Vinh", "tra-vinh", "dvk_models_recognised", 98, (ANY, date(2024, 12, 31))),
    )),
    # English units and English number style; sources as URLs and document titles («Văn bản»);
    # «Đơn vị» is the locality, «ĐVT» the unit; a rate given in «dossiers».
    # Hoàn Kiếm's 1.876 petitions, over 10 times the largest stored for a huyện (150): asked, confirmed
    Case(F05, options(confirmed=True), counts(imported=14, held=1), {(11, None): held("don_vi_tinh")}, (
        fig(2, None, "hoan-kiem", VISITS, 1254, year(2023)),
        fig(3, None, "hoan-kiem", "citizen_reception_persons", 1020, year(2023)),
        fig(4, None, "hoan-kiem", "citizen_reception_cases", 312, year(2023)),
        fig(6, None, "hoan-kiem", "dossiers_received", 48352, year(2023)),
        fig(8, None, "hoan-kiem", "dossiers_on_time_rate", 99.1, year(2023)),
        fig(9, None, "hoan-kiem", "area_km2", 5.287, STOCK),
        fig(12, None, "huong-tra-2011", VISITS, 402, year(2019)),
        fig(14, None, "huong-tra-2011", "dossiers_late", 37, year(2019)),
        fig(16, None, "huong-tra-2011", "area_km2", 518.53, STOCK),
    )),
    # Rows without «Kỳ báo cáo» take the default «năm 2024»; a row in 2027 is in the future.
    Case(F06, options(period="năm 2024"), counts(imported=11, held=1), {(14, None): held("tuong_lai")}, (
        fig(5, None, "gia-lai", VISITS, 2876, year(2024)),
        fig(6, None, "gia-lai", VISITS, 712, quarter(2024, 1)),
        fig(7, None, "gia-lai", VISITS, 1405, half(2024)),
        fig(9, None, "gia-lai", "complaints_received", 214, year(2024)),
        fig(10, None, "gia-lai", "denunciations_received", 87, year(2024)),
        fig(13, None, "gia-lai", VISITS, 3012, year(2022)),
        fig(15, None, "binh-dinh", VISITS, 2430, year(2024)),
    )),
    # No default period: rows without one (or «6 tháng» without a year) are held «ky»;
    # an identical repeat is skipped, two different values for one key are both held.
    Case(F07, options(), counts(imported=6, held=5, skipped=1), {
        (8, None): ("skipped", "trung_dong"),
        (9, None): held("trung_dong"), (10, None): held("trung_dong"),
        (11, None): held("ky"), (12, None): held("ky"), (13, None): held("ky"),
    }, (
        fig(4, None, "tra-vinh", "petitions_received", 1436, year(2022)),
        fig(5, None, "tra-vinh", "complaints_received", 402, year(2022)),
        fig(6, None, "tra-vinh", "denunciations_received", 96, year(2022)),
        fig(14, None, "tra-vinh", "petitions_answered", 87, year(2023)),
        fig(15, None, "huyen-842", VISITS, 640, year(2023)),
    )),
    # One value column in both number styles, Excel numbers and percentages, «1 245»;
    # an ambiguous «2.500», a rate above 100 and a negative count are held.
    Case(F08, options(), counts(imported=11, held=3), {
        (10, None): held("gia_tri"), (15, None): held("gia_tri"), (16, None): held("gia_tri"),
    }, (
        fig(3, None, "nghe-an", "dossiers_received", 1234567, year(2021)),
        fig(4, None, "nghe-an", "dossiers_resolved", 1229804, year(2021)),
        fig(5, None, "nghe-an", "dossiers_late", 2346, year(2021)),
        fig(6, None, "nghe-an", "dossiers_late_rate", 0.19, year(2021)),
        fig(7, None, "nghe-an", "dossiers_on_time_rate", 99.81, year(2021)),
        fig(8, None, "nghe-an", "dossiers_online_rate", 12.5, year(2021)),
        fig(9, None, "nghe-an", "voter_meetings", 1245, year(2021)),
        fig(11, None, "huong-tra-2021", "dossiers_received", 13890, year(2023)),
        fig(12, None, "huong-tra-2021", "dossiers_on_time_rate", 99.6, year(2023)),
        fig(13, None, "quang-binh", "area_km2", 7998.8, STOCK),
        fig(14, None, "tra-vinh", "area_km2", 2358.2, STOCK),
    ), quiet=(6,)),
    # Units after 1/7/2025 next to their predecessors; default period «năm 2025». Also the
    # command-line test's file (its options match the flags used there).
    Case(F09, options(period="năm 2025", new_indicators=True), counts(imported=13, held=2), {
        (14, None): held("dia_ban"), (17, None): held("dia_ban"),
    }, (
        fig(5, None, "xa-00070-2025", VISITS, 186, half(2025, second=True)),
        fig(7, None, "xa-00070-2025", "dossiers_on_time_rate", 99.2, half(2025, second=True)),
        fig(8, None, "xa-19996-2025", VISITS, 74, quarter(2025, 4)),
        fig(9, None, "xa-19996-2025", "dossiers_received", 3206, year(2025)),
        fig(10, None, "gia-lai-2025", VISITS, 4870, year(2025)),
        fig(11, None, "gia-lai-2025", "petitions_received", 3115, year(2025)),
        fig(12, None, "gia-lai", VISITS, 1630, half(2025)),
        fig(13, None, "vinh-long-2025", VISITS, 3944, year(2025)),
        fig(15, None, "tra-vinh", VISITS, 1101, half(2025)),
        fig(16, None, "hoan-kiem", VISITS, 205, half(2025)),
        fig(18, None, "xa-17827-2025", VISITS, 58, quarter(2025, 4)),
        fig(19, None, "huong-tra-2021", "dossiers_received", 7940, half(2025)),
    )),
    # Unusual staff phrasings, imported with the editor's choices (remembered as aliases).
    Case(F10A, options(indicator_choices={
        "Bà con đến trụ sở phản ánh, kiến nghị": "citizen_reception_visits",
        "Thư, đơn gửi đến các cấp": "petitions_received",
        "Bộ hồ sơ một cửa nhận vào": "dossiers_received",
        "Hồ sơ xử lý chậm so với giấy hẹn": "dossiers_late",
        "Gặp gỡ, đối thoại cử tri của đại biểu": "voter_meetings",
        "Cách làm hay trong vận động quần chúng đang nhân rộng": "dvk_models_maintained",
    }), counts(imported=7), {}, (
        fig(3, None, "quang-binh", VISITS, 2145, year(2023)),
        fig(4, None, "quang-binh", "petitions_received", 1306, year(2023)),
        fig(5, None, "quang-binh", "dossiers_received", 356880, year(2023)),
        fig(6, None, "quang-binh", "dossiers_late", 512, year(2023)),
        fig(7, None, "quang-binh", "voter_meetings", 412, year(2023)),
        fig(9, None, "huyen-450", "dvk_models_maintained", 31, STOCK),
    )),
    # The same phrasings a year later and no choices: matched through the remembered aliases.
    Case(F10B, options(), counts(imported=7), {}, (
        fig(3, None, "quang-binh", "petitions_received", 1288, year(2024)),
        fig(4, None, "quang-binh", VISITS, 2302, year(2024)),
        fig(5, None, "quang-binh", "dossiers_received", 371455, year(2024)),
        fig(6, None, "quang-binh", "dossiers_late", 388, year(2024)),
        fig(7, None, "quang-binh", "voter_meetings", 398, year(2024)),
        fig(8, None, "quang-binh", "dvk_models_maintained", 702, STOCK),
        fig(9, None, "huyen-450", "dvk_models_maintained", 35, STOCK),
    )),
    # 85 late of 20.985 stated as 0,04 %: kept as stated, with a warning on that row; units
    # contradicting the indicator are held.
    Case(F11, options(), counts(imported=6, held=2), {
        (10, None): held("don_vi_tinh"), (11, None): held("don_vi_tinh"),
    }, (
        fig(4, None, "huyen-842", "dossiers_received", 20985, year(2019)),
        fig(6, None, "huyen-842", "dossiers_on_time", 20900, year(2019)),
        fig(7, None, "huyen-842", "dossiers_late", 85, year(2019)),
        fig(8, None, "huyen-842", "dossiers_late_rate", 0.04, year(2019)),
        fig(9, None, "huyen-842", "dossiers_on_time_rate", 99.6, year(2019)),
    ), warnings=(8,), quiet=(9,)),
    # CSV (UTF-8 with BOM, semicolons); a 2024 figure differing from the one file 01 stored.
    Case(F12, options(), counts(imported=7, held=1), {(7, None): held("khac_so_da_co")}, (
        fig(2, None, "nghe-an", VISITS, 4987, year(2022)),
        fig(3, None, "nghe-an", "petitions_received", 6812, year(2022)),
        fig(4, None, "nghe-an", "dossiers_received", 1104235, year(2022)),
        fig(5, None, "nghe-an", "dossiers_on_time_rate", 98.12, year(2022)),
        fig(6, None, "nghe-an", "citizen_reception_persons", 4502, year(2022)),
        fig(8, None, "xa-17827-2025", VISITS, 36, quarter(2025, 3)),
        fig(9, None, "huyen-429", VISITS, 215, year(2023)),
    )),
    # Indicators the catalogue lacks, created on import; the second row of a name reuses it.
    Case(F13, options(new_indicators=True), counts(imported=6), {}, (
        fig(3, None, "huong-tra-2021", NEW, 98, (ANY, date(2023, 12, 31))),
        fig(4, None, "huong-tra-2021", NEW, 612, (ANY, date(2023, 12, 31))),
        fig(5, None, "huong-tra-2021", NEW, 47, (ANY, date(2023, 12, 31))),
        fig(6, None, "huong-tra-2021", VISITS, 241, year(2023)),
        fig(7, None, "nghe-an", SameAs(F13, 3), 3720, (ANY, date(2023, 12, 31))),
        fig(8, None, "nghe-an", SameAs(F13, 4), 21940, (ANY, date(2023, 12, 31))),
    )),
    # «Đơn vị báo cáo» is stored as the scope; two bodies reporting visits are two figures.
    # A name matching nothing, without new_indicators, is held «chi_tieu».
    Case(F14, options(), counts(imported=8, held=1), {(12, None): held("chi_tieu")}, (
        fig(4, None, "gia-lai", VISITS, 1245, year(2023)),
        fig(6, None, "gia-lai", "citizen_reception_cases", 1002, year(2023)),
        fig(7, None, "gia-lai", VISITS, 980, year(2023)),
        fig(8, None, "gia-lai", "dossiers_received", 96412, year(2023)),
        fig(9, None, "gia-lai", "dossiers_on_time_rate", 99.35, year(2023)),
        fig(10, None, "gia-lai", "dvk_models_maintained", 126, STOCK),
        fig(11, None, "gia-lai", "party_members", 8940, (ANY, date(2023, 12, 31))),
    ), scopes={
        (4, None): "Thanh tra tỉnh", (7, None): "Ban Tiếp công dân tỉnh",
        (8, None): "Trung tâm Phục vụ hành chính công tỉnh", (10, None): "Đảng ủy Khối các cơ quan tỉnh",
    }),
    # Held out. Wide by year under a letterhead, text in NFD, section rows, a note line; the
    # indicator created by file 13 is matched without new_indicators.
    Case(F15, options(), counts(imported=20, held=1), {(8, "Năm 2019"): held("gia_tri")}, (
        fig(7, "Năm 2019", "quang-binh", VISITS, 2310, year(2019)),
        fig(8, "Năm 2021", "quang-binh", "citizen_reception_cases", 1307, year(2021)),
        fig(9, "Năm 2020", "quang-binh", "petitions_received", 1702, year(2020)),
        fig(10, "Năm 2021", "huyen-450", VISITS, 298, year(2021)),
        fig(12, "Năm 2020", "quang-binh", "dossiers_received", 301556, year(2020)),
        fig(13, "Năm 2021", "quang-binh", "dossiers_on_time_rate", 99.1, year(2021)),
        fig(15, "Năm 2020", "quang-binh", SameAs(F13, 3), 1530, (ANY, date(2020, 12, 31))),
    )),
    # Held out. Old and new names side by side, a thanh tra reporting year, an ambiguous
    # commune name, a figure contradicting one file 02 stored, stray spaces.
    Case(F16, options(), counts(imported=9, held=3), {
        (3, None): held("khac_so_da_co"), (6, None): held("dia_ban"), (8, None): held("dia_ban"),
    }, (
        fig(4, None, "huong-tra-2021", "citizen_reception_persons", 265, year(2021)),
        fig(5, None, "xa-19996-2025", VISITS, 61, quarter(2025, 3)),
        fig(7, None, "hoan-kiem", VISITS, 402, year(2024)),
        fig(9, None, "hue-2025", "dossiers_received", 612430, year(2025)),
        fig(10, None, "hue-2025", "dossiers_online_rate", 78.4, year(2025)),
        fig(11, None, "thua-thien-hue", VISITS, 3560, year(2023)),
        fig(12, None, "thua-thien-hue", VISITS, 3612, (date(2023, 12, 15), date(2024, 12, 14))),
        fig(13, None, "thua-thien-hue", "complaints_received", 388, year(2024)),
        fig(14, None, "hoan-kiem", "voter_meetings", 36, year(2024)),
    )),
]

HELD_OUT = {F15, F16}
CLI_FILE = F09  # imported by the command line with --ky «năm 2025» --nhap-dong-hop-le --chi-tieu-moi
CLI_HELD_FILE = F11  # has held rows: without --nhap-dong-hop-le nothing is written
