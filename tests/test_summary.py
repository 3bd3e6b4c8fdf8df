"""The pasteable summary paragraph (danvan.reading.summary) and the projector restyling (danvan.projector)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from danvan.projector import FONT_SIZE, LINE_WIDTH, PALETTE, projector_style
from danvan.reading.summary import period_shape, summary_paragraph

T = pd.Timestamp


def obs(code: str, value: float, start, end, *, name: str | None = None, unit: str = "xã",
        whole: bool = True, scope: str = "toan_dia_ban", qualifier: str = "exact",
        theme: str = "nong_thon_moi", kind: str = "stock") -> dict:
    return {
        "obs_id": f"O{code}{value}", "locality_id": "x", "indicator_code": code,
        "indicator_name": name or code.replace("_", " ").capitalize(), "value": value, "unit_label": unit,
        "qualifier": qualifier, "period_start": T(start) if start else pd.NaT,
        "period_end": T(end) if end else pd.NaT, "theme": theme, "theme_name": theme, "kind": kind,
        "scope_class": scope, "scope_class_name": "Toàn địa bàn" if whole else "Một địa bàn cấp dưới",
        "whole_locality": whole, "note_vi": "",
    }


def frame(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def test_latest_results_with_vietnamese_numbers_and_periods() -> None:
    text = summary_paragraph(frame(
        obs("ntm", 1234, None, "2022-05-09", name="Xã đạt chuẩn nông thôn mới"),
        obs("gdvh", 95.67, "2023-01-01", "2023-12-31", name="Tỷ lệ hộ gia đình văn hóa", unit="%",
            theme="van_hoa", kind="rate"),
    ), "Tỉnh A")
    assert "Tỉnh A có 2 số liệu toàn địa bàn" in text
    assert "tỷ lệ hộ gia đình văn hóa (năm 2023) là 95,67%" in text
    assert "xã đạt chuẩn nông thôn mới (đến 09/05/2022) là 1.234 xã" in text
    assert "Chưa có kỳ trước" in text


def test_comparison_with_previous_period_of_same_shape() -> None:
    text = summary_paragraph(frame(
        obs("ntm", 82, None, "2022-05-09", name="Xã đạt chuẩn"),
        obs("ntm", 69, None, "2020-12-31", name="Xã đạt chuẩn"),
        obs("ntm", 10, "2015-01-01", "2015-12-31", name="Xã đạt chuẩn"),  # other shape: not the previous
    ), "A")
    assert "xã đạt chuẩn (đến 09/05/2022) là 82 xã, tăng 13 xã so với số đến 31/12/2020 (69 xã)" in text


def test_rates_change_in_percentage_points_and_decrease() -> None:
    text = summary_paragraph(frame(
        obs("ngheo", 1.8, "2021-01-01", "2021-12-31", name="Tỷ lệ hộ nghèo", unit="%", kind="rate"),
        obs("ngheo", 2.5, "2020-01-01", "2020-12-31", name="Tỷ lệ hộ nghèo", unit="%", kind="rate"),
    ), "A")
    assert "giảm 0,7 điểm phần trăm so với kỳ liền trước (2,5%, năm 2020)" in text


def test_a_jump_over_missing_years_is_named_with_its_gap() -> None:
    text = summary_paragraph(frame(
        obs("don", 80, "2023-01-01", "2023-12-31", name="Đơn thư"),
        obs("don", 50, "2016-01-01", "2016-12-31", name="Đơn thư"),
        obs("nua", 30, "2025-01-01", "2025-06-30", name="Đơn nửa năm"),
        obs("nua", 20, "2024-01-01", "2024-06-30", name="Đơn nửa năm"),
    ), "A")
    assert "kỳ trước" not in text.replace("kỳ liền trước", "")
    assert "tăng 30 xã so với năm 2016 (50 xã), kỳ cùng độ dài gần nhất có số liệu, cách 7 năm" in text
    assert "tăng 10 xã so với cùng kỳ năm trước (20 xã, 6 tháng đầu năm 2024)" in text


def test_no_comparison_across_period_shapes_scopes_or_estimates() -> None:
    text = summary_paragraph(frame(
        obs("a", 5, "2021-01-01", "2021-12-31"),
        obs("a", 3, "2020-01-01", "2020-06-30"),  # 6 months vs a year
        obs("b", 5, "2021-01-01", "2021-12-31", qualifier="hon"),
        obs("b", 3, "2020-01-01", "2020-12-31"),
    ), "A")
    assert "so với kỳ trước (" not in text
    assert "Chưa có kỳ trước" in text


def test_limitations_undated_subscope_and_inconsistent_rates() -> None:
    data = frame(
        obs("a", 5, "2021-01-01", "2021-12-31"),
        obs("b", 7, None, None),
        obs("c", 9, "2017-01-01", None, whole=False, scope="dia_ban_cap_duoi"),
        obs("rate", 0.04, "2016-10-01", None, name="Tỷ lệ hồ sơ trễ hạn", unit="%", whole=False,
            scope="trung_tam_hcc", kind="rate"),
    )
    checks = pd.DataFrame({"indicator_code": ["rate"], "period_start": ["2016-10-01"], "period_end": [""],
                           "stated": [0.04], "computed": [0.405051], "status": ["lệch"]})
    text = summary_paragraph(data, "A", checks)
    assert "1 số liệu nguồn không nêu kỳ báo cáo" in text
    assert "2 số liệu chỉ thuộc một phần địa bàn" in text
    assert "tỷ lệ hồ sơ trễ hạn (từ 01/10/2016): số nêu 0,04% nhưng tính lại từ tử số, mẫu số là 0,41%" in text


def test_context_figures_are_left_out_and_empty_frame_is_explained() -> None:
    text = summary_paragraph(frame(obs("dan_so", 1_000_000, "2019-04-01", "2019-04-01", unit="người",
                                       theme="dan_so", kind="context")), "A")
    assert "1.000.000" not in text
    assert "Chưa có số liệu toàn địa bàn" in text
    assert summary_paragraph(pd.DataFrame(), "A") == "Chưa có số liệu của A trong khoảng năm đã chọn."


@pytest.mark.parametrize(("start", "end", "shape"), [
    (None, "2020-12-31", ("point", 0)), ("2020-01-01", "2020-12-31", ("span", 12)),
    ("2016-01-01", "2020-12-31", ("span", 60)), ("2020-01-01", None, ("open", 0)), (None, None, ("none", 0)),
    ("2023-07-01", "2023-09-30", ("span", 3)),
])
def test_period_shape(start, end, shape) -> None:
    assert period_shape(T(start) if start else pd.NaT, T(end) if end else pd.NaT) == shape


def test_real_data_tra_vinh_summary(app_db: str) -> None:
    from danvan.data.db import get_engine
    from danvan.data.loader import build_database
    from danvan.reading import queries
    from danvan.reading.filters import Filters
    from danvan.reading.rates import rate_table
    from danvan.settings import get_settings

    settings = get_settings()
    engine = get_engine(settings.database_url)
    build_database(engine, settings.data_dir)
    data = queries.observations(engine, Filters(2009, 2025, ()), lineage="tra-vinh", include_undated=True)
    text = summary_paragraph(data, "Trà Vinh", rate_table(data, queries.catalogue(engine)))
    assert "số nêu 0,04% nhưng tính lại từ tử số, mẫu số là 0,41%" in text
    assert "tăng 13 xã so với số đến 31/12/2020 (69 xã)" in text
    assert "Hạn chế về số liệu" in text


def test_projector_style_enlarges_and_recolours_a_copy() -> None:
    fig = go.Figure([
        go.Scatter(x=[1, 2], y=[1, 1], mode="lines", line={"color": "red", "width": 8}, legendgroup="a",
                   showlegend=False),
        go.Scatter(x=[1, 2], y=[1, 2], mode="lines+markers", name="A", legendgroup="a",
                   line={"color": "red", "width": 2}, marker={"size": 11}),
        go.Scatter(x=[1, 2], y=[2, 3], mode="lines+markers", name="B", legendgroup="b",
                   line={"color": "blue", "width": 2}),
        go.Bar(x=["x"], y=[3], name="C", marker={"color": "green"}),
    ])
    fig.update_layout(font={"size": 14})
    fig.add_annotation(text="Nguồn: …", font={"size": 11})
    big = projector_style(fig)
    assert big.layout.font.size == FONT_SIZE
    assert big.layout.title.font.size > FONT_SIZE
    band, line_a, line_b, bar = big.data
    assert line_a.line.width >= LINE_WIDTH and band.line.width > line_a.line.width
    assert band.line.color == line_a.line.color == PALETTE[0]  # one colour per legend group
    assert line_b.line.color == PALETTE[1] and bar.marker.color == PALETTE[2]
    assert line_a.marker.size > 11
    assert big.layout.annotations[0].font.size >= FONT_SIZE - 6
    assert fig.data[1].line.width == 2 and fig.layout.font.size == 14  # original untouched
