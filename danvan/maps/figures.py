"""Pure map builders (plotly geo): provinces as polygons, districts as labelled points.

Plotly geo fetches its world topojson even with the base map hidden; the app serves a
local copy (static/world_110m.json) and passes ``TOPOJSON_CONFIG`` to the chart, so the
browser never leaves the app's own host. Polygons must have clockwise outer rings.
"""

from __future__ import annotations

import math
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
    height: int = 430,
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
        fig.add_trace(_no_data_trace(geojson, empty))
    if not values.empty:
        fig.add_trace(_value_trace(geojson, values, unit_label))
    if overlay is not None and not overlay[1].empty:
        fig.add_trace(_overlay_trace(*overlay))
    if points is not None and not points.empty:
        fig.add_trace(_district_trace(points))
    if labels is not None and not labels.empty:
        fig.add_trace(_label_trace(labels))
    _frame_map(fig, view, title, source, source_width, height, top=70)
    return fig


def _no_data_trace(geojson: dict[str, Any], empty: pd.DataFrame) -> go.Choropleth:
    """The provinces without a value, in grey, saying «không có số liệu»."""
    return go.Choropleth(
        geojson=_features(geojson, empty["gso_code"]), featureidkey="properties.gso_code",
        locations=empty["gso_code"],
        z=[0] * len(empty), colorscale=[[0, NO_DATA_COLOUR], [1, NO_DATA_COLOUR]], showscale=False,
        marker={"line": {"color": "white", "width": 0.6}}, name=NO_DATA,
        hovertext=[f"<b>{n}</b><br>{NO_DATA}" for n in empty["name_vi"]], hoverinfo="text",
    )


def _value_trace(geojson: dict[str, Any], values: pd.DataFrame, unit_label: str) -> go.Choropleth:
    """The provinces with a value, coloured from 0 (or the lowest value, if negative)."""
    low = min(0, values["value"].min())
    return go.Choropleth(
        geojson=_features(geojson, values["gso_code"]), featureidkey="properties.gso_code",
        locations=values["gso_code"],
        z=values["value"], zmin=low, zmax=max(values["value"].max(), low + 1), colorscale=COLOURSCALE,
        marker={"line": {"color": "#333", "width": 0.8}},
        colorbar={"title": {"text": unit_label}, "tickformat": ",~f", "thickness": 14, "len": 0.6},
        hovertext=values["hover"], hoverinfo="text", name=unit_label,
    )


def _overlay_trace(shapes: dict[str, Any], rows: pd.DataFrame) -> go.Choropleth:
    """Uploaded district or commune polygons on top, filled where they have a value."""
    known_rows = rows["value"].notna()
    return go.Choropleth(
        geojson=shapes, locations=rows["id"], z=[1 if k else 0 for k in known_rows],
        colorscale=[[0, "white"], [1, "#f4a582"]], zmin=0, zmax=1, showscale=False,
        marker={"line": {"color": "#d62728", "width": 1.5}}, hovertext=rows["hover"], hoverinfo="text",
        name="Ranh giới tải lên",
    )


def _district_trace(points: pd.DataFrame) -> go.Scattergeo:
    """Districts as markers sized by value (hollow without one), each named with its value."""
    known = points["value"].notna()
    biggest = points.loc[known, "value"].max() if known.any() else 1
    sizes = [8 + 16 * (v / biggest) ** 0.5 if pd.notna(v) and biggest else 9 for v in points["value"]]
    return go.Scattergeo(
        lon=points["lon"], lat=points["lat"], mode="markers+text", name="Quận, huyện, thị xã",
        text=[f"{n}: {format_number(v)}" if pd.notna(v) else f"{n}: {NO_DATA}"
              for n, v in zip(points["name"], points["value"], strict=True)],
        textposition="top center", textfont={"size": 12, "color": "#222"},
        marker={"size": sizes, "color": ["#d62728" if k else "white" for k in known],
                "line": {"color": "#d62728", "width": 2}, "opacity": 0.85},
        hovertext=points["hover"], hoverinfo="text",
    )


def _label_trace(labels: pd.DataFrame) -> go.Scattergeo:
    """Text labels such as the archipelagos."""
    return go.Scattergeo(
        lon=labels["lon"], lat=labels["lat"], mode="text", text=labels["name_vi"],
        textfont={"size": 11, "color": "#555"}, hoverinfo="skip", showlegend=False,
    )


def _frame_map(fig: go.Figure, view: tuple[tuple[float, float], tuple[float, float]], title: str, source: str,
               source_width: int, height: int, *, top: int, legend: dict[str, Any] | None = None) -> None:
    """The view, title, layout and the source line under the map, shared by the maps."""
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
        height=height + 16 * lines, margin={"l": 10, "r": 10, "t": top, "b": 30 + 16 * lines},
        showlegend=legend is not None, hoverlabel={"font": {"family": FONT}},
    )
    if legend is not None:
        fig.update_layout(legend=legend)
    fig.add_annotation(text=wrapped, xref="paper", yref="paper", x=0, y=0, yshift=-10, showarrow=False,
                       xanchor="left", yanchor="top", align="left", font={"size": 11, "color": "#444"})


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


NO_DATA_POINT = "#b0b0b0"
PROVINCE_FILL = "#fbfaf3"
NEIGHBOUR_FILL = "#eeeeee"


def _near(provinces: pd.DataFrame, view: tuple[tuple[float, float], tuple[float, float]]) -> pd.DataFrame:
    """Provinces whose bounds meet the view (the neighbours worth drawing for context)."""
    if not {"min_lon", "max_lon", "min_lat", "max_lat"} <= set(provinces.columns):
        return provinces
    (lon0, lon1), (lat0, lat1) = view
    return provinces[(provinces["max_lon"] >= lon0) & (provinces["min_lon"] <= lon1)
                     & (provinces["max_lat"] >= lat0) & (provinces["min_lat"] <= lat1)]


FAR_OFF = 2.0  # degrees: communes farther than this from the mainland outline (Hoàng Sa, Trường Sa)


def fit_view(bounds: tuple[float, float, float, float], aspect: float = 1.45,
             pad: float = 0.05) -> tuple[tuple[float, float], tuple[float, float]]:
    """Longitude and latitude ranges showing ``bounds`` (min_lon, min_lat, max_lon, max_lat) with a
    margin, widened to a plot area ``aspect`` times wider than high (Mercator), so a province
    fills the map instead of a square around it."""
    min_lon, min_lat, max_lon, max_lat = bounds
    d_lon, d_lat = max(max_lon - min_lon, 0.05), max(max_lat - min_lat, 0.05)
    lon0, lon1 = min_lon - pad * d_lon, max_lon + pad * d_lon
    lat0, lat1 = min_lat - pad * d_lat, max_lat + pad * d_lat

    def y(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    def lat_of(value: float) -> float:
        return math.degrees(2 * math.atan(math.exp(value)) - math.pi / 2)

    width, height = math.radians(lon1 - lon0), y(lat1) - y(lat0)
    if width / height < aspect:
        half, centre = math.degrees(aspect * height / 2), (lon0 + lon1) / 2
        lon0, lon1 = centre - half, centre + half
    else:
        half, centre = width / aspect / 2, (y(lat0) + y(lat1)) / 2
        lat0, lat1 = lat_of(centre - half), lat_of(centre + half)
    return ((lon0, lon1), (lat0, lat1))


def _commune_view(provinces: pd.DataFrame, gso_code: str, points: pd.DataFrame
                  ) -> tuple[tuple[tuple[float, float], tuple[float, float]], list[str]]:
    """The view framing a province's mainland outline and its communes, except those far out
    at sea (named, so the map can say they lie outside the view)."""
    own = provinces[provinces["gso_code"] == gso_code]
    if own.empty or "min_lon" not in own.columns:
        box = (points["lon"].min(), points["lat"].min(), points["lon"].max(), points["lat"].max())
        return fit_view(box), []
    row = own.iloc[0]
    near = points[(points["lon"] >= row["min_lon"] - FAR_OFF) & (points["lon"] <= row["max_lon"] + FAR_OFF)
                  & (points["lat"] >= row["min_lat"] - FAR_OFF) & (points["lat"] <= row["max_lat"] + FAR_OFF)]
    far = points[~points.index.isin(near.index)]
    box = (min(row["min_lon"], near["lon"].min()), min(row["min_lat"], near["lat"].min()),
           max(row["max_lon"], near["lon"].max()), max(row["max_lat"], near["lat"].max()))
    if near.empty:
        box = (row["min_lon"], row["min_lat"], row["max_lon"], row["max_lat"])
    return fit_view(box), far["name"].tolist()


def commune_map(
    geojson: dict[str, Any],
    provinces: pd.DataFrame,
    gso_code: str,
    points: pd.DataFrame,
    *,
    title: str,
    unit_label: str,
    source: str,
    view: tuple[tuple[float, float], tuple[float, float]] | None = None,
    decimals: int | None = None,
    height: int = 720,
    source_width: int = 120,
) -> go.Figure:
    """Every commune of one province as a labelled point inside the province's outline.

    ``provinces`` (gso_code, name_vi, optional bounds) gives the outline of ``gso_code`` and, in
    light grey, the neighbours inside ``view``; ``points`` (map_data.COMMUNE_COLUMNS) are the
    communes: those with a value coloured on one scale (``unit_label``), the others grey
    («không có số liệu», never 0). No commune polygons: none may be redistributed. Without
    ``view`` the map frames the province and its communes (fit_view); communes far out at sea
    (Hoàng Sa, Trường Sa) are named as lying outside the view."""
    fig = go.Figure()
    far: list[str] = []
    if view is None:
        view, far = _commune_view(provinces, gso_code, points)
    near = _near(provinces, view)
    others = near[near["gso_code"] != gso_code]
    if not others.empty:
        fig.add_trace(go.Choropleth(
            geojson=_features(geojson, others["gso_code"]), featureidkey="properties.gso_code",
            locations=others["gso_code"], z=[0] * len(others),
            colorscale=[[0, NEIGHBOUR_FILL], [1, NEIGHBOUR_FILL]], showscale=False,
            marker={"line": {"color": "white", "width": 1}}, hovertext=others["name_vi"].tolist(),
            hoverinfo="text", showlegend=False, name="Tỉnh lân cận",
        ))
    own = provinces[provinces["gso_code"] == gso_code]
    fig.add_trace(go.Choropleth(
        geojson=_features(geojson, own["gso_code"]), featureidkey="properties.gso_code",
        locations=own["gso_code"], z=[0] * len(own), colorscale=[[0, PROVINCE_FILL], [1, PROVINCE_FILL]],
        showscale=False, marker={"line": {"color": "#333", "width": 1.6}}, hoverinfo="skip",
        showlegend=False, name=str(own["name_vi"].iloc[0]) if not own.empty else "",
    ))
    many = len(points) > 200
    grey = points[points["status"] != "co_so_lieu"]
    known = points[points["status"] == "co_so_lieu"]
    if not grey.empty:
        fig.add_trace(go.Scattergeo(
            lon=grey["lon"], lat=grey["lat"], mode="markers+text", text=grey["name"],
            name=f"Không có số liệu ({format_number(len(grey))}; không phải 0)",
            textposition="top center", textfont={"size": 8 if many else 9, "color": "#777"},
            marker={"size": 6 if many else 7, "color": NO_DATA_POINT, "line": {"color": "white", "width": 0.5}},
            hovertext=grey["hover"], hoverinfo="text",
        ))
    if not known.empty:
        low = min(0.0, float(known["value"].min()))
        fig.add_trace(go.Scattergeo(
            lon=known["lon"], lat=known["lat"], mode="markers+text",
            text=[f"{n}: {format_number(v, decimals)}"
                  for n, v in zip(known["name"], known["value"], strict=True)],
            name=f"Có số liệu ({format_number(len(known))}), màu theo {unit_label}",
            textposition="top center", textfont={"size": 10 if many else 11, "color": "#111"},
            marker={"size": 12 if many else 14, "color": known["value"], "colorscale": COLOURSCALE,
                    "cmin": low, "cmax": max(float(known["value"].max()), low + 1),
                    "line": {"color": "#333", "width": 1},
                    "colorbar": {"title": {"text": _wrap(unit_label, 18)}, "tickformat": ",~f",
                                 "thickness": 14, "len": 0.6}},
            hovertext=known["hover"], hoverinfo="text",
        ))
    _frame_map(fig, view, title, source, source_width, height, top=100,
               legend={"orientation": "h", "x": 0, "y": 1.0, "xanchor": "left", "yanchor": "bottom"})
    if far:
        fig.add_annotation(text="Ngoài khung nhìn (thu nhỏ bản đồ để xem): " + ", ".join(far), xref="paper",
                           yref="paper", x=1, y=1, showarrow=False, xanchor="right", yanchor="bottom",
                           font={"size": 11, "color": "#444"})
    return fig
