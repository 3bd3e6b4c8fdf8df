"""Adding old provinces' figures up to the 34 provinces of 1/7/2025, on known sums."""

from __future__ import annotations

import pandas as pd
import pytest

from danvan.reform import aggregate_to_2025, aggregation_note, exclusion_reason

T = pd.Timestamp
CROSSWALK = pd.DataFrame([
    ("83", "Bến Tre", "86", "Vĩnh Long"), ("84", "Trà Vinh", "86", "Vĩnh Long"),
    ("86", "Vĩnh Long", "86", "Vĩnh Long"), ("64", "Gia Lai", "64", "Gia Lai"),
    ("52", "Bình Định", "64", "Gia Lai"), ("40", "Nghệ An", "40", "Nghệ An"),
], columns=["old_gso_code", "old_name_vi", "new_gso_code", "new_name_vi"])
GSO = {"ben-tre": "83", "tra-vinh": "84", "vinh-long": "86", "gia-lai": "64", "binh-dinh": "52",
       "nghe-an": "40", "hoan-kiem": "002"}


def obs(obs_id, locality, value, code="petitions", kind="count", level="tinh", whole=True,
        start="2021-01-01", end="2021-12-31", qualifier="exact"):
    return {"obs_id": obs_id, "locality_id": locality, "indicator_code": code, "indicator_name": code,
            "unit_label": "đơn", "kind": kind, "level": level, "whole_locality": whole,
            "scope_class_name": "Toàn địa bàn" if whole else "Trung tâm hành chính công",
            "period_start": T(start) if start else pd.NaT, "period_end": T(end) if end else pd.NaT,
            "value": value, "qualifier": qualifier, "source_id": f"S-{obs_id}", "source_title": "t"}


def test_three_old_provinces_add_up_to_new_vinh_long() -> None:
    frame = pd.DataFrame([obs("a", "tra-vinh", 2070), obs("b", "ben-tre", 1500),
                          obs("c", "vinh-long", 930, qualifier="hon")])
    added, apart = aggregate_to_2025(frame, CROSSWALK, GSO)
    assert apart.empty
    row = added.set_index("new_gso_code").loc["86"]
    assert row["value"] == 4500
    assert row["complete"] and row["missing"] == [] and row["n_parts"] == 3
    assert row["added_from"] == ["Bến Tre", "Trà Vinh", "Vĩnh Long"]
    assert row["qualifier"] == "hon"  # one part was a lower bound, so is the sum


def test_partial_sum_names_what_is_missing() -> None:
    added, _ = aggregate_to_2025(pd.DataFrame([obs("a", "gia-lai", 836)]), CROSSWALK, GSO)
    row = added.iloc[0]
    assert row["value"] == 836 and not row["complete"]
    assert row["missing"] == ["Bình Định"]
    assert aggregation_note(row) == "Gia Lai (từ 1/7/2025) = Gia Lai; chưa đủ, thiếu số liệu: Bình Định"


def test_periods_are_never_mixed() -> None:
    frame = pd.DataFrame([obs("a", "tra-vinh", 10), obs("b", "ben-tre", 20, start="2020-01-01",
                                                         end="2020-12-31")])
    added, _ = aggregate_to_2025(frame, CROSSWALK, GSO)
    assert sorted(added["value"]) == [10, 20]
    assert all(not c for c in added["complete"])


@pytest.mark.parametrize(
    ("row", "words"),
    [
        (obs("r", "tra-vinh", 0.04, kind="rate"), "tỷ lệ"),
        (obs("s", "tra-vinh", 85, whole=False), "phạm vi không phải toàn tỉnh"),
        (obs("d", "hoan-kiem", 21, level="huyen"), "cấp huyện đã giải thể"),
        (obs("t", "gia-lai", 1, kind="target"), "chỉ tiêu đề ra"),
        (obs("u", "nghe-an", 836, start=None, end=None), "không nêu kỳ"),
    ],
)
def test_what_cannot_be_added_is_kept_apart_with_reason(row, words) -> None:
    assert words in exclusion_reason(pd.Series(row))
    added, apart = aggregate_to_2025(pd.DataFrame([row]), CROSSWALK, GSO)
    assert added.empty
    assert words in apart.iloc[0]["reason"]


def test_unchanged_province_maps_to_itself() -> None:
    added, _ = aggregate_to_2025(pd.DataFrame([obs("a", "nghe-an", 8722)]), CROSSWALK, GSO)
    assert added.iloc[0]["new_name_vi"] == "Nghệ An" and added.iloc[0]["complete"]
