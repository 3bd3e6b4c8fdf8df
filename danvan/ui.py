"""Thin Streamlit glue shared by dashboard.py and pages/: cached engine and reads,
the shared filters, URL state and the standard way to show a chart."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from sqlalchemy.engine import Engine

from danvan import data_version as data_version_module
from danvan import page_data, queries
from danvan.db import get_engine
from danvan.filters import LEVEL_ALL, Filters
from danvan.formatting import escape_spreadsheet, format_number, strip_diacritics
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


@st.cache_data(show_spinner=False, ttl=3600, max_entries=512)
def _cached(version: str, name: str, *args: Any, **kwargs: Any) -> Any:
    return getattr(queries, name)(engine(), *args, **kwargs)


def cached(name: str, *args: Any, **kwargs: Any) -> Any:
    """Call ``queries.<name>(engine, *args, **kwargs)`` once per distinct arguments and data
    version: an import, undo or edit (in any app process or the CLI) gives the data a new
    version, so the next run reads fresh results."""
    return _cached(data_version(), name, *args, **kwargs)


@st.cache_data(show_spinner=False, ttl=3600, max_entries=256)
def _model(version: str, name: str, *args: Any, **kwargs: Any) -> Any:
    return getattr(page_data, name)(engine(), *args, **kwargs)


def model(name: str, *args: Any, **kwargs: Any) -> Any:
    """What a page shows: ``page_data.<name>(engine, *args, **kwargs)``, computed once per data
    version and arguments (the shaped result is cached, not only the query)."""
    return _model(data_version(), name, *args, **kwargs)


_VERSION_KEY = "_data_version_this_run"


def begin_run() -> None:
    """Read the data's version once for this script run (dashboard.py calls it at the top of
    every run): the cached reads, models and figures of the run all key on it, instead of
    each asking the database again."""
    st.session_state[_VERSION_KEY] = data_version_module.current(engine())


def data_version() -> str:
    """The data's version token for this run (see danvan.data_version)."""
    token = st.session_state.get(_VERSION_KEY)
    return token if token is not None else data_version_module.current(engine())


def data_changed() -> None:
    """After a write from this session: forget cached reads and read the new version, so the
    rest of this run already shows the new data."""
    st.cache_data.clear()
    begin_run()


def uncached(name: str, *args: Any, **kwargs: Any) -> Any:
    """``page_data.<name>(engine, ...)`` read now and not kept (large downloads)."""
    return getattr(page_data, name)(engine(), *args, **kwargs)


class FrozenFigure(go.Figure):
    """A figure shared read-only between runs and sessions: its dict form is computed once, so
    showing it costs one JSON encoding instead of a deep copy of every boundary point. Copies
    made with go.Figure(fig) (projector style, image export) are ordinary, editable figures."""

    _frozen_dict: dict

    @classmethod
    def freeze(cls, fig: go.Figure) -> FrozenFigure:
        """Turn ``fig`` itself (no copy) into a frozen figure."""
        frozen = fig.to_dict()
        fig.__class__ = cls
        fig._frozen_dict = frozen  # type: ignore[attr-defined]
        return fig  # type: ignore[return-value]

    def to_dict(self) -> dict:
        return self._frozen_dict


@st.cache_resource(show_spinner=False, ttl=3600, max_entries=64)
def _figure(version: str, key: tuple, _build: Callable[[], go.Figure]) -> go.Figure:
    return FrozenFigure.freeze(_build())


def cached_figure(key: tuple, build: Callable[[], go.Figure]) -> go.Figure:
    """A figure that is slow to build (maps: thousands of boundary points), built once per data
    version and ``key`` (every choice it depends on) and shared read-only between sessions."""
    return _figure(data_version(), key, _build=build)


@st.cache_resource(show_spinner="Đang dựng các trang trình chiếu…", ttl=600, max_entries=32)
def _slides(version: str, chart_keys: tuple[str, ...], filters: Filters) -> list:
    from danvan.exporting.slides import build_slides

    return build_slides(engine(), list(chart_keys), filters)


def slides(chart_keys: tuple[str, ...], filters: Filters) -> list:
    """Meeting-pack slides (figures included) per data version, chart selection and filters;
    shared between sessions and never mutated (projector_style works on a copy)."""
    return _slides(data_version(), chart_keys, filters)


def meeting_pack(preset_or_keys: str | list[str], filters: Filters, made_on: date) -> bytes:
    """The .pptx meeting pack, built now (called when a download button is clicked)."""
    from danvan.exporting.pack import make_pack

    data, _ = make_pack(engine(), preset_or_keys, filters, made_on=made_on)
    return data


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


def url_picker(where: Any, label: str, names: dict[str, str], *, key: str, param: str) -> str:
    """A selectbox over ``names`` (code → label) seeded once from URL parameter ``param`` and
    falling back to the first option when its value is no longer offered (filters changed)."""
    options = list(names)
    url_param(key, param, options, default=options[0])
    if st.session_state.get(key) not in names:
        st.session_state[key] = options[0]
    return where.selectbox(label, options, format_func=format_with(names), key=key)


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


def image_file_name(key: str, suffix: str) -> str:
    """"trend_0" -> "bieu-do-trend-0.png": ASCII, no spaces, safe on every system."""
    stem = re.sub(r"[^A-Za-z0-9]+", "-", strip_diacritics(str(key))).strip("-").lower() or "bieu-do"
    return f"bieu-do-{stem}.{suffix}"


def _png(fig: go.Figure) -> Callable[[], bytes]:
    def make() -> bytes:
        from danvan.exporting.images import to_png

        return to_png(fig)

    return make


def _svg(fig: go.Figure) -> Callable[[], bytes]:
    def make() -> bytes:
        from danvan.exporting.images import to_svg

        return to_svg(fig)

    return make


def image_buttons(fig: go.Figure, key: str) -> None:
    """Two small buttons under a chart: PNG (high resolution, for slides) and SVG. The image
    is drawn only when a button is clicked (lazy callables), and the page does not rerun."""
    with st.container(horizontal=True, gap="small"):
        st.download_button("Ảnh PNG", data=_png(fig), file_name=image_file_name(key, "png"),
                           mime="image/png", key=f"{key}_png", icon=":material/image:",
                           on_click="ignore", type="tertiary",
                           help="Ảnh độ phân giải cao (3200 × 1800 điểm ảnh), dùng cho trình chiếu.")
        st.download_button("Ảnh SVG", data=_svg(fig), file_name=image_file_name(key, "svg"),
                           mime="image/svg+xml", key=f"{key}_svg", icon=":material/image:",
                           on_click="ignore", type="tertiary",
                           help="Ảnh vector, phóng to không vỡ, sửa được bằng phần mềm đồ họa.")


def show_chart(fig: go.Figure, key: str) -> None:
    """Show a figure from danvan.charts (its title and source line are drawn inside it),
    with PNG and SVG download buttons under it."""
    st.plotly_chart(fig, width="stretch", config=PLOTLY_CONFIG, key=key)
    image_buttons(fig, key)


def show_map(fig: go.Figure, key: str) -> None:
    """Like show_chart for a map from danvan.maps (offline topojson served from static/)."""
    from danvan.maps import TOPOJSON_CONFIG

    st.plotly_chart(fig, width="stretch", config=PLOTLY_CONFIG | TOPOJSON_CONFIG, key=key)
    image_buttons(fig, key)


_FORMULA_START = frozenset("=+-@\t\r")
_NUMBER_TEXT = re.compile(r"^-[\d.,]+%?( .*)?$")  # "-0,37", "-1.234 người": a number, not a formula


def _safe_cell(value: Any) -> Any:
    """Text a spreadsheet would run as a formula gets an apostrophe (the table's own CSV
    download copies cells as shown); negative numbers written the Vietnamese way stay as they are."""
    if isinstance(value, str) and _NUMBER_TEXT.match(value):
        return value
    return escape_spreadsheet(value)


def safe_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Copy of ``frame`` with formula-like text cells (and headers) escaped."""
    out = frame.copy()
    for pos in range(out.shape[1]):
        column = out.iloc[:, pos]
        if pd.api.types.is_object_dtype(column.dtype) or isinstance(column.dtype, pd.StringDtype):
            # One pass over the values; only cells that start like a formula are rewritten.
            values = column.to_numpy(dtype=object)
            risky = [i for i, v in enumerate(values) if isinstance(v, str) and v[:1] in _FORMULA_START]
            if risky:
                fixed = values.copy()
                for i in risky:
                    fixed[i] = _safe_cell(values[i])
                out.isetitem(pos, pd.Series(fixed, index=out.index, name=column.name))
    out.columns = [_safe_cell(c) for c in out.columns]
    return out


def show_table(frame: pd.DataFrame, *, key: str, height: int | None = None,
               column_config: dict[str, Any] | None = None) -> None:
    st.dataframe(safe_table(frame), hide_index=True, width="stretch", key=key, height=height or "auto",
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


def boundary_upload_panel() -> None:
    """Upload an official district or commune boundary layer: validate, preview, save."""
    from danvan import ui_auth
    from danvan.boundaries import store_layer
    from danvan.boundary_upload import BoundaryUploadError, read_layer, validate_and_prepare

    levels = {"huyen": "Quận, huyện, thị xã", "xa": "Xã, phường, thị trấn"}
    level = st.radio("Cấp của lớp ranh giới", list(levels), format_func=format_with(levels),
                     key="upload_level", horizontal=True)
    upload = st.file_uploader("Tệp GeoJSON (.geojson, .json) hoặc Shapefile nén (.zip), hệ tọa độ bất kỳ",
                              type=["geojson", "json", "zip"], key="upload_file")
    if upload is None:
        return
    localities = cached("localities")
    candidates = localities[localities["level"] == level]
    try:
        prepared = validate_and_prepare(read_layer(upload.name, upload.getvalue()), upload.name,
                                        candidates, level)
    except BoundaryUploadError as error:
        st.error(str(error), icon=":material/error:")
        for problem in error.problems[1:6]:
            st.markdown(f"- {problem}")
        return
    st.success(
        f"Đọc được {format_number(len(prepared.features))} đơn vị khớp với danh mục "
        f"(cột «{prepared.match_column}», hệ tọa độ gốc {prepared.crs_in}); số đỉnh "
        f"{format_number(prepared.n_vertices_before)} → {format_number(prepared.n_vertices_after)} "
        "sau khi làm gọn.",
        icon=":material/check_circle:",
    )
    st.dataframe(pd.DataFrame({"Đơn vị": [f["name"] for f in prepared.features],
                               "Mã trong danh mục": [f["locality_id"] for f in prepared.features]}),
                 hide_index=True)
    for warning in prepared.warnings:
        st.warning(warning, icon=":material/warning:")
    if st.button("Lưu và dùng lớp ranh giới này", key="upload_save", type="primary"):
        layer_id = store_layer(engine(), prepared, uploaded_by=ui_auth.actor())
        data_changed()
        st.success(f"Đã lưu lớp ranh giới số {layer_id}. Bản đồ dùng lớp này thay cho điểm.")
