"""Bộ trình chiếu: a meeting pack (PowerPoint, PDF) of chosen charts, and a projector mode
that shows them one per screen in large type. Every choice is kept in the URL."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from html import escape

import streamlit as st

from danvan import ui
from danvan.exporting.pack import default_title, pack_pdf
from danvan.exporting.slides import CHARTS, LATEST_EACH_LABEL, NO_SHARED_PERIOD, PRESETS
from danvan.formatting import format_date, format_number, vn_sort_key
from danvan.maps.figures import TOPOJSON_CONFIG
from danvan.projector import projector_style

CUSTOM = "tu_chon"
PROJECTOR_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], header, .st-key-pack_controls, .st-key-pack_preview { display: none !important; }
[data-testid="stMainBlockContainer"], .block-container { padding: 1rem 2rem !important; max-width: 100% !important; }
.st-key-projector_view, .st-key-projector_view p { font-size: 1.6rem; }
.st-key-projector_view h2 { font-size: 2.6rem !important; }
.st-key-projector_view .dv-takeaway { font-size: 2rem; line-height: 1.35; font-weight: 600; color: #000; }
.st-key-projector_view .dv-counter { font-size: 1.4rem; color: #000; }
.st-key-projector_nav button { padding: 0.6rem 1.6rem !important; }
.st-key-projector_nav button p, .st-key-projector_nav button span { font-size: 1.5rem !important; }
.st-key-projector_view [data-testid="stCaptionContainer"] { font-size: 1.2rem; color: #222; }
/* The chart takes the screen's height left by the texts and buttons, on any screen. */
.st-key-projector_chart_box { height: calc(100vh - 400px); min-height: 260px; }
@media (max-height: 820px) {
  .st-key-projector_view h2 { font-size: 1.8rem !important; padding: 0.2rem 0 !important; }
  .st-key-projector_view .dv-takeaway { font-size: 1.3rem; line-height: 1.35; margin-bottom: 0; padding-bottom: 0.15rem; }
  .st-key-projector_view .dv-counter { font-size: 1.1rem; }
  .st-key-projector_view [data-testid="stCaptionContainer"],
  .st-key-projector_view [data-testid="stCaptionContainer"] p { font-size: 0.95rem; line-height: 1.3; }
  .st-key-projector_view { gap: 0.4rem; }
  .st-key-projector_chart_box { height: calc(100vh - 340px); }
  .st-key-projector_nav button { padding: 0.3rem 1.2rem !important; }
  .st-key-projector_nav button p, .st-key-projector_nav button span { font-size: 1.2rem !important; }
}
</style>
"""



def _split(raw: str | None, known) -> list[str]:
    return [part for part in (raw or "").split(",") if part in known]


def _step(delta: int, total: int) -> None:
    st.session_state.slide_index = min(max(st.session_state.get("slide_index", 0) + delta, 0), total - 1)


def _exit_projector() -> None:
    st.session_state.projector = False


filters = ui.current_filters()
names = ui.lineage_names()
areas = sorted(names, key=lambda code: vn_sort_key(names[code]))

# URL → state, once per session.
ui.url_flag("projector", "trinh_chieu")
ui.url_flag("pack_latest", "moi_nhat")
if "_seeded_slide_index" not in st.session_state:
    st.session_state._seeded_slide_index = True
    raw = st.query_params.get("trang", "1")
    st.session_state.slide_index = int(raw) - 1 if str(raw).isdigit() and int(raw) > 0 else 0
if "_seeded_pack_areas" not in st.session_state:
    st.session_state._seeded_pack_areas = True
    st.session_state.pack_areas = _split(st.query_params.get("dia_phuong"), names) or list(filters.lineages)
presets = list(PRESETS) + [CUSTOM]
preset_labels = {key: label for key, (label, _) in PRESETS.items()} | {CUSTOM: "Tự chọn biểu đồ"}
ui.url_param("pack_preset", "bo", presets, default=presets[0])
if "_seeded_pack_charts" not in st.session_state:
    st.session_state._seeded_pack_charts = True
    st.session_state.pack_charts = (_split(st.query_params.get("bieu_do"), CHARTS)
                                    or list(PRESETS[presets[0]][1]))

projector = bool(st.session_state.get("projector"))
if projector:
    st.html(PROJECTOR_CSS)

with st.container(key="pack_controls"):
    st.title("Bộ trình chiếu")
    st.caption("Chọn địa phương và biểu đồ, tải bộ trình chiếu PowerPoint hoặc PDF cho cuộc họp, hoặc bật chế độ "
               "trình chiếu để chiếu từng biểu đồ một trên màn hình lớn. Khoảng năm lấy từ thanh bên.")
    left, right = st.columns([3, 2])
    left.multiselect("Địa phương", areas, format_func=ui.format_with(names), key="pack_areas",
                     placeholder="Theo thanh bên (tất cả 5 địa phương nếu không chọn)")
    right.markdown(f"**Kỳ:** {filters.year_from}–{filters.year_to} (khoảng năm ở thanh bên)")
    preset = st.radio("Bộ biểu đồ", presets, format_func=ui.format_with(preset_labels), key="pack_preset",
                      horizontal=True)
    st.text_input("Tiêu đề trang bìa", key="pack_title", max_chars=150,
                  placeholder="Để trống: «Kết quả công tác dân vận … năm …»",
                  help="Tiêu đề in trên trang bìa bộ trình chiếu. Để trống thì dùng tiêu đề mặc định "
                       "theo địa phương và khoảng năm.")
    if preset == CUSTOM:
        st.multiselect("Biểu đồ", list(CHARTS), format_func=ui.format_with(CHARTS), key="pack_charts",
                       placeholder="Chọn ít nhất một biểu đồ")
    st.checkbox(LATEST_EACH_LABEL, key="pack_latest",
                help="Mặc định mỗi biểu đồ so sánh chỉ đặt cạnh nhau số liệu cùng kỳ. Bật mục này thì khi các "
                     "địa phương không có kỳ chung, trang vẫn vẽ số mới nhất của mỗi địa phương, ghi rõ khác năm "
                     "và không xếp hạng.")
    st.toggle("Chế độ trình chiếu", key="projector",
              help="Ẩn thanh bên và các ô chọn, chữ và nét to, màu tương phản cao, mỗi màn hình một biểu đồ. "
                   "Đường dẫn giữ chế độ này và số trang.")

chart_keys = tuple(PRESETS[preset][1]) if preset != CUSTOM else tuple(st.session_state.get("pack_charts") or ())
chosen_areas = tuple(st.session_state.get("pack_areas") or ()) or filters.lineages
pack_filters = replace(filters, lineages=chosen_areas)
latest_each = bool(st.session_state.get("pack_latest"))
slides = ui.slides(chart_keys, pack_filters, latest_each) if chart_keys else []
missing = ui.missing_slides(chart_keys, pack_filters, latest_each) if chart_keys else []
total = len(slides)
place_names = [names[code] for code in (chosen_areas or areas) if code in names]
pack_title = (st.session_state.get("pack_title") or "").strip() or default_title(place_names, pack_filters)
index = min(max(int(st.session_state.get("slide_index", 0)), 0), max(total - 1, 0))
st.session_state.slide_index = index

ui.write_url({
    "bo": None if preset == presets[0] else preset,
    "bieu_do": ",".join(chart_keys) if preset == CUSTOM and chart_keys else None,
    "dia_phuong": ",".join(st.session_state.get("pack_areas") or ()) or None,
    "trinh_chieu": "1" if projector else None,
    "moi_nhat": "1" if latest_each else None,
    "trang": str(index + 1) if projector else None,
})

if not slides:
    st.info("Chưa chọn biểu đồ nào, hoặc chưa đủ số liệu so sánh được cho lựa chọn này.", icon=":material/info:")
    for line in missing:
        st.caption(line)
    if projector:
        st.button("Thoát trình chiếu", key="projector_exit", icon=":material/close:", on_click=_exit_projector)
    st.stop()

if projector:
    slide = slides[index]
    with st.container(key="projector_view"):
        st.markdown(f"<div class='dv-counter'>Trang {index + 1}/{total}</div>", unsafe_allow_html=True)
        st.markdown(f"## {slide.title}")
        if slide.takeaway:
            st.markdown(f"<p class='dv-takeaway'>{escape(slide.takeaway)}</p>", unsafe_allow_html=True)
        if slide.figure is not None:
            big = projector_style(slide.figure)
            # Title and source are shown above and below in large type: not twice.
            # No fixed height: the chart fills its box, whose height follows the screen's (CSS above).
            big.update_layout(height=None, autosize=True, title_text="",
                              margin={"t": 50, "b": 70, "autoexpand": True})
            big.layout.annotations = [a for a in big.layout.annotations if not str(a.text).startswith("Nguồn")]
            big.update_yaxes(automargin=True)
            with st.container(key="projector_chart_box"):
                st.plotly_chart(big, width="stretch", height="stretch", config=ui.PLOTLY_CONFIG | TOPOJSON_CONFIG,
                                key="projector_chart")
        if slide.source:
            st.caption(slide.source)
    with st.container(key="projector_nav", horizontal=True, gap="medium"):
        st.button("Trước", key="slide_prev", icon=":material/arrow_back:", on_click=_step, args=(-1, total),
                  disabled=index == 0, shortcut="Left")
        st.button("Sau", key="slide_next", icon=":material/arrow_forward:", icon_position="right",
                  on_click=_step, args=(1, total), disabled=index >= total - 1, shortcut="Right")
        st.button("Thoát trình chiếu", key="projector_exit", icon=":material/close:", on_click=_exit_projector,
                  shortcut="Esc")
    st.stop()

made_on = date.today()
preset_or_keys = preset if preset != CUSTOM else list(chart_keys)
stem = f"bo-trinh-chieu-{preset.replace('_', '-')}-{made_on.isoformat()}"


def _pptx() -> bytes:
    return ui.meeting_pack(preset_or_keys, pack_filters, made_on, pack_title, latest_each)


def _pdf() -> bytes:
    return pack_pdf(_pptx())


with st.container(horizontal=True, gap="small"):
    st.download_button("Tải PowerPoint (.pptx)", data=_pptx, file_name=f"{stem}.pptx",
                       mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                       key="pack_pptx", icon=":material/slideshow:", type="primary", on_click="ignore")
    st.download_button("Tải PDF", data=_pdf, file_name=f"{stem}.pdf", mime="application/pdf", key="pack_pdf",
                       icon=":material/picture_as_pdf:", on_click="ignore")
st.caption(f"Trang bìa: «{pack_title}» – {ui.organisation()}, ngày {format_date(made_on)}. Tệp được dựng khi "
           "bấm tải (có thể mất vài giây).")

with st.container(key="pack_preview"):
    st.subheader(f"Các trang ({format_number(total)} trang)")
    for number, slide in enumerate(slides, start=1):
        st.markdown(f"**{number}. {slide.title}**" + (f"  \n{slide.takeaway}" if slide.takeaway else ""))
        notes = list(dict.fromkeys([*slide.shown, *(slide.caveats or [])]))
        notes += [slide.source] if slide.source else []
        if notes:
            st.caption(" · ".join(str(n) for n in notes))
    if missing:
        st.markdown(f"**{total + 1}. Chưa đủ số liệu để so sánh**")
        for line in missing:
            st.caption(line)
        if not latest_each and any(NO_SHARED_PERIOD in line for line in missing):
            st.caption(f"Muốn vẫn đặt cạnh nhau số của các kỳ khác nhau (ghi rõ khác kỳ, không xếp hạng): bật "
                       f"«{LATEST_EACH_LABEL}».")
