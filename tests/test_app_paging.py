"""Tables sent one page at a time (issue 15): a database with many registry models, inserted
directly, and the pages that list them send at most one page of rows, with Vietnamese controls."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, select
from streamlit.testing.v1 import AppTest

from danvan.data import version as data_version
from danvan.data.db import get_engine
from danvan.data.loader import build_database
from danvan.data.models import DvkModel, Locality
from danvan.reading.paging import PAGE_ROWS
from danvan.settings import get_settings
from tests.apptest_support import editor_on_page, open_page

N_MODELS = 1234
N_PLACES = 60


@pytest.fixture
def many_models(own_db) -> str:
    """The shipped data plus 1.234 models spread over 60 districts (one insert)."""
    engine = get_engine(own_db)
    build_database(engine, get_settings().data_dir)
    with engine.begin() as conn:
        places = conn.execute(select(Locality.locality_id).where(Locality.level == "huyen")
                              .order_by(Locality.locality_id).limit(N_PLACES)).scalars().all()
        assert len(places) == N_PLACES
        conn.execute(insert(DvkModel), [
            {"name": f"Mô hình thử số {i:04d}", "locality_id": places[i % N_PLACES], "year_registered": 2022,
             "field": "kinh_te", "subject": "tap_the" if (i // N_PLACES) % 2 else "ca_nhan", "status": "dang_ky",
             "unit_name": "", "description": "", "evidence": "", "created_by": "pytest", "updated_by": "pytest"}
            for i in range(N_MODELS)])
        data_version.bump(conn)
    return own_db


def _table(at: AppTest, column: str):
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption)


def test_registry_page_sends_one_page_and_turns_pages(many_models, app_path, root) -> None:
    at = AppTest.from_file(app_path, default_timeout=120)
    at.run()
    at = open_page(at, root, "mo_hinh")
    first = _table(at, "Tên mô hình")
    assert len(first) == PAGE_ROWS
    assert f"Dòng 1–{PAGE_ROWS} trong 1.234 mô hình · trang 1/50" in _captions(at)
    assert at.button(key="registry_table_prev").disabled
    at.button(key="registry_table_next").click().run()
    assert not at.exception, [e.message for e in at.exception]
    second = _table(at, "Tên mô hình")
    assert len(second) == PAGE_ROWS
    assert not set(first["Tên mô hình"]) & set(second["Tên mô hình"]), "the next page shows other rows"
    assert f"Dòng {PAGE_ROWS + 1}–{2 * PAGE_ROWS} trong 1.234 mô hình · trang 2/50" in _captions(at)
    at.button(key="registry_table_prev").click().run()
    assert list(_table(at, "Tên mô hình")["Tên mô hình"]) == list(first["Tên mô hình"])
    at.button(key="registry_table_next").click().run()
    at.text_input(key="reg_text").input("mo hinh thu so 00").run()  # a search starts again at page 1
    found = _table(at, "Tên mô hình")
    assert len(found) == PAGE_ROWS and "Dòng 1–25 trong 100 mô hình · trang 1/4" in _captions(at)
    assert all(name.startswith("Mô hình thử số 00") for name in found["Tên mô hình"])
    # the whole registry stays downloadable (built when clicked)
    assert {b.label for b in at.get("download_button")} >= {"Tải CSV", "Tải Excel (.xlsx)"}


def test_dvk_page_lists_registry_counts_one_page_at_a_time(many_models, app_path, root) -> None:
    at = AppTest.from_file(app_path, default_timeout=120)
    at.run()
    at = open_page(at, root, "dan_van_kheo")
    status = _table(at, "Tập thể / cá nhân")
    assert len(status) == PAGE_ROWS  # 60 districts (two share a name) × tập thể / cá nhân: 118 rows in all
    assert f"Dòng 1–{PAGE_ROWS} trong 118 dòng · trang 1/5" in _captions(at)
    assert "Đếm từ 1.234 mô hình" in _captions(at)


def test_profile_sends_one_theme_table_picked_by_name(app: AppTest, root) -> None:
    at = open_page(app, root, "ho_so")
    at.selectbox(key="profile_lineage").set_value("tra-vinh").run()
    picker = at.selectbox(key="profile_theme")
    assert len(picker.options) > 3 and all(" số liệu" in option for option in picker.options)
    theme_tables = [d.value for d in at.dataframe if "Chỉ tiêu" in d.value.columns and "Lĩnh vực" in d.value.columns]
    assert len(theme_tables) == 1, "one theme's table, not one per theme"
    first = theme_tables[0]
    assert set(first["Lĩnh vực"]) == {picker.value}
    other = picker.options[1].split(" – ")[0]
    picker.set_value(other).run()
    table = next(d.value for d in at.dataframe if "Chỉ tiêu" in d.value.columns and "Lĩnh vực" in d.value.columns)
    assert set(table["Lĩnh vực"]) == {other} and len(table) <= 20


def test_editor_picks_models_from_the_page_being_viewed(many_models, app_path, root) -> None:
    at = editor_on_page(app_path, many_models, root, "mo_hinh")
    shown = [int(i) for i in _table(at, "Tên mô hình")["Số"]]
    picker = at.selectbox(key="reg_edit")
    assert len(picker.options) == PAGE_ROWS + 1  # «Thêm mô hình mới» and the page's models, not 1.234
    picker.set_value(shown[3]).run()
    at.button(key="registry_table_next").click().run()
    assert not at.exception, [e.message for e in at.exception]
    following = [int(i) for i in _table(at, "Tên mô hình")["Số"]]
    picker = at.selectbox(key="reg_edit")
    assert picker.value == shown[3]  # the model being edited stays
    assert len(picker.options) == PAGE_ROWS + 2 and any(f"Sửa số {following[0]}:" in o for o in picker.options)
