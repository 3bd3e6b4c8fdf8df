"""Adding old provinces' figures up to the 34 provinces of 1/7/2025, on known sums."""

from __future__ import annotations

import pandas as pd
import pytest

from danvan.charts import trend_figure
from danvan.reading.reform import aggregate_into, aggregate_to_2025, aggregation_note, exclusion_reason
from danvan.reading.tables import PREDECESSOR, PREDECESSORS_SUMMED, predecessor_series

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


# --- A new unit's predecessors on Xu hướng (views.predecessor_series) ----------------------------

LINKS = pd.DataFrame([
    {"old_id": "gia-lai", "new_id": "gia-lai-2025", "whole": True, "old_name": "Gia Lai", "old_lineage": "gia-lai",
     "new_name": "Gia Lai (mới)", "new_lineage": "gia-lai-2025", "old_level": "tinh", "new_level": "tinh"},
    {"old_id": "binh-dinh", "new_id": "gia-lai-2025", "whole": True, "old_name": "Bình Định",
     "old_lineage": "binh-dinh", "new_name": "Gia Lai (mới)", "new_lineage": "gia-lai-2025",
     "old_level": "tinh", "new_level": "tinh"},
])


def figure(obs_id, locality, value, name, **kwargs):
    row = obs(obs_id, locality, value, **kwargs)
    return row | {"lineage": locality, "locality_name": name, "scope_vi": "toàn tỉnh", "source_issuer": "UBND",
                  "published_date": T("2022-01-10"), "locator": "tr. 1", "note_vi": "", "unit": "don",
                  "scope_class": "toan_dia_ban", "qualifier": kwargs.get("qualifier", "exact"),
                  "valid_from": pd.NaT, "valid_to": T("2025-06-30")}


def test_additive_same_period_predecessors_are_summed_into_one_marked_line() -> None:
    frame = pd.DataFrame([figure("a", "gia-lai", 836, "Gia Lai"), figure("b", "binh-dinh", 500, "Bình Định")])
    rows, notes = predecessor_series(frame, LINKS)
    assert len(rows) == 1
    row = rows.iloc[0]
    assert row["value"] == 1336 and row["series"] == PREDECESSORS_SUMMED
    assert row["locality_name"] == "Gia Lai (mới) (cộng các đơn vị tiền thân)" and row["lineage"] == "gia-lai-2025"
    assert "Bình Định + Gia Lai" in notes[0] and "cùng kỳ" in notes[0]


def test_a_rate_is_never_summed_each_predecessor_is_its_own_marked_series() -> None:
    frame = pd.DataFrame([figure("a", "gia-lai", 0.4, "Gia Lai", kind="rate"),
                          figure("b", "binh-dinh", 0.2, "Bình Định", kind="rate")])
    rows, notes = predecessor_series(frame, LINKS)
    assert sorted(rows["locality_name"]) == ["Bình Định (đơn vị tiền thân)", "Gia Lai (đơn vị tiền thân)"]
    assert set(rows["series"]) == {PREDECESSOR} and sorted(rows["value"]) == [0.2, 0.4]
    assert "không cộng: tỷ lệ không cộng được" in notes[0]


def test_predecessors_reporting_different_periods_are_not_summed() -> None:
    frame = pd.DataFrame([figure("a", "gia-lai", 836, "Gia Lai"),
                          figure("b", "binh-dinh", 500, "Bình Định", start="2020-01-01", end="2020-12-31")])
    rows, notes = predecessor_series(frame, LINKS)
    assert set(rows["series"]) == {PREDECESSOR} and sorted(rows["value"]) == [500, 836]
    assert "thiếu số liệu cùng kỳ của Bình Định" in notes[0] and "thiếu số liệu cùng kỳ của Gia Lai" in notes[0]
    # a predecessor already drawn as a chosen unit of its own is not drawn twice
    rows, _ = predecessor_series(frame, LINKS, drawn_lineages=("gia-lai",))
    assert list(rows["locality_name"]) == ["Bình Định (đơn vị tiền thân)"]


def test_part_of_a_divided_commune_is_not_added() -> None:
    links = LINKS.assign(new_level="xa", old_level="xa", whole=[True, False])
    frame = pd.DataFrame([figure("a", "gia-lai", 10, "Gia Lai", level="xa"),
                          figure("b", "binh-dinh", 5, "Bình Định", level="xa")])
    added, apart = aggregate_into(frame, links.rename(columns={"old_id": "old_gso_code", "old_name": "old_name_vi",
                                                               "new_id": "new_gso_code", "new_name": "new_name_vi"}),
                                  {"gia-lai": "gia-lai", "binh-dinh": "binh-dinh"}, level="xa")
    assert "chỉ một phần địa bàn của Bình Định" in apart.iloc[0]["reason"]
    assert not added.iloc[0]["complete"]
    rows, notes = predecessor_series(frame, links)
    assert set(rows["series"]) == {PREDECESSOR} and "chỉ một phần địa bàn" in notes[0]


def test_trend_figure_draws_predecessors_dashed_with_hollow_markers() -> None:
    frame = pd.DataFrame([figure("a", "gia-lai", 0.4, "Gia Lai", kind="rate")])
    rows, _ = predecessor_series(frame, LINKS)
    own = pd.DataFrame([figure("c", "gia-lai-2025", 0.5, "Gia Lai (mới)", kind="rate", start="2025-07-01",
                               end="2025-12-31") | {"lineage": "gia-lai-2025", "valid_from": T("2025-07-01"),
                                                    "valid_to": pd.NaT}])
    fig = trend_figure(pd.concat([own, rows]), title="x", unit_label="%", x_range=(T("2019-01-01"), T("2026-12-31")),
                       source="Nguồn: x")
    lines = {t.name: t for t in fig.data if t.mode == "lines+markers"}
    assert lines["Gia Lai (đơn vị tiền thân)"].line.dash == "dash"
    assert lines["Gia Lai (đơn vị tiền thân)"].marker.symbol[0].endswith("-open")
    assert lines["Gia Lai (mới)"].line.dash == "solid"
    assert any(s.x0 == T("2025-07-01") for s in fig.layout.shapes)  # the 1/7/2025 divider
