"""Thin Streamlit glue shared by dashboard.py and pages/: the cached engine and data version,
the shared filters, URL state and the standard way to show a chart. Reads are in
danvan.ui.reads (one named, typed, cached function each)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from danvan.formatting import escape_spreadsheet, format_number, strip_diacritics
from danvan.reading import queries
from danvan.reading.filters import LEVEL_ALL, Filters
from danvan.settings import get_settings
from danvan.ui import reads
from danvan.ui.store import begin_run, data_changed, data_version, engine  # noqa: F401  (ui.engine() etc.)

FILTER_KEYS = ("f_years", "f_areas", "f_level")
PLOTLY_CONFIG = {"displaylogo": False, "locale": "vi", "responsive": True}


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
def _deck(version: str, chart_keys: tuple[str, ...], filters: Filters, latest_each: bool):
    from danvan.exporting.slides import build_deck

    return build_deck(engine(), list(chart_keys), filters, latest_each=latest_each)


def slides(chart_keys: tuple[str, ...], filters: Filters, latest_each: bool = False) -> list:
    """Meeting-pack slides (figures included) per data version, chart selection and filters;
    shared between sessions and never mutated (projector_style works on a copy)."""
    return _deck(data_version(), chart_keys, filters, latest_each).slides


def organisation() -> str:
    """The organisation named on the cover of meeting packs (setting DANVAN_ORGANISATION)."""
    return get_settings().organisation


def missing_slides(chart_keys: tuple[str, ...], filters: Filters, latest_each: bool = False) -> list[str]:
    """One line per chosen chart left out of the pack for lack of comparable figures."""
    return _deck(data_version(), chart_keys, filters, latest_each).missing


def meeting_pack(preset_or_keys: str | list[str], filters: Filters, made_on: date, title: str = "",
                 latest_each: bool = False) -> bytes:
    """The .pptx meeting pack, built now (called when a download button is clicked)."""
    from danvan.exporting.pack import make_pack

    data, _ = make_pack(engine(), preset_or_keys, filters, made_on=made_on, title=title, latest_each=latest_each)
    return data


def current_filters() -> Filters:
    years = st.session_state.get("f_years") or reads.year_bounds()
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


# Less room above the title everywhere, and on a low screen (a 1280×720 projector) a smaller
# title, so a page's main chart shows whole, source line included, without scrolling.
PAGE_CSS = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 3.5rem; }
@media (max-height: 820px) {
  [data-testid="stMainBlockContainer"] { padding-top: 2.5rem; }
  [data-testid="stMain"] h1 { font-size: 1.7rem; padding: 0 0 0.25rem 0; }
  [data-testid="stMain"] [data-testid="stVerticalBlock"] { gap: 0.6rem; }
}
@media (max-height: 760px) {
  [data-testid="stMain"] h2 { font-size: 1.35rem; padding: 0.5rem 0 0.25rem 0; }
  [data-testid="stMain"] h3 { font-size: 1.15rem; padding: 0.25rem 0; }
}
</style>"""


def page_style() -> None:
    st.html(PAGE_CSS)


def show_chart(fig: go.Figure, key: str) -> None:
    """Show a figure from danvan.charts (its title and source line are drawn inside it),
    with PNG and SVG download buttons under it."""
    st.plotly_chart(fig, width="stretch", config=PLOTLY_CONFIG, key=key)
    image_buttons(fig, key)


def show_map(fig: go.Figure, key: str) -> None:
    """Like show_chart for a map from danvan.maps.figures (offline topojson served from static/)."""
    from danvan.maps.figures import TOPOJSON_CONFIG

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


def _go_to_page(state: str, page: int) -> None:
    st.session_state[state] = page


def paged_table(frame: pd.DataFrame, *, key: str, size: int | None = None, what: str = "dòng",
                height: int | None = None, column_config: dict[str, Any] | None = None,
                download: str | None = None, fragment: bool = True) -> pd.DataFrame:
    """``frame`` (already read and cached on the server) shown one page at a time: only that
    page's rows go to the browser, with «Trang trước»/«Trang sau» and the position in the whole
    table (Dòng 26–50 trong 1.234 dòng · trang 2/50). ``download``: a file stem; CSV and Excel
    buttons then give the whole table, built only when clicked. Returns the rows shown (on the
    run that drew the page).

    ``fragment`` (default): the table and its buttons are an ``st.fragment``, so «Trang sau»
    reruns only this table, not the page's other charts and tables (issue 15: redraw only what
    changed). False when something outside the table follows the page shown (the editor's list
    on Sổ mô hình): the button then reruns the whole page."""
    draw = _paged_table_fragment if fragment else _paged_table
    return draw(frame, key=key, size=size, what=what, height=height, column_config=column_config,
                download=download)


def _paged_table(frame: pd.DataFrame, *, key: str, size: int | None, what: str, height: int | None,
                 column_config: dict[str, Any] | None, download: str | None) -> pd.DataFrame:
    from danvan.exporting import downloads
    from danvan.reading import paging

    size = size or paging.PAGE_ROWS
    state = f"{key}_page"
    mark = paging.fingerprint(frame)
    if st.session_state.get(f"{key}_of") != mark:  # another table (search, filters): back to page 1
        st.session_state[f"{key}_of"] = mark
        st.session_state[state] = 1
    pages = paging.page_count(len(frame), size)
    page = paging.clamp_page(st.session_state.get(state, 1), pages)
    shown = paging.page_rows(frame, page, size)
    show_table(shown, key=key, height=height, column_config=column_config)
    if pages > 1:
        with st.container(horizontal=True, gap="small", vertical_alignment="center"):
            st.button("Trang trước", key=f"{key}_prev", icon=":material/chevron_left:", type="tertiary",
                      disabled=page <= 1, on_click=_go_to_page, args=(state, page - 1))
            st.button("Trang sau", key=f"{key}_next", icon=":material/chevron_right:", type="tertiary",
                      disabled=page >= pages, on_click=_go_to_page, args=(state, page + 1))
            st.caption(paging.page_caption(len(frame), page, size, what))
    if download and not frame.empty:
        with st.container(horizontal=True, gap="small"):
            st.download_button("Tải CSV", lambda: downloads.csv_bytes(frame), file_name=f"{download}.csv",
                               mime="text/csv", key=f"{key}_csv", icon=":material/download:",
                               on_click="ignore", type="tertiary",
                               help="Toàn bộ bảng (mọi trang), mở được bằng Excel.")
            st.download_button("Tải Excel (.xlsx)", lambda: downloads.xlsx_bytes(frame), file_name=f"{download}.xlsx",
                               mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                               key=f"{key}_xlsx", icon=":material/download:", on_click="ignore", type="tertiary",
                               help="Toàn bộ bảng (mọi trang).")
    return shown


# The same, as a fragment: a click on its buttons reruns only this table (one fragment per call
# site: Streamlit tells them apart by where they are drawn).
_paged_table_fragment = st.fragment(_paged_table)


def lineage_names() -> dict[str, str]:
    """Short names of the group «Địa bàn trọng điểm» and of the units chosen in the sidebar."""
    frame = reads.focus_lineages()
    names = dict(zip(frame["lineage"], frame["short_name_vi"], strict=True))
    chosen = tuple(a for a in st.session_state.get("f_areas") or () if a not in names)
    if chosen:
        extra = reads.lineage_rows(chosen)
        names |= dict(zip(extra["lineage"], extra["short_name_vi"], strict=True))
    return names


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


# --- Bản đồ and So sánh: «Các xã, phường của một tỉnh» ----------------------------------------

COMMUNES = "xa"
SCOPES = {"dia_ban": "Các địa phương đang chọn", COMMUNES: "Các xã, phường của một tỉnh"}


def scope_switch(key: str) -> str:
    """What a page compares: the localities of the shared filters, or the communes of one
    province (URL parameter ``xem``)."""
    url_param(key, "xem", list(SCOPES), default="dia_ban")
    scope = st.radio("So sánh", list(SCOPES), format_func=format_with(SCOPES), key=key, horizontal=True,
                     label_visibility="collapsed")
    write_url({"xem": None if scope == "dia_ban" else scope})
    return scope


def commune_choices(prefix: str, filters: Filters) -> Any:
    """Pickers of the communes mode (province list 34/63, province, indicator, period, per 10.000
    residents), mirrored to the URL; returns page_data.ProvinceCommunes (or None)."""
    from danvan.maps.layers import LATEST
    from danvan.reading.page_data import COMMUNE_VINTAGES

    vintages = {"34": "34 tỉnh (từ 1/7/2025)", "63": "63 tỉnh (trước 1/7/2025)"}
    left, right = st.columns([2, 3])
    url_param(f"{prefix}_vintage", "bo", list(COMMUNE_VINTAGES), default="34")
    vintage = left.radio("Danh mục tỉnh", list(vintages), format_func=format_with(vintages),
                         key=f"{prefix}_vintage", horizontal=True, help=(
                             "34 tỉnh: các xã, phường, đặc khu từ 1/7/2025. 63 tỉnh: các xã, phường, thị trấn "
                             "trước 1/7/2025."))
    province = url_picker(right, "Tỉnh, thành phố", reads.province_choices(vintage),
                          key=f"{prefix}_province_{vintage}", param="tinh")
    labels = reads.commune_indicator_labels(filters, province, vintage)
    c1, c2, c3 = st.columns([3, 1.4, 1.4])
    indicator = None
    if labels:
        indicator = url_picker(c1, "Chỉ tiêu", labels, key=f"{prefix}_unit_indicator", param="chi_tieu")
    else:
        c1.selectbox("Chỉ tiêu", ["Chưa có số liệu cấp xã"], disabled=True, key=f"{prefix}_unit_indicator_none")
    first = reads.province_communes(filters, province, vintage, indicator, LATEST, False)
    years = first.years if first is not None else [LATEST]
    year_names = {LATEST: "Mới nhất của mỗi xã"} | {y: f"Năm {y}" for y in years[1:]}
    year = url_picker(c2, "Kỳ", year_names, key=f"{prefix}_unit_year", param="nam")
    toggle_key = f"{prefix}_unit_per_10k"
    if f"_seeded_{toggle_key}" not in st.session_state:  # on unless the URL says «tuyet_doi=1»
        st.session_state[f"_seeded_{toggle_key}"] = True
        st.session_state[toggle_key] = st.query_params.get("tuyet_doi") != "1"
    per_capita = c3.toggle("Tính trên 10.000 dân", key=toggle_key, help=(
        "Chỉ khi mọi xã, phường có số liệu đều có số dân đúng năm; nếu không, bản đồ vẽ số tuyệt đối và "
        "nói rõ xã nào thiếu số dân."))
    write_url({"bo": None if vintage == "34" else vintage, "tinh": province, "chi_tieu": indicator,
               "nam": None if year == LATEST else year, "tuyet_doi": None if per_capita else "1"})
    if not labels:
        st.info("Chưa có số liệu cấp xã nào của tỉnh này trong khoảng năm đã chọn; các xã, phường được vẽ "
                "màu xám («không có số liệu»).", icon=":material/info:")
    return reads.province_communes(filters, province, vintage, indicator, year, per_capita)


def commune_notes(data: Any) -> None:
    """What the communes view draws and leaves out (under its map or chart)."""
    layer = data.layer
    n_values = int((layer.points["status"] == "co_so_lieu").sum())
    n_grey = len(layer.points) - n_values
    when = "từ 1/7/2025" if data.vintage == "34" else "trước 1/7/2025"
    st.caption(
        f"{data.province_name}, {when}: {format_number(len(layer.points))} xã, phường; "
        f"{format_number(n_values)} có số liệu" + (f" – {layer.scope_name}" if layer.scope_name else "")
        + f"; {format_number(n_grey)} màu xám: không có số liệu so sánh được (không phải bằng 0). "
        "Chế độ này chỉ dùng khoảng năm ở thanh bên, không dùng bộ lọc địa bàn và cấp.")
    for note in layer.notes:
        st.info(note, icon=":material/info:")
    if layer.unplaced:
        st.warning("Không có tọa độ trong danh mục nên không vẽ được: " + ", ".join(layer.unplaced),
                   icon=":material/warning:")


def commune_tables(data: Any, key: str) -> None:
    """Every commune (ranked; «không có số liệu» last) and the figures kept apart, with reasons."""
    from danvan.reading import tables as views

    st.subheader("Các xã, phường")
    show_table(data.table, key=f"{key}_table", height=420)
    apart = data.layer.apart
    if not apart.empty:
        st.subheader("Không so sánh được – hiển thị riêng")
        for number, (reason, rows) in enumerate(apart.groupby("reason", sort=False)):
            st.markdown(f"**{reason}**")
            show_table(views.observation_table(rows), key=f"{key}_apart_{number}")


# --------------------------------------------------------------------------- any unit of the catalogue
MAX_FOUND = 20  # search results offered at once


@st.cache_resource(show_spinner="Đang chuẩn bị danh mục đơn vị hành chính…", ttl=24 * 3600, max_entries=2)
def _unit_index(version: str) -> Any:
    from danvan.data.unit_names import UnitIndex

    return UnitIndex(queries.localities(engine()))


def unit_index() -> Any:
    """The catalogue's name index (danvan.data.unit_names.UnitIndex), built once per data version and
    shared read-only between sessions: searching and labelling never reread the 14.000 units."""
    return _unit_index(data_version())


def lineage_of(locality_id: str) -> str:
    return reads.unit_names(ids=(locality_id,)).lineage_of.get(locality_id, locality_id)


def unit_label(locality_id: str) -> str:
    """«Phường Cửa Nam (Hà Nội, từ 01/07/2025)» for one unit."""
    return reads.unit_names(ids=(locality_id,)).unit_labels.get(locality_id, locality_id)


def latest_vintage(lineage: str) -> str | None:
    """The locality_id of a lineage's latest vintage (None for an unknown lineage)."""
    return reads.unit_names((lineage,)).latest.get(lineage)


def lineage_label(lineage: str) -> str:
    """«Phường Cửa Nam (Hà Nội, từ 01/07/2025)»: a lineage named by its latest vintage."""
    return reads.unit_names((lineage,)).labels.get(lineage, lineage)


def add_area(locality_id: str) -> None:
    """Widget callback: add the unit's lineage to the sidebar's choice (f_areas)."""
    lineage = lineage_of(locality_id)
    areas = list(st.session_state.get("f_areas") or [])
    if lineage not in areas:
        areas.append(lineage)
    st.session_state.f_areas = areas


def remove_area(lineage: str) -> None:
    st.session_state.f_areas = [a for a in st.session_state.get("f_areas") or [] if a != lineage]


def clear_areas() -> None:
    """Back to the group «Địa bàn trọng điểm»."""
    st.session_state.f_areas = []


def _forget(*keys: str) -> None:
    for key in keys:
        st.session_state.pop(key, None)


def _found(key: str, on_pick: Callable[[str], None]) -> None:
    picked = st.session_state.get(f"{key}_pick")
    st.session_state[f"{key}_text"] = ""  # done: the results go away, ready for the next search
    st.session_state.pop(f"{key}_pick", None)
    if picked:
        on_pick(picked)


def _keep_valid(key: str, options: Sequence[Any]) -> None:
    if key in st.session_state and st.session_state[key] not in options:
        del st.session_state[key]


def unit_finder(key: str, on_pick: Callable[[str], None], *, action: str,
                action_icon: str = ":material/add:") -> None:
    """Find any unit of the catalogue and hand its locality_id to ``on_pick`` (a widget
    callback): by name («tra vinh», «p. cua nam», «cua nam, ha noi»; the first MAX_FOUND
    results as a list, picked with one click) or by province → its districts and new communes →
    a district's communes, then the ``action`` button. No picker ever holds more than a few
    hundred options, and none lets the user type into it (Streamlit's English «No results»
    never shows); the search box commits as the user types (no English «Press Enter»)."""
    text = st.text_input("Tìm đơn vị", key=f"{key}_text", live="400ms",
                         placeholder="Gõ tên, ví dụ: tra vinh, p. cua nam",
                         help="Không cần gõ dấu; có thể thêm tên tỉnh sau dấu phẩy, ví dụ «cua nam, ha noi».")
    if (text or "").strip():  # the index over the whole catalogue is built on the first search only
        index = unit_index()
        found = index.search(text, limit=MAX_FOUND)
        if found:
            labels = {code: index.describe(code) for code in found}
            _keep_valid(f"{key}_pick", found)
            more = "" if len(found) < MAX_FOUND else " đầu tiên (gõ thêm để thu hẹp)"
            st.radio(f"Kết quả: {format_number(len(found))} đơn vị{more} – bấm để chọn", found, index=None,
                     format_func=format_with(labels), key=f"{key}_pick", on_change=_found, args=(key, on_pick))
        else:
            st.caption(f"Không tìm thấy đơn vị nào khớp với «{text.strip()}».")
    provinces = reads.province_labels()
    _keep_valid(f"{key}_province", list(provinces))
    province = st.selectbox("Tỉnh, thành phố", list(provinces), index=None, format_func=format_with(provinces),
                            key=f"{key}_province", filter_mode=None, placeholder="Hoặc chọn theo tỉnh, thành phố",
                            on_change=_forget, args=(f"{key}_unit", f"{key}_commune"))
    if province is None:
        return
    units = reads.province_unit_choices(province)
    options = list(units.labels)
    _keep_valid(f"{key}_unit", options)
    chosen = st.selectbox("Đơn vị thuộc tỉnh", options, format_func=format_with(units.labels), key=f"{key}_unit",
                          filter_mode=None, on_change=_forget, args=(f"{key}_commune",))
    if chosen in units.districts:
        communes = reads.district_unit_choices(chosen)
        if len(communes.labels) > 1:
            options = list(communes.labels)
            _keep_valid(f"{key}_commune", options)
            chosen = st.selectbox("Xã, phường, thị trấn thuộc quận, huyện", options,
                                  format_func=format_with(communes.labels), key=f"{key}_commune", filter_mode=None)
    st.button(action, key=f"{key}_go", icon=action_icon, on_click=on_pick, args=(chosen,))
