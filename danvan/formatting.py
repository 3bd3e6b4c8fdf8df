"""Định dạng số, ngày, kỳ báo cáo và sắp xếp theo quy ước tiếng Việt.

Pure helpers with no Streamlit dependency:

* numbers use '.' as thousands separator and ',' as decimal mark
  (``1234.5`` -> ``"1.234,5"``); missing values are shown as an en dash;
* dates are ``dd/mm/yyyy``; reporting periods get Vietnamese labels
  (``"năm 2021"``, ``"quý III/2023"``, ``"10 tháng đầu năm 2021"`` ...);
* :func:`vn_sort_key` collates Vietnamese text (alphabet a ă â b c d đ e ê ...,
  then tone ngang < huyền < hỏi < ngã < sắc < nặng, syllable by syllable);
* :func:`escape_spreadsheet` / :func:`escape_frame` neutralise formula
  injection in CSV/Excel downloads.
"""

from __future__ import annotations

import calendar
import functools
import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "MISSING",
    "escape_frame",
    "escape_spreadsheet",
    "format_date",
    "format_exact",
    "format_number",
    "format_percent",
    "format_period",
    "format_value",
    "is_missing",
    "is_whole_year",
    "nfc",
    "plotly_separators",
    "strip_diacritics",
    "vn_sort_key",
    "vn_sorted",
]

MISSING = "\u2013"  # en dash shown for missing numbers
THOUSANDS_SEP = "."
DECIMAL_SEP = ","

# --------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------


def is_missing(value: Any) -> bool:
    """True for None, NaN, pd.NA, pd.NaT, np.datetime64('NaT')."""
    if value is None:
        return True
    try:
        result = pd.isna(value)
    except (TypeError, ValueError):
        return False
    # pd.isna on list-likes returns an array: those are not "missing scalars".
    return isinstance(result, (bool, np.bool_)) and bool(result)


def _to_decimal(value: Any) -> Decimal | None:
    """Convert a scalar number to Decimal exactly as it is written (via repr).

    Returns None for missing or non-finite values.
    """
    if is_missing(value):
        return None
    if isinstance(value, Decimal):
        dec = value
    elif isinstance(value, (bool, np.bool_, int, np.integer)):
        dec = Decimal(int(value))
    elif isinstance(value, (float, np.floating)):
        f = float(value)
        if not math.isfinite(f):
            return None
        # repr gives the shortest string that round-trips: 0.405 -> "0.405",
        # so half-up rounding behaves as a human expects.
        dec = Decimal(repr(f))
    else:
        try:
            dec = Decimal(str(value))
        except (InvalidOperation, ValueError) as exc:
            raise TypeError(f"không phải số: {value!r}") from exc
    if not dec.is_finite():
        return None
    return dec


def _group_thousands(digits: str) -> str:
    parts = []
    while len(digits) > 3:
        parts.append(digits[-3:])
        digits = digits[:-3]
    parts.append(digits)
    return THOUSANDS_SEP.join(reversed(parts))


def format_number(value: float | None, decimals: int | None = None) -> str:
    """Format a number the Vietnamese way: ``1234.5`` -> ``"1.234,5"``.

    * ``decimals=None``: integral values without decimals, others rounded to at
      most 2 decimals with trailing zeros stripped (``86.80`` -> ``"86,8"``).
    * ``decimals=k``: exactly ``k`` decimals, rounded half away from zero
      (``0.405`` -> ``"0,41"``, ``2.5`` with ``k=0`` -> ``"3"``).
    * None / NaN / pd.NA / ±inf -> ``"–"``.
    """
    if decimals is not None and decimals < 0:
        raise ValueError("decimals phải >= 0")
    dec = _to_decimal(value)
    if dec is None:
        return MISSING

    if decimals is None:
        if dec == dec.to_integral_value():
            quantized = dec.quantize(Decimal(1), rounding=ROUND_HALF_UP)
        else:
            quantized = dec.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        strip_zeros = True
    else:
        quantized = dec.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        strip_zeros = False

    negative = quantized < 0  # -0.00 compares equal to 0: no "-0"
    text = format(abs(quantized), "f")
    int_part, _, frac_part = text.partition(".")
    if strip_zeros:
        frac_part = frac_part.rstrip("0")
    result = _group_thousands(int_part)
    if frac_part:
        result += DECIMAL_SEP + frac_part
    return f"-{result}" if negative else result


def format_percent(value: float | None, decimals: int | None = None) -> str:
    """``12.5`` -> ``"12,5%"`` (value already in percent, no space before %)."""
    text = format_number(value, decimals)
    return text if text == MISSING else f"{text}%"


def format_value(
    value: float | None, unit_label: str | None, decimals: int | None = None
) -> str:
    """Number with its unit: ``"%"`` -> ``"89,3%"``, otherwise ``"1.234 người"``.

    Missing values give ``"–"`` without unit; an empty unit gives the bare number.
    """
    label = (unit_label or "").strip()
    if label == "%":
        return format_percent(value, decimals)
    text = format_number(value, decimals)
    if text == MISSING or not label:
        return text
    return f"{text} {label}"


def plotly_separators() -> str:
    """Value for plotly ``layout.separators`` (decimal then thousands)."""
    return DECIMAL_SEP + THOUSANDS_SEP


# --------------------------------------------------------------------------
# Dates and periods
# --------------------------------------------------------------------------

DateLike = date | datetime | str | None


def _to_date(value: Any) -> date | None:
    """Coerce date/datetime/Timestamp/np.datetime64/ISO string to ``date``.

    None, "", NaT and NaN give None. Unparseable strings raise ValueError.
    """
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
        try:
            return datetime.fromisoformat(text).date()
        except ValueError as exc:
            raise ValueError(
                f"ngày không hợp lệ (cần ISO yyyy-mm-dd): {value!r}"
            ) from exc
    if is_missing(value):
        return None
    if isinstance(value, datetime):  # includes pd.Timestamp
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, np.datetime64):
        return pd.Timestamp(value).date()
    raise TypeError(f"không phải ngày: {value!r}")


def format_date(d: DateLike) -> str:
    """``date(2021, 10, 31)`` or ``"2021-10-31"`` -> ``"31/10/2021"``; missing -> ``""``."""
    parsed = _to_date(d)
    if parsed is None:
        return ""
    return f"{parsed.day:02d}/{parsed.month:02d}/{parsed.year:04d}"


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _is_month_end(d: date) -> bool:
    return d.day == _last_day(d.year, d.month)


def is_whole_year(start: DateLike, end: DateLike) -> bool:
    """True when the period is exactly 1 Jan – 31 Dec of one calendar year."""
    s, e = _to_date(start), _to_date(end)
    if s is None or e is None:
        return False
    return (
        s.year == e.year and (s.month, s.day) == (1, 1) and (e.month, e.day) == (12, 31)
    )


_ROMAN_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}


def format_period(start: DateLike, end: DateLike) -> str:
    """Vietnamese label for a reporting period.

    Checked in this order:

    * both missing -> ``"không rõ kỳ"``; only start -> ``"từ 01/10/2016"``;
      only end, or start == end -> ``"đến 31/10/2021"``;
    * 1/1–31/12 same year -> ``"năm 2021"``; several whole years -> ``"2016–2020"``;
    * one whole month -> ``"tháng 5/2023"``;
    * one calendar quarter -> ``"quý III/2023"`` (so 1/1–31/3 is ``"quý I/…"``);
    * 1/1 to the end of month m of the same year -> ``"m tháng đầu năm 2021"``;
    * otherwise ``"01/06/2022 – 31/05/2023"``.
    """
    s, e = _to_date(start), _to_date(end)
    if s is None and e is None:
        return "không rõ kỳ"
    if s is None:
        return f"đến {format_date(e)}"
    if e is None:
        return f"từ {format_date(s)}"
    if s == e:
        return f"đến {format_date(e)}"

    if s < e and s.day == 1 and _is_month_end(e):
        starts_year = s.month == 1
        ends_year = e.month == 12
        if starts_year and ends_year:
            if s.year == e.year:
                return f"năm {s.year}"
            return f"{s.year}\u2013{e.year}"
        if s.year == e.year:
            if s.month == e.month:
                return f"tháng {s.month}/{s.year}"
            if s.month % 3 == 1 and e.month == s.month + 2:
                quarter = (s.month - 1) // 3 + 1
                return f"quý {_ROMAN_QUARTERS[quarter]}/{s.year}"
            if starts_year:
                return f"{e.month} tháng đầu năm {s.year}"

    return f"{format_date(s)} \u2013 {format_date(e)}"


# --------------------------------------------------------------------------
# Unicode helpers and Vietnamese collation
# --------------------------------------------------------------------------


def with_level(name: str, level: str | None) -> str:
    """«Gia Lai (tỉnh)»; a name that already ends with its level (two units sharing a short
    name, danvan.reading.queries) keeps it once: «Hoàn Kiếm (phường)»."""
    if not level or name.endswith(f"({level})"):
        return name
    return f"{name} ({level})"


def nfc(s: str | None) -> str | None:
    """NFC-normalise and strip; None stays None."""
    if s is None:
        return None
    return unicodedata.normalize("NFC", s).strip()


def strip_diacritics(s: str) -> str:
    """Lower-case, accent-free form for search: ``"Đà Nẵng"`` -> ``"da nang"``."""
    decomposed = unicodedata.normalize("NFD", s.casefold())
    without_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return without_marks.replace("đ", "d").replace("ð", "d")


# Vietnamese alphabet, with the non-native Latin letters f j w z slotted in
# their usual Latin positions.
_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k",
    "l", "m", "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w",
    "x", "y", "z",
]  # fmt: skip
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}

_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
_VOWEL_MODIFIERS = {_BREVE, _CIRCUMFLEX, _HORN}
# Tone marks in dictionary order: ngang (none) < huyền < hỏi < ngã < sắc < nặng.
_TONE_RANK = {
    "\u0300": 1,  # huyền (grave)
    "\u0309": 2,  # hỏi (hook above)
    "\u0303": 3,  # ngã (tilde)
    "\u0301": 4,  # sắc (acute)
    "\u0323": 5,  # nặng (dot below)
}
_MODIFIED = {
    ("a", _BREVE): "ă",
    ("a", _CIRCUMFLEX): "â",
    ("e", _CIRCUMFLEX): "ê",
    ("o", _CIRCUMFLEX): "ô",
    ("o", _HORN): "ơ",
    ("u", _HORN): "ư",
}
_TOKEN_RE = re.compile(r"[^\W_]+")
_DIGITS_RE = re.compile(r"\d+|\D")

# Element kinds inside a syllable key: numbers < letters < other characters.
_KIND_NUMBER, _KIND_LETTER, _KIND_OTHER = 0, 1, 2


def _syllable_key(token: str) -> tuple[tuple[tuple[int, int], ...], tuple[int, ...]]:
    """(letters, tones) key for one NFC token (already case-folded)."""
    letters: list[tuple[int, int]] = []
    tones: list[int] = []
    for piece in _DIGITS_RE.findall(token):
        if piece.isdigit() and piece.isascii():
            letters.append((_KIND_NUMBER, int(piece)))
            continue
        decomposed = unicodedata.normalize("NFD", piece)
        base = decomposed[0]
        if base == "ð":  # eth is a frequent mis-typing of đ
            base = "đ"
        for mark in decomposed[1:]:
            if mark in _VOWEL_MODIFIERS:
                base = _MODIFIED.get((base, mark), base)
            elif mark in _TONE_RANK:
                tones.append(_TONE_RANK[mark])
            # other combining marks (diaeresis, ...) are ignored
        rank = _LETTER_RANK.get(base)
        if rank is None:
            letters.append((_KIND_OTHER, ord(base)))
        else:
            letters.append((_KIND_LETTER, rank))
    return tuple(letters), tuple(tones)


def vn_sort_key(s: str | None) -> tuple:
    """Collation key for Vietnamese text (use with ``sorted(..., key=vn_sort_key)``).

    Compares syllable by syllable (as Vietnamese dictionaries do): first the
    letters in Vietnamese alphabet order (a ă â b c d đ e ê g h i k l m n o ô ơ
    p q r s t u ư v x y), then the tone (ngang < huyền < hỏi < ngã < sắc <
    nặng). Case-, NFC/NFD- and punctuation-insensitive; digit runs compare
    numerically ("Phường 2" < "Phường 10"). The NFC text is the final
    tie-breaker so the order is deterministic. None sorts last.
    """
    if s is None:
        return (1, (), "")
    return _text_key(str(s))


@functools.lru_cache(maxsize=65536)
def _text_key(s: str) -> tuple:
    """vn_sort_key of one string, remembered: place and indicator names repeat on every run."""
    text = unicodedata.normalize("NFC", s).strip()
    tokens = _TOKEN_RE.findall(text.casefold())
    return (0, tuple(_syllable_key(tok) for tok in tokens), text)


def vn_sorted(
    items: Iterable[Any], key: Callable[[Any], str | None] | None = None
) -> list:
    """``sorted`` with Vietnamese collation; ``key`` extracts the text to compare."""
    if key is None:
        return sorted(items, key=vn_sort_key)
    return sorted(items, key=lambda item: vn_sort_key(key(item)))


# --------------------------------------------------------------------------
# Spreadsheet (CSV/Excel) formula-injection guard
# --------------------------------------------------------------------------

_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def escape_spreadsheet(value: Any) -> Any:
    """Prefix an apostrophe to strings a spreadsheet would treat as a formula.

    Only ``str`` values starting with ``= + - @``, tab or CR are changed;
    numbers, None, NaN etc. are returned untouched.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


def escape_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Copy of ``df`` with :func:`escape_spreadsheet` applied to text columns.

    Object, string and categorical columns are escaped (categoricals become
    plain text); string column labels are escaped too. Numeric columns and
    the input frame are left untouched.
    """
    out = df.copy()
    for pos in range(out.shape[1]):
        col = out.iloc[:, pos]
        dtype = col.dtype
        if isinstance(dtype, pd.CategoricalDtype):
            escaped = col.astype(object).map(escape_spreadsheet)
        elif pd.api.types.is_object_dtype(dtype):
            escaped = col.map(escape_spreadsheet)
        elif isinstance(dtype, pd.StringDtype):
            escaped = col.map(escape_spreadsheet).astype(dtype)
        else:
            continue
        out.isetitem(pos, escaped)
    out.columns = [escape_spreadsheet(c) for c in out.columns]
    return out


def format_exact(value: Any) -> str:
    """Vietnamese format keeping every decimal the value has (173.201 → "173,201")."""
    dec = _to_decimal(value)
    if dec is None:
        return MISSING
    exponent = dec.normalize().as_tuple().exponent
    decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    return format_number(value, decimals)
