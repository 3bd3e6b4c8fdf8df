"""Projector mode: restyle a chart for a big screen far away (pure plotly, no Streamlit)."""

from __future__ import annotations

import plotly.graph_objects as go

# Okabe–Ito: distinguishable with colour-vision deficiencies and on washed-out projectors.
PALETTE = ("#000000", "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442")
FONT_SIZE = 22
TITLE_SIZE = 30
LINE_WIDTH = 4
MARKER_SIZE = 18


def _group(trace: go.BaseTraceType, index: int) -> str:
    return str(getattr(trace, "legendgroup", None) or getattr(trace, "name", None) or index)


def projector_style(fig: go.Figure) -> go.Figure:
    """A restyled copy of ``fig``: larger fonts, thicker lines, bigger markers, high-contrast
    palette (one colour per legend group, so a line and its period bands stay alike),
    black text on white. The original figure is not changed."""
    out = go.Figure(fig)
    out.update_layout(
        font={"size": FONT_SIZE, "color": "#000000"},
        title_font={"size": TITLE_SIZE, "color": "#000000"},
        legend_font={"size": FONT_SIZE},
        hoverlabel_font={"size": FONT_SIZE},
        paper_bgcolor="#FFFFFF", plot_bgcolor="#FFFFFF",
        colorway=list(PALETTE),
    )
    axes = {"tickfont": {"size": FONT_SIZE, "color": "#000000"},
            "title_font": {"size": FONT_SIZE, "color": "#000000"},
            "gridcolor": "#BBBBBB", "linecolor": "#000000", "linewidth": 2}
    out.update_xaxes(**axes)
    out.update_yaxes(**axes)
    colours: dict[str, str] = {}
    for index, trace in enumerate(out.data):
        kind = trace.type
        if kind in ("choropleth", "choroplethmap", "choroplethmapbox", "heatmap"):
            continue  # keep the value scale; only fonts change
        group = _group(trace, index)
        colour = colours.setdefault(group, PALETTE[len(colours) % len(PALETTE)])
        if kind == "scatter" or kind == "scattergeo":
            mode = trace.mode or ""
            if "lines" in mode:
                width = trace.line.width or 2
                trace.line.width = max(LINE_WIDTH, width * 2)  # period bands stay wider than lines
                trace.line.color = colour
            if "markers" in mode or kind == "scattergeo":
                trace.marker.size = MARKER_SIZE
                trace.marker.color = colour
            if "text" in mode:
                trace.textfont.size = FONT_SIZE
        elif kind == "bar":
            trace.marker.color = colour if colour != PALETTE[0] else PALETTE[1]  # no solid black bars
            trace.marker.line = {"color": "#000000", "width": 1.5}
            trace.textfont = {"size": FONT_SIZE}
    for annotation in out.layout.annotations:
        size = annotation.font.size or 11
        annotation.font.size = max(FONT_SIZE - 6, size + 6)
        annotation.font.color = "#000000"
    return out
