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
