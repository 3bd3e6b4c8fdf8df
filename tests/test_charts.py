"""Chart builders: pure functions, tested without Streamlit."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go
import pytest

from danvan.charts import (
    DVK_BARS,
    REGISTRY_BARS,
    SLANT,
    TEMPLATE,
    category_axis,
    compare_figure,
    coverage_figure,
    dvk_figure,
    hover_fields,
    latest_periods,
    registry_figure,
    source_line,
    trend_figure,
)

T = pd.Timestamp


def obs(locality_id, lineage, name, value, start, end, qualifier="exact", subject=""):
    return {
        "obs_id": f"{locality_id}-{start}-{end}", "locality_id": locality_id, "lineage": lineage,
        "locality_name": name, "value": value, "qualifier": qualifier,
        "period_start": T(start) if start else pd.NaT, "period_end": T(end) if end else pd.NaT,
        "valid_from": T("2011-11-15") if locality_id.endswith("2011") else T("2021-07-01"),
        "scope_vi": "Toàn địa bàn", "source_id": "S1", "source_title": "Báo cáo A",
        "source_issuer": "UBND", "published_date": T("2021-10-31"), "indicator_name": "Đơn thư",
        "dvk_subject": subject,
    }


@pytest.fixture()
def frame() -> pd.DataFrame:
    return pd.DataFrame([
        obs("huong-tra-2011", "huong-tra", "Hương Trà", 66, "2020-01-01", "2020-12-31"),
        obs("huong-tra-2021", "huong-tra", "Hương Trà", 25, "2021-01-01", "2021-10-31"),
        obs("tra-vinh", "tra-vinh", "Trà Vinh", 4101, "2017-01-01", "2017-12-31", "hon"),
        obs("tra-vinh", "tra-vinh", "Trà Vinh", 20985, "2016-10-01", None),
        obs("tra-vinh", "tra-vinh", "Trà Vinh", 5000, None, "2018-05-09"),
    ])


def common_checks(fig: go.Figure, title_words: str, axis_title: str) -> None:
    layout = fig.layout
    assert title_words in layout.title.text
    assert layout.separators == ",."
    assert layout.template.layout.paper_bgcolor == go.layout.Template(pio_template()).layout.paper_bgcolor
    texts = [a.text for a in layout.annotations]
    assert any(t.startswith("Nguồn: UBND, Báo cáo A (31/10/2021)") for t in texts)
    assert axis_title in (layout.yaxis.title.text or "") + (layout.xaxis.title.text or "")


def pio_template():
    import plotly.io as pio

    return pio.templates[TEMPLATE]


def test_source_line_names_each_source_once(frame) -> None:
    assert source_line(frame) == "Nguồn: UBND, Báo cáo A (31/10/2021)"
    many = pd.concat([frame.assign(source_id=f"S{i}", source_title=f"T{i}") for i in range(5)])
    assert source_line(many, limit=3).endswith("; và 2 nguồn khác")
    assert source_line(frame.iloc[0:0]) == ""


def test_trend_marks_periods_honestly(frame) -> None:
    fig = trend_figure(frame, title="Lượt tiếp công dân", unit_label="lượt",
                       x_range=(date(2015, 1, 1), date(2025, 12, 31)), source=source_line(frame))
    common_checks(fig, "Lượt tiếp công dân", "lượt")
    lines = [t for t in fig.data if t.mode == "lines+markers"]
    # one trace per boundary vintage: the 2021 break is never joined; Trà Vinh's open period and
    # figure at a date are one run, its whole year another, with a gap between them
    assert sorted(len(t.x) for t in lines) == [1, 1, 4]
    assert [x is None for x in max(lines, key=lambda t: len(t.x)).x] == [False, False, True, False]
    symbols = {s for t in lines for s in t.marker.symbol}
    assert {"circle", "square", "triangle-right", "diamond"} <= symbols
    spans = [t for t in fig.data if t.mode == "lines"]  # one trace per vintage, segments split by gaps
    segments = [(t.x[i], t.x[i + 1], t.y[i], t.y[i + 1]) for t in spans for i in range(0, len(t.x), 3)]
    assert len(segments) == 3  # 2020 year, 10 months 2021, year 2017: each drawn over its span
    assert all(t.x[i] is None for t in spans for i in range(2, len(t.x), 3)) and not any(t.connectgaps for t in spans)
    assert {(y0, y1) for *_, y0, y1 in segments} >= {(25, 25)}
    legend_names = [t.name for t in lines if t.showlegend]
    assert sorted(legend_names) == ["Hương Trà", "Trà Vinh"]
    hover = " ".join(h for t in lines for h in t.hovertext)
    assert "hơn 4.101 lượt" in hover and "10 tháng đầu năm 2021" in hover
    shapes = [s for s in fig.layout.shapes if s.type == "line"]
    assert len(shapes) == 2  # 1/7/2021 and 1/7/2025 are inside the range


def test_trend_joins_only_periods_of_the_same_length() -> None:
    frame = pd.DataFrame([
        obs("nghe-an", "nghe-an", "Nghệ An", 6353, "2021-01-01", "2021-12-31"),
        obs("nghe-an", "nghe-an", "Nghệ An", 1970, "2025-01-01", "2025-06-30"),
        obs("nghe-an", "nghe-an", "Nghệ An", 6330, "2025-01-01", "2025-12-31"),
    ])
    fig = trend_figure(frame, title="Lượt", unit_label="lượt", x_range=(date(2020, 1, 1), date(2025, 12, 31)),
                       source="Nguồn: x")
    line = next(t for t in fig.data if t.mode == "lines+markers")
    assert list(line.y) == [6353, 6330, None, 1970]  # the years joined, the half-year a point apart
    assert not line.connectgaps


def test_a_units_boundary_mark_only_when_that_unit_is_drawn(frame) -> None:
    span = (date(2015, 1, 1), date(2025, 12, 31))
    without = frame[frame["lineage"] != "huong-tra"]
    fig = trend_figure(without, title="x", unit_label="lượt", x_range=span, source="Nguồn: x")
    labels = [a.text for a in fig.layout.annotations]
    assert not any("Hương Trà" in text for text in labels)
    assert any(text.startswith("1/7/2025") for text in labels) and len(fig.layout.shapes) == 1


def test_trend_hides_events_outside_range(frame) -> None:
    fig = trend_figure(frame, title="x", unit_label="lượt", x_range=(date(2015, 1, 1), date(2020, 12, 31)),
                       source="Nguồn: x")
    assert len(fig.layout.shapes) == 0


def test_compare_sorts_and_formats(frame) -> None:
    data = frame.iloc[[0, 2]]
    fig = compare_figure(data, title="So sánh", unit_label="lượt", source=source_line(data),
                         higher_is_better=True)
    common_checks(fig, "So sánh", "lượt (cao hơn là tốt hơn)")
    bar = fig.data[0]
    assert list(bar.x) == [66, 4101]  # plotted bottom to top: largest on top
    assert list(bar.text) == ["66 lượt", "hơn 4.101 lượt"]
    assert bar.y[1] == "Trà Vinh (năm 2017)"


def test_dvk_groups_by_subject(frame) -> None:
    data = frame.iloc[[0, 2]].copy()
    data["dvk_subject"] = ["tap_the", "ca_nhan"]
    fig = dvk_figure(data, title="Khen thưởng", unit_label="tập thể", source=source_line(data))
    assert {t.name for t in fig.data} == {"Tập thể", "Cá nhân"}
    assert fig.layout.barmode == "group"


def test_dvk_never_stacks_two_indicators_on_one_bar(frame) -> None:
    data = frame.iloc[[2, 2]].copy()
    data["indicator_name"] = ["Điểm sáng QCDC", "Điểm sáng dân vận chính quyền"]
    fig = dvk_figure(data, title="Điểm sáng", unit_label="điểm sáng", source="Nguồn: x")
    assert len(set(fig.data[0].x)) == 2
    # the label names the indicator; the hover does not repeat it per bar
    assert "Điểm sáng QCDC" not in str(fig.data[0].customdata)
    assert fig.data[0].hovertemplate.startswith("<b>%{x}</b><br>Số lượng: %{text} điểm sáng")



def test_dvk_hover_is_built_from_fields_not_repeated_strings(frame) -> None:
    data = pd.concat([frame.iloc[[0, 2]]] * 30, ignore_index=True)
    data["dvk_subject"] = "tap_the"
    data["indicator_name"] = "Mô hình Dân vận khéo"  # one indicator: written once, in the template
    data["scope_vi"] = ["toàn tỉnh", "toàn huyện"] * 30  # two scopes: per bar, through customdata
    bar = dvk_figure(data, title="Mô hình", unit_label="mô hình", source="Nguồn: x").data[0]
    assert bar.hovertext is None
    assert "Mô hình Dân vận khéo: %{text} mô hình" in bar.hovertemplate
    assert "Phạm vi: %{customdata[0]}" in bar.hovertemplate
    assert [list(c) for c in bar.customdata[:2]] == [["toàn tỉnh"], ["toàn huyện"]]
    assert "Mô hình Dân vận khéo" not in str(bar.customdata)


def _dvk_years(places: int, years: range) -> pd.DataFrame:
    rows = [obs(f"p{i}", f"p{i}", f"Huyện {i:02d}", i + y, f"{y}-01-01", f"{y}-12-31", subject="tap_the")
            for i in range(places) for y in years]
    return pd.DataFrame(rows)


def test_latest_periods_keep_whole_recent_periods_up_to_the_limit() -> None:
    data = _dvk_years(12, range(2006, 2025))  # 228 rows, 12 a year
    kept = latest_periods(data, 80)
    assert len(kept) == 72 and set(kept["period_end"].dt.year) == set(range(2019, 2025))
    assert len(latest_periods(data.head(30), 80)) == 30  # few: everything
    assert len(latest_periods(_dvk_years(100, range(2024, 2025)), 80)) == 100  # the latest period, whole


def test_dvk_chart_draws_only_the_latest_periods_and_says_so() -> None:
    data = _dvk_years(12, range(2006, 2025))
    fig = dvk_figure(data, title="Mô hình", unit_label="mô hình", source="Nguồn: x", limit=DVK_BARS)
    assert sum(len(t.x) for t in fig.data) <= DVK_BARS
    assert all("2018" not in x for t in fig.data for x in t.x)
    notes = " ".join(a.text for a in fig.layout.annotations)
    assert "Vẽ 72 trong 228 số liệu: các kỳ từ 01/01/2019" in notes
    small = dvk_figure(data.head(20), title="Mô hình", unit_label="mô hình", source="Nguồn: x")
    assert sum(len(t.x) for t in small.data) == 20
    assert "Vẽ " not in " ".join(a.text for a in small.layout.annotations)


def test_hover_fields_inlines_constant_columns() -> None:
    rows = pd.DataFrame({"a": ["x", "x"], "b": ["1", "2"], "c": [None, None]})
    custom, pieces = hover_fields(rows, ["a", "b", "c"])
    assert pieces == ["x", "%{customdata[0]}", ""]
    assert custom == [["1"], ["2"]]
    assert hover_fields(rows, ["a"]) == (None, ["x"])


def test_registry_chart_draws_only_the_places_with_most_models() -> None:
    names = [f"Huyện {i:03d}" for i in range(120)]
    counts = pd.DataFrame({"locality_name": names, "field_name": "Kinh tế", "n": range(1, 121)})
    fig = registry_figure(counts, title="Sổ đăng ký", source="Nguồn: sổ đăng ký")
    drawn = {x for trace in fig.data for x in trace.x}
    assert drawn == set(names[-REGISTRY_BARS:])  # the 40 with the most models
    assert list(fig.layout.xaxis.categoryarray) == sorted(drawn)
    notes = " ".join(a.text for a in fig.layout.annotations)
    assert f"{REGISTRY_BARS} địa phương có nhiều mô hình nhất trong 120 địa phương" in notes
    few = registry_figure(counts.head(5), title="Sổ đăng ký", source="Nguồn: sổ đăng ký")
    assert {x for trace in few.data for x in trace.x} == set(names[:5])
    assert "nhiều mô hình nhất" not in " ".join(a.text for a in few.layout.annotations)


def test_few_short_places_stay_flat() -> None:
    assert category_axis(["Gia Lai", "Huế", "Trà Vinh"]) == {"tickangle": 0, "axis_space": 60, "left": 80}


def test_many_long_places_slant_left_with_room_below_and_left() -> None:
    names = ["Bà Rịa - Vũng Tàu", "Gia Lai (mới)", "Hà Nội", "Huế", "Khánh Hòa (mới)", "Quảng Ngãi (mới)",
             "Thái Nguyên (mới)", "Tuyên Quang (mới)", "Vĩnh Long (mới)"]
    axis = category_axis(names)
    # slanted counter-clockwise: each label ends at its tick, none hangs past the right edge
    assert axis["tickangle"] == SLANT < 0
    # the longest name (17 characters) slanted, then the axis title, above the source line
    assert axis["axis_space"] >= 8 * 17 * 0.57 + 30
    assert axis["left"] > 80  # the first name reaches left of its tick


def test_registry_chart_slants_many_places_and_names_its_axis() -> None:
    names = ["Bà Rịa - Vũng Tàu", "Gia Lai (mới)", "Hà Nội", "Khánh Hòa (mới)", "Quảng Ngãi (mới)",
             "Thái Nguyên (mới)", "Tuyên Quang (mới)", "Vĩnh Long (mới)"]
    counts = pd.DataFrame({"locality_name": names, "field_name": ["Kinh tế"] * len(names), "n": [1] * len(names)})
    fig = registry_figure(counts, title="Sổ đăng ký", source="Nguồn: sổ đăng ký")
    assert fig.layout.xaxis.tickangle == SLANT
    assert fig.layout.xaxis.title.text == "Địa phương"
    axis = category_axis(names)
    assert fig.layout.margin.l == axis["left"] and fig.layout.margin.b > axis["axis_space"]
    few = registry_figure(counts.head(2), title="Sổ đăng ký", source="Nguồn: sổ đăng ký")
    assert few.layout.xaxis.tickangle == 0  # set, so plotly never slants them to the right itself
    assert few.layout.height < fig.layout.height
    assert fig.layout.yaxis.dtick == 1  # whole models, never «0,2 mô hình»
    many = registry_figure(counts.assign(n=40), title="Sổ đăng ký", source="Nguồn: sổ đăng ký")
    assert many.layout.yaxis.dtick is None

def test_coverage_heatmap_sorted_vietnamese() -> None:
    counts = pd.DataFrame([
        {"locality_name": "Trà Vinh", "theme_name": "Đơn thư", "n": 3},
        {"locality_name": "Hương Trà", "theme_name": "An sinh xã hội", "n": 1200},
        {"locality_name": "Gia Lai", "theme_name": "Dân số", "n": 2},
    ])
    fig = coverage_figure(counts, title="Độ phủ", source="Nguồn: x")
    heat = fig.data[0]
    assert list(heat.y) == ["Gia Lai", "Hương Trà", "Trà Vinh"]
    assert list(heat.x) == ["An sinh xã hội", "Dân số", "Đơn thư"]
    assert "1.200" in [c for row in heat.text for c in row]


def test_template_is_plotly_white_for_what_is_drawn_and_small() -> None:
    """The registered template keeps plotly_white's colours, axes and the defaults of every
    trace type the charts draw, and leaves out the rest (each figure carries a copy)."""
    import json

    import plotly.io as pio

    ours, white = pio.templates[TEMPLATE], pio.templates["plotly_white"]
    assert ours.layout.colorway == white.layout.colorway
    assert ours.layout.plot_bgcolor == white.layout.plot_bgcolor == "white"
    assert ours.layout.xaxis.gridcolor == white.layout.xaxis.gridcolor
    assert ours.layout.geo.bgcolor == white.layout.geo.bgcolor
    assert ours.data.bar[0].marker.line.color == white.data.bar[0].marker.line.color
    assert ours.data.choropleth[0].colorbar.outlinewidth == 0
    for trace_type in ("bar", "scatter", "heatmap", "choropleth", "scattergeo"):
        assert ours.data[trace_type] == white.data[trace_type], trace_type
    assert not ours.data.pie and not ours.layout.polar.bgcolor
    size = len(json.dumps(ours.to_plotly_json()))
    assert size < len(json.dumps(white.to_plotly_json())) / 2, size
