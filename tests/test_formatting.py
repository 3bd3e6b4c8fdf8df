"""Tests for danvan.formatting (Vietnamese number/date/period formatting, collation)."""

from __future__ import annotations

import random
import unicodedata
from datetime import date, datetime
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from danvan.formatting import (
    MISSING,
    escape_frame,
    escape_spreadsheet,
    format_date,
    format_number,
    format_percent,
    format_period,
    format_value,
    is_whole_year,
    nfc,
    plotly_separators,
    strip_diacritics,
    vn_sort_key,
    vn_sorted,
)

EN_DASH = "\u2013"

# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1234.5, "1.234,5"),
        (20985, "20.985"),
        (-1234.5, "-1.234,5"),
        (0, "0"),
        (0.0, "0"),
        (-0.0, "0"),
        (3327791, "3.327.791"),
        (-3327791, "-3.327.791"),
        (1_234_567_890.12, "1.234.567.890,12"),
        (999, "999"),
        (1000, "1.000"),
        (89.34, "89,34"),
        (86.80, "86,8"),
        (12.0, "12"),
        (0.5, "0,5"),
        (89.999, "90"),  # rounds to 2 decimals first, then strips zeros
        (0.005, "0,01"),
        (-0.001, "0"),  # never "-0"
        (1e20, "100.000.000.000.000.000.000"),
        (Decimal("1234.50"), "1.234,5"),
    ],
)
def test_format_number_default_decimals(value, expected):
    assert format_number(value) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (0.405, 2, "0,41"),  # naive float rounding would give 0,40
        (1.005, 2, "1,01"),
        (2.5, 0, "3"),  # half away from zero, not banker's rounding
        (3.5, 0, "4"),
        (-2.5, 0, "-3"),
        (0.4, 2, "0,40"),  # explicit decimals keep trailing zeros
        (1234.5, 0, "1.235"),
        (1234, 2, "1.234,00"),
        (-0.004, 2, "0,00"),
        (89.345, 1, "89,3"),
        (3327791.456, 1, "3.327.791,5"),
    ],
)
def test_format_number_fixed_decimals(value, decimals, expected):
    assert format_number(value, decimals) == expected


@pytest.mark.parametrize(
    "value",
    [
        None,
        float("nan"),
        np.nan,
        pd.NA,
        pd.NaT,
        np.float64("nan"),
        float("inf"),
        -np.inf,
    ],
)
def test_format_number_missing(value):
    assert format_number(value) == EN_DASH
    assert format_number(value, 2) == EN_DASH
    assert MISSING == EN_DASH


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (np.int64(20985), "20.985"),
        (np.int32(-7), "-7"),
        (np.float64(1234.5), "1.234,5"),
        (np.float32(0.25), "0,25"),
        (np.float32(0.1), "0,1"),
    ],
)
def test_format_number_numpy_scalars(value, expected):
    assert format_number(value) == expected


def test_format_number_from_pandas_series_values():
    s = pd.Series([1234.5, None, 7], dtype="Float64")
    assert [format_number(v) for v in s] == ["1.234,5", EN_DASH, "7"]


def test_format_number_rejects_negative_decimals():
    with pytest.raises(ValueError):
        format_number(1.0, -1)


def test_format_number_rejects_non_numbers():
    with pytest.raises(TypeError):
        format_number("abc")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (12.5, None, "12,5%"),
        (89.34, None, "89,34%"),
        (100, None, "100%"),
        (-3.25, 1, "-3,3%"),
        (0, None, "0%"),
        (0.405, 2, "0,41%"),
        (None, None, EN_DASH),
        (float("nan"), 1, EN_DASH),
        (pd.NA, None, EN_DASH),
    ],
)
def test_format_percent(value, decimals, expected):
    assert format_percent(value, decimals) == expected


@pytest.mark.parametrize(
    ("value", "unit", "decimals", "expected"),
    [
        (89.34, "%", 1, "89,3%"),
        (20985, "người", None, "20.985 người"),
        (1234.5, "tỷ đồng", None, "1.234,5 tỷ đồng"),
        (1234.56, "ha", 1, "1.234,6 ha"),
        (5, "", None, "5"),
        (5, None, None, "5"),
        (None, "người", None, EN_DASH),
        (float("nan"), "%", None, EN_DASH),
    ],
)
def test_format_value(value, unit, decimals, expected):
    assert format_value(value, unit, decimals) == expected


def test_plotly_separators():
    assert plotly_separators() == ",."


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2021, 10, 31), "31/10/2021"),
        (date(2016, 1, 1), "01/01/2016"),
        (datetime(2023, 5, 7, 13, 45), "07/05/2023"),
        (pd.Timestamp("2023-05-07 08:00"), "07/05/2023"),
        (np.datetime64("2020-02-29"), "29/02/2020"),
        ("2021-10-31", "31/10/2021"),
        ("  2021-10-31 ", "31/10/2021"),
        ("2021-10-31T12:30:00", "31/10/2021"),
        (None, ""),
        ("", ""),
        ("   ", ""),
        (pd.NaT, ""),
        (np.datetime64("NaT"), ""),
    ],
)
def test_format_date(value, expected):
    assert format_date(value) == expected


def test_format_date_invalid_string_raises():
    with pytest.raises(ValueError):
        format_date("31/10/2021")


# ---------------------------------------------------------------- periods


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2021, 1, 1), date(2021, 12, 31), "năm 2021"),
        ("2021-01-01", "2021-12-31", "năm 2021"),
        (date(2016, 1, 1), date(2020, 12, 31), "2016\u20132020"),
        (date(2021, 1, 1), date(2021, 10, 31), "10 tháng đầu năm 2021"),
        (date(2021, 1, 1), date(2021, 6, 30), "6 tháng đầu năm 2021"),
        (date(2021, 1, 1), date(2021, 2, 28), "2 tháng đầu năm 2021"),
        (date(2023, 7, 1), date(2023, 9, 30), "quý III/2023"),
        (date(2023, 1, 1), date(2023, 3, 31), "quý I/2023"),
        (date(2023, 4, 1), date(2023, 6, 30), "quý II/2023"),
        (date(2023, 10, 1), date(2023, 12, 31), "quý IV/2023"),
        (date(2023, 5, 1), date(2023, 5, 31), "tháng 5/2023"),
        (date(2024, 2, 1), date(2024, 2, 29), "tháng 2/2024"),
        (date(2023, 1, 1), date(2023, 1, 31), "tháng 1/2023"),
        (date(2021, 10, 31), date(2021, 10, 31), "đến 31/10/2021"),
        (None, date(2021, 10, 31), "đến 31/10/2021"),
        (pd.NaT, "2021-10-31", "đến 31/10/2021"),
        (date(2016, 10, 1), None, "từ 01/10/2016"),
        ("2016-10-01", "", "từ 01/10/2016"),
        (None, None, "không rõ kỳ"),
        ("", pd.NaT, "không rõ kỳ"),
        (date(2022, 6, 1), date(2023, 5, 31), "01/06/2022 \u2013 31/05/2023"),
        # not month-aligned / not from January -> explicit range
        (date(2023, 5, 2), date(2023, 5, 31), "02/05/2023 \u2013 31/05/2023"),
        (date(2023, 5, 1), date(2023, 5, 30), "01/05/2023 \u2013 30/05/2023"),
        (date(2023, 2, 1), date(2023, 4, 30), "01/02/2023 \u2013 30/04/2023"),
        (date(2021, 7, 1), date(2021, 12, 31), "01/07/2021 \u2013 31/12/2021"),
        (date(2016, 1, 1), date(2020, 6, 30), "01/01/2016 \u2013 30/06/2020"),
        (datetime(2021, 1, 1, 0, 0), pd.Timestamp("2021-12-31"), "năm 2021"),
    ],
)
def test_format_period(start, end, expected):
    assert format_period(start, end) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2021, 1, 1), date(2021, 12, 31), True),
        ("2021-01-01", "2021-12-31", True),
        (date(2016, 1, 1), date(2020, 12, 31), False),
        (date(2021, 1, 1), date(2021, 10, 31), False),
        (date(2021, 1, 2), date(2021, 12, 31), False),
        (None, date(2021, 12, 31), False),
        (date(2021, 1, 1), None, False),
        (None, None, False),
    ],
)
def test_is_whole_year(start, end, expected):
    assert is_whole_year(start, end) is expected


# ---------------------------------------------------------------- collation

PROVINCES_SORTED = [
    "An Giang",
    "Bắc Ninh",
    "Bình Định",
    "Đà Nẵng",
    "Gia Lai",
    "Hà Nội",
    "Hải Phòng",
    "Hoàn Kiếm",
    "Hương Trà",
    "Nghệ An",
    "Trà Vinh",
]


def _shuffled(items, seed):
    items = list(items)
    random.Random(seed).shuffle(items)
    return items


@pytest.mark.parametrize("seed", range(5))
def test_vn_sort_provinces(seed):
    unsorted = _shuffled(PROVINCES_SORTED, seed)
    assert sorted(unsorted, key=vn_sort_key) == PROVINCES_SORTED
    assert vn_sorted(unsorted) == PROVINCES_SORTED


def test_vn_sort_brief_example_order():
    items = ["Đà Nẵng", "Gia Lai", "An Giang", "Bình Định", "Bắc Ninh", "Hà Nội",
             "Hải Phòng", "Nghệ An", "Trà Vinh", "Hương Trà", "Hoàn Kiếm"]  # fmt: skip
    assert vn_sorted(items) == PROVINCES_SORTED


@pytest.mark.parametrize("seed", range(10))
def test_vn_sort_tone_order(seed):
    tones = ["ma", "mà", "mả", "mã", "má", "mạ"]  # ngang huyền hỏi ngã sắc nặng
    assert vn_sorted(_shuffled(tones, seed)) == tones


@pytest.mark.parametrize("seed", range(5))
def test_vn_sort_alphabet_order(seed):
    letters = ["a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "g", "h", "i", "k", "l",
               "m", "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "x", "y"]  # fmt: skip
    assert vn_sorted(_shuffled(letters, seed)) == letters
    upper = [c.upper() for c in letters]
    assert vn_sorted(_shuffled(upper, seed)) == upper


def test_vn_sort_d_stroke_between_d_and_e():
    assert vn_sorted(["Điện Biên", "Em", "Dương", "Đà Lạt", "Di Linh"]) == [
        "Di Linh",
        "Dương",
        "Đà Lạt",
        "Điện Biên",
        "Em",
    ]


def test_vn_sort_letters_before_tone_and_syllable_by_syllable():
    # letters of the syllable decide first, tone only breaks ties
    assert vn_sorted(["mác", "mạ", "ma", "mạc"]) == ["ma", "mạ", "mác", "mạc"]
    # the first syllable (with its tone) is compared before the second
    assert vn_sorted(["mà a", "ma cà"]) == ["ma cà", "mà a"]
    # a prefix sorts first
    assert vn_sorted(["Hà Nội", "Hà"]) == ["Hà", "Hà Nội"]


def test_vn_sort_case_insensitive():
    assert vn_sort_key("hà nội")[1] == vn_sort_key("HÀ NỘI")[1]
    assert vn_sorted(["b", "A", "a", "B"]) in (
        ["A", "a", "B", "b"],
        ["a", "A", "b", "B"],
    )
    assert vn_sorted(["bắc ninh", "An Giang", "đà nẵng", "Cà Mau"]) == [
        "An Giang",
        "bắc ninh",
        "Cà Mau",
        "đà nẵng",
    ]


def test_vn_sort_nfd_equals_nfc():
    for name in PROVINCES_SORTED + [
        "Thừa Thiên Huế",
        "Bà Rịa – Vũng Tàu",
        "ma mà mả mã má mạ",
    ]:
        nfd = unicodedata.normalize("NFD", name)
        assert nfd != name or name.isascii()
        assert vn_sort_key(nfd) == vn_sort_key(name)
    mixed = [
        unicodedata.normalize("NFD" if i % 2 else "NFC", s)
        for i, s in enumerate(PROVINCES_SORTED)
    ]
    result = vn_sorted(_shuffled(mixed, 1))
    assert [unicodedata.normalize("NFC", s) for s in result] == PROVINCES_SORTED


def test_vn_sort_old_and_new_tone_placement_equal():
    # "hoà" (old style) and "hòa" (new style) are the same syllable
    assert vn_sort_key("Thanh Hoá")[1] == vn_sort_key("Thanh Hóa")[1]


def test_vn_sort_numbers_natural():
    assert vn_sorted(["Phường 10", "Phường 2", "Phường 1", "Phường A"]) == [
        "Phường 1",
        "Phường 2",
        "Phường 10",
        "Phường A",
    ]


def test_vn_sort_ignores_surrounding_whitespace_and_none_last():
    assert vn_sort_key("  Hà Nội ")[1] == vn_sort_key("Hà Nội")[1]
    assert vn_sorted(["b", None, "a"]) == ["a", "b", None]


def test_vn_sorted_with_key():
    rows = [
        {"ten": "Hà Nội", "ma": 1},
        {"ten": "Bắc Ninh", "ma": 27},
        {"ten": "An Giang", "ma": 89},
    ]
    assert [r["ma"] for r in vn_sorted(rows, key=lambda r: r["ten"])] == [89, 27, 1]


def test_vn_sorted_accepts_iterables():
    assert vn_sorted(iter(["b", "a"])) == ["a", "b"]
    assert vn_sorted(pd.Series(["Hà Nội", "An Giang"])) == ["An Giang", "Hà Nội"]


# ---------------------------------------------------------------- unicode helpers


def test_nfc():
    nfd = unicodedata.normalize("NFD", "Đà Nẵng")
    assert nfc(nfd) == "Đà Nẵng"
    assert len(nfc(nfd)) == len("Đà Nẵng")
    assert nfc("  Hà Nội \n") == "Hà Nội"
    assert nfc(None) is None
    assert nfc("") == ""


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Đà Nẵng", "da nang"),
        ("ĐỒNG THÁP", "dong thap"),
        ("Thừa Thiên Huế", "thua thien hue"),
        ("Bà Rịa – Vũng Tàu", "ba ria – vung tau"),
        ("Hà Nội", "ha noi"),
        ("Ða Lat", "da lat"),  # eth (Ð) is a common mis-typing of Đ
        ("abc 123", "abc 123"),
        ("", ""),
    ],
)
def test_strip_diacritics(value, expected):
    assert strip_diacritics(value) == expected
    assert strip_diacritics(unicodedata.normalize("NFD", value)) == expected


def test_strip_diacritics_result_is_ascii_for_vietnamese():
    text = "Tiếng Việt có dấu: ăâđêôơư ÀẢÃÁẠ ằẳẵắặ ầẩẫấậ ềểễếệ ồổỗốộ ờởỡớợ ừửữứự ỳỷỹýỵ"
    assert strip_diacritics(text).isascii()


# ---------------------------------------------------------------- spreadsheet escaping


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
        ("+84912345678", "'+84912345678"),
        ("-1", "'-1"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Hà Nội", "Hà Nội"),
        ("a=b", "a=b"),
        (" =1", " =1"),
        ("", ""),
        ("'=already", "'=already"),
    ],
)
def test_escape_spreadsheet_strings(value, expected):
    assert escape_spreadsheet(value) == expected


@pytest.mark.parametrize(
    "value", [-1, -1.5, 0, np.int64(-3), np.float64(-2.5), Decimal(-1)]
)
def test_escape_spreadsheet_numbers_untouched(value):
    assert escape_spreadsheet(value) is value


def test_escape_spreadsheet_missing_untouched():
    assert escape_spreadsheet(None) is None
    assert escape_spreadsheet(pd.NA) is pd.NA
    nan = float("nan")
    assert escape_spreadsheet(nan) is nan


def test_escape_frame():
    df = pd.DataFrame(
        {
            "ten": ['=HYPERLINK("x")', "Hà Nội", None],
            "so": [-1, 2, 3],
            "ty_le": [-1.5, 0.0, np.nan],
            "obj": pd.Series(["-x", 5, None], dtype=object),
            "s": pd.Series(["@a", "b", None], dtype="string"),
            "cat": pd.Categorical(["+1", "ok", "+1"]),
        }
    )
    before = df.copy()
    out = escape_frame(df)

    assert out["ten"].tolist()[:2] == ['\'=HYPERLINK("x")', "Hà Nội"]
    assert pd.isna(out["ten"].iloc[2])
    assert out["so"].tolist() == [-1, 2, 3]
    assert out["so"].dtype == df["so"].dtype
    assert out["ty_le"].iloc[0] == -1.5 and pd.isna(out["ty_le"].iloc[2])
    assert out["obj"].tolist()[:2] == ["'-x", 5]
    assert out["s"].tolist()[:2] == ["'@a", "b"]
    assert out["s"].dtype == df["s"].dtype
    assert pd.isna(out["s"].iloc[2])
    assert out["cat"].tolist() == ["'+1", "ok", "'+1"]
    # input frame not modified
    pd.testing.assert_frame_equal(df, before)


def test_escape_frame_column_labels_and_csv():
    df = pd.DataFrame({"=cot": ["=1+1"], "ok": [1]})
    out = escape_frame(df)
    assert list(out.columns) == ["'=cot", "ok"]
    csv = out.to_csv(index=False)
    assert "'=1+1" in csv
    assert "\n=1+1" not in csv


def test_escape_frame_duplicate_columns_and_empty():
    df = pd.DataFrame([["=a", "=b"]], columns=["x", "x"])
    out = escape_frame(df)
    assert out.iloc[0].tolist() == ["'=a", "'=b"]
    empty = pd.DataFrame({"a": pd.Series([], dtype=object)})
    assert escape_frame(empty).empty


@pytest.mark.parametrize(("value", "expected"), [
    (173.201, "173,201"), (20985, "20.985"), (0.04, "0,04"), (-1234.5, "-1.234,5"), (3327791, "3.327.791"),
    (float("nan"), MISSING), (None, MISSING), (0, "0"),
])
def test_format_exact_keeps_every_decimal(value, expected) -> None:
    from danvan.formatting import format_exact

    assert format_exact(value) == expected


def test_with_level_names_the_level_once():
    from danvan.formatting import with_level

    assert with_level("Gia Lai", "tỉnh") == "Gia Lai (tỉnh)"
    assert with_level("Hoàn Kiếm (phường)", "phường") == "Hoàn Kiếm (phường)"
    assert with_level("Hương Trà (thị xã)", "phường") == "Hương Trà (thị xã) (phường)"  # another level: said
    assert with_level("Nghệ An", None) == "Nghệ An"
