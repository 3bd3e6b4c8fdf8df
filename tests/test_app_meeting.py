"""Bộ trình chiếu (meeting pack, projector mode), image downloads under charts, and the
summary on Hồ sơ địa phương, through Streamlit's AppTest."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest_support import open_page


def markdown(at: AppTest) -> str:
    return "\n".join(str(m.value) for m in at.markdown)


def slide_titles(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if str(m.value).startswith("**") and ". " in str(m.value)]


def download_labels(at: AppTest) -> list[str]:
    return [b.proto.label for b in at.get("download_button")]


def test_meeting_pack_page_renders_with_downloads_and_preview(app: AppTest, root) -> None:
    at = open_page(app, root, "trinh_chieu")
    assert at.title[0].value == "Bộ trình chiếu"
    labels = download_labels(at)
    assert "Tải PowerPoint (.pptx)" in labels and "Tải PDF" in labels
    assert slide_titles(at), "a preview of the slides"
    assert at.radio(key="pack_preset").value == "tong_quan_nam"
    assert at.toggle(key="projector").value is False


def test_preset_switch_changes_the_slide_list(app: AppTest, root) -> None:
    at = open_page(app, root, "trinh_chieu")
    before = slide_titles(at)
    at.radio(key="pack_preset").set_value("so_sanh_dia_phuong").run()
    assert not at.exception
    after = slide_titles(at)
    assert after and after != before
    assert at.query_params["bo"] == "so_sanh_dia_phuong"


def test_preset_without_comparable_figures_says_what_is_missing(app: AppTest, root) -> None:
    at = open_page(app, root, "trinh_chieu")
    at.radio(key="pack_preset").set_value("dan_van_kheo").run()
    assert not at.exception
    assert not slide_titles(at), "one locality per chart: no comparison slide"
    captions = "\n".join(str(c.value) for c in at.caption)
    assert "không có số liệu “Dân vận khéo: khen thưởng, biểu dương” trong" in captions


def test_cover_title_input_defaults_to_the_meeting_title(app: AppTest, root) -> None:
    at = open_page(app, root, "trinh_chieu")
    captions = "\n".join(str(c.value) for c in at.caption)
    assert "Kết quả công tác dân vận các địa phương năm" in captions
    assert "Ban Tuyên giáo và Dân vận" in captions
    at.text_input(key="pack_title").set_value("Sơ kết 6 tháng").run()
    assert "«Sơ kết 6 tháng»" in "\n".join(str(c.value) for c in at.caption)


def test_custom_chart_choice(app: AppTest, root) -> None:
    at = open_page(app, root, "trinh_chieu")
    at.radio(key="pack_preset").set_value("tu_chon").run()
    at.multiselect(key="pack_charts").set_value(["ntm_so_sanh"]).run()
    assert not at.exception
    assert len(slide_titles(at)) == 1
    assert at.query_params["bieu_do"] == "ntm_so_sanh"


def test_projector_mode_steps_through_slides_and_keeps_the_url(app: AppTest, root) -> None:
    at = open_page(app, root, "trinh_chieu")
    at.toggle(key="projector").set_value(True).run()
    assert not at.exception
    assert at.query_params["trinh_chieu"] == "1"
    assert "Trang 1/" in markdown(at)
    assert len(at.get("plotly_chart")) == 1, "one chart per screen"
    assert not at.get("download_button")
    at.button(key="slide_next").click().run()
    assert not at.exception
    assert "Trang 2/" in markdown(at)
    assert at.query_params["trang"] == "2"
    at.button(key="slide_prev").click().run()
    assert "Trang 1/" in markdown(at)
    at.button(key="projector_exit").click().run()
    assert "trinh_chieu" not in at.query_params and "trang" not in at.query_params
    assert at.get("download_button")


def test_projector_link_reopens_the_same_slide(app_db: str, app_path: str, root) -> None:
    at = AppTest.from_file(app_path, default_timeout=120)
    at.query_params["trinh_chieu"] = "1"
    at.query_params["trang"] = "3"
    at.query_params["bo"] = "so_sanh_dia_phuong"
    at.query_params["moi_nhat"] = "1"  # latest figure of each unit: enough slides for a page 3
    at.run()  # a first run registers the pages; the parameters stay in the URL
    at.switch_page(str(root / "pages" / "trinh_chieu.py")).run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.toggle(key="projector").value is True
    assert at.checkbox(key="pack_latest").value is True
    assert "Trang 3/" in markdown(at)


def test_profile_shows_pasteable_summary(app: AppTest, root) -> None:
    at = open_page(app, root, "ho_so")
    at.selectbox(key="profile_lineage").set_value("tra-vinh").run()
    assert not at.exception
    assert "Tóm tắt (để dán vào báo cáo)" in [s.value for s in at.subheader]
    summary = at.code[0].value
    assert "Trà Vinh" in summary and "0,41%" in summary


@pytest.mark.parametrize("page", ["xu_huong", "so_sanh", "ban_do", "ho_so", "tong_quan", "dan_van_kheo"])
def test_every_chart_has_png_and_svg_buttons(app: AppTest, root, page: str) -> None:
    at = open_page(app, root, page)
    if page == "so_sanh":  # no dân vận indicator shares a period across the localities by default
        at.segmented_control(key="cmp_period").set_value("moi_nhat").run()
    charts = at.get("plotly_chart")
    assert charts
    labels = download_labels(at)
    assert labels.count("Ảnh PNG") == len(charts)
    assert labels.count("Ảnh SVG") == len(charts)
