"""Chart and map images through kaleido and Debian's Chromium: size, colours, text."""

from __future__ import annotations

import io
import struct

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from PIL import Image

from danvan.charts import TEMPLATE, finish
from danvan.exporting.images import export_many, export_ready, to_png, to_svg
from danvan.maps import geo
from danvan.maps.figures import province_map
from danvan.settings import ROOT

TITLE = "Tỷ lệ hồ sơ giải quyết đúng hạn – Hương Trà, Nghệ An"
SOURCE = "Nguồn: Trang thông tin điện tử thị xã Hương Trà (31/10/2021)"
OUT = ROOT / "test-output" / "images"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def chart() -> go.Figure:
    fig = go.Figure(go.Bar(x=[89.3, 99.36], y=["Hương Trà (10 tháng đầu năm 2021)", "Nghệ An (năm 2022)"],
                           orientation="h", marker={"color": ["#1f77b4", "#9467bd"]}))
    return finish(fig, title=TITLE, x_title="% (cao hơn là tốt hơn)", y_title="", source=SOURCE, left=300)


def test_export_ready_sets_template_and_fonts():
    pio.templates.default = "plotly_dark"  # what importing Streamlit does to the default, in spirit
    try:
        fig = go.Figure(go.Bar(x=[1], y=[2]))
        ready = export_ready(fig)
    finally:
        pio.templates.default = "plotly"
    assert ready.layout.template == pio.templates[TEMPLATE]
    assert ready.layout.paper_bgcolor == "white"
    assert ready.layout.font.family.startswith("Arial")
    assert fig.layout.paper_bgcolor is None  # the original is left alone


def test_png_has_requested_size_white_background_and_colours():
    data = to_png(chart(), width=800, height=450, scale=2)
    assert png_size(data) == (1600, 900)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "chart.png").write_bytes(data)
    image = Image.open(io.BytesIO(data)).convert("RGB")
    assert image.getpixel((2, 2)) == (255, 255, 255)
    assert image.getpixel((image.width - 3, image.height - 3)) == (255, 255, 255)
    colours = image.getcolors(maxcolors=1_000_000)
    dark = sum(n for n, (r, g, b) in colours if r + g + b < 150)
    assert dark < 0.2 * image.width * image.height  # not mostly black
    assert any(n > 1000 and (r, g, b) == (0x1F, 0x77, 0xB4) for n, (r, g, b) in colours)  # bar colour as on screen


def test_default_png_is_slide_resolution():
    assert png_size(to_png(chart())) == (3200, 1800)


def test_svg_keeps_vietnamese_title_and_source_line():
    svg = to_svg(chart()).decode("utf-8")
    (OUT / "chart.svg").parent.mkdir(parents=True, exist_ok=True)
    (OUT / "chart.svg").write_text(svg, encoding="utf-8")
    assert svg.lstrip().startswith("<svg")
    assert 'width="1600"' in svg and 'height="900"' in svg
    assert "Tỷ lệ hồ sơ giải quyết đúng hạn" in svg
    assert "Nguồn: Trang thông tin điện tử thị xã Hương Trà" in svg


def test_map_png_renders_offline():
    provinces = geo.province_table("63")
    values = pd.DataFrame({"gso_code": ["40", "84", "64"], "value": [299.0, 82.0, 31.0],
                           "hover": ["Nghệ An", "Trà Vinh", "Gia Lai"]})
    fig = province_map(geo.provinces_geojson("63"), provinces, values, title="Xã đạt chuẩn nông thôn mới",
                       unit_label="xã", source="Nguồn: thử nghiệm bản đồ", view=geo.NATIONAL_VIEW,
                       labels=geo.map_labels("63", zoomed=False))
    data = to_png(fig, width=900, height=900, scale=1)
    (OUT / "map.png").write_bytes(data)
    assert png_size(data) == (900, 900)
    image = Image.open(io.BytesIO(data)).convert("RGB")
    assert image.getpixel((2, 2)) == (255, 255, 255)
    non_white = sum(n for n, c in image.getcolors(maxcolors=1_000_000) if c != (255, 255, 255))
    assert non_white > 0.03 * image.width * image.height  # provinces are drawn


def test_export_many_renders_each_figure_in_order():
    figs = [chart(), chart().update_layout(title_text="Biểu đồ thứ hai")]
    svgs = export_many(figs, "svg", width=640, height=360)
    assert len(svgs) == 2
    assert "Tỷ lệ hồ sơ" in svgs[0].decode() and "Biểu đồ thứ hai" in svgs[1].decode()
    with pytest.raises(ValueError):
        export_many(figs, "gif")
