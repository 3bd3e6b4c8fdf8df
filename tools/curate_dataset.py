#!/usr/bin/env python3
"""One-off generator for data/*.csv from the shared research tables.

Reads /work/shared/research/{seed_indicators,public_indicators}.csv and the seed
texts in /work/shared/seeds/, combines them with the hand-written mapping tables
below and writes the curated CSVs described in data/README.md.

Research quotes are used only to locate the figure in the seed text (locator);
no quote text is written to the output.
"""
from __future__ import annotations

import csv
import re
import sys
import unicodedata
from decimal import Decimal
from pathlib import Path

import pandas as pd

RESEARCH = Path("/work/shared/research")
SEEDS = Path("/work/shared/seeds")
OUT = Path(__file__).resolve().parent.parent / "data"

ENTERED_BY = "nhóm dữ liệu dự án"
ENTERED_AT = "2026-11-21T00:00:00"
ACCESSED = "2026-11-01"


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s) if isinstance(s, str) else s


# ---------------------------------------------------------------- themes
THEMES = [
    ("tiep_cong_dan", "Tiếp công dân"),
    ("don_thu", "Đơn thư, khiếu nại, tố cáo"),
    ("tiep_xuc_doi_thoai", "Tiếp xúc, đối thoại với Nhân dân"),
    ("cai_cach_hanh_chinh", "Cải cách hành chính"),
    ("qcdc", "Quy chế dân chủ ở cơ sở"),
    ("dan_van_kheo", "Dân vận khéo"),
    ("khen_thuong", "Thi đua, khen thưởng"),
    ("tuyen_truyen", "Tuyên truyền"),
    ("giam_sat_phan_bien", "Mặt trận, giám sát và phản biện xã hội"),
    ("nong_thon_moi", "Nông thôn mới"),
    ("an_sinh_xa_hoi", "An sinh xã hội"),
    ("van_hoa", "Văn hóa, gia đình văn hóa"),
    ("ha_tang", "Hạ tầng, dự án đầu tư"),
    ("gpmb", "Bồi thường, giải phóng mặt bằng"),
    ("dang_vien", "Xây dựng Đảng, đảng viên"),
    ("dao_tao_can_bo", "Đào tạo, bồi dưỡng cán bộ"),
    ("phong_chong_tham_nhung", "Phòng, chống tham nhũng"),
    ("kinh_te_boi_canh", "Kinh tế (bối cảnh)"),
    ("dan_so", "Dân số, diện tích"),
    ("dia_gioi_hanh_chinh", "Địa giới hành chính"),
]

# ---------------------------------------------------------------- scope classes
SCOPE_CLASSES = [
    ("toan_dia_ban", "Toàn địa bàn",
     "Mọi cơ quan, mọi cấp trên địa bàn, hoặc số liệu thống kê của cả lãnh thổ (dân số, diện tích, tổng hợp chương trình nông thôn mới)", 1),
    ("chinh_quyen_cap_dia_phuong", "Chính quyền cùng cấp",
     "UBND của chính địa phương và các sở, phòng, ban chuyên môn trực thuộc; không gồm chính quyền cấp dưới", 0),
    ("hdnd", "HĐND",
     "Thường trực, đại biểu HĐND hoặc Văn phòng HĐND của địa phương", 0),
    ("thanh_tra_tiep_dan", "Thanh tra, Ban tiếp công dân",
     "Cơ quan thanh tra và Ban tiếp công dân của địa phương; chỉ phần việc do các cơ quan này trực tiếp xử lý", 0),
    ("trung_tam_hcc", "Trung tâm hành chính công cấp huyện",
     "Một trung tâm hành chính công (bộ phận một cửa tập trung) của một đơn vị cấp huyện", 0),
    ("he_thong_chinh_tri", "Cấp ủy, Ban chỉ đạo, Mặt trận",
     "Quận ủy, Tỉnh ủy, Ban chỉ đạo về quy chế dân chủ, Mặt trận Tổ quốc của địa phương", 0),
    ("dang_bo_co_quan", "Đảng bộ khối cơ quan, chi bộ",
     "Đảng ủy Khối các cơ quan tỉnh, Đảng ủy cơ quan chính quyền, một chi bộ; chỉ các cơ quan, đảng viên thuộc đảng bộ đó", 0),
    ("doan_the_nganh", "Đoàn thể, ngành, lực lượng",
     "Một tổ chức công đoàn, đoàn thanh niên khối, lực lượng vũ trang hoặc một sở, ngành riêng lẻ", 0),
    ("dia_ban_cap_duoi", "Một địa bàn cấp dưới",
     "Một huyện, thành phố thuộc tỉnh, hoặc các phường của một quận; không phải toàn địa phương", 0),
    ("cap_huyen_trong_tinh", "Cấp huyện trong tỉnh (gộp hoặc từng huyện)",
     "Các đơn vị, cơ quan cấp huyện của tỉnh xét chung (hoặc quy mô điển hình mỗi huyện); không gồm cấp tỉnh và cấp xã", 0),
    ("cap_xa_trong_tinh", "Cấp xã trong tỉnh (gộp)",
     "Các đơn vị, bộ phận cấp xã của tỉnh xét chung; không gồm cấp tỉnh và cấp huyện", 0),
    ("van_ban_chi_dao", "Chỉ tiêu trong văn bản chỉ đạo",
     "Mức yêu cầu do chỉ thị, nghị quyết, kế hoạch đặt ra; không phải kết quả thực hiện", 0),
    ("boi_canh_don_vi_khac", "Bối cảnh: đơn vị khác",
     "Số liệu về một đơn vị liên quan (đơn vị cấp trên, đơn vị nhận địa bàn, cơ quan trung ương) dùng để giải thích bối cảnh; không đo địa phương", 0),
]

# ---------------------------------------------------------------- units
# research unit string -> unit code (per indicator overrides in UNIT_OVERRIDE)
UNIT_MAP = {
    "count": "chi_bo",
    "persons": "nguoi",
    "visits (lượt)": "luot",
    "sessions (buổi)": "buoi",
    "petitions (đơn)": "don",
    "percent": "phan_tram",
    "persons/year": "nguoi_nam",
    "collectives": "tap_the",
    "projects": "du_an",
    "km": "km",
    "ha": "ha",
    "households": "ho",
    "procedures": "thu_tuc",
    "fields": "linh_vuc",
    "dossiers": "ho_so",
    "documents": "van_ban",
    "documents/ward": "van_ban_phuong",
    "conferences": "hoi_nghi",
    "rounds": "dot",
    "units": "don_vi",
    "wards (of 18)": "phuong",
    "items": "noi_dung",
    "models/agency (target)": "mo_hinh_co_quan",
    "meetings": "cuoc",
    "attendances (lượt)": "luot",
    "persons/district": "nguoi_huyen",
    "sessions": "cuoc",
    "projects (of 23)": "du_an",
    "schools (of 7)": "truong",
    "buildings (of 7)": "cong_trinh",
    "parks (of 3)": "cong_vien",
    "buildings": "cong_trinh",
    "areas": "khu",
    "m": "m",
    "m2": "m2",
    "poles": "tru",
    "billion VND": "ty_dong",
    "million USD": "trieu_usd",
    "gifts": "suat_qua",
    "houses": "can_nha",
    "million VND": "trieu_dong",
    "beneficiary-payments (lượt)": "luot",
    "communes (of 85)": "xa",
    "communes": "xa",
    "departments": "so_nganh",
    "districts": "don_vi_cap_huyen",
    "districts (of 9)": "don_vi_cap_huyen",
    "communes (of 106)": "don_vi_cap_xa",
    "cases": "vu_viec",
    "delegations": "doan",
    "opinions": "y_kien",
    "letters": "cong_van",
    "bright spots (điểm sáng)": "diem_sang",
    "entries": "bai_du_thi",
    "models": "mo_hinh",
    "billion USD": "ty_usd",
    "rank": "thu_hang",
    "children": "tre_em",
    "km2": "km2",
    "million VND/person/year": "trieu_dong_nguoi_nam",
    "agreements": "thoa_uoc",
    "agreements (of 220)": "thoa_uoc",
    "services": "dich_vu",
    "groups": "to",
    "persons/km2": "nguoi_km2",
    "district party committees (of 21)": "cap_uy_huyen",
}
UNIT_OVERRIDE = {  # research indicator code -> unit code
    "radio_news_items": "tin_bai",
    "youth_projects": "cong_trinh",
    "commune_level_units": "don_vi_cap_xa",
    "ntm_units_recognized_cum": "don_vi",
}
UNIT_NAMES = {
    "nguoi": "người", "luot": "lượt", "buoi": "buổi", "don": "đơn", "phan_tram": "%",
    "nguoi_nam": "người/năm", "tap_the": "tập thể", "du_an": "dự án, công trình",
    "cong_trinh": "công trình", "km": "km", "ha": "ha", "ho": "hộ", "thu_tuc": "thủ tục",
    "linh_vuc": "lĩnh vực", "ho_so": "hồ sơ", "van_ban": "văn bản",
    "van_ban_phuong": "văn bản/phường", "hoi_nghi": "hội nghị", "dot": "đợt",
    "don_vi": "đơn vị", "phuong": "phường", "noi_dung": "nội dung", "tin_bai": "tin, bài",
    "mo_hinh_co_quan": "mô hình/cơ quan", "cuoc": "cuộc", "nguoi_huyen": "người/huyện",
    "truong": "trường", "cong_vien": "công viên", "khu": "khu", "m": "m", "m2": "m²",
    "tru": "trụ", "ty_dong": "tỷ đồng", "trieu_usd": "triệu USD", "ty_usd": "tỷ USD",
    "suat_qua": "suất quà", "can_nha": "căn nhà", "trieu_dong": "triệu đồng", "xa": "xã",
    "so_nganh": "sở, ngành", "don_vi_cap_huyen": "đơn vị cấp huyện",
    "don_vi_cap_xa": "đơn vị cấp xã", "vu_viec": "vụ việc", "doan": "đoàn", "y_kien": "ý kiến",
    "cong_van": "công văn", "diem_sang": "điểm sáng", "bai_du_thi": "bài, tác phẩm",
    "mo_hinh": "mô hình", "thu_hang": "hạng", "tre_em": "trẻ em", "km2": "km²",
    "trieu_dong_nguoi_nam": "triệu đồng/người/năm", "thoa_uoc": "bản thỏa ước",
    "dich_vu": "dịch vụ", "to": "tổ", "nguoi_km2": "người/km²",
    "cap_uy_huyen": "huyện, thành, thị ủy", "chi_bo": "chi bộ",
}
# note added for "(of N)" units
UNIT_OF_NOTE = {
    "communes (of 85)": "Trên tổng số 85 xã của tỉnh",
    "communes (of 106)": "Trên tổng số 106 xã, phường, thị trấn",
    "wards (of 18)": "Trên tổng số 18 phường của quận",
    "districts (of 9)": "Trên tổng số 9 huyện, thị xã, thành phố",
    "projects (of 23)": "Trên tổng số 23 dự án",
    "schools (of 7)": "Trên tổng số 7 trường theo dự án",
    "buildings (of 7)": "Trên tổng số 7 nhà văn hóa theo dự án",
    "parks (of 3)": "Trên tổng số 3 công viên theo dự án",
    "agreements (of 220)": "Trên tổng số 220 bản còn hiệu lực (theo cách đọc của nguồn)",
    "district party committees (of 21)": "Trên tổng số 21 huyện, thành, thị ủy",
}

# ---------------------------------------------------------------- indicator codes
# research code -> catalogue code (codes not listed are kept)
CODE_RENAME = {
    "dossiers_on_time_rate_province_level": "dossiers_on_time_rate",
    "dossiers_on_time_rate_district_level": "dossiers_on_time_rate",
    "dossiers_on_time_rate_commune_level": "dossiers_on_time_rate",
    "ntm_communes_recognized_cum": "ntm_communes_recognized",
    "ntm_units_recognized_cum": "ntm_units_recognized",
    "ntm_districts_recognized_cum": "ntm_districts_recognized",
    "ntm_advanced_communes_cum": "ntm_advanced_communes",
    "ntm_model_communes_cum": "ntm_model_communes",
    "citizen_reception_visits_total": "citizen_reception_visits",
    "citizen_reception_cases_total": "citizen_reception_cases",
    "poverty_rate_max": "poverty_rate",
    "voter_turnout_min": "voter_turnout",
    "petition_requests_resolved_rate_min": "citizen_requests_resolution_rate",
    "collectives_commended_2011_2016": "collectives_commended",
    "dvk_models_commended": "ct05_dvk_models_commended",
    "ct05_models_commended_province_level": "ct05_models_commended_by_province",
    "cadres_attending_intermediate_political_theory_2021": "cadres_attending_intermediate_political_theory",
    "area_ha": "area_ha",
}

# catalogue: code -> (name_vi, definition_vi, theme, kind, higher_is_better,
#                     numerator, denominator, dvk_kind, dvk_subject, dvk_field, programme)
I = {}


def ind(code, name, definition, theme, kind, hib="", num="", den="",
        dvk_kind="", dvk_subject="", dvk_field="", programme="", unit=None):
    I[code] = {"code": code, "name_vi": name, "definition_vi": definition, "theme": theme, "kind": kind,
                   "higher_is_better": hib, "numerator_code": num, "denominator_code": den,
                   "dvk_kind": dvk_kind, "dvk_subject": dvk_subject, "dvk_field": dvk_field,
                   "programme": programme, "unit": unit}


# --- Đảng, cán bộ
ind("party_cells", "Số chi bộ trực thuộc", "Số chi bộ trực thuộc đảng bộ báo cáo tại một thời điểm.", "dang_vien", "stock")
ind("party_members", "Số đảng viên", "Số đảng viên sinh hoạt trong đảng bộ báo cáo tại một thời điểm.", "dang_vien", "stock")
ind("new_party_members_per_year_min", "Đảng viên kết nạp mới mỗi năm (cận dưới của khoảng)", "Đầu dưới của khoảng số đảng viên được kết nạp mỗi năm mà nguồn nêu.", "dang_vien", "count")
ind("new_party_members_per_year_max", "Đảng viên kết nạp mới mỗi năm (cận trên của khoảng)", "Đầu trên của khoảng số đảng viên được kết nạp mỗi năm mà nguồn nêu.", "dang_vien", "count")
ind("leaders_appointed_reappointed", "Cán bộ lãnh đạo được cho ý kiến bổ nhiệm, bổ nhiệm lại", "Số cán bộ lãnh đạo, quản lý phòng, ban mà cấp ủy cho ý kiến đề nghị bổ nhiệm hoặc bổ nhiệm lại.", "dang_vien", "count")
ind("asset_declarations", "Người đã kê khai tài sản, thu nhập", "Số cán bộ thuộc diện phải kê khai tài sản, thu nhập đã thực hiện kê khai trong kỳ.", "phong_chong_tham_nhung", "count")
ind("cadres_trained_cvc_cv", "Cán bộ dự lớp chuyên viên chính, chuyên viên", "Số cán bộ, công chức được cử học lớp bồi dưỡng ngạch chuyên viên chính hoặc chuyên viên trong kỳ.", "dao_tao_can_bo", "count")
ind("cadres_completed_senior_political_theory", "Cán bộ hoàn thành cao cấp lý luận chính trị", "Số người tốt nghiệp hệ cao cấp về lý luận chính trị trong kỳ.", "dao_tao_can_bo", "count")
ind("cadres_completed_intermediate_political_theory", "Cán bộ hoàn thành trung cấp lý luận chính trị", "Số người tốt nghiệp hệ trung cấp về lý luận chính trị và hành chính trong kỳ.", "dao_tao_can_bo", "count")
ind("cadres_attending_intermediate_political_theory", "Cán bộ đang học trung cấp lý luận chính trị", "Số người đang theo học trung cấp lý luận chính trị trong kỳ (chưa tốt nghiệp).", "dao_tao_can_bo", "count")
ind("cadres_masters_degree", "Cán bộ hoàn thành chương trình thạc sĩ", "Số cán bộ tốt nghiệp cao học trong kỳ.", "dao_tao_can_bo", "count")
# --- khen thưởng
ind("award_advanced_worker_individual", "Cá nhân đạt danh hiệu Lao động tiên tiến", "Số cá nhân được công nhận Lao động tiên tiến trong năm, trong phạm vi đơn vị báo cáo.", "khen_thuong", "count", dvk_kind="khen_thuong", dvk_subject="ca_nhan", programme="thi_dua")
ind("award_grassroots_emulation_fighter", "Cá nhân đạt danh hiệu Chiến sĩ thi đua cơ sở", "Số cá nhân được công nhận Chiến sĩ thi đua cơ sở trong năm.", "khen_thuong", "count", dvk_kind="khen_thuong", dvk_subject="ca_nhan", programme="thi_dua")
ind("award_advanced_collective", "Tập thể đạt danh hiệu Lao động tiên tiến", "Số tập thể được công nhận Tập thể lao động tiên tiến trong năm.", "khen_thuong", "count", dvk_kind="khen_thuong", dvk_subject="tap_the", programme="thi_dua")
ind("award_excellent_collective", "Tập thể đạt danh hiệu Lao động xuất sắc", "Số tập thể được công nhận Tập thể lao động xuất sắc trong năm.", "khen_thuong", "count", dvk_kind="khen_thuong", dvk_subject="tap_the", programme="thi_dua")
ind("collectives_commended", "Tập thể được khen thưởng (thi đua chung)", "Số tập thể được cơ quan báo cáo khen thưởng vì thành tích trong phong trào thi đua chung của địa phương (không riêng Dân vận khéo).", "khen_thuong", "count", dvk_kind="khen_thuong", dvk_subject="tap_the", programme="thi_dua")
ind("contest_awards", "Bài dự thi được trao giải", "Số tác phẩm đoạt giải trong cuộc thi viết về gương điển hình do đơn vị tổ chức.", "khen_thuong", "count", dvk_kind="khen_thuong", programme="cuoc_thi_guong_sang")
ind("ct05_models_commended", "Mô hình điển hình học tập và làm theo Bác được tuyên dương, khen thưởng", "Số mô hình điển hình thực hiện Chỉ thị 05-CT/TW được tuyên dương, khen thưởng ở mọi cấp; không phải mô hình Dân vận khéo.", "khen_thuong", "count", dvk_kind="khen_thuong", programme="chi_thi_05")
ind("ct05_models_commended_by_province", "Mô hình điển hình (Chỉ thị 05) được tuyên dương, khen thưởng cấp tỉnh", "Phần trong số mô hình điển hình thực hiện Chỉ thị 05-CT/TW được giới thiệu tuyên dương, khen thưởng ở cấp tỉnh.", "khen_thuong", "count", dvk_kind="khen_thuong", programme="chi_thi_05")
# --- Dân vận khéo
ind("dvk_min_models_per_agency_target", "Chỉ tiêu số mô hình Dân vận khéo tối thiểu mỗi cơ quan", "Số mô hình Dân vận khéo tối thiểu mà văn bản chỉ đạo yêu cầu mỗi cơ quan hành chính, chính quyền xây dựng, nhân rộng; là chỉ tiêu, không phải kết quả.", "dan_van_kheo", "target", dvk_kind="chi_tieu", programme="dan_van_kheo")
ind("dvk_advanced_collectives_identified", "Tập thể tiên tiến được phát hiện qua phong trào Dân vận khéo", "Số tập thể điển hình được phát hiện, nhân rộng qua phong trào thi đua Dân vận khéo.", "dan_van_kheo", "count", dvk_kind="phat_hien", dvk_subject="tap_the", programme="dan_van_kheo")
ind("dvk_advanced_individuals_identified", "Cá nhân tiên tiến được phát hiện qua phong trào Dân vận khéo", "Số cá nhân điển hình được phát hiện, nhân rộng qua phong trào thi đua Dân vận khéo.", "dan_van_kheo", "count", dvk_kind="phat_hien", dvk_subject="ca_nhan", programme="dan_van_kheo")
ind("dvk_collectives_commended", "Tập thể được khen thưởng trong phong trào Dân vận khéo", "Số tập thể được biểu dương, khen thưởng vì thành tích thi đua Dân vận khéo trong kỳ.", "dan_van_kheo", "count", dvk_kind="khen_thuong", dvk_subject="tap_the", programme="dan_van_kheo")
ind("dvk_individuals_commended", "Cá nhân được khen thưởng trong phong trào Dân vận khéo", "Số cá nhân được biểu dương, khen thưởng vì thành tích thi đua Dân vận khéo trong kỳ.", "dan_van_kheo", "count", dvk_kind="khen_thuong", dvk_subject="ca_nhan", programme="dan_van_kheo")
ind("dvk_models_maintained", "Mô hình Dân vận khéo đang duy trì", "Số mô hình Dân vận khéo mà đơn vị báo cáo đã xây dựng và đang duy trì tại thời điểm báo cáo.", "dan_van_kheo", "stock", dvk_kind="mo_hinh", programme="dan_van_kheo")
ind("qcdc_bright_spots", "Điểm sáng dân chủ ở cơ sở (quy chế dân chủ)", "Số điểm sáng về dân chủ ở cơ sở mà các cơ quan, đơn vị đã xây dựng (luỹ kế).", "dan_van_kheo", "stock", dvk_kind="diem_sang", programme="dan_van_kheo")
ind("dvcq_bright_spots", "Điểm sáng dân vận chính quyền", "Số điểm sáng về dân vận chính quyền mà các cơ quan, đơn vị đã xây dựng (luỹ kế).", "dan_van_kheo", "stock", dvk_kind="diem_sang", programme="dan_van_kheo")
ind("ct05_dvk_models_commended", "Mô hình điển hình được tuyên dương (gộp học tập làm theo Bác và Dân vận khéo)", "Số mô hình tiêu biểu (tập thể và cá nhân) được tuyên dương, gộp chung hai phong trào học tập và làm theo Bác và Dân vận khéo; không tách được phần Dân vận khéo.", "dan_van_kheo", "count", dvk_kind="khen_thuong", programme="chi_thi_05_va_dan_van_kheo")
# --- QCDC
ind("qcdc_steering_committee_members", "Thành viên ban chỉ đạo về quy chế dân chủ", "Số thành viên ban chỉ đạo về quy chế dân chủ của đơn vị báo cáo.", "qcdc", "stock")
ind("qcdc_units_holding_staff_conference_pct", "Tỷ lệ cơ quan có hội nghị cán bộ, công chức đầu năm", "Phần trăm cơ quan, đơn vị (trong phạm vi báo cáo) đã họp hội nghị cán bộ, công chức và viên chức vào đầu năm.", "qcdc", "rate", hib="1")
ind("qcdc_documents_issued", "Văn bản triển khai quy chế dân chủ do Ban chỉ đạo ban hành", "Số văn bản chương trình, kế hoạch về thực hiện quy chế dân chủ do ban chỉ đạo ban hành.", "qcdc", "count")
ind("qcdc_regulations_conventions_total", "Quy chế, quy ước dân chủ đang thực hiện", "Tổng số quy chế, quy ước dân chủ đã xây dựng và đang thực hiện ở các đơn vị trên địa bàn tại một thời điểm.", "qcdc", "stock")
ind("qcdc_regulations_per_ward_min", "Quy chế dân chủ mỗi phường (cận dưới của khoảng)", "Đầu dưới của khoảng số quy chế dân chủ bình quân mỗi phường.", "qcdc", "stock")
ind("qcdc_regulations_per_ward_max", "Quy chế dân chủ mỗi phường (cận trên của khoảng)", "Đầu trên của khoảng số quy chế dân chủ bình quân mỗi phường.", "qcdc", "stock")
ind("democratic_conventions_per_ward_min", "Quy ước dân chủ mỗi phường (cận dưới của khoảng)", "Đầu dưới của khoảng số quy ước dân chủ mỗi phường.", "qcdc", "stock")
ind("democratic_conventions_per_ward_max", "Quy ước dân chủ mỗi phường (cận trên của khoảng)", "Đầu trên của khoảng số quy ước dân chủ mỗi phường.", "qcdc", "stock")
for c, who in [("party_committee", "cấp ủy"), ("government", "chính quyền"), ("qcdc_steering", "Ban chỉ đạo quy chế dân chủ"),
               ("fatherland_front", "Mặt trận Tổ quốc"), ("mass_orgs", "các đoàn thể chính trị – xã hội")]:
    ind(f"qcdc_leadership_docs_share_{c}", f"Tỷ trọng văn bản lãnh đạo quy chế dân chủ do {who} ban hành",
        f"Phần trăm văn bản lãnh đạo, chỉ đạo về quy chế dân chủ trên địa bàn do {who} ban hành, trên tổng số văn bản của cả hệ thống chính trị.", "qcdc", "rate")
ind("party_orgs_briefed_on_qcdc_pct", "Tỷ lệ tổ chức cơ sở đảng đã quán triệt văn bản về quy chế dân chủ", "Phần trăm tổ chức cơ sở đảng đã quán triệt các văn bản về quy chế dân chủ tới cán bộ, đảng viên.", "qcdc", "rate", hib="1")
ind("qcdc_inspection_rounds", "Đợt kiểm tra thực hiện quy chế dân chủ", "Số đợt kiểm tra việc thực hiện quy chế dân chủ do ban chỉ đạo tiến hành trong kỳ.", "qcdc", "count")
ind("qcdc_units_inspected", "Đơn vị được kiểm tra về quy chế dân chủ", "Số lượt đơn vị được kiểm tra việc thực hiện quy chế dân chủ trong kỳ.", "qcdc", "count")
ind("wards_disclosing_all_11_items", "Phường công khai đủ 11 nội dung cho dân biết", "Số phường đã thông báo công khai đủ 11 nội dung phải công khai để dân biết theo Pháp lệnh 34/2007.", "qcdc", "stock", hib="1")
ind("disclosure_items_required", "Số nội dung phải công khai để dân biết", "Số nội dung mà pháp lệnh yêu cầu chính quyền cấp xã công khai cho dân biết (quy định, không phải kết quả).", "qcdc", "context")
ind("qcdc_dvk_steering_members_dept_min", "Thành viên ban chỉ đạo quy chế dân chủ, Dân vận khéo ở sở, ngành (cận dưới)", "Đầu dưới của khoảng số thành viên ban chỉ đạo quy chế dân chủ và phong trào Dân vận khéo ở mỗi sở, ngành, doanh nghiệp nhà nước.", "qcdc", "stock")
ind("qcdc_dvk_steering_members_dept_max", "Thành viên ban chỉ đạo quy chế dân chủ, Dân vận khéo ở sở, ngành (cận trên)", "Đầu trên của khoảng số thành viên ban chỉ đạo quy chế dân chủ và phong trào Dân vận khéo ở mỗi sở, ngành, doanh nghiệp nhà nước.", "qcdc", "stock")
ind("qcdc_steering_members_district_min", "Thành viên ban chỉ đạo quy chế dân chủ mỗi huyện (cận dưới)", "Đầu dưới của khoảng số thành viên ban chỉ đạo quy chế dân chủ của mỗi huyện, thị xã, thành phố.", "qcdc", "stock")
ind("qcdc_steering_members_district_max", "Thành viên ban chỉ đạo quy chế dân chủ mỗi huyện (cận trên)", "Đầu trên của khoảng số thành viên ban chỉ đạo quy chế dân chủ của mỗi huyện, thị xã, thành phố.", "qcdc", "stock")
ind("public_consultation_meetings", "Cuộc lấy ý kiến người dân", "Số cuộc lấy ý kiến người dân về dự thảo văn bản, quy hoạch, bồi thường, giải phóng mặt bằng trong kỳ.", "qcdc", "count")
ind("public_consultation_attendance", "Lượt người dự lấy ý kiến", "Số lượt người dân dự các cuộc lấy ý kiến trong kỳ.", "qcdc", "count")
ind("collective_agreements_new", "Thỏa ước lao động tập thể ký mới", "Số thỏa ước lao động tập thể mới ký trong kỳ (dân chủ ở nơi làm việc).", "qcdc", "count")
ind("collective_agreements_amended", "Thỏa ước lao động tập thể sửa đổi, bổ sung", "Số thỏa ước lao động tập thể có sửa đổi, bổ sung trong kỳ.", "qcdc", "count")
ind("collective_agreements_more_favourable", "Thỏa ước còn hiệu lực có điều khoản có lợi hơn cho người lao động", "Số thỏa ước lao động tập thể đang có hiệu lực chứa nội dung có lợi hơn luật cho người lao động; nguồn ghi kèm tổng số bản còn hiệu lực.", "qcdc", "stock")
# --- tuyên truyền
ind("qcdc_propaganda_training_conferences", "Hội nghị tuyên truyền, tập huấn về quy chế dân chủ", "Số hội nghị tuyên truyền, tập huấn về quy chế dân chủ do địa phương tổ chức trong kỳ.", "tuyen_truyen", "count")
ind("dvcq_dissemination_meetings", "Hội nghị quán triệt về dân vận chính quyền", "Số cuộc hội nghị quán triệt, triển khai công tác dân vận chính quyền cho cán bộ, công chức, viên chức và người lao động trong kỳ.", "tuyen_truyen", "count")
ind("dvcq_dissemination_attendance", "Lượt cán bộ dự quán triệt dân vận chính quyền", "Số lượt cán bộ, công chức, viên chức và người lao động dự các hội nghị quán triệt; không phải người dân.", "tuyen_truyen", "count")
ind("radio_news_items", "Tin, bài tuyên truyền trên truyền thanh", "Số tin, bài phát trên đài, trạm truyền thanh trong kỳ.", "tuyen_truyen", "count")
ind("legal_education_sessions", "Cuộc tuyên truyền, phổ biến pháp luật", "Số buổi, cuộc phổ biến và giáo dục pháp luật trong kỳ.", "tuyen_truyen", "count")
ind("legal_education_attendance", "Lượt người dự phổ biến pháp luật", "Số lượt người dự các buổi phổ biến và giáo dục pháp luật trong kỳ.", "tuyen_truyen", "count")
ind("contest_entries_grassroots", "Bài dự thi cấp cơ sở", "Số bài dự thi cuộc thi viết về gương điển hình ở vòng cơ sở.", "tuyen_truyen", "count")
ind("contest_entries_bloc_level", "Bài dự thi vòng cấp Đảng bộ Khối", "Số bài dự thi được chọn vào vòng cấp Đảng bộ Khối.", "tuyen_truyen", "count")
ind("cultural_family_propaganda_sessions", "Cuộc tuyên truyền về gia đình văn hóa", "Số cuộc tuyên truyền về gia đình văn hóa (luỹ kế trong giai đoạn nguồn nêu).", "tuyen_truyen", "count")
ind("cultural_family_propaganda_attendance", "Lượt người dự tuyên truyền gia đình văn hóa", "Số lượt người dự các cuộc tuyên truyền về gia đình văn hóa (luỹ kế).", "tuyen_truyen", "count")
ind("cultural_families_pct", "Tỷ lệ hộ đạt danh hiệu Gia đình văn hóa", "Phần trăm hộ gia đình trên địa bàn đạt danh hiệu Gia đình văn hóa trong năm.", "van_hoa", "rate", hib="1")
# --- tiếp công dân
ind("citizen_reception_visits", "Lượt công dân được tiếp (mọi hình thức)", "Tổng số lượt người được cơ quan báo cáo tiếp trong kỳ, gồm tiếp thường xuyên, định kỳ và đột xuất.", "tiep_cong_dan", "count")
ind("citizen_reception_cases", "Vụ việc qua tiếp công dân (mọi hình thức)", "Tổng số vụ việc công dân trình bày qua các hình thức tiếp công dân trong kỳ.", "tiep_cong_dan", "count")
ind("citizen_reception_visits_regular", "Lượt công dân được tiếp thường xuyên", "Số lượt người được tiếp tại trụ sở, nơi tiếp công dân thường xuyên (Ban tiếp công dân, cơ quan thanh tra) trong kỳ.", "tiep_cong_dan", "count")
ind("citizen_reception_cases_regular", "Vụ việc qua tiếp công dân thường xuyên", "Số vụ việc được trình bày qua tiếp công dân thường xuyên trong kỳ.", "tiep_cong_dan", "count")
ind("citizen_reception_visits_by_heads", "Lượt công dân được người đứng đầu tiếp", "Số lượt người được chủ tịch UBND, thủ trưởng cơ quan tiếp định kỳ hoặc đột xuất trong kỳ.", "tiep_cong_dan", "count")
ind("citizen_reception_cases_by_heads", "Vụ việc qua tiếp công dân của người đứng đầu", "Số vụ việc được trình bày tại các buổi tiếp của chủ tịch UBND, thủ trưởng cơ quan trong kỳ.", "tiep_cong_dan", "count")
ind("citizen_reception_sessions_grassroots", "Buổi tiếp dân định kỳ tại cơ sở", "Số buổi lãnh đạo HĐND, UBND cấp huyện xuống xã, phường tiếp dân định kỳ.", "tiep_cong_dan", "count")
ind("citizen_reception_visits_grassroots", "Lượt công dân tại buổi tiếp dân ở cơ sở", "Số lượt công dân đến các buổi tiếp dân định kỳ của lãnh đạo HĐND, UBND cấp huyện tại xã, phường.", "tiep_cong_dan", "count")
ind("crowd_delegations", "Đoàn đông người", "Số đoàn đông người đến trình bày tại nơi tiếp công dân trong kỳ.", "tiep_cong_dan", "count", hib="0")
ind("crowd_delegation_persons", "Người trong các đoàn đông người", "Tổng số người thuộc các đoàn đông người được tiếp trong kỳ.", "tiep_cong_dan", "count")
ind("crowd_delegation_cases", "Vụ việc của đoàn đông người", "Số vụ việc do các đoàn đông người trình bày trong kỳ.", "tiep_cong_dan", "count")
# --- đơn thư
ind("petitions_received", "Đơn thư tiếp nhận", "Số đơn khiếu nại, tố cáo, kiến nghị, phản ánh mà cơ quan báo cáo nhận trong kỳ (kể cả đơn trùng, đơn không đủ điều kiện).", "don_thu", "count")
ind("petitions_eligible", "Đơn đủ điều kiện xử lý", "Số đơn nhận trong kỳ đủ điều kiện để xử lý.", "don_thu", "count")
ind("petitions_ineligible", "Đơn không đủ điều kiện xử lý", "Số đơn nhận trong kỳ không đủ điều kiện để xử lý.", "don_thu", "count")
ind("petitions_in_jurisdiction", "Đơn thuộc thẩm quyền giải quyết", "Số đơn thuộc thẩm quyền giải quyết của cơ quan báo cáo trong kỳ.", "don_thu", "count")
ind("petitions_in_jurisdiction_resolved", "Đơn thuộc thẩm quyền đã giải quyết", "Số đơn thuộc thẩm quyền đã được giải quyết xong trong kỳ.", "don_thu", "count")
ind("petitions_in_jurisdiction_resolution_rate", "Tỷ lệ giải quyết đơn thuộc thẩm quyền", "Phần trăm đơn thuộc thẩm quyền đã giải quyết, tính trên số đơn thuộc thẩm quyền (không phải trên toàn bộ đơn nhận).", "don_thu", "rate", hib="1", num="petitions_in_jurisdiction_resolved", den="petitions_in_jurisdiction")
ind("petitions_forwarded", "Đơn chuyển cơ quan có thẩm quyền", "Số đơn được chuyển đến ngành, cơ quan có thẩm quyền xem xét trong kỳ.", "don_thu", "count")
ind("petitions_answered", "Đơn đã trả lời", "Số đơn được cơ quan báo cáo trả lời trực tiếp cho công dân trong kỳ.", "don_thu", "count")
ind("petitions_duplicate", "Đơn trùng lặp, lưu theo dõi", "Số đơn trùng nội dung đã nhận trước, chỉ lưu theo dõi.", "don_thu", "count")
ind("petitions_filed_not_actionable", "Đơn xếp lưu hoặc chuyển, hướng dẫn", "Số đơn không thuộc thẩm quyền hoặc không đủ điều kiện (trùng, không rõ địa chỉ, không ký tên) đã được chuyển, hướng dẫn hoặc xếp lưu.", "don_thu", "count")
ind("agency_replies_received", "Công văn trả lời đơn nhận từ các ngành", "Số công văn của các ngành chức năng trả lời về đơn công dân đã được chuyển đến.", "don_thu", "count")
ind("citizen_requests_resolution_rate", "Tỷ lệ giải quyết yêu cầu của công dân", "Phần trăm yêu cầu của công dân (qua đơn thư) đã được giải quyết; nguồn không nêu rõ mẫu số.", "don_thu", "rate", hib="1")
ind("complaint_denunciation_cases_new", "Vụ việc khiếu nại, tố cáo mới trong kỳ", "Số vụ việc khiếu nại, tố cáo mới phát sinh trong kỳ.", "don_thu", "count")
ind("complaint_denunciation_cases_to_resolve", "Vụ việc khiếu nại, tố cáo phải giải quyết", "Tổng số vụ việc khiếu nại, tố cáo thuộc thẩm quyền phải giải quyết trong kỳ (kỳ trước chuyển sang và phát sinh mới).", "don_thu", "count")
ind("complaint_denunciation_cases_resolved", "Vụ việc khiếu nại, tố cáo đã giải quyết", "Số vụ việc khiếu nại, tố cáo thuộc thẩm quyền đã giải quyết xong trong kỳ.", "don_thu", "count")
ind("complaint_denunciation_resolution_rate", "Tỷ lệ giải quyết vụ việc khiếu nại, tố cáo", "Phần trăm vụ việc khiếu nại, tố cáo đã giải quyết trên số vụ việc phải giải quyết trong kỳ; số ghi ở đây là tỷ lệ nguồn công bố.", "don_thu", "rate", hib="1", num="complaint_denunciation_cases_resolved", den="complaint_denunciation_cases_to_resolve")
# --- tiếp xúc, đối thoại
ind("voter_meetings", "Cuộc tiếp xúc cử tri", "Số cuộc đại biểu dân cử tiếp xúc cử tri trong kỳ.", "tiep_xuc_doi_thoai", "count")
ind("voter_meeting_attendance", "Lượt cử tri dự tiếp xúc", "Số lượt cử tri dự các cuộc tiếp xúc trong kỳ.", "tiep_xuc_doi_thoai", "count")
ind("voter_opinions", "Ý kiến, kiến nghị của cử tri", "Số lượt ý kiến, kiến nghị cử tri nêu tại các cuộc tiếp xúc.", "tiep_xuc_doi_thoai", "count")
ind("voter_opinions_answered_onsite", "Ý kiến cử tri được giải trình tại chỗ", "Số ý kiến cử tri được đại biểu, cơ quan giải trình ngay tại buổi tiếp xúc.", "tiep_xuc_doi_thoai", "count")
ind("voter_opinions_forwarded", "Ý kiến cử tri chuyển cơ quan chức năng", "Số ý kiến cử tri được tiếp thu, chuyển đến cơ quan chức năng để trả lời.", "tiep_xuc_doi_thoai", "count")
ind("district_committees_briefed_de_an_07", "Huyện, thành, thị ủy đã quán triệt Đề án 07-ĐA/TU", "Số cấp ủy cấp huyện đã họp quán triệt đề án của Tỉnh ủy về tiếp xúc, đối thoại với Nhân dân.", "tiep_xuc_doi_thoai", "stock", hib="1")
# --- giám sát
ind("voter_turnout", "Tỷ lệ cử tri đi bầu", "Phần trăm cử tri trong danh sách đã đi bầu trong cuộc bầu cử đại biểu Quốc hội và HĐND các cấp.", "giam_sat_phan_bien", "rate", hib="1")
ind("people_assessors_nominated", "Hội thẩm nhân dân được hiệp thương giới thiệu", "Số hội thẩm nhân dân cấp tỉnh và cấp huyện được Mặt trận hiệp thương, giới thiệu cho nhiệm kỳ.", "giam_sat_phan_bien", "count")
# --- cải cách hành chính
ind("tthc_procedures_handled", "Thủ tục hành chính tiếp nhận tại trung tâm", "Số thủ tục hành chính mà trung tâm hành chính công tiếp nhận, giải quyết tại thời điểm báo cáo.", "cai_cach_hanh_chinh", "stock")
ind("tthc_fields", "Lĩnh vực thủ tục hành chính tại trung tâm", "Số lĩnh vực thủ tục hành chính thuộc thẩm quyền được giải quyết tại trung tâm.", "cai_cach_hanh_chinh", "stock")
ind("dossiers_received", "Hồ sơ thủ tục hành chính tiếp nhận", "Số hồ sơ thủ tục hành chính mà đơn vị báo cáo tiếp nhận trong kỳ.", "cai_cach_hanh_chinh", "count")
ind("dossiers_resolved", "Hồ sơ thủ tục hành chính đã giải quyết", "Số hồ sơ đã giải quyết xong (trả kết quả) trong kỳ, đúng hạn hoặc trễ hạn.", "cai_cach_hanh_chinh", "count")
ind("dossiers_on_time", "Hồ sơ giải quyết đúng hạn", "Số hồ sơ được giải quyết đúng hoặc trước hạn trong kỳ.", "cai_cach_hanh_chinh", "count", hib="1")
ind("dossiers_late", "Hồ sơ trễ hạn", "Số hồ sơ giải quyết quá thời hạn quy định trong kỳ.", "cai_cach_hanh_chinh", "count", hib="0")
ind("dossiers_in_progress", "Hồ sơ đang trong thời hạn giải quyết", "Số hồ sơ chưa có kết quả nhưng còn trong thời hạn tại thời điểm báo cáo.", "cai_cach_hanh_chinh", "stock")
ind("dossiers_on_time_rate", "Tỷ lệ hồ sơ giải quyết đúng hạn", "Phần trăm hồ sơ giải quyết đúng hoặc trước hạn, tính trên số hồ sơ ĐÃ GIẢI QUYẾT (không phải số hồ sơ tiếp nhận).", "cai_cach_hanh_chinh", "rate", hib="1", num="dossiers_on_time", den="dossiers_resolved")
ind("dossiers_late_rate", "Tỷ lệ hồ sơ trễ hạn", "Phần trăm hồ sơ trễ hạn tính trên số hồ sơ tiếp nhận; số ghi ở đây là tỷ lệ nguồn công bố.", "cai_cach_hanh_chinh", "rate", hib="0", num="dossiers_late", den="dossiers_received")
ind("tthc_newly_published", "Thủ tục hành chính công bố mới", "Số thủ tục hành chính được công bố mới trong kỳ.", "cai_cach_hanh_chinh", "count")
ind("tthc_abolished", "Thủ tục hành chính bãi bỏ", "Số thủ tục hành chính được bãi bỏ trong kỳ.", "cai_cach_hanh_chinh", "count")
ind("tthc_updated_national_db", "Thủ tục cập nhật vào cơ sở dữ liệu quốc gia", "Số thủ tục hành chính được cập nhật vào cơ sở dữ liệu quốc gia về thủ tục hành chính trong kỳ.", "cai_cach_hanh_chinh", "count")
ind("tthc_reviewed", "Thủ tục hành chính đã rà soát", "Số thủ tục hành chính được rà soát thời gian giải quyết trong kỳ.", "cai_cach_hanh_chinh", "count")
ind("tthc_time_halved", "Thủ tục cắt giảm một nửa thời gian", "Số thủ tục hành chính có thời gian giải quyết giảm còn một nửa so với quy định.", "cai_cach_hanh_chinh", "count")
ind("tthc_time_cut_third", "Thủ tục cắt giảm một phần ba thời gian", "Số thủ tục hành chính có thời gian giải quyết giảm một phần ba so với quy định.", "cai_cach_hanh_chinh", "count")
ind("tthc_time_not_reducible", "Thủ tục không thể cắt giảm thời gian", "Số thủ tục đã rà soát nhưng không thể rút ngắn thời gian giải quyết.", "cai_cach_hanh_chinh", "count")
ind("tthc_time_reduced", "Thủ tục được cắt giảm thời gian xử lý", "Số thủ tục hành chính được các sở, ngành rút ngắn thời gian xử lý.", "cai_cach_hanh_chinh", "count")
ind("one_stop_shops_departments", "Sở, ngành có bộ phận một cửa", "Số sở, ban, ngành cấp tỉnh đã lập bộ phận một cửa (tiếp nhận hồ sơ, trả kết quả).", "cai_cach_hanh_chinh", "stock")
ind("one_stop_shops_districts", "Đơn vị cấp huyện có bộ phận một cửa", "Số huyện, thị xã, thành phố có bộ phận một cửa.", "cai_cach_hanh_chinh", "stock")
ind("one_stop_shops_communes", "Đơn vị cấp xã có bộ phận một cửa", "Số xã, phường, thị trấn có bộ phận một cửa.", "cai_cach_hanh_chinh", "stock", hib="1")
ind("tthc_interlinked_one_stop", "Thủ tục thực hiện theo một cửa liên thông", "Số thủ tục hành chính được giải quyết theo cơ chế một cửa liên thông.", "cai_cach_hanh_chinh", "stock")
ind("online_public_services", "Dịch vụ công trực tuyến", "Số dịch vụ công trực tuyến (toàn trình và một phần) cung cấp trên hệ thống giải quyết thủ tục hành chính của tỉnh.", "cai_cach_hanh_chinh", "stock")
ind("community_digital_groups_commune", "Tổ công nghệ số cộng đồng cấp xã", "Số tổ công nghệ số cộng đồng đã thành lập ở cấp xã.", "cai_cach_hanh_chinh", "stock")
ind("digital_transformation_models", "Mô hình sáng tạo của tổ chức Đoàn về chuyển đổi số, cải cách hành chính", "Số mô hình sáng tạo về chuyển đổi số, cải cách hành chính do tổ chức Đoàn xây dựng; không phải mô hình Dân vận khéo.", "cai_cach_hanh_chinh", "count")
# --- nông thôn mới
ind("ntm_communes_total", "Tổng số xã thuộc chương trình nông thôn mới", "Tổng số xã (không gồm phường, thị trấn) của địa phương, dùng làm mẫu số cho các tỷ lệ nông thôn mới.", "nong_thon_moi", "stock")
ind("ntm_communes_recognized", "Xã đạt chuẩn nông thôn mới (luỹ kế)", "Số xã đã có quyết định công nhận đạt chuẩn nông thôn mới tính đến thời điểm báo cáo.", "nong_thon_moi", "stock", hib="1")
ind("ntm_communes_recognized_pct", "Tỷ lệ xã đạt chuẩn nông thôn mới", "Phần trăm xã đã được công nhận đạt chuẩn nông thôn mới trên tổng số xã.", "nong_thon_moi", "rate", hib="1", num="ntm_communes_recognized", den="ntm_communes_total")
ind("ntm_communes_19_criteria", "Xã đạt đủ 19 tiêu chí nông thôn mới", "Số xã đạt đủ 19/19 tiêu chí (kể cả xã chưa có quyết định công nhận) tại thời điểm báo cáo.", "nong_thon_moi", "stock", hib="1")
ind("ntm_communes_19_criteria_pct", "Tỷ lệ xã đạt đủ 19 tiêu chí nông thôn mới", "Phần trăm xã đạt đủ 19/19 tiêu chí trên tổng số xã.", "nong_thon_moi", "rate", hib="1", num="ntm_communes_19_criteria", den="ntm_communes_total")
ind("ntm_communes_15_18_criteria", "Xã đạt 15–18 tiêu chí nông thôn mới", "Số xã đạt từ 15 đến 18 tiêu chí tại thời điểm báo cáo.", "nong_thon_moi", "stock")
ind("ntm_communes_10_14_criteria", "Xã đạt 10–14 tiêu chí nông thôn mới", "Số xã đạt từ 10 đến 14 tiêu chí tại thời điểm báo cáo.", "nong_thon_moi", "stock")
ind("ntm_communes_5_9_criteria", "Xã đạt 5–9 tiêu chí nông thôn mới", "Số xã đạt từ 5 đến 9 tiêu chí tại thời điểm báo cáo.", "nong_thon_moi", "stock")
ind("ntm_communes_pending", "Xã đang đề nghị công nhận nông thôn mới", "Số xã đã hoàn thành và đang chờ quyết định công nhận đạt chuẩn.", "nong_thon_moi", "stock")
ind("ntm_communes_recognized_in_year", "Xã được công nhận nông thôn mới trong kỳ", "Số xã được quyết định công nhận đạt chuẩn nông thôn mới trong kỳ (không phải luỹ kế).", "nong_thon_moi", "count", hib="1")
ind("ntm_communes_registered", "Xã đăng ký về đích nông thôn mới trong năm", "Số xã đăng ký phấn đấu đạt chuẩn nông thôn mới (hoặc nâng cao) trong năm.", "nong_thon_moi", "count")
ind("ntm_units_recognized", "Đơn vị cấp xã đạt tiêu chí nông thôn mới (luỹ kế)", "Số đơn vị cấp xã đạt chuẩn nông thôn mới theo cách đếm 'đơn vị' của nguồn; có thể không chỉ gồm xã.", "nong_thon_moi", "stock", hib="1")
ind("ntm_districts_recognized", "Huyện, thị xã, thành phố đạt chuẩn nông thôn mới (luỹ kế)", "Số huyện, thị xã, thành phố được công nhận đạt chuẩn hoặc đã xong nhiệm vụ nông thôn mới.", "nong_thon_moi", "stock", hib="1")
ind("ntm_advanced_communes", "Xã nông thôn mới nâng cao (luỹ kế)", "Số xã được công nhận đạt chuẩn nông thôn mới nâng cao tính đến thời điểm báo cáo.", "nong_thon_moi", "stock", hib="1")
ind("ntm_model_communes", "Xã nông thôn mới kiểu mẫu (luỹ kế)", "Số xã được công nhận nông thôn mới kiểu mẫu tính đến thời điểm báo cáo.", "nong_thon_moi", "stock", hib="1")
ind("ntm_cultural_communes", "Xã đạt chuẩn văn hóa nông thôn mới", "Số xã được công nhận đạt chuẩn văn hóa nông thôn mới.", "nong_thon_moi", "stock", hib="1")
# --- hạ tầng (dự án nâng cấp đô thị)
ind("lia_projects_completed", "Tiểu dự án nâng cấp khu dân cư đã hoàn thành", "Số tiểu dự án nâng cấp hạ tầng khu dân cư thu nhập thấp đã hoàn thành (luỹ kế).", "ha_tang", "stock")
ind("schools_completed", "Trường học hoàn thành theo dự án", "Số trường học được xây dựng xong thuộc dự án (luỹ kế).", "ha_tang", "stock")
ind("community_halls_completed", "Nhà văn hóa cộng đồng hoàn thành", "Số nhà văn hóa cộng đồng xây dựng xong thuộc dự án (luỹ kế).", "ha_tang", "stock")
ind("parks_completed", "Công viên hoàn thành theo dự án", "Số công viên xây dựng xong thuộc dự án (luỹ kế).", "ha_tang", "stock")
ind("hamlet_offices_built", "Trụ sở ban nhân dân khóm xây dựng", "Số trụ sở khóm, ấp được xây dựng thuộc dự án (luỹ kế).", "ha_tang", "stock")
ind("resettlement_areas", "Khu tái định cư", "Số khu tái định cư được xây dựng thuộc dự án.", "ha_tang", "stock")
ind("residents_with_direct_infra_access", "Người dân được hưởng lợi trực tiếp từ hạ tầng mới", "Số người dân được tiếp cận trực tiếp hạ tầng do dự án đầu tư.", "ha_tang", "stock")
ind("asphalt_roads_built", "Đường nhựa làm mới, nâng cấp", "Tổng chiều dài đường nhựa làm mới hoặc nâng cấp thuộc dự án.", "ha_tang", "measure")
ind("concrete_roads_built", "Đường bê tông làm mới, nâng cấp", "Tổng chiều dài đường bê tông làm mới hoặc nâng cấp thuộc dự án.", "ha_tang", "measure")
ind("drainage_length", "Hệ thống thoát nước xây dựng, nâng cấp", "Tổng chiều dài cống, mương thoát nước xây dựng hoặc nâng cấp.", "ha_tang", "measure")
ind("households_sewer_connected", "Hộ đấu nối thoát nước thải", "Số hộ được đấu nối vào hệ thống cống nước thải.", "ha_tang", "stock")
ind("water_pipe_length", "Đường ống cấp nước làm mới", "Tổng chiều dài đường ống cấp nước làm mới.", "ha_tang", "measure")
ind("households_water_connected", "Hộ đấu nối cấp nước có đồng hồ", "Số hộ được đấu nối cấp nước có lắp đồng hồ.", "ha_tang", "stock")
ind("sidewalk_paved", "Vỉa hè lát mới", "Tổng diện tích vỉa hè được lát mới.", "ha_tang", "measure")
ind("street_lights_installed", "Trụ đèn chiếu sáng công cộng lắp đặt", "Số trụ đèn chiếu sáng công cộng được lắp mới.", "ha_tang", "stock")
ind("counterpart_funds_plan", "Vốn đối ứng theo kế hoạch", "Tổng vốn đối ứng trong nước bố trí theo kế hoạch của dự án.", "ha_tang", "amount")
ind("counterpart_funds_disbursed", "Vốn đối ứng đã giải ngân", "Số vốn đối ứng trong nước đã giải ngân (luỹ kế).", "ha_tang", "amount")
ind("counterpart_funds_disbursement_rate", "Tỷ lệ giải ngân vốn đối ứng", "Phần trăm vốn đối ứng đã giải ngân trên vốn đối ứng kế hoạch.", "ha_tang", "rate", hib="1", num="counterpart_funds_disbursed", den="counterpart_funds_plan")
ind("ida_funds_plan", "Vốn vay IDA theo kế hoạch", "Tổng vốn vay Hiệp hội Phát triển Quốc tế (IDA) bố trí theo kế hoạch của dự án.", "ha_tang", "amount")
ind("ida_funds_disbursed", "Vốn vay IDA đã giải ngân", "Số vốn vay IDA đã giải ngân (luỹ kế).", "ha_tang", "amount")
ind("ida_funds_disbursement_rate", "Tỷ lệ giải ngân vốn IDA", "Phần trăm vốn IDA đã giải ngân trên vốn IDA kế hoạch; số ghi ở đây là tỷ lệ nguồn công bố.", "ha_tang", "rate", hib="1", num="ida_funds_disbursed", den="ida_funds_plan")
# --- GPMB
ind("gpmb_projects", "Công trình, dự án có bồi thường, giải phóng mặt bằng", "Số công trình, dự án mà đơn vị đã làm thủ tục thu hồi đất, lập và trình duyệt phương án bồi thường, hỗ trợ, tái định cư.", "gpmb", "count")
ind("expressway_length_in_locality", "Chiều dài đường cao tốc qua địa bàn", "Chiều dài đoạn cao tốc Cam Lộ – La Sơn đi qua địa bàn.", "gpmb", "measure")
ind("expressway_affected_area", "Diện tích đất bị ảnh hưởng bởi đường cao tốc", "Tổng diện tích đất trên địa bàn bị ảnh hưởng bởi dự án cao tốc.", "gpmb", "measure")
ind("expressway_affected_households", "Hộ, tổ chức bị ảnh hưởng bởi đường cao tốc", "Số hộ gia đình, cá nhân và tổ chức có đất bị ảnh hưởng bởi dự án cao tốc.", "gpmb", "stock")
ind("expressway_resettled_households", "Hộ phải tái định cư do đường cao tốc", "Số hộ phải di dời, tái định cư do dự án cao tốc.", "gpmb", "stock")
# --- an sinh
ind("gifts_to_policy_families", "Suất quà tặng gia đình chính sách, hộ khó khăn", "Số phần quà tặng gia đình chính sách, hộ nghèo và đối tượng khó khăn trong kỳ.", "an_sinh_xa_hoi", "count")
ind("gifts_value", "Trị giá quà tặng gia đình chính sách, hộ khó khăn", "Tổng giá trị các phần quà tặng gia đình chính sách, hộ khó khăn trong kỳ.", "an_sinh_xa_hoi", "amount")
ind("gratitude_houses_built", "Nhà tình nghĩa được hỗ trợ xây dựng, sửa chữa", "Số căn nhà tình nghĩa được hỗ trợ xây mới hoặc sửa chữa trong kỳ.", "an_sinh_xa_hoi", "count")
ind("gratitude_houses_cost", "Kinh phí nhà tình nghĩa", "Tổng kinh phí hỗ trợ xây dựng, sửa chữa nhà tình nghĩa trong kỳ.", "an_sinh_xa_hoi", "amount")
ind("gratitude_fund_mobilized", "Quỹ Đền ơn đáp nghĩa vận động được", "Số tiền vận động cho quỹ Đền ơn đáp nghĩa trong kỳ.", "an_sinh_xa_hoi", "amount")
ind("heroic_mothers_total", "Bà mẹ Việt Nam Anh hùng", "Số Bà mẹ Việt Nam Anh hùng trên địa bàn tại thời điểm báo cáo.", "an_sinh_xa_hoi", "stock")
ind("merit_persons_convalescence_centralized", "Người có công đi điều dưỡng tập trung", "Số người có công với cách mạng được đưa đi điều dưỡng tập trung trong kỳ.", "an_sinh_xa_hoi", "count")
ind("merit_persons_convalescence_home", "Người có công điều dưỡng tại gia đình", "Số người có công nhận trợ cấp điều dưỡng tại gia đình trong kỳ.", "an_sinh_xa_hoi", "count")
ind("policy_allowances_paid", "Trợ cấp, chế độ chi trả cho gia đình chính sách", "Tổng số tiền trợ cấp, chế độ đã chi trả cho người có công, gia đình chính sách trong kỳ.", "an_sinh_xa_hoi", "amount")
ind("social_protection_beneficiaries", "Lượt đối tượng bảo trợ xã hội được trợ cấp", "Số lượt chi trả trợ cấp thường xuyên cho đối tượng bảo trợ xã hội trong kỳ (một người có thể được tính nhiều lượt).", "an_sinh_xa_hoi", "count")
ind("social_protection_amount", "Tiền trợ cấp bảo trợ xã hội", "Tổng số tiền trợ cấp thường xuyên đã chi cho đối tượng bảo trợ xã hội trong kỳ.", "an_sinh_xa_hoi", "amount")
ind("orphans_sponsored", "Trẻ mồ côi được nhận đỡ đầu", "Số trẻ mồ côi được tổ chức báo cáo nhận làm 'mẹ đỡ đầu'.", "an_sinh_xa_hoi", "stock")
ind("gifts_sick_members", "Suất quà cho đoàn viên ốm đau", "Số suất quà tặng đoàn viên công đoàn ốm đau trong kỳ.", "an_sinh_xa_hoi", "count")
ind("gifts_sick_members_value", "Trị giá quà cho đoàn viên ốm đau", "Tổng giá trị quà tặng đoàn viên ốm đau trong kỳ.", "an_sinh_xa_hoi", "amount")
ind("gifts_students", "Suất quà cho học sinh", "Số suất quà tặng học sinh khó khăn trong chương trình hỗ trợ đến trường.", "an_sinh_xa_hoi", "count")
ind("gifts_students_value", "Trị giá quà cho học sinh", "Tổng giá trị quà tặng học sinh khó khăn trong chương trình hỗ trợ đến trường.", "an_sinh_xa_hoi", "amount")
ind("youth_projects", "Công trình thanh niên", "Số công trình thanh niên (nhà tình nghĩa, thắp sáng đường quê, thư viện…) do tổ chức Đoàn đảm nhận trong kỳ.", "an_sinh_xa_hoi", "count")
ind("youth_projects_value", "Trị giá công trình thanh niên", "Tổng giá trị các công trình thanh niên trong kỳ.", "an_sinh_xa_hoi", "amount")
ind("gifts_children_value", "Tiền tặng quà trẻ em khó khăn", "Tổng số tiền tặng quà trẻ em có hoàn cảnh khó khăn trong kỳ.", "an_sinh_xa_hoi", "amount")
ind("gifts_policy_families_value", "Tiền tặng quà đối tượng chính sách", "Tổng số tiền tặng quà các đối tượng chính sách trong kỳ.", "an_sinh_xa_hoi", "amount")
ind("poverty_rate", "Tỷ lệ hộ nghèo", "Phần trăm hộ nghèo trên tổng số hộ của địa bàn theo chuẩn nghèo đang áp dụng.", "an_sinh_xa_hoi", "rate", hib="0")
# --- kinh tế bối cảnh
ind("urbanization_rate", "Tỷ lệ đô thị hóa", "Tỷ lệ đô thị hóa của địa bàn theo cách tính của địa phương.", "kinh_te_boi_canh", "context")
ind("income_per_capita", "Thu nhập bình quân đầu người", "Thu nhập bình quân một người một năm trên địa bàn, theo giá hiện hành.", "kinh_te_boi_canh", "amount", hib="1")
ind("total_social_investment", "Tổng vốn đầu tư toàn xã hội", "Tổng vốn đầu tư toàn xã hội thực hiện trên địa bàn trong giai đoạn nguồn nêu (cộng dồn nhiều năm).", "kinh_te_boi_canh", "amount")
ind("fdi_registered_new", "Vốn FDI đăng ký mới", "Tổng vốn đầu tư trực tiếp nước ngoài đăng ký mới trong kỳ.", "kinh_te_boi_canh", "amount")
ind("fdi_national_rank", "Thứ hạng cả nước về vốn FDI đăng ký mới", "Vị trí của tỉnh trong cả nước xếp theo vốn FDI đăng ký mới trong kỳ (1 là cao nhất).", "kinh_te_boi_canh", "context")
# --- dân số, địa giới
ind("population", "Dân số", "Số người của địa bàn tại thời điểm tham chiếu; nguồn có thể là tổng điều tra hoặc dân số đăng ký, xem ghi chú.", "dan_so", "stock")
ind("population_urban", "Dân số thành thị", "Số người sống ở khu vực thành thị tại thời điểm tham chiếu.", "dan_so", "stock")
ind("households", "Số hộ dân cư", "Số hộ dân cư của địa bàn tại thời điểm tổng điều tra.", "dan_so", "stock")
ind("population_density", "Mật độ dân số", "Số người trên một km² diện tích tự nhiên.", "dan_so", "measure")
ind("ethnic_minority_population", "Dân số người dân tộc thiểu số", "Số người dân tộc thiểu số sinh sống trên địa bàn.", "dan_so", "stock")
ind("khmer_population_share", "Tỷ lệ người Khmer trong dân số", "Phần trăm người dân tộc Khmer trên tổng dân số của tỉnh.", "dan_so", "context")
ind("area_km2", "Diện tích tự nhiên (km²)", "Diện tích tự nhiên của địa bàn, tính bằng km².", "dan_so", "measure")
ind("area_ha", "Diện tích tự nhiên (ha)", "Diện tích tự nhiên của địa bàn, tính bằng ha (giữ nguyên đơn vị nguồn dùng).", "dan_so", "measure")
ind("commune_level_units", "Đơn vị hành chính cấp xã", "Số xã, phường, thị trấn trực thuộc địa bàn tại thời điểm hiệu lực.", "dan_so", "stock")
ind("hue_city_population_after_2021_expansion", "Dân số TP Huế (cũ) sau khi mở rộng 2021", "Dân số thành phố Huế (cấp huyện) sau khi nhận thêm một phần địa bàn Hương Trà và các huyện khác từ 1/7/2021; số liệu bối cảnh, không phải của Hương Trà.", "dia_gioi_hanh_chinh", "context")
ind("na_vote_share_hue_city", "Tỷ lệ đại biểu Quốc hội tán thành thành lập TP Huế trực thuộc TW", "Phần trăm đại biểu Quốc hội bấm nút tán thành nghị quyết lập TP Huế trực thuộc trung ương; số liệu bối cảnh.", "dia_gioi_hanh_chinh", "context")

# ---------------------------------------------------------------- scope mapping
# research reporting_body -> (scope_class, scope_vi); "{pv}" not used here
SCOPE = {
    "Đảng ủy Cơ quan chính quyền thị xã Hương Trà (Đảng bộ trực thuộc Thị ủy; chỉ các cơ quan chuyên môn, đơn vị sự nghiệp thuộc UBND thị xã)":
        ("dang_bo_co_quan", "Đảng ủy Cơ quan chính quyền thị xã Hương Trà: các chi bộ ở cơ quan chuyên môn và đơn vị sự nghiệp thuộc UBND thị xã"),
    "Ban Tiếp công dân thị xã và Thanh tra thị xã Hương Trà (tiếp thường xuyên, toàn thị xã)":
        ("thanh_tra_tiep_dan", "Ban Tiếp công dân và Thanh tra thị xã Hương Trà; tiếp công dân thường xuyên"),
    "Thường trực HĐND và UBND thị xã Hương Trà (tiếp dân định kỳ tại cơ sở)":
        ("chinh_quyen_cap_dia_phuong", "Thường trực HĐND và lãnh đạo UBND thị xã Hương Trà; các buổi tiếp dân định kỳ ở xã, phường"),
    "Các cơ quan của UBND thị xã Hương Trà":
        ("chinh_quyen_cap_dia_phuong", "Các cơ quan chuyên môn thuộc UBND thị xã Hương Trà (không gồm cấp xã)"),
    "Chi bộ Trung tâm Phát triển quỹ đất (TTPTQĐ) thị xã Hương Trà":
        ("dang_bo_co_quan", "Chi bộ Trung tâm Phát triển quỹ đất thị xã Hương Trà; công việc bồi thường, giải phóng mặt bằng do trung tâm đảm nhận"),
    "Trung tâm Hành chính công thị xã Hương Trà (hồ sơ cấp huyện)":
        ("trung_tam_hcc", "Trung tâm Hành chính công thị xã Hương Trà; hồ sơ thuộc thẩm quyền cấp thị xã"),
    "Ban Chỉ đạo QCDC quận Hoàn Kiếm":
        ("he_thong_chinh_tri", "Ban Chỉ đạo về quy chế dân chủ ở cơ sở của quận Hoàn Kiếm"),
    "Các phường, phòng ban, đơn vị trên địa bàn quận Hoàn Kiếm":
        ("toan_dia_ban", "Mọi phường, phòng, ban và đơn vị trên địa bàn quận Hoàn Kiếm"),
    "Các phường quận Hoàn Kiếm":
        ("dia_ban_cap_duoi", "Các phường thuộc quận Hoàn Kiếm (18 phường); không gồm cơ quan cấp quận"),
    "Hệ thống chính trị quận Hoàn Kiếm (Bảng 2.1 luận văn)":
        ("he_thong_chinh_tri", "Các chủ thể của hệ thống chính trị quận Hoàn Kiếm: cấp ủy, chính quyền, Ban chỉ đạo, Mặt trận, đoàn thể"),
    "Quận ủy Hoàn Kiếm":
        ("he_thong_chinh_tri", "Quận ủy Hoàn Kiếm và các tổ chức cơ sở đảng trực thuộc"),
    "Quận Hoàn Kiếm":
        ("toan_dia_ban", "Quận Hoàn Kiếm nói chung (cấp quận và các phường)"),
    "UBND tỉnh Gia Lai (Chỉ thị 14/CT-UBND) – áp dụng cho mọi cơ quan HCNN, chính quyền các cấp":
        ("van_ban_chi_dao", "Yêu cầu của UBND tỉnh Gia Lai đối với mọi cơ quan hành chính, chính quyền các cấp trong tỉnh"),
    "Sở, ban, ngành tỉnh; UBND huyện, thị xã, TP; UBND xã, phường, thị trấn (toàn tỉnh Trà Vinh)":
        ("toan_dia_ban", "Sở, ngành cấp tỉnh cùng UBND cấp huyện và cấp xã trên toàn tỉnh Trà Vinh"),
    "Sở, ban, ngành tỉnh, DNNN Trà Vinh":
        ("chinh_quyen_cap_dia_phuong", "Các sở, ban, ngành cấp tỉnh và doanh nghiệp nhà nước ở Trà Vinh (quy mô mỗi ban chỉ đạo)"),
    "Huyện, thị xã, TP thuộc tỉnh Trà Vinh":
        ("cap_huyen_trong_tinh", "Các huyện, thị xã, thành phố thuộc tỉnh Trà Vinh (quy mô mỗi ban chỉ đạo cấp huyện)"),
    "UBND thành phố Trà Vinh và phường, xã thuộc TP (cấp huyện – KHÔNG phải toàn tỉnh)":
        ("dia_ban_cap_duoi", "Thành phố Trà Vinh: cơ quan thuộc UBND thành phố và UBND các phường, xã; không phải toàn tỉnh"),
    "Đài Truyền thanh TP Trà Vinh và trạm truyền thanh phường, xã":
        ("dia_ban_cap_duoi", "Đài Truyền thanh thành phố Trà Vinh và các trạm truyền thanh phường, xã; không phải toàn tỉnh"),
    "Thành phố Trà Vinh (dự án nâng cấp đô thị – 'khu Lia'; cấp huyện)":
        ("dia_ban_cap_duoi", "Thành phố Trà Vinh: dự án nâng cấp hạ tầng các khu dân cư thu nhập thấp; không phải toàn tỉnh"),
    "Huyện Tiểu Cần (cấp huyện thuộc tỉnh Trà Vinh)":
        ("dia_ban_cap_duoi", "Huyện Tiểu Cần, một huyện của tỉnh Trà Vinh"),
    "Huyện Cầu Kè (cấp huyện thuộc tỉnh Trà Vinh)":
        ("dia_ban_cap_duoi", "Huyện Cầu Kè, một huyện của tỉnh Trà Vinh"),
    "BCĐ Chương trình MTQG xây dựng NTM tỉnh Trà Vinh (toàn tỉnh, 85 xã)":
        ("toan_dia_ban", "Toàn tỉnh Trà Vinh (85 xã); chương trình mục tiêu quốc gia xây dựng nông thôn mới"),
    "Chủ tịch UBND tỉnh Trà Vinh (kiểm soát TTHC)":
        ("chinh_quyen_cap_dia_phuong", "UBND tỉnh Trà Vinh (Chủ tịch UBND tỉnh công bố, rà soát thủ tục hành chính)"),
    "UBND các cấp tỉnh Trà Vinh":
        ("toan_dia_ban", "Sở, ngành và UBND các cấp trên toàn tỉnh Trà Vinh (bộ phận một cửa)"),
    "Trung tâm Hành chính công thành phố Trà Vinh (cấp huyện – KHÔNG phải toàn tỉnh)":
        ("trung_tam_hcc", "Trung tâm Hành chính công của TP Trà Vinh (cấp huyện); không phải toàn tỉnh"),
    "Trung tâm Hành chính công huyện Cầu Ngang (cấp huyện – KHÔNG phải toàn tỉnh)":
        ("trung_tam_hcc", "Trung tâm Hành chính công của huyện Cầu Ngang (cấp huyện); không phải toàn tỉnh"),
    "Sở, ban, ngành tỉnh, UBND các cấp (toàn tỉnh Trà Vinh)":
        ("toan_dia_ban", "Sở, ngành cấp tỉnh và UBND các cấp trên toàn tỉnh Trà Vinh"),
    "Thường trực HĐND tỉnh Trà Vinh khóa IX (tiếp xúc cử tri ở 9 huyện, thị xã, TP)":
        ("hdnd", "Thường trực và đại biểu HĐND tỉnh Trà Vinh khóa IX; tiếp xúc cử tri ở cả 9 huyện, thị xã, thành phố"),
    "Văn phòng HĐND tỉnh Trà Vinh (tham mưu Thường trực HĐND tỉnh)":
        ("hdnd", "Văn phòng HĐND tỉnh Trà Vinh, giúp Thường trực HĐND tiếp dân và nhận đơn"),
    "Thanh tra tỉnh Trà Vinh (tính đến 29/11/2017)":
        ("thanh_tra_tiep_dan", "Thanh tra tỉnh Trà Vinh; việc do chính Thanh tra tỉnh tiếp nhận, xử lý"),
    "Đảng ủy Khối các cơ quan tỉnh Nghệ An (chỉ cơ quan HCNN cấp tỉnh & một số cơ quan TW trên địa bàn – KHÔNG phải toàn tỉnh)":
        ("dang_bo_co_quan", "Đảng bộ Khối các cơ quan tỉnh Nghệ An: cơ quan hành chính cấp tỉnh và một số cơ quan trung ương đóng ở tỉnh; không phải toàn tỉnh"),
    "Toàn tỉnh Nghệ An (bối cảnh)":
        ("toan_dia_ban", "Toàn tỉnh Nghệ An; số liệu kinh tế dùng làm bối cảnh"),
    "Công đoàn Viên chức Nghệ An (các cấp)":
        ("doan_the_nganh", "Công đoàn Viên chức tỉnh Nghệ An và công đoàn cơ sở trực thuộc"),
    "Đoàn Thanh niên Khối các cơ quan tỉnh Nghệ An":
        ("doan_the_nganh", "Đoàn Thanh niên Khối các cơ quan tỉnh Nghệ An"),
    "Đoàn Khối các cơ quan tỉnh Nghệ An":
        ("doan_the_nganh", "Đoàn Thanh niên Khối các cơ quan tỉnh Nghệ An"),
    "Quận ủy Hoàn Kiếm (toàn quận)":
        ("he_thong_chinh_tri", "Quận ủy Hoàn Kiếm; phong trào Dân vận khéo trên toàn quận"),
    "Tổng điều tra dân số 2009 (theo trang tổng hợp Wikipedia)":
        ("toan_dia_ban", "Toàn quận Hoàn Kiếm; Tổng điều tra dân số 2009"),
    "Trang tổng hợp (Wikipedia mirror)":
        ("toan_dia_ban", "Toàn quận Hoàn Kiếm"),
    "UBND quận Hoàn Kiếm (trích trong luận văn)":
        ("toan_dia_ban", "Toàn quận Hoàn Kiếm; số liệu thống kê của UBND quận được dẫn trong luận văn"),
    "Cổng TTĐT Hà Nội (giới thiệu đơn vị hành chính)":
        ("toan_dia_ban", "Toàn quận Hoàn Kiếm; trang giới thiệu đơn vị hành chính của thành phố"),
    "English Wikipedia (2024-04 dump) – census 2019":
        ("toan_dia_ban", "Toàn quận Hoàn Kiếm; Tổng điều tra dân số 2019"),
    "Báo Dân Việt (tag page)":
        ("toan_dia_ban", "Toàn quận Hoàn Kiếm"),
    "UBND thị xã Hương Trà (Hội nghị điển hình tiên tiến lần V, 2015–2020; ranh giới trước 7/2021)":
        ("toan_dia_ban", "Toàn thị xã Hương Trà (ranh giới trước 7/2021); số liệu UBND thị xã nêu tại hội nghị điển hình tiên tiến"),
    "UBND thị xã Hương Trà (Hội nghị 5 năm thành lập thị xã, 2011–2016)":
        ("toan_dia_ban", "Toàn thị xã Hương Trà (ranh giới 2011); số liệu nêu tại hội nghị 5 năm thành lập thị xã"),
    "Nghị quyết 99/NQ-CP (15/11/2011)":
        ("toan_dia_ban", "Toàn thị xã Hương Trà khi thành lập theo Nghị quyết 99/NQ-CP"),
    "vi.wikipedia (phiên bản cũ, ranh giới trước 7/2021)":
        ("toan_dia_ban", "Toàn thị xã Hương Trà (ranh giới trước 7/2021)"),
    "Wikipedia mirror (ranh giới sau 1/7/2021)":
        ("toan_dia_ban", "Toàn thị xã Hương Trà (ranh giới từ 1/7/2021)"),
    "Nghị quyết 834/NQ-UBTVQH14 (hiệu lực 1/1/2020)":
        ("toan_dia_ban", "Toàn thị xã Hương Trà; đơn vị cấp xã sau sắp xếp theo Nghị quyết 834/NQ-UBTVQH14"),
    "Nghị quyết 1264/NQ-UBTVQH14 (TP Huế mở rộng, nhận 2 phường + 4 xã của Hương Trà)":
        ("boi_canh_don_vi_khac", "Thành phố Huế (cấp huyện) sau khi nhận một phần địa bàn Hương Trà; không phải số liệu của thị xã"),
    "Quốc hội (biểu quyết NQ thành lập TP Huế, 30/11/2024)":
        ("boi_canh_don_vi_khac", "Quốc hội biểu quyết lập TP Huế trực thuộc trung ương (cấp trên mới của Hương Trà)"),
    "Toàn tỉnh Gia Lai (báo CAND)":
        ("toan_dia_ban", "Toàn tỉnh Gia Lai; đơn thư tiếp nhận trên địa bàn tỉnh"),
    "Ban Chỉ đạo tỉnh về thực hiện QCDC ở cơ sở (Gia Lai) – dân chủ tại nơi làm việc":
        ("he_thong_chinh_tri", "Ban Chỉ đạo về quy chế dân chủ ở cơ sở của tỉnh Gia Lai; mảng dân chủ ở nơi làm việc"),
    "MTTQ các cấp tỉnh Gia Lai":
        ("he_thong_chinh_tri", "Mặt trận Tổ quốc các cấp tỉnh Gia Lai"),
    "UBND tỉnh Gia Lai (cũ) – Chương trình MTQG NTM":
        ("toan_dia_ban", "Toàn tỉnh Gia Lai (ranh giới trước 7/2025); chương trình xây dựng nông thôn mới"),
    "Thường trực BCĐ Tây Nguyên":
        ("toan_dia_ban", "Toàn tỉnh Gia Lai; số liệu nông thôn mới do Ban Chỉ đạo Tây Nguyên tổng hợp"),
    "TTXVN – Chính sách & Cuộc sống (hồ sơ địa phương)":
        ("toan_dia_ban", "Toàn tỉnh Gia Lai (ranh giới trước 7/2025)"),
    "id.wikipedia (trích GSO, TĐT 2019)":
        ("toan_dia_ban", "Toàn tỉnh Gia Lai; Tổng điều tra dân số 2019"),
    "danso.info (dẫn số liệu Tổng cục Thống kê)":
        ("toan_dia_ban", "Toàn tỉnh Gia Lai (ranh giới trước 7/2025)"),
    "VPĐP NTM / Chính phủ – tỉnh Trà Vinh (85 xã)":
        ("toan_dia_ban", "Toàn tỉnh Trà Vinh (85 xã); số liệu nông thôn mới do văn phòng điều phối công bố"),
    "UBND tỉnh Trà Vinh":
        ("toan_dia_ban", "Toàn tỉnh Trà Vinh; kết quả nông thôn mới do UBND tỉnh công bố"),
    "Sở VHTTDL tỉnh Trà Vinh":
        ("doan_the_nganh", "Sở Văn hóa, Thể thao và Du lịch tỉnh Trà Vinh (một sở)"),
    "Wikipedia mirror (TĐT 1/4/2019)":
        ("toan_dia_ban", "Toàn tỉnh Trà Vinh; Tổng điều tra dân số 2019"),
    "Wikipedia mirror":
        ("toan_dia_ban", "Toàn tỉnh Trà Vinh"),
    "Tạp chí Cộng sản (2018)":
        ("toan_dia_ban", "Toàn tỉnh Trà Vinh"),
    "Lực lượng vũ trang tỉnh Nghệ An (KHÔNG phải toàn tỉnh)":
        ("doan_the_nganh", "Lực lượng vũ trang tỉnh Nghệ An; không phải toàn tỉnh"),
    "Tỉnh ủy Nghệ An – thực hiện NQ TW4 & Chỉ thị 05-CT/TW (KHÔNG phải DVK)":
        ("he_thong_chinh_tri", "Tỉnh ủy Nghệ An; tổng kết mô hình học tập và làm theo Bác (Chỉ thị 05) trên toàn tỉnh"),
    "Cơ quan hành chính nhà nước các cấp tỉnh Nghệ An (toàn tỉnh)":
        ("toan_dia_ban", "Cơ quan hành chính nhà nước các cấp trên toàn tỉnh Nghệ An"),
    "UBND tỉnh Nghệ An (báo cáo CCHC, theo cấp) – sở, ngành cấp tỉnh":
        ("chinh_quyen_cap_dia_phuong", "Các sở, ngành cấp tỉnh Nghệ An (không gồm cấp huyện, cấp xã)"),
    "UBND tỉnh Nghệ An (báo cáo CCHC, theo cấp) – cấp huyện":
        ("cap_huyen_trong_tinh", "Bộ phận một cửa cấp huyện của tỉnh Nghệ An, tính gộp"),
    "UBND tỉnh Nghệ An (báo cáo CCHC, theo cấp) – cấp xã":
        ("cap_xa_trong_tinh", "Bộ phận một cửa cấp xã của tỉnh Nghệ An, tính gộp"),
    "UBND tỉnh Nghệ An":
        ("toan_dia_ban", "Toàn tỉnh Nghệ An; hệ thống giải quyết thủ tục hành chính dùng chung của tỉnh"),
    "UBND tỉnh Nghệ An – Chương trình MTQG NTM":
        ("toan_dia_ban", "Toàn tỉnh Nghệ An; chương trình xây dựng nông thôn mới"),
    "Kết quả sơ bộ TĐT dân số 1/4/2019 (Báo Nghệ An, bản tiếng Pháp)":
        ("toan_dia_ban", "Toàn tỉnh Nghệ An; kết quả sơ bộ Tổng điều tra dân số 2019"),
    "Báo Nghệ An (1/2021)":
        ("toan_dia_ban", "Toàn tỉnh Nghệ An"),
    "vhnt.org.vn":
        ("toan_dia_ban", "Toàn tỉnh Nghệ An (trước khi bỏ cấp huyện)"),
    "Tỉnh ủy Nghệ An – Đề án 07-ĐA/TU (tiếp xúc, đối thoại)":
        ("he_thong_chinh_tri", "Tỉnh ủy Nghệ An; các huyện, thành, thị ủy triển khai Đề án 07-ĐA/TU"),
}
# per research (file, row index) overrides of (scope_class, scope_vi)
SCOPE_ROW = {
    ("p", 22): ("chinh_quyen_cap_dia_phuong", "UBND thị xã Hương Trà (cơ quan ra quyết định khen thưởng)"),
    ("p", 36): ("toan_dia_ban", "Toàn tỉnh Gia Lai; cử tri đi bầu ngày 23/5/2021 (Mặt trận tổng hợp)"),
    ("p", 65): ("toan_dia_ban", "Toàn tỉnh Trà Vinh; hộ đạt danh hiệu Gia đình văn hóa (Sở Văn hóa, Thể thao và Du lịch tổng hợp)"),
    ("p", 84): ("chinh_quyen_cap_dia_phuong", "Các sở, ngành cấp tỉnh Nghệ An"),
    ("p", 85): ("toan_dia_ban", "Toàn tỉnh Nghệ An; tổ công nghệ số cộng đồng ở các xã, phường, thị trấn"),
}
# short place label used in "Phạm vi: chỉ …" notes
PV = {
    "UBND thành phố Trà Vinh và phường, xã thuộc TP (cấp huyện – KHÔNG phải toàn tỉnh)": "TP Trà Vinh",
    "Đài Truyền thanh TP Trà Vinh và trạm truyền thanh phường, xã": "TP Trà Vinh",
    "Thành phố Trà Vinh (dự án nâng cấp đô thị – 'khu Lia'; cấp huyện)": "TP Trà Vinh",
    "Huyện Tiểu Cần (cấp huyện thuộc tỉnh Trà Vinh)": "huyện Tiểu Cần",
    "Huyện Cầu Kè (cấp huyện thuộc tỉnh Trà Vinh)": "huyện Cầu Kè",
}

# ---------------------------------------------------------------- notes
NOTE = {
    "": "",
    "sub-provincial scope": "Phạm vi: chỉ {pv}, không phải toàn tỉnh",
    "cumulative to report date; sub-provincial scope": "Số liệu luỹ kế đến thời điểm báo cáo năm 2017, nguồn không nêu ngày cuối; phạm vi: chỉ {pv}, không phải toàn tỉnh",
    "chart text extracted without labels attached to values; mapping by order is UNVERIFIED; shares sum to 100%; period not stated":
        "Nhãn và số của biểu đồ bị tách rời khi trích; việc ghép theo thứ tự chưa được kiểm chứng; năm tỷ trọng cộng lại đủ 100%; nguồn không nêu kỳ báo cáo",
    "period not stated": "Nguồn không nêu kỳ báo cáo",
    "'Trong năm nay' (2021, up to publication 31/10/2021)": "Số liệu từ đầu năm 2021 đến ngày đăng bài (31/10/2021)",
    "lower bound ('hơn'); sub-provincial scope": "Nguồn ghi 'hơn', số là cận dưới; phạm vi: chỉ {pv}, không phải toàn tỉnh",
    "snapshot at publication": "Số liệu tại thời điểm đăng bài",
    "combined 22-month period": "Số gộp cả năm 2020 với 10 tháng năm 2021",
    "range 4–6 given; years not stated": "Nguồn nêu khoảng 4–6 người mỗi năm, không rõ những năm nào",
    "range 5–7": "Nguồn nêu khoảng 5–7 quy chế mỗi phường",
    "range 3–6": "Nguồn nêu khoảng 3–6 quy ước mỗi phường",
    "range 7–10": "Nguồn nêu khoảng 7–10 thành viên mỗi ban chỉ đạo",
    "range 30–45": "Nguồn nêu khoảng 30–45 thành viên mỗi huyện",
    "cumulative, period not stated (article on 2023); scope = Khối only": "Số luỹ kế, nguồn không nêu tính từ khi nào (bài viết tổng kết năm 2023); chỉ trong Khối các cơ quan tỉnh",
    "whole-province context figure": "Số liệu bối cảnh của cả tỉnh, không riêng Khối các cơ quan",
    "snapshot": "Số liệu tại thời điểm đăng bài",
    "'trong năm' not explicit; article on 2021 work dated 31/10/2021": "Nguồn không ghi rõ năm; bài viết về công tác năm 2021, đăng ngày 31/10/2021",
    "period not stated (sentence follows 2020 / 10M2021 figures)": "Nguồn không nêu kỳ báo cáo (câu văn đứng sau số liệu năm 2020 và 10 tháng năm 2021)",
    "period not stated; note fewer visits (32) than sessions (33)": "Nguồn không nêu kỳ báo cáo; số lượt công dân (32) ít hơn số buổi tiếp (33)",
    "checked: 83/100 = 83% (denominator = in-jurisdiction petitions, not all 148)": "Mẫu số là đơn thuộc thẩm quyền, không phải toàn bộ đơn đã nhận",
    "'2 năm' = 2020–2021 assumed from context": "Nguồn ghi '2 năm'; hiểu là 2020–2021 theo ngữ cảnh",
    "'trên 18' = more than 18; period not stated": "Nguồn ghi 'trên', số là cận dưới; nguồn không nêu kỳ báo cáo",
    "lower bound ('trên 700 hộ gia đình, cá nhân và tổ chức')": "Nguồn ghi 'trên', số là cận dưới; gồm cả hộ gia đình, cá nhân và tổ chức",
    "lower bound ('trên 40')": "Nguồn ghi 'trên', số là cận dưới",
    "'Trong năm nay' (2021, up to publication 31/10/2021); checked 9,027/10,104 = 89.34% (denominator = resolved, not received; vs received = 84.7%)":
        "Số liệu từ đầu năm 2021 đến ngày đăng bài; tỷ lệ tính trên hồ sơ đã giải quyết, không phải hồ sơ tiếp nhận",
    "ambiguous: 'Hằng năm' + 48 văn bản — per-year or total (2016–2020?) unclear; source is a master's thesis excerpt reposted on a document site (date = repost date)":
        "Không rõ 48 văn bản là mỗi năm hay cả giai đoạn; nguồn là trích đoạn luận văn đăng lại trên trang chia sẻ tài liệu",
    "cumulative stock as of 8/2020": "Số luỹ kế đến tháng 8/2020",
    "lower bound ('hơn 60')": "Nguồn ghi 'hơn', số là cận dưới",
    "18/18 = 100%; period not stated; passage says 'các phường tại tỉnh' although Hoàn Kiếm is a quận (template/copy error in source)":
        "Nguồn không nêu kỳ báo cáo; đoạn văn ghi nhầm 'phường tại tỉnh' dù Hoàn Kiếm là quận",
    "NORMATIVE TARGET, not an outcome; seed contains no outcome figures for Gia Lai":
        "Chỉ tiêu tối thiểu do chỉ thị đặt ra, không phải kết quả; áp dụng từ ngày ban hành",
    "audience = CBCCVC, not citizens": "Người dự là cán bộ, công chức, viên chức và người lao động, không phải người dân",
    "of plan 199,494 bn VND": "Luỹ kế đến thời điểm báo cáo; so với kế hoạch 199,494 tỷ đồng; phạm vi: chỉ TP Trà Vinh",
    "checked: 173.201/199.494 = 86.82% OK": "Luỹ kế đến thời điểm báo cáo; phạm vi: chỉ TP Trà Vinh",
    "of plan 37.41 m USD": "Luỹ kế đến thời điểm báo cáo; so với kế hoạch 37,41 triệu USD; phạm vi: chỉ TP Trà Vinh",
    "INCONSISTENT: 30.693/37.41 = 82.05%, not 86.8% (source appears to repeat the counterpart-fund rate)":
        "Tỷ lệ nguồn ghi trùng với tỷ lệ giải ngân vốn đối ứng cùng đoạn, có thể bị ghi lặp; phạm vi: chỉ TP Trà Vinh",
    "checked 4+85=89; sub-provincial scope": "Phạm vi: chỉ huyện Cầu Kè, không phải toàn tỉnh",
    "stock; sub-provincial scope": "Số hiện có tại thời điểm báo cáo; phạm vi: chỉ huyện Cầu Kè, không phải toàn tỉnh",
    "stock 'đến nay' (2017 report); checked 24/85 = 28.24%": "Số hiện có đến thời điểm báo cáo năm 2017",
    "stock 'đến nay' (2017 report); checked OK": "Số hiện có đến thời điểm báo cáo năm 2017",
    "stock 'đến nay' (2017 report); checked: 23 commune names listed": "Số hiện có đến thời điểm báo cáo năm 2017; nguồn kể đủ tên các xã",
    "stock 'đến nay' (2017 report); checked 4.71%": "Số hiện có đến thời điểm báo cáo năm 2017",
    "stock 'đến nay' (2017 report); checked 30.59%": "Số hiện có đến thời điểm báo cáo năm 2017",
    "stock 'đến nay' (2017 report); checked 36.47%; 24+4+26+31=85": "Số hiện có đến thời điểm báo cáo năm 2017; bốn nhóm xã cộng lại đủ 85 xã",
    "= 204+221": "Bằng tổng số thủ tục công bố mới và bãi bỏ",
    "checked 1565+94+79=1738": "",
    "106/106 = 100%": "",
    "since opening 10/2016 to report date ('đến nay', 2017 report); end date not stated":
        "Luỹ kế từ khi trung tâm hoạt động (10/2016) đến thời điểm báo cáo năm 2017; nguồn không nêu ngày cuối",
    "since opening 10/2016 to report date ('đến nay', 2017 report); end date not stated; 20,900/20,985 = 99.59% on time (computed, not stated)":
        "Luỹ kế từ khi trung tâm hoạt động (10/2016) đến thời điểm báo cáo năm 2017; nguồn không nêu ngày cuối",
    "since opening 10/2016 to report date ('đến nay', 2017 report); end date not stated; 20,900+85=20,985 OK":
        "Luỹ kế từ khi trung tâm hoạt động (10/2016) đến thời điểm báo cáo năm 2017; nguồn không nêu ngày cuối",
    "INCONSISTENT: 85/20,985 = 0.405% (≈0.41%), not 0.04% as stated; since opening 10/2016 to report date ('đến nay', 2017 report); end date not stated":
        "Giữ nguyên tỷ lệ nguồn công bố; luỹ kế từ 10/2016 đến thời điểm báo cáo năm 2017, nguồn không nêu ngày cuối",
    "start date assumed same as TP Trà Vinh pilot (tháng 10/2016) – not explicit for Cầu Ngang":
        "Ngày bắt đầu lấy theo đợt thí điểm 10/2016 của TP Trà Vinh, nguồn không nêu riêng cho Cầu Ngang; luỹ kế đến thời điểm báo cáo năm 2017",
    "10,032+96=10,128 OK": "Ngày bắt đầu lấy theo đợt thí điểm 10/2016, nguồn không nêu riêng cho Cầu Ngang; luỹ kế đến thời điểm báo cáo năm 2017",
    "784+3,317=4,101 OK": "",
    "665+3,105=3,770 OK": "",
    "1,333+737=2,070 OK; no resolution rate given": "",
    "1,989+450=2,439 OK": "",
    "60 chuyển + 2 hướng dẫn + 10 trả lời + 22 trùng lắp = 94 OK": "Ngoài các đơn chuyển, trả lời, trùng lặp còn 2 đơn được hướng dẫn",
    "88+4=92 OK": "",
    "3/4 = 75% (computed, not stated)": "Nguồn không nêu tỷ lệ giải quyết",
    "lower bound ('hơn')": "Nguồn ghi 'hơn', số là cận dưới",
    "combined 'học tập và làm theo Bác' + 'Dân vận khéo'; no collective/individual split":
        "Gộp mô hình học tập và làm theo Bác với mô hình Dân vận khéo; không tách tập thể, cá nhân",
    "period inferred from article year (2023) – not explicit": "Kỳ báo cáo suy từ năm của bài viết (2023), nguồn không ghi rõ",
    "Tháng Công nhân = tháng 5 (year 2023 inferred)": "Tháng Công nhân là tháng 5; năm 2023 suy từ bài viết",
    "year inferred from article (2023)": "Năm 2023 suy từ bài viết, nguồn không ghi rõ",
    "approximate ('khoảng')": "Nguồn ghi 'khoảng', số là ước lượng; năm 2023 suy từ bài viết",
    "since Đề án 04-ĐA/ĐUK (24/3/2023); 4 named models listed": "Luỹ kế từ khi ban hành Đề án 04-ĐA/ĐUK (24/3/2023); nguồn không nêu ngày cuối",
    "period not stated (cumulative vs 2024 unclear); date from 'Sáng 16/10 ... năm 2024'":
        "Nguồn không nêu kỳ: không rõ là luỹ kế hay riêng năm 2024; ngày lấy theo hội nghị ngày 16/10/2024",
    "period not stated; collective/individual split available (240/157) but no field split":
        "Nguồn không nêu kỳ báo cáo; không chia theo lĩnh vực",
    "census 2009; mirror of Wikipedia, not GSO directly": "Tổng điều tra 2009; lấy qua trang sao chép Wikipedia, chưa đối chiếu Tổng cục Thống kê",
    "unit not printed in excerpt (km² per infobox)": "Đoạn trích không ghi đơn vị, theo hộp thông tin là km²; nguồn không nêu thời điểm",
    "INCONSISTENT with census figures (147,334 in 2009; 135,618 in 2019) – likely registered (hộ khẩu) population; '204,100' uses comma as thousands separator":
        "Khác xa số tổng điều tra 2009 và 2019; có thể là dân số đăng ký thường trú",
    "reference year not stated": "Nguồn không nêu năm tham chiếu; ngày là ngày đăng trang",
    "census 2019 per Wikipedia; not verified against GSO table in this session": "Tổng điều tra 2019 theo Wikipedia tiếng Anh; chưa đối chiếu bảng của Tổng cục Thống kê",
    "INCONSISTENT: same page also states 5,29 km2; undated": "Cùng trang còn ghi 5,29 km², hai số mâu thuẫn; nguồn không ghi ngày",
    "stock at 7/2020, pre-2021 boundaries (16 units)": "Số hiện có tại tháng 7/2020, theo ranh giới thị xã trước 7/2021",
    "'dưới 3%' = upper bound": "Nguồn ghi 'dưới', số là cận trên",
    "cf. 46 triệu in 2020: near-flat nominal income over 4 years – check definitions":
        "Gần bằng mức 46 triệu đồng nêu năm 2020; có thể hai lần công bố tính khác nhau",
    "lower bound ('trên')": "Nguồn ghi 'trên', số là cận dưới",
    "vi.wikipedia prose gives 118.534 (digit transposition)": "Wikipedia tiếng Việt ghi 118.534 (đảo chữ số); ở đây giữ số theo nghị quyết",
    "infobox 'Dân số (2019)'; pre-2021 boundaries (518,53 km²); not verified against GSO":
        "Hộp thông tin ghi dân số năm 2019, ranh giới trước 7/2021; chưa đối chiếu Tổng cục Thống kê",
    "zh mirror labels the same figure 2021 (year-label inconsistency); post-2021 boundaries (9 units)":
        "Số tính theo ranh giới từ 1/7/2021 (9 đơn vị cấp xã), không theo ranh giới thị xã năm 2020; không so với các số dân trước đó; bản sao tiếng Trung ghi cùng số là năm 2021",
    "context: explains Hương Trà's 2021 boundary break (518,53 → 392,32 km²)":
        "Số liệu bối cảnh về TP Huế, không phải của Hương Trà; giải thích việc thị xã mất một phần địa bàn từ 1/7/2021",
    "YEAR NOT SHOWN in excerpt ('Từ đầu năm đến nay'); unusable for trend until dated":
        "Đoạn trích không cho biết năm (chỉ ghi từ đầu năm đến nay); chưa dùng được cho chuỗi thời gian",
    "YEAR NOT SHOWN; 'hơn 92%' lower bound; denominator undefined": "Không rõ năm; nguồn ghi 'hơn', số là cận dưới; không rõ mẫu số",
    "'115/220' – reading of numerator/denominator ambiguous in source": "Nguồn ghi dạng phân số 115/220; cách hiểu tử số, mẫu số chưa chắc chắn",
    "lower bound ('trên'); article reviews 2021": "Nguồn ghi 'trên', số là cận dưới; bầu cử ngày 23/5/2021",
    "31+341=372 OK": "Gồm hội thẩm cấp tỉnh và cấp huyện, nhiệm kỳ 2021–2026",
    "implies 21 at end-2015 (not stated directly; cf. 11 'đơn vị' in 9/2015 per cadn.com.vn)":
        "Suy ra cuối năm 2015 có 21 xã, khác với con số 11 đơn vị (9/2015) của nguồn khác",
    "'đơn vị' (xã, phường, thị trấn) – inconsistent with 21 at end-2015 implied by Báo Gia Lai 12/2016":
        "Nguồn đếm theo 'đơn vị'; không khớp với 21 xã cuối năm 2015 suy từ Báo Gia Lai",
    "conflicts with earlier Báo Gia Lai estimate 'chỉ có 2 xã hoàn thành 19/19 tiêu chí' of 9 registered":
        "Mâu thuẫn với ước tính trước đó của Báo Gia Lai (chỉ 2 trong 9 xã đăng ký hoàn thành đủ tiêu chí)",
    "equals 2019 census figure (per id.wikipedia citing GSO); page undated": "Trùng với số Tổng điều tra 2019; trang không ghi ngày",
    "differs from GSO 15.510 km² (danso.info)": "Khác số 15.510 km² của Tổng cục Thống kê (qua danso.info); trang không ghi ngày",
    "reported with 2018 district recognitions; publication date not shown; 39/85 = 45.9% OK":
        "Đưa tin cùng đợt công nhận cấp huyện năm 2018; không rõ ngày đăng",
    "as of 'Ngày 07/4' – year not shown; sequence (69 end-2020 → 80 → 82 on 9/5/2022) implies 2022":
        "Số tính đến ngày 07/4, nguồn không ghi năm (theo trình tự các số khác có lẽ là năm 2022)",
    "as of 07/4 (year not shown)": "Số tính đến ngày 07/4, nguồn không ghi năm",
    "after recognitions 'năm 2023'; publication date not shown (likely 2024)": "Sau các đợt công nhận năm 2023; không rõ ngày đăng",
    "lower bound ('hơn'); end date = publication (≈7/2024, not shown)": "Nguồn ghi 'hơn', số là cận dưới; luỹ kế từ 2018 đến ngày đăng bài (không rõ ngày)",
    "lower bound": "Nguồn ghi 'hơn', số là cận dưới; luỹ kế từ 2018 đến ngày đăng bài (không rõ ngày)",
    "'khoảng 1,1 triệu' vs census 1.009.168 – rounding/registered-population discrepancy":
        "Nêu cùng dân số 'khoảng 1,1 triệu', khác số Tổng điều tra 2019",
    "date not shown; sector-specific scope": "Nguồn không ghi ngày; chỉ trong lực lượng vũ trang, không phải toàn tỉnh",
    "Chỉ thị 05 models – different programme from Dân vận khéo; do not mix": "Mô hình theo Chỉ thị 05-CT/TW, khác phong trào Dân vận khéo; không cộng gộp",
    "INCONSISTENT: 238/316 = 75.3%, not 88.9%; 238+35 = 273 ≠ 316 (88.9% would match ≈238/268)":
        "Nguồn nêu còn 35 vụ việc đang giải quyết; số đã giải quyết cộng số còn lại không bằng số phải giải quyết",
    "period not stated; context 'Năm 2018' plans → likely 2017/early-2018": "Nguồn không nêu kỳ báo cáo (theo ngữ cảnh có lẽ năm 2017 hoặc đầu 2018); không rõ mẫu số",
    "period not stated; 98.96+0.87+0.17=100.00": "Nguồn không nêu kỳ báo cáo; không rõ mẫu số",
    "INCONSISTENT: 1,051+790 = 1,841 ≠ 1,839; date '27 Feb' (year not shown, pre-7/2025 as 460 communes cited)":
        "Hai thành phần nguồn nêu (1.051 toàn trình và 790 một phần) cộng lại là 1.841, không bằng tổng; ngày 27/2, không rõ năm (trước 7/2025)",
    "after 31 communes recognised 'năm 2020'; publication date not shown (≈early 2021)": "Sau đợt công nhận 31 xã năm 2020; không rõ ngày đăng (khoảng đầu 2021)",
    "implied denominator ≈410 communes (consistent with 299 ≈ 73% in 9/2022)": "Nguồn không nêu mẫu số; không rõ ngày đăng (khoảng đầu 2021)",
    "INCONSISTENT: same article later says 'sur 848 997 ménages'": "Cùng bài, đoạn sau ghi 848.997 hộ; hai số lệch nhau",
    "vhnt.org.vn gives 16.490 km2": "Nguồn khác (vhnt.org.vn) ghi 16.490 km²",
    "491,267/3,327,791 = 14.76% OK": "",
    "date of article not shown": "Không rõ ngày đăng bài; tính từ khi triển khai đề án",
}
# notes for specific rows (appended)
NOTE_ROW_EXTRA = {
    ("s", 120): "Ngày bắt đầu lấy theo đợt thí điểm 10/2016, nguồn không nêu riêng cho Cầu Ngang; luỹ kế đến thời điểm báo cáo năm 2017",
    ("s", 121): "Ngày bắt đầu lấy theo đợt thí điểm 10/2016, nguồn không nêu riêng cho Cầu Ngang; luỹ kế đến thời điểm báo cáo năm 2017",
    ("p", 38): "Số luỹ kế cuối năm 2016",
    ("p", 42): "Năm đăng ký 2023",
    ("p", 66): "Tổng điều tra 1/4/2019",
    ("p", 68): "Nguồn không nêu thời điểm",
    ("p", 91): "Kết quả sơ bộ",
}

# ---------------------------------------------------------------- sources
SEED_SOURCES = {
    "000_d10274f46c103444.txt": {
        "title": "Đảng ủy cơ quan chính quyền thị xã với công tác dân vận chính quyền",
        "issuer": "Trang thông tin điện tử thị xã Hương Trà (bài của Phó Bí thư Đảng ủy Cơ quan chính quyền thị xã)",
        "kind": "trang thông tin", "document_number": "", "url": "", "published_date": "2021-10-31",
        "licence_note": "Trích dẫn số liệu có ghi nguồn; không sao chép văn bản"},
    "001_bd16022147c7be76.txt": {
        "title": "Kết quả ban hành các văn bản lãnh đạo thực hiện quy chế dân chủ (trích luận văn thạc sĩ về thực hiện quy chế dân chủ ở cơ sở tại quận Hoàn Kiếm)",
        "issuer": "Tác giả luận văn (không nêu tên trong bản lưu); đăng lại trên trang chia sẻ tài liệu",
        "kind": "luận văn", "document_number": "", "url": "", "published_date": "2022-06-24",
        "licence_note": "Trích dẫn số liệu có ghi nguồn; không sao chép văn bản; ngày là ngày đăng lại trên trang chia sẻ"},
    "002_b2209b564e01dc84.txt": {
        "title": "Chỉ thị về đổi mới công tác dân vận của cơ quan hành chính nhà nước, chính quyền các cấp trên địa bàn tỉnh",
        "issuer": "UBND tỉnh Gia Lai", "kind": "chỉ thị", "document_number": "14/CT-UBND", "url": "",
        "published_date": "2021-12-23",
        "licence_note": "Văn bản hành chính của cơ quan nhà nước; trích dẫn nội dung có ghi nguồn"},
    "003_af0b5feb1dbc9908.txt": {
        "title": "Công tác dân vận chính quyền trên địa bàn tỉnh Trà Vinh năm 2017",
        "issuer": "Trần Minh Tuấn (bài, ảnh); trang thông tin điện tử ở Trà Vinh, tên trang không có trong bản lưu",
        "kind": "báo cáo", "document_number": "", "url": "", "published_date": "",
        "licence_note": "Trích dẫn số liệu có ghi nguồn; không sao chép văn bản"},
    "004_45344f90b417b1fa.txt": {
        "title": "Đảng ủy Khối các cơ quan tỉnh thực hiện tốt công tác dân vận",
        "issuer": "Phan Thanh Đoài, Phó Trưởng ban Dân vận Tỉnh ủy Nghệ An; đăng trên trang thông tin của Ban Dân vận Tỉnh ủy",
        "kind": "trang thông tin", "document_number": "", "url": "", "published_date": "",
        "licence_note": "Trích dẫn số liệu có ghi nguồn; không sao chép văn bản"},
}
WIKI = "Nội dung bách khoa mở (CC BY-SA); chỉ dùng số liệu, có ghi nguồn"
PRESS = "Trích dẫn số liệu có ghi nguồn; không sao chép văn bản"
GOV = "Thông tin của cơ quan nhà nước; trích dẫn số liệu có ghi nguồn, không sao chép văn bản"
PUBLIC_SOURCES = {
    "https://hanoionline.vn/video/nhan-rong-nhieu-mo-hinh-dan-van-kheo-273159.htm":
        ("Nhân rộng nhiều mô hình Dân vận khéo (video)", "Hà Nội Online (Đài Phát thanh và Truyền hình Hà Nội)", "bài báo", PRESS),
    "https://mail.nguoikesu.com/dia-danh/quan-hoan-kiem":
        ("Quận Hoàn Kiếm (trang địa danh, sao chép Wikipedia)", "Người Kể Sử (nguoikesu.com)", "bách khoa", WIKI),
    "https://123docz.net/trich-doan/2874891-vi-tri-dia-ly-dieu-kien-tu-nhien.htm":
        ("Vị trí địa lý, điều kiện tự nhiên (trích đoạn luận văn về quận Hoàn Kiếm)", "123docz.net (trang chia sẻ tài liệu)", "luận văn", PRESS),
    "https://hanoi.gov.vn/thong-tin-ve-cac-don-vi-hanh-chinh-xa-phuong/quan-hoan-kiem-42801223.htm":
        ("Thông tin về các đơn vị hành chính: Quận Hoàn Kiếm", "Cổng Thông tin điện tử thành phố Hà Nội", "trang thông tin", GOV),
    "https://encyclopedia.datana.cloud/content/wikipedia_en_all_mini_2024-04/A/Ho%C3%A0n_Ki%E1%BA%BFm":
        ("Hoàn Kiếm (Wikipedia tiếng Anh, bản lưu 4/2024)", "Wikipedia tiếng Anh (bản lưu trên encyclopedia.datana.cloud)", "bách khoa", WIKI),
    "https://danviet.vn/quan-co-dien-tich-nho-nhat-ha-noi.html":
        ("Quận có diện tích nhỏ nhất Hà Nội (trang chủ đề)", "Báo Dân Việt", "bài báo", PRESS),
    "https://thuathienhue.gov.vn/vi-vn/Tin-so-nganh-dia-phuong/tid/Huong-Tra-Hoi-nghi-dien-hinh-tien-tien-thi-xa-Huong-Tra-lan-thu-V-giai-doan-2015-2020/newsid/32E2CF3A-55A2-49F5-AC2B-ABF700B4222F/cid/B978B3F3-05EF-45E4-BEE7-F47C2B99302B":
        ("Hương Trà: Hội nghị điển hình tiên tiến thị xã Hương Trà lần thứ V, giai đoạn 2015–2020", "Cổng Thông tin điện tử tỉnh Thừa Thiên Huế", "bài báo", GOV),
    "https://huongtra.thuathienhue.gov.vn/?gd=8&cn=28&tc=4316":
        ("Hội nghị 5 năm thành lập thị xã Hương Trà (2011–2016)", "Trang thông tin điện tử thị xã Hương Trà", "trang thông tin", GOV),
    "http://www.vietnamplus.vn/thanh-lap-thi-xa-huong-tra-tinh-thua-thienhue/116067.vnp":
        ("Thành lập thị xã Hương Trà, tỉnh Thừa Thiên Huế", "VietnamPlus (Thông tấn xã Việt Nam)", "bài báo", PRESS),
    "https://vi.wikipedia.org/wiki/H%C6%B0%C6%A1ng_Tr%C3%A0":
        ("Hương Trà (Wikipedia tiếng Việt, phiên bản cũ)", "Wikipedia tiếng Việt", "bách khoa", WIKI),
    "https://defzone.net/wiki/H%C6%B0%C6%A1ng_Tr%C3%A0":
        ("Hương Trà (bản sao Wikipedia)", "defzone.net", "bách khoa", WIKI),
    "https://m.baophapluat.vn/sap-nhap-con-145-xa-phuong-thi-tran-o-thua-thien-hue-post327430.html":
        ("Sáp nhập còn 145 xã, phường, thị trấn ở Thừa Thiên Huế", "Báo Pháp luật Việt Nam", "bài báo", PRESS),
    "http://doanhnghiephue.com.vn/News.aspx?ArticleID=2983":
        ("Tin về mở rộng địa giới hành chính thành phố Huế từ 1/7/2021", "Doanh nghiệp Huế (doanhnghiephue.com.vn)", "bài báo", PRESS),
    "https://khamphahue.com.vn/Truyen-Thong-So/Thanh-Pho-Hue-Truc-Thuoc-Trung-Uong-The-Va-Luc-Moi/tid/Quy-mo-dan-so/cid/630":
        ("Thành phố Huế trực thuộc Trung ương – thế và lực mới (mục Quy mô dân số)", "Khám phá Huế (khamphahue.com.vn)", "trang thông tin", PRESS),
    "http://cand.com.vn/Xa-hoi/Gia-Lai-Giam-gan-30%25-luong-don-thu-khieu-nai-to-cao-23937/":
        ("Gia Lai: Giảm gần 30% lượng đơn thư khiếu nại, tố cáo", "Báo Công an nhân dân", "bài báo", PRESS),
    "https://baogialai.com.vn/gia-lai-day-manh-thuc-hien-quy-che-dan-chu-o-co-so-post143202.html":
        ("Gia Lai đẩy mạnh thực hiện quy chế dân chủ ở cơ sở", "Báo Gia Lai", "bài báo", PRESS),
    "https://baogialai.com.vn/mat-tran-to-quoc-tich-cuc-tham-gia-xay-dung-dang-chinh-quyen-post203653.html":
        ("Mặt trận Tổ quốc tích cực tham gia xây dựng Đảng, chính quyền", "Báo Gia Lai", "bài báo", PRESS),
    "http://baogialai.com.vn/channel/8205/201612/gia-lai-them-8-xa-dat-chuan-nong-thon-moi-2462693/":
        ("Gia Lai thêm 8 xã đạt chuẩn nông thôn mới (đăng tháng 12/2016)", "Báo Gia Lai", "bài báo", PRESS),
    "https://cadn.com.vn/tags/53%20%C4%91i%CC%A3a%20ph%C6%B0%C6%A1ng.html":
        ("Trang chủ đề '53 địa phương' (tin nông thôn mới Tây Nguyên)", "Báo Công an Đà Nẵng (cadn.com.vn)", "bài báo", PRESS),
    "https://baomoi.net.vn/gia-lai-cong-nhan-5-xa-dat-chuan-nong-thon-moi-nam-2023-c50493800.epi":
        ("Gia Lai công nhận 5 xã đạt chuẩn nông thôn mới năm 2023 (đăng tháng 10/2023)", "Báo Mới (baomoi.net.vn)", "bài báo", PRESS),
    "https://baogialai.com.vn/chuong-trinh-muc-tieu-quoc-gia-xay-dung-ntm-tag72065.html":
        ("Trang chủ đề Chương trình mục tiêu quốc gia xây dựng nông thôn mới", "Báo Gia Lai", "trang thông tin", PRESS),
    "https://gialaitv.vn/tin-tuc/tin-dia-phuong/gia-lai-4-xa-dang-ki-dat-chuan-ntm-nang-cao-tiep-tuc-hoan-thanh-chi-tieu-trong-nam-2024/":
        ("Gia Lai: 4 xã đăng ký đạt chuẩn nông thôn mới nâng cao, tiếp tục hoàn thành chỉ tiêu trong năm 2024 (đăng tháng 9/2024)", "Đài Phát thanh – Truyền hình Gia Lai", "bài báo", PRESS),
    "https://chinhsachcuocsong.ttxvn.vn/dia-phuong/gia-lai.html":
        ("Hồ sơ địa phương: Gia Lai", "Thông tấn xã Việt Nam – chuyên trang Chính sách và Cuộc sống", "trang thông tin", PRESS),
    "https://anonyproxies.com/a2/index.php?q=https%3A%2F%2Fid.wikipedia.org%2Fwiki%2FProvinsi_Gia_Lai":
        ("Provinsi Gia Lai (Wikipedia tiếng Indonesia, đọc qua proxy)", "Wikipedia tiếng Indonesia", "bách khoa", WIKI),
    "https://danso.info/dien-tich-gia-lai/":
        ("Diện tích tỉnh Gia Lai", "danso.info", "trang thông tin", PRESS),
    "http://nongthonmoi.gov.vn/Pages/hai-huyen-thi-xa-cua-tinh-tra-vinh-can-dich-nong-thon-moi.aspx":
        ("Hai huyện, thị xã của tỉnh Trà Vinh cán đích nông thôn mới", "Văn phòng Điều phối nông thôn mới trung ương (nongthonmoi.gov.vn)", "bài báo", GOV),
    "https://nongthonmoi.travinh.gov.vn/tra-vinh-co-them-02-don-vi-cap-huyen-dat-chuan-nong-thon-moi/":
        ("Trà Vinh có thêm 02 đơn vị cấp huyện đạt chuẩn nông thôn mới (đăng tháng 3/2021)", "Trang thông tin nông thôn mới tỉnh Trà Vinh", "bài báo", GOV),
    "https://nongthonmoi.travinh.gov.vn/tra-vinh-co-them-05-xa-duoc-cong-nhan-dat-chuan-nong-thon-moi-nam-2021/":
        ("Trà Vinh có thêm 05 xã được công nhận đạt chuẩn nông thôn mới năm 2021", "Trang thông tin nông thôn mới tỉnh Trà Vinh", "bài báo", GOV),
    "https://nongthonmoi.travinh.gov.vn/tra-vinh-co-them-02-xa-duoc-cong-nhan-dat-chuan-nong-thon-moi-nam-2021/":
        ("Trà Vinh có thêm 02 xã được công nhận đạt chuẩn nông thôn mới năm 2021 (đăng tháng 5/2022)", "Trang thông tin nông thôn mới tỉnh Trà Vinh", "bài báo", GOV),
    "https://travinh.gov.vn/xay-dung-nong-thon-moi/tra-vinh-cong-nhan-them-3-xa-dat-chuan-nong-thon-moi-nang-cao-va-kieu-mau-706384":
        ("Trà Vinh công nhận thêm 3 xã đạt chuẩn nông thôn mới nâng cao và kiểu mẫu", "Cổng Thông tin điện tử tỉnh Trà Vinh", "bài báo", GOV),
    "https://www.qdnd.vn/van-hoa/doi-song/tra-vinh-tuyen-duong-90-gia-dinh-van-hoa-tieu-bieu-733342":
        ("Trà Vinh tuyên dương 90 gia đình văn hóa tiêu biểu", "Báo Quân đội nhân dân", "bài báo", PRESS),
    "https://mail.nguoikesu.com/dia-danh/tinh-tra-vinh":
        ("Tỉnh Trà Vinh (trang địa danh, sao chép Wikipedia)", "Người Kể Sử (nguoikesu.com)", "bách khoa", WIKI),
    "https://tapchicongsan.org.vn/trang-thong-tin-dia-phuong/-/2018/48642/tra-vinh--thuc-hien-toan-dien-va-sang-tao-cac-noi-dung-nghi-quyet-trung-uong-4-khoa-xii-gan-voi-chi-thi-so-05-ct-tw-cua-bo-chinh-tri.aspx":
        ("Trà Vinh thực hiện toàn diện và sáng tạo các nội dung Nghị quyết Trung ương 4 khóa XII gắn với Chỉ thị số 05-CT/TW của Bộ Chính trị (năm 2018)", "Tạp chí Cộng sản", "bài báo", PRESS),
    "https://baonghean.vn/luc-luong-vu-trang-tinh-nghe-an-phoi-hop-xay-dung-va-duy-tri-249-mo-hinh-dan-van-kheo-10285666.html":
        ("Lực lượng vũ trang tỉnh Nghệ An phối hợp xây dựng và duy trì 249 mô hình Dân vận khéo", "Báo Nghệ An", "bài báo", PRESS),
    "https://baonghean.vn/sang-tao-hieu-qua-trong-thuc-hien-nghi-quyet-trung-uong-4-va-chi-thi-05-cua-bo-chinh-tri-284905.html":
        ("Sáng tạo, hiệu quả trong thực hiện Nghị quyết Trung ương 4 và Chỉ thị 05 của Bộ Chính trị (đăng tháng 4/2021)", "Báo Nghệ An", "bài báo", PRESS),
    "https://baonghean.vn/tap-trung-ra-soat-tham-muu-giai-quyet-dut-diem-cac-vu-viec-ton-dong-phuc-tap-299715.html":
        ("Tập trung rà soát, tham mưu giải quyết dứt điểm các vụ việc tồn đọng, phức tạp (đăng tháng 12/2021)", "Báo Nghệ An", "bài báo", PRESS),
    "https://amp.baonghean.vn/nghe-an-lay-y-kien-danh-gia-muc-do-hai-long-tai-bo-phan-mot-cua-215297.html":
        ("Nghệ An lấy ý kiến đánh giá mức độ hài lòng tại bộ phận một cửa", "Báo Nghệ An", "bài báo", PRESS),
    "https://news.laodong.vn/xa-hoi/nghe-an-day-manh-dich-vu-cong-truc-tuyen-1469438.ldo":
        ("Nghệ An đẩy mạnh dịch vụ công trực tuyến (ấn bản tiếng Anh)", "Báo Lao Động", "bài báo", PRESS),
    "https://truyenhinhnghean.vn/media/thoi-su/phong-su/202209/cac-dia-phuong-don-suc-ve-dich-nong-thon-moi-dung-hen-0562512/":
        ("Các địa phương dồn sức về đích nông thôn mới đúng hẹn", "Đài Phát thanh và Truyền hình Nghệ An", "bài báo", PRESS),
    "https://baonghean.vn/danh-sach-31-xa-vua-duoc-cong-nhan-dat-chuan-nong-thon-moi-o-nghe-an-280372.html":
        ("Danh sách 31 xã vừa được công nhận đạt chuẩn nông thôn mới ở Nghệ An", "Báo Nghệ An", "bài báo", PRESS),
    "https://baonghean.vn/fr/nghe-an-co-so-dan-dong-thu-may-ca-nuoc-10201593.html":
        ("Nghệ An có số dân đông thứ mấy cả nước (ấn bản tiếng Pháp)", "Báo Nghệ An", "bài báo", PRESS),
    "https://baonghean.vn/77-xa-mien-nui-nghe-an-dat-chuan-nong-thon-moi-280997.html":
        ("77 xã miền núi Nghệ An đạt chuẩn nông thôn mới (đăng tháng 1/2021)", "Báo Nghệ An", "bài báo", PRESS),
    "https://vhnt.org.vn/xay-dung-doi-song-van-hoa/page/3/":
        ("Chuyên mục Xây dựng đời sống văn hóa (trang 3)", "Tạp chí Văn hóa Nghệ thuật (vhnt.org.vn)", "trang thông tin", PRESS),
    "https://nghean.dcs.vn/vi-vn/tin/ket-qua-thuc-hien-de-an-so-07-da-tu-ve-doi-moi--nang-cao-hieu-qua-tiep-xuc--doi-thoai-va-thuc-hien-ket-luan-cua-nguoi-dung-dau-cap-uy--chinh-quyen-sau-tiep-xuc--doi-thoai-voi-nhan-dan/231047-16570-315009":
        ("Kết quả thực hiện Đề án số 07-ĐA/TU về đổi mới, nâng cao hiệu quả tiếp xúc, đối thoại với Nhân dân", "Cổng Thông tin điện tử Đảng bộ tỉnh Nghệ An", "trang thông tin", GOV),
}
LANG_LABEL = {"en": "ấn bản tiếng Anh", "fr": "ấn bản tiếng Pháp", "id": "Wikipedia tiếng Indonesia"}

# ---------------------------------------------------------------- helpers
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def fmt_value(v: str) -> str:
    d = Decimal(v.strip())
    s = format(d, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def num_patterns(v: str) -> list[str]:
    """Ways a research value may be printed in Vietnamese/English text."""
    s = fmt_value(v)
    ip, _, fp = s.partition(".")
    groups = []
    while len(ip) > 3:
        groups.insert(0, ip[-3:])
        ip = ip[:-3]
    groups.insert(0, ip)
    pats = []
    for th in [".", ",", " ", ""]:
        for dec in [",", "."]:
            p = th.join(groups) + ((dec + fp) if fp else "")
            pats.append(p)
    return sorted(set(pats), key=len, reverse=True)


QUAL_WORDS = {
    "hon": ["hơn", "trên", "over", "more than", "plus de"],
    "gan": ["gần", "khoảng", "about", "nearly", "approximately", "environ", "près de"],
    "duoi": ["dưới", "under", "less than", "moins de"],
}


QUAL_ROW = {("p", 69): "exact"}  # 'khoảng' there qualifies the population, not the share


def qualifier(r) -> tuple[str, str]:
    """(qualifier, the bounding word as printed, or '')."""
    key = (r["_src"], r["_idx"])
    if key in QUAL_ROW:
        return QUAL_ROW[key], ""
    note = r["note"].lower()
    quote = r["quote"]
    word = ""
    for p in num_patterns(r["value"]):
        m = None
        for m in re.finditer(r"(?<![\d.,])" + re.escape(p) + r"(?![\d]|[.,]\d)", quote):
            break
        if m:
            before = quote[max(0, m.start() - 14):m.start()].lower().rstrip()
            for q, words in QUAL_WORDS.items():
                for w in words:
                    if before.endswith(w):
                        word = w
            break
    if "upper bound" in note or "'dưới" in note:
        return "duoi", word or "dưới"
    if "lower bound" in note or "'hơn" in note or "'trên" in note:
        return "hon", word or ("trên" if "'trên" in note else "hơn")
    if "approximate" in note or "'khoảng" in note or "'gần" in note:
        return "gan", word or ("gần" if "'gần" in note else "khoảng")
    for q, words in QUAL_WORDS.items():
        if word in words:
            return q, word
    return "exact", ""


def seed_paragraphs(text: str) -> list[tuple[int, str]]:
    """(first line number, paragraph text). Blank-line blocks, or lines if few blocks."""
    lines = text.split("\n")
    blocks, cur, start = [], [], None
    for i, ln in enumerate(lines, 1):
        if ln.strip():
            if not cur:
                start = i
            cur.append(ln.strip())
        elif cur:
            blocks.append((start, " ".join(cur)))
            cur = []
    if cur:
        blocks.append((start, " ".join(cur)))
    if len(blocks) < 5:
        blocks = [(i, ln.strip()) for i, ln in enumerate(lines, 1) if ln.strip()]
    return blocks


def norm_ws(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


FALLBACK: list = []


def locate(paras, quote: str, value: str):
    q = norm_ws(quote)
    parts = [p.strip() for p in re.split(r"\.\.\.|…", q) if p.strip()]
    for n, (line, txt) in enumerate(paras, 1):
        t = norm_ws(txt)
        if all(p in t for p in parts):
            return n, line
    # quote spanning several blocks (e.g. a chart): start at the block holding the
    # quote's opening words, then take the first block from there holding the number
    head = " ".join(q.split()[:6])
    for n, (line, txt) in enumerate(paras, 1):
        if head in norm_ws(txt):
            for m in range(n - 1, min(n + 12, len(paras))):
                t = norm_ws(paras[m][1])
                if any(re.search(r"(?<![\d.,])" + re.escape(p) + r"(?![\d])", t) for p in num_patterns(value)):
                    FALLBACK.append((quote[:40], m + 1))
                    return m + 1, paras[m][0]
    # fallback: best word overlap among paragraphs containing the number
    qw = set(q.lower().split())
    best = None
    for n, (line, txt) in enumerate(paras, 1):
        t = norm_ws(txt)
        if not any(p in t for p in num_patterns(value)):
            continue
        score = len(qw & set(t.lower().split()))
        if best is None or score > best[0]:
            best = (score, n, line)
    if best:
        FALLBACK.append((quote[:40], best[1]))
        return best[1], best[2]
    return None, None


# Figures restated on a later boundary belong to that boundary's unit, whatever their date:
# the 2020 population of 72.677 counts the 9 units left after 1/7/2021.
RESTATED_ON_2021_BOUNDARY = {("population", "72677")}


def ht_vintage(r, key) -> str:
    if (r["indicator_code"], r["value"]) in RESTATED_ON_2021_BOUNDARY:
        return "huong-tra-2021"
    d = r["period_end"] or r["period_start"]
    if not d:
        # undated rows come from seed 000 (10/2021), which describes the 2021 boundary
        return "huong-tra-2021"
    return "huong-tra-2011" if d <= "2021-06-30" else "huong-tra-2021"


# first words of note parts that are ordinary words (lower-cased when not first)
LOWER_FIRST = {"Nguồn", "Phạm", "Số", "Luỹ", "Trên", "Gắn", "Ngày", "Năm", "Kỳ", "Không", "Khác", "Cùng",
               "Gần", "Hộp", "Đoạn", "Mâu", "Tính", "Giữ", "Bằng", "Ngoài", "Gồm", "Suy", "Sau", "Đưa",
               "Nêu", "Hai", "Tháng", "Chỉ", "Người", "Nhãn", "Tỷ", "Kết", "Tổng"}

LOC_OF = {"Hoàn Kiếm": "hoan-kiem", "Gia Lai": "gia-lai", "Trà Vinh": "tra-vinh", "Nghệ An": "nghe-an"}


# ---------------------------------------------------------------- main
def main() -> int:
    seed = pd.read_csv(RESEARCH / "seed_indicators.csv", dtype=str, keep_default_na=False)
    pub = pd.read_csv(RESEARCH / "public_indicators.csv", dtype=str, keep_default_na=False)
    seed["_src"], pub["_src"] = "s", "p"
    seed["_idx"], pub["_idx"] = range(len(seed)), range(len(pub))
    rows = [r for _, r in seed.iterrows()] + [r for _, r in pub.iterrows()]

    # ---- sources
    sources, src_id = [], {}
    for fn, meta in SEED_SOURCES.items():
        sid = f"S{len(sources) + 1:02d}"
        src_id[fn] = sid
        sources.append({"source_id": sid, "title": meta["title"], "issuer": meta["issuer"], "kind": meta["kind"],
                            "document_number": meta["document_number"], "url": meta["url"],
                            "published_date": meta["published_date"], "accessed_date": ACCESSED,
                            "licence_note": meta["licence_note"]})
    for _, r in pub.iterrows():
        url = r["source_url"]
        if url in src_id:
            continue
        title, issuer, kind, lic = PUBLIC_SOURCES[url]
        pd_ = r["published_date"] if ISO_DATE.match(r["published_date"]) else ""
        sid = f"S{len(sources) + 1:02d}"
        src_id[url] = sid
        sources.append({"source_id": sid, "title": title, "issuer": issuer, "kind": kind, "document_number": "",
                            "url": url, "published_date": pd_, "accessed_date": ACCESSED, "licence_note": lic})

    # ---- seed texts
    seed_paras = {fn: seed_paragraphs((SEEDS / fn).read_text(encoding="utf-8")) for fn in SEED_SOURCES}

    # ---- observations
    obs, used_codes, unit_of_code = [], [], {}
    problems = []
    for n, r in enumerate(rows, 1):
        key = (r["_src"], r["_idx"])
        code = CODE_RENAME.get(r["indicator_code"], r["indicator_code"])
        if code not in I:
            problems.append(f"no catalogue entry for {code}")
        unit = UNIT_OVERRIDE.get(r["indicator_code"], UNIT_MAP[r["unit"]])
        if unit_of_code.setdefault(code, unit) != unit:
            problems.append(f"unit clash for {code}: {unit_of_code[code]} vs {unit}")
        if code not in used_codes:
            used_codes.append(code)
        loc = ht_vintage(r, key) if r["locality"] == "Hương Trà" else LOC_OF[r["locality"]]
        sc, svi = SCOPE_ROW.get(key, SCOPE[r["reporting_body"]])
        pv = PV.get(r["reporting_body"], "")
        note_parts = []
        tr = NOTE[r["note"]].replace("{pv}", pv)
        if tr:
            note_parts.append(tr)
        if key in NOTE_ROW_EXTRA and NOTE_ROW_EXTRA[key] not in tr:
            note_parts.append(NOTE_ROW_EXTRA[key])
        if r["locality"] == "Hương Trà" and not (r["period_start"] or r["period_end"]):
            note_parts.append("Gắn với ranh giới thị xã từ 1/7/2021 vì bài viết đăng ngày 31/10/2021")
        if r["unit"] in UNIT_OF_NOTE:
            note_parts.append(UNIT_OF_NOTE[r["unit"]])
        q, qword = qualifier(r)
        qual_note = {"hon": f"Nguồn ghi '{qword}', số là cận dưới",
                     "gan": f"Nguồn ghi '{qword}', số là ước lượng",
                     "duoi": f"Nguồn ghi '{qword}', số là cận trên"}.get(q)
        joined = "; ".join(note_parts)
        if qual_note and "cận" not in joined and "ước lượng" not in joined:
            note_parts.append(qual_note)
        joined = "; ".join(note_parts)
        if pv and pv not in joined and sc == "dia_ban_cap_duoi":
            note_parts.append(f"Phạm vi: chỉ {pv}, không phải toàn tỉnh")
        if not r["period_start"] and not r["period_end"]:
            j = "; ".join(note_parts)
            if not any(w in j.lower() for w in ["không nêu", "không ghi", "không rõ", "không cho biết"]):
                note_parts.append("Nguồn không nêu kỳ báo cáo")
        # de-duplicate parts while keeping order
        seen, parts = set(), []
        for p in "; ".join(note_parts).split("; "):
            if p and p not in seen:
                seen.add(p)
                parts.append(p)
        parts = [p if i == 0 or p.split()[0] not in LOWER_FIRST else p[0].lower() + p[1:]
                 for i, p in enumerate(parts)]
        note = "; ".join(parts)
        if note:
            note = note[0].upper() + note[1:]

        if r["_src"] == "s":
            fn = r["source_file"]
            sid = src_id[fn]
            para, line = locate(seed_paras[fn], r["quote"], r["value"])
            if para is None:
                problems.append(f"locator not found: {key}")
                locator = f"bản lưu {fn}"
            else:
                locator = f"bản lưu {fn}, đoạn {para} (dòng {line})"
            if r["indicator_code"].startswith("qcdc_leadership_docs_share"):
                locator += ", biểu đồ Bảng 2.1"
        else:
            sid = src_id[r["source_url"]]
            locator = "trang web, đoạn nêu số liệu"
            if "infobox" in r["note"] or r["reporting_body"].startswith("TTXVN"):
                locator = "trang web, hộp thông tin tóm tắt"
            if r["quote_lang"] in LANG_LABEL:
                locator += f" ({LANG_LABEL[r['quote_lang']]})"
        obs.append({"obs_id": f"O{n:04d}", "locality_id": loc, "indicator_code": code,
                        "period_start": r["period_start"].strip(), "period_end": r["period_end"].strip(),
                        "value": fmt_value(r["value"]), "qualifier": q, "scope_class": sc, "scope_vi": svi,
                        "source_id": sid, "locator": locator, "note_vi": note,
                        "entered_by": ENTERED_BY, "entered_at": ENTERED_AT})

    # ---- indicators (used codes + numerator/denominator codes)
    extra = []
    for c in used_codes:
        for k in ("numerator_code", "denominator_code"):
            x = I[c][k]
            if x and x not in used_codes and x not in extra:
                extra.append(x)
    unit_of_code.setdefault("ntm_communes_total", "xa")
    indicators = []
    for c in used_codes + extra:
        d = dict(I[c])
        d["unit"] = unit_of_code[c]
        indicators.append(d)
    for d in indicators:
        for k in ("numerator_code", "denominator_code"):
            if d[k] and unit_of_code.get(d[k]) is None:
                problems.append(f"{d['code']}: {k} {d[k]} has no unit")

    # ---- units (decimals = most decimals used by a value in that unit)
    dec = {}
    code_unit = {d["code"]: d["unit"] for d in indicators}
    for o in obs:
        u = code_unit[o["indicator_code"]]
        nd = len(o["value"].partition(".")[2])
        dec[u] = max(dec.get(u, 0), nd)
    units = [{"code": u, "name_vi": UNIT_NAMES[u], "decimals": dec.get(u, 0)}
             for u in sorted(set(code_unit.values()))]

    # ---- localities
    S = lambda url: src_id[url]
    localities = [
        {"locality_id": "ha-noi", "lineage": "ha-noi", "gso_code": "01", "iso_code": "VN-HN", "name_vi": "Thành phố Hà Nội",
             "short_name_vi": "Hà Nội", "level": "tinh", "level_label_vi": "thành phố trực thuộc TW", "parent_id": "",
             "valid_from": "", "valid_to": "", "successor_id": "", "successor_note_vi": "", "population": "", "population_date": "",
             "population_source_id": "", "area_km2": "", "area_source_id": "", "lat": "", "lon": "", "focus": 0},
        {"locality_id": "thua-thien-hue", "lineage": "hue", "gso_code": "46", "iso_code": "VN-26", "name_vi": "Tỉnh Thừa Thiên Huế",
             "short_name_vi": "Thừa Thiên Huế", "level": "tinh", "level_label_vi": "tỉnh", "parent_id": "",
             "valid_from": "", "valid_to": "2024-12-31", "successor_id": "hue-2025",
             "successor_note_vi": "Từ 1/1/2025 tỉnh trở thành thành phố Huế trực thuộc trung ương, giữ nguyên địa giới",
             "population": "", "population_date": "", "population_source_id": "", "area_km2": "", "area_source_id": "", "lat": "", "lon": "", "focus": 0},
        {"locality_id": "hue-2025", "lineage": "hue", "gso_code": "46", "iso_code": "", "name_vi": "Thành phố Huế",
             "short_name_vi": "Huế", "level": "tinh", "level_label_vi": "thành phố trực thuộc TW", "parent_id": "",
             "valid_from": "2025-01-01", "valid_to": "", "successor_id": "", "successor_note_vi": "",
             "population": "", "population_date": "", "population_source_id": "", "area_km2": "", "area_source_id": "", "lat": "", "lon": "", "focus": 0},
        {"locality_id": "binh-dinh", "lineage": "binh-dinh", "gso_code": "52", "iso_code": "VN-31", "name_vi": "Tỉnh Bình Định",
             "short_name_vi": "Bình Định", "level": "tinh", "level_label_vi": "tỉnh", "parent_id": "",
             "valid_from": "", "valid_to": "2025-06-30", "successor_id": "gia-lai-2025",
             "successor_note_vi": "Từ 1/7/2025 hợp nhất với tỉnh Gia Lai thành tỉnh Gia Lai mới",
             "population": "", "population_date": "", "population_source_id": "", "area_km2": "", "area_source_id": "", "lat": "", "lon": "", "focus": 0},
        {"locality_id": "gia-lai-2025", "lineage": "gia-lai-2025", "gso_code": "52", "iso_code": "", "name_vi": "Tỉnh Gia Lai (từ 1/7/2025)",
             "short_name_vi": "Gia Lai (mới)", "level": "tinh", "level_label_vi": "tỉnh", "parent_id": "",
             "valid_from": "2025-07-01", "valid_to": "", "successor_id": "", "successor_note_vi": "",
             "population": "", "population_date": "", "population_source_id": "", "area_km2": "", "area_source_id": "", "lat": "", "lon": "", "focus": 0},
        {"locality_id": "vinh-long-2025", "lineage": "vinh-long-2025", "gso_code": "86", "iso_code": "", "name_vi": "Tỉnh Vĩnh Long (từ 1/7/2025)",
             "short_name_vi": "Vĩnh Long (mới)", "level": "tinh", "level_label_vi": "tỉnh", "parent_id": "",
             "valid_from": "2025-07-01", "valid_to": "", "successor_id": "", "successor_note_vi": "",
             "population": "", "population_date": "", "population_source_id": "", "area_km2": "", "area_source_id": "", "lat": "", "lon": "", "focus": 0},
        {"locality_id": "huong-tra-2011", "lineage": "huong-tra", "gso_code": "480", "iso_code": "", "name_vi": "Thị xã Hương Trà",
             "short_name_vi": "Hương Trà", "level": "huyen", "level_label_vi": "thị xã", "parent_id": "thua-thien-hue",
             "valid_from": "2011-11-15", "valid_to": "2021-06-30", "successor_id": "huong-tra-2021",
             "successor_note_vi": "Từ 1/7/2021 hai phường và bốn xã chuyển về thành phố Huế; thị xã còn 9 đơn vị cấp xã, diện tích và dân số giảm mạnh",
             "population": "115088", "population_date": "2019-04-01",
             "population_source_id": S("https://vi.wikipedia.org/wiki/H%C6%B0%C6%A1ng_Tr%C3%A0"),
             "area_km2": "518.53", "area_source_id": S("http://www.vietnamplus.vn/thanh-lap-thi-xa-huong-tra-tinh-thua-thienhue/116067.vnp"),
             "lat": "16.487057", "lon": "107.500951", "focus": 1},
        {"locality_id": "huong-tra-2021", "lineage": "huong-tra", "gso_code": "480", "iso_code": "", "name_vi": "Thị xã Hương Trà",
             "short_name_vi": "Hương Trà", "level": "huyen", "level_label_vi": "thị xã", "parent_id": "thua-thien-hue",
             "valid_from": "2021-07-01", "valid_to": "2025-06-30", "successor_id": "",
             "successor_note_vi": "Thuộc TP Huế trực thuộc TW từ 1/1/2025; từ 1/7/2025 bỏ cấp huyện, địa bàn sắp xếp thành các phường, xã của TP Huế (dự thảo 4/2025: 2 phường, 1 xã; tên chưa kiểm chứng)",
             "population": "72677", "population_date": "2020-12-31",
             "population_source_id": S("https://defzone.net/wiki/H%C6%B0%C6%A1ng_Tr%C3%A0"),
             "area_km2": "392.32", "area_source_id": S("https://defzone.net/wiki/H%C6%B0%C6%A1ng_Tr%C3%A0"),
             "lat": "16.487057", "lon": "107.500951", "focus": 1},
        {"locality_id": "hoan-kiem", "lineage": "hoan-kiem", "gso_code": "002", "iso_code": "", "name_vi": "Quận Hoàn Kiếm",
             "short_name_vi": "Hoàn Kiếm", "level": "huyen", "level_label_vi": "quận", "parent_id": "ha-noi",
             "valid_from": "", "valid_to": "2025-06-30", "successor_id": "",
             "successor_note_vi": "Từ 1/7/2025 bỏ cấp quận; theo phương án dự thảo, địa bàn chủ yếu thành phường Hoàn Kiếm và phường Cửa Nam, một phần nhập vào phường mới cùng quận khác (số liệu dự thảo chưa thống nhất)",
             "population": "135618", "population_date": "2019-04-01",
             "population_source_id": S("https://encyclopedia.datana.cloud/content/wikipedia_en_all_mini_2024-04/A/Ho%C3%A0n_Ki%E1%BA%BFm"),
             "area_km2": "5.29", "area_source_id": S("https://hanoi.gov.vn/thong-tin-ve-cac-don-vi-hanh-chinh-xa-phuong/quan-hoan-kiem-42801223.htm"),
             "lat": "21.027266", "lon": "105.855451", "focus": 1},
        {"locality_id": "gia-lai", "lineage": "gia-lai", "gso_code": "64", "iso_code": "VN-30", "name_vi": "Tỉnh Gia Lai",
             "short_name_vi": "Gia Lai", "level": "tinh", "level_label_vi": "tỉnh", "parent_id": "",
             "valid_from": "1991-08-12", "valid_to": "2025-06-30", "successor_id": "gia-lai-2025",
             "successor_note_vi": "Từ 1/7/2025 hợp nhất với tỉnh Bình Định thành tỉnh Gia Lai mới, trung tâm ở Quy Nhơn; số liệu sau ngày này không so được với chuỗi cũ",
             "population": "1513847", "population_date": "2019-04-01",
             "population_source_id": S("https://chinhsachcuocsong.ttxvn.vn/dia-phuong/gia-lai.html"),
             "area_km2": "15510", "area_source_id": S("https://danso.info/dien-tich-gia-lai/"),
             "lat": "", "lon": "", "focus": 1},
        {"locality_id": "tra-vinh", "lineage": "tra-vinh", "gso_code": "84", "iso_code": "VN-51", "name_vi": "Tỉnh Trà Vinh",
             "short_name_vi": "Trà Vinh", "level": "tinh", "level_label_vi": "tỉnh", "parent_id": "",
             "valid_from": "", "valid_to": "2025-06-30", "successor_id": "vinh-long-2025",
             "successor_note_vi": "Từ 1/7/2025 hợp nhất với Vĩnh Long và Bến Tre thành tỉnh Vĩnh Long mới; không còn chuỗi số liệu riêng của Trà Vinh",
             "population": "1009168", "population_date": "2019-04-01",
             "population_source_id": S("https://mail.nguoikesu.com/dia-danh/tinh-tra-vinh"),
             "area_km2": "2358.2", "area_source_id": S("https://mail.nguoikesu.com/dia-danh/tinh-tra-vinh"),
             "lat": "", "lon": "", "focus": 1},
        {"locality_id": "nghe-an", "lineage": "nghe-an", "gso_code": "40", "iso_code": "VN-22", "name_vi": "Tỉnh Nghệ An",
             "short_name_vi": "Nghệ An", "level": "tinh", "level_label_vi": "tỉnh", "parent_id": "",
             "valid_from": "", "valid_to": "", "successor_id": "",
             "successor_note_vi": "Không sáp nhập; từ 1/7/2025 bỏ cấp huyện, tỉnh còn 130 xã, phường",
             "population": "3327791", "population_date": "2019-04-01",
             "population_source_id": S("https://baonghean.vn/fr/nghe-an-co-so-dan-dong-thu-may-ca-nuoc-10201593.html"),
             "area_km2": "16487", "area_source_id": S("https://baonghean.vn/77-xa-mien-nui-nghe-an-dat-chuan-nong-thon-moi-280997.html"),
             "lat": "", "lon": "", "focus": 1},
    ]

    for f in FALLBACK:
        print("locator fallback:", f, file=sys.stderr)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1

    def write(name, rows_, cols):
        OUT.mkdir(parents=True, exist_ok=True)
        with open(OUT / name, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(cols)
            for r in rows_:
                w.writerow([nfc(str(r[c])) if r[c] is not None else "" for c in cols])
        print(f"{name}: {len(rows_)} rows")

    write("themes.csv", [{"code": c, "name_vi": n, "sort_order": i} for i, (c, n) in enumerate(THEMES, 1)],
          ["code", "name_vi", "sort_order"])
    write("scope_classes.csv", [{"code": c, "name_vi": n, "description_vi": d, "whole_locality": w} for c, n, d, w in SCOPE_CLASSES],
          ["code", "name_vi", "description_vi", "whole_locality"])
    write("sources.csv", sources, ["source_id", "title", "issuer", "kind", "document_number", "url",
                                   "published_date", "accessed_date", "licence_note"])
    write("localities.csv", localities, ["locality_id", "lineage", "gso_code", "iso_code", "name_vi", "short_name_vi",
                                         "level", "level_label_vi", "parent_id", "valid_from", "valid_to",
                                         "successor_id", "successor_note_vi", "population", "population_date",
                                         "population_source_id", "area_km2", "area_source_id", "lat", "lon", "focus"])
    write("units.csv", units, ["code", "name_vi", "decimals"])
    write("indicators.csv", indicators, ["code", "name_vi", "definition_vi", "unit", "theme", "kind",
                                         "higher_is_better", "numerator_code", "denominator_code",
                                         "dvk_kind", "dvk_subject", "dvk_field", "programme"])
    write("observations.csv", obs, ["obs_id", "locality_id", "indicator_code", "period_start", "period_end",
                                    "value", "qualifier", "scope_class", "scope_vi", "source_id", "locator",
                                    "note_vi", "entered_by", "entered_at"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
