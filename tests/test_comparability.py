"""Only figures with the same indicator, unit, scope class (and period shape for flows) are compared."""

from __future__ import annotations

import pandas as pd
import pytest

from danvan.reading.comparability import (
    comparable_groups,
    level_reason,
    one_level,
    per_10k,
    period_class,
    period_class_label,
    same_period,
    year_gap_note,
)

T = pd.Timestamp


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2021-01-01", "2021-12-31", "nam"),
        ("2016-01-01", "2020-12-31", "5_nam"),
        ("2021-01-01", "2021-10-31", "10_thang"),
        ("2020-01-01", "2021-10-31", "22_thang"),
        (None, "2021-10-31", "thoi_diem"),
        ("2021-10-31", "2021-10-31", "thoi_diem"),
        (None, None, "khong_ro"),
    ],
)
def test_period_class(start, end, expected) -> None:
    assert period_class(T(start) if start else pd.NaT, T(end) if end else pd.NaT) == expected


def test_period_class_label() -> None:
    assert period_class_label("10_thang") == "kỳ 10 tháng"
    assert period_class_label("nam") == "cả năm"


def row(lineage, value, scope="toan_dia_ban", start="2017-01-01", end="2017-12-31", kind="count",
        unit="don", locality=None):
    return {
        "lineage": lineage, "locality_id": locality or lineage, "indicator_code": "petitions",
        "unit": unit, "unit_label": "đơn", "scope_class": scope, "value": value, "kind": kind,
        "scope_class_name": {"toan_dia_ban": "Toàn địa bàn", "dang_bo_co_quan": "Đảng bộ khối"}[scope],
        "whole_locality": scope == "toan_dia_ban",
        "period_start": T(start) if start else pd.NaT, "period_end": T(end) if end else pd.NaT,
    }


def test_different_scope_is_kept_apart_with_reason() -> None:
    frame = pd.DataFrame([row("tra-vinh", 2070), row("nghe-an", 8722, end="2017-12-31"),
                          row("nghe-an", 39, scope="dang_bo_co_quan")])
    groups = comparable_groups(frame)
    assert set(groups[0].rows["lineage"]) == {"tra-vinh", "nghe-an"}
    assert groups[0].reason == ""
    assert len(groups) == 2
    assert "phạm vi khác: Đảng bộ khối" in groups[1].reason


def test_flows_over_different_periods_are_not_compared() -> None:
    frame = pd.DataFrame([row("tra-vinh", 2070), row("gia-lai", 836),
                          row("huong-tra", 148, start="2020-01-01", end="2021-10-31")])
    groups = comparable_groups(frame)
    assert set(groups[0].rows["lineage"]) == {"tra-vinh", "gia-lai"}
    assert "kỳ báo cáo khác: kỳ 22 tháng" in groups[1].reason
    # on a time axis the spans are drawn as they are, so they stay together
    assert len(comparable_groups(frame, by_period=False)) == 1


def test_rates_compare_across_period_shapes_but_not_undated() -> None:
    frame = pd.DataFrame([row("a", 89.3, kind="rate", start="2021-01-01", end="2021-10-31"),
                          row("b", 99.4, kind="rate"), row("c", 92, kind="rate", start=None, end=None)])
    groups = comparable_groups(frame)
    assert set(groups[0].rows["lineage"]) == {"a", "b"}
    assert groups[1].reason == "Không so sánh được: nguồn không nêu kỳ báo cáo."


def test_per_10k_only_with_population_of_that_year() -> None:
    frame = pd.DataFrame([row("tra-vinh", 2070), row("nghe-an", 8722, start="2021-01-01", end="2021-12-31")])
    population = pd.DataFrame([
        {"locality_id": "tra-vinh", "year": 2017, "value": 1_000_000, "period_end": T("2017-04-01"),
         "source_title": "x"},
        {"locality_id": "nghe-an", "year": 2019, "value": 3_327_791, "period_end": T("2019-04-01"),
         "source_title": "y"},
    ])
    out = per_10k(frame, population).set_index("lineage")
    assert out.loc["tra-vinh", "per_10k"] == pytest.approx(20.7)
    assert pd.isna(out.loc["nghe-an", "per_10k"])  # 2019 census is not 2021's population


def named(lineage: str, value: float, year: int, level: str = "tinh", **kwargs) -> dict:
    names = {"nghe-an": "Nghệ An", "tra-vinh": "Trà Vinh", "gia-lai": "Gia Lai", "huong-tra": "Hương Trà"}
    return row(lineage, value, start=f"{year}-01-01", end=f"{year}-12-31", **kwargs) | {
        "locality_name": names[lineage], "level": level}


def test_same_period_is_the_latest_every_place_has() -> None:
    frame = pd.DataFrame([named("nghe-an", 8722, 2021), named("nghe-an", 9000, 2023),
                          named("tra-vinh", 2070, 2021), named("tra-vinh", 2100, 2022)])
    choice = same_period(frame)
    assert sorted(choice.rows["value"]) == [2070, 8722] and choice.period == "năm 2021"
    assert choice.note == "" and choice.left_out == ""


def test_same_period_names_places_left_out_and_never_mixes_years() -> None:
    frame = pd.DataFrame([named("nghe-an", 1, 2021), named("tra-vinh", 2, 2021), named("gia-lai", 3, 2016)])
    choice = same_period(frame)
    assert set(choice.rows["lineage"]) == {"nghe-an", "tra-vinh"}
    assert choice.left_out == "Gia Lai (năm 2016)"
    apart = same_period(pd.DataFrame([named("nghe-an", 8722, 2021), named("tra-vinh", 2070, 2017)]))
    assert apart.rows.empty
    assert "Nghệ An (năm 2021), Trà Vinh (năm 2017)" in apart.note


def test_a_half_year_is_not_the_same_period_as_a_year() -> None:
    half = named("tra-vinh", 1970, 2025) | {"period_end": T("2025-06-30")}
    choice = same_period(pd.DataFrame([named("nghe-an", 6330, 2025), half]))
    assert choice.rows.empty


def test_years_more_than_one_apart_get_a_visible_note() -> None:
    assert year_gap_note(pd.DataFrame([named("nghe-an", 1, 2021), named("tra-vinh", 2, 2022)])) == ""
    note = year_gap_note(pd.DataFrame([named("nghe-an", 1, 2021), named("tra-vinh", 2, 2017)]))
    assert note.startswith("Số liệu khác năm (cách nhau tới 4 năm)") and "Trà Vinh (năm 2017)" in note


def test_one_level_keeps_provinces_and_sets_a_town_apart() -> None:
    frame = pd.DataFrame([named("nghe-an", 1, 2021), named("tra-vinh", 2, 2021),
                          named("huong-tra", 3, 2021, level="huyen")])
    kept, other = one_level(frame)
    assert set(kept["lineage"]) == {"nghe-an", "tra-vinh"} and list(other["lineage"]) == ["huong-tra"]
    assert "Hương Trà" in level_reason(kept, other) and "cấp tỉnh" in level_reason(kept, other)
