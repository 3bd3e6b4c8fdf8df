"""Pure chart builders: DataFrame in, plotly Figure out. No Streamlit here.

Every figure has a Vietnamese title, axis titles with units, Vietnamese number
separators, an explicit template (so exported images keep their colours) and the
source line drawn under the plot.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from danvan.formatting import (
    format_date,
    format_number,
    format_period,
    format_value,
    plotly_separators,
    vn_sort_key,
)
from danvan.reading.comparability import period_class
from danvan.vocabulary import DVK_SUBJECT_LEGEND, QUALIFIER_WORDS

TEMPLATE = "danvan_white"
# Layout sections of plotly_white these charts never use (polar, ternary, 3-D, mapbox) and
# trace types they never draw are left out: every figure carries a copy of its template, and
# copying plotly_white whole costs ~15 ms and 7 KB per figure, this one ~6 ms and 2,7 KB.
_UNUSED_LAYOUT = ("polar", "ternary", "scene", "mapbox")
_TRACE_TYPES = ("bar", "scatter", "heatmap", "choropleth", "scattergeo")
FONT = "DejaVu Sans, Arial, sans-serif"
LINEAGE_COLOURS = {
    "huong-tra": "#1f77b4",
    "hoan-kiem": "#d62728",
    "gia-lai": "#2ca02c",
    "tra-vinh": "#ff7f0e",
    "nghe-an": "#9467bd",
}
FALLBACK_COLOURS = ["#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"]
QUALIFIER_PREFIX = {code: f"{word} " if word else "" for code, word in QUALIFIER_WORDS.items()}

# Boundary changes drawn on a time axis they fall within: a unit's own change only when that
# unit (lineage) is on the chart, a nationwide one (None) always.
BOUNDARY_EVENTS: tuple[tuple[date, str, str | None], ...] = (
    (date(2021, 7, 1), "1/7/2021: Hương Trà chuyển 6 xã, phường về TP Huế", "huong-tra"),
    (date(2025, 7, 1), "1/7/2025: sắp xếp 34 tỉnh, bỏ cấp huyện", None),
)


def _register_template() -> None:
    """plotly_white's colours and axes, restricted to what these charts draw, registered
    under :data:`TEMPLATE` (explicit, so exported images never inherit Streamlit's default)."""
    white = pio.templates["plotly_white"].to_plotly_json()
    layout = {k: v for k, v in white["layout"].items() if k not in _UNUSED_LAYOUT}
    data = {k: v for k, v in white["data"].items() if k in _TRACE_TYPES}
    pio.templates[TEMPLATE] = go.layout.Template(layout=layout, data=data)


_register_template()


def colour_for(lineage: str, order: Sequence[str] = ()) -> str:
    if lineage in LINEAGE_COLOURS:
        return LINEAGE_COLOURS[lineage]
    index = list(order).index(lineage) if lineage in order else abs(hash(lineage))
    return FALLBACK_COLOURS[index % len(FALLBACK_COLOURS)]


def source_line(frame: pd.DataFrame, limit: int = 3) -> str:
    """"Nguồn: …" naming each distinct source (issuer, title, date), at most ``limit``."""
    if frame.empty:
        return ""
    cols = ["source_issuer", "source_title", "published_date"]
    distinct = frame.drop_duplicates("source_id")[cols]
    parts = []
    for issuer, title, published in distinct.itertuples(index=False):
        text = f"{issuer}, {title}" if issuer else str(title)
        when = format_date(published)
        parts.append(f"{text} ({when})" if when else text)
    more = len(parts) - limit
    line = "; ".join(parts[:limit])
    if more > 0:
        line += f"; và {more} nguồn khác"
    return "Nguồn: " + line


def value_text(value: float, qualifier: str, unit_label: str, decimals: int | None = None) -> str:
    return QUALIFIER_PREFIX.get(qualifier or "exact", "") + format_value(value, unit_label, decimals)


def _wrap(text: str, width: int = 150) -> str:
    words, lines, current = text.split(), [], ""
    for word in words:
        if current and len(current) + len(word) + 1 > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    return "<br>".join(lines)


def finish(fig: go.Figure, *, title: str, x_title: str, y_title: str, source: str,
           height: int = 360, axis_space: int = 60, left: int = 80) -> go.Figure:
    """Common layout: title, legend under it, axis titles, separators, template, and the
    source line under the plot (``axis_space`` px below the plot area, for tick labels),
    starting at the figure's left edge (``left`` is the fixed left margin in px)."""
    wrapped = _wrap(source, 120) if source else ""
    source_lines = wrapped.count("<br>") + 1 if source else 0
    bottom = axis_space + 20 + 16 * source_lines
    fig.update_layout(
        template=TEMPLATE,
        separators=plotly_separators(),
        font={"family": FONT, "size": 14},
        # from the top edge in pixels: a title wrapped onto two lines is not clipped at the top
        title={"text": _wrap(title, 90), "x": 0.01, "xanchor": "left", "yref": "container", "y": 1,
               "yanchor": "top", "pad": {"t": 16}},
        height=height + bottom,
        margin={"l": left, "r": 30, "t": 80 + 22 * _wrap(title, 90).count("<br>"), "b": bottom,
                "autoexpand": False},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.01, "x": 0, "xanchor": "left"},
        hoverlabel={"font": {"family": FONT}},
    )
    fig.update_xaxes(title_text=x_title, exponentformat="none", separatethousands=True, automargin=False)
    fig.update_yaxes(title_text=y_title, exponentformat="none", separatethousands=True, automargin=False)
    if source:
        fig.add_annotation(
            text=wrapped, xref="paper", yref="paper", x=0, y=0, yshift=-axis_space, xshift=-(left - 12),
            showarrow=False, xanchor="left", yanchor="top", align="left",
            font={"size": 11, "color": "#444"},
        )
    return fig


def _x_position(start: pd.Timestamp, end: pd.Timestamp) -> pd.Timestamp:
    if pd.isna(start):
        return end
    if pd.isna(end):
        return start
    return start + (end - start) / 2


def _marker(start: pd.Timestamp, end: pd.Timestamp) -> str:
    if pd.isna(start) or pd.isna(end) or start == end:
        return "diamond" if pd.isna(start) or start == end else "triangle-right"
    whole = (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
    return "circle" if whole and start.year == end.year else "square"


# Series drawn apart from a unit's own figures (danvan.reading.tables.predecessor_series): line dash and
# whether markers are hollow.
SERIES_STYLES = {"tien_than": ("dash", True), "cong_tien_than": ("dot", False)}


def trend_figure(
    frame: pd.DataFrame,
    *,
    title: str,
    unit_label: str,
    x_range: tuple[date, date],
    source: str,
    events: Sequence[tuple[date, str, str | None]] = BOUNDARY_EVENTS,
) -> go.Figure:
    """One line per locality vintage over time.

    Whole-year figures are circles at mid-year; figures for other periods are squares at
    the middle of a shaded bar spanning the period; figures at a date are diamonds;
    open-ended periods (start only) are triangles. Lines never join two boundary vintages,
    nor two periods of different length (a half-year next to whole years is a point apart).
    Rows with a ``series`` column (the predecessors of a new unit, their sum) are drawn in the
    styles of SERIES_STYLES: dashed with hollow markers, dotted.
    """
    fig = go.Figure()
    data = _placed(frame)
    order = sorted(data["lineage"].unique(), key=vn_sort_key)
    shown_lineages: set[str] = set()
    vintages = data.sort_values(["locality_name", "valid_from"]).groupby("locality_id", sort=False)
    for _, rows in vintages:
        _add_vintage(fig, rows.sort_values("x"), order, unit_label, shown_lineages)
    low, high = pd.Timestamp(x_range[0]), pd.Timestamp(x_range[1])
    _add_events(fig, events, low, high, set(data["lineage"]))
    fig.update_xaxes(range=[low, high], tickformat="%Y", dtick="M12")
    fig.update_yaxes(rangemode="tozero", tickformat=",~f")
    return finish(fig, title=title, x_title="Thời gian (năm)", y_title=unit_label, source=source)


def _placed(frame: pd.DataFrame) -> pd.DataFrame:
    """The dated figures, each with its place on the time axis (x) and its marker (symbol)."""
    data = frame.dropna(subset=["period_start", "period_end"], how="all").copy()
    data["x"] = [_x_position(s, e) for s, e in zip(data["period_start"], data["period_end"], strict=True)]
    data["symbol"] = [_marker(s, e) for s, e in zip(data["period_start"], data["period_end"], strict=True)]
    return data


def _add_vintage(fig: go.Figure, rows: pd.DataFrame, order: list[str], unit_label: str,
                 shown_lineages: set[str]) -> None:
    """The spans and the line of one locality vintage (``rows`` in time order); its legend
    entry only if its group has none yet (``shown_lineages`` records the groups shown)."""
    lineage = rows["lineage"].iloc[0]
    colour = colour_for(lineage, order)
    name = rows["locality_name"].iloc[0]
    series = rows["series"].iloc[0] if "series" in rows.columns else None
    dash, open_marker = SERIES_STYLES.get(series if isinstance(series, str) else "", ("solid", False))
    group = f"{lineage}|{series}" if isinstance(series, str) and series else lineage
    spans = _span_trace(rows, colour, group)
    if spans is not None:
        fig.add_trace(spans)
    hover = [
        f"<b>{name}</b><br>{value_text(r.value, r.qualifier, unit_label)}"
        f"<br>Kỳ: {format_period(r.period_start, r.period_end)}"
        f"<br>Phạm vi: {r.scope_vi}<br>Nguồn: {r.source_title}"
        for r in rows.itertuples()
    ]
    symbols = [f"{m}-open" for m in rows["symbol"]] if open_marker else rows["symbol"].tolist()
    xs, ys, symbols, hover = _joined_by_length(rows, symbols, hover)
    fig.add_trace(go.Scatter(
        x=xs, y=ys, mode="lines+markers", name=name, connectgaps=False,
        legendgroup=group, showlegend=group not in shown_lineages,
        line={"color": colour, "width": 2, "dash": dash},
        marker={"symbol": symbols, "size": 11, "color": colour,
                "line": {"width": 2 if open_marker else 1, "color": colour if open_marker else "white"}},
        hovertext=hover, hoverinfo="text",
    ))
    shown_lineages.add(group)


def _span_trace(rows: pd.DataFrame, colour: str, group: str) -> go.Scatter | None:
    """A translucent bar from start to end for every period longer than a day, all of one
    vintage in a single trace (segments separated by gaps), not one trace per figure; None
    when no figure spans a period."""
    span_x: list = []
    span_y: list = []
    for row in rows.itertuples():
        if pd.notna(row.period_start) and pd.notna(row.period_end) and row.period_start != row.period_end:
            span_x += [row.period_start, row.period_end, None]
            span_y += [row.value, row.value, None]
    if not span_x:
        return None
    return go.Scatter(
        x=span_x, y=span_y, mode="lines", line={"color": colour, "width": 8}, opacity=0.25,
        hoverinfo="skip", showlegend=False, legendgroup=group, connectgaps=False,
    )


def _add_events(fig: go.Figure, events: Sequence[tuple[date, str, str | None]], low: pd.Timestamp,
                high: pd.Timestamp, drawn: set[str]) -> None:
    """A dashed vertical line and label for each boundary event inside the x range that
    concerns every locality (lineage None) or one drawn on the chart."""
    for when, label, lineage in events:
        stamp = pd.Timestamp(when)
        if low <= stamp <= high and (lineage is None or lineage in drawn):
            fig.add_shape(type="line", x0=stamp, x1=stamp, y0=0, y1=1, xref="x", yref="paper",
                          line={"color": "#555", "dash": "dash", "width": 1})
            fig.add_annotation(x=stamp, y=1, xref="x", yref="paper", text=label, showarrow=False,
                               textangle=-90, xanchor="right", yanchor="top",
                               font={"size": 11, "color": "#555"})


def _joined_by_length(rows: pd.DataFrame, symbols: list[str], hover: list[str]) -> tuple[list, list, list, list]:
    """The points of one line, one run per period length (whole years, half-years, …) in time
    order, with a gap (None) between runs: a line joins only figures of the same length."""
    shapes = [period_class(s, e) for s, e in zip(rows["period_start"], rows["period_end"], strict=True)]
    runs: dict[str, list[int]] = {}
    for index, shape in enumerate(shapes):
        runs.setdefault(shape, []).append(index)
    xs: list = []
    ys: list = []
    marks: list = []
    texts: list = []
    for number, run in enumerate(runs.values()):
        if number:
            xs.append(None)
            ys.append(None)
            marks.append(symbols[run[0]])
            texts.append("")
        for index in run:
            xs.append(rows["x"].iloc[index])
            ys.append(rows["value"].iloc[index])
            marks.append(symbols[index])
            texts.append(hover[index])
    return xs, ys, marks, texts


def bar_label(row: pd.Series) -> str:
    return f"{row['locality_name']} ({format_period(row['period_start'], row['period_end'])})"


def compare_figure(
    frame: pd.DataFrame,
    *,
    title: str,
    unit_label: str,
    source: str,
    value_col: str = "value",
    higher_is_better: bool | None = None,
    colour: str | None = None,
) -> go.Figure:
    """Horizontal bars, one per figure, largest on top; label = locality (period). ``colour``:
    one colour for every bar (many units of one kind, e.g. the communes of a province)
    instead of one per locality."""
    data = frame.dropna(subset=[value_col]).copy()
    data = data.sort_values(value_col, ascending=True)
    labels = [bar_label(r) for _, r in data.iterrows()]
    order = sorted(data["lineage"].unique(), key=vn_sort_key)
    colours = [colour or colour_for(lin, order) for lin in data["lineage"]]
    decimals = 1 if value_col == "per_10k" else None
    texts = [value_text(v, q if value_col == "value" else "exact", unit_label, decimals)
             for v, q in zip(data[value_col], data["qualifier"], strict=True)]
    hover = [
        f"<b>{lab}</b><br>{txt}<br>Phạm vi: {scope}<br>Nguồn: {src}"
        for lab, txt, scope, src in zip(labels, texts, data["scope_vi"], data["source_title"], strict=True)
    ]
    fig = go.Figure(go.Bar(
        x=data[value_col], y=labels, orientation="h", marker={"color": colours},
        text=texts, textposition="auto", hovertext=hover, hoverinfo="text",
    ))
    note = ""
    if higher_is_better is True:
        note = " (cao hơn là tốt hơn)"
    elif higher_is_better is False:
        note = " (thấp hơn là tốt hơn)"
    fig.update_xaxes(rangemode="tozero", tickformat=",~f")
    height = max(240, 90 + 44 * len(data))
    left = min(460, 20 + 8 * max((len(label) for label in labels), default=10))
    return finish(fig, title=title, x_title=unit_label + note, y_title="", source=source,
                  height=height, left=left)


SUBJECT_COLOURS = {"tap_the": "#1f77b4", "ca_nhan": "#ff7f0e", "": "#7f7f7f"}


def hover_fields(rows: pd.DataFrame, columns: list[str]) -> tuple[list[list[str]] | None, list[str]]:
    """Hover fields of one trace for a hovertemplate: a column with one value on every point is
    written once into the template, the others go to customdata (``%{customdata[i]}``), so the
    figure never repeats the same string per point. Returns (customdata or None, one template
    piece per column)."""
    pieces: list[str] = []
    varying: list[str] = []
    for column in columns:
        values = rows[column].fillna("").astype(str)
        if values.nunique() <= 1:
            pieces.append((values.iloc[0] if len(values) else "").replace("%{", "% {"))
        else:
            pieces.append(f"%{{customdata[{len(varying)}]}}")
            varying.append(column)
    custom = rows[varying].fillna("").astype(str).to_numpy().tolist() if varying else None
    return custom, pieces


DVK_BARS = 80  # bars on one Dân vận khéo chart: the latest periods that fit


def latest_periods(frame: pd.DataFrame, limit: int = DVK_BARS) -> pd.DataFrame:
    """The rows of the most recent periods (by period end, else start) that together hold at
    most ``limit`` rows; the latest period always, however many rows it has. Undated rows go
    only when nothing dated is left out."""
    ends = frame["period_end"].fillna(frame["period_start"])
    if len(frame) <= limit:
        return frame
    sizes = ends.value_counts().sort_index(ascending=False)
    kept, total = [], 0
    for end, size in sizes.items():
        if kept and total + size > limit:
            break
        kept.append(end)
        total += size
    return frame[ends.isin(kept)]


def dvk_figure(frame: pd.DataFrame, *, title: str, unit_label: str, source: str,
               limit: int = DVK_BARS) -> go.Figure:
    """Counts per locality and period, coloured by tập thể / cá nhân. With more than ``limit``
    bars only the latest periods are drawn (the figure carries only what it draws) and the
    source line says from when; every period stays in the page's tables."""
    fig = go.Figure()
    data = latest_periods(frame, limit).copy()
    if len(data) < len(frame):
        first = data["period_start"].fillna(data["period_end"]).min()
        source = (f"Vẽ {format_number(len(data))} trong {format_number(len(frame))} số liệu: các kỳ từ "
                  f"{format_date(first)}; các kỳ trước ở bảng bên dưới. " + source)
    data["label"] = [bar_label(r) for _, r in data.iterrows()]
    several = data["indicator_name"].nunique() > 1
    if several:  # one bar per indicator, never stacked
        data["label"] = data["label"] + "<br>" + data["indicator_name"].map(lambda n: _wrap(n, 40))
    categories = sorted(data["label"].unique(), key=vn_sort_key)
    for subject, rows in data.groupby("dvk_subject", sort=True):
        texts = [value_text(v, q, "") for v, q in zip(rows["value"], rows["qualifier"], strict=True)]
        # hover built in the browser from the bar's own fields: no string repeated per bar
        # with several indicators the bar's label (%{x}) already names its indicator
        named = ["scope_vi"] if several else ["indicator_name", "scope_vi"]
        custom, pieces = hover_fields(rows, named)
        indicator, scope = ("Số lượng", *pieces) if several else pieces
        fig.add_trace(go.Bar(
            x=rows["label"], y=rows["value"], name=DVK_SUBJECT_LEGEND.get(subject, subject),
            marker={"color": SUBJECT_COLOURS.get(subject, "#7f7f7f")}, text=texts,
            textposition="outside", customdata=custom,
            hovertemplate=(f"<b>%{{x}}</b><br>{indicator}: %{{text}} {unit_label}<br>Phạm vi: {scope}<extra></extra>"),
        ))
    fig.update_layout(barmode="group", bargap=0.35)
    fig.update_xaxes(categoryorder="array", categoryarray=categories)
    fig.update_yaxes(rangemode="tozero", tickformat=",~f")
    return finish(fig, title=title, x_title="", y_title=unit_label, source=source, height=420,
                  axis_space=70)


def coverage_figure(counts: pd.DataFrame, *, title: str, source: str) -> go.Figure:
    """Heatmap: number of figures per locality (rows) and theme (columns)."""
    table = counts.pivot_table(index="locality_name", columns="theme_name", values="n",
                               aggfunc="sum", fill_value=0)
    table = table.loc[sorted(table.index, key=vn_sort_key), sorted(table.columns, key=vn_sort_key)]
    text = [[format_number(v) if v else "" for v in row] for row in table.to_numpy()]
    fig = go.Figure(go.Heatmap(
        z=table.to_numpy(), x=list(table.columns), y=list(table.index), text=text,
        texttemplate="%{text}", colorscale="Blues", showscale=False,
        hovertemplate="%{y} – %{x}: %{z} số liệu<extra></extra>",
    ))
    fig.update_xaxes(tickangle=-35)
    fig.update_yaxes(autorange="reversed")
    # rotated theme names reach left of the first column: leave room for them too
    left = max(180, min(300, 20 + 8 * max((len(str(name)) for name in table.index), default=10)))
    return finish(fig, title=title, x_title="", y_title="", source=source, height=360,
                  axis_space=170, left=left)


FIELD_COLOURS = {"Kinh tế": "#2ca02c", "Văn hóa - xã hội": "#1f77b4", "Quốc phòng - an ninh": "#d62728",
                 "Xây dựng hệ thống chính trị": "#9467bd", "Chưa ghi lĩnh vực": "#7f7f7f"}


# Category labels on a bar chart: about CHAR_PX wide a character at font size 14; beyond
# FLAT_WIDTH px of labels (a chart beside the sidebar at 1280 px is ~700 px wide) they slant.
CHAR_PX = 8
FLAT_WIDTH = 600
SLANT = -35  # counter-clockwise: a label ends at its tick, so the last one never passes the right edge
_SIN, _COS = 0.574, 0.819  # of 35°


def category_axis(labels: Sequence[str]) -> dict[str, int]:
    """Tick angle, room under the plot (``axis_space``) and left margin for category labels.
    Flat when they fit side by side; otherwise slanted at SLANT: left of their tick, never to
    the right (plotly's own automatic slant hangs them to the right, past the right margin),
    with the room under the plot and the left margin grown to the longest and the first label."""
    lengths = [len(str(label)) for label in labels] or [0]
    if sum(CHAR_PX * n + 16 for n in lengths) <= FLAT_WIDTH:
        return {"tickangle": 0, "axis_space": 60, "left": 80}
    longest = CHAR_PX * max(lengths)
    return {"tickangle": SLANT, "axis_space": 40 + round(longest * _SIN),
            "left": max(80, min(300, 20 + round(CHAR_PX * lengths[0] * _COS)))}


REGISTRY_BARS = 40  # localities drawn on the registry chart (those with the most models)


def top_localities(counts: pd.DataFrame, limit: int = REGISTRY_BARS) -> pd.DataFrame:
    """The rows of the ``limit`` localities with the most models (ties in Vietnamese order)."""
    totals = counts.groupby("locality_name")["n"].sum()
    if len(totals) <= limit:
        return counts
    ranked = sorted(totals.index, key=lambda name: (-totals[name], vn_sort_key(name)))[:limit]
    return counts[counts["locality_name"].isin(ranked)]


def registry_figure(counts: pd.DataFrame, *, title: str, source: str, height: int = 340,
                    limit: int = REGISTRY_BARS) -> go.Figure:
    """Registered models per locality, stacked by field (``counts``: locality_name,
    field_name, n). With more than ``limit`` localities only those with the most models are
    drawn (the figure carries only what it draws) and the source line says so."""
    n_localities = counts["locality_name"].nunique()
    counts = top_localities(counts, limit)
    if n_localities > limit:
        source = (f"{limit} địa phương có nhiều mô hình nhất trong {format_number(n_localities)} địa phương; "
                  "danh sách đầy đủ ở bảng dưới biểu đồ. " + source)
    fig = go.Figure()
    order = sorted(counts["locality_name"].unique(), key=vn_sort_key)
    for field_name, rows in counts.groupby("field_name", sort=False):
        fig.add_trace(go.Bar(x=rows["locality_name"], y=rows["n"], name=field_name,
                             marker={"color": FIELD_COLOURS.get(field_name, "#8c564b")},
                             text=[format_number(v) for v in rows["n"]], textposition="inside",
                             hovertemplate="%{x} – " + field_name + ": %{y} mô hình<extra></extra>"))
    fig.update_layout(barmode="stack")
    axis = category_axis(order)
    fig.update_xaxes(categoryorder="array", categoryarray=order, tickangle=axis["tickangle"])
    tallest = counts.groupby("locality_name")["n"].sum().max() if not counts.empty else 0
    # whole models: on a short axis plotly would tick 0,2 mô hình
    fig.update_yaxes(rangemode="tozero", tickformat=",~f", dtick=1 if tallest <= 8 else None)
    return finish(fig, title=title, x_title="Địa phương", y_title="mô hình", source=source, height=height,
                  axis_space=axis["axis_space"], left=axis["left"])
