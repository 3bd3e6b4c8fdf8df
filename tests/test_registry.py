"""The Dân vận khéo model registry: checks, writes with who/when, search and counts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from danvan.data.db import get_engine
from danvan.data.loader import build_database
from danvan.data.models import AuditEntry
from danvan.reading import queries
from danvan.reading.filters import Filters
from danvan.reading.tables import registry_counts, registry_status_table
from danvan.registry import RegistryError, add_model, check_model, update_model
from tests.dbs import fresh_url

MINI = Path(__file__).parent / "fixtures" / "mini"
PLACES = {"tra-vinh", "huong-tra-2021"}


def model(**changes) -> dict:
    base = {"name": "Dân vận khéo trong cải cách hành chính", "locality_id": "tra-vinh", "unit_name": "Sở Tư pháp",
            "year_registered": 2022, "year_recognised": 2023, "field": "kinh_te", "subject": "tap_the",
            "status": "cong_nhan", "description": "Một cửa liên thông", "evidence": "QĐ 12/QĐ-UBND"}
    return base | changes


@pytest.mark.parametrize(
    ("changes", "words"),
    [({"name": " "}, "tên mô hình"), ({"locality_id": "ha-noi"}, "địa phương"),
     ({"year_registered": 2031}, "Năm đăng ký 2031"), ({"year_recognised": 2020}, "trước năm đăng ký"),
     ({"field": "the_thao"}, "Lĩnh vực"), ({"status": "xong"}, "Trạng thái"),
     ({"year_recognised": None}, "cần ghi năm công nhận"), ({"subject": "doi"}, "tập thể hoặc cá nhân")],
)
def test_bad_entries_are_explained(changes, words) -> None:
    problems = check_model(model(**changes), PLACES, today=date(2026, 11, 21))
    assert any(words.lower() in p.lower() for p in problems), problems


@pytest.fixture()
def engine(tmp_path):
    eng = get_engine(fresh_url(tmp_path, "r"))
    build_database(eng, MINI)
    return eng


def test_add_edit_search_and_count(engine) -> None:
    first = add_model(engine, model(), PLACES, "bien.tap")
    add_model(engine, model(name="Gương sáng dân vận", locality_id="huong-tra-2021", subject="ca_nhan",
                            field="van_hoa_xa_hoi", status="dang_ky", year_recognised=None), PLACES, "bien.tap")
    with pytest.raises(RegistryError):
        add_model(engine, model(name=""), PLACES, "bien.tap")
    update_model(engine, first, model(status="dien_hinh"), PLACES, "quan.tri")
    found = queries.dvk_models(engine, text="cai cach")
    assert list(found["id"]) == [first]
    row = found.iloc[0]
    assert row["status"] == "dien_hinh" and row["updated_by"] == "quan.tri" and row["created_by"] == "bien.tap"
    assert len(queries.dvk_models(engine, Filters(2009, 2025, ("huong-tra",)))) == 1
    counts = registry_counts(queries.dvk_models(engine))
    assert set(zip(counts["locality_name"], counts["field_name"], counts["n"])) == {
        ("Trà Vinh", "Kinh tế", 1), ("Hương Trà", "Văn hóa - xã hội", 1)}
    status = registry_status_table(queries.dvk_models(engine))
    assert set(status.columns) >= {"Địa phương", "Tập thể / cá nhân", "Điển hình", "Đăng ký"}
    with engine.connect() as conn:
        actions = [(a.user, a.action) for a in conn.execute(AuditEntry.__table__.select())]
    assert ("bien.tap", "thêm mô hình") in actions and ("quan.tri", "sửa mô hình") in actions
