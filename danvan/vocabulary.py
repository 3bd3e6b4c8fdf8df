"""The codes the data uses and their Vietnamese labels, in one place.

Import sheets, the catalogue loader, tables, charts, slides and the summary all read these
(never a copy): themes shown only as context, indicator kinds, «Dân vận khéo» kinds, fields,
subjects, statuses and programmes, administrative levels, qualifiers and the note words that
mark a mismatch in a source. Pure data: this module imports nothing from danvan.
"""

from __future__ import annotations

# -- Themes and indicator kinds ------------------------------------------------------------

# Themes that describe a place (population, area, boundaries, economy), not dân vận work.
CONTEXT_THEMES = ("dan_so", "dia_gioi_hanh_chinh", "kinh_te_boi_canh")
CONTEXT_KIND = "context"  # an indicator kind that is context whatever its theme

INDICATOR_KINDS = {  # code -> label an editor picks from (a new indicator is never «context»)
    "count": "Số đếm trong kỳ", "stock": "Số tại một thời điểm", "rate": "Tỷ lệ (%)",
    "amount": "Số tiền", "measure": "Chỉ số, điểm, thứ hạng", "target": "Chỉ tiêu giao",
}
ALL_KINDS = (*INDICATOR_KINDS, CONTEXT_KIND)  # every kind the catalogue accepts

# -- «Dân vận khéo» ------------------------------------------------------------------------

DVK_KINDS = {
    "mo_hinh": "Mô hình",
    "diem_sang": "Điểm sáng",
    "khen_thuong": "Khen thưởng, biểu dương",
    "phat_hien": "Phát hiện, nhân rộng",
    "chi_tieu": "Chỉ tiêu đề ra",
}
DVK_FIELDS = {
    "kinh_te": "Kinh tế",
    "van_hoa_xa_hoi": "Văn hóa - xã hội",
    "quoc_phong_an_ninh": "Quốc phòng - an ninh",
    "xay_dung_he_thong_chinh_tri": "Xây dựng hệ thống chính trị",
}
DVK_SUBJECTS = {"tap_the": "Tập thể", "ca_nhan": "Cá nhân"}
# A registered model's statuses, in the order a model goes through them; «dừng» can come at any time.
DVK_STATUSES = {
    "dang_ky": "Đăng ký",
    "trien_khai": "Triển khai",
    "cong_nhan": "Công nhận",
    "dien_hinh": "Điển hình",
    "khen_thuong": "Khen thưởng",
    "dung": "Dừng",
}
RECOGNISED_STATUSES = frozenset({"cong_nhan", "dien_hinh", "khen_thuong"})  # need a year of recognition

# Labels for a reported figure whose field or subject is blank.
DVK_FIELD_LABELS = DVK_FIELDS | {"": "Không rõ lĩnh vực"}
DVK_SUBJECT_LABELS = DVK_SUBJECTS | {"": "Không tách"}
DVK_SUBJECT_LEGEND = DVK_SUBJECTS | {"": "Không tách tập thể/cá nhân"}  # a chart's legend

PROGRAMMES = {
    "dan_van_kheo": "Phong trào «Dân vận khéo»",
    "chi_thi_05": "Học tập và làm theo Bác (Chỉ thị 05-CT/TW) – chương trình khác",
    "chi_thi_05_va_dan_van_kheo": "Học tập và làm theo Bác kết hợp Dân vận khéo – nguồn không tách riêng",
    "cuoc_thi_guong_sang": "Cuộc thi, giải thưởng riêng – không phải mô hình Dân vận khéo",
    "thi_dua": "Thi đua, khen thưởng chung – không riêng Dân vận khéo",
}

# -- Administrative levels -----------------------------------------------------------------

LEVELS = ("tinh", "huyen", "xa")  # from the top down
LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}
LEVEL_NOUNS = {"tinh": "tỉnh", "huyen": "huyện", "xa": "xã"}  # «… ở cấp xã» / «các xã»
LEVEL_TIERS = {level: f"cấp {noun}" for level, noun in LEVEL_NOUNS.items()}  # «cấp tỉnh»
LEVEL_TIERS_SPELLED = {"tinh": "cấp tỉnh", "huyen": "cấp huyện (quận, thị xã)", "xa": "cấp xã (xã, phường)"}
LEVEL_PLURALS = {"tinh": ("tỉnh", "các tỉnh"), "huyen": ("huyện", "các huyện"), "xa": ("xã", "các xã, phường")}
LEVEL_AREAS = {"tinh": "Tỉnh, thành phố", "huyen": "Quận, huyện, thị xã", "xa": "Xã, phường, đặc khu"}  # filter menu

# -- Qualifiers ----------------------------------------------------------------------------

EXACT = "exact"
QUALIFIER_WORDS = {EXACT: "", "hon": "hơn", "gan": "gần", "duoi": "dưới"}  # the word before a figure
QUALIFIERS = tuple(QUALIFIER_WORDS)
QUALIFIER_CHOICES = QUALIFIER_WORDS | {EXACT: "chính xác"}  # what an import sheet offers

# -- Notes ---------------------------------------------------------------------------------

# Words in a figure's note that record a mismatch in its source.
MISMATCH_NOTE_WORDS = ("không khớp", "không nhất quán", "mâu thuẫn", "lệch", "khác nhau")
