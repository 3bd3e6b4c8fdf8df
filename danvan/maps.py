"""Pure map builders (plotly geo): provinces as polygons, districts as labelled points.

Plotly geo fetches its world topojson even with the base map hidden; the app serves a
local copy (static/world_110m.json) and passes ``TOPOJSON_CONFIG`` to the chart, so the
browser never leaves the app's own host. Polygons must have clockwise outer rings.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from danvan.charts import FONT, TEMPLATE, _wrap
from danvan.formatting import format_number, plotly_separators

TOPOJSON_CONFIG = {"topojsonURL": "/app/static/"}
NO_DATA = "không có số liệu"
NO_DATA_COLOUR = "#e6e6e6"
COLOURSCALE = "YlGnBu"


def _features(geojson: dict[str, Any], codes: pd.Series) -> dict[str, Any]:
    """The provinces a trace draws, and no others: each boundary is sent to the browser once."""
    wanted = set(codes)
    return {"type": "FeatureCollection",
            "features": [f for f in geojson["features"] if f["properties"].get("gso_code") in wanted]}


def province_map(
    geojson: dict[str, Any],
    provinces: pd.DataFrame,
    values: pd.DataFrame,
    *,
    title: str,
    unit_label: str,
    source: str,
    view: tuple[tuple[float, float], tuple[float, float]],
    points: pd.DataFrame | None = None,
    labels: pd.DataFrame | None = None,
    overlay: tuple[dict[str, Any], pd.DataFrame] | None = None,
    height: int = 620,
    source_width: int = 120,
) -> go.Figure:
    """Choropleth of ``values`` (gso_code, value, hover) over every province in ``provinces``
    (gso_code, name_vi); provinces without a value are grey and say «không có số liệu».
    ``points`` (lon, lat, name, value, hover) are districts; ``labels`` (lon, lat, name_vi)
    are text labels such as the archipelagos. ``overlay`` = (GeoJSON with feature ids,
    frame of id, value, hover) draws uploaded district or commune polygons on top."""
    fig = go.Figure()
    have = set(values["gso_code"]) if not values.empty else set()
    empty = provinces[~provinces["gso_code"].isin(have)]
    if not empty.empty:
        fig.add_trace(go.Choropleth(
            geojson=_features(geojson, empty["gso_code"]), featureidkey="properties.gso_code",
            locations=empty["gso_code"],
            z=[0] * len(empty), colorscale=[[0, NO_DATA_COLOUR], [1, NO_DATA_COLOUR]], showscale=False,
            marker={"line": {"color": "white", "width": 0.6}}, name=NO_DATA,
            hovertext=[f"<b>{n}</b><br>{NO_DATA}" for n in empty["name_vi"]], hoverinfo="text",
        ))
    if not values.empty:
        low = min(0, values["value"].min())
        fig.add_trace(go.Choropleth(
            geojson=_features(geojson, values["gso_code"]), featureidkey="properties.gso_code",
            locations=values["gso_code"],
            z=values["value"], zmin=low, zmax=max(values["value"].max(), low + 1), colorscale=COLOURSCALE, marker={"line": {"color": "#333", "width": 0.8}},
            colorbar={"title": {"text": unit_label}, "tickformat": ",~f", "thickness": 14, "len": 0.6},
            hovertext=values["hover"], hoverinfo="text", name=unit_label,
        ))
    if overlay is not None and not overlay[1].empty:
        shapes, rows = overlay
        known_rows = rows["value"].notna()
        fig.add_trace(go.Choropleth(
            geojson=shapes, locations=rows["id"], z=[1 if k else 0 for k in known_rows],
            colorscale=[[0, "white"], [1, "#f4a582"]], zmin=0, zmax=1, showscale=False,
            marker={"line": {"color": "#d62728", "width": 1.5}}, hovertext=rows["hover"], hoverinfo="text",
            name="Ranh giới tải lên",
        ))
    if points is not None and not points.empty:
        known = points["value"].notna()
        biggest = points.loc[known, "value"].max() if known.any() else 1
        sizes = [8 + 16 * (v / biggest) ** 0.5 if pd.notna(v) and biggest else 9 for v in points["value"]]
        fig.add_trace(go.Scattergeo(
            lon=points["lon"], lat=points["lat"], mode="markers+text", name="Quận, huyện, thị xã",
            text=[f"{n}: {format_number(v)}" if pd.notna(v) else f"{n}: {NO_DATA}"
                  for n, v in zip(points["name"], points["value"], strict=True)],
            textposition="top center", textfont={"size": 12, "color": "#222"},
            marker={"size": sizes, "color": ["#d62728" if k else "white" for k in known],
                    "line": {"color": "#d62728", "width": 2}, "opacity": 0.85},
            hovertext=points["hover"], hoverinfo="text",
        ))
    if labels is not None and not labels.empty:
        fig.add_trace(go.Scattergeo(
            lon=labels["lon"], lat=labels["lat"], mode="text", text=labels["name_vi"],
            textfont={"size": 11, "color": "#555"}, hoverinfo="skip", showlegend=False,
        ))
    (lon_range, lat_range) = view
    fig.update_geos(
        visible=False, projection_type="mercator", lonaxis_range=list(lon_range),
        lataxis_range=list(lat_range), bgcolor="white", showframe=False,
    )
    wrapped = _wrap(source, source_width)
    lines = wrapped.count("<br>") + 1
    fig.update_layout(
        template=TEMPLATE, separators=plotly_separators(), font={"family": FONT, "size": 14},
        title={"text": _wrap(title, 80), "x": 0.01, "xanchor": "left"},
        height=height + 16 * lines, margin={"l": 10, "r": 10, "t": 70, "b": 30 + 16 * lines},
        showlegend=False, hoverlabel={"font": {"family": FONT}},
    )
    fig.add_annotation(text=wrapped, xref="paper", yref="paper", x=0, y=0, yshift=-10, showarrow=False,
                       xanchor="left", yanchor="top", align="left", font={"size": 11, "color": "#444"})
    return fig


def locator_map(geojson: dict[str, Any], provinces: pd.DataFrame, highlight: str, *,
                title: str, attribution: str, point: tuple[float, float, str] | None = None,
                view: tuple[tuple[float, float], tuple[float, float]]) -> go.Figure:
    """Small map: every province grey, ``highlight`` (GSO code) coloured, an optional point."""
    values = provinces[provinces["gso_code"] == highlight].assign(value=1.0)
    values["hover"] = values["name_vi"]
    points = None
    if point is not None:
        points = pd.DataFrame([{"lon": point[0], "lat": point[1], "name": point[2], "value": None,
                                "hover": point[2]}])
    fig = province_map(geojson, provinces, values, title=title, unit_label="", source=attribution,
                       view=view, points=points, height=320, source_width=55)
    for trace in fig.data:
        if isinstance(trace, go.Choropleth) and trace.showscale is not False:
            trace.update(showscale=False, colorscale=[[0, "#c8102e"], [1, "#c8102e"]])
        if isinstance(trace, go.Scattergeo):
            trace.update(text=[point[2]] if point else None)
    return fig
