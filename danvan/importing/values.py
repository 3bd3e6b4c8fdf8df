"""Pure parsers for the cells of an import file. Each raises ValueError with a Vietnamese
message that can be shown to the user as it is."""

from __future__ import annotations

import calendar
import difflib
import math
import re
import unicodedata
from datetime import date, datetime
from typing import Any

import pandas as pd

from danvan.data.unit_names import (
    UnitIndex,
    UnitNameError,
    UnitNotFound,
    as_date,  # noqa: F401 - re-exported for validate, template, import_queries
)
from danvan.importing.columns import norm_text

_QUALIFIER_WORDS = {
    "": "exact", "chinh xac": "exact", "exact": "exact", "=": "exact", "dung": "exact",
    "hon": "hon", "tren": "hon", "hon/tren": "hon", ">": "hon", "hon tren": "hon",
    "gan": "gan", "khoang": "gan", "xap xi": "gan", "~": "gan", "gan/khoang": "gan",
    "uoc": "gan", "uoc tinh": "gan", "gan khoang": "gan",
    "duoi": "duoi", "<": "duoi", "chua den": "duoi",
}
_SPACES = re.compile(r"[\s\u00a0\u2009\u202f]+")
_NUMBER = re.compile(r"^[+-]?[0-9.,]+$")  # ASCII digits only: Python's \\d and float() take any script's
MAX_MAGNITUDE = 1e15  # above every real figure (a province's budget in đồng is about 1e14)
MAX_SIGNIFICANT = 15  # digits a stored figure (a float) keeps exactly
NUMBER_FIX = "ghi số theo kiểu Việt Nam, ví dụ 1.234 hoặc 12,5 (dấu chấm ngăn hàng nghìn, dấu phẩy thập phân)"


class NumberRefused(ValueError):
    """A number cell that is refused, never read: the message (Vietnamese) says why."""


class ForeignDigit(NumberRefused):
    """A digit outside ASCII 0–9 (Arabic-Indic ١, full-width １, superscript ², …): Python's
    ``float()`` would read most of them, the editor's spreadsheet would show something else."""

    def __init__(self, text: str, character: str) -> None:
        self.text, self.character = text, character
        name = unicodedata.name(character, "")
        kind = ("chữ số Ả Rập – Ấn Độ" if "ARABIC-INDIC" in name
                else "chữ số toàn khổ của bộ gõ tiếng Trung/Nhật/Hàn" if "FULLWIDTH" in name
                else "chữ số mũ" if "SUPERSCRIPT" in name
                else "chữ số chỉ số dưới" if "SUBSCRIPT" in name
                else "chữ số khoanh tròn" if "CIRCLED" in name
                else "chữ số không phải 0–9")
        shown = text if len(text) <= 40 else text[:40] + "…"
        super().__init__(f"«{shown}» có ký tự «{character}» (U+{ord(character):04X}, {kind}), không phải chữ số "
                         "0–9 thông thường; không nhận")


class ImplausibleMagnitude(NumberRefused):
    """Infinite, not a number, larger than :data:`MAX_MAGNITUDE` or with more significant digits
    than a figure keeps (:data:`MAX_SIGNIFICANT`)."""


def foreign_digit(text: str) -> str | None:
    """The first character of ``text`` that is a digit, or reads as one, but is not ASCII 0–9."""
    for ch in text:
        if ch not in "0123456789" and (ch.isdigit() or ch.isnumeric() or unicodedata.category(ch) == "Nd"):
            return ch
    return None


def significant_digits(text: str) -> int:
    """Significant digits of a number written ``1.234,5`` (after thousands separators are
    removed): leading zeros and a decimal part's trailing zeros do not count."""
    whole, _, frac = text.partition(",")
    digits = (whole.replace(".", "") + frac.rstrip("0")).lstrip("0")
    if not frac.rstrip("0"):
        digits = digits.rstrip("0") or digits
    return len(digits)


def _shown(original: str) -> str:
    return original[:40] + ("…" if len(original) > 40 else "")


def _check_groups(text: str, sep: str) -> bool:
    groups = text.split(sep)
    return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]) and all(
        g.isdigit() for g in groups)


def number_and_percent(value: Any) -> tuple[float, bool]:
    """Parse a number cell; returns ``(value, written_with_percent_sign)``."""
    if isinstance(value, (bool, date, datetime)):
        raise ValueError(f"«{value}» không phải là số")  # noqa: TRY004 - shown to the user
    if isinstance(value, (int, float)):
        try:
            number = float(value)  # an Excel integer of 400 digits does not fit a float
        except OverflowError:
            number = math.inf
        if not math.isfinite(number) or abs(number) > MAX_MAGNITUDE:
            raise ImplausibleMagnitude("giá trị không phải là số hữu hạn" if not math.isfinite(number)
                                       else f"{number:.3g} quá lớn, không phải số liệu thật")
        return number, False
    text = _SPACES.sub("", str(value if value is not None else "")).replace("\u2212", "-")
    original = str(value).strip()
    if not text:
        raise ValueError("ô đang để trống")
    if (odd := foreign_digit(text)) is not None:
        raise ForeignDigit(original, odd)
    percent = text.endswith("%")
    if percent:
        text = text[:-1]
    if not _NUMBER.match(text) or not any(ch.isdigit() for ch in text):
        raise ValueError(f"«{original}» không phải là số")
    sign = -1.0 if text.startswith("-") else 1.0
    body = text.lstrip("+-")
    dots, commas = body.count("."), body.count(",")
    if dots and commas:
        if body.rfind(",") < body.rfind(".") or commas > 1:
            raise ValueError(f"«{original}» viết theo kiểu tiếng Anh (dấu phẩy ngăn hàng nghìn), dễ hiểu nhầm")
        whole, frac = body.split(",")
        if not _check_groups(whole, ".") or not frac.isdigit():
            raise ValueError(f"«{original}» đặt dấu chấm ngăn hàng nghìn không đúng chỗ")
        number = float(whole.replace(".", "") + "." + frac)
    elif commas:
        if commas > 1:
            raise ValueError(f"«{original}» có nhiều dấu phẩy (kiểu tiếng Anh?) nên không rõ là số nào")
        whole, frac = body.split(",")
        if not whole.isdigit() or not frac.isdigit():
            raise ValueError(f"«{original}» không phải là số")
        number = float(f"{whole}.{frac}")
    elif dots:
        if not _check_groups(body, "."):
            example = body.replace(".", ",") if dots == 1 else body
            raise ValueError(f"«{original}»: dấu chấm là dấu ngăn hàng nghìn; nếu là số thập phân "
                             f"hãy dùng dấu phẩy (ví dụ {example})")
        number = float(body.replace(".", ""))
    else:
        number = float(body)
    if not math.isfinite(number) or number > MAX_MAGNITUDE:
        raise ImplausibleMagnitude(f"«{_shown(original)}» quá lớn, không phải số liệu thật")
    if significant_digits(body) > MAX_SIGNIFICANT:
        raise ImplausibleMagnitude(f"«{_shown(original)}» có {significant_digits(body)} chữ số có nghĩa, nhiều "
                                   f"hơn {MAX_SIGNIFICANT} chữ số mà một số liệu giữ được; không phải số liệu thật")
    return sign * number, percent


def parse_number(value: Any) -> float:
    """``"1.234,5"`` -> 1234.5, ``"1.234"`` -> 1234, ``"12,5%"`` -> 12.5; Excel numbers as they are.

    Rejects the English ``"1,234.5"`` (ambiguous) with a message suggesting ``1.234,5``.
    """
    return number_and_percent(value)[0]


def decimals_written(value: Any) -> int:
    """How many decimals the user wrote (for rounding tolerance)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        text = repr(float(value))
        return 0 if text.endswith(".0") else len(text.split(".")[-1]) if "." in text else 0
    text = str(value).strip().rstrip("%")
    return len(text.split(",")[-1]) if "," in text else 0


_DATE_RE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def _make_date(year: int, month: int, day: int, original: str) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"ngày «{original}» không tồn tại") from exc


def parse_date(value: Any) -> date:
    """``"31/12/2021"`` (also ``31-12-2021``, ``31.12.2021``, ISO ``2021-12-31``) or an Excel date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, pd.Timestamp):
        return value.date()
    text = str(value if value is not None else "").strip()
    if not text:
        raise ValueError("ô đang để trống")
    if (odd := foreign_digit(text)) is not None:  # int() would read «٣١/١٢/٢٠٢١»
        raise ForeignDigit(text, odd)
    text = text.split(" ")[0] if re.match(r"^\d{4}-\d{2}-\d{2} 00:00(:00)?$", text) else text
    if m := _DATE_RE.match(text):
        return _make_date(int(m[3]), int(m[2]), int(m[1]), text)
    if m := _ISO_RE.match(text):
        return _make_date(int(m[1]), int(m[2]), int(m[3]), text)
    raise ValueError(f"«{text}» không phải là ngày dạng dd/mm/yyyy")


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_YEAR = r"(\d{4})"
_SEP = r"\s*(?:/|-|nam)\s*"
_D = r"(\d{1,2}[/.-]\d{1,2}[/.-]\d{4})"
_PERIOD_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"^(?:nam |ca nam )?{_YEAR}$"), "year"),
    (re.compile(rf"^(\d{{1,2}}) thang (dau |cuoi )?(?:nam )?{_YEAR}$"), "months"),
    (re.compile(rf"^quy ([iv]+|[1-4]){_SEP}{_YEAR}$"), "quarter"),
    (re.compile(rf"^(?:thang )?(\d{{1,2}}){_SEP}{_YEAR}$"), "month"),
    (re.compile(rf"^(?:giai doan |thoi ky |nhiem ky |tu nam |tu )?{_YEAR}\s*(?:-|den)\s*(?:nam )?{_YEAR}$"),
     "years"),
    (re.compile(rf"^(?:tinh |tinh den |luy ke )?(?:den|thoi diem|tai thoi diem|tai|ngay)?\s*(?:ngay )?{_D}$"),
     "until"),
    (re.compile(rf"^(?:tu )?(?:ngay )?{_D}\s*(?:-|den)\s*(?:ngay )?{_D}$"), "range"),
]
PERIOD_FIX = ("ghi kỳ như «năm 2021», «6 tháng đầu năm 2022», «quý III/2023», «tháng 5/2023», "
              "«2016-2020», «đến 31/10/2021» hoặc «01/06/2022 - 31/05/2023»; "
              "hoặc điền cột «Từ ngày»/«Đến ngày»")


def _year(text: str) -> int:
    year = int(text)
    if not 1900 <= year <= 2100:
        raise ValueError(f"năm {year} không hợp lệ")
    return year


_ENGLISH_PERIODS = (
    (re.compile(r"^(?:fy|year)\s*(\d{4})$"), r"nam \1"),
    (re.compile(r"^h1[\s/-]*(\d{4})$"), r"6 thang dau nam \1"),
    (re.compile(r"^h2[\s/-]*(\d{4})$"), r"6 thang cuoi nam \1"),
    (re.compile(r"^q([1-4])[\s/-]*(\d{4})$"), r"quy \1/\2"),
    (re.compile(r"^(\d{4})[\s/-]*q([1-4])$"), r"quy \2/\1"),
    (re.compile(r"^end(?:[\s-]+of)?[\s-]+(\d{4})$"), r"den 31/12/\1"),
    (re.compile(r"^as of\s+"), "den "),
    # staff shorthand: «6T/2025», «6T đầu 2025», «9T 2025» (the months from January)
    (re.compile(r"^(\d{1,2})\s*t\s*(dau|cuoi)?[\s/-]*(?:nam\s*)?(\d{4})$"),
     lambda m: f"{m[1]} thang {m[2] or ('dau' if m[1] == '6' else '')} nam {m[3]}".replace("  ", " ")),
)


def parse_period(text: Any) -> tuple[date | None, date | None]:
    """Free-text reporting period -> ``(start, end)``; a stock ("đến 31/10/2021") has no start."""
    original = re.sub(r"\s*(\(\*+\)|\*+)\s*$", "", str(text if text is not None else "").strip())  # «2021 (*)»
    if isinstance(text, (int, float)) and not isinstance(text, bool) and float(text).is_integer():
        original = str(int(text))
    if (odd := foreign_digit(original)) is not None:  # int() would read «năm ٢٠٢١»
        raise ForeignDigit(original, odd)
    key = norm_text(original.replace("\u2013", "-").replace("\u2014", "-")).replace(" / ", "/")
    key = re.sub(r"\s*-\s*", " - ", key).replace(" - ", "-") if "/" not in key else key
    # English in monitoring sheets: FY2024, H2 2025, Q4 2025, end-2024, as of 30/06/2025
    for pattern, replacement in _ENGLISH_PERIODS:
        key = pattern.sub(replacement, key)
    # «lũy kế 01/7 – 31/10/2025»: a range whose first day takes the year of the last
    key = re.sub(r"^luy ke (?=(tu )?(ngay )?\d)", "", key)
    key = re.sub(r"\b(\d{1,2}[/.-]\d{1,2})(\s*(?:-|den)\s*(?:ngay )?\d{1,2}[/.-]\d{1,2}[/.-](\d{4}))",
                 r"\1/\3\2", key)
    for pattern, kind in _PERIOD_PATTERNS:
        m = pattern.match(key)
        if not m:
            continue
        if kind == "year":
            y = _year(m[1])
            return date(y, 1, 1), date(y, 12, 31)
        if kind == "months":
            n, y = int(m[1]), _year(m[3])
            if not 1 <= n <= 12:
                break
            if m[2] == "cuoi ":
                return date(y, 13 - n, 1), date(y, 12, 31)
            return date(y, 1, 1), _month_end(y, n)
        if kind == "quarter":
            q, y = _ROMAN.get(m[1]), _year(m[2])
            if q is None:
                break
            return date(y, 3 * q - 2, 1), _month_end(y, 3 * q)
        if kind == "month":
            month, y = int(m[1]), _year(m[2])
            if not 1 <= month <= 12:
                break
            return date(y, month, 1), _month_end(y, month)
        if kind == "years":
            a, b = _year(m[1]), _year(m[2])
            if b < a:
                raise ValueError(f"kỳ «{original}»: năm kết thúc trước năm bắt đầu")
            return date(a, 1, 1), date(b, 12, 31)
        if kind == "until":
            return None, parse_date(m[1])
        start, end = parse_date(m[1]), parse_date(m[2])
        return start, end
    raise ValueError(f"không hiểu kỳ báo cáo «{original}»")


_YEAR_ONLY = re.compile(r"^(?:nam\s*)?(\d{4})(?:\s*\(.*\))?$")


_TOTAL_OF_PERIOD = re.compile(r"^\s*(tổng cộng|cộng|tổng|tong cong|cong|tong)\s+(?=\S)", re.IGNORECASE)


def is_period_header(text: Any) -> bool:
    """A header that names a reporting period («Năm 2023», «2024», «6 tháng đầu năm 2025», «Cộng
    6 tháng cuối năm»), or one whose year the sheet's title gives («Quý IV»)."""
    key = norm_text(text)
    if not key:
        return False
    if _YEAR_ONLY.match(key):
        return True
    if _DATE_RE.match(key) or key in {"nam", "ky", "thang", "quy"}:  # a date is a cell; «Năm» a column of periods
        return False
    period = period_of_header(text)
    for candidate in (period, with_year(period, 2000)):
        try:
            parse_period(candidate)
        except ValueError:
            continue
        return True
    return False


def period_of_header(text: Any) -> str:
    """The period text of a wide column's header («Năm 2023 (ước)» -> «năm 2023», «Cộng 6 tháng
    cuối năm» -> «6 tháng cuối năm»)."""
    key = norm_text(text)
    if m := _YEAR_ONLY.match(key):
        return f"năm {m[1]}"
    return _TOTAL_OF_PERIOD.sub("", re.sub(r"\s*\(.*\)$", "", str(text))).strip()


def with_year(text: str, year: int) -> str:
    """A period written without its year («6 tháng đầu năm», «quý III», «cả năm») completed with
    the year of its section; the text unchanged when no completion reads as a period."""
    base = re.sub(r"\s*(năm|nam)\s*$", "", text.strip(), flags=re.IGNORECASE)
    for candidate in (f"{base} năm {year}", f"{base}/{year}", f"{text.strip()} {year}"):
        try:
            parse_period(candidate)
        except ValueError:
            continue
        return candidate
    return text


def parse_qualifier(value: Any) -> str:
    """Blank/«chính xác» -> ``exact``; «hơn»/«trên» -> ``hon``; «gần»/«khoảng» -> ``gan``;
    «dưới» -> ``duoi``."""
    key = norm_text(value)
    if key in _QUALIFIER_WORDS:
        return _QUALIFIER_WORDS[key]
    raise ValueError(f"«{value}» không phải là định tính hợp lệ")


# ---------------------------------------------------------------------------- localities


class LocalityIndex:
    """The locality table prepared once for :func:`match_locality` (a :class:`UnitIndex`),
    with a memo per (text, date), so checking a file costs one look-up per distinct cell."""

    def __init__(self, localities: pd.DataFrame | UnitIndex) -> None:
        self.units = localities if isinstance(localities, UnitIndex) else UnitIndex(localities)
        # (text, date) -> (answer, error message); the error message is "" when there is an answer
        self._memo: dict[tuple[str, date | None], tuple[tuple[str | None, str | None], str]] = {}

    def match(self, text: Any, when: date | None) -> tuple[str | None, str | None]:
        raw = str(text or "").strip()
        memo_key = (raw, when)
        if memo_key not in self._memo:
            try:
                self._memo[memo_key] = ((self.units.resolve(raw, when), None), "")
            except UnitNotFound as exc:
                self._memo[memo_key] = ((None, exc.suggestion), "")
            except UnitNameError as exc:
                self._memo[memo_key] = ((None, None), str(exc))
        answer, error = self._memo[memo_key]
        if error:
            raise ValueError(error)
        return answer


def match_locality(
    text: Any, localities: pd.DataFrame | LocalityIndex, when: date | None = None
) -> tuple[str | None, str | None]:
    """Find the locality meant by ``text`` on date ``when`` (rules in :mod:`danvan.data.unit_names`).

    ``text`` is a ``locality_id``, a lineage or a name, case- and diacritic-insensitive, with an
    optional type word that restricts the type («Phường Hoàn Kiếm» is never the quận) and an
    optional place («Phường Hương Trà, Huế»). Returns ``(locality_id, None)``;
    ``(None, "Có phải «Trà Vinh»?")`` (or ``(None, None)``) when no unit has that name. Raises
    ValueError (a :class:`UnitNameError`'s Vietnamese message) when the name is ambiguous or
    names no unit existing on ``when``. Pass a :class:`LocalityIndex` when matching many rows.
    """
    index = localities if isinstance(localities, LocalityIndex) else LocalityIndex(localities)
    return index.match(text, when)


def suggest(text: Any, choices: dict[str, str]) -> str | None:
    """Closest of ``choices`` (normalised key -> display) to ``text``, as «Có phải «…»?»."""
    close = difflib.get_close_matches(norm_text(text), list(choices), n=1, cutoff=0.6)
    return f"Có phải «{choices[close[0]]}»?" if close else None
