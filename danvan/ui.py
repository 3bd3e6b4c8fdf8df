"""Thin Streamlit glue shared by dashboard.py and pages/: cached engine and reads,
the shared filters, URL state and the standard way to show a chart."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from sqlalchemy.engine import Engine

from danvan import queries
from danvan.db import get_engine
from danvan.filters import LEVEL_ALL, Filters
from danvan.loader import build_database
from danvan.settings import get_settings

FILTER_KEYS = ("f_years", "f_areas", "f_level")
PLOTLY_CONFIG = {"displaylogo": False, "locale": "vi", "responsive": True}


@st.cache_resource(show_spinner="Đang chuẩn bị cơ sở dữ liệu…")
def engine() -> Engine:
    """The one engine; on first start the database is built from data/."""
    settings = get_settings()
    eng = get_engine(settings.database_url)
    build_database(eng, settings.data_dir)
    return eng


@st.cache_data(show_spinner=False, ttl=600)
def cached(name: str, *args: Any, **kwargs: Any) -> Any:
    """Call ``queries.<name>(engine, *args, **kwargs)`` once per distinct arguments."""
    return getattr(queries, name)(engine(), *args, **kwargs)


def current_filters() -> Filters:
    years = st.session_state.get("f_years") or cached("year_bounds")
    return Filters(int(years[0]), int(years[1]), tuple(st.session_state.get("f_areas") or ()),
                   st.session_state.get("f_level") or LEVEL_ALL)


def url_param(key: str, param: str, options: Sequence[Any], default: Any = None) -> None:
    """Seed widget ``key`` from URL parameter ``param`` once, if the value is valid."""
    seeded = f"_seeded_{key}"
    if seeded in st.session_state:
        return
    st.session_state[seeded] = True
    raw = st.query_params.get(param)
    if raw in options:
        st.session_state[key] = raw
    elif default is not None and key not in st.session_state:
        st.session_state[key] = default


def write_url(params: dict[str, str | None]) -> None:
    """Mirror widget values to the URL so a copied link reopens the same view."""
    for name, value in params.items():
        if value in (None, ""):
            if name in st.query_params:
                del st.query_params[name]
        elif st.query_params.get(name) != value:
            st.query_params[name] = value


def empty_message(what: str = "") -> None:
    st.info(
        (what or "Không có số liệu cho lựa chọn này.")
        + " Hãy mở rộng khoảng năm hoặc chọn thêm địa bàn ở thanh bên.",
        icon=":material/info:",
    )


def show_chart(fig: go.Figure, key: str) -> None:
    """Show a figure from danvan.charts (its title and source line are drawn inside it)."""
    st.plotly_chart(fig, width="stretch", config=PLOTLY_CONFIG, key=key)


def show_table(frame: pd.DataFrame, *, key: str, height: int | None = None,
               column_config: dict[str, Any] | None = None) -> None:
    st.dataframe(frame, hide_index=True, width="stretch", key=key, height=height or "auto",
                 column_config=column_config)


def lineage_names() -> dict[str, str]:
    frame = cached("focus_lineages")
    return dict(zip(frame["lineage"], frame["short_name_vi"], strict=True))


def format_with(mapping: dict[str, str]) -> Callable[[str], str]:
    return lambda code: mapping.get(code, code)



def url_flag(key: str, param: str, default: bool = False) -> None:
    """Seed a toggle from a URL flag (``1``/``0``) once."""
    seeded = f"_seeded_{key}"
    if seeded in st.session_state:
        return
    st.session_state[seeded] = True
    raw = st.query_params.get(param)
    st.session_state[key] = raw == "1" if raw in ("0", "1") else st.session_state.get(key, default)



def boundary_overlay(points: pd.DataFrame) -> tuple[dict, pd.DataFrame, list[str]] | None:
    """The newest uploaded district layer drawn instead of points, or None without one."""
    import json

    from danvan.map_data import overlay_rows

    layers = cached("boundary_layers", "huyen", with_geojson=True)
    if layers.empty:
        return None
    localities = cached("localities")
    lineage_of = dict(zip(localities["locality_id"], localities["lineage"], strict=True))
    shapes = json.loads(layers["geojson"].iloc[0])
    rows, covered = overlay_rows(shapes, points, lineage_of)
    return shapes, rows, covered
