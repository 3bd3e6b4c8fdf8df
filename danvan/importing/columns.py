"""Column headers of the import files and how a user's header is matched to them."""

from __future__ import annotations

import re

from danvan.formatting import nfc, strip_diacritics

IMPORT_SHEET = "Nhập số liệu"
MODEL_SHEET = "Mô hình"

# (key, header as printed in the template; '*' marks a required column)
IMPORT_SPEC: tuple[tuple[str, str], ...] = (
    ("locality", "Địa phương*"),
    ("indicator", "Mã chỉ tiêu*"),
    ("value", "Giá trị*"),
    ("unit", "Đơn vị"),
    ("period", "Kỳ báo cáo"),
    ("start", "Từ ngày"),
    ("end", "Đến ngày"),
    ("qualifier", "Định tính"),
    ("scope_class", "Loại phạm vi"),
    ("scope", "Phạm vi*"),
    ("source", "Nguồn*"),
    ("issuer", "Cơ quan ban hành"),
    ("reference", "Số hiệu hoặc đường dẫn"),
    ("published", "Ngày ban hành"),
    ("locator", "Vị trí trong nguồn"),
    ("note", "Ghi chú"),
    ("numerator", "Tử số"),
    ("denominator", "Mẫu số"),
)

MODEL_SPEC: tuple[tuple[str, str], ...] = (
    ("name", "Tên mô hình*"),
    ("locality", "Địa phương*"),
    ("unit_name", "Đơn vị thực hiện"),
    ("year_registered", "Năm đăng ký"),
    ("year_recognised", "Năm công nhận"),
    ("field", "Lĩnh vực"),
    ("subject", "Tập thể/cá nhân"),
    ("status", "Trạng thái"),
    ("description", "Mô tả"),
    ("evidence", "Minh chứng/nguồn"),
)

IMPORT_COLUMNS: tuple[str, ...] = tuple(header for _, header in IMPORT_SPEC)
MODEL_COLUMNS: tuple[str, ...] = tuple(header for _, header in MODEL_SPEC)

_SPACE_RE = re.compile(r"\s+")


def norm_text(value: object) -> str:
    """Lower-case, accent-free, single-spaced form used for every comparison."""
    if value is None:
        return ""
    return _SPACE_RE.sub(" ", strip_diacritics(nfc(str(value)) or "")).strip()


def norm_header(value: object) -> str:
    """Header key: case-, diacritic-, space- and '*'-insensitive."""
    return norm_text(str(value).replace("*", "") if value is not None else "")


def header_role_key(value: object) -> str:
    """Header key for the staff variants: also without a parenthesised remark («Chỉ tiêu (VN)»)."""
    return re.sub(r"\s*\([^)]*\)", "", norm_header(value)).strip()


def label(spec: tuple[tuple[str, str], ...], key: str) -> str:
    """Header of column ``key`` without the '*' (as named in messages)."""
    return dict(spec)[key].rstrip("*")


def required_keys(spec: tuple[tuple[str, str], ...]) -> list[str]:
    return [key for key, header in spec if header.endswith("*")]


def map_headers(
    header: list[str], spec: tuple[tuple[str, str], ...]
) -> tuple[dict[str, str], list[str]]:
    """Map the file's headers to column keys.

    Returns ``(key -> header as written in the file, extra headers)``. When a column
    appears twice the first one wins and the second counts as extra.
    """
    wanted = {norm_header(h): key for key, h in spec}
    found: dict[str, str] = {}
    extra: list[str] = []
    for h in header:
        if h is None or not str(h).strip():
            continue
        key = wanted.get(norm_header(h))
        if key is None or key in found:
            extra.append(str(h))
        else:
            found[key] = h
    return found, extra


# Accent-free header spellings staff use -> role (the template's own headers included).
_VARIANTS: dict[str, tuple[str, ...]] = {
    "locality": ("dia phuong", "dia ban", "ten dia phuong", "ten don vi", "don vi hanh chinh", "tinh", "tinh/thanh pho",
                 "huyen", "xa", "xa/phuong", "tinh, thanh pho", "dia phuong/don vi", "ten dia ban",
                 "province", "province / city", "province/city", "city", "district", "commune", "locality",
                 "area", "place", "ten phuong", "ten xa", "ten huyen", "ten tinh", "phuong", "phuong/xa",
                 "xa, phuong", "phuong, xa", "don vi/dia ban"),
    "indicator": ("chi tieu", "noi dung", "ten chi tieu", "ma chi tieu", "noi dung chi tieu", "chi tieu, noi dung",
                  "tieu chi", "noi dung bao cao", "ten tieu chi", "danh muc", "chi so", "indicator", "item",
                  "indicator name", "metric", "loai don", "phan loai", "loai", "phan loai don", "hinh thuc"),
    "value": ("gia tri", "so lieu", "ket qua", "so luong", "ket qua thuc hien", "thuc hien", "so", "value",
              "gia tri so lieu", "ket qua dat duoc", "tong so", "result", "number", "figure", "amount"),
    "unit": ("don vi tinh", "dvt", "don vi do", "dv tinh", "d.v.t", "dvt.", "unit", "units", "uom"),
    "period": ("ky bao cao", "thoi gian", "ky", "nam", "thoi diem", "giai doan", "ky so lieu", "nam bao cao",
               "thoi gian bao cao", "year", "period", "year / period", "year/period", "time", "reporting period"),
    "start": ("tu ngay",),
    "end": ("den ngay", "ngay chot so lieu"),
    "scope": ("don vi bao cao", "co quan bao cao", "pham vi", "co quan", "don vi thuc hien", "co quan thuc hien",
              "pham vi so lieu", "noi bao cao", "reporting body", "reporting agency", "agency"),
    "scope_class": ("loai pham vi",),
    "source": ("nguon", "van ban", "duong dan", "nguon so lieu", "link", "url", "can cu", "tai lieu",
               "nguon tai lieu", "van ban nguon", "nguon du lieu", "source", "sources", "reference link"),
    "issuer": ("co quan ban hanh",),
    "reference": ("so hieu hoac duong dan", "so hieu", "so van ban"),
    "published": ("ngay ban hanh",),
    "locator": ("vi tri trong nguon", "vi tri", "trang"),
    "note": ("ghi chu", "chu thich", "luu y", "note", "notes", "remarks", "comment"),
    "qualifier": ("dinh tinh",),
    "numerator": ("tu so",),
    "denominator": ("mau so",),
    "ignore": ("stt", "tt", "so thu tu", "so tt", "ma so", "thu tu"),
}
TEMPLATE_UNIT = norm_header(dict(IMPORT_SPEC)["unit"])  # «Đơn vị»: the template's unit column
HEADER_ROLES: dict[str, str] = {norm_header(h): key for key, h in IMPORT_SPEC}
HEADER_ROLES.update({v: role for role, variants in _VARIANTS.items() for v in variants})
HEADER_ROLES[TEMPLATE_UNIT] = "locality"  # staff write «Đơn vị» for the unit of administration…
