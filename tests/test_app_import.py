"""A new editor's yearly import, as in the issue: download the template, fill a few rows of
2025 figures for a province, import them, see them on the pages, undo the batch."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.apptest_support import add_user, open_page, sign_in
from tests.test_import_validation import row, xlsx

ROWS_2025 = [
    row(**{"Địa phương": "Tỉnh Nghệ An", "Mã chỉ tiêu": "petitions_received", "Giá trị": "7.950",
           "Kỳ báo cáo": "6 tháng đầu năm 2025", "Phạm vi": "Cơ quan hành chính các cấp, toàn tỉnh",
           "Nguồn": "Báo cáo công tác tiếp công dân 6 tháng đầu năm 2025", "Cơ quan ban hành": "UBND tỉnh Nghệ An"}),
    row(**{"Địa phương": "Tỉnh Nghệ An", "Mã chỉ tiêu": "citizen_reception_visits", "Giá trị": "3.120",
           "Kỳ báo cáo": "6 tháng đầu năm 2025", "Phạm vi": "Cơ quan hành chính các cấp, toàn tỉnh",
           "Nguồn": "Báo cáo công tác tiếp công dân 6 tháng đầu năm 2025", "Cơ quan ban hành": "UBND tỉnh Nghệ An"}),
]


def data_rows(at: AppTest) -> int:
    return len(at.dataframe[0].value)


def test_editor_imports_sees_and_undoes_a_batch(own_db, app_path, root) -> None:
    at = AppTest.from_file(app_path, default_timeout=90)
    at.run()
    add_user(own_db, "bien.tap")
    sign_in(at, "bien.tap")
    at = open_page(at, root, "nhap_du_lieu")
    assert [b for b in at.get("download_button")], "the template can be downloaded"
    at.file_uploader(key="imp_file").upload("nghe_an_2025.xlsx", xlsx(ROWS_2025)).run()
    assert not at.exception and not at.error
    assert any("Thêm 2" in m.value for m in at.markdown)
    preview = next(d.value for d in at.dataframe if "Chỉ tiêu" in d.value.columns)
    assert list(preview["Giá trị"]) == ["7.950 đơn", "3.120 lượt"]
    assert list(preview["Kỳ báo cáo"]) == ["6 tháng đầu năm 2025"] * 2
    at.button(key="imp_confirm").click().run()
    assert any("lô số 1" in s.value for s in at.success)

    at = open_page(at, root, "nguon_du_lieu")
    assert data_rows(at) == 268
    at.text_input(key="data_search").set_value("tiep cong dan 6 thang").run()
    assert data_rows(at) == 2

    at = open_page(at, root, "lich_su_nhap")
    batches = at.dataframe[0].value
    assert list(batches["Người nhập"]) == ["bien.tap"] and list(batches["Thêm"]) == [2]
    at.checkbox(key="undo_sure").check().run()
    at.button(key="undo_go").click().run()
    assert not at.exception
    batches = at.dataframe[0].value
    assert list(batches["Trạng thái"]) == ["Đã hoàn tác"]

    at = open_page(at, root, "nguon_du_lieu")
    assert data_rows(at) == 266


def test_bad_file_is_explained_on_the_page(own_db, app_path, root) -> None:
    at = AppTest.from_file(app_path, default_timeout=90)
    at.run()
    add_user(own_db, "bien.tap")
    sign_in(at, "bien.tap")
    at = open_page(at, root, "nhap_du_lieu")
    bad = xlsx([ROWS_2025[0], {**ROWS_2025[1], "Giá trị": "ba nghìn"}])
    at.file_uploader(key="imp_file").upload("loi.xlsx", bad).run()
    problems = next(d.value for d in at.dataframe if "Cách sửa" in d.value.columns)
    assert list(problems["Dòng"]) == ["3"] and list(problems["Cột"]) == ["Giá trị"]
    assert at.button(key="imp_confirm").disabled


def test_registry_editing_needs_sign_in(own_db, app_path, root) -> None:
    at = AppTest.from_file(app_path, default_timeout=90)
    at.run()
    at = open_page(at, root, "mo_hinh")
    assert any("Chưa có mô hình nào" in i.value for i in at.info)
    assert not [t for t in at.text_input if t.label.startswith("Tên mô hình")], "no form for a viewer"
    add_user(own_db, "bien.tap")
    sign_in(at, "bien.tap")
    at = open_page(at, root, "mo_hinh")
    next(t for t in at.text_input if t.label.startswith("Tên mô hình")).input("Dân vận khéo trong chuyển đổi số")
    next(n for n in at.number_input if n.label == "Năm đăng ký").set_value(2024)
    next(s for s in at.selectbox if s.label == "Lĩnh vực").set_value("kinh_te")
    next(b for b in at.button if b.label == "Lưu").click().run()
    assert any("Đã lưu mô hình" in s.value for s in at.success), [e.value for e in at.error]
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert [d for d in at.dataframe], ([i.value for i in at.info], [t.value for t in at.title])
    table = next(d.value for d in at.dataframe if "Tên mô hình" in d.value.columns)
    assert list(table["Tên mô hình"]) == ["Dân vận khéo trong chuyển đổi số"]
    assert list(table["Lĩnh vực"]) == ["Kinh tế"] and list(table["Năm đăng ký"]) == ["2024"]
    assert list(table["Người cập nhật"]) == ["bien.tap"]
