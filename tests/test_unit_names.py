"""Names of administrative units → locality ids by date (danvan.data.unit_names): every rule on a
small hand-made table, then name-by-date cases against the real catalogue built by the loader."""

from __future__ import annotations

import unicodedata
from datetime import date as D

import pandas as pd
import pytest
from sqlalchemy import select

from danvan.data.db import get_engine
from danvan.data.loader import build_database
from danvan.data.models import LocalityLink
from danvan.data.unit_names import UnitIndex, UnitNameError, UnitNotFound, readings
from danvan.importing.values import LocalityIndex, match_locality
from danvan.reading import queries
from danvan.settings import ROOT
from tests.dbs import drop, fresh_url

OLD, NEW = D(2024, 6, 30), D(2025, 12, 31)
END, START = "2025-06-30", "2025-07-01"
COLUMNS = ["locality_id", "lineage", "name_vi", "short_name_vi", "level", "level_label_vi", "parent_id",
           "province_id", "valid_from", "valid_to"]
ROWS = [
    # id, lineage, name, short, level, label, parent, province, from, to
    ("ha-noi", None, "Thành phố Hà Nội", "Hà Nội", "tinh", "thành phố trực thuộc TW", None, "ha-noi", None, None),
    ("nghe-an", None, "Tỉnh Nghệ An", "Nghệ An", "tinh", "tỉnh", None, "nghe-an", None, None),
    ("da-nang", None, "Thành phố Đà Nẵng", "Đà Nẵng", "tinh", "thành phố trực thuộc TW", None, "da-nang", None, None),
    ("gia-lai", None, "Tỉnh Gia Lai", "Gia Lai", "tinh", "tỉnh", None, "gia-lai", "1991-08-12", END),
    ("gia-lai-2025", None, "Tỉnh Gia Lai (từ 1/7/2025)", "Gia Lai (mới)", "tinh", "tỉnh", None, "gia-lai-2025",
     START, None),
    ("xa-gia-lai", None, "Xã Gia Lai", "Gia Lai", "xa", "xã", "gia-lai-2025", "gia-lai-2025", START, None),
    ("tra-vinh", None, "Tỉnh Trà Vinh", "Trà Vinh", "tinh", "tỉnh", None, "tra-vinh", None, END),
    ("vinh-long-2025", None, "Tỉnh Vĩnh Long", "Vĩnh Long (mới)", "tinh", "tỉnh", None, "vinh-long-2025", START, None),
    ("p-tra-vinh", None, "Phường Trà Vinh", "Trà Vinh", "xa", "phường", "vinh-long-2025", "vinh-long-2025", START,
     None),
    ("thua-thien-hue", "hue", "Tỉnh Thừa Thiên Huế", "Thừa Thiên Huế", "tinh", "tỉnh", None, "thua-thien-hue", None,
     "2024-12-31"),
    ("hue-2025", "hue", "Thành phố Huế", "Huế", "tinh", "thành phố trực thuộc TW", None, "hue-2025", "2025-01-01",
     None),
    ("huong-tra-2011", "huong-tra", "Thị xã Hương Trà", "Hương Trà", "huyen", "thị xã", "thua-thien-hue",
     "hue-2025", "2011-11-15", "2021-06-30"),
    ("huong-tra-2021", "huong-tra", "Thị xã Hương Trà", "Hương Trà", "huyen", "thị xã", "thua-thien-hue",
     "hue-2025", "2021-07-01", END),
    ("tp-hue", None, "Thành phố Huế", "Huế", "huyen", "thành phố", "hue-2025", "hue-2025", None, "2024-12-31"),
    ("phu-hoi", None, "Phường Phú Hội", "Phú Hội", "xa", "phường", "tp-hue", "hue-2025", None, "2024-12-31"),
    ("p-huong-tra-hue", None, "Phường Hương Trà", "Hương Trà", "xa", "phường", "hue-2025", "hue-2025", START, None),
    ("p-huong-tra-dn", None, "Phường Hương Trà", "Hương Trà", "xa", "phường", "da-nang", "da-nang", START, None),
    ("hoan-kiem", None, "Quận Hoàn Kiếm", "Hoàn Kiếm", "huyen", "quận", "ha-noi", "ha-noi", None, END),
    ("cua-nam-hn", None, "Phường Cửa Nam", "Cửa Nam", "xa", "phường", "hoan-kiem", "ha-noi", None, END),
    ("vinh", None, "Thành phố Vinh", "Vinh", "huyen", "thành phố", "nghe-an", "nghe-an", None, END),
    ("cua-nam-na", None, "Phường Cửa Nam", "Cửa Nam", "xa", "phường", "vinh", "nghe-an", None, END),
    ("cua-nam-2025", None, "Phường Cửa Nam", "Cửa Nam", "xa", "phường", "ha-noi", "ha-noi", START, None),
    ("hoan-kiem-2025", None, "Phường Hoàn Kiếm", "Hoàn Kiếm", "xa", "phường", "ha-noi", "ha-noi", START, None),
    ("tan-thanh", None, "Xã Tân Thành", "Tân Thành", "xa", "xã", "vinh", "nghe-an", None, END),
    ("tan-thanh-dn", None, "Xã Tân Thanh", "Tân Thanh", "xa", "xã", "da-nang", "da-nang", None, END),
    ("phuong-dinh", None, "Xã Phương Đình", "Phương Đình", "xa", "xã", "ha-noi", "ha-noi", None, END),
]


@pytest.fixture(scope="module")
def units() -> UnitIndex:
    frame = pd.DataFrame(ROWS, columns=COLUMNS)
    frame["lineage"] = frame["lineage"].fillna(frame["locality_id"])
    for col in ("valid_from", "valid_to"):
        frame[col] = pd.to_datetime(frame[col])
    return UnitIndex(frame)


def message(units: UnitIndex, text: str, when: D | None) -> str:
    with pytest.raises(UnitNameError) as caught:
        units.resolve(text, when)
    return str(caught.value)


# ---------------------------------------------------------------------------- resolve


def test_type_word_restricts_the_type(units: UnitIndex) -> None:
    assert units.resolve("Phường Hoàn Kiếm", NEW) == "hoan-kiem-2025"
    assert units.resolve("Quận Hoàn Kiếm", OLD) == "hoan-kiem"
    text = message(units, "Phường Hoàn Kiếm", OLD)  # the bug: it used to become the quận
    assert "Phường Hoàn Kiếm (Hà Nội) từ 01/07/2025" in text and "Quận" not in text
    assert "Quận Hoàn Kiếm (Hà Nội) đến 30/06/2025" in message(units, "Quận Hoàn Kiếm", NEW)
    assert units.resolve("Thành phố Vinh", OLD) == "vinh"  # district-level city
    assert units.resolve("Thành phố Huế", NEW) == "hue-2025"  # province-level city
    assert units.resolve("Xã Gia Lai", NEW) == "xa-gia-lai"


@pytest.mark.parametrize(("text", "when", "expected"), [
    ("p. cua nam, ha noi", OLD, "cua-nam-hn"), ("P.Cửa Nam", NEW, "cua-nam-2025"), ("p cửa nam", NEW, "cua-nam-2025"),
    ("q. hoan kiem", OLD, "hoan-kiem"), ("Q Hoàn Kiếm", OLD, "hoan-kiem"), ("TP Huế", NEW, "hue-2025"),
    ("t.p. hue", NEW, "hue-2025"), ("tp. Vinh", OLD, "vinh"), ("TX. Hương Trà", D(2018, 1, 1), "huong-tra-2011"),
    ("t.x. huong tra", D(2023, 1, 1), "huong-tra-2021"), ("tx huong tra", D(2023, 1, 1), "huong-tra-2021"),
    ("T. Gia Lai", D(2020, 1, 1), "gia-lai"), ("x. gia lai", NEW, "xa-gia-lai"), ("tinh gia lai", NEW, "gia-lai-2025"),
    ("thanh pho ha noi", OLD, "ha-noi"), ("quan hoan kiem", OLD, "hoan-kiem"),
])
def test_abbreviations(units: UnitIndex, text: str, when: D, expected: str) -> None:
    assert units.resolve(text, when) == expected


@pytest.mark.parametrize("text", [
    "Phường Cửa Nam, Hà Nội", "  PHƯỜNG   cửa  nam ,  HÀ  NỘI ", "phuong cua nam, ha noi",
    unicodedata.normalize("NFD", "Phường Cửa Nam, Hà Nội"), "Phường Cửa Nam (Hà Nội)", "Phường Cửa Nam - TP Hà Nội",
    "Phường Cửa Nam, Quận Hoàn Kiếm, Hà Nội", "Phường Cửa Nam, Q. Hoàn Kiếm",
])
def test_case_diacritics_spaces_and_context(units: UnitIndex, text: str) -> None:
    assert units.resolve(text, OLD) == "cua-nam-hn"


def test_province_context(units: UnitIndex) -> None:
    assert units.resolve("Phường Hương Trà, Huế", NEW) == "p-huong-tra-hue"
    assert units.resolve("Phường Hương Trà (Đà Nẵng)", NEW) == "p-huong-tra-dn"
    assert units.resolve("Phường Hương Trà - TP Huế", NEW) == "p-huong-tra-hue"
    assert units.resolve("Phường Hương Trà, Da Nang", NEW) == "p-huong-tra-dn"
    # the other vintage of the province's lineage: a 2024 Huế commune under «Thừa Thiên Huế»
    assert units.resolve("Phường Phú Hội, Thừa Thiên Huế", D(2024, 5, 1)) == "phu-hoi"
    assert units.resolve("Phường Cửa Nam, Nghệ An", OLD) == "cua-nam-na"
    text = message(units, "Phường Hương Trà, Nghệ An", NEW)
    assert "không có «Phường Hương Trà» thuộc «Nghệ An»" in text and "Phường Hương Trà (Huế)" in text
    assert units.resolve("Gia Lai (mới)", NEW) == "gia-lai-2025"  # a parenthesis that is part of the name


def test_ambiguity_lists_provinces_and_asks_for_one(units: UnitIndex) -> None:
    text = message(units, "Phường Hương Trà", NEW)
    assert "trùng tên 2 đơn vị vào ngày 31/12/2025" in text
    assert "Phường Hương Trà (Huế) từ 01/07/2025" in text and "Phường Hương Trà (Đà Nẵng) từ 01/07/2025" in text
    assert "Ghi thêm tên tỉnh, ví dụ «Phường Hương Trà, Đà Nẵng»" in text
    text = message(units, "Cửa Nam", OLD)
    assert "Phường Cửa Nam (Quận Hoàn Kiếm, Hà Nội) đến 30/06/2025" in text
    assert "Phường Cửa Nam (Thành phố Vinh, Nghệ An) đến 30/06/2025" in text
    assert "Phường Cửa Nam (Hà Nội) từ" not in text  # only the units valid on that day


def test_out_of_date_lists_validity(units: UnitIndex) -> None:
    text = message(units, "Trà Vinh", NEW)
    assert "«Trà Vinh» không có vào ngày 31/12/2025" in text and "Tỉnh Trà Vinh đến 30/06/2025" in text
    # a bare name never silently becomes a smaller namesake; the message shows how to ask for it
    assert "Phường Trà Vinh (Vĩnh Long) từ 01/07/2025" in text and "«Phường Trà Vinh, Vĩnh Long»" in text
    assert units.resolve("Phường Trà Vinh", NEW) == "p-tra-vinh"
    text = message(units, "Tỉnh Gia Lai (từ 1/7/2025)", OLD)
    assert "Tỉnh Gia Lai từ 01/07/2025" in text


def test_bare_name_is_the_largest_unit(units: UnitIndex) -> None:
    assert units.resolve("Gia Lai", OLD) == "gia-lai"
    assert units.resolve("Gia Lai", NEW) == "gia-lai-2025"  # not the xã Gia Lai
    assert units.resolve("Hương Trà", D(2018, 1, 1)) == "huong-tra-2011"
    assert units.resolve("Hương Trà", D(2023, 1, 1)) == "huong-tra-2021"
    assert units.resolve("Hoàn Kiếm", OLD) == "hoan-kiem"
    assert units.resolve("Huế", NEW) == "hue-2025"  # not the old district-level city
    assert units.resolve("Thừa Thiên Huế", D(2025, 3, 1)) == "hue-2025"  # renamed in place


def test_ids_and_lineages_pass_through(units: UnitIndex) -> None:
    assert units.resolve("hoan-kiem", OLD) == "hoan-kiem"
    assert units.resolve("HOAN-KIEM", OLD) == "hoan-kiem"
    assert units.resolve("nghe-an", None) == "nghe-an"
    assert "đến 30/06/2025" in message(units, "hoan-kiem", NEW)
    assert units.resolve("huong-tra", D(2018, 1, 1)) == "huong-tra-2011"
    assert units.resolve("hue", D(2020, 1, 1)) == "thua-thien-hue"


def test_undated_prefers_units_valid_today(units: UnitIndex) -> None:
    assert units.resolve("Hà Nội", None) == "ha-noi"
    assert units.resolve("Phường Cửa Nam", None) == "cua-nam-2025"
    assert units.resolve("Gia Lai", None) == "gia-lai-2025"
    assert units.resolve("Hương Trà", None) == "huong-tra-2021"  # gone: its last vintage
    assert units.resolve("Thừa Thiên Huế", None) == "hue-2025"


def test_not_found_suggests(units: UnitIndex) -> None:
    with pytest.raises(UnitNotFound) as caught:
        units.resolve("Cua Nm", OLD)
    assert caught.value.suggestion == "Có phải «Cửa Nam»?" and "không tìm thấy" in str(caught.value)
    with pytest.raises(UnitNotFound) as caught:
        units.resolve("Tỉnh Hà Nội", OLD)
    assert caught.value.suggestion == "Có phải «Thành phố Hà Nội»?"
    assert "không có tỉnh nào tên «Hà Nội»" in str(caught.value)
    with pytest.raises(UnitNotFound) as caught:
        units.resolve("Quận Cửa Nam", OLD)
    assert caught.value.suggestion == "Có phải «Phường Cửa Nam»?"
    with pytest.raises(UnitNotFound) as caught:
        units.resolve("Xyzw", OLD)
    assert caught.value.suggestion is None


def test_accents_typed_are_kept_and_type_words_need_them(units: UnitIndex) -> None:
    assert units.resolve("Xã Tân Thành", OLD) == "tan-thanh"
    assert units.resolve("Xã Tân Thanh", OLD) == "tan-thanh-dn"
    assert "trùng tên 2 đơn vị" in message(units, "xa tan thanh", OLD)
    # «Phương Đình» with accents is a name; accent-free «phuong dinh» may be either, and is this xã
    assert units.resolve("Phương Đình", OLD) == "phuong-dinh"
    assert units.resolve("phuong dinh", OLD) == "phuong-dinh"
    assert [r.kind for r in readings("phuong dinh")] == ["phuong", None]
    assert [r.kind for r in readings("Phương Đình")] == [None]


def test_describe(units: UnitIndex) -> None:
    assert units.describe("cua-nam-2025") == "Phường Cửa Nam (Hà Nội, từ 01/07/2025)"
    assert units.describe("cua-nam-hn") == "Phường Cửa Nam (Quận Hoàn Kiếm, Hà Nội, đến 30/06/2025)"
    assert units.describe("gia-lai-2025") == "Tỉnh Gia Lai (từ 01/07/2025)"
    assert units.describe("huong-tra-2011") == "Thị xã Hương Trà (Thừa Thiên Huế, từ 15/11/2011 đến 30/06/2021)"
    assert units.describe("ha-noi") == "Thành phố Hà Nội"
    assert units.describe("khong-co") == "khong-co"


# ---------------------------------------------------------------------------- search


def test_search_ranking(units: UnitIndex) -> None:
    # provinces, districts, communes; at each level names starting with the query first
    assert units.search("tra") == ["tra-vinh", "huong-tra-2011", "huong-tra-2021", "p-tra-vinh", "p-huong-tra-dn",
                                   "p-huong-tra-hue"]
    assert units.search("Hoàn Kiếm") == ["hoan-kiem", "hoan-kiem-2025"]
    assert units.search("hoan kiem")[0] == "hoan-kiem"
    assert units.search("cua nam") == ["cua-nam-hn", "cua-nam-2025", "cua-nam-na"]
    assert units.search("p. cua nam", when=NEW) == ["cua-nam-2025"]
    assert units.search("tp hue") == ["hue-2025", "tp-hue"]
    assert units.search("tra vinh") == ["tra-vinh", "p-tra-vinh"]
    assert units.search("gia lai") == ["gia-lai", "gia-lai-2025", "xa-gia-lai"]  # exact names, then level
    assert units.search("Hương Trà, Huế", when=NEW) == ["p-huong-tra-hue"]
    assert units.search("inh") == []  # inside a word is not a match
    assert units.search("hue-2025")[0] == "hue-2025"


def test_search_exact_before_level_and_limit(units: UnitIndex) -> None:
    assert units.search("vinh") == ["vinh", "vinh-long-2025", "tra-vinh", "p-tra-vinh"]
    assert units.search("", limit=3) == ["da-nang", "gia-lai", "gia-lai-2025"]
    assert len(units.search("", limit=100)) == len(ROWS)


# ---------------------------------------------------------------------------- imports


def test_match_locality_delegates(units: UnitIndex) -> None:
    frame = pd.DataFrame(ROWS, columns=COLUMNS)
    index = LocalityIndex(frame)
    assert match_locality("Phường Hoàn Kiếm", index, NEW) == ("hoan-kiem-2025", None)
    assert match_locality("Cua Nm", index, OLD) == (None, "Có phải «Cửa Nam»?")
    assert match_locality("", index, OLD) == (None, None)
    for _ in range(2):  # the second answer comes from the memo
        with pytest.raises(ValueError, match="từ 01/07/2025"):
            match_locality("Phường Hoàn Kiếm", index, OLD)
    with pytest.raises(ValueError, match="trùng tên"):
        match_locality("Phường Hương Trà", frame, NEW)


# ---------------------------------------------------------------------------- real catalogue


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    url = fresh_url(tmp_path_factory.mktemp("unit-names"), "units")
    engine = get_engine(url)
    build_database(engine, ROOT / "data")
    yield engine
    engine.dispose()
    drop(url)


@pytest.fixture(scope="module")
def catalogue(engine) -> UnitIndex:
    return UnitIndex(queries.localities(engine))


def _id(catalogue: UnitIndex, name: str, start: bool) -> str:
    """The id of the unique catalogue unit with this full name, old (start=False) or new."""
    found = [r["locality_id"] for r in catalogue.rows
             if r["name_vi"] == name and (r["valid_from"] is not None) == start]
    assert len(found) == 1, (name, found)
    return found[0]


REAL = [  # text, date, locality_id or the words of the error
    ("Gia Lai", D(2024, 12, 31), "gia-lai"),
    ("Gia Lai", D(2025, 12, 31), "gia-lai-2025"),
    ("Phường Hoàn Kiếm", D(2025, 12, 31), "new:Phường Hoàn Kiếm"),
    ("Phường Hoàn Kiếm", D(2024, 6, 30), ["không có vào ngày 30/06/2024", "Phường Hoàn Kiếm (Hà Nội) từ 01/07/2025"]),
    ("Phường Hương Trà", D(2025, 12, 31), ["trùng tên 2 đơn vị", "Phường Hương Trà (Huế) từ 01/07/2025",
                                          "Phường Hương Trà (Đà Nẵng) từ 01/07/2025", "tên tỉnh"]),
    ("Phường Hương Trà, Huế", D(2025, 12, 31), "xa-19996-2025"),
    ("Phường Hương Trà (Đà Nẵng)", D(2025, 12, 31), "xa-20350-2025"),
    ("Phường Cửa Nam", D(2025, 12, 31), "xa-00082-2025"),
    ("Phường Cửa Nam", D(2024, 6, 30), ["trùng tên 3 đơn vị", "(Quận Hoàn Kiếm, Hà Nội)", "Nam Định)", "Nghệ An)"]),
    ("Phường Cửa Nam, Hà Nội", D(2024, 6, 30), "xa-00073"),
    ("Phường Cửa Nam, Quận Hoàn Kiếm, Hà Nội", D(2024, 6, 30), "xa-00073"),
    ("p. cua nam", D(2025, 12, 31), "xa-00082-2025"),
    ("p. cua nam, nghe an", D(2024, 6, 30), "old:Phường Cửa Nam:Thành phố Vinh"),
    ("Hoàn Kiếm", D(2024, 6, 30), "hoan-kiem"),
    ("tra vinh", D(2020, 1, 1), "tra-vinh"),
    ("Trà Vinh", D(2025, 12, 31), ["«Trà Vinh» không có vào ngày 31/12/2025", "Tỉnh Trà Vinh đến 30/06/2025"]),
    ("tp hue", D(2025, 12, 31), "hue-2025"),
    ("Thừa Thiên Huế", D(2024, 6, 30), "thua-thien-hue"),
    ("Hương Trà", D(2018, 1, 1), "huong-tra-2011"),
    ("Hương Trà", D(2023, 1, 1), "huong-tra-2021"),
    ("Hương Trà", D(2025, 12, 31), ["Thị xã Hương Trà", "đến 30/06/2025", "Phường Hương Trà (Huế) từ 01/07/2025"]),
    ("Xã Hương Trà", D(2024, 6, 30), ["trùng tên 2 đơn vị", "Hà Tĩnh)", "Quảng Ngãi)"]),
    ("Bắc Ninh", D(2024, 6, 30), "bac-ninh"),
    ("Bắc Ninh", D(2025, 12, 31), "bac-ninh-2025"),
    ("Nghệ An", D(2015, 1, 1), "nghe-an"),
    ("Nghệ An", D(2025, 12, 31), "nghe-an"),
    ("TT Trà Lân", D(2024, 6, 30), "old:Thị trấn Trà Lân:Huyện Con Cuông"),
    ("Con Cuông", D(2024, 6, 30), "old:Huyện Con Cuông:"),
    ("Con Cuông", D(2025, 12, 31), ["Huyện Con Cuông (Nghệ An) đến 30/06/2025", "«Xã Con Cuông, Nghệ An»"]),
    ("Xã Con Cuông", D(2025, 12, 31), "new:Xã Con Cuông"),
    ("Đặc khu Côn Đảo", D(2025, 12, 31), "new:Đặc khu Côn Đảo"),
    ("đk côn đảo", D(2024, 6, 30), ["không có vào ngày 30/06/2024", "từ 01/07/2025"]),
    # an old commune divided among several new ones (the package's divided list)
    ("Phường Hàng Trống", D(2025, 6, 30), "old:Phường Hàng Trống:Quận Hoàn Kiếm"),
    ("Phường Hàng Trống", D(2025, 7, 1), ["không có vào ngày 01/07/2025",
                                         "Phường Hàng Trống (Quận Hoàn Kiếm, Hà Nội) đến 30/06/2025"]),
]


def _expected(catalogue: UnitIndex, expected: str) -> str:
    if expected.startswith("new:"):
        return _id(catalogue, expected[4:], start=True)
    if expected.startswith("old:"):
        _, name, district = expected.split(":")
        found = [r["locality_id"] for r in catalogue.rows if r["name_vi"] == name and r["valid_from"] is None
                 and (not district or catalogue.by_id[r["parent_id"]]["name_vi"] == district)]
        assert len(found) == 1, (expected, found)
        return found[0]
    return expected


@pytest.mark.parametrize(("text", "when", "expected"), REAL, ids=[f"{t} {w}" for t, w, _ in REAL])
def test_real_catalogue(catalogue: UnitIndex, text: str, when: D, expected: str | list[str]) -> None:
    if isinstance(expected, str):
        assert catalogue.resolve(text, when) == _expected(catalogue, expected), catalogue.describe(expected)
    else:
        words = message(catalogue, text, when)
        assert all(w in words for w in expected), words


def test_real_divided_commune_and_cua_nam_target(engine, catalogue: UnitIndex) -> None:
    old = _expected(catalogue, "old:Phường Hàng Trống:Quận Hoàn Kiếm")
    with engine.connect() as conn:
        targets = set(conn.execute(select(LocalityLink.new_id).where(LocalityLink.old_id == old)).scalars())
    assert len(targets) >= 2  # divided: a part went to each of these
    assert {catalogue.resolve("Phường Cửa Nam", NEW), catalogue.resolve("Phường Hoàn Kiếm", NEW)} <= targets
    assert catalogue.by_id["xa-00082-2025"]["province_id"] == "ha-noi"


def test_real_search(catalogue: UnitIndex) -> None:
    assert catalogue.search("tra vinh")[0] == "tra-vinh"
    assert catalogue.search("tp hue")[0] == "hue-2025"
    assert catalogue.search("p. cua nam", when=NEW) == ["xa-00082-2025"]
    assert set(catalogue.search("cua nam", when=OLD)) >= {"xa-00073"}
    assert catalogue.search("Hoàn Kiếm")[:2] == ["hoan-kiem", _id(catalogue, "Phường Hoàn Kiếm", start=True)]
    assert len(catalogue.search("", limit=34, when=NEW)) == 34


def test_cli_accepts_names(engine) -> None:
    from danvan.cli import _lineages

    known = queries.lineage_ids(engine)
    lineages, unknown = _lineages(engine, "tra-vinh, Nghệ An, TX Hương Trà, huong-tra", known)
    assert lineages == ("tra-vinh", "nghe-an", "huong-tra") and not unknown
    lineages, unknown = _lineages(engine, "Phường Hương Trà, Huế; Gia Lai", known)
    assert len(lineages) == 2 and lineages[1] == "gia-lai-2025" and not unknown
    _, unknown = _lineages(engine, "Tra Vin", known)
    assert unknown == ["Tra Vin (không tìm thấy đơn vị hành chính «Tra Vin». Có phải «Trà Vinh»?)"]
