"""Hồ sơ địa phương: any unit of the catalogue — what and where it is, when it was valid, what it
came from and went into, its figures, and for a new unit its predecessors' figures apart."""

import streamlit as st

from danvan import ui
from danvan.formatting import format_number
from danvan.maps import geo
from danvan.maps.figures import locator_map
from danvan.ui import reads

PROFILE_ROWS = 20  # rows per page of each table (many tables share the page)

st.title("Hồ sơ địa phương")
filters = ui.current_filters()

# The units offered at once: the sidebar's choice (or the group «Địa bàn trọng điểm»); any other
# unit comes through «Tìm đơn vị khác» or the URL (don_vi=<lineage>).
options = list(reads.areas(filters)["lineage"]) or list(reads.focus_lineages()["lineage"])
if "_seeded_profile_lineage" not in st.session_state:
    st.session_state._seeded_profile_lineage = True
    raw = st.query_params.get("don_vi")
    if raw and raw in reads.lineage_ids((raw,)):
        st.session_state.profile_lineage = raw
current = st.session_state.get("profile_lineage")
if current and current not in options:
    options = [current, *options]
if current not in options:
    st.session_state.profile_lineage = options[0]
labels = {code: ui.lineage_label(code) for code in options}


def _show(locality_id: str) -> None:
    st.session_state.profile_lineage = ui.lineage_of(locality_id)


pick, other = st.columns([3, 2], vertical_alignment="bottom")
lineage = pick.selectbox("Đơn vị", options, format_func=ui.format_with(labels), key="profile_lineage",
                         filter_mode=None, help="Các đơn vị đang chọn ở thanh bên; đơn vị khác: «Tìm đơn vị khác».")
with other.expander("Tìm đơn vị khác", icon=":material/search:"):
    ui.unit_finder("profile_find", _show, action="Xem hồ sơ", action_icon=":material/location_city:")
ui.write_url({"don_vi": lineage})

unit = reads.unit_profile(lineage)
if unit is None:
    st.warning("Không có đơn vị này trong danh mục.", icon=":material/warning:")
    st.stop()

st.header(unit.label)
left, right = st.columns([2, 3])
with left:
    where = unit.locator
    fig = ui.cached_figure(("locator", lineage), lambda: locator_map(
        geo.provinces_geojson(where["vintage"]), geo.province_table(where["vintage"]), where["gso_code"],
        title=where["title"], attribution=geo.attribution(), point=where["point"],
        view=geo.view_for(where["vintage"], where["gso_code"] or None, pad=1.2)))
    ui.show_map(fig, key="locator")
    st.caption(f"Bản đồ {geo.VINTAGES[where['vintage']]}.")
with right:
    st.subheader("Thông tin đơn vị")
    st.markdown("\n".join(f"- **{label}:** {value}" for label, value in unit.facts))
    st.markdown("**Các thời kỳ địa giới**")
    ui.paged_table(unit.history, key="history", size=10)

st.subheader("Tiền thân và kế thừa")
if unit.lines:
    st.markdown("\n".join(f"- {line}" for line in unit.lines))
if not unit.predecessors.empty:
    st.markdown(f"**Đơn vị tiền thân** ({format_number(len(unit.predecessors))})")
    ui.paged_table(unit.predecessors, key="predecessors", what="đơn vị")
if not unit.successors.empty:
    st.markdown(f"**Đơn vị kế thừa** ({format_number(len(unit.successors))})")
    ui.paged_table(unit.successors, key="successors", what="đơn vị")
if unit.predecessors.empty and unit.successors.empty:
    st.caption("Danh mục không ghi đơn vị tiền thân hay kế thừa nào của đơn vị này.")
if not unit.successions.empty:
    with st.expander("Ghi chép về sắp xếp địa giới theo nguồn (kể cả phương án dự kiến)",
                     icon=":material/history_edu:"):
        ui.paged_table(unit.successions, key="successions")
st.caption(
    "Mỗi số liệu thuộc về đơn vị như tại thời điểm báo cáo. Từ 01/07/2025 cả nước còn 34 tỉnh, thành phố "
    "và không còn cấp huyện. «Một phần địa bàn»: chỉ một phần của đơn vị cũ chuyển vào đơn vị mới."
)

data = reads.profile(filters, lineage, unit.name)
if data.frame.empty:
    ui.empty_message(f"Chưa có số liệu của {unit.label} trong khoảng năm đã chọn.")
else:
    st.subheader("Tóm tắt (để dán vào báo cáo)")
    st.caption("Đoạn văn dựng tự động từ số liệu đang hiện (khoảng năm ở thanh bên): kết quả gần nhất, so sánh "
               "với kỳ trước cùng chỉ tiêu, cùng phạm vi, cùng độ dài kỳ (nói rõ khi hai kỳ không liền nhau), và hạn chế về số liệu. Bấm biểu tượng "
               "sao chép ở góc khung để dán.")
    st.code(data.summary, language=None, wrap_lines=True)

    st.subheader(f"Số liệu theo lĩnh vực ({format_number(len(data.frame))} số liệu)")
    # One theme's table at a time (the browser gets only that one, a page of it), picked by name.
    theme_labels = {name: f"{name} – {format_number(count)} số liệu" for name, count, _ in data.themes}
    theme_tables = {name: table for name, _, table in data.themes}

    @st.fragment
    def theme_table() -> None:
        """The theme picker and its table: choosing another theme reruns only this part (the
        locator map, the summary and the other tables stay as they are)."""
        if st.session_state.get("profile_theme") not in theme_labels:
            st.session_state.profile_theme = next(iter(theme_labels))
        theme = st.selectbox("Lĩnh vực", list(theme_labels), format_func=ui.format_with(theme_labels),
                             key="profile_theme", filter_mode=None)
        ui.paged_table(theme_tables[theme], key="profile_theme_table", size=PROFILE_ROWS, what="số liệu")

    theme_table()

    if not data.checks.empty:
        st.subheader("Tỷ lệ: số nguồn nêu và số tính lại từ tử số, mẫu số")
        st.caption("«lệch»: chênh lệch lớn hơn mức làm tròn của số nguồn nêu. Số nguồn nêu được giữ nguyên.")
        ui.paged_table(data.checks, key="rates", size=PROFILE_ROWS)

    st.subheader("Nguồn")
    ui.paged_table(data.sources, key="profile_sources", size=PROFILE_ROWS, what="nguồn")

if unit.predecessor_lineages:
    st.subheader(f"Số liệu của các đơn vị tiền thân (trước {unit.reform_date})")
    st.caption(f"Mỗi nhóm là số liệu của một đơn vị tiền thân, theo địa bàn của đơn vị đó khi báo cáo. Các nhóm "
               f"không được cộng lại thành số liệu của {unit.name}: nhiều đơn vị chỉ chuyển một phần địa bàn.")
    groups = reads.predecessor_figures(filters, lineage)
    for group in groups:
        with st.expander(f"{group.title} – {format_number(group.n)} số liệu"):
            ui.paged_table(group.table, key=f"predecessor_{group.key}", size=PROFILE_ROWS, what="số liệu")
    if not groups:
        st.caption("Các đơn vị tiền thân chưa có số liệu trong khoảng năm đã chọn.")
