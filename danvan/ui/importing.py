"""The Nhập dữ liệu page's steps for staff spreadsheets as they are: columns, indicator names,
preview, import of the valid rows, and the «Chờ bổ sung» list."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import streamlit as st

from danvan import ui
from danvan.data.db import WriteError
from danvan.formatting import vn_sort_key
from danvan.importing import ImportFileError, RawTable, read_table, read_tables
from danvan.importing import service as import_service
from danvan.importing import tables as import_views
from danvan.importing.layout import ROLE_LABELS
from danvan.importing.staff import HOLD, NEW
from danvan.ui import reads
from danvan.vocabulary import INDICATOR_KINDS

ROLE_BY_LABEL = {label: role for role, label in ROLE_LABELS.items()}
MODES = {"all": "Tất cả hoặc không (mặc định): chỉ ghi khi mọi dòng đều nhập được",
         "valid": "Nhập các dòng hợp lệ: ghi các dòng tốt thành một lô, các dòng còn lại vào danh sách «Chờ bổ sung»"}


def _columns_step(table: RawTable, mapping: dict[str, str], remembered: bool, key: str) -> dict[str, str]:
    where = f"trang tính «{table.sheet}»" if table.sheet else "tệp"
    st.markdown(f"Tiêu đề cột ở dòng {table.header_row} của {where}. Kiểm tra vai trò của từng cột, sửa nếu cần."
                + (" Cách đọc này được nhớ từ lần nhập trước có cùng tiêu đề." if remembered else ""))
    frame = pd.DataFrame({"Cột trong tệp": list(mapping), "Đọc là": [ROLE_LABELS[r] for r in mapping.values()]})
    edited = st.data_editor(
        frame, hide_index=True, key=f"staff_cols_{key}_{table.sheet}", disabled=["Cột trong tệp"],
        column_config={"Đọc là": st.column_config.SelectboxColumn("Đọc là", options=list(ROLE_LABELS.values()),
                                                                  required=True)})
    return {h: ROLE_BY_LABEL.get(label, "ignore") for h, label in zip(edited["Cột trong tệp"], edited["Đọc là"],
                                                                        strict=True)}


def _new_indicator_form(name: str, key: str, catalogue: pd.DataFrame) -> dict[str, Any]:
    units, themes = reads.units(), reads.themes()
    with st.container(border=True):
        st.caption(f"Chỉ tiêu mới cho «{name}»")
        spec: dict[str, Any] = {"name_vi": st.text_input("Tên chỉ tiêu", value=name, key=f"{key}_name")}
        unit_labels = dict(zip(units["code"], units["name_vi"], strict=True))
        spec["unit"] = st.selectbox("Đơn vị tính", list(unit_labels), format_func=ui.format_with(unit_labels),
                                    key=f"{key}_unit")
        theme_labels = dict(zip(themes["code"], themes["name_vi"], strict=True))
        spec["theme"] = st.selectbox("Nhóm chỉ tiêu", list(theme_labels), format_func=ui.format_with(theme_labels),
                                     key=f"{key}_theme")
        spec["kind"] = st.selectbox("Loại", list(INDICATOR_KINDS),
                                    format_func=ui.format_with(INDICATOR_KINDS), key=f"{key}_kind")
        spec["definition_vi"] = st.text_area("Định nghĩa (đếm gì, phạm vi nào, trong kỳ hay tại một thời điểm)",
                                             key=f"{key}_def")
        if spec["kind"] == "rate":
            names = dict(zip(catalogue["code"], catalogue["name_vi"], strict=True))
            options = ["", *names]
            spec["numerator_code"] = st.selectbox("Tử số", options, format_func=lambda c: names.get(c, "(không)"),
                                                  key=f"{key}_num") or None
            spec["denominator_code"] = st.selectbox("Mẫu số", options, format_func=lambda c: names.get(c, "(không)"),
                                                    key=f"{key}_den") or None
    return spec


def _indicators_step(prepared: import_service.StaffPrepared, catalogue: pd.DataFrame, key: str
                     ) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
    plan = prepared.plan
    st.markdown(f"**Bước 4. Chỉ tiêu.** {len(plan.matches)} tên chỉ tiêu khác nhau trong tệp. Chọn chỉ tiêu "
                "đúng cho từng tên, hoặc tạo chỉ tiêu mới. Lựa chọn được nhớ cho các tệp sau.")
    choices: dict[str, str] = {}
    specs: dict[str, dict[str, Any]] = {}
    everything = list(catalogue.sort_values("name_vi", key=lambda names: names.map(vn_sort_key))["code"])
    for i, (norm, match) in enumerate(plan.matches.items()):
        written = plan.written_names[norm]
        scores = {c.code: c.score for c in match.candidates}
        # the best matches first, then every other catalogue indicator (type to search)
        others = [code for code in everything if code not in scores]
        options = [*scores, NEW, HOLD, *others]
        labels = {code: import_views.match_label(code, catalogue, scores.get(code)) for code in [*scores, *others]}
        labels[NEW] = "Tạo chỉ tiêu mới với tên này"
        labels[HOLD] = "Chưa chọn: để các dòng này chờ bổ sung"
        default = options.index(match.chosen) if match.chosen else options.index(HOLD)
        note = "khớp tự động" if match.chosen else f"cần chọn ({match.why_not})"
        chosen = st.selectbox(f"«{written}» ({plan.name_rows[norm]} dòng; {note})", options, index=default,
                              format_func=ui.format_with(labels), key=f"staff_ind_{key}_{i}")
        if chosen != options[default]:  # only the editor's own decisions are passed on (and remembered)
            choices[written] = chosen
        if chosen == NEW:
            specs[written] = _new_indicator_form(written, f"staff_new_{key}_{i}", catalogue)
    return choices, specs


@st.cache_resource(show_spinner=False, max_entries=2)
def _reference(version: str) -> import_service.StaffReference:
    """Catalogue, localities (indexed), aliases: read and indexed once per data version."""
    return import_service.staff_reference(ui.engine())


def reference() -> import_service.StaffReference:
    return _reference(ui.data_version())


@st.cache_data(show_spinner="Đang đọc tệp…", max_entries=4)
def read_upload(file_name: str, data: bytes) -> RawTable:
    """The uploaded file's data sheet read once, not on every rerun (raises ImportFileError)."""
    return read_table(file_name, data)


@st.cache_data(show_spinner="Đang đọc các trang tính…", max_entries=4)
def read_sheets(file_name: str, data: bytes) -> tuple[list[RawTable], list[str]]:
    """Every sheet of a staff workbook that has a header row, read once (danvan.importing.read_tables)."""
    return read_tables(file_name, data)


def _conflicts_step(prepared: import_service.StaffPrepared, catalogue: pd.DataFrame,
                    localities: pd.DataFrame) -> set[tuple[int, str | None]]:
    conflicts = prepared.plan.conflicts
    st.subheader(f"Khác số liệu đang có: {len(conflicts)} số liệu")
    st.caption("Đánh dấu «Thay thế» cho số muốn dùng số mới. Số không đánh dấu được giữ ở «Chờ bổ sung» (khi nhập các "
               "dòng hợp lệ); số cũ vẫn giữ và có thể khôi phục bằng cách hoàn tác lô nhập.")
    table = import_views.conflicts_table(conflicts, catalogue, localities)
    table.insert(2, "Cột", [c["observation"].get("_column") or "" for c in conflicts])
    edited = st.data_editor(table, disabled=lambda column: column != "Thay thế", hide_index=True,
                            key="staff_conflicts")
    return {import_service.conflict_key(c) for c, take in zip(conflicts, edited["Thay thế"], strict=True) if take}


CONFIRM_LABEL = "Tôi đã kiểm tra các số liệu bất thường ở trên với nguồn: đúng như vậy, vẫn nhập"


def questions_step(questions: list[Any], key: str) -> bool:
    """The figures held for confirmation (danvan.importing.plausibility), each with its
    question, and the editor's explicit confirmation (a checkbox, unticked at first).
    Returns whether the editor confirmed; True when there is nothing to confirm."""
    if not questions:
        return True
    st.warning(f"Cần xác nhận {len(questions)} số liệu bất thường trước khi nhập. Chưa ghi gì; xem từng câu hỏi "
               "dưới đây.", icon=":material/help:")
    ui.show_table(import_views.problems_table(questions), key=f"{key}_questions")
    return st.checkbox(CONFIRM_LABEL, value=False, key=f"{key}_confirm_questions")


def staff_section(file_name: str, data: bytes, user: str) -> None:
    """Steps 3–6 for a workbook that is not the template."""
    engine = ui.engine()
    if done := st.session_state.pop("staff_done", None):
        st.success(done, icon=":material/check_circle:")
        return
    catalogue, localities = reads.catalogue(), reads.localities()
    ref = reference()
    key = import_service.file_checksum(data)[:12]
    state = st.session_state.setdefault(f"staff_{key}", {})
    tables, notes = read_sheets(file_name, data)
    st.markdown(f"**Bước 3. Cột.** Đã đọc {len(tables)} trang tính.")
    for note in notes:
        st.caption(note[0].upper() + note[1:] + ".")
    mappings = {}
    for table in tables:
        seed, remembered = import_service.settle_mapping(engine, table, ref.places)
        if len(tables) > 1:
            with st.expander(f"Trang tính «{table.sheet}»", expanded=False):
                mappings[table.sheet] = _columns_step(table, seed, remembered, key)
        else:
            mappings[table.sheet] = _columns_step(table, seed, remembered, key)
    cols = st.columns(2)
    period = cols[0].text_input("Kỳ cho các dòng không ghi kỳ", key=f"staff_period_{key}",
                                placeholder="ví dụ: năm 2025").strip() or None
    place = cols[1].text_input("Địa phương cho các dòng không ghi địa phương", key=f"staff_place_{key}",
                               placeholder="ví dụ: Tỉnh Nghệ An").strip() or None
    options = import_service.StaffOptions(user=user, period=period, locality=place, column_choices=mappings,
                                          indicator_choices=state.get("choices", {}),
                                          new_specs=state.get("specs", {}))
    try:
        prepared = import_service.prepare_staff(engine, file_name, data, options, tables=tables, reference=ref)
    except ImportFileError as error:
        st.error("Chưa đọc được bảng với cách đọc cột này. Chưa ghi gì.", icon=":material/error:")
        ui.show_table(import_views.problems_table(error.problems), key="staff_map_problems")
        return
    choices, specs = _indicators_step(prepared, catalogue, key)
    if choices != state.get("choices", {}) or specs != state.get("specs", {}):
        state["choices"], state["specs"] = choices, specs
        st.rerun()
    plan = prepared.plan
    for note in [*prepared.notes[len(notes):], *plan.context]:
        st.info(note + ".", icon=":material/info:")
    counts = plan.counts()
    st.markdown(f"**Bước 5. Xem trước:** {counts.get('ready', 0)} số liệu nhập được, {counts.get('held', 0)} chưa "
                f"nhập được, {counts.get('conflict', 0)} khác số đang có, {counts.get('skipped', 0)} bỏ qua "
                "(trùng).")
    if prepared.duplicate_of:
        st.warning(f"Tệp giống hệt đã được nhập ở lô số {prepared.duplicate_of}.", icon=":material/content_copy:")
    if counts.get("ready"):
        ui.show_table(import_views.outcomes_table(plan.outcomes, catalogue, localities, ("ready",)), key="staff_ok")
    if counts.get("held"):
        st.subheader("Chưa nhập được")
        ui.show_table(import_views.outcomes_table(plan.outcomes, catalogue, localities, ("held",)), key="staff_held")
    replace = _conflicts_step(prepared, catalogue, localities) if plan.conflicts else set()
    if plan.warnings:
        with st.expander(f"Lưu ý ({len(plan.warnings)})", expanded=True):
            ui.show_table(import_views.problems_table(plan.warnings), key="staff_warnings")
    low: set[str] = set()
    if plan.new_sources:
        st.markdown("**Nguồn mới.** Đánh dấu nguồn có độ tin cậy thấp (ví dụ bách khoa mở do máy viết): số liệu của "
                    "nguồn đó mang dấu này và không được đưa vào so sánh theo mặc định.")
        frame = pd.DataFrame({"Nguồn": [v["title"] for v in plan.new_sources.values()],
                              "Đường dẫn": [v.get("url") or "" for v in plan.new_sources.values()],
                              "Độ tin cậy thấp": [k in plan.low_reliability for k in plan.new_sources]})
        edited = st.data_editor(frame, hide_index=True, disabled=["Nguồn", "Đường dẫn"], key=f"staff_src_{key}")
        low = {k for k, flag in zip(plan.new_sources, edited["Độ tin cậy thấp"], strict=True) if flag}
    mode = st.radio("Cách nhập", list(MODES), format_func=ui.format_with(MODES), key=f"staff_mode_{key}")
    confirmed = questions_step(plan.questions, f"staff_{key}")
    if st.button("Xác nhận nhập", type="primary", key="staff_confirm", disabled=not confirmed):
        prepared.options.confirmed = bool(plan.questions) and confirmed
        prepared.options.valid_rows = mode == "valid"
        prepared.options.low_reliability = low
        prepared.options.replace = replace
        try:
            result = import_service.commit_staff(engine, prepared)
        except WriteError as error:
            st.error(str(error), icon=":material/error:")
            return
        ui.data_changed()
        done = result.counts()
        if result.batch_id is None and done.get("refused"):
            st.error(f"Chưa ghi gì: {done.get('refused')} dòng bị từ chối vì tệp còn dòng chưa nhập được. Chọn "
                     "«Nhập các dòng hợp lệ» để nhập các dòng tốt.", icon=":material/error:")
            return
        text = f"Đã nhập {done.get('imported', 0)} số liệu" + (f" thành lô số {result.batch_id}"
                                                                 if result.batch_id else "")
        if done.get("held"):
            text += f"; {done['held']} dòng chờ bổ sung (xem thẻ «Chờ bổ sung»)"
        st.session_state["staff_done"] = text + "."
        st.rerun()  # the «Chờ bổ sung» tab then lists the rows just held


def held_section(user: str) -> None:
    """The «Chờ bổ sung» list: complete a held row and import it as its own batch."""
    engine = ui.engine()
    if done := st.session_state.pop("held_done", None):
        st.success(done, icon=":material/check_circle:")
    held = import_service.pending_held(engine)
    st.subheader(f"Chờ bổ sung ({len(held)} dòng)")
    if held.empty:
        st.caption("Không có dòng nào chờ bổ sung.")
        return
    ui.show_table(import_views.held_table(held), key="held_rows")
    labels = {int(r.id): f"{r.file_name}, dòng {r.row}" + (f", cột «{r.column}»" if r.column else "")
              for r in held.itertuples()}
    chosen = st.selectbox("Bổ sung dòng", list(labels), format_func=ui.format_with(labels), key="held_pick")
    row = held.loc[held["id"] == chosen].iloc[0]
    cells = json.loads(row["cells_json"])
    st.caption(f"Lý do: {row['reason']}")
    catalogue = reads.catalogue()
    names = dict(zip(catalogue["code"], catalogue["name_vi"] + " (" + catalogue["unit_label"] + ")", strict=True))
    cols = st.columns(2)
    changes = {
        "locality": cols[0].text_input("Địa phương", value=str(cells.get("locality") or ""), key=f"held_loc_{chosen}"),
        "period": cols[1].text_input("Kỳ báo cáo của dòng", value=str(cells.get("period") or ""), key=f"held_period_{chosen}",
                                     placeholder="ví dụ: năm 2025"),
        "value": cols[0].text_input("Giá trị", value=str(cells.get("value") or ""), key=f"held_value_{chosen}"),
        "unit": cols[1].text_input("Đơn vị tính", value=str(cells.get("unit") or ""), key=f"held_unit_{chosen}"),
    }
    code = st.selectbox(f"Chỉ tiêu cho «{cells.get('indicator') or ''}»", ["", *names],
                        format_func=lambda c: names.get(c, "(giữ như tệp ghi)"), key=f"held_ind_{chosen}")
    confirmed = st.checkbox("Xác nhận số liệu bất thường (nếu được hỏi): đúng như nguồn", value=False,
                            key=f"held_confirm_{chosen}")
    if st.button("Nhập dòng này", key="held_go", type="primary"):
        try:
            result = import_service.complete_held(engine, chosen, changes, user, indicator_code=code or None,
                                                  reference=reference(), confirmed=confirmed)
        except WriteError as error:
            st.error(str(error), icon=":material/error:")
            return
        if result.batch_id is None:
            st.error(f"Dòng vẫn chưa nhập được: {result.rows[0].reason}", icon=":material/error:")
            return
        ui.data_changed()
        st.session_state["held_done"] = f"Đã nhập dòng này thành lô số {result.batch_id}."
        st.rerun()
